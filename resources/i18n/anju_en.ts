<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/login.py" line="83"/>
        <source>首次使用 — 创建站长账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="86"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="89"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="90"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="91"/>
        <source>再次输入密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="96"/>
        <source>用户名：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="97"/>
        <source>姓名：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="98"/>
        <source>密码（至少 %1 位）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="99"/>
        <source>再次输入密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="101"/>
        <source>创建并登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="110"/>
        <source>这是新的数据库“%1”。请创建第一个站长账号，之后可在“设置”中添加采集员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="122"/>
        <source>两次输入的密码不一致。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <location filename="../../desktop/households_page.py" line="37"/>
        <source>姓名 / 拼音首字母（如 zs）/ 证件号码 / 电话 / 门牌（如 3-2-301）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="38"/>
        <source>查找住户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="42"/>
        <source>安置点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="45"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="46"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="54"/>
        <source>住户列表</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="86"/>
        <source>共 %n 户</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="94"/>
        <source>全部安置点</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/login.py" line="37"/>
        <source>已锁定 — 安居</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="37"/>
        <source>登录 — 安居</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="40"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="42"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="47"/>
        <source>长时间未操作，已锁定。请输入密码继续。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="49"/>
        <source>用户名：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="50"/>
        <source>密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="52"/>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="52"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="58"/>
        <source>数据库：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="67"/>
        <source>用户名或密码不正确，请重试。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="62"/>
        <source>功能导航</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="77"/>
        <source>工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="79"/>
        <source>住户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="81"/>
        <source>待跟进</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="88"/>
        <source>就绪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="90"/>
        <source>查找住户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="91"/>
        <source>锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="174"/>
        <source>今日自动备份已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="179"/>
        <source>自动备份失败：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

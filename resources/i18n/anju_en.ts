<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountLogView</name>
    <message>
        <location filename="../../desktop/account_log_view.py" line="40"/>
        <location filename="../../desktop/account_log_view.py" line="47"/>
        <source>账户记录</source>
        <translation>Account log</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="42"/>
        <source>包括每次登录和解锁(&amp;I)</source>
        <translation>&amp;Include each log-in and unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="49"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="49"/>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="49"/>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="49"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="85"/>
        <source>还没有记录。</source>
        <translation>Nothing recorded yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="88"/>
        <source>只列出最近 %1 条（共 %2 条）。全部记录：命令行 anju account-log --db 数据库文件。</source>
        <translation>The latest %1 of %2 entries. All of them: anju account-log --db DATABASE on the command line.</translation>
    </message>
    <message>
        <location filename="../../desktop/account_log_view.py" line="93"/>
        <source>共 %1 条，最新的在最上面。</source>
        <translation>%1 entries, the newest at the top.</translation>
    </message>
</context>
<context>
    <name>BackupPassphraseDialog</name>
    <message>
        <location filename="../../desktop/settings_page.py" line="1"/>
        <source>至少%1个字符</source>
        <translation>At least %1 characters</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="136"/>
        <source>太短</source>
        <translation>too short</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="137"/>
        <source>弱</source>
        <translation>weak</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="138"/>
        <source>中</source>
        <translation>fair</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="139"/>
        <source>强</source>
        <translation>strong</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="144"/>
        <source>设定备份口令</source>
        <translation>Backup passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="148"/>
        <source>备份会加密：U盘丢失，捡到的人也看不到身份证号和健康信息。恢复时要输入这个口令。口令不保存在任何地方，请牢记。</source>
        <translation>The backup is encrypted: whoever finds a lost USB stick sees no ID numbers or health records. Restoring it asks for this passphrase. It is kept nowhere: remember it.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="154"/>
        <source>忘记口令时，可请县里用县级密钥打开这份备份。</source>
        <translation>If the passphrase is forgotten, the county can open this backup with the county&apos;s key.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="156"/>
        <source>本数据库还没有登记到县里：忘记口令，这份备份就无法恢复。请把口令写下来，另外妥善保管。</source>
        <translation>This database is not enrolled with the county yet: if the passphrase is forgotten, this backup cannot be restored. Write the passphrase down and keep it somewhere safe, apart from the stick.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="173"/>
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="174"/>
        <source>强度：</source>
        <translation>Strength:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="175"/>
        <source>再次输入：</source>
        <translation>Again:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="178"/>
        <source>加密备份(&amp;B)</source>
        <translation>&amp;Back up encrypted</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="179"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../desktop/password_dialog.py" line="1"/>
        <source>至少%1个字符</source>
        <translation>At least %1 characters</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="46"/>
        <source>太短</source>
        <translation>too short</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="47"/>
        <source>弱</source>
        <translation>weak</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="48"/>
        <source>中</source>
        <translation>fair</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="49"/>
        <source>强</source>
        <translation>strong</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="57"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="61"/>
        <source>“%1”（%2）的密码是别人设的（站长添加账号或重设密码时），设的人知道它。请换成只有你知道的密码：你保存的修改记在你的名下。</source>
        <translation>The password of “%1” (%2) was set by someone else (when the station admin added the account or reset its password), who knows it. Choose one only you know: what you save is recorded under your name.</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="65"/>
        <source>为“%1”（%2）设定自己的密码：只有你知道它，你保存的修改才真正只记在你的名下。</source>
        <translation>Choose your own password for “%1” (%2): only when you alone know it is what you save recorded under your name alone.</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="79"/>
        <source>当前密码：</source>
        <translation>Current password:</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="80"/>
        <source>新密码（至少 %1 位）：</source>
        <translation>New password (at least %1 characters):</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="81"/>
        <source>强度：</source>
        <translation>Strength:</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="82"/>
        <source>再次输入新密码：</source>
        <translation>New password again:</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="87"/>
        <source>修改密码(&amp;M)</source>
        <translation>Change &amp;password</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="89"/>
        <source>以后再说(&amp;N)</source>
        <translation>&amp;Not now</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="89"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="155"/>
        <source>密码已修改</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="156"/>
        <source>下次登录、解锁和换人登录时，请用新密码。</source>
        <translation>Use the new password to log in, unlock and switch user from now on.</translation>
    </message>
    <message>
        <location filename="../../desktop/password_dialog.py" line="161"/>
        <source>确定(&amp;O)</source>
        <translation>&amp;OK</translation>
    </message>
</context>
<context>
    <name>ChoiceInput</name>
    <message>
        <location filename="../../desktop/editor/widgets.py" line="382"/>
        <source>输入文字或拼音首字母查找</source>
        <translation>Type text or pinyin initials to search</translation>
    </message>
</context>
<context>
    <name>ClockBanner</name>
    <message>
        <location filename="../../desktop/clock_banner.py" line="40"/>
        <location filename="../../desktop/clock_banner.py" line="79"/>
        <source>日期没错(&amp;D)</source>
        <translation>The &amp;date is right</translation>
    </message>
    <message>
        <location filename="../../desktop/clock_banner.py" line="42"/>
        <source>核对过日期（例如看了手机），电脑的日期确实是今天时再点。</source>
        <translation>Press only when you have checked the date (on a phone, say) and the computer&apos;s date really is today.</translation>
    </message>
    <message>
        <location filename="../../desktop/clock_banner.py" line="67"/>
        <source>%1然后重新打开安居。</source>
        <translation>%1Then open Anju again.</translation>
    </message>
    <message>
        <location filename="../../desktop/clock_banner.py" line="76"/>
        <source>电脑的日期是 %1。只有核对过（例如看了手机上的日期）、确实是今天时才点“日期没错”：此前记录的修改时间是电脑时间偏快时记下的，以后不再据此怀疑日期。</source>
        <translation>The computer&apos;s date is %1. Press “The date is right” only when you have checked it (on a phone, say) and it really is today: the times of the changes recorded so far came from a clock that was ahead, and will no longer count against the date.</translation>
    </message>
    <message>
        <location filename="../../desktop/clock_banner.py" line="80"/>
        <source>电脑的日期是今天吗？</source>
        <translation>Is the computer&apos;s date today?</translation>
    </message>
    <message>
        <location filename="../../desktop/clock_banner.py" line="79"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="246"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="102"/>
        <source>住户</source>
        <extracomment>How many conflicts settled last the page lists under the open ones (最近了结). The English labels of choice-list values (`sync.county_words.value_labels`), for the English interface. The conflicts settled last (by a clerk, or by a later change: `sync.conflicts_overtaken`), latest first. The (table, field)s answered 是/否 (their choices are (&quot;是&quot;, &quot;否&quot;), with no English labels of their own).</extracomment>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="103"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="104"/>
        <source>冲突字段</source>
        <translation>Fields in conflict</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="105"/>
        <source>工作站</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="106"/>
        <source>送来时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="118"/>
        <source>待处理的冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="130"/>
        <source>说明(&amp;N)（会随回执发给工作站）：</source>
        <translation>&amp;Note (sent to the stations with the return file):</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="136"/>
        <source>按所选处理(&amp;R)</source>
        <translation>&amp;Resolve as chosen</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="139"/>
        <source>打开住户(&amp;O)</source>
        <translation>&amp;Open household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="133"/>
        <source>处理说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="134"/>
        <source>处理依据，例如：电话核实，以娜姑镇为准</source>
        <translation>Why, e.g. checked by phone; the Nagu value is right</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="164"/>
        <source>%1 处冲突待处理，涉及 %2 条记录。选中一条，逐个字段选择采用哪个值，写明说明后处理。</source>
        <translation>%1 open conflicts in %2 records. Select one, choose the value to keep for each field, add a note and resolve.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="168"/>
        <source>没有待处理的冲突。</source>
        <translation>No open conflicts.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="178"/>
        <source>采用了工作站的值</source>
        <translation>took the station&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="179"/>
        <source>采用了县里的值</source>
        <translation>kept the county&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="180"/>
        <source>改为填写的值</source>
        <translation>set a typed value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="182"/>
        <source>最近了结的冲突：</source>
        <translation>Conflicts settled last:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="184"/>
        <source>；说明：%1</source>
        <translation>; note: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="186"/>
        <source>%1 · %2 · %3：%4 于 %5 了结（%6%7）</source>
        <translation>%1 · %2 · %3: settled by %4 on %5 (%6%7)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="202"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="213"/>
        <source>保留（未删除）</source>
        <translation>Kept (not deleted)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="213"/>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="231"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="231"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="247"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="248"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="265"/>
        <source>%1 · %2 — 工作站“%3”于 %4 送来的修改与县里的值不同</source>
        <translation>%1 · %2 — the change station “%3” sent on %4 differs from the county&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="295"/>
        <source>县里现有的值（工作站“%1”的 %2 送来）</source>
        <translation>County value (sent by %2 at station “%1”)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="297"/>
        <source>县里现有的值（县里 %1 修改）</source>
        <translation>County value (changed at the county by %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="298"/>
        <source>县里现有的值（最后由 %1 修改）</source>
        <translation>County&apos;s current value (last changed by %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="298"/>
        <source>县里的值</source>
        <translation>County value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="273"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="275"/>
        <source>工作站“%1”的值</source>
        <translation>Value from station “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="276"/>
        <source>原值（双方修改前）</source>
        <translation>Before either change</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="277"/>
        <source>或填写新值</source>
        <translation>Or type a new value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="315"/>
        <source>（现用）</source>
        <translation> (in use)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="336"/>
        <source>采用县里的值</source>
        <translation>Take the county&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="337"/>
        <source>采用工作站的值</source>
        <translation>Take the station&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="338"/>
        <source>填写新值</source>
        <translation>Type a new value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="388"/>
        <source>请为“%1”选择采用哪个值。</source>
        <translation>Choose which value to keep for “%1”.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="411"/>
        <source>已处理 %1 处冲突。相关工作站会在下次回执中收到结果和说明。</source>
        <translation>%1 conflicts resolved. The stations concerned receive the result and the note in their next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="189"/>
        <source>工作站和县里（或两个工作站）把同一户的同一项改得不一样，就是冲突：在这里选定采用哪个值。冲突在导入工作站的批次时出现（「同步」页导入的，或工作站联网同步送来的），标签上显示件数，例如「冲突（2）」。</source>
        <translation>A conflict is one item of one household changed differently at a station and at the county (or at two stations): here you choose which value to keep. Conflicts appear as the stations&apos; batches are imported (on the Sync page, or sent by a station syncing over the network), and the tab shows how many, for example “Conflicts (2)”.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="193"/>
        <source>已导入的批次没有待处理的冲突。现在不用做什么。</source>
        <translation>The batches imported so far leave no conflict to settle. Nothing to do for now.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts_page.py" line="197"/>
        <source>还没有导入过工作站的批次。先在「工作站」页登记工作站，再在「同步」页导入它们送来的批次。</source>
        <translation>No station&apos;s batch has been imported yet. First enrol the stations on the Stations tab, then import the batches they send on the Sync page.</translation>
    </message>
</context>
<context>
    <name>CountyNews</name>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="28"/>
        <source>县里退回了本户（%1，%2）：%3</source>
        <translation>The county returned this household (%1, %2): %3</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="33"/>
        <source>请按意见改正后标记为“已完成”，随下次导出发给县里。</source>
        <translation>Put it right as asked, then mark it complete; it goes to the county with the next export.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="43"/>
        <source>采用了本站的值</source>
        <translation>took this station&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="44"/>
        <source>采用了另一个工作站的值</source>
        <translation>took another station&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="45"/>
        <source>采用了县里的值</source>
        <translation>kept the county&apos;s value</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="46"/>
        <source>改为县里填写的值</source>
        <translation>set a value the county typed</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="50"/>
        <source>保留（未删除）</source>
        <translation>Kept (not deleted)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="52"/>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="57"/>
        <source>县里处理了%1的冲突（%2，%3），%4：%5。</source>
        <translation>The county settled the conflict on %1 (%2, %3) and %4: %5.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="65"/>
        <source>说明：%1</source>
        <translation> Note: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="73"/>
        <source>本站删除的%1在县里被改过，冲突待县里处理：县里会决定删除还是保留，处理后这里会显示结果。</source>
        <translation>This station deleted %1, which was changed at the county: the conflict waits for the county, which decides whether it is deleted or kept; the decision will show here.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="77"/>
        <source>本站修改的%1已被县里删除，冲突待县里处理：县里会决定是否恢复，处理后这里会显示结果。</source>
        <translation>This station changed %1, which the county had deleted: the conflict waits for the county, which decides whether to bring it back; the decision will show here.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="82"/>
        <source>%1：本站改为 %2，县里也改过，冲突待县里处理；暂时显示县里的值 %3。本站的修改没有丢失，不必重新填写，县里处理后这里会显示结果。</source>
        <translation>%1: this station changed it to %2, the county changed it too, and the conflict waits for the county&apos;s decision; the county&apos;s value %3 is shown meanwhile. This station&apos;s change is not lost: do not type it again; the decision will show here.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="102"/>
        <source>户主为%1的一户</source>
        <translation>the household whose head is %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="104"/>
        <source>另一户</source>
        <translation>another household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="109"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="110"/>
        <source>“%1”：%2</source>
        <translation>“%1”: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="121"/>
        <source>别的工作站的安置点</source>
        <translation>a site of another station</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="122"/>
        <source>另一名成员</source>
        <translation>another member</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="134"/>
        <source>成员%1</source>
        <translation>member %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="142"/>
        <source>一条就业记录</source>
        <translation>a job record</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="160"/>
        <source>是否删除%1</source>
        <translation>whether to delete %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="167"/>
        <source>%1的%2</source>
        <translation>%1&apos;s %2</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="169"/>
        <source>%1中的%2</source>
        <translation>%2 of %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="98"/>
        <location filename="../../desktop/editor/county_news.py" line="131"/>
        <source>本户</source>
        <translation>this household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="136"/>
        <source>一名成员</source>
        <translation>a member</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="143"/>
        <source>一条走访记录</source>
        <translation>a visit</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="144"/>
        <source>一条帮扶措施</source>
        <translation>a support measure</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/county_news.py" line="161"/>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
</context>
<context>
    <name>CountyPage</name>
    <message>
        <location filename="../../desktop/county/__init__.py" line="45"/>
        <source>工作站</source>
        <translation>Stations</translation>
    </message>
    <message>
        <location filename="../../desktop/county/__init__.py" line="45"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../desktop/county/__init__.py" line="45"/>
        <source>重复人员</source>
        <translation>Duplicate persons</translation>
    </message>
    <message>
        <location filename="../../desktop/county/__init__.py" line="45"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../desktop/county/__init__.py" line="62"/>
        <source>县级页面汇总各工作站送来的数据：工作站、冲突、重复人员和审核。</source>
        <translation>The county screens bring together what the stations send: stations, conflicts, duplicate persons and review.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/__init__.py" line="104"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>CountyPages</name>
    <message>
        <location filename="../../desktop/county/list_page.py" line="57"/>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/list_page.py" line="124"/>
        <source>未能读取，原因见下。</source>
        <translation>Could not read it; the reason is below.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/list_page.py" line="156"/>
        <source>没有与“%1”相符的。请换个写法查找，或&lt;a href=&quot;clear&quot;&gt;清除查找&lt;/a&gt;（查找框右端的 ×），列出%2。</source>
        <translation>Nothing matches “%1”. Try another spelling, or &lt;a href=&quot;clear&quot;&gt;clear the search&lt;/a&gt; (the × at the right of the search box) to list %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/list_page.py" line="160"/>
        <source>全部</source>
        <translation>everything</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../desktop/dashboard.py" line="64"/>
        <source>户数：未作废的搬迁户（含暂时没有成员的户）。与汇总表的“户数”同一口径。</source>
        <translation>Households: relocated households not voided (including any with no members for now). Counted as the summary sheet&apos;s 户数.</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="67"/>
        <source>有劳动力户数：至少有一名劳动力的户。与汇总表的“有劳动力户数”同一口径。</source>
        <translation>Households with labour: households with at least one labour member. Counted as the summary sheet&apos;s 有劳动力户数.</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="70"/>
        <source>劳动力人数：统计日期在劳动年龄内（按本县设置）、不在校、劳动技能为普通/技能/弱劳动力或半劳动力的成员。与汇总表的“劳动力人数”同一口径。</source>
        <translation>Labour: members of labour age on the date (as the county sets it), not in school, whose labour skill is ordinary, skilled or weak/half labour. Counted as the summary sheet&apos;s 劳动力人数.</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="75"/>
        <source>已就业人数：统计日期有在岗就业（计入就业的就业形式）的全部成员，含超过劳动年龄的在岗人员，不含未满16周岁的。与汇总表的“已就业人数”同一口径。</source>
        <translation>Employed people: every member in work on the date (in a form that counts as employment), people past labour age included, children under 16 not. Counted as the summary sheet&apos;s 已就业人数.</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="80"/>
        <source>已就业劳动力：已就业人数中的劳动力，不含劳动年龄以外的在岗人员，所以可能比已就业人数少。就业率按它计算。汇总表的“已就业劳动力”列同一口径。</source>
        <translation>Employed labour: the labour members among the employed people, without those past labour age, so it can be lower than Employed people. The employment rate is computed from it. Counted as the summary sheet&apos;s 已就业劳动力 column.</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="85"/>
        <source>就业率 = 已就业劳动力 ÷ 劳动力人数。与汇总表的“就业率”同一口径。</source>
        <translation>Employment rate = employed labour ÷ labour. Counted as the summary sheet&apos;s 就业率.</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="88"/>
        <source>零就业户数：有劳动力、但没有人就业的户，即“待跟进”里“零就业家庭”名单的户数。与汇总表的“零就业户数”同一口径。</source>
        <translation>Zero-employment households: households with labour and nobody employed, the households on the Zero-employment households list of Follow-up. Counted as the summary sheet&apos;s 零就业户数.</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="98"/>
        <source>搬迁户数</source>
        <translation>Relocated households</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="99"/>
        <location filename="../../desktop/dashboard.py" line="110"/>
        <source>有劳动力户数</source>
        <translation>Households with labour</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="100"/>
        <location filename="../../desktop/dashboard.py" line="111"/>
        <source>劳动力人数</source>
        <translation>Labour members</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="101"/>
        <location filename="../../desktop/dashboard.py" line="113"/>
        <location filename="../../desktop/dashboard.py" line="237"/>
        <source>已就业劳动力</source>
        <translation>Employed labour</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="102"/>
        <location filename="../../desktop/dashboard.py" line="114"/>
        <source>就业率</source>
        <translation>Employment rate</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="103"/>
        <source>零就业家庭</source>
        <translation>Zero-employment households</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="108"/>
        <source>安置点</source>
        <translation>Resettlement site</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="109"/>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="112"/>
        <source>已就业人数</source>
        <translation>Employed people</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="115"/>
        <source>零就业户数</source>
        <translation>Zero-employment households</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="140"/>
        <source>各安置点劳动力就业情况</source>
        <extracomment>The day to count from when the computer&apos;s date cannot be today (the main window&apos;s clock check says).</extracomment>
        <translation>Labour and employment by resettlement site</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="154"/>
        <source>各安置点就业数字表</source>
        <translation>Employment figures by resettlement site (table)</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="185"/>
        <source>正在统计……</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="197"/>
        <source>截至 %1 的情况</source>
        <translation>As of %1</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="221"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../desktop/dashboard.py" line="236"/>
        <source>劳动力</source>
        <translation>Labour</translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <location filename="../../desktop/editor/widgets.py" line="292"/>
        <source>如 20240315</source>
        <translation>e.g. 20240315</translation>
    </message>
</context>
<context>
    <name>Destination</name>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="67"/>
        <source>例如 E:\（U盘）</source>
        <translation>e.g. E:\ (the USB stick)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="68"/>
        <source>浏览(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="70"/>
        <location filename="../../desktop/county/station_dialogs.py" line="86"/>
        <source>选择文件夹</source>
        <translation>Choose a folder</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="126"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="127"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="128"/>
        <source>住户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="129"/>
        <source>录入的工作站</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="141"/>
        <source>重复人员</source>
        <translation>Duplicate persons</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="151"/>
        <source>查找重复人员</source>
        <translation>Find duplicate persons</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="152"/>
        <source>查找：证件号码（可输入一部分）、姓名或安置点</source>
        <translation>Find: ID number (or part of it), name or site</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="187"/>
        <source>说明或原因</source>
        <translation>Note or reason</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="188"/>
        <source>合并时可写说明；都保留时必须写原因，例如：同名同号，待核实</source>
        <translation>A note is optional for a merge; keeping all needs a reason, e.g. same name and number, to be checked</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="184"/>
        <source>说明或原因(&amp;N)：</source>
        <translation>&amp;Note or reason:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="190"/>
        <source>合并(&amp;M)：只保留所选住户中的此人</source>
        <translation>&amp;Merge: keep this person only in the chosen household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="193"/>
        <source>都保留(&amp;K)</source>
        <translation>&amp;Keep all</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="201"/>
        <source>整户合并(&amp;H)…</source>
        <translation>Merge &amp;households…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="204"/>
        <source>两户是同一户登记了两次：保留所选住户，另一户的成员、就业、走访和帮扶措施并入它，另一户作废。</source>
        <translation>One family recorded twice: the household chosen stays, the other one&apos;s members, jobs, visits and measures join it, and the other is voided.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="224"/>
        <source>%1 个证件号码同时出现在多个在册住户中。请核实后合并，或写明原因都保留。</source>
        <translation>%1 ID numbers appear in more than one live household. Check, then merge, or keep all with a reason.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="293"/>
        <source>%3（证件号码 %1）出现在 %2 个住户中：选择此人真正所在的住户后合并，或都保留。</source>
        <translation>%3 (ID number %1) is in %2 households: choose the right one and merge, or keep all.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="324"/>
        <source>%1 的成员也都登记在另一户，可能是同一户登记了两次，但不能整户合并：没有证件号码的 %2 分不清谁是谁（姓名里有外系统显示不了的字，如 ? 或 □，出生日期也相同或未填）。请工作站在住户中把姓名改成完整的写法或补录证件号码，批次到了县里再整户合并。</source>
        <translation>Every member of %1 is also recorded in another household: possibly one family recorded twice, but it cannot be merged whole: the members without an ID number %2 cannot be told apart (a name with a character another system could not show, such as ? or □, and the same or no birth date). Have the station correct the names or add the ID numbers, then merge the households after its batch reaches the county.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="336"/>
        <source>整户重复：%1 与 %2，一户的成员全部也登记在另一户（证件号码相同），可能是同一户登记了两次。选择要保留的住户后可整户合并，另一户作废。</source>
        <translation>Whole household recorded twice: every member of one of %1 and %2 is also in the other (same ID numbers); it may be one family recorded twice. Choose the household to keep to merge them; the other is voided.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="346"/>
        <source>%1（户主：%2）</source>
        <translation>%1 (household head: %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="358"/>
        <source>县里</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="366"/>
        <source>录入：%1&#x3000;状态：%2</source>
        <translation>Recorded by: %1   Status: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="395"/>
        <source>%1（%2）%3</source>
        <translation>%1 (%2) %3</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="370"/>
        <source>关系未填</source>
        <translation>relation not filled in</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="377"/>
        <source>此人属于这一户</source>
        <translation>This person lives here</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="381"/>
        <source>打开住户</source>
        <translation>Open household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="422"/>
        <source>已合并 %1：保留所选住户中的此人，从其他 %2 个住户中删除。</source>
        <translation>Merged %1: kept in the chosen household, removed from %2 other households.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="427"/>
        <source>%1 已没有在册成员，已作废。</source>
        <translation> %1 has no member left and was voided.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="453"/>
        <source>两户中证件号码相同的 %1 人各合并为一人</source>
        <translation>The %1 people in both households (same ID number) are merged, one record each</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="457"/>
        <source>，另一户另有 %1 人转入保留的住户</source>
        <translation>; %1 more people of the other household move to the one kept</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="459"/>
        <source>保留：%1，%2录入</source>
        <translation>Keep: %1, recorded by %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="463"/>
        <source>作废：%1，%2录入</source>
        <translation>Void: %1, recorded by %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="468"/>
        <source>；就业、走访和帮扶措施都转到保留的住户。另一户作废（记录仍保留），原因会随回执发给工作站。</source>
        <translation>; jobs, visits and measures move to the household kept. The other is voided (its record is kept), and the reason reaches the stations with their return files.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="471"/>
        <source>整户合并</source>
        <translation>Merge households</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="470"/>
        <source>整户合并(&amp;H)</source>
        <translation>Merge &amp;households</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="228"/>
        <source>没有待处理的重复人员。</source>
        <translation>No duplicate persons to decide on.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="238"/>
        <source>这里列出同一个证件号码登记在两个或更多在册住户中的人，多半是两个工作站都登记了同一个人或同一户（作废的住户不算）。每次打开本页，县里都按已收到的全部批次（「同步」页导入的，或工作站联网同步送来的）重新查一遍；有待处理的，就列在这里，标签上也显示件数，例如「重复人员（3）」。

处理过的（合并，或写明原因都保留）不再列出。没有证件号码的人（如还没上户口的婴儿）不在这里单独列出，整户合并时按姓名和出生日期对上。

现在不用做什么：继续导入工作站的批次，之后再打开本页看看。</source>
        <translation>This page lists anyone whose ID number is recorded in two or more live households, most often because two stations both recorded the same person or the same family (void households do not count). Each time the page is opened, the county checks again against every batch received (imported on the Sync page, or sent by a station syncing over the network); anything to decide is listed here, and the tab shows how many, for example “Duplicate persons (3)”.

Once decided (merged, or all kept with a reason), a number is no longer listed. People without an ID number (such as a baby not yet registered) are not listed on their own: a whole-household merge matches them by name and birth date.

Nothing to do for now: keep importing the stations&apos; batches, and open this page again later.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="470"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="490"/>
        <source>已整户合并：保留 %1，%2 已作废（合并 %3 人</source>
        <translation>Households merged: %1 kept, %2 voided (%3 people merged</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="496"/>
        <source>，转入 %1 人</source>
        <translation>, %1 moved in</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="497"/>
        <source>）。结果会随下次回执到达工作站。</source>
        <translation>). The stations receive it with their next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates_page.py" line="513"/>
        <source>已保留 %1 的所有住户（原因：%2）。若又有住户出现同一号码，会再次列出。</source>
        <translation>Kept every household of %1 (reason: %2). It is listed again if another household gets the same number.</translation>
    </message>
</context>
<context>
    <name>EditSession</name>
    <message>
        <location filename="../../desktop/editor/session.py" line="44"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/session.py" line="44"/>
        <source>已审核</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/session.py" line="137"/>
        <source>找不到这一户（编号 %1），可能已被删除。请回到住户列表刷新后再试。</source>
        <extracomment>The last save of the household open failed (a full disk): what was typed is only in this window. The status an edit took the household from (back to 草稿, see `commit`), until it is restored or the household is closed: a new job&apos;s first answers leave its other required answers empty for a moment.</extracomment>
        <translation>Household %1 was not found; it may have been deleted. Go back to the household list, refresh it and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/session.py" line="153"/>
        <source>打开住户失败：</source>
        <translation>Could not open the household: </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/session.py" line="227"/>
        <source>这次修改带来了新的错误，本户已从“%1”改回“草稿”：%2 改正后会自动恢复为“%1”。</source>
        <translation>This change brought a new error, so the household went back from “%1” to “Draft”: %2 Once it is put right, it returns to “%1” by itself.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/session.py" line="235"/>
        <source>错误已改正，本户已恢复为“%1”。</source>
        <translation>The error is put right; the household is “%1” again.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/session.py" line="307"/>
        <source>保存失败，修改仍在本窗口中，下次保存时会重试：%1。若反复失败，请不要关闭程序，联系站长。</source>
        <translation>Saving failed: %1. The changes are still in this window and will be saved with the next save. If it keeps failing, do not close the program; call the station admin.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/session.py" line="362"/>
        <source>已接受：%1</source>
        <translation>Accepted: %1</translation>
    </message>
</context>
<context>
    <name>EditorTabs</name>
    <message>
        <location filename="../../desktop/editor/tabs.py" line="42"/>
        <source>Ctrl+Tab 下一页，Ctrl+Shift+Tab 上一页（户信息、家庭成员、就业记录、走访、帮扶措施）</source>
        <translation>Ctrl+Tab next part, Ctrl+Shift+Tab previous part (household, members, employment, visits, measures)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/tabs.py" line="48"/>
        <source>户信息</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/tabs.py" line="78"/>
        <source>家庭成员</source>
        <translation>Household members</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/tabs.py" line="78"/>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/tabs.py" line="78"/>
        <source>帮扶措施</source>
        <translation>Assistance measures</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/tabs.py" line="81"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="234"/>
        <source>登记工作站</source>
        <translation>Enrol a station</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="238"/>
        <source>工作站名称</source>
        <translation>Station name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="240"/>
        <source>例如 者海镇工作站</source>
        <translation>e.g. 者海镇工作站</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="241"/>
        <source>工作站名称(&amp;N)：</source>
        <translation>Station &amp;name:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="245"/>
        <source>服务的安置点</source>
        <translation>Sites it serves</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="248"/>
        <source>服务的安置点(&amp;S)（勾选一个或多个；空格键勾选）：</source>
        <translation>&amp;Sites it serves (check one or more; Space checks):</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="250"/>
        <source>新增安置点(&amp;A)…</source>
        <translation>&amp;Add site…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="252"/>
        <source>新增安置点</source>
        <translation>Add site</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="254"/>
        <source>登记包写到</source>
        <translation>Write the package to</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="255"/>
        <source>登记包写到(&amp;T)：</source>
        <translation>Write the package &amp;to:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="258"/>
        <source>选U盘等文件夹时，登记包以工作站名称命名；也可以写出以 %1 结尾的完整文件名。</source>
        <translation>In a folder such as the USB stick the package is named after the station; or type a full file name ending in %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="266"/>
        <source>登记(&amp;E)</source>
        <translation>&amp;Enrol</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="266"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="301"/>
        <source>（已由 %1 服务）</source>
        <translation> (served by %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="301"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="307"/>
        <source>本县还没有安置点。请先点“新增安置点…”添加工作站服务的安置点。</source>
        <translation>The county has no sites yet. First use “Add site…” to add the sites the station serves.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="344"/>
        <source>请填写工作站名称，例如“者海镇工作站”。</source>
        <translation>Type the station&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="348"/>
        <source>请在列表中勾选该工作站服务的安置点（至少一个）。</source>
        <translation>Check at least one site the station serves.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="354"/>
        <source>请选择登记包写到哪里，例如U盘。</source>
        <translation>Choose where to write the package, e.g. the USB stick.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="357"/>
        <source>正在写出登记包……</source>
        <translation>Writing the package…</translation>
    </message>
</context>
<context>
    <name>EnrolledDialog</name>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="371"/>
        <source>已登记工作站</source>
        <translation>Station enrolled</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="373"/>
        <source>已登记工作站“%1”。登记包已写到：</source>
        <translation>Station “%1” is enrolled. The package was written to:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="379"/>
        <source>一次性口令（只显示这一次）：</source>
        <translation>One-time passphrase (shown this once only):</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="383"/>
        <source>一次性口令</source>
        <translation>One-time passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="390"/>
        <source>复制(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="392"/>
        <source>复制口令</source>
        <translation>Copy the passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="401"/>
        <source>请把口令另行告诉站长（电话或当面），不要写在U盘上，也不要和U盘放在一起。</source>
        <translation>Tell the station admin the passphrase separately (by phone or in person); do not write it on the stick or keep it with the stick.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="403"/>
        <source>县里不保存口令：关闭本窗口后无法再查看。</source>
        <translation>The county does not keep it: once this window is closed it cannot be shown again.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="405"/>
        <source>登记包只能使用一次：站长在工作站的“同步”页导入它并输入口令，之后请把它从U盘上删除。</source>
        <translation>The package works once: the station admin imports it on the station&apos;s Sync page with the passphrase; then delete it from the stick.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="407"/>
        <source>口令或登记包丢失时，请停用该工作站（停用工作站…），再以原名重新登记。</source>
        <translation>If the passphrase or the package is lost, revoke the station (Revoke station…) and enrol it again under the same name.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="414"/>
        <source>已记下口令，关闭(&amp;K)</source>
        <translation>&amp;Done, passphrase noted</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="428"/>
        <source>已复制口令。</source>
        <translation>Passphrase copied.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="433"/>
        <source>口令关闭后无法再查看：请先记下口令，再点“已记下口令，关闭”。</source>
        <translation>Once closed, the passphrase cannot be seen again: note it down first, then press “Done, passphrase noted”.</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="42"/>
        <source>安居出错了</source>
        <translation>Anju ran into an error</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="57"/>
        <source>出错的详细情况记在日志文件里：
%1</source>
        <translation>The details of the error are in the log file:
%1</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="59"/>
        <source>日志文件写不进去（数据文件夹不能写入）。请点「复制详细信息」，粘贴给技术支持人员。</source>
        <translation>The log file could not be written (the data folder cannot be written to). Press “Copy details” and paste them to your support person.</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="69"/>
        <source>打开日志文件夹</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="73"/>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="76"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="101"/>
        <source>安居在启动时出错了。这是程序的问题，不是您操作的错；数据库里已经保存的内容不受影响。

安居没有打开的话，请再打开一次。还是打不开时，请把日志文件发给县里的技术支持人员。技术人员也可以在安居的安装文件夹里运行 anju-console（命令行版），出错的原因会显示在它的窗口里。</source>
        <translation>Anju ran into an error while starting. It is a fault in the program, not something you did; what is saved in the database is not affected.

If Anju did not open, open it again. If it still does not open, send the log file to the county&apos;s support person. Support can also run anju-console (the command-line version) in Anju&apos;s installation folder: it shows the cause of the error in its window.</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="107"/>
        <source>安居在关闭时出错了。这是程序的问题，不是您操作的错。

每次保存都立即写入数据库：显示过“已保存”的内容都在。下次打开时请看一眼最后处理的那一户。</source>
        <translation>Anju ran into an error while closing. It is a fault in the program, not something you did.

Every save is written to the database at once: whatever showed “Saved” is there. Next time you open Anju, take a look at the last household you worked on.</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="111"/>
        <source>安居出错了，刚才的操作可能没有完成。这是程序的问题，不是您操作的错。

每次保存都立即写入数据库：显示过“已保存”的内容都在，不会因为这个错误丢失。请看一眼刚才的操作，没有完成的再做一次。

程序可以继续使用。同一个错误反复出现时，请关闭安居再打开，并告诉县里的技术支持人员。</source>
        <translation>Anju ran into an error; what you just did may not have finished. It is a fault in the program, not something you did.

Every save is written to the database at once: whatever showed “Saved” is there and is not lost by this error. Check what you just did, and do again whatever did not finish.

You can keep working. If the same error keeps coming back, close Anju, open it again, and tell the county&apos;s support person.</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="121"/>
        <source>之后又出错 %1 次，详细情况也都记在日志里。</source>
        <translation>%1 more errors since; their details are in the log too.</translation>
    </message>
    <message>
        <location filename="../../desktop/crash_dialog.py" line="130"/>
        <source>已复制</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>ExcelPage</name>
    <message>
        <location filename="../../desktop/excel_page.py" line="326"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="141"/>
        <source>导入导出 Excel</source>
        <extracomment>The survey date of an import when the computer&apos;s date cannot be today (`set_working_day`).</extracomment>
        <translation>Excel import and export</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="168"/>
        <source>导入花名册</source>
        <translation>Import a roster</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="172"/>
        <source>防返贫系统导出的家庭成员表、安置点台账或务工监测表。按证件号码与库里的人对应：已有的更新，没有的新增。整个文件要么全部保存，要么一行也不改；没能导入的行写进问题清单（文件名.errors.xlsx），改好后把问题清单再导入一次即可。</source>
        <translation>A member export from the national monitoring system (防返贫), a site ledger (台账) or an employment monitoring sheet. People are matched by ID number: those already here are updated, the others added. The whole file is saved or nothing of it is; rows that cannot be imported go to a problem list (FILE.errors.xlsx): fix them there and import the problem list itself.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="185"/>
        <source>把 Excel 文件（.xlsx）拖到这里，或者</source>
        <translation>Drop an Excel file (.xlsx) here, or</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="200"/>
        <source>新户放入的安置点</source>
        <translation>Site for new households</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="201"/>
        <source>表里没有“安置点名称”列时，新户放进这里选的安置点。</source>
        <translation>When the sheet has no site column (安置点名称), new households go to the site chosen here.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="202"/>
        <location filename="../../desktop/excel_page.py" line="204"/>
        <source>只检查，不写入数据库</source>
        <translation>Check only, write nothing</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="205"/>
        <source>先看看会新增、更新多少，哪些行有问题；数据库不会改变。</source>
        <translation>See first how much would be added or updated and which rows have problems; the database does not change.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="207"/>
        <source>新户放入的安置点：</source>
        <translation>Site for new households:</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="218"/>
        <source>导出台账</source>
        <translation>Export a ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="222"/>
        <source>导出哪一种表</source>
        <translation>Ledger to export</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="229"/>
        <source>脱敏：证件号码、电话只显示首尾几位</source>
        <translation>Masked: ID numbers and phones show only their ends</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="231"/>
        <location filename="../../desktop/excel_page.py" line="549"/>
        <source>脱敏</source>
        <translation>masked</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="234"/>
        <source>打印出来带出门、或存到U盘拿去打印的表请勾选：证件号码只显示前4位和后4位，电话只显示前3位和后4位，不列出生日期、健康状况和残疾类别，工作人员填写的情况说明（如意愿工种、走访情况记录）写作“（已隐去）”。脱敏的表不能再导入。零就业、两后生名单默认勾选；花名册、补助名单默认写完整号码。</source>
        <translation>Tick it for a list printed to carry, or saved to a stick for the print shop: ID numbers show only their first 4 and last 4 characters, phones their first 3 and last 4 digits, and birth date, health and disability are left out; text staff typed about a person (the kind of work wanted, a visit&apos;s notes) reads “（已隐去）” (hidden). A masked sheet cannot be imported. Ticked by default for the zero-employment and 两后生 lists; the member sheet and subsidy lists have whole numbers by default.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="241"/>
        <source>导出哪个安置点</source>
        <translation>Site to export</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="245"/>
        <source>统计日期</source>
        <translation>Survey date</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="252"/>
        <source>安置点：</source>
        <translation>Site:</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="253"/>
        <source>统计日期：</source>
        <translation>Survey date:</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="270"/>
        <source>打开所在文件夹</source>
        <translation>Open its folder</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="267"/>
        <source>打开导出的文件</source>
        <translation>Open the exported file</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="323"/>
        <source>按表中的安置点列</source>
        <translation>As the sheet&apos;s site column says</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="325"/>
        <location filename="../../desktop/excel_page.py" line="547"/>
        <source>全部安置点</source>
        <translation>All resettlement sites</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="388"/>
        <source>选择要导入的 Excel 文件</source>
        <translation>Choose the Excel file to import</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="409"/>
        <source>正在处理上一个文件，请等它完成后再拖入。</source>
        <translation>Still working on the last file; drop the next one when it is done.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="72"/>
        <source>一次只能导入一个 Excel 文件。请把文件一个一个地拖进来。</source>
        <translation>Only one Excel file can be imported at a time. Drop the files one by one.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="421"/>
        <source>正在读取“%1”……</source>
        <translation>Reading “%1”…</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="423"/>
        <source>正在导入“%1”：%2/%3 行</source>
        <translation>Importing “%1”: row %2 of %3</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="424"/>
        <source>正在保存，并写出问题清单……</source>
        <translation>Saving, and writing the problem list…</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="492"/>
        <source>检查完成，没有写入数据库：“%1”。去掉“只检查”后再导入一次即可保存。</source>
        <translation>Checked “%1”; nothing was written to the database. Untick “Check only” and import again to save it.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="494"/>
        <source>导入完成：“%1”，已保存。</source>
        <translation>Imported “%1”; saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="497"/>
        <source>取消时导入已在保存，来不及取消：数据已保存。</source>
        <translation>The import was already saving when you cancelled, too late to stop: the data is saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="516"/>
        <source>已取消导入：数据库没有任何改动，也没有写出问题清单。</source>
        <translation>Import cancelled: nothing in the database changed, and no problem list was written.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="76"/>
        <source>“%1”里有新户，但表里没有“安置点名称”列，不知道放到哪个安置点。未导入任何数据。请在“新户放入的安置点”里选择安置点，再导入一次。</source>
        <translation>“%1” has new households but no site column (安置点名称), so their site is unknown. Nothing was imported. Choose the “Site for new households” and import again.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="85"/>
        <source>数据库写入出错，未导入任何数据，已保存的数据没有丢失（%1）。请确认磁盘有空间、数据库文件没有被其他程序占用，然后再导入一次；仍然出错请把这条信息告诉技术支持。</source>
        <translation>The database could not be written; nothing was imported and nothing saved was lost (%1). Check that the disk has space and no other program holds the database file, then import again; if it happens again, tell technical support.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="189"/>
        <source>选择文件并导入(&amp;I)…</source>
        <translation>Choose a file and &amp;import…</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="248"/>
        <source>导出(&amp;E)…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="285"/>
        <source>安居不会写出的值</source>
        <translation>Values Anju never writes</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="391"/>
        <source>表格文件 (*.xlsx *.xlsm *.xls *.et *.ods);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.xls *.et *.ods);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="422"/>
        <source>正在检查“%1”：%2/%3 行</source>
        <translation>Checking “%1”: row %2 of %3</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="425"/>
        <source>正在保存“%1”：%2/%3 条记录</source>
        <translation>Saving “%1”: %2/%3 records</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="499"/>
        <source>导入的问题清单已删除（它含有证件号码）：还要改的行都写进了新的问题清单。</source>
        <translation>The problem list imported was deleted (it held ID numbers): the rows still to fix are in the new problem list.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="501"/>
        <source>问题清单里的行已全部导入，问题清单已删除：它含有证件号码，已不再需要。</source>
        <translation>Every row of the problem list is in, so the list was deleted: it held ID numbers and is needed no more.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="505"/>
        <source>问题清单含姓名和完整的证件号码：改好后再导入一次，全部导入后会自动删除；不要另存，也不要留在U盘上。</source>
        <translation>The problem list holds names and full ID numbers: fix it and import it again (it is deleted once all of it is in); do not copy it or leave it on a USB stick.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="562"/>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="564"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="588"/>
        <source>正在整理“%1”……</source>
        <translation>Preparing “%1”…</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="589"/>
        <source>正在写出“%1”：已写 %2 行</source>
        <translation>Writing “%1”: %2 rows written</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="590"/>
        <source>正在写出“%1”：已写出 %2 / %3 行</source>
        <translation>Writing “%1”: %2 of %3 rows written</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="592"/>
        <source>正在写出“%1”：已写出 %2 / %3 户</source>
        <translation>Writing “%1”: %2 of %3 households written</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="645"/>
        <source>已导出“%1”：%2 户，写入 %3</source>
        <translation>Exported “%1”: %2 households, written to %3</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="647"/>
        <source>已导出“%1”：%2 行，写入 %3</source>
        <translation>Exported “%1”: %2 rows, written to %3</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="675"/>
        <source>注意：数据库里有 %1 个安居不会写出的值（数据库文件可能在安居之外被改过），已按原样写入表格，读不出的日期在算年龄、劳动力时按未填处理。请技术人员运行 anju-console audit --db 数据库文件，查看下列记录在安居之外被改成了什么、原来是什么，再从备份恢复或请县里处理，改正后重新导出。</source>
        <translation>Note: the database holds %1 values Anju never writes (the file was probably edited outside Anju). They are written to the sheet as stored; a date that cannot be read counts as not filled in for ages and labour. Ask a technician to run anju-console audit --db DATABASE to see what the records below were changed to outside Anju and what they were, then restore a backup or ask the county, and export again once they are corrected.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="684"/>
        <source>注意：有 %1 名成员所属的户在数据库里不存在（数据库文件可能损坏，或在安居之外被改过），这些成员没有写入本表，也没有计入任何人数，表是不全的。请技术人员运行 anju-console audit --db 数据库文件，查看这些户是何时在安居之外被删除的，再用之前的备份恢复（「设置」页的「从备份恢复…」）或请县里处理，恢复后重新导出。</source>
        <translation>Note: %1 members belong to a household that is not in the database (the file is damaged or was edited outside Anju). They are not on this sheet and in no count: the sheet is incomplete. Ask a technician to run anju-console audit --db DATABASE to see when those households were deleted outside Anju, then restore a backup taken before (Settings, Restore from backup…) or ask the county, and export again once restored.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="694"/>
        <source>注意：有 %1 个单元格的内容超出 Excel 每格 32767 字的上限，已截断，末尾注明“已截断，完整内容见系统”。完整内容请在住户编辑里查看；需要时把它缩短或分开记录，再重新导出。</source>
        <translation>Note: %1 cells held more than Excel&apos;s limit of 32,767 characters a cell; they were cut, ending with a note saying so. The whole text is in the household editor; shorten it or split it there if needed, and export again.</translation>
    </message>
    <message>
        <location filename="../../desktop/excel_page.py" line="703"/>
        <source>已取消导出：没有写出文件（同名的旧文件保持原样）。</source>
        <translation>Export cancelled: no file was written (an older file of that name is left as it was).</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="81"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="39"/>
        <source>导出到U盘</source>
        <translation>Export to USB stick</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="41"/>
        <source>选择要写入批次文件的U盘：</source>
        <translation>Choose the USB stick to write the batch file to:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="44"/>
        <source>U盘列表</source>
        <translation>USB sticks</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="51"/>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="55"/>
        <source>导出(&amp;E)</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="57"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="74"/>
        <source>正在查找U盘……</source>
        <translation>Looking for USB sticks…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="84"/>
        <source>其他位置…</source>
        <translation>Other location…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="87"/>
        <source>找到 %1 个U盘。</source>
        <translation>Found %1 USB sticks.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="89"/>
        <source>没有找到U盘。请插好U盘后点“刷新”，或选择“其他位置…”。</source>
        <translation>No USB stick found. Plug one in and click “Refresh”, or choose “Other location…”.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="99"/>
        <source>选择导出到的文件夹</source>
        <translation>Choose the folder to export to</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="40"/>
        <location filename="../../desktop/editor/findings_panel.py" line="41"/>
        <source>检查结果</source>
        <translation>Check results</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="48"/>
        <source>检查结果列表</source>
        <translation>List of check results</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="61"/>
        <source>接受（填写原因）(&amp;A)…</source>
        <translation>&amp;Accept with a reason…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="63"/>
        <source>提示类问题核实无误时，可填写原因后接受；错误必须改正。</source>
        <translation>A warning that has been checked and is right may be accepted with a reason; errors must be corrected.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="90"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="92"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="94"/>
        <source>提示</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="96"/>
        <source>【%1】%2</source>
        <translation>[%1] %2</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="109"/>
        <source>本户已迁出到“%1”，由服务该安置点的工作站检查和跟进，本站不再检查。</source>
        <translation>This household moved to “%1”: the station serving that site checks it and follows it up; it is no longer checked here.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="112"/>
        <source>本户已作废，不再检查。</source>
        <translation>This household is void and no longer checked.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="114"/>
        <source>%1 个错误、%2 个提示。还不能标记为“已完成”：请先改正错误。</source>
        <translation>Errors: %1, warnings: %2. It cannot be marked “Completed” yet: correct the errors first.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="117"/>
        <source>没有错误，%1 个提示请核实。可以标记为“已完成”（Ctrl+Enter）。</source>
        <translation>No errors; warnings to check: %1. It can be marked “Completed” (Ctrl+Enter).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/findings_panel.py" line="120"/>
        <source>没有发现问题，可以标记为“已完成”（Ctrl+Enter）。</source>
        <translation>No problems found. It can be marked “Completed” (Ctrl+Enter).</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/login.py" line="302"/>
        <source>首次使用 — 创建站长账号</source>
        <translation>First use — create the station admin account</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="302"/>
        <source>首次使用 — 创建县级管理员账号</source>
        <extracomment>what `exec` returns when the user chose to restore a backup rather than start a new database</extracomment>
        <translation>First use — create the county clerk account</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="305"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="308"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="309"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="310"/>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="315"/>
        <source>用户名：</source>
        <translation>User name:</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="316"/>
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="317"/>
        <source>密码（至少 %1 位）：</source>
        <translation>Password (at least %1 characters):</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="318"/>
        <source>再次输入密码：</source>
        <translation>Repeat password:</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="320"/>
        <source>创建并登录(&amp;L)</source>
        <translation>Create and &amp;log in</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="321"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="325"/>
        <source>从备份恢复(&amp;R)…</source>
        <translation>&amp;Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="333"/>
        <source>这是县级数据库“%1”。请创建第一个县级管理员账号，之后可在“设置”中添加其他账号。</source>
        <translation>“%1” is the county database. Create the first county clerk account; other accounts can be added later under “Settings”.</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="336"/>
        <source>这是新的数据库“%1”。请创建第一个站长账号，之后可在“设置”中添加采集员。换了新电脑、要接着用本站原来的数据时，请点“从备份恢复…”，选U盘上的备份。</source>
        <translation>This is a new database, “%1”. Create the first station admin account; surveyors can be added later in Settings. On a new computer, to go on with the station&apos;s data, press “Restore from backup…” and pick the backup on the USB stick.</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="347"/>
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords are not the same.</translation>
    </message>
</context>
<context>
    <name>FirstStep</name>
    <message>
        <location filename="../../desktop/first_step.py" line="20"/>
        <source>住户由各工作站登记，随批次送到县里（在「同步」页导入，或工作站联网同步时送来），之后在这里就能看到；各工作站的情况见「县级」→「工作站」。</source>
        <translation>Households are recorded by the stations and reach the county in their batches (imported on Sync, or sent when a station syncs online); then they show here. See County → Stations for each station.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="21"/>
        <source>第一步：在「导入导出」页点“选择文件并导入…”导入花名册，或在「住户」页点“新增住户”逐户登记。</source>
        <translation>First step: import the roster (Excel → Import a roster → Choose a file and import…), or record households one by one with New household on Households.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="22"/>
        <source>第一步：请站长在「导入导出」页导入花名册；也可以在「住户」页点“新增住户”逐户登记。</source>
        <translation>First step: ask the station admin to import the roster on Excel; you can also record households one by one with New household on Households.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="23"/>
        <source>还没有住户。</source>
        <translation>No households yet. </translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="24"/>
        <source>没有在册住户：%1 户都已作废，作废的住户要在状态里选“作废”才列出。</source>
        <translation>No households in use: all the database holds are voided (%1); choose Void under status to list them. </translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="25"/>
        <source>本站的安置点没有住户：%1 户在其他工作站的安置点，查找姓名或选安置点可列出。</source>
        <translation>No households at this station&apos;s sites: the database&apos;s households in use (%1) are at other stations&apos; sites; search for a name or choose a site to list them.</translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="26"/>
        <source>没有在册住户（%1 户都已作废，作废的住户不进清单），所以各清单都是空的。</source>
        <translation>No households in use (the %1 recorded are all voided, and voided households are on no list), so every list is empty. </translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="27"/>
        <source>还没有住户，所以各清单都是空的。</source>
        <translation>There are no households yet, so every list is empty. </translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="28"/>
        <source>没有在册住户（%1 户都已作废，不计入），所以数字都是 0。</source>
        <translation>No households in use (the %1 recorded are all voided, and not counted), so every figure is 0. </translation>
    </message>
    <message>
        <location filename="../../desktop/first_step.py" line="29"/>
        <source>还没有住户，所以数字都是 0。</source>
        <translation>There are no households yet, so every figure is 0. </translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../desktop/help_window.py" line="240"/>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../../desktop/help_window.py" line="241"/>
        <source>使用说明（F1）：翻到这一页的说明</source>
        <translation>User guide (F1): opens at this screen&apos;s section</translation>
    </message>
    <message>
        <location filename="../../desktop/help_window.py" line="252"/>
        <source>帮助(&amp;B)</source>
        <translation>&amp;Help</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../desktop/help_window.py" line="70"/>
        <source>安居 使用说明</source>
        <translation>Anju user guide</translation>
    </message>
    <message>
        <location filename="../../desktop/help_window.py" line="72"/>
        <source>本说明只有中文。</source>
        <translation>This guide is in Chinese only. It names buttons and screens as the Chinese interface shows them (Settings → Language → 中文).</translation>
    </message>
    <message>
        <location filename="../../desktop/help_window.py" line="77"/>
        <source>查找说明中的文字，回车找下一处</source>
        <translation>Find in the guide; Enter finds the next</translation>
    </message>
    <message>
        <location filename="../../desktop/help_window.py" line="78"/>
        <source>查找说明</source>
        <translation>Find in the guide</translation>
    </message>
    <message>
        <location filename="../../desktop/help_window.py" line="82"/>
        <source>查找(&amp;F)：</source>
        <translation>&amp;Find:</translation>
    </message>
    <message>
        <location filename="../../desktop/help_window.py" line="160"/>
        <source>没有找到</source>
        <translation>Not found</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="57"/>
        <location filename="../../desktop/editor/history_view.py" line="64"/>
        <location filename="../../desktop/editor/history_view.py" line="119"/>
        <source>修改记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="59"/>
        <source>正在读取修改记录…</source>
        <translation>Reading the history…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="66"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="66"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="66"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="66"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="66"/>
        <source>修改内容</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="77"/>
        <source>更早的记录(&amp;M)</source>
        <translation>&amp;More (older)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="84"/>
        <source>关闭(&amp;C)</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="115"/>
        <source>找不到这一户，可能已被删除。</source>
        <translation>This household cannot be found; it may have been deleted.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="118"/>
        <source>%1 的修改记录，最新的在最上面。</source>
        <translation>History of %1, newest first.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="131"/>
        <source>还没有修改记录（新建的一户保存后才有）。</source>
        <translation>No history yet (a new household has one once it is saved).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="133"/>
        <source>共 %1 条，已列出 %2 条。</source>
        <translation>%1 entries, %2 listed.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="141"/>
        <source>读取修改记录失败：</source>
        <translation>Reading the history failed: </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="166"/>
        <source>修改记录(&amp;H)</source>
        <translation>&amp;History</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/history_view.py" line="167"/>
        <source>这一户的修改记录：谁在何时改了什么（%1）</source>
        <translation>This household&apos;s history: who changed what, and when (%1)</translation>
    </message>
</context>
<context>
    <name>HouseholdEditor</name>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="108"/>
        <source>住户编辑</source>
        <translation>Household editor</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="188"/>
        <source>请在住户列表中选择一户。</source>
        <translation>Choose a household in the household list.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="209"/>
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="210"/>
        <source>分户(&amp;F)…</source>
        <translation>Spli&amp;t household…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="211"/>
        <source>下一个问题</source>
        <translation>Next problem</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="212"/>
        <source>下一户</source>
        <translation>Next household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="213"/>
        <source>返回列表</source>
        <translation>Back to list</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="214"/>
        <source>撤销删除</source>
        <translation>Undo delete</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="216"/>
        <source>下一页</source>
        <translation>Next part</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="219"/>
        <source>上一页</source>
        <translation>Previous part</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="268"/>
        <source>正在打开……</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="206"/>
        <source>保存草稿(&amp;S)</source>
        <translation>&amp;Save draft</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="207"/>
        <source>标记已完成(&amp;C)</source>
        <translation>Mark &amp;completed</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="208"/>
        <source>新增成员(&amp;N)</source>
        <translation>&amp;New member</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="891"/>
        <source>本户已迁出到别的工作站服务的安置点，在本站只能查看。</source>
        <translation>This household moved to a site another station serves: here it can only be viewed.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_editor.py" line="893"/>
        <source>本户已作废，只能查看。</source>
        <translation>This household is voided: it can only be viewed.</translation>
    </message>
</context>
<context>
    <name>HouseholdHeading</name>
    <message>
        <location filename="../../desktop/editor/heading.py" line="22"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="23"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="24"/>
        <source>已审核</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="25"/>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="26"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="44"/>
        <source>（未填门牌）</source>
        <translation>(no building/unit/room)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="48"/>
        <source>户主 %1</source>
        <translation>Household head %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/heading.py" line="56"/>
        <source>户主有 %n 人：%1</source>
        <translation>
            <numerusform>%n household head: %1</numerusform>
            <numerusform>%n household heads: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="87"/>
        <source>本户已迁出到“%1”（不是本站服务的安置点），由服务该安置点的工作站跟进，不再计入本站的统计和待跟进名单，在本站只能查看。如需修改，请联系该工作站或县里。</source>
        <translation>This household has moved to “%1”, a site this station does not serve. The station serving that site follows it up; it is no longer in this station&apos;s figures or follow-up lists and can only be viewed here. To change it, contact that station or the county.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/heading.py" line="93"/>
        <source>本户已作废，不再计入统计，只能查看。作废原因：%1</source>
        <translation>This household is void: it is no longer counted and can only be viewed. Reason: %1</translation>
    </message>
</context>
<context>
    <name>HouseholdSheetDialog</name>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="101"/>
        <source>打印家庭基本情况表</source>
        <translation>Print household sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="186"/>
        <source>把这些住户写成家庭基本情况表（Excel），放在一个工作簿里，每户从新的一页开始（人多的户两页），在 Excel 或 WPS 里打印整张表：户信息、家庭成员、当前就业、帮扶措施、最近一次走访，下面是户主签字栏。</source>
        <translation>Writes these households&apos; sheets (Excel) into one workbook, each household from a new page (a large one takes two); print the whole sheet from Excel or WPS: the household, its members, current jobs, assistance measures, the last visit, and the head of household&apos;s signature below.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="192"/>
        <source>把这一户写成一页 A4 的家庭基本情况表（Excel），在 Excel 或 WPS 里打印：户信息、家庭成员、当前就业、帮扶措施、最近一次走访，下面是户主签字栏。</source>
        <translation>Writes this household as one A4 page, its household sheet (家庭基本情况表, an Excel file) to print from Excel or WPS: the household, its members, their jobs today, the open measures and the last visit, with a line for the head of household to sign.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="171"/>
        <source>本户已迁出到 %1：写出的家庭基本情况表是本站留存的记录，不作签字确认用，表上没有签字栏。要本户签字确认的表，请由该安置点的工作站打印。</source>
        <translation>This household has moved to %1: its sheet is this station&apos;s record, not for signing, and has no signature lines. A sheet for the household to sign is printed by the station serving that site.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="106"/>
        <source>打印哪些户</source>
        <translation>Which households</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="214"/>
        <source>户主签字确认件：完整的证件号码和电话(&amp;W)</source>
        <translation>Copy for the head to sign: &amp;whole ID numbers and phones</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="215"/>
        <source>户主签字确认件</source>
        <translation>Copy for the head to sign</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="217"/>
        <source>户主核对本户信息（包括证件号码）后签字，签好的表归入本户档案。号码完整，请不要遗留在外。</source>
        <translation>The head of household checks what is recorded, ID numbers included, and signs; the signed page goes into the household&apos;s file. The numbers are whole: do not leave it lying about.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="219"/>
        <source>入户携带件：脱敏，号码只显示首尾几位(&amp;M)</source>
        <translation>Copy to carry: &amp;masked, numbers show only their ends</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="220"/>
        <source>入户携带件（脱敏）</source>
        <translation>Copy to carry (masked)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="223"/>
        <source>只带去看、不签字的一份：证件号码和电话只显示首尾几位，不列出生日期和健康状况，措施进展和走访情况记录写作“（已隐去）”，表上注明不作签字确认用。</source>
        <translation>A copy to look at on a visit, not to sign: ID numbers and phones show only their ends, no birth dates or health, a measure&apos;s progress and a visit&apos;s notes read “（已隐去）” (hidden), and the page says it is not the copy to sign.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="207"/>
        <source>本站留存件：完整的证件号码和电话(&amp;W)</source>
        <translation>Station&apos;s record: &amp;whole ID numbers and phones</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="208"/>
        <source>本站留存件</source>
        <translation>Station&apos;s record</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="209"/>
        <source>归入本站的档案，不作签字确认用。号码完整，请不要遗留在外。</source>
        <translation>Goes into this station&apos;s files; not for signing. The numbers are whole: do not leave it lying about.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="210"/>
        <source>脱敏件：号码只显示首尾几位(&amp;M)</source>
        <translation>&amp;Masked copy: numbers show only their ends</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="211"/>
        <source>脱敏件</source>
        <translation>Masked copy</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="212"/>
        <source>证件号码和电话只显示首尾几位，不列出生日期和健康状况，措施进展和走访情况记录写作“（已隐去）”。</source>
        <translation>ID numbers and phones show only their ends; no birth dates or health; a measure&apos;s progress and a visit&apos;s notes read “（已隐去）” (hidden).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="127"/>
        <source>打开文件(&amp;O)</source>
        <translation>&amp;Open file</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="130"/>
        <source>写出并打开(&amp;E)…</source>
        <translation>Write and op&amp;en…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="136"/>
        <source>关闭(&amp;C)</source>
        <translation>&amp;Close</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/household_sheet.py" line="176"/>
        <source>这 %n 户都已迁出到 %1：写出的家庭基本情况表是本站留存的记录，不作签字确认用，表上没有签字栏。要它们签字确认的表，请由那里的工作站打印。</source>
        <translation>
            <numerusform>The %n household has moved to %1: its sheet is this station&apos;s record, not for signing, and has no signature block. For a sheet to sign, ask the station there to print it.</numerusform>
            <numerusform>These %n households have all moved to %1: their sheets are this station&apos;s record, not for signing, and have no signature block. For sheets to sign, ask the station there to print them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/household_sheet.py" line="198"/>
        <source>其中 %n 户已迁出到 %1：它们的表是本站留存的记录，不作签字确认用，没有签字栏。</source>
        <translation>
            <numerusform> %n of them has moved to %1: its sheet is this station&apos;s record, not for signing, with no signature block.</numerusform>
            <numerusform> %n of them have moved to %1: their sheets are this station&apos;s record, not for signing, with no signature block.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="236"/>
        <source>列表里没有住户，没有可打印的户表。请先改一改上面的查找条件。</source>
        <translation>The list shows no households, so there is no sheet to print. Change the search or filters above first.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="238"/>
        <source>还没有选中要打印的住户：请先在住户列表里选中（按住 Ctrl 或 Shift 可以选多户，Ctrl+A 选中列出的全部），或在这里选“列表中的全部住户”。</source>
        <translation>No household is selected to print: select them in the household list first (hold Ctrl or Shift to select several, Ctrl+A selects all listed), or choose “all households in the list” here.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="252"/>
        <source>脱敏</source>
        <translation>masked</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="259"/>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="259"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="277"/>
        <source>正在写出家庭基本情况表：已写出 %1 / %2 户</source>
        <translation>Writing the household sheets: %1 of %2 households written</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="303"/>
        <source>正在写出……</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="326"/>
        <source>已写出 %1 户的家庭基本情况表：%2</source>
        <translation>Wrote the sheets of %1 households: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="326"/>
        <source>已写出：%2</source>
        <translation>Written: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="338"/>
        <source>已取消：没有写出文件（同名的旧文件保持原样）。</source>
        <translation>Cancelled: no file was written (an older file of that name is unchanged).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="383"/>
        <source>打印户表(&amp;P)…</source>
        <translation>&amp;Print sheet…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/household_sheet.py" line="384"/>
        <source>这一户的家庭基本情况表：打印给户主核对签字，或带去入户（%1）</source>
        <translation>This household&apos;s sheet: print it for the head of household to check and sign, or to take on a visit (%1)</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <location filename="../../desktop/household_model.py" line="43"/>
        <source>户主</source>
        <translation>Household head</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="44"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="45"/>
        <source>安置点</source>
        <translation>Resettlement site</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="46"/>
        <source>楼栋单元门牌</source>
        <translation>Building/unit/room</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="47"/>
        <source>人数</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="48"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="49"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="50"/>
        <source>户编号</source>
        <translation>National household number</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="54"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="55"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="56"/>
        <source>已审核</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="57"/>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="58"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="127"/>
        <source>本户已迁出到“%1”，由服务该安置点的工作站跟进，不计入本站的统计和待跟进名单。打开后只能查看。</source>
        <translation>This household has moved to “%1”; the station serving that site follows it up, and it is not in this station&apos;s figures or follow-up lists. Opened, it can only be viewed.</translation>
    </message>
    <message>
        <location filename="../../desktop/household_model.py" line="129"/>
        <source>已迁出到 %1</source>
        <translation>Moved to %1</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <location filename="../../desktop/households_page.py" line="326"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="305"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="71"/>
        <source>姓名 / 拼音首字母（如 zs）/ 证件号码 / 电话 / 门牌（如 3-2-301）</source>
        <extracomment>新增住户: a household the survey finds that is not in the list yet (the site filtered to, or None)</extracomment>
        <translation>Name / pinyin initials (zs) / ID no. / phone / room (3-2-301)</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="72"/>
        <source>查找住户</source>
        <translation>Find household</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="77"/>
        <source>安置点</source>
        <translation>Resettlement site</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="80"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="81"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="94"/>
        <source>住户列表</source>
        <translation>Household list</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="121"/>
        <source>新增住户(&amp;N)</source>
        <translation>&amp;New household</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="123"/>
        <source>登记一户列表里还没有的住户（放在上面选的安置点）。快捷键 Ctrl+Shift+N。</source>
        <translation>Record a household the list does not have yet (at the site chosen above). Shortcut: Ctrl+Shift+N.</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="130"/>
        <source>打印户表(&amp;P)…</source>
        <translation>&amp;Print sheets…</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="139"/>
        <source>把选中住户的家庭基本情况表写进一个 Excel 工作簿，每户一页，打印给户主核对签字或带去入户（%1）。按住 Ctrl 或 Shift 点选可以选多户，Ctrl+A 选中列出的全部。</source>
        <translation>Write the selected households&apos; sheets into one Excel workbook, a page each, to print for the heads of household to check and sign, or to take on visits (%1). Hold Ctrl or Shift and click to select several; Ctrl+A selects all listed.</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="153"/>
        <source>查找(&amp;F)：</source>
        <translation>&amp;Find:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="179"/>
        <location filename="../../desktop/households_page.py" line="184"/>
        <source>共 %n 户</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="202"/>
        <source>全部安置点</source>
        <translation>All resettlement sites</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="232"/>
        <source>没有找到“%1”。可以输入姓名、拼音首字母（如 zs）、证件号码、电话、门牌（如 3-2-301）或户编号。</source>
        <translation>Nothing found for “%1”. Type a name, pinyin initials (e.g. zs), an ID number, a phone number, a room (e.g. 3-2-301) or a household number. </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="235"/>
        <source>没有住户。</source>
        <translation>No households. </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="237"/>
        <source>只查了所选的安置点和状态：可改选“全部安置点”“全部状态”。</source>
        <translation>Only the selected site and status were searched: choose “All resettlement sites” and “All statuses” to search them all. </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="239"/>
        <source>作废的住户要在状态里选“作废”才列出。</source>
        <translation>Void households are listed only when the status “Void” is chosen. </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="240"/>
        <source>列表里没有的住户，点“新增住户”登记。</source>
        <translation>To record a household the list does not have, click “New household”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="281"/>
        <source>已选中 %n 户。</source>
        <translation>
            <numerusform>%n household selected.</numerusform>
            <numerusform>%n households selected.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="283"/>
        <source>按住 Ctrl 或 Shift 点选可以选中多户，Ctrl+A 选中列出的全部，再点“打印户表”。</source>
        <translation>Hold Ctrl or Shift and click to select several households, or Ctrl+A for all listed, then click “Print sheets”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="295"/>
        <source>选中的 %n 户</source>
        <translation>
            <numerusform>The %n selected household</numerusform>
            <numerusform>The %n selected households</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="305"/>
        <source>列表中的全部 %n 户（当前查找条件下）</source>
        <translation>
            <numerusform>The %n household in the list (as searched and filtered now)</numerusform>
            <numerusform>All %n households in the list (as searched and filtered now)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="331"/>
        <source>%1等%n户</source>
        <translation>
            <numerusform>%1 and others, %n household</numerusform>
            <numerusform>%1 and others, %n households</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="367"/>
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="370"/>
        <source>打印选中的 %n 户的户表(&amp;P)…</source>
        <translation>
            <numerusform>&amp;Print the sheet of the %n selected household…</numerusform>
            <numerusform>&amp;Print the sheets of the %n selected households…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="373"/>
        <source>打印列表中全部 %n 户的户表(&amp;A)…</source>
        <translation>
            <numerusform>Print the sheet of &amp;all %n household in the list…</numerusform>
            <numerusform>Print the sheets of &amp;all %n households in the list…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportOutcome</name>
    <message>
        <location filename="../../desktop/import_outcome.py" line="34"/>
        <source>户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="35"/>
        <source>成员</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="36"/>
        <source>务工记录</source>
        <translation>Employment spells</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="39"/>
        <source>记录</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="40"/>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="41"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="42"/>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="73"/>
        <source>导入的记录数</source>
        <translation>Records imported</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="105"/>
        <source>打开问题清单</source>
        <translation>Open the problem list</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="107"/>
        <source>打开所在文件夹</source>
        <translation>Open its folder</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="147"/>
        <source>数据行（只检查）：可以导入 %1 行，其中新增 %2 行、有改动 %3 行、与库里相同 %4 行；与前面重复的行合并 %5 行，不能导入 %6 行。</source>
        <translation>Rows (check only): %1 can be imported: %2 new, %3 with changes, %4 the same as in the database; %5 would merge with an identical earlier row, %6 cannot be imported.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="152"/>
        <source>数据行：已导入 %1 行，其中新增 %2 行、有改动 %3 行、与库里相同 %4 行；与前面重复的行合并 %5 行，未导入 %6 行。</source>
        <translation>Rows: %1 imported: %2 new, %3 with changes, %4 the same as in the database; %5 merged with an identical earlier row, %6 not imported.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="157"/>
        <source>户的信息（门牌号、户联系电话等）在该户每一行都有一份：几行有同一处改动时，下表只算这一户更新 1 次，这几行的成员本身没有改的仍算无变化。</source>
        <translation> A household&apos;s details (door number, phone …) are on each of its rows: several rows with the same change count as that one household updated in the table below, and those rows&apos; members, if not changed themselves, as unchanged.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="156"/>
        <source>有 %1 处问题（%2 处未导入，%3 处请核对），已写入问题清单：
%4
请在 Excel 中按“原因”列改好后，把问题清单直接再导入一次。</source>
        <translation>%1 problems (%2 not imported, %3 to check) are in the problem list:
%4
Fix them in Excel as its “原因” (reason) column says, then import the problem list itself.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="165"/>
        <source>每一行都已导入，没有问题清单。</source>
        <translation>Every row was imported; there is no problem list.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="177"/>
        <source>%1：%2 处</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="182"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="186"/>
        <source> 等</source>
        <translation> and more</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="187"/>
        <source>导入时会自动修正 %1 处：%2。</source>
        <translation>The import would repair %1 values automatically: %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="187"/>
        <source>自动修正 %1 处：%2。</source>
        <translation>Repaired %1 values automatically: %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_outcome.py" line="195"/>
        <source>收起</source>
        <translation>Hide</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/import_outcome.py" line="195"/>
        <source>查看全部 %n 项</source>
        <translation>
            <numerusform>Show the %n entry</numerusform>
            <numerusform>Show all %n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeaveDialog</name>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="125"/>
        <source>成员减员</source>
        <translation>Member leaves the household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="130"/>
        <source>%1 将从本户减员，不再计入家庭人数和劳动力人数。记录会保留，减员原因和减员日期随同步报县里，并列入“减员名单”。</source>
        <translation>%1 leaves this household and no longer counts in its members and labour. The record is kept; the reason and the day they left go to the county with the next sync and onto the 减员名单 (members who left).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="138"/>
        <source>减员原因（必选）：</source>
        <translation>Why they left (required):</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="141"/>
        <source>减员原因</source>
        <translation>Why they left</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="143"/>
        <source>请选择（按↓键）</source>
        <translation>Choose (press ↓)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="146"/>
        <source>减员日期（离开本户的那天，如去世、婚出的日期）：</source>
        <translation>Day they left (the day of the death, the marriage …):</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="149"/>
        <source>减员日期</source>
        <translation>Day they left</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="150"/>
        <source>如 20240315</source>
        <translation>e.g. 20240315</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="163"/>
        <source>减员(&amp;D)</source>
        <translation>Re&amp;move</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="166"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="193"/>
        <source>请填写减员日期：%1离开本户的那天（如 20240315）。</source>
        <translation>Enter the day %1 left the household (such as 20240315).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="195"/>
        <source>减员日期“%1”不是有效的日期：请按 20240315 或 2024-03-15 的样子填写。</source>
        <translation>The day they left, “%1”, is not a date: type it as 20240315 or 2024-03-15.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="198"/>
        <source>减员日期 %1 晚于今天（%2）：请填写%3已经离开本户的那天。</source>
        <translation>The day they left, %1, is after today (%2): enter the day %3 has already left the household.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="205"/>
        <source>减员日期 %1 早于%2的出生日期（%3）：请核对后重新填写。</source>
        <translation>The day they left, %1, is before %2&apos;s date of birth (%3): check it and enter it again.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/login.py" line="145"/>
        <source>已锁定 — 安居</source>
        <extracomment>Wrong passwords typed in a login dialog this long before the right one are its owner&apos;s own slips, seen refused, and not told back to them; older ones (the night a locked laptop sat on the desk) are. 退出安居 instead of unlocking (the window saves what it can and asks about the rest: `desktop.switch_user`)</extracomment>
        <translation>Locked — Anju</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="145"/>
        <source>登录 — 安居</source>
        <translation>Log in — Anju</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="148"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="150"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="156"/>
        <source>长时间未操作，已锁定。请输入密码继续。</source>
        <translation>Locked after a long idle time. Enter your password to go on.</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="156"/>
        <source>已锁定。请输入密码继续。</source>
        <translation>Locked. Enter your password to continue.</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="159"/>
        <location filename="../../desktop/login.py" line="207"/>
        <source>用户名：</source>
        <translation>User name:</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="160"/>
        <location filename="../../desktop/login.py" line="208"/>
        <source>密码：</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="163"/>
        <source>解锁(&amp;L)</source>
        <translation>Un&amp;lock</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="163"/>
        <source>登录(&amp;L)</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="167"/>
        <source>退出安居(&amp;Q)</source>
        <translation>&amp;Quit Anju</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="175"/>
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="182"/>
        <source>已锁定。请下一位在“换人登录”中输入自己的用户名和密码。</source>
        <translation>Locked. The next person: type your own user name and password under “Switch user”.</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="189"/>
        <source>换人登录</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="191"/>
        <source>其他人使用这台电脑：输入自己的用户名和密码。之后保存的修改记在此人名下。</source>
        <translation>Someone else using this computer: type your own user name and password. What is saved from then on is recorded under your name.</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="195"/>
        <source>换人登录的用户名</source>
        <translation>User name to switch to</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="196"/>
        <source>换人登录的密码</source>
        <translation>Password of the user to switch to</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="201"/>
        <source>换人登录(&amp;H)</source>
        <translation>&amp;Switch user</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="238"/>
        <source>有人输错过密码</source>
        <translation>Wrong passwords were typed</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="240"/>
        <source>知道了(&amp;O)</source>
        <translation>&amp;OK</translation>
    </message>
    <message>
        <location filename="../../desktop/login.py" line="247"/>
        <location filename="../../desktop/login.py" line="261"/>
        <source>用户名或密码不正确，请重试。</source>
        <translation>Wrong user name or password. Try again.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="87"/>
        <source>功能导航</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="121"/>
        <location filename="../../desktop/main_window.py" line="191"/>
        <source>正在打开数据库…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="125"/>
        <source>换人登录</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="127"/>
        <source>新增住户</source>
        <translation>New household</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="166"/>
        <source>工作台</source>
        <extracomment>设置 → 从备份恢复…: the backup to restore once this window has closed and let go of the database</extracomment>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="167"/>
        <source>住户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="168"/>
        <source>待跟进</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="169"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="170"/>
        <source>县级</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="171"/>
        <source>同步记录</source>
        <translation>Sync log</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="172"/>
        <source>导入导出</source>
        <translation>Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="173"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="121"/>
        <location filename="../../desktop/main_window.py" line="269"/>
        <source>就绪</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="123"/>
        <source>查找住户</source>
        <translation>Find household</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="124"/>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="448"/>
        <source>正在打开数据库，马上打开这一户…</source>
        <translation>Opening the database; the household opens in a moment…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="461"/>
        <source>正在打开数据库，请稍候再新增住户。</source>
        <translation>The database is still opening: add the household in a moment.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="485"/>
        <source>已经是最后一户。</source>
        <translation>This is the last household.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="546"/>
        <source>今日自动备份已保存</source>
        <translation>Today&apos;s automatic backup is saved</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="573"/>
        <source>自动备份失败：</source>
        <translation>Automatic backup failed: </translation>
    </message>
</context>
<context>
    <name>MeasuresPanel</name>
    <message>
        <location filename="../../desktop/editor/measures.py" line="23"/>
        <source>帮扶措施</source>
        <translation>Assistance measures</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="25"/>
        <source>帮扶对象</source>
        <translation>For member</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="25"/>
        <source>计划完成</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="25"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="25"/>
        <source>帮扶措施</source>
        <comment>list column</comment>
        <translation>Measure</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="26"/>
        <source>新增措施(&amp;M)</source>
        <translation>New &amp;measure</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="27"/>
        <source>删除措施</source>
        <translation>Delete measure</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="28"/>
        <source>暂无帮扶措施。零就业家庭须有一项进行中的措施，并填写计划完成日期。</source>
        <translation>No assistance measures yet. A zero-employment household needs an open measure with a due date.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="38"/>
        <source>%1（已减员）</source>
        <translation>%1 (left)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="42"/>
        <source>全户</source>
        <translation>Whole household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="51"/>
        <source>减员结束</source>
        <translation>Ended: member left</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="52"/>
        <source>已完成</source>
        <translation>Closed</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/measures.py" line="55"/>
        <source>已过计划完成日期 %n 天</source>
        <translation>
            <numerusform>%n day past its due date</numerusform>
            <numerusform>%n days past its due date</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/measures.py" line="56"/>
        <source>进行中</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>MemberDetail</name>
    <message>
        <location filename="../../desktop/editor/roster.py" line="36"/>
        <source>成员信息</source>
        <translation>Member details</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="37"/>
        <location filename="../../desktop/editor/roster.py" line="40"/>
        <source>就业记录</source>
        <translation>Employment records</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="40"/>
        <source>就业记录（%1）</source>
        <translation>Employment records (%1)</translation>
    </message>
</context>
<context>
    <name>MissingDatabase</name>
    <message>
        <location filename="../../desktop/missing_database.py" line="35"/>
        <source>选择安居数据库</source>
        <translation>Choose an Anju database</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="37"/>
        <source>数据库 (*.db *.sqlite)</source>
        <translation>Databases (*.db *.sqlite)</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="49"/>
        <source>上次使用的数据库“%1”现在找不到。数据没有被改动。

如果它在U盘或移动硬盘上，请插好后点“重试”；如果文件被移动或改了名，请点“选择数据库…”找到它。</source>
        <translation>The database used last time, “%1”, cannot be found now. No data was changed.

If it is on a USB stick or an external drive, plug it in and press “Retry”; if the file was moved or renamed, press “Choose database…” to find it.</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="56"/>
        <source>仍然找不到“%1”。</source>
        <translation>“%1” still cannot be found.</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="59"/>
        <source>“打开本机数据库”打开的是“%1”，是另一个数据库。</source>
        <translation>“Open this computer&apos;s local database” opens “%1”, which is a different database.</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="62"/>
        <source>打开本机数据库(&amp;L)</source>
        <translation>Open this computer&apos;s &amp;local database</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="64"/>
        <source>“在本机新建”会建立一个空的新数据库“%1”，里面没有本站已录入的住户。</source>
        <translation>“New on this computer” makes a new, empty database “%1”, without the households this station has recorded.</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="68"/>
        <source>在本机新建(&amp;N)</source>
        <translation>&amp;New on this computer</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="71"/>
        <source>找不到数据库</source>
        <translation>Database not found</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="76"/>
        <source>重试(&amp;R)</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="78"/>
        <source>选择数据库(&amp;O)…</source>
        <translation>Ch&amp;oose database…</translation>
    </message>
    <message>
        <location filename="../../desktop/missing_database.py" line="82"/>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
</context>
<context>
    <name>MonthInput</name>
    <message>
        <location filename="../../desktop/editor/widgets.py" line="311"/>
        <source>如 202403</source>
        <translation>e.g. 202403</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../desktop/settings_page.py" line="49"/>
        <source>采集员</source>
        <translation>Surveyor</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="50"/>
        <source>站长</source>
        <translation>Station admin</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="51"/>
        <source>县级管理员</source>
        <translation>County clerk</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="84"/>
        <source>添加账号</source>
        <translation>Add account</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="99"/>
        <source>用户名：</source>
        <translation>User name:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="100"/>
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="101"/>
        <source>角色：</source>
        <translation>Role:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="102"/>
        <source>初始密码：</source>
        <translation>Initial password:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="105"/>
        <source>添加(&amp;A)</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="106"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>PageParts</name>
    <message>
        <location filename="../../desktop/page_parts.py" line="73"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="116"/>
        <source>导入登记包</source>
        <translation>Accept enrolment package</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="120"/>
        <source>登记包：%1</source>
        <translation>Enrolment package: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="122"/>
        <source>请输入县里另行告知的一次性口令（空格和横线可省略）：</source>
        <translation>Type the one-time passphrase the county gave you separately (spaces and dashes may be left out):</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="127"/>
        <source>一次性口令</source>
        <translation>One-time passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="131"/>
        <source>导入(&amp;I)</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="134"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_dialogs.py" line="149"/>
        <source>正在打开登记包……</source>
        <translation>Opening the package…</translation>
    </message>
</context>
<context>
    <name>PhoneInput</name>
    <message>
        <location filename="../../desktop/editor/widgets.py" line="267"/>
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../desktop/editor/dialogs.py" line="71"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
</context>
<context>
    <name>RecordForms</name>
    <message>
        <location filename="../../desktop/editor/record_forms.py" line="107"/>
        <source>（未填姓名）</source>
        <translation>(no name)</translation>
    </message>
</context>
<context>
    <name>RecordsPanel</name>
    <message>
        <location filename="../../desktop/editor/records_panel.py" line="144"/>
        <source>是</source>
        <extracomment>Given a form left by the last household and a record of this one, show the record in it (True), or refuse (another kind of form). Unset, the forms of the household left are deleted.</extracomment>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/records_panel.py" line="144"/>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>Removals</name>
    <message>
        <location filename="../../desktop/editor/removals.py" line="47"/>
        <source>这条就业记录</source>
        <translation>this employment record</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="47"/>
        <source>这条记录</source>
        <translation>this record</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="52"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="53"/>
        <source>确定删除%1吗？删除后不计入统计，但会保留在修改记录中。</source>
        <translation>Delete %1? It will no longer be counted, but it stays in the change history.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="54"/>
        <source>删除(&amp;D)</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="54"/>
        <location filename="../../desktop/editor/household_editor.py" line="734"/>
        <location filename="../../desktop/editor/household_editor.py" line="759"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="65"/>
        <source>这名成员</source>
        <translation>this member</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/removals.py" line="85"/>
        <source>其 %n 项进行中的帮扶措施将随之结束（完成日期记为减员日期）。</source>
        <translation>
            <numerusform> Their %n open measure ends with it (closed on the day they left).</numerusform>
            <numerusform> Their %n open measures end with it (closed on the day they left).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="87"/>
        <source>%1 是本户最后一名成员：减员后如全户已搬离安置点，请作废本户。</source>
        <translation> %1 is the last member of this household: if the whole family has left the site, void the household afterwards.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="105"/>
        <source>已减员（分户）。如果分出的一户仍住在安置点，请按“撤销删除”（Ctrl+Z）恢复，再用“分户…”：成员连同就业记录转到新户，不用重新录入。</source>
        <translation>Removed (split into a household of its own). If the new household still lives at the site, press Undo delete (Ctrl+Z) to bring them back, then use Split household…: the members move to the new household with their jobs, nothing is typed again.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="109"/>
        <source>已减员（%1）。</source>
        <translation>Removed (%1).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="111"/>
        <source>已删除。删错了可以按“撤销删除”（Ctrl+Z）恢复。</source>
        <translation>Deleted. If that was a mistake, press Undo delete (Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="117"/>
        <source>选错了可以按“撤销删除”（Ctrl+Z）恢复。</source>
        <translation> If this was a mistake, press Undo removal (Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="119"/>
        <source>作废本户…</source>
        <translation>Void household…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/removals.py" line="151"/>
        <source>其 %n 项帮扶措施已随之结束。</source>
        <translation>
            <numerusform> Their %n open measure has ended with it.</numerusform>
            <numerusform> Their %n open measures have ended with it.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="155"/>
        <source>电脑日期可能不对，其帮扶措施没有自动结束：请在“帮扶措施”中填写完成日期。</source>
        <translation> The computer&apos;s date may be wrong, so their measures were not closed: fill in the closing date under Measures.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="157"/>
        <source>本户已没有成员，但仍计入户数：如全户已搬离安置点，请作废本户，作废原因写明去向。</source>
        <translation> This household has no members left but still counts as a household: if the whole family has left the site, void it and say where they went.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="161"/>
        <source>本户现在有劳动力但无人就业（零就业家庭）：请添加帮扶措施并填写计划完成日期。</source>
        <translation> The household now has labour and nobody employed (zero-employment): add a measure with a due date.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="187"/>
        <source>让%1回到本户吗？搬回本户，或减员操作有误时恢复：其信息和就业记录照旧，减员原因和减员日期清除。</source>
        <translation>Bring %1 back into this household? Use it when they move back, or were removed by mistake: their details and jobs are as they were, and the reason and the day they left are cleared.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/removals.py" line="191"/>
        <source>因减员而结束的 %n 项帮扶措施将重新进行。</source>
        <translation>
            <numerusform> The %n measure their removal ended will be open again.</numerusform>
            <numerusform> The %n measures their removal ended will be open again.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="196"/>
        <source>恢复成员</source>
        <translation>Bring member back</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="198"/>
        <location filename="../../desktop/editor/household_editor.py" line="759"/>
        <source>恢复(&amp;R)</source>
        <translation>B&amp;ring back</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="220"/>
        <source>恢复就业记录</source>
        <translation>Bring employment record back</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="221"/>
        <source>恢复%1的这条就业记录吗？
%2
恢复后照删除前的内容重新计入就业情况和统计，并同步到县里。</source>
        <translation>Bring back this employment record of %1?
%2
It comes back as it was before it was deleted, counts again in employment and the statistics, and is synced to the county.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/removals.py" line="239"/>
        <source>已恢复。</source>
        <translation>Restored.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/editor/removals.py" line="241"/>
        <source>因减员而结束的 %n 项帮扶措施已重新进行。</source>
        <translation>
            <numerusform> The %n measure their removal ended is open again.</numerusform>
            <numerusform> The %n measures their removal ended are open again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreBackup</name>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="57"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="90"/>
        <source>没有恢复</source>
        <translation>Nothing restored</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="98"/>
        <source>确定(&amp;O)</source>
        <translation>&amp;OK</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="182"/>
        <source>选择要恢复的备份</source>
        <translation>Choose the backup to restore</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="184"/>
        <source>安居备份 (*.anju-backup *.sqlite.gz *.sqlite *.db);;所有文件 (*)</source>
        <translation>Anju backups (*.anju-backup *.sqlite.gz *.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="213"/>
        <source>正在从备份恢复，请稍候……</source>
        <translation>Restoring from the backup, please wait…</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="227"/>
        <source>已从备份恢复。请用备份里的账号和密码登录。</source>
        <translation>Restored from the backup. Log in with an account and password from the backup.</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="229"/>
        <source>原来的数据库另存为：%1</source>
        <translation>The database it replaced was kept as: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="236"/>
        <source>这份备份比本站已发到县里的数据旧。备份之后发到县里的内容县里都有，不会丢；但县里会拒收本站的下一批（以免恢复后录入的内容被悄悄丢掉）。请县里停用并重新登记本站，然后在“同步”页点“导入新登记包…”：之后同步，恢复后录入的内容送到县里，县里的数据随回执回到本站。</source>
        <translation>This backup is older than what this station has sent to the county. What was sent after the backup is at the county and is not lost; but the county will refuse this station&apos;s next batch (so that what is entered after the restore is not silently lost). Have the county revoke and enrol this station again, then press “Accept a new package…” on the Sync page: at the next sync, what was entered after the restore reaches the county, and the county&apos;s data comes back with the return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="243"/>
        <source>本站已登记到县里。如果这份备份比最近一次同步旧，下次同步时县里会拒收本站的批次并说明原因（从旧备份恢复过）：那时请县里重新登记本站，再在“同步”页点“导入新登记包…”。</source>
        <translation>This station is enrolled with the county. If this backup is older than the last sync, the county will refuse the station&apos;s next batch and say why (restored from an old backup): then have the county enrol this station again, and press “Accept a new package…” on the Sync page.</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="248"/>
        <source>恢复完成</source>
        <translation>Restore complete</translation>
    </message>
</context>
<context>
    <name>RestorePassphraseDialog</name>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="111"/>
        <source>从备份恢复 — 输入备份口令</source>
        <translation>Restore from backup — backup passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="114"/>
        <source>“%1”是加密备份。请输入备份时设定的口令：</source>
        <translation>“%1” is an encrypted backup. Type the passphrase it was made with:</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="120"/>
        <source>备份口令</source>
        <translation>Backup passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="127"/>
        <source>打开备份(&amp;O)</source>
        <translation>&amp;Open backup</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="128"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="144"/>
        <source>请输入备份口令。</source>
        <translation>Type the backup&apos;s passphrase.</translation>
    </message>
    <message>
        <location filename="../../desktop/restore_dialog.py" line="146"/>
        <location filename="../../desktop/restore_dialog.py" line="153"/>
        <source>正在检查口令……</source>
        <translation>Checking the passphrase…</translation>
    </message>
</context>
<context>
    <name>ReturnFileDialog</name>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="449"/>
        <source>写出回执</source>
        <translation>Write return file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="452"/>
        <source>为工作站“%1”写出回执（上次回执：%2）。</source>
        <translation>Write a return file for station “%1” (last one: %2).</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="456"/>
        <source>回执带去县里的审核结果（通过、退回）、冲突处理和其他更新；</source>
        <translation>It takes the county&apos;s review decisions (approved, returned), settled conflicts and other updates;</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="458"/>
        <source>站长在工作站的“同步”页点“导入回执…”导入它。</source>
        <translation>the station admin imports it with “Import return file…” on the station&apos;s Sync page.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="462"/>
        <source>回执写到的文件夹</source>
        <translation>Folder for the return file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="463"/>
        <source>写到文件夹(&amp;T)：</source>
        <translation>Write &amp;to folder:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="466"/>
        <source>写出(&amp;W)</source>
        <translation>&amp;Write</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="466"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="482"/>
        <source>请选择回执写到哪个文件夹，例如U盘。</source>
        <translation>Choose the folder to write it in, e.g. the USB stick.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="485"/>
        <source>正在写出回执……</source>
        <translation>Writing the return file…</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../desktop/county/review_page.py" line="412"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="52"/>
        <source>已审核通过</source>
        <translation>approved</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="53"/>
        <source>已退回</source>
        <translation>returned</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="65"/>
        <source>全部</source>
        <extracomment>What the list shows (the 显示 filter): every household waiting, those needing a look, those ready to approve.</extracomment>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="66"/>
        <source>有问题或冲突的</source>
        <translation>With problems or conflicts</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="67"/>
        <source>可直接审核通过的</source>
        <translation>Ready to approve</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="71"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="72"/>
        <source>提醒</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="136"/>
        <source>住户</source>
        <extracomment>household id → `search_key`: spelling 25,000 of them at every search held the window a quarter of a second</extracomment>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="137"/>
        <source>户主</source>
        <translation>Household head</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="138"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="139"/>
        <source>待审核原因</source>
        <translation>Why</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="140"/>
        <source>问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="141"/>
        <source>待处理冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="142"/>
        <source>工作站</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="143"/>
        <source>送来时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="157"/>
        <source>待审核住户</source>
        <translation>Households to review</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="170"/>
        <source>按工作站筛选</source>
        <translation>Filter by station</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="174"/>
        <source>显示哪些住户</source>
        <translation>Which households to show</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="177"/>
        <location filename="../../desktop/county/review_page.py" line="300"/>
        <source>批量审核通过(&amp;B)…</source>
        <translation>Approve a&amp;ll ready…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="198"/>
        <source>工作站(&amp;S)：</source>
        <translation>&amp;Station:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="200"/>
        <source>显示(&amp;W)：</source>
        <translation>Sho&amp;w:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="224"/>
        <source>审核意见(&amp;M)（退回时必填，会随回执发给工作站）：</source>
        <translation>Co&amp;mment (required to return; sent to the station with the return file):</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="232"/>
        <source>审核通过(&amp;A)</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="235"/>
        <source>退回工作站(&amp;R)</source>
        <translation>&amp;Return to station</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="238"/>
        <source>打开住户(&amp;O)</source>
        <translation>&amp;Open household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="300"/>
        <source>批量审核通过（%1 户）(&amp;B)…</source>
        <translation>Approve a&amp;ll ready (%1)…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="313"/>
        <source>全部 %1 户</source>
        <translation>all %1 households</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="314"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="314"/>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="315"/>
        <source>按%1筛选出的 %2 户</source>
        <translation>the %2 households filtered by %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="455"/>
        <source>审核通过 %1 户(&amp;A)</source>
        <translation>&amp;Approve %1 households</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="180"/>
        <source>审核通过列表中已完成、没有冲突、检查没有发现问题的全部住户；其余的留在列表里逐户审核。</source>
        <translation>Approve every household in the list that is completed, has no conflict and no problem found; the others stay in the list to review one by one.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="186"/>
        <source>查找待审核住户</source>
        <translation>Find a household to review</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="187"/>
        <source>查找：门牌、户主姓名或安置点</source>
        <translation>Find: room, head of household&apos;s name or site</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="218"/>
        <source>检查发现的问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="227"/>
        <source>审核意见</source>
        <translation>Review comment</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="230"/>
        <source>例如：请补充户主的身份证号码</source>
        <translation>e.g. Please add the household head&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="257"/>
        <source>%1 户待审核，其中 %2 户检查发现问题。双击一行打开住户。</source>
        <translation>%1 households to review, %2 with problems. Double-click a row to open the household.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="261"/>
        <source>没有待审核的住户。</source>
        <translation>No households to review.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="266"/>
        <source>全部工作站</source>
        <translation>All stations</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="272"/>
        <location filename="../../desktop/county/review_page.py" line="329"/>
        <source>县里</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="372"/>
        <source>该户还有 %1 处冲突未处理（见“冲突”页），处理后才能审核通过。</source>
        <translation>This household has %1 open conflict(s) (see Conflicts): settle them before approving it.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="388"/>
        <source>%1　户主：%2</source>
        <translation>%1 · Household head: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="379"/>
        <source>检查发现 %1 个错误，不能审核通过：请退回工作站并写明要改什么，或打开住户改正。</source>
        <translation>The rules find %1 error(s), so it cannot be approved: return it to the station saying what to fix, or open the household and correct it.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="386"/>
        <source>上次审核：%1 %2 %3</source>
        <translation>Last review: %1 %2 %3</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="395"/>
        <source>检查没有发现问题。</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="424"/>
        <source>%1 已审核通过，结果会随下次回执到达工作站。</source>
        <translation>%1 approved; the station receives it with its next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="432"/>
        <source>退回住户时请写明需要修改什么。</source>
        <translation>Say what to fix when returning a household.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="439"/>
        <source>%1 已退回，意见会随下次回执到达工作站。</source>
        <translation>%1 returned; the station receives the comment with its next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="456"/>
        <source>批量审核通过</source>
        <translation>Approve all ready</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="449"/>
        <source>将审核通过列表中 %1 户：已完成、没有冲突、检查没有发现问题。其余 %2 户留在列表里逐户审核。结果会随下次回执到达各工作站。</source>
        <translation>This approves %1 households in the list: completed, no conflict, no problem found. The other %2 stay in the list to review one by one. The stations receive the result with their next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="455"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="467"/>
        <source>已审核通过 %1 户，结果会随下次回执到达工作站。</source>
        <translation>%1 households approved; the stations receive the result with their next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="469"/>
        <source>另有 %1 户刚有变化，留在列表里逐户审核。</source>
        <translation> %1 others changed just now and stay in the list to review one by one.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="473"/>
        <source>正在审核通过 %1 户，请稍候……</source>
        <translation>Approving %1 households, please wait…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="293"/>
        <source>这里列出等县里审核的住户：工作站送来修改的住户（新登记的也算），和有冲突的住户。导入工作站的批次后，这些住户就列在这里，标签上显示户数，例如「审核（12）」。</source>
        <translation>This page lists the households waiting for the county&apos;s review: those a station sent changes to (newly registered ones too), and those with a conflict. They are listed here once the stations&apos; batches are imported, and the tab shows how many, for example “Review (12)”.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="297"/>
        <source>送来的住户都已审核（通过或退回）。现在不用做什么：下一批导入后再来看看。</source>
        <translation>Every household sent so far has been reviewed (approved or returned). Nothing to do for now: look again after the next batch is imported.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/review_page.py" line="301"/>
        <source>还没有导入过工作站的批次。先在「工作站」页登记工作站，再在「同步」页导入它们送来的批次。</source>
        <translation>No station&apos;s batch has been imported yet. First enrol the stations on the Stations tab, then import the batches they send on the Sync page.</translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message>
        <location filename="../../desktop/editor/roster.py" line="48"/>
        <source>家庭成员</source>
        <translation>Household members</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="64"/>
        <source>恢复成员(&amp;R)…</source>
        <translation>&amp;Restore member…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="77"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="77"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="77"/>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="77"/>
        <source>劳动力 / 就业</source>
        <translation>Labour / work</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="77"/>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="78"/>
        <source>新增成员</source>
        <translation>New member</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="79"/>
        <source>减员/删除成员…</source>
        <translation>Remove member…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="118"/>
        <source>本户成员均已减员。全户已搬离安置点的，请站长作废本户（“作废…”）；有人搬回的，点下方的“恢复”。</source>
        <translation>Everyone in this household has left. If the whole family has left the site, the station head voids it (Void…); if someone moved back, click Bring back below.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="151"/>
        <source>恢复</source>
        <translation>Bring back</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="153"/>
        <source>已减员：%1</source>
        <translation>Left the household: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="80"/>
        <source>本户还没有登记成员。按 Ctrl+N 新增成员，先登记户主。</source>
        <translation>No members registered yet. Press Ctrl+N to add a member, starting with the household head.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="107"/>
        <source>劳动力，已就业</source>
        <translation>Labour, works</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="108"/>
        <source>未满16岁就业</source>
        <translation>Works, under 16</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="107"/>
        <source>劳动力，未就业</source>
        <translation>Labour, no job</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="109"/>
        <source>已就业</source>
        <translation>Employed</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/roster.py" line="111"/>
        <location filename="../../desktop/editor/roster.py" line="158"/>
        <source>（未填姓名）</source>
        <translation>(no name)</translation>
    </message>
</context>
<context>
    <name>Saving</name>
    <message>
        <location filename="../../desktop/editor/saving.py" line="33"/>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="37"/>
        <location filename="../../desktop/editor/household_editor.py" line="1070"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="38"/>
        <source>这一户还没有保存：请先选择“%1”，选好后已填写的内容会一起保存。</source>
        <translation>This household is not saved yet: choose “%1” first; everything already filled in is saved with it.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="78"/>
        <source>这一户的修改没有保存</source>
        <translation>This household&apos;s changes are not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="80"/>
        <source>这一户最近的修改没有保存（原因见本户上方的提示，如磁盘已满），离开会丢失这些修改。请先解决问题（如腾出磁盘空间），按 Ctrl+S，看到“已保存”后再离开。</source>
        <translation>The latest changes to this household are not saved (the notice above it says why, e.g. the disk is full); leaving loses them. Put the problem right first (e.g. free some disk space), press Ctrl+S, and leave once it says “Saved”.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="83"/>
        <source>丢弃修改并离开(&amp;D)</source>
        <translation>&amp;Discard the changes and leave</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="83"/>
        <source>留在本户(&amp;S)</source>
        <translation>&amp;Stay on this household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="104"/>
        <source>这一户还没有保存</source>
        <translation>This household is not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="105"/>
        <source>这一户还没有选择“%1”，所以填写的内容一项也没有保存。离开会丢弃这些内容。</source>
        <translation>No “%1” has been chosen for this household, so nothing filled in has been saved. Leaving discards it.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="108"/>
        <source>丢弃并离开(&amp;D)</source>
        <translation>&amp;Discard and leave</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="108"/>
        <source>选择安置点(&amp;P)</source>
        <translation>Choose the &amp;site</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/saving.py" line="116"/>
        <source>已保存 %1</source>
        <translation>Saved %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/settings_page.py" line="46"/>
        <source>采集员</source>
        <translation>Surveyor</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="47"/>
        <source>站长</source>
        <translation>Station admin</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="48"/>
        <source>县级管理员</source>
        <translation>County clerk</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="237"/>
        <location filename="../../desktop/settings_page.py" line="240"/>
        <source>账号</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="242"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="242"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="242"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="242"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="285"/>
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="285"/>
        <source>停用</source>
        <translation>Turned off</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="304"/>
        <source>无法更改县级账号</source>
        <translation>Cannot change a county account</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="305"/>
        <source>“%1”是县级管理员账号，只有县级管理员可以停用它或重设它的密码。</source>
        <translation>“%1” is a county clerk account: only a county clerk can turn it off or reset its password.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="319"/>
        <source>请选择账号</source>
        <translation>Select an account</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="319"/>
        <source>请先在上面的列表中点选一个账号。</source>
        <translation>First click an account in the list above.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="331"/>
        <location filename="../../desktop/settings_page.py" line="339"/>
        <source>无法停用</source>
        <translation>Cannot turn off the account</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="332"/>
        <source>不能停用正在使用的账号。请用另一个站长账号登录后再停用它。</source>
        <translation>The account in use cannot be turned off. Log in with another station admin account to turn it off.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="384"/>
        <source>重设密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="346"/>
        <source>“%1”的新密码：</source>
        <translation>New password for “%1”:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="64"/>
        <location filename="../../desktop/settings_page.py" line="387"/>
        <source>确定(&amp;O)</source>
        <translation>&amp;OK</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="247"/>
        <source>添加账号(&amp;A)…</source>
        <translation>&amp;Add account…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="249"/>
        <source>停用 / 启用(&amp;T)</source>
        <translation>&amp;Turn off / on</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="251"/>
        <source>重设密码(&amp;P)…</source>
        <translation>Reset &amp;password…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="351"/>
        <source>再次输入“%1”的新密码：</source>
        <translation>The new password for “%1” again:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="358"/>
        <location filename="../../desktop/settings_page.py" line="365"/>
        <source>无法重设密码</source>
        <translation>Cannot reset the password</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="359"/>
        <source>两次输入的密码不一致，密码没有改。请重试。</source>
        <translation>The two passwords differ, so the password was not changed. Please try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="372"/>
        <source>密码已重设</source>
        <translation>Password reset</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="254"/>
        <source>修改我的密码(&amp;W)…</source>
        <translation>Change &amp;my password…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="371"/>
        <source>“%1”的密码已重设，请把新密码告诉本人。本人下次登录时，安居会请他换成只有自己知道的密码。</source>
        <translation>The password of “%1” was reset. Tell its owner the new password: at their next login, Anju asks them to choose one only they know.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="388"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="396"/>
        <source>劳动力与就业认定</source>
        <translation>Labour and employment rules</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="405"/>
        <source> 岁（不含）</source>
        <translation> years (not included)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="406"/>
        <source>“农业生产经营”计为就业</source>
        <translation>Count “农业生产经营” (farming) as employment</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="410"/>
        <source> 个月</source>
        <translation> months</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="410"/>
        <source> 元</source>
        <translation> yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="414"/>
        <source>保存设置(&amp;S)</source>
        <translation>&amp;Save settings</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="497"/>
        <source>复制位置(&amp;L)</source>
        <translation>Copy the &amp;location</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="504"/>
        <source>每天自动备份到：%1（保留最近 %2 份，用安居的日子每天一份；放假没用安居的日子不算，不会因此删掉旧备份）</source>
        <translation>Backed up automatically every day to: %1 (the last %2 backups are kept, one for each day Anju is used; days it is not used, such as a holiday, do not count, so they delete no older backup)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="509"/>
        <source>立即备份到(&amp;B)…</source>
        <translation>&amp;Back up now to…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="520"/>
        <source>从备份恢复(&amp;R)…</source>
        <translation>&amp;Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="540"/>
        <source>从备份恢复会用备份替换现在的全部数据：备份之后录入和修改的内容都会被替换掉。现在的数据库会先另存一份在它旁边（文件名含 before-restore），需要时可以找回。

恢复时安居会关闭数据库，恢复后重新打开，请用备份里的账号登录。</source>
        <translation>Restoring replaces all the current data with the backup: whatever was entered or changed after the backup is replaced. The current database is first kept beside it (its name has before-restore in it), to get back if needed.

Anju closes the database to restore it and opens it again afterwards: log in with an account from the backup.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="546"/>
        <source>备份之后已经同步到县里的内容不会丢：县里有一份。但如果备份比最近一次同步旧，恢复后县里会拒收本站的下一批（工作站从旧备份恢复过），以免恢复后录入的内容被悄悄丢掉。这时请县里停用并重新登记本站，再在“同步”页点“导入新登记包…”：下次同步时，恢复后录入的内容送到县里，县里的数据随回执回到本站。</source>
        <translation>What was synced to the county after the backup is not lost: the county has it. But if the backup is older than the last sync, the county refuses this station&apos;s next batch after the restore (the station was restored from an old backup), so that what is entered after the restore is not silently lost. Then have the county revoke and enrol this station again, and press “Accept a new package…” on the Sync page: at the next sync, what was entered after the restore reaches the county, and the county&apos;s data comes back with the return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="551"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="551"/>
        <source>选择备份并恢复(&amp;R)…</source>
        <translation>Choose a backup and &amp;restore…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="556"/>
        <source>加密备份 (*.anju-backup)</source>
        <translation>Encrypted backup (*.anju-backup)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="588"/>
        <source>正在加密备份……</source>
        <translation>Backing up, encrypted…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="595"/>
        <source>加密备份完成：%1。忘记口令时可请县里打开。</source>
        <translation>Encrypted backup done: %1. If the passphrase is forgotten, the county can open it.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="597"/>
        <source>加密备份完成：%1。请牢记口令：忘记口令就无法恢复。</source>
        <translation>Encrypted backup done: %1. Remember the passphrase: without it the backup cannot be restored.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="420"/>
        <source>男性劳动年龄上限：</source>
        <translation>Working-age limit, men:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="421"/>
        <source>女性劳动年龄上限：</source>
        <translation>Working-age limit, women:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="423"/>
        <source>补助要求稳定就业满：</source>
        <translation>Subsidies need stable work of:</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="424"/>
        <source>一次性外出务工交通补助上限（跨省，每人每年）：</source>
        <translation>One-off travel subsidy cap (out of province, per person per year):</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="425"/>
        <source>就业创业服务补助（每人每年）：</source>
        <translation>Employment service subsidy (per person per year):</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="441"/>
        <source>由县级统一设置，随同步下发。</source>
        <translation>Set by the county and sent to stations with sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="468"/>
        <source>已保存，工作台和待跟进清单将按新设置计算。</source>
        <translation>Saved. The dashboard and follow-up lists now use the new settings.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="474"/>
        <source>界面语言(&amp;G)</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="477"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="491"/>
        <source>重新打开安居后生效。 / Takes effect when Anju is opened again.</source>
        <translation>Takes effect when Anju is opened again. / 重新打开安居后生效。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="494"/>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="573"/>
        <source>备份</source>
        <comment>in a backup&apos;s file name</comment>
        <translation>backup</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="496"/>
        <source>数据库文件（命令行的 --db）：%1</source>
        <translation>Database file (--db on the command line): %1</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_page.py" line="556"/>
        <source>备份到</source>
        <translation>Back up to</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="157"/>
        <source>新增安置点</source>
        <translation>Add site</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="159"/>
        <source>安置点编码</source>
        <translation>Site code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="159"/>
        <source>例如 S04</source>
        <translation>e.g. S04</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="160"/>
        <source>安置点名称</source>
        <translation>Site name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="160"/>
        <source>例如 幸福社区</source>
        <translation>e.g. 幸福社区</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="161"/>
        <source>所属县</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="163"/>
        <source>所在乡镇</source>
        <translation>Town</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="164"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="167"/>
        <source>编码(&amp;O)：</source>
        <translation>C&amp;ode:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="168"/>
        <source>名称(&amp;N)：</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="169"/>
        <source>所属县(&amp;U)：</source>
        <translation>Co&amp;unty:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="170"/>
        <source>乡镇(&amp;T)：</source>
        <translation>&amp;Town:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="171"/>
        <source>地址(&amp;D)：</source>
        <translation>A&amp;ddress:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="176"/>
        <source>编码和名称必填。新安置点随下一次回执到达各工作站。</source>
        <translation>Code and name are needed. The new site reaches every station with its next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="179"/>
        <source>添加(&amp;A)</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="179"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="202"/>
        <source>请填写安置点的编码和名称，两者都必填。</source>
        <translation>Type the site&apos;s code and its name; both are needed.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/station_dialogs.py" line="210"/>
        <source>正在添加……</source>
        <translation>Adding…</translation>
    </message>
</context>
<context>
    <name>SiteNames</name>
    <message>
        <location filename="../../desktop/i18n.py" line="73"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>SpellsPanel</name>
    <message>
        <location filename="../../desktop/editor/spells.py" line="24"/>
        <source>就业记录</source>
        <translation>Employment records</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="26"/>
        <source>就业形式</source>
        <translation>Form of employment</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="26"/>
        <source>务工地域</source>
        <translation>Place of work</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="26"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="26"/>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="26"/>
        <source>月收入（元）</source>
        <translation>Yuan/month</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="27"/>
        <source>新增就业记录(&amp;J)</source>
        <translation>New &amp;job record</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="28"/>
        <source>删除就业记录</source>
        <translation>Delete employment record</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="29"/>
        <source>暂无就业记录。有工作的成员请点“新增就业记录”，填写就业形式和开始时间；仍在就业的，结束时间留空。</source>
        <translation>No employment records yet. For a member with a job, click “New employment record” and fill in the form of employment and the start month; leave the end month empty while the job goes on.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="47"/>
        <source>恢复就业记录(&amp;B)…</source>
        <translation>&amp;Bring back a job…</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="62"/>
        <source>至今</source>
        <translation>ongoing</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="77"/>
        <source>%1 起</source>
        <translation>from %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="80"/>
        <source>（未填就业形式）</source>
        <translation>(no form of employment)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="85"/>
        <source>恢复</source>
        <translation>Bring back</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/spells.py" line="87"/>
        <source>已删除：%1</source>
        <translation>Deleted: %1</translation>
    </message>
</context>
<context>
    <name>SplitDialog</name>
    <message>
        <location filename="../../desktop/editor/split.py" line="60"/>
        <source>分户</source>
        <translation>Split household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="64"/>
        <source>勾选分出另立一户的成员（空格键勾选）。他们的证件号码、就业记录、培训意愿和本人的帮扶措施随人带到新户；针对全户的帮扶措施和走访记录留在原户。两户的备注都会记下这次分户。</source>
        <translation>Tick the members who become a household of their own (Space ticks). Their ID numbers, jobs, training wishes and their own follow-up measures go with them; measures for the whole household and the visits stay. Both households&apos; notes record the split.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="73"/>
        <source>分出的成员</source>
        <translation>Members who move</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="74"/>
        <source>关系未填</source>
        <translation>relation not given</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="85"/>
        <source>新户户主</source>
        <translation>Head of the new household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="88"/>
        <source>安置点名称</source>
        <translation>Resettlement site</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="92"/>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="93"/>
        <source>单元</source>
        <translation>Entrance / unit</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="94"/>
        <source>门牌号</source>
        <translation>Room number</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="97"/>
        <source>分出的成员(&amp;M)：</source>
        <translation>&amp;Members who move:</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="98"/>
        <source>新户户主(&amp;H)：</source>
        <translation>&amp;Head of the new household:</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="99"/>
        <source>安置点名称(&amp;P)：</source>
        <translation>Resettlement &amp;site:</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="100"/>
        <source>楼栋(&amp;B)：</source>
        <translation>&amp;Building:</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="101"/>
        <source>单元(&amp;U)：</source>
        <translation>&amp;Unit:</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="102"/>
        <source>门牌号(&amp;R)：</source>
        <translation>&amp;Room number:</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="116"/>
        <source>分户(&amp;F)</source>
        <translation>Spli&amp;t</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="118"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="186"/>
        <source>请至少勾选一名分出的成员。</source>
        <translation>Tick at least one member who moves.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="189"/>
        <source>不能把全部成员都分出去：原户至少要留下一人。整户搬走请用“作废…”，只是换了门牌号请直接改门牌号。</source>
        <translation>Not every member can move out: at least one must stay. A household that moves away as a whole is voided (Void…); one that only changed rooms keeps its record with the new room number.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="192"/>
        <source>请选定新户的户主。</source>
        <translation>Choose the head of the new household.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="194"/>
        <source>请选择新户的安置点。</source>
        <translation>Choose the new household&apos;s site.</translation>
    </message>
</context>
<context>
    <name>SplitFlow</name>
    <message>
        <location filename="../../desktop/editor/split.py" line="228"/>
        <source>分户要从有两名以上在册成员的户中分出。请先登记并保存成员，再分户。</source>
        <translation>Only a household with at least two members can be split. Record the members first, then split.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="230"/>
        <source>这一户还没有保存，不能分户。请先选择安置点。</source>
        <translation>This household is not saved yet and cannot be split. Choose its site first.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="262"/>
        <source>没有分户：%1</source>
        <translation>Not split: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="277"/>
        <source>已撤销分户：成员回到了本户，新分出的一户已删除。</source>
        <translation>Split undone: the members are back in this household; the new household is deleted.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="283"/>
        <source>已分户：这是新分出的一户，成员带着就业记录和本人的帮扶措施搬过来了；原户的备注记下了这次分户。</source>
        <translation>Split: this is the new household; its members came with their jobs and their own measures. The old household&apos;s notes record the split.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="286"/>
        <source>请为%1填写“与户主关系”（右侧问题中有提示）。</source>
        <translation> Fill in the relation to the head for %1 (see the problems on the right).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="288"/>
        <source>原户的户主分出来了：请回到原户，指定新户主并改填其他成员的“与户主关系”。</source>
        <translation> The old household&apos;s head moved here: open the old household, name its new head and correct the others&apos; relation to the head.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="289"/>
        <source>分错了可以按“撤销分户”（Ctrl+Z）。</source>
        <translation> Split by mistake? Press Undo split (Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="290"/>
        <source>撤销分户</source>
        <translation>Undo split</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/split.py" line="303"/>
        <source>没有撤销分户：%1</source>
        <translation>Split not undone: %1</translation>
    </message>
</context>
<context>
    <name>StationsPage</name>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="43"/>
        <source>安置点</source>
        <extracomment>What a return file carries, by table, for the clerk&apos;s &quot;共 N 条记录（住户 1、审核意见 1）&quot;.</extracomment>
        <translation>Sites</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="44"/>
        <source>住户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="45"/>
        <source>成员</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="46"/>
        <source>就业经历</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="47"/>
        <source>走访记录</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="48"/>
        <source>帮扶措施</source>
        <translation>Support measures</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="49"/>
        <source>接受的提醒</source>
        <translation>Accepted warnings</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="50"/>
        <source>审核意见</source>
        <translation>Review decisions</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="69"/>
        <source>工作站</source>
        <extracomment>Columns whose text wraps onto a second line when the table has no room for every column on one line, the first first: the sites a station serves, the Anju version with its 需升级 note, the station&apos;s name. A county has a handful of stations, so a taller row costs little; in English on a 1366×768 laptop at 125% (and in Chinese during an upgrade) the times and counts after them were a sideways scroll away.</extracomment>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="70"/>
        <source>服务安置点</source>
        <translation>Sites served</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="71"/>
        <source>安居版本</source>
        <translation>Anju version</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="72"/>
        <source>最近批次</source>
        <translation>Last batch</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="73"/>
        <source>最近导入</source>
        <translation>Last import</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="74"/>
        <source>最近回执</source>
        <translation>Last return file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="75"/>
        <source>待写回执</source>
        <translation>Not yet in a return file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="76"/>
        <source>待处理冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="77"/>
        <source>登记时间</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="90"/>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="94"/>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="97"/>
        <source>停用工作站(&amp;D)…</source>
        <translation>Re&amp;voke station…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="100"/>
        <source>工作站的电脑丢失或被盗时停用它：县里不再接收它的批次，也不再为它写回执。</source>
        <translation>When a station&apos;s computer is lost or stolen, revoke the station: the county takes no more of its batches and writes it no return files.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="105"/>
        <source>登记工作站(&amp;E)…</source>
        <translation>&amp;Enrol station…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="106"/>
        <source>为新工作站写出登记包（可直接写到U盘），并显示只用一次的口令。</source>
        <translation>Write a new station&apos;s package (straight onto the USB stick if you like) and show its one-time passphrase.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="107"/>
        <source>新增安置点(&amp;A)…</source>
        <translation>&amp;Add site…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="108"/>
        <source>添加本县的安置点；它随下一次回执到达各工作站。</source>
        <translation>Add a site of the county; it reaches every station with its next return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="109"/>
        <source>写出回执(&amp;W)…</source>
        <translation>&amp;Write return file…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="111"/>
        <source>审核、退回和处理冲突之后，为所选工作站写出回执，让这些结果随U盘带回工作站。</source>
        <translation>After approving, returning and settling conflicts, write the selected station&apos;s return file so the stick takes them back to it.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="125"/>
        <source>工作站列表</source>
        <translation>Stations</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="175"/>
        <source>未能读取，原因见下。</source>
        <translation>Could not read it; the reason is below.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="187"/>
        <source>已登记 %1 个工作站，其中 %2 个尚未送来过批次。</source>
        <translation>%1 stations enrolled; %2 have not sent a batch yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="212"/>
        <source>安置点代码：%1</source>
        <translation>Site codes: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="221"/>
        <source>县里有 %1 户的新结果还没写进给该工作站的回执。选中它，点“写出回执…”，随U盘带回工作站。</source>
        <translation>The county has news about %1 households that no return file has taken to this station yet. Select it and click “Write return file…”; the USB stick takes it back.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="338"/>
        <source>%1（%2 户）</source>
        <translation>%1 (%2 households)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="340"/>
        <source>县里的新结果还没写进回执：%1。</source>
        <translation> Not yet in a return file: %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="434"/>
        <source>它取代了U盘上同一批次的旧回执。</source>
        <translation>It replaces the older return file for the same batch on the stick. </translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="470"/>
        <source>已停用，现名“%1”。若该站换了电脑，请点“登记工作站…”以原名重新登记。</source>
        <translation>Revoked; now named “%1”. If the station has a new computer, enrol it again under its own name with “Enrol station…”.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="230"/>
        <source>已停用：%1</source>
        <translation>Revoked: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="138"/>
        <source>“最近批次”是县里已收到该工作站的第几批（连同以前各批）；之后送来的批次若缺了前面的，导入时会说明缺哪一批。“最近回执”是县里最近一次为该工作站写出回执的时间；“待写回执”是此后县里有了新结果、还没写进回执的住户数（审核、冲突处理、别的工作站改了共用安置点的住户等），不是0的，选中后点“写出回执…”，随U盘带回工作站。“安居版本”是该工作站最近一批所用的安居：“需升级”的要有人带安装程序去安装；“未知”是县里升级后还没收到它的批次，它可能仍需升级。</source>
        <translation>“Last batch” is the station&apos;s latest batch the county has received (with every batch before it); if a later batch leaves out earlier ones, the import says which batch is missing. “Last return file” is when the county last wrote a return file for it; “Not yet in a return file” counts the households with news for it since then (a review, a settled conflict, another station&apos;s edit at a shared site): where it is not 0, select the station and click “Write return file…” so the news goes back on the USB stick. “Anju version” is the Anju of the station&apos;s latest batch: someone must bring the installer to a station marked “needs upgrade”; “Unknown” means no batch from it arrived since the county upgraded, so it may still need upgrading.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="201"/>
        <source>第 %1 批</source>
        <translation>batch %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="277"/>
        <source>该工作站尚未送来批次。</source>
        <translation>The station has not sent a batch yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="280"/>
        <source>县里已收到该工作站第 %1 批及以前各批的变更（到变更序号 %2）。之后送来的批次若与它之间缺了变更，导入时会说明缺哪一批、哪些变更序号，那一批不导入，并写出回执让工作站重新发送。</source>
        <translation>The county has the changes of this station&apos;s batch %1 and every batch before it (up to change %2). If a later batch leaves out changes after these, its import says which batch and which change numbers are missing, imports nothing from it, and writes a return file asking the station to send them again.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="291"/>
        <location filename="../../desktop/county/stations_page.py" line="296"/>
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="293"/>
        <source>%1（需升级到 %2）</source>
        <translation>%1 (needs upgrade to %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="295"/>
        <source>%1（比县里新）</source>
        <translation>%1 (newer than the county&apos;s)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="303"/>
        <source>县里的安居是 %1。下次去该工作站时带上 %1 的安装程序，装好后它的下一批会显示新版本。</source>
        <translation>The county runs Anju %1. Bring the %1 installer on the next visit to this station; once installed, its next batch shows the new version.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="309"/>
        <source>该工作站的安居比县里的 %1 新，请把县里电脑上的安居升级到同一版本。</source>
        <translation>This station&apos;s Anju is newer than the county&apos;s %1: upgrade Anju on the county&apos;s computer to the same version.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="314"/>
        <source>县里升级到 %1 之后还没收到这个工作站的批次，不知道它用的是哪个版本；它可能仍需升级。</source>
        <translation>No batch from this station arrived since the county upgraded to %1, so its version is not known; it may still need upgrading.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="326"/>
        <source>%1 个需升级到安居 %2</source>
        <translation>%1 need upgrading to Anju %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="328"/>
        <source>%1 个安居版本未知</source>
        <translation>%1 with Anju version unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="330"/>
        <source>%1。</source>
        <translation> %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="330"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="378"/>
        <source>已登记工作站“%1”，登记包：%2。</source>
        <translation>Station “%1” enrolled; package: %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="399"/>
        <source>已添加安置点 %1。它随下一次回执到达各工作站；登记工作站时可以勾选它。</source>
        <translation>Site %1 added. It reaches every station with its next return file; it can be checked when enrolling a station.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="411"/>
        <source>工作站“%1”已停用，不再为它写回执：拿着那台电脑的人不应再得到数据。若该站换了电脑，请点“登记工作站…”以原名重新登记。</source>
        <translation>Station “%1” was revoked; no return file is written for it: whoever holds that computer must get no more data. If the station has a new computer, enrol it again under its own name (Enrol station…).</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="337"/>
        <location filename="../../desktop/county/stations_page.py" line="429"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="433"/>
        <source>已为工作站“%1”写出回执：%2。</source>
        <translation>Return file for station “%1” written: %2. </translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="436"/>
        <source>共 %1 条记录（%2）。</source>
        <translation>%1 records (%2). </translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="438"/>
        <source>没有新的记录，回执只确认县里已收到的批次。</source>
        <translation>No new records; it only confirms the batches the county received. </translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="440"/>
        <source>请把U盘交给站长，在工作站的“同步”页点“导入回执…”导入。</source>
        <translation>Give the stick to the station admin, who imports it with “Import return file…” on the station&apos;s Sync page.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="451"/>
        <source>停用工作站</source>
        <translation>Revoke station</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="454"/>
        <source>停用“%1”后，县里不再接收它的批次，也不再为它写回执（U盘和联网都一样），拿着这台电脑的人得不到任何数据。若该站换了电脑，之后可以用原名重新登记。请写明原因：</source>
        <translation>Once “%1” is revoked, the county takes no more of its batches and writes it no return files (by USB stick or online): whoever has that computer gets no data. If the station moves to a new computer, it can be enrolled again under its own name. Say why:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="458"/>
        <source>笔记本电脑丢失</source>
        <translation>Laptop lost</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="459"/>
        <source>停用(&amp;D)</source>
        <translation>Re&amp;voke</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="460"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="199"/>
        <source>尚未登记工作站。</source>
        <translation>No station enrolled yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="253"/>
        <source>工作站由县级管理员在本页登记。登记好的工作站列在这里，连同各站最近送来的批次。</source>
        <translation>The county administrator enrols the stations on this page. Stations enrolled are listed here, with the last batch each has sent.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/stations_page.py" line="255"/>
        <source>工作站登记后，它导出的批次才能在县里导入。第一步：点上面的「登记工作站…」，填工作站名称，勾选它服务的安置点（本县还没有安置点的，先点「新增安置点…」），把登记包写到U盘。随后显示的一次性口令，请另行告诉站长（电话或当面）。

站长在工作站的「同步」页点「导入登记包…」，选U盘上的登记包、输入口令。之后该站导出的批次，在县里的「同步」页导入。登记好的工作站列在这里。</source>
        <translation>A station&apos;s batches can be imported at the county only once it is enrolled. First step: click “Enrol station…” above, type the station&apos;s name, tick the sites it serves (if the county has no site yet, first click “Add site…”) and write the enrolment package to a USB stick. Tell the station head the one-time passphrase shown next separately (by phone or in person).

At the station, the head clicks “Accept enrolment package…” on the Sync page, picks the package on the stick and types the passphrase. From then on, the batches the station exports are imported at the county on the Sync page. Stations enrolled are listed here.</translation>
    </message>
</context>
<context>
    <name>StatusActions</name>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="39"/>
        <source>本户已由县里审核通过（已审核），不用再标记为“已完成”。</source>
        <translation>The county has approved this household (Reviewed): it need not be marked complete again.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="41"/>
        <source>已标记为“已完成”。</source>
        <translation>Marked “Completed”.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="44"/>
        <source>（另有 %1 项）</source>
        <translation> (and %1 more)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="45"/>
        <source>还不能标记为“已完成”：%1%2</source>
        <translation>Cannot be marked “Completed” yet: %1%2</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="65"/>
        <source>只有站长或县级管理员可以作废住户。如果这户确属整户迁出、重复登记或误建，请告诉站长，写明原因后作废。</source>
        <translation>Only a station admin or the county can void a household. If the whole household has moved away, or was recorded twice or by mistake, ask the station admin to void it with the reason.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="70"/>
        <source>作废本户</source>
        <translation>Void this household</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="72"/>
        <source>作废后本户不再计入统计和待跟进名单，记录仍保留并同步到县里，列入“减员名单”。整户迁出安置点、重复登记或误建的住户才需要作废；只是有人去世、婚出、迁出或分户，请在家庭成员中为其减员。</source>
        <translation>A voided household leaves every count and follow-up list; its record is kept, synced to the county and listed on the 减员名单. Void only a household that moved away from the site as a whole, or was recorded twice or by mistake; when one member died, married out, moved away or split off, remove that member under 家庭成员 instead.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="75"/>
        <source>作废原因（必填，如：整户迁出至某县某地、重复登记）：</source>
        <translation>Reason (required, e.g. the whole household moved to …, recorded twice):</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="76"/>
        <source>作废(&amp;V)</source>
        <translation>&amp;Void</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="90"/>
        <source>这个错误只能由站长或县级管理员填写原因后接受。请对照证件改正，或请站长核实后接受。</source>
        <translation>Only a station admin or the county may accept this error with a reason. Correct it against the document, or ask the station admin to check and accept it.</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="93"/>
        <source>接受检查结果</source>
        <translation>Accept check result</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="95"/>
        <source>核实情况与原因（必填，会记录并上报）：</source>
        <translation>What was checked, and why it is right (required; recorded and reported):</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/status_actions.py" line="96"/>
        <source>接受(&amp;A)</source>
        <translation>&amp;Accept</translation>
    </message>
</context>
<context>
    <name>SyncLogModel</name>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="210"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="51"/>
        <source>定时</source>
        <translation>Timer</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="52"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="53"/>
        <source>命令行</source>
        <translation>Command line</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="54"/>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="57"/>
        <source>成功</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="58"/>
        <source>未连接</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="59"/>
        <source>被拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="60"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="64"/>
        <source>服务器忙</source>
        <extracomment>A failure that was the county server turning stations away while busy (HTTP 503): amber like 未连接, because it mends itself; red 失败 sent workers to call for help over the morning rush.</extracomment>
        <translation>Server busy</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="111"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="112"/>
        <source>方式</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="113"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="114"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="115"/>
        <source>发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="116"/>
        <source>收到</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="117"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="118"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>SyncLogPage</name>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="373"/>
        <source>在线同步记录</source>
        <translation>Online sync log</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="383"/>
        <location filename="../../desktop/sync_log_page.py" line="385"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="392"/>
        <source>同步记录</source>
        <translation>Sync log</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="406"/>
        <source>同步结果说明</source>
        <translation>What the result means</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="434"/>
        <source>本站还不知道县里服务器的地址，只能用U盘同步（同步 → 导出到U盘）。若县里有服务器，请县里设置它的地址，本站用U盘同步一次、导入回执后就能联网同步。</source>
        <translation>This station does not know the county server&apos;s address yet, so it syncs by USB stick only (Sync → Export to USB). If the county runs a server, ask the county to set its address: after one USB exchange (importing the return file) this station syncs online.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="439"/>
        <source>县里服务器：%1</source>
        <translation>County server: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="447"/>
        <source>还没有在线同步记录。</source>
        <translation>No online sync yet.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../desktop/sync_page.py" line="49"/>
        <source>导出批次</source>
        <translation>Batch exported</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="50"/>
        <source>导入批次</source>
        <translation>Batch imported</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="51"/>
        <source>写出回执</source>
        <translation>Return file written</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="52"/>
        <source>导入回执</source>
        <translation>Return file imported</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="53"/>
        <source>在线发送</source>
        <translation>Sent online</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="56"/>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="57"/>
        <location filename="../../desktop/sync_page.py" line="64"/>
        <source>已应用</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="58"/>
        <location filename="../../desktop/sync_page.py" line="66"/>
        <source>重复导入</source>
        <translation>Already imported</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="59"/>
        <source>已写出</source>
        <translation>Written</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="60"/>
        <location filename="../../desktop/sync_page.py" line="65"/>
        <source>无新变更</source>
        <translation>No new changes</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="67"/>
        <source>有缺口</source>
        <translation>Gap</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="68"/>
        <source>已拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="69"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="83"/>
        <source>时间</source>
        <extracomment>records may have changed (a return file, an enrolment, batches): tables elsewhere should re-read</extracomment>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="84"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="85"/>
        <source>工作站</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="86"/>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="87"/>
        <source>变更数</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="88"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="89"/>
        <location filename="../../desktop/sync_page.py" line="92"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="93"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="94"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="108"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="111"/>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="115"/>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="123"/>
        <source>导入登记包(&amp;P)…</source>
        <translation>Accept enrolment &amp;package…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="128"/>
        <source>导入新登记包(&amp;N)…</source>
        <translation>Accept a &amp;new package…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="137"/>
        <source>把工作站带来的批次文件（.batch）拖到这里，可以一次拖入多个文件或整个U盘文件夹。</source>
        <translation>Drop the stations&apos; batch files (.batch) here: many files at once, or the USB stick&apos;s folder.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="164"/>
        <source>各文件的导入结果</source>
        <translation>Outcome of each file</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="268"/>
        <source>本数据库还不是县里登记的工作站，不能同步。请导入县里发的登记包（%1 文件），并输入县里另行告知的一次性口令。县级数据库请用命令 anju county init 建立。</source>
        <translation>This database is not a station enrolled by the county, so it cannot sync. Accept the enrolment package the county gave you (a %1 file) and type the one-time passphrase it told you separately. A county database is made with the command anju county init.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="496"/>
        <source>（取代了U盘上第 %1 批的旧回执，工作站导入这一个即可）</source>
        <translation> (replaces the older return file for batch %1 on the stick; the station imports this one)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="510"/>
        <source>选择县里发的登记包</source>
        <translation>Choose the enrolment package from the county</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="512"/>
        <source>登记包 (*%1);;所有文件 (*)</source>
        <translation>Enrolment packages (*%1);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="523"/>
        <source>导入新登记包</source>
        <translation>Accept a new package</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="519"/>
        <source>只有县里重新登记了本站时才导入新登记包：例如本站换了电脑、从备份恢复了数据，县里拒收本站的批次并说“从旧备份恢复过”。导入后本站换用新登记包的身份：还没发到县里的修改随下一批发出，县里有而本站没有的数据随回执回来。</source>
        <translation>Accept a new package only when the county has enrolled this station again: for example, the station moved to a new computer or restored its data from a backup, and the county refuses its batches saying it was restored from an old backup. The station then takes the new package&apos;s identity: changes not yet sent go with the next batch, and what the county has and the station lacks comes back with the return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="523"/>
        <source>选择新登记包(&amp;P)…</source>
        <translation>Choose the new &amp;package…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="535"/>
        <source>正在导入登记包……</source>
        <translation>Accepting the enrolment package…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="565"/>
        <source>登记完成：本数据库现为“%1”的工作站“%2”，服务安置点 %3。之后的修改会随每次导出发送到县里。县里的安居版本较旧，还不支持工作站自己的密钥：本站沿用登记包里的密钥，县里才能读本站的批次。请立即把登记包文件从U盘上删除（拿到它和口令的人可以冒充本站）；县里把安居升级后，可以重新登记本站，换成本站自己的密钥。</source>
        <translation>Enrolled: this database is now station “%2” of “%1”, serving sites %3. Changes from now on go to the county with each export. The county&apos;s Anju is older and does not know stations&apos; own keys yet: this station keeps the keys in the package, so the county can read its batches. Delete the package file from the USB stick now (whoever has it and the passphrase can pose as this station); once the county has upgraded Anju, it can enrol this station again for keys of its own.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="576"/>
        <source>下一步：在“导入导出”里导入本站安置点的住户花名册（没有花名册也可以在“住户”里逐户新增）；在“设置”里为采集员添加账号；然后就可以入户采集了。</source>
        <translation>Next: import the roster of this station&apos;s sites in Excel (without one, add households one by one in Households); add the surveyors&apos; accounts in Settings; then start surveying.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="581"/>
        <source>下一步：导出到U盘带到县里导入（联网的工作站会自动同步），再导入县里写出的回执：本站还没发出的修改送到县里，县里有而本站没有的数据随回执回到本站。</source>
        <translation>Next: export to a USB stick and have the county import it (a connected station syncs by itself), then import the return file the county writes: the changes this station has not sent reach the county, and what the county has and this station lacks comes back with the return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="118"/>
        <source>导出到U盘(&amp;E)…</source>
        <translation>&amp;Export to USB stick…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="120"/>
        <source>导入回执(&amp;I)…</source>
        <translation>&amp;Import return file…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="141"/>
        <source>选择批次文件(&amp;B)…</source>
        <translation>Choose &amp;batch files…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="179"/>
        <source>打开回执所在文件夹(&amp;O)</source>
        <translation>&amp;Open the return files&apos; folder</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="185"/>
        <source>最近的同步记录</source>
        <translation>Recent exchanges</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="190"/>
        <source>同步记录</source>
        <translation>Exchanges</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="242"/>
        <source>同步 — %1的工作站“%2”</source>
        <translation>Sync — station “%2” of %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="245"/>
        <source>请导出到U盘，带到县里导入。</source>
        <translation>Export to a USB stick and take it to the county.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="247"/>
        <source>没有待发送的变更；仍可导出一批，带到县里换取最新的回执。</source>
        <translation>No changes to send; you can still export a batch and take it to the county for a fresh return file.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="250"/>
        <source>待发送到县里的变更：%1 条（下一批为第 %2 批）
最近导出：%3&#x3000;&#x3000;最近导入回执：%4
%5</source>
        <translation>Changes to send to the county: %1 (next batch: %2)
Last export: %3    Last return file: %4
%5</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="258"/>
        <source>同步 — 县级数据库“%1”</source>
        <translation>Sync — county database “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="261"/>
        <source>导入各工作站的批次文件后，每个工作站的回执会写在它的批次文件旁边（即原U盘上），请带回工作站导入。</source>
        <translation>After the stations&apos; batch files are imported, each station&apos;s return file is written beside its batch (on the stick it came on): take it back to the station to import.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="265"/>
        <source>同步 — 本数据库尚未登记</source>
        <translation>Sync — this database is not enrolled</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="349"/>
        <source>正在导出到 %1 ……</source>
        <translation>Exporting to %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="356"/>
        <source>请把U盘带到县里导入；县里写出的回执拿回来后，点“导入回执…”。</source>
        <translation>Take the USB stick to the county; when the return file comes back, click “Import return file…”.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="364"/>
        <source>选择县里的回执文件</source>
        <translation>Choose the county&apos;s return files</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="364"/>
        <source>回执文件 (*.return);;所有文件 (*)</source>
        <translation>Return files (*.return);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="374"/>
        <source>正在导入 %1 个回执文件……</source>
        <translation>Importing %1 return files…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="394"/>
        <source>已取消：已经导入的文件保持导入；另有 %1 个文件没有导入，数据库没有因它们改变，需要时请重新导入。</source>
        <translation>Cancelled: the files already imported stay imported; %1 more files were not imported and changed nothing. Import them again when needed.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="413"/>
        <source>选择工作站的批次文件（可多选）</source>
        <translation>Choose the stations&apos; batch files (several at once)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="415"/>
        <source>批次文件 (*.batch);;所有文件 (*)</source>
        <translation>Batch files (*.batch);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="433"/>
        <source>正在导入上一批文件，请等它完成后再拖入。</source>
        <translation>Still importing the last files; drop more when it is done.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="444"/>
        <source>正在校验并导入 %1 个文件……</source>
        <translation>Checking and importing %1 files…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="468"/>
        <source>已处理 %1 个文件：%2 个导入成功或无需导入，%3 个未导入（原因见下表）。</source>
        <translation>%1 files handled: %2 imported or nothing to import, %3 not imported (see why below).</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="483"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="487"/>
        <source>已写出回执，请带回对应的工作站，在“同步”中点“导入回执…”：</source>
        <translation>Return files written; take each back to its station and click “Import return file…” under “Sync”:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_page.py" line="561"/>
        <source>登记完成：本数据库现为“%1”的工作站“%2”，服务安置点 %3。之后的修改会随每次导出发送到县里。本站已生成自己的密钥，登记包文件已经没有用处：请把它从U盘上删除。</source>
        <translation>Enrolled: this database is now station “%2” of %1, serving sites %3. From now on, changes go to the county with each export. The station has made keys of its own, so the package file is of no further use: delete it from the USB stick.</translation>
    </message>
</context>
<context>
    <name>SyncScreens</name>
    <message>
        <location filename="../../desktop/county/common.py" line="40"/>
        <source>出现意外错误（%1）。没有丢失数据；请重试，若仍出错请把这条信息告诉技术支持。</source>
        <translation>Unexpected error (%1). No data was lost; try again, and if it happens again tell technical support.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/common.py" line="57"/>
        <source>操作结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/county/common.py" line="117"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/common.py" line="118"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/county/common.py" line="119"/>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="229"/>
        <source>在线同步：未设置服务器</source>
        <translation>Online sync: no server set</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="232"/>
        <source>● 正在同步…</source>
        <translation>● Syncing…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="249"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="251"/>
        <source>● 在线（上次同步被拒绝）</source>
        <translation>● Online (last sync refused)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="289"/>
        <source>，%1 后重试</source>
        <translation>, retrying in %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="255"/>
        <source>● 离线</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="240"/>
        <source>● 在线（县里服务器正忙）</source>
        <translation>● Online (the county server is busy)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="242"/>
        <source>● 在线（县里服务器暂时出错）</source>
        <translation>● Online (the county server had an error)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="258"/>
        <source>● 尚未同步</source>
        <translation>● Not synced yet</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="261"/>
        <source>待发送 %1 条</source>
        <translation>%1 changes to send</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="262"/>
        <source>上次同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="272"/>
        <source>%1 处修改待县里处理</source>
        <translation>%1 waiting for the county</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="277"/>
        <source>本站的这些修改与县里的修改冲突，等县里处理：处理前本站显示县里保留的值，本站的修改没有丢失，不必重新填写。点这里打开该户，可看到双方的值。</source>
        <translation>These changes of this station clash with changes made at the county and wait for the county&apos;s decision: until then the county&apos;s value is shown here. The station&apos;s changes are not lost; do not type them again. Click here to open the household and see both values.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="294"/>
        <source>%1 秒</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="295"/>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="312"/>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="318"/>
        <source>待县里处理的修改</source>
        <translation>Changes waiting for the county</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="327"/>
        <source>立即同步(&amp;Y)</source>
        <translation>S&amp;ync now</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_log_page.py" line="328"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>TableHeaders</name>
    <message>
        <location filename="../../desktop/table_headers.py" line="33"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="34"/>
        <source>户主</source>
        <translation>Head</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="35"/>
        <source>安置点</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="36"/>
        <source>楼栋单元门牌</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="37"/>
        <source>补助上限（元）</source>
        <translation>Limit (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="38"/>
        <source>公益性岗位类型</source>
        <translation>Post type</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="39"/>
        <source>意向工种</source>
        <translation>Work wanted</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="40"/>
        <source>文化程度</source>
        <translation>School</translation>
    </message>
    <message>
        <location filename="../../desktop/table_headers.py" line="41"/>
        <source>重复登记</source>
        <translation>Twice</translation>
    </message>
</context>
<context>
    <name>UnwritableDatabase</name>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="43"/>
        <source>选择安居数据库</source>
        <translation>Choose an Anju database</translation>
    </message>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="45"/>
        <source>数据库 (*.db *.sqlite)</source>
        <translation>Databases (*.db *.sqlite)</translation>
    </message>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="59"/>
        <source>改好后点“重试”。要打开另一份数据库（比如复制到本机的那一份），点“选择数据库…”。</source>
        <translation>Once it is put right, click “Retry”. To open another copy of the database (such as the one copied to this computer), click “Choose database…”.</translation>
    </message>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="66"/>
        <source>仍然不能保存到“%1”。</source>
        <translation>Still cannot save to “%1”.</translation>
    </message>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="71"/>
        <source>数据库不能保存</source>
        <translation>The database cannot be saved to</translation>
    </message>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="77"/>
        <source>重试(&amp;R)</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="80"/>
        <source>选择数据库(&amp;O)…</source>
        <translation>Ch&amp;oose database…</translation>
    </message>
    <message>
        <location filename="../../desktop/unwritable_database.py" line="83"/>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
</context>
<context>
    <name>UserSwitch</name>
    <message>
        <location filename="../../desktop/switch_user.py" line="56"/>
        <source>采集员</source>
        <translation>Surveyor</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="57"/>
        <source>站长</source>
        <translation>Station admin</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="58"/>
        <source>县级管理员</source>
        <translation>County clerk</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="318"/>
        <source>换人登录（Ctrl+Shift+L）：锁定，由下一位输入自己的用户名和密码。点右边的箭头可修改密码</source>
        <translation>Switch user (Ctrl+Shift+L): lock, for the next person to type their own user name and password. The arrow on the right offers Change password</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="323"/>
        <source>换人登录(&amp;H)	Ctrl+Shift+L</source>
        <translation>&amp;Switch user	Ctrl+Shift+L</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="324"/>
        <source>锁定(&amp;L)	Ctrl+L</source>
        <translation>&amp;Lock	Ctrl+L</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="326"/>
        <source>修改密码(&amp;P)…</source>
        <translation>Change &amp;password…</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="338"/>
        <source>正在打开数据库，请稍候再修改密码。</source>
        <translation>Opening the database; change the password in a moment.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="347"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="355"/>
        <source>“导入导出”正在导入或导出 Excel。请等它完成后再换人登录。</source>
        <translation>“Import/export” is importing or exporting Excel. Wait until it has finished, then switch user.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="357"/>
        <source>“同步”正在导出或导入文件。请等它完成后再换人登录。</source>
        <translation>“Sync” is exporting or importing files. Wait until it has finished, then switch user.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="366"/>
        <source>新增的一户：还没有选择安置点，填写的内容一项也没有保存。</source>
        <translation>A new household: no site chosen yet, so nothing typed in it has been saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="368"/>
        <source>正在编辑的一户：最近的修改没有保存（如磁盘已满）。</source>
        <translation>The household being edited: the latest changes were not saved (a full disk, for example).</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="370"/>
        <source>没有完成的对话框“%1”。</source>
        <translation>An unfinished dialog “%1”.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="382"/>
        <source>现在不能换人</source>
        <translation>Cannot switch user now</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="400"/>
        <source>有内容没有保存</source>
        <translation>Something is not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="402"/>
        <source>换人登录后，下面这些内容会丢失：
%1
要保留，请留下，先选择安置点或解决保存问题，再换人。</source>
        <translation>Switching user loses the following:
%1
To keep it, stay: choose the site or solve the saving problem first, then switch.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="404"/>
        <location filename="../../desktop/switch_user.py" line="449"/>
        <source>丢弃并换人(&amp;D)</source>
        <translation>&amp;Discard and switch</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="404"/>
        <source>留下(&amp;S)</source>
        <translation>&amp;Stay</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="420"/>
        <source>正在保存上一位的修改……</source>
        <translation>Saving the previous user’s changes…</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="442"/>
        <source>%1有内容没有保存</source>
        <translation>%1 left something unsaved</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="444"/>
        <source>%1离开时，下面这些内容没有保存：
%2
换人登录会丢弃这些内容。要保留，请%1用自己的密码解锁，处理后再换人。</source>
        <translation>When %1 left, the following was not saved:
%2
Switching user discards it. To keep it, let %1 unlock with their own password and deal with it, then switch.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="449"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="462"/>
        <source>已换人登录：%1</source>
        <translation>Switched user: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="473"/>
        <source>“导入导出”正在导入或导出 Excel：退出会取消它，导入的数据一条也不会保存。</source>
        <translation>“Import/export” is importing or exporting Excel: quitting cancels it, and none of the imported data is saved.</translation>
    </message>
</context>
<context>
    <name>VisitsPanel</name>
    <message>
        <location filename="../../desktop/editor/visits.py" line="22"/>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/visits.py" line="24"/>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/visits.py" line="24"/>
        <source>走访人</source>
        <translation>Visited by</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/visits.py" line="24"/>
        <source>走访结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/visits.py" line="24"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/visits.py" line="25"/>
        <source>新增走访(&amp;V)</source>
        <translation>New &amp;visit</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/visits.py" line="26"/>
        <source>删除走访</source>
        <translation>Delete visit</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/visits.py" line="27"/>
        <source>暂无走访记录。每次入户或电话核实后，点“新增走访”记一笔。</source>
        <translation>No visits yet. After each home visit or check by phone, click “New visit” to record it.</translation>
    </message>
</context>
<context>
    <name>WindowLock</name>
    <message>
        <location filename="../../desktop/switch_user.py" line="146"/>
        <source>正在保存%1的修改……</source>
        <translation>Saving %1’s changes…</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="162"/>
        <location filename="../../desktop/switch_user.py" line="275"/>
        <source>%1有内容没有保存</source>
        <translation>%1 has unsaved work</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="164"/>
        <source>%1离开时，下面这些内容没有保存：
%2
退出安居会丢弃这些内容。要保留，请%1用自己的密码解锁，处理后再退出。</source>
        <translation>When %1 left, the following was not saved:
%2
Quitting Anju discards it. To keep it, let %1 unlock with their own password and deal with it, then quit.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="169"/>
        <source>丢弃并退出(&amp;D)</source>
        <translation>&amp;Discard and quit</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="169"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="195"/>
        <source>正在导入或导出</source>
        <translation>Import or export running</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="196"/>
        <source>Excel 导入或导出还没有完成。现在关闭会取消它：导入的数据一条也不会保存。确定关闭吗？</source>
        <translation>An Excel import or export has not finished. Closing now cancels it: nothing of an import is saved. Close anyway?</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="208"/>
        <source>修改没有保存</source>
        <translation>Changes not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="210"/>
        <source>正在编辑的这一户，最近的修改没有保存（如磁盘已满）。现在关闭会丢失这些修改。请先腾出磁盘空间，在这一户按 Ctrl+S，看到“已保存”后再关闭。确定现在关闭吗？</source>
        <translation>The latest changes to the household being edited are not saved (e.g. the disk is full). Closing now loses them. Free some disk space, press Ctrl+S on the household, and close once it says “Saved”. Close now anyway?</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="216"/>
        <source>这一户还没有保存</source>
        <translation>This household is not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="218"/>
        <source>正在新增的这一户还没有选择安置点，填写的内容一项也没有保存。现在关闭会丢弃这些内容。要保留，请先选择安置点再关闭。确定现在关闭吗？</source>
        <translation>The new household has no site chosen yet, so nothing typed in it has been saved. Closing now discards it. To keep it, choose the site first, then close. Close now anyway?</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="262"/>
        <source>Windows 正在注销或关机。%1离开时，下面这些内容没有保存：
%2
继续会丢弃这些内容。要保留，请点“取消注销”，由%1用自己的密码解锁，处理后再注销或关机。</source>
        <translation>Windows is signing out or shutting down. When %1 left, the following was not saved:
%2
Going on discards it. To keep it, click “Cancel sign-out”, let %1 unlock with their own password and deal with it, then sign out or shut down.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="270"/>
        <source>Windows 正在注销或关机。下面这些内容没有保存：
%1
继续会丢弃这些内容。要保留，请点“取消注销”，处理后再注销或关机。</source>
        <translation>Windows is signing out or shutting down. The following is not saved:
%1
Going on discards it. To keep it, click “Cancel sign-out”, deal with it, then sign out or shut down.</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="282"/>
        <source>丢弃并注销(&amp;D)</source>
        <translation>&amp;Discard and sign out</translation>
    </message>
    <message>
        <location filename="../../desktop/switch_user.py" line="283"/>
        <source>取消注销(&amp;C)</source>
        <translation>&amp;Cancel sign-out</translation>
    </message>
</context>
<context>
    <name>WorkProgress</name>
    <message>
        <location filename="../../desktop/page_parts.py" line="142"/>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../desktop/page_parts.py" line="148"/>
        <source>取消(&amp;C)</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/page_parts.py" line="150"/>
        <source>取消正在进行的工作</source>
        <translation>Cancel the work in progress</translation>
    </message>
    <message>
        <location filename="../../desktop/page_parts.py" line="193"/>
        <source>正在取消……当前这一步做完后停止。</source>
        <translation>Cancelling… it stops when the current step is done.</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message numerus="yes">
        <location filename="../../desktop/worklists_page.py" line="237"/>
        <source>此人的证件号码也登记在另外 %n 户（重复人员），本清单只列一次。发放前请核实此人实际住在哪一户、是否已在另一户领取；重复登记请县里在“重复人员”中合并。</source>
        <translation>
            <numerusform>This person&apos;s ID number is also recorded in %n other household (a duplicate person); the list names them once. Before paying, check which household they live in and whether they were paid there; ask the county to merge the duplicate (重复人员).</numerusform>
            <numerusform>This person&apos;s ID number is also recorded in %n other households (a duplicate person); the list names them once. Before paying, check which household they live in and whether they were paid there; ask the county to merge the duplicate (重复人员).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/worklists_page.py" line="270"/>
        <source>另有 %n 户登记此人，请核实</source>
        <translation>
            <numerusform>Also in %n other household: check</numerusform>
            <numerusform>Also in %n other households: check</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/worklists_page.py" line="274"/>
        <source>已到期 %n 天</source>
        <translation>
            <numerusform>%n d ago</numerusform>
            <numerusform>%n d ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorklistsPage</name>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有零就业家庭：有劳动力的户都至少有一人就业。</source>
        <translation>No zero-employment households: every household with labour has at least one member employed.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有就业转失业人员：今年务工结束的人都已重新就业，或没有人结束务工。</source>
        <translation>Nobody became unemployed: everyone whose work ended this year is employed again, or nobody&apos;s work ended.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有有就业意愿未就业人员：有就业意愿的劳动力都已就业。</source>
        <translation>Nobody wants work and is not employed: all labour who want work are employed.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有有培训意愿人员：没有成员登记了有培训意愿。</source>
        <translation>Nobody wants training: no member is recorded as wanting training.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有两后生：没有成员登记为两后生。</source>
        <translation>No 两后生: no member is recorded as having left school after junior or senior high.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有符合一次性外出务工交通补助条件的人员：今年没有尚未领取的脱贫户成员跨省稳定就业达到规定月数。</source>
        <translation>Nobody is eligible for the one-off travel subsidy: no member of a 脱贫户 not yet paid has worked stably outside the province for the required months this year.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有符合就业创业服务补助条件的人员：今年没有脱贫户成员经有组织劳务输出稳定就业达到规定月数。</source>
        <translation>Nobody is eligible for the employment service subsidy: no member of a 脱贫户 has worked stably through organised labour export for the required months this year.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有即将到期的公益性岗位合同：在岗人员的合同在提醒天数内都不到期。</source>
        <translation>No public-welfare post contracts ending soon: no current contract ends within the notice days.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>没有暂无证件号码人员：每个成员都登记了证件号码。</source>
        <translation>Nobody is without an ID number: every member has one recorded.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="1"/>
        <source>清单上现在没有人。</source>
        <translation>Nobody is on this list now.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="90"/>
        <source>安置点</source>
        <extracomment>On a narrower page the names give the table room, down to this (three lines for the longest, in Chinese) or to as narrow as keeps every name in view (in English, whose names are longer, about 170 on the laptop). Their 200 pixels put 两后生 and the subsidy lists a sideways scroll wide on a 1366×768 laptop at 125%. What the table keeps before the names narrow: what 合同即将到期, the widest list (eleven columns, 户编号 and 证件号码 among them), needs in English with a vertical scroll bar. On 1280×800 the names are about 186 pixels. Columns of free text that may be narrowed (cut with “…”, whole in a tooltip) when the table has no room for every column, the first first: 楼栋单元门牌 last, as what a worker finds a household by (重复登记&apos;s warning is red, and its tooltip says it whole). Names, dates, counts and the long numbers stay whole (but `NUMBERS_GIVE_WAY`). Long numbers that may be narrowed too on a list whose free text at its narrowest leaves it too wide, after the free text and before 楼栋单元门牌 (whose narrowest shows the room alone, not the building the worker goes to). 合同即将到期, with two dates, the days left, 户编号, 证件号码 and 联系电话, stayed 82 pixels too wide on a 1366×768 laptop at 125% in Chinese and 148 in English: its 户编号 gives way first, which nobody acts on here, then its 证件号码. Both are cut at their start, keeping their last digits (a household&apos;s serial in its village; an ID&apos;s last four, what a person is asked to confirm), and are whole in the cell&apos;s tooltip and in the household the row opens. The name, the phone, the dates and the days left stay whole. Headers of the columns every row names (`WorklistRow` attributes); the member ones on a member list only.</extracomment>
        <translation>Resettlement site</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="91"/>
        <source>楼栋单元门牌</source>
        <translation>Building/unit/room</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="92"/>
        <source>户主</source>
        <translation>Household head</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="93"/>
        <source>户编号</source>
        <translation>National household number</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="94"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="95"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="96"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="101"/>
        <source>劳动力人数</source>
        <extracomment>Headers for the list-specific columns of `forms.worklists` rows, in the order a list shows them (as its Excel list does: 合同开始 before 合同结束, the amount before 重复登记); they were sorted by key, 合同结束 first.</extracomment>
        <translation>Labour members</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="103"/>
        <source>措施计划完成日期</source>
        <translation>Measure due date</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="104"/>
        <source>未完成措施数</source>
        <translation>Open measures</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="107"/>
        <source>重复登记</source>
        <translation>Recorded twice</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="102"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="105"/>
        <source>补助金额（元）</source>
        <translation>Subsidy (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="106"/>
        <source>补助上限（元）</source>
        <translation>Subsidy limit (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="108"/>
        <source>最近结束时间</source>
        <translation>Last job ended</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="109"/>
        <source>就业形式</source>
        <translation>Form of employment</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="110"/>
        <source>公益性岗位类型</source>
        <translation>Type of public-welfare post</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="111"/>
        <source>合同开始</source>
        <translation>Contract start</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="112"/>
        <source>合同结束</source>
        <translation>Contract end</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="113"/>
        <source>剩余天数</source>
        <translation>Days left</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="114"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="115"/>
        <source>文化程度</source>
        <translation>Education</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="116"/>
        <source>就业意愿</source>
        <translation>Wants a job</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="117"/>
        <source>意向工种</source>
        <translation>Kind of work wanted</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="118"/>
        <source>培训意愿</source>
        <translation>Wants training</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="119"/>
        <source>培训工种</source>
        <translation>Training wanted in</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="120"/>
        <source>两后生</source>
        <translation>“Two-after” youth</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="121"/>
        <source>开始时间</source>
        <translation>Start month</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="122"/>
        <source>务工地域</source>
        <translation>Place of work</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="123"/>
        <source>务工企业名称</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="124"/>
        <source>已务工月数</source>
        <translation>Months worked</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="250"/>
        <source>该户有未完成的帮扶措施，但没有填写计划完成日期：请补填计划完成日期。</source>
        <translation>This household has an open support measure without a planned date: fill in its planned date.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="265"/>
        <source>措施未定完成日期</source>
        <translation>Measure has no planned date</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="359"/>
        <source>待跟进清单</source>
        <extracomment>The day to count from when the computer&apos;s date cannot be today (the main window&apos;s clock check says).</extracomment>
        <translation>Follow-up lists</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="374"/>
        <source>清单内容</source>
        <translation>List contents</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="472"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="484"/>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/worklists_page.py" line="508"/>
        <source>%n 条</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/worklists_page.py" line="509"/>
        <source>涉及 %n 户</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="511"/>
        <source>%1：%2，%3</source>
        <translation>%1: %2 in %3</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="525"/>
        <source>；%1 户措施已过计划完成日期，%2 户尚未制定措施</source>
        <translation>; %1 past their measure&apos;s planned date, %2 without a support measure</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="530"/>
        <source>，%1 户措施未定完成日期</source>
        <translation>, %1 with a measure but no planned date</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/worklists_page.py" line="533"/>
        <source>；%n 人在多户中登记，发放前请核实</source>
        <translation>
            <numerusform>; %n person recorded in more than one household: check before paying</numerusform>
            <numerusform>; %n people recorded in more than one household: check before paying</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="266"/>
        <source>未制定措施</source>
        <translation>No measure</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="248"/>
        <source>该户没有未完成的帮扶措施：请走访并制定措施。</source>
        <translation>This household has no open support measure: visit it and plan one.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="255"/>
        <source>措施计划完成日期已过 %1 天：请走访跟进。</source>
        <translation>The measure&apos;s planned date passed %1 days ago: visit and follow up.</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="279"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/worklists_page.py" line="281"/>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>YesNoInput</name>
    <message>
        <location filename="../../desktop/editor/widgets.py" line="503"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/widgets.py" line="504"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/editor/widgets.py" line="505"/>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/app.py" line="171"/>
        <source>选择安居数据库</source>
        <translation>Choose an Anju database</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="173"/>
        <source>数据库 (*.db *.sqlite)</source>
        <translation>Databases (*.db *.sqlite)</translation>
    </message>
</context>
</TS>

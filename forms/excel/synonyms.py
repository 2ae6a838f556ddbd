"""Other wordings of the national category values, as county 台账 write them, and the value each one means.

Only wordings with one meaning are here: "妻子" is 配偶 and "高一" is 普通高中一年级, but "务工" (in the county or
outside it?) is not, and stays a reported problem. Keys are compared after NFKC and without spaces, like the
values themselves. `SUFFIXES` are words that may trail a value ("视力残疾" → 视力, "小学文化" → 小学, "3栋" → 3).
`EMPTY_WORDS` are answers that mean "none" where the list allows an empty answer ("非在校生" for 在校生状况).
"""

from __future__ import annotations


def _each(value: str, *words: str) -> dict[str, str]:
    return dict.fromkeys(words, value)


SYNONYMS: dict[str, dict[str, str]] = {
    "relation": {
        **_each("户主", "本人", "户主本人"),
        **_each("配偶", "妻", "妻子", "丈夫", "夫", "爱人", "老婆", "老公"),
        **_each("之子", "子", "儿子", "长子", "次子", "三子", "四子", "独子", "养子", "继子"),
        **_each("之女", "女", "女儿", "长女", "次女", "三女", "四女", "独女", "养女", "继女"),
        **_each("之儿媳", "儿媳", "媳妇", "儿媳妇"),
        **_each("之外孙子", "外孙"),
        **_each("之父", "父", "父亲"),
        **_each("之母", "母", "母亲"),
        **_each("之祖父", "爷爷"),
        **_each("之祖母", "奶奶"),
        **_each("之外祖父", "外公"),
        **_each("之外祖母", "外婆"),
        **_each("之兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹", "兄弟", "姐妹"),
        **_each("之曾孙子", "曾孙"),
        **_each("之侄儿", "侄子"),
        **_each("之兄弟媳妇", "弟媳", "嫂子", "嫂嫂"),
        **_each("之叔伯", "叔叔", "伯父", "叔父"),
        **_each("其他", "其它", "其他亲属", "其他关系"),
    },
    "education": {
        **_each("文盲或半文盲", "文盲", "半文盲", "文盲半文盲", "文盲/半文盲"),
        # 高中 in the national list includes 中专, 职高 and 技校 (高中(含中专)).
        **_each("高中", "中专", "职高", "技校", "中职", "高中(含中专)"),
        **_each("大专", "大学专科", "专科", "高职"),
        **_each("本科及以上", "本科", "大学本科", "大学", "研究生", "硕士", "博士", "大学及以上", "本科以上"),
    },
    "student_status": {
        **_each("学龄前儿童", "学龄前"),
        **_each("学前教育", "学前", "幼儿园"),
        **_each("七年级", "初一", "初中一年级"),
        **_each("八年级", "初二", "初中二年级"),
        **_each("九年级", "初三", "初中三年级"),
        **_each("普通高中一年级", "高一", "高中一年级"),
        **_each("普通高中二年级", "高二", "高中二年级"),
        **_each("普通高中三年级", "高三", "高中三年级"),
        **_each("小学", "小学一年级", "小学二年级", "小学三年级", "小学四年级", "小学五年级", "小学六年级"),
        **_each("小学", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级"),
        **_each("本科一年级", "大一"),
        **_each("本科二年级", "大二"),
        **_each("本科三年级", "大三"),
        **_each("本科四年级", "大四"),
        **_each("硕士研究生及以上", "研究生", "硕士", "博士", "硕士研究生"),
    },
    "health": {
        **_each("健康", "良好", "身体健康"),
        **_each("长期慢性病", "慢性病", "患慢性病"),
        **_each("患有大病", "大病", "患大病", "重病", "重大疾病"),
        **_each("残疾", "残疾人"),
    },
    "labour_skill": {
        **_each("普通劳动力", "普通", "一般劳动力"),
        **_each("技能劳动力", "技能", "技术劳动力"),
        **_each("弱劳动力或半劳动力", "弱劳动力", "半劳动力", "弱劳动力/半劳动力", "弱劳动力、半劳动力"),
        **_each("丧失劳动力", "丧失劳动能力"),
        **_each("无劳动力", "无劳动能力"),
    },
    "id_type": {
        **_each("居民身份证", "身份证", "二代身份证", "第二代居民身份证"),
        **_each("残疾人证", "残疾证"),
        **_each("其他", "其它"),
        **_each("暂无证件号码", "暂无", "暂无证件", "无证件", "无证件号码", "未落户"),
    },
    "relocation_type": {
        **_each("建档立卡搬迁户(卡户)", "卡户", "建档立卡户", "建档立卡搬迁户", "建档立卡贫困户"),
        **_each("同步搬迁户(随迁户)", "随迁户", "同步搬迁户"),
    },
    "household_type": {
        **_each("脱贫户", "已脱贫户", "脱贫人口"),
        **_each("一般农户", "一般户", "非贫困户"),
    },
    "monitoring_type": {
        **_each("边缘易致贫户", "边缘户", "边缘易致贫"),
        **_each("脱贫不稳定户", "脱贫不稳定"),
        **_each("突发严重困难户", "突发困难户", "突发严重困难"),
    },
    "employment_form": {
        **_each("乡村公益性岗位", "公益性岗位", "公益岗", "乡村公益岗", "公益岗位"),
        **_each("就业帮扶车间", "帮扶车间", "扶贫车间"),
        **_each("自主创业(含返乡创业)", "自主创业", "返乡创业", "创业"),
        **_each("外出务工", "外出打工"),
        **_each("农业生产经营", "务农", "种养殖", "农业生产"),
        **_each("其他", "其它"),
    },
    "place_scope": {
        **_each("县内", "县内务工", "本县"),
        **_each("省内县外", "县外省内", "省内", "省内务工"),
        **_each("省外", "省外务工", "外省", "跨省"),
        **_each("国外", "境外", "出国"),
    },
    "welfare_post_type": {
        **_each("保洁", "保洁员"),
        **_each("护林", "护林员", "生态护林员"),
        **_each("治安巡逻", "巡逻", "治安员", "巡逻员"),
        **_each("道路养护", "护路员", "道路维护"),
        **_each("河道管护", "河道保洁", "护河员"),
        **_each("其他", "其它"),
    },
    "unemployment_reason": {
        **_each("照顾老人小孩", "照顾家庭", "照顾老人", "照顾小孩"),
        **_each("患病", "生病", "疾病"),
        **_each("缺乏技能", "无技能", "没有技能"),
        **_each("无就业意愿", "不愿就业", "不想就业"),
        **_each("年龄偏大", "年龄大", "年纪大"),
        **_each("其他", "其它"),
    },
}

SUFFIXES: dict[str, tuple[str, ...]] = {
    "disability": ("残疾",),
    "education": ("文化", "毕业", "学历"),
    "building": ("号楼", "栋", "幢", "楼"),
    "unit": ("单元",),
    "room": ("室", "号"),
}

EMPTY_WORDS: dict[str, frozenset[str]] = {
    "student_status": frozenset(("否", "非在校生", "不在校", "未在校", "不是", "非学生")),
    "monitoring_type": frozenset(("否", "非监测对象", "不是", "一般")),
    "disability": frozenset(("否", "无残疾", "非残疾")),
    "welfare_post_type": frozenset(("否",)),
    "unemployment_reason": frozenset(("否",)),
}

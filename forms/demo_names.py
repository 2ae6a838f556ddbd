"""Tables for the demo data (`forms.demo`): one Yunnan county, the people who moved from it, and where they work.

The county, its prefecture and the neighbouring counties are real (their ID address codes are read from
python-stdnum's GB/T 2260 table); towns are the county's real 乡镇; villages, hamlets, sites, companies and people
are made up from common parts so they look right to a station worker without naming anyone real. The weights are
rough shares, chosen to look like a county ledger, not measured.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any, Generic, TypeVar

K = TypeVar("K")


class Weighted(Generic[K]):
    """A weighted choice with precomputed cumulative weights (each pick is one bisect)."""

    def __init__(self, pairs: Sequence[tuple[K, int]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> K:
        return rng.choices(self.items, cum_weights=self.cum)[0]


PROVINCE = "云南省"
COUNTY = "会泽县"
COUNTY_CODE = "530326"
COUNTY_STEM = "会泽"  # the name without 县, as python-stdnum's table has it under several codes
PREFECTURE = "曲靖市"

#: Towns people moved from (乡镇 of 会泽县), with a GB/T 10114-style code (1xx 镇, 2xx 乡).
ORIGIN_TOWNS: tuple[tuple[str, str], ...] = (
    ("101", "娜姑镇"), ("102", "迤车镇"), ("103", "待补镇"), ("104", "矿山镇"), ("105", "者海镇"),
    ("106", "大井镇"), ("107", "乐业镇"), ("201", "大桥乡"), ("202", "马路乡"), ("203", "火红乡"),
    ("204", "老厂乡"), ("205", "五星乡"), ("206", "雨碌乡"), ("207", "大海乡"), ("208", "上村乡"),
    ("209", "田坝乡"), ("210", "纸厂乡"), ("211", "驾车乡"), ("212", "鲁纳乡"), ("213", "新街回族乡"),
)  # fmt: skip
#: Where the sites are: the two 街道 built for the relocated, the county town, and a few 镇 sites.
SITE_TOWNS: tuple[tuple[str, int], ...] = (
    ("以礼街道", 30), ("钟屏街道", 30), ("宝云街道", 10), ("古城街道", 6), ("者海镇", 4), ("娜姑镇", 3),
    ("待补镇", 3), ("大井镇", 3),
)  # fmt: skip
SITE_NAMES = (
    "翠屏", "康居", "幸福", "兴和", "安康", "惠民", "龙泉", "青云", "和谐", "阳光", "新兴", "锦绣", "同心",
    "富康", "乐居", "温泉", "金钟", "以礼", "映山", "福禄", "顺和", "祥和", "安居", "宜居", "新城", "丰泽",
)  # fmt: skip
ROADS = ("翠屏路", "以礼大道", "钟屏北路", "康居路", "金钟大道", "迎宾路", "安居路", "龙泉路", "文昌路", "新城大道")
#: Counties whose people married into the county (ID address codes of theirs appear in spouses' IDs).
NEIGHBOUR_COUNTIES = ("宣威", "巧家", "鲁甸", "寻甸", "东川")

VILLAGE_HEADS = (
    "大", "小", "新", "老", "上", "下", "中", "黑", "白", "青", "红", "马", "羊", "牛", "岩", "石", "松", "梨",
    "核桃", "海", "龙", "凤", "水", "干", "箐", "杨", "李", "张", "陈", "铁", "银", "金", "花", "木", "竹", "菜",
)  # fmt: skip
VILLAGE_TAILS = (
    "坪", "沟", "箐", "河", "山", "坝", "田", "湾", "塘", "营", "寨", "厂", "场", "岩", "坡", "地", "头", "口",
    "梁子", "垭口", "冲", "凹", "槽", "屯", "林", "哨", "铺", "村",
)  # fmt: skip

#: Surnames with weights (rough shares in north-east Yunnan).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("张", 60), ("李", 70), ("王", 50), ("刘", 40), ("陈", 35), ("杨", 45), ("赵", 25), ("黄", 15), ("周", 18),
    ("吴", 15), ("徐", 10), ("孙", 10), ("朱", 15), ("马", 25), ("胡", 15), ("郭", 8), ("何", 14), ("罗", 20),
    ("高", 10), ("邓", 12), ("冯", 8), ("曾", 6), ("沈", 4), ("鲁", 12), ("普", 6), ("代", 10), ("付", 10),
    ("余", 10), ("蒋", 6), ("田", 8), ("唐", 6), ("钱", 4), ("缪", 5), ("尹", 8), ("邹", 6), ("叶", 5),
    ("夏", 5), ("潘", 6), ("丁", 6), ("纳", 4), ("沙", 3), ("保", 3), ("禄", 4), ("安", 5), ("龙", 6),
    ("邵", 6), ("肖", 8), ("卢", 6), ("吕", 6), ("段", 8), ("范", 6), ("包", 4), ("聂", 5), ("敖", 3),
)  # fmt: skip
#: Given-name characters by generation (older people, middle-aged, young), male and female.
MALE_OLD = "贵富荣发才祥昌德福寿金银明华国学文武正光有开兴顺成云宗"
FEMALE_OLD = "芬英兰秀珍美仙菊花翠香凤莲桂芝琼粉存会友春焕"
MALE_MID = "强军勇伟杰涛斌平刚林海波辉超建东鹏飞龙江洪亮兵磊剑锋"
FEMALE_MID = "丽艳燕萍梅娟敏霞玲红芳琴丹莉娇雪琳慧静蓉艳婷"
MALE_YOUNG = "浩然宇轩子涵俊杰博文梓睿泽皓晨阳逸鑫锦程宸"
FEMALE_YOUNG = "欣怡雨桐思琪语嫣诗涵梦瑶可馨紫萱一诺佳悦"
MIDDLE_CHARS = "永家正国天志自成德光明朝学世绍兴开"

#: Ethnicity of a household in the county, with weights.
ETHNICITY = Weighted((
    ("汉族", 820), ("彝族", 80), ("回族", 45), ("苗族", 30), ("布依族", 10), ("壮族", 5), ("水族", 3),
    ("白族", 3), ("哈尼族", 2), ("傣族", 2),
))  # fmt: skip

#: Where migrant workers go: (province scope, 务工所在地, weight).
PLACES_OUT_OF_PROVINCE: tuple[tuple[str, int], ...] = (
    ("浙江省宁波市北仑区", 12), ("浙江省宁波市慈溪市", 10), ("浙江省温州市瑞安市", 6), ("浙江省嘉兴市海宁市", 6),
    ("浙江省金华市义乌市", 6), ("浙江省台州市温岭市", 5), ("广东省东莞市", 12), ("广东省深圳市宝安区", 10),
    ("广东省佛山市南海区", 6), ("广东省广州市白云区", 5), ("广东省惠州市惠阳区", 4), ("福建省泉州市晋江市", 8),
    ("福建省福州市福清市", 4), ("福建省厦门市集美区", 4), ("上海市松江区", 5), ("上海市嘉定区", 4),
    ("江苏省苏州市昆山市", 5), ("江苏省无锡市江阴市", 2), ("贵州省六盘水市钟山区", 2), ("四川省成都市双流区", 2),
)  # fmt: skip
PLACES_IN_PROVINCE: tuple[tuple[str, int], ...] = (
    ("云南省昆明市官渡区", 25), ("云南省昆明市五华区", 10), ("云南省昆明市呈贡区", 8), ("云南省昆明市安宁市", 6),
    ("云南省曲靖市麒麟区", 20), ("云南省曲靖市宣威市", 6), ("云南省玉溪市红塔区", 6), ("云南省昭通市昭阳区", 5),
    ("云南省楚雄彝族自治州楚雄市", 4), ("云南省红河哈尼族彝族自治州蒙自市", 3),
)  # fmt: skip
PLACES_ABROAD = ("老挝万象", "泰国曼谷", "新加坡", "柬埔寨金边")
HOME_PLACE = f"{PROVINCE}{PREFECTURE}{COUNTY}"

COMPANY_WORDS = (
    "华盛", "鑫达", "恒通", "宏远", "立信", "永泰", "新丰", "金源", "美达", "顺发", "丰源", "瑞祥", "鸿运", "盛达",
    "天成", "宇航", "东方", "华联", "佳和", "万通",
)  # fmt: skip
#: (business word, 所属行业 GB/T 4754 section) for employers.
TRADES: tuple[tuple[str, str, int], ...] = (
    ("电子", "制造业", 20), ("服装", "制造业", 12), ("鞋业", "制造业", 8), ("食品", "制造业", 6),
    ("塑胶", "制造业", 5), ("五金", "制造业", 5), ("建筑工程", "建筑业", 18),
    ("物流", "交通运输、仓储和邮政业", 6), ("餐饮管理", "住宿和餐饮业", 8),
    ("物业服务", "居民服务、修理和其他服务业", 6), ("家政服务", "居民服务、修理和其他服务业", 4),
    ("商贸", "批发和零售业", 6), ("农业开发", "农、林、牧、渔业", 4),
)  # fmt: skip
WORKSHOP_TRADES = ("服饰", "电子", "手工艺", "竹编", "刺绣", "食品加工", "假发", "箱包")
SELF_EMPLOYED = (
    ("便利店", "批发和零售业"), ("小吃店", "住宿和餐饮业"), ("摩托车修理店", "居民服务、修理和其他服务业"),
    ("理发店", "居民服务、修理和其他服务业"), ("养殖场", "农、林、牧、渔业"), ("货运", "交通运输、仓储和邮政业"),
)  # fmt: skip
FLEXIBLE_JOBS = (
    ("零工（装修）", "建筑业"), ("网约车司机", "交通运输、仓储和邮政业"),
    ("快递配送", "交通运输、仓储和邮政业"), ("家政钟点工", "居民服务、修理和其他服务业"),
    ("摆摊经营", "批发和零售业"), ("零工（搬运）", "交通运输、仓储和邮政业"),
)  # fmt: skip
WORK_FOR_RELIEF = ("农村公路建设项目", "小型水利工程项目", "安置点配套设施项目", "高标准农田建设项目")
FARM_CROPS = ("种植马铃薯", "种植玉米", "养殖生猪", "种植烤烟", "种植中药材", "养殖肉牛")

JOB_WISHES = ("保洁", "保安", "建筑工", "电子厂普工", "餐饮服务员", "司机", "家政服务", "搬运工", "缝纫工", "快递员")
TRAINING_WISHES = ("电工", "焊工", "挖掘机操作", "家政服务", "育婴员", "中式烹调", "缝纫工", "汽车维修", "养老护理员")
TRAINED_COURSES = ("引导性培训", "家政服务员培训", "中式烹调师培训", "电工培训", "焊工培训", "种养殖技术培训")
VISIT_NOTES = (
    "了解家庭成员务工情况", "宣传就业创业政策", "推送岗位信息", "核实家庭成员信息", "了解培训意愿", "跟进帮扶措施落实",
)  # fmt: skip
MEASURE_OUTCOMES = (
    "已实现就业",
    "已参加培训并结业",
    "已推荐岗位，本人暂不愿外出",
    "已安置公益性岗位",
    "已进入帮扶车间",
)

PHONE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "187", "188", "189", "191",
    "195", "198", "199",
)  # fmt: skip


def _parse_county(text: str) -> list[tuple[str, int | None, int | None]]:
    """``"[1997-]会泽县"`` → [("会泽县", 1997, None)]; a value may list several names separated by commas."""
    result: list[tuple[str, int | None, int | None]] = []
    for part in text.split(","):
        start: int | None = None
        end: int | None = None
        name = part
        if part.startswith("["):
            span, name = part[1:].split("]", 1)
            first, last = span.split("-")
            start = int(first) if first else None
            end = int(last) if last else None
        result.append((name, start, end))
    return result


@cache
def address_codes(stem: str, province: str = "53") -> tuple[tuple[str, int | None, int | None], ...]:
    """The GB/T 2260 codes a county has had (code, first year, last year), from python-stdnum's table.

    ``stem`` is the county's name without 县/市/区 (宣威 was 宣威县 and 宣威市 under three codes).
    """
    from stdnum import numdb

    found: list[tuple[str, int | None, int | None]] = []
    entries: Any = numdb.get("cn/loc").prefixes
    for _length, low, _high, _props, children in entries:
        if low != province:
            continue
        for _clen, code, _chigh, props, _sub in children:
            for name, start, end in _parse_county(str(props.get("county", ""))):
                if name.startswith(stem) and name[len(stem) :] in ("县", "市", "区", "回族彝族自治县"):
                    found.append((province + code, start, end))
    return tuple(found)


def code_by_year(stem: str, first_year: int, last_year: int) -> dict[int, str]:
    """For each birth year, the code the county had that year (the newest if two), so ID numbers validate."""
    codes = address_codes(stem)
    table: dict[int, str] = {}
    for year in range(first_year, last_year + 1):
        valid = [c for c in codes if (c[1] is None or c[1] <= year) and (c[2] is None or year <= c[2])]
        if valid:
            table[year] = max(valid, key=lambda c: c[1] or 0)[0]
    return table


# ---- weighted choices ---------------------------------------------------------------------------------------

SURNAME = Weighted(SURNAMES)
HOUSEHOLD_SIZE = Weighted([(1, 6), (2, 12), (3, 18), (4, 24), (5, 20), (6, 12), (7, 5), (8, 3)])  # mean ≈ 4.1
WELFARE = "乡村公益性岗位"
FORM = Weighted([("外出务工", 50), ("县内务工", 14), ("就业帮扶车间", 7), (WELFARE, 8), ("自主创业(含返乡创业)", 4),
                 ("灵活就业", 12), ("以工代赈", 3)])  # fmt: skip
WEAK_FORM = Weighted([(WELFARE, 45), ("就业帮扶车间", 25), ("灵活就业", 15), ("县内务工", 15)])
OUT_SCOPE = Weighted([("省外", 75), ("省内县外", 23), ("国外", 2)])
FLEX_SCOPE = Weighted([("县内", 75), ("省内县外", 20), ("省外", 5)])
OUT_OF_PROVINCE = Weighted(PLACES_OUT_OF_PROVINCE)
IN_PROVINCE = Weighted(PLACES_IN_PROVINCE)
TRADE = Weighted([((trade, industry), weight) for trade, industry, weight in TRADES])
#: 文化程度 of people who are not at school, by upper age bound.
EDUCATION_BY_AGE: tuple[tuple[int, Weighted[str]], ...] = (
    (20, Weighted([("初中", 70), ("高中", 25), ("小学", 5)])),
    (35, Weighted([("初中", 55), ("高中", 18), ("小学", 12), ("大专", 9), ("本科及以上", 4), ("文盲或半文盲", 2)])),
    (50, Weighted([("小学", 40), ("初中", 40), ("文盲或半文盲", 10), ("高中", 8), ("大专", 2)])),
    (65, Weighted([("小学", 50), ("文盲或半文盲", 30), ("初中", 17), ("高中", 3)])),
    (200, Weighted([("文盲或半文盲", 60), ("小学", 35), ("初中", 5)])),
)
DISABILITY = Weighted([("肢体", 40), ("视力", 12), ("听力", 12), ("言语", 5), ("智力", 12), ("精神", 10), ("多重", 9)])
WELFARE_POST = Weighted([("保洁", 30), ("护林", 15), ("治安巡逻", 12), ("水管员", 8), ("道路养护", 10),
                         ("河道管护", 8), ("社区服务", 12), ("其他", 5)])  # fmt: skip
REASON = Weighted([("照顾老人小孩", 35), ("缺乏技能", 25), ("患病", 10), ("无就业意愿", 8), ("年龄偏大", 12),
                   ("其他", 10)])  # fmt: skip
VISIT_OUTCOME = Weighted([("入户", 80), ("电话核实", 10), ("家中无人", 7), ("拒访", 3)])
ZERO_MEASURE = Weighted([("职业介绍", 35), ("技能培训", 20), ("公益性岗位安置", 20), ("帮扶车间推荐", 15),
                         ("劳务输出", 10)])  # fmt: skip
OTHER_MEASURE = Weighted([("职业介绍", 25), ("技能培训", 30), ("创业扶持", 10), ("劳务输出", 15), ("帮扶车间推荐", 10),
                          ("公益性岗位安置", 5), ("其他", 5)])  # fmt: skip
#: Data-quality problems given to some households, each of a kind a rule catches.
PROBLEM = Weighted([("checksum", 14), ("phone_missing", 8), ("phone_short", 8), ("two_heads", 7), ("no_head", 5),
                    ("child_employed", 12), ("elderly_labour", 20), ("welfare_uninsured", 8), ("welfare_long", 8),
                    ("income_low", 6), ("income_high", 6), ("duplicate_id", 3)])  # fmt: skip
INCOME = {  # 就业形式 → (low, high, mode) monthly income in 元
    "外出务工": (3000, 8000, 4500), "县内务工": (2000, 4500, 2800), "就业帮扶车间": (1500, 3200, 2200),
    "自主创业(含返乡创业)": (2000, 9000, 3500), "灵活就业": (1500, 4000, 2500), "以工代赈": (2000, 3500, 2600),
    "农业生产经营": (800, 2500, 1200), "其他": (1000, 3000, 1800),
}  # fmt: skip


# ---- made-up names --------------------------------------------------------------------------------------------


def given_name(rng: random.Random, male: bool, age: int) -> str:
    """A given name typical of the person's generation (永贵 and 秀英 for the old, 浩然 and 欣怡 for children)."""
    if age >= 50:
        pool, two, first = (MALE_OLD if male else FEMALE_OLD), 0.55, MIDDLE_CHARS
    elif age >= 25:
        pool, two, first = (MALE_MID if male else FEMALE_MID), 0.5, MIDDLE_CHARS
    else:
        pool, two, first = (MALE_YOUNG if male else FEMALE_YOUNG), 0.85, ""
    if rng.random() < two:
        return rng.choice(first or pool) + rng.choice(pool)
    return rng.choice(pool)


def phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def place_name(rng: random.Random, used: set[str], suffix: str) -> str:
    """A village or hamlet name not in ``used`` (大坪子, 杨家湾 …), added to it."""
    while True:
        if rng.random() < 0.25:
            name = rng.choice(SURNAMES)[0] + "家" + rng.choice(VILLAGE_TAILS) + suffix
        else:
            name = rng.choice(VILLAGE_HEADS) + rng.choice(VILLAGE_TAILS) + suffix
        if name not in used:
            used.add(name)
            return name


def origin_towns(rng: random.Random) -> Weighted[tuple[str, list[tuple[str, str, list[str]]]]]:
    """The county's towns, each with made-up villages (name, 12-digit code, hamlets), weighted by how many moved."""
    towns: list[tuple[tuple[str, list[tuple[str, str, list[str]]]], int]] = []
    for town_code, town in ORIGIN_TOWNS:
        used: set[str] = set()
        villages = []
        for i in range(rng.randint(6, 14)):
            village = place_name(rng, used, "村")
            hamlets = [place_name(rng, used, "") for _ in range(rng.randint(3, 8))]
            villages.append((village, f"{COUNTY_CODE}{town_code}{200 + i:03d}", hamlets))
        towns.append(((town, villages), rng.randint(2, 10)))
    return Weighted(towns)


@dataclass
class Site:
    """A resettlement site: its row, its staff, when people moved in, and how its buildings are laid out."""

    row: dict[str, Any]
    town: str
    staff: list[str]
    years: Weighted[int]
    units: int
    floors: int
    doors: int
    rooms_used: int = 0

    def next_room(self, rng: random.Random) -> tuple[str, str, str]:
        """(楼栋, 单元, 门牌号) of the next flat, filling buildings unit by unit, floor by floor."""
        self.rooms_used += 1 + (rng.random() < 0.08)  # a few flats stand empty
        per_unit = self.floors * self.doors
        building, rest = divmod(self.rooms_used - 1, per_unit * self.units)
        unit, rest = divmod(rest, per_unit)
        floor, door = divmod(rest, self.doors)
        return str(building + 1), str(unit + 1), f"{floor + 1}{door + 1:02d}"


def make_sites(rng: random.Random, count: int, uid: Callable[[], str]) -> list[Site]:
    """``count`` sites with distinct names, mostly in the two 街道 built for the relocated."""
    pairs = [(t, n) for t, _ in SITE_TOWNS for n in SITE_NAMES]
    town_weight = dict(SITE_TOWNS)
    picked: list[tuple[str, str]] = []
    while len(picked) < count and pairs:
        town, name = rng.choices(pairs, weights=[town_weight[t] for t, _ in pairs])[0]
        pairs = [p for p in pairs if p[1] != name]
        picked.append((town, name))
    while len(picked) < count:
        picked.append(("以礼街道", f"第{len(picked) + 1}"))
    sites = []
    for i, (town, name) in enumerate(picked, 1):
        row = {
            "id": uid(),
            "code": f"{COUNTY_CODE}AZ{i:03d}",
            "name": f"{town}{name}{'社区' if '街道' in town else '安置点'}",
            "county": COUNTY,
            "town": town,
            "address": f"{COUNTY}{town}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
        }
        staff = [SURNAME.pick(rng) + given_name(rng, rng.random() < 0.4, 30) for _ in range(4)]
        year = rng.choice((2017, 2018, 2019, 2019, 2020, 2020))
        years = Weighted([(year - 1, 15), (year, 60), (year + 1, 25)] if year < 2020 else [(2019, 30), (2020, 70)])
        units, floors = rng.choice((2, 2, 3, 4)), rng.choice((6, 7, 9, 11, 11, 18))
        sites.append(Site(row, town, staff, years, units, floors, rng.choice((2, 2, 3, 4))))
    return sites


def student_status(rng: random.Random, age: int) -> str | None:
    """在校生状况 for an age (empty = not a student): school years by age, some leave after 初中 or 高中."""
    if age <= 2:
        return "学龄前儿童"
    if age <= 5:
        return "学前教育"
    if age <= 11:
        return "小学"
    if age <= 14:
        return ("七年级", "八年级", "九年级")[age - 12]
    if age == 15:
        r = rng.random()
        return "九年级" if r < 0.45 else "普通高中一年级" if r < 0.75 else "中职一年级" if r < 0.95 else None
    grade = "一二三四五"
    if age <= 18 and rng.random() < 0.72:
        return ("普通高中" if rng.random() < 0.6 else "中职") + grade[age - 16] + "年级"
    if 19 <= age <= 22 and rng.random() < 0.28:
        r = rng.random()
        if r < 0.45:
            return "高职高专" + grade[min(age - 19, 2)] + "年级"
        return ("本科" if r < 0.9 else "技师学院") + grade[age - 19] + "年级"
    if 23 <= age <= 26 and rng.random() < 0.02:
        return "硕士研究生及以上"
    return None


def workplace(
    rng: random.Random, form: str, site_town: str, site_name: str, surname: str
) -> tuple[str, str, str | None, str | None]:
    """(务工地域, 务工所在地, employer, 所属行业) for a spell of this 就业形式."""
    scope, place, employer, industry = "县内", HOME_PLACE, None, None
    if form == "外出务工":
        scope = OUT_SCOPE.pick(rng)
        if scope == "国外":
            place = rng.choice(PLACES_ABROAD)
            return scope, place, f"{rng.choice(COMPANY_WORDS)}国际工程有限公司", "建筑业"
        place = (OUT_OF_PROVINCE if scope == "省外" else IN_PROVINCE).pick(rng)
        employer, industry = company(rng, place.split("省")[-1][:2])
        return scope, place, employer, industry
    if form == "县内务工":
        employer, industry = company(rng, COUNTY[:2])
    elif form == "就业帮扶车间":
        employer = f"{site_town}{rng.choice(COMPANY_WORDS)}{rng.choice(WORKSHOP_TRADES)}帮扶车间"
        industry = "制造业"
    elif form == WELFARE:
        employer, industry = f"{site_name}居民委员会", "公共管理、社会保障和社会组织"
    elif form == "自主创业(含返乡创业)":
        scope = "县内" if rng.random() < 0.85 else "省内县外"
        shop, industry = rng.choice(SELF_EMPLOYED)
        employer = f"{surname}记{shop}"
    elif form == "灵活就业":
        scope = FLEX_SCOPE.pick(rng)
        employer, industry = rng.choice(FLEXIBLE_JOBS)
    elif form == "以工代赈":
        employer, industry = f"{COUNTY}{rng.choice(WORK_FOR_RELIEF)}", "建筑业"
    elif form == "农业生产经营":
        employer, industry = rng.choice(FARM_CROPS), "农、林、牧、渔业"
    if scope == "省内县外":
        place = IN_PROVINCE.pick(rng)
    elif scope == "省外":
        place = OUT_OF_PROVINCE.pick(rng)
    return scope, place, employer, industry


def company(rng: random.Random, city: str) -> tuple[str, str]:
    trade, industry = TRADE.pick(rng)
    return f"{city}{rng.choice(COMPANY_WORDS)}{trade}有限公司", industry

"""Column headers: the national labels (domain-fields.md), the variants seen in county 台账, and what each maps to.

Every importable column is a `FieldSpec`: the record it belongs to, the column it fills, the kind of value (which
`forms.excel.repair` cleaner reads it) and the header variants that name it. Exports write `FieldSpec.header`,
the label from domain-fields.md, exactly; imports accept the header or any variant, compared after `header_key`
(full-width → half-width, no spaces, no required-field stars or "(必填)" marks, no line breaks), and as a last
resort without a trailing unit or length in brackets ("务工月收入（元）" → 务工月收入, "证件号码(18位)" → 证件号码).

Columns that are known but not imported (序号, derived counts such as 年龄 or 家庭人数, the columns an error
workbook adds) are ``record="ignore"``; anything else is an unknown column, reported once per sheet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:
    from ..questionnaire import Questionnaire

Record = Literal["household", "member", "spell", "group", "check", "ignore"]
Kind = Literal[
    "text", "code", "hh_number", "name", "choice", "multi", "yes_no", "int", "month", "date", "id", "phone",
    "site", "site_code", "sex", "months",
]  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """One column a sheet may have.

    ``record`` is where the value goes: a household, member or spell column; ``group`` (keys that group members
    into households: 户主证件号码 …); ``check`` (a value compared with what the ID number says: 性别, 出生日期);
    ``ignore`` (known, deliberately not imported).
    """

    key: str
    record: Record
    column: str | None
    header: str
    kind: Kind = "text"
    choices: str | None = None
    variants: tuple[str, ...] = ()


def _f(
    key: str, header: str, kind: Kind = "text", choices: str | None = None, variants: Sequence[str] = ()
) -> FieldSpec:
    record, _, column = key.partition(".")
    return FieldSpec(key, cast(Record, record), column or None, header, kind, choices, tuple(variants))


HOUSEHOLD_FIELDS: tuple[FieldSpec, ...] = (
    _f("household.hh_number", "户编号", "hh_number", variants=("户编码", "家庭编号", "户号", "户代码", "户籍编号")),
    _f("household.origin_county", "县(市、区、旗)", variants=("县(市、区)", "县", "区县", "县区", "县市区", "迁出县")),
    _f("household.origin_town", "乡(镇)", variants=("乡镇", "乡镇(街道)", "乡(镇、街道)", "迁出乡镇")),
    _f("household.origin_village", "行政村", variants=("村", "村(社区)", "迁出村", "行政村(社区)")),
    _f("household.origin_hamlet", "自然村", variants=("村民小组", "组", "自然村(组)", "村组")),
    _f("household.site", "安置点名称", "site", variants=("安置点", "安置点名", "集中安置点", "安置区", "安置小区")),
    _f("household.site_code", "安置点代码", "site_code", variants=("安置点编码", "安置点编号")),
    _f("household.building", "楼栋", "code", variants=("栋", "楼号", "栋号", "幢", "楼栋号")),
    _f("household.unit", "单元", "code", variants=("单元号",)),
    _f("household.room", "门牌号", "code", variants=("房号", "房间号", "户室号", "门牌", "室号")),
    _f("household.relocation_type", "易迁户属性", "choice", "relocation_type", ("搬迁户属性", "户属性", "搬迁类型")),
    _f("household.household_type", "户类型", "choice", "household_type", ("户类别", "农户类型")),
    _f("household.monitoring_type", "监测对象类别", "choice", "monitoring_type", ("监测对象类型", "监测类型")),
    _f("household.relocated_on", "搬迁时间", "month", variants=("搬迁日期", "搬迁入住时间", "入住时间", "搬迁年月")),
    _f("household.phone", "户联系电话", "phone", variants=("联系电话", "家庭联系电话", "户主联系电话", "户主电话")),
    _f("household.collector", "采集人", variants=("填报人", "调查人", "采集员")),
    _f("household.collected_on", "采集日期", "date", variants=("采集时间", "填报日期", "调查日期")),
)

GROUP_FIELDS: tuple[FieldSpec, ...] = (
    _f("group.head_id", "户主证件号码", "id", variants=("户主身份证号码", "户主身份证号", "户主公民身份号码")),
    _f("group.head_name", "户主姓名", "name", variants=("户主",)),
)

MEMBER_FIELDS: tuple[FieldSpec, ...] = (
    _f("member.name", "姓名", "name", variants=("成员姓名", "家庭成员姓名", "人员姓名")),
    _f("member.id_type", "证件类型", "choice", "id_type", ("身份证件类型",)),
    _f(
        "member.id_number",
        "证件号码",
        "id",
        variants=("身份证号码", "身份证号", "公民身份号码", "身份证件号码", "证件号", "成员证件号码", "残疾人证号"),
    ),
    _f("check.sex", "性别", "sex"),
    _f("check.birth_date", "出生日期", "date", variants=("出生年月", "出生年月日")),
    _f("member.ethnicity", "民族", "choice", "ethnicity"),
    _f("member.relation", "与户主关系", "choice", "relation", ("与户主的关系", "家庭关系", "关系")),
    _f("member.education", "文化程度", "choice", "education", ("学历", "文化水平")),
    _f("member.student_status", "在校生状况", "choice", "student_status", ("在校生情况", "在校状况", "是否在校生")),
    _f("member.health", "健康状况", "multi", "health", ("健康情况", "身体状况")),
    _f("member.disability", "残疾类别", "choice", "disability", ("残疾类型",)),
    _f("member.labour_skill", "劳动技能", "choice", "labour_skill", ("劳动能力", "劳动力状况", "劳动技能状况")),
    _f("member.phone", "成员联系电话", "phone", variants=("本人联系电话", "个人联系电话", "手机号", "手机号码")),
    _f("member.job_intent", "就业意愿", "yes_no", variants=("是否有就业意愿", "就业愿望")),
    _f("member.job_intent_note", "就业意愿（工种）", variants=("意愿工种", "就业意愿工种")),
    _f("member.training_intent", "培训意愿", "yes_no", variants=("是否有培训意愿",)),
    _f("member.training_intent_note", "培训意愿（工种）", variants=("培训意愿工种", "意愿培训工种")),
    _f("member.trained", "是否参加职业技能培训", "yes_no", variants=("是否参加培训", "参加职业技能培训")),
    _f("member.trained_note", "是否参加职业技能培训（工种）", variants=("培训工种", "参加培训工种")),
    _f("member.hard_to_employ", "是否就业困难人员", "yes_no", variants=("就业困难人员",)),
    _f("member.unemployment_reason", "未就业原因", "choice", "unemployment_reason"),
    _f("member.two_after", "是否两后生", "yes_no", variants=("两后生",)),
)

SPELL_FIELDS: tuple[FieldSpec, ...] = (
    _f("spell.form", "就业形式", "choice", "employment_form", ("就业方式", "就业类型")),
    _f("spell.place_scope", "务工地域", "choice", "place_scope", ("务工区域", "就业地域", "务工地域类型")),
    _f("spell.place", "务工所在地", variants=("务工地点", "务工地址", "就业地点", "务工所在地(省市县)")),
    _f("spell.employer", "务工企业名称", variants=("务工单位", "务工单位名称", "就业单位", "企业名称", "用工单位")),
    _f("spell.industry", "所属行业", variants=("行业",)),
    _f("spell.start_month", "开始时间", "month", variants=("务工开始时间", "开始务工时间", "就业时间", "外出务工时间")),
    _f("spell.end_month", "结束时间", "month", variants=("务工结束时间", "返乡时间")),
    _f("spell.months", "务工时间（月）", "months", variants=("务工时长(月)", "务工月数", "务工时间")),
    _f("spell.monthly_income", "务工月收入", "int", variants=("月收入", "月工资", "月均收入", "务工收入")),
    _f("spell.organised", "是否有组织劳务输出", "yes_no", variants=("有组织劳务输出", "是否有组织输出")),
    _f("spell.point_to_point", "是否点对点输送", "yes_no", variants=("点对点输送",)),
    _f("spell.channel", "就业渠道", variants=("务工渠道",)),
    _f("spell.welfare_post_type", "公益性岗位类型", "choice", "welfare_post_type", ("公益岗类型", "公益性岗位名称")),
    _f("spell.contract_start", "岗位合同开始日期", "date", variants=("合同开始日期", "合同开始时间")),
    _f("spell.contract_end", "岗位合同结束日期", "date", variants=("合同结束日期", "合同结束时间")),
    _f("spell.accident_insurance", "意外伤害保险", "yes_no", variants=("是否购买意外伤害保险", "是否购买意外险")),
    _f("spell.transport_subsidy", "年度交通费补助", "int", variants=("交通补助", "交通费补助", "一次性交通补助")),
    _f("spell.transport_subsidy_year", "交通费补助年度", "int", variants=("交通补助年度",)),
)

#: Derived or bookkeeping columns: recognised, never imported (derived values are computed, never typed).
IGNORED_FIELDS: tuple[FieldSpec, ...] = (
    _f("ignore.serial", "序号", variants=("编号", "No", "No.")),
    _f("ignore.age", "年龄"),
    _f("ignore.size", "家庭人数", variants=("家庭人口数", "家庭人口", "人口数")),
    _f("ignore.labour", "劳动力人数"),
    _f("ignore.employed", "就业人数"),
    _f("ignore.zero", "零就业家庭"),
    # The columns an error workbook adds in front of the clerk's own, so it can be fixed and imported again.
    _f("ignore.source_row", "原行号"),
    _f("ignore.outcome", "处理结果"),
    _f("ignore.reason_zh", "原因"),
    _f("ignore.reason_en", "Reason"),
)

ALL_FIELDS: tuple[FieldSpec, ...] = (*HOUSEHOLD_FIELDS, *GROUP_FIELDS, *MEMBER_FIELDS, *SPELL_FIELDS, *IGNORED_FIELDS)
BY_KEY: dict[str, FieldSpec] = {f.key: f for f in ALL_FIELDS}

#: Columns that describe a member (not just name them): a sheet with one of them is a member roster.
MEMBER_DESCRIPTIVE = frozenset(
    ("member.relation", "member.education", "member.labour_skill", "member.health", "member.ethnicity")
)
#: Words in a sheet's name or title that mark a 务工监测 sheet (one row per spell).
SPELL_SHEET_WORDS = ("务工监测", "就业监测", "务工台账", "务工明细", "就业明细")

# NFKC has already turned full-width stars and colons into ASCII ones.
_STRIP = re.compile(r"[\s*:※]+")
#: Template marks for required or optional columns: "姓名(必填)", "证件号码（必填项）", "民族(选填)".
_REQUIRED_MARK = re.compile(r"\((?:必填项?|必录项?|选填项?|非必填项?|可选填?)\)")
_UNIT_SUFFIX = re.compile(r"\((?:元|月|个月|元/月|人|户|岁|省市县|[0-9]+位)\)$")


def header_key(text: object) -> str:
    """A header as compared: NFKC (full-width brackets and letters → half-width), no spaces, stars, colons or
    "(必填)"/"(选填)" marks."""
    if text is None:
        return ""
    raw = text if isinstance(text, str) else str(text)
    return _REQUIRED_MARK.sub("", _STRIP.sub("", unicodedata.normalize("NFKC", raw))).lower()


def _lookup(extra: Mapping[str, FieldSpec] = {}) -> dict[str, FieldSpec]:
    table: dict[str, FieldSpec] = {}
    for spec in ALL_FIELDS:
        for name in (spec.header, *spec.variants):
            table.setdefault(header_key(name), spec)
    for name, spec in extra.items():
        table.setdefault(header_key(name), spec)
    return table


_TABLE = _lookup()


@dataclass(frozen=True)
class Column:
    """A sheet column: where it is, what its header says, and the field it maps to (None: unknown)."""

    index: int  # 0-based from column A
    header: str
    spec: FieldSpec | None


@dataclass(frozen=True)
class HeaderMap:
    """How one header row maps: the mapped columns (first occurrence of each field), duplicates and unknowns."""

    columns: tuple[Column, ...]
    duplicates: tuple[Column, ...]  # a field named twice: only the first column is read
    unknown: tuple[Column, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(c.spec.key for c in self.columns if c.spec is not None)

    def has(self, key: str) -> bool:
        return key in self.keys

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.spec is not None and c.spec.key == key), None)

    @property
    def score(self) -> int:
        """How much this row looks like a header: the number of distinct known, imported fields."""
        return sum(1 for c in self.columns if c.spec is not None and c.spec.record != "ignore")


def match_header(text: object, extra: Mapping[str, FieldSpec] | None = None) -> FieldSpec | None:
    """The field a header names, or None. ``extra`` adds a county's own labels (questionnaire extra fields)."""
    key = header_key(text)
    if not key:
        return None
    table = _lookup(extra) if extra else _TABLE
    spec = table.get(key)
    if spec is None:
        bare = _UNIT_SUFFIX.sub("", key)
        spec = table.get(bare) if bare != key else None
    return spec


def shown_header(cell: object) -> str:
    """A header cell as messages and the error workbook name it: on one line. Templates break long headers inside
    the cell ("证件\n号码"); a message saying “证件\n号码”列 reads as two lines. Chinese runs together again,
    other words keep a space ("ID\nnumber" → "ID number")."""
    parts = str(cell).split()
    shown = parts[0] if parts else ""
    for part in parts[1:]:
        shown += part if _is_cjk(shown[-1]) or _is_cjk(part[0]) else " " + part
    return shown


def _is_cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def map_headers(cells: Iterable[object], extra: Mapping[str, FieldSpec] | None = None) -> HeaderMap:
    """Map a header row's cells. Empty cells are skipped; a second column naming the same field is a duplicate."""
    table = _lookup(extra) if extra else _TABLE
    seen: set[str] = set()
    columns: list[Column] = []
    duplicates: list[Column] = []
    unknown: list[Column] = []
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        spec = table.get(key)
        if spec is None:
            bare = _UNIT_SUFFIX.sub("", key)
            spec = table.get(bare) if bare != key else None
        shown = shown_header(cell)
        if spec is None:
            unknown.append(Column(index, shown, None))
        elif spec.key in seen:
            duplicates.append(Column(index, shown, spec))
        else:
            seen.add(spec.key)
            columns.append(Column(index, shown, spec))
    return HeaderMap(tuple(columns), tuple(duplicates), tuple(unknown))


SheetKind = Literal["members", "spells"]


def sheet_kind(mapping: HeaderMap, title: str) -> SheetKind | None:
    """Which kind of sheet a header row makes, or None if it is not one we can import.

    A roster names and identifies people (姓名 and 证件号码). It is a 务工监测 sheet (one row per spell, for people
    already on the roster) when its name or title says so, or when it has spell dates and forms but nothing that
    describes the person beyond the name.
    """
    if not (mapping.has("member.name") and mapping.has("member.id_number")):
        return None
    spell_dates = mapping.has("spell.form") and mapping.has("spell.start_month")
    describes = bool(mapping.keys & MEMBER_DESCRIPTIVE)
    if any(word in title for word in SPELL_SHEET_WORDS) and spell_dates:
        return "spells"
    if spell_dates and not describes:
        return "spells"
    return "members"


def questionnaire_labels(questionnaire: Questionnaire) -> dict[str, FieldSpec]:
    """The active questionnaire's 中文 labels as further header variants, so a county that relabels a field (its
    own 台账 say 劳动能力 where the national list says 劳动技能) still imports its own sheets."""
    records = {"household": "household", "member": "member", "employment": "spell"}
    found: dict[str, FieldSpec] = {}
    for form in questionnaire.forms:
        record = records.get(form.name)
        for item in form.fields if record else ():
            spec = BY_KEY.get(f"{record}.{item.name}")
            if spec is not None and item.label.zh:
                found[item.label.zh] = spec
    return found


def expected_headers() -> str:
    """What a roster's header must contain, for refusals."""
    return "姓名、证件号码（以及户编号、与户主关系、劳动技能等列）"

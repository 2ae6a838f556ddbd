"""Every record and household rule: a stable code, a severity, a title in 中文 and English, the fields it points at.

Codes are stable: overrides are stored against them and travel to the county, and exports name them. Add new
codes; never rename or reuse one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding, Severity
from . import two_after


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    zh: str  # a short title for lists and `anju check`
    en: str
    record_table: str
    fields: tuple[str, ...]
    overridable: bool = False  # an error a station admin may accept with a reason

    def finding(
        self,
        record_id: str,
        household_id: str,
        zh: str,
        en: str,
        *,
        member_id: str | None = None,
        accepted: frozenset[tuple[str, ...]] = frozenset(),
    ) -> Finding:
        """A finding of this rule; accepted when a live override names this rule and record and may accept it.
        (A rule finds at most one acceptable finding per record, so its overrides name no subject.)"""
        acceptable = self.severity == "warning" or self.overridable
        return Finding(
            code=self.code,
            severity=self.severity,
            zh=zh,
            en=en,
            record_table=self.record_table,
            record_id=record_id,
            household_id=household_id,
            fields=self.fields,
            overridable=self.overridable,
            member_id=member_id,
            accepted=acceptable and (self.code, record_id) in accepted,
        )


def _register(rule: Rule) -> Rule:
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} is defined twice")
    RULES[rule.code] = rule
    return rule


RULES: dict[str, Rule] = {}

ZERO_EMPLOYMENT = _register(
    Rule(
        "household.zero_employment",
        "error",
        "零就业家庭没有待办的帮扶措施",
        "Zero-employment household without an open follow-up measure",
        "households",
        ("status", "measures"),
    )
)
HEAD_COUNT = _register(
    Rule(
        "household.head_count",
        "error",
        "户主人数不是一人",
        "Not exactly one household head",
        "households",
        ("relation",),
    )
)
ID_INVALID = _register(
    Rule("member.id_invalid", "error", "证件号码无效", "Invalid ID number", "members", ("id_number",))
)
ID_CHECKSUM = _register(
    Rule(
        "member.id_checksum",
        "error",
        "证件号码校验码不对",
        "ID number check character is wrong",
        "members",
        ("id_number",),
        overridable=True,
    )
)
ID_ADDRESS = _register(
    Rule(
        "member.id_address",
        "error",
        "证件号码地址码未知或已撤销",
        "ID number has an unknown or retired county code",
        "members",
        ("id_number",),
        overridable=True,
    )
)
BIRTH_MISMATCH = _register(
    Rule(
        "member.birth_date_mismatch",
        "error",
        "出生日期与证件号码不一致",
        "Birth date does not match the ID number",
        "members",
        ("birth_date", "id_number"),
    )
)
SEX_MISMATCH = _register(
    Rule(
        "member.sex_mismatch",
        "error",
        "性别与证件号码不一致",
        "Sex does not match the ID number",
        "members",
        ("sex", "id_number"),
    )
)
ID_DUPLICATE = _register(
    Rule(
        "member.id_duplicate",
        "error",
        "证件号码与另一户成员重复",
        "ID number is also in another household",
        "members",
        ("id_number",),
    )
)
BIRTH_UNKNOWN = _register(
    Rule(
        "member.birth_unknown",
        "error",
        "没有身份证号码，出生日期或性别未填写",
        "No resident ID number, and no birth date or sex typed in",
        "members",
        ("birth_date", "sex"),
    )
)
NO_ID_NUMBER = _register(
    Rule(
        "member.no_id_number",
        "warning",
        "暂无证件号码，待补录",
        "No ID number yet, to be recorded",
        "members",
        ("id_type",),
    )
)
MINOR_EMPLOYED = _register(
    Rule(
        "member.minor_employed",
        "error",
        "未满16周岁或在校生有就业",
        "Under 16 or a student, yet employed",
        "members",
        ("birth_date", "student_status"),
    )
)
ELDERLY_LABOUR = _register(
    Rule(
        "member.elderly_labour",
        "warning",
        "60岁及以上记为普通或技能劳动力",
        "Aged 60 or over, recorded as full labour",
        "members",
        ("labour_skill",),
    )
)
WORKING_AGE_NO_LABOUR = _register(
    Rule(
        "member.working_age_no_labour",
        "warning",
        "劳动年龄内不在校，劳动技能仍为无劳动力",
        "Of labour age and out of school, still recorded as no labour",
        "members",
        ("labour_skill",),
    )
)
#: Age 100 or over on the survey date (`labour.IMPLAUSIBLE_AGE`), as a year mistyped in a 15-digit number makes.
#: A warning, so whoever checked the 户口簿 accepts a real centenarian with a reason (no station admin needed).
AGE_IMPLAUSIBLE = _register(
    Rule(
        "member.age_implausible",
        "warning",
        "年龄100岁及以上，请核对出生日期",
        "Aged 100 or over: check the birth date",
        "members",
        ("birth_date", "id_number"),
    )
)
SKILLED_UNEMPLOYED = _register(
    Rule(
        "member.skilled_unemployed",
        "warning",
        "技能劳动力未就业",
        "Skilled labour without employment",
        "members",
        ("labour_skill",),
    )
)
#: The 两后生 flag against what is recorded (`two_after`): warnings, since who counts is the county's to say.
TWO_AFTER_AT_SCHOOL = _register(
    Rule(
        "member.two_after_at_school",
        "warning",
        "标为两后生，却仍在校",
        "Marked 两后生 (left school), yet at school",
        "members",
        ("two_after", "student_status"),
    )
)
TWO_AFTER_PAST_AGE = _register(
    Rule(
        "member.two_after_past_age",
        "warning",
        f"标为两后生，年龄已{two_after.AGE_LIMIT}岁及以上",
        f"Marked 两后生 (left school), yet aged {two_after.AGE_LIMIT} or over",
        "members",
        ("two_after", "birth_date"),
    )
)
NAME_STAND_IN = _register(
    Rule(
        "member.name_stand_in",
        "warning",
        "姓名中用“?”“□”或拼音代替了汉字",
        "Name has ? or □ or pinyin in place of its characters",
        "members",
        ("name",),
    )
)
WELFARE_TERM = _register(
    Rule(
        "employment.welfare_term",
        "error",
        "公益性岗位合同期限超过1年",
        "Public-welfare post contract longer than a year",
        "employments",
        ("contract_start", "contract_end"),
        overridable=True,
    )
)
WELFARE_INSURANCE = _register(
    Rule(
        "employment.welfare_insurance",
        "error",
        "公益性岗位未购买意外伤害保险",
        "Public-welfare post without accident insurance",
        "employments",
        ("accident_insurance",),
        overridable=True,
    )
)
OUTSIDE_COUNTY = _register(
    Rule(
        "employment.outside_county",
        "error",
        "公益性岗位或帮扶车间不在县内",
        "Public-welfare post or assistance workshop outside the county",
        "employments",
        ("place_scope",),
    )
)
#: 云人社通 2021 第49号 §(四): the 就业创业服务补助 is for 有组织劳务输出 (sending 脱贫人口 out to work), a §(二)
#: 稳定外出务工规模 measure; a 公益性岗位 (§(十二)) or a 帮扶车间 (§(九)) is work found at home (§(三) 就地就近就业).
ORGANISED_LOCAL = _register(
    Rule(
        "employment.organised_local",
        "error",
        "公益性岗位或帮扶车间记为有组织劳务输出",
        "Public-welfare post or assistance workshop recorded as organised labour export",
        "employments",
        ("organised",),
    )
)
#: 云人社通 2021 第49号 §(四): 一次性外出务工交通补助（每年享受1次）. Overridable: if it really was paid twice the
#: record is true, and the fix is in the world (the county recovers it); the accepted finding stays in the exports.
TRANSPORT_TWICE = _register(
    Rule(
        "employment.transport_subsidy_twice",
        "error",
        "同一年交通补助登记了两次",
        "Travel subsidy recorded twice in one year",
        "employments",
        ("transport_subsidy", "transport_subsidy_year"),
        overridable=True,
    )
)
INCOME = _register(
    Rule(
        "employment.income_implausible",
        "warning",
        "月收入超出合理范围",
        "Monthly income outside plausible bounds",
        "employments",
        ("monthly_income",),
    )
)

#: The order rules are listed in by `anju check` (most important first).
ORDER: tuple[str, ...] = tuple(RULES)


#: The questionnaire's field checks (`forms.fieldchecks`), as `anju check` lists them: by code and severity (a
#: constraint may be a warning). Their findings point at a record's field; the messages come from the checks.
FIELD_RULES: dict[tuple[str, Severity], Rule] = {
    (rule.code, rule.severity): rule
    for rule in (
        Rule("field.required", "error", "必填项未填写", "Required answer missing", "", ()),
        Rule("field.choice", "error", "答案不在选项中", "Answer not among the choices", "", ()),
        Rule("field.type", "error", "答案格式不对", "Answer of the wrong kind", "", ()),
        Rule("field.constraint", "error", "答案不符合填写要求", "Answer fails its check", "", ()),
        Rule("field.constraint", "warning", "答案不符合填写要求（提示）", "Answer fails its check (warning)", "", ()),
        Rule("field.expression", "error", "问卷的检查条件无法计算", "A questionnaire check could not run", "", ()),
    )
}

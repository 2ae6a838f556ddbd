"""The rule settings a county may change (DESIGN.md §4), typed, with defaults, stored in the ``settings`` table.

The labour rule's parameters differ between counties: some count women as labour only up to 55, and some count
农业生产经营 (farming one's own land) as employment. They are one JSON object under one key, so a county can send
them down to its stations as a whole and a station can never hold half of an update.

Unknown keys in a stored object are ignored (a newer program may have added some); a stored value of the wrong
kind or out of range is refused with a message, never silently replaced by a default, because a wrong age bound
quietly changes which households count as 零就业.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Protocol

from .errors import AnjuError

SETTINGS_KEY = "rule_settings"

AGRICULTURE = "农业生产经营"
#: 就业形式 that count as employed by default (DESIGN.md §4). 农业生产经营 has its own switch; 其他 never counts.
DEFAULT_COUNTING_FORMS: tuple[str, ...] = (
    "外出务工",
    "县内务工",
    "就业帮扶车间",
    "乡村公益性岗位",
    "自主创业(含返乡创业)",
    "灵活就业",
    "以工代赈",
)


class SettingsStore(Protocol):
    """What settings need from a store (`forms.store.Store` has both)."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class RuleSettings:
    """Parameters of the labour rule, the plausibility checks and the worklists."""

    #: A labour member is ``min_age ≤ age < max_age`` on the survey date, per sex.
    male_min_age: int = 16
    male_max_age: int = 60
    female_min_age: int = 16
    female_max_age: int = 60
    #: 就业形式 that count as employed; 农业生产经营 is switched by ``agriculture_counts``.
    counting_forms: tuple[str, ...] = DEFAULT_COUNTING_FORMS
    agriculture_counts: bool = False
    #: A monthly income outside [income_min, income_max] 元 is a warning (domain-fields.md).
    income_min: int = 400
    income_max: int = 30000
    #: From this age a 普通/技能劳动力 is a warning (the national data checks use 60 for both sexes).
    elderly_age: int = 60
    #: 云人社通 2021 第49号 §(四): subsidies need stable work of at least this many months.
    subsidy_min_months: int = 3
    transport_subsidy_cap: int = 1000  # 元, once a year, 跨省 only
    service_subsidy: int = 100  # 元 per person per year, 有组织劳务输出
    #: 公益性岗位 contracts ending within this many days are on the renewal list.
    contract_notice_days: int = 30

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            zh, en = zip(*problems, strict=True)
            raise AnjuError("规则设置有误：" + "；".join(zh) + "。", "Invalid rule settings: " + "; ".join(en) + ".")

    @property
    def employment_forms(self) -> frozenset[str]:
        """Every 就业形式 that makes a person employed under these settings."""
        extra = (AGRICULTURE,) if self.agriculture_counts else ()
        return frozenset((*self.counting_forms, *extra))

    def age_bounds(self, sex: str | None) -> tuple[int, int]:
        """(min, max) labour age for a sex; an unknown sex uses the male bounds (the wider range by custom)."""
        if sex == "女":
            return self.female_min_age, self.female_max_age
        return self.male_min_age, self.male_max_age

    def to_json(self) -> dict[str, Any]:
        values = asdict(self)
        values["counting_forms"] = list(self.counting_forms)
        return values

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> RuleSettings:
        """Settings from a stored object; keys it lacks take the defaults, keys it does not know are ignored."""
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise AnjuError("规则设置不是一个对象，无法读取。", "The stored rule settings are not an object.")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in raw:
                continue
            value = raw[f.name]
            default = getattr(cls(), f.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            else:
                ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
                value = tuple(value) if ok else value
            if not ok:
                raise AnjuError(
                    f"规则设置“{f.name}”的值“{value}”类型不对。",
                    f"Rule setting “{f.name}” has a value of the wrong kind: {value!r}.",
                )
            values[f.name] = value
        return cls(**values)


def _problems(s: RuleSettings) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    ranges = (("男", "men", s.male_min_age, s.male_max_age), ("女", "women", s.female_min_age, s.female_max_age))
    for sex_zh, sex_en, low, high in ranges:
        if not 0 <= low < high <= 120:
            zh = f"{sex_zh}性劳动年龄应满足 0 ≤ 下限 < 上限 ≤ 120（现为 {low}–{high}）"
            problems.append(
                (zh, f"the labour age range for {sex_en} must satisfy 0 ≤ min < max ≤ 120 (is {low}–{high})")
            )
    if AGRICULTURE in s.counting_forms:
        zh = "“农业生产经营”是否计为就业由单独的开关决定，不要列入计入就业的形式"
        problems.append((zh, "whether 农业生产经营 counts is its own switch; do not list it among the counting forms"))
    if not s.counting_forms:
        problems.append(("至少要有一种计入就业的就业形式", "at least one employment form must count"))
    if not 0 <= s.income_min < s.income_max:
        problems.append(("月收入下限应小于上限", "the income minimum must be below the maximum"))
    for name in (
        "elderly_age",
        "subsidy_min_months",
        "transport_subsidy_cap",
        "service_subsidy",
        "contract_notice_days",
    ):
        if getattr(s, name) < 0:
            problems.append((f"“{name}”不能为负数", f"“{name}” cannot be negative"))
    return problems


def load_settings(store: SettingsStore) -> RuleSettings:
    """The rule settings of a database (defaults where it has none)."""
    return RuleSettings.from_json(store.get_setting(SETTINGS_KEY))


def save_settings(store: SettingsStore, settings: RuleSettings) -> None:
    store.set_setting(SETTINGS_KEY, settings.to_json())

"""The two ledgers that carry records: the 防返贫-style member sheet and the 务工监测 sheet.

Both use the import's own field catalogue for their headers, so what Anju writes it reads back unchanged: the
member sheet is one row per member with the household's fields repeated (and the derived counts, which an import
ignores), the 务工监测 sheet one row per spell, ongoing or ended, with the household and person it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from ..store import Store
from .export import Col, ColumnKind, ExportOptions, Ledger, month_text, yes_no
from .headers import BY_KEY
from .ledger_data import FIGURE_SPELL_COLUMNS, LedgerData, Row, Scope, load


def _cols(*keys: tuple[str, ColumnKind]) -> list[Col]:
    return [Col(BY_KEY[key].header, kind) for key, kind in keys]


MEMBER_COLUMNS = _cols(
    ("household.hh_number", "code"),
    ("household.origin_county", "text"),
    ("household.origin_town", "text"),
    ("household.origin_village", "text"),
    ("household.origin_hamlet", "text"),
    ("household.site", "text"),
    ("household.building", "text"),
    ("household.unit", "text"),
    ("household.room", "text"),
    ("household.relocation_type", "text"),
    ("household.household_type", "text"),
    ("household.monitoring_type", "text"),
    ("household.relocated_on", "text"),
    ("household.phone", "code"),
    ("ignore.size", "int"),
    ("ignore.labour", "int"),
    ("ignore.employed", "int"),
    ("ignore.zero", "text"),
    ("household.collector", "text"),
    ("household.collected_on", "date"),
    ("member.name", "text"),
    ("member.id_type", "text"),
    ("member.id_number", "code"),
    ("check.sex", "text"),
    ("check.birth_date", "code"),  # YYYYMMDD as text, and a date typed in later stays text: as on every other sheet
    ("ignore.age", "int"),
    ("member.ethnicity", "text"),
    ("member.relation", "text"),
    ("member.education", "text"),
    ("member.student_status", "text"),
    ("member.health", "text"),
    ("member.disability", "text"),
    ("member.labour_skill", "text"),
    ("member.phone", "code"),
    ("member.job_intent", "text"),
    ("member.job_intent_note", "text"),
    ("member.training_intent", "text"),
    ("member.training_intent_note", "text"),
    ("member.trained", "text"),
    ("member.trained_note", "text"),
    ("member.hard_to_employ", "text"),
    ("member.unemployment_reason", "text"),
    ("member.two_after", "text"),
)

EMPLOYMENT_COLUMNS = _cols(
    ("household.hh_number", "code"),
    ("household.site", "text"),
    ("household.building", "text"),
    ("household.unit", "text"),
    ("household.room", "text"),
    ("member.name", "text"),
    ("member.id_number", "code"),
    ("check.sex", "text"),
    ("ignore.age", "int"),
    ("member.phone", "code"),
    ("spell.form", "text"),
    ("spell.place_scope", "text"),
    ("spell.place", "text"),
    ("spell.employer", "text"),
    ("spell.industry", "text"),
    ("spell.start_month", "text"),
    ("spell.end_month", "text"),
    ("spell.months", "int"),
    ("spell.monthly_income", "int"),
    ("spell.organised", "text"),
    ("spell.point_to_point", "text"),
    ("spell.welfare_post_type", "text"),
    ("spell.contract_start", "date"),
    ("spell.contract_end", "date"),
    ("spell.accident_insurance", "text"),
    ("spell.transport_subsidy", "int"),
    ("spell.transport_subsidy_year", "int"),
)


def age(birth: date | str | None, on: date) -> int | None:
    """年龄 on ``on``; none for a birth date that is none, later, or kept as stored (`stored`: not a date)."""
    if not isinstance(birth, date) or birth > on:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_text(birth: date | str | None) -> str | None:
    """YYYYMMDD; a value kept as stored because it is no date (`stored`) is written as it is."""
    if not isinstance(birth, date):
        return birth
    return f"{birth.year:04d}{birth.month:02d}{birth.day:02d}"


def months_this_year(spell: Row, on: date) -> int | None:
    """务工时间（月）: months of the survey year, up to the survey month, that the spell covers; none when a month
    is not YYYY-MM (a database edited outside Anju: `stored` lists it)."""
    start, end = spell["start_month"], spell["end_month"]
    if not start:
        return 0
    if not _is_month(start) or (end and not _is_month(end)):
        return None
    year_start, now = f"{on.year:04d}-01", f"{on.year:04d}-{on.month:02d}"
    first = max(start, year_start)
    last = min(end or now, now)
    if first > last:
        return 0
    return (int(last[:4]) * 12 + int(last[5:7])) - (int(first[:4]) * 12 + int(first[5:7])) + 1


def _is_month(text: str) -> bool:
    """YYYY-MM, as Anju stores months (`stored` lists any other)."""
    return len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit()


def _household_part(data: LedgerData, scope: Scope, household: Row) -> list[Any]:
    figures = data.figures(household)
    return [
        household["hh_number"],
        household["origin_county"],
        household["origin_town"],
        household["origin_village"],
        household["origin_hamlet"],
        scope.site_name(household["site_id"]),
        household["building"],
        household["unit"],
        household["room"],
        household["relocation_type"],
        household["household_type"],
        household["monitoring_type"],
        month_text(household["relocated_on"]),
        household["phone"],
        figures.members,
        figures.labour,
        figures.employed,
        yes_no(figures.zero_employment),
        household["collector"],
        household["collected_on"],
    ]


def _member_rows(data: LedgerData, scope: Scope) -> Iterator[Sequence[Any]]:
    on = data.on
    for household in data.households:
        members = data.members.get(household["id"])
        if not members:
            continue
        head = _household_part(data, scope, household)
        for m in members:
            yield [
                *head,
                m["name"],
                m["id_type"],
                m["id_number"],
                m["sex"],
                birth_text(m["birth_date"]),
                age(m["birth_date"], on),
                m["ethnicity"],
                m["relation"],
                m["education"],
                m["student_status"],
                m["health"],
                m["disability"],
                m["labour_skill"],
                m["phone"],
                yes_no(m["job_intent"]),
                m["job_intent_note"],
                yes_no(m["training_intent"]),
                m["training_intent_note"],
                yes_no(m["trained"]),
                m["trained_note"],
                yes_no(m["hard_to_employ"]),
                m["unemployment_reason"],
                yes_no(m["two_after"]),
            ]


def build_members(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    data = load(store, scope, options.on, spell_columns=FIGURE_SPELL_COLUMNS)
    return Ledger(
        kind="members",
        sheet_name="家庭成员",
        title=f"{scope.label} 家庭成员信息表",
        columns=MEMBER_COLUMNS,
        rows=_member_rows(data, scope),
        count=sum(len(data.members.get(household["id"]) or ()) for household in data.households),
        key_columns=1,  # 户编号 (姓名 is the 21st column: Excel repeats only adjacent columns on every page)
    )


def _employment_rows(data: LedgerData, scope: Scope) -> Iterator[Sequence[Any]]:
    on = data.on
    for household in data.households:
        site = scope.site_name(household["site_id"])
        place = [household["hh_number"], site, household["building"], household["unit"], household["room"]]
        for m in data.members.get(household["id"], ()):
            spells = data.spells.get(m["id"])
            if not spells:
                continue
            person = [m["name"], m["id_number"], m["sex"], age(m["birth_date"], on), m["phone"]]
            for s in spells:
                yield [
                    *place,
                    *person,
                    s["form"],
                    s["place_scope"],
                    s["place"],
                    s["employer"],
                    s["industry"],
                    month_text(s["start_month"]),
                    month_text(s["end_month"]),
                    months_this_year(s, on),
                    s["monthly_income"],
                    yes_no(s["organised"]),
                    yes_no(s["point_to_point"]),
                    s["welfare_post_type"],
                    s["contract_start"],
                    s["contract_end"],
                    yes_no(s["accident_insurance"]),
                    s["transport_subsidy"],
                    s["transport_subsidy_year"],
                ]


def build_employment(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    data = load(store, scope, options.on)
    return Ledger(
        kind="employment",
        sheet_name="务工监测",
        title=f"{scope.label} 务工监测表",
        columns=EMPLOYMENT_COLUMNS,
        rows=_employment_rows(data, scope),
        count=sum(
            len(data.spells.get(m["id"]) or ())
            for household in data.households
            for m in data.members.get(household["id"], ())
        ),
        key_columns=7,  # 户编号 … 门牌号, 姓名, 证件号码: whose spell it is, on every page across
    )

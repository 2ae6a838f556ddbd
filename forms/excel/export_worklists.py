"""Worklist ledgers: the 零就业 follow-up list, the two subsidy lists and 两后生, from `forms.worklists`.

Who is on a list is decided once, in `forms.worklists` (SQL that the rule tests hold equal to the per-household
rules); this module only adds what a printed list needs: the household's flat and phone, the spell that makes
someone eligible, an amount, the other households that record the same person (to check before paying), a 签字
column for the person to sign when paid, and a total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, func, select

from ..household_list import address_of
from ..records import Employment, Household, Member
from ..rules import two_after
from ..rules.followup import worked_stably
from ..rules.labour import LOCAL_POSTS, OUT_OF_PROVINCE, VOID
from ..settings import RuleSettings, load_settings
from ..store import Store
from ..worklists import WorklistRow, run_worklist
from .export import Col, ExportOptions, Ledger, chunked, month_text, through, yes_no
from .export_members import age, birth_text
from .ledger_data import Row, Scope, natural, place_cells

_PLACE = [Col("序号", "int"), Col("安置点名称"), Col("户编号", "code"), Col("楼栋"), Col("单元"), Col("门牌号")]


def _rows_by_id(store: Store, scope: Scope, model: Any, ids: Iterable[str]) -> dict[str, Row]:
    table = model.__table__
    assert isinstance(table, Table)
    found: dict[str, Row] = {}
    with store.reading() as session:
        for chunk in chunked(sorted(set(ids))):
            for row in scope.stored.rows(session, select(table).where(table.c.id.in_(chunk))):
                found[row["id"]] = row
    scope.stored.note(table.name, found.values())
    return found


#: The columns the worklists' SQL reads as dates (`forms.worklists`): a value there that is no date stops it.
WORKLIST_DATES = (("measures", "due_on"), ("members", "birth_date"))


def _worklist(store: Store, name: str, on: date, scope: Scope) -> tuple[list[WorklistRow], dict[str, Row]]:
    settings = load_settings(store)
    with store.engine.connect() as conn:
        try:
            rows = list(run_worklist(conn, name, settings, on).rows)
        except (ValueError, TypeError) as exc:
            unreadable = scope.stored.unreadable(WORKLIST_DATES)
            if unreadable is None:
                raise
            raise unreadable from exc
    households = _rows_by_id(store, scope, Household, (r.household_id for r in rows))
    if scope.site_id is not None:
        rows = [r for r in rows if households[r.household_id]["site_id"] == scope.site_id]
    return _door_by_door(rows, households), households


def _door_by_door(rows: list[WorklistRow], households: dict[str, Row]) -> list[WorklistRow]:
    """The rows as the worker walks the site: the list's SQL orders flats as text, for the screen's paging, and the
    printed 1栋1单元 went 1002, 1301, 1801, 201, 202; now 201, 202, 1002 (`natural`), as the other ledgers go. The
    sort is stable: the sites, and each household's members, stay in the list's order."""
    site_rank: dict[str, int] = {}
    for row in rows:
        site_rank.setdefault(households[row.household_id]["site_id"], len(site_rank))

    def place(row: WorklistRow) -> tuple[Any, ...]:
        home = households[row.household_id]
        return site_rank[home["site_id"]], natural(home["building"]), natural(home["unit"]), natural(home["room"])

    return sorted(rows, key=place)


def build_zero(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    rows, households = _worklist(store, "zero_employment", options.on, scope)
    columns = [
        *_PLACE,
        Col("户主姓名"),
        Col("户联系电话", "code"),
        Col("家庭人数", "int"),
        Col("劳动力人数", "int"),
        Col("户状态"),
        Col("帮扶措施计划完成日期", "date"),
        Col("跟进情况"),
    ]
    sizes = _household_sizes(store, households)
    lines = []
    for number, row in enumerate(rows, 1):
        household = households[row.household_id]
        due = row.detail.get("next_due")
        open_measures = int(row.detail.get("open_measures") or 0)
        lines.append(
            [
                *place_cells(number, household, scope),
                row.head_name,
                household["phone"],
                sizes.get(row.household_id, 0),
                row.detail.get("labour"),
                household["status"],
                due,
                _follow_up(due, open_measures, options.on),
            ]
        )
    return Ledger(
        kind="zero-employment",
        sheet_name="零就业家庭",
        title=f"{scope.label} 零就业家庭跟进清单（{options.on:%Y-%m-%d}）",
        columns=columns,
        rows=lines,
        notes=("零就业家庭：有劳动力、统计日期没有人就业的户；有人就业后自动移出本清单（动态清零）。",),
        key_columns=through(columns, "户主姓名"),
    )


def _follow_up(due: date | None, open_measures: int, on: date) -> str:
    """跟进情况, as the 待跟进 screen shows it in red: no open measure, open ones without a 计划完成日期, or one
    past its date."""
    if due is None and open_measures:
        return "有未完成的帮扶措施，但未填计划完成日期，请补填"
    if due is None:
        return "尚无未完成的帮扶措施，请走访并制定措施"
    if due < on:
        return f"措施已过计划完成日期 {(on - due).days} 天，请走访跟进"
    return "有未完成的帮扶措施"


def _household_sizes(store: Store, households: dict[str, Row]) -> dict[str, int]:
    table = Member.__table__
    assert isinstance(table, Table)
    sizes: dict[str, int] = {}
    with store.reading() as session:
        for chunk in chunked(sorted(households)):
            query = select(table.c.household_id).where(table.c.household_id.in_(chunk), table.c.deleted_at.is_(None))
            for (household_id,) in session.execute(query):
                sizes[household_id] = sizes.get(household_id, 0) + 1
    return sizes


def _qualifying_spell(spells: Sequence[Row], on: date, settings: RuleSettings, *, outside: bool) -> Row | None:
    """The counting spell that makes someone eligible (stable for the minimum months this year, ongoing or ended:
    `followup.worked_stably`), earliest first. For the 就业创业服务补助 a 公益性岗位 or 帮扶车间 ticked organised is
    not it (work at home, `followup.service_subsidy`): a person with one and a real organised job was printed with the
    post."""
    eligible = [
        s
        for s in spells
        if s["form"] in settings.employment_forms
        and worked_stably(s["start_month"], s["end_month"], settings, on)
        and (
            s["place_scope"] == OUT_OF_PROVINCE if outside else s["organised"] is True and s["form"] not in LOCAL_POSTS
        )
    ]
    return min(eligible, key=lambda s: (s["start_month"], s["id"])) if eligible else None


def _member_list(store: Store, name: str, options: ExportOptions, scope: Scope, *, outside: bool) -> Ledger:
    rows, households = _worklist(store, name, options.on, scope)
    settings = load_settings(store)
    spells: dict[str, list[Row]] = {}
    for spell in _spells_of(store, scope, [r.member_id or "" for r in rows]):
        spells.setdefault(spell["member_id"], []).append(spell)
    columns = [
        *_PLACE,
        Col("户主姓名"),
        Col("姓名"),
        Col("证件号码", "code"),
        Col("成员联系电话", "code"),
        Col("务工地域"),
        Col("务工所在地"),
        Col("务工企业名称"),
        Col("开始时间"),
        Col("结束时间"),
        Col("是否有组织劳务输出"),
        Col("补助上限（元）" if outside else "补助金额（元）", "int"),
        Col("重复登记"),
        Col("签字"),
    ]
    elsewhere = _held_elsewhere(store, rows, scope)
    lines = []
    total = 0
    for number, row in enumerate(rows, 1):
        spell = _qualifying_spell(spells.get(row.member_id or "", ()), options.on, settings, outside=outside) or {}
        amount = row.detail.get("max_amount" if outside else "amount")
        total += int(amount or 0)
        lines.append(
            [
                *place_cells(number, households[row.household_id], scope),
                row.head_name,
                row.member_name,
                row.id_number,
                row.phone,
                spell.get("place_scope"),
                spell.get("place"),
                spell.get("employer"),
                month_text(spell.get("start_month")),
                month_text(spell.get("end_month")),
                yes_no(spell.get("organised")),
                amount,
                elsewhere.get(row.member_id or ""),
                None,
            ]
        )
    totals = ["合计", *([None] * (len(columns) - 4)), None if outside else total, None, None]
    if outside:
        note = (
            f"一次性外出务工交通补助：脱贫人口跨省务工、本年度稳定就业满{settings.subsidy_min_months}个月"
            "（已返乡的也算，见“结束时间”）、本年度尚未领取；"
            f"每人每年1次，最多{settings.transport_subsidy_cap}元，具体标准按本县规定。"
        )
    else:
        note = (
            f"就业创业服务补助：脱贫人口有组织劳务输出、本年度稳定就业满{settings.subsidy_min_months}个月"
            "（已返乡的也算，见“结束时间”）；"
            f"补助发给组织输出的人力资源服务机构、劳务经纪人，按输出人数每人每年{settings.service_subsidy}元，"
            "凭本名单和外出务工收入证明申领。"
        )
    notes: tuple[str, ...] = (note,)
    if elsewhere:
        notes += (
            f"{len(elsewhere)}人的证件号码在不止一户中登记（重复人员），本名单只列一次，见“重复登记”列："
            "发放前请核实此人实际住在哪一户、在另一户是否已领取，并请县里在“重复人员”中合并。",
        )
    return Ledger(
        kind=name.replace("_", "-"),
        sheet_name="交通补助" if outside else "就业创业服务补助",
        title=f"{scope.label} {'一次性外出务工交通补助名单' if outside else '就业创业服务补助名单'}"
        f"（{options.on.year}年）",
        columns=columns,
        rows=lines,
        totals=None if outside else totals,
        notes=notes,
        signed=True,  # each person signs for the money
        key_columns=through(columns, "姓名"),  # beside the 签字 column, on whichever page it prints
    )


def _number(household: Row) -> str:
    return f"户编号{household['hh_number']}" if household["hh_number"] else ""


def _flat(household: Row) -> str:
    return address_of(household["building"], household["unit"], household["room"])


def _held_elsewhere(store: Store, rows: Sequence[WorklistRow], scope: Scope) -> dict[str, str]:
    """重复登记 for the listed members whose 证件号码 (its first 18 characters, as `forms.worklists` compares them)
    other counting households also hold: those households, by member id."""
    flagged = {r.member_id or "": r for r in rows if r.detail.get("other_households") and r.id_number}
    if not flagged:
        return {}
    m, h = Member.__table__, Household.__table__
    assert isinstance(m, Table) and isinstance(h, Table)
    prefix = func.substr(m.c.id_number, 1, 18)
    others: dict[str, dict[str, Row]] = {}
    with store.reading() as session:
        for chunk in chunked(sorted({str(r.id_number)[:18] for r in flagged.values()})):
            query = (
                select(prefix.label("person"), h.c.id, h.c.site_id, h.c.hh_number, h.c.building, h.c.unit, h.c.room)
                .select_from(m.join(h, h.c.id == m.c.household_id))
                .where(prefix.in_(chunk), m.c.deleted_at.is_(None), h.c.deleted_at.is_(None), h.c.status != VOID)
            )
            for row in session.execute(query).mappings():
                others.setdefault(row["person"], {})[row["id"]] = dict(row)
    said: dict[str, str] = {}
    for member_id, listed in flagged.items():
        person = str(listed.id_number)[:18]
        homes = [x for hid, x in sorted(others.get(person, {}).items()) if hid != listed.household_id]
        where = [" ".join(p for p in (scope.site_name(x["site_id"]), _number(x), _flat(x)) if p) for x in homes]
        if homes:
            said[member_id] = f"另在{len(homes)}户登记（{'；'.join(where)}），请核实后再发放"
    return said


def _spells_of(store: Store, scope: Scope, member_ids: Sequence[str]) -> list[Row]:
    table = Employment.__table__
    assert isinstance(table, Table)
    found: list[Row] = []
    with store.reading() as session:
        for chunk in chunked(sorted(set(member_ids))):
            query = select(table).where(table.c.member_id.in_(chunk), table.c.deleted_at.is_(None))
            found.extend(scope.stored.rows(session, query))
    scope.stored.note("employments", found)
    return found


def build_transport_subsidy(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    return _member_list(store, "transport_subsidy", options, scope, outside=True)


def build_service_subsidy(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    return _member_list(store, "service_subsidy", options, scope, outside=False)


def build_two_after(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    rows, households = _worklist(store, "two_after", options.on, scope)
    members = _rows_by_id(store, scope, Member, (r.member_id or "" for r in rows))
    columns = [
        *_PLACE,
        Col("户主姓名"),
        Col("姓名"),
        Col("证件号码", "code"),
        Col("性别"),
        Col("出生日期", "code"),
        Col("年龄", "int"),
        Col("文化程度"),
        Col("成员联系电话", "code"),
        Col("就业意愿"),
        Col("培训意愿"),
        Col("培训意愿（工种）"),
        Col("需核实"),
    ]
    lines = []
    for number, row in enumerate(rows, 1):
        m = members[row.member_id or ""]
        born = m["birth_date"] if isinstance(m["birth_date"], date) else None  # text kept as stored: no age
        lines.append(
            [
                *place_cells(number, households[row.household_id], scope),
                row.head_name,
                m["name"],
                m["id_number"],
                m["sex"],
                birth_text(m["birth_date"]),
                age(m["birth_date"], options.on),
                m["education"],
                m["phone"],
                yes_no(m["job_intent"]),
                yes_no(m["training_intent"]),
                m["training_intent_note"],
                # Listed all the same (the flag is the worker's, the criteria the county's): said, not dropped.
                two_after.doubt(born, m["student_status"], options.on),
            ]
        )
    return Ledger(
        kind="two-after",
        sheet_name="两后生",
        title=f"{scope.label} 两后生名单（{options.on:%Y-%m-%d}）",
        columns=columns,
        rows=lines,
        notes=(
            "两后生：初中、高中毕业后未能继续升学的青年。脱贫户、农村低收入人口家庭的两后生可就读技工院校，"
            "按规定享受国家免学费和奖助学金政策，也可参加职业技能培训。",
            "需核实：登记的在校情况或年龄与两后生标记不符（仍在上学而不是在中职、技师学院，或已满"
            f"{two_after.AGE_LIMIT}周岁），请入户核实，更正在校情况或取消两后生标记。",
        ),
        key_columns=through(columns, "姓名"),
    )

"""The follow-up lists the station and the county work from (DESIGN.md §4), each one SQL query over the database.

Each list is a SQLAlchemy Core ``SELECT`` (`worklist_select`), and `run_worklist` runs it and returns named rows,
door by door (`door_by_door`: site, then 楼栋, 单元 and 门牌号 with their numbers as numbers, 201, 202, 1002, as a
worker walks them and the exported lists go; SQL orders them as text, 1002, 1301, 201). What each list means —
the decisions the policy leaves open — is written once, in Python, in `forms.rules.followup`; the SQL here must
return exactly the same households and members on any data, and the property tests check that it does (on the
subsidy lists, over the whole database: a person is listed once, however many households record them,
`followup.once_per_person`). Portable to PostgreSQL: see `forms.rules.sql`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Integer,
    Select,
    Subquery,
    and_,
    false,
    func,
    literal,
    or_,
    select,
)

from .household_list import natural
from .rules import sql
from .rules.bundle import address_of
from .rules.fieldscreen import bytewise
from .rules.followup import default_since, ended_earlier_this_year, ended_months
from .rules.labour import (
    LOCAL_POSTS,
    OUT_OF_PROVINCE,
    POVERTY_ALLEVIATED,
    WELFARE_POST,
    add_months,
    last_day_of,
    month_of,
)
from .rules.member_rules import NO_ID_NUMBER
from .settings import RuleSettings
from .station_sites import at_own_sites, own_site_ids
from .summary import site_labels

H, M, E, S = sql.HOUSEHOLDS, sql.MEMBERS, sql.SPELLS, sql.SITES


@dataclass(frozen=True)
class WorklistRow:
    """One row: the household (户编号, 楼栋门牌, 户主) and, for member lists, the member; ``detail`` by list."""

    household_id: str
    hh_number: str | None
    site_name: str | None  # with the site's code where two live sites share the name (`forms.summary.site_labels`)
    address: str
    head_name: str | None
    member_id: str | None = None
    member_name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    spell_id: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, ...]:
        """The same key `forms.rules.followup` gives."""
        parts = (self.household_id, self.member_id, self.spell_id)
        return tuple(p for p in parts if p is not None)


@dataclass(frozen=True)
class Worklist:
    name: str
    zh: str
    en: str
    on: date
    rows: tuple[WorklistRow, ...]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def households(self) -> int:
        return len({row.household_id for row in self.rows})


#: The sites whose households a list is of (an enrolled station's, `forms.station_sites.own_site_ids`); None: every
#: site. Most lists are scoped by one condition on their households (`worklist_select`); a subsidy list also picks
#: each person's copy among these sites' (`_listed_persons`).
Own = frozenset[str] | None


@dataclass(frozen=True)
class _Spec:
    zh: str
    en: str
    build: Callable[[RuleSettings, date, date, Own], Select[Any]]
    #: One row per row of the list, read more cheaply (the subsidy lists' persons, without who else holds them).
    rows_to_count: Callable[[RuleSettings, date, date, Own], FromClause] | None = None


def _household_columns() -> list[ColumnElement[Any]]:
    return [
        H.c.id.label("household_id"),
        H.c.hh_number,
        H.c.site_id,
        S.c.name.label("site_name"),
        H.c.building,
        H.c.unit,
        H.c.room,
        sql.head_name(H).label("head_name"),
    ]


def _member_list(
    *conditions: ColumnElement[bool],
    detail: list[ColumnElement[Any]] | None = None,
    joins: Sequence[tuple[FromClause, ColumnElement[bool]]] = (),
) -> Select[Any]:
    """Live members of counting households meeting ``conditions``; ``joins`` are outer joins for ``detail``."""
    source = M.join(H, H.c.id == M.c.household_id).outerjoin(S, S.c.id == H.c.site_id)
    for table, on in joins:
        source = source.outerjoin(table, on)
    columns = [
        *_household_columns(),
        M.c.id.label("member_id"),
        M.c.name.label("member_name"),
        M.c.id_number,
        M.c.phone,
        *(detail or []),
    ]
    return (
        select(*columns)
        .select_from(source)
        .where(M.c.deleted_at.is_(None), sql.household_counts(H), *conditions)
        .order_by(S.c.name, S.c.code, H.c.building, H.c.unit, H.c.room, H.c.id, M.c.name, M.c.id)
    )


def _zero_employment(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    lm = M.alias("cnt")
    ms = sql.MEASURES.alias("due")
    labour = (
        select(func.count())
        .where(lm.c.household_id == H.c.id, sql.labour_member(lm, settings, on))
        .scalar_subquery()
        .label("labour")
    )
    is_open = and_(ms.c.household_id == H.c.id, sql.measure_is_open(ms))
    next_due = select(func.min(ms.c.due_on)).where(is_open).scalar_subquery().label("next_due")
    # An open measure without a 计划完成日期 is still a measure: the lists say 措施未定完成日期, not 未制定措施.
    open_measures = select(func.count()).where(is_open).scalar_subquery().label("open_measures")
    return (
        select(*_household_columns(), H.c.status, labour, next_due, open_measures)
        .select_from(H.outerjoin(S, S.c.id == H.c.site_id))
        .where(sql.household_counts(H), sql.zero_employment(H, settings, on))
        .order_by(S.c.name, S.c.code, H.c.building, H.c.unit, H.c.room, H.c.id)
    )


def _ended_between(e: FromClause, settings: RuleSettings, since: date, on: date) -> ColumnElement[bool]:
    """A live counting spell that ended from the month of ``since`` up to last month, after being ongoing in a
    month: `followup.ended_between`."""
    return and_(
        e.c.deleted_at.is_(None),
        sql.counting(e, settings),
        sql.not_empty(e.c.start_month),
        sql.not_empty(e.c.end_month),
        e.c.start_month <= e.c.end_month,
        e.c.end_month >= month_of(since),
        e.c.end_month < month_of(on),
    )


def _counted_before_it_ended(e: FromClause, m: FromClause, since: date, on: date) -> ColumnElement[bool]:
    """`followup.counted_before_it_ended` for an ended spell and its member: 16 by the last day of a month of the
    window not after the spell's end month. The months are spelt out (a dozen by default: the window starts on 1
    January), so SQL does no date arithmetic."""
    return or_(
        false(),  # no months (``since`` in the list's own month): nothing ended in them either
        *(
            and_(e.c.end_month >= month, sql.old_enough_to_work(m, last_day_of(month)))
            for month in ended_months(since, on)
        ),
    )


def _became_unemployed(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    e, holder = E.alias("ended"), M.alias("holder")
    last = E.alias("last")
    # The latest end of any such spell: a spell ending later than one counted was counted too.
    last_end = (
        select(func.max(last.c.end_month))
        .where(last.c.member_id == M.c.id, _ended_between(last, settings, since, on))
        .scalar_subquery()
    )
    # From the spells that ended (a few thousand in a county) to their members, not from every member to its spells.
    ended = (
        select(e.c.member_id)
        .select_from(e.join(holder, holder.c.id == e.c.member_id))
        .where(_ended_between(e, settings, since, on), _counted_before_it_ended(e, holder, since, on))
    )
    return _member_list(
        M.c.id.in_(ended),
        ~sql.counts_as_employed(M, settings, on),
        detail=[last_end.label("last_end_month")],
    )


def _job_seekers(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    return _member_list(
        M.c.job_intent.is_(True),
        sql.labour_member(M, settings, on),
        ~sql.employed(M, settings, on),
        detail=[M.c.job_intent_note],
    )


def _training(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    return _member_list(M.c.training_intent.is_(True), detail=[M.c.training_intent_note])


def _two_after(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    return _member_list(M.c.two_after.is_(True), detail=[M.c.education, M.c.birth_date])


def _no_id_number(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    return _member_list(M.c.id_type == NO_ID_NUMBER, detail=[M.c.birth_date])


def _stable(e: FromClause, settings: RuleSettings, on: date) -> ColumnElement[bool]:
    """`followup.worked_stably` for a live counting spell: ongoing and started at least ``subsidy_min_months``
    before the date's month, or ended earlier this year that long after it started. The months it may have ended
    in are spelt out (at most eleven), so SQL never does arithmetic on a month."""
    months = settings.subsidy_min_months
    ended = [
        and_(e.c.end_month == end, e.c.start_month <= add_months(end, 1 - months))
        for end in ended_earlier_this_year(on)
    ]
    return and_(
        e.c.deleted_at.is_(None),
        sql.not_empty(e.c.start_month),
        sql.counting(e, settings),
        or_(and_(sql.ongoing(e, on), e.c.start_month <= add_months(month_of(on), -months)), *ended),
    )


def _person(m: FromClause) -> ColumnElement[str]:
    """`followup.person_of`: the first 18 characters of the 证件号码, or the member's own id (36 characters: never
    equal to a number's 18)."""
    return func.coalesce(func.substr(func.nullif(m.c.id_number, ""), 1, 18), m.c.id)


#: Which spells make someone eligible for a subsidy, given the spell (besides `_stable`).
SpellTest = Callable[[FromClause], ColumnElement[bool]]


def _listed_persons(qualifies: SpellTest, settings: RuleSettings, on: date, own: Own, *, unpaid: bool) -> Subquery:
    """`followup.once_per_person` over a subsidy list: each person a stable spell that ``qualifies`` makes
    eligible (a live member of a counting 脱贫户 at the sites ``own``, 16 or older on ``on``), with their copy of
    least member id among those sites'; with ``unpaid``, none paid a 交通补助 this year on any copy, anywhere.

    The copy is picked among the station's own: picked among all, a person recorded twice, here and in a household
    since moved to another station's site (已迁出), was off both of the station's lists whenever the moved copy had
    the lesser id, though the station counts them in its 已就业人数 and nobody else follows them up here.

    Read from the spells outward: the few spells that qualify, then their members and households by key. Asked of
    every member instead (does one of your spells qualify?), a county's 200,000 members each cost an index search,
    and the list took seconds."""
    e, m, h = E.alias("qualifying"), M.alias("copy"), H.alias("copy_home")
    conditions = [
        _stable(e, settings, on),
        qualifies(e),
        m.c.deleted_at.is_(None),
        sql.old_enough_to_work(m, on),  # a child's job is not 就业 (劳动法 §15): `followup._subsidy_members`
        sql.household_counts(h),
        h.c.household_type == POVERTY_ALLEVIATED,
        at_own_sites(h.c.site_id, own),
    ]
    if unpaid:
        conditions.append(_person(m).not_in(_paid_persons(on)))
    copies = (
        select(m.c.id, _person(m).label("person"))
        .select_from(e.join(m, m.c.id == e.c.member_id).join(h, h.c.id == m.c.household_id))
        .where(*conditions)
        .subquery("copies")
    )
    # Grouped by the subquery's column: PostgreSQL takes `substr(x, $1, $2)` and `substr(x, $3, $4)` as different.
    first = func.min(bytewise(copies.c.id)).label("member_id")
    return select(first, copies.c.person).group_by(copies.c.person).subquery("listed")


def _once_per_person(listed: Subquery) -> Select[Any]:
    """The rows of the persons ``listed`` (`_listed_persons`), with how many other households hold their number."""
    held = _held_elsewhere()
    return _member_list(
        M.c.id.in_(select(listed.c.member_id)),
        detail=[func.coalesce(held.c.households - 1, 0).label("other_households")],
        joins=[(held, held.c.person == _person(M))],
    )


def _held_elsewhere() -> Subquery:
    """The persons whose number live members of more than one counting household hold, with the count.

    Read from the index of 证件号码: the numbers whose first 18 characters recur, then their holders by number. A
    number is never empty here, so its person is its first 18 characters (`_person` falls back to the member's
    id, which is not in the index: asking for it read all 200,000 members of a county twice)."""
    n, recurring = M.alias("numbered"), M.alias("recurring")
    numbered = select(func.substr(n.c.id_number, 1, 18).label("person")).where(sql.not_empty(n.c.id_number))
    persons = numbered.subquery("numbers")
    # Grouped by the subquery's column: PostgreSQL takes `substr(x, $1, $2)` and `substr(x, $3, $4)` as different.
    twice = select(persons.c.person).group_by(persons.c.person).having(func.count() > 1)
    numbers = select(recurring.c.id_number).where(
        sql.not_empty(recurring.c.id_number), func.substr(recurring.c.id_number, 1, 18).in_(twice)
    )
    m, h = M.alias("holder"), H.alias("holder_home")
    holders = (
        select(func.substr(m.c.id_number, 1, 18).label("person"), h.c.id.label("household_id"))
        .select_from(m.join(h, h.c.id == m.c.household_id))
        .where(m.c.deleted_at.is_(None), m.c.id_number.in_(numbers), sql.household_counts(h))
        .subquery("holders")
    )
    households = func.count(func.distinct(holders.c.household_id))
    return (
        select(holders.c.person, households.label("households"))
        .group_by(holders.c.person)
        .having(households > 1)
        .subquery("held")
    )


def _paid_persons(on: date) -> Select[Any]:
    """Persons with a 交通补助 payment this year on any live member of a household not tombstoned (作废 too)."""
    e, m, h = E.alias("paid"), M.alias("paid_member"), H.alias("paid_home")
    return (
        select(_person(m))
        .select_from(e.join(m, m.c.id == e.c.member_id).join(h, h.c.id == m.c.household_id))
        .where(
            e.c.deleted_at.is_(None),
            e.c.transport_subsidy_year == on.year,
            m.c.deleted_at.is_(None),
            h.c.deleted_at.is_(None),
        )
    )


def _outside(e: FromClause) -> ColumnElement[bool]:
    return e.c.place_scope == OUT_OF_PROVINCE


def _organised(e: FromClause) -> ColumnElement[bool]:
    """Organised labour export (§(四)): ticked, and not a 公益性岗位 or 帮扶车间, work at home (§(九), §(十二))."""
    return and_(e.c.organised.is_(True), e.c.form.not_in(LOCAL_POSTS))


def _transport_persons(settings: RuleSettings, on: date, since: date, own: Own) -> Subquery:
    return _listed_persons(_outside, settings, on, own, unpaid=True)


def _service_persons(settings: RuleSettings, on: date, since: date, own: Own) -> Subquery:
    return _listed_persons(_organised, settings, on, own, unpaid=False)


def _transport_subsidy(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    stmt = _once_per_person(_transport_persons(settings, on, since, own))
    return stmt.add_columns(literal(settings.transport_subsidy_cap, Integer).label("max_amount"))


def _service_subsidy(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    stmt = _once_per_person(_service_persons(settings, on, since, own))
    return stmt.add_columns(literal(settings.service_subsidy, Integer).label("amount"))


def _contracts_ending(settings: RuleSettings, on: date, since: date, own: Own) -> Select[Any]:
    columns = [
        *_household_columns(),
        M.c.id.label("member_id"),
        M.c.name.label("member_name"),
        M.c.id_number,
        M.c.phone,
        E.c.id.label("spell_id"),
        E.c.welfare_post_type,
        E.c.contract_start,
        E.c.contract_end,
    ]
    return (
        select(*columns)
        .select_from(
            E.join(M, M.c.id == E.c.member_id).join(H, H.c.id == M.c.household_id).outerjoin(S, S.c.id == H.c.site_id)
        )
        .where(
            M.c.deleted_at.is_(None),
            sql.household_counts(H),
            E.c.form == WELFARE_POST,
            sql.ongoing(E, on),
            E.c.contract_end.is_not(None),
            E.c.contract_end <= on + timedelta(days=settings.contract_notice_days),
        )
        .order_by(E.c.contract_end, S.c.name, S.c.code, H.c.building, H.c.unit, H.c.room, M.c.name, E.c.id)
    )


#: Columns every row names; the rest of a list's columns go into ``WorklistRow.detail``.
_COMMON = frozenset(
    [
        *("household_id", "hh_number", "site_id", "site_name", "building", "unit", "room", "head_name"),
        *("member_id", "member_name", "id_number", "phone", "spell_id"),
    ]
)

WORKLISTS: dict[str, _Spec] = {
    "zero_employment": _Spec("零就业家庭", "Zero-employment households", _zero_employment),
    "became_unemployed": _Spec("就业转失业人员", "Became unemployed", _became_unemployed),
    "job_seekers": _Spec("有就业意愿未就业人员", "Want work, not employed", _job_seekers),
    "training": _Spec("有培训意愿人员", "Want training", _training),
    "two_after": _Spec("两后生", "Left school after junior or senior high (两后生)", _two_after),
    "transport_subsidy": _Spec(
        "一次性外出务工交通补助（符合条件）",
        "One-off travel subsidy for work outside the province (eligible)",
        _transport_subsidy,
        _transport_persons,
    ),
    "service_subsidy": _Spec(
        "就业创业服务补助（有组织劳务输出）",
        "Employment service subsidy (organised labour export)",
        _service_subsidy,
        _service_persons,
    ),
    "contracts_ending": _Spec("公益性岗位合同即将到期", "Public-welfare post contracts ending soon", _contracts_ending),
    "no_id_number": _Spec("暂无证件号码人员", "People without an ID number yet", _no_id_number),
}


def worklist_select(
    name: str, settings: RuleSettings, on: date, since: date | None = None, *, own: frozenset[str] | None = None
) -> Select[Any]:
    """The SELECT of one list on ``on`` (``since`` for 就业转失业; by default `default_since`), of the households at
    the sites ``own`` (an enrolled station's, `forms.station_sites.own_site_ids`; None: every site). Each list
    selects from the households table by its name, so the scope is one condition on it: a household moved to
    another station's site (已迁出) is no longer this station's to follow up. The subsidy lists take ``own`` in too,
    to pick a person's copy among the station's (`_listed_persons`)."""
    try:
        spec = WORKLISTS[name]
    except KeyError:
        raise KeyError(f"no worklist named {name!r}; known: {', '.join(WORKLISTS)}") from None
    stmt = spec.build(settings, on, since or default_since(on), own)
    return stmt if own is None else stmt.where(at_own_sites(H.c.site_id, own))


def count_worklist(conn: Connection, name: str, settings: RuleSettings, on: date, since: date | None = None) -> int:
    spec = WORKLISTS.get(name)
    own = own_site_ids(conn)
    if spec is not None and spec.rows_to_count is not None:
        inner: FromClause = spec.rows_to_count(settings, on, since or default_since(on), own)
    else:
        inner = worklist_select(name, settings, on, since, own=own).order_by(None).subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def run_worklist(conn: Connection, name: str, settings: RuleSettings, on: date, since: date | None = None) -> Worklist:
    """Run one list and name its rows (a site by its name, with its code where two live sites share the name); on
    an enrolled station, of its own sites only."""
    stmt = worklist_select(name, settings, on, since, own=own_site_ids(conn))
    spec = WORKLISTS[name]
    labels = site_labels(conn)
    place = door_by_door(conn)
    result = conn.execute(stmt)
    # Rows read as plain tuples by position: a county's list has tens of thousands, and a mapping's ``get`` of a
    # column the list lacks (spell_id on most) raised and caught an exception per row, half the list's time.
    keys = list(result.keys())
    at = {key: i for i, key in enumerate(keys)}
    detail_at = [(key, i) for i, key in enumerate(keys) if key not in _COMMON]

    def column(key: str) -> Callable[[Sequence[Any]], Any]:
        i = at.get(key)
        return (lambda _row: None) if i is None else (lambda row: row[i])

    member_id, member_name, id_number, phone, spell_id = map(
        column, ("member_id", "member_name", "id_number", "phone", "spell_id")
    )
    household_id, hh_number, site_id, site_name = (at[k] for k in ("household_id", "hh_number", "site_id", "site_name"))
    building, unit, room, head_name = (at[k] for k in ("building", "unit", "room", "head_name"))
    # 合同即将到期 goes by the day a contract ends (the soonest first), then door by door.
    contract_end = at.get("contract_end") if name == "contracts_ending" else None
    placed: list[tuple[tuple[Any, ...], WorklistRow]] = []
    for row in result:
        detail = {key: row[i] for key, i in detail_at}
        if contract_end is not None and row[contract_end] is not None:
            detail["days_left"] = (row[contract_end] - on).days
        door = place(row[site_id], row[building], row[unit], row[room])
        placed.append(
            (
                door if contract_end is None else (row[contract_end], *door),
                WorklistRow(
                    household_id=row[household_id],
                    hh_number=row[hh_number],
                    site_name=labels.get(row[site_id] or "", row[site_name]),
                    address=address_of(row[building], row[unit], row[room]),
                    head_name=row[head_name],
                    member_id=member_id(row),
                    member_name=member_name(row),
                    id_number=id_number(row),
                    phone=phone(row),
                    spell_id=spell_id(row),
                    detail=detail,
                ),
            )
        )
    # Stable: the members of a household, and households at one door, stay in the SQL's order.
    placed.sort(key=lambda item: item[0])
    return Worklist(name, spec.zh, spec.en, on, tuple(row for _door, row in placed))


def door_by_door(conn: Connection) -> Callable[[str | None, str | None, str | None, str | None], tuple[Any, ...]]:
    """A sort key for a household's place: its site (by name, then code, as the lists' SQL orders sites; none
    first), then 楼栋, 单元, 门牌号 `natural`-ly, so 1栋1单元 goes 201, 202, 1002 and 2栋 comes before 10栋.

    SQL compares them as text (1002, 1301, 201); a natural order in SQL would cast, which PostgreSQL refuses for
    a room like 3-201. A county's list of 20,000 rows has a few thousand distinct parts: each is parsed once."""
    sites = conn.execute(select(S.c.id).order_by(S.c.name, S.c.code)).scalars()
    rank = {site: i for i, site in enumerate(sites)}
    parsed: dict[str | None, tuple[tuple[int, int | str], ...]] = {}

    def part(text: str | None) -> tuple[tuple[int, int | str], ...]:
        key = parsed.get(text)
        if key is None:
            key = parsed[text] = natural(text)
        return key

    def place(site_id: str | None, building: str | None, unit: str | None, room: str | None) -> tuple[Any, ...]:
        return rank.get(site_id or "", -1), part(building), part(unit), part(room)

    return place

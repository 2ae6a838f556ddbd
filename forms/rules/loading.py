"""Household bundles from the database: one for the editor, or thousands at once for `anju check`.

Reads go by id lists in chunks (each an indexed IN lookup), so loading a few thousand households costs a few
dozen queries, not a few per household. They go through the driver (`rows_in`): a query with thousands of
rows spends more in SQLAlchemy's per-row work and in spelling out the IN lists than in the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import JSON, Boolean, ColumnElement, Connection, Date, FromClause, Select, Table, literal_column, select

from ..errors import StoreError
from ..records import FindingOverride
from .bundle import Elsewhere, HouseholdBundle, HouseholdFacts, MeasureFacts, MemberFacts, SpellFacts, address_of
from .overrides import override_key
from .sql import HOUSEHOLDS, MEASURES, MEMBERS, SITES, SPELLS, household_counts

OVERRIDES: Table = FindingOverride.__table__  # type: ignore[assignment]
CHUNK = 500  # ids per IN list: well under SQLite's and PostgreSQL's parameter limits
F = TypeVar("F")
_IDS = "__anju_ids__"


def in_chunks(ids: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    """``ids`` in slices short enough for one ``IN (…)`` list. An unsliced list of a county's households fails: SQLite
    as Python ships it on Windows takes 32,766 values per statement, PostgreSQL's protocol 65,535."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def rows_in(
    conn: Connection, query: Select[*tuple[Any, ...]], key: ColumnElement[Any], ids: Iterable[str]
) -> Iterator[Any]:
    """The rows of ``query`` whose ``key`` is one of ``ids``, as tuples: read through the driver chunk by chunk,
    with dates, yes/no answers and JSON converted as SQLAlchemy converts them."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    compiled = query.where(key.in_([literal_column(_IDS)])).compile(
        dialect=conn.dialect, compile_kwargs={"literal_binds": True}
    )
    sql = str(compiled)
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    if mark == "%s":
        sql = sql.replace("%", "%%")
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for i, column in enumerate(query.selected_columns):
        convert = column_converter(column.type)
        if convert is not None:
            converters.append((i, convert))
    for chunk in in_chunks(wanted):
        result = conn.exec_driver_sql(sql.replace(_IDS, ", ".join([mark] * len(chunk))), tuple(chunk))
        try:
            rows = result.cursor.fetchall()
        finally:
            result.close()
        if not converters:
            yield from rows
            continue
        for row in rows:
            values = list(row)
            for i, convert in converters:
                if values[i] is not None:
                    try:
                        values[i] = convert(values[i])
                    except ValueError as exc:
                        raise unreadable_value(query.selected_columns[i], values[i]) from exc
            yield tuple(values)


def stored_date(value: Any) -> date:
    """A stored date, as SQLAlchemy reads one; a number (SQLite keeps digits typed into a date column as one) or any
    other value is no date (ValueError)."""
    if isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(value, date):
        return value
    raise ValueError(f"not a date: {value!r}")


class UnreadableValue(StoreError):
    """A stored value that cannot be read as its column's type, found while reading ``table``.``column``: a caller
    that can name whose record it is (`forms.excel.stored.StoredValues.unreadable`) says so instead."""

    def __init__(self, zh: str, en: str, table: str, column: str) -> None:
        super().__init__(zh, en)
        self.table = table
        self.column = column


def unreadable_value(column: Any, value: Any) -> UnreadableValue:
    """A stored value Anju never writes (a date that is not one, JSON that is not): the file was edited outside the
    program. Said with where, instead of a traceback from the middle of ``anju check``."""
    table = getattr(getattr(column, "table", None), "name", "?")
    where = f"{table}.{column.name}"
    shown = str(value)[:40]
    return UnreadableValue(
        f"数据库里有一个值读不出来（{where}：“{shown}”）。安居自己不会写出这样的值，数据库文件可能在安居之外被改过。"
        "请运行 anju audit --db 数据库文件 查看哪些记录被改过，再从备份恢复或请县里处理。",
        f"A stored value cannot be read ({where}: “{shown}”). Anju never writes such a value: the database file was "
        "probably edited outside Anju. Run anju audit --db FILE to see which records changed, then restore a backup "
        "or ask the county.",
        table,
        column.name,
    )


def column_converter(kind: Any) -> Callable[[Any], Any] | None:
    """How a stored value of a column of this type is read as SQLAlchemy would read it (None: as it is stored);
    `anju check` and the ledgers (`forms.excel.stored`) read raw values through it."""
    if isinstance(kind, Date):
        return stored_date
    if isinstance(kind, Boolean):
        return lambda v: bool(v) if isinstance(v, int) else v
    if isinstance(kind, JSON):
        return lambda v: json.loads(v) if isinstance(v, str) else v
    return None


def _columns(table: FromClause, facts: type[Any], **others: Any) -> list[Any]:
    """The columns for a facts class, in its field order (``deleted`` read from ``deleted_at``, last)."""
    names = [name for name in facts.__slots__ if name != "deleted"]
    return [others[name] if name in others else table.c[name] for name in names] + [table.c.deleted_at]


def _facts(facts: Callable[..., F], row: Sequence[Any], width: int) -> F:
    return facts(*row[:width], deleted=row[width] is not None)


_MEMBER_COLUMNS = _columns(MEMBERS, MemberFacts)
_HOUSEHOLD_COLUMNS = _columns(HOUSEHOLDS, HouseholdFacts, site_name=SITES.c.name)


def load_bundle(conn: Connection, household_id: str) -> HouseholdBundle | None:
    """One household as stored (even if tombstoned or 作废), with the members of other households that share its
    ID numbers."""
    bundles = load_bundles(conn, [household_id], counting_only=False)
    return bundles[0] if bundles else None


def load_bundles(
    conn: Connection,
    household_ids: Iterable[str],
    *,
    duplicated: set[str] | None = None,
    counting_only: bool = True,
) -> list[HouseholdBundle]:
    """Whole bundles for these households, ordered by id.

    ``counting_only`` skips tombstoned and 作废 households (they have no findings). ``duplicated`` limits the
    look-up of ID numbers held elsewhere to these numbers (`anju check` knows them already); None looks up all.
    """
    households = _households(conn, household_ids, counting_only)
    members = _members(conn, MEMBERS.c.household_id, households)
    measures: dict[str, list[MeasureFacts]] = {hid: [] for hid in households}
    columns = _columns(MEASURES, MeasureFacts)
    query = select(*columns, MEASURES.c.household_id)
    for row in rows_in(conn, query, MEASURES.c.household_id, households):
        measures[row[-1]].append(_facts(MeasureFacts, row, len(columns) - 1))
    numbers = {m.id_number for rows in members.values() for m in rows if m.id_number and not m.deleted}
    elsewhere = id_elsewhere(conn, numbers if duplicated is None else numbers & duplicated)
    return _assemble(conn, households, members, measures, elsewhere)


def household_facts(conn: Connection, ids: Iterable[str]) -> dict[str, HouseholdFacts]:
    """Counting households by id, with their sites' names."""
    return _households(conn, ids, True)


def member_facts(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, MemberFacts]]:
    """Members by id, each with its household's id."""
    columns = _MEMBER_COLUMNS
    found: dict[str, tuple[str, MemberFacts]] = {}
    for row in rows_in(conn, select(*columns, MEMBERS.c.household_id), MEMBERS.c.id, ids):
        member = _facts(MemberFacts, row, len(columns) - 1)
        found[member.id] = (row[-1], member)
    return found


def spells_and_overrides(
    conn: Connection, households: dict[str, HouseholdFacts], members: dict[str, list[MemberFacts]]
) -> list[HouseholdBundle]:
    """Partial bundles for `forms.rules.member_rules.member_findings`: per household, just these members with
    their spells and the overrides on them; no measures, no look-up of ID numbers elsewhere. Household rules must
    not run on them (they do not hold every member)."""
    return _assemble(conn, households, members, {}, {})


def _households(conn: Connection, ids: Iterable[str], counting_only: bool) -> dict[str, HouseholdFacts]:
    h = HOUSEHOLDS
    found: dict[str, HouseholdFacts] = {}
    columns = _HOUSEHOLD_COLUMNS
    query = select(*columns).select_from(h.outerjoin(SITES, SITES.c.id == h.c.site_id))
    if counting_only:
        query = query.where(household_counts(h))
    for row in rows_in(conn, query, h.c.id, ids):
        found[row[0]] = _facts(HouseholdFacts, row, len(columns) - 1)
    return found


def _members(
    conn: Connection, key: Any, keys: Iterable[str], *where: ColumnElement[bool]
) -> dict[str, list[MemberFacts]]:
    """Members whose ``key`` column is in ``keys``, by household id."""
    columns = _MEMBER_COLUMNS
    found: dict[str, list[MemberFacts]] = {}
    for row in rows_in(conn, select(*columns, MEMBERS.c.household_id).where(*where), key, keys):
        found.setdefault(row[-1], []).append(_facts(MemberFacts, row, len(columns) - 1))
    return found


def _assemble(
    conn: Connection,
    households: dict[str, HouseholdFacts],
    members: dict[str, list[MemberFacts]],
    measures: dict[str, list[MeasureFacts]],
    elsewhere: dict[str, tuple[Elsewhere, ...]],
) -> list[HouseholdBundle]:
    """Bundles from households and members already read: adds the spells and the accepted overrides."""
    ids = sorted(households)
    member_household = {m.id: hid for hid in ids for m in members.get(hid, ())}
    spells: dict[str, list[SpellFacts]] = {hid: [] for hid in ids}
    record_household = dict(member_household)
    columns = _columns(SPELLS, SpellFacts)
    for row in rows_in(conn, select(*columns), SPELLS.c.member_id, member_household):
        spell = _facts(SpellFacts, row, len(columns) - 1)
        hid = member_household[spell.member_id]
        spells[hid].append(spell)
        record_household[spell.id] = hid
    record_household.update((hid, hid) for hid in ids)
    accepted: dict[str, set[tuple[str, ...]]] = {hid: set() for hid in ids}
    o = OVERRIDES
    query = select(o.c.rule_code, o.c.record_id, o.c.subject).where(o.c.deleted_at.is_(None))
    for code, record_id, subject in rows_in(conn, query, o.c.record_id, record_household):
        accepted[record_household[record_id]].add(override_key(code, record_id, subject))
    bundles = []
    for hid in ids:
        own = members.get(hid, [])
        held: dict[str, tuple[Elsewhere, ...]] = {}
        for m in own:
            others = tuple(e for e in elsewhere.get(m.id_number or "", ()) if e.household_id != hid)
            if others:
                held[m.id_number or ""] = others
        bundle = HouseholdBundle(
            households[hid],
            tuple(own),
            tuple(spells[hid]),
            tuple(measures.get(hid, ())),
            frozenset(accepted[hid]),
            held,
        )
        bundles.append(bundle)
    return bundles


def id_elsewhere(
    conn: Connection, numbers: Iterable[str], exclude_household: str | None = None
) -> dict[str, tuple[Elsewhere, ...]]:
    """Live members of counting households holding these 证件号码 (for the duplicate rule), by number.

    The editor calls this with the numbers on screen and its own household excluded.
    """
    found: dict[str, list[Elsewhere]] = {}
    m, h = MEMBERS, HOUSEHOLDS
    query = (
        select(m.c.id, m.c.name, m.c.id_number, m.c.household_id, h.c.hh_number, h.c.building, h.c.unit, h.c.room)
        .select_from(m.join(h, h.c.id == m.c.household_id))
        .where(m.c.deleted_at.is_(None), household_counts(h))
    )
    if exclude_household is not None:
        query = query.where(m.c.household_id != exclude_household)
    for member_id, name, number, household_id, hh_number, building, unit, room in rows_in(
        conn, query, m.c.id_number, numbers
    ):
        found.setdefault(number, []).append(
            Elsewhere(
                member_id=member_id,
                name=name,
                household_id=household_id,
                hh_number=hh_number,
                address=address_of(building, unit, room),
            )
        )
    return {number: tuple(sorted(rows, key=lambda e: (e.household_id, e.member_id))) for number, rows in found.items()}

"""Household bundles from the database: one for the editor, or thousands at once for `anju check`.

Reads go by id lists in chunks (each an indexed IN lookup), so loading a few thousand households costs a few
dozen queries, not a few per household.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, FromClause, Select, Table, select

from ..records import FindingOverride
from .bundle import Elsewhere, HouseholdBundle, HouseholdFacts, MeasureFacts, MemberFacts, SpellFacts, address_of
from .sql import HOUSEHOLDS, MEASURES, MEMBERS, SITES, SPELLS, head_name, household_counts

OVERRIDES: Table = FindingOverride.__table__  # type: ignore[assignment]
CHUNK = 500  # ids per IN list: well under SQLite's and PostgreSQL's parameter limits
F = TypeVar("F")


def _chunks(ids: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


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
    for chunk in _chunks(sorted(households)):
        query = select(*columns, MEASURES.c.household_id).where(MEASURES.c.household_id.in_(chunk))
        for row in conn.execute(query):
            measures[row[-1]].append(_facts(MeasureFacts, row, len(columns) - 1))
    numbers = {m.id_number for rows in members.values() for m in rows if m.id_number and not m.deleted}
    elsewhere = id_elsewhere(conn, numbers if duplicated is None else numbers & duplicated)
    return _assemble(conn, households, members, measures, elsewhere)


def labelled_members(*where: ColumnElement[bool]) -> Select[Any]:
    """Live-or-not members of counting households matching ``where``, each row carrying what a partial bundle
    needs: the member, the household (with its site) and the 户主's name. Read the rows with `read_labelled`."""
    m, h = MEMBERS, HOUSEHOLDS
    return (
        select(*_MEMBER_COLUMNS, *_HOUSEHOLD_COLUMNS, head_name(h))
        .select_from(m.join(h, h.c.id == m.c.household_id).outerjoin(SITES, SITES.c.id == h.c.site_id))
        .where(household_counts(h), *where)
    )


@dataclass(frozen=True)
class Labelled:
    member: MemberFacts
    household: HouseholdFacts
    head_name: str | None


def read_labelled(rows: Iterable[Sequence[Any]]) -> dict[str, Labelled]:
    """`labelled_members` rows by member id."""
    width = len(_MEMBER_COLUMNS)
    found = {}
    for row in rows:
        member = _facts(MemberFacts, row, width - 1)
        household = _facts(HouseholdFacts, row[width:], len(_HOUSEHOLD_COLUMNS) - 1)
        found[member.id] = Labelled(member, household, row[-1])
    return found


def load_labelled(conn: Connection, member_ids: Iterable[str]) -> dict[str, Labelled]:
    """`labelled_members` by member id."""
    found: dict[str, Labelled] = {}
    for chunk in _chunks(sorted(set(member_ids))):
        found.update(read_labelled(conn.execute(labelled_members(MEMBERS.c.id.in_(chunk)))))
    return found


def member_bundles(conn: Connection, labelled: Iterable[Labelled]) -> list[HouseholdBundle]:
    """Partial bundles for `forms.rules.member_rules.member_findings`: per household, just these members with
    their spells and the overrides on them; no measures, no look-up of ID numbers elsewhere. Household rules must
    not run on them (they do not hold every member)."""
    households: dict[str, HouseholdFacts] = {}
    members: dict[str, list[MemberFacts]] = {}
    for item in labelled:
        households[item.household.id] = item.household
        members.setdefault(item.household.id, []).append(item.member)
    return _assemble(conn, households, members, {}, {})


def _households(conn: Connection, ids: Iterable[str], counting_only: bool) -> dict[str, HouseholdFacts]:
    h = HOUSEHOLDS
    found: dict[str, HouseholdFacts] = {}
    columns = _HOUSEHOLD_COLUMNS
    for chunk in _chunks(sorted(set(ids))):
        query = select(*columns).select_from(h.outerjoin(SITES, SITES.c.id == h.c.site_id)).where(h.c.id.in_(chunk))
        if counting_only:
            query = query.where(household_counts(h))
        for row in conn.execute(query):
            found[row[0]] = _facts(HouseholdFacts, row, len(columns) - 1)
    return found


def _members(
    conn: Connection, key: Any, keys: Iterable[str], *where: ColumnElement[bool]
) -> dict[str, list[MemberFacts]]:
    """Members whose ``key`` column is in ``keys``, by household id."""
    columns = _MEMBER_COLUMNS
    found: dict[str, list[MemberFacts]] = {}
    for chunk in _chunks(sorted(keys)):
        query = select(*columns, MEMBERS.c.household_id).where(key.in_(chunk), *where)
        for row in conn.execute(query):
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
    for chunk in _chunks(sorted(member_household)):
        for row in conn.execute(select(*columns).where(SPELLS.c.member_id.in_(chunk))):
            spell = _facts(SpellFacts, row, len(columns) - 1)
            hid = member_household[spell.member_id]
            spells[hid].append(spell)
            record_household[spell.id] = hid
    record_household.update((hid, hid) for hid in ids)
    accepted: dict[str, set[tuple[str, str]]] = {hid: set() for hid in ids}
    o = OVERRIDES
    for chunk in _chunks(sorted(record_household)):
        query = select(o.c.rule_code, o.c.record_id).where(o.c.record_id.in_(chunk), o.c.deleted_at.is_(None))
        for code, record_id in conn.execute(query):
            accepted[record_household[record_id]].add((code, record_id))
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
    for chunk in _chunks(sorted(set(numbers))):
        query = (
            select(m.c.id, m.c.name, m.c.id_number, m.c.household_id, h.c.hh_number, h.c.building, h.c.unit, h.c.room)
            .select_from(m.join(h, h.c.id == m.c.household_id))
            .where(m.c.id_number.in_(chunk), m.c.deleted_at.is_(None), household_counts(h))
        )
        if exclude_household is not None:
            query = query.where(m.c.household_id != exclude_household)
        for row in conn.execute(query).mappings():
            found.setdefault(row["id_number"], []).append(
                Elsewhere(
                    member_id=row["id"],
                    name=row["name"],
                    household_id=row["household_id"],
                    hh_number=row["hh_number"],
                    address=address_of(row["building"], row["unit"], row["room"]),
                )
            )
    return {number: tuple(sorted(rows, key=lambda e: (e.household_id, e.member_id))) for number, rows in found.items()}

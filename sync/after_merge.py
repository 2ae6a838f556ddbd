"""Work a station did on a person or household the county had already merged, arriving after the merge.

The county merges duplicates (`sync.duplicates`): a person recorded at two stations is kept once and the copy is
tombstoned; a family recorded twice is kept as one household and the copy voided (作废). A station hears of it only
with its next return file. Until then its 采集员 go on working on their own copy, and what they record reaches the
county under it: a job or a 帮扶措施 under the tombstoned person, a member, 走访 or 帮扶措施 in the voided household, an
edit of the merged-away person. There it counted nowhere (the kept person could even look 零就业 again), and only
an edit showed, as a conflict on a tombstone.

`follow_merges` runs in the batch's transaction, once its changes are written. What the batch brought under a
merged-away person or a household voided by a merge goes to the one kept, as the merge would have moved it
(`sync.duplicates.fold_people`: a job or measure the kept person already has is not kept twice); the batch's edits
of the merged-away person or household, or of a job the merge dropped as the same job the kept person has (the
job ended, say), are merged into the kept one field by field (a field the kept record holds differently becomes a
conflict there, for the clerk). It is a county change, journaled, so both stations receive it
in their return files (the station whose site the records left gets them once more: `sync.county_moves` notes the
moves as the change is stamped);
the conflicts left on the retired records are moved or closed (`sync.merge_conflicts`); and the batch's summary
says what went where.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, func, insert, select

from forms.journal import canonical_json, to_json_value, utc_now
from forms.records import Employment, Household, Measure, Member, Synced, Visit
from forms.rules.loading import in_chunks
from forms.store import UnitOfWork
from forms.sync_records import SyncConflict, SyncDuplicateDecision

from .batch import Change
from .county_households import VOID, household_labels
from .duplicates import Moved, fold_people, move_visits_and_measures, record_merge
from .merge_conflicts import carry_conflicts
from .rows import CODECS, Row
from .trunk import stamp_local_changes

#: Who the journal says carried the records over: no clerk did it by hand; the clerk's merge decided it.
ACTOR = "县里合并后转入"
#: Fields that say where a record is and what became of it, not who the person or the family is: an edit of them on
#: the copy stays on the copy.
_NOT_CARRIED = {
    "members": frozenset({"household_id"}),
    "employments": frozenset({"member_id"}),
    "households": frozenset(
        {"site_id", "building", "unit", "room", "status", "void_reason", "collector", "collected_on"}
    ),
}


@dataclass
class Followed:
    """What `follow_merges` did."""

    notices: list[tuple[str, str]] = field(default_factory=list)  # (中文, English), for the batch's summary
    #: the kept households that received something → why they go on the review list (imported / conflict)
    households: dict[str, str] = field(default_factory=dict)
    voided: set[str] = field(default_factory=set)  # the voided households it came from: not to review
    acted: bool = False  # it changed something (records, or the conflicts of the batch)


@dataclass
class _Carried:
    """What went from one merged-away person or voided household to the one kept."""

    moved: list[Moved] = field(default_factory=list)
    before: dict[str, int] = field(default_factory=dict)  # table → live records there before
    members: list[str] = field(default_factory=list)  # names of the members that went along
    taken: list[str] = field(default_factory=list)  # fields of the edits taken
    differing: list[dict[str, Any]] = field(default_factory=list)  # edits the kept record holds otherwise

    @property
    def anything(self) -> bool:
        return bool(any(self.before.values()) or self.members or self.taken or self.differing)


def merged_into(conn: Connection) -> dict[str, str]:
    """Every merged-away member → the member kept for them (followed through a later merge of that one)."""
    into: dict[str, str] = {}
    decisions = (
        select(SyncDuplicateDecision.kept_member_id, SyncDuplicateDecision.member_ids)
        .where(SyncDuplicateDecision.decision == "merge", SyncDuplicateDecision.kept_member_id.is_not(None))
        .order_by(SyncDuplicateDecision.id)
    )
    for kept, member_ids in conn.execute(decisions):
        if kept is not None:
            into.update((m, kept) for m in member_ids if m != kept)
    final = {}
    for member_id, kept in into.items():
        seen = {member_id}
        while kept in into and kept not in seen:
            seen.add(kept)
            kept = into[kept]
        final[member_id] = kept
    return final


def follow_merges(
    uow: UnitOfWork,
    station_id: str,
    station_name: str,
    touched: Mapping[str, Mapping[str, Row]],
    changes: Sequence[Change],
    known: Mapping[str, Mapping[str, Row]] | None = None,
) -> Followed:
    """Carry what a station's batch (its ``changes``; ``touched``, the records they wrote, by table and id) brought
    under a merged-away person or a household voided by a merge to the person or household kept. ``known``: records
    as the batch left them, read already (the households its records are in), to ask the database less."""
    followed = Followed()
    conn = uow.session.connection()
    into = merged_into(conn)
    if not into:
        return followed
    edits: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        if change.op == "update" and change.record_table in _NOT_CARRIED:
            edits.setdefault((change.record_table, change.record_id), []).append(change)
    people = _retired_people(uow, into, touched, edits)
    households = _voided_by_merge(uow, into, touched, edits, known or {})
    twins = {
        record_id: twin
        for (table, record_id), spell_edits in edits.items()
        if table == "employments" and (twin := _twin_spell(uow, into, record_id, spell_edits))
    }
    if not people and not households and not twins:
        return followed
    labels = household_labels(conn, set(households) | set(households.values()))
    differing: list[dict[str, Any]] = []
    followed.acted = True
    with _as_county(uow):
        for retired, kept in people.items():
            carried = _carry_person(uow, retired, kept, edits.get(("members", retired), []))
            copy = uow.get(Member, retired)
            name = copy.name if copy is not None else ""
            kept_member = uow.get(Member, kept)
            assert kept_member is not None
            home = kept_member.household_id
            labels.update(household_labels(conn, {home}))
            where = (f"{labels.get(home, '')} 的{kept_member.name}", f"{kept_member.name} at {labels.get(home, '')}")
            if carried.anything:
                followed.notices.append(_notice(station_name, name, where, carried, household=False))
                followed.households[home] = (
                    "conflict" if carried.differing else followed.households.get(home, "imported")
                )
            differing += carried.differing
        for spell_id, (spell, kept_member) in twins.items():
            carried = _Carried()
            _merge_edits(spell, kept_member.household_id, edits[("employments", spell_id)], carried)
            if carried.anything:
                place = labels.get(kept_member.household_id) or _label(conn, labels, kept_member.household_id)
                followed.notices.append(_spell_notice(station_name, kept_member.name, spell, place, carried))
                household = kept_member.household_id
                followed.households[household] = (
                    "conflict" if carried.differing else followed.households.get(household, "imported")
                )
            differing += carried.differing
        for voided, home in households.items():
            carried = _carry_household(uow, voided, home, edits.get(("households", voided), []), people)
            where = (labels.get(home, ""), labels.get(home, ""))
            if carried.anything:
                followed.notices.append(_notice(station_name, labels.get(voided, ""), where, carried, household=True))
                followed.households[home] = (
                    "conflict" if carried.differing else followed.households.get(home, "imported")
                )
            followed.voided.add(voided)
            differing += carried.differing
        uow.flush()
        stamp_local_changes(conn)
        _record_differing(conn, station_id, differing)
        seqs = frozenset(c.seq for c in changes)
        copies = {c.member_id: into[c.member_id] for i in twins if (c := uow.get(Employment, i)) is not None}
        carry_conflicts(uow, {**copies, **people}, households, ACTOR, superseded=(station_id, seqs))
    return followed


def _as_county(uow: UnitOfWork) -> AbstractContextManager[None]:
    """Journal what follows as the county's own change (source ``local``, stamped with county revisions by
    `sync.trunk.stamp_local_changes`), not as the station's: the batch's unit of work journals as the station."""
    return uow.journaling_as(ACTOR, "local", uow.store.station_id)


def _retired_people(
    uow: UnitOfWork,
    into: Mapping[str, str],
    touched: Mapping[str, Mapping[str, Row]],
    edits: Mapping[tuple[str, str], list[Change]],
) -> dict[str, str]:
    """The merged-away people the batch recorded something for (a job, a measure) or edited → the member kept
    (only where that one is still live, and the copy still tombstoned)."""
    wanted = {
        member_id
        for table in ("employments", "measures")
        for row in touched.get(table, {}).values()
        if row["deleted_at"] is None and isinstance(member_id := row.get("member_id"), str) and member_id in into
    }
    wanted |= {record_id for table, record_id in edits if table == "members" and record_id in into}
    found = {}
    for member_id in sorted(wanted):
        copy, kept = uow.get(Member, member_id), uow.get(Member, into[member_id])
        if copy is not None and copy.deleted_at is not None and kept is not None and kept.deleted_at is None:
            found[member_id] = kept.id
    return found


def _voided_by_merge(
    uow: UnitOfWork,
    into: Mapping[str, str],
    touched: Mapping[str, Mapping[str, Row]],
    edits: Mapping[tuple[str, str], list[Change]],
    known: Mapping[str, Mapping[str, Row]],
) -> dict[str, str]:
    """The households voided by a merge that the batch put something in (a member, a visit, a measure) or edited →
    the household kept. Voided by a merge: 作废, with a merged-away member, and nobody live in it but whom this very
    batch brought (a household a station voided for its own reasons keeps its members); the household kept is the
    one the merged-away members went to, if that is one household."""
    session = uow.session
    arriving = {i for i, row in touched.get("members", {}).items() if row["deleted_at"] is None}
    homes = {
        row["household_id"]
        for table in ("members", "visits", "measures")
        for row in touched.get(table, {}).values()
        if row["deleted_at"] is None
    }
    homes |= {record_id for table, record_id in edits if table == "households"}
    read = known.get("households", {})
    homes = {h for h in homes if (row := read.get(h)) is None or (row["status"] == VOID and row["deleted_at"] is None)}
    void: list[str] = []
    for chunk in in_chunks(sorted(homes)):
        void += session.scalars(
            select(Household.id)
            .where(Household.id.in_(chunk), Household.status == VOID)
            .where(Household.deleted_at.is_(None))
        ).all()
    found = {}
    for household_id in void:
        members = session.execute(select(Member.id, Member.deleted_at).where(Member.household_id == household_id)).all()
        if any(m.deleted_at is None and m.id not in arriving for m in members):
            continue
        kept = {into[m.id] for m in members if m.deleted_at is not None and m.id in into}
        kept_homes = set(
            session.scalars(
                select(Member.household_id)
                .join(Household, Household.id == Member.household_id)
                .where(Member.id.in_(kept), Member.deleted_at.is_(None), Household.deleted_at.is_(None))
                .where(Household.status != VOID)
            )
        )
        if len(kept_homes) == 1:
            found[household_id] = kept_homes.pop()
    return found


def _carry_person(uow: UnitOfWork, retired: str, kept: str, edits: Sequence[Change]) -> _Carried:
    """Fold the merged-away person's live jobs and measures into the kept one, and merge the edits."""
    conn = uow.session.connection()
    member = uow.get(Member, kept)
    assert member is not None
    carried = _Carried()
    carried.before = {
        "employments": _count(conn, Employment, Employment.member_id == retired),
        "measures": _count(conn, Measure, Measure.member_id == retired),
    }
    carried.moved = fold_people(uow, [retired], kept, member.household_id)
    _merge_edits(member, member.household_id, edits, carried)
    return carried


def _carry_household(
    uow: UnitOfWork, voided: str, home: str, edits: Sequence[Change], people: dict[str, str]
) -> _Carried:
    """Bring the voided household's live members, visits and measures into the kept one (a member it holds too,
    same 证件号码, is merged into them as a duplicate, and added to ``people``), and merge the edits."""
    session, conn = uow.session, uow.session.connection()
    carried = _Carried()
    carried.before = {
        "visits": _count(conn, Visit, Visit.household_id == voided),
        "measures": _count(conn, Measure, Measure.household_id == voided),
    }
    twins = {
        m.id_number: m
        for m in session.scalars(select(Member).where(Member.household_id == home, Member.deleted_at.is_(None)))
        if m.id_number
    }
    for member in session.scalars(
        select(Member).where(Member.household_id == voided, Member.deleted_at.is_(None)).order_by(Member.id)
    ).all():
        carried.members.append(member.name)
        twin = twins.get(member.id_number or "")
        if twin is None:
            member.household_id = home
            carried.moved.append(("members", member.id, voided))
            continue
        carried.moved += fold_people(uow, [member.id], twin.id, home)
        record_merge(conn, twin.id_number or "", twin.id, [twin.id, member.id], "合并后工作站又登记了此人", ACTOR)
        people[member.id] = twin.id
    carried.moved += move_visits_and_measures(uow, voided, home)
    household = uow.get(Household, home)
    assert household is not None
    _merge_edits(household, home, edits, carried)
    return carried


def _twin_spell(
    uow: UnitOfWork, into: Mapping[str, str], spell_id: str, edits: Sequence[Change]
) -> tuple[Employment, Member] | None:
    """For a job the merge tombstoned as a copy of one the kept person has (same 就业形式 and 开始时间,
    `sync.duplicates.fold_people`): that job, and the kept person. The station's edits of the copy (the job ended,
    an income) are about it."""
    copy = uow.get(Employment, spell_id)
    if copy is None or copy.deleted_at is None or copy.member_id not in into:
        return None
    kept = uow.get(Member, into[copy.member_id])
    if kept is None or kept.deleted_at is not None:
        return None
    first = edits[0].parsed()  # the copy as the station found it: what the merge compared
    form = first["form"][0] if isinstance(first.get("form"), list) else copy.form
    start = first["start_month"][0] if isinstance(first.get("start_month"), list) else copy.start_month
    twin = uow.session.scalars(
        select(Employment)
        .where(Employment.member_id == kept.id, Employment.deleted_at.is_(None))
        .where(Employment.form == form, Employment.start_month == start)
        .order_by(Employment.id)
    ).first()
    return None if twin is None else (twin, kept)


def _label(conn: Connection, labels: dict[str, str], household_id: str) -> str:
    labels.update(household_labels(conn, {household_id}))
    return labels.get(household_id, "")


def _spell_notice(station: str, name: str, spell: Employment, where: str, carried: _Carried) -> tuple[str, str]:
    job = " ".join(p for p in (spell.form, spell.start_month) if p)
    edits = len(carried.taken) + len(carried.differing)
    zh = (
        f"工作站“{station}”在县里合并后对{name}的就业记录（{job}）的 {edits} 处修改已转到保留的记录（{where} 的{name}）"
    )
    en = f"Station “{station}” made {edits} edit(s) of {name}'s job ({job}) after the county merged them: moved to the "
    en += f"record kept ({name} at {where})"
    if carried.differing:
        zh += f"；{len(carried.differing)} 处与保留的记录不同，已列入冲突待处理"
        en += f"; {len(carried.differing)} differ from the record kept and are listed as conflicts to resolve"
    return zh + "。", en + "."


def _count(conn: Connection, model: type[Synced], where: Any) -> int:
    return int(conn.scalar(select(func.count()).select_from(model).where(where, model.deleted_at.is_(None))) or 0)


def _merge_edits(target: Synced, household_id: str, edits: Sequence[Change], carried: _Carried) -> None:
    """Merge a station's edits of the copy into the kept record, field by field: a field the kept record holds as
    the station found it (or empty) takes the station's value; one it holds otherwise becomes a conflict."""
    table = target.__tablename__
    codec = CODECS[table]
    for change in edits:
        for key, pair in change.parsed().items():
            if key not in codec.editable or key in _NOT_CARRIED[table] or type(pair) is not list or len(pair) != 2:
                continue
            old, new = pair
            ours = to_json_value(getattr(target, key))
            if ours == new:
                continue
            if ours is None or ours == old:
                stored = date.fromisoformat(new) if isinstance(codec.table.c[key].type, Date) and new else new
                setattr(target, key, stored)
                carried.taken.append(key)
                continue
            carried.differing.append(
                {
                    "kind": "field",
                    "record_table": table,
                    "record_id": target.id,
                    "household_id": household_id,
                    "field": key,
                    "base_value": canonical_json(old),
                    "county_value": canonical_json(ours),
                    "station_value": canonical_json(new),
                    "kept": "county",
                    "seq": change.seq,
                    "county_updated_by": target.updated_by,
                    "status": "open",
                }
            )


def _notice(station: str, what: str, where: tuple[str, str], carried: _Carried, *, household: bool) -> tuple[str, str]:
    """One line for the batch's summary: what the station recorded on the merged copy, and where it went."""
    moved = {table: sum(1 for t, *_ in carried.moved if t == table) for table in ("employments", "visits", "measures")}
    added, added_en = [], []
    if carried.members:
        added.append(f"成员 {'、'.join(carried.members)}")
        added_en.append(f"member(s) {', '.join(carried.members)}")
    for table, zh, en in (
        ("employments", "条就业记录", "job(s)"),
        ("visits", "条走访记录", "visit(s)"),
        ("measures", "条帮扶措施", "support measure(s)"),
    ):
        if carried.before.get(table):
            added.append(f"{carried.before[table]} {zh}")
            added_en.append(f"{carried.before[table]} {en}")
    edits = len(carried.taken) + len(carried.differing)
    whom = f"已作废的住户 {what} " if household else what
    whom_en = f"household {what}" if household else what
    if added:
        done = f"为{whom}新增的 {'、'.join(added)}" + (f"，以及 {edits} 处修改，" if edits else "")
        done_en = ", ".join(added_en) + (f" and {edits} edit(s)" if edits else "") + f" for {whom_en}"
    else:
        done, done_en = f"对{whom}的 {edits} 处修改", f"{edits} edit(s) of {whom_en}"
    kept = f"保留的住户 {where[0]}" if household else f"保留的记录（{where[0]}）"
    kept_en = f"the household kept, {where[1]}" if household else f"the record kept ({where[1]})"
    zh = f"工作站“{station}”在县里{'整户' if household else ''}合并后{done}已转到{kept}"
    en = f"Station “{station}” recorded {done_en} after the county merged them: moved to {kept_en}"
    dropped = sum(carried.before.values()) - sum(moved[t] for t in carried.before)
    if dropped > 0:
        zh += f"，其中 {dropped} 条保留的记录已有，未重复保存"
        en += f"; {dropped} the record kept already had were not kept twice"
    if carried.differing:
        zh += f"；{len(carried.differing)} 处与保留的记录不同，已列入冲突待处理"
        en += f"; {len(carried.differing)} differ from the record kept and are listed as conflicts to resolve"
    return zh + "。", en + "."


def _record_differing(conn: Connection, station_id: str, carried_conflicts: Sequence[dict[str, Any]]) -> None:
    """Write the conflicts of edits the kept records hold otherwise (after the county's revisions are given)."""
    if not carried_conflicts:
        return
    now = utc_now()
    rows = []
    for conflict in carried_conflicts:
        table = CODECS[conflict["record_table"]].table
        rev = int(conn.execute(select(table.c.rev).where(table.c.id == conflict["record_id"])).scalar_one())
        rows.append({**conflict, "station_id": station_id, "rev": rev, "created_at": now})
    conn.execute(insert(SyncConflict), rows)

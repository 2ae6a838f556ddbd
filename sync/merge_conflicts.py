"""What a merge of duplicates does to the conflicts still open on what it merged.

A conflict holds a station's value and the county's for one field of one record, for the clerk to choose. After a
merge (`sync.duplicates`), or after work a station did on a merged copy is carried to the kept record
(`sync.after_merge`), some are about records that no longer count anywhere; left open, they stay on the 冲突 page,
and settling one changes a tombstone or a 作废 household, which helps nobody. So:

- On the merged-away person: the values are about the person kept (one human, recorded twice), so the conflict
  moves to the kept person, with the kept person's value as the county's: the clerk still chooses. If the kept
  person already holds the station's value there is nothing left to choose: it is closed. One about where the
  person is or whether they are deleted is settled by the merge itself: closed.
- On the household the merge voided (作废): its own fields count nowhere now (its room, its status are the copy's):
  closed, with a note naming the kept household. Both values stay readable in the closed conflict; the clerk
  edits the kept household if the station's value was the right one.
- On a record the merge moved (a job, a measure, a visit, a member): still open, now shown with, and holding up the
  approval of, the household the record is in now.
- On a deleted record under the merged-away person or the voided household (most often one the merge dropped as
  a copy of one the kept person or household has): closed.

A closed conflict reaches the stations in their return files with its note, like one the clerk settles.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update

from forms.journal import canonical_json, to_json_value, utc_now
from forms.records import MODEL_BY_TABLE, Employment, Member
from forms.rules.loading import in_chunks
from forms.store import UnitOfWork
from forms.sync_records import SyncConflict

from .county_households import household_labels
from .identity import load_state
from .trunk import stamp_local_changes

#: Fields of a person a merge settles itself: where the person is, and whether they are deleted.
_SETTLED_BY_MERGE = frozenset({"household_id", "deleted_at"})


def carry_conflicts(
    uow: UnitOfWork,
    people: Mapping[str, str],
    households: Mapping[str, str],
    actor: str,
    *,
    superseded: tuple[str, frozenset[int]] = ("", frozenset()),
) -> int:
    """Move or close the open conflicts on what a merge retired: ``people`` (merged-away member → the member kept)
    and ``households`` (voided household → the household kept), and on what moved out of them. ``superseded``: a
    station and the seqs of its changes already carried to the kept records (`sync.after_merge`): a conflict they
    made on a retired record is closed, not moved. Returns how many were closed."""
    if not people and not households:
        return 0
    session, conn = uow.session, uow.session.connection()
    uow.flush()
    stamp_local_changes(conn)  # what the merge changed has its revisions: the closures are sent after them
    kept_people = {m.id: m for m in _members(uow, set(people.values()))}
    retired_homes = {m.household_id for m in _members(uow, set(people))}
    around = retired_homes | set(households)
    query = select(SyncConflict).where(SyncConflict.status == "open")
    found: dict[int, SyncConflict] = {}
    for chunk in in_chunks(sorted(set(people) | set(households))):
        found.update((c.id, c) for c in session.scalars(query.where(SyncConflict.record_id.in_(chunk))))
    for chunk in in_chunks(sorted(around)):
        found.update((c.id, c) for c in session.scalars(query.where(SyncConflict.household_id.in_(chunk))))
    labels = household_labels(conn, {m.household_id for m in kept_people.values()} | set(households.values()))
    closing: dict[int, str] = {}
    for conflict in found.values():
        station, seqs = superseded
        from_this_batch = conflict.station_id == station and conflict.seq in seqs
        if conflict.record_table == "members" and conflict.record_id in people:
            kept = kept_people.get(people[conflict.record_id])
            where = labels.get(kept.household_id, "") if kept is not None else ""
            note = f"该成员已作为重复人员并入 {where} 的{kept.name if kept is not None else '同一人'}，"
            if from_this_batch:
                closing[conflict.id] = note + "工作站合并后的修改已转到保留的记录。"
            elif kept is None or conflict.field in _SETTLED_BY_MERGE or conflict.kind != "field":
                closing[conflict.id] = note + "以县里的合并为准。"
            else:
                ours = canonical_json(to_json_value(getattr(kept, conflict.field)))
                if ours == conflict.station_value:
                    closing[conflict.id] = note + "保留的记录已是工作站的值。"
                    continue
                conflict.record_id, conflict.household_id = kept.id, kept.household_id
                conflict.county_value, conflict.county_updated_by = ours, kept.updated_by
        elif conflict.record_table == "households" and conflict.record_id in households:
            closing[conflict.id] = (
                f"该户已整户合并到 {labels.get(households[conflict.record_id], '')} 后作废，本户的值不再计入；"
                "如工作站的值正确，请在保留的住户里修改。"
            )
        elif conflict.record_table in ("members", "employments", "visits", "measures"):
            home, dropped = _where_now(uow, conflict.record_table, conflict.record_id, people, households)
            if dropped:
                closing[conflict.id] = (
                    "该记录所属的人员或住户已由县里合并，记录已删除、不再计入（保留的记录已有相同的一条）。"
                )
                if from_this_batch and conflict.record_table == "employments":  # `sync.after_merge` took the edits
                    closing[conflict.id] += "工作站合并后对它的修改已转到保留的那条就业记录。"
            elif home is not None and home != conflict.household_id:
                conflict.household_id = home
    session.flush()
    if closing:
        rev, now = load_state(conn).county_rev, utc_now()
        for conflict_id, note in closing.items():
            conn.execute(
                update(SyncConflict)
                .where(SyncConflict.id == conflict_id)
                .values(
                    status="resolved",
                    resolution="county",
                    resolved_value=SyncConflict.county_value,
                    note=note,
                    resolved_by=actor,
                    resolved_at=now,
                    resolved_rev=rev,
                )
            )
    return len(closing)


def _members(uow: UnitOfWork, ids: set[str]) -> list[Member]:
    found: list[Member] = []
    for chunk in in_chunks(sorted(ids)):
        found += uow.session.scalars(select(Member).where(Member.id.in_(chunk))).all()
    return found


def _where_now(
    uow: UnitOfWork, table: str, record_id: str, people: Mapping[str, str], households: Mapping[str, str]
) -> tuple[str | None, bool]:
    """The household a record is in now, and whether the merge dropped it (tombstoned, under a retired person or a
    voided household)."""
    record = uow.get(MODEL_BY_TABLE[table], record_id)
    if record is None:
        return None, False
    home: str | None
    owner: str | None
    if isinstance(record, Employment):
        member = uow.get(Member, record.member_id)
        home = member.household_id if member is not None else None
        owner = record.member_id
    else:
        home, owner = getattr(record, "household_id", None), getattr(record, "member_id", None)
    retired = owner in people or home in households or (table == "members" and record_id in people)
    return home, record.deleted_at is not None and retired

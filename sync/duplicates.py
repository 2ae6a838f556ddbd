"""The county's duplicate persons: one 证件号码 in more than one live household, across stations, and what the
clerk decides about them (merge into one household, merge two households that are one family, or keep them all
with a reason).

Every decision is a county change (`sync.trunk.county_change`), journaled and carried to the stations by their
next return file, and the rules are run again on the households it touched. What a merge takes to a household at
another site (a job, a visit, a measure, a member) is noted as a move when the change is stamped, as every county
edit's is (`sync.county_moves`), so the station whose site it left hears where it went.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select

from forms.journal import utc_now
from forms.leaving import RECORDED_BY_MISTAKE
from forms.names import mangled_copy
from forms.records import Employment, Household, Measure, Member, Visit
from forms.rules.loading import rows_in
from forms.rules.sql import MEMBERS
from forms.store import Store, UnitOfWork
from forms.sync_records import SyncDuplicateDecision, SyncReviewItem, SyncStation

from .county_households import VOID, county_reading, household_labels
from .errors import SyncError
from .identity import require_county
from .merge_conflicts import carry_conflicts
from .review_hook import recheck_households
from .trunk import county_change
from .unnumbered import Namesake, pair_unnumbered

#: A record the merge moved to another household (or person): its table, its id, the household it was under.
Moved = tuple[str, str, str]
#: A live member as `twin_households` compares households: 证件号码 (None without one), name, birth date.
Mate = tuple[str | None, str | None, date | None]


@dataclass(frozen=True)
class DuplicatePerson:
    member_id: str
    name: str
    household_id: str
    household: str
    station: str  # the station (or county) the member was recorded at


@dataclass(frozen=True)
class DuplicateGroup:
    id_number: str
    people: list[DuplicatePerson]


def list_duplicates(store: Store, id_number: str | None = None) -> list[DuplicateGroup]:
    """One 证件号码 in more than one live household (not tombstoned, not 作废: a station that voids its copy of a
    family has settled it), across all stations, not yet decided on (with ``id_number``, that number's group only:
    a decision on one number need not read the whole county's)."""
    with county_reading(store) as conn:
        require_county(conn, store)
        # Only a number on more than one member row can be in two households: found from the id_number index alone,
        # these few hundred are all the rest reads. Grouping every live member of a county (200,000 people, each
        # joined to their household) kept the 重复人员 tab reading for seconds.
        repeated = (
            select(Member.id_number)
            .where(Member.id_number.is_not(None), Member.id_number != "")
            .group_by(Member.id_number)
            .having(func.count() > 1)
        )
        live = (
            select(Member.id, Member.name, Member.id_number, Member.household_id, Member.origin)
            .join(Household, Household.id == Member.household_id)
            .where(Member.deleted_at.is_(None), Household.deleted_at.is_(None), Member.id_number.is_not(None))
            .where(Member.id_number != "", Household.status != VOID)  # a 作废 household counts nowhere
        )
        live = live.where(Member.id_number.in_(repeated) if id_number is None else Member.id_number == id_number)
        live_sub = live.subquery()
        numbers = (
            select(live_sub.c.id_number)
            .group_by(live_sub.c.id_number)
            .having(func.count(func.distinct(live_sub.c.household_id)) > 1)
        )
        rows = conn.execute(live.where(Member.id_number.in_(numbers)).order_by(Member.id_number)).all()
        decisions = select(SyncDuplicateDecision).where(SyncDuplicateDecision.decision == "keep")
        if id_number is not None:
            decisions = decisions.where(SyncDuplicateDecision.id_number == id_number)
        kept = {(d.id_number, tuple(d.member_ids)) for d in conn.execute(decisions)}
        labels = household_labels(conn, {r.household_id for r in rows})
        names = dict(conn.execute(select(SyncStation.id, SyncStation.name)).all())
    groups: dict[str, list[DuplicatePerson]] = {}
    for r in rows:
        groups.setdefault(r.id_number, []).append(
            DuplicatePerson(r.id, r.name, r.household_id, labels.get(r.household_id, ""), names.get(r.origin, r.origin))
        )
    return [
        DuplicateGroup(number, people)
        for number, people in groups.items()
        if (number, tuple(sorted(p.member_id for p in people))) not in kept
    ]


def _group(store: Store, id_number: str) -> DuplicateGroup:
    for group in list_duplicates(store, id_number):
        if group.id_number == id_number:
            return group
    raise SyncError(
        f"证件号码 {id_number} 目前不在重复人员名单里（可能已处理）。", f"ID {id_number} is not a pending duplicate."
    )


def merge_duplicate(store: Store, id_number: str, keep_household_id: str, actor: str, note: str = "") -> list[str]:
    """Keep the person in ``keep_household_id`` and tombstone them in every other household. Returns the
    tombstoned member ids.

    What the other stations recorded about the person goes with them to the kept household: their employment
    spells (one the kept person already has, same 就业形式 and 开始时间, is the same job recorded twice and is
    tombstoned instead) and the 帮扶措施 aimed at them. Left behind, a spell under a tombstoned member would count
    nowhere: the person would drop out of every employed count, and their household could turn 零就业.

    A household the merge leaves with nobody in it (the last of a family recorded twice, merged one by one) is
    voided, with a reason saying so: live and empty, it would count in its site's households and be flagged
    本户没有登记户主 on the review list. Conflicts open on the merged-away copies move to the kept person or close
    (`sync.merge_conflicts`); what a station records on its copy before it hears of the merge follows later
    (`sync.after_merge`)."""
    group = _group(store, id_number)
    if keep_household_id not in {p.household_id for p in group.people}:
        raise SyncError("要保留的住户不在这组重复人员里。", "The household to keep is not one of this group's.")
    removed = [p.member_id for p in group.people if p.household_id != keep_household_id]
    kept = next(p.member_id for p in group.people if p.household_id == keep_household_id)
    with county_change(store, actor) as uow:
        fold_people(uow, removed, kept, keep_household_id)  # its moves are noted as it is stamped (`sync.county_moves`)
        record_merge(uow.session.connection(), id_number, kept, [p.member_id for p in group.people], note, actor)
        uow.flush()
        label = household_labels(uow.session.connection(), {keep_household_id}).get(keep_household_id, "")
        reason = f"本户成员已作为重复人员并入 {label}，本户已没有在册成员，由县里作废。"
        reason += f"说明：{note}" if note else ""
        others = [p.household_id for p in group.people if p.household_id != keep_household_id]
        voided = _void_if_empty(uow, others, reason)
        carry_conflicts(uow, dict.fromkeys(removed, kept), dict.fromkeys(voided, keep_household_id), actor)
    # The rules found this person in two households; say now what they find after the merge.
    recheck_households(store, sorted({p.household_id for p in group.people}))
    return removed


def fold_people(uow: UnitOfWork, removed: Sequence[str], kept: str, keep_household_id: str) -> list[Moved]:
    """Tombstone the members ``removed``, copies of ``kept``: their spells and the measures aimed at them go to
    ``kept`` (a spell ``kept`` already has, same 就业形式 and 开始时间, is tombstoned instead, and so is a measure
    the kept person or household already has word for word: one measure recorded at both stations). A kept name
    that is a copy's written by a system that could not show a character (李? where the copy says 李𠮷,
    `forms.names.mangled_copy`) takes the copy's: the clerk chose the household to keep, not the spelling, and the
    true name went with the copy. Returns what moved (to another household), as (table, id, the household it left),
    for a summary: the moves themselves are noted from the journal when the change is stamped (`sync.county_moves`)."""
    session = uow.session
    keeper = uow.get(Member, kept)
    held = {
        (s.form, s.start_month)
        for s in session.scalars(
            select(Employment).where(Employment.member_id == kept, Employment.deleted_at.is_(None))
        )
    }
    measures_held = {
        content_key(m)
        for m in session.scalars(
            select(Measure).where(
                or_(Measure.household_id == keep_household_id, Measure.member_id == kept), Measure.deleted_at.is_(None)
            )
        )
    }
    moved: list[Moved] = []
    for member_id in removed:
        member = uow.get(Member, member_id)
        for spell in session.scalars(
            select(Employment).where(Employment.member_id == member_id, Employment.deleted_at.is_(None))
        ).all():
            if (spell.form, spell.start_month) in held:
                uow.delete(spell)
            else:
                spell.member_id = kept
                held.add((spell.form, spell.start_month))
                if member is not None:
                    moved.append(("employments", spell.id, member.household_id))
        for measure in session.scalars(
            select(Measure).where(Measure.member_id == member_id, Measure.deleted_at.is_(None))
        ).all():
            key = content_key(measure, member_id=kept)
            if key in measures_held:
                uow.delete(measure)
                continue
            moved.append(("measures", measure.id, measure.household_id))
            measure.member_id, measure.household_id = kept, keep_household_id
            measures_held.add(key)
        if member is not None and keeper is not None and mangled_copy(keeper.name, member.name):
            keeper.name = member.name
        if member is not None:
            member.left_reason = RECORDED_BY_MISTAKE  # the copy's household lost a person counted twice (减员名单)
            uow.delete(member)
    return moved


def record_merge(conn: Connection, id_number: str, kept: str, member_ids: Sequence[str], note: str, actor: str) -> None:
    conn.execute(
        insert(SyncDuplicateDecision).values(
            id_number=id_number,
            decision="merge",
            kept_member_id=kept,
            member_ids=sorted(member_ids),
            reason=note or None,
            decided_by=actor,
            decided_at=utc_now(),
        )
    )


def _void_if_empty(uow: UnitOfWork, household_ids: Sequence[str], reason: str) -> list[str]:
    """作废, with ``reason``, those of these households no live member is left in (a county change like any edit,
    journaled and sent to the stations); they leave the review list, as they leave every count."""
    session = uow.session
    voided = []
    for household_id in dict.fromkeys(household_ids):
        household = uow.get(Household, household_id)
        if household is None or household.deleted_at is not None or household.status == VOID:
            continue
        if session.scalar(select(func.count()).where(Member.household_id == household_id, Member.deleted_at.is_(None))):
            continue
        household.status, household.void_reason = VOID, reason
        voided.append(household_id)
    if voided:
        uow.flush()
        session.connection().execute(delete(SyncReviewItem).where(SyncReviewItem.household_id.in_(voided)))
    return voided


def twin_households(groups: Sequence[DuplicateGroup], members: dict[str, list[Mate]]) -> dict[str, str]:
    """Households that are one family recorded twice (two stations imported one roster, or a family was entered
    twice): every live member of one of them is a member of the other — by 证件号码, a listed duplicate; without a
    number (a newborn not yet registered), by name and birth date, as `merge_households` pairs them. Given each
    household's live members in ``groups`` (household id → `Mate`), returns each such household's twin, both ways;
    a household that could be the twin of several is left out (the clerk merges it by person)."""
    pairs = {
        frozenset((household, other))
        for household, other in _numbered_twins(groups, members)
        if _unnumbered_within(members[household], members.get(other, []))
    }
    twins: dict[str, list[str]] = {}
    for pair in pairs:
        one, other = sorted(pair)
        twins.setdefault(one, []).append(other)
        twins.setdefault(other, []).append(one)
    return {household: found[0] for household, found in twins.items() if len(found) == 1}


def untold_twins(groups: Sequence[DuplicateGroup], members: dict[str, list[Mate]]) -> dict[str, tuple[str, ...]]:
    """Households `twin_households` would take for one family but for members without a number nobody can tell
    apart (twins both stations took from the national export as 张? and 张?): household → those members' names.
    `merge_households` refuses them naming the same people; the 重复人员 page says so instead of offering it."""
    found: dict[str, tuple[str, ...]] = {}
    for household, other in _numbered_twins(groups, members):
        ours, theirs = (_unnumbered(members.get(h, [])) for h in (household, other))
        unsure = pair_unnumbered(ours, theirs).unsure
        if unsure:
            found[household] = unsure
    return found


def _numbered_twins(groups: Sequence[DuplicateGroup], members: dict[str, list[Mate]]) -> Iterator[tuple[str, str]]:
    """Each household all of whose numbered members are listed duplicates held by one other household too, with
    that household."""
    holders: dict[str, set[str]] = {}  # a listed number → the households holding it
    for group in groups:
        holders.setdefault(group.id_number, set()).update(p.household_id for p in group.people)
    for household, held in members.items():
        numbered = [n for n, _name, _born in held if n]
        if not numbered or not all(n in holders for n in numbered):
            continue
        others = set.intersection(*(holders[n] for n in numbered)) - {household}
        if len(others) == 1:
            yield household, next(iter(others))


def _unnumbered(held: Sequence[Mate]) -> list[Namesake]:
    return [(name, born) for number, name, born in held if not number]


def _unnumbered_within(ours: Sequence[Mate], theirs: Sequence[Mate]) -> bool:
    """Whether each of our members without a number is surely one without a number in ``theirs``
    (`sync.unnumbered.pair_unnumbered`: 阿依·木沙 is 阿依•木沙, 张? is 张𠮷; an unnamed one is nobody): 王大 alone in
    common is no reason to take two families for one."""
    mine = _unnumbered(ours)
    return len(pair_unnumbered(mine, _unnumbered(theirs)).pairs) == len(mine)


@dataclass(frozen=True)
class HouseholdMerge:
    merged: list[str]  # the voided household's members tombstoned as copies of the kept household's
    moved: list[str]  # its members the kept household did not have, now in it
    voided: str  # the household voided
    kept_label: str = ""  # the kept household's site and room
    voided_label: str = ""


def merge_households(
    store: Store, keep_household_id: str, other_household_id: str, actor: str, note: str = ""
) -> HouseholdMerge:
    """整户合并: one family recorded as two households (`twin_households`). ``keep_household_id`` stays; each member
    of the other that it holds too (same 证件号码; without one, by name and birth date, `sync.unnumbered`) is merged
    into it as `merge_duplicate` merges one person (spells and measures follow, the copy is tombstoned, the name one
    station could not show is kept whole), a member it lacks moves into it, the other's 走访 and 帮扶措施 move to it
    (a record the kept household already has word for word is tombstoned instead), and the other household, empty
    now, is voided with a reason naming the kept one. One county change: the stations of both households receive it
    with their next return file. Conflicts open on the voided household close, those on its people and
    records move with them (`sync.merge_conflicts`)."""
    if keep_household_id == other_household_id:
        raise SyncError("请选择两个不同的住户合并。", "Choose two different households to merge.")
    with county_change(store, actor) as uow:
        session, conn = uow.session, uow.session.connection()
        households = {h: uow.get(Household, h) for h in (keep_household_id, other_household_id)}
        labels = household_labels(conn, set(households))
        for household_id, household in households.items():
            if household is None:
                raise SyncError(
                    f"没有编号为 {household_id} 的住户，请核对住户编号（anju county duplicates 列出）。",
                    f"No household with id {household_id}: check the id (anju county duplicates lists them).",
                )
            if household.deleted_at is not None or household.status == VOID:
                raise SyncError(
                    f"住户 {labels.get(household_id, household_id)} 已删除或已作废，不能合并。",
                    f"Household {labels.get(household_id, household_id)} is deleted or void: it cannot be merged.",
                )
        members = {
            h: session.scalars(
                select(Member).where(Member.household_id == h, Member.deleted_at.is_(None)).order_by(Member.id)
            ).all()
            for h in households
        }
        keep_numbers = {m.id_number for m in members[keep_household_id] if m.id_number}
        other_numbers = {m.id_number for m in members[other_household_id] if m.id_number}
        # Without a number (a baby not yet registered) by name and birth date, the kept household's person for each
        # of the other's, found once and used for the check and the merge alike.
        unnumbered = {h: [m for m in found if not m.id_number] for h, found in members.items()}
        pairing = pair_unnumbered(*(_namesakes(unnumbered[h]) for h in (other_household_id, keep_household_id)))
        if pairing.unsure:
            raise SyncError(
                f"{labels.get(keep_household_id, '')} 与 {labels.get(other_household_id, '')} 中没有证件号码的"
                f" {'、'.join(pairing.unsure)} 分不清谁是谁：姓名里有外系统显示不了的字（? 或 □），"
                "出生日期也相同或未填。为免把两个人并成一个，未整户合并。请工作站在住户中把姓名改成完整的写法或补录证件号码，"
                "批次到达县里后再整户合并。",
                f"The members without an ID number {', '.join(pairing.unsure)} cannot be told apart (a name with a "
                "character another system could not show, the same or no birth date): nothing was merged. Have the "
                "station correct the names or add the ID numbers, then merge the households after its batch.",
            )
        whole = [  # every member is in the other household too (`twin_households`)
            any(m.id_number for m in members[h])
            and all(m.id_number in theirs for m in members[h] if m.id_number)
            and len(pairing.pairs) == len(unnumbered[h])
            for h, theirs in ((keep_household_id, other_numbers), (other_household_id, keep_numbers))
        ]
        if not any(whole) or not members[keep_household_id] or not members[other_household_id]:
            raise SyncError(
                f"{labels.get(keep_household_id, '')} 与 {labels.get(other_household_id, '')} 的成员并不都是重复人员，"
                "不能整户合并。请逐人合并（“重复人员”页，或 anju county merge）。",
                "Not every member of one of these households is a duplicate of a member of the other: merge the "
                "persons one by one (the duplicates page, or anju county merge).",
            )
        kept_by_number: dict[str, Member] = {}
        for member in members[keep_household_id]:
            if member.id_number:
                kept_by_number.setdefault(member.id_number, member)
        kept_unnumbered = {
            unnumbered[other_household_id][i].id: unnumbered[keep_household_id][j] for i, j in pairing.pairs.items()
        }
        merged, moved = [], []
        twins: dict[str, str] = {}  # the other household's members merged → their twin kept
        for member in members[other_household_id]:
            twin = kept_by_number.get(member.id_number) if member.id_number else kept_unnumbered.get(member.id)
            if twin is None:
                member.household_id = keep_household_id  # its spells go with it
                moved.append(member.id)
                continue
            fold_people(uow, [member.id], twin.id, keep_household_id)
            # Recorded with no number for one matched by name: no duplicate group lists it, and work a station
            # does later on the copy still finds the person kept (`sync.after_merge`).
            record_merge(conn, twin.id_number or "", twin.id, [twin.id, member.id], note, actor)
            merged.append(member.id)
            twins[member.id] = twin.id
        move_visits_and_measures(uow, other_household_id, keep_household_id)
        uow.flush()
        head = next((m.name for m in members[keep_household_id] if m.relation == "户主"), "")
        reason = f"与 {labels.get(keep_household_id, '')}" + (f"（户主 {head}）" if head else " ")
        reason += "是同一户，重复登记，已由县里整户合并到该户后作废。" + (f"说明：{note}" if note else "")
        voided = _void_if_empty(uow, [other_household_id], reason)
        if voided != [other_household_id]:  # a member of it was not merged or moved: nothing is committed
            raise SyncError(
                "整户合并后原住户仍有成员，未作任何修改。", "The household still has members: nothing changed."
            )
        carry_conflicts(uow, twins, {other_household_id: keep_household_id}, actor)
    recheck_households(store, [keep_household_id, other_household_id])
    return HouseholdMerge(
        merged, moved, other_household_id, labels.get(keep_household_id, ""), labels.get(other_household_id, "")
    )


def _namesakes(members: Sequence[Member]) -> list[Namesake]:
    return [(m.name, m.birth_date) for m in members]


def move_visits_and_measures(uow: UnitOfWork, from_household_id: str, to_household_id: str) -> list[Moved]:
    """Move the live 走访 and 帮扶措施 of one household to another (one the other already has word for word, the
    same visit or measure recorded at both stations, is tombstoned instead). Returns what moved, as `fold_people`."""
    session = uow.session
    moved: list[Moved] = []
    for model in (Visit, Measure):
        had = {
            content_key(r)
            for r in session.scalars(
                select(model).where(model.household_id == to_household_id, model.deleted_at.is_(None))
            )
        }
        for record in session.scalars(
            select(model).where(model.household_id == from_household_id, model.deleted_at.is_(None))
        ).all():
            if content_key(record) in had:
                uow.delete(record)
            else:
                record.household_id = to_household_id  # type: ignore[attr-defined]
                moved.append((model.__tablename__, record.id, from_household_id))
    return moved


def content_key(record: Any, **instead: Any) -> tuple[Any, ...]:
    """A visit or measure as written (with the values ``instead``), wherever it hangs: two stations' copies of one
    record are equal."""
    content = {**record.content(), **instead}
    return tuple(sorted((k, str(v)) for k, v in content.items() if k != "household_id"))


@dataclass(frozen=True)
class TwinHouseholds:
    """One family recorded as two households (`twin_households`): ``keep`` is the one suggested to keep (more
    members, so nothing is lost either way), ``other`` the one `merge_households` would void; either may be kept."""

    keep: str
    other: str
    keep_label: str  # site and room
    other_label: str
    head: str  # the 户主's name, as recorded in ``keep`` (else in ``other``)
    id_numbers: list[str]  # the duplicate groups merging the two settles


@dataclass(frozen=True)
class UntoldTwins:
    """Two households that look like one family recorded twice (`untold_twins`), which `merge_households` refuses:
    members without a number nobody can tell apart (twins both written 张? by the national export). The station
    must correct the names or add the ID numbers first."""

    one: str
    other: str
    one_label: str  # site and room
    other_label: str
    head: str  # the 户主's name, as recorded in ``one`` (else in ``other``)
    names: list[str]  # the members nobody can tell apart, on both sides
    one_station: str = ""  # the station (or county) each was recorded at: where the names are to be put right
    other_station: str = ""


def list_twins(store: Store, groups: Sequence[DuplicateGroup]) -> list[TwinHouseholds]:
    """The families recorded twice among these groups' households, each pair once."""
    return families_recorded_twice(store, groups)[0]


def families_recorded_twice(
    store: Store, groups: Sequence[DuplicateGroup]
) -> tuple[list[TwinHouseholds], list[UntoldTwins]]:
    """Among these groups' households, the families recorded twice that can be merged whole (`list_twins`), and
    those that cannot be for members without a number nobody can tell apart, each pair once; the members read
    once for both."""
    mates: dict[str, list[tuple[str | None, str, str | None, date | None]]] = {}  # (number, name, relation, born)
    query = select(Member.household_id, Member.id_number, Member.name, Member.relation, Member.birth_date).where(
        Member.deleted_at.is_(None)
    )
    with county_reading(store) as conn:
        households = {p.household_id for g in groups for p in g.people}
        for household_id, number, name, relation, born in rows_in(conn, query, MEMBERS.c.household_id, households):
            mates.setdefault(household_id, []).append((number, name, relation, born))
    held: dict[str, list[Mate]] = {h: [(m[0], m[1], m[3]) for m in found] for h, found in mates.items()}
    twins = twin_households(groups, held)
    labels = {p.household_id: p.household for g in groups for p in g.people}
    stations = {p.household_id: p.station for g in groups for p in g.people}

    def head(*pair: str) -> str:
        return next((m[1] for h in pair for m in mates.get(h, []) if m[2] == "户主"), "")

    found: list[TwinHouseholds] = []
    for household, twin in twins.items():
        if twins.get(twin) != household:
            continue
        keep, other = sorted((household, twin), key=lambda h: (-len(mates.get(h, [])), labels.get(h, ""), h))
        if keep != household:
            continue  # each pair once
        numbers = sorted(g.id_number for g in groups if {keep, other} <= {p.household_id for p in g.people})
        found.append(
            TwinHouseholds(keep, other, labels.get(keep, ""), labels.get(other, ""), head(keep, other), numbers)
        )
    untold: dict[frozenset[str], UntoldTwins] = {}
    partners = dict(_numbered_twins(groups, held))
    for household, names in untold_twins(groups, held).items():
        other = partners[household]
        pair = frozenset((household, other))
        if pair in untold or household in twins or other in twins:
            continue  # each pair once; one offered whole is merged whole
        one, other = sorted(pair, key=lambda h: (labels.get(h, ""), h))
        untold[pair] = UntoldTwins(
            one, other, labels.get(one, ""), labels.get(other, ""), head(one, other), list(names),
            stations.get(one, ""), stations.get(other, ""),
        )  # fmt: skip
    found.sort(key=lambda t: (t.keep_label, t.keep))
    return found, sorted(untold.values(), key=lambda u: (u.one_label, u.one))


def keep_duplicate(store: Store, id_number: str, reason: str, actor: str) -> None:
    """Keep every household as it is, with a reason (the group comes back if another household joins it)."""
    if not reason.strip():
        raise SyncError("保留重复人员需要填写原因。", "Keeping a duplicate needs a reason.")
    group = _group(store, id_number)
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(
            insert(SyncDuplicateDecision).values(
                id_number=id_number,
                decision="keep",
                member_ids=sorted(p.member_id for p in group.people),
                reason=reason.strip(),
                decided_by=actor,
                decided_at=utc_now(),
            )
        )

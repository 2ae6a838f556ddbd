"""分户: some members of a household are registered as a household of their own (a grown son's family, most often).

The people who move keep their records — ID numbers, jobs (就业记录), wishes — and their own 帮扶措施: only their
``household_id`` changes, an ordinary journaled update that sync carries like any other edit, so the county sees
the same people in a new household, not people who left plus new people. Measures aimed at the whole old
household, its visits and those who left it earlier (减员) stay. Both households keep a line in their 备注 saying
what happened, so the split reads in each household's history and in the county's copy.

`split_household` does it in one unit of work; `undo_split` takes it back while the new household holds nothing
but what the split gave it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .errors import AnjuError
from .household_list import address_of
from .records import Household, Measure, Member, Visit
from .rules import can_complete
from .rules.labour import COMPLETE_STATUSES, HEAD, VOID
from .rules.loading import load_bundle
from .settings import RuleSettings, load_settings
from .store import Store, UnitOfWork

DRAFT = "草稿"

# The new 户主's relation in the old household → what the old relations of those who move with them become. Only
# the relations that follow for sure are here (a son's wife is his 配偶, his children are his 之子 / 之女); any other
# is left empty for the worker to set (the member form's 与户主关系 is required, so a finding points at it).
_RELATIVE_TO: dict[str, dict[str, str]] = {
    "配偶": {
        "户主": "配偶",
        **{r: r for r in ("之子", "之女", "之儿媳", "之女婿", "之孙子", "之孙女", "之外孙子", "之外孙女")},
    },
    "之子": {"之儿媳": "配偶", "之孙子": "之子", "之孙女": "之女", "之曾孙子": "之孙子", "之曾孙女": "之孙女"},
    "之女": {"之女婿": "配偶", "之外孙子": "之子", "之外孙女": "之女"},
    "之儿媳": {"之子": "配偶", "之孙子": "之子", "之孙女": "之女"},
    "之女婿": {"之女": "配偶", "之外孙子": "之子", "之外孙女": "之女"},
}
# Those carried over from the old household as they were: where the family came from, when and how it was relocated,
# and its 户类型 (脱贫户 …: the people's status, which a split does not change). Not the 监测对象类别 (a decision on
# the new household's own risk), the 户编号 (the national system gives it one) nor the phone.
_CARRIED = (
    "origin_county",
    "origin_town",
    "origin_village",
    "origin_hamlet",
    "relocation_type",
    "relocated_on",
    "household_type",
)


class SplitRefused(AnjuError):
    """The split cannot be made as asked; nothing was changed."""


@dataclass(frozen=True)
class Destination:
    """Where the new household lives (the 新增住户 form's 安置点名称, 楼栋, 单元, 门牌号)."""

    site_id: str
    building: str | None
    unit: str | None
    room: str | None


@dataclass(frozen=True)
class SplitDone:
    """What a split changed, enough to take it back (`undo_split`)."""

    old_id: str
    new_id: str
    relations: tuple[tuple[str, str | None], ...]  # each mover's id and their 与户主关系 in the old household
    measures: tuple[str, ...]  # the movers' own measures that went with them
    old_notes: str | None  # the old household's 备注 before the split's line was added
    unset: tuple[str, ...]  # names of movers whose 与户主关系 is left for the worker to set
    old_without_head: bool  # the old 户主 moved: the old household must name a new one
    old_status: str  # the old household's status before the split (it may go back to 草稿)


def new_relations(head_id: str, movers: Sequence[Member]) -> dict[str, str | None]:
    """Each mover's 与户主关系 relative to the new 户主: 户主 for them, what follows for sure for the others (see
    `_RELATIVE_TO`), None where it does not. When the old 户主 becomes the new one, every relation stands."""
    head = next(m for m in movers if m.id == head_id)
    if head.relation == HEAD:
        return {m.id: m.relation for m in movers}
    table = _RELATIVE_TO.get(head.relation or "", {})
    found: dict[str, str | None] = {m.id: table.get(m.relation or "") for m in movers}
    found[head_id] = HEAD
    spouses = [member_id for member_id, relation in found.items() if relation == "配偶"]
    if len(spouses) > 1:  # two sons moving with a daughter-in-law: which one is her husband is not ours to guess
        for member_id in spouses:
            found[member_id] = None
    return found


def _note(before: str | None, line: str) -> str:
    return f"{before.rstrip()}\n{line}" if before and before.strip() else line


def split_household(
    store: Store,
    actor: str,
    household_id: str,
    member_ids: Sequence[str],
    head_id: str,
    where: Destination,
    *,
    collector: str,
    today: date | None,
) -> SplitDone:
    """Move ``member_ids`` of a household into a new one at ``where`` with ``head_id`` its 户主, in one transaction.
    Refused (`SplitRefused`, nothing changed) for a voided household, no one chosen, everyone chosen, a 户主 not
    among those who move, or no site."""
    settings = load_settings(store)
    with store.unit_of_work(actor) as uow:
        old = uow.get(Household, household_id)
        if old is None or old.deleted_at is not None or old.status == VOID:
            raise SplitRefused(
                "这一户已作废或已删除，不能分户。", "This household is voided or deleted; it cannot be split."
            )
        live = list(
            uow.session.scalars(select(Member).where(Member.household_id == household_id, Member.deleted_at.is_(None)))
        )
        chosen = set(member_ids)
        movers = [m for m in live if m.id in chosen]
        if not movers or len(movers) != len(chosen):
            raise SplitRefused(
                "请至少勾选一名分出的成员（须是本户在册成员）。",
                "Tick at least one member who moves (a member of this household).",
            )
        if len(movers) == len(live):
            raise SplitRefused(
                "不能把全部成员都分出去：原户至少要留下一人。整户搬走请用“作废…”（整户迁出），只是换了门牌号请直接改门牌号。",
                "Not every member can move out: at least one must stay. A household that moves away as a whole is "
                "voided (作废…); one that changed rooms keeps its record with the new room number.",
            )
        if head_id not in chosen:
            raise SplitRefused(
                "请在分出的成员中选定新户的户主。", "Choose the new household's head among those who move."
            )
        if not where.site_id:
            raise SplitRefused("请选择新户的安置点。", "Choose the new household's site.")
        on = today.isoformat() if today else ""
        names = "、".join(m.name for m in movers)
        head_name = next(m.name for m in movers if m.id == head_id)
        old_address = address_of(old.building, old.unit, old.room) or "（未填门牌）"
        new_address = address_of(where.building, where.unit, where.room) or "（未填门牌）"
        old_head = next((m.name for m in live if m.relation == HEAD), "")
        new = uow.add(
            Household(
                site_id=where.site_id,
                building=where.building or None,
                unit=where.unit or None,
                room=where.room or None,
                status=DRAFT,
                collector=collector,
                collected_on=today,
                notes=f"{on} 由{old_address}（户主{old_head or '未定'}）分户而来。".strip(),
                **{name: getattr(old, name) for name in _CARRIED},
            )
        )
        uow.flush()  # the household before the members who move into it (sync replays in journal order)
        relations = new_relations(head_id, movers)
        before = tuple((m.id, m.relation) for m in movers)
        for member in movers:
            member.household_id = new.id
            member.relation = relations[member.id]
        moving = {m.id for m in movers}
        measures = list(
            uow.session.scalars(
                select(Measure).where(
                    Measure.household_id == household_id,
                    Measure.deleted_at.is_(None),
                    Measure.member_id.in_(moving),
                )
            )
        )
        for measure in measures:
            measure.household_id = new.id
        old_notes, old_status = old.notes, old.status
        old.notes = _note(old.notes, f"{on} 分户：{names}另立一户，户主{head_name}，住{new_address}。".strip())
        uow.flush()
        _recheck(uow, old, settings, today)
        return SplitDone(
            household_id,
            new.id,
            before,
            tuple(m.id for m in measures),
            old_notes,
            tuple(m.name for m in movers if relations[m.id] is None),
            not any(m.relation == HEAD for m in live if m.id not in moving),
            old_status,
        )


def _recheck(uow: UnitOfWork, household: Household, settings: RuleSettings, today: date | None) -> None:
    """A completed household the split leaves with an error (no 户主, 零就业 with no measure) goes back to 草稿, as
    an edit bringing an error takes it there in the editor."""
    if household.status not in COMPLETE_STATUSES:
        return
    bundle = load_bundle(uow.connection, household.id)
    if bundle is not None and not can_complete(bundle, settings, today or date.today())[0]:
        household.status = DRAFT


def undo_split(store: Store, actor: str, done: SplitDone) -> None:
    """Take a split back: the members and their measures return with their old relations, the old household's 备注
    is as it was, and the new household is removed (tombstoned). Refused once the new household has more than the
    split gave it (a member, a visit or a measure added there), or has lost someone: then move people by hand."""
    with store.unit_of_work(actor) as uow:
        new = uow.get(Household, done.new_id)
        old = uow.get(Household, done.old_id)
        if new is None or old is None or new.deleted_at is not None or old.deleted_at is not None:
            raise SplitRefused(
                "这次分户已无法撤销：有一户已不存在。", "This split cannot be undone: a household is gone."
            )
        moved = {member_id for member_id, _relation in done.relations}
        members = set(uow.session.scalars(select(Member.id).where(Member.household_id == new.id)))
        live = set(
            uow.session.scalars(select(Member.id).where(Member.household_id == new.id, Member.deleted_at.is_(None)))
        )
        measures = set(uow.session.scalars(select(Measure.id).where(Measure.household_id == new.id)))
        visits = uow.session.scalar(select(Visit.id).where(Visit.household_id == new.id).limit(1))
        if members != moved or live != moved or measures != set(done.measures) or visits is not None:
            raise SplitRefused(
                "新户分出后已有增减（成员、走访或帮扶措施），不能整体撤销分户。请在两户中分别修改。",
                "The new household has changed since the split (members, visits or measures); the split cannot be "
                "undone as a whole. Change the two households one by one.",
            )
        for member_id, relation in done.relations:
            member = uow.get(Member, member_id)
            assert member is not None
            member.household_id, member.relation = old.id, relation
        for measure_id in done.measures:
            measure = uow.get(Measure, measure_id)
            assert measure is not None
            measure.household_id = old.id
        old.notes = done.old_notes
        if old.status == DRAFT:  # taken back to 草稿 by the split (`_recheck`): as it was
            old.status = done.old_status
        uow.flush()
        uow.delete(new)

"""One household's editing session: its draft, saving it through the TaskRunner, its findings, its status.

The widgets tell the session what was typed (`edit`) and what was committed (`commit`); the session keeps the
draft, derives what follows from an ID number, queues a save for every committed field (so a crash loses at most
the field being typed), and says what the findings are. All database work goes through the one TaskRunner,
whose single worker keeps saves in the order they were made.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from forms.errors import AnjuError
from forms.findings import Finding
from forms.idnumber import birth_date, normalise, sex
from forms.records import new_id
from forms.rules import can_complete
from forms.rules.labour import COMPLETE_STATUSES, VOID, skill_by_age
from forms.rules.member_rules import CHECKED_ID_TYPES
from forms.rules.overrides import AcceptedKey
from forms.settings import RuleSettings
from forms.store import Store
from forms.users import Account

from ..i18n import QT_TRANSLATE_NOOP
from ..tasks import TaskRunner
from . import storage
from .draft import FORM_OF_TABLE, Draft, EditRecord, SaveBatch
from .widgets import text_of

if TYPE_CHECKING:
    from forms.clock import ClockDoubt

DRAFT = "草稿"
COMPLETE = "已完成"
APPROVED = "已审核"  # the county's approval (sync.county_review): the station never sets it, nor takes it back
RETURNED = "退回"  # the county sent it back with a comment (`storage.CountyReview`) to put right
# The statuses a household can be sent back from (forms.rules.labour.COMPLETE_STATUSES), as messages name them.
_SENT_BACK_FROM = (QT_TRANSLATE_NOOP("EditSession", "已完成"), QT_TRANSLATE_NOOP("EditSession", "已审核"))
FindingKey = tuple[str, str, tuple[str, ...]]


def _key(finding: Finding) -> FindingKey:
    return finding.code, finding.record_id, finding.fields


class EditSession(QObject):
    opened = Signal(str)  # household id: the draft is ready to show
    open_failed = Signal(str)  # message
    saved = Signal(str)  # household id: a save reached the disk
    save_failed = Signal(str)  # message
    findings_changed = Signal()
    status_changed = Signal(str)  # the household's new status
    message = Signal(str)  # something to tell the person (status bar)
    restored = Signal(str)  # the status an edit took away is back (`commit`): what to tell the person
    warning = Signal(str)  # something the person must not miss (shown on the page as well)

    def __init__(self, store: Store, runner: TaskRunner, account: Account, today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.runner = runner
        self.account = account
        self.today = today or date.today()
        # The computer's date cannot be today (`forms.clock`): new visits, measures and households start with no
        # date, for the worker to type, rather than with a wrong one.
        self.today_doubtful = False
        self.draft: Draft | None = None
        self.settings = RuleSettings()
        self.review: storage.CountyReview | None = None  # the county's last decision on the household open
        self.decisions: tuple[storage.CountyDecision, ...] = ()  # and its recent ones on the household's conflicts
        # Where the household open moved to, if to a site this station does not serve (`storage.Opened.moved_to`)
        self.moved_to: str | None = None
        self.pending_saves = 0
        #: The last save of the household open failed (a full disk): what was typed is only in this window.
        self.unsaved = False
        self._findings: list[Finding] = []
        self._findings_version = -1
        self._blocking_at_commit: set[FindingKey] = set()
        #: The status an edit took the household from (back to 草稿, see `commit`), until it is restored or the
        #: household is closed: a new job's first answers leave its other required answers empty for a moment.
        self._demoted_from: str | None = None
        self._opening = 0  # a counter, so only the last of several quick opens is shown

    def doubt_clock(self, doubt: ClockDoubt | None) -> None:
        """What `forms.clock` found about the computer's date. While it cannot be today, ages and checks count from
        the latest day known to have come (the newest change recorded, or the program's release), not from 2009:
        else every child's ID number would be "born after today" and an edit would take a completed household
        back to 草稿."""
        was_doubtful, self.today_doubtful = self.today_doubtful, doubt is not None
        if doubt is None and not was_doubtful:
            return  # the date it was opened with stands (a test's, or today's)
        today = doubt.known if doubt is not None else date.today()
        if today != self.today:
            self.today = today
            self._findings_version = -1
            self.findings_changed.emit()

    @property
    def dated_today(self) -> date | None:
        """The date a new visit, measure or household starts with: today, unless the computer's date is wrong."""
        return None if self.today_doubtful else self.today

    # ---- opening ----------------------------------------------------------------------------------------------------

    def open(self, household_id: str) -> None:
        store = self.store
        self._start_open(lambda: storage.load_household(store, household_id), household_id)

    def start_new(self, site_id: str | None) -> str:
        """Start a new household; returns the id it will have."""
        store, name, today, household_id = self.store, self.account.display_name, self.dated_today, new_id()
        self._start_open(lambda: storage.start_household(store, household_id, site_id, name, today), household_id)
        return household_id

    def _start_open(self, load: Callable[[], storage.Opened | None], household_id: str | None) -> None:
        self._opening += 1
        ticket = self._opening
        today = self.today

        def work() -> tuple[storage.Opened | None, list[Finding]]:
            opened = load()
            # The findings are worked out here too, off the UI thread: the first ID number checked loads the
            # region codes (a fifth of a second on this machine), and the window froze for them on the first open.
            return opened, [] if opened is None else opened.draft.findings(opened.settings, today)

        def done(result: tuple[storage.Opened | None, list[Finding]]) -> None:
            opened, findings = result
            if ticket != self._opening:
                return  # another household was asked for meanwhile
            if opened is None:
                self.open_failed.emit(
                    self.tr("找不到这一户（编号 %1），可能已被删除。请回到住户列表刷新后再试。").replace(
                        "%1", household_id or ""
                    )
                )
                return
            self.draft, self.settings, self.review = opened.draft, opened.settings, opened.review
            self.decisions, self.moved_to = opened.decisions, opened.moved_to
            # (Worked out again should the date have changed meanwhile: `doubt_clock`.)
            self._findings, self._findings_version = findings, opened.draft.version if today == self.today else -1
            self._blocking_at_commit = {_key(f) for f in self.findings() if f.blocks_completion}
            self._demoted_from = None
            self.unsaved = False
            self.opened.emit(opened.draft.id)

        def failed(exc: BaseException, _trace: str) -> None:
            if ticket == self._opening:
                self.open_failed.emit(self.tr("打开住户失败：") + _describe(exc))

        self.runner.start(lambda _progress: work(), on_done=done, on_error=failed, owner=self)

    # ---- editing ----------------------------------------------------------------------------------------------------

    def edit(self, record_id: str, name: str, value: Any) -> dict[str, Any]:
        """Take a value as it is typed; returns other fields that changed with it (derived from an ID number)."""
        draft = self._draft()
        if not draft.set(record_id, name, value):
            return {}
        record = draft.record(record_id)
        if record.table != "members":
            return {}
        derived = self._derive_from_id(record, name) if name in ("id_number", "id_type") else {}
        if name == "birth_date" or "birth_date" in derived:
            derived.update(self._skill_from_age(record))
        return derived

    def _skill_from_age(self, member: EditRecord) -> dict[str, Any]:
        """A child's 劳动技能 is 无劳动力 (`skill_by_age`), filled in once the birth date says so, as the national
        list records every child; a 劳动技能 already chosen is left for the field check to question."""
        if member.values.get("labour_skill"):
            return {}
        born = member.values.get("birth_date")
        if isinstance(born, str):
            try:
                born = date.fromisoformat(born)
            except ValueError:
                return {}
        skill = skill_by_age(born, self.today) if isinstance(born, date) else None
        if skill is None or not self._draft().set(member.id, "labour_skill", skill):
            return {}
        return {"labour_skill": skill}

    def _derive_from_id(self, member: EditRecord, changed: str) -> dict[str, Any]:
        """Birth date and sex follow the ID number; with a number that is not one, they are empty."""
        if member.values.get("id_type") not in CHECKED_ID_TYPES:
            return {}  # 其他, 暂无证件号码: sex and birth date are typed by hand
        number = member.values.get("id_number")
        if changed == "id_type" and not number:
            return {}  # the number comes next: keep what was typed by hand (a baby's birth date) until it does
        ric = normalise(number).ric if isinstance(number, str) and number else None
        derived: dict[str, Any] = {"sex": None, "birth_date": None}
        if ric is not None:
            with contextlib.suppress(ValueError):
                derived = {"sex": sex(ric), "birth_date": birth_date(ric)}
        draft = self._draft()
        return {name: value for name, value in derived.items() if draft.set(member.id, name, value)}

    def commit(self, record_id: str, name: str) -> None:
        """A field was left or picked: check whether the household can keep its status, and save.

        An edit that brings a new error takes a completed household back to 草稿. Once nothing stands in the way of
        completing it again, within the same visit, its status comes back by itself: recording a job for a member
        of a completed household is the follow-up this program exists for, and the job's first answer (就业形式)
        leaves its 开始时间 and 务工地域 empty for a moment; the household must not stay 草稿 because of that."""
        self._keep_status()
        record = self._draft().get(record_id)
        if record is not None and record.table == "members" and name == "id_number":
            self.refresh_elsewhere()

    def _keep_status(self) -> None:
        """After a change (a field, a removal, a member back): a completed household with a new error goes back to
        草稿, one put right comes back (`commit`); then save."""
        draft = self._draft()
        blocking = {_key(f) for f in self.findings() if f.blocks_completion}
        if draft.status in COMPLETE_STATUSES and blocking - self._blocking_at_commit:
            new = [f for f in self.findings() if f.blocks_completion and _key(f) not in self._blocking_at_commit]
            previous = draft.status
            draft.set(draft.id, "status", DRAFT)
            self._demoted_from = previous
            self.status_changed.emit(DRAFT)
            self.warning.emit(
                self.tr("这次修改带来了新的错误，本户已从“%1”改回“草稿”：%2 改正后会自动恢复为“%1”。")
                .replace("%1", self.tr(previous))
                .replace("%2", text_of(new[0]))
            )
        elif draft.status == DRAFT and self._demoted_from is not None and not self.blocking():
            restored, self._demoted_from = self._demoted_from, None
            draft.set(draft.id, "status", restored)
            self.status_changed.emit(restored)
            self.restored.emit(self.tr("错误已改正，本户已恢复为“%1”。").replace("%1", self.tr(restored)))
        self._blocking_at_commit = blocking
        self.save()

    def add(self, table: str, values: dict[str, Any], *, first: bool = False) -> EditRecord:
        """A new record with the questionnaire's defaults; written with its first committed answer."""
        draft = self._draft()
        form = draft.questionnaire.form(FORM_OF_TABLE[table])
        defaults = {item.name: item.default for item in form.fields if item.default is not None}
        record = EditRecord(table, new_id(), {**defaults, **values}, stored=False)
        return draft.insert(record, first=first)

    def remove(self, record_id: str, left_reason: str | None = None, left_on: date | None = None) -> list[EditRecord]:
        """Remove a record; a member who leaves (``left_reason``, on ``left_on``) takes their open measures with
        them, closed in the same save on the day they left (`Draft.close_measures_of`): a man who died in October
        and was recorded in November got no help in between, and the county's count of measures by month must say
        so. Without a 减员日期 they close today. Returns the measures closed (none while neither day is known: the
        computer's date is in doubt, and the worker closes them with the right date)."""
        draft = self._draft()
        closed: list[EditRecord] = []
        ended = left_on or self.dated_today
        if left_reason is not None and ended is not None:
            closed = draft.close_measures_of(record_id, left_reason, ended)
        draft.remove(record_id, left_reason, left_on)
        self._keep_status()
        return closed

    def bring_back(self, record_id: str) -> list[EditRecord]:
        """Bring back a removed record; a member who had left gets back the measures their 减员 closed (returned)."""
        draft = self._draft()
        reopened = draft.reopen_measures_of(record_id) if draft.record(record_id).table == "members" else []
        draft.bring_back(record_id)
        self._keep_status()
        return reopened

    # ---- saving -----------------------------------------------------------------------------------------------------

    @property
    def saving(self) -> bool:
        return self.pending_saves > 0

    def save(self) -> bool:
        """Queue everything changed since the last save; False when there was nothing to write."""
        draft = self.draft
        if draft is None or self.moved_to is not None:
            # 已迁出: an edit here would reach the county as this station's change to another station's household
            return False
        batch = draft.snapshot()
        if batch is None:
            return False
        store, actor = self.store, self.account.username
        self.pending_saves += 1
        self.runner.start(
            lambda _progress: storage.save_batch(store, actor, batch),
            on_done=lambda _count: self._saved(batch),
            on_error=lambda exc, _trace: self._save_failed(draft, batch, exc),
            owner=self,
        )
        return True

    def _saved(self, batch: SaveBatch) -> None:
        self.pending_saves -= 1
        if self.draft is not None and batch.household_id == self.draft.id:
            self.unsaved = False
        self.saved.emit(batch.household_id)

    def _save_failed(self, draft: Draft, batch: SaveBatch, exc: BaseException) -> None:
        self.pending_saves -= 1
        draft.restore(batch)  # kept in memory and retried with the next save
        if draft is self.draft:
            self.unsaved = True
        self.save_failed.emit(
            self.tr("保存失败，修改仍在本窗口中，下次保存时会重试：%1。若反复失败，请不要关闭程序，联系站长。").replace(
                "%1", _describe(exc)
            )
        )

    # ---- findings and status ----------------------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """What the panel lists and the forms mark: none on a household 已迁出, which this station cannot put
        right (`anju check` leaves it out too), as none on a voided one (`Draft.findings`)."""
        draft = self.draft
        if draft is None or self.moved_to is not None:
            return []
        if self._findings_version != draft.version:
            self._findings = draft.findings(self.settings, self.today)
            self._findings_version = draft.version
        return self._findings

    def blocking(self) -> list[Finding]:
        """What stops 已完成 now: the household rules (`can_complete`) and every field error."""
        draft = self._draft()
        _ok, rules = can_complete(draft.bundle(), self.settings, self.today)
        fields = [f for f in self.findings() if f.blocks_completion and f.code.startswith("field.")]
        return rules + fields

    def complete(self) -> list[Finding]:
        """Mark the household 已完成 if nothing blocks it; returns what blocks it (empty when done). A household
        the county approved (已审核) keeps its approval: it is complete already."""
        draft = self._draft()
        blocking = self.blocking()
        if blocking or draft.status == APPROVED:
            return blocking
        draft.set(draft.id, "status", COMPLETE)
        self._blocking_at_commit = set()
        self._demoted_from = None
        self.save()
        self.status_changed.emit(COMPLETE)
        return []

    def void(self, reason: str) -> None:
        draft = self._draft()
        draft.set(draft.id, "void_reason", reason.strip())
        draft.set(draft.id, "status", VOID)
        self.save()
        self.status_changed.emit(VOID)

    def accept(self, finding: Finding, reason: str, on_done: Callable[[bool], None] | None = None) -> None:
        """Accept a warning (or, for a station admin, an overridable error) with a reason, as a FindingOverride."""
        draft = self._draft()
        store, account = self.store, self.account

        def done(key: AcceptedKey) -> None:
            draft.accepted.add(key)
            draft.version += 1  # the findings must be recomputed with the acceptance
            self.findings_changed.emit()
            self.message.emit(self.tr("已接受：%1").replace("%1", text_of(finding)))
            if on_done:
                on_done(True)

        def failed(exc: BaseException, _trace: str) -> None:
            self.message.emit(_describe(exc))
            if on_done:
                on_done(False)

        self.runner.start(
            lambda _progress: storage.accept(store, account.username, account.role, finding, reason),
            on_done=done,
            on_error=failed,
            owner=self,
        )

    def refresh_elsewhere(self) -> None:
        """Look up the ID numbers on screen in other households (for the duplicate rule), off the UI thread."""
        draft = self._draft()
        numbers = {str(m.values["id_number"]) for m in draft.members if m.values.get("id_number")}
        store, household_id = self.store, draft.id

        def done(found: dict[str, Any]) -> None:
            if self.draft is draft and found != draft.elsewhere:
                draft.elsewhere = found
                draft.version += 1
                self.findings_changed.emit()

        self.runner.start(
            lambda _progress: storage.ids_elsewhere(store, numbers, household_id), on_done=done, owner=self
        )

    def _draft(self) -> Draft:
        if self.draft is None:
            raise RuntimeError("no household is open")
        return self.draft


def _describe(exc: BaseException) -> str:
    """The person-facing text of an error: ours carry 中文 and English; others show their own text."""
    if isinstance(exc, AnjuError):
        return f"{exc.zh}（{exc.en}）"
    return f"{type(exc).__name__}: {exc}"

"""冲突: fields two sides changed differently, side by side — the county's value, the station's, and what both
started from — with a choice per field (station / county / a typed value) and a note, settled through
`sync.county_conflicts.resolve_conflict` so both stations receive the result and the note in their next return file.

Open conflicts are grouped by record and station: the clerk settles one person's or one household's fields
together, with one note, the way they would after one phone call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from desktop.county.common import local_time, show_value
from desktop.county.list_page import ListDetailPage, batches_imported, nothing_yet
from desktop.household_model import status_text
from desktop.i18n import QT_TRANSLATE_NOOP, ui_text
from desktop.tasks import Progress, TaskRunner
from forms.commandline import actor_text
from forms.questionnaire import load_active
from forms.store import Store
from forms.users import Account, list_users
from sync.county_conflicts import (
    ConflictInfo,
    holds_record_id,
    list_conflicts,
    refuse_settled,
    resolve_conflict,
    typed_value,
)
from sync.county_words import ValueLabels, Words, field_names, field_words, record_words, value_en, value_labels
from sync.errors import SyncError

CHOICES = ("county", "station", "value")
#: How many conflicts settled last the page lists under the open ones (最近了结).
RECENT = 5


class TypedValueError(SyncError):
    """A typed value does not fit its field: nothing was settled, and the choices on screen stay as they are."""


@dataclass
class ConflictGroup:
    """Open conflicts on one record from one station."""

    conflicts: list[ConflictInfo]

    @property
    def first(self) -> ConflictInfo:
        return self.conflicts[0]


@dataclass
class ConflictData:
    groups: list[ConflictGroup]
    labels: dict[tuple[str, str], Words] = field(default_factory=dict)  # (table, field) → `sync.county_words`
    choices: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: The English labels of choice-list values (`sync.county_words.value_labels`), for the English interface.
    value_labels: ValueLabels = field(default_factory=dict)
    #: The conflicts settled last (by a clerk, or by a later change: `sync.conflicts_overtaken`), latest first.
    recent: list[ConflictInfo] = field(default_factory=list)
    #: The (table, field)s answered 是/否 (their choices are ("是", "否"), with no English labels of their own).
    yes_no: set[tuple[str, str]] = field(default_factory=set)
    # Whether any station's batch has come in: with no conflict open, "none yet" before it, "all settled" after.
    imported: bool = False
    #: The county's own accounts, login → display name (赵科长 for xian): the clerk knows a colleague by name.
    accounts: dict[str, str] = field(default_factory=dict)


def load_conflicts(store: Store) -> ConflictData:
    conflicts = list_conflicts(store, "open")
    grouped: dict[tuple[str, str, str], list[ConflictInfo]] = {}
    for c in conflicts:
        grouped.setdefault((c.record_table, c.record_id, c.station_id), []).append(c)
    data = ConflictData([ConflictGroup(g) for g in grouped.values()])
    data.recent = list_conflicts(store, "resolved", latest=RECENT)
    data.imported = bool(data.groups or data.recent) or batches_imported(store)
    data.accounts = {account.username: account.display_name for account, _active in list_users(store)}
    questionnaire = load_active(store)
    data.labels = field_names(questionnaire)
    data.value_labels = value_labels(questionnaire)
    for form in questionnaire.forms:
        for item in form.fields:
            if item.choices and item.choices in questionnaire.choices:
                data.choices[(form.table, item.name)] = questionnaire.choices[item.choices].values
            elif item.type == "yes_no":
                data.choices[(form.table, item.name)] = ("是", "否")
                data.yes_no.add((form.table, item.name))
    return data


class ConflictsPage(ListDetailPage):
    COLUMNS = (
        QT_TRANSLATE_NOOP("ConflictsPage", "住户"),
        QT_TRANSLATE_NOOP("ConflictsPage", "记录"),
        QT_TRANSLATE_NOOP("ConflictsPage", "冲突字段"),
        QT_TRANSLATE_NOOP("ConflictsPage", "工作站"),
        QT_TRANSLATE_NOOP("ConflictsPage", "送来时间"),
    )
    load = staticmethod(load_conflicts)

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(
            store,
            runner,
            account,
            parent,
            name="conflicts",
            entry_name="conflict",
            list_title=self.tr("待处理的冲突"),
            headers=[self.tr(c) for c in self.COLUMNS],
            list_height=220,
        )
        self.data = ConflictData([])
        self.group: ConflictGroup | None = None
        self.decisions: dict[int, tuple[QButtonGroup, QComboBox]] = {}

        self.scroll_area = QScrollArea(self.detail)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop on nothing: its choices scroll in
        self.grid_host, self.grid = self._new_grid()
        note_label = QLabel(self.tr("说明(&N)（会随回执发给工作站）："), self.detail)
        self.note = QLineEdit(self.detail)
        self.note.setObjectName("conflict_note")
        self.note.setAccessibleName(self.tr("处理说明"))
        self.note.setPlaceholderText(self.tr("处理依据，例如：电话核实，以娜姑镇为准"))
        note_label.setBuddy(self.note)
        self.resolve_button = QPushButton(self.tr("按所选处理(&R)"), self.detail)
        self.resolve_button.setObjectName("resolve_button")
        self.resolve_button.clicked.connect(self.resolve)
        self.open_button = QPushButton(self.tr("打开住户(&O)"), self.detail)
        self.open_button.setObjectName("conflict_open_household")
        self.open_button.clicked.connect(self._open_household)
        actions = QHBoxLayout()
        actions.addWidget(note_label)
        actions.addWidget(self.note, 1)
        actions.addWidget(self.resolve_button)
        actions.addWidget(self.open_button)
        self.detail_layout.addWidget(self.scroll_area, 1)
        self.detail_layout.addLayout(actions)
        # What was settled last, and how: a conflict a later change answered leaves the open list without the clerk.
        self.recent = QLabel(self)
        self.recent.setObjectName("conflicts_recent")
        self.recent.setWordWrap(True)
        self.recent.setStyleSheet("color: #455a64; padding-top: 6px;")
        page_layout = self.layout()
        assert isinstance(page_layout, QBoxLayout)  # ListDetailPage's column: summary, notice, list, entry
        self.empty = nothing_yet("conflicts", self)
        page_layout.addWidget(self.empty)
        page_layout.addWidget(self.recent)  # under what the page is for, when no conflict waits
        page_layout.addStretch(0)

    # ---- the list ------------------------------------------------------------------------------------------------

    def show_data(self, data: ConflictData) -> None:
        self.data = data
        count = sum(len(g.conflicts) for g in data.groups)
        self.summary.setText(
            self.tr("%1 处冲突待处理，涉及 %2 条记录。选中一条，逐个字段选择采用哪个值，写明说明后处理。")
            .replace("%1", str(count))
            .replace("%2", str(len(data.groups)))
            if count
            else self.tr("没有待处理的冲突。")
        )
        self.recent.setText(self.recent_text(data.recent))
        self.recent.setVisible(bool(data.recent))
        self.splitter.setVisible(bool(count))
        self.empty.setVisible(not count)
        self.empty.setText(self._empty_text(data.imported) if not count else "")
        row = self.fill(data.groups)
        self.counted.emit(count)
        self.select_row(len(data.groups), row)

    def _empty_text(self, imported: bool) -> str:
        what = self.tr(
            "工作站和县里（或两个工作站）把同一户的同一项改得不一样，就是冲突：在这里选定采用哪个值。"
            "冲突在导入工作站的批次时出现（「同步」页导入的，或工作站联网同步送来的），标签上显示件数，例如「冲突（2）」。"
        )
        if imported:
            return what + "\n\n" + self.tr("已导入的批次没有待处理的冲突。现在不用做什么。")
        return (
            what
            + "\n\n"
            + self.tr("还没有导入过工作站的批次。先在「工作站」页登记工作站，再在「同步」页导入它们送来的批次。")
        )

    def recent_text(self, settled: list[ConflictInfo]) -> str:
        how = {
            "station": self.tr("采用了工作站的值"),
            "county": self.tr("采用了县里的值"),
            "value": self.tr("改为填写的值"),
        }
        lines = [self.tr("最近了结的冲突：")]
        for c in settled:
            note = self.tr("；说明：%1").replace("%1", c.note.rstrip("。")) if c.note else ""
            lines.append(
                self.tr("%1 · %2 · %3：%4 于 %5 了结（%6%7）")
                .replace("%1", c.household or "—")
                .replace("%2", self.record_label(c))
                .replace("%3", self.field_label(c))
                .replace("%4", ui_text(*actor_text(c.resolved_by or "", self.data.accounts)))
                .replace("%5", local_time(c.resolved_at))
                .replace("%6", how.get(c.resolution or "", ""))
                .replace("%7", note)
            )
        return "\n".join(lines)

    def row_key(self, group: ConflictGroup) -> tuple[str, str, str]:
        return (group.first.record_table, group.first.record_id, group.first.station_id)

    def row_texts(self, group: ConflictGroup) -> tuple[str, ...]:
        c = group.first
        fields = self.tr("、").join(self.field_label(x) for x in group.conflicts)
        return (c.household or "—", self.record_label(c), fields, c.station_name, local_time(c.created_at))

    def field_label(self, c: ConflictInfo) -> str:
        return ui_text(*field_words(self.data.labels, c.record_table, c.field))

    def record_label(self, c: ConflictInfo) -> str:
        # a job's 就业形式 by its English label in English (`ConflictInfo.record_en`), as stored in 中文
        return ui_text(record_words(c.record_table, c.record)[0], record_words(c.record_table, c.record_en)[1])

    def shown(self, c: ConflictInfo, value: Any) -> str:
        if c.field == "deleted_at":
            if value is None:
                return self.tr("保留（未删除）")
            # “Deleted (2026-11-20 10:03)” in English, its brackets not the Chinese ones
            return self.tr("%1（%2）").replace("%2", local_time(str(value))).replace("%1", self.tr("删除"))
        if isinstance(value, str) and value in c.value_names:  # a site, household or member, as the clerk knows it
            return c.value_names[value]
        if c.field == "extra":
            return self.shown_answers(c, value)
        return show_value(self.in_ui_language(c.record_table, c.field, value))

    def in_ui_language(self, table: str, name: str, value: Any) -> Any:
        """A value picked from a choice list by its English label in the English interface (the record stores the
        中文, which the 中文 interface shows); a household's status as the 住户 list names it (“Returned”, not 退回)."""
        if (table, name) == ("households", "status") and isinstance(value, str):
            return status_text(value)
        if QLocale().language() != QLocale.Language.English:
            return value
        return value_en(self.data.value_labels, table, name, value)

    def typed_choice_text(self, c: ConflictInfo, value: str) -> str:
        """A value of the 「填写新值」 list in the UI language; its item data stays the 中文 the record stores. A yes/no
        field's 是/否 have no choice list to name them in English: the English list said 是/否."""
        if (c.record_table, c.field) in self.data.yes_no:
            return {"是": self.tr("是"), "否": self.tr("否")}.get(value, value)
        return str(self.in_ui_language(c.record_table, c.field, value))

    def shown_answers(self, c: ConflictInfo, value: Any) -> str:
        """The county's questions (``extra``) as the questions the two sides answered differently, each by its label:
        the merge took every other answer already, and both sides hold them the same."""
        county, station = (v if isinstance(v, dict) else {} for v in (c.county_value, c.station_value))
        answers = value if isinstance(value, dict) else {}
        keys = [k for k in dict.fromkeys([*county, *station]) if county.get(k) != station.get(k)]
        if not keys:
            return show_value(value)
        parts = []
        for key in keys:
            label = self.data.labels.get((c.record_table, key))
            name = ui_text(*label) if label else key
            answer = show_value(self.in_ui_language(c.record_table, key, answers.get(key)))
            parts.append(self.tr("%1：%2").replace("%1", name).replace("%2", answer))
        return self.tr("；").join(parts)

    # ---- one record, side by side ---------------------------------------------------------------------------------

    def show_row(self, row: int) -> None:
        self.grid_host, self.grid = self._new_grid()
        self.decisions.clear()
        self.note.clear()
        if not 0 <= row < len(self.data.groups):
            self.group = None
            self.clear_detail()
            return
        group = self.group = self.data.groups[row]
        c = group.first
        self.detail.setEnabled(True)
        self.open_button.setEnabled(bool(c.household_id))
        self.detail_title.setText(
            self.tr("%1 · %2 — 工作站“%3”于 %4 送来的修改与县里的值不同")
            .replace("%1", c.household or "—")
            .replace("%2", self.record_label(c))
            .replace("%3", c.station_name)
            .replace("%4", local_time(c.created_at))
        )
        county_by = self.county_header(c)
        headers = (
            self.tr("字段"),
            county_by,
            self.tr("工作站“%1”的值").replace("%1", c.station_name),
            self.tr("原值（双方修改前）"),
            self.tr("或填写新值"),
        )
        for col, text in enumerate(headers):
            label = QLabel(text, self.grid_host)
            label.setStyleSheet("font-weight: bold; color: #37474f;")
            # Over two lines where room is short: on one line each (“Value from station “…就业服务站””), the English
            # headers made the grid wider than a laptop's page and put the typed value a sideways scroll away.
            label.setWordWrap(True)
            self.grid.addWidget(label, 0, col)
        for r, conflict in enumerate(group.conflicts, start=1):
            self._add_row(r, conflict)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(len(group.conflicts) + 1, 1)
        self.tab_after_list(
            [w for c in group.conflicts for w in (*self.decisions[c.id][0].buttons(), self.decisions[c.id][1])]
        )
        self._update_resolvable()

    def county_header(self, c: ConflictInfo) -> str:
        """Whose value the county holds: the station that sent it (user names repeat across stations, so a bare
        “caiji” does not say whom to call), or the county's own edit, by the name the county gave the account (赵科长,
        not its login xian). A station's login stays as sent: station accounts are not synced, so a county account of
        the same login is someone else."""
        who = c.county_updated_by or ""
        if c.county_station is not None:
            sent_by = ui_text(*actor_text(who))  # a station's command-line import: 命令行（…）, not cli:…
            header = self.tr("县里现有的值（工作站“%1”的 %2 送来）")
            return header.replace("%1", c.county_station).replace("%2", sent_by)
        if c.county_wrote_it:
            return self.tr("县里现有的值（县里 %1 修改）").replace("%1", ui_text(*actor_text(who, self.data.accounts)))
        if not who:
            return self.tr("县里的值")
        return self.tr("县里现有的值（最后由 %1 修改）").replace("%1", ui_text(*actor_text(who)))

    def _new_grid(self) -> tuple[QWidget, QGridLayout]:
        """A fresh grid for the fields of one record (the scroll area deletes the previous one and its buttons)."""
        host = QWidget()
        host.setObjectName("conflict_fields")
        grid = QGridLayout(host)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        self.scroll_area.setWidget(host)
        return host, grid

    def _add_row(self, row: int, c: ConflictInfo) -> None:
        host = self.grid_host
        name = QLabel(self.field_label(c), host)
        name.setStyleSheet("font-weight: bold;")
        buttons = QButtonGroup(host)
        in_use = self.tr("（现用）")  # the value the record holds until the conflict is settled
        # A value is shown as it is: an & in it (an employer "A&B") is not an Alt+letter.
        county = self.shown(c, c.county_value).replace("&", "&&") + (in_use if c.kept == "county" else "")
        station = self.shown(c, c.station_value).replace("&", "&&") + (in_use if c.kept == "station" else "")
        take_county = QRadioButton(county, host)
        take_county.setObjectName(f"take_county_{c.id}")
        take_station = QRadioButton(station, host)
        take_station.setObjectName(f"take_station_{c.id}")
        base = QLabel(self.shown(c, c.base_value), host)
        base.setStyleSheet("color: #666;")
        take_value = QRadioButton(host)
        take_value.setObjectName(f"take_value_{c.id}")
        typed = QComboBox(host)
        typed.setObjectName(f"value_{c.id}")
        typed.setEditable(True)
        for value in self.data.choices.get((c.record_table, c.field), ()):  # each shown in the UI language
            typed.addItem(self.typed_choice_text(c, value), value)
        typed.setCurrentIndex(-1)
        typed.setMinimumWidth(180)
        for index, (button, text) in enumerate(
            (
                (take_county, self.tr("采用县里的值")),
                (take_station, self.tr("采用工作站的值")),
                (take_value, self.tr("填写新值")),
            )
        ):
            buttons.addButton(button, index)
            button.setAccessibleName(f"{self.field_label(c)}：{text}")
        # A delete is kept or undone, and a site, household or member is one of the two named: nothing to type.
        # Nor the county's questions: a typed value would stand for every answer at once.
        if c.field in ("deleted_at", "extra") or holds_record_id(c.record_table, c.field):
            take_value.setEnabled(False)
            typed.setEnabled(False)
        typed.editTextChanged.connect(lambda _text: take_value.setChecked(True) if typed.hasFocus() else None)
        buttons.idToggled.connect(lambda *_: self._update_resolvable())
        typed_row = QHBoxLayout()
        typed_row.addWidget(take_value)
        typed_row.addWidget(typed, 1)
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(take_county, row, 1)
        self.grid.addWidget(take_station, row, 2)
        self.grid.addWidget(base, row, 3)
        self.grid.addLayout(typed_row, row, 4)
        self.decisions[c.id] = (buttons, typed)

    @staticmethod
    def typed_text(typed: QComboBox) -> str:
        """What the clerk typed or picked: a choice picked by its English label is the 中文 value the record holds."""
        text = typed.currentText()
        index = typed.findText(text)
        return str(typed.itemData(index)) if index >= 0 and typed.itemData(index) is not None else text

    def _update_resolvable(self) -> None:
        # Every field needs a deliberate choice: nothing is settled by default.
        chosen = all(buttons.checkedId() >= 0 for buttons, _typed in self.decisions.values())
        self.resolve_button.setEnabled(bool(self.decisions) and chosen)

    def choose(self, conflict_id: int, choice: str, value: str | None = None) -> None:
        """Pick station / county / value for one field (what the radio buttons do; tests and shortcuts use it)."""
        buttons, typed = self.decisions[conflict_id]
        if value is not None:
            typed.setCurrentText(value)
        buttons.button(CHOICES.index(choice)).setChecked(True)

    # ---- settle ------------------------------------------------------------------------------------------------------

    def resolve(self) -> None:
        if self.group is None:
            return
        decisions: list[tuple[ConflictInfo, str, str | None, str]] = []
        for c in self.group.conflicts:
            buttons, typed = self.decisions[c.id]
            if buttons.checkedId() < 0:
                self.notice.error(self.tr("请为“%1”选择采用哪个值。").replace("%1", self.field_label(c)))
                return
            choice = CHOICES[buttons.checkedId()]
            decisions.append((c, choice, self.typed_text(typed) if choice == "value" else None, self.field_label(c)))
        store, actor, note = self.store, self.account.username, self.note.text().strip()

        def work(_progress: Progress) -> int:
            # Check every typed value first, so a typo in the second field does not leave the first one settled.
            for c, choice, value, label in decisions:
                if choice == "value":
                    try:
                        typed_value(c.record_table, c.field, value)
                    except SyncError as exc:
                        raise TypedValueError(f"{label}：{exc.zh}", f"{c.field}: {exc.en}") from None
            # Nor one of them settled meanwhile (by a station's later change, or another clerk): none is settled
            # then, and the list is read again (`_failed`).
            refuse_settled(store, [c.id for c, *_rest in decisions], actor)
            for c, choice, value, _label in decisions:
                resolve_conflict(store, c.id, choice, actor, note=note, value=value)
            return len(decisions)

        self.run_decision(
            work,
            lambda count: self.tr("已处理 %1 处冲突。相关工作站会在下次回执中收到结果和说明。").replace(
                "%1", str(count)
            ),
            (self.resolve_button,),
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException, traceback: str) -> None:
        self.notice.failed(exc, traceback)
        if isinstance(exc, TypedValueError):
            self._update_resolvable()  # fix the value and try again; the other choices are still there
        else:
            self.refresh()  # e.g. settled meanwhile by someone else: show what is open now

    def _open_household(self) -> None:
        if self.group is not None and self.group.first.household_id:
            self.open_household.emit(self.group.first.household_id)

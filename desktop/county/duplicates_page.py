"""重复人员: one 证件号码 in two (or more) live households, usually recorded by two stations. The households stand
side by side with their members; the clerk merges (the person stays in the household chosen, and is removed from
the others) or keeps them all with a reason (`sync.county_admin.merge_duplicate` / `keep_duplicate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.county.list_page import ListDetailPage
from desktop.tasks import Progress, TaskRunner
from forms.records import Household, Member
from forms.rules.loading import rows_in
from forms.store import Store
from forms.users import Account
from sync.county_admin import DuplicateGroup, keep_duplicate, list_duplicates, merge_duplicate
from sync.identity import load_identity

T = TypeVar("T")
#: A household's status is stored in Chinese (`forms.search.STATUSES`); shown through tr().
STATUS_NAMES = (
    QT_TRANSLATE_NOOP("DuplicatesPage", "草稿"),
    QT_TRANSLATE_NOOP("DuplicatesPage", "已完成"),
    QT_TRANSLATE_NOOP("DuplicatesPage", "已审核"),
    QT_TRANSLATE_NOOP("DuplicatesPage", "退回"),
    QT_TRANSLATE_NOOP("DuplicatesPage", "作废"),
)


@dataclass(frozen=True)
class Housemate:
    member_id: str
    name: str
    relation: str | None
    id_number: str | None


@dataclass
class DuplicateData:
    groups: list[DuplicateGroup]
    county_id: str = ""  # records the county itself entered (or adopted at county init) carry its id
    members: dict[str, list[Housemate]] = field(default_factory=dict)  # household id → its live members
    status: dict[str, str] = field(default_factory=dict)  # household id → 草稿 / 已完成 / 已审核 …


def load_duplicates(store: Store) -> DuplicateData:
    data = DuplicateData(list_duplicates(store))
    with store.engine.connect() as conn:
        identity = load_identity(conn)
    data.county_id = identity.id if identity else ""
    households = {p.household_id for g in data.groups for p in g.people}
    if not households:
        return data
    housemates = select(Member.household_id, Member.id, Member.name, Member.relation, Member.id_number).where(
        Member.deleted_at.is_(None)
    )
    with store.engine.connect() as conn:  # in slices: two stations that imported one roster share thousands
        rows = list(rows_in(conn, housemates, Member.__table__.c.household_id, households))
        statuses = select(Household.id, Household.status)
        data.status = dict(rows_in(conn, statuses, Household.__table__.c.id, households))
    rows.sort(key=lambda r: (r[0], r[3] != "户主", r[2]))
    for r in rows:
        data.members.setdefault(r[0], []).append(Housemate(r[1], r[2], r[3], r[4]))
    return data


class DuplicatesPage(ListDetailPage):
    COLUMNS = (
        QT_TRANSLATE_NOOP("DuplicatesPage", "证件号码"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "姓名"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "住户数"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "录入的工作站"),
    )
    load = staticmethod(load_duplicates)

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(
            store,
            runner,
            account,
            parent,
            name="duplicates",
            entry_name="duplicate",
            list_title=self.tr("重复人员"),
            headers=[self.tr(c) for c in self.COLUMNS],
            list_height=200,
        )
        self.data = DuplicateData([])
        self.group: DuplicateGroup | None = None
        self.keep = QButtonGroup(self)
        self.keep.idToggled.connect(lambda *_: self._update_buttons())

        self.scroll_area = QScrollArea(self.detail)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.columns_host, self.columns = self._new_columns()
        note_label = QLabel(self.tr("说明或原因："), self.detail)
        self.note = QLineEdit(self.detail)
        self.note.setObjectName("duplicate_note")
        self.note.setAccessibleName(self.tr("说明或原因"))
        self.note.setPlaceholderText(self.tr("合并时可写说明；都保留时必须写原因，例如：同名同号，待核实"))
        note_label.setBuddy(self.note)
        self.merge_button = QPushButton(self.tr("合并：只保留所选住户中的此人"), self.detail)
        self.merge_button.setObjectName("merge_button")
        self.merge_button.clicked.connect(self.merge)
        self.keep_button = QPushButton(self.tr("都保留"), self.detail)
        self.keep_button.setObjectName("keep_button")
        self.keep_button.clicked.connect(self.keep_all)
        self.note.textChanged.connect(lambda _text: self._update_buttons())
        actions = QHBoxLayout()
        actions.addWidget(note_label)
        actions.addWidget(self.note, 1)
        actions.addWidget(self.merge_button)
        actions.addWidget(self.keep_button)
        self.detail_layout.addWidget(self.scroll_area, 1)
        self.detail_layout.addLayout(actions)

    def show_data(self, data: DuplicateData) -> None:
        self.data = data
        self.summary.setText(
            self.tr("%1 个证件号码同时出现在多个在册住户中。请核实后合并，或写明原因都保留。").replace(
                "%1", str(len(data.groups))
            )
            if data.groups
            else self.tr("没有重复人员。")
        )
        row = self.fill(data.groups)
        self.counted.emit(len(data.groups))
        self.select_row(len(data.groups), row)

    def row_key(self, group: DuplicateGroup) -> str:
        return group.id_number

    def row_texts(self, group: DuplicateGroup) -> tuple[str, ...]:
        names = "、".join(dict.fromkeys(p.name for p in group.people))
        stations = "、".join(dict.fromkeys(self.recorded_by(p.station) for p in group.people))
        return (group.id_number, names, str(len(group.people)), stations)

    def show_row(self, row: int) -> None:
        self.columns_host, self.columns = self._new_columns()
        for button in self.keep.buttons():
            self.keep.removeButton(button)
        self.note.clear()
        if not 0 <= row < len(self.data.groups):
            self.group = None
            self.clear_detail()
            return
        group = self.group = self.data.groups[row]
        self.detail.setEnabled(True)
        self.detail_title.setText(
            self.tr("证件号码 %1 出现在 %2 个住户中：选择此人真正所在的住户后合并，或都保留。")
            .replace("%1", group.id_number)
            .replace("%2", str(len(group.people)))
        )
        for index, person in enumerate(group.people):
            self.columns.addWidget(
                self._household_box(
                    index, person.member_id, person.household_id, person.household, self.recorded_by(person.station)
                )
            )
        self.columns.addStretch(1)
        self._update_buttons()

    def _new_columns(self) -> tuple[QWidget, QHBoxLayout]:
        """A fresh row of households (the scroll area deletes the previous one, with its buttons)."""
        host = QWidget()
        host.setObjectName("duplicate_households")
        columns = QHBoxLayout(host)
        columns.setContentsMargins(0, 0, 0, 0)
        self.scroll_area.setWidget(host)
        return host, columns

    def recorded_by(self, origin: str) -> str:
        return self.tr("县里") if origin == self.data.county_id else origin

    def _household_box(self, index: int, member_id: str, household_id: str, label: str, station: str) -> QGroupBox:
        box = QGroupBox(label or household_id, self.columns_host)
        box.setObjectName(f"duplicate_household_{index}")
        box.setMinimumWidth(300)
        layout = QVBoxLayout(box)
        status = self.data.status.get(household_id, "")
        source = QLabel(self.tr("录入：%1　状态：%2").replace("%1", station).replace("%2", self.tr(status)), box)
        source.setStyleSheet("color: #555;")
        layout.addWidget(source)
        for mate in self.data.members.get(household_id, []):
            text = f"{mate.name}（{mate.relation or self.tr('关系未填')}）{mate.id_number or ''}"
            line = QLabel(text, box)
            if mate.member_id == member_id:  # the person in question, among their housemates
                line.setStyleSheet("font-weight: bold; color: #b00020;")
            layout.addWidget(line)
        layout.addStretch(1)
        choice = QRadioButton(self.tr("此人属于这一户"), box)
        choice.setObjectName(f"keep_household_{index}")
        choice.setProperty("household_id", household_id)
        self.keep.addButton(choice, index)
        opener = QPushButton(self.tr("打开住户"), box)
        opener.setObjectName(f"open_duplicate_household_{index}")
        opener.clicked.connect(lambda: self.open_household.emit(household_id))
        row = QHBoxLayout()
        row.addWidget(choice, 1)
        row.addWidget(opener)
        layout.addLayout(row)
        return box

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(self.group is not None and self.keep.checkedId() >= 0)
        # Keeping both is the exception: it needs a reason the next clerk can read.
        self.keep_button.setEnabled(self.group is not None and bool(self.note.text().strip()))

    def choose(self, household_id: str) -> None:
        for button in self.keep.buttons():
            if button.property("household_id") == household_id:
                button.setChecked(True)

    def merge(self) -> None:
        chosen = self.keep.checkedButton()
        if self.group is None or chosen is None:
            return
        store, actor, note = self.store, self.account.username, self.note.text().strip()
        id_number = self.group.id_number
        keep = str(chosen.property("household_id"))

        def work(_progress: Progress) -> list[str]:
            return merge_duplicate(store, id_number, keep, actor, note)

        self.run_decision(
            work,
            lambda removed: (
                self.tr("已合并 %1：保留所选住户中的此人，从其他 %2 个住户中删除。")
                .replace("%1", id_number)
                .replace("%2", str(len(removed)))
            ),
            (self.merge_button, self.keep_button),
        )

    def keep_all(self) -> None:
        reason = self.note.text().strip()
        if self.group is None or not reason:
            return
        store, actor, id_number = self.store, self.account.username, self.group.id_number

        def work(_progress: Progress) -> None:
            keep_duplicate(store, id_number, reason, actor)

        self.run_decision(
            work,
            lambda _none: (
                self.tr("已保留 %1 的所有住户（原因：%2）。若又有住户出现同一号码，会再次列出。")
                .replace("%1", id_number)
                .replace("%2", reason)
            ),
            (self.merge_button, self.keep_button),
        )

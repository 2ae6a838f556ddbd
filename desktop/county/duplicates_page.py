"""重复人员: one 证件号码 in two (or more) live households, usually recorded by two stations. The households stand
side by side with their members; the clerk merges (the person stays in the household chosen, and is removed from
the others) or keeps them all with a reason (`sync.duplicates.merge_duplicate` / `keep_duplicate`).

When every member of a household is a duplicate of a member of one other household (one family recorded twice),
the page offers to merge the two households at once (`sync.duplicates.merge_households`), after saying which is
kept and which is voided. A search box finds a number (any part of it), a name or a site among thousands. With
nothing to decide, the page says what it looks for, when it finds it and what to do meanwhile, in place of the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.county.common import MUTED_COLOUR, ListSearch, search_text
from desktop.county.list_page import ListDetailPage
from desktop.household_model import status_text
from desktop.households_page import TYPING_PAUSE_MS
from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.page_parts import confirm
from desktop.tasks import Progress, TaskRunner
from forms.questionnaire import load_active
from forms.records import Household, Member
from forms.rules.loading import rows_in
from forms.store import Store
from forms.users import Account
from sync.county_words import ValueLabels, value_en, value_labels
from sync.duplicates import (
    DuplicateGroup,
    DuplicatePerson,
    HouseholdMerge,
    Mate,
    keep_duplicate,
    list_duplicates,
    merge_duplicate,
    merge_households,
    twin_households,
    untold_twins,
)
from sync.identity import load_identity

T = TypeVar("T")
# The widest 证件号码 the list shows: a 居民身份证 number, 18 characters (an X last where the check digit is 10).
WIDEST_NUMBER = "53032619800101011X"


@dataclass(frozen=True)
class Housemate:
    member_id: str
    name: str
    relation: str | None
    id_number: str | None
    born: date | None  # told apart by it, with the name, when there is no number (`sync.unnumbered`)


@dataclass
class DuplicateData:
    groups: list[DuplicateGroup]
    county_id: str = ""  # records the county itself entered (or adopted at county init) carry its id
    members: dict[str, list[Housemate]] = field(default_factory=dict)  # household id → its live members
    status: dict[str, str] = field(default_factory=dict)  # household id → 草稿 / 已完成 / 已审核 …
    twins: dict[str, str] = field(default_factory=dict)  # household id → the other copy of its family
    # household id → the members without a number that keep it from being merged whole with its copy
    untold: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The English labels of choice-list values (`sync.county_words.value_labels`): a housemate's 与户主关系.
    value_labels: ValueLabels = field(default_factory=dict)

    def head(self, household_id: str) -> str:
        return next((m.name for m in self.members.get(household_id, []) if m.relation == "户主"), "")


def load_duplicates(store: Store) -> DuplicateData:
    data = DuplicateData(list_duplicates(store))
    with store.engine.connect() as conn:
        identity = load_identity(conn)
    data.county_id = identity.id if identity else ""
    households = {p.household_id for g in data.groups for p in g.people}
    if not households:
        return data
    housemates = select(
        Member.household_id, Member.id, Member.name, Member.relation, Member.id_number, Member.birth_date
    ).where(Member.deleted_at.is_(None))
    with store.engine.connect() as conn:  # in slices: two stations that imported one roster share thousands
        rows = list(rows_in(conn, housemates, Member.__table__.c.household_id, households))
        statuses = select(Household.id, Household.status)
        data.status = dict(rows_in(conn, statuses, Household.__table__.c.id, households))
    data.value_labels = value_labels(load_active(store))
    rows.sort(key=lambda r: (r[0], r[3] != "户主", r[2]))
    for r in rows:
        data.members.setdefault(r[0], []).append(Housemate(r[1], r[2], r[3], r[4], r[5]))
    held: dict[str, list[Mate]] = {
        household: [(m.id_number, m.name, m.born) for m in mates] for household, mates in data.members.items()
    }
    data.twins = twin_households(data.groups, held)
    data.untold = untold_twins(data.groups, held)
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
            one_line_title=True,  # a long name, or two spellings of one, wrapped it and pushed the households down
        )
        self.data = DuplicateData([])
        self.shown: list[DuplicateGroup] = []  # the groups the search lets through, in the list's order
        self.group: DuplicateGroup | None = None
        # Thousands of numbers after two stations imported one roster: a number (any part), a name or a site.
        self.search = QLineEdit(self)
        self.search.setObjectName("duplicates_search")
        self.search.setAccessibleName(self.tr("查找重复人员"))
        self.search.setPlaceholderText(self.tr("查找：证件号码（可输入一部分）、姓名或安置点"))
        self.search.setClearButtonEnabled(True)
        self._typing = QTimer(self)  # once typing pauses, as the 审核 and 住户 searches do
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._show_filtered)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.search.returnPressed.connect(self._show_filtered)
        page_layout = self.layout()
        assert isinstance(page_layout, QBoxLayout)
        page_layout.insertWidget(2, self.search)  # under the summary and the notice, over the list
        QWidget.setTabOrder(self.search, self.table)  # and before it when tabbing, as on screen
        self.watch_search(self.search)
        # Nothing to decide: what the page looks for and when, instead of an empty list over an empty panel.
        self.empty = QLabel(self._empty_text(), self)
        self.empty.setObjectName("duplicates_empty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {MUTED_COLOUR}; font-size: 14px; padding: 8px 0;")
        self.empty.hide()
        page_layout.addWidget(self.empty)
        page_layout.addStretch(0)
        splitter = self.table.parentWidget()  # the list over the detail (`ListDetailPage`)
        assert isinstance(splitter, QSplitter)
        self.splitter = splitter
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self._fit_numbers()
        self.keep = QButtonGroup(self)
        self.keep.idToggled.connect(lambda *_: self._update_buttons())

        self.scroll_area = QScrollArea(self.detail)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop on nothing: its choices scroll in
        self.columns_host, self.columns = self._new_columns()
        note_label = QLabel(self.tr("说明或原因(&N)："), self.detail)
        self.note = QLineEdit(self.detail)
        self.note.setObjectName("duplicate_note")
        self.note.setAccessibleName(self.tr("说明或原因"))
        self.note.setPlaceholderText(self.tr("合并时可写说明；都保留时必须写原因，例如：同名同号，待核实"))
        note_label.setBuddy(self.note)
        self.merge_button = QPushButton(self.tr("合并(&M)：只保留所选住户中的此人"), self.detail)
        self.merge_button.setObjectName("merge_button")
        self.merge_button.clicked.connect(self.merge)
        self.keep_button = QPushButton(self.tr("都保留(&K)"), self.detail)
        self.keep_button.setObjectName("keep_button")
        self.keep_button.clicked.connect(self.keep_all)
        # One family recorded twice: said above the actions, with the button that merges the two households.
        self.twin_info = QLabel(self.detail)
        self.twin_info.setObjectName("twin_households_info")
        self.twin_info.setWordWrap(True)
        self.twin_info.setStyleSheet("color: #9a6700;")
        self.merge_household_button = QPushButton(self.tr("整户合并(&H)…"), self.detail)
        self.merge_household_button.setObjectName("merge_household_button")
        self.merge_household_button.setToolTip(
            self.tr("两户是同一户登记了两次：保留所选住户，另一户的成员、就业、走访和帮扶措施并入它，另一户作废。")
        )
        self.merge_household_button.clicked.connect(self.ask_merge_households)
        twin_row = QHBoxLayout()
        twin_row.addWidget(self.twin_info, 1)
        twin_row.addWidget(self.merge_household_button)
        self.note.textChanged.connect(lambda _text: self._update_buttons())
        actions = QHBoxLayout()
        actions.addWidget(note_label)
        actions.addWidget(self.note, 1)
        actions.addWidget(self.merge_button)
        actions.addWidget(self.keep_button)
        self.detail_layout.addWidget(self.scroll_area, 1)
        self.detail_layout.addLayout(twin_row)
        self.detail_layout.addLayout(actions)
        self._show_twins([])

    def show_data(self, data: DuplicateData) -> None:
        self.data = data
        self.summary.setText(
            self.tr("%1 个证件号码同时出现在多个在册住户中。请核实后合并，或写明原因都保留。").replace(
                "%1", str(len(data.groups))
            )
            if data.groups
            else self.tr("没有待处理的重复人员。")
        )
        for part in (self.search, self.splitter):
            part.setVisible(bool(data.groups))
        self.empty.setVisible(not data.groups)
        self.counted.emit(len(data.groups))
        self._show_filtered(keep_row=True)

    def _empty_text(self) -> str:
        return self.tr(
            "这里列出同一个证件号码登记在两个或更多在册住户中的人，多半是两个工作站都登记了同一个人或同一户"
            "（作废的住户不算）。每次打开本页，县里都按已收到的全部批次（「同步」页导入的，或工作站联网同步送来的）"
            "重新查一遍；有待处理的，就列在这里，标签上也显示件数，例如「重复人员（3）」。\n\n"
            "处理过的（合并，或写明原因都保留）不再列出。没有证件号码的人（如还没上户口的婴儿）不在这里单独列出，"
            "整户合并时按姓名和出生日期对上。\n\n"
            "现在不用做什么：继续导入工作站的批次，之后再打开本页看看。"
        )

    def _fit_numbers(self) -> None:
        """证件号码 as wide as an 18-character number (wider if one listed is): as wide as its header on two lines,
        证件/号码, it cut the numbers short whenever its width came from no rows (a search that finds none, the list
        being read); sized to the font, as Qt sizes the other columns to their text."""
        table = self.table
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
        sample = table.fontMetrics().horizontalAdvance(WIDEST_NUMBER) + 2 * margin + int(table.showGrid())
        header = table.horizontalHeader()
        header.resizeSection(0, max(sample, table.sizeHintForColumn(0), header.sectionSizeHint(0)))

    def _show_filtered(self, keep_row: bool = False) -> None:
        """Fill the list as the search has it: from its first row when the search changed, else (the list read
        again) on the number shown before, or the one that took its row after a decision."""
        typed = ListSearch(self.search.text())
        number = typed.text.upper()
        self.shown = [
            group
            for group in self.data.groups
            if not typed
            or number in group.id_number
            or any(typed.finds(search_text(f"{p.name}{p.household}"), (p.name,)) for p in group.people)
        ]
        row = self.fill(self.shown, searched=len(self.data.groups))
        self._fit_numbers()
        self.select_row(len(self.shown), row if keep_row else 0)

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
        if not 0 <= row < len(self.shown):
            self.group = None
            self._show_twins([])
            self.clear_detail()
            return
        group = self.group = self.shown[row]
        self.detail.setEnabled(True)
        # Whom the entry is about by name, as the clerk asks about a person on the phone; the number alone was
        # 18 digits to compare against each household's members. Two stations may spell the name differently.
        self.detail_title.setText(
            self.tr("%3（证件号码 %1）出现在 %2 个住户中：选择此人真正所在的住户后合并，或都保留。")
            .replace("%1", group.id_number)
            .replace("%2", str(len(group.people)))
            .replace("%3", "、".join(dict.fromkeys(p.name for p in group.people)))
        )
        for index, person in enumerate(group.people):
            self.columns.addWidget(
                self._household_box(
                    index, person.member_id, person.household_id, person.household, self.recorded_by(person.station)
                )
            )
        self.columns.addStretch(1)
        self.tab_after_list(
            [w for box in self.columns_host.findChildren(QGroupBox) for w in box.findChildren(QAbstractButton)]
        )
        self._show_twins(group.people)
        self._update_buttons()

    def _twins_in(self, people: list[DuplicatePerson]) -> list[tuple[str, str]]:
        """The pairs of this group's households that are one family recorded twice (each pair once)."""
        households = [p.household_id for p in people]
        return [
            (h, self.data.twins[h]) for i, h in enumerate(households) if self.data.twins.get(h) in households[i + 1 :]
        ]

    def _show_twins(self, people: list[DuplicatePerson]) -> None:
        pairs = self._twins_in(people)
        untold = [(p, self.data.untold[p.household_id]) for p in people if p.household_id in self.data.untold]
        self.twin_info.setVisible(bool(pairs or untold))
        self.merge_household_button.setVisible(bool(pairs))
        if not pairs:
            if untold:  # why 整户合并 is not offered, and what makes it possible
                (person, names), *_ = untold
                self.twin_info.setText(
                    self.tr(
                        "%1 的成员也都登记在另一户，可能是同一户登记了两次，但不能整户合并：没有证件号码的 %2 "
                        "分不清谁是谁（姓名里有外系统显示不了的字，如 ? 或 □，出生日期也相同或未填）。"
                        "请工作站在住户中把姓名改成完整的写法或补录证件号码，批次到了县里再整户合并。"
                    )
                    .replace("%1", self._named(person.household_id, person.household))
                    .replace("%2", "、".join(names))
                )
            return
        labels = {p.household_id: p.household for p in people}
        one, other = pairs[0]
        self.twin_info.setText(
            self.tr(
                "整户重复：%1 与 %2，一户的成员全部也登记在另一户（证件号码相同），可能是同一户登记了两次。"
                "选择要保留的住户后可整户合并，另一户作废。"
            )
            .replace("%1", self._named(one, labels[one]))
            .replace("%2", self._named(other, labels[other]))
        )

    def _named(self, household_id: str, label: str) -> str:
        """A household as the clerk knows it: site, room and 户主."""
        head, named = self.data.head(household_id), label or household_id
        return self.tr("%1（户主：%2）").replace("%1", named).replace("%2", head) if head else named

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
        box = QGroupBox((label or household_id).replace("&", "&&"), self.columns_host)  # a site's & is no Alt+letter
        box.setObjectName(f"duplicate_household_{index}")
        box.setMinimumWidth(300)
        layout = QVBoxLayout(box)
        status = self.data.status.get(household_id, "")
        source = QLabel(self.tr("录入：%1　状态：%2").replace("%1", station).replace("%2", status_text(status)), box)
        source.setStyleSheet("color: #555;")
        layout.addWidget(source)
        # The choice first, the members under it: under a family of three it was below the bottom of the panel on
        # a laptop, and each household had to be scrolled to find how to choose it.
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
        # The person in question first, the housemates under them (户主 first, as elsewhere): the boxes share one
        # scroll, so no scrolling could show a person eighth in one household and first in another; listed first,
        # each household's copy stands on one line across the boxes, under the choice, in sight on a laptop.
        mates = self.data.members.get(household_id, [])
        for mate in sorted(mates, key=lambda m: m.member_id != member_id):
            relation = self.relation_text(mate.relation) if mate.relation else self.tr("关系未填")
            text = self.tr("%1（%2）%3").replace("%1", mate.name).replace("%2", relation)
            text = text.replace("%3", mate.id_number or "")
            line = QLabel(text, box)
            if mate.member_id == member_id:  # the person in question, among their housemates
                line.setStyleSheet("font-weight: bold; color: #b00020;")
            layout.addWidget(line)
        layout.addStretch(1)
        return box

    def relation_text(self, relation: str) -> str:
        """A housemate's 与户主关系 by its choice list's English label in the English interface (之子 is “Son”, as
        the household's own page says); the 中文 the record stores in the 中文 interface."""
        if QLocale().language() != QLocale.Language.English:
            return relation
        return str(value_en(self.data.value_labels, "members", "relation", relation))

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(self.group is not None and self.keep.checkedId() >= 0)
        self.merge_household_button.setEnabled(self._household_pair() is not None)
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

        others = {p.household_id: p.household for p in self.group.people if p.household_id != keep}

        def work(_progress: Progress) -> tuple[list[str], list[str]]:
            removed = merge_duplicate(store, id_number, keep, actor, note)
            with store.reading() as session:  # the households the merge left with nobody in them, now 作废
                voided = session.scalars(
                    select(Household.id).where(Household.id.in_(others), Household.status == "作废")
                ).all()
            return removed, [others[h] for h in voided]

        def message(done: tuple[list[str], list[str]]) -> str:
            removed, voided = done
            text = (
                self.tr("已合并 %1：保留所选住户中的此人，从其他 %2 个住户中删除。")
                .replace("%1", id_number)
                .replace("%2", str(len(removed)))
            )
            if voided:
                text += self.tr("%1 已没有在册成员，已作废。").replace("%1", "、".join(voided))
            return text

        self.run_decision(work, message, (self.merge_button, self.keep_button, self.merge_household_button))

    def _household_pair(self) -> tuple[DuplicatePerson, DuplicatePerson] | None:
        """The household chosen and its twin in this group, when the choice is one of a family recorded twice."""
        chosen = self.keep.checkedButton()
        if self.group is None or chosen is None:
            return None
        keep = str(chosen.property("household_id"))
        other = self.data.twins.get(keep)
        people = {p.household_id: p for p in self.group.people}
        if other not in people:
            return None
        return people[keep], people[str(other)]

    def ask_merge_households(self) -> None:
        """Say which household stays and which is voided, with their site, room, 户主 and station, then merge."""
        pair = self._household_pair()
        if pair is None:
            return
        keep, other = pair
        mates = self.data.members
        same = {m.id_number for m in mates.get(keep.household_id, []) if m.id_number}
        joining = sum(1 for m in mates.get(other.household_id, []) if m.id_number not in same)
        what = self.tr("两户中证件号码相同的 %1 人各合并为一人").replace(
            "%1", str(len(mates.get(other.household_id, [])) - joining)
        )
        if joining:
            what += self.tr("，另一户另有 %1 人转入保留的住户").replace("%1", str(joining))
        text = (
            self.tr("保留：%1，%2录入")
            .replace("%1", self._named(keep.household_id, keep.household))
            .replace("%2", self.recorded_by(keep.station))
            + "\n"
            + self.tr("作废：%1，%2录入")
            .replace("%1", self._named(other.household_id, other.household))
            .replace("%2", self.recorded_by(other.station))
            + "\n\n"
            + what
            + self.tr("；就业、走访和帮扶措施都转到保留的住户。另一户作废（记录仍保留），原因会随回执发给工作站。")
        )
        buttons = (self.tr("整户合并(&H)"), self.tr("取消(&C)"))
        title = self.tr("整户合并")
        confirm(
            self,
            "confirm_merge_households",
            QMessageBox.Icon.Question,
            title,
            text,
            buttons,
            lambda: self.merge_households(keep, other),
        )

    def merge_households(self, keep: DuplicatePerson, other: DuplicatePerson) -> None:
        store, actor, note = self.store, self.account.username, self.note.text().strip()

        def work(_progress: Progress) -> HouseholdMerge:
            return merge_households(store, keep.household_id, other.household_id, actor, note)

        def message(done: HouseholdMerge) -> str:
            text = (
                self.tr("已整户合并：保留 %1，%2 已作废（合并 %3 人")
                .replace("%1", keep.household)
                .replace("%2", other.household)
                .replace("%3", str(len(done.merged)))
            )
            if done.moved:
                text += self.tr("，转入 %1 人").replace("%1", str(len(done.moved)))
            return text + self.tr("）。结果会随下次回执到达工作站。")

        self.run_decision(work, message, (self.merge_button, self.keep_button, self.merge_household_button))

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
            (self.merge_button, self.keep_button, self.merge_household_button),
        )

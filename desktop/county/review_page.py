"""审核: households an import (or a conflict) put on the county's queue, with what the household rules found.
The clerk approves, or returns the household with a comment saying what to fix; either reaches the station in its
next return file (`sync.county_review.approve_household` / `return_household`). Any household opens in the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy import select

from desktop.county.common import ListSearch, local_time, search_text
from desktop.county.list_page import ListDetailPage, batches_imported, nothing_yet
from desktop.household_model import status_text
from desktop.households_page import TYPING_PAUSE_MS
from desktop.i18n import QT_TRANSLATE_NOOP, ui_text
from desktop.page_parts import confirm
from desktop.tasks import Progress, TaskRunner
from forms.records import Member, Review
from forms.rules.loading import rows_in
from forms.store import Store
from forms.users import Account
from sync.county_review import (
    APPROVABLE_UNREAD,
    BulkApproval,
    ReviewItem,
    approve_clean,
    approve_household,
    return_household,
    review_queue,
)
from sync.county_stations import list_stations
from sync.county_words import REVIEW_REASONS, words

DECISIONS = {
    "approve": QT_TRANSLATE_NOOP("ReviewPage", "已审核通过"),
    "return": QT_TRANSLATE_NOOP("ReviewPage", "已退回"),
}
#: What the list shows (the 显示 filter): every household waiting, those needing a look, those ready to approve.
SHOWING = (
    ("all", QT_TRANSLATE_NOOP("ReviewPage", "全部")),
    ("attention", QT_TRANSLATE_NOOP("ReviewPage", "有问题或冲突的")),
    ("clean", QT_TRANSLATE_NOOP("ReviewPage", "可直接审核通过的")),
)
RED = QColor("#c62828")
SEVERITY = {
    "error": (QT_TRANSLATE_NOOP("ReviewPage", "错误"), "#c62828"),
    "warning": (QT_TRANSLATE_NOOP("ReviewPage", "提醒"), "#9a6700"),
}


@dataclass(frozen=True)
class PastReview:
    decision: str
    comment: str | None
    reviewer: str
    at: str


@dataclass
class ReviewData:
    items: list[ReviewItem]
    stations: dict[str, str] = field(default_factory=dict)  # station id → name
    heads: dict[str, str] = field(default_factory=dict)  # household id → 户主's name
    last_review: dict[str, PastReview] = field(default_factory=dict)
    #: household id → `search_key`: spelling 25,000 of them at every search held the window a quarter of a second
    searched: dict[str, str] = field(default_factory=dict)
    # Whether any station's batch has come in: with nothing to review, "none yet" before it, "all done" after.
    imported: bool = False

    def search_key(self, item: ReviewItem) -> str:
        """What a search in the list compares with: the household's room and its 户主, as `search_text` spells them."""
        key = self.searched.get(item.household_id)
        if key is None:
            key = self.searched[item.household_id] = search_text(
                f"{item.household}{self.heads.get(item.household_id, '')}"
            )
        return key


def load_review(store: Store) -> ReviewData:
    data = ReviewData(review_queue(store))
    data.stations = {s.id: s.name for s in list_stations(store)}
    ids = [i.household_id for i in data.items]
    if not ids:
        data.imported = batches_imported(store)
        return data
    data.imported = True
    heads = select(Member.household_id, Member.name).where(Member.relation == "户主", Member.deleted_at.is_(None))
    reviews = select(Review.household_id, Review.decision, Review.comment, Review.reviewer, Review.at).where(
        Review.deleted_at.is_(None)
    )
    with store.engine.connect() as conn:
        data.heads = dict(rows_in(conn, heads, Member.__table__.c.household_id, ids))
        for r in sorted(rows_in(conn, reviews, Review.__table__.c.household_id, ids), key=lambda r: r[4]):
            data.last_review[r[0]] = PastReview(r[1], r[2], r[3], r[4])  # the latest wins
    for item in data.items:  # spelled here, in the worker, not at every search on the UI thread
        data.search_key(item)
    return data


class _Spelled(dict[str, str]):
    """Texts as ``spell`` shows them, each spelled once."""

    def __init__(self, spell: Callable[[str], str]) -> None:
        super().__init__()
        self.spell = spell

    def __missing__(self, text: str) -> str:
        self[text] = shown = self.spell(text)
        return shown


class ReviewPage(ListDetailPage):
    COLUMNS = (
        QT_TRANSLATE_NOOP("ReviewPage", "住户"),
        QT_TRANSLATE_NOOP("ReviewPage", "户主"),
        QT_TRANSLATE_NOOP("ReviewPage", "状态"),
        QT_TRANSLATE_NOOP("ReviewPage", "待审核原因"),
        QT_TRANSLATE_NOOP("ReviewPage", "问题"),
        QT_TRANSLATE_NOOP("ReviewPage", "待处理冲突"),
        QT_TRANSLATE_NOOP("ReviewPage", "工作站"),
        QT_TRANSLATE_NOOP("ReviewPage", "送来时间"),
    )
    load = staticmethod(load_review)
    ALL_STATIONS = "*"
    RIGHT = (4, 5)

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(
            store,
            runner,
            account,
            parent,
            name="review",
            entry_name="review",
            list_title=self.tr("待审核住户"),
            headers=[self.tr(c) for c in self.COLUMNS],
            list_height=240,
        )
        self.data = ReviewData([])
        self.shown: list[ReviewItem] = []  # the items the filters let through, in the list's order
        self._spelled = (_Spelled(status_text), _Spelled(self._reason), _Spelled(local_time))
        self.item: ReviewItem | None = None

        # After a station's first batch the queue holds every household it surveyed: the clerk narrows it to one
        # station, looks at those with problems, and approves the rest at once.
        self.station_filter = QComboBox(self)
        self.station_filter.setObjectName("review_station_filter")
        self.station_filter.setAccessibleName(self.tr("按工作站筛选"))
        self.station_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.showing = QComboBox(self)
        self.showing.setObjectName("review_showing")
        self.showing.setAccessibleName(self.tr("显示哪些住户"))
        for key, label in SHOWING:
            self.showing.addItem(self.tr(label), key)
        self.approve_all_button = QPushButton(self.tr("批量审核通过(&B)…"), self)
        self.approve_all_button.setObjectName("approve_all_button")
        self.approve_all_button.setToolTip(
            self.tr("审核通过列表中已完成、没有冲突、检查没有发现问题的全部住户；其余的留在列表里逐户审核。")
        )
        self.approve_all_button.clicked.connect(self.ask_approve_all)
        # One family among 20,000 rows: its room, its 户主's name, or its site, typed.
        self.search = QLineEdit(self)
        self.search.setObjectName("review_search")
        self.search.setAccessibleName(self.tr("查找待审核住户"))
        self.search.setPlaceholderText(self.tr("查找：门牌、户主姓名或安置点"))
        self.search.setClearButtonEnabled(True)
        # Filtering 20,000 rows takes 50–100 ms: once typing pauses (as the 住户 search does), not on every key.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._show_filtered)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.search.returnPressed.connect(self._show_filtered)
        self.station_filter.currentIndexChanged.connect(lambda _index: self._show_filtered())
        self.showing.currentIndexChanged.connect(lambda _index: self._show_filtered())
        station_label = QLabel(self.tr("工作站(&S)："), self)
        station_label.setBuddy(self.station_filter)
        showing_label = QLabel(self.tr("显示(&W)："), self)
        showing_label.setBuddy(self.showing)
        filters = QHBoxLayout()
        for widget in (station_label, self.station_filter, showing_label, self.showing):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.approve_all_button)
        page_layout = self.layout()
        assert isinstance(page_layout, QBoxLayout)
        page_layout.insertLayout(2, filters)  # under the summary and the notice, over the list
        self.filters: tuple[QWidget, ...] = (station_label, self.station_filter, showing_label, self.showing)
        self.filters += (self.search, self.approve_all_button)
        self.empty = nothing_yet("review", self)
        page_layout.addWidget(self.empty)
        page_layout.addStretch(0)
        self.watch_search(self.search)
        self.table.activated.connect(lambda _index: self._open_household())

        self.detail_info = QLabel(self.detail)
        self.detail_info.setObjectName("review_info")
        self.detail_info.setWordWrap(True)
        self.findings = QListWidget(self.detail)
        self.findings.setObjectName("review_findings")
        self.findings.setAccessibleName(self.tr("检查发现的问题"))
        self.findings.setWordWrap(True)
        # Four findings at least, the list of households giving way: in a window 534 pixels high (1366×768 at 125%)
        # the list kept five households and the findings had room for two and a half.
        self.findings.setMinimumHeight((self.findings.fontMetrics().height() + 13) * 4 + 2)
        self.findings.setStyleSheet("QListWidget::item { border-bottom: 1px solid #e3e3e3; padding: 3px 2px; }")
        comment_label = QLabel(self.tr("审核意见(&M)（退回时必填，会随回执发给工作站）："), self.detail)
        self.comment = QPlainTextEdit(self.detail)
        self.comment.setObjectName("review_comment")
        self.comment.setAccessibleName(self.tr("审核意见"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 2 + 14)  # two lines; more scroll
        self.comment.setPlaceholderText(self.tr("例如：请补充户主的身份证号码"))
        comment_label.setBuddy(self.comment)
        self.approve_button = QPushButton(self.tr("审核通过(&A)"), self.detail)
        self.approve_button.setObjectName("approve_button")
        self.approve_button.clicked.connect(self.approve)
        self.return_button = QPushButton(self.tr("退回工作站(&R)"), self.detail)
        self.return_button.setObjectName("return_button")
        self.return_button.clicked.connect(self.return_to_station)
        self.open_button = QPushButton(self.tr("打开住户(&O)"), self.detail)
        self.open_button.setObjectName("review_open_household")
        self.open_button.clicked.connect(self._open_household)
        self.comment.textChanged.connect(self._update_buttons)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        actions.addWidget(self.return_button)
        actions.addWidget(self.approve_button)
        self.detail_layout.addWidget(self.detail_info)
        self.detail_layout.addWidget(self.findings, 1)
        self.detail_layout.addWidget(comment_label)
        self.detail_layout.addWidget(self.comment)
        self.detail_layout.addLayout(actions)

    def show_data(self, data: ReviewData) -> None:
        self.data = data
        problems = sum(1 for i in data.items if i.findings)
        self.summary.setText(
            self.tr("%1 户待审核，其中 %2 户检查发现问题。双击一行打开住户。")
            .replace("%1", str(len(data.items)))
            .replace("%2", str(problems))
            if data.items
            else self.tr("没有待审核的住户。")
        )
        chosen = self.station_filter.currentData()
        with QSignalBlocker(self.station_filter):
            self.station_filter.clear()
            self.station_filter.addItem(self.tr("全部工作站"), self.ALL_STATIONS)
            waiting = {i.station_id or "" for i in data.items}
            for station_id, name in sorted(data.stations.items(), key=lambda pair: pair[1]):
                if station_id in waiting:
                    self.station_filter.addItem(name, station_id)
            if "" in waiting:
                self.station_filter.addItem(self.tr("县里"), "")
            self.station_filter.setCurrentIndex(max(0, self.station_filter.findData(chosen)))
        # Nothing to review: what the page lists and when, in place of filters over an empty list and panel.
        for part in (*self.filters, self.splitter):
            part.setVisible(bool(data.items))
        self.empty.setVisible(not data.items)
        self.empty.setText("" if data.items else self._empty_text(data.imported))
        self.counted.emit(len(data.items))
        self._show_filtered(keep_row=True)

    def _empty_text(self, imported: bool) -> str:
        what = self.tr(
            "这里列出等县里审核的住户：工作站送来修改的住户（新登记的也算），和有冲突的住户。"
            "导入工作站的批次后，这些住户就列在这里，标签上显示户数，例如「审核（12）」。"
        )
        if imported:
            return what + "\n\n" + self.tr("送来的住户都已审核（通过或退回）。现在不用做什么：下一批导入后再来看看。")
        return (
            what
            + "\n\n"
            + self.tr("还没有导入过工作站的批次。先在「工作站」页登记工作站，再在「同步」页导入它们送来的批次。")
        )

    def _show_filtered(self, keep_row: bool = False) -> None:
        """Fill the list as filtered: from its first row when a filter changed, else (``keep_row``, the list read
        again) on the household shown before, or the one that took its row after a decision."""
        station, showing = self.station_filter.currentData(), self.showing.currentData()
        typed = ListSearch(self.search.text())
        filtered = [
            item
            for item in self.data.items
            if (station in (None, self.ALL_STATIONS) or (item.station_id or "") == station)
            and self._wanted(item, showing)
        ]
        self.shown = [
            item
            for item in filtered
            if not typed or typed.finds(self.data.search_key(item), (self.data.heads.get(item.household_id),))
        ]
        # A county's first batches queue tens of thousands of households: what many rows share (a status, a
        # station, the time a batch was imported) is spelled once, and only for the rows that come on screen.
        self._spelled = (_Spelled(status_text), _Spelled(self._reason), _Spelled(local_time))
        row = self.fill(self.shown, searched=len(filtered), unsearched=self._unsearched(len(filtered)))
        clean = sum(1 for item in self.shown if self._approvable_unread(item))
        self.approve_all_button.setEnabled(clean > 0)
        self.approve_all_button.setText(
            self.tr("批量审核通过（%1 户）(&B)…").replace("%1", str(clean)) if clean else self.tr("批量审核通过(&B)…")
        )
        self.select_row(len(self.shown), row if keep_row else 0)

    def _unsearched(self, count: int) -> str:
        """What clearing the search lists: with a station or a 显示 filter chosen, not every household waiting but
        those the filters let through, said with their number (“者海镇工作站”中“有问题或冲突的” 3 户)."""
        chosen = [
            combo.currentText()
            for combo, everything in ((self.station_filter, self.ALL_STATIONS), (self.showing, "all"))
            if combo.currentData() not in (None, everything)
        ]
        if not chosen:
            return self.tr("全部 %1 户").replace("%1", str(count))
        named = self.tr("、").join(self.tr("“%1”").replace("%1", text) for text in chosen)
        return self.tr("按%1筛选出的 %2 户").replace("%1", named).replace("%2", str(count))

    def row_key(self, item: ReviewItem) -> str:
        return item.household_id

    def row_texts(self, item: ReviewItem) -> tuple[str, ...]:
        status_names, reason_names, times = self._spelled
        return (
            item.household,
            self.data.heads.get(item.household_id, ""),
            status_names[item.status],
            reason_names[item.reason],
            str(len(item.findings)),
            str(item.open_conflicts),
            self.data.stations.get(item.station_id or "", self.tr("县里")),
            times[item.flagged_at],
        )

    def row_look(self, item: ReviewItem, column: int, role: int) -> QColor | None:
        """The 问题 count in red when the rules found an error, the 待处理冲突 count when there is one."""
        if role != Qt.ItemDataRole.ForegroundRole:
            return None
        if column == 4 and any(f.get("severity") == "error" for f in item.findings):
            return RED
        return RED if column == 5 and item.open_conflicts else None

    def _reason(self, reason: str) -> str:
        return ui_text(*words(REVIEW_REASONS, reason))

    @classmethod
    def _wanted(cls, item: ReviewItem, showing: str) -> bool:
        if showing == "clean":
            return cls._approvable_unread(item)
        if showing == "attention":
            return bool(item.findings or item.open_conflicts)
        return True

    @staticmethod
    def _approvable_unread(item: ReviewItem) -> bool:
        """What `approve_clean` approves, as the list last saw it (it checks again as it approves)."""
        return item.status in APPROVABLE_UNREAD and not item.findings and not item.open_conflicts

    def show_row(self, row: int) -> None:
        self.findings.clear()
        self.comment.clear()
        if not 0 <= row < len(self.shown):
            self.item = None
            self.clear_detail()
            self.detail_info.setText("")
            return
        item = self.item = self.shown[row]
        self.detail.setEnabled(True)
        head = self.data.heads.get(item.household_id)
        title = self.tr("%1　户主：%2") if head else "%1"  # English punctuation in English ("Household head: 杨开荣")
        self.detail_title.setText(title.replace("%1", item.household).replace("%2", head or ""))
        info = []
        if item.open_conflicts:
            info.append(
                self.tr("该户还有 %1 处冲突未处理（见“冲突”页），处理后才能审核通过。").replace(
                    "%1", str(item.open_conflicts)
                )
            )
        errors = sum(1 for f in item.findings if f.get("severity") == "error")
        if errors:
            info.append(
                self.tr("检查发现 %1 个错误，不能审核通过：请退回工作站并写明要改什么，或打开住户改正。").replace(
                    "%1", str(errors)
                )
            )
        past = self.data.last_review.get(item.household_id)
        if past is not None:
            said = (
                self.tr("上次审核：%1 %2 %3")
                .replace("%1", local_time(past.at))
                .replace("%2", past.reviewer)
                .replace("%3", self.tr(DECISIONS.get(past.decision, past.decision)))
            )
            if past.comment:  # “… Returned (add the ID number)” in English, its brackets not the Chinese ones
                said = self.tr("%1（%2）").replace("%2", past.comment).replace("%1", said)
            info.append(said)
        self.detail_info.setText("\n".join(info))
        self.detail_info.setVisible(bool(info))
        if not item.findings:
            QListWidgetItem(self.tr("检查没有发现问题。"), self.findings).setForeground(QColor("#2e7d32"))
        for finding in item.findings:
            label, colour = SEVERITY.get(str(finding.get("severity")), ("提醒", "#9a6700"))
            zh, en = str(finding.get("zh", "")), str(finding.get("en", ""))
            entry = QListWidgetItem(f"[{self.tr(label)}] {ui_text(zh, en)}", self.findings)
            entry.setForeground(QColor(colour))
            entry.setToolTip(en if ui_text(zh, en) == zh else zh)  # the other language, for the phone call
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.item is not None
        # What the county may not approve (`sync.county_review.approve_household` refuses it too, as of now).
        blocked = self.item is not None and (
            self.item.open_conflicts > 0 or any(f.get("severity") == "error" for f in self.item.findings)
        )
        self.approve_button.setEnabled(has and not blocked)
        # A return without saying what to fix leaves the station guessing: the comment is required.
        self.return_button.setEnabled(has and bool(self.comment.toPlainText().strip()))
        self.open_button.setEnabled(has)

    def approve(self) -> None:
        if self.item is None:
            return
        store, actor, household = self.store, self.account.username, self.item.household_id
        comment, label = self.comment.toPlainText().strip(), self.item.household

        def work(_progress: Progress) -> str:
            return approve_household(store, household, actor, comment)

        message = self.tr("%1 已审核通过，结果会随下次回执到达工作站。").replace("%1", label)
        self.run_decision(work, lambda _review_id: message, (self.approve_button, self.return_button))

    def return_to_station(self) -> None:
        if self.item is None:
            return
        comment = self.comment.toPlainText().strip()
        if not comment:
            self.notice.error(self.tr("退回住户时请写明需要修改什么。"), "Say what to fix when returning a household.")
            return
        store, actor, household, label = self.store, self.account.username, self.item.household_id, self.item.household

        def work(_progress: Progress) -> str:
            return return_household(store, household, actor, comment)

        message = self.tr("%1 已退回，意见会随下次回执到达工作站。").replace("%1", label)
        self.run_decision(work, lambda _review_id: message, (self.approve_button, self.return_button))

    def ask_approve_all(self) -> None:
        """Approve every household of the list as filtered that needs no reading, after saying how many."""
        ids = [item.household_id for item in self.shown if self._approvable_unread(item)]
        if not ids:
            return
        text = (
            self.tr(
                "将审核通过列表中 %1 户：已完成、没有冲突、检查没有发现问题。其余 %2 户留在列表里逐户审核。"
                "结果会随下次回执到达各工作站。"
            )
            .replace("%1", str(len(ids)))
            .replace("%2", str(len(self.shown) - len(ids)))
        )
        buttons = (self.tr("审核通过 %1 户(&A)").replace("%1", str(len(ids))), self.tr("取消(&C)"))
        title = self.tr("批量审核通过")
        approve = partial(self.approve_all, ids)
        confirm(self, "confirm_approve_all", QMessageBox.Icon.Question, title, text, buttons, approve)

    def approve_all(self, household_ids: list[str]) -> None:
        store, actor = self.store, self.account.username

        def work(_progress: Progress) -> BulkApproval:
            return approve_clean(store, actor, household_ids)

        def message(done: BulkApproval) -> str:
            text = self.tr("已审核通过 %1 户，结果会随下次回执到达工作站。").replace("%1", str(done.approved))
            if done.left:  # something changed since the list was read: say what stayed, and why
                text += self.tr("另有 %1 户刚有变化，留在列表里逐户审核。").replace("%1", str(done.left))
            return text

        # Thousands of households are checked again and approved in one go: several seconds on a county's laptop.
        self.notice.info(self.tr("正在审核通过 %1 户，请稍候……").replace("%1", str(len(household_ids))))
        self.run_decision(work, message, (self.approve_all_button, self.approve_button, self.return_button))

    def _open_household(self) -> None:
        if self.item is not None:
            self.open_household.emit(self.item.household_id)

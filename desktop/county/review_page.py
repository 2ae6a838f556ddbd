"""审核: households an import (or a conflict) put on the county's queue, with what the household rules found.
The clerk approves, or returns the household with a comment saying what to fix; either reaches the station in its
next return file (`sync.county_admin.approve_household` / `return_household`). Any household opens in the editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)
from sqlalchemy import select

from desktop.county.common import local_time, ui_text
from desktop.county.list_page import ListDetailPage
from desktop.tasks import Progress, TaskRunner
from forms.records import Member, Review
from forms.store import Store
from forms.users import Account
from sync.county_admin import ReviewItem, approve_household, list_stations, return_household, review_queue

REASONS = {
    "imported": QT_TRANSLATE_NOOP("ReviewPage", "工作站送来修改"),
    "conflict": QT_TRANSLATE_NOOP("ReviewPage", "有冲突"),
}
DECISIONS = {
    "approve": QT_TRANSLATE_NOOP("ReviewPage", "已审核通过"),
    "return": QT_TRANSLATE_NOOP("ReviewPage", "已退回"),
}
#: A household's status is stored in Chinese (`forms.search.STATUSES`); shown through tr().
STATUS_NAMES = (
    QT_TRANSLATE_NOOP("ReviewPage", "草稿"),
    QT_TRANSLATE_NOOP("ReviewPage", "已完成"),
    QT_TRANSLATE_NOOP("ReviewPage", "已审核"),
    QT_TRANSLATE_NOOP("ReviewPage", "退回"),
    QT_TRANSLATE_NOOP("ReviewPage", "作废"),
)
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


def load_review(store: Store) -> ReviewData:
    data = ReviewData(review_queue(store))
    data.stations = {s.id: s.name for s in list_stations(store)}
    ids = [i.household_id for i in data.items]
    if not ids:
        return data
    with store.reading() as session:
        data.heads = dict(
            session.execute(
                select(Member.household_id, Member.name).where(
                    Member.household_id.in_(ids), Member.relation == "户主", Member.deleted_at.is_(None)
                )
            ).all()
        )
        for r in session.execute(
            select(Review.household_id, Review.decision, Review.comment, Review.reviewer, Review.at)
            .where(Review.household_id.in_(ids), Review.deleted_at.is_(None))
            .order_by(Review.at)
        ):
            data.last_review[r[0]] = PastReview(r[1], r[2], r[3], r[4])  # the latest wins
    return data


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
            list_height=300,
        )
        self.data = ReviewData([])
        self.item: ReviewItem | None = None
        self.table.activated.connect(lambda _index: self._open_household())

        self.detail_info = QLabel(self.detail)
        self.detail_info.setObjectName("review_info")
        self.detail_info.setWordWrap(True)
        self.findings = QListWidget(self.detail)
        self.findings.setObjectName("review_findings")
        self.findings.setAccessibleName(self.tr("检查发现的问题"))
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet("QListWidget::item { border-bottom: 1px solid #e3e3e3; padding: 3px 2px; }")
        comment_label = QLabel(self.tr("审核意见（退回时必填，会随回执发给工作站）："), self.detail)
        self.comment = QPlainTextEdit(self.detail)
        self.comment.setObjectName("review_comment")
        self.comment.setAccessibleName(self.tr("审核意见"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(64)
        self.comment.setPlaceholderText(self.tr("例如：请补充户主的身份证号码"))
        comment_label.setBuddy(self.comment)
        self.approve_button = QPushButton(self.tr("审核通过"), self.detail)
        self.approve_button.setObjectName("approve_button")
        self.approve_button.clicked.connect(self.approve)
        self.return_button = QPushButton(self.tr("退回工作站"), self.detail)
        self.return_button.setObjectName("return_button")
        self.return_button.clicked.connect(self.return_to_station)
        self.open_button = QPushButton(self.tr("打开住户"), self.detail)
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
        self.table.setRowCount(len(data.items))
        for r, item in enumerate(data.items):
            errors = sum(1 for f in item.findings if f.get("severity") == "error")
            values = (
                item.household,
                data.heads.get(item.household_id, ""),
                self.tr(item.status),
                self.tr(REASONS.get(item.reason, item.reason)),
                str(len(item.findings)),
                str(item.open_conflicts),
                data.stations.get(item.station_id or "", self.tr("县里")),
                local_time(item.flagged_at),
            )
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.household_id)
                if c in (4, 5):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if (c == 4 and errors) or (c == 5 and item.open_conflicts):
                    cell.setForeground(QColor("#c62828"))
                self.table.setItem(r, c, cell)
        self.counted.emit(len(data.items))
        self.select_row(len(data.items))

    def show_row(self, row: int) -> None:
        self.findings.clear()
        self.comment.clear()
        if not 0 <= row < len(self.data.items):
            self.item = None
            self.clear_detail()
            self.detail_info.setText("")
            return
        item = self.item = self.data.items[row]
        self.detail.setEnabled(True)
        head = self.data.heads.get(item.household_id)
        self.detail_title.setText(f"{item.household}　{self.tr('户主')}：{head}" if head else item.household)
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
            info.append(
                self.tr("上次审核：%1 %2 %3")
                .replace("%1", local_time(past.at))
                .replace("%2", past.reviewer)
                .replace("%3", self.tr(DECISIONS.get(past.decision, past.decision)))
                + (f"（{past.comment}）" if past.comment else "")
            )
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
        # What the county may not approve (`sync.county_admin.approve_household` refuses it too, as of now).
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

    def _open_household(self) -> None:
        if self.item is not None:
            self.open_household.emit(self.item.household_id)

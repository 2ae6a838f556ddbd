"""县级: the county clerk's screens — stations, conflicts, duplicate persons, review — as tabs of one page.

Each tab reads through its headless module (`sync.county_stations`, `sync.county_conflicts`, `sync.duplicates`,
`sync.county_review`) in the task runner and acts through it, so every decision is a
county change that reaches the stations in their next return file. The tab titles carry what is waiting.
On a database that is not a county's (a station's, or the demo) the page says so once, with the command that
makes one, instead of four tabs that each fail to read.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from desktop.county.common import Notice, error_texts
from desktop.county.conflicts_page import ConflictsPage
from desktop.county.duplicates_page import DuplicatesPage
from desktop.county.review_page import ReviewPage
from desktop.county.stations_page import StationsPage
from desktop.tasks import TaskRunner
from forms.errors import AnjuError
from forms.store import Store
from forms.users import Account
from sync.identity import require_county

__all__ = ["ConflictsPage", "CountyPage", "DuplicatesPage", "ReviewPage", "StationsPage"]


class CountyPage(QWidget):
    open_household = Signal(str)

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("county_page")
        self.store = store
        self.runner = runner
        self.stations = StationsPage(store, runner, self, account=account)
        self.conflicts = ConflictsPage(store, runner, account, self)
        self.duplicates = DuplicatesPage(store, runner, account, self)
        self.review = ReviewPage(store, runner, account, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("county_tabs")
        self.tabs.setStyleSheet("QTabBar::tab { font-size: 14px; padding: 6px 14px; }")
        self.titles = (self.tr("工作站"), self.tr("冲突"), self.tr("重复人员"), self.tr("审核"))
        self.pages: tuple[StationsPage | ConflictsPage | DuplicatesPage | ReviewPage, ...] = (
            self.stations,
            self.conflicts,
            self.duplicates,
            self.review,
        )
        counts = (self.stations.counted, self.conflicts.counted, self.duplicates.counted, self.review.counted)
        for index, (page, counted) in enumerate(zip(self.pages, counts, strict=True)):
            self.tabs.addTab(page, self.titles[index])
            counted.connect(lambda count, index=index: self._show_count(index, count))
        for opener in (self.conflicts, self.duplicates, self.review):
            opener.open_household.connect(self.open_household)
        # Settling a conflict changes the review queue, a merge can end a conflict: re-read a tab when it is shown.
        self.tabs.currentChanged.connect(lambda index: self.pages[index].refresh())
        self.not_county_panel = QWidget(self)
        explain = QLabel(
            self.tr("县级页面汇总各工作站送来的数据：工作站、冲突、重复人员和审核。"), self.not_county_panel
        )
        explain.setStyleSheet("font-size: 14px;")
        self.not_county = Notice("county_not_county", self.not_county_panel)
        panel_layout = QVBoxLayout(self.not_county_panel)
        panel_layout.addWidget(explain)
        panel_layout.addWidget(self.not_county)
        panel_layout.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.not_county_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Re-read every tab (each in the task runner), so the counts in the tab titles are current — on a county
        database; on any other, say what it is and how to make a county one."""
        store = self.store
        self.runner.start(
            lambda _progress: county_problem(store), on_done=self._show, on_error=self._failed, owner=self
        )

    def _show(self, problem: AnjuError | None) -> None:
        if problem is not None:
            self.not_county.error(problem.zh, problem.en)
            self.stack.setCurrentWidget(self.not_county_panel)
            return
        self.stack.setCurrentWidget(self.tabs)
        for page in self.pages:
            page.refresh()

    def _failed(self, exc: BaseException, _traceback: str) -> None:
        self.not_county.error(*error_texts(exc))
        self.stack.setCurrentWidget(self.not_county_panel)

    def _show_count(self, index: int, count: int) -> None:
        title = self.titles[index]
        # “Conflicts (4)” in English: the Chinese brackets there were drawn with spaces inside, “Conflicts ( 4 )”.
        counted = self.tr("%1（%2）").replace("%2", str(count)).replace("%1", title)
        self.tabs.setTabText(index, counted if count and index else title)


def county_problem(store: Store) -> AnjuError | None:
    """Why this database cannot show the county screens (not a county database), or None when it can."""
    try:
        with store.engine.connect() as conn:
            require_county(conn, store)
    except AnjuError as problem:
        return problem
    return None

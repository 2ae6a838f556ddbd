"""县级: the county clerk's screens — stations, conflicts, duplicate persons, review — as tabs of one page.

Each tab reads through `sync.county_admin` in the task runner and acts through it, so every decision is a
county change that reaches the stations in their next return file. The tab titles carry what is waiting.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.county.conflicts_page import ConflictsPage
from desktop.county.duplicates_page import DuplicatesPage
from desktop.county.review_page import ReviewPage
from desktop.county.stations_page import StationsPage
from desktop.tasks import TaskRunner
from forms.store import Store
from forms.users import Account

__all__ = ["ConflictsPage", "CountyPage", "DuplicatesPage", "ReviewPage", "StationsPage"]


class CountyPage(QWidget):
    open_household = Signal(str)

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("county_page")
        self.stations = StationsPage(store, runner, self)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Re-read every tab (each in the task runner), so the counts in the tab titles are current."""
        for page in self.pages:
            page.refresh()

    def _show_count(self, index: int, count: int) -> None:
        title = self.titles[index]
        self.tabs.setTabText(index, f"{title}（{count}）" if count and index else title)

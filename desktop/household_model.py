"""The 住户 table's model: a list of household ids from SQL, display rows fetched a page at a time.

Like Anki's browser model, the model holds ids, not rows. Filtering and sorting run in the task runner (off the
UI thread): as SQL, but 楼栋单元门牌 door by door in Python, its numbers as numbers (`forms.household_list.
in_door_order`); the rows on screen are fetched in pages of `PAGE` ids, a few milliseconds each, into a small
cache. A newer filter supersedes an older one still running: only the latest result is shown.

At start-up the model may begin with the first page of the default view, read with plain sqlite3
(`forms.quick_open`) before the store has loaded; `attach_store` then fetches every id, and the rows already on
screen stay where they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from desktop.i18n import QT_TRANSLATE_NOOP, site_named
from desktop.tasks import Progress, TaskRunner
from forms.household_list import HouseholdFilter, HouseholdRow

if TYPE_CHECKING:  # the store and the search load after the first page is on screen
    from forms.quick_open import FirstPage
    from forms.search import HouseholdsHeld
    from forms.store import Store

PAGE = 100
MOVED_AWAY_GREY = "#8e8e8e"  # as a 作废 status is shown: kept, but no longer counted here
CACHE_LIMIT = 2_000

Index = QModelIndex | QPersistentModelIndex

# (header, row attribute, sort key in forms.search); headers are translated where shown (headerData)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "户主"), "head_name", "head_name"),
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "证件号码"), "head_id_number", "head_id_number"),
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "安置点"), "site", "site"),
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "楼栋单元门牌"), "address", "address"),
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "人数"), "members", "members"),
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "联系电话"), "phone", "phone"),
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "状态"), "status", "status"),
    (QT_TRANSLATE_NOOP("HouseholdTableModel", "户编号"), "hh_number", "hh_number"),
)
# The stored statuses (forms.search.STATUSES) as shown in the table and the status filter: see status_text.
STATUS_TEXTS = (
    QT_TRANSLATE_NOOP("HouseholdTableModel", "草稿"),
    QT_TRANSLATE_NOOP("HouseholdTableModel", "已完成"),
    QT_TRANSLATE_NOOP("HouseholdTableModel", "已审核"),
    QT_TRANSLATE_NOOP("HouseholdTableModel", "退回"),
    QT_TRANSLATE_NOOP("HouseholdTableModel", "作废"),
)


def status_text(status: str) -> str:
    """A stored household status (草稿, 已完成, …) in the UI language, wherever a status is shown."""
    return QCoreApplication.translate("HouseholdTableModel", status)


class HouseholdTableModel(QAbstractTableModel):
    loading = Signal(bool)
    counted = Signal(int)  # how many households match the current filter
    failed = Signal(str)

    def __init__(
        self, store: Store | None, runner: TaskRunner, parent: Any = None, *, first_page: FirstPage | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.ids: list[str] = list(first_page.ids) if first_page else []
        self._cache: dict[str, HouseholdRow] = dict(first_page.rows) if first_page else {}
        self._filter = HouseholdFilter()
        self._sort = ("address", False)
        self._generation = 0
        self.pending = False  # a filter is being answered: the ids are still the previous filter's
        #: The households the database holds, read when the filter found none (`desktop.first_step` says why).
        self.held: HouseholdsHeld | None = None

    def attach_store(self, store: Store) -> None:
        """The store has loaded: fetch the ids of the current filter (typed meanwhile, or the default view)."""
        self.store = store
        self.refresh()

    # ---- Qt model API ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        shown = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole)
        if not index.isValid() or role not in shown:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:  # 已迁出: found by a search, no longer this station's
            return QColor(MOVED_AWAY_GREY) if row.moved_to else None
        attribute = COLUMNS[index.column()][1]
        if row.moved_to and attribute == "site":
            return self.moved_away_text(row.moved_to, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        value = getattr(row, attribute)
        if value is None:
            return ""
        return self.status_text(value) if attribute == "status" else str(value)

    def moved_away_text(self, site: str, *, tooltip: bool) -> str:
        """The 安置点 cell of a household moved to another station's site: where it went, and (on hover) what that
        means for the worker."""
        site = site_named(site)  # 新村 (S2) in English
        if tooltip:
            return self.tr(
                "本户已迁出到“%1”，由服务该安置点的工作站跟进，不计入本站的统计和待跟进名单。打开后只能查看。"
            ).replace("%1", site)
        return self.tr("已迁出到 %1").replace("%1", site)

    def status_text(self, status: str) -> str:
        return status_text(status)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (COLUMNS[column][2], order == Qt.SortOrder.DescendingOrder)
        self.refresh()

    # ---- ids and rows ---------------------------------------------------------------------------------------

    def household_id(self, row: int) -> str | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_at(self, row: int) -> HouseholdRow | None:
        household = self.household_id(row)
        if household is None:
            return None
        if household not in self._cache:
            self._fetch_page(row)
        return self._cache.get(household)

    def _fetch_page(self, row: int) -> None:
        """Fetch the page around ``row`` (one indexed query of PAGE ids: well under a frame)."""
        if self.store is None:  # only the first page is known until the store has loaded
            return
        start = max(0, row - PAGE // 4)
        wanted = [i for i in self.ids[start : start + PAGE] if i not in self._cache]
        from forms.search import household_rows

        if len(self._cache) + len(wanted) > CACHE_LIMIT:
            self._cache.clear()
        with self.store.reading() as session:
            self._cache.update(household_rows(session, wanted))

    def forget(self, household: str) -> None:
        """Drop one household's cached row after it was edited, so the table shows the saved values."""
        self._cache.pop(household, None)
        if household in self.ids:
            row = self.ids.index(household)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # ---- filtering ----------------------------------------------------------------------------------------------

    @property
    def current_filter(self) -> HouseholdFilter:
        return self._filter

    def set_filter(self, flt: HouseholdFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Re-run the filter in the background; the newest request wins."""
        self._generation += 1
        generation = self._generation
        flt, (sort, descending) = self._filter, self._sort
        store = self.store
        if store is None:
            return  # attach_store runs it

        def work(progress: Progress) -> tuple[list[str], HouseholdsHeld | None]:
            from forms.search import household_ids, households_held

            progress.check()
            with store.reading() as session:
                ids = household_ids(session, flt, sort, descending)
                # An empty list says why: none yet, only voided ones, or none at the station's sites.
                return ids, None if ids else households_held(session.connection())

        self.pending = True
        self.loading.emit(True)
        self.runner.start(
            work,
            on_done=lambda read: self._apply(generation, *read),
            on_error=lambda exc, _tb: self._fail(generation, exc),
            owner=self,
            droppable=True,
        )

    def _fail(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.pending = False
        self.failed.emit(str(exc))

    def _apply(self, generation: int, ids: list[str], held: HouseholdsHeld | None = None) -> None:
        if generation != self._generation:
            return  # a newer filter is on its way
        self.pending = False
        self.held = held
        shown = len(self.ids)
        if shown and ids[:shown] == self.ids:
            # The first page from start-up, or an unchanged view refreshed: keep the rows, scroll position and
            # selection, and add the rest below. Cached rows may be stale after a refresh: fetch them again.
            self._cache.clear()
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self.ids = ids
                self.endInsertRows()
            self.dataChanged.emit(self.index(0, 0), self.index(shown - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self.ids = ids
            self._cache.clear()
            self.endResetModel()
        self.loading.emit(False)
        self.counted.emit(len(ids))

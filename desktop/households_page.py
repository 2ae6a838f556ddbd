"""住户: every household in a table that filters as you type; 打印户表 prints the 家庭基本情况表 of the households
chosen in it (or of every one it lists) into one workbook, through the editor's dialog (`household_sheet`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.first_step import STATION_ADMIN, households_empty
from desktop.fitted_columns import FittedTable
from desktop.household_model import HouseholdTableModel
from desktop.i18n import site_with_code
from desktop.table_headers import wrap_headers
from desktop.tasks import TaskRunner
from forms.clock import computer_today
from forms.file_names import EXPORT_PART, household_in_file_name
from forms.household_list import STATUSES, HouseholdFilter, HouseholdRow

if TYPE_CHECKING:
    from desktop.editor.household_sheet import HouseholdSheetDialog
    from forms.quick_open import FirstPage
    from forms.store import Store

TYPING_PAUSE_MS = 120  # wait for a short pause in typing before asking the database
SITE_COLUMN = 2  # 安置点, then 楼栋单元门牌: the columns that give way on a narrow screen (`FittedTable`)
PRINT_KEY = "Ctrl+P"  # 打印, as in the editor (`desktop.editor.household_sheet.SHORTCUT`)


def moved_of(ids: list[str], moved: dict[str, str], separator: str) -> tuple[int, str]:
    """How many of ``ids`` are 已迁出 (``moved``: household → the site it went to, named in the UI language), and
    where, for the dialog: the sites joined by ``separator``, the UI's (“新村 (S2), 旧村 (S3)” in English)."""
    sites = sorted({moved[household] for household in ids if household in moved})
    return sum(household in moved for household in ids), separator.join(sites)


class HouseholdsPage(QWidget):
    open_household = Signal(str)
    #: 新增住户: a household the survey finds that is not in the list yet (the site filtered to, or None)
    new_household = Signal(object)

    def __init__(
        self,
        store: Store | None,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        first_page: FirstPage | None = None,
        printing: bool = True,
        role: str = STATION_ADMIN,
    ) -> None:
        """``store`` may be None at start-up: the page then shows ``first_page`` until `attach_store`. ``printing``
        offers 打印户表 for the households chosen: for the roles that may export (`desktop.main_window`), since a
        list's sheets put many households' whole ID numbers into one loose file, as an export does. ``role``: who
        looks, told their own first step when there is no household (`desktop.first_step`)."""
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.role = role
        self.setObjectName("households_page")
        self.model = HouseholdTableModel(store, runner, self, first_page=first_page)

        self.search = QLineEdit(self)
        self.search.setObjectName("household_search")
        self.search.setPlaceholderText(self.tr("姓名 / 拼音首字母（如 zs）/ 证件号码 / 电话 / 门牌（如 3-2-301）"))
        self.search.setAccessibleName(self.tr("查找住户"))
        self.search.setToolTip(self.search.placeholderText())  # whole, where a narrow window cuts the hint (English)
        self.search.setClearButtonEnabled(True)
        self.site = QComboBox(self)
        self.site.setObjectName("site_filter")
        self.site.setAccessibleName(self.tr("安置点"))
        self.status = QComboBox(self)
        self.status.setObjectName("status_filter")
        self.status.setAccessibleName(self.tr("状态"))
        self.status.addItem(self.tr("全部状态"), None)
        for status in STATUSES:
            self.status.addItem(self.model.status_text(status), status)
        self.count = QLabel(self)
        self.count.setObjectName("household_count")
        self.empty = QLabel(self)  # what to try when nothing matches (an empty table says nothing by itself)
        self.empty.setObjectName("household_empty")
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.table = FittedTable(self)
        self.table.setObjectName("household_table")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.table.setAccessibleName(self.tr("住户列表"))
        wrap_headers(self.table)  # a long header (English ones) takes two lines, not the room of 户编号
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several households at once (Ctrl or Shift and a click, Ctrl+A), for 打印户表.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(26)
        # Each column as wide as what it usually holds, so that 户编号 (the last) is whole on a 1024 screen or 1366×768
        # at 125%: with 170 pixels for the 证件号码 and 150 for the 安置点 it was cut short, or off the right edge.
        # Where even that is too wide (English headers), 安置点 and 门牌 give way, whole in their tooltips.
        fits = self.table.fontMetrics().horizontalAdvance
        status_width = max(fits(self.model.status_text(s)) for s in STATUSES)
        samples = ("欧阳秀英", "53222319800802442X", "娜姑镇阳光社区安置", "12栋3单元1702", "10", "13800000000")
        self.table.squeezable = [SITE_COLUMN, SITE_COLUMN + 1]
        self.table.elide_at_the_start([SITE_COLUMN + 1])  # 门牌 keeps its room number
        # 户编号, the last, gives way last of all: in English on 1366×768 at 125% it ends in “…”, whole in its tooltip,
        # rather than a sideways scroll of a few pixels.
        natural = [*(fits(text) + 16 for text in samples), status_width + 16, fits("5" * 19) + 16]
        self.table.set_natural(natural, rest_to_last=True)
        # activated = double-click or Enter on a row (Qt's own keyboard handling of item views).
        self.table.activated.connect(lambda index: self._open(index.row()))

        # Alt+N on its face; Ctrl+Shift+N (from any screen) in its tooltip: spelled on the button it left the search
        # box's hint cut short on a 1024 screen.
        self.add_button = QPushButton(self.tr("新增住户(&N)"), self)
        self.add_button.setObjectName("new_household")
        self.add_button.setToolTip(self.tr("登记一户列表里还没有的住户（放在上面选的安置点）。快捷键 Ctrl+Shift+N。"))
        self.add_button.clicked.connect(lambda: self.new_household.emit(self.site.currentData()))

        # 打印户表 under the table, with what it will print: the filters' row keeps its room for the search box's hint.
        self.chosen = QLabel(self)
        self.chosen.setObjectName("household_chosen")
        self.chosen.setWordWrap(True)
        self.print_action = QAction(self.tr("打印户表(&P)…"), self)
        self.print_action.setObjectName("action_print_sheets")
        self.print_action.setShortcut(QKeySequence(PRINT_KEY))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(lambda: self.print_sheets())
        self.print_button = QPushButton(self.print_action.text(), self)
        self.print_button.setObjectName("print_sheets")
        self.print_button.setToolTip(
            self.tr(
                "把选中住户的家庭基本情况表写进一个 Excel 工作簿，每户一页，打印给户主核对签字或带去入户（%1）。"
                "按住 Ctrl 或 Shift 点选可以选多户，Ctrl+A 选中列出的全部。"
            ).replace("%1", PRINT_KEY)
        )
        self.print_button.clicked.connect(self.print_action.trigger)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        if printing:
            self.addAction(self.print_action)
        else:
            self.print_button.hide()
            self.chosen.hide()
        self.printing = printing

        find = QLabel(self.tr("查找(&F)："), self)  # Alt+F, as Ctrl+F from any screen
        find.setBuddy(self.search)
        filters = QHBoxLayout()
        filters.addWidget(find)
        filters.addWidget(self.search, 1)  # the filters as wide as their choices: the search box's hint is whole
        filters.addWidget(self.site)
        filters.addWidget(self.status)
        filters.addWidget(self.count)
        filters.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        below = QHBoxLayout()
        below.addWidget(self.chosen, 1)
        below.addWidget(self.print_button)
        layout.addLayout(below)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._typing.start)
        self.search.returnPressed.connect(self._focus_table)
        self.site.currentIndexChanged.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.model.counted.connect(lambda n: self.count.setText(self.tr("共 %n 户", "", n)))
        self.model.counted.connect(self._say_if_empty)
        self._select_first = False
        self.model.counted.connect(lambda _n: self._select_first_row())
        if first_page is not None:
            self.count.setText(self.tr("共 %n 户", "", first_page.total))
        self.table.selectionModel().selectionChanged.connect(self._say_chosen)
        self.model.modelReset.connect(self._say_chosen)
        self._say_chosen()
        self.reload_sites()

    def attach_store(self, store: Store) -> None:
        """The store has loaded (see `desktop.app`): the site list, then every id of the current filter."""
        self.store = store
        self.reload_sites()
        self.model.set_filter(self.current_filter())  # what was typed while loading counts too
        self.model.attach_store(store)

    def reload_sites(self) -> None:
        """Read the sites again, keeping the one chosen: an enrolment package or a return file brings new ones."""
        chosen = self.site.currentData()
        self.site.blockSignals(True)
        self.site.clear()
        self.site.addItem(self.tr("全部安置点"), None)
        if self.store is not None:
            from forms.search import sites

            with self.store.reading() as session:
                for site_id, name in sites(session):
                    self.site.addItem(name, site_id)
        self.site.setCurrentIndex(max(0, self.site.findData(chosen)))
        self.site.blockSignals(False)
        if self.site.currentData() != chosen:  # the site chosen is gone: the list shows every site again
            self.apply_filter()

    def current_filter(self) -> HouseholdFilter:
        return HouseholdFilter(
            text=self.search.text(), site_id=self.site.currentData(), status=self.status.currentData()
        )

    def apply_filter(self) -> None:
        self._typing.stop()
        self.model.set_filter(self.current_filter())

    def _say_if_empty(self, count: int) -> None:
        """An empty table says nothing by itself: say what was not found and what to try."""
        self.empty.setVisible(count == 0)
        if count:
            return
        flt = self.model.current_filter
        typed = flt.text.strip()
        if typed:
            text = self.tr(
                "没有找到“%1”。可以输入姓名、拼音首字母（如 zs）、证件号码、电话、门牌（如 3-2-301）或户编号。"
            ).replace("%1", typed)
        elif flt.site_id or flt.status:
            text = self.tr("没有住户。")
        elif self.model.held is not None:  # none in use at all: why (none yet, only voided ones) and what to do
            self.empty.setText(households_empty(self.model.held, self.role))
            return
        else:
            text = self.tr("没有住户。")
        if flt.site_id or flt.status:
            text += self.tr("只查了所选的安置点和状态：可改选“全部安置点”“全部状态”。")
        if typed and not flt.status:
            text += self.tr("作废的住户要在状态里选“作废”才列出。")
        self.empty.setText(text + self.tr("列表里没有的住户，点“新增住户”登记。"))

    def _focus_table(self) -> None:
        """Enter in the search box: open the household found, or with several, go to the first of them (once the
        filter has answered: the rows shown until then are the last search's, and Enter opened its household)."""
        self._select_first = True
        if self._typing.isActive() or self.model.current_filter != self.current_filter():
            self.apply_filter()
        elif not self.model.pending:
            self._select_first_row()

    def _select_first_row(self) -> None:
        if not self._select_first:
            return
        self._select_first = False
        self.table.setFocus()
        if self.model.rowCount():
            self.table.selectRow(0)
        if self.model.rowCount() == 1:
            self._open(0)

    def _open(self, row: int) -> None:
        household = self.model.household_id(row)
        if household is not None:
            self.open_household.emit(household)

    # ---- 打印户表 ---------------------------------------------------------------------------------------------------

    def chosen_ids(self) -> list[str]:
        """The households selected in the table, in its order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [household for household in map(self.model.household_id, rows) if household is not None]

    def _chosen_one(self) -> HouseholdRow | None:
        """The one household selected (its row is on screen, so in the model's cache), or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if len(rows) == 1 else None

    def _say_chosen(self) -> None:
        chosen = len(self.table.selectionModel().selectedRows())
        if chosen > 1:
            self.chosen.setText(self.tr("已选中 %n 户。", "", chosen))
        else:
            self.chosen.setText(self.tr("按住 Ctrl 或 Shift 点选可以选中多户，Ctrl+A 选中列出的全部，再点“打印户表”。"))

    def print_sheets(self, everything: bool = False) -> HouseholdSheetDialog | None:
        """打印家庭基本情况表 for the households selected, or (``everything``) for every one the list shows: the
        editor's dialog, with the choice between the two."""
        if not self.printing or self.store is None:
            return None
        from desktop.editor.household_sheet import Households, HouseholdSheetDialog  # the editor loads when first used

        chosen, shown = self.chosen_ids(), list(self.model.ids)
        one = self._chosen_one()
        head = one.head_name if one is not None and one.head_name else ""
        chosen_label = self.tr("选中的 %n 户", "", len(chosen))
        if head:  # “The 1 selected household (张开寿)” in English: Chinese brackets there are drawn spaced out
            chosen_label = self.tr("%1（%2）").replace("%2", head).replace("%1", chosen_label)
        # One household is named by its 户主 and 户编号 or 门牌: two 张开寿 of one site are two files. Several, by the
        # first one's 户主 and how many (张开寿等3户): each three chosen were 3户, the next three over the first.
        chosen_file = (
            household_in_file_name(one.head_name, one.hh_number, one.address, one.id[:8])
            if one is not None
            else self._households_named(chosen)
        )
        # In the file's name: 丰泽社区安置点-张开寿等120户, the site cut short so that the households stay in it.
        site = self.site.currentText()[:EXPORT_PART] if self.site.currentData() else ""
        shown_label = self.tr("列表中的全部 %n 户（当前查找条件下）", "", len(shown))
        shown_name = "-".join(filter(None, (site, self._households_named(shown))))
        moved = self._moved_away(shown)  # the dialog says what their sheets are: no signature block
        separator = self.tr("、")
        choices = [
            Households(
                "chosen",
                chosen_label,
                tuple(chosen),
                chosen_file,
                *moved_of(chosen, moved, separator),
            ),
            Households("shown", shown_label, tuple(shown), shown_name, *moved_of(shown, moved, separator)),
        ]
        first = "shown" if everything else "chosen"
        dialog = HouseholdSheetDialog(self, self.store, self.runner, choices, computer_today(), chosen=first)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _households_named(self, ids: list[str]) -> str:
        """``ids`` as the 家庭基本情况表's file name names them (`forms.file_names.households_named`), read as saved."""
        if not ids or self.store is None:
            return ""
        from forms.file_names import households_named

        with self.store.reading() as session:
            return households_named(session.connection(), ids, self.tr("%1等%n户", "", len(ids)))

    def _moved_away(self, ids: list[str]) -> dict[str, str]:
        """Which of ``ids`` are 已迁出 from this station, and where to (新村（S2）): none unless the list looks beyond
        the station's own sites (a search, a site chosen), as its default view lists none of them."""
        if self.store is None or not self.model.current_filter.looks_beyond_own_sites:
            return {}
        from sqlalchemy import select

        from forms.records import Household, Site
        from forms.station_sites import own_site_ids

        with self.store.reading() as session:
            own = own_site_ids(session.connection())
            if own is None:  # the county, a database not enrolled: every site is its own
                return {}
            # The households at others' sites are few (those that left), the list may hold a whole site's: ask
            # for the first and keep those listed (asking by the list's ids took 0.4 s for 21,000 households).
            query = (
                select(Household.id, Site.name, Site.code)
                .join(Site, Site.id == Household.site_id)
                .where(Household.site_id.not_in(sorted(own)))
            )
            listed = set(ids)
            return {
                household: site_with_code(name, code)
                for household, name, code in session.execute(query)
                if household in listed
            }

    def _context_menu(self, where: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("household_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        row = self.table.indexAt(where).row()
        if row >= 0:
            menu.addAction(self.tr("打开(&O)"), lambda: self._open(row))
        if self.printing:
            chosen, shown = len(self.chosen_ids()), self.model.rowCount()
            some = menu.addAction(self.tr("打印选中的 %n 户的户表(&P)…", "", chosen), lambda: self.print_sheets())
            some.setEnabled(chosen > 0)
            every = menu.addAction(
                self.tr("打印列表中全部 %n 户的户表(&A)…", "", shown), lambda: self.print_sheets(everything=True)
            )
            every.setEnabled(shown > 0)
        if not menu.isEmpty():
            menu.popup(self.table.viewport().mapToGlobal(where))

"""修改记录: the household open in the editor, change by change — who, when, what record, each field old → new
(`forms.household_history`). Read-only, for every role that can open the household; read off the UI thread, a page
at a time (更早的记录 loads the next), like the editor's other reads.

The editor gets it through `history_button` (a button beside the household's title, made by `toolbar`, and
Ctrl+H), so the editor's own code holds one line of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.household_history import PAGE, HistoryLine, HouseholdHistory, change_text, household_history
from forms.questionnaire import load_active
from forms.store import Store

from ..i18n import ui_text
from ..tasks import TaskRunner
from .toolbar import KeyedButtonRow, editor_action

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor

# Ctrl+H: "history", as browsers have it; no field of the editor takes it.
SHORTCUT = "Ctrl+H"


def read_page(store: Store, household_id: str, offset: int) -> HouseholdHistory | None:
    """One page of the household's history (on a worker thread)."""
    questionnaire = load_active(store)
    with store.engine.connect() as conn:
        return household_history(conn, household_id, questionnaire, offset=offset, limit=PAGE)


class HistoryDialog(QDialog):
    """The household's 修改记录, newest first; 更早的记录 adds the next page under the lines shown."""

    def __init__(self, store: Store, runner: TaskRunner, household_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.runner, self.household_id = store, runner, household_id
        self.setObjectName("history_dialog")
        self.setWindowTitle(self.tr("修改记录"))
        self.resize(980, 560)
        self.heading = QLabel(self.tr("正在读取修改记录…"), self)
        self.heading.setObjectName("history_heading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("history_table")
        self.table.setAccessibleName(self.tr("修改记录"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("操作人"), self.tr("操作"), self.tr("记录"), self.tr("修改内容")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.more = QPushButton(self.tr("更早的记录(&M)"), self)
        self.more.setObjectName("history_more")
        self.more.clicked.connect(self.load_more)
        self.more.hide()
        self.note = QLabel(self)
        self.note.setObjectName("history_note")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭(&C)"))
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.more)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.total = 0
        self.loading = False

    def load_more(self) -> None:
        """Read the next page (the first, when nothing is shown yet)."""
        if self.loading:
            return
        self.loading = True
        self.more.setEnabled(False)
        store, household_id, offset = self.store, self.household_id, self.table.rowCount()
        self.runner.start(
            lambda _progress: read_page(store, household_id, offset),
            on_done=self._show,
            on_error=self._failed,
            owner=self,
            droppable=True,
        )

    def _show(self, history: HouseholdHistory | None) -> None:
        self.loading = False
        if history is None:
            self.heading.setText(self.tr("找不到这一户，可能已被删除。"))
            return
        title = ui_text(*history.title)
        self.heading.setText(self.tr("%1 的修改记录，最新的在最上面。").replace("%1", title))
        self.setWindowTitle(self.tr("修改记录") + " — " + title)
        self.total = history.total
        start = self.table.rowCount()
        self.table.setRowCount(start + len(history.lines))
        for row, line in enumerate(history.lines, start):
            for column, text in enumerate(_cells(line)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        shown = self.table.rowCount()
        if not shown:
            self.note.setText(self.tr("还没有修改记录（新建的一户保存后才有）。"))
        else:
            listed = self.tr("共 %1 条，已列出 %2 条。")
            self.note.setText(listed.replace("%1", str(self.total)).replace("%2", str(shown)))
        self.more.setVisible(shown < self.total)
        self.more.setEnabled(True)

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.loading = False
        self.more.setEnabled(True)
        self.heading.setText(self.tr("读取修改记录失败：") + str(exc))


def _cells(line: HistoryLine) -> tuple[str, ...]:
    english = ui_text("zh", "en") == "en"
    changes = "\n".join(change_text(c, english) for c in line.changes)
    return line.when, ui_text(*line.who), ui_text(*line.action), ui_text(*line.what), changes


def open_history(editor: HouseholdEditor) -> HistoryDialog | None:
    """Show the 修改记录 of the household open in ``editor`` (nothing while none is), the field being typed saved
    first: its save is queued before the read, so the change is in the history."""
    household_id = editor.household_id
    if not household_id:
        return None
    editor.flush()
    dialog = HistoryDialog(editor.session.store, editor.session.runner, household_id, editor)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.load_more()
    return dialog


def history_button(editor: HouseholdEditor, row: KeyedButtonRow) -> QToolButton:
    """The editor's 修改记录 button in ``row``, and its shortcut while the focus is in the editor."""
    name = QCoreApplication.translate("HistoryDialog", "修改记录(&H)")
    tip = QCoreApplication.translate("HistoryDialog", "这一户的修改记录：谁在何时改了什么（%1）")
    return row.add_action(editor_action(editor, "history", name, [SHORTCUT], lambda: open_history(editor), tip))

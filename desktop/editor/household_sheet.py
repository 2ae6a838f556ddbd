"""打印户表: the household open in the editor as its 家庭基本情况表 (`forms.excel.export_household`), an A4 page to
print from Excel or WPS, for the 户主 to check and sign, or to take along on a visit.

The clerk says which copy it is, because the two differ in what they may show: 户主签字确认 (whole ID numbers and
phones: the 户主 confirms them, and the signed page goes into the household's paper file) or 入户携带 (脱敏: numbers
show only their ends, the page says it is not the one to sign). The first is chosen: it is what the page is for.

The editor gets it through `sheet_button` (a button beside 修改记录, and Ctrl+P, as 打印 is everywhere), so the
editor's own code holds one line of it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
)

from forms.file_names import safe_file_name

from ..county.common import error_texts
from ..i18n import ui_text
from ..import_outcome import open_in_system
from ..page_parts import action_button, default_folder

if TYPE_CHECKING:
    from forms.excel.export import ExportResult

    from ..tasks import Task
    from .household_editor import HouseholdEditor

# Ctrl+P: 打印, in every program; no field of the editor takes it.
SHORTCUT = "Ctrl+P"


class HouseholdSheetDialog(QDialog):
    """Which copy (签字确认 / 入户携带), then where to write it; the file written, and a button to open it."""

    def __init__(self, editor: HouseholdEditor, household_id: str, name: str, on: date) -> None:
        super().__init__(editor)
        self.editor, self.household_id, self.name, self.on = editor, household_id, name, on
        self.written: ExportResult | None = None
        self.setObjectName("household_sheet_dialog")
        self.setWindowTitle(self.tr("打印家庭基本情况表"))
        about = QLabel(
            self.tr(
                "把这一户写成一页 A4 的家庭基本情况表（Excel），在 Excel 或 WPS 里打印：户信息、家庭成员、"
                "当前就业、帮扶措施、最近一次走访，下面是户主签字栏。"
            ),
            self,
        )
        about.setWordWrap(True)
        self.whole = QRadioButton(self.tr("户主签字确认件：完整的证件号码和电话(&W)"), self)
        self.whole.setObjectName("sheet_whole")
        self.whole.setAccessibleName(self.tr("户主签字确认件"))
        self.whole.setToolTip(
            self.tr("户主核对本户信息（包括证件号码）后签字，签好的表归入本户档案。号码完整，请不要遗留在外。")
        )
        self.masked = QRadioButton(self.tr("入户携带件：脱敏，号码只显示首尾几位(&M)"), self)
        self.masked.setObjectName("sheet_masked")
        self.masked.setAccessibleName(self.tr("入户携带件（脱敏）"))
        self.masked.setToolTip(
            self.tr(
                "只带去看、不签字的一份：证件号码和电话只显示首尾几位，不列出生日期和健康状况，表上注明不作签字确认用。"
            )
        )
        self.whole.setChecked(True)  # the page is for the 户主 to confirm: a masked number cannot be confirmed
        self.result_label = QLabel(self)
        self.result_label.setObjectName("sheet_result")
        self.result_label.setWordWrap(True)
        self.open_button = action_button(self, "sheet_open", self.tr("打开文件(&O)"), self.open_file)
        self.open_button.hide()
        buttons = QDialogButtonBox(self)
        self.write_button = QPushButton(self.tr("写出并打开(&E)…"), self)
        self.write_button.setObjectName("sheet_write")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.pick_file)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭(&C)"))
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.whole)
        layout.addWidget(self.masked)
        layout.addWidget(self.result_label)
        layout.addLayout(bottom)
        self.resize(560, self.sizeHint().height())

    def default_name(self) -> str:
        """家庭基本情况表-张开寿-20261130.xlsx (-脱敏 on the masked copy: seen in the folder and on the stick)."""
        masked = "-" + self.tr("脱敏") if self.masked.isChecked() else ""
        title = safe_file_name(self.tr("家庭基本情况表"), "anju")
        return f"{title}-{safe_file_name(self.name, 'anju')}-{self.on:%Y%m%d}{masked}.xlsx"

    def pick_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("保存到"), str(Path(default_folder()) / self.default_name()), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if chosen:
            path = Path(chosen)
            self.write(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"), show=True)

    def write(self, path: Path, *, show: bool = False) -> Task[ExportResult]:
        """Write the sheet to ``path`` off the UI thread (after the field being typed is saved); ``show`` opens it."""
        from forms.excel.export import ExportOptions, export

        self.editor.flush()  # its save is queued before this, so the page has what is on the screen
        store, household_id, masked, on = self.editor.session.store, self.household_id, self.masked.isChecked(), self.on
        self.write_button.setEnabled(False)
        self.result_label.setText(self.tr("正在写出……"))
        options = ExportOptions(on=on, household_ids=(household_id,), masked=masked)
        return self.editor.session.runner.start(
            lambda _progress: export(store, "household", path, options),
            on_done=lambda result: self._written(result, show),
            on_error=self._failed,
            owner=self,
        )

    def _written(self, result: ExportResult, show: bool) -> None:
        self.written = result
        self.write_button.setEnabled(True)
        self.result_label.setText(self.tr("已写出：%1").replace("%1", str(result.path)))
        self.open_button.show()
        if show:
            self.open_file()

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.write_button.setEnabled(True)
        self.result_label.setText(ui_text(*error_texts(exc)))

    def open_file(self) -> None:
        if self.written is not None:
            open_in_system(self.written.path)


def open_sheet(editor: HouseholdEditor) -> HouseholdSheetDialog | None:
    """The 打印家庭基本情况表 dialog for the household open in ``editor`` (nothing while none is)."""
    household_id = editor.household_id
    if not household_id:
        return None
    draft = editor.session.draft
    head = next((m for m in draft.members if m.values.get("relation") == "户主"), None) if draft else None
    name = str(head.values.get("name") or "") if head is not None else ""
    dialog = HouseholdSheetDialog(editor, household_id, name or household_id[:8], editor.session.today)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def sheet_button(editor: HouseholdEditor) -> QToolButton:
    """The editor's 打印户表 button, and its shortcut while the focus is in the editor."""
    action = QAction(QCoreApplication.translate("HouseholdSheetDialog", "打印户表(&P)…"), editor)
    action.setObjectName("action_household_sheet")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda: open_sheet(editor))
    editor.addAction(action)
    button = QToolButton(editor)
    button.setObjectName("button_household_sheet")
    button.setDefaultAction(action)
    button.setText(f"{action.text()}  {SHORTCUT}")  # the key on the button, as on the toolbar's
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    tip = QCoreApplication.translate(
        "HouseholdSheetDialog", "这一户的家庭基本情况表：打印给户主核对签字，或带去入户（%1）"
    )
    button.setToolTip(tip.replace("%1", SHORTCUT))
    return button

"""打印户表: households as their 家庭基本情况表 (`forms.excel.export_household`), A4 pages to print from Excel or WPS,
for each 户主 to check and sign, or to take along on a visit — one household from the editor, or those chosen in
the 住户 list (`desktop.households_page`), each from a new page of one workbook.

The clerk says which copy it is, because the two differ in what they may show: 户主签字确认 (whole ID numbers and
phones: the 户主 confirms them, and the signed page goes into the household's paper file) or 入户携带 (脱敏: numbers
show only their ends, the page says it is not the one to sign). The first is chosen: it is what the page is for.

The editor gets it through `sheet_button` (a button beside 修改记录, and Ctrl+P, as 打印 is everywhere), so the
editor's own code holds one line of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.file_names import export_file_name, household_in_file_name
from forms.household_list import address_of

from ..county.common import Notice
from ..i18n import site_named, ui_text
from ..import_outcome import open_in_system
from ..page_parts import WorkProgress, action_button, default_folder, step_reporter
from ..tasks import Cancelled, Progress, TaskRunner
from .dialogs import grow_to_fit
from .toolbar import KeyedButtonRow, editor_action

if TYPE_CHECKING:
    from forms.excel.export import ExportResult
    from forms.store import Store

    from ..tasks import Task
    from .household_editor import HouseholdEditor

# Ctrl+P: 打印, in every program; no field of the editor takes it.
SHORTCUT = "Ctrl+P"


@dataclass(frozen=True)
class Households:
    """Households the dialog may print: ``key`` names its choice (``sheet_<key>``), ``label`` says which they are
    (选中的 3 户), ``file_label`` goes into the file's name (3户; one household by its 户主 and 户编号 or 门牌:
    `forms.file_names.household_in_file_name`). ``moved`` of them are 已迁出 from
    this station, to the sites ``moved_to`` names (新村（S2）): their sheets are the station's old copy, with no
    signature block (`forms.excel.export_household`), and the dialog must not promise one."""

    key: str
    label: str
    ids: tuple[str, ...]
    file_label: str
    moved: int = 0
    moved_to: str = ""

    @property
    def all_moved(self) -> bool:
        return bool(self.ids) and self.moved >= len(self.ids)


class HouseholdSheetDialog(QDialog):
    """Which households (when there is a choice), which copy (签字确认 / 入户携带), then where to write them; the
    file written, and a button to open it."""

    def __init__(
        self,
        parent: QWidget,
        store: Store,
        runner: TaskRunner,
        choices: Sequence[Households],
        on: date,
        *,
        chosen: str | None = None,
        before_write: Callable[[], None] | None = None,
    ) -> None:
        """``chosen`` is the key of the choice checked at first (none: the clerk picks); ``before_write`` runs on the
        UI thread before each write (the editor saves the field being typed)."""
        super().__init__(parent)
        self.store, self.runner, self.choices, self.on = store, runner, tuple(choices), on
        self.before_write = before_write
        self.written: ExportResult | None = None
        self.task: Task[ExportResult] | None = None
        self.setObjectName("household_sheet_dialog")
        self.setWindowTitle(self.tr("打印家庭基本情况表"))
        about = self.about = QLabel(self)
        about.setObjectName("sheet_about")
        about.setWordWrap(True)
        self.which = QButtonGroup(self)
        self.which_box = QGroupBox(self.tr("打印哪些户"), self)
        self.which_box.setObjectName("sheet_which")
        which_layout = QVBoxLayout(self.which_box)
        for index, choice in enumerate(self.choices):
            radio = QRadioButton(choice.label, self.which_box)
            radio.setObjectName(f"sheet_{choice.key}")
            radio.setEnabled(bool(choice.ids))
            radio.setChecked(choice.key == chosen and bool(choice.ids))
            self.which.addButton(radio, index)
            which_layout.addWidget(radio)
        self.which_box.setVisible(len(self.choices) > 1)  # the editor's one household needs no choosing
        self.whole = QRadioButton(self)
        self.whole.setObjectName("sheet_whole")
        self.masked = QRadioButton(self)
        self.masked.setObjectName("sheet_masked")
        self.whole.setChecked(True)  # the page is for the 户主 to confirm: a masked number cannot be confirmed
        copy = QButtonGroup(self)  # apart from the households' choice
        copy.addButton(self.whole)
        copy.addButton(self.masked)
        self.work = WorkProgress("sheet", self)
        self.result_label = Notice("sheet_result", self)
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
        layout.addWidget(self.which_box)
        layout.addWidget(self.whole)
        layout.addWidget(self.masked)
        layout.addWidget(self.work)
        layout.addWidget(self.result_label)
        layout.addLayout(bottom)
        if self.choice() is None:
            self.result_label.info(self.nothing_chosen())
        self._say_what_it_prints()
        self.which.buttonToggled.connect(self._chose)
        self.resize(560, self.sizeHint().height())

    def _chose(self, _button: QRadioButton, checked: bool) -> None:
        if checked and self.result_label.text() == self.nothing_chosen():  # said while none was chosen: done with
            self.result_label.clear()
        if checked:
            self._say_what_it_prints()

    def _say_what_it_prints(self) -> None:
        """What the sheets of the households chosen hold, and which copies there are to write: a household 已迁出
        gets the station's old copy, with no signature block, so the dialog does not promise one (nor offer a 户主
        签字确认件) for them; with some moved away among the rest, it says so beside the signature block."""
        choice = self.choice()
        several = len(self.choices) > 1 or len(self.choices[0].ids) > 1  # the list's choices, or one household
        if choice is not None and choice.all_moved:
            text = (
                self.tr(
                    "本户已迁出到 %1：写出的家庭基本情况表是本站留存的记录，不作签字确认用，表上没有签字栏。"
                    "要本户签字确认的表，请由该安置点的工作站打印。"
                )
                if len(choice.ids) == 1
                else self.tr(
                    "这 %n 户都已迁出到 %1：写出的家庭基本情况表是本站留存的记录，不作签字确认用，表上没有签字栏。"
                    "要它们签字确认的表，请由那里的工作站打印。",
                    "",
                    len(choice.ids),
                )
            )
            self.about.setText(text.replace("%1", choice.moved_to))
        else:
            text = (
                self.tr(
                    "把这些住户写成家庭基本情况表（Excel），放在一个工作簿里，每户从新的一页开始（人多的户两页），"
                    "在 Excel 或 WPS 里打印整张表：户信息、家庭成员、当前就业、帮扶措施、"
                    "最近一次走访，下面是户主签字栏。"
                )
                if several
                else self.tr(
                    "把这一户写成一页 A4 的家庭基本情况表（Excel），在 Excel 或 WPS 里打印：户信息、家庭成员、"
                    "当前就业、帮扶措施、最近一次走访，下面是户主签字栏。"
                )
            )
            if choice is not None and choice.moved:
                text += self.tr(
                    "其中 %n 户已迁出到 %1：它们的表是本站留存的记录，不作签字确认用，没有签字栏。", "", choice.moved
                ).replace("%1", choice.moved_to)
            self.about.setText(text)
        self._name_copies(kept=choice is not None and choice.all_moved)

    def _name_copies(self, *, kept: bool) -> None:
        """The two copies by what they are for: the 户主's to sign and the visit's, or, for households moved away
        (``kept``), the station's old copy whole or masked — neither is signed, nor taken on a visit here."""
        if kept:
            self.whole.setText(self.tr("本站留存件：完整的证件号码和电话(&W)"))
            self.whole.setAccessibleName(self.tr("本站留存件"))
            self.whole.setToolTip(self.tr("归入本站的档案，不作签字确认用。号码完整，请不要遗留在外。"))
            self.masked.setText(self.tr("脱敏件：号码只显示首尾几位(&M)"))
            self.masked.setAccessibleName(self.tr("脱敏件"))
            self.masked.setToolTip(
                self.tr(
                    "证件号码和电话只显示首尾几位，不列出生日期和健康状况，措施进展和走访情况记录写作“（已隐去）”。"
                )
            )
            return
        self.whole.setText(self.tr("户主签字确认件：完整的证件号码和电话(&W)"))
        self.whole.setAccessibleName(self.tr("户主签字确认件"))
        self.whole.setToolTip(
            self.tr("户主核对本户信息（包括证件号码）后签字，签好的表归入本户档案。号码完整，请不要遗留在外。")
        )
        self.masked.setText(self.tr("入户携带件：脱敏，号码只显示首尾几位(&M)"))
        self.masked.setAccessibleName(self.tr("入户携带件（脱敏）"))
        self.masked.setToolTip(
            self.tr(
                "只带去看、不签字的一份：证件号码和电话只显示首尾几位，不列出生日期和健康状况，"
                "措施进展和走访情况记录写作“（已隐去）”，表上注明不作签字确认用。"
            )
        )

    def choice(self) -> Households | None:
        """The households chosen (the only ones, from the editor); None while none are."""
        if len(self.choices) == 1:
            return self.choices[0] if self.choices[0].ids else None
        index = self.which.checkedId()
        return self.choices[index] if index >= 0 else None

    def nothing_chosen(self) -> str:
        if not any(choice.ids for choice in self.choices):
            return self.tr("列表里没有住户，没有可打印的户表。请先改一改上面的查找条件。")
        return self.tr(
            "还没有选中要打印的住户：请先在住户列表里选中（按住 Ctrl 或 Shift 可以选多户，Ctrl+A 选中列出的全部），"
            "或在这里选“列表中的全部住户”。"
        )

    def default_name(self) -> str:
        """The name ``anju export household --out FOLDER`` gives (`forms.file_names.export_file_name`):
        家庭基本情况表（一户一档）-张开寿（5303261062020000070）-20261130.xlsx, -脱敏 on the masked copy (seen in the
        folder and on the stick)."""
        from forms.excel.export import kinds

        choice = self.choice()
        label = choice.file_label if choice is not None else "anju"
        kind = kinds()["household"]  # as the 导入导出 page lists it
        title = ui_text(kind.zh, kind.en[:1].upper() + kind.en[1:])
        return export_file_name(title, label, self.on, self.tr("脱敏") if self.masked.isChecked() else None)

    def pick_file(self) -> None:
        if self.choice() is None:
            self.result_label.error(self.nothing_chosen())
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("保存到"), str(Path(default_folder()) / self.default_name()), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if chosen:
            path = Path(chosen)
            self.write(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"), show=True)

    def write(self, path: Path, *, show: bool = False) -> Task[ExportResult] | None:
        """Write the chosen households' sheets to ``path`` off the UI thread; ``show`` opens the file. Nothing is
        written (and the dialog says so) while no households are chosen."""
        from forms.excel.export import ExportCancelled, ExportOptions, export

        choice = self.choice()
        if choice is None:
            self.result_label.error(self.nothing_chosen())
            return None
        if self.before_write is not None:
            self.before_write()  # queued before the export: the page has what is on the screen
        store, ids, masked, on = self.store, choice.ids, self.masked.isChecked(), self.on
        writing = self.tr("正在写出家庭基本情况表：已写出 %1 / %2 户")
        self._set_busy(True)
        self.result_label.clear()

        def work(progress: Progress) -> ExportResult:
            report = step_reporter(progress)

            def counted(total: int) -> None:
                report(0, total, writing.replace("%1", "0").replace("%2", str(total)))

            def done(households: int) -> None:
                report(households, len(ids), writing.replace("%1", str(households)).replace("%2", str(len(ids))))

            options = ExportOptions(
                on=on,
                household_ids=ids,
                masked=masked,
                total=counted,
                progress=done,
                cancelled=lambda: progress.cancelled,
            )
            try:
                return export(store, "household", path, options)
            except ExportCancelled:
                raise Cancelled from None

        self.work.start(self.tr("正在写出……"))
        self.task = self.runner.start(
            work,
            on_done=lambda result: self._written(result, show),
            on_error=self._failed,
            on_progress=self.work.step,
            on_cancelled=self._cancelled,
            owner=self,
            droppable=True,  # closing the window cancels it: no file is left
        )
        self.work.follow(self.task)
        return self.task

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.write_button, self.which_box, self.whole, self.masked):
            widget.setEnabled(not busy)
        if not busy:
            self.task = None
            self.work.stop()

    def _written(self, result: ExportResult, show: bool) -> None:
        self._set_busy(False)
        self.written = result
        done = self.tr("已写出 %1 户的家庭基本情况表：%2") if result.rows > 1 else self.tr("已写出：%2")
        text = done.replace("%1", str(result.rows)).replace("%2", str(result.path))
        # The 签字件 holds whole ID numbers (and health): one left on a stick gives them away, so it says so, as
        # the 导入导出 page does of the same sheets, in the same words; the 入户携带件, what it masked.
        from forms.excel.commands import full_numbers, masked_numbers

        held = ui_text(*(masked_numbers(result) if result.masked else full_numbers(result)))
        self.result_label.ok(f"{text}\n{held}" if held else text)
        self.open_button.show()
        self._fit_height()
        if show:
            self.open_file()

    def _failed(self, exc: BaseException, trace: str) -> None:
        self._set_busy(False)
        self.result_label.failed(exc, trace)
        self._fit_height()

    def _cancelled(self) -> None:
        self._set_busy(False)
        self.result_label.info(self.tr("已取消：没有写出文件（同名的旧文件保持原样）。"))
        self._fit_height()

    def _fit_height(self) -> None:
        # The lines said after writing (where the file went, what it holds, or why it failed) were cut off under
        # the buttons.
        grow_to_fit(self)

    def reject(self) -> None:
        """关闭 while writing stops the writing: no file is left half-written."""
        if self.task is not None:
            self.task.cancel()
        super().reject()

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
    session = editor.session
    label = name or household_id[:8]
    # In the file's name, its 户编号 or 门牌 beside the 户主, as on screen: two 张开寿 of one site are two files.
    own = draft.household.values if draft else {}
    door = address_of(own.get("building"), own.get("unit"), own.get("room"))
    file_label = household_in_file_name(name, own.get("hh_number"), door, household_id[:8])
    gone_to = session.moved_to  # 已迁出 from this station: where to
    this = Households(
        "this",
        label,
        (household_id,),
        file_label,
        moved=1 if gone_to else 0,
        moved_to=site_named(gone_to) if gone_to else "",
    )
    dialog = HouseholdSheetDialog(
        editor,
        session.store,
        session.runner,
        [this],
        session.today,
        chosen="this",
        before_write=editor.flush,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def sheet_button(editor: HouseholdEditor, row: KeyedButtonRow) -> QToolButton:
    """The editor's 打印户表 button in ``row``, and its shortcut while the focus is in the editor."""
    name = QCoreApplication.translate("HouseholdSheetDialog", "打印户表(&P)…")
    tip = QCoreApplication.translate(
        "HouseholdSheetDialog", "这一户的家庭基本情况表：打印给户主核对签字，或带去入户（%1）"
    )
    return row.add_action(editor_action(editor, "household_sheet", name, [SHORTCUT], lambda: open_sheet(editor), tip))

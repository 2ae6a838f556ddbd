"""What a roster import did, as the 导入导出 screen shows it: the data rows by outcome, the records by kind, the
values it repaired on the way in (a line, and every kind on request), and where the problem list
(``FILE.errors.xlsx``) is, with buttons that open it and its folder."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import QT_TRANSLATE_NOOP, ui_text
from desktop.page_parts import action_button

if TYPE_CHECKING:
    from forms.excel.outcome import ImportResult, RepairCount

# What the import did with the records, by kind (the counts `ImportResult.counts` keeps).
RECORD_ROWS = (
    ("households", QT_TRANSLATE_NOOP("ImportOutcome", "户")),
    ("members", QT_TRANSLATE_NOOP("ImportOutcome", "成员")),
    ("spells", QT_TRANSLATE_NOOP("ImportOutcome", "务工记录")),
)
RECORD_COLUMNS = (
    QT_TRANSLATE_NOOP("ImportOutcome", "记录"),
    QT_TRANSLATE_NOOP("ImportOutcome", "新增"),
    QT_TRANSLATE_NOOP("ImportOutcome", "更新"),
    QT_TRANSLATE_NOOP("ImportOutcome", "无变化"),
)


def repair_name(repair: RepairCount, *, short: bool) -> str:
    """A repair's column (its header in the file, as the problem list's 原因 names it) and kind, in the UI language:
    ``short`` for the one line (【证件号码】小写x改为大写X), else as the problem list's 说明 sheet says it."""
    return ui_text(repair.name(short=short), repair.name(en=True, short=short))


def open_in_system(path: Path) -> None:
    """Open a file or folder the way the desktop does (Excel, the file manager)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ImportOutcome(QWidget):
    """The result of the last import under the 导入导出 screen's buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_results")
        self.result: ImportResult | None = None
        self.repairs_said, self.repairs_kinds = "", 0  # the line; entries in its list
        # Excel's lock file beside the file: what was read is what was last saved (`ImportResult.open_elsewhere`).
        self.open_elsewhere = QLabel(self)
        self.open_elsewhere.setObjectName("import_open_elsewhere")
        self.open_elsewhere.setWordWrap(True)
        self.open_elsewhere.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_elsewhere.setStyleSheet("color: #b26a00; font-size: 14px;")
        self.open_elsewhere.hide()
        self.row_counts = QLabel(self)
        self.row_counts.setObjectName("import_row_counts")
        self.row_counts.setWordWrap(True)
        self.row_counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row_counts.setStyleSheet("font-size: 14px;")
        self.counts = QTableWidget(len(RECORD_ROWS), len(RECORD_COLUMNS), self)
        self.counts.setObjectName("import_counts")
        self.counts.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.counts.setAccessibleName(self.tr("导入的记录数"))
        self.counts.setHorizontalHeaderLabels([self.tr(c) for c in RECORD_COLUMNS])
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.counts.horizontalHeader().setMinimumSectionSize(72)
        self.counts.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.counts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.counts.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)  # no empty space
        # The values repaired on the way in (ID numbers' lowercase x, dates written as text, Excel date numbers …):
        # imported as repaired, so not problems, but a clerk should know the file was rewritten in so many places,
        # and how, without a problem list to open (there is none when every row went in).
        self.repairs_line = QLabel(self)
        self.repairs_line.setObjectName("import_repairs")
        self.repairs_line.setWordWrap(True)
        self.repairs_line.setTextFormat(Qt.TextFormat.RichText)  # its 查看全部 is a link at the line's end
        self.repairs_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)  # Tab reaches it
        self.repairs_every = QLabel(self)
        self.repairs_every.setObjectName("import_repairs_every")
        self.repairs_every.setWordWrap(True)
        self.repairs_every.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.repairs_every.setContentsMargins(16, 0, 0, 0)  # under the line, indented like a list
        self.repairs_every.setStyleSheet("color: #37474f;")
        self.repairs_every.hide()
        self.repairs_line.linkActivated.connect(
            lambda _link: self.show_every_repair(not self.repairs_every.isVisible())
        )
        self.errors_label = QLabel(self)
        self.errors_label.setObjectName("errors_workbook")
        self.errors_label.setWordWrap(True)
        self.errors_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors_label.setStyleSheet("color: #b26a00;")
        self.open_errors_button = action_button(self, "open_errors_file", self.tr("打开问题清单"), self.open_errors)
        self.open_folder_button = action_button(
            self, "open_errors_folder", self.tr("打开所在文件夹"), self.open_errors_folder
        )
        buttons = QVBoxLayout()
        buttons.addWidget(self.open_errors_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        errors = QHBoxLayout()
        errors.addWidget(self.errors_label, 1)
        errors.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_elsewhere)
        layout.addWidget(self.row_counts)
        layout.addWidget(self.counts, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.repairs_line)
        layout.addWidget(self.repairs_every)
        layout.addLayout(errors)

    def show_result(self, result: ImportResult) -> None:
        self.result = result
        for r, (key, label) in enumerate(RECORD_ROWS):
            made = [str(result.counts[f"{key}.{what}"]) for what in ("created", "updated", "unchanged")]
            for c, value in enumerate([self.tr(label), *made]):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.counts.setItem(r, c, item)
        rows = {outcome: result.rows_with(outcome) for outcome in ("created", "updated", "unchanged", "merged")}
        rows["reported"] = result.rows_with("reported")
        # The line counts rows, by whether each brought a change; the table counts records. A household's 门牌号 or
        # 户联系电话 is on each of its rows, so five rows "with a change" can be one household updated and five
        # members unchanged: the line says why when a household changed, or the two read as a contradiction.
        if result.dry_run:
            line = self.tr(
                "数据行（只检查）：可以导入 %1 行，其中新增 %2 行、有改动 %3 行、与库里相同 %4 行；"
                "与前面重复的行合并 %5 行，不能导入 %6 行。"
            )
        else:
            line = self.tr(
                "数据行：已导入 %1 行，其中新增 %2 行、有改动 %3 行、与库里相同 %4 行；"
                "与前面重复的行合并 %5 行，未导入 %6 行。"
            )
        if result.counts["households.updated"]:
            line += self.tr(
                "户的信息（门牌号、户联系电话等）在该户每一行都有一份：几行有同一处改动时，下表只算这一户更新 1 次，"
                "这几行的成员本身没有改的仍算无变化。"
            )
        self.row_counts.setText(
            line.replace("%1", str(rows["created"] + rows["updated"] + rows["unchanged"]))
            .replace("%2", str(rows["created"]))
            .replace("%3", str(rows["updated"]))
            .replace("%4", str(rows["unchanged"]))
            .replace("%5", str(rows["merged"]))
            .replace("%6", str(rows["reported"]))
        )
        self._show_repairs(result)
        if result.open_elsewhere is not None:
            said = ui_text(result.open_elsewhere_said(), result.open_elsewhere_said(en=True))
            self.open_elsewhere.setText(said if said.endswith(".") else f"{said}。")
        self.open_elsewhere.setVisible(result.open_elsewhere is not None)
        if result.errors_path is not None:
            self.errors_label.setText(
                self.tr(
                    "有 %1 处问题（%2 处未导入，%3 处请核对），已写入问题清单：\n%4\n"
                    "请在 Excel 中按“原因”列改好后，把问题清单直接再导入一次。"
                )
                .replace("%1", str(len(result.problems)))
                .replace("%2", str(len(result.errors)))
                .replace("%3", str(len(result.warnings)))
                .replace("%4", str(result.errors_path))
            )
        else:
            self.errors_label.setText(self.tr("每一行都已导入，没有问题清单。"))
        for button in (self.open_errors_button, self.open_folder_button):
            button.setVisible(result.errors_path is not None)

    def _show_repairs(self, result: ImportResult) -> None:
        """One line under the counts: how many values were repaired, and the largest, each with its column (as ``anju
        import-roster`` says them); its 查看全部 lists every column and kind, as the problem list's 说明 sheet does."""
        kinds = result.repairs_by_column()
        self.repairs_line.setVisible(bool(kinds))
        self.repairs_every.hide()
        self.repairs_every.setText(
            "\n".join(
                self.tr("%1：%2 处").replace("%1", repair_name(kind, short=False)).replace("%2", f"{kind.count:,}")
                for kind in kinds
            )
        )
        total = sum(kind.count for kind in kinds)
        largest = self.tr("、").join(
            f"{repair_name(kind, short=True)} {kind.count:,}" for kind in result.repairs_named()
        )
        if len(kinds) > len(result.repairs_named()):
            largest += self.tr(" 等")
        line = self.tr("导入时会自动修正 %1 处：%2。") if result.dry_run else self.tr("自动修正 %1 处：%2。")
        self.repairs_said = line.replace("%1", f"{total:,}").replace("%2", largest)
        self.repairs_kinds = len(kinds)
        self.show_every_repair(False)

    def show_every_repair(self, shown: bool) -> None:
        """Open (or close) the list of every kind of repair under the line; its link says which it will do."""
        self.repairs_every.setVisible(shown and bool(self.repairs_kinds))
        link = self.tr("收起") if shown else self.tr("查看全部 %n 项", "", self.repairs_kinds)
        self.repairs_line.setText(f'{html.escape(self.repairs_said)} <a href="repairs">{html.escape(link)}</a>')
        if shown:  # on a laptop's screen the list opens below the window's edge: bring it in
            QTimer.singleShot(0, self._bring_every_repair_into_view)

    def _bring_every_repair_into_view(self) -> None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        if widget is not None and self.repairs_every.isVisible():
            widget.ensureWidgetVisible(self.repairs_every, 0, 0)

    def open_errors(self) -> None:
        if self.result is not None and self.result.errors_path is not None:
            open_in_system(self.result.errors_path)

    def open_errors_folder(self) -> None:
        if self.result is not None and self.result.errors_path is not None:
            open_in_system(self.result.errors_path.parent)

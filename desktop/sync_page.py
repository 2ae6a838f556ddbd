"""同步: USB exchange with the county, for a station (export, return file, enrolment) and for the county (batches in).

The screen calls the very functions `anju sync …` and `anju enrol --accept` call (`sync.outbox.export_batch`,
`sync.importing.import_files`, `sync.enrolment.accept_package`), in the task runner, and shows their bilingual
messages unchanged, so a station admin on the phone and a county clerk at the command line read the same words.

What the page shows depends on what the database is: an enrolled station, the county, or neither yet (then the
only thing to do is to import the station package the county wrote).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desktop.county.common import Notice, error_texts, local_time
from desktop.i18n import QT_TRANSLATE_NOOP, ui_text
from desktop.page_parts import WorkProgress, action_button, ask_to_go, default_folder, step_reporter
from desktop.sync_dialogs import ExportDialog, PassphraseDialog
from desktop.sync_overview import LogRow, Overview, expand_folders, load_overview, outcome_of
from desktop.tasks import Progress, Task, TaskRunner
from forms.records import Site
from forms.store import Store
from sync.county_return import ReturnFile
from sync.enrolment import PACKAGE_SUFFIX, Accepted, accept_package
from sync.errors import WrongPassphrase
from sync.identity import COUNTY, STATION
from sync.importing import ImportReport, import_files
from sync.outbox import ExportResult, export_batch

DIRECTIONS = {
    "export": QT_TRANSLATE_NOOP("SyncPage", "导出批次"),
    "import": QT_TRANSLATE_NOOP("SyncPage", "导入批次"),
    "return-out": QT_TRANSLATE_NOOP("SyncPage", "写出回执"),
    "return-in": QT_TRANSLATE_NOOP("SyncPage", "导入回执"),
    "push": QT_TRANSLATE_NOOP("SyncPage", "在线发送"),  # a batch sealed for the county server (`sync.http_client`)
}
STATUSES = {
    "exported": QT_TRANSLATE_NOOP("SyncPage", "已导出"),
    "applied": QT_TRANSLATE_NOOP("SyncPage", "已应用"),
    "replay": QT_TRANSLATE_NOOP("SyncPage", "重复导入"),
    "written": QT_TRANSLATE_NOOP("SyncPage", "已写出"),
    "empty": QT_TRANSLATE_NOOP("SyncPage", "无新变更"),
}
# Per-file outcome at the county: label and colour (green done, grey nothing to do, amber gap, red refused).
OUTCOMES = {
    "applied": (QT_TRANSLATE_NOOP("SyncPage", "已应用"), "#1b5e20"),
    "empty": (QT_TRANSLATE_NOOP("SyncPage", "无新变更"), "#555555"),
    "replay": (QT_TRANSLATE_NOOP("SyncPage", "重复导入"), "#555555"),
    "gap": (QT_TRANSLATE_NOOP("SyncPage", "有缺口"), "#b26a00"),
    "refused": (QT_TRANSLATE_NOOP("SyncPage", "已拒绝"), "#b00020"),
    "cancelled": (QT_TRANSLATE_NOOP("SyncPage", "已取消"), "#b26a00"),
}


# ---- the page --------------------------------------------------------------------------------------------------


class SyncPage(QWidget):
    """同步 for the database in use: a station's export and return files, or the county's batch import."""

    #: records may have changed (a return file, an enrolment, batches): tables elsewhere should re-read
    data_changed = Signal()

    LOG_COLUMNS = (
        QT_TRANSLATE_NOOP("SyncPage", "时间"),
        QT_TRANSLATE_NOOP("SyncPage", "类型"),
        QT_TRANSLATE_NOOP("SyncPage", "工作站"),
        QT_TRANSLATE_NOOP("SyncPage", "批次"),
        QT_TRANSLATE_NOOP("SyncPage", "变更数"),
        QT_TRANSLATE_NOOP("SyncPage", "状态"),
        QT_TRANSLATE_NOOP("SyncPage", "文件"),
    )
    RESULT_COLUMNS = (
        QT_TRANSLATE_NOOP("SyncPage", "文件"),
        QT_TRANSLATE_NOOP("SyncPage", "结果"),
        QT_TRANSLATE_NOOP("SyncPage", "说明"),
    )

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.overview: Overview | None = None
        self.report: ImportReport | None = None
        self.export_dialog: ExportDialog | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self._busy = False
        self.setObjectName("sync_page")

        self.heading = QLabel(self.tr("同步"), self)
        self.heading.setObjectName("sync_heading")
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.status_line = QLabel(self.tr("正在读取……"), self)
        self.status_line.setObjectName("sync_status")
        self.status_line.setWordWrap(True)
        self.status_line.setStyleSheet("font-size: 14px;")
        self.status_line.setAccessibleName(self.tr("同步状态"))

        # A station: export and return files.
        self.export_button = self._button("export_button", self.tr("导出到U盘(&E)…"), self.open_export_dialog)
        self.import_return_button = self._button(
            "import_return_button", self.tr("导入回执(&I)…"), self.pick_return_files
        )
        # Not enrolled yet: the station package.
        self.enrol_button = self._button("enrol_button", self.tr("导入登记包(&P)…"), self.pick_package)
        # An enrolled station the county enrolled again (a new laptop with the station's backup restored, or a
        # database restored from a backup older than what the county holds, whose batches the county refuses): the
        # new package replaces the station's identity (`accept_package(force=True)`, `anju enrol --accept --force`).
        self.reenrol_button = self._button(
            "reenrol_button", self.tr("导入新登记包(&N)…"), lambda: self.pick_package(again=True)
        )
        # The county: many batch files at once, dropped or picked.
        self.drop_zone = QFrame(self)
        self.drop_zone.setObjectName("drop_zone")
        self.drop_zone.setStyleSheet(
            "#drop_zone { border: 2px dashed #90a4ae; border-radius: 6px; background: #f7f9fa; }"
        )
        drop_text = QLabel(
            self.tr("把工作站带来的批次文件（.batch）拖到这里，可以一次拖入多个文件或整个U盘文件夹。"), self.drop_zone
        )
        drop_text.setWordWrap(True)
        drop_text.setStyleSheet("font-size: 14px; color: #37474f;")
        self.pick_batches_button = self._button("pick_batches_button", self.tr("选择批次文件(&B)…"), self.pick_batches)
        drop_layout = QHBoxLayout(self.drop_zone)
        drop_layout.setContentsMargins(16, 18, 16, 18)
        drop_layout.addWidget(drop_text, 1)
        drop_layout.addWidget(self.pick_batches_button)

        buttons = QHBoxLayout()
        for button in (self.export_button, self.import_return_button, self.enrol_button):
            button.setMinimumHeight(34)  # the page's main actions: big enough to find at a glance
            button.setStyleSheet("font-size: 14px; padding: 0 14px;")
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.reenrol_button)  # seldom needed: at the side, at its usual size

        # Importing files reports each step (2/5 正在应用 … 第 3 批) and may be cancelled between files; the other
        # calls report no steps: a busy bar, with the words beside it.
        self.work = WorkProgress("sync", self)

        self.notice = Notice("sync_message", self)

        self.results = QTableWidget(0, len(self.RESULT_COLUMNS), self)
        self.results.setObjectName("import_results")
        self.results.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.results.setAccessibleName(self.tr("各文件的导入结果"))
        self.results.setHorizontalHeaderLabels([self.tr(c) for c in self.RESULT_COLUMNS])
        self._plain_table(self.results)
        self.results.setWordWrap(True)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Wrapped messages need their row heights from the final column width, known only once laid out.
        header.sectionResized.connect(lambda *_: self.results.resizeRowsToContents())
        self.returns_label = QLabel(self)
        self.returns_label.setObjectName("return_files")
        self.returns_label.setWordWrap(True)
        self.returns_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = self._button(
            "open_return_folder", self.tr("打开回执所在文件夹(&O)"), self.open_folder
        )
        returns_row = QHBoxLayout()
        returns_row.addWidget(self.returns_label, 1)
        returns_row.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)

        self.log_title = QLabel(self.tr("最近的同步记录"), self)
        self.log_title.setStyleSheet("font-weight: bold;")
        self.log = QTableWidget(0, len(self.LOG_COLUMNS), self)
        self.log.setObjectName("batch_log")
        self.log.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.log.setAccessibleName(self.tr("同步记录"))
        self.log.setHorizontalHeaderLabels([self.tr(c) for c in self.LOG_COLUMNS])
        self._plain_table(self.log)
        self.log.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.log.horizontalHeader().setStretchLastSection(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status_line)
        layout.addLayout(buttons)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.work)
        layout.addWidget(self.notice)
        layout.addWidget(self.results, 3)
        layout.addLayout(returns_row)
        layout.addWidget(self.log_title)
        layout.addWidget(self.log, 2)
        # Takes the slack when no table is shown (not enrolled yet), so the few lines stay at the top.
        self.filler = QWidget(self)
        layout.addWidget(self.filler, 1)
        self._show_mode(None, loading=True)
        self._set_busy(False)

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        return action_button(self, name, text, slot)

    @staticmethod
    def _plain_table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)

    # ---- what the database is ------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._busy:
            self.refresh()

    def refresh(self) -> None:
        store = self.store
        self.runner.start(
            lambda _progress: load_overview(store), on_done=self.show_overview, on_error=self.notice.failed, owner=self
        )

    def show_overview(self, overview: Overview) -> None:
        self.overview = overview
        self._show_mode(overview.role)
        if overview.role == STATION and overview.status is not None:
            s = overview.status
            self.heading.setText(
                self.tr("同步 — %1的工作站“%2”").replace("%1", s.county_name).replace("%2", s.station_name)
            )
            todo = (
                self.tr("请导出到U盘，带到县里导入。")
                if s.pending
                else self.tr("没有待发送的变更；仍可导出一批，带到县里换取最新的回执。")
            )
            self.status_line.setText(
                self.tr("待发送到县里的变更：%1 条（下一批为第 %2 批）\n最近导出：%3　　最近导入回执：%4\n%5")
                .replace("%1", str(s.pending))
                .replace("%2", str(s.next_batch))
                .replace("%3", local_time(s.last_export_at))
                .replace("%4", local_time(s.last_return_at))
                .replace("%5", todo)
            )
        elif overview.role == COUNTY:
            self.heading.setText(self.tr("同步 — 县级数据库“%1”").replace("%1", overview.name))
            self.status_line.setText(
                self.tr(
                    "导入各工作站的批次文件后，每个工作站的回执会写在它的批次文件旁边（即原U盘上），请带回工作站导入。"
                )
            )
        else:
            self.heading.setText(self.tr("同步 — 本数据库尚未登记"))
            self.status_line.setText(
                self.tr(
                    "本数据库还不是县里登记的工作站，不能同步。请导入县里发的登记包（%1 文件），"
                    "并输入县里另行告知的一次性口令。县级数据库请用命令 anju county init 建立。"
                ).replace("%1", PACKAGE_SUFFIX)
            )
        self._fill_log(overview.log)

    def _show_mode(self, role: str | None, *, loading: bool = False) -> None:
        station, county = role == STATION, role == COUNTY
        self.export_button.setVisible(station)
        self.import_return_button.setVisible(station)
        self.enrol_button.setVisible(role is None and not loading)
        self.reenrol_button.setVisible(station)
        self.drop_zone.setVisible(county)
        self.setAcceptDrops(county)
        self.results.setVisible(county and self.report is not None)
        self.log.setColumnHidden(2, not county)  # a station's log is all its own
        for widget in (self.log_title, self.log):
            widget.setVisible(not loading and role is not None)
        self.filler.setVisible(loading or role is None)
        has_returns = county and self.report is not None and bool(self.report.returns)
        self.returns_label.setVisible(has_returns)
        self.open_folder_button.setVisible(has_returns)

    def _fill_log(self, rows: list[LogRow]) -> None:
        self.log.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (
                local_time(row.at),
                self.tr(DIRECTIONS.get(row.direction, row.direction)),
                row.station,
                str(row.batch_no),
                str(row.changes),
                self.tr(STATUSES.get(row.status, row.status)),
                row.file_name or "—",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.log.setItem(r, c, item)

    # ---- busy --------------------------------------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        if busy:
            self.work.start(text)
        else:
            self.work.stop()
        buttons = (self.export_button, self.import_return_button, self.enrol_button, self.reenrol_button)
        for button in (*buttons, self.pick_batches_button):
            button.setEnabled(not busy)

    @property
    def busy(self) -> bool:
        return self._busy

    def _finish(self) -> None:
        self._set_busy(False)
        self.refresh()

    def _failed(self, exc: BaseException, traceback: str) -> None:
        self._set_busy(False)
        self.notice.failed(exc, traceback)
        self.refresh()

    # ---- station: export -----------------------------------------------------------------------------------------

    def open_export_dialog(self) -> ExportDialog:
        dialog = ExportDialog(self.runner, self)
        dialog.accepted.connect(lambda: self.export_to(dialog.folder) if dialog.folder else None)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export_to(self, folder: Path) -> None:
        """Seal every change the county has not acknowledged into the next batch file in ``folder``."""
        if self._busy:
            return
        store = self.store
        self.notice.clear()
        self._set_busy(True, self.tr("正在导出到 %1 ……").replace("%1", str(folder)))
        self.runner.start(
            lambda _progress: export_batch(store, folder), on_done=self._exported, on_error=self._failed, owner=self
        )

    def _exported(self, result: ExportResult) -> None:
        self.notice.ok(
            ui_text(*result.message()) + "\n" + self.tr("请把U盘带到县里导入；县里写出的回执拿回来后，点“导入回执…”。")
        )
        self._finish()

    # ---- station: return files ---------------------------------------------------------------------------------

    def pick_return_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("选择县里的回执文件"), default_folder(), self.tr("回执文件 (*.return);;所有文件 (*)")
        )
        if paths:
            self.import_returns([Path(p) for p in paths])

    def import_returns(self, paths: list[Path]) -> Task[ImportReport] | None:
        if self._busy:
            return None
        store = self.store
        self.notice.clear()
        self._set_busy(True, self.tr("正在导入 %1 个回执文件……").replace("%1", str(len(paths))))
        return self._start_import(lambda progress: self._import_files(store, paths, progress), self._returns_imported)

    @staticmethod
    def _import_files(store: Store, paths: list[Path], progress: Progress) -> ImportReport:
        """`import_files` reporting each step to the bar, and stopping between files when 取消 is pressed."""
        return import_files(store, paths, progress=step_reporter(progress), cancelled=lambda: progress.cancelled)

    def _start_import(
        self, work: Callable[[Progress], ImportReport], done: Callable[[ImportReport], None]
    ) -> Task[ImportReport]:
        task = self.runner.start(work, on_done=done, on_error=self._failed, on_progress=self.work.step, owner=self)
        self.work.follow(task)
        return task

    def _cancel_note(self, report: ImportReport) -> str:
        """What a cancel left behind: what was done stays done; the files not reached changed nothing."""
        if not report.cancelled:
            return ""
        return "\n" + self.tr(
            "已取消：已经导入的文件保持导入；另有 %1 个文件没有导入，数据库没有因它们改变，需要时请重新导入。"
        ).replace("%1", str(len(report.skipped)))

    def _returns_imported(self, report: ImportReport) -> None:
        lines = [ui_text(*f.message()) if f.error is None else "\n".join(f.message()) for f in report.files]
        if report.cancelled:
            lines.append(self._cancel_note(report).strip())
        if report.refused:
            self.notice.error("\n".join(lines))
        else:
            self.notice.ok("\n".join(lines))
        self.data_changed.emit()
        self._finish()

    # ---- county: many batches at once ----------------------------------------------------------------------------

    def pick_batches(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("选择工作站的批次文件（可多选）"),
            default_folder(),
            self.tr("批次文件 (*.batch);;所有文件 (*)"),
        )
        if paths:
            self.import_batches([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.overview is not None and self.overview.role == COUNTY and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        if self._busy:
            self.notice.info(self.tr("正在导入上一批文件，请等它完成后再拖入。"))
            return
        self.import_batches(paths)

    def import_batches(self, paths: list[Path]) -> Task[ImportReport] | None:
        """Verify and apply the batch files in one call (sorted by station and number there, so a gap another
        file in the same drop fills is no gap), then show each file's outcome and the return files written."""
        if self._busy:
            return None
        store = self.store
        self.notice.clear()
        self._set_busy(True, self.tr("正在校验并导入 %1 个文件……").replace("%1", str(len(paths))))
        return self._start_import(
            lambda progress: self._import_files(store, expand_folders(paths), progress), self._batches_imported
        )

    def _batches_imported(self, report: ImportReport) -> None:
        self.report = report
        self._show_mode(COUNTY)  # the results table and the return files, before the overview is read again
        self.results.setRowCount(len(report.files))
        for r, result in enumerate(report.files):
            outcome = outcome_of(result)
            label, colour = OUTCOMES.get(outcome, (outcome, "#000000"))
            zh, en = result.message()
            # A refusal names what to do in both languages (it may be read out to the station over the phone).
            text = f"{zh}\n{en}" if result.error is not None else ui_text(zh, en)
            for c, value in enumerate((result.path.name, self.tr(label), text)):
                item = QTableWidgetItem(value)
                item.setToolTip(str(result.path) if c == 0 else value)
                if c == 1:
                    item.setForeground(QColor(colour))
                self.results.setItem(r, c, item)
        self.results.resizeRowsToContents()
        not_imported = len(report.refused) + len(report.skipped)
        summary = (
            self.tr("已处理 %1 个文件：%2 个导入成功或无需导入，%3 个未导入（原因见下表）。")
            .replace("%1", str(len(report.files)))
            .replace("%2", str(len(report.files) - not_imported))
            .replace("%3", str(not_imported))
        ) + self._cancel_note(report)
        # A return file that could not be written (a full or write-protected stick): its batches stay applied.
        summary += "".join(f"\n{error.zh}\n{error.en}" for error in report.unwritten)
        if report.refused or report.unwritten:
            self.notice.error(summary)
        elif report.cancelled:
            self.notice.info(summary)
        else:
            self.notice.ok(summary)
        if report.returns:
            lines = [
                self.tr("%1：%2").replace("%1", made.station_name).replace("%2", str(path)) + self.replacing(made)
                for path, made in report.returns
            ]
            self.returns_label.setText(
                self.tr("已写出回执，请带回对应的工作站，在“同步”中点“导入回执…”：") + "\n" + "\n".join(lines)
            )
        self.data_changed.emit()
        self._finish()

    def replacing(self, made: ReturnFile) -> str:
        """Said after a return file that took the place of an earlier one for its batch (`sync.return_names`)."""
        if not made.replaced:
            return ""
        return self.tr("（取代了U盘上第 %1 批的旧回执，工作站导入这一个即可）").replace("%1", str(made.batch_no))

    def open_folder(self) -> None:
        if self.report is not None and self.report.returns:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.returns[0][0].parent)))

    # ---- enrolment -------------------------------------------------------------------------------------------------

    def pick_package(self, *, again: bool = False) -> None:
        """The county's package; ``again``: for a station already enrolled, after saying when that is right."""
        if again and not self.confirm_enrol_again():
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择县里发的登记包"),
            default_folder(),
            self.tr("登记包 (*%1);;所有文件 (*)").replace("%1", PACKAGE_SUFFIX),
        )
        if path:
            self.start_enrolment(Path(path), again=again)

    def confirm_enrol_again(self) -> bool:
        text = self.tr(
            "只有县里重新登记了本站时才导入新登记包：例如本站换了电脑、从备份恢复了数据，"
            "县里拒收本站的批次并说“从旧备份恢复过”。导入后本站换用新登记包的身份："
            "还没发到县里的修改随下一批发出，县里有而本站没有的数据随回执回来。"
        )
        return ask_to_go(self, "reenrol_warning", self.tr("导入新登记包"), text, self.tr("选择新登记包(&P)…"))

    def start_enrolment(self, package: Path, *, again: bool = False) -> PassphraseDialog:
        dialog = PassphraseDialog(package, self)
        dialog.again = again
        dialog.submitted.connect(lambda passphrase: self._enrol(dialog, passphrase))
        self.passphrase_dialog = dialog
        dialog.open()
        return dialog

    def _enrol(self, dialog: PassphraseDialog, passphrase: str) -> None:
        store, package = self.store, dialog.package
        self._set_busy(True, self.tr("正在导入登记包……"))

        def failed(exc: BaseException, _traceback: str) -> None:
            self._set_busy(False)
            zh, en = error_texts(exc)
            if isinstance(exc, WrongPassphrase):
                dialog.wrong(zh, en)  # the likeliest mistake: let it be typed again right there
                return
            dialog.reject()
            self.notice.error(zh, en)

        def enrol(_progress: Progress) -> tuple[Accepted, list[str]]:
            done = accept_package(store, package, passphrase, force=dialog.again)
            return done, site_names(store, done.sites)

        self.runner.start(
            enrol,
            on_done=lambda result: self._enrolled(dialog, *result),
            on_error=failed,
            owner=self,
        )

    def _enrolled(self, dialog: PassphraseDialog, done: Accepted, sites: list[str]) -> None:
        dialog.accept()
        enrolled = (
            self.tr(
                "登记完成：本数据库现为“%1”的工作站“%2”，服务安置点 %3。之后的修改会随每次导出发送到县里。"
                "本站已生成自己的密钥，登记包文件已经没有用处：请把它从U盘上删除。"
            )
            if done.own_keys
            else self.tr(  # a county whose Anju is older than stations' own keys (`sync.versions`)
                "登记完成：本数据库现为“%1”的工作站“%2”，服务安置点 %3。之后的修改会随每次导出发送到县里。"
                "县里的安居版本较旧，还不支持工作站自己的密钥：本站沿用登记包里的密钥，县里才能读本站的批次。"
                "请立即把登记包文件从U盘上删除（拿到它和口令的人可以冒充本站）；县里把安居升级后，可以重新登记本站，"
                "换成本站自己的密钥。"
            )
        )
        enrolled = enrolled.replace("%1", done.county_name).replace("%2", done.station_name)
        enrolled = enrolled.replace("%3", "、".join(sites))
        # A new station's first question: what now? (its roster, its surveyors' accounts, then the survey)
        next_steps = self.tr(
            "下一步：在“导入导出”里导入本站安置点的住户花名册（没有花名册也可以在“住户”里逐户新增）；"
            "在“设置”里为采集员添加账号；然后就可以入户采集了。"
        )
        if dialog.again:  # a station with its data: it syncs under the new identity, and hears the county's copy
            next_steps = self.tr(
                "下一步：导出到U盘带到县里导入（联网的工作站会自动同步），再导入县里写出的回执："
                "本站还没发出的修改送到县里，县里有而本站没有的数据随回执回到本站。"
            )
        self.notice.ok(enrolled + "\n" + next_steps)
        self.data_changed.emit()
        self._finish()


def site_names(store: Store, codes: list[str]) -> list[str]:
    """The sites a package names, as the 站长 knows them (幸福社区, not S01); a code the package brought no site for
    stays a code."""
    with store.reading() as session:
        names = {code: name for code, name in session.execute(select(Site.code, Site.name).where(Site.code.in_(codes)))}
    return [names.get(code) or code for code in codes]

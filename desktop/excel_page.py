"""导入导出 (Excel): a roster into the database, and the ledgers out of it, from the screen (issue 5).

The page calls what ``anju import-roster`` and ``anju export`` call (`forms.excel.roster_import.import_roster`,
`forms.excel.export.export`) in the task runner, with a real progress bar and 取消. An import is one transaction:
it saves everything or nothing, so a cancel, a refusal or a crash leaves the database as it was. The rows it could
not take go to ``FILE.errors.xlsx`` beside the file, which the clerk fixes in Excel and imports again; the page
says where it is and opens its folder.

Which roles see it (`desktop.main_window.ROLE_SCREENS`): the 站长 and the county clerk. An import rewrites many
households at once (an empty cell clears a value) and an export puts a whole site's ID numbers and phones into a
loose file; both are the station admin's responsibility, like sync. Surveyors keep their follow-up lists on 待跟进.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from desktop.county.common import Notice, error_texts
from desktop.i18n import QT_TRANSLATE_NOOP, ui_text
from desktop.import_outcome import ImportOutcome, open_in_system
from desktop.message_list import wrap_items
from desktop.page_parts import WorkProgress, action_button, default_folder, scroll_page, step_reporter
from desktop.tasks import Cancelled, Progress, Task, TaskRunner
from forms.clock import computer_today
from forms.file_names import export_file_name, site_in_file_name
from forms.store import Store

if TYPE_CHECKING:
    from forms.accounts import Account
    from forms.excel.export import ExportResult
    from forms.excel.outcome import ImportResult

BY_FILE = ""  # the site choice "as the file says" (no --site)
CARRIED_ROLE = Qt.ItemDataRole.UserRole + 1  # an export kind's item: masked (脱敏) by default
# Between two Chinese characters: a line may break there (Qt breaks Chinese anywhere), unless a WORD JOINER says not.
BETWEEN_HANZI = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


def whole_words(text: str) -> str:
    """``text`` wrapped at its spaces and punctuation only: the drop zone's text broke as “或 / 者” once the page had
    a scroll bar, and as “这 / 里” on a 1024 screen."""
    return BETWEEN_HANZI.sub("\u2060", text)


# Refusals the page words itself, shown like the importer's own: 中文, then English (alone on an English screen,
# because the English is also the .ts translation; tests/test_excel_page.py checks the two stay the same).
MESSAGES = {
    "one_file": (
        QT_TRANSLATE_NOOP("ExcelPage", "一次只能导入一个 Excel 文件。请把文件一个一个地拖进来。"),
        "Only one Excel file can be imported at a time. Drop the files one by one.",
    ),
    "site_needed": (
        QT_TRANSLATE_NOOP(
            "ExcelPage",
            "“%1”里有新户，但表里没有“安置点名称”列，不知道放到哪个安置点。未导入任何数据。"
            "请在“新户放入的安置点”里选择安置点，再导入一次。",
        ),
        "“%1” has new households but no site column (安置点名称), so their site is unknown. Nothing was imported. "
        "Choose the “Site for new households” and import again.",
    ),
    "database": (
        QT_TRANSLATE_NOOP(
            "ExcelPage",
            "数据库写入出错，未导入任何数据，已保存的数据没有丢失（%1）。请确认磁盘有空间、数据库文件没有被"
            "其他程序占用，然后再导入一次；仍然出错请把这条信息告诉技术支持。",
        ),
        "The database could not be written; nothing was imported and nothing saved was lost (%1). Check that the "
        "disk has space and no other program holds the database file, then import again; if it happens again, "
        "tell technical support.",
    ),
}


@dataclass(frozen=True)
class Choices:
    """What the page offers, read off the UI thread: the sites (code, name) and the export kinds. A station imports
    new households only into its own sites, and exports those and any other its households are at
    (`forms.station_sites`)."""

    sites: list[tuple[str, str]]
    kinds: list[tuple[str, str, str, bool]]  # name, 中文, English, masked (脱敏) unless the clerk unticks it
    export_sites: list[tuple[str, str]]
    maker: str | None = None  # who an export of every site is named by (`maker_in_file_name`); None: 全部安置点


def load_choices(store: Store) -> Choices:
    from forms.excel.export import kinds
    from forms.file_names import maker_in_file_name
    from forms.station_sites import offered_sites

    with store.reading() as session:
        conn = session.connection()
        sites = [(site.code, site.name) for site in offered_sites(conn)]
        export_sites = [(site.code, site.name) for site in offered_sites(conn, held=True)]
        maker = maker_in_file_name(conn)
    return Choices(sites, [(k.name, k.zh, k.en, k.carried) for k in kinds().values()], export_sites, maker)


class ExcelPage(QWidget):
    """导入导出: import a roster workbook with progress and 取消; export any ledger to a file of one's choice."""

    # households may have changed (an import): tables elsewhere should re-read
    data_changed = Signal()

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.account = account
        self.choices: Choices | None = None
        self.exported: ExportResult | None = None
        self._busy = False
        #: The survey date of an import when the computer's date cannot be today (`set_working_day`).
        self.working_day: date | None = None
        self.setObjectName("excel_page")
        self.setAcceptDrops(True)

        heading = QLabel(self.tr("导入导出 Excel"), self)
        heading.setObjectName("excel_heading")
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")

        columns = QHBoxLayout()
        columns.addWidget(self._import_box(), 1)
        columns.addWidget(self._export_box(), 1)

        self.work = WorkProgress("excel", self)
        self.notice = Notice("excel_message", self)

        body = QWidget(self)  # it scrolls on a laptop's screen once an import's result is under the boxes
        layout = QVBoxLayout(body)
        layout.addWidget(heading)
        layout.addLayout(columns)
        layout.addWidget(self.work)
        layout.addWidget(self.notice)
        self.import_panel = ImportOutcome(self)
        layout.addWidget(self.import_panel)
        layout.addWidget(self._export_result())
        layout.addStretch(1)
        self.scroll_area = scroll_page(self, body, "excel")
        self._show_results(None)

    # ---- building ------------------------------------------------------------------------------------------------

    def _import_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("导入花名册"), self)
        box.setObjectName("import_box")
        about = QLabel(
            self.tr(
                "防返贫系统导出的家庭成员表、安置点台账或务工监测表。按证件号码与库里的人对应：已有的更新，"
                "没有的新增。整个文件要么全部保存，要么一行也不改；没能导入的行写进问题清单（文件名.errors.xlsx），"
                "改好后把问题清单再导入一次即可。"
            ),
            box,
        )
        about.setWordWrap(True)
        about.setStyleSheet("color: #37474f;")
        self.drop_zone = QFrame(box)
        self.drop_zone.setObjectName("import_drop_zone")
        self.drop_zone.setStyleSheet(
            "#import_drop_zone { border: 2px dashed #90a4ae; border-radius: 6px; background: #f7f9fa; }"
        )
        drop_text = QLabel(whole_words(self.tr("把 Excel 文件（.xlsx）拖到这里，或者")), self.drop_zone)
        drop_text.setWordWrap(True)
        drop_text.setStyleSheet("font-size: 14px; color: #37474f;")
        self.pick_button = action_button(
            self.drop_zone, "import_pick_button", self.tr("选择文件并导入(&I)…"), self.pick
        )
        self.pick_button.setMinimumHeight(34)
        self.pick_button.setStyleSheet("font-size: 14px; padding: 0 14px;")
        drop_layout = QHBoxLayout(self.drop_zone)
        drop_layout.setContentsMargins(14, 16, 14, 16)
        drop_layout.addWidget(drop_text, 1)
        drop_layout.addWidget(self.pick_button)

        self.import_site = QComboBox(box)
        self.import_site.setObjectName("import_site")
        self.import_site.setAccessibleName(self.tr("新户放入的安置点"))
        self.import_site.setToolTip(self.tr("表里没有“安置点名称”列时，新户放进这里选的安置点。"))
        self.dry_run = QCheckBox(self.tr("只检查，不写入数据库"), box)
        self.dry_run.setObjectName("import_dry_run")
        self.dry_run.setAccessibleName(self.tr("只检查，不写入数据库"))
        self.dry_run.setToolTip(self.tr("先看看会新增、更新多少，哪些行有问题；数据库不会改变。"))
        form = QFormLayout()
        form.addRow(self.tr("新户放入的安置点："), self.import_site)
        form.addRow("", self.dry_run)

        layout = QVBoxLayout(box)
        layout.addWidget(about)
        layout.addWidget(self.drop_zone)
        layout.addLayout(form)
        layout.addStretch(1)
        return box

    def _export_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("导出台账"), self)
        box.setObjectName("export_box")
        self.kinds = QListWidget(box)
        self.kinds.setObjectName("export_kinds")
        self.kinds.setAccessibleName(self.tr("导出哪一种表"))
        self.kinds.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 3px 4px; }")
        self.kinds.itemActivated.connect(lambda _item: self.pick_export_file())
        self.kinds.setMinimumHeight(150)
        self.kinds.currentItemChanged.connect(self._kind_chosen)
        # A list carried door to door or taken to the print shop on a USB stick is easily lost: it comes masked
        # unless the clerk unticks this (`forms.excel.export.masked_ledger`); each kind sets its own default.
        self.export_mask = QCheckBox(self.tr("脱敏：证件号码、电话只显示首尾几位"), box)
        self.export_mask.setObjectName("export_mask")
        self.export_mask.setAccessibleName(self.tr("脱敏"))
        self.export_mask.setToolTip(
            self.tr(
                "打印出来带出门、或存到U盘拿去打印的表请勾选：证件号码只显示前4位和后4位，电话只显示前3位和后4位，"
                "不列出生日期、健康状况和残疾类别，工作人员填写的情况说明（如意愿工种、走访情况记录）写作“（已隐去）”。"
                "脱敏的表不能再导入。"
                "零就业、两后生名单默认勾选；花名册、补助名单默认写完整号码。"
            )
        )
        self.export_site = QComboBox(box)
        self.export_site.setObjectName("export_site")
        self.export_site.setAccessibleName(self.tr("导出哪个安置点"))
        today = computer_today()
        self.export_date = QDateEdit(QDate(today.year, today.month, today.day), box)
        self.export_date.setObjectName("export_date")
        self.export_date.setAccessibleName(self.tr("统计日期"))
        self.export_date.setCalendarPopup(True)
        self.export_date.setDisplayFormat("yyyy-MM-dd")
        self.export_button = action_button(box, "export_button", self.tr("导出(&E)…"), self.pick_export_file)
        self.export_button.setMinimumHeight(34)
        self.export_button.setStyleSheet("font-size: 14px; padding: 0 14px;")
        form = QFormLayout()
        form.addRow(self.tr("安置点："), self.export_site)
        form.addRow(self.tr("统计日期："), self.export_date)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(box)
        layout.addWidget(self.kinds, 1)
        layout.addWidget(self.export_mask)
        layout.addLayout(row)
        return box

    def _export_result(self) -> QWidget:
        self.export_panel = QWidget(self)
        self.export_panel.setObjectName("export_result")
        self.open_export_button = action_button(
            self.export_panel, "open_export_file", self.tr("打开导出的文件"), self.open_export_file
        )
        self.open_export_folder_button = action_button(
            self.export_panel, "open_export_folder", self.tr("打开所在文件夹"), self.open_export_folder
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_export_button)
        buttons.addWidget(self.open_export_folder_button)
        buttons.addStretch(1)
        # Values the database holds that Anju never writes (edited outside it): written as stored, and listed here
        # (`forms.excel.stored`), so the clerk knows which cells of the file to distrust and which records to ask about;
        # so are the members on no sheet because their household is gone, and the cells cut to Excel's limit.
        self.odd_heading = QLabel(self.export_panel)
        self.odd_heading.setObjectName("export_odd_heading")
        self.odd_heading.setWordWrap(True)
        self.odd_heading.setStyleSheet("color: #9a5b00;")
        self.odd_list = QListWidget(self.export_panel)
        self.odd_list.setObjectName("export_odd_values")
        self.odd_list.setAccessibleName(self.tr("安居不会写出的值"))
        self.odd_list.setMaximumHeight(160)
        wrap_items(self.odd_list)
        layout = QVBoxLayout(self.export_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.odd_heading)
        layout.addWidget(self.odd_list)
        return self.export_panel

    def _show_results(self, which: str | None) -> None:
        self.import_panel.setVisible(which == "import")
        self.export_panel.setVisible(which == "export")

    # ---- what there is to choose ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._busy:
            self.refresh()

    def refresh(self) -> None:
        """Read the sites and export kinds again (the county may have sent new sites since)."""
        store = self.store
        self.runner.start(
            lambda _progress: load_choices(store),
            on_done=self.show_choices,
            on_error=self.notice.failed,
            owner=self,
            droppable=True,
        )

    def show_choices(self, choices: Choices) -> None:
        first_time = self.choices is None
        self.choices = choices
        chosen_import, chosen_export = self.import_site.currentData(), self.export_site.currentData()
        self.import_site.clear()
        if len(choices.sites) != 1:
            self.import_site.addItem(self.tr("按表中的安置点列"), BY_FILE)
        self.export_site.clear()
        self.export_site.addItem(self.tr("全部安置点"), BY_FILE)
        named = self.tr("%1（%2）")  # “幸福社区安置点 (S01)” in English: its Chinese brackets are drawn spaced out
        for code, name in choices.sites:
            self.import_site.addItem(named.replace("%2", code).replace("%1", name), code)
        for code, name in choices.export_sites:
            self.export_site.addItem(named.replace("%2", code).replace("%1", name), code)
        for combo, chosen in ((self.import_site, chosen_import), (self.export_site, chosen_export)):
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))
        if first_time:
            for name, zh, en, carried in choices.kinds:
                item = QListWidgetItem(ui_text(zh, en[:1].upper() + en[1:]), self.kinds)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setData(CARRIED_ROLE, carried)
            self.kinds.setCurrentRow(0)
            self._show_every_kind()

    def _show_every_kind(self) -> None:
        """Make the list of kinds tall enough for all of them: at its default height the last kinds (减员名单 and
        after) sat below a scroll bar a clerk does not look for, beside half a page of empty room. The page itself
        scrolls on a small screen."""
        rows = sum(self.kinds.sizeHintForRow(row) for row in range(self.kinds.count()))
        self.kinds.setMinimumHeight(max(150, rows + 2 * self.kinds.frameWidth() + 2))

    # ---- busy ------------------------------------------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str = "") -> None:
        """One import or export at a time: while it runs, its progress shows and the buttons that start one rest."""
        self._busy = busy
        if busy:
            self.work.start(text)
        else:
            self.work.stop()
        for widget in (
            self.pick_button,
            self.import_site,
            self.dry_run,
            self.export_button,
            self.kinds,
            self.export_mask,
        ):
            widget.setEnabled(not busy)

    @property
    def busy(self) -> bool:
        return self._busy

    def _failed(self, exc: BaseException, _traceback: str) -> None:
        self._set_busy(False)
        self.notice.error(*error_texts(exc))

    def _refuse(self, key: str, *values: str) -> None:
        """Say one of this page's `MESSAGES`, its %1, %2 … filled with ``values``."""
        zh, en = MESSAGES[key]
        zh = self.tr(zh)
        for number, value in enumerate(values, 1):
            zh, en = zh.replace(f"%{number}", value), en.replace(f"%{number}", value)
        self.notice.error(zh, en)

    # ---- import ----------------------------------------------------------------------------------------------------

    def pick(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要导入的 Excel 文件"),
            default_folder(),
            # WPS's .et and LibreOffice's .ods are read too (`forms.excel.reader`): hidden, clerks thought them refused.
            self.tr("表格文件 (*.xlsx *.xlsm *.xls *.et *.ods);;所有文件 (*)"),
        )
        if path:
            self.start_import(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
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
            self.notice.info(self.tr("正在处理上一个文件，请等它完成后再拖入。"))
        elif len(paths) > 1 or paths[0].is_dir():
            self._refuse("one_file")
        else:
            self.start_import(paths[0])

    def start_import(self, path: Path) -> Task[ImportResult] | None:
        """Import ``path`` in the background; the bar follows the rows, and 取消 rolls everything back."""
        if self._busy:
            return None
        store, site = self.store, self.import_site.currentData() or None
        dry_run, actor = self.dry_run.isChecked(), self.account.username
        reading = self.tr("正在读取“%1”……").replace("%1", path.name)
        checking_text = self.tr("正在检查“%1”：%2/%3 行").replace("%1", path.name)
        rows_text = self.tr("正在导入“%1”：%2/%3 行").replace("%1", path.name)
        saving = self.tr("正在保存，并写出问题清单……")
        saving_text = self.tr("正在保存“%1”：%2/%3 条记录").replace("%1", path.name)
        self.notice.clear()
        self._show_results(None)
        self._set_busy(True, reading)

        on = self.working_day or computer_today()  # ages, 务工时间 → start months, IDs born after it

        def work(progress: Progress) -> ImportResult:
            from forms.excel.apply import Cancelled as ImportCancelled
            from forms.excel.apply import ImportOptions
            from forms.excel.roster_import import import_roster

            report = step_reporter(progress)
            report(0, 0, reading)

            def checked(done: int, total: int) -> None:
                # The first pass over a big file (cleaning every row) takes as long as the import proper.
                if progress.cancelled:
                    raise ImportCancelled  # inside the import's transaction: it rolls back
                report(done, total, checking_text.replace("%2", str(done)).replace("%3", str(total)))

            def rows(done: int, total: int) -> None:
                if progress.cancelled:
                    raise ImportCancelled  # inside the import's transaction: it rolls back
                text = rows_text.replace("%2", str(done)).replace("%3", str(total))
                report(done, total, saving if total and done >= total else text)

            def saved(done: int, total: int) -> None:
                # Writing a county's roster takes as long again: the bar moves through it too.
                report(
                    done,
                    total,
                    saving if done >= total else saving_text.replace("%2", str(done)).replace("%3", str(total)),
                )

            options = ImportOptions(
                on=on,
                site_code=site,
                actor=actor,
                dry_run=dry_run,
                progress=rows,
                checked=checked,
                saved=saved,
                cancelled=lambda: progress.cancelled,
            )
            try:
                return import_roster(store, path, options)
            except ImportCancelled:
                raise Cancelled from None

        task = self.runner.start(
            work,
            on_done=self._imported,
            on_error=lambda exc, tb: self._import_failed(path, exc, tb),
            on_progress=self.work.step,
            on_cancelled=self._import_cancelled,
            owner=self,
            droppable=True,  # closing the window cancels it: the import rolls back (not a minute's wait to save)
        )
        self.work.follow(task)
        return task

    def _imported(self, result: ImportResult) -> None:
        late = self.work.cancelled
        self._set_busy(False)
        self.import_panel.show_result(result)
        if result.dry_run:
            done = self.tr("检查完成，没有写入数据库：“%1”。去掉“只检查”后再导入一次即可保存。")
        else:
            done = self.tr("导入完成：“%1”，已保存。")
        text = done.replace("%1", result.file.name)
        if late:
            text += "\n" + self.tr("取消时导入已在保存，来不及取消：数据已保存。")
        if result.problem_list_removed and result.errors_path is not None:
            text += "\n" + self.tr("导入的问题清单已删除（它含有证件号码）：还要改的行都写进了新的问题清单。")
        elif result.problem_list_removed:
            text += "\n" + self.tr("问题清单里的行已全部导入，问题清单已删除：它含有证件号码，已不再需要。")
        if result.errors_path is not None:
            # Written beside the roster, most often on its stick: what it holds, and that it goes once imported.
            text += "\n" + self.tr(
                "问题清单含姓名和完整的证件号码：改好后再导入一次，全部导入后会自动删除；不要另存，也不要留在U盘上。"
            )
        self.notice.ok(text)
        self._show_results("import")
        # On a laptop's screen the result is under the boxes, out of view: bring it (with its problem list) in.
        QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(self.import_panel, 0, 0))
        if not result.dry_run:
            self.data_changed.emit()

    def _import_cancelled(self) -> None:
        self._set_busy(False)
        self.notice.info(self.tr("已取消导入：数据库没有任何改动，也没有写出问题清单。"))

    def _import_failed(self, path: Path, exc: BaseException, traceback: str) -> None:
        from forms.excel import SITE_NEEDED, ErrorsNotWritten, ExcelError

        self._set_busy(False)
        if isinstance(exc, ExcelError) and exc.code == SITE_NEEDED and not self.import_site.currentData():
            # The importer words this for the command line; here the site is chosen on the page.
            self._refuse("site_needed", path.name)
            self.import_site.setFocus()
        elif isinstance(exc, ErrorsNotWritten):
            # The import was saved; only its list of problems could not be written (open in Excel, say).
            self.notice.error(exc.zh, exc.en)
            self.data_changed.emit()
        elif isinstance(exc, SQLAlchemyError):
            self._refuse("database", str(getattr(exc, "orig", None) or exc).splitlines()[0])
        else:
            self._failed(exc, traceback)

    # ---- export ----------------------------------------------------------------------------------------------------

    def default_export_name(self) -> str:
        """The name the save dialog suggests, the one ``anju export --out FOLDER`` gives (`export_file_name`):
        ledger, the station or county that exported it, site with its code, date
        (零就业家庭跟进清单-者海镇工作站-幸福社区（530326AZ001）-20261130.xlsx: two stations serve one site); every
        site is named by who exported them (零就业家庭跟进清单-者海镇工作站-20261130.xlsx)."""
        item = self.kinds.currentItem()
        kind = item.text() if item is not None else "anju"
        code = self.export_site.currentData()
        names = dict(self.choices.export_sites) if self.choices is not None else {}
        maker = self.choices.maker if self.choices is not None else None
        place = site_in_file_name(names.get(code, code), code) if code else maker or self.tr("全部安置点")
        on = date.fromisoformat(self.export_date.date().toString("yyyy-MM-dd"))
        masked = self.tr("脱敏") if self.export_mask.isChecked() else None
        return export_file_name(kind, place, on, masked, maker=maker if code else None)

    def _kind_chosen(self, item: QListWidgetItem | None) -> None:
        """Each kind comes masked or not as it is usually used (the clerk may change it before exporting)."""
        if item is not None:
            self.export_mask.setChecked(bool(item.data(CARRIED_ROLE)))

    def pick_export_file(self) -> None:
        if self._busy or self.kinds.currentItem() is None:
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("导出到"),
            str(Path(default_folder()) / self.default_export_name()),
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if chosen:
            path = Path(chosen)
            self.start_export(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))

    def set_working_day(self, day: date | None) -> None:
        """The computer's date cannot be today (``day``: the latest known to have come), or can again (None): an
        import counts from ``day``, and the export's 统计日期, if the clerk left it at the computer's date, shows it."""
        shown = self.export_date.date().toString("yyyy-MM-dd")
        if shown in {computer_today().isoformat(), (self.working_day or computer_today()).isoformat()}:
            target = day or computer_today()
            self.export_date.setDate(QDate(target.year, target.month, target.day))
        self.working_day = day

    def start_export(self, path: Path) -> Task[ExportResult] | None:
        """Write the chosen ledger to ``path`` in the background; 取消 leaves no file (and any old one as it was)."""
        item = self.kinds.currentItem()
        if self._busy or item is None:
            return None
        store, kind, title = self.store, str(item.data(Qt.ItemDataRole.UserRole)), item.text()
        site = self.export_site.currentData() or None
        masked = self.export_mask.isChecked()
        on = date.fromisoformat(self.export_date.date().toString("yyyy-MM-dd"))
        preparing = self.tr("正在整理“%1”……").replace("%1", title)
        writing = self.tr("正在写出“%1”：已写 %2 行").replace("%1", title)
        writing_of = self.tr("正在写出“%1”：已写出 %2 / %3 行").replace("%1", title)
        if kind == "household":  # a page (or two) per household: counted in households
            writing_of = self.tr("正在写出“%1”：已写出 %2 / %3 户").replace("%1", title)
        self.notice.clear()
        self._show_results(None)
        self._set_busy(True, preparing)

        def work(progress: Progress) -> ExportResult:
            from forms.excel.export import ExportCancelled, ExportOptions, export

            report = step_reporter(progress)
            report(0, 0, preparing)
            total = 0  # the ledger's rows, once it is read: the bar then says how far the writing is

            def counted(rows: int) -> None:
                nonlocal total
                total = rows
                report(0, total, writing_of.replace("%2", "0").replace("%3", f"{total:,}"))

            def written(rows: int) -> None:
                if total:
                    report(rows, total, writing_of.replace("%2", f"{rows:,}").replace("%3", f"{total:,}"))
                else:
                    report(0, 0, writing.replace("%2", f"{rows:,}"))

            options = ExportOptions(
                on=on,
                site_code=site,
                progress=written,
                total=counted,
                cancelled=lambda: progress.cancelled,
                masked=masked,
            )
            progress.check()
            try:
                return export(store, kind, path, options)
            except ExportCancelled:
                raise Cancelled from None

        task = self.runner.start(
            work,
            on_done=self._exported,
            on_error=self._failed,
            on_progress=self.work.step,
            on_cancelled=self._export_cancelled,
            owner=self,
            droppable=True,  # closing the window cancels it: no file is left
        )
        self.work.follow(task)
        return task

    def _exported(self, result: ExportResult) -> None:
        self._set_busy(False)
        self.exported = result
        done = (
            self.tr("已导出“%1”：%2 户，写入 %3")
            if result.kind == "household"
            else self.tr("已导出“%1”：%2 行，写入 %3")
        )
        text = done.replace("%1", result.title).replace("%2", str(result.rows)).replace("%3", str(result.path))
        # A full roster copied to a stick for the county is as easily lost as a list carried door to door: say
        # what it holds (a masked one, what it masked and whether it can be imported again), in `anju export`'s
        # very words (`forms.excel.commands.full_numbers`, `masked_numbers`).
        from forms.excel.commands import full_numbers, masked_numbers

        held = ui_text(*(masked_numbers(result) if result.masked else full_numbers(result)))
        if held:  # the summary names nobody: nothing to say
            text += "\n" + held
        self.notice.ok(text)
        self._show_odd_values(result)
        self._show_results("export")

    def _show_odd_values(self, result: ExportResult) -> None:
        """What the file was written with that the clerk must know of: odd stored values, members on no sheet, cut
        cells — a paragraph each above one list of their lines, in that order."""
        from forms.excel.cell_limit import cut_lines
        from forms.excel.stored import odd_lines

        self.odd_list.clear()
        self.odd_heading.setVisible(result.noted)
        self.odd_list.setVisible(result.noted)
        if not result.noted:
            return
        said = []
        if result.odd:
            said.append(
                self.tr(
                    "注意：数据库里有 %1 个安居不会写出的值（数据库文件可能在安居之外被改过），已按原样写入表格，"
                    "读不出的日期在算年龄、劳动力时按未填处理。请技术人员运行 anju-console audit --db 数据库文件，"
                    "查看下列记录在安居之外被改成了什么、原来是什么，再从备份恢复或请县里处理，改正后重新导出。"
                ).replace("%1", str(len(result.odd)))
            )
            self.odd_list.addItems(odd_lines(result.odd, limit=200))
        if result.lost:
            said.append(
                self.tr(
                    "注意：有 %1 名成员所属的户在数据库里不存在（数据库文件可能损坏，或在安居之外被改过），"
                    "这些成员没有写入本表，也没有计入任何人数，表是不全的。请技术人员运行 "
                    "anju-console audit --db 数据库文件，查看这些户是何时在安居之外被删除的，"
                    "再用之前的备份恢复（「设置」页的「从备份恢复…」）或请县里处理，恢复后重新导出。"
                ).replace("%1", str(len(result.lost)))
            )
            self.odd_list.addItems([member.line() for member in result.lost[:200]])
        if result.cut:
            said.append(
                self.tr(
                    "注意：有 %1 个单元格的内容超出 Excel 每格 32767 字的上限，已截断，"
                    "末尾注明“已截断，完整内容见系统”。完整内容请在住户编辑里查看；需要时把它缩短或分开记录，再重新导出。"
                ).replace("%1", str(len(result.cut)))
            )
            self.odd_list.addItems(cut_lines(result.cut, limit=200))
        self.odd_heading.setText("\n".join(said))

    def _export_cancelled(self) -> None:
        self._set_busy(False)
        self.notice.info(self.tr("已取消导出：没有写出文件（同名的旧文件保持原样）。"))

    def open_export_file(self) -> None:
        if self.exported is not None:
            open_in_system(self.exported.path)

    def open_export_folder(self) -> None:
        if self.exported is not None:
            open_in_system(self.exported.path.parent)

"""导入导出 screen: a messy roster into a real store with progress, counts, the problem list and 取消; refusals in
中文 first; every ledger out to a real file. Real workbooks, real stores, the real task runner."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QLocale, QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QTextLayout
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.excel_page import ExcelPage
from desktop.tasks import TaskRunner
from forms.accounts import Account
from forms.demo import write_demo
from forms.excel.export import ExportOptions, export, kinds
from forms.records import Employment, Household, JournalEntry, Member, Site
from forms.store import Store
from tests.failing_drives import open_in_excel
from tests.test_excel_import import HEAD, SITE, WANG, WANG_SON, WANG_WIFE, WIFE, ZHAO, messy_roster

ZHANG = Account("zhang", "张站长", "站长")
ROSTER_ROWS = 13  # data rows of the messy roster under its header (tests/test_excel_import.py)


@pytest.fixture
def site_store(store: Store) -> Store:
    with store.unit_of_work("test") as uow:
        uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
    return store


def open_page(qtbot: QtBot, store: Store, runner: TaskRunner) -> ExcelPage:
    page = ExcelPage(store, runner, ZHANG)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitUntil(lambda: page.choices is not None, timeout=5000)
    return page


@contextmanager
def runner_held(runner: TaskRunner) -> Iterator[None]:
    """Keep the runner's one worker busy, so a job started meanwhile waits in the queue until the block ends."""
    started, gate = threading.Event(), threading.Event()

    def hold(_progress: object) -> None:
        started.set()
        gate.wait(10)

    runner.start(hold)
    assert started.wait(5)
    try:
        yield
    finally:
        gate.set()


def roster_with_work_sheet(path: Path) -> Path:
    """The messy roster, plus a 务工监测 sheet: two sheets, so the bar moves in two steps."""
    messy_roster(path)
    book = openpyxl.load_workbook(path)
    ws = book.create_sheet("务工监测")
    ws.append(["姓名", "证件号码", "就业形式", "务工地域", "开始时间", "结束时间", "务工月收入"])
    ws.append(["李四", WIFE, "县内务工", "县内", "2024年05月", "2025年01月", 2500])
    ws.append(["王五", WANG, "外出务工", "省外", "2025年02月", None, 5000])  # reported: not imported from the roster
    # The roster gives 张三 务工时间（月）6 and no 开始时间: the import counts his start back from this month, and
    # this row names that start, so it updates his spell (the page imports as of today).
    started = date.today().year * 12 + date.today().month - 1 - 5
    ws.append(["张三", HEAD, "外出务工", "省外", f"{started // 12}年{started % 12 + 1:02d}月", None, "4000"])
    book.save(path)
    return path


def counts(store: Store) -> tuple[int, int, int, int]:
    with store.reading() as session:
        return tuple(  # type: ignore[return-value]
            int(session.execute(select(func.count()).select_from(model)).scalar_one())
            for model in (Household, Member, Employment, JournalEntry)
        )


def table_row(page: ExcelPage, row: int) -> list[str]:
    return [page.import_panel.counts.item(row, c).text() for c in range(page.import_panel.counts.columnCount())]


class Opened(QObject):
    """Receives what the page asks the system to open (QDesktopServices' handler for file: URLs)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened() -> Iterator[Opened]:
    handler = Opened()
    QDesktopServices.setUrlHandler("file", handler, "open")  # type: ignore[arg-type]
    yield handler
    QDesktopServices.unsetUrlHandler("file")


# ---- import ------------------------------------------------------------------------------------------------------


def test_an_import_moves_the_bar_and_shows_the_counts_and_the_problem_list(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path, opened: Opened
) -> None:
    path = roster_with_work_sheet(tmp_path / "花名册.xlsx")
    page = open_page(qtbot, site_store, runner)
    assert page.import_site.currentData() == SITE[0]  # the only site: new households go there
    reports: list[tuple[int, int, str]] = []
    bar: list[int] = []
    page.work.bar.valueChanged.connect(bar.append)
    with runner_held(runner):
        task = page.start_import(path)
        assert task is not None and page.busy and page.work.isVisible()
        assert not page.pick_button.isEnabled() and page.work.cancel_button.isVisible()
        task.signals.progress.connect(lambda done, total, text: reports.append((done, total, text)))
    with qtbot.waitSignal(page.data_changed, timeout=20_000):  # the 住户 table and the counts re-read
        pass
    qtbot.waitUntil(lambda: not page.busy, timeout=5000)

    assert reports[0] == (0, 0, "正在读取“花名册.xlsx”……")
    # First every row under the headers is checked (cleaned, repaired), sheet by sheet …
    checks = [(done, total) for done, total, text in reports if text.startswith("正在检查")]
    under = ROSTER_ROWS + 3 + 3  # the data rows, a blank row, a column-number row, a 合计 row
    assert checks == [(under - 3, under), (under, under)]  # the roster sheet, then the 务工 sheet
    assert "正在检查“花名册.xlsx”：16/19 行" in [text for *_, text in reports]
    # … then the data rows are imported.
    checked_and_imported = len(checks) + 3
    steps = [(done, total) for done, total, _text in reports[len(checks) + 1 : checked_and_imported + 1]]
    total = ROSTER_ROWS + 3
    assert steps == [(0, total), (ROSTER_ROWS, total), (total, total)]  # the roster sheet, then the 务工 sheet
    assert "正在导入“花名册.xlsx”：13/16 行" in [text for *_, text in reports]
    # … and last the records are written: households, members, spells (new and changed), the bar moving again.
    saved = [(done, total) for done, total, _text in reports[checked_and_imported + 1 :]]
    records = saved[-1][1]
    assert [done for done, _ in saved] == sorted(done for done, _ in saved) and saved[-1] == (records, records)
    assert {total for _, total in saved} == {records} and len(saved) == 3  # after each kind of record
    assert reports[-1][2] == "正在保存，并写出问题清单……"
    assert bar[:5] == [under - 3, under, 0, ROSTER_ROWS, total] and not page.work.isVisible()

    households, members, spells, _journal = counts(site_store)
    assert "导入完成：“花名册.xlsx”，已保存。" in page.notice.text()
    assert table_row(page, 0) == ["户", str(households), "0", "0"]
    assert table_row(page, 1) == ["成员", str(members), "0", "0"]
    assert table_row(page, 2) == ["务工记录", str(spells), "1", "0"]  # the 务工 sheet updates the roster's spell
    rows = page.import_panel.row_counts.text()
    assert "新增 8" in rows and "与前面重复的行合并 1 行" in rows and "未导入 6 行" in rows

    errors = tmp_path / "花名册.errors.xlsx"
    assert errors.is_file() and str(errors) in page.import_panel.errors_label.text()
    assert "问题清单含姓名和完整的证件号码" in page.notice.text()  # beside the roster, on its stick: said so
    assert page.import_panel.open_folder_button.isVisible()
    page.import_panel.open_folder_button.click()
    page.import_panel.open_errors_button.click()
    assert [url.toLocalFile() for url in opened.urls] == [str(tmp_path), str(errors)]

    # The same file again: every row is there already, nothing is written.
    before = counts(site_store)
    assert page.start_import(path) is not None
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert counts(site_store) == before and "无变化" in page.import_panel.counts.horizontalHeaderItem(3).text()
    assert table_row(page, 1)[1:] == ["0", "0", str(members)]


def ledger_with_a_lost_number(path: Path) -> None:
    """A 台账 of one family whose son's ID number Excel turned into 5.30326E+17: that row goes to the problem list."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系"])
    ws.append(["1", SITE[1], "王五", WANG, "户主"])
    ws.append(["1", SITE[1], "王小", "5.30326E+17", "之子"])  # Excel lost its digits
    book.save(path)


def fix_the_lost_number(listed: Path) -> None:
    """The clerk types the whole number into the problem list and saves it."""
    book = openpyxl.load_workbook(listed)
    ws = book["Sheet"]
    header = next(row for row in ws.iter_rows() if any(c.value == "证件号码" for c in row))
    ws.cell(header[0].row + 1, next(c.column for c in header if c.value == "证件号码")).value = WIFE
    book.save(listed)


def test_a_problem_list_imported_in_full_is_deleted_and_the_page_says_so(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    ledger_with_a_lost_number(tmp_path / "台账.xlsx")
    page = open_page(qtbot, site_store, runner)
    page.start_import(tmp_path / "台账.xlsx")
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    listed = tmp_path / "台账.errors.xlsx"
    fix_the_lost_number(listed)

    page.start_import(listed)
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert "问题清单已删除" in page.notice.text() and not listed.exists()
    assert (tmp_path / "台账.xlsx").exists()


def test_cancel_rolls_the_import_back_and_says_so(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    path = roster_with_work_sheet(tmp_path / "roster.xlsx")
    page = open_page(qtbot, site_store, runner)
    before = counts(site_store)

    # 取消 pressed while the import still waits for the worker: it never starts.
    with runner_held(runner):
        page.start_import(path)
        assert page.work.cancel_button.isEnabled()
        page.work.cancel_button.click()
        assert "正在取消" in page.work.text.text() and not page.work.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert "已取消导入：数据库没有任何改动" in page.notice.text()
    assert counts(site_store) == before and not (tmp_path / "roster.errors.xlsx").exists()

    # Cancelled in the middle: the roster sheet is applied inside the transaction when the cancel comes.
    with runner_held(runner):
        task = page.start_import(path)
        assert task is not None

        def cancel_after_the_roster(done: int, _total: int, _text: str) -> None:
            if done > 0:
                task.cancel()  # runs on the worker thread, right after the report

        task.signals.progress.connect(cancel_after_the_roster, Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert "已取消导入" in page.notice.text() and not page.import_panel.isVisible()
    assert counts(site_store) == before and not (tmp_path / "roster.errors.xlsx").exists()
    assert site_store.verify_journal().ok


def test_closing_the_window_during_an_import_cancels_it_instead_of_waiting_to_save(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """Closing (`MainWindow.closeEvent` shuts the runner down) must not wait out a county roster's import with the
    window frozen, and then save what nobody is there to see: the import stops at its next check and rolls back."""
    path = roster_with_work_sheet(tmp_path / "roster.xlsx")
    page = open_page(qtbot, site_store, runner)
    before = counts(site_store)
    reported, gate = threading.Event(), threading.Event()
    task = page.start_import(path)
    assert task is not None

    def hold_after_first_report(_done: int, _total: int, _text: str) -> None:
        reported.set()  # on the worker thread: the import is under way when the window closes
        gate.wait(10)

    task.signals.progress.connect(hold_after_first_report, Qt.ConnectionType.DirectConnection)
    assert reported.wait(10)
    threading.Timer(0.2, gate.set).start()
    runner.shutdown()
    assert task.progress.cancelled
    assert counts(site_store) == before and not (tmp_path / "roster.errors.xlsx").exists()


def test_files_that_are_not_a_roster_are_refused_in_chinese_first(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    page = open_page(qtbot, site_store, runner)
    before = counts(site_store)

    def refused(path: Path, *words: str) -> str:
        assert page.start_import(path) is not None
        qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
        lines = page.notice.text().splitlines()
        assert page.notice.isVisible() and len(lines) >= 2
        for word in words:
            assert word in lines[0], lines  # the Chinese line comes first …
        assert lines[-1].isascii() or "“" in lines[-1]  # … the English after it
        assert counts(site_store) == before and not page.import_panel.isVisible()
        return page.notice.text()

    (tmp_path / "list.xlsx").write_text("姓名,证件号码\n张三,110105194912310021\n", encoding="utf-8")
    text = refused(tmp_path / "list.xlsx", "不是Excel工作簿", "另存为")
    assert "is a text (CSV) file" in text
    (tmp_path / "photo.xlsx").write_bytes(bytes(range(256)) * 4)
    refused(tmp_path / "photo.xlsx", "不是Excel工作簿")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    refused(tmp_path / "empty.xlsx", "空的")
    visits = openpyxl.Workbook()
    sheet = visits.active
    assert sheet is not None
    sheet.title = "走访记录"
    sheet.append(["走访日期", "走访人", "情况"])
    sheet.append(["2026-11-01", "李", "在家"])
    visits.save(tmp_path / "visits.xlsx")
    refused(tmp_path / "visits.xlsx", "没有可以导入的花名册", "走访记录")


def test_a_dropped_file_is_imported_and_a_roster_without_sites_asks_for_one(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    with site_store.unit_of_work("test") as uow:
        uow.add(Site(code="530326AZ002", name="阳光小区安置点", county="会泽县"))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["户主证件号码", "姓名", "证件号码", "与户主关系", "劳动技能"])
    sheet.append([HEAD, "张三", HEAD, "户主", "普通劳动力"])
    sheet.append([HEAD, "李四", WIFE, "配偶", "普通劳动力"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    page = open_page(qtbot, site_store, runner)
    assert page.import_site.currentData() == "" and page.import_site.count() == 3  # 按表中的安置点列 + 2 sites

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(page, QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, buttons, keys))
    qtbot.waitUntil(lambda: page.notice.isVisible() and not page.busy, timeout=10_000)
    assert "新户放入的安置点" in page.notice.text() and "--site" not in page.notice.text()
    assert "未导入任何数据" in page.notice.text() and counts(site_store)[1] == 0

    page.import_site.setCurrentIndex(page.import_site.findData("530326AZ002"))
    page.start_import(path)
    qtbot.waitUntil(lambda: "导入完成" in page.notice.text(), timeout=10_000)
    with site_store.reading() as session:
        sites = set(session.scalars(select(Site.code).join(Household, Household.site_id == Site.id)))
    assert sites == {"530326AZ002"} and table_row(page, 1)[1] == "2"


def test_check_only_writes_nothing(qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    page = open_page(qtbot, site_store, runner)
    before = counts(site_store)
    page.dry_run.setChecked(True)
    page.start_import(path)
    qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible(), timeout=10_000)
    assert "检查完成，没有写入数据库" in page.notice.text() and counts(site_store) == before
    assert int(table_row(page, 1)[1]) > 0  # what an import would add


def family_of_five(path: Path, door: str) -> Path:
    """One household of five, its 门牌号 (a household's field) written on each of its rows, as rosters have it."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "门牌号", "姓名", "证件号码", "与户主关系"])
    people = [("王五", WANG, "户主"), ("李芳", WANG_WIFE, "配偶"), ("王小", WANG_SON, "之子")]
    people += [("王二", ZHAO, "之子"), ("王三", HEAD, "之子")]
    for name, number, relation in people:
        ws.append(["1", SITE[1], door, name, number, relation])
    book.save(path)
    return path


def test_five_rows_changing_one_households_field_do_not_read_as_five_updates_against_one(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """The clerk moved a family to another door and checked the roster: the line said “更新 5” and the table
    户 更新 1, 成员 更新 0. Both true (five rows, one household record), but it read as a contradiction."""
    page = open_page(qtbot, site_store, runner)
    page.start_import(family_of_five(tmp_path / "一户.xlsx", "101"))
    qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible(), timeout=10_000)
    assert "新增 5 行" in page.import_panel.row_counts.text()
    assert "下表只算这一户更新" not in page.import_panel.row_counts.text()  # no household changed: nothing to explain

    before = counts(site_store)
    page.dry_run.setChecked(True)
    page.start_import(family_of_five(tmp_path / "搬了门牌.xlsx", "202"))
    qtbot.waitUntil(lambda: not page.busy and "检查完成" in page.notice.text(), timeout=10_000)
    assert counts(site_store) == before
    assert table_row(page, 0) == ["户", "0", "1", "0"] and table_row(page, 1) == ["成员", "0", "0", "5"]
    line = page.import_panel.row_counts.text()
    assert "可以导入 5 行，其中新增 0 行、有改动 5 行、与库里相同 0 行" in line
    assert "几行有同一处改动时，下表只算这一户更新 1 次，这几行的成员本身没有改的仍算无变化" in line


def test_on_a_laptop_screen_an_imports_result_is_in_view_and_nothing_overlaps(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """1366×768 at Windows' 125% leaves this page about 960×500. With an import's result under the boxes, the
    export box's 安置点 row was drawn over its list of ledgers, and the import box's site over its drop zone (the
    wrapped texts needed more height than the page had); the problem list sat at the window's lower edge. The page
    scrolls instead, to the result once an import is done."""
    path = messy_roster(tmp_path / "花名册.xlsx")
    page = open_page(qtbot, site_store, runner)
    page.resize(1093 - 130, 500)  # the screen less the navigation; the window less its title bar and status bar
    page.start_import(path)
    qtbot.waitUntil(lambda: not page.busy and page.import_panel.isVisible(), timeout=20_000)
    assert page.height() <= 500
    pairs = ((page.kinds, page.export_site), (page.drop_zone, page.import_site))
    # Once Qt has laid the page out again for the result (a pass of the event loop, longer on a busy machine).
    qtbot.waitUntil(lambda: all(a.geometry().bottom() < b.geometry().top() for a, b in pairs), timeout=2000)
    label = page.import_panel.errors_label
    assert "已写入问题清单" in label.text()

    def in_view(widget: QWidget) -> bool:
        corners = (widget.rect().topLeft(), widget.rect().bottomRight())
        return all(page.rect().contains(widget.mapTo(page, corner)) for corner in corners)

    qtbot.waitUntil(lambda: in_view(label) and in_view(page.import_panel.open_errors_button), timeout=2000)


def test_on_a_1024_screen_the_drop_zone_text_breaks_between_words(
    qtbot: QtBot, site_store: Store, runner: TaskRunner
) -> None:
    """Qt breaks Chinese between any two characters: the drop zone said “把 Excel 文件（.xlsx）拖到这 / 里，或者” on
    a 1024 screen, and “… 拖到这里，或 / 者” once an import's result gave the page a scroll bar."""
    page = open_page(qtbot, site_store, runner)
    (label,) = [w for w in page.drop_zone.findChildren(QLabel) if "xlsx" in w.text()]
    for width in (1024 - 130, 1093 - 130 - 16):  # the screen less the navigation (and a scroll bar)
        page.resize(width, 600)
        qtbot.waitUntil(lambda w=width: page.width() == w)
        layout = QTextLayout(label.text(), label.font())
        layout.beginLayout()
        breaks = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(label.contentsRect().width())
            breaks.append(line.textStart())
        layout.endLayout()
        shown = label.text()
        assert len(breaks) > 1, width  # the text does wrap there
        for at in breaks[1:]:
            before, after = shown[:at].replace("\u2060", ""), shown[at:].replace("\u2060", "")
            assert not (before[-1] in HANZI and after[0] in HANZI), (width, before, after)
    assert label.text().replace("\u2060", "") == "把 Excel 文件（.xlsx）拖到这里，或者"  # what is read out


HANZI = {chr(c) for c in range(0x4E00, 0xA000)}


# ---- export ------------------------------------------------------------------------------------------------------


@pytest.fixture
def demo(store: Store) -> Store:
    write_demo(store, 60, seed=7, today=date(2026, 11, 29))
    return store


def header_row(path: Path) -> list[Any]:
    """The column headers: row 3 under the title and the stamp, or row 4 under grouped headers (汇总表)."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    for row in sheet.iter_rows(min_row=3, max_row=4, values_only=True):
        if "安置点名称" in row:
            return list(row)
    raise AssertionError(f"no header row in {path.name}")


def test_every_ledger_is_exported_to_the_file_chosen(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: Opened
) -> None:
    page = open_page(qtbot, demo, runner)
    names = [page.kinds.item(r).text() for r in range(page.kinds.count())]
    assert names == [kind.zh for kind in kinds().values()]
    assert {"零就业家庭跟进清单", "务工监测表", "两后生名单", "就业创业服务补助名单"} <= set(names)
    suggested: list[str] = []

    def save_as(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(Path(start).name)
        return str(tmp_path / Path(start).stem), ""  # typed without .xlsx: the page adds it

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    page.export_date.setDate(page.export_date.date().fromString("2026-11-29", "yyyy-MM-dd"))
    for row, (name, kind) in enumerate(kinds().items()):
        page.kinds.setCurrentRow(row)
        page.export_button.click()
        qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible(), timeout=20_000)
        written = tmp_path / f"{kind.zh}-全部安置点-20261129{'-脱敏' if kind.carried else ''}.xlsx"
        assert suggested[-1] == written.name
        assert "已导出" in page.notice.text() and str(written) in page.notice.text(), page.notice.text()
        # A full copy says what it holds, as a masked one says it is masked; the summary names nobody.
        if kind.carried or name == "summary":
            assert "未脱敏" not in page.notice.text()
        else:
            assert "本表未脱敏，含完整的证件号码" in page.notice.text(), name
            assert ("健康状况" in page.notice.text()) == (name in ("members", "household")), name
        reference = export(demo, name, tmp_path / f"cli-{name}.xlsx", ExportOptions(on=date(2026, 11, 29)))
        if kind.build is None:  # the 家庭基本情况表: a page per household, the very pages `anju export` writes
            first_column = [[row[0] for row in openpyxl.load_workbook(p).worksheets[0].iter_rows(values_only=True)]
                            for p in (written, reference.path)]  # fmt: skip
            assert first_column[0] == first_column[1] and "户主（签字）：______________" in first_column[0]
            assert "户，写入" in page.notice.text()  # households, not rows
            continue
        assert header_row(written) == header_row(reference.path)  # the very ledger `anju export` writes
        assert openpyxl.load_workbook(written).worksheets[0]["A1"].value == reference.title

    page.open_export_folder_button.click()
    assert opened.urls[-1].toLocalFile() == str(tmp_path)
    # One site only: its name and code are in the file name (tests/test_export_file_names.py).
    page.export_site.setCurrentIndex(1)
    site_name = page.export_site.currentText()  # 幸福社区（530326AZ001）
    page.kinds.setCurrentRow(0)
    assert page.default_export_name() == f"{names[0]}-{site_name}-20261129.xlsx"


@pytest.mark.parametrize("size", [(1280 - 130, 800 - 60), (1093 - 130, 500)])
def test_every_kind_of_ledger_is_in_view_without_scrolling_the_list(
    qtbot: QtBot, demo: Store, runner: TaskRunner, size: tuple[int, int]
) -> None:
    """The list of kinds kept its default height: on a 1280×800 screen 减员名单 was cut in half and the kinds after
    it sat below a scroll bar, beside half a page of empty room. All show now; on a laptop the page scrolls."""
    page = open_page(qtbot, demo, runner)
    page.resize(*size)
    listed = page.kinds
    qtbot.waitUntil(lambda: page.width() == size[0])
    viewport = listed.viewport().rect()
    for row in range(listed.count()):
        item = listed.item(row)
        assert viewport.contains(listed.visualItemRect(item)), (size, item.text())
    assert not listed.verticalScrollBar().isVisible()


def test_the_lists_carried_door_to_door_come_masked_and_the_clerk_may_choose(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """The 零就业 list printed for the round of visits put every household's whole phone (and the 两后生 list every
    young person's ID number) on paper and on the print shop's stick."""
    page = open_page(qtbot, demo, runner)
    page.export_date.setDate(page.export_date.date().fromString("2026-11-29", "yyyy-MM-dd"))
    rows = {kind: row for row, kind in enumerate(kinds())}
    page.kinds.setCurrentRow(rows["two-after"])
    assert page.export_mask.isChecked() and page.default_export_name().endswith("-20261129-脱敏.xlsx")
    page.start_export(tmp_path / "两后生.xlsx")
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    ws = openpyxl.load_workbook(tmp_path / "两后生.xlsx").worksheets[0]
    ids = [r[8] for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert ws["A1"].value.endswith("（脱敏）") and ids and all("**********" in i for i in ids)

    page.export_mask.setChecked(False)  # the clerk needs the whole numbers for a training roll
    assert not page.default_export_name().endswith("脱敏.xlsx")
    page.start_export(tmp_path / "两后生-完整.xlsx")
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    ws = openpyxl.load_workbook(tmp_path / "两后生-完整.xlsx").worksheets[0]
    assert all("*" not in r[8] for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int))

    for kind, masked in (("members", False), ("zero-employment", True), ("service-subsidy", False)):
        page.kinds.setCurrentRow(rows[kind])
        assert page.export_mask.isChecked() is masked, kind


def test_a_full_zero_employment_list_says_it_holds_every_household_s_whole_phone(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """The 零就业 list has no ID numbers, only phones: exported 不脱敏 for the county, it held every zero-employment
    household's whole phone and the page said nothing of it (``anju export --no-mask`` says “含完整的电话”). It says
    so, as a full roster says it holds whole ID numbers; masked, it says nothing."""
    page = open_page(qtbot, demo, runner)
    page.export_date.setDate(page.export_date.date().fromString("2026-11-29", "yyyy-MM-dd"))
    page.kinds.setCurrentRow(list(kinds()).index("zero-employment"))
    assert page.export_mask.isChecked()
    page.start_export(tmp_path / "零就业-脱敏.xlsx")
    qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible(), timeout=20_000)
    assert "已导出" in page.notice.text() and "未脱敏" not in page.notice.text()

    page.export_mask.setChecked(False)
    page.start_export(tmp_path / "零就业.xlsx")
    qtbot.waitUntil(lambda: not page.busy and "零就业.xlsx" in page.notice.text(), timeout=20_000)
    sheet = openpyxl.load_workbook(tmp_path / "零就业.xlsx").worksheets[0]
    phones = [value for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, str)
              and len(value) == 11 and value.isdigit()]  # fmt: skip
    assert phones  # whole phones in the file
    assert "本表未脱敏，含完整的电话：请妥善保管，不要留在U盘或共享文件夹里。" in page.notice.text()
    assert "证件号码" not in page.notice.text()


def test_a_masked_export_says_what_it_masked_as_anju_export_does(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """A full export says what it holds; a masked one said nothing, where ``anju export`` says the 零就业 list has
    its phones masked (it has no ID number) and a roster its ID numbers and phones, so it cannot be imported again.
    The page says the same, in the UI's language."""
    page = open_page(qtbot, demo, runner)
    page.export_date.setDate(page.export_date.date().fromString("2026-11-29", "yyyy-MM-dd"))
    page.kinds.setCurrentRow(list(kinds()).index("zero-employment"))
    assert page.export_mask.isChecked()
    page.start_export(tmp_path / "零就业-脱敏.xlsx")
    qtbot.waitUntil(lambda: not page.busy and "零就业-脱敏.xlsx" in page.notice.text(), timeout=20_000)
    said = page.notice.text()
    assert "电话已脱敏。" in said and "证件号码" not in said and "导入" not in said, said
    cells = [value for row in openpyxl.load_workbook(tmp_path / "零就业-脱敏.xlsx").worksheets[0].iter_rows(
             values_only=True) for value in row if isinstance(value, str)]  # fmt: skip
    assert "户联系电话" in cells and any("****" in value for value in cells)  # what it says is so

    page.kinds.setCurrentRow(list(kinds()).index("members"))
    page.export_mask.setChecked(True)  # the roster comes whole: the clerk masks it to print
    page.start_export(tmp_path / "成员-脱敏.xlsx")
    qtbot.waitUntil(lambda: not page.busy and "成员-脱敏.xlsx" in page.notice.text(), timeout=20_000)
    assert "证件号码和电话已脱敏，不能再导入。" in page.notice.text()
    assert "未脱敏" not in page.notice.text()

    locale = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English))  # as `desktop.i18n.install_translator` sets it
    try:
        page.start_export(tmp_path / "members-masked.xlsx")
        qtbot.waitUntil(lambda: not page.busy and "members-masked.xlsx" in page.notice.text(), timeout=20_000)
    finally:
        QLocale.setDefault(locale)
    assert "ID numbers and phones masked: it cannot be imported again." in page.notice.text()


def test_the_export_bar_shows_the_rows_written_against_the_ledgers_total(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A county's 家庭成员 ledger (200,000 members) takes over a minute to write: the bar spun and said only how
    many rows were written, so the clerk could not tell how long was left. Held half-way, it says how far of how
    many."""
    import forms.excel.export as module

    monkeypatch.setattr(module, "PROGRESS_EVERY", 50)
    halfway, release = threading.Event(), threading.Event()
    watched = module._watched

    def held(rows: Iterator[Any], options: Any, path: Path) -> Iterator[Any]:
        for count, row in enumerate(watched(rows, options, path), 1):
            if count == 101:  # 100 rows written, the report of them sent
                halfway.set()
                release.wait(20)
            yield row

    monkeypatch.setattr(module, "_watched", held)
    page = open_page(qtbot, demo, runner)
    page.kinds.setCurrentRow(list(kinds()).index("members"))
    try:
        page.start_export(tmp_path / "成员.xlsx")
        qtbot.waitUntil(halfway.is_set, timeout=20_000)
        qtbot.waitUntil(lambda: page.work.bar.value() == 100, timeout=5000)
        total = page.work.bar.maximum()
        assert total > 100 and page.work.text.text().endswith(f"”：已写出 100 / {total:,} 行")
    finally:
        release.set()
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert page.exported is not None and page.exported.rows == total  # the total said was the rows written


def test_a_cancelled_export_leaves_no_file(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_page(qtbot, demo, runner)
    target = tmp_path / "成员.xlsx"
    with runner_held(runner):
        assert page.start_export(target) is not None
        page.work.cancel_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert "已取消导出" in page.notice.text() and not target.exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_an_export_over_a_workbook_open_in_excel_says_to_close_it_and_keeps_it(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """The clerk exports again over last week's list, still open in Excel: the page said ``[Errno 13] Permission
    denied`` (on Windows) or, for a full stick, to close it in Excel."""
    page = open_page(qtbot, demo, runner)
    target = tmp_path / "成员.xlsx"
    target.write_bytes(b"last week's list")
    with open_in_excel(target):
        page.start_export(target)
        qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
        runner.wait()
    zh, en = page.notice.text().splitlines()
    assert zh.startswith(f"无法写入“{target}”：文件正在 Excel 等程序中打开") and "请在 Excel 里关闭这个文件后重试" in zh
    assert en.startswith(f"Cannot write “{target}”: the file is open in Excel") and "Errno" not in zh
    assert target.read_bytes() == b"last week's list" and list(tmp_path.glob("*.tmp")) == []


# ---- who sees it ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "sees"), [("采集员", False), ("站长", True), ("县级管理员", True)])
def test_the_screen_is_for_the_station_admin_and_the_county(qtbot: QtBot, store: Store, role: str, sees: bool) -> None:
    from desktop.main_window import MainWindow

    main = MainWindow(store, Account("x", "X", role))  # type: ignore[arg-type]
    qtbot.addWidget(main)
    titles = [main.nav.item(i).text() for i in range(main.nav.count())]
    assert ("导入导出" in titles) is sees
    if sees:
        main.show_page("excel")
        assert isinstance(main.pages["excel"], ExcelPage)
    main.runner.wait()
    main.close()


def test_after_an_import_the_household_table_shows_the_new_households(
    qtbot: QtBot, site_store: Store, tmp_path: Path
) -> None:
    from desktop.main_window import MainWindow

    main = MainWindow(site_store, ZHANG)
    qtbot.addWidget(main)
    main.show()
    main.show_page("excel")
    page = main.pages["excel"]
    assert isinstance(page, ExcelPage)
    qtbot.waitUntil(lambda: page.choices is not None, timeout=5000)
    main.runner.wait()
    # The table re-reads on its own once the import is saved (any earlier count of the empty table is not it).
    with qtbot.waitSignal(main.households.model.counted, timeout=20_000, check_params_cb=lambda n: n > 0) as counted:
        page.start_import(messy_roster(tmp_path / "roster.xlsx"))
    households = counts(site_store)[0]
    assert households > 0 and counted.args == [households]
    main.show_page("households")
    qtbot.waitUntil(lambda: main.households.count.text() == f"共 {households} 户", timeout=5000)
    main.runner.wait()
    main.close()


def test_a_locked_database_is_refused_clearly_and_nothing_is_lost(
    qtbot: QtBot, db_path: Path, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import forms.store

    monkeypatch.setattr(forms.store, "BUSY_TIMEOUT_MS", 300)  # wait 0.3 s for the other writer, not 15
    with Store.open(db_path) as store:
        with store.unit_of_work("test") as uow:
            uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
        page = open_page(qtbot, store, runner)
        before = counts(store)
        other = sqlite3.connect(db_path)  # another program in the middle of writing the same database
        other.execute("BEGIN IMMEDIATE")
        try:
            page.start_import(messy_roster(tmp_path / "roster.xlsx"))
            qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
        finally:
            other.rollback()
            other.close()
        runner.wait()
        lines = page.notice.text().splitlines()
        assert lines[0].startswith("数据库正忙") and "正被另一个程序使用" in lines[0], lines
        assert "这一步没有完成。已保存的数据不受影响" in lines[0] and str(db_path) in lines[0]
        assert lines[1].startswith(f"The database “{db_path}” is busy")
        assert counts(store) == before and store.verify_journal().ok


def test_a_problem_list_open_in_excel_says_the_import_is_saved_and_to_close_it(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """Last time's ``roster.errors.xlsx`` still open in Excel: Windows refuses to replace it. The page took that
    for an unexpected error (出现意外错误), though the import was saved; it never matched its own message."""
    page = open_page(qtbot, site_store, runner)
    errors = tmp_path / "roster.errors.xlsx"
    errors.write_bytes(b"last time's list")
    changed: list[bool] = []
    page.data_changed.connect(lambda: changed.append(True))
    with open_in_excel(errors):
        page.start_import(messy_roster(tmp_path / "roster.xlsx"))
        qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
        runner.wait()
    zh, en = page.notice.text().splitlines()
    assert zh.startswith(f"数据已导入并保存，但问题清单“{errors}”无法写入：文件正在 Excel") and "关闭这个文件" in zh
    assert en.startswith("The data was imported and saved") and "意外" not in zh and changed == [True]
    assert counts(site_store)[0] > 0 and errors.read_bytes() == b"last time's list"
    assert not list(tmp_path.glob("*.tmp"))


def test_the_pages_own_messages_read_the_same_in_the_english_ui() -> None:
    """Its refusals show 中文 then English; on an English screen the translation is that English, shown once."""
    from desktop.excel_page import MESSAGES
    from tests.test_i18n import TS, messages

    translated = {source: message.findtext("translation") for (context, source, _), message in messages(TS).items()}
    for zh, en in MESSAGES.values():
        assert translated[zh] == en


def test_closing_the_window_during_an_import_asks_first(
    qtbot: QtBot, site_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing cancels a running import and saves none of it: the clerk is asked, and may keep the window."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.main_window import MainWindow

    main = MainWindow(site_store, ZHANG)
    qtbot.addWidget(main)
    main.show()
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda _p, _t, text, *_a: asked.append(text) or answer[0])
    )
    assert main.excel is not None
    with runner_held(main.runner):
        assert main.excel.start_import(roster_with_work_sheet(tmp_path / "roster.xlsx")) is not None
        assert main.excel.busy
        main.close()
        assert main.isVisible() and asked and "导入的数据一条也不会保存" in asked[0]
    answer[0] = QMessageBox.StandardButton.Yes
    main.close()
    assert not main.isVisible() and len(asked) == 2


def test_a_problem_list_open_in_excel_says_the_import_was_saved(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """Excel locks the files it has open: importing a roster again while its 问题清单 is open there could not
    replace the list. The rename's error names the draft (.tmp), so the page did not know it for the list and
    said the import failed, though it was saved. A folder in the list's place stands for the lock here."""
    path = messy_roster(tmp_path / "roster.xlsx")
    (tmp_path / "roster.errors.xlsx" / "open in Excel").mkdir(parents=True)
    page = open_page(qtbot, site_store, runner)
    page.start_import(path)
    qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible(), timeout=20_000)
    assert "数据已导入并保存，但问题清单" in page.notice.text() and "roster.errors.xlsx”" in page.notice.text()
    assert counts(site_store)[1] > 0 and not (tmp_path / "roster.errors.xlsx.tmp").exists()


def test_an_export_lists_the_values_anju_never_writes_beside_the_file(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A birth date edited outside Anju into 2024-13-45: the ledger is written, and the page says which record."""
    with sqlite3.connect(demo.path) as conn:
        member, number, name = conn.execute(
            "SELECT m.id, h.hh_number, m.name FROM members m JOIN households h ON h.id = m.household_id"
            " WHERE m.deleted_at IS NULL AND h.status <> '作废' AND h.hh_number IS NOT NULL ORDER BY m.id LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE members SET birth_date = '2024-13-45' WHERE id = ?", (member,))
    conn.close()
    page = open_page(qtbot, demo, runner)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "成员.xlsx"), ""))
    page.kinds.setCurrentRow(list(kinds()).index("members"))
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible(), timeout=20_000)
    assert "已导出" in page.notice.text() and (tmp_path / "成员.xlsx").is_file()
    assert page.odd_list.isVisible() and "1 个安居不会写出的值" in page.odd_heading.text()
    assert [page.odd_list.item(r).text() for r in range(page.odd_list.count())] == [
        f"户编号 {number} {name}：出生日期“2024-13-45”"
    ]
    assert "anju-console audit" in page.odd_heading.text()
    # The next export of a database without such values shows no list.
    with sqlite3.connect(demo.path) as conn:
        conn.execute("UPDATE members SET birth_date = '1990-01-01' WHERE id = ?", (member,))
    conn.close()
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible() and not page.odd_list.isVisible(), timeout=20_000)
    assert page.odd_list.count() == 0 and not page.odd_heading.isVisible()


def test_an_export_says_which_members_are_on_no_sheet_and_which_cells_were_cut(
    qtbot: QtBot, demo: Store, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A household row deleted outside Anju (its members stay, pointing at it) and a member's note pasted until it is
    longer than an Excel cell holds: the member sheet is written, and the page says who is missing from it, which cell
    was cut, and what to do."""
    conn = sqlite3.connect(demo.path)
    with conn:
        (household,) = conn.execute(
            "SELECT household_id FROM members WHERE deleted_at IS NULL ORDER BY household_id LIMIT 1"
        ).fetchone()
        lost = sorted(r[0] for r in conn.execute("SELECT name FROM members WHERE household_id = ?", (household,)))
        member, number, name = conn.execute(
            "SELECT m.id, h.hh_number, m.name FROM members m JOIN households h ON h.id = m.household_id"
            " WHERE m.deleted_at IS NULL AND h.status <> '作废' AND h.hh_number IS NOT NULL AND h.id <> ?"
            " ORDER BY m.id LIMIT 1",
            (household,),
        ).fetchone()
        conn.execute("UPDATE members SET job_intent_note = ? WHERE id = ?", ("想去浙江做电子厂。" * 4000, member))
        conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM households WHERE id = ?", (household,))
    conn.commit()
    conn.close()
    page = open_page(qtbot, demo, runner)
    page.resize(1000, 760)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "成员.xlsx"), ""))
    page.kinds.setCurrentRow(list(kinds()).index("members"))
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.busy and page.notice.isVisible(), timeout=20_000)
    heading = page.odd_heading.text()
    assert page.odd_list.isVisible() and f"有 {len(lost)} 名成员所属的户在数据库里不存在" in heading
    assert "没有写入本表" in heading and "从备份恢复" in heading and "anju-console audit" in heading
    assert "有 1 个单元格的内容超出 Excel 每格 32767 字的上限，已截断" in heading
    items = [page.odd_list.item(r).text() for r in range(page.odd_list.count())]
    assert items[: len(lost)] == [f"{n}：所属的户 {household} 在数据库里不存在" for n in lost]
    assert items[len(lost)].startswith(f"户编号 {number} {name} 就业意愿（工种）（单元格 AJ")


def test_a_problem_list_still_open_in_excel_is_imported_as_last_saved_and_the_page_says_so(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """The clerk opens the problem list in Excel, fixes the row and imports it before saving: the import reads the
    file as last saved, and the same problem came back with nothing said why. Excel's lock file beside it
    (~$台账.errors.xlsx) now makes the page say the file seems open and to save it first; once saved and closed,
    the row goes in and nothing is said."""
    ledger_with_a_lost_number(tmp_path / "台账.xlsx")
    page = open_page(qtbot, site_store, runner)
    page.start_import(tmp_path / "台账.xlsx")
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    listed = tmp_path / "台账.errors.xlsx"
    assert listed.is_file() and not page.import_panel.open_elsewhere.isVisible()

    lock = tmp_path / "~$台账.errors.xlsx"  # opened in Excel; the fix typed there is not saved yet
    lock.write_bytes(b"\x08zhangsan" + bytes(100))
    page.start_import(listed)
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    said = page.import_panel.open_elsewhere.text()
    assert page.import_panel.open_elsewhere.isVisible()
    assert "台账.errors.xlsx" in said and "正在Excel" in said and "保存" in said and lock.name in said
    assert listed.exists() and "未导入 1 行" in page.import_panel.row_counts.text()

    fix_the_lost_number(listed)  # saved in Excel, and closed
    lock.unlink()
    page.start_import(listed)
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert "问题清单已删除" in page.notice.text() and not page.import_panel.open_elsewhere.isVisible()

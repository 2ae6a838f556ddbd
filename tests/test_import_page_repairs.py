"""导入导出: after an import (or 只检查) the page says what was repaired on the way in, as ``anju import-roster``
does, and lists every kind on request, as the problem list's 说明 sheet does. Real workbooks through the real page,
into a real database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from desktop.excel_page import ExcelPage
from desktop.tasks import TaskRunner
from forms.accounts import Account
from forms.idnumber import make_ric
from forms.records import Site
from forms.store import Store

ZHANG = Account("zhang", "张站长", "站长")
SITE = ("530326AZ001", "幸福社区安置点")


@pytest.fixture
def site_store(store: Store) -> Store:
    with store.unit_of_work("test") as uow:
        uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
    return store


def ending_in_x(born: date) -> str:
    return next(n for n in (make_ric("530326", born, order) for order in range(1, 999)) if n.endswith("X"))


def excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def clean_roster(path: Path) -> Path:
    """Every row imports, after the repairs a county's 台账 usually needs: five ID numbers ending in a lowercase x,
    采集日期 written as text (3) and as Excel's date numbers (2), a “/” for no phone (4)."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(
        ["户编号", "安置点名称", "楼栋", "单元", "门牌号", "姓名", "证件号码", "采集日期", "与户主关系", "联系电话"]
    )
    for n in range(5):
        born = date(1970 + n, 3, 4 + n)
        number = ending_in_x(born).lower()
        collected = date(2026, 11, 2 + n)
        on: object = f"{collected:%Y/%m/%d}" if n < 3 else excel_serial(collected)
        phone = "/" if n < 4 else "13812345678"
        ws.append(
            [f"53032600100{n:05d}", SITE[1], "1", "1", f"{n + 1}01", "张王李赵刘"[n] + "三", number, on, "户主", phone]
        )
    book.save(path)
    return path


def imported(qtbot: QtBot, store: Store, runner: TaskRunner, path: Path, *, dry_run: bool) -> ExcelPage:
    page = ExcelPage(store, runner, ZHANG)
    qtbot.addWidget(page)
    page.resize(1092 - 130, 500)  # a 1366×768 laptop at 125%, less the navigation, the title and status bars
    page.show()
    qtbot.waitUntil(lambda: page.choices is not None, timeout=5000)
    page.dry_run.setChecked(dry_run)
    page.start_import(path)
    qtbot.waitUntil(lambda: not page.busy and page.import_panel.isVisible(), timeout=20_000)
    return page


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "check-only"])
def test_the_page_says_what_was_repaired_and_lists_every_kind_on_request(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path, dry_run: bool
) -> None:
    """Before, the page showed the counts and the problems, and nothing of the 14 values rewritten on the way in:
    a clerk could not tell a clean table from one whose ID numbers were all changed (the command line said it).
    Now one line under the counts names the total and the largest kinds; 查看全部 opens every kind."""
    page = imported(qtbot, site_store, runner, clean_roster(tmp_path / "花名册.xlsx"), dry_run=dry_run)
    panel = page.import_panel
    assert panel.errors_label.text() == "每一行都已导入，没有问题清单。"  # no 说明 sheet to look in: only the page
    line = panel.repairs_line
    qtbot.waitUntil(lambda: line.isVisible(), timeout=2000)
    said = line.text()
    start = "导入时会自动修正 14 处：" if dry_run else "自动修正 14 处："
    assert start in said and "【证件号码】小写x改为大写X 5、" in said, said
    assert "【联系电话】占位符“/”“无”视为空 4、【采集日期】文本日期转为日期 3 等。" in said, said
    assert "查看全部 4 项" in said and not panel.repairs_every.isVisible()

    line.linkActivated.emit("repairs")  # the clerk clicks 查看全部 (or Tabs to it and presses Enter)
    qtbot.waitUntil(lambda: panel.repairs_every.isVisible(), timeout=2000)
    assert panel.repairs_every.text().splitlines() == [
        "【证件号码】小写x改为大写X：5 处",
        "【联系电话】占位符（“/”“无”等）视为空：4 处",
        "【采集日期】文本日期转换为日期：3 处",
        "【采集日期】Excel日期序号转换为日期：2 处",
    ]
    assert "收起" in line.text()
    qtbot.waitUntil(lambda: in_view(page, panel.repairs_every) and in_view(page, line), timeout=2000)

    line.linkActivated.emit("repairs")
    qtbot.waitUntil(lambda: not panel.repairs_every.isVisible(), timeout=2000)


def test_the_page_says_which_column_each_repair_rewrote(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """Spaces taken out of three names and two ID numbers were one "去掉空格 5": the clerk could not tell whether
    the ID numbers, the key every later import matches on, had been rewritten. Now each column is said."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "身份证号", "与户主关系"])
    for n in range(5):
        number = make_ric("530326", date(1970 + n, 1, 2), 31)
        name, written = ("张 三", number) if n < 3 else ("王五", f"{number[:6]} {number[6:14]} {number[14:]}")
        ws.append([f"53032600100{n:05d}", SITE[1], name, written, "户主"])
    book.save(tmp_path / "台账.xlsx")
    page = imported(qtbot, site_store, runner, tmp_path / "台账.xlsx", dry_run=False)
    panel = page.import_panel
    qtbot.waitUntil(lambda: panel.repairs_line.isVisible(), timeout=2000)
    said = panel.repairs_line.text()
    # the ID number column first (its repairs are the clerk's first question), then the largest
    assert "自动修正 5 处：【身份证号】去掉空格 2、【姓名】去掉空格 3。" in said and "查看全部 2 项" in said, said
    panel.repairs_line.linkActivated.emit("repairs")
    qtbot.waitUntil(lambda: panel.repairs_every.isVisible(), timeout=2000)
    assert panel.repairs_every.text().splitlines() == ["【姓名】去掉空格：3 处", "【身份证号】去掉空格：2 处"]


def in_view(page: ExcelPage, widget: object) -> bool:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    corners = (widget.rect().topLeft(), widget.rect().bottomRight())
    return all(page.rect().contains(widget.mapTo(page, corner)) for corner in corners)


def test_a_file_that_needed_no_repair_shows_no_line(
    qtbot: QtBot, site_store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系"])
    ws.append(["5303260010000001", SITE[1], "王五", make_ric("530326", date(1970, 1, 2), 31), "户主"])
    book.save(tmp_path / "台账.xlsx")
    page = imported(qtbot, site_store, runner, tmp_path / "台账.xlsx", dry_run=False)
    assert not page.import_panel.repairs_line.isVisible() and not page.import_panel.repairs_every.isVisible()

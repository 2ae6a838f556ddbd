"""Two different files a clerk saves side by side get two names: a masked copy and a full one of each ledger, two
choices of several households, two 张开寿 with neither 户编号 nor 门牌, the problem lists of 台账.xls and 台账.xlsx.
Each pair is written for real, into one folder, by the command and by the pages, and both files are there after.
(Exports made at two stations and the county, and backups: `tests.test_station_file_names`.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.excel_page import ExcelPage
from desktop.tasks import TaskRunner
from forms.accounts import Account
from forms.excel.apply import ImportOptions
from forms.excel.commands import register
from forms.excel.error_workbook import errors_path_for
from forms.excel.export import kinds, mask_id
from forms.excel.roster_import import import_roster
from forms.file_names import export_file_name
from forms.idnumber import make_ric
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.in_process_cli import run_in_process
from tests.test_excel_cli import roster
from tests.test_excel_import import SITE, WIFE
from tests.test_household_sheet import households_page, sheet_dialog, written

ON = date(2026, 11, 30)
DAY = f"{ON:%Y%m%d}"
NUMBER = "5303261062020000070"
HEAD_ID = make_ric("530326", date(1976, 9, 14), 11)
NEIGHBOURS = {"李国华": 2, "王秀英": 3, "赵德明": 4, "陈金花": 5}  # rooms 102 … 105, 户编号 …0072 … …0075
CLERK = Account("zhang", "张站长", "站长")
OFFICE_FILES = Path(__file__).parent / "office_files"


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def number(n: int) -> str:
    return f"{NUMBER[:-2]}{n:02d}"


@pytest.fixture
def street(store: Store) -> dict[str, str]:
    """At 丰泽社区安置点 (S01): 张开寿 (户编号, room 101), four neighbours (户编号, rooms 102 … 105), and two more
    张开寿 with neither 户编号 nor 门牌 (a household entered by hand before its door was known). By name, or 张开寿2
    and 张开寿3 for those two."""
    ids = {}
    with store.unit_of_work("li") as uow:
        site = add_site(uow, "S01", "丰泽社区安置点")
        home = add_household(uow, site, hh_number=NUMBER, building="1", unit="1", room="101", status="已完成")
        add_member(uow, home, "张开寿", relation="户主", id_number=HEAD_ID, sex="男", birth_date=date(1976, 9, 14))
        ids["张开寿"] = home.id
        for name, n in NEIGHBOURS.items():
            home = add_household(uow, site, hh_number=number(n), building="1", unit="1", room=f"10{n}", status="已完成")
            add_member(uow, home, name, relation="户主", id_number=make_ric("530326", date(1980, n, n), n), sex="男",
                       birth_date=date(1980, n, n))  # fmt: skip
            ids[name] = home.id
        for n in (2, 3):
            home = add_household(uow, site, status="已完成")
            add_member(uow, home, "张开寿", relation="户主", id_number=make_ric("530326", date(1970, n, n), 30 + n),
                       sex="男", birth_date=date(1970, n, n))  # fmt: skip
            ids[f"张开寿{n}"] = home.id
    return ids


def cells(path: Path) -> list[object]:
    return [
        cell for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows(values_only=True) for cell in row
    ]


# ---- a masked copy and a full one ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["zero-employment", "members", "household"])
def test_a_masked_and_a_full_copy_of_one_export_are_two_files_never_one_name(
    store: Store, street: dict[str, str], tmp_path: Path, kind: str
) -> None:
    """The copy for the print shop (脱敏) and the station's full copy, made the same day into one folder: two
    files, the masked one saying so in its name, the full one not, and each holding what its name says."""
    folder = tmp_path / "U盘"
    folder.mkdir()
    made = {}
    for option in ("--mask", "--no-mask"):
        code, out, _ = anju("export", kind, "--db", str(store.path), "--out", str(folder), "--site", "S01",
                            "--date", f"{ON:%Y-%m-%d}", option)  # fmt: skip
        assert code == 0, out
        made[option] = next(p for p in folder.iterdir() if p not in made.values())
    masked, full = made["--mask"], made["--no-mask"]
    assert masked.name != full.name and masked.is_file() and full.is_file()
    assert masked.name.endswith(f"-{DAY}-脱敏.xlsx") and "脱敏" not in full.name
    assert sorted(p.name for p in folder.iterdir()) == sorted([masked.name, full.name])
    if kind != "zero-employment":  # a list of those without work: 张开寿 is on it or not, but masked either way
        assert HEAD_ID in cells(full) and HEAD_ID not in cells(masked) and mask_id(HEAD_ID) in cells(masked)


def test_the_page_suggests_a_masked_name_for_the_masked_copy_of_every_kind_and_writes_both(
    qtbot: QtBot, store: Store, street: dict[str, str], runner: TaskRunner, tmp_path: Path
) -> None:
    """导入导出: ticking or unticking 脱敏 changes the name suggested, for every kind and scope, so the second copy
    never offers to overwrite the first; both are written under those names."""
    page = ExcelPage(store, runner, CLERK)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.choices is not None, timeout=5000)
    page.export_date.setDate(page.export_date.date().fromString(f"{ON:%Y-%m-%d}", "yyyy-MM-dd"))
    for row in range(len(kinds())):
        page.kinds.setCurrentRow(row)
        for code in ("S01", ""):
            page.export_site.setCurrentIndex(page.export_site.findData(code))
            names = set()
            for masked in (True, False):
                page.export_mask.setChecked(masked)
                names.add(page.default_export_name())
            assert len(names) == 2 and sum(name.endswith("-脱敏.xlsx") for name in names) == 1, names
    page.kinds.setCurrentRow(list(kinds()).index("members"))
    page.export_site.setCurrentIndex(page.export_site.findData("S01"))
    for masked in (True, False):
        page.export_mask.setChecked(masked)
        page.start_export(tmp_path / page.default_export_name())
        qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == [
        f"家庭成员信息表（防返贫格式）-丰泽社区安置点（S01）-{DAY}-脱敏.xlsx",
        f"家庭成员信息表（防返贫格式）-丰泽社区安置点（S01）-{DAY}.xlsx",
    ]


# ---- households ---------------------------------------------------------------------------------------------------


def test_two_choices_of_households_printed_the_same_day_are_two_workbooks(
    qtbot: QtBot, store: Store, street: dict[str, str], runner: TaskRunner, tmp_path: Path
) -> None:
    """打印户表 for 李国华's and 王秀英's households, then for 赵德明's and 陈金花's: both were 2户, and the second
    offered to overwrite the first. Each is named by its first 户主 now; ``anju export household`` likewise."""
    from tests.test_household_sheet import click_rows, heads_printed

    folder = tmp_path / "户表"
    folder.mkdir()
    names = []
    with households_page(qtbot, store, runner) as page:
        for pair in (("李国华", "王秀英"), ("赵德明", "陈金花")):
            page.table.clearSelection()
            click_rows(qtbot, page, pair)
            qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
            dialog = sheet_dialog(qtbot, page)
            dialog.on = ON
            names.append(dialog.default_name())
            assert sorted(heads_printed(written(qtbot, dialog, folder / names[-1]))) == sorted(pair)
            dialog.close()
            QApplication.processEvents()  # closed dialogs are deleted: the next is the only one
    assert len(set(names)) == 2 and all("等2户" in name for name in names), names
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)

    stick = tmp_path / "U盘"
    stick.mkdir()
    for pair in (("李国华", "王秀英"), ("赵德明", "陈金花")):
        numbers = [arg for name in pair for arg in ("--household", number(NEIGHBOURS[name]))]
        code, out, _ = anju("export", "household", "--db", str(store.path), *numbers, "--out", str(stick), "--date",
                            f"{ON:%Y-%m-%d}")  # fmt: skip
        assert code == 0, out
    assert sorted(p.name for p in stick.iterdir()) == [
        f"家庭基本情况表（一户一档）-李国华等2户-{DAY}.xlsx",
        f"家庭基本情况表（一户一档）-赵德明等2户-{DAY}.xlsx",
    ]


def test_two_households_of_one_head_with_neither_number_nor_door_are_two_sheets(
    qtbot: QtBot, store: Store, street: dict[str, str], runner: TaskRunner, tmp_path: Path
) -> None:
    """Two 张开寿 entered before their door was known, and without a 户编号: each was 张开寿, one file for both. Now
    a few characters of each one's id tell them apart, and neither takes the numbered 张开寿's name."""
    folder = tmp_path / "户表"
    folder.mkdir()
    names = []
    with households_page(qtbot, store, runner) as page:
        for key in ("张开寿2", "张开寿3", "张开寿"):
            household_id = street[key]
            page.table.clearSelection()
            where = page.table.visualRect(page.model.index(page.model.ids.index(household_id), 0)).center()
            qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
            qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
            dialog = sheet_dialog(qtbot, page)
            dialog.on = ON
            names.append(dialog.default_name())
            written(qtbot, dialog, folder / names[-1])
            dialog.close()
            QApplication.processEvents()
    assert names == [
        f"家庭基本情况表（一户一档）-张开寿（{street['张开寿2'][:8]}）-{DAY}.xlsx",
        f"家庭基本情况表（一户一档）-张开寿（{street['张开寿3'][:8]}）-{DAY}.xlsx",
        f"家庭基本情况表（一户一档）-张开寿（{NUMBER}）-{DAY}.xlsx",
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def test_a_long_head_and_number_keep_the_name_windows_safe() -> None:
    """What goes into a household's name comes from what was typed: it is cut, and what Windows refuses goes."""
    from forms.file_names import household_in_file_name, households_in_file_name

    one = household_in_file_name("张" * 100, "1/2:3" * 10, None, "x")
    several = households_in_file_name("王*" * 50, 12, "x")
    for part in (one, several):
        name = export_file_name("家庭基本情况表（一户一档）", part, ON, "脱敏")
        assert len(name) < 160 and not set('<>:"/\\|?*') & set(name) and name.endswith(f"-{DAY}-脱敏.xlsx")
    assert several.endswith("等12户")


# ---- problem lists ------------------------------------------------------------------------------------------------


def test_the_problem_lists_of_an_xls_and_an_xlsx_of_one_name_are_two_files(store: Store, tmp_path: Path) -> None:
    """台账.xls from the national system and 台账.xlsx (the clerk's own, or the .xls saved as .xlsx) in one folder:
    both listed their problems in 台账.errors.xlsx, each import over the other's list, and the .xlsx imported clean
    deleted the list of the .xls, whose rows the clerk had still to fix."""
    with store.unit_of_work("test") as uow:
        add_site(uow, *SITE)
    folder = tmp_path / "花名册"
    folder.mkdir()
    data = (OFFICE_FILES / "roster.xls").read_bytes()  # one ID number with a wrong last character: to check
    old = folder / "台账.xls"
    old.write_bytes(data.replace(WIFE.encode(), (WIFE[:-1] + "0").encode()))
    new = roster(folder / "台账.xlsx", ["9", SITE[1], "周九", "530326", "户主", "普通劳动力", None])
    results = [import_roster(store, path, ImportOptions(on=ON)) for path in (old, new)]
    assert [r.errors_path for r in results] == [folder / "台账.xls.errors.xlsx", folder / "台账.errors.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "台账.errors.xlsx",
        "台账.xls",
        "台账.xls.errors.xlsx",
        "台账.xlsx",
    ]
    assert openpyxl.load_workbook(folder / "台账.xls.errors.xlsx").properties.title == "导入问题清单：台账.xls"

    # The .xlsx fixed and imported clean: its own list goes, the .xls's stays.
    roster(new, ["9", SITE[1], "周九", make_ric("530326", date(1990, 9, 9), 9), "户主", "普通劳动力", None])
    assert import_roster(store, new, ImportOptions(on=ON)).errors_path is None
    assert sorted(p.name for p in folder.iterdir()) == ["台账.xls", "台账.xls.errors.xlsx", "台账.xlsx"]

    # Any other ending stays in the name; .xlsx alone goes, in any case.
    assert errors_path_for(folder / "台账.XLSX").name == "台账.errors.xlsx"
    assert errors_path_for(folder / "台账.ods").name == "台账.ods.errors.xlsx"

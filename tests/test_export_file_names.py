"""The names exported ledgers get: one rule for the 导入导出 page's suggestion and ``anju export --out FOLDER``,
naming the ledger, the site with its code (two towns' 幸福社区 are different files), the date and 脱敏. Real stores,
real files in real folders, the real page."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.excel_page import ExcelPage
from desktop.tasks import TaskRunner
from forms.accounts import Account
from forms.excel.commands import register
from forms.excel.export import kinds
from forms.file_names import export_file_name, site_in_file_name
from forms.records import Household
from forms.store import Store
from tests.factories import add_sites_of_one_name
from tests.in_process_cli import run_in_process

ON = date(2026, 11, 29)
NUMBER = "5303261062020000070"
ZHANG = Account("zhang", "张站长", "站长")


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def two_happy_sites(store: Store) -> Store:
    """甲's and 乙's 幸福社区安置点 (S01, S02), and a 阳光社区安置点 (S03)."""
    with store.unit_of_work("test") as uow:
        add_sites_of_one_name(uow, ON)
    return store


def test_export_into_a_folder_names_the_file_for_the_ledger_the_site_and_the_date(store: Store, tmp_path: Path) -> None:
    """`anju export 零就业 --out E:\\` was refused (“是文件夹”), suggesting 成员.xlsx whatever the ledger: the clerk
    had to make up a name for each. Now the folder gets the file the 导入导出 page would have suggested."""
    two_happy_sites(store)
    stick = tmp_path / "U盘"
    stick.mkdir()
    db = str(store.path)
    code, out, _ = anju("export", "零就业", "--db", db, "--out", str(stick), "--site", "S01", "--date", "2026-11-29")
    written = stick / "零就业家庭跟进清单-幸福社区安置点（S01）-20261129-脱敏.xlsx"
    assert code == 0 and written.is_file() and str(written) in out, out
    assert openpyxl.load_workbook(written).worksheets[0]["A1"].value.startswith("幸福社区安置点（S01）")

    # The other town's 幸福社区 is another file beside it, not the first one overwritten.
    code, out, _ = anju(
        "export", "零就业", "--db", db, "--out", f"{stick}{os.sep}", "--site", "S02", "--date", "2026-11-29", "--json"
    )
    assert code == 0 and json.loads(out)["out"] == str(
        stick / "零就业家庭跟进清单-幸福社区安置点（S02）-20261129-脱敏.xlsx"
    )
    code, out, _ = anju("export", "members", "--db", db, "--out", str(stick), "--date", "2026-11-29", "--no-mask")
    assert code == 0, out
    with store.unit_of_work("test") as uow:  # a 户编号, as the national roster gives
        home = uow.session.scalars(select(Household)).first()
        assert home is not None
        home.hh_number = NUMBER
    code, out, _ = anju("export", "household", "--db", db, "--household", NUMBER, "--out", str(stick), "--date",
                        "2026-11-29")  # fmt: skip
    assert code == 0, out
    assert sorted(p.name for p in stick.iterdir()) == [
        "家庭基本情况表（一户一档）-赵甲（5303261062020000070）-20261129.xlsx",  # as 打印户表 names it
        "家庭成员信息表（防返贫格式）-全部安置点-20261129.xlsx",
        "零就业家庭跟进清单-幸福社区安置点（S01）-20261129-脱敏.xlsx",
        "零就业家庭跟进清单-幸福社区安置点（S02）-20261129-脱敏.xlsx",
    ]

    # A folder that is not there (written with its trailing \) is said as such, not as a name without .xlsx.
    code, _, err = anju("export", "members", "--db", db, "--out", f"{tmp_path / '导出'}{os.sep}")
    assert code == 2 and err.startswith("错误：文件夹") and "不存在" in err and "Errno" not in err


def test_the_page_suggests_a_name_per_site_the_same_the_command_gives(
    qtbot: QtBot, store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    """The page suggested 零就业家庭跟进清单-幸福社区安置点-20261129-脱敏.xlsx for both towns' 幸福社区 (and for each
    site a county exports in turn): the second export offered to overwrite the first."""
    two_happy_sites(store)
    page = ExcelPage(store, runner, ZHANG)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.choices is not None, timeout=5000)
    page.export_date.setDate(page.export_date.date().fromString("2026-11-29", "yyyy-MM-dd"))
    page.kinds.setCurrentRow(list(kinds()).index("zero-employment"))
    suggested = {}
    for code in ("S01", "S02", "S03", ""):
        page.export_site.setCurrentIndex(page.export_site.findData(code))
        suggested[code] = page.default_export_name()
    assert suggested == {
        "S01": "零就业家庭跟进清单-幸福社区安置点（S01）-20261129-脱敏.xlsx",
        "S02": "零就业家庭跟进清单-幸福社区安置点（S02）-20261129-脱敏.xlsx",
        "S03": "零就业家庭跟进清单-阳光社区安置点（S03）-20261129-脱敏.xlsx",
        "": "零就业家庭跟进清单-全部安置点-20261129-脱敏.xlsx",
    }
    for code in ("S01", "S02"):  # `anju export --out FOLDER` names it just so
        folder = tmp_path / code
        folder.mkdir()
        done = anju("export", "零就业", "--db", str(store.path), "--out", str(folder), "--site", code, "--date",
                    "2026-11-29")  # fmt: skip
        assert done[0] == 0 and [p.name for p in folder.iterdir()] == [suggested[code]]


def test_a_long_site_name_still_fits_a_stick() -> None:
    """A site named at length (a whole address typed into 安置点名称) and its code keep the name within what FAT32
    and Windows' MAX_PATH leave under a folder or two on a stick, date and 脱敏 kept."""
    name = export_file_name("一次性外出务工交通补助名单", site_in_file_name("幸福" * 100, "S" * 60), ON, "脱敏")
    assert name.endswith("-20261129-脱敏.xlsx") and len(name) <= 130
    assert name.startswith("一次性外出务工交通补助名单-幸福幸福")

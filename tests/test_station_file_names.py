"""Exports of every site are named by who made them (the enrolled station, the county), so the county can gather
the stations' files into one folder; a household's 家庭基本情况表 is named by its 户主 and 户编号 or 门牌, so two
张开寿 of one site are two files. Real enrolled station and county databases (`tests.test_sync_support`), the real
导入导出 page and 打印户表 dialog, real files in one real folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.excel_page import ExcelPage
from desktop.tasks import TaskRunner
from forms.accounts import Account
from forms.excel.commands import register
from forms.excel.export import kinds
from forms.records import Member
from tests.in_process_cli import run_in_process
from tests.test_household_sheet import households_page, sheet_dialog
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]

ON = date(2026, 11, 30)
CLERK = Account("zhang", "张站长", "站长")


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def suggested_for_every_site(qtbot: QtBot, world: World, who: str, runner: TaskRunner) -> str:
    """What the 导入导出 page at ``who`` suggests for 零就业家庭跟进清单 of 全部安置点 on `ON`."""
    page = ExcelPage(world.stores[who], runner, CLERK)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.choices is not None, timeout=5000)
    page.export_date.setDate(page.export_date.date().fromString(f"{ON:%Y-%m-%d}", "yyyy-MM-dd"))
    page.kinds.setCurrentRow(list(kinds()).index("zero-employment"))
    page.export_site.setCurrentIndex(page.export_site.findData(""))
    assert page.export_site.currentText() == "全部安置点"  # the choice is still called so; the file is not
    return page.default_export_name()


def test_each_station_and_the_county_name_their_export_of_every_site_by_themselves(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path
) -> None:
    """Every station suggested, and wrote, 零就业家庭跟进清单-全部安置点-20261130-脱敏.xlsx: gathered onto the county's
    stick, 娜姑镇's overwrote 者海镇's. Now each is named by the station (or county) that made it."""
    suggested = {who: suggested_for_every_site(qtbot, world, who, runner) for who in ("a", "b", "county")}
    assert suggested == {
        "a": "零就业家庭跟进清单-者海镇工作站-20261130-脱敏.xlsx",
        "b": "零就业家庭跟进清单-娜姑镇工作站-20261130-脱敏.xlsx",
        "county": "零就业家庭跟进清单-会泽县-20261130-脱敏.xlsx",
    }
    stick = tmp_path / "县里的U盘"
    stick.mkdir()
    for who in ("a", "b", "county"):  # `anju export --out FOLDER` at each, into one folder
        code, out, _ = anju("export", "零就业", "--db", str(world.stores[who].path), "--out", str(stick), "--date",
                            f"{ON:%Y-%m-%d}")  # fmt: skip
        assert code == 0 and str(stick / suggested[who]) in out, out
    assert sorted(p.name for p in stick.iterdir()) == sorted(suggested.values())

    # One site is named by who exported it too, then by the site (the rule of tests/test_export_file_names.py).
    code, out, _ = anju("export", "零就业", "--db", str(world.a.path), "--out", str(stick), "--site", "S3", "--date",
                        f"{ON:%Y-%m-%d}")  # fmt: skip
    assert code == 0 and str(stick / "零就业家庭跟进清单-者海镇工作站-阳光小区（S3）-20261130-脱敏.xlsx") in out, out


def test_two_households_of_one_head_name_are_two_household_sheets(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path
) -> None:
    """Two 张开寿 at 幸福社区 (it happens: a common name, a big site): 打印户表 suggested 家庭基本情况表-张开寿-….xlsx
    for both, and the second offered to overwrite the first. Each is named by its 户编号, or its 门牌 without one,
    as `anju export household --out FOLDER` names it."""
    with world.edit("a") as uow:
        numbered = add_household(uow, world.site_id("S1"), room="101", members=1, hh_number="5303261062020000070")
        other = add_household(uow, world.site_id("S1"), room="102", members=1)
        for home in (numbered, other):
            head = uow.session.query(Member).filter_by(household_id=home.id).one()
            head.name = "张开寿"
        ids = numbered.id, other.id
    names = []
    with households_page(qtbot, world.a, runner) as page:  # the clerk picks each in 住户, then 打印户表
        for household_id in ids:
            where = page.table.visualRect(page.model.index(page.model.ids.index(household_id), 0)).center()
            qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
            qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
            dialog = sheet_dialog(qtbot, page)
            assert dialog.findChild(QRadioButton, "sheet_chosen").text() == "选中的 1 户（张开寿）"
            dialog.on = ON
            names.append(dialog.default_name())
            dialog.masked.setChecked(True)
            names.append(dialog.default_name())
            dialog.close()
            QApplication.processEvents()  # closed dialogs are deleted: the next is the only one
    assert names == [
        "家庭基本情况表（一户一档）-张开寿（5303261062020000070）-20261130.xlsx",
        "家庭基本情况表（一户一档）-张开寿（5303261062020000070）-20261130-脱敏.xlsx",
        "家庭基本情况表（一户一档）-张开寿（1栋1单元102）-20261130.xlsx",
        "家庭基本情况表（一户一档）-张开寿（1栋1单元102）-20261130-脱敏.xlsx",
    ]
    folder = tmp_path / "户表"
    folder.mkdir()
    code, out, _ = anju("export", "household", "--db", str(world.a.path), "--household", "5303261062020000070",
                        "--out", str(folder), "--date", f"{ON:%Y-%m-%d}")  # fmt: skip
    assert code == 0 and [p.name for p in folder.iterdir()] == [names[0]], out


def test_both_stations_serving_a_site_and_the_county_export_it_into_three_files(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path
) -> None:
    """者海镇 and 娜姑镇 both serve 幸福社区 (S1), and the county holds it too: each wrote
    零就业家庭跟进清单-幸福社区（S1）-20261130-脱敏.xlsx, and gathered on the county's stick each overwrote the one
    before (their lists differ until every station has synced). Each is named by who made it, then the site, as the
    导入导出 page suggests."""
    stick = tmp_path / "县里的U盘"
    stick.mkdir()
    for who in ("a", "b", "county"):
        code, out, _ = anju("export", "零就业", "--db", str(world.stores[who].path), "--out", str(stick), "--site",
                            "S1", "--date", f"{ON:%Y-%m-%d}")  # fmt: skip
        assert code == 0, out
        page = ExcelPage(world.stores[who], runner, CLERK)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda page=page: page.choices is not None, timeout=5000)
        page.export_date.setDate(page.export_date.date().fromString(f"{ON:%Y-%m-%d}", "yyyy-MM-dd"))
        page.kinds.setCurrentRow(list(kinds()).index("zero-employment"))
        page.export_site.setCurrentIndex(page.export_site.findData("S1"))
        assert str(stick / page.default_export_name()) in out, (page.default_export_name(), out)
    assert sorted(p.name for p in stick.iterdir()) == [
        "零就业家庭跟进清单-会泽县-幸福社区（S1）-20261130-脱敏.xlsx",
        "零就业家庭跟进清单-娜姑镇工作站-幸福社区（S1）-20261130-脱敏.xlsx",
        "零就业家庭跟进清单-者海镇工作站-幸福社区（S1）-20261130-脱敏.xlsx",
    ]


def test_backups_of_two_stations_and_of_two_days_are_four_files(
    qtbot: QtBot, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """设置 → 立即备份 suggested anju-备份.anju-backup at every station (each database is anju.db): last week's
    backup on the stick offered to be overwritten by this week's, and two stations' backups taken to the county
    (which opens one for a station that forgot its passphrase) were one name. Each is named by whose it is and the
    day now; written for real under the names suggested, all four are on the stick."""
    from desktop.settings_page import SettingsPage

    stick = tmp_path / "U盘"
    stick.mkdir()
    names = []
    for day in (date(2026, 11, 23), ON):
        monkeypatch.setattr("forms.clock.computer_today", lambda day=day: day)
        for who in ("a", "b"):
            page = SettingsPage(world.stores[who], TaskRunner(), CLERK)
            qtbot.addWidget(page)
            names.append(page.default_backup_name())
            page.start_backup(stick / names[-1], "Zhehai-Backup-2026")
            qtbot.waitUntil(lambda page=page: "加密备份完成" in page.backup_message.text(), timeout=30_000)
            page.runner.wait()
    assert names == [
        "者海镇工作站-备份-20261123.anju-backup",
        "娜姑镇工作站-备份-20261123.anju-backup",
        "者海镇工作站-备份-20261130.anju-backup",
        "娜姑镇工作站-备份-20261130.anju-backup",
    ]
    assert sorted(p.name for p in stick.iterdir()) == sorted(names)

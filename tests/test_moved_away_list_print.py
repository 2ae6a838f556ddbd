"""打印户表 from the 住户 list, for households 已迁出 from this station: the dialog says what their sheets are.

Their sheets (`forms.excel.export_household`) are the station's old copy, with no signature block. The editor's
dialog said so for its one household; opened from the list it still said “下面是户主签字栏” and offered a
户主签字确认件 for them. Real databases synced through a real county (`tests.test_sync_support`), real workbooks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.editor.household_sheet import HouseholdSheetDialog
from desktop.households_page import HouseholdsPage
from desktop.tasks import TaskRunner
from forms.idnumber import make_ric
from forms.records import Household, Member
from tests.test_moved_away import households_page, moved_by_the_county, printed, sheet_texts
from tests.test_sync_support import World

pytest_plugins = ["tests.test_sync_support"]

UNSIGNED = "本表是本站留存的记录，不作签字确认用，所以没有签字栏；要本户签字确认的表，请 新村（S2） 的工作站打印。"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.wait()


@pytest.fixture
def moved(world: World) -> str:
    """王大's family, moved by the county from S3 (station A's alone) to 新村 (S2, station B's); A heard of it."""
    household = moved_by_the_county(world)
    assert world.get("a", Household, household).site_id == world.site_id("S2")
    return household


def own_household(world: World, head: str) -> str:
    """One of station A's own households, at S3, whose 户主 is ``head``."""
    with world.edit("a") as uow:
        home = uow.add(Household(site_id=world.site_id("S3"), building="8", unit="2", room="202"))
        uow.add(Member(household_id=home.id, name=head, relation="户主", sex="男", birth_date=date(1990, 1, 1),
                       id_number=make_ric("530326", date(1990, 1, 1), 31)))  # fmt: skip
    return home.id


def about(dialog: HouseholdSheetDialog) -> str:
    from PySide6.QtWidgets import QLabel

    label = dialog.findChild(QLabel, "sheet_about")
    assert label is not None
    return label.text()


def select(qtbot: QtBot, page: HouseholdsPage, households: list[str]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    page.table.clearSelection()
    for row in range(page.model.rowCount()):
        if page.model.household_id(row) in households:
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            page.table.selectionModel().select(page.model.index(row, 0), flags)
    assert sorted(page.chosen_ids()) == sorted(households)


def test_printing_only_moved_away_households_from_the_list_promises_no_signature(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner, tmp_path: Path
) -> None:
    page = households_page(qtbot, world.a, runner, search="王大")
    dialog = page.print_sheets(everything=True)
    assert dialog is not None
    said = about(dialog)
    assert "本户已迁出到 新村（S2）" in said and "没有签字栏" in said and "户主签字栏" not in said, said
    assert "签字确认件" not in dialog.whole.text() and "本站留存件" in dialog.whole.text()
    assert "入户携带" not in dialog.masked.text()
    assert UNSIGNED in sheet_texts_of(qtbot, dialog, tmp_path / "moved.xlsx")  # what the dialog says is so


def sheet_texts_of(qtbot: QtBot, dialog: HouseholdSheetDialog, path: Path) -> list[str]:
    printed(qtbot, dialog, path)
    return sheet_texts(path)


def test_a_list_with_some_moved_away_says_how_many_have_no_signature_block(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner, tmp_path: Path
) -> None:
    own = own_household(world, "王大山")  # found by the same search, one of station A's own
    page = households_page(qtbot, world.a, runner, search="王大")
    assert page.model.rowCount() == 2
    select(qtbot, page, [moved])
    dialog = page.print_sheets(everything=True)  # the list's two: one to sign, one the station's old copy
    assert dialog is not None
    said = about(dialog)
    assert "下面是户主签字栏" in said and "其中 1 户已迁出到 新村（S2）" in said and "没有签字栏" in said, said
    assert "户主签字确认件" in dialog.whole.text()  # still what the household at S3 gets

    chosen = dialog.findChild(type(dialog.whole), "sheet_chosen")
    assert chosen is not None
    chosen.setChecked(True)  # the one chosen in the list: moved away, all of it the station's old copy
    said = about(dialog)
    assert "本户已迁出到 新村（S2）" in said and "户主签字栏" not in said, said
    assert "本站留存件" in dialog.whole.text()
    texts = sheet_texts_of(qtbot, dialog, tmp_path / "chosen.xlsx")
    assert UNSIGNED in texts and not [text for text in texts if text.startswith("户主（签字）")]

    select(qtbot, page, [own])  # A's own household: the dialog as it always was
    dialog = page.print_sheets()
    assert dialog is not None and "迁出" not in about(dialog) and "户主签字确认件" in dialog.whole.text()
    dialog.close()


def test_the_default_list_asks_nothing_more_of_the_database(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner
) -> None:
    """The default view lists none moved away: printing from it needs no look at where its households are."""
    own_household(world, "王大山")
    page = households_page(qtbot, world.a, runner)
    dialog = page.print_sheets(everything=True)
    assert dialog is not None and "迁出" not in about(dialog) and "户主签字栏" in about(dialog)
    dialog.close()

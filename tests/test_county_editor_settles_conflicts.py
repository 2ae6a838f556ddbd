"""The county clerk's own edit in the household editor closes the conflicts it answers as it is saved.

The county opens households in the stations' editor. A clerk brought back there (恢复成员) a member a station had
edited after the county's 减员, or typed the phone number two stations disagreed on: the conflict was answered, but
it closed only at the next "stamp" (an import, a return file, an attempt to settle it, refused then). Meanwhile the
冲突 page, ``anju county conflicts`` and the tab's count said it was waiting for the clerk. Now the editor's save at
the county stamps the clerk's edit (`sync.trunk.stamp_local_changes`) in its own transaction, and the conflict
closes with it (`sync.conflicts_overtaken`), with who, when and a note, as a 删除 or 恢复 from any other path does.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.editor import HouseholdEditor
from desktop.tasks import TaskRunner
from forms.records import Household, Member
from sync.county_conflicts import ConflictInfo, list_conflicts
from sync.county_return import write_return_file
from sync.county_review import review_queue
from tests.test_sync_support import World, add_household, edit_at_both, open_conflicts_page

pytest_plugins = ["tests.test_sync_support"]

TODAY = date(2026, 5, 20)
PHONE_STATION = "13911111111"
PHONE_COUNTY = "13922222222"


def _open(qtbot: QtBot, editor: HouseholdEditor, household_id: str) -> None:
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        editor.open(household_id)


def _saved(qtbot: QtBot, editor: HouseholdEditor) -> None:
    editor.flush()
    qtbot.waitUntil(lambda: not editor.session.saving, timeout=10_000)


def _member_both_hold(world: World) -> tuple[str, str]:
    """A household station A made at S3, synced to the county: its id, and a member's (not the head)."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S3"), room="302")
    world.sync("a")
    with world.a.reading() as session:
        member_id = session.scalars(select(Member.id).where(Member.household_id == household.id)).all()[1]
    return household.id, member_id


def _member_the_county_let_go_and_a_station_edited(world: World) -> tuple[str, str, ConflictInfo]:
    """A member of a household station A made at S3: the clerk recorded her leaving (减员, as the editor saves it),
    A's worker, not yet holding the county's tombstone, changed her phone. A conflict: does she stay deleted?"""
    household_id, member_id = _member_both_hold(world)
    with world.edit("county") as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        member.left_reason = "迁出"
        uow.delete(member)
    with world.edit("a") as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        member.phone = PHONE_STATION
    world.county_import(world.export("a"))  # the return file is not yet taken back to A
    (conflict,) = list_conflicts(world.county)
    assert conflict.kind == "edit-deleted"
    return household_id, member_id, conflict


def test_bringing_back_the_member_in_the_county_editor_closes_the_conflict_as_it_saves(
    qtbot: QtBot, world: World, runner: TaskRunner, county_editor: HouseholdEditor
) -> None:
    household_id, member_id, opened = _member_the_county_let_go_and_a_station_edited(world)
    _open(qtbot, county_editor, household_id)
    assert county_editor.roster is not None
    left = county_editor.roster.findChild(QLabel, "roster_left")
    assert left is not None and left.isVisible() and "（迁出）" in left.text()
    left.linkActivated.emit(member_id)  # 恢复 beside her name
    box = county_editor.findChild(QMessageBox, "confirm_bring_back")
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    _saved(qtbot, county_editor)

    assert list_conflicts(world.county) == []  # no import, return file or settling since: the save closed it
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.id == opened.id and settled.resolution == "station" and settled.resolved_by == "clerk"
    assert settled.note is not None and "县里之后恢复了这条记录" in settled.note, settled.note
    page = open_conflicts_page(qtbot, world, runner, rows=0)
    qtbot.waitUntil(lambda: "clerk" in page.recent.text(), timeout=5000)  # 最近了结
    assert page.table.rowCount() == 0
    assert "是否删除：clerk 于" in page.recent.text(), page.recent.text()
    queued = {item.household_id: item.open_conflicts for item in review_queue(world.county)}
    assert queued[household_id] == 0  # 审核 no longer says the household has a conflict to settle first

    path, _made = write_return_file(world.county, world.a.station_id, world.stick)
    outcome = world.station_import("a", path)  # A hears it with its next return file, as before
    assert outcome.waiting == 0 and "冲突待县里处理" not in outcome.message()[0]
    member = world.get("a", Member, member_id)
    assert member.deleted_at is None and member.phone == PHONE_STATION


def test_typing_the_value_in_the_county_editor_closes_the_field_conflict_as_it_saves(
    qtbot: QtBot, world: World, county_editor: HouseholdEditor
) -> None:
    """Stations A and B typed different phone numbers for a household at S1, which both serve; the clerk rang the
    family and typed the right one in the county's editor."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="302", phone="13800000000")
    world.sync("a")
    world.sync("b")
    edit_at_both(world, Household, household.id, "phone", ("13911111111", "13922222222"))
    (opened,) = list_conflicts(world.county)

    _open(qtbot, county_editor, household.id)
    assert county_editor.focus_field(household.id, "phone")
    field = QApplication.focusWidget()
    assert field is not None
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "13933333333")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    _saved(qtbot, county_editor)

    assert list_conflicts(world.county) == []
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.id == opened.id and settled.resolution == "value" and settled.resolved_by == "clerk"
    assert settled.note is not None and "县里之后修改了这个字段" in settled.note, settled.note
    for who in ("a", "b"):
        path, _made = write_return_file(world.county, world.stores[who].station_id, world.stick)
        assert world.station_import(who, path).waiting == 0
        assert world.get(who, Household, household.id).phone == "13933333333"


def test_bringing_back_a_member_the_station_let_go_closes_the_conflict_on_the_countys_side(
    qtbot: QtBot, world: World, county_editor: HouseholdEditor
) -> None:
    """The clerk corrected a member's phone; A's worker, meanwhile, recorded her leaving (减员). The county holds the
    station's deletion until someone decides; the clerk rang, she still lives there, and brings her back."""
    household_id, member_id = _member_both_hold(world)
    with world.edit("county") as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        member.phone = PHONE_COUNTY
    with world.edit("a") as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        member.left_reason = "迁出"
        uow.delete(member)
    world.county_import(world.export("a"))
    (opened,) = list_conflicts(world.county)
    assert opened.kind == "delete-edit" and world.get("county", Member, member_id).deleted_at is not None

    _open(qtbot, county_editor, household_id)
    assert county_editor.ask_bring_back(member_id) is not None
    box = county_editor.findChild(QMessageBox, "confirm_bring_back")
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    _saved(qtbot, county_editor)

    assert list_conflicts(world.county) == []
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.id == opened.id and settled.resolution == "county" and settled.resolved_by == "clerk"
    assert settled.note is not None and "县里之后恢复了这条记录" in settled.note, settled.note
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)
    assert world.station_import("a", path).waiting == 0
    member = world.get("a", Member, member_id)
    assert member.deleted_at is None and member.phone == PHONE_COUNTY

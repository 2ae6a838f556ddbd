"""恢复就业记录: a job deleted by mistake and saved is brought back under the member's 就业记录, as 恢复成员 brings
back one who left.

Ctrl+Z reached a deleted job only until the editor was closed: after that the worker typed it again, and the county,
in its editor, could not bring back a job a station had deleted (the deletion conflict was settled only on its 冲突
page). The deleted jobs are now named under the list, each with 恢复, and 恢复就业记录(&B)… does the same from the
keyboard; bringing one back is a change like any other: journaled, synced, and at the county it settles the deletion
conflict as it is saved.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.editor import HouseholdEditor
from desktop.editor.roster import MemberDetail
from desktop.editor.spells import SpellsPanel
from forms.records import Employment, JournalEntry, Member
from forms.store import Store
from sync.county_conflicts import list_conflicts
from sync.county_return import write_return_file
from tests.factories import add_household, add_site
from tests.test_editor import COMPLETE_HOUSEHOLD, add_head, open_household, settle
from tests.test_keyboard import alt, clashes, focused
from tests.test_sync_support import World
from tests.test_sync_support import add_household as add_world_household

pytest_plugins = ["tests.test_sync_support"]

EMPLOYER = "某某公司"


def spells_page(editor: HouseholdEditor, member_id: str) -> SpellsPanel:
    """The member's 就业记录 on screen."""
    assert editor.roster is not None
    detail = editor.roster.select(member_id)
    assert isinstance(detail, MemberDetail)
    detail.setCurrentIndex(1)
    return detail.spells


def answer(qtbot: QtBot, box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


@pytest.fixture
def working_head(store: Store) -> tuple[str, str, str]:
    """A household whose head works away (外出务工 since 2026-04 at 某某公司): household, head and spell ids."""
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        head = add_head(uow, household)
        spell = uow.add(
            Employment(member_id=head.id, form="外出务工", place_scope="省外", start_month="2026-04", employer=EMPLOYER)
        )
    return household.id, head.id, spell.id


def test_a_job_deleted_by_mistake_comes_back_after_the_editor_was_closed(
    qtbot: QtBot, editor: HouseholdEditor, store: Store, working_head: tuple[str, str, str]
) -> None:
    """The worker deleted the head's job instead of the one above it, and saved; noticed the next day, Ctrl+Z no
    longer reaches it. Under 就业记录 it is named, and 恢复 brings it back as it was, counted again."""
    household_id, head_id, spell_id = working_head
    open_household(qtbot, editor, household_id)
    spells = spells_page(editor, head_id)
    editor.ask_remove(spell_id)
    box = editor.findChild(QMessageBox, "confirm_remove")
    assert box is not None
    answer(qtbot, box, QMessageBox.StandardButton.Yes)
    editor.flush()
    settle(qtbot, editor)

    open_household(qtbot, editor, household_id)  # the editor closed and opened again: Ctrl+Z has nothing to undo
    assert not editor.shortcut_actions["undo_remove"].isEnabled()
    assert editor.roster is not None and editor.roster.table.item(0, 4).text() == "劳动力，未就业"
    spells = spells_page(editor, head_id)
    assert spells.table.rowCount() == 0
    removed = spells.findChild(QLabel, "spells_removed")
    assert removed is not None and removed.isVisible()
    assert f"外出务工 2026-04 起 {EMPLOYER}" in removed.text()
    removed.linkActivated.emit(spell_id)  # 恢复 beside it
    box = editor.findChild(QMessageBox, "confirm_bring_back_spell")
    assert box is not None and "张三" in box.text() and f"外出务工 2026-04 起 {EMPLOYER}" in box.text()
    answer(qtbot, box, QMessageBox.StandardButton.Yes)
    settle(qtbot, editor)

    assert [s.id for s in editor.draft.spells_of(head_id)] == [spell_id]
    assert spells.table.rowCount() == 1 and spells.table.item(0, 0).text() == "外出务工"
    assert not removed.isVisible() and not spells.bring_back_button.isVisible()
    assert editor.roster.table.item(0, 4).text() == "劳动力，已就业"
    with store.reading() as session:
        back = session.get(Employment, spell_id)
        assert back is not None and back.deleted_at is None and back.employer == EMPLOYER
        last = session.scalars(select(JournalEntry).order_by(JournalEntry.seq.desc())).first()
    assert last is not None and last.op == "restore" and last.record_id == spell_id  # journaled: it syncs


def test_a_job_deleted_stops_counting_at_once_and_is_offered_back_at_once(
    qtbot: QtBot, editor: HouseholdEditor, working_head: tuple[str, str, str]
) -> None:
    """Deleting the head's only job left the roster saying 劳动力，已就业 (and no 零就业 finding) until the household
    was opened again: the deleted job went on counting. Now it stops at once, and is named under the list."""
    household_id, head_id, spell_id = working_head
    open_household(qtbot, editor, household_id)
    spells = spells_page(editor, head_id)
    assert editor.roster is not None and editor.roster.table.item(0, 4).text() == "劳动力，已就业"
    editor.ask_remove(spell_id)
    box = editor.findChild(QMessageBox, "confirm_remove")
    assert box is not None
    answer(qtbot, box, QMessageBox.StandardButton.Yes)
    settle(qtbot, editor)
    assert editor.roster.table.item(0, 4).text() == "劳动力，未就业"
    assert "household.zero_employment" in {f.code for f in editor.session.findings()}
    assert spells.bring_back_button.isVisible()
    removed = spells.findChild(QLabel, "spells_removed")
    assert removed is not None and f"外出务工 2026-04 起 {EMPLOYER}" in removed.text()


def test_a_deleted_job_is_brought_back_from_the_keyboard_without_clashing_keys(
    qtbot: QtBot, editor: HouseholdEditor, store: Store, working_head: tuple[str, str, str]
) -> None:
    """恢复就业记录(&B)… comes after 新增 and 删除 in the Tab order and answers Alt+B (Alt+R is 恢复成员's,
    Alt+H 修改记录's, on screen with it); with two deleted it lists them, arrows and Enter pick one."""
    household_id, head_id, spell_id = working_head
    with store.unit_of_work("zhang") as uow:
        other = uow.add(Employment(member_id=head_id, form="县内务工", place_scope="县内", start_month="2025-06"))
        uow.flush()
        for gone in (uow.get(Employment, spell_id), other):
            assert gone is not None
            uow.delete(gone)
    open_household(qtbot, editor, household_id)
    spells = spells_page(editor, head_id)
    button = spells.bring_back_button
    assert button.isVisible() and button.isEnabled() and "(&B)" in button.text()
    assert clashes(editor) == {}
    spells.table.setFocus()
    assert not spells.remove_button.isEnabled()  # no job left to delete: Tab passes it
    for expected in (spells.add_button, button):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is expected
    alt(qtbot, Qt.Key.Key_B, lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.objectName() == "spells_bring_back_menu"
    assert [a.text() for a in menu.actions()] == [f"外出务工 2026-04 起 {EMPLOYER}", "县内务工 2025-06 起"]
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    box = editor.findChild(QMessageBox, "confirm_bring_back_spell")
    assert box is not None and "县内务工 2025-06 起" in box.text()
    answer(qtbot, box, QMessageBox.StandardButton.Yes)
    settle(qtbot, editor)
    assert [s.id for s in editor.draft.spells_of(head_id)] == [other.id]
    with store.reading() as session:
        assert session.get(Employment, other.id).deleted_at is None  # type: ignore[union-attr]
        assert session.get(Employment, spell_id).deleted_at is not None  # type: ignore[union-attr]


# ---- at the county ------------------------------------------------------------------------------------------------


def test_the_county_brings_back_a_job_a_station_deleted_and_the_conflict_closes_as_it_saves(
    qtbot: QtBot, world: World, county_editor: HouseholdEditor
) -> None:
    """The clerk corrected a job's employer; station A's worker, meanwhile, deleted the job (by mistake: the man
    still works there). The county holds A's deletion until someone decides; the clerk rang, and brings it back in
    the household editor: the conflict closes with the save, and A gets the job back with its next return file."""
    with world.edit("a") as uow:
        household = add_world_household(uow, world.site_id("S3"), room="302")
    with world.a.reading() as session:
        member_id = session.scalars(select(Member.id).where(Member.household_id == household.id)).all()[0]
    with world.edit("a") as uow:
        spell = uow.add(Employment(member_id=member_id, form="外出务工", place_scope="省外", start_month="2026-04"))
    world.sync("a")
    with world.edit("county") as uow:
        at_county = uow.get(Employment, spell.id)
        assert at_county is not None
        at_county.employer = EMPLOYER
    with world.edit("a") as uow:
        deleted = uow.get(Employment, spell.id)
        assert deleted is not None
        uow.delete(deleted)
    world.county_import(world.export("a"))
    (opened,) = list_conflicts(world.county)
    assert opened.kind == "delete-edit" and world.get("county", Employment, spell.id).deleted_at is not None

    with qtbot.waitSignal(county_editor.opened, timeout=10_000):
        county_editor.open(household.id)
    spells = spells_page(county_editor, member_id)
    assert spells.bring_back_button.isVisible()
    spells.bring_back_button.click()  # the one deleted: asked about at once
    box = county_editor.findChild(QMessageBox, "confirm_bring_back_spell")
    assert box is not None and f"外出务工 2026-04 起 {EMPLOYER}" in box.text()
    answer(qtbot, box, QMessageBox.StandardButton.Yes)
    settle(qtbot, county_editor)

    assert list_conflicts(world.county) == []  # no import, return file or settling since: the save closed it
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.id == opened.id and settled.resolution == "county" and settled.resolved_by == "clerk"
    assert settled.note is not None and "县里之后恢复了这条记录" in settled.note, settled.note
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)
    assert world.station_import("a", path).waiting == 0
    back = world.get("a", Employment, spell.id)
    assert back.deleted_at is None and back.employer == EMPLOYER

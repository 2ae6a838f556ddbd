"""In the English interface, the 冲突 page's 「填写新值」 list offers a yes/no field's answers as Yes and No (it listed
是 and 否, which an English-speaking clerk cannot read); picking Yes saves 是's True, as picking 是 does in 中文.

Real county and station databases, a real batch (`tests.test_sync_support`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.tasks import TaskRunner
from forms.records import Member
from sync.county_conflicts import ConflictInfo, list_conflicts
from tests.test_sync_support import World, add_household, open_conflicts_page

pytest_plugins = ["tests.test_sync_support", "tests.test_i18n"]


def _clash(world: World) -> ConflictInfo:
    """The clerk says the 户主 wants a job (就业意愿 是), station A's worker says not (否)."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S3"), room="302")
    world.sync("a")
    with world.a.reading() as session:
        member_id = session.query(Member.id).filter_by(household_id=household.id, relation="户主").scalar()
    for who, wants in (("county", True), ("a", False)):
        with world.edit(who) as uow:
            uow.get(Member, member_id).job_intent = wants  # type: ignore[union-attr]
    world.sync("a")
    (conflict,) = list_conflicts(world.county)
    assert conflict.field == "job_intent"
    return conflict


def test_the_english_new_value_list_says_yes_and_no_and_saves_the_stored_answer(
    qtbot: QtBot, world: World, runner: TaskRunner, english: QApplication
) -> None:
    conflict = _clash(world)
    page = open_conflicts_page(qtbot, world, runner)
    page.table.setCurrentCell(0, 0)
    typed = page.decisions[conflict.id][1]
    assert [typed.itemText(i) for i in range(typed.count())] == ["Yes", "No"]
    assert [typed.itemData(i) for i in range(typed.count())] == ["是", "否"]  # what the record stores

    typed.setCurrentIndex(typed.findText("Yes"))
    page.choose(conflict.id, "value")
    page.resolve_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=5000)
    assert world.get("county", Member, conflict.record_id).job_intent is True


def test_the_chinese_new_value_list_says_shi_and_fou(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    conflict = _clash(world)
    page = open_conflicts_page(qtbot, world, runner)
    page.table.setCurrentCell(0, 0)
    typed = page.decisions[conflict.id][1]
    assert [typed.itemText(i) for i in range(typed.count())] == ["是", "否"]

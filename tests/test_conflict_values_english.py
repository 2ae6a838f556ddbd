"""In the English interface, a conflict's values picked from a choice list read as the questionnaire's English
labels: the 冲突 page said “初中（current）” against “Primary school” nowhere, and ``anju county conflicts --json``
gave the English field label but only the 中文 values. The record keeps the 中文, and the 中文 interface shows it.

Real county and station databases, a real batch (`tests.test_sync_support`).
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.cli import main
from desktop.tasks import TaskRunner
from forms.records import Member
from sync.county_conflicts import ConflictInfo, list_conflicts
from tests.test_sync_support import World, add_household, open_conflicts_page

pytest_plugins = ["tests.test_sync_support", "tests.test_i18n"]


def _clash(world: World) -> dict[str, ConflictInfo]:
    """The clerk and station A's worker fill in 文化程度 and 健康状况 (a list of several) of one member differently."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S3"), room="302")
    world.sync("a")
    with world.a.reading() as session:
        member_id = session.query(Member.id).filter_by(household_id=household.id, relation="户主").scalar()
    for who, education, health in (("county", "初中", "健康"), ("a", "小学", "长期慢性病,残疾")):
        with world.edit(who) as uow:
            member = uow.get(Member, member_id)
            member.education, member.health = education, health  # type: ignore[union-attr]
    world.sync("a")
    return {c.field: c for c in list_conflicts(world.county)}


def _sides(page: object, conflict: ConflictInfo) -> tuple[str, str]:
    county = page.findChild(QRadioButton, f"take_county_{conflict.id}").text()  # type: ignore[attr-defined]
    station = page.findChild(QRadioButton, f"take_station_{conflict.id}").text()  # type: ignore[attr-defined]
    return county, station


def test_the_english_conflicts_page_shows_choice_values_by_their_english_labels(
    qtbot: QtBot, world: World, runner: TaskRunner, english: QApplication
) -> None:
    conflicts = _clash(world)
    page = open_conflicts_page(qtbot, world, runner)
    page.resize(1100, 520)
    page.table.setCurrentCell(0, 0)
    assert _sides(page, conflicts["education"]) == ("Junior secondary (in use)", "Primary school")
    assert _sides(page, conflicts["health"]) == ("Healthy (in use)", "Long-term chronic illness, Disability")

    # The list to pick a new value from speaks English too; what is saved is the 中文 the questionnaire stores.
    typed = page.decisions[conflicts["education"].id][1]
    assert typed.itemText(typed.findData("高中")) == "Senior secondary"
    page.choose(conflicts["education"].id, "value", "Senior secondary")
    page.choose(conflicts["health"].id, "county")
    page.resolve_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=5000)
    member = world.get("county", Member, conflicts["education"].record_id)
    assert (member.education, member.health) == ("高中", "健康")


def test_the_chinese_page_and_the_command_line_keep_the_stored_values(
    qtbot: QtBot, world: World, runner: TaskRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    conflicts = _clash(world)
    page = open_conflicts_page(qtbot, world, runner)
    page.table.setCurrentCell(0, 0)
    assert _sides(page, conflicts["education"]) == ("初中（现用）", "小学")
    assert _sides(page, conflicts["health"]) == ("健康（现用）", "长期慢性病,残疾")

    assert main(["county", "conflicts", "--db", str(world.county.path)]) == 0
    listed = capsys.readouterr().out
    assert "文化程度：县里 “初中”，工作站“者海镇工作站” “小学”" in listed, listed
    assert main(["county", "conflicts", "--db", str(world.county.path), "--json"]) == 0
    said = {c["field"]: c for c in json.loads(capsys.readouterr().out)["conflicts"]}
    education = said["education"]
    assert (education["county_value"], education["station_value"]) == ("初中", "小学")  # as stored, for scripts
    assert (education["county_value_en"], education["station_value_en"]) == ("Junior secondary", "Primary school")
    assert said["health"]["station_value_en"] == "Long-term chronic illness, Disability"

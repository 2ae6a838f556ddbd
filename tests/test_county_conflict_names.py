"""A conflict on where a record belongs (a household's 安置点, a member's 住户, a job's 成员) names the site, household
or person the clerk knows, in ``anju county conflicts`` and on the 冲突 page: the command line printed the site's
internal id (“3f2a…”), and the page showed a site without the code stations and the 导入导出 page use. Real county
and station databases, real batches (`tests.test_sync_support`: A serves S1 and S3, B serves S1 and S2)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QLabel, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.cli import main
from desktop.tasks import TaskRunner
from forms.records import Employment, Household, Member
from sync.county_conflicts import list_conflicts
from tests.test_sync_support import World, add_household, edit_at_both, open_conflicts_page

pytest_plugins = ["tests.test_sync_support"]


def moved_both_ways(world: World) -> dict[str, str]:
    """Households 301–303 at 幸福社区 (S1), held by both stations. A moves 301 to 阳光小区 (S3), B to 新村 (S2); A
    moves 301's son into 302, B into 303; A gives the son's job to 301's head, B to 302's head."""
    with world.edit("a") as uow:
        homes = [add_household(uow, world.site_id("S1"), room=f"30{n}") for n in (1, 2, 3)]
        heads = [uow.session.query(Member).filter_by(household_id=h.id, relation="户主").one().id for h in homes]
        son = uow.session.query(Member).filter_by(household_id=homes[0].id, relation="之子").one()
        job = uow.add(Employment(member_id=son.id, form="外出务工", place_scope="省外", start_month="2025-03"))
    world.sync("a")
    world.sync("b")
    one, two, three = (h.id for h in homes)
    edit_at_both(world, Household, one, "site_id", (world.site_id("S3"), world.site_id("S2")))
    edit_at_both(world, Member, son.id, "household_id", (two, three))
    edit_at_both(world, Employment, job.id, "member_id", (heads[0], heads[1]))
    return {"household": one, "son": son.id, "job": job.id}


def test_a_conflict_on_where_a_record_belongs_names_the_site_household_or_person(
    qtbot: QtBot, world: World, runner: TaskRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    moved_both_ways(world)
    conflicts = {c.field: c for c in list_conflicts(world.county)}
    assert set(conflicts) == {"site_id", "household_id", "member_id"}
    ids = {v for c in conflicts.values() for v in (c.county_value, c.station_value, c.base_value)}

    assert main(["county", "conflicts", "--db", str(world.county.path)]) == 0
    listed = capsys.readouterr().out
    assert "县里 阳光小区（S3），工作站“娜姑镇工作站” 新村（S2）" in listed
    assert "县里 幸福社区 1-1-302，工作站“娜姑镇工作站” 幸福社区 1-1-303" in listed
    assert "县里 成员3010，工作站“娜姑镇工作站” 成员3020" in listed
    assert not [i for i in ids if i in listed], listed  # no internal id anywhere

    page = open_conflicts_page(qtbot, world, runner, rows=3)
    page.resize(1100, 600)
    shown = []
    for row in range(3):
        page.table.setCurrentCell(row, 0)
        (c,) = page.group.conflicts  # type: ignore[union-attr]
        county = page.findChild(QRadioButton, f"take_county_{c.id}").text()
        station = page.findChild(QRadioButton, f"take_station_{c.id}").text()
        base = [w.text() for w in page.grid_host.findChildren(QLabel) if w.styleSheet() == "color: #666;"]
        shown.append((c.field, county, station, *base))
    assert sorted(shown) == [
        ("household_id", "幸福社区 1-1-302（现用）", "幸福社区 1-1-303", "阳光小区 1-1-301"),  # 301 went to S3
        ("member_id", "成员3010（现用）", "成员3020", "成员3011"),
        ("site_id", "阳光小区（S3）（现用）", "新村（S2）", "幸福社区（S1）"),
    ]
    data = json.dumps([c.value_names for c in conflicts.values()], ensure_ascii=False)
    assert "阳光小区（S3）" in data  # --json keeps the ids and says what each names

"""A deletion conflict a later 恢复 or 删除 has answered is closed, not left for the clerk to "decide" over it.

The county had edited a member station A's worker deleted (or deleted one A's worker edited): a conflict on whether
the member stays deleted. Then someone answered it: the worker brought the member back (恢复成员), the clerk did, or
the worker deleted the member after all. The conflict stayed open, A's import went on saying it waits, and the clerk
taking a side on the 冲突 page could delete again a member just brought back. Now a later 删除 or 恢复 settles it as a
later edit settles a field conflict (`sync.conflicts_overtaken`): with who, when and a note, and A hears it.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.tasks import TaskRunner
from forms.records import Member
from sync.county_conflicts import ConflictInfo, list_conflicts, resolve_conflict
from sync.county_return import write_return_file
from sync.errors import SyncError
from tests.test_sync_support import World, add_household, open_conflicts_page

pytest_plugins = ["tests.test_sync_support"]

PHONE_COUNTY = "13922222222"
PHONE_STATION = "13911111111"


def _member_at(world: World, site: str) -> str:
    """A member of a household station A made at ``site``, synced to the county (and to B, at S1)."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id(site), room="302")
    world.sync("a")
    if site == "S1":
        world.sync("b")
    with world.a.reading() as session:
        found = session.scalars(select(Member.id).where(Member.household_id == household.id)).all()
    return found[1]


def _set(world: World, who: str, member_id: str, *, phone: str | None = None, deleted: bool | None = None) -> None:
    """Station ``who`` (or the county's clerk) edits, deletes or brings back (恢复成员) the member."""
    with world.edit(who) as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        if phone is not None:
            member.phone = phone
        if deleted is True:
            uow.delete(member)
        elif deleted is False:
            member.deleted_at = None  # what 恢复成员 saves


def _station_deleted_what_the_county_edited(world: World, site: str = "S3") -> tuple[str, ConflictInfo]:
    member_id = _member_at(world, site)
    _set(world, "county", member_id, phone=PHONE_COUNTY)
    _set(world, "a", member_id, deleted=True)
    world.sync("a")
    (conflict,) = list_conflicts(world.county)
    assert conflict.kind == "delete-edit" and conflict.station_name == "者海镇工作站"
    return member_id, conflict


def _station_edited_what_the_county_deleted(world: World, site: str = "S3") -> tuple[str, ConflictInfo]:
    member_id = _member_at(world, site)
    _set(world, "county", member_id, deleted=True)
    _set(world, "a", member_id, phone=PHONE_STATION)
    world.county_import(world.export("a"))  # the return file is not yet taken back to A
    (conflict,) = list_conflicts(world.county)
    assert conflict.kind == "edit-deleted" and conflict.station_name == "者海镇工作站"
    return member_id, conflict


def _settled(world: World, opened: ConflictInfo) -> ConflictInfo:
    assert list_conflicts(world.county) == []  # nothing left for the clerk to decide
    (settled,) = list_conflicts(world.county, "resolved")
    assert settled.id == opened.id
    return settled


def test_the_station_bringing_back_the_member_it_deleted_settles_the_conflict(world: World) -> None:
    member_id, opened = _station_deleted_what_the_county_edited(world)
    _set(world, "a", member_id, deleted=False)  # the worker called: the member still lives there
    _report, outcome = world.sync("a")

    settled = _settled(world, opened)
    assert settled.resolution == "county" and settled.resolved_value is None  # kept, as the county had it
    assert settled.resolved_by == "者海镇工作站 zhang"
    assert settled.note is not None and "工作站之后恢复了这条记录" in settled.note, settled.note
    member = world.get("county", Member, member_id)
    assert member.deleted_at is None and member.phone == PHONE_COUNTY
    assert outcome.waiting == 0 and "冲突待县里处理" not in outcome.message()[0]
    assert world.get("a", Member, member_id).deleted_at is None


def test_the_clerk_bringing_back_the_member_settles_every_stations_conflict(world: World) -> None:
    member_id, opened = _station_edited_what_the_county_deleted(world)
    _set(world, "county", member_id, deleted=False)  # 恢复成员 in the county's household editor
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)  # stamps the clerk's edit first

    settled = _settled(world, opened)
    assert settled.resolution == "station" and settled.resolved_by == "clerk"
    assert settled.note is not None and "县里之后恢复了这条记录" in settled.note, settled.note
    outcome = world.station_import("a", path)
    assert outcome.waiting == 0
    member = world.get("a", Member, member_id)
    assert member.deleted_at is None and member.phone == PHONE_STATION

    with pytest.raises(SyncError) as refused:  # taking the county's side now would delete the member again
        resolve_conflict(world.county, opened.id, "county", "clerk")
    assert "未作更改" in refused.value.zh, refused.value.zh
    assert world.get("county", Member, member_id).deleted_at is None


def test_the_station_deleting_what_it_had_edited_agrees_with_the_county(world: World) -> None:
    member_id, opened = _station_edited_what_the_county_deleted(world)
    _set(world, "a", member_id, deleted=True)  # before the county's tombstone reached it: gone after all
    _report, outcome = world.sync("a")

    settled = _settled(world, opened)
    assert settled.resolution == "county" and settled.resolved_value is not None
    assert settled.note is not None and "工作站之后删除了这条记录" in settled.note, settled.note
    assert outcome.waiting == 0
    assert world.get("county", Member, member_id).deleted_at is not None


def test_the_station_bringing_back_what_the_county_deleted_settles_it_for_the_station(world: World) -> None:
    member_id, opened = _station_edited_what_the_county_deleted(world)
    (path, _made), *_ = world.county_import(world.export("a")).returns
    world.station_import("a", path)  # the county's tombstone: A's worker sees the member gone
    _set(world, "a", member_id, deleted=False)
    world.sync("a")

    settled = _settled(world, opened)
    assert settled.resolution == "station"
    member = world.get("county", Member, member_id)
    assert member.deleted_at is None and member.phone == PHONE_STATION


def test_editing_again_a_member_the_county_deleted_is_still_the_one_question(world: World) -> None:
    member_id, opened = _station_edited_what_the_county_deleted(world)
    _set(world, "a", member_id, phone="13933333333")
    world.county_import(world.export("a"))
    (still,) = list_conflicts(world.county, None)
    assert still.id == opened.id and still.status == "open"


def test_another_station_bringing_back_the_member_is_the_countys_side_now(world: World) -> None:
    """At S1, which both serve: A deleted the member the clerk had edited; B's worker, holding the tombstone, brings
    the member back. Nobody answered A, so A's conflict stays open; but the record lives now, and taking the county's
    side keeps it (it was "deleted, kept until decided" before)."""
    member_id, opened = _station_deleted_what_the_county_edited(world, "S1")
    assert opened.kept == "station"
    world.sync("b")
    _set(world, "b", member_id, deleted=False)
    world.sync("b")

    (still,) = list_conflicts(world.county)
    assert still.id == opened.id and still.kept == "county" and still.county_updated_by == "li"
    resolve_conflict(world.county, opened.id, "county", "clerk")
    assert world.get("county", Member, member_id).deleted_at is None


def test_another_station_bringing_back_what_this_station_wanted_settles_it(world: World) -> None:
    member_id, opened = _station_edited_what_the_county_deleted(world, "S1")
    world.sync("b")  # B holds the tombstone
    _set(world, "b", member_id, deleted=False)
    world.sync("b")

    settled = _settled(world, opened)
    assert settled.resolution == "station" and settled.resolved_by == "娜姑镇工作站 li"


def test_the_page_refuses_a_deletion_conflict_answered_meanwhile(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    member_id, opened = _station_deleted_what_the_county_edited(world)
    page = open_conflicts_page(qtbot, world, runner)
    page.table.setCurrentCell(0, 0)

    _set(world, "a", member_id, deleted=False)  # meanwhile A's batch brings the member back
    world.sync("a")

    page.choose(opened.id, "station")  # "delete it, as the station did": over the newer 恢复
    page.resolve_button.click()
    qtbot.waitUntil(lambda: "了结" in page.notice.text(), timeout=5000)
    said = page.notice.text()
    assert "者海镇工作站" in said and "未作更改" in said and "工作站之后恢复了这条记录" in said, said
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=5000)
    assert "是否删除：者海镇工作站 zhang 于" in page.recent.text(), page.recent.text()
    assert world.get("county", Member, member_id).deleted_at is None  # the newer 恢复 stands

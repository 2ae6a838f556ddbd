"""减员: a member who dies, marries out or splits off keeps the reason the station gave on their tombstone; it reaches
the county with the next batch, and the county's 减员名单 lists every person who left the counts with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from forms.excel.export import ExportOptions, export
from forms.leaving import DIED, RECORDED_BY_MISTAKE, SPLIT_OFF
from forms.records import Household, JournalEntry, Member
from sync.duplicates import merge_duplicate
from tests.test_sync_support import FAMILY, World, add_household, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support"]


def departures(world: World, who: str, tmp_path: Path) -> list[dict[str, Any]]:
    """The 减员名单 exported at ``who``, as {header: value} per row."""
    path = export(world.stores[who], "减员", tmp_path / f"{who}-departures.xlsx", ExportOptions()).path
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=3, values_only=True))
    headers = rows[0]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:] if isinstance(row[0], int)]


def test_the_reason_a_member_left_reaches_the_county_and_its_departures_list(world: World, tmp_path: Path) -> None:
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S1"), room="301", members=3)
        moved_away = add_household(uow, world.site_id("S1"), room="302", members=2)
    world.sync("a")
    with world.edit("a") as uow:
        grandpa, son = uow.session.scalars(
            select(Member).where(Member.household_id == home.id, Member.relation != "户主").order_by(Member.name)
        ).all()
        for member, reason in ((grandpa, DIED), (son, SPLIT_OFF)):
            member.left_reason = reason
            uow.delete(member)
        household = uow.get(Household, moved_away.id)
        assert household is not None
        household.status, household.void_reason = "作废", "整户迁出至昆明市"
    with world.stores["a"].reading() as session:
        entry = session.scalars(
            select(JournalEntry).where(JournalEntry.record_id == grandpa.id).order_by(JournalEntry.seq.desc())
        ).first()
    assert entry is not None and entry.op == "delete" and '"left_reason"' in entry.changes  # the history says why
    world.sync("a")

    at_county = world.get("county", Member, grandpa.id)
    assert at_county.deleted_at is not None and at_county.left_reason == DIED
    listed = departures(world, "county", tmp_path)
    why = {row["姓名"]: (row["减员类型"], row["减员原因"]) for row in listed}
    assert why == {
        grandpa.name: ("成员减员", DIED),
        son.name: ("成员减员", SPLIT_OFF),
        "成员3020": ("整户作废", "整户迁出至昆明市"),
        "成员3021": ("整户作废", "整户迁出至昆明市"),
    }
    assert all(row["登记人"] == "zhang" and row["门牌号"] in ("301", "302") for row in listed)

    with world.edit("a") as uow:  # the son's family did not split off after all: 恢复
        back = uow.get(Member, son.id)
        assert back is not None
        back.deleted_at, back.left_reason = None, None
    world.sync("a")
    at_county = world.get("county", Member, son.id)
    assert at_county.deleted_at is None and at_county.left_reason is None
    assert son.name not in {row["姓名"] for row in departures(world, "county", tmp_path)}


def test_a_person_merged_away_by_the_county_is_listed_as_recorded_twice(world: World, tmp_path: Path) -> None:
    homes = one_family_at_both_stations(world)
    merge_duplicate(world.county, FAMILY[1][2], homes["a"], "clerk")
    listed = departures(world, "county", tmp_path)
    assert [(row["姓名"], row["证件号码"], row["减员原因"]) for row in listed] == [
        (FAMILY[1][0], FAMILY[1][2], RECORDED_BY_MISTAKE)
    ]
    ws = openpyxl.load_workbook(tmp_path / "county-departures.xlsx").worksheets[0]
    id_cell = ws.cell(4, 9)  # 证件号码 of the first row, as text (Excel would show 5.30326E+17)
    assert id_cell.value == FAMILY[1][2] and id_cell.data_type == "s" and id_cell.number_format == "@"

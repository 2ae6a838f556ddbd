"""How the household's editor names a conflict the county settled or is still to settle: by the words of the paper
form and of the worker, never by a column's name or a record's id.

A settled conflict about a deletion read 县里处理了“deleted_at”的冲突, and one still open about a member, a job or a
visit deleted here named 一名成员 / 一条务工记录 (the record is gone from the household, so the editor did not know it).
Now a deletion is 是否删除成员王小 / 是否删除本户, a job, visit or measure is named as the 检查结果 name it
(`forms.findings`: 王大的就业记录（外出务工，2025-03起）), every field a conflict can be on comes out as its label (a
job's on the job: …中的“务工企业名称”), and a value as the form shows it (the site's or the member's name, not an id).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from desktop.editor import HouseholdEditor
from desktop.editor.county_news import decision_text, waiting_text
from desktop.editor.storage import load_household
from desktop.tasks import TaskRunner
from forms.records import MODEL_BY_TABLE, Employment, Household, Measure, Member, Visit
from forms.sync_records import SyncConflict
from sync.county_conflicts import list_conflicts, resolve_conflict
from sync.county_return import write_return_file
from sync.rows import CODECS
from tests.test_editor import TODAY, ZHANG
from tests.test_editor import open_household as open_in_editor
from tests.test_sync_support import World

pytest_plugins = ["tests.test_sync_support"]


def _family(world: World) -> dict[str, str]:
    """Station A's household at S3 (A alone serves it): 王大 (户主, who works away) and 王小, one visit; sent."""
    with world.edit("a") as uow:
        home = uow.add(Household(site_id=world.site_id("S3"), building="1", unit="1", room="302", phone="13800000000"))
        head = uow.add(Member(household_id=home.id, name="王大", relation="户主"))
        child = uow.add(Member(household_id=home.id, name="王小", relation="之子"))
        spell = uow.add(Employment(member_id=head.id, form="外出务工", place_scope="省外", start_month="2025-03"))
        visit = uow.add(Visit(household_id=home.id, visited_on=date(2026, 5, 1), surveyor="张", outcome="入户"))
    world.sync("a")
    return {"households": home.id, "members": child.id, "employments": spell.id, "visits": visit.id}


def _banner(qtbot: QtBot, world: World, household_id: str) -> str:
    tasks = TaskRunner()
    editor = HouseholdEditor(world.a, tasks, ZHANG, today=TODAY)
    qtbot.addWidget(editor)
    open_in_editor(qtbot, editor, household_id)
    said = editor.banner.text() if editor.banner.isVisibleTo(editor) else ""
    tasks.wait()
    return said


#: The record each table's deletion names: as the worker knows it, even once it is gone from the household.
NAMED = {"members": "成员王小", "employments": "王大的就业记录（外出务工，2025-03起）", "visits": "2026-05-01的走访"}
#: A field the county changes on the record the station deletes.
COUNTY_EDIT = {"members": ("phone", "13911111111"), "employments": ("employer", "某厂"), "visits": ("surveyor", "李")}


@pytest.mark.parametrize("table", list(NAMED))
def test_a_record_the_station_deleted_and_the_county_changed_is_named_waiting_and_settled(
    qtbot: QtBot, world: World, table: str
) -> None:
    records = _family(world)
    model, record_id = MODEL_BY_TABLE[table], records[table]
    field, value = COUNTY_EDIT[table]
    with world.edit("county") as uow:
        setattr(uow.get(model, record_id), field, value)
    with world.edit("a") as uow:
        uow.delete(uow.get(model, record_id))  # type: ignore[arg-type]
    world.sync("a")

    said = _banner(qtbot, world, records["households"])
    assert f"本站删除的{NAMED[table]}在县里被改过，冲突待县里处理" in said, said

    (conflict,) = list_conflicts(world.county)
    resolve_conflict(world.county, conflict.id, "station", "赵科长", note="已核实")
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)
    world.station_import("a", path)
    said = _banner(qtbot, world, records["households"])
    assert "deleted_at" not in said, said
    assert said.startswith(f"县里处理了是否删除{NAMED[table]}的冲突（赵科长，"), said
    assert "采用了本站的值：删除。说明：已核实" in said, said


def test_a_household_the_county_deleted_and_the_station_changed_is_named_when_settled(
    qtbot: QtBot, world: World
) -> None:
    household_id = _family(world)["households"]
    with world.edit("county") as uow:
        uow.delete(uow.get(Household, household_id))  # type: ignore[arg-type]
    with world.edit("a") as uow:
        uow.get(Household, household_id).phone = "13922222222"  # type: ignore[union-attr]
    world.sync("a")
    (conflict,) = list_conflicts(world.county)
    assert conflict.kind == "edit-deleted"
    resolve_conflict(world.county, conflict.id, "station", "赵科长")
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)
    world.station_import("a", path)

    said = _banner(qtbot, world, household_id)
    assert "deleted_at" not in said, said
    assert said.startswith("县里处理了是否删除本户的冲突（赵科长，") and "采用了本站的值：保留（未删除）" in said, said


def test_every_field_a_conflict_can_be_on_is_named_by_the_form_never_by_a_column_or_an_id(world: World) -> None:
    """Each field of each record a station edits (and a deletion), open and settled: the banner's sentence holds no
    Latin letter — no column name (deleted_at, member_id, extra), no record id; ids given as values come out as the
    site's, the member's or the household's name, and the county's own questions by their labels."""
    from forms.questionnaire import from_dict, load_packaged, save_active

    raw = load_packaged().to_dict()
    next(f for f in raw["forms"] if f["name"] == "household")["sections"][1]["fields"].append(
        {"name": "water", "type": "text", "label": {"zh": "水电费", "en": "Utility bills"}, "extra": True}
    )
    records = _family(world)
    save_active(world.a, from_dict(raw, source="test"))  # after the sync (its return file brings the county's)
    with world.a.reading() as session:
        head = session.scalar(select(Member.id).where(Member.name == "王大"))
    with world.edit("a") as uow:
        measure = uow.add(
            Measure(household_id=records["households"], member_id=head, kind="职业指导", started_on=date(2026, 5, 2))
        )
    records["measures"] = measure.id
    other_site = world.site_id("S1")
    as_ids = {"site_id": (world.site_id("S3"), other_site), "member_id": (head, records["members"])}
    as_ids["household_id"] = (records["households"], records["households"])
    conflicts = []
    for table, record_id in records.items():
        for field in sorted(CODECS[table].editable | {"deleted_at"}):
            pair: tuple[Any, Any] = as_ids.get(field, ("甲", "乙"))
            county, station = pair
            if field == "extra":  # the county's questions (on the household only, here)
                county, station = ({"water": "已缴"}, {"water": "欠缴"}) if table == "households" else (None, {})
            kinds = ("delete-edit", "edit-deleted") if field == "deleted_at" else ("field",)
            conflicts += [
                {
                    "kind": kind,
                    "record_table": table,
                    "record_id": record_id,
                    "household_id": records["households"],
                    "field": field,
                    "base_value": "null",
                    "county_value": json.dumps(county),
                    "station_value": json.dumps(station),
                    "kept": "county",
                    "station_id": world.a.station_id,
                    "seq": 1,
                    "rev": 1,
                    "created_at": "2026-05-19T02:00:00",
                    "status": "open",
                }
                for kind in kinds
            ]
    with world.a.engine.begin() as conn:
        conn.execute(insert(SyncConflict), conflicts)
    opened = load_household(world.a, records["households"])
    assert opened is not None and len(opened.decisions) == len(conflicts)

    said = []
    for waiting in opened.decisions:
        settled = replace(waiting, taken="ours", value=waiting.station_value, by="赵科长", at="2026-05-19T02:00:00")
        said += [waiting_text(waiting, opened.draft), decision_text(settled, opened.draft)]
    leaked = [text for text in said if re.search("[A-Za-z]", text)]
    assert not leaked, "\n".join(leaked)
    text = "\n".join(said)
    assert "“安置点名称”：本站改为 " in text and "暂时显示县里的值 " in text  # the sites by name (ids fail above)
    assert "“水电费”：欠缴" in text and "“水电费”：已缴" in text
    assert "王大的帮扶措施（职业指导，2026-05-02开始）中的“帮扶对象”：本站改为 王小" in text, text
    assert "成员王小的“所在住户”" not in text and "王小的“所在住户”：本站改为 本户" in text, text
    assert "王大的就业记录（外出务工，2025-03起）中的“务工企业名称”" in text
    assert "县里处理了是否删除本户的冲突" in text and "县里处理了是否删除2026-05-01的走访的冲突" in text

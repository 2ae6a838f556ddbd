"""A station's work on a person or family the county merged, done before the station heard of the merge.

Real station and county databases, real batch and return files (`tests.test_sync_support`): station A serves S1 and
S3, station B serves S1 and S2.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from forms.idnumber import make_ric
from forms.records import Employment, Household, JournalEntry, Measure, Member, Visit
from forms.settings import load_settings
from forms.sync_records import SyncConflict
from forms.worklists import run_worklist
from sync import batch_check
from sync.county_conflicts import list_conflicts, resolve_conflict
from sync.county_review import approve_household, review_queue
from sync.duplicates import merge_duplicate, merge_households
from sync.errors import SyncError
from sync.outbox import station_status
from tests.test_sync_support import FAMILY, World, add_household, edit_at_both, live_members

pytest_plugins = ["tests.test_sync_support"]

ID_NUMBER = "530326199001011234"


def zero_employment(world: World) -> set[str]:
    with world.county.engine.connect() as conn:
        found = run_worklist(conn, "zero_employment", load_settings(world.county), date.today())
    return {row.household_id for row in found.rows}


@pytest.mark.parametrize("apart", [False, True], ids=["made-here", "made-in-a-second-process"])
def test_a_job_a_measure_and_edits_recorded_for_a_merged_person_go_to_the_person_kept(
    world: World, apart: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Station B recorded a job and a 帮扶措施 for its 张三 and edited him after the county had merged him into station
    A's 张三, before B had the return file. The job and the measure stayed under the tombstoned copy, counting
    nowhere (A's household stayed 零就业), and the edits showed only as a conflict on the tombstone. (A big batch's
    new records are made in a second process: ``apart``.)"""
    if apart:
        monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    people = {}
    for who, site, room in (("a", "S3", "11"), ("b", "S2", "22")):
        with world.edit(who) as uow:
            home = add_household(uow, world.site_id(site), room=room, members=1)
            person = uow.add(
                Member(
                    household_id=home.id,
                    name="张三",
                    relation="之子",
                    id_number=ID_NUMBER,
                    sex="男",
                    birth_date=date(1990, 1, 1),
                    phone="13800000000",
                    labour_skill="普通劳动力",
                )
            )
            people[who] = (home.id, person.id)
        world.sync(who)
    merge_duplicate(world.county, ID_NUMBER, people["a"][0], "clerk", "同一人，住者海镇")
    home, kept = people["a"]
    assert home in zero_employment(world)
    with world.edit("a") as uow:  # station A goes on too: its 张三's 文化程度
        uow.get(Member, kept).education = "初中"  # type: ignore[union-attr]
    world.sync("a")

    with world.edit("b") as uow:  # station B has not heard of the merge yet
        job = uow.add(Employment(member_id=people["b"][1], form="灵活就业", place_scope="县内", start_month="2026-01"))
        measure = uow.add(
            Measure(household_id=people["b"][0], member_id=people["b"][1], kind="技能培训", started_on=date(2026, 6, 1))
        )
        copy = uow.get(Member, people["b"][1])
        assert copy is not None
        copy.phone, copy.education = "13900000000", "高中"
    report, _returned = world.sync("b")

    assert home not in zero_employment(world)  # the job counts again
    summary = report.files[0].message()[0]
    assert "1 处冲突待处理" in summary
    assert (
        "工作站“娜姑镇工作站”在县里合并后为张三新增的 1 条就业记录、1 条帮扶措施，以及 2 处修改，已转到保留的记录"
        "（阳光小区 1-1-11 的张三）；1 处与保留的记录不同，已列入冲突待处理。"
    ) in summary
    assert "moved to the record kept" in report.files[0].message()[1]
    assert home in {item.household_id for item in review_queue(world.county)}
    (conflict,) = list_conflicts(world.county)  # the edit A's 张三 holds otherwise, on A's 张三, for the clerk
    assert (conflict.record_id, conflict.household_id, conflict.field) == (kept, home, "education")
    assert (conflict.county_value, conflict.station_value) == ("初中", "高中")
    (closed,) = list_conflicts(world.county, "resolved")  # the one on the tombstone says where the edits went
    assert closed.record_id == people["b"][1] and "工作站合并后的修改已转到保留的记录" in (closed.note or "")
    with world.county.reading() as session:
        moves = session.execute(
            select(JournalEntry.source, JournalEntry.actor)
            .where(JournalEntry.record_id == job.id)
            .order_by(JournalEntry.seq)
        ).all()
    assert [tuple(m) for m in moves] == [("remote", "li"), ("local", "县里合并后转入")]  # a county change, journaled

    world.sync("a")
    for who in ("county", "a", "b"):
        spell, aimed = world.get(who, Employment, job.id), world.get(who, Measure, measure.id)
        assert (spell.member_id, spell.deleted_at) == (kept, None), who
        assert (aimed.household_id, aimed.member_id, aimed.deleted_at) == (home, kept, None), who
        assert world.get(who, Member, kept).phone == "13900000000", who
        assert world.stores[who].verify_journal().ok, who
    assert world.get("b", Member, people["b"][1]).deleted_at is not None
    with world.b.reading() as session:  # nothing of it is left in B's household
        left = session.scalars(
            select(Measure).where(Measure.household_id == people["b"][0], Measure.deleted_at.is_(None))
        )
        assert left.all() == []
        assert session.get(SyncConflict, closed.id).note == closed.note  # B hears what became of its edits
    assert station_status(world.a).pending == station_status(world.b).pending == 0


def test_a_member_visit_and_measure_added_to_a_household_merged_whole_go_to_the_household_kept(world: World) -> None:
    """整户合并 voided station B's household; before B heard of it, its 采集员 registered a newborn there, logged a
    visit and a 帮扶措施 and corrected the family's phone and 王大's. All of it landed in the voided household, counting
    nowhere; the newborn was a live member of a 作废 household."""
    homes = {}
    for who, site, room in (("a", "S3", "31"), ("b", "S2", "32")):
        with world.edit(who) as uow:
            home = uow.add(Household(site_id=world.site_id(site), building="3", unit="1", room=room))
            for name, relation, number in FAMILY:
                uow.add(Member(household_id=home.id, name=name, relation=relation, id_number=number))
            homes[who] = home.id
        world.sync(who)
    merge_households(world.county, homes["a"], homes["b"], "clerk", "两站都登记了这一户")

    with world.edit("b") as uow:
        newborn = uow.add(
            Member(
                household_id=homes["b"],
                name="王小",
                relation="之子",
                id_number=make_ric("530326", date(2026, 3, 3), 33),
            )
        )
        visit = uow.add(Visit(household_id=homes["b"], visited_on=date(2026, 6, 2), surveyor="李", outcome="入户"))
        measure = uow.add(Measure(household_id=homes["b"], kind="职业指导", started_on=date(2026, 6, 2), staff="李"))
        copy = uow.get(Household, homes["b"])
        assert copy is not None
        copy.phone, copy.status = "13700000000", "已完成"  # the status is the copy's own: it stays 作废
        wang = uow.session.scalars(select(Member).where(Member.household_id == homes["b"], Member.name == "王大"))
        wang.one().phone = "13600000000"
    report, _returned = world.sync("b")

    assert world.get("county", Member, newborn.id).household_id == homes["a"]
    summary = report.files[0].message()[0]
    assert (
        "在县里整户合并后为已作废的住户 新村 3-1-32 新增的 成员 王小、1 条走访记录、1 条帮扶措施，以及 1 处修改，"
        "已转到保留的住户 阳光小区 3-1-31。" in summary
    )
    assert "在县里合并后对王大的 1 处修改已转到保留的记录（阳光小区 3-1-31 的王大）。" in summary
    queue = {item.household_id for item in review_queue(world.county)}
    assert homes["a"] in queue and homes["b"] not in queue
    assert list_conflicts(world.county) == []  # B's 已完成 against the county's 作废: closed, saying why
    status, on_copy = list_conflicts(world.county, "resolved")  # and the one on B's tombstoned 王大
    assert (status.record_id, status.field, status.county_value) == (homes["b"], "status", "作废")
    assert "该户已整户合并到 阳光小区 3-1-31 后作废" in (status.note or "")
    assert (on_copy.kind, on_copy.record) == ("edit-deleted", "王大")
    world.sync("a")
    for who in ("county", "a"):  # the family's site is station A's
        assert live_members(world, who, homes["a"]) == ["李二", "王大", "王小"], who
        kept = world.get(who, Household, homes["a"])
        assert (kept.status, kept.phone) == ("草稿", "13700000000"), who
        with world.stores[who].reading() as session:
            phones = session.scalars(
                select(Member.phone).where(Member.household_id == homes["a"], Member.name == "王大")
            ).all()
        assert phones == ["13600000000"], who
    for who in ("county", "a", "b"):
        assert world.get(who, Member, newborn.id).household_id == homes["a"], who
        assert world.get(who, Visit, visit.id).household_id == homes["a"], who
        assert world.get(who, Measure, measure.id).household_id == homes["a"], who
        assert world.stores[who].verify_journal().ok, who
    for who in ("county", "b"):
        assert world.get(who, Household, homes["b"]).status == "作废", who
        assert live_members(world, who, homes["b"]) == [], who
    with world.b.reading() as session:  # nothing of it is left in B's voided household
        for model in (Visit, Measure):
            assert (
                session.scalars(select(model).where(model.household_id == homes["b"], model.deleted_at.is_(None))).all()
                == []
            )
    assert station_status(world.a).pending == station_status(world.b).pending == 0


def test_conflicts_open_on_a_merged_copy_move_to_the_record_kept_or_are_closed(world: World) -> None:
    """Both stations hold both copies of 王大's family (S1). Conflicts open on station B's copy stayed on the 冲突 page
    after the merge: settling one changed a tombstone or a 作废 household, and the kept household could be approved
    with a conflict about its own visit still open."""
    homes = {}
    for who, room in (("a", "302"), ("b", "0302")):
        with world.edit(who) as uow:
            home = uow.add(Household(site_id=world.site_id("S1"), building="3", unit="1", room=room))
            for name, relation, number in FAMILY:
                uow.add(
                    Member(household_id=home.id, name=name, relation=relation, id_number=number, phone="13500000000")
                )
            homes[who] = home.id
        world.sync(who)
    with world.edit("b") as uow:
        visit = uow.add(Visit(household_id=homes["b"], visited_on=date(2026, 5, 9), surveyor="李", outcome="入户"))
    world.sync("b")
    world.sync("a")
    with world.b.reading() as session:
        copy_of_wang = session.scalars(
            select(Member.id).where(Member.household_id == homes["b"], Member.name == "王大")
        ).one()
    edit_at_both(world, Household, homes["b"], "phone", ("13911111111", "13922222222"))
    edit_at_both(world, Member, copy_of_wang, "phone", ("13933333333", "13944444444"))
    edit_at_both(world, Visit, visit.id, "outcome", ("电话核实", "家中无人"))
    assert len(list_conflicts(world.county)) == 3

    merge_households(world.county, homes["a"], homes["b"], "clerk")
    with world.county.reading() as session:
        kept_wang = session.scalars(
            select(Member.id).where(Member.household_id == homes["a"], Member.name == "王大")
        ).one()
    open_now = {c.record_table: c for c in list_conflicts(world.county)}
    assert set(open_now) == {"members", "visits"}
    person = open_now["members"]  # about the person kept now, with what the kept person holds as the county's value
    assert (person.record_id, person.household_id, person.field) == (kept_wang, homes["a"], "phone")
    assert (person.county_value, person.station_value) == ("13500000000", "13944444444")
    assert open_now["visits"].household_id == homes["a"]  # the visit moved: its conflict goes with it
    (closed,) = list_conflicts(world.county, "resolved")
    assert closed.record_id == homes["b"] and "该户已整户合并到 幸福社区 3-1-302 后作废" in (closed.note or "")
    with pytest.raises(SyncError, match="冲突未处理"):
        approve_household(world.county, homes["a"], "clerk")

    resolve_conflict(world.county, person.id, "station", "clerk", note="电话核实")
    assert world.get("county", Member, kept_wang).phone == "13944444444"
    for who in ("a", "b"):
        world.sync(who)
        assert world.get(who, Member, kept_wang).phone == "13944444444", who
        with world.stores[who].reading() as session:
            assert session.get(SyncConflict, closed.id).status == "resolved", who


def test_a_job_ended_on_the_copy_the_merge_dropped_ends_the_job_kept(world: World) -> None:
    """Both stations recorded 张三's 外出务工 since 2025-03; the merge kept station A's and dropped B's as the same job.
    Station B, not yet knowing, recorded that the job ended: the end went onto the dropped copy, and 张三 still counted
    as employed."""
    people, jobs = {}, {}
    for who, site, room in (("a", "S3", "11"), ("b", "S2", "22")):
        with world.edit(who) as uow:
            home = add_household(uow, world.site_id(site), room=room, members=1)
            person = uow.add(Member(household_id=home.id, name="张三", relation="之子", id_number=ID_NUMBER))
            jobs[who] = uow.add(
                Employment(member_id=person.id, form="外出务工", place_scope="省外", start_month="2025-03")
            )
            people[who] = (home.id, person.id)
        world.sync(who)
    merge_duplicate(world.county, ID_NUMBER, people["a"][0], "clerk", "同一人")
    assert world.get("county", Employment, jobs["b"].id).deleted_at is not None

    with world.edit("b") as uow:
        uow.get(Employment, jobs["b"].id).end_month = "2026-05"  # type: ignore[union-attr]
    report, _returned = world.sync("b")

    assert world.get("county", Employment, jobs["a"].id).end_month == "2026-05"
    assert (
        "对张三的就业记录（外出务工 2025-03）的 1 处修改已转到保留的记录（阳光小区 1-1-11 的张三）。"
        in (report.files[0].message()[0])
    )
    assert list_conflicts(world.county) == []
    world.sync("a")
    for who in ("county", "a"):
        assert world.get(who, Employment, jobs["a"].id).end_month == "2026-05", who

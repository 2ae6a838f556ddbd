"""USB sync scenarios with a county and two stations in temporary folders: real files, real keys, real batches.

Station A serves S1 and S3, station B serves S1 and S2 (see `tests.test_sync_support`).
"""

from __future__ import annotations

import base64
import itertools
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.exc import OperationalError

from forms.idnumber import check_character, make_ric
from forms.records import (
    Employment,
    FindingOverride,
    Household,
    JournalEntry,
    Measure,
    Member,
    Review,
    Site,
    Visit,
)
from forms.store import Store
from forms.sync_records import SyncBatch, SyncHistory, SyncIdentity, SyncStation
from sync.county_apply import received_changes
from sync.county_conflicts import list_conflicts, resolve_conflict
from sync.county_return import write_return_file
from sync.county_review import approve_clean, approve_household, return_household, review_queue
from sync.county_stations import list_stations, revoke_station
from sync.duplicates import (
    Mate,
    keep_duplicate,
    list_duplicates,
    merge_duplicate,
    merge_households,
    twin_households,
)
from sync.enrolment import accept_package, enrol_station, open_package
from sync.errors import AlreadyEnrolled, AlteredFile, BatchGap, SyncError, WrongPassphrase
from sync.importing import import_files
from sync.outbox import export_batch, station_status
from sync.station_apply import apply_return
from tests.test_sync_support import (
    FAMILY,
    World,
    add_household,
    copy_databases,
    edit_at_both,
    live_members,
    one_family_at_both_stations,
)

pytest_plugins = ["tests.test_sync_support"]


def shared_household(world: World, **fields: object) -> str:
    """A household at S1 made by station A, synced so both stations hold it."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="302", **fields)
    world.sync("a")
    world.sync("b")
    return household.id


def test_clean_round_trip(world: World) -> None:
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="302", phone="13800000000")
        member = uow.session.scalars(select(Member).where(Member.household_id == household.id)).first()
        assert member is not None
        uow.add(Employment(member_id=member.id, form="外出务工", place_scope="省外", start_month="2026-03"))
    assert station_status(world.a).pending == 4

    report, returned = world.sync("a")
    outcome = report.files[0].batch
    assert outcome is not None and outcome.applied == 4 and outcome.conflicts == 0
    county_household = world.get("county", Household, household.id)
    assert county_household.phone == "13800000000" and county_household.rev > 0
    assert county_household.origin == station_status(world.a).station_id  # not the provisional local-… id
    assert world.count("county", Employment) == 1
    assert [item.household_id for item in review_queue(world.county)] == [household.id]

    # The station is acknowledged: nothing pending, and its records now carry the county's revisions.
    assert station_status(world.a).pending == 0 and returned.ack_seq > 0
    assert world.get("a", Household, household.id).rev == county_household.rev

    # Station B serves S1 too: it receives the household, journaled as remote, and never sends it back.
    _report, b_returned = world.sync("b")
    assert b_returned.applied.changed == 4
    assert world.get("b", Household, household.id).phone == "13800000000"
    assert world.count("b", Member) == 2 and world.count("b", Employment) == 1
    assert station_status(world.b).pending == 0
    assert world.journal_sources("b")[-4:] == ["remote"] * 4
    for who in ("county", "a", "b"):
        assert world.stores[who].verify_journal().ok

    stations = {s.name: s for s in list_stations(world.county)}
    assert stations["者海镇工作站"].last_batch == 1 and stations["者海镇工作站"].cursor == returned.ack_seq
    assert stations["娜姑镇工作站"].last_import_at is not None


def test_two_stations_edit_different_fields_of_one_household_merge_without_conflict(world: World) -> None:
    household_id = shared_household(world)
    with world.edit("a") as uow:
        uow.get(Household, household_id).phone = "13911111111"  # type: ignore[union-attr]
    with world.edit("b") as uow:
        uow.get(Household, household_id).notes = "户主在外务工"  # type: ignore[union-attr]
    world.sync("a")
    report, _ = world.sync("b")
    assert report.files[0].batch is not None and report.files[0].batch.merged == 1
    world.sync("a")

    assert list_conflicts(world.county) == []
    for who in ("county", "a", "b"):
        household = world.get(who, Household, household_id)
        assert (household.phone, household.notes) == ("13911111111", "户主在外务工"), who


def test_same_field_conflict_keeps_both_values_and_the_resolution_reaches_both_stations(world: World) -> None:
    household_id = shared_household(world, phone="13800000000")
    with world.edit("a") as uow:
        uow.get(Household, household_id).phone = "13911111111"  # type: ignore[union-attr]
    with world.edit("b") as uow:
        uow.get(Household, household_id).phone = "13922222222"  # type: ignore[union-attr]
    world.sync("a")
    report, _ = world.sync("b")
    assert report.files[0].batch is not None and report.files[0].batch.conflicts == 1

    (conflict,) = list_conflicts(world.county)
    assert (conflict.field, conflict.county_value, conflict.station_value) == ("phone", "13911111111", "13922222222")
    assert conflict.base_value == "13800000000" and conflict.station_name == "娜姑镇工作站"
    assert conflict.county_updated_by == "zhang" and "幸福社区" in conflict.household
    # The county kept its value, and station B was brought back to it; B's value survives in the history.
    assert world.get("county", Household, household_id).phone == "13911111111"
    assert world.get("b", Household, household_id).phone == "13911111111"
    with world.county.reading() as session:
        received = session.scalars(select(SyncHistory.changes).where(SyncHistory.outcome == "conflict")).all()
    assert any("13922222222" in (changes or "") for changes in received)
    assert [i.reason for i in review_queue(world.county) if i.household_id == household_id] == ["conflict"]

    resolve_conflict(world.county, conflict.id, "station", "clerk", note="电话核实，以娜姑镇为准")
    assert list_conflicts(world.county) == []
    for who in ("a", "b"):
        path, _ = write_return_file(world.county, world.stores[who].station_id, world.stick)
        world.station_import(who, path)
    for who in ("county", "a", "b"):
        assert world.get(who, Household, household_id).phone == "13922222222", who
    # Each station keeps the resolution and its note to show.
    (settled,) = list_conflicts_at_station(world.a)
    assert settled["note"] == "电话核实，以娜姑镇为准" and settled["resolution"] == "station"


def test_two_stations_answering_different_county_questions_of_one_household_is_no_conflict(world: World) -> None:
    """The county's own questions share one JSON field (``extra``); they merge question by question."""
    household_id = shared_household(world, extra={"水电费": "已缴"})
    with world.edit("a") as uow:
        uow.get(Household, household_id).extra = {"水电费": "已缴", "住房面积": 80}  # type: ignore[union-attr]
    with world.edit("b") as uow:
        uow.get(Household, household_id).extra = {"水电费": "欠缴", "种植": "烤烟"}  # type: ignore[union-attr]
    world.sync("a")
    report, _ = world.sync("b")
    assert report.files[0].batch is not None and report.files[0].batch.conflicts == 0
    world.sync("a")

    assert list_conflicts(world.county) == []
    for who in ("county", "a", "b"):
        assert world.get(who, Household, household_id).extra == {"水电费": "欠缴", "住房面积": 80, "种植": "烤烟"}, who


def test_one_county_question_answered_differently_is_the_only_conflict_and_settling_it_keeps_the_rest(
    world: World,
) -> None:
    household_id = shared_household(world, extra={"水电费": "已缴"})
    with world.edit("a") as uow:
        uow.get(Household, household_id).extra = {"水电费": "欠缴", "住房面积": 80}  # type: ignore[union-attr]
    with world.edit("b") as uow:
        uow.get(Household, household_id).extra = {"水电费": "减免", "种植": "烤烟"}  # type: ignore[union-attr]
    world.sync("a")
    report, _ = world.sync("b")
    assert report.files[0].batch is not None and report.files[0].batch.conflicts == 1

    (conflict,) = list_conflicts(world.county)
    assert conflict.field == "extra" and conflict.base_value == {"水电费": "已缴"}
    assert conflict.county_value == {"水电费": "欠缴", "住房面积": 80, "种植": "烤烟"}
    assert conflict.station_value == {"水电费": "减免", "住房面积": 80, "种植": "烤烟"}
    assert world.get("county", Household, household_id).extra == conflict.county_value

    resolve_conflict(world.county, conflict.id, "station", "clerk", note="以娜姑镇为准")
    for who in ("a", "b"):
        path, _ = write_return_file(world.county, world.stores[who].station_id, world.stick)
        world.station_import(who, path)
    for who in ("county", "a", "b"):
        assert world.get(who, Household, household_id).extra == {"水电费": "减免", "住房面积": 80, "种植": "烤烟"}, who


def test_every_change_a_station_sent_reads_back_as_sent_its_text_stored_once(world: World) -> None:
    household_id = shared_household(world, phone="13800000000")
    with world.edit("a") as uow:
        uow.get(Household, household_id).phone = "13911111111"  # type: ignore[union-attr]
    with world.edit("b") as uow:
        uow.get(Household, household_id).phone = "13922222222"  # type: ignore[union-attr]
        add_household(uow, world.site_id("S2"), room="909", members=3)
    world.sync("a")
    world.sync("b")

    for who in ("a", "b"):
        station_id = world.stores[who].station_id
        with world.stores[who].reading() as session:
            local = select(JournalEntry.seq, JournalEntry.changes).where(JournalEntry.source == "local")
            sent: dict[int, str] = dict(session.execute(local).all())
        with world.county.engine.connect() as conn:
            received = conn.execute(
                select(SyncHistory.seq, SyncHistory.changes, SyncHistory.journal_seq, SyncHistory.outcome).where(
                    SyncHistory.station_id == station_id
                )
            ).all()
            assert received and {row.seq for row in received} <= sent.keys()
            for row in received:
                assert received_changes(conn, station_id, row.seq) == sent[row.seq], (who, row.seq)
                # Taken whole, a change's text lives once, in the county journal; B's losing phone keeps its own.
                assert (row.changes is None) == (row.journal_seq is not None), (who, row.seq)
                if row.outcome == "conflict":
                    assert row.changes is not None and "13922222222" in row.changes
            whole = [row for row in received if row.changes is None]
            assert whole, who
            holding = select(JournalEntry.seq, JournalEntry.changes).where(
                JournalEntry.seq.in_([row.journal_seq for row in whole])
            )
            texts: dict[int, str] = dict(conn.execute(holding).all())
            assert all(texts[row.journal_seq] == sent[row.seq] for row in whole)
    with world.county.engine.connect() as conn:
        assert received_changes(conn, "no-such-station", 1) is None
    assert world.county.verify_journal().ok


def list_conflicts_at_station(store: Store) -> list[dict[str, object]]:
    from forms.sync_records import SyncConflict

    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(SyncConflict)).mappings()]


@pytest.mark.parametrize("delete_first", [True, False], ids=["delete-imported-first", "edit-imported-first"])
def test_a_delete_against_an_edit_is_a_conflict_the_clerk_settles(world: World, delete_first: bool) -> None:
    household_id = shared_household(world)
    with world.a.reading() as session:
        member_id = session.scalars(select(Member.id).where(Member.household_id == household_id)).all()[1]
    with world.edit("a") as uow:
        uow.delete(uow.get(Member, member_id))
    with world.edit("b") as uow:
        uow.get(Member, member_id).phone = "13933333333"  # type: ignore[union-attr]
    for who in ("a", "b") if delete_first else ("b", "a"):
        world.sync(who)

    (conflict,) = list_conflicts(world.county)
    assert conflict.field == "deleted_at" and conflict.kind == ("edit-deleted" if delete_first else "delete-edit")
    member = world.get("county", Member, member_id)
    assert member.deleted_at is not None and member.phone == "13933333333"  # deleted, and the edit not lost

    resolve_conflict(world.county, conflict.id, "county" if not delete_first else "station", "clerk", note="仍在户")
    restored = world.get("county", Member, member_id)
    assert restored.deleted_at is None and restored.phone == "13933333333"
    world.sync("a")
    world.sync("b")
    for who in ("a", "b"):
        member = world.get(who, Member, member_id)
        assert member.deleted_at is None and member.phone == "13933333333", who


def test_a_member_moved_between_households_reaches_the_station_that_now_holds_them(world: World) -> None:
    with world.edit("a") as uow:
        at_s3 = add_household(uow, world.site_id("S3"), room="901", members=2)  # only station A serves S3
        at_s1 = add_household(uow, world.site_id("S1"), room="101", members=1)
        mover = uow.session.scalars(select(Member).where(Member.household_id == at_s3.id)).all()[1]
        uow.add(Employment(member_id=mover.id, form="县内务工", start_month="2026-01"))
    world.sync("a")
    world.sync("b")
    assert world.get("b", Member, mover.id) is None  # not in B's scope yet

    with world.edit("a") as uow:
        uow.get(Member, mover.id).household_id = at_s1.id  # type: ignore[union-attr]
    world.sync("a")
    world.sync("b")
    moved = world.get("b", Member, mover.id)
    assert moved is not None and moved.household_id == at_s1.id
    assert world.count("b", Employment) == 1  # the spell came with the person, though it did not change

    # Moving back out of S1: station B learns the person left the household it can see.
    with world.edit("a") as uow:
        uow.get(Member, mover.id).household_id = at_s3.id  # type: ignore[union-attr]
    world.sync("a")
    world.sync("b")
    assert world.get("b", Member, mover.id).household_id == at_s3.id
    with world.b.reading() as session:
        in_s1 = session.scalars(select(Member.name).where(Member.household_id == at_s1.id)).all()
    assert len(in_s1) == 1


def test_a_household_transferred_between_sites_arrives_whole_at_the_other_station(world: World) -> None:
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S3"), room="501", members=3)
    world.sync("a")
    world.sync("b")
    assert world.get("b", Household, household.id) is None

    with world.edit("a") as uow:
        uow.get(Household, household.id).site_id = world.site_id("S2")  # type: ignore[union-attr]
    world.sync("a")
    _report, returned = world.sync("b")
    transferred = world.get("b", Household, household.id)
    assert transferred is not None and transferred.site_id == world.site_id("S2")
    with world.b.reading() as session:
        members = session.scalars(select(Member).where(Member.household_id == household.id)).all()
    assert len(members) == 3 and returned.applied.changed == 4
    assert world.get("a", Household, household.id).site_id == world.site_id("S2")


def test_a_lost_stick_is_repaired_by_the_next_export(world: World) -> None:
    with world.edit("a") as uow:
        first = add_household(uow, world.site_id("S1"), room="201")
    lost = world.export("a")
    lost_copy = world.root / "found-later.batch"
    shutil.move(lost, lost_copy)  # the stick went missing before it reached the county
    with world.edit("a") as uow:
        second = add_household(uow, world.site_id("S1"), room="202")

    report, _ = world.sync("a")
    outcome = report.files[0].batch
    assert outcome is not None and outcome.batch_no == 2 and outcome.applied == 6
    assert world.get("county", Household, first.id) is not None
    assert world.get("county", Household, second.id) is not None

    # The lost stick turns up and is imported: nothing happens, and the user is told why.
    late = world.county_import(lost_copy).files[0]
    assert late.batch is not None and late.batch.status == "replay"
    zh, en = late.batch.message()
    assert "已于" in zh and "随第 2 批" in zh and "imported on" in en


def test_a_replayed_batch_and_a_replayed_return_file_change_nothing_and_say_so(world: World) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    batch = world.export("a")
    first = world.county_import(batch)
    (return_path, _), *_ = first.returns
    rev_before = world.county_rev()
    history = world.count_history()

    again = world.county_import(batch).files[0]
    assert again.batch is not None and again.batch.status == "replay" and again.batch.applied == 0
    assert "导入过" in again.batch.message()[0] and "本次未作任何更改" in again.batch.message()[0]
    assert world.county_rev() == rev_before and world.count_history() == history

    world.station_import("a", return_path)
    replayed = world.station_import("a", return_path)
    assert replayed.already and "此前已导入过这个或更新的回执" in replayed.message()[0]


def test_a_new_return_file_with_nothing_new_is_not_called_one_imported_before(world: World) -> None:
    """Nothing to send, the 站长 exports a batch anyway to fetch the county's latest (as the guide says), and the
    county has nothing new for the station: the fresh return file is taken and said to bring nothing new, not to
    have been imported before (the worker would go back to the county for "the right one"); the log says 无新变更,
    not 重复导入."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    world.sync("a")
    _report, fresh = world.sync("a")  # an empty batch, and the county's answer to it
    assert not fresh.already
    zh, en = fresh.message()
    assert "此前已导入过" not in zh and "imported before" not in en
    assert "县里已确认本站第 2 批" in zh and "县里没有新的修改带给本站" in zh and "本站的数据没有变化" in zh
    assert "nothing new" in en
    with world.a.reading() as session:
        latest = session.scalars(
            select(SyncBatch).where(SyncBatch.direction == "return-in").order_by(SyncBatch.id.desc())
        ).first()
    assert latest is not None and latest.batch_no == 2 and latest.status == "empty"

    again = world.station_import("a", world.stick / latest.file_name)  # the same file once more: a replay
    assert again.already and "此前已导入过这个或更新的回执" in again.message()[0]


def fingerprint(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT 'h', id, rev, phone, notes, room, deleted_at FROM households "
            "UNION ALL SELECT 'm', id, rev, name, phone, household_id, deleted_at FROM members ORDER BY 1, 2"
        ).all()
        rev = conn.exec_driver_sql("SELECT county_rev FROM sync_state").scalar()
    return [*map(tuple, rows), ("rev", rev)]


def test_three_batches_imported_in_every_order_end_in_the_same_state(world: World, tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    world.close()
    copy_databases(world.root, pristine)  # the county before any of the three batches
    world.stores["county"] = Store.open(world.root / "county.db", create=False)
    world.stores["a"] = Store.open(world.root / "a.db", create=False)
    world.stores["b"] = Store.open(world.root / "b.db", create=False)

    batches = []
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="1")
    for step, phone in enumerate(("13800000001", "13800000002", "13800000003")):
        with world.edit("a") as uow:
            uow.get(Household, household.id).phone = phone  # type: ignore[union-attr]
            add_household(uow, world.site_id("S3"), room=f"3{step}")
        batches.append(world.export("a"))
        # Acknowledged each time, so each batch holds only its own changes and depends on the one before.
        world.station_import("a", world.county_import(batches[-1]).returns[0][0])
    expected = fingerprint(world.county)

    orders = list(itertools.permutations(range(3)))
    for n, order in enumerate(orders):
        # All three in one call, in this order: sorted by batch number, so no gap.
        county_path = tmp_path / f"one-call-{n}.db"
        shutil.copyfile(pristine / "county.db", county_path)
        with Store.open(county_path, create=False) as county:
            report = import_files(county, [batches[i] for i in order], tmp_path)
            assert not report.refused and fingerprint(county) == expected, order

        # One file per call: a batch ahead of its predecessor is refused as a gap naming what is missing,
        # then imported again once the missing one is in.
        county_path = tmp_path / f"one-by-one-{n}.db"
        shutil.copyfile(pristine / "county.db", county_path)
        with Store.open(county_path, create=False) as county:
            waiting = [batches[i] for i in order]
            while waiting:
                path = waiting.pop(0)
                result = import_files(county, [path], tmp_path).files[0]
                if isinstance(result.error, BatchGap):
                    missing = [b for b in range(1, 4) if batches[b - 1] in waiting]
                    assert result.error.missing_batches == [b for b in missing if b < int(path.stem.split("-")[2])]
                    first_missing = result.error.missing_batches[0]
                    assert f"缺少工作站“者海镇工作站”的第 {first_missing}" in result.error.zh
                    waiting.append(path)
                else:
                    assert result.error is None, result.error
            assert fingerprint(county) == expected, order


def test_review_return_with_a_comment_reaches_the_station_as_status_returned(world: World) -> None:
    household_id = shared_household(world)
    assert household_id in {i.household_id for i in review_queue(world.county)}
    return_household(world.county, household_id, "clerk", "请补充户主的身份证号码")
    assert household_id not in {i.household_id for i in review_queue(world.county)}
    world.sync("a")
    household = world.get("a", Household, household_id)
    assert household.status == "退回"
    with world.a.reading() as session:
        review = session.scalars(select(Review).where(Review.household_id == household_id)).one()
    assert (review.decision, review.comment, review.reviewer) == ("return", "请补充户主的身份证号码", "clerk")

    with pytest.raises(SyncError, match="写明需要修改什么"):
        return_household(world.county, household_id, "clerk", "  ")
    approve_household(world.county, household_id, "clerk")
    world.sync("b")
    assert world.get("b", Household, household_id).status == "已审核"


def test_duplicate_persons_across_stations_merge_or_keep(world: World) -> None:
    id_number = "530326199001011234"
    with world.edit("a") as uow:
        at_a = add_household(uow, world.site_id("S3"), room="11", members=1)
        uow.add(Member(household_id=at_a.id, name="张三", id_number=id_number))
    with world.edit("b") as uow:
        at_b = add_household(uow, world.site_id("S2"), room="22", members=1)
        uow.add(Member(household_id=at_b.id, name="张三", id_number=id_number))
    world.sync("a")
    world.sync("b")

    (group,) = list_duplicates(world.county)
    assert group.id_number == id_number
    assert {p.station for p in group.people} == {"者海镇工作站", "娜姑镇工作站"}

    keep_duplicate(world.county, id_number, "同名同号，待核实", "clerk")
    assert list_duplicates(world.county) == []
    removed = merge_duplicate_after_third_household(world, id_number, at_b.id)
    world.sync("a")
    assert len(removed) == 2
    with world.a.reading() as session:
        live = session.scalars(select(Member).where(Member.id_number == id_number, Member.deleted_at.is_(None))).all()
    assert live == []  # station A's copy was tombstoned by the merge
    assert world.count("county", Member, live=True) == world.count("county", Member, live=False) - 2


def merge_duplicate_after_third_household(world: World, id_number: str, keep: str) -> list[str]:
    """A third household with the same number brings the group back, then the clerk merges."""
    with world.edit("a") as uow:
        third = add_household(uow, world.site_id("S1"), room="33", members=1)
        uow.add(Member(household_id=third.id, name="张三", id_number=id_number))
    world.sync("a")
    (group,) = list_duplicates(world.county)
    assert len(group.people) == 3
    return merge_duplicate(world.county, id_number, keep, "clerk", "同一人，保留娜姑镇的记录")


def test_enrolment_refusals_and_a_forced_re_enrolment(world: World, tmp_path: Path) -> None:
    package = tmp_path / "again.anju-station"
    made = enrol_station(world.county, "者海镇第二工作站", ["S1"], package, "clerk")
    # The same name again: the clerk whose passphrase was lost (or whose enrolment was cut short before it showed
    # the passphrase) is told the way out.
    with pytest.raises(SyncError, match="anju county revoke 者海镇第二工作站 --reason") as refused:
        enrol_station(world.county, "者海镇第二工作站", ["S1"], tmp_path / "lost.anju-station", "clerk")
    assert "重新登记" in refused.value.zh and not (tmp_path / "lost.anju-station").exists()
    with pytest.raises(WrongPassphrase, match="口令不正确"):
        accept_package(world.a, package, "AAAA-BBBB-CCCC-DDDD-EEEE")
    with pytest.raises(AlreadyEnrolled, match="--force"):
        accept_package(world.a, package, made.passphrase)

    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="77")
    world.sync("a")
    with world.edit("a") as uow:
        uow.get(Household, household.id).notes = "换了电脑后的修改"  # type: ignore[union-attr]
    accepted = accept_package(world.a, package, made.passphrase.lower().replace("-", " "), force=True)
    assert accepted.replaced is not None and accepted.station_id == made.station_id
    with pytest.raises(AlreadyEnrolled, match="无需再次导入"):
        accept_package(world.a, package, made.passphrase, force=True)

    # Only the change made after the last acknowledgement travels, under the new identity, as its batch 1.
    report, _ = world.sync("a")
    outcome = report.files[0].batch
    assert outcome is not None and (outcome.batch_no, outcome.applied) == (1, 1)
    assert world.get("county", Household, household.id).notes == "换了电脑后的修改"


def test_a_database_with_sites_the_county_does_not_know_is_not_enrolled(world: World, tmp_path: Path) -> None:
    package = tmp_path / "new.anju-station"
    made = enrol_station(world.county, "新工作站", ["S2"], package, "clerk")
    with Store.open(tmp_path / "demo.db") as demo:
        with demo.unit_of_work("zhang") as uow:
            uow.add(Site(code="X9", name="自建安置点"))
        with pytest.raises(SyncError, match="X9"):
            accept_package(demo, package, made.passphrase)


def test_records_made_before_enrolment_are_adopted_and_sent(world: World, tmp_path: Path) -> None:
    package = tmp_path / "new.anju-station"
    made = enrol_station(world.county, "新工作站", ["S2"], package, "clerk")
    with Store.open(tmp_path / "fresh.db") as fresh:
        provisional = fresh.station_id
        with fresh.unit_of_work("wang") as uow:
            note = uow.add(FindingOverride(rule_code="x", record_table="households", record_id="h", reason="r",
                                           user="wang", at="2026-11-29"))  # fmt: skip
        accept_package(fresh, package, made.passphrase)
        assert provisional.startswith("local-") and fresh.station_id == made.station_id
        with fresh.reading() as session:
            assert session.get(FindingOverride, note.id).origin == made.station_id  # type: ignore[union-attr]
        report = import_files(world.county, [world_export(fresh, world.stick)])
    assert not report.refused
    assert world.get("county", FindingOverride, note.id).origin == made.station_id


def world_export(store: Store, folder: Path) -> Path:
    from sync.outbox import export_batch

    return export_batch(store, folder).path


def test_the_station_list_shows_last_batch_cursor_and_import_time(world: World) -> None:
    with world.edit("b") as uow:
        add_household(uow, world.site_id("S2"))
    world.sync("b")
    world.sync("b")
    with world.county.reading() as session:
        cursors = dict(session.execute(select(SyncStation.name, SyncStation.cursor)).all())
    stations = {s.name: s for s in list_stations(world.county)}
    assert stations["娜姑镇工作站"].last_batch == 2 and stations["娜姑镇工作站"].cursor == cursors["娜姑镇工作站"] > 0
    assert stations["者海镇工作站"].last_batch == 0 and stations["者海镇工作站"].last_import_at is None
    assert stations["娜姑镇工作站"].sites == ["S1", "S2"]


def test_return_files_keep_pending_local_changes_on_top(world: World) -> None:
    household_id = shared_household(world, phone="13800000000")
    batch = world.export("a")  # (empty) — the county answers it after the clerk's edit below
    with world.edit("a") as uow:
        uow.get(Household, household_id).phone = "13977777777"  # type: ignore[union-attr]  # not yet sent
    return_household(world.county, household_id, "clerk", "请核实电话")
    (path, _), *_ = world.county_import(batch).returns
    world.station_import("a", path)

    household = world.get("a", Household, household_id)
    assert household.status == "退回" and household.phone == "13977777777"  # county's field in, local on top
    assert station_status(world.a).pending == 1
    world.sync("a")
    assert world.get("county", Household, household_id).phone == "13977777777"
    assert list_conflicts(world.county) == []


def test_a_conflict_settled_with_a_typed_value(world: World) -> None:
    household_id = shared_household(world)
    with world.a.reading() as session:
        member_id = session.scalars(select(Member.id).where(Member.household_id == household_id)).first()
    assert member_id is not None
    for who, skill in (("a", "普通劳动力"), ("b", "技能劳动力")):
        with world.edit(who) as uow:
            uow.get(Member, member_id).labour_skill = skill  # type: ignore[union-attr]
        world.sync(who)
    (conflict,) = list_conflicts(world.county)
    assert conflict.record == "成员3020" and conflict.field == "labour_skill"
    conflict_rev = resolve_conflict(
        world.county, conflict.id, "value", "clerk", value="弱劳动力或半劳动力", note="入户核实"
    )
    world.sync("a")
    world.sync("b")
    for who in ("county", "a", "b"):
        member = world.get(who, Member, member_id)
        assert member.labour_skill == "弱劳动力或半劳动力" and member.rev >= conflict_rev, who
    with pytest.raises(SyncError, match="已于"):
        resolve_conflict(world.county, conflict.id, "county", "clerk")


def test_a_merge_or_a_settled_conflict_updates_what_the_review_queue_found(world: World) -> None:
    id_number = "530326199001011234"
    homes = {}
    for who, site, room in (("a", "S3", "11"), ("b", "S2", "22")):
        with world.edit(who) as uow:
            homes[who] = add_household(uow, world.site_id(site), room=room, members=1)
            uow.add(Member(household_id=homes[who].id, name="张三", id_number=id_number))
        world.sync(who)

    def duplicate_findings(household_id: str) -> list[str]:
        (item,) = [i for i in review_queue(world.county) if i.household_id == household_id]
        return [f["zh"] for f in item.findings if "也登记在另一户" in f["zh"]]

    assert duplicate_findings(homes["b"].id)  # B's batch came second: the rules found A's 张三
    merge_duplicate(world.county, id_number, homes["b"].id, "clerk", "同一人，住娜姑镇")
    assert duplicate_findings(homes["b"].id) == []  # not a stale error the clerk would return the household for


def test_a_site_typed_for_a_moved_household_is_refused_with_what_to_do(world: World) -> None:
    household_id = shared_household(world)
    edit_at_both(world, Household, household_id, "site_id", (world.site_id("S3"), world.site_id("S2")))
    (conflict,) = list_conflicts(world.county)
    assert conflict.field == "site_id"

    with pytest.raises(SyncError, match="请采用县里的值或工作站的值"):
        resolve_conflict(world.county, conflict.id, "value", "clerk", value="新村")
    assert [c.id for c in list_conflicts(world.county)] == [conflict.id]  # nothing settled, nothing broken
    resolve_conflict(world.county, conflict.id, "station", "clerk", note="住新村")
    assert world.get("county", Household, household_id).site_id == world.site_id("S2")


def test_a_merged_person_keeps_the_employment_and_measures_the_other_station_recorded(world: World) -> None:
    """Station B recorded the person's jobs and a 帮扶措施 for them; station A recorded one of the jobs too. After
    the merge keeps A's household the person still has every job once, and the measure follows them: left under
    the tombstoned copy, the jobs would count nowhere and A's household could turn 零就业."""
    id_number = "530326199001011234"
    people = {}
    for who, site, room in (("a", "S3", "11"), ("b", "S2", "22")):
        with world.edit(who) as uow:
            home = add_household(uow, world.site_id(site), room=room, members=1)
            person = Member(household_id=home.id, name="张三", id_number=id_number)
            uow.add(person)
            uow.flush()
            people[who] = (home.id, person.id)
            uow.add(Employment(member_id=person.id, form="外出务工", place_scope="省外", start_month="2025-03"))
            if who == "b":
                uow.add(Employment(member_id=person.id, form="灵活就业", place_scope="县内", start_month="2026-02"))
                uow.add(
                    Measure(household_id=home.id, member_id=person.id, kind="职业指导", started_on=date(2026, 5, 1))
                )
        world.sync(who)

    merge_duplicate(world.county, id_number, people["a"][0], "clerk", "同一人，住者海镇")
    kept = people["a"][1]
    with world.county.reading() as session:
        jobs = session.scalars(select(Employment).where(Employment.deleted_at.is_(None))).all()
        measures = session.scalars(select(Measure).where(Measure.deleted_at.is_(None))).all()
    assert sorted((j.member_id == kept, j.form, j.start_month) for j in jobs) == [
        (True, "外出务工", "2025-03"),
        (True, "灵活就业", "2026-02"),
    ]
    assert [(m.household_id, m.member_id) for m in measures] == [people["a"]]

    world.sync("a")  # the station whose household was kept hears of the job and the measure
    with world.a.reading() as session:
        forms = sorted(j.form for j in session.scalars(select(Employment).where(Employment.member_id == kept)))
        assert forms == ["外出务工", "灵活就业"]
        assert session.scalars(select(Measure.kind).where(Measure.member_id == kept)).all() == ["职业指导"]


def test_merging_the_last_person_of_a_household_voids_it_instead_of_leaving_it_live_and_empty(world: World) -> None:
    """Merged one person at a time, a family recorded twice left the other household live with nobody in it: it
    counted in its site's households and the review list flagged it 本户没有登记户主."""
    homes = one_family_at_both_stations(world)
    first, second = list_duplicates(world.county)
    merge_duplicate(world.county, first.id_number, homes["b"], "clerk", "同一户")
    assert world.get("county", Household, homes["a"]).status == "草稿"  # one of them is still there
    merge_duplicate(world.county, second.id_number, homes["b"], "clerk", "同一户")

    emptied = world.get("county", Household, homes["a"])
    assert live_members(world, "county", homes["a"]) == []
    assert (emptied.status, emptied.deleted_at) == ("作废", None)  # voided, with its record kept
    assert "并入 幸福社区 3-1-0302" in emptied.void_reason and "同一户" in emptied.void_reason
    assert homes["a"] not in {item.household_id for item in review_queue(world.county)}
    with world.county.reading() as session:
        entries = session.scalars(select(JournalEntry.changes).where(JournalEntry.record_id == homes["a"])).all()
    assert any("void_reason" in changes for changes in entries)  # the reason is journaled like any edit
    world.sync("a")  # the station that recorded it sees it voided, and why
    at_a = world.get("a", Household, homes["a"])
    assert at_a.status == "作废" and at_a.void_reason == emptied.void_reason
    assert live_members(world, "a", homes["b"]) == ["李二", "王大"]


def test_a_family_a_station_voided_as_recorded_twice_is_no_longer_a_duplicate(world: World) -> None:
    """The station's own remedy for a family entered twice is to void (作废) its copy, as the editor says; the
    county's 重复人员 list kept showing every member, and offered to merge them into the voided household."""
    homes = one_family_at_both_stations(world)
    assert len(list_duplicates(world.county)) == 2
    with world.edit("b") as uow:
        copy = uow.get(Household, homes["b"])
        assert copy is not None
        copy.status, copy.void_reason = "作废", "与3-1-302重复登记"
    world.sync("b")
    assert list_duplicates(world.county) == []


def test_a_newborn_both_stations_recorded_without_a_number_does_not_stop_a_whole_merge(world: World) -> None:
    """A baby not yet registered has no 证件号码: recorded at both stations, it made the two copies of one family
    “not all duplicates”, so 整户合并 was refused, and merging person by person left the copy live with only the
    baby in it. Members without a number are matched by name (and birth date where both have one)."""
    homes = one_family_at_both_stations(world)
    born = date(2026, 2, 1)
    for who in ("a", "b"):
        with world.edit(who) as uow:
            uow.add(Member(household_id=homes[who], name="王小宝", relation="之子", birth_date=born))
            if who == "b":  # and one only B has, who moves in
                uow.add(Member(household_id=homes[who], name="王小妹", relation="之女"))
        world.sync(who)
    groups = list_duplicates(world.county)
    with world.county.reading() as session:
        numbers: dict[str, list[Mate]] = {}
        for household_id, number, name, born in session.execute(
            select(Member.household_id, Member.id_number, Member.name, Member.birth_date).where(
                Member.deleted_at.is_(None)
            )
        ):
            numbers.setdefault(household_id, []).append((number, name, born))
    assert twin_households(groups, numbers) == {homes["a"]: homes["b"], homes["b"]: homes["a"]}
    done = merge_households(world.county, homes["a"], homes["b"], "clerk")
    assert (len(done.merged), len(done.moved)) == (3, 1)  # 王大, 李二 and the baby merged; 王小妹 moved in
    for who in ("a", "b"):
        world.sync(who)
    for who in ("county", "a", "b"):
        assert live_members(world, who, homes["a"]) == ["李二", "王大", "王小妹", "王小宝"], who
        assert live_members(world, who, homes["b"]) == [] and world.get(who, Household, homes["b"]).status == "作废"


def test_a_household_recorded_twice_is_merged_whole_and_the_copy_voided_at_both_stations(world: World) -> None:
    homes = one_family_at_both_stations(world, newborn_at_b=True)
    groups = list_duplicates(world.county)
    assert len(groups) == 2
    with world.county.reading() as session:
        numbers: dict[str, list[Mate]] = {}
        for household_id, number, name, born in session.execute(
            select(Member.household_id, Member.id_number, Member.name, Member.birth_date).where(
                Member.deleted_at.is_(None)
            )
        ):
            numbers.setdefault(household_id, []).append((number, name, born))
    assert twin_households(groups, numbers) == {homes["a"]: homes["b"], homes["b"]: homes["a"]}

    with world.edit("b") as uow:
        other_family = add_household(uow, world.site_id("S2"), room="9", members=1)
        uow.add(Member(household_id=other_family.id, name="王大", id_number=FAMILY[0][2]))
    world.sync("b")
    with pytest.raises(SyncError, match="不能整户合并"):  # 王大 alone is no reason to merge two families
        merge_households(world.county, homes["a"], other_family.id, "clerk")
    with world.edit("b") as uow:
        uow.delete(uow.get(Household, other_family.id))  # type: ignore[arg-type]
    world.sync("b")

    # The clerk keeps A's household, although B's has the newborn: the newborn moves in.
    done = merge_households(world.county, homes["a"], homes["b"], "clerk", "两站都导入了同一份花名册")
    assert (len(done.merged), len(done.moved), done.voided) == (2, 1, homes["b"])
    assert list_duplicates(world.county) == []
    for who in ("county", "a", "b"):
        if who != "county":
            world.sync(who)
        kept, voided = world.get(who, Household, homes["a"]), world.get(who, Household, homes["b"])
        assert kept.status != "作废" and kept.deleted_at is None, who
        assert live_members(world, who, homes["a"]) == ["李二", "王大", "王小"], who
        assert (voided.status, voided.deleted_at, live_members(world, who, homes["b"])) == ("作废", None, []), who
        assert "与 幸福社区 3-1-302（户主 王大）是同一户" in voided.void_reason, who
        assert "两站都导入了同一份花名册" in voided.void_reason, who
        with world.stores[who].reading() as session:
            jobs = session.scalars(
                select(Employment.form)
                .join(Member, Member.id == Employment.member_id)
                .where(Employment.deleted_at.is_(None), Member.household_id == homes["a"])
            ).all()
            visits = session.scalars(select(Visit.household_id).where(Visit.deleted_at.is_(None))).all()
            measures = session.scalars(
                select(Measure.staff).where(Measure.deleted_at.is_(None), Measure.household_id == homes["a"])
            ).all()
        assert jobs == ["外出务工"], who  # the one job both stations recorded, once
        assert visits == [homes["a"]], who  # the one visit both recorded, once
        assert sorted(measures) == ["a", "b"], who  # two measures, each station's own
        assert world.stores[who].verify_journal().ok
    assert station_status(world.a).pending == station_status(world.b).pending == 0
    queue = {item.household_id: item for item in review_queue(world.county)}
    assert homes["b"] not in queue
    assert not [f for f in queue[homes["a"]].findings if "也登记在另一户" in f["zh"]]
    with pytest.raises(SyncError, match="已删除或已作废"):
        merge_households(world.county, homes["a"], homes["b"], "clerk")


def live_measures(world: World, who: str) -> list[tuple[str, str | None, str]]:
    with world.stores[who].reading() as session:
        found = session.execute(
            select(Measure.household_id, Measure.member_id, Measure.kind).where(Measure.deleted_at.is_(None))
        )
        return sorted((r[0], r[1], r[2]) for r in found)


def test_a_measure_both_stations_recorded_for_a_merged_person_is_kept_once(world: World) -> None:
    """Both stations recorded the same 职业指导 for 张三: the merge moved the removed copy's measure to the kept
    person, who then showed it twice (a measure counted twice, and twice on the 帮扶措施 list)."""
    id_number = "530326199001011234"
    people = {}
    for who, room in (("a", "11"), ("b", "22")):
        with world.edit(who) as uow:
            home = add_household(uow, world.site_id("S1"), room=room, members=1)
            person = uow.add(Member(household_id=home.id, name="张三", id_number=id_number))
            uow.add(Measure(household_id=home.id, member_id=person.id, kind="职业指导", started_on=date(2026, 5, 1)))
            people[who] = (home.id, person.id)
        world.sync(who)
    with world.edit("b") as uow:  # and one that station B alone recorded: it moves with the person
        uow.add(
            Measure(household_id=people["b"][0], member_id=people["b"][1], kind="技能培训", started_on=date(2026, 6, 1))
        )
    world.sync("b")

    merge_duplicate(world.county, id_number, people["a"][0], "clerk", "同一人")
    expected = sorted([(*people["a"], "职业指导"), (*people["a"], "技能培训")])
    assert live_measures(world, "county") == expected
    for who in ("a", "b"):
        world.sync(who)
        assert live_measures(world, who) == expected, who


def test_what_a_merge_moves_to_another_site_leaves_the_station_that_recorded_it(world: World) -> None:
    """The households are at S3 (station A only) and S2 (station B only). What the merge moved to A's household
    stayed where it was at station B: B's household still showed 张三's measure, aimed at a person it no longer
    had, and a whole-household merge left the newborn, the visit and the measure live in B's voided household."""
    id_number = "530326199001011234"
    people = {}
    for who, site, room in (("a", "S3", "11"), ("b", "S2", "22")):
        with world.edit(who) as uow:
            home = add_household(uow, world.site_id(site), room=room, members=1)
            person = uow.add(Member(household_id=home.id, name="张三", id_number=id_number))
            if who == "b":
                uow.add(Employment(member_id=person.id, form="灵活就业", place_scope="县内", start_month="2026-02"))
                measure = uow.add(
                    Measure(household_id=home.id, member_id=person.id, kind="职业指导", started_on=date(2026, 5, 1))
                )
            people[who] = (home.id, person.id)
        world.sync(who)
    merge_duplicate(world.county, id_number, people["a"][0], "clerk", "同一人，住者海镇")
    world.sync("b")
    assert [m for m in live_measures(world, "b") if m[0] == people["b"][0]] == []
    assert world.get("b", Measure, measure.id).household_id == people["a"][0]
    with world.b.reading() as session:
        jobs = session.scalars(select(Employment.member_id).where(Employment.deleted_at.is_(None))).all()
    assert jobs == [people["a"][1]]  # not left under B's tombstoned 张三

    homes = {}
    for who, site, room in (("a", "S3", "31"), ("b", "S2", "32")):
        with world.edit(who) as uow:
            home = uow.add(Household(site_id=world.site_id(site), building="3", unit="1", room=room))
            for name, relation, number in FAMILY:
                uow.add(Member(household_id=home.id, name=name, relation=relation, id_number=number))
            if who == "b":
                uow.add(Member(household_id=home.id, name="王小", relation="之子"))
                uow.add(Visit(household_id=home.id, visited_on=date(2026, 5, 1), surveyor="李", outcome="入户"))
            homes[who] = home.id
        world.sync(who)
    merge_households(world.county, homes["a"], homes["b"], "clerk")
    world.sync("b")
    assert live_members(world, "b", homes["b"]) == []
    assert live_members(world, "b", homes["a"]) == ["王小"]  # where B's newborn went (A's family is not B's)
    with world.b.reading() as session:
        assert session.scalars(select(Visit.household_id).where(Visit.deleted_at.is_(None))).all() == [homes["a"]]
    assert world.b.verify_journal().ok and station_status(world.b).pending == 0


def test_a_household_with_an_open_conflict_or_a_rule_error_cannot_be_approved(world: World) -> None:
    """The station cannot mark such a household 已完成; the county's 审核通过 must not let it through either."""
    household_id = shared_household(world, phone="13800000000")
    edit_at_both(world, Household, household_id, "phone", ("13911111111", "13922222222"))
    (conflict,) = list_conflicts(world.county)
    with pytest.raises(SyncError, match="该户还有 1 处冲突未处理，不能审核通过"):
        approve_household(world.county, household_id, "clerk")
    resolve_conflict(world.county, conflict.id, "county", "clerk")

    id_number = "53032619900101123" + check_character("53032619900101123")
    person = {"name": "张三", "relation": "之子", "sex": "男", "birth_date": date(1990, 1, 1), "id_number": id_number}
    for who in ("a", "b"):  # the same person in two households: an error in each
        with world.edit(who) as uow:
            home = household_id if who == "a" else add_household(uow, world.site_id("S2"), room="22", members=1).id
            uow.add(Member(household_id=home, **person))
        world.sync(who)
    with pytest.raises(SyncError, match="不能审核通过。请退回工作站并写明要改什么") as refused:
        approve_household(world.county, household_id, "clerk")
    assert "也登记在另一户" in refused.value.zh
    assert world.get("county", Household, household_id).status != "已审核"

    merge_duplicate(world.county, id_number, household_id, "clerk", "同一人")
    approve_household(world.county, household_id, "clerk")
    assert world.get("county", Household, household_id).status == "已审核"


def test_a_person_recorded_again_at_another_station_is_flagged_in_both_households(world: World) -> None:
    """Station A's household was checked when A's batch came in; B's batch then brings the same person in another
    household. The review list must not show A's household as 检查没有发现问题 while B's shows the error."""
    id_number = "53032619900101123" + check_character("53032619900101123")
    person = {"name": "张三", "relation": "之子", "sex": "男", "birth_date": date(1990, 1, 1), "id_number": id_number}
    homes = {}
    for who, site, room in (("a", "S3", "11"), ("b", "S2", "22")):
        with world.edit(who) as uow:
            homes[who] = add_household(uow, world.site_id(site), room=room, members=1).id
            uow.add(Member(household_id=homes[who], **person))
        world.sync(who)
    found = {i.household_id: [f["zh"] for f in i.findings] for i in review_queue(world.county)}
    for who in ("a", "b"):
        assert any("也登记在另一户" in text for text in found[homes[who]]), who


def shared_spell(world: World) -> tuple[Member, Employment]:
    """A household at S1 whose head works 外出务工 since 2025-03, made by station A and synced to both stations."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="302", members=1)
        uow.flush()
        head = uow.session.scalars(select(Member).where(Member.household_id == household.id)).one()
        spell = uow.add(Employment(member_id=head.id, form="外出务工", place_scope="省外", start_month="2025-03"))
    world.sync("a")
    world.sync("b")
    return head, spell


def test_an_employment_conflict_names_whose_job_it_is(world: World) -> None:
    """“就业经历” alone leaves the clerk guessing which of the household's jobs the two values are about."""
    head, spell = shared_spell(world)
    edit_at_both(world, Employment, spell.id, "monthly_income", (3000, 3500))
    (conflict,) = list_conflicts(world.county)
    assert (conflict.record_table, conflict.field) == ("employments", "monthly_income")
    assert conflict.record == f"{head.name} 外出务工 2025-03"


def test_a_typed_value_the_questionnaire_refuses_does_not_settle_a_conflict(world: World) -> None:
    """A 务工地域 outside its list would reach both stations as an error on a record the county called settled."""
    _head, spell = shared_spell(world)
    edit_at_both(world, Employment, spell.id, "place_scope", ("省内县外", "县内"))
    (conflict,) = list_conflicts(world.county)
    with pytest.raises(SyncError, match="“火星”不能作为这个字段的值") as refused:
        resolve_conflict(world.county, conflict.id, "value", "clerk", value="火星")
    assert "请改填" in refused.value.zh
    assert [c.id for c in list_conflicts(world.county)] == [conflict.id]
    resolve_conflict(world.county, conflict.id, "value", "clerk", value="省外", note="电话核实")
    assert world.get("county", Employment, spell.id).place_scope == "省外"


def test_the_countys_questionnaire_reaches_its_stations_and_so_does_a_reset(world: World) -> None:
    """The county edits its questionnaire (anju questionnaire import); its stations answer those questions, so their
    next return file makes it theirs. Going back to the packaged one travels the same way."""
    from forms.questionnaire import from_dict, load_active, load_packaged, reset_active, save_active

    edited = load_packaged().to_dict()
    edited["version"] = "2025.1+20261130"
    member = next(f for f in edited["forms"] if f["name"] == "member")
    member["sections"][0]["fields"][0]["hint"] = {"zh": "按户口本填写。", "en": "As in the household register."}
    save_active(world.county, from_dict(edited, source="test"))

    _report, outcome = world.sync("a")
    assert load_active(world.a).version == "2025.1+20261130"
    assert "问卷已更新为县里的 2025.1+20261130 版" in outcome.message()[0]
    _report, again = world.sync("a")
    assert again.questionnaire is None  # already the station's: nothing to say

    reset_active(world.county)
    _report, outcome = world.sync("a")
    assert load_active(world.a).version == load_packaged().version and outcome.questionnaire is not None


def test_a_questionnaire_from_a_newer_county_program_is_not_taken(world: World) -> None:
    """A station that cannot read the county's questionnaire keeps its own (its editor must keep working) and says
    to upgrade, instead of storing one that would stop the editor and the checks."""
    from forms.questionnaire import load_active, load_packaged

    newer = load_packaged().to_dict()
    newer.update(format=99, version="2027.1")
    world.county.set_setting("questionnaire", newer)  # as a newer county program would have stored it
    _report, outcome = world.sync("a")
    assert load_active(world.a).version == load_packaged().version
    assert "需要更新版本的安居" in outcome.message()[0] and "2027.1" in outcome.message()[0]


def test_the_county_approves_at_once_every_completed_household_with_nothing_to_read(world: World) -> None:
    """After a station's first batch the queue holds every household it surveyed; those the station completed and
    the rules find nothing in are approved together, the rest stay for the clerk, counted by why."""
    with world.edit("a") as uow:
        clean = [add_household(uow, world.site_id("S1"), room=f"10{n}", status="已完成").id for n in range(3)]
        draft = add_household(uow, world.site_id("S1"), room="201").id  # the station is still at it
        two_heads = add_household(uow, world.site_id("S1"), room="202", status="已完成")
        uow.add(Member(household_id=two_heads.id, name="又一个户主", relation="户主"))
    conflicted = shared_household(world, phone="13800000000", status="已完成")
    edit_at_both(world, Household, conflicted, "phone", ("13911111111", "13922222222"))
    waiting = {item.household_id: item for item in review_queue(world.county)}
    assert set(waiting) == {*clean, draft, two_heads.id, conflicted}
    assert waiting[two_heads.id].findings and not any(waiting[h].findings for h in clean)

    done = approve_clean(world.county, "clerk")

    assert (done.approved, done.not_complete, done.with_conflicts, done.with_findings) == (3, 1, 1, 1)
    assert {item.household_id for item in review_queue(world.county)} == {draft, two_heads.id, conflicted}
    for household_id in clean:
        assert world.get("county", Household, household_id).status == "已审核"
    with world.county.reading() as session:
        reviews = session.scalars(select(Review)).all()
    assert sorted(r.household_id for r in reviews) == sorted(clean)
    assert {(r.decision, r.reviewer) for r in reviews} == {("approve", "clerk")}
    assert world.county.verify_journal().ok
    world.sync("a")  # the decisions reach the station with its next return file
    assert [world.get("a", Household, h).status for h in clean] == ["已审核"] * 3
    assert world.get("a", Household, draft).status == "草稿"


def test_bulk_approval_takes_only_the_households_given_and_checks_them_again(world: World) -> None:
    with world.edit("a") as uow:
        first, second = (add_household(uow, world.site_id("S1"), room=r, status="已完成").id for r in ("1", "2"))
    world.sync("a")
    with world.county.unit_of_work("clerk") as uow:  # the list the clerk is looking at is out of date now
        uow.add(Member(household_id=second, name="又一个户主", relation="户主"))
    done = approve_clean(world.county, "clerk", [second])
    assert (done.approved, done.with_findings) == (0, 1)
    assert approve_clean(world.county, "clerk", [first]).approved == 1
    assert [item.household_id for item in review_queue(world.county)] == [second]


def test_a_county_bigger_than_one_statement_takes_is_merged_listed_and_approved(world: World) -> None:
    """SQLite as Python ships it on Windows takes 32,766 values per statement, and PostgreSQL's protocol 65,535: a
    county's first batches touch and queue more households than that, and two stations that imported one roster
    share thousands of people. Here the county's limit is lowered to 999 instead, and each count passes it."""
    world.county.engine.dispose()
    event.listen(
        world.county.engine, "connect", lambda dbapi, _record: dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    )
    numbers = [make_ric("530326", date(1980, 1, 1) + timedelta(days=n // 10), n % 10) for n in range(1100)]
    made: dict[str, set[str]] = {"a": set(), "b": set()}
    for who, people in (("a", numbers), ("b", numbers[:1000])):  # B recorded 1,000 of A's people again
        with world.edit(who) as uow:
            for n, number in enumerate(people):
                household = add_household(uow, world.site_id("S1"), room=f"{n:04d}", members=0, status="已完成")
                born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
                sex = "男" if int(number[16]) % 2 else "女"
                head = {"name": f"户主{n}", "relation": "户主", "birth_date": born, "sex": sex}
                uow.add(Member(household_id=household.id, id_number=number, **head))
                made[who].add(household.id)
        world.sync(who)
    with world.county.engine.connect() as conn, pytest.raises(OperationalError, match="too many SQL variables"):
        conn.execute(select(Household.id).where(Household.id.in_(sorted(made["a"]))))  # the limit holds

    queue = review_queue(world.county)
    assert {item.household_id for item in queue} == made["a"] | made["b"]
    assert [item.household for item in queue[:2]] == ["幸福社区 1-1-0000", "幸福社区 1-1-0001"]
    assert len(list_duplicates(world.county)) == 1000
    from desktop.county.duplicates_page import load_duplicates  # the county screen's own reading of them

    assert len(load_duplicates(world.county).members) == 2000
    done = approve_clean(world.county, "clerk", [item.household_id for item in queue])
    assert (done.approved, done.with_findings) == (100, 2000)  # each person recorded twice is an error in both


def test_the_same_package_accepted_on_a_second_computer_is_not_the_station(world: World, tmp_path: Path) -> None:
    """A package with its passphrase can be accepted on any number of computers. Each station makes keys of its own
    as it accepts, and the county trusts the first keys it meets: the copy can neither send in the station's name
    nor open the station's return files."""
    made = enrol_station(world.county, "金钟工作站", ["S2"], tmp_path / "c.anju-station", "clerk")
    station, copy = Store.open(tmp_path / "c.db"), Store.open(tmp_path / "copy.db")
    try:
        for store in (station, copy):
            accept_package(store, made.path, made.passphrase)
        with station.unit_of_work("wang") as uow:
            add_household(uow, world.site_id("S2"), room="501")
        report = world.county_import(export_batch(station, world.stick).path)
        assert not report.refused
        (returned, _made), *_ = report.returns
        apply_return(station, returned.read_bytes(), returned.name)  # the station opens what is sealed for it

        with copy.unit_of_work("someone") as uow:
            add_household(uow, world.site_id("S2"), room="999")
        before = world.count("county", Household)
        report = world.county_import(export_batch(copy, world.stick).path)
        (refused,) = report.refused
        assert refused.error is not None and "不是由该站登记时的那台电脑发出的" in refused.error.zh
        assert "another computer" in refused.error.en and not report.returns
        assert world.count("county", Household) == before  # nothing applied
        with pytest.raises(AlteredFile, match="无法用本机密钥解密"):
            apply_return(copy, returned.read_bytes(), returned.name)
        with station.unit_of_work("wang") as uow:  # the station itself goes on as before
            add_household(uow, world.site_id("S2"), room="502")
        assert not world.county_import(export_batch(station, world.stick).path).refused
    finally:
        station.close()
        copy.close()


def test_a_reinstalled_station_laptop_is_told_the_steps_that_bring_its_new_work_in(
    world: World, tmp_path: Path
) -> None:
    """The station's laptop is reinstalled (no backup restored) and the 站长 accepts the old package again, with
    the passphrase written down: new keys under the station's name. The refusal says the steps in the order that
    works (停用, then 登记工作站 under the same name, then 导入新登记包…), since enrolling first is refused as a
    name taken; followed, they bring what was typed on the reinstalled laptop to the county."""
    made = enrol_station(world.county, "金钟工作站", ["S2"], tmp_path / "c.anju-station", "clerk")
    with Store.open(tmp_path / "c.db") as old_laptop:
        accept_package(old_laptop, made.path, made.passphrase)
        with old_laptop.unit_of_work("wang") as uow:
            add_household(uow, world.site_id("S2"), room="501")
        assert not world.county_import(export_batch(old_laptop, world.stick).path).refused
    with Store.open(tmp_path / "reinstalled.db") as station:
        accept_package(station, made.path, made.passphrase)
        with station.unit_of_work("wang") as uow:
            add_household(uow, world.site_id("S2"), room="502")
        (refused,) = world.county_import(export_batch(station, world.stick).path).refused
        assert refused.error is not None
        zh, en = refused.error.zh, refused.error.en
        assert "重装" in zh and "没有丢失" in zh
        revoke, enrol, accept = (zh.index(step) for step in ("停用工作站", "登记工作站）", "导入新登记包…"))
        assert revoke < enrol < accept and "anju county revoke 金钟工作站" in zh
        assert en.index("Revoke") < en.index("Enrol station") < en.index("Accept a new package")

        revoke_station(world.county, "金钟工作站", "clerk", "重装系统")
        again = enrol_station(world.county, "金钟工作站", ["S2"], tmp_path / "c2.anju-station", "clerk")
        accept_package(station, again.path, again.passphrase, force=True)
        assert not world.county_import(export_batch(station, world.stick).path).refused
    with world.county.reading() as session:
        rooms = set(session.scalars(select(Household.room).where(Household.deleted_at.is_(None))))
    assert {"501", "502"} <= rooms


def test_a_station_enrolled_before_stations_had_keys_of_their_own_still_syncs(world: World, tmp_path: Path) -> None:
    """Such a station signs with its package's keys and introduces none; the county, having pinned nothing for it,
    checks the package's key as it always did."""
    made = enrol_station(world.county, "金钟工作站", ["S2"], tmp_path / "c.anju-station", "clerk")
    package = open_package(made.path.read_bytes(), made.passphrase, made.path.name)
    with Store.open(tmp_path / "c.db") as station:
        accept_package(station, made.path, made.passphrase)
        with station.engine.begin() as conn:  # as it was before revision 0007
            conn.execute(
                update(SyncIdentity).values(
                    enc_private=base64.b64decode(package["enc_private"]),
                    sign_private=base64.b64decode(package["sign_private"]),
                    package_enc_private=None,
                    keys_intro=None,
                )
            )
        with station.unit_of_work("wang") as uow:
            add_household(uow, world.site_id("S2"), room="501")
        report = world.county_import(export_batch(station, world.stick).path)
        assert not report.refused
        (returned, _made), *_ = report.returns
        assert not apply_return(station, returned.read_bytes(), returned.name).already
    with world.county.reading() as session:
        assert session.scalars(select(SyncStation.pinned_at).where(SyncStation.name == "金钟工作站")).one() is None


def test_a_revoked_station_gets_nothing_more_and_its_name_is_free_for_its_new_computer(
    world: World, tmp_path: Path
) -> None:
    """A station's laptop is lost: the county revokes the station, and whoever holds the laptop can neither send
    in its name nor get a return file, by USB or online."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="302")
    world.sync("a")
    (station,) = [s for s in list_stations(world.county) if s.name == "者海镇工作站"]
    with pytest.raises(SyncError, match="停用原因"):
        revoke_station(world.county, "者海镇工作站", "clerk", " ")
    info = revoke_station(world.county, "者海镇工作站", "clerk", "笔记本电脑丢失")
    assert info.revoked_at is not None and info.name.startswith("者海镇工作站（") and info.name.endswith("停用）")

    with world.edit("a") as uow:  # the laptop, in other hands
        add_household(uow, world.site_id("S1"), room="303")
    before = world.count("county", Household)
    report = world.county_import(world.export("a"))
    (refused,) = report.refused
    assert (
        refused.error is not None and "已于" in refused.error.zh and "被县里停用（笔记本电脑丢失）" in refused.error.zh
    )
    assert "revoked" in refused.error.en and not report.returns
    assert world.count("county", Household) == before
    with pytest.raises(SyncError, match="已被停用，不再为它写回执"):
        write_return_file(world.county, station.id, world.stick)
    with pytest.raises(SyncError, match="没有名为“者海镇工作站”的在用工作站"):
        revoke_station(world.county, "者海镇工作站", "clerk", "again")

    made = enrol_station(world.county, "者海镇工作站", ["S1", "S3"], tmp_path / "new.anju-station", "clerk")
    with Store.open(tmp_path / "new.db") as new:  # the station on its new computer gets the county's records
        accept_package(new, made.path, made.passphrase)
        report = world.county_import(export_batch(new, world.stick).path)
        (returned, _made), *_ = report.returns
        apply_return(new, returned.read_bytes(), returned.name)
        with new.reading() as session:
            rooms = set(session.scalars(select(Household.room).where(Household.deleted_at.is_(None))))
    assert "302" in rooms and "303" not in rooms

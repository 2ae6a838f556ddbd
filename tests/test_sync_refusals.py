"""Bad sync files are refused with a message saying what to do, and nothing in them is applied."""

from __future__ import annotations

import concurrent.futures
import random
import shutil
import struct
import zlib
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from sqlalchemy import select

from forms.records import Household
from forms.store import Store
from sync import batch_check, outbox
from sync.batch import CHANGE_COLUMNS, Change
from sync.county_apply import apply_batch, open_batch
from sync.county_sites import add_site
from sync.enrolment import accept_package, enrol_station, init_county
from sync.errors import (
    AlteredFile,
    BatchGap,
    DamagedFile,
    MalformedBatch,
    NewerFormat,
    NewerSchema,
    NotAnjuFile,
    NotEnrolled,
    RejectedByDatabase,
    StationRestored,
    SyncError,
    TruncatedFile,
    UnknownStation,
    WrongKind,
    WrongRecipient,
)
from sync.importing import import_batches, import_files
from sync.outbox import export_batch
from sync.station_apply import apply_return
from tests.test_sync_support import World, add_household, alter_last_member_insert

pytest_plugins = ["tests.test_sync_support"]


def county_state(world: World) -> tuple[int, ...]:
    with world.county.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT (SELECT county_rev FROM sync_state), (SELECT count(*) FROM sync_history), "
            "(SELECT count(*) FROM households), (SELECT count(*) FROM journal), "
            "(SELECT sum(cursor) FROM sync_stations), (SELECT count(*) FROM sync_batches)"
        ).one()
    return tuple(row)


def refused(world: World, path: Path) -> SyncError:
    report = import_files(world.county, [path])
    (result,) = report.files
    assert result.error is not None and report.returns == []
    return result.error


@pytest.fixture
def batch(world: World) -> Path:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), members=3, phone="13800000000", notes="门口有台阶")
    return world.export("a")


def test_a_bit_flipped_anywhere_is_refused_and_nothing_is_applied(world: World, batch: Path) -> None:
    data = batch.read_bytes()
    before = county_state(world)
    rng = random.Random(20261129)
    positions = sorted({*range(0, 140), *range(len(data) - 80, len(data)), *rng.sample(range(len(data)), 150)})
    damaged = world.root / "damaged.batch"
    for position in positions:
        # A worn-out stick, or someone altering the file and fixing up the checksum (in the checksum itself that
        # would undo the flip, so there it is only the stick).
        for fix_crc in (False, True) if position < len(data) - 4 else (False,):
            flipped = bytearray(data)
            flipped[position] ^= 1 << rng.randrange(8)
            if fix_crc:
                flipped[-4:] = struct.pack(">I", zlib.crc32(bytes(flipped[:-4])))
            damaged.write_bytes(bytes(flipped))
            error = refused(world, damaged)
            # A later format byte with the checksum made to match is a later Anju's file as far as anyone can tell.
            later = position == len(b"ANJUSEAL") and fix_crc and flipped[position] > 2
            kinds = NewerFormat if later else DamagedFile | NotAnjuFile | WrongRecipient | UnknownStation
            assert isinstance(error, kinds), (position, error)
            assert "未导入任何内容" in error.zh or "不是安居的同步文件" in error.zh, (position, error.zh)
    assert county_state(world) == before
    assert not import_files(world.county, [batch]).refused  # the intact file itself was fine


def test_a_truncated_file_is_refused_as_incomplete(world: World, batch: Path) -> None:
    data = batch.read_bytes()
    before = county_state(world)
    cut = world.root / "cut.batch"
    for length in (0, 1, 7, 9, 40, 120, len(data) // 2, len(data) - 68, len(data) - 5, len(data) - 1):
        cut.write_bytes(data[:length])
        error = refused(world, cut)
        assert isinstance(error, TruncatedFile), (length, error)
        assert error.zh.startswith("“cut.batch”不完整") and "重新复制" in error.zh and "incomplete" in error.en
    assert county_state(world) == before


def test_a_file_sealed_for_another_county_is_refused(world: World, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    with Store.open(other / "county.db") as county:
        init_county(county, "东川区")
        add_site(county, "D1", "东川安置点", "clerk")
        made = enrol_station(county, "铜都工作站", ["D1"], other / "p.anju-station", "clerk")
    with Store.open(other / "station.db") as station:
        accept_package(station, made.path, made.passphrase)
        foreign = export_batch(station, other).path
    before = county_state(world)
    error = refused(world, foreign)
    assert isinstance(error, WrongRecipient) and "另一个县" in error.zh and "another county" in error.en
    assert county_state(world) == before


def test_a_batch_from_a_station_the_county_does_not_know_is_refused(world: World, batch: Path) -> None:
    with world.county.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM sync_stations WHERE name = '者海镇工作站'")
    error = refused(world, batch)
    assert isinstance(error, UnknownStation) and "未在本县登记" in error.zh and "anju enrol" in error.zh


def test_a_batch_from_a_newer_program_is_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    monkeypatch.setattr(outbox, "file_schema", lambda own_keys=False: "0999")
    newer = world.export("a")
    monkeypatch.undo()
    before = county_state(world)
    error = refused(world, newer)
    assert isinstance(error, NewerSchema) and "更新版本" in error.zh and "0999" in error.zh
    assert "升级" in error.zh and county_state(world) == before


def test_files_given_to_the_wrong_database_are_refused(world: World, batch: Path) -> None:
    with pytest.raises(WrongKind, match="工作站批次文件"):
        apply_return(world.b, batch.read_bytes(), batch.name)
    (return_path, _), *_ = import_files(world.county, [batch]).returns
    with pytest.raises(WrongRecipient, match="另一个工作站") as wrong:
        apply_return(world.b, return_path.read_bytes(), return_path.name)
    assert "请导入写有本站名称的那一个" in wrong.value.zh and "anju county return-file" in wrong.value.zh
    error = refused(world, return_path)
    assert isinstance(error, WrongKind) and "回执" in error.zh
    not_anju = world.root / "notes.batch"
    not_anju.write_text("这不是批次文件", encoding="utf-8")
    assert isinstance(refused(world, not_anju), NotAnjuFile)


def test_export_needs_an_enrolled_station(tmp_path: Path) -> None:
    with Store.open(tmp_path / "fresh.db") as fresh, pytest.raises(NotEnrolled, match="anju enrol --accept"):
        export_batch(fresh, tmp_path)


def test_a_gap_is_refused_naming_the_missing_batch_and_its_return_file_asks_for_a_resend(
    world: World, tmp_path: Path
) -> None:
    pristine = tmp_path / "county-before.db"
    with world.county.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(world.root / "county.db", pristine)
    with world.edit("a") as uow:
        first = add_household(uow, world.site_id("S1"), room="1")
    world.sync("a")
    # The county's disk dies; it is restored from yesterday's backup, before batch 1.
    world.county.close()
    shutil.copyfile(pristine, world.root / "county.db")
    for suffix in ("-wal", "-shm"):
        Path(f"{world.root / 'county.db'}{suffix}").unlink(missing_ok=True)
    world.stores["county"] = Store.open(world.root / "county.db", create=False)

    with world.edit("a") as uow:
        second = add_household(uow, world.site_id("S1"), room="2")
    report = world.county_import(world.export("a"))
    (result,) = report.files
    assert isinstance(result.error, BatchGap) and result.error.missing_batches == [1]
    assert "缺少工作站“者海镇工作站”的第 1 批" in result.error.zh and "batch 1" in result.error.en
    assert world.get("county", Household, second.id) is None

    (reset_return, _), *_ = report.returns
    assert world.station_import("a", reset_return).reset
    world.sync("a")  # the next export carries everything again
    assert world.get("county", Household, first.id) is not None
    assert world.get("county", Household, second.id) is not None


def test_a_station_restored_from_an_old_backup_is_stopped_before_its_changes_vanish(
    world: World, tmp_path: Path
) -> None:
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="1")
    world.sync("a")
    with world.a.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    backup = tmp_path / "a-backup.db"
    shutil.copyfile(world.root / "a.db", backup)
    with world.edit("a") as uow:
        uow.get(Household, household.id).notes = "备份之后的修改"  # type: ignore[union-attr]
    world.sync("a")
    newest_return_path = sorted(world.stick.glob("*.return"))[-1]

    world.a.close()
    shutil.copyfile(backup, world.root / "a.db")
    for suffix in ("-wal", "-shm"):
        Path(f"{world.root / 'a.db'}{suffix}").unlink(missing_ok=True)
    world.stores["a"] = Store.open(world.root / "a.db", create=False)
    with pytest.raises(SyncError, match="旧备份"):
        world.station_import("a", newest_return_path)
    with world.edit("a") as uow:
        uow.get(Household, household.id).notes = "恢复备份后的另一个修改"  # type: ignore[union-attr]
    error = refused_with_return(world)
    assert isinstance(error, StationRestored) and "旧备份恢复" in error.zh and "重新登记" in error.zh
    assert world.get("county", Household, household.id).notes == "备份之后的修改"


def refused_with_return(world: World) -> SyncError:
    report = world.county_import(world.export("a"))
    (result,) = report.files
    assert result.error is not None
    return result.error


@pytest.fixture(params=["checked-here", "checked-in-a-second-process"])
def checked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A batch's changes are checked in this process, or (a big batch) in a second one during the merge."""
    if request.param == "checked-in-a-second-process":
        monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    return str(request.param)


def test_an_altered_change_inside_a_validly_sealed_batch_is_refused(world: World, checked: str) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    with world.a.engine.begin() as conn:  # someone edits the station's audit log directly
        conn.exec_driver_sql("UPDATE journal SET actor = 'mallory' WHERE seq = (SELECT max(seq) FROM journal)")
    before = county_state(world)
    error = refused(world, world.export("a"))
    assert isinstance(error, AlteredFile) and "anju audit" in error.zh and "未导入任何内容" in error.zh
    assert county_state(world) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_number", [None, True]),  # a number where an ID number goes: would break deriving sex and birth date
        ("birth_date", [None, "去年"]),  # a date that is none: every screen reading the member would fail
        ("birth_date", [None, "19800101"]),  # a date, but not as the journal spells one: unreadable when stored
        ("birth_date", [None, "1980-W32-1"]),  # an ISO week, as long as a date: stored as text no screen reads
        ("name", [None, ["张", "三"]]),
        ("household_id", None),  # not an [old, new] pair at all
    ],
)
def test_a_signed_change_with_a_value_the_station_program_never_writes_is_refused_naming_it(
    world: World, field: str, value: object, checked: str
) -> None:
    """The signature proves who sent a batch, not that its values are sane: a change whose hash was made to match
    (a tampered station program, say) with a value of the wrong type is refused whole, naming the change."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), members=2)
    seq = alter_last_member_insert(world.a, lambda changes: changes.__setitem__(field, value))
    before = county_state(world)
    error = refused(world, world.export("a"))
    assert isinstance(error, MalformedBatch)
    assert f"第 {seq} 条变更，members 的 {field} 字段" in error.zh and "未导入任何内容" in error.zh
    assert f"change {seq}, field {field} of members" in error.en
    assert county_state(world) == before


def test_a_batch_the_county_database_cannot_store_is_refused_and_the_other_files_still_import(
    world: World, checked: str
) -> None:
    """Checked, and its new records made, here or in the second process: the database's refusal is the same."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), members=2)
    alter_last_member_insert(world.a, lambda changes: changes.pop("name"))  # 姓名 is required in the database
    bad = world.export("a")
    with world.edit("b") as uow:
        add_household(uow, world.site_id("S2"), room="808")
    good = world.export("b")
    before = county_state(world)
    report = import_files(world.county, [bad, good])
    by_name = {r.path.name: r for r in report.files}
    error = by_name[bad.name].error
    assert isinstance(error, RejectedByDatabase)
    assert error.zh.startswith(f"县级数据库无法保存批次“{bad.name}”中的数据（") and "未导入任何内容" in error.zh
    assert "NOT NULL" in error.zh and "members.name" in error.en  # the database's own words, for support
    assert by_name[good.name].error is None and by_name[good.name].batch is not None
    with world.county.reading() as session:
        rooms = session.scalars(select(Household.room)).all()
    assert rooms == ["808"]  # station B's household, and nothing of station A's batch
    assert county_state(world)[2] == before[2] + 1
    assert [r.station_name for _path, r in report.returns] == ["娜姑镇工作站"]  # no answer to a refused batch


def test_a_big_batch_is_checked_beside_the_merge_and_applied_whole(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), members=3, phone="13800000000")
    path = world.export("a")
    opened = open_batch(world.county, path.read_bytes(), path.name)
    assert opened.check is not None  # its checks run in a second process while it is merged
    outcome = apply_batch(world.county, opened)
    assert outcome.status == "applied" and outcome.applied == outcome.changes == 4
    assert world.get("county", Household, household.id).phone == "13800000000"
    assert opened.check is not None and opened.check.settle() is None


def test_when_no_second_process_can_start_a_big_batch_is_checked_here(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program without multiprocessing, or a machine that forbids starting one: the same checks, in this
    process, before anything is merged."""
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise PermissionError("starting a process is not allowed here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", forbidden)
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    with world.a.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE journal SET actor = 'mallory' WHERE seq = (SELECT max(seq) FROM journal)")
    path = world.export("a")
    with pytest.raises(AlteredFile, match="anju audit"):
        open_batch(world.county, path.read_bytes(), path.name)


def test_a_worker_that_dies_leaves_the_checks_to_this_process(world: World) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    with world.a.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE journal SET actor = 'mallory' WHERE seq = (SELECT max(seq) FROM journal)")
        columns = ", ".join(CHANGE_COLUMNS)
        changes = [Change(*row) for row in conn.exec_driver_sql(f"SELECT {columns} FROM journal ORDER BY seq")]
    died: Future[batch_check.Verdict] = Future()
    died.set_exception(BrokenProcessPool("the worker was killed"))
    found = batch_check.BackgroundCheck(changes, died).settle()
    assert found is not None and found[0] == "altered" and "anju audit" in found[1]
    with pytest.raises(AlteredFile, match="anju audit"):
        batch_check.refuse("a.batch", found)


def test_a_big_batch_cancelled_before_it_is_applied_leaves_no_worker_waiting(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    path = world.export("a")
    answers = iter([False])  # go on past verifying the file, then cancel before it is applied
    before = county_state(world)
    report = import_batches(world.county, [path], cancelled=lambda: next(answers, True))
    assert report.cancelled and report.files[0].cancelled and report.returns == []
    assert county_state(world) == before
    assert batch_check._worker._waiting == 0 and batch_check._worker._pool is None  # the worker was let go

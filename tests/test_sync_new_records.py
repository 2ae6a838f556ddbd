"""The records a big batch inserts are made in the second process while the county merges (`sync.batch_check`),
as an SQLite image the county copies them from (`sync.new_records`), or here when that process cannot give
them: the county stores the same records, under the same revisions, either way."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forms.records import Member
from forms.store import Store
from sync import batch_check, county_apply
from sync.batch import Change
from sync.county_apply import apply_batch, open_batch
from sync.new_records import SCHEMA, UnusableImage, image_of_inserts, insert_from_image
from sync.rows import Codec
from tests.test_sync_support import World, add_household, alter_last_member_insert

pytest_plugins = ["tests.test_sync_support"]

#: name, ID number, sex, birth date → what the county derives: pinyin initials and the ID verdict
PEOPLE = [
    ("单雄信", "11010519491231002X", "女", date(1949, 12, 31), "sxx", ""),  # a surname read otherwise in words
    ("曾小贤", "11010519491231002X", "男", date(1949, 12, 31), "zxx", "member.sex_mismatch"),
    ("张三", "11010519491231003X", "女", date(1949, 12, 31), "zs", "member.id_checksum"),
    ("Ali阿力", None, "男", None, "aal", "-"),
    ("李四", "440524188001010014", "男", date(1880, 1, 1), "ls", ""),
]
TABLES = ("households", "members", "employments", "visits", "measures", "reviews")


@pytest.fixture(autouse=True)
def own_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the images pass through, to see that none is left behind."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def batch(world: World) -> Iterator[Path]:
    """Station A's batch: new members of every kind, one renamed and one deleted later in the same batch."""
    site = world.site_id("S1")
    with world.edit("a") as uow:
        household = add_household(uow, site, members=0)
        members = [
            uow.add(
                Member(
                    household_id=household.id,
                    name=name,
                    id_type="居民身份证",
                    id_number=number,
                    sex=sex,
                    birth_date=born,
                    relation="户主" if n == 0 else "之子",
                    job_intent=n % 2 == 0,
                    extra={"备注": f"第{n}位"},
                )
            )
            for n, (name, number, sex, born, _initials, _verdict) in enumerate(PEOPLE)
        ]
    with world.edit("a") as uow:
        uow.session.get(Member, members[2].id).name = "王五"  # merged against the new record, then derived again
        uow.delete(uow.session.get(Member, members[3].id))  # likewise
    yield world.export("a")


#: The history of each received change, all but when it was received
HISTORY = (
    "SELECT station_id, seq, batch_no, record_table, record_id, op, base_rev, at, actor, changes, hash, rev, outcome, "
    "journal_seq FROM sync_history ORDER BY station_id, seq"
)


def stored(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced record and the history of every received change, column for column, as the database holds
    them (types included)."""
    with store.engine.connect() as conn:
        queries = {table: f"SELECT * FROM {table} ORDER BY id" for table in TABLES} | {"sync_history": HISTORY}
        found = {
            name: [tuple((type(v).__name__, v) for v in row) for row in conn.exec_driver_sql(query)]
            for name, query in queries.items()
        }
    assert found["members"] and found["sync_history"]
    return found


def derived_of(store: Store) -> dict[str, tuple[str, str]]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, name_initials, id_check FROM members WHERE deleted_at IS NULL")
        return {name: (initials, verdict) for name, initials, verdict in rows}


def twin_county(world: World, tmp_path: Path) -> Store:
    """A second county database, as the world's is now."""
    with world.county.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    twin = tmp_path / "twin.db"
    shutil.copyfile(world.root / "county.db", twin)
    return Store.open(twin, create=False)


def import_here(store: Store, *batches: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Import every batch with everything made in this process, as a small batch is."""
    with monkeypatch.context() as patched:
        patched.setattr(batch_check, "BACKGROUND_MIN", 10**9)
        for path in batches:
            opened = open_batch(store, path.read_bytes(), path.name)
            assert opened.check is None
            apply_batch(store, opened)


def expected() -> dict[str, tuple[str, str]]:
    found = {name: (initials, verdict) for name, _n, _s, _b, initials, verdict in PEOPLE}
    del found["Ali阿力"]
    found["王五"] = ("ww", found.pop("张三")[1])
    return found


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, dict[int, tuple[int, int]]]]:
    """What the county copied from an image, each time it did: table → {seq: (revision, journal entry)}."""
    seen: list[dict[str, dict[int, tuple[int, int]]]] = []
    real = county_apply.insert_from_image

    def watched(conn: Any, driver: Any, image: bytes, taken: Any, received: Any) -> None:
        real(conn, driver, image, taken, received)
        seen.append({table: dict(revs) for table, revs in taken.items()})

    monkeypatch.setattr(county_apply, "insert_from_image", watched)
    return seen


def test_records_made_in_the_second_process_are_the_records_made_here(
    world: World,
    batch: Path,
    tmp_path: Path,
    own_temp_folder: Path,
    copies: list[dict[str, dict[int, tuple[int, int]]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    twin = twin_county(world, tmp_path)
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    derived_here: list[str] = []
    make = Codec.derive

    def spy(codec: Codec, row: dict[str, Any]) -> None:
        derived_here.append(str(row.get("name")))
        make(codec, row)

    monkeypatch.setattr(Codec, "derive", spy)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is not None and opened.check.makes_records
    apply_batch(world.county, opened)
    # Copied from the image: the household and the three members no later change touched, under revisions in
    # seq order. Derived here only for the two a later change of the batch was merged against: each before that
    # change (it is written from here) and after it.
    assert [sorted(revs.values()) == list(revs.values()) for revs in copies[0].values()] == [True, True]
    assert len(copies[0]["households"]) == 1 and len(copies[0]["members"]) == 3
    names = {p[0] for p in PEOPLE} | {"王五"}
    assert sorted(name for name in derived_here if name in names) == ["Ali阿力", "Ali阿力", "张三", "王五"]
    assert list(own_temp_folder.iterdir()) == []  # the image is not left behind

    monkeypatch.setattr(Codec, "derive", make)
    with twin:
        import_here(twin, batch, monkeypatch=monkeypatch)
        assert stored(world.county) == stored(twin)
    assert derived_of(world.county) == expected()


def test_changes_received_before_are_not_copied_again_from_the_image(
    world: World, tmp_path: Path, copies: list[dict[str, dict[int, tuple[int, int]]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lost return file: the station sends its first changes again with new ones. The county skips the first
    (they are in the image too) and copies only the new records, under the next revisions."""
    site = world.site_id("S1")
    with world.edit("a") as uow:
        add_household(uow, site, room="101", members=3)
    first = world.export("a")
    with world.edit("a") as uow:
        add_household(uow, site, room="102", members=2)
    second = world.export("a")  # holds the first batch's changes again: no return file came back
    twin = twin_county(world, tmp_path)
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    report = world.county_import(first, second)
    assert not report.refused and [f.batch.skipped for f in report.files if f.batch] == [0, 4]
    assert [len(revs) for c in copies for revs in c.values()] == [1, 3, 1, 2]
    with twin:
        import_here(twin, first, second, monkeypatch=monkeypatch)
        assert stored(world.county) == stored(twin)


def test_a_new_record_taken_in_part_is_written_from_here(
    world: World, tmp_path: Path, copies: list[dict[str, dict[int, tuple[int, int]]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An insert carrying a field this program does not know (from a newer questionnaire) is journaled in its own
    spelling and keeps the station's text in its history: the county writes that record itself."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), members=2)
    seq = alter_last_member_insert(world.a, lambda changes: changes.__setitem__("shoe_size", [None, 42]))
    path = world.export("a")
    twin = twin_county(world, tmp_path)
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    assert not world.county_import(path).refused
    assert [sorted(c) for c in copies[0].values()] == [[seq - 2], [seq - 1]]  # the household, the other member
    with twin:
        import_here(twin, path, monkeypatch=monkeypatch)
        assert stored(world.county) == stored(twin)
    with world.county.engine.connect() as conn:
        text = conn.exec_driver_sql("SELECT changes FROM sync_history WHERE seq = ?", (seq,)).scalar_one()
    assert '"shoe_size":[null,42]' in text


def test_when_the_second_process_cannot_make_the_records_they_are_made_here(
    world: World, batch: Path, tmp_path: Path, own_temp_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = twin_county(world, tmp_path)
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is not None and opened.check._image is not None
    failed: Future[None] = Future()
    failed.set_exception(MemoryError("the worker ran out of memory making the records"))
    making, path = opened.check._image
    making.result(timeout=120)  # the file is written; then say the work failed
    opened.check._image = (failed, path)
    apply_batch(world.county, opened)
    assert derived_of(world.county) == expected()
    assert list(own_temp_folder.iterdir()) == []
    with twin:
        import_here(twin, batch, monkeypatch=monkeypatch)
        assert stored(world.county) == stored(twin)


def test_an_image_that_cannot_be_read_writes_nothing_and_the_records_are_made_here(
    world: World, batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = twin_county(world, tmp_path)
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is not None
    monkeypatch.setattr(opened.check, "new_records", lambda: b"not an SQLite database")
    apply_batch(world.county, opened)
    assert derived_of(world.county) == expected()
    with twin:
        import_here(twin, batch, monkeypatch=monkeypatch)
        assert stored(world.county) == stored(twin)


def test_a_batch_given_up_leaves_no_image_behind(
    world: World, batch: Path, own_temp_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is not None and opened.check._image is not None
    making, _path = opened.check._image
    opened.abandon()  # an import cancelled after the files were opened
    deadline = time.monotonic() + 120  # the worker finishes what it started; then the file goes
    while list(own_temp_folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert making.done() and list(own_temp_folder.iterdir()) == []


def test_an_import_that_fails_opening_a_later_file_lets_the_first_ones_go(
    world: World, batch: Path, own_temp_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync import importing

    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    real, opened = importing.open_batch, []

    def open_then_fail(store: Store, data: bytes, name: str) -> county_apply.OpenedBatch:
        if opened:
            raise MemoryError("no memory left for the second file")
        opened.append(real(store, data, name))
        return opened[0]

    monkeypatch.setattr(importing, "open_batch", open_then_fail)
    with pytest.raises(MemoryError):
        world.county_import(batch, batch)
    assert opened[0].check is not None and opened[0].check._future is None  # let go
    deadline = time.monotonic() + 120
    while list(own_temp_folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(own_temp_folder.iterdir()) == []


def test_new_records_left_by_a_killed_import_are_deleted_by_the_next_big_one(
    world: World, batch: Path, own_temp_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    stale, recent = own_temp_folder / "anju-new-records-killed.db", own_temp_folder / "anju-new-records-other.db"
    unrelated = own_temp_folder / "another-program.db"
    for path in (stale, recent, unrelated):
        path.write_bytes(b"records")
    long_ago = time.time() - batch_check.STALE_IMAGE_SECONDS - 60
    os.utime(stale, (long_ago, long_ago))
    os.utime(unrelated, (long_ago, long_ago))
    apply_batch(world.county, open_batch(world.county, batch.read_bytes(), batch.name))
    assert sorted(p.name for p in own_temp_folder.iterdir()) == ["anju-new-records-other.db", "another-program.db"]


def test_copies_take_the_revisions_and_entries_given_and_leave_out_what_is_not_taken(tmp_path: Path) -> None:
    """Revisions and journal entries in several runs (a change that wrote or journaled nothing in between), rows
    not taken, and the history row of each insert copied."""
    changes, parsed = [], []
    for seq in range(1, 9):
        fields = {"site_id": [None, "s1"], "building": [None, "1"], "unit": [None, "1"], "room": [None, f"{seq}"]}
        text = json.dumps(fields, ensure_ascii=False)
        at = f"2026-11-29T08:00:0{seq}Z"
        changes.append(Change(seq, at, "zhang", "a", "households", f"h{seq}", "insert", 0, text, "", f"hash{seq}"))
        parsed.append(fields)
    image = image_of_inserts(changes, parsed, "station-a")
    # 1 skipped; 4 merged here; 6 wrote nothing; 7 wrote but journaled nothing (an unchanged merge)
    taken = {"households": {2: (11, 101), 3: (12, 102), 5: (13, 103), 7: (15, 105), 8: (16, 105 + 1)}}
    with Store.open(tmp_path / "county.db") as store, store.unit_of_work("t") as uow:
        driver = uow.attach_scratch(SCHEMA)
        assert driver is not None
        conn = uow.session.connection()
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # no site s1 here: only the copying is looked at
        insert_from_image(conn, driver, image, taken, ("station-a", 3, "2026-11-30T01:02:03Z"))
        rows = conn.exec_driver_sql("SELECT id, rev, room, origin, status, updated_at FROM households ORDER BY rev")
        assert [tuple(r) for r in rows] == [
            ("h2", 11, "2", "station-a", "草稿", "2026-11-29T08:00:02Z"),
            ("h3", 12, "3", "station-a", "草稿", "2026-11-29T08:00:03Z"),
            ("h5", 13, "5", "station-a", "草稿", "2026-11-29T08:00:05Z"),
            ("h7", 15, "7", "station-a", "草稿", "2026-11-29T08:00:07Z"),
            ("h8", 16, "8", "station-a", "草稿", "2026-11-29T08:00:08Z"),
        ]
        history = conn.exec_driver_sql("SELECT * FROM sync_history ORDER BY seq").all()
        assert [tuple(r) for r in history] == [
            (
                "station-a",
                seq,
                3,
                "households",
                f"h{seq}",
                "insert",
                0,
                f"2026-11-29T08:00:0{seq}Z",
                "zhang",
                None,
                f"hash{seq}",
                rev,
                "applied",
                "2026-11-30T01:02:03Z",
                entry,
            )
            for seq, (rev, entry) in sorted(taken["households"].items())
        ]
        with pytest.raises(UnusableImage):  # a record the image does not hold: nothing written
            insert_from_image(conn, driver, image, {"households": {9: (17, 107)}}, ("station-a", 3, "now"))
        assert conn.exec_driver_sql("SELECT count(*) FROM households").scalar_one() == 5
        conn.exec_driver_sql("DELETE FROM households")  # the unit then commits nothing of this test
        conn.exec_driver_sql("DELETE FROM sync_history")
    with Store.open(tmp_path / "county.db", create=False) as store, store.engine.connect() as conn:
        attached = [r[1] for r in conn.exec_driver_sql("PRAGMA database_list")]
        assert SCHEMA not in attached  # detached when the unit ended
    with sqlite3.connect(tmp_path / "county.db") as raw:
        assert raw.execute("SELECT count(*) FROM households").fetchone() == (0,)


def test_a_big_file_starts_the_second_process_early_and_lets_it_go_when_its_batch_is_small(
    world: World, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    hold = batch_check._worker.hold

    def watched(first: Any = None) -> bool:
        started.append(first)
        return hold(first)

    monkeypatch.setattr(batch_check, "WARM_UP_BYTES", 1)  # every file may hold a big batch
    monkeypatch.setattr(batch_check._worker, "hold", watched)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert started == [batch_check._ready]  # as the file was opened; then not needed: a small batch
    assert opened.check is None and opened.parsed is not None  # checked here
    assert batch_check._worker._waiting == 0 and batch_check._worker._pool is None
    apply_batch(world.county, opened)
    assert derived_of(world.county) == expected()


def test_on_one_core_a_big_batch_is_checked_and_its_records_made_here(
    world: World, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    monkeypatch.setattr(batch_check, "usable_cores", lambda: 1)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is None and batch_check._worker._pool is None  # no process started to share one core
    apply_batch(world.county, opened)
    assert derived_of(world.county) == expected()

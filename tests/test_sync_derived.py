"""The derived fields of the records a big batch inserts (pinyin initials, the ID verdict) are made in the second
process while the county merges (`sync.batch_check`), or here when that process cannot give them: the county
stores the same records either way."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forms.records import Member
from forms.store import Store
from sync import batch_check
from sync.county_apply import apply_batch, open_batch
from sync.rows import Codec
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]

#: name, ID number, sex, birth date → what the county derives: pinyin initials and the ID verdict
PEOPLE = [
    ("单雄信", "11010519491231002X", "女", date(1949, 12, 31), "sxx", ""),  # a surname read otherwise in words
    ("曾小贤", "11010519491231002X", "男", date(1949, 12, 31), "zxx", "member.sex_mismatch"),
    ("张三", "11010519491231003X", "女", date(1949, 12, 31), "zs", "member.id_checksum"),
    ("Ali阿力", None, "男", None, "aal", "-"),
    ("李四", "440524188001010014", "男", date(1880, 1, 1), "ls", ""),
]


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
                )
            )
            for n, (name, number, sex, born, _initials, _verdict) in enumerate(PEOPLE)
        ]
    with world.edit("a") as uow:
        uow.session.get(Member, members[2].id).name = "王五"  # merged against the new record, then derived again
        uow.delete(uow.session.get(Member, members[3].id))  # likewise
    yield world.export("a")


def stored_members(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql("SELECT * FROM members ORDER BY name")]


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


def expected() -> dict[str, tuple[str, str]]:
    found = {name: (initials, verdict) for name, _n, _s, _b, initials, verdict in PEOPLE}
    del found["Ali阿力"]
    found["王五"] = ("ww", found.pop("张三")[1])
    return found


def test_members_derived_in_the_second_process_are_the_members_derived_here(
    world: World, batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = twin_county(world, tmp_path)
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is not None
    deadline = time.monotonic() + 120
    while opened.check.derived() is None:  # let the worker finish first, so that each record's fields are its
        assert time.monotonic() < deadline, "the second process gave no derived fields"
        time.sleep(0.02)
    derived_here: list[str] = []
    make = Codec.derive

    def spy(codec: Codec, row: dict[str, Any]) -> None:
        derived_here.append(str(row.get("name")))
        make(codec, row)

    monkeypatch.setattr(Codec, "derive", spy)
    apply_batch(world.county, opened)
    # made here only for the two records a later change of the batch was merged against
    assert sorted(name for name in derived_here if name in {p[0] for p in PEOPLE} | {"王五"}) == ["Ali阿力", "王五"]

    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 10**9)  # the same batch, every record derived here
    monkeypatch.setattr(Codec, "derive", make)
    with twin:
        here = open_batch(twin, batch.read_bytes(), batch.name)
        assert here.check is None
        apply_batch(twin, here)
        assert stored_members(world.county) == stored_members(twin)
    assert derived_of(world.county) == expected()


def test_when_the_second_process_gives_no_derived_fields_they_are_made_here(
    world: World, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is not None
    failed: Future[batch_check.Derived] = Future()
    failed.set_exception(MemoryError("the worker ran out of memory deriving"))
    opened.check._derived = failed  # what the worker answered
    apply_batch(world.county, opened)
    assert derived_of(world.county) == expected()


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


def test_on_one_core_a_big_batch_is_checked_and_derived_here(
    world: World, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    monkeypatch.setattr(batch_check, "usable_cores", lambda: 1)
    opened = open_batch(world.county, batch.read_bytes(), batch.name)
    assert opened.check is None and batch_check._worker._pool is None  # no process started to share one core
    apply_batch(world.county, opened)
    assert derived_of(world.county) == expected()

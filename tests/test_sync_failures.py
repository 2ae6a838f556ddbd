"""A sync step that fails half-way (a full disk at the station or the county, a stick pulled out, a return file
taken twice or late) either works on the next try or says what happened and what to do; nothing is lost.

Real files, real SQLite: a full disk is a database that cannot grow (`tests.failing_drives`). What the existing
tests already show is not repeated here: a batch imported twice or a lost stick (test_sync_scenarios), a truncated
or altered file (test_sync_refusals), an import killed at any point (test_sync_crash), a return file the stick does
not take (test_sync_cli), an answer lost on the way back or a server killed while applying (test_server_exchange,
test_server_restart).
"""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from forms.errors import DiskRefused
from forms.records import Household
from forms.store import Store
from sync.errors import ReturnNotWritten, SyncError
from sync.http_client import push
from sync.importing import import_files
from sync.outbox import export_batch, station_status
from tests.failing_drives import disk_full, read_only, run_on_drives
from tests.test_server_support import LiveServer, OnlineWorld
from tests.test_sync_scenarios import fingerprint
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]


def rooms(world: World, who: str) -> list[str]:
    with world.stores[who].reading() as session:
        return sorted(h.room or "" for h in session.query(Household))


def sync_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_an_export_the_station_cannot_record_leaves_no_batch_on_the_stick(world: World) -> None:
    """The station's own disk fills up just as it records the export: the batch file was already on the stick,
    whole, while the station did not count it as sent, so its next export wrote another file under the same number
    holding more changes. Now the stick holds only what the station recorded, and the next try simply works."""
    with world.edit("a") as uow:
        for room in ("101", "102", "103"):
            add_household(uow, world.site_id("S1"), room=room)
    exported: list[Path] = []
    with disk_full(world.a.engine), pytest.raises(DiskRefused) as refused:
        for _ in range(200):  # every export logs itself: one of them needs a page the full disk does not give
            exported.append(export_batch(world.a, world.stick).path)
    assert "磁盘已满" in refused.value.zh and "这一步没有保存" in refused.value.zh
    assert sync_files(world.stick) == sorted(p.name for p in exported)  # no file of the batch that was not recorded
    assert station_status(world.a).next_batch == len(exported) + 1

    # Space is freed; more work; the export takes the number the failed one could not keep, with every change.
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="104")
    retried = export_batch(world.a, world.stick)
    assert retried.manifest.batch_no == len(exported) + 1 and retried.manifest.total == 4 * 3
    report = world.county_import(*sorted(world.stick.glob("*.batch")))
    assert not report.refused
    assert rooms(world, "county") == ["101", "102", "103", "104"]
    world.station_import("a", report.returns[0][0])
    assert station_status(world.a).pending == 0


@pytest.mark.parametrize("newer_first", [False, True])
def test_two_batches_under_one_number_import_in_either_order(world: World, tmp_path: Path, newer_first: bool) -> None:
    """What the station did before the fix above: batch 1 on the stick unrecorded, then batch 1 again with more.
    The county takes the changes by their own numbers, so either order ends the same and says what it did."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    world.close()
    unrecorded = tmp_path / "unrecorded"
    unrecorded.mkdir()
    shutil.copyfile(tmp_path / "a.db", unrecorded / "a.db")
    with Store.open(unrecorded / "a.db", create=False) as station:  # the station as it was before the failed export
        first = export_batch(station, world.stick)
    world.stores = {key: Store.open(tmp_path / f"{key}.db", create=False) for key in ("county", "a", "b")}
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="102")
    second = export_batch(world.a, world.stick)
    assert first.manifest.batch_no == second.manifest.batch_no == 1 and first.path != second.path

    order = [second.path, first.path] if newer_first else [first.path, second.path]
    said = [world.county_import(path).files[0] for path in order]
    assert all(r.error is None and r.batch is not None for r in said)
    texts = [r.message()[0] for r in said]
    if newer_first:
        assert "已应用 6 条变更" in texts[0]
        assert "第 1 批的 3 条变更已于" in texts[1] and "导入过，本次未作任何更改" in texts[1]
    else:
        assert "已应用 3 条变更" in texts[0]
        assert "已应用 3 条变更" in texts[1] and "3 条此前已导入" in texts[1]
    assert rooms(world, "county") == ["101", "102"] and world.count_history() == 6


def test_a_stick_pulled_out_while_the_batch_is_written_leaves_the_station_as_before(world: World) -> None:
    """The stick goes as the file is written (here: its temporary name cannot be made): the station says so, uses
    no number, leaves no file under a batch's name, and the next export is the same batch."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    blocked = world.stick / f"{export_name()}.batch.partial"
    blocked.mkdir()  # what the stick refuses
    with pytest.raises(SyncError) as refused:
        export_batch(world.a, world.stick)
    assert refused.value.zh.startswith("无法写入") and "请检查U盘是否已插好" in refused.value.zh
    assert sync_files(world.stick) == [blocked.name] and station_status(world.a).next_batch == 1
    blocked.rmdir()
    again = export_batch(world.a, world.stick)
    assert again.manifest.batch_no == 1 and again.manifest.total == 3
    assert sync_files(world.stick) == [again.path.name]


def export_name() -> str:
    return f"anju-者海镇工作站-0001-{datetime.now(UTC):%Y%m%d}"


def test_a_return_file_the_county_cannot_record_says_the_batch_is_in_and_imports_again(world: World) -> None:
    """The county's disk refuses the write that records the return file, after the batch was applied: the whole
    import said 磁盘已满…这一步没有保存, as if the batch were not in. It says the batch is in, the return file is
    not written and how to get it; importing the same file again writes it, applying nothing twice."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    batch = world.export("a")
    with ReadOnlyFromReturnStep(world.county) as full:
        report = import_files(world.county, [batch], progress=full.progress)
    assert full.entered
    (result,) = report.files
    assert result.error is None and result.batch is not None and result.batch.applied == 3
    (unwritten,) = report.unwritten
    assert isinstance(unwritten, ReturnNotWritten)
    assert unwritten.zh.startswith("工作站“者海镇工作站”的批次已经导入，但回执没有写出：无法写入数据库")
    assert "重新导入" in unwritten.zh and not list(world.stick.glob("*.return*"))
    history = world.count_history()

    again = world.county_import(batch)
    assert again.files[0].batch is not None and again.files[0].batch.status == "replay"
    assert world.count_history() == history
    world.station_import("a", again.returns[0][0])
    assert station_status(world.a).pending == 0


class ReadOnlyFromReturnStep:
    """Makes the county's database refuse every write from the step that writes the return files on (the drive
    turned read-only meanwhile), through the progress the import reports to the screen."""

    def __init__(self, county: Store) -> None:
        self.county = county
        self.entered = False
        self._refusing = read_only(county.engine)

    def progress(self, _done: int, _total: int, text: str) -> None:
        if "正在写出给" in text and not self.entered:
            self._refusing.__enter__()
            self.entered = True

    def __enter__(self) -> ReadOnlyFromReturnStep:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.entered:
            self._refusing.__exit__(None, None, None)


def test_a_return_file_imported_on_a_full_disk_says_so_and_imports_once_there_is_room(world: World) -> None:
    """The station's disk is full as it imports the county's return file: it says so, nothing of the file is
    taken (the changes stay to be sent), and the same file imports once there is room."""
    with world.edit("b") as uow:
        for room in range(30):
            add_household(uow, world.site_id("S1"), room=f"2{room:02d}", notes="在园区务工，" * 40)
    world.sync("b")  # the county now holds B's households at S1, which A serves too
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    report = world.county_import(world.export("a"))
    return_file = report.returns[0][0]
    before = rooms(world, "a")
    with disk_full(world.a.engine), pytest.raises(DiskRefused) as refused:
        world.station_import("a", return_file)
    assert "磁盘已满" in refused.value.zh and "这一步没有保存" in refused.value.zh
    assert rooms(world, "a") == before and station_status(world.a).pending == 3

    outcome = world.station_import("a", return_file)
    assert not outcome.already and outcome.applied.changed >= 30
    assert station_status(world.a).pending == 0 and len(rooms(world, "a")) == 31


def test_an_older_return_file_after_a_newer_one_takes_back_nothing(world: World) -> None:
    """A return file found late on the stick, imported after a newer one: the records were right (each is taken
    only at a newer revision), but the county's questionnaire and rule settings it carries were taken as the
    county's latest, putting the station back on the old questionnaire until its next return file."""
    from forms.questionnaire import from_dict, load_active, load_packaged, save_active

    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    old_report = world.county_import(world.export("a"))
    old_return = world.root / "old.return"
    shutil.copyfile(old_report.returns[0][0], old_return)

    edited = load_packaged().to_dict()
    edited["version"] = "2025.1+20261201"
    save_active(world.county, from_dict(edited, source="test"))
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="102")
    world.sync("a")
    assert load_active(world.a).version == "2025.1+20261201"
    state = fingerprint(world.a), station_status(world.a)

    late = world.station_import("a", old_return)
    assert late.already and "本次未作任何更改" in late.message()[0]
    assert load_active(world.a).version == "2025.1+20261201"
    assert (fingerprint(world.a), station_status(world.a).pending) == (state[0], state[1].pending)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_online_answer_the_station_cannot_store_is_taken_on_the_retry_as_a_replay(
    online_world: OnlineWorld, live_server: LiveServer
) -> None:
    """Online, the county applies the batch but the station's full disk cannot take the answer (as if the answer
    were lost): the station says so and keeps its changes as unsent; the retry is a replay at the county, which
    answers it without applying anything twice, and the station then holds what the county sent."""
    w = online_world
    w.add_households("b", "S1", 30)
    assert push(w.b, url=live_server.url).record.outcome == "ok"
    sent = w.add_households("a", "S1", 1, room=900)
    with disk_full(w.a.engine), pytest.raises(DiskRefused) as refused:
        push(w.a, url=live_server.url)
    assert "磁盘已满" in refused.value.zh
    applied = w.county_state()
    assert applied[2] == 31  # the county took the batch: only the answer was not stored
    assert w.pending("a") == sent and w.count("a", Household) == 1

    retried = push(w.a, url=live_server.url).record
    assert retried.outcome == "ok" and "县里此前已收到，未重复应用" in retried.message_zh
    assert w.county_state() == applied and w.pending("a") == 0 and w.count("a", Household) == 31


def test_a_full_stick_is_said_as_full_and_the_next_export_sends_everything(world: World) -> None:
    """`anju sync export` onto a stick with no room left: it said the system's own reason, in English here ("No
    space left on device"), then everything there is to check (plugged in? write-protected? room?). It now says the
    stick is full, what to do, and that nothing here changed; once there is room, the same batch is written whole.
    A real drive: a tmpfs too small for the batch (`tests.failing_drives.run_on_drives`). (A write-protected stick
    is refused before anything is written, `sync.files.check_folder`.)"""
    with world.edit("a") as uow:
        for n in range(150):
            add_household(uow, world.site_id("S1"), room=f"{n + 101}")
    pending = station_status(world.a).pending
    world.a.close()
    command = [sys.executable, "-m", "desktop.cli", "sync", "export", "--db", str(world.root / "a.db")]
    ran = run_on_drives([*command, "--out", str(world.stick)], small={world.stick: 8 * 1024})
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran.stderr
    said = ran.stderr.splitlines()[0]
    assert said.startswith("错误：无法写入") and "磁盘空间已满。请腾出空间，或换一个U盘" in said, said
    assert "本机的数据没有改动" in said and "No space left" not in said, said
    assert sync_files(world.stick) == []

    with Store.open(world.root / "a.db", create=False) as station:
        again = export_batch(station, world.stick)
    assert again.manifest.batch_no == 1 and again.manifest.total == pending

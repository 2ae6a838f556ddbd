"""SIGKILL at random points during a large import leaves the county database as before or fully applied.

Run as ``python -m tests.test_sync_crash COUNTY BATCH OUT [apart]`` it is the importer the test kills: it prints
"start" once the database is open, imports the batch, then prints "done". With ``apart`` the batch counts as big:
it is checked, and its new records made, in the second process (`sync.batch_check`).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from forms.backup import integrity_problems
from forms.records import Employment, Household, Member
from forms.store import Store
from sync import batch_check
from sync.envelope import read_header
from sync.importing import import_files
from sync.outbox import export_batch
from tests.test_sync_support import DBS, copy_databases

pytest_plugins = ["tests.test_sync_support"]

ROOT = Path(__file__).resolve().parent.parent
KILLS = 8
HOUSEHOLDS = 800  # × (1 household + 3 members + 2 spells) = 4,800 changes


def importer(county: str, batch: str, out: str, apart: str = "") -> None:
    if apart:
        batch_check.BACKGROUND_MIN = 1
    store = Store.open(county, create=False)
    print("start", flush=True)
    import_files(store, [Path(batch)], Path(out))
    print("done", flush=True)


def state(db: Path) -> tuple[int, int, int, int]:
    """(households, history rows, the station's cursor, county rev) — what an import changes."""
    with Store.open(db, create=False) as store, store.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM households), (SELECT count(*) FROM sync_history), "
            "(SELECT max(cursor) FROM sync_stations), (SELECT county_rev FROM sync_state)"
        ).one()
        assert store.verify_journal().ok
    return tuple(row)  # type: ignore[return-value]


def large_batch(folder: Path) -> Path:
    with Store.open(folder / "a.db", create=False) as station:
        with station.engine.connect() as conn:
            site_id = conn.exec_driver_sql("SELECT id FROM sites WHERE code = 'S1'").scalar_one()
        with station.unit_of_work("zhang") as uow:
            households = [
                {"id": Household(site_id=site_id).id, "site_id": site_id, "room": str(n)} for n in range(HOUSEHOLDS)
            ]
            uow.insert_rows(Household, households)
            members = [
                {"id": Member(household_id=h["id"], name="x").id, "household_id": h["id"], "name": f"成员{i}"}
                for h in households
                for i in range(3)
            ]
            uow.insert_rows(Member, members)
            uow.insert_rows(Employment, [{"member_id": m["id"], "form": "外出务工"} for m in members[: 2 * HOUSEHOLDS]])
        return export_batch(station, folder).path


def run_until_killed(county: Path, batch: Path, out: Path, delay: float | None, *, apart: bool) -> str:
    """Start an import in a process of its own and SIGKILL it ``delay`` seconds after it starts, or (None) once it
    has said it is done: what it printed after "start"."""
    # Its own temporary folder: a killed import may leave its file of new records there (see sync.new_records).
    temp = out / "temp"
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.test_sync_crash", str(county), str(batch), str(out), "apart" if apart else ""],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "start"
    said = ""
    if delay is None:  # killed after it finished, however long a loaded machine made it take
        said = proc.stdout.readline()
    else:
        time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    rest = said + proc.stdout.read()
    proc.wait()
    return rest.strip()


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a process ended but not yet reaped counts as ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"


WORKER_THEN_SLEEP = """
import os, time
from sync import batch_check
assert batch_check._worker.hold()
print(batch_check._worker._pool.submit(os.getpid).result(), flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_the_second_process_ends_when_the_program_is_killed() -> None:
    """Killed, the program cannot stop its worker: the worker must notice, not wait for ever holding memory."""
    proc = subprocess.Popen([sys.executable, "-c", WORKER_THEN_SLEEP], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    assert running(worker)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(worker)
    proc.stdout.close()


@pytest.mark.slow
def test_sigkill_during_an_import_leaves_the_county_before_or_fully_applied(
    world_template: Path, tmp_path: Path
) -> None:
    copy_databases(world_template, tmp_path)
    batch = large_batch(tmp_path)
    changes = HOUSEHOLDS * 6
    pristine = tmp_path / DBS[0]
    before = state(pristine)

    timing = tmp_path / "timing.db"
    shutil.copyfile(pristine, timing)
    started = time.perf_counter()
    with Store.open(timing, create=False) as county:
        import_files(county, [batch], tmp_path)
    window = time.perf_counter() - started
    after = state(timing)
    assert after == (before[0] + HOUSEHOLDS, changes, after[2], before[3] + changes)

    rng = random.Random(20261129)
    # At once (still verifying), at random points through the work, and once it has said it is done (a time
    # "well after it should have finished", 3× the run here, was not always after it on a loaded machine: the
    # process also starts its checking worker, which the run here found started).
    delays: list[float | None] = [0.0, *(rng.uniform(0.0, window * 1.2) for _ in range(KILLS - 2)), None]
    seen = set()
    for n, delay in enumerate(delays):
        county, out = tmp_path / f"kill-{n}.db", tmp_path / f"out-{n}"
        out.mkdir()
        shutil.copyfile(pristine, county)
        printed = run_until_killed(county, batch, out, delay, apart=n % 2 == 1)  # half of them: a big batch
        assert integrity_problems(county) == []
        now = state(county)
        assert now in (before, after), (n, now)
        seen.add("applied" if now == after else "before")
        if printed == "done":
            assert now == after  # it said so, and it is so
        for written in out.glob("*.return"):  # a return file under its real name is always whole
            data = written.read_bytes()
            assert read_header(data, written.name).total == len(data)
        if now == before:  # and the import simply runs again
            with Store.open(county, create=False) as store:
                assert not import_files(store, [batch], out).refused
            assert state(county) == after
    assert seen == {"before", "applied"}


if __name__ == "__main__":
    importer(*sys.argv[1:5])

"""Anju's "today" is the computer's own day, not UTC's: a station in Yunnan is eight hours ahead of UTC, and
between midnight and eight in the morning UTC is still on yesterday.

Each test runs with a clock whose local day differs from UTC's at the moment it runs (`day_apart`), so it fails
wherever the code reads UTC's day.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from forms.backup import backup
from forms.idnumber import make_ric
from forms.records import Member
from sync.review_hook import household_findings
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]


@pytest.fixture
def day_apart(monkeypatch: pytest.MonkeyPatch) -> Iterator[date]:
    """A time zone whose local day is not UTC's now (UTC+14 late in the UTC day, UTC-12 early in it); gives the local
    day. The names of the Etc zones have their signs the POSIX way round: Etc/GMT-14 is UTC+14."""
    if not hasattr(time, "tzset"):
        pytest.fail("switching the time zone needs a POSIX system (these tests run on Linux)")
    zone = "Etc/GMT-14" if datetime.now(UTC).hour >= 12 else "Etc/GMT+12"
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    local = date.today()
    assert local != datetime.now(UTC).date(), "the zone chosen must put the local day apart from UTC's"
    yield local
    monkeypatch.undo()
    time.tzset()


def test_a_batch_and_its_return_file_are_named_with_the_computer_s_own_date(world: World, day_apart: date) -> None:
    """At 7:30 on 1 December in Yunnan the worker's batch was named …-20261130: looking on the stick for today's
    file, they found none."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    path = world.export("a")
    assert path.stem.endswith(f"-{day_apart:%Y%m%d}")
    report = world.county_import(path)
    (returned, _made), *_ = report.returns
    assert returned.stem.endswith(f"-{day_apart:%Y%m%d}"), "the return file the 站长 takes back is dated alike"


def test_the_county_s_review_judges_a_birth_date_by_its_own_day(world: World, day_apart: date) -> None:
    """A baby born today, registered the same morning: before eight in Yunnan the county's review judged the
    number by UTC's day and listed it as 出生日期晚于今天, an error the station could not fix. A number born the day
    after the local today is still an error."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), members=1)
        for n, born in enumerate((day_apart, date.fromordinal(day_apart.toordinal() + 1))):
            uow.add(
                Member(
                    household_id=household.id,
                    name=f"新生{n}",
                    relation="之子",
                    id_type="居民身份证",
                    id_number=make_ric("530326", born, 11 + n),
                )
            )
    with world.a.engine.connect() as conn:
        found = household_findings(conn, [household.id])[household.id]
    after_today = sorted(f["zh"].split("的")[0] for f in found if "晚于今天" in f["zh"])
    assert after_today == ["新生1"]


def test_a_backup_to_a_drive_is_named_with_the_computer_s_own_date(
    db_path: Path, tmp_path: Path, day_apart: date
) -> None:
    """`anju backup --out E:\\` names the file after the day and time: it was UTC's, so a backup made on the morning
    of the 1st looked like the day before's."""
    stick = tmp_path / "stick"
    stick.mkdir()
    made = backup(db_path, stick).path
    assert f"-backup-{day_apart:%Y%m%d}-" in made.name

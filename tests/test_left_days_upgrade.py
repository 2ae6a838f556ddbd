"""减员日期 while a county and its stations upgrade to Anju 0.5.0 one by one (`sync.left_days`, `sync.merge`).

Run with real database files and real batch and return files. The program on the other side of an upgrade is
simulated by what Anju 0.4.0 does with a 减员日期 (it knows no ``members.left_on``): as a county it leaves the field
of a station's change in its history, unapplied, and writes return files without the column; as a station it keeps
none of what it receives, and its changes (a 恢复, a 减员) carry none. Its database is the real revision 0010: the
file is taken back to it with the 0011 migration's downgrade, and opened by this program, which migrates it as the
installer's upgrade does. Each scenario was also run by hand with the 0.4.0 program itself (the tree of commit
d9421d7^) against this one, with the same outcome."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select

from forms.journal import local_moment
from forms.leaving import DIED, MARRIED_OUT, MOVED_OUT
from forms.record_audit import audit_records
from forms.records import JournalEntry, Member, Setting
from forms.schema import HEAD_REVISION, alembic_config, read_revision
from forms.store import Store, make_engine
from forms.sync_records import SyncStation
from sync import county_apply, county_return, outbox
from sync.batch import Change
from sync.county_conflicts import list_conflicts, resolve_conflict
from sync.left_days import LEFT_ON_FROM, RECOVERED_SETTING, keeps_left_on
from sync.merge import Merged, merge_change, new_record
from sync.return_file import row_json
from sync.rows import Codec, Row
from tests.test_leave_date import OCTOBER_15, live, remove_on
from tests.test_leaving import departures, in_yunnan
from tests.test_server_support import OnlineWorld
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]

__all__ = ["in_yunnan"]  # a fixture, used by name

OCTOBER_20 = date(2026, 10, 20)


@contextmanager
def county_on_0_4_0() -> Iterator[None]:
    """The county's program as Anju 0.4.0: a change's ``left_on`` is a field it does not know, kept in the history
    and not applied (`sync.merge`, with the county's codec of members as 0.4.0 had it: the stations' own, in this
    same process, stay 0.5.0's); its return files have no such column; nothing of `sync.left_days` runs."""
    with pytest.MonkeyPatch.context() as old:
        old.setattr(county_apply, "merge_change", _merge_as_0_4_0)
        old.setattr(county_apply, "new_record", _new_record_as_0_4_0)
        old.setattr(county_return, "row_json", _without_left_on)
        old.setattr(county_apply, "recover_left_days", lambda uow: 0)
        old.setattr(county_apply, "resend_left_days", lambda *args: 0)
        yield


def _codec_of_0_4_0(codec: Codec) -> Codec:
    if codec.table.name != "members":
        return codec
    older = copy.copy(codec)
    older.editable = codec.editable - {"left_on"}
    older.kinds = {k: v for k, v in codec.kinds.items() if k != "left_on"}
    older.tombstone = frozenset()
    return older


def _merge_as_0_4_0(current: Row | None, change: Change, fields: dict[str, Any], codec: Codec, **kw: Any) -> Merged:
    return merge_change(current, change, fields, _codec_of_0_4_0(codec), **kw)


def _new_record_as_0_4_0(codec: Codec, *args: Any, **kw: Any) -> tuple[Row, dict[str, list[Any]]]:
    return new_record(_codec_of_0_4_0(codec), *args, **kw)


@contextmanager
def station_on_0_4_0() -> Iterator[None]:
    """Station A's program as Anju 0.4.0, for the county's 0.5.0: its batches say so, and it keeps no 减员日期 of
    the return files it takes (the only station syncing meanwhile)."""
    with pytest.MonkeyPatch.context() as old:
        old.setattr(outbox, "APP_VERSION", "0.4.0")
        old.setattr(county_return, "row_json", _without_left_on)
        yield


def _without_left_on(row: dict[str, object]) -> str:
    return row_json({k: v for k, v in row.items() if k != "left_on"})


def upgrade_from_0_4_0(world: World, who: str) -> None:
    """Take ``who``'s database file back to Anju 0.4.0's revision (0010: no ``members.left_on``), then open it with
    this program, which upgrades it as after installing 0.5.0."""
    path = world.stores[who].path
    world.stores[who].close()
    engine = make_engine(path, foreign_keys=False)
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0010")
    engine.dispose()
    assert read_revision(path) == "0010"
    world.stores[who] = Store.open(path, create=False)
    assert read_revision(path) == HEAD_REVISION


def leave_as_0_4_0(world: World, who: str, member_id: str, reason: str) -> None:
    """A 减员 as Anju 0.4.0 saves it: the reason on the tombstone, no day."""
    with world.edit(who) as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        member.left_reason = reason
        uow.delete(member)


def bring_back_as_0_4_0(world: World, who: str, member_id: str) -> None:
    """恢复成员 as Anju 0.4.0 saves it: the tombstone and the reason go; it knows of no day to clear."""
    with world.edit(who) as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        member.deleted_at, member.left_reason = None, None


def checked(world: World, who: str) -> None:
    """The journal's chain holds and every record is what its journal says (`anju audit`)."""
    store = world.stores[who]
    assert store.verify_journal().broken_at is None, who
    with store.engine.connect() as conn:
        assert audit_records(conn).mismatches == [], who


def local_day(stamp: str) -> date:
    moment = local_moment(stamp)
    assert moment is not None
    return moment.date()


def history_of(world: World, member_id: str) -> list[dict[str, object]]:
    with world.county.engine.connect() as conn:
        texts = conn.exec_driver_sql(
            "SELECT changes FROM sync_history WHERE record_id = ? AND op = 'delete'", (member_id,)
        ).scalars()
        return [json.loads(t) for t in texts if t is not None]


def test_a_county_upgrading_after_its_stations_takes_the_days_its_history_kept(
    world: World, tmp_path: Path, in_yunnan: None
) -> None:
    """Station A ran 0.5.0 while the county still ran 0.4.0: the county took A's 减员 of 张小 (died 15 October) and
    left the day in its history. Upgraded, it had the column empty: its 减员名单 dated the death by the day it was
    typed in, and station B's edit of the tombstone (a county revision) sent the empty day back to A, which took it —
    the day was lost everywhere. Now the county's first import after the upgrade takes it from the history, and both
    stations get it. A member removed under 0.4.0 (no day asked) is dated by the day recorded, as before."""
    with county_on_0_4_0():
        with world.edit("a") as uow:
            home = add_household(uow, world.site_id("S1"), room="301", members=3)  # S1: both stations serve it
        world.sync("a")
        world.sync("b")
        head, son, grandpa = sorted(live(world, "a", home.id))
        remove_on(world, "a", son, DIED, OCTOBER_15)
        leave_as_0_4_0(world, "b", grandpa, MARRIED_OUT)  # B's own program, 0.4.0: no day
        world.sync("a")
        world.sync("b")
        at_county = world.get("county", Member, son)
        assert at_county.deleted_at is not None and at_county.left_on is None  # not applied, but kept:
        assert [c.get("left_on") for c in history_of(world, son)] == [[None, "2026-10-15"]]
        assert world.get("a", Member, son).left_on == OCTOBER_15  # kept against the 0.4.0 return file
        assert world.get("b", Member, son).left_on is None  # B took the tombstone from the county: no day
        with world.edit("b") as uow:  # B's worker edits 张小's phone before hearing (to the tombstone, a conflict)
            member = uow.get(Member, son)
            assert member is not None
            member.phone = "13900000001"

    upgrade_from_0_4_0(world, "county")
    assert world.get("county", Member, son).left_on is None  # the migration makes nothing up
    world.sync("b")
    world.sync("a")

    for who in ("county", "a", "b"):
        member = world.get(who, Member, son)
        assert member.deleted_at is not None and (member.left_reason, member.left_on) == (DIED, OCTOBER_15), who
        old = world.get(who, Member, grandpa)
        assert (old.left_reason, old.left_on) == (MARRIED_OUT, None), who
        checked(world, who)
    assert world.get("county", Member, head).left_on is None
    listed = {r["姓名"]: r for r in departures(world, "county", tmp_path)}
    died, married = listed[world.get("county", Member, son).name], listed[world.get("county", Member, grandpa).name]
    assert died["减员日期"].date() == OCTOBER_15
    assert died["登记日期"].date() == local_day(world.get("county", Member, son).deleted_at)
    # Removed under 0.4.0: the day it was recorded, in the computer's time zone, in both columns (the sheet's note
    # says that is what a 减员日期 equal to its 登记日期 may be).
    recorded = local_day(world.get("county", Member, grandpa).deleted_at)
    assert married["减员日期"].date() == married["登记日期"].date() == recorded

    # Journaled as A's own value (its worker, its origin), once.
    with world.county.reading() as session:
        entries = session.scalars(
            select(JournalEntry).where(JournalEntry.record_id == son, JournalEntry.changes.contains('"left_on"'))
        ).all()
        marker = session.get(Setting, RECOVERED_SETTING)
    assert [(e.actor, e.origin, e.source, json.loads(e.changes)) for e in entries] == [
        ("zhang", world.a.station_id, "remote", {"left_on": [None, "2026-10-15"]})
    ]
    assert marker is not None and marker.value["members"] == 1
    world.sync("a")
    with world.county.reading() as session:
        again = session.scalar(select(func.count()).where(JournalEntry.changes.contains('"left_on"')))
    assert again == 1


def test_a_day_is_taken_only_for_the_removal_it_came_with(world: World) -> None:
    """张小 was removed with a day at A (0.5.0), brought back and removed again at B (0.4.0, no day), all before the
    county upgraded: the tombstone he has is B's, and the day of A's removal is not its day."""
    with county_on_0_4_0():
        with world.edit("a") as uow:
            home = add_household(uow, world.site_id("S1"), room="302", members=2)
        world.sync("a")
        world.sync("b")
        son = sorted(live(world, "a", home.id))[-1]
        remove_on(world, "a", son, DIED, OCTOBER_15)
        world.sync("a")
        world.sync("b")
        bring_back_as_0_4_0(world, "b", son)
        world.sync("b")
        leave_as_0_4_0(world, "b", son, MOVED_OUT)
        world.sync("b")
    upgrade_from_0_4_0(world, "county")
    world.sync("a")
    member = world.get("county", Member, son)
    assert member.deleted_at is not None and (member.left_reason, member.left_on) == (MOVED_OUT, None)
    with world.county.reading() as session:
        marker = session.get(Setting, RECOVERED_SETTING)
    assert marker is not None and marker.value["members"] == 0
    checked(world, "county")


def test_a_station_on_0_4_0_neither_empties_nor_keeps_a_stale_day(world: World, tmp_path: Path) -> None:
    """The county upgraded first. A station still on 0.4.0 sends what its program knows. An edit of a member the
    county removed (张老, 婚出 on 20 October) leaves the county's day alone. But its 恢复 of 张小 (died 15 October at
    the county's word) carried nothing about the day: the county kept a live member with it, and the same station's
    later 减员 of him (户籍迁出) was dated 15 October on the 减员名单. A 恢复 or a new 减员 now clears what belonged to
    the earlier tombstone and that the change does not set."""
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S1"), room="303", members=3)
    with station_on_0_4_0():
        world.sync("a")
    world.sync("b")
    _head, son, grandpa = sorted(live(world, "a", home.id))
    remove_on(world, "county", son, DIED, OCTOBER_15)  # the clerk, in the county's household editor
    remove_on(world, "county", grandpa, MARRIED_OUT, OCTOBER_20)
    with world.edit("a") as uow:  # A's worker edits 张老's phone before hearing of the 减员
        member = uow.get(Member, grandpa)
        assert member is not None
        member.phone = "13900000002"
    with station_on_0_4_0():
        world.sync("a")
        assert world.get("a", Member, son).left_on is None  # what a 0.4.0 station holds
        (conflict,) = list_conflicts(world.county)
        assert conflict.kind == "edit-deleted"
        old = world.get("county", Member, grandpa)
        assert (old.deleted_at is not None, old.phone, old.left_on) == (True, "13900000002", OCTOBER_20)

        bring_back_as_0_4_0(world, "a", son)
        world.sync("a")
        back = world.get("county", Member, son)
        assert (back.deleted_at, back.left_reason, back.left_on) == (None, None, None)
        world.sync("b")
        assert world.get("b", Member, son).left_on is None  # a live member with no 减员日期, at B too

        leave_as_0_4_0(world, "a", son, MOVED_OUT)
        world.sync("a")
    gone = world.get("county", Member, son)
    assert gone.deleted_at is not None and (gone.left_reason, gone.left_on) == (MOVED_OUT, None)
    listed = {r["减员原因"]: r for r in departures(world, "county", tmp_path)}
    assert listed[MOVED_OUT]["减员日期"].date() == listed[MOVED_OUT]["登记日期"].date() == local_day(gone.deleted_at)
    assert listed[MARRIED_OUT]["减员日期"].date() == OCTOBER_20
    checked(world, "county")


def test_a_station_upgrading_after_its_county_gets_the_days_it_could_not_keep(world: World) -> None:
    """A station on 0.4.0 took the county's tombstones without their day; upgraded, it holds them at the same revision
    with the day empty, and no later return file carried them again. Its first batch from 0.5.0 (empty, here) now
    gets them, in the return file that answers it; the other station, which has them, journals nothing."""
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S1"), room="304", members=2)
    with station_on_0_4_0():
        world.sync("a")
    world.sync("b")
    son = sorted(live(world, "a", home.id))[-1]
    remove_on(world, "county", son, MARRIED_OUT, OCTOBER_20)
    world.sync("b")
    with station_on_0_4_0():
        world.sync("a")
    assert world.get("a", Member, son).deleted_at is not None
    with world.county.reading() as session:
        assert session.scalar(select(SyncStation.app_version).where(SyncStation.id == world.a.station_id)) == "0.4.0"

    upgrade_from_0_4_0(world, "a")
    assert world.get("a", Member, son).left_on is None
    b_journal = len(world.journal_sources("b"))
    world.sync("a")
    assert world.get("a", Member, son).left_on == OCTOBER_20
    world.sync("b")
    assert world.get("b", Member, son).left_on == OCTOBER_20 and len(world.journal_sources("b")) == b_journal
    with world.county.reading() as session:
        assert session.scalar(select(SyncStation.app_version).where(SyncStation.id == world.a.station_id)) == (
            LEFT_ON_FROM
        )
    rev = world.get("county", Member, son).rev
    world.sync("a")  # once: the county knows A keeps the day now
    assert world.get("county", Member, son).rev == rev
    for who in ("county", "a", "b"):
        checked(world, who)


def test_the_clerk_keeping_a_member_a_station_removed_clears_the_reason_and_the_day(world: World) -> None:
    """A delete conflict settled for the county's side (the member stays) brings the member back as 恢复 does: a
    live member with a 减员原因 and 减员日期 would carry them into their next 减员 from a station on 0.4.0."""
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S3"), room="305", members=2)
    world.sync("a")
    son = sorted(live(world, "a", home.id))[-1]
    with world.edit("county") as uow:
        member = uow.get(Member, son)
        assert member is not None
        member.phone = "13900000003"
    remove_on(world, "a", son, DIED, OCTOBER_15)
    world.sync("a")
    (conflict,) = list_conflicts(world.county)
    assert conflict.kind == "delete-edit"
    resolve_conflict(world.county, conflict.id, "county", "clerk")
    member = world.get("county", Member, son)
    assert (member.deleted_at, member.left_reason, member.left_on, member.phone) == (None, None, None, "13900000003")
    world.sync("a")
    back = world.get("a", Member, son)
    assert (back.deleted_at, back.left_reason, back.left_on) == (None, None, None)
    checked(world, "county")


def test_on_a_county_server_on_sqlite_or_postgresql(online_world: OnlineWorld) -> None:
    """The county's data steps on either backend. A (0.5.0) removed 张小 with a day while the county ran 0.4.0; B ran
    0.4.0 until after the county upgraded. The county's first import after its upgrade takes 张小's day from its
    history; B's first batch from 0.5.0 gets it back with the day of a 减员 the clerk made meanwhile."""
    w = online_world
    with county_on_0_4_0():
        with w.edit("a") as uow:
            home = add_household(uow, w.site_id("S1"), room="306", members=3)  # S1: both stations serve it
        w.sync("a")
        with station_on_0_4_0():
            w.sync("b")
        head, son, grandpa = sorted(live(w, "a", home.id))
        remove_on(w, "a", son, DIED, OCTOBER_15)
        w.sync("a")
    assert w.get("county", Member, son).left_on is None
    w.reopen_county()  # upgraded: the column is there, empty
    remove_on(w, "county", grandpa, MARRIED_OUT, OCTOBER_20)
    with station_on_0_4_0():
        w.sync("b")
    assert days_at(w, "county", (head, son, grandpa)) == [None, OCTOBER_15, OCTOBER_20]
    assert days_at(w, "b", (head, son, grandpa)) == [None, None, None]
    upgrade_from_0_4_0(w, "b")
    w.sync("b")
    w.sync("a")
    for who in ("county", "a", "b"):
        assert days_at(w, who, (head, son, grandpa)) == [None, OCTOBER_15, OCTOBER_20], who
        checked(w, who)


def days_at(world: World, who: str, member_ids: tuple[str, ...]) -> list[date | None]:
    return [world.get(who, Member, member_id).left_on for member_id in member_ids]


def test_the_first_anju_that_keeps_the_day_is_the_one_that_brought_its_column() -> None:
    assert LEFT_ON_FROM == "0.5.0"
    assert keeps_left_on("0.5.0") and keeps_left_on("0.10.0") and keeps_left_on("1.0.0")
    assert not keeps_left_on("0.4.0") and not keeps_left_on(None) and not keeps_left_on("nightly")

"""`anju audit` checks the records against the journal: a record changed in the database file outside Anju (with
"DB Browser for SQLite", say) is reported, and a database Anju alone wrote — a demo, a county that imported
batches, merged a family and sent return files, an upgraded first-release database — audits clean."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from desktop.cli import main
from forms.demo import write_demo
from forms.record_audit import audit_records
from forms.records import Household, Member
from forms.store import Store
from sync.duplicates import merge_households
from sync.http_client import push
from tests.test_migrations import make_first_revision_database
from tests.test_server_support import LiveServer, OnlineWorld
from tests.test_sync_support import World, add_household, edit_at_both, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]


def audit(capsys: pytest.CaptureFixture[str], db: Path) -> tuple[int, str, dict[str, Any]]:
    """`anju audit` as a person reads it, and as a script reads it."""
    code = main(["audit", "--db", str(db)])
    text = capsys.readouterr().out
    assert main(["audit", "--db", str(db), "--json"]) == code
    return code, text, json.loads(capsys.readouterr().out)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        write_demo(store, 30, seed=3, today=date(2026, 11, 30))
    return path


def test_a_demo_database_audits_clean(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text, data = audit(capsys, demo_db)
    assert code == 0 and data["ok"] and data["mismatches"] == [] and data["records"] > 200, text
    assert "哈希链校验通过" in text and f"全部 {data['records']} 条记录与审计日志一致" in text


def _one(raw: sqlite3.Connection, sql: str) -> tuple[Any, ...]:
    found = raw.execute(sql).fetchone()
    assert found is not None, sql
    return tuple(found)


def test_records_changed_in_the_database_file_outside_anju_are_reported(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Opened in DB Browser for SQLite: a phone number changed, a member marked as trained, another member's row
    deleted, a job deleted, a person added to a household, a member tombstoned. The journal is untouched, so its
    hash chain still verifies: `anju audit` said 审计日志完整 and exited 0."""
    raw = sqlite3.connect(demo_db)
    find_member = (
        "SELECT m.id, m.name, h.building, h.unit, h.room, head.name FROM members m "
        "JOIN households h ON h.id = m.household_id "
        "JOIN members head ON head.household_id = h.id AND head.relation = '户主' "
        "WHERE m.relation != '户主' AND m.deleted_at IS NULL "
    )
    phoned, phoned_name, building, unit, room, head = _one(raw, find_member + "AND m.phone IS NOT NULL LIMIT 1")
    (old_phone,) = _one(raw, f"SELECT phone FROM members WHERE id = '{phoned}'")
    raw.execute(f"UPDATE members SET phone = '13900000000' WHERE id = '{phoned}'")
    trained, trained_name, *_ = _one(raw, find_member + "AND m.trained = 0 LIMIT 1")
    raw.execute(f"UPDATE members SET trained = 1 WHERE id = '{trained}'")
    job, worker = _one(raw, "SELECT e.id, m.name FROM employments e JOIN members m ON m.id = e.member_id LIMIT 1")
    raw.execute(f"DELETE FROM employments WHERE id = '{job}'")
    hidden, hidden_name, *_ = _one(raw, find_member + f"AND m.id NOT IN ('{phoned}', '{trained}') LIMIT 1")
    raw.execute(f"UPDATE members SET deleted_at = '2026-11-30T00:00:00Z' WHERE id = '{hidden}'")
    (household,) = _one(raw, f"SELECT household_id FROM members WHERE id = '{phoned}'")
    # A person moved into a household the subsidy lists count (a 脱贫户, say).
    moved, moved_name, *_ = _one(
        raw, find_member + f"AND m.household_id != '{household}' AND m.id != '{hidden}' AND m.id != '{trained}' LIMIT 1"
    )
    (moved_from,) = _one(raw, f"SELECT household_id FROM members WHERE id = '{moved}'")
    (from_building, from_unit, from_room) = _one(
        raw, f"SELECT building, unit, room FROM households WHERE id = '{moved_from}'"
    )
    raw.execute(f"UPDATE members SET household_id = '{household}' WHERE id = '{moved}'")
    raw.execute(
        "INSERT INTO members (id, household_id, name, id_type, relation, rev, updated_at, updated_by, origin) "
        f"VALUES ('added-by-hand', '{household}', '冒名顶替', '居民身份证', '之子', 0, '2026-11-30', 'x', 'x')"
    )
    raw.commit()
    raw.close()

    code, text, data = audit(capsys, demo_db)
    assert code == 1 and not data["ok"] and data["broken_at"] is None, text
    assert "哈希链校验通过" in text  # the chain itself is whole: only the records say what happened
    assert "有 6 处记录与审计日志不符" in text and "在安居之外" in data["error"]
    found = {(m["kind"], m["table"], m["record_id"], m["field"]): m for m in data["mismatches"]}
    assert set(found) == {
        ("changed", "members", phoned, "phone"),
        ("changed", "members", trained, "trained"),
        ("missing", "employments", job, None),
        ("deleted", "members", hidden, None),
        ("unjournaled", "members", "added-by-hand", None),
        ("changed", "members", moved, "household_id"),
    }
    home = f"户 {building}栋{unit}单元{room}（户主 {head}，"
    phone = found[("changed", "members", phoned, "phone")]
    assert (phone["stored"], phone["journaled"]) == ("13900000000", old_phone)
    assert phone["message"].startswith(f"{home}")
    said = f"的成员 {phoned_name}：“成员联系电话”现存为 “13900000000”，审计日志记录的是 “{old_phone}”"
    assert said in phone["message"]
    assert "在安居之外被改过" in phone["message"] and "changed outside Anju" in phone["message_en"]
    flag = found[("changed", "members", trained, "trained")]
    assert (flag["stored"], flag["journaled"]) == (True, False) and trained_name in flag["message"]
    assert f"{worker} 的就业记录" in found[("missing", "employments", job, None)]["message"]
    assert "表中却已没有这一行——在安居之外被删除" in found[("missing", "employments", job, None)]["message"]
    assert f"的成员 {hidden_name}：被标记为已删除，但审计日志里没有删除它的记录" in text
    added = found[("unjournaled", "members", "added-by-hand", None)]["message"]
    assert added.startswith(home) and "冒名顶替：审计日志里没有这条记录" in added
    move = found[("changed", "members", moved, "household_id")]
    assert (move["stored"], move["journaled"]) == (household, moved_from)  # the ids, for a script
    assert f"的成员 {moved_name}：“所属户”现存为 {home}" in move["message"]  # the households, for people
    assert f"审计日志记录的是 户 {from_building}栋{from_unit}单元{from_room}（户主 " in move["message"]
    assert "请用改动之前的备份恢复（anju restore）" in text and "谁拿过这台电脑" in text


def _audit_clean(store: Store) -> None:
    with store.engine.connect() as conn:
        found = audit_records(conn)
    assert found.ok, [(m.kind, m.table, m.field, m.stored, m.journaled) for m in found.mismatches]
    assert store.verify_journal().ok


def test_a_county_and_its_stations_audit_clean_after_imports_merges_conflicts_and_returns(world: World) -> None:
    """Sync writes records in bulk and journals them itself: what it stored must replay from the journal, at the
    county (batches taken whole, merged, conflicting) and at each station (return files). Station A receiving
    B's copy of a family the county had already merged away stored the member deleted but journaled a live
    insert: the audit called that member deleted outside Anju."""
    homes = one_family_at_both_stations(world, newborn_at_b=True)
    with world.edit("a") as uow:
        for n in range(30):
            add_household(uow, world.site_id("S3"), room=f"{n:03d}", members=3, phone="0874-1234567")
    for who in ("a", "b"):  # the baby, recorded at both; A has not heard of B's when the county merges them
        with world.edit(who) as uow:
            uow.add(Member(household_id=homes[who], name="王小宝", relation="之子", birth_date=date(2026, 2, 1)))
        world.sync(who)
    merge_households(world.county, homes["a"], homes["b"], "clerk", "两站都导入了同一份花名册")
    edit_at_both(world, Household, homes["a"], "phone", ("13800000001", "13800000002"))  # a conflict
    world.sync("a")  # A receives B's baby as the county has it: merged away, deleted
    for who in ("county", "a", "b"):
        _audit_clean(world.stores[who])


def test_an_upgraded_first_release_database_audits_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Migration 0005 gave the existing overrides of record rules the subject "" without journaling it."""
    path = tmp_path / "station.db"
    make_first_revision_database(path)
    code, text, data = audit(capsys, path)
    assert code == 0 and data["mismatches"] == [], text


def test_a_county_online_on_either_database_audits_clean_and_names_a_record_changed_outside_anju(
    online_world: OnlineWorld, live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The county server's database may be PostgreSQL: the audit reads it the same way."""
    w = online_world
    w.add_households("a", "S1", 3)
    w.add_households("b", "S2", 2, room=200)
    for who in ("a", "b", "a"):
        assert push(w.stores[who], url=live_server.url).record.outcome == "ok"
    with w.b.reading() as session:
        shared = session.scalars(select(Household.id).where(Household.room == "100")).one()
    with w.edit("b") as uow:
        uow.get(Household, shared).phone = "13800138000"  # type: ignore[union-attr]
    assert push(w.b, url=live_server.url).record.outcome == "ok"

    with w.county.engine.connect() as conn:
        clean = audit_records(conn)
    assert clean.ok and clean.records == 3 + 5 * 4  # 3 sites, 5 households of 3 members, clean.mismatches
    assert main(["audit", "--db", w.county_url]) == 0
    assert "与审计日志一致" in capsys.readouterr().out

    with w.county.engine.begin() as conn:  # someone with the database's password, not through Anju
        member_id, skill = conn.execute(text("SELECT id, labour_skill FROM members ORDER BY id LIMIT 1")).one()
        changed = "弱劳动力或半劳动力" if skill != "弱劳动力或半劳动力" else "丧失劳动力"
        conn.execute(
            text("UPDATE members SET labour_skill = :skill WHERE id = :id"), {"skill": changed, "id": member_id}
        )
    with w.county.engine.connect() as conn:
        found = audit_records(conn)
    assert [(m.kind, m.table, m.record_id, m.field, m.stored) for m in found.mismatches] == [
        ("changed", "members", member_id, "labour_skill", changed)
    ]
    assert main(["audit", "--db", w.county_url]) == 1
    assert "劳动技能" in capsys.readouterr().out

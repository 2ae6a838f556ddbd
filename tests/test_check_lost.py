"""``anju check`` on a database whose household (or member) rows are gone, as a damaged file or a hand edit leaves it.

Before, the check loaded only what belongs to a household that is there: members, spells, visits and measures
pointing at a missing household (or member) were left out without a word, and a worker running ``anju check`` was
told everything was fine. Real SQLite files changed with plain SQL with
foreign keys off, as `tests.test_export_lost_and_cut` does."""

from __future__ import annotations

import json
from pathlib import Path

from forms.check_command import register
from tests.hand_edited import ON, edit, query
from tests.in_process_cli import run_in_process

pytest_plugins = ["tests.hand_edited"]


def check(db: Path, *more: str) -> tuple[int, str]:
    code, out, _err = run_in_process(register, "check", "--db", str(db), "--date", ON, *more)
    return code, out


def one(db: Path, sql: str) -> tuple[str, ...]:
    rows = query(db, sql)
    assert rows, sql
    return rows[0]


def test_check_names_members_spells_visits_and_measures_whose_household_or_member_is_gone(db: Path) -> None:
    # A household with a visit and a measure; a member of another household with a spell.
    household, _number = one(
        db,
        "SELECT h.id, h.hh_number FROM households h WHERE h.deleted_at IS NULL"
        " AND EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.deleted_at IS NULL)"
        " AND EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.deleted_at IS NULL) ORDER BY h.id",
    )
    members = sorted(r[0] for r in query(db, f"SELECT name FROM members WHERE household_id = '{household}'"))
    visited = one(db, f"SELECT visited_on FROM visits WHERE household_id = '{household}' AND deleted_at IS NULL")[0]
    worker, form, start = one(
        db,
        "SELECT m.id, e.form, e.start_month FROM members m JOIN employments e ON e.member_id = m.id"
        f" WHERE m.household_id <> '{household}' AND e.deleted_at IS NULL AND m.deleted_at IS NULL ORDER BY m.id",
    )
    elsewhere = f"household_id <> '{household}' AND deleted_at IS NULL"
    measure_home = one(db, f"SELECT household_id FROM measures WHERE {elsewhere}")[0]
    kind = one(db, f"SELECT kind FROM measures WHERE household_id = '{measure_home}' AND deleted_at IS NULL")[0]
    _code, before = check(db, "--json")
    errors_before = json.loads(before)["errors"]

    edit(
        db,
        f"DELETE FROM households WHERE id = '{household}'",
        f"DELETE FROM members WHERE id = '{worker}'",
        f"UPDATE measures SET household_id = 'gone-household' WHERE household_id = '{measure_home}'",
        foreign_keys=False,
    )
    code, out = check(db)
    assert code == 1  # the worker hears something is wrong (exit 1, as for any open error)
    head = "【错误】记录所属的户或成员在数据库里不存在 / Records whose household or member is missing [records.lost]："
    lines = out.splitlines()
    assert lines[0].startswith(head)  # first: the worst the check can say
    for name in members:
        assert any(line.startswith(f"  成员{name}") and f"所属的户（编号 {household}）在数据库里不存在" in line
                   for line in lines), name  # fmt: skip
    assert f"  {visited}的走访" in out
    assert f"就业记录（{form}，{start}起" in out and f"所属的成员（编号 {worker}）在数据库里不存在" in out
    assert f"帮扶措施（{kind}" in out and "所属的户（编号 gone-household）" in out
    assert "请运行 anju audit --db 数据库文件" in out and "anju restore" in out and "请县里处理" in out
    lost = sum(1 for line in lines if "在数据库里不存在" in line and line.startswith("  "))
    summary = next(line for line in lines if line.startswith("已检查"))
    assert f"其中 {lost} 条是记录所属的户或成员在数据库里不存在" in summary

    _code, out = check(db, "--json")
    data = json.loads(out)
    assert not data["ok"] and len(data["lost"]) == lost
    tables = {record["table"] for record in data["lost"]}
    assert tables == {"members", "employments", "visits", "measures"}
    assert {r["household_id"] for r in data["lost"] if r["table"] == "members"} == {household}
    assert data["errors"] >= lost + errors_before - 1  # counted with the rules' (a member gone may leave no 户主)
    assert all(r["message"] and r["message_en"] for r in data["lost"])


def test_a_whole_database_says_nothing_of_lost_records(db: Path) -> None:
    _code, out = check(db)
    assert "records.lost" not in out and "不存在" not in out
    _code, out = check(db, "--json")
    assert json.loads(out)["lost"] == []

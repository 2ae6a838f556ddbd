"""`anju check`: the database-wide check equals the per-household rules on random databases, and the command's
output and exit codes (0 no errors, 1 errors, 2 bad input)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from forms.check import check_database, check_households
from forms.idnumber import make_ric
from forms.records import Employment, Measure
from forms.rules.loading import load_bundles
from forms.settings import RuleSettings, save_settings
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_rules_support import ON, RandomDb, fresh_store, random_dbs


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(db=random_dbs(min_households=100, max_households=160))
def test_the_database_check_equals_the_per_household_rules(db: RandomDb, template_db: Path, tmp_path: Path) -> None:
    """Over 4,000 random households per run: the screen names every household with a finding, and the rules run
    on what it names give exactly the findings the editor's per-household code gives."""
    db.assert_rich()
    bundles = db.bundles()
    expected = Counter(check_households(bundles, db.settings, db.on))
    with fresh_store(template_db, tmp_path, "check.db") as store:
        db.write(store)
        report = check_database(store, db.settings, db.on)
    got = Counter(entry.finding for group in report.groups for entry in group.entries)
    assert got == expected
    assert report.households == sum(b.household.counts for b in bundles)
    by_id = {b.household.id: b for b in bundles}
    for group in report.groups:
        assert {e.finding.code for e in group.entries} == {group.rule.code}
        for entry in group.entries:
            bundle = by_id[entry.finding.household_id or ""]
            assert (entry.hh_number, entry.address, entry.head_name) == (
                bundle.household.hh_number,
                bundle.household.address,
                bundle.head_name,
            )
    assert report.errors == sum(f.blocks_completion for f in expected.elements())


def test_the_screen_catches_rare_id_numbers(store: Store) -> None:
    """Cases too rare for the random data: a number born later this year beside one born earlier with the same
    county and year, births before 1900, card numbers, other document types, unknown county codes."""
    on = ON
    cases = [
        ("晚生", make_ric("530326", date(2026, 12, 24), 13), date(2026, 12, 24), "男", "居民身份证"),
        ("早生", make_ric("530326", date(2026, 1, 5), 11), date(2026, 1, 5), "男", "居民身份证"),
        ("老人", make_ric("530326", date(1895, 5, 5), 15), date(1895, 5, 5), "男", "居民身份证"),
        ("残疾", make_ric("530326", date(1970, 5, 5), 17) + "41", date(1970, 5, 5), "男", "残疾人证"),
        ("坏证", make_ric("530326", date(1970, 5, 5), 19) + "91", date(1970, 5, 5), "男", "残疾人证"),
        ("护照", "E12345678", date(1970, 5, 5), "女", "其他"),
        ("外县", make_ric("999999", date(1975, 5, 5), 21), date(1975, 5, 5), "男", "居民身份证"),
        ("无性别", make_ric("530326", date(1976, 5, 5), 23), date(1976, 5, 5), None, None),
    ]
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for name, number, born, sex, id_type in cases:
            home = add_household(uow, site, status="已完成")
            add_member(uow, home, name, relation="户主", id_number=number, birth_date=born, sex=sex,
                       id_type=id_type or "居民身份证")  # fmt: skip
    settings_ = RuleSettings()
    report = check_database(store, settings_, on)
    with store.engine.connect() as conn:
        ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM households")]
        expected = Counter(check_households(load_bundles(conn, ids), settings_, on))
    got = Counter(entry.finding for group in report.groups for entry in group.entries)
    assert got == expected
    flagged = {e.member_name for g in report.groups for e in g.entries}
    assert flagged == {"晚生", "坏证", "外县", "无性别"}  # born 1895 is old, not wrong


# ---- the command ------------------------------------------------------------------------------------------------


@pytest.fixture
def anju(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """``anju`` in-process, as the installed entry point runs it."""
    from desktop import cli

    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    yield run


def _station(store: Store, *, two_heads: bool = False, skilled_idle: bool = False) -> str:
    """A completed household: 张三 (户主, employed) and 李芳; optionally a second head or an idle skilled worker."""
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        home = add_household(uow, site, hh_number="530326001", building="3", unit="2", room="301", status="已完成")
        born = date(1980, 3, 4)
        head = add_member(uow, home, "张三", relation="户主", sex="男", birth_date=born,
                          id_number=make_ric("530326", born, 11), labour_skill="普通劳动力")  # fmt: skip
        born = date(1982, 7, 8)
        add_member(uow, home, "李芳", relation="户主" if two_heads else "配偶", sex="女", birth_date=born,
                   id_number=make_ric("530326", born, 22),
                   labour_skill="技能劳动力" if skilled_idle else "丧失劳动力")  # fmt: skip
        uow.add(Employment(member_id=head.id, form="外出务工", place_scope="省外", start_month="2026-01",
                           monthly_income=4000))  # fmt: skip
        uow.add(Measure(household_id=home.id, kind="职业介绍", started_on=ON, due_on=ON + timedelta(days=9)))
    return home.id


def test_check_exits_0_when_the_database_is_clean(db_path: Path, anju: Any) -> None:
    with Store.open(db_path) as store:
        _station(store)
    code, out, err = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 0, err
    assert "已检查 1 户（2026-11-29）：错误 0 条，警告 0 条" in out and "Checked 1 households" in out


def test_warnings_alone_still_exit_0_and_are_listed(db_path: Path, anju: Any) -> None:
    with Store.open(db_path) as store:
        _station(store, skilled_idle=True)
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 0
    assert "【警告】技能劳动力未就业" in out and "户编号530326001，3栋2单元301，户主张三，成员李芳" in out


def test_check_exits_1_with_errors_grouped_by_rule_naming_household_and_member(db_path: Path, anju: Any) -> None:
    with Store.open(db_path) as store:
        household_id = _station(store, two_heads=True)
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 1
    assert "【错误】户主人数不是一人 / Not exactly one household head [household.head_count]：1 条" in out
    assert "户编号530326001，3栋2单元301，户主张三：本户登记了2位户主（张三、李芳）" in out
    assert out.strip().splitlines()[-1].startswith("Checked 1 households (2026-11-29): 1 errors")

    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat(), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and data["errors"] == 1 and data["households"] == 1
    [rule] = data["rules"]
    assert rule["code"] == "household.head_count" and rule["severity"] == "error" and rule["open"] == 1
    [finding] = rule["findings"]
    assert finding["household_id"] == household_id and finding["head_name"] == "张三"
    assert finding["message"].startswith("本户登记了2位户主") and finding["message_en"].startswith("2 members")


def test_check_uses_the_database_rule_settings(db_path: Path, anju: Any) -> None:
    with Store.open(db_path) as store:
        _station(store, skilled_idle=True)
        save_settings(store, RuleSettings(female_max_age=44))  # 李芳 is 44 on the date: no longer labour
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 0 and "警告 0 条" in out


def test_check_exits_2_on_a_missing_file(tmp_path: Path, anju: Any) -> None:
    missing = tmp_path / "nowhere.db"
    code, _, err = anju("check", "--db", str(missing))
    assert code == 2 and "找不到数据库文件" in err and "not found" in err
    assert not missing.exists()  # a check never creates a database


def test_check_exits_2_on_a_file_that_is_not_a_database(tmp_path: Path, anju: Any) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("这不是数据库", encoding="utf-8")
    code, _, err = anju("check", "--db", str(notes), "--json")
    assert code == 2 and "不是安居数据库" in err


def test_check_exits_2_on_a_database_from_a_newer_program(db_path: Path, anju: Any) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    code, out, err = anju("check", "--db", str(db_path), "--json")
    assert code == 2 and "更新版本" in err and "newer Anju" in err
    assert json.loads(out)["ok"] is False


def test_check_exits_2_on_a_bad_date(db_path: Path, anju: Any) -> None:
    code, _, err = anju("check", "--db", str(db_path), "--date", "2026-13-01")
    assert code == 2 and "YYYY-MM-DD" in err

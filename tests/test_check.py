"""`anju check`: the database-wide check equals the per-household rules and the field checks run on every record of
random databases, and the command's output and exit codes (0 no errors, 1 errors, 2 bad input)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from forms.check import EXPLAINED_BY_RULES, check_database, check_households, record_who
from forms.fieldchecks import field_findings, record_values
from forms.findings import Finding, about
from forms.idnumber import make_ric
from forms.questionnaire import Questionnaire, load_packaged
from forms.records import MODEL_BY_TABLE, Employment, Household, Measure, Member, Visit
from forms.rules import HouseholdBundle, household_findings
from forms.rules.loading import load_bundles
from forms.rules.overrides import is_accepted, override_key, subject_of
from forms.rules.registry import RULES
from forms.settings import RuleSettings, save_settings
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_rules_support import ON, RandomDb, fresh_store, random_dbs

FIELD_TABLES = ("households", "members", "employments", "visits", "measures")


def field_reference(
    store: Store, questionnaire: Questionnaire, bundles: list[HouseholdBundle], settings_: RuleSettings, on: date
) -> Counter[Finding]:
    """What the editor shows of the field checks, on every live record of every counting household: the field
    checks on the record's answers, less the constraint and type findings a rule's error on the same field explains
    (the rules as if completing, as the editor runs them), with the member named and the overrides applied. Read
    from the database (with the defaults the store filled in) record by record, without any screen."""
    explained: dict[str, set[str]] = {}
    for bundle in bundles:
        for finding in household_findings(bundle, settings_, on, completing=True):
            if finding.severity == "error":
                explained.setdefault(finding.record_id, set()).update(finding.fields)
    counting = {b.household.id for b in bundles if b.household.counts}
    with store.engine.connect() as conn:
        rows = {
            t: [dict(r) for r in conn.execute(select(MODEL_BY_TABLE[t].__table__)).mappings()] for t in FIELD_TABLES
        }
        overrides = list(conn.execute(select(MODEL_BY_TABLE["finding_overrides"].__table__)).mappings())
    accepted: dict[str, set[tuple[str, ...]]] = {}
    for o in overrides:
        if o["deleted_at"] is None:
            accepted.setdefault(o["record_id"], set()).add(override_key(o["rule_code"], o["record_id"], o["subject"]))
    live = {m["id"]: m for m in rows["members"] if m["deleted_at"] is None and m["household_id"] in counting}
    names = {m["id"]: m["name"] for m in rows["members"]}
    records: list[tuple[str, dict[str, Any], str, str | None]] = []  # table, row, household, member
    records += [("households", h, h["id"], None) for h in rows["households"] if h["id"] in counting]
    records += [("members", m, m["household_id"], m["id"]) for m in live.values()]
    records += [
        ("employments", e, live[e["member_id"]]["household_id"], e["member_id"])
        for e in rows["employments"]
        if e["deleted_at"] is None and e["member_id"] in live
    ]
    for table in ("visits", "measures"):
        records += [
            (table, r, r["household_id"], None)
            for r in rows[table]
            if r["deleted_at"] is None and r["household_id"] in counting
        ]
    # A member whose name another in the household shares is named as the whole household's rules name them.
    told = {m.id: bundle.who(m) for bundle in bundles for m in bundle.live_members}
    forms = {form.table: form for form in questionnaire.forms}
    expected: Counter[Finding] = Counter()
    for table, row, household_id, member_id in records:
        form = forms[table]
        values = record_values(form, row)
        for finding in field_findings(
            questionnaire, form.name, values, record_id=row["id"], household_id=household_id, today=on
        ):
            if finding.code in EXPLAINED_BY_RULES and set(finding.fields) & explained.get(row["id"], set()):
                continue
            ok = finding.acceptable and is_accepted(
                accepted.get(row["id"], set()), finding.code, row["id"], subject_of(finding)
            )
            finding = replace(finding, member_id=member_id, accepted=ok)
            # whom it is about: a member, a spell's member, the member a measure is for (removed ones too)
            named = member_id or (row["member_id"] if table == "measures" else None)
            who = record_who(table, names[named] if named else None, values, told=told.get(named or ""))
            item = form.by_name.get(finding.fields[0]) if finding.fields else None
            expected[about(finding, who, (item.label.zh, item.label.en) if item else None)] += 1
    return expected


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(db=random_dbs(min_households=100, max_households=160))
def test_the_database_check_equals_the_per_household_rules(db: RandomDb, template_db: Path, tmp_path: Path) -> None:
    """Over 4,000 random households per run: the screens name every household and record with a finding, and the
    rules and field checks run on what they name give exactly the findings the editor's per-household rules give,
    and exactly what the questionnaire's field checks give on every record."""
    db.assert_rich()
    bundles = db.bundles()
    expected = Counter(check_households(bundles, db.settings, db.on))
    questionnaire = load_packaged()
    with fresh_store(template_db, tmp_path, "check.db") as store:
        db.write(store)
        report = check_database(store, db.settings, db.on)
        expected_fields = field_reference(store, questionnaire, bundles, db.settings, db.on)
    got = Counter(entry.finding for group in report.groups for entry in group.entries if group.rule.code in RULES)
    fields = Counter(
        entry.finding for group in report.groups for entry in group.entries if group.rule.code not in RULES
    )
    assert got == expected
    assert fields == expected_fields
    assert {f.code for f in expected_fields} >= {"field.required", "field.choice", "field.type", "field.constraint"}
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
    assert report.errors == sum(f.blocks_completion for f in (expected + expected_fields).elements())


#: County edits to the questionnaire, each (form, field or "@section", what to set). Some the screen puts in SQL
#: (comparisons of text, dates, whole numbers, ages and yes/no answers, choices, patterns, forward references,
#: warnings), some it leaves to Python (string-length, arithmetic, a county question kept in JSON).
COUNTY_EDITS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("member", "name", {"constraint": "string-length(.) <= 3"}),
    ("member", "phone", {"constraint_severity": "warning"}),
    (
        "member",
        "sex",
        {"constraint": ". = '男' or . = '女' or ${labour_skill} = '无劳动力'", "constraint_severity": "warning"},
    ),
    ("member", "phone", {"constraint": "regex(., '^(13|15|18|19)[0-9]{9}$')"}),
    ("member", "education", {"relevant": "${student_status} = '' and not(${age} < 6)"}),
    ("member", "health", {"constraint": "count-selected(.) <= 1 or not(selected(., '健康'))"}),
    ("member", "job_intent_note", {"required": True, "relevant": "${job_intent}"}),
    ("member", "unemployment_reason", {"required": True, "relevant": "${age} >= 16 and ${age} < 60"}),
    ("household", "room", {"relevant": "${building} != ''"}),
    (
        "household",
        "collected_on",
        {"constraint": ". <= today() and . >= '2025-01-01'", "constraint_severity": "warning"},
    ),
    ("household", "relocated_on", {"constraint": ". <= today() and . > '2015-12'"}),
    ("household", "@origin", {"relevant": "string-length(${hh_number}) > 0"}),
    ("household", "monitoring_type", {"required": True, "relevant": "${household_type} = '脱贫户'"}),
    ("employment", "monthly_income", {"constraint": ". <= 30000", "constraint_severity": "warning"}),
    ("employment", "transport_subsidy", {"constraint": ". * 2 <= 2000"}),
    ("employment", "place", {"relevant": "${place_scope} != '县内' and ${place_scope} != ''"}),
    ("employment", "end_month", {"constraint": ". >= ${start_month}", "constraint_severity": "warning"}),
    ("measure", "outcome", {"required": True}),
    ("measure", "started_on", {"constraint": ". >= '2024-01-01' and . <= today()"}),
    ("measure", "due_on", {"constraint": ". >= ${started_on} and . != ${closed_on}"}),
    ("visit", "outcome", {"constraint": ". != '拒访'", "constraint_severity": "warning"}),
    ("visit", "surveyor", {"required": True, "relevant": "${outcome} = '入户' or ${outcome} = '电话核实'"}),
)
#: A county question kept in the household's extra JSON.
WATER = {"name": "water_tons", "type": "integer", "label": {"zh": "月用水量", "en": "Water per month"}, "extra": True,
         "required": True, "relevant": "${household_type} = '脱贫户'", "constraint": ". >= 0 and . < 100"}  # fmt: skip


def county_questionnaire(edits: list[int], water: bool) -> Questionnaire:
    """The packaged questionnaire with some of `COUNTY_EDITS` (and the water question) made."""
    from forms.questionnaire import from_dict

    raw = load_packaged().to_dict()
    forms = {form["name"]: form for form in raw["forms"]}
    for index in edits:
        form_name, name, changes = COUNTY_EDITS[index]
        form = forms[form_name]
        if name.startswith("@"):
            next(s for s in form["sections"] if s["name"] == name[1:]).update(changes)
            continue
        item = next(f for section in form["sections"] for f in section["fields"] if f["name"] == name)
        item.update(changes)
    if water:
        forms["household"]["sections"][1]["fields"].append(dict(WATER))
    return from_dict(raw, source="county test")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    db=random_dbs(min_households=40, max_households=80),
    edits=st.lists(st.integers(0, len(COUNTY_EDITS) - 1), unique=True),
    water=st.booleans(),
)
def test_the_field_checks_of_a_county_questionnaire_equal_the_checks_on_every_record(
    db: RandomDb, edits: list[int], water: bool, template_db: Path, tmp_path: Path
) -> None:
    """With a county's own questionnaire — its checks partly in SQL, partly in Python — the check still gives
    exactly the field findings of running the field checks on every record; a field's accepted warning is
    accepted on that field only."""
    questionnaire = county_questionnaire(edits, water)
    for row in db.rows["households"]:
        row["extra"] = (
            {"water_tons": row["building"] and int(row["building"][0]) * 20 - 40} if row["building"] else None
        )
    bundles = db.bundles()
    with fresh_store(template_db, tmp_path, "county.db") as store:
        db.write(store)
        report = check_database(store, db.settings, db.on, questionnaire)
        expected = field_reference(store, questionnaire, bundles, db.settings, db.on)
    fields = Counter(
        entry.finding for group in report.groups for entry in group.entries if group.rule.code not in RULES
    )
    assert fields == expected


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
        bundles = load_bundles(conn, ids)
    expected = Counter(check_households(bundles, settings_, on))
    got = Counter(entry.finding for group in report.groups for entry in group.entries if group.rule.code in RULES)
    assert got == expected
    fields = Counter(
        entry.finding for group in report.groups for entry in group.entries if group.rule.code not in RULES
    )
    assert fields == field_reference(store, load_packaged(), bundles, settings_, on)
    flagged = {e.member_name for g in report.groups for e in g.entries if g.rule.code in RULES}
    assert flagged == {"晚生", "坏证", "外县", "无性别", "老人"}  # born 1895: a good number, but worth a second look
    [old] = [g for g in report.groups if g.rule.code == "member.age_implausible"]
    assert [e.member_name for e in old.entries] == ["老人"] and old.rule.severity == "warning"


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


def _station(store: Store, *, two_heads: bool = False, skilled_idle: bool = False, phone: str | None = None) -> str:
    """A completed household, every answer the questionnaire asks for given: 张三 (户主, employed) and 李芳;
    optionally a second head, an idle skilled worker, or a phone number for 李芳."""
    answers = {"ethnicity": "汉族", "health": "健康", "education": "初中"}
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        home = add_household(uow, site, hh_number="530326001", building="3", unit="2", room="301", status="已完成",
                             relocation_type="建档立卡搬迁户(卡户)", household_type="脱贫户", collector="刘家慧",
                             collected_on=ON)  # fmt: skip
        born = date(1980, 3, 4)
        head = add_member(uow, home, "张三", relation="户主", sex="男", birth_date=born,
                          id_number=make_ric("530326", born, 11), labour_skill="普通劳动力", **answers)  # fmt: skip
        born = date(1982, 7, 8)
        add_member(uow, home, "李芳", relation="户主" if two_heads else "配偶", sex="女", birth_date=born,
                   id_number=make_ric("530326", born, 22), phone=phone,
                   labour_skill="技能劳动力" if skilled_idle else "丧失劳动力", **answers)  # fmt: skip
        uow.add(Employment(member_id=head.id, form="外出务工", place_scope="省外", place="浙江省宁波市北仑区",
                           start_month="2026-01", monthly_income=4000))  # fmt: skip
        uow.add(Measure(household_id=home.id, kind="职业介绍", started_on=ON, due_on=ON + timedelta(days=9)))
    return home.id


def test_the_check_finds_ages_of_100_and_over_as_the_editor_does(store: Store) -> None:
    """Members of a household nothing else is wrong with (so only the age screen can name them): 100 today, 100
    tomorrow, an old 15-digit number with its year typed 12 (born 1912), and a birth date typed for 其他."""
    home_id = _station(store)
    answers = {"ethnicity": "汉族", "health": "健康", "education": "小学", "labour_skill": "丧失劳动力"}
    cases = [
        ("百岁", make_ric("530326", date(1926, 11, 29), 25), date(1926, 11, 29), "居民身份证"),
        ("九十九", make_ric("530326", date(1926, 11, 30), 27), date(1926, 11, 30), "居民身份证"),
        ("旧号", "530326191204120011", date(1912, 4, 12), "居民身份证"),  # typed as 530326120412001
        ("外证", "E87654321", date(1890, 6, 1), "其他"),
    ]
    with store.unit_of_work("zhang") as uow:
        home = uow.session.get(Household, home_id)
        assert home is not None
        for name, number, born, id_type in cases:
            add_member(uow, home, name, relation="其他", sex="男", birth_date=born, id_number=number,
                       id_type=id_type, **answers)  # fmt: skip
    settings_ = RuleSettings()
    report = check_database(store, settings_, ON)
    with store.engine.connect() as conn:
        bundles = load_bundles(conn, [home_id])
    got = Counter(entry.finding for group in report.groups for entry in group.entries)
    assert got == Counter(check_households(bundles, settings_, ON))
    assert {(g.rule.code, e.member_name) for g in report.groups for e in g.entries} == {
        ("member.age_implausible", "百岁"),
        ("member.age_implausible", "旧号"),
        ("member.age_implausible", "外证"),
    }
    assert report.ok  # warnings: the household stays 已完成


def test_check_exits_0_when_the_database_is_clean(db_path: Path, anju: Any) -> None:
    with Store.open(db_path) as store:
        _station(store)
    code, out, err = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 0, err
    assert "已检查 1 户（2026-11-29）：错误 0 条，警告 0 条" in out and "Checked 1 households" in out


def test_a_value_written_outside_anju_is_named_not_a_traceback(db_path: Path, anju: Any) -> None:
    """A birth date that is not a date (the file edited in another program) stopped ``anju check`` with a
    traceback from the middle of the rules; it says which value, why and what to do."""
    with Store.open(db_path) as store:
        _station(store)
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE members SET birth_date = '19800304' WHERE name = '张三'")
    raw.commit()
    raw.close()
    code, _out, err = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 2 and "Traceback" not in err
    assert "members.birth_date：“19800304”" in err and "在安居之外被改过" in err and "anju audit" in err


def test_warnings_alone_still_exit_0_and_are_listed(db_path: Path, anju: Any) -> None:
    with Store.open(db_path) as store:
        _station(store, skilled_idle=True)
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 0
    assert "【警告】技能劳动力未就业" in out
    # The rule's message names 李芳: the line does not say so twice.
    assert "  户编号530326001，3栋2单元301，户主张三：李芳是技能劳动力，但目前没有就业。" in out


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


def test_check_finds_the_subsidy_errors_on_a_household_with_nothing_else_wrong(db_path: Path, anju: Any) -> None:
    """云人社通 2021 第49号 §(四): a 交通补助 recorded twice in a year (每年享受1次), and a 帮扶车间 ticked
    有组织劳务输出 (the 就业创业服务补助 pays for sending people out), are found by the check's screen on a household
    the other screens pass over, not only where another problem brought its members in."""
    with Store.open(db_path) as store:
        _station(store)
        with store.unit_of_work("zhang") as uow:
            [zhang] = uow.session.scalars(select(Member).where(Member.name == "张三")).all()
            [current] = uow.session.scalars(select(Employment)).all()
            current.transport_subsidy, current.transport_subsidy_year = 800, 2026
            uow.add(Employment(member_id=zhang.id, form="外出务工", place_scope="省外", place="广东省东莞市",
                               start_month="2025-06", end_month="2025-12", monthly_income=4000,
                               transport_subsidy=800, transport_subsidy_year=2026))  # fmt: skip
            uow.add(Employment(member_id=zhang.id, form="就业帮扶车间", place_scope="县内", start_month="2024-01",
                               end_month="2024-12", monthly_income=2000, organised=True))  # fmt: skip
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat(), "--json")
    assert code == 1
    found = {rule["code"]: [f["message"] for f in rule["findings"]] for rule in json.loads(out)["rules"]}
    assert found.keys() == {"employment.transport_subsidy_twice", "employment.organised_local"}
    assert (
        "张三的就业记录（外出务工，2026-01起）登记了2026年的交通补助" in found["employment.transport_subsidy_twice"][0]
    )
    assert "（就业帮扶车间，2024-01起）勾选了“有组织劳务输出”" in found["employment.organised_local"][0]


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


def test_field_findings_name_household_member_and_field(db_path: Path, anju: Any) -> None:
    with Store.open(db_path) as store:
        household_id = _station(store, phone="1391234")
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 1
    assert "【错误】答案不符合填写要求 / Answer fails its check [field.constraint]：1 条" in out
    assert "户编号530326001，3栋2单元301，户主张三：李芳的“成员联系电话”：请填写 11 位手机号码（1 开头）。" in out

    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat(), "--json")
    data = json.loads(out)
    [rule] = data["rules"]
    assert (rule["code"], rule["severity"], rule["open"]) == ("field.constraint", "error", 1)
    [finding] = rule["findings"]
    assert finding["household_id"] == household_id and finding["head_name"] == "张三"
    assert finding["member_name"] == "李芳" and finding["record_table"] == "members"
    assert finding["fields"] == ["phone"] and (finding["code"], finding["severity"]) == ("field.constraint", "error")
    assert finding["message"] == "李芳的“成员联系电话”：请填写 11 位手机号码（1 开头）。"
    assert finding["message_en"] == "李芳's “Member's phone”: Enter an 11-digit mobile number starting with 1."
    assert (finding["field_label"], finding["field_label_en"]) == ("成员联系电话", "Member's phone")


def test_every_member_finding_names_its_member_and_a_jobs_its_form_and_start(db_path: Path, anju: Any) -> None:
    """Two members without 健康状况 gave two identical lines but for the 成员 part of where: the message itself says
    whom (so the JSON's message does, and the county's exports), and the line does not say it twice."""
    with Store.open(db_path) as store:
        _station(store)
        with store.unit_of_work("zhang") as uow:
            members = {m.name: m for m in uow.session.scalars(select(Member))}
            for member in members.values():
                member.health = None
            uow.add(Employment(member_id=members["李芳"].id, form="县内务工", start_month="2026-05"))  # no 务工地域
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 1
    where = "户编号530326001，3栋2单元301，户主张三："
    assert f"  {where}张三：“健康状况”必须填写。" in out and f"  {where}李芳：“健康状况”必须填写。" in out
    assert f"  {where}李芳的就业记录（县内务工，2026-05起）：“务工地域”必须填写。" in out
    assert "成员李芳" not in out and "成员张三" not in out

    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat(), "--json")
    [required] = [rule for rule in json.loads(out)["rules"] if rule["code"] == "field.required"]
    messages = {(f["member_name"], f["record_table"], f["message"], f["message_en"]) for f in required["findings"]}
    assert ("张三", "members", "张三：“健康状况”必须填写。", "张三: “Health” is required.") in messages
    assert ("李芳", "members", "李芳：“健康状况”必须填写。", "李芳: “Health” is required.") in messages
    assert (
        "李芳",
        "employments",
        "李芳的就业记录（县内务工，2026-05起）：“务工地域”必须填写。",
        "李芳's employment (县内务工, from 2026-05): “Place of work” is required.",
    ) in messages


def test_findings_on_the_household_its_visits_and_measures_say_where(db_path: Path, anju: Any) -> None:
    """“日期不能晚于今天，请核对。” three times named neither the question nor which visit: a household's finding
    names its question, a visit its date, a measure its kind, member and due date — and none says it twice."""
    with Store.open(db_path) as store:
        household_id = _station(store)
        with store.unit_of_work("zhang") as uow:
            home = uow.session.get(Household, household_id)
            li = uow.session.scalars(select(Member).where(Member.name == "李芳")).one()
            assert home is not None
            home.collected_on = ON + timedelta(days=1)
            for day in (2, 5):
                uow.add(Visit(household_id=household_id, visited_on=ON + timedelta(days=day), outcome="入户"))
            uow.add(Measure(household_id=household_id, member_id=li.id, kind="技能培训", started_on=ON,
                            due_on=ON - timedelta(days=5)))  # fmt: skip
            uow.add(Measure(household_id=household_id, kind="创业扶持", started_on=ON + timedelta(days=3)))
    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat())
    assert code == 1
    where = "  户编号530326001，3栋2单元301，户主张三："
    assert f"{where}“采集日期”：日期不能晚于今天，请核对。" in out
    assert f"{where}2026-12-01的走访的“走访日期”：日期不能晚于今天，请核对。" in out
    assert f"{where}2026-12-04的走访的“走访日期”：日期不能晚于今天，请核对。" in out
    # the message names 计划完成日期 itself: not “计划完成日期”：计划完成日期…
    assert f"{where}李芳的帮扶措施（技能培训，计划2026-11-24完成）：计划完成日期不能早于开始日期。" in out
    assert f"{where}帮扶措施（创业扶持，2026-12-02开始）的“开始日期”：日期不能晚于今天，请核对。" in out
    assert "成员李芳" not in out

    code, out, _ = anju("check", "--db", str(db_path), "--date", ON.isoformat(), "--json")
    [rule] = [rule for rule in json.loads(out)["rules"] if rule["code"] == "field.constraint"]
    messages = {(f["record_table"], f["message"], f["message_en"]) for f in rule["findings"]}
    assert messages == {
        ("households", "“采集日期”：日期不能晚于今天，请核对。",
         "“Collection date”: The date cannot be later than today; check it."),
        ("visits", "2026-12-01的走访的“走访日期”：日期不能晚于今天，请核对。",
         "The 2026-12-01 visit's “Visit date”: The date cannot be later than today; check it."),
        ("visits", "2026-12-04的走访的“走访日期”：日期不能晚于今天，请核对。",
         "The 2026-12-04 visit's “Visit date”: The date cannot be later than today; check it."),
        ("measures", "李芳的帮扶措施（技能培训，计划2026-11-24完成）：计划完成日期不能早于开始日期。",
         "李芳's measure (技能培训, due 2026-11-24): The due date cannot be before the start date."),
        ("measures", "帮扶措施（创业扶持，2026-12-02开始）的“开始日期”：日期不能晚于今天，请核对。",
         "The measure (创业扶持, from 2026-12-02)'s “Start date”: The date cannot be later than today; check it."),
    }  # fmt: skip


def _warning_questionnaire() -> Questionnaire:
    """The packaged questionnaire with the phone and sex constraints made warnings."""
    from forms.questionnaire import from_dict

    raw = load_packaged().to_dict()
    for form in raw["forms"]:
        for section in form["sections"]:
            for item in section["fields"]:
                if form["name"] == "member" and item["name"] in ("phone", "sex"):
                    item["constraint_severity"] = "warning"
    return from_dict(raw, source="warnings")


def test_an_accepted_field_warning_accepts_that_field_only(store: Store) -> None:
    """Two warnings of the same check on one member (phone and sex): accepting one leaves the other open; an
    override written before subjects existed (none) still accepts both, as it did."""
    from forms.records import FindingOverride
    from forms.rules.overrides import accept_warning

    questionnaire = _warning_questionnaire()
    _station(store)
    with store.unit_of_work("zhang") as uow:
        li = uow.session.scalars(select(Member).where(Member.name == "李芳")).one()
        li.id_type, li.id_number, li.sex, li.phone = "其他", "P1234567", "F", "123"

    def open_fields() -> dict[str, bool]:
        report = check_database(store, RuleSettings(), ON, questionnaire)
        return {
            e.finding.fields[0]: e.finding.accepted
            for g in report.groups
            for e in g.entries
            if g.rule.code == "field.constraint"
        }

    assert open_fields() == {"phone": False, "sex": False}
    report = check_database(store, RuleSettings(), ON, questionnaire)
    phone = next(e.finding for g in report.groups for e in g.entries if e.finding.fields == ("phone",))
    with store.unit_of_work("zhang") as uow:
        override = accept_warning(uow, phone, "电话号码确实如此", "zhang")
        assert (override.rule_code, override.record_id, override.subject) == ("field.constraint", li.id, "phone")
        assert accept_warning(uow, phone, "再次", "zhang").id == override.id
    assert open_fields() == {"phone": True, "sex": False}

    with store.unit_of_work("zhang") as uow:  # an old override, without a subject
        uow.add(FindingOverride(rule_code="field.constraint", record_table="members", record_id=li.id, reason="旧",
                                user="zhang", at="2026-01-01T00:00:00Z"))  # fmt: skip
    assert open_fields() == {"phone": True, "sex": True}


def test_the_check_reads_answers_as_the_editor_does(store: Store) -> None:
    """`record_values` (what the check hands the field checks) equals what the editor loads into a record."""
    from desktop.editor.storage import _record
    from forms.records import Household

    questionnaire = county_questionnaire([], water=True)
    household_id = _station(store, phone="13912345678")
    with store.unit_of_work("zhang") as uow:
        home = uow.get(Household, household_id)
        assert home is not None
        home.extra = {"water_tons": 12, "other": "kept"}
    forms = {form.table: form for form in questionnaire.forms}
    with store.reading() as session, store.engine.connect() as conn:
        for model in (Household, Member, Employment, Measure):
            table = model.__table__
            for obj in session.scalars(select(model)):
                row = conn.execute(select(table).where(table.c.id == obj.id)).mappings().one()
                edited = _record(obj, table.name, questionnaire).values
                assert record_values(forms[table.name], row) == edited

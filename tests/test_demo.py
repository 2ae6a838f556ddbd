"""Demo data: deterministic, valid where it should be, wrong only where it means to be, and fully journaled."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from stdnum.cn import ric

from forms.choices import choice_list, choices, is_choice, list_names
from forms.demo import COUNTING_FORMS, LABOUR_SKILLS, TABLES, DemoSummary, generate, write_demo
from forms.records import MODEL_BY_TABLE, SYNCED_MODELS, JournalEntry, Synced
from forms.settings import load_settings
from forms.store import Store
from forms.worklists import run_worklist

TODAY = date(2025, 6, 15)
HOUSEHOLDS = 1000
SEED = 7

#: Columns whose values come from a choice list.
CHOICE_COLUMNS = {
    "members": {
        "id_type": "id_type",
        "ethnicity": "ethnicity",
        "relation": "relation",
        "education": "education",
        "student_status": "student_status",
        "health": "health",
        "disability": "disability",
        "labour_skill": "labour_skill",
        "unemployment_reason": "unemployment_reason",
    },
    "households": {
        "relocation_type": "relocation_type",
        "household_type": "household_type",
        "monitoring_type": "monitoring_type",
        "status": "household_status",
    },
    "employments": {"form": "employment_form", "place_scope": "place_scope", "welfare_post_type": "welfare_post_type"},
    "visits": {"outcome": "visit_outcome"},
    "measures": {"kind": "measure_kind"},
}


@dataclass
class Demo:
    store: Store
    summary: DemoSummary
    progress: list[tuple[int, int]]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """One demo database for the module (writing it is the slow part)."""
    progress: list[tuple[int, int]] = []
    with Store.open(tmp_path_factory.mktemp("demo") / "d.db") as store:
        summary = write_demo(
            store, HOUSEHOLDS, seed=SEED, today=TODAY, chunk_households=400, progress=lambda *a: progress.append(a)
        )
        yield Demo(store, summary, progress)


@pytest.fixture
def store(demo: Demo) -> Store:
    """In this module ``store`` is the shared demo database (not conftest's empty one)."""
    return demo.store


def _rows(store: Store, sql: str, **params: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def _content(store: Store, model: type[Synced]) -> list[tuple[Any, ...]]:
    """Every row of a table: id and content columns (not the bookkeeping that differs between databases)."""
    columns = [c for c in model.__table__.columns if c.key == "id" or c.key not in Synced.SYNC_FIELDS]
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*columns).order_by(model.__table__.c.id))]


def test_same_seed_same_rows_whatever_the_chunk_size(store: Store, tmp_path: Path) -> None:
    with Store.open(tmp_path / "d.db") as again:
        write_demo(again, HOUSEHOLDS, seed=SEED, today=TODAY, chunk_households=HOUSEHOLDS)
        for model in SYNCED_MODELS:
            assert _content(again, model) == _content(store, model), model.__tablename__


def test_another_seed_gives_other_data() -> None:
    def first_chunk(seed: int) -> dict[str, list[dict[str, Any]]]:
        return next(iter(generate(50, seed, TODAY)))

    one, same, other = first_chunk(1), first_chunk(1), first_chunk(2)
    assert one == same
    for table in ("sites", "households", "members"):
        assert {r["id"] for r in one[table]}.isdisjoint(r["id"] for r in other[table])
    assert [r["name"] for r in one["members"]] != [r["name"] for r in other["members"]]


def test_summary_and_progress(demo: Demo) -> None:
    for table in TABLES:
        (count,) = _rows(demo.store, f"SELECT COUNT(*) FROM {table}")[0]
        assert demo.summary.counts[table] == count > 0, table
    assert demo.summary.households == HOUSEHOLDS
    assert demo.progress == [(400, HOUSEHOLDS), (800, HOUSEHOLDS), (1000, HOUSEHOLDS)]


def test_every_change_is_journaled_and_the_chain_holds(demo: Demo) -> None:
    store = demo.store
    with store.engine.connect() as conn:
        entries = conn.execute(select(func.count()).select_from(JournalEntry)).scalar_one()
        by_table = dict(
            conn.execute(select(JournalEntry.record_table, func.count()).group_by(JournalEntry.record_table)).all()
        )
    counts = demo.summary.counts
    assert entries == sum(counts.values())
    assert by_table == {t: n for t, n in counts.items() if n}
    report = store.verify_journal()
    assert report.ok, report.message()
    assert report.entries == entries


def test_id_numbers_are_valid_except_the_deliberate_checksum_errors(store: Store) -> None:
    members = _rows(store, "SELECT id_number FROM members")
    invalid = [n for (n,) in members if not ric.is_valid(n)]
    assert 0 < len(invalid) < 0.01 * len(members)
    for number in invalid:  # wrong only in the check character
        assert ric.is_valid(number[:-1] + ric.calc_check_digit(number)), number
    duplicated = _rows(store, "SELECT id_number FROM members GROUP BY id_number HAVING COUNT(*) > 1")
    assert len(duplicated) < 0.005 * len(members)


def test_birth_date_and_sex_agree_with_the_id(store: Store) -> None:
    for number, sex, birth in _rows(store, "SELECT id_number, sex, birth_date FROM members"):
        assert len(number) == 18
        assert ric.get_birth_date(number).isoformat() == birth
        assert sex == ("男" if int(number[16]) % 2 else "女")


def test_every_employment_form_and_place_scope_appears(store: Store) -> None:
    forms = {f for (f,) in _rows(store, "SELECT DISTINCT form FROM employments")}
    scopes = {s for (s,) in _rows(store, "SELECT DISTINCT place_scope FROM employments")}
    assert forms == set(choices("employment_form"))
    assert scopes == set(choices("place_scope"))
    assert set(COUNTING_FORMS) == set(choices("employment_form")) - {"农业生产经营", "其他"}


ZERO_EMPLOYMENT_SQL = """
WITH aged AS (
    SELECT m.id, m.household_id, m.student_status, m.labour_skill,
           CAST(strftime('%Y', :today) AS INTEGER) - CAST(strftime('%Y', m.birth_date) AS INTEGER)
             - (strftime('%m-%d', :today) < strftime('%m-%d', m.birth_date)) AS age
    FROM members m WHERE m.deleted_at IS NULL
),
labour_households AS (
    SELECT DISTINCT household_id FROM aged
    WHERE age >= 16 AND age < 60 AND COALESCE(student_status, '') = ''
      AND labour_skill IN ({skills})
),
employed_households AS (
    SELECT DISTINCT m.household_id FROM employments e JOIN members m ON m.id = e.member_id
    WHERE e.deleted_at IS NULL AND COALESCE(e.end_month, '') = '' AND e.form IN ({forms})
)
SELECT (SELECT COUNT(*) FROM labour_households),
       (SELECT COUNT(*) FROM labour_households WHERE household_id NOT IN employed_households),
       (SELECT COUNT(*) FROM labour_households l WHERE household_id NOT IN employed_households
          AND EXISTS (SELECT 1 FROM measures x WHERE x.household_id = l.household_id
                      AND x.closed_on IS NULL AND x.due_on IS NOT NULL))
"""


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def test_zero_employment_households_are_a_few_percent_and_mostly_followed_up(store: Store) -> None:
    sql = ZERO_EMPLOYMENT_SQL.format(skills=_quoted(LABOUR_SKILLS), forms=_quoted(COUNTING_FORMS))
    labour, zero, followed = _rows(store, sql, today=TODAY.isoformat())[0]
    assert labour > 0.8 * HOUSEHOLDS
    assert 0.03 <= zero / labour <= 0.08
    assert followed >= 0.7 * zero


def test_household_sizes_and_heads(store: Store) -> None:
    sizes = Counter(n for (n,) in _rows(store, "SELECT COUNT(*) FROM members GROUP BY household_id"))
    assert set(sizes) <= set(range(1, 9))
    assert len(sizes) == 8
    mean = sum(size * n for size, n in sizes.items()) / sum(sizes.values())
    assert 3.6 <= mean <= 4.6
    heads = Counter(n for (n,) in _rows(store, "SELECT SUM(relation IS '户主') FROM members GROUP BY household_id"))
    assert heads[1] > 0.97 * HOUSEHOLDS  # the rest are deliberate problems: two heads or none


def test_every_choice_value_is_in_the_lists(store: Store) -> None:
    for table, columns in CHOICE_COLUMNS.items():
        for column, list_name in columns.items():
            for (value,) in _rows(store, f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"):
                assert is_choice(list_name, value), (table, column, value)


def test_members_fit_their_age(store: Store) -> None:
    rows = _rows(
        store,
        "SELECT birth_date, relation, student_status, education, labour_skill, two_after FROM members",
    )
    for birth, relation, student, education, skill, two_after in rows:
        born = date.fromisoformat(birth)
        age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
        assert not (student and education), (student, education)
        if age < 16:
            assert skill == "无劳动力"
        if 6 <= age <= 14:
            assert student in ("小学", "七年级", "八年级", "九年级")
        if two_after:
            assert 16 <= age <= 20 and not student and education in ("初中", "高中")
        if relation in ("之孙子", "之孙女", "之外孙子", "之外孙女"):
            assert age <= 25


def test_deliberate_problems_are_few_but_present(store: Store) -> None:
    (elderly_ordinary,) = _rows(
        store,
        "SELECT COUNT(*) FROM members WHERE labour_skill = '普通劳动力' AND birth_date <= :cut",
        cut=date(TODAY.year - 60, TODAY.month, TODAY.day).isoformat(),
    )[0]
    (bad_phones,) = _rows(store, "SELECT COUNT(*) FROM households WHERE phone IS NULL OR length(phone) != 11")[0]
    (odd_income,) = _rows(
        store, "SELECT COUNT(*) FROM employments WHERE monthly_income < 400 OR monthly_income > 30000"
    )[0]
    for count in (elderly_ordinary, bad_phones, odd_income):
        assert 0 < count < 0.02 * HOUSEHOLDS
    (welfare_ok,) = _rows(
        store,
        "SELECT AVG(accident_insurance = 1 AND julianday(contract_end) - julianday(contract_start) < 366)"
        " FROM employments WHERE form = '乡村公益性岗位'",
    )[0]
    assert 0.9 < welfare_ok < 1


@pytest.mark.parametrize(
    "today", [date.today(), date.today().replace(day=1), date(2027, 3, 1)], ids=["today", "1st", "2027-03-01"]
)
def test_a_demo_made_on_any_day_has_contracts_ending_within_30_days_and_a_few_just_ended(
    tmp_path: Path, today: date
) -> None:
    """A newcomer opening a fresh demo sees what 合同即将到期 is for. A contract was taken as renewed on the 1st of
    the month its year came round, so none ended between the 1st and that day: on the first days of a month the list
    was empty (none at all on 2026-12-01), and never held a contract just ended whose renewal is not yet entered."""
    with Store.open(tmp_path / "d.db") as store:
        write_demo(store, HOUSEHOLDS, seed=SEED, today=today)
        with store.engine.connect() as conn:
            worklist = run_worklist(conn, "contracts_ending", load_settings(store), today)
        ongoing = "SELECT COUNT(*) FROM employments WHERE form = '乡村公益性岗位' AND end_month IS NULL"
        (posts,) = _rows(store, ongoing)[0]
    days_left = [row.detail["days_left"] for row in worklist.rows]
    ending = [days for days in days_left if days >= 0]
    ended = [days for days in days_left if days < 0]
    assert len(ending) >= 5, (today, days_left)
    assert len(ending) < 0.15 * posts  # about a month's share of yearly contracts, not a list made to fill the page
    assert 1 <= len(ended) < len(ending), (today, days_left)  # a few renewals not yet entered, ended this month
    assert min(ended) >= -30


def test_choice_lists() -> None:
    expected = {
        "relation", "education", "student_status", "health", "disability", "labour_skill", "ethnicity", "id_type",
        "relocation_type", "household_type", "monitoring_type", "employment_form", "place_scope",
        "unemployment_reason", "visit_outcome", "measure_kind", "household_status", "welfare_post_type",
        "no_id_reason",
    }  # fmt: skip
    assert set(list_names()) == expected
    assert len(choices("ethnicity")) == 56 and "汉族" in choices("ethnicity") and "彝族" in choices("ethnicity")
    assert {"普通高中三年级", "中职一年级", "高职高专三年级", "技师学院四年级", "本科五年级"} <= set(
        choices("student_status")
    )
    assert choices("labour_skill") == (*LABOUR_SKILLS, "丧失劳动力", "无劳动力")
    assert choice_list("relation").label == "与户主关系"
    assert choice_list("health").multiple and is_choice("health", "长期慢性病,残疾")
    assert all(item.en for name in expected for item in choice_list(name).items)
    with pytest.raises(KeyError):
        choices("no_such_list")


def test_models_cover_every_demo_table() -> None:
    assert set(TABLES) <= set(MODEL_BY_TABLE)

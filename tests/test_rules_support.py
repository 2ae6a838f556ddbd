"""Support for the rules tests: small builders for hand-made households, and random households for the property
tests, crowded at the rules' boundaries.

Hypothesis draws the parameters (survey date, settings, how many households) and the seed of a `random.Random`,
which then makes the rows quickly: thousands of households per test run stay well under a minute. Ages sit on
16/55/60 and a day either side, spells start and end around the survey month, incomes on 400/30000, contracts on
one year and a day either side, ID numbers are right, wrong, duplicated or missing, and some records are
tombstoned, so every branch of every rule is reached. The answers the questionnaire checks are mostly right and
sometimes missing, blank, padded with blanks, off the choice list, of the wrong shape or too long, so every
field check is reached too (`ANSWERS`).
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.idnumber import make_ric
from forms.records import MODEL_BY_TABLE
from forms.rules import HouseholdBundle
from forms.rules.bundle import Elsewhere, HouseholdFacts, MeasureFacts, MemberFacts, SpellFacts, address_of
from forms.rules.labour import add_months, add_years, month_of
from forms.rules.registry import RULES
from forms.settings import RuleSettings
from forms.store import Store

Row = dict[str, Any]
ON = date(2026, 11, 29)  # the survey date of the hand-made households
_serial = iter(range(1, 10**9))


def person(
    name: str = "张三",
    *,
    age: int | None = 30,
    birth: date | None = None,
    sex: str = "男",
    relation: str = "之子",
    skill: str | None = "普通劳动力",
    student: str | None = None,
    number: str | None = "",
    **fields: Any,
) -> MemberFacts:
    """A member aged ``age`` on ON (or born on ``birth``), with a right ID number unless one is given."""
    born = birth if birth is not None else (add_years(ON, -age) if age is not None else None)
    if number == "" and born is not None:
        number = make_ric("530326", born, 2 * next(_serial) % 998 + (1 if sex == "男" else 0))
    return MemberFacts(
        id=fields.pop("id", f"m{next(_serial)}"),
        name=name,
        id_number=number or None,
        sex=sex,
        birth_date=born,
        relation=relation,
        student_status=student,
        labour_skill=skill,
        **fields,
    )


def job(
    member: MemberFacts, form: str = "外出务工", start: str = "2026-01", end: str | None = None, **fields: Any
) -> SpellFacts:
    fields.setdefault("place_scope", "省外" if form == "外出务工" else "县内")
    fields.setdefault("monthly_income", 3000)
    return SpellFacts(f"s{next(_serial)}", member.id, form, start_month=start, end_month=end, **fields)


def measure(due: date | None = ON + timedelta(days=30), closed: date | None = None, **fields: Any) -> MeasureFacts:
    return MeasureFacts(f"ms{next(_serial)}", "职业介绍", started_on=ON, due_on=due, closed_on=closed, **fields)


def household(
    *members: MemberFacts,
    spells: tuple[SpellFacts, ...] | list[SpellFacts] = (),
    measures: tuple[MeasureFacts, ...] | list[MeasureFacts] = (),
    status: str = "草稿",
    accepted: tuple[tuple[str, str], ...] = (),
    elsewhere: dict[str, tuple[Elsewhere, ...]] | None = None,
    make_head: bool = True,
    **fields: Any,
) -> HouseholdBundle:
    """A household; the first member is made its 户主 unless one of them already is (or ``make_head`` is off)."""
    if make_head and members and not any(m.relation == "户主" for m in members):
        members = (replace(members[0], relation="户主"), *members[1:])
    facts = HouseholdFacts(
        fields.pop("id", f"h{next(_serial)}"), status=status, building="3", unit="2", room="301", **fields
    )
    return HouseholdBundle(facts, tuple(members), tuple(spells), tuple(measures), frozenset(accepted), elsewhere or {})


STATUSES = ("草稿", "已完成", "已审核", "退回", "作废")
RELATIONS = ("户主", "户主", "户主", "配偶", "之子", "之女", "之父", "之母", None)
SKILLS = ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力", None)
STUDENT = (None, None, None, None, "", "小学", "普通高中一年级", "中职二年级", "本科一年级")
FORMS = ("外出务工", "县内务工", "就业帮扶车间", "乡村公益性岗位", "自主创业(含返乡创业)", "灵活就业", "以工代赈",
         "农业生产经营", "其他")  # fmt: skip
SCOPES = ("县内", "省内县外", "省外", "国外", None, "")
INCOMES = (None, 0, 399, 400, 2500, 30000, 30001, 50000)
BOUNDARY_AGES = (15, 16, 17, 54, 55, 56, 59, 60, 61, 99, 100)  # 100: `member.age_implausible`
COUNTY_CODES = ("530326", "530326", "110105", "440524")
#: Answers for the field checks: (table, column) -> values drawn from (right ones first, then every way to be
#: wrong). Columns that may not be NULL have no None.
ANSWERS: dict[tuple[str, str], tuple[Any, ...]] = {
    ("households", "relocation_type"): ("建档立卡搬迁户(卡户)", "同步搬迁户(随迁户)", None, "", " ", "卡户"),
    ("households", "household_type"): ("脱贫户", "一般农户", None, "", "脱贫户 ", "x"),
    ("households", "monitoring_type"): (None, "脱贫不稳定户", "", "边缘户"),
    ("households", "room"): ("101", "1502", None, "", "\u3000", "1" * 21),
    ("households", "building"): ("3", None, "栋" * 21),
    ("households", "collector"): ("刘家慧", None, "  ", "王"),
    ("households", "phone"): (None, "13912345678", "1391234567", "1391234567x", " 13912345678", "12912345678", ""),
    ("households", "relocated_on"): (None, "2020-08", "2020-13", "2099-01", " 2020-08", "202008", "2020-8", "3"),
    ("members", "ethnicity"): ("汉族", "彝族", "回族", None, "", "火星族", " 汉族"),
    ("members", "health"): (
        "健康",
        "长期慢性病",
        "残疾",
        "健康,残疾",
        "长期慢性病,残疾",
        "残疾,患有大病",
        None,
        "",
        "健康, 残疾",
        "x",
        "残疾人",
        ",残疾",
        "残疾,,",
    ),
    ("members", "disability"): (None, "肢体", "", "视"),
    ("members", "education"): ("初中", "小学", None, "", "博士"),
    ("members", "phone"): (None, "13912345678", "139123456789", "1391234567a", "19912345678 ", ""),
    ("members", "unemployment_reason"): (None, "患病", "其他", "", "懒"),
    ("members", "job_intent_note"): (None, "电工", "", "x" * 101),
    ("employments", "place"): ("云南省曲靖市会泽县", None, "", " "),
    ("employments", "welfare_post_type"): (None, "保洁", "护林", "", "x"),
    ("employments", "transport_subsidy"): (None, None, 0, 500, 1000, 1001, -1),
    ("employments", "employer"): (None, "宁波万通商贸有限公司", "公" * 101),
    ("measures", "kind"): ("职业介绍", "技能培训", "", "发钱"),
    ("visits", "outcome"): ("入户", "家中无人", "", "x", " 入户"),
    ("visits", "surveyor"): (None, "刘家慧", "刘" * 51),
}


#: More fields a field override may name (besides those in ANSWERS).
FIELD_SUBJECTS = {
    "members": {"name", "sex", "id_number", "birth_date"},
    "employments": {"start_month", "end_month", "contract_end", "monthly_income"},
    "measures": {"due_on", "closed_on", "started_on"},
    "visits": {"visited_on"},
    "households": {"collected_on"},
}


@dataclass
class RandomDb:
    on: date
    since: date
    settings: RuleSettings
    rows: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def households(self) -> int:
        return len(self.rows["households"])

    def write(self, store: Store, chunk: int = 400) -> None:
        """Insert the rows in batches, one unit of work each, parents first."""
        tables = ("sites", "households", "members", "employments", "measures", "visits", "finding_overrides")
        with store.unit_of_work("test") as uow:
            uow.insert_rows(MODEL_BY_TABLE["sites"], self.rows["sites"])
        for table in tables[1:]:
            rows = self.rows[table]
            for start in range(0, len(rows), chunk):
                with store.unit_of_work("test") as uow:
                    uow.insert_rows(MODEL_BY_TABLE[table], rows[start : start + chunk])

    def assert_rich(self) -> None:
        """Guard against a generator that quietly makes empty data (which every property would pass)."""
        assert len(self.rows["members"]) > self.households and len(self.rows["employments"]) > self.households / 2

    def bundles(self) -> list[HouseholdBundle]:
        """Every household as a bundle, built from the rows (not from the database), with ``elsewhere`` filled
        the way the loader fills it: live members of counting households holding the same number."""
        site_names = {s["id"]: s["name"] for s in self.rows["sites"]}
        counting = {h["id"] for h in self.rows["households"] if h["deleted_at"] is None and h["status"] != "作废"}
        households = {h["id"]: h for h in self.rows["households"]}
        holders: dict[str, list[Elsewhere]] = {}
        members_of: dict[str, list[Row]] = {h: [] for h in households}
        for m in self.rows["members"]:
            members_of[m["household_id"]].append(m)
            if m["id_number"] and m["deleted_at"] is None and m["household_id"] in counting:
                h = households[m["household_id"]]
                holders.setdefault(m["id_number"], []).append(
                    Elsewhere(
                        m["id"], m["name"], h["id"], h["hh_number"], address_of(h["building"], h["unit"], h["room"])
                    )
                )
        spells_of: dict[str, list[Row]] = {}
        for s in self.rows["employments"]:
            spells_of.setdefault(s["member_id"], []).append(s)
        overrides_of: dict[str, list[Row]] = {}
        for o in self.rows["finding_overrides"]:
            overrides_of.setdefault(o["record_id"], []).append(o)
        bundles = []
        for hid, h in households.items():
            members = members_of[hid]
            spells = [s for m in members for s in spells_of.get(m["id"], [])]
            records = [hid, *(m["id"] for m in members), *(s["id"] for s in spells)]
            elsewhere = {}
            for m in members:
                others = sorted(
                    (e for e in holders.get(m["id_number"] or "", []) if e.household_id != hid),
                    key=lambda e: (e.household_id, e.member_id),
                )
                if others and m["deleted_at"] is None:
                    elsewhere[m["id_number"]] = tuple(others)
            bundles.append(
                HouseholdBundle.build(
                    {**h, "site_name": site_names[h["site_id"]]},
                    members,
                    spells,
                    [x for x in self.rows["measures"] if x["household_id"] == hid],
                    [o for r in records for o in overrides_of.get(r, [])],
                    elsewhere=elsewhere,
                )
            )
        return bundles


class _Maker:
    def __init__(self, rng: random.Random, on: date) -> None:
        self.rng = rng
        self.on = on
        self.numbers: list[str] = []
        self.serial = 0

    def uid(self) -> str:
        self.serial += 1
        return f"{self.rng.getrandbits(64):016x}-{self.serial:06d}"

    def maybe(self, p: float) -> bool:
        return self.rng.random() < p

    def answers(self, table: str, *, wrong: float = 0.15) -> Row:
        """Answers for the field checks of one record: the first (right) values mostly, any of them sometimes."""
        row: Row = {}
        for (t, column), values in ANSWERS.items():
            if t == table and values:
                row[column] = self.rng.choice(values) if self.maybe(wrong) else values[0]
        return row

    def month_text(self, month: str | None) -> str | None:
        """A month as typed: right mostly; sometimes padded, of the wrong shape, or after the survey date."""
        if month is None or not self.maybe(0.06):
            return month
        return self.rng.choice((f" {month}", month.replace("-", ""), f"{month[:4]}-13", "2099-01", month[:6]))

    def tombstone(self, p: float = 0.04) -> str | None:
        return "2026-01-01T00:00:00.000000Z" if self.maybe(p) else None

    def birth(self) -> date | None:
        rng = self.rng
        if self.maybe(0.03):
            return None
        age = rng.choice(BOUNDARY_AGES) if self.maybe(0.6) else rng.randint(0, 95)
        shift = rng.choice((-1, 0, 1)) if self.maybe(0.7) else rng.randint(-200, 200)
        return add_years(self.on, -age) + timedelta(days=shift)

    def id_number(self, birth: date | None, sex: str | None) -> tuple[str, str | None, date | None, str | None]:
        """(id_type, number, stored birth, stored sex), right most of the time, wrong in every way sometimes."""
        rng = self.rng
        r = rng.random()
        if r < 0.04 and self.numbers:
            number = rng.choice(self.numbers)  # someone else's number
            if self.maybe(0.25):  # the same person's by their 残疾人证 number, or the ID number in it
                number = number[:18] if len(number) > 18 else number + "41"
            return "居民身份证", number, birth, sex
        if r < 0.07:
            return "居民身份证", None, birth, sex
        if r < 0.09:
            return "其他", f"P{rng.randint(0, 99999):05d}", birth, sex
        if birth is None or birth.year < 1900:
            return "居民身份证", "53032619900101001", birth, sex  # 17 characters
        code = rng.choice(COUNTY_CODES) if r > 0.11 else "999999"  # an unknown county code
        male = sex != "女" if sex else self.maybe(0.5)
        number = make_ric(code, birth, rng.randrange(0, 500) * 2 + int(male))
        stored_birth, stored_sex = birth, sex
        if r < 0.16:
            number = number[:17] + ("0" if number[17] != "0" else "1")  # a wrong check character
        elif r < 0.19:
            stored_birth = birth + timedelta(days=1)  # birth date typed, not derived
        elif r < 0.22:
            stored_sex = "女" if male else "男"
        elif r < 0.24:
            number += "41"  # a disability card number
        self.numbers.append(number)
        return "居民身份证", number, stored_birth, stored_sex

    def month(self, around: str) -> str | None:
        rng = self.rng
        if self.maybe(0.04):
            return rng.choice((None, ""))
        return add_months(around, rng.choice((-3, -2, -1, 0, 1)) if self.maybe(0.6) else rng.randint(-40, 2))

    def spell(self, member_id: str) -> Row:
        rng, on = self.rng, self.on
        start = self.month(month_of(on))
        end: str | None = None
        if self.maybe(0.5) and start:
            if self.maybe(0.5):  # ending around the survey month: last month, this month, next month
                end = max(start, add_months(month_of(on), rng.choice((-2, -1, 0, 0, 1))))
            else:
                end = add_months(start, rng.randint(0, 30)) if self.maybe(0.9) else ""
        contract_start = on + timedelta(days=rng.randint(-400, 30))
        contract_end = add_years(contract_start, 1) + timedelta(days=rng.choice((-1, 0, 1, -200, 200, -400)))
        subsidy = self.answers("employments")
        if subsidy.get("transport_subsidy"):
            subsidy["transport_subsidy_year"] = rng.choice((on.year, on.year, None, 2015, 2101))
        return {
            **subsidy,
            "id": self.uid(),
            "member_id": member_id,
            "form": rng.choice(FORMS) if self.maybe(0.97) else rng.choice(("", "打零工")),
            "place_scope": rng.choice(SCOPES),
            "start_month": self.month_text(start),
            "end_month": self.month_text(end),
            "monthly_income": rng.choice(INCOMES),
            "organised": rng.choice((True, False, None)),
            "contract_start": contract_start if self.maybe(0.8) else None,
            "contract_end": contract_end if self.maybe(0.85) else None,
            "accident_insurance": rng.choice((True, True, False, None)),
            "transport_subsidy_year": rng.choice((None, None, on.year, on.year - 1)),
            "deleted_at": self.tombstone(),
        }

    def household(self, site_id: str, rows: dict[str, list[Row]]) -> None:
        rng, on = self.rng, self.on
        hid = self.uid()
        rows["households"].append({
            **self.answers("households"),
            "collected_on": on - timedelta(days=rng.randint(0, 300)) if self.maybe(0.95) else rng.choice(
                (None, on + timedelta(days=1))),
            "id": hid,
            "site_id": site_id,
            "hh_number": f"53032620{rng.randint(0, 10**9):010d}" if self.maybe(0.8) else None,
            "building": str(rng.randint(1, 9)),
            "unit": str(rng.randint(1, 3)),
            "room": f"{rng.randint(1, 18)}0{rng.randint(1, 4)}",
            "status": rng.choice(STATUSES),
            "deleted_at": self.tombstone(0.03),
        })  # fmt: skip
        members = []
        for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4, 5))):
            birth = self.birth()
            sex = rng.choice(("男", "女", "女", None)) if self.maybe(0.97) else None
            id_type, number, stored_birth, stored_sex = self.id_number(birth, sex or rng.choice(("男", "女")))
            name = rng.choice("张王李赵刘陈杨黄") + rng.choice(("伟", "芳", "秀英", "建国", "丽"))
            if self.maybe(0.03):
                name = rng.choice((name + "2", " ", "张" * 51, f" {name}"))
            answers = self.answers("members")
            if self.maybe(0.02):
                answers["sex_text"] = rng.choice(("M", "", " 女"))
            member = {
                **{k: v for k, v in answers.items() if k != "sex_text"},
                "id": self.uid(),
                "household_id": hid,
                "name": name,
                "id_type": id_type if self.maybe(0.98) else rng.choice(("", "护照")),
                "id_number": number,
                "sex": answers.get("sex_text", stored_sex if sex is not None else None),
                "birth_date": stored_birth,
                "relation": rng.choice(RELATIONS),
                "student_status": rng.choice(STUDENT),
                "labour_skill": rng.choice(SKILLS),
                "job_intent": rng.choice((True, False, None)),
                "training_intent": rng.choice((True, False, None)),
                "two_after": rng.choice((True, None, None)),
                "deleted_at": self.tombstone(),
            }
            members.append(member)
            rows["members"].append(member)
            for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
                rows["employments"].append(self.spell(member["id"]))
        for _ in range(rng.choice((0, 0, 1, 2))):
            started = on - timedelta(days=rng.randint(0, 300))
            rows["measures"].append({
                **self.answers("measures"),
                "id": self.uid(),
                "household_id": hid,
                "member_id": rng.choice(members)["id"] if members and self.maybe(0.5) else None,
                "started_on": started if self.maybe(0.95) else on + timedelta(days=3),
                "due_on": started + timedelta(days=rng.choice((60, 60, -1))) if self.maybe(0.8) else None,
                "closed_on": on - timedelta(days=rng.randint(-2, 300)) if self.maybe(0.4) else None,
                "outcome": rng.choice((None, "已推荐岗位")),
                "deleted_at": self.tombstone(),
            })  # fmt: skip
        for _ in range(rng.choice((0, 1, 1, 2))):
            rows["visits"].append({
                **self.answers("visits"),
                "id": self.uid(),
                "household_id": hid,
                "visited_on": on - timedelta(days=rng.randint(-1, 200)),
                "deleted_at": self.tombstone(),
            })  # fmt: skip

    def overrides(self, rows: dict[str, list[Row]]) -> Iterator[Row]:
        """Overrides on random records under random codes (non-overridable errors among them: ignored)."""
        records = [("households", h["id"]) for h in rows["households"]]
        records += [("members", m["id"]) for m in rows["members"]]
        records += [("employments", s["id"]) for s in rows["employments"]]
        codes = sorted(RULES)
        for _ in range(len(records) // 6):
            table, record_id = self.rng.choice(records)
            rule = self.rng.choice([c for c in codes if RULES[c].record_table == table])
            yield {
                "id": self.uid(),
                "rule_code": rule,
                "record_table": table,
                "record_id": record_id,
                "subject": self.rng.choice(("", None)),
                "reason": "核实属实",
                "user": "test",
                "at": "2026-01-01T00:00:00Z",
                "deleted_at": self.tombstone(0.1),
            }
        # Field checks: a field's warning accepted (on that field, on another, or old style without a field).
        records += [("visits", v["id"]) for v in rows["visits"]] + [("measures", m["id"]) for m in rows["measures"]]
        fields = {table: sorted({c for (t, c) in ANSWERS if t == table} | FIELD_SUBJECTS.get(table, set()))
                  for table in ("households", "members", "employments", "visits", "measures")}  # fmt: skip
        for _ in range(len(records) // 8):
            table, record_id = self.rng.choice(records)
            yield {
                "id": self.uid(),
                "rule_code": self.rng.choice(("field.constraint", "field.constraint", "field.required")),
                "record_table": table,
                "record_id": record_id,
                "subject": self.rng.choice((*fields[table], None)),
                "reason": "核实属实",
                "user": "test",
                "at": "2026-01-01T00:00:00Z",
                "deleted_at": self.tombstone(0.1),
            }


@st.composite
def random_dbs(draw: st.DrawFn, min_households: int = 1, max_households: int = 150) -> RandomDb:
    on = draw(
        st.one_of(
            st.dates(date(2024, 1, 1), date(2028, 12, 31)),
            st.sampled_from((date(2028, 2, 29), date(2027, 2, 28), date(2026, 12, 31), date(2026, 1, 1))),
        )
    )
    rule_settings = RuleSettings(
        female_max_age=draw(st.sampled_from((55, 60))),
        agriculture_counts=draw(st.booleans()),
        subsidy_min_months=draw(st.sampled_from((3, 3, 6))),
        contract_notice_days=draw(st.sampled_from((30, 30, 0))),
    )
    since = on - timedelta(days=draw(st.integers(0, 500)))
    count = draw(st.integers(min_households, max_households))
    # Hypothesis draws the seed, not every random number: thousands of draws per example would overflow its
    # buffer, and it then quietly hands out zeros (empty households that test nothing).
    maker = _Maker(random.Random(draw(st.integers(0, 2**63))), on)
    rows: dict[str, list[Row]] = {t: [] for t in ("households", "members", "employments", "measures", "visits")}
    site = {"id": maker.uid(), "code": "S01", "name": "幸福社区安置点", "county": "会泽县"}
    rows["sites"] = [site]
    for _ in range(count):
        maker.household(site["id"], rows)
    rows["finding_overrides"] = list(maker.overrides(rows))
    return RandomDb(on, since, rule_settings, rows)


def fresh_store(template: Path, directory: Path, name: str) -> Store:
    """A new database copied from the migrated template (hypothesis runs many examples in one test)."""
    path = directory / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    return Store.open(path)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(db=random_dbs(min_households=30, max_households=40))
def test_random_households_insert_and_bundle(db: RandomDb, template_db: Path, tmp_path: Path) -> None:
    db.assert_rich()
    bundles = db.bundles()
    assert len(bundles) == db.households
    assert sum(len(b.members) for b in bundles) == len(db.rows["members"])
    with fresh_store(template_db, tmp_path, "random.db") as store:
        db.write(store)
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM members").scalar_one()
    assert stored == len(db.rows["members"])

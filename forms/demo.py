"""Realistic demo data for one Yunnan county (会泽县): sites, households, members, employment, visits, measures.

Everything comes from one ``random.Random(seed)``, so the same seed and the same ``today`` give the same rows,
ids included, whatever the chunk size. About 5% of labour households are 零就业 (most with an open 帮扶措施), and
about 4.5% of households carry one data-quality problem of a kind a rule will catch (a wrong ID check character,
a bad phone, two 户主 or none, an employed child, an elderly 普通劳动力, a 公益性岗位 without insurance or with a
term over a year, an implausible income, an ID number in two households), so the checks and worklists have
something to show; yearly contracts come round on their own day, so on any day some end within the month and a few
have just ended (`_Demo.contract_start`). Rows go in through `UnitOfWork.insert_rows`, which journals each one.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from stdnum.cn import ric

from . import demo_names as names
from .records import MODEL_BY_TABLE
from .store import Store

Row = dict[str, Any]
Chunk = dict[str, list[Row]]

#: Tables in the order a chunk is written (parents before children).
TABLES = ("sites", "households", "members", "employments", "visits", "measures")
LABOUR_SKILLS = ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力")
#: 就业形式 that count as employed by default (DESIGN.md §4); 农业生产经营 and 其他 do not.
COUNTING_FORMS = ("外出务工", "县内务工", "就业帮扶车间", "乡村公益性岗位", "自主创业(含返乡创业)", "灵活就业",
                  "以工代赈")  # fmt: skip
WELFARE = names.WELFARE
ZERO_EMPLOYMENT_SHARE = 0.05  # of labour households
PROBLEM_SHARE = 0.045  # of households
#: Of the ongoing contracts renewed in the last ``LATE_RENEWAL_DAYS`` days, the share whose new contract is not yet
#: entered: they show as just ended (已到期) on 合同即将到期.
LATE_RENEWAL_SHARE = 0.3
LATE_RENEWAL_DAYS = 30


@dataclass(frozen=True)
class DemoSummary:
    """What `write_demo` wrote: rows per table, and for what."""

    counts: dict[str, int]
    seed: int
    today: date
    county: str
    seconds: float = 0.0

    @property
    def households(self) -> int:
        return self.counts.get("households", 0)

    def message(self) -> str:
        parts = "，".join(f"{table} {n}" for table, n in self.counts.items())
        return f"已生成演示数据（{self.county}，种子 {self.seed}）：{parts}，用时 {self.seconds:.1f} 秒。"


@dataclass
class _Person:
    """A member while its household is being made (the row plus what later steps need)."""

    row: Row
    age: int
    male: bool
    labour: bool = False
    employed: bool = False  # has an ongoing spell of a counting form
    spells: list[Row] = field(default_factory=list)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _year_later(day: date, years: int = 1) -> date:
    """The last day of a term of ``years`` years starting on ``day`` (days are 1–28, so no Feb 29 issue)."""
    return date(day.year + years, day.month, day.day) - timedelta(days=1)


class _Demo:
    def __init__(self, households: int, seed: int, today: date, sites: int | None = None) -> None:
        self.rng = random.Random(seed)
        self.paperwork = random.Random(f"{seed} renewals")  # `contract_start`'s late renewals
        self.today = today
        self.today_m = today.year * 12 + today.month - 1
        first = today.year - 110
        self.codes = {
            s: names.code_by_year(s, first, today.year) for s in (names.COUNTY_STEM, *names.NEIGHBOUR_COUNTIES)
        }
        self.used_ids: set[str] = set()
        self.brides: list[tuple[str, str, date, str]] = []  # (name, id, birth, ethnicity) for duplicate IDs
        self.village_serial: dict[str, int] = {}
        self.towns = names.origin_towns(self.rng)
        self.sites = names.make_sites(self.rng, sites or max(3, round(households / 3500)), self.uid)
        self.site_weights = names.Weighted([(site, self.rng.randint(3, 12)) for site in self.sites])

    # ---- small helpers ------------------------------------------------------------------------------------

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day_before_today(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def id_number(self, stem: str, birth: date, male: bool) -> str:
        code = self.codes[stem].get(birth.year) or self.codes[names.COUNTY_STEM][birth.year]
        head = f"{code}{birth.year:04d}{birth.month:02d}{birth.day:02d}"
        while True:
            body = f"{head}{self.rng.randrange(1, 500) * 2 + male:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    # ---- a household --------------------------------------------------------------------------------------

    def household(self, chunk: Chunk) -> None:
        rng = self.rng
        site = self.site_weights.pick(rng)
        card = rng.random() < 0.85
        town, villages = self.towns.pick(rng)
        village, village_code, hamlets = rng.choice(villages)
        hh_number = None
        if rng.random() < (0.97 if card else 0.3):
            serial = self.village_serial.get(village_code, rng.randint(1, 300)) + rng.randint(1, 3)
            self.village_serial[village_code] = serial
            hh_number = f"{village_code}{serial:07d}"
        monitoring = None
        r = rng.random()
        if card and r < 0.06:
            monitoring = "脱贫不稳定户" if r < 0.05 else "突发严重困难户"
        elif not card and r < 0.07:
            monitoring = "边缘易致贫户" if r < 0.06 else "突发严重困难户"
        building, unit, room = site.next_room(self.rng)
        year = site.years.pick(rng)
        hh: Row = {
            "id": self.uid(),
            "site_id": site.row["id"],
            "hh_number": hh_number,
            "origin_county": names.COUNTY,
            "origin_town": town,
            "origin_village": village,
            "origin_hamlet": rng.choice(hamlets),
            "building": building,
            "unit": unit,
            "room": room,
            "relocation_type": "建档立卡搬迁户(卡户)" if card else "同步搬迁户(随迁户)",
            "household_type": "脱贫户" if card else "一般农户",
            "monitoring_type": monitoring,
            "relocated_on": f"{year}-{rng.randint(1, 12) if year < 2020 else rng.randint(1, 11):02d}",
        }
        people = self.members(hh)
        labour = [p for p in people if p.labour]
        zero = bool(labour) and rng.random() < ZERO_EMPLOYMENT_SHARE
        self.employment(people, labour, zero, site)
        phones = [p.row["phone"] for p in people if p.row["phone"]]
        hh["phone"] = phones[0] if phones else names.phone(rng)
        visits = self.visits(hh, site)
        first = visits[0]
        hh["collector"], hh["collected_on"] = first["surveyor"], first["visited_on"]
        measures = self.measures(hh, labour, zero, site)
        has_open = any(m["closed_on"] is None and m["due_on"] is not None for m in measures)
        hh["status"] = "草稿" if (zero and not has_open) or rng.random() < 0.08 else "已完成"
        if rng.random() < PROBLEM_SHARE:
            self.problem(hh, people, zero, site)
        self.remember_brides(people)
        chunk["households"].append(hh)
        chunk["members"].extend(p.row for p in people)
        chunk["employments"].extend(s for p in people for s in p.spells)
        chunk["visits"].extend(visits)
        chunk["measures"].extend(measures)

    def compose(self, size: int) -> list[tuple[str, bool, int]]:
        """(与户主关系, male, age) for each member: a head, usually a spouse, then children or three generations."""
        rng = self.rng
        head_male = rng.random() < 0.86
        head_age = int(rng.triangular(30, 76, 68 if size == 1 else 47))
        people = [("户主", head_male, head_age)]
        left = size - 1
        mother_age = head_age if not head_male else head_age - 3
        if left and rng.random() < 0.9:
            spouse_age = max(20, min(85, head_age + (rng.randint(-6, 2) if head_male else rng.randint(-2, 6))))
            people.append(("配偶", not head_male, spouse_age))
            left -= 1
            mother_age = spouse_age if head_male else head_age
        if left >= 2 and head_age >= 56 and rng.random() < 0.75:
            via_son = rng.random() < 0.8  # 之子 + 之儿媳 + 之孙, or 之女 + 之女婿 + 之外孙
            child_age = max(19, min(45, mother_age - rng.randint(22, 32)))
            people.append(("之子" if via_son else "之女", via_son, child_age))
            left -= 1
            if left >= 2 or (left and rng.random() < 0.5):
                in_law = max(18, child_age + rng.randint(-4, 4))
                people.append(("之儿媳" if via_son else "之女婿", not via_son, in_law))
                left -= 1
            for _ in range(left):
                male = rng.random() < 0.52
                relation = ("之孙子" if male else "之孙女") if via_son else ("之外孙子" if male else "之外孙女")
                people.append((relation, male, rng.randint(0, max(0, min(child_age - 19, 24)))))
            return people
        if left >= 2 and head_age <= 52 and rng.random() < 0.35:
            male = rng.random() < 0.4
            people.append(("之父" if male else "之母", male, min(95, head_age + rng.randint(22, 34))))
            left -= 1
        oldest = min(45, mother_age - 19)
        age = rng.randint(max(0, oldest - 12), oldest) if oldest >= 0 else -1
        for _ in range(left):
            if age >= 0:
                male = rng.random() < 0.52
                people.append(("之子" if male else "之女", male, age))
                age -= rng.randint(1, 5)
            else:  # no room for another child: a brother or sister, or someone else living with them
                male = rng.random() < 0.5
                relation = "之兄弟姐妹" if rng.random() < 0.8 else "其他"
                people.append((relation, male, max(16, head_age + rng.randint(-10, 10))))
        return people

    def members(self, hh: Row) -> list[_Person]:
        rng = self.rng
        composition = self.compose(names.HOUSEHOLD_SIZE.pick(rng))
        own = names.SURNAME.pick(rng)  # the head's surname; children take their father's
        fathers = {"之子": own, "之女": own, "之孙子": own, "之孙女": own}
        ethnicity = names.ETHNICITY.pick(rng)
        people = []
        for relation, male, age in composition:
            married_in = relation in ("配偶", "之儿媳", "之女婿", "之母", "其他")
            surname = names.SURNAME.pick(rng) if married_in else fathers.get(relation, own)
            if relation == "配偶" and male:
                fathers.update(dict.fromkeys(("之子", "之女", "之孙子", "之孙女"), surname))
            elif relation == "之女婿":
                fathers.update(dict.fromkeys(("之外孙子", "之外孙女"), surname))
            stem = rng.choice(names.NEIGHBOUR_COUNTIES) if married_in and rng.random() < 0.12 else names.COUNTY_STEM
            birth = self.today - timedelta(days=int((age + rng.random()) * 365.2425))
            age = _age(birth, self.today)
            row: Row = {
                "id": self.uid(),
                "household_id": hh["id"],
                "name": surname + names.given_name(rng, male, age),
                "id_type": "居民身份证",
                "id_number": self.id_number(stem, birth, male),
                "sex": "男" if male else "女",
                "birth_date": birth,
                "ethnicity": names.ETHNICITY.pick(rng) if married_in and rng.random() < 0.1 else ethnicity,
                "relation": relation,
            }
            self.describe(row, age)
            person = _Person(row, age, male)
            person.labour = 16 <= age < 60 and not row["student_status"] and row["labour_skill"] in LABOUR_SKILLS
            people.append(person)
        return people

    def remember_brides(self, people: list[_Person]) -> None:
        """Keep a few married-in women, so a later household can list one of them again (a duplicate ID)."""
        for p in people:
            if (
                p.row["relation"] in ("配偶", "之儿媳")
                and not p.male
                and 25 <= p.age <= 45
                and self.rng.random() < 0.05
            ):
                entry = (p.row["name"], p.row["id_number"], p.row["birth_date"], p.row["ethnicity"])
                if len(self.brides) < 200:
                    self.brides.append(entry)
                else:
                    self.brides[self.rng.randrange(200)] = entry

    def describe(self, row: Row, age: int) -> None:
        """School, education, health, labour capacity, phone and two_after for one member, consistent with age."""
        rng = self.rng
        student = names.student_status(rng, age)
        row["student_status"] = student
        education = None
        if not student:
            education = next(w for limit, w in names.EDUCATION_BY_AGE if age <= limit).pick(rng)
            if age < 16:
                education = "初中" if age >= 13 else "小学"
        row["education"] = education
        old = age >= 60
        parts = []
        if rng.random() < (0.3 if old else 0.10 if age >= 45 else 0.02):
            parts.append("长期慢性病")
        if rng.random() < (0.04 if old else 0.012):
            parts.append("患有大病")
        disabled = rng.random() < (0.09 if old else 0.035)
        if disabled:
            parts.append("残疾")
        row["health"] = ",".join(parts) or "健康"
        row["disability"] = names.DISABILITY.pick(rng) if disabled else None
        if age < 16 or student:
            skill = "无劳动力"
        elif old:
            skill = "弱劳动力或半劳动力" if rng.random() < (0.75 if age < 70 and not parts else 0.3) else "丧失劳动力"
        elif "患有大病" in parts or (
            disabled and (row["disability"] in ("智力", "精神", "多重") or rng.random() < 0.4)
        ):
            skill = "丧失劳动力" if rng.random() < 0.5 else "弱劳动力或半劳动力"
        elif parts:
            skill = "弱劳动力或半劳动力" if rng.random() < 0.6 else "普通劳动力"
        else:
            r = rng.random()
            skill = "技能劳动力" if r < 0.2 else "弱劳动力或半劳动力" if r < 0.26 else "普通劳动力"
        row["labour_skill"] = skill
        has_phone = age >= 16 and rng.random() < (0.4 if old else 0.5 if student else 0.88)
        row["phone"] = names.phone(rng) if has_phone else None
        row["two_after"] = True if 16 <= age <= 20 and not student and education in ("初中", "高中") else None

    # ---- employment ---------------------------------------------------------------------------------------

    def employment(self, people: list[_Person], labour: list[_Person], zero: bool, site: names.Site) -> None:
        rng = self.rng
        for p in people:
            if p.labour:
                if zero:
                    if rng.random() < 0.4:
                        self.ended_spell(p, names.FORM.pick(rng), site)
                    if rng.random() < 0.2:
                        self.ongoing_spell(p, "农业生产经营" if rng.random() < 0.85 else "其他", site)
                    continue
                p_work = {"技能劳动力": 0.93, "普通劳动力": 0.8}.get(p.row["labour_skill"], 0.45)
                if rng.random() < p_work:
                    weak = p.row["labour_skill"] == "弱劳动力或半劳动力"
                    self.employ(p, (names.WEAK_FORM if weak else names.FORM).pick(rng), site)
                elif rng.random() < 0.3:
                    self.ended_spell(p, names.FORM.pick(rng), site)
                elif rng.random() < 0.15:
                    self.ongoing_spell(p, "农业生产经营", site)
            elif 60 <= p.age < 70 and p.row["labour_skill"] == "弱劳动力或半劳动力":
                r = rng.random()
                if r < 0.07 and not zero:
                    self.ongoing_spell(p, WELFARE, site)
                elif r < 0.17:
                    self.ongoing_spell(p, "农业生产经营", site)
        if labour and not zero and not any(p.employed for p in people):
            best = min(labour, key=lambda p: LABOUR_SKILLS.index(p.row["labour_skill"]))
            self.employ(best, names.FORM.pick(rng), site)
        for p in labour:
            self.intents(p, zero)

    def employ(self, p: _Person, form: str, site: names.Site) -> None:
        if self.rng.random() < 0.15:  # worked before, stopped, and found a new job since
            start = self.ongoing_spell(p, form, site, max_months=18)
            self.ended_spell(p, names.FORM.pick(self.rng), site, before=start)
        else:
            self.ongoing_spell(p, form, site)

    def _earliest(self, p: _Person) -> int:
        birth: date = p.row["birth_date"]
        return birth.year * 12 + birth.month - 1 + 16 * 12 + 1

    def ongoing_spell(self, p: _Person, form: str, site: names.Site, max_months: int = 72) -> int:
        back = int(self.rng.triangular(0, max_months, 4))
        start = min(self.today_m, max(self._earliest(p), self.today_m - back))
        p.spells.append(self.spell(p, form, start, None, site))
        p.employed = p.employed or form in COUNTING_FORMS
        return start

    def ended_spell(self, p: _Person, form: str, site: names.Site, before: int | None = None) -> None:
        rng = self.rng
        end = (before - rng.randint(1, 6)) if before is not None else self.today_m - rng.randint(1, 20)
        start = max(self._earliest(p), end - rng.randint(2, 30))
        if start <= end:
            p.spells.append(self.spell(p, form, start, end, site))

    def spell(self, p: _Person, form: str, start: int, end: int | None, site: names.Site) -> Row:
        rng = self.rng
        surname = p.row["name"][0]
        scope, place, employer, industry = names.workplace(rng, form, site.town, site.row["name"], surname)
        if form == WELFARE:
            income = rng.choice((500, 600, 600, 800, 800, 1000))
        else:
            low, high, mode = names.INCOME[form]
            income = int(rng.triangular(low, high, mode)) // 100 * 100
        organised = form == "外出务工" and rng.random() < 0.35
        row: Row = {
            "id": self.uid(),
            "member_id": p.row["id"],
            "form": form,
            "place_scope": scope,
            "place": place,
            "employer": employer,
            "industry": industry,
            "start_month": _month(start),
            "end_month": None if end is None else _month(end),
            "monthly_income": income,
            "organised": organised,
            "point_to_point": organised and rng.random() < 0.5,
        }
        if form in (WELFARE, "县内务工", "就业帮扶车间"):
            row["contract_start"] = self.contract_start(start, end)
            row["contract_end"] = _year_later(row["contract_start"])
            row["accident_insurance"] = form == WELFARE or rng.random() < 0.9
            if form == WELFARE:
                row["welfare_post_type"] = names.WELFARE_POST.pick(rng)
        if scope == "省外" and end is None and start <= self.today_m - 3 and rng.random() < 0.35:
            row["transport_subsidy"] = rng.choice((300, 400, 500, 600, 800, 1000))
            row["transport_subsidy_year"] = self.today.year
        return row

    def contract_start(self, start: int, end: int | None) -> date:
        """The day the spell's current yearly contract began: the last term that began by the end of the spell (or
        today), each term on the day of the month the first began.

        A post renewed every year ends its contract on a day of the month it began: one whose term comes round later
        this month is still on last year's contract, which ends in a few days (it was taken as renewed on the 1st,
        and on the first days of a month the demo's 合同即将到期 list was empty). And a renewal is not always in the
        records the day it is signed: a few contracts renewed in the last month are still on the one that has just
        ended (已到期), as a station sees until the new contract is entered. Those few are drawn from a random
        stream of their own, so the rest of the demo is the same for a seed and a day."""
        last = self.today_m if end is None else end
        term_month = start + (last - start) // 12 * 12
        signed = date(term_month // 12, term_month % 12 + 1, self.rng.randint(1, 28))
        renewed = term_month > start  # the spell had a term before this one
        if renewed and end is None:
            if signed > self.today:  # this year's term has not begun yet
                return date(signed.year - 1, signed.month, signed.day)
            if (self.today - signed).days < LATE_RENEWAL_DAYS and self.paperwork.random() < LATE_RENEWAL_SHARE:
                return date(signed.year - 1, signed.month, signed.day)
        if signed > self.today:  # a spell begun this month: its contract by today
            return date(signed.year, signed.month, 1)
        return signed

    def intents(self, p: _Person, zero: bool) -> None:
        rng, row = self.rng, p.row
        row["job_intent"] = True if p.employed else rng.random() < 0.75
        if row["job_intent"] and not p.employed and rng.random() < 0.6:
            row["job_intent_note"] = rng.choice(names.JOB_WISHES)
        row["training_intent"] = rng.random() < (0.5 if zero else 0.3)
        if row["training_intent"]:
            row["training_intent_note"] = rng.choice(names.TRAINING_WISHES)
        row["trained"] = rng.random() < 0.25
        if row["trained"]:
            row["trained_note"] = rng.choice(names.TRAINED_COURSES)
        weak = row["health"] != "健康" or row["labour_skill"] == "弱劳动力或半劳动力"
        row["hard_to_employ"] = weak and rng.random() < 0.5
        if not p.employed:
            row["unemployment_reason"] = names.REASON.pick(rng)

    # ---- visits and measures ------------------------------------------------------------------------------

    def visits(self, hh: Row, site: names.Site) -> list[Row]:
        rng = self.rng
        days = sorted(self.day_before_today(0, 364) for _ in range(rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0]))
        rows = []
        for i, day in enumerate(days):
            outcome = "入户" if i == 0 else names.VISIT_OUTCOME.pick(rng)
            rows.append({
                "id": self.uid(),
                "household_id": hh["id"],
                "visited_on": day,
                "surveyor": rng.choice(site.staff),
                "outcome": outcome,
                "notes": rng.choice(names.VISIT_NOTES) if outcome in ("入户", "电话核实") else None,
            })  # fmt: skip
        return rows

    def measures(self, hh: Row, labour: list[_Person], zero: bool, site: names.Site) -> list[Row]:
        rng = self.rng
        rows: list[Row] = []

        def measure(kind: str, member: _Person | None, closed: bool) -> None:
            started = self.day_before_today(5, 200)
            due = started + timedelta(days=rng.randint(30, 120))
            closed_on = min(self.today, started + timedelta(days=rng.randint(7, 90))) if closed else None
            rows.append({
                "id": self.uid(),
                "household_id": hh["id"],
                "member_id": member.row["id"] if member else None,
                "kind": kind,
                "started_on": started,
                "staff": rng.choice(site.staff),
                "due_on": due,
                "closed_on": closed_on,
                "outcome": rng.choice(names.MEASURE_OUTCOMES) if closed else None,
            })  # fmt: skip

        if zero:
            if rng.random() < 0.2:
                measure(names.OTHER_MEASURE.pick(rng), rng.choice(labour), True)
            if rng.random() < 0.88:
                measure(names.ZERO_MEASURE.pick(rng), rng.choice(labour), False)
        elif rng.random() < 0.1:
            measure(names.OTHER_MEASURE.pick(rng), rng.choice(labour) if labour else None, rng.random() < 0.6)
        return rows

    # ---- data-quality problems ----------------------------------------------------------------------------

    def problem(self, hh: Row, people: list[_Person], zero: bool, site: names.Site) -> None:
        """Give the household one problem a rule will catch (another kind if this household cannot have it)."""
        while not self.apply_problem(names.PROBLEM.pick(self.rng), hh, people, zero, site):
            pass

    def apply_problem(self, kind: str, hh: Row, people: list[_Person], zero: bool, site: names.Site) -> bool:
        rng = self.rng
        spells = [s for p in people for s in p.spells]
        welfare = [s for s in spells if s["form"] == WELFARE]
        labour = [p for p in people if p.labour]
        if kind == "checksum":
            row = rng.choice(people).row
            number, digits = row["id_number"], "0123456789X"
            row["id_number"] = number[:-1] + digits[(digits.index(number[-1]) + rng.randint(1, 10)) % 11]
        elif kind == "phone_missing":
            hh["phone"] = people[0].row["phone"] = None
        elif kind == "phone_short":
            hh["phone"] = hh["phone"][:10]
        elif kind == "two_heads":
            adults = [p for p in people[1:] if p.age >= 18]
            if not adults:
                return False
            rng.choice(adults).row["relation"] = "户主"
        elif kind == "no_head":
            people[0].row["relation"] = None
        elif kind == "child_employed":
            children = [p for p in people if 12 <= p.age < 16]
            if not children or zero:  # (a zero-employment household stays one)
                return False
            child = rng.choice(children)
            form = "灵活就业" if rng.random() < 0.5 else "外出务工"
            child.spells.append(self.spell(child, form, self.today_m - rng.randint(0, 6), None, site))
        elif kind == "elderly_labour":
            elderly = [p for p in people if p.age >= 60]
            if not elderly:
                return False
            rng.choice(elderly).row["labour_skill"] = "普通劳动力"
        elif kind in ("welfare_uninsured", "welfare_long"):
            if not welfare:  # give a labour member a post first, unless that would end a zero-employment household
                if not labour or zero:
                    return False
                self.ongoing_spell(worker := rng.choice(labour), WELFARE, site)
                welfare = worker.spells[-1:]
            spell = rng.choice(welfare)
            if kind == "welfare_uninsured":
                spell["accident_insurance"] = False
            else:
                spell["contract_end"] = _year_later(spell["contract_start"], 2)
        elif kind in ("income_low", "income_high"):
            if not spells:
                return False
            low = kind == "income_low"
            rng.choice(spells)["monthly_income"] = rng.randint(0, 3) * 100 if low else rng.randint(31, 60) * 1000
        elif kind == "duplicate_id":
            # A woman still listed in the household she married out of: same person, same ID, two households.
            # Only a woman of working age is replaced, so whether she counts as labour stays the same.
            wives = [p for p in people if p.row["relation"] in ("配偶", "之儿媳") and not p.male and 20 <= p.age < 60]
            if not wives or not self.brides:
                return False
            name, number, birth, ethnicity = rng.choice(self.brides)
            wives[0].row.update(name=name, id_number=number, birth_date=birth, ethnicity=ethnicity)
        return True


def generate(
    households: int, seed: int, today: date, *, chunk_households: int = 2000, sites: int | None = None
) -> Iterator[Chunk]:
    """Demo rows in chunks of ``chunk_households`` households: {table: [row, …]}, parents before children.

    The first chunk also holds the sites (``sites`` of them; by default one per 3,500 households, at least 3). The
    rows are the same for the same seed, today and number of sites, whatever the chunk size.
    """
    if households < 0 or chunk_households < 1:
        raise ValueError("households must be ≥ 0 and chunk_households ≥ 1")
    demo = _Demo(households, seed, today, sites)
    done = 0
    chunk: Chunk = {table: [] for table in TABLES}
    chunk["sites"] = [site.row for site in demo.sites]
    while True:
        for _ in range(min(chunk_households, households - done)):
            demo.household(chunk)
        done += len(chunk["households"])
        yield chunk
        if done >= households:
            return
        chunk = {table: [] for table in TABLES}


def write_demo(
    store: Store,
    households: int,
    seed: int = 1,
    today: date | None = None,
    chunk_households: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Write demo data into ``store``, one transaction per chunk; ``progress(done, total)`` after each."""
    today = today or date.today()
    started = time.perf_counter()
    counts = dict.fromkeys(TABLES, 0)
    done = 0
    for chunk in generate(households, seed, today, chunk_households=chunk_households):
        with store.unit_of_work("demo") as uow:
            for table, rows in chunk.items():
                counts[table] += uow.insert_rows(MODEL_BY_TABLE[table], rows)
        done += len(chunk["households"])
        if progress is not None:
            progress(done, households)
    return DemoSummary(counts, seed, today, names.COUNTY, time.perf_counter() - started)

"""The worklists: what each means (on hand-made households), and that the SQL returns exactly what the
per-household rules say, over thousands of random households with random dates and settings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from forms.records import Employment, Household, Measure, Member
from forms.rules import followup
from forms.settings import RuleSettings
from forms.store import Store
from forms.worklists import WORKLISTS, count_worklist, run_worklist, worklist_select
from tests.factories import add_household, add_member, add_site
from tests.test_rules_support import ON, RandomDb, fresh_store, household, job, person, random_dbs

DEFAULT = RuleSettings()


def members_on(name: str, *args: object, since: date = date(2026, 1, 1), s: RuleSettings = DEFAULT) -> set[str]:
    bundle = household(*args)  # type: ignore[arg-type]
    return {key[1] for key in followup.RULES[name](bundle, s, ON, since)}


def test_became_unemployed_since_a_date() -> None:
    worker = person("王五", age=35)
    ended = job(worker, start="2025-03", end="2026-08")
    home = household(worker, spells=[ended])
    assert followup.became_unemployed(home, DEFAULT, ON, date(2026, 8, 1)) == {(home.household.id, worker.id)}
    assert followup.became_unemployed(home, DEFAULT, ON, date(2026, 9, 1)) == set()  # ended before the date
    rehired = household(worker, spells=[ended, job(worker, start="2026-10")])
    assert followup.became_unemployed(rehired, DEFAULT, ON, date(2026, 1, 1)) == set()
    ending_now = household(worker, spells=[job(worker, start="2025-03", end="2026-11")])
    assert followup.became_unemployed(ending_now, DEFAULT, ON, date(2026, 1, 1)) == set()  # still this month


def test_became_unemployed_by_default_lists_a_job_that_ended_in_december(store: Store) -> None:
    """§(十三): 对就业转失业的及时提供职业指导、职业介绍等服务. A job ending in December still counts that month, so
    the default list must show the person in January; looking back only to 1 January it never did (in January
    nothing has ended since 1 January yet), and the person was never on the list at all."""
    january = date(2027, 1, 15)
    worker = person("冯十一", age=35)
    home = household(worker, spells=[job(worker, form="县内务工", start="2025-03", end="2026-12")])
    keys = {(home.household.id, worker.id)}
    assert followup.became_unemployed(home, DEFAULT, january, followup.default_since(january)) == keys
    assert followup.default_since(date(2026, 11, 29)) == date(2026, 1, 1)  # the rest of the year is unchanged
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        stored = add_household(uow, site, room="101", status="已完成")
        member = add_member(uow, stored, "冯十一", relation="户主", sex="男", birth_date=date(1990, 1, 1),
                            labour_skill="普通劳动力")  # fmt: skip
        uow.add(Employment(member_id=member.id, form="县内务工", place_scope="县内", start_month="2025-03",
                           end_month="2026-12"))  # fmt: skip
    with store.engine.connect() as conn:
        [row] = run_worklist(conn, "became_unemployed", DEFAULT, january).rows
    assert row.member_name == "冯十一" and row.detail["last_end_month"] == "2026-12"


def test_became_unemployed_lists_only_jobs_that_counted_as_employment(store: Store) -> None:
    """就业转失业 is reported upward as people who were 就业 and are no longer. A child's job was never counted as
    就业 (not in 就业人数, not lifting 零就业: 劳动法 §15), so the list named a 15-year-old whose job ended, and one
    whose job ended before they turned 16, as "turned unemployed". Someone who turned 16 while working counted
    from that day: their lost job is on the list, also when the birthday fell in the month it ended."""
    from forms.rules.loading import load_bundles

    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow), room="101", household_type="脱贫户", status="已完成")

        def ended_job(name: str, born: date, start: str, end: str) -> None:
            young = add_member(uow, home, name, relation="之子", sex="男", birth_date=born, labour_skill="普通劳动力")
            uow.add(Employment(member_id=young.id, form="县内务工", place_scope="县内", start_month=start,
                               end_month=end))  # fmt: skip

        ended_job("甲十五", date(2011, 3, 1), "2026-04", "2026-08")  # 15 now: never counted
        ended_job("乙当时十五", date(2010, 6, 1), "2026-01", "2026-03")  # turned 16 in June, after it ended
        ended_job("丙满十六", date(2010, 5, 10), "2026-01", "2026-08")  # counted from 10 May
        ended_job("丁当月满十六", date(2010, 8, 31), "2026-06", "2026-08")  # counted on 31 August, its last day
        ended_job("戊差一天", date(2010, 9, 1), "2026-06", "2026-08")  # 16 on 1 September: the job had ended
    with store.engine.connect() as conn:
        rows = run_worklist(conn, "became_unemployed", DEFAULT, ON).rows
        bundles = load_bundles(conn, [home.id])
    assert sorted(str(row.member_name) for row in rows) == ["丁当月满十六", "丙满十六"]
    expected = followup.listed("became_unemployed", bundles, DEFAULT, ON, followup.default_since(ON))
    assert {row.key for row in rows} == expected


def test_job_seekers_are_labour_members_who_want_work_and_have_none() -> None:
    seeker = person("李四", age=30, job_intent=True)
    busy = person("王五", age=30, job_intent=True)
    old = person("赵六", age=61, job_intent=True)
    home = household(seeker, busy, old, spells=[job(busy)])
    assert {k[1] for k in followup.job_seekers(home, DEFAULT, ON, ON)} == {seeker.id}


def test_training_and_two_after_lists_follow_their_flags() -> None:
    a, b = person("甲", age=17, training_intent=True, two_after=True), person("乙", age=40, training_intent=False)
    home = household(a, b)
    assert {k[1] for k in followup.training(home, DEFAULT, ON, ON)} == {a.id}
    assert {k[1] for k in followup.two_after(home, DEFAULT, ON, ON)} == {a.id}


def test_transport_subsidy_needs_three_months_outside_the_province_and_no_payment_this_year() -> None:
    worker = person("孙七", age=30)

    def eligible(*spells: object) -> bool:
        home = household(worker, spells=list(spells), household_type="脱贫户")  # type: ignore[arg-type]
        return bool(followup.transport_subsidy(home, DEFAULT, ON, ON))

    assert eligible(job(worker, start="2026-08"))  # August, September, October done by late November
    assert not eligible(job(worker, start="2026-09"))
    assert not eligible(job(worker, start="2026-08", place_scope="省内县外"))
    # §(四) 外出务工且稳定就业3个月以上: August to October is three months of work even if he has come home since
    # (the list used to want him still away; the policy does not)
    assert eligible(job(worker, start="2026-08", end="2026-10"))
    assert not eligible(job(worker, start="2026-09", end="2026-10"))
    assert eligible(job(worker, start="2026-08", end="2026-11"))  # ending this month: still ongoing
    assert not eligible(job(worker, start="2025-03", end="2025-12"))  # last year's work
    assert not eligible(job(worker, start="2026-08", transport_subsidy_year=2026))
    assert eligible(job(worker, start="2026-08", transport_subsidy_year=2025))
    assert not eligible(
        job(worker, start="2026-08"), job(worker, start="2025-01", end="2025-06", transport_subsidy_year=2026)
    )


def test_service_subsidy_needs_organised_export_for_three_months() -> None:
    worker = person("周八", age=30)
    home = household(worker, spells=[job(worker, start="2026-08", organised=True)], household_type="脱贫户")
    assert followup.service_subsidy(home, DEFAULT, ON, ON) == {(home.household.id, worker.id)}
    plain = household(worker, spells=[job(worker, start="2026-08")], household_type="脱贫户")
    assert not followup.service_subsidy(plain, DEFAULT, ON, ON)


def test_subsidies_are_for_members_of_poverty_alleviated_households_only() -> None:
    """云人社通 2021 第49号 §(四): 对外出务工且稳定就业3个月以上的脱贫人口 … 给予一次性外出务工交通补助; the service
    subsidy is for 组织当地脱贫人口有组织劳务输出. A 一般农户 (a 随迁户, say) working the same job gets neither."""
    worker = person("郑十", age=30)
    spells = [job(worker, start="2026-08", organised=True)]
    for rule in (followup.transport_subsidy, followup.service_subsidy):
        poor = household(worker, spells=spells, household_type="脱贫户")
        assert rule(poor, DEFAULT, ON, ON) == {(poor.household.id, worker.id)}
        for other in ("一般农户", None):
            assert rule(household(worker, spells=spells, household_type=other), DEFAULT, ON, ON) == set()


def test_subsidy_worklists_leave_out_general_households(store: Store) -> None:
    """The SQL lists agree: §(四)'s subsidies are for 脱贫人口, so a 一般农户 member is not listed."""
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for room, kind in (("101", "脱贫户"), ("102", "一般农户")):
            home = add_household(uow, site, room=room, household_type=kind, status="已完成")
            worker = add_member(uow, home, f"王{room}", relation="户主", sex="男", birth_date=date(1990, 1, 1),
                                labour_skill="普通劳动力")  # fmt: skip
            uow.add(Employment(member_id=worker.id, form="外出务工", place_scope="省外", start_month="2026-06",
                               organised=True))  # fmt: skip
    with store.engine.connect() as conn:
        for name in ("transport_subsidy", "service_subsidy"):
            assert [row.address for row in run_worklist(conn, name, DEFAULT, ON).rows] == ["101"], name


def add_posts_ticked_organised(store: Store) -> None:
    """One 脱贫户, each of its workers in stable work since June and every spell ticked 有组织劳务输出: 王岗 on a
    乡村公益性岗位, 王间 in a 就业帮扶车间, 王外 on a 公益性岗位 and also sent 省外 by a broker."""
    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow), room="101", household_type="脱贫户", status="已完成")
        for name, forms in (
            ("王岗", ["乡村公益性岗位"]),
            ("王间", ["就业帮扶车间"]),
            ("王外", ["乡村公益性岗位", "外出务工"]),
        ):
            worker = add_member(uow, home, name, relation="户主" if name == "王岗" else "之子", sex="男",
                                birth_date=date(1990, 1, 1), labour_skill="普通劳动力")  # fmt: skip
            for form in forms:
                scope = "省外" if form == "外出务工" else "县内"
                uow.add(Employment(member_id=worker.id, form=form, place_scope=scope, start_month="2026-06",
                                   organised=True))  # fmt: skip


def test_the_service_subsidy_leaves_out_a_post_or_workshop_ticked_organised(store: Store) -> None:
    """云人社通 2021 第49号 §(四): 就业创业服务补助 is paid for 组织当地脱贫人口有组织劳务输出, sending people out to
    work; a 乡村公益性岗位 (§(十二)) or 就业帮扶车间 (§(九)) is work at home, and `employment.organised_local` says the
    tick is wrong. The list still named the post holder and the workshop worker, for a broker to claim 100 元 each.
    A worker with a post and a real organised job 省外 stays listed, for the job."""
    add_posts_ticked_organised(store)
    from forms.rules.loading import load_bundles

    with store.engine.connect() as conn:
        [row] = run_worklist(conn, "service_subsidy", DEFAULT, ON).rows
        assert row.member_name == "王外"
        assert count_worklist(conn, "service_subsidy", DEFAULT, ON) == 1
        bundles = load_bundles(conn, conn.execute(select(Household.id)).scalars())
    assert followup.listed("service_subsidy", bundles, DEFAULT, ON, ON) == {row.key}


def add_turning_sixteen(store: Store) -> None:
    """One 脱贫户: 李今 turns 16 on ON, 李明 the day after; both sent 省外 by a broker since June. Their father 李父,
    of labour age, has no job."""
    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow), room="101", household_type="脱贫户", status="草稿")
        add_member(uow, home, "李父", relation="户主", sex="男", birth_date=date(1980, 1, 1), labour_skill="普通劳动力")
        for name, born in (("李今", date(2010, 11, 29)), ("李明", date(2010, 11, 30))):
            child = add_member(uow, home, name, relation="之子", sex="男", birth_date=born, labour_skill="无劳动力")
            uow.add(Employment(member_id=child.id, form="外出务工", place_scope="省外", start_month="2026-06",
                               organised=True))  # fmt: skip


def test_the_subsidy_lists_leave_out_a_worker_under_16_on_the_lists_date(store: Store) -> None:
    """A child's job is not lawful employment (劳动法 §15; the member rule says 未满16周岁有就业 is an error to
    correct): it is not the 外出务工且稳定就业 §(四)'s 交通补助 is for, nor a 劳务输出 to pay a broker for. A boy of 15
    sent to Guangdong was on both lists. He turns 16 tomorrow: from tomorrow he is listed; his brother turned 16
    today and is listed today."""
    from forms.rules.loading import load_bundles

    add_turning_sixteen(store)
    with store.engine.connect() as conn:
        bundles = load_bundles(conn, conn.execute(select(Household.id)).scalars())
        for name in ("transport_subsidy", "service_subsidy"):
            for on, listed in ((ON, ["李今"]), (ON + timedelta(days=1), ["李今", "李明"])):
                rows = run_worklist(conn, name, DEFAULT, on).rows
                assert sorted(str(row.member_name) for row in rows) == listed, (name, on)
                assert count_worklist(conn, name, DEFAULT, on) == len(listed), (name, on)
                assert {row.key for row in rows} == followup.listed(name, bundles, DEFAULT, on, on), (name, on)


def add_came_home(store: Store) -> None:
    """Three members of one 脱贫户 back from organised work outside the province: 王一 worked March to July this year,
    王二 September to October (two months), 王三 March to December last year."""
    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow), room="101", household_type="脱贫户", status="已完成")
        for name, start, end in (("王一", "2026-03", "2026-07"), ("王二", "2026-09", "2026-10"),
                                 ("王三", "2025-03", "2025-12")):  # fmt: skip
            worker = add_member(uow, home, name, relation="户主" if name == "王一" else "之子", sex="男",
                                birth_date=date(1990, 1, 1), labour_skill="普通劳动力")  # fmt: skip
            uow.add(Employment(member_id=worker.id, form="外出务工", place_scope="省外", start_month=start,
                               end_month=end, organised=True))  # fmt: skip


def test_subsidies_list_a_worker_who_came_home_after_three_months_this_year(store: Store) -> None:
    """§(四): 对外出务工且稳定就业3个月以上的脱贫人口 … 给予一次性外出务工交通补助（每年享受1次）, and the service
    subsidy is claimed 凭 … 外出务工收入证明材料: both after the work. A worker back home in August after five
    months in Guangdong was on neither list (they wanted him still away on the day), so at the year-end round he
    was never paid. Work of this year counts; two months, or last year's work, does not."""
    add_came_home(store)
    with store.engine.connect() as conn:
        for name in ("transport_subsidy", "service_subsidy"):
            assert [row.member_name for row in run_worklist(conn, name, DEFAULT, ON).rows] == ["王一"], name
            assert count_worklist(conn, name, DEFAULT, ON) == 1, name
        # in January nothing has ended "this year" yet: last year's round was the time for 王一
        assert not run_worklist(conn, "transport_subsidy", DEFAULT, date(2027, 1, 10)).rows


def add_twins(store: Store, start: str = "2026-06", code: str = "S01") -> dict[str, str]:
    """One 脱贫户 family entered twice (rooms 101 and 202): 王五 in both, once by his ID number and once by his
    残疾人证 number (the ID number and two more), in organised work outside the province since ``start``; and 李六,
    with no number, in both. Returns member ids by "room name"."""
    number = "530326199001010017"
    ids = {}
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow, code=code)
        for room, suffix in (("101", ""), ("202", "41")):
            home = add_household(uow, site, hh_number=f"5303260{room}", room=room, household_type="脱贫户",
                                 status="已完成")  # fmt: skip
            for name, id_number in (("王五", number + suffix), ("李六", None)):
                worker = add_member(uow, home, name, relation="户主" if name == "王五" else "之子", sex="男",
                                    birth_date=date(1990, 1, 1), id_number=id_number,
                                    labour_skill="普通劳动力")  # fmt: skip
                uow.add(Employment(member_id=worker.id, form="外出务工", place_scope="省外", start_month=start,
                                   organised=True))  # fmt: skip
                ids[f"{room} {name}"] = worker.id
    return ids


def test_a_person_recorded_in_two_households_is_on_each_subsidy_list_once(store: Store) -> None:
    """Two households holding one 证件号码 (a family entered twice) listed the person twice on both subsidy lists,
    and a 交通补助 paid on one copy left the other on the list: paid twice. Now each person is listed once, says
    the other household holds them too, and a payment on any copy takes them off."""
    ids = add_twins(store)
    with store.engine.connect() as conn:
        for name in ("transport_subsidy", "service_subsidy"):
            rows = run_worklist(conn, name, DEFAULT, ON).rows
            wang = [row for row in rows if row.member_name == "王五"]
            assert len(wang) == 1 and wang[0].detail["other_households"] == 1, name
            li = [row for row in rows if row.member_name == "李六"]  # no number: each is their own person
            assert len(li) == 2 and all(row.detail["other_households"] == 0 for row in li), name
            assert count_worklist(conn, name, DEFAULT, ON) == len(rows) == 3
    listed = wang[0].member_id
    other = ids["202 王五"] if listed == ids["101 王五"] else ids["101 王五"]
    with store.unit_of_work("zhang") as uow:  # paid, and recorded on the copy not listed
        spell = uow.session.scalars(select(Employment).where(Employment.member_id == other)).one()
        spell.transport_subsidy, spell.transport_subsidy_year = 800, ON.year
    with store.engine.connect() as conn:
        transport = run_worklist(conn, "transport_subsidy", DEFAULT, ON).rows
        service = run_worklist(conn, "service_subsidy", DEFAULT, ON).rows
    assert [row.member_name for row in transport] == ["李六", "李六"]
    assert sorted(row.member_name for row in service) == ["李六", "李六", "王五"]  # no payment field: still once


def add_zero_households(store: Store, on: date) -> None:
    """Three 零就业 households: 101 with an open measure without a 计划完成日期, 102 with only a closed measure, 103
    with a measure due in 20 days."""
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for room in ("101", "102", "103"):
            home = add_household(uow, site, room=room, status="草稿")
            add_member(uow, home, f"赵{room}", relation="户主", sex="男", birth_date=date(1990, 1, 1),
                       labour_skill="普通劳动力")  # fmt: skip
            if room == "101":
                uow.add(Measure(household_id=home.id, kind="职业介绍", started_on=on))
            elif room == "102":
                uow.add(Measure(household_id=home.id, kind="职业介绍", started_on=on - timedelta(days=90),
                                due_on=on - timedelta(days=30), closed_on=on - timedelta(days=10)))  # fmt: skip
            else:
                uow.add(Measure(household_id=home.id, kind="技能培训", started_on=on, due_on=on + timedelta(days=20)))


def test_the_zero_employment_list_knows_an_open_measure_without_a_date(store: Store) -> None:
    """A household whose only open measure has no 计划完成日期 looked like one without any measure (next_due None,
    nothing else): 待跟进 said 未制定措施. The row now counts the open measures."""
    add_zero_households(store, ON)
    with store.engine.connect() as conn:
        rows = {row.address: row.detail for row in run_worklist(conn, "zero_employment", DEFAULT, ON).rows}
    assert (rows["101"]["next_due"], rows["101"]["open_measures"]) == (None, 1)
    assert (rows["102"]["next_due"], rows["102"]["open_measures"]) == (None, 0)
    assert (rows["103"]["next_due"], rows["103"]["open_measures"]) == (ON + timedelta(days=20), 1)


def test_public_welfare_contracts_ending_within_30_days_or_already_ended() -> None:
    worker = person("吴九", age=50)

    def listed(end: date | None, month_end: str | None = None) -> bool:
        spell = job(worker, form="乡村公益性岗位", start="2026-01", end=month_end, contract_end=end)
        return bool(followup.contracts_ending(household(worker, spells=[spell]), DEFAULT, ON, ON))

    assert listed(ON + timedelta(days=30))
    assert not listed(ON + timedelta(days=31))
    assert listed(ON - timedelta(days=3))  # expired while still in post
    assert not listed(ON + timedelta(days=3), month_end="2026-10")  # the post has ended
    assert not listed(None)


def test_worklist_rows_name_the_household_and_the_member(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        home = add_household(uow, site, hh_number="530326001", building="3", unit="2", room="301", status="已完成")
        head = add_member(uow, home, "张三", relation="户主", sex="男", birth_date=date(1980, 1, 1),
                          labour_skill="普通劳动力", phone="13800000000")  # fmt: skip
        poster = add_member(uow, home, "李芳", relation="配偶", sex="女", birth_date=date(1970, 1, 1),
                            labour_skill="弱劳动力或半劳动力")  # fmt: skip
        uow.add(
            Employment(
                member_id=poster.id, form="乡村公益性岗位", start_month="2026-01", contract_end=ON + timedelta(days=10)
            )
        )
        uow.add(Measure(household_id=home.id, kind="职业介绍", started_on=ON, due_on=ON + timedelta(days=20)))
    with store.engine.connect() as conn:
        zero = run_worklist(conn, "zero_employment", RuleSettings(counting_forms=("外出务工",)), ON)
        contracts = run_worklist(conn, "contracts_ending", DEFAULT, ON)
    [row] = zero.rows
    assert (row.household_id, row.hh_number, row.address, row.head_name, row.site_name) == (
        home.id, "530326001", "3栋2单元301", "张三", "幸福社区安置点"
    )  # fmt: skip
    assert row.detail["labour"] == 2 and row.detail["next_due"] == ON + timedelta(days=20)
    assert zero.count == zero.households == 1 and zero.zh == "零就业家庭"
    [contract] = contracts.rows
    assert contract.member_name == "李芳" and contract.detail["days_left"] == 10 and contract.spell_id
    assert head.phone == "13800000000"


# ---- SQL == Python, on random data ------------------------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(db=random_dbs(min_households=100, max_households=150))
def test_every_worklist_equals_the_per_household_rules(db: RandomDb, template_db: Path, tmp_path: Path) -> None:
    """At least 100 households per example and 40 examples: over 4,000 random households per run."""
    db.assert_rich()
    bundles = db.bundles()
    with fresh_store(template_db, tmp_path, "worklists.db") as store:
        db.write(store)
        with store.engine.connect() as conn:
            assert conn.execute(select(Household.id)).all()  # the rows really are in the database
            held = followup.households_holding(bundles)
            for name in followup.RULES:
                expected = followup.listed(name, bundles, db.settings, db.on, db.since)
                rows = run_worklist(conn, name, db.settings, db.on, db.since).rows
                keys = [row.key for row in rows]
                assert len(keys) == len(set(keys)), f"{name}: a row twice"
                assert set(keys) == expected, name
                assert count_worklist(conn, name, db.settings, db.on, db.since) == len(expected)
                if name in followup.PER_PERSON:
                    members = {m.id: m for bundle in bundles for m in bundle.members}
                    people = [followup.person_of(members[row.member_id or ""]) for row in rows]
                    assert len(people) == len(set(people)), f"{name}: a person twice"
                    for row, person in zip(rows, people, strict=True):
                        assert row.detail["other_households"] == len(held[person]) - 1, name


def test_every_worklist_has_sql_and_a_python_rule() -> None:
    assert list(WORKLISTS) == list(followup.RULES)
    for name in WORKLISTS:
        assert worklist_select(name, DEFAULT, ON) is not None
    assert Member.__tablename__ == "members"


# ---- every list on a hand-made county of edge cases, at the year's ends and at a past 统计日期 --------------------


def add_edge_cases(store: Store) -> None:
    """Households that the lists' SQL (read from the spells outward, the subsidy lists per person) must treat as the
    per-household rules do: spells ended this year and last, several spells each, members who left (减员, their
    jobs and a payment kept on the tombstone), a 作废 and a tombstoned copy of a person, one number in three
    households (once as a 残疾人证 number), an empty start month, a 一般农户, and a past 统计日期's own year."""
    from forms.leaving import MOVED_OUT

    number, twin, paid_elsewhere = "530326199001010017", "530326198805050026", "530326199203030011"
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)

        def home(room: str, **fields: object) -> Household:
            fields = {"household_type": "脱贫户", "status": "已完成", **fields}
            return add_household(uow, site, hh_number=f"53032600{room}", room=room, **fields)

        def worker(where: Household, name: str, id_number: str | None = None, **fields: object) -> Member:
            fields = {"relation": "之子", "sex": "男", "birth_date": date(1990, 1, 1), "labour_skill": "普通劳动力",
                      **fields}  # fmt: skip
            return add_member(uow, where, name, id_number=id_number, **fields)

        def spell(who: Member, start: str, end: str | None = None, **fields: object) -> Employment:
            fields = {"form": "外出务工", "place_scope": "省外", "organised": True, **fields}
            return uow.add(Employment(member_id=who.id, start_month=start, end_month=end, **fields))

        a = home("101")
        head = worker(a, "赵一", number, relation="户主", job_intent=True, training_intent=True)
        spell(head, "2025-03", "2025-12")  # last year's work, then home
        spell(head, "2026-03", "2026-07")  # this year's: came home after five months
        spell(head, "2026-09", "2026-10", place_scope="县内")  # two months in the county: not counting for 3
        left = worker(a, "赵二", twin)  # left the household, with a stable job and a payment on the tombstone
        spell(left, "2026-01", None, transport_subsidy=800, transport_subsidy_year=2026)
        left.left_reason = MOVED_OUT
        uow.flush()
        uow.delete(left)
        worker(a, "赵三", two_after=True, birth_date=date(2008, 5, 1), education="初中")
        worker(a, "赵四", id_type="暂无证件号码", relation="之孙", birth_date=date(2025, 2, 1), labour_skill=None)

        b = home("102")  # the same 赵一 entered again, by his 残疾人证 number; and 赵二, who moved here
        copy = worker(b, "赵一", number + "41", relation="户主")
        spell(copy, "2026-02", None, organised=False)  # ongoing since February: stable from May
        moved = worker(b, "赵二", twin)
        spell(moved, "2026-01", None)  # paid on his tombstone in 101: not a payment of a live member

        c = home("103", status="作废")  # a voided copy of 钱五, paid there this year: that payment still counts
        spell(worker(c, "钱五", paid_elsewhere, relation="户主"), "2025-01", "2025-12", transport_subsidy_year=2026)
        d = home("104")
        qian = worker(d, "钱五", paid_elsewhere, relation="户主")
        spell(qian, "2026-04", None)
        spell(qian, "", None)  # no start month: never stable
        gone = home("105")  # tombstoned with a payment on 孙六's copy: that one does not count
        spell(worker(gone, "孙六", "530326199304040015", relation="户主"), "2026-01", None, transport_subsidy_year=2026)
        uow.flush()
        uow.delete(gone)
        e = home("106")
        sun = worker(e, "孙六", "530326199304040015", relation="户主")
        spell(sun, "2025-06", "2026-02")  # ended in February, started last year: stable this year, and unemployed

        f = home("107", household_type="一般农户")  # stable, but not a 脱贫户
        spell(worker(f, "周七", "530326199505050019", relation="户主"), "2026-01", None)
        g = home("108")  # 零就业, and a 公益性岗位 whose contract ran out while the post goes on (no labour: 65)
        worker(g, "吴八", relation="户主", job_intent=True)
        elder = worker(g, "吴九", birth_date=date(1960, 1, 1), labour_skill="普通劳动力")
        spell(elder, "2026-01", None, form="乡村公益性岗位", place_scope="县内", organised=False,
              contract_end=date(2026, 12, 20))  # fmt: skip


def test_every_list_equals_the_rules_on_edge_cases_at_the_years_ends_and_a_past_date(store: Store) -> None:
    """The lists were rewritten to read from the spells outward and to count without the rows (a county's subsidy
    lists took seconds each): on these edge cases, on the last day of the year, the first of the next, in January,
    and at a 统计日期 set back to last June, every list names exactly whom the per-household rules name."""
    from forms.rules.loading import load_bundles

    add_edge_cases(store)
    days = (ON, date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 31), date(2026, 1, 1), date(2025, 6, 15))
    with store.engine.connect() as conn:
        bundles = load_bundles(conn, conn.execute(select(Household.id)).scalars(), counting_only=False)
        held = followup.households_holding(bundles)
        members = {m.id: m for bundle in bundles for m in bundle.members}
        seen: dict[str, int] = {}
        for on in days:
            since = followup.default_since(on)
            for name in WORKLISTS:
                expected = followup.listed(name, bundles, DEFAULT, on, since)
                rows = run_worklist(conn, name, DEFAULT, on).rows
                assert sorted(row.key for row in rows) == sorted(expected), (name, on)
                assert count_worklist(conn, name, DEFAULT, on) == len(expected), (name, on)
                for row in rows if name in followup.PER_PERSON else ():
                    person = followup.person_of(members[row.member_id or ""])
                    assert row.detail["other_households"] == len(held[person]) - 1, (name, on)
                seen[name] = seen.get(name, 0) + len(rows)
        on_the_day = {name: run_worklist(conn, name, DEFAULT, ON).rows for name in WORKLISTS}
    assert all(seen.values()), seen  # every list has someone on some day: the comparison is not of empty lists
    names = {name: sorted(str(row.member_name) for row in rows) for name, rows in on_the_day.items()}
    # 赵一 once (102's copy: the least id may be either), 赵二 (the live copy, not paid), 孙六 (back in February);
    # not 钱五 (paid on the voided copy), nor 周七 (一般农户)
    assert names["transport_subsidy"] == ["孙六", "赵一", "赵二"]
    assert names["service_subsidy"] == ["孙六", "赵一", "赵二", "钱五"]  # no payment to leave anyone out
    assert names["became_unemployed"] == ["孙六", "赵一"]
    assert [row.address for row in on_the_day["zero_employment"]] == ["101", "106"]
    twice = [row for row in on_the_day["transport_subsidy"] if row.member_name == "赵一"]
    assert twice[0].detail["other_households"] == 1


def test_contracts_ending_go_by_the_day_they_end_then_door_by_door(store: Store) -> None:
    """合同即将到期 is read soonest first; on one day, door by door (201 before 1002: SQL had them as text)."""
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for room, days in (("1002", 10), ("201", 10), ("301", 5)):
            home = add_household(uow, site, building="1", unit="1", room=room, status="已完成")
            poster = add_member(uow, home, f"住{room}", relation="户主", sex="女", birth_date=date(1970, 1, 1))
            uow.add(Employment(member_id=poster.id, form="乡村公益性岗位", start_month="2026-01",
                               contract_end=ON + timedelta(days=days)))  # fmt: skip
    with store.engine.connect() as conn:
        rows = run_worklist(conn, "contracts_ending", DEFAULT, ON).rows
    assert [row.address for row in rows] == ["1栋1单元301", "1栋1单元201", "1栋1单元1002"]

"""The dashboard's figures per site agree with the per-household rule code on a demo county."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from forms.demo import write_demo
from forms.excel.export import ExportOptions, export
from forms.records import Employment, Household, Measure, Member, Site
from forms.rules.household_rules import household_figures
from forms.rules.labour import is_employed, is_labour_member
from forms.rules.loading import load_bundles
from forms.settings import load_settings
from forms.store import Store
from forms.summary import county_figures
from forms.worklists import WORKLISTS, count_worklist
from tests.factories import add_household, add_member, add_site

TODAY = date(2026, 11, 29)


def test_site_figures_equal_the_sum_of_household_figures(store: Store) -> None:
    write_demo(store, 400, seed=11, today=TODAY)
    settings = load_settings(store)
    expected: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with store.engine.connect() as conn:
        figures = county_figures(conn, settings, TODAY)
        ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM households")]
        for bundle in load_bundles(conn, ids):
            f = household_figures(bundle, settings, TODAY)
            labour_employed = sum(
                is_labour_member(m.birth_date, m.sex, m.student_status, m.labour_skill, settings, TODAY)
                and is_employed(bundle.spells_of(m.id), settings, TODAY)
                for m in bundle.live_members
            )
            site = expected[bundle.household.site_id or ""]
            site[0] += 1
            site[1] += f.labour_household
            site[2] += f.labour
            site[3] += f.zero_employment
            site.append(labour_employed)
    for site in figures.sites:
        want = expected[site.site_id]
        assert (site.households, site.labour_households, site.labour_members, site.zero_employment_households) == (
            want[0],
            want[1],
            want[2],
            want[3],
        )
        assert site.employed_members == sum(want[4:])
    total = figures.total()
    assert total.households == 400 and 0 < total.zero_employment_households < total.labour_households
    assert total.employment_rate is not None and 0.5 < total.employment_rate < 1


def test_a_county_counted_by_hand(store: Store, tmp_path: Path) -> None:
    """Every edge case once, each figure worked out by hand from DESIGN.md §4 on 2026-11-30, against the 工作台's
    figures, the 汇总表 and the lists a clerk exports."""
    on = date(2026, 11, 30)
    with store.unit_of_work("qa") as uow:
        a, b = add_site(uow, "S01", "阳光社区安置点"), add_site(uow, "S02", "幸福社区安置点")
        uow.flush()

        def household(site: Site, **fields: Any) -> Household:
            household = add_household(uow, site, household_type=fields.pop("household_type", "脱贫户"), **fields)
            uow.flush()
            return household

        def member(h: Household, born: date, sex: str = "男", skill: str | None = "普通劳动力", **f: Any) -> Member:
            added = add_member(uow, h, f"{h.room}-{born}", birth_date=born, sex=sex, labour_skill=skill, **f)
            uow.flush()
            return added

        def spell(m: Member, form: str, scope: str | None, start: str, end: str | None = None, **f: Any) -> None:
            uow.add(Employment(member_id=m.id, form=form, place_scope=scope, start_month=start, end_month=end, **f))

        # 阳光: no labour (70, a woman of 65, a pupil, 丧失劳动力)
        h = household(a, room="101")
        member(h, date(1956, 3, 1), relation="户主")
        member(h, date(1961, 3, 1), "女", "弱劳动力或半劳动力")
        member(h, date(2014, 3, 1), skill=None, student_status="小学")
        member(h, date(1996, 3, 1), "女", "丧失劳动力")
        # labour 2, one employed 省外 since March (organised, trained): both subsidies
        h = household(a, room="102")
        spell(member(h, date(1986, 5, 1), trained=True), "外出务工", "省外", "2026-03", organised=True)
        member(h, date(1988, 5, 1), "女")
        # 零就业 with an open dated measure; 零就业 whose job ended last month (就业转失业)
        h = household(a, room="201")
        member(h, date(1981, 1, 1))
        member(h, date(1984, 1, 1), "女", "弱劳动力或半劳动力")
        uow.add(Measure(household_id=h.id, kind="职业介绍", started_on=on, due_on=date(2026, 12, 31)))
        skilled = member(household(a, room="202"), date(1976, 1, 1), skill="技能劳动力")
        spell(skilled, "县内务工", "县内", "2025-04", "2026-10")
        # a job starting next month; a woman of 55 in a 公益性岗位 whose contract ends within 30 days
        h = household(a, room="203")
        spell(member(h, date(1996, 1, 1)), "外出务工", "省内县外", "2026-12")
        welfare = member(h, date(1971, 2, 1), "女", "弱劳动力或半劳动力")
        spell(welfare, "乡村公益性岗位", "县内", "2026-01", contract_end=date(2026, 12, 15))
        # voided; an employed member deleted (the one left is labour and not employed: 零就业)
        member(household(a, room="301", status="作废"), date(1991, 1, 1))
        h = household(a, room="302")
        gone = member(h, date(2001, 1, 1))
        spell(gone, "灵活就业", "县内", "2026-01")
        member(h, date(1998, 1, 1), "女")
        # moved from 阳光 to 幸福 below
        moved = household(a, room="801")
        spell(member(moved, date(1993, 1, 1)), "县内务工", "县内", "2025-06")
        # 幸福: a 两后生 of 17 (labour, not employed), the father in a 帮扶车间
        h = household(b, room="101")
        spell(member(h, date(1981, 6, 1)), "就业帮扶车间", "县内", "2025-01")
        member(h, date(2009, 6, 1), two_after=True)
        # 15 (16 in December), 16 since March, 60 since May and employed 省外, a woman who turns 60 in December
        h = household(b, room="102")
        member(h, date(2010, 12, 15))
        member(h, date(2010, 3, 1), "女")
        spell(member(h, date(1966, 5, 1)), "外出务工", "省外", "2026-01")
        member(h, date(1966, 12, 20), "女")
        # only 农业生产经营 (does not count by default): 零就业
        spell(member(household(b, room="201"), date(1986, 1, 1)), "农业生产经营", "县内", "2020-01")
        # 一般农户 employed 省外, organised: no subsidy
        h = household(b, room="202", household_type="一般农户")
        spell(member(h, date(1991, 1, 1)), "外出务工", "省外", "2026-01", organised=True)
        # 省外 for two months only; 省外 paid this year; no 务工地域; no members at all
        h = household(b, room="301")
        spell(member(h, date(1991, 1, 1)), "外出务工", "省外", "2026-09")
        spell(member(h, date(1993, 1, 1), "女"), "外出务工", "省外", "2025-01", transport_subsidy_year=2026)
        spell(member(h, date(2003, 1, 1)), "灵活就业", None, "2026-02")
        household(b, room="401")
    with store.unit_of_work("qa") as uow:
        uow.delete(uow.get(Member, gone.id))
        uow.get(Household, moved.id).site_id = b.id

    settings = load_settings(store)
    with store.engine.connect() as conn:
        figures = county_figures(conn, settings, on)
        lists = {name: count_worklist(conn, name, settings, on) for name in WORKLISTS}
    # 户数, 有劳动力户数, 劳动力人数, 已就业人数 (the man of 60 too), 已就业劳动力, 零就业户数
    assert [
        (s.site_name, s.households, s.labour_households, s.labour_members, s.employed_people, s.employed_members,
         s.zero_employment_households)
        for s in [*figures.sites, figures.total()]
    ] == [
        ("阳光社区安置点", 6, 5, 8, 2, 2, 3), ("幸福社区安置点", 7, 6, 10, 7, 6, 1), ("合计", 13, 11, 18, 9, 8, 4)
    ]  # fmt: skip
    assert lists == {
        "zero_employment": 4,
        "became_unemployed": 1,
        "job_seekers": 0,
        "training": 0,
        "two_after": 1,
        "transport_subsidy": 2,  # the March one, and the man of 60 (脱贫人口, whatever his age)
        "service_subsidy": 1,
        "contracts_ending": 1,
        "no_id_number": 0,  # everyone here has an ID number
    }
    ws = openpyxl.load_workbook(export(store, "summary", tmp_path / "s.xlsx", ExportOptions(on=on)).path).active
    headers = [c.value for c in ws[4]]
    rows = {r[1] or r[0]: dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=5, values_only=True)}
    want = {  # 已就业人数 counts the man of 60 too; 就业率 is employed labour over labour
        "阳光社区安置点": dict(户数=6, 劳动力人数=8, 已就业人数=2, 外出务工=1, 乡村公益性岗位=1, 省外=1, 县内=1,
                          零就业户数=3, 公益性岗位人数=1, 培训人数=1, 已就业劳动力=2, 就业率=0.25),
        "幸福社区安置点": dict(户数=7, 劳动力人数=10, 已就业人数=7, 已就业劳动力=6, 外出务工=4, 县内务工=1,
                          就业帮扶车间=1, 灵活就业=1, 县内=2, 省外=4, 未填地域=1, 零就业户数=1, 公益性岗位人数=0,
                          就业率=0.6),
        "合计": dict(户数=13, 有劳动力户数=11, 劳动力人数=18, 已就业人数=9, 零就业户数=4, 已就业劳动力=8,
                  就业率=8 / 18),
    }  # fmt: skip
    for site, values in want.items():
        assert {k: rows[site][k] for k in values} == pytest.approx(values), site


def test_a_working_child_does_not_hide_his_fathers_household_from_zero_employment(store: Store, tmp_path: Path) -> None:
    """§(十五): 努力促进有劳动力的搬迁脱贫户至少一人实现就业. 李父, 46, of labour age, has no job; his son 李明 turns 16
    tomorrow and works in the county since June. A child's job is not 就业 (劳动法 §15: 禁止招用未满十六周岁的未成年人;
    the member rule flags it as an error to correct), so until tomorrow the household is 零就业, on the list, in the
    工作台's and the 汇总表's 零就业户数, and nobody in it is in 已就业人数 or the ledgers' 就业人数. The boy's job
    used to take the household off everything, and the father was never followed up. From tomorrow the son of 16
    counts: he has a job, the household has work."""
    with store.unit_of_work("qa") as uow:
        home = add_household(uow, add_site(uow), room="101", household_type="脱贫户")
        add_member(uow, home, "李父", relation="户主", sex="男", birth_date=date(1980, 1, 1), labour_skill="普通劳动力")
        son = add_member(uow, home, "李明", relation="之子", sex="男", birth_date=date(2010, 11, 30),
                         labour_skill="无劳动力")  # fmt: skip
        uow.add(Employment(member_id=son.id, form="县内务工", place_scope="县内", start_month="2026-06"))
    settings = load_settings(store)
    for on, employed, zero in ((TODAY, 0, 1), (date(2026, 11, 30), 1, 0)):
        with store.engine.connect() as conn:
            [bundle] = load_bundles(conn, [home.id])
            figures = household_figures(bundle, settings, on)
            assert (figures.labour, figures.employed, figures.zero_employment) == (1, employed, bool(zero)), on
            site = county_figures(conn, settings, on).total()
            assert (site.labour_members, site.employed_people, site.employed_members) == (1, employed, 0), on
            assert site.zero_employment_households == zero, on
            assert count_worklist(conn, "zero_employment", settings, on) == zero, on
        path = export(store, "summary", tmp_path / f"s{on}.xlsx", ExportOptions(on=on)).path
        summary = openpyxl.load_workbook(path).worksheets[0]
        headers = [c.value for c in summary[4]]
        found = summary.iter_rows(min_row=5, values_only=True)
        total = next(dict(zip(headers, r, strict=True)) for r in found if r[0] == "合计")
        assert (total["已就业人数"], total["县内务工"], total["零就业户数"]) == (employed, employed, zero), on
        path = export(store, "members", tmp_path / f"m{on}.xlsx", ExportOptions(on=on, masked=False)).path
        members = openpyxl.load_workbook(path).worksheets[0]
        header_row = next(r for r in members.iter_rows(max_row=6, values_only=True) if "就业人数" in r)
        columns = {h: i for i, h in enumerate(header_row)}
        rows = [r for r in members.iter_rows(values_only=True) if "李父" in r]
        assert [(r[columns["就业人数"]], r[columns["零就业家庭"]]) for r in rows] == [
            (employed, "否" if employed else "是")
        ], on


def test_a_figure_has_one_name_and_one_number_wherever_it_is_shown(qtbot: Any, db_path: Path, tmp_path: Path) -> None:
    """The clerk was asked why the 工作台 said 3,120 employed and the 汇总表 3,402: the 工作台 counted employed labour,
    the 汇总表 everyone employed, the man of 62 on a 公益性岗位 too. Each figure the 工作台 shows, tile or column, is
    in the 汇总表 under the same name with the same number, site by site; 零就业户数 is the length of the 零就业 list
    and 户数 what `anju check` checked, on the same database and date."""
    from desktop.dashboard import DEFINITIONS, Dashboard, percent
    from desktop.tasks import TaskRunner
    from forms.check_command import run_check

    with Store.open(db_path) as store:
        write_demo(store, 300, seed=7, today=TODAY)
        with store.unit_of_work("qa") as uow:  # the man of 62 on a 公益性岗位: employed, not labour
            first = uow.session.scalars(select(Household).order_by(Household.id)).first()
            man = add_member(uow, first, "邓老汉", birth_date=date(1964, 5, 1), sex="男", labour_skill="普通劳动力")
            uow.flush()
            uow.add(Employment(member_id=man.id, form="乡村公益性岗位", place_scope="县内", start_month="2026-03"))
        dashboard = Dashboard(store, TaskRunner())
        qtbot.addWidget(dashboard)
        dashboard.working_day = TODAY
        dashboard.refresh()
        qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
        sheet = export(store, "summary", tmp_path / "s.xlsx", ExportOptions(on=TODAY)).path
        with store.engine.connect() as conn:
            zero_list = count_worklist(conn, "zero_employment", load_settings(store), TODAY)
    checked = run_check(db_path, TODAY).households

    ws = openpyxl.load_workbook(sheet).active
    headers = [c.value for c in ws[4]]
    summary = {
        r[1] or r[0]: dict(zip(headers, r, strict=True))
        for r in ws.iter_rows(min_row=5, values_only=True)
        if isinstance(r[0], int) or r[0] == "合计"  # not the notes under the table
    }
    table = dashboard.table
    names = {table.horizontalHeaderItem(c).text(): c for c in range(1, table.columnCount())}
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) == set(summary)  # every site and 合计, on both
    assert set(names) <= set(headers), "a 工作台 column the 汇总表 does not have, or names otherwise"
    for name, column in names.items():
        for site, row in rows.items():
            value = summary[site][name]
            want = percent(value) if name == "就业率" else f"{value:,}"
            assert table.item(row, column).text() == want, (site, name)
    # Both employment counts are shown, apart: on this county some employed people are past labour age.
    total = summary["合计"]
    assert total["已就业人数"] > total["已就业劳动力"] > 0
    # Each tile is its column's 合计, and says what it counts (the same words as the column's header tooltip).
    columns = {key: c for c, (key, _label) in enumerate(dashboard.COLUMNS)}
    for key, tile in dashboard.tiles.items():
        column = columns[key]
        assert tile.value.text() == table.item(rows["合计"], column).text(), key
        assert tile.toolTip() == table.horizontalHeaderItem(column).toolTip() == DEFINITIONS[key] != ""
    assert total["零就业户数"] == zero_list > 0
    assert total["户数"] == checked == 300


def test_a_station_before_its_first_roster_shows_whole_numbers_and_no_alarm(qtbot: Any, store: Store) -> None:
    """A station just enrolled has its sites and nobody in them yet: the chart's count axis read "0 0 0 0 0 1" (ticks
    at 0.2, 0.4 … printed as whole numbers) and 零就业家庭 showed a red 0. The axis says 0 and 1; the 0 is not red,
    and turns red once there is a 零就业 household. Above the zeros, the first step (导入花名册) until then."""
    from PySide6.QtCharts import QValueAxis

    from desktop.dashboard import Dashboard
    from desktop.tasks import TaskRunner

    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
    dashboard = Dashboard(store, TaskRunner())
    qtbot.addWidget(dashboard)
    dashboard.working_day = TODAY
    dashboard.refresh()
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
    [axis] = [a for a in dashboard.chart.axes() if isinstance(a, QValueAxis)]
    assert (axis.min(), axis.max(), axis.tickCount()) == (0, 1, 2)
    tile = dashboard.tiles["zero_employment_households"].value
    assert tile.text() == "0" and "c62828" not in tile.styleSheet()
    said = dashboard.first_step.text()  # rows of 0 over an empty chart: the first step is said above them
    assert not dashboard.first_step.isHidden() and "导入花名册" in said and "新增住户" in said

    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, site, room="101")
        add_member(uow, home, "邓大", relation="户主", birth_date=date(1980, 1, 1), sex="男", labour_skill="普通劳动力")
    dashboard.figures = None
    dashboard.refresh()
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
    assert tile.text() == "1" and "c62828" in tile.styleSheet()
    assert dashboard.first_step.isHidden()


def test_a_county_before_its_first_batch_is_told_its_own_first_step(qtbot: Any, store: Store) -> None:
    """A county database just set up (`anju county init`) was told the station's first step, 站长 … 导入花名册: the
    county's is importing the stations' batches on 同步."""
    from desktop.dashboard import Dashboard
    from desktop.tasks import TaskRunner
    from sync.enrolment import init_county

    init_county(store, "会泽县")
    dashboard = Dashboard(store, TaskRunner())
    qtbot.addWidget(dashboard)
    dashboard.working_day = TODAY
    dashboard.refresh()
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
    said = dashboard.first_step.text()
    assert not dashboard.first_step.isHidden() and "「同步」页导入" in said and "站长" not in said, said

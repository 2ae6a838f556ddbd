"""Do the numbers agree? Each figure Anju shows in more than one place, counted from every place, on one database.

A county clerk stops trusting the program when the 工作台 says 12 零就业 households, 待跟进 lists 11 and the 汇总表
says 13. Here a small demo station gets the cases a demo may lack — a voided household, a member who moved away
(减员), a boy of 15 with a job, a man of 62 in organised work away, a worker whose contract ended yesterday and one
whose job ends this month, a worker with no birth date, a household with nobody in it, a woman who turns 60 today
and a boy who turns 16 today, both at work — and each figure is read from the 工作台's data
(`forms.summary.county_figures`), the per-household rule code, the 待跟进 lists (their counts and their rows),
``anju export`` of every ledger that shows it (the xlsx opened), the 住户 table's count and ``anju check --json``.
Every place must give the same number; the edge cases are also placed by hand, list by list.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from forms.check_command import register as register_check
from forms.demo import write_demo
from forms.excel.commands import register as register_export
from forms.household_list import HouseholdFilter
from forms.idnumber import make_ric
from forms.quick_open import QuickDatabase
from forms.records import Employment, Household, Member, Site
from forms.rules.household_rules import household_figures
from forms.rules.loading import load_bundles
from forms.search import household_ids
from forms.settings import load_settings
from forms.store import Store, UnitOfWork
from forms.summary import county_figures
from forms.worklists import WORKLISTS, count_worklist, run_worklist
from tests.factories import add_household, add_member, add_site
from tests.hand_edited import edit
from tests.in_process_cli import run_in_process

pytest_plugins = ["tests.test_sync_support"]  # `world`: a county and two enrolled stations

ON = date(2026, 12, 2)
MONTH = "2026-12"
#: The ledgers that list a 待跟进 list's rows, one row each, by the list's name.
LIST_EXPORTS = {
    "zero_employment": "zero-employment",
    "transport_subsidy": "transport-subsidy",
    "service_subsidy": "service-subsidy",
    "two_after": "two-after",
}
#: The 工作台's figures (`forms.summary.SiteFigures`) by the 汇总表's names for them.
SUMMARY_NAMES = {
    "households": "户数",
    "labour_households": "有劳动力户数",
    "labour_members": "劳动力人数",
    "employed_people": "已就业人数",
    "employed_members": "已就业劳动力",
    "zero_employment_households": "零就业户数",
}


class Edge:
    """The edge cases, added to a demo in building 99 of its first site, one household a room."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.site = uow.session.scalars(select(Site).order_by(Site.code)).first() or add_site(uow)
        self.order = 700

    def home(self, room: str, **fields: Any) -> Household:
        household = add_household(self.uow, self.site, building="99", unit="1", room=room, household_type="脱贫户",
                                  **fields)  # fmt: skip
        self.uow.flush()
        return household

    def person(self, home: Household, name: str, born: date | None, sex: str = "男", **fields: Any) -> Member:
        self.order += 2
        number = make_ric("530326", born, self.order + (sex == "男")) if born else None
        fields.setdefault("labour_skill", "普通劳动力")
        member = add_member(self.uow, home, name, birth_date=born, sex=sex, id_number=number, **fields)
        self.uow.flush()
        return member

    def job(self, member: Member, form: str, scope: str, start: str, end: str | None = None, **fields: Any) -> None:
        self.uow.add(Employment(member_id=member.id, form=form, place_scope=scope, start_month=start, end_month=end,
                                **fields))  # fmt: skip


def add_edge_cases(store: Store) -> None:
    with store.unit_of_work("qa") as uow:
        edge = Edge(uow)
        # 101 voided (整户迁出) with a worker in organised work away for years and a 两后生: counted nowhere
        voided = edge.home("101", status="作废", void_reason="整户迁出至昆明市")
        edge.job(edge.person(voided, "作废甲", date(1985, 1, 1), relation="户主"), "外出务工", "省外", "2023-01",
                 organised=True)  # fmt: skip
        edge.person(voided, "作废乙", date(2008, 1, 1), relation="之子", two_after=True, education="初中")
        # 102 the one with a job moved away (减员), and a 两后生 married out: 留下 is labour without work, 零就业
        left = edge.home("102")
        edge.person(left, "留下", date(1980, 1, 1), relation="户主")
        moved = edge.person(left, "迁走", date(1990, 1, 1), relation="之子")
        edge.job(moved, "外出务工", "省外", "2023-01", organised=True)
        married = edge.person(left, "出嫁", date(2008, 3, 1), "女", relation="之女", two_after=True, education="初中")
        # 103 a boy of 15 works away, his father has no work: a child's job is not 就业, the household is 零就业
        child = edge.home("103")
        edge.person(child, "父亲", date(1980, 1, 1), relation="户主")
        boy = edge.person(child, "童工", date(2011, 1, 1), relation="之子", labour_skill="无劳动力")
        edge.job(boy, "外出务工", "省外", "2024-01", organised=True)
        # 104 a man of 62 on organised work away (employed, not labour; on both subsidy lists); his wife of 50 without
        old = edge.home("104")
        edge.job(edge.person(old, "老汉", date(1964, 1, 1), relation="户主"), "外出务工", "省外", "2023-01",
                 organised=True)  # fmt: skip
        edge.person(old, "老伴", date(1976, 1, 1), "女", relation="配偶")
        # 105 the only worker's 公益性岗位 contract ended yesterday, the post not yet ended: to renew, still employed
        ended = edge.home("105")
        edge.job(edge.person(ended, "合同到期", date(1975, 1, 1), relation="户主"), "乡村公益性岗位", "县内",
                 "2025-12", welfare_post_type="保洁", contract_start=ON - timedelta(days=366),
                 contract_end=ON - timedelta(days=1), accident_insurance=True)  # fmt: skip
        # 106 the only worker's job ends this month (today): still employed, not yet 就业转失业
        today = edge.home("106")
        edge.job(edge.person(today, "今天结束", date(1978, 1, 1), relation="户主"), "县内务工", "县内", "2024-01",
                 MONTH)  # fmt: skip
        # 107 a worker whose birth date nobody knows (employed, not labour) beside a wife without work
        unknown = edge.home("107")
        edge.job(edge.person(unknown, "无生日", None, relation="户主"), "县内务工", "县内", "2024-01")
        edge.person(unknown, "配偶", date(1988, 1, 1), "女", relation="配偶")
        # 108 nobody in it yet: a household all the same
        edge.home("108")
        # 109 a woman who turns 60 today works (employed, no longer labour); her husband of 58 has no work
        sixty = edge.home("109")
        edge.job(edge.person(sixty, "六十", ON.replace(year=ON.year - 60), "女", relation="配偶"), "县内务工", "县内",
                 "2024-01")  # fmt: skip
        edge.person(sixty, "丈夫", date(1968, 1, 1), relation="户主")
        # 110 a boy who turns 16 today works (employed and labour from today); his father has no work
        sixteen = edge.home("110")
        edge.job(edge.person(sixteen, "十六", ON.replace(year=ON.year - 16), relation="之子"), "县内务工", "县内",
                 "2026-06")  # fmt: skip
        edge.person(sixteen, "父亲", date(1980, 1, 1), relation="户主")
    with store.unit_of_work("qa") as uow:
        for member_id, reason in ((moved.id, "户籍迁出"), (married.id, "婚出")):
            member = uow.get(Member, member_id)
            assert member is not None
            member.left_reason = reason
            uow.delete(member)


@pytest.fixture(scope="module")
def edge_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """A demo station of 80 households on `ON`, with the edge cases (`add_edge_cases`)."""
    path = tmp_path_factory.mktemp("figures") / "station.db"
    path.write_bytes(template_db.read_bytes())
    with Store.open(path) as store:
        write_demo(store, 80, seed=5, today=ON)
        add_edge_cases(store)
    return path


def anju(register: Any, *argv: str) -> dict[str, Any]:
    code, out, err = run_in_process(register, *argv, "--json")
    assert code in (0, 1), err  # `anju check` says 1 when it found errors (the demo has some)
    result: dict[str, Any] = json.loads(out)
    return result


def exported(db: Path, kind: str, folder: Path) -> list[tuple[Any, ...]]:
    """``anju export KIND`` on `ON`, unmasked: the sheet's rows, as openpyxl reads them from the file."""
    said = anju(register_export, "export", kind, "--db", str(db), "--out", str(folder), "--date", ON.isoformat(),
                "--no-mask")  # fmt: skip
    return list(openpyxl.load_workbook(said["out"]).worksheets[0].iter_rows(values_only=True))


def table(rows: list[tuple[Any, ...]], header: str) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    """The columns (by header) of the first row naming ``header``, and the numbered rows (序号) under it."""
    at = next(i for i, row in enumerate(rows) if header in row)
    columns = {name: i for i, name in enumerate(rows[at]) if name}
    return columns, [row for row in rows[at + 1 :] if isinstance(row[0], int) or row[0] == "合计"]


def test_every_place_gives_each_figure_the_same_number(edge_db: Path, tmp_path: Path) -> None:
    with Store.open(edge_db) as store:
        settings = load_settings(store)
        with store.engine.connect() as conn:
            figures = county_figures(conn, settings, ON)
            counted = {name: count_worklist(conn, name, settings, ON) for name in WORKLISTS}
            lists = {name: run_worklist(conn, name, settings, ON) for name in WORKLISTS}
            ids = list(conn.scalars(select(Household.id).where(Household.deleted_at.is_(None))))
            bundles = load_bundles(conn, ids)
    places: dict[str, dict[str, int]] = {}

    def say(figure: str, place: str, value: int) -> None:
        places.setdefault(figure, {})[place] = value

    # the 工作台, site by site and its 合计
    by_site = {site.site_name: site for site in figures.sites}
    total = figures.total()
    for attribute, name in SUMMARY_NAMES.items():
        say(name, "工作台", getattr(total, attribute))
    # the rule code, household by household
    rule: Counter[str] = Counter()
    for bundle in bundles:
        if bundle.household.counts:
            f = household_figures(bundle, settings, ON)
            rule.update(户数=1, 有劳动力户数=f.labour > 0, 劳动力人数=f.labour, 已就业人数=f.employed,
                        零就业户数=f.zero_employment, 人数=f.members)  # fmt: skip
    for name in ("户数", "有劳动力户数", "劳动力人数", "已就业人数", "零就业户数", "人数"):
        say(name, "rules", rule[name])
    # the 汇总表: each site's row is the 工作台's row, and its 合计 the 工作台's tiles
    columns, rows = table(exported(edge_db, "summary", tmp_path), "户数")
    summary = {row[columns["安置点名称"]] or row[0]: row for row in rows}
    assert set(summary) == {*by_site, "合计"}
    for site_name, site in [*by_site.items(), ("合计", total)]:
        for attribute, name in SUMMARY_NAMES.items():
            assert summary[site_name][columns[name]] == getattr(site, attribute), (site_name, name)
    for name in SUMMARY_NAMES.values():
        say(name, "汇总表", summary["合计"][columns[name]])
    # the 家庭成员信息表: a household's figures on each of its members' rows
    sheet = exported(edge_db, "members", tmp_path)
    at = next(i for i, row in enumerate(sheet) if "家庭人数" in row)
    columns = {name: i for i, name in enumerate(sheet[at]) if name}
    rows = [row for row in sheet[at + 1 :] if row[columns["姓名"]]]
    households = {row[: columns["姓名"]] for row in rows}  # the household's part of the row, repeated
    say("人数", "家庭成员信息表", len(rows))
    say("人数", "家庭成员信息表 家庭人数", sum(h[columns["家庭人数"]] for h in households))
    say("劳动力人数", "家庭成员信息表", sum(h[columns["劳动力人数"]] for h in households))
    say("已就业人数", "家庭成员信息表", sum(h[columns["就业人数"]] for h in households))
    say("零就业户数", "家庭成员信息表", sum(h[columns["零就业家庭"]] == "是" for h in households))
    # 待跟进: each list's count (its tab), its rows (the list shown) and its ledger's rows
    say("零就业户数", "待跟进", counted["zero_employment"])
    for name in WORKLISTS:
        say(name, "待跟进 count", counted[name])
        say(name, "待跟进 rows", lists[name].count)
    for name, kind in LIST_EXPORTS.items():
        numbered = [row for row in table(exported(edge_db, kind, tmp_path), "序号")[1] if row[0] != "合计"]
        say(name, f"anju export {kind}", len(numbered))
    say("零就业户数", "anju export zero-employment", places["zero_employment"]["anju export zero-employment"])
    # 住户: the table's default view, as the app's first page counts it and as the store lists it
    with Store.open(edge_db) as store, store.reading() as session:
        say("户数", "住户", len(household_ids(session, HouseholdFilter())))
    quick = QuickDatabase.open(edge_db)
    assert quick is not None
    say("户数", "住户 first page", quick.first_page(50).total)
    # anju check: the households it checked
    say(
        "户数",
        "anju check",
        anju(register_check, "check", "--db", str(edge_db), "--date", ON.isoformat())["households"],
    )

    disagree = {figure: values for figure, values in places.items() if len(set(values.values())) > 1}
    assert not disagree, disagree
    assert min(values for figure in places.values() for values in figure.values() if values) > 0


def test_the_edge_cases_are_on_the_lists_they_belong_on_and_off_the_others(edge_db: Path, tmp_path: Path) -> None:
    """Each edge case placed by hand (DESIGN.md §4, `forms.rules.followup`): who is on which list on `ON`."""
    with Store.open(edge_db) as store:
        settings = load_settings(store)
        with store.engine.connect() as conn:
            lists = {name: run_worklist(conn, name, settings, ON) for name in WORKLISTS}
    in_99 = {
        name: sorted((row.address, row.member_name or "") for row in worklist.rows if row.address.startswith("99栋"))
        for name, worklist in lists.items()
    }
    assert in_99 == {
        "zero_employment": [("99栋1单元102", ""), ("99栋1单元103", "")],  # 迁走 left, 童工 is 15; not 109, 110
        "became_unemployed": [],  # 今天结束 works until the month is out
        "job_seekers": [],
        "training": [],
        "two_after": [],  # 作废乙 voided, 出嫁 married out
        "transport_subsidy": [("99栋1单元104", "老汉")],  # not 迁走, 作废甲 or 童工
        "service_subsidy": [("99栋1单元104", "老汉")],
        "contracts_ending": [("99栋1单元105", "合同到期")],
        "no_id_number": [],
    }
    [renew] = [row for row in lists["contracts_ending"].rows if row.member_name == "合同到期"]
    assert renew.detail["days_left"] == -1  # ended yesterday: to renew first

    columns, rows = table(exported(edge_db, "departures", tmp_path), "减员类型")
    gone = sorted((row[columns["姓名"]], row[columns["减员类型"]], row[columns["减员原因"]]) for row in rows)
    assert gone == [
        ("作废乙", "整户作废", "整户迁出至昆明市"),
        ("作废甲", "整户作废", "整户迁出至昆明市"),
        ("出嫁", "成员减员", "婚出"),
        ("迁走", "成员减员", "户籍迁出"),
    ]


def test_the_employment_rate_is_rounded_as_the_summary_sheet_shows_it(qtbot: Any, store: Store, tmp_path: Path) -> None:
    """5 of 16 labour members employed is 31.25%: the 汇总表's ``0.0%`` cell shows 31.3% in Excel (四舍五入), and the
    工作台 said 31.2% beside it (Python rounds a half to even). Both say 31.3%."""
    from desktop.dashboard import Dashboard
    from desktop.tasks import TaskRunner

    with store.unit_of_work("qa") as uow:
        site = add_site(uow)
        for n in range(16):
            home = add_household(uow, site, building="1", unit="1", room=f"{n + 1}01", household_type="脱贫户")
            uow.flush()
            worker = add_member(uow, home, f"工人{n}", relation="户主", sex="男", birth_date=date(1980, 1, 1),
                                labour_skill="普通劳动力")  # fmt: skip
            uow.flush()
            if n < 5:
                uow.add(Employment(member_id=worker.id, form="县内务工", place_scope="县内", start_month="2026-01"))
    dashboard = Dashboard(store, TaskRunner())
    qtbot.addWidget(dashboard)
    dashboard.working_day = ON
    dashboard.refresh()
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
    rate = next(c for c, (name, _label) in enumerate(dashboard.COLUMNS) if name == "employment_rate")
    shown = [dashboard.table.item(row, rate).text() for row in range(dashboard.table.rowCount())]
    assert dashboard.tiles["employment_rate"].value.text() == "31.3%" and shown == ["31.3%", "31.3%"]

    columns, rows = table(exported(store.path, "summary", tmp_path), "就业率")
    cells = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx"))).worksheets[0]
    [total] = [row for row in rows if row[0] == "合计"]
    assert total[columns["就业率"]] == 0.3125
    formats = {cell.number_format for row in cells.iter_rows() for cell in row if cell.value == 0.3125}
    assert formats == {"0.0%"}  # which Excel shows as 31.3%


def test_a_person_recorded_twice_is_on_the_station_s_subsidy_lists_where_they_live(world: Any) -> None:
    """黄强, in organised work out of the province for two years, was recorded twice at station A: at S1 (the
    station's) and at S3, a household the county then moved to 新村 (S2, station B's: 已迁出 from A). A counts him
    in its 已就业人数 at S1, but both its subsidy lists left him out: of his two copies they kept the one of lesser id
    and then dropped it for being at B's site, so no list at A had him. Each list picks his copy among A's own; the
    county's lists have him once."""
    from sync.county_return import write_return_file

    born = date(1990, 5, 1)
    number = make_ric("530326", born, 11)
    copies = {"S3": "00000000-0000-4000-8000-00000000a001", "S1": "ffffffff-0000-4000-8000-00000000a001"}
    homes = {}
    with world.edit("a") as uow:
        for code, member_id in copies.items():
            home = uow.add(Household(site_id=world.site_id(code), building="9", unit="1", room="901",
                                     household_type="脱贫户"))  # fmt: skip
            uow.flush()
            homes[code] = home.id
            uow.add(Member(id=member_id, household_id=home.id, name="黄强", relation="户主", sex="男",
                           birth_date=born, id_number=number, labour_skill="普通劳动力"))  # fmt: skip
            uow.flush()
            uow.add(Employment(member_id=member_id, form="外出务工", place_scope="省外", organised=True,
                               start_month="2024-06"))  # fmt: skip
    world.sync("a")
    with world.edit("county") as uow:
        uow.get(Household, homes["S3"]).site_id = world.site_id("S2")
    path, _made = write_return_file(world.county, world.a.station_id, world.stick)
    world.station_import("a", path)
    assert world.get("a", Household, homes["S3"]).site_id == world.site_id("S2")  # 已迁出 from A

    for who, home in (("a", homes["S1"]), ("county", homes["S3"])):
        settings = load_settings(world.stores[who])
        with world.stores[who].engine.connect() as conn:
            for name in ("transport_subsidy", "service_subsidy"):
                rows = [(r.household_id, r.member_name) for r in run_worklist(conn, name, settings, ON).rows]
                assert rows == [(home, "黄强")], (who, name)
                assert count_worklist(conn, name, settings, ON) == 1, (who, name)
            if who == "a":  # the station counts him employed where he lives: its lists follow him up there
                assert county_figures(conn, settings, ON).total().employed_people == 1


def test_households_at_a_site_no_longer_on_record_are_counted_on_the_dashboard_as_in_the_summary(
    qtbot: Any, store: Store, tmp_path: Path
) -> None:
    """A file edited outside Anju tombstoned 阳光社区安置点 (S02) under its two households. The 汇总表 and ``anju
    check`` still count them (under （未分配安置点） on the sheet); the 工作台 left them out, and its 户数 and 零就业
    fell short of the sheet's 合计. It shows the sheet's row, and the same 合计."""
    from desktop.dashboard import Dashboard
    from desktop.tasks import TaskRunner

    with store.unit_of_work("qa") as uow:
        for code, name in (("S01", "幸福社区安置点"), ("S02", "阳光社区安置点")):
            site = add_site(uow, code, name)
            for room in ("101", "102"):
                home = add_household(uow, site, building="1", unit="1", room=room, household_type="脱贫户")
                uow.flush()
                add_member(uow, home, f"{code}-{room}", relation="户主", sex="男", birth_date=date(1980, 1, 1),
                           labour_skill="普通劳动力")  # fmt: skip
    edit(store.path, "UPDATE sites SET deleted_at = '2026-11-30T02:00:00Z' WHERE code = 'S02'")

    dashboard = Dashboard(store, TaskRunner())
    qtbot.addWidget(dashboard)
    dashboard.working_day = ON
    dashboard.refresh()
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
    zero = len(dashboard.COLUMNS) - 1
    shown = {
        dashboard.table.item(r, 0).text(): [dashboard.table.item(r, c).text() for c in (1, zero)]
        for r in range(dashboard.table.rowCount())
    }
    assert shown == {
        "幸福社区安置点": ["2", "2"],
        "（未分配安置点）": ["2", "2"],
        "合计": ["4", "4"],
    }  # 户数, 零就业户数

    columns, rows = table(exported(store.path, "summary", tmp_path), "户数")
    sheet = {row[columns["安置点名称"]] or row[0]: [row[columns["户数"]], row[columns["零就业户数"]]] for row in rows}
    assert sheet == {"幸福社区安置点": [2, 2], "（未分配安置点）": [2, 2], "合计": [4, 4]}
    assert anju(register_check, "check", "--db", str(store.path), "--date", ON.isoformat())["households"] == 4


def test_the_summary_sheet_counts_as_welfare_post_holders_only_people_it_counts_employed(
    store: Store, tmp_path: Path
) -> None:
    """公益性岗位人数 counted a boy of 15 on a 公益性岗位, whose job 已就业人数 leaves out (a child's job is not 就业):
    3 post holders beside 2 employed. It counts the 已就业人数 who hold a post now: a holder who also took a later
    job of another kind holds the post still (counted under that job's 就业形式, and as a post holder); a post that
    ended last month, or one without a start month, is held by nobody."""
    with store.unit_of_work("qa") as uow:
        home = add_household(uow, add_site(uow), building="1", unit="1", room="101", household_type="脱贫户")
        uow.flush()

        def holder(name: str, born: date, start: str | None, end: str | None = None) -> Member:
            member = add_member(uow, home, name, sex="男", birth_date=born, labour_skill="普通劳动力")
            uow.flush()
            uow.add(Employment(member_id=member.id, form="乡村公益性岗位", place_scope="县内", start_month=start,
                               end_month=end, welfare_post_type="保洁"))  # fmt: skip
            return member

        holder("在岗", date(1980, 1, 1), "2026-01")
        later = holder("另有工作", date(1975, 1, 1), "2025-03")
        uow.add(Employment(member_id=later.id, form="灵活就业", place_scope="县内", start_month="2026-10"))
        holder("童工", date(2011, 1, 1), "2026-06")
        holder("离岗", date(1978, 1, 1), "2025-01", "2026-11")
        holder("无开始", date(1982, 1, 1), None)
    columns, rows = table(exported(store.path, "summary", tmp_path), "户数")
    [total] = [row for row in rows if row[0] == "合计"]
    shown = {name: total[columns[name]] for name in ("已就业人数", "乡村公益性岗位", "灵活就业", "公益性岗位人数")}
    assert shown == {"已就业人数": 2, "乡村公益性岗位": 1, "灵活就业": 1, "公益性岗位人数": 2}
    with store.engine.connect() as conn:
        assert county_figures(conn, load_settings(store), ON).total().employed_people == 2


def test_a_job_that_never_counted_as_employment_ending_is_not_a_turn_to_unemployment(store: Store) -> None:
    """A spell without a start month is ongoing in no month and never counts as 就业 (`labour`): it lifted nobody's
    零就业 and was in no 已就业人数 while it lasted. When it ended last month 就业转失业 still listed its holder, the
    list and the rule code alike; so did one whose start month was typed after its end. Only the job that counted is
    on the list now."""
    from forms.rules import followup

    with store.unit_of_work("qa") as uow:
        home = add_household(uow, add_site(uow), building="1", unit="1", room="101", household_type="脱贫户")
        uow.flush()
        for name, start in (("有开始", "2026-03"), ("无开始", None), ("空开始", ""), ("开始在后", "2026-11")):
            worker = add_member(uow, home, name, sex="男", birth_date=date(1980, 1, 1), labour_skill="普通劳动力")
            uow.flush()
            uow.add(Employment(member_id=worker.id, form="县内务工", place_scope="县内", start_month=start,
                               end_month="2026-10"))  # fmt: skip
    settings = load_settings(store)
    with store.engine.connect() as conn:
        rows = run_worklist(conn, "became_unemployed", settings, ON).rows
        counted = count_worklist(conn, "became_unemployed", settings, ON)
        bundles = load_bundles(conn, [home.id])
    assert [row.member_name for row in rows] == ["有开始"] and counted == 1
    assert followup.listed("became_unemployed", bundles, settings, ON, followup.default_since(ON)) == {
        row.key for row in rows
    }


def test_anju_check_lists_a_birth_date_edited_in_outside_anju_first_naming_whose_it_is(
    edge_db: Path, tmp_path: Path
) -> None:
    """A birth date typed into the file by hand as 1980/08/04: the 工作台's SQL compares the text and counts its
    holder as 劳动力, the 汇总表 reads no date and does not (759 against 758), and ``anju check`` said nothing, the
    household having nothing else to check. Only a hand edit puts such a value there (the editor and the import
    write dates, sync refuses any other spelling), so the counts are left as they are: the check lists it first,
    as an error, naming whose it is and what to do."""
    db = tmp_path / "station.db"
    db.write_bytes(edge_db.read_bytes())
    report = anju(register_check, "check", "--db", str(db), "--date", ON.isoformat())
    named = {f["household_id"] for rule in report["rules"] for f in rule["findings"]}
    with Store.open(db) as store, store.reading() as session:
        member, name = next(
            (m.id, m.name)
            for m, h in session.execute(
                select(Member, Household).join(Household).where(Household.hh_number.is_not(None)).order_by(Member.id)
            )
            if h.id not in named and m.birth_date and m.deleted_at is None
        )
    edit(db, f"UPDATE members SET birth_date = '1980/08/04' WHERE id = '{member}'")

    code, out, _err = run_in_process(register_check, "check", "--db", str(db), "--date", ON.isoformat())
    lines = out.splitlines()
    assert code == 1 and lines[0].startswith("【错误】数据库里有安居不会写出的值"), out
    assert lines[1].endswith(f" {name}：出生日期“1980/08/04”") and lines[1].startswith("  户编号 ")
    assert "anju audit" in lines[2] and "anju restore" in lines[2] and "汇总表" in lines[2]
    report = anju(register_check, "check", "--db", str(db), "--date", ON.isoformat())
    assert [(v["id"], v["field"], v["value"]) for v in report["odd_values"]] == [(member, "出生日期", "1980/08/04")]
    assert "安居不会写出的值" in report["summary"]


@pytest.mark.parametrize("stored", ["'1980/08/04'", "19800804"], ids=["text", "digits"])
def test_anju_check_names_a_birth_date_edited_in_outside_anju_and_says_what_to_do(store: Store, stored: str) -> None:
    """A birth date typed into the file by hand (1980/08/04 stays text, 19800804 becomes a number in a date column)
    is a date no screen reads: the 工作台's SQL compared the text and counted 王芳 as 劳动力, the 汇总表 read no
    date and did not, and ``anju check`` said nothing (or, where it read the date, only members.birth_date). Only a
    hand edit puts one there (the editor and the import write dates, sync refuses any other spelling): the check
    names whose it is and what to do, first, as an error."""
    with store.unit_of_work("qa") as uow:
        home = add_household(uow, add_site(uow), building="1", unit="1", room="101", household_type="脱贫户")
        uow.flush()
        add_member(uow, home, "张强", relation="户主", sex="男", birth_date=date(1980, 1, 1), labour_skill="普通劳动力")
        wife = add_member(uow, home, "王芳", relation="配偶", sex="女", birth_date=date(1980, 8, 4),
                          labour_skill="普通劳动力")  # fmt: skip
    edit(store.path, f"UPDATE members SET birth_date = {stored} WHERE id = '{wife.id}'")
    shown = stored.strip("'")

    code, out, err = run_in_process(register_check, "check", "--db", str(store.path), "--date", ON.isoformat())
    said = out + err
    assert code in (1, 2) and "王芳" in said and "出生日期" in said and shown in said, said
    assert "安居之外" in said and "anju audit" in said and "程序出错" not in said
    if code == 1:  # listed, first
        assert out.splitlines()[1] == f"  1栋1单元101（未填户编号） 王芳：出生日期“{shown}”"
        report = anju(register_check, "check", "--db", str(store.path), "--date", ON.isoformat())
        assert [(v["member"], v["field"], v["value"]) for v in report["odd_values"]] == [("王芳", "出生日期", shown)]
        assert report["errors"] >= 1 and report["ok"] is False

"""Ledgers: headers as the national system writes them, IDs and phones as text, and a lossless round trip."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from forms.demo import write_demo
from forms.excel import ExcelError
from forms.excel.apply import ImportOptions
from forms.excel.export import ExportOptions, export, kinds
from forms.excel.export_members import EMPLOYMENT_COLUMNS, MEMBER_COLUMNS
from forms.excel.roster_import import import_roster
from forms.questionnaire import load_packaged
from forms.records import Employment, Household, JournalEntry, Member, Site
from forms.settings import RuleSettings
from forms.store import Store
from forms.version import APP_VERSION
from forms.worklists import count_worklist
from tests.factories import add_sites_of_one_name

ON = date(2026, 11, 29)
HOUSEHOLDS = 250


def ledgers() -> list[str]:
    """The kinds that are one table (the 家庭基本情况表, a page per household, has tests of its own)."""
    return [name for name, kind in kinds().items() if kind.build is not None]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """One demo county for the module; tests that change it work on a copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(template_db, path)
    with Store.open(path) as store:
        write_demo(store, HOUSEHOLDS, seed=5, today=ON)
    return path


@pytest.fixture
def demo(demo_db: Path, tmp_path: Path) -> Any:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db, path)
    with Store.open(path) as store:
        yield store


@pytest.fixture(scope="module")
def exported(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ledgers")
    with Store.open(demo_db) as store:
        return {name: export(store, name, out / f"{name}.xlsx", ExportOptions(on=ON)).path for name in ledgers()}


def sheet(path: Path) -> Any:
    return openpyxl.load_workbook(path).worksheets[0]


def journal_size(store: Store) -> int:
    with store.reading() as session:
        return len(session.scalars(select(JournalEntry.seq)).all())


def test_member_sheet_is_laid_out_as_national_exports_are(exported: dict[str, Path], demo_db: Path) -> None:
    ws = sheet(exported["members"])
    assert ws["A1"].value == "全部安置点 家庭成员信息表" and "A1" in str(ws.merged_cells.ranges)
    assert "统计日期：2026-11-29" in ws["A2"].value and APP_VERSION in ws["A2"].value
    headers = [c.value for c in ws[3]]
    assert headers == [c.header for c in MEMBER_COLUMNS]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:")
    column = {h: i for i, h in enumerate(headers)}
    rows = list(ws.iter_rows(min_row=4))
    with Store.open(demo_db) as store, store.reading() as session:
        count = len(session.scalars(select(Member.id)).all())
    assert len(rows) == count
    for row in rows[:200]:
        for header in ("证件号码", "户联系电话", "成员联系电话", "户编号"):
            cell = row[column[header]]
            if cell.value is not None:
                assert cell.data_type == "s" and cell.number_format == "@", header
        birth = row[column["出生日期"]]
        assert birth.data_type == "s" and len(birth.value) == 8 and birth.value.isdigit()
        moved = row[column["搬迁时间"]].value
        assert moved is None or (len(moved) == 8 and moved[4] == "年" and moved.endswith("月"))
        assert row[column["零就业家庭"]].value in ("是", "否")
    widths = ws.column_dimensions
    assert widths["A"].width >= 20  # 户编号
    id_letter = openpyxl.utils.get_column_letter(column["证件号码"] + 1)
    assert widths[id_letter].width >= 20
    props = openpyxl.load_workbook(exported["members"]).properties
    assert APP_VERSION in props.creator and load_packaged().version in props.description
    custom = {p.name: p.value for p in openpyxl.load_workbook(exported["members"]).custom_doc_props.props}
    assert custom["AnjuVersion"] == APP_VERSION and custom["QuestionnaireVersion"] == load_packaged().version


def test_record_headers_are_the_questionnaire_labels() -> None:
    """The headers the program writes and reads are the labels of the questionnaire (domain-fields.md)."""
    questionnaire = load_packaged()
    labels = {f.label.zh for form in questionnaire.forms for f in form.fields}
    derived = {"家庭人数", "劳动力人数", "就业人数", "零就业家庭", "年龄", "务工时间（月）"}
    for col in (*MEMBER_COLUMNS, *EMPLOYMENT_COLUMNS):
        assert col.header in labels | derived, col.header


def test_every_ledger_has_a_title_a_frozen_header_and_text_ids(exported: dict[str, Path]) -> None:
    for name, path in exported.items():
        ws = sheet(path)
        assert ws["A1"].value and "统计日期" in ws["A2"].value, name
        header_row = int(ws.freeze_panes[1:]) - 1
        headers = [c.value for c in ws[header_row]]
        assert all(h for h in headers if h is not None), name
        if "证件号码" in headers:
            index = headers.index("证件号码")
            values = [r[index] for r in ws.iter_rows(min_row=header_row + 1) if r[index].value is not None]
            # The demo has nobody who left: tests/test_leaving.py checks the 减员名单's ID cells.
            assert values or name == "departures", name
            assert all(c.data_type == "s" and c.number_format == "@" for c in values), name


def test_summary_agrees_with_the_worklists(exported: dict[str, Path], demo_db: Path) -> None:
    ws = sheet(exported["summary"])
    assert ws.freeze_panes == "A5"
    groups, headers = [c.value for c in ws[3]], [c.value for c in ws[4]]
    assert "已就业人数（按就业形式）" in groups and "已就业人数（按务工地域）" in groups
    for header in (
        "户数",
        "有劳动力户数",
        "劳动力人数",
        "已就业人数",
        "零就业户数",
        "公益性岗位人数",
        "培训人数",
        "就业率",
    ):
        assert header in headers
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    total = next(r for r in rows if r[0] == "合计")
    sites = [r for r in rows if isinstance(r[0], int)]
    col = {h: i for i, h in enumerate(headers)}
    with Store.open(demo_db) as store:
        with store.engine.connect() as conn:
            zero = count_worklist(conn, "zero_employment", RuleSettings(), ON)
        with store.reading() as session:
            households = len(session.scalars(select(Household.id)).all())
            site_count = len(session.scalars(select(Site.id)).all())
    assert len(sites) == site_count
    assert total[col["户数"]] == households == sum(r[col["户数"]] for r in sites)
    assert total[col["零就业户数"]] == zero > 0
    forms = headers[col["已就业人数"] + 1 : col["县内"]]
    scopes = headers[col["县内"] : col["零就业户数"]]
    assert sum(total[col[f]] for f in forms) == total[col["已就业人数"]] == sum(total[col[s]] for s in scopes)
    assert 0 < total[col["就业率"]] <= 1 and ws.cell(5, col["就业率"] + 1).number_format == "0.0%"


def test_worklist_ledgers_list_exactly_the_worklist(exported: dict[str, Path], demo_db: Path) -> None:
    with Store.open(demo_db) as store, store.engine.connect() as conn:
        expected = {
            name: count_worklist(conn, worklist, RuleSettings(), ON)
            for name, worklist in (
                ("zero-employment", "zero_employment"),
                ("transport-subsidy", "transport_subsidy"),
                ("service-subsidy", "service_subsidy"),
                ("two-after", "two_after"),
            )
        }
    for name, count in expected.items():
        ws = sheet(exported[name])
        numbered = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
        assert len(numbered) == count > 0, name
    service = [r for r in sheet(exported["service-subsidy"]).iter_rows(min_row=4, values_only=True)]
    total = next(r for r in service if r[0] == "合计")
    assert 100 * expected["service-subsidy"] in total


def test_the_two_after_list_says_what_the_policy_offers_them(exported: dict[str, Path]) -> None:
    """§(十四): 支持脱贫户、农村低收入人口所在家庭“两后生”就读技工院校，按现行政策规定享受国家免学费和奖助学金政策.
    The printed list offered them only 职业技能培训, so the station never told the family about 技工院校."""
    lines = [str(r[0]) for r in sheet(exported["two-after"]).iter_rows(min_row=4, values_only=True)]
    note = next(line for line in lines if line.startswith("两后生："))
    assert "就读技工院校" in note and "免学费和奖助学金" in note


def test_the_zero_employment_list_says_which_measures_are_overdue(exported: dict[str, Path]) -> None:
    """The printed list says what the 待跟进 screen shows in red: a measure past its 计划完成日期 (visit first), and
    no dated measure at all — not the form's 完成日期, which is the closing date."""
    ws = sheet(exported["zero-employment"])
    headers = [c.value for c in ws[3]]
    due_at, said_at = headers.index("帮扶措施计划完成日期"), headers.index("跟进情况")
    said = {}
    for row in ws.iter_rows(min_row=4, values_only=True):
        if isinstance(row[0], int):
            due = row[due_at].date() if row[due_at] is not None else None
            kind = "none" if due is None else "overdue" if due < ON else "open"
            said[kind] = row[said_at]
            if kind == "overdue":
                assert row[said_at] == f"措施已过计划完成日期 {(ON - due).days} 天，请走访跟进"
    assert said.keys() == {"none", "overdue", "open"}
    assert said["none"] == "尚无未完成的帮扶措施，请走访并制定措施"
    assert said["open"] == "有未完成的帮扶措施"


def numbered_rows(path: Path) -> tuple[list[str], list[tuple[Any, ...]], list[Any]]:
    """A ledger's headers, its numbered rows, and the first cells of the lines under it."""
    ws = sheet(path)
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    return [c.value for c in ws[3]], [r for r in rows if isinstance(r[0], int)], [r[0] for r in rows]


def test_subsidy_lists_name_a_person_recorded_in_two_households_once(store: Store, tmp_path: Path) -> None:
    """The same 证件号码 in two households put the person twice on the printed lists, with nothing to say so: the
    clerk paid twice. Now they are on each list once, and the list names the other household to check."""
    from tests.test_worklists import add_twins

    add_twins(store)
    for kind in ("transport-subsidy", "service-subsidy"):
        headers, rows, lines = numbered_rows(export(store, kind, tmp_path / f"{kind}.xlsx", ExportOptions(on=ON)).path)
        name, said = headers.index("姓名"), headers.index("重复登记")
        assert headers[-2:] == ["重复登记", "签字"], kind
        [wang] = [r for r in rows if r[name] == "王五"]
        other = "202" if wang[headers.index("门牌号")] == "101" else "101"
        assert wang[said] == f"另在1户登记（幸福社区安置点 户编号5303260{other} {other}），请核实后再发放", kind
        assert [r[said] for r in rows if r[name] == "李六"] == [None, None], kind  # no number: not the same person
        assert any(str(line).startswith("1人的证件号码在不止一户中登记") for line in lines), kind
    total = next(line for line in sheet(tmp_path / "service-subsidy.xlsx").iter_rows(values_only=True)
                 if line[0] == "合计")  # fmt: skip
    assert total[headers.index("补助金额（元）")] == 300 and total[-2:] == (None, None)


def test_the_printed_service_subsidy_list_shows_the_organised_job_not_a_post_ticked_organised(
    store: Store, tmp_path: Path
) -> None:
    """王外 holds a 乡村公益性岗位 (县内, ticked 有组织劳务输出 by mistake) and was sent 省外 by a broker: he is on
    the 就业创业服务补助 list for the job, and the printed list showed the post (the earliest ticked spell), so the
    clerk paying the broker saw a 县内 post."""
    from tests.test_worklists import add_posts_ticked_organised

    add_posts_ticked_organised(store)
    headers, rows, _ = numbered_rows(export(store, "service-subsidy", tmp_path / "s.xlsx", ExportOptions(on=ON)).path)
    [wang] = rows
    assert wang[headers.index("姓名")] == "王外" and wang[headers.index("务工地域")] == "省外"


def test_subsidy_lists_show_when_a_worker_came_home_and_who_the_service_subsidy_is_paid_to(
    store: Store, tmp_path: Path
) -> None:
    """§(四): a worker back home after three months this year is eligible, and the list shows the 结束时间 so the
    clerk sees why he is listed though at home. The 就业创业服务补助 goes 对组织 … 有组织劳务输出 … 的人力资源服务机构、
    劳务经纪人, 凭其提供的有组织劳务输出人员名单: the printed list said 每人每年100元 as if paid to the worker. And
    the 交通补助 is 不超过1000元, 具体标准由各地 … 确定: the list said 按实际车票, which the policy does not."""
    from tests.test_worklists import add_came_home

    add_came_home(store)
    for kind in ("transport-subsidy", "service-subsidy"):
        headers, rows, lines = numbered_rows(export(store, kind, tmp_path / f"{kind}.xlsx", ExportOptions(on=ON)).path)
        [wang] = rows
        assert wang[headers.index("姓名")] == "王一", kind
        assert (wang[headers.index("开始时间")], wang[headers.index("结束时间")]) == ("2026年03月", "2026年07月"), kind
        assert any("已返乡的也算" in str(line) for line in lines), kind
        if kind == "transport-subsidy":  # 具体标准由各地根据资金承受能力等因素确定: not necessarily the ticket price
            note = next(str(line) for line in lines if str(line).startswith("一次性外出务工交通补助："))
            assert "最多1000元，具体标准按本县规定" in note and "车票" not in note
    service_note = next(str(line) for line in lines if str(line).startswith("就业创业服务补助："))
    assert "补助发给组织输出的人力资源服务机构、劳务经纪人" in service_note


def test_the_zero_employment_list_tells_an_undated_measure_from_none(store: Store, tmp_path: Path) -> None:
    """A household whose only open measure has no 计划完成日期 was printed as one without any measure."""
    from tests.test_worklists import add_zero_households

    add_zero_households(store, ON)
    path = export(store, "zero-employment", tmp_path / "zero.xlsx", ExportOptions(on=ON)).path
    headers, rows, _lines = numbered_rows(path)
    said = {r[headers.index("门牌号")]: r[headers.index("跟进情况")] for r in rows}
    assert said == {
        "101": "有未完成的帮扶措施，但未填计划完成日期，请补填",
        "102": "尚无未完成的帮扶措施，请走访并制定措施",
        "103": "有未完成的帮扶措施",
    }


def test_one_site_and_refusals(demo: Store, tmp_path: Path) -> None:
    with demo.reading() as session:
        site = session.scalars(select(Site).order_by(Site.code)).first()
        assert site is not None
        at_site = len(session.scalars(select(Household.id).where(Household.site_id == site.id)).all())
    result = export(demo, "汇总", tmp_path / "one.xlsx", ExportOptions(on=ON, site_code=site.code))
    assert result.kind == "summary" and result.rows == 1
    assert sheet(result.path)["A1"].value.startswith(site.name)
    assert sheet(result.path).cell(5, 3).value == at_site
    with pytest.raises(ExcelError, match="不是本数据库里的安置点代码"):
        export(demo, "members", tmp_path / "x.xlsx", ExportOptions(site_code="NOPE"))
    with pytest.raises(ExcelError, match="不认识导出类型"):
        export(demo, "everything", tmp_path / "x.xlsx")
    with pytest.raises(ExcelError, match="不存在"):
        export(demo, "members", tmp_path / "no" / "such" / "x.xlsx")


# ---- the round trip ----------------------------------------------------------------------------------------------


def people(store: Store) -> tuple[Counter[Any], Counter[Any], Counter[Any]]:
    """Households, members and spells as content (no ids), with their links spelled out by content."""

    def frozen(values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, repr(v)) for k, v in values.items()))

    with store.reading() as session:
        sites = {s.id: s.code for s in session.scalars(select(Site))}
        households = {h.id: h for h in session.scalars(select(Household))}
        flat = {hid: (sites[h.site_id], h.building, h.unit, h.room) for hid, h in households.items()}
        members = {m.id: m for m in session.scalars(select(Member))}
        skip = {"status"}  # workflow state is not in the member sheet: imported households start as 草稿
        h_content = Counter(
            frozen({k: v for k, v in h.content().items() if k not in skip | {"site_id"}} | {"at": flat[h.id]})
            for h in households.values()
        )
        m_content = Counter(
            frozen({k: v for k, v in m.content().items() if k != "household_id"} | {"at": flat[m.household_id]})
            for m in members.values()
        )
        s_content = Counter(
            frozen(
                {k: v for k, v in e.content().items() if k != "member_id"}
                | {"who": (members[e.member_id].id_number, flat[members[e.member_id].household_id])}
            )
            for e in session.scalars(select(Employment))
        )
    return h_content, m_content, s_content


def test_export_then_import_round_trips_without_a_change(demo: Store, tmp_path: Path) -> None:
    members_file = export(demo, "members", tmp_path / "members.xlsx", ExportOptions(on=ON)).path
    spells_file = export(demo, "employment", tmp_path / "employment.xlsx", ExportOptions(on=ON)).path
    before = journal_size(demo)
    for path in (members_file, spells_file):
        result = import_roster(demo, path, ImportOptions(on=ON))
        assert result.journal_entries == 0 and not result.errors, [p.message() for p in result.errors[:3]]
        assert set(result.outcomes.values()) == {"unchanged"}
    assert journal_size(demo) == before

    with Store.open(tmp_path / "fresh.db") as fresh:
        with demo.reading() as session, fresh.unit_of_work("county") as uow:
            for site in session.scalars(select(Site)):
                uow.add(Site(code=site.code, name=site.name, county=site.county))
        for path in (members_file, spells_file):
            result = import_roster(fresh, path, ImportOptions(on=ON))
            assert not result.errors and "reported" not in result.outcomes.values()
        households, members, spells = people(fresh)
    expected = people(demo)
    assert sum(members.values()) > HOUSEHOLDS and sum(spells.values()) > 0
    assert households == expected[0]
    assert members == expected[1]
    assert spells == expected[2]


def test_export_reports_progress_and_a_cancel_leaves_no_file(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import forms.excel.export as module

    monkeypatch.setattr(module, "PROGRESS_EVERY", 100)
    seen: list[int] = []
    export(demo, "members", tmp_path / "m.xlsx", ExportOptions(on=ON, progress=seen.append))
    assert seen[:3] == [100, 200, 300]
    with pytest.raises(module.ExportCancelled):
        export(demo, "members", tmp_path / "c.xlsx", ExportOptions(on=ON, cancelled=lambda: True))
    assert not (tmp_path / "c.xlsx").exists() and not (tmp_path / "c.xlsx.tmp").exists()


@pytest.mark.parametrize("masked", [False, True])
def test_every_ledger_says_how_many_rows_it_will_write_before_the_first(
    demo: Store, tmp_path: Path, masked: bool
) -> None:
    """The bar of a long export shows the rows written against the ledger's total: told before the first row,
    and the very number written."""
    for name in kinds():
        told: list[int] = []
        result = export(demo, name, tmp_path / f"{name}.xlsx", ExportOptions(on=ON, total=told.append, masked=masked))
        assert told == [result.rows], name


def test_a_cancelled_or_failed_export_leaves_no_rows_in_the_temporary_folder(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl streams the rows through a file in the temporary folder (names and ID numbers in plain XML) and
    deleted it only when the program exited: a cancel, or a stick pulled out while saving, left it there for the
    rest of the day, and for good when the laptop was switched off with the program open."""
    import tempfile

    import forms.excel.export as module

    temporary = tmp_path / "temp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(module, "PROGRESS_EVERY", 100)
    asked: list[bool] = []
    with pytest.raises(module.ExportCancelled):  # cancelled after some rows were written
        export(
            demo,
            "members",
            tmp_path / "c.xlsx",
            ExportOptions(on=ON, cancelled=lambda: asked.append(True) or len(asked) > 2),
        )
    assert list(temporary.iterdir()) == []
    with monkeypatch.context() as full:  # the stick fills up while the workbook is saved
        full.setattr(zipfile.ZipFile, "write", lambda *_a, **_k: (_ for _ in ()).throw(OSError(28, "No space")))
        with pytest.raises(ExcelError):
            export(demo, "members", tmp_path / "f.xlsx", ExportOptions(on=ON))
    assert list(temporary.iterdir()) == [] and list(tmp_path.glob("f.xlsx*")) == []
    export(demo, "members", tmp_path / "m.xlsx", ExportOptions(on=ON))
    assert list(temporary.iterdir()) == [] and (tmp_path / "m.xlsx").exists()


def test_the_summary_has_a_row_for_every_site_even_two_of_the_same_name(store: Store, tmp_path: Path) -> None:
    """Two towns may each have a 幸福社区安置点: the summary added them up into one row (it counted by name), left
    out a site with no households yet, and listed the sites by name where the 工作台 lists them by code."""
    with store.unit_of_work("county") as uow:
        sites = [
            uow.add(Site(code=code, name=name, county="会泽县"))
            for code, name in (("S03", "幸福社区安置点"), ("S01", "阳光社区安置点"), ("S02", "幸福社区安置点"))
        ]
        uow.add(Site(code="S04", name="新建安置点", county="会泽县"))
        uow.flush()
        for site, count in zip(sites, (1, 3, 2), strict=True):
            for room in range(count):
                uow.add(Household(site_id=site.id, room=str(room + 1)))
    ws = sheet(export(store, "summary", tmp_path / "summary.xlsx", ExportOptions(on=ON)).path)
    assert ws["A1"].value == "全部安置点 就业情况汇总表（2026-11-29）"
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int) or r[0] == "合计"]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (1, "阳光社区安置点", 3),
        (2, "幸福社区安置点（S02）", 2),
        (3, "幸福社区安置点（S03）", 1),
        (4, "新建安置点", 0),
        ("合计", None, 6),
    ]


def site_column(path: Path) -> list[str]:
    """The 安置点名称 cells of a ledger's rows (not its 合计); the national header itself is unchanged."""
    ws = sheet(path)
    header_row, column = next((c.row, c.column) for row in ws.iter_rows() for c in row if c.value == "安置点名称")
    cells = ws.iter_rows(min_row=header_row + 1, min_col=column, max_col=column, values_only=True)
    return [value for (value,) in cells if value not in (None, "合计")]


def test_ledgers_tell_two_sites_of_the_same_name_apart(store: Store, tmp_path: Path) -> None:
    """Two towns may both have a 幸福社区安置点: the 零就业, subsidy and 两后生 lists and the 家庭成员 and 务工监测
    sheets named both only by name, so a household to visit or a person to pay could not be told from one at the
    other town's site. The code is added where two live sites share a name, as on the 汇总表; and a 家庭成员 sheet so
    written imports back to the right sites."""
    with store.unit_of_work("county") as uow:
        add_sites_of_one_name(uow, ON)
    one, two, other = "幸福社区安置点（S01）", "幸福社区安置点（S02）", "阳光社区安置点"
    expected = {
        "zero-employment": [one, two, other],
        "transport-subsidy": [one, two, other],
        "service-subsidy": [one, two, other],
        "two-after": [one, two, other],
        "members": [one] * 4 + [two] * 4 + [other] * 4,
        "employment": [one] * 2 + [two] * 2 + [other] * 2,
    }
    files = {kind: export(store, kind, tmp_path / f"{kind}.xlsx", ExportOptions(on=ON)).path for kind in expected}
    assert {kind: site_column(path) for kind, path in files.items()} == expected

    with Store.open(tmp_path / "fresh.db") as fresh:
        with store.reading() as session, fresh.unit_of_work("county") as uow:
            for site in session.scalars(select(Site)):
                uow.add(Site(code=site.code, name=site.name, county=site.county))
        result = import_roster(fresh, files["members"], ImportOptions(on=ON))
        assert not result.errors and "reported" not in result.outcomes.values()
        with fresh.reading() as session:
            placed = Counter(session.scalars(select(Site.code).join(Household, Household.site_id == Site.id)))
    assert placed == {"S01": 2, "S02": 2, "S03": 2}


# ---- 脱敏: the lists carried door to door ---------------------------------------------------------------------


def whole_numbers(store: Store) -> set[str]:
    """Every ID number and phone the database holds, whole."""
    with store.reading() as session:
        members = session.scalars(select(Member)).all()
        phones = session.scalars(select(Household.phone)).all()
    return {n for m in members for n in (m.id_number, m.phone) if n} | {p for p in phones if p}


def workbook_text(path: Path) -> str:
    """Everything the .xlsx holds, as a finder who unzips it would read it (cells, shared strings, properties)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_the_lists_carried_door_to_door_are_masked_unless_whole_numbers_are_asked_for(
    demo: Store, tmp_path: Path
) -> None:
    """A worker prints the 零就业 and 两后生 lists to take door to door, or saves them to a stick for the print shop:
    lost, they gave a finder every listed person's whole ID number and phone. They now come masked."""
    numbers = whole_numbers(demo)
    for kind, id_header, phone_header in (
        ("zero-employment", None, "户联系电话"),
        ("two-after", "证件号码", "成员联系电话"),
    ):
        result = export(demo, kind, tmp_path / f"{kind}.xlsx", ExportOptions(on=ON))
        assert result.masked and result.rows > 0
        ws = sheet(result.path)
        assert ws["A1"].value.endswith("（脱敏）") and "本表已脱敏" in ws["A2"].value
        assert ws.print_title_rows == "$1:$3"  # the title and that line are on every printed page
        headers = [c.value for c in ws[3]]
        assert not {"出生日期", "健康状况", "残疾类别"} & set(headers)
        rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
        if id_header:
            ids = [r[headers.index(id_header)] for r in rows]
            assert all(len(i) == 18 and i[4:14] == "*" * 10 for i in ids), ids[:3]
        phones = [p for p in (r[headers.index(phone_header)] for r in rows) if p]
        assert phones and all(len(p) == 11 and p[3:7] == "****" for p in phones), phones[:3]
        found = workbook_text(result.path)
        assert not [n for n in numbers if n in found]  # not a whole number anywhere in the file

        whole = export(demo, kind, tmp_path / f"{kind}-whole.xlsx", ExportOptions(on=ON, masked=False))
        assert not whole.masked and "脱敏" not in sheet(whole.path)["A1"].value
        assert [n for n in numbers if n in workbook_text(whole.path)]


def test_the_sheets_that_need_whole_numbers_have_them_unless_masked(demo: Store, tmp_path: Path) -> None:
    for kind in ("members", "employment", "transport-subsidy", "service-subsidy", "departures"):
        assert not export(demo, kind, tmp_path / f"{kind}.xlsx", ExportOptions(on=ON)).masked
    result = export(demo, "members", tmp_path / "m.xlsx", ExportOptions(on=ON, masked=True))
    ws = sheet(result.path)
    headers = [c.value for c in ws[3]]
    assert "证件号码" in headers and not {"出生日期", "健康状况", "残疾类别"} & set(headers)
    assert not [n for n in whole_numbers(demo) if n in workbook_text(result.path)]
    properties = openpyxl.load_workbook(result.path).custom_doc_props
    assert properties["Masked"].value == "是"
    summary = export(demo, "summary", tmp_path / "s.xlsx", ExportOptions(on=ON, masked=True))
    assert not summary.masked and "脱敏" not in summary.title  # nobody's number on it: nothing to say


def test_a_masked_sheet_imported_by_mistake_changes_nothing_and_says_why(demo: Store, tmp_path: Path) -> None:
    """A clerk imports the printed (masked) member sheet instead of the whole one: its rows were refused as
    having “a character that is not allowed”, and its masked phones were imported over the real ones."""
    path = export(demo, "members", tmp_path / "成员-脱敏.xlsx", ExportOptions(on=ON, masked=True)).path
    before, content = journal_size(demo), people(demo)
    result = import_roster(demo, path, ImportOptions(on=ON))
    assert journal_size(demo) == before and people(demo) == content
    assert set(result.outcomes.values()) == {"reported"} and result.errors_path is not None
    masked_ids = [p for p in result.errors if p.code == "id_masked"]
    assert len(masked_ids) == len(result.outcomes)  # every row, and nothing else (no note row read as one)
    first = masked_ids[0]
    assert first.file == "成员-脱敏.xlsx" and first.row == 4 and first.column == "证件号码"
    assert first.message().startswith("文件“成员-脱敏.xlsx”，工作表“家庭成员”，第4行，“证件号码”列：证件号码“")
    assert "是脱敏的号码" in first.zh and "masked" in first.en
    listed = openpyxl.load_workbook(result.errors_path)["家庭成员"]
    reasons = [r[2] for r in listed.iter_rows(values_only=True)]
    assert "是脱敏的号码" in reasons[reasons.index("原因") + 1]  # the first row's 原因, in the list to fix


def test_a_masked_phone_on_a_whole_sheet_keeps_the_recorded_number(demo: Store, tmp_path: Path) -> None:
    path = export(demo, "members", tmp_path / "members.xlsx", ExportOptions(on=ON)).path
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    headers = [c.value for c in ws[3]]
    phone, number = headers.index("成员联系电话") + 1, headers.index("证件号码") + 1
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, phone).value)
    recorded, id_number = ws.cell(row, phone).value, ws.cell(row, number).value
    ws.cell(row, phone).value = recorded[:3] + "****" + recorded[-4:]
    book.save(path)

    result = import_roster(demo, path, ImportOptions(on=ON))
    [problem] = result.errors
    assert (problem.code, problem.row, problem.column) == ("phone_masked", row, "成员联系电话")
    assert "此项未导入，原有号码保持不变" in problem.zh
    with demo.reading() as session:
        assert session.scalars(select(Member.phone).where(Member.id_number == id_number)).one() == recorded


def test_the_lists_go_door_to_door_as_the_worker_walks(exported: dict[str, Path]) -> None:
    """The 零就业 list taken on the round of visits, and the lists people sign, ordered flats as text: 1栋1单元 went
    1002, 1301, 1801, 201, 202, and the worker climbed the stairs twice. Now each unit's doors go 201, 202, 1002, as
    on the member sheet."""
    from forms.excel.ledger_data import natural

    mixed = 0  # units listing both a three- and a four-digit door: where text order and the stairs differ
    for kind in ("zero-employment", "transport-subsidy", "service-subsidy", "two-after"):
        headers, rows, _lines = numbered_rows(exported[kind])
        site, building, unit, room = (headers.index(h) for h in ("安置点名称", "楼栋", "单元", "门牌号"))
        doors: dict[tuple[Any, ...], list[Any]] = {}
        for row in rows:
            doors.setdefault((row[site], row[building], row[unit]), []).append(row[room])
        for where, listed in doors.items():
            assert listed == sorted(listed, key=natural), (kind, where, listed)
            mixed += len({len(str(door)) for door in listed}) > 1
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1)), kind  # 序号 still counts down the page
    assert mixed

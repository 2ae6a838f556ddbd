"""Roster import from messy workbooks: every row's outcome, the audit log, the error workbook, re-import."""

from __future__ import annotations

import gc
import json
import threading
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from forms.excel import SITE_NEEDED, SITE_OPTION_UNKNOWN, SITES_OTHER_STATION, SITES_UNKNOWN, ExcelError
from forms.excel import roster_import as roster_module
from forms.excel import rows as rows_module
from forms.excel.apply import Cancelled, ImportOptions
from forms.excel.ids import IdPool, new_ids
from forms.excel.roster_import import import_roster
from forms.idnumber import check_character, make_ric
from forms.records import Employment, Household, JournalEntry, Member, Site
from forms.store import Store
from tests.factories import sheet_file
from tests.failing_drives import file_permissions_enforced
from tests.test_sync_support import World

pytest_plugins = ["tests.test_sync_support"]

ON = date(2026, 11, 29)
SITE = ("530326AZ001", "幸福社区安置点")


def ric(born: date, order: int, code: str = "530326") -> str:
    return make_ric(code, born, order)


def ric_ending_in_x(born: date) -> str:
    return next(n for n in (ric(born, order) for order in range(1, 999)) if n.endswith("X"))


HEAD = ric(date(1975, 3, 4), 11)
WIFE = ric_ending_in_x(date(1978, 5, 6))
OLD15 = "530326450101123"  # an old 15-digit number, born 1945
OLD18 = "53032619450101123" + check_character("53032619450101123")
WANG = ric(date(1970, 1, 2), 31)
WANG_WIFE = ric(date(1972, 2, 3), 42)
WANG_SON = ric(date(1998, 7, 8), 51)
ZHAO = ric(date(1980, 1, 1), 61)
SUN_QI = ric(date(1985, 6, 7), 71)
CHECKSUM_BAD = SUN_QI[:-1] + ("1" if SUN_QI.endswith("0") else "0")
SUN = ric(date(1990, 9, 9), 81)
GHOST = ric(date(1991, 1, 1), 91)

HEADERS = [
    "序号", "户编号", "安置点名称", "楼栋", "单元", "门牌号", "姓名", "证件号码", "性别", "出生日期", "与户主关系",
    "民族", "文化程度", "劳动技能", "联系电话", "务工地域", "务工企业名称", "务工时间（月）", "就业意愿", "备注",
]  # fmt: skip


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def line_of(
    number: int,
    household: tuple[Any, ...],
    name: str,
    id_number: object,
    relation: str,
    *,
    sex: str = "男",
    birth: object = None,
    ethnic: str = "汉族",
    edu: str = "初中",
    skill: str = "普通劳动力",
    phone: object = None,
    scope: str | None = None,
    employer: str | None = None,
    months: int | None = None,
    intent: str | None = None,
    note: str | None = None,
) -> list[Any]:
    """One roster line in the order of HEADERS."""
    person = [name, id_number, sex, birth, relation, ethnic, edu, skill, phone, scope, employer, months, intent, note]
    return [number, *household, *person]


def messy_roster(path: Path) -> Path:
    """A 台账 as clerks make them: title rows, merged cells, a column-number row, blank rows, every kind of mess."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "花名册"
    ws["A1"] = "会泽县易地扶贫搬迁安置点家庭成员花名册"
    ws.merge_cells("A1:T1")
    ws["A2"] = "填报单位：以礼街道　　填报日期：2026年11月"
    ws.append(HEADERS)
    ws.append(list(range(1, len(HEADERS) + 1)))  # row 4: the column numbers under a national header
    none: tuple[Any, ...] = (None, None, None, None, None)  # household cells left to the row above
    h1 = ("5303260010010001", SITE[1], "1", "2", "301")
    h2 = ("5303260010010002", SITE[1], "1", "2", "302")
    h3 = (None, SITE[1], "2", "1", "101")  # no 户编号: known by its flat
    h4 = ("5303260010010004", SITE[1], "3", "1", "101")
    rows: list[list[Any]] = [
        # rows 5–7, household 1, whose household cells are merged down over its three rows
        line_of(1, h1, "张 三", HEAD, "户主", phone=13812345678.0, scope="省外", employer="宁波某厂", months=6,
                intent="是", note="x", birth="19750304"),
        line_of(2, none, "李四", WIFE.lower(), "妻子", sex="女", ethnic="彝", edu="小学", skill="弱劳动力",
                intent="否"),
        line_of(3, none, "张老汉", OLD15, "父亲", edu="文盲", skill="丧失劳动能力"),
        [],  # row 8: blank
        # rows 9–11, household 2: household cells on the first row only
        line_of(4, h2, "王五", "5.30326E+17", "户主", phone="13900000000"),
        line_of(5, none, "王妻", " " + full_width(WANG_WIFE) + " ", "配偶", sex="女"),
        line_of(6, none, "王小五", float(WANG_SON), "之子", edu="高中"),
        # rows 12–14, household 3
        line_of(7, h3, "赵六", ZHAO + ".0", "户主", birth=date(1980, 2, 2)),
        line_of(8, h3, "赵六", ZHAO + ".0", "户主", birth=date(1980, 2, 2)),
        line_of(9, h3, "赵小六", ZHAO, "之女", sex="女", edu="小学", skill="无劳动力"),
        ["合计", None, None, None, None, None, "9人"],  # row 15
        # rows 16–18, household 4
        line_of(10, h4, "无号码", None, "户主"),
        line_of(11, h4, "孙七", CHECKSUM_BAD, "户主"),
        line_of(12, h4, "孙八", SUN, "之子", edu="博士后"),
        line_of(13, ("5303260010010005", "不存在的安置点", "9", "9", "909"), "鬼", GHOST, "户主"),  # row 19
    ]  # fmt: skip
    for line in rows:
        ws.append(line)
    for col in "BCDEF":
        ws.merge_cells(f"{col}5:{col}7")
    wb.save(path)
    return path


EXPECTED = {
    4: "skipped",  # column numbers
    5: "created",
    6: "created",
    7: "created",
    9: "reported",  # ID in scientific notation: digits lost
    10: "created",
    11: "reported",  # ID as a number cell: digits lost
    12: "created",
    13: "merged",  # the same person twice, identical
    14: "reported",  # same ID as row 12 but different person details
    15: "skipped",  # 合计
    16: "reported",  # no ID number
    17: "created",  # wrong check character: imported with a warning
    18: "created",  # 文化程度 not in the list: the rest imported
    19: "reported",  # unknown site
}


@pytest.fixture
def site_store(store: Store) -> Store:
    with store.unit_of_work("test") as uow:
        uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
    return store


def journal_size(store: Store) -> int:
    with store.reading() as session:
        return int(session.execute(select(func.count()).select_from(JournalEntry)).scalar_one())


def members(store: Store) -> dict[str, Member]:
    with store.reading() as session:
        return {m.id_number or m.name: m for m in session.scalars(select(Member))}


def test_every_row_of_a_messy_roster_is_imported_merged_or_reported(site_store: Store, tmp_path: Path) -> None:
    path = messy_roster(tmp_path / "花名册.xlsx")
    result = import_roster(site_store, path, ImportOptions(on=ON))

    assert dict(sorted((row, o) for (_sheet, row), o in result.outcomes.items())) == EXPECTED
    sheet = result.sheets[0]
    assert (sheet.header_row, sheet.blank_rows, sheet.unknown) == (3, 1, ["备注"])
    assert result.counts["households.created"] == 4 and result.counts["members.created"] == 7

    people = members(site_store)
    assert people[HEAD].name == "张三"  # spaces in the name removed
    assert people[WIFE].relation == "配偶" and people[WIFE].ethnicity == "彝族"
    assert people[WIFE].labour_skill == "弱劳动力或半劳动力" and people[WIFE].sex == "女"
    assert people[OLD18].relation == "之父" and people[OLD18].birth_date == date(1945, 1, 1)
    assert WANG_WIFE in people and people[ZHAO].birth_date == date(1980, 1, 1)
    assert people[CHECKSUM_BAD].name == "孙七" and people[SUN].education is None
    assert {HEAD, WIFE, OLD18} == {n for n, m in people.items() if m.household_id == people[HEAD].household_id}
    assert people[WANG_WIFE].household_id != people[HEAD].household_id
    with site_store.reading() as session:
        h1 = session.get(Household, people[HEAD].household_id)
        assert h1 is not None and (h1.hh_number, h1.phone, h1.room) == ("5303260010010001", "13812345678", "301")
        spells = session.scalars(select(Employment)).all()
    assert [(s.form, s.place_scope, s.employer, s.start_month) for s in spells] == [
        ("外出务工", "省外", "宁波某厂", "2026-06")  # 6 months up to November
    ]

    def problem(row: int, code: str) -> Any:
        found = [p for p in result.problems if p.row == row and p.code == code]
        assert found, (row, code, [(p.row, p.code) for p in result.problems])
        return found[0]

    assert problem(9, "id_excel_digits_lost").column == "证件号码"
    assert problem(9, "id_excel_digits_lost").severity == "error"
    assert "科学计数法" in problem(9, "id_excel_digits_lost").zh
    assert "第12行" in problem(14, "duplicate_conflict").zh and "文化程度" in problem(14, "duplicate_conflict").zh
    assert problem(16, "id_empty").severity == "error"
    assert problem(17, "id_checksum").severity == "warning"
    assert "博士后" in problem(18, "not_in_list").zh
    assert "不存在的安置点" in problem(19, "site_unknown").zh
    assert problem(12, "birth_mismatch").severity == "warning"
    assert problem(5, "start_estimated").severity == "warning"
    unknown = problem(3, "column_unknown")
    assert unknown.column == "备注" and unknown.message().startswith(
        "文件“花名册.xlsx”，工作表“花名册”，第3行，“备注”列"
    )
    assert result.repairs["lowercase_x"] == 1 and result.repairs["upgraded_15"] == 1 and result.repairs["synonym"] >= 4

    # The error workbook beside the input: the reported rows, the bad cells highlighted, reasons in 中文 and English.
    assert result.errors_path == tmp_path / "花名册.errors.xlsx"
    book = openpyxl.load_workbook(result.errors_path)
    ws = book["花名册"]
    headers = [c.value for c in ws[2]]
    assert headers[:3] == ["原行号", "处理结果", "原因"] and headers[-1] == "Reason" and "证件号码" in headers
    by_row = {r[0].value: r for r in ws.iter_rows(min_row=3)}
    assert {9, 11, 14, 16, 19} <= set(by_row) and 13 not in by_row and 7 not in by_row
    assert by_row[9][1].value == "未导入" and by_row[17][1].value == "已导入，请核对"
    id_cell = by_row[9][headers.index("证件号码")]
    assert id_cell.value == "5.30326E+17" and id_cell.fill.fgColor.rgb.endswith("FFC7CE") and id_cell.comment
    assert "科学计数法" in by_row[9][2].value and "scientific notation" in by_row[9][-1].value
    shown = str(by_row[11][headers.index("证件号码")].value)  # what Excel shows of the number cell, as text
    assert shown.startswith(WANG_SON[:14]) and shown.endswith("000") and len(shown) == 18
    assert "备注" in str([c.value for c in book["说明"]["B"]])


def test_reimporting_the_same_file_changes_nothing(site_store: Store, tmp_path: Path) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    import_roster(site_store, path, ImportOptions(on=ON))
    before = journal_size(site_store)
    # A month later: the estimated start month of the spell must not move.
    again = import_roster(site_store, path, ImportOptions(on=date(2026, 12, 29)))
    assert again.journal_entries == 0 and journal_size(site_store) == before
    expected = {row: ("unchanged" if o == "created" else o) for row, o in EXPECTED.items()}
    assert dict(sorted((row, o) for (_s, row), o in again.outcomes.items())) == expected


def test_an_updated_file_updates_the_same_people_and_the_audit_log_shows_each_field(
    site_store: Store, tmp_path: Path
) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    import_roster(site_store, path, ImportOptions(on=ON))
    wife_id = members(site_store)[WIFE].id
    book = openpyxl.load_workbook(path)
    ws = book["花名册"]
    ws["M6"] = "初中"  # 李四: 文化程度 小学 → 初中
    ws["O5"] = "13600000000"  # household 1: new phone
    book.save(path)
    result = import_roster(site_store, path, ImportOptions(on=ON))
    assert result.outcome("花名册", 6) == "updated" and result.outcome("花名册", 12) == "unchanged"
    assert (result.counts["members.updated"], result.counts["households.updated"]) == (1, 1)
    assert result.journal_entries == 2
    with site_store.reading() as session:
        entries = session.scalars(select(JournalEntry).order_by(JournalEntry.seq.desc()).limit(2)).all()
    changes = {e.record_id: (e.op, json.loads(e.changes)) for e in entries}
    assert changes[wife_id] == ("update", {"education": ["小学", "初中"]})
    assert ("update", {"phone": ["13812345678", "13600000000"]}) in changes.values()
    assert members(site_store)[WIFE].id == wife_id  # the same person, not a new one
    assert site_store.verify_journal().ok


def test_the_report_of_a_person_who_left_gives_the_day_they_left(site_store: Store, tmp_path: Path) -> None:
    """The problem said "已于 2026-11-03 减员": the day the 减员 was typed in (in UTC), though the station had
    recorded that she died on 10-15. A clerk comparing it with the national system's record saw two dates."""
    path = messy_roster(tmp_path / "roster.xlsx")
    import_roster(site_store, path, ImportOptions(on=ON))
    with site_store.unit_of_work("zhang") as uow:
        wife = uow.session.scalars(select(Member).where(Member.id_number == WIFE)).one()
        wife.left_reason, wife.left_on = "死亡", date(2025, 10, 15)
        uow.delete(wife)

    again = import_roster(site_store, path, ImportOptions(on=ON))
    (problem,) = [p for p in again.problems if p.row == 6]
    assert "已于 2025-10-15 减员（死亡）" in problem.zh, problem.zh
    assert "left the household on 2025-10-15 (死亡)" in problem.en, problem.en


def test_a_person_who_left_is_reported_not_counted_again_when_an_older_file_still_lists_them(
    site_store: Store, tmp_path: Path
) -> None:
    """The station recorded a death; last month's national export, imported after, still lists the person."""
    path = messy_roster(tmp_path / "roster.xlsx")
    import_roster(site_store, path, ImportOptions(on=ON))
    with site_store.unit_of_work("zhang") as uow:
        wife = uow.session.scalars(select(Member).where(Member.id_number == WIFE)).one()
        wife.left_reason = "死亡"
        uow.delete(wife)
    before = journal_size(site_store)

    again = import_roster(site_store, path, ImportOptions(on=ON))
    assert again.outcome("花名册", 6) == "reported" and again.outcome("花名册", 5) == "unchanged"
    (problem,) = [p for p in again.problems if p.row == 6]
    assert problem.code == "member_left" and problem.column == "证件号码" and problem.severity == "error"
    assert "减员（死亡）" in problem.zh and "本行未导入" in problem.zh and "恢复" in problem.zh
    assert again.journal_entries == 0 and journal_size(site_store) == before
    with site_store.reading() as session:
        assert session.scalars(select(Member).where(Member.id_number == WIFE, Member.deleted_at.is_(None))).all() == []
    assert again.errors_path is not None and again.errors_path.exists()

    with site_store.unit_of_work("zhang") as uow:  # she came back after all: restored, and the file imports again
        back = uow.get(Member, wife.id)
        assert back is not None
        back.deleted_at, back.left_reason = None, None
    third = import_roster(site_store, path, ImportOptions(on=ON))
    assert third.outcome("花名册", 6) == "unchanged" and third.journal_entries == 0


def test_the_clerk_fixes_the_error_workbook_and_imports_it(site_store: Store, tmp_path: Path) -> None:
    result = import_roster(site_store, messy_roster(tmp_path / "roster.xlsx"), ImportOptions(on=ON))
    assert result.errors_path is not None
    book = openpyxl.load_workbook(result.errors_path)
    ws = book["花名册"]
    headers = [c.value for c in ws[2]]
    for line in ws.iter_rows(min_row=3):
        if line[0].value == 9:  # 王五: type the number from the ID card, as text
            line[headers.index("证件号码")].value = WANG
        if line[0].value == 17:  # 孙七: the check character was mistyped
            line[headers.index("证件号码")].value = SUN_QI
    book.save(result.errors_path)
    fixed = import_roster(site_store, result.errors_path, ImportOptions(on=ON))
    people = members(site_store)
    assert people[WANG].household_id == people[WANG_WIFE].household_id  # joined the family row 10 brought
    corrected = people[SUN_QI]
    assert corrected.name == "孙七" and CHECKSUM_BAD not in people  # the same person, number corrected
    assert fixed.counts["members.created"] == 1 and fixed.counts["members.updated"] == 1
    assert fixed.errors_path == tmp_path / "roster.errors.errors.xlsx"


def test_dry_run_and_cancel_change_nothing(site_store: Store, tmp_path: Path) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    before = journal_size(site_store)
    checked = import_roster(site_store, path, ImportOptions(on=ON, dry_run=True))
    assert checked.dry_run and checked.counts["members.created"] == 7 and checked.journal_entries > 0
    assert journal_size(site_store) == before and not members(site_store)
    assert checked.errors_path is not None and checked.errors_path.exists()
    assert "未写入数据库" in checked.summary()
    from forms.excel.apply import Cancelled

    with pytest.raises(Cancelled):
        import_roster(site_store, path, ImportOptions(on=ON, cancelled=lambda: True))
    assert journal_size(site_store) == before


# ---- headers in odd places, sites, 务工 sheets -----------------------------------------------------------------


def test_two_row_header_under_merged_cells_and_site_from_the_option(site_store: Store, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某某安置点劳动力台账（2026年）"])
    ws.append([])
    ws.append(["户主证件号码", "姓名", "证件号码", "与户主关系", "劳动技能", "务工情况", None, None])
    ws.append([None, None, None, None, None, "就业形式", "开始时间", "务工月收入（元）"])
    for col in "ABCDE":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("F3:H3")
    ws.append([HEAD, "张三", HEAD, "户主", "普通劳动力", "县内务工", "2025年3月", "3,000元"])
    ws.append([HEAD, "李四", WIFE, "配偶", "普通劳动力", "乡村公益性岗位", 45717.0, 800])
    ws.append([WANG, "王五", WANG, "户主", "技能劳动力", None, None, None])
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    before = journal_size(site_store)
    with pytest.raises(ExcelError, match="--site") as refused:
        import_roster(site_store, path, ImportOptions(on=ON))
    assert "安置点" in str(refused.value) and journal_size(site_store) == before
    assert refused.value.code == SITE_NEEDED  # what the desktop acts on, whatever the wording
    with pytest.raises(ExcelError, match="不是本数据库里的安置点代码") as refused:
        import_roster(site_store, path, ImportOptions(on=ON, site_code="NOPE"))
    assert refused.value.code == SITE_OPTION_UNKNOWN
    result = import_roster(site_store, path, ImportOptions(on=ON, site_code=SITE[0]))
    assert result.sheets[0].header_row == 4 and result.rows_with("created") == 3
    people = members(site_store)
    assert people[HEAD].household_id == people[WIFE].household_id != people[WANG].household_id
    with site_store.reading() as session:
        spells = {(s.form, s.start_month, s.monthly_income) for s in session.scalars(select(Employment))}
        sites = {h.site_id for h in session.scalars(select(Household))}
    assert spells == {("县内务工", "2025-03", 3000), ("乡村公益性岗位", "2025-03", 800)}
    assert len(sites) == 1


def test_a_workbook_whose_sites_are_all_unknown_is_refused(site_store: Store, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系"])
    ws.append(["1", "别的县的安置点", "张三", HEAD, "户主"])
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(ExcelError, match="都不在本数据库的安置点列表里") as refused:
        import_roster(site_store, tmp_path / "other.xlsx", ImportOptions(on=ON))
    assert not members(site_store) and refused.value.code == SITES_UNKNOWN


def test_a_name_two_sites_share_is_not_guessed(site_store: Store, tmp_path: Path) -> None:
    """Two towns' 幸福社区安置点: a row that names only “幸福社区安置点” went to whichever of the two was read last.
    It is reported, saying how to name the site; a row with the site's code beside the name, or 名称（代码）, goes
    where it says."""
    with site_store.unit_of_work("test") as uow:
        uow.add(Site(code="530326AZ002", name=SITE[1], county="会泽县"))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "安置点代码", "姓名", "证件号码", "与户主关系"])
    ws.append(["1", SITE[1], None, "张三", HEAD, "户主"])  # row 2: which one?
    ws.append(["2", SITE[1], "530326AZ002", "李四", WIFE, "户主"])
    ws.append(["3", f"{SITE[1]}（530326AZ001）", None, "王五", ric(date(1990, 5, 6), 15), "户主"])
    wb.save(tmp_path / "two.xlsx")
    result = import_roster(site_store, tmp_path / "two.xlsx", ImportOptions(on=ON))
    (problem,) = [p for p in result.problems if p.row == 2]
    assert problem.code == "site_ambiguous" and "有两个安置点都叫“幸福社区安置点”" in problem.zh
    assert "幸福社区安置点（530326AZ001）" in problem.zh and "幸福社区安置点（530326AZ002）" in problem.zh
    assert result.outcome("Sheet", 2) == "reported"
    with site_store.reading() as session:
        query = (
            select(Member.name, Site.code)
            .join(Household, Household.id == Member.household_id)
            .join(Site, Site.id == Household.site_id)
        )
        placed = dict(session.execute(query).all())
    assert placed == {"李四": "530326AZ002", "王五": "530326AZ001"}


def test_an_employment_sheet_adds_spells_to_people_on_the_roster(site_store: Store, tmp_path: Path) -> None:
    import_roster(site_store, messy_roster(tmp_path / "roster.xlsx"), ImportOptions(on=ON))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "务工监测"
    ws.append(["姓名", "证件号码", "就业形式", "务工地域", "开始时间", "结束时间", "务工月收入"])
    ws.append(["李四", WIFE, "县内务工", "县内", "2024年05月", "2025年01月", 2500])
    ws.append(["李四", WIFE, "县内务工", "县内", "2024年05月", "2025年01月", 2500])  # identical: merged
    ws.append(["王五", WANG, "外出务工", "省外", "2025年02月", None, 5000])  # not on the roster
    ws.append(["张三", HEAD, "外出务工", "省外", "2026年06月", None, "4000"])  # the spell the roster made
    wb.save(tmp_path / "work.xlsx")
    result = import_roster(site_store, tmp_path / "work.xlsx", ImportOptions(on=ON))
    assert result.sheets[0].kind == "spells"
    outcomes = {row: o for (_s, row), o in result.outcomes.items()}
    assert outcomes == {2: "created", 3: "merged", 4: "reported", 5: "updated"}
    assert "请先导入家庭成员花名册" in next(p.zh for p in result.problems if p.row == 4)
    with site_store.reading() as session:
        head = session.scalars(select(Employment).where(Employment.employer == "宁波某厂")).one()
    assert head.monthly_income == 4000  # updated in place, not a second spell


# ---- refusals: nothing changes, and the message says what to do --------------------------------------------------


def _refused(store: Store, path: Path, *words: str) -> None:
    before = journal_size(store)
    with pytest.raises(Exception) as caught:
        import_roster(store, path, ImportOptions(on=ON))
    assert gc.isenabled()  # the collector paused for the import is back on
    error = caught.value
    assert hasattr(error, "zh") and hasattr(error, "en")
    for word in words:
        assert word in error.zh, error.zh
    assert journal_size(store) == before


def test_files_that_cannot_be_imported_are_refused_clearly(site_store: Store, tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    _refused(site_store, tmp_path / "empty.xlsx", "空的", "0 字节")
    (tmp_path / "list.xlsx").write_text("姓名,证件号码\n张三,110105194912310021\n", encoding="utf-8")
    _refused(site_store, tmp_path / "list.xlsx", "CSV", "另存为")
    (tmp_path / "web.xls").write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")
    _refused(site_store, tmp_path / "web.xls", "网页", "另存为")
    (tmp_path / "photo.xlsx").write_bytes(bytes(range(256)) * 4)
    _refused(site_store, tmp_path / "photo.xlsx", "不是Excel工作簿")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    _refused(site_store, tmp_path / "broken.xlsx", "损坏")
    _refused(site_store, tmp_path / "missing.xlsx", "找不到文件")

    blank = openpyxl.Workbook()
    blank.create_sheet("Sheet2")
    blank.save(tmp_path / "blank.xlsx")
    _refused(site_store, tmp_path / "blank.xlsx", "没有任何数据")

    visits = openpyxl.Workbook()
    ws = visits.active
    assert ws is not None
    ws.title = "走访记录"
    ws.append(["走访日期", "走访人", "走访结果"])
    ws.append(["2026-11-01", "李采集员", "入户"])
    visits.save(tmp_path / "visits.xlsx")
    _refused(site_store, tmp_path / "visits.xlsx", "没有可以导入的花名册", "走访记录", "走访日期", "姓名")

    late = openpyxl.Workbook()
    ws = late.active
    assert ws is not None
    for _ in range(12):
        ws.append(["说明文字"])
    ws.append(["姓名", "证件号码", "与户主关系"])  # row 13: too far down to be a header
    ws.append(["张三", HEAD, "户主"])
    late.save(tmp_path / "late.xlsx")
    _refused(site_store, tmp_path / "late.xlsx", "前10行")

    headers_only = openpyxl.Workbook()
    ws = headers_only.active
    assert ws is not None
    ws.append(["姓名", "证件号码", "与户主关系"])
    headers_only.save(tmp_path / "headers.xlsx")
    _refused(site_store, tmp_path / "headers.xlsx", "只有表头")


def test_a_workbook_open_in_excel_its_lock_file_or_one_held_by_another_program_is_refused_saying_what_to_do(
    site_store: Store, tmp_path: Path
) -> None:
    """Excel writes “~$花名册.xlsx” beside a workbook it has open. Picked or dropped by mistake (a stick that lost
    its hidden mark), it was “不是Excel工作簿（.xlsx 或 .xls）” for a file named .xlsx. A file another program
    holds (Windows: open in WPS, a sync client) was “程序出错了…这是程序的问题”, a bug to report."""
    roster = messy_roster(tmp_path / "花名册.xlsx")
    lock = tmp_path / "~$花名册.xlsx"
    owner = "zhangsan"  # the owner file: the user's name, as bytes, then as UTF-16, padded
    lock.write_bytes(
        bytes([len(owner)]) + owner.encode().ljust(53) + bytes([len(owner), 0]) + owner.encode("utf-16-le")
    )
    _refused(site_store, lock, "锁定文件", "“花名册.xlsx”")
    assert "lock file" in _refusal(site_store, lock).en

    roster.chmod(0)
    try:
        with file_permissions_enforced():
            _refused(site_store, roster, "打不开", "正被别的程序占用", "保存并关闭")
    finally:
        roster.chmod(0o644)
    assert import_roster(site_store, roster, ImportOptions(on=ON)).rows_with("created")  # closed: it imports


def test_a_roster_open_in_excel_is_read_as_last_saved_and_the_clerk_is_told(site_store: Store, tmp_path: Path) -> None:
    """Excel's lock file beside the roster (its name after ~$, or for a long name ~$ in place of its first two
    characters): the import goes on with the file as last saved, and says so, in both languages and in --json."""
    roster = messy_roster(tmp_path / "花名册.xlsx")
    result = import_roster(site_store, roster, ImportOptions(on=ON, dry_run=True))
    assert result.open_elsewhere is None and "Excel" not in result.summary()

    (tmp_path / "~$花名册.xlsx").write_bytes(b"\x08zhangsan")
    result = import_roster(site_store, roster, ImportOptions(on=ON, dry_run=True))
    assert result.open_elsewhere == tmp_path / "~$花名册.xlsx"
    assert "似乎正在Excel或WPS表格里打开" in result.summary() and "last saved" in result.summary_en()
    assert result.to_json()["open_elsewhere"] == str(tmp_path / "~$花名册.xlsx")

    long_name = messy_roster(tmp_path / "会泽县2026年花名册.xlsx")
    assert import_roster(site_store, long_name, ImportOptions(on=ON, dry_run=True)).open_elsewhere is None
    (tmp_path / "~$县2026年花名册.xlsx").write_bytes(b"\x08zhangsan")  # Office's short form: first two cut
    assert import_roster(site_store, long_name, ImportOptions(on=ON, dry_run=True)).open_elsewhere is not None


def _refusal(store: Store, path: Path) -> ExcelError:
    with pytest.raises(ExcelError) as caught:
        import_roster(store, path, ImportOptions(on=ON))
    return caught.value


def test_a_county_label_from_its_questionnaire_is_a_header_too(site_store: Store, tmp_path: Path) -> None:
    from forms.questionnaire import from_dict, load_packaged, save_active

    raw = load_packaged().to_dict()
    for form in raw["forms"]:
        for section in form["sections"]:
            for field in section["fields"]:
                if field["name"] == "labour_skill":
                    field["label"]["zh"] = "劳动力类别（县定）"
    save_active(site_store, from_dict(raw, source="county"))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动力类别（县定）"])
    ws.append(["1", SITE[1], "张三", HEAD, "户主", "技能劳动力"])
    wb.save(tmp_path / "county.xlsx")
    result = import_roster(site_store, tmp_path / "county.xlsx", ImportOptions(on=ON))
    assert result.sheets[0].unknown == [] and members(site_store)[HEAD].labour_skill == "技能劳动力"


def test_progress_is_reported_in_rows(site_store: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    checked: list[tuple[int, int]] = []
    path = messy_roster(tmp_path / "roster.xlsx")
    import_roster(
        site_store,
        path,
        ImportOptions(
            on=ON,
            progress=lambda done, total: seen.append((done, total)),
            checked=lambda done, total: checked.append((done, total)),
        ),
    )
    assert seen[0] == (0, 13) and seen[-1] == (13, 13)  # the 13 data rows under the header
    assert checked == [(16, 16)]  # every row under the header was checked first (blank, 合计 … included)


def test_writing_a_big_roster_reports_the_records_saved_as_it_goes(site_store: Store, tmp_path: Path) -> None:
    """Writing a county's roster takes as long as checking it: the bar must move then too, not sit full."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系"])
    for n in range(2500):  # more than one statement's rows (`forms.bulk.ROWS_PER_STATEMENT`)
        name = "张" + "一二三四五六七八九十"[n % 10] + "甲乙丙丁戊己庚辛壬癸"[n // 10 % 10]
        ws.append([f"H{n}", SITE[1], name, ric(date(1970, 1, 1) + timedelta(days=n), 11), "户主"])
    wb.save(tmp_path / "big.xlsx")
    saved: list[tuple[int, int]] = []
    import_roster(
        site_store, tmp_path / "big.xlsx", ImportOptions(on=ON, saved=lambda done, total: saved.append((done, total)))
    )
    totals = {total for _done, total in saved}
    assert totals == {5000}  # 2,500 households and their 2,500 heads
    done = [d for d, _total in saved]
    assert done == sorted(done) and done[-1] == 5000 and len([d for d in done if 0 < d < 5000]) >= 3


def test_checking_a_big_sheet_reports_as_it_goes_and_a_cancel_stops_it(
    site_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_module, "CHECKED_EVERY", 5)
    path = messy_roster(tmp_path / "roster.xlsx")
    checked: list[tuple[int, int]] = []
    import_roster(site_store, path, ImportOptions(on=ON, checked=lambda done, total: checked.append((done, total))))
    assert checked == [(5, 16), (10, 16), (15, 16), (16, 16)]

    from forms.excel.apply import Cancelled

    before = journal_size(site_store)
    calls: list[int] = []

    def cancel_after_the_first_report() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        import_roster(site_store, path, ImportOptions(on=ON, cancelled=cancel_after_the_first_report))
    assert len(calls) == 2 and journal_size(site_store) == before  # stopped while checking: nothing written


def test_a_cancel_while_the_workbook_is_still_parsed_returns_at_once(
    site_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """calamine's parse of a county's roster takes many seconds on a station laptop and cannot be interrupted: a
    cancel pressed during it stops the import then, not when the parse ends. Here the real parse is held until the
    import has answered the cancel."""
    path = messy_roster(tmp_path / "roster.xlsx")
    parse_may_end = threading.Event()
    parsed: list[object] = []
    read = roster_module.read_workbook

    def held_parse(where: Path) -> Any:
        sheets = read(where)
        parse_may_end.wait(30)
        parsed.append(sheets)
        return sheets

    monkeypatch.setattr(roster_module, "read_workbook", held_parse)
    before = journal_size(site_store)
    asked: list[bool] = []
    with pytest.raises(Cancelled):
        import_roster(site_store, path, ImportOptions(on=ON, cancelled=lambda: asked.append(True) or len(asked) > 2))
    assert not parsed and len(asked) == 3  # answered while the parse still ran
    parse_may_end.set()
    assert journal_size(site_store) == before and not (tmp_path / "roster.errors.xlsx").exists()
    # The store is free at once: the next import (here a real one, nothing held) goes through.
    monkeypatch.setattr(roster_module, "read_workbook", read)
    assert import_roster(site_store, path, ImportOptions(on=ON)).counts["members.created"] > 0


def test_ids_are_random_version_4_uuids_and_a_reserved_block_comes_in_ascending_order() -> None:
    ids = new_ids(2000)
    assert len(set(ids)) == 2000
    assert all(str(uuid.UUID(i)) == i and uuid.UUID(i).version == 4 for i in ids)
    assert all(uuid.UUID(i).variant == uuid.RFC_4122 for i in ids)
    pool = IdPool(batch=3)
    pool.reserve(100)
    block = [pool() for _ in range(100)]
    assert block == sorted(block) and len(set(block)) == 100
    more = [pool() for _ in range(7)]  # past the reservation: batches as usual
    assert len(set(block + more)) == 107 and all(uuid.UUID(i).version == 4 for i in more)


def test_a_repeated_cell_that_needs_a_repair_is_repaired_and_counted_on_every_row(
    site_store: Store, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "民族", "文化程度"])
    ws.append(["A1", SITE[1], "张三", HEAD, "户主", "汉族", "初中"])
    ws.append(["A1", SITE[1], "李四", WIFE, "妻子", "彝", "初中"])
    ws.append(["B2", SITE[1], "王五", WANG, "户主", "彝", "博士后"])
    ws.append(["B2", SITE[1], "王妻", WANG_WIFE, "妻子", "汉族", "博士后"])
    wb.save(tmp_path / "repeat.xlsx")
    result = import_roster(site_store, tmp_path / "repeat.xlsx", ImportOptions(on=ON))
    assert result.repairs["synonym"] == 4  # 妻子 → 配偶 twice, 彝 → 彝族 twice
    assert [p.row for p in result.problems if p.code == "not_in_list"] == [4, 5]
    people = members(site_store)
    assert people[WIFE].relation == people[WANG_WIFE].relation == "配偶" and people[WANG].ethnicity == "彝族"
    assert people[WANG].education is None and people[HEAD].education == people[WIFE].education == "初中"


def test_a_commit_that_fails_leaves_no_error_workbook(
    site_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_roster(tmp_path / "roster.xlsx")
    real_apply = roster_module._apply

    def apply_then_break_a_foreign_key(uow: Any, *args: Any) -> None:
        real_apply(uow, *args)
        # A member of a household that does not exist: the deferred foreign key refuses the commit.
        uow.session.connection().exec_driver_sql(
            "INSERT INTO members (id, household_id, name, id_type, rev, updated_at, updated_by, origin) "
            "VALUES ('orphan', 'no-such-household', '某', '居民身份证', 0, 'now', 'test', 'test')"
        )

    monkeypatch.setattr(roster_module, "_apply", apply_then_break_a_foreign_key)
    before = journal_size(site_store)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        import_roster(site_store, path, ImportOptions(on=ON))
    assert journal_size(site_store) == before and not members(site_store)
    assert not (tmp_path / "roster.errors.xlsx").exists() and not (tmp_path / "roster.errors.xlsx.tmp").exists()


def test_the_same_person_in_two_households_is_imported_in_both_with_a_warning(
    site_store: Store, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系"])
    ws.append(["A1", SITE[1], "张三", HEAD, "户主"])
    ws.append(["A1", SITE[1], "李四", WIFE, "配偶"])  # married in …
    ws.append(["B2", SITE[1], "李父", WANG, "户主"])
    ws.append(["B2", SITE[1], "李四", WIFE, "之女"])  # … and still listed with her parents
    wb.save(tmp_path / "two.xlsx")
    first = import_roster(site_store, tmp_path / "two.xlsx", ImportOptions(on=ON))
    assert {row: o for (_s, row), o in first.outcomes.items()} == {
        2: "created",
        3: "created",
        4: "created",
        5: "created",
    }
    warning = next(p for p in first.problems if p.code == "id_in_two_households")
    assert warning.row == 5 and warning.severity == "warning" and "第3行" in warning.zh
    again = import_roster(site_store, tmp_path / "two.xlsx", ImportOptions(on=ON))
    assert again.journal_entries == 0 and set(again.outcomes.values()) == {"unchanged"}
    with site_store.reading() as session:
        relations = sorted(m.relation or "" for m in session.scalars(select(Member).where(Member.id_number == WIFE)))
    assert relations == ["之女", "配偶"]


def test_a_row_that_took_its_household_from_the_row_above_keeps_it_in_the_error_workbook(
    site_store: Store, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    ws.append(["户编号", "安置点名称", "门牌号", "户联系电话", "姓名", "证件号码", "与户主关系", "劳动技能"])
    ws.append(["B2", SITE[1], "909", None, "李父", WANG, "户主", "能干活"])  # imported, 劳动技能 to check
    ws.append(["A1", SITE[1], "101", "13812345678", "张三", HEAD, "户主", "普通劳动力"])
    ws.append([None, None, None, None, "李四", WIFE[:17], "配偶", "普通劳动力"])  # a digit missing: not imported
    ws.append([None, None, None, None, "张小", SUN, "之子", "普通劳动力"])
    wb.save(tmp_path / "台账.xlsx")
    result = import_roster(site_store, tmp_path / "台账.xlsx", ImportOptions(on=ON))
    assert result.outcome("台账", 4) == "reported" and result.errors_path is not None

    # In the error workbook 李四's row sits right under 李父's: it carries its own family's household cells.
    book = openpyxl.load_workbook(result.errors_path)
    sheet = book["台账"]
    headers = [c.value for c in sheet[2]]
    by_row = {line[0].value: line for line in sheet.iter_rows(min_row=3)}
    assert sorted(by_row) == [2, 4]
    row = by_row[4]
    assert [row[headers.index(h)].value for h in ("户编号", "门牌号", "户联系电话")] == ["A1", "101", "13812345678"]
    row[headers.index("证件号码")].value = WIFE  # the clerk types the number from the ID card
    book.save(result.errors_path)

    fixed = import_roster(site_store, result.errors_path, ImportOptions(on=ON))
    assert fixed.counts["members.created"] == 1 and fixed.counts["households.updated"] == 0
    people = members(site_store)
    assert people[WIFE].household_id == people[HEAD].household_id != people[WANG].household_id
    with site_store.reading() as session:
        household = session.get(Household, people[HEAD].household_id)
        assert household is not None and (household.room, household.phone) == ("101", "13812345678")


def test_required_marks_in_headers_are_not_part_of_the_name(site_store: Store, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        ["户编号（必填）", "安置点名称(必填)", "姓名(必填)", "证件号码\n(18位)", "与户主关系（必填项）", "民族(选填)"]
    )
    ws.append(["A1", SITE[1], "张三", HEAD, "户主", "汉族"])
    ws.append(["A1", SITE[1], "李四", WIFE, "妻子", "彝族"])
    wb.save(tmp_path / "template.xlsx")
    result = import_roster(site_store, tmp_path / "template.xlsx", ImportOptions(on=ON))
    assert result.sheets[0].unknown == [] and not result.problems
    people = members(site_store)
    assert (people[WIFE].relation, people[WIFE].ethnicity) == ("配偶", "彝族")


def test_a_person_cell_edited_on_an_employment_sheet_is_reported_not_dropped_silently(
    site_store: Store, tmp_path: Path
) -> None:
    import_roster(site_store, messy_roster(tmp_path / "roster.xlsx"), ImportOptions(on=ON))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "务工监测"
    ws.append(["姓名", "证件号码", "成员联系电话", "就业形式", "务工地域", "开始时间", "务工企业名称"])
    ws.append(["李四", WIFE, "13700000000", "县内务工", "县内", "2024年05月", "会泽某厂"])  # a new phone number
    ws.append(["张三", HEAD, None, "外出务工", "省外", "2026年06月", "宁波某厂"])  # no phone given: nothing to say
    wb.save(tmp_path / "work.xlsx")
    result = import_roster(site_store, tmp_path / "work.xlsx", ImportOptions(on=ON))
    assert {row: o for (_s, row), o in result.outcomes.items()} == {2: "created", 3: "unchanged"}
    [note] = result.problems
    assert (note.row, note.column, note.code, note.severity) == (
        2,
        "成员联系电话",
        "member_cells_not_imported",
        "warning",
    )
    assert "13700000000" in note.zh and "未导入" in note.zh and "家庭成员表" in note.zh
    assert members(site_store)[WIFE].phone is None  # the employment sheet never changes the person


def test_a_second_head_under_a_family_without_household_numbers_starts_the_next_household(
    site_store: Store, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "户编号", "姓名", "证件号码", "与户主关系"])  # new households: no 户编号 yet, no flats
    ws.append([1, None, "张三", HEAD, "户主"])
    ws.append([2, None, "李四", WIFE, "配偶"])
    ws.append([3, None, "王五", WANG, "户主"])
    ws.append([4, None, "王小五", WANG_SON, "之子"])
    wb.save(tmp_path / "new.xlsx")
    result = import_roster(site_store, tmp_path / "new.xlsx", ImportOptions(site_code=SITE[0], on=ON))
    assert result.counts["households.created"] == 2 and result.counts["members.created"] == 4
    people = members(site_store)
    assert people[WIFE].household_id == people[HEAD].household_id
    assert people[WANG_SON].household_id == people[WANG].household_id != people[HEAD].household_id


def test_a_header_broken_over_two_lines_is_named_on_one_line(site_store: Store, tmp_path: Path) -> None:
    """Templates break long headers inside the cell; messages and the error workbook name the column on one line."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "姓名", "证件\n号码", "与户主\n关系"])
    ws.append(["A1", SITE[1], "张三", HEAD, "户主"])
    ws.append(["A1", SITE[1], "李四", WIFE[:17], "配偶"])  # a digit short
    wb.save(tmp_path / "template.xlsx")
    result = import_roster(site_store, tmp_path / "template.xlsx", ImportOptions(on=ON))
    [problem] = result.problems
    assert (problem.row, problem.column) == (3, "证件号码")
    assert "\n" not in problem.where_zh() and "证件号码" in problem.where_zh()
    assert result.errors_path is not None
    sheet = openpyxl.load_workbook(result.errors_path)["Sheet"]
    assert "证件号码" in [c.value for c in sheet[2]] and "与户主关系" in [c.value for c in sheet[2]]


def test_a_corrected_start_month_adds_a_spell_and_says_so(site_store: Store, tmp_path: Path) -> None:
    """Spells are matched by 就业形式 and 开始时间, so a corrected 开始时间 arrives as a second spell: the row says
    which ongoing spell it sits beside and what to do, instead of only counting 务工 新增1."""

    def sheet(start: str, name: str) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "务工监测"
        ws.append(["姓名", "证件号码", "就业形式", "务工地域", "开始时间", "务工企业名称"])
        ws.append(["李四", WIFE, "县内务工", "县内", start, "会泽某厂"])
        wb.save(tmp_path / name)
        return tmp_path / name

    import_roster(site_store, messy_roster(tmp_path / "roster.xlsx"), ImportOptions(on=ON))
    first = import_roster(site_store, sheet("2023年06月", "first.xlsx"), ImportOptions(on=ON))
    assert first.counts["spells.created"] == 1 and not first.problems
    again = import_roster(site_store, sheet("2023年06月", "first.xlsx"), ImportOptions(on=ON))
    assert again.counts["spells.unchanged"] == 1 and not again.problems

    corrected = import_roster(site_store, sheet("2023年7月", "corrected.xlsx"), ImportOptions(on=ON))
    assert corrected.counts["spells.created"] == 1
    [note] = corrected.problems
    assert (note.row, note.code, note.severity) == (2, "spell_beside_ongoing", "warning")
    assert "2023-06" in note.zh and "2023-07" in note.zh and "住户编辑" in note.zh


def test_a_work_sheet_beside_a_spell_the_same_file_just_made_says_so(site_store: Store, tmp_path: Path) -> None:
    """The roster sheet of a workbook gives 李四 an ongoing 县内务工, its 务工监测 sheet another start: the second
    spell is added and the row says which ongoing one it sits beside. The spell made from the first sheet carried
    only the cells given, and reading its 结束时间 stopped the import (KeyError 'end_month')."""
    wb = openpyxl.Workbook()
    roster = wb.active
    assert roster is not None
    roster.title = "花名册"
    roster.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "就业形式", "务工地域", "开始时间"])
    roster.append(["A1", SITE[1], "张三", HEAD, "户主", None, None, None])
    roster.append(["A1", SITE[1], "李四", WIFE, "配偶", "县内务工", "县内", "2023年06月"])
    work = wb.create_sheet("务工监测")
    work.append(["姓名", "证件号码", "就业形式", "务工地域", "开始时间", "务工企业名称"])
    work.append(["李四", WIFE, "县内务工", "县内", "2024年03月", "会泽某厂"])
    wb.save(tmp_path / "both.xlsx")

    result = import_roster(site_store, tmp_path / "both.xlsx", ImportOptions(on=ON))
    assert result.counts["spells.created"] == 2
    [note] = [p for p in result.problems if p.code == "spell_beside_ongoing"]
    assert (note.sheet, note.row) == ("务工监测", 2) and "2023-06" in note.zh and "2024-03" in note.zh


# ---- a station imports into its own sites only -------------------------------------------------------------------


def test_a_station_imports_only_into_its_own_sites_and_reports_rows_of_other_stations(
    world: World, tmp_path: Path
) -> None:
    """Station A serves S1 (幸福社区) and S3; its package brought every site of the county, S2 (新村, station B's)
    too. A row at 新村 was imported at A and accepted by the county, but A's return files cover only S1 and S3, so
    that household drifted from the county's. Now it is reported, row and site named; the county still takes it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "花名册"
    ws.append(["户编号", "安置点名称", "门牌号", "姓名", "证件号码", "与户主关系"])
    ws.append(["A1", "幸福社区", "101", "张三", HEAD, "户主"])
    ws.append(["B1", "新村", "202", "王五", WANG, "户主"])
    ws.append(["B1", "新村", "202", "王妻", WANG_WIFE, "配偶"])
    path = tmp_path / "花名册.xlsx"
    wb.save(path)

    result = import_roster(world.a, path, ImportOptions(on=ON))
    assert [result.outcome("花名册", row) for row in (2, 3, 4)] == ["created", "reported", "reported"]
    assert set(members(world.a)) == {HEAD}
    reported = [p for p in result.problems if p.code == "site_other_station"]
    assert [p.row for p in reported] == [3, 4]
    where = "文件“花名册.xlsx”，工作表“花名册”，第3行："
    assert reported[0].message().startswith(where + "安置点“新村”不是本站服务的安置点")
    assert "S1 幸福社区、S3 阳光小区" in reported[0].zh and "not a site this station serves" in reported[0].en
    assert result.errors_path is not None
    sheet = openpyxl.load_workbook(result.errors_path)["花名册"]
    lines = {line[0].value: [c.value for c in line] for line in sheet.iter_rows(min_row=3)}
    assert sorted(lines) == [3, 4] and any("不是本站服务的安置点" in str(v) for v in lines[3])

    with pytest.raises(ExcelError, match="不是本站服务的安置点") as refused:
        import_roster(world.a, path, ImportOptions(on=ON, site_code="S2"))
    assert refused.value.code == SITE_OPTION_UNKNOWN
    only_b = tmp_path / "新村.xlsx"
    ws.delete_rows(2)
    wb.save(only_b)
    with pytest.raises(ExcelError, match="都不是本站服务的安置点") as refused:
        import_roster(world.a, only_b, ImportOptions(on=ON))
    assert refused.value.code == SITES_OTHER_STATION and set(members(world.a)) == {HEAD}

    county = import_roster(world.county, path, ImportOptions(on=ON))  # the county keeps every site
    assert county.rows_with("created") == 3 and county.rows_with("reported") == 0


def test_a_child_with_no_labour_capacity_given_is_recorded_as_the_national_list_records_children(
    site_store: Store, tmp_path: Path
) -> None:
    """A 台账 that leaves 劳动技能 empty for children: each stood in the county's checks as 劳动技能 必须填写, one
    error per child, though the national list records every child under 16 as 无劳动力 (as the editor fills it).
    An adult's empty cell stays empty: their capacity is for the worker to assess."""
    kid, adult = ric(date(2019, 4, 5), 13), ric(date(1996, 8, 9), 23)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    home = ("H9", SITE[1], "9", "1", "101")
    ws.append(line_of(1, home, "王大", adult, "户主", skill=None))  # type: ignore[arg-type]
    ws.append(line_of(2, home, "王小宝", kid, "之子", skill=None, edu=None))  # type: ignore[arg-type]
    path = tmp_path / "children.xlsx"
    wb.save(path)

    result = import_roster(site_store, path, ImportOptions(on=ON))
    assert result.repairs["child_no_labour"] == 1
    assert any("无劳动力" in line for line in result.repair_lines())
    people = members(site_store)
    assert people[kid].labour_skill == "无劳动力" and people[adult].labour_skill is None
    before = journal_size(site_store)
    again = import_roster(site_store, path, ImportOptions(on=ON))
    assert again.journal_entries == 0 and journal_size(site_store) == before  # re-imported: nothing changes

    with site_store.unit_of_work("clerk") as uow:  # a child imported before Anju filled it, its 劳动技能 empty
        uow.get(Member, people[kid].id).labour_skill = None
    filled = import_roster(site_store, path, ImportOptions(on=ON))
    assert filled.counts["members.updated"] == 1 and members(site_store)[kid].labour_skill == "无劳动力"


def test_a_date_typed_as_a_year_and_month_is_reported_not_read_as_a_day_in_1905(
    site_store: Store, tmp_path: Path
) -> None:
    """A clerk types 2023.5 into 岗位合同开始日期 (and 2024.12 for its end): Excel stores the numbers 2023.5 and
    2024.12, which were read as Excel's day numbers, and the contract was recorded as running from 1905-07-15 to
    1905-07-16, with nothing said. Now the cell is reported (no day) and the spell is imported without it. 20230501
    typed into 开始时间 is a number cell too: read as May 2023, as the same digits are in a date column."""
    welfare, worker = ric(date(1975, 1, 1), 17), ric(date(1980, 2, 2), 27)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "公益岗"
    ws.append(["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动技能", "就业形式", "开始时间",
               "公益性岗位类型", "岗位合同开始日期", "岗位合同结束日期"])  # fmt: skip
    ws.append(["1", SITE[1], "吴一", welfare, "户主", "普通劳动力", "乡村公益性岗位", "2023年05月", "保洁", 2023.5,
               2024.12])  # fmt: skip
    ws.append(["2", SITE[1], "吴二", worker, "户主", "普通劳动力", "县内务工", 20230501, None, None, None])
    path = tmp_path / "公益岗.xlsx"
    wb.save(path)

    result = import_roster(site_store, path, ImportOptions(on=ON))
    with site_store.reading() as session:
        spells = {
            name: (s.start_month, s.contract_start, s.contract_end)
            for name, s in session.execute(select(Member.name, Employment).join(Member))
        }
    assert spells == {"吴一": ("2023-05", None, None), "吴二": ("2023-05", None, None)}
    reported = {(p.row, p.column): p for p in result.problems}
    assert set(reported) == {(2, "岗位合同开始日期"), (2, "岗位合同结束日期")}
    start = reported[2, "岗位合同开始日期"]
    assert "2023.5" in start.zh and "没有日" in start.zh and "1905" not in start.zh
    book = openpyxl.load_workbook(result.errors_path)
    row = next(book["公益岗"].iter_rows(min_row=3, values_only=True))
    assert row[0] == 2 and "岗位合同结束日期" in row[2] and 2024.12 in row


def test_the_lines_under_a_ledger_are_no_people_and_a_clean_ledger_leaves_no_problem_list(
    site_store: Store, tmp_path: Path
) -> None:
    """A county 台账 ends with its totals (合计 spaced out to fill the cell, 共计), a signature line and a note. Each
    was reported as a person (“证件号码为空”, “证件号码里有不能出现的字符「填」” for 填报日期 in that column), so
    a ledger without a single problem had a list of problems, which never went away. A line that is really half a
    person (a 户编号 and nothing else) is still reported, saying it has neither name nor number."""
    son = ric(date(2001, 4, 5), 19)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    ws.append(["序号", "户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动技能"])
    ws.append([1, "7", SITE[1], "钱一", HEAD, "户主", "普通劳动力"])
    ws.append([2, "7", SITE[1], "钱二", son, "之子", "普通劳动力"])
    ws.append([None, None, "合　　计", None, None, None, None])  # row 4
    ws.append(["共计：1户2人"])  # row 5
    ws.append(["填报人：", None, "审核人：", None, "填报日期：2026年11月"])  # row 6
    ws.append(["注：证件号码请设为文本格式。"])  # row 7
    path = tmp_path / "台账.xlsx"
    wb.save(path)

    result = import_roster(site_store, path, ImportOptions(on=ON))
    assert {row: o for (_s, row), o in result.outcomes.items()} == {
        2: "created", 3: "created", 4: "skipped", 5: "skipped", 6: "skipped", 7: "skipped",
    }  # fmt: skip
    assert not result.problems and result.errors_path is None
    assert not (tmp_path / "台账.errors.xlsx").exists()

    ws.append([None, "8", SITE[1]])  # row 8: a family begun, nobody in it yet
    wb.save(path)
    again = import_roster(site_store, path, ImportOptions(on=ON))
    (problem,) = again.problems
    assert (problem.row, problem.code) == (8, "person_missing") and "没有姓名，也没有证件号码" in problem.zh
    assert again.outcome("台账", 8) == "reported"


# ---- a fixed problem list, imported on its own ---------------------------------------------------------------------

GRANDCHILD = ric(date(2020, 2, 2), 21)
GRANDCHILD_MISTYPED = GRANDCHILD[:-1] + ("1" if GRANDCHILD.endswith("0") else "0")


def _copy_of(store: Store, path: Path) -> Store:
    """Another copy of ``store``'s database, as it is now (the clerk's second laptop, a copy kept for trying out)."""
    import sqlite3

    source, copy = sqlite3.connect(store.path), sqlite3.connect(path)
    source.backup(copy)
    source.close()
    copy.close()
    return Store.open(path, create=False)


def _fix_grandchild(errors: Path) -> tuple[Path, Path]:
    """The clerk types the grandchild's number from the 户口簿 into the problem list; a copy goes to another laptop."""
    book = openpyxl.load_workbook(errors)
    ws = book.worksheets[1]
    headers = [c.value for c in ws[2]]
    (line,) = [line for line in ws.iter_rows(min_row=3) if line[headers.index("姓名")].value == "张小丫"]
    line[headers.index("证件号码")].value = GRANDCHILD
    book.save(errors)
    other = errors.with_name("另一台电脑.errors.xlsx")
    book.save(other)
    return errors, other


def _where_the_grandchild_is(store: Store) -> tuple[int, list[list[str | None]]]:
    """How many live households there are, and who is in each household she is in (ID numbers)."""
    live = Member.deleted_at.is_(None)
    with store.reading() as session:
        homes = session.scalar(select(func.count()).select_from(Household).where(Household.deleted_at.is_(None)))
        hers = session.scalars(select(Member.household_id).where(Member.name == "张小丫", live)).all()
        return int(homes or 0), [
            sorted(session.scalars(select(Member.id_number).where(Member.household_id == h, live)).all(), key=str)
            for h in hers
        ]


def test_a_fixed_problem_list_row_without_a_household_number_joins_its_family(
    site_store: Store, tmp_path: Path
) -> None:
    """A grandchild was added under her family with the flat but no 户编号, her number mistyped: imported, to check.
    Alone on the problem list, without the family's rows that gave her household, the fixed row made a household of
    its own at that flat, in this database (beside herself under the mistyped number) and in another copy."""
    flat = ("5303260010010001", SITE[1], "1", "2", "301")
    family = [line_of(1, flat, "张三", HEAD, "户主"), line_of(2, flat, "李四", WIFE, "配偶", sex="女")]
    assert import_roster(site_store, sheet_file(tmp_path / "户.xlsx", HEADERS, family), ImportOptions(on=ON))
    other = _copy_of(site_store, tmp_path / "copy.db")
    grandchild = line_of(3, (None, *flat[1:]), "张小丫", GRANDCHILD_MISTYPED, "之孙女", sex="女", edu="")
    first = import_roster(
        site_store, sheet_file(tmp_path / "台账.xlsx", HEADERS, [*family, grandchild]), ImportOptions(on=ON)
    )
    assert first.outcome("Sheet", 4) == "created" and first.errors_path is not None

    here, there = _fix_grandchild(first.errors_path)
    import_roster(site_store, here, ImportOptions(on=ON))
    import_roster(other, there, ImportOptions(on=ON))
    other.close()
    everyone = [sorted([HEAD, WIFE, GRANDCHILD])]
    assert _where_the_grandchild_is(site_store) == (1, everyone)
    with Store.open(tmp_path / "copy.db", create=False) as reopened:
        assert _where_the_grandchild_is(reopened) == (1, everyone)


def test_a_fixed_problem_list_row_joins_the_family_its_heads_id_number_names(site_store: Store, tmp_path: Path) -> None:
    """A roster that knows families by 户主证件号码 (no 户编号): the fixed grandchild's number was in no household, so
    her row made a new household with no 户主, though her 户主's number names her family."""
    headers = ["户主证件号码", "安置点名称", "楼栋", "单元", "门牌号", "姓名", "证件号码", "性别", "与户主关系"]
    family = [[HEAD, SITE[1], "1", "2", "301", "张三", HEAD, "男", "户主"],
              [HEAD, SITE[1], "1", "2", "301", "李四", WIFE, "女", "配偶"]]  # fmt: skip
    grandchild = [HEAD, SITE[1], "1", "2", "301", "张小丫", GRANDCHILD_MISTYPED, "女", "之孙女"]
    first = import_roster(
        site_store, sheet_file(tmp_path / "台账.xlsx", headers, [*family, grandchild]), ImportOptions(on=ON)
    )
    assert first.errors_path is not None

    here, _ = _fix_grandchild(first.errors_path)
    import_roster(site_store, here, ImportOptions(on=ON))
    assert _where_the_grandchild_is(site_store) == (1, [sorted([HEAD, WIFE, GRANDCHILD])])

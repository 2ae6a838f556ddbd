"""Ledgers as they come out of the printer: landscape A4, one page wide (a wide one across pages, readable, whose
row it is on each), the title and headers on every page, page numbers, lines round the table's cells, long text
wrapped rather than cut off or run into the 签字 column."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from sqlalchemy import select

from forms.demo import write_demo
from forms.excel.apply import ImportOptions
from forms.excel.export import Col, ExportOptions, Ledger, Meta, export, kinds, write_ledger
from forms.excel.roster_import import import_roster
from forms.records import Employment, Member
from forms.store import Store
from tests.factories import record_departures

ON = date(2026, 11, 29)


def ledgers() -> list[str]:
    """The kinds that are one table (the 家庭基本情况表, a page per household, has tests of its own)."""
    return [name for name, kind in kinds().items() if kind.build is not None]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(template_db, path)
    with Store.open(path) as store:
        write_demo(store, 150, seed=7, today=ON)
    return path


@pytest.fixture(scope="module")
def exported(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("ledgers")
    path = out / "demo.db"
    shutil.copyfile(demo_db, path)
    with Store.open(path) as store:
        with store.unit_of_work("zhang") as uow:
            record_departures(uow)  # so the 减员名单 has rows to print
        paths = {name: export(store, name, out / f"{name}.xlsx", ExportOptions(on=ON)).path for name in ledgers()}
    return {name: openpyxl.load_workbook(path).worksheets[0] for name, path in paths.items()}


def header_row(ws: Any) -> int:
    return int(ws.freeze_panes[1:]) - 1


# How Excel sizes a page (Calibri 11, 7 pixels a width unit) and what lies inside the margins of landscape A4.
POINTS_PER_WIDTH = 5.25
PAGE_WIDTH = (297 / 25.4 - 0.8) * 72
WIDE = {"members": "$A:$A", "employment": "$A:$G"}  # 户编号; 户编号 … 姓名, 证件号码


def widths(ws: Any) -> list[float]:
    return [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]


def printed_scale(ws: Any) -> int:
    """The scale Excel prints ``ws`` at: the largest that puts its columns on ``fitToWidth`` pages across, filled
    as Excel fills them, the print-title columns at the left of every page but the first."""
    columns = widths(ws)
    titles = ws.print_title_cols
    key = sum(columns[: column_index_from_string(titles.split(":$")[-1])]) if titles else 0.0
    for scale in range(100, 0, -1):
        room = PAGE_WIDTH / POINTS_PER_WIDTH * 100 / scale
        pages, used = 1, 0.0
        for width in columns:
            if used + width > room:
                pages, used = pages + 1, key
            used += width
        if pages <= ws.page_setup.fitToWidth:
            return scale
    return 0


def test_every_ledger_prints_landscape_a4_with_its_headers_on_every_page(exported: dict[str, Any]) -> None:
    """Printed from Excel or WPS, a ledger came out portrait on the printer's default paper, its columns spread
    over several pages, the header row on the first page only, no page numbers."""
    for name, ws in exported.items():
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), name  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert setup.fitToHeight == 0, name  # as many pages down as needed
        assert ws.print_title_rows == f"$1:${header_row(ws)}", name  # title, date and headers on each page
        footer = ws.oddFooter.center.text
        assert "&P" in footer and "&N" in footer and footer.startswith("第"), name
        assert "制表人" in ws.oddFooter.left.text and "审核人" in ws.oddFooter.left.text, name
        assert ws.print_options.horizontalCentered, name
        last = get_column_letter(ws.max_column)
        assert ws.print_area == f"'{ws.title}'!$A$1:${last}${ws.max_row}", name


def test_a_narrow_ledger_prints_one_page_wide(exported: dict[str, Any]) -> None:
    """The lists a clerk signs or takes door to door keep each row whole on one sheet."""
    for name, ws in exported.items():
        if name not in WIDE:
            assert ws.page_setup.fitToWidth == 1, name
            assert not ws.print_title_cols, name
            assert printed_scale(ws) >= 60, name


def test_a_wide_ledger_prints_across_pages_big_enough_to_read_with_whose_row_it_is_on_each(
    exported: dict[str, Any],
) -> None:
    """The member sheet (43 columns) fitted to one page wide printed at a quarter size, the 务工监测表 at a third:
    unreadable. Now they spread over the fewest pages across that print at 60% or more, the identifying columns on
    every page, and the pages of the same rows one after another."""
    for name, titles in WIDE.items():
        ws = exported[name]
        assert PAGE_WIDTH / (sum(widths(ws)) * POINTS_PER_WIDTH) < 0.5, name  # one page wide: unreadable
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (2, 3), name
        assert printed_scale(ws) >= 60, name
        assert ws.print_title_cols == titles, name
        assert setup.pageOrder == "overThenDown", name
        last = get_column_letter(ws.max_column)
        assert ws.print_area == f"'{ws.title}'!$A$1:${last}${ws.max_row}", name
    keys = [c.value for c in exported["employment"][3]][:7]
    assert keys[0] == "户编号" and keys[-2:] == ["姓名", "证件号码"]
    assert exported["members"]["A3"].value == "户编号"


def test_a_note_under_a_wide_table_stays_on_the_first_page(tmp_path: Path) -> None:
    """A note merged across every column of a table printed across pages would be cut at the page's edge."""
    columns = [Col("序号", "int"), *(Col(f"第{i}项情况说明", "text") for i in range(1, 12))]
    rows = [[1, *("很长的情况说明文字" * 2 for _ in range(11))]]
    ledger = Ledger("test", "测试", "测试台账", columns, rows, notes=("说明：" + "这是一条很长的说明。" * 12,))
    write_ledger(tmp_path / "t.xlsx", ledger, Meta("幸福社区", ON, "1"))
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    assert ws.page_setup.fitToWidth > 1 and ws.print_title_cols == "$A:$A" and printed_scale(ws) >= 60
    [note] = [r for r in ws.merged_cells.ranges if r.min_row == ws.max_row]
    room = PAGE_WIDTH / POINTS_PER_WIDTH * 100 / printed_scale(ws)
    assert note.min_col == 1 and sum(widths(ws)[: note.max_col]) <= room


def test_the_table_is_lined_and_the_notes_under_it_stay_on_the_page(exported: dict[str, Any]) -> None:
    """The printed table had no lines between its cells, and a note wider than the table ran off the page."""
    for name, ws in exported.items():
        [lines] = [cf for cf in ws.conditional_formatting if cf.rules[0].dxf and cf.rules[0].dxf.border]
        border = lines.rules[0].dxf.border
        assert {border.left.style, border.right.style, border.top.style, border.bottom.style} == {"thin"}, name
        first_col, first_row, last_col, last_row = range_boundaries(str(lines.sqref))
        assert (first_col, first_row, last_col) == (1, 3, ws.max_column), name  # from the headers, full width
        data_rows = [r for r in range(header_row(ws) + 1, ws.max_row + 1) if ws.cell(r, 2).value is not None]
        assert data_rows and last_row >= data_rows[-1], name
        notes = range(last_row + 1, ws.max_row + 1)
        merged = {str(r) for r in ws.merged_cells.ranges}
        for row in notes:  # each note spans the table and wraps within it
            assert f"A{row}:{get_column_letter(ws.max_column)}{row}" in merged, (name, row)
            assert ws.cell(row, 1).alignment.wrap_text, (name, row)
        if name in ("summary", "zero-employment", "transport-subsidy", "service-subsidy", "two-after", "departures"):
            assert notes, name


def test_nothing_numeric_is_too_narrow_to_print(exported: dict[str, Any]) -> None:
    """A number or date wider than its column prints as ####; the summary's 合计 printed its 就业率 as
    0.772368421052632 under rates shown as 78.6%."""
    for name, ws in exported.items():
        for column in ws.iter_cols(min_row=header_row(ws) + 1):
            width = ws.column_dimensions[column[0].column_letter].width
            numbers = [c for c in column if isinstance(c.value, (int, float))]
            assert len({c.number_format for c in numbers}) <= 1, (name, column[0].column_letter)  # 合计 too
            for cell in column:
                if cell.data_type == "n" and cell.value is not None and not isinstance(cell.value, str):
                    shown = f"{cell.value:.1%}" if "%" in cell.number_format else str(cell.value)
                    assert len(shown) + 1 <= width, (name, cell.coordinate, cell.value, width)
                elif cell.data_type == "d" and cell.value is not None:
                    assert width >= 10, (name, cell.coordinate, width)  # yyyy-mm-dd


def test_long_text_wraps_instead_of_running_into_the_signature_column(store: Store, tmp_path: Path) -> None:
    """重复登记 says which other household holds the person, longer than the widest column: on paper it ran across
    the 签字 column, where the person signs."""
    from tests.test_worklists import add_twins

    add_twins(store)
    path = export(store, "service-subsidy", tmp_path / "service.xlsx", ExportOptions(on=ON)).path
    ws = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in ws[3]]
    said = headers.index("重复登记") + 1
    cells = [ws.cell(r, said) for r in range(4, ws.max_row + 1) if str(ws.cell(r, said).value).startswith("另在")]
    assert cells and all(c.alignment.wrap_text for c in cells)
    assert ws.column_dimensions[get_column_letter(said)].width <= 40
    short = headers.index("姓名") + 1
    assert not ws.cell(4, short).alignment.wrap_text  # short columns stay plain cells (the export's speed)


def test_a_list_signed_across_two_pages_names_the_person_beside_the_signature(store: Store, tmp_path: Path) -> None:
    """A county's 交通补助 names long places and firms, and 重复登记 widens to say which other household holds the
    person: the list printed two pages across with only 序号 repeated, and a worker signing in 签字 on the second
    page could not see their own name there. The columns up to 姓名 are now on every page."""
    from tests.test_worklists import add_twins

    add_twins(store)
    with store.unit_of_work("zhang") as uow:
        for spell in uow.session.scalars(select(Employment)):
            spell.place = "新疆维吾尔自治区巴音郭楞蒙古自治州库尔勒市"
            spell.employer = "巴音郭楞州宏远建筑劳务工程有限责任公司"
    for kind in ("transport-subsidy", "service-subsidy"):
        ws = openpyxl.load_workbook(export(store, kind, tmp_path / f"{kind}.xlsx", ExportOptions(on=ON)).path).active
        assert ws.page_setup.fitToWidth == 2, kind  # too wide for one readable page
        headers = [c.value for c in ws[3]]
        assert ws.print_title_cols == f"$A:${get_column_letter(headers.index('姓名') + 1)}", kind
        assert headers[:8] == ["序号", "安置点名称", "户编号", "楼栋", "单元", "门牌号", "户主姓名", "姓名"], kind
        assert printed_scale(ws) >= 60, kind


def test_wrapped_text_that_starts_with_an_equals_sign_stays_text(tmp_path: Path) -> None:
    long_text = "=" + "很长的备注" * 12
    ledger = Ledger("test", "测试", "测试台账", [Col("序号", "int"), Col("备注")], [[1, long_text], [2, "短"]])
    write_ledger(tmp_path / "t.xlsx", ledger, Meta("幸福社区", ON, "1"))
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    assert ws["B4"].value == long_text and ws["B4"].data_type == "s" and ws["B4"].alignment.wrap_text
    assert ws["B5"].value == "短"


def test_a_wrapped_note_still_round_trips_without_a_change(demo_db: Path, tmp_path: Path) -> None:
    """Wrapping is only how the cell looks: the member sheet imported again changes nothing."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db, path)
    note = "想去县城的工业园区找一份离家近、能照顾老人和孩子的工作，最好包吃住，月收入三千元以上"
    with Store.open(path) as store:
        with store.unit_of_work("zhang") as uow:
            member = uow.session.scalars(select(Member).order_by(Member.id)).first()
            assert member is not None
            member.job_intent_note = note
        out = export(store, "members", tmp_path / "members.xlsx", ExportOptions(on=ON)).path
        ws = openpyxl.load_workbook(out).worksheets[0]
        column = [c.value for c in ws[3]].index("就业意愿（工种）") + 1
        [cell] = [ws.cell(r, column) for r in range(4, ws.max_row + 1) if ws.cell(r, column).value == note]
        assert cell.alignment.wrap_text
        result = import_roster(store, out, ImportOptions(on=ON))
        assert result.journal_entries == 0 and not result.errors
        assert set(result.outcomes.values()) == {"unchanged"}


def test_a_header_wider_than_its_values_wraps_instead_of_widening_the_column(exported: dict[str, Any]) -> None:
    """是否参加职业技能培训 over 是/否 was a 22-wide column: the member sheet's headers took a third of its width,
    and the summary's 就业率 (77.2%) was measured as 0.7723684210526315 and printed 20 wide."""
    members = exported["members"]
    column = [c.value for c in members[3]].index("是否参加职业技能培训") + 1
    assert members.column_dimensions[get_column_letter(column)].width <= 14
    assert members.cell(3, column).alignment.wrap_text and members.row_dimensions[3].height >= 30  # two lines
    summary = exported["summary"]
    rate = [c.value for c in summary[header_row(summary)]].index("就业率") + 1
    assert summary.column_dimensions[get_column_letter(rate)].width <= 10


def test_a_list_people_sign_has_room_to_sign_in(exported: dict[str, Any]) -> None:
    """The 签字 column of the subsidy lists printed 6 mm wide and each row 3 mm tall: nobody could sign in it."""
    for name in ("transport-subsidy", "service-subsidy"):
        ws = exported[name]
        scale = printed_scale(ws) / 100
        sign = get_column_letter([c.value for c in ws[3]].index("签字") + 1)
        millimetres = 25.4 / 72  # per point
        assert ws.column_dimensions[sign].width * POINTS_PER_WIDTH * scale * millimetres >= 18, name
        assert ws.sheet_format.customHeight, name
        assert ws.sheet_format.defaultRowHeight * scale * millimetres >= 7, name  # every row, without a height each
        assert ws.row_dimensions[1].height and ws.row_dimensions[1].height < ws.sheet_format.defaultRowHeight, name
    for name in ("members", "employment", "two-after"):
        assert not exported[name].sheet_format.customHeight, name  # lists no one signs keep their rows

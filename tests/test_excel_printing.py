"""Ledgers as they come out of the printer: landscape A4, one page wide, the title and headers on every page, page
numbers, lines round the table's cells, long text wrapped rather than cut off or run into the 签字 column."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from sqlalchemy import select

from forms.demo import write_demo
from forms.excel.apply import ImportOptions
from forms.excel.export import Col, ExportOptions, Ledger, Meta, export, kinds, write_ledger
from forms.excel.roster_import import import_roster
from forms.records import Member
from forms.store import Store
from tests.factories import record_departures

ON = date(2026, 11, 29)


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
        paths = {name: export(store, name, out / f"{name}.xlsx", ExportOptions(on=ON)).path for name in kinds()}
    return {name: openpyxl.load_workbook(path).worksheets[0] for name, path in paths.items()}


def header_row(ws: Any) -> int:
    return int(ws.freeze_panes[1:]) - 1


def test_every_ledger_prints_landscape_a4_one_page_wide_with_its_headers_on_every_page(
    exported: dict[str, Any],
) -> None:
    """Printed from Excel or WPS, a ledger came out portrait on the printer's default paper, its columns spread
    over several pages, the header row on the first page only, no page numbers."""
    for name, ws in exported.items():
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), name  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), name  # one page wide, as many down as needed
        assert ws.print_title_rows == f"$1:${header_row(ws)}", name  # title, date and headers on each page
        footer = ws.oddFooter.center.text
        assert "&P" in footer and "&N" in footer and footer.startswith("第"), name
        assert "制表人" in ws.oddFooter.left.text and "审核人" in ws.oddFooter.left.text, name
        assert ws.print_options.horizontalCentered, name
        last = get_column_letter(ws.max_column)
        assert ws.print_area == f"'{ws.title}'!$A$1:${last}${ws.max_row}", name


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

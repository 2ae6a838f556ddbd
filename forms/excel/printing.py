"""How every ledger prints: as county ledgers are filed, landscape A4, title and headers on each page, readable.

Clerks print the ledgers to sign, stamp and file them, or carry them on door-to-door visits, from Excel or WPS.
Without a page setup a sheet printed portrait on the printer's default paper, its columns spread over pages with
no header on them, no page numbers and no lines between the cells. Each ledger now says, in the workbook itself:
landscape A4, fit to one page wide (a wide one: see below) and as many pages down as needed, the title, stamp and
header rows repeated on every page, a footer with 第 N 页，共 M 页, lines for who made and who checked the list, and
the printing date; lines round every cell of the table, and notes under it wrapped within the table's width.

One page wide is how a narrow ledger prints; a wide one, fitted to one page, came out too small to read (the
member sheet's 43 columns at a quarter size). A ledger that would print below MIN_SCALE is fitted to the fewest
pages across that keep it readable, its identifying columns (the ledger's ``key_columns``: 户编号, or 户编号 to
证件号码) repeated at the left of every page, and the pages of the same rows printed one after another (across,
then down), so a person's row is on consecutive sheets, not 20 pages apart. A4, always: stations and most county
offices have only A4 printers, and A3 on them would not print.

Everything here costs the same for 200 rows or 200,000, so the member export keeps its speed: the table's lines
are one conditional format over its range (Excel, WPS and LibreOffice draw it on screen and on paper), not a
border on each cell, which would make every value of a write-only sheet a styled cell and double the time.
Write-only mode writes the sheet's properties (fit to page) with its first row: `set_up_page` comes first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

A4 = 9  # ECMA-376 paper size code
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.7, header=0.3, footer=0.3)  # inches
FOOTER_LEFT = "制表人：__________　　审核人：__________"
FOOTER_CENTER = "第 &P 页，共 &N 页"
FOOTER_RIGHT = "打印日期：&D"
LINE = Side(style="thin", color="000000")
TABLE_BORDER = Border(left=LINE, right=LINE, top=LINE, bottom=LINE)
NOTE_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 16.0  # points per line of a wrapped note (11-point text, Chinese glyphs a little taller)
#: The tallest row Excel allows (409 points): a taller one, from a very long value, makes Excel call the file damaged.
MAX_ROW_HEIGHT = 409.0
TWO_LINES = 2 * LINE_HEIGHT  # a header row whose headers wrap
TITLE_HEIGHT = 20.0  # the 14-point title
SIGNING_HEIGHT = 34.0  # a row to sign in: about 8 mm on paper at 65%, where 15 points left 3 mm
# 11-point text at 60% is 6.6 points, 小六号, the smallest size Chinese forms are printed in; smaller, the strokes
# of Chinese characters run together on an office laser printer.
MIN_SCALE = 60  # percent
PAGE_WIDTH = (297 / 25.4 - MARGINS.left - MARGINS.right) * 72  # points across landscape A4 inside the margins
POINTS_PER_WIDTH = 5.25  # a column `width` wide is 7 pixels of the default 11-point font per unit, 0.75 pt each


@dataclass(frozen=True)
class Layout:
    """How a ledger's columns go onto pages across: ``pages`` of them, ``key_columns`` on each after the first; the
    first page holds about ``first_page_columns``."""

    pages: int = 1
    key_columns: int = 0
    first_page_columns: int = 0


def plan_pages(widths: Sequence[float], key_columns: int) -> Layout:
    """The layout of columns ``widths`` wide: one page if that is readable, else the fewest pages across at
    MIN_SCALE or more, the ``key_columns`` repeated on each. An estimate for the default font (Calibri): Excel,
    WPS or LibreOffice fits the columns to that many pages with the fonts it has, so a printer without Calibri
    prints a little smaller, never a sliver of a column on a page of its own."""
    count = len(widths)
    if count < 2 or _scale(sum(widths)) >= MIN_SCALE:
        return Layout(1, 0, count)
    key = min(max(key_columns, 1), count - 1)
    key_width = sum(widths[:key])
    for pages in range(2, count - key + 2):
        widest = _narrowest_widest_page(widths, key, key_width, pages)
        if _scale(widest) >= MIN_SCALE or pages == count - key + 1:
            first = _columns_that_fit(widths, 0, widest)
            return Layout(pages, key, first)
    raise AssertionError("unreachable: the last number of pages puts one column on each")


def _scale(width: float) -> int:
    """The percent at which columns ``width`` wide fill the page across."""
    return math.floor(100 * PAGE_WIDTH / max(width * POINTS_PER_WIDTH, 1.0))


def _narrowest_widest_page(widths: Sequence[float], key: int, key_width: float, pages: int) -> float:
    """How wide the widest page must be for the columns to go onto ``pages`` pages, each but the first after the
    key columns, filled as Excel fills them (as many columns as fit, then the next page): a binary search on the
    width, to a tenth of a column."""
    low, high = max(sum(widths[: key + 1]), key_width + max(widths[key:])), sum(widths) + key_width * pages
    while high - low > 0.1:
        middle = (low + high) / 2
        if _pages_at(widths, key_width, middle) <= pages:
            high = middle
        else:
            low = middle
    return high


def _pages_at(widths: Sequence[float], key_width: float, page_width: float) -> int:
    pages, column = 1, _columns_that_fit(widths, 0, page_width)
    while column < len(widths):
        pages += 1
        column = _columns_that_fit(widths, column, page_width - key_width)
    return pages


def _columns_that_fit(widths: Sequence[float], start: int, room: float) -> int:
    """The column after the last of those from ``start`` on that fit in ``room`` (at least one)."""
    used, column = widths[start], start + 1
    while column < len(widths) and used + widths[column] <= room:
        used += widths[column]
        column += 1
    return column


def set_up_page(ws: Any, header_rows: int, layout: Layout | None = None) -> None:
    """Landscape A4, the columns across ``layout.pages`` pages (one by default), as many pages down as the rows
    need, rows 1..``header_rows`` on every page, the footer. Before the first row."""
    layout = layout or Layout()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = A4
    setup.fitToWidth = layout.pages
    setup.fitToHeight = 0  # as many pages down as the rows need
    if layout.pages > 1:
        setup.pageOrder = "overThenDown"  # the pages of the same rows one after another
        ws.print_title_cols = f"A:{get_column_letter(layout.key_columns)}"
    ws.page_margins = MARGINS
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"1:{header_rows}"
    footer = ws.oddFooter
    footer.left.text, footer.left.size = FOOTER_LEFT, 9
    footer.center.text, footer.center.size = FOOTER_CENTER, 9
    footer.right.text, footer.right.size = FOOTER_RIGHT, 9


def leave_room_to_sign(ws: Any, header_rows: int) -> None:
    """Every row of the table tall enough to sign in by hand; the title and header rows as they were. One default
    height for the sheet, not a height on each row. Before the first row."""
    ws.sheet_format.defaultRowHeight = SIGNING_HEIGHT
    ws.sheet_format.customHeight = True
    ws.row_dimensions[1].height = TITLE_HEIGHT
    for row in range(2, header_rows + 1):
        if ws.row_dimensions[row].height is None:
            ws.row_dimensions[row].height = LINE_HEIGHT if row < header_rows else TWO_LINES


def note_row(ws: Any, row: int, text: str, text_width: int, columns: int, table_width: float) -> list[Cell]:
    """A note under the table, ``row`` of the sheet: merged across the table and wrapped, as tall as its lines,
    so the page (which ends at the table's last column) shows all of it. ``text_width`` and ``table_width`` are in
    column-width units. Before the row is appended."""
    cell = WriteOnlyCell(ws, text)
    cell.alignment = NOTE_ALIGNMENT
    ws.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")
    lines = math.ceil(text_width * 1.1 / max(table_width, 1.0))  # a tenth to spare for where lines break
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines
    return [cell]


def mark_table(ws: Any, first_row: int, last_table_row: int, last_row: int, columns: int) -> None:
    """Lines round every cell from the first header row to the last row of the table (the 合计 row, if any), and
    the print area: the whole sheet up to the last note, no wider than the table. After the rows."""
    last_column = get_column_letter(columns)
    lines = Rule(type="expression", formula=["TRUE"], dxf=DifferentialStyle(border=TABLE_BORDER))
    ws.conditional_formatting.add(f"A{first_row}:{last_column}{last_table_row}", lines)
    ws.print_area = f"A1:{last_column}{last_row}"

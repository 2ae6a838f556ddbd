"""How every ledger prints: as county ledgers are filed, landscape A4, one page wide, title and headers on each page.

Clerks print the ledgers to sign, stamp and file them, or carry them on door-to-door visits, from Excel or WPS.
Without a page setup a sheet printed portrait on the printer's default paper, its columns spread over pages with
no header on them, no page numbers and no lines between the cells. Each ledger now says, in the workbook itself:
landscape A4, fit to one page wide (as many pages down as needed), the title, stamp and header rows repeated on
every page, a footer with 第 N 页，共 M 页, lines for who made and who checked the list, and the printing date;
lines round every cell of the table, and notes under it wrapped within the table's width.

Everything here costs the same for 200 rows or 200,000, so the member export keeps its speed: the table's lines
are one conditional format over its range (Excel, WPS and LibreOffice draw it on screen and on paper), not a
border on each cell, which would make every value of a write-only sheet a styled cell and double the time.
Write-only mode writes the sheet's properties (fit to page) with its first row: `set_up_page` comes first.
"""

from __future__ import annotations

import math
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


def set_up_page(ws: Any, header_rows: int) -> None:
    """Landscape A4, one page wide, rows 1..``header_rows`` on every page, the footer. Before the first row."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    ws.page_margins = MARGINS
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"1:{header_rows}"
    footer = ws.oddFooter
    footer.left.text, footer.left.size = FOOTER_LEFT, 9
    footer.center.text, footer.center.size = FOOTER_CENTER, 9
    footer.right.text, footer.right.size = FOOTER_RIGHT, 9


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

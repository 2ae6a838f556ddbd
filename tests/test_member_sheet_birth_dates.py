"""出生日期 on the member sheet: a text column, as on every other sheet that has one, so what a clerk types into an
empty cell stays as typed, and the import reads it back. Real stores, real workbooks edited and imported again."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from forms.excel.apply import ImportOptions
from forms.excel.export import ExportOptions, export
from forms.excel.roster_import import import_roster
from forms.records import Member, Site
from forms.store import Store
from tests.factories import add_household, add_member, add_sites_of_one_name

ON = date(2026, 11, 29)
PASSPORT = "E12345678"


def with_a_passport_holder(store: Store) -> Store:
    """Three sites' households (a 两后生 among them), and a member whose passport says nothing of a birth date
    (证件类型 其他): her 出生日期 cell is the empty one a clerk fills in."""
    with store.unit_of_work("test") as uow:
        add_sites_of_one_name(uow, ON)
        site = uow.session.scalars(select(Site).where(Site.code == "S03")).one()
        home = add_household(uow, site, room="103", household_type="脱贫户", status="已完成")
        add_member(uow, home, "阮氏兰", relation="户主", sex="女", id_type="其他", id_number=PASSPORT)
    return store


def column(sheet: Any, header: str) -> tuple[str, int]:
    """The letter and index of ``header``'s column on an exported sheet (headers on the row above the frozen one)."""
    header_row = int(sheet.freeze_panes[1:]) - 1
    headers = [cell.value for cell in sheet[header_row]]
    index = headers.index(header)
    return get_column_letter(index + 1), index


@pytest.mark.parametrize("typed", ["19900305", "1990-03-05"])
def test_a_birth_date_typed_into_the_member_sheet_stays_text_as_on_the_other_sheets(
    store: Store, tmp_path: Path, typed: str
) -> None:
    """The member sheet's 出生日期 was a General column, the 两后生名单's and 减员名单's text (“@”): 19900305 typed into
    an empty cell became the number 19,900,305 in one file and stayed 19900305 in another, 1990-03-05 a date in
    one and text in the other. Now every sheet's 出生日期 takes what is typed as text."""
    with_a_passport_holder(store)
    members = export(store, "members", tmp_path / "成员.xlsx", ExportOptions(on=ON)).path
    two_after = export(store, "two-after", tmp_path / "两后生.xlsx", ExportOptions(on=ON, masked=False)).path
    formats = {}
    for name, path in (("members", members), ("two-after", two_after)):
        sheet = openpyxl.load_workbook(path).worksheets[0]
        letter, index = column(sheet, "出生日期")
        formats[name] = sheet.column_dimensions[letter].number_format  # what Excel gives a cell typed into
        written = [row[index] for row in sheet.iter_rows(min_row=4) if row[index].value is not None]
        assert written and all(c.data_type == "s" and c.number_format == "@" for c in written), name
    assert formats == {"members": "@", "two-after": "@"}

    # The clerk types her birth date into the empty cell (text, as Excel keeps it in a text column), and imports.
    book = openpyxl.load_workbook(members)
    sheet = book.worksheets[0]
    letter, index = column(sheet, "出生日期")
    _, id_index = column(sheet, "证件号码")
    row = next(r for r in sheet.iter_rows(min_row=4) if r[id_index].value == PASSPORT)
    assert row[index].value is None
    row[index].value = typed
    row[index].number_format = "@"
    book.save(members)
    result = import_roster(store, members, ImportOptions(on=ON))
    assert not result.errors, [p.message() for p in result.errors]
    with store.reading() as session:
        born = session.scalars(select(Member.birth_date).where(Member.id_number == PASSPORT)).one()
    assert born == date(1990, 3, 5)


def test_a_hand_edited_value_in_a_text_column_is_written_as_text_not_a_formula(store: Store, tmp_path: Path) -> None:
    """A database edited outside Anju (`forms.excel.stored`) with ``=…`` in 出生日期 or 成员联系电话: in a column
    formatted as text it was written as a formula, which Excel runs on opening (=HYPERLINK sends the clerk
    somewhere). It is the text that is stored, as in every other column."""
    with_a_passport_holder(store)
    conn = sqlite3.connect(store.path)
    with conn:
        conn.execute(
            "UPDATE members SET birth_date = '=1+1', phone = '=HYPERLINK(\"http://example.invalid\")' "
            "WHERE id_number = ?",
            (PASSPORT,),
        )
    conn.close()
    path = export(store, "members", tmp_path / "成员.xlsx", ExportOptions(on=ON)).path
    sheet = openpyxl.load_workbook(path).worksheets[0]
    _, id_index = column(sheet, "证件号码")
    row = next(r for r in sheet.iter_rows(min_row=4) if r[id_index].value == PASSPORT)
    for header in ("出生日期", "成员联系电话"):
        cell = row[column(sheet, header)[1]]
        assert cell.value.startswith("=") and cell.data_type == "s", (header, cell.data_type)

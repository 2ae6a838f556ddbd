"""Rosters from the other office suites: county clerks use WPS and LibreOffice as often as Excel.

``office_files/roster.ods`` and ``office_files/roster.xls`` are `roster` below (run it to write ``roster.xlsx``)
saved by LibreOffice 7.4, headless::

    soffice --headless --convert-to ods roster.xlsx
    soffice --headless --convert-to xls roster.xlsx      # Excel 97–2003 (BIFF8), what old Excel and WPS save

A WPS ``.et`` is the same old Excel format inside, so the .xls under an .et name stands for one.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
from sqlalchemy import select

from forms.excel import ExcelError
from forms.excel.apply import ImportOptions
from forms.excel.error_workbook import YELLOW
from forms.excel.ods import is_ods, merged_ranges
from forms.excel.reader import read_workbook
from forms.excel.roster_import import import_roster
from forms.records import Employment, Household, Member, Site
from forms.store import Store
from tests.test_excel_import import HEAD, ON, SITE, WANG, WANG_SON, WANG_WIFE, WIFE, ZHAO

OFFICE_FILES = Path(__file__).parent / "office_files"
HEADERS = ["序号", "户编号", "安置点名称", "门牌号", "户联系电话", "姓名", "证件号码", "与户主关系", "就业形式",
           "务工地域", "务工企业名称", "开始时间"]  # fmt: skip


def roster(path: Path) -> Path:
    """A 台账 with a merged title, each family's household cells merged down over its rows, and a couple working at
    the same factory whose 务工 cells are merged over both their rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "花名册"
    ws["A1"] = "幸福社区安置点家庭成员花名册"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.append(HEADERS)
    job = ["外出务工", "省外", "宁波某厂", "2024年04月"]
    ws.append([1, "5303260010010001", SITE[1], "301", "13812345678", "张三", HEAD, "户主", *job])
    ws.append([2, None, None, None, None, "李四", WIFE, "配偶"])  # the job merged down from 张三's
    ws.append([3, "5303260010010002", SITE[1], "302", "13900000000", "王五", WANG, "户主"])
    ws.append([4, None, None, None, None, "王妻", WANG_WIFE, "配偶"])
    ws.append([5, None, None, None, None, "王小五", WANG_SON, "之子", "县内务工", "县内", "县城超市", "2025-03"])
    ws.append([6, "5303260010010003", SITE[1], "101", "13700000000", "赵六", ZHAO, "户主"])
    for column in range(2, 6):
        ws.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
        ws.merge_cells(start_row=5, start_column=column, end_row=7, end_column=column)
    for column in range(9, 13):
        ws.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    for line in ws.iter_rows(min_row=3, min_col=7, max_col=7):
        line[0].number_format = "@"  # 证件号码 as text, as clerks are told to
    wb.save(path)
    return path


def _station(path: Path) -> Store:
    store = Store.open(path)
    with store.unit_of_work("test") as uow:
        uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
    return store


def _imported(store: Store) -> list[tuple[Any, ...]]:
    """Everyone with their household and their jobs, as the database holds them."""
    with store.reading() as session:
        households = {h.id: h for h in session.scalars(select(Household))}
        jobs = session.scalars(select(Employment)).all()
        people = []
        for m in session.scalars(select(Member)):
            home = households[m.household_id]
            mine = sorted((j.form, j.place_scope, j.employer, j.start_month) for j in jobs if j.member_id == m.id)
            people.append((m.id_number, m.name, m.relation, home.hh_number, home.room, home.phone, mine))
    return sorted(people)


def test_the_same_roster_saved_as_ods_xls_or_et_imports_the_same_as_the_xlsx(tmp_path: Path) -> None:
    files = {
        "xlsx": roster(tmp_path / "roster.xlsx"),
        "ods": OFFICE_FILES / "roster.ods",
        "xls": OFFICE_FILES / "roster.xls",
        "et": Path(shutil.copy(OFFICE_FILES / "roster.xls", tmp_path / "roster.et")),
    }
    imported = {}
    for kind, path in files.items():
        with _station(tmp_path / f"{kind}.db") as store:
            result = import_roster(store, path, ImportOptions(on=ON))
            assert result.errors == [] and result.counts["members.created"] == 6, kind
            imported[kind] = _imported(store)
    wife = next(person for person in imported["xlsx"] if person[0] == WIFE)
    assert wife[-1] == [("外出务工", "省外", "宁波某厂", "2024-04")]  # the merged 务工 cells are hers too
    # .ods: calamine gives no merged ranges for it, so 李四 lost the job before `forms.excel.ods` found them
    assert imported["ods"] == imported["xls"] == imported["et"] == imported["xlsx"]


def test_the_merged_ranges_of_an_ods_are_the_ones_the_xlsx_has(tmp_path: Path) -> None:
    ods = OFFICE_FILES / "roster.ods"
    assert is_ods(ods) and not is_ods(OFFICE_FILES / "roster.xls")
    source = python_calamine.CalamineWorkbook.from_path(str(roster(tmp_path / "roster.xlsx"))).get_sheet_by_index(0)
    cells = source.to_python(skip_empty_area=False)
    with_value = sorted(m for m in source.merged_cell_ranges or [] if cells[m[0][0]][m[0][1]] != "")
    assert sorted(merged_ranges(ods)["花名册"]) == with_value
    for chunk_size in (1, 7, 100, 4096):  # content.xml read in pieces that cut tags and rows anywhere
        assert merged_ranges(ods, chunk_size) == merged_ranges(ods)
    sheet = read_workbook(ods)[0]
    assert sheet.cell(3, 10) == "宁波某厂" and sheet.cell(6, 1) == "5303260010010002"  # (0-based rows)


@pytest.mark.parametrize("broken", ["not the old Excel format inside", "no workbook stream"])
def test_a_wps_file_that_cannot_be_read_says_how_to_save_it_as_xlsx_in_wps(tmp_path: Path, broken: str) -> None:
    path = tmp_path / "花名册.et"
    if broken == "no workbook stream":  # a compound file, like the old Excel format, without the workbook in it
        data = (OFFICE_FILES / "roster.xls").read_bytes()
        path.write_bytes(data.replace("Workbook".encode("utf-16-le"), "Notebook".encode("utf-16-le")))
    else:
        path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ExcelError) as refused:
        read_workbook(path)
    message = str(refused.value)
    assert message.startswith("“花名册.et”是WPS表格自己的格式（.et）")
    assert "用WPS表格打开它" in message and "另存为" in message and ".xlsx" in message


def test_a_household_cell_that_differed_is_not_imported_after_all_from_the_list_of_problems(
    tmp_path: Path,
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["户编号", "安置点名称", "门牌号", "户联系电话", "姓名", "证件号码", "与户主关系"])
    ws.append(["A1", SITE[1], "101", "13812345678", "张三", HEAD, "户主"])
    ws.append(["A1", SITE[1], "101", "13900000000", "李四", WIFE, "配偶"])  # a different number for the family
    wb.save(tmp_path / "台账.xlsx")
    with _station(tmp_path / "station.db") as store:
        result = import_roster(store, tmp_path / "台账.xlsx", ImportOptions(on=ON))
        assert result.errors_path is not None
        book = openpyxl.load_workbook(result.errors_path)
        sheet = book["Sheet"]
        headers = [c.value for c in sheet[2]]
        cell = sheet.cell(3, headers.index("户联系电话") + 1)

        # The list imported as it is (李四's row alone) must not put in the number the first import did not take.
        again = import_roster(store, result.errors_path, ImportOptions(on=ON))
        assert again.counts["households.unchanged"] == 1 and again.journal_entries == 0
        # So its yellow cell shows the number imported, and its note what to do if the other one is right.
        (problem,) = result.problems
        assert (problem.row, problem.column, problem.code) == (3, "户联系电话", "household_conflict")
        assert cell.value == "13812345678" and cell.fill.fgColor.rgb == YELLOW.fgColor.rgb
        assert cell.comment is not None and "若“13900000000”才对" in cell.comment.text

        # The clerk who finds the other number right types it in, and that is imported.
        result = import_roster(store, tmp_path / "台账.xlsx", ImportOptions(on=ON))
        assert result.errors_path is not None
        book = openpyxl.load_workbook(result.errors_path)
        book["Sheet"].cell(3, headers.index("户联系电话") + 1).value = "13900000000"
        book.save(result.errors_path)
        import_roster(store, result.errors_path, ImportOptions(on=ON))
        with store.reading() as session:
            assert [h.phone for h in session.scalars(select(Household))] == ["13900000000"]

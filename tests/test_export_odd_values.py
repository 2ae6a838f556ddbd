"""Exports of a database that holds values Anju never writes (edited outside it, or half broken): the ledger is
written with each such value as stored and lists it, or, where SQL elsewhere reads it as a date, the export is
refused naming the record — never a program error. Real SQLite files corrupted with plain UPDATEs, real xlsx."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from forms.excel.commands import register
from forms.excel.export import kinds
from forms.excel.stored import find
from forms.store import Store
from tests.hand_edited import ON, edit
from tests.in_process_cli import run_in_process

pytest_plugins = ["tests.hand_edited"]


def one_member(db: Path) -> tuple[str, str, str]:
    """A live member of a counting household with a 户编号: (member id, 户编号, 姓名)."""
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT m.id, h.hh_number, m.name FROM members m JOIN households h ON h.id = m.household_id"
            " WHERE m.deleted_at IS NULL AND h.status <> '作废' AND h.hh_number IS NOT NULL ORDER BY m.id LIMIT 1"
        ).fetchone()
    conn.close()
    return row[0], row[1], row[2]


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def column(path: Path, header: str) -> list[Any]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in sheet[3]]
    at = headers.index(header)
    return [row[at] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] is not None]


def test_a_clean_database_has_no_odd_values(demo_db: Path) -> None:
    """Dates past the 28th, yes/no, numbers and months as Anju writes them are not listed."""
    with Store.open(demo_db, create=False) as store:
        assert find(store).found == {}


@pytest.mark.parametrize(
    "stored",
    ["19900101", "'2024-13-45'", "''", "1990.5", "'1990-02-30'"],
    ids=["digits-as-integer", "month-13", "empty", "float", "feb-30"],
)
def test_every_export_completes_when_dates_hold_no_date(db: Path, tmp_path: Path, stored: str) -> None:
    edit(
        db,
        f"UPDATE members SET birth_date = {stored} WHERE rowid % 5 = 0 AND two_after IS NOT 1",
        f"UPDATE households SET collected_on = {stored} WHERE rowid % 3 = 0",
        f"UPDATE employments SET contract_start = {stored}",
        f"UPDATE visits SET visited_on = {stored} WHERE rowid % 2 = 0",
        f"UPDATE measures SET started_on = {stored}",
    )
    for name in kinds():
        out = tmp_path / f"{name}.xlsx"
        code, said, _err = anju("export", name, "--db", str(db), "--out", str(out), "--date", ON)
        assert code in (0, 1), said
        assert out.is_file() and not out.with_name(out.name + ".tmp").exists()
        if name in ("members", "household", "summary"):  # they read every member: the list is there
            assert code == 1 and "安居不会写出的值" in said and "出生日期“" in said and "anju audit" in said, said


def test_the_member_sheet_writes_a_bad_birth_date_as_stored_and_names_whose_it_is(db: Path, tmp_path: Path) -> None:
    member, number, name = one_member(db)
    edit(db, f"UPDATE members SET birth_date = '2024-13-45' WHERE id = '{member}'")
    out = tmp_path / "成员.xlsx"
    code, said, _err = anju("export", "members", "--db", str(db), "--out", str(out), "--date", ON, "--json")
    assert code == 1
    data = json.loads(said)
    assert data["ok"] is True and data["odd_values"] == [
        {
            "table": "members",
            "id": member,
            "household": number,
            "address": data["odd_values"][0]["address"],
            "member": name,
            "field": "出生日期",
            "column": "birth_date",
            "value": "2024-13-45",
        }
    ]
    rows = list(zip(column(out, "姓名"), column(out, "出生日期"), column(out, "年龄"), strict=True))
    assert (name, "2024-13-45", None) in rows  # as stored, and no age made up from it
    code, said, _err = anju("export", "members", "--db", str(db), "--out", str(out), "--date", ON)
    assert f"  户编号 {number} {name}：出生日期“2024-13-45”" in said.splitlines()


def test_yes_no_numbers_months_and_json_are_written_as_stored_and_listed(db: Path, tmp_path: Path) -> None:
    member, number, name = one_member(db)
    edit(
        db,
        f"UPDATE members SET job_intent = 'x', extra = '{{not json' WHERE id = '{member}'",
        "UPDATE employments SET monthly_income = '三千', start_month = '2024年3月', organised = 2",
        "UPDATE households SET relocated_on = '去年'",
    )
    members, spells = tmp_path / "members.xlsx", tmp_path / "employment.xlsx"
    code, said, _err = anju("export", "members", "--db", str(db), "--out", str(members), "--date", ON, "--json")
    listed = {(v["household"], v["member"], v["field"], v["value"]) for v in json.loads(said)["odd_values"]}
    assert code == 1 and {(number, name, "就业意愿", "x"), (number, name, "问卷补充项", "{not json")} <= listed
    assert (number, None, "搬迁时间", "去年") in listed
    assert (name, "x") in zip(column(members, "姓名"), column(members, "就业意愿"), strict=True)
    assert set(column(members, "搬迁时间")) == {"去年"}
    code, said, _err = anju("export", "employment", "--db", str(db), "--out", str(spells), "--date", ON, "--json")
    fields = {(v["table"], v["field"], v["value"]) for v in json.loads(said)["odd_values"]}
    assert code == 1 and {("employments", "务工月收入", "三千"), ("employments", "开始时间", "2024年3月")} <= fields
    assert ("employments", "是否有组织劳务输出", "2") in fields
    assert set(column(spells, "务工月收入")) == {"三千"} and set(column(spells, "开始时间")) == {"2024年3月"}
    assert set(column(spells, "务工时间（月）")) == {None}  # no count of months from a month that is none


def test_a_list_whose_sql_reads_the_value_as_a_date_is_refused_naming_the_record(db: Path, tmp_path: Path) -> None:
    edit(db, "UPDATE measures SET due_on = 'x'")
    out = tmp_path / "零就业.xlsx"
    out.write_bytes(b"the list exported last month")
    code, _said, err = anju("export", "零就业", "--db", str(db), "--out", str(out), "--date", ON)
    assert code == 2
    first = err.splitlines()[0]
    assert (
        first.startswith("错误：无法导出：") and "“帮扶措施计划完成日期”" in first and "measures.due_on：“x”" in first
    )
    assert "anju audit" in first and "程序出错" not in err
    assert out.read_bytes() == b"the list exported last month" and not (tmp_path / "零就业.xlsx.tmp").exists()


def test_codes_not_in_the_lists_ids_with_letters_and_long_text_are_written_as_stored(db: Path, tmp_path: Path) -> None:
    """Nothing to list: `anju check` names these (they are of their column's type); the sheet shows them as they are,
    and a very long value makes no row taller than Excel allows."""
    member, _number, _name = one_member(db)
    long_name = "张" * 600
    edit(
        db,
        f"UPDATE members SET sex = 'X', relation = '朋友', id_number = '53010219900101ABCD', name = '{long_name}'"
        f" WHERE id = '{member}'",
        "UPDATE employments SET form = '外星', place_scope = '月球'",
    )
    members, sheet = tmp_path / "members.xlsx", tmp_path / "household.xlsx"
    code, said, _err = anju("export", "members", "--db", str(db), "--out", str(members), "--date", ON)
    assert code == 0 and "安居不会写出的值" not in said
    row = column(members, "姓名").index(long_name)
    assert column(members, "证件号码")[row] == "53010219900101ABCD" and column(members, "性别")[row] == "X"
    code, said, _err = anju("export", "household", "--db", str(db), "--out", str(sheet), "--date", ON)
    assert code == 0
    heights = [d.height for d in openpyxl.load_workbook(sheet).worksheets[0].row_dimensions.values() if d.height]
    assert max(heights) <= 409

"""Two ways an export could be short without a word: members whose household row is gone (a damaged or hand-edited
database) are on no sheet, and a text over Excel's 32,767 characters a cell was cut (by openpyxl, silently) or, with
characters outside the BMP, left over the limit for Excel to "repair". Each export now names both. Real SQLite files
changed with plain SQL, real xlsx read back with openpyxl."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from forms.excel.cell_limit import CUT_MARK, EXCEL_CELL_LIMIT, excel_length, fit
from forms.excel.commands import register
from forms.excel.export import kinds
from tests.hand_edited import ON, edit, query
from tests.in_process_cli import run_in_process

pytest_plugins = ["tests.hand_edited"]


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def cells(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def test_every_export_names_the_members_whose_household_is_gone(db: Path, tmp_path: Path) -> None:
    household, number = query(
        db,
        "SELECT h.id, h.hh_number FROM households h JOIN members m ON m.household_id = h.id"
        " WHERE h.status <> '作废' AND h.hh_number IS NOT NULL AND m.deleted_at IS NULL ORDER BY h.id LIMIT 1",
    )[0]
    names = sorted(r[0] for r in query(db, f"SELECT name FROM members WHERE household_id = '{household}'"))
    edit(db, f"DELETE FROM households WHERE id = '{household}'", foreign_keys=False)
    for name in kinds():
        out = tmp_path / f"{name}.xlsx"
        code, said, _err = anju("export", name, "--db", str(db), "--out", str(out), "--date", ON)
        assert code == 1 and out.is_file(), (name, said)
        assert f"注意：{len(names)} 名成员所属的户在数据库里不存在" in said and "anju audit" in said, said
        assert f"  {names[0]}：所属的户 {household} 在数据库里不存在" in said.splitlines(), said
        assert not set(names) & set(cells(out)) and number not in cells(out)  # the sheet is short: hence the list
    code, said, _err = anju("export", "members", "--db", str(db), "--out", str(tmp_path / "m.xlsx"), "--json")
    listed = json.loads(said)["members_without_household"]
    assert (
        code == 1 and sorted(m["name"] for m in listed) == names and {m["household_id"] for m in listed} == {household}
    )
    # A household printed by its 户编号 is not theirs: nothing to say there.
    other = query(db, "SELECT hh_number FROM households WHERE hh_number IS NOT NULL AND status <> '作废' LIMIT 1")[0][0]
    out = tmp_path / "one.xlsx"
    code, said, _err = anju("export", "household", "--db", str(db), "--household", other, "--out", str(out))
    assert code == 0 and "不存在" not in said


def test_a_clean_database_exports_with_nothing_to_say(db: Path, tmp_path: Path) -> None:
    code, said, _err = anju("export", "members", "--db", str(db), "--out", str(tmp_path / "m.xlsx"), "--json")
    data = json.loads(said)
    assert code == 0 and data["members_without_household"] == [] and data["cut_cells"] == []


def test_fit_counts_as_excel_does_and_never_splits_a_character() -> None:
    assert fit("张" * EXCEL_CELL_LIMIT) is None
    cut = fit("张" * (EXCEL_CELL_LIMIT + 1))
    assert cut is not None and cut.endswith(CUT_MARK) and excel_length(cut) == EXCEL_CELL_LIMIT
    # 𠮷 is two UTF-16 units: 20,000 of them are 40,000 to Excel, though Python (and openpyxl) count 20,000
    cut = fit("𠮷" * 20_000)
    assert cut is not None and excel_length(cut) <= EXCEL_CELL_LIMIT
    assert set(cut.removesuffix(CUT_MARK)) == {"𠮷"}  # whole characters only
    cut = fit("a" + "𠮷" * 20_000)  # the limit falls in the middle of a 𠮷
    assert (
        cut is not None and excel_length(cut) == EXCEL_CELL_LIMIT - 1 and set(cut[1:].removesuffix(CUT_MARK)) == {"𠮷"}
    )


def test_long_texts_are_cut_with_a_mark_in_every_sheet_and_listed(db: Path, tmp_path: Path) -> None:
    """A visit's 情况记录 pasted over and over (the household sheet), a member's note (the member sheet), a void
    reason of rare characters (the 减员名单): each cell ends with the mark, within Excel's count, and is listed."""
    member, number, name, household = query(
        db,
        "SELECT m.id, h.hh_number, m.name, h.id FROM members m JOIN households h ON h.id = m.household_id"
        " WHERE m.deleted_at IS NULL AND h.status <> '作废' AND h.hh_number IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.deleted_at IS NULL)"
        " ORDER BY m.id LIMIT 1",
    )[0]
    voided = query(db, "SELECT id FROM households WHERE status <> '作废' AND id <> '" + household + "' LIMIT 1")[0][0]
    note = "今天入户，户主说孩子在外省打工。" * 3000  # 48,000 characters
    edit(
        db,
        f"UPDATE visits SET notes = '{note}' WHERE household_id = '{household}'",
        f"UPDATE members SET job_intent_note = '{note}' WHERE id = '{member}'",
        f"UPDATE households SET status = '作废', void_reason = '{'𠮷' * 20_000}' WHERE id = '{voided}'",
    )
    for kind, field, length in (("household", "情况记录", len(note)), ("members", "就业意愿（工种）", len(note))):
        out = tmp_path / f"{kind}.xlsx"
        code, said, _err = anju("export", kind, "--db", str(db), "--out", str(out), "--date", ON, "--json")
        assert code == 1, said
        listed = json.loads(said)["cut_cells"]
        assert listed and all(c["length"] == length for c in listed), listed
        assert any(c["field"] == field and number in c["whose"] for c in listed), listed
        written = [v for v in cells(out) if v.endswith(CUT_MARK)]
        assert written and all(excel_length(v) <= EXCEL_CELL_LIMIT for v in written)
        assert all(v.startswith("今天入户，户主说孩子在外省打工。") for v in written)
        sheet = openpyxl.load_workbook(out).worksheets[0]
        assert all(sheet[c["cell"]].value.endswith(CUT_MARK) for c in listed)  # the cell named is the one cut
        code, said, _err = anju("export", kind, "--db", str(db), "--out", str(out), "--date", ON)
        assert (
            f"个单元格的内容超出 Excel 每格 {EXCEL_CELL_LIMIT} 字的上限，已截断" in said and f"{field}（单元格 " in said
        )
    assert name in {c["whose"].split()[-1] for c in listed}  # the member sheet says whose note it is
    out = tmp_path / "departures.xlsx"
    code, said, _err = anju("export", "departures", "--db", str(db), "--out", str(out), "--date", ON, "--json")
    assert code == 1 and [c["field"] for c in json.loads(said)["cut_cells"]] == ["减员原因"] * len(
        json.loads(said)["cut_cells"]
    )
    reasons = [v for v in cells(out) if v.startswith("𠮷")]
    assert reasons and all(v.endswith(CUT_MARK) and excel_length(v) <= EXCEL_CELL_LIMIT for v in reasons)

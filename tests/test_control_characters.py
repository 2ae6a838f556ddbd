"""Control characters (Word's line break \\x0b, \\x01…) in a text: every export stopped with a program error
(openpyxl's IllegalCharacterError), and so did the list of problems written beside an import. They reach the
database from a national list's cell (Excel keeps them as _x000B_, which the reader turns back into the character),
from a paste into the editor (Qt's QLineEdit keeps them), or from a hand edit. Exports now write the text without
them, the import repairs them away (and says so), and the problem list also keeps Excel's 32,767-unit limit. Real
SQLite files, real xlsx files written and read back with openpyxl, through the real commands."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from forms.demo import write_demo
from forms.excel.cell_limit import EXCEL_CELL_LIMIT, excel_length, without_controls
from forms.excel.commands import register
from forms.excel.error_workbook import CUT_MARK as LIST_CUT_MARK
from forms.excel.export import kinds
from forms.idnumber import make_ric
from forms.records import Site
from forms.store import Store
from tests.factories import sheet_file
from tests.in_process_cli import run_in_process

ON = "2026-11-29"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def texts(path: Path) -> list[str]:
    """Every text of the workbook: cells of every sheet, and their comments."""
    found: list[str] = []
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found.append(cell.value)
                if cell.comment is not None:
                    found.append(cell.comment.text)
    return found


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("controls") / "demo.db"
    shutil.copyfile(template_db, path)
    with Store.open(path) as store:
        write_demo(store, 30, seed=5, today=date(2026, 11, 29))
    return path


def test_without_controls_leaves_chinese_and_line_breaks_alone() -> None:
    assert without_controls("会电焊\x0b想学厨师\x01") == "会电焊 想学厨师"
    assert without_controls("\x0c张\x1f三\x00") == " 张 三"
    plain = "张𠮷　阿依木呷\n第二行\t制表"  # an ideographic space and a line feed are not printable, yet allowed
    assert not plain.isprintable() and without_controls(plain) is plain
    assert "𠮷张三".isprintable()  # Chinese, rare characters too: the writers' precheck lets them straight through


def test_every_export_writes_a_text_holding_control_characters(demo_db: Path, tmp_path: Path) -> None:
    """Hand-edited or pasted in the editor: a name, a member's note, a visit's record, a void reason."""
    db = tmp_path / "station.db"
    shutil.copyfile(demo_db, db)
    conn = sqlite3.connect(db)
    member, household, number = conn.execute(
        "SELECT m.id, h.id, h.hh_number FROM members m JOIN households h ON h.id = m.household_id"
        " WHERE m.deleted_at IS NULL AND h.status <> '作废' AND h.hh_number IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.deleted_at IS NULL)"
        " ORDER BY m.id LIMIT 1"
    ).fetchone()
    voided = conn.execute(
        "SELECT id FROM households WHERE status <> '作废' AND id <> ? LIMIT 1", (household,)
    ).fetchone()
    with conn:
        conn.execute(
            "UPDATE members SET name = ?, job_intent_note = ? WHERE id = ?",
            ("李\x0b四", "会电焊\x01，想学\x0b厨师", member),
        )
        visit = "户主在家\x0b孩子在外省\x07打工"
        conn.execute("UPDATE visits SET notes = ? WHERE household_id = ?", (visit, household))
        conn.execute("UPDATE households SET status = '作废', void_reason = ? WHERE id = ?", ("重复\x0c录入", voided[0]))
    conn.close()
    for name in kinds():
        out = tmp_path / f"{name}.xlsx"
        code, said, err = anju("export", name, "--db", str(db), "--out", str(out), "--date", ON, "--json")
        assert code == 0 and out.is_file(), (name, said, err)
        assert json.loads(said)["cut_cells"] == []  # nothing the clerk can see changed: nothing listed
        written = texts(out)
        assert not [v for v in written if CONTROL.search(v)], name
        if name == "members":
            assert {"李 四", "会电焊，想学 厨师"} <= set(written)
        if name == "household":
            assert "户主在家 孩子在外省打工" in written and any("李 四" in v for v in written)
        if name == "departures":
            assert "重复 录入" in written
    out = tmp_path / "one.xlsx"
    code, said, err = anju("export", "household", "--db", str(db), "--household", number, "--out", str(out))
    assert code == 0 and "户主在家 孩子在外省打工" in texts(out), (said, err)


@pytest.fixture
def db(store: Store) -> Path:
    with store.unit_of_work("test") as uow:
        uow.add(Site(code="S01", name="幸福社区安置点"))
    return store.path


HEADERS = ["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动技能", "就业意愿（工种）"]
HEAD = make_ric("530326", date(1975, 3, 4), 11)
CHILD = make_ric("530326", date(2001, 3, 4), 21)


def roster(path: Path, *rows: list[object]) -> Path:
    """An xlsx as Excel writes a national list's control characters: escaped as _x000B_ in the file."""
    return sheet_file(path, HEADERS, rows)


def test_an_imported_roster_brings_no_control_character_into_the_database(db: Path, tmp_path: Path) -> None:
    path = roster(
        tmp_path / "national.xlsx",
        ["1", "幸福社区安置点", "王_x000B_五", HEAD, "户主", "普通劳动力", "会电焊_x0001_，想学_x000B_厨师"],
    )
    code, said, err = anju("import-roster", str(path), "--db", str(db), "--json")
    assert code == 0, (said, err)
    assert json.loads(said)["repairs"]["control_chars"] == 2  # a repair, counted as the others are
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT name, job_intent_note FROM members").fetchall()
    conn.close()
    assert stored == [("王五", "会电焊，想学 厨师")]
    out = tmp_path / "members.xlsx"
    code, said, err = anju("export", "members", "--db", str(db), "--out", str(out))
    assert code == 0 and "会电焊，想学 厨师" in texts(out), (said, err)


def test_the_problem_list_keeps_excels_limits_and_takes_control_characters(db: Path, tmp_path: Path) -> None:
    """Rows not imported (a lost ID number; a 劳动技能 that is no listed value) copied with a note of 20,000 𠮷
    (40,000 units to Excel), a value with Word's line break, and a comment and 原因 quoting the 𠮷 value."""
    long_note = "𠮷" * 20_000
    path = roster(
        tmp_path / "roster.xlsx",
        ["1", "幸福社区安置点", "张三", "5.30326E+17", "户主", "普通劳动力", long_note],
        ["1", "幸福社区安置点", "张_x000B_二", CHILD, "之子", "𠮷" * 20_000, "想学_x000B_厨师"],
    )
    code, said, err = anju("import-roster", str(path), "--db", str(db), "--json")
    assert code == 1, (said, err)
    errors = Path(json.loads(said)["errors_file"])
    written = texts(errors)
    assert not [v for v in written if CONTROL.search(v)]
    assert all(excel_length(v) <= EXCEL_CELL_LIMIT for v in written)
    cut = [v for v in written if v.endswith(LIST_CUT_MARK)]
    assert any(v.startswith("𠮷𠮷") for v in cut)  # the copied note
    assert any(v.startswith("【劳动技能】") for v in cut)  # the 原因 quoting the value
    sheet = openpyxl.load_workbook(errors)["Sheet"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[len(("原行号", "处理结果", "原因")) + 2].value == "张 二")
    assert row[len(("原行号", "处理结果", "原因")) + 6].value == "想学 厨师"
    comment = row[len(("原行号", "处理结果", "原因")) + 5].comment
    assert comment is not None and LIST_CUT_MARK in comment.text
    # The list is read back by the import as it is (the clerk fixes it and imports it): no program error.
    code, said, err = anju("import-roster", str(errors), "--db", str(db), "--dry-run")
    assert code == 1 and "Traceback" not in err, (said, err)


def test_a_site_named_with_a_control_character_exports(demo_db: Path, tmp_path: Path) -> None:
    """One site's sheet carries its name in the title, the stamp and the file's properties (docProps, which Excel
    reads first: a control character there made a workbook Excel calls damaged)."""
    db = tmp_path / "station.db"
    shutil.copyfile(demo_db, db)
    conn = sqlite3.connect(db)
    code, name = conn.execute("SELECT code, name FROM sites ORDER BY code LIMIT 1").fetchone()
    with conn:
        conn.execute("UPDATE sites SET name = ? WHERE code = ?", (f"{name}\x0b二期", code))
    conn.close()
    for kind in ("members", "household"):
        out = tmp_path / f"{kind}.xlsx"
        said = anju("export", kind, "--db", str(db), "--site", code, "--out", str(out), "--date", ON)
        assert said[0] == 0, said
        book = openpyxl.load_workbook(out)
        assert book.properties.title is not None and f"{name} 二期" in book.properties.title
        assert any(f"{name} 二期" in v for v in texts(out)) and not [v for v in texts(out) if CONTROL.search(v)]

"""``anju import-roster`` and ``anju export`` as commands: summaries, JSON, exit codes, refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from forms.excel.commands import register
from forms.excel.outcome import ImportResult
from forms.idnumber import make_ric
from forms.records import Member, Site
from forms.store import Store
from tests.factories import sheet_file
from tests.failing_drives import disk_full, open_in_excel
from tests.in_process_cli import run_in_process


def anju(*argv: str) -> tuple[int, str, str]:
    """Run a command the way ``desktop.cli.main`` does, once it registers these commands."""
    return run_in_process(register, *argv)


@pytest.fixture
def db(store: Store) -> Path:
    with store.unit_of_work("test") as uow:
        uow.add(Site(code="S01", name="幸福社区安置点"))
    return store.path


def roster(path: Path, *rows: list[object]) -> Path:
    return sheet_file(
        path, ["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动技能", "成员联系电话"], rows
    )


HEAD = make_ric("530326", date(1975, 3, 4), 11)
CHILD = make_ric("530326", date(2001, 3, 4), 21)


def test_import_then_export_from_the_command_line(db: Path, tmp_path: Path) -> None:
    clean = roster(tmp_path / "clean.xlsx", ["1", "幸福社区安置点", "张三", HEAD, "户主", "普通劳动力", "13812345678"])
    code, out, _ = anju("import-roster", str(clean), "--db", str(db), "--user", "zhang")
    assert code == 0 and out.startswith("导入完成：clean.xlsx") and "成员 新增1" in out
    assert not (tmp_path / "clean.errors.xlsx").exists()

    messy = roster(
        tmp_path / "messy.xlsx",
        ["1", "幸福社区安置点", "张三", HEAD, "户主", "普通劳动力", "13812345678"],
        ["1", "幸福社区安置点", "张小", "5.30326E+17", "之子", "普通劳动力", None],
        ["1", "幸福社区安置点", "张二", CHILD, "之子", "能干活", "139"],
    )
    code, out, _ = anju("import-roster", str(messy), "--db", str(db), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and "未导入1行" in data["error"] and "1 rows not imported" in data["error_en"]
    assert data["rows"]["unchanged"] == 1 and data["rows"]["reported"] == 1 and data["rows"]["created"] == 1
    assert data["errors_file"].endswith("messy.errors.xlsx") and Path(data["errors_file"]).exists()
    first = next(p for p in data["problems"] if p["row"] == 3)
    assert (first["file"], first["sheet"], first["column"], first["severity"]) == (
        "messy.xlsx",
        "Sheet",
        "证件号码",
        "error",
    )
    assert first["zh"] and first["en"]

    code, out, _ = anju("import-roster", str(messy), "--db", str(db))
    assert code == 1 and "第3行" in out and "证件号码" in out  # the reasons are printed, 中文

    ledger = tmp_path / "成员.xlsx"
    code, out, _ = anju(
        "export", "成员", "--db", str(db), "--out", str(ledger), "--date", "2026-11-29", "--site", "S01"
    )
    assert code == 0 and ledger.exists() and "2 行" in out
    code, out, _ = anju("export", "members", "--db", str(db), "--out", str(ledger), "--json")
    assert code == 0 and json.loads(out)["rows"] == 2


def test_export_masks_on_request_and_the_import_refuses_the_masked_rows(db: Path, tmp_path: Path) -> None:
    whole = roster(tmp_path / "whole.xlsx", ["1", "幸福社区安置点", "张三", HEAD, "户主", "普通劳动力", "13812345678"])
    assert anju("import-roster", str(whole), "--db", str(db))[0] == 0
    printed = tmp_path / "成员-打印.xlsx"
    code, out, _ = anju("export", "members", "--db", str(db), "--out", str(printed), "--date", "2026-11-29", "--mask")
    assert code == 0 and "（脱敏）" in out and "证件号码和电话已脱敏" in out
    text = "".join(str(v) for row in openpyxl.load_workbook(printed).worksheets[0].values for v in row)
    assert HEAD not in text and "13812345678" not in text and f"{HEAD[:4]}**********{HEAD[-4:]}" in text

    code, out, _ = anju("import-roster", str(printed), "--db", str(db))
    assert code == 1 and "未导入1行" in out
    assert f"文件“成员-打印.xlsx”，工作表“家庭成员”，第4行，“证件号码”列：证件号码“{HEAD[:4]}" in out
    assert "是脱敏的号码" in out

    zero = tmp_path / "零就业.xlsx"
    code, out, _ = anju("export", "零就业", "--db", str(db), "--out", str(zero), "--date", "2026-11-29", "--json")
    assert code == 0 and json.loads(out)["masked"] is True  # a list carried door to door: masked by default
    code, out, _ = anju(
        "export", "零就业", "--db", str(db), "--out", str(zero), "--date", "2026-11-29", "--no-mask", "--json"
    )
    assert code == 0 and json.loads(out)["masked"] is False


def test_a_problem_list_fixed_and_imported_in_full_is_deleted(db: Path, tmp_path: Path) -> None:
    """The clerk fixes FILE.errors.xlsx and imports it, as the guide says: its rows are in, but the list (names and
    ID numbers, on the stick the roster came on) stayed there for good."""
    path = roster(
        tmp_path / "台账.xlsx",
        ["1", "幸福社区安置点", "张三", HEAD, "户主", "普通劳动力", "13812345678"],
        ["1", "幸福社区安置点", "张小", "5.30326E+17", "之子", "普通劳动力", None],
    )
    assert anju("import-roster", str(path), "--db", str(db))[0] == 1
    listed = tmp_path / "台账.errors.xlsx"
    book = openpyxl.load_workbook(listed)
    ws = book["Sheet"]
    header = next(row for row in ws.iter_rows() if any(c.value == "证件号码" for c in row))
    column = next(c.column for c in header if c.value == "证件号码")
    ws.cell(header[0].row + 1, column).value = CHILD  # the clerk types the whole number
    book.save(listed)

    code, out, _ = anju("import-roster", str(listed), "--db", str(db), "--dry-run")
    assert code == 0 and listed.exists()  # only checked: it is still needed
    code, out, _ = anju("import-roster", str(listed), "--db", str(db), "--json")
    data = json.loads(out)
    assert code == 0 and data["problem_list_removed"] is True and not listed.exists()
    code, out, _ = anju("import-roster", str(path), "--db", str(db))
    assert code == 1 and (tmp_path / "台账.errors.xlsx").exists() and path.exists()  # a roster is never deleted

    other = roster(tmp_path / "别人的.errors.xlsx", ["1", "幸福社区安置点", "张三", HEAD, "户主", "普通劳动力", None])
    code, out, _ = anju("import-roster", str(other), "--db", str(db))
    assert code == 0 and other.exists()  # named so, but not a list Anju wrote: kept


def test_refusals_exit_2_with_a_message_in_chinese_first(db: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    code, _, err = anju("import-roster", str(tmp_path / "empty.xlsx"), "--db", str(db))
    assert code == 2 and err.startswith("错误：") and "空的" in err and "Error:" in err
    code, out, err = anju("export", "everything", "--db", str(db), "--out", str(tmp_path / "x.xlsx"), "--json")
    assert code == 2 and json.loads(out)["ok"] is False and "不认识导出类型" in err
    code, _, err = anju("export", "members", "--db", str(db), "--out", str(tmp_path / "x.xlsx"), "--date", "11/29")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = anju("import-roster", str(tmp_path / "x.xlsx"), "--db", str(tmp_path / "none.db"))
    assert code == 2 and "找不到文件" in err and not (tmp_path / "none.db").exists()  # the file is checked first
    (tmp_path / "roster.xlsx").write_bytes(b"PK\x03\x04")  # looks like a workbook: then the database is opened
    code, _, err = anju("import-roster", str(tmp_path / "roster.xlsx"), "--db", str(tmp_path / "none.db"))
    assert code == 2 and "找不到数据库文件" in err
    # An Excel workbook named .csv (Excel then says the file is damaged) is refused; a folder gets the file named
    # as the 导入导出 page names it (tests/test_export_file_names.py).
    code, _, err = anju("export", "members", "--db", str(db), "--out", str(tmp_path / "成员.csv"))
    assert code == 2 and err.startswith("错误：") and "应以 .xlsx 结尾" in err and not (tmp_path / "成员.csv").exists()
    code, out, _ = anju("export", "members", "--db", str(db), "--out", str(tmp_path), "--date", "2026-11-29")
    assert code == 0 and (tmp_path / "家庭成员信息表（防返贫格式）-全部安置点-20261129.xlsx").is_file(), out


def test_export_to_a_read_only_drive_says_so(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write-protected USB stick: the leftover temporary file could not be removed either, and that was a
    traceback instead of the message."""
    import errno

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(openpyxl.Workbook, "save", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)
    code, _, err = anju("export", "members", "--db", str(db), "--out", str(tmp_path / "成员.xlsx"))
    assert code == 2 and err.startswith("错误：无法写入") and "\nError: " in err


def test_registering_the_commands_loads_no_spreadsheet_library() -> None:
    """``anju --help`` stays fast: openpyxl and calamine load when a command runs, not when it is registered."""
    probe = (
        "import sys, forms.excel.commands; "
        "print(sorted(m for m in ('openpyxl', 'python_calamine') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_problem_list_open_in_excel_says_the_import_is_saved_and_what_to_do(db: Path, tmp_path: Path) -> None:
    """The clerk has last time's ``FILE.errors.xlsx`` open in Excel and imports the fixed roster: the import was
    committed, then replacing the list failed with a traceback that said neither, and left its draft behind."""
    messy = roster(
        tmp_path / "messy.xlsx",
        ["1", "幸福社区安置点", "张三", HEAD, "户主", "普通劳动力", "13812345678"],
        ["1", "幸福社区安置点", "张小", "5.30326E+17", "之子", "普通劳动力", None],
    )
    errors = tmp_path / "messy.errors.xlsx"
    errors.write_bytes(b"last time's list")
    with open_in_excel(errors):
        # Exit 1, as an import with problems: nothing in the input was wrong (2), and the import is in.
        code, out, _ = anju("import-roster", str(messy), "--db", str(db))
        assert code == 1 and out.startswith(f"数据已导入并保存，但问题清单“{errors}”无法写入：文件正在 Excel")
        assert "请在 Excel 里关闭这个文件" in out and "再导入一次" in out and "\nThe data was imported" in out
        with Store.open(db) as store, store.reading() as session:
            assert [m.name for m in session.query(Member)] == ["张三"]
        assert errors.read_bytes() == b"last time's list" and not list(tmp_path.glob("*.tmp"))
        code, out, _ = anju("import-roster", str(messy), "--db", str(db), "--dry-run")
        assert code == 1 and out.startswith("只检查，数据库没有改动，但问题清单")
    code, _, _ = anju("import-roster", str(messy), "--db", str(db))  # closed in Excel: imported again, the list
    assert code == 1 and errors.read_bytes() != b"last time's list"


def test_an_export_over_a_workbook_open_in_excel_says_close_it_and_keeps_it(db: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "成员.xlsx"
    ledger.write_bytes(b"the clerk's open workbook")
    with open_in_excel(ledger):
        code, _, err = anju("export", "members", "--db", str(db), "--out", str(ledger))
    assert code == 2 and err.startswith(f"错误：无法写入“{ledger}”：文件正在 Excel 等程序中打开") and "关闭" in err
    assert ledger.read_bytes() == b"the clerk's open workbook" and not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("people", [199, 3000])
def test_an_import_on_a_full_disk_says_so_and_leaves_the_database_as_it_was(
    db: Path, tmp_path: Path, people: int
) -> None:
    """Past a few hundred rows the records are inserted on the bulk writer thread (`forms.bulk.BackgroundInserts`):
    the full disk met there was a program error (exit 70, OperationalError), not the message a smaller import got."""
    first, given = date(1960, 1, 1), "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    rows = [
        [
            str(n),
            "幸福社区安置点",
            f"张{given[n % 20]}{given[n // 20 % 20]}",
            make_ric("530326", first + timedelta(days=n), 11),
            "户主",
            "普通劳动力",
        ]
        for n in range(1, people + 1)
    ]
    clean = roster(tmp_path / "roster.xlsx", *rows)
    with disk_full():
        code, _, err = anju("import-roster", str(clean), "--db", str(db))
    assert code == 2 and err.startswith(f"错误：无法写入数据库“{db}”：磁盘已满。这一步没有保存，之前保存的数据都还在")
    assert "腾出磁盘空间" in err and "Traceback" not in err and "OperationalError" not in err and "bulk" not in err
    with Store.open(db) as store, store.reading() as session:
        assert session.query(Member).count() == 0 and session.query(Site).count() == 1


def import_at_the_prompt(path: Path, db: Path) -> subprocess.CompletedProcess[str]:
    """``anju import-roster`` run as a clerk runs it, in a process of its own: what it prints, as printed."""
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "import-roster", str(path), "--db", str(db), "--user", "zhang"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_the_summary_names_the_largest_kinds_of_automatic_repair(db: Path, tmp_path: Path) -> None:
    """``anju import-roster`` said only "自动修正12处": whether the ID numbers' x were changed or stray spaces went,
    the clerk at the command prompt had to open --json or the problem list's 说明 sheet (written only when some row
    has a problem). It now names the largest kinds, with their counts, and "等" for the rest."""
    ids = [make_ric("530326", date(1980, 1, 1) + timedelta(days=day), 11) for day in range(60)]
    with_x = [n for n in ids if n.endswith("X")][:5]
    others = [n for n in ids if not n.endswith("X")]
    rows: list[list[object]] = []
    for i, number in enumerate(with_x):  # the x written small: 5
        rows.append(
            [str(i + 1), "幸福社区安置点", "张" + "一二三四五"[i], number.lower(), "户主", "普通劳动力", "13812345678"]
        )
    for i in range(3):  # the phone typed as a number: 3
        rows.append([str(10 + i), "幸福社区安置点", "李" + "一二三"[i], others[i], "户主", "普通劳动力", 13812345678])
    for i in range(2):  # "/" for no phone: 2
        rows.append([str(20 + i), "幸福社区安置点", "王" + "一二"[i], others[3 + i], "户主", "普通劳动力", "/"])
    rows.append(["30", "幸福社区安置点", "赵一", others[5], "户主", "普通劳动力", "+8613812345678"])  # +86: 1
    path = roster(tmp_path / "名单.xlsx", *rows)

    result = import_at_the_prompt(path, db)
    assert result.returncode == 0, result.stderr
    said = result.stdout
    assert (
        "自动修正 11 处：【证件号码】小写x改为大写X 5、【成员联系电话】数字单元格转为文本 3、"
        "【成员联系电话】占位符“/”“无”视为空 2 等。" in said
    ), said
    assert "去掉电话号码前的+86" not in said  # the fourth kind is in 等, not a long list

    _code, out, _ = anju("import-roster", str(path), "--db", str(db), "--dry-run", "--json")
    assert json.loads(out)["repairs"] == {"lowercase_x": 5, "from_number": 3, "placeholder": 2, "country_code": 1}
    county = ImportResult(path, repairs=Counter(lowercase_x=800, date_text=434, trimmed=12))  # a county's roster
    county.repair_columns.update({("lowercase_x", "身份证号"): 800, ("date_text", "采集日期"): 434})
    county.repair_columns.update({("trimmed", "姓名"): 12})
    assert county.repairs_brief() == (
        "自动修正 1,246 处：【身份证号】小写x改为大写X 800、【采集日期】文本日期转为日期 434、【姓名】去掉首尾空白 12"
    )


def test_the_summary_names_the_id_number_repairs_however_few(db: Path, tmp_path: Path) -> None:
    """The line named the three largest repairs: one ID number whose x was written small fell under "等" behind
    names, phones and placeholders, and the clerk asking "were the ID numbers rewritten?" had to open 查看全部 or
    the 说明 sheet. The ID number columns' repairs now come first, then the largest."""
    ids = [make_ric("530326", date(1980, 1, 1) + timedelta(days=day), 11) for day in range(60)]
    with_x = next(n for n in ids if n.endswith("X"))
    others = [n for n in ids if not n.endswith("X")]
    site, head, labour = "幸福社区安置点", "户主", "普通劳动力"
    rows: list[list[object]] = []
    for i in range(4):  # names padded to line up: 4
        rows.append([str(i + 1), site, "张 " + "一二三四"[i], others[i], head, labour, "13812345678"])
    for i in range(3):  # the phone typed as a number: 3
        rows.append([str(10 + i), site, "李" + "一二三"[i], others[4 + i], head, labour, 13812345678])
    for i in range(2):  # "/" for no phone: 2
        rows.append([str(20 + i), site, "王" + "一二"[i], others[7 + i], head, labour, "/"])
    rows.append(["30", site, "赵一", with_x.lower(), head, labour, "13812345678"])  # the x written small: 1
    path = roster(tmp_path / "名单.xlsx", *rows)

    said = import_at_the_prompt(path, db).stdout
    named = "【证件号码】小写x改为大写X 1、【姓名】去掉空格 4、【成员联系电话】数字单元格转为文本 3 等。"
    assert f"自动修正 10 处：{named}" in said, said


def test_the_repairs_say_which_column_they_rewrote(db: Path, tmp_path: Path) -> None:
    """The same kind of repair in two columns was one count: "去掉空格 5" did not tell the clerk whether the names
    or the ID numbers were rewritten, nor did the problem list's 说明 sheet. Now the line, --json and the 说明 sheet
    count each repair by its column as the file heads it."""
    ids = [make_ric("530326", date(1980, 1, 1) + timedelta(days=day), 11) for day in range(6)]
    rows: list[list[object]] = []
    for i in range(3):  # names padded to line up: 张 一
        rows.append([str(i + 1), "幸福社区安置点", "张 " + "一二三"[i], ids[i], "户主", "普通劳动力", "13812345678"])
    for i in range(2):  # ID numbers typed in groups: 530326 19800104 0115
        number = ids[3 + i]
        spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
        rows.append([str(10 + i), "幸福社区安置点", "李" + "一二"[i], spaced, "户主", "普通劳动力", "13812345678"])
    rows.append(["20", "幸福社区安置点", "王一", ids[5] + ".0", "户主", "普通劳动力", "13812345678"])  # ".0": 1
    rows.append(["30", "幸福社区安置点", "赵一", "5303", "户主", "普通劳动力", "13812345678"])  # a problem: a list
    path = roster(tmp_path / "名单.xlsx", *rows)

    result = import_at_the_prompt(path, db)
    assert result.returncode == 1, result.stderr  # the 5303 row
    said = result.stdout
    assert "自动修正 6 处：【证件号码】去掉空格 2、【证件号码】去掉末尾的“.0” 1、【姓名】去掉空格 3；" in said, said

    _code, out, _ = anju("import-roster", str(path), "--db", str(db), "--dry-run", "--json")
    data = json.loads(out)
    assert data["repairs"] == {"spaces": 5, "decimal_suffix": 1}  # by kind, as before
    assert data["repairs_by_column"] == [
        {"column": "姓名", "kind": "spaces", "count": 3, "zh": "去掉空格", "en": "removed spaces"},
        {"column": "证件号码", "kind": "spaces", "count": 2, "zh": "去掉空格", "en": "removed spaces"},
        {
            "column": "证件号码",
            "kind": "decimal_suffix",
            "count": 1,
            "zh": "去掉末尾的“.0”",
            "en": "removed a trailing “.0”",
        },
    ]

    notes = [
        [c for c in row if c is not None]
        for row in openpyxl.load_workbook(tmp_path / "名单.errors.xlsx")["说明"].values
    ]
    made = notes.index(["自动修正 / Repairs made"])
    assert notes[made + 1 : made + 5] == [
        ["列 / Column", "处数 / Cells", "修正", "Repair"],
        ["姓名", 3, "去掉空格", "removed spaces"],
        ["证件号码", 2, "去掉空格", "removed spaces"],
        ["证件号码", 1, "去掉末尾的“.0”", "removed a trailing “.0”"],
    ]

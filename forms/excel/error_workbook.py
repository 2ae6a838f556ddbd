"""``FILE.errors.xlsx``: the rows that need the clerk, as they were, with the problem cells highlighted.

One sheet per imported sheet, named like it, holding every row with a problem: first 原行号 (the row in the
original file), 处理结果 (not imported / imported, please check) and 原因 (every problem of the row, 中文), then
the row's own cells under its own headers, and a last column Reason in English. Cells whose value was not
imported are red, cells to check are yellow, and each carries its reason as a comment. The headers are the
original ones and the added columns are known to the importer, so the clerk fixes the cells and imports this
file as it is; a household cell that differed from the family's first row shows the value imported, so the list
imported as it is changes nothing the clerk did not change. A 说明 sheet holds what is not about one row (unknown
columns, the counts, the repairs made). Imported with nothing left to fix, the list is deleted (`is_problem_list`,
`roster_import`): it holds names and ID numbers and is needed no more.

Written with openpyxl in normal mode because it needs fills and comments; the file only holds problem rows.

Every text goes in through `_fitting` (`cell_limit`): a cell copied from the input (an .ods holds longer texts than
Excel, and 𠮷-type characters count twice to Excel), a comment quoting a problem's value, and the joined 原因 could
be over Excel's 32,767 units (openpyxl cut them silently, or Excel "repaired" the file, dropping them), and a control
character (Word's line break, from the input) stopped the list with a program error after the import was in.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..version import APP_VERSION
from .cell_limit import fit, without_controls
from .outcome import ImportResult, Problem
from .reader import Cell, is_empty
from .repair import shown
from .rows import SheetRows

RED = PatternFill("solid", fgColor="FFC7CE")
YELLOW = PatternFill("solid", fgColor="FFEB9C")
HEAD = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
META = ("原行号", "处理结果", "原因")
#: Columns that hold numbers which must stay text (Excel would turn them into 4.40524E+17).
TEXT_HEADERS = ("证件号码", "身份证", "户编号", "电话", "手机", "户主证件号码", "编号", "公民身份号码")
TITLE = "导入问题清单："  # the workbook's title, before the name of the file imported
_MAX_COMMENTS = 5000  # comments make a workbook slow to open; the 原因 column says it all anyway
#: Ends a text cut to Excel's limit here: the whole is in the file imported.
CUT_MARK = "…（超出Excel单元格上限，已截断，完整内容见导入的原文件）"
#: The fields of a roster that say how a person's health is: left out of a sheet whose rows were all imported.
HEALTH_KEYS = frozenset({"member.health", "member.disability"})
#: Said first on the 说明 sheet: what the list holds, and what to do with it (the roster's stick is easily lost).
PERSONAL_NOTE = (
    "注意：本清单含姓名和完整的证件号码、电话，请妥善保管：改好后把本文件再导入一次，全部导入后安居会自动删除它；"
    "不要另存、转发，也不要留在U盘或共享文件夹里。"
)
PERSONAL_NOTE_EN = (
    "This list holds names and full ID and phone numbers: fix it and import it again (Anju deletes it once all of "
    "it is imported); do not copy it, send it on, or leave it on a USB stick or in a shared folder."
)
#: On the 说明 sheet when a sheet's health columns were left out (`_left_out`).
HEALTH_LEFT_OUT = "已导入的行无需改动健康状况、残疾类别，本清单不列出这两列（再导入本文件也不会改动它们）"
HEALTH_LEFT_OUT_EN = "health and disability left out: those rows are imported, and importing this list leaves them"


def errors_path_for(path: Path) -> Path:
    """``roster.xlsx`` → ``roster.errors.xlsx`` beside it (never the input itself); any other ending stays in the
    name, ``roster.xls`` → ``roster.xls.errors.xlsx``. The old .xls and the .xlsx saved from it (as the importer
    asks of an .et), or a .xls from the national system beside the station's .xlsx of one name, both listed their
    problems in ``roster.errors.xlsx``: each import replaced the other's list, and one imported with nothing to fix
    deleted it."""
    if path.suffix.lower() == ".xlsx":
        return path.with_name(f"{path.stem}.errors.xlsx")
    return path.with_name(f"{path.name}.errors.xlsx")


def is_problem_list(path: Path) -> bool:
    """Whether ``path`` is a list of problems Anju wrote (its title, which Excel and WPS keep when the clerk saves
    it), not a roster someone happened to name ``….errors.xlsx``."""
    if not path.name.lower().endswith(".errors.xlsx"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return TITLE.encode() in archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def _fitting(value: Any) -> Any:
    """``value`` as a cell holds it: a text without control characters and within Excel's limit, cut with
    `CUT_MARK` (`cell_limit`); anything else as it is."""
    if value.__class__ is not str:
        return value
    text = value if value.isprintable() else without_controls(value)
    return fit(text, CUT_MARK) or text


def _cell_value(value: Cell, as_text: bool) -> Any:
    if is_empty(value):
        return None
    if as_text:
        return _fitting(shown(value))
    if isinstance(value, datetime | date | bool | int | float):
        return value
    return _fitting(str(value))


def write_error_workbook(path: Path, result: ImportResult, parsed: list[SheetRows]) -> Path:
    """Write ``path`` (replacing an older list of problems only once the new one is complete)."""
    return publish(draft_error_workbook(path, result, parsed), path)


def draft_error_workbook(path: Path, result: ImportResult, parsed: list[SheetRows]) -> Path:
    """The workbook as a temporary file beside ``path``, for `publish` (or to be deleted): the import writes it while
    the database commits, and it takes its name only once the import is in."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    by_sheet: dict[str, dict[int, list[Problem]]] = defaultdict(lambda: defaultdict(list))
    sheet_level: list[Problem] = []
    for problem in result.problems:
        if problem.row is None or problem.code in ("column_unknown", "column_duplicate"):
            sheet_level.append(problem)
        else:
            by_sheet[problem.sheet][problem.row].append(problem)
    comments = 0
    left_out: list[str] = []  # the sheets whose health columns were left out
    for sheet in parsed:
        rows = by_sheet.get(sheet.report.name)
        if not rows:
            continue
        comments, dropped = _problem_sheet(book, sheet, rows, result, comments)
        if dropped:
            left_out.append(sheet.report.name)
    _notes(notes, result, sheet_level, left_out)
    book.properties.creator = f"安居 Anju {APP_VERSION}"
    book.properties.title = f"{TITLE}{result.file.name}"
    temporary = draft_path(path)
    book.save(temporary)
    return temporary


def draft_path(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def publish(temporary: Path, path: Path) -> Path:
    """Give a drafted workbook its name (a half-written file never takes it). When it cannot (the old list is
    open in Excel, which Windows refuses to replace), the draft is deleted: it holds names and ID numbers."""
    try:
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    return path


def _left_out(sheet: SheetRows, rows: dict[int, list[Problem]], result: ImportResult) -> set[int]:
    """The columns of ``sheet`` (0-based) the list leaves out: its health columns (`HEALTH_KEYS`, a second column
    of one of them too), when every row listed was imported and none has a problem in them; none otherwise."""
    mapping = sheet.table.mapping
    health = {
        c.index for c in (*mapping.columns, *mapping.duplicates) if c.spec is not None and c.spec.key in HEALTH_KEYS
    }
    if not health:
        return set()
    for row_number, problems in rows.items():
        if result.outcomes.get((sheet.report.name, row_number)) in ("reported", None):
            return set()  # fixed and imported from this list, the row needs all it has
        if any(p.col_index in health for p in problems):
            return set()
    return health


def _problem_sheet(
    book: Workbook, sheet: SheetRows, rows: dict[int, list[Problem]], result: ImportResult, comments: int
) -> tuple[int, bool]:
    """The sheet of ``sheet``'s problem rows; returns the comments written so far, and whether columns were left
    out (`_left_out`)."""
    ws = book.create_sheet(sheet.report.name[:31])
    headers = list(sheet.table.headers)
    while headers and not headers[-1]:
        headers.pop()
    width = max(len(headers), max((len(sheet.table.sheet.rows[r - 1]) for r in rows), default=0))
    headers += [""] * (width - len(headers))
    dropped = _left_out(sheet, rows, result)
    kept_columns = [index for index in range(width) if index not in dropped]
    at = {index: len(META) + k + 1 for k, index in enumerate(kept_columns)}  # a column of the sheet → of the list
    shown_width = len(kept_columns)
    title = (
        f"导入问题清单：{result.file.name}（工作表“{sheet.report.name}”）。红色单元格未导入，黄色单元格请核对；"
        "改好后可直接导入本文件，前三列和最后一列会被忽略。"
    )
    ws.cell(1, 1, _fitting(title)).font = BOLD
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=min(len(META) + shown_width + 1, 20))
    all_headers = [*META, *(headers[index] for index in kept_columns), "Reason"]
    for col, header in enumerate(all_headers, 1):
        cell = ws.cell(2, col, _fitting(header) or None)
        cell.font, cell.fill = BOLD, HEAD
    text_columns = {i for i, h in enumerate(headers) if any(word in h for word in TEXT_HEADERS)}
    # A family's household cells are often on its first row only; a row that took them from the rows above gets
    # them written out, or on its own in this file it would join whichever household is listed above it here.
    household_columns = [
        c.index for c in sheet.table.mapping.columns if c.spec is not None and c.spec.record in ("household", "group")
    ]
    # A row without 户编号 that joined its family by the family's flat or 户主证件号码 gets the family's 户编号: the
    # rest of the family is not in this file, so imported on its own (into this database, where its ID number may
    # be the wrong one just imported, or into another copy) the row made a household of its own at that flat.
    number_column = next(
        (c.index for c in sheet.table.mapping.columns if c.spec is not None and c.spec.column == "hh_number"), None
    )
    drafts = {d.row: d for d in sheet.drafts}
    out = 3
    for row_number in sorted(rows):
        problems = rows[row_number]
        outcome = result.outcomes.get((sheet.report.name, row_number))
        imported = outcome not in ("reported", None)
        ws.cell(out, 1, row_number)
        ws.cell(out, 2, "已导入，请核对" if imported else "未导入")
        reason = ws.cell(out, 3, _fitting("\n".join(_reason(p) for p in problems)))
        reason.alignment = WRAP
        reason.fill = YELLOW if imported else RED
        english = ws.cell(out, len(META) + shown_width + 1, _fitting("\n".join(_reason(p, en=True) for p in problems)))
        english.alignment = WRAP
        line = sheet.table.sheet.rows[row_number - 1]
        draft = drafts.get(row_number)
        if draft is not None and draft.household_from is not None:
            family = sheet.table.sheet.rows[draft.household_from]
            line = list(line)
            for index in household_columns:
                if index < len(family) and (index >= len(line) or is_empty(line[index])):
                    line.extend([""] * (index + 1 - len(line)))
                    line[index] = family[index]
        joined = draft.joined_number if draft is not None and number_column is not None else None
        if joined and number_column is not None and (number_column >= len(line) or is_empty(line[number_column])):
            line = list(line)
            line.extend([""] * (number_column + 1 - len(line)))
            line[number_column] = joined
        kept = sheet.household_kept
        for index in kept_columns:
            value = line[index] if index < len(line) else ""
            if kept:
                value = kept.get((row_number - 1, index), value)
            cell = ws.cell(out, at[index], _cell_value(value, index in text_columns))
            if index in text_columns:
                cell.number_format = "@"
            elif isinstance(value, datetime | date):
                cell.number_format = "yyyy-mm-dd"
        for problem in problems:
            if problem.col_index is None or problem.col_index not in at:
                continue
            cell = ws.cell(out, at[problem.col_index])
            cell.fill = RED if problem.severity == "error" else YELLOW
            if comments < _MAX_COMMENTS:
                note_zh, note_en = problem.zh, problem.en
                if (row_number - 1, problem.col_index) in sheet.household_kept:
                    note_zh += f"本表这里已换成导入的值；若“{problem.value}”才对，请改成它再导入本文件。"
                    note_en += f" This sheet shows the value imported; if “{problem.value}” is right, type it in."
                cell.comment = Comment(_fitting(f"{note_zh}\n{note_en}"), "安居 Anju", width=300, height=120)
                comments += 1
        out += 1
    for col, header in enumerate(all_headers, 1):
        wide = 48 if header in ("原因", "Reason") else max(8, min(24, _display_width(header) + 2))
        ws.column_dimensions[get_column_letter(col)].width = wide
    ws.freeze_panes = ws.cell(3, len(META) + 1)
    return comments, bool(dropped)


def _reason(problem: Problem, *, en: bool = False) -> str:
    text = problem.en if en else problem.zh
    if problem.column:
        return f"[{problem.column}] {text}" if en else f"【{problem.column}】{text}"
    return text


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _notes(ws: Any, result: ImportResult, sheet_level: list[Problem], left_out: list[str]) -> None:
    lines: list[tuple[str | int, ...]] = [
        ("导入问题清单 / Import problems",),
        (PERSONAL_NOTE,),
        (PERSONAL_NOTE_EN,),
        ("文件 / File", result.file.name),
        ("结果 / Result", result.summary()),
        ("", result.summary_en()),
        (),
        ("工作表 / Sheet", "列 / Column", "说明", "Note"),
    ]
    lines += [(p.sheet, p.column or "", p.zh, p.en) for p in sheet_level]
    lines += [(name, "", f"未导入：{why}", "skipped: not a roster") for name, why in result.skipped_sheets]
    lines += [(name, "健康状况、残疾类别", HEALTH_LEFT_OUT, HEALTH_LEFT_OUT_EN) for name in left_out]
    if result.repairs:
        # By column, as the summary says them: "去掉空格 4,000" alone did not tell names from ID numbers.
        lines += [(), ("自动修正 / Repairs made",), ("列 / Column", "处数 / Cells", "修正", "Repair")]
        lines += [(r.column or "", r.count, r.label(), r.label(en=True)) for r in result.repairs_by_column()]
    for line in lines:
        ws.append([_fitting(value) for value in line])
    ws["A1"].font = BOLD
    for col, wide in zip("ABCD", (20, 24, 60, 60), strict=True):
        ws.column_dimensions[col].width = wide

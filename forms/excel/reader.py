"""Open a workbook and find the table in each sheet: the header row among the first rows, under titles.

python-calamine reads cell values (it is about 12× faster than openpyxl on a 200,000-row sheet) and gives
cached formula results, dates as dates, and numbers as floats, exactly what Excel stored. Rows are read with
``skip_empty_area=False`` so ``rows[i][j]`` is Excel row ``i + 1``, column ``j + 1``: every report can name the
row and column the clerk sees.

Merged cells hold their value in the top-left cell only. National exports merge the title across the sheet and
county 台账 merge household columns (户编号, 户主 …) down over the household's member rows, so merged ranges are
filled with their top-left value before anything else looks at the sheet (for .ods, whose merged ranges calamine
does not give, `ods` finds them).

The same roster reads the same saved as .xlsx, as old .xls, as .ods, or as WPS's .et (the old Excel format inside,
which calamine recognises whatever the name); an .et it cannot read is refused saying how to save it as .xlsx in
WPS.

Files that are not workbooks are refused before calamine sees them, with what they look like and what to do:
an empty file, a CSV or text file, a web page or XML table saved with an .xls name (some systems export those),
a password-protected workbook, the ~$ lock file Excel writes beside an open workbook, a file another program holds.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from . import ExcelError
from .headers import FieldSpec, HeaderMap, SheetKind, map_headers, sheet_kind, shown_header
from .ods import Merged, is_ods, merged_ranges

#: The header row is looked for among this many rows from the top (national exports put it on row 3).
HEADER_SCAN_ROWS = 10
#: A row is a header when it names at least this many known fields (and 姓名 and 证件号码, see `sheet_kind`).
MIN_HEADER_SCORE = 2

#: WPS Spreadsheets' own formats (workbook, template): usually the old Excel format inside, which reads as .xls.
WPS_SUFFIXES = (".et", ".ett")

#: How the lock file Excel and WPS write beside an open workbook is named: ~$ and the workbook's name.
LOCK_PREFIX = "~$"

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Cell = Any  # str | float | int | bool | date | datetime | time | timedelta; "" for an empty cell


@dataclass
class Sheet:
    """A sheet's cells from A1 (merged ranges already filled) and its merged ranges (0-based, inclusive)."""

    name: str
    rows: list[list[Cell]]
    merged: list[Merged] = field(default_factory=list)
    hidden: bool = False

    def cell(self, row: int, col: int) -> Cell:
        line = self.rows[row] if row < len(self.rows) else []
        return line[col] if col < len(line) else ""


@dataclass(frozen=True)
class Table:
    """Where a sheet's table is: its header row (0-based), what the headers map to, and the title above it."""

    sheet: Sheet
    header_row: int
    headers: tuple[str, ...]
    mapping: HeaderMap
    kind: SheetKind | None
    title: str

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def data_rows(self) -> range:
        return range(self.first_data_row, len(self.sheet.rows))


def is_empty(value: Cell) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def lock_file_beside(path: Path) -> Path | None:
    """The lock file Excel or WPS keeps beside ``path`` while it is open in them, or None: ~$ and the workbook's
    name, or, as Office names it for a long name, ~$ in place of the name's first two characters. A lock file a
    crashed program left is found too (the clerk is told "似乎", and to ignore it when the file is not open)."""
    names = [LOCK_PREFIX + path.name]
    if len(path.stem) >= 8:
        names.append(LOCK_PREFIX + path.name[2:])
    return next((path.with_name(n) for n in names if path.with_name(n).is_file()), None)


def sniff(path: Path) -> None:
    """Refuse, with a reason, a file that is missing, empty or not a workbook."""
    if not path.exists():
        raise ExcelError(f"找不到文件“{path}”。请检查路径和文件名。", f"File “{path}” not found. Check the path.")
    if path.is_dir():
        raise ExcelError(f"“{path}”是文件夹，不是Excel文件。", f"“{path}” is a folder, not an Excel file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except PermissionError as exc:
        # Windows refuses a file another program holds (Excel or WPS, a sync client) or one this account may not
        # read: said as a program error (“程序出错了…不是您输入的错”) it sent the clerk to report a bug.
        raise ExcelError(
            f"“{path.name}”打不开：它正被别的程序占用，或者本账户没有读取它的权限。如果它正在Excel或WPS表格里打开，"
            "请保存并关闭后再导入；仍然打不开的，把它复制（或另存）一份到桌面，导入那一份。",
            f"“{path.name}” cannot be opened: another program holds it, or this account may not read it. If it is "
            "open in Excel or WPS, save and close it, then import it again; otherwise copy it to the desktop and "
            "import the copy.",
        ) from exc
    except OSError as exc:
        raise ExcelError(
            f"“{path.name}”读不出来（{exc.strerror or exc}）：U盘可能拔出了或出了故障。"
            "请把文件复制到电脑上，导入复制的那一份。",
            f"“{path.name}” could not be read ({exc.strerror or exc}): the stick may be out or failing. Copy the file "
            "to the computer and import the copy.",
        ) from exc
    if not head:
        raise ExcelError(
            f"文件“{path.name}”是空的（0 字节），里面没有任何数据。请重新从系统导出，或换一个文件。",
            f"“{path.name}” is empty (0 bytes). Export it again from the system, or pick another file.",
        )
    if head.startswith((_ZIP, _OLE)):
        return
    if path.name.startswith(LOCK_PREFIX):
        # Excel and WPS write “~$花名册.xlsx” beside a workbook while it is open (hidden, unless the folder shows
        # hidden files or the stick lost the mark): told “不是Excel工作簿” of a file named .xlsx, the clerk was lost.
        raise ExcelError(
            f"“{path.name}”不是花名册，是Excel或WPS表格打开同名工作簿时临时生成的锁定文件（文件名以~$开头），"
            f"里面没有数据。请导入它旁边不带~$的那个文件（如“{path.name[len(LOCK_PREFIX) :]}”），"
            "最好先在Excel里保存并关闭它。",
            f"“{path.name}” is not a roster but the lock file Excel or WPS writes beside a workbook while it is open "
            f"(its name begins with ~$); it holds no data. Import the file beside it without the ~$ (such as "
            f"“{path.name[len(LOCK_PREFIX) :]}”), best saved and closed in Excel first.",
        )
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
        raise ExcelError(
            f"“{path.name}”虽然叫Excel文件，其实是网页（HTML/XML）格式的表格，不能直接导入。"
            "请用Excel或WPS表格打开它，点“另存为”，文件类型选 .xlsx（Excel工作簿），再导入另存的文件。",
            f"“{path.name}” has an Excel name but is a web-page (HTML/XML) table. Open it in Excel, use Save As → "
            "Excel Workbook (*.xlsx), and import the saved file.",
        )
    if _looks_like_text(head):
        raise ExcelError(
            f"“{path.name}”是文本（CSV）文件，不是Excel工作簿。请用Excel或WPS表格打开它，“另存为” .xlsx 后再导入。",
            f"“{path.name}” is a text (CSV) file, not an Excel workbook. Open it in Excel, save it as an Excel "
            "Workbook (*.xlsx), and import that.",
        )
    if path.suffix.lower() in WPS_SUFFIXES:
        raise _unreadable(path, "unknown format")
    raise ExcelError(
        f"“{path.name}”不是Excel工作簿（.xlsx 或 .xls），无法导入。请选择从系统导出的Excel文件。",
        f"“{path.name}” is not an Excel workbook (.xlsx or .xls). Pick the Excel file exported from the system.",
    )


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            decoded = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t" for ch in decoded)
    return False


def read_workbook(path: Path) -> list[Sheet]:
    """Every sheet's cells (chart sheets and the like skipped). Refuses files that are not readable workbooks."""
    sniff(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise ExcelError(
            f"“{path.name}”设置了打开密码，无法读取。请打开它并取消密码（Excel：文件→信息→保护工作簿；WPS表格：文件→"
            "文档加密→密码加密，清空密码），保存后再导入。",
            f"“{path.name}” is password-protected. Open it in Excel, remove the password, save, and import again.",
        ) from exc
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc
    try:
        # calamine gives no merged ranges for .ods (LibreOffice's own format, which WPS and Excel save too)
        ods_merged = merged_ranges(path) if is_ods(path) else None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, zlib.error) as exc:
        raise _unreadable(path, exc) from exc
    sheets: list[Sheet] = []
    with book:
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                raw = book.get_sheet_by_name(meta.name)
                rows = raw.to_python(skip_empty_area=False)
                merged = list(raw.merged_cell_ranges or [])
                if ods_merged is not None and not merged:
                    merged = ods_merged.get(meta.name, [])
            except python_calamine.CalamineError as exc:
                raise ExcelError(
                    f"“{path.name}”的工作表“{meta.name}”无法读取（{exc}）。"
                    "请用Excel或WPS表格打开后另存为 .xlsx 再导入。",
                    f"Sheet “{meta.name}” of “{path.name}” cannot be read ({exc}). Save it as .xlsx and retry.",
                ) from exc
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            sheet = Sheet(meta.name, rows, merged, hidden)
            fill_merged(sheet)
            sheets.append(sheet)
    return sheets


def _unreadable(path: Path, exc: object) -> ExcelError:
    """A file calamine cannot read: for WPS's own format, how to save it as .xlsx in WPS."""
    if path.suffix.lower() in WPS_SUFFIXES:
        return ExcelError(
            f"“{path.name}”是WPS表格自己的格式（{path.suffix}），这个文件本程序读不出来。请用WPS表格打开它，"
            "点“文件”→“另存为”，文件类型选 .xlsx（Excel 文件），再导入另存的 .xlsx 文件。",
            f"“{path.name}” is in WPS Spreadsheets' own format ({path.suffix}) and cannot be read ({exc}). Open it "
            "in WPS, use File → Save As, choose the .xlsx (Excel) type, and import the saved file.",
        )
    return ExcelError(
        f"“{path.name}”已损坏或不是Excel工作簿，无法读取（{exc}）。请重新导出，或用Excel或WPS表格打开后另存为 .xlsx。",
        f"“{path.name}” is damaged or not an Excel workbook ({exc}). Export it again, or open it in Excel or WPS "
        "and save it as .xlsx.",
    )


def fill_merged(sheet: Sheet) -> int:
    """Copy each merged range's top-left value into its other cells; returns how many cells were filled."""
    filled = 0
    rows = sheet.rows
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 >= len(rows):
            continue
        value = sheet.cell(r0, c0)
        if is_empty(value):
            continue
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            line = rows[r]
            if len(line) <= c1:
                line.extend([""] * (c1 + 1 - len(line)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and is_empty(line[c]):
                    line[c] = value
                    filled += 1
    return filled


def locate_table(sheet: Sheet, extra: Mapping[str, FieldSpec] | None = None) -> Table | None:
    """The best header row among the first `HEADER_SCAN_ROWS` rows, or None when no row looks like a roster's."""
    best: tuple[int, int, HeaderMap] | None = None
    for index, line in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        mapping = map_headers(line, extra)
        # Strictly greater: with a two-row header whose upper cells are merged down, the first full row wins and
        # the identical row below it is skipped as a repeated header.
        if mapping.score >= MIN_HEADER_SCORE and (best is None or mapping.score > best[1]):
            best = (index, mapping.score, mapping)
    if best is None:
        return None
    index, _score, mapping = best
    title = " ".join(dict.fromkeys(str(v).strip() for line in sheet.rows[:index] for v in line if not is_empty(v)))
    headers = tuple("" if is_empty(v) else shown_header(v) for v in sheet.rows[index])
    kind = sheet_kind(mapping, f"{sheet.name} {title}")
    return Table(sheet, index, headers, mapping, kind, title)


def first_text(sheet: Sheet, limit: int = 6) -> str:
    """The first non-empty cells of a sheet, to show the clerk what a sheet we could not use contains."""
    for line in sheet.rows[:HEADER_SCAN_ROWS]:
        texts = [str(v).strip() for v in line if not is_empty(v)]
        if texts:
            shown = "、".join(dict.fromkeys(texts[:limit]))
            return shown + ("……" if len(texts) > limit else "")
    return ""

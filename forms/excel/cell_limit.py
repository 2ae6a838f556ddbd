"""Excel's limit of 32,767 characters a cell, kept by every export: a longer text is cut, visibly, and listed.

openpyxl cuts a longer string at 32,767 of Python's characters without a word, so a 备注 or a visit's 情况记录
pasted many times lost its end with nothing on the sheet saying so. And Excel counts UTF-16 units: a character
outside the Basic Multilingual Plane (张𠮷's 𠮷, the rare characters of names and places) is two, so a text openpyxl
let through could still be over Excel's limit, and Excel offered to "repair" the workbook, dropping the cell.

An export cuts such a text itself (`fit`), to the limit counted as Excel counts, never between the two halves of a
character, ending it with `CUT_MARK`, and lists the cell (`CutCell`) as it lists odd stored values.

A control character (Word's line break \\x0b inside a paragraph, or \\x01…\\x1f but tab, line feed and carriage
return) cannot be in a cell either: openpyxl refuses it (IllegalCharacterError) and the whole export stopped with a
program error. Such text comes from a national list's cell (Excel keeps them as _x000B_), a paste into a QLineEdit,
or a hand edit. `without_controls` writes the text without them; a writer asks only for a text that is not
`str.isprintable` (a C-speed test, true for every Chinese character, so the common text costs nothing more). The
cells are not listed: nothing the clerk can see changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXCEL_CELL_LIMIT = 32_767  # UTF-16 units, as Excel counts a cell's characters
#: Ends a cut text: it says the cell is not the whole of it, and where the whole is.
CUT_MARK = "…（超出Excel单元格上限，已截断，完整内容见系统）"
#: A text of at most this many characters fits whatever they are (each is at most two UTF-16 units): the writers'
#: hot loops compare a length with it and measure nothing else.
SURELY_FITS = EXCEL_CELL_LIMIT // 2


#: The characters openpyxl (and XML 1.0) refuse in a cell: the C0 controls but tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: What each becomes: a space for those that separate (\x0b Word's line break and \x0c its page break, \x1c…\x1f
#: the separators; Python's ``str.split``, which the import's repairs use, takes them for spaces too), so two words
#: stay two; nothing for the rest, which separate nothing and have no glyph.
_WITHOUT_CONTROLS = {code: (" " if chr(code).isspace() else None) for code in range(0x20) if code not in (9, 10, 13)}


def without_controls(text: str) -> str:
    """``text`` without the control characters a cell cannot hold (`_WITHOUT_CONTROLS`); ``text`` itself when it
    holds none. Call it for a text that is not ``isprintable()``: a line feed or an ideographic space (　) is not
    printable either, and only this finds out whether there is more."""
    if _CONTROL.search(text) is None:
        return text
    return text.translate(_WITHOUT_CONTROLS)


def excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it: UTF-16 units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def fit(text: str, mark: str = CUT_MARK) -> str | None:
    """``text`` cut to fit a cell, ending with ``mark``; None when it fits as it is."""
    if len(text) <= SURELY_FITS or excel_length(text) <= EXCEL_CELL_LIMIT:
        return None
    room = EXCEL_CELL_LIMIT - excel_length(mark)
    units = text.encode("utf-16-le", "surrogatepass")[: room * 2]
    if 0xD800 <= int.from_bytes(units[-2:], "little") <= 0xDBFF:
        units = units[:-2]  # the first half of a two-unit character: leave it out whole
    return units.decode("utf-16-le", "surrogatepass") + mark


@dataclass(frozen=True)
class CutCell:
    """A cell an export cut to Excel's limit: where it is on the sheet, whose and which field it is."""

    cell: str  # A1 reference on the (only) sheet
    field: str  # the column's header, or the household sheet's label
    whose: str  # 户编号 … 姓名 as the row shows them, or ""
    length: int  # the text's length as Excel counts it, before the cut

    def line(self) -> str:
        whose = f"{self.whose} " if self.whose else ""
        return (
            f"{whose}{self.field}（单元格 {self.cell}）：共 {self.length} 字，"
            f"超出 Excel 每格 {EXCEL_CELL_LIMIT} 字的上限，已截断"
        )

    def to_json(self) -> dict[str, str | int]:
        return {"cell": self.cell, "field": self.field, "whose": self.whose, "length": self.length}


#: Said with the list of cut cells (the command line; the 导入导出 page says the same in its own words).
CUT_HEAD = "注意：{n} 个单元格的内容超出 Excel 每格 32767 字的上限，已截断，末尾注明“已截断，完整内容见系统”："
CUT_TAIL = "完整内容请在安居里查看（住户编辑）；需要时把它缩短或分开记录，再重新导出。"
CUT_EN = (
    "Note: {n} cells held more than Excel's 32,767 characters a cell; they were cut, ending with a note saying so. "
    "The whole text is in Anju (the household editor); shorten it there if needed and export again."
)


def cut_lines(cells: list[CutCell] | tuple[CutCell, ...], limit: int = 20) -> list[str]:
    lines = [cell.line() for cell in cells[:limit]]
    if len(cells) > limit:
        lines.append(f"……另有 {len(cells) - limit} 个")
    return lines

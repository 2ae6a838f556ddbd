"""Merged cells of an OpenDocument spreadsheet (.ods), which python-calamine reads but does not report merged.

LibreOffice saves .ods, and WPS and Excel open and save it too. A roster saved so keeps its merged cells (the
family's 户编号 down over its members, a couple's shared 务工企业名称, a two-row header), but calamine gives no
merged ranges for it, so the cells under a merged one came out empty and, say, the second of a couple working at
the same factory lost the job that an .xlsx or .xls of the same sheet gave her.

Only the spans are wanted, so ``content.xml`` is scanned rather than parsed: one regular-expression match a row,
and cell by cell only in the few rows holding a merged cell with a value (a merged range with nothing in it has
nothing to fill). The file is read in pieces, so a county's roster is never held as one string of XML.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

Merged = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first column), (last row, last column))

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 4 << 20
_TABLE = b"<table:table "
_ROW = b"<table:table-row"  # also the start of <table:table-rows> and <table:table-row-group>, told apart below
_ROW_END = b"</table:table-row>"
_NAME = re.compile(rb'table:name="([^"]*)"')
_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?:\s([^>]*))?/?>")
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="([0-9]+)"')
_ROWS_SPANNED = re.compile(rb'table:number-rows-spanned="([0-9]+)"')
_COLUMNS_SPANNED = re.compile(rb'table:number-columns-spanned="([0-9]+)"')


def is_ods(path: Path) -> bool:
    """Whether ``path`` is an OpenDocument spreadsheet (or template), whatever its name ends in."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").strip().startswith(MIMETYPE)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def merged_ranges(path: Path, chunk_size: int = _CHUNK) -> dict[str, list[Merged]]:
    """Sheet name → its merged ranges holding a value, 0-based and inclusive, as calamine gives them for .xlsx."""
    scan = _Scan()
    carry = b""
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        while chunk := content.read(chunk_size):
            carry = scan.feed(carry + chunk)
    return scan.found


class _Scan:
    """Rows counted, and cells read only in rows with a span, over pieces of ``content.xml``."""

    def __init__(self) -> None:
        self.found: dict[str, list[Merged]] = {}
        self.current: list[Merged] = []
        self.row = 0

    def feed(self, text: bytes) -> bytes:
        """Take the whole rows (and sheet starts) in ``text``; returns the unfinished rest."""
        pos = 0
        while True:
            row = text.find(_ROW, pos)
            table = text.find(_TABLE, pos, None if row < 0 else row)
            if table >= 0:
                close = text.find(b">", table)
                if close < 0:
                    return text[table:]
                name = _NAME.search(text, table, close)
                self.current = self.found.setdefault(html.unescape(name[1].decode()) if name else "", [])
                self.row = 0
                pos = close + 1
                continue
            if row < 0:
                return text[max(pos, len(text) - len(_ROW)) :]  # a tag may start in the last bytes
            close = text.find(b">", row + len(_ROW))
            if close < 0:
                return text[row:]
            after = text[row + len(_ROW) : row + len(_ROW) + 1]
            if after not in (b" ", b">", b"/", b"\n", b"\t", b"\r"):
                pos = row + len(_ROW)  # <table:table-rows>, <table:table-row-group>
                continue
            end = close + 1
            spans: list[Merged] = []
            if text[close - 1 : close] != b"/":
                end = text.find(_ROW_END, close)
                if end < 0:
                    return text[row:]
                if text.find(b"-spanned=", close, end) >= 0:
                    spans = _spans(text[close + 1 : end])
                end += len(_ROW_END)
            repeated = _ROWS_REPEATED.search(text, row, close) if text.find(b"rows-repeated", row, close) >= 0 else None
            times = int(repeated[1]) if repeated else 1
            for offset in range(times if spans else 0):
                base = self.row + offset
                self.current.extend(((base + r0, c0), (base + r1, c1)) for (r0, c0), (r1, c1) in spans)
            self.row += times
            pos = end


def _spans(body: bytes) -> list[Merged]:
    """The merged ranges a row starts, relative to the row."""
    spans: list[Merged] = []
    col = 0
    for cell in _CELL.finditer(body):
        attrs = cell[1] or b""
        repeated = _COLUMNS_REPEATED.search(attrs)
        times = int(repeated[1]) if repeated else 1
        if b"-spanned=" in attrs and b"office:value-type=" in attrs:
            rows = _ROWS_SPANNED.search(attrs)
            cols = _COLUMNS_SPANNED.search(attrs)
            height = int(rows[1]) if rows else 1
            width = int(cols[1]) if cols else 1
            if height > 1 or width > 1:
                spans.extend(((0, col + k), (height - 1, col + k + width - 1)) for k in range(times))
        col += times
    return spans

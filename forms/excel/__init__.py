"""Excel in and out (issue 5): roster import from national 防返贫 exports and 安置点台账, error workbooks, ledgers.

Import, in the order it runs:
- `reader` refuses what is not a workbook, reads cells with python-calamine (about 12× faster than openpyxl on
  big sheets), fills merged cells (`ods` finds them in .ods files, where calamine does not) and finds each sheet's
  header row among the first rows, under titles;
- `headers` maps national labels and their common variants (and the county questionnaire's labels) to fields;
- `repair` (with `synonyms`, `idcells`, `fixes`) cleans each cell and says, in 中文 and English, what it
  repaired or why it could not take a value;
- `rows` turns sheet rows into drafts, `grouping` puts members into households, `apply` matches them with the
  database (by 证件号码) and writes through the unit of work, so the journal (the audit log) shows every change;
- `roster_import` runs it end to end, `outcome` says what happened to every row, `error_workbook` writes
  ``FILE.errors.xlsx`` for the clerk to fix and import again.

Export: `export` writes any ledger (title, frozen header, text-formatted IDs, widths, properties) from the data
that `ledger_data`, `export_members`, `export_summary` and `export_worklists` prepare; `printing` sets how every
ledger prints (landscape A4, one page wide or, too wide for that, across pages at a readable size, headers on
each page, page numbers, a lined table).
`commands` registers ``anju import-roster`` and ``anju export``.

Nothing here imports Qt: the desktop calls the same functions from its worker, with progress and cancel.
"""

from __future__ import annotations

from pathlib import Path

from ..collector import paused
from ..errors import AnjuError, why_not_written

#: `ExcelError.code` of an import refused because new households have no site (no 安置点 column, no --site).
SITE_NEEDED = "site_needed"
#: `ExcelError.code` of an import whose --site is not a site of the database.
SITE_OPTION_UNKNOWN = "site_option_unknown"
#: `ExcelError.code` of an import none of whose sites is a site of the database.
SITES_UNKNOWN = "sites_unknown"
#: `ExcelError.code` of a station's import none of whose sites is one of the station's own (all other stations').
SITES_OTHER_STATION = "sites_other_station"


class ExcelError(AnjuError):
    """A workbook that cannot be imported or written as asked: nothing in the database was changed.

    ``code`` says which refusal it is (one of the constants above, or "" for the others), for callers that act
    on it: the desktop asks for the site of new households on the page rather than showing ``--site``.
    """

    def __init__(self, zh: str, en: str, code: str = "") -> None:
        super().__init__(zh, en)
        self.code = code


class ErrorsNotWritten(AnjuError):
    """The import is in the database, but its list of problems (``FILE.errors.xlsx``) could not be written: open in
    Excel, or the drive full. Importing the same file again, once that is put right, writes it (the rows imported
    are not changed twice)."""

    def __init__(self, errors_path: Path, exc: OSError, *, dry_run: bool = False) -> None:
        why, why_en = why_not_written(exc)
        if dry_run:
            done, again = "只检查，数据库没有改动", "然后再检查一次这个文件"
            done_en, again_en = "Checked only; the database was not changed", "Then check the file again"
        else:
            done, again = "数据已导入并保存", "然后再导入一次这个文件（已导入的行不会重复改动）"
            done_en = "The data was imported and saved"
            again_en = "Then import the file again (rows already imported are not changed twice)"
        super().__init__(
            f"{done}，但问题清单“{errors_path}”无法写入：{why}。{again}，就能得到问题清单。",
            f"{done_en}, but the problem list “{errors_path}” could not be written: {why_en}. {again_en} to get the "
            "list.",
        )
        self.errors_path = errors_path


#: No cyclic garbage collection while a bulk import or export builds hundreds of thousands of objects
#: (`forms.collector`).
gc_paused = paused

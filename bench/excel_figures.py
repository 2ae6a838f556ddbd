"""Figures for Excel: roster import against plain reads of the same file, ledger export against a plain write.

- ``anju import-roster`` of a demo county's member sheet (about 4 members per household) into a database that has
  only the sites, against python-calamine reading the same file (``to_python``, what our reader calls) and against
  an openpyxl read-only pass; and the same import again into the database that already holds it (nothing
  changes: the clerk's re-import), against the calamine read.
- ``anju export members`` of the same county against openpyxl write-only writing the very same rows.

Ours includes everything the command does (open the database, clean and match every row, write through the
unit of work, which journals every record, and the error workbook); the baselines are the bare library calls.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine
from sqlalchemy import select

from bench.runner import Figure
from bench.store_figures import TODAY, WORKDIR, demo_database, empty_database
from forms.excel.apply import ImportOptions
from forms.excel.export import ExportOptions, export
from forms.excel.export_members import MEMBER_COLUMNS, _member_rows
from forms.excel.ledger_data import Scope, load
from forms.excel.roster_import import import_roster
from forms.records import Site
from forms.store import Store


def _fresh(target: Path, source: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


@cache
def roster_file(households: int) -> Path:
    """The demo county's member sheet, as `anju export members` writes it (made once, not timed)."""
    path = WORKDIR / f"roster-{households}.xlsx"
    with Store.open(demo_database(households)) as store:
        export(store, "members", path, ExportOptions(on=TODAY))
    return path


@cache
def sites_database(households: int) -> Path:
    """An empty database holding the demo county's sites (the county sends sites down before any import)."""
    path = _fresh(WORKDIR / f"sites-{households}.db", empty_database())
    with Store.open(demo_database(households)) as source, source.reading() as session:
        sites = [(s.code, s.name, s.county) for s in session.scalars(select(Site))]
    with Store.open(path) as store, store.unit_of_work("bench") as uow:
        for code, name, county in sites:
            uow.add(Site(code=code, name=name, county=county))
    return path


@cache
def imported_database(households: int) -> Path:
    """A database that already holds the roster (for the re-import figure)."""
    path = _fresh(WORKDIR / f"imported-{households}.db", sites_database(households))
    with Store.open(path) as store:
        import_roster(store, roster_file(households), ImportOptions(on=TODAY, actor="bench"))
    return path


def _import(households: int) -> Any:
    roster = roster_file(households)

    def ours(db: Path) -> None:
        with Store.open(db) as store:
            import_roster(store, roster, ImportOptions(on=TODAY, actor="bench"))

    return ours


def _calamine_read(path: Path) -> Any:
    def read(_state: object) -> None:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            book.get_sheet_by_index(0).to_python(skip_empty_area=False)

    return read


def _openpyxl_read(path: Path) -> Any:
    def read(_state: object) -> None:
        book = openpyxl.load_workbook(path, read_only=True)
        for _row in book.worksheets[0].iter_rows(values_only=True):
            pass
        book.close()

    return read


def import_figures(households: int, runs: int) -> list[Figure]:
    roster = roster_file(households)
    members = _rows_in(roster)
    ours = _import(households)
    new_db = WORKDIR / "import.db"
    again_db = WORKDIR / "reimport.db"
    imported_database(households)  # made before anything is timed
    return [
        Figure(
            name=f"anju import-roster {members:,} members",
            ours=ours,
            raw=_calamine_read(roster),
            raw_name="python-calamine read of the same file",
            setup=lambda: _fresh(new_db, sites_database(households)),
            runs=runs,
            target=2.0,
            note="ours = read + clean + group + match + insert_rows with the journal (rows written on a second "
            "thread) + error workbook",
        ),
        Figure(
            name=f"anju import-roster {members:,} members",
            ours=ours,
            raw=_openpyxl_read(roster),
            raw_name="openpyxl read_only pass of the same file",
            setup=lambda: _fresh(new_db, sites_database(households)),
            runs=runs,
        ),
        Figure(
            name=f"anju import-roster again ({members:,}, no change)",
            ours=ours,
            raw=_calamine_read(roster),
            raw_name="python-calamine read of the same file",
            setup=lambda: _fresh(again_db, imported_database(households)),
            runs=runs,
            target=2.0,
            note="the clerk's re-import: every row matched, nothing written, zero journal entries",
        ),
    ]


def _rows_in(path: Path) -> int:
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        return book.get_sheet_by_index(0).height - 3


@cache
def member_rows(households: int) -> list[list[Any]]:
    """The very rows the member export writes, made before anything is timed."""
    with Store.open(demo_database(households)) as store:
        scope = Scope.load(store, ExportOptions(on=TODAY))
        return [list(row) for row in _member_rows(load(store, scope, TODAY), scope)]


def _plain_write(rows: list[list[Any]]) -> Any:
    def write(out: Path) -> None:
        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet("家庭成员")
        ws.append([c.header for c in MEMBER_COLUMNS])
        for row in rows:
            ws.append(row)
        book.save(out)

    return write


def export_figures(households: int, runs: int) -> list[Figure]:
    source = demo_database(households)
    rows = member_rows(households)
    out = WORKDIR / "export.xlsx"

    def ours(path: Path) -> None:
        with Store.open(source) as store:
            export(store, "members", path, ExportOptions(on=TODAY))

    def setup() -> Path:
        out.unlink(missing_ok=True)
        return out

    return [
        Figure(
            name=f"anju export members ({len(rows):,} rows)",
            ours=ours,
            raw=_plain_write(rows),
            raw_name="openpyxl write_only of the same rows",
            setup=setup,
            runs=runs,
            target=1.3,
            note="ours = read the database + derive counts + text-formatted ID/phone cells + title, widths, props",
        )
    ]


def excel_figures(households: int, runs: int) -> list[Figure]:
    """Every Excel figure, for ``bench/__main__.py``."""
    return [*import_figures(households, runs), *export_figures(households, runs)]

"""``anju import-roster``: a 防返贫 member export, a 安置点台账 or a 务工监测 sheet into the database.

The whole import is one transaction: it writes everything or nothing (a refusal, a crash or a cancel leaves the
database as it was). Each data row ends imported (created, updated or unchanged), merged with an identical earlier
row, or reported; the reports go to ``FILE.errors.xlsx`` beside the input, which the clerk fixes and imports
again. Unknown columns are not kept: the national exports carry dozens of columns this program has no field for,
and keeping them all in ``extra`` would bloat every record and make each re-export of the national system look
like a change; they are listed in the summary instead, once per sheet.

A workbook may hold a roster and a 务工监测 sheet; rosters are imported first, so the spells can find their people.
Sheets that are not a roster (instructions, drop-down lists, hidden sheets) are named in the summary and skipped;
a workbook with no roster at all is refused, saying what its sheets contain.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

from ..idnumber import make_ric
from ..import_marks import journal_head, note_import
from ..questionnaire import load_active
from ..records import Member
from ..store import Store, UnitOfWork
from . import ErrorsNotWritten, ExcelError, gc_paused
from .apply import Applier, Cancelled, Database, ImportOptions
from .error_workbook import (
    draft_error_workbook,
    draft_path,
    errors_path_for,
    is_problem_list,
    publish,
    write_error_workbook,
)
from .grouping import Group, assign_keys, group_rows
from .headers import FieldSpec, questionnaire_labels
from .outcome import ImportResult, Problem
from .reader import HEADER_SCAN_ROWS, Sheet, Table, first_text, locate_table, lock_file_beside, read_workbook
from .repair import Cleaners
from .rows import RowReader, SheetRows


class _DryRun(Exception):
    """Raised at the end of a dry run so the unit of work rolls everything back."""


def import_roster(store: Store, path: str | Path, options: ImportOptions | None = None) -> ImportResult:
    """Import one workbook; refuses (`ExcelError`, nothing changed) a file that is not a usable roster."""
    with gc_paused():
        return _import(store, Path(path), options or ImportOptions())


def _import(store: Store, path: Path, options: ImportOptions) -> ImportResult:
    started = time.perf_counter()
    result = ImportResult(file=path, dry_run=options.dry_run, open_elsewhere=lock_file_beside(path))
    labels = questionnaire_labels(load_active(store))
    reader = RowReader(result, Cleaners(today=date.today()), options.on, path.name)
    errors_path = errors_path_for(path)
    drafted: Future[Path] | None = None
    # Work runs beside the main thread while it waits on something that does not hold the GIL: the workbook is
    # parsed (calamine) while the database is read (on a re-import a county's members take a third as long as the
    # parse); while the database commits, the error workbook is written and what the import built (the sheet's
    # cells, the drafts, the records read) is freed, a second or two of a 200,000-row import otherwise spent
    # after the commit. Refusals keep their order: a file that cannot be imported says so before anything the
    # database might say.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anju-import")
    try:
        reading = pool.submit(read_workbook, path)
        try:
            with store.unit_of_work(options.actor) as uow:
                try:
                    since = journal_head(uow)  # 修改记录 names this file as where its entries came from
                    db = Database(uow, spells=False)
                    _warm_up()
                except Exception:
                    reading.result()
                    raise
                parsed = _parse(path, result, labels, _when_read(reading, options), reader, options)
                applier = _apply(uow, db, parsed, result, reader, options)
                _finish(result, parsed)
                note_import(uow, since, path.name)
                if options.dry_run:
                    if result.problems:
                        with _problem_list(errors_path, imported=False):
                            result.errors_path = write_error_workbook(errors_path, result, parsed)
                    raise _DryRun  # everything rolls back
                if result.problems:  # it takes its name only once the import is in (`publish` below)
                    drafted = pool.submit(draft_error_workbook, errors_path, result, parsed)
                built = [parsed, db, applier, reader, reading]
                del parsed, db, applier, reader, reading
                pool.submit(built.clear)  # the last references: freed on the worker, during the commit
        except _DryRun:
            pass
        except BaseException:
            if drafted is not None:  # the commit failed: the problems listed were never imported
                with contextlib.suppress(Exception):
                    drafted.result()
                draft_path(errors_path).unlink(missing_ok=True)
            raise
    except BaseException:
        # Not waiting for a parse still running (a cancel during it): it ends on its own and its rows are dropped.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    if drafted is not None:
        with _problem_list(errors_path, imported=True):
            result.errors_path = publish(drafted.result(), errors_path)
        if is_problem_list(path) and result.open_elsewhere is None:
            # The clerk imported a list of problems and some rows still need them: each of its rows is in now or
            # in the new list, as the clerk left it. Kept, the lists piled up on the stick (台账.errors.xlsx,
            # 台账.errors.errors.xlsx, …), each with names and ID numbers, and the older never deleted. Not while
            # it is open in Excel: the clerk is still fixing it, and what was read is only what was last saved.
            with contextlib.suppress(OSError):  # open in Excel on Windows: it stays, and nothing says it went
                path.unlink()
                result.problem_list_removed = True
    elif not result.problems:
        if errors_path.exists():
            # An old list of problems from an earlier import of this file would now be misleading.
            with contextlib.suppress(OSError):  # open in Excel on Windows: leave it, it is only a stale list
                errors_path.unlink()
        if not options.dry_run and is_problem_list(path):
            # The clerk fixed a list of problems and imported it, and every row is in: the list (names and ID
            # numbers, often on the stick the roster came on) is needed no more, and left there it only leaks.
            with contextlib.suppress(OSError):  # open in Excel on Windows: it stays, and nothing says it went
                path.unlink()
                result.problem_list_removed = True
    result.seconds = time.perf_counter() - started
    return result


@contextlib.contextmanager
def _problem_list(errors_path: Path, *, imported: bool) -> Iterator[None]:
    """Where the list of problems is written: if the drive refuses it (the old list open in Excel, a full disk),
    no half of it is left, and the clerk is told the import itself is saved (or, checking only, that nothing
    changed) and how to get the list. A traceback after the commit said neither."""
    try:
        yield
    except OSError as exc:
        with contextlib.suppress(OSError):
            draft_path(errors_path).unlink(missing_ok=True)
        raise ErrorsNotWritten(errors_path, exc, dry_run=not imported) from exc


#: How often a cancel is looked for while the workbook is parsed.
CANCEL_POLL_S = 0.1


def _when_read(reading: Future[list[Sheet]], options: ImportOptions) -> list[Sheet]:
    """The parsed workbook. calamine's parse cannot be interrupted, and takes seconds on a big sheet (a quarter
    of a minute for a county's roster on an old laptop): a cancel during it is honoured at once, and the parse,
    left to finish on its own, is dropped."""
    while options.cancelled is not None:
        try:
            return reading.result(timeout=CANCEL_POLL_S)
        except TimeoutError:
            if options.cancelled():
                raise Cancelled from None
    return reading.result()


def _warm_up() -> None:
    """Load what the first new member needs (pypinyin's dictionaries, the ID number tables): a second in a fresh
    process such as ``anju import-roster``'s, spent here while the workbook is still being parsed."""
    born = date(1975, 3, 4)
    number = make_ric("530326", born, 11)
    Member.derive({"name": "张三", "id_type": "居民身份证", "id_number": number, "sex": "男", "birth_date": born})


def _parse(
    path: Path,
    result: ImportResult,
    labels: Mapping[str, FieldSpec],
    sheets: list[Sheet],
    reader: RowReader,
    options: ImportOptions,
) -> list[SheetRows]:
    """Every table's rows as drafts; refuses a workbook with headers but no data rows."""
    tables = _tables(path, result, labels, sheets)
    total = sum(len(table.data_rows) for table in tables)
    parsed: list[SheetRows] = []
    for table in tables:
        before = sum(len(sheet.table.data_rows) for sheet in parsed)

        def checked(done: int, before: int = before) -> None:
            if options.cancelled is not None and options.cancelled():
                raise Cancelled
            if options.checked is not None:
                options.checked(before + done, total)

        parsed.append(reader.read(table, checked))
    result.sheets = [sheet.report for sheet in parsed]
    if not any(sheet.drafts for sheet in parsed):
        where = "、".join(f"“{s.name}”第{s.header_row}行" for s in result.sheets)
        raise ExcelError(
            f"“{path.name}”只有表头，没有数据行（表头在{where}）。未导入任何数据。",
            f"“{path.name}” has headers but no data rows. Nothing was imported.",
        )
    return parsed


def _apply(
    uow: UnitOfWork,
    db: Database,
    parsed: list[SheetRows],
    result: ImportResult,
    reader: RowReader,
    options: ImportOptions,
) -> Applier:
    """Group the rosters' rows into households, match everything with the database, and write what changed."""
    rosters: list[tuple[SheetRows, list[Group]]] = []
    for sheet in parsed:
        if sheet.table.kind == "members":
            headers = _headers(sheet.table)
            assign_keys(sheet, reader, options.site_code)
            rosters.append((sheet, group_rows(sheet, reader, result, headers)))
    total = sum(len(sheet.drafts) for sheet in parsed)
    if options.progress is not None:
        options.progress(0, total)
    with_spells = any(sheet.table.kind == "spells" or any(d.spells for d in sheet.drafts) for sheet in parsed)
    applier = Applier(uow, result, reader, options, spells=with_spells, db=db)
    done = 0
    for sheet, groups in rosters:
        applier.apply_roster(sheet, groups)
        done += len(sheet.drafts)
        if options.progress is not None:
            options.progress(done, total)
    for sheet in parsed:
        if sheet.table.kind == "spells":
            applier.apply_spell_sheet(sheet)
            done += len(sheet.drafts)
            if options.progress is not None:
                options.progress(done, total)
    result.journal_entries = applier.write()
    return applier


def _tables(path: Path, result: ImportResult, labels: Mapping[str, FieldSpec], sheets: list[Sheet]) -> list[Table]:
    if not any(any(v != "" and v is not None for v in line) for sheet in sheets for line in sheet.rows):
        raise ExcelError(
            f"“{path.name}”里没有任何数据（{len(sheets)}张工作表都是空的）。请确认选对了文件。",
            f"“{path.name}” holds no data ({len(sheets)} empty sheets). Check that this is the right file.",
        )
    tables: list[Table] = []
    for sheet in sheets:
        if sheet.hidden:
            result.skipped_sheets.append((sheet.name, "隐藏的工作表 / hidden sheet"))
            continue
        table = locate_table(sheet, labels)
        if table is None or table.kind is None:
            shown = first_text(sheet)
            why = f"前{HEADER_SCAN_ROWS}行里没有“姓名”和“证件号码”表头" + (
                f"（内容是：{shown}）" if shown else "（空白）"
            )
            result.skipped_sheets.append((sheet.name, why))
            continue
        tables.append(table)
    if not tables:
        listed = "；".join(f"工作表“{name}”：{why}" for name, why in result.skipped_sheets)
        raise ExcelError(
            f"“{path.name}”里没有可以导入的花名册。{listed}。需要一张表头含有“姓名”“证件号码”（以及户编号、与户主关系、"
            "劳动技能等）的工作表，表头应在前10行内。请确认选对了文件和工作表。",
            f"“{path.name}” has no roster to import ({'; '.join(n for n, _ in result.skipped_sheets)}). A roster "
            "sheet needs headers such as 姓名 and 证件号码 within its first 10 rows. Check the file.",
        )
    # Rosters first: a 务工监测 sheet in the same workbook refers to the people they bring.
    return sorted(tables, key=lambda t: t.kind != "members")


def _headers(table: Table) -> dict[str, str]:
    """Record column → the header the file uses for it (for messages)."""
    return {c.spec.column or "": c.header for c in table.mapping.columns if c.spec is not None}


def _finish(result: ImportResult, parsed: list[SheetRows]) -> None:
    """Every data row gets an outcome; problems are listed sheet by sheet, row by row, after sheet-level ones."""
    problems: list[Problem] = []
    for sheet in parsed:
        report = sheet.report
        for header in report.unknown:
            problems.append(_column_note(result, sheet, header, unknown=True))
        for header in report.duplicates:
            problems.append(_column_note(result, sheet, header, unknown=False))
    for sheet in parsed:
        for draft in sheet.drafts:
            key = (draft.sheet, draft.row)
            outcome = result.outcomes.setdefault(key, "reported")
            if draft.fatal and outcome != "merged":
                result.outcomes[key] = "reported"
            if outcome != "merged":  # a merged row says what its identical twin already said
                problems.extend(draft.problems)
    result.problems = problems


def _column_note(result: ImportResult, sheet: SheetRows, header: str, *, unknown: bool) -> Problem:
    column = sheet.table.headers.index(header) if header in sheet.table.headers else None
    if unknown:
        zh = f"不认识“{header}”这一列，它的内容没有导入。如果它就是某个字段，请把表头改成标准名称（见导出的表）。"
        en = f"Column “{header}” is not recognised and was not imported. If it is a known field, rename it."
    else:
        zh = f"“{header}”与前面的列是同一项，只导入了前面那一列。"
        en = f"Column “{header}” repeats an earlier column for the same field; only the earlier one was imported."
    return Problem(
        result.file.name,
        sheet.report.name,
        sheet.report.header_row,
        header,
        column,
        "column_unknown" if unknown else "column_duplicate",
        zh,
        en,
        "warning",
    )

"""The store's bulk path: many new rows written with one ``executemany`` through the driver.

Imports, demo data and sync write hundreds of thousands of rows (and as many journal entries) in one
transaction. SQLAlchemy's Core ``insert`` builds a parameter dict for every row and runs every value through its
type's processor; for 250,000 members and their journal entries that costs about as much as SQLite's own work.
On SQLite the rows therefore go to the driver directly, as tuples: the statement is compiled once per table by
SQLAlchemy (so names are quoted as it quotes them), and only the columns whose type has a bind processor (dates,
booleans, JSON) are converted, by that very processor, so the stored values are exactly what Core would store.
Other databases (the county server on PostgreSQL) take the portable Core path with the same values.

`forms.store.UnitOfWork` writes its records and journal entries this way, and sync its history rows; sync's
records, which it holds as JSON values, go through its own codecs (`sync.rows`).

Big inserts (`UnitOfWork.insert_rows` of more rows than one statement takes) go through `BackgroundInserts`: many
rows per ``INSERT … VALUES (…), (…)`` statement, run on a writer thread while the caller builds the next rows.
CPython's sqlite3 lets go of the GIL while SQLite inserts the rows (``sqlite3_step``), so that work, a third of
a 200,000-member import's writing, runs beside the Python that makes the rows. A statement takes a chunk of rows
rather than one row: the writer needs the GIL back after every statement, and waits up to the interpreter's
switch interval (5 ms) for it while the caller runs Python, which per row would leave the writer mostly waiting.

A unit of work that writes in bulk also gives its connection a bigger page cache until it ends
(`BULK_CACHE_KIB`, see `forms.store.UnitOfWork.prepare_bulk`): inserting into the indexes of a big database
touches pages all over the file, and with SQLite's default 2 MB cache most of them are spilled to the WAL and
read back several times before the commit. No setting that durability depends on changes.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from operator import itemgetter
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, StatementError

#: Page cache for a connection that writes in bulk (negative: KiB). Pages are allocated only as they are used.
BULK_CACHE_KIB = 131_072

#: Adapters this module gives sqlite3 for the two common values it binds slowly (`bind_none_and_bool_directly`).
FAST_ADAPTERS: dict[type, Callable[[Any], Any]] = {
    type(None): {}.get,  # a C call that answers None for any value: None stays NULL
    bool: int,  # True and False bind as 1 and 0, as they always have
}


def bind_none_and_bool_directly() -> None:
    """Let sqlite3 bind ``None`` and ``bool`` without searching for an adapter first.

    CPython's sqlite3 binds an exact int, float or str at once, but for anything else, ``None`` included, it first
    builds a key, looks it up among the registered adapters, then asks the value and the protocol for
    ``__adapt__`` and ``__conform__``: about 200 ns each time, ten times the cost of binding an int. A member row
    holds a dozen empty fields: plain sqlite3 spends a seventh of its time writing a 100,000-change sync batch's
    records on that search. With an adapter registered for each, the search ends at the first lookup. The values
    bound are the very same (NULL, 1, 0): the test suite checks it. Process-wide, as sqlite3's adapters are;
    registered when this module is imported."""
    for kind, adapter in FAST_ADAPTERS.items():
        sqlite3.register_adapter(kind, adapter)


bind_none_and_bool_directly()


def is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


@dataclass(frozen=True)
class _Statement:
    """One table's INSERT as the SQLite driver takes it, and the conversions its values need."""

    sql: str
    #: (position, processor) for columns whose type converts values on the way in
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]
    #: positions whose processor leaves None as None (None is then passed without a call)
    none_safe: frozenset[int]
    #: position → the one class of value the driver takes as the processor would give it (`_as_driver_takes`)
    fast: dict[int, tuple[type, Callable[[Any], Any]]]


#: Statements made so far, per table, columns and kind of database (a handful: bounded by the schema).
_STATEMENTS: dict[tuple[Table, tuple[str, ...], type[Dialect]], _Statement] = {}


def _statement(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Statement:
    key = (table, columns, type(dialect))
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = _make_statement(table, columns, dialect)
    return statement


def _make_statement(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Statement:
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    if tuple(compiled.positiontup or ()) != columns:
        # The statement names the columns in the table's order (and adds any with a default not given).
        raise ValueError(f"{table.name}: give the columns {compiled.positiontup} in this order, not {columns}")
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    none_safe: set[int] = set()
    fast: dict[int, tuple[type, Callable[[Any], Any]]] = {}
    for i, name in enumerate(columns):
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors.append((i, processor))
            if processor(None) is None:
                none_safe.add(i)
            shortcut = _as_driver_takes(processor)
            if shortcut is not None:
                fast[i] = shortcut
    return _Statement(str(compiled), tuple(processors), frozenset(none_safe), fast)


def _as_driver_takes(processor: Callable[[Any], Any]) -> tuple[type, Callable[[Any], Any]] | None:
    """A quicker way to the value ``processor`` gives, for the one class of value each common column type holds:
    a ``date`` is spelled by ``date.isoformat`` and a ``bool`` made an ``int`` by ``int`` (C calls), exactly as
    SQLite's DATE and SQLAlchemy's Boolean processors give them. (A bool made an int here binds directly; one
    passed as it is would bind the same 1 or 0 through `FAST_ADAPTERS`, a lookup and a call later.) ``None`` (no
    shortcut) unless the processor is seen to give the very same values."""
    samples: list[tuple[type, Callable[[Any], Any], list[Any]]] = [
        (date, date.isoformat, [date(1949, 12, 31), date(2026, 1, 2), date(5, 6, 7)]),
        (bool, int, [True, False]),
    ]
    for kind, shortcut, values in samples:
        try:
            given = [processor(v) for v in values]
        except Exception:  # not a processor for this kind of value
            continue
        taken = [shortcut(v) for v in values]
        if given == taken and all(type(g) is type(t) for g, t in zip(given, taken, strict=True)):
            return kind, shortcut
    return None


def table_columns(table: Table) -> tuple[str, ...]:
    """Every column of ``table``, in the order `insert_tuples` wants them."""
    return tuple(c.key for c in table.columns)


def insert_tuples(conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (Python values, one tuple per row, in ``columns`` order) into ``table``.

    ``columns`` must be in the table's own order (`table_columns` gives all of them).
    """
    if not rows:
        return
    if not is_sqlite(conn):
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    statement = _statement(table, columns, conn.dialect)
    params = [_convert(row, statement) for row in rows] if statement.processors else list(rows)
    conn.exec_driver_sql(statement.sql, params)


def _convert(row: Sequence[Any], statement: _Statement) -> tuple[Any, ...]:
    values = list(row)
    none_safe, fast = statement.none_safe, statement.fast
    for i, processor in statement.processors:
        value = values[i]
        if value is None:
            if i not in none_safe:
                values[i] = processor(value)
            continue
        shortcut = fast.get(i)
        if shortcut is not None and value.__class__ is shortcut[0]:
            values[i] = shortcut[1](value)
        else:
            values[i] = processor(value)
    return tuple(values)


def row_getter(columns: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function taking a mapping to the tuple of its values for ``columns`` (in that order)."""
    if len(columns) == 1:
        (column,) = columns
        return lambda mapping: (mapping[column],)
    return itemgetter(*columns)


#: Rows per multi-row INSERT at most (fewer when the columns times this exceed SQLite's limit on parameters).
#: Bigger statements make the writer wait for the GIL less often, but each stays prepared in its connection's
#: statement cache (several MB for a member statement of 2,000 rows: one per table, since only whole chunks are
#: sent this way).
ROWS_PER_STATEMENT = 2000
#: Fewer rows per statement (an SQLite before 3.32 takes 999 parameters, 31 members) and the writer would wait for
#: the GIL more than it writes: such a connection inserts in the caller.
MIN_ROWS_PER_STATEMENT = 100
#: Statements waiting for the writer at most (bounds the memory a fast caller ties up).
QUEUED_STATEMENTS = 4
_VALUES_SQL: dict[tuple[str, int], str] = {}


def rows_per_statement(conn: Connection, width: int) -> int:
    """How many rows of ``width`` columns one INSERT statement takes on this connection."""
    return _rows_per_statement(_variable_limit(conn), width)


def _variable_limit(conn: Connection) -> int:
    driver = conn.connection.driver_connection if is_sqlite(conn) else None
    if isinstance(driver, sqlite3.Connection):
        return driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 999  # SQLite's limit before 3.32, the least a build can have


def _rows_per_statement(limit: int, width: int) -> int:
    return max(1, min(ROWS_PER_STATEMENT, limit // max(1, width)))


def _values_sql(sql: str, rows: int) -> str:
    """``INSERT … VALUES (?, ?)`` for ``rows`` rows at once."""
    key = (sql, rows)
    text = _VALUES_SQL.get(key)
    if text is None:
        head, values = sql.split(" VALUES ", 1)
        text = _VALUES_SQL[key] = f"{head} VALUES {', '.join([values] * rows)}"
        if len(_VALUES_SQL) > 16:  # a statement per table (and size): drop the oldest
            del _VALUES_SQL[next(iter(_VALUES_SQL))]
    return text


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system says, else every core): with one, a
    second thread only adds switching to the same work."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class _Job:
    """One statement for the writer: ``rows`` rows in one multi-row INSERT (``params`` flat), or row by row."""

    sql: str
    params: tuple[Any, ...] | list[tuple[Any, ...]]
    rows: int
    one_row_sql: str

    def run(self, cursor: sqlite3.Cursor) -> None:
        if isinstance(self.params, list):
            cursor.executemany(self.sql, self.params)
        else:
            cursor.execute(self.sql, self.params)

    def failure(self, exc: sqlite3.Error, dialect: Dialect) -> StatementError:
        """The error as SQLAlchemy raises the driver's, naming the one-row statement and the first row."""
        first = self.params[0] if isinstance(self.params, list) else self.params[: len(self.params) // self.rows]
        where = f"{self.one_row_sql} ({self.rows} rows, inserted on the bulk writer thread)"
        return DBAPIError.instance(where, first, exc, sqlite3.Error, dialect=dialect)


class BackgroundInserts:
    """Chunks of rows inserted in the order given, on a writer thread, while the caller builds the next chunks.

    A chunk of ``rows_per_statement`` rows (what `rows_per_statement` gives for the widest table inserted) is
    one statement; the writer takes any other as it comes, row by row, so only a caller's last chunk should be
    shorter.

    The writer uses the caller's connection, so the caller must not use that connection (nor a session on it)
    from the first `insert` until the block ends; leaving the block waits for the writer. On a clean exit a
    failure of the writer (a constraint, a full disk) is raised in the caller, as SQLAlchemy raises the driver's
    errors; on an exception the writer skips what is still queued and the block waits for the statement it is
    in, so the caller's rollback never runs beside it. Either way some chunks may already be written: the
    transaction around the block (the unit of work) is what makes the whole write all or nothing.

    Other databases than SQLite, ``background=False``, a process with one core and statements of fewer than
    `MIN_ROWS_PER_STATEMENT` rows insert each chunk at once, in the caller.
    """

    def __init__(self, conn: Connection, rows_per_statement: int, *, background: bool = True) -> None:
        self._conn = conn
        self._limit = _variable_limit(conn)
        self._rows = rows_per_statement
        # Unbounded, so that closing never waits to queue its end mark; the semaphore bounds the statements queued.
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._room = threading.BoundedSemaphore(QUEUED_STATEMENTS)
        self._failure: BaseException | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None
        driver = conn.connection.driver_connection if is_sqlite(conn) else None
        useful = rows_per_statement >= MIN_ROWS_PER_STATEMENT and usable_cores() > 1
        if background and useful and isinstance(driver, sqlite3.Connection):
            self._driver = driver
            self._thread = threading.Thread(target=self._write, name="anju-bulk-writer", daemon=True)
            self._thread.start()

    def __enter__(self) -> BackgroundInserts:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(failed=exc_type is not None)

    def insert(self, table: Table, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> None:
        """Queue ``rows`` (as `insert_tuples` takes them) to be inserted after everything queued before."""
        if not rows:
            return
        if self._thread is None:
            insert_tuples(self._conn, table, columns, rows)
            return
        self._raise_failure()  # stop building rows as soon as the writer has failed
        statement = _statement(table, columns, self._conn.dialect)
        params = [_convert(row, statement) for row in rows] if statement.processors else list(map(tuple, rows))
        # Only whole chunks go as one statement (a statement of a new size would be prepared, and kept, anew); the
        # caller's last, shorter chunk goes row by row, while the caller waits for the writer.
        if len(rows) == self._rows and self._rows * len(columns) <= self._limit:
            job = _Job(
                _values_sql(statement.sql, len(rows)), tuple(chain.from_iterable(params)), len(rows), statement.sql
            )
        else:
            job = _Job(statement.sql, params, len(rows), statement.sql)
        self._room.acquire()
        self._queue.put(job)

    def close(self, *, failed: bool = False) -> None:
        """Wait for the writer; unless ``failed`` (the caller is raising), raise what stopped the writer."""
        thread, self._thread = self._thread, None
        if thread is not None:
            if failed:
                self._stopping = True
            self._queue.put(None)
            try:
                thread.join()
            except BaseException:  # interrupted (Ctrl+C): nothing may use the connection before the writer is done
                self._stopping = True
                thread.join()
                raise
        if not failed:
            self._raise_failure()

    def _raise_failure(self) -> None:
        failure, self._failure = self._failure, None
        if failure is not None:
            self._stopping = True
            raise failure

    def _write(self) -> None:
        # Straight to the driver: the writer must hold the GIL as little as it can (see the module's docstring),
        # and a statement through SQLAlchemy runs a few hundred lines of Python, each a chance to lose the GIL
        # and wait a switch interval for it again. Every job is taken off the queue, whatever happens, so the
        # caller never waits on a full queue.
        cursor: sqlite3.Cursor | None = None
        while (job := self._queue.get()) is not None:
            try:
                if self._stopping or self._failure is not None:
                    continue  # drained, not written: the caller is giving up
                cursor = cursor or self._driver.cursor()
                job.run(cursor)
            except sqlite3.Error as exc:
                self._failure = exc
                with contextlib.suppress(Exception):
                    self._failure = job.failure(exc, self._conn.dialect)
            except BaseException as exc:  # handed to the caller, which raises it
                self._failure = exc
            finally:
                self._room.release()
        if cursor is not None:
            with contextlib.suppress(sqlite3.Error):
                cursor.close()

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

A unit of work that writes in bulk also gives its connection a bigger page cache until it ends
(`BULK_CACHE_KIB`, see `forms.store.UnitOfWork.prepare_bulk`): inserting into the indexes of a big database
touches pages all over the file, and with SQLite's default 2 MB cache most of them are spilled to the WAL and
read back several times before the commit. No setting that durability depends on changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect

#: Page cache for a connection that writes in bulk (negative: KiB). Pages are allocated only as they are used.
BULK_CACHE_KIB = 131_072


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
    for i, name in enumerate(columns):
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors.append((i, processor))
            if processor(None) is None:
                none_safe.add(i)
    return _Statement(str(compiled), tuple(processors), frozenset(none_safe))


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
    none_safe = statement.none_safe
    for i, processor in statement.processors:
        value = values[i]
        if value is not None or i not in none_safe:
            values[i] = processor(value)
    return tuple(values)


def row_getter(columns: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function taking a mapping to the tuple of its values for ``columns`` (in that order)."""
    if len(columns) == 1:
        (column,) = columns
        return lambda mapping: (mapping[column],)
    return itemgetter(*columns)

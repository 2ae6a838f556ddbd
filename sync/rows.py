"""Synced records as plain rows: read and written in bulk, compared as JSON values.

Sync compares a record's stored values with the values in a journal entry, which are JSON (dates as ISO text,
see `forms.journal.to_json_value`). So rows here are dicts of JSON values, every column included; they are
turned back into stored values only when written.

An import may touch 100,000 records, so on SQLite rows go to and from the driver directly (``executemany``
with positional parameters): SQLite stores dates as the same ISO text and booleans as 0/1, so the only
conversions are booleans on the way in and JSON columns both ways. Other databases (the county server on
PostgreSQL) take the portable SQLAlchemy Core path with typed values; both paths give the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    Integer,
    Select,
    String,
    Table,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.types import TypeEngine

from forms.bulk import is_sqlite
from forms.collector import paused
from forms.journal import is_iso_date, to_json_value
from forms.records import MODEL_BY_TABLE, SYNCED_MODELS, Synced

Row = dict[str, Any]
CHUNK = 500  # ids per IN (...) query: well under SQLite's variable limit

#: The column that says where a record belongs (its parent): moving it moves the record.
PARENT_FIELD = {
    "households": "site_id",
    "members": "household_id",
    "employments": "member_id",
    "visits": "household_id",
    "measures": "household_id",
    "reviews": "household_id",
}
TABLE_ORDER = tuple(m.__tablename__ for m in SYNCED_MODELS)  # parents first


class Codec:
    """What one synced table needs to go between stored values and JSON values."""

    def __init__(self, model: type[Synced]) -> None:
        self.model = model
        self.table: Table = model.__table__  # type: ignore[assignment]
        self.columns = [c.key for c in self.table.columns]
        self.content = frozenset(k for k in self.columns if k not in model.SYNC_FIELDS)
        #: content fields a change may set (derived fields are recomputed, never taken from a change)
        self.editable = frozenset(self.content - model.DERIVED_FIELDS)
        #: content that goes with a tombstone (`Synced.TOMBSTONE_FIELDS`): cleared when the record comes back
        self.tombstone = frozenset(model.TOMBSTONE_FIELDS & self.editable)
        self.dates = frozenset(c.key for c in self.table.columns if isinstance(c.type, Date))
        self.booleans = [i for i, c in enumerate(self.table.columns) if isinstance(c.type, Boolean)]
        self.jsons = [i for i, c in enumerate(self.table.columns) if isinstance(c.type, JSON)]
        self.json_fields = frozenset(self.columns[i] for i in self.jsons)
        #: the JSON types a change may give each editable field: those the station program writes, no other
        self.kinds = {c.key: frozenset(_json_kinds(c.type)) for c in self.table.columns if c.key in self.editable}
        self.defaults: Row = {}
        for column in self.table.columns:
            default = column.default
            if isinstance(default, ScalarElementColumnDefault) and column.key in self.content:
                self.defaults[column.key] = default.arg
        self._blank: Row = dict.fromkeys(self.columns)
        self._blank.update(self.defaults)
        names = ", ".join(self.columns)
        self._select = f"SELECT {names} FROM {self.table.name} WHERE id IN "
        self._insert = f"INSERT INTO {self.table.name} ({names}) VALUES "
        others = [c for c in self.columns if c != "id"]
        self._update = f"UPDATE {self.table.name} SET {', '.join(f'{c} = ?' for c in others)} WHERE id = ?"
        self._id_last = [self.columns.index(c) for c in others] + [self.columns.index("id")]
        self._values = itemgetter(*self.columns)

    # ---- values ---------------------------------------------------------------------------------------------

    def from_db(self, mapping: Mapping[Any, Any]) -> Row:
        """A row read through SQLAlchemy (typed values) as JSON values."""
        return {k: to_json_value(v) for k, v in mapping.items()}

    def from_driver(self, values: Sequence[Any]) -> Row:
        """A row read from the SQLite driver (text dates, 0/1 booleans, JSON text) as JSON values."""
        row = list(values)
        for i in self.booleans:
            if row[i] is not None:
                row[i] = bool(row[i])
        for i in self.jsons:
            if row[i] is not None:
                row[i] = json.loads(row[i])
        return dict(zip(self.columns, row, strict=True))

    def to_driver(self, row: Row) -> tuple[Any, ...]:
        values: tuple[Any, ...] = self._values(row)
        if any(values[i] is not None for i in self.jsons):
            listed = list(values)
            for i in self.jsons:
                if listed[i] is not None:
                    listed[i] = json.dumps(listed[i], ensure_ascii=False)
            values = tuple(listed)
        return values

    def to_db(self, row: Mapping[str, Any]) -> Row:
        values = dict(row)
        for key in self.dates:
            value = values.get(key)
            if isinstance(value, str):
                values[key] = date.fromisoformat(value)
        return values

    def blank(self, record_id: str) -> Row:
        """A row with every column empty except the scalar defaults (a record seen for the first time)."""
        row = self._blank.copy()
        row["id"] = record_id
        return row

    def misfit(self, fields: Mapping[str, Any]) -> str | None:
        """The first field of a change that the station program could not have written — not an [old, new] pair,
        a value of another type than its column's, a date not spelled YYYY-MM-DD — or None. Fields this program does
        not know are not judged: a newer questionnaire's stay in the history, unapplied."""
        kinds, dates = self.kinds, self.dates
        for key, pair in fields.items():
            allowed = kinds.get(key)
            if allowed is None:
                continue
            if type(pair) is not list or len(pair) != 2:
                return key
            old, new = pair
            if (new is not None and type(new) not in allowed) or (old is not None and type(old) not in allowed):
                return key
            if key in dates and not all(value is None or is_iso_date(value) for value in pair):
                return key
        return None

    def derive(self, row: Row) -> None:
        """Recompute the derived fields (pinyin initials …) from the content, in place."""
        if self.model.DERIVED_FIELDS:
            for key, value in self.model.derive(row).items():
                row[key] = to_json_value(value)


def _json_kinds(column_type: TypeEngine[Any]) -> tuple[type, ...]:
    """The JSON types `forms.journal.to_json_value` gives a column of this type (dates as ISO text)."""
    if isinstance(column_type, Boolean):
        return (bool,)
    if isinstance(column_type, Integer):
        return (int,)
    if isinstance(column_type, String | Date):  # Text is a String
        return (str,)
    return (str, int, float, bool, list, dict)  # JSON, and anything else: any JSON value


CODECS: dict[str, Codec] = {table: Codec(model) for table, model in MODEL_BY_TABLE.items()}


#: Pause the cyclic garbage collector while a batch is read or applied (`forms.collector`): sync builds hundreds of
#: thousands of small dicts and lists that form no cycles.
bulk = paused


def _fast(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def load(conn: Connection, table: str, ids: Iterable[str]) -> dict[str, Row]:
    """The stored rows of these ids (missing ids are simply absent)."""
    codec = CODECS[table]
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Row] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        if _fast(conn):
            sql = codec._select + f"({', '.join('?' * len(chunk))})"
            for values in conn.exec_driver_sql(sql, tuple(chunk)):
                row = codec.from_driver(values)
                found[row["id"]] = row
        else:
            for mapping in conn.execute(select(codec.table).where(codec.table.c.id.in_(chunk))).mappings():
                row = codec.from_db(mapping)
                found[row["id"]] = row
    return found


def select_rows(conn: Connection, table: str, query: Select[Any]) -> list[Row]:
    """The rows a ``select(table)…`` query finds, as JSON values."""
    codec = CODECS[table]
    if _fast(conn):
        # Compiled with its (few, simple) parameters inline, so the driver's rows come back unconverted.
        sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        return [codec.from_driver(values) for values in conn.exec_driver_sql(sql)]
    return [codec.from_db(mapping) for mapping in conn.execute(query).mappings()]


def insert_rows(conn: Connection, table: str, rows: Sequence[Row]) -> None:
    if not rows:
        return
    codec = CODECS[table]
    if _fast(conn):
        marks = f"({', '.join('?' * len(codec.columns))})"
        conn.exec_driver_sql(codec._insert + marks, [codec.to_driver(r) for r in rows])
    else:
        conn.execute(insert(codec.table), [codec.to_db(r) for r in rows])


def update_rows(conn: Connection, table: str, rows: Sequence[Row]) -> None:
    """Replace every column of existing rows (matched by id)."""
    if not rows:
        return
    codec = CODECS[table]
    if _fast(conn):
        order = codec._id_last
        params = []
        for row in rows:
            values = codec.to_driver(row)
            params.append(tuple(values[i] for i in order))
        conn.exec_driver_sql(codec._update, params)
        return
    typed = []
    for row in rows:
        stored = codec.to_db(row)
        stored["_id"] = stored.pop("id")
        typed.append(stored)
    conn.execute(update(codec.table).where(codec.table.c.id == bindparam("_id")), typed)


def set_revs(conn: Connection, table: str, revs: Sequence[tuple[str, int]]) -> None:
    """Bookkeeping only: give records new revisions without touching their content."""
    if not revs:
        return
    codec = CODECS[table]
    if is_sqlite(conn):
        # Straight to the driver: a county's roster import stamps every member it wrote, and building SQLAlchemy's
        # parameter dicts for 80,000 of them took longer than SQLite's own updates.
        sql = f'UPDATE "{codec.table.name}" SET rev = ? WHERE id = ?'
        conn.exec_driver_sql(sql, [(rev, record_id) for record_id, rev in revs])
        return
    conn.execute(
        update(codec.table).where(codec.table.c.id == bindparam("_id")).values(rev=bindparam("_rev")),
        [{"_id": record_id, "_rev": rev} for record_id, rev in revs],
    )

"""The records a big batch's inserts make, made apart in the second process (`sync.batch_check`) and handed to the
county as one SQLite database image, which it inserts from with ``INSERT … SELECT``.

Most of a big batch is inserts of records the county has never seen (`sync.merge.new_record`: no merge to make).
Such a record depends on the batch alone, except for its revision. Making it means its derived fields (pinyin
initials, the ID verdict) and the stored form of every value, and writing 100,000 of them through the driver,
value by value, takes about a second. So the second process makes them while the county merges, into an
in-memory database it serialises (`image_of_inserts`). The county attaches that image to its own connection and
copies the records it took whole, and the history rows of their inserts, in two statements per table, inside
SQLite (`insert_from_image`): the values are never bound one by one again.

The image goes from one process to the other as a file in the temporary folder (readable by this user alone,
deleted as soon as it is read or not wanted; one left by an import that was killed is deleted by a later big
import, `sync.batch_check.STALE_IMAGE_SECONDS`). Returned through the pipe of the process pool, its 30 MB would
be read 64 KB at a time by a thread of the merging process, each read waiting for the interpreter lock while the
merge runs, and the second process could do nothing else until every read was done.

The image holds one row per insert in the batch, keyed by the insert's seq, with the record as `new_record` makes
it and `sync.rows.Codec.to_driver` stores it. Which of them the county takes whole, and under which revision, only
it knows: a record the county already holds is merged instead, a later change in the same batch is merged
against it, a change already received is skipped, and each record gets the next county revision and the next
journal entry. So the county deletes the rows it does not take and copies the others under their revision and
entry: their seq plus an offset the merge found, which changes only after a change that wrote or journaled
nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from .batch import Change
from .merge import new_record
from .rows import CODECS, TABLE_ORDER

#: The schema the image is attached as, on a unit of work's connection (`forms.store.UnitOfWork.attach_scratch`).
SCHEMA = "sync_new_records"
#: The image's own columns, before the record's: the seq of the insert that makes the row (its rowid), and the
#: insert's base revision and hash, for its history row.
SEQ, BASE_REV, HASH = "change_seq", "change_base_rev", "change_hash"


def image_of_inserts(changes: Sequence[Change], parsed: Sequence[dict[str, Any]], sender: str) -> bytes:
    """An SQLite database image with, for every insert into a synced table (``parsed``: each change's fields), the
    record it makes as a new record from station ``sender`` (derived fields made, values as stored), in a table
    of the same name after the insert's seq, base revision and hash (the record's revision is left 0: the county
    gives each record its own as it copies it)."""
    made: dict[str, list[tuple[Any, ...]]] = {}
    for change, fields in zip(changes, parsed, strict=True):
        codec = CODECS.get(change.record_table)
        if change.op == "insert" and codec is not None:
            row, _changed = new_record(codec, change, fields, rev=0, sender=sender)
            made.setdefault(change.record_table, []).append(
                (change.seq, change.base_rev, change.hash, *codec.to_driver(row))
            )
    return _image(made)


def _image(made: Mapping[str, list[tuple[Any, ...]]]) -> bytes:
    conn = sqlite3.connect(":memory:")
    try:
        for table, rows in made.items():
            columns = [BASE_REV, HASH, *CODECS[table].columns]
            # No types and no constraints: values keep the form they were given, and the county's own table
            # applies its affinities and constraints when it copies them, as it would to values bound directly.
            conn.execute(f"CREATE TABLE {table} ({SEQ} INTEGER PRIMARY KEY, {', '.join(columns)})")
            conn.executemany(f"INSERT INTO {table} VALUES (?, {', '.join('?' * len(columns))})", rows)
        conn.execute("CREATE TABLE made (done INTEGER)")  # an image is never empty (SQLite serialises no empty one)
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


class UnusableImage(Exception):
    """The image cannot be read, or lacks records it should hold: nothing was written from it."""


def insert_from_image(
    conn: Connection,
    driver: sqlite3.Connection,
    image: bytes,
    taken: Mapping[str, Mapping[int, tuple[int, int]]],
    received: tuple[str, int, str],
) -> None:
    """Insert, through ``conn`` (whose driver connection is ``driver``, with `SCHEMA` attached), the records
    ``taken`` names — table → {seq of the insert: (revision, seq of its journal entry)} — from ``image``, with
    their inserts' history rows (``received``: the station, the batch number and when; each insert was journaled
    in its own text, so its row holds none and names the entry); every other row of the image is left out.
    Raises UnusableImage, before anything is inserted, if the image cannot be read or lacks one of them; a row
    the database refuses raises as SQLAlchemy raises the driver's errors (the caller's transaction then rolls
    back whole)."""
    unwanted: dict[str, list[tuple[int]]] = {}
    try:
        driver.deserialize(image, name=SCHEMA)
        listed = driver.execute(f"SELECT name FROM {SCHEMA}.sqlite_master WHERE type = 'table'")
        present = {name for (name,) in listed}
        for table, wanted in taken.items():  # all of it checked before anything is written
            if not wanted:
                continue
            found = [s for (s,) in driver.execute(f"SELECT {SEQ} FROM {SCHEMA}.{table}")] if table in present else []
            if not wanted.keys() <= set(found):
                raise UnusableImage(f"the image lacks records of {table}")
            unwanted[table] = [(s,) for s in found if s not in wanted]
    except sqlite3.Error as exc:
        _clear(driver)
        raise UnusableImage(str(exc)) from exc
    except UnusableImage:
        _clear(driver)
        raise
    station, batch_no, received_at = received
    for table in TABLE_ORDER:
        if table not in unwanted:
            continue
        source = f"{SCHEMA}.{table}"
        driver.executemany(f"DELETE FROM {source} WHERE {SEQ} = ?", unwanted[table])
        runs = _runs(taken[table])
        columns = CODECS[table].columns
        values = ", ".join(f"{SEQ} + ?1" if c == "rev" else c for c in columns)
        copy = f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {values} FROM {source}"
        conn.exec_driver_sql(f"{copy} WHERE {SEQ} BETWEEN ?3 AND ?4", runs)
        # The history row `sync.county_apply.Applier` would make (see HISTORY_COLUMNS there): the change's time and
        # author are the record's updated_at and updated_by, as `new_record` sets them.
        history = (
            "INSERT INTO main.sync_history (station_id, seq, batch_no, record_table, record_id, op, base_rev, at, "
            "actor, changes, hash, rev, outcome, received_at, journal_seq) "
            f"SELECT ?5, {SEQ}, ?6, '{table}', id, 'insert', {BASE_REV}, updated_at, updated_by, NULL, {HASH}, "
            f"{SEQ} + ?1, 'applied', ?7, {SEQ} + ?2 FROM {source} WHERE {SEQ} BETWEEN ?3 AND ?4"
        )
        conn.exec_driver_sql(history, [(*run, station, batch_no, received_at) for run in runs])


def _clear(driver: sqlite3.Connection) -> None:
    """An empty image in place of one that cannot be used: left attached, a schema SQLite cannot read would fail
    every later statement of the connection, whatever schema it names."""
    driver.deserialize(_image({}), name=SCHEMA)


def _runs(taken: Mapping[int, tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(revision offset, journal offset, first seq, last seq) for each run of seqs whose revision is seq plus the
    one and whose journal entry is seq plus the other, in seq order."""
    runs: list[tuple[int, int, int, int]] = []
    for seq in sorted(taken):
        rev, entry = taken[seq]
        offsets = (rev - seq, entry - seq)
        if runs and runs[-1][:2] == offsets:
            runs[-1] = (*offsets, runs[-1][2], seq)
        else:
            runs.append((*offsets, seq, seq))
    return runs

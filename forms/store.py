"""The record store: one SQLite file (or, for the county server, a PostgreSQL database), opened safely, and the
one unit-of-work API every writer uses.

SQLite settings, and why:
- ``journal_mode=WAL``: readers (the UI) never wait for the writer (a save, an import, a sync).
- ``synchronous=FULL``: every commit is on the disk before the save returns. NORMAL is safe against corruption
  in WAL mode but can lose the last commits on a power cut, and station laptops run on old batteries; a save
  the worker saw succeed must survive. The cost is one extra fsync per commit, invisible at typing speed, and
  bulk writes (imports, demo data) commit in large transactions so they pay it rarely.
- ``foreign_keys=ON``: a member can never point at a household that is not there.
- write transactions start with ``BEGIN IMMEDIATE``, so two writers queue on ``busy_timeout`` instead of failing
  half-way, and the journal head read at the start of a write cannot move before its commit.

The county server may keep its database on PostgreSQL instead (``Store.open("postgresql://…")``), through the
same SQLAlchemy code. There a write transaction first takes a transaction-level advisory lock
(``pg_advisory_xact_lock``): writers queue exactly as ``BEGIN IMMEDIATE`` makes them queue on SQLite, which the
journal (its gap-free ``seq`` read at the start of a write) and the county's revision counter rely on. Under
PostgreSQL's default READ COMMITTED each statement then sees everything committed before the lock was granted.

Every change to a synced record goes through `UnitOfWork`, which writes the change journal (audit log and sync
outbox, DESIGN.md §3) in the same transaction: ORM changes are journaled in a ``before_flush`` hook, and bulk
inserts (imports, demo data) through `UnitOfWork.insert_rows`, which journals each row the same way. A unit that
journaled changes then runs the commit hooks (`run_before_every_commit`) on its connection, just before COMMIT: the
layers above forms keep their bookkeeping of the journal in the same transaction (sync: the county's own changes get
their revisions), whatever path wrote them, and forms knows nothing of what the hooks do.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import URL, Connection, Engine, Table, create_engine, delete, event, insert, make_url, select
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.base import instance_state

from .bulk import (
    BULK_CACHE_KIB,
    BackgroundInserts,
    insert_tuples,
    is_sqlite,
    row_getter,
    rows_per_statement,
    table_columns,
)
from .errors import MAKE_THE_FOLDER, DiskRefused, StoreError
from .journal import JOURNAL_COLUMNS, ChainReport, JournalWriter, to_json_value, utc_now, verify_chain
from .read_only_open import IMMUTABLE_OPTION, read_immutable
from .records import JournalEntry, Setting, Synced, new_id
from .schema import (
    HEAD_REVISION,
    busy_error,
    cannot_write_beside,
    check_supported,
    disk_refused,
    is_busy,
    read_revision,
    read_revision_of,
    stamp_program_version,
    upgrade,
)
from .sqlite_paths import read_only_uri

BUSY_TIMEOUT_MS = 15_000
_JOURNAL: Table = JournalEntry.__table__  # type: ignore[assignment]
T = TypeVar("T", bound=Synced)
#: The advisory lock that serialises writers on PostgreSQL (any fixed number; "ANJU" in ASCII).
PG_WRITE_LOCK = 0x414E4A55
#: Held (session-level) while a PostgreSQL database is migrated, so two servers starting at once migrate once.
PG_MIGRATE_LOCK = PG_WRITE_LOCK + 1
SERVER_DIALECTS = ("postgresql",)
#: A commit hook: called with a unit of work's connection, inside its transaction, after its last flush.
CommitHook = Callable[[Connection], object]
_COMMIT_HOOKS: list[CommitHook] = []


def run_before_every_commit(hook: CommitHook) -> None:
    """Have every unit of work that journaled changes, on any store of this program, call ``hook`` on its connection
    just before it commits, in the same transaction: what it writes commits with the changes, and what it raises
    rolls them back. Registered once by a layer above forms (sync, as it is imported: `sync`); a hook decides
    cheaply, on the connection, whether the database is any of its business."""
    if hook not in _COMMIT_HOOKS:
        _COMMIT_HOOKS.append(hook)


def is_database_url(target: str | Path) -> bool:
    """Whether ``--db`` names a database by URL (``postgresql://…``, ``sqlite:///…``) rather than a file."""
    return isinstance(target, str) and "://" in target


def make_engine(path: Path, *, foreign_keys: bool = True, query_only: bool = False, immutable: bool = False) -> Engine:
    """An engine for one database file with the pragmas above on every connection. ``query_only``: no connection
    may write (a command that only reads). ``immutable``: the file is read as one nothing can change, making
    nothing beside it (a read-only folder or CD, `forms.read_only_open`); query-only too."""
    # hide_parameters: a failed statement's message (a traceback, the editor's status line) leaves out its values,
    # which are people's names and ID numbers. The URL is made from the path as it is: "sqlite:///" + path would be
    # parsed, and a folder named 百分%41 (or a?b, on Linux) would be another file (`forms.sqlite_paths`).
    url = URL.create("sqlite", database=str(path))
    if immutable:
        uri = read_only_uri(path, immutable=True)  # escaped as the path is given (`forms.sqlite_paths`)
        engine = create_engine(
            url,
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            hide_parameters=True,
            execution_options={IMMUTABLE_OPTION: True},  # `forms.read_only_open.is_immutable`
        )
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how a transaction starts (pysqlite's own BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not immutable:  # an immutable file has no log to keep, and may not be written
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if query_only or immutable:
            cursor.execute("PRAGMA query_only = 1")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if not conn.get_execution_options().get("write"):
            conn.exec_driver_sql("BEGIN")
            return
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except DBAPIError as exc:
            if not is_busy(exc):
                raise
            raise busy_error(path) from exc  # another program held the write lock past the wait: nothing written

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        # Raised here it takes the place of SQLAlchemy's error, after the transaction is cleaned up.
        if (refused := disk_refused(path, context.original_exception)) is not None:
            raise refused from context.sqlalchemy_exception or context.original_exception

    return engine


def make_server_engine(url: URL) -> Engine:
    """An engine for a database server (PostgreSQL), whose write transactions queue on one advisory lock."""
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 (the server extra), not SQLAlchemy's psycopg2
    # pre-ping: the county server keeps connections for days, across database restarts.
    # hide_parameters: the server logs a failed statement's message; its values are people's names and ID numbers.
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

    return engine


def _server_url(text: str) -> URL:
    try:
        url = make_url(text)
    except ArgumentError:
        url = None
    if url is None or url.get_backend_name() not in (*SERVER_DIALECTS, "sqlite"):
        raise StoreError(
            f"无法识别数据库地址“{text}”。请给出数据库文件路径，或 postgresql://用户:密码@主机:端口/数据库名。",
            f"Cannot use the database address “{text}”. Give a database file path, or "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE.",
        )
    return url


class Store:
    """An open Anju database: a file, or (the county server) a database on a PostgreSQL server."""

    def __init__(self, path: Path, engine: Engine, *, location: str | None = None) -> None:
        #: The file; for a server database, its name (what messages call it).
        self.path = path
        self.engine = engine
        #: Where the database is, for people: the file path, or the server URL without its password.
        self.location = location or str(path)

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = True, backup_dir: Path | None = None, read_only: bool = False
    ) -> Store:
        """Open (or create) a database, upgrading an older schema after copying the file.

        A newer schema, a file that is not an Anju database, or with ``create=False`` a missing file or an empty one
        (0 bytes, or an SQLite file without Anju's tables) raise StoreError with a message for the user; the file
        is left untouched.

        ``path`` may also be a URL: ``sqlite:///FILE`` is that file, opened as above; ``postgresql://…`` is a
        database on a PostgreSQL server (the county server), migrated in place (each step in its own
        transaction; back it up with pg_dump before upgrading Anju). ``create=False`` there refuses an empty
        database.

        ``read_only``: for a command that only reads (`forms.read_only_open`). The file is never created (as with
        ``create=False``) nor written; one that nothing here can write (a CD, a read-only folder or file) is read
        as the file holds it, with nothing left beside it, and refused when changes it would miss wait in a
        ``-wal`` beside it, or when it is older and would need upgrading. A server database opens as usual.
        """
        create = create and not read_only
        if is_database_url(path):
            url = _server_url(str(path))
            if url.get_backend_name() != "sqlite":
                return cls._open_server(url, create=create)
            path = url.database or ""
        path = Path(path)
        if path.is_dir():  # `--db D:\安居` for `--db D:\安居\station.db`: it was a traceback
            raise StoreError(
                f"“{path}”是文件夹，不是数据库文件。请给出数据库文件的完整路径（通常以 .db 结尾）。",
                f"“{path}” is a folder, not a database file. Give the full path of the database file (usually "
                "ending in .db).",
            )
        exists = path.exists()
        if not exists and not create:
            raise StoreError(
                f"找不到数据库文件“{path}”。请检查路径和文件名：数据库的位置显示在安居登录窗口的最上面和「设置」里；"
                "在U盘上的，请确认U盘已插好。",
                f"Database file “{path}” not found. Check the path and name: the login window and 设置 show where the "
                "database is; on a USB stick, check that it is plugged in.",
            )
        if not exists and not path.parent.is_dir():
            raise StoreError(
                f"无法在“{path.parent}”创建数据库：文件夹不存在。{MAKE_THE_FOLDER[0]}",
                f"Cannot create a database in “{path.parent}”: the folder does not exist. {MAKE_THE_FOLDER[1]}",
            )
        immutable = read_only and exists and read_immutable(path)
        revision = read_revision(path, immutable=immutable) if exists else None
        if exists and revision is None and not create:
            # An empty file (made by hand, or a copy that failed) would be made a new database: a command that
            # needs the user's data would then report on nothing, and the file would be changed.
            empty = path.stat().st_size == 0
            raise StoreError(
                f"数据库文件“{path}”{'是空文件（0 字节）' if empty else '里没有安居的数据'}，不是安居数据库，"
                "文件没有被改动。请检查路径是否指向正确的文件；要新建数据库，请在安居程序中打开它，"
                "或用 anju county init 建立县级数据库。",
                f"The database file “{path}” {'is empty (0 bytes)' if empty else 'holds no Anju data'}, so it is "
                "not an Anju database; it was left unchanged. Check that the path names the right file; to start a "
                "new database, open it in the Anju app, or make a county database with anju county init.",
            )
        check_supported(path, revision)
        if immutable:
            if revision != HEAD_REVISION:
                from .read_only_open import cannot_upgrade

                raise cannot_upgrade(path, revision)
            return cls(path, make_engine(path, immutable=True))
        store = None
        try:
            if revision != HEAD_REVISION:
                kept_copy = None
                if revision is not None:
                    from .backup import copy_before_upgrade

                    kept_copy = copy_before_upgrade(path, revision, backup_dir)
                migrate(path)
                if kept_copy is not None:
                    from .backup import thin_upgrade_copies

                    thin_upgrade_copies(path, kept_copy)
            store = cls(path, make_engine(path, query_only=read_only))
            if read_only:  # a first read, so that a drive refusing the -shm is said here as for any open
                store.get_setting("station_id")
            else:
                store._ensure_station_id()
        except (DBAPIError, DiskRefused) as exc:  # a full drive, a read-only file or folder: say so, not a traceback
            if store is not None:
                store.close()
            cause = exc.__cause__ if isinstance(exc, DiskRefused) else exc
            if (unusable := cannot_write_beside(path, getattr(cause, "orig", None) or cause or exc)) is None:
                raise
            raise unusable from exc
        return store

    @classmethod
    def _open_server(cls, url: URL, *, create: bool) -> Store:
        location = url.render_as_string(hide_password=True)
        name = Path(url.database or location)
        engine = make_server_engine(url)
        try:
            with engine.connect() as conn:
                revision = read_revision_of(conn, location)
            check_supported(name, revision)
            if revision is None and not create:
                raise StoreError(
                    f"数据库“{location}”是空的。请先用 anju county init --db 地址 --name 县名 建立县级数据库。",
                    f"The database “{location}” is empty. Make it the county first: anju county init --db URL "
                    "--name NAME.",
                )
            if revision != HEAD_REVISION:
                migrate_server(engine)
            store = cls(name, engine, location=location)
            store._ensure_station_id()
        except DBAPIError as exc:
            engine.dispose()
            raise StoreError(
                f"无法连接数据库“{location}”：{_first_line(exc)}。请检查数据库服务器是否在运行，以及地址、用户名和密码。",
                f"Cannot use the database “{location}”: {_first_line(exc)}. Check that the database server is "
                "running and the address, user name and password.",
            ) from exc
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- reading ------------------------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads (a deferred transaction: it never blocks a writer in WAL mode)."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def verify_journal(self) -> ChainReport:
        with self.engine.connect() as conn:
            return verify_chain(conn)

    # ---- writing ------------------------------------------------------------------------------------------

    def unit_of_work(self, actor: str, *, source: str = "local", origin: str | None = None) -> UnitOfWork:
        """The one way to change records: ``with store.unit_of_work("zhang") as uow: ...``."""
        return UnitOfWork(self, actor, source=source, origin=origin or self.station_id)

    # ---- settings -----------------------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.engine.connect() as conn:
            value = conn.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
        return default if value is None else value

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON value under ``key``; None removes the setting (reads then give their default)."""
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.execute(delete(Setting).where(Setting.key == key))
            if value is not None:
                conn.execute(insert(Setting).values(key=key, value=value))

    @property
    def station_id(self) -> str:
        return str(self.get_setting("station_id"))

    def _ensure_station_id(self) -> None:
        # A provisional id until the station is enrolled; it marks where records were made.
        if self.get_setting("station_id") is None:
            self.set_setting("station_id", f"local-{new_id()[:8]}")


@contextmanager
def _said_as_the_disk_refusal(path: Path) -> Iterator[None]:
    """A full disk or a read-only file met by the bulk writer thread, said as the engine says it for any other
    statement (`make_engine`'s ``handle_error``, `forms.schema.disk_refused`): that thread's statements go to the
    driver directly, past the engine's events, and a county roster's import ended as a program error instead."""
    try:
        yield
    except DBAPIError as exc:
        if (refused := disk_refused(path, exc)) is not None:
            raise refused from exc
        raise


def migrate(path: Path, target: str = "head") -> None:
    """Bring a database to ``target`` (creating it if empty), then check its foreign keys still hold."""
    # Batch migrations rebuild tables; foreign keys stay off while they run, then are checked as a whole.
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn:
            upgrade(conn, target)
            stamp_program_version(conn)
            conn.commit()
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreError(
                    f"数据库“{path}”升级后发现 {len(broken)} 处引用错误。升级前的副本保存在旁边，请联系技术支持。",
                    f"Upgrading “{path}” left {len(broken)} broken references. The copy made before the "
                    "upgrade is beside it; please contact support.",
                )
    finally:
        engine.dispose()


def migrate_server(engine: Engine, target: str = "head") -> None:
    """Bring a server database to ``target``. A session-level advisory lock makes a second server that starts
    at the same moment wait, then find the work done (Alembic reads the revision again under the lock)."""
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({PG_MIGRATE_LOCK})")
        conn.commit()
        try:
            upgrade(conn, target)
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({PG_MIGRATE_LOCK})")
            conn.commit()


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__


class Received(NamedTuple):
    """A change that sync applied from another database, to be journaled with who made it and where."""

    record_table: str
    record_id: str
    op: str
    base_rev: int
    changes: Mapping[str, Any]
    actor: str
    origin: str
    #: ``changes`` as canonical JSON, when the sender's text is known to be it (`JournalWriter.row`)
    spelled: str | None = None


class UnitOfWork:
    """One transaction of changes, journaled as it is flushed; commits on a clean exit, rolls back otherwise."""

    def __init__(self, store: Store, actor: str, *, source: str, origin: str) -> None:
        self.store = store
        self.actor = actor
        self.source = source
        self.origin = origin
        self._connection: Connection | None = None
        self._session: Session | None = None
        self._writer: JournalWriter | None = None
        self._cache_before: int | None = None  # the page cache to give back (see prepare_bulk)
        self._scratch: list[str] = []  # in-memory schemas attached for this unit (see attach_scratch)

    # ---- lifecycle ------------------------------------------------------------------------------------------

    def __enter__(self) -> UnitOfWork:
        self._connection = self.store.engine.connect().execution_options(write=True)
        self._session = Session(bind=self._connection, expire_on_commit=False, autoflush=True)
        event.listen(self._session, "before_flush", self._before_flush)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, connection = self.session, self.connection
        try:
            if exc_type is None:
                try:
                    self._before_commit()
                    session.commit()  # deferred foreign keys are checked here and may refuse the commit
                except BaseException:
                    session.rollback()
                    connection.rollback()
                    raise
            else:
                session.rollback()
        finally:
            session.close()
            if self._cache_before is not None:
                _restore_cache(connection, self._cache_before)
            for name in self._scratch:
                _detach(connection, name)
            connection.close()
            self._session = self._connection = None
            self._writer = None
            self._cache_before = None
            self._scratch = []

    def _before_commit(self) -> None:
        """Flush what is pending, then, when this unit journaled anything, run the commit hooks on its connection."""
        self.session.flush()
        if self._writer is None:  # nothing journaled (a read, settings): nothing for the hooks to keep in step
            return
        connection = self.session.connection()
        for hook in _COMMIT_HOOKS:
            hook(connection)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._connection

    # ---- the API ----------------------------------------------------------------------------------------------

    def add(self, record: T) -> T:
        self.session.add(record)
        return record

    def get(self, model: type[T], record_id: str) -> T | None:
        return self.session.get(model, record_id)

    def delete(self, record: Synced) -> None:
        """Tombstone a record: synced records are never hard-deleted, or they would come back at a merge."""
        if record.deleted_at is None:
            record.deleted_at = utc_now()

    def flush(self) -> None:
        self.session.flush()

    def insert_rows(
        self,
        model: type[Synced],
        rows: Iterable[Mapping[str, Any]],
        *,
        between_chunks: Callable[[int], object] | None = None,
    ) -> int:
        """Insert many new records at once (imports, demo data), journaling each one. Returns the count.

        Each row is completed as an ORM insert would complete it (id, scalar defaults, sync bookkeeping, derived
        fields) and journaled with every non-empty content field; rows and entries then go in through the
        store's bulk path (`forms.bulk`), chunk by chunk: on SQLite, more rows than one statement takes are
        inserted on a writer thread while the next chunk is made (`forms.bulk.BackgroundInserts`).
        ``between_chunks`` is called before each chunk after the first, with how many rows are done; it may report
        progress, or raise to stop (a cancel). When
        this raises, some of the rows may already be written: the unit of work then rolls them back with the rest.
        """
        table = model.__table__
        assert isinstance(table, Table)
        now = utc_now()
        columns = table_columns(table)
        template: dict[str, Any] = dict.fromkeys(columns)
        template.update(_scalar_defaults(model))
        template.update(rev=0, updated_at=now, updated_by=self.actor, origin=self.origin, deleted_at=None)
        # Sorted, as the journal spells them: its encoder then finds each entry's fields already in order.
        journaled = sorted(k for k in columns if k not in model.SYNC_FIELDS and k not in model.DERIVED_FIELDS)
        # Journal pending ORM work first, so a parent added with add() comes before these rows in seq order.
        self.session.flush()
        self.prepare_bulk()
        make = self._journal_writer().row
        derive, name, actor, origin, source = model.derive, model.__tablename__, self.actor, self.origin, self.source
        values_of = row_getter(columns)
        conn = self.session.connection()
        rows = rows if isinstance(rows, Sequence) else list(rows)
        # A chunk of records and one of journal entries, each one statement.
        chunk = min(rows_per_statement(conn, len(columns)), rows_per_statement(conn, len(JOURNAL_COLUMNS)))
        # The session must not touch the connection while the writer has it: nothing below flushes or queries.
        with (
            _said_as_the_disk_refusal(self.store.path),
            BackgroundInserts(conn, chunk, background=len(rows) > chunk) as inserts,
        ):
            for start in range(0, len(rows), chunk):
                if start and between_chunks is not None:
                    between_chunks(start)
                records: list[tuple[Any, ...]] = []
                entries: list[tuple[Any, ...]] = []
                for row in rows[start : start + chunk]:
                    if not row.keys() <= template.keys():
                        unknown = ", ".join(sorted(set(row) - set(template)))
                        raise ValueError(f"{name} has no column {unknown}")
                    values = {**template, **row}
                    if values["id"] is None:
                        values["id"] = new_id()
                    values.update(derive(values))
                    records.append(values_of(values))
                    # Dates stay dates here: the journal spells them as ISO text (`forms.journal.to_json_value`).
                    changes = {k: [None, v] for k in journaled if (v := values[k]) is not None}
                    entries.append(make(now, actor, origin, source, name, values["id"], "insert", 0, changes))
                inserts.insert(table, columns, records)
                inserts.insert(_JOURNAL, JOURNAL_COLUMNS, entries)
        return len(rows)

    def journal_received(self, entries: Iterable[Received]) -> list[tuple[Any, ...]]:
        """Journal changes that sync wrote itself through this unit's connection (rows received from another
        database, written in bulk with bookkeeping as received). They go through the same writer as ORM
        flushes, so ``seq`` stays gap-free and the chain unbroken; ``source`` is this unit's. Returns the entries
        written, as tuples of `JOURNAL_COLUMNS`, in the order given.
        """
        make = self._journal_writer().row
        now, source = utc_now(), self.source
        rows = [
            make(now, actor, origin, source, table, record_id, op, base_rev, changes, spelled)
            for table, record_id, op, base_rev, changes, actor, origin, spelled in entries
        ]
        insert_tuples(self.session.connection(), _JOURNAL, JOURNAL_COLUMNS, rows)
        return rows

    @contextmanager
    def journaling_as(self, actor: str, source: str, origin: str) -> Iterator[None]:
        """Journal and stamp the changes made in the block as ``actor``, from ``source``, made at ``origin``, then
        go back to this unit's own (sync: the county's own change, made inside the transaction of a station's
        batch, `sync.after_merge`). What is pending is flushed first, under the unit's own."""
        self.flush()
        saved = self.actor, self.source, self.origin
        self.actor, self.source, self.origin = actor, source, origin
        try:
            yield
            self.flush()
        finally:
            self.actor, self.source, self.origin = saved

    def prepare_bulk(self) -> None:
        """Ready this unit for writing many rows: on SQLite, its connection gets a bigger page cache until the unit
        ends (`forms.bulk`). `insert_rows` calls it; sync calls it before it reads and writes a batch."""
        if self._cache_before is None and is_sqlite(self.connection):
            conn = self.session.connection()
            self._cache_before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            conn.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")

    def attach_scratch(self, name: str) -> sqlite3.Connection | None:
        """On SQLite, attach an empty in-memory database as schema ``name`` to this unit's connection, for the
        unit's own use (sync deserialises records made in another process into it, `sync.new_records`), and give
        the driver's connection; it is detached, and its memory freed, when the unit ends. SQLite attaches nothing
        inside a transaction, so this must come before the unit's first statement. None on other databases."""
        driver = self.connection.connection.driver_connection
        if not isinstance(driver, sqlite3.Connection) or self.connection.in_transaction():
            return None
        driver.execute(f"ATTACH ':memory:' AS {name}")
        self._scratch.append(name)
        return driver

    # ---- journaling ---------------------------------------------------------------------------------------

    def _journal_writer(self) -> JournalWriter:
        if self._writer is None:
            # session.connection() begins the IMMEDIATE transaction, so the head cannot move under us.
            self._writer = JournalWriter.at_head(self.session.connection())
        return self._writer

    def _entry(
        self, table: str, record_id: str, op: str, base_rev: int, changes: Mapping[str, Any], now: str
    ) -> tuple[Any, ...]:
        writer = self._journal_writer()
        return writer.row(now, self.actor, self.origin, self.source, table, record_id, op, base_rev, changes)

    def _before_flush(self, session: Session, _ctx: UOWTransaction, _instances: object) -> None:
        now = utc_now()
        entries: list[tuple[Any, ...]] = []
        for obj in list(session.deleted):
            if isinstance(obj, Synced):
                raise StoreError(
                    "同步记录不能直接删除，只能标记为删除（作废）。",
                    f"Synced records are never hard-deleted; use UnitOfWork.delete() ({type(obj).__name__}).",
                )
        for obj in list(session.new):
            if isinstance(obj, Synced):
                entries.append(self._journal_new(obj, now))
        for obj in list(session.dirty):
            if isinstance(obj, Synced):
                entry = self._journal_dirty(session, obj, now)
                if entry is not None:
                    entries.append(entry)
        if entries:
            insert_tuples(session.connection(), _JOURNAL, JOURNAL_COLUMNS, entries)

    def _journal_new(self, obj: Synced, now: str) -> tuple[Any, ...]:
        model = type(obj)
        if obj.id is None:
            obj.id = new_id()
        for key, value in _scalar_defaults(model).items():
            if getattr(obj, key) is None:
                setattr(obj, key, value)
        obj.rev = obj.rev or 0
        obj.updated_at, obj.updated_by = now, self.actor
        obj.origin = obj.origin or self.origin
        for key, value in model.derive(obj.content()).items():
            setattr(obj, key, value)
        changes = {
            k: [None, to_json_value(v)]
            for k, v in obj.content().items()
            if v is not None and k not in model.DERIVED_FIELDS
        }
        return self._entry(model.__tablename__, obj.id, "insert", obj.rev, changes, now)

    def _journal_dirty(self, session: Session, obj: Synced, now: str) -> tuple[Any, ...] | None:
        model = type(obj)
        state = instance_state(obj)
        changes: dict[str, list[Any]] = {}
        op = "update"
        for attr in state.mapper.column_attrs:
            key = attr.key
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            new = history.added[0] if history.added else None
            old = history.deleted[0] if history.deleted else _stored_value(session, obj, key)
            if old == new:
                continue
            if key == "deleted_at":
                op = "delete" if new is not None else "restore"
            elif key not in model.SYNC_FIELDS and key not in model.DERIVED_FIELDS:
                changes[key] = [to_json_value(old), to_json_value(new)]
        if not changes and op == "update":
            return None
        for key, value in model.derive(obj.content()).items():
            setattr(obj, key, value)
        obj.updated_at, obj.updated_by = now, self.actor
        return self._entry(model.__tablename__, obj.id, op, obj.rev, changes, now)


def _restore_cache(connection: Connection, size: int) -> None:
    """Give a pooled connection its usual page cache back, through the driver: the transaction has ended, and a
    statement on the SQLAlchemy connection would begin another (taking the write lock)."""
    try:
        connection.connection.driver_connection.execute(f"PRAGMA cache_size = {int(size)}")  # type: ignore[union-attr]
    except Exception:  # a broken connection: the pool must not hand it out again
        with contextlib.suppress(Exception):
            connection.invalidate()


def _detach(connection: Connection, name: str) -> None:
    """Detach a scratch schema (`UnitOfWork.attach_scratch`) once the transaction has ended."""
    try:
        connection.connection.driver_connection.execute(f"DETACH {name}")  # type: ignore[union-attr]
    except Exception:  # a broken connection: the pool must not hand it out again
        with contextlib.suppress(Exception):
            connection.invalidate()


def _stored_value(session: Session, obj: Synced, key: str) -> Any:
    """The committed value of a column whose old value was not loaded before it was changed."""
    table = type(obj).__table__
    return session.connection().execute(select(table.c[key]).where(table.c.id == obj.id)).scalar_one_or_none()


def _scalar_defaults(model: type[Synced]) -> dict[str, Any]:
    """Python-side scalar column defaults (status 草稿, id type 居民身份证 …), applied before journaling."""
    defaults: dict[str, Any] = {}
    for column in model.__table__.columns:
        default = column.default
        if default is not None and default.is_scalar and column.key not in Synced.SYNC_FIELDS:
            defaults[column.key] = default.arg
    return defaults

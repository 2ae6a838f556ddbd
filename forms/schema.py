"""Schema versions: which revision a database file is at, and upgrading it safely.

Reading the revision uses plain sqlite3 so opening an up-to-date database never pays for importing Alembic.
Upgrading copies the database first (SQLite's online backup API), then runs the Alembic steps, each in its own
transaction. A database made by a newer program is refused, never opened.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DiskRefused, StoreError
from .sqlite_paths import read_only_uri
from .version import APP_VERSION, is_later

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: Every revision this program knows, oldest first. A test checks it against the Alembic scripts.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]

SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path, *, immutable: bool = False) -> bool:
    """Whether ``path`` is an SQLite file, asked of SQLite first. On Linux and macOS closing any handle on a file
    drops every lock the process holds on it (POSIX advisory locks), and the app checks its own open database before
    each backup: the locks its connections hold were lost, so a restore could no longer see that it is open, and a
    command closing its own connection took itself for the last one and deleted the app's ``-wal`` under it. SQLite
    keeps its handles on a file open while the process holds locks on it. ``immutable``: see `read_revision`."""
    conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return True
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT":  # the header is SQLite's, pages are damaged
            return True
    finally:
        conn.close()
    with path.open("rb") as f:  # not a database SQLite opens: its first bytes tell (no connection holds locks on it)
        return f.read(16) == SQLITE_HEADER


def read_revision(path: Path, *, immutable: bool = False) -> str | None:
    """The schema revision of an existing database file; None for an empty database.

    Raises StoreError for a file that is not an SQLite database or is an SQLite database of another program.
    ``immutable``: read as a file nothing can change, making nothing beside it (a read-only folder or CD,
    `forms.read_only_open`).
    """
    if path.stat().st_size == 0:
        return None
    if not is_sqlite_file(path, immutable=immutable):
        raise StoreError(
            f"“{path}” 不是安居数据库文件（不是 SQLite 数据库）。请检查选择的文件是否正确。",
            f"“{path}” is not an Anju database (not an SQLite file). Check that you picked the right file.",
        )
    conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(
                    f"“{path}” 是另一个程序的数据库，不是安居数据库。请选择安居的数据库文件。",
                    f"“{path}” belongs to another program, not Anju. Pick an Anju database file.",
                )
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError as exc:
        if (unusable := cannot_write_beside(path, exc)) is not None:
            raise unusable from exc
        raise StoreError(
            f"无法读取数据库“{path}”：{exc}。文件可能已损坏，请从备份恢复（anju restore）。",
            f"Cannot read database “{path}”: {exc}. The file may be damaged; restore a backup (anju restore).",
        ) from exc
    finally:
        conn.close()


def cannot_write_beside(path: Path, exc: BaseException) -> StoreError | None:
    """The message for an SQLite error that comes from the disk, not from the file: a full drive, or a read-only
    file or folder (SQLite writes ``NAME-wal`` and ``NAME-shm`` beside a database even to read it). None for other
    errors. A sound file on a full drive must not be called damaged: the user would restore over it."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if not name.startswith(("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")):
        return None
    return StoreError(
        f"无法使用数据库“{path}”：所在的磁盘已满或出错，或文件、文件夹是只读的（{exc}）。"
        "安居需要在数据库旁边写入文件，只是读取也要。请腾出磁盘空间，或把数据库复制到可以写入的文件夹（如“文档”）"
        "后再打开（命令行：用 --db 指向复制的那一份）。",
        f"Cannot use the database “{path}”: its drive is full or failing, or the file or folder is read-only "
        f"({exc}). Anju writes files beside the database, even to read it. Free some disk space, or copy the "
        "database to a folder you can write to (such as Documents) and open it there (at the command prompt: give "
        "that copy with --db).",
    )


def disk_refused(path: object, exc: BaseException) -> DiskRefused | None:
    """The message for an SQLite error that says the drive refused a write (a full disk, a read-only file or
    folder, a USB drive pulled out), or None for other errors. Said as what it is, with what to do: raw, it was
    ``OperationalError: database or disk is full [SQL: INSERT INTO journal …]`` in the editor and a traceback at
    the command line."""
    name = getattr(getattr(exc, "orig", None) or exc, "sqlite_errorname", "") or ""
    kept = "这一步没有保存，之前保存的数据都还在。"
    kept_en = "This step was not saved; everything saved before is still there."
    if name.startswith("SQLITE_FULL"):
        return DiskRefused(
            f"无法写入数据库“{path}”：磁盘已满。{kept}请腾出磁盘空间（删除不需要的文件、清空回收站）后重试。",
            f"Cannot write to the database “{path}”: the disk is full. {kept_en} Free some disk space (delete files "
            "you do not need, empty the Recycle Bin) and try again.",
        )
    if name.startswith("SQLITE_READONLY"):
        return DiskRefused(
            f"无法写入数据库“{path}”：数据库文件或所在的文件夹是只读的。{kept}"
            "请把数据库复制到可以写入的文件夹（如“文档”），再在安居里打开复制的那一份"
            "（命令行：用 --db 指向那一份，再运行一次这条命令）。",
            f"Cannot write to the database “{path}”: the file or its folder is read-only. {kept_en} Copy the "
            "database to a folder you can write to (such as Documents) and open that copy in Anju (at the command "
            "prompt: give that copy with --db and run the command again).",
        )
    if name.startswith("SQLITE_IOERR"):
        return DiskRefused(
            f"读写数据库“{path}”时磁盘出错（{name}）。{kept}"
            "如果数据库在U盘或移动硬盘上，请检查它是否插好；然后关闭安居再打开，重试（命令行：再运行一次这条命令）。",
            f"The disk failed while reading or writing the database “{path}” ({name}). {kept_en} If the database is "
            "on a USB or external drive, check that it is plugged in; then close Anju, open it again and retry (at "
            "the command prompt: run the command again).",
        )
    return None


def is_busy(exc: BaseException) -> bool:
    """Whether an SQLite error (or SQLAlchemy's wrapper of one) means another connection kept the database locked
    for longer than this one waits (``busy_timeout``): the app, or another ``anju`` command, writing."""
    name = getattr(getattr(exc, "orig", None) or exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def busy_error(path: object) -> StoreError:
    return StoreError(
        f"数据库正忙：“{path}”正被另一个程序使用（可能是打开着的安居、正在应用同步的县级服务器 anju serve，"
        "或另一条 anju 命令），等待后仍未释放，这一步没有完成。已保存的数据不受影响。"
        "请稍后再运行一次；如果一直如此，请关闭其他安居窗口后重试。",
        f"The database “{path}” is busy: another program (perhaps Anju open in a window, the county server anju "
        "serve applying a sync, or another anju command) is writing to it and did not release it in time, so this "
        "step was not done. Data already saved is unaffected. Run it again shortly; if it keeps happening, close the "
        "other Anju windows and retry.",
    )


def read_revision_of(conn: Connection, name: str) -> str | None:
    """The schema revision of a database on a server (PostgreSQL), read through SQLAlchemy; None when empty.

    Raises StoreError for a database that holds another program's tables.
    """
    from sqlalchemy import inspect, text

    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables:
            raise StoreError(
                f"数据库“{name}”里有其他程序的数据表，不是安居数据库。请为安居单独建立一个空数据库。",
                f"The database “{name}” holds another program's tables, not Anju's. Create an empty database for Anju.",
            )
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def check_supported(path: Path, revision: str | None, *, backup: bool = False, version: str | None = None) -> None:
    """Refuse a database (or, ``backup``, a backup to restore) whose schema this program does not know: a newer
    Anju made or upgraded it. The message names that Anju's version where it is known — ``version``, or what the
    file records (`program_version`) — so the user knows which installer to ask for. A laptop whose upgrade was
    rolled back meets this."""
    if revision is None or revision in KNOWN_REVISIONS:
        return
    newer = version or (program_version(path) if path.is_file() else None)
    newer = newer if is_later(newer) else None
    by, by_en = (f"安居 {newer} ", f"Anju {newer}") if newer else ("更新版本的安居", "a newer Anju")
    to, to_en = (f" {newer} 或更新的版本", f"{newer} or later") if newer else ("最新版本", "the latest version")
    knows, knows_en = (
        f"本机的安居 {APP_VERSION} 只支持到数据结构版本 {HEAD_REVISION}",
        f"this computer's Anju {APP_VERSION} knows up to {HEAD_REVISION}",
    )
    if backup:
        raise StoreError(
            f"备份“{path}”由{by}做成（数据结构版本 {revision}），{knows}，没有恢复，现在的数据库没有改动。"
            f"请先把本机的安居升级到{to}，再恢复这个备份。",
            f"Backup “{path}” was made by {by_en} (schema {revision}); {knows_en}. Nothing was restored and the "
            f"current database is unchanged. Please upgrade Anju on this computer to {to_en}, then restore it.",
        )
    raise StoreError(
        f"数据库“{path}”由{by}建立或升级过（数据结构版本 {revision}），{knows}。"
        f"为保护数据，本程序不会打开它；它没有损坏，也没有被改动。请把本机的安居升级到{to}后再打开。"
        "不要改用旁边的升级前副本（.pre-upgrade-…）：副本里没有升级以后录入的数据。",
        f"Database “{path}” was made or upgraded by {by_en} (schema {revision}); {knows_en}. It was not opened, "
        f"to keep its data safe; it is not damaged and was not changed. Please upgrade Anju on this computer to "
        f"{to_en}, then open it. Do not open the copy made before the upgrade (.pre-upgrade-…) instead: it lacks "
        "everything entered since.",
    )


def version_number(version: str) -> int:
    """``0.2.1`` as one integer (2001), for SQLite's ``user_version``; 0 for a version that cannot be read."""
    try:
        major, minor, patch = (int(part) for part in version.split("."))
    except ValueError:
        return 0
    if min(major, minor, patch) < 0 or max(minor, patch) >= 1_000:
        return 0
    return major * 1_000_000 + minor * 1_000 + patch


def program_version(path: Path) -> str | None:
    """The version of the Anju that made or last upgraded the database at ``path`` (`stamp_program_version`), or None
    when it does not say (a program before this one wrote nothing there)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        (number,) = conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    if not isinstance(number, int) or number <= 0:
        return None
    return f"{number // 1_000_000}.{number // 1_000 % 1_000}.{number % 1_000}"


def stamp_program_version(connection: Connection) -> None:
    """Record this program's version in the database it just made or upgraded, where an older program reads it
    without knowing the schema (SQLite's ``user_version``): it can then say which version to install."""
    connection.exec_driver_sql(f"PRAGMA user_version = {version_number(APP_VERSION)}")


def alembic_config(connection: Connection) -> Config:
    from alembic.config import Config  # imported only when a migration runs

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, target: str = "head") -> None:
    """Run the Alembic steps up to ``target`` on an open connection (not inside a transaction)."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)

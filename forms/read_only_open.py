"""Reading a database for a command that only reads it (``anju check``, ``anju audit``, ``anju export`` …), wherever
the file is: a county clerk gets a station's database on a CD, or in a shared folder they may only read.

In WAL mode SQLite writes beside a database even to read it (the ``-shm`` file, and the ``-wal`` it reads through).
In a folder that refuses new files the reading commands failed ("安居需要在数据库旁边写入文件，只是读取也要");
beside a read-only file on Linux they left a read-only ``-wal`` and ``-shm`` behind, and those then stopped every
save once the file was made writable again (`forms.unwritable`).

So `forms.store.Store.open` with ``read_only=True`` asks first whether anything could be writing the file:
- a database this account can write (the file, and new files beside it) may be being written now, by the app or a
  sync: it is opened as the commands always opened it (an older one upgraded, after a copy), its connections
  query-only; the last to close folds its ``-wal`` back and removes ``-wal`` and ``-shm``, as before.
- a database nothing here can write (a read-only file, folder or drive) is opened ``immutable``
  (`forms.sqlite_paths.read_only_uri`): read as the file holds it, with nothing made beside it. SQLite then does
  not read a ``-wal`` either: committed changes waiting in one (the app did not close, or the file was copied while
  it was open) would be missed, so that is refused, saying what to copy (`unread_changes`). A ``-wal`` whose every
  change the file already holds (SQLite leaves the log as it is after copying it into the file) is read past:
  `forms.wal_log` compares each page it would read with the file's. An older database cannot be upgraded there:
  refused too (`cannot_upgrade`).

The engine of such a file says so (`IMMUTABLE_OPTION`, `is_immutable`): `anju check` then reads it on one connection
per core with no write lock to share a snapshot (`forms.rules.screening`), since every connection sees the same
file. `anju backup` asks `read_immutable` too, and copies such a file as it holds it, its plain copy made on this
computer rather than beside it (`forms.backup`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .commandline import command_word
from .errors import StoreError
from .unwritable import why_unwritable
from .wal_log import adds_to

_DID_NOTHING = "这条命令没有运行。"
_DID_NOTHING_EN = "The command did not run."


#: The execution option an engine opened on a file nothing can change carries (`forms.store.make_engine`).
IMMUTABLE_OPTION = "anju_immutable"


def is_immutable(engine_or_connection: Any) -> bool:
    """Whether an SQLAlchemy engine (or one of its connections) reads a file nothing can change: every connection
    then sees the same data, with no lock to take or snapshot to share."""
    return bool(engine_or_connection.get_execution_options().get(IMMUTABLE_OPTION))


def read_immutable(path: Path) -> bool:
    """Whether the existing database ``path`` is to be read as a file nothing can change (`nothing_can_write`); a
    `StoreError` (`unread_changes`) when changes reading it so would miss wait beside it. For a command's own
    process only (`nothing_can_write`)."""
    if not nothing_can_write(path):
        return False
    if (missed := unread_changes(path)) is not None:
        raise missed
    return True


def nothing_can_write(path: Path) -> bool:
    """Whether nothing on this computer could be writing the database ``path`` now: the file, a file beside it or
    its folder refuses this account's writes, or its drive is read-only (asked of the system and of SQLite, as for
    a save: `forms.unwritable.why_unwritable`, without its check of free space, which reading does not need). For
    a command's own process: the test opens and closes a handle on the file, which on Linux and macOS drops the
    locks a process holds on it (`forms.schema.is_sqlite_file`), so not where the app has it open."""
    return why_unwritable(path, room_needed=0) is not None


def unread_changes(path: Path) -> StoreError | None:
    """The refusal when changes sit beside ``path`` that reading the file alone would miss: committed transactions
    in its ``-wal`` that the file does not hold (`forms.wal_log.adds_to`: also when that cannot be told), or a hot
    ``-journal`` (a write cut off in rollback mode: the file holds half of it). None when there are none (no such
    file, an empty one, one SQLite would ignore, or a ``-wal`` the file already holds all of)."""
    wal, journal = Path(f"{path}-wal"), Path(f"{path}-journal")
    if adds_to(path, wal):
        beside = wal
    elif journal.is_file() and journal.stat().st_size > 0:
        beside = journal
    else:
        return None
    copy_these = command_word(f"{path}*")
    return StoreError(
        f"数据库“{path}”旁边的“{beside.name}”里还有没写进数据库文件的改动（复制时安居还开着，或上次没有正常关闭）。"
        f"数据库是只读的，不能把这些改动并进去；只读取数据库文件会漏掉它们。{_DID_NOTHING}\n\n"
        f"怎么办：把“{path.name}”和“{beside.name}”一起复制到本机硬盘上自己的文件夹（如“文档”；"
        f"命令提示符里可以用 copy {copy_these} 目标文件夹），用 --db 指向复制的那一份再运行这条命令。"
        "以后从工作站复制数据库前，请先关闭安居。",
        f"The file “{beside.name}” beside the database “{path}” holds changes not yet written into the database file "
        "(Anju was open when it was copied, or did not close properly). The database is read-only, so they cannot be "
        f"folded in, and reading the file alone would miss them. {_DID_NOTHING_EN}\n\n"
        f"What to do: copy “{path.name}” and “{beside.name}” together to a folder of your own on this computer's "
        f"drive (such as Documents; at the command prompt: copy {copy_these} FOLDER) and run the command again with "
        "that copy as --db. Close Anju at the station before copying its database next time.",
    )


def cannot_upgrade(path: Path, revision: str | None) -> StoreError:
    """The refusal for a database made by an older Anju that cannot be written, so cannot be upgraded to be read."""
    return StoreError(
        f"数据库“{path}”是旧版本安居的（数据库版本 {revision}），要先升级才能读取；它是只读的"
        f"（在光盘、只读文件夹里，或文件本身只读），不能升级。{_DID_NOTHING}\n\n"
        "怎么办：把数据库文件复制到本机硬盘上自己的文件夹（如“文档”），用 --db 指向复制的那一份再运行这条命令"
        "（复制的那一份会先升级，原文件不动）。",
        f"The database “{path}” was made by an older Anju (database version {revision}) and must be upgraded before "
        "it can be read, but it is read-only (on a CD, in a read-only folder, or the file itself read-only) and "
        f"cannot be upgraded. {_DID_NOTHING_EN}\n\n"
        "What to do: copy the database file to a folder of your own on this computer's drive (such as Documents) and "
        "run the command again with that copy as --db (the copy is upgraded first; the original is left as it is).",
    )

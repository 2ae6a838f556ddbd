"""Whether a station database can be saved to, asked before the worker starts: the file, its folder, its disk.

A database copied from a CD, on a stick with its write-protect switch on, marked 只读 in Windows, in a folder the
user may not write, or on a full disk opened as usual: the worker typed a household for ten minutes and learnt it
only when 保存 failed. Here each of those is found at once, with what to do, so the app can refuse to start work
that could not be kept (`desktop.unwritable_database`). The ``anju`` commands that write ask the same before any
long work, and say it for a command prompt (``command=True``: run it again, or give a copy with ``--db``), through
`forms.commandline.refuse_unwritable`.

Each test asks the system itself, not the permission bits: Windows' ACLs, a write-protected stick and root's
rights make ``os.access`` answer wrongly. Nothing is changed: the file is opened for writing and closed unwritten,
and SQLite's test write is rolled back (its ``-wal`` and ``-shm`` files go again when it closes). Plain ``sqlite3``
only: the quick start runs this before SQLAlchemy has loaded.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from .commandline import command_word
from .errors import StoreError
from .sqlite_paths import read_write_uri

#: Below this much free space a save may fail: SQLite's write-ahead log grows by up to 4 MB before it is
#: folded back into the database, and the day's backup is written beside the database too.
ROOM_NEEDED = 8 * 1024 * 1024

_ALREADY_SAFE = "已保存的数据都没有改动。"
_ALREADY_SAFE_EN = "Nothing saved in it has changed."
#: An ``anju`` command refused before it began: nothing was read from a workbook, asked for, or written.
_COMMAND_DID_NOTHING = "这条命令没有运行，什么都没有改动。"
_COMMAND_DID_NOTHING_EN = "The command did not run: nothing was changed."


class Unwritable(StoreError):
    """The database can be read but not saved to: what is wrong, where, and what to do."""


def why_unwritable(path: Path, *, room_needed: int = ROOM_NEEDED, command: bool = False) -> Unwritable | None:
    """Why nothing could be saved to the database ``path``, or None when it can be (or is not there, or is not
    a database: opening it explains those). ``command``: said for an ``anju`` command, whose user is at a command
    prompt, not in the app (run it again, or point ``--db`` at a copy)."""
    if not path.is_file():
        return None
    read_only = []
    # The database, and the -wal and -shm files SQLite keeps beside it: reading a read-only database leaves those
    # read-only too on Linux and macOS (SQLite gives them the database's permissions), and once the database is
    # writable again they still stop every save.
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            os.close(os.open(file, os.O_RDWR))  # opened for writing, nothing written: refused for a read-only file
        except PermissionError:
            read_only.append(file)
        except OSError as exc:
            if exc.errno == errno.EROFS:
                return _read_only_drive(path, command)
            if file == path:
                return None
    if read_only:
        return _read_only_file(path, command, read_only)
    if _sqlite_refuses(path):
        return _read_only_folder(path, command)
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return None
    if free < room_needed:
        return _disk_full(path, free, command)
    return None


def why_cannot_write_in(folder: Path, made: tuple[str, str]) -> Unwritable | None:
    """Why an ``anju`` command could not write a new file in ``folder`` (the database ``anju demo`` makes, a
    backup on a stick, a batch), or None when it can (or the folder is not there: the command says that itself).
    ``made`` names the file, 中文 and English. Asked by making an empty file and removing it, before any long work
    or a passphrase."""
    if not folder.is_dir():
        return None
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".anju-write-test-")
    except PermissionError:
        drive_zh, drive_en = (
            "这个文件夹是只读的，或这个Windows账号无权写入",
            "the folder is read-only or this account may not write there",
        )
    except OSError as exc:
        if exc.errno != errno.EROFS:
            return None
        drive_zh, drive_en = (
            "这个磁盘是只读的（光盘，或打开了写保护的U盘）",
            "the drive is read-only (a CD, or a write-protected stick)",
        )
    else:
        os.close(handle)
        os.unlink(probe)
        return None
    return Unwritable(
        f"不能在“{folder}”里写入{made[0]}：{drive_zh}。{_COMMAND_DID_NOTHING}\n\n"
        "怎么办：如果是U盘，把U盘侧面的写保护开关拨到解锁一边，重新插好后再运行一次这条命令；"
        "或者换一个能写入的文件夹（如本机的“文档”）。",
        f"Cannot write {made[1]} in “{folder}”: {drive_en}. {_COMMAND_DID_NOTHING_EN}\n\n"
        "What to do: on a USB stick, slide its write-protect switch to unlocked, plug it in again and run the command "
        "again; or pick a folder you can write to (such as Documents on this computer).",
    )


def _sqlite_refuses(path: Path) -> bool:
    """Whether SQLite, given the file to write, refuses a test write because it cannot write beside it (the
    ``-wal`` and ``-shm`` files it makes in the folder). Other failures (another program writing, a file that is
    not a database) are left to the opening, which explains them."""
    try:
        conn = sqlite3.connect(read_write_uri(path), uri=True, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("CREATE TABLE anju_write_test (x)")  # a write to the file itself, rolled back
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))
    return False


def _read_only_file(path: Path, command: bool, files: list[Path]) -> Unwritable:
    """The database ``path`` cannot be saved to because ``files`` (it, or the -wal and -shm beside it) are read-only."""
    beside = [file for file in files if file != path]
    names, names_en = "、".join(f"“{f.name}”" for f in beside), ", ".join(f"“{f.name}”" for f in beside)
    if not beside:
        what, what_en = f"数据库文件“{path}”是只读的", f"The database file “{path}” is read-only"
    elif path in files:
        what = f"数据库文件“{path}”和它旁边的{names}是只读的"
        what_en = f"The database file “{path}” and {names_en} beside it are read-only"
    else:
        what = f"数据库“{path}”旁边的{names}是只读的"
        what_en = f"The files {names_en} beside the database “{path}” are read-only"
    if command:
        everything = command_word(f"{path}*")  # the database, its -wal and its -shm at once
        return Unwritable(
            f"{what}，不能往里保存。{_COMMAND_DID_NOTHING}\n\n"
            f"怎么办：在命令提示符里运行 attrib -r {everything} 取消只读"
            "（或在文件夹里右键点这个文件 →“属性”→ 取消勾选“只读”）；如果文件在U盘上，"
            "把U盘侧面的写保护开关拨到解锁一边再插好。然后再运行一次这条命令。"
            f"也可以把数据库“{path.name}”复制到本机硬盘（如“文档”），用 --db 指向复制的那一份。",
            f"{what_en}: nothing can be saved to it. {_COMMAND_DID_NOTHING_EN}\n\n"
            f"What to do: run attrib -r {everything} at the command prompt (or right-click the file → "
            "Properties → clear Read-only); on a USB stick, slide its write-protect switch to unlocked and plug it "
            f"in again. Then run the command again. Or copy the database “{path.name}” to this computer's own "
            "drive (such as Documents) and give that copy with --db.",
        )
    return Unwritable(
        f"{what}，安居不能往里保存。{_ALREADY_SAFE}\n\n"
        "怎么办：在文件夹里右键点这个文件 →“属性”→ 取消勾选“只读”→“确定”"
        "（从光盘或别人那里复制来的文件常常是只读的）；"
        "如果文件在U盘上，把U盘侧面的写保护开关拨到解锁一边再插好。"
        "也可以把它复制到本机硬盘（如“文档”），再打开那一份。",
        f"{what_en}: Anju cannot save to it. {_ALREADY_SAFE_EN}\n\n"
        "What to do: right-click the file → Properties → clear Read-only → OK (files copied from a CD "
        "or from someone else are often read-only); on a USB stick, slide its write-protect switch to unlocked "
        "and plug it in again. Or copy it to this computer's own drive (such as Documents) and open that copy.",
    )


def _read_only_drive(path: Path, command: bool) -> Unwritable:
    if command:
        return Unwritable(
            f"数据库“{path}”所在的磁盘是只读的（光盘，或打开了写保护的U盘），不能往里保存。{_COMMAND_DID_NOTHING}\n\n"
            "怎么办：如果是U盘，把侧面的写保护开关拨到解锁一边，重新插好后再运行一次这条命令；如果是光盘，"
            "把数据库复制到本机硬盘（如“文档”），用 --db 指向复制的那一份。",
            f"The drive holding the database “{path}” is read-only (a CD, or a USB stick with write protection on): "
            f"nothing can be saved to it. {_COMMAND_DID_NOTHING_EN}\n\n"
            "What to do: on a USB stick, slide its write-protect switch to unlocked, plug it in again and run the "
            "command again; from a CD, copy the database to this computer's own drive (such as Documents) and give "
            "that copy with --db.",
        )
    return Unwritable(
        f"数据库“{path}”所在的磁盘是只读的（光盘，或打开了写保护的U盘），安居不能往里保存。{_ALREADY_SAFE}\n\n"
        "怎么办：如果是U盘，把侧面的写保护开关拨到解锁一边再插好；如果是光盘，"
        "把数据库复制到本机硬盘（如“文档”），再打开那一份。",
        f"The drive holding the database “{path}” is read-only (a CD, or a USB stick with write protection on): "
        f"Anju cannot save to it. {_ALREADY_SAFE_EN}\n\n"
        "What to do: on a USB stick, slide its write-protect switch to unlocked and plug it in again; from a CD, "
        "copy the database to this computer's own drive (such as Documents) and open that copy.",
    )


def _read_only_folder(path: Path, command: bool) -> Unwritable:
    why = (
        f"不能在数据库所在的文件夹“{path.parent}”里写入：保存时要在数据库旁边写两个小文件"
        f"（“{path.name}-wal”和“{path.name}-shm”），这个文件夹是只读的，或这个Windows账号无权写入。"
    )
    why_en = (
        f"Anju cannot write in the database's folder “{path.parent}”: saving writes two small files beside the "
        f"database (“{path.name}-wal” and “{path.name}-shm”), and the folder is read-only or this Windows account "
        "may not write there."
    )
    if command:
        return Unwritable(
            f"{why}{_COMMAND_DID_NOTHING}\n\n"
            "怎么办：把数据库文件复制到本机硬盘上自己的文件夹（如“文档”），用 --db 指向复制的那一份"
            "再运行这条命令；或请管理员给这个文件夹加上写入权限。",
            f"{why_en} {_COMMAND_DID_NOTHING_EN}\n\n"
            "What to do: copy the database file to a folder of your own on this computer's drive (such as Documents) "
            "and run the command again with that copy as --db, or ask an administrator to let you write in the folder.",
        )
    return Unwritable(
        f"{why.replace('保存时', '安居保存时', 1)}{_ALREADY_SAFE}\n\n"
        "怎么办：把数据库文件复制到本机硬盘上自己的文件夹（如“文档”），再打开那一份；"
        "或请管理员给这个文件夹加上写入权限。",
        f"{why_en} {_ALREADY_SAFE_EN}\n\n"
        "What to do: copy the database file to a folder of your own on this computer's drive (such as Documents) "
        "and open that copy, or ask an administrator to let you write in the folder.",
    )


def _disk_full(path: Path, free: int, command: bool) -> Unwritable:
    megabytes = f"{free / 1024 / 1024:.1f}"
    if command:
        return Unwritable(
            f"数据库“{path}”所在的磁盘快满了（只剩 {megabytes} MB），保存可能会失败。{_COMMAND_DID_NOTHING}\n\n"
            "怎么办：删除不需要的文件、清空回收站，腾出空间后再运行一次这条命令。",
            f"The drive holding the database “{path}” is almost full (only {megabytes} MB free): saving may fail. "
            f"{_COMMAND_DID_NOTHING_EN}\n\n"
            "What to do: delete files you do not need, empty the Recycle Bin, then run the command again.",
        )
    return Unwritable(
        f"数据库“{path}”所在的磁盘快满了（只剩 {megabytes} MB），保存可能会失败。{_ALREADY_SAFE}\n\n"
        "怎么办：删除不需要的文件、清空回收站，腾出空间。",
        f"The drive holding the database “{path}” is almost full (only {megabytes} MB free): saving may fail. "
        f"{_ALREADY_SAFE_EN}\n\n"
        "What to do: delete files you do not need and empty the Recycle Bin.",
    )

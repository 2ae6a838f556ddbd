"""Backups: a consistent copy with SQLite's online backup API, checked before it is trusted.

- `backup` copies a live database (the app may be running) to a file and checks the copy with
  ``PRAGMA integrity_check``; the copy is written under a temporary name and renamed, so a half-written file
  never looks like a backup. Given a passphrase, the checked copy is encrypted on its way out
  (`forms.sealed_backup`): a backup to a USB stick, which may be lost, leaks nothing. A database nothing here can
  write (a CD, a read-only folder or file: ``immutable``, `forms.read_only_open`) is copied as its file holds it,
  with nothing made beside it: its plain copy is made in this computer's folder for temporary files instead.
  A database whose drive cannot give all its bytes (a scratched CD, a failing stick) is refused as that
  (`UnreadableDatabase`: read, which file, what to do), not as the place the backup goes, which cannot be told
  from SQLite's words alone ("disk I/O error" either way).
- `restore` opens an encrypted backup (with its passphrase) into a plain copy beside the database, checks the
  backup first, refuses while a program (an Anju window, ``anju serve``, a command) has the
  database open or when the backup is another station's, keeps a copy of the database it replaces, then copies
  the backup in. A backup whose drive cannot give all its bytes is refused as that (`_cannot_read_backup`: the
  backup's disc or stick, not the folder restored into, nor a damaged backup), before anything is changed.
- `auto_backup` keeps one backup a day beside the database for the last 7 days (the app calls it on open),
  compressed by `pack_auto_backups` (gzip: a quarter of the size); `restore` takes them as they are.
- `copy_before_upgrade` is the copy the store makes before a schema migration; `thin_upgrade_copies` keeps the
  last few of them once the upgrade is done.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from . import sealed_backup
from .errors import MAKE_THE_FOLDER, StoreError
from .file_names import fitting_stem
from .schema import busy_error, check_supported, is_sqlite_file, program_version, read_revision
from .sealed_backup import Whose
from .sqlite_paths import read_only_uri
from .unwritable import why_cannot_write_in, why_unwritable

AUTO_BACKUP_DAYS = 7
#: Copies kept from before schema upgrades: each is the whole database, and a station upgrades for years, so
#: without a limit they would fill a small laptop disk (the copy of a three-year station is over 100 MB).
UPGRADE_COPIES_KEPT = 2
#: How long a restore waits for another program (the app, an ``anju`` command) to finish writing: as a save does.
BUSY_WAIT_SECONDS = 15.0
#: How long a restore waits for another program to let go of the database (a command finishing) before it says the
#: database is open.
OPEN_WAIT_SECONDS = 2.0
#: Pages the day's backup copies at a time (4 MB of 4 KB pages), pausing between steps for the user's own work.
BACKUP_STEP_PAGES = 1024
_UPGRADE_NAME = re.compile(r"^(?P<stem>.+)\.pre-upgrade-(?P<revision>\w+)-(?P<time>\d{8}-\d{6})\.sqlite$")
_AUTO_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.sqlite(?P<gz>\.gz)?"
    r"(?P<partial>(\.[\d-]+)?\.partial(-journal)?)?$"
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    revision: str | None
    #: restore only: where the database it replaced was kept
    kept: Path | None = None
    #: backup only: encrypted with a passphrase, and the county can open it too (an enrolled station's)
    encrypted: bool = False
    county_can_open: bool = False


def _timestamp() -> str:
    """The computer's own date and time, as the worker reads the clock: a name in UTC put a backup made at 7:30 in
    Yunnan under the day before."""
    return datetime.now().strftime("%Y%m%d-%H%M%S")


#: The longest `_partial_suffix` on Windows (its process and thread ids are 32-bit): names are fitted to it, so a
#: name that fits does not stop fitting when the program runs under a longer process id.
_LONGEST_PARTIAL = ".4294967295-4294967295.partial"


def _partial_suffix() -> str:
    # Its own name: two windows on one database may make the day's backup at the same moment.
    return f".{os.getpid()}-{threading.get_ident()}.partial"


def _named_after(db: Path, folder: Path, rest: str, writing: str) -> Path:
    """``folder / (db's stem + rest)``, the stem cut short where the path would pass Windows' MAX_PATH (a
    database deep in a Desktop folder opens, and its backups and upgrade copy must be written too)."""
    return folder / f"{fitting_stem(folder, db.stem, rest, writing)}{rest}"


def integrity_problems(path: Path, between_steps: Callable[[], None] | None = None) -> list[str]:
    """What ``PRAGMA integrity_check`` reports (empty when the file is sound). ``between_steps`` is called now and
    then as it reads (it may raise to stop the check)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    stopped: list[BaseException] = []

    def step() -> bool:
        try:
            between_steps()  # type: ignore[misc]
        except BaseException as exc:  # SQLite interrupts the check; raised below, not taken for damage
            stopped.append(exc)
            return True
        return False

    if between_steps is not None:
        conn.set_progress_handler(step, 100_000)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        if stopped:
            raise stopped[0] from None
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


#: What SQLite says when the drive could not give it bytes it asked for: a read that failed (EIO from a scratched CD,
#: a failing stick or disk: SQLITE_IOERR_CORRUPTFS since SQLite 3.32, SQLITE_IOERR_READ before) or came back short.
_READ_FAILED = ("SQLITE_IOERR_READ", "SQLITE_IOERR_SHORT_READ", "SQLITE_IOERR_CORRUPTFS")


class _SourceReadFailed(sqlite3.OperationalError):
    """`_copy` could not read the database it copies (its cause is SQLite's error): the drive it is on failed, not
    the one the copy is written to. Still an OperationalError, with SQLite's code, to the callers that do not tell
    the two apart."""

    @classmethod
    def of(cls, exc: sqlite3.Error) -> _SourceReadFailed:
        failed = cls(str(exc))
        failed.sqlite_errorcode, failed.sqlite_errorname = exc.sqlite_errorcode, exc.sqlite_errorname
        return failed


def _read_failed(exc: BaseException | None) -> bool:
    """Whether ``exc`` (SQLite's, or the system's for a file read) says the drive could not give the bytes asked."""
    if isinstance(exc, OSError):
        return exc.errno == errno.EIO
    return getattr(exc, "sqlite_errorname", "") in _READ_FAILED


def _copy(
    source: Path, target: Path, between_steps: Callable[[], None] | None = None, *, immutable: bool = False
) -> None:
    """Copy with the online backup API (consistent even while another connection writes).

    With ``between_steps`` the copy goes ``BACKUP_STEP_PAGES`` at a time and calls it after each step (to pause,
    or raise to stop). The copy holds one read transaction from its first step to its last: SQLite's backup
    starts again from the first page whenever another connection writes between two steps, so under steady
    editing a copy made of separate reads might never finish. In WAL mode (the store's) that read blocks no save
    and no other read; the copy is the database as it was when it began, and the saves made meanwhile stay in the
    database, for the next backup. A database not in WAL mode is copied in one step. ``immutable``: ``source`` is
    a file nothing can change, read as it is with nothing made beside it (`forms.read_only_open`).

    A read of ``source`` that fails (a scratched CD) is raised as `_SourceReadFailed`: SQLite says it on the
    target's connection, as "disk I/O error", the words a failed write has too."""
    try:
        src = sqlite3.connect(read_only_uri(source, immutable=immutable), uri=True, isolation_level=None)
    except sqlite3.OperationalError as exc:  # an immutable file's first page is read on connecting
        if _read_failed(exc):
            raise _SourceReadFailed.of(exc) from exc
        raise
    try:
        dst = sqlite3.connect(target)
        try:
            try:
                # Without WAL the held read would stop every save until the copy ends: copied in one go, as ever.
                if between_steps is None or src.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    src.backup(dst)
                else:
                    src.execute("BEGIN")
                    src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot the steps share
                    src.backup(dst, pages=BACKUP_STEP_PAGES, progress=lambda *_: between_steps())
                    src.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                # The target is a new file, written and not read back: a read that failed here is the source's.
                if _read_failed(exc):
                    raise _SourceReadFailed.of(exc) from exc
                raise
            # A backup is a single file: fold the copy out of WAL mode so no -wal file is needed beside it. Read to
            # its end: a write of it that failed (a stick giving up) is said only then, and was taken for a copy
            # made whole, its journal left beside it (the check then called the database damaged).
            dst.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            dst.close()
    finally:
        src.close()


def _is_full(exc: OSError | sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or getattr(exc, "errno", None) == errno.ENOSPC


def _is_not_allowed(exc: OSError | sqlite3.OperationalError) -> bool:
    """A file that cannot be written there: a read-only drive or folder, or no permission."""
    name = getattr(exc, "sqlite_errorname", "")
    return name in ("SQLITE_CANTOPEN", "SQLITE_READONLY") or getattr(exc, "errno", None) in (errno.EROFS, errno.EACCES)


def _write_problem(exc: OSError | sqlite3.OperationalError) -> tuple[str, str]:
    """Why a file could not be written, in 中文 and English."""
    if _is_full(exc):
        return "磁盘空间已满", "the drive is full"
    if _is_not_allowed(exc):
        return "无法在此处写文件（只读或没有权限）", "cannot write a file there (read-only or not allowed)"
    reason = getattr(exc, "strerror", None) or str(exc)
    return reason, reason


def backup(
    db: Path,
    out: Path,
    passphrase: str | None = None,
    between_steps: Callable[[], None] | None = None,
    *,
    immutable: bool = False,
) -> BackupResult:
    """Write a checked copy of ``db`` to ``out``; encrypted when a ``passphrase`` is given (`forms.sealed_backup`).

    The copy that is checked is plain, so it is made beside the database (on the laptop's disk, which holds the
    database itself) and only its encryption is written to ``out``: a backup cut short leaves nothing readable on
    a stick. ``between_steps`` is called as the copy goes (`_copy`). ``immutable``: ``db`` is a file nothing here
    can write, asked by the command that runs the backup (`forms.read_only_open.read_immutable`, never in the app,
    which has its database open): read as it is, and nothing written beside it, the plain copy included."""
    db, out = Path(db), Path(out)
    revision = backup_source_revision(db, immutable=immutable)
    if passphrase is not None:
        return _sealed_backup(db, out, passphrase, revision, immutable)
    out = _backup_target(db, out, ".sqlite")
    partial = out.with_name(out.name + _partial_suffix())
    try:
        _checked_copy(db, partial, out, between_steps, immutable=immutable)
        # Measured before it takes its name: a daily backup may be compressed (and the plain copy removed) by
        # another window the moment it has one.
        size = partial.stat().st_size
        os.replace(partial, out)
    except _SourceReadFailed as exc:  # the drive of the database, not the one the backup goes to
        raise _cannot_read(db, exc.__cause__ or exc, out) from exc.__cause__
    except (OSError, sqlite3.OperationalError) as exc:  # a full or read-only drive, seen by Python or by SQLite
        raise _cannot_write(out, exc) from exc
    finally:
        # SQLite's files beside it too: a copy cut short by a failing stick may leave its journal there.
        for leftover in (partial, *(Path(f"{partial}{beside}") for beside in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):  # on a read-only drive there is nothing to remove, and no way to
                leftover.unlink(missing_ok=True)
    return BackupResult(out, size, revision)


def backup_source_revision(db: Path, *, immutable: bool = False) -> str | None:
    """The revision of the database to back up; refuses a missing file, or one that is not an Anju database
    (`anju backup` asks before the passphrase is typed). ``immutable``: see `backup`."""
    if db.is_dir():  # `--db D:\安居` for `--db D:\安居\station.db`: it read as not found, though it is there
        raise StoreError(
            f"“{db}”是文件夹，不是数据库文件。请给出要备份的数据库文件的完整路径（通常以 .db 结尾）。",
            f"“{db}” is a folder, not a database file. Give the full path of the database file to back up (usually "
            "ending in .db).",
        )
    if not db.is_file():
        raise StoreError(
            f"找不到要备份的数据库“{db}”。请检查路径。",
            f"The database to back up, “{db}”, was not found. Check the path.",
        )
    try:
        return read_revision(db, immutable=immutable)
    except (OSError, sqlite3.DatabaseError, StoreError) as exc:
        # A file SQLite could not read (sqlite3.connect reads an immutable file's first page, and `read_revision`
        # says a failed read as a full or read-only drive), or one it found damaged where its drive could not give
        # the bytes (asked of the file itself, as it holds no lock to drop: `_read_error_in`).
        cause = exc.__cause__ if isinstance(exc, StoreError) else exc
        if cause is not None and _read_failed(cause):
            raise _cannot_read(db, cause) from cause
        if immutable and isinstance(cause, sqlite3.DatabaseError) and (failed := _read_error_in(db)) is not None:
            raise _cannot_read(db, failed) from failed
        raise


def _read_error_in(path: Path) -> OSError | None:
    """What reading ``path`` from start to end says, or None when it reads whole. For a file read ``immutable``, or
    one no connection of this process has open (a backup being restored, between its checks): closing a handle on
    a file drops the locks the process holds on it (`forms.schema.is_sqlite_file`), and SQLite holds none then."""
    try:
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass
    except OSError as exc:
        return exc
    return None


def _sealed_backup(db: Path, out: Path, passphrase: str, revision: str | None, immutable: bool) -> BackupResult:
    out = _backup_target(db, out, sealed_backup.SUFFIX)
    # Beside the database (on the laptop's disk), never on the stick. Beside a database nothing can write (a CD,
    # a read-only folder) it cannot be, and a copy left there by a backup cut short would stay: in this computer's
    # folder for temporary files then, a folder of its own, removed with it.
    try:
        own_folder = Path(tempfile.mkdtemp(prefix="anju-backup-")) if immutable else None
    except OSError as exc:
        raise _no_plain_copy(out, Path(tempfile.gettempdir()), exc, temporary=True) or _cannot_write(out, exc) from exc
    suffix = f"{db.suffix}.{os.getpid()}-{threading.get_ident()}.backup-partial"
    plain = _named_after(db, own_folder or db.parent, suffix, "-journal")
    partial = out.with_name(out.name + _partial_suffix())
    try:
        try:
            _checked_copy(db, plain, out, immutable=immutable)
        except _SourceReadFailed as exc:  # the drive of the database, not the one the backup goes to
            raise _cannot_read(db, exc.__cause__ or exc, out) from exc.__cause__
        except (OSError, sqlite3.OperationalError) as exc:  # the plain copy is on this computer, not at ``out``
            folder = own_folder.parent if own_folder is not None else db.parent
            if (problem := _no_plain_copy(out, folder, exc, temporary=own_folder is not None)) is None:
                raise
            raise problem from exc
        whose = _whose(plain)
        with open(partial, "wb") as f:
            sealed_backup.seal_file(
                plain, f, passphrase, revision=revision, whose=whose, made_at=datetime.now(UTC).isoformat()
            )
            f.flush()
            os.fsync(f.fileno())  # on the stick before 备份完成 is shown and the stick is pulled out
        os.replace(partial, out)
    except (OSError, sqlite3.OperationalError) as exc:  # writing ``out``: a full or read-only stick
        raise _cannot_write(out, exc) from exc
    finally:
        for leftover in (plain, *(Path(f"{plain}{beside}") for beside in ("-journal", "-wal", "-shm")), partial):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if own_folder is not None:
            shutil.rmtree(own_folder, ignore_errors=True)
    county = whose is not None and bool(whose.county_enc_public)
    return BackupResult(out, out.stat().st_size, revision, encrypted=True, county_can_open=county)


def _backup_target(db: Path, out: Path, suffix: str) -> Path:
    """The backup's file: ``out``, or a new name inside it when it is a drive or folder; refused when it is the
    database itself or its folder does not exist."""
    if out.is_dir():  # a drive or folder (`--out E:\`, as for `anju sync export`): the backup goes inside it
        out = _named_after(db, out, f"-backup-{_timestamp()}{suffix}", _LONGEST_PARTIAL + "-journal")
    if out.resolve() == db.resolve():
        raise StoreError(
            "备份文件不能与数据库是同一个文件。请另选备份位置。",
            "The backup file cannot be the database itself. Choose another place for the backup.",
        )
    if not out.parent.is_dir():
        raise StoreError(
            f"备份位置“{out.parent}”不存在。请先插入U盘或选择已有的文件夹。",
            f"The backup folder “{out.parent}” does not exist. Insert the drive or pick an existing folder.",
        )
    return out


def _checked_copy(
    db: Path, copy: Path, out: Path, between_steps: Callable[[], None] | None = None, *, immutable: bool = False
) -> None:
    """Copy ``db`` to ``copy`` (its own name: two windows on one database may make the day's backup at the same
    moment) and check it; a copy that fails the check is refused as the backup ``out``."""
    copy.unlink(missing_ok=True)
    _copy(db, copy, between_steps, immutable=immutable)
    problems = integrity_problems(copy, between_steps)
    if problems:
        raise StoreError(
            f"备份“{out}”校验失败：{problems[0]}。原数据库可能已损坏，请联系技术支持，不要覆盖旧备份。",
            f"Backup “{out}” failed its integrity check: {problems[0]}. The database may be damaged; "
            "contact support and keep your older backups.",
        )


def _cannot_write(out: Path, exc: OSError | sqlite3.OperationalError) -> StoreError:
    zh, en = _write_problem(exc)
    return StoreError(
        f"无法写入备份“{out}”：{zh}。请检查U盘是否已满或只读，或换一个位置。",
        f"Cannot write backup “{out}”: {en}. Is the drive full or read-only? Or choose another place.",
    )


class UnreadableDatabase(StoreError):
    """The database to copy could not be read: its drive (a scratched CD, a failing stick or disk) did not give
    the bytes asked for. Nothing was written, and the database is as it was."""

    def __init__(self, zh: str, en: str, db: Path, reason: str) -> None:
        super().__init__(zh, en)
        self.db, self.reason = db, reason


def _cannot_read(db: Path, exc: BaseException, out: Path | None = None) -> UnreadableDatabase:
    """The refusal when reading the database to back up failed: said as the database's drive, not the backup's.
    It was "无法写入备份…请检查U盘是否已满或只读", and the clerk looked at a stick with room to spare while the
    CD the database came on could not be read. ``out``: the backup, written under another name and removed."""
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    where, where_en = (
        (f"备份位置“{out.parent}”上没有留下文件", f"nothing was left in “{out.parent}”")
        if out is not None
        else ("什么也没有写", "nothing was written")
    )
    return UnreadableDatabase(
        f"备份没有做成：读取要备份的数据库“{db}”时出错（{reason}）。这个文件有读不出来的地方，问题出在数据库所在的"
        f"光盘、U盘或磁盘上，不是备份位置的问题；{where}，原数据库没有改动。\n\n"
        "怎么办：先把数据库文件复制到本机硬盘上自己的文件夹（如“文档”），再备份复制的那一份（命令行：用 --db 指向它）。"
        "如果复制也出错，请检查光盘（擦净盘面，或换一个光驱）或U盘（拔下后重新插好），或请对方重新刻录、拷贝一份数据库。",
        f"The backup was not made: the database to back up, “{db}”, could not be read ({reason}). Part of the file "
        "cannot be read on the CD, stick or disk it is on; the place the backup goes to is not at fault. "
        f"{where_en[0].upper()}{where_en[1:]}, and the database was not changed.\n\n"
        "What to do: copy the database file to a folder of your own on this computer's drive (such as Documents) and "
        "back up that copy (at the command prompt: give it with --db). If copying fails too, check the disc (wipe it "
        "clean, or try another drive) or the stick (unplug it and plug it in again), or ask for a new copy of the "
        "database.",
        db,
        reason,
    )


def _cannot_read_backup(backup_file: Path, exc: OSError, db: Path) -> StoreError:
    """The refusal when reading the backup to restore failed (a scratched CD, a failing stick): said as the backup's
    drive. It was "无法把加密备份…解开到“文件夹”…请检查这个文件夹能否写入" (the laptop's folder blamed) for an
    encrypted backup, and "已损坏" (the backup called damaged) for a plain one. Nothing was changed: the backup is
    read whole before anything is kept aside or written into ``db``."""
    reason = exc.strerror or str(exc)
    unchanged, unchanged_en = (
        (f"数据库“{db}”没有改动", f"The database “{db}” was not changed")
        if db.exists()
        else (f"也没有建立数据库“{db}”", f"No database “{db}” was made")
    )
    return StoreError(
        f"没有恢复：读取备份文件“{backup_file}”时出错（{reason}）。这个文件有读不出来的地方，问题出在备份所在的"
        f"光盘或U盘上，不是要恢复到的文件夹的问题；{unchanged}。\n\n"
        "怎么办：先把备份文件复制到本机硬盘上自己的文件夹（如“文档”），再从复制的那一份恢复。"
        "如果复制也出错，说明那张光盘或那个U盘坏了：请用这份备份的另一份（别的U盘或光盘上的），或另一个备份。",
        f"Nothing was restored: the backup file “{backup_file}” could not be read ({reason}). Part of the file "
        f"cannot be read on the disc or stick it is on; the folder restored into is not at fault. {unchanged_en}.\n\n"
        "What to do: copy the backup file to a folder of your own on this computer's drive (such as Documents) and "
        "restore from that copy. If copying fails too, that disc or stick is failing: use another copy of this backup "
        "(on another stick or disc), or another backup.",
    )


def _unreadable_backup(backup_file: Path, db: Path) -> StoreError | None:
    """`_cannot_read_backup` when ``backup_file`` (no connection of this process has it open) cannot be read to its
    end, or None. SQLite says a read that failed in its check as damage ("database disk image is malformed")."""
    failed = _read_error_in(backup_file)
    return _cannot_read_backup(backup_file, failed, db) if failed is not None and _read_failed(failed) else None


def _no_plain_copy(
    out: Path, folder: Path, exc: OSError | sqlite3.OperationalError, *, temporary: bool
) -> StoreError | None:
    """The refusal when the plain copy an encrypted backup is made from could not be written in ``folder``: the
    database's folder, full; or (``temporary``: a database nothing here can write, `anju backup` only) this
    computer's folder for temporary files, full or not writable. None for any other failure. Both were said as
    the backup's own failure ("请检查U盘是否已满或只读"): the worker looked at a stick with room to spare."""
    full = _is_full(exc)
    if not temporary:
        if not full:
            return None
        return StoreError(
            f"备份没有做成：加密前要先在数据库所在的文件夹“{folder}”里做一份未加密的副本，但那个磁盘已满。"
            f"备份位置“{out.parent}”上什么也没有写。\n\n"
            "怎么办：在那个磁盘上腾出空间（删除不需要的文件、清空回收站），再备份一次。",
            f"The backup was not made: before it is encrypted, an unencrypted copy is made in the database's folder "
            f"“{folder}”, and that drive is full. Nothing was written to “{out.parent}”.\n\n"
            "What to do: free some space on that drive (delete files you do not need, empty the Recycle Bin) and "
            "back up again.",
        )
    if not full and not _is_not_allowed(exc):
        return None
    if full:
        why_zh, why_en = "那个磁盘已满", "that drive is full"
        free_zh = f"在“{folder}”所在的磁盘上腾出空间（删除不需要的文件、清空回收站）；或者"
        free_en = (
            f"free some space on the drive of “{folder}” (delete files you do not need, empty the Recycle Bin); or "
        )
    else:
        why_zh, why_en = "那里不能写入文件（只读或没有权限）", "no file can be written there"
        free_zh = free_en = ""
    return StoreError(
        f"备份没有做成：加密前要先在本机的临时文件夹“{folder}”里做一份未加密的副本，但{why_zh}。"
        "--out 指定的位置上什么也没有写。\n\n"
        f"怎么办：{free_zh}在命令提示符里先运行 set TMPDIR=有空间的文件夹（如 set TMPDIR=D:\\临时），让副本做在那里；"
        "或者用 --plain 备份成不加密的文件（直接写到 --out，不经过临时文件夹，但谁拿到都能打开）。然后再运行这条命令。",
        f"The backup was not made: before it is encrypted, an unencrypted copy is made in this computer's folder for "
        f"temporary files, “{folder}”, but {why_en}. Nothing was written where --out says.\n\n"
        f"What to do: {free_en}run set TMPDIR=FOLDER at the command prompt (a folder with room, such as "
        "set TMPDIR=D:\\temp) to have the copy made there; or back up with --plain to an unencrypted file (written "
        "straight to --out, with no temporary folder, but anyone who has it can open it). Then run the command again.",
    )


def restore(backup_file: Path, db: Path, passphrase: str | None = None, *, command: bool = False) -> BackupResult:
    """Replace ``db`` with a checked backup; the replaced database is kept beside it first. An encrypted backup
    needs its ``passphrase``: it is opened into a plain copy beside ``db`` (removed afterwards), and nothing is
    changed when the passphrase is wrong or any part of the file is damaged or missing. ``command``: said for an
    ``anju`` command (`forms.unwritable`), not for the app's 从备份恢复.

    A database that cannot be written (a read-only file or folder, a write-protected stick) is refused first, with
    that cause (`cannot_restore_into`): it was found only half-way, after the backup had been opened and the current
    database copied aside, and said as a full disk (请腾出磁盘空间), with the copy and SQLite's -wal and -shm files
    left beside it."""
    backup_file, db = Path(backup_file), Path(db)
    refuse_missing_backup(backup_file)
    if db.exists() and os.path.samefile(backup_file, db):
        raise StoreError(
            f"备份文件“{backup_file}”就是要恢复到的数据库（--db），没有恢复。"
            "请检查：先写备份文件，--db 后写数据库文件。",
            f"The backup “{backup_file}” is the database to restore into (--db) itself; nothing was restored. Check "
            "the command: the backup file first, the database file after --db.",
        )
    if (problem := cannot_restore_into(db, command=command)) is not None:
        raise problem
    try:  # its start, which says what kind of backup it is: a scratch there made it "不是安居数据库文件"
        with open(backup_file, "rb") as f:
            f.read(1 << 16)
    except OSError as exc:  # any other cause (no right to read it) is said as ever, by the steps below
        if _read_failed(exc):
            raise _cannot_read_backup(backup_file, exc, db) from exc
    if _is_packed(backup_file):
        return _restore_packed(backup_file, db, command)
    if not sealed_backup.is_sealed_backup(backup_file):
        return _restore_plain(backup_file, db, command=command)
    header = check_sealed_backup(backup_file, db)
    if passphrase is None:
        raise StoreError(
            f"“{backup_file}”是加密备份，需要备份时设定的口令。",
            f"“{backup_file}” is an encrypted backup: it needs the passphrase it was made with.",
        )
    key = sealed_backup.key_from_passphrase(header, passphrase, backup_file.name)
    if not db.parent.is_dir():
        raise StoreError(*_no_folder_to_restore_into(db))
    suffix = f"{db.suffix}.{os.getpid()}-{threading.get_ident()}.restore-partial"
    plain = _named_after(db, db.parent, suffix, "-journal")
    try:
        _open_sealed(backup_file, header, key, plain, db, command)
        return _restore_plain(plain, db, backup_file, command)
    finally:
        for leftover in (plain, Path(f"{plain}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def _is_packed(path: Path) -> bool:
    """A compressed daily backup (`auto_backup`): gzip's magic bytes."""
    with contextlib.suppress(OSError), open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"
    return False


def _restore_packed(backup_file: Path, db: Path, command: bool) -> BackupResult:
    """`restore` of a compressed daily backup: opened into a plain copy beside ``db`` (removed afterwards), then
    restored as a plain one; nothing is changed when it is cut short or damaged."""
    if not db.parent.is_dir():
        raise StoreError(*_no_folder_to_restore_into(db))
    suffix = f"{db.suffix}.{os.getpid()}-{threading.get_ident()}.restore-partial"
    plain = _named_after(db, db.parent, suffix, "-journal")
    try:
        try:
            with gzip.open(backup_file, "rb") as source, open(plain, "wb") as target:
                while True:
                    try:
                        chunk = source.read(1 << 20)
                    except OSError as exc:  # reading the backup (BadGzipFile, an OSError too, has no errno)
                        if _read_failed(exc):  # its drive, not the folder it is uncompressed into
                            raise _cannot_read_backup(backup_file, exc, db) from exc
                        raise
                    if not chunk:
                        break
                    target.write(chunk)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # cut short, or altered: its check sum says so
            raise StoreError(
                f"备份文件“{backup_file}”已损坏（不完整或被改动），没有恢复。请选择另一个备份。",
                f"Backup “{backup_file}” is damaged (cut short or altered); nothing was restored. Pick another backup.",
            ) from exc
        except OSError as exc:
            raise _cannot_restore(
                (
                    f"无法把备份“{backup_file}”解压到“{plain.parent}”",
                    f"Cannot uncompress the backup “{backup_file}” into “{plain.parent}”",
                ),
                exc,
                db,
                command,
            ) from exc
        return _restore_plain(plain, db, backup_file, command)
    finally:
        for leftover in (plain, Path(f"{plain}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def check_sealed_backup(backup_file: Path, db: Path) -> sealed_backup.BackupHeader:
    """An encrypted backup's header, refused before any passphrase is asked when it is damaged, made by a newer
    Anju, or another station's backup to be restored over this one."""
    header = sealed_backup.read_backup_header(backup_file)
    check_supported(backup_file, header.revision, backup=True, version=header.app_version)
    if header.whose is not None and db.is_file() and db.stat().st_size > 0:
        theirs = (header.whose.id, header.whose.role, header.whose.name)
        _refuse_other_identity(backup_file, theirs, _identity(db), db)
    return header


def _no_folder_to_restore_into(db: Path) -> tuple[str, str]:
    return (
        f"无法恢复到“{db}”：文件夹“{db.parent}”不存在。{MAKE_THE_FOLDER[0]}",
        f"Cannot restore to “{db}”: the folder “{db.parent}” does not exist. {MAKE_THE_FOLDER[1]}",
    )


def refuse_missing_backup(backup_file: Path) -> None:
    """A backup file to open that is not there, or is a folder (the stick's, for the file in it): said before any
    passphrase is asked."""
    if backup_file.is_dir():
        raise StoreError(
            f"“{backup_file}”是文件夹，不是备份文件。请给出其中备份文件的完整路径（以 .anju-backup 或 .sqlite 结尾）。",
            f"“{backup_file}” is a folder, not a backup file. Give the full path of the backup file in it (ending "
            "in .anju-backup or .sqlite).",
        )
    if not backup_file.is_file():
        raise StoreError(
            f"找不到备份文件“{backup_file}”。请检查路径。",
            f"Backup file “{backup_file}” was not found. Check the path.",
        )


def open_sealed_backup(backup_file: Path, out: Path, *, county_enc_private: bytes) -> BackupResult:
    """The county opens a station's encrypted backup with its own key, into a plain checked copy ``out`` the
    station can restore from (a station that forgot its passphrase)."""
    backup_file, out = Path(backup_file), Path(out)
    refuse_missing_backup(backup_file)
    header = sealed_backup.read_backup_header(backup_file)
    check_supported(backup_file, header.revision, backup=True, version=header.app_version)
    key = sealed_backup.key_from_county(header, county_enc_private, backup_file.name)
    if key is None:
        whose = header.whose
        raise StoreError(
            f"备份“{backup_file}”不是为本县加密的（{'工作站“' + whose.name + '”' if whose else '未登记的数据库'}"
            "的备份只能用备份口令打开），没有打开。",
            f"Backup “{backup_file}” was not encrypted for this county (the backup of "
            f"{'station “' + whose.name + '”' if whose else 'an unenrolled database'} opens only with its "
            "passphrase); nothing was opened.",
        )
    partial = out.with_name(f"{out.name}.{os.getpid()}.partial")
    try:
        _open_sealed(backup_file, header, key, partial, out, command=True)
        os.replace(partial, out)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return BackupResult(out, out.stat().st_size, header.revision)


def _open_sealed(
    backup_file: Path, header: sealed_backup.BackupHeader, key: bytes, plain: Path, db: Path, command: bool
) -> None:
    """Decrypt into ``plain`` (beside ``db``, the database it is for) and check it, as a plain backup is checked."""
    try:
        with open(plain, "wb") as f:
            sealed_backup.open_file(backup_file, header, key, f)
    except OSError as exc:
        if isinstance(exc, sealed_backup.BackupReadFailed) and _read_failed(exc):  # the backup's drive, not the folder
            raise _cannot_read_backup(backup_file, exc, db) from exc.__cause__
        raise _cannot_restore(
            (
                f"无法把加密备份“{backup_file}”解开到“{plain.parent}”",
                f"Cannot open the encrypted backup “{backup_file}” into “{plain.parent}”",
            ),
            exc,
            db,
            command,
        ) from exc
    problems = integrity_problems(plain)
    if problems:
        raise StoreError(
            f"备份文件“{backup_file}”已损坏（{problems[0]}），没有恢复。请选择另一个备份。",
            f"Backup “{backup_file}” is damaged ({problems[0]}); nothing was restored. Pick another backup.",
        )


def _restore_plain(backup_file: Path, db: Path, shown: Path | None = None, command: bool = False) -> BackupResult:
    """`restore` of a plain copy; ``shown`` is the backup named in messages (the encrypted file it came from)."""
    name = shown or backup_file
    try:
        revision = read_revision(backup_file)
    except StoreError:
        # A backup that cannot be read where its tables are listed (a scratched CD) was "不是安居数据库" or "文件可能
        # 已损坏"; one opened here (``shown``) is on this computer's disk, written and checked a moment ago.
        if shown is None and (unreadable := _unreadable_backup(backup_file, db)) is not None:
            raise unreadable from None
        if shown is None and not is_sqlite_file(backup_file):  # a roster, a batch: "不是安居数据库" read as no help
            raise StoreError(
                f"“{name}”不是安居的备份文件，没有恢复。请选择备份文件：U盘上的以 .anju-backup 结尾，"
                "每天自动做的备份（位置见「设置」）以 .sqlite.gz 结尾。",
                f"“{name}” is not an Anju backup; nothing was restored. Pick a backup: one on a stick ends in "
                ".anju-backup, a daily one (设置 says where) in .sqlite.gz.",
            ) from None
        raise
    if revision is None:
        raise StoreError(
            f"“{name}”是空数据库，不是安居备份。",
            f"“{name}” is an empty database, not an Anju backup.",
        )
    check_supported(name, revision, backup=True, version=program_version(backup_file))
    problems = integrity_problems(backup_file)
    if problems:
        if shown is None and (unreadable := _unreadable_backup(backup_file, db)) is not None:
            raise unreadable
        raise StoreError(
            f"备份文件“{name}”已损坏（{problems[0]}），没有恢复。请选择另一个备份。",
            f"Backup “{name}” is damaged ({problems[0]}); nothing was restored. Pick another backup.",
        )
    keep = None
    damaged = False
    if db.exists():
        damaged = _damaged_anju_database(db)
        if not damaged and _open_elsewhere(db):
            raise _open_error(db)
        _refuse_another_stations(backup_file, db, shown)
        keep = _named_after(db, db.parent, f".before-restore-{_timestamp()}.sqlite", ".partial-journal")
        # Written under a temporary name and renamed: a restore cut short while keeping leaves no half copy
        # under the name of the kept database.
        partial = keep.with_name(keep.name + ".partial")
        try:
            partial.unlink(missing_ok=True)
            if damaged:  # the file as it is, byte for byte (with its -wal): the backup API cannot read it
                if Path(f"{db}-wal").is_file():
                    shutil.copyfile(f"{db}-wal", f"{keep}-wal")
                shutil.copyfile(db, partial)
            else:
                _copy(db, partial)
            os.replace(partial, keep)
        except (OSError, sqlite3.OperationalError) as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise _cannot_restore(
                (f"无法把现在的数据库另存为“{keep}”", f"Cannot keep the current database as “{keep}”"), exc, db, command
            ) from exc
        if damaged and _open_elsewhere(db):  # asked once it is kept as it was: asking folds a -wal beside it in
            for kept in (keep, Path(f"{keep}-wal")):
                kept.unlink(missing_ok=True)
            raise _open_error(db)
    elif not db.parent.is_dir():
        raise StoreError(*_no_folder_to_restore_into(db))
    if damaged:
        _replace_damaged(backup_file, db, command)
    else:
        src = sqlite3.connect(read_only_uri(backup_file), uri=True)
        try:
            dst = sqlite3.connect(db, timeout=BUSY_WAIT_SECONDS)
            try:
                # page-by-page into the live file, atomically under dst's own transaction
                src.backup(dst, progress=_give_up_when_busy)
                dst.execute("PRAGMA journal_mode = WAL")
            finally:
                dst.close()
        except _Busy as exc:  # another program kept writing past the wait (SQLite's backup would retry forever)
            _drop_kept(keep)
            busy = busy_error(db)
            raise StoreError(f"{busy.zh}没有恢复。", f"{busy.en} Nothing was restored.") from exc
        except sqlite3.OperationalError as exc:  # the transaction was rolled back: the database is as it was
            _drop_kept(keep)
            raise _cannot_restore(
                (f"无法恢复到“{db}”", f"Cannot restore to “{db}”"),
                exc,
                db,
                command,
                ("数据库没有改变。", "The database was not changed."),
            ) from exc
        finally:
            src.close()
    problems = integrity_problems(db)
    if problems:  # pragma: no cover - the source was checked; this would be a disk fault
        raise StoreError(
            f"恢复后的数据库“{db}”校验失败：{problems[0]}。原数据库副本保存在旁边。",
            f"The restored database “{db}” failed its check: {problems[0]}. The old one was kept beside it.",
        )
    return BackupResult(db, db.stat().st_size, revision, keep)


class _Busy(Exception):
    pass


def cannot_restore_into(db: Path, *, command: bool = False) -> StoreError | None:
    """Why no backup could be restored into ``db``, or None: the file, the -wal or -shm beside it, its folder or its
    drive cannot be written (read-only, a write-protected stick, no right to write there), told as
    `forms.unwritable` tells it, with what to do. The app asks before the backup is chosen (`desktop.restore_dialog`),
    `restore` before it changes anything. A full disk is not judged here: how much room a restore needs depends on
    the backup, and SQLite says so when it runs out (`_cannot_restore`)."""
    made = (f"数据库“{db.name}”", f"the database “{db.name}”")
    if not db.is_file():
        problem = why_cannot_write_in(db.parent, made)
    elif _files_writable(db) and why_cannot_write_in(db.parent, made) is None:
        # Asked of the files and the folder, not of SQLite, first: SQLite's test write folds the -wal a crashed app
        # left into a damaged database, which must be kept byte for byte as it was.
        return None
    else:
        problem = why_unwritable(db, room_needed=0, command=command)
    if problem is None:
        return None
    if command:  # the command's words already say to run it again
        return StoreError(f"没有从备份恢复：{problem.zh}", f"Nothing was restored: {problem.en}")
    return StoreError(
        f"没有从备份恢复：{problem.zh}改好后，再点“从备份恢复”。",
        f"Nothing was restored: {problem.en} Then choose 从备份恢复 (restore a backup) again.",
    )


def _files_writable(db: Path) -> bool:
    """Whether the database file, and the -wal and -shm beside it, open for writing (nothing is written)."""
    for file in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        try:
            os.close(os.open(file, os.O_RDWR))
        except FileNotFoundError:
            continue
        except OSError as exc:
            if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
                return False
    return True


def _cannot_restore(
    doing: tuple[str, str],
    exc: OSError | sqlite3.OperationalError,
    db: Path,
    command: bool,
    unchanged: tuple[str, str] = ("没有恢复。", "Nothing was restored."),
) -> StoreError:
    """A restore step (``doing``: 中文, English) that could not write, said by its cause: a full disk asks for room;
    a file, folder or drive that cannot be written is named with what to do (`cannot_restore_into`: the state may
    have changed since the restore began). Every cause used to be told "请腾出磁盘空间后再试"."""
    zh, en = _write_problem(exc)
    full = _is_full(exc)
    if not full and (problem := cannot_restore_into(db, command=command)) is not None:
        return problem
    advice_zh, advice_en = (
        (
            "请腾出磁盘空间（删除不需要的文件、清空回收站）后再试。",
            "Free some disk space (delete files you do not need, empty the Recycle Bin) and try again.",
        )
        if full
        else (
            "请检查这个文件夹能否写入，或恢复到另一个文件夹。",
            "Check that the folder can be written to, or restore into another folder.",
        )
    )
    return StoreError(f"{doing[0]}：{zh}。{unchanged[0]}{advice_zh}", f"{doing[1]}: {en}. {unchanged[1]} {advice_en}")


def _drop_kept(keep: Path | None) -> None:
    """The copy kept of the database a restore was to replace, once the restore failed and left the database as it
    was: the same data twice, taking the room a full disk lacked, under a name that says a restore happened."""
    if keep is not None:
        with contextlib.suppress(OSError):
            keep.unlink(missing_ok=True)


def _open_elsewhere(db: Path) -> bool:
    """Whether another program (an Anju window, ``anju serve``, an ``anju`` command) has ``db`` open.

    Restoring under it would leave it showing the old data and saving what is typed next against records the
    backup does not hold (dropped), or, for a damaged database replaced by a new file, into the old file that no
    longer has a name (lost). A connection to a database in WAL mode (every Anju database) holds a shared lock on
    the file for as long as it is open, idle or not, and SQLite's EXCLUSIVE locking mode needs the file to itself:
    the same on Windows, where SQLite locks byte ranges of the file. The operating system lets go of a process's
    locks when it ends, so an app that crashed blocks no restore, as a marker file it left would.
    """
    probe = sqlite3.connect(db, timeout=OPEN_WAIT_SECONDS, isolation_level=None)
    try:
        probe.execute("PRAGMA locking_mode = EXCLUSIVE")
        probe.execute("BEGIN EXCLUSIVE")
        probe.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        return getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED")
    except sqlite3.DatabaseError:  # a damaged file: it cannot tell, and the restore is what it needs
        return False
    finally:
        probe.close()
    return False


def _open_error(db: Path) -> StoreError:
    return StoreError(
        f"数据库“{db}”正被另一个程序使用：标题栏为“安居 Anju … — {db.name}”的安居窗口、县级服务器 anju serve "
        "或另一条 anju 命令还打开着它，没有恢复。请先关闭所有打开这个数据库的安居窗口，等其他命令结束，"
        "再运行一次恢复。（开着安居恢复，窗口里仍是旧数据，之后录入的内容会丢失。）",
        f"The database “{db}” is in use by another program: an Anju window titled “安居 Anju … — {db.name}”, the "
        "county server anju serve, or another anju command still has it open, so nothing was restored. Close every "
        "Anju window that has this database open, let other commands finish, then run the restore again. (Restored "
        "under an open Anju, the window would go on showing the old data and what is typed next would be lost.)",
    )


def _identity(path: Path) -> tuple[str, str, str] | None:
    """Whose database ``path`` is (its sync identity's id, role and name), or None: not enrolled, or unreadable."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = conn.execute("SELECT id, role, name FROM sync_identity LIMIT 1").fetchone()
    except sqlite3.DatabaseError:  # a database from before sync, or a damaged one
        return None
    finally:
        conn.close()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


def _whose(path: Path) -> Whose | None:
    """Whose database ``path`` is, with the county's public key an enrolled station's backup is wrapped to."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = conn.execute(
            "SELECT role, id, name, county_id, county_name, county_enc_public FROM sync_identity LIMIT 1"
        ).fetchone()
    except sqlite3.DatabaseError:  # a database from before sync
        return None
    finally:
        conn.close()
    if row is None:
        return None
    role, id_, name, county_id, county_name, county_public = row
    if role != "station":  # the county's own key is in the very database backed up: no use to open it
        county_id, county_name, county_public = "", "", b""
    return Whose(str(role), str(id_), str(name), str(county_id), str(county_name), bytes(county_public or b""))


def _refuse_another_stations(backup_file: Path, db: Path, shown: Path | None = None) -> None:
    """A backup of another station's (or the county's) database is not restored over this one: the database would
    then claim to be that station, and both would sync as one. A database not yet enrolled (a new laptop) takes it."""
    _refuse_other_identity(shown or backup_file, _identity(backup_file), _identity(db), db)


def _refuse_other_identity(
    backup_file: Path, theirs: tuple[str, str, str] | None, ours: tuple[str, str, str] | None, db: Path
) -> None:
    if theirs is None or ours is None or theirs[:2] == ours[:2]:
        return
    role = {"station": ("工作站", "station"), "county": ("县级", "county")}
    their_zh, their_en = role.get(theirs[1], (theirs[1], theirs[1]))
    our_zh, our_en = role.get(ours[1], (ours[1], ours[1]))
    raise StoreError(
        f"备份“{backup_file}”是{their_zh}“{theirs[2]}”的数据库，而“{db}”是{our_zh}“{ours[2]}”的数据库，没有恢复。"
        "请确认选对了备份文件和 --db；要查看那份备份，请恢复到一个还不存在的文件名（--db 新文件.db）。",
        f"Backup “{backup_file}” is the database of the {their_en} “{theirs[2]}”, but “{db}” is the database of "
        f"the {our_en} “{ours[2]}”, so nothing was restored. Check the backup file and --db; to look at that backup, "
        "restore it into a file name that does not exist yet (--db NEW.db).",
    )


def _give_up_when_busy(status: int, _remaining: int, _pages: int) -> None:
    """`sqlite3.Connection.backup`'s progress callback: the destination's busy timeout has passed and it is still
    locked by another writer, so stop rather than let the backup retry without end."""
    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        raise _Busy


def _damaged_anju_database(db: Path) -> bool:
    """Whether ``db``, about to be restored over, is a damaged database (what a restore is for); a file that is
    not an Anju database at all is refused, so a wrong ``--db`` overwrites nothing."""
    if db.stat().st_size == 0:
        return False
    try:
        read_revision(db)
    except StoreError:
        if is_sqlite_file(db) and integrity_problems(db):
            return True
        raise StoreError(
            f"“{db}”不是安居数据库，没有恢复。请检查 --db 是否选对；要恢复成一个新的数据库，请给一个还不存在的文件名。",
            f"“{db}” is not an Anju database; nothing was restored. Check --db; to restore into a new database, "
            "give a file name that does not exist yet.",
        ) from None
    return bool(integrity_problems(db))


def _replace_damaged(backup_file: Path, db: Path, command: bool) -> None:
    """Put the backup in place of a damaged database file (already kept aside), with no -wal of the old one left
    to be replayed into it."""
    partial = db.with_name(db.name + ".partial")
    try:
        _copy(backup_file, partial)
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(partial, db)
    except (OSError, sqlite3.OperationalError) as exc:  # the damaged file is kept aside, as it was, with its -wal
        raise _cannot_restore(
            (f"无法恢复到“{db}”", f"Cannot restore to “{db}”"),
            exc,
            db,
            command,
            (
                "没有恢复，损坏的数据库已原样另存在旁边（before-restore）。",
                "Nothing was restored; the damaged database was kept beside it as it was (before-restore).",
            ),
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def auto_backup_dir(db: Path) -> Path:
    return db.with_name(f"{db.stem}.backups")


def auto_backup(
    db: Path,
    today: date | None = None,
    keep_days: int = AUTO_BACKUP_DAYS,
    *,
    pack: bool = True,
    between_steps: Callable[[], None] | None = None,
) -> Path | None:
    """Make today's backup beside the database if there is none yet, and keep the last ``keep_days`` of them.

    The last 7 backups, not those of the last 7 calendar days: after a holiday, or when the laptop's clock jumps
    ahead (a flat clock battery), the backups from before are still there. What a backup cut short on an earlier
    day left (its ``.partial`` file) is removed. Returns the new backup's path, or None when today's already
    existed. With ``pack`` the day's copy is compressed at once (`pack_auto_backups`); the app compresses it
    apart, so that the saves queued behind the backup do not wait for it. ``between_steps`` is called as the copy
    and its check go (`_copy`): the app copies step by step, on a thread of its own, beside the user's work.
    """
    db = Path(db)
    today = today or date.today()
    folder = auto_backup_dir(db)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:  # a full or read-only drive, or a file of that name in the way
        zh, en = _write_problem(exc)
        raise StoreError(
            f"无法建立自动备份的文件夹“{folder}”：{zh}。今天没有自动备份。"
            "请腾出磁盘空间，或用 设置 → 立即备份 备份到U盘。",
            f"Cannot make the folder for automatic backups, “{folder}”: {en}. No automatic backup was made today. "
            "Free some disk space, or back up to a USB stick with Settings → Back up now.",
        ) from exc
    target = _daily_backup(db, folder, today)
    packed = target.with_name(target.name + ".gz")
    stems = _daily_stems(db, folder)
    made = None
    if not target.exists() and not packed.exists():
        made = backup(db, target, between_steps=between_steps).path
    if pack:
        pack_auto_backups(db)
        if made is not None and packed.exists():
            made = packed
    dated: dict[date, list[Path]] = {}
    for path in folder.iterdir():
        match = _AUTO_NAME.match(path.name)
        if match and match["stem"] in stems and match["partial"]:
            if match["day"] != today.isoformat():  # not today's, which another window may be writing now
                with contextlib.suppress(OSError):
                    path.unlink()
        elif match and match["stem"] in stems:
            with contextlib.suppress(ValueError):  # a name like a backup's, with no real date in it
                dated.setdefault(date.fromisoformat(match["day"]), []).append(path)
    # Today's is kept whatever its name says: a clock gone back to 2009 names it as the oldest, yet it holds the
    # newest work. A day counts once, whether its backup is compressed, plain or both.
    days = sorted(dated, key=lambda day: (day == today, day))
    for day in days[:-keep_days]:
        for path in dated[day]:
            path.unlink(missing_ok=True)  # another window may have removed it a moment ago
    return made


def _daily_backup(db: Path, folder: Path, day: date) -> Path:
    """The day's checked copy, NAME-DATE.sqlite: made with SQLite's -journal beside it while it is written, then
    compressed to NAME-DATE.sqlite.gz (written with no journal, so the longest name while written is the copy's)."""
    return _named_after(db, folder, f"-{day.isoformat()}.sqlite", _LONGEST_PARTIAL + "-journal")


def _daily_stems(db: Path, folder: Path) -> tuple[str, str]:
    """The names the database's daily backups start with: its own, and the one cut short for a long path."""
    return db.stem, _daily_backup(db, folder, date.min).name.removesuffix(f"-{date.min.isoformat()}.sqlite")


def pack_auto_backups(db: Path, check: Callable[[], None] | None = None) -> list[Path]:
    """Compress the daily backups of ``db`` still plain (today's, or one a closed app left so); returns the
    compressed files made. ``check`` is called between chunks and may raise to stop (the app closing): the plain
    copy then stays as it was, a good backup still.

    A station's database grows for years (its audit log above all), and seven plain copies of a three-year
    station's took 900 MB of a small laptop disk; compressed they take a quarter of that."""
    folder = auto_backup_dir(Path(db))
    stems = _daily_stems(Path(db), folder)
    made = []
    with contextlib.suppress(OSError):  # no folder yet: nothing to compress
        for plain in sorted(folder.iterdir()):
            match = _AUTO_NAME.match(plain.name)
            if not match or match["stem"] not in stems or match["gz"] or match["partial"]:
                continue
            packed = plain.with_name(plain.name + ".gz")
            if packed.exists():  # compressed whole (it is renamed only then), the copy not yet removed
                with contextlib.suppress(OSError):
                    plain.unlink()
            elif _pack(plain, packed, check):
                made.append(packed)
    return made


def _pack(plain: Path, packed: Path, check: Callable[[], None] | None = None) -> bool:
    """Compress the checked copy ``plain`` into ``packed`` (written under a temporary name, then renamed) and
    remove it. Its own check sum (CRC-32) and the copy's ``integrity_check`` on restoring say whether it came back
    whole. False when it could not be compressed (a full disk: the plain copy is the day's backup), or was gone,
    compressed first by another window that made the day's backup at the same moment."""
    partial = packed.with_name(packed.name + _partial_suffix())
    try:
        # Level 1: a few seconds for a three-year station's database, a quarter of its size.
        with open(plain, "rb") as source, gzip.open(partial, "wb", compresslevel=1) as target:
            while chunk := source.read(1 << 20):
                if check is not None:
                    check()
                target.write(chunk)
        os.replace(partial, packed)
    except OSError:
        return False
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # another window's may have gone a moment ago
        plain.unlink(missing_ok=True)
    return True


def copy_before_upgrade(db: Path, revision: str, folder: Path | None = None) -> Path:
    """The copy kept before a migration, named after the revision it was at."""
    rest = f".pre-upgrade-{revision}-{_timestamp()}.sqlite"
    target = _named_after(db, folder or db.parent, rest, _LONGEST_PARTIAL + "-journal")
    try:
        return backup(db, target).path
    except UnreadableDatabase as exc:  # the database's own drive failed: freeing space on it would not help
        raise StoreError(
            f"本版本安居升级前要先把数据库另存一份（“{target}”），但读取数据库“{db}”时出错（{exc.reason}）：这个文件"
            "有读不出来的地方，问题在它所在的磁盘或U盘上。数据库没有改动，也没有升级。\n\n"
            "怎么办：数据库在U盘上时，拔下U盘重新插好后再打开；否则把数据库文件复制到本机硬盘上别的文件夹（如“文档”），"
            "打开复制的那一份。复制也出错时，请联系技术支持，用最近的备份恢复。",
            f"This version of Anju keeps a copy of the database (“{target}”) before upgrading it, but reading the "
            f"database “{db}” failed ({exc.reason}): part of the file cannot be read on the disk or stick it is on. "
            "The database was not changed or upgraded.\n\n"
            "What to do: on a USB stick, unplug it, plug it in again and open it again; otherwise copy the database "
            "file to another folder on this computer's drive (such as Documents) and open that copy. If copying fails "
            "too, contact support and restore the latest backup.",
        ) from exc.__cause__
    except StoreError as exc:
        cause = exc.__cause__
        if not isinstance(cause, OSError | sqlite3.OperationalError):
            raise
        zh, en = _write_problem(cause)  # said as what it is: the copy an upgrade makes, not a backup asked for
        room = -(-db.stat().st_size // 1_000_000) + 1
        raise StoreError(
            f"本版本安居升级前要先把数据库另存一份（“{target}”），但写不进去：{zh}。数据库没有改动，也没有升级。"
            f"请在“{target.parent}”所在的磁盘上腾出至少 {room} MB 空间，然后再打开。",
            f"This version of Anju keeps a copy of the database (“{target}”) before upgrading it, and could not "
            f"write it: {en}. The database was not changed or upgraded. Free at least {room} MB on the drive of "
            f"“{target.parent}”, then open it again.",
        ) from cause


def thin_upgrade_copies(db: Path, made: Path, keep: int = UPGRADE_COPIES_KEPT) -> list[Path]:
    """Remove this database's copies from before upgrades but the last ``keep`` (``made``, the copy of the upgrade
    just done, always among them); returns those removed.

    Called once the upgrade has succeeded: a failed one leaves every copy. The older copies hold nothing the
    newer ones and the database lack, only the state before an older version, which the daily backups and the
    county's copy have long moved past. Copies of other databases in the same folder, and copies kept before a
    restore (``.before-restore-``), are left alone.
    """
    db, made = Path(db), Path(made)
    ours = _UPGRADE_NAME.match(made.name)
    stems = {db.stem, ours["stem"] if ours else db.stem}
    dated = []
    for path in made.parent.iterdir():
        match = _UPGRADE_NAME.match(path.name)
        if match and match["stem"] in stems:
            dated.append((path == made, match["time"], match["revision"], path))
    removed = []
    # Sorted by the time in the name, not the file's: a clock gone back to 2009 names the new copy as the oldest.
    for *_order, path in sorted(dated)[:-keep]:
        with contextlib.suppress(OSError):  # in use or read-only: kept, and tried again at the next upgrade
            path.unlink()
            removed.append(path)
    return removed

"""Writing sync files so a pulled stick or a power cut never leaves a half file under the real name, and a database
commit that fails never leaves a whole file the database does not record."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from forms.errors import why_not_written

from .errors import SyncError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` under a temporary name, flush it to the device, then rename it into place."""
    put_in_place(write_partial(path, data), path)


def write_partial(path: Path, data: bytes) -> Path:
    """Write ``data`` in full under ``path``'s temporary name (``NAME.partial``), flushed to the device."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        discard(partial)
        raise not_written(path, exc) from exc
    return partial


def put_in_place(partial: Path, path: Path) -> None:
    """Give a file `write_partial` wrote its real name."""
    try:
        os.replace(partial, path)
    except OSError as exc:
        discard(partial)
        raise not_written(path, exc) from exc
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX; Windows has no directory fsync)
        with contextlib.suppress(OSError):
            fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def discard(partial: Path) -> None:
    with contextlib.suppress(OSError):  # a stick pulled out: the temporary name is never imported
        partial.unlink()


def not_written(path: Path, exc: OSError) -> SyncError:
    """A batch or return file that could not be written. A full or write-protected stick is said as that, in the
    words a backup or an export uses (`why_not_written`): the system's own reason came in English on some systems
    ("No space left on device"), then a list of everything to check. The database is as it was (`staged`): a
    batch's changes stay pending, a return file or an enrolment package can be made again."""
    if exc.errno in (errno.ENOSPC, errno.EROFS):
        zh, en = why_not_written(exc)
        return SyncError(
            f"无法写入“{path}”：{zh}，然后重试。本机的数据没有改动，什么也没有丢失。",
            f"Cannot write “{path}”: {en}, then try again. Nothing on this computer was changed or lost.",
        )
    return SyncError(
        f"无法写入“{path}”：{exc.strerror or exc}。请检查U盘是否已插好、是否写保护、空间是否足够，然后重试。",
        f"Cannot write “{path}”: {exc.strerror or exc}. Check that the USB stick is plugged in, not "
        "write-protected and has space, then try again.",
    )


class Staging:
    """Files written in full while a database transaction is open, named only once it has committed (`staged`)."""

    def __init__(self) -> None:
        self._files: list[tuple[Path, Path]] = []

    def write(self, path: Path, data: bytes) -> None:
        self._files.append((write_partial(path, data), path))

    def discard(self) -> None:
        for partial, _path in self._files:
            discard(partial)

    def put_in_place(self) -> None:
        for partial, path in self._files:
            put_in_place(partial, path)


@contextlib.contextmanager
def staged() -> Iterator[Staging]:
    """For a file that records what a transaction inside this block commits (a batch, a return file): written in the
    transaction, so a file that cannot be written leaves the database as it was, but under its real name only
    after the commit. A commit the drive refuses (a full disk) leaves no file behind that the database does not
    know of: a batch on the stick whose number the station would use again for other changes."""
    staging = Staging()
    try:
        yield staging
    except BaseException:
        staging.discard()
        raise
    staging.put_in_place()


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, or ``stem-2+suffix`` … when a file of that name is already there."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise SyncError(
            f"文件夹“{folder}”不存在。请确认U盘已插好，或选择一个已有的文件夹。",
            f"The folder “{folder}” does not exist. Check that the USB stick is plugged in, or pick an existing "
            "folder.",
        )


def read_file(path: Path) -> bytes:
    if path.is_dir():  # e.g. the stick itself (E:\\); reading it says only "Permission denied" on Windows
        raise SyncError(
            f"“{path}”是文件夹，不是文件。请写出文件夹里要导入的文件（可以写多个），"
            f"例如“{path / 'anju-工作站-0001-日期.batch'}”。",
            f"“{path}” is a folder, not a file. Name the files in it to import (several may be given), "
            f"e.g. “{path / 'anju-STATION-0001-DATE.batch'}”.",
        )
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SyncError(
            f"找不到文件“{path}”。请检查路径，或确认U盘已插好。",
            f"File “{path}” not found. Check the path, or that the USB stick is plugged in.",
        ) from None
    except OSError as exc:
        raise SyncError(
            f"无法读取“{path}”：{exc.strerror or exc}。",
            f"Cannot read “{path}”: {exc.strerror or exc}.",
        ) from exc

"""Errors that speak to the person in front of the screen: 中文 first, then English."""

from __future__ import annotations

import errno


class AnjuError(Exception):
    """A problem a user can act on: what happened, where, and what to do — in 中文 and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.zh = zh
        self.en = en


#: What to do about a folder that is not there (a file to write in it, a database to make or restore there).
MAKE_THE_FOLDER = (
    "请先建好这个文件夹，或换一个已有的文件夹；在U盘上的，请确认U盘已插好。",
    "Make the folder first or pick an existing one; on a USB stick, check that it is plugged in.",
)


class StoreError(AnjuError):
    """The database cannot be opened, upgraded, backed up or restored as asked."""


class DiskRefused(StoreError):
    """The drive refused a write to the database (full, read-only, or failing): the transaction rolled back, so
    what was saved before is as it was."""


def why_not_written(exc: OSError) -> tuple[str, str]:
    """Why a file could not be written, and what to do, in 中文 and English: a clerk sees the same words whether
    it is the export, the list of import problems or a backup that met the file open in Excel or the full stick."""
    code = exc.errno
    if isinstance(exc, PermissionError):  # on Windows also a write-protected stick (ERROR_WRITE_PROTECT)
        return (
            "文件正在 Excel 等程序中打开，或这里不允许写入（U盘写保护？）。"
            "请在 Excel 里关闭这个文件后重试，或换一个文件名或位置",
            "the file is open in Excel or another program, or this place cannot be written (a write-protected "
            "stick?). Close the file in Excel and try again, or pick another name or place",
        )
    if code == errno.ENOSPC:
        return (
            "磁盘空间已满。请腾出空间，或换一个U盘或位置",
            "the drive is full. Free some space, or use another stick or place",
        )
    if code == errno.EROFS:
        return (
            "磁盘是只读的（U盘写保护？）。请关掉U盘的写保护，或换一个U盘",
            "the drive is read-only (a write-protected stick?). Turn its write protection off, or use another stick",
        )
    if code in (errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO):
        return (
            f"找不到文件夹，或磁盘读写出错（U盘被拔出了？）（{exc.strerror or exc}）。请插好U盘后重试",
            f"the folder is gone or the drive failed (was the stick pulled out?) ({exc.strerror or exc}). Plug it in "
            "and try again",
        )
    reason = exc.strerror or str(exc)
    return f"{reason}。请换一个文件名或位置后重试", f"{reason}. Try again with another name or place"

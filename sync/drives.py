"""Removable drives (USB sticks) the 导出到U盘 dialog offers: Windows drive letters, Linux mounts under /media."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

DRIVE_REMOVABLE = 2  # GetDriveTypeW
LINUX_MEDIA_ROOTS = ("/media/", "/run/media/")


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str


def removable_drives() -> list[Drive]:
    if sys.platform == "win32":
        return _windows_drives()
    return linux_drives(Path("/proc/mounts"))


def _windows_drives() -> list[Drive]:
    if sys.platform != "win32":  # for type checkers on other platforms
        return []
    import ctypes

    kernel32 = ctypes.windll.kernel32
    mask = kernel32.GetLogicalDrives()
    drives = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        root = f"{chr(ord('A') + index)}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != DRIVE_REMOVABLE:
            continue
        label = ctypes.create_unicode_buffer(261)
        ok = kernel32.GetVolumeInformationW(ctypes.c_wchar_p(root), label, len(label), None, None, None, None, 0)
        drives.append(Drive(Path(root), label.value if ok and label.value else root))
    return drives


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (``\\040``)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) + 1 and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def linux_drives(mounts: Path) -> list[Drive]:
    """Mount points under /media or /run/media (where desktops mount USB sticks), from a mounts table."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    drives = []
    for line in lines:
        parts = line.split()
        if len(parts) < 2:
            continue
        mount_point = _unescape(parts[1])
        if mount_point.startswith(LINUX_MEDIA_ROOTS):
            drives.append(Drive(Path(mount_point), Path(mount_point).name))
    return drives

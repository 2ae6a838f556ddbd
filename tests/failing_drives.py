"""Real failures of the disk, for the tests of what a user is told: a database that cannot grow (a full disk), a
file Windows would not let be replaced (open in Excel), and a command run on small or read-only drives (a full
temporary folder, a CD: `run_on_drives`). No mocks: SQLite and the operating system refuse."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event


def _cannot_grow(dbapi_connection: Any, _record: object) -> None:
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")


def _read_only(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.execute("PRAGMA query_only = 1")


@contextmanager
def disk_full(engine: Engine | type[Engine] = Engine) -> Iterator[None]:
    """The database of ``engine`` (by default every one opened meanwhile: the commands open their own) stops at
    the pages it has: a write that needs a new page fails as on a full disk, with SQLITE_FULL ("database or disk is
    full")."""
    with _on_every_connection(engine, _cannot_grow):
        yield


@contextmanager
def read_only(engine: Engine | type[Engine] = Engine) -> Iterator[None]:
    """Every write fails with SQLITE_READONLY ("attempt to write a readonly database"), as for a database on a
    write-protected stick; root ignores chmod, SQLite's query_only does not."""
    with _on_every_connection(engine, _read_only):
        yield


@contextmanager
def _on_every_connection(engine: Engine | type[Engine], pragma: Any) -> Iterator[None]:
    event.listen(engine, "connect", pragma)
    if isinstance(engine, Engine):
        engine.dispose()  # the connections already open are made again, with it
    try:
        yield
    finally:
        event.remove(engine, "connect", pragma)
        if isinstance(engine, Engine):
            engine.dispose()


@contextmanager
def open_in_excel(path: Path) -> Iterator[None]:
    """``path`` as Windows treats a workbook open in Excel: it cannot be replaced or deleted (PermissionError). On
    Linux the immutable attribute does that, even for root; skipped where it cannot be set."""
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


#: Linux capabilities that let root read and write any file whatever its permissions (capability(7)).
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2
_CAPABILITY_VERSION_3 = 0x20080522


@contextmanager
def file_permissions_enforced() -> Iterator[None]:
    """Permissions hold for this thread (and the threads it starts meanwhile) as they hold for a station worker.

    Tests may run as root (CI's containers), and root reads and writes a chmod 444 file or a 555 folder anyway.
    Here root gives up, in this thread's effective set, the two capabilities that let it: the kernel then refuses
    root's open(O_RDWR) of a 444 file it owns, or a new file in a 555 folder, exactly as a worker's; SQLite opens
    the file read-only and says SQLITE_READONLY, as on a write-protected stick. Given back afterwards (they stay in
    the permitted set). A user other than root needs nothing: the permissions already hold."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)  # pid 0: this thread
    caps = (ctypes.c_uint32 * 6)()  # (effective, permitted, inheritable) for capabilities 0-31, then 32-63
    if libc.capget(header, caps) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    held = list(caps)
    caps[0] &= ~((1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH))
    if libc.capset(header, caps) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    try:
        yield
    finally:
        caps[:] = held
        libc.capset(header, caps)


#: Runs the command given after its own arguments with each folder named before ``--`` made a drive: ``ro DIR``
#: read-only (as a CD: the kernel says EROFS), ``small DIR SIZE`` a drive of SIZE (tmpfs) holding what the folder
#: held, ``fuse DIR SPEC`` a drive of `tests.fuse_drives` over the folder (a scratched CD, a failing stick), served
#: by a process that ends with the command. The mounts are the command's own (a mount namespace): they go when it
#: ends, and nothing else sees them.
_MOUNT_AND_RUN = r"""
set -e
while [ "$1" != -- ]; do
    if [ "$1" = ro ]; then
        mount --bind "$2" "$2" && mount -o remount,bind,ro "$2"
        shift 2
    elif [ "$1" = fuse ]; then
        ready=$(mktemp -u /tmp/anju-drive-ready.XXXXXX)
        "$ANJU_PYTHON" "$ANJU_FUSE_DRIVES" "$2" "$3" "$ready" &
        tries=0
        until [ -e "$ready" ]; do
            tries=$((tries + 1))
            if [ $tries -gt 200 ] || ! kill -0 $! 2>/dev/null; then
                echo "the FUSE drive was not mounted on $2" >&2
                exit 99
            fi
            sleep 0.05
        done
        rm -f "$ready"
        shift 3
    else
        held=$(mktemp -d /tmp/anju-drive.XXXXXX)
        cp -a "$2/." "$held"
        mount -t tmpfs -o "size=$3" anju-small-drive "$2"
        cp -a "$held/." "$2"
        rm -rf "$held"
        shift 3
    fi
done
shift
exec "$@"  # a FUSE drive's server ends with the command (its parent): the drive goes with the namespace
"""


def run_on_drives(
    command: list[str],
    *,
    read_only: tuple[Path, ...] = (),
    small: dict[Path, int] | None = None,
    scratched: dict[Path, range] | None = None,
    worn: dict[Path, range] | None = None,
    failing: dict[Path, int] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` (a process: `subprocess.run`, its output as text) where each folder of ``read_only`` is on a
    read-only drive (a CD) and each folder of ``small`` on a drive of that many bytes, holding what the folder holds
    now: a write past them fails with ENOSPC, SQLITE_FULL to SQLite, as on a full disk. Each file of ``scratched``
    is on a scratched CD: its folder a read-only drive, and every read of the file's bytes in that range fails with
    EIO (SQLITE_IOERR_CORRUPTFS to SQLite, "disk I/O error"); each file of ``worn`` likewise, on a drive that can
    be written (a stick or a laptop's disk with a bad stretch). Each folder of ``failing`` is on a stick that fails:
    once that many bytes are written to it, every write fails with EIO (SQLITE_IOERR_WRITE). Those are FUSE drives
    (`tests.fuse_drives`) over the folder, served by a process of the test's own; what the command writes on them
    stays in the folder. Real drives (tmpfs, a read-only bind mount, FUSE) in a mount namespace of the command's
    own (``unshare``, as root or as a user with user namespaces), gone when it ends; ``env`` is added to this
    process's environment."""
    drives: list[str] = []
    for folder in read_only:
        drives += ["ro", str(folder)]
    for folder, size in (small or {}).items():
        drives += ["small", str(folder), str(size)]
    for file, unreadable in (scratched or {}).items():
        drives += ["fuse", str(file.parent), f"disc:{unreadable.start}:{unreadable.stop}:{file.name}"]
    for file, unreadable in (worn or {}).items():
        drives += ["fuse", str(file.parent), f"worn:{unreadable.start}:{unreadable.stop}:{file.name}"]
    for folder, size in (failing or {}).items():
        drives += ["fuse", str(folder), f"stick:{size}"]
    fuse = {"ANJU_PYTHON": sys.executable, "ANJU_FUSE_DRIVES": str(Path(__file__).with_name("fuse_drives.py"))}
    env = {**fuse, **(env or {})}
    unshare = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", _MOUNT_AND_RUN, "sh"]
    return subprocess.run(
        [*unshare, *drives, "--", *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
    )

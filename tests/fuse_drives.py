"""Drives that fail as a scratched CD or a failing USB stick or disk does, for the tests of what a user is told
(`tests.failing_drives.run_on_drives`). Each is a FUSE drive served by this process over a folder (its files stay
the folder's own: what the command leaves there is seen once it ends):

- ``disc:START:STOP:NAME``: a read-only drive (as a CD: a write says EROFS) on which every read of the file NAME's
  bytes from START up to STOP fails with EIO, as the kernel says for a disc sector the drive cannot read. Reads
  before and after that stretch, and of the other files, give their bytes.
- ``stick:LIMIT``: a drive that can be written until LIMIT bytes have been written to it in all; every write after
  that fails with EIO, as a stick that gives up does (not ENOSPC: it is not full).
- ``worn:START:STOP:NAME``: a drive that can be written (a stick, a laptop's disk) with a bad stretch in the file
  NAME: its reads fail as on the disc.

Nothing is mocked in the program under test: its ``read``, ``pread`` and ``write`` calls fail in the kernel.

    python fuse_drives.py FOLDER SPEC READY

mounts the drive SPEC over FOLDER and creates the file READY once it is mounted. Run in a mount namespace of its
own, as root or as the root of a user namespace (`run_on_drives`); it ends when the drive is unmounted or its parent
ends. Only the FUSE requests a reader or writer of a flat folder makes are answered (the kernel's protocol,
linux/fuse.h, spoken directly: no library is needed); anything else is refused with ENOSYS.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import stat
import struct
import sys
from pathlib import Path

_IN_HEADER = struct.Struct("<IIQQIIIHH")  # len, opcode, unique, nodeid, uid, gid, pid, total_extlen, padding
_OUT_HEADER = struct.Struct("<IiQ")  # len, error, unique
#: ino, size, blocks, atime, mtime, ctime, their nanoseconds, mode, nlink, uid, gid, rdev, blksize, flags
_ATTR = struct.Struct("<QQQQQQIIIIIIIIII")
_ENTRY = struct.Struct("<QQQQII")  # nodeid, generation, entry_valid, attr_valid, their nanoseconds
_ATTR_OUT = struct.Struct("<QII")  # attr_valid, its nanoseconds, dummy
_OPEN_IN = struct.Struct("<II")  # flags, open_flags
_OPEN_OUT = struct.Struct("<QII")  # fh, open_flags, padding
_CREATE_IN = struct.Struct("<IIII")  # flags, mode, umask, open_flags
_READ_IN = struct.Struct("<QQIIQII")  # fh, offset, size, read_flags, lock_owner, flags, padding
_WRITE_IN = struct.Struct("<QQIIQII")  # fh, offset, size, write_flags, lock_owner, flags, padding
_WRITE_OUT = struct.Struct("<II")  # size, padding
_SETATTR_IN = struct.Struct("<IIQQQQQQIIIIIIII")  # valid, padding, fh, size, lock_owner, times..., mode, ...
_RENAME2_IN = struct.Struct("<QII")  # newdir, flags, padding
_INIT_IN = struct.Struct("<IIII")  # major, minor, max_readahead, flags
_INIT_OUT = struct.Struct("<IIIIHHIIHHI7I")  # 64 bytes
_DIRENT = struct.Struct("<QQII")  # ino, off, namelen, type
_STATFS = struct.Struct("<QQQQQIIII6I")  # blocks, bfree, bavail, files, ffree, bsize, namelen, frsize, padding

LOOKUP, FORGET, GETATTR, SETATTR, MKDIR, UNLINK, RMDIR, RENAME, OPEN, READ, WRITE, STATFS, RELEASE, FSYNC = (
    1, 2, 3, 4, 9, 10, 11, 12, 14, 15, 16, 17, 18, 20,
)  # fmt: skip
FLUSH, INIT, OPENDIR, READDIR, RELEASEDIR, ACCESS, CREATE, INTERRUPT, DESTROY, BATCH_FORGET, RENAME2 = (
    25, 26, 27, 28, 29, 34, 35, 36, 38, 42, 45,
)  # fmt: skip
_NO_REPLY = (FORGET, BATCH_FORGET, INTERRUPT)
_FATTR_MODE, _FATTR_SIZE, _FATTR_FH = 1 << 0, 1 << 3, 1 << 6
_FOPEN_DIRECT_IO = 1
_MS_RDONLY, _MS_NOSUID, _MS_NODEV = 1, 2, 4
_PR_SET_PDEATHSIG = 1
_ROOT = 1


class Drive:
    """The files of one folder (``folder``: a descriptor of it, taken before the drive was mounted over it), each
    known by its path in the folder ("" the folder itself)."""

    def __init__(self, folder: int, spec: str) -> None:
        self.folder = folder
        kind, _, rest = spec.partition(":")
        self.writable = kind in ("stick", "worn")
        self.limit, self.written = int(rest) if kind == "stick" else sys.maxsize, 0
        self.scratched: str | None = None
        self.bad = range(0)
        if kind in ("disc", "worn"):
            start, stop, self.scratched = rest.split(":", 2)
            self.bad = range(int(start), int(stop))
        self.paths: dict[int, str] = {_ROOT: ""}  # node id → its path
        self.nodes: dict[str, int] = {"": _ROOT}
        self.handles: dict[int, int] = {}  # fh → an open file of the folder
        self.next_node, self.next_handle = _ROOT + 1, 1

    def unreadable(self, path: str, read: range) -> bool:
        return path == self.scratched and read.start < self.bad.stop and read.stop > self.bad.start

    def node(self, path: str) -> int:
        if path not in self.nodes:
            self.nodes[path], self.paths[self.next_node] = self.next_node, path
            self.next_node += 1
        return self.nodes[path]

    def moved(self, old: str, new: str | None) -> None:
        """``old`` and what is under it are now at ``new`` (None: gone)."""
        for path in [p for p in self.nodes if p == old or p.startswith(old + "/")]:
            node = self.nodes.pop(path)
            if new is None:
                del self.paths[node]
            else:
                self.nodes[new + path[len(old) :]] = node
                self.paths[node] = new + path[len(old) :]

    def stat(self, path: str) -> os.stat_result:
        return os.stat(path or ".", dir_fd=self.folder, follow_symlinks=False)

    def attr(self, path: str) -> bytes:
        st = self.stat(path)  # FileNotFoundError for a path not there, before it has a node
        nanoseconds = (st.st_atime_ns % 10**9, st.st_mtime_ns % 10**9, st.st_ctime_ns % 10**9)
        times = (int(st.st_atime), int(st.st_mtime), int(st.st_ctime))
        return _ATTR.pack(
            self.node(path), st.st_size, st.st_blocks, *times, *nanoseconds, st.st_mode, st.st_nlink, 0, 0, 0, 4096, 0
        )

    def entry(self, path: str) -> bytes:
        attr = self.attr(path)
        return _ENTRY.pack(self.node(path), 0, 0, 0, 0, 0) + attr

    def opened(self, path: str, descriptor: int) -> bytes:
        handle = self.next_handle
        self.next_handle += 1
        self.handles[handle] = descriptor
        # The reads of a disc, and of a scratched file, come here as asked, none answered from the kernel's copy of
        # the pages (read ahead, a failed stretch fails the good pages before it too); other files of a drive that
        # can be written may be mapped to memory, as SQLite maps a -shm (FUSE refuses that to direct I/O).
        direct = not self.writable or path == self.scratched
        return _OPEN_OUT.pack(handle, _FOPEN_DIRECT_IO if direct else 0, 0)

    def answer(self, opcode: int, nodeid: int, body: bytes) -> bytes | int:
        """The reply's body, or an errno."""
        if opcode == INIT:
            _major, minor, readahead, _flags = _INIT_IN.unpack_from(body)
            return _INIT_OUT.pack(7, min(minor, 31), readahead, 0, 16, 12, 128 * 1024, 1, 32, 0, 0, *[0] * 7)
        if nodeid not in self.paths:
            return errno.ENOENT
        path = self.paths[nodeid]
        if opcode == LOOKUP:
            return self.entry(_within(path, _name(body)))
        if opcode == GETATTR:
            return _ATTR_OUT.pack(0, 0, 0) + self.attr(path)
        if opcode == OPENDIR:
            return _OPEN_OUT.pack(0, 0, 0)
        if opcode == OPEN:
            flags, _ = _OPEN_IN.unpack_from(body)
            return self.opened(path, os.open(path, flags & (os.O_ACCMODE | os.O_APPEND), dir_fd=self.folder))
        if opcode == CREATE:
            flags, mode, umask, _ = _CREATE_IN.unpack_from(body)
            child = _within(path, _name(body[_CREATE_IN.size :]))
            wanted = flags & (os.O_ACCMODE | os.O_APPEND | os.O_EXCL | os.O_TRUNC) | os.O_CREAT
            descriptor = os.open(child, wanted, mode & ~umask & 0o7777, dir_fd=self.folder)
            return self.entry(child) + self.opened(child, descriptor)
        if opcode == MKDIR:
            mode, umask = struct.unpack_from("<II", body)
            child = _within(path, _name(body[8:]))
            os.mkdir(child, mode & ~umask & 0o7777, dir_fd=self.folder)
            return self.entry(child)
        if opcode == READ:
            handle, offset, size, *_ = _READ_IN.unpack_from(body)
            if self.unreadable(path, range(offset, offset + size)):
                return errno.EIO
            return os.pread(self.handles[handle], size, offset)
        if opcode == WRITE:
            handle, offset, size, *_ = _WRITE_IN.unpack_from(body)
            if self.written + size > self.limit:
                self.limit = 0  # it gave up
                return errno.EIO
            written = os.pwrite(self.handles[handle], body[_WRITE_IN.size : _WRITE_IN.size + size], offset)
            self.written += written
            return _WRITE_OUT.pack(written, 0)
        if opcode == SETATTR:
            valid, _, handle, size, *rest = _SETATTR_IN.unpack_from(body)
            if valid & _FATTR_SIZE:
                if valid & _FATTR_FH:
                    os.ftruncate(self.handles[handle], size)
                else:
                    descriptor = os.open(path, os.O_WRONLY, dir_fd=self.folder)
                    try:
                        os.ftruncate(descriptor, size)
                    finally:
                        os.close(descriptor)
            if valid & _FATTR_MODE:
                os.chmod(path or ".", rest[7] & 0o7777, dir_fd=self.folder)
            return _ATTR_OUT.pack(0, 0, 0) + self.attr(path)
        if opcode in (UNLINK, RMDIR):
            child = _within(path, _name(body))
            if opcode == RMDIR:
                os.rmdir(child, dir_fd=self.folder)
            else:
                os.unlink(child, dir_fd=self.folder)
            self.moved(child, None)
            return b""
        if opcode in (RENAME, RENAME2):
            newdir, flags = (
                _RENAME2_IN.unpack_from(body)[:2] if opcode == RENAME2 else (struct.unpack_from("<Q", body)[0], 0)
            )
            names = body[_RENAME2_IN.size if opcode == RENAME2 else 8 :].split(b"\0")
            if flags or newdir not in self.paths:
                return errno.EINVAL
            old = _within(path, names[0].decode("utf-8", "surrogateescape"))
            new = _within(self.paths[newdir], names[1].decode("utf-8", "surrogateescape"))
            os.rename(old, new, src_dir_fd=self.folder, dst_dir_fd=self.folder)
            self.moved(new, None)
            self.moved(old, new)
            return b""
        if opcode == FSYNC:
            os.fsync(self.handles[struct.unpack_from("<Q", body)[0]])
            return b""
        if opcode == READDIR:
            _handle, offset, size, *_ = _READ_IN.unpack_from(body)
            listed = os.open(path or ".", os.O_RDONLY | os.O_DIRECTORY, dir_fd=self.folder)
            try:
                names = [".", "..", *sorted(os.listdir(listed))]
            finally:
                os.close(listed)
            out = b""
            for index, child in enumerate(names[offset:], start=offset + 1):
                raw = child.encode("utf-8", "surrogateescape")
                at = path if child in (".", "..") else _within(path, child)  # ".." is said as "." (no use here)
                entry = _DIRENT.pack(self.node(at), index, len(raw), stat.S_IFMT(self.stat(at).st_mode) >> 12) + raw
                entry += b"\0" * (-len(entry) % 8)
                if len(out) + len(entry) > size:
                    break
                out += entry
            return out
        if opcode == RELEASE:
            os.close(self.handles.pop(struct.unpack_from("<Q", body)[0]))
            return b""
        if opcode in (RELEASEDIR, FLUSH, ACCESS):
            return b""
        if opcode == STATFS:
            fs = os.fstatvfs(self.folder)
            return _STATFS.pack(fs.f_blocks, fs.f_bfree, fs.f_bavail, fs.f_files, fs.f_ffree, fs.f_bsize, 255,
                                fs.f_frsize, 0, *[0] * 6)  # fmt: skip
        return errno.ENOSYS


def _within(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _name(body: bytes) -> str:
    return body.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def serve(folder: Path, spec: str, ready: Path) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # the shell that runs the command went: so does the drive
    drive = Drive(os.open(folder, os.O_RDONLY | os.O_DIRECTORY), spec)
    fuse = os.open("/dev/fuse", os.O_RDWR)
    options = f"fd={fuse},rootmode={stat.S_IFDIR:o},user_id=0,group_id=0".encode()
    flags = _MS_NOSUID | _MS_NODEV | (0 if drive.writable else _MS_RDONLY)
    if libc.mount(b"anju-failing-drive", os.fsencode(folder), b"fuse", flags, options) != 0:
        raise OSError(ctypes.get_errno(), f"mount {folder}")
    ready.touch()
    while True:
        try:
            request = os.read(fuse, 1 << 21)
        except OSError as exc:
            if exc.errno == errno.ENODEV:  # unmounted
                return
            if exc.errno in (errno.EINTR, errno.ENOENT):  # an interrupted request: the kernel drops it
                continue
            raise
        _length, opcode, unique, nodeid, *_ = _IN_HEADER.unpack_from(request)
        if opcode in _NO_REPLY:
            continue
        if opcode == DESTROY:
            return
        try:
            reply = drive.answer(opcode, nodeid, request[_IN_HEADER.size :])
        except OSError as exc:
            reply = exc.errno or errno.EIO
        data = b"" if isinstance(reply, int) else reply
        error = -reply if isinstance(reply, int) else 0
        try:
            os.write(fuse, _OUT_HEADER.pack(_OUT_HEADER.size + len(data), error, unique) + data)
        except OSError as exc:
            if exc.errno != errno.ENOENT:  # the request was interrupted meanwhile
                raise


if __name__ == "__main__":
    folder, spec, ready = sys.argv[1:]
    serve(Path(folder), spec, Path(ready))

"""Whether a database's ``-wal`` holds anything its file does not, read as SQLite reads it
(https://www.sqlite.org/fileformat2.html#walformat), for a database read as a file nothing can change
(`forms.read_only_open`): SQLite then reads the file alone, and must not miss a change.

SQLite does not empty its ``-wal`` when it copies the frames into the database (a checkpoint): it starts writing
the log again from the beginning only at the next save. So a ``-wal`` copied from a station (with Anju open, or
kept by the system it was closed on) often holds only frames the file already has; refusing those sent the clerk to
copy files for nothing. What SQLite reads of the log:

- a header (32 bytes) with its magic number, format version, page size, two salts and its checksum; a file
  shorter than that, or without the magic number, is no log at all (an empty ``-wal`` a reader left), and nothing
  of it is read;
- then frames (24 bytes of header, then a page), each read only while its salts are the header's and its checksum
  (running on from the header's over every frame before it) is right: SQLite stops at the first that is not, so
  frames left from before the log was started again (older salts), or half written, are never read;
- of those, only the frames up to the last commit frame (the one that gives the database's size in pages); the
  last frame of each page there is that page, and the database has as many pages as that commit says.

The log adds nothing when every such page is the file's page, byte for byte, and the file has exactly that many
pages (a complete checkpoint leaves it so). Anything else, or anything not known for sure (a header that fails its
checksum, a format or page size SQLite would not read, a read error), is taken to add something.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO

#: The magic number of a WAL header; +1 when its checksums add big-endian words, as is when little-endian.
_MAGIC = 0x377F0682
_FORMAT_VERSION = 3007000
_HEADER, _FRAME_HEADER = 32, 24
_MASK = 0xFFFFFFFF


def adds_to(db: Path, wal: Path) -> bool:
    """Whether SQLite, reading the database ``db`` with the log ``wal`` beside it, would read anything the file
    alone does not hold. False when there is no such log, or it holds no commit; True when unsure."""
    try:
        log = wal.open("rb")
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        with log:
            pages = _committed_pages(log)
            if pages is None:
                return True
            if not pages[0]:
                return False
            with db.open("rb") as file:
                return not _file_holds(file, log, *pages)
    except OSError:
        return True


def _committed_pages(log: BinaryIO) -> tuple[dict[int, int], int, int] | None:
    """What SQLite reads of the log: where the last committed frame of each page starts (its page's offset in the
    log), the database's size in pages after the last commit, and the page size. Empty when SQLite reads no frame
    of it; None when SQLite would not read it as a log (or might not) though it has a log's magic number."""
    header = log.read(_HEADER)
    if len(header) < _HEADER or (int.from_bytes(header[:4], "big") & ~1) != _MAGIC:
        return {}, 0, 0
    magic, version, page_size = struct.unpack(">III", header[:12])
    salts = header[16:24]
    if version != _FORMAT_VERSION or not 512 <= page_size <= 65536 or page_size & (page_size - 1):
        return None
    words = ">" if magic & 1 else "<"
    running = _checksum(header[:24], words, (0, 0))
    if running != struct.unpack(">II", header[24:32]):
        return None
    committed: dict[int, int] = {}
    since_commit: dict[int, int] = {}
    size = 0
    offset = _HEADER
    while len(frame := log.read(_FRAME_HEADER + page_size)) == _FRAME_HEADER + page_size:
        page_number, pages_after = struct.unpack(">II", frame[:8])
        if frame[8:16] != salts or page_number == 0:
            break
        running = _checksum(frame[_FRAME_HEADER:], words, _checksum(frame[:8], words, running))
        if running != struct.unpack(">II", frame[16:24]):
            break
        since_commit[page_number] = offset + _FRAME_HEADER
        if pages_after:  # a commit frame: the transaction's frames are read, those after the last one are not
            committed.update(since_commit)
            since_commit.clear()
            size = pages_after
        offset += len(frame)
    return committed, size, page_size


def _file_holds(file: BinaryIO, log: BinaryIO, committed: dict[int, int], size: int, page_size: int) -> bool:
    """Whether the database ``file`` has ``size`` pages of ``page_size`` bytes and holds each page of ``committed``
    as the log does (a page past ``size`` is not read from the log either)."""
    if os.fstat(file.fileno()).st_size != size * page_size:
        return False
    for page_number, at in sorted(committed.items()):
        if page_number > size:
            continue
        log.seek(at)
        file.seek((page_number - 1) * page_size)
        if log.read(page_size) != file.read(page_size):
            return False
    return True


def _checksum(data: bytes, words: str, start: tuple[int, int]) -> tuple[int, int]:
    """SQLite's checksum of ``data`` (a multiple of 8 bytes) as 32-bit words in the byte order ``words``, running
    on from ``start``."""
    s0, s1 = start
    values = iter(struct.unpack(f"{words}{len(data) // 4}I", data))
    for first, second in zip(values, values, strict=True):
        s0 = (s0 + first + s1) & _MASK
        s1 = (s1 + second + s0) & _MASK
    return s0, s1

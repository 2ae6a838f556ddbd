"""Which return files on the stick a new one takes the place of, and what the clerk is told about it.

A return file is named after its station, the batch it answers and the day (anju-者海镇工作站-0004-20261130.return,
`sync.county_return.ReturnFile.file_stem`). A second one for the same batch (the batch imported again, or 写出回执
after reviewing) was written beside the first as …-20261130-2.return, and the 站长 did not know which to import.

A later return file for a batch carries all that an earlier one for it did (both start from the revision the station
reported with that batch) and whatever the county decided since, so it takes the earlier ones' place: it is written
under the earlier one's name when that is today's, and the others are deleted once it is in place. Only files that
are return files for that station (read from their headers) are replaced; anything else keeps its name.
"""

from __future__ import annotations

import re
from pathlib import Path

from .envelope import KIND_RETURN, peek_header
from .errors import SyncError
from .files import free_name

#: Enough of a file to hold any envelope header (`sync.envelope`).
_HEADER_BYTES = 4096


def earlier_returns(folder: Path, station_id: str, file_safe_name: str, batch_no: int, suffix: str) -> list[Path]:
    """The return files in ``folder`` for this station's batch ``batch_no``, whatever day they were written."""
    named = re.compile(re.escape(f"anju-{file_safe_name}-{batch_no:04d}-") + r"\d{8}(-\d+)?" + re.escape(suffix))
    return sorted(p for p in folder.iterdir() if named.fullmatch(p.name) and _addressed_to(p, station_id))


def _addressed_to(path: Path, station_id: str) -> bool:
    try:
        with path.open("rb") as file:
            header = peek_header(file.read(_HEADER_BYTES), path.name)
    except (OSError, SyncError):
        return False  # unreadable, or not ours: left alone
    return header is not None and header.kind == KIND_RETURN and header.recipient == station_id


def place_return(folder: Path, stem: str, suffix: str, earlier: list[Path]) -> Path:
    """Where the new return file goes: ``stem+suffix``, over an earlier one of that name; beside a stranger's file of
    that name (``stem-2+suffix``), never over it."""
    wanted = folder / f"{stem}{suffix}"
    return wanted if wanted in earlier or not wanted.exists() else free_name(folder, stem, suffix)


def remove_replaced(path: Path, earlier: list[Path]) -> list[Path]:
    """Delete the earlier return files ``path`` (now in place) replaces; the ones gone, ``path`` itself when it was
    written over one. A file the stick will not let go of stays, and is not said to be replaced."""
    gone = []
    for old in earlier:
        if old != path:
            try:
                old.unlink()
            except OSError:
                continue
        gone.append(old)
    return gone


def written_words(path: Path, replaced: list[Path], batch_no: int) -> tuple[str, str]:
    """What the clerk is told about a return file written to a folder (the stick): whether it went over an earlier
    one of its name, and which others for its batch it deleted."""
    again = path in replaced
    zh, en = ("已重写回执", "Return file written again") if again else ("已写出回执", "Return file written")
    zh, en = f"{zh}：{path}", f"{en}: {path}"
    others = [p.name for p in replaced if p != path]
    if not replaced:
        return zh, en
    if not others:
        return (
            f"{zh}（它取代了U盘上同名的第 {batch_no} 批旧回执，工作站导入这一个即可）",
            f"{en} (it replaces the older return file for batch {batch_no} of that name; the station imports this one)",
        )
    return (
        f"{zh}（它取代了U盘上第 {batch_no} 批的旧回执，{'、'.join(others)} 已删除，工作站导入这一个即可）",
        f"{en} (it replaces the older return files for batch {batch_no}; {', '.join(others)} deleted; the station "
        "imports this one)",
    )

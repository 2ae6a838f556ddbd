"""Which journal entries a roster import wrote, and from which file, for 修改记录 (`forms.household_history`).

An import is journaled like any edit, as the person who ran it, with ``source`` "local": the outbox sends exactly
the ``local`` entries (`sync.outbox`), so an import cannot be told apart by its source without its changes staying
behind. Instead, the import notes the range of ``seq`` it wrote and the file's name, one setting per import
(``journal_import.<first seq>``), in its own transaction: a dry run or a failed import leaves no note, as it leaves
no entries. The settings are local (the ``county.`` ones alone travel), so the county sees a station's import as
that station's change.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select

from .records import JournalEntry, Setting
from .store import UnitOfWork

PREFIX = "journal_import."


def journal_head(uow: UnitOfWork) -> int:
    """The last ``seq`` before the import writes anything (call it first thing in the import's unit of work)."""
    return int(uow.session.connection().execute(select(func.max(JournalEntry.seq))).scalar() or 0)


def note_import(uow: UnitOfWork, since: int, file_name: str) -> None:
    """Note that the entries after ``since`` up to now came from importing ``file_name`` (changes not yet flushed
    are flushed first, so they are counted)."""
    uow.flush()
    last = journal_head(uow)
    if last > since:
        value = {"first": since + 1, "last": last, "file": file_name}
        uow.session.connection().execute(insert(Setting).values(key=f"{PREFIX}{since + 1}", value=value))


@dataclass(frozen=True)
class ImportMarks:
    """The imports noted in one database, to ask which file wrote an entry."""

    firsts: tuple[int, ...]
    lasts: tuple[int, ...]
    files: tuple[str, ...]

    @classmethod
    def read(cls, conn: Connection) -> ImportMarks:
        rows = sorted(
            (int(v["first"]), int(v["last"]), str(v["file"]))
            for (v,) in conn.execute(select(Setting.value).where(Setting.key.startswith(PREFIX)))
            if isinstance(v, dict) and {"first", "last", "file"} <= v.keys()
        )
        return cls(tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows))

    def file_of(self, seq: int) -> str | None:
        """The file whose import wrote entry ``seq``; None for an entry no import wrote."""
        at = bisect_right(self.firsts, seq) - 1
        return self.files[at] if at >= 0 and seq <= self.lasts[at] else None

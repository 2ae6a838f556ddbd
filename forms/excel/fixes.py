"""What a cleaner says about one cell: the value to store, the repairs made, and at most one issue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Issue:
    """Why a value is not (or not simply) taken, in 中文 and English, with what to do.

    *fatal*: the row cannot be imported (no name, an unusable ID number). *kept*: the value is stored anyway and
    the clerk should check it (an odd phone number, an ID number with a wrong check character, which national
    records do contain). Otherwise the value is not imported: an existing record keeps what it had.
    """

    code: str
    zh: str
    en: str
    kept: bool = False
    fatal: bool = False


@dataclass(frozen=True, slots=True)
class Fix:
    value: Any = None
    repairs: tuple[str, ...] = ()
    issue: Issue | None = None
    note: str | None = None  # text split off a "是，电焊工" cell, for the matching note column

    @property
    def taken(self) -> bool:
        return self.issue is None or self.issue.kept


EMPTY = Fix()


def is_masked(raw: Any) -> bool:
    """Whether a number is masked (脱敏: 5301**********1234, 138****5678), as Anju's lists to carry and many other
    systems print them: no real ID number or phone holds a * (half or full width)."""
    return isinstance(raw, str) and ("*" in raw or "\uff0a" in raw)  # or the full-width one

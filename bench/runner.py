"""Measure each figure next to its raw baseline in the same run and report the ratio.

A figure is a pair of callables doing the same work: ours, through Anju's code, and the raw cost of that work
(plain sqlite3, openpyxl, a bare Qt window …). Each runs several times, alternating, with a fresh setup
before every run; the table shows the medians and ``ours / raw``. Ratios, not seconds, are what we track: they
hold across machines and across a busy CI box.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

Setup = Callable[[], Any]
Work = Callable[[Any], object]


@dataclass
class Figure:
    name: str
    ours: Work
    raw: Work
    raw_name: str
    setup: Setup = lambda: None
    runs: int = 5
    target: float | None = None
    note: str = ""
    #: raw runs with sqlite3 as it ships (`plain_sqlite3`); False: with the adapters Anju gives it, as ours runs
    plain: bool = True


@dataclass
class Result:
    figure: Figure
    ours: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours) / statistics.median(self.raw)

    def row(self) -> dict[str, Any]:
        return {
            "figure": self.figure.name,
            "baseline": self.figure.raw_name,
            "ours_s": round(statistics.median(self.ours), 4),
            "raw_s": round(statistics.median(self.raw), 4),
            "ratio": round(self.ratio, 2),
            "target": self.figure.target,
            "runs": len(self.ours),
            "note": self.figure.note,
        }


def timed(work: Work, state: Any) -> float:
    started = time.perf_counter()
    work(state)
    return time.perf_counter() - started


@contextmanager
def plain_sqlite3() -> Iterator[None]:
    """sqlite3 as it ships, for the raw side of a figure: without the adapters Anju registers when it is imported
    (`forms.bulk.FAST_ADAPTERS`, process-wide). They make binding None and bool faster for any code in the
    process, so a raw baseline run beside them would measure plain sqlite3 plus Anju's own speed-up."""
    from forms.bulk import FAST_ADAPTERS

    removed = {}
    for kind in FAST_ADAPTERS:
        key = (kind, sqlite3.PrepareProtocol)
        if key in sqlite3.adapters:
            removed[key] = sqlite3.adapters.pop(key)
    try:
        yield
    finally:
        sqlite3.adapters.update(removed)


def measure(figure: Figure) -> Result:
    result = Result(figure)
    for _ in range(figure.runs):
        # Alternate ours and raw so a slow patch of the machine hits both alike.
        result.ours.append(timed(figure.ours, figure.setup()))
        with plain_sqlite3() if figure.plain else nullcontext():
            result.raw.append(timed(figure.raw, figure.setup()))
    return result


def table(results: list[Result]) -> str:
    head = f"{'figure':<46} {'ours s':>9} {'raw s':>9} {'ratio':>7} {'target':>7}  baseline"
    lines = [head, "-" * len(head)]
    for r in results:
        row = r.row()
        target = f"≤{row['target']:g}" if row["target"] else ""
        lines.append(
            f"{row['figure']:<46} {row['ours_s']:>9.3f} {row['raw_s']:>9.3f} {row['ratio']:>7.2f} {target:>7}"
            f"  {row['baseline']}"
        )
        if row["note"]:
            lines.append(f"{'':<46} {row['note']}")
    return "\n".join(lines)


def as_json(results: list[Result]) -> str:
    return json.dumps([r.row() for r in results], ensure_ascii=False, indent=2)

"""证件号码 cells, read through `forms.idnumber.normalise`, at the speed a 200,000-row sheet needs.

`normalise` costs about 40 µs a number here, most of it looking the address code up in python-stdnum's table.
For an already clean 18-character number its verdict depends only on the check character, whether the birth
date is a real day not after today, and whether the address code was in use in the birth year. So the verdict
for an (address code, birth year) pair is remembered from the first clean number `normalise` accepted with it,
and later clean numbers with a right check character and a real birth date on a remembered pair are accepted
without asking again. Everything else — any repair, any problem, any pair not seen yet — goes to `normalise`,
and a property test checks that both paths agree.
"""

from __future__ import annotations

import re
from datetime import date
from operator import mul
from typing import Any

from ..idnumber import IdResult, normalise
from .fixes import EMPTY, Fix, Issue

_CLEAN = re.compile(r"[0-9]{17}[0-9X]")
# GB 11643-1999: S = Σ aᵢ·wᵢ over the first 17 digits; the check character for S mod 11 = 0…10 is 1 0 X 9 8 7 6 5 4 3 2.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _check_character(number: str) -> str:
    """The check character of an 18-character number's first 17 digits (a few times faster than stdnum's, which
    matters at 200,000 rows; the property test holds it equal to `forms.idnumber.check_character`)."""
    return _CHECK[sum(map(mul, map(int, number[:17]), _WEIGHTS)) % 11]


class IdCells:
    def __init__(self, today: date) -> None:
        self.today = today
        self._accepted: set[tuple[str, str]] = set()  # (address code, birth year) normalise accepted clean

    def result(self, raw: Any) -> IdResult:
        """What `normalise(raw, today)` says, taking the fast path when it provably says the same."""
        if raw.__class__ is str and _CLEAN.fullmatch(raw):
            pair = (raw[:6], raw[6:10])
            if pair in self._accepted and raw[17] == _check_character(raw) and self._real_day(raw):
                return IdResult(raw=raw, value=raw, ric=raw, kind="ric", cleaned=raw)
            result = normalise(raw, self.today)
            if result.ok and not result.repairs and result.kind == "ric":
                self._accepted.add(pair)
            return result
        return normalise(raw, self.today)

    def _real_day(self, number: str) -> bool:
        try:
            born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return False
        return born <= self.today

    def fix(self, raw: Any) -> Fix:
        """The cell as a `Fix`: a problem an administrator may override keeps the value (as national records do)."""
        if raw is None or raw == "":
            return EMPTY
        result = self.result(raw)
        if result.problem is None:
            return Fix(result.value, result.repairs)
        problem = result.problem
        if problem.overridable and result.value is not None:
            issue = Issue(
                f"id_{problem.code}",
                f"{problem.zh}（已按原样导入，请核对。）",
                f"{problem.en} (Imported as it is; please check.)",
                kept=True,
            )
            return Fix(result.value, result.repairs, issue)
        return Fix(None, result.repairs, Issue(f"id_{problem.code}", problem.zh, problem.en, fatal=True))

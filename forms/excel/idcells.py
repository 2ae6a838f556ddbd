"""证件号码 cells, read through `forms.idnumber.normalise`, at the speed a 200,000-row sheet needs.

`normalise` costs about 13 µs a number (python-stdnum's checks and the address-code table, whose lookups it
remembers), several times what a row's other cells cost. For an already clean 18-character number its verdict
depends only on the check character, whether the birth date is a real day not after today, and whether the
address code was in use in the birth year. So the verdict for an (address code, birth year) pair is remembered
from the first clean number `normalise` accepted with it, and later clean numbers with a right check character
and a real birth date on a remembered pair are accepted without asking again. Everything else — any repair,
any problem, any pair not seen yet — goes to `normalise`, and a property test checks that both paths agree.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..idnumber import IdResult, normalise
from .fixes import EMPTY, Fix, Issue, is_masked

_CLEAN = re.compile(r"[0-9]{17}[0-9X]")
_DAYS_LIMIT = 100_000  # birth dates remembered (a century of days is 36,500)
_CHECK = "10X98765432"


def _check_character(number: str) -> str:
    """The check character of an 18-character number's first 17 digits (several times faster than stdnum's, which
    matters at 200,000 rows; the property test holds it equal to `forms.idnumber.check_character`).

    GB 11643-1999: S = Σ aᵢ·wᵢ over the first 17 digits with wᵢ = 2¹⁷⁻ⁱ mod 11, and the check character for
    S mod 11 = 0…10 is 1 0 X 9 8 7 6 5 4 3 2. Read in base 13 (13 ≡ 2 mod 11) the digits give Σ aᵢ·13¹⁶⁻ⁱ ≡ S/2,
    so S mod 11 is twice that, in one call to int()."""
    return _CHECK[2 * int(number[:17], 13) % 11]


_LAST = frozenset("0123456789X")


def masked_id_issue(number: str) -> Issue:
    """A masked number (from a 脱敏 list) says who someone is no more than a blank does: the row is refused, never
    matched or stored, so a masked sheet imported by mistake changes nothing."""
    return Issue(
        "id_masked",
        f"证件号码“{number}”是脱敏的号码（部分数字用*遮住），不是完整号码，本行未导入。脱敏的表只供打印和入户走访携带，"
        "不能导入；请改用有完整号码的表（导出时不勾选“脱敏”）重新导入。",
        f"The ID number “{number}” is masked (digits hidden by *), not a whole number; this row was not imported. A "
        "masked sheet is for printing and carrying only: import a sheet with whole numbers (exported without 脱敏).",
        fatal=True,
    )


class IdCells:
    def __init__(self, today: date) -> None:
        self.today = today
        self._accepted: set[str] = set()  # address code + birth year (the first 10 characters) normalise accepted
        self._days: dict[str, date | None] = {}  # YYYYMMDD → that day, None when there is no such day

    def known_good(self, raw: Any) -> bool:
        """Whether `normalise(raw, today)` provably accepts ``raw`` as it is: a clean number on a remembered pair
        with a right check character and a real birth date not after today."""
        return (
            raw.__class__ is str
            and len(raw) == 18
            and raw[:10] in self._accepted  # only clean numbers' first 10 characters are in there
            and raw.isascii()
            and raw[10:17].isdigit()
            and raw[17] in _LAST
            and raw[17] == _check_character(raw)
            and self._real_day(raw)
        )

    def result(self, raw: Any) -> IdResult:
        """What `normalise(raw, today)` says, taking the fast path when it provably says the same."""
        if self.known_good(raw):
            return IdResult(raw=raw, value=raw, ric=raw, kind="ric", cleaned=raw)
        result = normalise(raw, self.today)
        if result.ok and not result.repairs and result.kind == "ric" and raw.__class__ is str and _CLEAN.fullmatch(raw):
            self._accepted.add(raw[:10])
        return result

    def _day(self, yyyymmdd: str) -> date | None:
        try:
            return self._days[yyyymmdd]
        except KeyError:
            pass
        try:
            day: date | None = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
        except ValueError:
            day = None
        if len(self._days) >= _DAYS_LIMIT:
            self._days.clear()
        self._days[yyyymmdd] = day
        return day

    def _real_day(self, number: str) -> bool:
        born = self._day(number[6:14])
        return born is not None and born <= self.today

    def born(self, number: str) -> date:
        """The birth date of a normalised resident ID number (one whose date is a real day)."""
        born = self._day(number[6:14])
        if born is None:
            raise ValueError(f"no such day: {number[6:14]}")
        return born

    def fix(self, raw: Any) -> Fix:
        """The cell as a `Fix`: a problem an administrator may override keeps the value (as national records do)."""
        if raw is None or raw == "":
            return EMPTY
        if self.known_good(raw):
            return Fix(raw)  # what the result below gives for such a number, without making the result
        if is_masked(raw):
            return Fix(None, (), masked_id_issue(str(raw).strip()))
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

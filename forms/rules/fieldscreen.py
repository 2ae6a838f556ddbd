"""The questionnaire's field checks as a *screen* in SQL: which records of a form may have a field finding.

`anju check` cannot run `forms.fieldchecks` on every record of a county (a quarter of a million members take half
a minute), so it asks the database first. For each form this module turns the questionnaire into one SQL
condition that holds for every record the field checks could object to: a required answer that may be empty
while the question may be relevant, an answer that may not be one of its choices or of its type, a constraint
that may be false, an expression that may fail to evaluate. The condition may hold for a record that turns out
clean — `anju check` then runs the real field checks on the records it names — but it must never miss one.

How a condition is built (the rules below are what the property tests hold it to):

- Each boolean expression ``e`` becomes two SQL conditions, ``T(e)`` holding (at least) wherever ``e`` is true,
  ``F(e)`` wherever it is false, and ``R(e)``, wherever evaluating it may raise. ``and``/``or``/``not`` combine
  them (``T(a and b) = T(a) and T(b)``, ``F(a and b) = F(a) or F(b)``, ``not`` swaps them); a comparison, a
  ``selected()``, a ``regex()`` … becomes conditions on columns, exact where that is cheap and wider where it is
  not (text is compared as stored, so leading or trailing blanks, which the checks strip, widen a condition
  rather than narrow it).
- A field's value is what `forms.fieldchecks` gives the expressions at that point of its walk: the answer
  (blank when NULL), ``""`` when an earlier question is not relevant, the computed value of a calculation
  (``age(${birth_date})`` as birth-date bounds), or, for a question further on, its answer as stored. A value
  that depends on relevance is a list of cases, each with the condition under which it may apply.
- Text comparisons in SQL are bytewise (code-point order, as Python compares strings): SQLite's default, and
  ``COLLATE "C"`` on PostgreSQL. Patterns are SQLite ``GLOB`` (a regular expression on PostgreSQL).
- Whatever is not understood here (a county's extra questions kept in JSON, arithmetic, most functions) is
  *not* guessed: those fields are checked in Python instead, by running the real field checks on a copy of the
  form cut down to them and to the questions they depend on, over every record of the form, with only the
  columns they read.

Nothing here touches the database; `forms.check` runs the conditions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    String,
    Table,
    Text,
    and_,
    cast,
    false,
    literal,
    not_,
    or_,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ..expressions import (
    NAN,
    Binary,
    Call,
    Current,
    Expression,
    FieldRef,
    Literal,
    Negate,
    Node,
    Value,
    compare,
    to_bool,
    to_number,
    to_text,
)
from ..journal import is_iso_date
from ..questionnaire import SELECT_TYPES, Field, Form, Questionnaire, Section
from ..records import MODEL_BY_TABLE

#: Every character Python's ``str.strip()`` removes (the field checks strip answers); a test holds it to Python's.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Field types whose type check rejects any answer with blanks around it (as stored) — see `_type_screen`.
SHAPED = frozenset({"month", "phone", "id_number", "select_one", "select_multiple"})
_NUMBER_LIKE = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*", re.ASCII)
_LONGEST_NUMBER = 4300  # int() refuses longer digit strings (sys.int_info.default_max_str_digits)
_MAX_ALTERNATIVES = 32  # a regular expression expanding to more fixed shapes than this is left to Python

Pred = bool | ColumnElement[bool]


class Untranslatable(Exception):
    """This expression (or field) is checked in Python, not screened in SQL."""


# ---- SQL pieces that differ between SQLite and PostgreSQL -------------------------------------------------------


class glob(FunctionElement[bool]):
    """``text GLOB pattern`` (SQLite); on PostgreSQL the same test as an anchored regular expression. The pattern
    uses only literal characters, ``*`` and ``[…]`` sets (see `_Pattern`)."""

    type = Boolean()
    inherit_cache = True
    name = "glob"


@compiles(glob)
def _glob_sqlite(element: glob, compiler: SQLCompiler, **kw: Any) -> str:
    text, pattern = list(element.clauses)
    return f"({compiler.process(text, **kw)} GLOB {compiler.process(pattern, **kw)})"


@compiles(glob, "postgresql")
def _glob_postgresql(element: glob, compiler: SQLCompiler, **kw: Any) -> str:
    text, pattern = list(element.clauses)
    regex = literal(_glob_to_regex(str(pattern.value)))
    return f"({compiler.process(text, **kw)} ~ {compiler.process(regex, **kw)})"


class bytewise(FunctionElement[str]):
    """Text compared by code point, as Python compares strings (SQLite's BINARY collation; ``COLLATE "C"``)."""

    type = String()
    inherit_cache = True
    name = "bytewise"


@compiles(bytewise)
def _bytewise_sqlite(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(next(iter(element.clauses)), **kw))


@compiles(bytewise, "postgresql")
def _bytewise_postgresql(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(next(iter(element.clauses)), **kw)} COLLATE "C")'


class year_later(FunctionElement[Any]):
    """A date one year later, less a day (SQLite's ``date(d, '+1 year', '-1 day')``): never after
    `forms.rules.labour.add_years` (d, 1), so ``end > year_later(start)`` holds for every contract longer than a
    year. Other databases than SQLite and PostgreSQL get the start itself (every contract is then named)."""

    type = Date()
    inherit_cache = True
    name = "year_later"


@compiles(year_later)
def _year_later_default(element: year_later, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(next(iter(element.clauses)), **kw))


@compiles(year_later, "sqlite")
def _year_later_sqlite(element: year_later, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(next(iter(element.clauses)), **kw)}, '+1 year', '-1 day')"


@compiles(year_later, "postgresql")
def _year_later_postgresql(element: year_later, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(({compiler.process(next(iter(element.clauses)), **kw)}) + interval '1 year' - interval '1 day')"


def _glob_to_regex(pattern: str) -> str:
    out, i = ["^"], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
        elif char == "[":
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("^") else body).replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out) + "$"


def _glob_literal(text: str) -> str:
    """``text`` as GLOB characters that match only itself."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _set(chars: str, *, negate: bool = False) -> str:
    """A GLOB set of these characters (``]`` first, ``-`` last, ``^`` not first)."""
    ordered = sorted(set(chars), key=lambda c: (c != "]", c == "-", c == "^" and not negate, c))
    if ordered and ordered[0] == "^" and not negate:
        ordered = [*ordered[1:], "^"]
    return "[" + ("^" if negate else "") + "".join(ordered) + "]"


def _glob(text: ColumnElement[Any], pattern: str) -> ColumnElement[bool]:
    return glob(text, literal(pattern, String()))


# ---- conditions -------------------------------------------------------------------------------------------------


def AND(*parts: Pred) -> Pred:
    kept: list[ColumnElement[bool]] = []
    for part in parts:
        if part is False:
            return False
        if part is not True:
            kept.append(part)
    return True if not kept else kept[0] if len(kept) == 1 else and_(*kept)


def OR(*parts: Pred) -> Pred:
    kept: list[ColumnElement[bool]] = []
    for part in parts:
        if part is True:
            return True
        if part is not False:
            kept.append(part)
    return False if not kept else kept[0] if len(kept) == 1 else or_(*kept)


def NOT(part: Pred) -> Pred:
    return (not part) if isinstance(part, bool) else not_(part)


def to_sql(pred: Pred) -> ColumnElement[bool]:
    return true() if pred is True else false() if pred is False else pred


@dataclass(frozen=True)
class Truth:
    """Where an expression may be true (``t``), may be false (``f``), may fail to evaluate (``r``)."""

    t: Pred
    f: Pred
    r: Pred = False

    def negated(self) -> Truth:
        return Truth(self.f, self.t, self.r)


def _const_truth(value: bool) -> Truth:
    return Truth(value, not value)


# ---- values ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Const:
    value: Value


@dataclass(frozen=True)
class TextCol:
    """A text column: its value is the stripped answer, "" when NULL or blank. ``clean``: the answer may be taken
    as stored (no blanks around it) — true where the field's own type check already names any record where it
    is not (`SHAPED`)."""

    column: ColumnElement[Any]
    clean: bool = False
    known: Known | None = None
    nonblank: bool = False  # the field's own answer inside its constraint: never blank there
    numeric: bool = True  # may be numeric text (which orders as a number): False where the type check rules it out
    choices: tuple[str, ...] = ()  # the choices of a choice question, the most common usually first


@dataclass(frozen=True)
class DateCol:
    column: ColumnElement[Any]
    nonblank: bool = False


@dataclass(frozen=True)
class IntCol:
    column: ColumnElement[Any]
    nonblank: bool = False


@dataclass(frozen=True)
class BoolCol:
    column: ColumnElement[Any]
    nonblank: bool = False


@dataclass(frozen=True)
class AgeOf:
    """``age()`` of a date column: whole years on the survey date, NaN when the date is empty."""

    column: ColumnElement[Any]


Operand = Const | TextCol | DateCol | IntCol | BoolCol | AgeOf
#: A value as cases: each operand with the condition under which it may be the value (together they cover all).
Cases = list[tuple[Pred, Operand]]


def _blank(op: Operand) -> Pred:
    """Where the value may be "" (NULL, or for text blank)."""
    if isinstance(op, Const):
        return op.value == ""
    if isinstance(op, AgeOf) or op.nonblank:
        return False  # NaN, not ""; or known to be answered
    if isinstance(op, TextCol):
        return or_(op.column.is_(None), op.column == "", _starts_blank(op.column))
    return op.column.is_(None)


def _filled(op: Operand) -> Pred:
    """Where the value may be something other than ""."""
    if isinstance(op, Const):
        return op.value != ""
    if isinstance(op, AgeOf) or op.nonblank:
        return True
    if isinstance(op, TextCol):
        return and_(op.column.is_not(None), op.column != "")
    return op.column.is_not(None)


def _null(op: TextCol | DateCol | IntCol | BoolCol) -> Pred:
    """Where the column is NULL (never, for an answer known to be there: the screen guards it outside)."""
    return False if op.nonblank else op.column.is_(None)


def _present(op: TextCol | DateCol | IntCol | BoolCol) -> Pred:
    return True if op.nonblank else op.column.is_not(None)


def _starts_blank(column: ColumnElement[Any]) -> ColumnElement[bool]:
    """Text that may start with a blank: below "!" (ASCII blanks and controls) or from U+0085 to U+3000 (every
    other blank, with some letters and punctuation — a wide net, but two comparisons)."""
    text = bytewise(column)
    return or_(text < "!", and_(text >= "\x85", text < "\u3001"))


def _edge_blank(column: ColumnElement[Any]) -> ColumnElement[bool]:
    """Text that may have blanks around it (as stored)."""
    return or_(_starts_blank(column), _glob(column, "*" + _set(WHITESPACE)))


def _unclean(op: TextCol) -> Pred:
    return False if op.clean else _edge_blank(op.column)


# ---- comparisons -------------------------------------------------------------------------------------------------

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
_SQL_OPS: dict[str, Callable[[Any, Any], ColumnElement[bool]]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _exact(cond: Pred) -> Truth:
    return Truth(cond, NOT(cond))


def _compare(op: str, left: Operand, right: Operand, today: date) -> Truth:
    """`expressions.compare(op, left, right)` as conditions."""
    for side in (left, right):
        if isinstance(side, Const) and isinstance(side.value, str) and len(side.value) > _LONGEST_NUMBER:
            raise Untranslatable  # a number too long for int(): the check itself fails on it
    if isinstance(left, Const) and isinstance(right, Const):
        try:
            return _const_truth(compare(op, left.value, right.value))
        except (ValueError, ArithmeticError) as exc:
            raise Untranslatable from exc
    if isinstance(left, Const):
        return _compare(_FLIP[op], right, left, today)
    if isinstance(right, Const):
        return _compare_const(op, left, right.value, today)
    return _compare_columns(op, left, right)


def _when_blank(op: str, other: Value) -> bool:
    """`compare` with a blank left side and ``other`` (a constant) on the right."""
    return compare(op, "", other)


def _compare_const(op: str, col: Operand, value: Value, today: date) -> Truth:
    if isinstance(value, bool):
        if isinstance(col, BoolCol):
            return _bool_cases(col, lambda b: compare(op, b, value))
        raise Untranslatable
    if isinstance(col, AgeOf):
        return _compare_age(op, col, value, today)
    blank = _when_blank(op, value)
    if isinstance(col, BoolCol):
        return _bool_cases(col, lambda b: compare(op, b, value))
    if value == "":  # a filled value against "": = is false, != is true, an order never holds
        filled = op == "!="
        return Truth(
            OR(AND(_blank(col), blank), AND(_filled(col), filled)),
            OR(AND(_blank(col), not blank), AND(_filled(col), not filled)),
        )
    if isinstance(col, Const):
        return _const_truth(compare(op, col.value, value))
    column = col.column
    if isinstance(col, IntCol):
        number = to_number(value) if isinstance(value, str) else value
        if isinstance(number, float) and math.isnan(number):
            filled_result: Pred = op == "!="
        else:
            filled_result = _SQL_OPS[op](column, number)
        return _exact(OR(AND(_null(col), blank), AND(_present(col), filled_result)))
    if isinstance(col, DateCol):
        if not isinstance(value, str):
            filled_result = op == "!="  # a date against a number: never a number, so only != holds
        elif is_iso_date(value):
            filled_result = _SQL_OPS[op](column, date.fromisoformat(value))
        elif op in ("=", "!="):
            filled_result = op == "!="  # never equal to text that is not a date
        else:
            filled_result = _SQL_OPS[op](bytewise(cast(column, String)), value)
        return _exact(OR(AND(_null(col), blank), AND(_present(col), filled_result)))
    assert isinstance(col, TextCol)
    return _compare_text_const(op, col, value, blank)


def _compare_text_const(op: str, col: TextCol, value: Value, blank: bool) -> Truth:
    column = col.column
    if not isinstance(value, str):
        raise Untranslatable  # a number: numeric text compares as a number, other text never does
    if op in ("=", "!="):
        if value != value.strip():
            equal = Truth(False, True)  # a stripped answer never has blanks around it
        else:
            # Equal after stripping: starts with the value as stored (trailing blanks), or starts with a blank.
            prefix = and_(bytewise(column) >= value, bytewise(column) < _successor(value))
            equal = Truth(AND(_present(col), or_(prefix, _starts_blank(column))), OR(_null(col), column != value))
        # a blank answer is never equal to a filled value: the cases above already say so for NULL and ""
        return equal if op == "=" else equal.negated()
    if _NUMBER_LIKE.fullmatch(value) and col.numeric:
        raise Untranslatable  # both sides numeric text compare as numbers
    ordered = _SQL_OPS[op](bytewise(column), value)
    unclean = _unclean(col)
    filled = _filled(col)
    may_fail = _too_long_number(col)
    return Truth(
        OR(AND(_blank(col), blank), AND(filled, OR(unclean, ordered))),
        OR(AND(_blank(col), not blank), AND(filled, OR(unclean, NOT(ordered)))),
        may_fail,
    )


def _too_long_number(col: TextCol) -> Pred:
    """Ordering text converts it to a number first, which fails for more digits than int() takes."""
    return False if col.clean else and_(col.column.is_not(None), _length(col.column) > _LONGEST_NUMBER)


def _length(column: ColumnElement[Any]) -> ColumnElement[int]:
    from sqlalchemy import func

    return func.length(column)


def _successor(text: str) -> str:
    """The first string after every string that starts with ``text`` (code-point order)."""
    last = ord(text[-1])
    if last >= 0x10FFFF:
        raise Untranslatable
    return text[:-1] + chr(last + 1)


def _bool_cases(col: BoolCol, result: Callable[[Value], bool]) -> Truth:
    """Every value a yes/no column can give ("", no, yes), each with its result."""
    column = col.column
    cases = ((_null(col), result("")), (column.is_(false()), result(False)), (column.is_(true()), result(True)))
    return _exact(OR(*(cond for cond, holds in cases if holds and cond is not False)))


def _compare_age(op: str, col: AgeOf, value: Value, today: date) -> Truth:
    from .labour import birth_cutoff

    column = col.column
    number = to_number(value) if isinstance(value, str) else value
    if value == "" or (isinstance(number, float) and math.isnan(number)):
        # against "" or text that is not a number: the same answer for every age and for NaN
        return _const_truth(compare(op, 30, value)) if compare(op, 30, value) == compare(op, NAN, value) else _raise()
    if isinstance(number, float) and not math.isfinite(number):
        raise Untranslatable

    def at_least(years: int) -> Pred:  # age ≥ years (`birth_cutoff`), for a date that is there
        try:
            cutoff = birth_cutoff(today, years)
        except (ValueError, OverflowError):  # beyond the calendar: nobody, or everybody
            return False if years > 0 else column.is_not(None)
        return and_(column.is_not(None), column <= cutoff)

    lower, upper = math.floor(number), math.ceil(number)
    holds: Pred
    if op == "<":
        holds = AND(column.is_not(None), NOT(at_least(upper)))
    elif op == "<=":
        holds = AND(column.is_not(None), NOT(at_least(lower + 1)))
    elif op == ">":
        holds = at_least(lower + 1)
    elif op == ">=":
        holds = at_least(upper)
    else:
        equal = AND(at_least(lower), NOT(at_least(lower + 1))) if lower == upper else False
        equal = AND(column.is_not(None), equal)
        holds = equal if op == "=" else OR(column.is_(None), NOT(equal))
    return _exact(holds)


def _raise() -> Truth:
    raise Untranslatable


def _compare_columns(op: str, left: Operand, right: Operand) -> Truth:
    """Two columns: blanks first (both blank: = holds; one blank: only != holds), then by kind."""
    if isinstance(left, AgeOf) or isinstance(right, AgeOf) or isinstance(left, BoolCol) or isinstance(right, BoolCol):
        raise Untranslatable
    both_blank = compare(op, "", "")
    one_blank = compare(op, "", "x")
    lb, rb, lf, rf = _blank(left), _blank(right), _filled(left), _filled(right)
    kinds = (type(left), type(right))
    if kinds == (DateCol, DateCol) or kinds == (IntCol, IntCol):
        filled_t = _SQL_OPS[op](left.column, right.column)  # type: ignore[union-attr]
        filled_f = NOT(filled_t)
        unclean: Pred = False
        may_fail: Pred = False
    elif (DateCol in kinds and TextCol in kinds) or kinds == (TextCol, TextCol):
        a = bytewise(cast(left.column, String)) if isinstance(left, DateCol) else bytewise(left.column)  # type: ignore[union-attr]
        b = bytewise(cast(right.column, String)) if isinstance(right, DateCol) else bytewise(right.column)  # type: ignore[union-attr]
        unclean = OR(*(_unclean(x) for x in (left, right) if isinstance(x, TextCol)))
        if op in ("=", "!="):
            filled_t, may_fail = _SQL_OPS[op](a, b), False
        elif kinds == (TextCol, TextCol) and left.numeric and right.numeric:  # type: ignore[union-attr]
            raise Untranslatable  # two numeric texts compare as numbers
        else:
            filled_t = _SQL_OPS[op](a, b)  # a date is never numeric text: compared as text
            may_fail = OR(*(_too_long_number(x) for x in (left, right) if isinstance(x, TextCol)))
        filled_f = NOT(filled_t)
    else:
        raise Untranslatable
    both = AND(lf, rf)
    t = OR(AND(lb, rb, both_blank), AND(OR(AND(lb, rf), AND(lf, rb)), one_blank), AND(both, OR(unclean, filled_t)))
    f = OR(
        AND(lb, rb, not both_blank), AND(OR(AND(lb, rf), AND(lf, rb)), not one_blank), AND(both, OR(unclean, filled_f))
    )
    return Truth(t, f, may_fail)


# ---- functions --------------------------------------------------------------------------------------------------


def _selected(col: Operand, choice: Value) -> Truth:
    """``selected(value, choice)``: the stripped choice is one of the comma-separated, stripped parts."""
    wanted = to_text(choice).strip()
    if isinstance(col, Const):
        return _const_truth(wanted in _parts(to_text(col.value)))
    if not isinstance(col, TextCol):
        raise Untranslatable
    if not wanted or "," in wanted:
        return Truth(False, True)  # parts are never empty and never hold a comma
    column = col.column
    body = _glob_literal(wanted)
    # An answer that is exactly one choice not naming it (the usual answer) is settled by a comparison.
    others = [v for v in col.choices if v and v == v.strip() and "," not in v and wanted not in _parts(v)][:4]
    may = AND(_present(col), *(column != v for v in others), _glob(column, f"*{body}*"))
    sure = AND(
        _present(col),
        or_(column == wanted, _glob(column, f"{body},*"), _glob(column, f"*,{body}"), _glob(column, f"*,{body},*")),
    )
    return Truth(may, NOT(sure))


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _count_selected(op: str, col: Operand, *, value: Value, flipped: bool) -> Truth:
    """``count-selected(value) op number``: exact for an answer without a comma (0 or 1 part), open with one."""
    if isinstance(col, Const):
        count = len(_parts(to_text(col.value)))
        return _const_truth(compare(op, value, count) if flipped else compare(op, count, value))
    if not isinstance(col, TextCol):
        raise Untranslatable

    def result(count: int) -> bool:
        return compare(op, value, count) if flipped else compare(op, count, value)

    column = col.column
    # An answer that is exactly one choice (the usual answer) counts one, without looking for a comma.
    single = [v for v in col.choices if v and v == v.strip() and "," not in v][:4]
    comma = AND(_present(col), *(column != v for v in single), _glob(column, "*,*"))
    one, none = result(1), result(0)
    t = OR(comma, AND(_filled(col), one), AND(_blank(col), none))
    f = OR(comma, AND(_filled(col), not one), AND(_blank(col), not none))
    return Truth(t, f)


Shape = tuple[frozenset[str], ...]  # one set of allowed characters per position


class _Pattern:
    """A regular expression as a few fixed shapes, when it is that simple: literal characters, sets, fixed or
    small repeats, groups and alternatives, ``^`` and ``$``. Anything else is Untranslatable."""

    def __init__(self, pattern: str) -> None:
        import re._parser as sre  # type: ignore[import-not-found]  # the parser re itself uses (3.11 on)

        try:
            parsed = sre.parse(pattern, re.ASCII)
        except Exception as exc:  # a pattern the checks cannot compile fails there, not here
            raise Untranslatable from exc
        if parsed.state.flags & ~(re.ASCII | re.UNICODE):
            raise Untranslatable
        items = list(parsed)
        self.start = bool(items) and _is_at(items[0], "AT_BEGINNING")
        self.end = len(items) > int(self.start) and _is_at(items[-1], "AT_END")
        body = items[int(self.start) : len(items) - int(self.end)]
        self.shapes: list[Shape] = _shapes(body)

    def globs(self) -> list[str]:
        head = "" if self.start else "*"
        tail = "" if self.end else "*"
        return [head + _shape_glob(shape) + tail for shape in self.shapes]

    def contains_globs(self) -> list[str]:
        return ["*" + _shape_glob(shape) + "*" for shape in self.shapes]

    def surely_matches(self, shape: Shape) -> bool:
        """Whether every text of this shape matches (a search, honouring the anchors)."""
        for wanted in self.shapes:
            if len(wanted) > len(shape):
                continue
            if self.start and self.end and len(wanted) != len(shape):
                continue
            offsets = (
                [0] if self.start else [len(shape) - len(wanted)] if self.end else range(len(shape) - len(wanted) + 1)
            )
            for offset in offsets:
                if all(shape[offset + i] <= wanted[i] for i in range(len(wanted))):
                    return True
        return False


def _is_at(item: tuple[Any, Any], where: str) -> bool:
    op, arg = item
    return str(op) == "AT" and str(arg) in (
        where,
        "AT_BEGINNING_STRING" if where == "AT_BEGINNING" else "AT_END_STRING",
    )


_DIGITS = frozenset("0123456789")
_WORD = _DIGITS | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_CATEGORIES = {"CATEGORY_DIGIT": _DIGITS, "CATEGORY_WORD": _WORD}


def _shapes(items: Sequence[tuple[Any, Any]]) -> list[Shape]:
    """Every fixed shape the items match, position by position."""
    shapes: list[Shape] = [()]
    for op, arg in items:
        name = str(op)
        options: list[Shape]
        if name == "LITERAL":
            options = [(_one_char(chr(arg)),)]
        elif name == "IN":
            options = [(_char_set(arg),)]
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = arg
            if high > 64 or high - low > 4:
                raise Untranslatable
            one = _shapes(list(sub))
            options = []
            for count in range(low, high + 1):
                options.extend(_repeat(one, count))
        elif name == "SUBPATTERN":
            _group, add, remove, sub = arg
            if add or remove:
                raise Untranslatable
            options = _shapes(list(sub))
        elif name == "BRANCH":
            _none, branches = arg
            options = [shape for branch in branches for shape in _shapes(list(branch))]
        else:
            raise Untranslatable  # "." (no newlines), anchors inside, back references, lookarounds …
        shapes = [a + b for a in shapes for b in options]
        if len(shapes) > _MAX_ALTERNATIVES or any(len(s) > 80 for s in shapes):
            raise Untranslatable
    return shapes


def _repeat(shapes: list[Shape], count: int) -> list[Shape]:
    out: list[Shape] = [()]
    for _ in range(count):
        out = [a + b for a in out for b in shapes]
        if len(out) > _MAX_ALTERNATIVES:
            raise Untranslatable
    return out


def _one_char(char: str) -> frozenset[str]:
    if char in WHITESPACE:
        raise Untranslatable  # a blank the checks may have stripped
    return frozenset(char)


def _char_set(items: Sequence[tuple[Any, Any]]) -> frozenset[str]:
    chars: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(arg))
        elif name == "RANGE":
            low, high = arg
            if high - low > 128:
                raise Untranslatable
            chars.update(map(chr, range(low, high + 1)))
        elif name == "CATEGORY" and str(arg) in _CATEGORIES:
            chars |= _CATEGORIES[str(arg)]
        else:
            raise Untranslatable  # "anything but" would match the blanks the checks stripped
    if not chars or chars & set(WHITESPACE):
        raise Untranslatable
    return frozenset(chars)


def _shape_glob(shape: Shape) -> str:
    return "".join(_position_glob(chars) for chars in shape)


def _position_glob(chars: frozenset[str]) -> str:
    if len(chars) == 1:
        return _glob_literal(next(iter(chars)))
    ordered = sorted(chars)
    if "]" in chars or "^" in chars:
        raise Untranslatable
    body: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ord(ordered[j + 1]) == ord(ordered[j]) + 1:
            j += 1
        if j - i >= 2:
            body.append(f"{ordered[i]}-{ordered[j]}")
        else:
            body.extend(ordered[i : j + 1])
        i = j + 1
    text = "".join(c for c in body if c != "-") + ("-" if "-" in body else "")
    return f"[{text}]"


def _regex(col: Operand, pattern: Value) -> Truth:
    """``regex(value, 'pattern')`` (a search). Sure: the stored text matches a shape none of whose characters is a
    blank (so the stripped answer matches too), or has a known shape that always matches. Maybe: the stored text
    contains a shape."""
    if isinstance(col, Const):
        from ..expressions import _regex as run

        return _const_truth(run(col.value, pattern))
    if not isinstance(col, TextCol) or not isinstance(pattern, str):
        raise Untranslatable
    parsed = _Pattern(pattern)
    column = col.column
    sure = OR(*(_glob(column, g) for g in parsed.globs()))
    if col.known is not None and all(parsed.surely_matches(shape) for shape in col.known.shapes):
        sure = OR(col.known.holds, sure)
    may = OR(*(_glob(column, g) for g in parsed.contains_globs()))
    empty = _const_truth(_search(pattern, ""))  # a blank or NULL value is ""
    return Truth(
        OR(AND(_blank(col), empty.t), AND(_present(col), may)),
        OR(AND(_blank(col), empty.f), AND(_present(col), NOT(sure))),
    )


_MONTH_PATTERN = _Pattern("^[0-9]{4}-(0[1-9]|1[0-2])$")


def _search(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.ASCII) is not None


@dataclass(frozen=True)
class Known:
    """Where a text column's stored value is known to have one of ``shapes`` (``condition``), from a value derived
    on write: `Member.id_check` is "" only for a checked number stored in its canonical form."""

    condition: ColumnElement[bool]
    shapes: tuple[Shape, ...]
    assumed: bool = False  # taken to hold (to see whether the field could still have a finding)

    @property
    def holds(self) -> Pred:
        return True if self.assumed else self.condition


def _known(table: Table, column: str) -> Known | None:
    if table.name == "members" and column == "id_number":
        from .member_rules import CANONICAL_ID

        # "" only for a number the ID rules check, stored canonically (`forms.rules.member_rules.id_verdict`)
        return Known(table.c.id_check == "", tuple(_Pattern(f"^{CANONICAL_ID.pattern}$").shapes))
    return None


# ---- a form ------------------------------------------------------------------------------------------------------


@dataclass
class FormScreen:
    """The screen of one form: ``sql`` names records whose SQL-screened fields may have findings; ``python``
    fields (and ``python_sections``' own relevance) are checked by `python_check` over every record instead."""

    form: Form
    table: Table
    sql: Pred
    python_fields: tuple[str, ...] = ()
    python_sections: tuple[str, ...] = ()
    _subform: Questionnaire | None = field(default=None, repr=False)
    columns: tuple[str, ...] = ()  # what `python_check` reads, besides id

    @property
    def needs_python(self) -> bool:
        return bool(self.python_fields or self.python_sections)

    def python_check(self, values: Mapping[str, Any], today: date) -> bool:
        """Whether the Python-checked fields of one record (``values`` as `forms.fieldchecks.record_values`
        gives them, from `columns`) have a finding."""
        from ..fieldchecks import field_findings

        assert self._subform is not None
        found = field_findings(self._subform, self.form.name, values, record_id="", household_id=None, today=today)
        return bool(found)


class _Translator:
    """Expressions of one form at the points of `forms.fieldchecks`' walk."""

    def __init__(self, questionnaire: Questionnaire, form: Form, table: Table, today: date) -> None:
        self.questionnaire = questionnaire
        self.form = form
        self.table = table
        self.today = today
        self.index = {item.name: n for n, item in enumerate(form.fields)}
        self.section_of: dict[str, Section] = {}
        self.section_start: dict[str, int] = {}
        position = 0
        for section in form.sections:
            self.section_start[section.name] = position
            for item in section.fields:
                self.section_of[item.name] = section
            position += len(section.fields)
        self._relevance: dict[tuple[str, str], tuple[Truth, Truth]] = {}
        self._sections: dict[tuple[str, str], Truth] = {}
        #: how values derived on write are used: "hint" (as `Known`), "assume" (as if they held), "off"
        self.known_mode = "hint"

    # -- values --

    def column_operand(self, item: Field, *, clean: bool) -> Operand:
        if item.extra:
            raise Untranslatable  # county questions live in JSON: checked in Python
        column = self.table.columns.get(item.name)
        if column is None:
            return Const("")  # a value computed for display: nothing stored
        kind = column.type
        if isinstance(kind, Boolean):
            return BoolCol(column)
        if isinstance(kind, Integer):
            return IntCol(column)
        if isinstance(kind, Date):
            return DateCol(column)
        if isinstance(kind, String | Text):
            if item.type in ("integer", "decimal", "yes_no"):
                raise Untranslatable  # text read as a number or a yes/no
            known = _known(self.table, item.name) if self.known_mode != "off" else None
            if known is not None and self.known_mode == "assume":
                known = Known(true(), known.shapes, assumed=True)
            clean = clean and self.shaped(item)
            choices = self.allowed(item) if item.type in SELECT_TYPES else ()
            return TextCol(
                column, clean=clean, known=known, numeric=not (clean and self.never_numeric(item)), choices=choices
            )
        raise Untranslatable

    def shaped(self, item: Field) -> bool:
        if item.type not in SHAPED or item.calculation is not None or item.extra:
            return False
        if item.type in SELECT_TYPES:
            return all(v == v.strip() and v for v in self.allowed(item))
        return True

    def always_relevant(self, item: Field) -> bool:
        return item.relevant is None and self.section_of[item.name].relevant is None

    def never_numeric(self, item: Field) -> bool:
        """Whether an answer that passes the type check is never numeric text: a month, or a choice from a list
        without numbers."""
        if item.type == "month":
            return True
        if item.type in SELECT_TYPES:
            return not any(_NUMBER_LIKE.fullmatch(v) for v in self.allowed(item))
        return False

    def allowed(self, item: Field) -> tuple[str, ...]:
        """The choices of a field, in the list's order (the most common usually first)."""
        choices = self.questionnaire.choices.get(item.choices or "")
        return choices.values if choices is not None else ()

    def base(self, item: Field, *, clean: bool) -> Cases:
        """The field's value before relevance blanks it: computed, or the answer."""
        if item.calculation is not None:
            return self.calculated(item)
        return [(True, self.column_operand(item, clean=clean))]

    def calculated(self, item: Field) -> Cases:
        calc = item.calculation
        assert calc is not None
        node = calc.tree
        if isinstance(node, Call) and node.name == "age" and len(node.args) == 1:
            cases = self.value(node.args[0], self.index[item.name], mode="calc", owner=item)
            out: Cases = []
            for cond, op in cases:
                if isinstance(op, DateCol):
                    out.append((cond, AgeOf(op.column)))
                elif isinstance(op, Const) and op.value == "":
                    out.append((cond, Const(NAN)))
                else:
                    raise Untranslatable  # age() of text may fail: checked in Python
            return out
        if isinstance(node, Literal):
            return [(True, Const(node.value))]
        raise Untranslatable

    def processed(self, item: Field) -> Cases:
        """The value later expressions see: "" when the field is not relevant."""
        relevant, irrelevant = self.relevance(item)
        base = self.base(item, clean=True)
        if relevant.t is True and irrelevant.t is False:
            return base
        cases: Cases = [(AND(relevant.t, cond), op) for cond, op in base]
        cases.append((irrelevant.t, Const("")))
        return cases

    def stored(self, item: Field) -> Cases:
        """A field's value before the walk reaches it: the answer as stored ("" for a display-only value)."""
        if item.calculation is not None and self.table.columns.get(item.name) is None:
            return [(True, Const(""))]
        return [(True, self.column_operand(item, clean=False))]

    def value(self, node: Node, position: int, *, mode: str, owner: Field | None) -> Cases:
        """A value node at ``position`` in the walk. ``mode`` says where: "section" (before the section's first
        field; ``.`` is ""), "rel" (the owner's relevance: the owner computed, not blanked), "check" (the owner's
        constraint: the same, and its answer may be taken as stored when its type check would name it
        otherwise), "calc" (the owner's calculation: the owner as stored)."""
        if isinstance(node, Literal):
            return [(True, Const(node.value))]
        if (
            isinstance(node, Current | FieldRef)
            and owner is not None
            and (isinstance(node, Current) or node.name == owner.name)
        ):
            if mode == "section":
                return [(True, Const(""))]
            if mode == "calc":
                return self.stored(owner)
            cases = self.base(owner, clean=mode == "check")
            if mode == "check":  # the constraint runs on an answered field only
                cases = [
                    (cond, replace(op, nonblank=True) if not isinstance(op, Const | AgeOf) else op)
                    for cond, op in cases
                ]
            return cases
        if isinstance(node, Current):
            return [(True, Const(""))]
        if isinstance(node, FieldRef):
            item = self.form.by_name.get(node.name)
            if item is None:
                return [(True, Const(""))]
            if self.index[item.name] < position:
                return self.processed(item)
            return self.stored(item)
        if isinstance(node, Call) and node.name == "today" and not node.args:
            return [(True, Const(self.today.isoformat()))]
        if isinstance(node, Negate) and isinstance(node.operand, Literal) and not isinstance(node.operand.value, str):
            return [(True, Const(-node.operand.value))]
        raise Untranslatable

    # -- conditions --

    def truth(self, node: Node, position: int, *, mode: str, owner: Field | None) -> Truth:
        if isinstance(node, Binary) and node.op in ("and", "or"):
            a = self.truth(node.left, position, mode=mode, owner=owner)
            b = self.truth(node.right, position, mode=mode, owner=owner)
            if node.op == "and":
                if _counts_selected(node.right) and not _counts_selected(node.left):
                    a, b = b, a  # a count of choices above one needs a comma: the rarer test first
                return Truth(AND(a.t, b.t), OR(a.f, b.f), OR(a.r, b.r))
            return Truth(OR(a.t, b.t), AND(a.f, b.f), OR(a.r, b.r))
        if isinstance(node, Binary) and node.op in _FLIP:
            return self.comparison(node, position, mode=mode, owner=owner)
        if isinstance(node, Call):
            args = node.args
            if node.name == "not":
                return self.truth(args[0], position, mode=mode, owner=owner).negated()
            if node.name in ("true", "false"):
                return _const_truth(node.name == "true")
            if node.name == "selected":
                return self.over_cases(
                    self.value(args[0], position, mode=mode, owner=owner),
                    self.constant(args[1]),
                    _selected,
                )
            if node.name == "regex":
                return self.over_cases(
                    self.value(args[0], position, mode=mode, owner=owner), self.constant(args[1]), _regex
                )
        if isinstance(node, Literal):
            return _const_truth(to_bool(node.value))
        if isinstance(node, FieldRef | Current):
            return self.combine(self.value(node, position, mode=mode, owner=owner), _truthy)
        raise Untranslatable

    def constant(self, node: Node) -> Value:
        if isinstance(node, Literal):
            return node.value
        raise Untranslatable

    def comparison(self, node: Binary, position: int, *, mode: str, owner: Field | None) -> Truth:
        for flipped, counted, other in ((False, node.left, node.right), (True, node.right, node.left)):
            if isinstance(counted, Call) and counted.name == "count-selected":
                cases = self.value(counted.args[0], position, mode=mode, owner=owner)
                return self.combine(
                    cases, partial(_count_selected, node.op, value=self.constant(other), flipped=flipped)
                )
        left = self.value(node.left, position, mode=mode, owner=owner)
        right = self.value(node.right, position, mode=mode, owner=owner)
        truths = []
        for lc, lop in left:
            for rc, rop in right:
                cond = AND(lc, rc)
                if cond is False:
                    continue
                one = _compare(node.op, lop, rop, self.today)
                truths.append((cond, one))
        return _merge(truths)

    def over_cases(self, cases: Cases, constant: Value, run: Callable[[Operand, Value], Truth]) -> Truth:
        return self.combine(cases, lambda op: run(op, constant))

    def combine(self, cases: Cases, run: Callable[[Operand], Truth]) -> Truth:
        return _merge([(cond, run(op)) for cond, op in cases if cond is not False])

    # -- relevance --

    def section_on(self, section: Section) -> Truth:
        """Where the section is on (t: on or its expression fails, which counts as on), off (f), fails (r)."""
        key = (section.name, self.known_mode)
        if key not in self._sections:
            if section.relevant is None:
                self._sections[key] = Truth(True, False)
            else:
                truth = self.truth(section.relevant.tree, self.section_start[section.name], mode="section", owner=None)
                self._sections[key] = Truth(OR(truth.t, truth.r), truth.f, truth.r)
        return self._sections[key]

    def relevance(self, item: Field) -> tuple[Truth, Truth]:
        """(relevant, not relevant) of a field, each a Truth whose ``t`` is where it may be so; the first's ``r``
        is where its own expression may fail (reported on the field)."""
        key = (item.name, self.known_mode)
        if key not in self._relevance:
            section = self.section_on(self.section_of[item.name])
            if item.relevant is None:
                own = Truth(True, False)
            else:
                truth = self.truth(item.relevant.tree, self.index[item.name], mode="rel", owner=item)
                own = Truth(OR(truth.t, truth.r), truth.f, truth.r)
            relevant = Truth(AND(section.t, own.t), OR(section.f, own.f), AND(section.t, own.r))
            self._relevance[key] = (relevant, Truth(relevant.f, relevant.t))
        return self._relevance[key]

    # -- the screen of one field --

    def field_screen(self, item: Field) -> _FieldScreen:
        """Where this field may have a finding. When its answer has a `Known` shape and the field can have no
        finding where that holds, that condition's negation comes first (one cheap test for most records), then
        the screen without the hint."""
        if item.calculation is None and not item.extra and _known(self.table, item.name) is not None:
            self.known_mode = "assume"
            try:
                under = self._field_screen(item)
            finally:
                self.known_mode = "hint"
            if under.whole is False:
                known = _known(self.table, item.name)
                assert known is not None
                self.known_mode = "off"
                try:
                    plain = self._field_screen(item)
                finally:
                    self.known_mode = "hint"
                unknown = NOT(known.condition)
                return _FieldScreen(AND(unknown, plain.errors), plain.relevant, AND(unknown, plain.checks), plain.first)
        return self._field_screen(item)

    def _field_screen(self, item: Field) -> _FieldScreen:
        """Conditions that only ever sit at the top of the screen (never under a NOT) are written without NULL
        guards: a NULL there only drops a case that cannot apply."""
        relevant, _ = self.relevance(item)
        if item.type == "note":
            return _FieldScreen(relevant.r, True, False)
        if item.calculation is not None:
            base = self.calculated(item)  # never fails: only age() of a date is translated
            empty = OR(*(AND(cond, _answer_empty(op)) for cond, op in base))
            filled = OR(*(AND(cond, _answer_filled(op)) for cond, op in base))
            answer: Pred = AND(item.required, empty)
        else:
            op = self.column_operand(item, clean=False)
            filled = _answer_filled(op)
            answer = self.answer_screen(item, op, shapes=self.sure_shapes(item, op))
        checks: list[Pred] = [answer]
        if item.constraint is not None:
            constraint = self.truth(item.constraint.tree, self.index[item.name], mode="check", owner=item)
            failing = OR(constraint.f, constraint.r)
            # A required answer is mostly there: its test first. An optional one mostly is not: that first.
            checks.append(AND(failing, filled) if item.required else AND(filled, failing))
        # A required question is mostly empty where it is not relevant: then the relevance fails first.
        return _FieldScreen(relevant.r, relevant.t, OR(*checks), first=item.required)

    def sure_shapes(self, item: Field, op: Operand) -> list[Shape] | None:
        """Shapes covering every stored answer the constraint's screen (F) leaves out, when the constraint is
        made of ``. = 'text'``, ``regex(., '^…$')``, ``and`` and ``or``; None otherwise. Where the answer has none
        of them, F holds — so a type check those shapes all pass adds nothing to the screen."""
        if item.constraint is None:
            return None
        known = op.known if isinstance(op, TextCol) else None

        def shapes(node: Node) -> list[Shape] | None:
            if isinstance(node, Binary) and node.op == "and":
                left = shapes(node.left)
                return left if left is not None else shapes(node.right)
            if isinstance(node, Binary) and node.op == "or":
                left, right = shapes(node.left), shapes(node.right)
                return None if left is None or right is None else left + right
            if isinstance(node, Binary) and node.op == "=":
                sides = (node.left, node.right)
                if any(isinstance(x, Current) for x in sides) and any(isinstance(x, Literal) for x in sides):
                    value = next(x for x in sides if isinstance(x, Literal)).value
                    if isinstance(value, str):
                        return [tuple(frozenset(c) for c in value)] if value and value == value.strip() else []
                return None
            if (
                isinstance(node, Call)
                and node.name == "regex"
                and isinstance(node.args[0], Current)
                and isinstance(node.args[1], Literal)
                and isinstance(node.args[1].value, str)
            ):
                try:
                    pattern = _Pattern(node.args[1].value)
                except Untranslatable:
                    return None
                if not (pattern.start and pattern.end):
                    return None
                return pattern.shapes + (list(known.shapes) if known is not None else [])
            return None

        return shapes(item.constraint.tree)

    def answer_screen(self, item: Field, op: Operand, *, shapes: list[Shape] | None = None) -> Pred:
        """Where the answer may be missing although required, or fail its type or choice check. With ``shapes``
        (`sure_shapes`) the type check is left out when every one of them passes it: where it fails, the
        constraint's screen holds already."""
        if isinstance(op, Const):
            return False
        if not isinstance(op, TextCol):
            return AND(item.required, op.column.is_(None))
        column = op.column
        kind = self.table.columns[item.name].type
        bad: Pred
        if item.type == "select_one":
            bad = _not_in(column, self.allowed(item))
            # An unanswered optional question (NULL) must stop the test at once: NULL != … goes on as NULL.
            return OR(column.is_(None), bad) if item.required else AND(column.is_not(None), column != "", bad)
        if item.type == "select_multiple":
            bad = _multiple_screen(column, self.allowed(item))
            return OR(column.is_(None), column == "", bad) if item.required else AND(column.is_not(None), bad)
        limit = getattr(kind, "length", None)
        too_long: Pred = False
        if isinstance(limit, int):
            # NULL gives NULL, which is as good as false at the top of the screen, unless a relevance test
            # follows (a NULL does not stop an AND): then a guard first
            too_long = _length(column) > limit
            if not self.always_relevant(item):
                too_long = and_(column.is_not(None), too_long)
        empty = AND(item.required, _maybe_empty(column))
        if item.type == "month":
            digits = "[0-9][0-9][0-9][0-9]-"
            bad = NOT(or_(_glob(column, digits + "0[1-9]"), _glob(column, digits + "1[0-2]")))
        elif item.type == "phone":
            bad = OR(_glob(column, "*[^0-9]*"), too_long)
        elif item.type == "id_number":
            bad = OR(_glob(column, "*[^0-9A-Za-z]*"), too_long)
        else:
            bad = too_long  # text, a site, a member: only too long (and "" is not)
            if shapes is not None and all(_type_fits(item.type, shape, limit) for shape in shapes):
                bad = False
            return OR(empty, bad)
        if shapes is not None and all(_type_fits(item.type, shape, limit) for shape in shapes):
            bad = False
        if op.known is not None and all(_type_fits(item.type, shape, limit) for shape in op.known.shapes):
            bad = AND(NOT(op.known.holds), bad)
            empty = AND(NOT(op.known.holds), empty)
        return OR(empty, AND(column.is_not(None), column != "", bad))


def _maybe_empty(column: ColumnElement[Any]) -> ColumnElement[bool]:
    """NULL, or text that may be blank once stripped (every blank-only text starts with a blank)."""
    text = bytewise(column)
    # CJK text (the usual answer) fails at the second comparison
    return or_(column.is_(None), and_(text < "\u3001", or_(text < "!", text >= "\x85")))


def _not_in(column: ColumnElement[Any], allowed: Iterable[str]) -> Pred:
    """The stored answer is not one of the choices (stripped, as the check compares them). Short lists as a chain
    of comparisons; long ones test their first (most common) choices before the set."""
    clean = [v for v in allowed if v and v == v.strip()]
    if not clean:
        return True
    first = [column != v for v in clean[:4]] if len(clean) > 8 else [column != v for v in clean]
    if len(clean) > 8:
        first.append(column.not_in(sorted(clean)))
    return and_(*first)


def _type_fits(kind: str, shape: Shape, limit: int | None) -> bool:
    """Whether every text of ``shape`` passes the type check of ``kind`` (and its column's length)."""
    if limit is not None and len(shape) > limit:
        return False
    if kind in ("text", "site", "member"):
        return True
    if kind == "month":
        return _MONTH_PATTERN.surely_matches(shape) and len(shape) == 7
    allowed = {"phone": _DIGITS, "id_number": _WORD - {"_"}}.get(kind)
    if allowed is None:
        return False
    return bool(shape) and all(chars <= allowed for chars in shape)


@dataclass(frozen=True)
class _FieldScreen:
    """A field's screen in parts: ``errors`` (an expression may fail), and ``checks`` where it is ``relevant``.
    ``first``: test the relevance before the checks (see `_group`)."""

    errors: Pred
    relevant: Pred
    checks: Pred
    first: bool = False

    @property
    def whole(self) -> Pred:
        return OR(self.errors, AND(self.relevant, self.checks))


def _group(screens: Iterable[_FieldScreen]) -> Pred:
    """The fields' screens as one condition: fields under the same relevance (a section's) share one test of it,
    written before their checks when one of them is required (they are mostly empty where it does not hold),
    after them otherwise (the answers, mostly clean or absent, fail first)."""
    errors: list[Pred] = []
    groups: dict[int, tuple[Pred, list[_FieldScreen]]] = {}
    for screen in screens:
        errors.append(screen.errors)
        key = id(screen.relevant) if not isinstance(screen.relevant, bool) else int(screen.relevant)
        groups.setdefault(key, (screen.relevant, []))[1].append(screen)
    parts = list(errors)
    for relevant, members in groups.values():
        checks = OR(*(m.checks for m in members))
        if any(m.first for m in members):
            parts.append(AND(relevant, checks))
        else:
            parts.append(AND(checks, relevant))
    return OR(*parts)


def _counts_selected(node: Node) -> bool:
    return isinstance(node, Binary) and any(
        isinstance(x, Call) and x.name == "count-selected" for x in (node.left, node.right)
    )


def _merge(truths: Iterable[tuple[Pred, Truth]]) -> Truth:
    """Cases of one condition: each case's truth where the case may apply."""
    items = list(truths)
    return Truth(
        OR(*(AND(c, t.t) for c, t in items)), OR(*(AND(c, t.f) for c, t in items)), OR(*(AND(c, t.r) for c, t in items))
    )


def _truthy(op: Operand) -> Truth:
    """`to_bool` of a value."""
    if isinstance(op, Const):
        return _const_truth(to_bool(op.value))
    if isinstance(op, TextCol):
        return Truth(_filled(op), _blank(op))
    if isinstance(op, BoolCol):
        return _exact(op.column.is_(true()))
    if isinstance(op, DateCol):
        return _exact(op.column.is_not(None))
    raise Untranslatable


def _answer_empty(op: Operand) -> Pred:
    """Where the answer may be empty for the required check (None, blank text; a NaN computed value)."""
    if isinstance(op, Const):
        value = op.value
        return (
            value == ""
            or (isinstance(value, float) and math.isnan(value))
            or (isinstance(value, str) and not value.strip())
        )
    if isinstance(op, AgeOf):
        return op.column.is_(None)
    return _blank(op)


def _answer_filled(op: Operand) -> Pred:
    if isinstance(op, Const):
        return not _answer_empty(op)
    if isinstance(op, AgeOf):
        return op.column.is_not(None)
    return _filled(op)


def _multiple_screen(column: ColumnElement[Any], allowed: Iterable[str]) -> Pred:
    """Where a several-choice answer may hold a part that is not a choice. One choice as stored is fine; for the
    rest, every choice is cut out of ",part,,part," (commas doubled, so each part keeps its own pair of commas
    and a cut never joins two parts) and what remains must be commas only. A part with blanks around it is not
    cut out: it is named, and the real check strips it."""
    clean = [v for v in allowed if v and v == v.strip() and "," not in v]
    if not clean:
        return AND(column != "", True)
    from sqlalchemy import func

    rest: ColumnElement[Any] = literal(",") + func.replace(column, ",", ",,") + literal(",")
    for value in clean:
        rest = func.replace(rest, f",{value},", "")
    return AND(_not_in(column, clean), _glob(rest, "*[^,]*"))


# ---- building the screens ------------------------------------------------------------------------------------


def form_screen(questionnaire: Questionnaire, form_name: str, today: date) -> FormScreen:
    """The screen of one form on the survey date ``today``."""
    form = questionnaire.form(form_name)
    table: Table = MODEL_BY_TABLE[form.table].__table__  # type: ignore[assignment]
    translator = _Translator(questionnaire, form, table, today)
    parts: list[_FieldScreen] = []
    python_fields: list[str] = []
    python_sections: list[str] = []
    for section in form.sections:
        try:
            parts.append(_FieldScreen(translator.section_on(section).r, True, False))
        except Untranslatable:
            python_sections.append(section.name)
    for item in form.fields:
        if translator.section_of[item.name].name in python_sections:
            python_fields.append(item.name)
            continue
        try:
            parts.append(translator.field_screen(item))
        except Untranslatable:
            python_fields.append(item.name)
    screen = FormScreen(form, table, _group(parts), tuple(python_fields), tuple(python_sections))
    if screen.needs_python:
        subform, columns = _cut_down(questionnaire, form, set(python_fields), set(python_sections))
        screen._subform = subform
        screen.columns = columns
    return screen


def _cut_down(
    questionnaire: Questionnaire, form: Form, fields: set[str], sections: set[str]
) -> tuple[Questionnaire, tuple[str, ...]]:
    """The questionnaire with this form cut down to ``fields``, the sections in ``sections`` (whose relevance is
    checked in Python) and everything their checks read, and the columns they read. The walk over the cut-down form
    gives these fields exactly the findings the whole form gives them: each keeps the questions it depends on."""
    section_of = {item.name: section for section in form.sections for item in section.fields}
    keep: set[str] = set()
    keep_sections = set(sections)
    todo = list(fields)
    for section in form.sections:
        if section.name in sections:
            todo.extend(item.name for item in section.fields)
            if section.relevant is not None:
                todo.extend(section.relevant.references)
    while todo:
        name = todo.pop()
        if name in keep or name not in form.by_name:
            continue
        keep.add(name)
        item = form.by_name[name]
        section = section_of[name]
        keep_sections.add(section.name)
        for expression in (item.relevant, item.calculation, item.constraint, section.relevant):
            if isinstance(expression, Expression):
                todo.extend(expression.references)
    cut = []
    for section in form.sections:
        if section.name in keep_sections:
            kept = tuple(item for item in section.fields if item.name in keep)
            relevant = section.relevant if (section.name in sections or kept) else None
            cut.append(Section(section.name, section.label, kept, relevant))
    subform = Form(form.name, form.label, tuple(cut))
    forms = tuple(subform if f.name == form.name else f for f in questionnaire.forms)
    columns = MODEL_BY_TABLE[form.table].__table__.columns
    read = sorted(name for name in keep if name in columns)
    if any(form.by_name[name].extra for name in keep):
        read.append("extra")
    return replace(questionnaire, forms=forms), tuple(read)


def form_screens(questionnaire: Questionnaire, today: date) -> dict[str, FormScreen]:
    """Every form's screen, by table."""
    return {form.table: form_screen(questionnaire, form.name, today) for form in questionnaire.forms}

"""XLSForm-style expressions (relevant, constraint, calculation, read_only): parsed once, evaluated safely.

Grammar, lowest precedence first (all binary operators are left-associative, as in XPath):

    or      := and ('or' and)*
    and     := eq ('and' eq)*
    eq      := rel (('=' | '!=') rel)*
    rel     := add (('<' | '<=' | '>' | '>=') add)*
    add     := mul (('+' | '-') mul)*
    mul     := unary (('*' | 'div' | 'mod') unary)*
    unary   := '-' unary | primary
    primary := NUMBER | 'string' | "string" | ${name} | '.' | name '(' [or (',' or)*] ')' | '(' or ')'

Values are text, numbers and booleans. An unanswered field is ``''``, as in XLSForm: ``${x} = ''`` is true, and
an ordering comparison or arithmetic with it is never true (XPath's NaN). A yes/no answer is a boolean and
compares equal to 'yes'/'是'/'true' or 'no'/'否'/'false'. Dates and months are ISO text ('2024-05-01',
'2024-05'), so ``. <= today()`` and ``${end_month} >= ${start_month}`` compare them in calendar order. Several
choices are one text joined by ",".

Nothing here calls eval/exec: the parse tree is compiled into closures once, and evaluating one is a few
function calls, cheap enough to re-run every check on every keystroke.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .errors import AnjuError

Value = str | int | float | bool
NAN = float("nan")
MAX_DEPTH = 60  # nesting beyond this is a mistake, and stops a pathological text from exhausting the stack

YES_WORDS = frozenset({"yes", "true", "是", "1"})
NO_WORDS = frozenset({"no", "false", "否", "0"})
_NUMBER_TEXT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
    |(?P<string>'[^']*'|"[^"]*")
    |(?P<ref>\$\{[^}]*\})
    |(?P<op><=|>=|!=|=|<|>|\+|-|\*)
    |(?P<punct>[(),])
    |(?P<dot>\.)
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*)""",
    re.VERBOSE | re.ASCII,
)
# Chinese input methods type these by accident; say which half-width character was meant.
_FULL_WIDTH = dict(zip("（），\u2018\u2019“”\uff1d\uff1c\uff1e", "(),''\"\"=<>", strict=True))


class ExpressionError(AnjuError):
    """An expression that cannot be read or evaluated; ``position`` is the 0-based character it points at."""

    def __init__(self, zh: str, en: str, *, source: str = "", position: int | None = None) -> None:
        if position is not None:
            zh = f"表达式“{source}”第 {position + 1} 个字符处：{zh}"
            en = f"In expression “{source}” at character {position + 1}: {en}"
        super().__init__(zh, en)
        self.source = source
        self.position = position


# ---- the tree -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | int | float
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class FieldRef:
    name: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Current:
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Negate:
    operand: Node
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    position: int = field(default=0, compare=False)


Node = Literal | FieldRef | Current | Negate | Binary | Call

PRECEDENCE: dict[str, int] = {"or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4}
PRECEDENCE |= {"+": 5, "-": 5, "*": 6, "div": 6, "mod": 6}
_UNARY_PRECEDENCE = 7


# ---- reading --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, ref, op, punct, dot, name, end
    text: str
    position: int


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            raise _unexpected_character(source, position)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("end", "", len(source)))
    return tokens


def _unexpected_character(source: str, position: int) -> ExpressionError:
    char = source[position]
    if char in "'\"":
        return ExpressionError(
            f"字符串缺少结束的引号 {char}。", f"the text has no closing quote {char}.", source=source, position=position
        )
    if source.startswith("${", position):
        return ExpressionError(
            "字段引用缺少结束的“}”，应写成 ${字段名}。",
            "the field reference has no closing “}”; write ${field_name}.",
            source=source,
            position=position,
        )
    if char in _FULL_WIDTH:
        half = _FULL_WIDTH[char]
        return ExpressionError(
            f"“{char}”是全角字符，请改为半角的“{half}”（切换到英文输入法）。",
            f"“{char}” is a full-width character; type the half-width “{half}” instead.",
            source=source,
            position=position,
        )
    return ExpressionError(
        f"不认识的字符“{char}”。", f"unexpected character “{char}”.", source=source, position=position
    )


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokens(source)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def error(self, zh: str, en: str, position: int | None = None) -> ExpressionError:
        where = self.token.position if position is None else position
        return ExpressionError(zh, en, source=self.source, position=where)

    def take(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        if self.token.text != text or self.token.kind not in ("punct", "op"):
            raise self.error(f"这里应有“{text}”，{self._found()}。", f"expected “{text}”, {self._found_en()}.")
        self.take()

    def _found(self) -> str:
        return "但表达式已结束" if self.token.kind == "end" else f"却是“{self.token.text}”"

    def _found_en(self) -> str:
        return "but the expression ended" if self.token.kind == "end" else f"found “{self.token.text}”"

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise self.error("表达式是空的。", "the expression is empty.")
        node = self.binary(1)
        if self.token.kind != "end":
            raise self.error(
                f"多余的“{self.token.text}”：前面的表达式已经完整，是否缺少运算符或括号？",
                f"unexpected “{self.token.text}”: the expression before it is complete; is an operator missing?",
            )
        return node

    def binary(self, level: int) -> Node:
        if level > max(PRECEDENCE.values()):
            return self.unary()
        node = self.binary(level + 1)
        while self.token.kind in ("op", "name") and PRECEDENCE.get(self.token.text) == level:
            op = self.take()
            node = Binary(op.text, node, self.binary(level + 1), op.position)
        return node

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("表达式嵌套太深，请简化。", "the expression is nested too deeply; simplify it.")
        try:
            if self.token.kind == "op" and self.token.text == "-":
                minus = self.take()
                return Negate(self.unary(), minus.position)
            return self.primary()
        finally:
            self.depth -= 1

    def primary(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.take()
            return Literal(float(token.text) if "." in token.text else int(token.text), token.position)
        if token.kind == "string":
            self.take()
            return Literal(token.text[1:-1], token.position)
        if token.kind == "ref":
            self.take()
            name = token.text[2:-1].strip()
            if not _FIELD_NAME.fullmatch(name):
                raise self.error(
                    f"“{token.text}”不是有效的字段引用：字段名只能由英文字母、数字和下划线组成。",
                    f"“{token.text}” is not a valid field reference: names are letters, digits and underscores.",
                    token.position,
                )
            return FieldRef(name, token.position)
        if token.kind == "dot":
            self.take()
            return Current(token.position)
        if token.kind == "punct" and token.text == "(":
            self.take()
            node = self.binary(1)
            self.expect(")")
            return node
        if token.kind == "name" and token.text not in PRECEDENCE:
            return self.call()
        raise self.error(
            f"这里应是一个值（数字、'文字'、${{字段}}、. 或函数），{self._found()}。",
            f"expected a value (a number, 'text', ${{field}}, . or a function), {self._found_en()}.",
        )

    def call(self) -> Call:
        name = self.take()
        if name.text not in FUNCTIONS:
            known = "、".join(FUNCTIONS)
            raise self.error(
                f"未知的函数“{name.text}”。可用的函数：{known}。",
                f"unknown function “{name.text}”. Known functions: {', '.join(FUNCTIONS)}.",
                name.position,
            )
        if self.token.text != "(":
            raise self.error(f"函数 {name.text} 后面应有“(”。", f"“(” must follow the function {name.text}.")
        self.take()
        args: list[Node] = []
        if self.token.text != ")":
            args.append(self.binary(1))
            while self.token.kind == "punct" and self.token.text == ",":
                self.take()
                args.append(self.binary(1))
        self.expect(")")
        fewest, most, _run = FUNCTIONS[name.text]
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = str(fewest) if fewest == most else f"至少 {fewest}" if most is None else f"{fewest}–{most}"
            wanted_en = str(fewest) if fewest == most else f"at least {fewest}" if most is None else f"{fewest}–{most}"
            raise self.error(
                f"函数 {name.text}() 需要 {wanted} 个参数，这里有 {len(args)} 个。",
                f"{name.text}() takes {wanted_en} arguments, not {len(args)}.",
                name.position,
            )
        if name.text == "regex" and isinstance(args[1], Literal) and isinstance(args[1].value, str):
            try:
                _compiled_pattern(args[1].value)
            except re.error as exc:
                raise self.error(
                    f"正则表达式“{args[1].value}”无效：{exc}。",
                    f"the pattern “{args[1].value}” is invalid: {exc}.",
                    args[1].position,
                ) from None
        return Call(name.text, tuple(args), name.position)


# ---- writing --------------------------------------------------------------------------------------------------


def to_source(node: Node) -> str:
    """The canonical text of a tree, with only the parentheses precedence needs: ``parse(to_source(t)) == t``."""
    return _print(node, 0)


def _print(node: Node, context: int) -> str:
    if isinstance(node, Literal):
        return _print_literal(node.value)
    if isinstance(node, FieldRef):
        return f"${{{node.name}}}"
    if isinstance(node, Current):
        return "."
    if isinstance(node, Call):
        return f"{node.name}({', '.join(_print(arg, 0) for arg in node.args)})"
    if isinstance(node, Negate):
        text = f"-{_print(node.operand, _UNARY_PRECEDENCE)}"
        return f"({text})" if context > _UNARY_PRECEDENCE else text
    level = PRECEDENCE[node.op]
    # Left-associative: an operand on the right at the same level needs parentheses, one on the left does not.
    text = f"{_print(node.left, level)} {node.op} {_print(node.right, level + 1)}"
    return f"({text})" if context > level else text


def _print_literal(value: str | int | float) -> str:
    if isinstance(value, str):
        return f'"{value}"' if "'" in value else f"'{value}'"
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")  # never 1e-05: the grammar has no exponents
        return text if "." in text else f"{text}.0"
    return str(value)


# ---- evaluating -----------------------------------------------------------------------------------------------


class Context:
    """What an expression sees: the answers by field name, the current field's answer, and the survey date."""

    __slots__ = ("current", "today", "values")

    def __init__(self, values: Mapping[str, Value], today: date, current: Value = "") -> None:
        self.values = values
        self.today = today
        self.current = current


Compiled = Callable[[Context], Value]


@dataclass(frozen=True)
class Expression:
    """A parsed expression. Equal when the source text is equal, so a questionnaire compares by what it says."""

    source: str
    tree: Node = field(compare=False, repr=False)
    references: frozenset[str] = field(compare=False, repr=False)
    _run: Compiled = field(compare=False, repr=False)

    def evaluate(self, values: Mapping[str, Value], *, today: date, current: Value = "") -> Value:
        return self.evaluate_in(Context(values, today, current))

    def evaluate_in(self, context: Context) -> Value:
        """The value, or ExpressionError with a message for the user; never another exception."""
        try:
            return self._run(context)
        except ExpressionError as exc:
            raise ExpressionError(
                f"计算表达式“{self.source}”时出错：{exc.zh}",
                f"evaluating “{self.source}” failed: {exc.en}",
                source=self.source,
            ) from None
        except (ArithmeticError, ValueError, RecursionError) as exc:
            raise ExpressionError(
                f"计算表达式“{self.source}”时出错：数值无法计算（{exc}）。",
                f"evaluating “{self.source}” failed: a number could not be computed ({exc}).",
                source=self.source,
            ) from None

    def is_true(self, context: Context) -> bool:
        return to_bool(self.evaluate_in(context))

    def string_literals(self) -> frozenset[str]:
        """The quoted texts in the expression (a choice value it tests, for example)."""
        return frozenset(n.value for n in walk(self.tree) if isinstance(n, Literal) and isinstance(n.value, str))


def parse(source: str) -> Expression:
    """Read an expression; raise ExpressionError naming the character position of the first problem."""
    tree = _Parser(source).parse()
    refs = frozenset(n.name for n in walk(tree) if isinstance(n, FieldRef))
    return Expression(source, tree, refs, _compile(tree))


def walk(node: Node) -> list[Node]:
    """Every node of a tree, parents first."""
    nodes: list[Node] = [node]
    if isinstance(node, Negate):
        nodes += walk(node.operand)
    elif isinstance(node, Binary):
        nodes += walk(node.left) + walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            nodes += walk(arg)
    return nodes


def _is_nan(number: int | float) -> bool:
    # Never math.isnan on an int: it converts to float, and a 400-digit answer would overflow.
    return isinstance(number, float) and math.isnan(number)


def to_bool(value: Value) -> bool:
    if isinstance(value, str):
        return value != ""
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value)


def to_number(value: Value) -> int | float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    text = value.strip()
    if not _NUMBER_TEXT.fullmatch(text):
        return NAN
    return float(text) if "." in text else int(text)


def to_text(value: Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def _compile(node: Node) -> Compiled:
    if isinstance(node, Literal):
        constant: Value = node.value
        return lambda _ctx: constant
    if isinstance(node, FieldRef):
        name = node.name
        return lambda ctx: ctx.values.get(name, "")
    if isinstance(node, Current):
        return lambda ctx: ctx.current
    if isinstance(node, Negate):
        operand = _compile(node.operand)
        return lambda ctx: -to_number(operand(ctx))
    if isinstance(node, Binary):
        return _compile_binary(node.op, _compile(node.left), _compile(node.right))
    return _compile_call(node.name, [_compile(arg) for arg in node.args])


def _compile_binary(op: str, left: Compiled, right: Compiled) -> Compiled:
    if op == "or":
        return lambda ctx: to_bool(left(ctx)) or to_bool(right(ctx))
    if op == "and":
        return lambda ctx: to_bool(left(ctx)) and to_bool(right(ctx))
    if op in ("=", "!=", "<", "<=", ">", ">="):
        return lambda ctx: compare(op, left(ctx), right(ctx))
    return lambda ctx: arithmetic(op, left(ctx), right(ctx))


_ORDER: dict[str, Callable[[Any, Any], bool]] = {"<": operator.lt, "<=": operator.le, ">": operator.gt}
_ORDER |= {">=": operator.ge, "=": operator.eq, "!=": operator.ne}


def compare(op: str, left: Value, right: Value) -> bool:
    """XLSForm comparison, made predictable for the values this program stores (see the module docstring)."""
    if left == "" or right == "":
        if op in ("=", "!="):
            same = isinstance(left, str) and isinstance(right, str) and left == right
            return same if op == "=" else not same
        return False  # an unanswered field is neither smaller nor larger than anything
    if isinstance(left, bool) or isinstance(right, bool):
        return _ORDER[op](int(_yes_no(left)), int(_yes_no(right)))
    if isinstance(left, str) and isinstance(right, str):
        if op in ("=", "!="):
            return _ORDER[op](left, right)
        a, b = to_number(left), to_number(right)
        if _is_nan(a) or _is_nan(b):
            return _ORDER[op](left, right)  # ISO dates and months order as text
        return _ORDER[op](a, b)
    a, b = to_number(left), to_number(right)
    if _is_nan(a) or _is_nan(b):
        return op == "!="
    return _ORDER[op](a, b)


def _yes_no(value: Value) -> bool:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in YES_WORDS or word in NO_WORDS:
            return word in YES_WORDS
    return to_bool(value)


def arithmetic(op: str, left: Value, right: Value) -> int | float:
    a, b = to_number(left), to_number(right)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        if b == 0:
            return NAN if a == 0 or _is_nan(a) else math.inf if a > 0 else -math.inf
        return a / b
    # XPath's mod keeps the sign of the dividend (like C's fmod), unlike Python's %.
    if b == 0 or _is_nan(a) or _is_nan(b) or a in (math.inf, -math.inf):
        return NAN
    if isinstance(a, int) and isinstance(b, int):
        remainder = abs(a) % abs(b)
        return -remainder if a < 0 else remainder
    return math.fmod(a, b)


@lru_cache(maxsize=256)
def _compiled_pattern(pattern: str) -> re.Pattern[str]:
    # ASCII: \d must not accept full-width digits, which the national system rejects.
    return re.compile(pattern, re.ASCII)


def _split(value: Value) -> list[str]:
    return [part.strip() for part in to_text(value).split(",") if part.strip()]


def _age(value: Value, today: date) -> int | float:
    text = to_text(value).strip()
    if text == "":
        return NAN
    try:
        born = date.fromisoformat(text[:10])
    except ValueError:
        raise ExpressionError(
            f"age() 需要日期（YYYY-MM-DD），收到的是“{text}”。", f"age() needs a date (YYYY-MM-DD), got “{text}”."
        ) from None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _regex(text: Value, pattern: Value) -> bool:
    try:
        compiled = _compiled_pattern(to_text(pattern))
    except re.error as exc:
        raise ExpressionError(
            f"正则表达式“{to_text(pattern)}”无效：{exc}。", f"the pattern “{to_text(pattern)}” is invalid: {exc}."
        ) from None
    return compiled.search(to_text(text)) is not None


def _int(value: Value) -> int | float:
    number = to_number(value)
    return number if isinstance(number, int) or not math.isfinite(number) else int(number)


def _coalesce(args: Sequence[Compiled], ctx: Context) -> Value:
    for arg in args:
        value = arg(ctx)
        if value != "":
            return value
    return ""


def _compile_call(name: str, args: list[Compiled]) -> Compiled:
    run = FUNCTIONS[name][2]
    return lambda ctx: run(args, ctx)


Function = Callable[[Sequence[Compiled], Context], Value]
#: name -> (fewest arguments, most or None for any number, implementation over the compiled arguments)
FUNCTIONS: dict[str, tuple[int, int | None, Function]] = {
    "selected": (2, 2, lambda a, ctx: to_text(a[1](ctx)).strip() in _split(a[0](ctx))),
    "count-selected": (1, 1, lambda a, ctx: len(_split(a[0](ctx)))),
    "string-length": (1, 1, lambda a, ctx: len(to_text(a[0](ctx)))),
    "regex": (2, 2, lambda a, ctx: _regex(a[0](ctx), a[1](ctx))),
    "if": (3, 3, lambda a, ctx: a[1](ctx) if to_bool(a[0](ctx)) else a[2](ctx)),
    "today": (0, 0, lambda _a, ctx: ctx.today.isoformat()),
    "age": (1, 1, lambda a, ctx: _age(a[0](ctx), ctx.today)),
    "coalesce": (2, None, _coalesce),
    "number": (1, 1, lambda a, ctx: to_number(a[0](ctx))),
    "int": (1, 1, lambda a, ctx: _int(a[0](ctx))),
    "contains": (2, 2, lambda a, ctx: to_text(a[1](ctx)) in to_text(a[0](ctx))),
    "starts-with": (2, 2, lambda a, ctx: to_text(a[0](ctx)).startswith(to_text(a[1](ctx)))),
    "not": (1, 1, lambda a, ctx: not to_bool(a[0](ctx))),
    "true": (0, 0, lambda _a, _ctx: True),
    "false": (0, 0, lambda _a, _ctx: False),
}

"""The expression language of relevant/constraint/calculation: grammar, XLSForm semantics, errors, robustness."""

from __future__ import annotations

import contextlib
import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.expressions import (
    FUNCTIONS,
    MAX_DEPTH,
    PRECEDENCE,
    Binary,
    Call,
    Current,
    ExpressionError,
    FieldRef,
    Literal,
    Negate,
    Node,
    Value,
    parse,
    to_source,
)

SURVEY_DAY = date(2024, 6, 15)


def run(source: str, current: Value = "", **values: Value) -> Value:
    return parse(source).evaluate(values, today=SURVEY_DAY, current=current)


# ---- grammar and precedence ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),  # left-associative
        ("12 div 3 div 2", 2),
        ("7 mod 3", 1),
        ("-7 mod 3", -1),  # XPath: the sign of the dividend
        ("7.5 mod 2", 1.5),
        ("-2 * 3", -6),
        ("- - 4", 4),
        ("2 + 3 > 4", True),  # arithmetic binds tighter than comparison
        ("1 = 1 and 2 = 3 or 1 = 1", True),  # and binds tighter than or
        ("1 = 1 or 2 = 3 and 1 = 2", True),
        ("not(1 = 1) or 2 > 1", True),
        ("1 < 2 = true()", True),  # comparison binds tighter than equality
        ("10 div 4", 2.5),
        ("0 div 0 = 0 div 0", False),  # NaN is equal to nothing
    ],
)
def test_precedence_and_arithmetic(source: str, expected: Value) -> None:
    assert run(source) == expected


def test_division_by_zero_is_infinity_not_a_crash() -> None:
    assert run("1 div 0") == math.inf
    assert run("-1 div 0") == -math.inf
    assert math.isnan(float(run("5 mod 0")))


def test_printer_keeps_only_the_parentheses_that_matter() -> None:
    assert to_source(parse("(1 + 2) * 3").tree) == "(1 + 2) * 3"
    assert to_source(parse("(1 - 2) - 3").tree) == "1 - 2 - 3"
    assert to_source(parse("1 - (2 - 3)").tree) == "1 - (2 - 3)"
    assert to_source(parse("-(1 + 2)").tree) == "-(1 + 2)"
    assert to_source(parse("${a}='x'").tree) == "${a} = 'x'"
    assert to_source(parse('"it\'s"').tree) == '"it\'s"'


def test_references_are_known_after_parsing() -> None:
    expression = parse("${a} + ${b} > . and selected(${health}, '残疾')")
    assert expression.references == {"a", "b", "health"}
    assert expression.string_literals() == {"残疾"}


# ---- XLSForm semantics --------------------------------------------------------------------------------------


def test_an_unanswered_field_is_empty_text() -> None:
    assert run("${x} = ''") is True
    assert run("${x} != ''", x="a") is True
    assert run("${x} > 5") is False  # never smaller or larger than anything
    assert run("${x} < 5") is False
    assert run("${x} != 5") is True
    assert run("${x} = 0") is False
    assert run("string-length(${x})") == 0
    assert run("count-selected(${x})") == 0


def test_numbers_typed_as_text_compare_as_numbers() -> None:
    assert run(". >= 400 and . <= 30000", current="3500") is True
    assert run(". > 9", current="10") is True
    assert run("${a} < ${b}", a="9", b="10") is True


def test_dates_and_months_compare_in_calendar_order() -> None:
    assert run(". <= today()", current="2024-06-15") is True
    assert run(". <= today()", current="2024-06-16") is False
    assert run(". <= today()", current="2024-06") is True  # a month is not after the day it contains
    assert run(". <= today()", current="2024-07") is False
    assert run("${end} >= ${start}", start="2023-11", end="2024-02") is True


def test_yes_no_answers_are_booleans_that_match_yes_and_no_words() -> None:
    for word in ("yes", "是", "true"):
        assert run(f"${{j}} = '{word}'", j=True) is True
    assert run("${j} = 'no'", j=False) is True
    assert run("${j} = 'yes'", j=False) is False
    assert run("${j}", j=False) is False
    assert run("${j} = ''") is True
    assert run("${j} = 'yes'") is False  # unanswered is neither yes nor no


def test_select_functions_use_comma_joined_values() -> None:
    assert run("selected(${h}, '残疾')", h="长期慢性病,残疾") is True
    assert run("selected(${h}, '残')", h="长期慢性病,残疾") is False
    assert run("count-selected(${h})", h="健康") == 1
    assert run("not(selected(., '健康') and count-selected(.) > 1)", current="健康,残疾") is False


FULL_WIDTH_DIGITS = {ord("0") + i: 0xFF10 + i for i in range(10)}


def test_regex_is_ascii_so_full_width_digits_do_not_pass() -> None:
    assert run(r"regex(., '^1[3-9]\d{9}$')", current="13800138000") is True
    assert run(r"regex(., '^\d{11}$')", current="13800138000".translate(FULL_WIDTH_DIGITS)) is False
    assert run("regex(., '[0-9]')", current="张3") is True  # search, as XLSForm does: anchors matter


@pytest.mark.parametrize(
    ("born", "years"),
    [("2008-06-16", 15), ("2008-06-15", 16), ("1964-06-15", 60), ("1964-06-16", 59), ("2008-02-29", 16)],
)
def test_age_counts_completed_years_at_the_survey_date(born: str, years: int) -> None:
    assert run("age(${b})", b=born) == years


def test_age_of_a_leap_day_birth_turns_on_the_first_of_march() -> None:
    assert parse("age(${b})").evaluate({"b": "2008-02-29"}, today=date(2025, 2, 28)) == 16
    assert parse("age(${b})").evaluate({"b": "2008-02-29"}, today=date(2025, 3, 1)) == 17


def test_other_functions() -> None:
    assert run("if(${a} > 1, 'big', 'small')", a=3) == "big"
    assert run("coalesce(${a}, ${b}, 9)") == 9
    assert run("coalesce(${a}, 'x')", a="y") == "y"
    assert run("int(-3.7)") == -3
    assert run("number('12.5') + 1") == 13.5
    assert math.isnan(float(run("number('abc')")))
    assert run("contains('务工企业', '企业')") is True
    assert run("starts-with(${p}, '浙江')", p="浙江省义乌市") is True
    assert run("today()") == "2024-06-15"
    assert run("age(${b}) < 16") is False  # unknown age is not under 16


def test_if_only_evaluates_the_branch_it_takes() -> None:
    assert run("if(true(), 1, regex(., ${p}))", p="[") == 1


# ---- errors -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "position", "says"),
    [
        ("1 +", 3, "表达式已结束"),
        ("(1", 2, "“)”"),
        ("foo(1)", 0, "未知的函数“foo”"),
        ("${age", 0, "缺少结束的“}”"),
        ("'abc", 0, "缺少结束的引号"),
        ("1 2", 2, "多余的“2”"),
        ("selected(1)", 0, "需要 2 个参数"),
        ("regex(., '[')", 9, "正则表达式“[”无效"),
        ("（1）", 0, "全角字符"),
        ("${年龄} > 1", 0, "不是有效的字段引用"),
        ("", 0, "表达式是空的"),
        (". >=", 4, "这里应是一个值"),
        ("and 1", 0, "这里应是一个值"),
        ("today", 5, "后面应有“(”"),
        ("1 \uff1d 1", 2, "半角的“=”"),  # a full-width equals sign
    ],
)
def test_parse_errors_name_the_character_in_both_languages(source: str, position: int, says: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    assert caught.value.position == position
    assert says in caught.value.zh
    assert f"第 {position + 1} 个字符" in caught.value.zh
    assert f"at character {position + 1}" in caught.value.en


def test_deep_nesting_is_refused_with_a_message() -> None:
    with pytest.raises(ExpressionError, match="嵌套太深"):
        parse("(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5))
    assert run("(" * 20 + "1" + ")" * 20) == 1


def test_evaluation_problems_become_messages() -> None:
    with pytest.raises(ExpressionError, match="正则表达式“\\[”无效"):
        run("regex(., ${p})", current="x", p="[")
    with pytest.raises(ExpressionError, match="age\\(\\) 需要日期"):
        run("age(${b})", b="1990/01/01")
    with pytest.raises(ExpressionError, match="数值无法计算"):
        run(". div 3", current=int("9" * 400))
    assert run(". >= 0", current=int("9" * 400)) is True  # a huge answer still compares


# ---- properties ---------------------------------------------------------------------------------------------

NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
STRINGS = st.text(max_size=8).filter(lambda s: not ("'" in s and '"' in s))
NUMBERS = st.integers(0, 10**12) | st.floats(0, 1e12, allow_nan=False, allow_infinity=False).map(abs)
LEAVES = st.builds(Literal, NUMBERS | STRINGS) | st.builds(FieldRef, NAMES) | st.just(Current())


def _calls(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    def build(name: str) -> st.SearchStrategy[Node]:
        fewest, most, _run = FUNCTIONS[name]
        if name == "regex":  # a literal pattern is checked when parsed; a field's pattern when evaluated
            return st.tuples(children, st.builds(FieldRef, NAMES)).map(lambda args: Call(name, args))
        return st.lists(children, min_size=fewest, max_size=most if most is not None else 4).map(
            lambda args: Call(name, tuple(args))
        )

    return st.sampled_from(sorted(FUNCTIONS)).flatmap(build)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    binary = st.builds(Binary, st.sampled_from(sorted(PRECEDENCE)), children, children)
    return st.builds(Negate, children) | binary | _calls(children)


def _depth(node: Node) -> int:
    children: list[Node] = []
    if isinstance(node, Negate):
        children = [node.operand]
    elif isinstance(node, Binary):
        children = [node.left, node.right]
    elif isinstance(node, Call):
        children = list(node.args)
    return 1 + max(map(_depth, children), default=0)


TREES = st.recursive(LEAVES, _extend, max_leaves=16).filter(lambda tree: _depth(tree) < MAX_DEPTH // 2)
VALUES = st.one_of(st.text(max_size=6), st.integers(-(10**6), 10**6), st.floats(), st.booleans())


@settings(max_examples=300, deadline=None)
@given(TREES)
def test_printed_trees_parse_back_to_the_same_tree(tree: Node) -> None:
    assert parse(to_source(tree)).tree == tree


@settings(max_examples=300, deadline=None)
@given(TREES, st.dictionaries(NAMES, VALUES, max_size=4), VALUES)
def test_evaluating_any_valid_expression_gives_a_value_or_a_message(
    tree: Node, values: dict[str, Value], current: Value
) -> None:
    expression = parse(to_source(tree))
    try:
        expression.evaluate(values, today=SURVEY_DAY, current=current)
    except ExpressionError as exc:
        assert exc.zh and exc.en


EXPRESSION_ALPHABET = "${}()., '\"=!<>+-*  0123456789abcdelmnorstvx_（），"


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet=EXPRESSION_ALPHABET, max_size=40))
def test_the_parser_only_ever_raises_its_own_error(source: str) -> None:
    try:
        expression = parse(source)
    except ExpressionError as exc:
        assert exc.position is not None and 0 <= exc.position <= len(source)
        return
    with contextlib.suppress(ExpressionError):  # a message is fine; any other exception fails the test
        expression.evaluate({}, today=SURVEY_DAY)

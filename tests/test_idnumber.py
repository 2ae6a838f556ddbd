"""证件号码 normalisation: repairs, every problem code, derivations and property tests."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric as stdnum_ric

from forms import idnumber as idn
from forms.idnumber import IdResult, age_at, birth_date, birth_place, derive, make_ric, normalise, sex

TODAY = date(2026, 1, 1)  # fixed so that birth dates up to 2025 are never "in the future"
V1, V2 = "11010519491231002X", "440524188001010014"  # the test vectors of GB 11643-1999
CJK = re.compile(r"[\u4e00-\u9fff]")


def norm(raw: object) -> IdResult:
    return normalise(raw, today=TODAY)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def with_check(first17: str) -> str:
    return first17 + idn.check_character(first17)


# --- test vectors and derivations ------------------------------------------------------------------


@pytest.mark.parametrize("number", [V1, V2])
def test_vectors_are_valid_as_they_are(number: str) -> None:
    result = norm(number)
    assert result.ok and result.problem is None
    assert (result.value, result.ric, result.kind, result.repairs) == (number, number, "ric", ())
    # stdnum agrees on the check character; its validate() even rejects the 440524 vector, because
    # its table dates 潮阳县 from 1983 and it wants the code to exist in the birth year (1880).
    assert stdnum_ric.calc_check_digit(number) == number[-1]


def test_derivations_of_the_vectors() -> None:
    assert derive(V1, on=date(2025, 6, 1)) == idn.Derived(date(1949, 12, 31), "女", 75, "北京市朝阳区")
    assert derive(V2, on=date(2025, 6, 1)) == idn.Derived(date(1880, 1, 1), "男", 145, "广东省汕头市潮阳县")
    assert sex(V1.lower()) == sex(fullwidth(V1)) == "女"  # helpers normalise their input too


def test_make_ric_reproduces_the_vectors() -> None:
    assert make_ric("110105", date(1949, 12, 31), 2) == V1
    assert make_ric("440524", date(1880, 1, 1), 1) == V2
    with pytest.raises(ValueError):
        make_ric("11010", date(1949, 12, 31), 2)
    with pytest.raises(ValueError):
        make_ric("110105", date(1949, 12, 31), 1000)


def test_check_character_takes_exactly_17_digits() -> None:
    assert idn.check_character(V1[:17]) == "X"
    with pytest.raises(ValueError):
        idn.check_character(V1)


# --- repairs -------------------------------------------------------------------------------------------

REPAIR_CASES: list[tuple[object, str, set[str]]] = [
    ("11010519491231002x", V1, {"lowercase_x"}),
    (fullwidth("11010519491231002x"), V1, {"fullwidth", "lowercase_x"}),
    (fullwidth(V1), V1, {"fullwidth"}),
    ("110105\u300019491231\u3000002X", V1, {"fullwidth", "spaces"}),
    ("110105 1949 1231 002X", V1, {"spaces"}),
    (" \t11010519491231002X\n", V1, {"trimmed"}),
    ("'11010519491231002X", V1, {"text_mark"}),
    ("11010519491231002X'", V1, {"text_mark"}),
    ('="11010519491231002X"', V1, {"text_mark"}),
    ("\u2018110105 19491231002X\u2019", V1, {"text_mark", "spaces"}),
    ("110105-19491231-002X", V1, {"dashes"}),
    ("110105\uff0d19491231\u2014002X", V1, {"fullwidth", "dashes"}),
    ("\ufeff110105\u200b19491231002X\u200d", V1, {"zero_width"}),
    ("440524188001010014.0", V2, {"decimal_suffix"}),
    ("110105491231002", V1, {"upgraded_15"}),
    ("110105491231002.0", V1, {"decimal_suffix", "upgraded_15"}),
    ("1.10105491231002E+14", V1, {"scientific", "upgraded_15"}),
    ("1.10105491231002e14", V1, {"scientific", "upgraded_15"}),
    (110105491231002, V1, {"from_number", "upgraded_15"}),
    (110105491231002.0, V1, {"from_number", "upgraded_15"}),
    (440524188001010014, V2, {"from_number"}),
]


@pytest.mark.parametrize(("raw", "expected", "repairs"), REPAIR_CASES)
def test_repairs_are_made_and_recorded(raw: object, expected: str, repairs: set[str]) -> None:
    result = norm(raw)
    assert result.ok, result.problem
    assert result.value == expected
    assert set(result.repairs) == repairs
    assert result.raw is raw


def test_every_repair_code_is_exercised_and_labelled() -> None:
    used = set().union(*(repairs for _raw, _value, repairs in REPAIR_CASES))
    assert used == set(idn.REPAIRS)
    for zh, en in idn.REPAIRS.values():
        assert CJK.search(zh) and re.search("[a-z]{3}", en)


def test_fifteen_digit_upgrade_matches_stdnum() -> None:
    result = norm("110105491231002")
    assert result.value == V1 and stdnum_ric.is_valid(result.value)


# --- problems -------------------------------------------------------------------------------------------

OVERRIDABLE_UNKNOWN = make_ric("539999", date(1980, 1, 1), 1)
PROBLEM_CASES: list[tuple[object, str, bool, str]] = [
    # raw, code, overridable, a fragment every message must show (in both languages where it is data)
    ("", "empty", False, ""),
    (None, "empty", False, ""),
    (" \u3000-", "empty", False, ""),
    (float("nan"), "empty", False, ""),
    ([V1], "unsupported_type", False, ""),
    (True, "unsupported_type", False, ""),
    ("11010519491231002。", "bad_character", False, "。"),
    ("11O10519491231002X", "bad_character", False, "O"),
    ("110105.19491231.002X", "bad_character", False, "."),
    ("\u0661" + V1[1:], "bad_character", False, "\u0661"),  # an Arabic-Indic digit is not a digit here
    (-110105491231002, "bad_character", False, "-"),
    ("1101051949123100X2", "x_misplaced", False, "17"),
    ("1101051949123100", "wrong_length", False, "16"),
    ("11010519491231002", "wrong_length", False, "17"),
    ("110105194912310", "looks_truncated", False, "19"),
    ("4.40524E+17", "excel_digits_lost", False, "4.40524E+17"),
    (4.40524188001010e17, "excel_digits_lost", False, ""),
    ("440524188001010000", "excel_digits_lost", False, "000"),
    (with_check("11010519491331002"), "birth_date_invalid", False, "19491331"),
    (with_check("11010518000101002"), "birth_date_invalid", False, "18000101"),
    (make_ric("110105", date(2030, 1, 1), 2), "birth_date_future", False, "2030-01-01"),
    (OVERRIDABLE_UNKNOWN, "address_unknown", True, "539999"),
    (OVERRIDABLE_UNKNOWN[:17] + "0", "address_unknown", False, "539999"),  # and a wrong check character
    (make_ric("110103", date(2012, 1, 1), 1), "address_retired", True, "2010"),
    ("11010519491231003X", "checksum", True, "8"),
    (V1 + "81", "disability_category_invalid", False, "8"),
    (V1 + "45", "disability_grade_invalid", False, "5"),
    (V1[:17] + "0" + "91", "disability_category_invalid", False, "9"),  # beats the overridable checksum
]


@pytest.mark.parametrize(("raw", "code", "overridable", "fragment"), PROBLEM_CASES)
def test_each_problem_has_its_code_and_messages(raw: object, code: str, overridable: bool, fragment: str) -> None:
    result = norm(raw)
    assert not result.ok and result.problem is not None
    problem = result.problem
    assert (problem.code, problem.overridable) == (code, overridable)
    assert CJK.search(problem.zh), "the 中文 message must be in Chinese"
    assert re.search(r"[A-Za-z]{4} [A-Za-z]{2,}", problem.en), "the English message must be English"
    assert fragment in problem.zh and fragment in problem.en
    # Storable only when an admin may accept it; then the cleaned number is what gets stored.
    assert (result.value is not None) == overridable
    if overridable:
        assert result.value == result.ric == raw and result.kind == "ric"


def test_every_problem_code_is_exercised() -> None:
    assert {code for _raw, code, _o, _f in PROBLEM_CASES} == set(idn.PROBLEM_CODES)


def test_checksum_message_names_the_right_character() -> None:
    problem = norm("11010519491231003X").problem
    assert problem is not None and "“8”" in problem.zh and "“8”" in problem.en


def test_excel_message_says_to_format_as_text() -> None:
    problem = norm("4.40524E+17").problem
    assert problem is not None and "文本" in problem.zh and "Text" in problem.en and "12" in problem.en


def test_wrong_length_of_17_suggests_the_missing_check_character() -> None:
    problem = norm(V1[:17]).problem
    assert problem is not None and "X" in problem.zh and "missing" in problem.en


# --- historic address codes (stdnum is stricter than reality) -----------------------------------------


@pytest.mark.parametrize(
    ("number", "place"),
    [
        # 麒麟区 exists since 1997, 仙桃市 since 1994: codes are assigned at registration, not at birth,
        # so people born earlier hold them. stdnum.cn.ric.validate rejects both.
        (make_ric("530302", date(1960, 1, 1), 1), "云南省曲靖市麒麟区"),
        (make_ric("429004", date(1980, 1, 1), 1), "湖北省仙桃市"),
        # 崇文区 was merged away in 2010; people born before keep the code.
        (make_ric("110103", date(1980, 1, 1), 1), "北京市崇文区"),
        (make_ric("110200", date(1980, 1, 1), 1), "北京市"),  # the "县" grouping row is not a place
        (make_ric("810000", date(1998, 1, 1), 1), "香港特别行政区"),
    ],
)
def test_historic_and_later_codes(number: str, place: str) -> None:
    assert norm(number).ok
    assert birth_place(number) == place


def test_birth_place_of_an_unknown_code_is_none() -> None:
    assert birth_place(OVERRIDABLE_UNKNOWN) is None


# --- disability certificate numbers (残疾人证号) ------------------------------------------------------


def test_disability_number_of_20() -> None:
    result = norm(V1.lower() + "41")
    assert result.ok and result.kind == "disability"
    assert (result.value, result.ric) == (V1 + "41", V1)
    assert (result.disability_category, result.disability_grade, result.disability_extra) == (4, 1, None)
    assert result.repairs == ("lowercase_x",)
    assert result.value is not None and derive(result.value, on=TODAY).sex == "女"


def test_disability_number_of_22_keeps_the_extra_digits() -> None:
    result = norm(f"{V2} 7 4 01")
    assert result.ok and result.kind == "disability"
    assert (result.value, result.ric) == (V2 + "7401", V2)
    assert (result.disability_category, result.disability_grade, result.disability_extra) == (7, 4, "01")


def test_disability_number_with_wrong_check_character_is_overridable_and_kept() -> None:
    result = norm("11010519491231003X62")
    assert result.problem is not None and result.problem.code == "checksum" and result.problem.overridable
    assert (result.value, result.ric, result.kind) == (
        "11010519491231003X62",
        "11010519491231003X",
        "disability",
    )


# --- age ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 6, 15), date(2010, 6, 14), 9),
        (date(2000, 6, 15), date(2010, 6, 15), 10),
        (date(2000, 6, 15), date(2000, 6, 15), 0),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 28), 3),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
        (date(1999, 12, 31), date(2000, 1, 1), 0),
    ],
)
def test_age_boundaries(born: date, on: date, age: int) -> None:
    assert age_at(born, on) == age
    assert age_at(make_ric("530102", born, 11), on) == age


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError):
        age_at(V1, date(1949, 12, 30))


def test_derivation_of_a_bad_number_is_an_error() -> None:
    with pytest.raises(ValueError):
        birth_date("not a number")


def test_sex_follows_the_order_code() -> None:
    assert sex(make_ric("530102", date(1990, 1, 1), 11)) == "男"
    assert sex(make_ric("530102", date(1990, 1, 1), 10)) == "女"


# --- property tests ------------------------------------------------------------------------------------

FAST = settings(max_examples=60, deadline=None)


@cache
def codes_for(prefix: str, year: int) -> tuple[str, ...]:
    return idn.address_codes(prefix, born=year)


@st.composite
def valid_ids(draw: st.DrawFn) -> tuple[str, date, int]:
    born = draw(st.dates(date(1920, 1, 1), date(2025, 12, 31)))
    code = draw(st.sampled_from(codes_for(draw(st.sampled_from(["53", ""])), born.year)))
    order = draw(st.integers(0, 999))
    return make_ric(code, born, order), born, order


@FAST
@given(valid_ids())
def test_generated_ids_normalise_to_themselves(case: tuple[str, date, int]) -> None:
    number, born, order = case
    result = norm(number)
    assert result.ok, result.problem
    assert (result.value, result.repairs) == (number, ())
    assert birth_date(number) == born
    assert sex(number) == ("男" if order % 2 else "女")
    assert birth_place(number)


@FAST
@given(valid_ids(), st.data())
def test_typing_variants_normalise_to_the_same_id(case: tuple[str, date, int], data: st.DataObject) -> None:
    number = case[0]
    pieces = []
    for char in number:
        if data.draw(st.booleans()):
            char = fullwidth(char)
        if char in "Xx" and data.draw(st.booleans()):
            char = char.lower()
        pieces.append(char + data.draw(st.sampled_from(["", "", " ", "-", "\u3000", "\u200b", "\uff0d"])))
    result = norm("".join(pieces))
    assert result.ok and result.value == number


def old_form(number: str) -> str:
    return number[:6] + number[8:17]


@FAST
@given(valid_ids().filter(lambda c: 1921 <= c[1].year <= 1999))
def test_old_15_digit_forms_upgrade_as_text_int_and_float(case: tuple[str, date, int]) -> None:
    number, old = case[0], old_form(case[0])
    for raw in (old, int(old), float(old), f"{float(old):.14E}"):
        result = norm(raw)
        assert result.ok and result.value == number, (raw, result.problem)


def assert_never_ok_with_another_number(corrupted: str, original: str) -> IdResult:
    result = norm(corrupted)
    if result.ok:
        assert result.value == original, f"{corrupted!r} accepted as {result.value}"
    return result


@FAST
@given(valid_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_a_changed_character_is_always_caught(case: tuple[str, date, int], pos: int, char: str) -> None:
    number = case[0]
    corrupted = number[:pos] + char + number[pos + 1 :]
    if corrupted == number:
        return
    result = norm(corrupted)
    assert not result.ok
    if result.problem is not None and result.problem.code == "checksum":
        assert result.value == corrupted and result.problem.overridable


@FAST
@given(valid_ids(), st.integers(0, 17), st.integers(1, 17))
def test_transpositions_are_caught(case: tuple[str, date, int], i: int, distance: int) -> None:
    number, j = case[0], i + distance
    if j > 17 or number[i] == number[j] or distance == 10:
        return  # positions 10 apart share a weight: see test_the_checksum_cannot_see_swaps_ten_apart
    swapped = list(number)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    assert not norm("".join(swapped)).ok


def test_the_checksum_cannot_see_swaps_ten_apart() -> None:
    # A limit of GB 11643 itself (weights repeat every 10 positions), documented here on purpose.
    number = make_ric("530102", date(1985, 3, 4), 11)  # 530102 1985 0304 011 ?
    swapped = number[:3] + number[13] + number[4:13] + number[3] + number[14:]
    assert swapped != number and norm(swapped).ok


@FAST
@given(valid_ids(), st.integers(0, 18), st.characters(codec="utf-8"))
def test_inserted_junk_never_yields_another_number(case: tuple[str, date, int], pos: int, junk: str) -> None:
    number = case[0]
    assert_never_ok_with_another_number(number[:pos] + junk + number[pos:], number)


@FAST
@given(valid_ids(), st.integers(0, 18), st.sampled_from("ABCOo,/·、。号*#"))
def test_inserted_letters_and_punctuation_are_rejected(case: tuple[str, date, int], pos: int, junk: str) -> None:
    number = case[0]
    result = norm(number[:pos] + junk + number[pos:])
    assert result.problem is not None and result.problem.code == "bad_character"
    assert junk in result.problem.zh


@FAST
@given(valid_ids(), st.integers(1, 17), st.booleans())
def test_truncation_never_yields_another_number(case: tuple[str, date, int], cut: int, front: bool) -> None:
    number = case[0]
    result = assert_never_ok_with_another_number(number[cut:] if front else number[:-cut], number)
    assert not result.ok

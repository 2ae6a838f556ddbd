"""Cell repairs: what a clerk's messy cell becomes, and what is refused with a reason instead of guessed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.excel.headers import BY_KEY, header_key, map_headers, match_header
from forms.excel.idcells import IdCells, _check_character
from forms.excel.repair import (
    Cleaners,
    clean_date,
    clean_hh_number,
    clean_int,
    clean_month,
    clean_name,
    clean_phone,
    clean_text,
    clean_yes_no,
    shown,
)
from forms.idnumber import check_character, make_ric, normalise

TODAY = date(2026, 11, 29)


def cleaner(key: str):  # type: ignore[no-untyped-def]
    return Cleaners(TODAY).for_spec(BY_KEY[key])


def id_ending_in_x() -> str:
    for order in range(1, 999):
        number = make_ric("530326", date(1980, 5, 6), order)
        if number.endswith("X"):
            return number
    raise AssertionError("no number ending in X")


# ---- ID numbers ------------------------------------------------------------------------------------------------


def test_id_cells_are_repaired_as_idnumber_does() -> None:
    clean = cleaner("member.id_number")
    x = id_ending_in_x()
    assert clean(x.lower()).value == x and "lowercase_x" in clean(x.lower()).repairs
    assert clean(" " + x + " ").value == x
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in x)
    assert clean(full_width).value == x and "fullwidth" in clean(full_width).repairs
    upgraded = clean("530326450101123")
    assert upgraded.value == "53032619450101123" + check_character("53032619450101123")
    assert "upgraded_15" in upgraded.repairs
    assert clean(110105491231002.0).value == normalise("110105491231002").value  # a 15-digit number cell


@pytest.mark.parametrize(
    "raw",
    [5.30326197503e17, "5.30326E+17", 530326197503041000.0, "5303261975030400"],
    ids=["float-cell", "scientific-text", "zeros-at-end", "16-digits"],
)
def test_id_cells_with_lost_digits_are_refused_and_make_the_row_fatal(raw: object) -> None:
    fix = cleaner("member.id_number")(raw)
    assert fix.value is None and fix.issue is not None and fix.issue.fatal
    assert "证件" in fix.issue.zh or "号码" in fix.issue.zh


def test_wrong_check_character_is_kept_with_a_warning() -> None:
    good = make_ric("530326", date(1975, 3, 4), 11)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    fix = cleaner("member.id_number")(wrong)
    assert fix.value == wrong and fix.issue is not None and fix.issue.kept and not fix.issue.fatal
    assert "校验码" in fix.issue.zh and "已按原样导入" in fix.issue.zh


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(["530326", "110105", "440524", "999999", "530300"]),
    born=st.dates(min_value=date(1840, 1, 1), max_value=date(2030, 12, 31)),
    order=st.integers(0, 999),
    corrupt=st.sampled_from(["none", "check", "day"]),
)
def test_id_fast_path_agrees_with_normalise(code: str, born: date, order: int, corrupt: str) -> None:
    number = make_ric(code, born, order)
    if corrupt == "check":
        number = number[:-1] + ("0" if number[-1] != "0" else "X")
    elif corrupt == "day":
        number = number[:12] + "32" + number[14:]
    cells = IdCells(TODAY)
    for _ in range(2):  # the second time may take the fast path
        fast, slow = cells.result(number), normalise(number, TODAY)
        assert (fast.value, fast.ok, fast.problem and fast.problem.code) == (
            slow.value,
            slow.ok,
            slow.problem and slow.problem.code,
        )
    sibling = make_ric(code, born, (order + 2) % 1000)  # same code and year: the fast path's case
    assert cells.result(sibling).value == normalise(sibling, TODAY).value
    # The cell a row takes: on the fast path the same Fix as from a fresh IdCells, which has to ask normalise.
    assert cells.fix(number) == IdCells(TODAY).fix(number)
    assert cells.fix(sibling) == IdCells(TODAY).fix(sibling)
    assert _check_character(number) == check_character(number[:17])


# ---- dates, months, numbers, phones, words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "repair"),
    [
        ("2021年3月", "2021-03", None),
        ("2021年03月", "2021-03", None),
        ("2021-03", "2021-03", None),
        ("2021/3", "2021-03", None),
        ("２０２１年３月", "2021-03", "fullwidth"),
        (202103, "2021-03", "from_number"),
        (2021.3, "2021-03", "month_number"),
        (2021.12, "2021-12", "month_number"),
        (44256.0, "2021-03", "excel_serial"),
        (date(2021, 3, 1), "2021-03", None),
        (datetime(2021, 3, 15, 8, 30), "2021-03", "day_dropped"),
        ("2021-03-15", "2021-03", "day_dropped"),
        (20210315, "2021-03", "day_dropped"),  # typed as a date: a number cell, as in a date column
        (20210315.0, "2021-03", "day_dropped"),
    ],
)
def test_months(raw: object, expected: str, repair: str | None) -> None:
    fix = clean_month(raw, "开始时间")
    assert fix.value == expected and fix.issue is None
    if repair:
        assert repair in fix.repairs


@pytest.mark.parametrize(
    ("raw", "code"),
    [(2021.1, "month_ambiguous"), ("2021", "month_missing"), ("三月", "bad_month"), (20211301, "bad_month")],
)
def test_months_that_are_not_guessed(raw: object, code: str) -> None:
    fix = clean_month(raw, "开始时间")
    assert fix.value is None and fix.issue is not None and fix.issue.code == code and not fix.issue.kept


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-03-05", date(2021, 3, 5)),
        ("2021/3/5", date(2021, 3, 5)),
        ("2021年3月5日", date(2021, 3, 5)),
        ("20210305", date(2021, 3, 5)),
        (20210305.0, date(2021, 3, 5)),
        (44260.0, date(2021, 3, 5)),
        (datetime(2021, 3, 5, 10, 0), date(2021, 3, 5)),
    ],
)
def test_dates(raw: object, expected: date) -> None:
    assert clean_date(raw, "采集日期").value == expected


def test_impossible_dates_are_reported() -> None:
    fix = clean_date("2021-02-30", "采集日期")
    assert fix.value is None and fix.issue is not None and "有效日期" in fix.issue.zh


@pytest.mark.parametrize("raw", [2023.5, 2024.12, 2023, 2023.0])
def test_a_year_or_month_typed_into_a_date_cell_is_no_day_in_1905(raw: float) -> None:
    # Excel stores 2023.5 typed into a cell as a number; read as Excel's day number it is 1905-07-15.
    fix = clean_date(raw, "岗位合同结束日期")
    assert fix.value is None and fix.issue is not None and fix.issue.code == "date_day_missing"
    assert f"{raw:g}" in fix.issue.zh and not fix.issue.kept


@pytest.mark.parametrize(
    ("raw", "expected", "kept"),
    [
        (13812345678.0, "13812345678", False),
        ("138 1234 5678", "13812345678", False),
        ("138-1234-5678", "13812345678", False),
        ("+8613812345678", "13812345678", False),
        ("0874-1234567", "0874-1234567", False),
        ("1381234567", "1381234567", True),
    ],
)
def test_phones(raw: object, expected: str, kept: bool) -> None:
    fix = clean_phone(raw)
    assert fix.value == expected
    assert (fix.issue is not None and fix.issue.kept) is kept


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("member.relation", "妻子", "配偶"),
        ("member.relation", "孙女", "之孙女"),
        ("member.relation", "本人", "户主"),
        ("member.ethnicity", "彝", "彝族"),
        ("member.education", "中专", "高中"),
        ("member.education", "小学文化", "小学"),
        ("member.labour_skill", "弱劳动力", "弱劳动力或半劳动力"),
        ("member.student_status", "高一", "普通高中一年级"),
        ("member.student_status", "非在校生", None),
        ("member.disability", "肢体残疾", "肢体"),
        ("member.health", "残疾、慢性病", "长期慢性病,残疾"),
        ("household.relocation_type", "卡户", "建档立卡搬迁户(卡户)"),
        ("household.relocation_type", "建档立卡搬迁户（卡户）", "建档立卡搬迁户(卡户)"),
        ("spell.form", "公益性岗位", "乡村公益性岗位"),
        ("spell.place_scope", "外省", "省外"),
    ],
)
def test_other_wordings_of_list_values(key: str, raw: str, expected: str | None) -> None:
    fix = cleaner(key)(raw)
    assert fix.value == expected and fix.issue is None


def test_a_value_outside_the_list_is_not_imported_and_the_message_lists_the_choices() -> None:
    fix = cleaner("member.labour_skill")("能干活")
    assert fix.value is None and fix.issue is not None and not fix.taken
    assert "能干活" in fix.issue.zh and "普通劳动力" in fix.issue.zh and "劳动技能" in fix.issue.zh


def test_yes_no_and_a_note_in_the_same_cell() -> None:
    assert clean_yes_no("是").value is True and clean_yes_no("否").value is False
    assert clean_yes_no("√").value is True and clean_yes_no(1.0).value is True
    split = clean_yes_no("是，电焊工")
    assert split.value is True and split.note == "电焊工" and "split_note" in split.repairs
    assert clean_yes_no("也许").issue is not None


def test_numbers_codes_names_and_text() -> None:
    assert clean_int("3,000元", "务工月收入").value == 3000
    assert clean_int(2500.5, "务工月收入").value == 2501
    assert clean_int(-5, "务工月收入").issue is not None
    assert cleaner("household.building")("3栋").value == "3"
    assert cleaner("household.room")(1201.0).value == "1201"
    assert clean_name("张　三").value == "张三" and "spaces" in clean_name("张　三").repairs
    # A foreign spouse's name keeps one space between its Latin words; padding elsewhere goes.
    assert clean_name(" Nguyen  Thi Lan ").value == "Nguyen Thi Lan"
    assert "spaces" in clean_name(" Nguyen  Thi Lan ").repairs and not clean_name("Nguyen Thi Lan").repairs
    assert clean_name("Mary 李").value == "Mary李" and clean_name("阿依古丽 买买提").value == "阿依古丽买买提"
    assert clean_name("").issue is not None and clean_name("").issue.fatal  # type: ignore[union-attr]
    assert clean_name("530326").issue is not None  # an ID number in the name column
    assert clean_text("  宁波  某某厂 ").value == "宁波 某某厂"
    assert clean_text("/").value is None
    assert clean_hh_number(5303260010010001.0).issue is not None  # 16 digits: Excel lost the last one
    assert clean_hh_number("5303260010010001").value == "5303260010010001"
    assert shown(5.30326197503e17) == "530326197503000000"  # never binary noise digits


def test_headers_and_their_variants() -> None:
    assert match_header("身份证号码") is BY_KEY["member.id_number"]
    assert match_header(" 证件号码* ") is BY_KEY["member.id_number"]
    assert match_header("务工月收入（元）") is BY_KEY["spell.monthly_income"]
    assert match_header("县（市、区、旗）") is BY_KEY["household.origin_county"]
    assert match_header("与户主\n关系") is BY_KEY["member.relation"]
    assert match_header("奇怪的列") is None
    assert header_key("就业意愿（工种）") == header_key("就业意愿(工种)")
    mapping = map_headers(["序号", "姓名", "身份证号", "证件号码", "备注"])
    assert [c.header for c in mapping.columns] == ["序号", "姓名", "身份证号"]
    assert [c.header for c in mapping.duplicates] == ["证件号码"]
    assert [c.header for c in mapping.unknown] == ["备注"]

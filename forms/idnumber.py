"""证件号码: normalise and validate resident ID numbers (GB 11643-1999) with python-stdnum.

`normalise` repairs what input methods and Excel do to a number and reports, in 中文 and English,
what it cannot repair. A wrong check character, and an unknown or retired address code when the
check character is right, are *overridable*: national records hold some such numbers, so `value`
is still returned for them (an admin accepts it with a reason). Other problems leave `value` None.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from stdnum import numdb
from stdnum.cn import ric as _ric
from stdnum.exceptions import ValidationError

Kind = Literal["ric", "disability"]
Sex = Literal["男", "女"]

# Importers show these after "repaired": code -> (中文, English).
REPAIRS: dict[str, tuple[str, str]] = {
    "from_number": ("数字单元格转为文本", "converted a number cell to text"),
    "fullwidth": ("全角字符改为半角", "changed full-width characters to normal ones"),
    "zero_width": ("去掉不可见字符", "removed invisible characters"),
    "trimmed": ("去掉首尾空白", "removed leading/trailing blanks"),
    "text_mark": ("去掉表示文本的引号", "removed the quotes that mark text"),
    "spaces": ("去掉空格", "removed spaces"),
    "dashes": ("去掉横线", "removed dashes"),
    "decimal_suffix": ("去掉末尾的“.0”", "removed a trailing “.0”"),
    "scientific": ("科学计数法还原为完整数字", "expanded scientific notation"),
    "lowercase_x": ("小写x改为大写X", "changed lowercase x to X"),
    "upgraded_15": ("15位旧号码升级为18位", "upgraded the old 15-digit number to 18 digits"),
}

# Stable codes of IdProblem, in the order normalise checks them.
PROBLEM_CODES = (
    *("empty", "unsupported_type", "bad_character", "x_misplaced", "wrong_length", "looks_truncated"),
    *("excel_digits_lost", "birth_date_invalid", "birth_date_future", "address_unknown", "address_retired"),
    *("checksum", "disability_category_invalid", "disability_grade_invalid"),
)


@dataclass(frozen=True)
class IdProblem:
    """Why a number was not accepted; `overridable` means an admin may accept it with a reason."""

    code: str
    zh: str
    en: str
    overridable: bool = False


@dataclass(frozen=True)
class IdResult:
    """Outcome of `normalise`. `value` is set when ok or when the problem is overridable."""

    raw: object
    value: str | None  # what to store: 18 chars, or 20/22 for a disability certificate number
    ric: str | None  # the embedded 18-character resident ID
    kind: Kind | None
    repairs: tuple[str, ...] = ()
    problem: IdProblem | None = None
    disability_category: int | None = None  # 1 视力 … 7 多重
    disability_grade: int | None = None  # 1–4
    disability_extra: str | None = None  # the last two digits of a 22-character number, kept verbatim
    cleaned: str | None = None  # the text after repairs, also when rejected (for messages)

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Derived:
    birth_date: date
    sex: Sex
    age: int
    birth_place: str | None


_FULLWIDTH = {0xFF10 + i: str(i) for i in range(10)} | {0xFF38: "X", 0xFF58: "x", 0x3000: " ", 0xFF0D: "-"}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))
_DASHES = dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"))
# [0-9] rather than \d throughout: \d also matches full-width and other scripts' digits.
_DECIMAL = re.compile(r"([0-9]+)\.0+")
_QUOTES = "'\"\u2018\u2019\u201c\u201d`"  # straight quotes, and the curly ones a Chinese IME types
_SCIENTIFIC = re.compile(r"([0-9])(?:\.([0-9]+))?[eE]\+?([0-9]{1,2})")
_RIC18 = re.compile(r"[0-9]{17}[0-9X]")
_PERIOD = re.compile(r"\[([0-9]*)-([0-9]*)\](.*)")
_LENGTHS = (15, 18, 20, 22)
_EARLIEST_YEAR = 1850  # the standard's own test vector is born in 1880
_CONFUSABLE = {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"}

_EMPTY = IdProblem(
    "empty",
    "证件号码为空。请填写18位居民身份证号码。",
    "The ID number is empty. Enter the 18-character ID number.",
)
_BAD_TYPE = IdProblem(
    "unsupported_type",
    "这个单元格的内容不是文字或数字，无法当作证件号码读取。请把证件号码作为文本录入。",
    "This cell holds neither text nor a number, so it cannot be read as an ID number. Enter it as text.",
)
_ADMIN = (
    "若证件上确实如此，管理员可填写原因后接受。",
    "If the card really shows this number, an administrator may accept it with a reason.",
)
_FORMAT_AS_TEXT = (
    "无法恢复。请把这一列设置为“文本”格式，再对照证件重新录入完整号码。",
    "and cannot be recovered. Format the column as Text and re-enter the full number from the ID card.",
)


def _lost(zh: str, en: str) -> IdProblem:
    return IdProblem("excel_digits_lost", f"{zh}{_FORMAT_AS_TEXT[0]}", f"{en} {_FORMAT_AS_TEXT[1]}")


_LOST_AS_NUMBER = _lost(
    "这个证件号码在Excel里被存成了数字，Excel只保留15位有效数字，最后几位已变成0，",
    "Excel stored this ID number as a number and keeps only 15 significant digits; the last digits became 0",
)


def check_character(first17: str) -> str:
    """The GB 11643 check character ('0'–'9' or 'X') for the first 17 digits."""
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError(f"need 17 digits, got {first17!r}")
    # stdnum's calc_check_digit ignores the last character it is given (it expects the full number).
    return _ric.calc_check_digit(first17 + "?")


def normalise(raw: object, today: date | None = None) -> IdResult:
    """Repair and validate a 证件号码 from a form field or an Excel cell."""
    repairs: list[str] = []
    text = _as_text(raw, repairs)
    if isinstance(text, str):
        text = _clean(text, repairs)
    if isinstance(text, IdProblem):
        return _result(raw, repairs, None, text)
    if not text:
        return _result(raw, repairs, None, _EMPTY)
    problem = _shape_problem(text)
    if problem:
        return _result(raw, repairs, text, problem)
    if len(text) == 15:
        text = text[:6] + "19" + text[6:]
        text += check_character(text)
        repairs.append("upgraded_15")
    problem = _ric_problem(text[:18], today or date.today())
    if problem is None or problem.overridable:
        # A bad certificate suffix cannot be overridden, so it wins over an overridable ID problem.
        problem = _suffix_problem(text[18:]) or problem
    return _result(raw, repairs, text, problem)


def _result(raw: object, repairs: list[str], cleaned: str | None, problem: IdProblem | None) -> IdResult:
    value = cleaned if cleaned is not None and (problem is None or problem.overridable) else None
    kind: Kind | None = None if value is None else "ric" if len(value) == 18 else "disability"
    dis = value if kind == "disability" else None
    return IdResult(
        raw=raw,
        value=value,
        ric=value[:18] if value else None,
        kind=kind,
        repairs=tuple(repairs),
        problem=problem,
        disability_category=int(dis[18]) if dis else None,
        disability_grade=int(dis[19]) if dis else None,
        disability_extra=(dis[20:] or None) if dis else None,
        cleaned=cleaned,
    )


def _as_text(raw: object, repairs: list[str]) -> str | IdProblem:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return _BAD_TYPE
    if raw < 0:  # a minus sign is not a dash typed between digit groups
        return _bad_character("-")
    if isinstance(raw, float):
        if math.isnan(raw):  # pandas and some readers give NaN for an empty cell
            return ""
        if math.isinf(raw):
            return _BAD_TYPE
        if abs(raw) >= 1e16:  # beyond 15 significant digits Excel has already dropped the tail
            return _LOST_AS_NUMBER
        if raw.is_integer():
            raw = int(raw)
    repairs.append("from_number")
    return str(raw)


def _step(repairs: list[str], code: str, before: str, after: str) -> str:
    if after != before:
        repairs.append(code)
    return after


def _clean(text: str, repairs: list[str]) -> str | IdProblem:
    text = _step(repairs, "fullwidth", text, text.translate(_FULLWIDTH))
    text = _step(repairs, "zero_width", text, text.translate(_ZERO_WIDTH))
    text = _step(repairs, "trimmed", text, text.strip())
    # Excel's mark for "keep this as text" ('5303…), which some systems export as part of the value; and the
    # quotes of a CSV-minded ="5303…" or "5303…". Only at the ends, where no digit is lost by taking them away.
    text = _step(repairs, "text_mark", text, _without_text_mark(text))
    text = _step(repairs, "spaces", text, "".join(text.split()))
    text = _step(repairs, "dashes", text, text.translate(_DASHES))
    decimal = _DECIMAL.fullmatch(text)
    text = _step(repairs, "decimal_suffix", text, decimal[1] if decimal else text)
    sci = _SCIENTIFIC.fullmatch(text)
    if sci:
        digits, total = sci[1] + (sci[2] or ""), int(sci[3]) + 1
        if len(digits) == total:
            text = _step(repairs, "scientific", text, digits)
        elif len(digits) < total:
            return _lost(
                f"Excel把证件号码显示成了科学计数法（{text}），只剩前{len(digits)}位数字，"
                f"后{total - len(digits)}位已丢失，",
                f"Excel turned this ID number into scientific notation ({text}); only the first "
                f"{len(digits)} digits survived, the last {total - len(digits)} are lost",
            )
    return _step(repairs, "lowercase_x", text, text.replace("x", "X"))


def _without_text_mark(text: str) -> str:
    inner = text[1:] if text[:2] in ('="', "='") else text
    return inner.strip(_QUOTES)


def _bad_character(char: str) -> IdProblem:
    guess = _CONFUSABLE.get(char)
    shown = f"「{char}」" if char.isprintable() else f"U+{ord(char):04X}"
    zh_hint = f"（应为数字{guess}吗？）" if guess else ""
    en_hint = f" (did you mean the digit {guess}?)" if guess else ""
    return IdProblem(
        "bad_character",
        f"证件号码里有不能出现的字符{shown}{zh_hint}。号码只能由数字组成，最后一位可以是X。请改正后重新录入。",
        f"The ID number contains the character {shown}{en_hint}, which is not allowed. "
        "It may contain only digits, and X as the last character. Correct it and enter it again.",
    )


def _shape_problem(text: str) -> IdProblem | None:
    """Characters, position of X and length; None if the text has the shape of a number we accept."""
    for char in text:
        if char not in "0123456789X":
            return _bad_character(char)
    x_at = [i + 1 for i, char in enumerate(text) if char == "X" and not (i == 17 and len(text) >= 18)]
    if x_at:
        return IdProblem(
            "x_misplaced",
            f"字母X只能是身份证号码的最后一位（第18位），这里出现在第{x_at[0]}位。请对照证件核对。",
            f"The letter X may only be the last (18th) character of an ID number; here it is at position "
            f"{x_at[0]}. Check the number against the ID card.",
        )
    if len(text) not in _LENGTHS:
        n = len(text)
        zh_hint = "最后一位（可能是X）是不是漏了？" if n == 17 else ""
        en_hint = " Is the last character (it can be X) missing?" if n == 17 else ""
        return IdProblem(
            "wrong_length",
            f"证件号码应为18位，这里是{n}位。{zh_hint}请对照证件核对是否多输或漏输了数字"
            "（也可以填15位旧号码或20/22位残疾人证号）。",
            f"An ID number has 18 characters; this one has {n}.{en_hint} Check it against the ID card for "
            "missing or extra digits (an old 15-digit number or a 20/22-digit disability card number "
            "is also accepted).",
        )
    if len(text) == 15 and text[6:8] in ("19", "20"):
        # Old numbers start the birth date with YY, so "19"/"20" there means a cut-off 18-digit number,
        # unless the person was born in 1919/1920 — and they have had an 18-digit number since 1999.
        return IdProblem(
            "looks_truncated",
            f"这是15位号码，但第7–8位是“{text[6:8]}”，更像是18位号码少了最后3位。请对照证件录入完整的18位号码。",
            f"This 15-digit number has “{text[6:8]}” in positions 7–8, so it looks like an 18-digit number "
            "with its last 3 digits cut off. Enter the full 18-digit number from the ID card.",
        )
    return None


def _ric_problem(number: str, today: date) -> IdProblem | None:
    expected = check_character(number[:17])
    checksum_ok = number[17] == expected
    if number.endswith("000") and not checksum_ok:
        # What Excel leaves of an 18-digit number typed into a number cell.
        return _lost(
            "号码最后三位是000且校验码不对，很可能是Excel把它存成数字时丢掉了最后几位，",
            "The number ends in 000 and its check character is wrong: Excel most likely stored it as a "
            "number and dropped the last digits",
        )
    ymd = number[6:14]
    try:
        born = _ric.get_birth_date(number)
    except ValidationError:
        born = None
    if born is None or born.year < _EARLIEST_YEAR:
        return IdProblem(
            "birth_date_invalid",
            f"第7–14位是出生日期，但“{ymd}”不是有效日期。请对照证件核对这几位数字。",
            f"Positions 7–14 hold the birth date, but “{ymd}” is not a valid date. "
            "Check these digits against the ID card.",
        )
    if born > today:
        return IdProblem(
            "birth_date_future",
            f"号码中的出生日期{born:%Y-%m-%d}晚于今天（{today:%Y-%m-%d}）。请对照证件核对第7–14位。",
            f"The birth date in the number, {born:%Y-%m-%d}, is after today ({today:%Y-%m-%d}). "
            "Check positions 7–14 against the ID card.",
        )
    code = number[:6]
    # Overriding an address problem must not also wave through a wrong check character.
    loc = _loc(code)
    if loc is None:
        return IdProblem(
            "address_unknown",
            f"前6位地址码{code}不是已知的县级行政区划代码。请对照证件核对前6位。{_ADMIN[0]}",
            f"The first 6 digits, {code}, are not a known county code. Check them. {_ADMIN[1]}",
            overridable=checksum_ok,
        )
    if _name_at(loc[1], born.year) is None:
        end = max(int(m[2]) for m in map(_PERIOD.fullmatch, loc[1].split(",")) if m and m[2])
        return IdProblem(
            "address_retired",
            f"地址码{code}在{end}年已撤销，早于号码中的出生年份{born.year}。请对照证件核对。{_ADMIN[0]}",
            f"The county code {code} was retired in {end}, before the birth year {born.year} in the number. "
            f"Check it against the ID card. {_ADMIN[1]}",
            overridable=checksum_ok,
        )
    if not checksum_ok:
        return IdProblem(
            "checksum",
            f"校验码不对：按前17位计算，第18位应为“{expected}”，这里是“{number[17]}”。通常是某一位输错了，"
            f"请对照证件核对（国家系统里也有少量这样的号码）。{_ADMIN[0]}",
            f"The check character is wrong: from the first 17 digits the 18th should be “{expected}”, not "
            f"“{number[17]}”. Usually one digit was mistyped; check against the ID card (national records "
            f"hold a few such numbers). {_ADMIN[1]}",
            overridable=True,
        )
    return None


def _suffix_problem(suffix: str) -> IdProblem | None:
    if suffix and not "1" <= suffix[0] <= "7":
        return IdProblem(
            "disability_category_invalid",
            f"残疾人证号第19位是残疾类别（1视力、2听力、3言语、4肢体、5智力、6精神、7多重），这里是“{suffix[0]}”。请核对残疾人证。",
            f"Character 19 of a disability card number is the category (1 vision, 2 hearing, 3 speech, "
            f"4 physical, 5 intellectual, 6 mental, 7 multiple); here it is “{suffix[0]}”. Check the card.",
        )
    if suffix and not "1" <= suffix[1] <= "4":
        return IdProblem(
            "disability_grade_invalid",
            f"残疾人证号第20位是残疾等级（1–4级），这里是“{suffix[1]}”。请核对残疾人证。",
            f"Character 20 of a disability card number is the grade (1–4); here it is “{suffix[1]}”. Check the card.",
        )
    return None


@lru_cache(maxsize=8192)  # there are about 6,000 codes, current and retired; the lookup is most of `normalise`
def _loc(code: str) -> tuple[str, str] | None:
    """(province, county field with its [start-end] periods) from stdnum's table, or None."""
    props: dict[str, str] = {}
    for _part, found in numdb.get("cn/loc").info(code):
        props.update(found)
    if "province" not in props or "county" not in props:
        return None
    return props["province"], props["county"]


def _name_at(field: str, year: int) -> str | None:
    """The name of a code for someone born in `year`, None if the code was retired before then.

    stdnum insists the code was in use in the birth year, but numbers are assigned at registration
    (often years later, or re-assigned after a move), so a code created after the birth is fine.
    """
    later: tuple[int, str] | None = None
    for part in field.split(","):
        m = _PERIOD.fullmatch(part)
        start, end, name = (int(m[1] or 0), int(m[2] or 9999), m[3]) if m else (0, 9999, part)
        if end < year:
            continue
        if start <= year:
            return name
        if later is None or start < later[0]:
            later = (start, name)
    return later[1] if later else None


def _is_placeholder(name: str) -> bool:
    return name in ("市辖区", "县") or "直辖" in name


def address_codes(prefix: str = "", born: int | None = None) -> tuple[str, ...]:
    """County-level codes in stdnum's table starting with `prefix`, optionally usable for a birth year."""
    codes = []
    for _len, province, _high, _props, counties in numdb.get("cn/loc").prefixes:
        for _len2, low, _high2, props, _children in counties:
            code, name = province + low, _name_at(props.get("county", ""), born or 0)
            if code.startswith(prefix) and not code.endswith("00") and name and not _is_placeholder(name):
                codes.append(code)
    return tuple(sorted(codes))


def _ric_of(number: str) -> str:
    if _RIC18.fullmatch(number):
        return number
    result = normalise(number, today=date.max)
    if result.ric is None:
        raise ValueError(result.problem.en if result.problem else f"not an ID number: {number!r}")
    return result.ric


def birth_date(ric: str) -> date:
    """Birth date encoded in positions 7–14."""
    try:
        return _ric.get_birth_date(_ric_of(ric))
    except ValidationError as exc:
        raise ValueError(f"no valid birth date in {ric!r}") from exc


def sex(ric: str) -> Sex:
    """男 when the 17th digit (order code) is odd, else 女."""
    return "男" if int(_ric_of(ric)[16]) % 2 else "女"


def age_at(ric_or_birth: str | date, on: date) -> int:
    """Completed years on `on`; someone born on 29 Feb turns a year older on 1 Mar in common years."""
    born = ric_or_birth if isinstance(ric_or_birth, date) else birth_date(ric_or_birth)
    if on < born:
        raise ValueError(f"{on} is before the birth date {born}")
    # Tuple comparison: (2, 28) < (2, 29), so a 29 Feb birthday is reached only on 1 Mar in common years.
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birth_place(ric: str) -> str | None:
    """Province, prefecture and county names for the address code, None if the code is unknown."""
    number = _ric_of(ric)
    year, code = birth_date(number).year, number[:6]
    try:
        place = _ric.get_birth_place(number)
        province, county = place["province"], place["county"]
    except (ValidationError, KeyError):  # stdnum raises KeyError for unknown codes in a known province
        loc = _loc(code)
        name = _name_at(loc[1], year) if loc else None
        if loc is None or name is None:
            return None
        province, county = loc[0], name
    if code.endswith("0000"):  # province level; stdnum's province name of 81/82 is in traditional script
        return county
    prefecture = _loc(code[:4] + "00")
    pref_name = _name_at(prefecture[1], year) if prefecture and not code.endswith("00") else None
    # Skip 市辖区 / 县 / 省直辖… rows: they group codes, they are not places.
    names = [n for n in (pref_name, county) if n and not _is_placeholder(n)]
    return "".join(dict.fromkeys([province, *names]))


def derive(ric: str, on: date | None = None) -> Derived:
    """Birth date, sex, age on `on` (default today) and birth place of a valid number."""
    born = birth_date(ric)
    return Derived(born, sex(ric), age_at(born, on or date.today()), birth_place(ric))


def make_ric(address_code: str, birth: date, order: int) -> str:
    """An 18-character number with a correct check character (for demo data and tests)."""
    if not re.fullmatch(r"[0-9]{6}", address_code) or not 0 <= order <= 999:
        raise ValueError(f"need a 6-digit address code and an order 0–999, got {address_code!r}, {order}")
    first17 = f"{address_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{order:03d}"
    return first17 + check_character(first17)

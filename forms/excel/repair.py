"""Cell values as stored: repair what is safely repairable, and say why the rest cannot be taken.

A cleaner turns one cell into a `forms.excel.fixes.Fix`: the value to store (None for an empty cell), the repairs
made (codes with a 中文 and English label in `REPAIRS`), and at most one `Issue` (fatal, kept, or not imported;
see there). A cell whose value is not imported is highlighted in the error workbook.

Safely repairable: full-width characters, stray spaces and control characters (`_without_controls`),
placeholders ("/", "无") for empty, numbers stored as numbers (phones, room numbers), dates as text or as Excel
serial numbers, "YYYY年MM月" and "2021.3" months,
"3栋"/"2单元", "3000元", the usual other wordings of a category ("卡户", "妻子", "高一", "慢性病"), and every ID
number repair of `forms.idnumber`. Never guessed: a category value that is not a known wording, a month
written as the number 2021.1 (January, or October that Excel turned into 2021.1?), digits Excel has lost.

The cleaners are called once per cell of sheets with hundreds of thousands of rows, so the common case (an
already clean value) takes a fast path, and results for repeated values (categories, dates) are remembered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ..choices import choice_list
from ..idnumber import REPAIRS as ID_REPAIRS
from .cell_limit import without_controls
from .fixes import EMPTY, Fix, Issue, is_masked
from .headers import FieldSpec
from .idcells import IdCells
from .synonyms import EMPTY_WORDS, SUFFIXES, SYNONYMS

REPAIRS: dict[str, tuple[str, str]] = {
    **ID_REPAIRS,
    "placeholder": ("占位符（“/”“无”等）视为空", "read placeholders such as “/” as empty"),
    "synonym": ("改为标准写法", "changed to the standard wording"),
    "excel_serial": ("Excel日期序号转换为日期", "converted an Excel date serial number to a date"),
    "date_text": ("文本日期转换为日期", "read a date written as text"),
    "month_number": ("数字写法的年月（如2021.3）转换为年月", "read a month written as a number (2021.3)"),
    "day_dropped": ("日期只保留年月", "kept only the year and month of a date"),
    "unit_removed": ("去掉“元”“栋”“单元”等字样", "removed words such as 元, 栋, 单元"),
    "rounded": ("金额四舍五入到元", "rounded to whole yuan"),
    "control_chars": (
        "去掉看不见的控制字符（如从Word复制带来的换行符）",
        "removed invisible control characters (such as Word's line breaks)",
    ),
    "split_note": ("“是，工种”拆分为是/否和工种两项", "split “是，工种” into yes/no and the note"),
    "country_code": ("去掉电话号码前的+86", "removed +86 before a phone number"),
    "merged_cell": ("合并单元格按左上角的值填充", "filled merged cells from their top-left value"),
    "child_no_labour": (
        "未满16周岁、劳动技能空着的，按全国系统的记法填为“无劳动力”",
        "recorded 劳动技能 as 无劳动力 for children under 16 left empty, as the national list does",
    ),
}


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))
# Compared after NFKC (full-width slashes are ASCII by then).
_PLACEHOLDERS = frozenset(("/", "-", "--", "—", "——", "\\", "无", "空", "null", "NULL", "None", "N/A", "#N/A"))
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,2}")
_DIGIT = re.compile(r"\d")  # any script's digits: a name never has one
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")
_DATE = re.compile(r"([12][0-9]{3})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_DATE8 = re.compile(r"([12][0-9]{3})([01][0-9])([0-3][0-9])")
_MONTH = re.compile(r"([12][0-9]{3})\s*[-/.年]\s*([0-9]{1,2})\s*月?")
_MONTH6 = re.compile(r"([12][0-9]{3})([01][0-9])")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_YES = frozenset(("是", "有", "y", "yes", "true", "√", "✓", "✔", "1", "已参加", "参加", "已购买", "已购", "愿意", "对"))
_NO = frozenset(("否", "无", "没有", "n", "no", "false", "×", "✗", "0", "未参加", "未购买", "未购", "不愿意", "不"))
_YES_NOTE = re.compile(r"(是|否|有|无)[,，:：;；、\s(（]+(.+?)[)）]?")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 60 is Excel's fictitious 1900-02-29; real data is never that old
_CACHE_LIMIT = 100_000


def _issue(code: str, zh: str, en: str, *, kept: bool = False, fatal: bool = False) -> Fix:
    return Fix(issue=Issue(code, zh, en, kept=kept, fatal=fatal))


def shown(raw: object) -> str:
    """A cell as the clerk sees it. Past 15 digits a float's last digits are binary noise, not the number typed:
    show what Excel shows (15 significant digits, then zeros), never digits that look real but are not."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(Decimal(f"{raw:.15g}"))) if abs(raw) >= 1e15 else str(int(raw))
    return str(raw).strip()


def _without_controls(raw: str, repairs: list[str]) -> str:
    """``raw`` without control characters (Word's line break \x0b, \x01…): a national list's cell can hold them
    (Excel keeps them as _x000B_), and stored, they stopped every export of the household. One that separates
    becomes a space (`cell_limit.without_controls`, as an export writes it), which the spaces' repair then tidies;
    the rest are left out. Only a text that is not ``isprintable()`` (a C-speed test) is searched."""
    if raw.isprintable() or (text := without_controls(raw)) is raw:
        return raw
    repairs.append("control_chars")
    return text


def _text_key(raw: str, repairs: list[str]) -> str:
    """NFKC (full-width → half-width) and no spaces: how categories, codes and numbers are compared."""
    text = _without_controls(raw, repairs).translate(_ZERO_WIDTH)
    folded = unicodedata.normalize("NFKC", text)
    if folded != text:
        repairs.append("fullwidth")
    squeezed = "".join(folded.split())
    if squeezed != folded:
        repairs.append("trimmed" if squeezed == folded.strip() else "spaces")
    return squeezed


# ---- text --------------------------------------------------------------------------------------------------


def clean_text(raw: Any) -> Fix:
    """Free text (places, employers, notes): stray and doubled spaces removed; full-width punctuation kept."""
    if raw is None or raw == "":
        return EMPTY
    if not isinstance(raw, str):
        return Fix(shown(raw))
    repairs: list[str] = []
    visible = _without_controls(raw, repairs)
    text = " ".join(visible.translate(_ZERO_WIDTH).split())
    if text in _PLACEHOLDERS:
        return Fix(None, ("placeholder",))
    if text != visible:
        repairs.append("trimmed" if text == visible.strip() else "spaces")
    return Fix(text or None, tuple(repairs))


def _joined_name(words: list[str]) -> str:
    """A name's words put back together: one space between two words in Latin letters (Nguyen Thi Lan, a foreign
    spouse's name as her passport spells it), none elsewhere (张 三, padded to line up with three-character
    names, is 张三)."""
    name = words[0] if words else ""
    for word in words[1:]:
        name += " " + word if _latin_letter(name[-1]) and _latin_letter(word[0]) else word
    return name


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def clean_name(raw: Any) -> Fix:
    """A person's name without padding spaces (`_joined_name`); digits mean a wrong column."""
    if isinstance(raw, str):
        found: list[str] = []
        visible = _without_controls(raw, found)
        name = _joined_name(visible.translate(_ZERO_WIDTH).split())
        repairs: tuple[str, ...] = (*found, "spaces") if name != visible else tuple(found)
    elif raw is None:
        name, repairs = "", ()
    else:
        name, repairs = shown(raw), ()
    if not name or name in _PLACEHOLDERS:
        return _issue(
            "name_empty",
            "姓名为空。请填写姓名后重新导入。",
            "The name is empty. Fill it in and import again.",
            fatal=True,
        )
    if _DIGIT.search(name) or len(name) > 50:
        return _issue(
            "name_invalid",
            f"姓名“{name}”含有数字或过长，可能填错了列。请核对后重新导入。",
            f"The name “{name}” contains digits or is too long; it may be in the wrong column. Check it.",
            fatal=True,
        )
    return Fix(name, repairs)


def clean_code(raw: Any, suffixes: tuple[str, ...] = ()) -> Fix:
    """楼栋 / 单元 / 门牌号: "3栋" → "3", 1201.0 → "1201", full-width digits → ASCII."""
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    number = isinstance(raw, float | int) and not isinstance(raw, bool)
    text = shown(raw) if number else _text_key(str(raw), repairs)
    if text in _PLACEHOLDERS:
        return Fix(None, ("placeholder",))
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            repairs.append("unit_removed")
            break
    return Fix(text or None, tuple(repairs))


def clean_hh_number(raw: Any) -> Fix:
    """户编号: text of digits; a number Excel has rounded (more than 15 digits) cannot be used."""
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        if abs(raw) >= 1e15:
            return _lost_household_number(shown(raw))
        text = shown(raw)
        repairs.append("from_number")
    else:
        text = _text_key(str(raw), repairs)
    if text in _PLACEHOLDERS:
        return Fix(None, ("placeholder",))
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
        repairs.append("decimal_suffix")
    if _SCIENTIFIC.fullmatch(text):
        return _lost_household_number(text)
    return Fix(text, tuple(repairs))


def _lost_household_number(shown: str) -> Fix:
    return _issue(
        "hh_number_lost",
        f"户编号“{shown}”被Excel存成了数字，超过15位的部分已经丢失，本行不按户编号分户。"
        "请把这一列设为“文本”格式，从系统重新导出或对照录入完整的户编号。",
        f"The household number “{shown}” was stored as a number and Excel lost its digits beyond the 15th, so it "
        "is not used to group this row. Format the column as Text and re-enter or re-export the full number.",
    )


# ---- categories --------------------------------------------------------------------------------------------


def _choice_lookup(list_name: str) -> Callable[[str], str | None]:
    values = choice_list(list_name).values
    table = {unicodedata.normalize("NFKC", v).replace(" ", ""): v for v in values}
    synonyms = SYNONYMS.get(list_name, {})
    suffixes = SUFFIXES.get(list_name, ())

    def lookup(key: str) -> str | None:
        found = table.get(key) or synonyms.get(key)
        if found is None and list_name == "relation":
            found = table.get("之" + key)
        if found is None and list_name == "ethnicity":
            found = table.get(key + "族")
        for suffix in suffixes:
            if found is None and key.endswith(suffix) and len(key) > len(suffix):
                bare = key[: -len(suffix)]
                found = table.get(bare) or synonyms.get(bare)
        return found

    return lookup


def clean_choice(raw: Any, list_name: str, label: str, lookup: Callable[[str], str | None]) -> Fix:
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    key = shown(raw) if not isinstance(raw, str) else _text_key(raw, repairs)
    if not key:
        return Fix(None, tuple(repairs))
    found = lookup(key)
    if found is not None:
        if found != key:
            repairs = [r for r in repairs if r != "fullwidth"] + ["synonym"]
        return Fix(found, tuple(dict.fromkeys(repairs)))
    if key in _PLACEHOLDERS or key in EMPTY_WORDS.get(list_name, ()):
        return Fix(None, ("placeholder",))
    return _not_in_list(key, list_name, label)


def _not_in_list(value: str, list_name: str, label: str) -> Fix:
    values = choice_list(list_name).values
    shown = "、".join(values[:12]) + ("……" if len(values) > 12 else "")
    return _issue(
        "not_in_list",
        f"“{value}”不是“{label}”的可选值（可选：{shown}）。此项未导入，请改为列表中的值后重新导入。",
        f"“{value}” is not one of the values of {label} ({shown}). It was not imported; change it to a listed "
        "value and import again.",
    )


def clean_multi(raw: Any, list_name: str, label: str, lookup: Callable[[str], str | None]) -> Fix:
    """Several values (健康状况): any separator in, "," out, in list order."""
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    key = _text_key(shown(raw) if not isinstance(raw, str) else raw, repairs)
    parts = [p for p in re.split(r"[,，、;；/]+", key) if p]
    found: list[str] = []
    for part in parts:
        value = lookup(part)
        if value is None:
            if part in _PLACEHOLDERS:
                continue
            return _not_in_list(part, list_name, label)
        if value != part:
            repairs.append("synonym")
        found.append(value)
    if not found:
        return Fix(None, ("placeholder",))
    order = choice_list(list_name).values
    value = ",".join(sorted(set(found), key=order.index))
    return Fix(value, tuple(dict.fromkeys(r for r in repairs if r not in ("spaces", "trimmed"))))


def clean_yes_no(raw: Any) -> Fix:
    if raw is None or raw == "":
        return EMPTY
    if isinstance(raw, bool):
        return Fix(raw)
    if isinstance(raw, float | int) and raw in (0, 1):
        return Fix(bool(raw))
    repairs: list[str] = []
    key = _text_key(str(raw), repairs).lower()
    if key in _YES:
        return Fix(True, tuple(repairs) + (("synonym",) if key != "是" else ()))
    if key in _NO:
        return Fix(False, tuple(repairs) + (("synonym",) if key != "否" else ()))
    if key in _PLACEHOLDERS:
        return Fix(None, ("placeholder",))
    noted: list[str] = []
    split = _YES_NOTE.fullmatch(_without_controls(str(raw), noted).strip())
    if split:
        return Fix(split[1] in ("是", "有"), (*noted, "split_note"), note=split[2].strip())
    return _issue(
        "not_yes_no",
        f"“{shown(raw)}”应填“是”或“否”。此项未导入，请改正后重新导入。",
        f"“{shown(raw)}” should be 是 (yes) or 否 (no). It was not imported; correct it and import again.",
    )


def clean_sex(raw: Any) -> Fix:
    if raw is None or raw == "":
        return EMPTY
    key = _text_key(shown(raw), [])
    value = {"男": "男", "女": "女", "男性": "男", "女性": "女", "m": "男", "f": "女"}.get(key.lower())
    if value is None:
        return _issue("sex_invalid", f"性别“{key}”应为“男”或“女”。", f"Sex “{key}” should be 男 or 女.")
    return Fix(value)


# ---- numbers, months and dates -----------------------------------------------------------------------------


def clean_int(raw: Any, label: str, low: int = 0, high: int | None = None) -> Fix:
    """Whole numbers (元, months): "3,000元" → 3000; 2500.5 → 2501 (rounded); negative or not a number: refused."""
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    if isinstance(raw, bool):
        number: float | None = None
    elif isinstance(raw, float | int):
        number = float(raw)
    else:
        key = _text_key(str(raw), repairs).replace(",", "")
        if key in _PLACEHOLDERS:
            return Fix(None, ("placeholder",))
        bare = re.sub(r"(元/月|元/年|元|个月|月|人)$", "", key)
        if bare != key:
            repairs.append("unit_removed")
        number = float(bare) if _NUMBER.fullmatch(bare) else None
    if number is None:
        return _issue(
            "not_a_number",
            f"“{shown(raw)}”不是数字，“{label}”应填整数。此项未导入。",
            f"“{shown(raw)}” is not a number; {label} takes a whole number. It was not imported.",
        )
    value = int(number + 0.5) if number >= 0 else -int(-number + 0.5)
    if value != number:
        repairs.append("rounded")
    if value < low or (high is not None and value > high):
        limit = f"{low}–{high}" if high is not None else f"不小于{low}"
        return _issue(
            "out_of_range",
            f"“{label}”应为{limit}，这里是{shown(raw)}。此项未导入。",
            f"{label} must be {limit.replace('不小于', 'at least ')}; here it is {shown(raw)}. Not imported.",
        )
    return Fix(value, tuple(repairs))


def _serial_date(serial: float) -> date | None:
    if not 1 <= serial < 73051:  # up to 2099-12-31
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _plausible(day: date) -> bool:
    return 1900 <= day.year <= 2100


def clean_month(raw: Any, label: str) -> Fix:
    """A month as ``YYYY-MM``: "2021年3月", "2021-03", "2021/3", "202103", a date cell, an Excel serial."""
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    year = month = 0
    if isinstance(raw, datetime | date):
        day = raw.date() if isinstance(raw, datetime) else raw
        year, month = day.year, day.month
        if day.day != 1:
            repairs.append("day_dropped")
    elif isinstance(raw, float | int) and not isinstance(raw, bool):
        if 1900 <= raw < 2101:
            year = int(raw)
            digits = f"{raw:.2f}".split(".")[1]
            if digits == "10":
                return _ambiguous_month(raw, label)
            month = int(digits) if digits[1] != "0" else int(digits[0])
            if raw == year:
                return _only_year(label, raw)
            repairs.append("month_number")
        elif 190001 <= raw <= 210012 and float(raw).is_integer():
            year, month = divmod(int(raw), 100)
            repairs.append("from_number")
        elif 19000101 <= raw <= 21001231 and (day8 := _DATE8.fullmatch(shown(raw))):
            # 20230501 typed into a month column is a number cell, as it is in a date column (where it reads as
            # that day); too big for an Excel serial, it is never anything else.
            if not 1 <= int(day8[3]) <= 31:
                return _bad_month(raw, label)
            year, month = int(day8[1]), int(day8[2])
            repairs.extend(("from_number", "day_dropped"))
        else:
            serial = _serial_date(float(raw))
            if serial is None:
                return _bad_month(raw, label)
            year, month = serial.year, serial.month
            repairs.append("excel_serial")
    else:
        key = _text_key(str(raw), repairs)
        if key in _PLACEHOLDERS:
            return Fix(None, ("placeholder",))
        found = _MONTH.fullmatch(key) or _MONTH6.fullmatch(key)
        full = _DATE.fullmatch(key) or _DATE8.fullmatch(key)
        if found:
            year, month = int(found[1]), int(found[2])
        elif full:
            year, month = int(full[1]), int(full[2])
            repairs.append("day_dropped")
        elif re.fullmatch(r"[12][0-9]{3}年?", key):
            return _only_year(label, key)
        else:
            return _bad_month(raw, label)
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return _bad_month(raw, label)
    return Fix(f"{year:04d}-{month:02d}", tuple(repairs))


def _bad_month(raw: Any, label: str) -> Fix:
    return _issue(
        "bad_month",
        f"“{label}”应写成“2021年03月”或“2021-03”，这里是“{shown(raw)}”。此项未导入，请改正后重新导入。",
        f"{label} should look like 2021年03月 or 2021-03; here it is “{shown(raw)}”. Not imported.",
    )


def _only_year(label: str, raw: object) -> Fix:
    return _issue(
        "month_missing",
        f"“{label}”只有年份“{shown(raw)}”，缺少月份。请写成“2021年03月”。此项未导入。",
        f"{label} has only the year “{shown(raw)}”, no month. Write it as 2021年03月. Not imported.",
    )


def _ambiguous_month(raw: float, label: str) -> Fix:
    year = int(raw)
    return _issue(
        "month_ambiguous",
        f"“{label}”是数字{raw:g}：可能是{year}年1月，也可能是Excel把“{year}.10”存成了{raw:g}（10月）。"
        f"请改成文本“{year}年01月”或“{year}年10月”。此项未导入。",
        f"{label} is the number {raw:g}: January {year}, or October typed as {year}.10 that Excel turned into "
        f"{raw:g}? Write it as text, {year}年01月 or {year}年10月. Not imported.",
    )


def clean_date(raw: Any, label: str) -> Fix:
    """A date: a date cell, "2021-03-05", "2021/3/5", "2021年3月5日", "20210305", an Excel serial."""
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    day: date | None
    try:
        if isinstance(raw, datetime):
            day = raw.date()
        elif isinstance(raw, date):
            day = raw
        elif isinstance(raw, float | int) and not isinstance(raw, bool):
            if 1900 <= raw < 2101:
                # Not an Excel serial (those are days in 1905): "2023.5" or "2023" typed into the cell, which
                # Excel stored as a number. Read as a serial it became a day in 1905, a contract ending in 1905.
                return _day_missing(raw, label)
            text = shown(raw)
            match = _DATE8.fullmatch(text)
            if match:
                day = date(int(match[1]), int(match[2]), int(match[3]))
                repairs.append("from_number")
            else:
                day = _serial_date(float(raw))
                repairs.append("excel_serial")
        else:
            key = _text_key(str(raw), repairs)
            if key in _PLACEHOLDERS:
                return Fix(None, ("placeholder",))
            match = _DATE8.fullmatch(key)
            if match is None:
                match = _DATE.fullmatch(key)
                if match is not None and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", key):
                    repairs.append("date_text")
            day = date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        day = None
    if day is None or not _plausible(day):
        return _issue(
            "bad_date",
            f"“{label}”应写成“2021-03-05”，这里是“{shown(raw)}”，不是有效日期。此项未导入，请改正后重新导入。",
            f"{label} should look like 2021-03-05; “{shown(raw)}” is not a valid date. Not imported.",
        )
    return Fix(day, tuple(repairs))


def _day_missing(raw: float, label: str) -> Fix:
    return _issue(
        "date_day_missing",
        f"“{label}”填的是{raw:g}，只有年份或年月，没有日（Excel把它存成了数字）。请写成“2021-03-05”这样的完整日期。"
        "此项未导入，请改正后重新导入。",
        f"{label} is {raw:g}: a year or a year and month, with no day (Excel stored it as a number). Write the whole "
        "date, such as 2021-03-05. Not imported.",
    )


# ---- phones ------------------------------------------------------------------------------------------------


def clean_phone(raw: Any) -> Fix:
    """11-digit mobile numbers (spaces, dashes, +86 removed) or landlines; anything else is kept with a warning."""
    if raw is None or raw == "":
        return EMPTY
    repairs: list[str] = []
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        text = shown(raw)
        repairs.append("from_number")
    else:
        text = raw if _MOBILE.fullmatch(raw) else _text_key(str(raw), repairs)
    if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return Fix(text, tuple(repairs))
    if is_masked(text):  # from a 脱敏 list: stored, it would replace the household's real number
        return _issue(
            "phone_masked",
            f"电话号码“{text}”是脱敏的号码（部分数字用*遮住），不是完整号码。此项未导入，原有号码保持不变。",
            f"The phone number “{text}” is masked (digits hidden by *), not a whole number. Not imported; the number "
            "already recorded is kept.",
        )
    if text in _PLACEHOLDERS:
        return Fix(None, ("placeholder",))
    digits = text.replace("-", "")
    if _MOBILE.fullmatch(digits):
        return Fix(digits, (*repairs, "dashes"))
    if digits.startswith(("+86", "86")) and _MOBILE.fullmatch(digits.lstrip("+")[2:]):
        return Fix(digits.lstrip("+")[2:], (*repairs, "country_code"))
    if len(text) > 20:
        return _issue(
            "phone_invalid",
            f"电话号码“{text}”太长（可能填了多个号码）。请只填一个11位手机号。此项未导入。",
            f"The phone number “{text}” is too long (several numbers?). Enter one 11-digit mobile number. "
            "Not imported.",
        )
    count = sum(ch.isdigit() for ch in text)
    return Fix(
        text,
        tuple(repairs),
        Issue(
            "phone_invalid",
            f"电话号码“{text}”不是11位手机号（这里是{count}位数字）。已按原样导入，请核对。",
            f"The phone number “{text}” is not an 11-digit mobile number ({count} digits). Imported as it is; "
            "please check it.",
            kept=True,
        ),
    )


# ---- one place that picks the cleaner ------------------------------------------------------------------------


class Cleaners:
    """The cleaner for each field of a sheet, with a memory of repeated values (categories, dates, months)."""

    def __init__(self, today: date) -> None:
        self.ids = IdCells(today)
        self._memo: dict[str, dict[tuple[type, Any], Fix]] = {}
        self._lookups: dict[str, Callable[[str], str | None]] = {}

    def for_spec(self, spec: FieldSpec) -> Callable[[Any], Fix]:
        kind, label = spec.kind, spec.header
        if kind == "text" or kind == "site":
            return self._remembered(spec.key, clean_text)  # places, sites, employers repeat row after row
        if kind == "name":
            return clean_name
        if kind == "phone":
            return clean_phone
        if kind == "id":
            return self.ids.fix
        if kind == "hh_number":
            return clean_hh_number
        if kind == "code":
            suffixes = SUFFIXES.get(spec.column or "", ())
            return self._remembered(spec.key, lambda raw: clean_code(raw, suffixes))
        if kind in ("choice", "multi"):
            list_name = spec.choices or ""
            lookup = self._lookups.setdefault(list_name, _choice_lookup(list_name))
            clean = clean_multi if kind == "multi" else clean_choice
            return self._remembered(spec.key, lambda raw: clean(raw, list_name, label, lookup))
        if kind == "yes_no":
            return self._remembered(spec.key, clean_yes_no)
        if kind == "sex":
            return self._remembered(spec.key, clean_sex)
        if kind == "int":
            return self._remembered(spec.key, lambda raw: clean_int(raw, label))
        if kind == "months":
            return self._remembered(spec.key, lambda raw: clean_int(raw, label, 0, 12))
        if kind == "month":
            return self._remembered(spec.key, lambda raw: clean_month(raw, label))
        if kind == "date":
            return self._remembered(spec.key, lambda raw: clean_date(raw, label))
        return clean_text

    def canonical(self, spec: FieldSpec) -> dict[str, Any] | None:
        """Cell texts that are already the stored value (list values, 是/否): the reader takes them as they are."""
        if spec.kind == "choice" and spec.choices:
            return {v: v for v in choice_list(spec.choices).values}
        if spec.kind == "yes_no":
            return {"是": True, "否": False}
        if spec.kind == "sex":
            return {"男": "男", "女": "女"}
        return None

    def _remembered(self, key: str, clean: Callable[[Any], Fix]) -> Callable[[Any], Fix]:
        memo = self._memo.setdefault(key, {})

        def cached(raw: Any) -> Fix:
            # The type is part of the key: True == 1 == 1.0 hash alike but are different cells.
            slot = (raw.__class__, raw)
            found = memo.get(slot)
            if found is None:
                found = clean(raw)
                if len(memo) >= _CACHE_LIMIT:
                    memo.clear()
                memo[slot] = found
            return found

        return cached

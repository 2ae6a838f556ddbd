"""The questionnaire as an XLSForm-style workbook, for a county clerk to edit in Excel, and back.

Sheets: ``survey`` (one row per question, each section between ``begin_group`` and ``end_group`` rows, a ``form``
column naming the form), ``choices`` (list_name, name, labels) and ``settings`` (title, version and the format
stamp). Reading an edited workbook builds the new questionnaire with the same checks as loading a file, compares
it with the one it was exported from, and returns a precise change report (`forms.questionnaire_changes`), or
refuses, naming sheet, row and column, any edit that would break stored data or the program.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from .choices import ChoiceList
from .questionnaire import (
    FORM_TABLES,
    FORMAT,
    SELECT_TYPES,
    Field,
    Locator,
    Questionnaire,
    QuestionnaireError,
    from_dict,
)
from .questionnaire_changes import Change, compare
from .version import APP_VERSION

if TYPE_CHECKING:
    from .store import Store

ZH, EN = "中文 (zh)", "English (en)"
#: survey columns: (header, key in the questionnaire file, width)
SURVEY_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("type", "type", 24),
    ("name", "name", 22),
    (f"label::{ZH}", "label.zh", 26),
    (f"label::{EN}", "label.en", 30),
    (f"hint::{ZH}", "hint.zh", 30),
    (f"hint::{EN}", "hint.en", 30),
    ("required", "required", 10),
    ("relevant", "relevant", 34),
    ("constraint", "constraint", 40),
    (f"constraint_message::{ZH}", "constraint_message.zh", 30),
    (f"constraint_message::{EN}", "constraint_message.en", 30),
    ("constraint_severity", "constraint_severity", 12),
    ("read_only", "read_only", 22),
    ("calculation", "calculation", 24),
    ("default", "default", 14),
    ("form", "form", 12),
)
CHOICE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("list_name", "list_name", 20),
    ("name", "name", 26),
    (f"label::{ZH}", "label.zh", 26),
    (f"label::{EN}", "label.en", 36),
)
SETTINGS_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("form_title", "title.zh", 40),
    (f"form_title::{EN}", "title.en", 40),
    ("form_id", "form_id", 10),
    ("version", "version", 14),
    ("default_language", "default_language", 16),
    ("anju_format", "anju_format", 12),
    ("base_version", "base_version", 14),
    ("app_version", "app_version", 12),
    ("exported_from", "exported_from", 14),
)
# Which questionnaire key each builder attribute is read from, so a problem names the right column.
_KEY_COLUMNS = {"label": "label.zh", "hint": "hint.zh", "constraint_message": "constraint_message.zh"}
_KEY_COLUMNS |= {"choices": "type", "extra": "name"}
_YES, _NO = frozenset({"yes", "true", "1", "是", "y"}), frozenset({"no", "false", "0", "否", "n", ""})


@dataclass(frozen=True)
class ImportResult:
    questionnaire: Questionnaire
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


# ---- writing ------------------------------------------------------------------------------------------------


def export_xlsform(questionnaire: Questionnaire, path: Path) -> None:
    """Write the questionnaire as survey / choices / settings sheets with a frozen, styled header row."""
    book = Workbook()
    survey = book.active
    assert survey is not None  # a new workbook always has one sheet
    survey.title = "survey"
    _sheet(survey, SURVEY_COLUMNS, list(survey_rows(questionnaire)))
    choices = book.create_sheet("choices")
    rows = [
        {"list_name": name, "name": item.value, "label.zh": item.value, "label.en": item.en}
        for name, lst in questionnaire.choices.items()
        for item in lst.items
    ]
    _sheet(choices, CHOICE_COLUMNS, rows)
    settings = book.create_sheet("settings")
    _sheet(settings, SETTINGS_COLUMNS, [settings_row(questionnaire)])
    book.save(path)


def survey_rows(questionnaire: Questionnaire) -> Iterator[dict[str, str]]:
    """The survey sheet's rows, in order (also how a refusal names the row a removed question used to be on)."""
    for form in questionnaire.forms:
        for section in form.sections:
            yield {
                "type": "begin_group",
                "name": section.name,
                "label.zh": section.label.zh,
                "label.en": section.label.en,
                "relevant": section.relevant.source if section.relevant else "",
                "form": form.name,
            }
            for item in section.fields:
                yield _field_row(form.name, item)
            yield {"type": "end_group", "name": section.name, "form": form.name}


def _field_row(form: str, item: Field) -> dict[str, str]:
    row = {
        "type": f"{item.type} {item.choices}" if item.choices else item.type,
        "name": item.name,
        "label.zh": item.label.zh,
        "label.en": item.label.en,
        "required": "yes" if item.required else "",
        "constraint_severity": "" if item.constraint_severity == "error" else item.constraint_severity,
        "read_only": item.read_only.source if not isinstance(item.read_only, bool) else "yes" if item.read_only else "",
        "default": item.default or "",
        "form": form,
    }
    for key in ("hint", "constraint_message"):
        text = getattr(item, key)
        row |= {f"{key}.zh": text.zh, f"{key}.en": text.en} if text else {}
    for key in ("relevant", "constraint", "calculation"):
        expression = getattr(item, key)
        row[key] = expression.source if expression else ""
    return row


def settings_row(questionnaire: Questionnaire) -> dict[str, str]:
    return {
        "title.zh": questionnaire.title.zh,
        "title.en": questionnaire.title.en,
        "form_id": "anju",
        "version": questionnaire.version,
        "default_language": ZH,
        "anju_format": str(FORMAT),
        "base_version": questionnaire.base_version or "",
        "app_version": APP_VERSION,
        # The version the clerk edits from, kept apart from the version cell (which a clerk may change): a
        # workbook exported before the last import is refused, or it would undo that import's edits.
        "exported_from": questionnaire.version,
    }


def _sheet(sheet: Worksheet, columns: tuple[tuple[str, str, int], ...], rows: list[dict[str, str]]) -> None:
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for number, (header, _key, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number, value=header)
        cell.font, cell.fill = Font(bold=True), header_fill
        sheet.column_dimensions[get_column_letter(number)].width = width
    for row_number, row in enumerate(rows, start=2):
        for number, (_header, key, _width) in enumerate(columns, start=1):
            value = row.get(key, "")
            if value == "":
                continue
            cell = sheet.cell(row=row_number, column=number, value=value)
            if value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if row.get("type") in ("begin_group", "end_group"):
                cell.font = Font(bold=True, color="1F4E78")
        sheet.cell(row=row_number, column=1).alignment = Alignment(vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


# ---- reading ----------------------------------------------------------------------------------------------------


class _Sheet:
    """One sheet read as rows of text keyed by questionnaire key, remembering each row's number."""

    def __init__(self, path: Path, book: Any, name: str, columns: tuple[tuple[str, str, int], ...]) -> None:
        # Excel users retitle sheets: “Survey” or “ survey” is still the survey sheet.
        found = next((title for title in book.sheetnames if title.strip().lower() == name), None)
        self.name = found or name
        if found is None:
            present = "、".join(f"“{title}”" for title in book.sheetnames)
            raise QuestionnaireError(
                str(path),
                [
                    (
                        f"缺少工作表“{name}”（工作簿中有：{present}）。如果改过工作表名，请改回“{name}”；"
                        "否则请使用安居导出的工作簿修改。",
                        f"the sheet “{name}” is missing (the workbook has: {present.replace('、', ', ')}). If a sheet "
                        f"was renamed, rename it back to “{name}”; otherwise edit a workbook exported by Anju.",
                    )
                ],
                imported=True,
            )
        rows = list(book[found].iter_rows(values_only=True))
        header = [_cell(v) for v in rows[0]] if rows else []
        # Match headers loosely: case and spaces do not matter, and "label::中文" is "label::中文 (zh)".
        known = {h.lower().replace(" ", ""): key for h, key, _w in columns}
        known |= {h.lower().replace(" ", "").split("(")[0]: key for h, key, _w in columns if "(" in h}
        self.columns: dict[str, int] = {}
        for index, text in enumerate(header):
            key = known.get(text.lower().replace(" ", ""))
            if key is not None and key not in self.columns:
                self.columns[key] = index
        self.headers = {key: (header[i], get_column_letter(i + 1)) for key, i in self.columns.items()}
        self.rows: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(rows[1:], start=2):
            row = {key: _cell(values[i]) if i < len(values) else "" for key, i in self.columns.items()}
            if any(row.values()):
                self.rows.append((number, row))

    def where(self, row: int | None, key: str | None) -> tuple[str, str]:
        zh, en = f"工作表 {self.name}", f"sheet {self.name}"
        if row:
            zh, en = f"{zh} 第 {row} 行", f"{en}, row {row}"
        if key in self.headers:
            header, letter = self.headers[key]
            zh, en = f"{zh}“{header}”列（{letter}）", f"{en}, column “{header}” ({letter})"
        return zh, en


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class _WorkbookLocator(Locator):
    """Where things are in the edited workbook, and where removed ones were when ``base`` was exported."""

    def __init__(self, survey: _Sheet, choices: _Sheet, settings: _Sheet, base: Questionnaire) -> None:
        self.survey, self.choices, self.settings = survey, choices, settings
        self.field_rows: dict[tuple[str, int], int] = {}
        self.section_rows: dict[tuple[str, int], int] = {}
        self.choice_rows: dict[tuple[str, int], int] = {}
        self.new: Questionnaire | None = None
        self.old_field_rows = {
            (row["form"], row["name"]): number
            for number, row in enumerate(survey_rows(base), start=2)
            if row["type"] not in ("begin_group", "end_group")
        }
        items = [(name, item.value) for name, lst in base.choices.items() for item in lst.items]
        self.old_choice_rows = {item: number for number, item in enumerate(items, start=2)}

    def field_at(self, form: str, name: str, key: str | None) -> tuple[str, str]:
        names = [item.name for item in self.new.form(form).fields] if self.new else []
        return self.field(form, names.index(name) if name in names else -1, name, key)

    def removed_field(self, form: str, name: str) -> tuple[str, str]:
        zh, en = self.survey.where(None, None)
        row = self.old_field_rows.get((form, name))
        return f"{zh}（导出时在第 {row} 行）", f"{en} (row {row} when exported)"

    def removed_choice(self, list_name: str, value: str) -> tuple[str, str]:
        zh, en = self.choices.where(None, None)
        row = self.old_choice_rows.get((list_name, value))
        return f"{zh}（导出时在第 {row} 行）", f"{en} (row {row} when exported)"

    def field(self, form: str, index: int, name: str, key: str | None) -> tuple[str, str]:
        return self.survey.where(self.field_rows.get((form, index)), _KEY_COLUMNS.get(key or "", key))

    def section(self, form: str, index: int, name: str, key: str | None) -> tuple[str, str]:
        return self.survey.where(self.section_rows.get((form, index)), _KEY_COLUMNS.get(key or "", key))

    def choice(self, list_name: str, index: int | None, key: str | None) -> tuple[str, str]:
        row = self.choice_rows.get((list_name, index)) if index is not None else None
        return self.choices.where(row, "name" if key == "value" else key)

    def top(self, key: str) -> tuple[str, str]:
        if key in ("version", "title"):
            return self.settings.where(2, "version" if key == "version" else "title.zh")
        zh, en = self.survey.where(None, None)
        return f"{zh}（表单 {key}）" if key in FORM_TABLES else zh, f"{en} (form {key})" if key in FORM_TABLES else en


def import_xlsform(
    path: Path, base: Questionnaire, *, store: Store | None = None, today: date | None = None
) -> ImportResult:
    """Read a county-edited workbook exported from ``base``: the new questionnaire and what changed.

    Raises QuestionnaireError naming sheet, row and column for a malformed workbook, and for an edit that would
    break stored data or the program (see `forms.questionnaire_changes`); with ``store`` it also refuses to
    remove a choice value that records still hold.
    """
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise QuestionnaireError(str(path), [("找不到这个文件。", "the file does not exist.")], imported=True) from None
    except InvalidFileException:  # openpyxl refuses by the name's ending (.xls, .csv, .db …) before reading
        raise QuestionnaireError(
            str(path),
            [
                (
                    "不是 Excel 工作簿（.xlsx）。请选择用 anju questionnaire export 导出并修改过的工作簿；"
                    "旧的 .xls 请在 Excel 中另存为 .xlsx。",
                    "not an Excel workbook (.xlsx). Pick the workbook exported with anju questionnaire export and "
                    "edited; save an old .xls as .xlsx in Excel first.",
                )
            ],
            imported=True,
        ) from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise QuestionnaireError(
            str(path),
            [(f"不是可读取的 Excel 工作簿（.xlsx）：{exc}", f"not a readable Excel workbook (.xlsx): {exc}")],
            imported=True,
        ) from None
    try:
        survey = _Sheet(path, book, "survey", SURVEY_COLUMNS)
        choices = _Sheet(path, book, "choices", CHOICE_COLUMNS)
        settings = _Sheet(path, book, "settings", SETTINGS_COLUMNS)
    finally:
        book.close()
    locator = _WorkbookLocator(survey, choices, settings, base)
    problems: list[tuple[str, str]] = []
    raw = _raw_questionnaire(base, locator, problems)
    if problems:
        raise QuestionnaireError(str(path), problems, imported=True)
    try:
        new = from_dict(raw, source=str(path), locator=locator)
    except QuestionnaireError as exc:
        raise QuestionnaireError(str(path), exc.problems, imported=True) from None
    locator.new = new
    result = compare(base, new, locator, store=store, today=today or date.today())
    if result.problems:
        raise QuestionnaireError(str(path), result.problems, imported=True)
    return ImportResult(result.questionnaire, result.changes)


_Complain = Callable[[tuple[str, str], str, str], None]


def _raw_questionnaire(base: Questionnaire, loc: _WorkbookLocator, problems: list[tuple[str, str]]) -> dict[str, Any]:
    def bad(where: tuple[str, str], zh: str, en: str) -> None:
        problems.append((f"{where[0]}：{zh}", f"{where[1]}: {en}"))

    for key in ("type", "name", "label.zh", "form"):
        if key not in loc.survey.columns:
            bad(loc.survey.where(1, None), f"缺少“{key}”列。", f"the “{key}” column is missing.")
    for key in ("list_name", "name"):
        if key not in loc.choices.columns:
            bad(loc.choices.where(1, None), f"缺少“{key}”列。", f"the “{key}” column is missing.")
    settings = loc.settings.rows[0][1] if loc.settings.rows else {}
    stamp = settings.get("anju_format", "")
    if not stamp.isdigit() or int(stamp) > FORMAT:
        bad(
            loc.settings.where(2, "anju_format"),
            f"格式版本“{stamp}”不是本程序能读的（{FORMAT}）。请用本程序导出的工作簿修改，或先升级安居。",
            f"format “{stamp}” is not one this program reads ({FORMAT}). Edit a workbook this program exported, "
            "or upgrade Anju.",
        )
    if problems:
        return {}
    source = _stale_source(settings, base)
    if source is not None:
        bad(
            loc.settings.where(2, "exported_from" if settings.get("exported_from") else "version"),
            f"这个工作簿是从问卷 {source} 导出的，而本数据库的问卷现在是 {base.version}（之后又导入过修改）。照这个"
            "工作簿导入会撤销那些修改。请先导出当前问卷（anju questionnaire export），在新导出的工作簿里重新修改。",
            f"this workbook was exported from questionnaire {source}, but the database's questionnaire is now "
            f"{base.version} (edits were imported since). Importing it would undo them. Export the current "
            "questionnaire (anju questionnaire export) and make the edits in that workbook.",
        )
        return {}
    forms: dict[str, list[dict[str, Any]]] = {form.name: [] for form in base.forms}
    _read_survey(base, loc, forms, bad)
    return {
        "format": FORMAT,
        "version": settings.get("version", ""),
        "base_version": settings.get("base_version") or None,
        "title": {"zh": settings.get("title.zh", ""), "en": settings.get("title.en", "")},
        "forms": [
            {"name": f.name, "label": {"zh": f.label.zh, "en": f.label.en}, "sections": forms[f.name]}
            for f in base.forms
        ],
        "choices": _read_choices(base, loc, bad),
    }


def _stale_source(settings: Mapping[str, str], base: Questionnaire) -> str | None:
    """The version a workbook was exported from, when that is an earlier questionnaire than ``base``."""
    source = settings.get("exported_from", "")
    if source:
        return None if source == base.version else source
    # Exported by a program that did not write where it came from: its version cell, when that names an earlier
    # version of this questionnaire (a clerk who sets a version of their own writes a new one).
    version = settings.get("version", "")
    if not version or version == base.version:
        return None
    if version == base.base_version:
        return version
    root, stamp, number = _version_parts(version)
    base_root, base_stamp, base_number = _version_parts(base.version)
    return version if root == base_root and (stamp, number) < (base_stamp, base_number) else None


def _version_parts(version: str) -> tuple[str, str, int]:
    """``2025.1+20250601.2`` → ("2025.1", "20250601", 2), as `forms.questionnaire_changes` makes them."""
    root, _, suffix = version.partition("+")
    stamp, _, number = suffix.partition(".")
    return root, stamp, int(number) if number.isdigit() else (1 if stamp else 0)


def _read_survey(
    base: Questionnaire, loc: _WorkbookLocator, forms: dict[str, list[dict[str, Any]]], bad: _Complain
) -> None:
    section: dict[str, Any] | None = None
    section_form = ""
    counts = dict.fromkeys(forms, 0)
    for number, row in loc.survey.rows:
        kind, form = row.get("type", "").strip(), row.get("form", "").strip()
        if kind == "begin_group":
            if section is not None:
                bad(
                    loc.survey.where(number, "type"),
                    "上一节还没有 end_group 就开始了新的一节。",
                    "a section starts before the previous one ended.",
                )
            if form not in forms:
                bad(
                    loc.survey.where(number, "form"),
                    f"表单应为 {'、'.join(forms)} 之一。",
                    f"form must be one of {', '.join(forms)}.",
                )
                section = None
                continue
            section, section_form = {"name": row.get("name", ""), "label": _lang(row, "label"), "fields": []}, form
            if row.get("relevant"):
                section["relevant"] = row["relevant"]
            loc.section_rows[(form, len(forms[form]))] = number
            forms[form].append(section)
        elif kind == "end_group":
            if section is None:
                bad(loc.survey.where(number, "type"), "多余的 end_group。", "an end_group without a begin_group.")
            section = None
        elif section is None:
            bad(
                loc.survey.where(number, "type"),
                "这一行不在任何一节（begin_group … end_group）之内。",
                "this row is outside any section (begin_group … end_group).",
            )
        elif form and form != section_form:
            bad(
                loc.survey.where(number, "form"),
                f"这一行在表单“{section_form}”的一节里，form 列却是“{form}”。",
                f"this row is inside a section of form “{section_form}” but its form column says “{form}”.",
            )
        else:
            raw = _raw_field(base, section_form, row, number, loc, bad)
            loc.field_rows[(section_form, counts[section_form])] = number
            counts[section_form] += 1
            section["fields"].append(raw)
    if section is not None:
        bad(loc.survey.where(None, "type"), "最后一节缺少 end_group。", "the last section has no end_group.")


def _raw_field(
    base: Questionnaire, form: str, row: dict[str, str], number: int, loc: _WorkbookLocator, bad: _Complain
) -> dict[str, Any]:
    # split() also takes the full-width space a Chinese input method types: “select_one　relation”.
    kind, _, list_name = " ".join(row.get("type", "").split()).partition(" ")
    raw: dict[str, Any] = {"name": row.get("name", ""), "type": kind}
    if list_name.strip() or kind in SELECT_TYPES:
        raw["choices"] = list_name.strip() or None
    raw["label"] = _lang(row, "label")
    for key in ("hint", "constraint_message"):
        if row.get(f"{key}.zh") or row.get(f"{key}.en"):
            raw[key] = _lang(row, key)
    for key in ("relevant", "constraint", "calculation", "default"):
        if row.get(key):
            raw[key] = row[key]
    raw["required"] = _yes_no(row.get("required", ""), loc.survey.where(number, "required"), bad)
    read_only = row.get("read_only", "")
    raw["read_only"] = (
        _yes_no(read_only, loc.survey.where(number, "read_only"), bad) if read_only.lower() in _YES | _NO else read_only
    )
    raw["constraint_severity"] = row.get("constraint_severity") or "error"
    columns = base.form(form).columns
    raw["extra"] = raw["name"] not in columns and kind != "note" and not raw.get("calculation")
    return raw


def _yes_no(text: str, where: tuple[str, str], bad: _Complain) -> bool:
    if text.lower() in _YES:
        return True
    if text.lower() not in _NO:
        bad(where, f"“{text}”应为 yes 或留空。", f"“{text}” should be yes or empty.")
    return False


def _list_head(known: ChoiceList) -> dict[str, Any]:
    return {"label": known.label, "en": known.en, "proposed": known.proposed, "multiple": known.multiple} | {
        "note": known.note
    }


def _lang(row: dict[str, str], key: str) -> dict[str, str]:
    return {"zh": row.get(f"{key}.zh", ""), "en": row.get(f"{key}.en", "")}


def _read_choices(base: Questionnaire, loc: _WorkbookLocator, bad: _Complain) -> dict[str, Any]:
    lists: dict[str, dict[str, Any]] = {}
    for number, row in loc.choices.rows:
        name, value, label = row.get("list_name", ""), row.get("name", ""), row.get("label.zh", "")
        if label and label != value:
            bad(
                loc.choices.where(number, "label.zh"),
                f"中文标签“{label}”与 name“{value}”不同。选项的中文就是数据库中保存的值，两者须相同；"
                "要改名请新增一个选项。",
                f"the 中文 label “{label}” differs from the name “{value}”. The 中文 text is the stored value, so they "
                "must match; to rename, add a new item.",
            )
        if name not in lists:
            known = base.choices.get(name)  # a new list (for a county question) is labelled by its name
            lists[name] = {"label": name, "en": name} if known is None else _list_head(known)
            lists[name]["items"] = []
        body = lists[name]
        loc.choice_rows[(name, len(body["items"]))] = number
        body["items"].append({"value": value, "en": row.get("label.en") or value})
    return lists

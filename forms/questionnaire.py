"""The questionnaire as data (DESIGN.md §3): forms, sections in paper order, and fields with their checks.

The packaged questionnaire is ``resources/forms/questionnaire.json``. A county may edit it (through an XLSForm
workbook, `forms.xlsform`); the edited one is kept in the database settings under ``"questionnaire"`` and
`load_active` prefers it. File format, one JSON object::

    {"format": 1, "version": "2025.1", "title": {"zh": …, "en": …},
     "forms": [{"name": "member", "label": {…}, "sections": [{"name": …, "label": {…}, "relevant"?: expr,
                "fields": [{"name": "job_intent_note", "type": "text", "label": {"zh": …, "en": …},
                            "relevant": "${job_intent} = 'yes'", …}]}]}],
     "choices"?: {list name: {"label": …, "items": [{"value": …, "en": …}]}}}

A field's ``name`` is a column of its form's record (`forms.records`), or a county question kept in the record's
``extra`` JSON (``"extra": true``), or a value computed for display only (it has a ``calculation``). Without
``choices`` the lists come from ``choices.json``; a county-edited questionnaire carries its own.

Loading checks everything a typo could break and refuses with a message naming the file, the form and the field:
an unknown field or attribute, a bad expression (with the character), a reference to an unknown field, a missing
choice list, a duplicate name, an unknown type, a type that does not fit the column. The checks a form's fields
make on a record's answers are in `forms.fieldchecks`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, Integer, String, delete

from .choices import Choice, ChoiceList, all_lists
from .errors import AnjuError
from .expressions import Expression, ExpressionError, parse
from .findings import Severity
from .records import MODEL_BY_TABLE, Setting, Synced
from .resources import resource_path

if TYPE_CHECKING:
    from .store import Store

FORMAT = 1  # the structure of questionnaire files and settings; a newer one is refused
SETTING_KEY = "questionnaire"
FORM_TABLES: dict[str, str] = {
    "household": "households",
    "member": "members",
    "employment": "employments",
    "visit": "visits",
    "measure": "measures",
}
#: Types of question. ``site`` and ``member`` pick a record (a site; a member of this household).
FIELD_TYPES: tuple[str, ...] = (
    *("text", "integer", "decimal", "date", "month", "select_one", "select_multiple", "yes_no"),
    *("id_number", "phone", "note", "site", "member"),
)
SELECT_TYPES = frozenset({"select_one", "select_multiple"})
# Which questionnaire types may sit on which kind of column.
_COLUMN_KINDS: tuple[tuple[type, frozenset[str]], ...] = (
    (Boolean, frozenset({"yes_no"})),
    (Integer, frozenset({"integer"})),
    (Date, frozenset({"date"})),
    (String, frozenset({"text", "month", "select_one", "select_multiple", "id_number", "phone", "site", "member"})),
)
# Columns the program keeps itself: links to the parent record, workflow state, derived values.
_NOT_QUESTIONS: dict[str, frozenset[str]] = {
    "households": frozenset({"status", "void_reason"}),
    "members": frozenset({"household_id"}),
    "employments": frozenset({"member_id"}),
    "visits": frozenset({"household_id"}),
    "measures": frozenset({"household_id"}),
}
_FIELD_KEYS = frozenset(
    {"name", "type", "choices", "label", "hint", "required", "relevant", "read_only", "calculation", "default"}
    | {"constraint", "constraint_message", "constraint_severity", "extra"}
)
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


class QuestionnaireError(AnjuError):
    """A questionnaire that cannot be used; ``problems`` lists each one as (中文, English), naming where it is."""

    def __init__(self, source: str, problems: list[tuple[str, str]], *, imported: bool = False) -> None:
        shown = problems[:20]
        more = len(problems) - len(shown)
        done_zh, done_en = ("导入", "imported") if imported else ("加载", "loaded")
        zh = f"问卷“{source}”有 {len(problems)} 处问题，未能{done_zh}。请逐条改正后重试：\n"
        zh += "\n".join(p[0] for p in shown)
        en = f"The questionnaire “{source}” has {len(problems)} problem(s) and was not {done_en}. Fix each and retry:\n"
        en += "\n".join(p[1] for p in shown)
        if more:
            zh, en = zh + f"\n……另有 {more} 处", en + f"\n… and {more} more"
        super().__init__(zh, en)
        self.source = source
        self.problems = problems


# ---- the model -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    zh: str
    en: str


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: Text
    hint: Text | None = None
    choices: str | None = None  # list name, for select types
    required: bool = False  # checked only while the field is relevant
    relevant: Expression | None = None
    read_only: bool | Expression = False  # derived fields (sex, birth date from the ID) are read-only
    calculation: Expression | None = None
    default: str | None = None
    constraint: Expression | None = None
    constraint_message: Text | None = None
    constraint_severity: Severity = "error"
    extra: bool = False  # a county question stored in the record's ``extra`` JSON


@dataclass(frozen=True)
class Section:
    name: str
    label: Text
    fields: tuple[Field, ...]
    relevant: Expression | None = None


@dataclass(frozen=True)
class Form:
    name: str
    label: Text
    sections: tuple[Section, ...]

    @property
    def table(self) -> str:
        return FORM_TABLES[self.name]

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for section in self.sections for f in section.fields)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field:
        return self.by_name[name]

    @cached_property
    def columns(self) -> frozenset[str]:
        return frozenset(MODEL_BY_TABLE[self.table].__table__.columns.keys())

    def on_column(self, item: Field) -> bool:
        """Whether answers to this field are a column of the record (loading made sure extras and notes are not)."""
        return item.name in self.columns

    def stored(self, item: Field) -> bool:
        """Whether answers are kept at all: on a column or in ``extra`` (not a note or a display-only value)."""
        return item.extra or self.on_column(item)


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: Text
    forms: tuple[Form, ...]
    choices: Mapping[str, ChoiceList]
    base_version: str | None = None  # the packaged version a county edit started from

    def form(self, name: str) -> Form:
        for form in self.forms:
            if form.name == name:
                return form
        raise KeyError(f"no form named {name!r}; forms: {', '.join(f.name for f in self.forms)}")

    @cached_property
    def choice_values(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(lst.values) for name, lst in self.choices.items()}

    def to_dict(self, *, with_choices: bool = True) -> dict[str, Any]:
        raw: dict[str, Any] = {"format": FORMAT, "version": self.version}
        if self.base_version is not None:
            raw["base_version"] = self.base_version
        raw["title"] = _text_dict(self.title)
        raw["forms"] = [_form_dict(form) for form in self.forms]
        if with_choices:
            raw["choices"] = {name: _list_dict(lst) for name, lst in self.choices.items()}
        return raw


# ---- where a problem is --------------------------------------------------------------------------------------


class Locator:
    """Names the place of a problem for the person fixing it; `forms.xlsform` names sheet, row and column."""

    def field(self, form: str, index: int, name: str, key: str | None) -> tuple[str, str]:
        return _place(f"表单“{form}”第 {index + 1} 个字段“{name}”", f"form “{form}”, field {index + 1} “{name}”", key)

    def section(self, form: str, index: int, name: str, key: str | None) -> tuple[str, str]:
        return _place(f"表单“{form}”第 {index + 1} 节“{name}”", f"form “{form}”, section {index + 1} “{name}”", key)

    def choice(self, list_name: str, index: int | None, key: str | None) -> tuple[str, str]:
        item = f"第 {index + 1} 项" if index is not None else ""
        item_en = f", item {index + 1}" if index is not None else ""
        return f"选项列表“{list_name}”{item}", f"choice list “{list_name}”{item_en}"

    def top(self, key: str) -> tuple[str, str]:
        return f"“{key}”", f"“{key}”"


def _place(zh: str, en: str, key: str | None) -> tuple[str, str]:
    return (f"{zh}的“{key}”", f"{en}, “{key}”") if key else (zh, en)


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, where: tuple[str, str], zh: str, en: str) -> None:
        self.items.append((f"{where[0]}：{zh}", f"{where[1]}: {en}"))


# ---- reading ----------------------------------------------------------------------------------------------------


def from_dict(raw: Any, *, source: str, locator: Locator | None = None) -> Questionnaire:
    """Build and check a questionnaire; raise QuestionnaireError listing every problem found."""
    loc = locator or Locator()
    problems = _Problems()
    if not isinstance(raw, Mapping):
        raise QuestionnaireError(source, [("文件内容应为一个 JSON 对象。", "The file must hold one JSON object.")])
    stamp = raw.get("format", FORMAT)
    if not isinstance(stamp, int) or stamp > FORMAT:
        newer = f"这份问卷的格式版本 {stamp} 比本程序新（{FORMAT}）。请先升级安居。"
        raise QuestionnaireError(
            source, [(newer, f"Its format {stamp} is newer than this program's ({FORMAT}); upgrade Anju.")]
        )
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.add(loc.top("version"), "缺少问卷版本号。", "the questionnaire version is missing.")
    title = _text(raw.get("title"), loc.top("title"), problems, required=True)
    lists = all_lists() if raw.get("choices") is None else _choice_lists(raw["choices"], loc, problems)
    forms = _forms(raw.get("forms"), loc, problems, lists)
    if problems.items:
        raise QuestionnaireError(source, problems.items)
    base = raw.get("base_version")
    return Questionnaire(str(version), title or Text("", ""), forms, lists, str(base) if base else None)


def _forms(raw: Any, loc: Locator, problems: _Problems, lists: Mapping[str, ChoiceList]) -> tuple[Form, ...]:
    if not isinstance(raw, list):
        problems.add(loc.top("forms"), "应为表单列表。", "must be a list of forms.")
        return ()
    forms: list[Form] = []
    for body in raw:
        name = body.get("name") if isinstance(body, Mapping) else None
        if name not in FORM_TABLES or any(f.name == name for f in forms):
            problems.add(
                loc.top("forms"),
                f"表单“{name}”不认识或重复；表单应为 {'、'.join(FORM_TABLES)} 各一个。",
                f"form “{name}” is unknown or repeated; the forms are one each of {', '.join(FORM_TABLES)}.",
            )
            continue
        forms.append(_form(str(name), body, loc, problems, lists))
    missing = [name for name in FORM_TABLES if name not in {f.name for f in forms}]
    if missing:
        problems.add(loc.top("forms"), f"缺少表单：{'、'.join(missing)}。", f"forms missing: {', '.join(missing)}.")
    return tuple(forms)


def _form(
    name: str, body: Mapping[str, Any], loc: Locator, problems: _Problems, lists: Mapping[str, ChoiceList]
) -> Form:
    sections: list[Section] = []
    index, complete = 0, True
    for number, section in enumerate(body.get("sections") or []):
        section_name = str(section.get("name", "")) if isinstance(section, Mapping) else ""
        where = loc.section(name, number, section_name, None)
        if not isinstance(section, Mapping) or not NAME.fullmatch(section_name):
            problems.add(where, "每节需要一个英文名 name。", "each section needs a name (letters, digits, _).")
            continue
        label = _text(section.get("label"), loc.section(name, number, section_name, "label"), problems, required=True)
        relevant = _expression(section.get("relevant"), loc.section(name, number, section_name, "relevant"), problems)
        fields: list[Field] = []
        for raw_field in section.get("fields") or []:
            built = _field(raw_field, name, index, loc, problems, lists)
            index += 1
            if built is None:
                complete = False
            else:
                fields.append(built)
        sections.append(Section(section_name, label or Text("", ""), tuple(fields), relevant))
    label = _text(body.get("label"), loc.top(f"{name}.label"), problems, required=True)
    form = Form(name, label or Text("", ""), tuple(sections))
    if complete:  # with a question missing, the positions the cross-field checks would name are off
        _check_form(form, loc, problems)
    return form


def _field(
    raw: Any, form: str, index: int, loc: Locator, problems: _Problems, lists: Mapping[str, ChoiceList]
) -> Field | None:
    name = str(raw.get("name", "")) if isinstance(raw, Mapping) else ""

    def where(key: str | None) -> tuple[str, str]:
        return loc.field(form, index, name, key)

    if not isinstance(raw, Mapping) or not NAME.fullmatch(name):
        problems.add(where("name"), "字段名应由英文字母、数字和下划线组成。", "a name is letters, digits and _.")
        return None
    for key in raw:
        if key not in _FIELD_KEYS:
            problems.add(where(key), f"不认识的属性“{key}”，是否拼写错误？", f"unknown attribute “{key}”; a typo?")
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        problems.add(where("type"), f"未知的题型“{kind}”；可用：{'、'.join(FIELD_TYPES)}。", f"unknown type “{kind}”.")
        return None
    choices = raw.get("choices")
    if kind in SELECT_TYPES and not choices:
        problems.add(where("choices"), f"请写明选项列表，如 {kind} relation。", f"name the list, e.g. {kind} relation.")
    elif kind in SELECT_TYPES and choices not in lists:
        problems.add(
            where("choices"),
            f"找不到选项列表“{choices}”。请在 choices 中添加它，或改用已有的列表。",
            f"there is no choice list “{choices}”; add it to the choices or use an existing list.",
        )
    elif kind not in SELECT_TYPES and choices is not None:
        problems.add(where("choices"), "只有单选、多选题才有选项列表。", "only select questions have a choice list.")
    elif kind == "select_one" and raw.get("default") not in (None, "", *lists[str(choices)].values):
        problems.add(where("default"), "默认值不在选项列表中。", "the default is not one of the choices.")
    severity = raw.get("constraint_severity", "error")
    if severity not in ("error", "warning"):
        problems.add(where("constraint_severity"), "应为 error 或 warning。", "must be error or warning.")
    read_only_raw = raw.get("read_only", False)
    read_only = (
        read_only_raw if isinstance(read_only_raw, bool) else _expression(read_only_raw, where("read_only"), problems)
    )
    built = Field(
        name=name,
        type=str(kind),
        label=_text(raw.get("label"), where("label"), problems, required=True) or Text("", ""),
        hint=_text(raw.get("hint"), where("hint"), problems),
        choices=str(choices) if kind in SELECT_TYPES else None,
        required=_flag(raw, "required", where, problems),
        relevant=_expression(raw.get("relevant"), where("relevant"), problems),
        read_only=read_only if read_only is not None else False,
        calculation=_expression(raw.get("calculation"), where("calculation"), problems),
        default=str(raw["default"]) if raw.get("default") not in (None, "") else None,
        constraint=_expression(raw.get("constraint"), where("constraint"), problems),
        constraint_message=_text(raw.get("constraint_message"), where("constraint_message"), problems),
        constraint_severity="warning" if severity == "warning" else "error",
        extra=_flag(raw, "extra", where, problems),
    )
    return _place_on_record(built, FORM_TABLES[form], where, problems)


def _place_on_record(
    built: Field, table: str, where: Callable[[str | None], tuple[str, str]], problems: _Problems
) -> Field:
    """Check the field against its record's columns: a column of the right type, an extra question, or neither."""
    model: type[Synced] = MODEL_BY_TABLE[table]
    column = model.__table__.columns.get(built.name)
    reserved = model.SYNC_FIELDS | model.DERIVED_FIELDS | _NOT_QUESTIONS[table] | {"extra"}
    if built.name in reserved:
        problems.add(
            where("name"),
            f"“{built.name}”由程序自己维护，不能作为问卷字段。请换一个字段名。",
            f"“{built.name}” is kept by the program itself and cannot be a question; use another name.",
        )
    elif column is not None and (built.extra or built.type == "note"):
        problems.add(
            where("name"),
            f"“{built.name}”与 {table} 记录的字段同名，不能是附加问题或说明。请换一个字段名。",
            f"“{built.name}” is a column of {table}; an extra question or note needs another name.",
        )
    elif column is None and not built.extra and built.type != "note" and built.calculation is None:
        problems.add(
            where("name"),
            f"“{built.name}”不是 {table} 记录的字段。县里新增的问题请标记 extra: true；否则请检查拼写。",
            f"“{built.name}” is not a column of {table}. Mark a county question extra: true, or fix the spelling.",
        )
    elif column is not None:
        kinds = next((k for cls, k in _COLUMN_KINDS if isinstance(column.type, cls)), frozenset())
        if built.type not in kinds:
            problems.add(
                where("type"),
                f"题型 {built.type} 与记录字段 {built.name} 的存储类型不符；可用：{'、'.join(sorted(kinds))}。",
                f"type {built.type} does not fit the column {built.name}; use one of {', '.join(sorted(kinds))}.",
            )
    return built


def _check_form(form: Form, loc: Locator, problems: _Problems) -> None:
    seen: set[str] = set()
    names = {f.name for f in form.fields if f.type != "note"}
    for index, item in enumerate(form.fields):
        if item.name in seen:
            problems.add(loc.field(form.name, index, item.name, "name"), "字段名重复。", "the name is used twice.")
        seen.add(item.name)
        for key in ("relevant", "constraint", "calculation", "read_only"):
            expr = getattr(item, key)
            if not isinstance(expr, Expression):
                continue
            _check_references(expr, names, loc.field(form.name, index, item.name, key), problems)
            if key == "calculation" and item.name in expr.references:
                problems.add(loc.field(form.name, index, item.name, key), "计算式不能引用自身。", "refers to itself.")
    for number, section in enumerate(form.sections):
        if section.relevant is not None:
            _check_references(
                section.relevant, names, loc.section(form.name, number, section.name, "relevant"), problems
            )
        if section.name in {s.name for s in form.sections[:number]}:
            problems.add(
                loc.section(form.name, number, section.name, "name"), "节名重复。", "the section name is used twice."
            )
    model = MODEL_BY_TABLE[form.table]
    for column in model.__table__.columns:
        needed = not column.nullable and column.default is None and column.key not in model.SYNC_FIELDS
        if needed and column.key not in _NOT_QUESTIONS[form.table]:
            question = form.by_name.get(column.key)
            if question is None or not question.required or question.relevant is not None:
                problems.add(
                    loc.top(form.name),
                    f"记录必须有“{column.key}”，问卷中它应是始终必填的字段。",
                    f"records cannot be saved without “{column.key}”; it must be an always-required question.",
                )


def _check_references(expression: Expression, names: set[str], where: tuple[str, str], problems: _Problems) -> None:
    for ref in sorted(expression.references - names):
        problems.add(
            where,
            f"表达式引用了本表单中不存在的字段 ${{{ref}}}，请检查拼写。",
            f"the expression refers to ${{{ref}}}, which is not a field of this form; check the spelling.",
        )


def _text(raw: Any, where: tuple[str, str], problems: _Problems, *, required: bool = False) -> Text | None:
    if raw is None or raw == {} or (isinstance(raw, Mapping) and not raw.get("zh") and not raw.get("en")):
        if required:
            problems.add(where, "缺少中文和英文标签。", "the 中文 and English labels are missing.")
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("zh", ""), str) or not isinstance(raw.get("en", ""), str):
        problems.add(where, '应写成 {"zh": "中文", "en": "English"}。', 'write it as {"zh": "…", "en": "…"}.')
        return None
    zh, en = str(raw.get("zh", "")).strip(), str(raw.get("en", "")).strip()
    if required and not zh:
        problems.add(where, "缺少中文标签。", "the 中文 label is missing.")
    return Text(zh, en or zh)


def _expression(raw: Any, where: tuple[str, str], problems: _Problems) -> Expression | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        problems.add(where, "表达式应为文字。", "an expression must be text.")
        return None
    try:
        return parse(raw.strip())
    except ExpressionError as exc:
        problems.add(where, exc.zh, exc.en)
        return None


def _flag(
    raw: Mapping[str, Any], key: str, where: Callable[[str | None], tuple[str, str]], problems: _Problems
) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        problems.add(where(key), "应为 true 或 false。", "must be true or false.")
        return False
    return value


def _choice_lists(raw: Any, loc: Locator, problems: _Problems) -> dict[str, ChoiceList]:
    if not isinstance(raw, Mapping):
        problems.add(loc.top("choices"), "应为以列表名为键的对象。", "must be an object of lists by name.")
        return {}
    lists: dict[str, ChoiceList] = {}
    for name, body in raw.items():
        items = body.get("items") if isinstance(body, Mapping) else None
        if not isinstance(items, list) or not items or not isinstance(body.get("label"), str):
            problems.add(
                loc.choice(name, None, None), "需要标签和至少一个选项。", "needs a label and one item or more."
            )
            continue
        values: list[Choice] = []
        for index, item in enumerate(items):
            value = str(item.get("value", "")).strip() if isinstance(item, Mapping) else ""
            if not value or "," in value or value in {c.value for c in values}:
                problems.add(
                    loc.choice(name, index, "value"),
                    "选项值为空、含逗号或重复。",
                    "the value is empty, holds a comma or is repeated.",
                )
                continue
            values.append(Choice(value, str(item.get("en") or value)))
        lists[str(name)] = ChoiceList(
            name=str(name),
            label=str(body["label"]),
            en=str(body.get("en", name)),
            items=tuple(values),
            proposed=bool(body.get("proposed", False)),
            multiple=bool(body.get("multiple", False)),
            note=str(body.get("note", "")),
        )
    return lists


def load_file(path: Path) -> Questionnaire:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QuestionnaireError(str(path), [(f"无法读取：{exc}", f"cannot be read: {exc}")]) from exc
    return from_dict(raw, source=str(path))


@lru_cache(maxsize=1)
def load_packaged() -> Questionnaire:
    """The questionnaire shipped with the program (read once)."""
    return load_file(resource_path("forms", "questionnaire.json"))


def load_active(store: Store) -> Questionnaire:
    """The county-edited questionnaire held in the database, or the packaged one when there is none."""
    stored = store.get_setting(SETTING_KEY)
    if stored is None:
        return load_packaged()
    return from_dict(stored, source=f"{store.path}（设置 settings: {SETTING_KEY}）")


def save_active(store: Store, questionnaire: Questionnaire) -> None:
    """Make this the database's questionnaire (with its own choice lists, so later program lists do not leak in)."""
    store.set_setting(SETTING_KEY, questionnaire.to_dict())


def reset_active(store: Store) -> None:
    """Go back to the packaged questionnaire."""
    # Store has no delete_setting, and a None value is refused by the settings table (value NOT NULL).
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        conn.execute(delete(Setting).where(Setting.key == SETTING_KEY))


# ---- writing ----------------------------------------------------------------------------------------------------


def _text_dict(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def _form_dict(form: Form) -> dict[str, Any]:
    sections = []
    for section in form.sections:
        body: dict[str, Any] = {"name": section.name, "label": _text_dict(section.label)}
        if section.relevant is not None:
            body["relevant"] = section.relevant.source
        body["fields"] = [field_dict(f) for f in section.fields]
        sections.append(body)
    return {"name": form.name, "label": _text_dict(form.label), "sections": sections}


def field_dict(item: Field) -> dict[str, Any]:
    """A field in the file format, leaving out what is at its default."""
    raw: dict[str, Any] = {"name": item.name, "type": item.type}
    if item.choices is not None:
        raw["choices"] = item.choices
    raw["label"] = _text_dict(item.label)
    for key in ("hint", "constraint_message"):
        value = getattr(item, key)
        if value is not None:
            raw[key] = _text_dict(value)
    for key in ("relevant", "calculation", "constraint"):
        value = getattr(item, key)
        if value is not None:
            raw[key] = value.source
    if item.required:
        raw["required"] = True
    if item.read_only is not False:
        raw["read_only"] = item.read_only if isinstance(item.read_only, bool) else item.read_only.source
    if item.default is not None:
        raw["default"] = item.default
    if item.constraint_severity != "error":
        raw["constraint_severity"] = item.constraint_severity
    if item.extra:
        raw["extra"] = True
    return raw


def _list_dict(lst: ChoiceList) -> dict[str, Any]:
    raw: dict[str, Any] = {"label": lst.label, "en": lst.en}
    raw |= {key: True for key in ("proposed", "multiple") if getattr(lst, key)}
    if lst.note:
        raw["note"] = lst.note
    raw["items"] = [{"value": item.value, "en": item.en} for item in lst.items]
    return raw

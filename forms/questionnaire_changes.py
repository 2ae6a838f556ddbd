"""What a county's edit of the questionnaire changed, and which edits are refused because they would break data.

Allowed, and reported one by one (form, field, what, old → new, in 中文 and English): labels, hints, required,
relevant, constraints and their messages, read-only, defaults, added questions (kept in ``extra``), removed
county questions, moved questions and sections, added choices and their English glosses.

Refused, naming where: removing or renaming a question stored in a record column, changing its type or choice
list (or a county question's, once records hold answers to it), and removing a choice value that records still
hold (counted in the database), that an expression tests, or that the program's rules depend on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import text

from .questionnaire import Field, Form, Questionnaire, Section, Text

if TYPE_CHECKING:
    from .store import Store

#: Choice values the rules are written against (DESIGN.md §4); a county may add values but not remove these.
RULE_VALUES: dict[str, frozenset[str]] = {
    "labour_skill": frozenset({"普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"}),
    # The forms the labour rule may count as employed (农业生产经营 only where the county says so).
    "employment_form": frozenset({"外出务工", "县内务工", "就业帮扶车间", "乡村公益性岗位", "灵活就业", "以工代赈"})
    | {"自主创业(含返乡创业)", "农业生产经营"},
    "place_scope": frozenset({"县内", "省内县外", "省外", "国外"}),
    "relation": frozenset({"户主"}),
    "id_type": frozenset({"居民身份证", "残疾人证"}),
    "household_status": frozenset({"草稿", "已完成", "已审核", "退回", "作废"}),
}
# What each compared attribute is called, for the report.
_ATTRIBUTES: tuple[tuple[str, str, str], ...] = (
    ("label.zh", "中文标签", "label (中文)"),
    ("label.en", "英文标签", "label (English)"),
    ("hint.zh", "中文提示", "hint (中文)"),
    ("hint.en", "英文提示", "hint (English)"),
    ("required", "必填", "required"),
    ("relevant", "显示条件", "relevant"),
    ("constraint", "约束条件", "constraint"),
    ("constraint_message.zh", "中文约束提示", "constraint message (中文)"),
    ("constraint_message.en", "英文约束提示", "constraint message (English)"),
    ("constraint_severity", "约束级别", "constraint severity"),
    ("read_only", "只读", "read only"),
    ("calculation", "计算式", "calculation"),
    ("default", "默认值", "default"),
    ("type", "题型", "type"),
    ("choices", "选项列表", "choice list"),
)


class Places(Protocol):
    """Names where something is, or was, in the edited file (sheet, row, column)."""

    def field_at(self, form: str, name: str, key: str | None) -> tuple[str, str]: ...
    def removed_field(self, form: str, name: str) -> tuple[str, str]: ...
    def removed_choice(self, list_name: str, value: str) -> tuple[str, str]: ...


@dataclass(frozen=True)
class Change:
    form: str  # form name; "choices" for a choice list; "settings" for the title and version
    name: str  # field, section or list name
    what: str  # stable code: added, removed, moved, section, label.zh, required, choice_added, version …
    old: str
    new: str
    zh: str
    en: str


@dataclass(frozen=True)
class Comparison:
    questionnaire: Questionnaire
    changes: tuple[Change, ...]
    problems: list[tuple[str, str]]


def compare(base: Questionnaire, new: Questionnaire, places: Places, *, store: Store | None, today: date) -> Comparison:
    """The changes from ``base`` to ``new``, the problems that refuse them, and ``new`` with its version set."""
    report = _Report()
    for old_form in base.forms:
        _compare_form(old_form, new.form(old_form.name), places, store, report)
    _compare_choices(base, new, places, store, report)
    settings = ("设置", "settings")
    if new.title != base.title:
        report.add("settings", "form_title", "title", base.title.zh, new.title.zh, ("标题", "title"), settings)
    if new.version != base.version:
        report.add("settings", "version", "version", base.version, new.version, ("版本", "version"), settings)
    elif report.changes:
        # Batches carry the questionnaire version, so two different questionnaires must never share one.
        version = _next_version(base.version, today)
        report.add(
            "settings", "version", "version", base.version, version, ("版本（自动）", "version (auto)"), settings
        )
        new = dataclasses.replace(new, version=version)
    if report.changes:
        new = dataclasses.replace(new, base_version=base.base_version or base.version)
    return Comparison(new, tuple(report.changes), report.problems)


def _next_version(old: str, today: date) -> str:
    """``2025.1`` → ``2025.1+20250601``; a second edit the same day → ``2025.1+20250601.2``, then ``.3`` …"""
    root, _, suffix = old.partition("+")
    stamp = f"{today:%Y%m%d}"
    if not suffix.startswith(stamp):
        return f"{root}+{stamp}"
    number = suffix.partition(".")[2]
    return f"{root}+{stamp}.{int(number) + 1 if number.isdigit() else 2}"


class _Report:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.problems: list[tuple[str, str]] = []

    def add(
        self,
        form: str,
        name: str,
        what: str,
        old: str,
        new: str,
        called: tuple[str, str],
        where: tuple[str, str],
        *,
        blank: tuple[str, str] = ("（空）", "(empty)"),
    ) -> None:
        """One change, said as “where: what old → new”; ``blank`` is how an empty value reads."""
        zh_old, zh_new = (f"“{v}”" if v else blank[0] for v in (old, new))
        en_old, en_new = (f"“{v}”" if v else blank[1] for v in (old, new))
        zh = f"{where[0]}：{called[0]} {zh_old} → {zh_new}"
        self.changes.append(Change(form, name, what, old, new, zh, f"{where[1]}: {called[1]} {en_old} → {en_new}"))

    def refuse(self, where: tuple[str, str], zh: str, en: str) -> None:
        self.problems.append((f"{where[0]}：{zh}", f"{where[1]}: {en}"))


def _question(form: Form, name: str, label: Text) -> tuple[str, str]:
    return f"{form.label.zh}·“{label.zh}”（{name}）", f"{form.label.en}, “{label.en}” ({name})"


def _attribute(item: Field, key: str) -> str:
    head, _, lang = key.partition(".")
    value = getattr(item, head)
    if lang:
        return str(getattr(value, lang)) if value is not None else ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if value is None:
        return ""
    return str(getattr(value, "source", value))


def _compare_form(old: Form, new: Form, places: Places, store: Store | None, report: _Report) -> None:
    for item in old.fields:
        if item.name in new.by_name:
            continue
        if old.on_column(item):
            report.refuse(
                places.removed_field(old.name, item.name),
                f"问题“{item.name}”（{item.label.zh}）不见了。它保存在数据库记录中，不能删除或改名；请把这一行恢复原样。",
                f"the question “{item.name}” ({item.label.en}) is gone. It is stored in the records and cannot be "
                "removed or renamed; restore the row as it was.",
            )
        else:
            kept = ("（已填的答案仍保留在记录中）", "(answers already given stay in the records)")
            report.add(
                old.name,
                item.name,
                "removed",
                item.label.zh,
                "",
                ("删除" + kept[0], "removed " + kept[1]),
                _question(old, item.name, item.label),
            )
    for item in new.fields:
        where = _question(new, item.name, item.label)
        before = old.by_name.get(item.name)
        if before is None:
            stored = ("存入附加字段", "kept in extra") if item.extra else ("不保存", "not stored")
            if new.on_column(item):
                stored = ("存入记录字段", "on its column")
            report.add(
                new.name, item.name, "added", "", item.type, (f"新增（{stored[0]}）", f"added ({stored[1]})"), where
            )
            continue
        for key, what_zh, what_en in _ATTRIBUTES:
            was, now = _attribute(before, key), _attribute(item, key)
            if was == now:
                continue
            if key in ("type", "choices") and old.on_column(before):
                report.refuse(
                    places.field_at(new.name, item.name, "type"),
                    f"“{item.name}”保存在数据库记录中，{what_zh}不能从“{was}”改为“{now}”；请改回原样。",
                    f"“{item.name}” is stored in the records; its {what_en} cannot change from “{was}” to “{now}”. "
                    "Change it back.",
                )
            elif key in ("type", "choices") and before.extra and (count := _answered(store, old, before)):
                # Answers given to the old type or list would no longer fit: hidden in the editor, errors everywhere.
                report.refuse(
                    places.field_at(new.name, item.name, "type"),
                    f"“{item.name}”已有 {count} 条记录填写了答案，{what_zh}不能从“{was}”改为“{now}”；请改回原样。"
                    "要换题型或选项列表，请另加一个问题（换一个 name）。",
                    f"{count} record(s) hold answers to “{item.name}”; its {what_en} cannot change from “{was}” to "
                    f"“{now}”. Change it back; for another type or list, add a new question (a new name).",
                )
            else:
                report.add(new.name, item.name, key, was, now, (what_zh, what_en), where)
    _compare_sections(old, new, report)
    _compare_order(old, new, report)


def _compare_sections(old: Form, new: Form, report: _Report) -> None:
    def where(section: Section) -> tuple[str, str]:
        return (
            f"{old.label.zh}·节“{section.label.zh}”（{section.name}）",
            f"{old.label.en}, section “{section.label.en}” ({section.name})",
        )

    old_sections = {s.name: s for s in old.sections}
    new_names = {s.name for s in new.sections}
    for section in old.sections:
        if section.name not in new_names:
            report.add(
                old.name,
                section.name,
                "section_removed",
                section.name,
                "",
                ("删除一节", "section removed"),
                where(section),
            )
    for section in new.sections:
        before = old_sections.get(section.name)
        if before is None:
            report.add(
                new.name, section.name, "section_added", "", section.name, ("新增一节", "section added"), where(section)
            )
            continue
        for key, called in (("zh", ("节标题", "section title")), ("en", ("节英文标题", "section title (English)"))):
            was, now = getattr(before.label, key), getattr(section.label, key)
            if was != now:
                report.add(new.name, section.name, f"section_label.{key}", was, now, called, where(section))
        if _source(before) != _source(section):
            called = ("节显示条件", "section relevant")
            report.add(
                new.name, section.name, "section_relevant", _source(before), _source(section), called, where(section)
            )
    section_of = {item.name: s.name for s in old.sections for item in s.fields}
    for section in new.sections:
        for item in section.fields:
            if item.name in section_of and section_of[item.name] != section.name:
                called = ("所在节", "section")
                report.add(
                    new.name,
                    item.name,
                    "section",
                    section_of[item.name],
                    section.name,
                    called,
                    _question(new, item.name, item.label),
                )


def _compare_order(old: Form, new: Form, report: _Report) -> None:
    # Report only the questions that were moved, not every question they pushed along: the ones outside the
    # longest run kept in the same relative order.
    old_order = [f.name for f in old.fields if f.name in new.by_name]
    new_order = [f.name for f in new.fields if f.name in old.by_name]
    matcher = SequenceMatcher(a=old_order, b=new_order, autojunk=False)
    kept = {new_order[block.b + i] for block in matcher.get_matching_blocks() for i in range(block.size)}
    for name in new_order:
        if name not in kept:
            was, now = old_order.index(name), new_order.index(name)
            after_old = old_order[was - 1] if was else ""
            after_new = new_order[now - 1] if now else ""
            called = ("位置（前一个问题）", "position (the question before it)")
            where = _question(new, name, new.field(name).label)
            report.add(new.name, name, "moved", after_old, after_new, called, where, blank=("（最前）", "(first)"))


def _source(section: Section) -> str:
    return section.relevant.source if section.relevant else ""


def _compare_choices(
    base: Questionnaire, new: Questionnaire, places: Places, store: Store | None, report: _Report
) -> None:
    for name, old_list in base.choices.items():
        where = (f"选项列表“{old_list.label}”（{name}）", f"choice list “{old_list.en}” ({name})")
        new_list = new.choices.get(name)
        new_items = {item.value: item for item in new_list.items} if new_list else {}
        for item in old_list.items:
            if item.value in new_items:
                if new_items[item.value].en != item.en:
                    called = (f"选项“{item.value}”的英文", f"English of “{item.value}”")
                    report.add("choices", name, "choice_en", item.en, new_items[item.value].en, called, where)
                continue
            uses = _uses(base, new, store, name, item.value)
            if uses:
                report.refuse(
                    places.removed_choice(name, item.value),
                    f"不能删除列表“{name}”的选项“{item.value}”：{'；'.join(u[0] for u in uses)}。请恢复这一行。",
                    f"the item “{item.value}” of list “{name}” cannot be removed: "
                    f"{'; '.join(u[1] for u in uses)}. Restore the row.",
                )
            else:
                report.add("choices", name, "choice_removed", item.value, "", ("删除选项", "item removed"), where)
        if new_list is None:
            continue
        for item in new_list.items:
            if item.value not in old_list.values:
                report.add("choices", name, "choice_added", "", item.value, ("新增选项", "item added"), where)
        kept_new = [v for v in new_list.values if v in old_list.values]
        kept_old = [v for v in old_list.values if v in new_items]
        if kept_new != kept_old:
            report.add(
                "choices", name, "choice_order", "、".join(kept_old), "、".join(kept_new), ("选项顺序", "order"), where
            )
    for name in new.choices.keys() - base.choices.keys():
        where = (f"选项列表“{name}”", f"choice list “{name}”")
        values = "、".join(new.choices[name].values)
        report.add("choices", name, "list_added", "", values, ("新增列表", "list added"), where)


def _uses(
    base: Questionnaire, new: Questionnaire, store: Store | None, list_name: str, value: str
) -> list[tuple[str, str]]:
    """Why a choice value must stay: the rules use it, an expression tests it, or records hold it."""
    uses: list[tuple[str, str]] = []
    if value in RULE_VALUES.get(list_name, frozenset()):
        uses.append(("程序的核查规则要用到它", "the program's rules depend on it"))
    for form in new.forms:
        for item in form.fields:
            for key in ("relevant", "constraint", "calculation", "read_only"):
                expression = getattr(item, key)
                if hasattr(expression, "string_literals") and value in expression.string_literals():
                    uses.append(
                        (
                            f"表单 {form.name} 问题“{item.name}”的 {key} 用到了它",
                            f"the {key} of “{item.name}” in form {form.name} tests it",
                        )
                    )
    if store is not None:
        for form in base.forms:
            for item in form.fields:
                if item.choices == list_name and form.stored(item):
                    count = _count_records(store, form, item, value)
                    if count:
                        uses.append(
                            (
                                f"数据库中 {count} 条记录（{form.table}.{item.name}）在用",
                                f"{count} record(s) hold it ({form.table}.{item.name})",
                            )
                        )
    return uses


def _answered(store: Store | None, form: Form, item: Field) -> int:
    """How many records (deleted ones too: they can be restored) hold an answer to a county question."""
    if store is None:
        return 0
    # The name is a checked extra name (letters, digits and _), never free text from the workbook.
    column = f"json_extract(extra, '$.{item.name}')"
    with store.engine.connect() as conn:
        found = conn.execute(text(f"SELECT count(*) FROM \"{form.table}\" WHERE coalesce({column}, '') != ''"))
        return int(found.scalar_one())


def _count_records(store: Store, form: Form, item: Field, value: str) -> int:
    # Names come from the checked questionnaire (column names, or extra names of letters, digits and _), never
    # from the workbook's free text; the value is a bound parameter. Deleted records count: they can be restored.
    column = f'"{item.name}"' if form.on_column(item) else f"json_extract(extra, '$.{item.name}')"
    if item.type == "select_multiple":
        condition, needle = f"instr(',' || {column} || ',', :needle) > 0", f",{value},"
    else:
        condition, needle = f"{column} = :needle", value
    with store.engine.connect() as conn:
        found = conn.execute(text(f'SELECT count(*) FROM "{form.table}" WHERE {condition}'), {"needle": needle})
        return int(found.scalar_one())

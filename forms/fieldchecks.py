"""Field checks from the questionnaire (DESIGN.md §4): required, type, choice and constraint, on one record.

The editor re-runs them on every keystroke, so they work on the parsed expressions the questionnaire already
holds and touch no database. As in XLSForm, a field whose ``relevant`` is false is skipped and counts as empty
for the fields after it, and a constraint is checked only on a field that has an answer.

Record and household rules (one 户主, 零就业 …) are not here: they are code, in the rules module.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from .expressions import NO_WORDS, YES_WORDS, Context, Expression, ExpressionError, Value, to_number
from .findings import Finding, Severity
from .journal import is_iso_date
from .questionnaire import SELECT_TYPES, Field, Form, Questionnaire
from .records import MODEL_BY_TABLE

_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])", re.ASCII)
_INTEGER = re.compile(r"\s*-?[0-9]+\s*", re.ASCII)
_DECIMAL = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*", re.ASCII)
_ID_CHARS = re.compile(r"[0-9A-Za-z]+", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


@dataclass
class FormState:
    """What the editor shows for one record: which fields are relevant and read-only, and computed values."""

    relevant: dict[str, bool] = field(default_factory=dict)
    read_only: dict[str, bool] = field(default_factory=dict)
    computed: dict[str, Value] = field(default_factory=dict)


def field_findings(
    questionnaire: Questionnaire,
    form_name: str,
    values: Mapping[str, object],
    *,
    record_id: str,
    household_id: str | None,
    today: date,
) -> list[Finding]:
    """Every field problem of one record. ``values`` are the answers by field name (extra answers flat or under
    ``"extra"``); ``today`` is the survey date that ``today()`` and ``age()`` use."""
    run = _Run(questionnaire, questionnaire.form(form_name), values, today, record_id, household_id)
    for item, relevant, answer in run.walk():
        if not relevant or item.type == "note":
            continue
        if _is_empty(answer):
            if item.required:
                run.report(item, "field.required", "error", f"“{item.label.zh}”必须填写。", f"{_en(item)} is required.")
            continue
        if item.calculation is None and not run.type_ok(item, answer):
            continue  # a constraint on an answer of the wrong kind would only repeat the type problem
        if item.constraint is not None:
            run.context.current = run.values[item.name]
            if not run.holds(item, item.constraint, default=True):
                message = item.constraint_message
                zh = message.zh if message else f"“{item.label.zh}”不符合要求（{item.constraint.source}），请核对。"
                en = message.en if message else f"{_en(item)} does not meet “{item.constraint.source}”; check it."
                run.report(item, "field.constraint", item.constraint_severity, zh, en)
    return run.findings


def form_state(questionnaire: Questionnaire, form_name: str, values: Mapping[str, object], *, today: date) -> FormState:
    """Relevance, read-only state and computed values of every field, for the editor to show or hide them."""
    run = _Run(questionnaire, questionnaire.form(form_name), values, today, "", None)
    state = FormState()
    for item, relevant, _answer in run.walk():
        state.relevant[item.name] = relevant
        read_only = item.read_only
        if isinstance(read_only, Expression):
            run.context.current = run.values.get(item.name, "")
            read_only = run.holds(item, read_only, default=True)
        state.read_only[item.name] = read_only
        if item.calculation is not None:
            computed = run.values.get(item.name, "")
            state.computed[item.name] = "" if _is_nan(computed) else computed  # age() of no birth date is NaN
    return state


class _Run:
    """One pass over a form: answers converted once, then each field in paper order."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        form: Form,
        values: Mapping[str, object],
        today: date,
        record_id: str,
        household_id: str | None,
    ) -> None:
        self.questionnaire = questionnaire
        self.form = form
        self.record_id = record_id
        self.household_id = household_id
        extra = values.get("extra")
        extras: Mapping[str, object] = extra if isinstance(extra, Mapping) else {}
        self.answers: dict[str, object] = {}
        for item in form.fields:
            answer = values.get(item.name)
            self.answers[item.name] = extras.get(item.name) if answer is None and item.extra else answer
        self.values: dict[str, Value] = {n: _expression_value(form.by_name[n], a) for n, a in self.answers.items()}
        self.context = Context(self.values, today)
        self.findings: list[Finding] = []

    def walk(self) -> Iterator[tuple[Field, bool, object]]:
        for section in self.form.sections:
            self.context.current = ""
            section_on = section.relevant is None or self.holds(None, section.relevant, default=True)
            for item in section.fields:
                self.context.current = self.values.get(item.name, "")
                if item.calculation is not None:
                    computed = self.evaluate(item, item.calculation)
                    self.values[item.name] = computed
                    self.answers[item.name] = None if computed == "" or _is_nan(computed) else computed
                relevant = section_on and (item.relevant is None or self.holds(item, item.relevant, default=True))
                if not relevant:
                    self.values[item.name] = ""  # XLSForm: a skipped question counts as unanswered
                yield item, relevant, self.answers.get(item.name)

    def evaluate(self, item: Field | None, expression: Expression) -> Value:
        try:
            return expression.evaluate_in(self.context)
        except ExpressionError as exc:
            name = item.label.zh if item else "本节"
            self.report(
                item,
                "field.expression",
                "error",
                f"“{name}”的检查条件无法计算：{exc.zh} 请县级管理员修改问卷。",
                f"The check on {_en(item) if item else 'this section'} could not run: {exc.en} "
                "Ask the county administrator to fix the questionnaire.",
            )
            return ""

    def holds(self, item: Field | None, expression: Expression, *, default: bool) -> bool:
        try:
            return expression.is_true(self.context)
        except ExpressionError:
            self.evaluate(item, expression)  # reports it
            return default  # when in doubt, show the field and do not claim it is wrong

    def type_ok(self, item: Field, answer: object) -> bool:
        if item.type in SELECT_TYPES:
            return self._choices_ok(item, answer)
        problem = _type_problem(self.form.table, item, answer)
        if problem is not None:
            self.report(item, "field.type", "error", *problem)
        return problem is None

    def _choices_ok(self, item: Field, answer: object) -> bool:
        parts = _parts(answer) if item.type == "select_multiple" else [str(answer).strip()]
        allowed = self.questionnaire.choice_values.get(item.choices or "", frozenset())
        wrong = [part for part in parts if part not in allowed]
        if wrong:
            shown = "、".join(wrong)
            self.report(
                item,
                "field.choice",
                "error",
                f"“{item.label.zh}”的“{shown}”不在选项中，请从列表中选择。",
                f"{_en(item)}: “{shown}” is not one of the choices; pick from the list.",
            )
        return not wrong

    def report(self, item: Field | None, code: str, severity: Severity, zh: str, en: str) -> None:
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                zh=zh,
                en=en,
                record_table=self.form.table,
                record_id=self.record_id,
                household_id=self.household_id,
                fields=(item.name,) if item else (),
            )
        )


def _en(item: Field) -> str:
    return f"“{item.label.en}”"


def _is_empty(answer: object) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    return isinstance(answer, list | tuple | set | frozenset) and not answer


def _is_nan(value: Value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _parts(answer: object) -> list[str]:
    if isinstance(answer, list | tuple | set | frozenset):
        return [str(part).strip() for part in answer if str(part).strip()]
    return [part.strip() for part in str(answer).split(",") if part.strip()]


def _expression_value(item: Field, answer: object) -> Value:
    """The answer as expressions see it: '' when empty, yes/no as a boolean, dates and months as ISO text."""
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, int | float):
        return answer
    if isinstance(answer, Decimal):
        return float(answer)
    if isinstance(answer, datetime):
        return answer.date().isoformat()
    if isinstance(answer, date):
        return answer.isoformat()
    if isinstance(answer, list | tuple | set | frozenset):
        return ",".join(_parts(answer))
    text = str(answer).strip()
    if item.type == "yes_no" and text.lower() in YES_WORDS | NO_WORDS:
        return text.lower() in YES_WORDS
    if item.type in ("integer", "decimal") and _DECIMAL.fullmatch(text):
        return to_number(text)
    return text


def _type_problem(table: str, item: Field, answer: object) -> tuple[str, str] | None:
    """(中文, English) when the answer is not what the field's type holds."""
    kind = item.type
    ok = True
    if kind == "integer":
        ok = (isinstance(answer, int) and not isinstance(answer, bool)) or bool(
            isinstance(answer, str) and _INTEGER.fullmatch(answer)
        )
    elif kind == "decimal":
        if isinstance(answer, int | float | Decimal) and not isinstance(answer, bool):
            ok = isinstance(answer, int) or math.isfinite(answer)
        else:
            ok = isinstance(answer, str) and bool(_DECIMAL.fullmatch(answer))
    elif kind == "date":
        ok = isinstance(answer, date) or (isinstance(answer, str) and is_iso_date(answer.strip()))
    elif kind == "month":
        ok = isinstance(answer, str) and bool(_MONTH.fullmatch(answer.strip()))
    elif kind == "yes_no":
        ok = isinstance(answer, bool) or str(answer).strip().lower() in YES_WORDS | NO_WORDS
    elif kind == "id_number":
        ok = isinstance(answer, str) and bool(_ID_CHARS.fullmatch(answer.strip()))
    elif kind == "phone":
        ok = isinstance(answer, str) and bool(_DIGITS.fullmatch(answer.strip()))
    if not ok:
        zh, en = _TYPE_WORDS[kind]
        return f"“{item.label.zh}”应填写{zh}，现在是“{answer}”。", f"{_en(item)} should be {en}, not “{answer}”."
    limit = _max_length(table, item.name)
    if limit is not None and isinstance(answer, str) and len(answer.strip()) > limit:
        return (
            f"“{item.label.zh}”最多 {limit} 个字，现在有 {len(answer.strip())} 个，请缩短。",
            f"{_en(item)} holds at most {limit} characters, not {len(answer.strip())}; shorten it.",
        )
    return None


_TYPE_WORDS: dict[str, tuple[str, str]] = {
    "integer": ("整数", "a whole number"),
    "decimal": ("数字", "a number"),
    "date": ("日期（如 2024-05-01）", "a date such as 2024-05-01"),
    "month": ("年月（如 2024-05）", "a month such as 2024-05"),
    "yes_no": ("“是”或“否”", "yes or no"),
    "id_number": ("证件号码（只含数字和字母）", "an ID number (digits and letters only)"),
    "phone": ("电话号码（只含数字）", "a phone number (digits only)"),
}


@lru_cache(maxsize=512)
def _max_length(table: str, name: str) -> int | None:
    column = MODEL_BY_TABLE[table].__table__.columns.get(name)
    length = getattr(column.type, "length", None) if column is not None else None
    return length if isinstance(length, int) else None


def record_values(form: Form, row: Mapping[str, object]) -> dict[str, object]:
    """The answers of a stored record as the editor hands them to `field_findings`: its columns (without the sync
    bookkeeping, the derived values and the ``extra`` JSON itself), and the extra questions of ``form`` from that
    JSON, dates among them read as dates where they are ISO dates. ``row`` maps column names to the values
    SQLAlchemy reads (dates as dates, yes/no as booleans)."""
    model = MODEL_BY_TABLE[form.table]
    skip = model.SYNC_FIELDS | model.DERIVED_FIELDS
    values = {k: v for k, v in row.items() if k not in skip and k != "extra"}
    extra = row.get("extra")
    if isinstance(extra, Mapping) and extra:
        for item in form.fields:
            if item.extra and item.name in extra:
                value = extra[item.name]
                if item.type == "date" and isinstance(value, str):
                    with contextlib.suppress(ValueError):
                        value = date.fromisoformat(value)
                values[item.name] = value
    return values

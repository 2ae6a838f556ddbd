"""Sheet rows → row drafts: each data row cleaned cell by cell into member, household and spell values.

A `RowDraft` keeps the row as read (for the error workbook), the values to store, the columns whose value could
not be taken (an existing record keeps its own there), and the row's problems. Rows that are not data — blank
rows, a repeated header, the column-number row some templates have under the header, the rows under the table
(合计, 共计, 填报人/审核人, 注：) — are recorded as such and never imported.

The 务工 columns of a roster (就业形式, 务工地域, 务工所在地, 务工企业名称, 务工时间（月）, 就业渠道, 公益性岗位类型 …)
make the member's current spell. National exports often have no 开始时间: the start is then estimated from
务工时间（月） (months worked this year, up to the survey month) and the row says so; such a spell is matched on
re-import by its 就业形式 among the member's ongoing spells, so the estimate never moves an existing start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from ..rules.member_rules import NO_ID_NUMBER
from .fixes import EMPTY, Fix
from .outcome import ImportResult, Problem, Severity, SheetReport
from .reader import Cell, Table, is_empty
from .repair import Cleaners

WELFARE_POST = "乡村公益性岗位"
_TOTAL_WORDS = ("合计", "总计", "小计", "汇总", "共计")
#: What a 台账's rows under the table begin with: its totals, its signature line (填报人：… 审核人：…) and its notes.
#: Such a row is no person, and was reported as one (“证件号码里有不能出现的字符「填」”), so the list of problems
#: of a roster with no problem was never empty and never deleted.
_FOOTER_WORDS = (
    *_TOTAL_WORDS,
    *("填报人", "填表人", "制表人", "审核人", "负责人", "经办人", "统计人"),
    *("填报单位", "填报日期", "制表日期", "填表日期"),
    *("注：", "注:", "说明：", "说明:"),
)  # fmt: skip
#: The first characters of `_FOOTER_WORDS`: a first cell beginning with none of them is no footer (one C call).
_FOOTER_FIRST = tuple(dict.fromkeys(word[0] for word in _FOOTER_WORDS))
_ORGANISED = ("有组织", "组织输出", "劳务输出", "政府组织", "劳务公司", "劳务协作")
_SELF = ("自主", "自行", "亲友", "自己", "个人", "自谋")
#: Note columns filled from a "是，电焊工" cell when they are empty.
_NOTE_OF = {"job_intent": "job_intent_note", "training_intent": "training_intent_note", "trained": "trained_note"}


@dataclass
class SpellDraft:
    values: dict[str, Any]  # Employment columns given (form and start_month always)
    columns: frozenset[str]  # the columns this spell sets on a matched spell
    start_estimated: bool = False


@dataclass(slots=True)
class RowDraft:
    sheet: str
    row: int  # Excel row number
    index: int  # 0-based row index in the sheet
    line: list[Cell]
    member: dict[str, Any] = field(default_factory=dict)  # every member column of the sheet (None when empty)
    household: dict[str, Any] = field(default_factory=dict)  # household columns taken (shared by a family's rows)
    bad: set[str] = field(default_factory=set)  # member columns given but not taken: the stored value stays
    spells: list[SpellDraft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    ric: str | None = None
    head_ric: str | None = None
    hh_number: str | None = None
    site_name: str | None = None
    site_code: str | None = None
    keys: tuple[str | None, str | None, tuple[str, ...] | None] | None = None  # (户编号, 户主证件号码, address)
    #: the 0-based index of the row above whose household cells this row took (its own were blank), if any
    household_from: int | None = None
    #: the 户编号 of the family this row joined by its 户主证件号码 or flat, its own 户编号 being blank (`group_rows`)
    joined_number: str | None = None

    @property
    def name(self) -> str | None:
        value = self.member.get("name")
        return value if isinstance(value, str) else None

    @property
    def relation(self) -> str | None:
        value = self.member.get("relation")
        return value if isinstance(value, str) else None


@dataclass
class SheetRows:
    table: Table
    report: SheetReport
    drafts: list[RowDraft]
    member_columns: frozenset[str]
    household_columns: frozenset[str]
    #: (0-based row, column) → the household cell imported for that row where the row said otherwise (its family's
    #: first row's): the list of problems shows it, so that list imported again as it is changes nothing
    household_kept: dict[tuple[int, int], Cell] = field(default_factory=dict)


def _is_footer(text: str) -> bool:
    """Whether a row's first cell begins a footer row: “合计”, also spaced out to fill the cell as forms write it
    (“合　　计”), “共计：3户12人”, “填报人：”, “注：”."""
    head = text.lstrip()
    return head.startswith(_FOOTER_FIRST) and "".join(head.split()).startswith(_FOOTER_WORDS)


class _HouseholdCells:
    """One family's household cells, cleaned: household columns, and the keys and site they name."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.site_name: str | None = None
        self.site_code: str | None = None
        self.hh_number: str | None = None
        self.head_ric: str | None = None

    def take(self, column: str, value: Any) -> None:
        if column == "site":
            self.site_name = value
        elif column == "site_code":
            self.site_code = value
        elif column == "hh_number":
            self.hh_number = value
        elif column == "head_id":
            self.head_ric = str(value)[:18] if value else None
        elif column != "head_name":
            self.values[column] = value


_MISSING = object()
#: How often `RowReader.read` reports the rows it has read.
CHECKED_EVERY = 5000
#: Texts remembered per member column (bounds memory on a sheet of unique names and phones).
_TAKEN_LIMIT = 100_000
_ODD = frozenset("13579")
_SEXES = frozenset(("男", "女"))
_NO_RESIDENT_ID = frozenset(("其他", NO_ID_NUMBER))
_KEYS = frozenset(("site", "site_code", "hh_number", "head_id", "head_name"))


class _Plan:
    """A table's columns by record, each with its cleaner: built once per sheet, used for every row."""

    def __init__(self, table: Table, cleaners: Cleaners) -> None:
        Cols = list[tuple[int, str, Callable[[Any], Fix], str]]
        #: (index, column, cleaner, header, taken): ``taken`` maps a text cell already known to be taken as it
        #: is to its value (list values as stored, then every clean cell met), so a repeated cell costs one lookup
        self.member: list[tuple[int, str, Callable[[Any], Fix], str, dict[str, Any]]] = []
        self.household: Cols = []
        self.spell: Cols = []
        self.checks: Cols = []
        self.id_cell: tuple[int, Callable[[Any], Fix], str] | None = None
        for c in table.mapping.columns:
            spec = c.spec
            if spec is None or spec.record == "ignore":
                continue
            entry = (c.index, spec.column or "", cleaners.for_spec(spec), c.header)
            if spec.key == "member.id_number":
                self.id_cell = (c.index, entry[2], c.header)  # judged after 证件类型, wherever that column is
            elif spec.record == "member":
                # An empty cell is None; list values are stored as they are written.
                taken: dict[Any, Any] = {"": None, None: None, **(cleaners.canonical(spec) or {})}
                self.member.append((*entry, taken))
            elif spec.record in ("household", "group"):
                self.household.append(entry)
            elif spec.record == "spell":
                self.spell.append(entry)
            elif spec.record == "check":
                self.checks.append(entry)
        self.member_defaults: dict[str, Any] = {entry[1]: None for entry in self.member}
        self.member_names = tuple(entry[1] for entry in self.member)
        self.member_taken = tuple(entry[4] for entry in self.member)
        self.member_missing = (_MISSING,) * len(self.member)
        self.member_cells = _cells_getter([entry[0] for entry in self.member])
        if self.id_cell is not None:
            self.member_defaults["id_number"] = None
        self.household_defaults: dict[str, Any] = {
            column: None for _, column, _, _ in self.household if column not in _KEYS
        }
        self.spell_defaults: dict[str, Any] = {
            column: None for _, column, _, _ in self.spell if column not in ("months", "channel")
        }
        self.household_raw = _cells_getter([col for col, _, _, _ in self.household])
        #: the headers of the ID number columns, whose repairs the summary names first
        self.id_headers = [header for _, column, _, header in self.household if column == "head_id"]
        if self.id_cell is not None:
            self.id_headers.append(self.id_cell[2])


def _cells_getter(indexes: list[int]) -> Callable[[list[Cell]], tuple[Cell, ...]]:
    """The cells at ``indexes`` of a row, as a tuple."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    return lambda line: tuple(line[i] for i in indexes)


class RowReader:
    """Reads the data rows of one table into drafts, recording skipped rows and repairs in the result."""

    def __init__(self, result: ImportResult, cleaners: Cleaners, on: date, file_name: str) -> None:
        self.result = result
        self.cleaners = cleaners
        self.on = on
        self.file = file_name
        #: (the column's header, the repairs one cell needed) → how many cells: one dict entry bumped per repaired
        #: cell (a clean cell costs nothing), spread into `ImportResult.repairs` and ``repair_columns`` per sheet
        self._repaired: dict[tuple[str, tuple[str, ...]], int] = {}

    def problem(
        self,
        draft: RowDraft,
        column: tuple[int, str] | None,
        code: str,
        zh: str,
        en: str,
        *,
        error: bool = True,
        value: object = None,
    ) -> None:
        index, header = column if column is not None else (None, None)
        shown = None if value is None or value == "" else str(value)
        severity: Severity = "error" if error else "warning"
        draft.problems.append(Problem(self.file, draft.sheet, draft.row, header, index, code, zh, en, severity, shown))

    def read(self, table: Table, checked: Callable[[int], None] | None = None) -> SheetRows:
        """The table's data rows as drafts; ``checked`` hears how many rows were read so far, every
        `CHECKED_EVERY` rows and at the end (it may raise to stop)."""
        sheet = table.sheet
        mapping = table.mapping
        report = SheetReport(
            name=sheet.name,
            kind=table.kind or "",
            header_row=table.header_row + 1,
            columns=[c.header for c in mapping.columns if c.spec and c.spec.record != "ignore"],
            ignored=[c.header for c in mapping.columns if c.spec and c.spec.record == "ignore"],
            unknown=[c.header for c in mapping.unknown],
            duplicates=[c.header for c in mapping.duplicates],
        )
        plan = _Plan(table, self.cleaners)
        self.result.id_columns.update(plan.id_headers)
        self._last_household: tuple[Any, _HouseholdCells] | None = None
        header_line = sheet.rows[table.header_row]
        width = len(header_line)
        header_first = header_line[0] if header_line else None
        drafts: list[RowDraft] = []
        rows = table.data_rows
        for index in rows:
            if checked is not None and (index - rows.start) % CHECKED_EVERY == 0 and index > rows.start:
                checked(index - rows.start)
            line = sheet.rows[index]
            if len(line) < width:  # calamine rows are as wide as the sheet; rows filled by hand may not be
                line = line + [""] * (width - len(line))
            first = line[0]
            if first.__class__ is str and first and not first[0].isspace():
                # The common row, its first cell text: not blank, and that cell is the one `_not_data` looks at.
                if (first == header_first and line[:width] == header_line) or (
                    first.startswith(_FOOTER_FIRST) and _is_footer(first)  # one C call for a person's row
                ):
                    self.result.outcomes[(sheet.name, index + 1)] = "skipped"
                    continue
            elif all(is_empty(v) for v in line):
                report.blank_rows += 1
                continue
            elif self._not_data(line, header_line):
                self.result.outcomes[(sheet.name, index + 1)] = "skipped"
                continue
            report.data_rows += 1
            drafts.append(self._draft(table, index, line, plan))
        if checked is not None:
            checked(len(rows))
        self._count_repairs()
        return SheetRows(table, report, drafts, frozenset(plan.member_defaults), frozenset(plan.household_defaults))

    def _count_repairs(self) -> None:
        """The repairs of the sheet just read, by kind and by (kind, column): a clerk told "去掉空格 4,000" could not
        tell whether names or ID numbers were rewritten."""
        repairs, by_column = self.result.repairs, self.result.repair_columns
        for (header, codes), cells in self._repaired.items():
            for code in codes:
                repairs[code] += cells
                by_column[code, header] += cells
        self._repaired.clear()

    def _not_data(self, line: list[Cell], header_line: list[Cell]) -> bool:
        """A repeated header, a 合计 row, or the "1 2 3 …" column-number row some templates put under the header."""
        if line[: len(header_line)] == header_line:
            return True  # printed exports repeat the header on every page
        first = next(v for v in line if not is_empty(v))
        if isinstance(first, str):
            return _is_footer(first)
        if first in (0, 1) and not isinstance(first, bool):
            numbers = [v for v in line if not is_empty(v)]
            expected = [float(first + i) for i in range(len(numbers))]
            return len(numbers) >= 3 and all(
                isinstance(v, float | int) and not isinstance(v, bool) and float(v) == e
                for v, e in zip(numbers, expected, strict=True)
            )
        return False

    def _draft(self, table: Table, index: int, line: list[Cell], plan: _Plan) -> RowDraft:
        """One data row. The hot path of an import: clean cells go straight in, anything else via `_cell`."""
        draft = RowDraft(table.sheet.name, index + 1, index, line)
        # Each cell looked up among the texts its column is known to take as they are, all at once (C loops);
        # only the others (first seen, to repair, wrong) go through their cleaner, in column order.
        cells = plan.member_cells(line)
        values = list(map(dict.get, plan.member_taken, cells, plan.member_missing))
        member = draft.member = dict(zip(plan.member_names, values, strict=True))
        if plan.id_cell is not None:
            member["id_number"] = None
        if _MISSING in values:
            notes: dict[str, str] = {}
            for position, value in enumerate(values):
                if value is _MISSING:
                    self._member_cell(draft, plan.member[position], cells[position], notes)
            for column, note in notes.items():
                if not member.get(column):
                    member[column] = note
        self._household(draft, line, plan)
        if plan.id_cell is not None:
            col, clean, header = plan.id_cell
            raw = line[col]
            ids = self.cleaners.ids
            if ids.known_good(raw):
                # What `_identity` makes of a clean, checked number (`IdCells.fix` gives it as it is).
                member["id_number"] = draft.ric = raw
                member["sex"] = "男" if raw[16] in _ODD else "女"
                member["birth_date"] = ids.born(raw)
            else:
                fix = EMPTY if raw == "" or raw is None else clean(raw)
                if fix.repairs:
                    key = (header, fix.repairs)
                    self._repaired[key] = self._repaired.get(key, 0) + 1
                self._identity(draft, fix, col, header, raw)
        births = draft.ric[6:14] if draft.ric else None
        for col, column, clean, header in plan.checks:
            raw = line[col]
            if raw == "" or raw is None or (raw == births and column == "birth_date"):
                continue  # a birth date written YYYYMMDD, as the ID number says, needs no parsing
            if column == "sex" and raw.__class__ is str and raw in _SEXES and raw == member.get("sex"):
                continue  # 男 or 女 as the ID number says: nothing to compare
            fix = clean(raw)
            if fix.issue is None or self._cell(draft, fix, col, header, raw):
                self._check(draft, column, fix.value)
        if plan.spell and (table.kind == "spells" or any(line[c] != "" for c, _, _, _ in plan.spell)):
            self._spell_cells(draft, table, line, plan)
        return draft

    def _member_cell(
        self,
        draft: RowDraft,
        entry: tuple[int, str, Callable[[Any], Fix], str, dict[Any, Any]],
        raw: Cell,
        notes: dict[str, str],
    ) -> None:
        """A member cell not known to be taken as it is: cleaned, repaired or reported."""
        col, column, clean, header, taken = entry
        member = draft.member
        member[column] = None
        fix = clean(raw)
        if fix.issue is None and not fix.repairs and fix.note is None:
            member[column] = fix.value
            if raw.__class__ is str and len(taken) < _TAKEN_LIMIT:
                taken[raw] = fix.value  # the cleaners are pure: the same text cleans the same way
        elif self._cell(draft, fix, col, header, raw):
            member[column] = fix.value
            if fix.note and column in _NOTE_OF:
                notes[_NOTE_OF[column]] = fix.note
        else:
            draft.bad.add(column)

    def _cell(self, draft: RowDraft, fix: Fix, col: int, header: str, raw: Cell) -> bool:
        """Record a cell's repairs and issue; returns whether its value is taken."""
        if fix.repairs:
            key = (header, fix.repairs)
            self._repaired[key] = self._repaired.get(key, 0) + 1
        issue = fix.issue
        if issue is None:
            return True
        self.problem(draft, (col, header), issue.code, issue.zh, issue.en, error=not issue.kept, value=raw)
        draft.fatal = draft.fatal or issue.fatal
        return fix.taken

    def _household(self, draft: RowDraft, line: list[Cell], plan: _Plan) -> None:
        """The household cells, cleaned once per family: members repeat them row after row, and a problem in them
        is reported on the family's first row only."""
        raw = plan.household_raw(line)
        last = self._last_household
        if last is not None and last[0] == raw:
            cells = last[1]
        else:
            cells = _HouseholdCells(dict(plan.household_defaults))
            for col, column, clean, header in plan.household:
                value = line[col]
                if value == "" or value is None:
                    continue
                fix = clean(value)
                if fix.issue is not None and fix.issue.fatal and column == "head_id":
                    # A broken 户主证件号码 only loses a grouping key; the row itself may still be fine.
                    issue = fix.issue
                    zh, en = issue.zh + "（本行不按户主证件号码分户。）", issue.en + " (Not used to group this row.)"
                    self.problem(draft, (col, header), issue.code, zh, en, error=False, value=value)
                    continue
                if (fix.issue is None and not fix.repairs) or self._cell(draft, fix, col, header, value):
                    cells.take(column, fix.value)
                else:
                    cells.values.pop(column, None)
            self._last_household = (raw, cells)
        draft.household = cells.values
        draft.site_name, draft.site_code, draft.hh_number = cells.site_name, cells.site_code, cells.hh_number
        draft.head_ric = cells.head_ric

    def _spell_cells(self, draft: RowDraft, table: Table, line: list[Cell], plan: _Plan) -> None:
        spell: dict[str, Any] = dict(plan.spell_defaults)
        bad: set[str] = set()
        months: int | None = None
        channel: str | None = None
        for col, column, clean, header in plan.spell:
            raw = line[col]
            if raw == "" or raw is None:
                continue
            fix = clean(raw)
            if not ((fix.issue is None and not fix.repairs) or self._cell(draft, fix, col, header, raw)):
                bad.add(column)
                spell.pop(column, None)
            elif column == "months":
                months = fix.value
            elif column == "channel":
                channel = fix.value
            else:
                spell[column] = fix.value
        made = self._spell(draft, table, spell, bad, months, channel)
        if made is not None:
            draft.spells.append(made)

    # ---- identity --------------------------------------------------------------------------------------------

    def _identity(self, draft: RowDraft, fix: Fix, col: int, header: str, raw: Cell) -> None:
        """证件号码, and sex and birth date from it (stored, DESIGN.md §3); 性别/出生日期 columns are only compared."""
        member = draft.member
        # 其他: a document that is not a resident ID; 暂无证件号码: none yet (a baby not yet registered). Neither needs
        # a resident ID number, so an empty cell is no error (the member sheet exports them so) and the person is
        # matched by household and name.
        other = member.get("id_type") in _NO_RESIDENT_ID
        if fix.issue is not None and not fix.taken and other and not is_empty(raw):
            # 证件类型 其他 (or 暂无证件号码 with something written): not a resident ID number, so it is kept as written
            # rather than refused.
            text = "".join(str(raw).split())[:22]
            member["id_number"], draft.ric = text, text
            return
        if fix.issue is not None:
            issue = fix.issue
            self.problem(draft, (col, header), issue.code, issue.zh, issue.en, error=not issue.kept, value=raw)
            if not fix.taken:
                draft.fatal = True
                return
        value = fix.value
        if value is None:
            if other:
                return  # no number; such a person is matched by household and name
            draft.fatal = True
            if member.get("name") is None and "name" not in draft.bad:
                # Neither who nor which number: a line under the table (a total, a note) more often than a person,
                # and “证件号码为空” sent the clerk looking for whose number was missing.
                self.problem(
                    draft,
                    (col, header),
                    "person_missing",
                    "这一行没有姓名，也没有证件号码，不是一个人的信息，未导入。若是漏填，请补上姓名和证件号码后重新导入；"
                    "若是表格下方的合计、签名或说明，不用管它。",
                    "This row has neither a name nor an ID number, so it is no person; it was not imported. If they "
                    "were left out, fill them in and import again; if it is a total, a signature or a note under "
                    "the table, leave it.",
                )
                return
            self.problem(
                draft,
                (col, header),
                "id_empty",
                "证件号码为空。每个人都需要证件号码才能导入并在再次导入时对上同一个人。请填写后重新导入。",
                "The ID number is empty. Everyone needs one to be imported and recognised on the next import.",
            )
            return
        member["id_number"] = value
        ric = draft.ric = value[:18]
        sex = "男" if int(ric[16]) % 2 else "女"
        born = date(int(ric[6:10]), int(ric[10:12]), int(ric[12:14]))
        member["sex"], member["birth_date"] = sex, born

    def _check(self, draft: RowDraft, column: str, given: Any) -> None:
        """性别 and 出生日期 are derived from the ID number; a sheet's own values are compared, never stored."""
        sex, born = draft.member.get("sex"), draft.member.get("birth_date")
        if given is None:
            return
        if sex is None or born is None:
            # No resident ID number to derive them from (证件类型 其他 or 暂无证件号码; a number gives both): the
            # sheet's values are all there is, each column's in turn (性别 taken first left 出生日期 behind).
            if column == "sex" or isinstance(given, date):
                draft.member[column] = given
            return
        if column == "sex" and given != sex:
            self.problem(
                draft,
                None,
                "sex_mismatch",
                f"性别填的是“{given}”，但证件号码第17位表示“{sex}”。已按证件号码记为“{sex}”，请核对。",
                f"Sex is given as {given} but the ID number says {sex}. Recorded as {sex}; please check.",
                error=False,
            )
        if column == "birth_date" and isinstance(given, date) and isinstance(born, date) and given != born:
            self.problem(
                draft,
                None,
                "birth_mismatch",
                f"出生日期填的是{given:%Y-%m-%d}，但证件号码里是{born:%Y-%m-%d}。已按证件号码记录，请核对。",
                f"The birth date is given as {given:%Y-%m-%d} but the ID number says {born:%Y-%m-%d}. "
                "Recorded from the ID number; please check.",
                error=False,
            )

    # ---- the spell ---------------------------------------------------------------------------------------------

    def _spell(
        self,
        draft: RowDraft,
        table: Table,
        spell: dict[str, Any],
        bad: set[str],
        months: int | None,
        channel: str | None,
    ) -> SpellDraft | None:
        """The spell a row describes, or None (with a problem saying why, when there was something to say)."""
        sheet_of_spells = table.kind == "spells"

        def refuse(code: str, zh: str, en: str) -> None:
            self.problem(draft, None, code, zh, en)
            if sheet_of_spells:
                draft.fatal = True  # on a 务工 sheet the spell is the whole row

        if months == 0 and not spell.get("start_month"):
            self.problem(
                draft,
                None,
                "spell_zero_months",
                "务工时间（月）为0：本年没有务工，未登记在岗务工。若仍在务工，请填写务工时间或开始时间。",
                "Months worked is 0: no work this year, so no current job was recorded. If the person is working, "
                "fill in the months worked or the start month.",
                error=False,
            )
            return None
        if not any(v is not None for v in spell.values()) and not months and not channel:
            if sheet_of_spells and not bad:
                refuse("spell_empty", "这一行没有任何务工信息。未导入。", "This row has no employment details.")
            return None
        columns = {
            c.spec.column or "" for c in table.mapping.columns if c.spec is not None and c.spec.record == "spell"
        }
        columns = (columns - {"months", "channel"} - bad) | {"form", "start_month"}
        values = {k: v for k, v in spell.items() if k in columns}
        if values.get("form") is None:
            if "form" in bad:
                refuse("spell_not_imported", "就业形式有误，这条务工信息未导入。", "The form is wrong; not imported.")
                return None
            form = self._infer_form(spell)
            if form is None:
                refuse(
                    "form_missing",
                    "有务工信息但没有“就业形式”，也无法从务工地域或公益性岗位类型判断。务工信息未导入，请填写就业形式。",
                    "There are employment details but no employment form, and the place scope or post type does not "
                    "tell it. Not imported; fill in the employment form.",
                )
                return None
            values["form"] = form
            self.problem(
                draft,
                None,
                "form_inferred",
                f"未填就业形式，按务工地域或公益性岗位类型记为“{form}”。请核对。",
                f"No employment form given; recorded as {form} from the place scope or post type. Please check.",
                error=False,
            )
        if channel is not None and "organised" not in columns:
            organised = self._organised(channel)
            if organised is None:
                self.problem(
                    draft,
                    None,
                    "channel_unclear",
                    f"就业渠道“{channel}”看不出是否有组织劳务输出，未导入此项。请填写“是否有组织劳务输出”。",
                    f"The channel “{channel}” does not say whether this was organised labour export; not imported. "
                    "Fill in 是否有组织劳务输出.",
                    error=False,
                )
            else:
                values["organised"] = organised
                columns.add("organised")
        estimated = False
        if values.get("start_month") is None:
            if "start_month" in bad:
                refuse(
                    "spell_not_imported",
                    "开始时间有误，这条务工信息未导入。",
                    "The start month is wrong; not imported.",
                )
                return None
            estimated = True
            start = values["start_month"] = self._estimate_start(months)
            basis_zh = f"按务工时间（月）={months}推算" if months else "按统计日期"
            basis_en = f"from {months} months worked" if months else "from the survey date"
            self.problem(
                draft,
                None,
                "start_estimated",
                f"未填开始时间，{basis_zh}记为{start[:4]}年{start[5:]}月开始。请核对。",
                f"No start month given; recorded as {start} ({basis_en}). Please check.",
                error=False,
            )
        return SpellDraft(values, frozenset(columns), estimated)

    @staticmethod
    def _infer_form(spell: dict[str, Any]) -> str | None:
        if spell.get("welfare_post_type"):
            return WELFARE_POST
        scope = spell.get("place_scope")
        if scope == "县内":
            return "县内务工"
        if scope in ("省内县外", "省外", "国外"):
            return "外出务工"
        return None

    @staticmethod
    def _organised(channel: str) -> bool | None:
        if any(word in channel for word in _ORGANISED):
            return True
        if any(word in channel for word in _SELF):
            return False
        return None

    def _estimate_start(self, months: int | None) -> str:
        index = self.on.year * 12 + self.on.month - 1 - max(0, (months or 1) - 1)
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

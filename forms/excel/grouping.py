"""Members into households: which rows of a roster are one family.

A row names its household by, in order of trust: 户编号 (the national household id); 户主证件号码; the flat
(安置点 + 楼栋 + 单元 + 门牌号, every household at a site has its own). A row with none of them belongs to the row
just above it (台账 often fill household columns on the first row of a family only), or, if it is a 户主 with an
ID number and the rows above already have their 户主 (or there are none), starts a household of its own. Rows
without a 户编号 join the 户编号 household that has their 户主 or their flat, when exactly one does.

Within a household the same person (same ID number) twice is merged when the rows say the same, and the later
row is reported when they differ. The same ID number in two households is imported in both, with a warning:
the national records do list some people twice, and the check `member.id_elsewhere` follows it up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .outcome import ImportResult
from .reader import Cell, is_empty
from .rows import RowDraft, RowReader, SheetRows

HEAD = "户主"
Key = tuple[str, ...]
_AMBIGUOUS = ""


@dataclass
class Group:
    key: Key
    rows: list[RowDraft] = field(default_factory=list)  # importable rows, one per person, in file order
    household: dict[str, Any] = field(default_factory=dict)  # household columns the sheet gives
    hh_number: str | None = None
    site_name: str | None = None
    site_code: str | None = None


def _address(draft: RowDraft, site: str | None) -> tuple[str, ...] | None:
    room = draft.household.get("room")
    if not room:
        return None
    place = draft.site_name or draft.site_code or site or ""
    return (place, str(draft.household.get("building") or ""), str(draft.household.get("unit") or ""), str(room))


def assign_keys(sheet: SheetRows, reader: RowReader, site: str | None) -> None:
    """Give every draft its household keys (inherited from the row above when it has none), or report it."""
    previous: RowDraft | None = None
    has_head = False  # whether the rows of the household the previous row is in include its 户主
    for draft in sheet.drafts:
        hh, head, addr = draft.hh_number, draft.head_ric, _address(draft, site)
        is_head = draft.relation == HEAD
        inherited = False
        if not (hh or head or addr):
            follows = previous is not None and previous.index == draft.index - 1 and previous.keys is not None
            if previous is not None and previous.keys is not None and follows and not (is_head and has_head):
                hh, head, addr = previous.keys
                inherited = True
                draft.household_from = previous.index if previous.household_from is None else previous.household_from
                if not (draft.site_name or draft.site_code or any(v is not None for v in draft.household.values())):
                    # The family's cells are on its first row only: this row takes them too (even when that
                    # first row itself could not be imported, its household cells are still the family's).
                    draft.household = previous.household
                    draft.site_name, draft.site_code = previous.site_name, previous.site_code
            elif is_head and draft.ric:
                # A 户主 starts a household of its own, also right under another family whose 户主 came before
                # (户编号 left empty, or lost by Excel): two families are never run together into one.
                head = draft.ric
                if previous is not None and follows and not (draft.site_name or draft.site_code):
                    draft.site_name, draft.site_code = previous.site_name, previous.site_code
        if hh or head or addr:
            draft.keys = (hh, head, addr)
            has_head = is_head or (inherited and has_head)
        elif not draft.fatal:
            draft.fatal = True
            reader.problem(
                draft,
                None,
                "household_unknown",
                "看不出这个人属于哪一户：本行没有户编号、户主证件号码或门牌号，上一行也不是同一户。"
                "请填写户编号（或户主证件号码）后重新导入。",
                "Cannot tell which household this person belongs to: the row has no household number, head's ID "
                "number or room, and does not follow a row of the same household. Fill in the household number.",
            )
        previous = draft


def group_rows(sheet: SheetRows, reader: RowReader, result: ImportResult, headers: Mapping[str, str]) -> list[Group]:
    """Households of one roster sheet; duplicates merged or reported (outcomes recorded in ``result``)."""
    drafts = [d for d in sheet.drafts if not d.fatal and d.keys is not None]
    groups: dict[Key, Group] = {}
    owner: dict[Key, str] = {}  # a 户主 or flat key → the 户编号 whose rows carry it ("" when several do)
    for draft in drafts:
        hh, head, addr = draft.keys or (None, None, None)
        if hh:
            group = groups.get(("hh", hh))
            if group is None:
                group = groups[("hh", hh)] = Group(("hh", hh), hh_number=hh)
            group.rows.append(draft)
            for key in (("head", head) if head else None, ("addr", *addr) if addr else None):
                if key is not None:
                    owner[key] = hh if owner.get(key, hh) == hh else _AMBIGUOUS
    for draft in drafts:
        hh, head, addr = draft.keys or (None, None, None)
        if hh:
            continue
        head_key = ("head", head) if head else None
        addr_key = ("addr", *addr) if addr else None
        found = next((owner[k] for k in (head_key, addr_key) if k is not None and owner.get(k)), None)
        if found:
            groups[("hh", found)].rows.append(draft)
            draft.joined_number = found
            continue
        key = head_key or addr_key
        assert key is not None  # assign_keys gave every draft here a key
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key)
        group.rows.append(draft)
    ordered = sorted(groups.values(), key=lambda g: g.rows[0].index)
    columns = {
        c.spec.column: c.index
        for c in sheet.table.mapping.columns
        if c.spec is not None and c.spec.column and c.spec.record in ("household", "group")
    }
    for group in ordered:
        group.rows.sort(key=lambda d: d.index)
        _dedupe(group, reader, result, headers)
        _merge_household(group, sheet, reader, headers, columns)
    _warn_elsewhere(ordered, reader)
    return ordered


def _dedupe(group: Group, reader: RowReader, result: ImportResult, headers: Mapping[str, str]) -> None:
    first: dict[str, RowDraft] = {}
    kept: list[RowDraft] = []
    for draft in group.rows:
        person = draft.ric or f"name:{draft.name}"
        earlier = first.get(person)
        if earlier is None:
            first[person] = draft
            kept.append(draft)
            continue
        differing = [
            c for c in sorted(set(earlier.member) | set(draft.member)) if earlier.member.get(c) != draft.member.get(c)
        ]
        if not differing:
            result.outcomes[(draft.sheet, draft.row)] = "merged"
            for spell in draft.spells:
                if all(spell.values != s.values for s in earlier.spells):
                    earlier.spells.append(spell)  # the same person with a second job: keep both jobs
            continue
        shown = "；".join(
            f"“{headers.get(c, c)}”第{earlier.row}行为“{_show(earlier.member.get(c))}”，"
            f"这里为“{_show(draft.member.get(c))}”"
            for c in differing[:4]
        )
        draft.fatal = True
        reader.problem(
            draft,
            None,
            "duplicate_conflict",
            f"与第{earlier.row}行是同一个人（证件号码相同），但内容不同：{shown}。本行未导入；请删掉重复的一行，"
            "或改成一致后重新导入。",
            f"Same person as row {earlier.row} (same ID number) but the rows differ in "
            f"{', '.join(headers.get(c, c) for c in differing[:4])}. Not imported; delete the duplicate row or "
            "make the rows agree, then import again.",
        )
    group.rows = kept


def _show(value: object) -> str:
    if value is None:
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def _merge_household(
    group: Group, sheet: SheetRows, reader: RowReader, headers: Mapping[str, str], columns: Mapping[str, int]
) -> None:
    """Household columns: the first non-empty value among the family's rows; a different later one is reported,
    on its cell, and the list of problems shows there the cell imported (`SheetRows.household_kept`): imported
    again as it is, the list must not put the other value in after all."""
    first_row = group.rows[0] if group.rows else None
    if first_row is not None and all(d.household is first_row.household for d in group.rows):
        # The rows repeat the same household cells (the reader cleaned them once): nothing to reconcile.
        group.household = dict(first_row.household)
        group.site_name, group.site_code = first_row.site_name, first_row.site_code
        return
    for column in sorted(sheet.household_columns - {"site", "site_code", "hh_number"}):
        given = [d for d in group.rows if column in d.household]
        if not given:
            continue
        first = next((d for d in given if d.household[column] is not None), None)
        group.household[column] = None if first is None else first.household[column]
        for draft in given:
            value = draft.household[column]
            if first is not None and value is not None and value != first.household[column]:
                label = headers.get(column, column)
                index = columns.get(column)
                if index is not None:
                    sheet.household_kept[(draft.index, index)] = _cell_of(sheet, first, index)
                reader.problem(
                    draft,
                    None if index is None else (index, label),
                    "household_conflict",
                    f"同一户的“{label}”在第{first.row}行为“{_show(first.household[column])}”，这里为“{_show(value)}”。"
                    f"已按第{first.row}行导入，请核对。",
                    f"{label} of this household is “{_show(first.household[column])}” on row {first.row} but "
                    f"“{_show(value)}” here. Row {first.row} was imported; please check.",
                    error=False,
                    value=_show(value),
                )
    group.site_name = next((d.site_name for d in group.rows if d.site_name), None)
    group.site_code = next((d.site_code for d in group.rows if d.site_code), None)


def _cell_of(sheet: SheetRows, draft: RowDraft, index: int) -> Cell:
    """A row's household cell as the sheet has it, or, left blank, the cell of the row it took its household from."""
    value = draft.line[index] if index < len(draft.line) else ""
    if is_empty(value) and draft.household_from is not None:
        family = sheet.table.sheet.rows[draft.household_from]
        value = family[index] if index < len(family) else ""
    return value


def _warn_elsewhere(groups: list[Group], reader: RowReader) -> None:
    seen: dict[str, RowDraft] = {}
    for group in groups:
        for draft in group.rows:
            if not draft.ric:
                continue
            earlier = seen.setdefault(draft.ric, draft)
            if earlier is not draft:
                reader.problem(
                    draft,
                    None,
                    "id_in_two_households",
                    f"这个证件号码在第{earlier.row}行（另一户）也出现了。两户都已导入；同一个人不应同时在两户，请核实后"
                    "在系统里处理。",
                    f"This ID number is also on row {earlier.row}, in another household. Both were imported; one "
                    "person should not be in two households, so please look into it.",
                    error=False,
                )

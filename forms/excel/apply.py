"""Imported rows against the database: match households, people and spells, and write only what changed.

Everything happens inside one `UnitOfWork`, so an import is all or nothing and the journal (the audit log)
records each change: new records through `UnitOfWork.insert_rows`, changes to existing ones through their ORM
objects, journaled field by field with old and new values. A value equal to the stored one is never written,
so importing the same file again writes no journal entry at all.

Matching, and why:
- a person is the same person when the 证件号码 is (its first 18 characters: a 20/22-character disability card
  number contains the resident ID). When one number is in two households (it happens, see `grouping`) the one
  in the household being imported wins. A person not found by number is the same as a member of the matched
  household with the same name whose own number is not in the file: that is how a corrected ID number arrives.
  "The same name" is `forms.names.same_person_name`: the dot of 阿依·木沙 spelled another way or left out, or a
  character the exporting system could not show (张? for 张𠮷).
- a name is never replaced by the same name spelled so (the stored 张𠮷 stays when the national export brings
  张? or 张□, the stored 阿依·木沙 when it brings 阿依木沙): the row says so when a character was lost.
- a household is the one with the same 户编号; otherwise the one most of its people are already in (never one
  with a different 户编号, never one another family of the file already took); otherwise, for a family the file
  knows by its 户主证件号码, the one household whose 户主 has that number; otherwise it is new. Never by its flat
  alone: a flat is let again, and another family's people there would be taken for this one's.
- a spell is the member's spell with the same 就业形式 and 开始时间; one whose start was estimated (no 开始时间 in
  the file) is the member's ongoing spell of that form, and its stored start is left alone.

Only the columns a sheet has are written; an empty cell in such a column clears the value (the sheet is the truth
for what it shows), except 户编号, which an empty cell never clears. Members the database holds and the file
does not list are left alone and counted.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, func, select

from ..journal import local_moment
from ..names import mangled_copy, name_key, same_person_name, unshown_marks
from ..records import Employment, Household, JournalEntry, Member, Site, Synced
from ..rules.labour import skill_by_age
from ..station_sites import own_site_codes
from ..store import UnitOfWork
from ..summary import site_label
from . import SITE_NEEDED, SITE_OPTION_UNKNOWN, SITES_OTHER_STATION, SITES_UNKNOWN, ExcelError
from .grouping import HEAD, Group
from .ids import IdPool
from .outcome import ImportResult, Outcome
from .rows import RowDraft, RowReader, SheetRows, SpellDraft
from .stored import known_date

CHUNK = 500
_FROM_ID = frozenset(("id_number", "sex", "birth_date"))  # set from the ID number, whatever columns the sheet has
Row = dict[str, Any]


@dataclass
class ImportOptions:
    site_code: str | None = None  # --site: the site of new households when the sheet has no 安置点 column
    on: date = field(default_factory=date.today)  # the survey date (estimated start months)
    actor: str = "import"
    dry_run: bool = False
    progress: Callable[[int, int], None] | None = None  # rows imported so far, of the data rows
    cancelled: Callable[[], bool] | None = None
    #: rows checked so far (cleaned and repaired, before anything is matched), of the rows under the headers: the
    #: first half of a big file's import, reported every `forms.excel.rows.CHECKED_EVERY` rows
    checked: Callable[[int, int], None] | None = None
    #: records written so far, of those the import writes (new and changed): the last part of a big import, a
    #: dozen seconds for a county's roster, reported between chunks
    saved: Callable[[int, int], None] | None = None


class Cancelled(Exception):
    """The user cancelled; the unit of work rolls back and nothing is written."""


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _table(model: type[Synced]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Database:
    """The live records an import compares with, read once inside the import's transaction."""

    def __init__(self, uow: UnitOfWork, *, spells: bool = True) -> None:
        conn = uow.session.connection()
        self.sites = self._rows(conn, Site)
        self.site_by_code = {_key(s["code"]): s["id"] for s in self.sites}
        self.site_by_name = {_key(s["name"]): s["id"] for s in self.sites}
        # A name two live sites share names neither: the row must say which (its code, or 名称（代码）).
        shared = Counter(_key(s["name"]) for s in self.sites)
        self.shared_names = {
            key: [s for s in self.sites if _key(s["name"]) == key] for key, count in shared.items() if count > 1
        }
        # 幸福社区（S03）: how the ledgers name a site whose name another site shares (`forms.summary.distinct_labels`)
        self.site_by_label = {_key(site_label(s["name"], s["code"])): s["id"] for s in self.sites}
        # An enrolled station records households only at its own sites (`forms.station_sites`); None: every site.
        own = own_site_codes(conn)
        self.own_sites = None if own is None else {s["id"] for s in self.sites if s["code"] in own}
        self.households: dict[str, Row] = {}
        self.by_hh: dict[str, list[str]] = {}
        for row in self._rows(conn, Household):
            self.households[row["id"]] = row
            if row["hh_number"]:
                self.by_hh.setdefault(row["hh_number"], []).append(row["id"])
        self.members: dict[str, Row] = {}
        self.by_ric: dict[str, list[str]] = {}
        self.by_household: dict[str, list[str]] = {}
        for row in self._rows(conn, Member):
            self.add_member(row)
        # Who left a household with a reason (减员: died, married out …), by ID number: a national export made before
        # the station recorded it still lists them, and they must not come back as a new member unseen.
        self.left: dict[str, Row] = {}
        table = _table(Member)
        gone = select(table.c.id_number, table.c.name, table.c.left_reason, table.c.left_on, table.c.deleted_at).where(
            table.c.deleted_at.is_not(None), table.c.left_reason.is_not(None), table.c.id_number.is_not(None)
        )
        for number, name, reason, left_on, deleted_at in conn.execute(gone):
            self.left[str(number)[:18]] = {
                "name": name,
                "left_reason": reason,
                "left_on": left_on,
                "deleted_at": deleted_at,
            }
        self.spells: dict[str, list[Row]] = {}
        self._conn = conn
        self._spells_read = False
        if spells:
            self.read_spells()

    def read_spells(self) -> None:
        """The live spells, by member (once). A roster without 务工 columns never looks at spells: not reading
        them saves a third of the load."""
        if not self._spells_read:
            self._spells_read = True
            for row in self._rows(self._conn, Employment):
                self.spells.setdefault(row["member_id"], []).append(row)

    @staticmethod
    def _rows(conn: Connection, model: type[Synced]) -> list[Row]:
        """Live rows as plain dicts (plain tuples zipped with the column names: several times faster than
        RowMapping for the hundreds of thousands of members a county holds)."""
        table = _table(model)
        result = conn.execute(select(table).where(table.c.deleted_at.is_(None)))
        keys = list(result.keys())
        return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]

    def add_member(self, row: Row) -> None:
        self.members[row["id"]] = row
        if row.get("id_number"):
            self.by_ric.setdefault(str(row["id_number"])[:18], []).append(row["id"])
        self.by_household.setdefault(row["household_id"], []).append(row["id"])

    def site_id(self, text: str | None) -> str | None:
        """The site ``text`` names (its name, code, or 名称（代码）); None for no site, or a name two sites share."""
        if not text:
            return None
        key = _key(text)
        if key in self.shared_names:
            return self.site_by_code.get(key) or self.site_by_label.get(key)
        return self.site_by_name.get(key) or self.site_by_code.get(key) or self.site_by_label.get(key)

    def sharing(self, text: str | None) -> str | None:
        """When ``text`` is a name two live sites share, how to name each of them instead (幸福社区（S02）、…)."""
        sites = self.shared_names.get(_key(text)) if text else None
        return "、".join(site_label(s["name"], s["code"]) for s in sites) if sites else None

    def is_own(self, site_id: str) -> bool:
        return self.own_sites is None or site_id in self.own_sites

    def site_list(self) -> str:
        """The sites new households may go to, for messages: a station's own."""
        sites = [s for s in self.sites if self.is_own(s["id"])]
        return "、".join(f"{s['code']} {s['name']}" for s in sites[:12]) or "（本库还没有安置点）"


@dataclass
class Changes:
    """What the import will write, collected before anything is written."""

    new: dict[type[Synced], list[Row]] = field(default_factory=lambda: {Household: [], Member: [], Employment: []})
    updates: dict[type[Synced], dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {Household: {}, Member: {}, Employment: {}}
    )

    def update(self, model: type[Synced], record_id: str, column: str, value: Any) -> None:
        self.updates[model].setdefault(record_id, {})[column] = value


#: Member columns a 务工监测 sheet has to find the person, not to change them.
_SPELL_SHEET_KEYS = frozenset(("name", "id_number", "id_type"))


def _column(sheet: SheetRows, column: str) -> tuple[int, str] | None:
    """Where the sheet has the record column ``column`` (its index and header), for a problem to point at."""
    cell = next((c for c in sheet.table.mapping.columns if c.spec and c.spec.column == column), None)
    return (cell.index, cell.header) if cell is not None else None


def _shown(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _differs(stored: Any, value: Any) -> bool:
    if stored == "":
        stored = None
    return bool(stored != value)


class Applier:
    def __init__(
        self,
        uow: UnitOfWork,
        result: ImportResult,
        reader: RowReader,
        options: ImportOptions,
        *,
        spells: bool = True,
        db: Database | None = None,
    ) -> None:
        self.uow = uow
        self.result = result
        self.reader = reader
        self.options = options
        self.db = db if db is not None else Database(uow, spells=spells)
        if spells:
            self.db.read_spells()
        self.changes = Changes()
        self.new_id = IdPool()
        self.made_households: set[str] = set()
        self.claimed_households: set[str] = set()
        self.claimed_members: set[str] = set()
        self.site_option: str | None = None
        self.unplaced: set[tuple[str, ...]] = set()
        self.group_site: dict[int, str | None] = {}
        self.row_member: dict[int, str] = {}  # id(draft) → the member it became
        self.file_rics: set[str] = set()
        self._getters: dict[tuple[bool, frozenset[str] | None], Callable[[Row], Any]] = {}
        self._given_columns: dict[Callable[[Row], Any], list[str]] = {}
        if options.site_code:
            self.site_option = self.db.site_by_code.get(_key(options.site_code))
            if self.site_option is None:
                raise ExcelError(
                    f"--site “{options.site_code}”不是本数据库里的安置点代码。可用的安置点：{self.db.site_list()}。",
                    f"--site “{options.site_code}” is not a site code in this database. Sites: {self.db.site_list()}.",
                    SITE_OPTION_UNKNOWN,
                )
            if not self.db.is_own(self.site_option):
                raise ExcelError(
                    f"--site “{options.site_code}”不是本站服务的安置点。新户只能放进本站的安置点："
                    f"{self.db.site_list()}。未导入任何数据。",
                    f"--site “{options.site_code}” is not a site this station serves. New households go to this "
                    f"station's sites only: {self.db.site_list()}. Nothing was imported.",
                    SITE_OPTION_UNKNOWN,
                )

    def check_cancel(self) -> None:
        if self.options.cancelled is not None and self.options.cancelled():
            raise Cancelled

    def outcome(self, draft: RowDraft, outcome: Outcome) -> None:
        self.result.outcomes[(draft.sheet, draft.row)] = outcome

    # ---- households ----------------------------------------------------------------------------------------

    def apply_roster(self, sheet: SheetRows, groups: Sequence[Group]) -> None:
        self.file_rics = {d.ric for d in sheet.drafts if d.ric}
        self._check_sites(groups)
        matched = self._match_households(groups)
        # New households, with their members and spells, take their ids in ascending order (`IdPool`).
        new = [g for g in groups if matched.get(id(g)) is None and g.key not in self.unplaced]
        self.new_id.reserve(sum(1 + len(g.rows) + sum(len(d.spells) for d in g.rows) for g in new))
        outcomes = self.result.outcomes
        for number, group in enumerate(groups, 1):
            if number % CHUNK == 0:
                self.check_cancel()
            if group.key in self.unplaced:
                continue
            household_id, changed = self._household(group, matched.get(id(group)))
            for draft in group.rows:
                if self.db.left and self._has_left(draft, sheet):
                    continue
                member_changed, created = self._member(draft, household_id, sheet)
                spells_changed = bool(draft.spells) and self._spells(draft, self._member_id(draft))
                if created:
                    outcomes[(draft.sheet, draft.row)] = "created"
                elif member_changed or spells_changed or changed:
                    outcomes[(draft.sheet, draft.row)] = "updated"
                else:
                    outcomes[(draft.sheet, draft.row)] = "unchanged"
        listed = {self.row_member.get(id(d)) for g in groups for d in g.rows}
        for household_id in {m for m in matched.values() if m}:
            missing = [m for m in self.db.by_household.get(household_id, []) if m not in listed]
            self.result.counts["members.not_in_file"] += len(missing)

    def _check_sites(self, groups: Sequence[Group]) -> None:
        """Resolve each household's site; refuse the whole import when no site given in the file is this database's
        (on a station: one of its own sites)."""
        names = {g.site_name or g.site_code for g in groups if g.site_name or g.site_code}
        known = {n for n in names if self.db.site_id(n) or self.db.sharing(n)}  # a shared name is reported by row
        shown = "、".join(sorted(str(n) for n in names)[:5])
        if names and not known:
            raise ExcelError(
                f"表里的安置点（{shown}）都不在本数据库的安置点列表里，"
                f"可能选错了数据库，或县里还没下发这些安置点。本库的安置点：{self.db.site_list()}。未导入任何数据。",
                f"None of the sites in the file ({', '.join(sorted(str(n) for n in names)[:5])}) is a site of this "
                f"database: wrong database, or the county has not sent these sites yet. Sites here: "
                f"{self.db.site_list()}. Nothing was imported.",
                SITES_UNKNOWN,
            )
        if names and not any(self.db.sharing(n) or self.db.is_own(self.db.site_id(n) or "") for n in known):
            raise ExcelError(
                f"表里的安置点（{shown}）都不是本站服务的安置点，这些住户由服务这些安置点的工作站登记。"
                f"可能选错了文件。本站的安置点：{self.db.site_list()}。未导入任何数据。",
                f"None of the sites in the file ({', '.join(sorted(str(n) for n in names)[:5])}) is a site this "
                f"station serves; the stations serving them record their households. Wrong file? This "
                f"station's sites: {self.db.site_list()}. Nothing was imported.",
                SITES_OTHER_STATION,
            )
        for group in groups:
            text = group.site_name or group.site_code
            site_id = self.db.site_id(text) if text else self.site_option
            if site_id is None and group.site_name and group.site_code:  # a shared name, and the code beside it
                site_id = self.db.site_id(group.site_code)
            if text and site_id is None and (which := self.db.sharing(text)) is not None:
                self._unplaced(
                    group,
                    "site_ambiguous",
                    f"有两个安置点都叫“{text}”，不知道这一户属于哪一个。这一户未导入；请把安置点改成带编码的写法"
                    f"（{which}）或填安置点编码后重新导入。",
                    f"Two sites are called “{text}”, so which one this household belongs to is unknown. It was not "
                    f"imported; write the site with its code ({which}) or give the site code, and import again.",
                )
            elif text and site_id is None:
                self._unplaced(
                    group,
                    "site_unknown",
                    f"安置点“{text}”不在本数据库的安置点列表中（有：{self.db.site_list()}）。这一户未导入；"
                    "请改成列表中的名称后重新导入。",
                    f"Site “{text}” is not in this database's list ({self.db.site_list()}). This household "
                    "was not imported; use a listed name and import again.",
                )
            elif text and site_id is not None and not self.db.is_own(site_id):
                self._unplaced(
                    group,
                    "site_other_station",
                    f"安置点“{text}”不是本站服务的安置点（本站：{self.db.site_list()}）。这一户未导入："
                    "它由服务该安置点的工作站登记。若这一户确已搬到本站的安置点，请改成本站的安置点后重新导入。",
                    f"Site “{text}” is not a site this station serves ({self.db.site_list()}). This household was "
                    "not imported: the station serving that site records it. If the household has moved to one of "
                    "this station's sites, put that site and import again.",
                )
            self.group_site[id(group)] = site_id

    def _unplaced(self, group: Group, code: str, zh: str, en: str) -> None:
        """A household whose site this import cannot take: each of its rows reported, none imported."""
        self.unplaced.add(group.key)
        for draft in group.rows:
            draft.fatal = True
            self.outcome(draft, "reported")
            self.reader.problem(draft, None, code, zh, en)

    def _match_households(self, groups: Sequence[Group]) -> dict[int, str | None]:
        matched: dict[int, str | None] = {}
        by_number = [g for g in groups if g.hh_number and len(self.db.by_hh.get(g.hh_number, [])) == 1]
        for group in by_number:
            household_id = self.db.by_hh[group.hh_number or ""][0]
            if household_id not in self.claimed_households:
                matched[id(group)] = household_id
                self.claimed_households.add(household_id)
        for group in groups:
            if id(group) in matched or group.key in self.unplaced:
                continue
            votes: Counter[str] = Counter()
            for draft in group.rows:
                for member_id in self.db.by_ric.get(draft.ric or "", []):
                    votes[self.db.members[member_id]["household_id"]] += 2 if draft.relation == "户主" else 1
            choice = None
            for household_id in [h for h, _ in votes.most_common()] or self._headed_by(group):
                stored = self.db.households.get(household_id)
                if stored is None or household_id in self.claimed_households:
                    continue
                if group.hh_number and stored["hh_number"] and stored["hh_number"] != group.hh_number:
                    continue  # another national household: this family is new (a split) and its people move
                choice = household_id
                break
            matched[id(group)] = choice
            if choice is not None:
                self.claimed_households.add(choice)
        missing = [g for g in groups if matched.get(id(g)) is None and g.key not in self.unplaced]
        unsited = [g for g in missing if self.group_site.get(id(g)) is None]
        if unsited:
            rows = "、".join(str(g.rows[0].row) for g in unsited[:8]) + ("……" if len(unsited) > 8 else "")
            raise ExcelError(
                f"有{len(unsited)}户是新户（第{rows}行起），但表里没有“安置点名称”，也没有用 --site 指定安置点，"
                f"不知道放到哪个安置点。请加上 --site 安置点代码（本库有：{self.db.site_list()}）。未导入任何数据。",
                f"{len(unsited)} households are new (from rows {rows}) but the sheet has no site column and no "
                f"--site was given. Add --site CODE (sites: {self.db.site_list()}). Nothing was imported.",
                SITE_NEEDED,
            )
        return matched

    def _headed_by(self, group: Group) -> list[str]:
        """For a family known by its 户主证件号码 whose own rows' ID numbers are in no household (a newborn, a number
        just corrected on the problem list): the one live household whose 户主 has that number, as rows of one file
        join the family their 户主 heads (`grouping`). None when two households' 户主 have it: which one is a guess."""
        if group.key[0] != "head":
            return []
        heads = {
            self.db.members[m]["household_id"]
            for m in self.db.by_ric.get(group.key[1], [])
            if self.db.members[m]["relation"] == HEAD
        }
        return list(heads) if len(heads) == 1 else []

    def _household(self, group: Group, household_id: str | None) -> tuple[str, bool]:
        site_id = self.group_site.get(id(group))
        if household_id is None:
            row: Row = {k: v for k, v in group.household.items() if v is not None}
            row.update(id=self.new_id(), site_id=site_id, hh_number=group.hh_number)
            self.changes.new[Household].append(row)
            self.made_households.add(row["id"])
            self.result.counts["households.created"] += 1
            return row["id"], True
        stored = self.db.households[household_id]
        changed = False
        wanted = dict(group.household)
        if group.hh_number:
            wanted["hh_number"] = group.hh_number
        if site_id is not None and (group.site_name or group.site_code):
            wanted["site_id"] = site_id
        if any(stored.get(column) != value for column, value in wanted.items()):
            for column, value in wanted.items():
                if _differs(stored.get(column), value):
                    self.changes.update(Household, household_id, column, value)
                    changed = True
        self.result.counts["households.updated" if changed else "households.unchanged"] += 1
        return household_id, changed

    # ---- members -------------------------------------------------------------------------------------------

    def _find_member(self, draft: RowDraft, household_id: str, file_rics: set[str]) -> str | None:
        same_number = self.db.by_ric.get(draft.ric or "")
        if same_number:
            candidates = [m for m in same_number if m not in self.claimed_members]
            here = [m for m in candidates if self.db.members[m]["household_id"] == household_id]
            if here or candidates:
                return (here or candidates)[0]
        if household_id in self.made_households:
            return None  # its members are those this import made, each already claimed by its row
        for member_id in self.db.by_household.get(household_id, []):
            stored = self.db.members[member_id]
            number = str(stored.get("id_number") or "")[:18]
            same = same_person_name(stored["name"], draft.name)
            if member_id not in self.claimed_members and same and number not in file_rics:
                return member_id
        return None

    def _has_left(self, draft: RowDraft, sheet: SheetRows) -> bool:
        """Whether the row is a person who left a household (减员) and is nowhere now: then it is reported, not
        imported. The file is older than the station's record of it (the national system hears of a death later),
        and re-adding the person would put them back into every count; one who truly came back is restored (恢复)
        in the household editor, with their jobs, and the file imported again."""
        ric = draft.ric
        if not ric or ric in self.db.by_ric or ric not in self.db.left:
            return False
        gone = self.db.left[ric]
        when = _left_day(gone)
        self.reader.problem(
            draft,
            _column(sheet, "id_number"),
            "member_left",
            f"{gone['name']}（证件号码 {ric}）已于 {when} 减员（{gone['left_reason']}），本行未导入，以免重新计入人数。"
            "如此人确已回到本户，请在住户编辑的家庭成员名单下对其点“恢复”，再导入本表。",
            f"{gone['name']} (ID {ric}) left the household on {when} ({gone['left_reason']}); this row was not "
            "imported, so they are not counted again. If they truly came back, restore them (恢复) under the "
            "household's member list, then import this file again.",
            value=ric,
        )
        draft.fatal = True
        self.outcome(draft, "reported")
        return True

    def _member(self, draft: RowDraft, household_id: str, sheet: SheetRows) -> tuple[bool, bool]:
        """Create or update the row's member; returns (changed, created)."""
        member_id = self._find_member(draft, household_id, self.file_rics)
        if (
            draft.member.get("labour_skill") is None
            and "labour_skill" not in draft.bad
            and (member_id is None or "labour_skill" in sheet.member_columns)  # a sheet without it changes none
        ):
            self._skill_by_age(draft.member)
        if member_id is None:
            row: Row = {k: v for k, v in draft.member.items() if v is not None}
            row.update(id=self.new_id(), household_id=household_id)
            self.changes.new[Member].append(row)
            self.db.add_member(row)
            self._claim(draft, row["id"])
            self.result.counts["members.created"] += 1
            self._note_unshown_name(draft, sheet, None)
            return True, True
        self._claim(draft, member_id)
        stored = self.db.members[member_id]
        changed = False
        given = self._given(sheet, draft)
        # One C-level tuple comparison for the common case (nothing changed); column by column only when not.
        try:
            same = given(stored) == given(draft.member)
        except KeyError:  # a record made earlier in this import holds only its non-empty columns
            same = False
        if not same:
            for column in self._given_columns[given]:
                if column == "name" and not self._name_replaced(draft, sheet, stored["name"]):
                    continue
                if _differs(stored.get(column), draft.member[column]):
                    self.changes.update(Member, member_id, column, draft.member[column])
                    changed = True
        if stored["household_id"] != household_id:
            self.changes.update(Member, member_id, "household_id", household_id)
            self.result.counts["members.moved"] += 1
            changed = True
        self.result.counts["members.updated" if changed else "members.unchanged"] += 1
        return changed, False

    def _skill_by_age(self, member: Row) -> bool:
        """A child under 16 whose row gives no 劳动技能 (its cell empty; for a new member, a sheet without the column)
        is recorded 无劳动力, as the national list records every child and the editor fills it
        (`forms.rules.labour.skill_by_age`): left empty, each such child stood as an error (必须填写) in the county's
        checks. Sets it in ``member``; whether it did."""
        born = member.get("birth_date")
        skill = skill_by_age(born, self.options.on) if isinstance(born, date) else None
        if skill is None:
            return False
        member["labour_skill"] = skill
        self.result.repairs["child_no_labour"] += 1
        return True

    def _name_replaced(self, draft: RowDraft, sheet: SheetRows, stored: str | None) -> bool:
        """Whether the row's name is to replace the stored one: not when it is the same name spelled another way (the
        dot) or with characters the exporting system could not show, which would lose the person's true name."""
        name = draft.member.get("name")
        if name == stored:
            return True
        if mangled_copy(name, stored):
            self._note_unshown_name(draft, sheet, stored)
            return False
        if name and name_key(name) == name_key(stored):
            return False
        self._note_unshown_name(draft, sheet, None)
        return True

    def _note_unshown_name(self, draft: RowDraft, sheet: SheetRows, kept: str | None) -> None:
        """A name with ? or □ (or a private-use character) where the exporting system lost a rare character: say so on
        the row, with the stored name ``kept`` in its place, or else that the name as imported needs correcting."""
        name = draft.member.get("name")
        marks = unshown_marks(name)
        if not marks:
            return
        # A private-use character shows as nothing, or as the wrong glyph, away from the system that made it.
        shown = "、".join(f"U+{ord(m):04X}" if unicodedata.category(m) == "Co" else f"“{m}”" for m in marks)
        if kept is not None:
            zh = (
                f"姓名“{name}”中的{shown}是导出系统显示不了的字，系统中此人的姓名为“{kept}”，已保留，未改动。"
                "如需在原系统中改正，请对照户口簿。"
            )
            en = (
                f"The name “{name}” has {shown} where the exporting system could not show a character; this person's "
                f"name here, “{kept}”, was kept. Correct the other system against the 户口簿 if needed."
            )
        else:
            zh = (
                f"姓名“{name}”含有{shown}，可能是导出系统显示不了的生僻字，已按原样导入。"
                "请对照户口簿在住户编辑中改正，否则此人在各系统之间无法按姓名对上。"
            )
            en = (
                f"The name “{name}” contains {shown}, probably a rare character the exporting system could not show; "
                "imported as it is. Correct it in the household editor against the 户口簿, or the person cannot be "
                "matched by name across systems."
            )
        self.reader.problem(draft, _column(sheet, "name"), "name_unshown", zh, en, error=False, value=name)

    def _given(self, sheet: SheetRows, draft: RowDraft) -> Callable[[Row], Any]:
        """The member columns this row sets, as one getter (made once per sheet and set of columns). Stored rows have
        every column and the row's member values have exactly these, so one `itemgetter` serves both."""
        # The columns differ between rows only by whether the ID number gave sex and birth date, and by bad cells.
        key = (draft.ric is not None, frozenset(draft.bad) if draft.bad else None)
        getter = self._getters.get(key)
        if getter is None:
            columns = frozenset(c for c in draft.member if c in sheet.member_columns or c in _FROM_ID) - draft.bad
            names = sorted(columns)
            getter = self._getters[key] = itemgetter(*names) if names else (lambda _row: ())
            self._given_columns[getter] = names
        return getter

    def _claim(self, draft: RowDraft, member_id: str) -> None:
        self.claimed_members.add(member_id)
        self.row_member[id(draft)] = member_id

    def _member_id(self, draft: RowDraft) -> str:
        return self.row_member[id(draft)]

    # ---- spells --------------------------------------------------------------------------------------------

    def _spells(self, draft: RowDraft, member_id: str) -> bool:
        changed = False
        taken: set[str] = set()
        for spell in draft.spells:
            outcome = self._spell(spell, member_id, taken, draft)
            changed = changed or outcome != "unchanged"
        return changed

    def _spell(self, spell: SpellDraft, member_id: str, taken: set[str], draft: RowDraft) -> Outcome:
        stored = [s for s in self.db.spells.get(member_id, []) if s["id"] not in taken]
        values = spell.values
        if spell.start_estimated:
            same = [s for s in stored if s["form"] == values["form"] and not s.get("end_month")]
            columns = spell.columns - {"start_month"}
        else:
            same = [s for s in stored if s["form"] == values["form"] and s.get("start_month") == values["start_month"]]
            columns = spell.columns
        if not same:
            self._note_ongoing(draft, stored, values)
            # Only the cells given: this row is inserted. The spells it is matched against later in this import
            # (a 务工监测 sheet after the roster's) may lack a field, so they are read with get().
            row: Row = {k: v for k, v in values.items() if v is not None}
            row.update(id=self.new_id(), member_id=member_id)
            self.changes.new[Employment].append(row)
            self.db.spells.setdefault(member_id, []).append(row)
            taken.add(row["id"])
            self.result.counts["spells.created"] += 1
            return "created"
        exact = [s for s in same if not any(_differs(s.get(c), values.get(c)) for c in columns)]
        target = (exact or same)[0]
        taken.add(target["id"])
        changed = False
        for column in columns:
            if _differs(target.get(column), values.get(column)):
                self.changes.update(Employment, target["id"], column, values.get(column))
                changed = True
        self.result.counts["spells.updated" if changed else "spells.unchanged"] += 1
        return "updated" if changed else "unchanged"

    def _note_ongoing(self, draft: RowDraft, stored: list[Row], values: Mapping[str, Any]) -> None:
        """A new spell beside an ongoing one of the same 就业形式: a second job, or a corrected 开始时间 (spells are
        matched by form and start, so a correction adds a spell). Only the clerk knows which: the row says so."""
        ongoing = [s for s in stored if s["form"] == values["form"] and not s.get("end_month") and s.get("start_month")]
        if not ongoing:
            return
        starts = "、".join(sorted(str(s["start_month"]) for s in ongoing))
        self.reader.problem(
            draft,
            None,
            "spell_beside_ongoing",
            f"此人已有一条“{values['form']}”、开始时间为{starts}、尚未结束的就业记录，本行新增了一条开始时间为"
            f"{values.get('start_month') or '（未填）'}的记录。如果这是更正开始时间，请在住户编辑中修改原记录、"
            "删除新增的一条；如果原来的工作已经结束，请填写其结束时间。",
            f"This person already has an ongoing “{values['form']}” spell starting {starts}; this row added another "
            f"starting {values.get('start_month') or '(none)'}. If the start month was corrected, fix the first spell "
            "in the household editor and delete the new one; if the first job has ended, give its end month.",
            error=False,
        )

    def apply_spell_sheet(self, sheet: SheetRows) -> None:
        """A 务工监测 sheet: one spell per row, for people already in the database (or on a roster just imported)."""
        seen: dict[tuple[str, tuple[tuple[str, Any], ...]], RowDraft] = {}
        taken: dict[str, set[str]] = {}
        for number, draft in enumerate(sheet.drafts, 1):
            if number % CHUNK == 0:
                self.check_cancel()
            if draft.fatal or not draft.spells:
                self.outcome(draft, "reported")
                continue
            member_id = self._spell_member(draft)
            if member_id is None:
                self.outcome(draft, "reported")
                continue
            spell = draft.spells[0]
            identity = (member_id, tuple(sorted((k, spell.values.get(k)) for k in spell.columns)))
            if identity in seen:
                self.outcome(draft, "merged")
                continue
            seen[identity] = draft
            self.outcome(draft, self._spell(spell, member_id, taken.setdefault(member_id, set()), draft))
            self._member_cells_not_imported(draft, member_id, sheet)

    def _member_cells_not_imported(self, draft: RowDraft, member_id: str, sheet: SheetRows) -> None:
        """A 务工监测 sheet changes spells only: a person's own cells (成员联系电话 …) that differ from what is stored
        are not imported, and the row says so rather than dropping the edit without a word."""
        stored = self.db.members[member_id]
        columns = sheet.member_columns - _SPELL_SHEET_KEYS - draft.bad
        differing = [
            c for c in sorted(columns) if draft.member.get(c) is not None and _differs(stored.get(c), draft.member[c])
        ]
        if not differing:
            return
        cells = {c.spec.column: c for c in sheet.table.mapping.columns if c.spec and c.spec.record == "member"}
        headers = {column: cell.header for column, cell in cells.items()}
        zh = "；".join(
            f"“{headers.get(c, c)}”表中为“{_shown(draft.member[c])}”，系统中为“{_shown(stored.get(c))}”"
            for c in differing
        )
        en = ", ".join(headers.get(c, c) for c in differing)
        only = cells.get(differing[0]) if len(differing) == 1 else None
        self.reader.problem(
            draft,
            (only.index, only.header) if only is not None else None,
            "member_cells_not_imported",
            f"务工监测表只导入务工信息，不修改人员信息：{zh}。这些未导入；如需修改，请导入家庭成员表或在住户编辑中修改。",
            f"An employment sheet imports employment only, not the person's details: {en} differ from the database "
            "and were not imported. Import the member sheet or edit the household to change them.",
            error=False,
        )

    def _spell_member(self, draft: RowDraft) -> str | None:
        candidates = self.db.by_ric.get(draft.ric or "", [])
        if len(candidates) > 1:
            narrowed = [m for m in candidates if self._same_household(draft, self.db.members[m]["household_id"])]
            narrowed = narrowed or [m for m in candidates if same_person_name(self.db.members[m]["name"], draft.name)]
            candidates = narrowed or candidates
        if not candidates:
            draft.fatal = True
            self.reader.problem(
                draft,
                None,
                "person_unknown",
                f"证件号码为{draft.member.get('id_number')}的人不在数据库中。务工信息只能登记给已有的人："
                "请先导入家庭成员花名册（或在系统里添加此人），再导入这张务工表。",
                f"Nobody with ID number {draft.member.get('id_number')} is in the database. Import the member "
                "roster first (or add the person), then this employment sheet.",
            )
            return None
        member = self.db.members[candidates[0]]
        if draft.name and not same_person_name(member["name"], draft.name):
            self.reader.problem(
                draft,
                None,
                "name_differs",
                f"姓名“{draft.name}”与数据库中此证件号码的人（{member['name']}）不同，已按证件号码登记，请核对。",
                f"The name “{draft.name}” differs from the database's {member['name']} with this ID number; "
                "recorded by ID number. Please check.",
                error=False,
            )
        return str(member["id"])

    def _same_household(self, draft: RowDraft, household_id: str) -> bool:
        stored = self.db.households.get(household_id) or {}
        if draft.hh_number:
            return bool(stored.get("hh_number") == draft.hh_number)
        room = draft.household.get("room")
        return bool(room) and all(
            str(stored.get(c) or "") == str(draft.household.get(c) or "") for c in ("building", "unit", "room")
        )

    # ---- writing -------------------------------------------------------------------------------------------

    def write(self) -> int:
        """Write the collected changes; returns the number of journal entries written."""
        session = self.uow.session
        before = session.execute(select(func.coalesce(func.max(JournalEntry.seq), 0))).scalar_one()
        models = (Household, Member, Employment)
        total = sum(len(self.changes.new[m]) + len(self.changes.updates[m]) for m in models)
        written = 0

        def between_chunks(done: int) -> None:
            self.check_cancel()
            if self.options.saved is not None:
                self.options.saved(written + done, total)

        for model in models:
            self.check_cancel()
            self.uow.insert_rows(model, self.changes.new[model], between_chunks=between_chunks)
            written += len(self.changes.new[model])
            self._update(model, self.changes.updates[model])
            written += len(self.changes.updates[model])
            if self.options.saved is not None:
                self.options.saved(written, total)
        self.uow.flush()
        after = session.execute(select(func.coalesce(func.max(JournalEntry.seq), 0))).scalar_one()
        return int(after) - int(before)

    def _update(self, model: type[Synced], updates: Mapping[str, Mapping[str, Any]]) -> None:
        ids = list(updates)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for record in self.uow.session.scalars(select(model).where(model.id.in_(chunk))):
                for column, value in updates[record.id].items():
                    setattr(record, column, value)
            self.uow.flush()


def _left_day(gone: Row) -> str:
    """The day a member left, as the clerk should read it: the 减员日期 the station was told (a death on 10-15 typed
    in on 11-03 left on 10-15), else the day the 减员 was recorded, on this computer's clock (stored in UTC: a 减员
    typed at 7:30 in Yunnan is the day before in UTC)."""
    left_on = known_date(gone["left_on"])
    if left_on is not None:
        return left_on.isoformat()
    moment = local_moment(gone["deleted_at"])
    return str(gone["deleted_at"] or "")[:10] if moment is None else moment.date().isoformat()

"""The records a ledger shows: the counting households of one site or all, their members and spells, in order.

Read with plain SELECTs (no ORM objects: a county has hundreds of thousands of members), in the order clerks
file them: site, 楼栋, 单元, 门牌号 (numbers compared as numbers, so 2 comes before 10), then the 户主 first and the
others in the order of the 与户主关系 list, older before younger. Tombstoned records and 作废 households are
never shown (they do not count, DESIGN.md §4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Table, select

from ..choices import choices
from ..household_list import natural as natural  # re-exported: the ledgers import it from here
from ..records import Employment, Household, Member, Site
from ..rules.labour import VOID, is_labour_member, is_ongoing, month_of, old_enough_to_work
from ..settings import RuleSettings, load_settings
from ..station_sites import at_own_sites, own_site_ids
from ..store import Store
from ..summary import labels_by_id
from . import ExcelError
from .stored import StoredValues, find, known_date

if TYPE_CHECKING:
    from .export import ExportOptions

Row = dict[str, Any]
_RELATIONS = {value: index for index, value in enumerate(choices("relation"))}


def table_of(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


@dataclass
class Scope:
    """Which site a ledger covers (None: all), and how the title names it."""

    site_id: str | None
    label: str
    sites: dict[str, Row]
    #: the values of the database that are not of their column's type, and those the ledger met (`stored`)
    stored: StoredValues = field(default_factory=StoredValues)
    #: the sites an enrolled station serves (`forms.station_sites.own_site_ids`); None on the county and a database
    #: not enrolled. A household moved to another station's site is 已迁出 here, in no ledger, as on the 工作台.
    own: frozenset[str] | None = None
    #: each site's name as a ledger shows it: with its code where two live sites share the name (`distinct_labels`)
    labels: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.labels = labels_by_id(self.sites.values())

    @classmethod
    def load(cls, store: Store, options: ExportOptions) -> Scope:
        stored = find(store)
        with store.reading() as session:
            rows = stored.rows(session, select(table_of(Site)).where(Site.deleted_at.is_(None)))
            own = own_site_ids(session.connection())
        sites = {r["id"]: r for r in rows}
        if options.site_code is None:
            return cls(None, "全部安置点", sites, stored, own)
        for site in sites.values():
            if site["code"] == options.site_code:
                scope = cls(site["id"], "", sites, stored, own)
                scope.label = scope.labels[site["id"]]
                return scope
        listed = "、".join(f"{s['code']} {s['name']}" for s in sites.values()) or "（本库还没有安置点）"
        raise ExcelError(
            f"--site “{options.site_code}”不是本数据库里的安置点代码。可用的安置点：{listed}。",
            f"--site “{options.site_code}” is not a site code of this database. Sites: {listed}.",
        )

    def households_at(self, site_id: Any) -> list[ColumnElement[bool]]:
        """The conditions on a household's ``site_id`` column for this scope: its site, if one was chosen, and at a
        station its own sites."""
        chosen = [site_id == self.site_id] if self.site_id is not None else []
        return chosen if self.own is None else [*chosen, at_own_sites(site_id, self.own)]

    def site_name(self, site_id: str | None) -> str | None:
        """The site's name as the ledgers show it (幸福社区安置点, or 幸福社区安置点（S03） where two share it)."""
        return self.labels.get(site_id or "")


@dataclass
class Figures:
    """A household's derived fields at the survey date (家庭人数 / 劳动力人数 / 就业人数 / 零就业家庭)."""

    members: int
    labour: int
    employed: int

    @property
    def zero_employment(self) -> bool:
        return self.labour > 0 and self.employed == 0


@dataclass
class LedgerData:
    households: list[Row]
    members: dict[str, list[Row]]  # household id → members, in roster order
    spells: dict[str, list[Row]] = field(default_factory=dict)  # member id → spells, by start
    settings: RuleSettings = field(default_factory=RuleSettings)
    on: date = field(default_factory=date.today)

    def labour(self, member: Row) -> bool:
        return is_labour_member(
            known_date(member["birth_date"]),
            member["sex"],
            member["student_status"],
            member["labour_skill"],
            self.settings,
            self.on,
        )

    def employed(self, member: Row) -> bool:
        """`forms.rules.labour.counts_as_employed` over spell rows (the rule's own `is_ongoing`, without view
        objects): a child under 16 with a job is not 已就业 in any count."""
        if not old_enough_to_work(known_date(member["birth_date"]), self.on):
            return False
        month, forms = month_of(self.on), self.settings.employment_forms
        return any(
            s["form"] in forms and is_ongoing(s["start_month"], s["end_month"], month)
            for s in self.spells.get(member["id"], ())
        )

    def figures(self, household: Row) -> Figures:
        members = self.members.get(household["id"], [])
        labour = sum(1 for m in members if self.labour(m))
        employed = sum(1 for m in members if self.employed(m))
        return Figures(len(members), labour, employed)

    def current_spell(self, member: Row) -> Row | None:
        """The spell that makes the member employed now: the counting ongoing spell started last."""
        month = month_of(self.on)
        forms = self.settings.employment_forms
        ongoing = [
            s
            for s in self.spells.get(member["id"], ())
            if s["form"] in forms and is_ongoing(s["start_month"], s["end_month"], month)
        ]
        return max(ongoing, key=lambda s: (s["start_month"], s["id"])) if ongoing else None


#: The spell columns the member sheet and the summary need (the 务工 sheet takes them all).
FIGURE_SPELL_COLUMNS = ("id", "member_id", "form", "place_scope", "start_month", "end_month")


def _rows(
    session: Any, stored: StoredValues, table: Table, columns: Sequence[str] | None, *conditions: Any
) -> list[Row]:
    """Rows as plain dicts, built from tuples (RowMapping costs seconds over a county's members)."""
    selected = [table.c[c] for c in columns] if columns else list(table.c)
    return stored.rows(session, select(*selected).where(table.c.deleted_at.is_(None), *conditions))


def load(store: Store, scope: Scope, on: date, *, spell_columns: Sequence[str] | None = None) -> LedgerData:
    """Everything a ledger of this scope shows; ``spell_columns`` limits what is read of the spells."""
    settings = load_settings(store)
    households_t, members_t, spells_t = table_of(Household), table_of(Member), table_of(Employment)
    with store.reading() as session:
        site = scope.households_at(households_t.c.site_id)
        stored = scope.stored
        households = _rows(session, stored, households_t, None, households_t.c.status != VOID, *site)
        wanted = {h["id"] for h in households}
        members: dict[str, list[Row]] = {}
        for row in _rows(session, stored, members_t, None):
            if row["household_id"] in wanted:
                members.setdefault(row["household_id"], []).append(row)
        member_ids = {m["id"] for rows in members.values() for m in rows}
        spell_rows: dict[str, list[Row]] = {}
        for row in _rows(session, stored, spells_t, spell_columns):
            if row["member_id"] in member_ids:
                spell_rows.setdefault(row["member_id"], []).append(row)
    stored.note("households", households)
    stored.note("members", (m for rows in members.values() for m in rows))
    stored.note("employments", (s for rows in spell_rows.values() for s in rows))
    households.sort(
        key=lambda h: (
            scope.site_name(h["site_id"]) or "",
            natural(h["building"]),
            natural(h["unit"]),
            natural(h["room"]),
            h["hh_number"] or "",
            h["id"],
        )
    )
    for rows in members.values():
        rows.sort(key=member_order)
    for rows in spell_rows.values():
        rows.sort(key=lambda s: (s["start_month"] or "", s["form"], s["id"]))
    return LedgerData(households, members, spell_rows, settings, on)


def member_order(m: Row) -> tuple[Any, ...]:
    """The 户主 first, then the others in the order of the 与户主关系 list, older before younger."""
    return (_RELATIONS.get(m["relation"], 99), known_date(m["birth_date"]) or date.max, m["name"], m["id"])


def place_cells(number: int, household: Row, scope: Scope) -> list[Any]:
    """A ledger row's first cells: its number, and where the household lives (安置点, 户编号, 楼栋, 单元, 门牌号)."""
    return [
        number,
        scope.site_name(household["site_id"]),
        household["hh_number"],
        household["building"],
        household["unit"],
        household["room"],
    ]

"""Values a ledger meets that Anju never writes: a database edited outside the program, or half broken.

SQLite keeps what it is given: digits typed into a date column stay a number, ``2024-13-45`` stays text, ``x`` sits
in a yes/no column. Read with the columns' types, such a value stopped an export as a program error. An export
asks first (`find`), one query per table, which values are not of their column's type, so the ordinary export
reads exactly as before; only the columns that hold one are read as stored (`StoredValues.rows`) and converted
here, an unreadable value written into its cell as the text it is. The ledger then says which odd values it met
(`StoredValues.met`: table, 户编号, member, field, value), as ``anju check`` names them (`forms.rules.loading`).

It also finds the members whose household row is not there (`LostMember`): SQLite enforces the reference only
for a connection that asks (Anju's do), so a database edited with another tool, or half restored, can hold them.
Every ledger starts from the households, so such a member is on none, and no figure counts them: each export
names them, so the clerk knows the sheet is short.

Only SQLite can hold such values: PostgreSQL refuses them when they are written, so a county server is not asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, ColumnElement, Connection, Date, Integer, String, Table, type_coerce

from ..errors import StoreError
from ..household_list import address_of
from ..records import Employment, Household, Measure, Member, Site, Visit
from ..rules.loading import column_converter, stored_date, unreadable_value
from .headers import BY_KEY

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.orm import Session

    from ..store import Store

Row = dict[str, Any]
_HOME = ("hh_number", "building", "unit", "room")  # how a household is found: its 户编号, else its flat
MONTHS = frozenset({"relocated_on", "start_month", "end_month"})  # YYYY-MM text
#: How each table's records are named to a clerk: the prefix of its fields in `headers.BY_KEY`; the alias of the
#: household it belongs to (its 户编号 and flat, `_HOME`); the member's name, where the record is a person's; and
#: the joins that reach them from the record (``t``).
_TABLES: dict[str, tuple[str, str, str, str]] = {
    "sites": ("site", "NULL", "NULL", ""),
    "households": ("household", "t", "NULL", ""),
    "members": ("member", "h", "t.name", "LEFT JOIN households h ON h.id = t.household_id"),
    "employments": (
        "spell",
        "h",
        "m.name",
        "LEFT JOIN members m ON m.id = t.member_id LEFT JOIN households h ON h.id = m.household_id",
    ),
    "measures": (
        "measure",
        "h",
        "m.name",
        "LEFT JOIN households h ON h.id = t.household_id LEFT JOIN members m ON m.id = t.member_id",
    ),
    "visits": ("visit", "h", "NULL", "LEFT JOIN households h ON h.id = t.household_id"),
}
_MODELS = (Site, Household, Member, Employment, Measure, Visit)
_COLUMNS = {(m.__tablename__, c.name): c for m in _MODELS for c in m.__table__.columns}
#: Fields the import's catalogue has no header for.
_LABELS = {
    "measure.kind": "帮扶措施",
    "measure.started_on": "帮扶措施开始日期",
    "measure.due_on": "帮扶措施计划完成日期",
    "measure.closed_on": "帮扶措施完成日期",
    "visit.visited_on": "走访日期",
    "check.birth_date": "出生日期",
    "extra": "问卷补充项",
}


@dataclass(frozen=True)
class OddValue:
    """One stored value that is not of its column's type, and whose it is."""

    table: str  # households, members, employments, measures, visits, sites
    record_id: str
    column: str
    household: str | None  # 户编号
    address: str | None  # 楼栋 单元 门牌号, for a household that has no 户编号 yet
    member: str | None  # 姓名
    field: str  # the column as a clerk knows it (出生日期)
    value: str  # as stored

    def where(self) -> str:
        """户编号 5303…0070 张三, or the flat of a household without a number (or whichever of them is known)."""
        home = f"户编号 {self.household}" if self.household else f"{self.address}（未填户编号）" if self.address else ""
        parts = [home, self.member or ""]
        return " ".join(p for p in parts if p) or f"{self.table} {self.record_id[:8]}"

    def line(self) -> str:
        return f"{self.where()}：{self.field}“{self.value}”"

    def expected(self) -> tuple[str, str]:
        """What the field holds when Anju writes it, for a person (中文, English): 日期, a date."""
        kind = _COLUMNS[self.table, self.column].type
        if isinstance(kind, Date):
            return "日期", "a date"
        if self.column in MONTHS:
            return "年月", "a month"
        if isinstance(kind, Boolean):
            return "“是”或“否”", "yes or no"
        if isinstance(kind, Integer):
            return "整数", "a whole number"
        return "安居能读的内容", "something Anju can read"

    def to_json(self) -> dict[str, str | None]:
        return {
            "table": self.table,
            "id": self.record_id,
            "household": self.household,
            "address": self.address,
            "member": self.member,
            "field": self.field,
            "column": self.column,
            "value": self.value,
        }


def _condition(column: ColumnElement[Any], name: str) -> str | None:
    """SQL true for a value of ``column`` (called ``name`` in the query) that Anju does not write, or None for the
    columns that take any text."""
    kind = column.type
    if isinstance(kind, Date):
        # SQLite's date() passes 1990-02-30: the days past 28 are checked again in Python (`_odd`)
        return f"typeof({name}) <> 'text' OR date({name}) IS NOT {name} OR substr({name}, 9, 2) > '28'"
    if isinstance(kind, Boolean):
        return f"typeof({name}) <> 'integer' OR {name} NOT IN (0, 1)"
    if isinstance(kind, Integer) and column.name != "rev":
        return f"typeof({name}) <> 'integer'"
    if isinstance(kind, JSON):
        return f"typeof({name}) <> 'text' OR NOT json_valid({name})"
    if column.name in MONTHS:
        return (
            f"typeof({name}) <> 'text' OR {name} NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'"
            f" OR substr({name}, 6, 2) NOT BETWEEN '01' AND '12'"
        )
    return None


#: Said with the list of odd values (the command line; the 导入导出 page says the same in its own words).
ODD_HEAD = (
    "注意：读到 {n} 个安居不会写出的值（数据库文件可能在安居之外被改过），已按数据库里的原样写入表格；"
    "算年龄、劳动力、就业等数字时，读不出的日期按未填处理："
)
ODD_TAIL = "请运行 anju audit --db 数据库文件 查看这些记录是谁、何时改的，再从备份恢复或请县里处理；改正后重新导出。"
ODD_EN = (
    "Note: {n} stored values are not as Anju writes them (the database was probably edited outside Anju). They are "
    "written as stored; a date that cannot be read counts as not filled in. Run anju audit --db FILE to see who "
    "changed these records, then restore a backup or ask the county, and export again."
)


@dataclass(frozen=True)
class LostMember:
    """A live member whose household row is not in the database: in no ledger."""

    member_id: str
    name: str | None
    household_id: str  # the household it points to, which is not there

    def line(self) -> str:
        return f"{self.name or '（未填姓名）'}：所属的户 {self.household_id} 在数据库里不存在"

    def to_json(self) -> dict[str, str | None]:
        return {"id": self.member_id, "name": self.name, "household_id": self.household_id}


#: Said with the list of lost members (the command line; the 导入导出 page says the same in its own words).
LOST_HEAD = (
    "注意：{n} 名成员所属的户在数据库里不存在（数据库文件可能损坏，或在安居之外被改过），"
    "这些成员没有写入本表，也没有计入任何人数："
)
LOST_TAIL = (
    "请运行 anju audit --db 数据库文件 查看这些户是何时、在安居之外被删除的，再用之前的备份恢复（anju restore），"
    "或请县里处理；恢复后重新导出。"
)
LOST_EN = (
    "Note: {n} members belong to a household that is not in the database (the file is damaged or was edited "
    "outside Anju); they are on no sheet and in no count. Run anju audit --db FILE to see when those households "
    "were deleted outside Anju, restore a backup taken before (anju restore) or ask the county, and export again."
)


def odd_lines(values: Sequence[OddValue], limit: int = 20) -> list[str]:
    """The odd values for a person to read: one a line, the first ``limit`` of them and how many more."""
    lines = [value.line() for value in values[:limit]]
    if len(values) > limit:
        lines.append(f"……另有 {len(values) - limit} 个")
    return lines


def _odd(column: ColumnElement[Any], raw: Any) -> bool:
    """Whether a value SQL found suspect is odd: a date past the 28th is, if Python cannot read it."""
    if isinstance(column.type, Date) and isinstance(raw, str):
        try:
            stored_date(raw)
        except ValueError:
            return True
        return False
    return True


def _label(table: str, column: str) -> str:
    prefix = _TABLES[table][0]
    spec = BY_KEY.get(f"{prefix}.{column}") or BY_KEY.get(f"check.{column}")
    return spec.header if spec else _LABELS.get(f"{prefix}.{column}") or _LABELS.get(column) or column


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


@dataclass
class StoredValues:
    """The odd values of a database, and those an export has met."""

    found: dict[tuple[str, str], dict[str, OddValue]] = field(default_factory=dict)  # (table, id) → column → value
    columns: frozenset[tuple[str, str]] = frozenset()  # (table, column) holding one
    lost: tuple[LostMember, ...] = ()  # members whose household row is not there
    _met: dict[tuple[str, str, str], OddValue] = field(default_factory=dict)

    def rows(self, session: Session, query: Select[Any]) -> list[Row]:
        """The rows of ``query`` as dicts; the columns that hold an odd value read as stored, converted where they
        can be (an unreadable date or yes/no stays the text stored, `known_date` tells it from a date)."""
        if not self.columns:
            result = session.execute(query)
            keys = list(result.keys())
            return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]
        converters: dict[str, Callable[[Any], Any]] = {}
        selected = []
        for column in query.selected_columns:
            table = getattr(column, "table", None)
            # Text and numbers come as stored anyway; dates, yes/no and JSON are converted by the column's type.
            if isinstance(table, Table) and (table.name, column.name) in self.columns and column_converter(column.type):
                converters[column.name] = _tolerant(column.type)
                column = type_coerce(column, String).label(column.name)
            selected.append(column)
        result = session.execute(query.with_only_columns(*selected))
        keys = list(result.keys())
        rows = [dict(zip(keys, row, strict=True)) for row in result.fetchall()]
        for row in rows:
            for name, convert in converters.items():
                if row[name] is not None:
                    row[name] = convert(row[name])
        return rows

    def note(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Remember the odd values of these rows of ``table``: the ledger shows them, or counts with them."""
        if not self.columns:
            return
        for row in rows:
            found = self.found.get((table, row["id"]))
            if found:
                for value in found.values():
                    self._met.setdefault((table, row["id"], value.column), value)

    def met(self) -> tuple[OddValue, ...]:
        return tuple(sorted(self._met.values(), key=_order))

    def unread(self) -> tuple[OddValue, ...]:
        """The odd values found of the columns read as dates, yes/no or JSON (`column_converter`), met or not: the
        ones no rule can read (``anju check`` lists them). Text in a month or number column is read as the text it
        is, and an empty month means none (`labour`)."""
        return tuple(
            sorted(
                (
                    v
                    for values in self.found.values()
                    for v in values.values()
                    if column_converter(_COLUMNS[v.table, v.column].type)
                ),
                key=_order,
            )
        )

    def unreadable(
        self, columns: Iterable[tuple[str, str]], doing: tuple[str, str] = ("导出", "export")
    ) -> StoreError | None:
        """An export (or what ``doing`` names) that cannot be made around an odd value (it is read by SQL elsewhere,
        as a date): the words of `unreadable_value` for the first such value, with whose record it is, or None when
        none of ``columns`` holds one (the failure was something else)."""
        wanted = set(columns) & self.columns
        odd = sorted(
            (v for values in self.found.values() for v in values.values() if (v.table, v.column) in wanted),
            key=lambda v: (v.household or "", v.member or "", v.field),
        )
        if not odd:
            return None
        first = odd[0]
        said = unreadable_value(_COLUMNS[first.table, first.column], first.value)
        more = f"另有 {len(odd) - 1} 个这样的值。" if len(odd) > 1 else ""
        more_en = f" {len(odd) - 1} more such values." if len(odd) > 1 else ""
        return StoreError(
            f"无法{doing[0]}：{first.where()} 的“{first.field}”不是有效的值。{said.zh}{more}",
            f"Cannot {doing[1]}: the {first.column} of {first.where()} is not a valid value. {said.en}{more_en}",
        )


def _order(value: OddValue) -> tuple[str, str, str, str]:
    return value.household or "", value.member or "", value.field, value.record_id


def _tolerant(kind: Any) -> Callable[[Any], Any]:
    """``anju check``'s converter for the type (`forms.rules.loading`), keeping a value it cannot read as text."""
    convert = column_converter(kind) or _shown
    if isinstance(kind, Boolean):
        return lambda v: bool(v) if v in (0, 1) and not isinstance(v, str) else _shown(v)

    def tolerant(value: Any) -> Any:
        try:
            return convert(value)
        except (ValueError, TypeError):
            return _shown(value)

    return tolerant


def known_date(value: Any) -> date | None:
    """A date read from a record, or None for none or a value kept as stored because it is no date."""
    return value if isinstance(value, date) else None


def find(store: Store) -> StoredValues:
    """The odd values of the tables ledgers read, and the members whose household is not there: a scan of each
    table, through the driver."""
    if store.engine.dialect.name != "sqlite":
        return StoredValues()  # PostgreSQL refuses odd values and enforces every reference
    found: dict[tuple[str, str], dict[str, OddValue]] = {}
    columns: set[tuple[str, str]] = set()
    with store.engine.connect() as conn:
        lost = tuple(
            LostMember(member_id, name, household_id)
            for member_id, name, household_id in conn.exec_driver_sql(
                "SELECT m.id, m.name, m.household_id FROM members m LEFT JOIN households h ON h.id = m.household_id"
                " WHERE m.deleted_at IS NULL AND h.id IS NULL ORDER BY m.household_id, m.name, m.id"
            )
        )
        for model in _MODELS:
            for odd in _scan(conn, model, model.__tablename__):
                found.setdefault((odd.table, odd.record_id), {})[odd.column] = odd
                columns.add((odd.table, odd.column))
    return StoredValues(found, frozenset(columns), lost)


def odd_incoming(conn: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, OddValue]]:
    """The values of ``rows`` (records of ``table`` not written yet, as sync carries them: dates as ISO text, yes/no
    as true/false, `sync.rows`) that `find` would list once they were written: record id → column → value, for a
    caller to leave out before writing (a station taking the county's return file, `sync.station_apply`). They are
    judged by the same query, on a temporary copy of the columns it reads: the same column types, so SQLite stores
    each value there as the table would (text digits in a number column become a number), and named through what the
    database already holds (a member by its household's 户编号). Only SQLite stores such values: {} on another
    database, or for a table `find` does not read."""
    model = next((m for m in _MODELS if m.__tablename__ == table), None)
    if model is None or conn.dialect.name != "sqlite" or not rows:
        return {}
    # Only the columns the query reads: a return file may hold 100,000 members, and each column costs to copy.
    _prefix, household, member, joins = _TABLES[table]
    read = set(re.findall(r"\bt\.(\w+)", f"{member} {joins}")) | ({*_HOME} if household == "t" else set())
    columns = [c for c in model.__table__.columns if c.name in read or c.name == "id" or _condition(c, "") is not None]
    names, marks = ", ".join(c.name for c in columns), ", ".join("?" * len(columns))
    # A JSON column is written as the JSON text of whatever JSON value came (`sync.rows`), always valid: left empty
    # (read by the key "", which no row has).
    taken = [c.name if not isinstance(c.type, JSON) else "" for c in columns]
    copy = f"anju_incoming_{table}"
    conn.exec_driver_sql(f"CREATE TEMP TABLE {copy} AS SELECT {names} FROM main.{table} WHERE 0")
    try:
        conn.exec_driver_sql(
            f"INSERT INTO temp.{copy} ({names}) VALUES ({marks})", [tuple(map(row.get, taken)) for row in rows]
        )
        found: dict[str, dict[str, OddValue]] = {}
        for odd in _scan(conn, model, f"temp.{copy}"):
            found.setdefault(odd.record_id, {})[odd.column] = odd
        return found
    finally:
        conn.exec_driver_sql(f"DROP TABLE temp.{copy}")


def _scan(conn: Connection, model: type[Any], source: str) -> Iterator[OddValue]:
    """The odd values of the rows of ``model``'s table read from ``source`` (the table, or a copy of it), one query."""
    table = model.__tablename__
    checks = [
        (c.name, f"t.{c.name} IS NOT NULL AND ({cond})")
        for c in model.__table__.columns
        if (cond := _condition(c, f"t.{c.name}")) is not None
    ]
    if not checks:
        return
    _prefix, household, member, joins = _TABLES[table]
    flags = ", ".join(f"CASE WHEN {cond} THEN 1 END" for _name, cond in checks)
    values = ", ".join(f"t.{name}" for name, _cond in checks)
    anywhere = " OR ".join(f"({cond})" for _name, cond in checks)
    home = ", ".join(f"{household}.{c}" if household != "NULL" else "NULL" for c in _HOME)
    sql = f"SELECT t.id, {member}, {home}, {flags}, {values} FROM {source} t {joins} WHERE {anywhere}"
    for row in conn.exec_driver_sql(sql):
        record_id, name, hh_number, building, unit, room = row[:6]
        flagged, raws = row[6 : 6 + len(checks)], row[6 + len(checks) :]
        for (column, _cond), flag, raw in zip(checks, flagged, raws, strict=True):
            if flag and _odd(model.__table__.c[column], raw):
                yield OddValue(
                    table,
                    record_id,
                    column,
                    hh_number,
                    address_of(building, unit, room) or None,
                    name,
                    _label(table, column),
                    _shown(raw),
                )

"""Records whose household (or, for a 就业记录, member) row is not in the database: `anju check` names them.

Anju never deletes a household, member or spell row (it tombstones them), and SQLite refuses a record pointing at
a row that is not there while foreign keys are on, as Anju keeps them. Such a record comes only from a damaged
file or one edited outside Anju: no 住户 list, editor, ledger or count reaches it (the exports say so since they
name lost members, `forms.excel.stored`), so the check, which a worker runs to hear whether anything is wrong,
names each of them as an error, with what to do: `anju audit` shows when the rows went, then a backup from before
is restored, or the county is asked.

Read as stored, through the driver (a hand-edited file may hold a date that is no date); on PostgreSQL, which
enforces every reference, there are none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from .findings import measure_who, visit_who

#: The section of `anju check` that lists them, as a rule group is headed (中文, English, code).
TITLE = ("记录所属的户或成员在数据库里不存在", "Records whose household or member is missing", "records.lost")
#: What to do, said after the list (`anju check`).
ADVICE = (
    "这些记录不属于任何现存的户，住户列表、编辑器和各种统计表都看不到、也不计入（数据库文件可能损坏，或在安居之外被改过）。"
    "请运行 anju audit --db 数据库文件 查看这些户或成员是何时在安居之外被删除的，再用之前的备份恢复（anju restore），"
    "或请县里处理；恢复后再运行 anju check。",
    "These records belong to no household that is there: no list, editor or ledger shows or counts them (the file "
    "is damaged or was edited outside Anju). Run anju audit --db FILE to see when those households or members were "
    "deleted outside Anju, restore a backup taken before (anju restore) or ask the county, then run anju check again.",
)

#: (table, SQL): the live records of each table whose parent row is missing, with what names them.
_QUERIES = (
    (
        "members",
        "SELECT t.id, t.household_id, NULL, t.name, t.relation, NULL, NULL FROM members t"
        " LEFT JOIN households p ON p.id = t.household_id WHERE t.deleted_at IS NULL AND p.id IS NULL",
    ),
    (
        "employments",
        "SELECT t.id, NULL, t.member_id, t.form, t.start_month, t.employer, NULL FROM employments t"
        " LEFT JOIN members p ON p.id = t.member_id WHERE t.deleted_at IS NULL AND p.id IS NULL",
    ),
    (
        "visits",
        "SELECT t.id, t.household_id, NULL, t.visited_on, t.surveyor, NULL, NULL FROM visits t"
        " LEFT JOIN households p ON p.id = t.household_id WHERE t.deleted_at IS NULL AND p.id IS NULL",
    ),
    (
        "measures",
        "SELECT t.id, t.household_id, t.member_id, t.kind, t.started_on, t.due_on, n.name FROM measures t"
        " LEFT JOIN households p ON p.id = t.household_id LEFT JOIN members n ON n.id = t.member_id"
        " WHERE t.deleted_at IS NULL AND p.id IS NULL",
    ),
)


@dataclass(frozen=True)
class LostRecord:
    """A live record whose parent row is missing: which record, what it is (中文, English) and what it points to."""

    table: str  # members, employments, visits, measures
    record_id: str
    zh: str  # 成员王大（户主）, 就业记录（外出务工，2024-03起，昆明某厂）, 2026-05-01的走访 …
    en: str
    household_id: str | None  # the household it points to, which is not there (None for a 就业记录)
    member_id: str | None  # the member a 就业记录 points to, which is not there; the member a measure is for

    def line(self) -> str:
        """中文: who, and what is wrong."""
        if self.table == "employments":
            return f"{self.zh}：所属的成员（编号 {self.member_id}）在数据库里不存在"
        return f"{self.zh}：所属的户（编号 {self.household_id}）在数据库里不存在"

    def line_en(self) -> str:
        if self.table == "employments":
            return f"{self.en}: its member (id {self.member_id}) is not in the database"
        return f"{self.en}: its household (id {self.household_id}) is not in the database"

    def to_json(self) -> dict[str, str | None]:
        return {
            "table": self.table,
            "record_id": self.record_id,
            "household_id": self.household_id,
            "member_id": self.member_id,
            "message": self.line(),
            "message_en": self.line_en(),
        }


def find_lost(conn: Connection) -> tuple[LostRecord, ...]:
    """Every live member, 就业记录, 走访 and 帮扶措施 whose household (for a 就业记录, member) row is missing, in
    that order, each table by what it points to. One indexed join per table: about 0.1 s for the 200,000 members of a
    county's 50,000 households."""
    if conn.dialect.name != "sqlite":
        return ()
    found: list[LostRecord] = []
    for table, sql in _QUERIES:
        rows = sorted(conn.exec_driver_sql(sql), key=lambda r: (r[1] or "", r[2] or "", str(r[3] or ""), r[0]))
        for record_id, household_id, member_id, a, b, c, d in rows:
            zh, en = _who(table, a, b, c, d)
            found.append(LostRecord(table, record_id, zh, en, household_id, member_id))
    return tuple(found)


def _who(table: str, a: object, b: object, c: object, d: object) -> tuple[str, str]:
    """How the list names a record, in the words findings use (`forms.findings`): ``a`` … ``d`` are the columns its
    query (`_QUERIES`) selects after the ids."""
    if table == "members":
        name, relation = _text(a) or "未填姓名", _text(b)
        return f"成员{name}" + (f"（{relation}）" if relation else ""), f"Member {name}" + (
            f" ({relation})" if relation else ""
        )
    if table == "employments":  # its member is gone: the spell is named by what it says
        form, start, employer = _text(a), _text(b), _text(c)
        said = [part for part in (form, f"{start}起" if start else None, employer) if part]
        said_en = [part for part in (form, f"from {start}" if start else None, employer) if part]
        return "就业记录" + (f"（{'，'.join(said)}）" if said else ""), "Employment" + (
            f" ({', '.join(said_en)})" if said_en else ""
        )
    if table == "visits":
        visit, visit_en = visit_who(a)
        by = _text(b)
        return (f"{visit}（走访人{by}）" if by else visit), (f"{visit_en} (by {by})" if by else visit_en)
    member = _text(d)
    return measure_who(_text(a), (member, member) if member else None, c, b)


def _text(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None

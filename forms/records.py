"""The survey records (DESIGN.md §3) as SQLAlchemy 2 models.

Synced records carry the sync metadata on the row (id, rev, updated_at, updated_by, origin, deleted_at) and are
never hard-deleted: a delete is a tombstone. Every change to them is written to the change journal by the unit
of work in `forms.store`; nothing else in the program writes these tables.

Columns use English names; the national Chinese labels live in the questionnaire (resources/forms/) and in
`domain-fields.md`. Dates are ``Date`` (stored as ISO text on SQLite so SQL can compare them); months are
``YYYY-MM`` text; timestamps are ISO-8601 UTC text, for people to read, never used to order changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, MetaData, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .pinyin import name_initials


# Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED): a unit of work or a sync batch may
# write a child before its parent, and only the committed state has to be whole.
def parent(target: str) -> ForeignKey:
    return ForeignKey(target, deferrable=True, initially="DEFERRED")


# Stable constraint names so Alembic batch migrations on SQLite can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A record id made where the record is created, so stations never collide."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Synced(Base):
    """Columns every synced record has (DESIGN.md §3)."""

    __abstract__ = True
    #: Fields that are bookkeeping, not content: never journaled as edits, never merged field by field.
    SYNC_FIELDS: ClassVar[frozenset[str]] = frozenset({"id", "rev", "updated_at", "updated_by", "origin", "deleted_at"})

    #: Fields computed from other fields: stored for SQL, recomputed on every write, never journaled.
    DERIVED_FIELDS: ClassVar[frozenset[str]] = frozenset()

    #: Content that belongs to the tombstone it was written with (a member's 减员原因 and 减员日期): a record brought
    #: back (恢复), or removed anew, keeps none of an earlier removal's, whichever program's change did it
    #: (`sync.merge`: one from before the field existed carries nothing to clear it with).
    TOMBSTONE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rev: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    updated_at: Mapped[str] = mapped_column(String(32), nullable=False)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    origin: Mapped[str] = mapped_column(String(64), nullable=False)
    deleted_at: Mapped[str | None] = mapped_column(String(32))

    def __init__(self, **values: Any) -> None:
        # The id exists from the moment the record does, so children can refer to it before any flush.
        values.setdefault("id", new_id())
        super().__init__(**values)

    def content(self) -> dict[str, Any]:
        """Column values that are content (what the journal records and sync merges)."""
        return {c.key: getattr(self, c.key) for c in self.__table__.columns if c.key not in self.SYNC_FIELDS}

    @classmethod
    def derive(cls, values: Mapping[str, Any]) -> dict[str, Any]:
        """The derived fields for a record with these content values."""
        return {}


class Site(Synced):
    """安置点: county-owned, sent down to stations."""

    __tablename__ = "sites"
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    county: Mapped[str | None] = mapped_column(String(50))
    town: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(200))
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class Household(Synced):
    """户: one relocated household at a site."""

    __tablename__ = "households"
    site_id: Mapped[str] = mapped_column(parent("sites.id"), nullable=False, index=True)
    hh_number: Mapped[str | None] = mapped_column(String(32), index=True)  # 户编号 (national id)
    origin_county: Mapped[str | None] = mapped_column(String(50))  # 县(市、区、旗)
    origin_town: Mapped[str | None] = mapped_column(String(50))  # 乡(镇)
    origin_village: Mapped[str | None] = mapped_column(String(50))  # 行政村
    origin_hamlet: Mapped[str | None] = mapped_column(String(50))  # 自然村
    building: Mapped[str | None] = mapped_column(String(20))  # 楼栋
    unit: Mapped[str | None] = mapped_column(String(20))  # 单元
    room: Mapped[str | None] = mapped_column(String(20))  # 门牌号
    relocation_type: Mapped[str | None] = mapped_column(String(30))  # 易迁户属性
    household_type: Mapped[str | None] = mapped_column(String(20))  # 户类型
    monitoring_type: Mapped[str | None] = mapped_column(String(20))  # 监测对象类别
    relocated_on: Mapped[str | None] = mapped_column(String(7))  # 搬迁时间 YYYY-MM
    phone: Mapped[str | None] = mapped_column(String(20))  # 户联系电话
    collector: Mapped[str | None] = mapped_column(String(50))  # 采集人
    collected_on: Mapped[date | None] = mapped_column(Date)  # 采集日期
    status: Mapped[str] = mapped_column(String(10), default="草稿", nullable=False)
    void_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class Member(Synced):
    """家庭成员."""

    __tablename__ = "members"
    __table_args__ = (
        # The live 户主 of each household, for `anju check`'s one-head rule (only heads, so it stays small).
        Index(
            "ix_members_live_heads",
            "household_id",
            sqlite_where=text("relation = '户主' AND deleted_at IS NULL"),
            postgresql_where=text("relation = '户主' AND deleted_at IS NULL"),
        ),
    )
    DERIVED_FIELDS: ClassVar[frozenset[str]] = frozenset({"name_initials", "id_check"})
    TOMBSTONE_FIELDS: ClassVar[frozenset[str]] = frozenset({"left_reason", "left_on"})
    household_id: Mapped[str] = mapped_column(parent("households.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False)
    name_initials: Mapped[str | None] = mapped_column(String(50), index=True)  # pinyin initials, derived
    id_type: Mapped[str] = mapped_column(String(10), default="居民身份证", nullable=False)
    id_number: Mapped[str | None] = mapped_column(String(22), index=True)  # normalised
    sex: Mapped[str | None] = mapped_column(String(2))  # derived from the ID, stored
    birth_date: Mapped[date | None] = mapped_column(Date)  # derived from the ID, stored
    ethnicity: Mapped[str | None] = mapped_column(String(10))
    relation: Mapped[str | None] = mapped_column(String(10))  # 与户主关系
    education: Mapped[str | None] = mapped_column(String(10))
    student_status: Mapped[str | None] = mapped_column(String(20))  # empty = not a student
    health: Mapped[str | None] = mapped_column(String(40))  # several, joined by ","
    disability: Mapped[str | None] = mapped_column(String(10))
    labour_skill: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(20))
    job_intent: Mapped[bool | None] = mapped_column(Boolean)
    job_intent_note: Mapped[str | None] = mapped_column(String(100))
    training_intent: Mapped[bool | None] = mapped_column(Boolean)
    training_intent_note: Mapped[str | None] = mapped_column(String(100))
    trained: Mapped[bool | None] = mapped_column(Boolean)
    trained_note: Mapped[str | None] = mapped_column(String(100))
    hard_to_employ: Mapped[bool | None] = mapped_column(Boolean)
    unemployment_reason: Mapped[str | None] = mapped_column(String(20))
    two_after: Mapped[bool | None] = mapped_column(Boolean)  # 两后生
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: What the ID rules say of this member whatever the survey date, derived from 证件类型, 证件号码, 性别 and
    #: 出生日期 (`forms.rules.member_rules.id_verdict`): "" nothing (a checked number, stored canonically), "-"
    #: nothing to check, else why not (the first rule code). `anju check` reads it instead of validating every
    #: number on every run.
    id_check: Mapped[str | None] = mapped_column(String(40))
    #: 减员原因: why the member left the household (`forms.leaving.LEFT_REASONS`), kept on the tombstone; empty
    #: while they are in it.
    left_reason: Mapped[str | None] = mapped_column(String(20))
    #: 减员日期: the day the member left (died, married out …), as the station was told it, kept with the reason; the
    #: county explains each month's drops by it, not by the day the 减员 was typed. Empty while they are in the
    #: household, and for those removed before it was asked (revision 0011). One a county not yet upgraded received
    #: and could not keep is taken from its history once it has upgraded (`sync.left_days`).
    left_on: Mapped[date | None] = mapped_column(Date)

    @classmethod
    def derive(cls, values: Mapping[str, Any]) -> dict[str, Any]:
        return {"name_initials": name_initials(values.get("name")), "id_check": _id_check(values)}


def _id_check(values: Mapping[str, Any]) -> str:
    global _id_verdict
    if _id_verdict is None:  # imported on first use: it loads the ID number tables
        from .rules.member_rules import id_verdict

        _id_verdict = id_verdict
    return _id_verdict(values.get("id_type"), values.get("id_number"), values.get("sex"), values.get("birth_date"))


_id_verdict: Callable[[Any, Any, Any, Any], str] | None = None


class Employment(Synced):
    """就业: one employment spell of a member. Employment status at a date is derived from spells."""

    __tablename__ = "employments"
    member_id: Mapped[str] = mapped_column(parent("members.id"), nullable=False, index=True)
    form: Mapped[str] = mapped_column(String(20), nullable=False)  # 就业形式
    place_scope: Mapped[str | None] = mapped_column(String(10))  # 务工地域
    place: Mapped[str | None] = mapped_column(String(60))  # 务工所在地 (province and county)
    employer: Mapped[str | None] = mapped_column(String(100))
    industry: Mapped[str | None] = mapped_column(String(40))
    start_month: Mapped[str | None] = mapped_column(String(7))  # YYYY-MM
    end_month: Mapped[str | None] = mapped_column(String(7))  # empty = ongoing
    monthly_income: Mapped[int | None] = mapped_column(Integer)  # 元
    organised: Mapped[bool | None] = mapped_column(Boolean)  # 有组织劳务输出
    point_to_point: Mapped[bool | None] = mapped_column(Boolean)  # 点对点输送
    welfare_post_type: Mapped[str | None] = mapped_column(String(30))  # 公益性岗位类型
    contract_start: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    accident_insurance: Mapped[bool | None] = mapped_column(Boolean)  # 意外伤害保险
    transport_subsidy: Mapped[int | None] = mapped_column(Integer)  # 年度交通费补助, 元
    transport_subsidy_year: Mapped[int | None] = mapped_column(Integer)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class Visit(Synced):
    """走访: one visit to a household."""

    __tablename__ = "visits"
    household_id: Mapped[str] = mapped_column(parent("households.id"), nullable=False, index=True)
    visited_on: Mapped[date] = mapped_column(Date, nullable=False)
    surveyor: Mapped[str | None] = mapped_column(String(50))
    outcome: Mapped[str] = mapped_column(String(10), nullable=False)  # 入户/家中无人/拒访/电话核实
    notes: Mapped[str | None] = mapped_column(Text)


class Measure(Synced):
    """帮扶措施: a follow-up measure for a household or one member; open while closed_on is empty."""

    __tablename__ = "measures"
    household_id: Mapped[str] = mapped_column(parent("households.id"), nullable=False, index=True)
    member_id: Mapped[str | None] = mapped_column(parent("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    staff: Mapped[str | None] = mapped_column(String(50))
    due_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)


class FindingOverride(Synced):
    """A soft check accepted with a reason: rule code + the record it was raised on + what on the record it is about
    (``subject``: the field of a field check, "" for a record or household rule; empty for overrides written before
    subjects existed, which accept every finding of their rule on their record)."""

    __tablename__ = "finding_overrides"
    __table_args__ = (Index("ix_finding_overrides_record", "record_table", "record_id"),)
    rule_code: Mapped[str] = mapped_column(String(40), nullable=False)
    record_table: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    subject: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    user: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[str] = mapped_column(String(32), nullable=False)


class Review(Synced):
    """审核: the county's decision on a household."""

    __tablename__ = "reviews"
    household_id: Mapped[str] = mapped_column(parent("households.id"), nullable=False, index=True)
    decision: Mapped[str] = mapped_column(String(10), nullable=False)  # approve / return
    comment: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[str] = mapped_column(String(32), nullable=False)


#: Every synced model, parents before children (the order a fresh database is filled in).
SYNCED_MODELS: tuple[type[Synced], ...] = (
    Site,
    Household,
    Member,
    Employment,
    Visit,
    Measure,
    FindingOverride,
    Review,
)
MODEL_BY_TABLE: dict[str, type[Synced]] = {m.__tablename__: m for m in SYNCED_MODELS}


# ---- local-only records -------------------------------------------------------------------------------------


class User(Base):
    """A person who may open this database. Local only: never synced."""

    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64), nullable=False)
    role: Mapped[str] = mapped_column(String(10), nullable=False)  # 采集员 / 站长 / 县级管理员
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    created_at: Mapped[str] = mapped_column(String(32), nullable=False)


class Setting(Base):
    """Local settings (station id, labour-rule parameters, …) as JSON values."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True))


class AccountLogEntry(Base):
    """账户记录 (`forms.account_log`): one thing done to an account, or one login or failed login. Local only, never
    synced; rows are only added (nothing in the program updates or deletes them)."""

    __tablename__ = "account_log"
    __table_args__ = (Index("ix_account_log_account", "account", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32), nullable=False)  # ISO-8601 UTC, as the journal's
    event: Mapped[str] = mapped_column(String(32), nullable=False)
    # the account concerned; for a user name that names none, the name tried, masked (`forms.account_log.masked`)
    account: Mapped[str] = mapped_column(String(64), nullable=False)
    actor: Mapped[str | None] = mapped_column(String(64))  # who did it; None: nobody logged in
    detail: Mapped[str | None] = mapped_column(String(64))


class JournalEntry(Base):
    """The change journal: audit log and sync outbox in one (DESIGN.md §3).

    ``seq`` is gap-free on this database (an INTEGER PRIMARY KEY assigned max+1 inside the writing
    transaction, so a rolled-back write leaves no hole). ``changes`` maps each changed field to
    ``[old, new]``. ``hash`` chains the entry to the previous one, so an edited or deleted row is detected.
    ``source`` is ``local`` for changes made here and ``remote`` for changes applied from elsewhere (a
    county return file), which are never sent back.
    """

    __tablename__ = "journal"
    __table_args__ = (Index("ix_journal_record", "record_table", "record_id"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32), nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    origin: Mapped[str] = mapped_column(String(64), nullable=False)
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="local")
    record_table: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    op: Mapped[str] = mapped_column(String(10), nullable=False)  # insert / update / delete
    base_rev: Mapped[int] = mapped_column(Integer, nullable=False)
    changes: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


# The sync bookkeeping tables are part of the schema: importing them here keeps Base.metadata whole for Alembic
# and for every test that compares the models with the migrations.
from . import sync_records as _sync_records  # noqa: E402, F401

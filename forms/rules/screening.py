"""The screen `anju check` runs over a whole database: set-based queries that name every household, member and
record that could have a finding (a screen may name a record that turns out clean, never miss one).

What each screen reads:

- households: the field screen, other than one live 户主 (counted in the partial index of live heads), and the
  central rule (complete, nobody employed although someone is labour, no open dated measure — employment first:
  it rules out most households with one look-up); only the households named come back, and their count apart;
- members: the field screen; the ID rules through the verdict stored on every member (`Member.id_check`, derived
  on write, so no number is validated again here); the elderly full-labour rule; an age of 100 or over; and, only
  for members who are young, students or skilled, whether they work; a 两后生 flag against school or age; names
  with ? □ … or an ASCII letter (the name rule);
- employments: the field screen, and the spell rules (income, outside the county, organised export to a post at
  home, a 交通补助 year recorded on two of a member's spells, 公益性岗位 insurance and term);
- visits and measures: their field screens; ID numbers held twice: the index alone.

Each table is read once: a record's rule screen and field screen are one condition. The field screens come from
the questionnaire in use (`forms.rules.fieldscreen`); a question they cannot put in SQL is checked in Python over
the columns it reads.

On SQLite the screens run side by side, one thread and one connection per core (`readers`, `Screening`), the big
tables cut into slices (ranges of rowids) handed out one at a time: the sqlite3 module lets go of the GIL while
SQLite works, and connections that only read share no lock, so on two idle cores the screens take about half as
long, and a thread the machine holds up just takes fewer slices. (Measured on two idle cores, 50,000 households:
0.95 s for the whole check against 1.42 s on one connection. An earlier attempt found threads no faster, but the
machine was busy then: a busy machine leaves no idle core to gain, and the check then costs what it costs on one
connection.) The connections read one snapshot: they start their read transactions while a short write lock keeps
any writer from committing in between (taken by a connection of its own, which writes nothing, even when the
command's connections may only read: `anju check` opens the database query-only). A database read as a file
nothing can change (a CD, a read-only folder or file: `forms.read_only_open`) needs no lock: every connection
sees the same file, so the screens run side by side there too. Where the lock cannot be had at once (a writer at
work, a read-only file not opened so) and on other databases, one connection runs every screen in turn, in one
read transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
)
from sqlalchemy import select as select_

from ..bulk import usable_cores
from ..fieldchecks import record_values
from ..names import UNSHOWN_MARKS
from ..read_only_open import is_immutable
from ..settings import RuleSettings
from .fieldscreen import FormScreen, glob, to_sql, year_later
from .labour import (
    COMPLETE_STATUSES,
    FULL_LABOUR_SKILLS,
    HEAD,
    IMPLAUSIBLE_AGE,
    IN_COUNTY,
    LEGAL_WORKING_AGE,
    LOCAL_POSTS,
    NO_LABOUR,
    SKILLED,
    WELFARE_POST,
    birth_cutoff,
    contract_term_too_long,
)
from .loading import rows_in
from .member_rules import CHECKED_ID_TYPES, NOT_CHECKED
from .sql import HOUSEHOLDS, MEMBERS, SPELLS, household_counts, not_empty, of_labour_age, old_enough_to_work, ongoing
from .sql import employed as employed_exists
from .sql import labour_member as labour_condition
from .sql import open_measure as open_measure_exists
from .sql import working as working_exists
from .two_after import AGE_LIMIT as TWO_AFTER_AGE_LIMIT
from .two_after import VOCATIONAL_STUDIES

H, M, E = HOUSEHOLDS, MEMBERS, SPELLS
MMAP_BYTES = 1 << 30  # address space, not memory: the pages stay in the operating system's file cache
MAX_READERS = 4
SLICES_PER_READER = 4
#: How long the connection that holds writers off while the readers start waits for a writer already at work:
#: not long — the screens then run in turn on one connection instead.
LOCK_WAIT_MS = 100


# ---- connections reading one snapshot ------------------------------------------------------------------------


def reader_count() -> int:
    """One screening connection per core, at most `MAX_READERS`."""
    return max(1, min(MAX_READERS, usable_cores()))


@contextmanager
def readers(engine: Engine, wanted: int) -> Iterator[list[Connection]]:
    """Connections that read one snapshot of the database, in read transactions: ``wanted`` of them on SQLite
    when a writer can be held off for the moment they start, else one. Each reads the file through memory-mapped
    I/O (SQLite) while it is open."""
    with ExitStack() as stack:
        conns = [stack.enter_context(engine.connect())]
        if wanted > 1 and engine.dialect.name == "sqlite":
            conns += [stack.enter_context(engine.connect()) for _ in range(wanted - 1)]
            if is_immutable(engine):  # one file, unchanging: every connection reads what the others read
                for conn in conns:
                    _start(conn)
            elif not _start_together(engine, conns):
                conns = conns[:1]
        for conn in conns:
            stack.enter_context(_mapped(conn))
        _start(conns[0])  # (once more, harmlessly, when it has started already)
        yield conns


def _start(conn: Connection) -> None:
    """Begin the read transaction and take its snapshot (SQLite takes it at the first read)."""
    conn.exec_driver_sql("SELECT count(*) FROM sqlite_master" if conn.dialect.name == "sqlite" else "SELECT 1")


def _start_together(engine: Engine, conns: Sequence[Connection]) -> bool:
    """Start every connection's read transaction while a write lock (``BEGIN IMMEDIATE`` on one more connection)
    keeps writers from committing, so all of them see the same snapshot. False when the lock is not to be had
    within `LOCK_WAIT_MS` (nothing started then)."""
    with engine.connect() as lock:
        # The driver's own connection, in autocommit mode (`forms.store.make_engine`): the lock is a statement
        # of its own, outside SQLAlchemy's transaction bookkeeping.
        raw = lock.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        (before,) = raw.execute("PRAGMA busy_timeout").fetchone()
        (query_only,) = raw.execute("PRAGMA query_only").fetchone()
        raw.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        # A command that only reads opens its connections query-only (`forms.store.Store.open`), and SQLite then
        # refuses even BEGIN IMMEDIATE: this one may take the lock, since what it writes is rolled back.
        raw.execute("PRAGMA query_only = 0")
        try:
            try:
                raw.execute("BEGIN IMMEDIATE")
            except sqlite3.Error:  # busy: a writer at work
                return False
            try:
                # A connection that may not write gets no write lock from BEGIN IMMEDIATE: a first write (of
                # the value already there, and rolled back) proves this one holds it.
                (version,) = raw.execute("PRAGMA user_version").fetchone()
                raw.execute(f"PRAGMA user_version = {int(version)}")
            except sqlite3.Error:  # read-only
                raw.execute("ROLLBACK")
                return False
            try:
                for conn in conns:
                    _start(conn)
            finally:
                raw.execute("ROLLBACK")
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(before)}")
            raw.execute(f"PRAGMA query_only = {int(query_only)}")
    return True


@contextmanager
def _mapped(conn: Connection) -> Iterator[None]:
    """Read the file through memory-mapped I/O while the check runs (SQLite): the screens jump between tables
    and indexes, and a mapped page costs no read call. The connection's own setting is put back after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA mmap_size").scalar()
    conn.exec_driver_sql(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA mmap_size = {int(before or 0)}")


# ---- the screen -----------------------------------------------------------------------------------------------


@dataclass
class Screen:
    counting: int  # households that count
    households: set[str]  # households that may break a household rule (or hold a duplicated ID number)
    duplicated: set[str]  # ID numbers held by more than one member record
    members: set[str]  # members who may break a member or employment rule (or whose records a field screen named)
    records: dict[str, set[str]]  # by table: records a field screen named


Task = Callable[[Connection], list[Any]]


class Screening:
    """The screens of one check, under way: `households` gives what the household screens name as soon as they are
    done (the whole households can be loaded and checked on ``main`` while the other screens run), `finish` the
    whole screen.

    With several ``workers`` (connections reading one snapshot with ``main``) the queries run on them side by side,
    in threads, from the moment this is made; with one, each step runs its queries on it when asked."""

    def __init__(
        self,
        main: Connection,
        workers: Sequence[Connection],
        settings: RuleSettings,
        on: date,
        screens: Mapping[str, FormScreen],
    ) -> None:
        self.main, self.on, self.screens = main, on, screens
        self.screen = Screen(0, set(), set(), set(), {t: set() for t in screens})
        field_sql = {table: to_sql(s.sql) for table, s in screens.items()}
        # Several slices per worker, handed out one at a time: a thread the machine holds up takes fewer, so a
        # busy core costs no more than the work it leaves undone.
        count = 1 if len(workers) == 1 else len(workers) * SLICES_PER_READER

        # Every query compiled here, before the threads start (compiling holds the GIL).
        def sliced(query: Select[Any], table: Table) -> list[Task]:
            slices = _slices(main, table, count)
            return [_task(main, query)] if slices is None else _sliced(main, query, table, slices)

        household = sliced(_household_screen(settings, on, field_sql["households"]), H)
        first = [
            _task(main, _duplicated_numbers()),
            _task(main, select_(func.count()).select_from(H).where(household_counts(H))),
        ]
        member = sliced(_member_screen(settings, on, field_sql["members"]), M)
        spell = sliced(_spell_screen(settings, on, field_sql["employments"]), E)
        others = []
        for table in ("visits", "measures"):
            t = screens[table].table
            others.append(_task(main, select_(t.c.id).where(t.c.deleted_at.is_(None), field_sql[table])))
        # What the households need first; then the longest first, so that the last to finish are short.
        parts = {"households": household, "first": first, "members": member, "spells": spell, "others": others}
        self._spans: dict[str, range] = {}
        tasks: list[Task] = []
        for name, part in parts.items():
            self._spans[name] = range(len(tasks), len(tasks) + len(part))
            tasks += part
        self._lanes = _Lanes(workers, tasks)

    def _rows(self, part: str) -> list[list[Any]]:
        return [self._lanes.result(i) for i in self._spans[part]]

    def households(self) -> Screen:
        """The screen so far: the households named for their household rules (or a duplicated ID number), with
        the ID numbers held twice, the households' field screen and the count of households."""
        screen = self.screen
        for rows in self._rows("households"):
            for hid, rule, named_field, head_count_wrong in rows:
                if rule or head_count_wrong:
                    screen.households.add(hid)
                if named_field:
                    screen.records["households"].add(hid)
        dup_rows, ((screen.counting,),) = self._rows("first")
        screen.duplicated = {number for (number,) in dup_rows}
        holders = select_(M.c.household_id).where(M.c.deleted_at.is_(None))
        screen.households.update(hid for (hid,) in rows_in(self.main, holders, M.c.id_number, screen.duplicated))
        return screen

    def finish(self) -> Screen:
        """The whole screen (after `households`)."""
        screen, main = self.screen, self.main
        for rows in self._rows("members"):
            for member_id, named_field in rows:
                screen.members.add(member_id)
                if named_field:
                    screen.records["members"].add(member_id)
        for rows in self._rows("spells"):
            for spell_id, member_id, named_field, start, end in rows:
                if named_field or start is None or contract_term_too_long(_day(start), _day(end)):
                    screen.members.add(member_id)  # its rules run with the member's
                if named_field:
                    screen.records["employments"].add(spell_id)
        visit_rows, measure_rows = self._rows("others")
        self.close()
        screen.records["visits"].update(rid for (rid,) in visit_rows)
        screen.records["measures"].update(rid for (rid,) in measure_rows)
        for table, form_screen in self.screens.items():
            if form_screen.needs_python:
                screen.records[table].update(_python_screen(main, form_screen, self.on))
        for table in ("members", "employments"):
            if self.screens[table].needs_python:
                _owners(main, screen, table)
        return screen

    def close(self) -> None:
        """Stop the threads (those under way finish their query first)."""
        self._lanes.close()


class _Lanes:
    """Tasks run on connections: with several, one thread per connection from the start, each taking the next task
    not yet taken until none is left; with one, each task on it when its result is asked for (with those before
    it). `result` raises what a task raised."""

    def __init__(self, conns: Sequence[Connection], tasks: Sequence[Task]) -> None:
        self.conns, self.tasks = conns, tasks
        self.results: list[list[Any] | None] = [None] * len(tasks)
        self.ran = 0  # one connection: tasks run so far
        self.done = [threading.Event() for _ in tasks]
        self.failed: BaseException | None = None
        self.stop = False
        self.queue = iter(range(len(tasks)))
        self.taking = threading.Lock()
        self.pool: ThreadPoolExecutor | None = None
        if len(conns) > 1:
            self.pool = ThreadPoolExecutor(max_workers=len(conns), thread_name_prefix="anju-check")
            for conn in conns:
                self.pool.submit(self._work, conn)

    def _work(self, conn: Connection) -> None:
        while True:
            with self.taking:
                index = None if self.stop else next(self.queue, None)
            if index is None:
                return
            try:
                self.results[index] = self.tasks[index](conn)
            except BaseException as exc:  # handed to whoever waits for a result
                self.failed, self.stop = exc, True
                for event in self.done:
                    event.set()
                return
            self.done[index].set()

    def result(self, index: int) -> list[Any]:
        if len(self.conns) == 1:
            while self.ran <= index:
                self.results[self.ran] = self.tasks[self.ran](self.conns[0])
                self.ran += 1
        else:
            self.done[index].wait()
        rows = self.results[index]
        if rows is None and self.failed is not None:  # never ran: a task before it failed
            raise self.failed
        assert rows is not None
        return rows

    def close(self) -> None:
        if self.pool is not None:
            with self.taking:
                self.stop = True
            self.pool.shutdown(wait=True)
            self.pool = None


def _slices(conn: Connection, table: Table, count: int) -> list[tuple[int, int]] | None:
    """``count`` ranges ``[low, high)`` of rowids of about equal width that cut ``table`` (SQLite), or None (one
    reader, or another database)."""
    if count == 1 or conn.dialect.name != "sqlite":
        return None
    # Each as a query of its own: SQLite reads one end of the table for it, not the whole table.
    bounds_sql = f"SELECT (SELECT min(rowid) FROM {table.name}), (SELECT max(rowid) FROM {table.name})"
    low, high = conn.exec_driver_sql(bounds_sql).one()
    if low is None:
        low = high = 0  # an empty table
    step = (high - low) // count + 1
    bounds = [low + step * i for i in range(count)] + [high + 1]
    return [(bounds[i], bounds[i + 1]) for i in range(count)]


def _sliced(conn: Connection, query: Select[Any], table: Table, slices: list[tuple[int, int]]) -> list[Task]:
    """The query once per slice of ``table``, compiled once (the range as parameters)."""
    rowid: ColumnElement[int] = literal_column(f"{table.name}.rowid")
    mark: ColumnElement[int] = literal_column("?")  # SQLite's parameter style
    ranged = _task(conn, query.where(rowid >= mark, rowid < mark))
    return [partial(ranged, params=bounds) for bounds in slices]


def _task(conn: Connection, query: Select[Any]) -> Callable[..., list[Any]]:
    """A query compiled now (values inline), to run later on any connection through the driver: its rows as the
    driver gives them, with no per-row work by SQLAlchemy. (SQLite gives dates as ISO text and truth values as
    0/1.)"""
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))

    def run(on: Connection, params: tuple[Any, ...] = ()) -> list[Any]:
        result = on.exec_driver_sql(sql, params) if params else on.exec_driver_sql(sql)
        try:
            return list(result.cursor.fetchall())
        finally:
            result.close()

    return run


def _household_screen(settings: RuleSettings, on: date, field_screen: Any) -> Select[Any]:
    """Counting households that may break the central rule or have other than one live 户主 (their whole bundles
    are then loaded), or that their field screen names: each with a flag saying which (rule, field, head)."""
    # Employment first: most households have someone employed, and that settles it with one look-up.
    rule = and_(
        H.c.status.in_(COMPLETE_STATUSES),
        ~_anyone_employed(settings, on),
        _anyone_labour(settings, on),
        ~open_measure_exists(H),
    )
    hm = MEMBERS.alias("hm")
    heads = select_(func.count()).where(hm.c.household_id == H.c.id, *live_head(hm)).scalar_subquery()
    # As CASE: SQLite then evaluates the conditions as tests that stop early, not as values. The flags are worked
    # out again only for the few rows the condition keeps.
    flags = (case((rule, 1), else_=0), case((field_screen, 1), else_=0), case((heads != 1, 1), else_=0))
    return select_(H.c.id, *flags).where(household_counts(H), or_(field_screen, heads != 1, rule))


def live_head(m: Any) -> tuple[Any, Any]:
    """A live 户主, as the partial index ``ix_members_live_heads`` says it (the text inline, or SQLite could not
    tell the index applies)."""
    return m.c.relation == bindparam("head", HEAD, literal_execute=True), m.c.deleted_at.is_(None)


def _anyone_employed(settings: RuleSettings, on: date) -> Any:
    em, ee = MEMBERS.alias("em"), SPELLS.alias("ee")
    return (
        exists()
        .select_from(em.join(ee, ee.c.member_id == em.c.id))
        .where(
            em.c.household_id == H.c.id,
            em.c.deleted_at.is_(None),
            old_enough_to_work(em, on),  # a child's job is not the household's 就业 (`sql.zero_employment`)
            ongoing(ee, on),
            ee.c.form.in_(sorted(settings.employment_forms)),
        )
    )


def _anyone_labour(settings: RuleSettings, on: date) -> Any:
    lm = MEMBERS.alias("lm")
    return exists().where(lm.c.household_id == H.c.id, labour_condition(lm, settings, on))


#: A name with a mark `forms.names.unshown_marks` finds (private-use characters as ranges, wider than it: a screen
#: may name a clean record), or an ASCII letter, which `forms.names.letters_only` needs.
_STAND_IN_GLOB = f"*[{UNSHOWN_MARKS}A-Za-z\ue000-\uf8ff\U000f0000-\U0010fffd]*"


def _member_screen(settings: RuleSettings, on: date, field_screen: Any) -> Select[Any]:
    """Live members the field screen names (flagged), or who may break a member rule: an ID verdict other than ""
    and `NOT_CHECKED` (or a birth date after the survey date, the one case the verdict cannot know), no resident ID
    number (其他, 暂无证件号码), elderly full labour, aged 100 or over, under 16 or a student and working, of labour
    age yet 无劳动力, skilled labour without work, a 两后生 at school or past the age, a name with a stand-in for
    its characters."""
    too_young = M.c.birth_date > birth_cutoff(on, LEGAL_WORKING_AGE)
    elderly = M.c.birth_date <= birth_cutoff(on, settings.elderly_age)
    rule = or_(
        M.c.id_check.is_(None),
        and_(M.c.id_check != "", M.c.id_check != NOT_CHECKED),
        M.c.birth_date > on,
        # no resident ID number: the no-number rules (a few members, so no finer condition)
        M.c.id_type.not_in([t for t in CHECKED_ID_TYPES if t is not None]),
        and_(elderly, M.c.labour_skill.in_(FULL_LABOUR_SKILLS)),
        M.c.birth_date <= birth_cutoff(on, IMPLAUSIBLE_AGE),  # 100 or over (a few members)
        and_(or_(too_young, not_empty(M.c.student_status)), working_exists(M, on)),
        and_(M.c.labour_skill == NO_LABOUR, of_labour_age(M, settings, on)),
        and_(M.c.labour_skill == SKILLED, labour_condition(M, settings, on), ~employed_exists(M, settings, on)),
        # the 两后生 flag at odds with school or age (`two_after`: the flagged are a few)
        and_(
            M.c.two_after.is_(True),
            or_(
                and_(not_empty(M.c.student_status), M.c.student_status.not_in(VOCATIONAL_STUDIES)),
                M.c.birth_date <= birth_cutoff(on, TWO_AFTER_AGE_LIMIT),
            ),
        ),
        # the name rule (`name_rules`): a mark standing in for a character, or any ASCII letter (a few names)
        glob(M.c.name, literal(_STAND_IN_GLOB, String())),
    )
    return select_(M.c.id, field_screen).where(M.c.deleted_at.is_(None), or_(field_screen, rule))


def _spell_screen(settings: RuleSettings, on: date, field_screen: Any) -> Select[Any]:
    """Live spells the field screen names, or of implausible income, a post outside the county or ticked as
    organised labour export, a 交通补助 whose year another spell of the member records too, or a current 公益性岗位
    that lacks insurance or might run over a year (the term is judged in Python: SQL date arithmetic is not
    portable). Rows: spell, member, named by the field screen, and the contract dates when only the term rule named
    it (start None otherwise)."""
    welfare_now = and_(E.c.form == WELFARE_POST, ongoing(E, on))
    certain = or_(
        E.c.monthly_income < settings.income_min,
        E.c.monthly_income > settings.income_max,
        and_(E.c.form.in_(LOCAL_POSTS), not_empty(E.c.place_scope), E.c.place_scope != IN_COUNTY),
        and_(E.c.form.in_(LOCAL_POSTS), E.c.organised.is_(True)),
        and_(E.c.transport_subsidy_year.is_not(None), _paid_again(E)),
        and_(welfare_now, E.c.accident_insurance.is_not(True)),
    )
    term = and_(
        welfare_now,
        E.c.contract_start.is_not(None),
        E.c.contract_end.is_not(None),
        E.c.contract_end > year_later(E.c.contract_start),
    )
    start = case((certain, null()), else_=E.c.contract_start)
    return select_(E.c.id, E.c.member_id, field_screen, start, E.c.contract_end).where(
        E.c.deleted_at.is_(None), or_(field_screen, certain, term)
    )


def _paid_again(e: Any) -> Any:
    """Another live spell of the same member records a 交通补助 for the spell's year (the rule finds the later)."""
    other = SPELLS.alias("paid_too")
    return exists().where(
        other.c.member_id == e.c.member_id,
        other.c.id != e.c.id,
        other.c.transport_subsidy_year == e.c.transport_subsidy_year,
        other.c.deleted_at.is_(None),
    )


def _duplicated_numbers() -> Select[Any]:
    """证件号码 held by more than one member record, live or not (the index alone answers this)."""
    return (
        select_(M.c.id_number)
        .where(M.c.id_number.is_not(None), M.c.id_number != "")
        .group_by(M.c.id_number)
        .having(func.count() > 1)
    )


def _python_screen(conn: Connection, screen: FormScreen, on: date) -> Iterator[str]:
    """Records whose Python-checked fields have a finding: every live record, with the columns those read."""
    table = screen.table
    columns = [table.c[name] for name in screen.columns]
    for row in conn.execute(select_(table.c.id, *columns).where(table.c.deleted_at.is_(None))).mappings():
        if screen.python_check(record_values(screen.form, dict(row)), on):
            yield row["id"]


def _owners(conn: Connection, screen: Screen, table: str) -> None:
    """The members of records a Python field screen named (their rules run with them, for the covered fields)."""
    if table == "members":
        screen.members.update(screen.records["members"])
        return
    spells = rows_in(conn, select_(E.c.member_id), E.c.id, screen.records["employments"])
    screen.members.update(member_id for (member_id,) in spells)


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value

"""The store: SQLite settings, the unit of work and its journal, refusing files it must not open."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forms.bulk import BULK_CACHE_KIB, FAST_ADAPTERS
from forms.errors import StoreError
from forms.records import Household, JournalEntry, Member, Site
from forms.store import Store
from tests.factories import add_household, add_member, add_site


def journal(store: Store) -> list[JournalEntry]:
    with store.reading() as session:
        return list(session.scalars(select(JournalEntry).order_by(JournalEntry.seq)))


def test_connection_is_wal_durable_and_checks_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_every_change_is_journaled_with_old_and_new_values(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        household = add_household(uow, site, building="3")
    with store.unit_of_work("li") as uow:
        loaded = uow.get(Household, household.id)
        assert loaded is not None
        loaded.building = "5"
        loaded.room = "302"

    entries = journal(store)
    assert [(e.record_table, e.op, e.actor) for e in entries] == [
        ("sites", "insert", "zhang"),
        ("households", "insert", "zhang"),
        ("households", "update", "li"),
    ]
    assert json.loads(entries[1].changes)["status"] == [None, "草稿"]  # defaults are journaled too
    assert json.loads(entries[2].changes) == {"building": ["3", "5"], "room": [None, "302"]}
    with store.reading() as session:
        saved = session.get(Household, household.id)
        assert saved is not None and saved.updated_by == "li" and saved.rev == 0
        assert saved.origin == store.station_id


def test_setting_a_field_to_its_own_value_writes_nothing(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        household = add_household(uow, add_site(uow), building="3")
    with store.unit_of_work("zhang") as uow:
        loaded = uow.get(Household, household.id)
        assert loaded is not None
        loaded.building = "3"
    assert len(journal(store)) == 2


def test_delete_is_a_journaled_tombstone_and_hard_delete_is_refused(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        member = add_member(uow, add_household(uow, add_site(uow)))
    with store.unit_of_work("zhang") as uow:
        loaded = uow.get(Member, member.id)
        assert loaded is not None
        uow.delete(loaded)
    assert journal(store)[-1].op == "delete"
    with store.reading() as session:
        tombstone = session.get(Member, member.id)
        assert tombstone is not None and tombstone.deleted_at is not None

    with pytest.raises(StoreError, match="不能直接删除"), store.unit_of_work("zhang") as uow:
        loaded = uow.get(Member, member.id)
        uow.session.delete(loaded)
        uow.flush()
    with store.reading() as session:
        assert session.get(Member, member.id) is not None


def test_a_failed_unit_of_work_leaves_no_record_and_no_journal(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
    before = len(journal(store))
    with pytest.raises(RuntimeError), store.unit_of_work("zhang") as uow:
        add_household(uow, site, building="9")
        uow.flush()
        raise RuntimeError("power cut while typing")
    # A child pointing at a household that does not exist is refused at commit (deferred foreign key).
    with pytest.raises(IntegrityError), store.unit_of_work("zhang") as uow:
        uow.add(Member(household_id="no-such-household", name="李四"))
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 0
        assert session.scalar(select(func.count()).select_from(Member)) == 0
    assert len(journal(store)) == before

    # The store is still usable, and seq stays gap-free after the rollbacks.
    with store.unit_of_work("zhang") as uow:
        add_household(uow, site)
    assert [e.seq for e in journal(store)] == list(range(1, before + 2))
    assert store.verify_journal().ok


def test_children_may_be_written_before_their_parents_in_one_unit(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        site = Site(code="S9", name="新村安置点")
        household = Household(site_id=site.id)
        uow.add(Member(household_id=household.id, name="王五"))
        uow.add(household)
        uow.add(site)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 1


def test_insert_rows_journals_each_row_and_derives_initials(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        household = add_household(uow, add_site(uow))
    with store.unit_of_work("import") as uow:
        count = uow.insert_rows(
            Member, [{"household_id": household.id, "name": name} for name in ("张三", "单雄信", "Anna 李")]
        )
    assert count == 3
    entries = [e for e in journal(store) if e.record_table == "members"]
    assert len(entries) == 3 and all(e.actor == "import" for e in entries)
    assert "name_initials" not in json.loads(entries[0].changes)  # derived, not journaled
    with store.reading() as session:
        initials = {name: ini for name, ini in session.execute(select(Member.name, Member.name_initials))}
    assert initials == {"张三": "zs", "单雄信": "sxx", "Anna 李": "al"}


def test_initials_are_pypinyins_first_letters_word_by_word() -> None:
    """The cached converter says what ``pypinyin.lazy_pinyin`` says, also for words whose reading depends on
    the word (重庆, 银行, 长大) and for names met again (answered from the caches)."""
    from pypinyin import Style, lazy_pinyin

    from forms.pinyin import name_initials

    names = ["张三", "重庆人", "银行行长", "长大了", "李 小龙", "Anna 李", "买买提·吐尔逊", "欧阳修", "A1王", "了不起"]
    for _ in range(2):
        for name in names:
            letters = [s[:1].lower() for s in lazy_pinyin(name, style=Style.FIRST_LETTER, strict=False)]
            expected = "".join(c for c in letters if c.isalnum())
            if name[0] in "重长":  # surnames read differently (see forms.pinyin)
                expected = {"重": "c", "长": "z"}[name[0]] + expected[1:]
            assert name_initials(name) == expected, name


def test_renaming_a_member_updates_the_initials(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        member = add_member(uow, add_household(uow, add_site(uow)), name="张三")
    with store.unit_of_work("zhang") as uow:
        loaded = uow.get(Member, member.id)
        assert loaded is not None
        loaded.name = "李小龙"
    with store.reading() as session:
        assert session.get(Member, member.id).name_initials == "lxl"  # type: ignore[union-attr]


def test_an_edited_journal_row_is_detected_by_the_chain_check(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for building in "123":
            add_household(uow, site, building=building)
    assert store.verify_journal().ok

    raw = sqlite3.connect(store.path)
    raw.execute("""UPDATE journal SET changes = replace(changes, '"2"', '"7"') WHERE seq = 3""")
    raw.commit()
    raw.close()
    report = store.verify_journal()
    assert not report.ok and report.broken_at == 3
    assert "第 3 条" in report.message() and "edited" in report.message()


def test_a_deleted_journal_row_is_detected(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for building in "123":
            add_household(uow, site, building=building)
    raw = sqlite3.connect(store.path)
    raw.execute("DELETE FROM journal WHERE seq = 2")
    raw.commit()
    raw.close()
    report = store.verify_journal()
    assert report.broken_at == 3 and "missing" in report.reason_en


def test_a_rehashed_forgery_still_breaks_the_link_to_the_next_entry(store: Store) -> None:
    """Recomputing the edited entry's own hash is not enough: the next entry points at the old hash."""
    from forms.journal import entry_hash

    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        for building in "12":
            add_household(uow, site, building=building)
    raw = sqlite3.connect(store.path)
    raw.row_factory = sqlite3.Row
    row = dict(raw.execute("SELECT * FROM journal WHERE seq = 2").fetchone())
    row["actor"] = "someone-else"
    raw.execute("UPDATE journal SET actor = ?, hash = ? WHERE seq = 2", (row["actor"], entry_hash(row)))
    raw.commit()
    raw.close()
    assert store.verify_journal().broken_at == 3


def test_journal_spelling_and_hashes_are_those_of_every_earlier_version() -> None:
    """Entries written before the journal was made faster must still verify: the changes text and the hashes of
    these two entries are what the first version of the journal wrote (dates, booleans, JSON, CJK text)."""
    from forms.journal import GENESIS_HASH, JournalWriter, verify_rows

    writer = JournalWriter(0, GENESIS_HASH)
    first = writer.make(
        at="2026-11-29T08:00:00.000000Z",
        actor="张三",
        origin="local-1",
        source="local",
        record_table="members",
        record_id="m-1",
        op="insert",
        base_rev=0,
        changes={
            "name": [None, "单雄信"],
            "birth_date": [None, date(1990, 1, 2)],
            "job_intent": [None, True],
            "extra": [None, {"b": 1, "a": "“引号”"}],
        },
    )
    second = writer.make(
        at="2026-11-29T08:00:01.000000Z",
        actor="import",
        origin="local-1",
        source="remote",
        record_table="members",
        record_id="m-1",
        op="update",
        base_rev=3,
        changes={"phone": ["139", None]},
    )
    assert first["changes"] == (
        '{"birth_date":[null,"1990-01-02"],"extra":[null,{"a":"“引号”","b":1}],"job_intent":[null,true],'
        '"name":[null,"单雄信"]}'
    )
    assert first["hash"] == "ed1a0676b91ba71ea709e957a6be3a51604a625c42e3c377ced976a7715343e4"
    assert second["hash"] == "98c56c8fc4c2ab85fb4e14d77300fae62f4c05796ef6143d186a23f7f8f6faf7"
    assert verify_rows([first, second]).ok


def test_insert_rows_writes_what_an_orm_insert_writes(store: Store) -> None:
    """The bulk path stores and journals a record exactly as adding it through the session does."""
    with store.unit_of_work("zhang") as uow:
        household = add_household(uow, add_site(uow))
    values = {
        "household_id": household.id,
        "name": "单雄信",
        "id_number": "11010519491231002X",
        "sex": "女",
        "birth_date": date(1949, 12, 31),
        "job_intent": True,
        "trained": False,
        "extra": {"备注": "“引号”", "n": 1},
    }
    with store.unit_of_work("zhang") as uow:
        uow.add(Member(id="orm", **values))
    with store.unit_of_work("zhang") as uow:
        uow.insert_rows(Member, [{"id": "bulk", **values}])
    raw = sqlite3.connect(store.path)
    raw.row_factory = sqlite3.Row
    stored = {r["id"]: dict(r) for r in raw.execute("SELECT * FROM members")}
    logged = {r["record_id"]: r["changes"] for r in raw.execute("SELECT * FROM journal WHERE record_table = 'members'")}
    raw.close()
    for key in ("updated_at", "id"):
        stored["orm"].pop(key), stored["bulk"].pop(key)
    assert stored["orm"] == stored["bulk"]
    assert stored["bulk"]["birth_date"] == "1949-12-31" and stored["bulk"]["trained"] == 0
    assert logged["orm"] == logged["bulk"]
    assert store.verify_journal().ok


def test_insert_rows_refuses_a_column_the_record_does_not_have(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        household = add_household(uow, add_site(uow))
    with pytest.raises(ValueError, match="nmae"), store.unit_of_work("import") as uow:
        uow.insert_rows(Member, [{"household_id": household.id, "nmae": "张三"}])
    assert [e.record_table for e in journal(store)] == ["sites", "households"]


def test_a_bulk_write_gives_the_connection_its_page_cache_back(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        household = add_household(uow, add_site(uow))
    with store.engine.connect() as conn:
        usual = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    with store.unit_of_work("import") as uow:
        uow.insert_rows(Member, [{"household_id": household.id, "name": "张三"}])
        assert uow.connection.exec_driver_sql("PRAGMA cache_size").scalar() == -BULK_CACHE_KIB
    for _ in range(3):  # whichever pooled connection comes next
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == usual


def test_none_and_bool_are_stored_as_sqlite3_stores_them_without_anjus_adapters(tmp_path: Path) -> None:
    """`forms.bulk.FAST_ADAPTERS` only make binding faster: None stays NULL, True and False stay 1 and 0, for our
    own writes and for any other sqlite3 code in the process."""
    values = (None, True, False, 7, "文字")

    def stored() -> list[tuple[object, ...]]:
        conn = sqlite3.connect(tmp_path / "plain.db")
        conn.execute("CREATE TABLE IF NOT EXISTS t (a, b, c, d, e)")
        conn.execute("DELETE FROM t")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [values, values])
        found = conn.execute(
            "SELECT a, b, c, d, e, typeof(a), typeof(b), typeof(c), typeof(d), typeof(e) FROM t"
        ).fetchall()
        conn.close()
        return found

    assert all((kind, sqlite3.PrepareProtocol) in sqlite3.adapters for kind in FAST_ADAPTERS)
    adapted = stored()
    removed = {key: sqlite3.adapters.pop(key) for key in [(kind, sqlite3.PrepareProtocol) for kind in FAST_ADAPTERS]}
    try:
        plain = stored()
    finally:
        sqlite3.adapters.update(removed)
    assert adapted == plain == [(None, 1, 0, 7, "文字", "null", "integer", "integer", "integer", "text")] * 2


# ---- files the store must not open --------------------------------------------------------------------------


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.db"
    path.write_text("姓名,证件号码\n张三,11010519491231002X\n", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert "不是安居数据库" in caught.value.zh and "not an Anju database" in caught.value.en
    assert path.read_text(encoding="utf-8").startswith("姓名")


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (body TEXT)")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="另一个程序"):
        Store.open(path)


def test_a_database_newer_than_the_program_is_refused_untouched(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE alembic_version SET version_num = '0099'")
    raw.commit()
    raw.close()
    before = file_digest(db_path)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path)
    assert "更新版本" in caught.value.zh and "0099" in caught.value.zh and "upgrade Anju" in caught.value.en
    assert file_digest(db_path) == before
    assert not list(db_path.parent.glob("*.pre-upgrade-*"))


def _on_a_full_drive() -> None:
    """In the child: files may grow to 20 kB and a bit, so SQLite cannot make the 32 kB ``-shm`` beside a database."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_100, 20_100))


@pytest.mark.skipif(sys.platform == "win32", reason="limits the size of files a process may write (POSIX)")
@pytest.mark.parametrize("journal_mode", ["wal", "delete"])  # a closed station database; a backup file
def test_a_sound_database_on_a_full_drive_is_not_called_damaged(db_path: Path, journal_mode: str) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA journal_mode = {journal_mode}")
    raw.close()
    command = [sys.executable, "-m", "desktop.cli", "audit", "--db", str(db_path)]
    ran = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", preexec_fn=_on_a_full_drive)
    assert ran.returncode == 2, ran.stderr
    assert "Traceback" not in ran.stderr and "损坏" not in ran.stderr
    assert f"无法使用数据库“{db_path}”：所在的磁盘已满" in ran.stderr and "复制到可以写入的文件夹" in ran.stderr
    with Store.open(db_path) as reopened:  # with room on the drive it opens as it was
        assert reopened.verify_journal().ok


def test_a_missing_database_is_reported_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="找不到数据库"):
        Store.open(tmp_path / "nope.db", create=False)
    with pytest.raises(StoreError, match="文件夹不存在"):
        Store.open(tmp_path / "no-folder" / "new.db")


def test_an_empty_file_is_refused_unchanged_when_not_creating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 0-byte file (made by hand, or a copy that failed) given to a command that needs an Anju database was made
    a new, empty database (266 KB): `anju check` then reported 0 households, `anju serve` said it was not the
    county's only after the file had changed. It is refused and left as it was; the app (create) still makes it a
    new database."""
    from desktop.cli import main

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError) as refused:
        Store.open(empty, create=False)
    assert "“" + str(empty) + "”是空文件" in refused.value.zh and "empty (0 bytes)" in refused.value.en
    assert "没有被改动" in refused.value.zh and "anju county init" in refused.value.zh
    for command in ("check", "audit", "serve"):
        assert main([command, "--db", str(empty)]) == 2
        err = capsys.readouterr().err
        assert err.index("是空文件") < err.index("is empty (0 bytes)"), err
    blank = tmp_path / "blank.db"  # an SQLite file with no tables
    sqlite3.connect(blank).execute("CREATE TABLE t (x)").connection.execute("DROP TABLE t").connection.close()
    with pytest.raises(StoreError, match="没有安居的数据"):
        Store.open(blank, create=False)
    assert [p.name for p in sorted(tmp_path.iterdir())] == ["blank.db", "empty.db"]
    assert empty.stat().st_size == 0
    with Store.open(empty) as made:  # creating is what the app does with a new file
        assert made.verify_journal().ok


def test_a_database_another_program_keeps_busy_says_so_and_writes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another process writing for longer than the busy timeout (a county import, a big roster, the app saving)
    made every write a traceback: ``sqlalchemy.exc.OperationalError: database is locked [SQL: BEGIN IMMEDIATE]``."""
    from desktop.cli import main

    monkeypatch.setattr("forms.store.BUSY_TIMEOUT_MS", 50)  # the queue still waits: 50 ms here, 15 s for people
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
    try:
        with Store.open(db_path) as store:
            with pytest.raises(StoreError, match="正被另一个程序使用") as raised, store.unit_of_work("zhang") as uow:
                add_site(uow, code="BUSY")
            assert "busy" in raised.value.en and str(db_path) in raised.value.zh
        assert main(["county", "init", "--db", str(db_path), "--name", "会泽县"]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and "OperationalError" not in err and "错误：数据库" in err
    finally:
        other.rollback()
        other.close()
    with Store.open(db_path) as store, store.reading() as session:  # nothing half-written, and it works again
        assert session.scalar(select(func.count()).select_from(Site).where(Site.code == "BUSY")) == 0
        assert store.verify_journal().ok


def test_settings_round_trip_and_station_id_is_stable(store: Store) -> None:
    station = store.station_id
    assert station.startswith("local-")
    store.set_setting("labour_age_max_female", 55)
    store.close()
    with Store.open(store.path) as reopened:
        assert reopened.station_id == station
        assert reopened.get_setting("labour_age_max_female") == 55
        assert reopened.get_setting("missing", "fallback") == "fallback"


def test_a_parent_added_before_bulk_children_is_journaled_before_them(store: Store) -> None:
    """The outbox replays in seq order, so a household must come before the members that point at it."""
    with store.unit_of_work("import") as uow:
        household = add_household(uow, add_site(uow))
        uow.insert_rows(Member, [{"household_id": household.id, "name": "张三"}])
    assert [e.record_table for e in journal(store)] == ["sites", "households", "members"]


def test_empty_json_columns_are_sql_null(store: Store) -> None:
    with store.unit_of_work("zhang") as uow:
        add_household(uow, add_site(uow))
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT count(*) FROM households WHERE extra IS NULL").fetchone() == (1,)
    raw.close()


def test_a_failed_write_does_not_repeat_the_persons_data_in_its_message(store: Store) -> None:
    """The text of a failed write reaches the county server's log, a command's traceback and the editor's status
    line; SQLAlchemy put the statement's values in it: a member's name and ID number."""
    with pytest.raises(IntegrityError) as failed, store.unit_of_work("zhang") as uow:
        uow.add(Member(household_id=None, name="李四", id_number="11010519491231002X"))
        uow.flush()
    assert "11010519491231002X" not in str(failed.value) and "李四" not in str(failed.value)
    assert "NOT NULL" in str(failed.value)  # what went wrong is still said

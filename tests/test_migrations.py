"""Schema migrations: data survives an upgrade, a copy is kept first, and the models match the scripts."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from forms.journal import GENESIS_HASH, ChainReport, JournalWriter
from forms.records import Base, Member
from forms.schema import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR, alembic_config, read_revision
from forms.store import Store, make_engine, migrate


def test_known_revisions_are_exactly_the_alembic_scripts_in_order(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "x.db")
    with engine.connect() as conn:
        scripts = ScriptDirectory.from_config(alembic_config(conn))
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == KNOWN_REVISIONS
    assert scripts.get_current_head() == HEAD_REVISION
    assert MIGRATIONS_DIR.is_dir()


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diffs == []


def make_first_revision_database(path: Path) -> None:
    """A station database as the first release wrote it, with a household and two members."""
    migrate(path, "0001")
    raw = sqlite3.connect(path)
    meta = "0, '2025-03-01T08:00:00.000000Z', 'zhang', 'local-old', NULL"
    raw.execute(f"INSERT INTO sites (id, code, name, rev, updated_at, updated_by, origin, deleted_at) "
                f"VALUES ('s1', 'S01', '幸福社区', {meta})")  # fmt: skip
    raw.execute(
        "INSERT INTO households (id, site_id, building, room, status, rev, updated_at, updated_by, origin, "
        f"deleted_at) VALUES ('h1', 's1', '3', '302', '已完成', {meta})"
    )
    for member_id, name, id_number in (("m1", "张三", "11010519491231002X"), ("m2", "单雄信", None)):
        raw.execute(
            "INSERT INTO members (id, household_id, name, id_type, id_number, rev, updated_at, updated_by, "
            f"origin, deleted_at) VALUES (?, 'h1', ?, '居民身份证', ?, {meta})",
            (member_id, name, id_number),
        )
    for override_id, code in (("o1", "member.skilled_unemployed"), ("o2", "field.constraint")):
        raw.execute(
            "INSERT INTO finding_overrides (id, rule_code, record_table, record_id, reason, user, at, rev, "
            f"updated_at, updated_by, origin, deleted_at) VALUES (?, ?, 'members', 'm1', '属实', 'zhang', "
            f"'2025-03-01T08:00:00Z', {meta})",
            (override_id, code),
        )
    writer = JournalWriter(0, GENESIS_HASH)  # each insert journaled, hash-chained, as that release did
    for table in ("sites", "households", "members", "finding_overrides"):
        cursor = raw.execute(f"SELECT * FROM {table} ORDER BY id")
        for row in [dict(zip([d[0] for d in cursor.description], values, strict=True)) for values in cursor]:
            changes = {key: [None, value] for key, value in row.items() if value is not None}
            entry = writer.make(
                at="2025-03-01T08:00:00.000000Z", actor="zhang", origin="local-old", source="local",
                record_table=table, record_id=row["id"], op="insert", base_rev=0, changes=changes,
            )  # fmt: skip
            raw.execute(f"INSERT INTO journal VALUES ({', '.join('?' * len(entry))})", list(entry.values()))
    raw.commit()
    raw.close()


def test_upgrading_a_first_revision_database_keeps_its_data_and_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    make_first_revision_database(path)
    assert read_revision(path) == "0001"

    with Store.open(path) as store, store.reading() as session:
        members = {m.id: m for m in session.query(Member)}
        assert store.verify_journal() == ChainReport(entries=6)  # the audit log still verifies
    assert read_revision(path) == HEAD_REVISION
    assert {m.name for m in members.values()} == {"张三", "单雄信"}
    assert members["m1"].id_number == "11010519491231002X"
    assert members["m1"].household_id == "h1" and members["m1"].updated_by == "zhang"
    assert members["m1"].name_initials == "zs" and members["m2"].name_initials == "sxx"  # filled by 0002
    # filled by 0005: the ID verdicts (m1 has no birth date recorded), the subjects of record rules' overrides
    assert members["m1"].id_check == "member.birth_date_mismatch" and members["m2"].id_check == "-"
    raw = sqlite3.connect(path)
    assert dict(raw.execute("SELECT id, subject FROM finding_overrides").fetchall()) == {"o1": "", "o2": None}
    [where] = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_members_live_heads'").fetchone()
    assert where.endswith("WHERE relation = '户主' AND deleted_at IS NULL")
    raw.close()

    copies = list(tmp_path.glob("station.pre-upgrade-0001-*.sqlite"))
    assert len(copies) == 1 and read_revision(copies[0]) == "0001"
    raw = sqlite3.connect(copies[0])
    assert raw.execute("SELECT count(*) FROM members").fetchone() == (2,)
    raw.close()


def test_an_up_to_date_database_is_opened_without_a_copy(db_path: Path) -> None:
    Store.open(db_path).close()
    assert not list(db_path.parent.glob("*.pre-upgrade-*"))


def test_received_change_texts_survive_0006_both_ways(tmp_path: Path) -> None:
    """0006 keeps a received change's text once; an old history row keeps its own text, and going back to 0005
    puts the text of every row that has it only in the journal back into the history."""
    path = tmp_path / "county.db"
    migrate(path, "0005")
    raw = sqlite3.connect(path)
    history = (
        "INSERT INTO sync_history (station_id, seq, batch_no, record_table, record_id, op, base_rev, at, actor, "
        "changes, hash, rev, outcome, received_at{}) VALUES ('st', ?, 1, 'households', 'h1', 'insert', 0, 'at', "
        "'zhang', ?, 'hash', ?, 'applied', 'now'{})"
    )
    raw.execute(history.format("", ""), (1, '{"room":[null,"101"]}', 1))
    raw.commit()
    raw.close()

    migrate(path, "0006")
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT changes, journal_seq FROM sync_history").fetchall() == [('{"room":[null,"101"]}', None)]
    assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ix_sync_history_record'").fetchone() == (0,)
    raw.execute(
        "INSERT INTO journal VALUES (7, 'at', 'zhang', 'st', 'remote', 'households', 'h1', 'update', 1, "
        "'{\"room\":[\"101\",\"102\"]}', 'prev', 'hash')"
    )
    raw.execute(history.format(", journal_seq", ", 7"), (2, None, 2))
    raw.commit()
    raw.close()

    engine = make_engine(path, foreign_keys=False)
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0005")
    engine.dispose()
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT seq, changes FROM sync_history ORDER BY seq").fetchall() == [
        (1, '{"room":[null,"101"]}'),
        (2, '{"room":["101","102"]}'),
    ]
    assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ix_sync_history_record'").fetchone() == (1,)
    raw.close()


def test_0007_keeps_each_enrolled_stations_package_key_to_check_its_introductions(tmp_path: Path) -> None:
    path = tmp_path / "county.db"
    migrate(path, "0006")
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO sync_stations (id, name, sites, enc_public, sign_public, package_id, enrolled_at, enrolled_by, "
        "cursor, last_batch, reported_rev, returned_rev) VALUES ('st', '者海镇工作站', '[\"S1\"]', x'01', x'02', "
        "'p', 'at', 'clerk', 0, 0, 0, 0)"
    )
    raw.commit()
    raw.close()
    migrate(path, "0007")
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT sign_public, package_sign_public, pinned_at FROM sync_stations").fetchall() == [
        (b"\x02", b"\x02", None)
    ]
    raw.close()


def _on_a_nearly_full_drive() -> None:
    """In the child: files may grow to 64 kB, room for the ``-shm`` beside a database but not for a copy of it."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65_536, 65_536))


@pytest.mark.skipif(sys.platform == "win32", reason="limits the size of files a process may write (POSIX)")
def test_an_upgrade_with_no_room_for_its_copy_says_so_and_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    """Opened after installing a new version, a database the drive had no room to copy said "Cannot write backup …:
    Is the drive full or read-only? Or choose another place", as if a backup had been asked for; not that the
    database was left as it was, nor what to free."""
    path = tmp_path / "station.db"
    make_first_revision_database(path)
    before = path.read_bytes()
    command = [sys.executable, "-m", "desktop.cli", "audit", "--db", str(path)]
    ran = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", preexec_fn=_on_a_nearly_full_drive)
    assert ran.returncode == 2, ran.stderr
    assert "Traceback" not in ran.stderr
    assert "升级前要先把数据库另存一份" in ran.stderr and "数据库没有改动，也没有升级" in ran.stderr
    assert "was not changed or upgraded" in ran.stderr and "MB" in ran.stderr
    assert read_revision(path) == "0001" and path.read_bytes() == before
    assert not list(tmp_path.glob("*.pre-upgrade-*"))


def test_only_the_last_two_upgrade_copies_are_kept(tmp_path: Path) -> None:
    """A station upgrades Anju for years and each upgrade copies the whole database: the older copies go once
    the upgrade is done, so they do not fill the laptop's disk; other databases' copies stay."""
    path = tmp_path / "station.db"
    make_first_revision_database(path)
    earlier = [tmp_path / f"station.pre-upgrade-0001-{day}-080000.sqlite" for day in ("20240301", "20250301")]
    other = tmp_path / "county.pre-upgrade-0001-20240301-080000.sqlite"
    before_restore = tmp_path / "station.before-restore-20240301-080000.sqlite"
    for copy in (*earlier, other, before_restore):
        copy.write_bytes(path.read_bytes())  # what the upgrades of 2024 and 2025 left

    Store.open(path).close()

    [new] = [copy for copy in tmp_path.glob("station.pre-upgrade-0001-*.sqlite") if copy not in earlier]
    assert read_revision(new) == "0001"  # the copy of this upgrade, of the database as it was
    assert sorted(tmp_path.glob("station.pre-upgrade-*.sqlite")) == sorted([earlier[1], new])
    assert other.exists() and before_restore.exists()
    Store.open(path).close()  # opened again, up to date: nothing more is made or removed
    assert sorted(tmp_path.glob("station.pre-upgrade-*.sqlite")) == sorted([earlier[1], new])


def test_the_copy_just_made_is_kept_when_the_clock_named_it_oldest(tmp_path: Path) -> None:
    """A laptop whose clock went back to 2009 names the new copy as the oldest; it holds the latest data."""
    from forms.backup import thin_upgrade_copies

    path = tmp_path / "station.db"
    make_first_revision_database(path)
    names = ("0003-20250301-080000", "0005-20260301-080000", "0006-20090101-000000")
    copies = [tmp_path / f"station.pre-upgrade-{name}.sqlite" for name in names]
    for copy in copies:
        copy.write_bytes(path.read_bytes())
    assert thin_upgrade_copies(path, copies[2]) == [copies[0]]
    assert sorted(tmp_path.glob("station.pre-upgrade-*")) == sorted(copies[1:])

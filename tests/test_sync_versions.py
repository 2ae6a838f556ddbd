"""An upgrade reaches a county over weeks: the county first, its stations one by one. Meanwhile the files that cross
between versions are read by the older side where nothing in them needs the newer program, and refused, naming the
version to install, where something does. Run against real files; an older program is simulated by what it checks
(the schema revision a file is stamped with must be one it knows), the way it was verified by hand against the
program of commit 9c5e37a (schema 0006): an upgraded county's return files, by USB and online, and an upgraded
station's batches, were taken whole by it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from forms.records import Household
from forms.schema import HEAD_REVISION, KNOWN_REVISIONS
from forms.store import Store
from forms.version import APP_VERSION
from sync import batch as batch_module
from sync import county_return, enrolment, outbox, return_file
from sync.batch import BATCH_FORMAT, CHANGE_COLUMNS, Manifest, write_manifest
from sync.enrolment import accept_package, enrol_station, open_package
from sync.envelope import FORMAT as ENVELOPE_FORMAT
from sync.envelope import MAGIC, read_header
from sync.errors import AlteredFile, NewerFormat, NewerSchema
from sync.outbox import export_batch
from sync.return_file import RETURN_FORMAT, ReturnManifest
from sync.rows import CODECS
from sync.versions import OWN_KEYS_FROM, READABLE_FROM
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]

#: The revisions a station one schema change behind this program knows (today 0006: before stations' own keys).
BEFORE_LAST_CHANGE = KNOWN_REVISIONS[:-1]


def shape_of_what_travels() -> str:
    """A digest of the shape of what a batch or a return file carries: the synced records' columns and types, the
    changes' columns, the manifests' keys and the formats. The same at 0005 (commit 0cbeec3), 0006 (9c5e37a) and
    0007; not at 0004, nor at 0008 or 0011 (one column more each, which older programs ignore). (The envelope a batch
    with a station's own keys travels in is `OWN_KEYS_FROM`'s.)"""
    shape = {
        "records": {
            table: sorted(f"{c.key}:{type(c.type).__name__}" for c in codec.table.columns)
            for table, codec in sorted(CODECS.items())
        },
        "batch": [BATCH_FORMAT, list(CHANGE_COLUMNS), sorted(f.name for f in fields(Manifest))],
        "return": [RETURN_FORMAT, sorted(f.name for f in fields(ReturnManifest))],
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def test_what_travels_changes_only_with_the_revision_that_reads_it() -> None:
    # 0008 added members.left_reason and 0011 members.left_on, which older programs ignore without misreading anything
    # (sync/versions.py says why READABLE_FROM stayed); the digests before them were 3528c71d… (0005 to 0007) and
    # 07505b0e… (0008 to 0010).
    assert (READABLE_FROM, shape_of_what_travels()) == (
        "0005",
        "00a75d3cc8d1abd5a48d8177f786fd3df8b7bf76b6af1dc10e4120677e869912",
    ), (
        "What travels between county and stations changed (a synced column, a manifest field, a format). Programs "
        "from READABLE_FROM on would misread it: set READABLE_FROM in sync/versions.py to the schema revision that "
        "brings the change (a new migration), then put it and the new digest here."
    )
    assert READABLE_FROM in KNOWN_REVISIONS and OWN_KEYS_FROM in KNOWN_REVISIONS


def test_an_upgraded_countys_return_file_is_taken_by_a_station_not_yet_upgraded(world: World) -> None:
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), phone="13800000000")
    report = world.county_import(world.export("a"))
    (return_path, _made), *_ = report.returns
    header = read_header(return_path.read_bytes(), return_path.name)
    # The station's program refuses only a revision it does not know: one before the county's is one it does.
    assert header.schema in BEFORE_LAST_CHANGE and header.schema != HEAD_REVISION
    outcome = world.station_import("a", return_path)
    assert outcome.ack_seq > 0 and world.get("a", Household, household.id).phone == "13800000000"


def test_an_upgraded_stations_batch_is_read_by_the_county_as_far_back_as_its_envelope_allows(world: World) -> None:
    """A station enrolled by this program introduces keys of its own, in an envelope only 0007 on opens; one enrolled
    before and upgraded since (the usual case while a county upgrades) signs with its package's keys as before."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    batch = world.export("a")
    assert read_header(batch.read_bytes(), batch.name).schema == OWN_KEYS_FROM
    assert outbox.file_schema(own_keys=False) == READABLE_FROM in BEFORE_LAST_CHANGE
    assert not world.county_import(batch).refused


def test_a_return_file_a_newer_county_wrote_names_the_version_to_install(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    batch = world.export("a")
    monkeypatch.setattr(county_return, "file_schema", lambda: "0999")  # as Anju 0.9.0 would write it
    monkeypatch.setattr(county_return, "APP_VERSION", "0.9.0")
    (return_path, _made), *_ = world.county_import(batch).returns
    monkeypatch.undo()
    before = world.a.path.read_bytes()
    with pytest.raises(NewerSchema) as refused:
        world.station_import("a", return_path)
    zh, en = refused.value.zh, refused.value.en
    assert "由安居 0.9.0 生成" in zh and "请先把本工作站的安居升级到 0.9.0 或更新的版本" in zh
    assert "本机已有的数据没有改动" in zh and "Upgrade Anju on this station to 0.9.0 or later" in en
    assert world.a.path.read_bytes() == before


def test_a_batch_a_newer_station_wrote_names_the_version_the_county_needs(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    monkeypatch.setattr(outbox, "file_schema", lambda own_keys=False: "0999")
    monkeypatch.setattr(outbox, "APP_VERSION", "0.9.0")
    batch = world.export("a")
    monkeypatch.undo()
    (result,) = world.county_import(batch).files
    assert isinstance(result.error, NewerSchema)
    assert "请先把县里电脑上的安居升级到 0.9.0 或更新的版本" in result.error.zh
    with world.county.reading() as session:
        assert session.scalars(select(Household)).first() is None


def test_only_a_program_that_makes_the_stations_own_keys_accepts_a_package(world: World, tmp_path: Path) -> None:
    """A station program before 0007 would keep signing with the package's keys, which any copy of the package holds:
    a new enrolment needs the program that makes keys of its own, while return files and batches need not."""
    made = enrol_station(world.county, "金钟工作站", ["S2"], tmp_path / "c.anju-station", "clerk")
    package = open_package(made.path.read_bytes(), made.passphrase, made.path.name)
    assert package["schema"] == OWN_KEYS_FROM and package["app_version"] == APP_VERSION


def test_a_station_a_not_yet_upgraded_county_enrols_sends_batches_that_county_reads(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new laptop with this version, enrolled by a county still on a program from before stations' own keys: a
    batch introducing keys would come in an envelope that county cannot open (it called it damaged, and exporting
    again made the same). The station keeps the package's keys, as one enrolled before them does."""
    monkeypatch.setattr(enrolment, "file_schema", lambda own_keys=False: "0006")  # as the county's 0006 wrote it
    made = enrol_station(world.county, "金钟工作站", ["S2"], tmp_path / "c.anju-station", "clerk")
    monkeypatch.undo()
    with Store.open(tmp_path / "c.db") as station:
        done = accept_package(station, made.path, made.passphrase)
        assert not done.own_keys
        with station.unit_of_work("zhao") as uow:
            household = add_household(uow, world.site_id("S2"))
        batch = export_batch(station, tmp_path).path
    data = batch.read_bytes()
    assert data[len(MAGIC)] == 1 and read_header(data, batch.name).schema in BEFORE_LAST_CHANGE
    assert not world.county_import(batch).refused and world.get("county", Household, household.id) is not None


def test_a_package_a_newer_county_wrote_names_the_version_to_install(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(enrolment, "file_schema", lambda own_keys=False: "0999")
    monkeypatch.setattr(enrolment, "APP_VERSION", "0.9.0")
    made = enrol_station(world.county, "金钟工作站", ["S2"], tmp_path / "c.anju-station", "clerk")
    monkeypatch.undo()
    with Store.open(tmp_path / "c.db") as station, pytest.raises(NewerSchema) as refused:
        accept_package(station, made.path, made.passphrase)
    assert "请先把本工作站的安居升级到 0.9.0 或更新的版本" in refused.value.zh


def test_a_manifest_key_a_newer_program_added_is_not_taken_for_damage(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later version may add to a manifest what an older one does not need (the file keeps its stamp): the batch
    and the return file are read for what this program knows, not refused as damaged."""

    def later_manifest(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
        write_manifest(conn, {**values, "written_on": "Windows 7 SP1"})

    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), phone="13900000000")
    monkeypatch.setattr(batch_module, "write_manifest", later_manifest)
    monkeypatch.setattr(return_file, "write_manifest", later_manifest)
    report, outcome = world.sync("a")
    assert report.files[0].batch is not None and report.files[0].batch.applied > 0
    assert outcome.ack_seq > 0 and world.get("county", Household, household.id).phone == "13900000000"


def test_a_sync_file_in_a_later_envelope_format_is_not_called_damaged(world: World) -> None:
    """Exporting it again would not help: the reader must upgrade. A format byte flipped on a worn stick is still
    damage (its checksum says so)."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"))
    batch = world.export("a")
    data = bytearray(batch.read_bytes())
    data[len(MAGIC)] = ENVELOPE_FORMAT + 1
    worn = world.stick / "worn.batch"
    worn.write_bytes(bytes(data))
    data[-4:] = struct.pack(">I", zlib.crc32(bytes(data[:-4])))
    later = world.stick / "later.batch"
    later.write_bytes(bytes(data))
    (result,) = world.county_import(later).files
    assert isinstance(result.error, NewerFormat)
    assert "由更新版本的安居生成" in result.error.zh and "请先把本机的安居升级到最新版本" in result.error.zh
    (result,) = world.county_import(worn).files
    assert isinstance(result.error, AlteredFile) and "校验和不符" in result.error.zh


def test_a_questionnaire_the_station_cannot_read_names_the_countys_version(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forms.questionnaire import load_packaged

    newer = load_packaged().to_dict()
    newer.update(format=99, version="2027.1")
    world.county.set_setting("questionnaire", newer)  # as Anju 0.9.0 at the county would have stored it
    monkeypatch.setattr(county_return, "APP_VERSION", "0.9.0")
    _report, outcome = world.sync("a")
    assert "请把本站的安居升级到县里用的 0.9.0 或更新的版本" in outcome.message()[0]

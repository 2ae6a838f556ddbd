"""The county server under malformed bodies: never a 500, never anything applied.

Hypothesis mutates a real sealed batch at every layer a station's upload passes through: raw bytes (cut, flipped,
spliced, with the checksum made to match again so the damage reaches the signature check), a batch signed by a
stranger's key, and — signed with the station's real key, so they pass authentication — payloads that are not a
batch, batch databases with a byte changed, manifests with values of the wrong type, and changes with values of
the wrong type (a whole column, or one field inside a change) whose hashes and digest were recomputed so they
pass verification too. Every answer must be a 4xx with a bilingual JSON body, and the county database must be
exactly as before; the untouched batch then applies.

Schemathesis then walks the OpenAPI description: every operation, with generated and deliberately wrong requests,
must answer as the description says and never with a server error.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import struct
import zlib
from typing import Any

import pytest
import schemathesis
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import text

from forms.journal import canonical_json, entry_hash
from sync import batch_check
from sync.batch import CHANGE_COLUMNS, digest_of, open_payload, read_manifest, write_manifest
from sync.envelope import CRC_LEN, KIND_BATCH, SIGNATURE_LEN, Header, open_sealed, peek_header, read_header, seal
from sync.errors import SyncError
from sync.http_client import ServerClient, prepare_push
from sync.identity import load_identity
from sync.keys import KeyPairs, ed25519_private
from sync.station_keys import presented
from tests.test_server_support import LiveServer, OnlineWorld

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]

FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,  # the examples depend on keys made for this run: replaying stored ones means nothing
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: What applying a batch changes (records, journal, history, counters) and then the batch log besides.
APPLIED = (
    "SELECT (SELECT count(*) FROM journal), (SELECT count(*) FROM sync_history), (SELECT count(*) FROM households),"
    " (SELECT count(*) FROM members), (SELECT count(*) FROM sync_review_queue), (SELECT count(*) FROM sync_conflicts),"
    " (SELECT county_rev FROM sync_state), (SELECT coalesce(sum(cursor), 0) FROM sync_stations),"
    " (SELECT coalesce(sum(last_batch), 0) FROM sync_stations)"
)
LOGGED = "SELECT count(*) FROM sync_batches"
#: The types a station writes in a manifest (a value of any other type must be refused).
MANIFEST_TYPES: dict[str, tuple[type, ...]] = {
    "format": (int,),
    "station_id": (str,),
    "station_name": (str,),
    "county_id": (str,),
    "batch_no": (int,),
    "after_seq": (int,),
    "first_seq": (int, type(None)),
    "last_seq": (int,),
    "county_rev": (int,),
    "app_version": (str,),
    "schema": (str,),
    "questionnaire": (str, type(None)),
    "counts": (dict,),
    "total": (int,),
    "digest": (str,),
    "created_at": (str,),
}


class Target:
    """The server, a valid sealed batch of station A, and what the station needs to seal others."""

    def __init__(self, world: OnlineWorld, server: LiveServer) -> None:
        world.add_households("a", "S1", 3)
        self.world = world
        self.client = ServerClient(server.url)
        self.valid = prepare_push(world.a, server.url).sealed
        with world.a.engine.connect() as conn:
            identity = load_identity(conn)
        assert identity is not None
        self.identity = identity
        self.payload = self.open(self.valid)

    def open(self, sealed: bytes) -> bytes:
        """The payload of a batch this test sealed (decrypted with the county's key)."""
        with self.world.county.engine.connect() as conn:
            county = load_identity(conn)
        assert county is not None
        _header, payload = open_sealed(
            sealed,
            "fuzz",
            kind=KIND_BATCH,
            me=county.id,
            my_role="county",
            my_enc_private=county.enc_private,
            sender_key=lambda _header: (
                ed25519_private(self.identity.sign_private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            ),
        )
        return payload

    def seal(self, payload: bytes, *, sign_with: bytes | None = None) -> bytes:
        i = self.identity
        return seal(
            payload,
            kind=KIND_BATCH,
            schema=read_header(self.valid, "fuzz").schema,
            sender=i.id,
            sender_sign_private=sign_with or i.sign_private,
            recipient=i.county_id,
            recipient_enc_public=i.county_enc_public,
            sender_keys=presented(i.id, KeyPairs(i.enc_private, i.sign_private), i.keys_intro),
        )

    def fingerprint(self) -> tuple[Any, ...]:
        with self.world.county.engine.connect() as conn:
            return (*conn.execute(text(APPLIED)).one(), conn.execute(text(LOGGED)).scalar_one())

    def refused(self, body: bytes) -> dict[str, Any]:
        """Send ``body``: it must be refused with a bilingual 4xx, and the county left exactly as it was."""
        before = self.fingerprint()
        reply = self.client.exchange(body)
        assert 400 <= reply.status < 500, (reply.status, reply.body[:300])
        error = reply.error_text()
        assert error is not None and all(error), reply.body[:300]
        assert self.fingerprint() == before
        return {"status": reply.status, "code": error[0]}

    def answered(self, body: bytes) -> str:
        """Send a signed ``body`` that may still be a batch: refused as above, or answered with a return file —
        applied whole (200), or a gap (409: nothing applied; only the return file it answers with is logged)."""
        before = self.fingerprint()
        reply = self.client.exchange(body)
        assert reply.status < 500, (reply.status, reply.body[:300])
        if reply.status == 200:
            return "applied"
        if reply.status == 409 and reply.headers.get("x-anju-outcome") == "gap":
            assert self.fingerprint()[:-1] == before[:-1]
            return "gap"
        error = reply.error_text()
        assert 400 <= reply.status < 500 and error is not None and all(error), (reply.status, reply.body[:300])
        assert self.fingerprint() == before
        return error[0]


@pytest.fixture
def target(online_world: OnlineWorld, live_server: LiveServer) -> Target:
    return Target(online_world, live_server)


def fix_crc(data: bytes) -> bytes:
    body = data[:-CRC_LEN] if len(data) >= CRC_LEN else data
    return body + struct.pack(">I", zlib.crc32(body))


@st.composite
def damaged_bytes(draw: st.DrawFn, valid: bytes) -> bytes:
    how = draw(st.sampled_from(["random", "cut", "flip", "splice", "append"]))
    if how == "random":
        return draw(st.binary(max_size=4096))
    if how == "cut":
        return valid[: draw(st.integers(0, len(valid) - 1))]
    if how == "flip":
        at, bit = draw(st.integers(0, len(valid) - 1)), draw(st.integers(0, 7))
        data = bytearray(valid)
        data[at] ^= 1 << bit
        mutated = bytes(data)
    elif how == "splice":
        at = draw(st.integers(0, len(valid)))
        removed = draw(st.integers(0, 64))
        mutated = valid[:at] + draw(st.binary(max_size=64)) + valid[at + removed :]
    else:
        mutated = valid + draw(st.binary(min_size=1, max_size=64))
    # Half the time the checksum is made right again, so the damage reaches the header and signature checks.
    if draw(st.booleans()):
        mutated = fix_crc(mutated)
    assume(mutated != valid)  # a flip in the checksum, fixed again, or a splice of the same bytes: no damage
    return mutated


WRONG_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),  # what an SQLite column can hold
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def rebuilt(payload: bytes, manifest: dict[str, Any], rows: list[list[Any]]) -> bytes:
    """A batch database with this manifest and these change rows."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        f"CREATE TABLE changes ({', '.join(CHANGE_COLUMNS)});"
    )
    write_manifest(conn, manifest)
    conn.executemany(f"INSERT INTO changes VALUES ({', '.join('?' * len(CHANGE_COLUMNS))})", rows)
    conn.commit()
    image = conn.serialize()
    conn.close()
    return image


def parts(payload: bytes) -> tuple[dict[str, Any], list[list[Any]]]:
    conn = open_payload(payload, "fuzz")
    manifest = read_manifest(conn)
    rows = [list(r) for r in conn.execute(f"SELECT {', '.join(CHANGE_COLUMNS)} FROM changes ORDER BY seq")]
    conn.close()
    return manifest, rows


@st.composite
def signed_payloads(
    draw: st.DrawFn, payload: bytes, hows: tuple[str, ...] = ("random", "byte", "manifest", "change")
) -> tuple[str, bytes]:
    """Payloads that pass authentication (the station's own key) but are not a batch the county can apply —
    except, perhaps, a byte changed in the batch database: in free space, or in text nothing checks (the
    station's name, the time it was made), that is still a batch its station signed."""
    how = draw(st.sampled_from(hows))
    if how == "random":
        return how, draw(st.binary(max_size=4096))
    if how == "byte":
        at = draw(st.integers(0, len(payload) - 1))
        data = bytearray(payload)
        data[at] = draw(st.integers(0, 255).filter(lambda b: b != payload[at]))
        return how, bytes(data)
    manifest, rows = parts(payload)
    if how == "manifest":
        key = draw(st.sampled_from(sorted(MANIFEST_TYPES)))
        old = manifest.get(key)
        # (A value Python finds equal, True for 1, is no change at all.)
        manifest[key] = draw(WRONG_VALUES.filter(lambda v: type(v) not in MANIFEST_TYPES[key] and v != old))
        return f"manifest {key}={manifest[key]!r}", rebuilt(payload, manifest, rows)
    # A change with a value of the wrong type, its hash and the digest made to match, so only the content is wrong.
    index = draw(st.integers(0, len(rows) - 1))
    row = rows[index]
    if how == "field":
        # Inside the change: a text field (a name, an ID number, a date) given a number, a list, an object …
        column, at = "changes", CHANGE_COLUMNS.index("changes")
        fields = json.loads(row[at])
        texts = sorted(k for k, (_old, new) in fields.items() if isinstance(new, str))
        assume(texts)
        key = draw(st.sampled_from(texts))
        fields[key] = draw(
            st.one_of(
                WRONG_VALUES.filter(lambda v: v is not None and not isinstance(v, str)).map(lambda v: [None, v]),
                WRONG_VALUES,  # not an [old, new] pair at all
            )
        )
        row[at] = canonical_json(fields)
    else:
        column = draw(st.sampled_from([c for c in CHANGE_COLUMNS if c not in ("hash", "prev_hash")]))
        at = CHANGE_COLUMNS.index(column)
        if column == "changes":
            row[at] = canonical_json(draw(WRONG_VALUES.filter(lambda v: not isinstance(v, dict))))
        else:
            row[at] = draw(
                WRONG_VALUES.filter(lambda v: type(v) is not type(row[at]) and not isinstance(v, list | dict))
            )
    entry = dict(zip(CHANGE_COLUMNS, row, strict=True))
    entry["source"] = "local"
    with contextlib.suppress(TypeError, ValueError):  # a value canonical JSON cannot hash: the old hash stays
        row[CHANGE_COLUMNS.index("hash")] = entry_hash(entry)
    manifest["digest"] = digest_of(str(r[CHANGE_COLUMNS.index("hash")]) for r in rows)
    return f"{how} {column}={row[at]!r}", rebuilt(payload, manifest, rows)


@pytest.mark.parametrize("backend", ["sqlite"])  # refused before the database is read: one backend is enough
def test_damaged_uploads_are_refused_and_change_nothing(target: Target) -> None:
    seen: set[tuple[int, str]] = set()

    @FUZZ
    @given(body=damaged_bytes(target.valid))
    def run(body: bytes) -> None:
        result = target.refused(body)
        seen.add((result["status"], result["code"]))

    run()
    codes = {code for _status, code in seen}
    assert {"not_a_batch", "truncated", "damaged"} <= codes, seen  # the fuzz reached past the first checks
    assert target.client.exchange(target.valid).status == 200  # and the batch itself was fine all along


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_uploads_first_bytes_get_the_verdict_of_the_whole(target: Target) -> None:
    """The server reads an upload's header from its first bytes as they arrive (`peek_header`), to refuse uploads
    from nobody before reading the rest. Whatever the bytes, and wherever the network splits them, that early look
    refuses nothing the whole upload's header would pass, names the damage as the whole upload's check does, and
    once the header is there, finds the very header the whole upload has."""

    @FUZZ
    @given(body=st.one_of(st.just(target.valid), damaged_bytes(target.valid)), data=st.data())
    def run(body: bytes, data: st.DataObject) -> None:
        cut = data.draw(st.integers(0, len(body)))
        whole: Header | None = None
        refused: SyncError | None = None
        try:
            whole = read_header(body, "upload")
        except SyncError as exc:
            refused = exc
        try:
            early = peek_header(body[:cut], "upload")
        except SyncError as exc:
            assert type(exc) is type(refused), (exc, refused)
            return
        if whole is not None:
            assert early == (whole if cut >= whole.size else None)

    run()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_batch_signed_by_another_key_is_refused(target: Target) -> None:
    stranger = KeyPairs.generate().sign_private
    assert target.refused(target.seal(target.payload, sign_with=stranger)) == {"status": 403, "code": "bad_signature"}
    signature_at = len(target.valid) - CRC_LEN - SIGNATURE_LEN
    forged = target.valid[:signature_at] + bytes(SIGNATURE_LEN) + target.valid[-CRC_LEN:]
    assert target.refused(fix_crc(forged)) == {"status": 403, "code": "bad_signature"}


def test_signed_but_malformed_batches_are_refused_and_change_nothing(target: Target) -> None:
    seen: set[str] = set()

    @FUZZ
    @given(case=signed_payloads(target.payload))
    def run(case: tuple[str, bytes]) -> None:
        how, payload = case
        answer = target.answered(target.seal(payload))
        # Only a changed byte may leave a batch its station could have sent (in free space, in a name …).
        assert how == "byte" or answer not in ("applied", "gap"), (how, answer)
        seen.add(answer)

    run()
    assert {"damaged", "malformed"} <= seen, seen
    assert target.client.exchange(target.valid).status == 200


def test_a_signed_change_with_a_field_the_station_program_never_writes_is_refused(target: Target) -> None:
    """A text field inside a change given a number, a list, an object, or no [old, new] pair: refused as malformed
    before anything applies (here nothing may apply at all, so the first one let through fails the test)."""

    @FUZZ
    @given(case=signed_payloads(target.payload, ("field",)))
    def run(case: tuple[str, bytes]) -> None:
        how, payload = case
        assert target.answered(target.seal(payload)) == "malformed", how

    run()
    assert target.client.exchange(target.valid).status == 200


def test_a_big_upload_whose_change_fails_its_check_during_the_merge_is_refused(
    target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big batch's changes are checked in a second process while the server merges it: a change that does not
    match its hash is still refused as damaged (400), with nothing applied."""
    monkeypatch.setattr(batch_check, "BACKGROUND_MIN", 1)
    batch = sqlite3.connect(":memory:")
    batch.deserialize(target.payload)
    batch.execute("UPDATE changes SET actor = 'mallory' WHERE seq = (SELECT max(seq) FROM changes)")
    batch.commit()
    altered = batch.serialize()
    batch.close()
    assert target.refused(target.seal(altered)) == {"status": 400, "code": "damaged"}
    assert target.client.exchange(target.valid).status == 200


# ---- the OpenAPI description, walked by schemathesis ---------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite"])
def test_every_operation_answers_as_described(target: Target, live_server: LiveServer) -> None:
    """Requests made from the description: every answer matches it — status, media type, headers, JSON schema —
    none is a server error, and nothing is applied. (Schemathesis's negative mode has nothing to negate here: a
    body of any bytes and a health check without parameters; the malformed bodies are the fuzzing above.)"""
    schema = schemathesis.openapi.from_url(f"{live_server.url}/openapi.json")
    before = target.fingerprint()

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=schema.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case: Any) -> None:
        # Any bytes are a "valid" body to a JSON schema, but only a sealed batch is one to the server: the
        # check that schema-valid requests are accepted cannot apply. Every other check does.
        case.call_and_validate(base_url=live_server.url, excluded_checks=[positive_data_acceptance])

    run()
    assert target.fingerprint()[:-1] == before[:-1]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_batch_the_database_refuses_is_logged_without_names_or_id_numbers(
    target: Target, caplog: pytest.LogCaptureFixture
) -> None:
    """The server's log is read by whoever runs the county PC: a batch the database cannot store (here a member
    without a name, which only the NOT NULL constraint catches) is logged with the constraint that failed, but
    never with the rows it was writing — no names, no ID numbers."""
    manifest, rows = parts(target.payload)
    at = CHANGE_COLUMNS.index("changes")
    index = next(i for i, row in enumerate(rows) if "relation" in json.loads(row[at]))
    fields = json.loads(rows[index][at])
    fields["name"] = [None, None]
    fields["id_number"] = [None, "53032619800101123X"]
    rows[index][at] = canonical_json(fields)
    entry = dict(zip(CHANGE_COLUMNS, rows[index], strict=True))
    entry["source"] = "local"
    rows[index][CHANGE_COLUMNS.index("hash")] = entry_hash(entry)
    manifest["digest"] = digest_of(str(r[CHANGE_COLUMNS.index("hash")]) for r in rows)
    caplog.set_level("INFO", logger="anju.server")
    assert target.refused(target.seal(rebuilt(target.payload, manifest, rows))) == {
        "status": 422,
        "code": "rejected_by_database",
    }
    assert "members.name" in caplog.text  # what the administrator needs to find the record
    assert "53032619800101123X" not in caplog.text
    assert "成员" not in caplog.text  # the test households' members are all named 成员…


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("field", ["sender", "recipient"])
def test_a_forged_header_cannot_write_lines_into_the_servers_log(
    target: Target, caplog: pytest.LogCaptureFixture, field: str
) -> None:
    """The sender and recipient are read before anything is verified, and refusals name them: a header whose ids
    carry line breaks or terminal escapes (anyone can make one, with a key of their own) is refused as damaged,
    and the clerk's console shows no line the server did not write."""
    forged = "x\n2026-01-01 00:00:00,000 anju.server 工作站“者海镇工作站”第 9 批（新批次）\x1b[2J"
    i = target.identity
    ids = {"sender": i.id, "recipient": i.county_id} | {field: forged}
    sealed = seal(
        target.payload,
        kind=KIND_BATCH,
        schema=read_header(target.valid, "fuzz").schema,
        sender=ids["sender"],
        sender_sign_private=KeyPairs.generate().sign_private,
        recipient=ids["recipient"],
        recipient_enc_public=i.county_enc_public,
    )
    caplog.set_level("INFO", logger="anju.server")
    assert target.refused(sealed) == {"status": 400, "code": "damaged"}
    assert "第 9 批" not in caplog.text and "\x1b" not in caplog.text

"""The pure parts of sync: the three-way merge, the envelope, passphrases, drive listing, messages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.batch import Change
from sync.drives import linux_drives
from sync.enrolment import new_passphrase, normalise_passphrase, open_package, seal_package
from sync.envelope import KIND_BATCH, KIND_RETURN, Header, open_sealed, read_header, seal
from sync.errors import AlteredFile, StationCopy, UnknownStation, WrongKind, WrongPassphrase, WrongRecipient, _ranges
from sync.keys import KeyPairs
from sync.merge import merge_change
from sync.rows import CODECS
from sync.station_keys import introduce, presented, signing_key

HOUSEHOLDS = CODECS["households"]
FIELDS = ("phone", "notes", "room", "building", "status")
values = st.sampled_from([None, "a", "b", "c"])


def change(op: str, base_rev: int, fields: dict[str, list[Any]]) -> Change:
    return Change(9, "2026-11-29T08:00:00Z", "zhang", "station-x", "households", "h1", op, base_rev, "{}", "", "")


def county_row(rev: int, **content: Any) -> dict[str, Any]:
    row = HOUSEHOLDS.blank("h1")
    row.update(site_id="s1", status="草稿", rev=rev, updated_at="t", updated_by="li", origin="station-y")
    row.update(content)
    return row


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), st.tuples(values, values, values), min_size=1))
def test_three_way_merge_takes_what_only_the_station_changed_and_keeps_both_values_otherwise(
    cases: dict[str, tuple[Any, Any, Any]],
) -> None:
    """Per field (county value, station's base, station's new) with the county's rev moved on."""
    current = county_row(7, **{f: c for f, (c, _b, _n) in cases.items()})
    fields = {f: [b, n] for f, (_c, b, n) in cases.items()}
    merged = merge_change(
        current, change("update", 5, fields), fields, HOUSEHOLDS, rev=8, sender="x", edited_elsewhere=lambda: True
    )
    assert merged.row is not None and merged.row["rev"] == 8
    conflicts = {c.field: c for c in merged.conflicts}
    for field_name, (county, base, new) in cases.items():
        if county in (new, base):
            assert merged.row[field_name] == new and field_name not in conflicts
        else:  # both sides changed it, differently: the county's value stays, and both are kept
            assert merged.row[field_name] == county
            assert (conflicts[field_name].county, conflicts[field_name].station) == (county, new)
            assert conflicts[field_name].base == base
    assert merged.outcome == ("conflict" if conflicts else "merged")


answers = st.dictionaries(st.sampled_from(["q1", "q2", "q3"]), st.sampled_from(["a", "b", 1]), max_size=3)


@settings(max_examples=300, deadline=None)
@given(answers, answers, answers)
def test_the_county_questions_merge_question_by_question(base: dict[str, Any], county: dict[str, Any],
                                                         new: dict[str, Any]) -> None:  # fmt: skip
    """``extra`` (county value, station's base, station's new): each question as a field of its own would merge."""
    current = county_row(7, extra=county or None)
    fields = {"extra": [base or None, new or None]}
    merged = merge_change(
        current, change("update", 5, fields), fields, HOUSEHOLDS, rev=8, sender="x", edited_elsewhere=lambda: True
    )
    assert merged.row is not None
    after = merged.row["extra"] or {}
    clashes = set()
    for key in ("q1", "q2", "q3"):
        c, b, n = county.get(key), base.get(key), new.get(key)
        if c in (n, b) or n == b:
            assert after.get(key) == (c if n == b else n), key
        else:
            assert after.get(key) == c, key
            clashes.add(key)
    if clashes:
        (conflict,) = merged.conflicts
        assert conflict.field == "extra" and conflict.county == merged.row["extra"] and conflict.base == (base or None)
        station = conflict.station or {}
        assert {k for k in ("q1", "q2", "q3") if station.get(k) != after.get(k)} == clashes
        assert all(station.get(k) == new.get(k) for k in clashes)
    else:
        assert merged.conflicts == []


def test_when_nobody_else_changed_the_record_every_field_is_taken() -> None:
    current = county_row(5, phone="1", notes="old")
    fields = {"phone": [None, "2"], "notes": ["stale", "new"]}
    merged = merge_change(current, change("update", 5, fields), fields, HOUSEHOLDS, rev=6, sender="x",
                          edited_elsewhere=lambda: pytest.fail("not asked on the fast path"))  # fmt: skip
    assert merged.row is not None and (merged.row["phone"], merged.row["notes"]) == ("2", "new")
    assert merged.outcome == "applied" and merged.changed == {"phone": ["1", "2"], "notes": ["old", "new"]}


def test_a_delete_is_a_conflict_only_when_someone_else_changed_the_record() -> None:
    current = county_row(5)
    for elsewhere, expected in ((False, []), (True, ["delete-edit"])):
        merged = merge_change(current, change("delete", 3, {}), {}, HOUSEHOLDS, rev=6, sender="x",
                              edited_elsewhere=lambda e=elsewhere: e)  # fmt: skip
        assert merged.row is not None and merged.row["deleted_at"] == "2026-11-29T08:00:00Z"
        assert [c.kind for c in merged.conflicts] == expected and merged.op == "delete"


def test_a_change_to_a_record_the_county_never_had_is_an_orphan_kept_in_history_only() -> None:
    merged = merge_change(None, change("update", 3, {}), {"phone": ["1", "2"]}, HOUSEHOLDS, rev=6, sender="x",
                          edited_elsewhere=lambda: False)  # fmt: skip
    assert merged.row is None and merged.outcome == "orphan"


def test_unknown_fields_are_not_applied() -> None:
    fields = {"phone": [None, "1"], "no_such_field": [None, "x"], "rev": [None, 99]}
    merged = merge_change(None, change("insert", 0, fields), fields, HOUSEHOLDS, rev=6, sender="station-x",
                          edited_elsewhere=lambda: False)  # fmt: skip
    assert merged.row is not None and "no_such_field" not in merged.row
    assert merged.row["rev"] == 6 and merged.row["origin"] == "station-x" and merged.row["status"] == "草稿"


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=5000), st.sampled_from([KIND_BATCH, KIND_RETURN]))
def test_a_sealed_payload_opens_only_for_its_recipient_from_a_known_sender(payload: bytes, kind: int) -> None:
    sender, recipient, stranger = KeyPairs.generate(), KeyPairs.generate(), KeyPairs.generate()
    sealed = seal(payload, kind=kind, schema="0003", sender="s1", sender_sign_private=sender.sign_private,
                  recipient="c1", recipient_enc_public=recipient.public().enc)  # fmt: skip

    def known(header: Header) -> bytes | None:
        return sender.public().sign if header.sender == "s1" else None

    header, opened = open_sealed(sealed, "f", kind=kind, me="c1", my_role="county",
                                 my_enc_private=recipient.enc_private, sender_key=known)  # fmt: skip
    assert opened == payload and (header.sender, header.recipient, header.schema) == ("s1", "c1", "0003")
    ciphertext = sealed[header.size : header.size + header.payload_len]
    assert len(payload) < 16 or payload not in ciphertext  # encrypted, not merely compressed
    with pytest.raises(WrongRecipient):
        open_sealed(sealed, "f", kind=kind, me="c2", my_role="county", my_enc_private=recipient.enc_private,
                    sender_key=known)  # fmt: skip
    with pytest.raises(UnknownStation):
        open_sealed(sealed, "f", kind=kind, me="c1", my_role="county", my_enc_private=recipient.enc_private,
                    sender_key=lambda _s: None)  # fmt: skip
    with pytest.raises(AlteredFile):  # a forger signing with another key under the station's name
        open_sealed(sealed, "f", kind=kind, me="c1", my_role="county", my_enc_private=recipient.enc_private,
                    sender_key=lambda _s: stranger.public().sign)  # fmt: skip
    with pytest.raises(AlteredFile, match="无法用本机密钥解密"):
        open_sealed(sealed, "f", kind=kind, me="c1", my_role="county", my_enc_private=stranger.enc_private,
                    sender_key=known)  # fmt: skip
    with pytest.raises(WrongKind):
        open_sealed(sealed, "f", kind=KIND_BATCH + KIND_RETURN - kind, me="c1", my_role="county",
                    my_enc_private=recipient.enc_private, sender_key=known)  # fmt: skip


def test_a_station_introduces_its_own_keys_and_the_county_checks_them_against_the_package() -> None:
    package, county = KeyPairs.generate(), KeyPairs.generate()
    own, intro = introduce("s1", package.sign_private)
    shown = presented("s1", own, intro)
    sealed = seal(b"batch", kind=KIND_BATCH, schema="0007", sender="s1", sender_sign_private=own.sign_private,
                  recipient="c1", recipient_enc_public=county.public().enc, sender_keys=shown)  # fmt: skip
    header = read_header(sealed, "f")
    assert header.sender_keys == shown and sealed[8] == 2  # format 2: the header carries them
    unpinned = SimpleNamespace(name="者海镇", sign_public=package.public().sign, enc_public=package.public().enc,
                               package_sign_public=package.public().sign, pinned_at=None, revoked_at=None)  # fmt: skip
    assert signing_key(unpinned, header, "f") == own.public().sign
    _header, opened = open_sealed(sealed, "f", kind=KIND_BATCH, me="c1", my_role="county",
                                  my_enc_private=county.enc_private,
                                  sender_key=lambda h: signing_key(unpinned, h, "f"))  # fmt: skip
    assert opened == b"batch"
    pinned = SimpleNamespace(**{**unpinned.__dict__, "sign_public": own.public().sign,
                                "enc_public": own.public().enc, "pinned_at": "x"})  # fmt: skip
    assert signing_key(pinned, header, "f") == own.public().sign
    copy, copy_intro = introduce("s1", package.sign_private)  # the same package accepted elsewhere
    copied = replace(header, sender_keys=presented("s1", copy, copy_intro))
    assert signing_key(unpinned, copied, "f") == copy.public().sign  # first come, first pinned
    with pytest.raises(StationCopy):
        signing_key(pinned, copied, "f")
    with pytest.raises(StationCopy):  # no keys at all, once the station's are pinned
        signing_key(pinned, replace(header, sender_keys=b""), "f")
    stranger, stranger_intro = introduce("s1", KeyPairs.generate().sign_private)
    with pytest.raises(AlteredFile, match="不是用登记包介绍的"):
        signing_key(unpinned, replace(header, sender_keys=presented("s1", stranger, stranger_intro)), "f")
    with pytest.raises(AlteredFile, match="不是用登记包介绍的"):  # introduced for another station
        signing_key(unpinned, replace(header, sender="s2"), "f")
    plain = seal(b"return", kind=KIND_RETURN, schema="0007", sender="c1", sender_sign_private=county.sign_private,
                 recipient="s1", recipient_enc_public=own.public().enc)  # fmt: skip
    assert plain[8] == 1 and read_header(plain, "r").sender_keys == b""  # without keys: as before


def test_passphrases_are_typed_forgivingly_and_refused_when_wrong() -> None:
    phrase = new_passphrase()
    assert len(normalise_passphrase(phrase)) == 20 and not set(normalise_passphrase(phrase)) & set("01IO")
    sealed = seal_package({"station_id": "x"}, phrase)
    assert open_package(sealed, f" {phrase.lower().replace('-', ' ')} ", "p")["station_id"] == "x"
    with pytest.raises(WrongPassphrase, match="口令不正确"):
        open_package(sealed, new_passphrase(), "p")


def test_removable_drives_on_linux_come_from_the_mounts_under_media(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "/dev/sdb1 /media/zhang/KINGSTON vfat rw 0 0\n"
        "/dev/sdc1 /run/media/li/U\\040盘 vfat rw 0 0\n"
        "tmpfs /run/user/1000 tmpfs rw 0 0\n",
        encoding="utf-8",
    )
    drives = linux_drives(mounts)
    assert [(str(d.path), d.label) for d in drives] == [
        ("/media/zhang/KINGSTON", "KINGSTON"),
        ("/run/media/li/U 盘", "U 盘"),
    ]
    assert linux_drives(tmp_path / "missing") == []


def test_missing_batch_numbers_read_as_ranges() -> None:
    assert _ranges([3]) == "3" and _ranges([3, 4, 5, 8]) == "3–5、8" and _ranges([1, 3, 4]) == "1、3–4"


def test_a_batch_with_values_of_the_wrong_type_or_no_content_is_refused_by_name() -> None:
    """The USB import reads batches with the same checks the server applies (a signed file can still be odd)."""
    from dataclasses import replace

    from sync.batch import Manifest, build_batch, digest_of, read_batch
    from sync.errors import MalformedBatch

    manifest = Manifest(
        station_id="s1",
        station_name="者海镇工作站",
        county_id="c1",
        batch_no=1,
        after_seq=0,
        first_seq=None,
        last_seq=0,
        county_rev=0,
        app_version="0.1.0",
        schema="0004",
        questionnaire=None,
        counts={},
        total=0,
        digest=digest_of([]),
        created_at="2026-11-29T00:00:00Z",
    )
    assert read_batch(build_batch(manifest, []), "ok.batch")[0] == manifest
    odd = build_batch(replace(manifest, batch_no="1"), [])  # type: ignore[arg-type]
    with pytest.raises(MalformedBatch, match=r"odd\.batch"):
        read_batch(odd, "odd.batch")
    with pytest.raises(AlteredFile, match=r"empty\.batch"):
        read_batch(b"", "empty.batch")

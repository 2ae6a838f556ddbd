"""The county import's fast paths say exactly what the plain ways say: a new record built from a station's insert,
and a change's fields read with the JSON scanner. Each is held against the plain way it replaces, on ordinary
values and on the odd ones a broken or hostile station could send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.batch import Change
from sync.merge import merge_change, new_record
from sync.rows import CODECS, Codec, Row

#: JSON values as a station's changes may hold them (floats without NaN: NaN never equals itself)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


def change(table: str, fields: dict[str, Any], *, op: str = "insert", text: str | None = None) -> Change:
    changes = text if text is not None else json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return Change(3, "2026-11-29T08:00:00Z", "zhang", "station-x", table, "r1", op, 0, changes, "p", "h")


def plain_insert(codec: Codec, change: Change, fields: dict[str, Any], rev: int, sender: str) -> tuple[Row, Any]:
    """The insert of a new record as the merge made it before it had a fast path (kept here as the reference)."""
    row = codec.blank(change.record_id)
    changed: dict[str, list[Any]] = {}
    for key, pair in fields.items():
        if key in codec.editable and type(pair) is list and len(pair) == 2 and (new := pair[1]) is not None:
            row[key] = new
            changed[key] = pair if pair[0] is None else [None, new]
    for key, value in codec.defaults.items():
        if key not in changed and value is not None:
            changed[key] = [None, value]
    codec.derive(row)
    row["rev"], row["updated_at"], row["updated_by"], row["origin"] = rev, change.at, change.actor, sender
    row["deleted_at"] = None
    return row, changed


def field_values(table: str) -> st.SearchStrategy[dict[str, Any]]:
    codec = CODECS[table]
    known = sorted(codec.editable)
    names = st.sampled_from([*known, "not_a_column", "rev", *sorted(codec.model.DERIVED_FIELDS)])
    pairs = st.one_of(
        st.tuples(st.none(), st.text(min_size=1, max_size=8)).map(list),  # what a station writes for an insert
        st.tuples(json_values, json_values).map(list),
        json_values,  # not a pair at all
        st.lists(json_values, max_size=3),  # a list of another length
    )
    return st.dictionaries(names, pairs, max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["households", "members", "employments", "visits"]), st.data())
def test_a_new_record_is_built_as_the_plain_merge_built_it(table: str, data: st.DataObject) -> None:
    codec = CODECS[table]
    fields = data.draw(field_values(table))
    incoming = change(table, fields)
    try:
        plain_row, plain_changed = plain_insert(codec, incoming, json.loads(incoming.changes), 9, "station-x")
    except (TypeError, AttributeError) as exc:  # derived fields cannot be made of such values (a name that is a
        # number …); `sync.batch_check` refuses those batches, but the two ways must still agree
        with pytest.raises(type(exc)):
            new_record(codec, incoming, json.loads(incoming.changes), rev=9, sender="station-x")
        return
    row, changed = new_record(codec, incoming, json.loads(incoming.changes), rev=9, sender="station-x")
    assert row == plain_row and list(row) == list(plain_row)
    # The journal spells ``changed`` canonically (sorted keys), but its order is kept too, to the letter.
    assert list(changed.items()) == list(plain_changed.items())
    merged = merge_change(
        None, incoming, json.loads(incoming.changes), codec, rev=9, sender="station-x", edited_elsewhere=lambda: False
    )
    assert (merged.row, merged.changed, merged.op, merged.outcome) == (plain_row, plain_changed, "insert", "applied")


def test_an_ordinary_insert_is_journaled_with_its_own_fields_and_the_defaults_it_did_not_carry() -> None:
    codec = CODECS["members"]
    fields = {"household_id": [None, "h1"], "name": [None, "张三"]}
    row, changed = new_record(codec, change("members", fields), fields, rev=4, sender="station-x")
    assert changed == {**fields, "id_type": [None, "居民身份证"]}
    assert row["name_initials"] == "zs" and row["rev"] == 4 and row["origin"] == "station-x"
    assert fields == {"household_id": [None, "h1"], "name": [None, "张三"]}  # the parsed change is left as it came


def plain_fields(text: str) -> dict[str, Any]:
    """How the county read a change's fields before the scanner: json.loads, {} for anything not an object."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


texts = st.one_of(
    st.dictionaries(st.text(max_size=4), json_values, max_size=4).map(
        lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    ),
    st.dictionaries(st.text(max_size=4), json_values, max_size=4).map(json.dumps),  # spaces, \u escapes
    json_values.map(json.dumps),  # not an object
    st.text(max_size=12),  # not JSON at all
)


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(["", " ", "\n", "\ufeff", "x", "}", " {}"]), st.booleans())
def test_fields_read_with_the_scanner_are_the_fields_json_loads_reads(text: str, extra: str, before: bool) -> None:
    for spelled in (text, extra + text if before else text + extra):
        assert change("households", {}, text=spelled).parsed() == plain_fields(spelled)


def test_duplicate_keys_and_odd_spellings_read_as_json_loads_reads_them() -> None:
    for spelled in ('{"a":[null,1],"a":[null,2]}', '{"a":[null,1e2]}', '{"\\u5f20":[null,"\\/"]}', "[]", "NaN", ""):
        assert change("households", {}, text=spelled).parsed() == plain_fields(spelled)

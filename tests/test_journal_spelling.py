"""The journal's canonical JSON is spelled exactly as the standard library spells it.

Every entry's hash covers that spelling, and entries written by one Anju are checked by another (a station's by
the county's, an old database's by a new program): `forms.journal` encodes through orjson for speed, and must
give the same characters as ``json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))``
with dates as ISO text, for every value a record or an entry can hold, or refuse what that refuses.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.journal import GENESIS_HASH, canonical_json, entry_hash, hash_values


def standard(value: object) -> str:
    def default(v: object) -> object:
        if isinstance(v, date):
            return v.isoformat()
        raise TypeError(type(v).__name__)

    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=default)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()  # past 64 bits too
    | st.floats()  # NaN and infinities too: a batch's JSON can carry them
    | st.text()
    | st.dates()
    | st.datetimes(timezones=st.none() | st.just(UTC))
)
values = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20)
#: What the journal encodes nearly always, orjson's way: an entry's hashed columns, a change's [old, new] pairs.
changes = st.dictionaries(st.text(), st.lists(scalars, min_size=2, max_size=2)) | st.lists(scalars)


@settings(max_examples=400, deadline=None)
@given(values | changes)
def test_any_value_is_spelled_as_the_standard_library_spells_it(value: object) -> None:
    try:
        expected = standard(value)
    except UnicodeEncodeError:  # pragma: no cover - text with a lone surrogate: refused either way below
        return
    try:
        expected.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(UnicodeError):
            canonical_json(value)
        return
    assert canonical_json(value) == expected


def test_every_character_is_escaped_or_kept_as_the_standard_library_does() -> None:
    below = "".join(chr(i) for i in range(0xD800))  # control characters, quotes, backslash, CJK, U+2028 …
    above = "".join(chr(i) for i in range(0xE000, 0x10000, 7)) + "𠮷😀\U0010ffff"
    for text in (below, above, {"键": below}, [above, None]):
        assert canonical_json(text) == standard(text)


@pytest.mark.parametrize(
    "value",
    [
        1e-07,  # Python 1e-07, orjson 1e-7: the standard spelling wins
        {"姓名": [None, float("nan")], "门牌号": [None, float("inf")]},  # Python NaN, orjson null
        [0.0001, 1e-05, -2.5e-10, 1e16, 1.7976931348623157e308, -0.0, 5e-324],
        {"说明": "1e-5 不是数字"},  # text that looks like one
        2**64,  # past orjson's integers
        -(2**63) - 1,
        {1: "a", 2: "b"},  # keys that are not text: the standard library turns them into text
        {"出生日期": date(1980, 2, 29), "at": datetime(2026, 12, 2, 17, 3, 4, 5, tzinfo=UTC)},
    ],
)
def test_values_orjson_would_spell_otherwise_take_the_standard_spelling(value: object) -> None:
    assert canonical_json(value) == standard(value)


def test_subclasses_of_text_are_spelled_as_their_text() -> None:
    class Name(str):
        pass

    assert canonical_json({"name": Name("张三")}) == '{"name":"张三"}'


def test_what_is_not_json_is_refused() -> None:
    for value in (b"bytes", {"a": object()}, {1.5j}):
        with pytest.raises(TypeError):
            canonical_json(value)


def test_an_entry_hash_is_the_sha256_of_the_standard_spelling() -> None:
    import hashlib

    changes = canonical_json({"name": [None, "王 “小” 明\n"], "birth_date": [None, date(1990, 1, 2)]})
    fields = [1, "2026-12-02T00:00:00.000000Z", "李四", "S01", "form", "members", "abc", "insert", 0]
    fields += [changes, GENESIS_HASH]
    expected = hashlib.sha256(standard(fields).encode("utf-8")).hexdigest()
    assert hash_values(fields) == expected
    columns = ("seq", "at", "actor", "origin", "source", "record_table", "record_id", "op", "base_rev")
    assert entry_hash(dict(zip((*columns, "changes", "prev_hash"), fields, strict=True))) == expected

"""Record ids for the hundreds of thousands of records an import makes.

`forms.records.new_id` makes one ``uuid.uuid4()`` at a time: an ``os.urandom`` call, an int and a `uuid.UUID`
for every record, about 5 µs, a second of a 200,000-member import. `IdPool` makes the same ids (random version-4
UUIDs, RFC 4122 variant, the same lower-case 8-4-4-4-12 text) from one ``os.urandom`` call per batch.
"""

from __future__ import annotations

import os

BATCH = 4096
# uuid.UUID(bytes=…, version=4): the high nibble of byte 6 is the version (4), the two high bits of byte 8 the
# variant (10, RFC 4122).
_VERSION = bytes((b & 0x0F) | 0x40 for b in range(256))
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))


def new_ids(count: int) -> list[str]:
    """``count`` fresh random ids, each what ``str(uuid.uuid4())`` gives."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    text = raw.hex()
    return [
        f"{text[i : i + 8]}-{text[i + 8 : i + 12]}-{text[i + 12 : i + 16]}-{text[i + 16 : i + 20]}-{text[i + 20 : j]}"
        for i, j in zip(range(0, 32 * count, 32), range(32, 32 * count + 32, 32), strict=True)
    ]


class IdPool:
    """Hands out fresh ids one by one, made in batches.

    `reserve` makes the ids for the records about to be made in one sorted block, handed out in ascending order:
    the records then go into each primary-key index (and the indexes on parent ids and the journal's record ids)
    in key order, which SQLite appends instead of inserting all over the index (a sixth less of its time on a
    200,000-member import). The ids are as random as ever; only the order they are handed out in is chosen.
    """

    def __init__(self, batch: int = BATCH) -> None:
        self._batch = batch
        self._ids: list[str] = []  # handed out from the end

    def reserve(self, count: int) -> None:
        """Make sure the next ``count`` ids are ready, in ascending order."""
        if count > len(self._ids):
            self._ids = sorted(new_ids(count), reverse=True)

    def __call__(self) -> str:
        if not self._ids:
            self._ids = new_ids(self._batch)
        return self._ids.pop()

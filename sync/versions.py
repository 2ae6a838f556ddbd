"""Which Anju reads which sync file, while a county's computers run different versions.

An upgrade reaches a county over weeks: the county office installs the new version first, its stations one by one
when someone brings them the installer (an offline laptop may wait months). Meanwhile batches, return files and
enrolment packages cross between versions both ways. So the ``schema`` a file is stamped with (in its envelope,
and in its manifest or package) is not the writer's own schema revision but the oldest one whose program reads
everything in the file: a county that upgraded keeps answering the stations that have not, and a station that
upgraded first keeps sending to a county that has not, as long as what travels is the same. A program refuses only
a file stamped with a revision it does not know, and says which Anju wrote it (the manifest's ``app_version``), so
which version to install.

What travels is the synced records' columns (a return file's rows, a batch's changes), the manifests, the
settings and the packages. A schema revision that changes only a database's own bookkeeping leaves `READABLE_FROM`
where it is (0006: how the county keeps the text of a change; 0007: a station's own keys, which a county learns
from the batch's envelope; 0009: which Anju each station runs, which the county reads off its batches' manifests;
0010: each database's own 账户记录, local like its accounts).
A revision that changes what travels moves it to itself: a station that dropped a new column of the county's would
keep a stale copy for good, and a county that kept a newer station's new field unapplied would lose it.
`tests/test_sync_versions.py` holds the shape of what travels and fails when it changes while `READABLE_FROM` stays.

Two changes to what travels left it where it was, on purpose: 0008's ``members.left_reason`` (减员原因) and 0011's
``members.left_on`` (减员日期). An older program takes the rows it knows the columns of and ignores the others
(`sync.station_apply`, `sync.merge`), so it reads such a file correctly, without the reason or the day: both are
only notes on a tombstone, which no rule or count reads. Cutting every station not yet upgraded off from its
county's return files for them (what moving `READABLE_FROM` does) would cost far more than a 减员名单 that says
未记录 for a member whose reason an old station never received. A 减员日期 is not left at that: the county, once
upgraded, takes the days its older program left in its history, and sends a station that upgraded after it the
days its older program dropped (`sync.left_days`); and since an older program's 恢复 or 减员 carries nothing to
clear an earlier removal's day with, the county's merge clears it (`sync.merge`).

Stations' own keys (0007) are the exception both ways: a batch that introduces them travels in an envelope older
counties cannot open, so a station enrolled by such a county keeps its package's keys (`knows_own_keys`); and an
enrolment package is for programs that make them (`OWN_KEYS_FROM`).
"""

from __future__ import annotations

from forms.schema import KNOWN_REVISIONS

#: The oldest schema revision whose program reads the batches, return files and packages this one writes (0005
#: brought ``members.id_check`` and ``finding_overrides.subject``).
READABLE_FROM = "0005"
#: A batch that introduces a station's own keys travels in an envelope (format 2) that only programs from this
#: revision on can open; an enrolment package is accepted only by them, since an older program would keep signing
#: with the package's keys, which any copy of the package holds.
OWN_KEYS_FROM = "0007"


def file_schema(*, own_keys: bool = False) -> str:
    """The schema revision a file this program writes is stamped with: the oldest that reads it."""
    return OWN_KEYS_FROM if own_keys else READABLE_FROM


def is_newer(schema: str) -> bool:
    """A file stamped with a revision this program does not know needs a newer Anju."""
    return schema not in KNOWN_REVISIONS


def knows_own_keys(schema: str) -> bool:
    """Whether the program that stamped a county's file with ``schema`` knows stations' own keys (`OWN_KEYS_FROM`):
    a station enrolled by an older county keeps its package's keys, as a station enrolled before them does, or the
    county could not open its batches."""
    return schema in KNOWN_REVISIONS and KNOWN_REVISIONS.index(schema) >= KNOWN_REVISIONS.index(OWN_KEYS_FROM)

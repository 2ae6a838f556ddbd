"""What the county owes each station: the households in its scope with something no return file has carried to it
yet (the 工作站 page's 待写回执: a review, a settled conflict, another station's edit at a shared site).

`sync.county_return.collect` gathers a station's records one station at a time, with whole subtrees; fine for
writing one return file, but the stations page asks for every station at once, and the revisions have no index.
Here each table is read once, from the oldest return file on, and every change is counted for the stations whose
last return file it came after. A household counts once however many of its records changed. A new site is
not counted (新增安置点 says it reaches every station with the next return file).

A clerk's change that stamps nothing itself (a roster imported at the county, a 分户 in the editor, which is the
station's editor too: its saves stamp, `sync.trunk.stamp_if_county`) has no revision until the next import, return
file, county action or editor save stamps it (`sync.trunk`). It is owed all the
same: the county's journal entries after the last one stamped are read too, as the revisions they will get,
newer than every return file. Reading them, not stamping them here, keeps the page's read a read: stamping is a
write, which would wait on (or block) an import running at that moment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, select

from forms.records import JournalEntry
from forms.rules.loading import rows_in
from forms.sync_records import SyncMove

from .county_moves import moving_changes, parent_changes
from .identity import load_state
from .rows import CODECS


@dataclass(frozen=True)
class StationScope:
    id: str
    site_codes: list[str]
    returned_rev: int  # the county revision its last return file carried


def households_owed(conn: Connection, stations: Iterable[StationScope]) -> dict[str, int]:
    """Station id → how many households in its scope changed at the county after its last return file (a
    household that moved away from its sites counts too: the return file tells it where the household went)."""
    stations = list(stations)
    if not stations:
        return {}
    floor = min(s.returned_rev for s in stations)
    t = {name: CODECS[name].table for name in CODECS}
    latest: dict[str, int] = defaultdict(int)  # household id → the last revision of anything under it

    def note(household_id: str | None, rev: int) -> None:
        if household_id is not None:
            latest[household_id] = max(latest[household_id], rev)

    jobs = t["employments"]
    job_revs = [(m, r) for m, r in conn.execute(select(jobs.c.member_id, jobs.c.rev).where(jobs.c.rev > floor))]
    for table in ("households", "members", "visits", "measures", "reviews"):
        key = t[table].c.id if table == "households" else t[table].c.household_id
        for household_id, rev in conn.execute(select(key, t[table].c.rev).where(t[table].c.rev > floor)):
            note(household_id, rev)
    overrides = conn.execute(
        select(
            t["finding_overrides"].c.record_table, t["finding_overrides"].c.record_id, t["finding_overrides"].c.rev
        ).where(t["finding_overrides"].c.rev > floor)
    ).all()
    unstamped, unstamped_moves = _unstamped(conn)
    homes = _households_of(conn, job_revs, [*overrides, *unstamped])
    for member_id, rev in job_revs:
        note(homes.get(("members", member_id)), rev)
    for table, record_id, rev in [*overrides, *unstamped]:
        note(record_id if table == "households" else homes.get((table, record_id)), rev)

    sites: dict[str, str] = {
        site_id: code for site_id, code in conn.execute(select(t["sites"].c.id, t["sites"].c.code))
    }
    site_of = dict(rows_in(conn, select(t["households"].c.id, t["households"].c.site_id), t["households"].c.id, latest))
    moved: dict[tuple[str, str], int] = {}  # (site code it left, household) → revision
    noted = conn.execute(
        select(SyncMove.record_table, SyncMove.record_id, SyncMove.from_site_id, SyncMove.rev).where(
            SyncMove.rev > floor
        )
    ).all()
    for table, record_id, from_site, rev in [*noted, *unstamped_moves]:
        if table == "households" and from_site in sites:
            moved[(sites[from_site], record_id)] = max(rev, moved.get((sites[from_site], record_id), 0))
    owed: dict[str, int] = {}
    for station in stations:
        codes = set(station.site_codes)
        here = {h for h, rev in latest.items() if rev > station.returned_rev and sites.get(site_of.get(h, "")) in codes}
        here |= {h for (code, h), rev in moved.items() if rev > station.returned_rev and code in codes}
        owed[station.id] = len(here)
    return owed


def _unstamped(conn: Connection) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, str | None, int]]]:
    """The county's own edits not yet given revisions, as (table, record id, revision) with a revision past the
    county's last (the one every such edit will be given at least), and the households among them moved to
    another site (table, id, the site it left, revision), as `sync.county_moves` will note them."""
    state = load_state(conn)
    entries = conn.execute(
        select(JournalEntry.record_table, JournalEntry.record_id, moving_changes()).where(
            JournalEntry.seq > state.stamped_seq, JournalEntry.source == "local"
        )
    ).all()
    rev = state.county_rev + 1
    edits = [(table, record_id, rev) for table, record_id, _changes in entries]
    moves = [
        (change.table, change.record_id, change.before, rev)
        for change in parent_changes(entries)
        if change.table == "households"
    ]
    return edits, moves


def _households_of(
    conn: Connection, job_revs: list[tuple[str, int]], overrides: Iterable[tuple[str, str, int]]
) -> Mapping[tuple[str, str], str]:
    """(table, id) → household id, for the members whose jobs changed and the records accepted findings are on."""
    wanted: dict[str, set[str]] = defaultdict(set)
    wanted["members"].update(m for m, _ in job_revs)
    for table, record_id, _ in overrides:
        if table != "households":
            wanted[table].add(record_id)
    found: dict[tuple[str, str], str] = {}
    jobs = CODECS["employments"].table
    for employment_id, member_id in rows_in(
        conn, select(jobs.c.id, jobs.c.member_id), jobs.c.id, wanted.pop("employments", set())
    ):
        wanted["members"].add(member_id)
        found[("employments", employment_id)] = member_id  # the member's household, once it is known
    for table, ids in wanted.items():
        if table in CODECS and "household_id" in CODECS[table].table.c:
            source = CODECS[table].table
            for record_id, household_id in rows_in(conn, select(source.c.id, source.c.household_id), source.c.id, ids):
                found[(table, record_id)] = household_id
    for key, member_id in list(found.items()):
        if key[0] == "employments":
            found[key] = found.get(("members", member_id), "")
    return found

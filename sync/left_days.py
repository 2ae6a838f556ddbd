"""减员日期 (``members.left_on``, revision 0011, Anju 0.5.0) while a county and its stations upgrade one by one.

A program that does not know the column ignores it in what it receives (`sync.versions`), which loses the day in
two places unless the county, once upgraded, puts it back:

- **The stations upgraded first.** The county's older program took each 减员 with its reason and kept the day only
  in the text of the change, in its history of what the station sent (``sync_history``). After the county's upgrade
  the column was empty: the 减员名单 dated those drops by the day they were recorded, and the next county revision
  of such a member (a conflict, a clerk's edit) sent the empty day back and emptied it at the station that had it —
  lost everywhere but in that history. `recover_left_days` takes each such day from the history onto its member,
  once (at the first import after the upgrade), journaled as the station's own value (its worker, its origin: the
  change the county would have made had it known the column), under a new revision so that every station gets it.
  Only the day of the 减员 that made the member's tombstone is taken (its time is the tombstone's), and only for a
  member whose day the county has never journaled: what the county decided since stands.
- **The county upgraded first.** A station still on the older program took the county's tombstones without their
  day; upgraded, it holds them at the same revision with the day empty, so no later return file would carry them.
  `resend_left_days` gives the tombstones with a day in its scope new revisions when its first batch from the new
  program arrives, so the return file that answers it carries them.

A member removed under the older programs at both ends has no 减员日期 anywhere: none is made up. The 减员名单 shows
the day the 减员 was recorded for them, in the computer's time zone, and says so (`forms.excel.export_departures`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from forms.journal import is_iso_date, utc_now
from forms.records import JournalEntry, Setting
from forms.rules.loading import in_chunks
from forms.store import Received, UnitOfWork
from forms.sync_records import SyncHistory
from forms.version import SCHEMA_OF_RELEASE, version_key

from .rows import CODECS, load
from .trunk import touch

#: The schema revision that brought ``members.left_on``, and the first Anju with it.
LEFT_ON_REVISION = "0011"
LEFT_ON_FROM = min(
    (version for version, schema in SCHEMA_OF_RELEASE.items() if schema >= LEFT_ON_REVISION),
    key=lambda version: version_key(version) or (),
)
#: A local setting (never published: `sync.identity.published_settings`) saying the county's history was read for
#: the days its older program did not keep, with when and how many were taken.
RECOVERED_SETTING = "sync.left_days_recovered"

_LEFT_ON = "left_on"


def keeps_left_on(app_version: str | None) -> bool:
    """Whether the Anju a manifest names keeps a 减员日期; an unknown or unreadable version is taken not to."""
    theirs, first = version_key(app_version), version_key(LEFT_ON_FROM)
    return theirs is not None and first is not None and theirs >= first


def recover_left_days(uow: UnitOfWork) -> int:
    """Put on each member the 减员日期 a station sent that the county's older program left in its history (see the
    module), once per county database; returns how many members got theirs. In the caller's transaction (an import's,
    after the county's own edits were stamped)."""
    conn = uow.session.connection()
    if conn.execute(select(Setting.key).where(Setting.key == RECOVERED_SETTING)).first() is not None:
        return 0
    days = _days_in_history(conn)
    if days:
        before = load(conn, "members", days)  # the revisions the entries are based on
        touch(conn, [("members", member_id) for member_id in days])  # new ones, so every station gets the day
        members = CODECS["members"].table
        # The day only: the tombstone keeps its time and whose it is (the 减员名单's 登记人).
        conn.execute(
            update(members).where(members.c.id == bindparam("_id")).values(left_on=bindparam("_day")),
            [{"_id": member_id, "_day": date.fromisoformat(day)} for member_id, (day, _a, _s) in days.items()],
        )
        uow.journal_received(
            Received("members", member_id, "update", before[member_id]["rev"], {_LEFT_ON: [None, day]}, actor, station)
            for member_id, (day, actor, station) in days.items()
        )
    conn.execute(insert(Setting).values(key=RECOVERED_SETTING, value={"at": utc_now(), "members": len(days)}))
    return len(days)


def _days_in_history(conn: Connection) -> dict[str, tuple[str, str, str]]:
    """Member id → (day, actor, station) for each tombstone without a day whose 减员 arrived with one."""
    h, m = SyncHistory.__table__, CODECS["members"].table
    found: dict[str, tuple[str, str, str]] = {}
    # Only a text the county kept apart from its journal can hold a field it did not apply (`SyncHistory`).
    rows = conn.execute(
        select(h.c.record_id, h.c.changes, h.c.actor, h.c.station_id)
        .join(m, m.c.id == h.c.record_id)
        .where(
            h.c.record_table == "members",
            h.c.op == "delete",
            h.c.changes.is_not(None),
            h.c.changes.contains(f'"{_LEFT_ON}"', autoescape=True),
            m.c.deleted_at == h.c.at,  # the 减员 that made the tombstone the member has now
            m.c.left_on.is_(None),
        )
        .order_by(h.c.rev)
    )
    for member_id, text, actor, station_id in rows:
        day = _sent_day(text)
        if day is not None:
            found[member_id] = (day, actor, station_id)
    for decided in _journaled_days(conn, list(found)):  # the county has had its say on these
        found.pop(decided, None)
    return found


def _sent_day(text: str) -> str | None:
    try:
        pair: Any = json.loads(text).get(_LEFT_ON)
    except (ValueError, AttributeError):
        return None
    if type(pair) is list and len(pair) == 2 and isinstance(pair[1], str) and is_iso_date(pair[1]):
        return pair[1]
    return None


def _journaled_days(conn: Connection, member_ids: list[str]) -> Iterator[str]:
    for chunk in in_chunks(member_ids):
        yield from conn.scalars(
            select(JournalEntry.record_id)
            .where(
                JournalEntry.record_table == "members",
                JournalEntry.record_id.in_(chunk),
                JournalEntry.changes.contains(f'"{_LEFT_ON}"', autoescape=True),
            )
            .distinct()
        )


def resend_left_days(conn: Connection, site_codes: list[str], before: str | None, now: str, received: bool) -> int:
    """When a station's batches come from a program that keeps a 减员日期 after one that did not (``before``, the
    version the county last recorded; None: never recorded), give the tombstones with a day at its sites new
    revisions, so that its next return file carries them again (see the module). ``received``: whether it ever had a
    return file (one that had none gets everything anyway). Returns how many were given one."""
    if not received or keeps_left_on(before) or not keeps_left_on(now):
        return 0
    sites, households, members = (CODECS[t].table for t in ("sites", "households", "members"))
    at_its_sites = select(households.c.id).where(
        households.c.site_id.in_(select(sites.c.id).where(sites.c.code.in_(site_codes)))
    )
    dated = list(
        conn.scalars(
            select(members.c.id).where(
                members.c.household_id.in_(at_its_sites),
                members.c.deleted_at.is_not(None),
                members.c.left_on.is_not(None),
            )
        )
    )
    if dated:
        touch(conn, [("members", member_id) for member_id in dated])
    return len(dated)

"""The county writes a station's return file: the acknowledgement and everything the station should now hold.

A station's scope is the households at its sites and what hangs under them. The return file carries:
- every site (all stations need the list, e.g. to transfer a household) changed since the station's
  reported revision, and every record in scope changed since then;
- the whole subtree of a household or member that is sent (a household transferred into the scope arrives
  with its members and their spells, whatever their revisions);
- records that left the scope since then (from ``sync_moves``) with their parents, so the station that held
  them learns where they went and its foreign keys still hold;
- conflicts resolved since then (with the note), reviews and comments (Review records), published settings;
- every conflict still open on the station's own changes to its households, whatever its revision: the record
  arrives with the county's value, and without them the station would show it over the worker's own edit without
  a word (`sync.station_apply` says how many wait; the editor shows both values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, and_, insert, or_, select, update

from forms.journal import utc_now
from forms.store import Store
from forms.sync_records import SyncBatch, SyncConflict, SyncMove, SyncStation
from forms.version import APP_VERSION

from .batch import Manifest
from .envelope import KIND_RETURN, seal
from .errors import SyncError
from .files import check_folder, staged
from .identity import file_safe, load_state, published_settings, require_county
from .return_file import ReturnManifest, ReturnRecord, build_return_payload, row_json
from .return_names import earlier_returns, place_return, remove_replaced
from .rows import CODECS, PARENT_FIELD, TABLE_ORDER, Row, bulk, load, select_rows
from .trunk import stamp_local_changes
from .versions import file_schema

RETURN_SUFFIX = ".return"


@dataclass
class ReturnFile:
    station_id: str
    station_name: str
    batch_no: int
    manifest: ReturnManifest
    sealed: bytes
    #: the earlier return files for this batch it took the place of in the folder (`sync.return_names`)
    replaced: list[Path] = field(default_factory=list)

    @property
    def file_stem(self) -> str:
        day = datetime.now().strftime("%Y%m%d")  # the county's own day, as the clerk and the station read it
        return f"anju-{file_safe(self.station_name)}-{self.batch_no:04d}-{day}"


def _scope_queries(site_ids: Any, since: int) -> dict[str, Select[Any]]:
    t = {name: CODECS[name].table for name in TABLE_ORDER}
    sites, hh, mem, emp = t["sites"], t["households"], t["members"], t["employments"]
    in_scope_hh = select(hh.c.id).where(hh.c.site_id.in_(site_ids))
    sent_hh = select(hh.c.id).where(hh.c.site_id.in_(site_ids), hh.c.rev > since)
    in_scope_mem = select(mem.c.id).where(mem.c.household_id.in_(in_scope_hh))
    sent_mem = select(mem.c.id).where(
        mem.c.household_id.in_(in_scope_hh), or_(mem.c.rev > since, mem.c.household_id.in_(sent_hh))
    )
    in_scope_emp = select(emp.c.id).where(emp.c.member_id.in_(in_scope_mem))
    queries: dict[str, Select[Any]] = {
        "sites": select(sites).where(sites.c.rev > since),
        "households": select(hh).where(hh.c.site_id.in_(site_ids), hh.c.rev > since),
        "members": select(mem).where(
            mem.c.household_id.in_(in_scope_hh), or_(mem.c.rev > since, mem.c.household_id.in_(sent_hh))
        ),
        "employments": select(emp).where(
            emp.c.member_id.in_(in_scope_mem), or_(emp.c.rev > since, emp.c.member_id.in_(sent_mem))
        ),
    }
    for name in ("visits", "measures", "reviews"):
        table = t[name]
        sent = [table.c.rev > since, table.c.household_id.in_(sent_hh)]
        if name == "measures":
            sent.append(table.c.member_id.in_(sent_mem))
        queries[name] = select(table).where(table.c.household_id.in_(in_scope_hh), or_(*sent))
    fo = t["finding_overrides"]
    scoped = {
        "households": in_scope_hh,
        "members": in_scope_mem,
        "employments": in_scope_emp,
        **{n: select(t[n].c.id).where(t[n].c.household_id.in_(in_scope_hh)) for n in ("visits", "measures")},
    }
    queries["finding_overrides"] = select(fo).where(
        or_(*(and_(fo.c.record_table == n, fo.c.record_id.in_(q)) for n, q in scoped.items())),
        or_(fo.c.rev > since, fo.c.record_id.in_(sent_hh), fo.c.record_id.in_(sent_mem)),
    )
    return queries


def collect(conn: Connection, site_codes: list[str], since: int) -> dict[tuple[str, str], Row]:
    """Every record the station should receive, keyed by (table, id)."""
    site_ids = select(CODECS["sites"].table.c.id).where(CODECS["sites"].table.c.code.in_(site_codes))
    found: dict[tuple[str, str], Row] = {}
    for table, query in _scope_queries(site_ids, since).items():
        for row in select_rows(conn, table, query):
            found[(table, row["id"])] = row
    moved = conn.execute(
        select(SyncMove.record_table, SyncMove.record_id).where(
            SyncMove.rev > since, SyncMove.from_site_id.in_(site_ids)
        )
    ).all()
    for table, record_id in moved:
        _add_with_parents(conn, found, table, record_id)
    return found


def _add_with_parents(conn: Connection, found: dict[tuple[str, str], Row], table: str, record_id: str) -> None:
    """A record that left the scope, with the parents it now points at (so the station's foreign keys hold)."""
    while table in PARENT_FIELD and (table, record_id) not in found:
        row = load(conn, table, [record_id]).get(record_id)
        if row is None:
            return
        found[(table, record_id)] = row
        key = PARENT_FIELD[table]
        if key == "site_id":
            return
        table, record_id = ("members" if key == "member_id" else "households"), row[key]


def make_return(
    store: Store,
    station_id: str,
    *,
    answering: Manifest | None = None,
    reset: bool = False,
    deliver: Callable[[ReturnFile], str] | None = None,
) -> ReturnFile:
    """Build and seal the station's return file, and log it. One transaction: what it says is what was true.

    ``deliver`` (writing the file) runs inside that transaction: when it fails (a full or write-protected stick),
    nothing is logged, and the county's station list does not show a return file the station never got. It
    answers the file's name, for the log (the 同步 page's 文件)."""
    with bulk(), store.engine.connect().execution_options(write=True) as conn, conn.begin():
        identity = require_county(conn, store)
        stamp_local_changes(conn)
        station = conn.execute(select(SyncStation).where(SyncStation.id == station_id)).first()
        if station is None:
            raise SyncError(f"没有编号为 {station_id} 的工作站。", f"No station with id {station_id}.")
        if station.revoked_at is not None:  # whoever holds its keys now must not get the station's households
            raise SyncError(
                f"工作站“{station.name}”已被停用，不再为它写回执。",
                f"Station “{station.name}” was revoked; no return file is written for it.",
            )
        state = load_state(conn)
        # A station reporting a revision the county has not reached means the county was restored from a
        # backup since: its revisions were handed out again, so the station gets everything in its scope.
        since = station.reported_rev if station.reported_rev <= state.county_rev else 0
        found = collect(conn, list(station.sites), since)
        order = {name: i for i, name in enumerate(TABLE_ORDER)}
        records = [
            ReturnRecord(table, record_id, row["rev"], row_json(row))
            for (table, record_id), row in sorted(found.items(), key=lambda kv: (order[kv[0][0]], kv[1]["rev"]))
        ]
        counts: dict[str, int] = {}
        for record in records:
            counts[record.record_table] = counts.get(record.record_table, 0) + 1
        now = utc_now()
        manifest = ReturnManifest(
            county_id=identity.id,
            county_name=identity.name,
            station_id=station.id,
            ack_seq=station.cursor,
            ack_batch=station.last_batch,
            reset=reset,
            since_rev=since,
            county_rev=state.county_rev,
            schema=file_schema(),  # the oldest station program that reads it (`sync.versions`)
            app_version=APP_VERSION,
            counts=counts,
            total=len(records),
            created_at=now,
        )
        payload = build_return_payload(
            manifest,
            records,
            _resolutions(conn, station.id, list(station.sites), since),
            published_settings(conn),
            _open_conflicts(conn, station.id, list(station.sites)),
        )
        sealed = seal(
            payload,
            kind=KIND_RETURN,
            schema=manifest.schema,
            sender=identity.id,
            sender_sign_private=identity.sign_private,
            recipient=station.id,
            recipient_enc_public=station.enc_public,
        )
        batch_no = answering.batch_no if answering else station.last_batch
        made = ReturnFile(station.id, station.name, batch_no, manifest, sealed)
        file_name = deliver(made) if deliver is not None else None
        conn.execute(
            update(SyncStation)
            .where(SyncStation.id == station.id)
            .values(returned_rev=state.county_rev, last_return_at=now)
        )
        conn.execute(
            insert(SyncBatch).values(
                direction="return-out",
                station_id=station.id,
                batch_no=batch_no,
                status="written",
                last_seq=station.cursor,
                county_rev=state.county_rev,
                changes=len(records),
                at=now,
                note="reset" if reset else None,
                file_name=file_name,
            )
        )
    return made


def _resolutions(conn: Connection, station_id: str, site_codes: list[str], since: int) -> list[dict[str, Any]]:
    """Conflicts resolved since the station last heard: on its own changes, or on households in its scope."""
    sites, hh = CODECS["sites"].table, CODECS["households"].table
    in_scope = select(hh.c.id).where(hh.c.site_id.in_(select(sites.c.id).where(sites.c.code.in_(site_codes))))
    rows = conn.execute(
        select(SyncConflict).where(
            SyncConflict.status == "resolved",
            SyncConflict.resolved_rev > since,
            or_(SyncConflict.station_id == station_id, SyncConflict.household_id.in_(in_scope)),
        )
    ).mappings()
    return [dict(r) for r in rows]


def _open_conflicts(conn: Connection, station_id: str, site_codes: list[str]) -> list[dict[str, Any]]:
    """The conflicts still open on this station's own changes, on households it serves (one that moved away is
    another station's now: its values are not this station's to see)."""
    sites, hh = CODECS["sites"].table, CODECS["households"].table
    in_scope = select(hh.c.id).where(hh.c.site_id.in_(select(sites.c.id).where(sites.c.code.in_(site_codes))))
    rows = conn.execute(
        select(SyncConflict)
        .where(
            SyncConflict.status == "open",
            SyncConflict.station_id == station_id,
            SyncConflict.household_id.in_(in_scope),
        )
        .order_by(SyncConflict.id)
    ).mappings()
    return [dict(r) for r in rows]


def write_return_file(
    store: Store, station_id: str, folder: Path, *, answering: Manifest | None = None, reset: bool = False
) -> tuple[Path, ReturnFile]:
    check_folder(folder)
    written: list[Path] = []
    with staged() as staging:  # named once it is logged: a log the disk refuses leaves no file

        def deliver(made: ReturnFile) -> str:
            # One return file per batch on the stick: a later one takes the place of the earlier ones.
            earlier = earlier_returns(
                folder, made.station_id, file_safe(made.station_name), made.batch_no, RETURN_SUFFIX
            )
            path = place_return(folder, made.file_stem, RETURN_SUFFIX, earlier)
            staging.write(path, made.sealed)
            written.append(path)
            made.replaced = earlier
            return path.name

        made = make_return(store, station_id, answering=answering, reset=reset, deliver=deliver)
    made.replaced = remove_replaced(written[0], made.replaced)
    return written[0], made

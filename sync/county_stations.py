"""工作站, headless: every station enrolled at the county, with its batches, return files and Anju version
(`StationInfo.standing`, for an upgrade rollout), and 停用 for a laptop lost or stolen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update

from forms.journal import utc_now
from forms.records import Site
from forms.store import Store
from forms.sync_records import SyncConflict, SyncStation
from forms.version import is_earlier, is_later, version_key

from .county_households import county_reading
from .county_owed import StationScope, households_owed
from .errors import SyncError
from .identity import require_county


@dataclass(frozen=True)
class StationInfo:
    id: str
    name: str
    sites: list[str]
    enrolled_at: str
    cursor: int  # the last change of the station applied here
    last_batch: int
    last_import_at: str | None
    reported_rev: int
    returned_rev: int
    last_return_at: str | None
    open_conflicts: int
    revoked_at: str | None = None
    revoked_reason: str | None = None
    #: The Anju its latest batch was written by; None when no batch arrived since the county recorded versions
    #: (revision 0009): unknown, which is not up to date.
    app_version: str | None = None
    #: Households in its scope with something no return file has carried to it yet (a review, a conflict settled,
    #: another station's edit at a shared site; `sync.county_owed`): 写出回执 now, or they wait for its next batch.
    #: Counted only on request.
    unsent: int = 0
    #: Each of ``sites`` by its name (幸福社区安置点), as the clerk knows it; its code when no live site has it.
    site_names: tuple[str, ...] = ()

    @property
    def standing(self) -> str:
        """Its Anju beside the county's (`forms.version.APP_VERSION`), for an upgrade rollout: ``behind`` (需升级:
        someone must bring it the installer), ``current``, ``ahead`` (the county should upgrade) or ``unknown``."""
        if version_key(self.app_version) is None:
            return UNKNOWN
        return BEHIND if is_earlier(self.app_version) else AHEAD if is_later(self.app_version) else CURRENT


#: `StationInfo.standing`.
BEHIND, CURRENT, AHEAD, UNKNOWN = "behind", "current", "ahead", "unknown"


def list_stations(store: Store, *, count_unsent: bool = False) -> list[StationInfo]:
    """Every station enrolled here; with ``count_unsent``, each station in use with `StationInfo.unsent` (the
    households a return file written now would bring it news of: the 工作站 page's 待写回执)."""
    with county_reading(store) as conn:
        require_county(conn, store)
        conflicts = dict(
            conn.execute(
                select(SyncConflict.station_id, func.count())
                .where(SyncConflict.status == "open")
                .group_by(SyncConflict.station_id)
            ).all()
        )
        rows = conn.execute(select(SyncStation).order_by(SyncStation.name)).all()
        site_names = dict(conn.execute(select(Site.code, Site.name).where(Site.deleted_at.is_(None))).all())
        in_use = [StationScope(r.id, list(r.sites), r.returned_rev) for r in rows if r.revoked_at is None]
        unsent = households_owed(conn, in_use) if count_unsent else {}
    return [
        StationInfo(
            r.id,
            r.name,
            list(r.sites),
            r.enrolled_at,
            r.cursor,
            r.last_batch,
            r.last_import_at,
            r.reported_rev,
            r.returned_rev,
            r.last_return_at,
            conflicts.get(r.id, 0),
            r.revoked_at,
            r.revoked_reason,
            r.app_version,
            unsent.get(r.id, 0),
            tuple(site_names.get(code, code) for code in r.sites),
        )
        for r in rows
    ]


def revoke_station(store: Store, station: str, actor: str, reason: str) -> StationInfo:
    """停用 a station (by name or id): from now on its batches are refused, whatever keys they carry, and no return
    file is written for it (`sync.station_keys.signing_key`, `sync.county_return.make_return`). For a laptop lost or
    stolen, or a station closed: whoever holds its keys gets nothing more from the county, online or by USB.

    Its name gets the date added, so the station can be enrolled again under its own name on a new computer; its
    records stay the county's, and reach the new station with its first return file."""
    station, reason = station.strip(), reason.strip()
    if not reason:
        raise SyncError(
            "请写明停用原因（--reason），例如：笔记本电脑丢失。", "Say why the station is revoked (--reason)."
        )
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        require_county(conn, store)
        row = conn.execute(
            select(SyncStation).where(
                (SyncStation.name == station) | (SyncStation.id == station), SyncStation.revoked_at.is_(None)
            )
        ).first()
        if row is None:
            raise SyncError(
                f"没有名为“{station}”的在用工作站（anju county stations 列出全部）。",
                f"No station “{station}” in use (anju county stations lists them).",
            )
        now = utc_now()
        conn.execute(
            update(SyncStation)
            .where(SyncStation.id == row.id)
            .values(name=f"{row.name}（{now[:10]}停用）", revoked_at=now, revoked_by=actor, revoked_reason=reason[:200])
        )
    (info,) = [s for s in list_stations(store) if s.id == row.id]
    return info

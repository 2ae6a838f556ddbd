"""The sites a database serves: offered for new households, the editor's 安置点, the roster import and the site
filter, and the scope of everything a station lists or counts.

An enrolled station holds every site of its county (its enrolment package carries them all), but it records
households only at its own: the county would accept a household at another station's site, and then it would
drift, since the station's return files cover only its own sites. So a station offers its own sites.

A household moved to a site the station does not serve (by the county, or by another station's 分户 or move) comes
back in the station's return file once more, naming its new site, and is then never sent again. The station keeps
it (deleting it would put a deletion in the station's audit log that nobody made) as 已迁出: it is no longer the
station's to count or follow up, so the 住户 list's default view, the 待跟进 lists and the 工作台 figures take only
households at the station's own sites (`at_own_sites`); a search still finds it, marked with where it went, and the
editor shows it read-only. The county, and a database not enrolled (a demo, a station before its package), serve
every site, and nothing there is 已迁出.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, select, true
from sqlalchemy.orm import InstrumentedAttribute

from .records import Household, Site
from .sync_records import STATION_ROLE, SyncIdentity


@dataclass(frozen=True)
class SiteChoice:
    id: str
    code: str
    name: str


def own_site_codes(conn: Connection) -> frozenset[str] | None:
    """The codes of the sites an enrolled station serves; None where every site is this database's own (the
    county, a database not enrolled)."""
    row = conn.execute(select(SyncIdentity.role, SyncIdentity.sites)).first()
    if row is None or row.role != STATION_ROLE:
        return None
    return frozenset(row.sites or ())


def own_site_ids(conn: Connection) -> frozenset[str] | None:
    """The ids of the sites an enrolled station serves (tombstoned ones too: a household there is still its own);
    None where every site is this database's own."""
    own = own_site_codes(conn)
    if own is None:
        return None
    return frozenset(conn.scalars(select(Site.id).where(Site.code.in_(sorted(own)))))


def at_own_sites(
    site_id: ColumnElement[str] | InstrumentedAttribute[str], own: frozenset[str] | None
) -> ColumnElement[bool]:
    """Whether a household (by its ``site_id`` column) is this database's to list and count: at a site of ``own``
    (`own_site_ids`), or anywhere where that is None."""
    return true() if own is None else site_id.in_(sorted(own))


def moved_to(conn: Connection, site_id: str | None) -> str | None:
    """Where a household at ``site_id`` went, as lists name a site (新村（S2）), if it is 已迁出 from this station:
    at a site the station does not serve. None for a household at one of its own, and on the county or a database
    not enrolled."""
    own = own_site_ids(conn)
    if own is None or site_id is None or site_id in own:
        return None
    row = conn.execute(select(Site.name, Site.code).where(Site.id == site_id)).first()
    return f"{row.name}（{row.code}）" if row is not None else site_id


def offered_sites(conn: Connection, *, keep: Iterable[str | None] = (), held: bool = False) -> list[SiteChoice]:
    """The live sites to offer, by code: a station's own, with the sites of ``keep`` (site ids: a household's
    current site) and, with ``held``, every site a live household here is at (the filter finds those too)."""
    query = select(Site.id, Site.code, Site.name).where(Site.deleted_at.is_(None)).order_by(Site.code)
    sites = [SiteChoice(*row) for row in conn.execute(query)]
    own = own_site_codes(conn)
    if own is None:
        return sites
    kept = {site_id for site_id in keep if site_id}
    if held:
        kept.update(conn.scalars(select(Household.site_id).where(Household.deleted_at.is_(None)).distinct()))
    return [site for site in sites if site.code in own or site.id in kept]

"""The sites a database offers: for new households, the editor's 安置点, the roster import and the site filter.

An enrolled station holds every site of its county (its enrolment package carries them all, and a household the
county moved still names its new site), but it records households only at its own: the county would accept a
household at another station's site, and then it would drift, since the station's return files cover only its own
sites. So a station offers its own sites, and a household already at another site (moved by the county) keeps
showing it. The county, and a database not enrolled (a demo, a station before its package), offer every site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

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

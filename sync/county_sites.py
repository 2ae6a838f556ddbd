"""The county's 安置点 (listed with the stations serving each, added as county changes) and the settings every
station receives with its next return file (published settings, the county server's address)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update

from forms.records import Setting, Site
from forms.store import Store
from forms.sync_records import SyncIdentity, SyncStation

from .county_households import county_reading
from .errors import SyncError
from .identity import PUBLISHED_PREFIX, require_county
from .server_address import PUBLISHED_SERVER_URL, server_address
from .trunk import county_change


@dataclass(frozen=True)
class SiteInfo:
    code: str
    name: str
    town: str | None
    stations: list[str]  # the stations in use that serve it


@dataclass(frozen=True)
class CountySites:
    county_name: str
    sites: list[SiteInfo]


def list_sites(store: Store) -> CountySites:
    """The county's live sites by code, each with the stations in use that serve it (for 登记工作站)."""
    with county_reading(store) as conn:
        county = require_county(conn, store)
        sites = conn.execute(
            select(Site.code, Site.name, Site.town).where(Site.deleted_at.is_(None)).order_by(Site.code)
        ).all()
        stations = conn.execute(
            select(SyncStation.name, SyncStation.sites)
            .where(SyncStation.revoked_at.is_(None))
            .order_by(SyncStation.name)
        ).all()
    return CountySites(
        county.name,
        [SiteInfo(s.code, s.name, s.town, [st.name for st in stations if s.code in st.sites]) for s in sites],
    )


def add_site(store: Store, code: str, name: str, actor: str, **fields: str | None) -> str:
    """A new 安置点 (county-owned); it reaches every station in its next return file."""
    code, name = code.strip(), name.strip()
    fields = {key: (value.strip() or None) if isinstance(value, str) else value for key, value in fields.items()}
    if not code or not name:
        raise SyncError("安置点需要编码和名称（--code、--name）。", "A site needs a code and a name (--code, --name).")
    with county_change(store, actor) as uow:
        if uow.session.scalar(select(Site.id).where(Site.code == code)):
            raise SyncError(f"已有编码为 {code} 的安置点。", f"A site with code {code} already exists.")
        # Stations pick a site by its name (the 住户 filter, the editor): two of one name could not be told apart.
        same_name = uow.session.scalar(select(Site.code).where(Site.name == name, Site.deleted_at.is_(None)))
        if same_name:
            raise SyncError(
                f"已有名为“{name}”的安置点（编码 {same_name}）。请使用已有的安置点，或换一个名称（例如加上乡镇名）。",
                f"A site named “{name}” already exists (code {same_name}). Use it, or choose another name (e.g. add "
                "the town's).",
            )
        site = uow.add(Site(code=code, name=name, **fields))
    return site.id


def publish_setting(store: Store, key: str, value: Any) -> None:
    """A county setting every station receives with its next return file (stored as ``county.<key>``)."""
    full = key if key.startswith(PUBLISHED_PREFIX) else PUBLISHED_PREFIX + key
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        require_county(conn, store)
        conn.execute(delete(Setting).where(Setting.key == full))
        conn.execute(insert(Setting).values(key=full, value=value))


def set_server_url(store: Store, text: str | None) -> str | None:
    """The county server's address (None: no server, stations sync by USB): written into enrolment packages from
    now on, and carried to every enrolled station by its next return file. Returns the address as stations get it."""
    url = None if text is None else server_address(text)
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        county = require_county(conn, store)
        conn.execute(update(SyncIdentity).where(SyncIdentity.id == county.id).values(server_url=url))
        conn.execute(delete(Setting).where(Setting.key == PUBLISHED_SERVER_URL))
        conn.execute(insert(Setting).values(key=PUBLISHED_SERVER_URL, value=url or ""))  # "": none, say so
    return url

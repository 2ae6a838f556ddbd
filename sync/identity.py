"""Who this database is (county or enrolled station), its counters, and small shared helpers.

Read inside the caller's transaction (``conn``), so a batch is applied against the counters it checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from forms.file_names import safe_file_name
from forms.questionnaire import SETTING_KEY as QUESTIONNAIRE_KEY
from forms.records import Setting
from forms.settings import SETTINGS_KEY
from forms.store import Store
from forms.sync_records import STATION_ROLE, SyncIdentity, SyncState

from .errors import NotCounty, NotEnrolled

COUNTY = "county"
STATION = STATION_ROLE
#: County settings published to every station in its return files: the rule settings (labour ages, counting
#: forms …) as one object, and any setting whose key starts with ``county.``.
PUBLISHED_PREFIX = "county."
PUBLISHED_KEYS = (SETTINGS_KEY,)
#: The county's questionnaire, as its return files carry it to the stations (`published_settings`): its definition,
#: or `PACKAGED` when the county uses the one the program ships with. A key of its own, under the prefix, so that a
#: station running an older program stores it as a setting it does not use, instead of taking a questionnaire it
#: may not be able to read; the station's own questionnaire setting is replaced only by a station that checked it.
PUBLISHED_QUESTIONNAIRE = PUBLISHED_PREFIX + QUESTIONNAIRE_KEY
PACKAGED: dict[str, Any] = {"packaged": True}


@dataclass(frozen=True)
class Identity:
    id: str
    role: str
    name: str
    county_id: str
    county_name: str
    enc_private: bytes
    sign_private: bytes
    county_enc_public: bytes
    county_sign_public: bytes
    sites: list[str]
    server_url: str | None
    package_id: str | None
    created_at: str
    package_enc_private: bytes | None = None
    keys_intro: bytes | None = None


@dataclass
class State:
    county_rev: int
    stamped_seq: int
    acked_seq: int
    next_batch: int
    last_export_at: str | None
    last_return_at: str | None


def load_identity(conn: Connection) -> Identity | None:
    row = conn.execute(select(SyncIdentity.__table__)).mappings().first()
    return None if row is None else Identity(**dict(row))


def require_county(conn: Connection, store: Store) -> Identity:
    identity = load_identity(conn)
    if identity is None or identity.role != COUNTY:
        raise NotCounty(str(store.path))
    return identity


def require_station(conn: Connection, store: Store) -> Identity:
    identity = load_identity(conn)
    if identity is None or identity.role != STATION:
        raise NotEnrolled(str(store.path))
    return identity


def load_state(conn: Connection) -> State:
    row = conn.execute(select(SyncState.__table__).where(SyncState.id == 1)).mappings().first()
    if row is None:
        return State(0, 0, 0, 1, None, None)
    values = dict(row)
    values.pop("id")
    return State(**values)


def save_state(conn: Connection, state: State) -> None:
    values: dict[str, Any] = dict(state.__dict__)
    exists = conn.execute(select(SyncState.id).where(SyncState.id == 1)).first() is not None
    if exists:
        conn.execute(update(SyncState).where(SyncState.id == 1).values(**values))
    else:
        conn.execute(insert(SyncState).values(id=1, **values))


def published_settings(conn: Connection) -> dict[str, Any]:
    """What the county's return files carry to its stations: its rule settings, its ``county.`` settings and its
    questionnaire (`PUBLISHED_QUESTIONNAIRE`)."""
    rows = conn.execute(
        select(Setting.key, Setting.value).where(
            or_(Setting.key.startswith(PUBLISHED_PREFIX), Setting.key.in_((*PUBLISHED_KEYS, QUESTIONNAIRE_KEY)))
        )
    )
    published = {key: value for key, value in rows}
    questionnaire = published.pop(QUESTIONNAIRE_KEY, None)
    published[PUBLISHED_QUESTIONNAIRE] = PACKAGED if questionnaire is None else questionnaire
    return published


def file_safe(name: str) -> str:
    """A station name as part of a file name on any stick (FAT32, NTFS): Chinese kept, reserved characters not,
    spaces as ``_`` (a batch's name is typed in commands)."""
    return safe_file_name(re.sub(r"\s+", "_", name).strip("_"), "station", limit=40)

"""What the county's screens share in reading households: a plain connection to read with, the statuses the county
gives a household, and a household named as people name it (幸福社区 3-1-302).

The county's screens and what they do, headless: `sync.county_stations` (工作站), `sync.county_sites` (安置点 and the
settings stations receive), `sync.county_conflicts` (冲突), `sync.county_review` (审核), `sync.duplicates` (重复人员).
Every action there is a county change (`sync.trunk.county_change`): journaled like any edit, given a county
revision, and so carried to the stations in scope by their next return file.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from forms.records import Household, Site
from forms.rules.loading import rows_in
from forms.rules.sql import HOUSEHOLDS
from forms.store import Store

APPROVED, RETURNED, VOID = "已审核", "退回", "作废"


def county_reading(store: Store) -> Connection:
    return store.engine.connect()


def household_labels(conn: Connection, household_ids: set[str]) -> dict[str, str]:
    if not household_ids:
        return {}
    query = select(Household.id, Site.name, Household.building, Household.unit, Household.room).join(
        Site, Site.id == Household.site_id
    )
    rows = list(rows_in(conn, query, HOUSEHOLDS.c.id, household_ids))
    return {r[0]: f"{r[1]} {'-'.join(p for p in (r[2], r[3], r[4]) if p)}".strip() for r in rows}

"""Small record builders for tests: the fewest fields that make a valid record."""

from __future__ import annotations

from typing import Any

from forms.records import Household, Member, Site
from forms.store import UnitOfWork


def add_site(uow: UnitOfWork, code: str = "S01", name: str = "幸福社区安置点") -> Site:
    return uow.add(Site(code=code, name=name, county="会泽县"))


def add_household(uow: UnitOfWork, site: Site, **fields: Any) -> Household:
    return uow.add(Household(site_id=site.id, **fields))


def add_member(uow: UnitOfWork, household: Household, name: str = "张三", **fields: Any) -> Member:
    return uow.add(Member(household_id=household.id, name=name, **fields))

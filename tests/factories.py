"""Small record builders for tests: the fewest fields that make a valid record."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from forms.idnumber import make_ric
from forms.records import Employment, Household, Member, Site
from forms.store import UnitOfWork


def add_site(uow: UnitOfWork, code: str = "S01", name: str = "幸福社区安置点") -> Site:
    return uow.add(Site(code=code, name=name, county="会泽县"))


def add_household(uow: UnitOfWork, site: Site, **fields: Any) -> Household:
    return uow.add(Household(site_id=site.id, **fields))


def add_member(uow: UnitOfWork, household: Household, name: str = "张三", **fields: Any) -> Member:
    return uow.add(Member(household_id=household.id, name=name, **fields))


def add_sites_of_one_name(uow: UnitOfWork, on: date) -> None:
    """Two towns' 幸福社区安置点 (S01, S02) and a 阳光社区安置点 (S03), each with a 零就业 脱贫户 (room 101: 赵, and
    钱, a 两后生) and a 脱贫户 with 王 in organised work outside the province for two years (both subsidy lists) and
    李 on a 公益性岗位 whose contract ends ten days after ``on`` (room 102). Everyone has an ID number."""
    for n, (code, name, town) in enumerate(
        (("S01", "幸福社区安置点", "甲"), ("S02", "幸福社区安置点", "乙"), ("S03", "阳光社区安置点", "丙"))
    ):
        site = add_site(uow, code, name)
        idle = add_household(uow, site, room="101", household_type="脱贫户", status="已完成")
        _person(uow, idle, f"赵{town}", date(1980, 1, 1), 10 * n + 1, relation="户主", sex="男")
        _person(uow, idle, f"钱{town}", date(on.year - 17, 1, 1), 10 * n + 3, relation="之子", sex="男",
                two_after=True, education="初中")  # fmt: skip
        busy = add_household(uow, site, room="102", household_type="脱贫户", status="已完成")
        wang = _person(uow, busy, f"王{town}", date(1985, 1, 1), 10 * n + 5, relation="户主", sex="男")
        uow.add(Employment(member_id=wang.id, form="外出务工", place_scope="省外", organised=True,
                           start_month=f"{on.year - 2:04d}-01"))  # fmt: skip
        li = _person(uow, busy, f"李{town}", date(1975, 1, 1), 10 * n + 2, relation="配偶", sex="女")
        uow.add(Employment(member_id=li.id, form="乡村公益性岗位", welfare_post_type="保洁",
                           start_month=f"{on.year - 1:04d}-01", contract_start=date(on.year - 1, 1, 1),
                           contract_end=on + timedelta(days=10)))  # fmt: skip


def _person(uow: UnitOfWork, home: Household, name: str, born: date, order: int, **fields: Any) -> Member:
    """A labour member with a valid ID number (``order`` odd for a man)."""
    number = make_ric("530326", born, order)
    return add_member(uow, home, name, birth_date=born, id_number=number, labour_skill="普通劳动力", **fields)


def record_departures(uow: UnitOfWork) -> None:
    """Two members leave their households (one died, one married out) and a third household moves away as a whole,
    so the 减员名单 has rows of both kinds."""
    others = uow.session.scalars(select(Member).where(Member.relation != "户主").order_by(Member.id).limit(2)).all()
    for member, reason in zip(others, ("死亡", "婚出"), strict=True):
        member.left_reason = reason
        uow.delete(member)
    home = uow.session.scalars(select(Household).order_by(Household.id.desc()).limit(1)).one()
    home.status, home.void_reason = "作废", "整户迁出至昆明市"


def sheet_file(path: Path, headers: list[str], rows: Any) -> Path:
    """A one-sheet .xlsx as a clerk saves it from Excel: ``headers``, then each of ``rows``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path

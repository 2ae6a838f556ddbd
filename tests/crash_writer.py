"""A writer for the kill test: numbered transactions, each printed after its commit returns.

Usage: python -m tests.crash_writer DB  — runs until killed. Transaction n writes households whose notes say
"txn-n"; even n is a small ORM unit of work, odd n a large bulk insert, so kills land in both kinds.
"""

from __future__ import annotations

import sys

from sqlalchemy import func, select

from forms.records import Household, Member, Site
from forms.store import Store

BULK_HOUSEHOLDS = 400


def members_expected(txn: int) -> int:
    """How many members transaction ``txn`` writes in all (the checker uses the same rule)."""
    return 1 + txn % 5 if txn % 2 == 0 else BULK_HOUSEHOLDS * 2


def households_expected(txn: int) -> int:
    return 1 if txn % 2 == 0 else BULK_HOUSEHOLDS


def write(store: Store, txn: int, site_id: str) -> None:
    with store.unit_of_work("crash-test") as uow:
        if txn % 2 == 0:
            household = uow.add(Household(site_id=site_id, notes=f"txn-{txn}"))
            for n in range(members_expected(txn)):
                uow.add(Member(household_id=household.id, name=f"成员{txn}-{n}"))
        else:
            households = [{"site_id": site_id, "notes": f"txn-{txn}"} for _ in range(BULK_HOUSEHOLDS)]
            for row in households:
                row["id"] = Household(**row).id
            uow.insert_rows(Household, households)
            uow.insert_rows(
                Member,
                [{"household_id": h["id"], "name": f"成员{txn}"} for h in households for _ in range(2)],
            )


def main(db: str) -> None:
    store = Store.open(db)
    with store.unit_of_work("crash-test") as uow:
        site = uow.session.scalars(select(Site)).first() or uow.add(Site(code="K", name="测试安置点"))
        site_id = site.id
    with store.reading() as session:
        txn = session.scalar(select(func.count(func.distinct(Household.notes))))
    assert txn is not None
    while True:
        write(store, txn, site_id)
        print(txn, flush=True)
        txn += 1


if __name__ == "__main__":
    main(sys.argv[1])

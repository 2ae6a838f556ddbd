"""The 住户 list door by door: 1栋1单元 201, 202, 1002 and 2栋 before 10栋, site by site, as the exported lists and
待跟进 go (`forms.household_list.in_door_order`), at start-up, on a click on 楼栋单元门牌 and backwards."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.household_model import COLUMNS
from desktop.households_page import HouseholdsPage
from desktop.tasks import TaskRunner
from forms.household_list import HouseholdFilter, in_door_order, natural
from forms.quick_open import QuickDatabase
from forms.search import household_ids
from forms.store import Store
from tests.factories import add_household, add_member, add_site

HEADERS = [header for header, _attribute, _key in COLUMNS]
ADDRESS, SITE, HEAD = HEADERS.index("楼栋单元门牌"), HEADERS.index("安置点"), HEADERS.index("户主")

#: Two sites, their flats added in no order: (site, 楼栋, 单元, 门牌号, 户主).
FLATS = [
    ("阳光", "10", "1", "101", "十栋"),
    ("阳光", "1", "1", "1002", "一千零二"),
    ("幸福", "1", "1", "201", "幸福二零一"),
    ("阳光", "2", "1", "101", "二栋"),
    ("阳光", "1", "1", "202", "二零二"),
    ("阳光", "1", "2", "101", "二单元"),
    ("阳光", "1", "1", "201", "二零一"),
    ("阳光", "2A", "1", "101", "二A栋"),
    ("阳光", "1", None, "301", "没有单元"),
    ("阳光", None, None, None, "没有门牌"),
    ("幸福", "1", "1", "101", "幸福一零一"),
]
#: Door by door: each site (幸福 before 阳光, as the lists sort names), its flats with their numbers as numbers,
#: a missing part after the others.
DOOR_BY_DOOR = [
    ("幸福社区安置点", "1栋1单元101"),
    ("幸福社区安置点", "1栋1单元201"),
    ("阳光社区安置点", "1栋1单元201"),
    ("阳光社区安置点", "1栋1单元202"),
    ("阳光社区安置点", "1栋1单元1002"),
    ("阳光社区安置点", "1栋2单元101"),
    ("阳光社区安置点", "1栋301"),
    ("阳光社区安置点", "2栋1单元101"),
    ("阳光社区安置点", "2A栋1单元101"),
    ("阳光社区安置点", "10栋1单元101"),
    ("阳光社区安置点", ""),
]


@pytest.fixture
def flats(store: Store) -> Store:
    with store.unit_of_work("zhang") as uow:
        sites = {name: add_site(uow, code, f"{name}社区安置点") for code, name in (("S01", "阳光"), ("S02", "幸福"))}
        for site, building, unit, room, head in FLATS:
            home = add_household(uow, sites[site], building=building, unit=unit, room=room)
            add_member(uow, home, head, relation="户主")
    return store


@pytest.fixture
def page(qtbot: QtBot, flats: Store, runner: TaskRunner) -> Iterator[HouseholdsPage]:
    shown = HouseholdsPage(flats, runner)
    qtbot.addWidget(shown)
    shown.resize(1100, 520)
    shown.show()
    with qtbot.waitSignal(shown.model.counted, timeout=10_000):
        shown.apply_filter()
    yield shown
    runner.wait()


def rows(page: HouseholdsPage) -> list[tuple[str, str]]:
    """(安置点, 楼栋单元门牌) of each row, as the table shows them."""
    model = page.model
    return [(model.index(r, SITE).data(), model.index(r, ADDRESS).data()) for r in range(model.rowCount())]


def click_header(qtbot: QtBot, page: HouseholdsPage, column: int) -> None:
    """Click a column's header, as the worker does, and wait for the list to come back sorted."""
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(page.model.counted, timeout=10_000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_list_opens_door_by_door(page: HouseholdsPage) -> None:
    """201 before 1002 and 2栋 before 10栋, each site's doors together (the 101s of two sites went one after the
    other), a flat without a 单元 or a 门牌 after those with one: as the exported lists go."""
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == ADDRESS
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert rows(page) == DOOR_BY_DOOR


def test_a_click_on_the_header_sorts_the_rooms_as_numbers_both_ways(qtbot: QtBot, page: HouseholdsPage) -> None:
    header = page.table.horizontalHeader()
    click_header(qtbot, page, HEAD)  # another order first, so that the clicks on 楼栋单元门牌 have work to do
    assert rows(page) != DOOR_BY_DOOR
    orders = []
    for _click in range(3):
        click_header(qtbot, page, ADDRESS)
        ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        orders.append(ascending)
        assert rows(page) == (DOOR_BY_DOOR if ascending else DOOR_BY_DOOR[::-1])
        shown = [address for _site, address in rows(page)]
        first, second = ("1栋1单元201", "1栋1单元1002") if ascending else ("1栋1单元1002", "1栋1单元201")
        assert shown.index(first) < shown.index(second)
        first, second = ("2栋1单元101", "10栋1单元101") if ascending else ("10栋1单元101", "2栋1单元101")
        assert shown.index(first) < shown.index(second)
    assert orders[1] != orders[0] and orders[2] == orders[0]  # each click turns the order round


def test_households_at_one_door_keep_their_order_both_ways(store: Store) -> None:
    """Two households at one flat (a son's family registered apart, staying on) and several not yet given a room:
    by 户编号 then in one fixed order whichever way the column is sorted, as the exported lists go."""
    with store.unit_of_work("zhang") as uow:
        site = add_site(uow)
        later = add_household(uow, site, building="3", unit="1", room="502", hh_number="5303260000000002")
        first = add_household(uow, site, building="3", unit="1", room="502", hh_number="5303260000000001")
        above = add_household(uow, site, building="3", unit="1", room="601")
        unplaced = sorted(add_household(uow, site).id for _ in range(4))
    with store.reading() as session:
        up = household_ids(session, HouseholdFilter(), "address")
        down = household_ids(session, HouseholdFilter(), "address", descending=True)
    assert up == [first.id, later.id, above.id, *unplaced]
    assert down == [*unplaced, above.id, first.id, later.id]
    with store.reading() as session:  # and every time the same
        assert household_ids(session, HouseholdFilter(), "address", descending=True) == down


def test_the_first_page_at_start_up_is_the_stores_first_page(tmp_path: Path, template_db: Path) -> None:
    """The first page read with plain sqlite3 before the store has loaded reads site by site; it must be the store's
    first rows, or the table would jump when the store arrives. Sites with a handful of households each, so that a
    page takes several of them, the first by name not the first made."""
    path = tmp_path / "sites.db"
    path.write_bytes(template_db.read_bytes())
    rng = random.Random(7)
    with Store.open(path) as store:
        with store.unit_of_work("zhang") as uow:
            sites = [add_site(uow, f"S{n:02d}", f"第{n}安置点") for n in (3, 1, 12, 2)]
            for _n in range(60):
                room = f"{rng.randint(1, 12)}{rng.randint(1, 4):02d}"
                add_household(uow, rng.choice(sites), building=str(rng.randint(1, 11)), unit="1", room=room)
        with store.reading() as session:
            every = household_ids(session, HouseholdFilter())
    quick = QuickDatabase.open(path)
    assert quick is not None
    for size in (1, 7, 20, 59, 60, 100):
        page = quick.first_page(size)
        assert page.ids == every[:size], size
        assert page.total == len(every) == 60


def test_fifty_thousand_households_of_fourteen_sites_sort_door_by_door_both_ways() -> None:
    """A county's 50,000 households sort door by door, both ways, in the order `natural` gives (about 0.06 s of CPU
    here, where fetching their places takes about as long again: `python -m bench --only 楼栋单元门牌`)."""
    rng = random.Random(5)
    sites = [(f"site-{n}", f"第{n}安置点", f"AZ{n:03d}") for n in range(14)]
    places = [
        (
            f"{n:08d}-household",
            rng.choice(sites)[0],
            str(rng.randint(1, 40)),
            str(rng.randint(1, 4)),
            f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}",
            None,
        )
        for n in range(50_000)
    ]
    up = in_door_order(places, sites)  # its speed is `bench`'s (a time asserted here would fail on a busy machine)
    down = in_door_order(places, sites, descending=True)
    rank = {site: (name, code) for site, name, code in sites}
    by_id = {p[0]: p for p in places}

    def door(household: str) -> tuple[object, ...]:
        _id, site, building, unit, room, _number = by_id[household]
        return rank[site], natural(building), natural(unit), natural(room)

    assert [door(h) for h in up] == sorted(door(h) for h in up)
    assert [door(h) for h in down] == sorted((door(h) for h in down), reverse=True)

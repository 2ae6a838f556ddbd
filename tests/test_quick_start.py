"""Start-up before the store has loaded: the login and the first page of 住户 with plain sqlite3.

The quick reads must give exactly what the store gives (the same first ids in the same order, the same rows,
the same count, the same login answers), and the window must go on working when the store arrives: a filter
typed meanwhile applies, a household opened meanwhile opens, the other screens appear.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.login import LoginDialog
from desktop.main_window import MainWindow
from forms.accounts import Account
from forms.demo import write_demo
from forms.household_list import HouseholdFilter
from forms.quick_open import QuickDatabase
from forms.search import household_ids, household_rows
from forms.store import Store
from forms.users import authenticate, create_user, set_active
from tests.factories import add_household, add_member, add_site

CLERK = Account("zhang", "张站长", "站长")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo county plus what the default view must leave out or sort with care."""
    path = tmp_path_factory.mktemp("quick") / "county.db"
    with Store.open(path) as store:
        write_demo(store, 150, seed=5, today=date(2026, 11, 29))
        with store.unit_of_work("zhang") as uow:
            site = add_site(uow)
            void = add_household(uow, site, building="1", unit="1", room="101", status="作废")
            add_member(uow, void, name="作废户", relation="户主")
            gone = add_household(uow, site, building="1", unit="1", room="101")
            uow.delete(gone)
            two_heads = add_household(uow, site, building="10", unit="1", room="1")  # sorts after building 9
            add_member(uow, two_heads, name="乙", relation="户主")
            add_member(uow, two_heads, name="甲", relation="户主")
            add_household(uow, site)  # no address, no members
        create_user(store, "zhang", "张站长", "站长", "right-password")
        create_user(store, "left", "走了", "采集员", "right-password")
        set_active(store, "left", False, by="zhang")
    return path


def test_the_first_page_is_what_the_store_shows_first(county: Path) -> None:
    quick = QuickDatabase.open(county)
    assert quick is not None
    with Store.open(county, create=False) as store, store.reading() as session:
        every_id = household_ids(session, HouseholdFilter())
        for size in (1, 37, 100, len(every_id) + 5):
            page = quick.first_page(size)
            assert page.ids == every_id[:size]
            assert page.total == len(every_id)
            assert page.rows == household_rows(session, page.ids)
    two_heads = [row for row in quick.first_page(1000).rows.values() if row.address == "10栋1单元1"]
    assert [row.head_name for row in two_heads] == [min("乙", "甲")]  # the first by name, both ways of reading


def test_the_quick_login_answers_as_the_store_does(county: Path) -> None:
    quick = QuickDatabase.open(county)
    assert quick is not None and quick.has_users()
    with Store.open(county, create=False) as store:
        for username, password in (
            ("zhang", "right-password"),
            (" zhang ", "right-password"),
            ("zhang", "wrong-password"),
            ("nobody", "right-password"),
            ("left", "right-password"),  # turned off: refused
        ):
            assert quick.authenticate(username, password) == authenticate(store, username, password)
    assert quick.authenticate("zhang", "right-password") == Account("zhang", "张站长", "站长")


def test_only_an_up_to_date_anju_database_is_read_quickly(tmp_path: Path, county: Path) -> None:
    assert QuickDatabase.open(tmp_path / "missing.db") is None
    (tmp_path / "empty.db").write_bytes(b"")
    assert QuickDatabase.open(tmp_path / "empty.db") is None
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    assert QuickDatabase.open(tmp_path / "notes.db") is None
    older = tmp_path / "older.db"
    shutil.copy(county, older)
    with Store.open(older, create=False) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    assert QuickDatabase.open(older) is None  # the store upgrades it, with a copy first
    assert QuickDatabase.open(county) is not None


def test_the_login_dialog_checks_the_password_before_the_store_loads(qtbot: QtBot, county: Path) -> None:
    quick = QuickDatabase.open(county)
    assert quick is not None
    dialog = LoginDialog(quick)
    qtbot.addWidget(dialog)
    dialog.username.setText("zhang")
    dialog.password.setText("wrong-password")
    dialog.try_login()
    assert "不正确" in dialog.message.text() and dialog.account is None
    dialog.password.setText("right-password")
    dialog.try_login()
    assert dialog.account == Account("zhang", "张站长", "站长")


def test_the_window_shows_the_first_page_then_works_whole_once_the_store_loads(qtbot: QtBot, county: Path) -> None:
    quick = QuickDatabase.open(county)
    assert quick is not None
    first = quick.first_page(20)
    window = MainWindow(None, CLERK, path=county, first_page=first)
    qtbot.addWidget(window)
    window.show()
    model = window.households.model
    # At once: the first page on screen, the count, the screens listed but waiting for the store.
    assert window.stack.currentWidget() is window.households
    assert model.rowCount() == 20 and model.index(0, 0).data() == (first.rows[first.ids[0]].head_name or "")
    assert model.index(19, 0).data() == (first.rows[first.ids[19]].head_name or "")
    assert window.households.count.text() == f"共 {first.total} 户"
    waiting = [key for key, page in window.pages.items() if page.objectName() == "loading_placeholder"]
    assert waiting == ["dashboard", "worklists", "sync", "sync_log", "excel", "settings"]
    # Meanwhile the worker opens the third household and types a filter.
    window.households.open_household.emit(first.ids[2])
    assert window.stack.currentWidget() is window.households
    window.households.search.setText("1-1-101")
    window.households.apply_filter()

    with Store.open(county, create=False) as store:
        with qtbot.waitSignal(model.counted, timeout=10_000):
            window.attach_store(store)
        assert [page.objectName() for page in window.pages.values()].count("loading_placeholder") == 0
        assert window.dashboard is window.pages["dashboard"]
        # The household opened while loading is open now …
        assert window.stack.currentWidget() is window.editor
        qtbot.waitUntil(lambda: window.editor.household_id == first.ids[2], timeout=10_000)
        # … and the table shows the filter typed while loading, not the default view.
        with store.reading() as session:
            wanted = household_ids(session, HouseholdFilter(text="1-1-101"))
        assert model.ids == wanted
        window.close()
        window.runner.wait()


def test_the_rest_of_the_ids_join_the_first_page_without_a_reset(qtbot: QtBot, county: Path) -> None:
    quick = QuickDatabase.open(county)
    assert quick is not None
    window = MainWindow(None, CLERK, path=county, first_page=quick.first_page(20))
    qtbot.addWidget(window)
    window.show()
    table = window.households.table
    table.selectRow(5)
    resets: list[bool] = []
    window.households.model.modelReset.connect(lambda: resets.append(True))
    with Store.open(county, create=False) as store:
        with qtbot.waitSignal(window.households.model.counted, timeout=10_000):
            window.attach_store(store)
        assert window.households.model.rowCount() == quick.first_page(1).total
        assert not resets and table.currentIndex().row() == 5  # the worker's place is kept
        window.close()
        window.runner.wait()


def test_the_app_starts_on_a_county_and_exits_cleanly(county: Path, tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    shutil.copy(county, db)
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--selftest", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "selftest: household table shown" in done.stdout

"""A computer whose date is wrong (a flat clock battery: 2009-01-01; or a date set a year ahead), as the worker and
the county clerk meet it: the main window says so, the commands refuse to count ages from it, the county's import
names the station, and nothing recorded is lost.

The wrong clock is made where Anju reads it: `forms.clock.computer_today` / `computer_now` (what the program
takes for today) and `forms.journal.utc_now` as the store and the batch export use it (the times changes are
recorded with)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.main_window import MainWindow
from forms.accounts import Account
from forms.clock import doubt_today
from forms.idnumber import make_ric
from forms.records import Household, Visit
from forms.store import Store
from forms.version import RELEASED_ON
from sync.http_client import push
from tests.factories import add_household, add_member, add_site
from tests.test_server_support import LiveServer, OnlineWorld
from tests.test_sync_support import World
from tests.test_sync_support import add_household as add_synced_household

pytest_plugins = ["tests.test_sync_support", "tests.test_server_support"]

FLAT_BATTERY = date(2009, 1, 1)
ZHANG = Account("zhang", "张站长", "站长")
LI = Account("li", "李采集", "采集员")


def clock_at(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """The computer's clock says ``day`` (08:00 UTC), for what Anju takes as today and for the changes it records."""
    stamp = f"{day.isoformat()}T08:00:00.000000Z"
    monkeypatch.setattr("forms.clock.computer_today", lambda: day)
    monkeypatch.setattr("forms.clock.computer_now", lambda: datetime(day.year, day.month, day.day, 8, tzinfo=UTC))
    for module in ("forms.store", "sync.outbox"):
        monkeypatch.setattr(f"{module}.utc_now", lambda: stamp)


def a_household(store: Store) -> str:
    """A household with a child born in 2015: "born after today" on a clock back in 2009."""
    with store.unit_of_work("zhang") as uow:
        household = add_household(uow, add_site(uow, "S1", "幸福社区"), building="1", unit="1", room="301")
        child = make_ric("530326", date(2015, 3, 15), 1)
        add_member(uow, household, name="王小明", relation="户主", id_type="居民身份证", id_number=child)
        return household.id


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    a_household(store)
    main = MainWindow(store, ZHANG)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()


def start(qtbot: QtBot, main: MainWindow) -> None:
    with qtbot.waitSignal(main.clock.doubt_changed, timeout=10_000):
        main.start_background_work(backups=False)


# ---- the station -------------------------------------------------------------------------------------------------


def test_a_clock_back_in_2009_is_named_on_the_main_window_with_how_to_fix_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow
) -> None:
    clock_at(monkeypatch, FLAT_BATTERY)
    start(qtbot, window)
    text = window.clock.label.text()
    assert window.clock.isVisible()
    assert "电脑的日期是 2009-01-01，这不可能是今天" in text
    assert f"本机数据库里已有 {date.today().isoformat()} 记录的修改" in text  # the latest date known to have come
    assert "出生日期晚于今天" in text and "Windows 设置 → 时间和语言" in text


def test_with_the_date_wrong_a_new_visit_asks_for_its_date_and_ages_count_from_the_last_known_day(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow
) -> None:
    """Not a visit silently dated 2009, and not a child "born after today" (which would take the household back to
    草稿 at the next edit)."""
    clock_at(monkeypatch, FLAT_BATTERY)
    start(qtbot, window)
    with window.store.reading() as session:
        household = session.scalar(select(Household.id))
    assert household is not None
    with qtbot.waitSignal(window.editor.session.opened, timeout=10_000):
        window.open_household(household)
    editor = window.editor
    assert editor.session.today == date.today() and editor.session.today_doubtful
    visit = editor.add_visit()
    assert visit is not None and editor.draft.record(visit).values["visited_on"] is None
    assert any(f.record_id == visit and "走访日期" in f.zh for f in editor.session.findings())
    assert not any("晚于今天" in f.zh for f in editor.session.findings())


def test_with_the_date_wrong_the_dashboard_and_lists_count_from_the_last_known_day(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow
) -> None:
    """The editor counted from the last known day while the 工作台 said 截至 2009-01-01 and 待跟进 counted ages from
    2009: two answers on one screen, and nobody of working age on the lists."""
    clock_at(monkeypatch, FLAT_BATTERY)
    start(qtbot, window)
    known = window.clock.doubt.known if window.clock.doubt is not None else None
    assert known == date.today()
    qtbot.waitUntil(lambda: window.dashboard.heading.text() == f"截至 {known.isoformat()} 的情况")
    assert window.worklists.working_day == known
    assert window.excel is not None and window.excel.working_day == known
    assert window.excel.export_date.date().toString("yyyy-MM-dd") == known.isoformat()  # the ledger's 统计日期


def test_a_right_clock_shows_no_warning(qtbot: QtBot, window: MainWindow) -> None:
    start(qtbot, window)
    assert window.clock.isHidden() and window.clock.doubt is None


def test_the_station_admin_confirms_a_date_a_clock_once_ahead_made_look_wrong(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    """Changes recorded while the clock was a year ahead; the clock is now right. The banner would otherwise
    stand for a year telling the worker to set the clock wrong again: the 站长 confirms the date."""
    with monkeypatch.context() as ahead:
        clock_at(ahead, date.today() + timedelta(days=365))
        a_household(store)
    surveyor = MainWindow(store, LI)
    qtbot.addWidget(surveyor)
    surveyor.show()
    start(qtbot, surveyor)
    assert surveyor.clock.isVisible() and surveyor.clock.confirm.isHidden()  # a 采集员 may not wave it away
    surveyor.close()

    main = MainWindow(store, ZHANG)
    qtbot.addWidget(main)
    main.show()
    start(qtbot, main)
    assert main.clock.isVisible() and main.clock.confirm.isVisible()
    main.clock.confirm.click()
    box = main.clock.findChild(QMessageBox, "confirm_clock")
    assert box is not None and date.today().isoformat() in box.text()
    with qtbot.waitSignal(main.clock.doubt_changed, timeout=10_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert main.clock.isHidden()
    with store.reading() as session:  # nothing recorded is lost or changed
        assert session.scalar(select(func.count()).select_from(Household)) == 1
    # The program's own release date still stands: the clock back in 2009 is named again.
    clock_at(monkeypatch, FLAT_BATTERY)
    with store.engine.connect() as conn:
        doubt = doubt_today(conn)
    assert doubt is not None and doubt.known >= RELEASED_ON
    main.close()


def test_anju_check_refuses_to_count_ages_from_2009_and_takes_a_date_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], store: Store
) -> None:
    from desktop.cli import main

    a_household(store)
    clock_at(monkeypatch, FLAT_BATTERY)
    assert main(["check", "--db", str(store.path), "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["ok"] is False
    assert err.startswith("错误：电脑的日期是 2009-01-01") and "--date" in err and "Time & language" in err
    code = main(["check", "--db", str(store.path), "--date", date.today().isoformat(), "--json"])
    assert code in (0, 1) and json.loads(capsys.readouterr().out)["households"] == 1


def test_anju_export_refuses_a_ledger_dated_2009(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], store: Store
) -> None:
    from desktop.cli import main

    a_household(store)
    clock_at(monkeypatch, FLAT_BATTERY)
    out = store.path.with_name("两后生.xlsx")
    assert main(["export", "two-after", "--db", str(store.path), "--out", str(out)]) == 2
    assert "2009-01-01" in capsys.readouterr().err and not out.exists()


# ---- the county ------------------------------------------------------------------------------------------------


def test_the_county_import_says_a_station_s_clock_is_back_in_2009_and_takes_its_work(
    monkeypatch: pytest.MonkeyPatch, world: World
) -> None:
    with monkeypatch.context() as flat:
        clock_at(flat, FLAT_BATTERY)
        with world.edit("a") as uow:
            add_synced_household(uow, world.site_id("S1"), room="502")
        batch = world.export("a")
    report = world.county_import(batch)
    assert not report.refused
    zh, en = report.files[0].message()
    assert "工作站“者海镇工作站”的电脑日期看来不对" in zh and "2009-01-01" in zh and "登记的日期" in zh
    assert "clock of station “者海镇工作站” looks wrong" in en
    assert world.count("county", Household) == 1  # imported as usual: nothing lost


def test_the_county_import_says_a_station_s_clock_is_a_year_ahead(
    monkeypatch: pytest.MonkeyPatch, world: World
) -> None:
    ahead = datetime.now(UTC).date() + timedelta(days=365)
    with monkeypatch.context() as wrong:
        clock_at(wrong, ahead)
        with world.edit("a") as uow:
            add_synced_household(uow, world.site_id("S1"), room="503")
        batch = world.export("a")
    zh, _en = world.county_import(batch).files[0].message()
    assert "电脑日期看来不对" in zh and f"{ahead.isoformat()} 记录的修改" in zh and "比县里电脑的日期" in zh
    assert world.count("county", Household) == 1


def test_a_station_with_a_right_clock_gets_no_such_remark(world: World) -> None:
    with world.edit("a") as uow:
        add_synced_household(uow, world.site_id("S1"), room="504")
    zh, _en = world.county_import(world.export("a")).files[0].message()
    assert "电脑日期" not in zh


def test_a_visit_recorded_under_a_wrong_clock_keeps_what_was_typed(
    monkeypatch: pytest.MonkeyPatch, world: World
) -> None:
    """The warning changes nothing that was recorded: the visit's own date is what the worker typed."""
    with monkeypatch.context() as flat:
        clock_at(flat, FLAT_BATTERY)
        with world.edit("a") as uow:
            household = add_synced_household(uow, world.site_id("S1"), room="505")
            uow.add(Visit(household_id=household.id, visited_on=date(2026, 11, 28), outcome="入户"))
        batch = world.export("a")
    world.county_import(batch)
    with world.county.reading() as session:
        assert session.scalar(select(Visit.visited_on)) == date(2026, 11, 28)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_online_sync_says_when_the_station_s_clock_and_the_server_s_are_years_apart(
    monkeypatch: pytest.MonkeyPatch, online_world: OnlineWorld, live_server: LiveServer
) -> None:
    online_world.add_households("a", "S1", 1)
    clock_at(monkeypatch, FLAT_BATTERY)  # the server, on the county's computer, keeps the right time
    record = push(online_world.a, url=live_server.url).record
    assert record.outcome == "ok", record.message_en  # synced all the same
    assert "本机日期是 2009-01-01" in record.message_zh and "本机的日期多半不对" in record.message_zh
    assert "Time & language" in record.message_en
    assert online_world.pending("a") == 0

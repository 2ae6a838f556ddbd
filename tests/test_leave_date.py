"""减员日期: the day a member left the household (died, married out …), asked with the 减员原因. The 减员名单 dated
each drop by the day the station typed it in, so a death on 15 October recorded on 3 November counted in November,
and the county explained it in the wrong month. The day is kept on the tombstone, travels to the county and the
other stations, and goes when the member is brought back (恢复)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from desktop.editor import HouseholdEditor
from forms.excel.export import ExportOptions, export
from forms.leaving import DIED, MARRIED_OUT
from forms.records import Household, JournalEntry, Measure, Member
from forms.store import Store
from sync import county_return
from sync.return_file import row_json
from tests import factories
from tests.factories import add_member, add_site
from tests.test_editor import COMPLETE_HOUSEHOLD, TODAY, focused, open_household, settle
from tests.test_household_history import history, said
from tests.test_leaving import a_family, departures
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]

OCTOBER_15 = date(2026, 10, 15)


def test_the_day_a_member_left_is_typed_kept_shown_and_cleared_on_restore(
    qtbot: QtBot, store: Store, editor: HouseholdEditor
) -> None:
    household, _head, son, _measures = a_family(store)
    open_household(qtbot, editor, household.id)
    dialog = editor.ask_member_leaves(son.id)
    assert dialog is not None and dialog.day.text() == TODAY.isoformat()  # today unless the worker says otherwise
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is dialog.reasons)  # as a window manager gives it focus
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Down)  # 死亡
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Tab)
    assert focused() is dialog.day  # from the reason to the day by the keyboard
    dialog.day.selectAll()
    qtbot.keyClicks(dialog.day, "20260415")
    qtbot.keyClick(dialog.day, Qt.Key.Key_Return)
    settle(qtbot, editor)
    assert not dialog.isVisible()
    with store.reading() as session:
        gone = session.get(Member, son.id)
        assert gone is not None and gone.deleted_at is not None
        assert (gone.left_reason, gone.left_on) == (DIED, date(2026, 4, 15))
        entry = session.scalars(
            select(JournalEntry).where(JournalEntry.record_id == son.id).order_by(JournalEntry.seq.desc())
        ).first()
    assert entry is not None and entry.op == "delete"  # journaled with the tombstone, so it syncs
    assert json.loads(entry.changes)["left_on"] == [None, "2026-04-15"]
    assert editor.roster is not None and "张小（死亡，2026-04-15）" in editor.roster.left_label.text()
    left = [line for line in said(history(store, household.id).lines) if "减员（死亡） 成员 张小" in line]
    assert len(left) == 1 and "减员日期：2026年4月15日" in left[0], left  # 修改记录 says when he left

    box = editor.ask_bring_back(son.id)  # he had not died after all
    assert box is not None and "减员原因和减员日期清除" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    settle(qtbot, editor)
    with store.reading() as session:
        back = session.get(Member, son.id)
        assert back is not None and (back.deleted_at, back.left_reason, back.left_on) == (None, None, None)


def test_the_measures_a_member_takes_with_him_end_on_the_day_he_left_not_the_day_it_was_typed(
    qtbot: QtBot, store: Store, editor: HouseholdEditor
) -> None:
    """A man who died on 15 April, recorded on 20 May, got no help after April: his open 职业介绍 ends on 15 April
    (the county counts measures by month), and one begun after that day, on 1 May, ends the day it began, never
    before it; the household's own measure is not his and stays open."""
    household, _head, son, measures = a_family(store)
    with store.unit_of_work("setup") as uow:
        later = uow.add(
            Measure(household_id=household.id, member_id=son.id, kind="技能培训", started_on=date(2026, 5, 1))
        )
    open_household(qtbot, editor, household.id)
    dialog = editor.ask_member_leaves(son.id)
    assert dialog is not None and "完成日期记为减员日期" in dialog.findChild(QLabel, "leave_message").text()
    dialog.reasons.setCurrentIndex(dialog.reasons.findText(DIED))
    dialog.day.setText("20260415")
    dialog.accept()
    settle(qtbot, editor)
    with store.reading() as session:
        closed = {
            m.id: m.closed_on for m in session.scalars(select(Measure).where(Measure.household_id == household.id))
        }
    assert closed[measures["son_open"].id] == date(2026, 4, 15)
    assert closed[later.id] == date(2026, 5, 1)
    assert closed[measures["son_done"].id] == date(2025, 12, 1)  # finished before: as it was
    assert closed[measures["household"].id] is None
    assert TODAY not in closed.values()  # the day it was typed (20 May), which none of them took


def test_a_day_after_today_before_birth_unreadable_or_empty_is_refused_saying_why(
    qtbot: QtBot, store: Store, editor: HouseholdEditor
) -> None:
    household, _head, son, _measures = a_family(store)  # 张小, born 2000-06-01
    open_household(qtbot, editor, household.id)
    dialog = editor.ask_member_leaves(son.id)
    assert dialog is not None
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Down)
    assert dialog.ok.isEnabled()
    problem = dialog.findChild(QLabel, "left_on_problem")
    for typed, refused in (
        ("20260521", "减员日期 2026-05-21 晚于今天（2026-05-20）：请填写张小已经离开本户的那天。"),
        ("1999-12-31", "减员日期 1999-12-31 早于张小的出生日期（2000-06-01）：请核对后重新填写。"),
        ("2026-13-01", "减员日期“2026-13-01”不是有效的日期：请按 20240315 或 2024-03-15 的样子填写。"),
        ("", "请填写减员日期：张小离开本户的那天（如 20240315）。"),
    ):
        dialog.day.clear()
        qtbot.keyClicks(dialog.day, typed)
        assert problem.isVisible() and problem.text() == refused and not dialog.ok.isEnabled(), typed
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)  # Enter removes nobody
        assert dialog.isVisible(), typed
    qtbot.keyClicks(dialog.day, "2000.6.1")  # the day he was born will do
    assert not problem.isVisible() and dialog.ok.isEnabled()
    assert son.id in {m.id for m in editor.draft.members}
    dialog.reject()


def test_a_refused_day_leaves_every_line_of_the_dialog_whole(
    qtbot: QtBot, store: Store, editor: HouseholdEditor
) -> None:
    """The red message under the day took two lines the dialog did not grow for: Qt squeezed the texts above it, and
    the first line (who leaves, and what else the 减员 does) was cut at the dialog's top."""
    household, _head, son, _measures = a_family(store)  # with measures the 减员 ends: a longer note
    open_household(qtbot, editor, household.id)
    dialog = editor.ask_member_leaves(son.id)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.day.clear()
    qtbot.keyClicks(dialog.day, "20991015")

    def whole(label: QLabel) -> bool:
        return label.height() >= label.heightForWidth(label.width())

    labels = [label for label in dialog.findChildren(QLabel) if label.isVisible() and label.wordWrap()]
    assert len(labels) >= 2  # the note on top and the message under the day
    qtbot.waitUntil(lambda: all(whole(label) for label in labels), timeout=2000)
    dialog.reject()


def test_the_departures_list_counts_a_drop_in_the_month_the_member_left_not_the_month_it_was_typed(
    store: Store, tmp_path: Path
) -> None:
    """A death on 15 October typed in on 3 November; a marriage recorded on 20 October before the day was asked
    (none kept); a household voided on 1 November: newest first by 减员日期, the recording day where there is none."""
    household, _head, son, _measures = a_family(store)
    with store.unit_of_work("setup") as uow:
        daughter = add_member(uow, household, name="张小花", relation="之女")
        moved = factories.add_household(uow, add_site(uow, code="S9", name="新村"), **COMPLETE_HOUSEHOLD)
        add_member(uow, moved, name="李四", relation="户主")
    with store.unit_of_work("zhang") as uow:
        for member_id, reason, left_on in ((son.id, DIED, OCTOBER_15), (daughter.id, MARRIED_OUT, None)):
            member = uow.get(Member, member_id)
            assert member is not None
            member.left_reason, member.left_on = reason, left_on
            uow.delete(member)
        voided = uow.get(Household, moved.id)
        assert voided is not None
        voided.status, voided.void_reason = "作废", "整户迁出至昆明市"
    with store.engine.begin() as conn:  # the days the station recorded them (noon in China: the same day in UTC)
        for member_id, at in ((son.id, "2026-11-03"), (daughter.id, "2026-10-20")):
            conn.execute(update(Member).where(Member.id == member_id).values(deleted_at=f"{at}T04:00:00.000000Z"))
        conn.exec_driver_sql(
            f"UPDATE households SET updated_at = '2026-11-01T04:00:00.000000Z' WHERE id = '{moved.id}'"
        )
    path = export(store, "减员", tmp_path / "departures.xlsx", ExportOptions(on=date(2026, 11, 30))).path
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=3, values_only=True))
    headers = list(rows[0])
    assert headers[headers.index("减员原因") :] == ["减员原因", "减员日期", "登记日期", "登记人"]
    listed = [dict(zip(headers, row, strict=True)) for row in rows[1:] if isinstance(row[0], int)]
    # date cells, both (Excel's date filter picks a month's): openpyxl reads them back as datetimes
    assert [(r["姓名"], r["减员原因"], r["减员日期"].date(), r["登记日期"].date()) for r in listed] == [
        ("李四", "整户迁出至昆明市", date(2026, 11, 1), date(2026, 11, 1)),
        ("张小花", MARRIED_OUT, date(2026, 10, 20), date(2026, 10, 20)),
        ("张小", DIED, date(2026, 10, 15), date(2026, 11, 3)),
    ]
    notes = [row[0] for row in rows if isinstance(row[0], str) and row[0].startswith("减员日期：")]
    assert notes == ["减员日期：成员离开本户的日期（减员时填写）；记录减员日期之前减员的成员和整户作废的，为登记日期。"]


def remove_on(world: World, who: str, member_id: str, reason: str, on: date) -> None:
    with world.edit(who) as uow:
        member = uow.get(Member, member_id)
        assert member is not None
        member.left_reason, member.left_on = reason, on
        uow.delete(member)


def test_the_day_reaches_the_county_and_the_other_station_and_a_restore_clears_it_everywhere(
    world: World, tmp_path: Path
) -> None:
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S1"), room="301", members=3)  # S1: both stations serve it
    world.sync("a")
    world.sync("b")
    grandpa = sorted(live(world, "a", home.id))[-1]
    remove_on(world, "a", grandpa, DIED, OCTOBER_15)
    world.sync("a")
    world.sync("b")
    for who in ("county", "a", "b"):
        at = world.get(who, Member, grandpa)
        assert at.deleted_at is not None and (at.left_reason, at.left_on) == (DIED, OCTOBER_15), who
    listed = departures(world, "county", tmp_path)
    assert [(r["减员原因"], r["减员日期"].date()) for r in listed] == [(DIED, date(2026, 10, 15))]

    with world.edit("b") as uow:  # he moved back: 恢复 at the other station
        back = uow.get(Member, grandpa)
        assert back is not None
        back.deleted_at, back.left_reason, back.left_on = None, None, None
    world.sync("b")
    world.sync("a")
    for who in ("county", "a", "b"):
        at = world.get(who, Member, grandpa)
        assert (at.deleted_at, at.left_reason, at.left_on) == (None, None, None), who


def live(world: World, who: str, household_id: str) -> list[str]:
    with world.stores[who].reading() as session:
        return list(
            session.scalars(select(Member.id).where(Member.household_id == household_id, Member.deleted_at.is_(None)))
        )


def test_a_county_not_yet_upgraded_leaves_the_station_its_day(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A county still on Anju 0.4.0 has no 减员日期: it takes the 减员 and its reason and ignores the day (checked
    by hand with the 0.4.0 program), and its return file carries no such column. The station emptied its own 减员日期
    on reading it back, so the day was lost everywhere."""
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S3"), members=2)
    world.sync("a")
    son = sorted(live(world, "a", home.id))[-1]
    remove_on(world, "a", son, DIED, OCTOBER_15)
    # As 0.4.0 writes a return file: its members have no left_on column.
    monkeypatch.setattr(
        county_return, "row_json", lambda row: row_json({k: v for k, v in row.items() if k != "left_on"})
    )
    world.sync("a")
    at_station = world.get("a", Member, son)
    assert at_station.deleted_at is not None and (at_station.left_reason, at_station.left_on) == (DIED, OCTOBER_15)

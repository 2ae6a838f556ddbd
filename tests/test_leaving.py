"""减员: a member who dies, marries out or splits off keeps the reason the station gave on their tombstone; it reaches
the county with the next batch, and the county's 减员名单 lists every person who left the counts with the reason."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QRadioButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from desktop.county.conflicts_page import ConflictsPage
from desktop.editor import HouseholdEditor
from desktop.editor.dialogs import LeaveDialog, ReasonDialog
from desktop.tasks import TaskRunner
from forms.check import check_database
from forms.excel.export import ExportOptions, export
from forms.idnumber import make_ric
from forms.leaving import DIED, RECORDED_BY_MISTAKE, SPLIT_OFF, outcome_when_closed, outcome_when_reopened
from forms.records import Employment, Household, JournalEntry, Measure, Member
from forms.settings import RuleSettings
from forms.store import Store
from forms.users import Account
from forms.worklists import run_worklist
from sync.county_conflicts import list_conflicts
from sync.duplicates import merge_duplicate
from tests import factories
from tests.factories import add_member, add_site
from tests.test_editor import COMPLETE_HOUSEHOLD, COMPLETE_MEMBER, TODAY, add_head, open_household, settle, shown_editor
from tests.test_sync_support import FAMILY, World, add_household, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support"]

SON_ID = make_ric("530326", date(2000, 6, 1), 13)


def departures(world: World, who: str, tmp_path: Path) -> list[dict[str, Any]]:
    """The 减员名单 exported at ``who``, as {header: value} per row."""
    path = export(world.stores[who], "减员", tmp_path / f"{who}-departures.xlsx", ExportOptions()).path
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=3, values_only=True))
    headers = rows[0]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:] if isinstance(row[0], int)]


def test_the_reason_a_member_left_reaches_the_county_and_its_departures_list(world: World, tmp_path: Path) -> None:
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S1"), room="301", members=3)
        moved_away = add_household(uow, world.site_id("S1"), room="302", members=2)
    world.sync("a")
    with world.edit("a") as uow:
        grandpa, son = uow.session.scalars(
            select(Member).where(Member.household_id == home.id, Member.relation != "户主").order_by(Member.name)
        ).all()
        for member, reason in ((grandpa, DIED), (son, SPLIT_OFF)):
            member.left_reason = reason
            uow.delete(member)
        household = uow.get(Household, moved_away.id)
        assert household is not None
        household.status, household.void_reason = "作废", "整户迁出至昆明市"
    with world.stores["a"].reading() as session:
        entry = session.scalars(
            select(JournalEntry).where(JournalEntry.record_id == grandpa.id).order_by(JournalEntry.seq.desc())
        ).first()
    assert entry is not None and entry.op == "delete" and '"left_reason"' in entry.changes  # the history says why
    world.sync("a")

    at_county = world.get("county", Member, grandpa.id)
    assert at_county.deleted_at is not None and at_county.left_reason == DIED
    listed = departures(world, "county", tmp_path)
    why = {row["姓名"]: (row["减员类型"], row["减员原因"]) for row in listed}
    assert why == {
        grandpa.name: ("成员减员", DIED),
        son.name: ("成员减员", SPLIT_OFF),
        "成员3020": ("整户作废", "整户迁出至昆明市"),
        "成员3021": ("整户作废", "整户迁出至昆明市"),
    }
    assert all(row["登记人"] == "zhang" and row["门牌号"] in ("301", "302") for row in listed)

    with world.edit("a") as uow:  # the son's family did not split off after all: 恢复
        back = uow.get(Member, son.id)
        assert back is not None
        back.deleted_at, back.left_reason = None, None
    world.sync("a")
    at_county = world.get("county", Member, son.id)
    assert at_county.deleted_at is None and at_county.left_reason is None
    assert son.name not in {row["姓名"] for row in departures(world, "county", tmp_path)}


def test_a_person_merged_away_by_the_county_is_listed_as_recorded_twice(world: World, tmp_path: Path) -> None:
    homes = one_family_at_both_stations(world)
    merge_duplicate(world.county, FAMILY[1][2], homes["a"], "clerk")
    listed = departures(world, "county", tmp_path)
    assert [(row["姓名"], row["证件号码"], row["减员原因"]) for row in listed] == [
        (FAMILY[1][0], FAMILY[1][2], RECORDED_BY_MISTAKE)
    ]
    ws = openpyxl.load_workbook(tmp_path / "county-departures.xlsx").worksheets[0]
    id_cell = ws.cell(4, 9)  # 证件号码 of the first row, as text (Excel would show 5.30326E+17)
    assert id_cell.value == FAMILY[1][2] and id_cell.data_type == "s" and id_cell.number_format == "@"


# ---- in the household editor: what a 减员 does to the household's measures, counts and status ---------------------


def a_family(store: Store, *, status: str = "草稿") -> tuple[Household, Member, Member, dict[str, Measure]]:
    """张三 (户主, in work) and his son 张小 (labour, looking for work), with three measures: the son's open one, the
    son's finished one and the household's own."""
    with store.unit_of_work("setup") as uow:
        household = factories.add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD, status=status)
        head = add_head(uow, household)
        uow.add(Employment(member_id=head.id, form="县内务工", place_scope="县内", start_month="2025-03"))
        son = add_member(
            uow,
            household,
            name="张小",
            relation="之子",
            id_number=SON_ID,
            sex="男",
            birth_date=date(2000, 6, 1),
            labour_skill="普通劳动力",
            **COMPLETE_MEMBER,
        )
        measures = {
            "son_open": uow.add(
                Measure(household_id=household.id, member_id=son.id, kind="职业介绍", started_on=date(2026, 3, 1),
                        due_on=date(2026, 8, 1), outcome="已推荐两家企业")
            ),
            "son_done": uow.add(
                Measure(household_id=household.id, member_id=son.id, kind="技能培训", started_on=date(2025, 9, 1),
                        closed_on=date(2025, 12, 1), outcome="取得电工证")
            ),
            "household": uow.add(
                Measure(household_id=household.id, kind="公益性岗位安置", started_on=date(2026, 4, 1),
                        due_on=date(2026, 9, 1))
            ),
        }  # fmt: skip
    return household, head, son, measures


def leave(qtbot: QtBot, editor: HouseholdEditor, member_id: str, downs: int) -> LeaveDialog:
    """减员 through the dialog: ``downs`` presses of ↓ pick the reason (1: 死亡, 2: 婚出 …)."""
    dialog = editor.ask_member_leaves(member_id)
    assert dialog is not None
    for _ in range(downs):
        qtbot.keyClick(dialog.reasons, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return)
    settle(qtbot, editor)
    return dialog


def open_measures(store: Store) -> set[str]:
    with store.reading() as session:
        return set(session.scalars(select(Measure.id).where(Measure.closed_on.is_(None))))


def test_the_closing_note_stays_on_the_one_line_of_the_outcome_and_comes_off_on_restore() -> None:
    """措施结果 is a one-line answer: the note follows after a space (a line break would be hidden by the field and
    saved as a space by the editor anyway), and 恢复 takes it off, also from a note an older version put on a line of
    its own."""
    closed = outcome_when_closed("已推荐两家企业 ", DIED)
    assert closed == "已推荐两家企业 成员减员（死亡），措施随之结束。"
    assert outcome_when_reopened(closed) == "已推荐两家企业"
    assert outcome_when_reopened("已推荐两家企业\n成员减员（死亡），措施随之结束。") == "已推荐两家企业"
    assert outcome_when_reopened(outcome_when_closed(None, DIED)) == ""
    assert outcome_when_reopened("成员减员（死亡），措施随之结束。 后来又找到了工作") is None  # written after it


def test_a_member_who_died_takes_his_open_measures_with_him_and_gets_them_back_on_restore(
    qtbot: QtBot, store: Store, editor: HouseholdEditor
) -> None:
    """The county counts open measures: a dead man's 职业介绍 must not stay open. It ends on the day of the 减员,
    saying why, in the same save (journaled, so it syncs); 恢复 reopens it as it was, and nothing else."""
    household, _head, son, measures = a_family(store)
    open_household(qtbot, editor, household.id)
    form = editor.show_record(measures["son_open"].id)  # looked at before: its form is made already
    assert form is not None and form.value("closed_on") is None
    dialog = leave(qtbot, editor, son.id, downs=1)
    assert form.value("closed_on") == TODAY and "成员减员（死亡）" in str(form.value("outcome"))
    assert "1 项进行中的帮扶措施将随之结束" in dialog.findChild(QLabel, "leave_message").text()
    assert "其 1 项帮扶措施已随之结束" in editor.banner.text()
    assert open_measures(store) == {measures["household"].id}
    with store.reading() as session:
        ended = session.get(Measure, measures["son_open"].id)
        assert ended is not None and ended.closed_on == TODAY
        assert ended.outcome == "已推荐两家企业 成员减员（死亡），措施随之结束。"
        done = session.get(Measure, measures["son_done"].id)
        assert done is not None and (done.closed_on, done.outcome) == (date(2025, 12, 1), "取得电工证")
        changes = session.scalars(
            select(JournalEntry.changes).where(JournalEntry.record_id == ended.id, JournalEntry.op == "update")
        ).all()
    assert any("closed_on" in c for c in changes)  # an edit like any other: the county hears of it
    assert editor.measures is not None
    rows = [[editor.measures.table.item(row, column).text() for column in (1, 3)] for row in range(3)]
    assert ["张小（已减员）", "减员结束"] in rows and ["张小（已减员）", "已完成"] in rows  # which one the 减员 ended

    box = editor.ask_bring_back(son.id)  # a mistake: he is alive
    assert box is not None and "因减员而结束的 1 项帮扶措施将重新进行" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    settle(qtbot, editor)
    assert form.value("closed_on") is None
    assert open_measures(store) == {measures["son_open"].id, measures["household"].id}
    with store.reading() as session:
        back = session.get(Measure, measures["son_open"].id)
        assert back is not None and back.outcome == "已推荐两家企业"
        done = session.get(Measure, measures["son_done"].id)
        assert done is not None and done.closed_on == date(2025, 12, 1)


def test_the_only_one_in_work_leaving_makes_a_completed_household_zero_employment_and_says_so(
    qtbot: QtBot, store: Store, editor: HouseholdEditor
) -> None:
    """The son, the only one in work, moves his 户籍 away from a 已完成 household; his father has no job and the only
    open measure was the son's, now ended: the household is 零就业 without a measure, so it goes back to 草稿 and
    the banner says why; the 零就业 list counts it, with no open measure."""
    household, _head, son, measures = a_family(store, status="已完成")
    with store.unit_of_work("setup") as uow:
        for gone in (uow.get(Measure, measures["household"].id), uow.session.scalar(select(Employment))):
            assert gone is not None
            uow.delete(gone)
        uow.add(Employment(member_id=son.id, form="县内务工", place_scope="县内", start_month="2025-06"))
    with store.reading() as session:
        assert not run_worklist(session.connection(), "zero_employment", RuleSettings(), TODAY).rows
    open_household(qtbot, editor, household.id)
    leave(qtbot, editor, son.id, downs=3)
    assert editor.draft.status == "草稿"
    assert "零就业" in editor.banner.text() and "改回“草稿”" in editor.banner.text()
    with store.reading() as session:
        stored = session.get(Household, household.id)
        assert stored is not None and stored.status == "草稿"
        zero = run_worklist(session.connection(), "zero_employment", RuleSettings(), TODAY)
    assert [(row.household_id, row.detail["open_measures"]) for row in zero.rows] == [(household.id, 0)]
    editor.undo_remove()  # the wrong son: he is back, his measure open again, and the household 已完成 again
    settle(qtbot, editor)
    assert editor.draft.status == "已完成" and measures["son_open"].id in open_measures(store)


def test_when_the_last_member_leaves_the_worker_is_told_and_offered_to_void(
    qtbot: QtBot, store: Store, editor: HouseholdEditor
) -> None:
    """An old man living alone dies: the household has nobody left but still counts as a household. The banner and
    `anju check` say so and what to do (作废, by the 站长), instead of 没有登记户主."""
    with store.unit_of_work("setup") as uow:
        household = factories.add_household(uow, add_site(uow), **COMPLETE_HOUSEHOLD)
        alone = add_head(uow, household)
    open_household(qtbot, editor, household.id)
    dialog = leave(qtbot, editor, alone.id, downs=1)
    assert "最后一名成员" in dialog.findChild(QLabel, "leave_message").text()
    assert "本户已没有成员，但仍计入户数" in editor.banner.text()
    assert editor.roster is not None and "本户成员均已减员" in editor.roster.placeholder.text()  # not 还没有登记成员
    editor.banner.linkActivated.emit("void")
    void = editor.findChild(ReasonDialog, "reason_dialog")
    assert void is not None and void.isVisible()
    void.reject()
    assert "本户没有成员" in " ".join(f.zh for f in editor.session.findings())
    report = check_database(store, RuleSettings(), TODAY, connections=1)
    said = [e.finding.zh for g in report.groups for e in g.entries]
    assert len(said) == 1 and said[0].startswith("本户没有成员，但仍计入户数")


def test_a_measure_left_open_for_someone_who_left_follows_nobody_up(store: Store) -> None:
    """A son removed before measures were closed with him (by an older Anju, or merged away by the county) left his
    职业介绍 open: it no longer covers his father's 零就业 household, in `anju check` and on the 零就业 list alike."""
    household, _head, son, measures = a_family(store, status="已完成")
    with store.unit_of_work("setup") as uow:
        for gone in (uow.get(Measure, measures["household"].id), uow.session.scalar(select(Employment))):
            assert gone is not None
            uow.delete(gone)
        member = uow.get(Member, son.id)
        assert member is not None
        member.left_reason = DIED
        uow.delete(member)
    assert measures["son_open"].id in open_measures(store)  # as it was stored
    with store.reading() as session:
        zero = run_worklist(session.connection(), "zero_employment", RuleSettings(), TODAY)
    assert [(row.household_id, row.detail["open_measures"], row.detail["next_due"]) for row in zero.rows] == [
        (household.id, 0, None)
    ]
    report = check_database(store, RuleSettings(), TODAY, connections=1)
    assert [(e.finding.code, e.finding.household_id) for g in report.groups for e in g.entries] == [
        ("household.zero_employment", household.id)
    ]


@pytest.fixture
def in_yunnan(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock in China's time zone (UTC+8), as every station's is."""
    if not hasattr(time, "tzset"):
        pytest.skip("the time zone can only be switched on a POSIX system")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_departures_list_dates_a_removal_by_the_station_s_own_day(
    store: Store, tmp_path: Path, in_yunnan: None
) -> None:
    """A death recorded at 7:30 on 1 June in Yunnan is 23:30 on 31 May in UTC, as it is stored: the 减员名单 dated it
    31 May, and a clerk filtering June's drops missed it."""
    _household, _head, son, _measures = a_family(store)
    with store.unit_of_work("zhang") as uow:
        member = uow.get(Member, son.id)
        assert member is not None
        member.left_reason = DIED
        uow.delete(member)
    with store.engine.begin() as conn:  # typed at 7:30 Beijing time
        conn.execute(update(Member).where(Member.id == son.id).values(deleted_at="2026-05-31T23:30:00.000000Z"))
    path = export(store, "减员", tmp_path / "departures.xlsx", ExportOptions(on=date(2026, 6, 30))).path
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=3, values_only=True))
    listed = [dict(zip(rows[0], row, strict=True)) for row in rows[1:] if isinstance(row[0], int)]
    assert [(row["姓名"], row["登记日期"].date()) for row in listed] == [("张小", date(2026, 6, 1))]


def test_a_month_s_departures_are_picked_with_excel_s_date_filter(store: Store, tmp_path: Path) -> None:
    """At month-end the clerk filters the 减员名单 to the month (Excel's 日期筛选 → 本月, or 介于): 登记日期 was text,
    which a date filter does not offer, and sorted as text. Now it is a date cell, shown as 2026-11-03."""
    _household, _head, son, _measures = a_family(store)
    with store.unit_of_work("zhang") as uow:
        member = uow.get(Member, son.id)
        assert member is not None
        member.left_reason = DIED
        uow.delete(member)
    with store.engine.begin() as conn:
        conn.execute(update(Member).where(Member.id == son.id).values(deleted_at="2026-11-03T02:00:00.000000Z"))
    path = export(store, "减员", tmp_path / "departures.xlsx", ExportOptions(on=date(2026, 11, 30))).path
    ws = openpyxl.load_workbook(path).worksheets[0]
    column = [c.value for c in ws[3]].index("登记日期") + 1
    cell = ws.cell(4, column)
    assert cell.is_date and cell.value.date() == date(2026, 11, 3), cell.value
    assert cell.number_format == "yyyy-mm-dd"
    assert ws.column_dimensions[cell.column_letter].width >= 10  # 2026-11-03 whole, not ####


def test_one_death_recorded_at_two_stations_with_different_reasons_is_a_conflict_the_clerk_can_read(
    qtbot: QtBot, world: World
) -> None:
    """Both stations serving a site record the same 减员 before they sync, one as 死亡, one as 户籍迁出: the clerk
    settles which reason stands, shown as 减员原因 (it showed the column's name, left_reason)."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="302", members=3)
    world.sync("a")
    world.sync("b")
    with world.a.reading() as session:
        member_id = session.scalars(select(Member.id).where(Member.household_id == household.id)).all()[1]
    for who, reason in (("a", DIED), ("b", "户籍迁出")):
        with world.edit(who) as uow:
            member = uow.get(Member, member_id)
            assert member is not None
            member.left_reason = reason
            uow.delete(member)
        world.sync(who)
    (conflict,) = list_conflicts(world.county)
    assert conflict.field == "left_reason"
    runner = TaskRunner()
    page = ConflictsPage(world.county, runner, Account("clerk", "赵科长", "县级管理员"))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.text(0, 2) == "减员原因"
    page.table.setCurrentCell(0, 0)
    assert page.findChild(QRadioButton, f"take_station_{conflict.id}").text() == "户籍迁出"
    runner.wait()


def test_a_measure_the_station_s_removal_ended_is_ended_at_the_county_and_the_other_station(
    qtbot: QtBot, world: World
) -> None:
    """The 减员 and the measure it ended travel in the same batch: the county's open measures lose it, and so do the
    other station's (the one the 减员 was not made at)."""
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="302", members=2)
        son = uow.session.scalars(select(Member).where(Member.household_id == household.id, Member.relation != "户主"))
        son_id = son.one().id
        measure = uow.add(
            Measure(household_id=household.id, member_id=son_id, kind="职业介绍", started_on=date(2026, 3, 1))
        )
    world.sync("a")
    world.sync("b")
    runner = TaskRunner()
    with shown_editor(qtbot, world.a, runner) as editor:
        open_household(qtbot, editor, household.id)
        leave(qtbot, editor, son_id, downs=1)
    runner.wait()
    world.sync("a")
    world.sync("b")
    for who in ("county", "b"):
        assert world.get(who, Member, son_id).left_reason == DIED, who
        assert world.get(who, Measure, measure.id).closed_on == TODAY, who


def test_the_departures_list_names_a_command_lines_change_as_such(world: World, tmp_path: Path) -> None:
    """A household voided by an ``anju`` command is journaled as cli:NAME (`forms.commandline.command_actor`): the
    list's 登记人 said “cli:zhang”; it says 命令行（zhang）, as 修改记录 does."""
    with world.edit("a") as uow:
        home = add_household(uow, world.site_id("S1"), room="301", members=2)
    with world.stores["a"].unit_of_work("cli:zhang") as uow:
        household = uow.get(Household, home.id)
        assert household is not None
        household.status, household.void_reason = "作废", "整户迁出至昆明市"
    assert {row["登记人"] for row in departures(world, "a", tmp_path)} == {"命令行（zhang）"}

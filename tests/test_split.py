"""分户 in the household editor: a grown son's family becomes a household of its own and keeps its people — their ID
numbers, jobs and own 帮扶措施 — instead of leaving the counts and being typed in again; the county receives the
same two households with the next sync."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.editor import HouseholdEditor
from desktop.editor.split import SplitDialog
from desktop.main_window import MainWindow
from desktop.tasks import TaskRunner
from forms.idnumber import make_ric
from forms.records import Employment, Household, JournalEntry, Measure, Member, Visit
from forms.settings import RuleSettings
from forms.splitting import Destination, SplitRefused, split_household, undo_split
from forms.store import Store
from forms.sync_records import SyncConflict
from forms.users import Account
from forms.worklists import run_worklist
from tests.factories import add_household, add_member, add_site
from tests.test_editor import focused, open_household, shown_editor
from tests.test_keyboard import clashes, unnamed
from tests.test_sync_support import World, live_members
from tests.test_sync_support import add_household as add_world_household

pytest_plugins = ["tests.test_sync_support"]

TODAY = date(2026, 5, 20)
ALT = Qt.KeyboardModifier.AltModifier
SURVEYOR = Account("li", "李采集", "采集员")  # 分户 is 减员（分户） and 新增住户 in one: a 采集员 does both already
HOUSEHOLD = {
    "building": "3",
    "unit": "2",
    "room": "301",
    "relocation_type": "建档立卡搬迁户(卡户)",
    "household_type": "脱贫户",
    "relocated_on": "2019-08",
    "origin_county": "会泽县",
    "collector": "李采集",
    "collected_on": date(2026, 5, 1),
    "status": "已完成",
}
PERSON = {"id_type": "居民身份证", "ethnicity": "汉族", "education": "初中", "health": "健康"}
FAMILY = (  # name, relation, birth date, sex order (odd: a man), labour
    ("张三", "户主", date(1972, 3, 1), 11, True),
    ("李四", "配偶", date(1974, 6, 2), 22, False),
    ("张小", "之子", date(1998, 1, 5), 31, True),
    ("王芳", "之儿媳", date(1999, 9, 9), 42, False),
    ("张小小", "之孙子", date(2022, 2, 2), 51, False),
)


@pytest.fixture
def family(store: Store) -> dict[str, str]:
    """The 张 family at 3-2-301, 已完成: the son 张小 works in 昆明 (so the household is not 零就业) and has a 职业指导
    of his own; a 技能培训 is aimed at the whole household, and there is a visit. Returns name → id (and 户)."""
    ids: dict[str, str] = {}
    with store.unit_of_work("setup") as uow:
        site = add_site(uow)
        home = add_household(uow, site, **HOUSEHOLD)
        ids["户"] = home.id
        for name, relation, born, order, labour in FAMILY:
            person = add_member(
                uow,
                home,
                name=name,
                relation=relation,
                birth_date=born,
                sex="男" if order % 2 else "女",
                id_number=make_ric("530326", born, order),
                labour_skill="普通劳动力" if labour else "无劳动力",
                **PERSON,
            )
            ids[name] = person.id
        uow.add(Employment(member_id=ids["张小"], form="外出务工", place_scope="省内县外", start_month="2025-03"))
        own = uow.add(Measure(household_id=home.id, member_id=ids["张小"], kind="职业指导", started_on=TODAY))
        whole = uow.add(Measure(household_id=home.id, kind="技能培训", started_on=TODAY))
        uow.add(Visit(household_id=home.id, visited_on=date(2026, 5, 1), outcome="入户"))
        ids["own"], ids["whole"] = own.id, whole.id
    return ids


@pytest.fixture
def editor(qtbot: QtBot, store: Store, runner: TaskRunner) -> Iterator[HouseholdEditor]:
    with shown_editor(qtbot, store, runner, SURVEYOR) as page:
        yield page


def split_dialog(qtbot: QtBot, editor: HouseholdEditor) -> SplitDialog:
    """分户(&F)… by its Alt+letter, from the roster."""
    qtbot.keyClick(focused(), Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: editor.findChild(SplitDialog, "split_dialog") is not None)
    dialog = editor.findChild(SplitDialog, "split_dialog")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is dialog.members)
    return dialog


def tick(qtbot: QtBot, dialog: SplitDialog, name: str) -> None:
    """Walk the list with the arrow keys to ``name`` and tick it with Space."""
    names = [dialog.members.item(row).text().split("（")[0] for row in range(dialog.members.count())]
    dialog.members.setFocus()
    while dialog.members.currentRow() != names.index(name):
        key = Qt.Key.Key_Down if dialog.members.currentRow() < names.index(name) else Qt.Key.Key_Up
        qtbot.keyClick(dialog.members, key)
    qtbot.keyClick(dialog.members, Qt.Key.Key_Space)


def live(store: Store, household_id: str) -> dict[str, str | None]:
    with store.reading() as session:
        members = session.scalars(
            select(Member).where(Member.household_id == household_id, Member.deleted_at.is_(None))
        ).all()
        return {m.name: m.relation for m in members}


def zero_employment(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {row.household_id for row in run_worklist(conn, "zero_employment", RuleSettings(), TODAY).rows}


def test_the_sons_family_splits_off_by_keyboard_with_his_job_and_his_measure(
    qtbot: QtBot, editor: HouseholdEditor, store: Store, family: dict[str, str]
) -> None:
    old = family["户"]
    assert old not in zero_employment(store)  # 张小's job counts for the household he lives in
    open_household(qtbot, editor, old)
    assert editor.roster is not None
    editor.roster.select(family["张小"])
    editor.roster.table.setFocus()
    dialog = split_dialog(qtbot, editor)
    assert dialog.chosen() == [family["张小"]]  # the member the cursor was on
    tick(qtbot, dialog, "王芳")
    tick(qtbot, dialog, "张小小")
    assert dialog.head.currentText() == "张小" and dialog.ok.isEnabled()
    assert dialog.site.currentText() == "幸福社区安置点"
    assert (dialog.building.text(), dialog.unit.text(), dialog.room.text()) == ("3", "2", "301")  # as the old flat
    qtbot.keyClick(focused(), Qt.Key.Key_R, ALT)  # 门牌号(&R)
    assert focused() is dialog.room
    dialog.room.selectAll()
    qtbot.keyClicks(dialog.room, "302")
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        qtbot.keyClick(dialog.room, Qt.Key.Key_Return)  # 分户(&F) is the default button

    new = editor.household_id
    assert new is not None and new != old
    assert "户主 张小" in editor.title.text() and "3栋2单元302" in editor.title.text()
    assert "已分户" in editor.banner.text() and "撤销分户" in editor.banner.text()
    assert [m.values["name"] for m in editor.draft.members] == ["张小", "王芳", "张小小"]
    relations = {m.values["name"]: m.values["relation"] for m in editor.draft.members}
    assert relations == {"张小": "户主", "王芳": "配偶", "张小小": "之子"}  # relative to the new 户主
    assert len(editor.draft.spells_of(family["张小"])) == 1  # his job came with him
    assert [m.id for m in editor.draft.records("measures")] == [family["own"]]  # and his own measure
    assert editor.draft.records("visits") == []

    assert live(store, old) == {"张三": "户主", "李四": "配偶"}
    with store.reading() as session:
        kept = session.get(Household, old)
        made = session.get(Household, new)
        assert kept is not None and made is not None
        assert "分户：张小、王芳、张小小另立一户，户主张小，住3栋2单元302" in (kept.notes or "")
        assert "由3栋2单元301（户主张三）分户而来" in (made.notes or "")
        assert (made.site_id, made.building, made.unit, made.room) == (kept.site_id, "3", "2", "302")
        assert made.household_type == "脱贫户" and made.monitoring_type is None and made.hh_number is None
        assert (made.relocation_type, made.relocated_on, made.origin_county) == (
            "建档立卡搬迁户(卡户)",
            "2019-08",
            "会泽县",
        )
        assert made.status == "草稿" and made.collector == "李采集"
        # Nobody left: the same people, with their ID numbers, moved (no tombstone, no 减员原因).
        assert session.scalar(select(func.count()).select_from(Member).where(Member.deleted_at.is_not(None))) == 0
        son = session.get(Member, family["张小"])
        assert son is not None and son.id_number == make_ric("530326", date(1998, 1, 5), 31)
        assert {m.household_id for m in session.scalars(select(Measure))} == {old, new}
        whole = session.get(Measure, family["whole"])
        assert whole is not None and whole.household_id == old  # aimed at the whole old household: it stays
        moves = session.scalars(
            select(JournalEntry).where(JournalEntry.record_id == family["张小"], JournalEntry.op == "update")
        ).all()
        assert any('"household_id"' in entry.changes for entry in moves)  # an ordinary journaled update
        # 张三 works nowhere: without 张小 the old household is 零就业, and its 技能培训 has no planned date
        assert kept.status == "草稿"
    assert zero_employment(store) == {old}


def test_undo_split_brings_everyone_back_as_they_were(
    qtbot: QtBot, editor: HouseholdEditor, store: Store, family: dict[str, str]
) -> None:
    old = family["户"]
    with store.reading() as session:
        notes_before = session.get(Household, old).notes  # type: ignore[union-attr]
    open_household(qtbot, editor, old)
    editor.roster.select(family["王芳"])  # type: ignore[union-attr]
    editor.roster.table.setFocus()  # type: ignore[union-attr]
    dialog = split_dialog(qtbot, editor)
    tick(qtbot, dialog, "张小")
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        qtbot.keyClick(dialog.members, Qt.Key.Key_Return)
    new = editor.household_id
    assert new != old
    editor.activateWindow()  # the dialog closed (offscreen, the window it belonged to is not activated again)
    qtbot.waitUntil(lambda: focused() is editor.roster.table)  # type: ignore[union-attr]  # in the new household
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 撤销分户
    assert editor.household_id == old and "已撤销分户" in editor.banner.text()
    assert live(store, old) == {r[0]: r[1] for r in FAMILY}
    with store.reading() as session:
        gone = session.get(Household, new)
        assert gone is not None and gone.deleted_at is not None
        kept = session.get(Household, old)
        assert kept is not None and kept.notes == notes_before and kept.status == "已完成"
        own = session.get(Measure, family["own"])
        assert own is not None and own.household_id == old


def test_a_split_that_would_empty_the_household_is_refused_and_says_why(
    qtbot: QtBot, editor: HouseholdEditor, store: Store, family: dict[str, str]
) -> None:
    open_household(qtbot, editor, family["户"])
    editor.roster.table.setFocus()  # type: ignore[union-attr]
    dialog = split_dialog(qtbot, editor)
    assert not dialog.ok.isEnabled() and "至少勾选一名" in dialog.why_not.text()
    for name, *_rest in FAMILY:
        tick(qtbot, dialog, name)
    assert dialog.head.currentText() == "张三"  # the old 户主, among those ticked
    assert not dialog.ok.isEnabled() and "原户至少要留下一人" in dialog.why_not.text()
    qtbot.keyClick(dialog.members, Qt.Key.Key_Return)  # Enter out of habit: nothing happens
    assert dialog.isVisible()
    dialog.reject()
    with pytest.raises(SplitRefused, match="原户至少要留下一人"):  # nor does the store let it happen
        split_household(
            store,
            "li",
            family["户"],
            [family[name] for name, *_rest in FAMILY],
            family["张三"],
            Destination("x", None, None, "1"),
            collector="李采集",
            today=TODAY,
        )
    assert len(live(store, family["户"])) == len(FAMILY)


def test_a_household_of_one_cannot_be_split(qtbot: QtBot, editor: HouseholdEditor, store: Store) -> None:
    with store.unit_of_work("setup") as uow:
        home = add_household(uow, add_site(uow), **HOUSEHOLD)
        add_member(uow, home, name="张三", relation="户主", **PERSON)
    open_household(qtbot, editor, home.id)
    assert editor.ask_split() is None
    assert "两名以上在册成员" in editor.banner.text()


def test_relations_that_do_not_follow_for_sure_are_left_to_set_with_a_finding(
    qtbot: QtBot, editor: HouseholdEditor, store: Store, family: dict[str, str]
) -> None:
    """张三 goes to live with his son 张小, who heads the new household: whether 张三 is his 之父 is for the worker to
    say, not for the program to guess. The old household, without its 户主, is told to name one."""
    open_household(qtbot, editor, family["户"])
    editor.roster.table.setFocus()  # type: ignore[union-attr]
    dialog = split_dialog(qtbot, editor)
    tick(qtbot, dialog, "张三")
    tick(qtbot, dialog, "张小")
    assert dialog.head.currentText() == "张三"  # the old 户主 first, when he moves
    dialog.head.setCurrentIndex(dialog.head.findText("张小"))
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        dialog.ok.click()
    relations = {m.values["name"]: m.values.get("relation") for m in editor.draft.members}
    assert relations == {"张三": None, "张小": "户主"}
    assert "请为张三填写“与户主关系”" in editor.banner.text()
    assert "原户的户主分出来了" in editor.banner.text()
    assert any(f.record_id == family["张三"] and "relation" in f.fields for f in editor.session.findings())
    assert live(store, family["户"]) == {"李四": "配偶", "王芳": "之儿媳", "张小小": "之孙子"}


def test_a_split_at_the_station_reaches_the_county_as_the_same_two_households(world: World) -> None:
    with world.edit("a") as uow:
        home = add_world_household(uow, world.site_id("S1"), room="301", members=4)
    world.sync("a")
    world.sync("b")  # station B serves S1 too: it has the household before the split
    with world.a.reading() as session:
        people = session.scalars(select(Member).where(Member.household_id == home.id).order_by(Member.name)).all()
    moving = [people[2].id, people[3].id]
    done = split_household(
        world.a,
        "zhang",
        home.id,
        moving,
        moving[0],
        Destination(world.site_id("S1"), "1", "1", "302"),
        collector="张站长",
        today=TODAY,
    )
    world.sync("a")
    world.sync("b")
    for who in ("county", "a", "b"):
        with world.stores[who].reading() as session:
            homes = {
                h.room: sorted(
                    session.scalars(select(Member.name).where(Member.household_id == h.id, Member.deleted_at.is_(None)))
                )
                for h in session.scalars(select(Household).where(Household.deleted_at.is_(None)))
            }
        assert homes == {"301": ["成员3010", "成员3011"], "302": ["成员3012", "成员3013"]}, who
        assert world.count(who, Member) == 4 and world.count(who, Member, live=False) == 4, who  # no duplicate
    with world.county.reading() as session:
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0
        assert session.get(Household, done.new_id) is not None

    undo_split(world.a, "zhang", done)  # 撤销分户, after the county had the split: it follows the undo too
    world.sync("a")
    world.sync("b")
    for who in ("county", "b"):
        assert live_members(world, who, home.id) == ["成员3010", "成员3011", "成员3012", "成员3013"], who
        assert world.get(who, Household, done.new_id).deleted_at is not None, who
    with world.county.reading() as session:
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0


def test_every_input_of_the_dialog_is_named_and_reached_by_its_own_alt_letter(
    qtbot: QtBot, editor: HouseholdEditor, family: dict[str, str]
) -> None:
    open_household(qtbot, editor, family["户"])
    editor.roster.table.setFocus()  # type: ignore[union-attr]
    dialog = split_dialog(qtbot, editor)
    assert unnamed(dialog) == [] and clashes(dialog) == {}
    for button in dialog.buttons.buttons():
        assert QKeySequence.mnemonic(button.text()).toString(), button.text()
    for key, field in ((Qt.Key.Key_H, dialog.head), (Qt.Key.Key_P, dialog.site), (Qt.Key.Key_M, dialog.members)):
        qtbot.keyClick(focused(), key, ALT)
        assert focused() is field
    dialog.reject()


def test_back_on_the_household_list_both_households_show_with_their_people(
    qtbot: QtBot, store: Store, family: dict[str, str]
) -> None:
    main = MainWindow(store, SURVEYOR)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.editor.opened, timeout=10_000):
        main.open_household(family["户"])
    editor = main.editor
    editor.roster.select(family["张小"])  # type: ignore[union-attr]
    dialog = editor.ask_split()
    assert dialog is not None
    dialog.tick(family["王芳"])
    dialog.tick(family["张小小"])
    dialog.room.setText("302")
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        dialog.ok.click()
    editor.request_back()  # Esc
    model = main.households.model

    def rows() -> dict[str, tuple[str, str]]:
        return {
            str(model.index(row, 0).data()): (str(model.index(row, 3).data()), str(model.index(row, 4).data()))
            for row in range(model.rowCount())
        }

    qtbot.waitUntil(lambda: rows() == {"张三": ("3栋2单元301", "2"), "张小": ("3栋2单元302", "3")}, timeout=10_000)
    main.editor.flush()
    main.runner.wait()
    main.close()

"""Names with rare characters (生僻字) and the dot of minority names, through every place a name passes: the roster
import, the 住户 search, the exports, a batch to the county and its return file, a re-import of the national
export that lost the characters, people without an ID number matched by name, and the household editor. Real
SQLite files, real xlsx, a real batch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import python_calamine
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.county.duplicates_page import DuplicatesPage
from desktop.county.review_page import ReviewPage
from desktop.editor import HouseholdEditor
from desktop.tasks import TaskRunner
from forms.excel.export import export
from forms.excel.roster_import import import_roster
from forms.idnumber import make_ric
from forms.records import Household, JournalEntry, Member
from forms.search import HouseholdFilter, household_ids
from forms.store import Store
from forms.users import Account
from sync.duplicates import list_duplicates, merge_duplicate, merge_households
from tests.factories import sheet_file
from tests.test_editor import household_id, open_household, settle  # noqa: F401 - fixtures
from tests.test_sync_support import FAMILY, World, add_household, live_members, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support"]

#: Extension A (䶮 㛃), outside the BMP (𠮷 𪚥 𬱖, two UTF-16 units each), the dot of minority names in four
#: spellings, a rare character first, a compatibility ideograph (U+FA0C), a glyph variation selector.
RARE = [
    "张𠮷", "王䶮", "刘㛃", "李𪚥", "陈𬱖", "阿依·木沙", "吉克•曲布", "沙马・阿呷", "阿苏\uff0e拉哈", "𠮷张",
    "\ufa0c明", "欧阳𠮷𠮷", "葛\U000e0100花",
]  # fmt: skip
HEADERS = ["户编号", "安置点名称", "姓名", "证件号码", "与户主关系", "劳动技能"]


def number(index: int) -> str:
    return make_ric("530326", date(1975, 3, 4), 11 + index)


def roster(path: Path, rows: list[list[object]]) -> Path:
    return sheet_file(path, HEADERS, rows)


def national_export(path: Path, names: list[str]) -> Path:
    """The 防返贫 member export as the national system writes it: one household per person, by ID number."""
    rows = [[str(i + 1), "幸福社区", name, number(i), "户主", "普通劳动力"] for i, name in enumerate(names)]
    return roster(path, rows)


def stored_names(store: Store) -> dict[str, str]:
    """ID number → name of every live member."""
    with store.reading() as session:
        rows = session.execute(select(Member.id_number, Member.name).where(Member.deleted_at.is_(None)))
        return {str(n): name for n, name in rows}


def names_in(path: Path) -> set[str]:
    book = python_calamine.load_workbook(str(path))
    return {
        cell
        for sheet in book.sheet_names
        for row in book.get_sheet_by_name(sheet).to_python()
        for cell in row
        if isinstance(cell, str)
    }


def found(store: Store, text: str) -> set[str]:
    """The names of the 户主 of the households the 住户 search finds for ``text``."""
    with store.reading() as session:
        ids = household_ids(session, HouseholdFilter(text=text))
        return set(session.scalars(select(Member.name).where(Member.household_id.in_(ids))))


def test_rare_names_come_back_exactly_from_the_import_search_exports_and_a_batch_to_the_county(
    world: World, tmp_path: Path
) -> None:
    result = import_roster(world.a, national_export(tmp_path / "花名册.xlsx", RARE))
    assert result.counts["members.created"] == len(RARE) and not result.problems
    assert stored_names(world.a) == {number(i): name for i, name in enumerate(RARE)}

    # 住户: each name finds its person typed as stored, 张𠮷 by 张, by 𠮷 and by its initial.
    for name in RARE:
        assert name in found(world.a, name), name
    assert {"张𠮷", "𠮷张", "欧阳𠮷𠮷"} <= found(world.a, "𠮷") and "张𠮷" in found(world.a, "张")
    assert "张𠮷" in found(world.a, "z") and "王䶮" in found(world.a, "wy")

    # Every ledger that lists these people writes them exactly.
    for kind in ("members", "zero-employment"):
        assert set(RARE) <= names_in(export(world.a, kind, tmp_path / f"{kind}.xlsx").path), kind

    # A batch to the county (JSON, compressed, sealed), and its return file back.
    world.sync("a")
    assert stored_names(world.county) == stored_names(world.a)
    assert set(RARE) <= names_in(export(world.county, "members", tmp_path / "county.xlsx").path)


def test_a_national_export_that_lost_a_rare_character_does_not_overwrite_the_name(world: World, tmp_path: Path) -> None:
    """The national system shows 𠮷 as ? (or ??, one per UTF-16 unit), 䶮 as □, and drops or changes the dot: importing
    its member export again overwrote 张𠮷 with 张?, and the person could no longer be matched by name."""
    import_roster(world.a, national_export(tmp_path / "花名册.xlsx", RARE))
    mangled = ["张?", "王□", "刘？", "李??", "陈𬱖", "阿依木沙", "吉克·曲布", "沙马・阿呷", "阿苏\uff0e拉哈", "?张"]
    mangled[4] = "陈迪"  # a real correction still replaces the name
    before = world.a.engine.connect().exec_driver_sql("SELECT max(seq) FROM journal").scalar()
    again = import_roster(world.a, national_export(tmp_path / "再次导出.xlsx", mangled))

    expected = {number(i): name for i, name in enumerate(RARE)}
    expected[number(4)] = "陈迪"
    assert stored_names(world.a) == expected
    assert again.counts["members.updated"] == 1
    with world.a.reading() as session:
        changes = session.scalars(select(JournalEntry.changes).where(JournalEntry.seq > before)).all()
    assert len(changes) == 1 and "陈迪" in str(changes[0])

    # The rows that lost a character say so, naming the name kept; the clerk reads it in the problem list.
    notes = {p.row: p for p in again.problems if p.code == "name_unshown"}
    assert set(notes) == {2, 3, 4, 5, 11} and all(p.severity == "warning" for p in notes.values())
    assert "张𠮷" in notes[2].zh and "已保留" in notes[2].zh and "张𠮷" in notes[2].en
    assert again.errors_path is not None
    book = openpyxl.load_workbook(again.errors_path)
    reasons = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    assert "系统中此人的姓名为“王䶮”，已保留" in reasons

    # A new person whose name came with ? is imported as it is, and the row asks for the name to be put right.
    new_row: list[object] = ["20", "幸福社区", "杨?", number(30), "户主", None]
    added = import_roster(world.a, roster(tmp_path / "新增.xlsx", [new_row]))
    assert added.counts["members.created"] == 1 and stored_names(world.a)[number(30)] == "杨?"
    assert any(p.code == "name_unshown" and "户口簿" in p.zh for p in added.problems)


def test_a_corrected_id_number_finds_the_person_whatever_dot_the_roster_spells(world: World, tmp_path: Path) -> None:
    """A person the file's 证件号码 does not find is the member of the household with the same name whose own number
    is not in the file (that is how a corrected number arrives): spelled with another dot, or none, the person was
    added a second time, with the old number left on the first."""
    head = ["1", "幸福社区", "吉克·阿呷", number(0), "户主", "普通劳动力"]
    first: list[object] = ["1", "幸福社区", "吉克·木沙", number(1), "之子", None]
    import_roster(world.a, roster(tmp_path / "一.xlsx", [head, first]))
    for fixed, spelled in ((2, "吉克•木沙"), (3, "吉克木沙"), (4, "吉克・木沙")):
        son: list[object] = ["1", "幸福社区", spelled, number(fixed), "之子", None]
        import_roster(world.a, roster(tmp_path / "二.xlsx", [head, son]))
        assert stored_names(world.a) == {number(0): "吉克·阿呷", number(fixed): "吉克·木沙"}, spelled


def test_the_household_search_finds_a_minority_name_whatever_dot_is_typed(world: World, tmp_path: Path) -> None:
    """Typed as the list shows it (阿苏\uff0e拉哈, a compatibility ideograph) the name was not found, as the search
    folded what was typed to another character; typed with another dot, or none, neither."""
    import_roster(world.a, national_export(tmp_path / "花名册.xlsx", RARE))
    for typed in ("阿依·木沙", "阿依•木沙", "阿依木沙", "阿依 木沙", "阿依.木沙"):
        assert "阿依·木沙" in found(world.a, typed), typed
    assert "吉克•曲布" in found(world.a, "吉克·曲布") and "沙马・阿呷" in found(world.a, "沙马阿呷")
    assert found(world.a, "阿苏\uff0e拉哈") == {"阿苏\uff0e拉哈"} and found(world.a, "\ufa0c明") == {"\ufa0c明"}
    assert found(world.a, "·") == set() or len(found(world.a, "·")) < len(RARE)  # a dot alone is not a name


def test_one_family_recorded_twice_merges_whole_though_the_baby_s_dot_differs(world: World) -> None:
    """Two stations recorded a baby without a number, one as 阿依·木沙 and one as 阿依•木沙: 整户合并 refused the
    two copies of the family (“not every member is a duplicate”), and merging person by person left the copy live
    with the baby in it. The dot is the same name."""
    homes = one_family_at_both_stations(world)
    for who, spelled in (("a", "阿依·木沙"), ("b", "阿依•木沙")):
        with world.edit(who) as uow:
            uow.add(Member(household_id=homes[who], name=spelled, relation="之子", birth_date=date(2026, 2, 1)))
        world.sync(who)
    assert len(list_duplicates(world.county)) == len(FAMILY)
    done = merge_households(world.county, homes["a"], homes["b"], "clerk")
    assert (len(done.merged), len(done.moved)) == (3, 0)
    assert live_members(world, "county", homes["a"]) == ["李二", "王大", "阿依·木沙"]
    assert world.get("county", Household, homes["b"]).status == "作废"


def test_a_rare_name_pasted_in_the_editor_is_saved_as_it_is_and_its_length_counts_characters(
    qtbot: QtBot,
    editor: HouseholdEditor,
    household_id: str,  # noqa: F811
    store: Store,
) -> None:
    """Member.name holds 50 characters: 50 characters outside the BMP (100 UTF-16 units in Qt) are fine, 51 are not."""
    open_household(qtbot, editor, household_id)
    member_id = editor.draft.members[0].id
    view = editor.member_view(member_id)
    name = view.input("name")
    name.setFocus()
    name.selectAll()  # type: ignore[union-attr]
    QGuiApplication.clipboard().setText("阿依·木沙𠮷")
    name.paste()  # type: ignore[union-attr]
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    settle(qtbot, editor)
    with store.reading() as session:
        assert session.get(Member, member_id).name == "阿依·木沙𠮷"  # type: ignore[union-attr]
    assert editor.roster is not None and editor.roster.table.item(0, 0).text() == "阿依·木沙𠮷"
    assert "阿依·木沙𠮷" in editor.title.text()

    def too_long() -> list[str]:
        return [f.zh for f in editor.session.findings() if "最多 50 个字" in f.zh]

    for text, problems in (("𠮷" * 50, 0), ("𠮷" * 51, 1)):
        name.setFocus()
        name.setText(text)  # type: ignore[union-attr]
        qtbot.keyClick(name, Qt.Key.Key_Tab)
        settle(qtbot, editor)
        assert len(too_long()) == problems, len(text)
    assert "现在有 51 个" in too_long()[0]
    assert name.text() == "𠮷" * 51  # type: ignore[union-attr]  # kept on screen, to shorten


def ordered_heads(store: Store) -> list[str]:
    """The 户主 of every household, as the 住户 table lists them sorted by its 户主 column."""
    with store.reading() as session:
        ids = household_ids(session, HouseholdFilter(), sort="head_name")
        heads = dict(session.execute(select(Member.household_id, Member.name).where(Member.relation == "户主")).all())
        return [heads[i] for i in ids]


def test_a_rare_character_and_letters_in_a_name_are_found_by_pinyin_initials(world: World, tmp_path: Path) -> None:
    """zj did not find 张𠮷 (pypinyin has no reading for 𠮷, and the character itself went into the initials), nor
    wm the 兀明 written with a compatibility ideograph; letters typed found no name written in letters (mary,
    Mary李; li, 朴·Li, whose Latin part gave no initial)."""
    names = ["张𠮷", "欧阳𠮷𠮷", "\ufa0c明", "Mary李", "朴·Li", "曾𠮷"]
    import_roster(world.a, national_export(tmp_path / "花名册.xlsx", names))
    assert found(world.a, "zj") == {"张𠮷", "曾𠮷"} and found(world.a, "oyjj") == {"欧阳𠮷𠮷"}
    assert found(world.a, "wm") == {"\ufa0c明"} and found(world.a, "ZJ") == {"张𠮷", "曾𠮷"}
    assert found(world.a, "mary") == {"Mary李"} and found(world.a, "ml") == {"Mary李"}
    assert found(world.a, "li") == {"朴·Li"} and found(world.a, "pl") == {"朴·Li"}


def test_initials_an_older_anju_stored_wrong_are_found_until_the_next_save_writes_them_right(
    world: World, tmp_path: Path
) -> None:
    """A database an older Anju wrote holds 张𠮷 with the initials "z𠮷": the search works them out again from the
    name, without a migration, and the member's next save stores them right."""
    import_roster(world.a, national_export(tmp_path / "花名册.xlsx", ["张𠮷", "张三"]))
    with world.a.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE members SET name_initials = 'z𠮷' WHERE name = '张𠮷'")
    assert found(world.a, "zj") == {"张𠮷"} and found(world.a, "zs") == {"张三"} and found(world.a, "q") == set()
    with world.edit("a") as uow:
        member = uow.session.scalars(select(Member).where(Member.name == "张𠮷")).one()
        member.phone = "13812345678"
    with world.a.reading() as session:
        assert session.scalar(select(Member.name_initials).where(Member.name == "张𠮷")) == "zj"


def test_the_household_list_sorted_by_its_head_is_in_pinyin_order(world: World, tmp_path: Path) -> None:
    """Sorted by 户主 the list was in Unicode's order (刘 张 李 王 陈 …), where a clerk looks for 陈 李 刘 王 张."""
    names = ["张三", "刘芳", "王五", "陈明", "阿依·木沙", "岩温", "张𠮷", "单雄信"]
    import_roster(world.a, national_export(tmp_path / "花名册.xlsx", names))
    assert ordered_heads(world.a) == ["阿依·木沙", "陈明", "刘芳", "单雄信", "王五", "岩温", "张𠮷", "张三"]


def test_a_long_name_far_down_the_member_export_wraps_instead_of_printing_cut_off(world: World, tmp_path: Path) -> None:
    """Column widths are measured on the first 2,000 rows: a ten-character Yi name after them ran into the 证件号码
    next to it, on screen and on paper, where only 阿苏·阿依 could be read."""
    long_name = "阿苏·阿依木呷拉哈莫"
    names = [f"李{'明芳华强'[i % 4]}{'军红'[i % 2]}" for i in range(2050)] + [long_name]
    people = [
        [f"{i + 1:04}", "幸福社区", name, make_ric("530326", date(1975, 3, 4 + i // 900), 11 + i % 900), "户主", None]
        for i, name in enumerate(names)
    ]
    import_roster(world.a, roster(tmp_path / "花名册.xlsx", people))
    path = export(world.a, "members", tmp_path / "members.xlsx").path
    ws = openpyxl.load_workbook(path).worksheets[0]
    cells = [c for row in ws.iter_rows(min_row=2050) for c in row if c.value == long_name]
    assert len(cells) == 1
    width = ws.column_dimensions[cells[0].column_letter].width
    assert width < 2 * len(long_name)  # as measured on the first rows: the long name does not fit on one line
    assert cells[0].alignment.wrap_text
    assert ws.row_dimensions[cells[0].row].height >= 3 * 16  # grown for its lines, which LibreOffice does not do
    short = next(c for c in ws[cells[0].row - 1] if c.column == cells[0].column)
    assert short.value.startswith("李") and not short.alignment.wrap_text  # a name that fits stays a plain cell


def test_merging_a_person_recorded_twice_keeps_the_name_the_other_system_could_not_show(world: World) -> None:
    """Station B took 李𠮷 from the national export as 李?, station A has her right: the clerk keeps B's household
    (the name is no reason to choose), and 李? was what the county and both stations were left with."""
    homes = one_family_at_both_stations(world)
    number = FAMILY[1][2]
    for who, spelled in (("a", "李𠮷"), ("b", "李?")):
        with world.edit(who) as uow:
            mine = select(Member).where(Member.id_number == number, Member.household_id == homes[who])
            uow.session.scalars(mine).one().name = spelled
        world.sync(who)
    merge_duplicate(world.county, number, homes["b"], "clerk")
    assert live_members(world, "county", homes["b"]) == ["李𠮷", "王大"]
    world.sync("b")
    assert live_members(world, "b", homes["b"]) == ["李𠮷", "王大"]


def test_a_name_typed_as_the_national_list_shows_it_finds_the_person(world: World, tmp_path: Path) -> None:
    """A worker searches by what she has in front of her: the national list shows 张𠮷 as 张? (or 张??), 王䶮 as
    王□, 阿依•木沙 as 阿依?木沙. Typed so, nobody was found, as if the person were not recorded."""
    import_roster(world.a, national_export(tmp_path / "花名册.xlsx", [*RARE, "张三丰", "王五"]))
    assert found(world.a, "张?") == {"张𠮷"} and found(world.a, "张？？") == {"张𠮷", "张三丰"}  # ?? is one or two
    assert found(world.a, "王□") == {"王䶮", "王五"} and found(world.a, "阿依?木沙") == {"阿依·木沙"}
    assert found(world.a, "欧阳??") == {"欧阳𠮷𠮷"} and found(world.a, "?") == set()


def test_the_county_lists_take_a_name_typed_as_the_national_list_shows_it(
    qtbot: QtBot,
    world: World,
    runner: TaskRunner,
) -> None:
    """The station's 住户 search took 张? for 张𠮷; the county's 重复人员 and 审核 searches found nobody by it, as if
    the person were not recorded. The same reading of the marks now serves all three (`forms.names.MarkedName`)."""
    one_family_at_both_stations(world)  # 王大 and 李二, each recorded at both stations
    with world.edit("a") as uow:
        homes = {}
        for room, head in (("501", "张𠮷"), ("502", "张三丰"), ("503", "阿依·木沙")):
            homes[head] = add_household(uow, world.site_id("S1"), room=room, members=0, status="已完成").id
            uow.add(Member(household_id=homes[head], name=head, relation="户主"))
    world.sync("a")

    duplicates = DuplicatesPage(world.county, runner, Account("clerk", "赵科长", "县级管理员"))
    qtbot.addWidget(duplicates)
    duplicates.refresh()
    qtbot.waitUntil(lambda: duplicates.table.rowCount() == 2, timeout=5000)

    def duplicate(text: str) -> list[str]:
        duplicates.search.setText(text)
        qtbot.waitUntil(lambda: not duplicates._typing.isActive(), timeout=2000)
        return [duplicates.table.text(r, 1) for r in range(duplicates.table.rowCount())]

    assert duplicate("王?") == ["王大"] and duplicate("李□") == ["李二"] and duplicate("王？？") == ["王大"]
    assert duplicate("?") == [] and duplicate("王?大") == []  # marks alone, or a name of three
    assert sorted(duplicate("")) == ["李二", "王大"]

    review = ReviewPage(world.county, runner, Account("clerk", "赵科长", "县级管理员"))
    qtbot.addWidget(review)
    review.refresh()
    qtbot.waitUntil(lambda: review.table.rowCount() >= 3, timeout=5000)

    def reviewed(text: str) -> set[str]:
        review.search.setText(text)
        qtbot.waitUntil(lambda: not review._typing.isActive(), timeout=2000)
        heads = {home: head for head, home in homes.items()}
        return {heads.get(item.household_id, "?") for item in review.shown}

    assert reviewed("张?") == {"张𠮷"} and reviewed("张??") == {"张𠮷", "张三丰"}
    assert reviewed("阿依?木沙") == {"阿依·木沙"} and reviewed("阿依木沙") == {"阿依·木沙"}
    assert reviewed("张") == {"张𠮷", "张三丰"} and reviewed("??") == set()

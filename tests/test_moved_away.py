"""A household moved to a site the station does not serve (已迁出): the station it left keeps it, only to find.

Real databases and files: station A serves S1 and S3, station B serves S1 and S2 (`tests.test_sync_support`). 王大's
family, with labour and nobody employed (零就业), lives at S1 (both stations') or S3 (A's alone) and moves to 新村
(S2, B's alone): by the county's editor, or by station B giving it another 安置点.

Before, station A kept listing it in 住户, counting it in 零就业 and on its 工作台 (under 新村), and let it be edited,
though later changes were never sent to it again and an edit went to the county as A's change to B's household.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QToolButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.dashboard import Dashboard
from desktop.editor import HouseholdEditor
from desktop.households_page import HouseholdsPage
from desktop.tasks import TaskRunner
from desktop.worklists_page import WorklistsPage
from forms.idnumber import make_ric
from forms.quick_open import QuickDatabase
from forms.records import Household, JournalEntry, Member, Site
from forms.store import Store
from forms.users import Account
from sync.county_return import write_return_file
from tests.test_sync_support import World

pytest_plugins = ["tests.test_sync_support"]

TODAY = date(2026, 6, 1)
ZHANG = Account("zhang", "张站长", "站长")
LI = Account("li", "李站长", "站长")


def zero_employment_family(world: World, site: str) -> str:
    """王大 and his wife, both of labour age with labour, nobody employed: a 零就业 household at ``site``, made
    at station A and synced to the county and (if it serves the site) station B."""
    with world.edit("a") as uow:
        home = uow.add(Household(site_id=world.site_id(site), building="5", unit="1", room="501"))
        couple = (("王大", "户主", date(1980, 1, 1), "男"), ("李二", "配偶", date(1982, 2, 2), "女"))
        for name, relation, born, sex in couple:
            number = make_ric("530326", born, 11 if sex == "男" else 22)
            uow.add(Member(household_id=home.id, name=name, relation=relation, id_number=number, sex=sex,
                           birth_date=born, labour_skill="普通劳动力"))  # fmt: skip
    world.sync("a")
    world.sync("b")
    return home.id


def return_files(world: World) -> dict[str, str]:
    """Each station imports its return file; what the 同步 page says of it, by station."""
    said = {}
    for who in ("a", "b"):
        path, _made = write_return_file(world.county, world.stores[who].station_id, world.stick)
        said[who] = world.station_import(who, path).message()[0]
    return said


def moved_by_the_county(world: World) -> str:
    household = zero_employment_family(world, "S3")
    with world.edit("county") as uow:
        uow.get(Household, household).site_id = world.site_id("S2")  # type: ignore[union-attr]
    return_files(world)
    return household


def moved_by_station_b(world: World) -> str:
    household = zero_employment_family(world, "S1")
    with world.edit("b") as uow:
        uow.get(Household, household).site_id = world.site_id("S2")  # type: ignore[union-attr]
    world.sync("b")
    return_files(world)
    return household


@pytest.fixture(params=[moved_by_the_county, moved_by_station_b], ids=["county", "station"])
def moved(request: pytest.FixtureRequest, world: World) -> str:
    household: str = request.param(world)
    assert world.get("a", Household, household).site_id == world.site_id("S2")  # station A heard where it went
    return household


def households_page(qtbot: QtBot, store: Store, runner: TaskRunner, search: str = "") -> HouseholdsPage:
    page = HouseholdsPage(store, runner)
    qtbot.addWidget(page)
    page.resize(1000, 420)
    page.show()
    page.search.setText(search)
    with qtbot.waitSignal(page.model.counted, timeout=10_000):
        page.apply_filter()
    qtbot.waitUntil(lambda: not page.model.pending, timeout=10_000)
    return page


def shown_households(page: HouseholdsPage) -> list[str | None]:
    return [page.model.household_id(row) for row in range(page.model.rowCount())]


def zero_employment_count(qtbot: QtBot, store: Store, runner: TaskRunner) -> int:
    page = WorklistsPage(store, runner)
    qtbot.addWidget(page)
    page.working_day = TODAY
    page.refresh_counts()
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.current is not None and page.current.name == "zero_employment"
    assert page.lists.item(0).text().startswith(f"零就业家庭（{page.current.count}")
    return page.current.count


def dashboard_table(qtbot: QtBot, store: Store, runner: TaskRunner) -> dict[str, tuple[str, str]]:
    """The 工作台's table: each row's site, with its 户数 and 零就业户数."""
    dashboard = Dashboard(store, runner)
    qtbot.addWidget(dashboard)
    dashboard.working_day = TODAY
    dashboard.refresh()
    qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
    table = dashboard.table
    zero = next(c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text() == "零就业户数")
    return {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, zero).text()) for r in range(table.rowCount())
    }


def open_editor(qtbot: QtBot, store: Store, runner: TaskRunner, account: Account, household: str) -> HouseholdEditor:
    editor = HouseholdEditor(store, runner, account, today=TODAY)
    qtbot.addWidget(editor)
    editor.resize(1000, 640)
    editor.show()
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        editor.open(household)
    return editor


def can_type_in(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.isEnabled() and not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEnabled()
    return any(box.isEnabled() for _value, box in getattr(widget, "boxes", ()))  # ticks; a note has none


def journal_length(store: Store) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(JournalEntry)) or 0)


def test_the_station_a_household_left_no_longer_lists_or_counts_it_but_finds_it_marked(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner
) -> None:
    page = households_page(qtbot, world.a, runner)
    assert moved not in shown_households(page)  # 住户's default view: the station's own households
    assert QuickDatabase.open(world.root / "a.db").first_page(50).total == 0  # nor the first page before login
    assert zero_employment_count(qtbot, world.a, runner) == 0
    figures = dashboard_table(qtbot, world.a, runner)
    assert "新村" not in figures and figures["合计"] == ("0", "0")

    found = households_page(qtbot, world.a, runner, search="王大")  # a family asks: a search still finds it
    assert shown_households(found) == [moved]
    headers = [found.model.headerData(c, Qt.Orientation.Horizontal) for c in range(found.model.columnCount())]
    site_column = headers.index("安置点")
    cell = found.model.index(0, site_column)
    assert found.model.data(cell) == "已迁出到 新村（S2）"
    assert "不计入本站的统计和待跟进名单" in found.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert found.model.data(found.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None  # greyed


def test_the_ledgers_of_the_station_it_left_leave_it_out(world: World, moved: str, tmp_path: Path) -> None:
    """The 汇总表 matches the 工作台 and the member and 零就业 ledgers list none of the family; the county's list it
    at 新村."""
    import openpyxl

    from forms.excel.export import ExportOptions, export

    def sheet(store: Store, kind: str, name: str) -> list[tuple[object, ...]]:
        export(store, kind, tmp_path / name, ExportOptions(on=TODAY))
        book = openpyxl.load_workbook(tmp_path / name, read_only=True)
        rows = list(book.active.iter_rows(values_only=True))
        book.close()
        return rows

    def names(rows: list[tuple[object, ...]]) -> set[object]:
        return {cell for row in rows for cell in row if cell in ("王大", "李二")}

    def summary_sites(rows: list[tuple[object, ...]]) -> list[object]:
        return [row[1] for row in rows if isinstance(row[0], int)]

    assert names(sheet(world.a, "members", "a-members.xlsx")) == set()
    assert names(sheet(world.a, "zero-employment", "a-zero.xlsx")) == set()
    assert "新村" not in summary_sites(sheet(world.a, "summary", "a-summary.xlsx"))
    assert names(sheet(world.county, "members", "county-members.xlsx")) == {"王大", "李二"}
    assert "新村" in summary_sites(sheet(world.county, "summary", "county-summary.xlsx"))


def test_importing_the_return_file_says_the_household_moved_away(world: World) -> None:
    household = zero_employment_family(world, "S3")
    with world.edit("county") as uow:
        uow.get(Household, household).site_id = world.site_id("S2")  # type: ignore[union-attr]
    said = return_files(world)
    assert "1 户已迁到别的工作站服务的安置点，标为“已迁出”" in said["a"] and "在“住户”里查找" in said["a"]
    assert "已迁出" not in said["b"]  # it arrived there
    assert "已迁出" not in return_files(world)["a"]  # said once


def test_the_editor_shows_a_moved_household_read_only_saying_where_it_went(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner
) -> None:
    editor = open_editor(qtbot, world.a, runner, ZHANG, moved)
    assert editor.banner.isVisible()
    said = editor.banner.text()
    assert "已迁出到“新村（S2）”" in said and "只能查看" in said and "联系该工作站或县里" in said
    for key in ("complete", "new_member", "void", "split"):
        assert not editor.shortcut_actions[key].isEnabled(), key
    typable = [  # in the household's form and the member's shown: nothing can be typed in or picked
        name for view in editor.views.values() for name, widget in view.inputs.items() if can_type_in(widget)
    ]
    assert len(editor.views) >= 2 and typable == []
    assert editor.roster is not None and not editor.roster.remove_button.isEnabled()  # 减员/删除成员…
    before = journal_length(world.a)
    editor.session.edit(moved, "phone", "13800000000")  # nothing typed here reaches the disk, or the county
    assert editor.session.save() is False
    editor.save_draft()
    runner.wait()
    assert journal_length(world.a) == before
    assert world.get("a", Household, moved).deleted_at is None  # kept: the audit log shows no deletion


def test_the_read_only_editor_offers_nothing_that_does_nothing_and_no_findings_to_fix(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner
) -> None:
    """Before, the 检查结果 panel listed the family's blank answers as errors to correct, outlined the fields in red,
    and said 还不能标记为“已完成”; 保存草稿 and Ctrl+S were on and said 已保存 12:03:44 though nothing could be
    saved; 下一个问题 (F8) walked findings that could not be put right; 恢复成员 was on and did nothing. Now each is
    off, saying why, and the panel says whose the checks are."""
    with world.edit("a") as uow:  # 李二 left the family (减员) before it moved
        wife = uow.session.scalar(select(Member).where(Member.household_id == moved, Member.name == "李二"))
        assert wife is not None
        wife.left_reason = "婚出"
        uow.delete(wife)
    editor = open_editor(qtbot, world.a, runner, ZHANG, moved)
    editor.activateWindow()
    qtbot.waitExposed(editor)
    panel = editor.findings_panel
    assert panel.list.count() == 0 and not panel.accept_button.isEnabled()
    summary = panel.summary.text()
    assert summary == "本户已迁出到“新村（S2）”，由服务该安置点的工作站检查和跟进，本站不再检查。"
    outlined = [name for view in editor.views.values() for name, w in view.inputs.items() if w.property("finding")]
    assert outlined == []
    for key in ("save", "complete", "new_member", "void", "split", "next_finding"):
        button = editor.findChild(QToolButton, f"button_{key}")
        assert button is not None and not button.isEnabled(), key
        assert button.toolTip() == "本户已迁出到别的工作站服务的安置点，在本站只能查看。", key
    assert editor.roster is not None
    back = editor.roster.bring_back_button
    assert back.isVisible() and not back.isEnabled() and "已迁出" in back.toolTip()
    said: list[str] = []
    editor.message.connect(said.append)
    editor.roster.left_label.linkActivated.emit(editor.draft.left_members[0].id)  # the 恢复 link under the roster
    assert said == ["本户已迁出到别的工作站服务的安置点，在本站只能查看。"]

    editor.roster.table.setFocus()
    assert QApplication.focusWidget() is editor.roster.table
    qtbot.keyClick(editor.roster.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    runner.wait()
    assert editor.save_state.text() == ""  # no 已保存 for what was never saved

    # The station's own household after it: everything on again, with its own tooltip.
    with world.edit("a") as uow:
        own = uow.add(Household(site_id=world.site_id("S3"), building="8", unit="2", room="202")).id
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        editor.open(own)
    save = editor.findChild(QToolButton, "button_save")
    assert save is not None and save.isEnabled() and save.toolTip().startswith("保存草稿（")
    assert "检查" not in panel.summary.text() and back.toolTip() == ""


def anju_check(capsys: pytest.CaptureFixture[str], db: Path, *more: str) -> tuple[int, str]:
    """``anju check`` in-process, as the installed entry point runs it: its exit code and output."""
    from desktop import cli

    code = cli.main(["check", "--db", str(db), "--date", TODAY.isoformat(), *more])
    return code, capsys.readouterr().out


def test_anju_check_at_the_station_it_left_leaves_it_out_and_says_so(
    world: World, moved: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, station A's check listed the 王大 family's findings (its blank 民族, 健康状况 …) as A's to correct,
    though A's editor cannot change a thing in it; its own household is checked as before, and the summary says
    how many were left out, so the figures add up to the households A holds."""
    with world.edit("a") as uow:
        own = uow.add(Household(site_id=world.site_id("S3"), building="8", unit="2", room="202"))
        born = date(1990, 3, 3)
        uow.add(Member(household_id=own.id, name="赵六", relation="户主", sex="男", birth_date=born,
                       id_number=make_ric("530326", born, 33), labour_skill="普通劳动力"))  # fmt: skip
    with world.edit("a") as uow:  # completed, as it may have been when it moved: the 零就业 rule looks at it whole
        uow.get(Household, moved).status = "已完成"  # type: ignore[union-attr]

    code, out = anju_check(capsys, world.root / "a.db")
    assert code in (0, 1) and "赵六" in out and "王大" not in out and "李二" not in out and "新村" not in out
    assert "已检查 1 户（2026-06-01）" in out
    left_out = "另有 1 户已迁出（在别的工作站服务的安置点，由该工作站跟进，本站只能查看），没有检查，不计入以上数字。"
    assert left_out in out
    assert "1 more households moved away" in out
    _code, out = anju_check(capsys, world.root / "a.db", "--json")
    data = json.loads(out)
    assert (data["households"], data["moved_away"]) == (1, 1)
    named = {f["head_name"] for rule in data["rules"] for f in rule["findings"]}
    assert named == {"赵六"}

    # Where it went, and at the county, it is checked as before, and nothing is said to have moved away.
    for where in ("b.db", "county.db"):
        _code, out = anju_check(capsys, world.root / where)
        assert "户主王大" in out and "已迁出" not in out and "moved away" not in out, where


def test_the_station_it_moved_to_lists_counts_and_edits_it(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner
) -> None:
    page = households_page(qtbot, world.b, runner)
    assert moved in shown_households(page)
    assert "已迁出" not in " ".join(str(page.model.data(page.model.index(0, c))) for c in range(8))
    assert zero_employment_count(qtbot, world.b, runner) == 1
    assert dashboard_table(qtbot, world.b, runner)["新村"] == ("1", "1")
    editor = open_editor(qtbot, world.b, runner, LI, moved)
    assert editor.shortcut_actions["complete"].isEnabled() and "已迁出" not in editor.banner.text()


def test_a_database_not_enrolled_lists_and_counts_every_site(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> None:
    """A demo or a station before its package serves every site: nothing there is 已迁出."""
    with Store.open(tmp_path / "demo.db") as store:
        with store.unit_of_work("zhang") as uow:
            homes = []
            for n, (code, name) in enumerate((("S1", "幸福社区"), ("S2", "新村")), 1):
                site = uow.add(Site(code=code, name=name))
                home = uow.add(Household(site_id=site.id, building="1", unit="1", room=f"10{n}"))
                born = date(1980, n, n)
                uow.add(Member(household_id=home.id, name=f"王{n}", relation="户主", sex="男", birth_date=born,
                               id_number=make_ric("530326", born, n), labour_skill="普通劳动力"))  # fmt: skip
                homes.append(home.id)
        page = households_page(qtbot, store, runner)
        assert sorted(shown_households(page)) == sorted(homes)  # type: ignore[type-var]
        assert zero_employment_count(qtbot, store, runner) == 2
        assert dashboard_table(qtbot, store, runner)["合计"] == ("2", "2")
        editor = open_editor(qtbot, store, runner, ZHANG, homes[1])
        assert editor.shortcut_actions["complete"].isEnabled() and not editor.banner.isVisible()
        runner.wait()


def sheet_tops(path: Path) -> list[str]:
    """The title and the line under the stamp of each page of a 家庭基本情况表 workbook, in order."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    texts = [row[0] for row in book.worksheets[0].iter_rows(values_only=True) if isinstance(row[0], str)]
    book.close()
    return [text for text in texts if "家庭基本情况表" in text or text.startswith("本户已迁出")]


def printed(qtbot: QtBot, dialog: object, path: Path) -> list[str]:
    from desktop.editor.household_sheet import HouseholdSheetDialog

    assert isinstance(dialog, HouseholdSheetDialog)
    dialog.write(path)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    dialog.close()
    return sheet_tops(path)


def test_the_household_sheet_printed_at_the_station_it_left_says_where_it_went(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner, tmp_path: Path
) -> None:
    """Before, station A's 打印户表 of the family (still offered by its read-only editor) was titled 新村
    家庭基本情况表 with no mark, a sheet like any of A's own households' to hand out and sign; a voided one said
    （已作废）. Now each of its pages says it moved where, and who follows it up; A's own households, and the
    household where it went and at the county, print as before."""
    from desktop.editor.household_sheet import open_sheet
    from forms.excel.export import ExportOptions, export

    moved_title = "家庭基本情况表（已迁出到 新村（S2））"
    note = (
        "本户已迁出到 新村（S2），由该安置点的工作站跟进；本站只能查看，本表是本站留存的记录，可能不是本户现在的情况。"
    )
    editor = open_editor(qtbot, world.a, runner, ZHANG, moved)  # the single print: the editor's 打印户表
    sheet = editor.findChild(QAction, "action_household_sheet")
    assert sheet is not None and sheet.isEnabled()  # offered there, read-only as the editor is
    assert printed(qtbot, open_sheet(editor), tmp_path / "one.xlsx") == [moved_title, note]
    editor.close()

    page = households_page(qtbot, world.a, runner, search="王大")  # the 住户 list's print of what it shows
    assert printed(qtbot, page.print_sheets(everything=True), tmp_path / "list.xlsx") == [moved_title, note]

    with world.edit("a") as uow:  # chosen with one of A's own: only the family's pages are marked
        own = uow.add(Household(site_id=world.site_id("S3"), building="8", unit="2", room="202"))
    export(world.a, "household", tmp_path / "two.xlsx", ExportOptions(on=TODAY, household_ids=(moved, own.id)))
    tops = sheet_tops(tmp_path / "two.xlsx")
    assert sorted(tops) == sorted(["阳光小区 家庭基本情况表", moved_title, note]), tops

    for where in ("b", "county"):  # where it went, and at the county, it is a household like any other
        export(world.stores[where], "household", tmp_path / f"{where}.xlsx",
               ExportOptions(on=TODAY, household_ids=(moved,)))  # fmt: skip
        assert sheet_tops(tmp_path / f"{where}.xlsx") == ["新村 家庭基本情况表"], where


def sheet_texts(path: Path) -> list[str]:
    """Every text in column A of a 家庭基本情况表 workbook (titles, notes, the signature row's first cell), in order."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    texts = [row[0] for row in book.worksheets[0].iter_rows(values_only=True) if isinstance(row[0], str)]
    book.close()
    return texts


def test_the_household_sheet_printed_at_the_station_it_left_has_no_signature_block_and_says_why(
    qtbot: QtBot, world: World, moved: str, runner: TaskRunner, tmp_path: Path
) -> None:
    """Station A's 户表 of the family that moved away was titled as A's old copy, yet ended with 户主（签字）、
    采集员（签字）and a date to fill in, as if it were to be signed; its dialog offered 户主签字确认件. Now, where the
    signature block was, a line says the page is A's record, not signed, and who prints one to sign; whole or
    masked, from the editor or the 住户 list. A's own households, and the household where it went, keep theirs."""
    from PySide6.QtWidgets import QLabel

    from desktop.editor.household_sheet import open_sheet
    from forms.excel.export import ExportOptions, export

    unsigned = "本表是本站留存的记录，不作签字确认用，所以没有签字栏；要本户签字确认的表，请 新村（S2） 的工作站打印。"
    editor = open_editor(qtbot, world.a, runner, ZHANG, moved)
    for masked, kept in ((False, "本表含完整证件号码和电话"), (True, "本表已脱敏")):
        dialog = open_sheet(editor)
        assert dialog is not None
        about = dialog.findChild(QLabel, "sheet_about")
        assert about is not None and "本户已迁出到 新村（S2）" in about.text() and "没有签字栏" in about.text()
        assert "签字确认件" not in dialog.whole.text() and "入户携带" not in dialog.masked.text()
        dialog.masked.setChecked(masked)
        printed(qtbot, dialog, tmp_path / f"one-{masked}.xlsx")
        texts = sheet_texts(tmp_path / f"one-{masked}.xlsx")
        assert not [text for text in texts if "（签字）" in text], texts
        assert texts.index(unsigned) > texts.index("五、最近一次走访"), texts  # where the signatures were
        assert texts[texts.index(unsigned) + 1].startswith(kept), texts
    editor.close()

    with world.edit("a") as uow:  # printed with one of A's own, from the 住户 list: only A's is to be signed
        own = uow.add(Household(site_id=world.site_id("S3"), building="8", unit="2", room="202"))
    export(world.a, "household", tmp_path / "two.xlsx", ExportOptions(on=TODAY, household_ids=(moved, own.id)))
    texts = sheet_texts(tmp_path / "two.xlsx")
    assert texts.count(unsigned) == 1 and len([text for text in texts if text.startswith("户主（签字）")]) == 1
    page = households_page(qtbot, world.a, runner, search="王大")
    printed(qtbot, page.print_sheets(everything=True), tmp_path / "list.xlsx")
    assert unsigned in sheet_texts(tmp_path / "list.xlsx")

    export(world.b, "household", tmp_path / "b.xlsx", ExportOptions(on=TODAY, household_ids=(moved,)))
    texts = sheet_texts(tmp_path / "b.xlsx")  # where it went it is B's own household, to be signed
    assert unsigned not in texts and any(text.startswith("户主（签字）") for text in texts)


def test_anju_export_of_a_moved_households_sheet_does_not_ask_to_file_it_signed(
    world: World, moved: str, tmp_path: Path
) -> None:
    """``anju export household`` said of every whole 家庭基本情况表 “签字后请归档”; station A's page of the family that
    moved away has no signature block (the test above), so for it the command says to keep it safe, as of any
    full export. A's own household still gets “签字后请归档”."""
    from forms.excel.commands import whole_numbers
    from forms.excel.export import ExportOptions, export

    result = export(world.a, "household", tmp_path / "moved.xlsx", ExportOptions(household_ids=(moved,)))
    assert result.to_sign == 0
    assert whole_numbers(result).startswith("本表未脱敏，含完整的证件号码和健康状况：请妥善保管"), whole_numbers(result)
    own = zero_employment_family(world, "S3")  # at a site station A serves: its page is to be signed
    result = export(world.a, "household", tmp_path / "own.xlsx", ExportOptions(household_ids=(own,)))
    assert result.to_sign == 1 and "：签字后请归档" in whole_numbers(result), whole_numbers(result)

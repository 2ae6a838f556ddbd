"""A name with its code or place in brackets reads “幸福社区安置点 (S01)” in English: the Chinese brackets, put
in the text by the program, were drawn with a space inside each in the English UI, “幸福社区安置点 ( S01 )”, on
导入导出's site lists, on the drives 导出到U盘 offers, in 同步记录's outcomes and in 打印户表's choice of one
household in 审核's last review of a household
and in 冲突's deletion time; and in 住户's label of a household moved to another station's site, “Moved to 新村 (S2)”,
its tooltip and the editor's banner and checks on it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.county.conflicts_page import ConflictsPage
from desktop.county.review_page import PastReview, ReviewData, ReviewPage
from desktop.households_page import SITE_COLUMN
from desktop.sync_dialogs import ExportDialog
from desktop.sync_log_page import ExchangeRow, SyncLogModel
from desktop.tasks import TaskRunner
from forms.store import Store
from sync.county_conflicts import ConflictInfo
from sync.county_review import ReviewItem
from sync.drives import Drive
from tests.factories import add_household, add_member, add_site
from tests.test_excel_import import SITE
from tests.test_excel_page import open_page
from tests.test_household_sheet import click_rows, households_page, sheet_dialog
from tests.test_moved_away import ZHANG, moved_by_the_county, open_editor
from tests.test_moved_away import households_page as searched_page
from tests.test_sync_support import CLERK, World

pytest_plugins = ["tests.test_i18n", "tests.test_sync_support"]


def test_the_excel_pages_sites_are_named_with_english_brackets(
    qtbot: QtBot, store: Store, runner: TaskRunner, english: QApplication
) -> None:
    from forms.records import Site

    with store.unit_of_work("test") as uow:
        uow.add(Site(code=SITE[0], name=SITE[1], county="会泽县"))
    page = open_page(qtbot, store, runner)
    named = f"{SITE[1]} ({SITE[0]})"
    assert page.import_site.itemText(page.import_site.findData(SITE[0])) == named
    assert page.export_site.itemText(page.export_site.findData(SITE[0])) == named


def test_the_export_dialog_names_a_stick_with_english_brackets(
    qtbot: QtBot, runner: TaskRunner, english: QApplication, tmp_path: Path
) -> None:
    dialog = ExportDialog(runner)
    qtbot.addWidget(dialog)
    runner.wait()  # its own look for drives (none here) done first
    QApplication.processEvents()
    dialog.show_drives([Drive(tmp_path, "KINGSTON")])
    assert dialog.drives.item(0).text() == f"KINGSTON ({tmp_path})"


def test_the_sync_logs_outcome_gives_the_servers_answer_in_english_brackets(
    store: Store, runner: TaskRunner, english: QApplication
) -> None:
    model = SyncLogModel(store, runner)
    busy = ExchangeRow(1, "2026-12-02T08:00:00Z", "2026-12-02T08:00:01Z", "auto", "http://x", "failed", 503,
                       None, 0, 0, 0, "县里的服务器正忙", "The county server is busy")  # fmt: skip
    model.beginResetModel()
    model.rows = [busy]
    model.endResetModel()
    outcome = model.data(model.index(0, model.OUTCOME))
    assert outcome.endswith(" (503)") and "（" not in outcome, outcome


def test_printing_one_chosen_household_names_its_head_in_english_brackets(
    qtbot: QtBot, store: Store, runner: TaskRunner, english: QApplication
) -> None:
    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow), room="101", status="已完成")
        add_member(uow, home, "张开寿", relation="户主", sex="男", birth_date=date(1960, 1, 1))
    with households_page(qtbot, store, runner) as page:
        click_rows(qtbot, page, ["张开寿"])
        page.print_sheets()
        dialog = sheet_dialog(qtbot, page)
        chosen = dialog.findChild(QRadioButton, "sheet_chosen")
        assert chosen is not None and chosen.text() == "The 1 selected household (张开寿)"


def test_a_households_last_review_gives_its_comment_in_english_brackets(
    qtbot: QtBot, world: World, english: QApplication
) -> None:
    page = ReviewPage(world.county, TaskRunner(), CLERK)
    qtbot.addWidget(page)
    page.show()
    page.runner.wait()  # its own reading (of nothing) done first
    QApplication.processEvents()
    item = ReviewItem("h1", "幸福社区 1-1-101", "已完成", "imported", [], "s", "2026-11-29T02:03:04Z", 0)
    past = PastReview("return", "请补录户主证件号码", "xian", "2026-11-20T02:03:04Z")
    page.show_data(ReviewData([item], stations={"s": "者海镇工作站"}, last_review={"h1": past}))
    said = page.detail_info.text()
    assert said.endswith(" (请补录户主证件号码)") and "（" not in said, said


def test_a_conflict_over_a_deletion_gives_its_time_in_english_brackets(
    qtbot: QtBot, world: World, runner: TaskRunner, english: QApplication
) -> None:
    page = ConflictsPage(world.county, runner, CLERK)
    qtbot.addWidget(page)
    deleted = ConflictInfo(1, "delete-edit", "members", "m1", "h1", "幸福社区 1-1-101", "王大", "deleted_at",
                           None, "2026-11-20T02:03:04Z", None, "county", "s", "者海镇工作站", None,
                           "2026-11-21T02:03:04Z", "open", None, None, None, None, None)  # fmt: skip
    said = page.shown(deleted, deleted.county_value)
    assert said.startswith("Deleted (") and said.endswith(")") and "（" not in said, said


def test_a_household_moved_to_another_stations_site_is_labelled_with_english_brackets(
    qtbot: QtBot, world: World, runner: TaskRunner, english: QApplication
) -> None:
    household = moved_by_the_county(world)  # to 新村 (S2), a site station A does not serve
    found = searched_page(qtbot, world.a, runner, search="王大")
    site = found.model.index(0, SITE_COLUMN)
    assert found.model.data(site) == "Moved to 新村 (S2)"
    tooltip = found.model.data(site, Qt.ItemDataRole.ToolTipRole)
    assert "“新村 (S2)”" in tooltip and "（" not in tooltip, tooltip
    editor = open_editor(qtbot, world.a, runner, ZHANG, household)
    assert "“新村 (S2)”" in editor.banner.text() and "（" not in editor.banner.text(), editor.banner.text()
    checks = editor.findings_panel.summary.text()
    assert "“新村 (S2)”" in checks and "（" not in checks, checks


def test_the_sites_moved_to_are_listed_with_the_ui_languages_separator(english: QApplication) -> None:
    from desktop.households_page import moved_of

    moved = {"h1": "新村 (S2)", "h2": "旧村 (S3)", "h3": "新村 (S2)"}  # as `_moved_away` names them in English
    separator = QCoreApplication.translate("HouseholdsPage", "、")  # what the page joins them with
    assert moved_of(["h1", "h2", "h3", "h4"], moved, separator) == (3, "新村 (S2), 旧村 (S3)")

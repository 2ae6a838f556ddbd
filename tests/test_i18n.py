"""The English UI: every message of resources/i18n/anju_en.ts is translated, the source has no string the .ts
lacks, and the built .qm really switches the main window to English and back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.i18n import install_translator
from forms.search import STATUSES
from forms.store import Store
from forms.users import ROLES, Account

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "anju_en.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"%(?:\d+|n)")
SHORTCUT = re.compile(r"\b(?:Ctrl|Shift|Alt)\+\w+|\bF\d{1,2}\b")

Key = tuple[str, str, str]  # context, source, disambiguation comment


def messages(ts: Path) -> dict[Key, ET.Element]:
    found: dict[Key, ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def describe(key: Key) -> str:
    context, source, comment = key
    return f"{context}: {source!r}" + (f" ({comment})" if comment else "")


def qt_tool(name: str) -> str:
    """A PySide6 tool (pyside6-lupdate, pyside6-lrelease): beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found (it comes with PySide6)")
    return found


def translated_sources() -> list[str]:
    """The files scripts/build-translations runs lupdate over: the tracked desktop/*.py files."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "desktop/*.py"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        listed = []
    return listed or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py"))


# ---- the .ts ------------------------------------------------------------------------------------------------------


def test_every_message_has_a_finished_english_translation_with_the_same_placeholders() -> None:
    problems = []
    for key, message in messages(TS).items():
        translation = message.find("translation")
        assert translation is not None
        source = key[1]
        if translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{describe(key)} is {translation.get('type')}")
            continue
        if message.get("numerus") == "yes":
            forms = [form.text or "" for form in translation.iter("numerusform")]
            if len(forms) != 2:  # English: singular and plural
                problems.append(f"{describe(key)} needs 2 plural forms, has {len(forms)}")
        else:
            forms = [translation.text or ""]
        for form in forms:
            if not form.strip():
                problems.append(f"{describe(key)} has an empty translation")
            elif sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"{describe(key)}: placeholders differ in {form!r}")
            elif not set(SHORTCUT.findall(source)) <= set(SHORTCUT.findall(form)):
                problems.append(f"{describe(key)}: shortcut hint missing in {form!r}")
    assert problems == []


def test_lupdate_finds_no_string_the_ts_lacks(tmp_path: Path) -> None:
    """A tr() string added without running `scripts/build-translations --update` and translating it fails here."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            qt_tool("pyside6-lupdate"),
            "-silent",
            "-no-obsolete",
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            *translated_sources(),
            "-ts",
            str(fresh),
        ],
        cwd=ROOT,
        check=True,
    )
    in_source, in_ts = set(messages(fresh)), set(messages(TS))
    assert in_source, "lupdate found no strings at all"
    new = sorted(describe(key) for key in in_source - in_ts)
    stale = sorted(describe(key) for key in in_ts - in_source)
    hint = "run `scripts/build-translations --update` and translate the new messages in resources/i18n/anju_en.ts"
    assert (new, stale) == ([], []), f"{hint}\nnot in the .ts: {new}\nno longer in the source: {stale}"


@pytest.mark.parametrize(
    ("context", "values"),
    [
        ("HouseholdTableModel", STATUSES),
        ("HouseholdHeading", STATUSES),
        ("SettingsPage", ROLES),
        ("NewUserDialog", ROLES),
    ],
)
def test_stored_values_shown_in_the_ui_are_marked_for_translation(context: str, values: tuple[str, ...]) -> None:
    """Statuses and roles are Chinese data from forms/; the classes that show them mark each one (QT_TRANSLATE_NOOP),
    so a value added in forms/ must be marked and translated too."""
    marked = {source for name, source, _comment in messages(TS) if name == context}
    assert set(values) - marked == set()


# ---- the .qm in the running app -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def english_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """resources/i18n/anju_en.qm freshly built from the .ts, once a session (in each xdist worker).

    It is never rewritten in place: Qt maps a loaded .qm into memory, and lrelease empties the file before it
    writes it again, so a worker rebuilding it while another worker's English window was open killed that worker
    with a bus error (or let it load half a file). The new file is built apart and renamed over the old one, only
    if it differs: a worker reading the old one keeps it whole until it lets go."""
    built = tmp_path_factory.mktemp("i18n") / QM.name
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(built)], check=True)
    if not QM.exists() or QM.read_bytes() != built.read_bytes():
        staged = QM.with_name(f"{QM.stem}.{os.getpid()}.tmp")  # beside it: the rename is atomic
        shutil.copyfile(built, staged)
        os.replace(staged, QM)
    return QM


@pytest.fixture
def english(qapp: QApplication, english_qm: Path) -> Iterator[QApplication]:
    """The English UI from a freshly built .qm; afterwards Chinese again, with the default locale as it was."""
    locale = QLocale()
    assert install_translator(qapp, "en")
    yield qapp
    install_translator(qapp, "zh_CN")
    QLocale.setDefault(locale)


def navigation(window: object) -> list[str]:
    nav = window.nav  # type: ignore[attr-defined]
    return [nav.item(row).text() for row in range(nav.count())]


def headers(window: object) -> list[str]:
    model = window.households.model  # type: ignore[attr-defined]
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_the_main_window_speaks_english_and_chinese_again(qtbot: QtBot, store: Store, english: QApplication) -> None:
    from desktop.main_window import MainWindow

    window = MainWindow(store, Account("x", "X", "站长"))
    qtbot.addWidget(window)
    assert QLocale().language() == QLocale.Language.English
    assert navigation(window) == ["Dashboard", "Households", "Follow-up", "Sync", "Sync log", "Excel", "Settings"]
    assert headers(window)[:3] == ["Household head", "ID number", "Resettlement site"]
    assert window.households.status.itemText(0) == "All statuses"
    assert window.households.status.itemText(1) == "Draft"
    assert window.dashboard.table.horizontalHeaderItem(0).text() == "Resettlement site"
    assert window.worklists.lists.item(0).text() == "Zero-employment households"  # the worklist's own English
    assert window.households.tr("共 %n 户", "", 1) == "1 household"
    assert window.households.tr("共 %n 户", "", 200) == "200 households"
    window.close()

    install_translator(english, "zh_CN")
    chinese = MainWindow(store, Account("x", "X", "站长"))
    qtbot.addWidget(chinese)
    assert QLocale().language() == QLocale.Language.Chinese
    assert navigation(chinese) == ["工作台", "住户", "待跟进", "同步", "同步记录", "导入导出", "设置"]
    assert headers(chinese)[:3] == ["户主", "证件号码", "安置点"]
    assert chinese.worklists.lists.item(0).text() == "零就业家庭"
    assert chinese.households.tr("共 %n 户", "", 200) == "共 200 户"
    chinese.close()


def test_the_sync_log_and_the_sync_status_speak_english(qtbot: QtBot, store: Store, english: QApplication) -> None:
    """The sync log's columns and the status line (shared by the status bar and the sync log screen) are looked up
    in the contexts lupdate puts them in, and the English advice wraps instead of widening the window."""
    from desktop.main_window import MainWindow
    from desktop.online_sync import UNCONFIGURED, SyncStatus
    from desktop.sync_log_page import SyncLogPage, SyncStatusWidget

    window = MainWindow(store, Account("x", "X", "站长"))
    qtbot.addWidget(window)
    page = window.pages["sync_log"]
    assert isinstance(page, SyncLogPage)
    columns = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert columns == ["Time", "Trigger", "Outcome", "Batch", "Sent", "Received", "Updated", "Details"]
    assert page.status_line.text() == "● Not synced yet · Last sync —"
    page.show_status(SyncStatus(state=UNCONFIGURED))
    window.statusBar().findChild(SyncStatusWidget).show_status(SyncStatus(state=UNCONFIGURED))
    assert page.status_line.text() == "Online sync: no server set"
    assert window.statusBar().findChild(SyncStatusWidget).label.text() == "Online sync: no server set"
    assert "(Sync → Export to USB). If the county" in page.server_line.text()
    assert page.minimumSizeHint().width() <= 1024 - 130 - 40  # a 1024-wide screen less the navigation
    window.close()


def test_the_follow_up_lists_show_household_statuses_as_the_household_list_does(
    qtbot: QtBot, store: Store, english: QApplication
) -> None:
    from datetime import date

    from desktop.tasks import TaskRunner
    from desktop.worklists_page import WorklistsPage
    from forms.demo import write_demo

    write_demo(store, 60, seed=3, today=date(2026, 11, 29))
    page = WorklistsPage(store, TaskRunner())
    qtbot.addWidget(page)
    page.refresh_counts()
    qtbot.waitUntil(lambda: page.current is not None and page.model.rowCount() > 0, timeout=10_000)
    columns = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    status = columns.index("Status")
    shown = {page.model.index(r, status).data() for r in range(page.model.rowCount())}
    assert shown and shown <= {"Draft", "Completed", "Reviewed", "Returned", "Void"}  # as the 住户 list says them
    # 剩余天数 of a contract that has already ended
    assert [page.model.tr("已到期 %n 天", "", n) for n in (1, 5)] == ["1 d ago", "5 d ago"]


def test_the_dashboard_fits_a_1024_pixel_screen_in_english(qtbot: QtBot, store: Store, english: QApplication) -> None:
    """Its six tiles' English captions ("Zero-employment households") wrap rather than widen the window."""
    from desktop.main_window import MainWindow

    window = MainWindow(store, Account("x", "X", "站长"))
    qtbot.addWidget(window)
    assert window.dashboard.tiles["zero_employment_households"].accessibleName() == "Zero-employment households"
    assert window.dashboard.minimumSizeHint().width() <= 1024 - 130 - 40  # the screen less the navigation
    window.close()


@pytest.mark.parametrize("role", ["站长", "县级管理员"])
def test_every_input_is_named_in_english_in_the_english_ui(
    qtbot: QtBot, store: Store, english: QApplication, role: str
) -> None:
    """A screen reader says an input's accessible name: in the English UI it is English (a choice's stored value,
    such as 健康, may stay Chinese beside it)."""
    from desktop.main_window import MainWindow
    from tests.factories import add_household, add_member, add_site
    from tests.test_keyboard import inputs

    with store.unit_of_work("setup") as uow:
        home = add_household(uow, add_site(uow), room="301")
        head = add_member(uow, home, name="张三", relation="户主")
    window = MainWindow(store, Account("x", "X", role))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.editor.opened, timeout=10_000):
        window.open_household(home.id)
    window.editor.show_record(head.id)
    names = {w.objectName(): w.accessibleName() for w in inputs(window) if w.accessibleName()}
    assert len(names) > 50
    assert {name: said for name, said in names.items() if not re.search("[A-Za-z]", said)} == {}
    window.editor.flush()
    window.runner.wait()
    window.close()


def test_without_the_english_file_the_ui_stays_chinese_throughout(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English chosen in 设置 on an installation whose English file is gone: the UI is Chinese, texts the data carries
    in both languages too, not Chinese buttons beside English messages."""
    import desktop.i18n

    monkeypatch.setattr(desktop.i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    locale = QLocale()
    try:
        assert not install_translator(qapp, "en")
        assert desktop.i18n.ui_text("口令不对", "Wrong passphrase") == "口令不对"
        assert QApplication.translate("SyncPage", "导出批次") == "导出批次"
    finally:
        install_translator(qapp, "zh_CN")
        QLocale.setDefault(locale)


# 1366×768 at Windows' 125% (the default on station laptops) is 1093 pixels wide to Qt; and old 1024-pixel screens.
LAPTOP_WIDTHS = (1093, 1024)


def test_in_english_the_household_editor_fits_a_laptop_screen_with_its_buttons_whole(
    qtbot: QtBot, store: Store, english: QApplication
) -> None:
    """The editor's buttons with their keys on them (Mark completed  Ctrl+Return …) needed 980 pixels in English:
    the window could not be narrower than 1182, and on a 1366×768 laptop at 125% 返回列表 and the checks panel were
    past the screen's right edge. On a narrow window the buttons show their names alone (the keys in their
    tooltips); on a wide one, their keys as before."""
    from datetime import date

    from PySide6.QtWidgets import QToolButton

    from desktop.main_window import WINDOW_FRAME, MainWindow
    from forms.demo import write_demo

    write_demo(store, 10, seed=3, today=date(2026, 11, 29))
    window = MainWindow(store, Account("x", "X", "站长"))
    qtbot.addWidget(window)
    window.show()
    window.start_background_work(backups=False)
    with qtbot.waitSignal(window.households.model.counted, timeout=10_000):
        window.households.apply_filter()
    with qtbot.waitSignal(window.editor.opened, timeout=10_000):
        window.open_household(window.households.model.ids[0])
    buttons = [b for b in window.editor.findChildren(QToolButton) if b.objectName().startswith("button_")]
    save = window.findChild(QToolButton, "button_save")
    for width in LAPTOP_WIDTHS:
        assert window.minimumSizeHint().width() + WINDOW_FRAME.width() <= width
        window.resize(width - WINDOW_FRAME.width(), 600)
        qtbot.waitUntil(lambda width=width: window.width() == width - WINDOW_FRAME.width())
        for button in buttons:
            assert button.width() >= button.sizeHint().width(), button.text()  # not cut short
        assert save.text() == "&Save draft" and "Ctrl+S" in save.toolTip()
    window.resize(1800, 900)
    qtbot.waitUntil(lambda: window.width() == 1800)
    assert save.text() == "&Save draft  Ctrl+S"  # the keys on the buttons where there is room, as ever
    window.runner.wait()
    window.close()


def laid_out(window: QWidget) -> QSize:
    """The window's least size once its layouts have caught up with the texts just shown: each layer of nested
    layouts takes a turn of the event loop to hear that the one inside it changed."""
    least, still = window.minimumSizeHint(), 0
    for _turn in range(50):
        QApplication.processEvents()
        now = window.minimumSizeHint()
        still, least = (still + 1 if now == least else 0), now
        if still == 3:
            break
    return least


def test_in_english_a_long_title_leaves_the_editor_on_a_laptop_screen_its_print_and_history_keys_in_tooltips(
    qtbot: QtBot, store: Store, english: QApplication
) -> None:
    """打印户表 and 修改记录, beside the household's title, were made by hand with their keys always on them
    (Print sheet…  Ctrl+P, History  Ctrl+H): with a long title (a four-character 户主, a long site name) the editor
    could not be narrower than 971 pixels, the window than 1123, and on a 1366×768 laptop at 125% 修改记录 was past
    the screen's right edge. They give way as the toolbar does: names alone, the keys in their tooltips, still keys."""
    from PySide6.QtWidgets import QLineEdit, QToolButton

    from desktop.editor.history_view import HistoryDialog
    from desktop.editor.household_sheet import HouseholdSheetDialog
    from desktop.main_window import WINDOW_FRAME, MainWindow
    from forms.records import Household, Member, Site

    with store.unit_of_work("x") as uow:
        site = uow.add(Site(code="S01", name="娜姑镇阳光社区安置点", county="会泽县"))
        household = uow.add(Household(site_id=site.id, building="12", unit="3", room="1702"))
        uow.add(Member(household_id=household.id, name="欧阳秀英", relation="户主"))
    window = MainWindow(store, Account("x", "X", "站长"))
    qtbot.addWidget(window)
    window.show()
    window.start_background_work(backups=False)
    editor = window.editor
    with qtbot.waitSignal(editor.opened, timeout=10_000):
        window.open_household(household.id)
    editor.save_draft()  # 已保存 and its time beside the title, as after any edit
    qtbot.waitUntil(lambda: editor.save_state.text() != "")
    width = LAPTOP_WIDTHS[0]
    assert laid_out(window).width() + WINDOW_FRAME.width() <= width
    window.resize(width - WINDOW_FRAME.width(), 600)
    laid_out(window)
    assert window.width() == width - WINDOW_FRAME.width()
    sheet = window.findChild(QToolButton, "button_household_sheet")
    history = window.findChild(QToolButton, "button_history")
    assert sheet is not None and history is not None
    assert (sheet.text(), history.text()) == ("&Print sheet…", "&History")
    assert "(Ctrl+P)" in sheet.toolTip() and "(Ctrl+H)" in history.toolTip()
    for button in (sheet, history):
        assert button.width() >= button.sizeHint().width()  # whole …
        assert button.mapTo(window, button.rect().topRight()).x() < window.width()  # … and on the screen
    field = next(w for w in editor.findChildren(QLineEdit) if w.isVisible() and w.isEnabled())
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.findChild(HistoryDialog) is not None)
    qtbot.keyClick(field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.findChild(HouseholdSheetDialog) is not None)
    for dialog in (editor.findChild(HistoryDialog), editor.findChild(HouseholdSheetDialog)):
        dialog.close()
    window.runner.wait()
    window.close()


def test_in_english_the_household_list_shows_the_household_number_on_a_laptop_screen(
    qtbot: QtBot, store: Store, english: QApplication
) -> None:
    """The columns were at least as wide as their English headers on one line (Building/unit/room, National household
    number): 户编号 was off the right edge of 住户 on a 1366×768 laptop at 125%. Long headers take two lines."""
    from datetime import date

    from desktop.main_window import WINDOW_FRAME, MainWindow
    from forms.demo import write_demo

    write_demo(store, 10, seed=3, today=date(2026, 11, 29))
    window = MainWindow(store, Account("x", "X", "站长"))
    qtbot.addWidget(window)
    window.resize(LAPTOP_WIDTHS[0] - WINDOW_FRAME.width(), 560)
    window.show()
    window.start_background_work(backups=False)
    with qtbot.waitSignal(window.households.model.counted, timeout=10_000):
        window.households.apply_filter()
    table = window.households.table
    header, last = table.horizontalHeader(), table.model().columnCount() - 1
    assert table.model().headerData(last, Qt.Orientation.Horizontal) == "National household number"
    assert table.columnViewportPosition(last) + 120 <= table.viewport().width()  # on screen, most of it
    for column in range(last):  # each header whole, on one line or two
        assert table.columnWidth(column) >= header.sectionSizeHint(column)
        assert header.height() >= header.sectionSizeFromContents(column).height()
    assert header.height() < 3 * table.fontMetrics().lineSpacing() + 12  # two lines at most
    window.runner.wait()
    window.close()

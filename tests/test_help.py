"""帮助: F1 (or 帮助) opens the user guide at the section for the screen in use, the guide ships with the program,
and every button or screen name it quotes in 「」 is one the program shows."""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTabWidget,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.cli import build_parser
from desktop.help_window import COUNTY_TABS, GUIDE, SECTIONS, HelpWindow, guide_text, screen_section
from desktop.i18n import without_mnemonic
from desktop.login import FirstRunDialog, LoginDialog
from desktop.main_window import ROLE_SCREENS, MainWindow
from forms.resources import resource_path
from forms.store import Store
from forms.users import Account, create_user
from sync.enrolment import init_county
from tests.factories import add_household, add_member, add_site

ROOT = Path(__file__).resolve().parent.parent
ZHANG = Account("zhang", "张站长", "站长")
ROLES = {
    "站长": ZHANG,
    "采集员": Account("li", "李采集", "采集员"),
    "县级管理员": Account("xian", "赵科长", "县级管理员"),
}


def help_windows() -> list[HelpWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow) and w.isVisible()]


def press_f1(qtbot: QtBot, widget: QWidget) -> HelpWindow:
    """F1 where the person is: the guide opens (one window), at a section."""
    qtbot.keyClick(widget, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: len(help_windows()) == 1, timeout=3000)
    return help_windows()[0]


@pytest.fixture
def main(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    create_user(store, "zhang", "张站长", "站长", "zhang-password")
    window = MainWindow(store, ZHANG)
    qtbot.addWidget(window)
    window.show()
    window.start_background_work(backups=False)
    yield window
    for guide in help_windows():
        guide.close()
    window.idle.timer.stop()
    window.runner.wait()
    window.close()


@pytest.mark.parametrize("screen", ["worklists", "households", "dashboard", "excel", "sync", "settings"])
def test_f1_on_a_screen_opens_the_guide_at_that_screens_section(qtbot: QtBot, main: MainWindow, screen: str) -> None:
    main.show_page(screen)
    guide = press_f1(qtbot, main.stack.currentWidget())
    assert guide.current_section() == SECTIONS[screen]
    assert guide.browser.verticalScrollBar().value() > 0  # scrolled there, not left at the top


def test_f1_in_the_household_editor_opens_the_household_section(qtbot: QtBot, main: MainWindow, store: Store) -> None:
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), room="301")
        add_member(uow, household, name="张三", relation="户主")
    main.open_household(household.id)
    qtbot.waitUntil(lambda: main.editor.household_id == household.id, timeout=5000)
    guide = press_f1(qtbot, main.editor)
    assert guide.current_section() == "入户登记（住户编辑）"

    main.show_page("worklists")  # the same window follows the worker to the next screen
    assert press_f1(qtbot, main.stack.currentWidget()) is guide
    assert guide.current_section() == "待跟进"


def test_the_help_button_in_the_status_bar_opens_the_guide_at_the_screen_on_show(
    qtbot: QtBot, main: MainWindow
) -> None:
    button = main.statusBar().findChild(QToolButton, "help_button")
    assert button is not None and button.isVisible() and button.text() == "帮助"
    main.show_page("sync")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(help_windows()) == 1, timeout=3000)
    assert help_windows()[0].current_section() == "同步"


def test_f1_at_the_login_the_first_run_and_the_lock_opens_their_sections(
    qtbot: QtBot, store: Store, main: MainWindow
) -> None:
    first_run = FirstRunDialog(store)
    qtbot.addWidget(first_run)
    first_run.show()
    guide = press_f1(qtbot, first_run.username)
    assert guide.current_section() == "第一次使用"
    guide.close()

    login = LoginDialog(store)
    qtbot.addWidget(login)
    login.show()
    help_button = login.findChild(QPushButton, "dialog_help")
    assert help_button is not None and without_mnemonic(help_button.text()) == "帮助"
    qtbot.mouseClick(help_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(help_windows()) == 1, timeout=3000)
    assert help_windows()[0].current_section() == "登录和角色"
    assert login.isVisible()  # 帮助 is no answer to the login: it stays, for the password
    help_windows()[0].close()

    main.lock()
    lock = main.lock_dialog
    assert lock is not None
    guide = press_f1(qtbot, lock.password)
    assert guide.current_section() == "锁定和换人登录"
    assert guide.window().parentWidget() is lock  # usable beside the lock, which blocks the main window


@pytest.mark.parametrize("role", list(ROLES))
def test_every_screen_of_the_main_window_has_a_section_in_the_guide(qtbot: QtBot, store: Store, role: str) -> None:
    window = MainWindow(store, ROLES[role])
    qtbot.addWidget(window)
    guide = HelpWindow()
    qtbot.addWidget(guide)
    assert set(window.pages) == set(ROLE_SCREENS[role])
    for key in window.pages:
        window.show_page(key)
        section = screen_section(window)
        assert section in SECTIONS, key
        assert guide._heading(SECTIONS[section]) is not None, (key, SECTIONS[section])
    window.runner.wait()
    window.close()


def test_each_county_tab_opens_its_own_section(qtbot: QtBot, store: Store) -> None:
    init_county(store, "会泽县")
    window = MainWindow(store, ROLES["县级管理员"])
    qtbot.addWidget(window)
    window.show()
    window.show_page("county")
    county = window.county
    qtbot.waitUntil(lambda: county.stack.currentWidget() is county.tabs, timeout=5000)
    for index, key in enumerate(COUNTY_TABS):
        county.tabs.setCurrentIndex(index)
        assert screen_section(window) == key
        assert SECTIONS[key] == without_mnemonic(county.titles[index])  # the tab's name is the section's
        guide = press_f1(qtbot, county.tabs.currentWidget())
        assert guide.current_section() == SECTIONS[key]
    for guide in help_windows():
        guide.close()
    window.runner.wait()
    window.close()


def test_every_section_heading_and_link_of_the_guide_is_there(qtbot: QtBot) -> None:
    guide = HelpWindow()
    qtbot.addWidget(guide)
    for key, heading in SECTIONS.items():
        assert guide._heading(heading) is not None, key
    links = re.findall(r"\]\(#([^)]+)\)", guide_text())
    assert links
    for target in links:  # the table of contents and the cross references go somewhere
        assert guide._heading(target) is not None, target
    guide.show()
    guide._follow(QUrl("#出了问题怎么办"))
    assert guide.current_section() == "出了问题怎么办"


def type_chinese(field: QWidget, text: str) -> None:
    """Typed as an input method commits Chinese (QTest types ASCII only)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def test_ctrl_f_finds_text_in_the_guide(qtbot: QtBot) -> None:
    guide = HelpWindow()
    qtbot.addWidget(guide)
    guide.show()
    guide.activateWindow()
    qtbot.waitUntil(guide.isActiveWindow, timeout=3000)
    qtbot.keyClick(guide.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.find_box.hasFocus()
    type_chinese(guide.find_box, "回执")
    assert guide.browser.textCursor().selectedText() == "回执"
    found = guide.browser.textCursor().position()
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)  # Enter: the next place it is written
    assert guide.browser.textCursor().selectedText() == "回执"
    assert guide.browser.textCursor().position() != found
    guide.find_box.clear()
    type_chinese(guide.find_box, "没有的文字")
    assert guide.found.text() == "没有找到"


def test_the_guide_is_found_where_the_installed_program_looks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resource_path(*GUIDE).is_file()
    # The installer bundle: resources/ at the top of the folder PyInstaller unpacks (sys._MEIPASS).
    bundle = tmp_path / "bundle"
    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    patterns = re.search(r'"help": \[([^\]]*)\]', spec)
    assert patterns is not None, "build_installer.spec does not list resources/help"
    for pattern in re.findall(r'"([^"]+)"', patterns.group(1)):
        for file in (ROOT / "resources" / "help").glob(pattern):
            (bundle / "resources" / "help").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, bundle / "resources" / "help" / file.name)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert guide_text() == (ROOT / "resources" / "help" / "guide.md").read_text(encoding="utf-8")
    # An installed distribution: pyproject's package data takes everything under resources/.
    assert 'resources = ["**/*"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


# ---- the guide names what the program shows ----------------------------------------------------------------------


def ui_texts() -> set[str]:
    """Every text the program may show: the UI's source strings (.ts), the string literals of desktop/ and forms/
    (worklist titles, messages), and the questionnaire's labels and choices."""
    texts: set[str] = set()
    for message in ET.parse(ROOT / "resources" / "i18n" / "anju_en.ts").getroot().iter("source"):
        texts.add(message.text or "")
    for folder in ("desktop", "forms"):
        for source in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    texts.add(node.value)

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for form in (ROOT / "resources" / "forms").glob("*.json"):
        texts.update(strings(json.loads(form.read_text(encoding="utf-8"))))
    return {as_named(text) for text in texts}


def as_named(text: str) -> str:
    """A name as the guide writes it: no Alt-key (保存草稿(&S)), no trailing … or ：."""
    return without_mnemonic(text).strip().rstrip("…").rstrip("：:").strip()


def test_every_name_the_guide_quotes_is_shown_by_the_program() -> None:
    named = set(re.findall(r"「([^」]+)」", guide_text()))
    assert len(named) > 80  # the convention is used: buttons and screens are quoted
    shown = ui_texts()
    missing = sorted(name for name in named if as_named(name) not in shown)
    assert not missing, f"the guide names what the program does not show: {missing}"


def test_the_english_interface_shows_the_chinese_guide_with_a_line_saying_so(qtbot: QtBot) -> None:
    from desktop.i18n import install_translator

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        assert install_translator(app, "en")
        guide = HelpWindow()
        qtbot.addWidget(guide)
        guide.show()
        assert guide.note.isVisible() and guide.note.text().startswith("This guide is in Chinese only.")
        assert guide.windowTitle() == "Anju user guide"
        guide.show_section("worklists")
        assert guide.current_section() == "待跟进"
    finally:
        install_translator(app, "zh_CN")
    chinese = HelpWindow()
    qtbot.addWidget(chinese)
    chinese.show()
    assert not chinese.note.isVisible()


# ---- the guide's commands are the program's ------------------------------------------------------------------------


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {
        name: child
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name, child in action.choices.items()
    }


def every_option(parser: argparse.ArgumentParser) -> Iterator[str]:
    yield from parser._option_string_actions
    for child in subcommands(parser).values():
        yield from every_option(child)


def test_every_command_and_option_the_guide_gives_is_one_the_program_takes() -> None:
    """A technician types what the guide says (`anju-console reset-password 用户名 --db …`): each command, each
    subcommand after it, and each --option must be there, with the option on the command it is written after."""
    parser = build_parser()
    wrong = []
    for command in re.findall(r"`(anju(?:-console)? [^`]*)`", guide_text()):
        words = command.split()[1:]
        at, value_next = parser, False
        for word in words:
            children = subcommands(at)
            if value_next:  # the option's value: `--db 县级数据库`
                value_next = False
            elif word.startswith("--"):
                option = at._option_string_actions.get(word)
                if option is None:
                    wrong.append(f"{command}: {word}")
                value_next = option is not None and option.nargs != 0
            elif children and not word.startswith(("…", "http")):
                if word not in children:
                    wrong.append(f"{command}: {word}")
                    break
                at = children[word]
    options = set(every_option(parser))
    # An option the guide names alone (`--plain`, `--json` 里是 …) is one some command takes.
    wrong += [o for o in re.findall(r"`(--[a-z-]+)", guide_text()) if o not in options]
    assert not wrong, f"the guide gives commands or options the program does not take: {wrong}"


def test_the_guide_shows_its_text_as_written(qtbot: QtBot) -> None:
    """Markdown takes two ~ in a paragraph (the ~$ of an Excel lock file, written twice) for a strike-through: the
    worker would read the advice crossed out, as if withdrawn. Nothing in the guide is struck through."""
    guide = HelpWindow()
    qtbot.addWidget(guide)
    struck = []
    block = guide.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().fontStrikeOut():
                struck.append(fragment.text())
            it += 1
        block = block.next()
    assert not struck, f"the guide shows these crossed out: {struck}"


def test_the_numbers_the_guide_states_are_the_programs() -> None:
    """A worker goes by the guide's numbers (a backup passphrase of 8, the lock after 10 minutes): each sentence
    stating one says what the program does."""
    from desktop.account_log_view import SHOWN
    from desktop.main_window import IDLE_LOCK_MINUTES
    from forms.accounts import MIN_PASSWORD_LENGTH
    from forms.backup import AUTO_BACKUP_DAYS
    from forms.household_history import PAGE
    from forms.rules import two_after
    from forms.sealed_backup import MIN_PASSPHRASE_LENGTH
    from forms.settings import RuleSettings
    from sync.serve_command import DEFAULT_MAX_CONNECTIONS

    rules = RuleSettings()
    text = guide_text()
    for sentence in (
        f"{IDLE_LOCK_MINUTES:g} 分钟没有操作，窗口会锁定",
        f"再输入两遍新密码（至少 {MIN_PASSWORD_LENGTH} 位）",
        f"设定备份口令（至少 {MIN_PASSPHRASE_LENGTH} 位）",
        f"保留最近 {AUTO_BACKUP_DAYS} 份",
        f"先列出最近 {PAGE} 条",
        f"只显示最近 {SHOWN} 条",
        f"同时最多服务 {DEFAULT_MAX_CONNECTIONS} 个连接",
        f"未满{rules.male_min_age}周岁的孩子",
        f"劳动力满{rules.male_max_age}周岁（或县里设的上限）",
        f"合同{rules.contract_notice_days}天内到期",
        f"本年度外出稳定就业满{rules.subsidy_min_months}个月",
        f"已满{two_after.AGE_LIMIT}周岁的，出黄色提示“标为两后生，年龄已{two_after.AGE_LIMIT}岁及以上”",
    ):
        assert sentence in text, sentence


# ---- the guide names each thing where the program shows it -------------------------------------------------------


def named(text: str) -> str:
    """A name as shown, as the guide writes it: a button's key (打印户表  Ctrl+P) and a tab's count (家庭成员（2）)
    left off too."""
    return re.sub(r"（\d+）$", "", as_named(text.split("  ")[0]))


def shown_on(widget: QWidget) -> set[str]:
    """The names ``widget`` shows: its buttons, labels, group boxes and tabs, its tables' column headers, and the
    items of its lists and drop-downs."""
    texts = [button.text() for button in widget.findChildren(QAbstractButton)]
    texts += [label.text() for label in widget.findChildren(QLabel)]
    texts += [box.title() for box in widget.findChildren(QGroupBox)]
    for tabs in widget.findChildren(QTabWidget):
        texts += [tabs.tabText(index) for index in range(tabs.count())]
    for combo in widget.findChildren(QComboBox):
        texts += [combo.itemText(index) for index in range(combo.count())]
    for listed in widget.findChildren(QListWidget):
        texts += [listed.item(row).text() for row in range(listed.count())]
    for header in widget.findChildren(QHeaderView):
        model, across = header.model(), header.orientation()
        if model is not None and across == Qt.Orientation.Horizontal:
            texts += [str(model.headerData(column, across)) for column in range(model.columnCount())]
    return {named(text) for text in texts}


def buttons_on(widget: QWidget) -> set[str]:
    """The names of the buttons on ``widget``: what “点「…」” there can mean."""
    return {named(button.text()) for button in widget.findChildren(QAbstractButton)}


def navigation(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


@contextmanager
def main_window_of(qtbot: QtBot, store: Store, role: str) -> Iterator[MainWindow]:
    """The main window of ``role`` on screen, its screens read (the export kinds of 导入导出 come off the UI
    thread); a county database for the 县级管理员."""
    if role == "县级管理员":
        init_county(store, "会泽县")
    window = MainWindow(store, ROLES[role])
    qtbot.addWidget(window)
    window.show()
    if window.excel is not None:  # it reads them when shown
        window.show_page("excel")
        kinds = window.excel.kinds
        qtbot.waitUntil(lambda: kinds.count() > 0, timeout=5000)
    try:
        yield window
    finally:
        window.runner.wait()
        window.close()


def guide_table_of_roles() -> dict[str, list[str]]:
    """角色 → the screens the guide's table says the role sees; 站长's row starts with 以上三页 (采集员's)."""
    rows: dict[str, list[str]] = {}
    for role, screens in re.findall(r"^\| (采集员|站长|县级管理员) \| (.+) \|$", guide_text(), re.MULTILINE):
        before = rows["采集员"] if screens.startswith("以上三页") else []
        rows[role] = before + re.findall(r"「([^」]+)」", screens)
    return rows


@pytest.mark.parametrize("role", list(ROLES))
def test_the_guides_table_of_roles_names_each_roles_screens_as_its_navigation_lists_them(
    qtbot: QtBot, store: Store, role: str
) -> None:
    table = guide_table_of_roles()
    with main_window_of(qtbot, store, role) as window:
        assert table.get(role) == navigation(window)


@dataclass
class Screen:
    shown: set[str]  # every name on it (`shown_on`)
    buttons: set[str]  # the names of its buttons (`buttons_on`)


@pytest.fixture
def screens(qtbot: QtBot, tmp_path: Path) -> dict[str, Screen]:
    """Each screen of the 站长's and the 县级管理员's navigation, and each tab of 县级, by its title."""
    found: dict[str, Screen] = {}
    for role in ("站长", "县级管理员"):
        with Store.open(tmp_path / f"{role}.db") as store, main_window_of(qtbot, store, role) as window:
            pages: dict[str, QWidget] = dict(zip(navigation(window), window.pages.values(), strict=True))
            if role == "县级管理员":
                for index, title in enumerate(window.county.titles):
                    pages[without_mnemonic(title)] = window.county.tabs.widget(index)
            for title, page in pages.items():
                found.setdefault(title, Screen(shown_on(page), buttons_on(page)))
    return found


# 「同步」页点「导入登记包」, 「设置」页的「从备份恢复…」, 「县级」→「工作站」点「登记工作站」, and in the program's own
# words 「导入导出」页点“选择文件并导入…”: a screen, then (in the same clause) a thing on it.
PLACED = re.compile(r"「([^」]+)」(?:页|→「([^」]+)」)([^「」“”。；、，：（）*\n]{0,12}?)[「“]([^」”]+)[」”]")


def misplaced(text: str, screens: dict[str, Screen]) -> list[str]:
    """What ``text`` says is on a screen that does not show it; a thing to click (点) must be a button there."""
    wrong = []
    for screen, tab, between, thing in PLACED.findall(text):
        on = screens.get(tab or screen)
        if on is None:
            wrong.append(f"「{tab or screen}」")
        elif as_named(thing) not in (on.buttons if between.endswith("点") else on.shown):
            wrong.append(f"「{tab or screen}」{between}「{thing}」")
    return wrong


def test_each_screen_the_guide_sends_the_reader_to_is_in_the_navigation_and_shows_what_the_guide_says_is_on_it(
    screens: dict[str, Screen],
) -> None:
    """「同步」页点「导入登记包」: 同步 is a screen of the navigation (or a tab of 县级), 导入登记包 a button on it."""
    text = guide_text()
    nowhere = sorted({screen for screen in re.findall(r"「([^」]+)」页", text) if screen not in screens})
    assert not nowhere, f"the guide sends the reader to screens the program does not have: {nowhere}"
    wrong = misplaced(text, screens)
    assert not wrong, f"the guide says these are on screens that do not show them: {wrong}"


def test_where_the_program_sends_the_worker_the_button_it_names_is_there(screens: dict[str, Screen]) -> None:
    """The first-step texts of an empty 住户, 工作台 and 待跟进 said 站长在「导入导出」页点“导入花名册”: a heading
    there, not a button; the station admin looked for a button of that name."""
    sources = ET.parse(ROOT / "resources" / "i18n" / "anju_en.ts").getroot().iter("source")
    wrong = [f"{where} ← {text}" for text in {s.text or "" for s in sources} for where in misplaced(text, screens)]
    assert not wrong, f"the program names things on screens that do not show them: {wrong}"


# A list in the guide that names, item by item, what a screen shows: where it starts, and the screen.
GUIDE_LISTS = {"### 账号\n": "设置", "名单有：": "待跟进", "### 工作站\n": "工作站", "### 审核\n": "审核"}


def test_each_list_of_a_screens_buttons_columns_or_lists_in_the_guide_names_what_that_screen_shows(
    screens: dict[str, Screen],
) -> None:
    """- 「重设密码」：… under 账号, - 「最近批次」：… under 工作站: each item's names are that screen's."""
    text, wrong = guide_text(), []
    for start, screen in GUIDE_LISTS.items():
        assert start in text, f"the guide no longer has {start.strip()}"
        rest = text[text.index(start) :]
        rest = rest[rest.index("\n- ") :]  # its first item: the list may come after a line saying what it lists
        block = re.split(r"\n#|\n\n[^-\n]", rest, maxsplit=1)[0]
        items = re.findall(r"^- (「.*?)：", block, re.MULTILINE)
        assert items, start.strip()
        for item in items:
            wrong += [
                f"「{screen}」: 「{name}」"
                for name in re.findall(r"「([^」]+)」", item)
                if name not in screens[screen].shown
            ]
    assert not wrong, f"the guide lists these for screens that do not show them: {wrong}"


def test_the_guide_lists_the_household_editors_buttons_and_parts_as_the_editor_shows_them(
    qtbot: QtBot, main: MainWindow, store: Store
) -> None:
    with store.unit_of_work("setup") as uow:
        household = add_household(uow, add_site(uow), room="301")
        add_member(uow, household, name="张三", relation="户主")
    main.open_household(household.id)
    editor = main.editor
    qtbot.waitUntil(lambda: editor.household_id == household.id, timeout=5000)
    text = guide_text()
    row = re.search(r"上方一排按钮：((?:「[^」]+」)+)。", text)
    assert row is not None, "the guide no longer lists the editor's row of buttons"
    buttons = [b.text() for b in editor.toolbar.findChildren(QToolButton) if b.isVisible()]
    # A button shows its key beside its name when the row has room (保存草稿  Ctrl+S).
    assert [as_named(b) for b in re.findall(r"「([^」]+)」", row.group(1))] == [
        as_named(b.split("  ")[0]) for b in buttons
    ]
    parts = re.search(r"编辑页分几部分.*?\n\n((?:- 「[^」]+」：.*\n)+)", text)
    assert parts is not None, "the guide no longer lists the editor's parts"
    tabs = editor.tabs
    shown = [re.sub(r"（\d+）$", "", tabs.tabText(index)) for index in range(tabs.count())]
    assert re.findall(r"^- 「([^」]+)」：", parts.group(1), re.MULTILINE) == shown
    for name in ("检查结果", "打印户表", "修改记录"):  # 右边是「检查结果」，右上角是「打印户表」和「修改记录」
        assert name in shown_on(editor), name


def test_the_guide_names_the_county_pages_tabs_in_their_order(qtbot: QtBot, store: Store) -> None:
    tabs = re.search(r"有四个标签：((?:「[^」]+」)+)", guide_text())
    assert tabs is not None, "the guide no longer lists the tabs of 县级"
    with main_window_of(qtbot, store, "县级管理员") as window:
        titles = [without_mnemonic(title) for title in window.county.titles]
    assert re.findall(r"「([^」]+)」", tabs.group(1)) == titles

"""帮助: the user guide (resources/help/guide.md), opened at the section for the screen in use.

F1 anywhere in the program, the 帮助 button in the main window's status bar, and 帮助 in the login dialogs open
it. The guide is Markdown in Chinese, for station workers and county clerks; it ships with the program (offline).
The English UI shows the same guide with a line saying it is in Chinese.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtGui import QTextBlock

    from desktop.main_window import MainWindow

GUIDE = ("help", "guide.md")

# Where each place of the program is explained: the heading of its section, exactly as the guide writes it.
# tests/test_help.py checks that every heading is in the guide and every screen of the main window is here.
SECTIONS = {
    "first_run": "第一次使用",
    "login": "登录和角色",
    "lock": "锁定和换人登录",
    "households": "住户列表和查找",
    "editor": "入户登记（住户编辑）",
    "dashboard": "工作台",
    "worklists": "待跟进",
    "excel": "导入导出",
    "sync": "同步",
    "sync_log": "同步记录",
    "settings": "设置和备份",
    "county": "县级页面",
    "county.stations": "工作站",
    "county.conflicts": "冲突",
    "county.duplicates": "重复人员",
    "county.review": "审核",
    "trouble": "出了问题怎么办",
}
COUNTY_TABS = ("county.stations", "county.conflicts", "county.duplicates", "county.review")  # CountyPage.tabs


def guide_text() -> str:
    return resource_path(*GUIDE).read_text(encoding="utf-8")


class HelpWindow(QWidget):
    """The guide in a window of its own, beside the work (not modal): a find box, and the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("help_window")
        self.setWindowTitle(self.tr("安居 使用说明"))
        self.resize(760, 720)
        self.note = QLabel(self.tr("本说明只有中文。"), self)  # English UI: what the reader is about to see
        self.note.setWordWrap(True)
        self.note.setVisible(QLocale().language() == QLocale.Language.English)
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("help_find")
        self.find_box.setPlaceholderText(self.tr("查找说明中的文字，回车找下一处"))
        self.find_box.setAccessibleName(self.tr("查找说明"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_box.textEdited.connect(lambda _text: self.find_next(again=False))
        find_label = QLabel(self.tr("查找(&F)："), self)
        find_label.setBuddy(self.find_box)
        self.found = QLabel(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_text")
        self.browser.setOpenLinks(False)  # the guide's links are to its own sections (#标题)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setStyleSheet("QTextBrowser { font-size: 15px; }")
        self.browser.setMarkdown(guide_text())
        bar = QHBoxLayout()
        bar.addWidget(find_label)
        bar.addWidget(self.find_box, 1)
        bar.addWidget(self.found)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_find)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.find_next)
        QShortcut(QKeySequence("Esc"), self, self.close)

    # ---- sections -------------------------------------------------------------------------------------------------

    def _heading(self, title: str) -> QTextBlock | None:
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and block.text().strip() == title:
                return block
            block = block.next()
        return None

    def show_section(self, key: str) -> None:
        """Scroll the section of ``key`` (a SECTIONS key, or a heading) to the top of the window."""
        block = self._heading(SECTIONS.get(key, key))
        if block is None:
            return
        self.browser.setTextCursor(QTextCursor(block))  # a search starts from here
        document = self.browser.document()
        # Room below the end, so that the last sections too can be scrolled to the top of the window.
        frame = document.rootFrame().frameFormat()
        frame.setBottomMargin(max(self.browser.viewport().height(), 400))
        document.rootFrame().setFrameFormat(frame)
        layout = document.documentLayout()
        layout.documentSize()  # laid out to the end, so the block's place is known
        self.browser.verticalScrollBar().setValue(int(layout.blockBoundingRect(block).top()))

    def current_section(self) -> str:
        """The heading of the section at the top of the window."""
        block = self.browser.cursorForPosition(QPoint(4, 4)).block()
        while block.isValid() and not block.blockFormat().headingLevel():
            block = block.previous()
        return block.text().strip() if block.isValid() else ""

    def _follow(self, url: QUrl) -> None:
        if url.hasFragment() and not url.path():
            self.show_section(url.fragment(QUrl.ComponentFormattingOption.FullyDecoded))

    # ---- find -------------------------------------------------------------------------------------------------------

    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self, *, again: bool = True) -> bool:
        """Find the text typed, after the cursor (from the top when it is not found below). As it is typed, the
        match grows where it is (again=False); Enter goes on to the next one."""
        text = self.find_box.text()
        if not text:
            self.found.clear()
            return False
        if not again:  # typing: look again from where the last match began
            cursor = self.browser.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.browser.setTextCursor(cursor)
        hit = self.browser.find(text)
        if not hit:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            hit = self.browser.find(text)
        self.found.setText("" if hit else self.tr("没有找到"))
        return hit

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F1:  # already open: F1 here is no request for another
            return
        super().keyPressEvent(event)


def open_help(section: str, near: QWidget | None = None) -> HelpWindow:
    """Show the guide at ``section``, beside ``near``. A dialog the program waits on (the login) blocks every
    other window, so the guide opened from it belongs to it; otherwise to the main window. One guide per owner."""
    owner = QApplication.activeModalWidget() or (near.window() if near is not None else None)
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow) and w.parentWidget() is owner]
    window = found[0] if found else HelpWindow(owner)
    window.show()
    window.raise_()
    window.activateWindow()
    window.show_section(section)
    return window


def section_for(widget: QWidget | None) -> str:
    """The guide's section for what ``widget``'s window shows: the screen on show in the main window (the
    editor, the county page's tab), the login or the first run; a dialog over the main window, the screen under it."""
    from desktop.login import FirstRunDialog, LoginDialog
    from desktop.main_window import MainWindow

    window = widget.window() if widget is not None else None
    while window is not None:
        if isinstance(window, FirstRunDialog):
            return "first_run"
        if isinstance(window, LoginDialog):
            return "lock" if window.locked else "login"
        if isinstance(window, MainWindow):
            return screen_section(window)
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return "login"


def screen_section(window: MainWindow) -> str:
    if window.is_locked:
        return "lock"
    shown = window.stack.currentWidget()
    if shown is not None and shown is window.open_editor:
        return "editor"
    key = next((key for key, page in window.pages.items() if page is shown), "households")
    county = getattr(window, "county", None)
    if key == "county" and county is not None and county.stack.currentWidget() is county.tabs:
        return COUNTY_TABS[county.tabs.currentIndex()]
    return key


class HelpKey(QObject):
    """F1 anywhere in the program (the login, a dialog, any screen): the guide, at the section for it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_F1:
            if not isinstance(watched, QWidget) or isinstance(watched.window(), HelpWindow):
                return False
            open_help(section_for(watched), watched)
            return True  # handled where it was typed: not again for each parent it would climb
        return False


def install_help_key(app: QApplication | None = None) -> None:
    """F1 for the whole program; once, however many windows ask."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is not None and app.findChild(HelpKey, "help_key") is None:
        key = HelpKey(app)
        key.setObjectName("help_key")
        app.installEventFilter(key)


def add_help_button(window: MainWindow) -> QToolButton:
    """帮助 in the status bar, where the main window says who is working; and F1."""
    install_help_key()
    button = QToolButton(window)
    button.setObjectName("help_button")
    button.setText(QCoreApplication.translate("Help", "帮助"))
    button.setToolTip(QCoreApplication.translate("Help", "使用说明（F1）：翻到这一页的说明"))
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.clicked.connect(lambda: open_help(screen_section(window), window))
    window.statusBar().addPermanentWidget(button)
    return button


def add_dialog_help(buttons: QDialogButtonBox, dialog: QWidget) -> QPushButton:
    """帮助 in a dialog's buttons (the login, the first run): the guide at the dialog's section; and F1."""
    install_help_key()
    # Alt+B: H is 换人登录's at the lock. F1 is the key people are told of.
    text = QCoreApplication.translate("Help", "帮助(&B)")
    button = buttons.addButton(text, QDialogButtonBox.ButtonRole.HelpRole)
    button.setObjectName("dialog_help")
    button.setAutoDefault(False)  # Enter still logs in
    button.clicked.connect(lambda: open_help(section_for(dialog), dialog))
    return button

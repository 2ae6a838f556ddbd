"""The main window's status bar on an old station laptop (1366×768 at 125%: 1092 pixels): every item readable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from desktop.i18n import install_translator
from desktop.main_window import MainWindow
from desktop.online_sync import ONLINE, SyncStatus
from desktop.status_bar import StatusBar
from desktop.sync_log_page import SyncStatusWidget
from forms.store import Store
from forms.users import Account
from tests.factories import add_household, add_member, add_site

#: A laptop screen of 1366×768 at Windows' usual 125%: the window in Qt's own pixels.
SMALL_SCREEN_WIDTH, SMALL_SCREEN_HEIGHT = 1366 * 4 // 5, 768 * 4 // 5


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    assert install_translator(qapp, request.param)
    yield request.param
    install_translator(qapp, "zh_CN")


def tooltip_at(bar: StatusBar, pos: QPoint) -> str:
    """What hovering there shows (the tooltip event Qt sends after the mouse rests)."""
    QToolTip.hideText()
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, pos, bar.mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_a_long_message_is_cut_with_an_ellipsis_and_its_tooltip_says_it_all_at_1092_pixels(
    qtbot: QtBot, store: Store, language: str
) -> None:
    """With the sync state, "N 处修改待县里处理", 立即同步, who is working and 帮助 on the right, the editor's Ctrl+Tab
    hint was clipped mid-word with nothing to say there was more. Now it ends in "…", hovering shows all of it, and
    the items on the right keep their whole width, with the link shown and hidden."""
    with store.unit_of_work("test") as uow:
        household = add_household(uow, add_site(uow), room="101")
        add_member(uow, household, relation="户主")
        household_id = household.id
    main = MainWindow(store, Account("zhang", "张站长", "站长"))
    qtbot.addWidget(main)
    main.resize(SMALL_SCREEN_WIDTH, SMALL_SCREEN_HEIGHT)
    main.show()
    main.open_household(household_id)
    qtbot.waitUntil(lambda: main.editor.household_id == household_id, timeout=10_000)
    bar = main.statusBar()
    assert isinstance(bar, StatusBar)
    hint = main.editor.tabs.part_hint()
    qtbot.waitUntil(lambda: bar.currentMessage() == hint, timeout=5000)
    status = main.findChild(SyncStatusWidget)
    assert status is not None
    right_items = (status.label, status.button, main.user_label)

    for waiting in (3, 0):
        households = (("h1", "幸福社区安置点 1-101"),) if waiting else ()
        status.show_status(
            SyncStatus(
                state=ONLINE,
                last_outcome="ok",
                pending=12,
                waiting=waiting,
                waiting_households=households,
                last_sync_at="2026-12-01T02:15:00Z",
            )
        )
        QApplication.processEvents()
        assert status.waiting.isVisible() == bool(waiting)
        shown, room = bar.shown_message(), bar.message_rect()
        shown_items = [item for item in (*right_items, status.waiting) if item.isVisible()]
        first_item = min(item.mapTo(bar, QPoint(0, 0)).x() for item in shown_items)
        assert room.right() < first_item and bar.fontMetrics().horizontalAdvance(shown) <= room.width()
        for item in shown_items:  # each whole, inside the bar
            right = item.mapTo(bar, item.rect().topRight()).x()
            assert right <= bar.width() and item.width() >= item.sizeHint().width(), item.objectName()
        if shown != hint:
            assert shown.endswith("…") and hint.startswith(shown[:-1]) and len(shown) > 12, shown
            assert tooltip_at(bar, room.center()) == hint
        else:
            assert tooltip_at(bar, room.center()) == ""  # nothing hidden: no tooltip repeating it
        if waiting:
            assert shown != hint, (language, shown)  # with the link, neither language has room for it all
    main.close()

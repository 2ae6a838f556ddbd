"""Screenshots of each main screen on a database, for people to look at (run by scripts/screenshots under Xvfb).

    python -m desktop.screenshots --db demo.db --out screenshots/ [--language en] [--role 站长] [--size 1366x768]

It opens the main window as one of the demo accounts (no login dialog; the county clerk unless ``--role`` says
otherwise, whatever the database), visits the screens that role sees, waits until each one's background work is
done, and saves what the screen shows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.app import application
from desktop.i18n import install_translator
from desktop.main_window import MainWindow
from forms.commands import DEMO_ACCOUNTS
from forms.store import Store
from forms.users import Account

DEFAULT_SIZE = (1280, 800)


def settle(app: QApplication, window: MainWindow) -> None:
    """Let queued work finish and its results paint (tasks may queue further tasks: loop a few times)."""
    for _ in range(5):
        window.runner.wait()
        app.processEvents()


def shoot(window: MainWindow, path: Path) -> None:
    screen = QGuiApplication.primaryScreen()
    if QGuiApplication.platformName() == "xcb":  # the screen where the window is, with any dialog over it
        where = window.frameGeometry()
        picture = screen.grabWindow(0, where.x(), where.y(), where.width(), where.height())
    else:
        picture = window.grab()
    picture.save(str(path))
    print(path)


def search(window: MainWindow, text: str) -> None:
    window.households.search.setText(text)
    window.households.apply_filter()


def check_roster(window: MainWindow, folder: Path) -> None:
    """导入导出 after checking a roster: the database's own member ledger, imported with 只检查 (nothing written)."""
    from desktop.excel_page import ExcelPage
    from forms.excel.export import export

    window.show_page("excel")
    page = window.pages["excel"]
    assert isinstance(page, ExcelPage)
    roster = export(window.store, "members", folder / "家庭成员信息表.xlsx").path
    page.dry_run.setChecked(True)
    page.start_import(roster)


def county_tab(window: MainWindow, index: int) -> None:
    """县级 on its ``index``-th tab (冲突, 重复人员, 审核), each read afresh as it is shown."""
    from desktop.county import CountyPage

    page = window.pages["county"]
    assert isinstance(page, CountyPage)
    page.tabs.setCurrentIndex(index)


def window_size(text: str) -> tuple[int, int]:
    """``--size``: WxH, as 1366x768 (an × or X does as well)."""
    width, _, height = text.lower().replace("×", "x").partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        raise argparse.ArgumentTypeError(f"窗口大小应写成 宽x高，如 1366x768，不是“{text}” / size is WxH, as 1366x768")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--out", default=Path("screenshots"), type=Path)
    parser.add_argument("--language", default="zh_CN", help="zh_CN（默认）或 en / zh_CN (default) or en")
    roles = [role for _user, _name, role in DEMO_ACCOUNTS]
    parser.add_argument(
        "--role",
        default="县级管理员",
        choices=roles,
        help="以哪个角色的演示账号打开（默认县级管理员，与数据库无关）/ whose demo account the window opens as: "
        "采集员 station worker, 站长 station admin, 县级管理员 county clerk (the default, whatever the database; "
        "a station's database shows the county clerk that it is not a county's)",
    )
    default = "x".join(map(str, DEFAULT_SIZE))
    parser.add_argument(
        "--size",
        default=DEFAULT_SIZE,
        type=window_size,
        metavar="WxH",
        help=f"窗口大小（默认 {default}）/ window size (default {default}); "
        'Xvfb\'s screen (-s "-screen 0 WxHx24") should be at least as large',
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    app = application()
    QSettings().setValue("language", args.language)
    install_translator(app, args.language)
    store = Store.open(args.db, create=False)
    username, name, role = next(account for account in DEMO_ACCOUNTS if account[2] == args.role)
    window = MainWindow(store, Account(username, name, role))
    window.resize(*args.size)
    window.move(0, 0)
    window.show()
    window.start_background_work(backups=False)

    steps: list[tuple[str, Callable[[], None]]] = [
        ("dashboard", lambda: window.show_page("dashboard")),
        ("households", lambda: window.show_page("households")),
        ("households-search", lambda: search(window, "zs")),
        ("worklists", lambda: window.show_page("worklists")),
    ]

    def first_household() -> None:
        if window.households.model.ids:  # a county just set up has none: the shot shows the list, not a crash
            window.open_household(window.households.model.ids[0])

    if hasattr(window, "editor"):
        steps.append(("editor", first_household))
    for key in ("sync", "county", "excel", "settings"):
        if key in window.pages:
            steps.append((key, lambda key=key: window.show_page(key)))  # type: ignore[misc]
        if key == "county" and key in window.pages:  # its other tabs (on a county database, `anju demo --county`)
            for index, tab in enumerate(("conflicts", "duplicates", "review"), 1):
                steps.append((f"county-{tab}", lambda index=index: county_tab(window, index)))  # type: ignore[misc]
    scratch = tempfile.TemporaryDirectory(prefix="anju-screenshots-")  # the roster checked on 导入导出
    if "excel" in window.pages:
        steps.append(("excel-check", lambda: check_roster(window, Path(scratch.name))))

    def run() -> None:
        for name, step in steps:
            step()
            settle(app, window)
            app.processEvents()
            shoot(window, args.out / f"{name}.png")
        app.quit()

    QTimer.singleShot(1000, run)
    app.exec()
    store.close()
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

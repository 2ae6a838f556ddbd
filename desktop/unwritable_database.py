"""When the database to open cannot be saved to: a read-only file (copied from a CD, marked 只读), a stick with its
write-protect switch on, a folder the user may not write, a full disk (`forms.unwritable` finds which).

It opened as usual, and the worker found out when 保存 failed, after typing a household for ten minutes. Now she
is told before the login, with what to do, and the app does not open it: 重试 once it is put right, 选择数据库… for
another file (the copy she made on this computer), or 退出.

Refused rather than opened read-only: a station's work is typing households in, and every screen but a few saves
(the login's 账户记录, the editor, 待跟进, imports, sync, accounts, the day's backup mark). Left open, one of them
missed would take a worker's typing again; refused, the cause is put right in a minute (取消只读, the switch, a copy
on the laptop), and whoever only wants to look can open a copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.store_loading import tell_cannot_open
from forms.unwritable import Unwritable, why_unwritable


def find_writable_database(path: Path, *, quiet: bool = False) -> Path | None:
    """``path`` when it can be saved to; else the user is told why and chooses: the same file once put right
    (重试), another file (选择数据库…, which must pass too), or nothing (退出: None). ``quiet``, the self-test: said
    on stderr, None."""
    again = False
    while (problem := why_unwritable(path)) is not None:
        if quiet:
            tell_cannot_open(problem.zh, problem.en, quiet=True)
            return None
        box = unwritable_box(path, problem, again=again)
        box.exec()
        clicked = box.clickedButton()
        answer = clicked.objectName() if clicked is not None else "quit"
        if answer == "retry":
            again = True
        elif answer == "choose":
            chosen, _ = QFileDialog.getOpenFileName(
                None,
                QCoreApplication.translate("UnwritableDatabase", "选择安居数据库"),
                str(path.parent),
                QCoreApplication.translate("UnwritableDatabase", "数据库 (*.db *.sqlite)"),
            )
            if chosen:
                path, again = Path(chosen), False
        else:
            return None
    return path


def unwritable_box(path: Path, problem: Unwritable, *, again: bool = False) -> QMessageBox:
    """The message `find_writable_database` shows, its buttons named retry, choose and quit."""
    said = (
        problem.zh
        + "\n\n"
        + QCoreApplication.translate(
            "UnwritableDatabase", "改好后点“重试”。要打开另一份数据库（比如复制到本机的那一份），点“选择数据库…”。"
        )
        + "\n\n"
        + problem.en
    )
    if again:
        said = QCoreApplication.translate("UnwritableDatabase", "仍然不能保存到“%1”。").replace("%1", str(path)) + (
            "\n\n" + said
        )
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("UnwritableDatabase", "数据库不能保存"),
        said,
        QMessageBox.StandardButton.NoButton,
    )
    box.setObjectName("unwritable_database")
    retry = box.addButton(
        QCoreApplication.translate("UnwritableDatabase", "重试(&R)"), QMessageBox.ButtonRole.AcceptRole
    )
    choose = box.addButton(
        QCoreApplication.translate("UnwritableDatabase", "选择数据库(&O)…"), QMessageBox.ButtonRole.NoRole
    )
    leave = box.addButton(
        QCoreApplication.translate("UnwritableDatabase", "退出(&Q)"), QMessageBox.ButtonRole.RejectRole
    )  # also Esc and the window's ×
    for button, name in ((retry, "retry"), (choose, "choose"), (leave, "quit")):
        button.setObjectName(name)
    box.setDefaultButton(retry)
    return box

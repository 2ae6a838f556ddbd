"""When the database opened last time is not there: its USB stick is not plugged in, its folder was renamed.

``anju`` with no ``--db`` opens the last database. When that file was gone it opened (and made) a new, empty one in
the user's data folder and asked for the first 站长 account, as on a new laptop: a 站长 whose database lives on a
stick, starting the laptop without it, was shown an empty station, and the account she made there became the last
database, so the next start, stick in, did not open the stick's either. Now she is told which file is missing, and
chooses: try again once the stick is in, find the file, or use the laptop's own database knowingly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox


def find_missing_database(last: Path, local: Path) -> Path | None:
    """What to open instead of ``last``, which is not there: ``last`` itself once it is back (重试), a file the user
    picks (选择数据库…), or ``local``, this computer's own database, made empty when it is not there yet. None:
    the user quit."""
    again = False
    while True:
        box = missing_database_box(last, local, again=again)
        box.exec()
        clicked = box.clickedButton()
        answer = clicked.objectName() if clicked is not None else "quit"
        if answer == "retry":
            if last.is_file():
                return last
            again = True
        elif answer == "choose":
            chosen, _ = QFileDialog.getOpenFileName(
                None,
                QCoreApplication.translate("MissingDatabase", "选择安居数据库"),
                str(_nearest_folder(last)),
                QCoreApplication.translate("MissingDatabase", "数据库 (*.db *.sqlite)"),
            )
            if chosen:
                return Path(chosen)
        elif answer == "local":
            return local
        else:
            return None


def missing_database_box(last: Path, local: Path, *, again: bool = False) -> QMessageBox:
    """The question `find_missing_database` asks, its buttons named retry, choose, local and quit."""
    said = QCoreApplication.translate(
        "MissingDatabase",
        "上次使用的数据库“%1”现在找不到。数据没有被改动。\n\n"
        "如果它在U盘或移动硬盘上，请插好后点“重试”；如果文件被移动或改了名，请点“选择数据库…”找到它。",
    ).replace("%1", str(last))
    if again:
        said = (
            QCoreApplication.translate("MissingDatabase", "仍然找不到“%1”。").replace("%1", str(last)) + "\n\n" + said
        )
    if local.exists():
        said += "\n\n" + QCoreApplication.translate(
            "MissingDatabase", "“打开本机数据库”打开的是“%1”，是另一个数据库。"
        ).replace("%1", str(local))
        here = QCoreApplication.translate("MissingDatabase", "打开本机数据库(&L)")
    else:
        made = QCoreApplication.translate(
            "MissingDatabase", "“在本机新建”会建立一个空的新数据库“%1”，里面没有本站已录入的住户。"
        )
        said += "\n\n" + made.replace("%1", str(local))
        here = QCoreApplication.translate("MissingDatabase", "在本机新建(&N)")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("MissingDatabase", "找不到数据库"),
        said,
        QMessageBox.StandardButton.NoButton,
    )
    # Named for what they do; their roles only set the order (Windows puts AcceptRole first, NoRole next).
    retry = box.addButton(QCoreApplication.translate("MissingDatabase", "重试(&R)"), QMessageBox.ButtonRole.AcceptRole)
    choose = box.addButton(
        QCoreApplication.translate("MissingDatabase", "选择数据库(&O)…"), QMessageBox.ButtonRole.NoRole
    )
    use_local = box.addButton(here, QMessageBox.ButtonRole.ActionRole)
    leave = box.addButton(
        QCoreApplication.translate("MissingDatabase", "退出(&Q)"), QMessageBox.ButtonRole.RejectRole
    )  # also Esc and the window's ×
    for button, name in ((retry, "retry"), (choose, "choose"), (use_local, "local"), (leave, "quit")):
        button.setObjectName(name)
    box.setDefaultButton(retry)
    return box


def _nearest_folder(path: Path) -> Path:
    """The deepest folder of ``path`` that is there (the stick's drive may be gone entirely), else the home folder."""
    for folder in path.parents:
        if folder.is_dir() and folder != Path(folder.anchor):
            return folder
    return Path.home()

"""账户记录 in 设置: what was done to this database's accounts and by whom, newest first (`forms.account_log`).

Shown to those who see 设置 (站长, 县级管理员); a 采集员 has no 设置, so sees no one's entries. Successful logins and
unlocks are many a day and are left out unless asked for, so that an account added, a password reset or a run of
wrong passwords is not lost among them.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.store import Store
from forms.users import account_log

# How many entries the list shows; ``anju account-log`` lists more.
SHOWN = 200


def _ui_text(zh: str, en: str) -> str:
    """A text the data carries in both languages, in the UI language (`desktop.i18n` sets the default locale)."""
    return en if QLocale().language() == QLocale.Language.English else zh


class AccountLogView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("account_log")
        title = QLabel(self.tr("账户记录"), self)
        title.setObjectName("account_log_title")
        self.logins = QCheckBox(self.tr("包括每次登录和解锁(&I)"), self)
        self.logins.setObjectName("account_log_logins")
        self.logins.toggled.connect(self.reload)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("account_log_table")
        self.table.setAccessibleName(self.tr("账户记录"))
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("账号"), self.tr("事件"), self.tr("操作人")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.setMaximumHeight(220)
        self.note = QLabel(self)
        self.note.setObjectName("account_log_note")
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.logins)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.note)

    def reload(self) -> None:
        entries, total = account_log(self.store, limit=SHOWN, logins=self.logins.isChecked())
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            zh, en = e.description()
            wrong = e.event in ("login_failed", "unknown_user", "current_password_wrong")
            values = (e.local_time(), e.account, _ui_text(zh, en), e.actor or "—")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if wrong:  # a wrong password stands out among the changes
                    item.setForeground(QBrush(QColor("#b00020")))
                self.table.setItem(row, column, item)
        if not entries:
            self.note.setText(self.tr("还没有记录。"))
        elif len(entries) < total:
            self.note.setText(
                self.tr("只列出最近 %1 条（共 %2 条）。全部记录：命令行 anju account-log --db 数据库文件。")
                .replace("%1", str(len(entries)))
                .replace("%2", str(total))
            )
        else:
            self.note.setText(self.tr("共 %1 条，最新的在最上面。").replace("%1", str(total)))

"""换人登录: another worker takes over the laptop without quitting, and what each saves is journaled as theirs.

A station's 站长 and its 采集员 share one laptop (DESIGN.md §1). Before this, the only way to hand it over was to
quit and start again, so a station logged in once as the 站长 and the audit trail said the 站长 did everything.
The switch goes through the lock (`desktop.login.LoginDialog`): from the window (the name in the status bar, or
Ctrl+Shift+L) the window locks with the cursor in the next person's name; from a lock, idle or Ctrl+L, anyone
types their own name and password beside the locked person's.

What it decides, and why:

- What the person leaving typed is theirs. Locking already commits the field being typed and queues its save
  under their name (the editor saves when it is hidden); the switch waits until every queued database job has run
  (the runner is serial) and only then builds the screens for the next person, whose saves carry their own name.
- What cannot be saved would be lost with the screens: a new household whose 安置点 was never chosen, a save that
  failed (a full disk), a dialog left open with a reason half typed. The person leaving is asked when they start
  the switch from the window. When they left the laptop locked they are not there: the next person is told whose
  work it is and may wait for them or give it up (the other way out of the lock, 退出安居, loses it without a word).
- Work a person started and waits on refuses the switch while it runs: an Excel import or export, a USB exchange
  or an enrolment on 同步. Its outcome is shown on a screen the next person may not have (a 采集员 has neither),
  and it is journaled under the one who started it; it takes a minute. The online sync runs on: it is the
  station's, not a person's (journaled under the county's name, ``sync:…``), and refusing because of it would make
  the switch fail at random every few minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.page_parts import confirm
from forms.accounts import Account

if TYPE_CHECKING:
    from desktop.login import LoginDialog
    from desktop.main_window import MainWindow


class UserSwitch(QObject):
    """The hand-over from the window's person to another: checks, asks, waits for the saves, then `window.become`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # the person leaving agreed to give up what cannot be saved (cleared when the window is unlocked)
        self.agreed = False
        self._waiting_for: Account | None = None  # the next person, while the saves before them finish

    # ---- what stands in the way -------------------------------------------------------------------------------------

    def running_work(self) -> str | None:
        """What runs that the switch must wait for, in words for the lock screen; None when nothing does."""
        excel, sync = self.window.excel, self.window.pages.get("sync")
        if excel is not None and excel.busy:
            return self.tr("“导入导出”正在导入或导出 Excel。请等它完成后再换人登录。")
        if sync is not None and getattr(sync, "busy", False):
            return self.tr("“同步”正在导出或导入文件。请等它完成后再换人登录。")
        return None

    def unsaved_work(self) -> list[str]:
        """What the person leaving typed that is not on disk and cannot be saved now, each in a line."""
        lost = []
        editor = self.window.open_editor
        if editor is not None and editor.session.draft is not None:
            if editor.unsaved_new_household():
                lost.append(self.tr("新增的一户：还没有选择安置点，填写的内容一项也没有保存。"))
            elif editor.session.unsaved:
                lost.append(self.tr("正在编辑的一户：最近的修改没有保存（如磁盘已满）。"))
        for dialog in self.window.covered_dialogs:
            lost.append(self.tr("没有完成的对话框“%1”。").replace("%1", dialog.windowTitle()))
        return lost

    # ---- from the window: the person leaving is here -------------------------------------------------------------

    def from_window(self) -> None:
        """换人登录 in the window: lock it for the next person, once the person leaving has nothing left to lose."""
        window = self.window
        if not window.has_store or window.is_locked:
            return
        running = self.running_work()
        if running is not None:
            _tell(window, "switch_refused", self.tr("现在不能换人"), running)
            return
        editor = window.open_editor
        if editor is not None and editor.session.draft is not None:
            editor.flush()  # the field being typed is saved as the person leaving
        lost = self.unsaved_work()
        if not lost:
            window.lock(switching=True)
            return

        def give_up() -> None:
            self.agreed = True
            window.lock(switching=True)

        confirm(
            window,
            "confirm_switch_unsaved",
            QMessageBox.Icon.Warning,
            self.tr("有内容没有保存"),
            self.tr(
                "换人登录后，下面这些内容会丢失：\n%1\n要保留，请留下，先选择安置点或解决保存问题，再换人。"
            ).replace("%1", _listed(lost)),
            (self.tr("丢弃并换人(&D)"), self.tr("留下(&S)")),
            give_up,
        )

    # ---- from the lock: the next person typed their password -----------------------------------------------------

    def request(self, account: Account) -> None:
        """The lock screen checked ``account``'s password: hand over once the saves queued before it are done."""
        dialog = self.window.lock_dialog
        if dialog is None or self._waiting_for is not None:
            return
        running = self.running_work()
        if running is not None:
            dialog.refuse_switch(running)
            return
        self._waiting_for = account
        dialog.switch_message.setText(self.tr("正在保存上一位的修改……"))
        # The runner runs database work one job at a time, in order: this empty job ends after every save queued
        # under the person leaving.
        self.window.runner.start(lambda _progress: None, on_done=lambda _none: self._saved(account, dialog), owner=self)

    def _saved(self, account: Account, asked_at: LoginDialog) -> None:
        self._waiting_for = None
        dialog = self.window.lock_dialog
        if dialog is not asked_at:  # unlocked (or quit) meanwhile: that lock's password no longer counts
            return
        dialog.switch_message.clear()
        running = self.running_work()
        if running is not None:
            dialog.refuse_switch(running)
            return
        lost = self.unsaved_work()
        if not lost or self.agreed:
            self.window.become(account)
            return
        leaving = self.window.account.display_name
        confirm(
            dialog,
            "confirm_switch_lose",
            QMessageBox.Icon.Warning,
            self.tr("%1有内容没有保存").replace("%1", leaving),
            self.tr(
                "%1离开时，下面这些内容没有保存：\n%2\n换人登录会丢弃这些内容。"
                "要保留，请%1用自己的密码解锁，处理后再换人。"
            )
            .replace("%1", leaving)
            .replace("%2", _listed(lost)),
            (self.tr("丢弃并换人(&D)"), self.tr("取消(&C)")),
            lambda: self.window.become(account) if self.window.lock_dialog is dialog else None,
        )


def _tell(parent: QWidget, name: str, title: str, text: str) -> QMessageBox:
    """A message with one button, shown without blocking (tests read it)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.open()
    return box


def _listed(lines: list[str]) -> str:
    return "\n".join(f"· {line}" for line in lines)

"""The lock and 换人登录: a worker leaves the laptop, and the next one takes over without quitting, each's work
journaled as theirs; and what becomes of what the one who left typed when the program ends meanwhile.

The lock (`WindowLock`) hides the window behind a password prompt (`desktop.login.LoginDialog`) after idle time
(`desktop.login.IdleWatcher`), on Ctrl+L, or for 换人登录. Its ways out: the locked person's own password, another
person's name and password (换人登录), or 退出安居.

A station's 站长 and its 采集员 share one laptop (DESIGN.md §1). Before 换人登录, the only way to hand it over was to
quit and start again, so a station logged in once as the 站长 and the audit trail said the 站长 did everything.
The switch (`UserSwitch`) goes through the lock: from the window (the name in the status bar, or Ctrl+Shift+L) the
window locks with the cursor in the next person's name; from a lock, idle or Ctrl+L, anyone types their own name
and password beside the locked person's.

What it decides, and why:

- What the person leaving typed is theirs. Locking already commits the field being typed and queues its save
  under their name (the editor saves when it is hidden); the switch waits until every queued database job has run
  (the runner is serial) and only then builds the screens for the next person, whose saves carry their own name.
- What cannot be saved would be lost with the screens: a new household whose 安置点 was never chosen, a save that
  failed (a full disk), a dialog left open with a reason half typed. The person leaving is asked when they start
  the switch from the window. When they left the laptop locked they are not there: the next person is told whose
  work it is and may wait for them or give it up.
- Work a person started and waits on refuses the switch while it runs: an Excel import or export, a USB exchange
  or an enrolment on 同步. Its outcome is shown on a screen the next person may not have (a 采集员 has neither),
  and it is journaled under the one who started it; it takes a minute. The online sync runs on: it is the
  station's, not a person's (what it applies is journaled as remote, under the names of those who made the
  changes at the county or another station, never the person logged in), and refusing because of it would make
  the switch fail at random every few minutes.
- The program ending while locked loses no more than the switch would, and nothing without a word. 退出安居 first
  lets the saves queued under the person who left finish (a failed one is tried again), then names what still
  cannot be saved and asks whoever is at the lock, as the switch does; 取消 keeps it for that person. Closing the
  window while the lock shows goes the same way (Windows does not let the taskbar close a window under a modal
  dialog; a close that gets through anyway is 退出安居). Windows logging off or shutting down never closes the
  window (Qt 6 only emits ``commitDataRequest`` and then ``aboutToQuit``): at the first the field being typed is
  saved, the saves are awaited and what cannot be saved is named, with the choice to cancel the logoff; at the
  second the saves still queued finish before Windows ends the process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox, QToolButton, QWidget

from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.login import LoginDialog
from desktop.page_parts import confirm
from forms.accounts import Account

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

ROLE_NAMES = (
    QT_TRANSLATE_NOOP("UserSwitch", "采集员"),
    QT_TRANSLATE_NOOP("UserSwitch", "站长"),
    QT_TRANSLATE_NOOP("UserSwitch", "县级管理员"),
)


class EndingSession(Protocol):
    """What `WindowLock.commit_data` uses of the `QSessionManager` Windows' logoff hands over."""

    def allowsInteraction(self) -> bool: ...
    def cancel(self) -> None: ...
    def release(self) -> None: ...


class WindowLock(QObject):
    """The lock over the window: what it hides and its ways out; and the program ending, locked or not, with work
    of the person who typed it still open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: LoginDialog | None = None
        self.covered: list[QDialog] = []  # dialogs hidden while locked
        self.veiled: list[_Veil] = []  # dialogs the program waits on (exec), emptied while locked
        # What would be lost at the end was named and given up (or nothing was): the window's close asks no more.
        self.leaving = False
        self._quitting_from: LoginDialog | None = None  # 退出安居 pressed, while the saves before it finish
        self._said = ""  # what the lock said before 正在保存…
        app = QApplication.instance()
        # Windows logging off or shutting down ends the program without closing the window.
        app.commitDataRequest.connect(self.commit_data)  # type: ignore[union-attr]
        app.aboutToQuit.connect(self.finish_saves)  # type: ignore[union-attr]
        self._watching_the_end = True

    def lock(self, *, idle: bool = False, switching: bool = False) -> None:
        """Hide the data behind a password prompt; only the same user's password unlocks it, another person may log
        in with their own (换人登录, `UserSwitch`), or 退出安居 quits."""
        window = self.window
        if self.dialog is not None or not window.has_store:  # nothing to hide before the store has loaded
            return
        window.locked.emit()
        window.central.hide()
        window.statusBar().clearMessage()  # e.g. 已接受：… names the person
        # A dialog open over the screens (a finding to accept shows a member's name and ID number, 减员 its
        # reason) would stay in view beside the lock for anyone walking up to read: hidden until it is unlocked.
        # Those the program waits on (exec: a password prompt, 添加账号, a message naming a person) would end if
        # hidden, as if answered 取消, and what was typed in them lost: they stay open, emptied of all they show.
        open_dialogs = [d for d in window.findChildren(QDialog) if d.isWindow() and d.isVisible()]
        self.covered = [d for d in open_dialogs if d.windowModality() == Qt.WindowModality.WindowModal]
        for covered in self.covered:
            covered.hide()
        self.veiled = [_Veil(d) for d in open_dialogs if d not in self.covered]
        dialog = LoginDialog(
            window.store, window, username=window.account.username, locked=True, idle=idle, switching=switching
        )
        self.dialog = dialog
        dialog.accepted.connect(self._unlock)
        dialog.switch_requested.connect(window.switching.request)
        dialog.quit_requested.connect(self.quit)
        dialog.open()

    def _unlock(self) -> None:
        self.dialog = None
        self._quitting_from = None
        self.window.switching.agreed = False
        self.window.central.show()
        for covered in self.covered:
            covered.show()
        self.covered = []
        for veil in self.veiled:
            veil.lift()  # as they were: what was typed, where the cursor was
        self.veiled = []
        self.window.idle.restart()

    def give_up_covered(self) -> None:
        """The dialogs the lock hid are ended unanswered: their person agreed to give them up. Those the program
        waits on end as 取消: their questions were to the person who left, not to whoever logs in next."""
        for covered in self.covered:
            covered.done(QDialog.DialogCode.Rejected)
        self.covered = []
        self._end_veiled()

    def _end_veiled(self) -> None:
        for veil in self.veiled:
            veil.lift()
            if shiboken6.isValid(veil.dialog):
                veil.dialog.done(QDialog.DialogCode.Rejected)
        self.veiled = []

    # ---- 退出安居, and the window closed while locked -------------------------------------------------------------

    def quit(self) -> None:
        """退出安居: once the saves of the person who left are done, quit; what cannot be saved is named first."""
        dialog = self.dialog
        if dialog is None or self._quitting_from is dialog:
            return
        self._quitting_from = dialog
        self._said = dialog.message.text()
        _save_what_can_be(self.window)  # a save that failed is tried again, as theirs
        if _excel_busy(self.window):  # the import holds the database queue for minutes: named, not waited for
            self._ask_quit(dialog)
            return
        dialog.message.setText(self.tr("正在保存%1的修改……").replace("%1", self.window.account.display_name))
        _after_saves(self.window, lambda: self._ask_quit(dialog), self)

    def _ask_quit(self, asked_at: LoginDialog) -> None:
        if self.dialog is not asked_at or self._quitting_from is not asked_at:  # unlocked meanwhile
            return
        lost = lost_on_quitting(self.window)
        if not lost or self.window.switching.agreed:  # or given up by its person at 换人登录, as the switch does
            self._leave()
            return
        leaving = self.window.account.display_name
        asked_at.message.setText(self._said)
        confirm(
            asked_at,
            "confirm_quit_lose",
            QMessageBox.Icon.Warning,
            self.tr("%1有内容没有保存").replace("%1", leaving),
            self.tr(
                "%1离开时，下面这些内容没有保存：\n%2\n退出安居会丢弃这些内容。"
                "要保留，请%1用自己的密码解锁，处理后再退出。"
            )
            .replace("%1", leaving)
            .replace("%2", _listed(lost)),
            (self.tr("丢弃并退出(&D)"), self.tr("取消(&C)")),
            lambda: self._leave() if self.dialog is asked_at else None,
            lambda: setattr(self, "_quitting_from", None) if self._quitting_from is asked_at else None,
        )

    def _leave(self) -> None:
        self.leaving = True
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Rejected)  # `done`: the lock's own reject() refuses to close it
        # A dialog the program waits on would keep it running, unseen, after the window closed.
        self._end_veiled()
        self.window.close()

    # ---- the window closed -------------------------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Whether the window may close now. Locked (a close from the taskbar or Alt+F4 that gets through), it is
        退出安居, its questions asked at the lock, and the window stays until they are answered. Else the field being
        typed is saved, and an import the close would cancel or work that cannot be saved is asked about first."""
        if self.dialog is not None and not self.leaving:
            self.quit()
            return False
        window = self.window
        if (
            _excel_busy(window)
            and not self.leaving
            and not self._ask(
                self.tr("正在导入或导出"),
                self.tr("Excel 导入或导出还没有完成。现在关闭会取消它：导入的数据一条也不会保存。确定关闭吗？"),
            )
        ):
            return False
        editor = window.open_editor
        if editor is None:
            return True
        editor.flush()  # the field being typed is saved too
        if self.leaving:  # named at the lock, and given up
            return True
        if editor.session.unsaved:
            return self._ask(
                self.tr("修改没有保存"),
                self.tr(
                    "正在编辑的这一户，最近的修改没有保存（如磁盘已满）。现在关闭会丢失这些修改。"
                    "请先腾出磁盘空间，在这一户按 Ctrl+S，看到“已保存”后再关闭。确定现在关闭吗？"
                ),
            )
        if editor.unsaved_new_household():
            return self._ask(
                self.tr("这一户还没有保存"),
                self.tr(
                    "正在新增的这一户还没有选择安置点，填写的内容一项也没有保存。现在关闭会丢弃这些内容。"
                    "要保留，请先选择安置点再关闭。确定现在关闭吗？"
                ),
            )
        return True

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self.window,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def closed(self) -> None:
        """The window closed (a close may come again, to a closed window): the program's end is not its to watch."""
        app = QApplication.instance()
        if self._watching_the_end:
            app.commitDataRequest.disconnect(self.commit_data)  # type: ignore[union-attr]
            app.aboutToQuit.disconnect(self.finish_saves)  # type: ignore[union-attr]
        self._watching_the_end = False

    # ---- Windows logging off or shutting down -----------------------------------------------------------------------

    def commit_data(self, session: EndingSession) -> None:
        """``commitDataRequest``: Windows is logging off or shutting down, and will end the program without closing
        its window. What can be saved is saved now, under the name of whoever typed it; what cannot is named, and
        the logoff may be cancelled to keep it."""
        window = self.window
        if not window.has_store or self.leaving:
            return
        _save_what_can_be(window)
        if not _excel_busy(window):
            window.runner.wait()  # saves take a moment; Windows waits for the answer
            QCoreApplication.sendPostedEvents()  # their outcomes: a save that failed leaves the household unsaved
        lost = lost_on_quitting(window)
        if not lost or not session.allowsInteraction():
            return
        leaving = window.account.display_name
        if self.dialog is not None:  # locked: the person whose work it is may not be the one at the screen
            text = (
                self.tr(
                    "Windows 正在注销或关机。%1离开时，下面这些内容没有保存：\n%2\n继续会丢弃这些内容。"
                    "要保留，请点“取消注销”，由%1用自己的密码解锁，处理后再注销或关机。"
                )
                .replace("%1", leaving)
                .replace("%2", _listed(lost))
            )
        else:
            text = self.tr(
                "Windows 正在注销或关机。下面这些内容没有保存：\n%1\n继续会丢弃这些内容。"
                "要保留，请点“取消注销”，处理后再注销或关机。"
            ).replace("%1", _listed(lost))
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("%1有内容没有保存").replace("%1", leaving),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.dialog or window,
        )
        box.setObjectName("confirm_logoff_lose")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("丢弃并注销(&D)"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消注销(&C)"))
        answer = box.exec()  # Windows waits on this answer before it goes on
        box.deleteLater()
        if answer != QMessageBox.StandardButton.Yes:
            session.cancel()
        session.release()

    def finish_saves(self) -> None:
        """``aboutToQuit``: a logoff ends the program right after this, the window never closed. The field being
        typed is saved and every save queued finishes first (at a normal close the window has done both)."""
        window = self.window
        if not window.has_store:
            return
        _save_what_can_be(window)
        window.runner.shutdown()


class UserSwitch(QObject):
    """The hand-over from the window's person to another: checks, asks, waits for the saves, then hands over."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # the person leaving agreed to give up what cannot be saved (cleared when the window is unlocked)
        self.agreed = False
        self._waiting_for: Account | None = None  # the next person, while the saves before them finish
        self._name: QToolButton  # who is working, in the status bar (`name_button`)

    def name_button(self) -> QToolButton:
        """Who is working, for the status bar; a click on the name is 换人登录, and its arrow offers 修改密码 (the
        one place a 采集员, who has no 设置, can change their own password) and 锁定."""
        button = QToolButton(self.window)
        button.setObjectName("current_user")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip(
            self.tr("换人登录（Ctrl+Shift+L）：锁定，由下一位输入自己的用户名和密码。点右边的箭头可修改密码")
        )
        button.clicked.connect(self.from_window)
        menu = QMenu(button)
        menu.setObjectName("current_user_menu")
        menu.addAction(self.tr("换人登录(&H)\tCtrl+Shift+L"), self.from_window)
        menu.addAction(self.tr("锁定(&L)\tCtrl+L"), lambda: self.window.lock())
        menu.addSeparator()
        change = menu.addAction(self.tr("修改密码(&P)…"), self.change_password)
        change.setObjectName("change_own_password")
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self._name = button
        self.show_user()
        return button

    def change_password(self) -> None:
        """修改密码 for whoever is logged in now (`desktop.password_dialog`)."""
        window = self.window
        if not window.has_store:
            window.statusBar().showMessage(self.tr("正在打开数据库，请稍候再修改密码。"), 5000)
            return
        from desktop.password_dialog import change_own_password

        change_own_password(window.store, window.account, window)

    def show_user(self) -> None:
        account = self.window.account
        role = self.tr(account.role)  # the roles are marked for translation in ROLE_NAMES
        self._name.setText(self.tr("%1（%2）").replace("%1", account.display_name).replace("%2", role))

    # ---- what stands in the way -------------------------------------------------------------------------------------

    def running_work(self) -> str | None:
        """What runs that the switch must wait for, in words for the lock screen; None when nothing does."""
        sync = self.window.pages.get("sync")
        if _excel_busy(self.window):
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
        for dialog in self.window.lock_screen.covered:
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
        _after_saves(self.window, lambda: self._saved(account, dialog), self)

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
            self.hand_over(account)
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
            lambda: self.hand_over(account) if self.window.lock_dialog is dialog else None,
        )

    def hand_over(self, account: Account) -> None:
        """Hand the window over to ``account`` (their password checked, the saves before them done): the screens of
        their role, built anew, their name in the status bar and on what they save."""
        window = self.window
        dialog = window.lock_dialog
        window.lock_screen.give_up_covered()  # questions to the person who left, who agreed to give them up
        window.rebuild_for(account)
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Accepted)  # the lock's unlock shows the new screens
        window.statusBar().showMessage(self.tr("已换人登录：%1").replace("%1", account.display_name), 8000)
        window.activateWindow()  # from the closed lock: the next person's first keys go to the search
        window.households.search.setFocus()


class _Veil:
    """A dialog the program waits on (exec), left open when the laptop locked: hiding it would end it, so while
    locked it shows nothing (its contents hidden, its title blank, the window itself see-through where Windows
    allows), and `lift` shows it again as it was."""

    def __init__(self, dialog: QDialog) -> None:
        self.dialog = dialog
        self.title = dialog.windowTitle()
        self.focus = dialog.focusWidget()
        self.opacity = dialog.windowOpacity()
        self.shown = [
            w
            for w in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if not w.isWindow() and w.isVisible()
        ]
        for widget in self.shown:
            widget.hide()
        dialog.setWindowTitle("")
        dialog.setWindowOpacity(0.0)

    def lift(self) -> None:
        dialog = self.dialog
        if not shiboken6.isValid(dialog):  # gone with the screens it was asked from
            return
        dialog.setWindowOpacity(self.opacity)
        dialog.setWindowTitle(self.title)
        for widget in self.shown:
            if shiboken6.isValid(widget):
                widget.show()
        if self.focus is not None and shiboken6.isValid(self.focus):
            self.focus.setFocus()
        self.shown = []


def lost_on_quitting(window: MainWindow) -> list[str]:
    """What the program ending now would lose: the work that cannot be saved, and an Excel import it cancels."""
    lost = window.switching.unsaved_work()
    if _excel_busy(window):
        lost.insert(
            0,
            QCoreApplication.translate(
                "UserSwitch", "“导入导出”正在导入或导出 Excel：退出会取消它，导入的数据一条也不会保存。"
            ),
        )
    return lost


def _excel_busy(window: MainWindow) -> bool:
    return window.excel is not None and window.excel.busy


def _save_what_can_be(window: MainWindow) -> None:
    """The field being typed is committed and the household's changes queued for saving (a failed save again)."""
    editor = window.open_editor
    if editor is not None and editor.session.draft is not None:
        editor.flush()


def _after_saves(window: MainWindow, then: Callable[[], None], owner: QObject) -> None:
    # The runner runs database work one job at a time, in order: this empty job ends after every save queued
    # under the person leaving.
    window.runner.start(lambda _progress: None, on_done=lambda _none: then(), owner=owner)


def _tell(parent: QWidget, name: str, title: str, text: str) -> QMessageBox:
    """A message with one button, shown without blocking (tests read it)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.open()
    return box


def _listed(lines: list[str]) -> str:
    return "\n".join(f"· {line}" for line in lines)

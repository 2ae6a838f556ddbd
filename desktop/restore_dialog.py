"""从备份恢复 in the app: pick a backup, type an encrypted one's passphrase, restore it with `forms.backup.restore`.

A station worker on a new laptop does not use a console: the first-run dialog offers this beside creating a new
database, and 设置 offers it to the 站长. Nothing here restores by itself: `choose_backup` asks (the file, and the
passphrase, tried at once so a wrong one is said while the dialog is still open), and `restore_chosen` calls
`forms.backup.restore` off the UI thread once the caller has closed its own store (the restore refuses a database
that any connection, this program's included, still holds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import Progress, TaskRunner
from forms.errors import AnjuError

if TYPE_CHECKING:  # the first screens come up before the store's modules load (`desktop.app`)
    from forms.backup import BackupResult
    from sync.outbox import SentAndHeld

T = TypeVar("T")


def _ui_text(zh: str, en: str) -> str:
    return en if QLocale().language() == QLocale.Language.English else zh


@dataclass(frozen=True)
class ChosenBackup:
    """A backup to restore, and the passphrase that opens it (None: a plain copy)."""

    path: Path
    passphrase: str | None


def in_background(parent: QWidget | None, text: str, work: Callable[[], T]) -> T:
    """Run ``work`` on a worker thread while a busy dialog shows ``text``; its result, or what it raised."""
    runner = TaskRunner()
    busy = QProgressDialog(text, "", 0, 0, parent)
    busy.setObjectName("restore_busy")
    busy.setWindowTitle(QCoreApplication.translate("RestoreBackup", "从备份恢复"))
    busy.setCancelButton(None)  # a restore half done is not cancelled: it finishes or changes nothing
    busy.setWindowModality(Qt.WindowModality.ApplicationModal)
    busy.setMinimumDuration(0)
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def done(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException, _traceback: str) -> None:
        outcome["error"] = exc
        loop.quit()

    def run(_progress: Progress) -> T:
        return work()

    runner.start(run, on_done=done, on_error=failed)
    busy.show()
    if not outcome:
        loop.exec()
    runner.wait()
    busy.close()
    busy.deleteLater()
    runner.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def tell_failure(parent: QWidget | None, exc: BaseException) -> None:
    text = _ui_text(exc.zh, exc.en) if isinstance(exc, AnjuError) else f"{type(exc).__name__}: {exc}"
    title = QCoreApplication.translate("RestoreBackup", "没有恢复")
    _tell(parent, "restore_failed", QMessageBox.Icon.Warning, title, text)


def _tell(parent: QWidget | None, name: str, icon: QMessageBox.Icon, title: str, text: str) -> None:
    """A message with 确定, waited on: what became of the restore, before the login comes up."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("RestoreBackup", "确定(&O)"))
    box.exec()
    box.deleteLater()


class RestorePassphraseDialog(QDialog):
    """The passphrase of an encrypted backup. It is tried as soon as it is given: a wrong one says so and the
    dialog stays open for another try; nothing is restored until one opens the backup."""

    def __init__(self, backup: Path, db: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backup, self.db = backup, db
        self.setObjectName("restore_passphrase_dialog")
        self.setWindowTitle(self.tr("从备份恢复 — 输入备份口令"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr("“%1”是加密备份。请输入备份时设定的口令：").replace("%1", backup.name),
            self,
        )
        intro.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("restore_passphrase")
        self.passphrase.setAccessibleName(self.tr("备份口令"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("restore_passphrase_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("打开备份(&O)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        buttons.accepted.connect(self.try_passphrase)
        buttons.rejected.connect(self.reject)
        self.passphrase.returnPressed.connect(self.try_passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def try_passphrase(self) -> None:
        from forms import sealed_backup
        from forms.backup import check_sealed_backup

        passphrase = self.passphrase.text()
        if not passphrase:
            self.message.setText(self.tr("请输入备份口令。"))
            return
        self.message.setText(self.tr("正在检查口令……"))

        def check() -> None:  # about half a second (scrypt): off the UI thread
            header = check_sealed_backup(self.backup, self.db)
            sealed_backup.key_from_passphrase(header, passphrase, self.backup.name)

        try:
            in_background(self, self.tr("正在检查口令……"), check)
        except sealed_backup.WrongBackupPassphrase as exc:
            self.message.setText(_ui_text(exc.zh, exc.en))
            self.passphrase.clear()
            self.passphrase.setFocus()
            return
        except AnjuError as exc:  # damaged, or another station's: not a matter of retyping
            self.message.clear()
            tell_failure(self, exc)
            self.reject()
            return
        self.accept()


def choose_backup(parent: QWidget | None, db: Path) -> ChosenBackup | None:
    """Ask for the backup to restore into ``db`` and, for an encrypted one, its passphrase (tried at once).

    None when the user cancelled, or was told why the file cannot be restored (damaged, made by a newer Anju,
    another station's) or why nothing can be restored into ``db`` (read-only, `forms.backup.cannot_restore_into`)."""
    from forms import sealed_backup
    from forms.backup import cannot_restore_into, check_sealed_backup

    # A database that cannot be written is said before the worker looks for the backup and types its passphrase:
    # the restore found it only half-way, and said it as a full disk.
    if (problem := cannot_restore_into(db)) is not None:
        tell_failure(parent, problem)
        return None
    chosen, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("RestoreBackup", "选择要恢复的备份"),
        str(Path.home()),
        QCoreApplication.translate("RestoreBackup", "安居备份 (*.anju-backup *.sqlite.gz *.sqlite *.db);;所有文件 (*)"),
    )
    if not chosen:
        return None
    backup = Path(chosen)
    try:
        if not sealed_backup.is_sealed_backup(backup):
            return ChosenBackup(backup, None)  # a plain copy: `restore` checks it before it replaces anything
        check_sealed_backup(backup, db)  # damaged, newer, another station's: said before any passphrase is asked
        dialog = RestorePassphraseDialog(backup, db, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        return ChosenBackup(backup, dialog.passphrase.text()) if accepted else None
    except AnjuError as exc:
        tell_failure(parent, exc)
        return None


def restore_chosen(parent: QWidget | None, chosen: ChosenBackup, db: Path) -> BackupResult | None:
    """Restore ``chosen`` into ``db`` (every connection to it closed first, by the caller), off the UI thread.

    The result, or None after saying why nothing was restored (the database is then as it was)."""
    from forms.backup import restore

    try:
        return in_background(
            parent,
            QCoreApplication.translate("RestoreBackup", "正在从备份恢复，请稍候……"),
            lambda: restore(chosen.path, db, chosen.passphrase),
        )
    except AnjuError as exc:
        tell_failure(parent, exc)
        return None


def tell_restored(parent: QWidget | None, result: BackupResult, before: SentAndHeld | None = None) -> None:
    """Say that the backup is in place, where the replaced database was kept, that the backup's accounts log in
    now, and, for an enrolled station, what its next sync will meet. ``before``: how far the replaced database's
    changes went (`sync.outbox.sent_and_held`), when it was this station's (a restore from 设置)."""
    from sync.outbox import sent_and_held

    text = QCoreApplication.translate("RestoreBackup", "已从备份恢复。请用备份里的账号和密码登录。")
    if result.kept is not None:
        text += "\n\n" + QCoreApplication.translate("RestoreBackup", "原来的数据库另存为：%1").replace(
            "%1", str(result.kept)
        )
    after = sent_and_held(result.path)
    if after is not None and before is not None and before.sent > after.held:
        # The county holds changes this copy lacks, and its next ones would reuse their numbers: refused, so
        # that nothing recorded from now on is dropped unseen.
        text += "\n\n" + QCoreApplication.translate(
            "RestoreBackup",
            "这份备份比本站已发到县里的数据旧。备份之后发到县里的内容县里都有，不会丢；但县里会拒收本站的下一批"
            "（以免恢复后录入的内容被悄悄丢掉）。请县里停用并重新登记本站，然后在“同步”页点“导入新登记包…”："
            "之后同步，恢复后录入的内容送到县里，县里的数据随回执回到本站。",
        )
    elif after is not None and before is None:  # a new laptop: how far the old one had sent is not known here
        text += "\n\n" + QCoreApplication.translate(
            "RestoreBackup",
            "本站已登记到县里。如果这份备份比最近一次同步旧，下次同步时县里会拒收本站的批次并说明原因"
            "（从旧备份恢复过）：那时请县里重新登记本站，再在“同步”页点“导入新登记包…”。",
        )
    title = QCoreApplication.translate("RestoreBackup", "恢复完成")
    _tell(parent, "restore_done", QMessageBox.Icon.Information, title, text)

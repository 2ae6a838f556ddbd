"""The 同步 page's two dialogs: choosing the USB stick a batch goes to, and typing an enrolment package's one-time
passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.county.common import Notice
from desktop.page_parts import default_folder
from desktop.tasks import TaskRunner
from sync.drives import Drive, removable_drives

OTHER_PLACE = "other"  # the list's last item: a folder chosen in a file dialog


class ExportDialog(QDialog):
    """导出到U盘: the removable drives, and 其他位置… for any folder. ``folder`` holds the choice once accepted."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.folder: Path | None = None
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("导出到U盘"))
        self.setMinimumWidth(460)
        prompt = QLabel(self.tr("选择要写入批次文件的U盘："), self)
        self.drives = QListWidget(self)
        self.drives.setObjectName("drive_list")
        self.drives.setAccessibleName(self.tr("U盘列表"))
        self.drives.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 6px 4px; }")
        prompt.setBuddy(self.drives)
        self.hint = QLabel(self)
        self.hint.setObjectName("drive_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555")
        self.refresh_button = QPushButton(self.tr("刷新(&R)"), self)
        self.refresh_button.setObjectName("refresh_drives")
        self.refresh_button.clicked.connect(self.find_drives)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("导出(&E)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export_confirm")
        self.buttons.addButton(self.tr("取消(&C)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        self.drives.itemActivated.connect(lambda _item: self.choose())
        self.drives.currentRowChanged.connect(lambda row: self.export_button.setEnabled(row >= 0))
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.drives)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.find_drives()

    def find_drives(self) -> None:
        """Ask the system for USB sticks off the UI thread (a sleeping drive can take seconds to answer)."""
        self.hint.setText(self.tr("正在查找U盘……"))
        self.export_button.setEnabled(False)
        self.runner.start(lambda _progress: removable_drives(), on_done=self.show_drives, owner=self)

    def show_drives(self, drives: list[Drive]) -> None:
        self.drives.clear()
        for drive in drives:
            named = self.tr("%1（%2）").replace("%2", str(drive.path)).replace("%1", drive.label)  # “KINGSTON (E:\)”
            text = drive.label if drive.label == str(drive.path) else named
            item = QListWidgetItem(text, self.drives)
            item.setData(Qt.ItemDataRole.UserRole, str(drive.path))
        other = QListWidgetItem(self.tr("其他位置…"), self.drives)
        other.setData(Qt.ItemDataRole.UserRole, OTHER_PLACE)
        self.hint.setText(
            self.tr("找到 %1 个U盘。").replace("%1", str(len(drives)))
            if drives
            else self.tr("没有找到U盘。请插好U盘后点“刷新”，或选择“其他位置…”。")
        )
        self.drives.setCurrentRow(0)

    def choose(self) -> None:
        item = self.drives.currentItem()
        if item is None:
            return
        chosen = item.data(Qt.ItemDataRole.UserRole)
        if chosen == OTHER_PLACE:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("选择导出到的文件夹"), default_folder())
            if not chosen:
                return
        self.folder = Path(chosen)
        self.accept()


class PassphraseDialog(QDialog):
    """The one-time passphrase for a station package. It stays open on a wrong passphrase so it can be retyped."""

    submitted = Signal(str)

    def __init__(self, package: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.package = package
        self.again = False  # a new package for a station already enrolled (`SyncPage.pick_package`)
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle(self.tr("导入登记包"))
        self.setMinimumWidth(520)
        # Short unwrapped lines: a wrapped label in a dialog gets its height wrong and clips the text.
        text = QLabel(
            self.tr("登记包：%1").replace("%1", package.name)
            + "\n"
            + self.tr("请输入县里另行告知的一次性口令（空格和横线可省略）："),
            self,
        )
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setAccessibleName(self.tr("一次性口令"))
        self.passphrase.setPlaceholderText("ABCD-EFGH-JKLM-NPQR-STUV")
        self.message = Notice("passphrase_message", self)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(self.tr("导入(&I)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("passphrase_ok")
        self.ok.setEnabled(False)
        self.buttons.addButton(self.tr("取消(&C)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.passphrase.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        self.passphrase.returnPressed.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        if not self.passphrase.text().strip() or not self.ok.isEnabled():
            return
        self.ok.setEnabled(False)  # opening the package takes a moment (scrypt): one try at a time
        self.message.info(self.tr("正在打开登记包……"))
        self.submitted.emit(self.passphrase.text())

    def wrong(self, zh: str, en: str) -> None:
        self.message.error(zh, en)
        self.adjustSize()  # room for the message under the field
        self.passphrase.clear()
        self.passphrase.setFocus()

"""The dialogs of 县级 → 工作站: 登记工作站 (and the one-time passphrase it shows), 新增安置点 and 写出回执.

They call what `anju enrol`, `anju county site` and `anju county return-file` call (`sync.enrolment.enrol_station`,
`sync.county_sites.add_site`, `sync.county_return.write_return_file`) in the task runner. A refusal is said in the
dialog, which stays open with what was typed, so the clerk corrects one thing and tries again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.county.common import Notice, error_texts, local_time
from desktop.page_parts import default_folder
from desktop.tasks import TaskRunner
from forms.store import Store
from sync.county_return import ReturnFile, write_return_file
from sync.county_sites import CountySites, add_site, list_sites
from sync.county_stations import StationInfo
from sync.drives import Drive, removable_drives
from sync.enrolment import PACKAGE_SUFFIX, Enrolment, enrol_station
from sync.errors import SyncError

PASSPHRASE_STYLE = (
    "font-family: Consolas, 'DejaVu Sans Mono', monospace; font-size: 28px; font-weight: bold; "
    "padding: 10px 16px; border: 2px solid #1b5e20; background: #f1f8e9; color: #000;"
)


def enrol_to(store: Store, name: str, codes: list[str], out: Path, actor: str) -> Enrolment:
    """`enrol_station`, where a path that is no folder and no package file name is a folder that is not there (the
    stick not plugged in): ``D:\\U盘`` would otherwise become a package file ``U盘`` the station's dialog hides."""
    if not out.is_dir() and out.suffix != PACKAGE_SUFFIX:
        raise SyncError(
            f"文件夹“{out}”不存在。请确认U盘已插好，或选择一个已有的文件夹。",
            f"The folder “{out}” does not exist. Check that the USB stick is plugged in, or pick an existing folder.",
        )
    return enrol_station(store, name, codes, out, actor)


class Destination(QWidget):
    """Where a file goes: a folder (the USB stick, filled in when one is plugged in) or a file typed in full."""

    def __init__(self, runner: TaskRunner, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit(self)
        self.path.setObjectName(name)
        self.path.setAccessibleName(accessible)
        self.path.setPlaceholderText(self.tr("例如 E:\\（U盘）"))
        self.browse = QPushButton(self.tr("浏览(&B)…"), self)
        self.browse.setObjectName(f"{name}_browse")
        self.browse.setAccessibleName(self.tr("选择文件夹"))
        self.browse.clicked.connect(self.choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path, 1)
        layout.addWidget(self.browse)
        # A sleeping drive can take seconds to answer: ask off the UI thread, fill in only what nobody typed.
        runner.start(lambda _progress: removable_drives(), on_done=self._found, owner=self, droppable=True)

    def _found(self, drives: list[Drive]) -> None:
        if drives and not self.path.text().strip():
            self.path.setText(str(drives[0].path))

    def choose(self) -> None:
        start = self.path.text().strip()
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("选择文件夹"), start if start and Path(start).is_dir() else default_folder()
        )
        if chosen:
            self.path.setText(str(Path(chosen)))

    def text(self) -> str:
        return self.path.text().strip()


def _buttons(dialog: QDialog, ok_text: str, ok_name: str, cancel_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK and Cancel with texts of their own and an Alt+letter each (Qt's 确定 and 取消 have none)."""
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName(ok_name)
    box.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    box.rejected.connect(dialog.reject)
    return box, ok


class WorkDialog(QDialog):
    """A dialog whose OK runs work in the task runner. Refused, it says why and stays open with what was typed; while
    the work runs it does not close (Esc, 取消), so what the work did — an enrolment and its passphrase — is never
    done unseen. A subclass makes ``message`` and ``ok``."""

    message: Notice
    ok: QPushButton

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.busy = False

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], said: str) -> None:
        self.busy = True
        self.ok.setEnabled(False)
        self.message.info(said)

        def finished(result: Any) -> None:
            self.busy = False
            done(result)

        def failed(exc: BaseException, _traceback: str) -> None:
            self.busy = False
            self.refused(*error_texts(exc))

        self.runner.start(lambda _progress: work(), on_done=finished, on_error=failed, owner=self)

    def refused(self, zh: str, en: str) -> None:
        self.message.error(zh, en)
        self.ok.setEnabled(True)
        self.adjustSize()  # room for the message

    def reject(self) -> None:
        if not self.busy:
            super().reject()


# ---- 新增安置点 ------------------------------------------------------------------------------------------------------


class SiteDialog(WorkDialog):
    """新增安置点: its code and name (both needed), its county, town and address. ``added`` gives the code."""

    added = Signal(str)

    def __init__(
        self, store: Store, runner: TaskRunner, actor: str, county_name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, parent)
        self.store, self.actor = store, actor
        self.setObjectName("site_dialog")
        self.setWindowTitle(self.tr("新增安置点"))
        self.setMinimumWidth(440)
        self.code = self._field("site_code", self.tr("安置点编码"), 32, self.tr("例如 S04"))
        self.name = self._field("site_name", self.tr("安置点名称"), 100, self.tr("例如 幸福社区"))
        self.county = self._field("site_county", self.tr("所属县"), 50)
        self.county.setText(county_name)
        self.town = self._field("site_town", self.tr("所在乡镇"), 50)
        self.address = self._field("site_address", self.tr("地址"), 200)
        form = QFormLayout()
        for text, field in (
            (self.tr("编码(&O)："), self.code),
            (self.tr("名称(&N)："), self.name),
            (self.tr("所属县(&U)："), self.county),
            (self.tr("乡镇(&T)："), self.town),
            (self.tr("地址(&D)："), self.address),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        explain = QLabel(self.tr("编码和名称必填。新安置点随下一次回执到达各工作站。"), self)
        explain.setStyleSheet("color: #555;")
        self.message = Notice("site_message", self)
        self.buttons, self.ok = _buttons(self, self.tr("添加(&A)"), "site_add", self.tr("取消(&C)"))
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _field(self, name: str, accessible: str, length: int, placeholder: str = "") -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setMaxLength(length)
        field.setPlaceholderText(placeholder)
        return field

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        code, name = self.code.text().strip(), self.name.text().strip()
        if not code or not name:
            missing = self.code if not code else self.name
            self.refused(
                self.tr("请填写安置点的编码和名称，两者都必填。"),
                "Type the site's code and its name; both are needed.",
            )
            missing.setFocus()
            return
        store, actor = self.store, self.actor
        fields = {"county": self.county.text(), "town": self.town.text(), "address": self.address.text()}
        self.run(
            lambda: add_site(store, code, name, actor, **fields), lambda _id: self._done(code), self.tr("正在添加……")
        )

    def _done(self, code: str) -> None:
        self.added.emit(code)
        self.accept()


# ---- 登记工作站 ------------------------------------------------------------------------------------------------------


class EnrolDialog(WorkDialog):
    """登记工作站: the station's name, the sites it serves (checked in the county's list) and where the package goes.
    ``enrolled`` gives the `Enrolment` (with the passphrase) once the package is written; then the dialog closes."""

    enrolled = Signal(object)
    sites_added = Signal()

    def __init__(self, store: Store, runner: TaskRunner, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.store, self.actor = store, actor
        self.county_name = ""
        self.site_dialog: SiteDialog | None = None
        self.setObjectName("enrol_dialog")
        self.setWindowTitle(self.tr("登记工作站"))
        self.setMinimumWidth(560)
        self.name = QLineEdit(self)
        self.name.setObjectName("enrol_station_name")
        self.name.setAccessibleName(self.tr("工作站名称"))
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(self.tr("例如 者海镇工作站"))
        name_label = QLabel(self.tr("工作站名称(&N)："), self)
        name_label.setBuddy(self.name)
        self.sites = QListWidget(self)
        self.sites.setObjectName("enrol_sites")
        self.sites.setAccessibleName(self.tr("服务的安置点"))
        self.sites.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 3px 2px; }")
        self.sites.setMinimumHeight(120)
        sites_label = QLabel(self.tr("服务的安置点(&S)（勾选一个或多个；空格键勾选）："), self)
        sites_label.setBuddy(self.sites)
        self.add_site_button = QPushButton(self.tr("新增安置点(&A)…"), self)
        self.add_site_button.setObjectName("enrol_add_site")
        self.add_site_button.setAccessibleName(self.tr("新增安置点"))
        self.add_site_button.clicked.connect(self.ask_add_site)
        self.destination = Destination(runner, "enrol_out", self.tr("登记包写到"), self)
        out_label = QLabel(self.tr("登记包写到(&T)："), self)
        out_label.setBuddy(self.destination.path)
        out_hint = QLabel(
            self.tr("选U盘等文件夹时，登记包以工作站名称命名；也可以写出以 %1 结尾的完整文件名。").replace(
                "%1", PACKAGE_SUFFIX
            ),
            self,
        )
        out_hint.setStyleSheet("color: #555;")
        out_hint.setWordWrap(True)
        self.message = Notice("enrol_message", self)
        self.buttons, self.ok = _buttons(self, self.tr("登记(&E)"), "enrol_confirm", self.tr("取消(&C)"))
        self.ok.setEnabled(False)  # until the sites are read
        self.buttons.accepted.connect(self.submit)
        sites_row = QHBoxLayout()
        sites_row.addWidget(sites_label, 1)
        sites_row.addWidget(self.add_site_button)
        layout = QVBoxLayout(self)
        layout.addWidget(name_label)
        layout.addWidget(self.name)
        layout.addLayout(sites_row)
        layout.addWidget(self.sites, 1)
        layout.addWidget(out_label)
        layout.addWidget(self.destination)
        layout.addWidget(out_hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load_sites()

    def load_sites(self, check: str | None = None) -> None:
        """Read the county's sites (again, after one was added: ``check`` it), keeping what was checked."""
        store = self.store
        keep = set(self.checked()) | ({check} if check else set())
        self.runner.start(
            lambda _progress: list_sites(store),
            on_done=lambda found: self.show_sites(found, keep),
            on_error=lambda exc, _traceback: self.message.error(*error_texts(exc)),
            owner=self,
        )

    def show_sites(self, found: CountySites, checked: set[str]) -> None:
        self.county_name = found.county_name
        self.sites.clear()
        for site in found.sites:
            text = f"{site.code}  {site.name}"
            if site.stations:
                text += self.tr("（已由 %1 服务）").replace("%1", self.tr("、").join(site.stations))
            item = QListWidgetItem(text, self.sites)
            item.setData(Qt.ItemDataRole.UserRole, site.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if site.code in checked else Qt.CheckState.Unchecked)
        if not found.sites:
            self.message.info(self.tr("本县还没有安置点。请先点“新增安置点…”添加工作站服务的安置点。"))
        if self.sites.count():
            self.sites.setCurrentRow(0)
        self.ok.setEnabled(True)

    def checked(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.sites.item(row) for row in range(self.sites.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def check(self, *codes: str) -> None:
        for row in range(self.sites.count()):
            item = self.sites.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in codes:
                item.setCheckState(Qt.CheckState.Checked)

    def ask_add_site(self) -> SiteDialog:
        dialog = SiteDialog(self.store, self.runner, self.actor, self.county_name, self)
        dialog.added.connect(self._site_added)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.site_dialog = dialog
        dialog.open()
        return dialog

    def _site_added(self, code: str) -> None:
        self.message.clear()
        self.load_sites(check=code)
        self.sites_added.emit()

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        name, codes, out = self.name.text().strip(), self.checked(), self.destination.text()
        if not name:
            self.name.setFocus()
            return self.refused(self.tr("请填写工作站名称，例如“者海镇工作站”。"), "Type the station's name.")
        if not codes:
            self.sites.setFocus()
            return self.refused(
                self.tr("请在列表中勾选该工作站服务的安置点（至少一个）。"),
                "Check at least one site the station serves.",
            )
        if not out:
            self.destination.path.setFocus()
            return self.refused(
                self.tr("请选择登记包写到哪里，例如U盘。"), "Choose where to write the package, e.g. the USB stick."
            )
        store, actor = self.store, self.actor
        self.run(lambda: enrol_to(store, name, codes, Path(out), actor), self._done, self.tr("正在写出登记包……"))

    def _done(self, made: Enrolment) -> None:
        self.enrolled.emit(made)
        self.accept()


class EnrolledDialog(QDialog):
    """The one-time passphrase, large, once: the county keeps it nowhere, and the package opens only with it."""

    def __init__(self, made: Enrolment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.made = made
        self.setObjectName("enrolled_dialog")
        self.setWindowTitle(self.tr("已登记工作站"))
        self.setMinimumWidth(560)
        heading = QLabel(self.tr("已登记工作站“%1”。登记包已写到：").replace("%1", made.station_name), self)
        heading.setStyleSheet("font-size: 14px;")
        path = QLabel(str(made.path), self)
        path.setObjectName("enrolled_path")
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path.setStyleSheet("font-size: 14px; font-weight: bold;")
        said = QLabel(self.tr("一次性口令（只显示这一次）："), self)
        said.setStyleSheet("font-size: 14px;")
        self.passphrase = QLabel(made.passphrase, self)
        self.passphrase.setObjectName("enrolled_passphrase")
        self.passphrase.setAccessibleName(self.tr("一次性口令"))
        self.passphrase.setTextFormat(Qt.TextFormat.PlainText)
        self.passphrase.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.passphrase.setStyleSheet(PASSPHRASE_STYLE)
        self.passphrase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.copy_button = QPushButton(self.tr("复制(&C)"), self)
        self.copy_button.setObjectName("enrolled_copy")
        self.copy_button.setAccessibleName(self.tr("复制口令"))
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel(self)
        self.copied.setObjectName("enrolled_copied")
        self.copied.setStyleSheet("color: #1b5e20;")
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase, 1)
        passphrase_row.addWidget(self.copy_button)
        reminder = QLabel(
            self.tr("请把口令另行告诉站长（电话或当面），不要写在U盘上，也不要和U盘放在一起。")
            + "\n"
            + self.tr("县里不保存口令：关闭本窗口后无法再查看。")
            + "\n"
            + self.tr("登记包只能使用一次：站长在工作站的“同步”页导入它并输入口令，之后请把它从U盘上删除。")
            + "\n"
            + self.tr("口令或登记包丢失时，请停用该工作站（停用工作站…），再以原名重新登记。"),
            self,
        )
        reminder.setObjectName("enrolled_reminder")
        reminder.setStyleSheet("color: #b00020;")
        reminder.setWordWrap(True)  # the English lines are longer than the Chinese
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("已记下口令，关闭(&K)"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.setObjectName("enrolled_close")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(path)
        layout.addWidget(said)
        layout.addLayout(passphrase_row)
        layout.addWidget(self.copied)
        layout.addWidget(reminder)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.made.passphrase)
        self.copied.setText(self.tr("已复制口令。"))

    def reject(self) -> None:
        """Esc or the window's ✕: not closed, since the passphrase would be gone for good (the package would need
        the station revoked and enrolled again); only 已记下口令，关闭 closes it."""
        self.copied.setText(self.tr("口令关闭后无法再查看：请先记下口令，再点“已记下口令，关闭”。"))


# ---- 写出回执 --------------------------------------------------------------------------------------------------------


class ReturnFileDialog(WorkDialog):
    """写出回执 for one station now, after the county reviewed: where to (the stick). ``written`` gives
    (path, ReturnFile) once it is written; then the dialog closes."""

    written = Signal(object)

    def __init__(self, store: Store, runner: TaskRunner, station: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.store, self.station = store, station
        self.setObjectName("return_file_dialog")
        self.setWindowTitle(self.tr("写出回执"))
        self.setMinimumWidth(520)
        explain = QLabel(
            self.tr("为工作站“%1”写出回执（上次回执：%2）。")
            .replace("%1", station.name)
            .replace("%2", local_time(station.last_return_at))
            + "\n"
            + self.tr("回执带去县里的审核结果（通过、退回）、冲突处理和其他更新；")
            + "\n"
            + self.tr("站长在工作站的“同步”页点“导入回执…”导入它。"),
            self,
        )
        explain.setStyleSheet("font-size: 14px;")
        self.destination = Destination(runner, "return_out", self.tr("回执写到的文件夹"), self)
        out_label = QLabel(self.tr("写到文件夹(&T)："), self)
        out_label.setBuddy(self.destination.path)
        self.message = Notice("return_file_message", self)
        self.buttons, self.ok = _buttons(self, self.tr("写出(&W)"), "return_file_confirm", self.tr("取消(&C)"))
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(out_label)
        layout.addWidget(self.destination)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        folder = self.destination.text()
        if not folder:
            self.destination.path.setFocus()
            return self.refused(
                self.tr("请选择回执写到哪个文件夹，例如U盘。"), "Choose the folder to write it in, e.g. the USB stick."
            )
        store, station_id = self.store, self.station.id
        self.run(lambda: write_return_file(store, station_id, Path(folder)), self._done, self.tr("正在写出回执……"))

    def _done(self, written: tuple[Path, ReturnFile]) -> None:
        self.written.emit(written)
        self.accept()

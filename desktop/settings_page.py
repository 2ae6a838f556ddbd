"""设置: accounts (the 站长 adds and turns off workers, and reads the 账户记录), the labour rule's settings, language,
backups."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.account_log_view import AccountLogView
from desktop.i18n import LANGUAGES, QT_TRANSLATE_NOOP
from desktop.login import EnterMovesOn, database_label
from desktop.page_parts import ask_to_go, scroll_page
from desktop.tasks import TaskRunner
from forms.backup import AUTO_BACKUP_DAYS, BackupResult, auto_backup_dir
from forms.errors import AnjuError
from forms.settings import RuleSettings, load_settings, save_settings
from forms.store import Store
from forms.users import ROLES, Account, create_user, list_users, set_active, set_password

# The roles (forms.users.ROLES) as shown, marked for lupdate in the context of each class that shows them; the
# stored values stay Chinese.
ROLE_TEXTS = (
    QT_TRANSLATE_NOOP("SettingsPage", "采集员"),
    QT_TRANSLATE_NOOP("SettingsPage", "站长"),
    QT_TRANSLATE_NOOP("SettingsPage", "县级管理员"),
    QT_TRANSLATE_NOOP("NewUserDialog", "采集员"),
    QT_TRANSLATE_NOOP("NewUserDialog", "站长"),
    QT_TRANSLATE_NOOP("NewUserDialog", "县级管理员"),
)


def _ui_text(zh: str, en: str) -> str:
    """A text the data carries in both languages, in the UI language (`desktop.i18n` sets the default locale)."""
    return en if QLocale().language() == QLocale.Language.English else zh


def tell(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> None:
    """A message with one button, 确定(&O): Qt's own (QMessageBox.warning) says 确定 with no Alt+letter."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("settings_message")
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("SettingsPage", "确定(&O)"))
    box.exec()
    if shiboken6.isValid(box):  # gone with the page when the next person logged in at the lock (`ask_password`)
        box.deleteLater()


def name_by_label(form: QFormLayout) -> None:
    """Give each input of a form the accessible name its label says (without the colon), as screen readers need."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        text = label.widget() if label is not None else None
        widget = field.widget() if field is not None else None
        if isinstance(text, QLabel) and text.text() and widget is not None and not widget.accessibleName():
            widget.setAccessibleName(text.text().rstrip("：:").strip())


class NewUserDialog(QDialog):
    def __init__(self, store: Store, by: str, roles: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.by = store, by
        self.setWindowTitle(self.tr("添加账号"))
        self.username = QLineEdit(self)
        self.username.setObjectName("new_user_username")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("new_user_display_name")
        self.role = QComboBox(self)
        self.role.setObjectName("new_user_role")
        for role in roles:
            self.role.addItem(self.tr(role), role)
        self.password = QLineEdit(self)
        self.password.setObjectName("new_user_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("用户名："), self.username)
        form.addRow(self.tr("姓名："), self.display_name)
        form.addRow(self.tr("角色："), self.role)
        form.addRow(self.tr("初始密码："), self.password)
        name_by_label(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("添加(&A)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        EnterMovesOn((self.username, self.display_name, self.role, self.password), self.create_account, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def create_account(self) -> None:
        try:
            create_user(
                self.store,
                self.username.text(),
                self.display_name.text(),
                self.role.currentData(),
                self.password.text(),
                by=self.by,
            )
        except AnjuError as exc:
            self.message.setText(_ui_text(exc.zh, exc.en))
            return
        self.accept()


class BackupPassphraseDialog(QDialog):
    """The passphrase a backup to a stick is encrypted with: typed twice, its strength shown, kept nowhere. It says
    who else can open the backup: the county (an enrolled station's) or nobody (a forgotten passphrase loses it)."""

    STRENGTHS = (
        QT_TRANSLATE_NOOP("BackupPassphraseDialog", "太短"),
        QT_TRANSLATE_NOOP("BackupPassphraseDialog", "弱"),
        QT_TRANSLATE_NOOP("BackupPassphraseDialog", "中"),
        QT_TRANSLATE_NOOP("BackupPassphraseDialog", "强"),
    )

    def __init__(self, county_can_open: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("设定备份口令"))
        self.setMinimumWidth(440)
        intro = QLabel(
            self.tr(
                "备份会加密：U盘丢失，捡到的人也看不到身份证号和健康信息。恢复时要输入这个口令。口令不保存在任何地方，请牢记。"
            ),
            self,
        )
        intro.setWordWrap(True)
        if county_can_open:
            who = self.tr("忘记口令时，可请县里用县级密钥打开这份备份。")
        else:
            who = self.tr("本数据库还没有登记到县里：忘记口令，这份备份就无法恢复。请把口令写下来，另外妥善保管。")
        self.fallback = QLabel(who, self)
        self.fallback.setObjectName("backup_fallback")
        self.fallback.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("backup_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("backup_passphrase_again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel(self)
        self.strength.setObjectName("backup_passphrase_strength")
        self.message = QLabel(self)
        self.message.setObjectName("backup_passphrase_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("口令："), self.passphrase)
        form.addRow(self.tr("强度："), self.strength)
        form.addRow(self.tr("再次输入："), self.again)
        name_by_label(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("加密备份(&B)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        self.passphrase.textChanged.connect(self.show_strength)
        EnterMovesOn((self.passphrase, self.again), self.check, self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fallback)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.show_strength("")

    def show_strength(self, text: str) -> None:
        from forms.sealed_backup import MIN_PASSPHRASE_LENGTH, passphrase_strength

        if not text:  # nothing typed is not "too short" yet: say what is asked instead
            hint = self.tr("至少%1个字符").replace("%1", str(MIN_PASSPHRASE_LENGTH))
            self.strength.setText(hint)
            self.strength.setStyleSheet("color: #555")
            return
        level = passphrase_strength(text)
        colour = ("#b00020", "#b00020", "#9a6700", "#1a7f37")[level]
        self.strength.setText(QCoreApplication.translate("BackupPassphraseDialog", self.STRENGTHS[level]))
        self.strength.setStyleSheet(f"color: {colour}")

    def check(self) -> None:
        from forms.sealed_backup import check_new_passphrase

        try:
            check_new_passphrase(self.passphrase.text(), self.again.text())
        except AnjuError as exc:
            self.message.setText(_ui_text(exc.zh, exc.en))
            return
        self.accept()


class SettingsPage(QWidget):
    # The labour rule's settings were saved: the dashboard and the worklists count again under them.
    rules_changed = Signal()
    # 从备份恢复…: the backup chosen (a `desktop.restore_dialog.ChosenBackup`), to restore once the window has
    # closed the database (`MainWindow.close_to_restore`)
    restore_requested = Signal(object)

    def __init__(self, store: Store, runner: TaskRunner, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.runner, self.account = store, runner, account
        self.setObjectName("settings_page")
        body = QWidget(self)  # it scrolls on a laptop's screen (`scroll_page`)
        layout = QVBoxLayout(body)
        layout.addWidget(self._accounts_box())
        layout.addWidget(self._rules_box())
        row = QHBoxLayout()
        row.addWidget(self._language_box())
        row.addWidget(self._backup_box())
        layout.addLayout(row)
        layout.addStretch(1)
        scroll_page(self, body, "settings")
        self.reload_users()

    # ---- accounts ---------------------------------------------------------------------------------------------

    def _accounts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("账号"), self)
        self.users = QTableWidget(0, 4, box)
        self.users.setObjectName("users_table")
        self.users.setAccessibleName(self.tr("账号"))
        self.users.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.users.setHorizontalHeaderLabels([self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态")])
        self.users.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.users.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.users.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.users.setMaximumHeight(180)
        add = QPushButton(self.tr("添加账号(&A)…"), box)
        add.clicked.connect(self.add_user)
        toggle = QPushButton(self.tr("停用 / 启用(&T)"), box)
        toggle.clicked.connect(self.toggle_user)
        reset = QPushButton(self.tr("重设密码(&P)…"), box)
        reset.clicked.connect(self.reset_password)
        # One's own password, with the current one asked: 重设密码 is for someone else's forgotten one.
        mine = QPushButton(self.tr("修改我的密码(&W)…"), box)
        mine.setObjectName("change_own_password")
        mine.clicked.connect(self.change_own_password)
        buttons = QHBoxLayout()
        for button in (add, toggle, reset):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(mine)
        # Who did what to which account, and the wrong passwords (`forms.account_log`): each change above adds a line.
        self.account_log = AccountLogView(self.store, box)
        layout = QVBoxLayout(box)
        layout.addWidget(self.users)
        layout.addLayout(buttons)
        layout.addWidget(self.account_log)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        # Lines were added since it was built (a wrong password at the lock, a password changed from the status bar).
        super().showEvent(event)
        self.account_log.reload()

    def reload_users(self) -> None:
        """The accounts, and the 账户记录 that each change to them adds to."""
        self.account_log.reload()
        accounts = list_users(self.store)
        self.users.setRowCount(len(accounts))
        for row, (account, active) in enumerate(accounts):
            values = (
                account.username,
                account.display_name,
                self.tr(account.role),
                self.tr("启用") if active else self.tr("停用"),
            )
            for column, value in enumerate(values):
                self.users.setItem(row, column, QTableWidgetItem(value))

    def _selected_username(self) -> str | None:
        item = self.users.item(self.users.currentRow(), 0)
        return item.text() if item is not None else None

    def _may_manage(self, username: str) -> bool:
        """Whether this user may turn off or reset ``username``: as in add_user, a station admin manages the
        station's accounts, and only the county clerk manages county accounts (a station admin who could reset a
        county clerk's password could log in as the county)."""
        role = dict((a.username, a.role) for a, _on in list_users(self.store)).get(username)
        if self.account.role == "县级管理员" or role != "县级管理员":
            return True
        tell(
            self,
            QMessageBox.Icon.Warning,
            self.tr("无法更改县级账号"),
            self.tr("“%1”是县级管理员账号，只有县级管理员可以停用它或重设它的密码。").replace("%1", username),
        )
        return False

    def add_user(self) -> None:
        # A station admin adds station staff; only the county clerk may add county accounts.
        roles = ROLES if self.account.role == "县级管理员" else ("采集员", "站长")
        if NewUserDialog(self.store, self.account.username, roles, self).exec() == QDialog.DialogCode.Accepted:
            self.reload_users()

    def _chosen_user(self) -> str | None:
        """The account selected in the list, or None after saying to select one."""
        username = self._selected_username()
        if username is None:
            tell(self, QMessageBox.Icon.Information, self.tr("请选择账号"), self.tr("请先在上面的列表中点选一个账号。"))
        return username

    def toggle_user(self) -> None:
        username = self._chosen_user()
        if username is None or not self._may_manage(username):
            return
        if username == self.account.username:
            # Turned off, this session goes on, but the idle lock could never be unlocked again.
            tell(
                self,
                QMessageBox.Icon.Warning,
                self.tr("无法停用"),
                self.tr("不能停用正在使用的账号。请用另一个站长账号登录后再停用它。"),
            )
            return
        active = dict((a.username, on) for a, on in list_users(self.store)).get(username, True)
        try:
            set_active(self.store, username, not active, by=self.account.username)
        except AnjuError as exc:
            tell(self, QMessageBox.Icon.Warning, self.tr("无法停用"), _ui_text(exc.zh, exc.en))
        self.reload_users()

    def reset_password(self) -> None:
        username = self._chosen_user()
        if username is None or not self._may_manage(username):
            return
        if username == self.account.username:
            # One's own, with the current password asked (修改我的密码): reset here, a passer-by at a 站长's laptop
            # left unlocked for a minute set a password only they knew, and the 站长 was locked out of his own
            # account (the 账户记录 even said he had changed it himself).
            self.change_own_password()
            return
        password, ok = self.ask_password(self.tr("“%1”的新密码：").replace("%1", username))
        if not ok:
            return
        # Typed unseen, so typed twice (as at the first run): a typo in one's own new password locked the last
        # 站长 out, with no way back in.
        repeat, ok = self.ask_password(self.tr("再次输入“%1”的新密码：").replace("%1", username))
        if not ok:
            return
        if repeat != password:
            tell(
                self,
                QMessageBox.Icon.Warning,
                self.tr("无法重设密码"),
                self.tr("两次输入的密码不一致，密码没有改。请重试。"),
            )
            return
        try:
            set_password(self.store, username, password, by=self.account.username)
        except AnjuError as exc:
            tell(self, QMessageBox.Icon.Warning, self.tr("无法重设密码"), _ui_text(exc.zh, exc.en))
            return
        self.account_log.reload()
        # The 站长 knows it now: its owner is asked for their own (`forms.users.must_choose_password`).
        done = self.tr("“%1”的密码已重设，请把新密码告诉本人。本人下次登录时，安居会请他换成只有自己知道的密码。")
        tell(self, QMessageBox.Icon.Information, self.tr("密码已重设"), done.replace("%1", username))

    def change_own_password(self) -> None:
        from desktop.password_dialog import change_own_password

        change_own_password(self.store, self.account, self)
        if shiboken6.isValid(self):  # not gone at 换人登录 meanwhile (`ask_password`)
            self.account_log.reload()  # changed, or a wrong current password: a line either way

    def ask_password(self, label: str) -> tuple[str, bool]:
        """A new password, typed unseen; and whether it was given (确定) or not (取消)."""
        dialog = QInputDialog(self)
        dialog.setObjectName("new_password")
        dialog.setWindowTitle(self.tr("重设密码"))
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(self.tr("确定(&O)"))  # Qt's own 确定 and 取消 have no Alt+letter
        dialog.setCancelButtonText(self.tr("取消(&C)"))
        given = dialog.exec() == QDialog.DialogCode.Accepted
        if not shiboken6.isValid(dialog):
            # Left open, the laptop locked when idle and the next person logged in (换人登录): the screens made for
            # the 站长 went, this page and the prompt with them. Nothing typed counts; the next person gets no error.
            return "", False
        dialog.deleteLater()
        return dialog.textValue(), given

    # ---- rule settings ----------------------------------------------------------------------------------------

    def _rules_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("劳动力与就业认定"), self)
        settings = load_settings(self.store)
        self.male_max = QSpinBox(box)
        self.male_max.setObjectName("male_max_age")
        self.female_max = QSpinBox(box)
        self.female_max.setObjectName("female_max_age")
        for spin, value in ((self.male_max, settings.male_max_age), (self.female_max, settings.female_max_age)):
            spin.setRange(17, 70)
            spin.setValue(value)
            spin.setSuffix(self.tr(" 岁（不含）"))
        self.agriculture = QCheckBox(self.tr("“农业生产经营”计为就业"), box)
        self.agriculture.setObjectName("agriculture_counts")
        self.agriculture.setChecked(settings.agriculture_counts)
        # Policy 49 (2021) §(四)'s standards, whose term ended on 2025-12-31: the county sets what follows them.
        months, yuan = self.tr(" 个月"), self.tr(" 元")
        self.subsidy_months = self._spin(box, "subsidy_min_months", settings.subsidy_min_months, 1, 24, months)
        self.transport_cap = self._spin(box, "transport_subsidy_cap", settings.transport_subsidy_cap, 0, 10000, yuan)
        self.service_amount = self._spin(box, "service_subsidy", settings.service_subsidy, 0, 10000, yuan)
        save = QPushButton(self.tr("保存设置(&S)"), box)
        save.setObjectName("save_rule_settings")
        save.clicked.connect(self.save_rules)
        self.rules_message = QLabel(box)
        self.rules_message.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(self.tr("男性劳动年龄上限："), self.male_max)
        form.addRow(self.tr("女性劳动年龄上限："), self.female_max)
        form.addRow("", self.agriculture)
        form.addRow(self.tr("补助要求稳定就业满："), self.subsidy_months)
        form.addRow(self.tr("一次性外出务工交通补助上限（跨省，每人每年）："), self.transport_cap)
        form.addRow(self.tr("就业创业服务补助（每人每年）："), self.service_amount)
        form.addRow(save, self.rules_message)
        name_by_label(form)
        # The county owns these settings and sends them to its stations; a station only reads them.
        editable = self.account.role == "县级管理员"
        for widget in (
            self.male_max,
            self.female_max,
            self.agriculture,
            self.subsidy_months,
            self.transport_cap,
            self.service_amount,
            save,
        ):
            widget.setEnabled(editable)
        if not editable:
            self.rules_message.setText(self.tr("由县级统一设置，随同步下发。"))
        return box

    def _spin(self, box: QGroupBox, name: str, value: int, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(box)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def save_rules(self) -> None:
        current = load_settings(self.store)
        values = current.to_json()
        values.update(
            male_max_age=self.male_max.value(),
            female_max_age=self.female_max.value(),
            agriculture_counts=self.agriculture.isChecked(),
            subsidy_min_months=self.subsidy_months.value(),
            transport_subsidy_cap=self.transport_cap.value(),
            service_subsidy=self.service_amount.value(),
        )
        try:
            save_settings(self.store, RuleSettings.from_json(values))
        except AnjuError as exc:
            self.rules_message.setText(_ui_text(exc.zh, exc.en))
            return
        self.rules_message.setText(self.tr("已保存，工作台和待跟进清单将按新设置计算。"))
        self.rules_changed.emit()

    # ---- language and backups -----------------------------------------------------------------------------------

    def _language_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("界面语言(&G)"), self)
        self.language = QComboBox(box)
        self.language.setObjectName("language")
        self.language.setAccessibleName(self.tr("界面语言"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        current = str(QSettings().value("language", "zh_CN"))
        self.language.setCurrentIndex(max(0, list(LANGUAGES).index(current) if current in LANGUAGES else 0))
        self.language.currentIndexChanged.connect(self.change_language)
        self.language_message = QLabel(box)
        layout = QVBoxLayout(box)
        layout.addWidget(self.language)
        layout.addWidget(self.language_message)
        return box

    def change_language(self, index: int) -> None:
        QSettings().setValue("language", list(LANGUAGES)[index])
        self.language_message.setText(self.tr("重新打开安居后生效。 / Takes effect when Anju is opened again."))

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("备份"), self)
        # Where the database is: the command line's --db (a forgotten password, enrolling a station) needs it.
        where = database_label(self.tr("数据库文件（命令行的 --db）：%1"), self.store.path, box)
        copy = QPushButton(self.tr("复制位置(&L)"), box)
        copy.setObjectName("copy_database_path")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(self.store.path.resolve())))
        folder = auto_backup_dir(self.store.path)
        # The last 7 backups, one for each day the app was open (forms.backup.auto_backup): after a holiday the ones
        # from before it are still there, which "7 天" did not say.
        kept = self.tr(
            "每天自动备份到：%1（保留最近 %2 份，用安居的日子每天一份；放假没用安居的日子不算，不会因此删掉旧备份）"
        )
        info = QLabel(kept.replace("%1", str(folder)).replace("%2", str(AUTO_BACKUP_DAYS)), box)
        info.setObjectName("auto_backup_info")
        info.setWordWrap(True)
        now = QPushButton(self.tr("立即备份到(&B)…"), box)
        now.setObjectName("backup_now")
        now.clicked.connect(self.backup_now)
        self.backup_message = QLabel(box)
        self.backup_message.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(where)
        layout.addWidget(copy)
        layout.addWidget(info)
        layout.addWidget(now)
        if self.account.role == "站长":  # replaces every record: the station admin's decision, as 同步 is
            restore = QPushButton(self.tr("从备份恢复(&R)…"), box)
            restore.setObjectName("restore_backup")
            restore.clicked.connect(self.restore_backup)
            layout.addWidget(restore)
        layout.addWidget(self.backup_message)
        return box

    def restore_backup(self) -> None:
        """Warn what a restore replaces, then ask for the backup (and its passphrase); the window then closes the
        database, restores and opens it again (`desktop.app.restore_and_reopen`)."""
        from desktop.restore_dialog import choose_backup

        if not self.confirm_restore():
            return
        chosen = choose_backup(self, self.store.path)
        if chosen is not None:
            self.restore_requested.emit(chosen)

    def confirm_restore(self) -> bool:
        text = self.tr(
            "从备份恢复会用备份替换现在的全部数据：备份之后录入和修改的内容都会被替换掉。"
            "现在的数据库会先另存一份在它旁边（文件名含 before-restore），需要时可以找回。\n\n"
            "恢复时安居会关闭数据库，恢复后重新打开，请用备份里的账号登录。"
        )
        if self.county_can_open_backups():  # an enrolled station: what the county already holds, and the next sync
            text += "\n\n" + self.tr(
                "备份之后已经同步到县里的内容不会丢：县里有一份。但如果备份比最近一次同步旧，恢复后县里会拒收"
                "本站的下一批（工作站从旧备份恢复过），以免恢复后录入的内容被悄悄丢掉。这时请县里停用并重新登记"
                "本站，再在“同步”页点“导入新登记包…”：下次同步时，"
                "恢复后录入的内容送到县里，县里的数据随回执回到本站。"
            )
        return ask_to_go(self, "restore_warning", self.tr("从备份恢复"), text, self.tr("选择备份并恢复(&R)…"))

    def backup_now(self) -> None:
        """To a place the 站长 chooses (a USB stick, which may be lost): encrypted under a passphrase."""
        suggested = str(Path.home() / self.default_backup_name())
        target, _ = QFileDialog.getSaveFileName(self, self.tr("备份到"), suggested, self.tr("加密备份 (*.anju-backup)"))
        if not target:
            return
        dialog = BackupPassphraseDialog(self.county_can_open_backups(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_backup(Path(target), dialog.passphrase.text())

    def default_backup_name(self) -> str:
        """The name the save dialog suggests (`forms.file_names.backup_file_name`): whose and which day,
        者海镇工作站-备份-20261130.anju-backup, so that last week's backup on the stick, and another station's, stay
        beside it; the same day's again is asked about before it replaces the earlier."""
        from forms.clock import computer_today
        from forms.file_names import backup_file_name, maker_in_file_name

        with self.store.engine.connect() as conn:
            maker = maker_in_file_name(conn)
        return backup_file_name(
            maker, self.store.path.stem, computer_today(), self.tr("备份", "in a backup's file name")
        )

    def county_can_open_backups(self) -> bool:
        """An enrolled station's backups are wrapped to the county's key too (`forms.sealed_backup`)."""
        from sync.identity import STATION, load_identity

        with self.store.engine.connect() as conn:
            identity = load_identity(conn)
        return identity is not None and identity.role == STATION

    def start_backup(self, target: Path, passphrase: str) -> None:
        from forms.backup import backup

        source = self.store.path
        self.backup_message.setText(self.tr("正在加密备份……"))

        def failed(exc: BaseException, _tb: object) -> None:
            self.backup_message.setText(_ui_text(exc.zh, exc.en) if isinstance(exc, AnjuError) else str(exc))

        def done(result: BackupResult) -> None:
            if result.county_can_open:
                text = self.tr("加密备份完成：%1。忘记口令时可请县里打开。")
            else:
                text = self.tr("加密备份完成：%1。请牢记口令：忘记口令就无法恢复。")
            self.backup_message.setText(text.replace("%1", str(result.path)))

        self.runner.start(
            lambda _progress: backup(source, target, passphrase),
            on_done=done,
            on_error=failed,
            owner=self,
        )

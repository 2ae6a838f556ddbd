"""分户 in the editor: who moves to a household of their own, its 户主, and where it lives — asked in one dialog
(`SplitDialog`) — then made in one transaction (`forms.splitting`) and the new household opened, with 撤销分户 on
offer while it is open (`SplitFlow`).

Keyboard first: the members are a list of check boxes (Space ticks the one the cursor is on), the new 户主 is
picked among those ticked, the site and the 楼栋/单元/门牌号 start as the old household's (a family often stays in
the same flat); 分户(&F) stays disabled until the split can be made, and says why under the fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.errors import AnjuError
from forms.rules.labour import HEAD
from forms.splitting import Destination, SplitDone, split_household, undo_split
from forms.typed_text import one_line

from .widgets import keep_one_line

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor


@dataclass(frozen=True)
class Mover:
    """A live member offered in the dialog."""

    id: str
    name: str
    relation: str


class SplitDialog(QDialog):
    def __init__(
        self,
        members: Sequence[Mover],
        sites: Sequence[tuple[str, str]],
        home: Destination,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("split_dialog")
        self.setWindowTitle(self.tr("分户"))
        self.setMinimumWidth(500)
        text = QLabel(
            self.tr(
                "勾选分出另立一户的成员（空格键勾选）。他们的证件号码、就业记录、培训意愿和本人的帮扶措施随人带到新户；"
                "针对全户的帮扶措施和走访记录留在原户。两户的备注都会记下这次分户。"
            ),
            self,
        )
        text.setObjectName("split_message")
        text.setWordWrap(True)
        self.members = QListWidget(self)
        self.members.setObjectName("split_members")
        self.members.setAccessibleName(self.tr("分出的成员"))
        unset = self.tr("关系未填")
        for member in members:
            item = QListWidgetItem(f"{member.name}（{member.relation or unset}）", self.members)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, member.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.members.setCurrentRow(0)
        self.members.setFixedHeight(min(8, max(3, len(members))) * 24 + 6)
        self.head = QComboBox(self)
        self.head.setObjectName("split_head")
        self.head.setAccessibleName(self.tr("新户户主"))
        self.site = QComboBox(self)
        self.site.setObjectName("split_site")
        self.site.setAccessibleName(self.tr("安置点名称"))
        for site_id, name in sites:
            self.site.addItem(name, site_id)
        self.site.setCurrentIndex(self.site.findData(home.site_id))
        self.building = self._line("split_building", self.tr("楼栋"), home.building)
        self.unit = self._line("split_unit", self.tr("单元"), home.unit)
        self.room = self._line("split_room", self.tr("门牌号"), home.room)
        form = QFormLayout()
        rows = (
            (self.tr("分出的成员(&M)："), self.members),
            (self.tr("新户户主(&H)："), self.head),
            (self.tr("安置点名称(&P)："), self.site),
            (self.tr("楼栋(&B)："), self.building),
            (self.tr("单元(&U)："), self.unit),
            (self.tr("门牌号(&R)："), self.room),
        )
        for label, field in rows:
            buddy = QLabel(label, self)
            buddy.setBuddy(field)
            form.addRow(buddy, field)
        self.why_not = QLabel(self)
        self.why_not.setObjectName("split_why_not")
        self.why_not.setWordWrap(True)
        self.why_not.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("分户(&F)"))
        self.ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消(&C)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.members.itemChanged.connect(lambda _item: self._ticked())
        self.head.currentIndexChanged.connect(lambda _index: self._check())
        self.site.currentIndexChanged.connect(lambda _index: self._check())
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.why_not)
        layout.addWidget(self.buttons)
        self._relations = {m.id: m.relation for m in members}
        self._ticked()
        self.members.setFocus()

    def _line(self, name: str, accessible: str, value: str | None) -> QLineEdit:
        line = QLineEdit(value or "", self)
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        keep_one_line(line)
        return line

    # ---- what was chosen -------------------------------------------------------------------------------------------

    def chosen(self) -> list[str]:
        """The ids of the members ticked, in the order listed."""
        items = (self.members.item(row) for row in range(self.members.count()))
        return [str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def head_id(self) -> str:
        return str(self.head.currentData() or "")

    def destination(self) -> Destination:
        return Destination(
            str(self.site.currentData() or ""),
            one_line(self.building.text()) or None,
            one_line(self.unit.text()) or None,
            one_line(self.room.text()) or None,
        )

    def tick(self, member_id: str, ticked: bool = True) -> None:
        for row in range(self.members.count()):
            item = self.members.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == member_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    # ---- keeping 分户 honest ---------------------------------------------------------------------------------------

    def _ticked(self) -> None:
        """The new 户主 is one of those ticked: the first ticked unless another was picked (the old 户主 first,
        when they move: their family keeps them as head)."""
        keep = self.head_id()
        self.head.blockSignals(True)
        self.head.clear()
        chosen = self.chosen()
        for row in range(self.members.count()):
            item = self.members.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                self.head.addItem(str(item.data(Qt.ItemDataRole.UserRole + 1)), item.data(Qt.ItemDataRole.UserRole))
        heads = [m for m in chosen if self._relations.get(m) == HEAD]
        pick = keep if keep in chosen else (heads[0] if heads else (chosen[0] if chosen else ""))
        self.head.setCurrentIndex(self.head.findData(pick) if pick else -1)
        self.head.blockSignals(False)
        self._check()

    def why_not_yet(self) -> str:
        chosen = self.chosen()
        if not chosen:
            return self.tr("请至少勾选一名分出的成员。")
        if len(chosen) == self.members.count():
            return self.tr(
                "不能把全部成员都分出去：原户至少要留下一人。整户搬走请用“作废…”，只是换了门牌号请直接改门牌号。"
            )
        if not self.head_id():
            return self.tr("请选定新户的户主。")
        if not self.site.currentData():
            return self.tr("请选择新户的安置点。")
        return ""

    def _check(self) -> None:
        why = self.why_not_yet()
        self.why_not.setText(why)
        self.why_not.setVisible(bool(why))
        self.ok.setEnabled(not why)

    def accept(self) -> None:
        if not self.why_not_yet():
            super().accept()


class SplitFlow(QObject):
    """The editor's 分户(&F)…: ask (`ask`), split off the UI thread, open the new household and tell what is left to
    do there; `undo` takes the split back while the new household is still open (as 撤销删除 does a removal)."""

    def __init__(self, editor: HouseholdEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.done: SplitDone | None = None  # the split whose new household is open: 撤销分户 can take it back
        self._undone_to = ""  # the old household being opened again after 撤销分户

    def ask(self) -> SplitDialog | None:
        editor = self.editor
        draft = editor.draft
        members = [
            Mover(m.id, str(m.values.get("name") or ""), str(m.values.get("relation") or ""))
            for m in draft.members
            if m.values.get("name")
        ]
        if not draft.household.stored or len(members) < 2:
            editor.tell(
                self.tr("分户要从有两名以上在册成员的户中分出。请先登记并保存成员，再分户。")
                if len(members) < 2
                else self.tr("这一户还没有保存，不能分户。请先选择安置点。")
            )
            return None
        editor.flush()  # what was typed is saved before the members move (the one worker keeps the order)
        v = draft.household.values
        home = Destination(
            str(v.get("site_id") or ""), _text(v.get("building")), _text(v.get("unit")), _text(v.get("room"))
        )
        dialog = SplitDialog(members, draft.sites, home, editor)
        selected = editor.roster.current_id() if editor.roster is not None else ""
        if any(m.id == selected and m.relation != HEAD for m in members):
            dialog.tick(selected)  # the member the cursor is on in 家庭成员 (not the 户主 it starts on) is leaving
        dialog.accepted.connect(lambda: self.split(dialog.chosen(), dialog.head_id(), dialog.destination()))
        dialog.open()
        return dialog

    def split(self, member_ids: list[str], head_id: str, where: Destination) -> None:
        editor = self.editor
        editor.flush()
        session = editor.session
        store, actor, collector, today = (
            session.store,
            editor.account.username,
            editor.account.display_name,
            (session.dated_today),
        )
        old_id = editor.draft.id
        session.runner.start(
            lambda _progress: split_household(
                store, actor, old_id, member_ids, head_id, where, collector=collector, today=today
            ),
            on_done=self._split,
            on_error=lambda exc, _trace: self.editor.tell(self.tr("没有分户：%1").replace("%1", _said(exc))),
            owner=self,
        )

    def _split(self, done: SplitDone) -> None:
        self.done = done
        self.editor.saved.emit(done.old_id)
        self.editor.open(done.new_id)  # `opened` shows what was done (`told`)

    def news(self, household_id: str) -> str:
        """What the banner says on a household just opened: on the new one split off, what was done, what is left
        to do there and 撤销分户; on the old one after 撤销分户, that it is undone. Else nothing (and the split
        is no longer undone from here, as 撤销删除 stays with its household)."""
        if self._undone_to == household_id:
            self._undone_to = ""
            return self.tr("已撤销分户：成员回到了本户，新分出的一户已删除。")
        done = self.done
        if done is None or done.new_id != household_id:
            self.done = None
            return ""
        said = [
            self.tr("已分户：这是新分出的一户，成员带着就业记录和本人的帮扶措施搬过来了；原户的备注记下了这次分户。")
        ]
        if done.unset:
            said.append(self.tr("请为%1填写“与户主关系”（右侧问题中有提示）。").replace("%1", "、".join(done.unset)))
        if done.old_without_head:
            said.append(self.tr("原户的户主分出来了：请回到原户，指定新户主并改填其他成员的“与户主关系”。"))
        said.append(self.tr("分错了可以按“撤销分户”（Ctrl+Z）。"))
        undo = self.tr("撤销分户")
        return "".join(said) + f' <a href="unsplit">{undo}</a>'

    def undo(self) -> None:
        done = self.done
        editor = self.editor
        if done is None or editor.household_id != done.new_id:
            return
        editor.flush()
        store, actor = editor.session.store, editor.account.username
        editor.session.runner.start(
            lambda _progress: undo_split(store, actor, done),
            on_done=lambda _none: self._undone(done),
            on_error=lambda exc, _trace: self.editor.tell(self.tr("没有撤销分户：%1").replace("%1", _said(exc))),
            owner=self,
        )

    def _undone(self, done: SplitDone) -> None:
        self.done = None
        self._undone_to = done.old_id
        self.editor.saved.emit(done.new_id)
        self.editor.open(done.old_id)


def _said(exc: BaseException) -> str:
    """The person-facing text of an error: ours carry 中文 and English (`SplitRefused`); others show their own."""
    return f"{exc.zh}（{exc.en}）" if isinstance(exc, AnjuError) else f"{type(exc).__name__}: {exc}"


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None

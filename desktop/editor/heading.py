"""The household's heading in the editor: its title (门牌 · 户主 · 安置点) and its status on its colour, and what a
household only to look at here (作废, or 已迁出 to another station's site) turns off, saying why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import site_named
from forms.rules.bundle import address_of
from forms.rules.labour import HEAD, VOID

from ..i18n import QT_TRANSLATE_NOOP, ui_text
from .roster import MemberDetail

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor

# The household statuses (forms.search.STATUSES), marked for translation in the context of the class that shows them.
STATUS_COLORS = {
    QT_TRANSLATE_NOOP("HouseholdHeading", "草稿"): "#5f6b7a",
    QT_TRANSLATE_NOOP("HouseholdHeading", "已完成"): "#2e7d32",
    QT_TRANSLATE_NOOP("HouseholdHeading", "已审核"): "#1565c0",
    QT_TRANSLATE_NOOP("HouseholdHeading", "退回"): "#c77700",
    QT_TRANSLATE_NOOP("HouseholdHeading", "作废"): "#8e8e8e",
}

# The title's one line may push the buttons beside it to their names alone (`toolbar.KeyedButtonRow`), but not
# the editor off a 1366×768 laptop's screen at 125% (963 pixels for the editor): past this width it wraps.
TITLE_LINE = 560


class TitleLabel(QLabel):
    """The household's title: on one line while that is at most `TITLE_LINE` wide, else on two. Two 户主 with long
    names (阿卜杜热合曼·艾合买提江、努尔艾合麦提·阿卜杜克热木) beside a long site name made the editor 1,086
    pixels wide at least, past the laptop's edge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def _one_line(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().horizontalAdvance(self.text()) + margins.left() + margins.right() + 2

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self._one_line(), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(self._one_line(), TITLE_LINE), hint.height())


class HouseholdHeading(QObject):
    def __init__(self, editor: HouseholdEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.tips: dict[str, str] = {}

    def keep_tips(self, actions: dict[str, QAction]) -> None:
        """Each action's own tooltip, given back when a read-only household's (which says why it is off) is left."""
        self.tips = {key: action.toolTip() for key, action in actions.items()}

    def show_title(self) -> None:
        """门牌 · 户主 · 安置点, as the household is now."""
        editor = self.editor
        v = editor.draft.household.values
        address = address_of(v.get("building"), v.get("unit"), v.get("room")) or self.tr("（未填门牌）")
        parts = [address]
        bundle = editor.draft.bundle()
        # In member order and named as the findings name them (第2位成员 before a name is typed). Two 户主 are both
        # named: one of them alone (the first in character order) read as the one to keep, beside the error.
        heads = [ui_text(*bundle.who(m)) for m in bundle.live_members if m.relation == HEAD]
        if len(heads) == 1:
            parts.append(self.tr("户主 %1").replace("%1", heads[0]))
        elif heads:
            parts.append(self.tr("户主有 %n 人：%1", "", len(heads)).replace("%1", ui_text("、", ", ").join(heads)))
        site = dict(editor.draft.sites).get(str(v.get("site_id")))
        if site:
            parts.append(site)
        editor.title.setText(" · ".join(parts))

    def show_status(self) -> None:
        """The status on its colour, and, on a household only to look at here, what is off and why."""
        editor = self.editor
        status = editor.draft.status
        editor.status_label.setText(self.tr(status))
        color = STATUS_COLORS.get(status, "#5f6b7a")
        editor.status_label.setStyleSheet(f"background: {color}")
        read_only = not editor.editable()
        why = editor.read_only_reason()
        # Off, saying why, as are their keys (Ctrl+Enter, Ctrl+N, F8): a button that does nothing is clicked again.
        for key in ("complete", "new_member", "void", "split", "next_finding"):
            self._enable(key, not read_only, why)
        # Ctrl+S too on a household moved away, where nothing is ever saved; a voided one keeps it, to try again
        # a save that failed (the voiding itself, on a full disk).
        self._enable("save", editor.session.moved_to is None, why)
        if editor.roster is not None:  # 恢复成员…: a member who left cannot come back here either
            editor.roster.bring_back_button.setEnabled(not read_only)
            editor.roster.bring_back_button.setToolTip(why)
        for view in editor.views.values():
            view.set_editable(not read_only)
        for detail in editor.roster.details.values() if editor.roster is not None else ():
            if isinstance(detail, MemberDetail):  # 恢复就业记录…, as 恢复成员… above
                detail.spells.read_only = read_only
                detail.spells.bring_back_button.setEnabled(not read_only)
                detail.spells.bring_back_button.setToolTip(why)
        for panel in (editor.roster, editor.visits, editor.measures):
            if panel is not None:
                panel.read_only = read_only
                panel.add_button.setEnabled(not read_only)
                panel.remove_button.setEnabled(panel.remove_button.isEnabled() and not read_only)
        if editor.session.moved_to is not None:
            editor.show_banner(
                self.tr(
                    "本户已迁出到“%1”（不是本站服务的安置点），由服务该安置点的工作站跟进，不再计入本站的统计和"
                    "待跟进名单，在本站只能查看。如需修改，请联系该工作站或县里。"
                ).replace("%1", site_named(editor.session.moved_to))
            )
        elif status == VOID:
            reason = str(editor.draft.household.values.get("void_reason") or "")
            editor.show_banner(self.tr("本户已作废，不再计入统计，只能查看。作废原因：%1").replace("%1", reason))

    def _enable(self, key: str, on: bool, why: str) -> None:
        editor = self.editor
        action = editor.shortcut_actions[key]
        action.setEnabled(on)
        action.setToolTip(self.tips[key] if on or not why else why)

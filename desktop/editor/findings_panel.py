"""The live findings of the household on screen: errors (they block 已完成) and warnings (they may be accepted
with a reason). Clicking a finding, or Enter on it, jumps to the field it is about; F8 in the editor walks them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import site_named
from desktop.message_list import wrap_items
from forms.findings import Finding

from .widgets import other_text_of, text_of

ERROR_COLOR = "#c62828"
WARNING_COLOR = "#9a6700"
ACCEPTED_COLOR = "#6b6b6b"
OK_COLOR = "#2e7d32"


class FindingsPanel(QWidget):
    jump_requested = Signal(object)  # Finding
    accept_requested = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findings_panel")
        self.setAccessibleName(self.tr("检查结果"))
        self.title = QLabel(self.tr("检查结果"), self)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.summary = QLabel(self)
        self.summary.setObjectName("findings_summary")
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("findings_list")
        self.list.setAccessibleName(self.tr("检查结果列表"))
        wrap_items(self.list)  # messages wrap instead of running off the right edge
        # The selected finding (the one F8 or a refused 已完成 points at) stays readable: with an ::item rule alone
        # it was drawn in white on a near-white background.
        self.list.setStyleSheet(
            "QListWidget::item { border-bottom: 1px solid #e3e3e3; padding: 3px 2px; }"
            "QListWidget::item:selected { background: #d6e6f5; color: #1f1f1f; }"
        )
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemClicked.connect(self._jump)
        self.list.itemActivated.connect(self._jump)
        self.list.currentItemChanged.connect(lambda *_: self._update_button())
        self.accept_button = QPushButton(self.tr("接受（填写原因）(&A)…"), self)
        self.accept_button.setObjectName("accept_finding")
        self.accept_button.setToolTip(self.tr("提示类问题核实无误时，可填写原因后接受；错误必须改正。"))
        self.accept_button.setEnabled(False)
        self.accept_button.setAutoDefault(True)  # Enter presses it once Tab is on it, as Space does
        self.accept_button.clicked.connect(self._accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.findings: list[Finding] = []
        # Whether the person may accept an overridable error (a station admin or the county; not a 采集员).
        self.errors_acceptable = True

    def show_findings(
        self, findings: Sequence[Finding], *, status: str, blocking: int, moved_to: str | None = None
    ) -> None:
        """Refill the list (keeping the selected finding selected) and say whether the household can be completed;
        or, for a household 已迁出 to ``moved_to`` (it has no findings here), whose they are to check."""
        current = self.current()
        self.findings = list(findings)
        self.list.clear()
        for finding in self.findings:
            if finding.accepted:
                tag, color = self.tr("已接受"), ACCEPTED_COLOR
            elif finding.severity == "error":
                tag, color = self.tr("错误"), ERROR_COLOR
            else:
                tag, color = self.tr("提示"), WARNING_COLOR
            # The finding in the UI language, then in the other one (the rules speak both).
            text = self.tr("【%1】%2").replace("%1", tag).replace("%2", text_of(finding))
            item = QListWidgetItem(f"{text}\n{other_text_of(finding)}", self.list)
            item.setForeground(QBrush(QColor(color)))
            item.setToolTip(text_of(finding))
            if current is not None and (finding.code, finding.record_id, finding.fields) == (
                current.code,
                current.record_id,
                current.fields,
            ):
                self.list.setCurrentItem(item)
        errors = sum(f.blocks_completion for f in self.findings)
        warnings = sum(f.severity == "warning" and not f.accepted for f in self.findings)
        if moved_to is not None:  # its checks are for the station serving its site: nothing here is a to-do
            text = self.tr("本户已迁出到“%1”，由服务该安置点的工作站检查和跟进，本站不再检查。").replace(
                "%1", site_named(moved_to)
            )
            color = ACCEPTED_COLOR
        elif status == "作废":
            text, color = self.tr("本户已作废，不再检查。"), ACCEPTED_COLOR
        elif blocking:
            text = self.tr("%1 个错误、%2 个提示。还不能标记为“已完成”：请先改正错误。")
            text, color = text.replace("%1", str(errors)).replace("%2", str(warnings)), ERROR_COLOR
        elif warnings:
            text = self.tr("没有错误，%1 个提示请核实。可以标记为“已完成”（Ctrl+Enter）。").replace("%1", str(warnings))
            color = WARNING_COLOR
        else:
            text, color = self.tr("没有发现问题，可以标记为“已完成”（Ctrl+Enter）。"), OK_COLOR
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {color}")
        self._update_button()

    def current(self) -> Finding | None:
        row = self.list.currentRow()
        return self.findings[row] if 0 <= row < len(self.findings) else None

    def select(self, index: int) -> Finding | None:
        if not self.findings:
            return None
        self.list.setCurrentRow(index % len(self.findings))
        return self.current()

    def select_next(self) -> Finding | None:
        """The next open finding after the selected one (wrapping round), selected."""
        open_rows = [n for n, f in enumerate(self.findings) if not f.accepted]
        if not open_rows:
            return None
        row = self.list.currentRow()
        later = [n for n in open_rows if n > row]
        return self.select(later[0] if later else open_rows[0])

    def _jump(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.findings):
            self.jump_requested.emit(self.findings[row])

    def may_accept(self, finding: Finding | None) -> bool:
        """Whether this person may accept the finding with a reason (an overridable error: admins only)."""
        if finding is None or not finding.acceptable or finding.accepted:
            return False
        return finding.severity == "warning" or self.errors_acceptable

    def _update_button(self) -> None:
        self.accept_button.setEnabled(self.may_accept(self.current()))

    def _accept(self) -> None:
        finding = self.current()
        if self.may_accept(finding):
            self.accept_requested.emit(finding)

"""家庭成员: the member roster beside the selected member's details and employment spells."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QMenu, QPushButton, QTabWidget, QVBoxLayout, QWidget

from forms.rules.labour import age_on, is_employed, is_labour_member, old_enough_to_work
from forms.settings import RuleSettings

from ..i18n import without_mnemonic
from .draft import LEFT_ON, LEFT_REASON, Draft
from .form_view import FormView
from .name_lines import CELL_MARGIN, NameLines, on_two_lines, two_line_width
from .records_panel import RecordsPanel
from .spells import SpellsPanel

# The member list's columns: 姓名, 关系, 性别, 年龄, 劳动力 / 就业
NAME_COLUMN, RELATION_COLUMN, STATE_COLUMN = 0, 1, 4
GIVING_COLUMNS = (NAME_COLUMN, RELATION_COLUMN)  # those that narrow on a narrow list (whole in tooltip and form)


class MemberDetail(QTabWidget):
    """One member: 成员信息 (the member form) and 就业记录 (their spells)."""

    def __init__(self, member_id: str, view: FormView, spells: SpellsPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member_id = member_id
        self.setObjectName("member_detail")
        self.view = view
        self.spells = spells
        self.addTab(view, self.tr("成员信息"))
        self.addTab(spells, self.tr("就业记录"))

    def show_spells(self, count: int) -> None:
        self.setTabText(1, self.tr("就业记录（%1）").replace("%1", str(count)) if count else self.tr("就业记录"))


class RosterPanel(RecordsPanel):
    bring_back_requested = Signal(str)  # 恢复 on a member who left: back into the household

    def __init__(self, make_detail: Callable[[str], QWidget], parent: QWidget | None = None) -> None:
        super().__init__("roster", make_detail, parent=parent)
        self.setAccessibleName(self.tr("家庭成员"))
        # Under the list, who has left (减员) and why, each with 恢复: for one who moves back, or a removal by mistake
        # noticed after the household was left (when Ctrl+Z no longer reaches it).
        self.left_label = QLabel(self)
        self.left_label.setObjectName("roster_left")
        self.left_label.setWordWrap(True)
        self.left_label.setStyleSheet("color: #555")
        self.left_label.linkActivated.connect(self.bring_back_requested)
        self.left_label.hide()
        self._left: list[tuple[str, str]] = []  # who left, (id, 姓名（减员原因，减员日期）), for 恢复成员
        owner = self.table.parentWidget()
        side = owner.layout() if owner is not None else None
        assert isinstance(side, QVBoxLayout)
        side.insertWidget(1, self.left_label)
        # The 恢复 links are for the mouse; the editor is worked from the keyboard, so the same is a button beside
        # 新增成员 and 减员 (Tab after them, or Alt+R from anywhere on the page), shown while someone has left.
        self.bring_back_button = QPushButton(self.tr("恢复成员(&R)…"), self)
        self.bring_back_button.setObjectName("roster_bring_back")
        self.bring_back_button.setAccessibleName(without_mnemonic(self.bring_back_button.text()).rstrip("…"))
        self.bring_back_button.setAutoDefault(True)
        self.bring_back_button.clicked.connect(self._choose_who_comes_back)
        self.bring_back_button.hide()
        self.buttons.insertWidget(2, self.bring_back_button)
        QWidget.setTabOrder(self.remove_button, self.bring_back_button)
        # The last column (劳动力，已就业 / 未就业) is what a visit is about: on a 1366×768 laptop at 125%, or a 1024
        # screen, it showed "劳动力，…" on every row. A short header (关系, whose cells are two characters) and a
        # wider list leave it whole, and the member form keeps the room it needs.
        self.splitter.setSizes([360, 600])
        self.set_texts(
            [self.tr("姓名"), self.tr("关系"), self.tr("性别"), self.tr("年龄"), self.tr("劳动力 / 就业")],
            self.tr("新增成员"),
            self.tr("减员/删除成员…"),
            self.tr("本户还没有登记成员。按 Ctrl+N 新增成员，先登记户主。"),
        )
        self._nobody_yet = self.placeholder.text()
        # The columns are fitted to the list's width (`fit_columns`): 性别, 年龄 and 劳动力 / 就业 are always whole,
        # the last with a few pixels to spare: exactly as wide as its text, 业 touched the grid line, and a laptop at
        # 125% read “劳动力，已就”. The name and the relation give way when the list is narrow (a 之兄弟姐妹, a long
        # pasted name, the English headers): the cells are whole in their tooltips and the form, the headers in theirs.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.viewport().installEventFilter(self)
        self.table.setItemDelegateForColumn(NAME_COLUMN, NameLines(self.table))
        self._widening = False
        self.stack.installEventFilter(self)

    def refresh(self, draft: Draft, settings: RuleSettings, today: date) -> None:
        bundle = draft.bundle()
        rows = []
        for member in draft.members:
            facts = bundle.member(member.id)
            age = ""
            labour = employed = child = False
            if facts is not None:
                if facts.birth_date is not None and facts.birth_date <= today:
                    age = str(age_on(facts.birth_date, today))
                labour = is_labour_member(
                    facts.birth_date, facts.sex, facts.student_status, facts.labour_skill, settings, today
                )
                employed = is_employed(bundle.spells_of(member.id), settings, today)
                # A child's job is not the household's 就业 (`counts_as_employed`): 已就业 here beside a household
                # counted 零就业 would contradict it; what to do is in 检查结果 (未满16周岁有就业).
                child = employed and not old_enough_to_work(facts.birth_date, today)
            if child:
                state = self.tr("未满16岁就业")
            elif labour:
                state = self.tr("劳动力，已就业") if employed else self.tr("劳动力，未就业")
            else:
                state = self.tr("已就业") if employed else ""
            v = member.values
            name = self.cell(v.get("name")) or self.tr("（未填姓名）")
            rows.append((member.id, [name, self.cell(v.get("relation")), self.cell(v.get("sex")), age, state]))
        self.set_rows(rows)
        self.fit_columns()
        self._show_left(draft)
        if not rows and self._left:  # not a household still being typed in: everyone in it left (减员)
            self.placeholder.setText(
                self.tr("本户成员均已减员。全户已搬离安置点的，请站长作废本户（“作废…”）；有人搬回的，点下方的“恢复”。")
            )
        else:
            self.placeholder.setText(self._nobody_yet)

    def fit_columns(self) -> None:
        """Each column as wide as its cells and header; when the list is too narrow for all of them, it first takes
        what the member's form can spare (`_widen`), then the name and the relation narrow: first to their cells
        (the header cut: it is a word the worker knows), then a long name onto two lines at its dot (`name_lines`)
        as the relation narrows, then both to a character and a “…”, never 性别, 年龄 or 劳动力 / 就业."""
        table, header = self.table, self.table.horizontalHeader()
        cells = [table.sizeHintForColumn(c) for c in range(table.columnCount())]
        widths = [max(width, header.sectionSizeHint(c)) for c, width in enumerate(cells)]
        if not widths:
            return
        widths[STATE_COLUMN] += table.fontMetrics().horizontalAdvance("一") // 2  # room to spare (see __init__)
        fixed = sum(w for c, w in enumerate(widths) if c not in GIVING_COLUMNS)
        self._widen(fixed + sum(widths[c] for c in GIVING_COLUMNS) - table.viewport().width())
        room = table.viewport().width() - fixed
        giving = [widths[c] for c in GIVING_COLUMNS]
        least = [min(table.fontMetrics().horizontalAdvance("之…") + 8, w) for w in giving]
        giving = _narrowed(giving, [max(cells[c], low) for c, low in zip(GIVING_COLUMNS, least, strict=True)], room)
        names = [item.text() for row in range(table.rowCount()) if (item := table.item(row, NAME_COLUMN))]
        two_lines = max((two_line_width(name, table.fontMetrics()) for name in names), default=0)
        giving = _narrowed(giving, [max(least[0], min(two_lines, cells[NAME_COLUMN])), least[1]], room)
        giving = _narrowed(giving, least, room)
        giving[-1] += max(0, room - sum(giving))  # room to spare: the relation takes it, 劳动力 / 就业 at the right
        for column, width in zip(GIVING_COLUMNS, giving, strict=True):
            widths[column] = width
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """A row a line taller where its name is on two lines, the others as they were."""
        table = self.table
        usual = table.verticalHeader().defaultSectionSize()
        width = table.columnWidth(NAME_COLUMN) - CELL_MARGIN
        for row in range(table.rowCount()):
            item = table.item(row, NAME_COLUMN)
            broken = item is not None and "\n" in on_two_lines(item.text(), table.fontMetrics(), width)
            table.setRowHeight(row, max(usual, table.sizeHintForRow(row)) if broken else usual)

    def _widen(self, lacking: int) -> None:
        """Give the list up to ``lacking`` pixels from the member's form, as much as the form can spare and still
        show its fields without scrolling sideways: on a 1366×768 laptop that is a long name whole."""
        detail = self.stack.currentWidget()
        if self._widening or lacking <= 0 or not isinstance(detail, MemberDetail) or not detail.view.isVisible():
            return
        view = detail.view
        content = view.widget()
        if content is None:
            return
        scroll_bar = 0 if view.verticalScrollBar().isVisible() else view.verticalScrollBar().sizeHint().width()
        spare = view.viewport().width() - content.minimumSizeHint().width() - scroll_bar
        give = min(lacking, spare)
        if give <= 0:
            return
        listed, shown = self.splitter.sizes()
        self._widening = True  # the list's resize fits the columns again, which must not widen it again meanwhile
        try:
            self.splitter.setSizes([listed + give, shown - give])
        finally:
            self._widening = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The list resized, or the member's form shown or resized (what it can spare for the names changed).
        resized = event.type() == QEvent.Type.Resize
        if (watched is self.table.viewport() and resized) or (
            watched is self.stack and (resized or event.type() == QEvent.Type.Show)
        ):
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _show_left(self, draft: Draft) -> None:
        self._left = [(m.id, self._left_name(m.values)) for m in draft.left_members]
        back = self.tr("恢复")
        links = [f'{html.escape(name)} <a href="{member_id}">{back}</a>' for member_id, name in self._left]
        self.left_label.setText(self.tr("已减员：%1").replace("%1", "；".join(links)))
        self.left_label.setVisible(bool(links))
        self.bring_back_button.setVisible(bool(links))

    def _left_name(self, values: Mapping[str, object]) -> str:
        name = str(values.get("name") or "") or self.tr("（未填姓名）")
        left_on = values.get(LEFT_ON)  # none for those removed before the day was asked
        when = f"，{left_on.isoformat()}" if isinstance(left_on, date) else ""
        return f"{name}（{values.get(LEFT_REASON)}{when}）"

    def _choose_who_comes_back(self) -> QMenu | None:
        """恢复成员: the one who left, or, when several have, a list of them under the button (arrows and Enter)."""
        if len(self._left) == 1:
            self.bring_back_requested.emit(self._left[0][0])
            return None
        menu = QMenu(self)
        menu.setObjectName("roster_bring_back_menu")
        for member_id, name in self._left:
            action = menu.addAction(name.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, chosen=member_id: self.bring_back_requested.emit(chosen))
        menu.setActiveAction(menu.actions()[0])
        menu.popup(self.bring_back_button.mapToGlobal(QPoint(0, self.bring_back_button.height())))
        return menu


def _narrowed(widths: list[int], floors: list[int], room: int) -> list[int]:
    """``widths`` narrowed to fit ``room``, each in proportion to what it has above its floor, none below it."""
    over = sum(widths) - max(room, sum(floors))
    spare = sum(width - floor for width, floor in zip(widths, floors, strict=True))
    if over <= 0 or spare <= 0:
        return widths
    return [width - math.ceil((width - floor) * over / spare) for width, floor in zip(widths, floors, strict=True)]

"""工作台: the county or station at a glance — households, labour, employment, 零就业 — and a chart by site.

The chart uses QtCharts (from PySide6-Addons): it is Qt's own, so it renders CJK labels with the same fonts and
styles as the rest of the UI, and the installer carries only libQt6Charts and its binding (about 5 MB with the
OpenGL libraries it links), where pyqtgraph would bring NumPy (about 35 MB).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.first_step import COUNTY_CLERK, STATION_ADMIN, dashboard_empty
from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.tasks import Progress, TaskRunner
from forms.clock import computer_today
from forms.search import HouseholdsHeld, households_held
from forms.settings import load_settings
from forms.store import Store
from forms.summary import CountyFigures, SiteFigures, county_figures, distinct_labels, rate_text
from sync.identity import COUNTY, load_identity

CHART_MIN_HEIGHT = 170  # the axes, the legend and bars still worth reading


def percent(value: float | None) -> str:
    """就业率 as the 汇总表 shows it (`forms.summary.rate_text`), or — without labour."""
    return rate_text(value)


class Tile(QFrame):
    """One big number with its label."""

    def __init__(self, name: str, label: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("…", self)
        self.value.setObjectName(f"{name}_value")
        self.value.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption = QLabel(label, self)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption.setWordWrap(True)  # "Zero-employment households" on two lines: six tiles fit a 1024-pixel screen
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(caption)
        self.setAccessibleName(label)


# What each figure counts, shown as the tooltip of its tile and of its column: the clerk asked why the 工作台 said
# 3,120 employed and the 汇总表 3,402 (the one counted employed labour, the other everyone employed). Each name means
# one figure on both, and each says which of the two employment counts it is.
DEFINITIONS = {
    "households": QT_TRANSLATE_NOOP(
        "Dashboard", "户数：未作废的搬迁户（含暂时没有成员的户）。与汇总表的“户数”同一口径。"
    ),
    "labour_households": QT_TRANSLATE_NOOP(
        "Dashboard", "有劳动力户数：至少有一名劳动力的户。与汇总表的“有劳动力户数”同一口径。"
    ),
    "labour_members": QT_TRANSLATE_NOOP(
        "Dashboard",
        "劳动力人数：统计日期在劳动年龄内（按本县设置）、不在校、劳动技能为普通/技能/弱劳动力或半劳动力的成员。"
        "与汇总表的“劳动力人数”同一口径。",
    ),
    "employed_people": QT_TRANSLATE_NOOP(
        "Dashboard",
        "已就业人数：统计日期有在岗就业（计入就业的就业形式）的全部成员，含超过劳动年龄的在岗人员，"
        "不含未满16周岁的。与汇总表的“已就业人数”同一口径。",
    ),
    "employed_members": QT_TRANSLATE_NOOP(
        "Dashboard",
        "已就业劳动力：已就业人数中的劳动力，不含劳动年龄以外的在岗人员，所以可能比已就业人数少。"
        "就业率按它计算。汇总表的“已就业劳动力”列同一口径。",
    ),
    "employment_rate": QT_TRANSLATE_NOOP(
        "Dashboard", "就业率 = 已就业劳动力 ÷ 劳动力人数。与汇总表的“就业率”同一口径。"
    ),
    "zero_employment_households": QT_TRANSLATE_NOOP(
        "Dashboard",
        "零就业户数：有劳动力、但没有人就业的户，即“待跟进”里“零就业家庭”名单的户数。与汇总表的“零就业户数”同一口径。",
    ),
}


class Dashboard(QWidget):
    # Labels are marked for lupdate here and translated where they are shown (self.tr(label)).
    TILES = (
        ("households", QT_TRANSLATE_NOOP("Dashboard", "搬迁户数")),
        ("labour_households", QT_TRANSLATE_NOOP("Dashboard", "有劳动力户数")),
        ("labour_members", QT_TRANSLATE_NOOP("Dashboard", "劳动力人数")),
        ("employed_members", QT_TRANSLATE_NOOP("Dashboard", "已就业劳动力")),
        ("employment_rate", QT_TRANSLATE_NOOP("Dashboard", "就业率")),
        ("zero_employment_households", QT_TRANSLATE_NOOP("Dashboard", "零就业家庭")),
    )
    # The table's columns (a `SiteFigures` attribute each, after the site), named as the 汇总表 names the same figure:
    # both employment counts, so the 汇总表's 已就业人数 is on the 工作台 too, under its own name.
    COLUMNS = (
        ("site", QT_TRANSLATE_NOOP("Dashboard", "安置点")),
        ("households", QT_TRANSLATE_NOOP("Dashboard", "户数")),
        ("labour_households", QT_TRANSLATE_NOOP("Dashboard", "有劳动力户数")),
        ("labour_members", QT_TRANSLATE_NOOP("Dashboard", "劳动力人数")),
        ("employed_people", QT_TRANSLATE_NOOP("Dashboard", "已就业人数")),
        ("employed_members", QT_TRANSLATE_NOOP("Dashboard", "已就业劳动力")),
        ("employment_rate", QT_TRANSLATE_NOOP("Dashboard", "就业率")),
        ("zero_employment_households", QT_TRANSLATE_NOOP("Dashboard", "零就业户数")),
    )

    def __init__(
        self, store: Store, runner: TaskRunner, parent: QWidget | None = None, *, role: str = STATION_ADMIN
    ) -> None:
        """``role``: who looks, told their own first step when there is no household (`desktop.first_step`)."""
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.role = role
        self.setObjectName("dashboard")
        self.figures: CountyFigures | None = None
        #: The day to count from when the computer's date cannot be today (the main window's clock check says).
        self.working_day: date | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("dashboard_heading")
        self.heading.setStyleSheet("font-size: 16px;")
        # A station just set up showed rows of 0 over an empty chart: say the first step above them.
        self.county = False  # a county database (`refresh` finds out), told another first step
        self.held = HouseholdsHeld()  # with no household in use: none at all, or only voided ones
        self.first_step = QLabel(self)
        self.first_step.setObjectName("dashboard_first_step")
        self.first_step.setWordWrap(True)
        self.first_step.setStyleSheet("color: #555; font-size: 14px;")
        self.first_step.hide()
        tiles = QGridLayout()
        self.tiles: dict[str, Tile] = {}
        for column, (name, label) in enumerate(self.TILES):
            self.tiles[name] = Tile(name, self.tr(label), self)
            self.tiles[name].setToolTip(self.tr(DEFINITIONS[name]))
            tiles.addWidget(self.tiles[name], 0, column)

        self.chart = QChart()
        self.chart.setTitle(self.tr("各安置点劳动力就业情况"))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        # The bars keep their height in a short window: the legend beside them, not above, and thin margins.
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.chart.setMargins(QMargins(4, 0, 4, 0))
        self.chart.layout().setContentsMargins(0, 0, 0, 0)
        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setObjectName("employment_chart")
        self.chart_view.setAccessibleName(self.chart.title())
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(CHART_MIN_HEIGHT)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("site_figures")
        self.table.setAccessibleName(self.tr("各安置点就业数字表"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (the arrows move in it), not cell by cell
        self.table.setHorizontalHeaderLabels([self.tr(label) for _name, label in self.COLUMNS])
        for column, (name, _label) in enumerate(self.COLUMNS):
            item = self.table.horizontalHeaderItem(column)  # made by the labels above, one a column
            if name in DEFINITIONS and item is not None:
                item.setToolTip(self.tr(DEFINITIONS[name]))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(100)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # a site's name is not cut short
        # Eight columns share the width and a long (English) header wraps onto two lines, as the tiles' captions do:
        # sized to their headers they overflowed a 1024-pixel screen once both employment counts were shown.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.sectionResized.connect(self._fit_header)
        self.table.verticalHeader().hide()
        # The table asks for the height of its rows; the chart takes what is left, and gives way first. The chart kept
        # 260 pixels and three fifths of the rest: in a window 534 pixels high (1366×768 at 125%) the table showed three
        # sites, and 合计 was a scroll away.
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.first_step)
        layout.addLayout(tiles)
        layout.addWidget(self.chart_view, 1)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        """Recompute in the background (a county database takes a second or two)."""
        store, today = self.store, self.working_day or computer_today()
        self.heading.setText(self.tr("正在统计……"))

        def work(_progress: Progress) -> tuple[CountyFigures, bool, HouseholdsHeld]:
            settings = load_settings(store)
            with store.engine.connect() as conn:
                identity = load_identity(conn)
                figures = county_figures(conn, settings, today)
                county = identity is not None and identity.role == COUNTY
                return figures, county, HouseholdsHeld() if figures.total().households else households_held(conn)

        self.runner.start(work, on_done=lambda read: self._shown(*read), owner=self, droppable=True)

    def _shown(self, figures: CountyFigures, county: bool, held: HouseholdsHeld) -> None:
        self.county = county  # its first step is the stations' batches, not a roster of its own
        self.held = held
        self.show_figures(figures)

    def show_figures(self, figures: CountyFigures) -> None:
        self.figures = figures
        total = figures.total()
        self.heading.setText(self.tr("截至 %1 的情况").replace("%1", figures.on.isoformat()))
        for name, _label in self.TILES:
            value = percent(total.employment_rate) if name == "employment_rate" else f"{getattr(total, name):,}"
            self.tiles[name].value.setText(value)
        # Red when there are 零就业 households to help; a 0 in red read as an alarm on a station with none.
        zero = "color: #c62828;" if total.zero_employment_households else ""
        self.tiles["zero_employment_households"].value.setStyleSheet(f"font-size: 26px; font-weight: bold; {zero}")
        self.first_step.setVisible(not total.households)
        if total.households:
            self.first_step.clear()
        else:
            self.first_step.setText(dashboard_empty(self.held, COUNTY_CLERK if self.county else self.role))
        self._fill_table([*figures.sites, total])
        self._draw_chart(figures.sites)

    def _fit_header(self) -> None:
        """Two lines for the header when a name no longer fits its column (English at 1024 pixels), else one: in
        Chinese the line a taller header took was a row of the table's."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        wraps = any(
            metrics.horizontalAdvance(item.text()) + 12 > header.sectionSize(c)
            for c in range(1, header.count())
            if (item := self.table.horizontalHeaderItem(c)) is not None
        )
        header.setMinimumHeight(metrics.lineSpacing() * 2 + 6 if wraps else 0)

    def _fill_table(self, rows: list[SiteFigures]) -> None:
        self.table.setRowCount(len(rows))
        names = distinct_labels([s.site_name for s in rows], [s.site_code for s in rows])
        for r, site in enumerate(rows):
            values = [
                names[r] if site.site_id else self.tr("合计"),  # the total row (CountyFigures.total)
                *(getattr(site, name) for name, _label in self.COLUMNS[1:]),
            ]
            for c, value in enumerate(values):
                if self.COLUMNS[c][0] == "employment_rate":
                    value = percent(value)
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)

    def _draw_chart(self, sites: list[SiteFigures]) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        labour = QBarSet(self.tr("劳动力"))
        employed = QBarSet(self.tr("已就业劳动力"))  # the labour among the employed, as beside 劳动力 it should be
        for bar_set, colour in ((labour, "#90a4ae"), (employed, "#2e7d32")):
            bar_set.setColor(QColor(colour))
        for site in sites:  # 零就业 counts households, not people: it is in the tiles and the table, not here
            labour.append(site.labour_members)
            employed.append(site.employed_members)
        series = QBarSeries()
        for bar_set in (labour, employed):
            series.append(bar_set)
        self.chart.addSeries(series)
        names = QBarCategoryAxis()
        short = [s.site_name.replace("安置点", "").replace("社区", "") or s.site_name for s in sites]
        names.append(distinct_labels(short, [s.site_code for s in sites]))
        self.chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        counts.setRange(0, max([s.labour_members for s in sites] + [1]))
        counts.applyNiceNumbers()
        if counts.max() <= 10:
            # Whole people only: a range of 0 to 1 (a station before its first roster) had ticks at 0.2, 0.4 …,
            # labelled "0 0 0 0 0 1".
            counts.setTickCount(int(counts.max()) + 1)
        self.chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)

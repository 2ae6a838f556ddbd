"""家庭基本情况表 (一户一档): one household on one portrait A4 page, for its 户主 to check and sign (户主签字确认),
and for the station's paper file of that household; ``anju export household`` and the editor's 打印户表 (Ctrl+P).

A page holds the household's fields, its members (national labels, today's 就业状况), each member's current job,
the open 帮扶措施, the last 走访 and the signature block (户主（签字）, 采集员（签字）, 日期). A typical household
(up to about 8 members) fits one page; a larger one goes on over the next page, which starts with the title and
the header of the table it continues. Many households (a site, or those chosen) go into one sheet, each starting
on a page of its own, so the whole batch prints from the print dialog's default (the active sheet), in the order
the ledgers file households (楼栋, 单元, 门牌号).

A household 已迁出 from the station printing it (moved to a site another station serves, `forms.station_sites`;
its read-only editor still prints it) says so on every page, as a voided one says （已作废）: the title names where
it went, and a line under it who follows it up and that the page is this station's last copy, so it is not handed
out as one of the station's own; and it has no signature block, only a line saying why (`unsigned_lines`). The
county and a database not enrolled print it like any other.

Pages are laid out here, not left to the spreadsheet program: every row has a set height and the page breaks are
written into the sheet (one page wide, as many down as the breaks make), so Excel, WPS and LibreOffice break the
pages at the same rows; left to each program, a page broke between a table's header and its first row, and a
household's last rows went onto the next household's page. A page is filled for the scale Excel prints the
columns at (`PRINT_SCALE`), the largest of them; LibreOffice prints a little smaller and has room to spare.

Whole numbers by default, masked on request (`ExportOptions.masked`): the page exists for the 户主 to confirm
what is recorded, ID numbers and phones included, and a masked number cannot be confirmed; the signed copy is
filed in the household's own folder, as the paper 一户一档 always was. A copy taken only to look at on a visit
can be masked (脱敏): numbers show only their ends, the birth dates and health are left out, the 进展 of its
measures and the 情况记录 of its last visit say only （已隐去） (`export.HIDDEN_WHEN_MASKED`), and its signature
block says it is not the copy to sign. The other carried lists (零就业, 两后生) are masked by default because they
name many households to people who need none of their numbers; this one is each household's own.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from sqlalchemy import select

from ..errors import why_not_written
from ..household_list import address_of
from ..records import Employment, Household, Measure, Member, Visit
from ..rules.labour import HEAD, VOID
from ..settings import load_settings
from ..store import Store
from ..version import APP_VERSION
from . import ExcelError
from .cell_limit import SURELY_FITS, CutCell, excel_length, fit, without_controls
from .export import (
    ExportCancelled,
    ExportOptions,
    ExportResult,
    Ledger,
    Meta,
    _discard_stream,
    chunked,
    display_width,
    hidden_when_masked,
    mask_id,
    mask_phone,
    month_text,
    yes_no,
)
from .export import _properties as write_properties
from .export_members import age, birth_text
from .ledger_data import LedgerData, Row, Scope, member_order, natural, table_of
from .printing import A4, MAX_ROW_HEIGHT
from .stored import known_date

TITLE = "家庭基本情况表"
SHEET_NAME = "家庭基本情况表"
PROGRESS_EVERY = 100  # households between reports of progress (and checks for 取消)
#: A binding margin on the left: the page is punched and filed in the household's folder.
MARGINS = PageMargins(left=0.7, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.25)  # inches
POINTS_PER_WIDTH = 5.25  # as `printing`: 7 pixels of the default font per width unit, 0.75 points each
PAGE_WIDTH = (210 / 25.4 - MARGINS.left - MARGINS.right) * 72  # points across portrait A4 inside the margins
PAGE_HEIGHT = (297 / 25.4 - MARGINS.top - MARGINS.bottom) * 72  # points down

#: The tables on the page, each column (header, from, to) in column-width units across the page (110.5 wide):
#: wide enough for what it usually holds on one line at 10.5 points (普通劳动力, 18 digits, 自主创业(含返乡创业)).
Columns = tuple[tuple[str, float, float], ...]
MEMBER_COLUMNS: Columns = (
    ("姓名", 0, 8), ("与户主关系", 8, 15.5), ("证件号码", 15.5, 34.5), ("性别", 34.5, 39), ("出生日期", 39, 48),
    ("年龄", 48, 52), ("民族", 52, 57.5), ("文化程度", 57.5, 67), ("健康状况", 67, 78), ("劳动技能", 78, 89),
    ("就业状况", 89, 98.5), ("联系电话", 98.5, 110.5),
)  # fmt: skip
#: Masked: no 出生日期 or 健康状况 (`export.LEFT_OUT_WHEN_MASKED`); 年龄 and 文化程度 take their room.
MASKED_MEMBER_COLUMNS: Columns = (
    ("姓名", 0, 8), ("与户主关系", 8, 15.5), ("证件号码", 15.5, 34.5), ("性别", 34.5, 39), ("年龄", 39, 52),
    ("民族", 52, 57.5), ("文化程度", 57.5, 78), ("劳动技能", 78, 89), ("就业状况", 89, 98.5), ("联系电话", 98.5, 110.5),
)  # fmt: skip
JOB_COLUMNS: Columns = (
    ("姓名", 0, 8), ("就业形式", 8, 29), ("务工地域", 29, 39), ("务工所在地", 39, 61), ("务工企业名称", 61, 89),
    ("开始时间", 89, 100), ("月收入(元)", 100, 110.5),
)  # fmt: skip
MEASURE_COLUMNS: Columns = (
    ("帮扶对象", 0, 15.5), ("帮扶措施", 15.5, 39), ("开始日期", 39, 52), ("计划完成", 52, 67), ("责任人", 67, 78),
    ("进展", 78, 110.5),
)  # fmt: skip
VISIT_COLUMNS: Columns = (
    ("走访日期", 0, 15.5),
    ("走访人", 15.5, 34.5),
    ("走访结果", 34.5, 48),
    ("情况记录", 48, 110.5),
)
#: Where the household's fields go: (label from, value from, value to) for a row of three pairs or of two.
FIELD_EDGES = {3: ((0, 15.5, 34.5), (34.5, 48, 67), (67, 78, 110.5)), 2: ((0, 15.5, 67), (67, 78, 110.5))}
SIGN_EDGES = {"whole": (0, 39, 78, 110.5), "masked": (0, 52, 110.5)}
#: The sheet's columns: every edge of every table, so each table's columns are runs of them (merged).
GRID = tuple(
    sorted(
        {edge for table in (MEMBER_COLUMNS, MASKED_MEMBER_COLUMNS, JOB_COLUMNS, MEASURE_COLUMNS, VISIT_COLUMNS)
         for _header, *edges in table for edge in edges}
        | {edge for edges in FIELD_EDGES.values() for run in edges for edge in run}
        | {edge for edges in SIGN_EDGES.values() for edge in edges}
    )
)  # fmt: skip
WIDTHS = tuple(b - a for a, b in itertools.pairwise(GRID))
COLUMNS = len(WIDTHS)
#: The scale Excel prints the columns at, one page wide: the largest any program uses (LibreOffice's wider columns
#: print smaller), so a page laid out for it holds its rows in all of them.
PRINT_SCALE = min(100, math.floor(100 * PAGE_WIDTH / (sum(WIDTHS) * POINTS_PER_WIDTH)))
#: How many points of rows a page holds.
PAGE_ROOM = PAGE_HEIGHT * 100 / PRINT_SCALE

FONT_SIZE = 10.5  # 五号, the size of Chinese forms
LINE = 14.5  # points a line of 10.5-point text takes, Chinese glyphs included
ROW = 22.0  # a row of one line, with room round it
TALL_ROW = 26.0  # a member's row: room to write a correction by hand
SIGN_ROW = 42.0  # the signature row: about 15 mm on paper at 85%

_TITLE_FONT = Font(bold=True, size=16)
_FONT = Font(size=FONT_SIZE)
_BOLD = Font(size=FONT_SIZE, bold=True)
_SMALL = Font(size=9, color="444444")
_LINE = Side(style="thin", color="000000")
_BORDER = Border(left=_LINE, right=_LINE, top=_LINE, bottom=_LINE)
_LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)

MASKED_NOTE = (
    "本表已脱敏：证件号码和电话只显示首尾几位，不含出生日期、健康状况和工作人员填写的情况说明，"
    "仅供入户核对，不作户主签字确认用"
)
WHOLE_NOTE = "本表含完整证件号码和电话：户主签字后归入本户档案，不要遗留在外或拍照外传"
CONFIRMATION = "以上信息经本户核对无误。"
#: Under the title of a household 已迁出 from the station printing it (`moved_to`): the page is the station's last
#: copy of a household it no longer follows up, not one of its own current households.
MOVED_NOTE = "本户已迁出到 {site}，由该安置点的工作站跟进；本站只能查看，本表是本站留存的记录，可能不是本户现在的情况。"
#: Where the signature block would be on such a page: a copy kept of a household the station no longer follows up
#: is not one for the 户主 to confirm (it may no longer be true), nor a visit's (this station does not visit it).
MOVED_UNSIGNED = "本表是本站留存的记录，不作签字确认用，所以没有签字栏；要本户签字确认的表，请 {site} 的工作站打印。"
WHOLE_KEPT = "本表含完整证件号码和电话：不要遗留在外或拍照外传"
MASKED_KEPT = "本表已脱敏：证件号码和电话只显示首尾几位，不含出生日期、健康状况和工作人员填写的情况说明"
NOTHING = "无"
#: 就业状况 of a member under 16 with a job, as the editor's roster says it (`desktop.editor.roster`); what it means
#: under the jobs, in the words of the 检查结果 that asks for it to be put right (`forms.rules.registry`).
CHILD_AT_WORK = "未满16岁就业"
CHILD_JOB_NOTE = (
    "“未满16岁就业”：未满16周岁的工作不计入就业人数，本户是否零就业也不看它（童工不是就业，《劳动法》第十五条）；"
    "请核实，见检查结果“未满16周岁或在校生有就业”。"
)


# ---- the page as lines --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One cell of a line, spanning the grid from ``start`` to ``end`` (column-width units, values of `GRID`)."""

    value: Any
    start: float
    end: float
    style: str = "value"  # title, stamp, moved, section, head, label, value, code, plain, sign, note
    wraps: bool = True


@dataclass
class Line:
    """A printed row: its cells, its height in points; ``keep_with_next`` holds it on the page of the line after
    (a section's title, a table's header); ``header`` is the table header repeated above it on a new page."""

    pieces: list[Piece]
    height: float = ROW
    keep_with_next: bool = False
    header: Line | None = None


def _fit(pieces: Sequence[Piece], least: float) -> float:
    """The height of a row of ``pieces``: ``least``, or as many lines as the longest text wraps to."""
    lines = 1
    for piece in pieces:
        if piece.value is None or not piece.wraps:
            continue
        text_width = display_width(piece.value) * (FONT_SIZE / 11) * 1.05  # some spare for where lines break
        lines = max(lines, math.ceil(text_width / max(piece.end - piece.start - 0.6, 1)))
    return max(least, min(lines * LINE + 6, MAX_ROW_HEIGHT))


def line(pieces: list[Piece], least: float = ROW, **kwargs: Any) -> Line:
    return Line(pieces, _fit(pieces, least), **kwargs)


def section(text: str) -> Line:
    return Line([Piece(text, GRID[0], GRID[-1], "section", False)], 20.0, keep_with_next=True)


def table(
    columns: Columns, rows: Sequence[Sequence[Any]], least: float = ROW, keep_with_next: bool = False
) -> list[Line]:
    """A table's header and rows; an empty table shows 无 across. ``keep_with_next``: all of it on the page of the
    line after it (the last 走访 with the signatures: a page signed with nothing on it above confirms nothing)."""
    head = line([Piece(text, a, b, "head") for text, a, b in columns], ROW, keep_with_next=True)
    body: list[Line] = []
    for row in rows:
        pieces = [
            Piece(value, a, b, "code" if _is_code(text) else "value")
            for value, (text, a, b) in zip(row, columns, strict=True)
        ]
        body.append(line(pieces, least, header=head, keep_with_next=keep_with_next))
    if not body:
        body.append(Line([Piece(NOTHING, GRID[0], GRID[-1])], ROW, header=head, keep_with_next=keep_with_next))
    return [head, *body]


def _is_code(header: str) -> bool:
    return header in {"证件号码", "联系电话", "户编号"}


# ---- what a household's page says -----------------------------------------------------------------------------------


@dataclass
class HouseholdData:
    """Everything the pages show, read in one go for all the households asked for."""

    ledger: LedgerData
    visits: dict[str, Row] = field(default_factory=dict)  # household id → its last visit
    measures: dict[str, list[Row]] = field(default_factory=dict)  # household id → its open measures


def employment_status(data: LedgerData, member: Row) -> str:
    """就业状况 on the survey date, as the counts have it; a child's job, listed under 当前就业情况 but counted in no
    figure, as `CHILD_AT_WORK` (the page said 非劳动力 beside the job, and the county clerk could not tell which was
    wrong)."""
    if data.employed(member):
        return "已就业"
    if data.current_spell(member) is not None:  # a job that does not count: the member is under 16
        return CHILD_AT_WORK
    if data.labour(member):
        return "未就业"
    return "在校生" if member["student_status"] else "非劳动力"


def education_text(member: Row) -> str | None:
    """文化程度, or the grade of a pupil (文化程度 is empty while at school; 就业状况 says 在校生)."""
    text = member["student_status"] or member["education"]
    return None if text is None else str(text)


def health_text(member: Row) -> str | None:
    """健康状况 as the editor lists it, the 残疾类别 after 残疾."""
    text = (member["health"] or "").replace(",", "、")
    if member["disability"]:
        text = (
            text.replace("残疾", f"残疾（{member['disability']}）")
            if "残疾" in text
            else "、".join(filter(None, (text, f"残疾（{member['disability']}）")))
        )
    return text or None


def household_lines(data: HouseholdData, scope: Scope, household: Row, masked: bool) -> list[Line]:
    """The household's page, after its title: fields, members, jobs, measures, last visit, signatures."""
    ledger = data.ledger
    members = ledger.members.get(household["id"], [])
    figures = ledger.figures(household)
    head = next((m for m in members if m["relation"] == HEAD), None)
    phones: Callable[[Any], Any] = mask_phone if masked else (lambda v: v)
    origin = "".join(
        part or "" for part in (household["origin_county"], household["origin_town"], household["origin_village"])
    )
    if household["origin_hamlet"]:
        origin += f"{household['origin_hamlet']}"
    home = address_of(household["building"], household["unit"], household["room"])
    site = scope.site_name(household["site_id"]) or ""

    code = {"户编号", "户联系电话"}

    def fields(*pairs: tuple[str, Any]) -> Line:
        """Label and value pairs across the page: three, or two with the first value as wide as two."""
        edges = FIELD_EDGES[len(pairs)]
        pieces = []
        for (label, value), (a, b, c) in zip(pairs, edges, strict=True):
            pieces += [Piece(label, a, b, "label"), Piece(value, b, c, "code" if label in code else "value")]
        return line(pieces)

    return [
        section("一、家庭基本情况"),
        fields(("户主姓名", head["name"] if head else None), ("户类型", household["household_type"]),
               ("户编号", household["hh_number"])),
        fields(("现住址", f"{site} {home}".strip()), ("搬迁时间", month_text(household["relocated_on"]))),
        fields(("迁出地", origin or None), ("采集日期", _day(household["collected_on"]))),
        fields(("易迁户属性", household["relocation_type"]), ("监测对象类别", household["monitoring_type"] or NOTHING),
               ("采集人", household["collector"])),
        fields(("户联系电话", phones(household["phone"])), ("零就业家庭", yes_no(figures.zero_employment)),
               ("登记状态", household["status"])),
        fields(("家庭人数", figures.members), ("劳动力人数", figures.labour), ("就业人数", figures.employed)),
        *member_lines(ledger, members, masked),
        *job_lines(ledger, members),
        *measure_lines(members, data.measures.get(household["id"], []), masked),
        *visit_lines(data.visits.get(household["id"]), masked),
        *(unsigned_lines(went, masked) if (went := moved_to(scope, household)) else signature_lines(masked)),
    ]  # fmt: skip


def member_lines(ledger: LedgerData, members: Sequence[Row], masked: bool) -> list[Line]:
    ids: Callable[[Any], Any] = mask_id if masked else (lambda v: v)
    phones: Callable[[Any], Any] = mask_phone if masked else (lambda v: v)
    member_columns = MASKED_MEMBER_COLUMNS if masked else MEMBER_COLUMNS
    rows = []
    for m in members:
        values = {
            "姓名": m["name"],
            "与户主关系": m["relation"],
            "证件号码": ids(m["id_number"]),
            "性别": m["sex"],
            "出生日期": birth_text(m["birth_date"]),
            "年龄": age(m["birth_date"], ledger.on),
            "民族": m["ethnicity"],
            "文化程度": education_text(m),
            "健康状况": health_text(m),
            "劳动技能": m["labour_skill"],
            "就业状况": employment_status(ledger, m),
            "联系电话": phones(m["phone"]),
        }
        rows.append([values[name] for name, _a, _b in member_columns])
    return [section("二、家庭成员"), *table(member_columns, rows, TALL_ROW)]


def job_lines(ledger: LedgerData, members: Sequence[Row]) -> list[Line]:
    """Each member's job today (the spell that makes them 已就业, or a child's that counts for nothing: said under
    the table, `CHILD_JOB_NOTE`)."""
    jobs = []
    children = False
    for m in members:
        spell = ledger.current_spell(m)
        if spell is not None:
            children = children or not ledger.employed(m)
            jobs.append(
                [
                    m["name"],
                    spell["form"],
                    spell["place_scope"],
                    spell["place"],
                    spell["employer"],
                    month_text(spell["start_month"]),
                    spell["monthly_income"],
                ]
            )
    note = [line([Piece(CHILD_JOB_NOTE, GRID[0], GRID[-1], "note")], 18.0)] if children else []
    return [section("三、当前就业情况"), *table(JOB_COLUMNS, jobs), *note]


def measure_lines(members: Sequence[Row], open_measures: Sequence[Row], masked: bool = False) -> list[Line]:
    names = {m["id"]: m["name"] for m in members}
    typed: Callable[[Any], Any] = hidden_when_masked if masked else (lambda v: v)  # 进展: what a worker wrote
    measures = [
        [
            names.get(measure["member_id"] or "", "全户") if measure["member_id"] else "全户",
            measure["kind"],
            _day(measure["started_on"]),
            _day(measure["due_on"]),
            measure["staff"],
            typed(measure["outcome"]),
        ]
        for measure in open_measures
    ]
    return [section("四、正在落实的帮扶措施"), *table(MEASURE_COLUMNS, measures)]


def visit_lines(visit: Row | None, masked: bool = False) -> list[Line]:
    notes = None if visit is None else hidden_when_masked(visit["notes"]) if masked else visit["notes"]  # 情况记录
    visits = [] if visit is None else [[_day(visit["visited_on"]), visit["surveyor"], visit["outcome"], notes]]
    return [section("五、最近一次走访"), *table(VISIT_COLUMNS, visits, keep_with_next=True)]


def signature_lines(masked: bool) -> list[Line]:
    """户主（签字）, 采集员（签字）, 日期 — or, on a masked copy, why it is not the one to sign."""
    blank, date_line = "_" * 14, f"日期：{'_' * 8}年{'_' * 5}月{'_' * 5}日"
    if masked:
        left, middle, right = SIGN_EDGES["masked"]
        return [
            Line([Piece(MASKED_NOTE, GRID[0], GRID[-1], "note")], 30.0, keep_with_next=True),
            Line(
                [
                    Piece(f"走访人（签字）：{blank}", left, middle, "sign", False),
                    Piece(date_line, middle, right, "sign", False),
                ],
                SIGN_ROW,
            ),
        ]
    first, second, third, last = SIGN_EDGES["whole"]
    return [
        Line([Piece(CONFIRMATION, GRID[0], GRID[-1], "plain", False)], 26.0, keep_with_next=True),
        Line(
            [
                Piece(f"户主（签字）：{blank}", first, second, "sign", False),
                Piece(f"采集员（签字）：{blank}", second, third, "sign", False),
                Piece(date_line, third, last, "sign", False),
            ],
            SIGN_ROW,
            keep_with_next=True,
        ),
        Line([Piece(WHOLE_NOTE, GRID[0], GRID[-1], "note", False)], 18.0),
    ]


def unsigned_lines(went: str, masked: bool) -> list[Line]:
    """For a household 已迁出 from this station, in place of the signature block: why there is none, and what the
    numbers on it are. Its page once carried 户主（签字）… under a title saying it is the station's old copy."""
    return [
        line([Piece(MOVED_UNSIGNED.format(site=went), GRID[0], GRID[-1], "plain")], 26.0, keep_with_next=True),
        Line([Piece(MASKED_KEPT if masked else WHOLE_KEPT, GRID[0], GRID[-1], "note", False)], 18.0),
    ]


def _day(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def title_lines(
    scope: Scope, household: Row, meta: Meta, masked: bool, page: int, pages: int, head: str | None
) -> list[Line]:
    """The top of each of the household's pages: what, which site, which household, which page of how many; for a
    household 已迁出 from this station, where it went on every page (`moved_to`)."""
    went = moved_to(scope, household)
    site = "" if went else scope.site_name(household["site_id"]) or ""  # its new site: in the mark, not as ours
    title = f"{site} {TITLE}".strip() + ("（脱敏）" if masked else "") + ("（续）" if page > 1 else "")
    if household["status"] == VOID:
        title += "（已作废）"
    if went:
        title += f"（已迁出到 {went}）"
    number = household["hh_number"] or "（未填）"
    who = f"　户主：{head}" if head else ""
    stamp = f"户编号：{number}{who}　统计日期：{meta.on:%Y-%m-%d}　第 {page} 页，共 {pages} 页"
    lines = [
        Line([Piece(title, GRID[0], GRID[-1], "title", False)], 28.0),
        Line([Piece(stamp, GRID[0], GRID[-1], "stamp", False)], 18.0),
    ]
    if went:
        lines.append(line([Piece(MOVED_NOTE.format(site=went), GRID[0], GRID[-1], "moved")], 20.0))
    return lines


def moved_to(scope: Scope, household: Row) -> str | None:
    """Where a household went, as lists name a site (新村（S2）), if it is 已迁出 from this station: at a site an
    enrolled station does not serve (`forms.station_sites.moved_to`). None at its own sites, on the county and on a
    database not enrolled: there it is a household like any other."""
    site_id = household["site_id"]
    if scope.own is None or site_id is None or site_id in scope.own:
        return None
    site = scope.sites.get(site_id)
    return f"{site['name']}（{site['code']}）" if site is not None else str(site_id)


def paginate(body: Sequence[Line], title_height: float, room: float = PAGE_ROOM) -> list[list[Line]]:
    """``body`` in pages of at most ``room`` points under a title ``title_height`` tall: a line held with the next
    goes over with it, and a table going on over a page starts the page with its header."""
    pages: list[list[Line]] = []
    page: list[Line] = []
    used = title_height
    index = 0
    while index < len(body):
        last = index
        need = body[index].height
        while body[last].keep_with_next and last + 1 < len(body):
            last += 1
            need += body[last].height
        if page and used + need > room:
            pages.append(page)
            page, used = [], title_height
            header = body[index].header
            if header is not None:
                page.append(header)
                used += header.height
        page.extend(body[index : last + 1])
        used += need
        index = last + 1
    pages.append(page)
    return pages


# ---- reading ------------------------------------------------------------------------------------------------------


def household_ids_for_numbers(store: Store, numbers: Sequence[str]) -> list[str]:
    """The households (live, not tombstoned) with these 户编号, in the order given; a number not found is refused."""
    h = table_of(Household)
    found: dict[str, list[str]] = {}
    with store.reading() as session:
        for chunk in chunked(list(dict.fromkeys(numbers))):
            query = select(h.c.hh_number, h.c.id).where(h.c.deleted_at.is_(None), h.c.hh_number.in_(chunk))
            for number, household_id in session.execute(query):
                found.setdefault(number, []).append(household_id)
    missing = [n for n in numbers if n not in found]
    if missing:
        listed = "、".join(missing)
        raise ExcelError(
            f"找不到户编号“{listed}”。请核对户编号（可在住户列表中查看），或用 --site 导出整个安置点。",
            f"No household has the 户编号 “{listed}”. Check the number (the 住户 list shows it), or use --site.",
        )
    return [household_id for n in dict.fromkeys(numbers) for household_id in found[n]]


def read_households(store: Store, scope: Scope, on: date, household_ids: Sequence[str] = ()) -> HouseholdData:
    """The households asked for (``household_ids``, any status but tombstoned) or, without, the scope's counting
    ones; their live members, spells, open measures and last visit."""
    settings = load_settings(store)
    h, m, e = table_of(Household), table_of(Member), table_of(Employment)
    v, s = table_of(Visit), table_of(Measure)
    with store.reading() as session:

        def rows(query: Any) -> list[Row]:
            return scope.stored.rows(session, query)

        live = h.c.deleted_at.is_(None)
        # Households chosen one by one are printed wherever they are (an 已迁出 one from its read-only editor too).
        site = [h.c.site_id == scope.site_id] if scope.site_id is not None else []
        if household_ids:
            households = [
                r
                for chunk in chunked(list(household_ids))
                for r in rows(select(h).where(live, h.c.id.in_(chunk), *site))
            ]
        else:
            households = rows(select(h).where(live, h.c.status != VOID, *scope.households_at(h.c.site_id)))
        wanted = [r["id"] for r in households]
        members: dict[str, list[Row]] = {}
        spells: dict[str, list[Row]] = {}
        visits: dict[str, Row] = {}
        measures: dict[str, list[Row]] = {}
        for chunk in chunked(wanted):
            for row in rows(select(m).where(m.c.deleted_at.is_(None), m.c.household_id.in_(chunk))):
                members.setdefault(row["household_id"], []).append(row)
            for row in rows(
                select(s).where(s.c.deleted_at.is_(None), s.c.closed_on.is_(None), s.c.household_id.in_(chunk))
            ):
                measures.setdefault(row["household_id"], []).append(row)
            for row in rows(select(v).where(v.c.deleted_at.is_(None), v.c.household_id.in_(chunk))):
                last = visits.get(row["household_id"])
                if last is None or _visit_order(row) > _visit_order(last):
                    visits[row["household_id"]] = row
        member_ids = [row["id"] for group in members.values() for row in group]
        for chunk in chunked(member_ids):
            for row in rows(select(e).where(e.c.deleted_at.is_(None), e.c.member_id.in_(chunk))):
                spells.setdefault(row["member_id"], []).append(row)
    stored = scope.stored
    stored.note("households", households)
    stored.note("members", (m for group in members.values() for m in group))
    stored.note("employments", (s for group in spells.values() for s in group))
    stored.note("measures", (m for group in measures.values() for m in group))
    stored.note("visits", visits.values())
    households.sort(
        key=lambda r: (
            scope.site_name(r["site_id"]) or "",
            natural(r["building"]),
            natural(r["unit"]),
            natural(r["room"]),
            r["hh_number"] or "",
            r["id"],
        )
    )
    for group in members.values():
        group.sort(key=member_order)
    for group in measures.values():
        group.sort(key=lambda r: (known_date(r["started_on"]) or date.min, r["kind"], r["id"]))
    return HouseholdData(LedgerData(households, members, spells, settings, on), visits, measures)


def _visit_order(visit: Row) -> tuple[date, str]:
    """Which 走访 is the last: by its date (one that is no date, kept as stored, counts as the earliest)."""
    return known_date(visit["visited_on"]) or date.min, visit["updated_at"]


# ---- writing ------------------------------------------------------------------------------------------------------


class _Styles:
    """The styles of the pieces (`Piece.style`) as write-only cells."""

    FONTS: ClassVar[dict[str, Font]] = {
        "title": _TITLE_FONT,
        "stamp": _SMALL,
        "section": _BOLD,
        "head": _BOLD,
        "label": _BOLD,
        "note": _SMALL,
        "moved": _BOLD,
    }
    ALIGN: ClassVar[dict[str, Alignment]] = {
        "title": _CENTER,
        "head": _CENTER,
        "label": _CENTER,
        "section": _LEFT,
        "stamp": _LEFT,
        "plain": _LEFT,
        "moved": _CENTER,
    }
    BORDERED: ClassVar[frozenset[str]] = frozenset({"head", "label", "value", "code"})
    FILLED: ClassVar[frozenset[str]] = frozenset({"head", "label"})

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.made: dict[tuple[str, int], Any] = {}

    def cell(self, value: Any, style: str, column: int) -> Any:
        """A cell of ``style`` holding ``value``, for ``column`` of the row being written: one cell per style and
        column, styled once and reused (openpyxl writes a row before the next is appended). Styling each cell anew
        cost most of the time: a site of 1,300 households took 30 s."""
        cell = self.made.get((style, column))
        if cell is None:
            cell = self.made[style, column] = WriteOnlyCell(self.ws)
            cell.font = self.FONTS.get(style, _FONT)
            cell.alignment = self.ALIGN.get(style, _TOP_LEFT if style == "note" else _LEFT)
            if style in self.BORDERED:
                cell.border = _BORDER
            if style in self.FILLED:
                cell.fill = _LABEL_FILL
            if style == "code":
                cell.number_format = "@"  # 证件号码, 电话 and 户编号 stay text, never 4.40524E+17
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # text, even a name that starts with "=" (never a formula)
        return cell


_COLUMN_OF = {edge: index for index, edge in enumerate(GRID)}


def _write_line(
    ws: Any, styles: _Styles, row: int, item: Line, whose: str = "", cuts: list[CutCell] | None = None
) -> None:
    """One printed row; a text longer than a cell holds (a visit's 情况记录 pasted many times) is cut to Excel's limit
    and added to ``cuts`` with ``whose`` page it is on (`cell_limit`)."""
    ws.row_dimensions[row].height = item.height
    cells: list[Any] = [None] * COLUMNS
    for index, piece in enumerate(item.pieces):
        first, last = _COLUMN_OF[piece.start], _COLUMN_OF[piece.end] - 1
        value = piece.value
        if value.__class__ is str and not value.isprintable():
            value = without_controls(value)  # Word's line break (\x0b) would stop the whole print (`cell_limit`)
        if value.__class__ is str and len(value) > SURELY_FITS and (fitted := fit(value)) is not None:
            if cuts is not None:
                where = f"{get_column_letter(first + 1)}{row}"
                cuts.append(CutCell(where, _field_of(item, index), whose, excel_length(value)))
            value = fitted
        cells[first] = styles.cell(value, piece.style, first)
        if piece.style in _Styles.BORDERED:
            for column in range(first + 1, last + 1):  # a merged range is drawn with each of its cells' borders
                cells[column] = styles.cell(None, piece.style, column)
        if last > first:
            # Straight into the set: `merged_cells.add` first looks through every range already there, and a site's
            # few hundred thousand took an hour. Ours are one row each and never overlap.
            ws.merged_cells.ranges.add(CellRange(min_col=first + 1, min_row=row, max_col=last + 1, max_row=row))
    ws.append(cells)


def _field_of(item: Line, index: int) -> str:
    """What the ``index``-th piece of ``item`` is: its table's header above it, or the label before it."""
    piece = item.pieces[index]
    if item.header is not None:
        for head in item.header.pieces:
            if head.start == piece.start:
                return str(head.value)
    if index > 0 and item.pieces[index - 1].style == "label":
        return str(item.pieces[index - 1].value)
    return ""


def set_up_page(ws: Any, meta: Meta) -> None:
    """Portrait A4 one page wide, the binding margin, the footer (the printing date; the program and questionnaire
    versions, as the other exports stamp them); the columns of `GRID`. Before the first row."""
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # the pages down are ours (the row breaks)
    ws.page_margins = MARGINS
    ws.print_options.horizontalCentered = True
    ws.oddFooter.left.text, ws.oddFooter.left.size = "打印日期：&D", 9
    ws.oddFooter.right.text = f"安居 Anju {APP_VERSION}　问卷版本 {meta.questionnaire_version}"
    ws.oddFooter.right.size = 9
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


@dataclass(frozen=True)
class Written:
    households: int
    pages: int
    cut: tuple[CutCell, ...] = ()  # cells cut to Excel's limit
    #: the households printed with a 户主签字栏: not those 已迁出 from this station (`moved_to`), its record only
    to_sign: int = 0


def write_households(
    path: Path, data: HouseholdData, scope: Scope, meta: Meta, masked: bool, options: ExportOptions | None = None
) -> Written:
    """One sheet, each household from a new page; the file appears whole or not at all. ``options`` is told how
    many households there are and how far the writing is, and may cancel it (no file is left)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(SHEET_NAME)
    set_up_page(ws, meta)
    styles = _Styles(ws)
    row = 0
    printed = 0
    to_sign = 0
    cuts: list[CutCell] = []
    ledger = data.ledger
    if options is not None and options.total is not None:
        options.total(len(ledger.households))
    for done, household in enumerate(ledger.households, 1):
        if options is not None and done % PROGRESS_EVERY == 0:
            if options.cancelled is not None and options.cancelled():
                _discard_stream(ws)
                raise ExportCancelled(str(path))
            if options.progress is not None:
                options.progress(done)
        members = ledger.members.get(household["id"], [])
        head = next((m["name"] for m in members if m["relation"] == HEAD), None)
        whose = " ".join(part for part in (_number_of(household), f"户主{head}" if head else "") if part)
        body = household_lines(data, scope, household, masked)
        title_height = sum(t.height for t in title_lines(scope, household, meta, masked, 1, 1, head))
        pages = paginate(body, title_height)
        for number, page in enumerate(pages, 1):
            if row:
                ws.row_breaks.append(Break(id=row))
            for item in [*title_lines(scope, household, meta, masked, number, len(pages), head), *page]:
                row += 1
                _write_line(ws, styles, row, item, whose, cuts)
        printed += len(pages)
        if moved_to(scope, household) is None:
            to_sign += 1
    if row:
        ws.print_area = f"A1:{get_column_letter(COLUMNS)}{row}"
    title = f"{meta.site_label} {TITLE}" + ("（脱敏）" if masked else "")
    write_properties(
        book, Ledger(kind="household", sheet_name=SHEET_NAME, title=title, columns=(), rows=(), masked=masked), meta
    )
    temporary = path.with_name(path.name + ".tmp")
    try:
        book.save(temporary)
        temporary.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        _discard_stream(ws)
        why, why_en = why_not_written(exc)
        raise ExcelError(f"无法写入“{path}”：{why}。", f"Cannot write “{path}”: {why_en}.") from exc
    return Written(len(ledger.households), printed, tuple(cuts), to_sign)


def _number_of(household: Row) -> str:
    """户编号 …, or the flat of a household without one, to say whose page a cut cell is on."""
    if household["hh_number"]:
        return f"户编号 {household['hh_number']}"
    return address_of(household["building"], household["unit"], household["room"])


def export_households(store: Store, path: Path, options: ExportOptions, scope: Scope, meta: Meta) -> ExportResult:
    """``anju export household``: the households of ``options.household_ids``, or of the scope, to ``path``."""
    data = read_households(store, scope, options.on, options.household_ids)
    if not data.ledger.households:
        where = "所选的住户" if options.household_ids else f"“{scope.label}”"
        raise ExcelError(
            f"{where}没有可打印的住户（作废的户不打印），未写出文件。",
            f"No household to print in {scope.label}; nothing was written.",
        )
    masked = bool(options.masked)  # whole unless asked: the copy the 户主 checks and signs (see the docstring)
    if len(data.ledger.households) == 1:
        only = data.ledger.households[0]
        site = scope.site_name(only["site_id"]) or ""
        meta = Meta(site, meta.on, meta.questionnaire_version)
    written = write_households(path, data, scope, meta, masked, options)
    title = f"{meta.site_label} {TITLE}" + ("（脱敏）" if masked else "")
    if len(data.ledger.households) == 1 and (went := moved_to(scope, data.ledger.households[0])):
        title = f"{TITLE}（已迁出到 {went}）" + ("（脱敏）" if masked else "")
    return ExportResult("household", path, written.households, title, masked, cut=written.cut, to_sign=written.to_sign)

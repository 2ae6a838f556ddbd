"""``anju export KIND``: ledgers as county clerks keep them, written fast enough for a whole county.

Every ledger has the same frame, the one national exports use: a title (what, which site) on row 1, the survey
date, program and questionnaire versions on row 2, the headers of domain-fields.md on row 3 (two rows when
columns are grouped), frozen, with a filter; columns wide enough for what they hold (longer text wraps); the
program and questionnaire versions also in the workbook properties. ID numbers, phones and 户编号 are written as
text cells formatted as text (``@``), so Excel never shows 4.40524E+17 and a number typed there later stays text
too; birth dates are YYYYMMDD and months "YYYY年MM月", as the national system writes them. Each ledger prints as
county ledgers are filed (`printing`): landscape A4, one page wide (a wide one across pages, readable, its
``key_columns`` on each), title and headers on every page, page numbers, lines round the table's cells.

A list printed and carried door to door, or taken to the print shop on a USB stick, is written masked (脱敏,
`masked`) unless the clerk asks for full numbers: ID numbers and phones show only their ends, the columns that
say more than a visit needs (health, disability, and the birth date, which with an ID number's ends gives most of
it back) are left out, the values that would tell of health in the columns kept (未就业原因 患病, 证件类型 残疾人证)
are written as ones that do not (`MASKED_VALUES`), and what a worker typed about someone (就业意愿（工种）, a
走访's 情况记录) is hidden (`HIDDEN_WHEN_MASKED`). The sheets a number is needed on (the member and 务工监测 sheets
that round-trip, the payment lists, the 减员名单 for the national system) are written in full unless masking is
asked for. A masked number is refused by the import (`forms.excel.fixes.is_masked`), so such a sheet can never
overwrite real numbers.

openpyxl's write-only mode streams rows to the file; only the columns that need a format get a styled cell, and
one styled cell per column is reused for every row (openpyxl writes a row before the next is appended). Column
widths are measured on the first rows, because write-only mode must write them before any row.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..errors import MAKE_THE_FOLDER, why_not_written
from ..leaving import LEFT_REASONS, NOT_RECORDED
from ..store import Store
from ..version import APP_VERSION
from . import ExcelError, gc_paused, printing
from .cell_limit import SURELY_FITS, CutCell, excel_length, fit, without_controls
from .stored import LostMember, OddValue

ColumnKind = Literal["text", "code", "int", "date", "percent"]
WIDTH_SAMPLE = 2000  # rows measured for column widths
FORMATS: dict[str, str] = {"code": "@", "date": "yyyy-mm-dd", "percent": "0.0%", "int": "0"}
FIXED_WIDTH: dict[str, int] = {
    "证件号码": 21,
    "户主证件号码": 21,
    "户编号": 22,
    "出生日期": 10,
    "采集日期": 11,
    "签字": 16,  # room for a name written by hand: about 2 cm on paper, where 6 left 6 mm
}
_TITLE_FONT = Font(bold=True, size=14)
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_HEAD_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True)


@dataclass(frozen=True)
class Col:
    header: str
    kind: ColumnKind = "text"


@dataclass
class Ledger:
    """One sheet to write: what it is, its columns, its rows (values formatted for the sheet, in column order)."""

    kind: str
    sheet_name: str
    title: str
    columns: Sequence[Col]
    rows: Iterable[Sequence[Any]]
    groups: Sequence[tuple[str, int, int]] = ()  # a header above columns first..last (0-based), e.g. 按就业形式
    totals: Sequence[Any] | None = None  # a 合计 row under the table
    notes: Sequence[str] = ()  # lines under the table (definitions)
    key_columns: int = 1  # the leading columns that say whose row it is, on every page when printed across pages
    signed: bool = False  # people sign on the printed rows (签字): rows tall enough to write in
    masked: bool = False  # 脱敏 (`masked_ledger`)
    #: how many ``rows`` there are, when they are made as they are written (known from the data read, cheaply);
    #: rows given as a list count themselves
    count: int | None = None


def through(columns: Sequence[Col], header: str) -> int:
    """``key_columns`` for a list whose rows say whose they are by the name in ``header`` (姓名, 户主姓名): every
    column up to it. Printed across pages (a county's 交通补助 names long places and firms, and the 重复登记 column
    widens to say which other household holds the person), the second page repeated only 序号, and the worker
    signing in its 签字 column could not see their own name on it."""
    return [col.header for col in columns].index(header) + 1


def row_count(ledger: Ledger) -> int | None:
    """How many rows ``ledger`` will write, when that is known before they are written (the bar's total)."""
    if ledger.count is not None:
        return ledger.count
    return len(ledger.rows) if isinstance(ledger.rows, Sized) else None


@dataclass(frozen=True)
class Meta:
    site_label: str  # one site's name, or 全部安置点
    on: date
    questionnaire_version: str


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    rows: int
    title: str
    masked: bool = False
    #: the values read that Anju does not write (a database edited outside it), each written as stored
    odd: tuple[OddValue, ...] = ()
    #: members whose household row is gone (a damaged or hand-edited database): in no ledger, and so listed
    lost: tuple[LostMember, ...] = ()
    #: cells cut to Excel's limit of 32,767 characters (`cell_limit`)
    cut: tuple[CutCell, ...] = ()
    #: what the file holds in full that a masked copy hides (`whole_in`): the clerk is told, as of a masked one
    full_ids: bool = False  # whole ID numbers
    health: bool = False  # 健康状况 or 残疾类别
    full_phones: bool = False  # whole phones (a 零就业 list written with --no-mask has no ID numbers, only these)
    #: what a masked file shows the ends of (`masked_in`): the clerk is told only what is so (the 零就业 list has
    #: phones and no ID numbers)
    masked_ids: bool = False
    masked_phones: bool = False
    #: of a 家庭基本情况表, the households printed with a 户主签字栏 (those 已迁出 get the station's record, unsigned)
    to_sign: int = 0

    @property
    def noted(self) -> bool:
        """Whether the file was written with something the clerk must be told of (the command exits 1)."""
        return bool(self.odd or self.lost or self.cut)


@dataclass(frozen=True)
class ExportOptions:
    on: date = field(default_factory=date.today)
    site_code: str | None = None
    progress: Callable[[int], None] | None = None  # rows written so far (every PROGRESS_EVERY rows)
    total: Callable[[int], None] | None = None  # told how many rows there are, before the first, when known
    cancelled: Callable[[], bool] | None = None  # checked as often; True stops the export, no file is left
    masked: bool | None = None  # 脱敏; None: as the kind is usually used (`Kind.carried`)
    #: the households to write, by id (the 家庭基本情况表 of one household, or of those chosen); empty: the scope's
    household_ids: tuple[str, ...] = ()


class ExportCancelled(Exception):
    """The user cancelled an export; the half-written file was removed."""


PROGRESS_EVERY = 2000


def month_text(month: str | None) -> str | None:
    """``2021-03`` → ``2021年03月`` (as the national system writes months); anything else as it is stored (a
    database edited outside Anju: `stored` lists it)."""
    if not month:
        return None
    if len(month) != 7 or month[4] != "-":
        return month
    return f"{month[:4]}年{month[5:7]}月"


def yes_no(value: bool | str | None) -> str | None:
    """是 or 否; a value that is neither, kept as stored (`stored`), as it is."""
    return "是" if value is True else "否" if value is False else value


def display_width(value: object) -> int:
    text = value if isinstance(value, str) else "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


#: Columns a masked sheet shows only the ends of: ID numbers (the first 4 and the last 4 characters) and phones (the
#: first 3 and the last 4 digits), as banks and the 12306 ticket office print them.
MASKED_IDS = frozenset({"证件号码", "户主证件号码"})
MASKED_PHONES = frozenset({"户联系电话", "成员联系电话"})
#: Columns a masked sheet leaves out: health and disability are nobody's business on a list that can be lost,
#: and a birth date gives back the ten digits an ID number's mask hides but two.
LEFT_OUT_WHEN_MASKED = frozenset({"出生日期", "健康状况", "残疾类别"})
HEALTH_HEADERS = frozenset({"健康状况", "残疾类别"})
MASK = "*"
#: The 未就业原因 a masked sheet shows as they are: those that say nothing of health (domain-fields.md's list but
#: 患病). Any other (患病, and a reason a county added to its questionnaire, which may be 因残 as well as 外出求学)
#: is written 其他: the worker still sees the person has no job and a reason to ask about at the door, and 其他 is
#: what some people's reason really is, so it gives nobody's illness away. A reason of its own (未就业原因：不便说明)
#: would have named the ill on every printed copy as surely as 患病.
REASONS_SHOWN_WHEN_MASKED = frozenset({"照顾老人小孩", "缺乏技能", "无就业意愿", "年龄偏大", "其他"})
REASON_WHEN_MASKED = "其他"
#: A 残疾人证 is the ID number with the 残疾类别 and 等级 after it (`forms.idnumber`): a masked sheet says 居民身份证
#: and shows the ID number's ends (`mask_id`), which say who the person is as well, and nothing of a disability.
DISABILITY_CARD = "残疾人证"
ID_CARD = "居民身份证"
#: What a masked sheet writes for a text a worker typed that can tell of someone's circumstances (`HIDDEN_WHEN_MASKED`).
HIDDEN = "（已隐去）"
#: The columns of such text. A worker types what they see: 就业意愿（工种） “腿脚不便，只能做手工”, a 走访's 情况记录
#: “患病在家”, a measure's 进展, a household's 作废原因 “户主病故，家人投亲”. A filter of health words would miss the
#: next way of saying it, so a masked sheet shows none of these texts: a cell that holds one says `HIDDEN` (so the
#: worker knows there is something to read in Anju, or to ask about at the door), an empty one stays empty, and the
#: sheet's note says so (`MASKED_NOTE`). The texts a masked sheet keeps say who and where, not how someone is:
#: names (姓名, 户主姓名, 采集人, 走访人, 责任人), addresses (楼栋, 单元, 门牌号, 迁出地), 户编号, the answers picked
#: from a list (a choice a county added is as its list has it), the place and firm of a job and its 所属行业 (what a
#: subsidy is checked against), and the text Anju writes itself (跟进情况, 重复登记, 需核实).
HIDDEN_WHEN_MASKED = frozenset(
    {
        "就业意愿（工种）",
        "培训意愿（工种）",
        "是否参加职业技能培训（工种）",
        "进展",  # a 帮扶措施's, on the 家庭基本情况表
        "情况记录",  # a 走访's, on the 家庭基本情况表
    }
)
#: Said under the title, on every printed page (short enough to fit the narrowest list's width beside the stamp).
MASKED_NOTE = (
    "本表已脱敏（号码只显示首尾几位，不含出生日期、健康状况和工作人员填写的情况说明），供打印和入户携带，不能导入"
)


def mask_id(value: Any) -> Any:
    """``530102199001011234`` → ``5301**********1234``; a short number keeps only its last 2 characters. A 残疾人证
    number (the ID number and 2 or 4 digits more, the first two its 残疾类别 and 等级) is masked as its ID number:
    its ends were the category and grade of the disability, and its length said it was one."""
    if not isinstance(value, str) or not value:
        return value
    if len(value) in (20, 22) and value[:17].isdigit():
        value = value[:18]
    if len(value) >= 12:
        return value[:4] + MASK * (len(value) - 8) + value[-4:]
    return MASK * max(len(value) - 2, 1) + value[-2:]


def mask_phone(value: Any) -> Any:
    """``13812345678`` → ``138****5678``; a short number keeps only its last 2 digits."""
    if not isinstance(value, str) or not value:
        return value
    if len(value) >= 9:
        return value[:3] + MASK * (len(value) - 7) + value[-4:]
    return MASK * max(len(value) - 2, 1) + value[-2:]


def reason_when_masked(value: Any) -> Any:
    """未就业原因 on a masked sheet (`REASONS_SHOWN_WHEN_MASKED`)."""
    if not value or value in REASONS_SHOWN_WHEN_MASKED:
        return value
    return REASON_WHEN_MASKED


def id_type_when_masked(value: Any) -> Any:
    """证件类型 on a masked sheet: 残疾人证 said the person is disabled (`DISABILITY_CARD`)."""
    return ID_CARD if value == DISABILITY_CARD else value


def hidden_when_masked(value: Any) -> Any:
    """A text of `HIDDEN_WHEN_MASKED` on a masked sheet: `HIDDEN`, or nothing for nothing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return value
    return HIDDEN


def left_reason_when_masked(value: Any) -> Any:
    """减员原因 on a masked 减员名单: a member's, picked from `forms.leaving.LEFT_REASONS`, as it is; a household's
    作废原因, typed (`HIDDEN_WHEN_MASKED`), hidden."""
    return value if value in LEFT_REASONS or value == NOT_RECORDED else hidden_when_masked(value)


#: What a masked sheet writes in each column it keeps that can say more than a visit needs.
MASKED_VALUES: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(MASKED_IDS, mask_id),
    **dict.fromkeys(MASKED_PHONES, mask_phone),
    "未就业原因": reason_when_masked,
    "证件类型": id_type_when_masked,
    **dict.fromkeys(HIDDEN_WHEN_MASKED, hidden_when_masked),
    "减员原因": left_reason_when_masked,
}


def whole_in(ledger: Ledger) -> tuple[bool, bool, bool]:
    """Whether ``ledger`` as it is written holds whole ID numbers, health and whole phones (`ExportResult.full_ids`,
    ``health``, ``full_phones``). A full member roster or payment list is copied to a stick for the county as often
    as a masked list is carried, and was written saying nothing of what it held: only the 家庭基本情况表 said
    含完整证件号码."""
    headers = {col.header for col in ledger.columns}
    whole = not ledger.masked
    return bool(headers & MASKED_IDS) and whole, bool(headers & HEALTH_HEADERS), bool(headers & MASKED_PHONES) and whole


def masked_in(ledger: Ledger) -> tuple[bool, bool]:
    """Whether ``ledger`` as it is written holds masked ID numbers and masked phones (`ExportResult.masked_ids`,
    ``masked_phones``)."""
    headers = {col.header for col in ledger.columns}
    return bool(headers & MASKED_IDS) and ledger.masked, bool(headers & MASKED_PHONES) and ledger.masked


def masked_ledger(ledger: Ledger) -> Ledger:
    """The ledger as a list to carry: ID numbers and phones masked, `LEFT_OUT_WHEN_MASKED` left out, the values
    of `MASKED_VALUES` that tell of health written as ones that do not, typed text hidden, and saying so in its
    title and the line under it (both printed on every page; a note under the table would be read back as a row by
    an import of the member sheet)."""
    kept = [i for i, col in enumerate(ledger.columns) if col.header not in LEFT_OUT_WHEN_MASKED]
    masks = [
        (kept.index(i), MASKED_VALUES[col.header])
        for i, col in enumerate(ledger.columns)
        if i in kept and col.header in MASKED_VALUES
    ]
    if not masks and len(kept) == len(ledger.columns):
        return ledger  # nobody's number on it (the summary): nothing to mask, and its title says nothing of it
    if ledger.groups and len(kept) < len(ledger.columns):
        raise ValueError(f"{ledger.kind}: a grouped ledger cannot leave columns out")  # none has both

    def rows() -> Iterator[list[Any]]:
        for row in ledger.rows:
            out = [row[i] for i in kept]
            for index, mask in masks:
                out[index] = mask(out[index])
            yield out

    return Ledger(
        kind=ledger.kind,
        sheet_name=ledger.sheet_name,
        title=f"{ledger.title}（脱敏）",
        columns=[ledger.columns[i] for i in kept],
        rows=rows(),
        groups=ledger.groups,
        totals=None if ledger.totals is None else [ledger.totals[i] for i in kept],
        notes=ledger.notes,
        key_columns=max(1, sum(1 for i in kept if i < ledger.key_columns)),  # those of them it keeps
        signed=ledger.signed,
        masked=True,
        count=row_count(ledger),
    )


def write_ledger(
    path: Path,
    ledger: Ledger,
    meta: Meta,
    options: ExportOptions | None = None,
    cuts: list[CutCell] | None = None,
) -> int:
    """Write one ledger; returns the number of data rows. The file appears whole or not at all. A text longer than
    a cell holds is cut (`cell_limit`) and added to ``cuts``."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(ledger.sheet_name[:31])
    columns = ledger.columns
    count = len(columns)
    rows = iter(ledger.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    wrapped: list[int] = []  # text columns with values wider than the widest column: wrapped, not cut off on paper
    for index, col in enumerate(columns):
        letter = get_column_letter(index + 1)
        dimension = ws.column_dimensions[letter]
        widest = max((display_width(row[index]) for row in sample if row[index] is not None), default=0)
        dimension.width = _width(col, widest)
        if col.kind == "code":
            dimension.number_format = "@"  # cells the clerk adds in this column later are text as well
        if col.kind == "text" and widest + 2 > dimension.width:
            wrapped.append(index)
    widths = [ws.column_dimensions[get_column_letter(i + 1)].width for i in range(count)]
    layout = printing.plan_pages(widths, ledger.key_columns)
    page_columns = layout.first_page_columns  # a note under the table fits the first page's width
    header_row = 3 + (1 if ledger.groups else 0)
    printing.set_up_page(ws, header_row, layout)
    if any(display_width(col.header) + 2 > width for col, width in zip(columns, widths, strict=True)):
        ws.row_dimensions[header_row].height = printing.TWO_LINES  # a header wider than its column wraps
    if ledger.signed:
        printing.leave_room_to_sign(ws, header_row)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(count)}{header_row}"
    meta = replace(meta, site_label=without_controls(meta.site_label))  # a hand-edited site's name (`cell_limit`)
    title = WriteOnlyCell(ws, without_controls(ledger.title))
    title.font = _TITLE_FONT
    ws.append([title])
    ws.merged_cells.add(f"A1:{get_column_letter(count)}1")
    stamp = f"安置点：{meta.site_label}　统计日期：{meta.on:%Y-%m-%d}　安居 Anju {APP_VERSION}"
    masking = f"　{MASKED_NOTE}" if ledger.masked else ""
    ws.append([f"{stamp}　问卷版本 {meta.questionnaire_version}{masking}"])
    if ledger.groups:
        line: list[Any] = [None] * count
        for label, first, last in ledger.groups:
            line[first] = _head(ws, label)
            ws.merged_cells.add(f"{get_column_letter(first + 1)}3:{get_column_letter(last + 1)}3")
        ws.append(line)
    ws.append([_head(ws, col.header) for col in columns])
    total = row_count(ledger)
    if options is not None and options.total is not None and total is not None:
        options.total(total)
    try:
        data = _watched(itertools.chain(sample, rows), options, path)
        written = _write_rows(ws, columns, data, wrapped, widths, first_row=header_row + 1, cuts=cuts)
    except BaseException:
        _discard_stream(ws)
        raise
    last_row = header_row + written
    if ledger.totals is not None:
        totals = zip(ledger.totals, columns, strict=True)
        ws.append([_head(ws, v) if i == 0 else _total(ws, v, col) for i, (v, col) in enumerate(totals)])
        last_row += 1
    printing.mark_table(ws, 3, last_row, last_row + len(ledger.notes), count)
    for note in ledger.notes:
        last_row += 1
        ws.append(printing.note_row(ws, last_row, note, display_width(note), page_columns, sum(widths[:page_columns])))
    _properties(book, ledger, meta)
    temporary = path.with_name(path.name + ".tmp")
    try:
        book.save(temporary)
        temporary.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a read-only drive refuses even to remove what is not there
            temporary.unlink(missing_ok=True)
        _discard_stream(ws)
        why, why_en = why_not_written(exc)  # a full disk is not "open in Excel": say which it is
        raise ExcelError(f"无法写入“{path}”：{why}。", f"Cannot write “{path}”: {why_en}.") from exc
    return written


def _discard_stream(ws: Any) -> None:
    """Finish openpyxl's half-written sheet stream now (left to the garbage collector it fails noisily) and delete
    it: openpyxl streams the rows through a file in the temporary folder (people's names and ID numbers) and
    removes it only once the workbook is saved, or when the program exits."""
    with contextlib.suppress(Exception):
        ws.close()
    writer = getattr(ws, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):  # already gone once the workbook got as far as saving it
            writer.cleanup()


def _watched(rows: Iterator[Sequence[Any]], options: ExportOptions | None, path: Path) -> Iterator[Sequence[Any]]:
    """The rows, reporting progress and honouring a cancel between chunks (the GUI runs exports in a worker)."""
    if options is None or (options.progress is None and options.cancelled is None):
        yield from rows
        return
    for count, row in enumerate(rows, 1):
        if count % PROGRESS_EVERY == 0:
            if options.cancelled is not None and options.cancelled():
                raise ExportCancelled(str(path))
            if options.progress is not None:
                options.progress(count)
        yield row


def _head(ws: Any, value: Any) -> Cell:
    cell = WriteOnlyCell(ws, value)
    cell.font, cell.fill, cell.border, cell.alignment = _HEAD_FONT, _HEAD_FILL, _HEAD_BORDER, _CENTER
    return cell


def _total(ws: Any, value: Any, col: Col) -> Any:
    """A 合计 cell, formatted as its column is (the summary's 就业率 as 77.2%, not 0.772368421052632)."""
    if value is None or col.kind not in FORMATS or col.kind == "int":
        return value
    cell = WriteOnlyCell(ws, value)
    cell.number_format = FORMATS[col.kind]
    return cell


def _width(col: Col, widest: int) -> float:
    """The column's width for its header and its ``widest`` value (measured on the first rows), at most 40."""
    if col.header in FIXED_WIDTH:
        return FIXED_WIDTH[col.header]
    if col.kind == "date":
        widest = max(widest, 10)
    if col.kind == "percent":
        widest = len("100.0%")  # how a rate shows; measured, 0.7723684210526315 made the column twice as wide
    # A header wider than what is under it wraps onto two lines rather than widening the column: 是否参加职业技能培训
    # over 是/否 took a page's width from columns with something in them (and the print got smaller).
    return float(max(6, min(40, max(widest + 2, math.ceil(display_width(col.header) / 2) + 3))))


def _write_rows(
    ws: Any,
    columns: Sequence[Col],
    rows: Iterable[Sequence[Any]],
    wrapped: Sequence[int] = (),
    widths: Sequence[float] = (),
    first_row: int = 1,
    cuts: list[CutCell] | None = None,
) -> int:
    """The hot loop: plain values go as they are; formatted and ``wrapped`` columns through one reused styled cell
    each. A text wider than its column's ``widths`` (measured on the first rows only: the 10-character 阿苏·阿依木呷
    拉哈莫 on row 5,000 of a county's names) wraps too, one cell at a time, its row (``first_row`` is the first's
    number) made tall enough for its lines: cut off by the next column, the name was printed half, and LibreOffice
    does not grow a row for text wrapped in it. Only a text longer than its column surely holds is measured.

    A text longer than a cell holds (in any column: a 备注 pasted many times, or a hand-edited value) is cut to
    Excel's limit, saying so, and added to ``cuts`` (`cell_limit`); only one longer than `SURELY_FITS` is measured.
    A control character (Word's line break) is left out, or openpyxl stops the whole export; only a text that is not
    ``isprintable()`` is searched for one."""
    styled: list[tuple[int, Cell]] = []
    wrapping: list[tuple[int, Cell]] = []
    #: the other text columns: each one's index, the characters that fit in it whatever they are (two width units
    #: each, as `display_width` counts a Chinese one), its width, and a wrapping cell for a value wider
    texts: list[tuple[int, int, float, Cell]] = []
    others: list[int] = []  # numbers: a text there is a hand-edited value (`stored`), as long as it was made
    for index, col in enumerate(columns):
        if col.kind in FORMATS and col.kind != "int":
            cell = WriteOnlyCell(ws)
            cell.number_format = FORMATS[col.kind]
            styled.append((index, cell))
        elif index in wrapped:
            wrapping.append((index, _wrapping_cell(ws)))
        elif col.kind == "text":
            width = widths[index] if index < len(widths) else math.inf
            texts.append((index, int(min(width, 1000) - 2) // 2, width, _wrapping_cell(ws)))
        else:
            others.append(index)
    formula_guard = _formula_guard(ws)
    whose_at = [i for i, col in enumerate(columns) if col.header in ("户编号", "姓名")]

    def cut(row: Sequence[Any], index: int, value: str) -> str:
        """``value`` of ``row`` as a cell holds it: without control characters (`without_controls`: the loop asks
        only for a text that is long or not ``isprintable``), and cut and noted (whose row it is, by the values as
        given, before any became a styled cell) when it is longer."""
        value = without_controls(value)
        fitted = fit(value)
        if fitted is None:
            return value
        if cuts is not None:
            whose = " ".join(
                f"{columns[i].header} {row[i]}" if columns[i].header == "户编号" else row[i]
                for i in whose_at
                if row[i].__class__ is str and len(row[i]) < 100
            )
            where = f"{get_column_letter(index + 1)}{first_row + written}"
            cuts.append(CutCell(where, columns[index].header, whose, excel_length(value)))
        return fitted

    written = 0
    for row in rows:
        out = list(row)
        lines = 1
        for index in others:
            value = out[index]
            if value.__class__ is str and (len(value) > SURELY_FITS or not value.isprintable()):
                out[index] = cut(row, index, value)
        for index, cell in styled:
            value = out[index]
            if value is not None:
                if value.__class__ is str and (len(value) > SURELY_FITS or not value.isprintable()):
                    value = cut(row, index, value)
                cell.value = value
                if value.__class__ is str and value[:1] == "=":
                    cell.data_type = "s"  # a text column's =… (a hand edit): text, not a formula Excel runs
                out[index] = cell
        for index, cell in wrapping:
            value = out[index]
            if value is not None:
                if value.__class__ is str and (len(value) > SURELY_FITS or not value.isprintable()):
                    value = cut(row, index, value)
                cell.value = value
                if value.__class__ is str and value[:1] == "=":
                    cell.data_type = "s"  # text, not a formula
                out[index] = cell
        for index, fitting, width, cell in texts:
            value = out[index]
            if value.__class__ is not str:
                continue
            if len(value) > SURELY_FITS or not value.isprintable():
                value = out[index] = cut(row, index, value)
            if len(value) > fitting and (wide := display_width(value)) + 2 > width:
                cell.value = value
                if value[:1] == "=":
                    cell.data_type = "s"
                out[index] = cell
                lines = max(lines, math.ceil(wide / width))  # a width unit holds half a Chinese character
            elif value[:1] == "=":  # it would become a formula: write it as the text it is
                out[index] = formula_guard(value)
        if lines > 1:
            ws.row_dimensions[first_row + written].height = min(lines * printing.LINE_HEIGHT, printing.MAX_ROW_HEIGHT)
        ws.append(out)
        written += 1
    return written


def _wrapping_cell(ws: Any) -> Cell:
    cell = WriteOnlyCell(ws)
    cell.alignment = _WRAP
    return cell


def _formula_guard(ws: Any) -> Callable[[str], Cell]:
    def text_cell(value: str) -> Cell:
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"
        return cell

    return text_cell


def _properties(book: Workbook, ledger: Ledger, meta: Meta) -> None:
    # A site's name with a control character (a hand edit) made a docProps/core.xml Excel calls damaged.
    meta = replace(meta, site_label=without_controls(meta.site_label))
    props = book.properties
    props.creator = f"安居 Anju {APP_VERSION}"
    props.title = without_controls(ledger.title)
    props.subject = ledger.kind
    props.keywords = f"anju {APP_VERSION}; questionnaire {meta.questionnaire_version}; {ledger.kind}"
    props.description = (
        f"安居 Anju {APP_VERSION} 导出；问卷版本 {meta.questionnaire_version}；统计日期 {meta.on:%Y-%m-%d}；"
        f"安置点 {meta.site_label}"
    )
    for name, value in (
        ("AnjuVersion", APP_VERSION),
        ("QuestionnaireVersion", meta.questionnaire_version),
        ("AnjuExport", ledger.kind),
        ("SurveyDate", meta.on.isoformat()),
        ("Site", meta.site_label),
        ("Masked", "是" if ledger.masked else "否"),  # 脱敏
    ):
        # custom_doc_props is missing from types-openpyxl, but openpyxl 3.1 writes it in write-only mode too.
        cast(Any, book).custom_doc_props.append(StringProperty(name=name, value=value))


# ---- kinds ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    zh: str
    en: str
    aliases: tuple[str, ...]
    build: Callable[[Store, ExportOptions, Any], Ledger] | None
    carried: bool = False  # printed and carried door to door: masked (脱敏) unless full numbers are asked for
    #: a kind that is not one table (the 家庭基本情况表, a page per household) writes its file itself
    write: Callable[[Store, Path, ExportOptions, Any, Meta], ExportResult] | None = None


def kinds() -> dict[str, Kind]:
    from .export_departures import build_departures
    from .export_household import export_households
    from .export_members import build_employment, build_members
    from .export_summary import build_summary
    from .export_worklists import build_service_subsidy, build_transport_subsidy, build_two_after, build_zero

    return {
        k.name: k
        for k in (
            Kind("members", "家庭成员信息表（防返贫格式）", "member roster", ("成员", "花名册"), build_members),
            Kind("employment", "务工监测表", "employment monitoring", ("务工", "务工监测"), build_employment),
            Kind("summary", "安置点就业情况汇总表", "per-site summary", ("汇总",), build_summary),
            Kind(
                "zero-employment",
                "零就业家庭跟进清单",
                "zero-employment follow-up",
                ("零就业",),
                build_zero,
                carried=True,
            ),
            Kind(
                "transport-subsidy",
                "一次性外出务工交通补助名单",
                "travel subsidy list",
                ("交通补助",),
                build_transport_subsidy,
            ),
            Kind(
                "service-subsidy",
                "就业创业服务补助名单",
                "employment service subsidy list",
                ("就业创业服务补助", "服务补助"),
                build_service_subsidy,
            ),
            Kind("two-after", "两后生名单", "两后生 list", ("两后生",), build_two_after, carried=True),
            Kind("departures", "减员名单", "members who left", ("减员",), build_departures),
            # Whole numbers unless asked: the copy the 户主 checks and signs (`forms.excel.export_household`).
            Kind(
                "household",
                "家庭基本情况表（一户一档）",
                "household sheet",
                ("一户一档", "家庭基本情况表", "户表"),
                None,
                write=export_households,
            ),
        )
    }


def resolve_kind(name: str) -> Kind:
    table = kinds()
    for kind in table.values():
        if name == kind.name or name in kind.aliases:
            return kind
    listed = "、".join(f"{k.name}（{k.zh}）" for k in table.values())
    raise ExcelError(f"不认识导出类型“{name}”。可选：{listed}。", f"Unknown export kind “{name}”. Choose: {listed}.")


def export(store: Store, kind_name: str, out: str | Path, options: ExportOptions | None = None) -> ExportResult:
    """Write one ledger of ``store`` to ``out``."""
    from ..questionnaire import load_active
    from .ledger_data import Scope

    options = options or ExportOptions()
    kind = resolve_kind(kind_name)
    path = Path(out)
    if not path.parent.is_dir():
        raise ExcelError(
            f"无法写入“{path}”：文件夹“{path.parent}”不存在。{MAKE_THE_FOLDER[0]}",
            f"Cannot write “{path}”: no folder “{path.parent}”. {MAKE_THE_FOLDER[1]}",
        )
    scope = Scope.load(store, options)
    meta = Meta(scope.label, options.on, load_active(store).version)
    mask = kind.carried if options.masked is None else options.masked
    # Members of a household that is not there are in no ledger, whichever site or kind: every export names them,
    # but for the sheets of households chosen one by one (theirs cannot be chosen).
    lost = () if options.household_ids else scope.stored.lost
    if kind.write is not None:
        result = kind.write(store, path, replace(options, masked=mask), scope, meta)
        whole = not result.masked  # a full 家庭基本情况表 lists each member's ID number and 健康状况
        # Masked, it still lists them, and the phones, by their ends.
        return replace(
            result,
            odd=scope.stored.met(),
            lost=lost,
            full_ids=whole,
            health=whole,
            full_phones=whole,
            masked_ids=not whole,
            masked_phones=not whole,
        )
    if options.household_ids:
        raise ExcelError(
            f"“{kind.zh}”导出整个安置点，不能只选几户；一户一张的表请用 household（家庭基本情况表）。",
            f"“{kind.en}” covers whole sites, not chosen households; use the household kind for those.",
        )
    assert kind.build is not None
    with gc_paused():
        ledger = kind.build(store, options, scope)
        if mask:
            ledger = masked_ledger(ledger)
        cuts: list[CutCell] = []
        rows = write_ledger(path, ledger, meta, options, cuts)
    full_ids, health, full_phones = whole_in(ledger)
    masked_ids, masked_phones = masked_in(ledger)
    return ExportResult(
        kind.name,
        path,
        rows,
        ledger.title,
        ledger.masked,
        scope.stored.met(),
        lost=lost,
        cut=tuple(cuts),
        full_ids=full_ids,
        health=health,
        full_phones=full_phones,
        masked_ids=masked_ids,
        masked_phones=masked_phones,
    )


def chunked(values: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]

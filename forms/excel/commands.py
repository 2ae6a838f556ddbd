"""``anju import-roster`` and ``anju export``. Examples::

    anju import-roster 会泽县防返贫成员.xlsx --db station.db
    anju import-roster 幸福社区台账.xlsx --db station.db --site 530326AZ001 --dry-run
    anju export members --db station.db --out 成员.xlsx --site 530326AZ001
    anju export 零就业 --db station.db --out E:\\ --site 530326AZ001
    anju export 零就业 --db station.db --out 零就业.xlsx --date 2026-11-30
    anju export members --db station.db --out 成员-打印.xlsx --mask
    anju export household --db station.db --household 5303261062020000070 --out 张开寿户.xlsx
    anju export household --db station.db --site 530326AZ001 --out 幸福社区-家庭基本情况表.xlsx

An --out that is a folder gets the file named as the 导入导出 page suggests (`forms.file_names.export_file_name`),
by who made it (the enrolled station, the county's name at the county) and the site:
E:\\零就业家庭跟进清单-者海镇工作站-幸福社区（530326AZ001）-20261130-脱敏.xlsx, or, for every site,
E:\\零就业家庭跟进清单-者海镇工作站-20261130-脱敏.xlsx.

Import exits 0 when every row was imported without a remark, 1 when some rows were reported or need a look (they
are in FILE.errors.xlsx beside the input), 2 when the file or an option was refused and nothing was changed.
Export exits 0 when the file was written, 1 when it was written but the database held values Anju never writes
(listed, each written as stored: `forms.excel.stored`) or members whose household is not there (listed: on no
sheet), or a text was cut to Excel's limit for a cell (listed: `forms.excel.cell_limit`), 2 when nothing was
written.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..commandline import EXIT_FOUND, EXIT_OK, add_command, command_actor, emit, failed, refuse_unwritable
from . import ErrorsNotWritten, ExcelError

if TYPE_CHECKING:
    from ..store import Store
    from .export import ExportOptions, ExportResult

KIND_HELP = (
    "members 家庭成员信息表 | employment 务工监测表 | summary 汇总表 | zero-employment 零就业 | "
    "transport-subsidy 交通补助 | service-subsidy 就业创业服务补助 | two-after 两后生 | departures 减员名单 | "
    "household 家庭基本情况表（一户一档，每户一页）"
    "（也可用中文名）"
)


def _date(text: str | None, store: Store, option: str = "--date") -> date:
    """The date given, or today's when the computer's date can be right (`forms.clock.command_today`)."""
    if not text:
        from ..clock import command_today

        with store.engine.connect() as conn:
            return command_today(conn, option)
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ExcelError(
            f"{option} “{text}” 不是有效日期，请写成 YYYY-MM-DD。", f"{option} “{text}” is not YYYY-MM-DD."
        ) from exc


def cmd_import_roster(args: argparse.Namespace) -> int:
    from ..store import Store
    from .apply import ImportOptions
    from .reader import sniff
    from .roster_import import import_roster

    path = Path(args.file)
    sniff(path)  # a missing or wrong file is said at once, before the database (which may be busy) is opened
    # A database that cannot be saved to: said before the workbook is read (a county roster: many seconds). A dry
    # run too: it writes the import in full, to find what the database refuses, then rolls it back.
    refuse_unwritable(args.db)
    with Store.open(args.db, create=False) as store:
        on = _date(args.date, store)
        options = ImportOptions(site_code=args.site, on=on, actor=command_actor(args.user), dry_run=args.dry_run)
        try:
            result = import_roster(store, path, options)
        except ErrorsNotWritten as exc:
            return _problem_list_unwritten(args, exc)
    lines = [result.summary()]
    if not args.json:
        for problem in result.errors[:10]:
            lines.append(f"  {problem.message()}")
        if len(result.errors) > 10:
            lines.append(f"  ……另有{len(result.errors) - 10}处，见 {result.errors_path}")
    data = result.to_json()
    emit(args, "\n".join(lines), data if data["ok"] else failed(data, result.summary(), result.summary_en()))
    return EXIT_FOUND if result.problems else EXIT_OK


def _problem_list_unwritten(args: argparse.Namespace, exc: ErrorsNotWritten) -> int:
    """The import ran (and, unless --dry-run, is saved), but its list of problems could not be written (open in
    Excel, a full drive): exit 1, as for an import with problems, not 2 (nothing about the input was wrong)."""
    emit(args, f"{exc.zh}\n{exc.en}", failed({"errors_file": None}, exc.zh, exc.en))
    return EXIT_FOUND


def _file_name(store: Store, args: argparse.Namespace, options: ExportOptions) -> str:
    """The name of the file ``anju export --out FOLDER`` writes: the one the 导入导出 page suggests for the same
    ledger, site, date and masking (`forms.file_names.export_file_name`), one site and every site named by who made
    it (the station, the county); one household chosen is named as the 打印户表 dialog names it (张开寿（户编号）),
    several by the first one's 户主 and their number (张开寿等3户)."""
    from sqlalchemy import select

    from ..file_names import export_file_name, households_named, maker_in_file_name, site_in_file_name
    from ..records import Site
    from .export import resolve_kind

    kind = resolve_kind(args.kind)
    maker = None
    with store.reading() as session:
        if options.household_ids:  # each 户编号 given is a household's (`household_ids_for_numbers`)
            place = households_named(session.connection(), options.household_ids)
        elif options.site_code:
            live = Site.code == options.site_code, Site.deleted_at.is_(None)
            name = session.scalars(select(Site.name).where(*live)).first()
            # A code that is no site's: the export refuses it, listing the sites, before any file is written.
            place = options.site_code if name is None else site_in_file_name(name, options.site_code)
            maker = maker_in_file_name(session.connection())
        else:
            place = maker_in_file_name(session.connection()) or "全部安置点"
    masked = kind.carried if options.masked is None else options.masked
    return export_file_name(kind.zh, place, options.on, "脱敏" if masked else None, maker=maker)


def full_numbers(result: ExportResult) -> tuple[str, str]:
    """What a full (not masked) export holds that a lost stick would give away, and what to do, in 中文 and English:
    said as `masked_numbers` says what a masked one masked; nothing when it holds no whole number (the summary).
    The 导入导出 page and the 打印户表 dialog show it in the UI's language, and `anju export` in 中文
    (`whole_numbers`): one sentence, so the three cannot drift apart. A list with phones and no ID number (the
    零就业 list written with --no-mask: every zero-employment household's phone) said nothing."""
    if result.full_ids:
        what, what_en = ("证件号码和健康状况", "ID numbers and health") if result.health else ("证件号码", "ID numbers")
    elif result.full_phones:
        what, what_en = "电话", "phone numbers"
    else:
        return "", ""
    return (
        f"本表未脱敏，含完整的{what}：请妥善保管，不要留在U盘或共享文件夹里。",
        f"Not masked: it holds full {what_en}. Keep it safe; do not leave it on a USB stick or in a shared folder.",
    )


def whole_numbers(result: ExportResult) -> str:
    """`full_numbers` as `anju export` says it: a 家庭基本情况表 printed whole is for its 户主 to sign, and the
    signed page is filed, not kept about; not one 已迁出 from this station, whose page is the station's record with
    no signature block (`forms.excel.export_household.moved_to`)."""
    said = full_numbers(result)[0]
    return said.replace("请妥善保管", "签字后请归档") if result.kind == "household" and result.to_sign else said


def masked_numbers(result: ExportResult) -> tuple[str, str]:
    """What a masked export shows only the ends of, and, when it holds masked ID numbers, that it cannot be imported
    (the import refuses each such row: `idcells.masked_id_issue`) or, a 家庭基本情况表, signed; in 中文 and English.
    The 零就业 list has phones and no ID number: it was said to have both masked, and to be a list that could be
    imported before it was masked. The 导入导出 page says the same (`desktop.excel_page`), in the UI's language."""
    held = [(zh, en) for zh, en, masked in (("证件号码", "ID numbers", result.masked_ids),
                                            ("电话", "phones", result.masked_phones)) if masked]  # fmt: skip
    if not held:
        return "已脱敏。", "Masked."
    what, what_en = "和".join(zh for zh, _ in held), " and ".join(en for _, en in held)
    what_en = what_en[:1].upper() + what_en[1:]
    if not result.masked_ids:
        return f"{what}已脱敏。", f"{what_en} masked."
    if result.kind == "household":  # one household's page is for its 户主 to sign, not for the import
        return f"{what}已脱敏，这份不作户主签字确认用。", f"{what_en} masked: this copy is not for the head to sign."
    return f"{what}已脱敏，不能再导入。", f"{what_en} masked: it cannot be imported again."


def cmd_export(args: argparse.Namespace) -> int:
    from ..store import Store
    from .cell_limit import CUT_EN, CUT_HEAD, CUT_TAIL, cut_lines
    from .export import ExportOptions, export
    from .stored import LOST_EN, LOST_HEAD, LOST_TAIL, ODD_EN, ODD_HEAD, ODD_TAIL, odd_lines

    out = Path(args.out)
    into_folder = out.is_dir()
    if not into_folder and args.out.endswith(("/", "\\")):  # E:\导出\ meant a folder, and there is none
        raise ExcelError(
            f"文件夹“{out}”不存在。请先建好这个文件夹，或换一个已有的文件夹。",
            f"No folder “{out}”. Create it first, or give a folder that exists.",
        )
    # An Excel workbook under another ending: Excel calls it damaged.
    if not into_folder and out.suffix.lower() != ".xlsx":
        raise ExcelError(
            f"“{out}”应以 .xlsx 结尾（导出的是 Excel 工作簿），或给出要写入的文件夹。",
            f"“{out}” must end in .xlsx, or be a folder to write into.",
        )
    with Store.open(args.db, read_only=True) as store:
        households: tuple[str, ...] = ()
        if args.household:
            from .export_household import household_ids_for_numbers

            households = tuple(household_ids_for_numbers(store, args.household))
        options = ExportOptions(
            on=_date(args.date, store), site_code=args.site, masked=args.mask, household_ids=households
        )
        if into_folder:
            out = out / _file_name(store, args, options)
        result = export(store, args.kind, out, options)
    masking = masked_numbers(result)[0] if result.masked else whole_numbers(result)
    written = f"{result.rows} 户" if result.kind == "household" else f"{result.rows} 行"  # a page or two per household
    lines = [f"已导出“{result.title}”：{written}，写入 {result.path}。{masking}"]
    if result.odd:
        n = len(result.odd)
        lines += [ODD_HEAD.format(n=n), *(f"  {line}" for line in odd_lines(result.odd)), ODD_TAIL, ODD_EN.format(n=n)]
    if result.lost:
        n = len(result.lost)
        lost = [f"  {member.line()}" for member in result.lost[:20]] + ([f"  ……另有 {n - 20} 名"] if n > 20 else [])
        lines += [LOST_HEAD.format(n=n), *lost, LOST_TAIL, LOST_EN.format(n=n)]
    if result.cut:
        n = len(result.cut)
        lines += [CUT_HEAD.format(n=n), *(f"  {line}" for line in cut_lines(result.cut)), CUT_TAIL, CUT_EN.format(n=n)]
    emit(
        args,
        "\n".join(lines),
        {
            "ok": True,
            "kind": result.kind,
            "out": str(result.path),
            "rows": result.rows,
            "title": result.title,
            "masked": result.masked,
            # what a lost copy would give away, as the text says it (`whole_numbers`): for a script that files it
            "full_ids": result.full_ids,
            "full_phones": result.full_phones,
            "health": result.health,
            # what it shows only the ends of, as the text says it (`masked_numbers`): the 零就业 list, phones alone
            "masked_ids": result.masked_ids,
            "masked_phones": result.masked_phones,
            "odd_values": [value.to_json() for value in result.odd],
            "members_without_household": [member.to_json() for member in result.lost],
            "cut_cells": [cell.to_json() for cell in result.cut],
        },
    )
    # Written, but with values to look at: 1, as an import with rows to look at, or `anju check` with findings.
    return EXIT_FOUND if result.noted else EXIT_OK


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "import-roster",
        cmd_import_roster,
        "导入花名册（防返贫成员导出表、安置点台账、务工监测表）/ import a member roster from Excel",
    )
    p.add_argument(
        "file",
        help="花名册文件：Excel（.xlsx、.xls）、WPS（.et）或 .ods；也可以是改好的问题清单（….errors.xlsx）/ the "
        "roster: .xlsx, .xls, WPS .et or .ods; or a fixed problem list (….errors.xlsx)",
    )
    p.add_argument("--db", required=True, help="数据库文件 / database")
    p.add_argument("--site", help="表中没有安置点列时，新户放入的安置点代码 / site code for new households")
    p.add_argument("--date", help="统计日期 YYYY-MM-DD，用于推算务工开始月份（默认今天）/ survey date")
    p.add_argument(
        "--user",
        help="记入修改记录的操作人，记为“命令行（名字）”（默认当前系统用户）"
        "/ who is importing, recorded as a command-line change (default: the login name)",
    )
    p.add_argument("--dry-run", action="store_true", help="只检查并写问题清单，不改数据库 / check only")

    # The kinds are checked when the command runs (`export.resolve_kind`), so --help imports no openpyxl.
    p = add_command(sub, "export", cmd_export, "导出台账和报表到 Excel / export a ledger to Excel")
    p.add_argument("kind", metavar="KIND", help=KIND_HELP)
    p.add_argument("--db", required=True, help="数据库文件 / database")
    p.add_argument(
        "--out",
        required=True,
        help="要写入的 .xlsx 文件，或文件夹（文件名按表名、安置点、统计日期自动取）"
        "/ file to write, or a folder (the file is named for the ledger, site and date)",
    )
    p.add_argument("--site", help="只导出这个安置点（代码）/ one site only (code)")
    p.add_argument(
        "--household",
        action="append",
        metavar="户编号",
        help="household：只导出这一户（可写多次）/ the household sheet of this 户编号 (repeatable)",
    )
    p.add_argument("--date", help="统计日期 YYYY-MM-DD（默认今天）/ survey date (default today)")
    p.add_argument(
        "--mask",
        action=argparse.BooleanOptionalAction,
        help="脱敏：证件号码、电话只显示首尾几位，不列出生日期和健康状况"
        "（零就业、两后生名单默认脱敏，--no-mask 写完整号码；家庭基本情况表默认完整，供户主签字确认）"
        "/ mask ID numbers and phones (the default for the lists carried door to door: zero-employment, two-after)",
    )

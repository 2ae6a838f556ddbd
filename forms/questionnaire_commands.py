"""``anju questionnaire export|import|reset``: a county edits its questionnaire in Excel, then loads it back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .commandline import EXIT_OK, add_command, emit, refuse_unwritable
from .errors import MAKE_THE_FOLDER, AnjuError


def cmd_export(args: argparse.Namespace) -> int:
    from .questionnaire import load_active
    from .store import Store
    from .xlsform import export_xlsform

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise AnjuError(f"“{out}”应以 .xlsx 结尾。", f"“{out}” must end in .xlsx.")
    if not out.parent.is_dir():
        raise AnjuError(
            f"文件夹“{out.parent}”不存在。{MAKE_THE_FOLDER[0]}",
            f"The folder “{out.parent}” does not exist. {MAKE_THE_FOLDER[1]}",
        )
    with Store.open(args.db, read_only=True) as store:
        questionnaire = load_active(store)
    try:
        export_xlsform(questionnaire, out)
    except PermissionError as exc:
        raise AnjuError(
            f"无法写入“{out}”：文件可能正在 Excel 中打开。请关闭后重试。",
            f"Cannot write “{out}”: it may be open in Excel. Close it and try again.",
        ) from exc
    except OSError as exc:  # a full or write-protected drive
        raise AnjuError(
            f"无法写入“{out}”：磁盘可能已满或只读（{exc.strerror or exc}）。请腾出空间或换一个位置。",
            f"Cannot write “{out}”: the drive may be full or read-only ({exc.strerror or exc}). Free some space "
            "or pick another place.",
        ) from exc
    questions = sum(len(form.fields) for form in questionnaire.forms)
    emit(
        args,
        f"问卷 {questionnaire.version} 已导出到 {out}（{questions} 个问题）。在 Excel 中修改后，"
        f"用 anju questionnaire import 导入。",
        {"ok": True, "out": str(out), "version": questionnaire.version, "questions": questions},
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .questionnaire import load_active, save_active
    from .store import Store
    from .xlsform import import_xlsform

    if not args.dry_run:
        refuse_unwritable(args.db)
    with Store.open(args.db, create=False) as store:
        base = load_active(store)
        result = import_xlsform(Path(args.file), base, store=store)
        if result.changed and not args.dry_run:
            save_active(store, result.questionnaire)
    version = result.questionnaire.version
    if not result.changed:
        summary = f"工作簿与当前问卷 {base.version} 相同，没有需要导入的修改。"
    elif args.dry_run:
        summary = f"试导入：共 {len(result.changes)} 处修改，未保存（去掉 --dry-run 即可导入为 {version}）。"
    else:
        summary = f"已导入问卷 {version}：共 {len(result.changes)} 处修改。"
    details = "".join(f"\n  {change.zh}" for change in result.changes)
    emit(
        args,
        summary + details,
        {
            "ok": True,
            "saved": result.changed and not args.dry_run,
            "version": version,
            "changes": [
                {"form": c.form, "name": c.name, "what": c.what, "old": c.old, "new": c.new, "zh": c.zh, "en": c.en}
                for c in result.changes
            ],
        },
    )
    return EXIT_OK


def cmd_reset(args: argparse.Namespace) -> int:
    from .questionnaire import load_packaged, reset_active
    from .store import Store

    refuse_unwritable(args.db)
    with Store.open(args.db, create=False) as store:
        reset_active(store)
    version = load_packaged().version
    emit(args, f"已恢复为程序自带的问卷 {version}。", {"ok": True, "version": version})
    return EXIT_OK


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "questionnaire",
        help="问卷导出/导入 / export or import the questionnaire as an XLSForm workbook",
        description="问卷导出/导入 / export the questionnaire to Excel, or import a county-edited workbook",
    )
    actions = parser.add_subparsers(dest="questionnaire_action", metavar="ACTION", required=True)

    p = add_command(actions, "export", cmd_export, "导出问卷为 Excel / write the questionnaire as an .xlsx workbook")
    p.add_argument("--db", required=True, help="数据库文件 / database whose questionnaire to export")
    p.add_argument("--out", required=True, help="要写入的工作簿 (.xlsx) / workbook to write")

    p = add_command(actions, "import", cmd_import, "导入修改后的问卷 / load a county-edited workbook")
    p.add_argument("file", help="修改后的工作簿 (.xlsx) / the edited workbook")
    p.add_argument("--db", required=True, help="保存问卷的数据库文件 / database to store the questionnaire in")
    p.add_argument("--dry-run", action="store_true", help="只报告，不保存 / report the changes without saving")

    p = add_command(actions, "reset", cmd_reset, "恢复自带问卷 / go back to the packaged questionnaire")
    p.add_argument("--db", required=True, help="数据库文件 / database file")

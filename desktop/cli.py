"""The ``anju`` command: the GUI with no sub-command, headless commands otherwise.

Headless commands import only ``forms`` and ``sync`` (never Qt), so they run on a server or in a script; a test
runs each and checks that PySide6 was not loaded. Every command prints a one-line summary (``--json`` for
machines) and exits 0 on success, 1 when it ran but found problems, 2 on bad input with a message saying what
to do, in 中文 then English.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from forms.errors import AnjuError
from forms.version import APP_VERSION

EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT = 0, 1, 2


def _emit(args: argparse.Namespace, summary: str, data: dict[str, Any]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, sort_keys=True))
    else:
        print(summary)


def _fail(message_zh: str, message_en: str, args: argparse.Namespace | None = None) -> int:
    if args is not None and getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": message_zh, "error_en": message_en}, ensure_ascii=False))
    print(f"错误：{message_zh}\nError: {message_en}", file=sys.stderr)
    return EXIT_BAD_INPUT


# ---- commands ---------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from forms.demo import write_demo

    from forms.store import Store

    if args.households < 1:
        return _fail("--households 必须至少为 1。", "--households must be at least 1.", args)
    db = Path(args.db)
    if db.exists() and db.stat().st_size > 0 and not args.force:
        return _fail(
            f"“{db}”已存在。演示数据只写入新数据库；请换一个文件名，或加 --force 覆盖。",
            f"“{db}” already exists. Demo data goes into a new database: pick another name or add --force.",
            args,
        )
    if args.force:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    today = date.fromisoformat(args.date) if args.date else date.today()
    with Store.open(db) as store:
        summary = write_demo(store, args.households, seed=args.seed, today=today)
    seconds = time.perf_counter() - started
    counts = summary.counts
    _emit(
        args,
        f"演示数据已写入 {db}：{counts.get('households', 0)} 户，{counts.get('members', 0)} 人，"
        f"{counts.get('employments', 0)} 段就业，用时 {seconds:.1f} 秒。",
        {"ok": True, "db": str(db), "counts": counts, "seconds": round(seconds, 3), "seed": args.seed},
    )
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from forms.backup import backup

    result = backup(Path(args.db), Path(args.out))
    _emit(
        args,
        f"备份完成：{result.path}（{result.size / 1e6:.1f} MB，完整性检查通过）。",
        {"ok": True, "out": str(result.path), "bytes": result.size, "revision": result.revision},
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from forms.backup import restore

    result = restore(Path(args.file), Path(args.db))
    _emit(
        args,
        f"已从 {args.file} 恢复到 {result.path}（完整性检查通过；原数据库已另存在旁边）。",
        {"ok": True, "db": str(result.path), "bytes": result.size, "revision": result.revision},
    )
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from forms.store import Store

    with Store.open(args.db, create=False) as store:
        report = store.verify_journal()
    _emit(
        args,
        report.message(),
        {
            "ok": report.ok,
            "entries": report.entries,
            "broken_at": report.broken_at,
            "reason": report.reason_en,
        },
    )
    return EXIT_OK if report.ok else EXIT_FOUND


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.app import run  # the only path that imports Qt

    return run(Path(args.db) if args.db else None)


# ---- parser -------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anju",
        description="安居 Anju — 易地扶贫搬迁安置点就业服务 / employment follow-up at resettlement sites. "
        "Run with no command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"anju {APP_VERSION}")
    parser.add_argument("--db", help="数据库文件 / database file to open in the app")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(handler=handler)
        return p

    p = command("demo", cmd_demo, "写入演示数据 / write a demo county into a new database")
    p.add_argument("--households", type=int, default=2000, help="number of households (default 2000)")
    p.add_argument("--db", required=True, help="database file to create")
    p.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
    p.add_argument("--date", help="survey date YYYY-MM-DD the ages refer to (default today)")
    p.add_argument("--force", action="store_true", help="replace an existing file")

    p = command("backup", cmd_backup, "备份数据库 / back up a database (checked copy)")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True, help="backup file to write")

    p = command("restore", cmd_restore, "从备份恢复 / restore a backup (the current database is kept aside)")
    p.add_argument("file", help="backup file")
    p.add_argument("--db", required=True, help="database file to restore into")

    p = command("audit", cmd_audit, "校验审计日志 / verify the audit log's hash chain")
    p.add_argument("--db", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    try:
        if handler is None:
            return cmd_gui(args)
        return handler(args)
    except AnjuError as exc:
        return _fail(exc.zh, exc.en, args)
    except KeyboardInterrupt:
        return _fail("已取消。已提交的数据不受影响。", "Cancelled. Committed data is unaffected.", args)


if __name__ == "__main__":
    sys.exit(main())

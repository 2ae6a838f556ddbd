"""``anju sync push``: one online exchange with the county server, as the station's background sync does it.

Examples::

    anju sync push --db station.db                       # the server named in the enrolment package
    anju sync push --db station.db --url http://192.168.1.10:8470

Exit 0 when the batch was applied (or found already applied) and the return file taken; 2 otherwise — the
server could not be reached, refused the batch, or this database is not an enrolled station — with a message in
中文 then English saying what to do. Every attempt is written to the station's sync log either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from forms.commandline import EXIT_BAD_INPUT, EXIT_OK, add_command, emit, failed, refuse_unwritable


def cmd_sync_push(args: argparse.Namespace) -> int:
    from forms.store import Store

    from .http_client import push

    refuse_unwritable(args.db)  # the return file is applied to it
    with Store.open(args.db, create=False) as store:
        result = push(store, url=args.url, trigger="command", connect_timeout=args.timeout, io_timeout=args.timeout)
    record = result.record
    data = {k: v for k, v in record.__dict__.items() if k != "resent"}
    data["ok"] = record.outcome == "ok"
    if record.outcome == "ok":
        emit(args, record.message_zh, data)
        return EXIT_OK
    zh, en = record.message_zh, record.message_en
    if record.outcome == "offline":  # the message is the background sync's, which does retry by itself
        zh += "（这条命令不会自己重试：联网后请再运行一次；打开着的安居程序会自动重试。）"
        en += " (This command does not retry by itself: run it again once online. The Anju app retries while open.)"
    if args.json:
        print(json.dumps(failed(data, zh, en), ensure_ascii=False, sort_keys=True))
    print(f"错误：{zh}\nError: {en}", file=sys.stderr)
    return EXIT_BAD_INPUT


def register(sub: Any) -> None:
    """Add ``push`` to ``anju sync``; call after `sync.commands.register` made the ``sync`` command."""
    sync_parser = sub.choices["sync"]
    nested = next(a for a in sync_parser._actions if isinstance(a, argparse._SubParsersAction))
    p = add_command(nested, "push", cmd_sync_push, "在线同步 / push to the county server and take its return file")
    p.add_argument("--db", required=True, help="工作站数据库文件 / the station's database file")
    p.add_argument(
        "--url", help="县里服务器的地址（默认用登记包中的）/ the county server (default: the enrolment package's)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="连接、发送或接收最多停顿的秒数（默认 60）/ seconds a connect, send or read may stall (default 60)",
    )

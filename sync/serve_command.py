"""``anju serve``: run the county server (`sync.server`) on uvicorn.

Examples::

    anju serve --db county.db                                  # SQLite, on 127.0.0.1:8470
    anju serve --db postgresql://anju:PASSWORD@dbhost/anju --host 0.0.0.0 --port 8470
    anju serve --openapi anju-server-openapi.json              # write the API description and exit

The database must already be the county's (``anju county init --db … --name …``; a PostgreSQL database is made
the county the same way, by its URL). It listens on 127.0.0.1 unless told otherwise: opening it to the county
network is a decision to take on purpose (``--host 0.0.0.0``). Needs the ``server`` extra (FastAPI, uvicorn, and
psycopg for PostgreSQL): ``pip install anju[server]``.
"""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from forms.commandline import EXIT_OK, add_command, emit, refuse_unwritable
from forms.errors import AnjuError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470
#: Connections served at once; more are answered 503 (busy: the station says so and tries again in a few minutes,
#: nothing lost). Each upload may hold up to ``--max-body-mib`` in memory while it is checked, and a county PC
#: that accepted every station at 8 o'clock at once could run out of memory instead of asking some to wait.
DEFAULT_MAX_CONNECTIONS = 32
WSAEACCES, WSAEADDRINUSE, WSAEADDRNOTAVAIL = 10013, 10048, 10049  # what Windows says instead of errno's codes


def _need_server_extra(exc: ImportError) -> AnjuError:
    return AnjuError(
        f"运行县级服务器需要安装服务器组件（缺少 {exc.name}）：pip install anju[server]",
        f"Running the county server needs the server extra (missing {exc.name}): pip install anju[server]",
    )


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from .server import DEFAULT_MAX_BODY, create_app, write_openapi
        from .server_protocol import HeaderDeadline
    except ImportError as exc:
        raise _need_server_extra(exc) from exc
    if args.openapi:
        out = Path(args.openapi)
        if not out.parent.is_dir():
            raise AnjuError(f"文件夹“{out.parent}”不存在。", f"The folder “{out.parent}” does not exist.")
        write_openapi(out)
        emit(args, f"已写出服务器接口说明（OpenAPI）：{out}", {"ok": True, "openapi": str(out)})
        return EXIT_OK
    if not args.db:
        raise AnjuError(
            "请用 --db 给出县级数据库（文件路径或 postgresql://… 地址）。",
            "Give the county database with --db (a file path or a postgresql://… URL).",
        )
    if not 0 < args.port < 65536:
        raise AnjuError(f"端口 {args.port} 无效，应在 1–65535 之间。", f"Port {args.port} is not valid (1–65535).")
    if args.max_connections < 2:
        # One is the station's own connection: every request would be answered "busy".
        raise AnjuError(
            f"--max-connections {args.max_connections} 太小，至少为 2（默认 {DEFAULT_MAX_CONNECTIONS}）。",
            f"--max-connections {args.max_connections} is too small: at least 2 (default {DEFAULT_MAX_CONNECTIONS}).",
        )
    from forms.store import Store

    from .identity import require_county

    # A county database that cannot be saved to (a read-only file, a write-protected stick) is refused now, with what
    # to do: it served, said 已启动, and failed at the first station's batch, while the clerk had walked away.
    refuse_unwritable(args.db)
    store = Store.open(args.db, create=False)
    try:
        with store.engine.connect() as conn:
            county = require_county(conn, store)
        max_body = int(args.max_body_mib * 1024 * 1024) if args.max_body_mib else DEFAULT_MAX_BODY
        app = create_app(store, max_body=max_body)
        # Bound here, not by uvicorn (which logs in English and exits), so the clerk learns why in words, and is
        # told the server started only once it listens.
        sock = _listen(args.host, args.port)
        url = f"http://{f'[{args.host}]' if ':' in args.host else args.host}:{args.port}"
        if county.server_url:
            stations = f"工作站连接的地址是 {county.server_url}（anju county server-url 可以修改）。"
        else:
            stations = (
                "工作站还不知道这个服务器：请运行 anju county server-url http://本机局域网IP地址:"
                f"{args.port} --db 县级数据库，工作站用U盘同步一次后就会联网同步。"
            )
        emit(
            args,
            f"县级同步服务器已启动：{url}（{county.name}，数据库 {store.location}）。{stations}按 Ctrl+C 停止。",
            {"ok": True, "url": url, "county": county.name, "db": store.location, "server_url": county.server_url},
        )
        sys.stdout.flush()
        logging.basicConfig(level=getattr(logging, args.log_level.upper()), format="%(asctime)s %(name)s %(message)s")
        config = uvicorn.Config(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            # Keep-alive is of no use to a station that pushes every few minutes; proxy headers are not trusted.
            timeout_keep_alive=5,
            proxy_headers=False,
            server_header=False,
            http=HeaderDeadline,  # a connection that never finishes its headers is closed
            limit_concurrency=args.max_connections,  # over it uvicorn answers 503, which stations read as busy
        )
        server = uvicorn.Server(config)
        with sock:
            server.run(sockets=[sock])
    finally:
        store.close()
    return EXIT_OK


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``, or what to do when there can be none."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        code = exc.errno
        if code in (errno.EADDRINUSE, WSAEADDRINUSE):
            raise AnjuError(
                f"端口 {port} 已被占用：县级服务器可能已在运行（请看其他窗口），或另一个程序在使用这个端口。"
                "请先关闭它，或用 --port 换一个端口（工作站登记包里的服务器地址也要相应修改）。",
                f"The port {port} is already in use: the county server may be running already (check the other "
                "windows), or another program uses that port. Close it, or pick another port with --port (and "
                "change the server address stations use to match).",
            ) from exc
        if code in (errno.EADDRNOTAVAIL, WSAEADDRNOTAVAIL):
            raise AnjuError(
                f"本机没有地址 {host}。请用 --host 给出本机的 IP 地址，或用 --host 0.0.0.0 在本机所有地址上监听。",
                f"This PC has no address {host}. Give one of its IP addresses with --host, or listen on all of "
                "them with --host 0.0.0.0.",
            ) from exc
        if code in (errno.EACCES, WSAEACCES):
            raise AnjuError(
                f"没有权限在 {host}:{port} 上监听（1024 以下的端口需要管理员权限，或该端口被系统保留）。"
                "请用 --port 换一个端口，例如默认的 8470。",
                f"No permission to listen on {host}:{port} (ports below 1024 need an administrator, or the "
                "system reserves the port). Pick another port with --port, e.g. the default 8470.",
            ) from exc
        raise AnjuError(
            f"无法在 {host}:{port} 上监听（{exc.strerror or exc}）。请检查 --host 和 --port。",
            f"Cannot listen on {host}:{port} ({exc.strerror or exc}). Check --host and --port.",
        ) from exc


def register(sub: Any) -> None:
    p = add_command(sub, "serve", cmd_serve, "县级同步服务器 / run the county sync server")
    p.add_argument(
        "--db",
        help="县级数据库：文件，或 postgresql://USER:PASSWORD@HOST/DATABASE / county database: a file or a "
        "PostgreSQL URL",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help=f"监听地址（默认 {DEFAULT_HOST}）/ address to listen on")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）/ port")
    p.add_argument(
        "--max-body-mib", type=float, help="接受的最大批次，单位 MiB（默认 64）/ largest batch accepted, in MiB"
    )
    p.add_argument(
        "--max-connections",
        type=int,
        default=DEFAULT_MAX_CONNECTIONS,
        help=f"同时服务的连接数，超出的工作站会被告知服务器正忙、稍后自动重试（默认 {DEFAULT_MAX_CONNECTIONS}）/ "
        "connections served at once; stations over it are told the server is busy and retry later",
    )
    p.add_argument(
        "--log-level",
        default="info",
        choices=("critical", "error", "warning", "info", "debug"),
        help="服务器日志详细程度 / server log level",
    )
    p.add_argument(
        "--openapi",
        metavar="FILE",
        help="把服务器的 OpenAPI 描述写入 FILE 后退出 / write the server's OpenAPI description to FILE and exit",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sync.serve_command --db …``: the same command without the rest of ``anju`` (tests, services)."""
    parser = argparse.ArgumentParser(prog="anju")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.handler(args))
    except AnjuError as exc:
        print(f"错误：{exc.zh}\nError: {exc.en}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

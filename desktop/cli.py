"""The ``anju`` command: the GUI with no sub-command, headless commands otherwise.

The sub-commands are registered by the packages that own them (`forms.commands`, later `sync.commands`), so
headless commands import only ``forms`` and ``sync``, never Qt: a test runs each and checks that PySide6 was not
loaded. Every command prints a one-line summary (``--json`` for machines) and exits 0 on success, 1 when it ran
but found problems, 2 on bad input with a message saying what to do, in 中文 then English, and 70 when the program
itself failed: two lines saying so and where the log is (`desktop.error_log`), not a traceback (``--debug``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from desktop.error_log import (
    DEBUG_VARIABLE,
    EXIT_PROGRAM_ERROR,
    log_error,
    log_path,
    log_start,
    logging_to,
    set_database,
    start_log,
)
from forms import check_command, questionnaire_commands
from forms import commands as form_commands
from forms.commandline import EXIT_BAD_INPUT, Handler
from forms.errors import AnjuError
from forms.excel import commands as excel_commands
from forms.schema import busy_error, is_busy
from forms.version import APP_VERSION
from sync import commands as sync_commands
from sync import push_command, serve_command


def fail(zh: str, en: str, args: argparse.Namespace | None = None) -> int:
    if args is not None and getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": zh, "error_en": en}, ensure_ascii=False))
    print(f"错误：{zh}\nError: {en}", file=sys.stderr)
    return EXIT_BAD_INPUT


#: argparse's refusals (Python 3.11 wording), said as every other refusal is: 中文 first, then English.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?:COMMAND|ACTION)", "缺少要执行的命令。", "No command was given."),
    (r"the following arguments are required: (?P<a>.+)", "缺少参数 {a}。", "Missing {a}."),
    (
        r"argument (?P<a>\S+): invalid int value: '(?P<v>.*)'",
        "{a} 的值“{v}”不是整数。",
        "{a}: “{v}” is not a whole number.",
    ),
    (
        r"argument (?P<a>\S+): invalid float value: '(?P<v>.*)'",
        "{a} 的值“{v}”不是数字。",
        "{a}: “{v}” is not a number.",
    ),
    (
        r"argument (?:COMMAND|ACTION): invalid choice: '(?P<v>.*)' \(choose from (?P<c>.*)\)",
        "没有命令“{v}”。可用的命令：{c}。",
        "There is no command “{v}”. The commands: {c}.",
    ),
    (
        r"argument (?P<a>\S+): invalid choice: '(?P<v>.*)' \(choose from (?P<c>.*)\)",
        "{a} 的值“{v}”无效，可选：{c}。",
        "{a}: “{v}” is not one of {c}.",
    ),
    (r"unrecognized arguments: (?P<a>.+)", "不认识的参数：{a}。", "Unrecognized arguments: {a}."),
    (r"argument (?P<a>\S+): expected one argument", "{a} 后面缺少值。", "{a} needs a value."),
)


class _Parser(argparse.ArgumentParser):
    """argparse whose refusals (a missing --db, a word for a number, a mistyped command) raise `AnjuError`, so
    they are said like every other bad input: 中文 then English, and JSON under ``--json``. Its ``-h`` says what
    it does in 中文 first too, as every option's help does; sub-commands' parsers are of this class as well."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False})
        self.add_argument("-h", "--help", action="help", help="显示帮助 / show this help and exit")

    def parse_known_args(self, args: Iterable[str] | None = None, namespace: Any = None) -> tuple[Any, list[str]]:
        # argparse hands the words a sub-command does not know up to ``anju``'s parser, whose refusal then pointed
        # at ``anju --help``, which lists no sub-command's options: each parser refuses its own leftovers, so the
        # message names the help of the command that was typed (``anju county site --help``).
        parsed, leftovers = super().parse_known_args(args, namespace)
        if leftovers:
            self.error(f"unrecognized arguments: {' '.join(leftovers)}")
        return parsed, leftovers

    def error(self, message: str) -> NoReturn:
        zh, en = f"命令参数有误：{message}。", f"Bad arguments: {message}."
        for pattern, zh_text, en_text in _ARGPARSE_MESSAGES:
            if found := re.fullmatch(pattern, message):
                zh, en = zh_text.format(**found.groupdict()), en_text.format(**found.groupdict())
                break
        raise AnjuError(f"{zh}用法见 {self.prog} --help。", f"{en} See {self.prog} --help.")


def program_error(exc: Exception, args: argparse.Namespace, *, debug: bool) -> int:
    """An error in the program itself, not in what was typed: logged (`desktop.error_log`), then said in two
    short lines with the log's place; the traceback too under ``--debug`` or ANJU_DEBUG=1."""
    words = [v for k, v in sorted(vars(args).items()) if k == "command" or k.endswith(("_command", "_action"))]
    command = " ".join(["anju", *(w for w in words if isinstance(w, str))])  # the words only: no file, no name
    start_log()
    log_start(command)
    set_database(getattr(args, "db", None))
    log_error(f"{command}: unexpected error", exc)
    if sys.stderr is None:  # the windowed app, where its own message box says it (PyInstaller's): nothing to print on
        raise exc
    if debug:
        traceback.print_exception(exc)
    where = logging_to()
    zh = "程序出错了，没有做完。这是程序的问题，不是您输入的错；已提交的数据不受影响。"
    en = "The program failed and did not finish: its own fault, not what you typed; committed data is unaffected."
    if where is not None:
        zh += f"详细情况记在日志里：{where}"
        en += f" The details are in the log: {where}"
    else:
        zh += f"日志写不进 {log_path().parent}：请加 --debug 再运行一次，把显示的内容发给技术支持人员。"
        en += f" No log could be written in {log_path().parent}: run it again with --debug, send what it prints."
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": zh, "error_en": en, "log": str(where or "")}, ensure_ascii=False))
    print(f"错误：{zh}\nError: {en}", file=sys.stderr)
    return EXIT_PROGRAM_ERROR


def run_gui(args: argparse.Namespace) -> int:
    from desktop.app import run  # the only path that imports Qt

    return run(Path(args.db) if args.db else None, selftest=args.selftest)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="anju",
        description="安居 Anju — 易地扶贫搬迁安置点就业服务 / employment follow-up at resettlement sites. "
        "不带命令运行即打开程序 / run with no command to open the app.",
    )
    parser.add_argument(
        "--version", action="version", version=f"anju {APP_VERSION}", help="显示版本号 / show the version"
    )
    parser.add_argument("--db", help="数据库文件 / database file to open in the app")
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"程序出错时显示完整的出错信息（也可设环境变量 {DEBUG_VARIABLE}=1）/ on a program error, print its "
        f"traceback too (or set {DEBUG_VARIABLE}=1); it is always in the log",
    )
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="自检：不登录打开 --db 的主窗口后退出（0 = 正常）/ open the main window on --db without logging in, "
        "then exit (0 = ok)",
    )
    parser.add_argument(
        "--check-second-process",
        action="store_true",
        help="检查能否启动第二个进程（大批次同步在其中校验）/ check that this program can start its second process, "
        "where big sync batches are checked (0 = it works, 1 = it does not, 3 = not used here: one core)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    form_commands.register(sub)
    check_command.register(sub)
    questionnaire_commands.register(sub)
    excel_commands.register(sub)
    sync_commands.register(sub)
    push_command.register(sub)  # adds `anju sync push` under sync
    serve_command.register(sub)
    return parser


def check_second_process() -> int:
    """``--check-second-process``: for a built program (`scripts/check-installer`) and for support on a new machine."""
    from sync.batch_check import second_process_answers

    answered = second_process_answers()
    if answered is None:
        print("此电脑只有一个处理器核心，不使用第二个进程。/ One core here: no second process is used.")
        return 3
    if not answered:
        print(
            "无法启动第二个进程。大批次同步将在本进程中完成，结果相同，只是较慢。\n"
            "The second process could not start. Big sync batches are then done in this process: the same result, "
            "more slowly.",
            file=sys.stderr,
        )
        return 1
    print("第二个进程已启动并完成工作。/ The second process started and did its work.")
    return 0


def _never_fail_to_print(json_wanted: bool) -> None:
    """Output redirected to a file on a Chinese Windows is GBK, which lacks some characters of names (王𠮷): JSON
    goes out as UTF-8, as JSON is; text says such a character as an escape instead of stopping with a traceback."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        if json_wanted:
            sys.stdout.reconfigure(encoding="utf-8")
        else:
            sys.stdout.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _never_fail_to_print("--json" in argv)
    # --debug is taken wherever it is typed (`anju check --db X --debug`), before any sub-command's parser sees it.
    debug = "--debug" in argv or os.environ.get(DEBUG_VARIABLE, "0") not in ("", "0")
    argv = [word for word in argv if word != "--debug"]
    try:
        args = build_parser().parse_args(argv)
    except AnjuError as exc:
        return fail(exc.zh, exc.en, argparse.Namespace(json="--json" in argv))
    if args.check_second_process:
        return check_second_process()
    handler: Handler = getattr(args, "handler", run_gui)
    try:
        return handler(args)
    except AnjuError as exc:
        return fail(exc.zh, exc.en, args)
    except BrokenPipeError:  # the reader went away (`anju check | head`): not an error worth a traceback
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python quiet when it flushes at exit
        return 0
    except Exception as exc:
        if not is_busy(exc):  # another program held the write lock past the wait: say so, not a traceback
            return program_error(exc, args, debug=debug)
        busy = busy_error(getattr(args, "db", None) or "")
        return fail(busy.zh, busy.en, args)
    except KeyboardInterrupt:
        return fail("已取消。已提交的数据不受影响。", "Cancelled. Committed data is unaffected.", args)


if __name__ == "__main__":
    sys.exit(main())

"""What every ``anju`` sub-command shares: registration, output and exit codes.

Each package registers its own commands (`forms.commands`, `sync.commands`) on the parser that
`desktop.cli` builds; a handler imports what it needs when it runs, so ``anju --help`` stays fast and no
headless command loads Qt. A handler returns an exit code and raises `AnjuError` for bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]
#: What a command word may hold and still be pasted into cmd.exe or PowerShell bare (Chinese letters are \w).
_BARE_WORD = re.compile(r"[\w\-.:/\\]+")
#: How the journal marks a change made by an ``anju`` command: "cli:" and the name it was run under. A command asks
#: no password (it is the technician's tool, with full rights for whoever can open the file), so that name is only
#: a claim: unmarked, ``--user zhanzhang`` read in 修改记录 as 王站长's own work in the app. Marked, it reads as
#: 命令行（zhanzhang） (`forms.household_history`); entries written before, or by the app, are untouched.
COMMAND_ACTOR = "cli:"


def add_command(sub: Any, name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
    """A sub-command with the options every command has (``--json``)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_, description=help_)
    parser.add_argument("--json", action="store_true", help="输出 JSON / machine-readable output")
    parser.set_defaults(handler=handler)
    return parser


def command_actor(user: str | None) -> str:
    """Who a command's changes are journaled as: ``user`` (its --user) or the computer's login name, marked as the
    command line's (`COMMAND_ACTOR`) whatever it is, an account's user name included."""
    name = (user or os.environ.get("USERNAME") or os.environ.get("USER") or "").strip()
    return COMMAND_ACTOR + name


def command_name(actor: str) -> str | None:
    """The name an ``anju`` command ran under (`command_actor`; "" when it had none), or None for a change the app,
    sync or an older version journaled."""
    return actor[len(COMMAND_ACTOR) :] if actor.startswith(COMMAND_ACTOR) else None


def actor_text(actor: str, names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Who made a change, as people read it (中文, English): an ``anju`` command's as 命令行（NAME） (`command_actor`:
    its name is only a claim), else the account's display name from ``names`` (user name → display name) where
    given, else the user name as journaled."""
    name = command_name(actor)
    if name is not None:
        return (f"命令行（{name}）", f"command line ({name})") if name else ("命令行", "command line")
    shown = (names or {}).get(actor) or actor
    return shown, shown


def failed(data: dict[str, Any], zh: str, en: str) -> dict[str, Any]:
    """The JSON of a command that ran but failed, carrying "error" and "error_en" as every refusal does
    (`desktop.cli.fail`): a script reads one shape, whichever command failed and how."""
    return {**data, "ok": False, "error": zh, "error_en": en}


def emit(args: argparse.Namespace, summary: str, data: dict[str, Any]) -> None:
    """The one-line summary for people, or the JSON object for machines."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, sort_keys=True))
    else:
        print(summary)


def command_word(text: object) -> str:
    """``text`` (a path, a station's name) as it must be typed in a command we tell the user to run: in double quotes
    when it holds a space or a character cmd.exe or PowerShell reads (``&()%;,`` …). A 站长's database is under
    C:\\Users\\张三\\Desktop\\安居 数据\\: pasted bare, the command stopped at the space."""
    word = str(text)
    if _BARE_WORD.fullmatch(word):
        return word
    return '"' + word.replace('"', '\\"') + '"'


def refuse_unwritable(db: str | Path) -> None:
    """Before a command that writes to the database ``db`` reads a workbook, asks for a password or does any other
    long work: refused (`forms.unwritable.Unwritable`, exit 2) when nothing could be saved to it, saying which file,
    why and what to do at a command prompt. It was said at the end, after a county roster had been read for a quarter
    of a minute, in the words for the app ("请关闭安居…"). A database that is not there yet (``anju demo``, a restore
    onto a new laptop) needs its folder writable. A server database (a URL) is the server's to refuse."""
    from .unwritable import why_cannot_write_in, why_unwritable

    if "://" in str(db):
        return
    path = Path(db)
    if path.exists():
        problem = why_unwritable(path, command=True)
    else:
        problem = why_cannot_write_in(path.parent, ("数据库“" + path.name + "”", f"the database “{path.name}”"))
    if problem is not None:
        raise problem


def refuse_unwritable_folder(out: str | Path, made: tuple[str, str]) -> None:
    """Before a command writes ``made`` (a backup, a batch) to ``out`` (the file, or the folder it goes in, such as a
    stick): refused when nothing can be written there (write-protected, read-only), before a passphrase is asked or
    the database is copied."""
    from .unwritable import why_cannot_write_in

    path = Path(out)
    if (problem := why_cannot_write_in(path if path.is_dir() else path.parent, made)) is not None:
        raise problem

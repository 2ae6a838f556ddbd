"""The program's own log: what support reads when the program failed on a station laptop far from anyone.

One small file in the user's data folder (beside the default database): ``logs/anju.log``, UTF-8 with a BOM so
that Notepad on an old Windows shows the Chinese, rotated at 1 MB with three old files kept. It holds when the
program started, its version, the database in use (the path only) and each unexpected error with its traceback.

Never a password, never a record's contents: a traceback's source lines are the program's own code, but an
exception's message may carry data (``int('52010219900101123X')``, ``KeyError('王小明')``, a statement's
parameters: the store's engines hide those, ``hide_parameters=True`` in `forms.store`). So each message line is
`redact`-ed: long digit runs (ID, phone and bank numbers), quoted text that is not plain ASCII, any word not in
ASCII (names, addresses), and whatever follows a word like password or 密码.

No Qt here: the headless commands (`desktop.cli`) log their failures too, and must not load Qt.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from forms.version import APP_VERSION

#: The exit code of a run that ended in the program's own error (sysexits' EX_SOFTWARE): not 1, which a command
#: gives when it ran and found problems, nor 2, bad input.
EXIT_PROGRAM_ERROR = 70
#: Set (to anything but 0) to have the command line print the traceback of an unexpected error; or ``--debug``.
DEBUG_VARIABLE = "ANJU_DEBUG"

LOG_NAME = "anju.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

#: Its own logger, not the root: the county server (`sync.server`) configures logging for its own lines, and a
#: test's caplog or a library's chatter must not reach the station's file. The NullHandler keeps Python's
#: last-resort handler from printing a worker's failure on stderr before the log is started (and in tests).
log = logging.getLogger("anju.app")
log.propagate = False
log.addHandler(logging.NullHandler())

_database: str | None = None


def data_folder() -> Path:
    """Where Qt's AppDataLocation puts the default database (`desktop.app.default_database`), found without Qt
    for the headless commands; `tests/test_error_log.py` checks that the two agree."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "Anju" / "Anju"


def log_folder(data: Path | None = None) -> Path:
    return (data or data_folder()) / "logs"


def logging_to() -> Path | None:
    """The file being written to; None: the log was not started (or its folder could not be written)."""
    for handler in log.handlers:
        if isinstance(handler, _LogFile):
            return Path(handler.baseFilename)
    return None


def log_path() -> Path:
    """The file being written to, or where it would be."""
    return logging_to() or log_folder() / LOG_NAME


class _LogFile(logging.handlers.RotatingFileHandler):
    """A rotating file that is open only while a line is written: the app and an ``anju-console`` command may
    both log, and Windows cannot rename (rotate) a file another process holds open. A new file starts with a
    BOM, so that Notepad reads it as UTF-8 (the ``utf-8-sig`` codec would put one at every reopening)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)

    def _open(self) -> Any:
        stream = super()._open()
        if stream.tell() == 0:
            stream.write("\ufeff")
        return stream

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        """The standard check counts the line's characters; the file grows by its bytes (a Chinese character is
        three in UTF-8, and Windows writes each line end as two), so files came out over `MAX_BYTES`."""
        if self.stream is None:
            self.stream = self._open()
        line = f"{self.format(record)}\n"
        size = len(line.encode("utf-8")) + (line.count("\n") if os.linesep == "\r\n" else 0)
        self.stream.seek(0, 2)
        return self.stream.tell() + size >= self.maxBytes

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        self.close()  # reopened for the next line


def start_log(data: Path | None = None) -> Path | None:
    """Log to ``logs/anju.log`` in ``data`` (the data folder; `data_folder` when None). None: the folder cannot
    be written (a locked-down account): the program runs on without a log rather than fail."""
    folder = log_folder(data)
    if (current := logging_to()) is not None and current.parent == folder:
        return current
    stop_log()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = _LogFile(folder / LOG_NAME)
    handler.setFormatter(logging.Formatter(f"%(asctime)s anju {APP_VERSION} [%(process)d] %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return folder / LOG_NAME


def stop_log() -> None:
    """Stop writing to the file (tests start a log in their own folder, then put things back)."""
    for handler in list(log.handlers):
        if isinstance(handler, _LogFile):
            log.removeHandler(handler)
            handler.close()


def log_start(what: str) -> None:
    """The first line of a run: what started, on which Python, Qt and system."""
    qt = ""
    if "PySide6" in sys.modules:
        from PySide6 import __version__ as pyside

        qt = f", PySide6 {pyside}"
    log.info("%s started (Python %s%s, %s)", what, platform.python_version(), qt, platform.platform())


def set_database(path: Path | str | None) -> None:
    """The database in use from now on, named in each error logged (the path only)."""
    global _database
    _database = None if path is None else named_database(path)
    if _database is not None:
        log.info("database: %s", _database)


def named_database(target: Path | str) -> str:
    """A file's path as it is; a server's URL (the county's ``--db postgresql://…``) without its password."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", rf"\1:{HIDDEN}@", str(target))


# A run of 6 or more digits, an ID number's final X with it: ID, phone, bank and 社保 numbers. Line numbers are
# shorter; a time or size in a message is not worth keeping at the risk of a number that is a person's.
_LONG_NUMBER = re.compile(r"\d{6,}[Xx]?")
# Quoted text with anything but plain ASCII in it: names, addresses, notes. Identifiers (a column, a key, a
# field name), which say where it failed, are ASCII and stay.
_QUOTED = re.compile(r"""'[^'\n]*'|"[^"\n]*"|“[^”\n]*”|\u2018[^\u2019\n]*\u2019|「[^」\n]*」""")
# Any other word not in ASCII: a name or an address said unquoted ("could not save 王小明"), in 汉字 or in Yi or
# Tibetan. The line of code that raised it, kept, shows the message's fixed words.
_NON_ASCII_WORD = re.compile(r"(?:(?![\x00-\x7f])\w)+")
# What follows a word that names a secret, up to the next space or comma.
_SECRET = re.compile(
    r"(?i)(password|passwd|passphrase|pwd|secret|token|密码|口令)(\s*(?:[:=：]|is|为|是)?\s*)([^\s,，;；)]+)"
)
HIDDEN = "«…»"


def redact(text: str) -> str:
    """``text`` (an exception's message) without the data it may carry: see the module's docstring."""
    text = _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{HIDDEN}", text)
    text = _QUOTED.sub(lambda m: m.group(0) if m.group(0).isascii() else m.group(0)[0] + HIDDEN + m.group(0)[-1], text)
    text = _LONG_NUMBER.sub(HIDDEN, text)
    return _NON_ASCII_WORD.sub(HIDDEN, text)


def describe(exc: BaseException) -> str:
    """The traceback as Python prints it (its causes first), each exception's message `redact`-ed; the frames
    (file, line, function, the line of code) are kept as they are: they are the program, not the data."""
    return "".join(_describe(exc, set()))


def _describe(exc: BaseException, seen: set[int]) -> list[str]:
    seen.add(id(exc))
    lines: list[str] = []
    if exc.__cause__ is not None and id(exc.__cause__) not in seen:
        lines += _describe(exc.__cause__, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif exc.__context__ is not None and not exc.__suppress_context__ and id(exc.__context__) not in seen:
        lines += _describe(exc.__context__, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if exc.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_tb(exc.__traceback__)
    lines += [redact(line) for line in traceback.format_exception_only(type(exc), exc)]
    if isinstance(exc, BaseExceptionGroup):
        for number, inner in enumerate(exc.exceptions, 1):
            lines.append(f"\n-- sub-exception {number} --\n")
            lines += _describe(inner, seen)
    return lines


def log_error(where: str, exc: BaseException) -> str:
    """Log an unexpected error with its traceback; gives the text logged (what 复制详细信息 copies)."""
    details = f"{where}; database: {_database or '-'}\n{describe(exc)}".rstrip("\n")
    log.error("%s", details)
    return f"anju {APP_VERSION}; {details}"


def install_thread_hook() -> Callable[[], None]:
    """Log a failure in any Python thread, then hand it on to the hook there was (which prints it); gives the
    function that puts that hook back."""
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            name = args.thread.name if args.thread is not None else "?"
            log_error(f"unexpected error in thread {name}", args.exc_value)
        previous(args)

    threading.excepthook = hook

    def uninstall() -> None:
        if threading.excepthook is hook:
            threading.excepthook = previous

    return uninstall

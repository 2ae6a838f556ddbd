"""The program's version, the one place it is written (pyproject reads it from here)."""

from datetime import date

APP_VERSION = "0.5.0"
#: A day this version was certainly out by (set with APP_VERSION): a computer whose date is earlier has a wrong
#: clock (`forms.clock`), such as a station laptop with a flat clock battery that wakes up in 2009.
RELEASED_ON = date(2026, 11, 1)
#: The newest database schema revision (`forms.schema.KNOWN_REVISIONS`) each version brought. A migration comes with
#: a new APP_VERSION and its line here (a test holds this), so that a message telling a user to upgrade "to 0.2.0"
#: names an installer that reads the file: a version string left as it was would name the one they already have.
SCHEMA_OF_RELEASE: dict[str, str] = {
    "0.1.0": "0007",
    "0.2.0": "0008",
    "0.3.0": "0009",
    "0.4.0": "0010",
    "0.5.0": "0011",
}


def version_key(version: str | None) -> tuple[int, ...] | None:
    """``0.2.0`` as numbers to compare (``0.10.0`` is later than ``0.9.0``); None for what is not a version."""
    try:
        return tuple(int(part) for part in str(version).split("."))
    except ValueError:
        return None


def is_later(version: str | None) -> bool:
    """Whether ``version`` (as another Anju wrote it into a file, ``0.2.0``) is later than this program's. One that
    cannot be read is not: a message then names no version rather than a wrong one."""
    theirs = version_key(version)
    return theirs is not None and theirs > _ours()


def is_earlier(version: str | None) -> bool:
    """Whether ``version`` is earlier than this program's (a station that still needs the installer). One that
    cannot be read is not."""
    theirs = version_key(version)
    return theirs is not None and theirs < _ours()


def _ours() -> tuple[int, ...]:
    return version_key(APP_VERSION) or ()

"""How a database's path is handed to SQLite, whatever its folders are called.

A path pasted into a URI is read as one: ``#`` starts a fragment, ``?`` the parameters, and ``%41`` is the letter
A. A station's folder called 安置点#2 or 3#楼 was then another file: SQLite opened (and made, empty) ``安置点``
beside it, read-write since ``?mode=ro`` had fallen into the fragment, so the database looked empty, and the
day's backup was a checked copy of that empty file. Here each character is escaped, so the path SQLite opens is
the path the user gave. The path is absolute and written with ``/`` as SQLite's URIs want on Windows too
(``file:///C:/Users/张三/…``); a share (``\\\\server\\share\\…``) keeps its two leading slashes in the path, as
SQLite reads it, rather than becoming an authority SQLite refuses. (SQLAlchemy's ``sqlite:///`` + path is
parsed the same way: `forms.store.make_engine` builds its URL from the path as it is.) No SQLAlchemy here: the
quick start (`forms.quick_open`) opens through this before SQLAlchemy has loaded.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def read_only_uri(path: Path | str, *, immutable: bool = False) -> str:
    """The URI that opens ``path`` read-only with ``sqlite3.connect(..., uri=True)``.

    ``immutable``: SQLite takes the file as one nothing can change, so it neither locks it nor makes or reads the
    ``-wal`` and ``-shm`` files beside it: the only way to read a database in a folder, or on a CD, that refuses
    new files. Only for a file nothing can be writing, and with no changes waiting in a ``-wal`` beside it
    (`forms.read_only_open`): it would be read as it was before them."""
    text = os.path.abspath(path).replace(os.sep, "/")
    if not text.startswith("/"):  # C:/Users/… on Windows
        text = "/" + text
    return f"file://{quote(text, safe='/:')}?mode=ro" + ("&immutable=1" if immutable else "")


def read_write_uri(path: Path | str) -> str:
    """The URI that opens ``path`` for reading and writing, never creating it (`forms.unwritable`'s test write)."""
    return read_only_uri(path).removesuffix("?mode=ro") + "?mode=rw"

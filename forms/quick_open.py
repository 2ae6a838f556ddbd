"""Opening a station database for the first seconds of the app, with plain sqlite3 only.

The full store (SQLAlchemy, the models, the rules) takes about 0.4 s to import here and several seconds on an
old laptop. The app does not make the worker wait for it: it reads what the first screens need — whether there
are accounts, one account's password hash, the first page of the 住户 table — through this module, shows the
login dialog and the table at once, and loads the store in the background meanwhile (`desktop.store_loader`).

Only a database already at this program's schema is read here, read-only: anything else (a new file, an older
schema that must be upgraded with a copy first, a newer one, a damaged file) returns None and the app takes the
full path through `forms.store.Store.open`, which explains and handles each case.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .accounts import Account, login_account, refuse_unknown_user
from .errors import AnjuError
from .household_list import COUNT_SQL, FIRST_IDS_SQL, HouseholdRow, read_rows
from .schema import HEAD_REVISION, read_revision


@dataclass(frozen=True)
class FirstPage:
    """The first rows of the 住户 table's default view, and how many households the view holds."""

    ids: list[str]
    rows: dict[str, HouseholdRow]
    total: int


class QuickDatabase:
    """A read-only look at an up-to-date Anju database; each call opens and closes its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, path: Path) -> QuickDatabase | None:
        """The database when it exists and is at this program's schema; None when the full path must decide."""
        try:
            if not path.is_file() or read_revision(path) != HEAD_REVISION:
                return None
        except (AnjuError, OSError):
            return None
        return cls(path)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)

    def has_users(self) -> bool:
        conn = self._connect()
        try:
            return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
        finally:
            conn.close()

    def authenticate(self, username: str, password: str) -> Account | None:
        """The same answer as `forms.users.authenticate`, without the store."""
        conn = self._connect()
        try:
            columns = "SELECT username, display_name, role, active, password_hash FROM users"
            row = conn.execute(f"{columns} WHERE username = ?", (username.strip(),)).fetchone()
            if row is None:  # as `forms.users.authenticate`: a name typed in another case, if it names one user
                same = conn.execute(f"{columns} WHERE lower(username) = lower(?)", (username.strip(),)).fetchall()
                row = same[0] if len(same) == 1 else None
        finally:
            conn.close()
        if row is None:
            refuse_unknown_user(password)
            return None
        name, display_name, role, active, stored = row
        return login_account(name, display_name, role, bool(active), stored, password)

    def first_page(self, size: int) -> FirstPage:
        """The first ``size`` households of the default view, read in one snapshot."""
        conn = self._connect()
        try:
            conn.execute("BEGIN")  # one read transaction: the count and the rows agree
            ids = [str(r[0]) for r in conn.execute(FIRST_IDS_SQL, (size,))]
            total = int(conn.execute(COUNT_SQL).fetchone()[0])
            rows = read_rows(conn, ids)
        finally:
            conn.close()
        return FirstPage(ids, rows, total)

"""Opening a station database for the first seconds of the app, with plain sqlite3 only.

The full store (SQLAlchemy, the models, the rules) takes about 0.4 s to import here and several seconds on an
old laptop. The app does not make the worker wait for it: it reads what the first screens need — whether there
are accounts, one account's password hash, the first page of the 住户 table — through this module, shows the
login dialog and the table at once, and loads the store in the background meanwhile (`desktop.store_loader`).

Only a database already at this program's schema is read here, read-only but for the one line a login adds to the
账户记录 (`forms.account_log`): anything else (a new file, an older
schema that must be upgraded with a copy first, a newer one, a damaged file) returns None and the app takes the
full path through `forms.store.Store.open`, which explains and handles each case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .account_log import LoginHow, LoginOutcome, record_login
from .accounts import Account, login_account, refuse_unknown_user
from .errors import AnjuError
from .household_list import (
    COUNT_SQL,
    FIRST_PLACES_AT_SITE_SQL,
    FIRST_PLACES_SQL,
    SITES_SQL,
    HouseholdRow,
    in_door_order,
    read_rows,
    sites_in_order,
)
from .schema import HEAD_REVISION, read_revision
from .sqlite_paths import read_only_uri


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
        return sqlite3.connect(read_only_uri(self.path), uri=True)

    def has_users(self) -> bool:
        conn = self._connect()
        try:
            return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
        finally:
            conn.close()

    def _find_user(self, username: str) -> tuple[str, str, str, bool, str] | None:
        """The account ``username`` names, as `forms.users.find_user` finds it: in another case if it names one."""
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
            return None
        name, display_name, role, active, stored = row
        return name, display_name, role, bool(active), stored

    def authenticate(self, username: str, password: str) -> Account | None:
        """The same answer as `forms.users.authenticate`, without the store."""
        found = self._find_user(username)
        if found is None:
            refuse_unknown_user(password)
            return None
        return login_account(*found, password)

    def log_in(
        self, username: str, password: str, *, how: LoginHow = "login", excused: Collection[int] = ()
    ) -> tuple[Account | None, LoginOutcome]:
        """`forms.users.log_in` without the store: the answer, and the attempt recorded in the 账户记录 (the one
        write this module makes, in a connection of its own)."""
        found = self._find_user(username)
        if found is None:
            refuse_unknown_user(password)
        account = None if found is None else login_account(*found, password)
        try:
            conn = sqlite3.connect(self.path, timeout=10)  # the store may be writing as it loads: wait a little
            try:
                with conn:  # one transaction: what is told and the login that acknowledges it

                    def execute(sql: str, params: dict[str, Any]) -> list[Any]:
                        return conn.execute(sql, params).fetchall()

                    outcome = record_login(
                        execute, username, found[0] if found else None, account is not None, how, excused
                    )
            finally:
                conn.close()
        except sqlite3.Error:  # a full disk must not keep the station out: the login stands, unrecorded
            outcome = LoginOutcome(account.username if account else None)
        return account, outcome

    def first_page(self, size: int) -> FirstPage:
        """The first ``size`` households of the default view, read in one snapshot: door by door, as the store
        lists them (`forms.household_list.in_door_order`). They are in the first sites: the places of those are
        read site by site until there are enough (every place of a county's 50,000 households took 0.1 s more)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN")  # one read transaction: the count and the rows agree
            total = int(conn.execute(COUNT_SQL).fetchone()[0])
            sites = conn.execute(SITES_SQL).fetchall()
            places: list[Any] = []
            for site in sites_in_order(sites):
                if len(places) >= size:
                    break
                places += conn.execute(FIRST_PLACES_AT_SITE_SQL, (site,)).fetchall()
            if len(places) < min(size, total):  # households at a site not in the list (a hand-edited file)
                places = conn.execute(FIRST_PLACES_SQL).fetchall()
            ids = in_door_order(places, sites)[:size]
            rows = read_rows(conn, ids)
        finally:
            conn.close()
        return FirstPage(ids, rows, total)

"""Accounts and their passwords, with nothing but the standard library.

Kept apart from `forms.users` (which reads and writes the users table through the store) so that the login
dialog can check a password with plain sqlite3 before SQLAlchemy has loaded: on an old laptop the dialog is
up in a blink and the heavy parts load while the worker types.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

Role = Literal["采集员", "站长", "县级管理员"]
ROLES: tuple[Role, ...] = ("采集员", "站长", "县级管理员")
MIN_PASSWORD_LENGTH = 6
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(
        password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
    )
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role


def login_account(
    username: str, display_name: str, role: str, active: bool, stored: str, password: str
) -> Account | None:
    """The account when the password is right and the account active; None otherwise."""
    if not verify_password(password, stored) or not active:  # checked either way: the time says nothing
        return None
    return Account(username, display_name, role)  # type: ignore[arg-type]


@functools.cache
def _equaliser() -> str:
    return hash_password("timing-equaliser")


def refuse_unknown_user(password: str) -> None:
    """Spend the time a real check takes (one scrypt run), so a wrong user name cannot be told from a wrong
    password."""
    verify_password(password, _equaliser())

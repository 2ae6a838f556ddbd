"""账户记录: who did what to which account, and when; each login, and each wrong password.

A county clerk answers for households' ID numbers and health records, and a station's laptop is lent, left unlocked
or lost. So an account added, turned off or on, a password reset (in 设置 or with ``anju reset-password``) or
changed by its owner is recorded in the transaction that makes the change (`forms.users`); so is each login (and
unlock, and 换人登录), and each refused one with the user name tried. The password typed is never recorded, and a
name that is no account's is kept masked (`masked`): people type their password into the name field.

Local only, like the accounts themselves: never synced, never in a batch. Rows are only added; nothing in the program
changes or removes them. That is no proof against someone holding the database file (plain SQLite, as is everything
in it), who could edit it as they could edit anything: the log is for the people who run the station, to see what
happened to their accounts, not evidence against the file's holder.

At a login, the wrong passwords typed for that account since its last login are told once (`WrongPasswords`). There
is deliberately no lockout and no growing delay after wrong passwords: whoever holds the laptop can copy the
database file and read it without logging in, or set any account's password with ``anju reset-password``, so a
delay would protect nothing and would only keep a worker who forgot their password (or the only 站长) waiting.
What protects is being told: the owner learns at their next login that someone tried, and the 站长 sees it here.

Standard library only: the login dialog records through plain sqlite3 before the store has loaded
(`forms.quick_open`); the SQL here is spelled so that sqlite3 and SQLAlchemy (SQLite or PostgreSQL) both run it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

#: How the password was typed: at the start, at the lock, or by the next person at 换人登录.
LoginHow = Literal["login", "unlock", "switch"]

#: Runs one statement with named parameters in the caller's transaction; the rows it returns (none for a write).
Execute = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]

INSERT_SQL = (
    "INSERT INTO account_log (at, event, account, actor, detail) VALUES (:at, :event, :account, :actor, :detail)"
)
LAST_ID_SQL = "SELECT max(id) FROM account_log"
#: The wrong passwords typed for an account since its last login, oldest first.
WRONG_SINCE_LOGIN_SQL = (
    "SELECT id, at FROM account_log WHERE account = :account AND event = 'login_failed' AND id > "
    "coalesce((SELECT max(id) FROM account_log WHERE account = :account AND event = 'login'), 0) ORDER BY id"
)

#: What each event says, 中文 and English; ``%1`` is the entry's detail said as `DETAILS` says it.
EVENTS: dict[str, tuple[str, str]] = {
    "created": ("添加账号，角色：%1", "Account added, role: %1"),
    "deactivated": ("停用", "Turned off"),
    "activated": ("启用", "Turned on"),
    "password_reset": ("重设密码", "Password reset"),
    "password_reset_cli": ("在命令行重设密码（anju reset-password）", "Password reset on the command line"),
    "password_changed": ("本人修改了密码", "Changed their own password"),
    "current_password_wrong": ("修改密码时当前密码错误，密码没有改", "Wrong current password: not changed"),
    "login": ("%1", "%1"),  # said by `LOGGED_IN`
    "login_failed": ("%1时密码错误", "Wrong password at %1"),
    "unknown_user": ("%1时用户名不存在（输入的用户名已遮盖）", "No such user name at %1 (the name typed is masked)"),
}
DETAILS: dict[str, tuple[str, str]] = {
    "login": ("登录", "log-in"),
    "unlock": ("解锁", "unlock"),
    "switch": ("换人登录", "switch user"),
    "采集员": ("采集员", "surveyor"),
    "站长": ("站长", "station admin"),
    "县级管理员": ("县级管理员", "county clerk"),
}
#: A login said by how it was made.
LOGGED_IN: dict[str, tuple[str, str]] = {
    "login": ("登录", "Logged in"),
    "unlock": ("解锁", "Unlocked"),
    "switch": ("换人登录", "Took over at switch user"),
}
#: Events that are a password proved right: many a day (each unlock), so lists may leave them out.
LOGINS = ("login",)


def utc_stamp() -> str:
    """Now as the journal writes it (`forms.journal.utc_now`): ISO-8601 UTC, for people to read."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry(event: str, account: str, *, actor: str | None = None, detail: str | None = None) -> dict[str, Any]:
    """A row to add, stamped now; ``actor`` None when nobody was logged in (the first run, the command line, a
    login)."""
    assert event in EVENTS, event
    return {"at": utc_stamp(), "event": event, "account": account[:64], "actor": actor, "detail": detail}


def masked(name: str) -> str:
    """A user name that is no account's, as recorded: its first character and one * for each other one. It may be a
    password typed into the wrong field; the first character and the length tell the 站长 that names were tried."""
    name = name.strip()
    return (name[:1] + "*" * (len(name) - 1))[:64] if name else "（空）"


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: str  # UTC
    event: str
    account: str
    actor: str | None
    detail: str | None

    def description(self) -> tuple[str, str]:
        """What happened, 中文 and English."""
        if self.event == "login":
            return LOGGED_IN.get(self.detail or "login", LOGGED_IN["login"])
        zh, en = EVENTS.get(self.event, (self.event, self.event))
        detail_zh, detail_en = DETAILS.get(self.detail or "", (self.detail or "", self.detail or ""))
        en = en.replace("%1", detail_en)
        return zh.replace("%1", detail_zh), en[:1].upper() + en[1:]

    def local_time(self) -> str:
        """When, in this computer's time zone, to the second."""
        moment = local_moment(self.at)
        return moment.strftime("%Y-%m-%d %H:%M:%S") if moment is not None else self.at


def local_moment(stamp: str) -> datetime | None:
    """A stored UTC time in the computer's time zone (as `forms.journal.local_moment`, without SQLAlchemy)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is not None else moment


@dataclass(frozen=True)
class WrongPasswords:
    """Wrong passwords typed for an account since it last logged in, told to its owner at the next login."""

    count: int
    latest_at: str  # UTC

    def message(self, now: datetime | None = None) -> tuple[str, str]:
        moment = local_moment(self.latest_at)
        now = now or datetime.now().astimezone()
        if moment is None:
            when_zh = when_en = self.latest_at
        elif moment.year == now.year:
            when_zh, when_en = f"{moment.month}月{moment.day}日 {moment:%H:%M}", f"{moment:%d %b %H:%M}"
        else:
            when_zh, when_en = (
                f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}",
                f"{moment:%d %b %Y %H:%M}",
            )
        times_en = "1 wrong password" if self.count == 1 else f"{self.count} wrong passwords"
        return (
            f"上次登录后有 {self.count} 次密码错误（最近一次 {when_zh}）。"
            "如果不是你自己输错的，可能有人试过你的密码：请告诉站长，并修改密码。",
            f"{times_en} for this account since its last login (the latest at {when_en}). If that was not you, "
            "someone may have tried your password: tell the station admin, and change your password.",
        )


@dataclass(frozen=True)
class LoginOutcome:
    """A login attempt: the account when the password was right (None otherwise); the id of the failure recorded
    (for `record_login`'s ``excused``); what to tell the owner who just logged in."""

    account_name: str | None
    attempt: int | None = None
    wrong_before: WrongPasswords | None = None


def record_login(
    execute: Execute,
    typed: str,
    account: str | None,
    succeeded: bool,
    how: LoginHow,
    excused: Collection[int] = (),
) -> LoginOutcome:
    """Record a login attempt for ``account`` (the user name ``typed`` matched; None when it matched none), in the
    caller's transaction. A right password also reads the wrong ones typed for the account since its last login,
    leaving out ``excused`` (those its owner just typed in the same dialog, which they saw refused)."""
    if account is None:
        execute(INSERT_SQL, entry("unknown_user", masked(typed), detail=how))
        return LoginOutcome(None, attempt=_last_id(execute))
    if not succeeded:
        execute(INSERT_SQL, entry("login_failed", account, detail=how))
        return LoginOutcome(None, attempt=_last_id(execute))
    wrong = [
        (row_id, at) for row_id, at in execute(WRONG_SINCE_LOGIN_SQL, {"account": account}) if row_id not in excused
    ]
    execute(INSERT_SQL, entry("login", account, detail=None if how == "login" else how))
    told = WrongPasswords(len(wrong), wrong[-1][1]) if wrong else None
    return LoginOutcome(account, wrong_before=told)


def _last_id(execute: Execute) -> int | None:
    rows = execute(LAST_ID_SQL, {})
    return int(rows[0][0]) if rows and rows[0][0] is not None else None

"""Accounts of the people who open a database: roles and scrypt-hashed passwords. Local only, never synced.

Each change to an account, and each login or refused one, adds a line to the 账户记录 (`forms.account_log`) in the
transaction that makes it: a refused change leaves none.

scrypt comes with Python (hashlib), so no extra dependency; the parameters (n=2**14, r=8, p=1, 16 MiB) take
about 50 ms on an old laptop: slow for a password guesser, unnoticeable at a login.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .account_log import LOGINS, LogEntry, LoginHow, LoginOutcome, entry, record_login
from .accounts import (
    MIN_PASSWORD_LENGTH,
    ROLES,
    Account,
    Role,
    hash_password,
    login_account,
    refuse_unknown_user,
    verify_password,
)
from .errors import AnjuError
from .journal import utc_now
from .records import AccountLogEntry, Setting, User
from .store import Store

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "Account",
    "Role",
    "WrongCurrentPassword",
    "account_log",
    "authenticate",
    "change_own_password",
    "create_user",
    "find_account",
    "has_users",
    "hash_password",
    "list_users",
    "log_in",
    "must_choose_password",
    "set_active",
    "set_password",
    "verify_password",
]


class WrongCurrentPassword(AnjuError):
    """修改密码 with a current password that is not the account's."""


def _check_password(password: str) -> None:
    if not password.strip():
        raise AnjuError("密码不能只有空格。", "The password cannot be only spaces.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AnjuError(
            f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。",
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters.",
        )


# The accounts whose password someone else typed (a 站长 adding the account or resetting it, `anju reset-password`)
# and their owner has not changed since: asked at each login to choose their own. Kept in the settings table (local,
# never synced; not a `county.` key) as a list of user names, so no column and no migration was needed.
PASSWORD_NOT_CHOSEN_KEY = "accounts.password_not_chosen"


def _mark_password(session: Session, username: str, *, chosen: bool) -> None:
    """Record, in the transaction that set it, whether ``username``'s password is their own choice."""
    setting = session.get(Setting, PASSWORD_NOT_CHOSEN_KEY)
    names = set(setting.value or []) if setting is not None else set()
    wanted = names - {username} if chosen else names | {username}
    if wanted == names:
        return
    if setting is None:
        session.add(Setting(key=PASSWORD_NOT_CHOSEN_KEY, value=sorted(wanted)))
    else:
        setting.value = sorted(wanted)  # a new list: the JSON column sees a new value, not an edited one


def must_choose_password(store: Store, username: str) -> bool:
    """Whether ``username`` still logs in with a password someone else typed for them."""
    with store.reading() as session:
        setting = session.get(Setting, PASSWORD_NOT_CHOSEN_KEY)
    return setting is not None and username in (setting.value or [])


def has_users(store: Store) -> bool:
    with store.reading() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def _log(session: Session, event: str, account: str, *, actor: str | None = None, detail: str | None = None) -> None:
    """A line in the 账户记录 (`forms.account_log`), in the transaction of the change it describes."""
    session.add(AccountLogEntry(**entry(event, account, actor=actor, detail=detail)))


def create_user(
    store: Store, username: str, display_name: str, role: Role, password: str, *, by: str | None = None
) -> Account:
    """``by``: the 站长 or county clerk adding the account; None for the first account (set up by its owner) and a
    demo's."""
    username = username.strip()
    if not username:
        raise AnjuError("用户名不能为空。", "The user name cannot be empty.")
    if role not in ROLES:
        raise AnjuError(f"未知角色“{role}”，应为 {'、'.join(ROLES)}。", f"Unknown role “{role}”.")
    _check_password(password)
    with store.unit_of_work(by or "setup") as uow:
        if uow.session.get(User, username) is not None:
            raise AnjuError(f"用户名“{username}”已被使用，请换一个。", f"User name “{username}” is taken.")
        # Logging in forgives case (`authenticate`), so two names differing only in case cannot both exist.
        twin = uow.session.scalars(select(User.username).where(func.lower(User.username) == username.lower())).first()
        if twin is not None:
            raise AnjuError(
                f"用户名“{username}”与已有的“{twin}”只差大小写，请换一个。",
                f"User name “{username}” differs from the existing “{twin}” only in case; pick another.",
            )
        uow.session.add(
            User(
                username=username,
                display_name=display_name.strip() or username,
                role=role,
                password_hash=hash_password(password),
                active=True,
                created_at=utc_now(),
            )
        )
        # The first account is set up by its owner; any other, by the 站长 (or county clerk) who adds it.
        _mark_password(uow.session, username, chosen=by in (None, username))
        _log(uow.session, "created", username, actor=by, detail=role)
    return Account(username, display_name.strip() or username, role)


def _find_user(store: Store, username: str) -> User | None:
    """The account ``username`` names: as typed, or in another case if that names one account."""
    name = username.strip()
    with store.reading() as session:
        user = session.get(User, name)
        if user is None:  # "Caiji" for caiji: people type names with a capital, or with Caps Lock on
            same = session.scalars(select(User).where(func.lower(User.username) == name.lower())).all()
            user = same[0] if len(same) == 1 else None
    return user


def find_account(store: Store, username: str) -> tuple[Account, bool] | None:
    """The account ``username`` names, as the login finds it (`_find_user`: spaces around it and its case forgiven),
    with whether it is active; None when it names none (or, in case alone, several)."""
    user = _find_user(store, username)
    if user is None:
        return None
    return Account(user.username, user.display_name, user.role), user.active  # type: ignore[arg-type]


def _check(user: User | None, password: str) -> Account | None:
    if user is None:
        refuse_unknown_user(password)
        return None
    return login_account(user.username, user.display_name, user.role, user.active, user.password_hash, password)


def authenticate(store: Store, username: str, password: str) -> Account | None:
    """The account when the password is right and the account active; None otherwise (never says which)."""
    return _check(_find_user(store, username), password)


def log_in(
    store: Store, username: str, password: str, *, how: LoginHow = "login", excused: Collection[int] = ()
) -> tuple[Account | None, LoginOutcome]:
    """`authenticate`, with the attempt recorded in the 账户记录, and on success the wrong passwords typed for the
    account since its last login (but the ``excused`` attempts), to tell its owner once."""
    user = _find_user(store, username)
    account = _check(user, password)
    try:
        with store.engine.connect().execution_options(write=True) as conn, conn.begin():
            name = user.username if user is not None else None
            outcome = record_login(_executing(conn), username, name, account is not None, how, excused)
    except DBAPIError:  # a full disk must not keep the station out: the login stands, unrecorded
        outcome = LoginOutcome(account.username if account else None)
    return account, outcome


def _executing(conn: Connection) -> Any:
    def execute(sql: str, params: dict[str, Any]) -> Sequence[Any]:
        result = conn.execute(text(sql), params)
        return result.fetchall() if result.returns_rows else []

    return execute


def list_users(store: Store) -> list[tuple[Account, bool]]:
    """Every account with whether it is active, by role then name."""
    with store.reading() as session:
        users = session.scalars(select(User).order_by(User.role, User.username)).all()
    return [(Account(u.username, u.display_name, u.role), u.active) for u in users]  # type: ignore[arg-type]


def set_active(store: Store, username: str, active: bool, *, by: str) -> None:
    """Turn an account off (a worker who left) or on again; the last active 站长 cannot be turned off."""
    with store.unit_of_work(by) as uow:
        user = uow.session.get(User, username)
        if user is None:
            raise AnjuError(f"没有用户“{username}”。", f"There is no user “{username}”.")
        if not active and user.role != "采集员":
            admins = uow.session.scalar(
                select(func.count()).select_from(User).where(User.role == user.role, User.active.is_(True))
            )
            if admins == 1 and user.active:
                raise AnjuError(
                    f"“{username}”是最后一个可用的{user.role}账号，停用后将无人能管理账号。请先添加另一个{user.role}。",
                    f"“{username}” is the last active {user.role}; add another before turning this one off.",
                )
        if user.active != active:
            _log(uow.session, "activated" if active else "deactivated", username, actor=by)
        user.active = active


def set_password(store: Store, username: str, password: str, *, by: str | None) -> None:
    """``by``: the person logged in (the account's owner, or a 站长 resetting it); None for ``anju reset-password``,
    run by whoever can reach the database file."""
    _check_password(password)
    with store.unit_of_work(by or f"reset-password:{username}") as uow:
        user = uow.session.get(User, username)
        if user is None:
            raise AnjuError(f"没有用户“{username}”。", f"There is no user “{username}”.")
        user.password_hash = hash_password(password)
        _mark_password(uow.session, username, chosen=by == username)
        event = "password_reset_cli" if by is None else "password_changed" if by == username else "password_reset"
        _log(uow.session, event, username, actor=by)


def change_own_password(store: Store, username: str, current: str, new: str, again: str) -> None:
    """The logged-in person chooses their own password: the one the 站长 typed for them (or watched being reset, or
    someone saw typed) stops working. The current password is asked again so that a laptop left unlocked for a
    minute cannot be given a password only the passer-by knows; a refusal changes nothing."""
    with store.reading() as session:
        user = session.get(User, username)
        stored = user.password_hash if user is not None else None
    if stored is None or not verify_password(current, stored):
        if stored is not None:  # a passer-by at an unlocked laptop trying to take the account over
            with store.unit_of_work(username) as uow:
                _log(uow.session, "current_password_wrong", username, actor=username)
        raise WrongCurrentPassword(
            "当前密码不正确，密码没有改。请输入现在登录用的密码。",
            "The current password is wrong; nothing was changed. Type the password you log in with now.",
        )
    if new != again:
        raise AnjuError(
            "两次输入的新密码不一致，密码没有改。请重新输入。",
            "The two new passwords differ; nothing was changed. Type them again.",
        )
    if new == current:
        raise AnjuError(
            "新密码与当前密码相同，密码没有改。请换一个。",
            "The new password is the current one; nothing was changed. Choose another.",
        )
    set_password(store, username, new, by=username)


def account_log(store: Store, *, limit: int | None = None, logins: bool = True) -> tuple[list[LogEntry], int]:
    """The 账户记录, newest first: at most ``limit`` entries, and how many there are in all; without ``logins``, the
    passwords proved right (each unlock is one) are left out of both."""
    query = select(AccountLogEntry)
    count = select(func.count()).select_from(AccountLogEntry)
    if not logins:
        query = query.where(AccountLogEntry.event.not_in(LOGINS))
        count = count.where(AccountLogEntry.event.not_in(LOGINS))
    with store.reading() as session:
        rows = session.scalars(query.order_by(AccountLogEntry.id.desc()).limit(limit)).all()
        total = int(session.scalar(count) or 0)
    return [LogEntry(r.id, r.at, r.event, r.account, r.actor, r.detail) for r in rows], total

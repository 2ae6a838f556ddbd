"""Accounts of the people who open a database: roles and scrypt-hashed passwords. Local only, never synced.

scrypt comes with Python (hashlib), so no extra dependency; the parameters (n=2**14, r=8, p=1, 16 MiB) take
about 50 ms on an old laptop: slow for a password guesser, unnoticeable at a login.
"""

from __future__ import annotations

from sqlalchemy import func, select

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
from .records import User
from .store import Store

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "Account",
    "Role",
    "authenticate",
    "create_user",
    "has_users",
    "hash_password",
    "list_users",
    "set_active",
    "set_password",
    "verify_password",
]


def _check_password(password: str) -> None:
    if not password.strip():
        raise AnjuError("密码不能只有空格。", "The password cannot be only spaces.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AnjuError(
            f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。",
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters.",
        )


def has_users(store: Store) -> bool:
    with store.reading() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def create_user(
    store: Store, username: str, display_name: str, role: Role, password: str, *, by: str = "setup"
) -> Account:
    username = username.strip()
    if not username:
        raise AnjuError("用户名不能为空。", "The user name cannot be empty.")
    if role not in ROLES:
        raise AnjuError(f"未知角色“{role}”，应为 {'、'.join(ROLES)}。", f"Unknown role “{role}”.")
    _check_password(password)
    with store.unit_of_work(by) as uow:
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
    return Account(username, display_name.strip() or username, role)


def authenticate(store: Store, username: str, password: str) -> Account | None:
    """The account when the password is right and the account active; None otherwise (never says which)."""
    name = username.strip()
    with store.reading() as session:
        user = session.get(User, name)
        if user is None:  # "Caiji" for caiji: people type names with a capital, or with Caps Lock on
            same = session.scalars(select(User).where(func.lower(User.username) == name.lower())).all()
            user = same[0] if len(same) == 1 else None
    if user is None:
        refuse_unknown_user(password)
        return None
    return login_account(user.username, user.display_name, user.role, user.active, user.password_hash, password)


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
        user.active = active


def set_password(store: Store, username: str, password: str, *, by: str) -> None:
    _check_password(password)
    with store.unit_of_work(by) as uow:
        user = uow.session.get(User, username)
        if user is None:
            raise AnjuError(f"没有用户“{username}”。", f"There is no user “{username}”.")
        user.password_hash = hash_password(password)

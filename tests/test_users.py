"""Accounts: hashed passwords, roles, and refusals a station admin would see."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from forms.errors import AnjuError
from forms.store import Store
from forms.users import authenticate, create_user, has_users, set_active, verify_password


def test_a_created_user_logs_in_with_the_right_password_only(store: Store) -> None:
    assert not has_users(store)
    create_user(store, "wang", "王站长", "站长", "zhan-zhang-2026")
    assert has_users(store)
    account = authenticate(store, "wang", "zhan-zhang-2026")
    assert account is not None and account.role == "站长" and account.display_name == "王站长"
    assert authenticate(store, "wang", "wrong-password") is None
    assert authenticate(store, "nobody", "zhan-zhang-2026") is None


def test_a_refusal_costs_the_same_whether_the_user_exists_or_not(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong user name took two scrypt runs (a new hash, then its check) and a turned-off account none, against
    one for a wrong password: the time a refusal took told which names exist and which are turned off."""
    create_user(store, "wang", "王站长", "站长", "zhan-zhang-2026")
    create_user(store, "li", "李", "采集员", "li-secret-1")
    set_active(store, "li", False, by="wang")
    authenticate(store, "nobody", "warm-up")
    runs: list[int] = []
    scrypt = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **k: runs.append(1) or scrypt(*a, **k))
    for name, password in (("wang", "wrong-password"), ("nobody", "wrong-password"), ("li", "li-secret-1")):
        runs.clear()
        assert authenticate(store, name, password) is None
        assert len(runs) == 1, name


def test_the_password_is_stored_only_as_a_salted_scrypt_hash(store: Store) -> None:
    create_user(store, "li", "李", "采集员", "secret-123")
    create_user(store, "zhao", "赵", "采集员", "secret-123")
    raw = sqlite3.connect(store.path)
    hashes = [h for (h,) in raw.execute("SELECT password_hash FROM users")]
    raw.close()
    assert all(h.startswith("scrypt$") and "secret-123" not in h for h in hashes)
    assert hashes[0] != hashes[1]  # salted
    assert verify_password("secret-123", hashes[0]) and not verify_password("secret-124", hashes[0])
    assert not verify_password("secret-123", "not-a-hash")


@pytest.mark.parametrize(
    ("username", "role", "password", "message"),
    [
        ("", "站长", "long-enough", "用户名不能为空"),
        ("a", "校长", "long-enough", "未知角色"),
        ("a", "站长", "123", "至少需要 6 个字符"),
        ("a", "站长", "      ", "密码不能只有空格"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(
    store: Store, username: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(AnjuError, match=message):
        create_user(store, username, "x", role, password)  # type: ignore[arg-type]


def test_a_taken_user_name_is_refused(store: Store) -> None:
    create_user(store, "wang", "王", "站长", "password-1")
    with pytest.raises(AnjuError, match="已被使用"):
        create_user(store, "wang", "王二", "采集员", "password-2")
    assert authenticate(store, "wang", "password-1") is not None


def test_a_user_name_typed_in_another_case_logs_in_and_cannot_be_taken_twice(store: Store) -> None:
    """People type "Caiji" or have Caps Lock on; the password is still checked as typed."""
    from forms.quick_open import QuickDatabase

    create_user(store, "caiji", "李采集员", "采集员", "password-1")
    through_store = authenticate(store, "CAIJI", "password-1")
    quick = QuickDatabase(store.path).authenticate("Caiji", "password-1")  # the login before the store loads
    assert through_store is not None and quick is not None
    assert through_store.username == quick.username == "caiji"
    assert authenticate(store, "Caiji", "Password-1") is None
    with pytest.raises(AnjuError, match="只差大小写"):
        create_user(store, "CaiJi", "另一个", "采集员", "password-2")


def test_an_account_can_be_turned_off_but_not_the_last_admin(store: Store) -> None:
    from forms.users import list_users, set_active, set_password

    create_user(store, "wang", "王", "站长", "password-1")
    create_user(store, "li", "李", "采集员", "password-2")
    with pytest.raises(AnjuError, match="最后一个可用的站长"):
        set_active(store, "wang", False, by="wang")
    set_active(store, "li", False, by="wang")
    assert authenticate(store, "li", "password-2") is None  # a worker who left cannot log in
    assert {a.username: active for a, active in list_users(store)} == {"li": False, "wang": True}
    set_active(store, "li", True, by="wang")
    set_password(store, "li", "new-password", by="wang")
    assert authenticate(store, "li", "new-password") is not None
    assert authenticate(store, "li", "password-2") is None

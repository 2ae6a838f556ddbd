"""The headless commands of the survey domain: demo, backup, restore, audit, reset-password, account-log, history."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .commandline import EXIT_FOUND, EXIT_OK, add_command, emit, failed, refuse_unwritable, refuse_unwritable_folder
from .demo_mark import is_demo, mark_demo
from .errors import AnjuError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .users import Role

#: Accounts a demo database comes with, so a newcomer can log in as each role (printed by anju demo).
DEMO_PASSWORD = "anju2026"
DEMO_ACCOUNTS: tuple[tuple[str, str, Role], ...] = (
    ("zhanzhang", "王站长", "站长"),
    ("caiji", "李采集员", "采集员"),
    ("xian", "赵科长", "县级管理员"),
)


def demo_target(args: argparse.Namespace) -> tuple[Path, date]:
    """The new database and the survey date of ``anju demo`` (with or without ``--county``), checked; with ``--force``
    an existing database is removed first."""
    if args.households < 1:
        raise AnjuError("--households 必须至少为 1。", "--households must be at least 1.")
    db = Path(args.db)
    if db.is_dir():  # --force would try to delete it
        raise AnjuError(
            f"“{db}”是文件夹，不是数据库文件。请给出要新建的数据库文件，例如“{db / 'demo.db'}”。",
            f"“{db}” is a folder, not a database file. Give the database file to create, e.g. “{db / 'demo.db'}”.",
        )
    if db.exists() and db.stat().st_size > 0:
        if not args.force:
            raise AnjuError(
                f"“{db}”已存在。演示数据只写入新数据库；请换一个文件名，或加 --force 覆盖（只能覆盖演示数据库）。",
                f"“{db}” already exists. Demo data goes into a new database: pick another name, or add --force "
                "(which replaces only a demo database).",
            )
        refuse_unless_demo(db)
    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError as exc:
        raise AnjuError(
            f"--date “{args.date}” 不是有效日期，请写成 YYYY-MM-DD。", f"--date “{args.date}” is not YYYY-MM-DD."
        ) from exc
    refuse_unwritable(db)  # a read-only folder or stick: said before --force deletes anything
    if args.force:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db, today


def refuse_unless_demo(db: Path) -> None:
    """``--force`` deletes ``db``: refused unless ``anju demo`` made it (`forms.demo_mark`)."""
    if not is_demo(db):
        raise AnjuError(
            f"“{db}”不是 anju demo 建立的演示数据库，可能是真实数据，--force 不会删除它。没有删除任何文件。"
            "请换一个文件名；如果确实不要这个文件了，请先自己把它移走或删除。",
            f"“{db}” was not made by anju demo and may hold real data, so --force does not delete it. Nothing was "
            "deleted. Pick another name; if the file is truly not wanted, move or delete it yourself first.",
        )


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo
    from .store import Store
    from .users import create_user

    db, today = demo_target(args)
    started = time.perf_counter()
    with Store.open(db) as store:
        summary = write_demo(store, args.households, seed=args.seed, today=today)
        mark_demo(store, args.seed, today)
        for username, display_name, role in DEMO_ACCOUNTS:
            create_user(store, username, display_name, role, DEMO_PASSWORD)
    seconds = time.perf_counter() - started
    counts = summary.counts
    emit(
        args,
        f"演示数据已写入 {db}：{counts.get('households', 0)} 户，{counts.get('members', 0)} 人，"
        f"{counts.get('employments', 0)} 段就业，用时 {seconds:.1f} 秒。"
        f"演示账号：{'、'.join(u for u, _, _ in DEMO_ACCOUNTS)}，密码 {DEMO_PASSWORD}",
        {"ok": True, "db": str(db), "counts": counts, "seconds": round(seconds, 3), "seed": args.seed},
    )
    return EXIT_OK


def backup_passphrase(args: argparse.Namespace, *, new: bool) -> str:
    """The backup passphrase: from ``--passphrase-file`` (its first line), typed unseen at a terminal (twice, with
    its strength, for a new backup), or the first line of the input when it is piped."""
    import getpass
    import sys

    from .sealed_backup import check_new_passphrase, passphrase_strength

    if args.passphrase_file:
        try:
            with open(args.passphrase_file, encoding="utf-8-sig") as f:
                passphrase = f.readline().rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            zh, en = _why_unreadable(exc)
            raise AnjuError(
                f"读不了口令文件“{args.passphrase_file}”：{zh}。请检查 --passphrase-file 后面的文件名和路径。",
                f"Cannot read the passphrase file “{args.passphrase_file}”: {en}. Check the file name and path after "
                "--passphrase-file.",
            ) from exc
        again = passphrase
    elif not sys.stdin.isatty():
        passphrase = again = sys.stdin.readline().rstrip("\r\n")
    elif new:
        passphrase = getpass.getpass("备份口令（至少 8 个字符，不会保存，请牢记）/ backup passphrase: ")
        strength = ("太短", "弱", "中", "强")[passphrase_strength(passphrase)]
        print(f"口令强度 / strength: {strength}", file=sys.stderr)
        again = getpass.getpass("再次输入 / again: ")
    else:
        passphrase = again = getpass.getpass("备份口令 / backup passphrase: ")
    if new:
        check_new_passphrase(passphrase, again)
    return passphrase


def _why_unreadable(exc: OSError | UnicodeDecodeError) -> tuple[str, str]:
    """Why a small text file (a passphrase file) could not be read, in words: the system's own was English only
    (“读不了口令文件：No such file or directory”)."""
    if isinstance(exc, FileNotFoundError):
        return "找不到这个文件", "there is no such file"
    if isinstance(exc, IsADirectoryError):
        return "这是文件夹，不是文件", "it is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "没有读取它的权限（或它是文件夹）", "no permission to read it (or it is a folder)"
    if isinstance(exc, UnicodeDecodeError):
        return "不是文本文件（请用记事本保存为 UTF-8 文本）", "it is not a text file (save it as UTF-8 text in Notepad)"
    return f"读取出错（{exc.strerror or exc}）", f"reading failed ({exc.strerror or exc})"


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup, backup_source_revision
    from .read_only_open import read_immutable

    db = Path(args.db)
    # A database on a CD or in a read-only folder is copied as its file holds it, with nothing made beside it;
    # refused when changes it would miss wait in a -wal beside it. Asked before the passphrase, as all below.
    immutable = db.is_file() and read_immutable(db)
    backup_source_revision(db, immutable=immutable)  # a mistyped --db is said before a passphrase is asked
    refuse_unwritable_folder(args.out, ("备份", "the backup"))  # a write-protected stick, too
    passphrase = None if args.plain else backup_passphrase(args, new=True)
    result = backup(db, Path(args.out), passphrase, immutable=immutable)
    if not result.encrypted:
        sealed = "未加密：请像保管笔记本电脑一样保管它"
    elif result.county_can_open:
        sealed = "已加密；忘记口令时县里可用县级密钥打开"
    else:
        sealed = "已加密；本库尚未登记，忘记口令就无法恢复"
    emit(
        args,
        f"备份完成：{result.path}（{result.size / 1e6:.1f} MB，完整性检查通过，{sealed}）。",
        {
            "ok": True,
            "out": str(result.path),
            "bytes": result.size,
            "revision": result.revision,
            "encrypted": result.encrypted,
            "county_can_open": result.county_can_open,
        },
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .backup import check_sealed_backup, restore
    from .sealed_backup import is_sealed_backup

    refuse_unwritable(args.db)  # before the passphrase, and before the current database is kept aside
    passphrase = None
    if is_sealed_backup(Path(args.file)) and Path(args.file).is_file():
        check_sealed_backup(Path(args.file), Path(args.db))  # damaged, newer, another station's: before asking
        passphrase = backup_passphrase(args, new=False)
    result = restore(Path(args.file), Path(args.db), passphrase, command=True)
    emit(
        args,
        f"已从 {args.file} 恢复到 {result.path}（完整性检查通过）。"
        + (f"原数据库已另存为 {result.kept}。" if result.kept else ""),
        {
            "ok": True,
            "db": str(result.path),
            "bytes": result.size,
            "revision": result.revision,
            "kept": str(result.kept) if result.kept else None,
        },
    )
    return EXIT_OK


#: How many records the one-line-per-record text output lists (``--json`` lists every one).
AUDIT_LISTED = 100


def cmd_audit(args: argparse.Namespace) -> int:
    from .journal import verify_chain
    from .questionnaire import load_active
    from .record_audit import audit_records, field_labels, label_mismatches
    from .store import Store

    with Store.open(args.db, read_only=True) as store:
        labels = field_labels(load_active(store))
        with store.engine.connect() as conn:  # one read transaction: the journal and the records as of one moment
            chain = verify_chain(conn)
            records = audit_records(conn)
            found = label_mismatches(conn, records.mismatches, labels)
    messages = [m.message() for m in found]
    data: dict[str, Any] = {
        "ok": chain.ok and not found,
        "entries": chain.entries,
        "broken_at": chain.broken_at,
        "reason": chain.reason_en,
        "records": records.records,
        "mismatches": [
            {
                "kind": m.kind,
                "table": m.table,
                "record_id": m.record_id,
                "field": m.field or None,
                "stored": m.stored,
                "journaled": m.journaled,
                "seq": m.last_seq,
                "where": m.where_zh,
                "where_en": m.where_en,
                "message": zh,
                "message_en": en,
            }
            for m, (zh, en) in zip(found, messages, strict=True)
        ],
    }
    lines = [chain.message()]
    if found:
        lines.append(
            f"有 {len(found)} 处记录与审计日志不符（共核对 {records.records} 条记录）：这些改动不是通过安居做的，"
            f"是有人直接改了数据库文件，审计日志里没有它们。 / {len(found)} records do not match the audit log "
            f"({records.records} checked): they were changed in the database file outside Anju, unaudited."
        )
        lines.extend(f"  {zh} / {en}" for zh, en in messages[:AUDIT_LISTED])
        if len(found) > AUDIT_LISTED:
            rest = len(found) - AUDIT_LISTED
            lines.append(f"  另有 {rest} 处未列出，加 --json 可列出全部。 / {rest} more: --json lists them all.")
        lines.append(
            "请用改动之前的备份恢复（anju restore），并询问改动期间谁拿过这台电脑、谁能打开数据库文件；"
            "查清之前，不要按这个数据库发放补助或上报就业率。 / Restore a backup taken before the change "
            "(anju restore) and ask who had this computer and could open the database file; until that is cleared "
            "up, pay no subsidy and report no employment rate from this database."
        )
    else:
        lines.append(
            f"全部 {records.records} 条记录与审计日志一致。 / All {records.records} records match the audit log."
        )
    if not data["ok"]:
        zh = chain.reason_zh if not chain.ok else f"有 {len(found)} 处记录在安居之外被改过。"
        en = chain.reason_en if not chain.ok else f"{len(found)} records were changed outside Anju."
        data = failed(data, zh, en)
    emit(args, "\n".join(lines), data)
    return EXIT_OK if data["ok"] else EXIT_FOUND


def _new_password(username: str) -> str:
    """The new password: typed twice, unseen, at a terminal; the first line of the input when it is piped."""
    import getpass
    import sys

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(f"“{username}”的新密码 / new password: ")
    if getpass.getpass("再次输入 / again: ") != password:
        raise AnjuError("两次输入的密码不一致，密码没有改。请重试。", "The two passwords differ; nothing was changed.")
    return password


def cmd_reset_password(args: argparse.Namespace) -> int:
    """A forgotten password, the last 站长's included: whoever can reach the database file sets a new one."""
    from .store import Store
    from .users import find_account, list_users, set_password

    refuse_unwritable(args.db)  # before the new password is typed twice
    with Store.open(args.db, create=False) as store:
        # As the login finds it: "Zhanzhang" or " zhanzhang" is zhanzhang's account (`forms.users.find_account`).
        found = find_account(store, args.username)
        if found is None:
            names = [account.username for account, _ in list_users(store)]
            twins = [name for name in names if name.lower() == args.username.strip().lower()]
            if len(twins) > 1:  # made before names differing only in case were refused: the login takes neither
                raise AnjuError(
                    f"有 {len(twins)} 个账号的用户名只差大小写：{'、'.join(twins)}。"
                    "请照其中一个原样输入（大小写一致）。",
                    f"{len(twins)} accounts' names differ only in case: {', '.join(twins)}. Type one exactly as it "
                    "is written.",
                )
            raise AnjuError(
                f"没有用户“{args.username}”。此数据库的用户：{'、'.join(names) or '（无）'}。请照其中一个重新输入。",
                f"There is no user “{args.username}”. Users of this database: {', '.join(names) or '(none)'}. "
                "Type one of them.",
            )
        account, active = found
        set_password(store, account.username, _new_password(account.username), by=None)  # 账户记录: 在命令行重设
    note = "" if active else "该账号已停用，请登录另一个站长账号在“设置”中启用。"
    emit(
        args,
        f"已重设“{account.username}”（{account.role}）的密码。本人下次登录时，安居会请他换成只有自己知道的密码。{note}",
        {"ok": True, "username": account.username, "role": account.role, "active": active},
    )
    return EXIT_OK


def cmd_account_log(args: argparse.Namespace) -> int:
    """账户记录, newest first: what was done to the accounts, the wrong passwords, and with --logins each login."""
    from .store import Store
    from .users import account_log

    if args.limit < 1:
        raise AnjuError("--limit 必须至少为 1。", "--limit must be at least 1.")
    with Store.open(args.db, read_only=True) as store:
        entries, total = account_log(store, limit=args.limit, logins=args.logins)
    lines = []
    for e in entries:
        zh, en = e.description()
        by_zh, by_en = (f"（操作人：{e.actor}）", f" (by {e.actor})") if e.actor and e.actor != e.account else ("", "")
        lines.append(f"{e.local_time()}  {e.account}  {zh}{by_zh} / {en}{by_en}")
    shown = "" if args.logins else "，不含成功的登录和解锁（加 --logins 列出）"
    shown_en = "" if args.logins else ", successful log-ins and unlocks left out (--logins lists them)"
    if len(entries) < total:
        more = f"账户记录共 {total} 条{shown}，列出最近 {len(entries)} 条（--limit 可改）。"
        more_en = f"{total} entries{shown_en}; the latest {len(entries)} listed (--limit changes it)."
    else:
        more, more_en = f"账户记录共 {total} 条{shown}。", f"{total} entries{shown_en}."
    emit(
        args,
        "\n".join([f"{more} / {more_en}", *lines]),
        {
            "ok": True,
            "total": total,
            "entries": [
                {
                    "at": e.at,
                    "local_time": e.local_time(),
                    "event": e.event,
                    "account": e.account,
                    "actor": e.actor,
                    "detail": e.detail,
                    "description": e.description()[0],
                    "description_en": e.description()[1],
                }
                for e in entries
            ],
        },
    )
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    """修改记录 of one household, newest first: who changed what, and when (`forms.household_history`)."""
    from .household_history import household_history
    from .questionnaire import load_active
    from .store import Store

    if args.limit < 1 or args.offset < 0:
        raise AnjuError(
            "--limit 至少为 1，--offset 不能为负。", "--limit must be at least 1 and --offset not negative."
        )
    with Store.open(args.db, read_only=True) as store:
        questionnaire = load_active(store)
        with store.engine.connect() as conn:  # one read transaction: the journal and the records as of one moment
            household = _one_household(conn, args.household)
            history = household_history(
                conn, household, questionnaire, offset=args.offset, limit=args.limit, full_numbers=args.full_ids
            )
    assert history is not None  # found just now, in the same transaction
    shown = len(history.lines)
    title_zh, title_en = history.title
    if shown < history.total:
        more = f"共 {history.total} 条，列出第 {args.offset + 1}–{args.offset + shown} 条（--offset、--limit 可改）"
        more_en = f"{history.total} entries, {args.offset + 1}–{args.offset + shown} listed (--offset, --limit)"
    else:
        more, more_en = f"共 {history.total} 条", f"{history.total} entries"
    masked = "" if args.full_ids else "；证件号码已脱敏（--full-ids 显示完整号码）"
    masked_en = "" if args.full_ids else "; ID numbers masked (--full-ids shows them whole)"
    lines = [
        f"{title_zh} 的修改记录，最新的在前，{more}{masked}。 / History of {title_en}, newest first, {more_en}"
        f"{masked_en}."
    ]
    lines.extend(line.text() for line in history.lines)
    emit(
        args,
        "\n".join(lines),
        {
            "ok": True,
            "household_id": history.household_id,
            "household": title_zh,
            "total": history.total,
            "offset": args.offset,
            "entries": [
                {
                    "seq": line.seq,
                    "at": line.at,
                    "local_time": line.when,
                    "who": line.who[0],
                    "who_en": line.who[1],
                    "action": line.action[0],
                    "action_en": line.action[1],
                    "record": line.what[0],
                    "record_en": line.what[1],
                    "changes": [
                        {"field": c.name, "label": c.label[0], "label_en": c.label[1], "old": c.old[0], "new": c.new[0]}
                        for c in line.changes
                    ],
                }
                for line in history.lines
            ],
        },
    )
    return EXIT_OK


def _one_household(conn: Connection, key: str) -> str:
    from .household_history import find_households

    found = find_households(conn, key)
    if not found:
        raise AnjuError(
            f"没有户编号为“{key}”的住户。请核对户编号（在住户列表的“户编号”一列）。",
            f"No household has the number “{key}”. Check it against the 户编号 column of the household list.",
        )
    if len(found) > 1:
        ids = "、".join(found)
        raise AnjuError(
            f"有 {len(found)} 户的户编号都是“{key}”，请改用其中一户的记录编号：{ids}。",
            f"{len(found)} households share the number “{key}”; give one of their record ids instead: {ids}.",
        )
    return found[0]


def add_passphrase_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        help="从文件第一行读备份口令；不写则会询问，口令不留在命令历史里 / read the backup passphrase from the "
        "file's first line; asked for when left out, so it stays out of the command history",
    )


def register(sub: Any) -> None:
    p = add_command(sub, "demo", cmd_demo, "写入演示数据 / write a demo county into a new database")
    p.add_argument(
        "--households", type=int, default=2000, help="户数（默认 2000）/ number of households (default 2000)"
    )
    p.add_argument("--db", required=True, help="要新建的数据库文件 / database file to create")
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        help="随机种子：种子相同，数据相同 / random seed: the same seed gives the same data",
    )
    p.add_argument(
        "--date", help="统计日期 YYYY-MM-DD，年龄按此推算（默认今天）/ survey date the ages refer to (default today)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="覆盖已有的文件（--county 时连同其工作站文件夹）/ replace an existing file (with --county, its stations' "
        "folder too)",
    )

    p = add_command(sub, "backup", cmd_backup, "备份数据库（加密）/ back up a database (checked, encrypted copy)")
    p.add_argument("--db", required=True, help="要备份的数据库文件 / database file to back up")
    p.add_argument("--out", required=True, help="要写入的备份文件或文件夹（U盘）/ backup file or folder to write")
    add_passphrase_file(p)
    p.add_argument(
        "--plain",
        action="store_true",
        help="不加密（只用于和笔记本一样安全的地方，不要用于U盘）/ not encrypted: only for a place as safe as the "
        "laptop, never a USB stick",
    )

    p = add_command(sub, "restore", cmd_restore, "从备份恢复 / restore a backup (the current database is kept aside)")
    p.add_argument("file", help="备份文件 / backup file")
    p.add_argument("--db", required=True, help="要恢复到的数据库文件 / database file to restore into")
    add_passphrase_file(p)

    p = add_command(
        sub,
        "audit",
        cmd_audit,
        "校验审计日志的哈希链，并核对每条记录与审计日志是否一致 / verify the audit log's hash chain and that every "
        "record is what the log says",
    )
    p.add_argument("--db", required=True, help="数据库文件 / database file")

    p = add_command(
        sub,
        "reset-password",
        cmd_reset_password,
        "重设忘记的密码（包括站长的）/ set a new password for a user who forgot it, the station admin included",
    )
    p.add_argument("username", help="用户名 / user name")
    p.add_argument("--db", required=True, help="数据库文件 / database file")

    p = add_command(
        sub,
        "account-log",
        cmd_account_log,
        "账户记录：谁在何时添加、停用、启用账号，重设或修改密码，以及输错的密码 / the accounts' log: who added, turned "
        "off or on an account, reset or changed a password, and when; and the wrong passwords",
    )
    p.add_argument("--db", required=True, help="数据库文件 / database file")
    p.add_argument("--limit", type=int, default=200, help="最多列出几条（默认 200）/ how many to list (default 200)")
    p.add_argument(
        "--logins",
        action="store_true",
        help="也列出每次成功的登录、解锁和换人登录 / list each successful log-in, unlock and switch too",
    )

    p = add_command(
        sub,
        "history",
        cmd_history,
        "修改记录：一户及其成员、就业、走访、帮扶措施的每一处修改，谁在何时改的 / a household's history: every "
        "change to it and to its members, jobs, visits and measures, who made it and when",
    )
    p.add_argument("--db", required=True, help="数据库文件 / database file")
    p.add_argument(
        "--household", required=True, help="户编号（或住户的记录编号）/ the household's 户编号 (or record id)"
    )
    p.add_argument("--limit", type=int, default=200, help="最多列出几条（默认 200）/ how many to list (default 200)")
    p.add_argument("--offset", type=int, default=0, help="跳过最新的几条 / skip this many of the newest")
    p.add_argument(
        "--full-ids",
        action="store_true",
        help="显示完整证件号码（默认脱敏，只显示首尾几位）/ show ID numbers whole (masked by default)",
    )

"""The headless sync commands: ``anju county …``, ``anju enrol`` and ``anju sync export|import|status``.

Examples::

    anju county init --db county.db --name 会泽县
    anju county site --db county.db --code S01 --name 幸福社区安置点
    anju enrol --db county.db --station 者海镇工作站 --sites S01,S02 --out zhehai.anju-station
    anju enrol --accept zhehai.anju-station --db station.db        (asks for the passphrase)
    anju sync export --db station.db --out E:\\
    anju sync import E:\\anju-者海镇工作站-0007-20261129.batch --db county.db
    anju sync import E:\\anju-者海镇工作站-0007-20261129.return --db station.db
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.commandline import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_command,
    command_actor,
    command_word,
    emit,
    failed,
    refuse_unwritable,
    refuse_unwritable_folder,
)
from forms.commands import add_passphrase_file
from forms.errors import AnjuError
from forms.shown_time import local_time

if TYPE_CHECKING:
    from .county_conflicts import ConflictInfo
    from .county_stations import StationInfo


def _user(args: argparse.Namespace) -> str:
    """Who the county command's change is journaled as: marked as the command line's (it asks no password, so
    --user or the Windows login is only a claim, never shown as an account's display name)."""
    return command_actor(args.user)


def _show(conflict: ConflictInfo, value: Any) -> str:
    """A conflict's value as the 冲突 page shows it: a site, household or member by what the clerk calls it
    (幸福社区（S1）, not its id); text in quotes, so that a space is seen."""
    from .county_words import value_text

    if conflict.field == "deleted_at":  # a delete against an edit
        return "保留（未删除）" if value is None else f"删除（{local_time(str(value))}）"
    if isinstance(value, str) and value in conflict.value_names:
        return conflict.value_names[value]
    return value_text(value) if value is None or isinstance(value, bool) else f"“{value_text(value)}”"


def _open(db: str, *, create: bool = False) -> Any:
    from forms.store import Store

    return Store.open(db, create=create)


def _open_to_read(db: str) -> Any:
    """The database a command only reads (a list, a status): readable on a CD or in a folder the clerk may only
    read, with nothing left beside it (`forms.read_only_open`)."""
    from forms.store import Store

    return Store.open(db, read_only=True)


def _open_to_write(db: str, *, create: bool = False) -> Any:
    """The database a command changes: refused first, saying why and what to do, when nothing could be saved to it
    (a read-only file, a write-protected stick), before files are read or anything asked (`forms.unwritable`)."""
    refuse_unwritable(db)
    return _open(db, create=create)


# ---- anju county ---------------------------------------------------------------------------------------------


def cmd_county_init(args: argparse.Namespace) -> int:
    from .enrolment import init_county

    with _open_to_write(args.db, create=True) as store:
        identity = init_county(store, args.name, args.server_url)
        where = str(store.location)  # a server URL without its password
    emit(
        args,
        f"已建立县级数据库 {where}：{identity.name}（编号 {identity.id}）。下一步：anju county site 添加安置点，"
        "anju enrol 登记工作站。",
        {"ok": True, "county_id": identity.id, "name": identity.name, "db": where},
    )
    return EXIT_OK


def cmd_county_site(args: argparse.Namespace) -> int:
    from .county_sites import add_site

    with _open_to_write(args.db) as store:
        site_id = add_site(store, args.code, args.name, _user(args), town=args.town, address=args.address)
    emit(args, f"已添加安置点 {args.code} {args.name}。", {"ok": True, "site_id": site_id, "code": args.code})
    return EXIT_OK


def cmd_county_server_url(args: argparse.Namespace) -> int:
    from .county_sites import set_server_url
    from .identity import require_county
    from .server_address import only_this_pc

    if args.url is not None and args.clear:
        raise AnjuError("给出新地址，或用 --clear 清除，二者选一。", "Give a new address or --clear, not both.")
    if args.url is not None or args.clear:
        refuse_unwritable(args.db)
    with _open(args.db) as store:
        if args.url is None and not args.clear:
            with store.engine.connect() as conn:
                url = require_county(conn, store).server_url
            shown = url or "未设置（工作站用U盘同步）"
            emit(args, f"县里服务器的地址：{shown}", {"ok": True, "server_url": url})
            return EXIT_OK
        url = set_server_url(store, None if args.clear else args.url)
    if url is None:
        text = "已清除县里服务器的地址。工作站导入下一个回执后改用U盘同步；此后的登记包也不再带服务器地址。"
    else:
        text = (
            f"县里服务器的地址已改为 {url}。此后的登记包都带这个地址；已登记的工作站导入下一个回执后"
            "（用U盘同步一次）就会连接这个地址。"
        )
        if only_this_pc(url):
            text += (
                "注意：这个地址只有县里这台电脑自己能连上，工作站连不上。请改用这台电脑在局域网里的 IP 地址"
                "（ipconfig 查看），并用 anju serve --host 0.0.0.0 启动服务器。"
            )
    emit(args, text, {"ok": True, "server_url": url})
    return EXIT_OK


def cmd_county_stations(args: argparse.Namespace) -> int:
    from forms.version import APP_VERSION

    from .county_stations import BEHIND, UNKNOWN, list_stations

    with _open_to_read(args.db) as store:
        stations = list_stations(store)
    lines = [
        f"{s.name}（{s.id}）安置点 {_site_names(s)}；{_station_version(s, APP_VERSION)}；{_batches(s)}；"
        f"最近回执 {local_time(s.last_return_at)}；待处理冲突 {s.open_conflicts}"
        + (f"；已停用（{s.revoked_reason}）" if s.revoked_at else "")
        for s in stations
    ]
    # Who still needs the installer, said once under the list (a revoked station gets nothing more anyway).
    in_use = [s for s in stations if s.revoked_at is None]
    if behind := [s.name for s in in_use if s.standing == BEHIND]:
        lines.append(f"需升级到安居 {APP_VERSION}（请带安装程序去）：{'、'.join(behind)}")
    if unknown := [s.name for s in in_use if s.standing == UNKNOWN]:
        lines.append(f"安居版本未知（县里升级后还没收到它们的批次，可能仍需升级）：{'、'.join(unknown)}")
    data = {
        "ok": True,
        "county_version": APP_VERSION,
        "stations": [{**asdict(s), "version_standing": s.standing} for s in stations],
    }
    emit(args, "\n".join(lines) or "尚未登记工作站。", data)
    return EXIT_OK


def _site_names(station: StationInfo) -> str:
    """幸福社区（S1）、新村（S2）: the names the clerk knows, with the codes ``anju enrol --sites`` takes."""
    return "、".join(
        name if name == code else f"{name}（{code}）"
        for code, name in zip(station.sites, station.site_names, strict=True)
    )


def _batches(station: StationInfo) -> str:
    """Up to which batch the county has the station's changes (its cursor, a change number on the station, says
    nothing to the clerk beside an import's "已应用 15 条变更": it is in the --json output)."""
    if not station.last_batch:
        return "尚未送来批次"
    return f"已收到第 {station.last_batch} 批及以前各批（最近导入 {local_time(station.last_import_at)}）"


def _station_version(station: StationInfo, county_version: str) -> str:
    """A station's Anju beside the county's, as the clerk reads it during an upgrade."""
    from .county_stations import AHEAD, BEHIND, UNKNOWN

    if station.standing == UNKNOWN:
        return "安居版本未知" if station.app_version is None else f"安居 {station.app_version}（无法识别的版本）"
    if station.standing == BEHIND and station.revoked_at is None:
        return f"安居 {station.app_version}，需升级到 {county_version}"
    if station.standing == AHEAD:
        return f"安居 {station.app_version}，比县里的 {county_version} 新，请升级县里的安居"
    return f"安居 {station.app_version}"


def cmd_county_revoke(args: argparse.Namespace) -> int:
    from .county_stations import revoke_station

    with _open_to_write(args.db) as store:
        info = revoke_station(store, args.station, _user(args), args.reason or "")
    emit(
        args,
        f"工作站已停用，现名“{info.name}”：县里不再接收它的批次，也不再为它写回执（U盘和联网都一样）。"
        "若该站换了电脑，请用 anju enrol 以原名重新登记，在新电脑上导入新的登记包。",
        {"ok": True, **asdict(info)},
    )
    return EXIT_OK


def cmd_county_open_backup(args: argparse.Namespace) -> int:
    """A station forgot its backup passphrase: the county opens the backup with the county's key and writes a copy
    the station restores from, encrypted again under a new passphrase (it goes back on a stick), or plain."""
    import tempfile

    from forms.backup import backup, open_sealed_backup, refuse_missing_backup
    from forms.commands import backup_passphrase

    from .identity import require_county

    with _open(args.db) as store, store.engine.connect() as conn:
        county = require_county(conn, store)
    refuse_missing_backup(Path(args.file))  # before the new passphrase is asked (it was a program error)
    refuse_unwritable_folder(args.out, ("备份", "the backup"))  # before the new passphrase is asked
    passphrase = None if args.plain else backup_passphrase(args, new=True)
    out = Path(args.out)
    if out.is_dir():
        out = out / (Path(args.file).stem + (".sqlite" if args.plain else "-reopened.anju-backup"))
    if args.plain:
        result = open_sealed_backup(Path(args.file), out, county_enc_private=county.enc_private)
    else:
        with tempfile.TemporaryDirectory(dir=Path(args.db).parent) as work:  # the county's disk, never the stick
            plain = open_sealed_backup(
                Path(args.file), Path(work) / "opened.sqlite", county_enc_private=county.enc_private
            )
            result = backup(plain.path, out, passphrase)
    emit(
        args,
        f"已打开备份 {args.file}，写出 {result.path}"
        + (
            "（未加密：请当面交给工作站，恢复后删除）。"
            if args.plain
            else "（已用新口令加密，请把新口令当面或电话告诉站长）。"
        )
        + f"工作站用 anju restore {command_word(result.path.name)} --db 数据库 恢复。",
        {"ok": True, "out": str(result.path), "bytes": result.size, "encrypted": not args.plain},
    )
    return EXIT_OK


def cmd_county_conflicts(args: argparse.Namespace) -> int:
    from forms.questionnaire import load_active

    from .county_conflicts import list_conflicts
    from .county_words import CONFLICT_STATUSES, field_names, field_words, record_words, value_en, value_labels, words

    with _open_to_read(args.db) as store:
        conflicts = list_conflicts(store, None if args.all else "open")
        questionnaire = load_active(store)
        names, labels = field_names(questionnaire), value_labels(questionnaire)
    said = [
        (
            words(CONFLICT_STATUSES, c.status),
            record_words(c.record_table, c.record),
            field_words(names, c.record_table, c.field),
        )
        for c in conflicts
    ]
    lines = [
        f"#{c.id} [{status[0]}] {c.household or '—'} {record[0]} · {field[0]}：县里 {_show(c, c.county_value)}，"
        f"工作站“{c.station_name}” {_show(c, c.station_value)}"
        for c, (status, record, field) in zip(conflicts, said, strict=True)
    ]
    data = [
        {
            **asdict(c),
            "record_label": record[0],
            # which record for the English interface: a job by its 就业形式's English label, as the 冲突 page says it
            "record_label_en": record_words(c.record_table, c.record_en)[1],
            "field_label": field[0],
            "field_label_en": field[1],
            # a value picked from a choice list, by the questionnaire's English label (就业形式 外出务工: Migrant …)
            **{
                f"{side}_value_en": value_en(labels, c.record_table, c.field, getattr(c, f"{side}_value"))
                for side in ("base", "county", "station", "resolved")
            },
        }
        for c, (_status, record, field) in zip(conflicts, said, strict=True)
    ]
    emit(args, "\n".join(lines) or "没有待处理的冲突。", {"ok": True, "conflicts": data})
    return EXIT_OK


def cmd_county_resolve(args: argparse.Namespace) -> int:
    from .county_conflicts import resolve_conflict

    # --take value without --value wrote an empty value (a program error on a household's 状态); --value without
    # --take value was dropped unsaid.
    if args.take == "value" and args.value is None:
        raise AnjuError(
            "--take value 要和 --value 一起用，写出要改成的值，例如 --take value --value 13912345678。冲突没有处理。",
            "--take value needs --value with the value to write, e.g. --take value --value 13912345678. The "
            "conflict was left open.",
        )
    if args.take != "value" and args.value is not None:
        raise AnjuError(
            f"--value 只和 --take value 一起用；--take {args.take} 不用它。请去掉 --value，或改用 --take value。"
            "冲突没有处理。",
            f"--value goes with --take value only, not --take {args.take}: leave it out, or use --take value. The "
            "conflict was left open.",
        )
    with _open_to_write(args.db) as store:
        rev = resolve_conflict(store, args.id, args.take, _user(args), note=args.note or "", value=args.value)
    taken = {"station": "采用工作站的值", "county": "保留县里的值", "value": f"改为“{args.value}”"}[args.take]
    emit(
        args,
        f"冲突 #{args.id} 已处理：{taken}。有关的工作站会在下次回执中收到结果。",
        {"ok": True, "id": args.id, "rev": rev},
    )
    return EXIT_OK


def cmd_county_duplicates(args: argparse.Namespace) -> int:
    from .duplicates import families_recorded_twice, list_duplicates

    with _open_to_read(args.db) as store:
        groups = list_duplicates(store)
        twins, untold = families_recorded_twice(store, groups)
    lines = [
        f"{g.id_number}: "
        + "；".join(f"{p.name} {p.household}（{p.station}，住户 {p.household_id}）" for p in g.people)
        for g in groups
    ]
    db = command_word(args.db)
    commands = [f"anju county merge-households {t.other} --keep-household {t.keep} --db {db}" for t in twins]
    if twins:
        lines.append(f"整户重复（同一户登记了两次，共 {len(twins)} 对）：核实后可整户合并，保留一户，另一户作废：")
    for twin, command in zip(twins, commands, strict=True):
        head = f"，户主 {twin.head}" if twin.head else ""
        lines.append(
            f"  {twin.keep_label}（住户 {twin.keep}{head}）与 {twin.other_label}（住户 {twin.other}），"
            f"{len(twin.id_numbers)} 个证件号码相同：{command}"
        )
    if twins:
        lines.append("（命令保留成员多的一户；要保留另一户，把两个住户编号对调。）")
    if untold:  # the same family, it seems, but a merge would have to guess who is who: say why none is offered
        lines.append(
            f"不能整户合并（共 {len(untold)} 对）：两户的成员都登记在另一户，可能是同一户登记了两次，"
            "但没有证件号码的成员分不清谁是谁（姓名里有外系统显示不了的字，如 ? 或 □，出生日期也相同或未填）："
        )
    for pair in untold:
        head = f"，户主 {pair.head}" if pair.head else ""
        lines.append(
            f"  {pair.one_label}（{pair.one_station}，住户 {pair.one}{head}）"
            f"与 {pair.other_label}（{pair.other_station}，住户 {pair.other}）："
            f"{'、'.join(pair.names)}"
        )
    if untold:
        lines.append(
            "请工作站在住户中把姓名改成完整的写法或补录证件号码；批次到了县里，这样的两户就列在“整户重复”里，"
            "可以整户合并。"
        )
    emit(
        args,
        "\n".join(lines) or "没有重复人员。",
        {
            "ok": True,
            "groups": [asdict(g) for g in groups],
            "twins": [{**asdict(t), "command": c} for t, c in zip(twins, commands, strict=True)],
            "untold": [asdict(u) for u in untold],
        },
    )
    return EXIT_OK


def cmd_county_merge(args: argparse.Namespace) -> int:
    from .duplicates import merge_duplicate

    with _open_to_write(args.db) as store:
        removed = merge_duplicate(store, args.id_number, args.keep_household, _user(args), args.note or "")
    emit(args, f"已合并 {args.id_number}：保留住户 {args.keep_household}，删除 {len(removed)} 条重复成员。",
         {"ok": True, "removed": removed})  # fmt: skip
    return EXIT_OK


def cmd_county_merge_households(args: argparse.Namespace) -> int:
    from .duplicates import merge_households

    with _open_to_write(args.db) as store:
        done = merge_households(store, args.keep_household, args.household, _user(args), args.note or "")
    text = (
        f"已整户合并：保留 {done.kept_label}（住户 {args.keep_household}），{done.voided_label}（住户 {done.voided}）"
        f"已作废。合并 {len(done.merged)} 人"
        + (f"，转入 {len(done.moved)} 人" if done.moved else "")
        + "；就业、走访和帮扶措施都转到保留的住户。有关的工作站会在下次回执中收到结果。"
    )
    emit(args, text, {"ok": True, "kept": args.keep_household, **asdict(done)})
    return EXIT_OK


def cmd_county_keep(args: argparse.Namespace) -> int:
    from .duplicates import keep_duplicate

    with _open_to_write(args.db) as store:
        keep_duplicate(store, args.id_number, args.reason, _user(args))
    emit(args, f"已保留 {args.id_number} 的所有住户（原因：{args.reason}）。", {"ok": True})
    return EXIT_OK


def cmd_county_review(args: argparse.Namespace) -> int:
    from .county_review import review_queue
    from .county_words import REVIEW_REASONS, words

    with _open_to_read(args.db) as store:
        items = review_queue(store)
    lines = [
        f"{i.household_id} {i.household} [{i.status}] {words(REVIEW_REASONS, i.reason)[0]}，"
        f"发现 {len(i.findings)} 个问题，冲突 {i.open_conflicts}"
        for i in items
    ]
    emit(args, "\n".join(lines) or "没有待审核的住户。", {"ok": True, "households": [asdict(i) for i in items]})
    return EXIT_OK


def cmd_county_approve(args: argparse.Namespace) -> int:
    from .county_review import approve_clean, approve_household

    if (args.household is None) == (not args.all_clean):
        raise AnjuError(
            "请给出一个住户编号，或用 --all-clean 批量审核通过没有问题的已完成住户（两者选一）。",
            "Give one household id, or --all-clean to approve every completed household with no problem (not both).",
        )
    if args.all_clean:
        with _open_to_write(args.db) as store:
            done = approve_clean(store, _user(args))
        text = f"已审核通过 {done.approved} 户。" + (
            f"另有 {done.left} 户留待逐户审核：未标记已完成 {done.not_complete} 户，有冲突 {done.with_conflicts} 户，"
            f"检查发现问题 {done.with_findings} 户（anju county review 列出）。"
            if done.left
            else ""
        )
        emit(args, text, {"ok": True, **asdict(done), "left": done.left})
        return EXIT_OK
    with _open_to_write(args.db) as store:
        approve_household(store, args.household, _user(args), args.comment or "")
    emit(args, f"住户 {args.household} 已审核通过。", {"ok": True})
    return EXIT_OK


def cmd_county_return(args: argparse.Namespace) -> int:
    from .county_review import return_household

    with _open_to_write(args.db) as store:
        return_household(store, args.household, _user(args), args.comment)
    emit(args, f"住户 {args.household} 已退回，意见会随下次回执到达工作站。", {"ok": True})
    return EXIT_OK


def cmd_county_return_file(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from forms.sync_records import SyncStation

    from .county_return import write_return_file
    from .return_names import written_words

    station = args.station.strip()  # as enrolment keeps the name: a space pasted after it found no station
    with _open_to_write(args.db) as store:
        with store.engine.connect() as conn:
            station_id = conn.execute(
                select(SyncStation.id).where((SyncStation.name == station) | (SyncStation.id == station))
            ).scalar()
        if station_id is None:
            raise AnjuError(
                f"没有名为“{station}”的工作站（anju county stations 列出全部）。",
                f"No station named “{station}” (anju county stations lists them).",
            )
        path, made = write_return_file(store, station_id, Path(args.out))
    said = written_words(path, made.replaced, made.batch_no)[0]
    emit(
        args,
        f"{said}，共 {made.manifest.total} 条记录。",
        {"ok": True, "path": str(path), "replaced": [str(p) for p in made.replaced]},
    )
    return EXIT_OK


# ---- anju demo --county ----------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    """``anju demo``: a station-like demo database, or with ``--county`` a demo county made the real way."""
    from forms.commands import DEMO_PASSWORD, cmd_demo, demo_target, refuse_unless_demo

    if not args.county:
        return cmd_demo(args)
    from .county_demo import (
        CLERK,
        FEWEST_HOUSEHOLDS,
        STATION_ACCOUNTS,
        remove_county_demo,
        stations_folder,
        write_county_demo,
    )

    if args.households < FEWEST_HOUSEHOLDS:  # fewer, and a station may have nobody to show a conflict with
        raise AnjuError(
            f"演示县至少要 {FEWEST_HOUSEHOLDS} 户（--households），三个工作站才都有住户可看。",
            f"A demo county needs at least {FEWEST_HOUSEHOLDS} households (--households), so each of its three "
            "stations has some.",
        )
    folder = stations_folder(Path(args.db))
    if folder.exists() and not args.force:
        raise AnjuError(
            f"“{folder}”已存在（另一个演示县的工作站）。请换一个文件名，或加 --force 覆盖。",
            f"“{folder}” already exists (another demo county's stations). Pick another name or add --force.",
        )
    if folder.is_dir():  # only with --force: a demo county's stations, or refused
        for station in sorted(folder.glob("*.db")):
            refuse_unless_demo(station)
    db, today = demo_target(args)
    remove_county_demo(db)  # its stations' folder, with --force (demo_target removed the database)
    try:
        made = write_county_demo(db, args.households, seed=args.seed, today=today)
    except BaseException:
        remove_county_demo(db)  # half a demo county is no use, and would stop the next try
        raise
    stations = "；".join(
        f"{s.name}（{'、'.join(s.sites)}，{s.households} 户，已送 {s.batches} 批）" for s in made.stations
    )
    emit(
        args,
        f"演示县已写入 {db}：{made.households} 户，工作站 {len(made.stations)} 个：{stations}。"
        f"冲突 {made.conflicts} 处，重复人员 {made.duplicates} 人，"
        f"待审核 {made.to_review} 户，已审核 {made.approved} 户，用时 {made.seconds:.1f} 秒。"
        f"县级账号 {CLERK}，密码 {DEMO_PASSWORD}。各工作站的数据库在 {folder}"
        f"（账号 {'、'.join(username for username, _, _ in STATION_ACCOUNTS)}，密码相同）。",
        {
            "ok": True,
            "db": str(db),
            "stations_folder": str(folder),
            "stations": [{**asdict(s), "db": str(s.db)} for s in made.stations],
            "households": made.households,
            "conflicts": made.conflicts,
            "duplicates": made.duplicates,
            "to_review": made.to_review,
            "approved": made.approved,
            "seconds": round(made.seconds, 3),
            "seed": args.seed,
        },
    )
    return EXIT_OK


def _add_county_demo(sub: Any) -> None:
    """Add ``--county`` to ``anju demo``; call after `forms.commands.register` made ``demo`` (a county is sync's to
    make, and forms does not import sync)."""
    demo = sub.choices["demo"]
    demo.add_argument(
        "--county",
        action="store_true",
        help="演示县：县级数据库和三个工作站（在 DB 旁的 NAME.stations 文件夹），按实际流程登记、送批次、审核，"
        "县级页面都有内容 / a demo county: the county database and three stations (in NAME.stations beside it), "
        "enrolled, synced and reviewed the real way, so every county page has something to show",
    )
    demo.set_defaults(handler=cmd_demo)


# ---- anju enrol -----------------------------------------------------------------------------------------------


def cmd_enrol(args: argparse.Namespace) -> int:
    if args.accept:
        return _accept(args)
    missing = [
        flag for flag, value in (("--station", args.station), ("--sites", args.sites), ("--out", args.out)) if not value
    ]
    if missing:
        raise AnjuError(
            f"登记工作站需要 {' '.join(missing)}。导入登记包则用 --accept 登记包。",
            f"Enrolling a station needs {' '.join(missing)}. To accept a package, use --accept PACKAGE.",
        )
    from .enrolment import enrol_station

    out = Path(args.out)
    if args.out.endswith(("/", "\\")) and not out.is_dir():  # a folder meant (E:\ not plugged in, a typo)
        raise AnjuError(
            f"文件夹“{args.out}”不存在。请确认U盘已插好，或选择一个已有的文件夹。",
            f"The folder “{args.out}” does not exist. Check that the USB stick is plugged in, or pick an existing "
            "folder.",
        )
    with _open_to_write(args.db) as store:
        made = enrol_station(store, args.station, args.sites.split(","), out, _user(args))
    emit(
        args,
        f"已为工作站“{made.station_name}”写出登记包 {made.path}。一次性口令（只显示这一次，请另行告知站长）："
        f"{made.passphrase}",
        {"ok": True, "station_id": made.station_id, "path": str(made.path), "passphrase": made.passphrase},
    )
    return EXIT_OK


def _accept(args: argparse.Namespace) -> int:
    from .enrolment import accept_package

    refuse_unwritable(args.db)  # before the passphrase is asked
    passphrase = args.passphrase
    if not passphrase:
        if not sys.stdin.isatty():
            raise AnjuError("请用 --passphrase 给出县里告知的口令。", "Give the county's passphrase with --passphrase.")
        passphrase = getpass.getpass("口令 / passphrase: ")
    new = not Path(args.db).exists()
    try:
        with _open(args.db, create=True) as store:
            done = accept_package(store, Path(args.accept), passphrase, force=args.force)
    except AnjuError:
        if new:  # a mistyped package or passphrase leaves no empty database behind to be taken for the station's
            for suffix in ("", "-wal", "-shm"):
                Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        raise
    package = Path(args.accept).name
    keys = f"本站已生成自己的密钥，登记包文件“{package}”已经没有用处：请把它从U盘上删除。"
    if not done.own_keys:
        keys = (
            "县里的安居版本较旧，还不支持工作站自己的密钥：本站沿用登记包里的密钥，县里才能读本站的批次。"
            f"请立即把登记包文件“{package}”从U盘上删除（拿到它和口令的人可以冒充本站）；"
            "县里把安居升级后，可以重新登记本站，换成本站自己的密钥。"
        )
    emit(
        args,
        f"登记完成：本数据库现为“{done.county_name}”的工作站“{done.station_name}”，服务安置点 {','.join(done.sites)}。"
        f"{keys}"
        f"下一步：导入本站安置点的住户花名册（anju import-roster 花名册.xlsx --db {command_word(args.db)}，"
        "或在程序的“导入导出”里导入；没有花名册也可以在“住户”里逐户新增），在“设置”里为采集员添加账号，然后就可以入户采集了。",
        {
            "ok": True,
            "station_id": done.station_id,
            "sites": done.sites,
            "adopted": done.adopted,
            "own_keys": done.own_keys,
        },
    )
    return EXIT_OK


# ---- anju sync ------------------------------------------------------------------------------------------------


def cmd_sync_export(args: argparse.Namespace) -> int:
    from .outbox import export_batch

    refuse_unwritable_folder(args.out, ("批次", "the batch"))  # a write-protected stick
    with _open_to_write(args.db) as store:
        result = export_batch(store, Path(args.out))
    emit(
        args,
        result.message()[0],
        {
            "ok": True,
            "path": str(result.path),
            "batch_no": result.manifest.batch_no,
            "changes": result.manifest.total,
            "first_seq": result.manifest.first_seq,
            "last_seq": result.manifest.last_seq,
        },
    )
    return EXIT_OK


def cmd_sync_import(args: argparse.Namespace) -> int:
    from .importing import import_files
    from .return_names import written_words

    with _open_to_write(args.db) as store:
        report = import_files(store, [Path(f) for f in args.files], Path(args.out) if args.out else None)
    lines = [r.message()[0] for r in report.files if r.error is None]
    lines += [written_words(path, made.replaced, made.batch_no)[0] for path, made in report.returns]
    errors = [r.error for r in report.refused if r.error is not None] + list(report.unwritten)
    data = {
        "ok": not errors,
        "files": [
            {"file": str(r.path), "ok": r.error is None, "message": r.message()[0], "message_en": r.message()[1]}
            for r in report.files
        ],
        "returns": [str(path) for path, _ in report.returns],
        "returns_replaced": [str(old) for _, made in report.returns for old in made.replaced],
        "returns_not_written": [{"message": e.zh, "message_en": e.en} for e in report.unwritten],
    }
    if errors:
        data = failed(data, "\n".join(e.zh for e in errors), "\n".join(e.en for e in errors))
    emit(args, "\n".join(lines), data)
    for error in errors:
        print(f"错误：{error.zh}\nError: {error.en}", file=sys.stderr)
    return EXIT_BAD_INPUT if errors else EXIT_OK


def cmd_sync_status(args: argparse.Namespace) -> int:
    from .outbox import station_status

    with _open_to_read(args.db) as store:
        status = station_status(store)
    emit(
        args,
        f"工作站“{status.station_name}”：{status.pending} 条变更待发送；下一批为第 {status.next_batch} 批；"
        f"最近导出 {local_time(status.last_export_at)}，最近回执 {local_time(status.last_return_at)}。",
        {"ok": True, **asdict(status)},
    )
    return EXIT_OK


def _nested(sub: Any, name: str, help_: str) -> Any:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_, description=help_)
    nested = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
    return nested


COUNTY_DB = "县级数据库文件 / the county database file"
STATION_DB = "工作站数据库文件 / the station's database file"
USER = "记入审计日志的操作人（默认当前系统用户）/ who is doing it, for the audit log (default: the system user)"
ID_NUMBER = "重复的身份证号 / the ID number found twice"
HOUSEHOLD = "住户编号（见 anju county review）/ the household's id (see anju county review)"


def register(sub: Any) -> None:
    _add_county_demo(sub)
    county = _nested(sub, "county", "县级管理 / county: init, sites, stations, conflicts, duplicates, review")
    p = add_command(county, "init", cmd_county_init, "建立县级数据库 / make this database the county")
    p.add_argument("--db", required=True, help="要建立的县级数据库文件 / the county database file to make")
    p.add_argument("--name", required=True, help="县名，例如 会泽县 / the county's name")
    p.add_argument(
        "--server-url", help="县级服务器的地址，写入登记包 / the county server's address, given to stations in packages"
    )
    p = add_command(
        county,
        "server-url",
        cmd_county_server_url,
        "查看或修改县里服务器的地址（工作站在下一个回执里收到）/ show or change the county server's address "
        "(stations receive it with their next return file)",
    )
    p.add_argument("url", nargs="?", help="新地址，例如 http://192.168.1.20:8470 / the new address")
    p.add_argument("--clear", action="store_true", help="不再使用服务器（只用U盘同步）/ no server: USB only")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p = add_command(county, "site", cmd_county_site, "添加安置点 / add a site")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--code", required=True, help="安置点代码，例如 S01 / the site's code")
    p.add_argument("--name", required=True, help="安置点名称 / the site's name")
    p.add_argument("--town", help="所在乡镇 / town")
    p.add_argument("--address", help="地址 / address")
    p.add_argument("--user", help=USER)
    p = add_command(county, "stations", cmd_county_stations, "工作站列表 / stations, last batch and cursor")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p = add_command(
        county,
        "revoke",
        cmd_county_revoke,
        "停用工作站：不再接收它的批次、不再为它写回执（电脑丢失时）/ revoke a station: its batches are refused and no "
        "return file is written for it (a lost laptop)",
    )
    p.add_argument("station", help="工作站名称或编号 / the station's name or id")
    p.add_argument("--reason", required=True, help="停用原因 / why, e.g. 笔记本电脑丢失")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--user", help=USER)
    p = add_command(
        county,
        "open-backup",
        cmd_county_open_backup,
        "用县级密钥打开工作站的加密备份（站长忘记口令时）/ open a station's encrypted backup with the county's key "
        "(the station forgot its passphrase)",
    )
    p.add_argument("file", help="工作站的加密备份 / the station's encrypted backup")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--out", required=True, help="写给工作站的备份文件或文件夹 / backup file or folder for the station")
    add_passphrase_file(p)
    p.add_argument(
        "--plain",
        action="store_true",
        help="写出未加密的副本，不设新口令 / write a plain copy, with no new passphrase",
    )
    p = add_command(county, "conflicts", cmd_county_conflicts, "冲突列表 / open conflicts with both values")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--all", action="store_true", help="包括已处理的 / resolved ones too")
    p = add_command(county, "resolve", cmd_county_resolve, "处理冲突 / resolve a conflict")
    p.add_argument("id", type=int, help="冲突编号（见 anju county conflicts）/ the conflict's number")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument(
        "--take",
        required=True,
        choices=("station", "county", "value"),
        help="采用工作站的值、保留县里的值，或改为 --value / take the station's value, keep the county's, or --value",
    )
    p.add_argument("--value", help="与 --take value 一起：要写入的值 / the value to write, with --take value")
    p.add_argument("--note", help="说明 / why")
    p.add_argument("--user", help=USER)
    p = add_command(
        county,
        "duplicates",
        cmd_county_duplicates,
        "重复人员；同一户登记了两次的，列出两户和整户合并的命令 / one ID number in two live households; a family "
        "recorded twice is named, with the command that merges it",
    )
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p = add_command(
        county,
        "merge",
        cmd_county_merge,
        "合并重复人员：只保留一户中的此人，其就业和帮扶措施随之转入 / keep the person in one household only; "
        "their jobs and measures move with them",
    )
    p.add_argument("id_number", help=ID_NUMBER)
    p.add_argument("--keep-household", required=True, help="保留此人的住户编号 / the household that keeps the person")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--note", help="说明 / why")
    p.add_argument("--user", help=USER)
    p = add_command(
        county,
        "merge-households",
        cmd_county_merge_households,
        "整户合并：同一户登记了两次（anju county duplicates 列出），保留一户，另一户的成员、就业、走访和帮扶措施并入，"
        "另一户作废 / one family recorded as two households: keep one; the other's members, jobs, visits and "
        "measures join it and it is voided",
    )
    p.add_argument("household", help="要并入并作废的住户编号 / the household to merge in and void")
    p.add_argument("--keep-household", required=True, help="保留的住户编号 / the household that stays")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--note", help="说明，写入作废原因 / why, written into the void reason")
    p.add_argument("--user", help=USER)
    p = add_command(county, "keep", cmd_county_keep, "保留重复人员 / keep both, with a reason")
    p.add_argument("id_number", help=ID_NUMBER)
    p.add_argument("--reason", required=True, help="保留的原因 / why both are kept")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--user", help=USER)
    p = add_command(county, "review", cmd_county_review, "待审核住户 / households to review")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p = add_command(county, "approve", cmd_county_approve, "审核通过 / approve a household")
    p.add_argument("household", nargs="?", help=HOUSEHOLD)
    p.add_argument(
        "--all-clean",
        action="store_true",
        help="批量审核通过：待审核住户中已完成、没有冲突、检查没有发现问题的全部通过 / approve every completed "
        "household on the queue with no conflict and no finding",
    )
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--comment", help="审核意见 / comment")
    p.add_argument("--user", help=USER)
    p = add_command(county, "return", cmd_county_return, "退回住户 / return a household with a comment")
    p.add_argument("household", help=HOUSEHOLD)
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--comment", required=True, help="退回意见，随回执到达工作站 / why, sent to the station")
    p.add_argument("--user", help=USER)
    p = add_command(county, "return-file", cmd_county_return_file, "写出回执 / write a station's return file now")
    p.add_argument("--db", required=True, help=COUNTY_DB)
    p.add_argument("--station", required=True, help="工作站名称或编号 / the station's name or id")
    p.add_argument("--out", required=True, help="写入回执的文件夹 / folder to write it in")

    p = add_command(sub, "enrol", cmd_enrol, "登记工作站 / enrol a station (county) or accept a package (station)")
    p.add_argument("--db", required=True, help="县级或工作站数据库文件 / the county's or the station's database file")
    p.add_argument("--station", help="工作站名称（县里）/ station name (county)")
    p.add_argument("--sites", help="服务的安置点代码，逗号分隔（县里）/ site codes it serves, comma-separated (county)")
    p.add_argument(
        "--out",
        help="要写出的登记包文件，或文件夹（如U盘，文件以工作站名称命名）（县里）/ package file to write, or a folder "
        "such as the USB stick, where it is named after the station (county)",
    )
    p.add_argument("--accept", metavar="PACKAGE", help="导入这个登记包（工作站）/ accept this package (station)")
    p.add_argument(
        "--passphrase",
        help="登记包的一次性口令（工作站）；不写则会询问，口令不留在命令历史里 / the package's one-time passphrase "
        "(station); leave it out to be asked, so it stays out of the shell history",
    )
    p.add_argument("--force", action="store_true", help="替换本站的身份（工作站）/ replace this station's identity")
    p.add_argument("--user", help=USER)

    sync = _nested(sub, "sync", "同步 / sync: export, import, status, push")
    p = add_command(sync, "export", cmd_sync_export, "导出批次 / export every unacknowledged change, sealed")
    p.add_argument("--db", required=True, help=STATION_DB)
    p.add_argument("--out", required=True, help="写入批次的文件夹，例如U盘 / folder, e.g. the USB stick")
    p = add_command(sync, "import", cmd_sync_import, "导入 / import batches (county) or return files (station)")
    p.add_argument("files", nargs="+", metavar="FILE", help="批次文件或回执文件 / batch or return files")
    p.add_argument("--db", required=True, help="县级或工作站数据库文件 / the county's or the station's database file")
    p.add_argument(
        "--out",
        help="写入回执的文件夹（县里；默认放在批次旁边）/ folder for return files (county; default: beside each batch)",
    )
    p = add_command(sync, "status", cmd_sync_status, "同步状态 / pending changes and last exchange")
    p.add_argument("--db", required=True, help=STATION_DB)

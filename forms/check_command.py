"""``anju check --db PATH [--json] [--date YYYY-MM-DD]``: every finding in a database, grouped by rule.

On an enrolled station the households 已迁出 (moved to a site another station serves, `forms.station_sites`) are
left out, as from its lists: the summary says how many (``moved_away`` in ``--json``).

Members, spells, visits and measures whose household (a spell's member) row is missing — a damaged file, or one
edited outside Anju — are listed first, each an error, with what to do (`forms.lost_records`; ``lost`` in
``--json``): nothing else in Anju reaches them, so a check that said nothing would tell the worker all is well.

The findings are the rules' (`forms.rules`) and the questionnaire's field checks (`forms.fieldchecks`), grouped by
rule code and severity (a field constraint may be a warning: its errors and warnings are two groups). In ``--json``
each finding names its household, member, record and fields, and carries its own ``code`` and ``severity``.

Exit codes (`forms.commandline`): 0 when no error is open (warnings are allowed), 1 when there are open errors,
2 on bad input — a missing file, a file that is not an Anju database, a database made by a newer program, a bad
date — with the message `Store.open` or this module gives, in 中文 then English.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .commandline import EXIT_FOUND, EXIT_OK, add_command, failed
from .errors import AnjuError
from .findings import names

if TYPE_CHECKING:  # the checker is imported when the command runs, so the CLI and the app start fast
    from .check import CheckReport, Entry

SEVERITY_ZH = {"error": "错误", "warning": "警告"}
LOST_LISTED = 50  # records of a lost household listed in the text; --json lists them all


def run_check(db: Path, on: date | None, *, connections: int | None = None) -> CheckReport:
    """Open an existing database (never create one) and check it with its own rule settings (``connections``:
    see `forms.check.check_database`) on ``on``; None is today, refused when the computer's date cannot be right
    (`forms.clock`): thousands of "born after today" findings would tell the worker nothing."""
    from .check import check_database
    from .clock import command_today
    from .settings import load_settings
    from .store import Store

    with Store.open(db, read_only=True) as store:
        if on is None:
            with store.engine.connect() as conn:
                on = command_today(conn)
        return check_database(store, load_settings(store), on, connections=connections)


def parse_date(text: str | None) -> date | None:
    """The --date given, or None for today."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise AnjuError(
            f"--date “{text}” 不是有效日期，请写成 YYYY-MM-DD（例如 2026-11-29）。",
            f"--date “{text}” is not a date; write it as YYYY-MM-DD (e.g. 2026-11-29).",
        ) from exc


def _where(entry: Entry) -> str:
    """户编号，楼栋门牌，户主 — and the member when the finding is about one and does not name them itself."""
    parts = [
        f"户编号{entry.hh_number}" if entry.hh_number else "无户编号",
        entry.address or "无门牌",
        f"户主{entry.head_name}" if entry.head_name else "无户主",
    ]
    member = entry.member_name
    if member and entry.finding.record_table != "households" and member not in entry.finding.zh:
        parts.append(f"成员{member}")
    return "，".join(parts)


def _what(entry: Entry) -> str:
    """The message; for a field check whose message does not name its question, the question first."""
    label = entry.field_label
    if label and not names(entry.finding.zh, label[0]):
        return f"“{label[0]}”：{entry.finding.zh}"
    return entry.finding.zh


def summary(report: CheckReport) -> tuple[str, str]:
    zh = (
        f"已检查 {report.households} 户（{report.on.isoformat()}）：错误 {report.errors} 条，"
        f"警告 {report.warnings} 条，已接受 {report.accepted} 条。"
    )
    en = (
        f"Checked {report.households} households ({report.on.isoformat()}): {report.errors} errors, "
        f"{report.warnings} warnings, {report.accepted} accepted."
    )
    if report.lost:
        zh += f"其中 {len(report.lost)} 条是记录所属的户或成员在数据库里不存在（见最前面）。"
        en += f" {len(report.lost)} of the errors are records whose household or member is missing (listed first)."
    if report.odd:
        zh += f"其中 {len(report.odd)} 条是数据库里安居不会写出的值（见最前面）。"
        en += f" {len(report.odd)} of the errors are stored values Anju never writes (listed first)."
    if report.moved_away:  # so that the figures add up to the households held here
        zh += (
            f"另有 {report.moved_away} 户已迁出（在别的工作站服务的安置点，由该工作站跟进，本站只能查看），"
            "没有检查，不计入以上数字。"
        )
        en += (
            f" {report.moved_away} more households moved away (to sites another station serves, which follows them "
            "up; here they can only be viewed): not checked, and not in these figures."
        )
    if report.errors:
        zh += "有错误的户不能标记为“已完成”，请改正。"
        en += " Households with errors cannot be marked complete; correct them."
    return zh, en


def lost_lines(report: CheckReport) -> list[str]:
    """The records whose household or member is missing, headed as a rule group, and what to do."""
    from .lost_records import ADVICE, TITLE

    return _group_lines(TITLE, [record.line() for record in report.lost], ADVICE)


def _group_lines(title: tuple[str, str, str], lines: list[str], advice: tuple[str, str]) -> list[str]:
    """A group of errors the rules do not make, said as a rule's are: its heading with the count, the first
    `LOST_LISTED` lines (the rest are in --json), and what to do in 中文 and English."""
    if not lines:
        return []
    zh, en, code = title
    said = [f"【错误】{zh} / {en} [{code}]：{len(lines)} 条"]
    said += [f"  {line}" for line in lines[:LOST_LISTED]]
    if len(lines) > LOST_LISTED:
        said.append(f"  还有 {len(lines) - LOST_LISTED} 条（--json 列出全部）")
    return [*said, f"  {advice[0]}", f"  {advice[1]}"]


#: The values Anju never writes, headed as a rule group, and what to do (`odd_lines`).
ODD_TITLE = ("数据库里有安居不会写出的值", "Stored values Anju never writes", "records.unreadable")
ODD_ADVICE = (
    "这些值不是安居写出的（数据库文件可能在安居之外被改过），读不出来：导出的表按原样写出，算年龄、劳动力、就业等数字时"
    "读不出的日期按未填处理，工作台上的数字可能因此与汇总表不同。请运行 anju audit --db 数据库文件 查看这些记录是谁、"
    "何时在安居之外改的，再从备份恢复（anju restore）或请县里处理；改正后再运行 anju check。",
    "These values were not written by Anju (the file was probably edited outside it) and cannot be read: exports "
    "write them as stored, a date that cannot be read counts as not filled in for ages, labour and employment, and "
    "the 工作台's figures may differ from the 汇总表's because of them. Run anju audit --db FILE to see who changed "
    "these records outside Anju and when, then restore a backup (anju restore) or ask the county, and run anju "
    "check again.",
)


def odd_lines(report: CheckReport) -> list[str]:
    """The values Anju never writes, whose each is (户编号, member, field, value as stored), and what to do."""
    return _group_lines(ODD_TITLE, [value.line() for value in report.odd], ODD_ADVICE)


def render_text(report: CheckReport) -> str:
    lines = lost_lines(report) + odd_lines(report)
    for group in report.groups:
        rule = group.rule
        accepted = f"（其中已接受 {group.accepted} 条）" if group.accepted else ""
        lines.append(
            f"【{SEVERITY_ZH[rule.severity]}】{rule.zh} / {rule.en} [{rule.code}]：{len(group.entries)} 条{accepted}"
        )
        for entry in group.entries:
            mark = "（已接受）" if entry.finding.accepted else ""
            lines.append(f"  {_where(entry)}：{_what(entry)}{mark}")
    lines.extend(summary(report))
    return "\n".join(lines)


def as_json(report: CheckReport, db: Path | None = None) -> dict[str, Any]:
    zh, en = summary(report)
    data = {
        "ok": report.ok,
        "db": str(db) if db else None,
        "date": report.on.isoformat(),
        "households": report.households,
        "moved_away": report.moved_away,
        "lost": [record.to_json() for record in report.lost],
        "odd_values": [value.to_json() for value in report.odd],
        "errors": report.errors,
        "warnings": report.warnings,
        "accepted": report.accepted,
        "summary": zh,
        "summary_en": en,
        "rules": [
            {
                "code": g.rule.code,
                "severity": g.rule.severity,
                "title": g.rule.zh,
                "title_en": g.rule.en,
                "overridable": g.rule.overridable,
                "open": g.open,
                "accepted": g.accepted,
                "findings": [_entry_json(e) for e in g.entries],
            }
            for g in report.groups
        ],
    }
    return data if report.ok else failed(data, zh, en)


def _entry_json(entry: Entry) -> dict[str, Any]:
    f = entry.finding
    return {
        "household_id": f.household_id,
        "hh_number": entry.hh_number,
        "address": entry.address,
        "head_name": entry.head_name,
        "site": entry.site_name,
        "member_id": f.member_id,
        "member_name": entry.member_name,
        "record_table": f.record_table,
        "record_id": f.record_id,
        "fields": list(f.fields),
        "field_label": entry.field_label[0] if entry.field_label else None,
        "field_label_en": entry.field_label[1] if entry.field_label else None,
        "code": f.code,
        "severity": f.severity,
        "message": f.zh,
        "message_en": f.en,
        "accepted": f.accepted,
    }


def cmd_check(args: argparse.Namespace) -> int:
    on = parse_date(args.date)
    db = Path(args.db)
    report = run_check(db, on)
    if args.json:
        print(json.dumps(as_json(report, db), ensure_ascii=False, sort_keys=True, default=str))
    else:
        print(render_text(report))
    return EXIT_OK if report.ok else EXIT_FOUND


def register(sub: Any) -> None:
    p = add_command(sub, "check", cmd_check, "检查全部住户 / check every household against the rules")
    p.add_argument("--db", required=True, help="要检查的数据库文件 / database file to check")
    p.add_argument(
        "--date",
        help="统计日期 YYYY-MM-DD，年龄和务工按此推算（默认今天）/ survey date that ages and employment refer to "
        "(default today)",
    )

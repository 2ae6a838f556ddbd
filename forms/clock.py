"""Whether the computer's date can be today's, and what says it cannot.

Anju reads today's date from the computer everywhere: ages (labour age, 两后生), the "born after today" ID check,
the 零就业 and subsidy lists, the dates a new visit or job starts with, the backups' names. An old station laptop
with a flat clock battery wakes from a power cut in 2009; then every child's ID number is "born after today" and
nobody is of working age. Nothing on the laptop can say what today is, but two things say what it cannot be:

- this program was released on `forms.version.RELEASED_ON`, so today is no earlier;
- every change recorded in this database was recorded on or before today (journal ``at``, UTC).

A day is allowed either way for time zones (the journal keeps UTC, the date is local). A clock that is ahead
cannot be told here; the county's import (`batch_clock_problem`) and the online sync (`server_clock_problem`),
which see another computer's clock, say so.

A clock that *was* ahead leaves changes dated in the future; once it is put right, those changes would make
today look impossible until that future day. So whoever is sure the date is right confirms it
(`confirm_today`): the changes recorded until then no longer count, the program's release date still does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from .errors import AnjuError
from .records import JournalEntry, Setting
from .version import RELEASED_ON

#: Time zones: the journal's times are UTC, today is the computer's local date.
SLACK = timedelta(days=1)
#: The settings key of the last confirmation that the date is right: {"seq": journal seq, "on": ISO date}.
CONFIRMED_KEY = "clock_confirmed"

#: How to put the date right, on the station laptops' Windows.
HOW_TO_FIX = (
    "请改正电脑的日期：Windows 设置 → 时间和语言 → 日期和时间，打开“自动设置时间”（需联网），或关掉它后点“更改”"
    "手动改为今天。",
    "Put the computer's date right: Windows Settings → Time & language → Date & time, turn on “Set time "
    "automatically” (needs the internet), or turn it off and press “Change” to set today's date by hand.",
)
WHAT_GOES_WRONG = (
    "日期不对时，年龄、劳动力和两后生会算错，很多证件号码会被当成“出生日期晚于今天”，零就业和补贴名单会不准，"
    "新走访、新就业的日期和修改时间也会记错。",
    "With a wrong date, ages, labour and 两后生 come out wrong, many ID numbers look “born after today”, the "
    "零就业 and subsidy lists are off, and new visits, jobs and change times are recorded with the wrong date.",
)


def computer_today() -> date:
    """The computer's local date: what every "today" in Anju is, and what this module doubts."""
    return date.today()


def computer_now() -> datetime:
    """The computer's time, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class ClockDoubt:
    """The computer says ``today``, but ``known`` (a date that has certainly come) is later."""

    today: date
    known: date
    because_zh: str
    because_en: str

    def message(self) -> tuple[str, str]:
        """What to show the person: the date, why it cannot be right, what it gets wrong, how to fix it."""
        return (
            f"电脑的日期是 {self.today.isoformat()}，这不可能是今天：{self.because_zh}。"
            f"{WHAT_GOES_WRONG[0]}{HOW_TO_FIX[0]}",
            f"The computer's date is {self.today.isoformat()}, which cannot be today: {self.because_en}. "
            f"{WHAT_GOES_WRONG[1]} {HOW_TO_FIX[1]}",
        )


def doubt_today(conn: Connection, today: date | None = None) -> ClockDoubt | None:
    """Why ``today`` (the computer's date unless given) cannot be right, or None when nothing says so. Of the
    dates known to have come, the latest is named: it is the best guess of today."""
    today = today or computer_today()
    seq, confirmed_on = _confirmed(conn)
    newest = _day(conn.execute(select(func.max(JournalEntry.at)).where(JournalEntry.seq > seq)).scalar())
    known = [
        (
            RELEASED_ON,
            f"这个版本的安居 {RELEASED_ON.isoformat()} 才发布",
            f"this version of Anju was released on {RELEASED_ON.isoformat()}",
        )
    ]
    if newest is not None:
        known.append(
            (
                newest,
                f"本机数据库里已有 {newest.isoformat()} 记录的修改",
                f"this database already holds changes recorded on {newest.isoformat()}",
            )
        )
    if confirmed_on is not None:
        known.append(
            (
                confirmed_on,
                f"{confirmed_on.isoformat()} 已有人确认过电脑的日期",
                f"the computer's date was confirmed on {confirmed_on.isoformat()}",
            )
        )
    latest, because_zh, because_en = max(known, key=lambda k: k[0])
    if today < latest - SLACK:
        return ClockDoubt(today, latest, because_zh, because_en)
    return None


def command_today(conn: Connection, option: str = "--date") -> date:
    """Today's date for a command given no ``option``; refused (AnjuError, exit 2) when it cannot be right, since
    a check, an import or a ledger on a wrong date would be wrong in every age and list."""
    doubt = doubt_today(conn)
    if doubt is None:
        return computer_today()
    zh, en = doubt.message()
    raise AnjuError(
        f"{zh}若确要按某一天计算，请用 {option} YYYY-MM-DD 指定日期。",
        f"{en} To work to a given day all the same, give it with {option} YYYY-MM-DD.",
    )


def confirm_today(conn: Connection, today: date | None = None) -> None:
    """The person is sure today's date is right: the changes recorded so far no longer count against it (their
    times came from a clock that was ahead). The caller commits."""
    seq = conn.execute(select(func.max(JournalEntry.seq))).scalar() or 0
    value = {"seq": seq, "on": (today or computer_today()).isoformat()}
    conn.execute(delete(Setting).where(Setting.key == CONFIRMED_KEY))
    conn.execute(insert(Setting).values(key=CONFIRMED_KEY, value=value))


def _confirmed(conn: Connection) -> tuple[int, date | None]:
    value: Any = conn.execute(select(Setting.value).where(Setting.key == CONFIRMED_KEY)).scalar()
    if not isinstance(value, dict) or not isinstance(value.get("seq"), int):
        return 0, None
    return value["seq"], _day(value.get("on"))


def _day(text: object) -> date | None:
    """The date an ISO time or date text begins with, or None."""
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# ---- another computer's clock --------------------------------------------------------------------------------------


def batch_clock_problem(
    station: str, times: Iterable[str], made_at: str, enrolled_at: str, now: datetime | None = None
) -> tuple[str, str] | None:
    """What the county says when a station's batch shows that station's clock is wrong: a change or the batch
    itself dated after the county's own clock (``now``) by more than a day (the station's clock is ahead), the
    batch made before the station was enrolled, or changes recorded after the batch was made (it was behind)."""
    now = now or computer_now()
    latest = max([made_at, *times])
    ahead = _day(latest)
    made, enrolled = _day(made_at), _day(enrolled_at)
    if ahead is not None and ahead > now.date() + SLACK:
        found_zh = f"其中有 {ahead.isoformat()} 记录的修改，比县里电脑的日期 {now.date().isoformat()} 还晚"
        found_en = (
            f"it holds changes recorded on {ahead.isoformat()}, later than this computer's date, "
            f"{now.date().isoformat()}"
        )
    elif made is not None and enrolled is not None and made < enrolled - SLACK:
        found_zh = f"它是 {made.isoformat()} 做的，比工作站登记的日期 {enrolled.isoformat()} 还早"
        found_en = (
            f"it says it was made on {made.isoformat()}, before the station was enrolled on {enrolled.isoformat()}"
        )
    elif made is not None and ahead is not None and ahead > made + SLACK:
        found_zh = f"其中有 {ahead.isoformat()} 记录的修改，却是 {made.isoformat()} 做的批次"
        found_en = f"it holds changes recorded on {ahead.isoformat()}, yet says it was made on {made.isoformat()}"
    else:
        return None
    return (
        f"工作站“{station}”的电脑日期看来不对：{found_zh}。数据已照常导入；请通知该站按 Windows 设置 → 时间和语言 "
        "改正电脑日期，并核对其间记录的走访、就业日期。",
        f"The computer clock of station “{station}” looks wrong: {found_en}. The data was imported as usual; ask "
        "the station to put its date right (Windows Settings → Time & language) and to check the visit and job "
        "dates it recorded meanwhile.",
    )


def server_clock_problem(server_date: str | None, now: datetime | None = None) -> tuple[str, str] | None:
    """What a station says when the county server's clock (its HTTP ``Date`` header) and its own are more than a
    day apart. The server's is taken as right: the county's computer is looked after."""
    if not server_date:
        return None
    from email.utils import parsedate_to_datetime

    try:
        server = parsedate_to_datetime(server_date)
    except (TypeError, ValueError):
        return None
    if server.tzinfo is None:
        server = server.replace(tzinfo=UTC)
    now = now or computer_now()
    if abs(now - server) <= SLACK:
        return None
    mine, theirs = now.date().isoformat(), server.astimezone(UTC).date().isoformat()
    return (
        f"本机日期是 {mine}，县里服务器的日期是 {theirs}，相差超过一天：本机的日期多半不对。"
        f"{WHAT_GOES_WRONG[0]}{HOW_TO_FIX[0]}",
        f"This computer's date is {mine} and the county server's is {theirs}, more than a day apart: this "
        f"computer's date is most likely wrong. {WHAT_GOES_WRONG[1]} {HOW_TO_FIX[1]}",
    )

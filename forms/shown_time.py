"""A stored UTC time as people read it: in this computer's time zone, to the minute, the same on the screens and on
the command line (which printed ``2026-11-30T13:05`` in UTC, eight hours off a clerk's clock in 会泽)."""

from __future__ import annotations

from .journal import local_moment


def local_time(stamp: str | None) -> str:
    """A stored UTC time (``2026-11-29T02:03:04.5Z``) in the computer's time zone, to the minute; — for none."""
    if not stamp:
        return "—"
    moment = local_moment(stamp)
    return stamp[:16].replace("T", " ") if moment is None else moment.strftime("%Y-%m-%d %H:%M")

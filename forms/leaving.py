"""减员: a member leaves a household, and the station says why.

The national 防返贫 systems record a 减员原因 for every person who leaves a household, and the county must explain
each drop in its 户数 and 人数 to the level above. The list is *proposed* (no official list was found): the
reasons a resettlement site meets, 分户 among them (a grown son's family recorded as a household of its own).
A whole household that leaves the site is voided (作废) with its reason instead.
"""

from __future__ import annotations

import re

DIED = "死亡"
MARRIED_OUT = "婚出"
MOVED_OUT = "户籍迁出"
SPLIT_OFF = "分户"
RECORDED_BY_MISTAKE = "重复登记或录入错误"
OTHER = "其他"

#: The reasons offered when a member is removed, in the order the dialog lists them.
LEFT_REASONS: tuple[str, ...] = (DIED, MARRIED_OUT, MOVED_OUT, SPLIT_OFF, RECORDED_BY_MISTAKE, OTHER)

#: What the 减员名单 says of a member removed before reasons were recorded (or by a county merge).
NOT_RECORDED = "未记录"


def measure_closing_note(reason: str) -> str:
    """What a 帮扶措施 of a member who left says it ended with: the measure is closed as of the 减员, so the county's
    open measures do not go on counting a dead person's (no column records that the 减员 closed it: this note does,
    and 恢复 reopens only a measure whose outcome still ends with it)."""
    return f"成员减员（{reason}），措施随之结束。"


_CLOSING_NOTE = re.compile(r"成员减员（[^（）\n]*），措施随之结束。\Z")


def outcome_when_closed(outcome: str | None, reason: str) -> str:
    """The measure's 措施结果 with the closing note added after a space (what the worker wrote stays). A space, not
    a line break: 措施结果 is a one-line answer, whose line breaks the editor shows as nothing and saves as a space
    (`forms.typed_text`)."""
    note = measure_closing_note(reason)
    return f"{outcome.rstrip()} {note}" if outcome and outcome.strip() else note


def outcome_when_reopened(outcome: str | None) -> str | None:
    """The 措施结果 a measure had before a 减员 closed it; None when no 减员 closed it (no closing note at its end, or
    the worker has written after it since), which then stays closed. Any reason's note will do: two stations that
    recorded the same 减员 with different reasons leave the clerk to settle the reason and the note apart."""
    found = _CLOSING_NOTE.search(outcome or "")
    return None if found is None else (outcome or "")[: found.start()].rstrip()  # after a space, or a line break

"""两后生 (云人社通 2021 第49号 §(十四): 支持脱贫户、农村低收入人口所在家庭“两后生”就读技工院校): young people who
left school after 初中 or 高中 without going on (初、高中毕业后未能继续升学). Who is one is the worker's to say (the
是否两后生 flag), and the 两后生 list is that flag: nobody is dropped from it by a rule, since which people the county
counts is its policy to set. What is recorded may contradict the flag, though, and the member rule then warns
(`member_rules.two_after_findings`), the printed list says so on the row (`doubt`), and `anju check` screens it:

- **still at school** (`at_school`): any 在校生状况 but the 技工院校 ones. Someone in 普通高中, at university or in
  primary school has not left school; someone at a 中职 (技工学校 are 中职) or a 技师学院 is where §(十四) sends a
  两后生, with 免学费 and 奖助学金 while they study, so the flag stands.
- **clearly past the age** (`past_the_age`): `AGE_LIMIT` or older on the survey date. §(十四) gives no age, but it
  speaks of school-leavers to be sent to a 技工院校: a 高中 ends at 18 or 19 (21 for one who repeated years or
  started late), so at 30 the person left school more than ten years ago, longer than they were in it, and is no
  school-leaver by any reading. Not lower: people in their twenties still enrol at 技工院校 as 往届 graduates,
  and counties draw the line in different places (a warning seen on real 两后生 each time is soon not read).
"""

from __future__ import annotations

from datetime import date

from .labour import age_on, is_empty

#: 在校生状况 of a 技工院校 (中职 includes the 技工学校): where §(十四) supports a 两后生 to study.
VOCATIONAL_STUDIES = (
    *(f"中职{year}年级" for year in "一二三"),
    *(f"技师学院{year}年级" for year in "一二三四"),
)
#: From this age on the survey date, the 两后生 flag is taken to be wrong unless someone accepts it (module notes).
AGE_LIMIT = 30


def at_school(student_status: str | None) -> bool:
    """In school, and not at the 技工院校 a 两后生 may go on to."""
    return not is_empty(student_status) and student_status not in VOCATIONAL_STUDIES


def past_the_age(birth_date: date | None, on: date) -> bool:
    return birth_date is not None and age_on(birth_date, on) >= AGE_LIMIT


def doubt(birth_date: date | None, student_status: str | None, on: date) -> str | None:
    """What a printed 两后生 list says on the row of someone the record contradicts (None: nothing): short, for a
    column."""
    if at_school(student_status):
        return f"在校（{student_status}）：请更正在校情况或取消两后生标记"
    if birth_date is not None and past_the_age(birth_date, on):
        return f"已{age_on(birth_date, on)}岁：请核实后取消两后生标记"
    return None

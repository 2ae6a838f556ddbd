"""减员: a member leaves a household, and the station says why.

The national 防返贫 systems record a 减员原因 for every person who leaves a household, and the county must explain
each drop in its 户数 and 人数 to the level above. The list is *proposed* (no official list was found): the
reasons a resettlement site meets, 分户 among them (a grown son's family recorded as a household of its own).
A whole household that leaves the site is voided (作废) with its reason instead.
"""

from __future__ import annotations

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

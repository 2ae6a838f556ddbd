"""What 住户, 待跟进 and 工作台 say when the database has no household in use to show: why (none yet, or only
voided ones) and the first step, in the words of whoever is looking.

They all told the 站长 to import the roster: a 采集员 has no 「导入导出」 page, a county clerk's households come in
the stations' batches, and a database whose households were all voided (merged into their copies, or recorded by
mistake) was told it had none, while 住户 hid them by default and said nothing of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # 住户 opens before the search module loads (`desktop.household_model`)
    from forms.search import HouseholdsHeld

COUNTY_CLERK = "县级管理员"
STATION_ADMIN = "站长"


def first_step(role: str) -> str:
    """How households come into the database, said to ``role`` (a 采集员's window has no 「导入导出」)."""
    if role == COUNTY_CLERK:
        return QCoreApplication.translate(
            "FirstStep",
            "住户由各工作站登记，随批次送到县里（在「同步」页导入，或工作站联网同步时送来），之后在这里就能看到；"
            "各工作站的情况见「县级」→「工作站」。",
        )
    if role == STATION_ADMIN:
        return QCoreApplication.translate(
            "FirstStep", "第一步：在「导入导出」页点“选择文件并导入…”导入花名册，或在「住户」页点“新增住户”逐户登记。"
        )
    return QCoreApplication.translate(
        "FirstStep", "第一步：请站长在「导入导出」页导入花名册；也可以在「住户」页点“新增住户”逐户登记。"
    )


def households_empty(held: HouseholdsHeld, role: str) -> str:
    """住户's list with no search or filter and nothing in it."""
    if held.households == 0:
        return QCoreApplication.translate("FirstStep", "还没有住户。") + first_step(role)
    if held.live == 0:
        return QCoreApplication.translate(
            "FirstStep", "没有在册住户：%1 户都已作废，作废的住户要在状态里选“作废”才列出。"
        ).replace("%1", str(held.voided)) + first_step(role)
    # Households in use, none at the station's own sites: moved to another station's (`forms.station_sites`).
    return QCoreApplication.translate(
        "FirstStep", "本站的安置点没有住户：%1 户在其他工作站的安置点，查找姓名或选安置点可列出。"
    ).replace("%1", str(held.live))


def worklists_empty(held: HouseholdsHeld, role: str) -> str:
    """Every 待跟进 list, with no household in use to be on one."""
    if held.live == 0 and held.voided:
        reason = QCoreApplication.translate(
            "FirstStep", "没有在册住户（%1 户都已作废，作废的住户不进清单），所以各清单都是空的。"
        ).replace("%1", str(held.voided))
    else:
        reason = QCoreApplication.translate("FirstStep", "还没有住户，所以各清单都是空的。")
    return reason + first_step(role)


def dashboard_empty(held: HouseholdsHeld, role: str) -> str:
    """工作台's figures, all 0."""
    if held.live == 0 and held.voided:
        reason = QCoreApplication.translate(
            "FirstStep", "没有在册住户（%1 户都已作废，不计入），所以数字都是 0。"
        ).replace("%1", str(held.voided))
    else:
        reason = QCoreApplication.translate("FirstStep", "还没有住户，所以数字都是 0。")
    return reason + first_step(role)

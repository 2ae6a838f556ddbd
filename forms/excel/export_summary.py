"""The per-site summary: households, labour, employment by form and by place, 零就业, posts, training, the rate.

The counts use the rule functions of `forms.rules.labour` at the survey date, the same ones the worklists agree
with, so the 零就业户数 here is the length of the 零就业 list. Each employed person is counted once under the form
and place of the counting spell they started last, so the breakdowns add up to 已就业人数.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..rules.labour import WELFARE_POST, is_ongoing, month_of
from ..station_sites import offered_sites
from ..store import Store
from ..summary import UNPLACED, distinct_labels
from .export import Col, ExportOptions, Ledger
from .ledger_data import FIGURE_SPELL_COLUMNS, LedgerData, Scope, load

SCOPES = ("县内", "省内县外", "省外", "国外")
UNKNOWN_SCOPE = "未填地域"


def build_summary(store: Store, options: ExportOptions, scope: Scope) -> Ledger:
    data = load(store, scope, options.on, spell_columns=FIGURE_SPELL_COLUMNS)
    rule = data.settings
    forms = list(data.settings.counting_forms) + (["农业生产经营"] if data.settings.agriculture_counts else [])
    # One row per site of the scope, empty ones too, in code order as on the 工作台 (a name is no key: two towns may
    # both have a 幸福社区安置点), then any households whose site this database does not know. A station reports its own
    # sites, as its 工作台 does (its package brings every site of the county; a household it holds at another is
    # 已迁出, in no ledger: `Scope.households_at`).
    with store.engine.connect() as conn:
        reported = {site.id for site in offered_sites(conn)}
    wanted = reported if scope.site_id is None else {scope.site_id}
    sites = sorted((s for s in scope.sites.values() if s["id"] in wanted), key=lambda s: s["code"])
    per_site: dict[str | None, Counter[str]] = {s["id"]: Counter() for s in sites}
    for household in data.households:
        site_id = household["site_id"] if household["site_id"] in per_site else None
        _count(per_site.setdefault(site_id, Counter()), data, household)
    names = distinct_labels([s["name"] for s in sites], [s["code"] for s in sites])
    labels = {s["id"]: name for s, name in zip(sites, names, strict=True)}
    head = ["安置点名称", "户数", "有劳动力户数", "劳动力人数", "已就业人数"]
    # 已就业劳动力 beside 就业率, which divides it by 劳动力人数: without it the sheet's 已就业人数 ÷ 劳动力人数 was not
    # the rate it printed, and the 工作台's 已就业劳动力 was in no column a clerk could point to.
    tail = ["零就业户数", "公益性岗位人数", "培训人数", "已就业劳动力", "就业率"]
    scopes = [*SCOPES, UNKNOWN_SCOPE]
    columns = [Col("序号", "int"), *(Col(h, "int") for h in head)]
    columns[1] = Col("安置点名称")
    columns += [Col(f, "int") for f in forms] + [Col(s, "int") for s in scopes]
    columns += [Col(h, "int") for h in tail[:-1]] + [Col("就业率", "percent")]
    first_form = 1 + len(head)
    groups = [
        ("已就业人数（按就业形式）", first_form, first_form + len(forms) - 1),
        ("已就业人数（按务工地域）", first_form + len(forms), first_form + len(forms) + len(scopes) - 1),
    ]
    rows = [
        _row(i, labels.get(site_id, UNPLACED), counts, forms, scopes)
        for i, (site_id, counts) in enumerate(per_site.items(), 1)
    ]
    total: Counter[str] = Counter()
    for counts in per_site.values():
        total.update(counts)
    totals = _row(0, "合计", total, forms, scopes)
    totals[0] = "合计"
    totals[1] = None
    return Ledger(
        kind="summary",
        sheet_name="汇总",
        title=f"{scope.label} 就业情况汇总表（{options.on:%Y-%m-%d}）",
        columns=columns,
        rows=rows,
        groups=groups,
        totals=totals,
        key_columns=2,  # 序号, 安置点名称
        notes=(
            f"说明：劳动力 = 统计日期男性年满{rule.male_min_age}周岁、未满{rule.male_max_age}周岁，"
            f"女性年满{rule.female_min_age}周岁、未满{rule.female_max_age}周岁（按本县设置），不在校，"
            "劳动技能为普通/技能/弱劳动力或半劳动力的成员。",
            "已就业人数 = 统计日期有在岗就业（计入就业的就业形式）的成员，含超过劳动年龄的在岗人员，"
            "不含未满16周岁的（童工不是就业，《劳动法》第十五条）；"
            "按就业形式和务工地域各计一次（取最近开始的一段）。",
            "公益性岗位人数 = 已就业人数中统计日期在乡村公益性岗位上的人，另有一份后开始的其他工作的也计入"
            "（按就业形式只计最近开始的一段）。",
            "已就业劳动力 = 已就业人数中的劳动力（不含劳动年龄以外的在岗人员）。"
            "就业率 = 已就业劳动力 ÷ 劳动力人数。零就业户数 = 有劳动力但没有人就业的户，与零就业跟进清单一致。",
            "工作台上同名的数字与本表同一口径：同一数据库、同一统计日期，数字相同。",
        ),
    )


def _count(counts: Counter[str], data: LedgerData, household: dict[str, Any]) -> None:
    month = month_of(data.on)
    counts["户数"] += 1
    labour = employed = 0
    for member in data.members.get(household["id"], ()):
        is_labour = data.labour(member)
        labour += is_labour
        counts["劳动力人数"] += is_labour
        spell = data.current_spell(member) if data.employed(member) else None  # not a child's job: `employed`
        if spell is not None:
            employed += 1
            counts["已就业人数"] += 1
            counts["已就业劳动力"] += is_labour
            counts[f"form:{spell['form']}"] += 1
            counts[f"scope:{spell['place_scope'] or UNKNOWN_SCOPE}"] += 1
        # 公益性岗位人数: the 已就业人数 who hold a post now. A child on one is not counted, as their job is not
        # (`labour.counts_as_employed`). A holder who also took a later job of another kind still holds the post (on
        # the contract list, paid its 岗位补贴): counted here, while the 就业形式 columns count their later job.
        spells = data.spells.get(member["id"], ())
        if spell is not None and any(
            s["form"] == WELFARE_POST and is_ongoing(s["start_month"], s["end_month"], month) for s in spells
        ):
            counts["公益性岗位人数"] += 1
        counts["培训人数"] += member["trained"] is True
    counts["有劳动力户数"] += labour > 0
    counts["零就业户数"] += labour > 0 and employed == 0


def _row(number: int, site: str, counts: Counter[str], forms: Sequence[str], scopes: Sequence[str]) -> list[Any]:
    labour = counts["劳动力人数"]
    rate = counts["已就业劳动力"] / labour if labour else None
    return [
        number,
        site,
        counts["户数"],
        counts["有劳动力户数"],
        labour,
        counts["已就业人数"],
        *(counts[f"form:{f}"] for f in forms),
        *(counts[f"scope:{s}"] for s in scopes),
        counts["零就业户数"],
        counts["公益性岗位人数"],
        counts["培训人数"],
        counts["已就业劳动力"],
        rate,
    ]

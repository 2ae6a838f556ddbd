"""Figures per site at a date: households, labour, employment, 零就业 — the dashboard's and the summary sheet's.

Two employment counts, under two names wherever they are shown: 已就业人数 is everyone employed at the date (the
national 汇总表's column: a man of 62 on a 公益性岗位 is in it; a child under 16 is not, `labour.counts_as_employed`),
已就业劳动力 only the labour members among them, which is what 就业率 divides by 劳动力人数.
`forms.excel.export_summary` counts the same figures under the same names.

One grouped SQL query per figure family over the whole database, built from the labour rule's SQL
(`forms.rules.sql`), so the dashboard says exactly what the worklists and `anju check` say.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from .rules import sql
from .settings import RuleSettings
from .station_sites import offered_sites, own_site_ids

H, M, S = sql.HOUSEHOLDS, sql.MEMBERS, sql.SITES

#: The row of the households at a site no longer on record (a tombstoned site, a file edited outside Anju): the
#: 汇总表 counts them under this name, and so does the 工作台, whose 合计 would otherwise fall short of the sheet's.
UNPLACED = "（未分配安置点）"
UNPLACED_ID = "unplaced"  # not a site's id (a uuid), and not empty: an empty id is the 合计 row's


@dataclass
class SiteFigures:
    site_id: str
    site_code: str
    site_name: str
    households: int = 0
    labour_households: int = 0
    labour_members: int = 0
    employed_members: int = 0  # 已就业劳动力: labour members employed at the date
    employed_people: int = 0  # 已就业人数: everyone employed at the date, over labour age too (the 汇总表's)
    zero_employment_households: int = 0

    @property
    def employment_rate(self) -> float | None:
        """就业率: employed labour members over labour members (None when there is no labour)."""
        return self.employed_members / self.labour_members if self.labour_members else None


def rate_text(rate: float | None) -> str:
    """A rate as a percentage to one decimal, rounded half up (四舍五入) as the 汇总表's ``0.0%`` cells show it in
    Excel: 5 of 16 is 31.3% on both. Python's own rounding goes half to even (``f"{0.3125:.1%}"`` is 31.2%), and the
    工作台 said 31.2% beside the sheet's 31.3%. The rate's shortest decimal (``str``) is rounded, as Excel rounds the
    15 digits it shows, not the binary fraction under them (0.1225 is 12.3% in both)."""
    if rate is None:
        return "—"
    return f"{(Decimal(str(rate)) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@dataclass
class CountyFigures:
    on: date
    sites: list[SiteFigures] = field(default_factory=list)

    def total(self) -> SiteFigures:
        total = SiteFigures("", "", "合计")
        for site in self.sites:
            total.households += site.households
            total.labour_households += site.labour_households
            total.labour_members += site.labour_members
            total.employed_members += site.employed_members
            total.employed_people += site.employed_people
            total.zero_employment_households += site.zero_employment_households
        return total


def site_label(name: str, code: str) -> str:
    """A site named with its code, 幸福社区安置点（S03）: how lists and ledgers tell apart two sites of one name, and
    what the roster import reads back (`forms.excel.apply`)."""
    return f"{name}（{code}）"


def distinct_labels(labels: Sequence[str], codes: Sequence[str]) -> list[str]:
    """The labels, with the site code added to any that two sites share (`site_label`): two towns may both have a
    幸福社区, and a chart axis keeps only the first of two equal categories, so the bars get others' names."""
    seen = Counter(labels)
    return [site_label(label, code) if seen[label] > 1 else label for label, code in zip(labels, codes, strict=True)]


def labels_by_id(sites: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each of these sites' (rows with id, code and name) name as lists show it, by id (`distinct_labels`)."""
    ordered = sorted(sites, key=lambda s: str(s["code"]))
    shown = distinct_labels([str(s["name"]) for s in ordered], [str(s["code"]) for s in ordered])
    return {str(s["id"]): label for s, label in zip(ordered, shown, strict=True)}


def site_labels(conn: Connection) -> dict[str, str]:
    """Each live site's name as the lists show it, by site id: with its code where two live sites share the name
    (`distinct_labels`), so a 零就业 household at one 幸福社区 is not taken for one at the other."""
    live = select(S.c.id, S.c.code, S.c.name).where(S.c.deleted_at.is_(None))
    return labels_by_id({"id": i, "code": c, "name": n} for i, c, n in conn.execute(live))


def county_figures(conn: Connection, settings: RuleSettings, on: date) -> CountyFigures:
    """The figures of the sites this database reports, in one pass over households and members (a county database
    has ~200,000 members). An enrolled station reports its own sites (`forms.station_sites.offered_sites`): its
    package brings every site of the county, and the others' showed with zeros; a household it still holds at
    another (已迁出, moved there) is not its to count. The county, and a database not enrolled, report every site.
    Households at a site no longer on record (one of its own, on a station) are counted under `UNPLACED`, last."""
    figures = {site.id: SiteFigures(site.id, site.code, site.name) for site in offered_sites(conn)}
    own = own_site_ids(conn)
    unplaced = SiteFigures(UNPLACED_ID, "", UNPLACED)
    labour = case((sql.labour_member(M, settings, on), 1), else_=0)
    employed = case((sql.counts_as_employed(M, settings, on), 1), else_=0)
    per_household = (
        select(
            H.c.site_id,
            func.max(labour).label("has_labour"),
            func.sum(labour).label("labour_members"),
            func.sum(labour * employed).label("employed_labour"),
            func.sum(employed).label("employed_people"),
            func.max(employed).label("has_employed"),
        )
        .select_from(H.outerjoin(M, and_(M.c.household_id == H.c.id, M.c.deleted_at.is_(None))))
        .where(sql.household_counts(H))
        .group_by(H.c.id, H.c.site_id)
        .subquery()
    )
    h = per_household.c
    zero = case((and_(h.has_labour == 1, func.coalesce(h.has_employed, 0) == 0), 1), else_=0)
    per_site = select(
        h.site_id,
        func.count(),
        func.sum(func.coalesce(h.has_labour, 0)),
        func.sum(func.coalesce(h.labour_members, 0)),
        func.sum(func.coalesce(h.employed_labour, 0)),
        func.sum(func.coalesce(h.employed_people, 0)),
        func.sum(zero),
    ).group_by(h.site_id)
    for row in conn.execute(per_site):
        site_id, households, labour_households, labour_members, employed_members, employed_people, zero_households = row
        site = figures.get(site_id)
        if site is None:
            if own is not None and site_id not in own:
                continue  # at another station's site: 已迁出
            site = unplaced  # several unknown sites, one row
        site.households += int(households)
        site.labour_households += int(labour_households or 0)
        site.labour_members += int(labour_members or 0)
        site.employed_members += int(employed_members or 0)
        site.employed_people += int(employed_people or 0)
        site.zero_employment_households += int(zero_households or 0)
    return CountyFigures(on, [*figures.values(), *([unplaced] if unplaced.households else [])])

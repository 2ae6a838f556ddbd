"""The dashboard's figures per site agree with the per-household rule code on a demo county."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from forms.demo import write_demo
from forms.rules.household_rules import household_figures
from forms.rules.labour import is_employed, is_labour_member
from forms.rules.loading import load_bundles
from forms.settings import load_settings
from forms.store import Store
from forms.summary import county_figures

TODAY = date(2026, 11, 29)


def test_site_figures_equal_the_sum_of_household_figures(store: Store) -> None:
    write_demo(store, 400, seed=11, today=TODAY)
    settings = load_settings(store)
    expected: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with store.engine.connect() as conn:
        figures = county_figures(conn, settings, TODAY)
        ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM households")]
        for bundle in load_bundles(conn, ids):
            f = household_figures(bundle, settings, TODAY)
            labour_employed = sum(
                is_labour_member(m.birth_date, m.sex, m.student_status, m.labour_skill, settings, TODAY)
                and is_employed(bundle.spells_of(m.id), settings, TODAY)
                for m in bundle.live_members
            )
            site = expected[bundle.household.site_id or ""]
            site[0] += 1
            site[1] += f.labour_household
            site[2] += f.labour
            site[3] += f.zero_employment
            site.append(labour_employed)
    for site in figures.sites:
        want = expected[site.site_id]
        assert (site.households, site.labour_households, site.labour_members, site.zero_employment_households) == (
            want[0],
            want[1],
            want[2],
            want[3],
        )
        assert site.employed_members == sum(want[4:])
    total = figures.total()
    assert total.households == 400 and 0 < total.zero_employment_households < total.labour_households
    assert total.employment_rate is not None and 0.5 < total.employment_rate < 1

"""The household rules, re-run on every household an import touched (DESIGN.md §5: problems are flagged on the
household for review, never a reason to drop a batch).

The rules are the very ones the station's editor and ``anju check`` run (`forms.check.check_households` over
`forms.rules.loading` bundles), with the county's rule settings, on today's date. They run inside the import's
snapshot taken right after the import commits (not inside it, so the import holds the write lock only while it
merges); a queue row whose rules have not run yet has findings None, and the review screen runs them then.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from forms.check import check_households
from forms.clock import computer_today
from forms.errors import AnjuError
from forms.records import Setting
from forms.rules.loading import id_elsewhere, load_bundles, rows_in
from forms.rules.sql import MEMBERS
from forms.settings import SETTINGS_KEY, RuleSettings
from forms.store import Store
from forms.sync_records import SyncReviewItem


def rule_settings(conn: Connection) -> RuleSettings:
    raw = conn.execute(select(Setting.value).where(Setting.key == SETTINGS_KEY)).scalar_one_or_none()
    try:
        return RuleSettings.from_json(raw)
    except AnjuError:
        # Broken settings must not stop a batch; the defaults still flag what they flag, and `anju check`
        # reports the settings themselves.
        return RuleSettings()


def household_findings(conn: Connection, household_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The open findings of the household rules on these households, as plain dicts, by household id."""
    bundles = load_bundles(conn, household_ids)
    found: dict[str, list[dict[str, Any]]] = {}
    for finding in check_households(bundles, rule_settings(conn), computer_today()):
        if finding.household_id is None or finding.accepted:
            continue
        found.setdefault(finding.household_id, []).append(
            {
                "code": finding.code,
                "severity": finding.severity,
                "zh": finding.zh,
                "en": finding.en,
                "record_table": finding.record_table,
                "record_id": finding.record_id,
                "fields": list(finding.fields),
            }
        )
    return found


def households_sharing_numbers(conn: Connection, household_ids: Sequence[str]) -> set[str]:
    """Other households holding an ID number that a live member of these households holds. What the rules find
    there changes with these: a person recorded again at another station is an error in both households, and in
    neither once the county merges them."""
    query = select(MEMBERS.c.id_number).where(MEMBERS.c.deleted_at.is_(None), MEMBERS.c.id_number.is_not(None))
    numbers = {number for (number,) in rows_in(conn, query, MEMBERS.c.household_id, household_ids)}
    held = id_elsewhere(conn, numbers)
    return {e.household_id for rows in held.values() for e in rows} - set(household_ids)


def recheck_households(store: Store, household_ids: Sequence[str]) -> int:
    """Run the rules on households just put on the review queue, and on the queued households sharing an ID
    number with them (`households_sharing_numbers`), and store what they find.

    Reads in one snapshot, writes in one short transaction; a queue row flagged again meanwhile (a newer rev)
    is left for the run that flagged it. Returns how many rows got their findings.
    """
    if not household_ids:
        return 0
    with store.engine.connect() as conn, conn.begin():
        wanted = set(household_ids) | households_sharing_numbers(conn, household_ids)
        queued = select(SyncReviewItem.household_id, SyncReviewItem.rev)
        revs = dict(rows_in(conn, queued, SyncReviewItem.__table__.c.household_id, wanted))
        found = household_findings(conn, list(revs))
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        result = conn.execute(
            update(SyncReviewItem)
            .where(SyncReviewItem.household_id == bindparam("_household"), SyncReviewItem.rev == bindparam("_rev"))
            .values(findings=bindparam("_findings")),
            [{"_household": h, "_rev": rev, "_findings": found.get(h, [])} for h, rev in revs.items()],
        )
    return int(result.rowcount or 0)

"""``anju check`` on a demo database, against the single SQL query that counts 零就业 households.

The baseline is the query the 零就业 worklist runs (`forms.rules.sql.count_zero_employment`), compiled to plain
SQL and run through sqlite3 on its own connection: the least work any check of the central rule must do.
``ours`` is everything ``anju check --json`` does after its imports: open the store, read the rule settings and
the questionnaire, screen every table (the rules and the questionnaire's field checks), run the rules and the
field checks on what the screens name, and render the JSON (not printed). Each run opens the database afresh, as
the command does; nothing is kept from one run to the next.

The screens run side by side on one connection per core (`forms.rules.screening`), which only pays on idle
cores: on a machine busy with other work the first figure drifts towards the second, the same check with every
screen on one connection, which is reported beside it so the gain is never taken for granted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.dialects import sqlite

from bench import store_figures
from bench.runner import Figure
from forms.check_command import as_json, run_check
from forms.rules.screening import reader_count
from forms.rules.sql import count_zero_employment
from forms.settings import RuleSettings


def raw_count_sql() -> str:
    statement = count_zero_employment(RuleSettings(), store_figures.TODAY)
    return str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def check_figures(households: int, runs: int) -> list[Figure]:
    source = store_figures.demo_database(households)
    sql = raw_count_sql()

    def ours(path: Path) -> None:
        as_json(run_check(path, store_figures.TODAY), path)

    def ours_on_one_connection(path: Path) -> None:
        as_json(run_check(path, store_figures.TODAY, connections=1), path)

    def raw(path: Path) -> None:
        conn = sqlite3.connect(path)
        try:
            conn.execute(sql).fetchone()
        finally:
            conn.close()

    return [
        Figure(
            name=f"anju check ({households:,} households)",
            ours=ours,
            raw=raw,
            raw_name="sqlite3: the one query counting 零就业 households",
            setup=lambda: source,
            runs=runs,
            target=3.0,
            note=f"ours = open + settings + every rule and field check (screens in SQL side by side on "
            f"{reader_count()} connection(s), checks on the few named) + JSON",
        ),
        Figure(
            name=f"anju check, one connection ({households:,})",
            ours=ours_on_one_connection,
            raw=raw,
            raw_name="sqlite3: the one query counting 零就业 households",
            setup=lambda: source,
            runs=runs,
            note="the same check with every screen in turn on one connection (what a busy machine leaves)",
        ),
    ]

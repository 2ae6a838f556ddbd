"""Run the benchmarks: ``python -m bench [--quick] [--json FILE] [--only NAME]``."""

from __future__ import annotations

import argparse
import gc
import platform
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench import check_figures, desktop_figures, excel_figures, runner, store_figures, sync_figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes and few runs, for a quick look")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--only", help="run only figures whose name contains this text")
    args = parser.parse_args()

    households = 5_000 if args.quick else 50_000
    changes = 10_000 if args.quick else 100_000
    # Each group with the words in its figures' names: `--only` builds (and times) just the groups whose words hold
    # its text, since building a group makes its databases and files (the 50,000-household demo, the roster
    # sheet …); a text no group's words hold builds every group, and the names decide as before.
    groups: list[tuple[str, Callable[[], list[runner.Figure]]]] = [
        ("anju demo --households", lambda: store_figures.demo_figures(households, runs=2 if args.quick else 3)),
        ("anju backup | daily backup", lambda: store_figures.backup_figures(households, runs=3 if args.quick else 5)),
        ("anju check, one connection", lambda: check_figures.check_figures(households, runs=2 if args.quick else 5)),
        (
            "cold start to household table",
            lambda: desktop_figures.cold_start_figures(households, runs=3 if args.quick else 5),
        ),
        ("filter to first page", lambda: desktop_figures.filter_figures(households, runs=3 if args.quick else 7)),
        ("sort by 楼栋单元门牌", lambda: desktop_figures.sort_figures(households, runs=3 if args.quick else 7)),
        (
            "anju sync export | anju sync import changes, merged vs every row floor least work + return file",
            lambda: sync_figures.sync_figures(changes, runs=2 if args.quick else 3),
        ),
        (
            "anju import-roster again members no change | anju export members rows",
            lambda: excel_figures.excel_figures(households, runs=2 if args.quick else 3),
        ),
    ]
    chosen = [build for words, build in groups if args.only and args.only in words]

    print(f"Python {platform.python_version()} on {platform.machine()}, {households:,} households\n", flush=True)
    results = []
    # One group at a time, built just before it is measured and let go after: a figure is then timed in a
    # process holding its own data only, not every other group's (a 200,000-row sheet makes allocation slower).
    for build in chosen or [build for _words, build in groups]:
        for figure in build():
            if args.only and args.only not in figure.name:
                continue
            print(f"… {figure.name}", file=sys.stderr, flush=True)
            result = runner.measure(figure)
            result.figure = replace(figure, ours=_let_go, raw=_let_go, setup=_let_go)
            results.append(result)
        gc.collect()
    print(runner.table(results))
    if args.json:
        args.json.write_text(runner.as_json(results), encoding="utf-8")
    for workdir in (store_figures.WORKDIR, sync_figures.WORKDIR):
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _let_go(*_args: object) -> None:
    """What a measured figure keeps in place of its work and setup (their data is freed)."""


if __name__ == "__main__":
    sys.exit(main())

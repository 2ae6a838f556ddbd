"""The installer bundle: its cold self-test time next to the same self-test from the venv, and its size.

``ours`` starts the built bundle (``dist/anju/anju --selftest --db DEMO``: a new process that opens the database,
builds the main window offscreen and exits once the household table holds its rows); ``raw`` runs the same
self-test from the venv the bundle was built from (``.venv/bin/anju``). Runs alternate, each a fresh process.
Cold: each run is a new process, and before each run the files both sides read are evicted from the page cache
(``posix_fadvise(DONTNEED)`` on every file of the bundle, of the venv, of the Python it was made from and of the
source tree), since dropping the whole cache needs privileges we do not have. Libraries the venv takes from the
system (libc, X11, fontconfig …) stay cached, while the bundle carries and evicts its own copies, so the bundle
is measured at a slight disadvantage. ``--warm`` skips the eviction.

    .venv/bin/python -m bench.installer_figures [--bundle dist/anju] [--households 2000] [--runs 7] [--warm]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import runner, store_figures
from bench.runner import Figure

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "anju"


def bundle_size(bundle: Path) -> int:
    """Bytes on disk of every file in the bundle (links counted once, as the installer would copy them)."""
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def evict(*roots: Path) -> None:
    """Ask the kernel to drop every file under ``roots`` from the page cache (where it can; a no-op elsewhere)."""
    if not hasattr(os, "posix_fadvise"):
        return
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                try:
                    fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)


def files_of_the_venv() -> list[Path]:
    """What a run from the venv reads: its site-packages, the base Python's library, and the source tree."""
    base = Path(sys.base_prefix) / "lib"
    return [Path(sys.prefix) / "lib", base, *(ROOT / part for part in ("desktop", "forms", "sync", "resources"))]


def _environment(home: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}


def _selftest(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} --selftest exited {done.returncode}: {done.stderr.decode(errors='replace')}")


def venv_anju() -> list[str]:
    script = Path(sys.executable).parent / ("anju.exe" if os.name == "nt" else "anju")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]


def installer_figures(bundle: Path, households: int, runs: int, cold: bool = True) -> list[Figure]:
    executable = bundle / ("anju.exe" if os.name == "nt" else "anju")
    if not executable.exists():
        raise SystemExit(f"No bundle at {bundle}: build it with scripts/build-installer first.")
    db = store_figures.demo_database(households)
    env = _environment(Path(tempfile.mkdtemp(prefix="anju-bench-home-")))
    args = ["--selftest", "--db", str(db)]
    size = bundle_size(bundle)
    venv_files = files_of_the_venv()
    return [
        Figure(
            name=f"bundle self-test, {'cold files' if cold else 'warm files'} ({households:,})",
            ours=lambda _: _selftest([str(executable), *args], env),
            raw=lambda _: _selftest([*venv_anju(), *args], env),
            raw_name="the same self-test from the venv",
            setup=(lambda: evict(bundle, *venv_files)) if cold else (lambda: None),
            runs=runs,
            target=1.2,
            note=f"bundle {bundle}: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB), target ≤ 160 MB",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.installer_figures", description=__doc__.split("\n")[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--households", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warm", action="store_true", help="leave the page cache alone between runs")
    args = parser.parse_args()
    (figure,) = installer_figures(args.bundle, args.households, args.runs, cold=not args.warm)
    result = runner.measure(figure)
    print(runner.table([result]))
    print(f"first run: bundle {result.ours[0]:.3f} s, venv {result.raw[0]:.3f} s")
    print(f"all runs:  bundle {' '.join(f'{t:.2f}' for t in result.ours)}")
    print(f"           venv   {' '.join(f'{t:.2f}' for t in result.raw)}")
    print(f"spread:    bundle ±{statistics.pstdev(result.ours):.3f} s, venv ±{statistics.pstdev(result.raw):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

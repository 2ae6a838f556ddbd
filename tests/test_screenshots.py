"""`python -m desktop.screenshots` at the size asked for, as the role asked for.

It opened the window at 1280×800 as the county clerk, whatever the question: a look at a station laptop's screen
(1366×768, or 1093×614 at 125%) or at what a 采集员 sees needed its code changed. Run as people run it, in its own
process on a real demo database; its settings (the language it sets) go to a folder of the test's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtGui import QImage

from forms.demo import write_demo
from forms.store import Store

ROOT = Path(__file__).resolve().parent.parent


def screenshots(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess[str], dict[str, QImage]]:
    db = tmp_path / "demo.db"
    if not db.exists():
        with Store.open(db) as store:
            write_demo(store, 20, seed=2, today=date(2026, 11, 29))
    out = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    done = subprocess.run(
        [sys.executable, "-m", "desktop.screenshots", "--db", str(db), "--out", str(out), *options],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return done, {path.stem: QImage(str(path)) for path in sorted(out.glob("*.png"))}


def test_the_size_asked_for_is_the_size_of_every_picture_and_the_role_its_screens(tmp_path: Path) -> None:
    done, shots = screenshots(tmp_path, "--size", "1093x614", "--role", "采集员")
    assert done.returncode == 0, done.stderr
    assert {"dashboard", "households", "worklists", "editor"} <= set(shots), sorted(shots)
    assert not {"sync", "county", "excel", "settings"} & set(shots)  # a 采集员's window has none of those
    assert {(image.width(), image.height()) for image in shots.values()} == {(1093, 614)}


def test_a_size_not_written_as_width_x_height_is_refused_saying_how(tmp_path: Path) -> None:
    done, shots = screenshots(tmp_path, "--size", "1366*768")
    assert done.returncode == 2 and not shots
    assert "1366x768" in done.stderr and "1366*768" in done.stderr, done.stderr


def test_its_help_says_the_role_is_not_the_databases_and_the_default_size() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop.screenshots", "--help"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert "--role" in said and "whatever the database" in said and "default 1280x800" in said, said

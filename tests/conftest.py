"""Shared fixtures: a fresh database per test (copied from one migrated template), offscreen Qt."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from forms.store import Store

# Shared fixture modules the test files import before naming them in ``pytest_plugins``: rewritten like test files.
pytest.register_assert_rewrite("tests.hand_edited")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head; tests copy it instead of running the migrations again."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    Store.open(path).close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    path = tmp_path / "station.db"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def runner() -> Iterator[object]:
    """The background work of the screens under test (a `desktop.tasks.TaskRunner`), waited for at the end. Files
    whose runner must outlive a synced world define their own (`tests.test_sync_support`)."""
    from desktop.tasks import TaskRunner  # Qt only for the tests that ask for it

    tasks = TaskRunner()
    yield tasks
    tasks.wait()


@pytest.fixture
def editor(qtbot: object, store: Store, runner: object) -> Iterator[object]:
    """The household editor on screen (`tests.test_editor.shown_editor`, as the 站长), its work waited for at the
    end."""
    from tests.test_editor import shown_editor  # Qt only for the tests that ask for it

    with shown_editor(qtbot, store, runner) as page:
        yield page

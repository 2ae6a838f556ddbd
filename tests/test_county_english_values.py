"""The county clerk's pages in English show a stored value in English where the program has an English word for it.

In testing, the 冲突 page of an English window offered a household's 状态 as “退回 (in use)” and “已完成” among
English headers; 审核 and 重复人员 called 已审核 “Approved” where the station's 住户 list says “Reviewed”; and 重复人员
listed each housemate as 刘然浩（之子）. A status is now named as the 住户 list names it (`status_text`), a 与户主关系
by its choice list's English label. Names and addresses, typed by people, stay as typed.

Later, 冲突 named a job “Employment (黄家成 外出务工 2023-05)”, its 就业形式 in 中文, and 审核 titled a household
“幸福社区 3-1-302　Household head：杨开荣”, with 中文 punctuation.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.cli import main
from desktop.county import CountyPage
from desktop.main_window import MainWindow
from forms.household_list import STATUSES
from forms.questionnaire import load_packaged
from forms.store import Store
from sync.county_demo import write_county_demo
from sync.county_words import value_labels
from tests.test_narrow_lists import COUNTY_CLERK

pytest_plugins = ["tests.test_i18n"]

#: What the English 住户 list calls each stored status (草稿 … 作废).
ENGLISH_STATUSES = {"Draft", "Completed", "Reviewed", "Returned", "Void"}
RELATIONS = ("户主", "之子", "配偶", "之母", "之女", "之父")


@pytest.fixture(scope="module")
def demo_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("county-english") / "county-demo.db"
    write_county_demo(db, 100, seed=5, today=date(2026, 11, 29))
    return db


@pytest.fixture
def county(qtbot: QtBot, english: QApplication, demo_county: Path, tmp_path: Path) -> Iterator[CountyPage]:
    db = tmp_path / demo_county.name
    shutil.copyfile(demo_county, db)
    store = Store.open(db, create=False)
    main = MainWindow(store, COUNTY_CLERK)
    qtbot.addWidget(main)
    main.show()
    main.show_page("county")
    page = main.pages["county"]
    assert isinstance(page, CountyPage)
    yield page
    main.runner.wait()
    main.close()
    store.close()


def test_a_conflict_on_a_households_status_offers_the_statuses_in_english(qtbot: QtBot, county: CountyPage) -> None:
    county.tabs.setCurrentWidget(county.conflicts)
    page = county.conflicts
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    fields = [page.table.text(row, 2) for row in range(page.table.rowCount())]
    row = next(row for row, text in enumerate(fields) if "Status" in text.split(", "))
    page.table.setCurrentCell(row, 0)
    qtbot.waitUntil(lambda: page.group is not None and page.table.currentRow() == row)
    widgets = [*page.grid_host.findChildren(QLabel), *page.grid_host.findChildren(QAbstractButton)]
    shown = [x.text() for x in widgets if x.text()]
    assert not [text for text in shown if any(status in text for status in STATUSES)], shown
    # The county's, the station's and the original value: each named as the 住户 list names it.
    statuses = {text.removesuffix(" (in use)") for text in shown} & ENGLISH_STATUSES
    assert len(statuses) >= 2, shown


def test_the_review_list_names_each_status_as_the_household_list_does(qtbot: QtBot, county: CountyPage) -> None:
    county.tabs.setCurrentWidget(county.review)
    page = county.review
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    shown = {page.table.text(row, 2) for row in range(page.table.rowCount())}
    assert shown and shown <= ENGLISH_STATUSES, shown


def test_a_duplicates_households_show_status_and_relations_in_english(qtbot: QtBot, county: CountyPage) -> None:
    county.tabs.setCurrentWidget(county.duplicates)
    page = county.duplicates
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    for row in range(page.table.rowCount()):
        page.table.setCurrentCell(row, 0)
        lines = [x.text() for x in page.columns_host.findChildren(QLabel)]
        statuses = [line.rsplit("Status: ", 1)[1] for line in lines if "Status: " in line]
        assert statuses and set(statuses) <= ENGLISH_STATUSES, lines
        people = [line for line in lines if line.endswith(tuple("0123456789X"))]  # name (relation) number
        assert people, lines
        assert not [line for line in people if any(r in line for r in RELATIONS) or "（" in line], people
    assert any("(Head of household)" in line for line in people), people


def test_an_employment_conflict_names_the_jobs_form_in_english(qtbot: QtBot, county: CountyPage) -> None:
    forms = value_labels(load_packaged())[("employments", "form")]  # 外出务工 → Migrant work away from home
    county.tabs.setCurrentWidget(county.conflicts)
    page = county.conflicts
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    records = [page.table.text(row, 1) for row in range(page.table.rowCount())]
    row = next(row for row, text in enumerate(records) if text.startswith("Employment ("))
    page.table.setCurrentCell(row, 0)
    qtbot.waitUntil(lambda: page.group is not None and page.table.currentRow() == row)
    for text in (records[row], page.detail_title.text()):
        assert any(f" {en} " in text for en in forms.values()), text
        assert not [zh for zh in forms if zh in text], text


def test_the_conflicts_json_names_each_record_in_english_beside_its_field(
    demo_county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``anju county conflicts --json`` gave ``field_label_en`` but only the 中文 ``record_label``: a script writing
    the English list had “就业经历（黄家成 外出务工 2023-05）” beside “Employment form”."""
    forms = value_labels(load_packaged())[("employments", "form")]
    assert main(["county", "conflicts", "--db", str(demo_county), "--json"]) == 0
    conflicts = json.loads(capsys.readouterr().out)["conflicts"]
    jobs = [c for c in conflicts if c["record_table"] == "employments"]
    assert jobs, [c["record_table"] for c in conflicts]
    for job in jobs:
        said = job["record_label_en"]
        assert said.startswith("Employment (") and any(f" {en} " in said for en in forms.values()), said
        assert not [zh for zh in forms if zh in said], said
        assert job["record_label"].startswith("就业经历（")
    members = [c for c in conflicts if c["record_table"] == "members"]
    assert all(c["record_label_en"] == f"Member {c['record']}" for c in members), members
    households = [c for c in conflicts if c["record_table"] == "households"]
    assert all(c["record_label_en"] == "Household" for c in households), [c["record_label_en"] for c in households]


def test_the_review_title_names_the_household_head_with_english_punctuation(qtbot: QtBot, county: CountyPage) -> None:
    county.tabs.setCurrentWidget(county.review)
    page = county.review
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10_000)
    page.table.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: page.item is not None)
    title = page.detail_title.text()
    assert "Household head: " in title, title
    assert not {"：", "\u3000"} & set(title), title  # a full-width colon or space


def test_the_tabs_count_what_waits_in_english_brackets(qtbot: QtBot, county: CountyPage) -> None:
    """The tab titles' counts were in Chinese brackets in English too: “Conflicts（4）”, drawn “Conflicts ( 4 )”."""
    counted = range(1, county.tabs.count())  # 冲突, 重复人员, 审核: each once its list is read
    qtbot.waitUntil(lambda: all(county.tabs.tabText(i)[-1] in ")）" for i in counted), timeout=10_000)
    titles = [county.tabs.tabText(index) for index in range(county.tabs.count())]
    assert titles[0] == "Stations"
    assert titles[1] == "Conflicts (4)" and titles[2] == "Duplicate persons (10)" and titles[3].startswith("Review (")
    assert not [title for title in titles if "（" in title or "）" in title], titles

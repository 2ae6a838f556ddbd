"""同步 screen: a station exports to a stick and takes its return file back; the county takes many batch files at
once; a station package is accepted with its one-time passphrase. Real files, real keys, real sealed batches.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

import desktop.sync_dialogs as sync_dialogs
from desktop.main_window import MainWindow
from desktop.sync_page import SyncPage
from desktop.tasks import TaskRunner
from forms.records import Household
from forms.store import Store
from forms.users import Account
from sync import enrolment
from sync.county_sites import add_site
from sync.drives import Drive
from sync.enrolment import accept_package, enrol_station, init_county
from sync.outbox import export_batch, station_status
from tests.test_excel_page import runner_held
from tests.test_sync_support import World, add_household

pytest_plugins = ["tests.test_sync_support"]


@pytest.fixture
def runner(world: World) -> Iterator[TaskRunner]:
    """Depends on the world so its work is done before the world's databases close."""
    made = TaskRunner()
    yield made
    made.wait()


@pytest.fixture(scope="session")
def foreign_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch from a station of another county (东川区), sealed for that county."""
    other = tmp_path_factory.mktemp("other-county")
    with Store.open(other / "county.db") as county:
        init_county(county, "东川区")
        add_site(county, "D1", "东川安置点", "clerk")
        made = enrol_station(county, "铜都工作站", ["D1"], other / "p.anju-station", "clerk")
    with Store.open(other / "station.db") as station:
        accept_package(station, made.path, made.passphrase)
        return export_batch(station, other).path


def open_page(qtbot: QtBot, store: Store, runner: TaskRunner) -> SyncPage:
    page = SyncPage(store, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None, timeout=5000)
    return page


def today() -> str:
    return datetime.now(UTC).strftime("%Y%m%d")


def test_a_station_exports_to_the_chosen_stick_and_imports_the_county_return_file(
    qtbot: QtBot, world: World, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with world.edit("a") as uow:
        household = add_household(uow, world.site_id("S1"), room="302")
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    monkeypatch.setattr(sync_dialogs, "removable_drives", lambda: [Drive(stick, "KINGSTON")])
    page = open_page(qtbot, world.a, runner)
    assert "3 条" in page.status_line.text() and page.export_button.isVisible()
    assert not page.drop_zone.isVisible() and not page.enrol_button.isVisible()

    dialog = page.open_export_dialog()
    qtbot.waitUntil(lambda: dialog.drives.count() == 2)  # the stick, and 其他位置…
    assert dialog.drives.item(0).text() == f"KINGSTON（{stick}）"
    assert dialog.drives.item(1).text() == "其他位置…"
    dialog.drives.setCurrentRow(0)
    dialog.export_button.click()
    expected = stick / f"anju-者海镇工作站-0001-{today()}.batch"
    qtbot.waitUntil(lambda: "已导出第 1 批" in page.notice.text(), timeout=5000)
    assert expected.is_file() and str(expected) in page.notice.text()
    assert "序号" not in page.notice.text()  # the journal's sequence numbers meant nothing to the 站长
    assert [p.name for p in stick.iterdir()] == [expected.name]

    # 其他位置…: any folder, picked in the system's folder dialog.
    elsewhere = tmp_path / "backup-folder"
    elsewhere.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(elsewhere))
    dialog = page.open_export_dialog()
    qtbot.waitUntil(lambda: dialog.drives.count() == 2)
    dialog.drives.setCurrentRow(1)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "已导出第 2 批" in page.notice.text(), timeout=5000)
    assert (elsewhere / f"anju-者海镇工作站-0002-{today()}.batch").is_file()

    # The county answers; the return file comes back on the stick and is imported on the same screen.
    (return_path, _made), *_ = world.county_import(expected).returns
    page.import_returns([return_path])
    qtbot.waitUntil(lambda: "已导入县里的回执" in page.notice.text(), timeout=5000)
    assert "县里已确认本站第 1 批" in page.notice.text()
    qtbot.waitUntil(lambda: "待发送到县里的变更：0 条" in page.status_line.text(), timeout=5000)
    assert station_status(world.a).pending == 0
    assert world.get("county", Household, household.id) is not None
    assert page.log.rowCount() == 3 and page.log.item(0, 1).text() == "导入回执"


def drop(page: SyncPage, paths: list[Path]) -> None:
    """What the window system delivers when files are dragged from the stick onto the page."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(page, QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, buttons, keys))


def test_the_county_drops_many_files_at_once_and_sees_each_outcome(
    qtbot: QtBot, world: World, runner: TaskRunner, foreign_batch: Path, tmp_path: Path
) -> None:
    with world.edit("b") as uow:
        add_household(uow, world.site_id("S2"), room="201")
    replayed = world.export("b")
    assert not world.county_import(replayed).refused
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    stick = tmp_path / "county-stick"
    stick.mkdir()
    fresh = export_batch(world.a, stick).path
    files = [fresh, shutil.copy(replayed, stick / replayed.name), shutil.copy(foreign_batch, stick / "foreign.batch")]

    page = open_page(qtbot, world.county, runner)
    assert page.drop_zone.isVisible() and not page.export_button.isVisible()
    drop(page, [Path(f) for f in files])
    qtbot.waitUntil(lambda: page.results.rowCount() == 3, timeout=10_000)

    rows = {page.results.item(r, 0).text(): [page.results.item(r, c).text() for c in (1, 2)] for r in range(3)}
    outcome, message = rows[fresh.name]
    assert outcome == "已应用" and "工作站“者海镇工作站”第 1 批：已应用" in message
    outcome, message = rows[replayed.name]
    assert outcome == "重复导入" and "已于" in message and "导入过，本次未作任何更改" in message
    outcome, message = rows["foreign.batch"]
    assert outcome == "已拒绝" and "另一个县" in message and "未导入任何内容" in message
    assert "sealed for another county" in message  # the reason in both languages
    assert "1 个未导入" in page.notice.text()

    # Each station that sent something gets its return file beside its batch, and the page says where.
    written = sorted(p.name for p in stick.glob("*.return"))
    assert written == [f"anju-娜姑镇工作站-0001-{today()}.return", f"anju-者海镇工作站-0001-{today()}.return"]
    assert page.returns_label.isVisible()
    assert all(str(stick / name) in page.returns_label.text() for name in written)
    qtbot.waitUntil(lambda: page.log.rowCount() >= 4, timeout=5000)


def test_a_stick_that_takes_no_return_file_still_shows_the_batch_applied(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    batch = world.export("a")
    blocker = world.stick / f"anju-者海镇工作站-0001-{today()}.return.partial"  # the stick refuses this name
    blocker.mkdir()

    page = open_page(qtbot, world.county, runner)
    drop(page, [batch])
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=10_000)
    assert page.results.item(0, 1).text() == "已应用"
    assert "批次已经导入，但回执没有写出" in page.notice.text() and str(blocker.parent) in page.notice.text()
    assert not page.returns_label.isVisible()


def test_a_gap_names_the_missing_batches(qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path) -> None:
    """The county lost batch 1 (restored from a backup); batch 2 is refused, naming batch 1."""
    pristine = tmp_path / "county-before.db"
    with world.county.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(world.root / "county.db", pristine)
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="1")
    world.sync("a")
    world.county.close()
    shutil.copyfile(pristine, world.root / "county.db")
    world.stores["county"] = Store.open(world.root / "county.db", create=False)
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="2")
    second = world.export("a")

    page = open_page(qtbot, world.county, runner)
    page.import_batches([second])
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=10_000)
    assert page.results.item(0, 1).text() == "有缺口"
    message = page.results.item(0, 2).text()
    assert "缺少工作站“者海镇工作站”的第 1 批" in message and "batch 1" in message
    assert "者海镇工作站" in page.returns_label.text()  # the return file asking the station to send again


def test_a_wrong_passphrase_says_so_and_the_right_one_enrols(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path
) -> None:
    package = tmp_path / "new.anju-station"
    made = enrol_station(world.county, "待补街道工作站", ["S2"], package, "clerk")
    with Store.open(tmp_path / "fresh.db") as fresh:
        page = open_page(qtbot, fresh, runner)
        assert page.enrol_button.isVisible() and "尚未登记" in page.heading.text()
        assert not page.export_button.isVisible() and not page.log.isVisible()
        # The package has one name, as the passphrase's errors, the command line and the README call it.
        assert page.enrol_button.text() == "导入登记包(&P)…" and "县里发的登记包" in page.status_line.text()

        dialog = page.start_enrolment(package)
        assert dialog.windowTitle() == "导入登记包"
        dialog.passphrase.setText("AAAA-BBBB-CCCC-DDDD-EEEE")
        dialog.ok.click()
        qtbot.waitUntil(lambda: "口令不正确" in dialog.message.text(), timeout=5000)
        assert "Wrong passphrase" in dialog.message.text() and dialog.isVisible()
        assert dialog.passphrase.text() == ""  # cleared, ready to type again

        dialog.passphrase.setText(made.passphrase.lower())
        dialog.ok.click()
        qtbot.waitUntil(lambda: "登记完成" in page.notice.text(), timeout=5000)
        assert not dialog.isVisible() and "待补街道工作站" in page.notice.text()
        # and what to do next: the site's roster, the surveyors' accounts, the survey
        assert "下一步：在“导入导出”里导入本站安置点的住户花名册" in page.notice.text()
        assert "在“设置”里为采集员添加账号" in page.notice.text()
        qtbot.waitUntil(lambda: page.export_button.isVisible(), timeout=5000)
        assert "待补街道工作站" in page.heading.text() and not page.enrol_button.isVisible()
        runner.wait()


def test_enrolment_names_the_sites_the_station_serves_as_the_station_knows_them(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path
) -> None:
    """登记完成 said 服务安置点 S1、S3: the 站长 checks the package is for their sites, and knows them by name."""
    package = tmp_path / "new.anju-station"
    made = enrol_station(world.county, "待补街道工作站", ["S1", "S3"], package, "clerk")
    with Store.open(tmp_path / "fresh.db") as fresh:
        page = open_page(qtbot, fresh, runner)
        dialog = page.start_enrolment(package)
        dialog.passphrase.setText(made.passphrase)
        dialog.ok.click()
        qtbot.waitUntil(lambda: "登记完成" in page.notice.text(), timeout=5000)
        assert "服务安置点 幸福社区、阳光小区。" in page.notice.text()
        runner.wait()


def test_a_station_enrolled_by_a_county_not_yet_upgraded_is_told_it_keeps_the_packages_keys(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The county's program predates stations' own keys (`sync.versions`): the station signs with the package's, so
    the package file is not harmless once accepted, and the county can enrol it again once upgraded."""
    package = tmp_path / "new.anju-station"
    monkeypatch.setattr(enrolment, "file_schema", lambda own_keys=False: "0006")  # as the county's 0006 wrote it
    made = enrol_station(world.county, "待补街道工作站", ["S2"], package, "clerk")
    monkeypatch.undo()
    with Store.open(tmp_path / "fresh.db") as fresh:
        page = open_page(qtbot, fresh, runner)
        dialog = page.start_enrolment(package)
        dialog.passphrase.setText(made.passphrase)
        dialog.ok.click()
        qtbot.waitUntil(lambda: "登记完成" in page.notice.text(), timeout=5000)
        assert "本站沿用登记包里的密钥" in page.notice.text() and "请立即把登记包文件从U盘上删除" in page.notice.text()
        assert "已经没有用处" not in page.notice.text()
        runner.wait()


def test_after_enrolment_the_household_list_offers_the_sites_the_package_brought(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    """A new station has no site until it accepts its package: the 住户 list's site filter was read once, when the
    window opened, and offered only 全部安置点 until the program was opened again."""
    package = tmp_path / "new.anju-station"
    made = enrol_station(world.county, "待补街道工作站", ["S2"], package, "clerk")
    with Store.open(tmp_path / "fresh.db") as fresh:
        main = MainWindow(fresh, Account("wang", "王站长", "站长"))
        qtbot.addWidget(main)
        sites = main.households.site
        assert [sites.itemText(i) for i in range(sites.count())] == ["全部安置点"]
        main.show_page("sync")
        dialog = main.sync.start_enrolment(package)
        dialog.passphrase.setText(made.passphrase)
        dialog.ok.click()
        qtbot.waitUntil(lambda: "登记完成" in main.sync.notice.text(), timeout=5000)
        names = [sites.itemText(i) for i in range(sites.count())]
        assert names[0] == "全部安置点" and len(names) > 1
        main.close()
        main.runner.wait()


def test_a_station_offers_its_own_sites_for_new_households_and_the_filter(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    """Station A serves S1 (幸福社区) and S3 (阳光小区); its package brought every site of the county. 新增住户, the
    editor's 安置点, the import's site and the 住户 filter offered 新村 (S2, station B's) too: a household recorded
    there was accepted by the county but drifted, A's return files covering only S1 and S3. A household already at
    新村 (the county moved it) still shows its site."""
    from desktop.editor import storage
    from desktop.excel_page import load_choices

    main = MainWindow(world.a, Account("zhang", "张站长", "站长"))
    qtbot.addWidget(main)
    sites = main.households.site
    assert [sites.itemText(i) for i in range(sites.count())] == ["全部安置点", "幸福社区", "阳光小区"]
    assert load_choices(world.a).sites == [("S1", "幸福社区"), ("S3", "阳光小区")]
    started = storage.start_household(world.a, "new-1", None, "张站长", date(2026, 11, 30))
    assert [name for _id, name in started.draft.sites] == ["幸福社区", "阳光小区"]
    elsewhere = storage.start_household(world.a, "new-2", world.site_id("S2"), "张站长", date(2026, 11, 30))
    assert elsewhere.draft.household.values["site_id"] is None  # not another station's site, even if asked

    with world.a.unit_of_work("county", source="remote") as uow:  # the county moved this household to 新村
        moved = add_household(uow, world.site_id("S2"), room="808")
    opened = storage.load_household(world.a, moved.id)
    assert opened is not None and [name for _id, name in opened.draft.sites] == ["幸福社区", "新村", "阳光小区"]
    main.households.reload_sites()
    assert [sites.itemText(i) for i in range(sites.count())] == ["全部安置点", "幸福社区", "新村", "阳光小区"]
    assert load_choices(world.a).sites == [("S1", "幸福社区"), ("S3", "阳光小区")]  # no new household goes there
    main.close()
    main.runner.wait()

    county = [name for _id, name in storage.start_household(world.county, "new-3", None, "x", date.today()).draft.sites]
    assert county == ["幸福社区", "新村", "阳光小区"]  # the county keeps every site


def test_a_stations_dashboard_and_summary_show_its_own_sites(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    """Station A serves S1 (幸福社区) and S3 (阳光小区); its package brought every site of the county, and its 工作台
    table and chart, and its 汇总表, listed 新村 (S2, station B's) with zeros. A station reports its own sites; a
    household the county moved to another station's site is no longer its to count (已迁出, `tests.test_moved_away`);
    the county reports every site."""
    import openpyxl
    from PySide6.QtCharts import QBarCategoryAxis

    from desktop.dashboard import Dashboard
    from forms.excel.export import ExportOptions, export

    def dashboard_sites(store: Store) -> tuple[list[str], list[str]]:
        runner = TaskRunner()
        dashboard = Dashboard(store, runner)
        qtbot.addWidget(dashboard)
        dashboard.refresh()
        qtbot.waitUntil(lambda: dashboard.figures is not None, timeout=10_000)
        runner.wait()
        table = dashboard.table
        (axis,) = [a for a in dashboard.chart.axes() if isinstance(a, QBarCategoryAxis)]
        return [table.item(r, 0).text() for r in range(table.rowCount())], axis.categories()

    def summary_sites(store: Store, name: str) -> list[str]:
        path = export(store, "summary", tmp_path / f"{name}.xlsx", ExportOptions(on=date(2026, 11, 30))).path
        rows = openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=5, values_only=True)
        return [row[1] for row in rows if isinstance(row[0], int)]

    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    assert dashboard_sites(world.a) == (["幸福社区", "阳光小区", "合计"], ["幸福", "阳光小区"])
    assert summary_sites(world.a, "a") == ["幸福社区", "阳光小区"]
    with world.a.unit_of_work("county", source="remote") as uow:  # the county moved a household to 新村
        add_household(uow, world.site_id("S2"), room="808")
    assert dashboard_sites(world.a)[0] == ["幸福社区", "阳光小区", "合计"]
    assert summary_sites(world.a, "a-moved") == ["幸福社区", "阳光小区"]
    assert dashboard_sites(world.county)[0] == ["幸福社区", "新村", "阳光小区", "合计"]
    assert summary_sites(world.county, "county") == ["幸福社区", "新村", "阳光小区"]


# ---- step progress and cancel (issue 6) --------------------------------------------------------------------------


def two_stations_batches(world: World) -> tuple[dict[str, Household], list[Path]]:
    """A batch from each station, each bringing one new household."""
    households = {}
    with world.edit("a") as uow:
        households["者海镇工作站"] = add_household(uow, world.site_id("S1"), room="101")
    with world.edit("b") as uow:
        households["娜姑镇工作站"] = add_household(uow, world.site_id("S2"), room="201")
    return households, [world.export("a"), world.export("b")]


def test_the_bar_names_each_file_and_step_of_a_county_import(qtbot: QtBot, world: World, runner: TaskRunner) -> None:
    _households, files = two_stations_batches(world)
    page = open_page(qtbot, world.county, runner)
    reports: list[tuple[int, int, str]] = []
    bar: list[int] = []
    page.work.bar.valueChanged.connect(bar.append)
    with runner_held(runner):
        task = page.import_batches(files)
        assert task is not None and page.busy and page.work.cancel_button.isVisible()
        task.signals.progress.connect(lambda done, total, text: reports.append((done, total, text)))
    qtbot.waitUntil(lambda: page.results.rowCount() == 2 and not page.busy, timeout=10_000)

    texts = [text for *_, text in reports]
    assert texts[:2] == [f"1/2 正在校验 {files[0].name}……", f"2/2 正在校验 {files[1].name}……"]
    applying = [text for text in texts if "正在应用" in text]
    assert [text[:4] for text in applying] == ["1/2 ", "2/2 "]
    assert {text[4:] for text in applying} == {"正在应用 者海镇工作站 第 1 批……", "正在应用 娜姑镇工作站 第 1 批……"}
    assert len([text for text in texts if "重新运行规则" in text]) == 2
    assert {text[4:] for text in texts if "回执" in text} == {
        "正在写出给 者海镇工作站 的回执……",
        "正在写出给 娜姑镇工作站 的回执……",
    }
    assert texts[-1] == "导入完成。"
    # 2 files verified, 2 batches applied and re-checked, 2 return files: 8 steps, never going back.
    assert [done for done, *_ in reports] == sorted(done for done, *_ in reports)
    assert reports[-1][:2] == (8, 8) and bar[-1] == 8 and bar == sorted(bar)
    assert not page.work.isVisible() and "2 个导入成功或无需导入，0 个未导入" in page.notice.text()


def test_cancel_stops_between_batches_and_says_which_were_applied(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    households, files = two_stations_batches(world)
    page = open_page(qtbot, world.county, runner)
    texts: list[str] = []
    with runner_held(runner):
        task = page.import_batches(files)
        assert task is not None

        def cancel_while_applying(_done: int, _total: int, text: str) -> None:
            texts.append(text)
            if "正在应用" in text:
                task.cancel()  # on the worker thread, as the first batch starts: it finishes, the next is not begun

        task.signals.progress.connect(cancel_while_applying, Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: page.results.rowCount() == 2 and not page.busy, timeout=10_000)

    first = next(text for text in texts if "正在应用" in text).split()[2]  # the station whose batch went first
    other = next(name for name in households if name != first)
    assert not any(f"正在应用 {other}" in text for text in texts)
    rows = {page.results.item(r, 0).text(): [page.results.item(r, c).text() for c in (1, 2)] for r in range(2)}
    applied = next(path.name for path in files if first in path.name)
    skipped = next(path.name for path in files if other in path.name)
    assert rows[applied][0] == "已应用" and rows[skipped][0] == "已取消"
    assert "已取消，这个文件未导入" in rows[skipped][1]
    assert "已取消" in page.notice.text() and "另有 1 个文件没有导入" in page.notice.text()
    assert world.get("county", Household, households[first].id) is not None
    assert world.get("county", Household, households[other].id) is None
    # The applied batch is answered; the station not reached gets no return file and sends its batch again.
    assert [p.name for p in world.stick.glob("*.return")] == [f"anju-{first}-0001-{today()}.return"]
    assert first in page.returns_label.text() and other not in page.returns_label.text()

    # Imported again, the skipped file applies and the applied one is a replay.
    page.import_batches(files)
    qtbot.waitUntil(lambda: not page.busy and "0 个未导入" in page.notice.text(), timeout=10_000)
    assert world.get("county", Household, households[other].id) is not None


def test_a_dropped_stick_whose_batches_are_in_a_folder_on_it_imports_them(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path
) -> None:
    """The station saved its batch in a folder on the stick (其他位置…, E:\\安居同步); the clerk drops the stick."""
    with world.edit("a") as uow:
        add_household(uow, world.site_id("S1"), room="101")
    stick = tmp_path / "county-stick"
    (stick / "安居同步").mkdir(parents=True)
    batch = export_batch(world.a, stick / "安居同步").path
    (stick / "$RECYCLE.BIN").mkdir()  # a portable disk's recycle bin: what was deleted is not imported
    shutil.copy(batch, stick / "$RECYCLE.BIN" / "$R1A2B3C.batch")

    page = open_page(qtbot, world.county, runner)
    drop(page, [stick])
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=10_000)
    assert page.results.item(0, 0).text() == batch.name and page.results.item(0, 1).text() == "已应用"
    assert (stick / "安居同步" / batch.with_suffix(".return").name).exists()  # beside its batch, as always
    assert page.results.rowCount() == 1


def test_a_dropped_folder_without_batch_files_says_so(
    qtbot: QtBot, world: World, runner: TaskRunner, tmp_path: Path
) -> None:
    """The wrong stick, or one holding only last trip's return file: the clerk is told nothing was found there and
    what a batch file is called, not "0 files processed"."""
    stick = tmp_path / "county-stick"
    stick.mkdir()
    (stick / "anju-者海镇工作站-0001-20260501.return").write_bytes(b"old")
    (stick / "照片.jpg").write_bytes(b"jpg")

    page = open_page(qtbot, world.county, runner)
    drop(page, [stick])
    qtbot.waitUntil(lambda: not page.busy and page.notice.text() != "", timeout=10_000)
    text = page.notice.text()
    assert f"“{stick}”" in text and "没有找到批次文件" in text and ".batch" in text
    assert "0 个文件" not in text


def test_the_heading_names_the_county_and_the_station_without_a_gap_inside_the_chinese(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    """“同步 — 会泽县 的工作站…” had a space between the county's name and 的, as English spaces its words."""
    page = SyncPage(world.a, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None, timeout=5000)
    status = station_status(world.a)
    assert page.heading.text() == f"同步 — {status.county_name}的工作站“{status.station_name}”"

"""What the files a clerk puts on a USB stick carry, and whether they say so.

The import's list of problems (``FILE.errors.xlsx``) is written beside the roster, on the stick it came on. It must
hold what the clerk needs to fix the rows and import them again (names, ID numbers), and say that it holds them;
health (患有大病, 残疾) already in the database, which no row listed needs, stays off the stick. A full (not
masked) export says it holds whole ID numbers, and health, as a masked one says it is masked.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from forms.demo import write_demo
from forms.excel.apply import ImportOptions
from forms.excel.commands import register
from forms.excel.roster_import import import_roster
from forms.idnumber import make_ric
from forms.records import Member, Site
from forms.store import Store
from tests.factories import sheet_file
from tests.in_process_cli import run_in_process

ON = date(2026, 11, 29)
HEADERS = [
    "户编号",
    "安置点名称",
    "楼栋",
    "单元",
    "门牌号",
    "姓名",
    "证件号码",
    "与户主关系",
    "劳动技能",
    "健康状况",
    "残疾类别",
]
HEAD = make_ric("530326", date(1975, 3, 4), 11)
HEAD_MISTYPED = HEAD[:-1] + ("1" if HEAD.endswith("0") else "0")  # the check character wrong: imported, to check
WIFE = make_ric("530326", date(1978, 5, 6), 22)
NEIGHBOUR = make_ric("530326", date(1980, 1, 2), 31)


@pytest.fixture
def site_store(store: Store) -> Store:
    with store.unit_of_work("test") as uow:
        uow.add(Site(code="530326AZ001", name="幸福社区安置点", county="会泽县"))
    return store


def roster(path: Path, *rows: list[object]) -> Path:
    return sheet_file(path, HEADERS, rows)


def whole_text(path: Path) -> str:
    """Everything the workbook's file holds, as text: its cells, comments, properties, hidden or not."""
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def health_of(store: Store) -> dict[str, tuple[str | None, str | None]]:
    with store.reading() as session:
        return {m.name: (m.health, m.disability) for m in session.scalars(select(Member))}


def test_a_list_of_rows_all_imported_leaves_their_health_off_the_stick_and_imports_again(
    site_store: Store, tmp_path: Path
) -> None:
    """Only warnings (a mistyped check character): the rows are in, with their health. The list kept 患有大病 and
    残疾/肢体 on the stick, which the clerk did not need to see to fix an ID number."""
    family = ["5303260010010001", "幸福社区安置点", "1", "2", "301"]
    path = roster(
        tmp_path / "花名册.xlsx",
        [*family, "张三", HEAD_MISTYPED, "户主", "弱劳动力或半劳动力", "患有大病", None],
        [*family, "李四", WIFE, "配偶", "普通劳动力", "残疾", "肢体"],
    )
    result = import_roster(site_store, path, ImportOptions(on=ON))
    assert result.errors_path == tmp_path / "花名册.errors.xlsx" and not result.errors
    assert health_of(site_store)["张三"] == ("患有大病", None)

    text = whole_text(result.errors_path)
    assert HEAD_MISTYPED in text  # the clerk fixes the number, so it is there
    assert "患有大病" not in text and "肢体" not in text
    book = openpyxl.load_workbook(result.errors_path)
    assert {"姓名", "证件号码"} <= {c.value for c in book["Sheet"][2]}
    assert not {"健康状况", "残疾类别"} & {c.value for c in book["Sheet"][2]}
    notes = list(book["说明"].values)
    said = "\n".join(str(v) for row in notes for v in row if v)
    assert "完整的证件号码" in said and "不要留在U盘" in said  # the list says what it holds
    assert "不列出这两列" in said  # and why the health columns are not there
    assert "含完整证件号码" in result.summary() and "full ID numbers" in result.summary_en()

    # The clerk types the number from the ID card and imports the list: the health stays as it was.
    book = openpyxl.load_workbook(result.errors_path)
    ws = book["Sheet"]
    headers = [c.value for c in ws[2]]
    ws.cell(3, headers.index("证件号码") + 1).value = HEAD
    book.save(result.errors_path)
    fixed = import_roster(site_store, result.errors_path, ImportOptions(on=ON))
    assert fixed.errors_path is None and not result.errors_path.exists()
    assert health_of(site_store)["张三"] == ("患有大病", None)
    with site_store.reading() as session:
        assert session.scalar(select(Member.id_number).where(Member.name == "张三")) == HEAD


def test_a_row_not_imported_keeps_its_health_so_it_comes_in_whole(site_store: Store, tmp_path: Path) -> None:
    """A row not imported (its ID number lost to Excel's 15 digits) is imported from the list once fixed: without
    its 健康状况 it would come in as if healthy."""
    path = roster(
        tmp_path / "花名册.xlsx",
        ["5303260010010001", "幸福社区安置点", "1", "2", "301", "张三", HEAD_MISTYPED, "户主", "普通劳动力", "健康"],
        ["5303260010010002", "幸福社区安置点", "1", "2", "302", "王五", "5.30326E+17", "户主", None, "长期慢性病"],
    )
    result = import_roster(site_store, path, ImportOptions(on=ON))
    assert result.errors_path is not None and result.errors
    book = openpyxl.load_workbook(result.errors_path)
    ws = book["Sheet"]
    headers = [c.value for c in ws[2]]
    assert "健康状况" in headers and "残疾类别" in headers
    row = next(line for line in ws.iter_rows(min_row=3) if line[headers.index("姓名")].value == "王五")
    assert row[headers.index("健康状况")].value == "长期慢性病"
    row[headers.index("证件号码")].value = NEIGHBOUR
    book.save(result.errors_path)
    import_roster(site_store, result.errors_path, ImportOptions(on=ON))
    assert health_of(site_store)["王五"] == ("长期慢性病", None)


def exporter(store: Store, tmp_path: Path) -> Callable[..., tuple[str, str]]:
    """``anju export KIND ... --db`` the store's database: what the command said, and the text of the file."""

    def exported(kind: str, *more: str) -> tuple[str, str]:
        out = tmp_path / f"{kind}{len(more)}.xlsx"
        code, said, _ = run_in_process(
            register, "export", kind, "--db", str(store.path), "--out", str(out), "--date", "2026-11-29", *more
        )
        assert code == 0, said
        return said, whole_text(out)

    return exported


def test_a_full_export_says_it_holds_whole_id_numbers_and_health(store: Store, tmp_path: Path) -> None:
    """The member roster for the county, copied to a stick, holds every ID number and 健康状况 in full: ``anju
    export`` said only where it wrote it (the 家庭基本情况表 alone said 含完整证件号码)."""
    write_demo(store, 30, seed=3, today=ON)
    exported = exporter(store, tmp_path)

    said, text = exported("members")
    assert "未脱敏，含完整的证件号码和健康状况：请妥善保管，不要留在U盘或共享文件夹里。" in said
    assert "患有大病" in text or "长期慢性病" in text  # what it says is so
    said, text = exported("transport-subsidy")
    assert "未脱敏，含完整的证件号码：" in said and "健康状况" not in text  # no health on a payment list
    said, _ = exported("household")
    assert "未脱敏，含完整的证件号码和健康状况：签字后请归档" in said
    for kind, more in (("members", ("--mask",)), ("zero-employment", ()), ("summary", ())):
        said, _ = exported(kind, *more)
        assert "未脱敏" not in said, kind


def test_a_full_list_of_phones_says_so_and_the_json_says_what_any_export_holds(store: Store, tmp_path: Path) -> None:
    """The 零就业 list written with --no-mask has no ID number but every zero-employment household's whole phone:
    it said nothing of it, and ``--json`` (a county's script copying the files to its share) said of no export
    what it held."""
    write_demo(store, 30, seed=3, today=ON)
    exported = exporter(store, tmp_path)

    said, text = exported("zero-employment", "--no-mask")
    assert "未脱敏，含完整的电话：请妥善保管，不要留在U盘或共享文件夹里。" in said
    assert "户联系电话" in text and "****" not in text  # what it says is so: the phones are whole
    for kind, more, holds in (
        ("members", (), (True, True, True)),
        ("members", ("--mask",), (False, False, False)),
        ("zero-employment", ("--no-mask",), (False, True, False)),
        ("zero-employment", (), (False, False, False)),
        ("transport-subsidy", (), (True, True, False)),
        ("household", (), (True, True, True)),
        ("summary", (), (False, False, False)),
    ):
        said, _ = exported(kind, *more, "--json")
        data = json.loads(said)
        assert (data["full_ids"], data["full_phones"], data["health"]) == holds, (kind, more)


def test_a_problem_list_imported_with_rows_still_to_fix_gives_way_to_the_new_one(
    site_store: Store, tmp_path: Path
) -> None:
    """The clerk fixes one row of two and imports the list: the rest went to 花名册.errors.errors.xlsx, and
    花名册.errors.xlsx (every name, ID number and 健康状况 of it) stayed on the stick for good, the lists piling up."""
    path = roster(
        tmp_path / "花名册.xlsx",
        ["5303260010010001", "幸福社区安置点", "1", "2", "301", "张三", "5.30326E+17", "户主", None, "患有大病"],
        ["5303260010010002", "幸福社区安置点", "1", "2", "302", "王五", "5.30326E+17", "户主", None, "长期慢性病"],
    )
    first = import_roster(site_store, path, ImportOptions(on=ON))
    listed = tmp_path / "花名册.errors.xlsx"
    assert first.errors_path == listed
    book = openpyxl.load_workbook(listed)
    ws = book["Sheet"]
    headers = [c.value for c in ws[2]]
    for line in ws.iter_rows(min_row=3):
        if line[headers.index("姓名")].value == "张三":
            line[headers.index("证件号码")].value = HEAD  # 王五's card is not at hand yet
        else:
            line[headers.index("健康状况")].value = "长期慢性病,残疾"  # what the clerk learned on the visit
    book.save(listed)

    second = import_roster(site_store, listed, ImportOptions(on=ON))
    assert second.errors_path == tmp_path / "花名册.errors.errors.xlsx" and second.errors_path.exists()
    assert not listed.exists() and second.problem_list_removed
    assert "还要改的行都在新的问题清单里" in second.summary()
    assert health_of(site_store)["张三"] == ("患有大病", None)
    # 王五's row is in the new list as the clerk left it: nothing typed into the old one is lost.
    ws = openpyxl.load_workbook(second.errors_path)["Sheet"]
    headers = [c.value for c in ws[2]]
    (wang,) = [line for line in ws.iter_rows(min_row=3, values_only=True) if line[headers.index("姓名")] == "王五"]
    assert wang[headers.index("健康状况")] == "长期慢性病,残疾"
    assert sorted(p.name for p in tmp_path.glob("花名册*")) == ["花名册.errors.errors.xlsx", "花名册.xlsx"]

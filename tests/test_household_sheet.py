"""家庭基本情况表 (一户一档): one household on a portrait A4 page for its 户主 to check and sign, or many, a page
each; from ``anju export household``, the 导入导出 page's kinds and the editor's 打印户表 (Ctrl+P). Read back from
the real xlsx: what is on the page, and where the pages break."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.editor.household_sheet import HouseholdSheetDialog
from desktop.households_page import HouseholdsPage
from desktop.tasks import TaskRunner
from forms.excel.commands import register
from forms.excel.export import ExportOptions, export, kinds, mask_id
from forms.excel.export_household import MASKED_NOTE, PAGE_HEIGHT, PAGE_WIDTH, POINTS_PER_WIDTH
from forms.idnumber import make_ric
from forms.records import Employment, Household, Measure, Visit
from forms.store import Store
from forms.users import Account
from forms.version import APP_VERSION
from tests.factories import add_household, add_member, add_site
from tests.failing_drives import open_in_excel
from tests.in_process_cli import run_in_process
from tests.test_editor import shown_editor

ON = date(2026, 11, 30)
NUMBER = "5303261062020000070"
HEAD_ID = make_ric("530326", date(1976, 9, 14), 11)
WIFE_ID = make_ric("530326", date(1979, 5, 10), 22)
PHONE = "15195412467"


@pytest.fixture
def family(store: Store) -> str:
    """张开寿's household: he works at 田记货运 (an earlier job ended), his wife has no job, their son is at school;
    one measure open and one closed, two visits."""
    with store.unit_of_work("li") as uow:
        site = add_site(uow, "S01", "丰泽社区安置点")
        home = add_household(
            uow, site, hh_number=NUMBER, building="1", unit="1", room="101", phone=PHONE, household_type="脱贫户",
            relocation_type="建档立卡搬迁户", origin_county="会泽县", origin_town="大井镇", origin_village="沈家村",
            collector="周龙", collected_on=date(2026, 1, 15), status="已完成",
        )  # fmt: skip
        head = add_member(uow, home, "张开寿", relation="户主", id_number=HEAD_ID, sex="男",
                          birth_date=date(1976, 9, 14), ethnicity="汉族", education="高中", health="长期慢性病",
                          labour_skill="普通劳动力", phone=PHONE)  # fmt: skip
        wife = add_member(uow, home, "田明美", relation="配偶", id_number=WIFE_ID, sex="女",
                          birth_date=date(1979, 5, 10), ethnicity="汉族", education="初中", health="健康",
                          labour_skill="普通劳动力")  # fmt: skip
        add_member(uow, home, "张宇皓", relation="之子", sex="男", birth_date=date(2013, 9, 1), ethnicity="汉族",
                   student_status="八年级", labour_skill="无劳动力")  # fmt: skip
        uow.add(Employment(member_id=head.id, form="外出务工", place_scope="省外", place="浙江省宁波市",
                           employer="田记货运", start_month="2024-03", monthly_income=4200))  # fmt: skip
        uow.add(Employment(member_id=head.id, form="县内务工", employer="旧砖厂", start_month="2021-01",
                           end_month="2023-12"))  # fmt: skip
        uow.add(Employment(member_id=wife.id, form="灵活就业", employer="早市摊位", start_month="2020-01",
                           end_month="2022-06"))  # fmt: skip
        uow.add(Measure(household_id=home.id, member_id=wife.id, kind="职业介绍", started_on=date(2026, 10, 8),
                        staff="李干事", due_on=date(2026, 12, 31)))  # fmt: skip
        uow.add(Measure(household_id=home.id, kind="技能培训", started_on=date(2025, 3, 1),
                        closed_on=date(2025, 6, 1), outcome="已结业"))  # fmt: skip
        uow.add(Visit(household_id=home.id, visited_on=date(2026, 3, 2), outcome="家中无人", notes="三月未遇"))
        uow.add(Visit(household_id=home.id, visited_on=date(2026, 11, 12), surveyor="段自亮", outcome="入户",
                      notes="宣传就业创业政策"))  # fmt: skip
    return home.id


def write(store: Store, path: Path, **options: Any) -> Any:
    result = export(store, "household", path, ExportOptions(on=ON, **options))
    return openpyxl.load_workbook(result.path).worksheets[0]


def values(ws: Any) -> list[Any]:
    return [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]


def row_of(ws: Any, first: str, after: int = 0) -> list[Any]:
    """The cells of the first row from ``after`` on whose first cell is ``first`` (merged cells' others are None)."""
    for row in ws.iter_rows(min_row=after + 1):
        if row[0].value == first:
            return list(row)
    raise AssertionError(f"no row starts with {first!r}")


def pages(ws: Any) -> list[tuple[int, int]]:
    """The printed pages as (first row, last row), from the sheet's row breaks and its print area."""
    last = int(ws.print_area.split(":")[-1].lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ").replace("$", ""))
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    starts = [1, *(b + 1 for b in breaks)]
    return list(zip(starts, [*breaks, last], strict=True))


def printed_scale(ws: Any) -> int:
    """The scale Excel prints the sheet at, one page wide (never above 100%)."""
    width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1))
    return min(100, int(100 * PAGE_WIDTH / (width * POINTS_PER_WIDTH)))


def test_one_households_sheet_holds_its_people_and_jobs_under_the_national_labels(
    store: Store, family: str, tmp_path: Path
) -> None:
    ws = write(store, tmp_path / "one.xlsx", household_ids=(family,))
    assert ws["A1"].value == "丰泽社区安置点 家庭基本情况表"
    assert f"户编号：{NUMBER}" in ws["A2"].value and "户主：张开寿" in ws["A2"].value
    head = row_of(ws, "姓名")  # the members table's header
    assert [c.value for c in head if c.value] == [
        "姓名", "与户主关系", "证件号码", "性别", "出生日期", "年龄", "民族", "文化程度", "健康状况", "劳动技能",
        "就业状况", "联系电话",
    ]  # fmt: skip
    he = [c.value for c in row_of(ws, "张开寿") if c.value is not None]
    assert he == [
        "张开寿",
        "户主",
        HEAD_ID,
        "男",
        "19760914",
        50,
        "汉族",
        "高中",
        "长期慢性病",
        "普通劳动力",
        "已就业",
        PHONE,
    ]
    she = [c.value for c in row_of(ws, "田明美") if c.value is not None]
    assert she[-1] == "未就业"
    son = [c.value for c in row_of(ws, "张宇皓") if c.value is not None]
    assert "八年级" in son and son[-1] == "在校生"
    id_cell = next(c for c in row_of(ws, "张开寿") if c.value == HEAD_ID)
    assert id_cell.data_type == "s" and id_cell.number_format == "@"  # text: never 4.40524E+17
    jobs = row_of(ws, "姓名", after=head[0].row)  # the 当前就业情况 table's header
    assert [c.value for c in jobs if c.value] == [
        "姓名", "就业形式", "务工地域", "务工所在地", "务工企业名称", "开始时间", "月收入(元)",
    ]  # fmt: skip
    job = [c.value for c in row_of(ws, "张开寿", after=jobs[0].row) if c.value is not None]
    assert job == ["张开寿", "外出务工", "省外", "浙江省宁波市", "田记货运", "2024年03月", 4200]
    everything = values(ws)
    assert "旧砖厂" not in everything and "早市摊位" not in everything  # ended jobs: not today's
    assert "职业介绍" in everything and "技能培训" not in everything  # the open measure only
    assert "宣传就业创业政策" in everything and "三月未遇" not in everything  # the last visit only
    for field, value in (
        ("户编号", NUMBER),
        ("户联系电话", PHONE),
        ("家庭人数", 3),
        ("劳动力人数", 2),
        ("就业人数", 1),
    ):
        cells = [c.value for c in row_of_label(ws, field)]
        assert cells[cells.index(field) + 1 :][0] == value or value in cells, field


def test_an_open_measure_is_written_under_its_own_headers(store: Store, family: str, tmp_path: Path) -> None:
    """四、正在落实的帮扶措施: the due date was written under 责任人 and the 责任人 under 计划完成."""
    ws = write(store, tmp_path / "one.xlsx", household_ids=(family,))
    header = row_of(ws, "帮扶对象")
    measure = row_of(ws, "田明美", after=header[0].row)
    under = {cell.value: measure[cell.column - 1].value for cell in header if cell.value}
    assert under["帮扶措施"] == "职业介绍"
    assert under["计划完成"] == "2026-12-31"
    assert under["责任人"] == "李干事"


def test_a_childs_job_is_listed_and_marked_as_not_counting(store: Store, tmp_path: Path) -> None:
    """The father has no job, the 15-year-old son works at a car wash: the page listed the job under 当前就业情况
    and said 非劳动力 beside the son, with 就业人数 0 and 零就业家庭 是, and the county clerk could not tell which
    was wrong. It now says 未满16岁就业, as the editor's roster does, and what that means under the jobs."""
    with store.unit_of_work("li") as uow:
        home = add_household(uow, add_site(uow), room="101", status="已完成")
        add_member(uow, home, "杨国富", relation="户主", sex="男", birth_date=date(1980, 1, 1),
                   labour_skill="普通劳动力")  # fmt: skip
        son = add_member(uow, home, "杨小军", relation="之子", sex="男", birth_date=date(2011, 3, 1),
                         education="初中", labour_skill="无劳动力")  # fmt: skip
        uow.add(Employment(member_id=son.id, form="县内务工", place_scope="县内", employer="洗车店",
                           start_month="2026-07"))  # fmt: skip
    ws = write(store, tmp_path / "one.xlsx", household_ids=(home.id,))
    head = row_of(ws, "姓名")
    son_row = [c.value for c in row_of(ws, "杨小军") if c.value is not None]
    assert son_row[-1] == "未满16岁就业"
    job = [c.value for c in row_of(ws, "杨小军", after=row_of(ws, "姓名", after=head[0].row)[0].row) if c.value]
    assert job[:3] == ["杨小军", "县内务工", "县内"] and "洗车店" in job  # the job is shown
    said = " ".join(str(v) for v in values(ws))
    assert "“未满16岁就业”：未满16周岁的工作不计入就业人数" in said
    assert "未满16周岁或在校生有就业" in said  # the 检查结果 that asks for it to be put right
    for field, value in (("就业人数", 0), ("零就业家庭", "是")):
        cells = row_of_label(ws, field)
        assert cells[[c.value for c in cells].index(field) + 1].value == value, field


def row_of_label(ws: Any, label: str) -> list[Any]:
    for row in ws.iter_rows():
        if any(c.value == label for c in row):
            return [c for c in row if c.value is not None]
    raise AssertionError(label)


def test_it_prints_on_portrait_a4_one_page_wide_and_a_typical_household_on_one_page(
    store: Store, family: str, tmp_path: Path
) -> None:
    """Eight members, four of them at work, a measure and a visit: one page, readable (above 85%)."""
    with store.unit_of_work("li") as uow:
        home = uow.get(Household, family)
        assert home is not None
        for n in range(5):
            kid = add_member(uow, home, f"张{'一二三四五'[n]}", relation="之女", sex="女",
                             birth_date=date(1998 + n, 1, 1), education="初中", health="健康",
                             labour_skill="普通劳动力", ethnicity="汉族")  # fmt: skip
            if n < 3:
                job = Employment(member_id=kid.id, form="自主创业(含返乡创业)", place_scope="县内",
                                 place="云南省曲靖市会泽县", employer="张记小吃店", start_month="2023-09")  # fmt: skip
                uow.add(job)
    ws = write(store, tmp_path / "eight.xlsx", household_ids=(family,))
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("portrait", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert printed_scale(ws) >= 85
    assert pages(ws) == [(1, ws.max_row)]
    room = PAGE_HEIGHT * 100 / printed_scale(ws)
    assert sum(ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)) <= room


def test_the_signature_block_is_under_the_whole_copy(store: Store, family: str, tmp_path: Path) -> None:
    ws = write(store, tmp_path / "one.xlsx", household_ids=(family,))
    last_rows = [c.value for r in range(ws.max_row - 2, ws.max_row + 1) for c in ws[r] if c.value]
    assert "以上信息经本户核对无误。" in last_rows
    signing = " ".join(str(v) for v in last_rows)
    assert "户主（签字）" in signing and "采集员（签字）" in signing and "日期" in signing
    sign_row = next(r for r in range(1, ws.max_row + 1) if "户主（签字）" in str(ws.cell(r, 1).value))
    assert ws.row_dimensions[sign_row].height >= 40  # room to write a name by hand


def test_whole_numbers_by_default_masked_on_request_and_the_masked_copy_is_not_for_signing(
    store: Store, family: str, tmp_path: Path
) -> None:
    whole = values(write(store, tmp_path / "whole.xlsx", household_ids=(family,)))
    assert HEAD_ID in whole and WIFE_ID in whole and PHONE in whole and "19760914" in whole
    masked_ws = write(store, tmp_path / "masked.xlsx", household_ids=(family,), masked=True)
    masked = values(masked_ws)
    text = " ".join(str(v) for v in masked)
    assert HEAD_ID not in text and WIFE_ID not in text and PHONE not in text and "19760914" not in text
    assert f"{HEAD_ID[:4]}{'*' * 10}{HEAD_ID[-4:]}" in masked and "151****2467" in masked
    assert "出生日期" not in masked and "健康状况" not in masked and "长期慢性病" not in masked
    assert masked_ws["A1"].value.endswith("（脱敏）") and MASKED_NOTE in masked
    assert "户主（签字）" not in text
    properties = {p.name: p.value for p in openpyxl.load_workbook(tmp_path / "masked.xlsx").custom_doc_props.props}
    assert properties["Masked"] == "是" and properties["AnjuExport"] == "household"
    assert properties["AnjuVersion"] == APP_VERSION and APP_VERSION in masked_ws.oddFooter.right.text


def add_children(store: Store, household_id: str, count: int) -> None:
    """``count`` grown sons, each running a shop (a line of the 当前就业情况 table each)."""
    with store.unit_of_work("li") as uow:
        home = uow.get(Household, household_id)
        assert home is not None
        for n in range(count):
            kid = add_member(uow, home, f"张小{n + 1}", relation="之子", sex="男", birth_date=date(1996, 1, 1 + n),
                             education="初中", labour_skill="普通劳动力")  # fmt: skip
            shop = Employment(member_id=kid.id, form="自主创业(含返乡创业)", place_scope="县内",
                              place="云南省曲靖市会泽县", employer=f"张记{n + 1}号", start_month="2023-09")  # fmt: skip
            uow.add(shop)


def test_nine_members_go_on_over_a_second_page_which_starts_with_the_title_again(
    store: Store, family: str, tmp_path: Path
) -> None:
    add_children(store, family, 6)
    ws = write(store, tmp_path / "nine.xlsx", household_ids=(family,))
    printed = pages(ws)
    assert len(printed) == 2
    room = PAGE_HEIGHT * 100 / printed_scale(ws)
    for number, (first, last) in enumerate(printed, 1):
        assert sum(ws.row_dimensions[r].height for r in range(first, last + 1)) <= room
        assert ws.cell(first, 1).value.startswith("丰泽社区安置点 家庭基本情况表")
        assert (
            "户主：张开寿" in ws.cell(first + 1, 1).value and f"第 {number} 页，共 2 页" in ws.cell(first + 1, 1).value
        )
    second = printed[1][0]
    assert ws.cell(second, 1).value.endswith("（续）")
    # The 户主 signs under what they confirm: the last 走访 goes over with the signatures, not a bare page.
    rest = [ws.cell(r, 1).value for r in range(second + 2, ws.max_row + 1)]
    assert rest[0] in {"姓名", "帮扶对象", "走访日期"} or str(rest[0])[1] == "、"  # a table's header, or a part's title
    assert "2026-11-12" in rest and any("户主（签字）" in str(v) for v in rest)


def test_a_table_going_on_over_a_page_starts_it_with_its_header(store: Store, family: str, tmp_path: Path) -> None:
    """A household of 25 (a family registered as one): the members table goes on at the top of page 2, under the
    title and its own header row, so each column is still named on the page the 户主 reads."""
    add_children(store, family, 22)
    ws = write(store, tmp_path / "large.xlsx", household_ids=(family,))
    printed = pages(ws)
    assert len(printed) >= 2
    second = printed[1][0]
    assert [c.value for c in ws[second + 2] if c.value][:3] == ["姓名", "与户主关系", "证件号码"]
    assert str(ws.cell(second + 3, 1).value).startswith("张小")


def test_a_sites_batch_has_one_page_per_household_in_filing_order(store: Store, family: str, tmp_path: Path) -> None:
    with store.unit_of_work("li") as uow:
        home = uow.get(Household, family)
        assert home is not None
        site = home.site_id
        for room, name in (("302", "李四"), ("12", "王五")):
            other = uow.add(Household(site_id=site, building="1", unit="1", room=room))
            add_member(uow, other, name, relation="户主")
        void = uow.add(Household(site_id=site, room="999", status="作废"))
        add_member(uow, void, "赵作废", relation="户主")
        elsewhere = add_household(uow, add_site(uow, "S02", "阳光社区安置点"), room="1")
        add_member(uow, elsewhere, "钱别处", relation="户主")
    ws = write(store, tmp_path / "site.xlsx", site_code="S01")
    printed = pages(ws)
    assert len(printed) == 3
    heads = [ws.cell(first + 1, 1).value for first, _last in printed]
    assert [h.split("户主：")[1].split("　")[0] for h in heads] == ["王五", "张开寿", "李四"]  # rooms 12, 101, 302
    assert "赵作废" not in values(ws) and "钱别处" not in values(ws)


def anju(*argv: str) -> tuple[int, str, str]:
    return run_in_process(register, *argv)


def test_anju_export_household_by_number_and_its_refusals(store: Store, family: str, tmp_path: Path) -> None:
    db, out = str(store.path), tmp_path / "张开寿.xlsx"
    code, text, _err = anju("export", "household", "--db", db, "--household", NUMBER, "--out", str(out), "--date",
                            ON.isoformat())  # fmt: skip
    assert code == 0 and "1 户" in text and HEAD_ID in values(openpyxl.load_workbook(out).worksheets[0])
    code, text, _err = anju("export", "一户一档", "--db", db, "--household", NUMBER, "--out", str(out), "--mask",
                            "--json")  # fmt: skip
    assert code == 0 and json.loads(text)["masked"] is True
    code, _text, err = anju("export", "household", "--db", db, "--household", "123", "--out", str(out))
    assert code == 2 and "找不到户编号“123”" in err
    code, _text, err = anju("export", "members", "--db", db, "--household", NUMBER, "--out", str(out))
    assert code == 2 and "不能只选几户" in err


def test_the_excel_page_offers_it_whole_by_default() -> None:
    kind = kinds()["household"]
    assert kind.zh.startswith("家庭基本情况表") and not kind.carried


# ---- the editor -----------------------------------------------------------------------------------------------------


def test_ctrl_p_in_the_editor_writes_the_households_sheet_whole_or_masked(
    qtbot: QtBot, store: Store, runner: TaskRunner, family: str, tmp_path: Path
) -> None:
    with shown_editor(qtbot, store, runner, Account("li", "李采集", "采集员")) as editor:
        with qtbot.waitSignal(editor.opened, timeout=10_000):
            editor.open(family)
        field = next(w for w in editor.findChildren(QLineEdit) if w.isVisible() and w.isEnabled())
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: editor.findChild(HouseholdSheetDialog) is not None, timeout=10_000)
        dialog = editor.findChild(HouseholdSheetDialog)
        assert dialog is not None and dialog.whole.isChecked()  # the copy to sign, unless the clerk says otherwise
        today = editor.session.today  # named by the 户主 and 户编号, as `anju export household --out FOLDER`
        assert dialog.default_name() == f"家庭基本情况表（一户一档）-张开寿（{NUMBER}）-{today:%Y%m%d}.xlsx"
        dialog.write(tmp_path / "whole.xlsx")
        qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
        assert HEAD_ID in values(openpyxl.load_workbook(tmp_path / "whole.xlsx").worksheets[0])
        assert str(tmp_path / "whole.xlsx") in dialog.result_label.text() and dialog.open_button.isVisibleTo(dialog)
        dialog.masked.setChecked(True)
        assert dialog.default_name().endswith("-脱敏.xlsx")
        dialog.written = None
        dialog.write(tmp_path / "masked.xlsx")
        qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
        assert HEAD_ID not in values(openpyxl.load_workbook(tmp_path / "masked.xlsx").worksheets[0])
        QApplication.processEvents()
        dialog.grab().save(str(tmp_path / "sheet-dialog.png"))
        dialog.close()


WHOLE_SAID = "本表未脱敏，含完整的证件号码和健康状况：请妥善保管，不要留在U盘或共享文件夹里。"


def test_the_dialog_says_what_the_copy_written_holds_as_the_excel_page_does(
    qtbot: QtBot, store: Store, runner: TaskRunner, family: str, tmp_path: Path
) -> None:
    """The 签字件 holds whole ID numbers and each member's 健康状况 (its column, `ExportResult.health`): left on a
    stick it gives them away. The dialog said only where it wrote it; it says what the 导入导出 page says of the
    same sheets — and of the 入户携带件, what it masked — in the UI's language."""
    from desktop.editor.household_sheet import open_sheet

    with shown_editor(qtbot, store, runner, Account("li", "李采集", "采集员")) as editor:
        with qtbot.waitSignal(editor.opened, timeout=10_000):
            editor.open(family)
        dialog = open_sheet(editor)
        assert dialog is not None and dialog.whole.isChecked()
        written(qtbot, dialog, tmp_path / "签字件.xlsx")
        done, said = dialog.result_label.text().splitlines()
        assert done == f"已写出：{tmp_path / '签字件.xlsx'}" and said == WHOLE_SAID
        label = dialog.result_label  # both lines in view, not cut off under the buttons
        assert dialog.isVisible() and label.height() >= label.heightForWidth(label.width()), label.height()
        assert HEAD_ID in values(openpyxl.load_workbook(tmp_path / "签字件.xlsx").worksheets[0])  # as it says

        dialog.masked.setChecked(True)
        written(qtbot, dialog, tmp_path / "入户携带件.xlsx")
        said = dialog.result_label.text()
        assert said.endswith("\n证件号码和电话已脱敏，这份不作户主签字确认用。") and "未脱敏" not in said, said

        locale = QLocale()
        QLocale.setDefault(QLocale(QLocale.Language.English))  # as `desktop.i18n.install_translator` sets it
        try:
            written(qtbot, dialog, tmp_path / "carried.xlsx")
            masked_en = dialog.result_label.text().splitlines()[-1]
            dialog.whole.setChecked(True)
            written(qtbot, dialog, tmp_path / "signed.xlsx")
            whole_en = dialog.result_label.text().splitlines()[-1]
        finally:
            QLocale.setDefault(locale)
        assert masked_en == "ID numbers and phones masked: this copy is not for the head to sign."
        assert whole_en == (
            "Not masked: it holds full ID numbers and health. Keep it safe; do not leave it on a USB stick or in a "
            "shared folder."
        )
        dialog.close()


# ---- the 住户 list ------------------------------------------------------------------------------------------------

NEIGHBOURS = ("李国华", "王秀英", "赵德明", "陈金花")  # rooms 102 … 105, 张开寿's neighbours on his site


@pytest.fixture
def street(store: Store, family: str) -> dict[str, str]:
    """张开寿's household (room 101) and four neighbours' (102 … 105), each 户主 with an ID number; by 户主."""
    ids = {"张开寿": family}
    with store.unit_of_work("li") as uow:
        site = uow.get(Household, family).site_id  # type: ignore[union-attr]
        for n, name in enumerate(NEIGHBOURS, 2):
            home = uow.add(Household(site_id=site, building="1", unit="1", room=f"10{n}", status="已完成"))
            add_member(uow, home, name, relation="户主", id_number=make_ric("530326", date(1980, n, n), n), sex="男",
                       birth_date=date(1980, n, n))  # fmt: skip
            ids[name] = home.id
    return ids


@contextmanager
def households_page(qtbot: QtBot, store: Store, runner: TaskRunner) -> Iterator[HouseholdsPage]:
    page = HouseholdsPage(store, runner)
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.model.counted, timeout=10_000):
        page.apply_filter()
    yield page
    runner.wait()
    for dialog in page.findChildren(HouseholdSheetDialog):
        dialog.close()
    QApplication.processEvents()


def click_rows(qtbot: QtBot, page: HouseholdsPage, heads: Sequence[str]) -> None:
    """Ctrl and a click on each household's row, as a clerk picks several."""
    for row in range(page.model.rowCount()):
        if page.model.data(page.model.index(row, 0)) in heads:
            where = page.table.visualRect(page.model.index(row, 0)).center()
            qtbot.mouseClick(
                page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, where
            )


def sheet_dialog(qtbot: QtBot, page: HouseholdsPage) -> HouseholdSheetDialog:
    qtbot.waitUntil(lambda: page.findChild(HouseholdSheetDialog) is not None, timeout=5000)
    dialog = page.findChild(HouseholdSheetDialog)
    assert dialog is not None
    return dialog


def written(qtbot: QtBot, dialog: HouseholdSheetDialog, path: Path) -> Any:
    dialog.write(path)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    return openpyxl.load_workbook(path).worksheets[0]


def heads_printed(ws: Any) -> list[str]:
    """The 户主 of each household's pages, from the line under each page's title (户编号：…　户主：张开寿　…)."""
    return [m.group(1) for v in values(ws) if isinstance(v, str) for m in [re.search(r"户主：(\S+)　统计日期", v)] if m]


def test_three_households_chosen_in_the_list_print_into_one_workbook_whole_or_masked(
    qtbot: QtBot, store: Store, runner: TaskRunner, street: dict[str, str], tmp_path: Path
) -> None:
    """A clerk picks three households in 住户 (Ctrl and a click), presses Ctrl+P: their 家庭基本情况表, a page
    each, in one workbook, whole ID numbers for signing; the 脱敏 copy when chosen."""
    chosen = ("张开寿", "王秀英", "陈金花")
    with households_page(qtbot, store, runner) as page:
        click_rows(qtbot, page, chosen)
        assert page.chosen.text() == "已选中 3 户。"
        qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        dialog = sheet_dialog(qtbot, page)
        assert dialog.findChild(QRadioButton, "sheet_chosen").isChecked() and dialog.whole.isChecked()
        # Named by the first chosen's 户主 (in the list's order) and how many: another three are another file.
        first = page.model.row_at(min(index.row() for index in page.table.selectionModel().selectedRows()))
        assert first is not None and first.head_name in chosen
        assert dialog.default_name() == f"家庭基本情况表（一户一档）-{first.head_name}等3户-{date.today():%Y%m%d}.xlsx"
        whole = written(qtbot, dialog, tmp_path / "三户.xlsx")
        assert sorted(heads_printed(whole)) == sorted(chosen)  # those three, and nobody else
        assert len(whole.row_breaks.brk) == 2  # each from a page of its own
        everything = values(whole)
        assert HEAD_ID in everything and not any(name in everything for name in ("李国华", "赵德明"))
        assert dialog.result_label.text() == f"已写出 3 户的家庭基本情况表：{tmp_path / '三户.xlsx'}\n{WHOLE_SAID}"
        dialog.masked.setChecked(True)
        assert dialog.default_name().endswith(f"-{first.head_name}等3户-{date.today():%Y%m%d}-脱敏.xlsx")
        masked = values(written(qtbot, dialog, tmp_path / "三户-脱敏.xlsx"))
        assert HEAD_ID not in masked and mask_id(HEAD_ID) in masked and MASKED_NOTE in masked
        assert not any(make_ric("530326", date(1980, n, n), n) in masked for n in range(2, 6))
        assert sorted(heads_printed(openpyxl.load_workbook(tmp_path / "三户-脱敏.xlsx").worksheets[0])) == sorted(
            chosen
        )


def test_every_household_the_filter_shows_prints_from_the_context_menu(
    qtbot: QtBot, store: Store, runner: TaskRunner, street: dict[str, str], tmp_path: Path
) -> None:
    with store.unit_of_work("li") as uow:
        elsewhere = add_household(uow, add_site(uow, "S02", "阳光社区安置点"), room="1")
        add_member(uow, elsewhere, "孙丽", relation="户主")
    with households_page(qtbot, store, runner) as page:
        page.site.setCurrentIndex(page.site.findText("丰泽社区安置点"))
        qtbot.waitUntil(lambda: page.model.rowCount() == 5)
        page._context_menu(QPoint(5, 5))
        menu = page.findChild(QMenu, "household_menu")
        assert menu is not None
        every = next(a for a in menu.actions() if a.text().startswith("打印列表中全部 5 户"))
        every.trigger()
        menu.close()
        dialog = sheet_dialog(qtbot, page)
        assert dialog.findChild(QRadioButton, "sheet_shown").isChecked()
        first = page.model.row_at(0)
        assert first is not None
        assert dialog.default_name().startswith(f"家庭基本情况表（一户一档）-丰泽社区安置点-{first.head_name}等5户-")
        ws = written(qtbot, dialog, tmp_path / "丰泽.xlsx")
        assert sorted(heads_printed(ws)) == sorted(["张开寿", *NEIGHBOURS])  # not 孙丽, on another site


def test_with_no_household_chosen_it_says_how_to_choose_and_writes_nothing(
    qtbot: QtBot, store: Store, runner: TaskRunner, street: dict[str, str], tmp_path: Path
) -> None:
    with households_page(qtbot, store, runner) as page:
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
        dialog = sheet_dialog(qtbot, page)
        assert not dialog.findChild(QRadioButton, "sheet_chosen").isEnabled()
        assert dialog.write(tmp_path / "none.xlsx") is None
        assert dialog.result_label.text().startswith("还没有选中要打印的住户：请先在住户列表里选中")
        assert not (tmp_path / "none.xlsx").exists()
        dialog.findChild(QRadioButton, "sheet_shown").setChecked(True)
        assert not dialog.result_label.isVisible()  # chosen now: the hint has gone
        dialog.close()
        qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # as the hint says
        assert page.chosen.text() == "已选中 5 户。" and len(page.chosen_ids()) == 5


def test_a_workbook_open_in_excel_is_kept_and_the_clerk_is_told_to_close_it(
    qtbot: QtBot, store: Store, runner: TaskRunner, street: dict[str, str], tmp_path: Path
) -> None:
    """Last week's sheets, still open in Excel, are not lost, nor the households chosen: close it and press again."""
    target = tmp_path / "户表.xlsx"
    target.write_bytes(b"last week's sheets")
    with households_page(qtbot, store, runner) as page:
        click_rows(qtbot, page, ("李国华", "赵德明"))
        page.print_sheets()
        dialog = sheet_dialog(qtbot, page)
        with open_in_excel(target):
            dialog.write(target)
            qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
        zh = dialog.result_label.text().splitlines()[0]
        assert (
            zh.startswith(f"无法写入“{target}”：文件正在 Excel 等程序中打开")
            and "请在 Excel 里关闭这个文件后重试" in zh
        )
        assert target.read_bytes() == b"last week's sheets" and list(tmp_path.glob("*.tmp")) == []
        assert dialog.write_button.isEnabled() and dialog.written is None and len(page.chosen_ids()) == 2
        ws = written(qtbot, dialog, target)  # Excel closed: the same press writes it
        assert sorted(heads_printed(ws)) == ["李国华", "赵德明"]


def test_a_surveyor_prints_one_household_at_a_time_from_the_editor(qtbot: QtBot, store: Store) -> None:
    """Many households' whole ID numbers in one loose file is an export, the 站长's (as on 导入导出)."""
    from desktop.main_window import MainWindow

    for role, offered in (("采集员", False), ("站长", True)):
        window = MainWindow(store, Account("x", "X", role))  # type: ignore[arg-type]
        qtbot.addWidget(window)
        assert window.households.print_button.isVisibleTo(window.households) is offered
        assert (window.households.print_action in window.households.actions()) is offered
        window.runner.wait()
        window.close()

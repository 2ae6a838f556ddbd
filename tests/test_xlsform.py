"""The questionnaire as an XLSForm workbook: export, a county's edits read back with a change report, refusals."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from forms.errors import AnjuError
from forms.fieldchecks import field_findings
from forms.questionnaire import Questionnaire, QuestionnaireError, load_active, load_packaged, save_active
from forms.questionnaire_commands import register
from forms.store import Store
from forms.xlsform import ImportResult, export_xlsform, import_xlsform
from tests.factories import add_household, add_member, add_site

EDIT_DAY = date(2025, 6, 1)
Edit = Callable[[Workbook], None]


@pytest.fixture
def packaged() -> Questionnaire:
    return load_packaged()


def exported(tmp_path: Path, questionnaire: Questionnaire) -> Path:
    path = tmp_path / "questionnaire.xlsx"
    export_xlsform(questionnaire, path)
    return path


def edited(path: Path, *edits: Edit) -> Path:
    book = load_workbook(path)
    for edit in edits:
        edit(book)
    book.save(path)
    return path


def column(sheet: Worksheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def row_of(sheet: Worksheet, name: str, *, form: str | None = None, list_name: str | None = None) -> int:
    name_col, form_col = column(sheet, "name"), column(sheet, "form" if form else "list_name")
    wanted = form or list_name
    for row in range(2, sheet.max_row + 1):
        if (
            sheet.cell(row, name_col).value == name
            and (wanted is None or sheet.cell(row, form_col).value == wanted)
            and sheet.cell(row, 1).value not in ("begin_group", "end_group")
        ):
            return row
    raise KeyError(name)


def set_cell(form: str, name: str, header: str, value: object) -> Edit:
    def edit(book: Workbook) -> None:
        survey = book["survey"]
        survey.cell(row_of(survey, name, form=form), column(survey, header), value)

    return edit


def delete_row(sheet: str, name: str, *, form: str | None = None, list_name: str | None = None) -> Edit:
    def edit(book: Workbook) -> None:
        book[sheet].delete_rows(row_of(book[sheet], name, form=form, list_name=list_name))

    return edit


def import_edited(path: Path, base: Questionnaire, *edits: Edit, store: Store | None = None) -> ImportResult:
    return import_xlsform(edited(path, *edits), base, store=store, today=EDIT_DAY)


def refusal(path: Path, base: Questionnaire, *edits: Edit, store: Store | None = None) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as caught:
        import_edited(path, base, *edits, store=store)
    assert str(path) in caught.value.zh and "未能导入" in caught.value.zh and "not imported" in caught.value.en
    return caught.value


# ---- export and the unchanged round trip ----------------------------------------------------------------------


def test_export_then_import_unchanged_is_identical_with_no_changes(tmp_path: Path, packaged: Questionnaire) -> None:
    result = import_xlsform(exported(tmp_path, packaged), packaged, today=EDIT_DAY)
    assert result.questionnaire == packaged
    assert result.changes == () and not result.changed


def test_the_workbook_is_laid_out_for_a_clerk(tmp_path: Path, packaged: Questionnaire) -> None:
    book = load_workbook(exported(tmp_path, packaged))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = book["survey"]
    assert [c.value for c in survey[1]][:4] == ["type", "name", "label::中文 (zh)", "label::English (en)"]
    assert survey.freeze_panes == "A2" and survey["A1"].font.bold
    assert survey.column_dimensions["C"].width >= 20
    assert [survey.cell(2, 1).value, survey.cell(2, 2).value] == ["begin_group", "residence"]
    relation = row_of(survey, "relation", form="member")
    assert survey.cell(relation, 1).value == "select_one relation"
    assert survey.cell(relation, 3).value == "与户主关系" and survey.cell(relation, 7).value == "yes"
    settings = {c.value: book["settings"].cell(2, c.column).value for c in book["settings"][1]}
    assert settings["version"] == packaged.version and settings["anju_format"] == "1"
    choices = book["choices"]
    assert ("health", "残疾") in {(r[0].value, r[1].value) for r in choices.iter_rows(min_row=2)}


# ---- a county's edits ---------------------------------------------------------------------------------------------


def add_question(after: str, form: str, name: str, label: str, type_: str = "text") -> Edit:
    def edit(book: Workbook) -> None:
        survey = book["survey"]
        row = row_of(survey, after, form=form) + 1
        survey.insert_rows(row)
        for header, value in (("type", type_), ("name", name), ("label::中文 (zh)", label), ("form", form)):
            survey.cell(row, column(survey, header), value)

    return edit


def add_choice(list_name: str, value: str, english: str) -> Edit:
    def edit(book: Workbook) -> None:
        choices = book["choices"]
        row = max(r for r in range(2, choices.max_row + 1) if choices.cell(r, 1).value == list_name) + 1
        choices.insert_rows(row)
        for index, cell_value in enumerate((list_name, value, value, english), start=1):
            choices.cell(row, index, cell_value)

    return edit


def set_settings(header: str, value: str) -> Edit:
    def edit(book: Workbook) -> None:
        book["settings"].cell(2, column(book["settings"], header), value)

    return edit


def swap_rows(form: str, first: str, second: str) -> Edit:
    def edit(book: Workbook) -> None:
        survey = book["survey"]
        a, b = row_of(survey, first, form=form), row_of(survey, second, form=form)
        for col in range(1, survey.max_column + 1):
            upper, lower = survey.cell(a, col), survey.cell(b, col)
            upper.value, lower.value = lower.value, upper.value

    return edit


def test_a_county_edit_is_imported_with_a_precise_report(tmp_path: Path, packaged: Questionnaire) -> None:
    result = import_edited(
        exported(tmp_path, packaged),
        packaged,
        set_cell("member", "job_intent", "label::中文 (zh)", "有无就业意愿"),
        set_cell("member", "job_intent", "hint::中文 (zh)", "问本人"),
        set_cell("household", "building", "required", "yes"),
        set_cell("member", "two_after", "relevant", "${age} >= 15 and ${age} <= 22"),
        set_cell("employment", "monthly_income", "constraint", ". >= 0 and . <= 50000"),
        add_choice("unemployment_reason", "外出求学", "Away studying"),
        add_question("phone", "member", "wechat", "微信号"),
        swap_rows("household", "building", "unit"),
    )
    found = {(c.form, c.name, c.what, c.old, c.new) for c in result.changes}
    assert found >= {
        ("member", "job_intent", "label.zh", "就业意愿", "有无就业意愿"),
        ("member", "job_intent", "hint.zh", "", "问本人"),
        ("household", "building", "required", "", "yes"),
        ("member", "two_after", "relevant", "", "${age} >= 15 and ${age} <= 22"),
        ("employment", "monthly_income", "constraint", ". >= 0", ". >= 0 and . <= 50000"),
        ("choices", "unemployment_reason", "choice_added", "", "外出求学"),
        ("member", "wechat", "added", "", "text"),
        ("settings", "version", "version", "2025.1", "2025.1+20250601"),
    }
    assert {(c.form, c.name, c.what) for c in result.changes if c.what == "moved"} == {("household", "unit", "moved")}
    assert all(c.zh and c.en for c in result.changes)
    new = result.questionnaire
    assert new.version == "2025.1+20250601" and new.base_version == "2025.1"
    assert new.form("member").field("wechat").extra
    assert [f.name for f in new.form("household").fields][:3] == ["site_id", "unit", "building"]


def test_an_imported_questionnaire_becomes_active_and_checks_extra_answers(
    tmp_path: Path, packaged: Questionnaire, store: Store
) -> None:
    path = exported(tmp_path, packaged)
    result = import_edited(
        path,
        packaged,
        add_question("phone", "member", "wechat", "微信号"),
        set_cell("member", "wechat", "required", "yes"),
    )
    save_active(store, result.questionnaire)
    active = load_active(store)
    assert active == result.questionnaire
    values = {"name": "张三", "extra": {"wechat": ""}}
    findings = field_findings(active, "member", values, record_id="m", household_id="h", today=EDIT_DAY)
    assert "wechat" in {f.fields[0] for f in findings if f.code == "field.required"}
    # Exported again and read back unchanged, the edited questionnaire stays as it is.
    again = import_xlsform(exported(tmp_path, active), active, today=EDIT_DAY)
    assert again.questionnaire == active and again.changes == ()


def test_a_county_question_can_be_removed_again(tmp_path: Path, packaged: Questionnaire) -> None:
    with_wechat = import_edited(
        exported(tmp_path, packaged), packaged, add_question("phone", "member", "wechat", "微信")
    )
    base = with_wechat.questionnaire
    result = import_edited(exported(tmp_path, base), base, delete_row("survey", "wechat", form="member"))
    assert [(c.name, c.what) for c in result.changes if c.form == "member"] == [("wechat", "removed")]
    assert result.questionnaire.version == "2025.1+20250601.2"  # a second edit the same day


def test_a_workbook_exported_before_the_last_import_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    """The clerk keeps last month's workbook and edits it again: importing it would undo last month's edits and
    give the result a version an earlier questionnaire had, so it is refused, saying to export afresh."""
    old = exported(tmp_path, packaged)
    kept = old.read_bytes()

    def last_months(name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(kept)
        return path

    base = import_edited(old, packaged, add_question("phone", "member", "wechat", "微信号")).questionnaire
    assert base.version == "2025.1+20250601"
    problem = refusal(last_months("a.xlsx"), base, set_cell("member", "job_intent", "label::中文 (zh)", "有无就业意愿"))
    assert "从问卷 2025.1 导出" in problem.zh and "现在是 2025.1+20250601" in problem.zh
    assert "anju questionnaire export" in problem.zh and "exported from questionnaire 2025.1" in problem.en
    # The version cell set by hand does not hide it.
    problem = refusal(last_months("b.xlsx"), base, set_settings("version", "2026.1"))
    assert "从问卷 2025.1 导出" in problem.zh

    # A workbook from a program that did not say where it came from: its version cell, an earlier version, tells.
    def older_program(book: Workbook) -> None:
        book["settings"].delete_cols(column(book["settings"], "exported_from"))

    again = import_edited(exported(tmp_path, base), base, delete_row("survey", "wechat", form="member"))
    newer = again.questionnaire
    assert newer.version == "2025.1+20250601.2"
    for stale in (last_months("c.xlsx"), exported(tmp_path, base)):
        problem = refusal(stale, newer, older_program)
        assert f"现在是 {newer.version}" in problem.zh
    # An export of the current questionnaire goes in, with or without the column, and so does a version of the
    # clerk's own.
    assert import_edited(exported(tmp_path, newer), newer, older_program).changes == ()
    result = import_edited(exported(tmp_path, newer), newer, older_program, set_settings("version", "2026.1"))
    assert result.questionnaire.version == "2026.1"


def test_a_county_question_may_bring_its_own_choice_list(tmp_path: Path, packaged: Questionnaire) -> None:
    def add_list(book: Workbook) -> None:
        for value, english in (("汉语方言", "Chinese dialect"), ("彝语", "Yi language")):
            book["choices"].append(["language", value, value, english])

    result = import_edited(
        exported(tmp_path, packaged),
        packaged,
        add_list,
        add_question("phone", "member", "language", "常用语言", "select_one language"),
    )
    found = {(c.form, c.name, c.what) for c in result.changes}
    assert {("choices", "language", "list_added"), ("member", "language", "added")} <= found
    values = {"name": "张三", "language": "英语"}
    findings = field_findings(result.questionnaire, "member", values, record_id="m", household_id="h", today=EDIT_DAY)
    assert [f.code for f in findings if f.fields == ("language",)] == ["field.choice"]


def test_an_unused_choice_may_be_removed(tmp_path: Path, packaged: Questionnaire, store: Store) -> None:
    result = import_edited(
        exported(tmp_path, packaged), packaged, delete_row("choices", "高山族", list_name="ethnicity"), store=store
    )
    assert [(c.name, c.what, c.old) for c in result.changes if c.form == "choices"] == [
        ("ethnicity", "choice_removed", "高山族")
    ]


# ---- what is refused ------------------------------------------------------------------------------------------------


def test_removing_a_stored_question_is_refused_naming_its_old_row(tmp_path: Path, packaged: Questionnaire) -> None:
    path = exported(tmp_path, packaged)
    old_row = row_of(load_workbook(path)["survey"], "phone", form="member")
    error = refusal(path, packaged, delete_row("survey", "phone", form="member"))
    assert f"导出时在第 {old_row} 行" in error.zh and "“phone”" in error.zh and "不能删除或改名" in error.zh
    assert f"row {old_row} when exported" in error.en


def test_renaming_a_stored_question_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    error = refusal(exported(tmp_path, packaged), packaged, set_cell("member", "phone", "name", "mobile"))
    assert "“phone”" in error.zh and "不能删除或改名" in error.zh


def test_changing_a_stored_questions_type_or_list_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    path = exported(tmp_path, packaged)
    row = row_of(load_workbook(path)["survey"], "relation", form="member")
    error = refusal(path, packaged, set_cell("member", "relation", "type", "text"))
    assert f"工作表 survey 第 {row} 行“type”列（A）" in error.zh and "“select_one”改为“text”" in error.zh
    error = refusal(
        exported(tmp_path, packaged), packaged, set_cell("member", "relation", "type", "select_one ethnicity")
    )
    assert "选项列表不能从“relation”改为“ethnicity”" in error.zh
    error = refusal(exported(tmp_path, packaged), packaged, set_cell("employment", "monthly_income", "type", "text"))
    assert "题型 text 与记录字段 monthly_income 的存储类型不符" in error.zh


def test_changing_an_answered_county_questions_type_or_list_is_refused(
    tmp_path: Path, packaged: Questionnaire, store: Store
) -> None:
    def add_list(book: Workbook) -> None:
        for value in ("已参保", "未参保"):
            book["choices"].append(["insurance", value, value, None])
        for value in ("是", "否"):
            book["choices"].append(["answer", value, value, None])

    path = exported(tmp_path, packaged)
    base = import_edited(
        path, packaged, add_list, add_question("phone", "member", "insured", "是否参保", "select_one insurance")
    ).questionnaire
    # Unanswered, a county question may still change its type or list.
    other_list = set_cell("member", "insured", "type", "select_one answer")
    assert import_edited(exported(tmp_path, base), base, other_list, store=store).changed
    with store.unit_of_work("test") as uow:
        add_member(uow, add_household(uow, add_site(uow)), extra={"insured": "已参保"})
    row = row_of(load_workbook(exported(tmp_path, base))["survey"], "insured", form="member")
    for new_type in ("select_one answer", "integer"):
        error = refusal(exported(tmp_path, base), base, set_cell("member", "insured", "type", new_type), store=store)
        assert f"工作表 survey 第 {row} 行“type”列（A）" in error.zh and "已有 1 条记录填写了答案" in error.zh
        assert "1 record(s) hold answers to “insured”" in error.en


def test_removing_a_choice_records_hold_is_refused_with_the_count(
    tmp_path: Path, packaged: Questionnaire, store: Store
) -> None:
    with store.unit_of_work("test") as uow:
        household = add_household(uow, add_site(uow))
        add_member(uow, household, ethnicity="傈僳族")
        add_member(uow, household, name="李四", ethnicity="傈僳族", health="长期慢性病,残疾")
    path = exported(tmp_path, packaged)
    old_row = row_of(load_workbook(path)["choices"], "傈僳族", list_name="ethnicity")
    error = refusal(path, packaged, delete_row("choices", "傈僳族", list_name="ethnicity"), store=store)
    assert "数据库中 2 条记录（members.ethnicity）在用" in error.zh and "2 record(s) hold it" in error.en
    assert f"工作表 choices（导出时在第 {old_row} 行）" in error.zh


def test_removing_a_choice_an_expression_or_a_rule_uses_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    error = refusal(exported(tmp_path, packaged), packaged, delete_row("choices", "残疾", list_name="health"))
    assert "问题“disability”的 relevant 用到了它" in error.zh
    error = refusal(exported(tmp_path, packaged), packaged, delete_row("choices", "无劳动力", list_name="labour_skill"))
    assert "程序的核查规则要用到它" in error.zh


def test_a_malformed_expression_is_refused_naming_row_column_and_character(
    tmp_path: Path, packaged: Questionnaire
) -> None:
    path = exported(tmp_path, packaged)
    row = row_of(load_workbook(path)["survey"], "job_intent_note", form="member")
    error = refusal(path, packaged, set_cell("member", "job_intent_note", "relevant", "${job_intent} = 'yes"))
    assert f"工作表 survey 第 {row} 行“relevant”列（H）" in error.zh and "缺少结束的引号" in error.zh
    assert f"sheet survey, row {row}, column “relevant” (H)" in error.en


def test_an_unknown_choice_list_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    path = exported(tmp_path, packaged)
    error = refusal(path, packaged, add_question("phone", "member", "dialect", "方言", "select_one dialects"))
    assert "找不到选项列表“dialects”" in error.zh and "“type”列（A）" in error.zh


def test_a_select_question_without_its_list_name_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    error = refusal(
        exported(tmp_path, packaged), packaged, add_question("phone", "member", "dialect", "方言", "select_one")
    )
    assert "请写明选项列表，如 select_one relation" in error.zh


def test_a_changed_chinese_choice_label_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    def relabel(book: Workbook) -> None:
        choices = book["choices"]
        choices.cell(row_of(choices, "其他", list_name="relation"), 3, "其它")

    error = refusal(exported(tmp_path, packaged), packaged, relabel)
    assert "中文标签“其它”与 name“其他”不同" in error.zh and "“label::中文 (zh)”列（C）" in error.zh


def test_a_question_outside_any_section_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    def append_loose_row(book: Workbook) -> None:
        book["survey"].append(["text", "loose", "散落的问题"])

    error = refusal(exported(tmp_path, packaged), packaged, append_loose_row)
    assert "不在任何一节" in error.zh


def test_a_retitled_sheet_is_read_or_named_and_a_full_width_space_in_a_type_is_read(
    tmp_path: Path, packaged: Questionnaire
) -> None:
    def retitle(book: Workbook) -> None:
        book["choices"].title = "Choices "

    def full_width_space(book: Workbook) -> None:
        survey = book["survey"]
        survey.cell(row_of(survey, "relation", form="member"), column(survey, "type"), "select_one\u3000relation")

    assert import_edited(exported(tmp_path, packaged), packaged, retitle, full_width_space).changes == ()
    error = refusal(exported(tmp_path, packaged), packaged, lambda book: setattr(book["survey"], "title", "Sheet1"))
    assert "缺少工作表“survey”（工作簿中有：“Sheet1”、“choices”、“settings”）" in error.zh
    assert "请改回“survey”" in error.zh and "rename it back to “survey”" in error.en


def test_a_workbook_from_a_newer_program_or_not_a_workbook_is_refused(tmp_path: Path, packaged: Questionnaire) -> None:
    def newer(book: Workbook) -> None:
        settings = book["settings"]
        settings.cell(2, column(settings, "anju_format"), "9")

    assert "升级安居" in refusal(exported(tmp_path, packaged), packaged, newer).zh
    error = refusal(exported(tmp_path, packaged), packaged, lambda book: book.remove(book["settings"]))
    assert "缺少工作表“settings”" in error.zh
    not_xlsx = tmp_path / "notes.xlsx"
    not_xlsx.write_text("just text", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="不是可读取的 Excel 工作簿"):
        import_xlsform(not_xlsx, packaged)
    with pytest.raises(QuestionnaireError, match="找不到这个文件"):
        import_xlsform(tmp_path / "missing.xlsx", packaged)
    for name in ("问卷.xls", "station.db", "问卷.csv"):  # a traceback (openpyxl refuses by extension)
        (tmp_path / name).write_text("not a workbook", encoding="utf-8")
        with pytest.raises(QuestionnaireError, match=r"不是 Excel 工作簿（\.xlsx）") as refused:
            import_xlsform(tmp_path / name, packaged)
        assert "openpyxl" not in str(refused.value)


# ---- the command line -----------------------------------------------------------------------------------------------


def anju(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="anju")
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_export_edit_dry_run_and_import(tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "county.xlsx"
    args = anju("questionnaire", "export", "--db", str(db_path), "--out", str(out))
    assert args.handler(args) == 0 and out.exists()
    assert "已导出到" in capsys.readouterr().out
    edited(out, set_cell("member", "job_intent", "label::中文 (zh)", "有无就业意愿"))

    args = anju("questionnaire", "import", str(out), "--db", str(db_path), "--dry-run", "--json")
    assert args.handler(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert (
        not report["saved"]
        and {"form": "member", "name": "job_intent", "what": "label.zh"}.items() <= report["changes"][0].items()
    )
    with Store.open(db_path) as store:
        assert load_active(store) == load_packaged()

    args = anju("questionnaire", "import", str(out), "--db", str(db_path))
    assert args.handler(args) == 0
    assert "已导入问卷" in capsys.readouterr().out
    with Store.open(db_path) as store:
        assert load_active(store).form("member").field("job_intent").label.zh == "有无就业意愿"

    args = anju("questionnaire", "reset", "--db", str(db_path))
    assert args.handler(args) == 0
    with Store.open(db_path) as store:
        assert load_active(store) == load_packaged()


def test_cli_refuses_an_output_that_is_not_xlsx(tmp_path: Path, db_path: Path) -> None:
    args = anju("questionnaire", "export", "--db", str(db_path), "--out", str(tmp_path / "q.xls"))
    with pytest.raises(AnjuError, match=r"\.xlsx"):
        args.handler(args)


def test_cli_export_to_a_full_or_read_only_drive_says_so(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only "open in Excel" (PermissionError) was caught: a full or write-protected USB stick was a traceback."""
    import errno

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("forms.xlsform.export_xlsform", full)
    args = anju("questionnaire", "export", "--db", str(db_path), "--out", str(tmp_path / "q.xlsx"))
    with pytest.raises(AnjuError, match="无法写入"):
        args.handler(args)

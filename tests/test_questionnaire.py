"""The questionnaire as data: the packaged forms, the checks made when loading, the field checks, the active one."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forms.choices import choice_list
from forms.fieldchecks import field_findings, form_state
from forms.questionnaire import (
    FORM_TABLES,
    Questionnaire,
    QuestionnaireError,
    from_dict,
    load_active,
    load_file,
    load_packaged,
    reset_active,
    save_active,
)
from forms.records import MODEL_BY_TABLE
from forms.store import Store

SURVEY_DAY = date(2024, 6, 15)

#: The national export headers (domain-fields.md) each column's question must carry, exactly.
NATIONAL_LABELS = {
    "household": {
        "hh_number": "户编号",
        "origin_county": "县(市、区、旗)",
        "origin_town": "乡(镇)",
        "origin_village": "行政村",
        "origin_hamlet": "自然村",
        "site_id": "安置点名称",
        "building": "楼栋",
        "unit": "单元",
        "room": "门牌号",
        "relocation_type": "易迁户属性",
        "household_type": "户类型",
        "monitoring_type": "监测对象类别",
        "relocated_on": "搬迁时间",
        "phone": "户联系电话",
        "collector": "采集人",
        "collected_on": "采集日期",
    },
    "member": {
        "name": "姓名",
        "id_type": "证件类型",
        "id_number": "证件号码",
        "sex": "性别",
        "birth_date": "出生日期",
        "age": "年龄",
        "ethnicity": "民族",
        "relation": "与户主关系",
        "education": "文化程度",
        "student_status": "在校生状况",
        "health": "健康状况",
        "disability": "残疾类别",
        "labour_skill": "劳动技能",
        "phone": "成员联系电话",
        "job_intent": "就业意愿",
        "training_intent": "培训意愿",
        "trained": "是否参加职业技能培训",
        "hard_to_employ": "是否就业困难人员",
        "unemployment_reason": "未就业原因",
    },
    "employment": {
        "form": "就业形式",
        "place_scope": "务工地域",
        "place": "务工所在地",
        "employer": "务工企业名称",
        "industry": "所属行业",
        "start_month": "开始时间",
        "end_month": "结束时间",
        "monthly_income": "务工月收入",
        "organised": "是否有组织劳务输出",
        "point_to_point": "是否点对点输送",
        "welfare_post_type": "公益性岗位类型",
        "accident_insurance": "意外伤害保险",
        "transport_subsidy": "年度交通费补助",
    },
}


@pytest.fixture(scope="module")
def packaged() -> Questionnaire:
    return load_packaged()


def raw_packaged() -> dict[str, Any]:
    return copy.deepcopy(load_packaged().to_dict(with_choices=False))


def raw_field(raw: dict[str, Any], form: str, name: str) -> dict[str, Any]:
    for body in raw["forms"]:
        if body["name"] == form:
            for section in body["sections"]:
                for item in section["fields"]:
                    if item["name"] == name:
                        return dict(item)
    raise KeyError(name)


def replace_field(raw: dict[str, Any], form: str, name: str, new: dict[str, Any]) -> None:
    for body in raw["forms"]:
        if body["name"] == form:
            for section in body["sections"]:
                for index, item in enumerate(section["fields"]):
                    if item["name"] == name:
                        section["fields"][index] = new
                        return
    raise KeyError(name)


def append_field(raw: dict[str, Any], form: str, new: dict[str, Any]) -> None:
    body = next(b for b in raw["forms"] if b["name"] == form)
    body["sections"][-1]["fields"].append(new)


def refused(tmp_path: Path, raw: dict[str, Any]) -> QuestionnaireError:
    path = tmp_path / "county.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_file(path)
    assert str(path) in caught.value.zh and str(path) in caught.value.en
    return caught.value


# ---- the packaged questionnaire ---------------------------------------------------------------------------------


def test_packaged_questionnaire_has_every_form_in_paper_order(packaged: Questionnaire) -> None:
    assert [form.name for form in packaged.forms] == list(FORM_TABLES)
    assert packaged.version
    member = packaged.form("member")
    # 暂无证件号码原因 is asked instead of the number when there is none yet (a newborn not yet registered)
    assert [f.name for f in member.fields][:5] == ["name", "id_type", "no_id_reason", "id_number", "sex"]


@pytest.mark.parametrize("form_name", sorted(NATIONAL_LABELS))
def test_labels_are_the_national_headers(packaged: Questionnaire, form_name: str) -> None:
    form = packaged.form(form_name)
    assert {name: form.field(name).label.zh for name in NATIONAL_LABELS[form_name]} == NATIONAL_LABELS[form_name]
    assert all(f.label.en for f in form.fields)


def test_select_questions_use_the_list_of_the_same_name(packaged: Questionnaire) -> None:
    for form in packaged.forms:
        for item in form.fields:
            if item.choices:
                assert item.label.zh == choice_list(item.choices).label, item.name


def test_every_content_column_is_asked(packaged: Questionnaire) -> None:
    kept_by_program = {"status", "void_reason", "left_reason", "left_on", "household_id", "extra"}
    for form in packaged.forms:
        model = MODEL_BY_TABLE[form.table]
        columns = {c.key for c in model.__table__.columns} - model.SYNC_FIELDS - model.DERIVED_FIELDS - kept_by_program
        if form.name == "employment":
            columns.discard("member_id")  # a spell is entered under its member
        assert columns <= set(form.by_name), f"{form.name}: not asked {sorted(columns - set(form.by_name))}"


def test_derived_fields_are_read_only_and_age_is_computed(packaged: Questionnaire) -> None:
    member = packaged.form("member")
    state = form_state(packaged, "member", {"id_type": "居民身份证", "birth_date": date(2008, 6, 16)}, today=SURVEY_DAY)
    assert state.read_only["sex"] and state.read_only["birth_date"] and state.read_only["age"]
    assert state.computed["age"] == 15
    assert not member.stored(member.field("age"))
    other_id = form_state(packaged, "member", {"id_type": "其他"}, today=SURVEY_DAY)
    assert not other_id.read_only["sex"]  # no ID to derive it from: the surveyor types it


def test_job_intent_note_is_asked_only_after_yes(packaged: Questionnaire) -> None:
    adult = {"birth_date": date(1990, 1, 1)}
    assert form_state(packaged, "member", adult | {"job_intent": True}, today=SURVEY_DAY).relevant["job_intent_note"]
    assert not form_state(packaged, "member", adult | {"job_intent": False}, today=SURVEY_DAY).relevant[
        "job_intent_note"
    ]
    child = form_state(packaged, "member", {"birth_date": date(2015, 1, 1), "job_intent": True}, today=SURVEY_DAY)
    assert not child.relevant["job_intent"] and not child.relevant["job_intent_note"]  # skipped counts as empty


def test_to_dict_and_back_gives_the_same_questionnaire(packaged: Questionnaire) -> None:
    assert from_dict(json.loads(json.dumps(packaged.to_dict())), source="copy") == packaged


# ---- what loading refuses ---------------------------------------------------------------------------------------


def test_an_unknown_field_is_refused_naming_form_and_field(tmp_path: Path) -> None:
    raw = raw_packaged()
    item = raw_field(raw, "member", "phone")
    replace_field(raw, "member", "phone", item | {"name": "mobile"})
    error = refused(tmp_path, raw)
    assert "表单“member”" in error.zh and "“mobile”" in error.zh and "extra: true" in error.zh
    assert "not a column of members" in error.en


def test_a_county_question_marked_extra_loads(tmp_path: Path) -> None:
    raw = raw_packaged()
    append_field(
        raw, "member", {"name": "wechat", "type": "text", "label": {"zh": "微信号", "en": "WeChat"}, "extra": True}
    )
    path = tmp_path / "county.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    question = load_file(path).form("member").field("wechat")
    assert question.extra and load_file(path).form("member").stored(question)


def test_a_broken_expression_is_refused_with_its_position(tmp_path: Path) -> None:
    raw = raw_packaged()
    item = raw_field(raw, "member", "job_intent_note")
    replace_field(raw, "member", "job_intent_note", item | {"relevant": "${job_intent} = 'yes' and"})
    error = refused(tmp_path, raw)
    assert "“job_intent_note”的“relevant”" in error.zh
    assert "第 26 个字符处" in error.zh and "at character 26" in error.en  # just after "and"


def test_a_reference_to_an_unknown_field_is_refused(tmp_path: Path) -> None:
    raw = raw_packaged()
    item = raw_field(raw, "member", "job_intent_note")
    replace_field(raw, "member", "job_intent_note", item | {"relevant": "${job_intnet} = 'yes'"})
    error = refused(tmp_path, raw)
    assert "${job_intnet}" in error.zh and "“job_intent_note”" in error.zh


def test_a_missing_choice_list_is_refused(tmp_path: Path) -> None:
    raw = raw_packaged()
    item = raw_field(raw, "member", "relation")
    replace_field(raw, "member", "relation", item | {"choices": "relations"})
    error = refused(tmp_path, raw)
    assert "找不到选项列表“relations”" in error.zh and "“relation”" in error.zh


def test_a_duplicate_name_is_refused(tmp_path: Path) -> None:
    raw = raw_packaged()
    append_field(raw, "member", raw_field(raw, "member", "phone"))
    assert "字段名重复" in refused(tmp_path, raw).zh


def test_an_unknown_type_or_attribute_is_refused(tmp_path: Path) -> None:
    raw = raw_packaged()
    item = raw_field(raw, "visit", "notes")
    replace_field(raw, "visit", "notes", item | {"type": "textarea", "requried": True})
    error = refused(tmp_path, raw)
    assert "未知的题型“textarea”" in error.zh
    assert "不认识的属性“requried”" in error.zh


def test_a_type_that_does_not_fit_the_column_is_refused(tmp_path: Path) -> None:
    raw = raw_packaged()
    item = raw_field(raw, "employment", "monthly_income")
    replace_field(raw, "employment", "monthly_income", item | {"type": "text"})
    error = refused(tmp_path, raw)
    assert "题型 text 与记录字段 monthly_income 的存储类型不符" in error.zh


def test_a_column_records_cannot_do_without_must_stay_required(tmp_path: Path) -> None:
    raw = raw_packaged()
    item = raw_field(raw, "member", "name")
    replace_field(raw, "member", "name", item | {"required": False})
    assert "“name”" in refused(tmp_path, raw).zh


def test_program_columns_cannot_be_questions(tmp_path: Path) -> None:
    raw = raw_packaged()
    append_field(raw, "household", {"name": "status", "type": "text", "label": {"zh": "状态", "en": "Status"}})
    assert "由程序自己维护" in refused(tmp_path, raw).zh


def test_a_newer_format_or_a_broken_file_is_refused(tmp_path: Path) -> None:
    raw = raw_packaged() | {"format": 99}
    assert "请先升级安居" in refused(tmp_path, raw).zh
    path = tmp_path / "broken.json"
    path.write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="无法读取"):
        load_file(path)


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    raw = raw_packaged()
    for name in ("building", "unit", "room"):
        replace_field(raw, "household", name, raw_field(raw, "household", name) | {"relevant": "${nope} = 1"})
    assert len(refused(tmp_path, raw).problems) == 3


# ---- the active questionnaire -----------------------------------------------------------------------------------


def test_the_database_questionnaire_wins_until_reset(store: Store, packaged: Questionnaire) -> None:
    assert load_active(store) == packaged
    raw = raw_packaged() | {"version": "2025.1+county"}
    append_field(
        raw, "member", {"name": "wechat", "type": "text", "label": {"zh": "微信号", "en": "WeChat"}, "extra": True}
    )
    edited = from_dict(raw, source="test")
    save_active(store, edited)
    assert load_active(store) == edited and load_active(store).version == "2025.1+county"
    reset_active(store)
    assert load_active(store) == packaged


def test_a_damaged_database_questionnaire_is_refused_naming_the_setting(store: Store) -> None:
    store.set_setting("questionnaire", {"format": 1, "version": "x", "forms": []})
    with pytest.raises(QuestionnaireError) as caught:
        load_active(store)
    assert "questionnaire" in caught.value.zh and str(store.path) in caught.value.zh


# ---- field checks -------------------------------------------------------------------------------------------------

GOOD_MEMBER: dict[str, object] = {
    "name": "张三",
    "id_type": "居民身份证",
    "id_number": "11010519491231002X",
    "sex": "女",
    "birth_date": date(1949, 12, 31),
    "ethnicity": "彝族",
    "relation": "户主",
    "education": "小学",
    "health": "健康",
    "labour_skill": "丧失劳动力",
    "phone": "13800138000",
}


def check(questionnaire: Questionnaire, form: str, values: dict[str, object]) -> dict[str, list[str]]:
    findings = field_findings(questionnaire, form, values, record_id="r1", household_id="h1", today=SURVEY_DAY)
    assert all(f.record_id == "r1" and f.household_id == "h1" and f.zh and f.en for f in findings)
    by_field: dict[str, list[str]] = {}
    for finding in findings:
        by_field.setdefault(finding.fields[0], []).append(finding.code)
    return by_field


def test_a_complete_member_has_no_findings(packaged: Questionnaire) -> None:
    assert check(packaged, "member", GOOD_MEMBER) == {}


def test_required_is_checked_only_while_relevant(packaged: Questionnaire) -> None:
    student = GOOD_MEMBER | {"education": None, "student_status": "八年级"}
    assert check(packaged, "member", student) == {}
    assert check(packaged, "member", GOOD_MEMBER | {"education": ""}) == {"education": ["field.required"]}
    disabled = GOOD_MEMBER | {"health": "残疾"}
    assert check(packaged, "member", disabled) == {"disability": ["field.required"]}


def test_a_skipped_question_is_not_checked(packaged: Questionnaire) -> None:
    values = GOOD_MEMBER | {"job_intent": False, "job_intent_note": "x" * 500}
    assert check(packaged, "member", values) == {}
    findings = check(packaged, "member", GOOD_MEMBER | {"job_intent": True, "job_intent_note": "x" * 500})
    assert findings == {"job_intent_note": ["field.type"]}  # too long for its column, now that it is asked


def test_a_constraint_failure_carries_the_fields_own_message(packaged: Questionnaire) -> None:
    findings = field_findings(
        packaged, "member", GOOD_MEMBER | {"phone": "1380013800"}, record_id="r1", household_id="h1", today=SURVEY_DAY
    )
    assert [(f.code, f.severity, f.fields) for f in findings] == [("field.constraint", "error", ("phone",))]
    assert findings[0].zh == "请填写 11 位手机号码（1 开头）。" and "11-digit" in findings[0].en
    assert findings[0].record_table == "members" and findings[0].blocks_completion


def test_a_value_outside_its_list_is_a_choice_error(packaged: Questionnaire) -> None:
    assert check(packaged, "member", GOOD_MEMBER | {"relation": "儿子"}) == {"relation": ["field.choice"]}
    assert check(packaged, "member", GOOD_MEMBER | {"health": "健康,很好"}) == {"health": ["field.choice"]}
    assert check(packaged, "member", GOOD_MEMBER | {"health": ["长期慢性病", "残疾"], "disability": "肢体"}) == {}


@pytest.mark.parametrize(
    ("form", "field", "value", "says"),
    [
        ("employment", "start_month", "2024/5", "年月（如 2024-05）"),
        ("employment", "start_month", "2024-13", "年月"),
        ("employment", "monthly_income", "三千", "整数"),
        ("employment", "contract_start", "2024-02-30", "日期"),
        ("employment", "organised", "maybe", "“是”或“否”"),
        ("member", "id_number", "1101 0519", "证件号码"),
    ],
)
def test_answers_of_the_wrong_kind_are_type_errors(
    packaged: Questionnaire, form: str, field: str, value: str, says: str
) -> None:
    base = (
        GOOD_MEMBER if form == "member" else {"form": "乡村公益性岗位", "place_scope": "县内", "start_month": "2024-01"}
    )
    findings = field_findings(packaged, form, base | {field: value}, record_id="r", household_id=None, today=SURVEY_DAY)
    mine = [f for f in findings if f.fields == (field,)]
    assert [f.code for f in mine] == ["field.type"] and says in mine[0].zh and value in mine[0].zh


def test_an_end_before_the_start_breaks_the_constraint(packaged: Questionnaire) -> None:
    spell = {"form": "外出务工", "place_scope": "省外", "place": "浙江省义乌市", "start_month": "2024-03"}
    assert check(packaged, "employment", spell) == {}
    assert check(packaged, "employment", spell | {"end_month": "2024-01"}) == {"end_month": ["field.constraint"]}
    assert check(packaged, "employment", spell | {"end_month": "2024-03"}) == {}


def test_the_welfare_post_section_is_asked_only_for_that_form(packaged: Questionnaire) -> None:
    spell = {"form": "乡村公益性岗位", "place_scope": "县内", "start_month": "2024-03"}
    assert set(check(packaged, "employment", spell)) == {
        "welfare_post_type",
        "contract_start",
        "contract_end",
        "accident_insurance",
    }
    assert check(packaged, "employment", spell | {"form": "县内务工"}) == {}


def custom(field: dict[str, Any]) -> Questionnaire:
    raw = raw_packaged()
    append_field(raw, "member", field)
    return from_dict(raw, source="test")


def test_constraint_severity_is_set_per_field(packaged: Questionnaire) -> None:
    questionnaire = custom(
        {
            "name": "height",
            "type": "decimal",
            "label": {"zh": "身高", "en": "Height"},
            "constraint": ". < 2.3",
            "constraint_severity": "warning",
            "extra": True,
        }
    )
    findings = field_findings(
        questionnaire,
        "member",
        GOOD_MEMBER | {"extra": {"height": 2.5}},
        record_id="r",
        household_id="h",
        today=SURVEY_DAY,
    )
    assert [(f.code, f.severity, f.blocks_completion) for f in findings] == [("field.constraint", "warning", False)]
    assert "身高" in findings[0].zh and ". < 2.3" in findings[0].zh  # no message given: the rule itself is shown


def test_an_expression_that_fails_while_checking_is_a_finding_not_a_crash() -> None:
    questionnaire = custom(
        {
            "name": "code",
            "type": "text",
            "label": {"zh": "编码", "en": "Code"},
            "constraint": "regex(., ${name})",
            "extra": True,
        }
    )
    findings = field_findings(
        questionnaire,
        "member",
        GOOD_MEMBER | {"name": "[", "code": "x"},
        record_id="r",
        household_id="h",
        today=SURVEY_DAY,
    )
    assert [f.code for f in findings if f.fields == ("code",)] == ["field.expression"]
    assert "请县级管理员修改问卷" in findings[-1].zh

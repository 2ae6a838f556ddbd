"""The 两后生 flag against what is recorded: a warning where the person is still at school or clearly past the age,
while the list keeps everyone flagged and its printed copy says which rows to check. Real stores and workbooks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from forms.check import check_database
from forms.excel.export import ExportOptions, export
from forms.records import Member
from forms.rules import household_findings
from forms.rules.labour import add_years
from forms.rules.loading import load_bundle
from forms.settings import RuleSettings
from forms.store import Store
from forms.worklists import run_worklist
from tests.factories import add_household, add_member, add_site
from tests.test_rules_support import ON

DEFAULT = RuleSettings()
CODES = ("member.two_after_at_school", "member.two_after_past_age")


def add_two_after(store: Store) -> str:
    """A 脱贫户 whose children and relatives are all marked 两后生: 甲 left 初中 at 16 and is at home (right); 乙 is
    in 普通高中 (went on); 丙 at a 中职, where §(十四) sends a 两后生 (right); 丁 is 40; 戊 turns 30 the day after ON
    (right, for a day); 己 turned 30 on ON."""
    with store.unit_of_work("zhang") as uow:
        home = add_household(uow, add_site(uow), room="101", household_type="脱贫户", status="已完成")

        def marked(name: str, age: int, student: str | None = None, days: int = 0) -> Member:
            born = date.fromordinal(add_years(ON, -age).toordinal() + days)
            return add_member(uow, home, name, relation="之子", sex="男", birth_date=born, student_status=student,
                              labour_skill="普通劳动力" if age >= 16 and student is None else "无劳动力",
                              two_after=True, education="初中")  # fmt: skip

        marked("甲", 16)
        marked("乙", 16, "普通高中一年级")
        marked("丙", 17, "中职二年级")
        marked("丁", 40)
        marked("戊", 30, days=1)
        marked("己", 30)
        return home.id


def test_a_two_after_flag_the_record_contradicts_is_a_warning(store: Store) -> None:
    """§(十四)'s 两后生 are 初、高中毕业未能继续升学: the list was the flag alone, so a man of 40 and a girl in 普通高中
    stayed on it and were offered 技工院校 every year. The editor and `anju check` now warn on them, saying what to
    do; nobody is dropped from the list (who counts is the county's to say)."""
    home_id = add_two_after(store)
    with store.engine.connect() as conn:
        listed = sorted(str(row.member_name) for row in run_worklist(conn, "two_after", DEFAULT, ON).rows)
        bundle = load_bundle(conn, home_id)
    assert listed == ["丁", "丙", "乙", "己", "戊", "甲"]
    names = {m.id: m.name for m in bundle.members}
    found = [f for f in household_findings(bundle, DEFAULT, ON) if f.code in CODES]
    assert sorted((f.code, names[f.record_id]) for f in found) == [
        ("member.two_after_at_school", "乙"),
        ("member.two_after_past_age", "丁"),
        ("member.two_after_past_age", "己"),
    ]
    assert all(f.severity == "warning" and not f.blocks_completion for f in found)
    [school] = (f for f in found if f.code == "member.two_after_at_school")
    assert school.zh.startswith("乙标为两后生，在校生状况却是“普通高中一年级”")
    assert "更正在校情况" in school.zh and "取消两后生标记" in school.zh
    assert school.fields == ("two_after", "student_status")
    [forty] = (f for f in found if names[f.record_id] == "丁")
    assert "已40岁" in forty.zh and "取消两后生标记" in forty.zh
    report = check_database(store, DEFAULT, ON)  # the screen finds them as the editor does
    checked = [e.finding for g in report.groups for e in g.entries if e.finding.code in CODES]
    assert sorted(checked, key=lambda f: (f.code, f.record_id)) == sorted(found, key=lambda f: (f.code, f.record_id))


def test_the_printed_two_after_list_says_which_rows_to_check(store: Store, tmp_path: Path) -> None:
    """The station prints the list to go door to door: the rows the record contradicts say so, and what to do."""
    add_two_after(store)
    path = export(store, "two-after", tmp_path / "两后生.xlsx", ExportOptions(on=ON, masked=False)).path
    ws = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in ws[3]]
    name_at, check_at = headers.index("姓名"), headers.index("需核实")
    said = {r[name_at]: r[check_at] for r in ws.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)}
    assert said == {
        "甲": None,
        "乙": "在校（普通高中一年级）：请更正在校情况或取消两后生标记",
        "丙": None,
        "丁": "已40岁：请核实后取消两后生标记",
        "戊": None,
        "己": "已30岁：请核实后取消两后生标记",
    }
    notes = [str(r[0]) for r in ws.iter_rows(min_row=4, values_only=True) if str(r[0]).startswith("需核实：")]
    assert len(notes) == 1 and "取消两后生标记" in notes[0]

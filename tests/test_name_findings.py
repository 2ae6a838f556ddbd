"""What the checks say of names: a name recorded with a stand-in for its characters (张? or 张□ from the national
export, pinyin typed for want of the character) is warned of, in the editor under the name and in `anju check`;
and two members of one household with one name are named apart in every finding, so the worker knows which is
meant. Real SQLite stores, the real editor."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.editor import HouseholdEditor
from forms.check import check_database
from forms.check_command import render_text
from forms.findings import Finding
from forms.idnumber import make_ric
from forms.records import Member
from forms.settings import RuleSettings
from forms.store import Store
from tests.factories import add_household, add_member, add_site
from tests.test_editor import (  # noqa: F401 - fixtures
    COMPLETE_HOUSEHOLD,
    COMPLETE_MEMBER,
    TODAY,
    add_head,
    household_id,
    line,
    open_household,
    settle,
)

STAND_IN = "member.name_stand_in"


def checked(store: Store) -> list[Finding]:
    """Every finding `anju check` lists (open ones and accepted ones)."""
    report = check_database(store, RuleSettings(), TODAY)
    return [entry.finding for group in report.groups for entry in group.entries]


def names_of(store: Store, findings: list[Finding]) -> set[str]:
    ids = {f.member_id for f in findings}
    with store.reading() as session:
        return set(session.scalars(select(Member.name).where(Member.id.in_(ids))))


def test_a_name_with_a_stand_in_for_its_characters_is_a_warning_in_anju_check(store: Store) -> None:
    """张? and 张□ from the national export, �, a private-use character of one computer's own 造字 and pinyin
    typed for want of the character went by without a word: the county and every ledger got them as they were."""
    stand_ins = ["张?", "王□", "刘\ufffd", "李\ue000", "Zhang Wei", "chen xiaoming", "欧阳？？"]
    right = ["张𠮷", "王䶮", "Mary李", "阿依·木沙", "朴·Li"]
    with store.unit_of_work("setup") as uow:
        site = add_site(uow)
        home = add_household(uow, site, **COMPLETE_HOUSEHOLD)
        add_head(uow, home)
        for n, name in enumerate(stand_ins + right):
            born = date(1990, 1, 1 + n)
            add_member(uow, home, name, **{**COMPLETE_MEMBER, "relation": "之子", "sex": "男", "birth_date": born,
                       "id_number": make_ric("530326", born, 11), "labour_skill": "丧失劳动力"})  # fmt: skip
    found = [f for f in checked(store) if f.code == STAND_IN]
    assert names_of(store, found) == set(stand_ins)
    assert all(f.severity == "warning" and not f.blocks_completion and f.fields == ("name",) for f in found)
    marked = next(f for f in found if "“张?”" in f.zh)
    assert "“?”不是字" in marked.zh and "生僻字" in marked.zh and "户口本" in marked.zh and "手写" in marked.zh
    assert "accept it with a reason" in marked.en
    assert any("只有拼音或字母" in f.zh and "“Zhang Wei”" in f.zh for f in found)
    assert any("自己造的字" in f.zh and "U+E000" in f.zh for f in found)
    assert len(found) == len(stand_ins)  # one each
    text = render_text(check_database(store, RuleSettings(), TODAY))
    assert "【警告】姓名中用“?”“□”或拼音代替了汉字" in text and "姓名“王□”中的“□”不是字" in text


def test_the_editor_warns_under_the_name_typed_as_the_national_list_shows_it_and_the_warning_goes_with_the_character(
    qtbot: QtBot,
    editor: HouseholdEditor,
    household_id: str,  # noqa: F811
    store: Store,
) -> None:
    open_household(qtbot, editor, household_id)
    head = editor.draft.members[0].id
    view = editor.member_view(head)
    name = line(view, "name")
    message = view.messages["name"]
    for typed in ("张?", "张□", "zhang san"):
        name.setFocus()
        name.setText(typed)
        qtbot.keyClick(name, "\t")
        found = [f for f in editor.session.findings() if f.code == STAND_IN]
        assert len(found) == 1 and found[0].severity == "warning", typed
        assert message.isVisibleTo(view) and "生僻字" in message.text() and typed in message.text()
        assert not any(f.code == STAND_IN for f in editor.session.blocking())  # 已完成 is not refused for it
    qtbot.wait(200)
    name.setFocus()
    name.setText("张𠮷")
    qtbot.keyClick(name, "\t")
    settle(qtbot, editor)
    assert not any(f.code == STAND_IN for f in editor.session.findings()) and not message.isVisibleTo(view)
    assert not any(f.code == STAND_IN for f in checked(store))


def add_namesakes(store: Store) -> str:
    """A household where a father and son are both 张伟 and twin girls are both 张? (the national export's 张𠮷),
    none of them with every answer given: each has findings of their own."""
    father, son, twins = date(1975, 3, 4), date(2001, 5, 6), date(2024, 2, 1)
    adult = {**COMPLETE_MEMBER, "ethnicity": None, "sex": "男", "labour_skill": "丧失劳动力"}
    girl = {**COMPLETE_MEMBER, "relation": "之女", "sex": "女", "birth_date": twins, "student_status": "学龄前儿童",
            "education": None, "labour_skill": "无劳动力"}  # fmt: skip
    with store.unit_of_work("setup") as uow:
        site = add_site(uow)
        home = add_household(uow, site, **COMPLETE_HOUSEHOLD)
        add_member(uow, home, "张伟", relation="户主", birth_date=father, id_number=make_ric("530326", father, 11),
                   **adult)  # fmt: skip
        add_member(uow, home, "张伟", relation="之子", birth_date=son, extra={"no_id_reason": "户口簿不在身边"},
                   **{**adult, "id_type": "暂无证件号码"})  # fmt: skip
        for order in (22, 24):
            add_member(uow, home, "张?", id_number=make_ric("530326", twins, order), **girl)
    return home.id


def test_findings_on_two_members_of_one_name_say_which_each_is_about_in_anju_check(store: Store) -> None:
    """Father and son both 张伟: “张伟的“民族”：必须填写” twice, and the worker could not tell which to open."""
    add_namesakes(store)
    found = checked(store)
    required = sorted(f.zh for f in found if f.code == "field.required")
    assert required == [
        "张伟（之子，2001-05-06出生）：“民族”必须填写。",
        "张伟（户主，1975-03-04出生）：“民族”必须填写。",
    ]
    assert {f.en for f in found if f.code == "field.required"} == {
        "张伟 (户主, born 1975-03-04): “Ethnicity” is required.",
        "张伟 (之子, born 2001-05-06): “Ethnicity” is required.",
    }
    no_number = next(f for f in found if f.code == "member.no_id_number")
    assert no_number.zh.startswith("张伟（之子，2001-05-06出生）暂无证件号码")
    twins = sorted(f.zh for f in found if f.code == STAND_IN)
    tails = sorted(make_ric("530326", date(2024, 2, 1), order)[-4:] for order in (22, 24))
    assert [zh.split("的姓名")[0] for zh in twins] == [f"张?（之女，2024-02-01出生，证件号码尾号{t}）" for t in tails]
    assert len({f.en for f in found if f.code == STAND_IN}) == 2


def test_the_editor_names_two_members_of_one_name_apart(
    qtbot: QtBot,
    editor: HouseholdEditor,
    store: Store,
) -> None:
    open_household(qtbot, editor, add_namesakes(store))
    found = editor.session.findings()
    required = {f.zh for f in found if f.code == "field.required"}
    assert required == {
        "张伟（户主，1975-03-04出生）：“民族”必须填写。",
        "张伟（之子，2001-05-06出生）：“民族”必须填写。",
    }
    assert len({f.zh for f in found if f.code == STAND_IN}) == 2
    texts = [editor.findings_panel.list.item(n).text() for n in range(editor.findings_panel.list.count())]
    assert sum("张伟（之子，2001-05-06出生）" in text for text in texts) == 2  # 民族, and the number to come
    # Told apart from nobody, a name is just the name again: the son renamed, both are named as before.
    son = next(m for m in editor.draft.members if m.values.get("relation") == "之子")
    name = line(editor.member_view(son.id), "name")
    name.setFocus()
    name.setText("张小伟")
    qtbot.keyClick(name, "\t")
    settle(qtbot, editor)
    required = {f.zh for f in editor.session.findings() if f.code == "field.required"}
    assert required == {"张伟：“民族”必须填写。", "张小伟：“民族”必须填写。"}

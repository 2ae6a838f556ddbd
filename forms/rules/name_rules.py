"""The rule on a member's name: one recorded with a stand-in for its characters.

The national 防返贫 export writes a character its font lacks as ? or □ (张? for 张𠮷), and a station that cannot
type a rare character may put in the pinyin instead. Such a name goes on to the county and into every ledger as it
is, and the person is hard to find again by it. It is a warning, not an error: the station may not be able to type
the character today, and the person is real; a reason accepts it. `forms.names` says which marks stand in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..findings import Finding
from ..names import letters_only, unshown_marks
from . import registry as r
from .bundle import HouseholdBundle, MemberFacts

#: How to put the real characters in, said for every kind of stand-in (after what to type).
_HOW_ZH = "生僻字可用输入法的“生僻字”或手写输入打出，也可从身份证读卡器读出的姓名或户籍信息中复制过来"
_HOW_EN = (
    "an input method's rare-character (生僻字) or handwriting input writes a rare one, or copy it from the name an "
    "ID card reader or the household registration record gives"
)


def name_findings(bundle: HouseholdBundle, member: MemberFacts) -> Iterator[Finding]:
    """A name holding marks a system leaves for a character it could not show (?, □, 〓, �, or a private-use
    character of one computer's own 造字), or written in Latin letters alone."""
    name = (member.name or "").strip()
    marks = unshown_marks(name)
    letters = not marks and letters_only(name)
    if not marks and not letters:
        return
    zh_who, en_who = bundle.who(member)
    # A member told apart from a namesake (`HouseholdBundle.who`) is named so; otherwise the name says who it is.
    zh_name = f"姓名“{name}”" if zh_who == name else f"{zh_who}的姓名“{name}”"
    en_name = f"The name “{name}”" if en_who == name else f"{en_who}'s name “{name}”"
    if letters:
        zh = (
            f"{zh_name}只有拼音或字母，没有汉字。请对照户口本输入汉字姓名：{_HOW_ZH}；"
            "确实如此（如外籍人员）可填写原因后接受。"
        )
        en = (
            f"{en_name} is in Latin letters only, without characters. Type the name in characters from the "
            f"household register: {_HOW_EN}; if it is right (a foreigner, say), accept it with a reason."
        )
    else:
        quoted = "、".join(map(_shown, marks))
        if all(unicodedata.category(mark) == "Co" for mark in marks):
            zh_why = "是某台电脑自己造的字，别的电脑、县里和国家系统都显示不出"
            en_why = (
                "is a character one computer made for itself (造字): other computers, the county and the national "
                "system cannot show it"
            )
        else:
            zh_why = "不是字，是别的系统或表格显示不出某个字时留下的记号"
            en_why = "is no character but the mark another system or a spreadsheet left for one it could not show"
        zh = f"{zh_name}中的{quoted}{zh_why}。请对照户口本输入真实的字：{_HOW_ZH}；一时输入不了，可填写原因后接受。"
        en_marks = ", ".join(map(_shown, marks))
        en = (
            f"{en_name} has {en_marks}, which {en_why}. Type the real characters from the household register: "
            f"{_HOW_EN}; if you cannot yet, accept it with a reason."
        )
    yield r.NAME_STAND_IN.finding(member.id, bundle.household.id, zh, en, member_id=member.id, accepted=bundle.accepted)


def _shown(mark: str) -> str:
    """A mark as a message shows it; a private-use character by its code too, as most screens show it as nothing."""
    return f"“{mark}”（U+{ord(mark):04X}）" if unicodedata.category(mark) == "Co" else f"“{mark}”"

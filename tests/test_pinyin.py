"""Pinyin initials: the lookup of characters read with one letter says exactly what pypinyin says, for names of
every kind (the demo county's, names with polyphonic characters, with rare ones, with Latin letters)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from forms.demo_names import SURNAMES, given_name
from forms.pinyin import _SURNAME_INITIAL, _one_letter_characters, name_initials

#: Characters that begin with different letters in different words (长 cháng/zhǎng, 重, 行, 乐, 解 …), common
#: name characters, and the surnames read otherwise as names.
POLYPHONIC = "长重行乐解单曾朴了藏查区仇盖覃缪翟"
COMMON = "张王李赵刘陈杨黄周吴国华明秀英永贵浩然欣怡子涵建军丽娟志强海燕阿依木沙"


def by_pypinyin(name: str) -> str:
    """What pypinyin itself gives: the first letter of each syllable, the surname read as a surname."""
    letters = [s[:1].lower() for s in lazy_pinyin(name, style=Style.FIRST_LETTER, strict=False)]
    expected = "".join(c for c in letters if c.isalnum())
    if expected and name[0] in _SURNAME_INITIAL:
        expected = _SURNAME_INITIAL[name[0]] + expected[1:]
    return expected


def test_the_demo_countys_names_get_pypinyins_letters() -> None:
    rng = random.Random(7)
    names = [rng.choice(SURNAMES)[0] + given_name(rng, rng.random() < 0.5, rng.randrange(1, 90)) for _ in range(3000)]
    assert [name_initials(n) for n in names] == [by_pypinyin(n) for n in names]


def test_every_phrase_of_one_letter_characters_reads_as_pypinyin_reads_it() -> None:
    """pypinyin reads a character by the words it finds: inside each of its phrases, a character taken as
    read with one letter gives that letter."""
    letter_of = _one_letter_characters()
    phrases = [p for p in PHRASES_DICT if all(ch in letter_of for ch in p) and p[0] not in _SURNAME_INITIAL]
    assert len(phrases) > 10_000  # most of pypinyin's phrases: the lookup covers the common characters
    for phrase in phrases:
        assert name_initials(phrase) == by_pypinyin(phrase), phrase


def test_characters_read_with_different_letters_are_left_to_pypinyin() -> None:
    letter_of = _one_letter_characters()
    assert not set("长重行乐单曾") & set(letter_of)
    assert letter_of["了"] == "l"  # le and liǎo: one letter whichever it is
    assert name_initials("王长江") == "wcj" and name_initials("长大了") == "zdl"  # the words decide
    assert name_initials("银行行长") == "yhhz"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=POLYPHONIC + COMMON + "𠮷䶮 ·Ab1", min_size=1, max_size=6))
def test_any_mix_of_characters_gets_the_same_letters_either_way(name: str) -> None:
    from forms.pinyin import _WORD_BREAKS

    cleaned = name.translate(_WORD_BREAKS).strip()
    if not cleaned or not all("\u4e00" <= ch <= "\u9fff" for ch in cleaned):
        assert name_initials(name).isascii()  # Latin letters, spaces, rare characters: see test_rare_names
        return
    assert name_initials(name) == by_pypinyin(cleaned)


def test_a_surname_is_read_as_a_surname_even_where_a_word_reads_it_otherwise() -> None:
    assert lazy_pinyin("叶韵", style=Style.FIRST_LETTER) == ["x", "y"]  # 叶韵: a rhyme
    assert name_initials("叶韵") == "yy" and name_initials("冯河") == "fh" and name_initials("单田芳") == "stf"

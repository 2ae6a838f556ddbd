"""Pinyin initials of a Chinese name, so 张三 is found by typing "zs".

Initials are stored (`forms.records.Member.name_initials`, derived on every save and every sync, never journaled),
so a database keeps what the Anju that last saved a member computed. An older Anju put a character pypinyin
has no reading for into the initials as itself (张𠮷 → "z𠮷", 兀 likewise) and lost a name's Latin part after a dot
(朴·Li → "p"). `name_initials` now gives only a-z and 0-9: a stored value with anything else is an older Anju's,
and `forms.search` works such a member's initials out again from the name until its next save or sync writes
them anew. No migration: they are few, and a search finds them meanwhile.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .names import SEPARATOR_DOTS

if TYPE_CHECKING:
    from pypinyin import Style
    from pypinyin.core import Pinyin

# Surnames whose everyday reading differs from the surname reading (单 is "dan" in words, "Shan" as a name), and
# surnames a word of pypinyin's reads otherwise (叶 is xié in 叶韵, so 叶韵 the person was "xy"; 冯 píng in 冯河).
# pypinyin has no surname mode, and a worker types the surname reading.
_SURNAME_INITIAL = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "区": "o", "查": "z", "朴": "p", "盖": "g", "覃": "q",
    "尉": "y", "乐": "y", "缪": "m", "翟": "z", "召": "s", "员": "y", "种": "c", "秘": "b", "繁": "p",
    "长": "z", "相": "x", "重": "c", "折": "s", "藏": "z", "沈": "s", "柏": "b", "薄": "b", "叶": "y", "冯": "f",
}  # fmt: skip

#: Readings pypinyin lacks for characters found in people's names (its dictionary, from Unihan, has most of the
#: extensions' name characters, 䶮 㛃 𪚥 𬱖 among them, but not 𠮷, the 吉 of a family name in its own form).
_NAME_CHARACTER_INITIAL = {"𠮷": "j"}
#: What separates the words of a name: the dot of 阿依·木沙 in any spelling (`forms.names`), spaces. pypinyin gives a
#: run of non-Chinese text as one "syllable": 朴·Li was one syllable, "·Li", that starts with no letter.
_WORD_BREAKS = {ord(dot): " " for dot in SEPARATOR_DOTS}

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")

#: Bounds of the two caches below (the desktop app is long-lived): names, and the words pypinyin cuts them into.
NAMES_CACHED = 65_536
WORDS_CACHED = 16_384


@lru_cache(maxsize=NAMES_CACHED)
def name_initials(name: str | None) -> str:
    """Lower-case first letters of each syllable, and of each word in Latin letters (Mary李 → "ml"); digits are
    kept. Only a-z and 0-9: a character with no known reading gives no letter (a worker cannot type it either)."""
    if not name:
        return ""
    # NFKC: a compatibility ideograph (U+FA0C) reads as its unified character, full-width letters as letters.
    name = unicodedata.normalize("NFKC", name).translate(_WORD_BREAKS).strip()
    if not name:
        return ""
    # Most names are only characters whose letter does not depend on the words pypinyin finds around them: one
    # lookup per character says what pypinyin would, in a quarter of its time (an import derives 200,000 names).
    letter_of = _one_letter_characters()
    surname = _SURNAME_INITIAL.get(name[0])
    try:
        if surname is None:
            return "".join(map(letter_of.__getitem__, name))
        return surname + "".join(map(letter_of.__getitem__, name[1:]))
    except KeyError:  # a character read with different letters, without a reading, a space, Latin letters
        pass
    syllables = _pinyin().lazy_pinyin(name, style=_first_letter(), errors="default", strict=False)
    letters: list[str] = []
    for syllable in syllables:
        for word in syllable.split():  # pypinyin gives a run of text it has no reading for as one "syllable"
            if word[0].isascii():  # a syllable's letter, a word in Latin letters, digits
                letters += [word[0].lower()] if word[0].isalnum() else []
            else:  # characters with no reading: those known here give a letter, the rest none
                letters += [_NAME_CHARACTER_INITIAL[ch] for ch in word if ch in _NAME_CHARACTER_INITIAL]
    if letters and name[:1] in _SURNAME_INITIAL:
        letters[0] = _SURNAME_INITIAL[name[0]]
    return "".join(letters)


@lru_cache(maxsize=1)
def _one_letter_characters() -> dict[str, str]:
    """Each character whose reading begins with the same letter wherever pypinyin may take it from → that letter.

    pypinyin reads a character by the words it finds in a name: as it is read in a phrase of its dictionary that
    the name contains, else by its first reading (the others, 王's yù, only on request). Where all of those begin
    with one letter, the letter is known without asking pypinyin; for 长 (cháng in 长江, zhǎng in 长大), 重 or 行 it
    is not. Made once from the very dictionaries its converter reads, in a fifth of a second: by an import while
    the workbook is being parsed (`forms.excel.roster_import`), in the app at the first save."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin.style import convert

    letter_of_reading: dict[str, str] = {}  # pypinyin's dictionaries spell 1,600 readings in all

    def letter(reading: str) -> str:
        found = letter_of_reading.get(reading)
        if found is None:
            found = letter_of_reading[reading] = convert(reading, _first_letter(), strict=False)
        return found

    letters = {chr(code): {letter(readings.split(",")[0])} for code, readings in PINYIN_DICT.items()}
    unsure: set[str] = set()
    for phrase, syllables in PHRASES_DICT.items():
        if len(phrase) != len(syllables):  # not one syllable per character: its characters are left to pypinyin
            unsure.update(phrase)
            continue
        for ch, readings in zip(phrase, syllables, strict=True):
            letters.setdefault(ch, set()).add(letter(readings[0]))
    return {
        ch: one
        for ch, found in letters.items()
        if len(found) == 1 and ch not in unsure and (one := next(iter(found))) in _LETTERS
    }


@lru_cache(maxsize=1)
def _first_letter() -> Style:
    from pypinyin import Style

    return Style.FIRST_LETTER


@lru_cache(maxsize=1)
def _pinyin() -> Pinyin:
    """What ``pypinyin.lazy_pinyin`` uses (it builds this anew on every call), made once, with a converter that
    remembers the letters of each word: an import meets 70,000 different names but far fewer different words
    (surnames, given-name characters), and converting a word is most of pypinyin's time. Imported on first use:
    pypinyin's dictionaries take time to load."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    class WordCache(UltimateConverter):
        def __init__(self) -> None:
            super().__init__(v_to_u=False, neutral_tone_with_five=False, tone_sandhi=False)
            self._word = lru_cache(maxsize=WORDS_CACHED)(self._convert_word)

        def convert(
            self,
            words: str,
            style: Style,
            heteronym: bool,
            errors: Callable[[str], str] | str,
            strict: bool = True,
            **kwargs: Any,
        ) -> list[list[str]]:
            if kwargs or not isinstance(errors, str):
                return super().convert(words, style, heteronym, errors, strict, **kwargs)
            # Copies: pypinyin hands these lists on to its caller.
            return [list(syllables) for syllables in self._word(words, style, heteronym, errors, strict)]

        def _convert_word(
            self, words: str, style: Style, heteronym: bool, errors: str, strict: bool
        ) -> tuple[tuple[str, ...], ...]:
            return tuple(tuple(s) for s in super().convert(words, style, heteronym, errors, strict))

    return Pinyin(WordCache())

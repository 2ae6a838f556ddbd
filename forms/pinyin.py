"""Pinyin initials of a Chinese name, so 张三 is found by typing "zs"."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypinyin import Style
    from pypinyin.core import Pinyin

# Surnames whose everyday reading differs from the surname reading (单 is "dan" in words, "Shan" as a name).
# pypinyin has no surname mode, and a worker types the surname reading.
_SURNAME_INITIAL = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "区": "o", "查": "z", "朴": "p", "盖": "g", "覃": "q",
    "尉": "y", "乐": "y", "缪": "m", "翟": "z", "召": "s", "员": "y", "种": "c", "秘": "b", "繁": "p",
    "长": "z", "相": "x", "重": "c", "折": "s", "藏": "z", "沈": "s", "柏": "b", "薄": "b",
}  # fmt: skip

#: Bounds of the two caches below (the desktop app is long-lived): names, and the words pypinyin cuts them into.
NAMES_CACHED = 65_536
WORDS_CACHED = 16_384


@lru_cache(maxsize=NAMES_CACHED)
def name_initials(name: str | None) -> str:
    """Lower-case first letters of each syllable; letters and digits in the name are kept as they are."""
    if not name:
        return ""
    name = name.strip()
    syllables = _pinyin().lazy_pinyin(name, style=_first_letter(), errors="default", strict=False)
    letters = [s[:1].lower() for s in syllables if s and s[0].isalnum()]
    if letters and name[:1] in _SURNAME_INITIAL:
        letters[0] = _SURNAME_INITIAL[name[0]]
    return "".join(letters)


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

"""Pinyin initials of a Chinese name, so 张三 is found by typing "zs"."""

from __future__ import annotations

from functools import lru_cache

# Surnames whose everyday reading differs from the surname reading (单 is "dan" in words, "Shan" as a name).
# pypinyin has no surname mode, and a worker types the surname reading.
_SURNAME_INITIAL = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "区": "o", "查": "z", "朴": "p", "盖": "g", "覃": "q",
    "尉": "y", "乐": "y", "缪": "m", "翟": "z", "召": "s", "员": "y", "种": "c", "秘": "b", "繁": "p",
    "长": "z", "相": "x", "重": "c", "折": "s", "藏": "z", "沈": "s", "柏": "b", "薄": "b",
}  # fmt: skip


@lru_cache(maxsize=65536)
def name_initials(name: str | None) -> str:
    """Lower-case first letters of each syllable; letters and digits in the name are kept as they are."""
    if not name:
        return ""
    from pypinyin import Style, lazy_pinyin  # imported on first use: its dictionaries take time to load

    name = name.strip()
    syllables = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default", strict=False)
    letters = [s[:1].lower() for s in syllables if s and s[0].isalnum()]
    if letters and name[:1] in _SURNAME_INITIAL:
        letters[0] = _SURNAME_INITIAL[name[0]]
    return "".join(letters)

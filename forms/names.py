"""Two spellings of one person's name: the dot of a minority name, and a name another system could not show.

A name is stored exactly as typed or imported: the national spec says nothing of normalising it, and a rare
character (䶮, 𠮷, a character outside the BMP) must come back out as it went in. But one person reaches Anju
spelled more than one way, and where people are matched by name (no 证件号码) or a name is searched, these count
as the same:

- the dot between the parts of a transliterated name (阿依·木沙) is typed as · (U+00B7, the 间隔号 of GB 18030 and
  of the 户籍 system), • (U+2022, from Word), ・ (U+30FB, some input methods), the full-width stop U+FF0E, ‧ or .,
  or left out by a system that refuses it: it separates the parts, it is not one of the name's characters;
- full-width and compatibility forms (NFKC), spaces, and the variation selectors that only choose a glyph.

A character the national system or a spreadsheet could not show comes out as ? or ？, □, 〓 or � (twice, ??, for a
character outside the BMP, one mark per UTF-16 unit), or as a private-use character of that system's own font
(造字). `mangled_copy` sees that a name is the stored one written so, and the roster import keeps the stored one;
`marked_name` reads a name typed so into a search (the station's 住户 list and the county's lists alike);
`unshown_marks` and `letters_only` say what the editor and `anju check` warn of in a name recorded so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, islice, product

#: The marks people and programs put between the parts of a name, as typed (before NFKC) and after it.
SEPARATOR_DOTS = "\u00b7\u2022\u30fb\uff0e.\u2027\u2219\u22c5\uff65\u0387\u16eb"
#: What a system writes for a character it cannot show (the replacement character, GB 2312's 〓 geta mark, boxes).
UNSHOWN_MARKS = "?\uff1f\u25a1\u25a0\u25af\u3013\ufffd"
_DROPPED = dict.fromkeys(map(ord, SEPARATOR_DOTS + "\u200b\u200c\u200d\u2060\ufeff"))


def _unshown(ch: str) -> bool:
    return ch in UNSHOWN_MARKS or unicodedata.category(ch) == "Co"  # Co: private use, a system's own 造字


def _selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


@lru_cache(maxsize=65_536)
def name_key(name: str | None) -> str:
    """The name as people are matched by it: 阿依·木沙, 阿依•木沙, 阿依・木沙 and 阿依木沙 are one key; the characters
    themselves are kept (张𠮷 and 张吉 are two people)."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKC", name).translate(_DROPPED)
    return "".join(ch for ch in folded if not ch.isspace() and not _selector(ch))


def without_dots(text: str) -> str:
    """``text`` without separator dots (and nothing else changed): what a name search compares."""
    return text.translate(_DROPPED)


#: `_unshown` as one pattern: the import asks it of every new member's name (a county's 200,000), in C.
_UNSHOWN = re.compile(f"[{re.escape(UNSHOWN_MARKS)}\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


#: A run of such marks: 张?? is 张𠮷 written by a system that used one mark per UTF-16 unit.
UNSHOWN_RUN = re.compile(_UNSHOWN.pattern + "+")


def unshown_marks(name: str | None) -> str:
    """The characters of ``name`` that stand for one another system could not show ("" for none)."""
    if not name or _UNSHOWN.search(name) is None:
        return ""
    return "".join(dict.fromkeys(_UNSHOWN.findall(name)))


def mangled_copy(incoming: str | None, stored: str | None) -> bool:
    """Whether ``incoming`` is ``stored`` as a system that could not show some of its characters wrote it: each run
    of marks (?, □, a private-use character …) stands for as many characters or fewer (张?? for 张𠮷; 阿依?木沙 for
    阿依•木沙, whose dot a GBK system lacks), the rest is the same name. A stored name that has such marks itself
    is no model of the right one."""
    if not incoming or not stored or not unshown_marks(incoming) or unshown_marks(stored):
        return False
    if not any(not _unshown(ch) for ch in name_key(incoming)):
        return False  # marks alone say nothing of whose name it was
    pattern = "".join(
        f".{{0,{len(list(run))}}}" if marked else re.escape("".join(run))
        for marked, run in groupby(name_key(incoming), key=_unshown)
    )
    return re.fullmatch(pattern, name_key(stored), re.DOTALL) is not None


def same_person_name(one: str | None, other: str | None) -> bool:
    """Whether two recorded names can be one person's: the same `name_key`, or one is the other with characters
    another system could not show."""
    return name_key(one) == name_key(other) or mangled_copy(one, other) or mangled_copy(other, one)


def letters_only(name: str | None) -> bool:
    """Whether ``name`` is written in Latin letters alone (Zhang San, zhangsan, Lǚ Wei): pinyin typed for want of
    the characters. It has an ASCII letter (what `anju check`'s screen looks for) and no letter of another script;
    Mary李 and 朴·Li are names with characters."""
    if not name or not any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in name):
        return False
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN ") for ch in name)


@dataclass(frozen=True)
class MarkedName:
    """A name typed as a list whose system could not show some of its characters wrote it: 张? or 张?? for 张𠮷,
    王□ for 王䶮, 阿依?木沙 for 阿依•木沙. Each run of marks stands for as many characters or fewer, and at least
    one; the rest is the name as typed; the whole name is meant (张? is every 张 of two characters, not every 张).

    One reading for every search that takes such a name: the station's 住户 list asks SQLite (`spellings`, as
    LIKE patterns), a county list asks each of its names (`matches`)."""

    texts: tuple[str, ...]  # the text before, between and after the runs of marks (one more than the runs)
    runs: tuple[int, ...]  # how many marks each run has

    def spellings(self, limit: int) -> list[tuple[str | int, ...]]:
        """At most ``limit`` ways to spell the name, each the texts with a number of unknown characters between
        them (张?? is 张 then 1, or 张 then 2)."""
        choices: list[list[str | int]] = [[self.texts[0]]]
        for run, after in zip(self.runs, self.texts[1:], strict=True):
            choices += [list(range(1, run + 1)), [after]]
        return list(islice(product(*choices), limit))

    def matches(self, name: str | None) -> bool:
        """Whether ``name`` is the one typed (letters in either case, as SQLite's LIKE compares them)."""
        return name is not None and self._pattern.fullmatch(name) is not None

    @property
    def _pattern(self) -> re.Pattern[str]:
        pattern = re.escape(self.texts[0]) + "".join(
            f".{{1,{run}}}{re.escape(after)}" for run, after in zip(self.runs, self.texts[1:], strict=True)
        )
        return _compiled(pattern)


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


def marked_name(text: str) -> MarkedName | None:
    """``text`` as a `MarkedName`; None when it has no marks, or only marks (they say nothing of whose name it
    is). ``text`` is as the search compares it (full-width forms folded, no spaces)."""
    texts = UNSHOWN_RUN.split(text)
    runs = UNSHOWN_RUN.findall(text)
    if not runs or not "".join(texts):
        return None
    return MarkedName(tuple(texts), tuple(len(run) for run in runs))

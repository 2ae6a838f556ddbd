"""Text a worker types or pastes into the editor, as it is kept: without the invisible characters a paste brings.

Text pasted from WeChat, Word or Excel carries characters nobody sees: Word's line break inside a paragraph
(\\x0b), a bell (\\x07), zero-width spaces, the line feed that ends a cell copied from Excel. Stored, they showed as
boxes in the lists and on paper, a name with one was not found by search, and an ID number with a trailing line
feed failed its check with a message the worker could not understand (Qt's one-line input hides the line feed).

The rule is the export's (`forms.excel.cell_limit.without_controls`): a control that separates words becomes a
space, the others go. Besides those C0 controls, DEL and the C1 controls go too (NEL, \\x85, is a line break), and
so do the zero-width characters and the soft hyphen, as the import's repairs drop them.

Then one-line fields (every questionnaire answer) turn a line break or tab, with the spaces around it, into one
space, trimmed at the ends once the text is taken (`one_line`); while the worker is still typing the ends are left
alone (`trim=False`), so a space typed before the next word is not lost. A multi-line text (a reason) keeps its
line breaks, written as \\n (`lines`).
"""

from __future__ import annotations

import re

from .excel.cell_limit import without_controls

#: Invisible characters without_controls leaves: zero-width ones and the soft hyphen go; DEL and the C1 controls
#: go but NEL, a line break, and the Unicode line and paragraph separators, which become \n.
_INVISIBLE = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")),
    **dict.fromkeys(range(0x7F, 0xA0)),
    0x85: "\n",
    0x2028: "\n",
    0x2029: "\n",
}
_LINE_BREAK = re.compile(r"\r\n?")
#: A line break or tab with the spaces around it: one space in a one-line field.
_BREAK_IN_LINE = re.compile(r"\s*[\t\n\r]\s*")


def _visible(text: str) -> str:
    """``text`` without invisible characters, its line breaks as \\n; tabs are left for the caller."""
    return _LINE_BREAK.sub("\n", without_controls(text.translate(_INVISIBLE)))


def one_line(text: str, *, trim: bool = True) -> str:
    """A one-line answer as it is kept: no invisible characters, a pasted line break or tab a space.
    ``trim=False`` while it is typed (the ends may still grow)."""
    if text.isprintable():  # a C-speed test, true for nearly every text typed: nothing to look for
        return text.strip() if trim else text
    flat = _BREAK_IN_LINE.sub(" ", _visible(text))
    return flat.strip() if trim else flat


def lines(text: str, *, trim: bool = True) -> str:
    """A multi-line text as it is kept: its line breaks (as \\n), no other control characters, a tab a space."""
    if text.isprintable():
        return text.strip() if trim else text
    kept = _visible(text).replace("\t", " ")
    return kept.strip() if trim else kept

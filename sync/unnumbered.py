"""Members without a 证件号码 (a baby not yet registered) in two copies of one family, told apart by name and birth
date: which of one household's is which of the other's, for 整户合并 (`sync.duplicates`).

One station may have the baby right (张𠮷) and the other as the national 防返贫 export wrote it (张? or 张□, a character
its font lacks): `forms.names.same_person_name` takes them for one person. But 张? is every 张 of two characters,
so a mark can make one person look like several: twins 张𠮷 and 张吉 at one station are 张? and 张? at the other, and
nothing says which is which. A wrong pair folds one child's records into the other's and drops a name for good;
so a person is paired only where nobody else could be them, and what stays uncertain is said (`Pairing.unsure`)
for the clerk to have the names put right at the station, not guessed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from forms.names import name_key, same_person_name, unshown_marks

#: One member without a number: their name and birth date as recorded (either may be missing).
Namesake = tuple[str | None, date | None]


@dataclass(frozen=True)
class Pairing:
    pairs: dict[int, int]  # index in ``ours`` → index in ``theirs``: one person recorded on both sides
    unsure: tuple[str, ...]  # the names on either side left unpaired that could be someone unpaired on the other


def pair_unnumbered(ours: Sequence[Namesake], theirs: Sequence[Namesake]) -> Pairing:
    """Pair the members of ``ours`` with those of ``theirs`` that are the same person, each at most once.

    A name written in full and the same on both sides (after `name_key`: the dot of 阿依·木沙 is no difference) is
    paired first, in order, where the birth dates agree or one is missing: that is how both stations recorded one
    baby. The rest, names with marks on either side, pair only where it is certain: the one person of theirs ours
    can be (the same name preferred to a marked spelling of it), who can be only ours. An unnamed member pairs with
    nobody: a missing name is no reason to take two families for one."""
    left, right = dict(enumerate(ours)), dict(enumerate(theirs))
    pairs: dict[int, int] = {}
    for i, (name, born) in list(left.items()):
        if not name or unshown_marks(name):
            continue
        j = next(
            (j for j, other in right.items() if name_key(other[0]) == name_key(name) and _alike(born, other[1])), None
        )
        if j is not None:
            pairs[i] = j
            del left[i], right[j]
    paired = True
    while paired:  # pairing one can leave another with a single candidate
        paired = False
        for i in list(left):
            candidates = _could_be(left[i], right)
            if len(candidates) == 1 and _could_be(right[candidates[0]], left) == [i]:
                pairs[i] = candidates[0]
                del left[i], right[candidates[0]]
                paired = True
    unsure = [str(m[0]) for m in left.values() if _could_be(m, right)]
    unsure += [str(m[0]) for m in right.values() if _could_be(m, left)]
    return Pairing(pairs, tuple(unsure))


def _could_be(person: Namesake, others: dict[int, Namesake]) -> list[int]:
    """Which of ``others`` ``person`` could be: a name that can be theirs and birth dates that agree; those of the
    same name only, when there are any (张? is more surely the other side's 张? than its 张三)."""
    name, born = person
    if not name:
        return []
    found = [
        j
        for j, (other, other_born) in others.items()
        if other and same_person_name(name, other) and _alike(born, other_born)
    ]
    exact = [j for j in found if name_key(others[j][0]) == name_key(name)]
    return exact or found


def _alike(one: date | None, other: date | None) -> bool:
    """Birth dates that can be one person's: the same, or one not recorded."""
    return one is None or other is None or one == other

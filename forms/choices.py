"""The national category lists (与户主关系, 文化程度, 劳动技能 …) as data, loaded from ``resources/forms/choices.json``.

Each list has a stable English name (``"relation"``, ``"labour_skill"`` …) that the questionnaire and the rules
refer to, a Chinese label (the export header), and its items: the Chinese values stored in the database, each
with an English gloss. The lists follow the national 防返贫监测 system exactly (``domain-fields.md``); a list
marked ``proposed`` has no official source and a county may change it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .resources import resource_path


@dataclass(frozen=True)
class Choice:
    """One item of a list: the stored Chinese value and its English gloss."""

    value: str
    en: str


@dataclass(frozen=True)
class ChoiceList:
    name: str
    label: str  # 中文 label, used as the export header
    en: str
    items: tuple[Choice, ...]
    proposed: bool = False  # no official list was found; a county may change it
    multiple: bool = False  # several values allowed, stored joined by ","
    note: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(item.value for item in self.items)

    def gloss(self, value: str) -> str:
        """The English gloss of a stored value (the value itself if it is not in the list)."""
        for item in self.items:
            if item.value == value:
                return item.en
        return value


def choices_path() -> Path:
    return resource_path("forms", "choices.json")


@lru_cache(maxsize=1)
def all_lists() -> dict[str, ChoiceList]:
    """Every list, by name (read once, then cached)."""
    path = choices_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the choice lists in {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected an object of lists keyed by name")
    return {name: _parse_list(path, name, body) for name, body in raw.items()}


def _parse_list(path: Path, name: str, body: Any) -> ChoiceList:
    if not isinstance(body, dict) or not isinstance(body.get("label"), str) or not body.get("items"):
        raise ValueError(f"{path}: list {name!r} needs a label and at least one item")
    items = tuple(Choice(str(item["value"]), str(item.get("en", item["value"]))) for item in body["items"])
    values = [item.value for item in items]
    if len(set(values)) != len(values):
        raise ValueError(f"{path}: list {name!r} has a value twice")
    return ChoiceList(
        name=name,
        label=body["label"],
        en=str(body.get("en", name)),
        items=items,
        proposed=bool(body.get("proposed", False)),
        multiple=bool(body.get("multiple", False)),
        note=str(body.get("note", "")),
    )


def list_names() -> tuple[str, ...]:
    return tuple(all_lists())


def choice_list(list_name: str) -> ChoiceList:
    lists = all_lists()
    try:
        return lists[list_name]
    except KeyError:
        raise KeyError(f"no choice list named {list_name!r}; known lists: {', '.join(lists)}") from None


def choices(list_name: str) -> tuple[str, ...]:
    """The stored values of a list, in display order: ``choices("labour_skill")``."""
    return choice_list(list_name).values


def label(list_name: str, lang: str = "zh") -> str:
    """The label of a list: 中文 (the export header) or, with ``lang="en"``, English."""
    lst = choice_list(list_name)
    return lst.en if lang == "en" else lst.label


def gloss(list_name: str, value: str) -> str:
    """The English gloss of one stored value."""
    return choice_list(list_name).gloss(value)


def is_choice(list_name: str, value: str | None) -> bool:
    """Whether a stored value belongs to the list; for a multi-valued list every ","-separated part must."""
    if value is None:
        return False
    lst = choice_list(list_name)
    parts = value.split(",") if lst.multiple else [value]
    return all(part in lst.values for part in parts)

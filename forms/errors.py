"""Errors that speak to the person in front of the screen: 中文 first, then English."""

from __future__ import annotations


class AnjuError(Exception):
    """A problem a user can act on: what happened, where, and what to do — in 中文 and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.zh = zh
        self.en = en


class StoreError(AnjuError):
    """The database cannot be opened, upgraded, backed up or restored as asked."""

"""Languages: Chinese is the source language of the UI; English comes from a Qt translation (.qm).

The .qm files are built from resources/i18n/*.ts by `scripts/build-translations` (run by scripts/install and the
installer build). Qt's own strings (OK/Cancel, file dialogs) come from Qt's qtbase translations.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from forms.resources import resource_path

LANGUAGES = {"zh_CN": "中文", "en": "English"}
_installed: list[QTranslator] = []


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Switch the UI language (widgets built afterwards use it). Returns False if the English file is missing; the
    UI is then Chinese throughout, not Chinese widgets with the English halves of texts the data carries."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = language if language in LANGUAGES else "zh_CN"
    QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == "zh_CN" else QLocale.Language.English))

    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    if language == "zh_CN":
        return True
    ours = QTranslator(app)
    if not ours.load(str(resource_path("i18n", f"anju_{language}.qm"))):
        install_translator(app, "zh_CN")
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    return True


def QT_TRANSLATE_NOOP(context: str, message: str) -> str:
    """Mark ``message`` for lupdate, which finds it by this name, under ``context``; it is translated where shown
    (``tr``, ``QCoreApplication.translate``). PySide6's own is stubbed as taking and giving ``object``, which made
    every table of marked labels a table of objects to mypy; this one does the same at run time, typed."""
    return message


_MNEMONIC = re.compile(r"\(&[^&\s]\)")
_CODE_IN_BRACKETS = re.compile(r"(.+)（([^（）]*)）", re.DOTALL)


def without_mnemonic(text: str) -> str:
    """A button's text as said or written elsewhere: 保存(&S) → 保存, &Save → Save (&& stays a plain &)."""
    return _MNEMONIC.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


def ui_text(zh: str, en: str) -> str:
    """A text the data carries in both languages, in the UI language (`install_translator` sets the default locale)."""
    return en if en and QLocale().language() == QLocale.Language.English else zh


def site_named(named: str) -> str:
    """A site as `forms` names it, with its code in Chinese brackets (新村（S2）: `forms.station_sites.moved_to`),
    in the UI language: “新村 (S2)” in English, whose UI drew the Chinese brackets with a space inside each."""
    found = _CODE_IN_BRACKETS.fullmatch(named)
    return named if found is None else site_with_code(found[1], found[2])


def site_with_code(name: str, code: str) -> str:
    """新村（S2） in the UI language: “新村 (S2)” in English."""
    return QCoreApplication.translate("SiteNames", "%1（%2）").replace("%2", code).replace("%1", name)

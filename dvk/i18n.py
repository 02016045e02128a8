"""Words in Vietnamese and English: one gettext catalogue per language, one translator passed explicitly.

The Vietnamese text is the message id, written in the code where it is used (`t("Bản đồ")`); the
catalogues `dvk/locales/<lang>/LC_MESSAGES/dvk.po` hold each language's text for it, plural forms
included (`t.n("{n} mô hình", "{n} mô hình", count)`: Vietnamese has one form, English two). The
catalogues are read with Babel when first used (no compiled files to keep in step); `make i18n`
extracts the messages from the code and updates both catalogues (`pybabel extract` / `update`).

Core modules take a `Translator` (or a `lang` and call `translator(lang)`); the UI gets the session's
one from `dvk.ui.i18n`. Data labels (codes → names) are data, in `dvk.labels` and `dvk.metrics`.

Placeholders are `str.format` names (`t("Năm {year}", year=2024)`), so a message is one literal the
extractor can see. A message missing from a catalogue shows its Vietnamese text; with DVK_I18N_STRICT=1
(the tests) it raises, so a page never shows English and Vietnamese mixed without a test failing.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGS = ("vi", "en")
DOMAIN = "dvk"
LOCALES = Path(__file__).resolve().parent / "locales"
# Babel extraction keywords for the translator's three calls (used by `make i18n` and the tests).
KEYWORDS = {"t": None, "n": (1, 2), "p": ((1, "c"), 2)}


class MissingMessage(KeyError):
    """A message id that the language's catalogue does not hold (raised only in strict mode)."""


def catalogue_path(lang: str) -> Path:
    """The .po file of one language."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(lang: str) -> tuple[gettext.GNUTranslations, frozenset]:
    with catalogue_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    known = frozenset(
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and not m.fuzzy and (any(m.string) if isinstance(m.string, tuple) else m.string)
    )
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf), known


def _strict() -> bool:
    return os.environ.get("DVK_I18N_STRICT", "") not in ("", "0")


class Translator:
    """The words of one language: `t(msg, **values)`, `t.n(singular, plural, count, **values)`,
    `t.p(context, msg, **values)` (a context tells apart one Vietnamese word with two English ones)."""

    def __init__(self, lang: str = "vi"):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
        self.lang = lang
        self._gnu, self._known = _translations(lang)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"

    def _check(self, context: str | None, message: str) -> None:
        if self.lang != "vi" and _strict() and (context, message) not in self._known:
            raise MissingMessage(f"{self.lang} catalogue has no entry for {message!r} (context {context!r})")

    def __call__(self, message: str, /, **values: object) -> str:
        self._check(None, message)
        text = self._gnu.gettext(message)
        return text.format(**values) if values else text

    def n(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The plural form for `count`; `{n}` is the count written as a number of this language."""
        self._check(None, singular)
        text = self._gnu.ngettext(singular, plural, count)
        if "n" not in values:
            from dvk.l10n import number

            values["n"] = number(count, 0, self.lang)
        return text.format(**values)

    def p(self, context: str, message: str, /, **values: object) -> str:
        self._check(context, message)
        text = self._gnu.pgettext(context, message)
        return text.format(**values) if values else text


@cache
def translator(lang: str = "vi") -> Translator:
    """The shared translator of one language."""
    return Translator(lang)

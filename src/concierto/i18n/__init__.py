"""Messages in Spanish and English through gettext catalogs.

Message ids are English. Translations live in gettext ``.po`` files under
``locale/<lang>/LC_MESSAGES/``; every ``.po`` file there is read, so each area of the program can
keep its own catalog (``concierto.po``, ``evidence.po`` …). Spanish is the default language.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from concierto.i18n.pofile import Catalog, read_catalogs

LANGUAGES: tuple[str, ...] = ("es", "en")
DEFAULT_LANGUAGE = "es"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_catalogs: dict[str, Catalog] = {}
_language = DEFAULT_LANGUAGE
_context_language: ContextVar[str | None] = ContextVar("concierto_language", default=None)
"""A language for the current context only (a web request), over the process-wide one."""


def resolve_language(explicit: str | None = None) -> str:
    """The language to use: the explicit choice, else CONCIERTO_LANG, else LANG, else Spanish."""
    if explicit:
        code = explicit.strip().lower()[:2]
        if code not in LANGUAGES:
            raise ValueError(f"unsupported language {explicit!r}; choose one of {LANGUAGES}")
        return code
    for candidate in (os.environ.get("CONCIERTO_LANG"), os.environ.get("LANG")):
        if candidate and candidate.strip().lower()[:2] in LANGUAGES:
            return candidate.strip().lower()[:2]
    return DEFAULT_LANGUAGE


def catalog(language: str) -> Catalog:
    """The merged catalog of ``language`` (read once)."""
    if language not in _catalogs:
        _catalogs[language] = read_catalogs(LOCALE_DIR / language / "LC_MESSAGES")
    return _catalogs[language]


def set_language(language: str | None = None) -> str:
    """Switch every later message to ``language`` (resolved as in :func:`resolve_language`)."""
    global _language
    _language = resolve_language(language)
    return _language


def current_language() -> str:
    """The language messages are currently given in."""
    return _context_language.get() or _language


@contextmanager
def language_of_context(language: str) -> Iterator[None]:
    """Messages in ``language`` within this context (a web request served concurrently with
    others in other languages), whatever the process-wide language is."""
    token = _context_language.set(resolve_language(language))
    try:
        yield
    finally:
        _context_language.reset(token)


def _(message: str) -> str:
    """Translate ``message`` into the current language (the id itself when untranslated)."""
    return catalog(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on ``count``."""
    return catalog(current_language()).ngettext(singular, plural, count)


set_language()

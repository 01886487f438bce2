"""Messages: the .po reader, language resolution, and a Spanish translation for every message."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from concierto import i18n
from concierto.i18n.pofile import parse_po

SRC = Path(i18n.__file__).resolve().parent.parent


def test_parse_po_entries_plurals_and_fuzzy() -> None:
    catalog = parse_po(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        'msgid "Hello"\nmsgstr "Hola"\n\n'
        'msgid "one file"\nmsgid_plural "{n} files"\nmsgstr[0] "un archivo"\n'
        'msgstr[1] "{n} archivos"\n\n'
        '#, fuzzy\nmsgid "Draft"\nmsgstr "Borrador"\n\n'
        'msgid ""\n"Long "\n"line"\nmsgstr ""\n"Línea "\n"larga"\n'
    )
    assert catalog.gettext("Hello") == "Hola"
    assert catalog.gettext("Draft") == "Draft"  # fuzzy entries are not used
    assert catalog.gettext("Long line") == "Línea larga"
    assert catalog.gettext("Unknown") == "Unknown"
    assert catalog.ngettext("one file", "{n} files", 1) == "un archivo"
    assert catalog.ngettext("one file", "{n} files", 3) == "{n} archivos"


def test_parse_po_reports_the_line() -> None:
    with pytest.raises(ValueError, match=r"x.po:2: unknown keyword"):
        parse_po('msgid "a"\nmsgfoo "b"\n', Path("x.po"))


def test_resolve_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONCIERTO_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.resolve_language() == "en"
    monkeypatch.setenv("CONCIERTO_LANG", "es")
    assert i18n.resolve_language() == "es"
    assert i18n.resolve_language("EN") == "en"
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("CONCIERTO_LANG")
    assert i18n.resolve_language() == "es"
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.resolve_language("fr")


def test_switching_language() -> None:
    i18n.set_language("es")
    assert i18n._("Records") == "Registros"
    i18n.set_language("en")
    assert i18n._("Records") == "Records"


def test_every_message_has_a_spanish_translation() -> None:
    spanish = i18n.catalog("es")
    missing = []
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(SRC), method_map=[("**.py", "python")]
    ):
        if isinstance(message, tuple):  # ngettext
            if message[0] not in spanish.plurals:
                missing.append(f"{filename}: {message[0]!r}")
        elif message and message not in spanish.messages:
            missing.append(f"{filename}: {message!r}")
    assert missing == []

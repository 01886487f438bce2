"""Every message the ingest code shows has a Spanish translation in ingest.po."""

from __future__ import annotations

import ast
from pathlib import Path

import concierto.ingest
from concierto.i18n import catalog

INGEST = Path(concierto.ingest.__file__).resolve().parent


def message_ids() -> list[str]:
    found: list[str] = []
    for source in sorted(INGEST.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_"):
                argument = node.args[0]
                assert isinstance(argument, ast.Constant), f"{source}: _() of a non-literal"
                assert isinstance(argument.value, str)
                found.append(argument.value)
    return found


def test_every_ingest_message_is_translated() -> None:
    ids = message_ids()
    assert len(ids) >= 30
    spanish = catalog("es")
    untranslated = [message for message in ids if spanish.gettext(message) == message]
    assert untranslated == []


def test_translations_keep_the_placeholders() -> None:
    spanish = catalog("es")
    for message in message_ids():
        translated = spanish.gettext(message)
        placeholders = sorted(part.split("}")[0] for part in message.split("{")[1:])
        assert sorted(part.split("}")[0] for part in translated.split("{")[1:]) == placeholders

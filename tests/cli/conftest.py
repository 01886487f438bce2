"""Shared CLI fixtures: a case with two coders on one three-sentence document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from concierto.casefile.database import resolve_case
from concierto.casefile.load import load_case_folder
from concierto.cli.output import console
from concierto.evidence.store import add_coding, add_document
from concierto.i18n import set_language
from concierto.store import open_store
from text_documents import text_document

X, Y = "reglas.ausencia", "vision.presente"
THREE = "La coordinación es débil. No hay reglas claras. Cada uno mira su objetivo."


@pytest.fixture
def wide_tables() -> Iterator[None]:
    """Tables wide enough not to fold words; the default language back afterwards."""
    width = console.width
    console.width = 250
    yield
    console.width = width
    set_language(None)


@pytest.fixture
def two_coders_db(tmp_path: Path, mini_case: Path) -> Path:
    """A: X on sentences 1 and 2; B: X on sentence 1, Y on sentence 2; sentence 3 uncoded."""
    path = tmp_path / "case.db"
    load_case_folder(mini_case, str(path))
    store = open_store(path)
    with store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, text_document(THREE, title="D1"), key="D1", kind="interview")
        for coder, code, start, end in [
            ("A", X, 0, 25),
            ("A", X, 26, 47),
            ("B", X, 0, 25),
            ("B", Y, 26, 47),
        ]:
            add_coding(session, case, document="D1", code=code, coder=coder, start=start, end=end)
    store.close()
    return path

"""API fixtures: the hand-made mini case in a fresh project, and the two-coder case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import concierto
from concierto.api.project import Project
from concierto.evidence.store import add_coding, add_document
from text_documents import text_document

X, Y = "reglas.ausencia", "vision.presente"
THREE = "La coordinación es débil. No hay reglas claras. Cada uno mira su objetivo."


@pytest.fixture
def project(db_path: Path, mini_case: Path) -> Iterator[Project]:
    """A project holding only the mini case (see ``tests/cli/test_measure.py`` for its
    hand-worked figures)."""
    with concierto.open(db_path) as opened:
        opened.load(mini_case)
        yield opened


@pytest.fixture
def two_coders(project: Project) -> Project:
    """Document D1 of three sentences; coder A: X on sentences 1 and 2; coder B: X on
    sentence 1, Y on sentence 2; sentence 3 uncoded (as ``tests/cli/conftest.py``)."""
    with project.case().session() as (session, case):
        add_document(session, case, text_document(THREE, title="D1"), key="D1", kind="interview")
        for coder, code, start, end in [
            ("A", X, 0, 25),
            ("A", X, 26, 47),
            ("B", X, 0, 25),
            ("B", Y, 26, 47),
        ]:
            add_coding(session, case, document="D1", code=code, coder=coder, start=start, end=end)
    return project

"""Shared fixtures: paths of the hand-made cases and a fresh database per test."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_CASE = FIXTURES / "cases" / "mini"


@pytest.fixture
def mini_case() -> Path:
    """The small hand-made case folder."""
    return MINI_CASE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path that does not exist yet."""
    return tmp_path / "test.db"


@pytest.fixture(autouse=True)
def english_messages() -> None:
    """Messages in English unless a test asks for Spanish (the language is process-wide)."""
    from concierto.i18n import set_language

    set_language("en")

"""Fixtures for the codebook tests: English messages, and loading a YAML text from a file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from concierto.codebook import CodebookError, CodebookIssue, load_codebook
from concierto.i18n import current_language, set_language


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English during each test (the ids), whatever the environment says."""
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


Problems = Callable[[str], tuple[Path, list[CodebookIssue], str]]


@pytest.fixture
def problems(tmp_path: Path) -> Problems:
    """Write a YAML text to a file, load it, and return (path, issues, error text)."""

    def load(text: str) -> tuple[Path, list[CodebookIssue], str]:
        path = tmp_path / "codebook.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CodebookError) as caught:
            load_codebook(path)
        return path, caught.value.issues, str(caught.value)

    return load

"""A store holding the mini case with the default codebook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from concierto.casefile.load import load_case_folder
from concierto.store import Store, open_store


@pytest.fixture
def mini_store(tmp_path: Path, mini_case: Path) -> Iterator[Store]:
    """The mini case loaded (with the default codebook) into a fresh database."""
    db = tmp_path / "mini.db"
    load_case_folder(mini_case, str(db))
    store = open_store(db)
    yield store
    store.close()

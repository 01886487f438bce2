"""Fixtures for REFI-QDA tests: an empty case to import into, and a rich Spanish case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from refi_support import migrated_store, new_store, populate_rich

from concierto.store import Store


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A store with one empty case, ``destino``."""
    store = new_store(tmp_path / "destino.db")
    yield store
    store.close()


@pytest.fixture
def rich_store(tmp_path: Path) -> Iterator[Store]:
    """The rich Spanish case ``rico`` in a fresh store."""
    store = migrated_store(tmp_path / "rico.db")
    populate_rich(store)
    yield store
    store.close()

"""The store: the single source of truth (SQLite by default, PostgreSQL by URL)."""

from concierto.store.engine import Store, database_url, head_revision, open_store
from concierto.store.errors import CaseNotFoundError, NewerDatabaseError, StoreError

__all__ = [
    "CaseNotFoundError",
    "NewerDatabaseError",
    "Store",
    "StoreError",
    "database_url",
    "head_revision",
    "open_store",
]

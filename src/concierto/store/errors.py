"""Errors the store raises with a message a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of store errors."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer concierto than this one."""


class CaseNotFoundError(StoreError, LookupError):
    """No case with the asked id, or no unique case when none was named."""


class DatabaseOpenError(StoreError):
    """The database cannot be opened: a file that is not a database, a damaged one, a server
    that refuses the connection."""

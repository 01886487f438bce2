"""The errors the public API raises: the project's own typed errors, re-exported so that a
notebook can catch them by name, and two of the API's own (bad plain input, a missing optional
library). Every one is raised with the message the CLI prints for the same mistake."""

from __future__ import annotations

from concierto.casefile.errors import CaseFileError
from concierto.casefile.load import CaseExistsError
from concierto.evidence.errors import EvidenceError
from concierto.ingest.errors import IngestError
from concierto.store.errors import CaseNotFoundError, NewerDatabaseError, StoreError


class InputError(ValueError):
    """A value given to an API function that it cannot use (the argument is named)."""


class MissingDependencyError(ImportError):
    """An optional library (pandas for ``to_frame``) is not installed."""


__all__ = [
    "CaseExistsError",
    "CaseFileError",
    "CaseNotFoundError",
    "EvidenceError",
    "IngestError",
    "InputError",
    "MissingDependencyError",
    "NewerDatabaseError",
    "StoreError",
]

"""Errors of the evidence store, each naming the document, code, coder or offsets at fault."""

from __future__ import annotations


class EvidenceError(ValueError):
    """Base class: bad evidence input; the store is left unchanged."""


class DuplicateDocumentError(EvidenceError):
    """The same file (same original bytes) is already in the case."""


class UnknownReferenceError(EvidenceError, LookupError):
    """A document, code, coder or case named in a command does not exist."""


class OffsetError(EvidenceError):
    """Offsets outside the text, or an empty or inverted span."""

"""REFI-QDA (QDA-XML 1.0) interoperability: a tolerant reader, a strict writer, a data-loss
report, and the mapping to and from the evidence store (see shared/design/REFI-QDA.md)."""

from concierto.interop.refi.errors import RefiError, RefiFormatError, UnsafeArchiveError

__all__ = ["RefiError", "RefiFormatError", "UnsafeArchiveError"]

"""Errors of REFI-QDA import and export, each naming the file, entry or element at fault."""

from __future__ import annotations


class RefiError(ValueError):
    """Base class: a REFI-QDA file cannot be read or written; nothing is stored."""


class UnsafeArchiveError(RefiError):
    """A .qdpx archive is hostile or damaged (paths outside the archive, links, zip bombs)."""


class RefiFormatError(RefiError):
    """The XML or its content is not a usable REFI-QDA project or codebook."""


class RefiSchemaError(RefiError):
    """A document does not validate against the official QDA-XML schemas."""

"""Codebooks: codes with labels, definitions and mappings to the measures, read from YAML.

Pure values and functions: no database. ``default_codebook()`` gives the one that ships with
concierto; ``load_codebook`` / ``parse_codebook`` read others and report every problem at once.
"""

from __future__ import annotations

from concierto.codebook.default import default_codebook, default_codebook_text
from concierto.codebook.dump import dump_codebook, write_codebook
from concierto.codebook.model import (
    FORMAT_ID,
    Code,
    Codebook,
    Examples,
    Mappings,
    PolarPair,
    Text,
)
from concierto.codebook.parse import CodebookError, CodebookIssue, load_codebook, parse_codebook

__all__ = [
    "FORMAT_ID",
    "Code",
    "Codebook",
    "CodebookError",
    "CodebookIssue",
    "Examples",
    "Mappings",
    "PolarPair",
    "Text",
    "default_codebook",
    "default_codebook_text",
    "dump_codebook",
    "load_codebook",
    "parse_codebook",
    "write_codebook",
]

"""Cells safe to open in a spreadsheet: the one rule every CSV and XLSX concierto writes follows.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (CSV injection). As OWASP recommends, such text is written with a single quote in
front (``'=1+1``), which spreadsheets show as text.

Only *strings* are neutralised: numbers (``int``, ``float``, never ``bool``) are written as
numbers, so ``-2`` stays a negative number while the text ``"-2"`` (a name, a note) gets its
quote. That is how a negative number and a formula are told apart: by the value's type, never
by its look.

The rule is reversible, so that files concierto also reads (case-folder CSV tables, matrix
files) come back identical: text that starts with any number of quotes followed by a trigger
gets one more quote when written (:func:`neutralise`), and one quote is taken off such text when
read (:func:`restore`). Load → export → load is the identity; a hand-written ``'=x`` reads as
``=x``, which is what a spreadsheet would show too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_WRITTEN = re.compile(r"'*[=+\-@\t\r]")
_READ = re.compile(r"'+[=+\-@\t\r]")


def neutralise_text(text: str) -> str:
    """``text`` as a spreadsheet-safe cell (a quote in front when it could run as a formula)."""
    return "'" + text if _WRITTEN.match(text) else text


def restore(text: str) -> str:
    """The text that :func:`neutralise_text` turned into ``text`` (its inverse)."""
    return text[1:] if _READ.match(text) else text


def neutralise(value: Any) -> Any:
    """A cell value for a CSV or XLSX writer: strings neutralised, anything else unchanged."""
    return neutralise_text(value) if isinstance(value, str) else value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    """:func:`neutralise` applied to every cell of a row."""
    return [neutralise(value) for value in values]


def is_text_value(value: Any) -> bool:
    """Whether a value is user text once written: a string, or a list holding one (lists are
    joined into one cell)."""
    if isinstance(value, str):
        return True
    return isinstance(value, list | tuple) and any(isinstance(item, str) for item in value)

"""Render listings as a rich table, CSV or JSON: the one place every command prints rows."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum, StrEnum
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


class OutputFormat(StrEnum):
    """The formats every listing accepts through ``--format``."""

    table = "table"
    csv = "csv"
    json = "json"


console = Console()
error_console = Console(stderr=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(item) for item in value)
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat,
    *,
    title: str | None = None,
) -> None:
    """Print ``rows`` with ``columns`` (key, header label) in the chosen format.

    CSV and JSON use the keys as column names so that files stay stable whatever the language;
    the table uses the translated labels.
    """
    materialised = [dict(row) for row in rows]
    if fmt is OutputFormat.json:
        keys = [key for key, _ in columns]
        payload = [{key: _jsonable(row.get(key)) for key in keys} for row in materialised]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in materialised:
            writer.writerow([_cell(row.get(key)) for key, _ in columns])
    else:
        table = Table(title=title, show_lines=False)
        for _, label in columns:
            table.add_column(label, overflow="fold")
        for row in materialised:
            table.add_row(*(_cell(row.get(key)) for key, _ in columns))
        console.print(table)


def say_why(reason: str | None, fmt: OutputFormat) -> None:
    """Why a result is empty (or holds nothing): under a table, or on stderr beside CSV and
    JSON so that they stay machine-readable."""
    if reason is None:
        return
    target = console if fmt is OutputFormat.table else error_console
    target.print(escape(reason), highlight=False, soft_wrap=True)


def emit_measure_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: OutputFormat,
    title: str,
    why: Callable[[], str | None] | None = None,
) -> None:
    """Rows of a measure: the table leaves the ``evidence`` ids to CSV and JSON, to stay
    readable. When there are no rows, ``why`` says why (see :func:`say_why`)."""
    materialised = list(rows)
    if fmt is OutputFormat.table:
        columns = [(key, label) for key, label in columns if key != "evidence"]
    emit_rows(materialised, columns, fmt, title=title)
    if not materialised and why is not None:
        say_why(why(), fmt)


def emit_result(result: Any, fmt: OutputFormat, *, why: bool = True) -> None:
    """Print an API :class:`~concierto.api.results.Table` or ``Result`` (its rows, columns and
    title) as :func:`emit_measure_rows` does, then, with ``why``, the result's ``reason`` (why
    it holds nothing, see :func:`say_why`)."""
    emit_measure_rows(result.rows, result.columns, fmt, result.title)
    if why:
        say_why(getattr(result, "reason", None), fmt)


def emit_json(payload: Any) -> None:
    """Print a nested result as JSON (UTF-8, not escaped)."""
    sys.stdout.write(json.dumps(_jsonable(payload), ensure_ascii=False, indent=2) + "\n")

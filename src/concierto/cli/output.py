"""Render listings as a rich table, CSV or JSON: the one place every command prints rows."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum, StrEnum
from typing import Any

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from concierto.i18n import _
from concierto.safecells import is_text_value, neutralise_text


class OutputFormat(StrEnum):
    """The formats every listing accepts through ``--format``."""

    table = "table"
    csv = "csv"
    json = "json"


console = Console()
error_console = Console(stderr=True)
MIN_TEXT_WIDTH = 8
"""Narrowest a column of free text gets before the table turns into one record per block."""


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


def _csv_cell(value: Any) -> str:
    """A CSV cell: user text neutralised against spreadsheet formulas (:mod:`concierto.safecells`),
    numbers left as numbers."""
    text = _cell(value)
    return neutralise_text(text) if is_text_value(value) else text


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
            writer.writerow([_csv_cell(row.get(key)) for key, _ in columns])
    else:
        cells = [
            [Text.from_markup(_cell(row.get(key))) for key, _label in columns]
            for row in materialised
        ]
        renderable, cut = fitted_table(
            cells, [label for _key, label in columns], console.width, title
        )
        console.print(renderable)
        if cut:
            console.print(Text(full_values_hint(), style="dim"))


def full_values_hint() -> str:
    """The hint printed under a table whose cells were cut or laid out one record per block."""
    return _("Long values are cut short or laid out by record; --format csv|json gives everything.")


def _is_atomic(column: Sequence[Text]) -> bool:
    """A column of ids, numbers and flags: no value has a space, so none may be broken."""
    return all(" " not in cell.plain.strip() for cell in column)


def fitted_table(
    cells: Sequence[Sequence[Text]], labels: Sequence[str], width: int, title: str | None = None
) -> tuple[RenderableType, bool]:
    """A table that fits ``width`` terminal cells, and whether any value is not shown in full.

    Ids and numbers (columns without spaces) keep their whole width and never wrap; free text
    shares what is left, one line per cell, cut with an ellipsis. When the ids and numbers plus
    the narrowest text columns do not fit, every row becomes a block of ``label: value`` lines.
    """
    columns = [[row[i] for row in cells] for i in range(len(labels))]
    atomic = [_is_atomic(column) for column in columns]
    natural = [
        max([cell_len(cell.plain) for cell in column] + [_longest_word(label)])
        for column, label in zip(columns, labels, strict=True)
    ]
    overhead = 3 * len(labels) + 1  # a border and two spaces of padding per column, one border
    fixed = sum(w for w, a in zip(natural, atomic, strict=True) if a)
    texts = [i for i, a in enumerate(atomic) if not a]
    floor = sum(min(natural[i], MIN_TEXT_WIDTH) for i in texts)
    if fixed + floor + overhead > width:
        return _records(cells, labels, width, title), True
    widths = list(natural)
    room = width - overhead - fixed
    cut = False
    pending = sorted(texts, key=lambda i: natural[i])
    while pending:  # the narrowest text columns take what they need; the rest share evenly
        share = room // len(pending)
        i = pending.pop(0)
        widths[i] = min(natural[i], max(share, MIN_TEXT_WIDTH))
        cut = cut or widths[i] < natural[i]
        room -= widths[i]
    table = Table(title=title, show_lines=False)
    for label, size, is_atomic in zip(labels, widths, atomic, strict=True):
        table.add_column(
            Text(label, no_wrap=False, overflow="fold"),  # headers may wrap at their spaces
            width=size,
            no_wrap=True,
            overflow="ignore" if is_atomic else "ellipsis",
        )
    for row in cells:
        table.add_row(*row)
    return table, cut


def _longest_word(label: str) -> int:
    return max((cell_len(word) for word in label.split()), default=0)


def _records(
    cells: Sequence[Sequence[Text]], labels: Sequence[str], width: int, title: str | None
) -> RenderableType:
    """One block per row: each value on its own line after its label, wrapped only at spaces."""
    name_width = min(max((cell_len(label) for label in labels), default=0), width // 3)
    blocks: list[RenderableType] = [Text(title, style="bold")] if title else []
    for n, row in enumerate(cells):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=name_width, style="bold", overflow="fold")
        grid.add_column(overflow="fold")
        for label, cell in zip(labels, row, strict=True):
            grid.add_row(label, cell)
        blocks += [Text(f"— {n + 1} —", style="dim"), grid]
    return Group(*blocks)


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

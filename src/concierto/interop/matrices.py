"""Read and write interaction (cross-impact) matrix files: CSV, XLSX and JSON.

Square layout (CSV and XLSX): the first row holds the column ids, the first column the row
ids, and cell (i, j) is the effect of progress on row i upon column j. Optional extra columns,
recognised by their header (case and surrounding spaces ignored):

* ``name`` / ``nombre``: a display name per row;
* derived figures: ``Sum`` or ``out``, ``Pos`` or ``out_pos``, ``Neg`` or ``out_neg``, ``2nd``
  or ``second_order``, ``Sum+2nd`` or ``total``, ``Rank`` or ``rank``, and ``in``, ``in_pos``,
  ``in_neg``; they are read for the consistency audit, never used as input.

Column ids may come in any order but must be the row ids; an empty cell counts as 0
(consistent). CSV files are UTF-8 (optional BOM), separated by commas, semicolons or tabs
(the most frequent of the three in the header line); with semicolons or tabs a decimal comma is
accepted. XLSX files are read from their first sheet unless another is named; a formula cell
gives the value the spreadsheet last computed (a workbook never opened in a spreadsheet program
has none, and its formula cells read as blanks).

JSON (as some published matrices are distributed): an object ``{id: {"Name": ..., "affect":
{id: score}, "Sum": ..., ...}}``; keys may carry stray spaces (``"Pos "``); a missing target in
``affect`` counts as 0.

Ratings (several raters per cell) come as a long CSV table, one rating per line, with the
columns ``from`` (or ``source``), ``to`` (or ``target``), ``rater`` and ``score``, and optionally
``rationale``, ``confidence`` and ``evidence`` (ids separated by spaces, ``|``, ``;`` or ``,``);
see :func:`read_ratings`.

The readers only parse: scores are validated and analysed by
:mod:`concierto.measures.crossimpact`. Every error names the file and the line, cell or key.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from concierto.i18n import _
from concierto.measures.crossimpact_raters import Rating
from concierto.measures.matrix_audit import DERIVED_COLUMNS
from concierto.safecells import neutralise_row, restore

FloatMatrix = npt.NDArray[np.float64]

SEPARATORS = (",", ";", "\t")
NAME_HEADERS = frozenset({"name", "nombre"})
DERIVED_HEADERS: Mapping[str, str] = {
    "sum": "out",
    "out": "out",
    "pos": "out_pos",
    "out_pos": "out_pos",
    "neg": "out_neg",
    "out_neg": "out_neg",
    "in": "in",
    "in_pos": "in_pos",
    "in_neg": "in_neg",
    "2nd": "second_order",
    "second_order": "second_order",
    "sum+2nd": "total",
    "total": "total",
    "rank": "rank",
}
BLANK_WORDS = frozenset({"", "none", "nan", "null", "-", "n/a"})
FORMATS = ("csv", "xlsx", "json")


class MatrixFileError(ValueError):
    """A matrix file that cannot be read or written, with the place of the problem."""


@dataclass(frozen=True)
class MatrixFile:
    """The content of a matrix file.

    ``derived`` maps a canonical column key (``out``, ``out_pos`` …) to the value stored per
    row id (``None`` when blank); ``derived_labels`` maps the same key to its header in the file.
    """

    path: Path
    format: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    matrix: FloatMatrix
    derived: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)
    derived_labels: Mapping[str, str] = field(default_factory=dict)


def matrix_format(path: Path) -> str:
    """``csv``, ``xlsx`` or ``json`` from the file extension (``.tsv`` and ``.txt`` are CSV)."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix == ".json":
        return "json"
    raise MatrixFileError(
        _("{path}: unknown matrix format {suffix!r}; use .csv, .xlsx or .json").format(
            path=path, suffix=path.suffix
        )
    )


def _parse_number(text: str, decimal_comma: bool) -> float | None:
    cleaned = text.strip().replace("\u2212", "-")
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _cell_number(value: Any, decimal_comma: bool, where: str, blank: float | None) -> float | None:
    """A cell value as a float; ``blank`` for empty cells; an error naming ``where`` otherwise."""
    if value is None or (isinstance(value, str) and value.strip().lower() in BLANK_WORDS):
        return blank
    if isinstance(value, bool):
        raise MatrixFileError(
            _("{where}: {value!r} is not a number").format(where=where, value=value)
        )
    if isinstance(value, int | float):
        if not math.isfinite(float(value)):
            raise MatrixFileError(
                _("{where}: {value!r} is not a finite number").format(where=where, value=value)
            )
        return float(value)
    number = _parse_number(str(value), decimal_comma)
    if number is None:
        raise MatrixFileError(
            _("{where}: {value!r} is not a number").format(where=where, value=value)
        )
    return number


@dataclass(frozen=True)
class _Grid:
    """Rows of cell values from a CSV file or a sheet, with a function that names a cell."""

    rows: list[tuple[int, list[Any]]]
    where: Callable[[int, int | None], str]
    decimal_comma: bool


def _text(value: Any) -> str:
    """A text cell as written before it was made spreadsheet-safe (:mod:`concierto.safecells`)."""
    if value is None:
        return ""
    return restore(str(value).strip())


def _parse_square(grid: _Grid, path: Path, file_format: str) -> MatrixFile:
    """Turn a square-layout grid into a MatrixFile (shared by CSV and XLSX)."""
    if not grid.rows:
        raise MatrixFileError(_("{path}: the file holds no matrix").format(path=path))
    header_number, header = grid.rows[0]
    column_ids: list[tuple[int, str]] = []
    name_column: int | None = None
    derived_columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    for position, raw in enumerate(header[1:], start=1):
        label = _text(raw)
        key = label.lower()
        if key in NAME_HEADERS and name_column is None:
            name_column = position
        elif key in DERIVED_HEADERS:
            canonical = DERIVED_HEADERS[key]
            if canonical in labels:
                raise MatrixFileError(
                    _("{where}: column {label!r} repeats {other!r}").format(
                        where=grid.where(header_number, position),
                        label=label,
                        other=labels[canonical],
                    )
                )
            derived_columns[position] = canonical
            labels[canonical] = label
        elif not label:
            if any(_text(cell) for cell in header[position:]):
                raise MatrixFileError(
                    _("{where}: the column id is empty").format(
                        where=grid.where(header_number, position)
                    )
                )
        else:
            if any(label == seen for _position, seen in column_ids):
                raise MatrixFileError(
                    _("{where}: column id {id} appears twice").format(
                        where=grid.where(header_number, position), id=label
                    )
                )
            column_ids.append((position, label))

    row_ids: list[str] = []
    names: list[str] = []
    row_cells: list[tuple[int, list[Any]]] = []
    for number, cells in grid.rows[1:]:
        if not any(_text(cell) for cell in cells):
            continue
        row_id = _text(cells[0])
        if not row_id:
            raise MatrixFileError(
                _("{where}: the row id is empty").format(where=grid.where(number, 0))
            )
        if row_id in row_ids:
            raise MatrixFileError(
                _("{where}: row id {id} appears twice").format(
                    where=grid.where(number, 0), id=row_id
                )
            )
        if len(cells) > len(header) and any(_text(cell) for cell in cells[len(header) :]):
            raise MatrixFileError(
                _("{where}: the row is longer than the header").format(
                    where=grid.where(number, len(header))
                )
            )
        row_ids.append(row_id)
        name = (
            _text(cells[name_column])
            if name_column is not None and name_column < len(cells)
            else ""
        )
        names.append(name or row_id)
        row_cells.append((number, cells))

    if not row_ids:
        raise MatrixFileError(_("{path}: the matrix has no rows").format(path=path))
    header_ids = [label for _position, label in column_ids]
    missing = [row_id for row_id in row_ids if row_id not in header_ids]
    extra = [label for label in header_ids if label not in row_ids]
    if missing or extra:
        details = []
        if missing:
            details.append(_("rows without a column: {ids}").format(ids=", ".join(missing)))
        if extra:
            details.append(_("columns without a row: {ids}").format(ids=", ".join(extra)))
        raise MatrixFileError(
            _("{where}: the column ids must be the row ids ({details})").format(
                where=grid.where(header_number, None), details="; ".join(details)
            )
        )

    positions = dict((label, position) for position, label in column_ids)
    size = len(row_ids)
    matrix = np.zeros((size, size), dtype=np.float64)
    derived: dict[str, dict[str, float | None]] = {key: {} for key in derived_columns.values()}
    for row, (number, cells) in enumerate(row_cells):
        for column, column_id in enumerate(row_ids):
            position = positions[column_id]
            value = cells[position] if position < len(cells) else None
            where = grid.where(number, position) + f" ({row_ids[row]} -> {column_id})"
            number_value = _cell_number(value, grid.decimal_comma, where, 0.0)
            matrix[row, column] = number_value if number_value is not None else 0.0
        for position, key in derived_columns.items():
            value = cells[position] if position < len(cells) else None
            where = grid.where(number, position) + f" ({labels[key]})"
            derived[key][row_ids[row]] = _cell_number(value, grid.decimal_comma, where, None)
    return MatrixFile(
        path=path,
        format=file_format,
        ids=tuple(row_ids),
        names=tuple(names),
        matrix=matrix,
        derived=derived,
        derived_labels=labels,
    )


def _csv_rows(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """The non-blank rows of a CSV file with their line numbers, and the separator used."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise MatrixFileError(_("{path}: no such file").format(path=path)) from exc
    except UnicodeDecodeError as exc:
        raise MatrixFileError(
            _("{path}: not UTF-8 text (byte {offset})").format(path=path, offset=exc.start)
        ) from exc
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {separator: first_line.count(separator) for separator in SEPARATORS}
    separator = max(SEPARATORS, key=lambda candidate: counts[candidate])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise MatrixFileError(
            _("{path}, line {line}: {error}").format(path=path, line=reader.line_num, error=exc)
        ) from exc
    return [
        (number, cells) for number, cells in rows if any(cell.strip() for cell in cells)
    ], separator


def _csv_place(path: Path) -> Callable[[int, int | None], str]:
    def where(line: int, column: int | None) -> str:
        place = _("{path}, line {line}").format(path=path, line=line)
        if column is not None:
            place += _(", column {column}").format(column=column + 1)
        return place

    return where


def _read_csv(path: Path) -> MatrixFile:
    rows, separator = _csv_rows(path)
    grid_rows: list[tuple[int, list[Any]]] = [(number, list(cells)) for number, cells in rows]
    return _parse_square(_Grid(grid_rows, _csv_place(path), separator != ","), path, "csv")


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, list[tuple[int, list[Any]]]]:
    """The title of the chosen sheet and its non-empty rows (numbered from 1)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise MatrixFileError(
                _("{path}: no sheet named {sheet!r} (sheets: {sheets})").format(
                    path=path, sheet=sheet, sheets=", ".join(workbook.sheetnames)
                )
            )
        title = worksheet.title
        rows = [
            (number, list(values))
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
            if any(_text(value) for value in values)
        ]
    finally:
        workbook.close()
    return title, rows


def _read_xlsx(path: Path, sheet: str | None) -> MatrixFile:
    try:
        title, rows = _xlsx_rows(path, sheet)
    except MatrixFileError:
        raise
    except Exception as exc:
        # openpyxl (and lxml beneath it) fail on a damaged workbook with whatever error the
        # damage provokes (XMLSyntaxError, IndexError, TypeError …): all mean the same thing.
        raise MatrixFileError(
            _("{path}: not a readable XLSX workbook ({error})").format(
                path=path, error=f"{type(exc).__name__}: {exc}"
            )
        ) from exc

    def where(row: int, column: int | None) -> str:
        if column is None:
            return _("{path}, sheet {sheet}, row {row}").format(path=path, sheet=title, row=row)
        return _("{path}, sheet {sheet}, cell {cell}").format(
            path=path, sheet=title, cell=f"{_column_letter(column)}{row}"
        )

    return _parse_square(_Grid(rows, where, False), path, "xlsx")


def _json_key(mapping: Mapping[str, Any], wanted: str) -> str | None:
    for key in mapping:
        if key.strip().lower() == wanted:
            return key
    return None


def _read_json(path: Path) -> MatrixFile:
    try:
        payload = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise MatrixFileError(
            _("{path}: not UTF-8 text (byte {offset})").format(path=path, offset=exc.start)
        ) from exc
    except json.JSONDecodeError as exc:
        raise MatrixFileError(
            _("{path}, line {line}, column {column}: invalid JSON ({error})").format(
                path=path, line=exc.lineno, column=exc.colno, error=exc.msg
            )
        ) from exc
    except RecursionError as exc:
        raise MatrixFileError(
            _("{path}: the JSON is nested too deeply to be a matrix file").format(path=path)
        ) from exc
    if not isinstance(payload, dict) or not payload:
        raise MatrixFileError(
            _(
                '{path}: expected a JSON object {{id: {{"Name": ..., "affect": {{id: score}}}}}}'
            ).format(path=path)
        )
    ids: list[str] = []
    for raw_id in payload:
        element_id = raw_id.strip()
        if not element_id:
            raise MatrixFileError(_("{path}: an entry has an empty id").format(path=path))
        if element_id in ids:
            raise MatrixFileError(
                _("{path}: id {id} appears twice").format(path=path, id=element_id)
            )
        ids.append(element_id)
    index = {element_id: position for position, element_id in enumerate(ids)}
    matrix = np.zeros((len(ids), len(ids)), dtype=np.float64)
    names: list[str] = []
    derived: dict[str, dict[str, float | None]] = {}
    labels: dict[str, str] = {}
    for row, (raw_id, entry) in enumerate(payload.items()):
        element_id = ids[row]
        place = _("{path}, entry {id}").format(path=path, id=json.dumps(raw_id))
        if not isinstance(entry, dict):
            raise MatrixFileError(_("{place}: expected an object").format(place=place))
        name_key = _json_key(entry, "name")
        names.append(str(entry[name_key]).strip() if name_key is not None else element_id)
        affect_key = _json_key(entry, "affect")
        if affect_key is None or not isinstance(entry[affect_key], dict):
            raise MatrixFileError(_('{place}: no "affect" object of scores').format(place=place))
        for raw_target, value in entry[affect_key].items():
            target = raw_target.strip()
            where = _("{place}, affect {target}").format(place=place, target=json.dumps(raw_target))
            if target not in index:
                raise MatrixFileError(_("{where}: unknown id").format(where=where))
            number = _cell_number(value, False, where, 0.0)
            matrix[row, index[target]] = number if number is not None else 0.0
        for key, value in entry.items():
            canonical = DERIVED_HEADERS.get(key.strip().lower())
            if canonical is None:
                continue
            where = _("{place}, key {key}").format(place=place, key=json.dumps(key))
            labels.setdefault(canonical, key.strip())
            derived.setdefault(canonical, {})[element_id] = _cell_number(value, False, where, None)
    return MatrixFile(
        path=path,
        format="json",
        ids=tuple(ids),
        names=tuple(names),
        matrix=matrix,
        derived=derived,
        derived_labels=labels,
    )


def read_matrix(path: str | Path, *, sheet: str | None = None) -> MatrixFile:
    """Read a matrix file in the format its extension names (see the module docstring)."""
    file_path = Path(path)
    file_format = matrix_format(file_path)
    if not file_path.is_file():
        raise MatrixFileError(_("{path}: no such file").format(path=file_path))
    if file_format == "csv":
        return _read_csv(file_path)
    if file_format == "xlsx":
        return _read_xlsx(file_path, sheet)
    return _read_json(file_path)


RATING_HEADERS: Mapping[str, str] = {
    "from": "source",
    "source": "source",
    "desde": "source",
    "to": "target",
    "target": "target",
    "hacia": "target",
    "rater": "rater",
    "evaluador": "rater",
    "score": "score",
    "puntuacion": "score",
    "puntuación": "score",
    "rationale": "rationale",
    "justificacion": "rationale",
    "justificación": "rationale",
    "confidence": "confidence",
    "confianza": "confidence",
    "evidence": "evidence",
    "evidencia": "evidence",
}
REQUIRED_RATING_COLUMNS = ("source", "target", "rater", "score")
EVIDENCE_SPLIT = re.compile(r"[\s|;,]+")


@dataclass(frozen=True)
class RatingsFile:
    """The ratings of a long CSV table and the element ids in order of first appearance."""

    path: Path
    ids: tuple[str, ...]
    ratings: tuple[Rating, ...]
    lines: tuple[int, ...]


def read_ratings(path: str | Path) -> RatingsFile:
    """Read a long CSV table of ratings (one per line; columns in the module docstring).

    Columns are found by header (case and spaces ignored; Spanish names accepted); unknown
    columns are ignored. Scores are numbers (decimal comma with ``;`` or tab separators); their
    range and duplicates are checked by
    :func:`concierto.measures.crossimpact_raters.aggregate_ratings`.
    """
    file_path = Path(path)
    rows, separator = _csv_rows(file_path)
    where = _csv_place(file_path)
    if not rows:
        raise MatrixFileError(_("{path}: the file holds no ratings").format(path=file_path))
    header_line, header = rows[0]
    columns: dict[str, int] = {}
    for position, label in enumerate(header):
        key = RATING_HEADERS.get(label.strip().lower())
        if key is not None and key not in columns:
            columns[key] = position
    missing = [key for key in REQUIRED_RATING_COLUMNS if key not in columns]
    if missing:
        raise MatrixFileError(
            _("{where}: missing columns {columns} (need from, to, rater, score)").format(
                where=where(header_line, None), columns=", ".join(missing)
            )
        )
    ids: list[str] = []
    ratings: list[Rating] = []
    lines: list[int] = []
    for number, cells in rows[1:]:
        values = {
            key: cells[position].strip() if position < len(cells) else ""
            for key, position in columns.items()
        }
        for key in REQUIRED_RATING_COLUMNS[:3]:
            if not values[key]:
                raise MatrixFileError(
                    _("{where}: the {column} is empty").format(
                        where=where(number, columns[key]), column=header[columns[key]].strip()
                    )
                )
        score = _cell_number(
            values["score"], separator != ",", where(number, columns["score"]), None
        )
        if score is None:
            raise MatrixFileError(
                _("{where}: the score is empty").format(where=where(number, columns["score"]))
            )
        for element_id in (values["source"], values["target"]):
            if element_id not in ids:
                ids.append(element_id)
        evidence = values.get("evidence", "")
        ratings.append(
            Rating(
                source=values["source"],
                target=values["target"],
                rater=values["rater"],
                score=score,
                rationale=values.get("rationale", ""),
                confidence=values.get("confidence") or None,
                evidence=tuple(item for item in EVIDENCE_SPLIT.split(evidence) if item),
            )
        )
        lines.append(number)
    return RatingsFile(path=file_path, ids=tuple(ids), ratings=tuple(ratings), lines=tuple(lines))


def _plain(value: float) -> int | float:
    """Integers without a trailing ``.0``; other values unchanged."""
    return int(value) if float(value).is_integer() else float(value)


def _square_rows(
    ids: Sequence[str],
    names: Sequence[str],
    matrix: FloatMatrix,
    derived: Mapping[str, Mapping[str, float | None]],
) -> list[list[Any]]:
    columns = [key for key in DERIVED_COLUMNS if key in derived]
    rows: list[list[Any]] = [["id", "name", *ids, *columns]]
    for row, element_id in enumerate(ids):
        cells: list[Any] = [element_id, names[row]]
        cells.extend(_plain(value) for value in matrix[row])
        for key in columns:
            value = derived[key].get(element_id)
            cells.append(None if value is None else _plain(value))
        rows.append(cells)
    return rows


def write_matrix(
    path: str | Path,
    ids: Sequence[str],
    names: Sequence[str] | None,
    matrix: Any,
    *,
    derived: Mapping[str, Mapping[str, float | None]] | None = None,
) -> Path:
    """Write a matrix file in the format its extension names; :func:`read_matrix` reads it back.

    ``names`` default to the ids; ``derived`` (canonical keys, see DERIVED_COLUMNS) adds derived
    columns (JSON: keys in each entry). Returns the path written.
    """
    file_path = Path(path)
    file_format = matrix_format(file_path)
    array = np.asarray(matrix, dtype=np.float64)
    element_ids = [str(element_id) for element_id in ids]
    labels = list(names) if names is not None else list(element_ids)
    if array.shape != (len(element_ids), len(element_ids)) or len(labels) != len(element_ids):
        raise MatrixFileError(
            _("{path}: {n} ids, {m} names and a {shape} matrix do not fit together").format(
                path=file_path,
                n=len(element_ids),
                m=len(labels),
                shape=" x ".join(str(extent) for extent in array.shape),
            )
        )
    extra = derived or {}
    if file_format == "json":
        payload: dict[str, Any] = {}
        for row, element_id in enumerate(element_ids):
            entry: dict[str, Any] = {
                "Name": labels[row],
                "affect": {
                    target: _plain(array[row, column]) for column, target in enumerate(element_ids)
                },
            }
            for key in DERIVED_COLUMNS:
                if key in extra:
                    value = extra[key].get(element_id)
                    entry[key] = None if value is None else _plain(value)
            payload[element_id] = entry
        file_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return file_path
    rows = _square_rows(element_ids, labels, array, extra)
    if file_format == "csv":
        with file_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            for cells in rows:
                writer.writerow(["" if cell is None else cell for cell in neutralise_row(cells)])
        return file_path
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = "matrix"
    for cells in rows:
        worksheet.append(neutralise_row(cells))
    workbook.save(file_path)
    return file_path

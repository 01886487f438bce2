"""A case as a spreadsheet (``.xlsx``): one sheet per section of the case format, columns named
after its fields, drop-down lists for the fields with a fixed list of values, and a sheet that
explains provenance.

Everything comes from the format table (``spec.py``): the sheets, their columns, the types that
turn cells into values and the lists of the drop-downs. The workbook is read into the same
document a case folder gives and validated by the same code, so the messages are the folder's,
with the sheet, row and column where a folder names file and line.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from concierto.casefile.errors import Issue
from concierto.casefile.locate import Locator
from concierto.casefile.read import (
    FALSE_WORDS,
    MAX_FILE_BYTES,
    TRUE_WORDS,
    CaseDocument,
    validated_document,
)
from concierto.casefile.spec import (
    CASE_FIELDS,
    FORMAT_ID,
    LIST_SEPARATOR,
    SECTIONS,
    SECTIONS_BY_NAME,
    Field,
)
from concierto.i18n import _
from concierto.safecells import neutralise, restore

CASE_SHEET = "case"
HELP_SHEET = "provenance"
LISTS_SHEET = "lists"
VALIDATED_ROWS = 2000
"""Rows of each sheet that get the drop-down lists (the header is row 1)."""
TEXT_TYPES = frozenset({"id", "string", "text", "date", "strings", "ref", "refs", "executors"})
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


class _CellError(ValueError):
    """A cell whose value cannot be read as its field's type."""


# ----------------------------------------------------------------------------- cells


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _cell_value(spec: Field, value: Any) -> Any:
    """What a workbook cell holds for a field's value (None: leave the cell empty); text that a
    spreadsheet would run as a formula is quoted, and :func:`_from_cell` unquotes it
    (:mod:`concierto.safecells`)."""
    return neutralise(_plain_cell_value(spec, value))


def _plain_cell_value(spec: Field, value: Any) -> Any:
    if value is None or value == [] or value == {} or value == "":
        return None
    if spec.type == "boolean":
        return "true" if value else "false"
    if spec.type == "executors":
        return f"{LIST_SEPARATOR} ".join(
            str(item["actor"])
            + ("" if item.get("budget") is None else f": {_number_text(item['budget'])}")
            for item in value
        )
    if spec.type == "object":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value)
    if spec.type in ("integer", "number"):
        return value
    return str(value)


def _text_of(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, float):
        return _number_text(value)
    return str(value).strip()


def _executors(text: str) -> list[dict[str, Any]]:
    items = []
    for part in text.split(LIST_SEPARATOR):
        if not part.strip():
            continue
        actor, colon, budget = part.partition(":")
        try:
            items.append({"actor": actor.strip(), "budget": float(budget) if colon else None})
        except ValueError:
            raise _CellError(part) from None
    return [{k: v for k, v in item.items() if v is not None} for item in items]


def _from_cell(spec: Field, value: Any) -> Any:
    """The field's value from a cell (raises :class:`_CellError` when it is not one)."""
    kind = spec.type
    if isinstance(value, str):
        value = restore(value)
    try:
        if kind == "integer":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise _CellError(value)
            return int(value) if isinstance(value, int | float) else int(_text_of(value))
        if kind == "number":
            if isinstance(value, bool):
                raise _CellError(value)
            return float(value) if isinstance(value, int | float) else float(_text_of(value))
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            word = _text_of(value).lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise _CellError(value)
        if kind in ("strings", "refs"):
            return [p.strip() for p in _text_of(value).split(LIST_SEPARATOR) if p.strip()]
        if kind == "executors":
            return _executors(_text_of(value))
        if kind == "object":
            parsed = json.loads(_text_of(value))
            if not isinstance(parsed, dict):
                raise _CellError(value)
            return parsed
    except (ValueError, TypeError) as exc:
        raise _CellError(value) from exc
    if kind == "text" and isinstance(value, str):
        return value  # as written, line breaks included
    return _text_of(value)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ----------------------------------------------------------------------------- writing


def _header(sheet: Worksheet, column: int, spec: Field, width: int = 18) -> None:
    cell = sheet.cell(row=1, column=column, value=spec.name)
    cell.font = Font(bold=True, underline="single" if spec.required else None)
    cell.fill = HEADER_FILL
    note = spec.description + (" " + _("(required)") if spec.required else "")
    if spec.enum:
        note += " " + _("Values: {values}.").format(values=", ".join(spec.enum))
    cell.comment = Comment(note, "concierto")
    sheet.column_dimensions[get_column_letter(column)].width = width


def _lists_sheet(book: Workbook) -> dict[tuple[str, str], str]:
    """A hidden sheet with one column per enumerated field; returns each field's range."""
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges: dict[tuple[str, str], str] = {}
    column = 0
    for section in SECTIONS:
        for spec in section.all_fields:
            if not spec.enum:
                continue
            column += 1
            letter = get_column_letter(column)
            sheet.cell(row=1, column=column, value=f"{section.name}.{spec.name}")
            for row, value in enumerate(spec.enum, start=2):
                sheet.cell(row=row, column=column, value=value)
            ranges[(section.name, spec.name)] = (
                f"{LISTS_SHEET}!${letter}$2:${letter}${len(spec.enum) + 1}"
            )
    return ranges


def _drop_down(sheet: Worksheet, column: int, formula: str, spec: Field) -> None:
    letter = get_column_letter(column)
    check = DataValidation(type="list", formula1=formula, allow_blank=True)
    check.error = _("Choose a value from the list.")
    check.errorTitle = spec.name
    check.showErrorMessage = True
    sheet.add_data_validation(check)
    check.add(f"{letter}2:{letter}{VALIDATED_ROWS}")


def _section_sheet(
    book: Workbook, name: str, records: list[dict[str, Any]], ranges: dict[tuple[str, str], str]
) -> None:
    section = SECTIONS_BY_NAME[name]
    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    for column, spec in enumerate(section.all_fields, start=1):
        wide = spec.type in ("text", "executors", "refs", "strings")
        _header(sheet, column, spec, 40 if wide else 18)
        if (name, spec.name) in ranges:
            _drop_down(sheet, column, "=" + ranges[(name, spec.name)], spec)
        elif spec.type == "boolean":
            _drop_down(sheet, column, '"true,false"', spec)
        for row, record in enumerate(records, start=2):
            cell = sheet.cell(
                row=row, column=column, value=_cell_value(spec, record.get(spec.name))
            )
            if spec.type in TEXT_TYPES:
                cell.number_format = "@"  # dates stay the text the user typed
            if spec.type == "text":
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _case_sheet(book: Workbook, case: dict[str, Any]) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = CASE_SHEET
    for column, title in enumerate(("field", "value", "description"), start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.append(["format", FORMAT_ID, _("The case format; leave as it is.")])
    for spec in CASE_FIELDS:
        value = _cell_value(spec, case.get(spec.name))
        note = spec.description + (" " + _("(required)") if spec.required else "")
        sheet.append([spec.name, value, note])
        sheet.cell(row=sheet.max_row, column=2).number_format = "@"
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=spec.required)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 70


def _help_sheet(book: Workbook) -> None:
    sheet = book.create_sheet(HELP_SHEET)
    lines = [
        _("Where each record comes from (the provenance columns of every sheet)"),
        "",
        _(
            "source: the id of a row of the sources sheet that documents the record; its "
            "provenance is then `source` (a cited fact)."
        ),
        _("provenance = inferred: the analysts' reading of the evidence; say of what in `basis`."),
        _("provenance = illustrative: written as an example, not real data; say so in `basis`."),
        _("A record without a source and without a provenance is refused when loading."),
        "",
        _("How to fill the sheets"),
        _(
            "Row 1 names the fields (hover over a name for its meaning; underlined names are "
            'required). One record per row; empty cells mean "not given".'
        ),
        _("Columns with a drop-down take one value of its list (kinds, layers, levels …)."),
        _(
            "Lists (aliases, members, evidence …) separate items with `;`. Executors: "
            "`actor: budget; actor: budget`."
        ),
        _("Dates are text: YYYY, YYYY-MM or YYYY-MM-DD. Booleans are true or false."),
        _(
            "Load with `concierto load FILE.xlsx`: every problem is reported with its sheet, row "
            "and column, and nothing is stored until there is none."
        ),
        _("The full reference of every field is docs/case-format.md."),
    ]
    for row, line in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row in (1, 8):
            cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 110


def write_case_workbook(document: CaseDocument, path: Path | str) -> Path:
    """Write ``document`` as an ``.xlsx`` workbook at ``path``; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    _case_sheet(book, document.data["case"])
    ranges = _lists_sheet(book)
    for section in SECTIONS:
        _section_sheet(book, section.name, document.data.get(section.name) or [], ranges)
    _help_sheet(book)
    book.move_sheet(HELP_SHEET, offset=-(len(book.sheetnames) - 2))  # right after `case`
    book.save(target)
    return target


# ----------------------------------------------------------------------------- reading


def _read_case_sheet(
    rows: list[tuple[Any, ...]], file: str, locator: Locator, issues: list[Issue]
) -> tuple[Any, dict[str, Any]]:
    fmt: Any = None
    case: dict[str, Any] = {}
    locator.add_cell((CASE_SHEET,), file, 1, CASE_SHEET, None)
    fields = {spec.name: spec for spec in CASE_FIELDS}
    for number, row in enumerate(rows[1:], start=2):
        name = _text_of(row[0]) if row and not _is_empty(row[0]) else ""
        value = row[1] if len(row) > 1 else None
        if not name:
            continue
        if name == "format":
            fmt = None if _is_empty(value) else _text_of(value)
            locator.add_cell(("format",), file, number, CASE_SHEET, "B")
            continue
        spec = fields.get(name)
        if spec is None:
            issues.append(Issue(file, number, name, _("unknown field"), CASE_SHEET, "A"))
            continue
        locator.add_cell((CASE_SHEET, name), file, number, CASE_SHEET, "B")
        if _is_empty(value):
            continue
        try:
            case[name] = _from_cell(spec, value)
        except _CellError:
            issues.append(_cannot_read(file, number, name, value, spec, CASE_SHEET, "B"))
    return fmt, case


def _cannot_read(
    file: str, row: int, name: str, value: Any, spec: Field, sheet: str, column: str
) -> Issue:
    message = _("cannot read {value!r} as {type}").format(value=value, type=spec.type)
    return Issue(file, row, name, message, sheet, column)


def _read_section_sheet(
    name: str, rows: list[tuple[Any, ...]], file: str, locator: Locator, issues: list[Issue]
) -> list[dict[str, Any]]:
    section = SECTIONS_BY_NAME[name]
    locator.add_cell((name,), file, 1, name, None)
    if not rows:
        return []
    columns = ["" if _is_empty(cell) else _text_of(cell) for cell in rows[0]]
    for position, column in enumerate(columns, start=1):
        if column and section.field_named(column) is None:
            issues.append(
                Issue(file, 1, column, _("unknown column"), name, get_column_letter(position))
            )
    records: list[dict[str, Any]] = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_is_empty(cell) for cell in row):
            continue
        index = len(records)
        locator.add_cell((name, index), file, number, name, None)
        record: dict[str, Any] = {}
        for position, (column, value) in enumerate(zip(columns, row, strict=False), start=1):
            spec = section.field_named(column) if column else None
            letter = get_column_letter(position)
            if spec is None:
                if not _is_empty(value) and not column:
                    issues.append(
                        Issue(file, number, "", _("a value without a column name"), name, letter)
                    )
                continue
            locator.add_cell((name, index, column), file, number, name, letter)
            if _is_empty(value):
                continue
            try:
                record[column] = _from_cell(spec, value)
            except _CellError:
                issues.append(_cannot_read(file, number, column, value, spec, name, letter))
        records.append(record)
    return records


def _sheet_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows of cell values, by sheet title."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            sheet.title: [tuple(r) for r in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def parse_case_workbook(path: Path) -> tuple[dict[str, Any], Locator, list[Issue]]:
    """Read the sheets of a workbook without validating them."""
    file = str(path)
    locator = Locator()
    locator.add((), file, 1)
    if not path.is_file():
        return {}, locator, [Issue(file, None, "", _("file not found"))]
    if path.stat().st_size > MAX_FILE_BYTES:
        return {}, locator, [Issue(file, None, "", _("file too large (over 200 MB)"))]
    try:
        sheets = _sheet_rows(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problem = _("not a readable .xlsx workbook: {problem}").format(problem=exc)
        return {}, locator, [Issue(file, None, "", problem)]
    except Exception as exc:
        # openpyxl and lxml fail on a damaged workbook with whatever the damage provokes
        # (XMLSyntaxError, IndexError, TypeError …): all mean the same thing to the user.
        problem = _("not a readable .xlsx workbook: {problem}").format(
            problem=f"{type(exc).__name__}: {exc}"
        )
        return {}, locator, [Issue(file, None, "", problem)]
    issues: list[Issue] = []
    data: dict[str, Any] = {}
    if CASE_SHEET not in sheets:
        return (
            {},
            locator,
            [Issue(file, None, "", _("no sheet named {sheet!r}").format(sheet=CASE_SHEET))],
        )
    fmt, case = _read_case_sheet(sheets[CASE_SHEET], file, locator, issues)
    if fmt is not None:
        data["format"] = fmt
    data["case"] = case
    for title, rows in sheets.items():
        if title in (CASE_SHEET, HELP_SHEET, LISTS_SHEET):
            continue
        if title not in SECTIONS_BY_NAME:
            issues.append(Issue(file, None, "", _("unknown sheet"), title))
            continue
        records = _read_section_sheet(title, rows, file, locator, issues)
        if records:
            data[title] = records
    return data, locator, issues


def read_case_workbook(path: Path | str) -> CaseDocument:
    """Read and validate a workbook; raise :class:`CaseFileError` listing every problem."""
    return validated_document(*parse_case_workbook(Path(path)))

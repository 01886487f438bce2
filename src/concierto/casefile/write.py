"""Write a case document as a folder: ``case.yaml`` plus CSV files for the long tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from concierto.casefile.read import CASE_FILE, CaseDocument
from concierto.casefile.spec import (
    CASE_FIELDS,
    CSV_SECTIONS,
    FORMAT_ID,
    LIST_SEPARATOR,
    SECTIONS,
    Field,
)
from concierto.safecells import is_text_value, neutralise_text

HEADER = (
    "# concierto case folder ({format}). Format: docs/case-format.md; schema: case.schema.json.\n"
    "# Long tables live in CSV files beside this one: {tables}.\n"
)


def _is_default(spec: Field, value: Any) -> bool:
    return value is None or value == spec.default or value == []


def _compact(fields: tuple[Field, ...], record: dict[str, Any]) -> dict[str, Any]:
    """The record without empty and default values (the reader puts them back)."""
    out: dict[str, Any] = {}
    for spec in fields:
        value = record.get(spec.name)
        if spec.name == "id" or spec.required or not _is_default(spec, value):
            out[spec.name] = value
    return out


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _safe_cell(value: Any) -> str:
    """A cell safe to open in a spreadsheet; the reader restores it (:mod:`concierto.safecells`)."""
    text = _csv_cell(value)
    return neutralise_text(text) if is_text_value(value) else text


def csv_text(fields: tuple[Field, ...], records: list[dict[str, Any]]) -> str:
    """A CSV table of ``records`` with only the columns some record uses."""
    used = [
        f for f in fields if f.required or any(not _is_default(f, r.get(f.name)) for r in records)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in used])
    for record in records:
        writer.writerow([_safe_cell(record.get(f.name)) for f in used])
    return buffer.getvalue()


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def write_case_folder(document: CaseDocument, folder: Path | str) -> list[Path]:
    """Write ``document`` into ``folder`` (created if needed); return the files written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    data = document.data
    tables = [name for name in CSV_SECTIONS if data.get(name)]
    body: dict[str, Any] = {"format": FORMAT_ID, "case": _compact(CASE_FIELDS, data["case"])}
    for section in SECTIONS:
        records = data.get(section.name) or []
        if records and section.name not in tables:
            body[section.name] = [_compact(section.all_fields, r) for r in records]
    written = []
    case_path = target / CASE_FILE
    header = HEADER.format(format=FORMAT_ID, tables=", ".join(f"{t}.csv" for t in tables) or "none")
    text = yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    case_path.write_text(header + text, encoding="utf-8")
    written.append(case_path)
    for section in SECTIONS:
        csv_path = target / f"{section.name}.csv"
        if section.name in tables:
            csv_path.write_text(csv_text(section.all_fields, data[section.name]), encoding="utf-8")
            written.append(csv_path)
        elif section.csv and csv_path.exists():
            csv_path.unlink()  # a stale table would be read back in
    return written

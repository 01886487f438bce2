"""Read a case folder (``case.yaml`` plus optional CSV tables) into a validated document."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from concierto.casefile.errors import CaseFileError, Issue
from concierto.casefile.locate import Locator, load_yaml
from concierto.casefile.normalise import normalise
from concierto.casefile.spec import CSV_SECTIONS, LIST_SEPARATOR, SECTIONS_BY_NAME, Section
from concierto.casefile.validate import validate
from concierto.i18n import _
from concierto.safecells import restore

CASE_FILE = "case.yaml"
MAX_FILE_BYTES = 200 * 1024 * 1024
TRUE_WORDS = {"true", "yes", "1", "sí", "si", "verdadero"}
FALSE_WORDS = {"false", "no", "0", "falso"}


@dataclass(frozen=True)
class CaseDocument:
    """A validated, normalised case: every record has every field of the format."""

    data: dict[str, Any]

    @property
    def key(self) -> str:
        """The case id."""
        return str(self.data["case"]["id"])


def _read_text(path: Path, issues: list[Issue]) -> str | None:
    if path.stat().st_size > MAX_FILE_BYTES:
        issues.append(Issue(str(path), None, "", _("file too large (over 200 MB)")))
        return None
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        issues.append(Issue(str(path), line, "", _("not valid UTF-8 text")))
        return None


def _convert_cell(text: str, field_type: str) -> Any:
    """Turn a CSV cell into the value the field expects (raises ValueError if impossible)."""
    if field_type == "integer":
        return int(text)
    if field_type == "number":
        return float(text)
    if field_type == "boolean":
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(text)
    if field_type in {"strings", "refs"}:
        return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
    return text


def read_csv_section(
    path: Path, section: Section, first_index: int, locator: Locator, issues: list[Issue]
) -> list[dict[str, Any]]:
    """Read ``<section>.csv`` into records, recording each cell's line for error messages."""
    text = _read_text(path, issues)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        issues.append(Issue(str(path), 1, "", str(exc)))
        return []
    columns = [name.strip() for name in header]
    for name in columns:
        if section.field_named(name) is None:
            issues.append(Issue(str(path), 1, name, _("unknown column")))
    records: list[dict[str, Any]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            index = first_index + len(records)
            locator.add((section.name, index), str(path), line)
            if len(row) > len(columns):
                issues.append(Issue(str(path), line, "", _("more cells than columns")))
            record: dict[str, Any] = {}
            for name, cell in zip(columns, row, strict=False):
                spec = section.field_named(name)
                if spec is None or not cell.strip():
                    continue
                locator.add((section.name, index, name), str(path), line)
                try:
                    record[name] = _convert_cell(restore(cell.strip()), spec.type)
                except ValueError:
                    issues.append(
                        Issue(
                            str(path),
                            line,
                            name,
                            _("cannot read {value!r} as {type}").format(value=cell, type=spec.type),
                        )
                    )
            records.append(record)
    except csv.Error as exc:
        issues.append(Issue(str(path), reader.line_num, "", str(exc)))
    return records


def parse_case_folder(folder: Path) -> tuple[dict[str, Any], Locator, list[Issue]]:
    """Read the files of ``folder`` without validating them (CSV rows appended to sections)."""
    issues: list[Issue] = []
    locator = Locator()
    case_path = folder / CASE_FILE
    if not folder.is_dir():
        return {}, locator, [Issue(str(folder), None, "", _("not a folder"))]
    if not case_path.is_file():
        return {}, locator, [Issue(str(case_path), None, "", _("file not found"))]
    locator.add((), str(case_path), 1)
    text = _read_text(case_path, issues)
    data: Any = {}
    if text is not None:
        try:
            data = load_yaml(text, str(case_path), locator)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc)
            issues.append(
                Issue(
                    str(case_path), line, "", _("invalid YAML: {problem}").format(problem=problem)
                )
            )
            data = {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        issues.append(Issue(str(case_path), 1, "", _("expected a mapping at the top level")))
        data = {}
    for name in CSV_SECTIONS:
        csv_path = folder / f"{name}.csv"
        if not csv_path.is_file():
            continue
        existing = data.get(name)
        if existing is None:
            existing = []
        if not isinstance(existing, list):
            continue  # the schema reports it
        rows = read_csv_section(csv_path, SECTIONS_BY_NAME[name], len(existing), locator, issues)
        data[name] = existing + rows
    return data, locator, issues


def validated_document(data: dict[str, Any], locator: Locator, issues: list[Issue]) -> CaseDocument:
    """The document of parsed case data (a folder's or a workbook's), validated; raise
    :class:`CaseFileError` listing the reading ``issues`` and every validation problem."""
    if data:
        issues = [*issues, *validate(data, locator)]
    if issues:
        raise CaseFileError(issues)
    return CaseDocument(normalise(data))


def read_case_folder(folder: Path | str) -> CaseDocument:
    """Read and validate a case folder; raise :class:`CaseFileError` listing every problem."""
    return validated_document(*parse_case_folder(Path(folder)))

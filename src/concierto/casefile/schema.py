"""Build the JSON Schema of ``case.yaml`` from the format table in :mod:`spec`.

``python -m concierto.casefile.schema`` prints it; ``case.schema.json`` beside this module is
the committed copy (a test keeps both equal).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from concierto.casefile.spec import (
    CASE_FIELDS,
    FORMAT_ID,
    SECTIONS,
    SLUG_PATTERN,
    Field,
)

SCHEMA_PATH = Path(__file__).resolve().parent / "case.schema.json"
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def field_schema(spec: Field) -> dict[str, Any]:
    """The JSON Schema of one field."""
    schema: dict[str, Any]
    if spec.type == "id":
        schema = {"type": "string", "pattern": SLUG_PATTERN}
    elif spec.type in {"string", "text"}:
        schema = {"type": "string"}
    elif spec.type == "integer":
        schema = {"type": "integer"}
    elif spec.type == "number":
        schema = {"type": "number"}
    elif spec.type == "boolean":
        schema = {"type": "boolean"}
    elif spec.type == "date":
        schema = {"type": "string", "pattern": DATE_PATTERN}
    elif spec.type == "strings":
        schema = {"type": "array", "items": {"type": "string"}}
    elif spec.type == "ref":
        schema = {"type": "string", "pattern": SLUG_PATTERN}
    elif spec.type == "refs":
        one = {"type": "string", "pattern": SLUG_PATTERN}
        schema = {"anyOf": [one, {"type": "array", "items": one}]}
    elif spec.type == "executors":
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "actor": {"type": "string", "pattern": SLUG_PATTERN},
                    "budget": {"type": "number", "minimum": 0},
                },
                "required": ["actor"],
                "additionalProperties": False,
            },
        }
    elif spec.type == "object":
        schema = {"type": "object"}
    else:  # pragma: no cover - guarded by the spec's tests
        raise ValueError(f"unknown field type {spec.type!r}")
    if spec.enum is not None:
        schema["enum"] = list(spec.enum)
    if spec.minimum is not None:
        schema["minimum"] = spec.minimum
    if spec.maximum is not None:
        schema["maximum"] = spec.maximum
    schema["description"] = spec.description
    return schema


def record_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    """The JSON Schema of a record with ``fields``."""
    return {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def case_schema() -> dict[str, Any]:
    """The JSON Schema of ``case.yaml``."""
    properties: dict[str, Any] = {
        "format": {"const": FORMAT_ID, "description": "Format version of the case folder."},
        "case": record_schema(CASE_FIELDS),
    }
    for section in SECTIONS:
        properties[section.name] = {
            "type": "array",
            "description": section.description
            + (f" May also come from `{section.name}.csv`." if section.csv else ""),
            "items": record_schema(section.all_fields),
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:concierto:case:1",
        "title": "concierto case folder (case.yaml)",
        "type": "object",
        "properties": properties,
        "required": ["format", "case"],
        "additionalProperties": False,
    }


def schema_text() -> str:
    """The schema as it is committed: indented JSON with a final newline."""
    return json.dumps(case_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")

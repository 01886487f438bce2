"""Give every record every field of the format, with defaults, so documents compare equal."""

from __future__ import annotations

import copy
from typing import Any

from concierto.casefile.spec import CASE_FIELDS, SECTIONS, Field


def _value(spec: Field, record: dict[str, Any]) -> Any:
    value = record.get(spec.name)
    if value is None or (value == "" and spec.type in {"string", "text"}):
        return copy.deepcopy(spec.default)
    if spec.type == "refs" and isinstance(value, str):
        return [value]
    if spec.type == "date":
        return str(value)
    if spec.type == "number":
        return float(value)
    return value


def normalise_record(fields: tuple[Field, ...], record: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``record`` with every field present and the implicit defaults made explicit."""
    result = {spec.name: _value(spec, record) for spec in fields}
    if "provenance" in result and result["provenance"] is None and result.get("source"):
        result["provenance"] = "source"
    if "parent_relation" in result and result.get("parent") and not result["parent_relation"]:
        result["parent_relation"] = "attached_to"
    return result


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """The canonical form of a validated case document."""
    result: dict[str, Any] = {"case": normalise_record(CASE_FIELDS, data["case"])}
    for section in SECTIONS:
        result[section.name] = [
            normalise_record(section.all_fields, record) for record in data.get(section.name) or []
        ]
    return result

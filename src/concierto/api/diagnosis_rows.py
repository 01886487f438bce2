"""Rows of the diagnosis: each dimension's status with the rule that gave it, each overall
statement, and the indicators the rule table reads."""

from __future__ import annotations

from typing import Any

from concierto.i18n import _
from concierto.measures.diagnosis import Diagnosis

Row = dict[str, Any]


def diagnosis_rows(diagnosis: Diagnosis, view: str) -> tuple[list[Row], list[tuple[str, str]], str]:
    """Rows, columns and title of the ``dimensions``, ``statements`` or ``indicators`` view."""
    rows: list[Row]
    if view == "statements":
        rows = [
            {
                "statement": name,
                "holds": item.holds,
                "not_evaluable": list(item.not_evaluable),
                "evidence": list(item.evidence),
            }
            for name, item in diagnosis.statements.items()
        ]
        columns = [
            ("statement", _("Statement")),
            ("holds", _("Holds")),
            ("not_evaluable", _("Not evaluable")),
            ("evidence", _("Evidence")),
        ]
        return rows, columns, _("Overall statements")
    if view == "indicators":
        rows = [
            {
                "indicator": name,
                "value": item.value,
                "reason": _(item.reason) if item.reason else None,
                "evidence": list(item.evidence),
            }
            for name, item in diagnosis.indicators.items()
        ]
        columns = [
            ("indicator", _("Indicator")),
            ("value", _("Value")),
            ("reason", _("Undefined because")),
            ("evidence", _("Evidence")),
        ]
        return rows, columns, _("Indicators of the diagnosis")
    rows = [
        {
            "dimension": name,
            "status": item.status,
            "rule": None if item.fired is None else item.fired + 1,
            "default": item.default,
            "quotes": [quote.evidence_id for quote in item.quotes],
            "not_evaluable": list(item.not_evaluable),
            "evidence": list(item.evidence),
        }
        for name, item in diagnosis.dimensions.items()
    ]
    columns = [
        ("dimension", _("Dimension")),
        ("status", _("Status")),
        ("rule", _("Rule")),
        ("default", _("Default")),
        ("quotes", _("Quotes")),
        ("not_evaluable", _("Not evaluable")),
        ("evidence", _("Evidence")),
    ]
    return rows, columns, _("Diagnosis ({provenance})").format(provenance=diagnosis.provenance)

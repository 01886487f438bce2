"""How big the page may grow: when pair-level views group actors by sector, how many rows a
table shows, how many evidence ids a cell links (issue 19). The full detail is always in the
CSV/JSON tables written beside the page.

A case sets them in ``case.settings.report`` (``aggregate_above``, ``row_limit``,
``evidence_limit``); the defaults below keep a 2,500-body government's page under 25 MB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from concierto.i18n import _
from concierto.snapshot import CaseSnapshot

# Above this many actors (network, Metcalfe pairs) or elements (cross-impact matrix), the
# pair-level views show groups (sectors) instead of every pair.
DEFAULT_AGGREGATE_ABOVE = 60
# Rows of a table shown in the page; the rest are in the table's CSV/JSON.
DEFAULT_ROW_LIMIT = 100
# Evidence ids linked from one table cell or figure; the rest are in the CSV/JSON.
DEFAULT_EVIDENCE_LIMIT = 20


class ReportSettingsError(ValueError):
    """A value of ``case.settings.report`` that is not a positive integer."""


@dataclass(frozen=True)
class PageLimits:
    """The size limits of one report page."""

    aggregate_above: int = DEFAULT_AGGREGATE_ABOVE
    row_limit: int = DEFAULT_ROW_LIMIT
    evidence_limit: int = DEFAULT_EVIDENCE_LIMIT

    def aggregates(self, items: int) -> bool:
        """Whether a pair-level view of ``items`` rows and columns shows groups instead."""
        return items > self.aggregate_above


def _positive(settings: Mapping[str, Any], key: str, default: int) -> int:
    value = settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ReportSettingsError(
            _("case settings report.{key}: expected a positive integer, got {value!r}").format(
                key=key, value=value
            )
        )
    return value


def page_limits(snapshot: CaseSnapshot) -> PageLimits:
    """The case's limits (``settings.report``), or the defaults."""
    settings = snapshot.settings.get("report") if snapshot.settings else None
    if not isinstance(settings, Mapping):
        return PageLimits()
    return PageLimits(
        aggregate_above=_positive(settings, "aggregate_above", DEFAULT_AGGREGATE_ABOVE),
        row_limit=_positive(settings, "row_limit", DEFAULT_ROW_LIMIT),
        evidence_limit=_positive(settings, "evidence_limit", DEFAULT_EVIDENCE_LIMIT),
    )

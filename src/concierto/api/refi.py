"""The data-loss report of a REFI-QDA transfer as a table: what was kept, dropped or altered,
by kind of element (the notes and schema problems ride along in ``summary``)."""

from __future__ import annotations

from concierto.api.results import Result
from concierto.i18n import _
from concierto.interop.refi.loss import LossReport


def loss_table(report: LossReport) -> Result:
    """Rows (status, element, count) of ``report``; ``value`` is the report itself."""
    title = (
        _("Data-loss report (import)")
        if report.direction == "import"
        else _("Data-loss report (export)")
    )
    columns = (("status", _("Status")), ("element", _("Element")), ("count", _("Count")))
    return Result(
        title=title,
        columns=columns,
        rows=tuple(dict(row) for row in report.rows()),
        value=report,
        summary={
            "lossless": report.lossless,
            "notes": tuple(report.notes),
            "schema_errors": tuple(report.schema_errors),
        },
    )

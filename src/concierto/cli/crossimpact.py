"""``concierto crossimpact FILE`` and ``concierto matrix``: cross-impact analysis without a case.

``crossimpact`` reads an interaction matrix file (CSV, XLSX or JSON; see
:mod:`concierto.interop.matrices`), prints the influence of every element (Weitz et al. 2018;
MEASURES.md, M4) from rank 1 down, its clusters or its trade-offs, and audits the derived
columns the file carries (Sum, Pos, Neg, 2nd, Sum+2nd, Rank) against its cells. With
``--ratings`` the file is a long table of several raters' scores: the analysis runs on the
median matrix, and ``--view cells`` / ``--view agreement`` show the per-cell dispersion,
contested cells and Krippendorff's ordinal alpha. ``matrix convert`` turns one matrix format
into another, optionally adding the computed derived columns; the case-based ``matrix
export|import`` commands belong on ``matrix_app`` too.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from concierto.api.measure_rows import (
    cell_rows,
    cluster_rows,
    element_rows,
    exact,
    rater_agreement_rows,
    trade_off_rows,
)
from concierto.cli.app import FormatOption, app, fail
from concierto.cli.output import OutputFormat, emit_json, emit_rows, error_console, say_why
from concierto.i18n import _
from concierto.interop.matrices import (
    MatrixFile,
    MatrixFileError,
    read_matrix,
    read_ratings,
    write_matrix,
)
from concierto.measures.crossimpact import (
    DEFAULT_W2,
    CrossImpactInputError,
    CrossImpactResult,
    cross_impact,
    why_no_clusters,
    why_no_trade_offs,
)
from concierto.measures.crossimpact_raters import RaterAggregation, aggregate_ratings
from concierto.measures.matrix_audit import MatrixAudit, audit_derived

matrix_app = typer.Typer(
    name="matrix",
    help=_("Interaction matrix files: convert between CSV, XLSX and JSON."),
    no_args_is_help=True,
)
app.add_typer(matrix_app, name="matrix")


class View(StrEnum):
    """What ``crossimpact`` lists."""

    elements = "elements"
    clusters = "clusters"
    trade_offs = "trade-offs"
    cells = "cells"
    agreement = "agreement"


W2Option = Annotated[
    float,
    typer.Option("--w2", help=_("Weight of the second-order influence.")),
]
SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", help=_("XLSX sheet to read (default: the first).")),
]


def _printable(rows: list[dict[str, Any]], fmt: OutputFormat) -> list[dict[str, Any]]:
    """Rows whose non-integral floats keep every digit in tables and CSV (not just four)."""
    if fmt is OutputFormat.json:
        return rows
    return [
        {key: f"{value:.12g}" if isinstance(value, float) else value for key, value in row.items()}
        for row in rows
    ]


def _emit_titled(
    titled: tuple[list[dict[str, Any]], list[tuple[str, str]], str], fmt: OutputFormat
) -> None:
    rows, columns, title = titled
    emit_rows(_printable(rows, fmt), columns, fmt, title=title)


def _emit_audit(audit: MatrixAudit, fmt: OutputFormat) -> None:
    rows = [
        {
            "id": item.id,
            "column": item.label,
            "stored": exact(item.stored),
            "computed": exact(item.computed),
        }
        for item in audit.mismatches
    ]
    columns = [
        ("id", _("Id")),
        ("column", _("Column")),
        ("stored", _("Stored")),
        ("computed", _("Computed")),
    ]
    emit_rows(_printable(rows, fmt), columns, fmt, title=_("Derived columns that do not follow"))


def _warn(message: str) -> None:
    error_console.print(f"[yellow]{_('Warning')}:[/] {escape(message)}", highlight=False)


def _load(file: Path, sheet: str | None) -> MatrixFile:
    try:
        return read_matrix(file, sheet=sheet)
    except MatrixFileError as exc:
        raise fail(escape(str(exc))) from exc


@app.command(
    "crossimpact",
    help=_(
        "Cross-impact analysis of a matrix file (CSV, XLSX or JSON): influence, clusters, "
        "trade-offs, and an audit of the file's own derived columns."
    ),
)
def crossimpact_command(
    file: Annotated[
        Path,
        typer.Argument(
            help=_(
                "Matrix file: first row and first column are the ids, row influences column "
                "(with --ratings: a long CSV table of ratings)."
            ),
            show_default=False,
        ),
    ],
    w2: W2Option = DEFAULT_W2,
    view: Annotated[
        View, typer.Option("--view", case_sensitive=False, help=_("What to list."))
    ] = View.elements,
    audit: Annotated[
        bool,
        typer.Option(
            "--audit",
            help=_(
                "List the stored derived values that the cells do not produce "
                "(exit code 1 when there are any)."
            ),
        ),
    ] = False,
    ratings: Annotated[
        bool,
        typer.Option(
            "--ratings",
            help=_(
                "FILE is a long CSV table of ratings (from, to, rater, score[, rationale, "
                "confidence, evidence]); cells are the median of their raters."
            ),
        ),
    ] = False,
    sheet: SheetOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cross-impact analysis of a matrix file."""
    if ratings:
        if audit:
            raise fail(_("--audit needs a matrix file with derived columns, not ratings"))
        _run_ratings(file, w2, view, fmt)
        return
    if view in {View.cells, View.agreement}:
        raise fail(_("--view {view} needs --ratings").format(view=view.value))
    matrix_file = _load(file, sheet)
    try:
        result = cross_impact(matrix_file.ids, matrix_file.matrix, names=matrix_file.names, w2=w2)
        checked = (
            audit_derived(
                matrix_file.ids,
                matrix_file.matrix,
                matrix_file.derived,
                labels=matrix_file.derived_labels,
                w2=w2,
            )
            if matrix_file.derived
            else None
        )
    except CrossImpactInputError as exc:
        raise fail(escape(f"{file}: {exc}")) from exc
    if result.ignored_diagonal:
        _warn(
            _("non-zero diagonal ignored for: {ids}").format(ids=", ".join(result.ignored_diagonal))
        )
    if audit:
        _report_audit(checked, fmt)
        return
    emit_view(result, view, fmt)
    if checked is not None and checked.mismatches:
        _warn(
            _(
                "{n} stored derived values do not follow from the cells (columns: {columns}); "
                "run with --audit to list them"
            ).format(
                n=len(checked.mismatches),
                columns=", ".join(dict.fromkeys(item.label for item in checked.mismatches)),
            )
        )


def emit_view(result: CrossImpactResult, view: View, fmt: OutputFormat) -> None:
    """Print one view (elements, clusters, trade-offs) of a cross-impact result."""
    if view is View.clusters:
        _emit_titled(cluster_rows(result), fmt)
        if not any(cluster.internal_weight for cluster in result.clusters):
            say_why(why_no_clusters(result), fmt)  # single elements only: nothing reinforces
    elif view is View.trade_offs:
        _emit_titled(trade_off_rows(result), fmt)
        if not result.trade_offs:
            say_why(why_no_trade_offs(result), fmt)
    else:
        _emit_titled(element_rows(result), fmt)


def _report_audit(checked: MatrixAudit | None, fmt: OutputFormat) -> None:
    if checked is None:
        _warn(_("the file carries no derived columns to audit"))
        if fmt is OutputFormat.json:
            emit_json([])
        return
    if checked.mismatches or fmt is not OutputFormat.table:
        _emit_audit(checked, fmt)
    if checked.mismatches:
        raise typer.Exit(1)
    error_console.print(
        _("All {n} stored derived values follow from the cells.").format(n=checked.checked)
    )


def emit_cells(aggregation: RaterAggregation, fmt: OutputFormat) -> None:
    """Print the aggregated cells: median, dispersion, contested."""
    _emit_titled(cell_rows(aggregation), fmt)


def emit_agreement(aggregation: RaterAggregation, fmt: OutputFormat) -> None:
    """Print the agreement between raters (ordinal alpha)."""
    rows, columns, title = rater_agreement_rows(aggregation)
    if fmt is OutputFormat.json:
        emit_json(rows[0])
        return
    columns = [(key, label) for key, label in columns if key != "level"]
    emit_rows(_printable(rows, fmt), columns, fmt, title=title)


def _run_ratings(file: Path, w2: float, view: View, fmt: OutputFormat) -> None:
    try:
        ratings_file = read_ratings(file)
        places = [
            _("{path}, line {line}").format(path=file, line=line) for line in ratings_file.lines
        ]
        aggregation = aggregate_ratings(ratings_file.ids, ratings_file.ratings, places=places)
        result = cross_impact(
            ratings_file.ids, aggregation.matrix, w2=w2, evidence=aggregation.evidence_by_cell()
        )
    except MatrixFileError as exc:
        raise fail(escape(str(exc))) from exc
    except CrossImpactInputError as exc:
        raise fail(escape(str(exc))) from exc
    if view is View.cells:
        emit_cells(aggregation, fmt)
        return
    if view is View.agreement:
        emit_agreement(aggregation, fmt)
        return
    emit_view(result, view, fmt)
    if aggregation.contested:
        _warn(
            _("{n} contested cells (ratings of both signs): {cells}").format(
                n=len(aggregation.contested),
                cells=", ".join(
                    f"{cell.source} -> {cell.target}" for cell in aggregation.contested
                ),
            )
        )


@matrix_app.command(
    "convert",
    help=_("Convert a matrix file to another format (by extension: .csv, .xlsx, .json)."),
)
def convert_command(
    source: Annotated[Path, typer.Argument(help=_("Matrix file to read."), show_default=False)],
    target: Annotated[Path, typer.Argument(help=_("Matrix file to write."), show_default=False)],
    derived: Annotated[
        bool,
        typer.Option(
            "--derived/--no-derived",
            help=_("Write the computed derived columns (out, in, second order, total, rank)."),
        ),
    ] = False,
    w2: W2Option = DEFAULT_W2,
    sheet: SheetOption = None,
) -> None:
    """Convert a matrix file to another format."""
    matrix_file = _load(source, sheet)
    columns: dict[str, dict[str, float | None]] | None = None
    try:
        if derived:
            result = cross_impact(matrix_file.ids, matrix_file.matrix, w2=w2)
            columns = {}
            for element in result.elements:
                for key, value in element.as_dict().items():
                    if key not in {"id", "name"}:
                        columns.setdefault(key, {})[element.id] = float(value)
        write_matrix(
            target, matrix_file.ids, matrix_file.names, matrix_file.matrix, derived=columns
        )
    except (MatrixFileError, CrossImpactInputError) as exc:
        raise fail(escape(str(exc))) from exc
    except OSError as exc:
        raise fail(escape(f"{target}: {exc.strerror or exc}")) from exc
    error_console.print(
        _("Wrote {n} x {n} matrix to {path}.").format(n=len(matrix_file.ids), path=target)
    )

"""``concierto measure crossimpact|alignment|centrifugal|coherence`` and ``matrix export|import``.

The measure commands read the stored case and print one coherence measure (MEASURES.md, M4) as
a table, CSV or JSON; CSV and JSON carry the evidence ids behind each row. ``measure coherence
--assume FILE.yaml`` applies an assumptions file (see :mod:`concierto.measures.whatif`) and
prints only the figures that change. ``matrix export`` writes the case's interaction matrix
(median over raters, or one rater's) to CSV, XLSX or JSON; ``matrix import`` stores a rater's
matrix file as that rater's interaction scores in the case.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.markup import escape

from concierto.casefile.database import fetch_case, save_case
from concierto.casefile.errors import CaseFileError
from concierto.casefile.locate import Locator
from concierto.casefile.normalise import normalise
from concierto.casefile.read import CaseDocument
from concierto.casefile.validate import validate
from concierto.cli.acting import acting_name
from concierto.cli.app import CaseOption, FormatOption, fail
from concierto.cli.crossimpact import (
    View,
    W2Option,
    emit_agreement,
    emit_cells,
    emit_view,
    matrix_app,
)
from concierto.cli.measure import measure_app
from concierto.cli.output import OutputFormat, emit_measure_rows, error_console, say_why
from concierto.cli.stores import stored_case, stored_session
from concierto.i18n import _
from concierto.interop.matrices import MatrixFileError, read_matrix, write_matrix
from concierto.measures.alignment import AlignmentError
from concierto.measures.coherence import crossimpact_of_case
from concierto.measures.crossimpact import DEFAULT_W2, CrossImpactInputError, CrossImpactResult
from concierto.measures.crossimpact_raters import RaterAggregation
from concierto.measures.gaps import GapsError
from concierto.measures.whatif import CASE_FORMAT, without_nulls
from concierto.snapshot import CaseSnapshot, InteractionRecord, snapshot_from_document
from concierto.store import StoreError

Row = dict[str, Any]
MEASURE_ERRORS = (AlignmentError, CrossImpactInputError, GapsError)


class MatrixImportError(ValueError):
    """A matrix file whose cells cannot be stored as one rater's scores (the cell is named)."""


class AlignmentView(StrEnum):
    """What ``measure alignment`` lists."""

    coverage = "coverage"
    actors = "actors"
    conflicts = "conflicts"
    edges = "edges"


class CentrifugalView(StrEnum):
    """What ``measure centrifugal`` lists."""

    actors = "actors"
    policies = "policies"


def _emit(rows: list[Row], columns: list[tuple[str, str]], fmt: OutputFormat, title: str) -> None:
    """Print rows; the table leaves lists of evidence ids to CSV and JSON, to stay readable."""
    if fmt is OutputFormat.table:
        rows = [{k: ", ".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
    elif fmt is OutputFormat.csv:
        rows = [{k: " ".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
    emit_measure_rows(rows, columns, fmt, title=title)


def load_document(case: str | None) -> CaseDocument:
    """The stored case document (an error message and exit when it cannot be read)."""
    with stored_session() as session:
        return fetch_case(session, case)


def load_snapshot(case: str | None) -> CaseSnapshot:
    """The snapshot of the stored case."""
    return snapshot_from_document(load_document(case))


# ----------------------------------------------------------------------------- crossimpact


def _case_crossimpact(
    snapshot: CaseSnapshot, w2: float
) -> tuple[CrossImpactResult, RaterAggregation]:
    if not snapshot.interactions:
        raise fail(escape(_("The case has no interaction scores.")))
    try:
        return crossimpact_of_case(snapshot, w2)
    except MEASURE_ERRORS as exc:
        raise fail(escape(str(exc))) from exc


@measure_app.command(
    "crossimpact",
    help=_(
        "Cross-impact analysis of the case's interaction scores (median over raters): "
        "influence, clusters, trade-offs, rated cells, agreement."
    ),
)
def crossimpact_command(
    case: CaseOption = None,
    view: Annotated[View, typer.Option("--view", help=_("What to list."))] = View.elements,
    w2: W2Option = DEFAULT_W2,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cross-impact analysis of the stored case."""
    with stored_case(case) as chosen:
        result = chosen.measure.crossimpact(view=view.value, w2=w2)
    aggregation_views = {View.cells: emit_cells, View.agreement: emit_agreement}
    if view in aggregation_views:
        aggregation_views[view](result.value, fmt)
    else:
        emit_view(result.value, view, fmt)


# ----------------------------------------------------------------------------- alignment


@measure_app.command(
    "alignment",
    help=_(
        "Vertical alignment: coverage of each policy objective, orphan rate and alignment "
        "strength per actor, conflicts between actors, or the objective DAG's edges."
    ),
)
def alignment_command(
    case: CaseOption = None,
    view: Annotated[
        AlignmentView, typer.Option("--view", help=_("What to list."))
    ] = AlignmentView.coverage,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Vertical alignment of the stored case."""
    with stored_case(case) as chosen:
        result = chosen.measure.alignment(view=view.value)
    if view is AlignmentView.edges and result.summary["ignored"]:
        error_console.print(
            _("Not contributions (score 0 or below): {ids}").format(
                ids=", ".join(result.summary["ignored"])
            ),
            highlight=False,
        )
    _emit([dict(row) for row in result.rows], list(result.columns), fmt, result.title)
    say_why(result.reason, fmt)


# ----------------------------------------------------------------------------- centrifugal


@measure_app.command(
    "centrifugal",
    help=_(
        "Centrifugal index: share of each actor's institutional objectives (by budget when "
        "all have one) that serve no policy objective; policy value = mean over its actors."
    ),
)
def centrifugal_command(
    case: CaseOption = None,
    view: Annotated[
        CentrifugalView, typer.Option("--view", help=_("What to list."))
    ] = CentrifugalView.actors,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Centrifugal index of the stored case."""
    with stored_case(case) as chosen:
        result = chosen.measure.centrifugal(view=view.value)
    _emit([dict(row) for row in result.rows], list(result.columns), fmt, result.title)
    say_why(result.reason, fmt)


# ----------------------------------------------------------------------------- coherence


@measure_app.command(
    "coherence",
    help=_(
        "Every coherence figure (cross-impact totals, alignment, centrifugal index, "
        "coordination gaps); with --assume, only what an assumptions file would change."
    ),
)
def coherence_command(
    case: CaseOption = None,
    assume: Annotated[
        Path | None,
        typer.Option(
            "--assume",
            help=_("YAML file of added or changed interactions, contributions or ties."),
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Coherence figures of the stored case, or their differences under assumptions."""
    with stored_case(case) as chosen:
        result = chosen.measure.coherence(assume=assume)
    if assume is not None:
        for item in result.summary["applied"]:
            error_console.print(
                _("{file}:{line}: {action} {record}").format(
                    file=assume, line=item.line, action=_(item.action), record=item.evidence_id
                ),
                highlight=False,
            )
    _emit([dict(row) for row in result.rows], list(result.columns), fmt, result.title)
    say_why(result.reason, fmt)


# ----------------------------------------------------------------------------- matrix


@matrix_app.command(
    "export",
    help=_(
        "Write the case's interaction matrix (median over raters, or one rater's) to a CSV, "
        "XLSX or JSON file."
    ),
)
def matrix_export_command(
    target: Annotated[Path, typer.Argument(help=_("Matrix file to write."), show_default=False)],
    case: CaseOption = None,
    rater: Annotated[
        str | None, typer.Option("--rater", help=_("Only this rater's scores."))
    ] = None,
) -> None:
    """Export the stored case's interaction matrix."""
    snapshot = load_snapshot(case)
    if rater is not None:
        kept = tuple(i for i in snapshot.interactions if i.rater == rater)
        if not kept:
            raise fail(escape(_("No interaction scores by rater {rater}.").format(rater=rater)))
        snapshot = _with_interactions(snapshot, kept)
    result, aggregation = _case_crossimpact(snapshot, DEFAULT_W2)
    names = [snapshot.element(element_id).name for element_id in aggregation.ids]
    try:
        write_matrix(target, aggregation.ids, names, aggregation.matrix)
    except MatrixFileError as exc:
        raise fail(escape(str(exc))) from exc
    except OSError as exc:
        raise fail(escape(f"{target}: {exc.strerror or exc}")) from exc
    error_console.print(
        _("Wrote {n} x {n} matrix to {path}.").format(n=len(result.ids), path=target)
    )


def _with_interactions(snapshot: CaseSnapshot, kept: tuple[InteractionRecord, ...]) -> CaseSnapshot:
    return replace(snapshot, interactions=kept)


def rater_matrix_document(
    document: CaseDocument,
    ids: tuple[str, ...],
    matrix: np.ndarray,
    rater: str,
    file: str,
) -> tuple[CaseDocument, int]:
    """The case with ``rater``'s scores replaced by the non-zero off-diagonal cells of a matrix.

    Raises :class:`MatrixImportError` naming the first cell that is not a whole score in -3..3,
    and :class:`CaseFileError` (listing every problem) when the result is not a valid case.
    """
    for row, column in zip(*np.nonzero(matrix), strict=True):
        value = float(matrix[row, column])
        if row != column and not (value.is_integer() and -3 <= value <= 3):
            raise MatrixImportError(
                _(
                    "{file}: cell {source} -> {target} holds {value}; a rater's scores must be "
                    "whole numbers from -3 to 3"
                ).format(file=file, source=ids[row], target=ids[column], value=f"{value:g}")
            )
    data = without_nulls(document.data)
    data.setdefault("format", CASE_FORMAT)
    basis = _("matrix import ({file})").format(file=file)
    kept = [r for r in data.get("interactions", []) if r.get("rater") != rater]
    added = [
        {
            "from": ids[row],
            "to": ids[column],
            "rater": rater,
            "score": int(value),
            "provenance": "inferred",
            "basis": basis,
        }
        for row, column in zip(*np.nonzero(matrix), strict=True)
        if row != column
        for value in [matrix[row, column]]
    ]
    data["interactions"] = kept + added
    locator = Locator()
    locator.add((), file, 1)
    issues = validate(data, locator)
    if issues:
        raise CaseFileError(issues)
    return CaseDocument(normalise(data)), len(added)


@matrix_app.command(
    "import",
    help=_(
        "Store a matrix file (CSV, XLSX or JSON; ids are the case's elements) as one rater's "
        "interaction scores, replacing that rater's earlier scores."
    ),
)
def matrix_import_command(
    source: Annotated[Path, typer.Argument(help=_("Matrix file to read."), show_default=False)],
    rater: Annotated[
        str | None,
        typer.Option(
            "--rater",
            help=_("Who scored the matrix (default: the one given by --as or CONCIERTO_CODER)."),
        ),
    ] = None,
    case: CaseOption = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help=_("XLSX sheet to read (default: the first)."))
    ] = None,
) -> None:
    """Import a rater's matrix into the stored case."""
    try:
        matrix_file = read_matrix(source, sheet=sheet)
    except MatrixFileError as exc:
        raise fail(escape(str(exc))) from exc
    document = load_document(case)
    rater = acting_name(rater)
    try:
        changed, count = rater_matrix_document(
            document, matrix_file.ids, matrix_file.matrix, rater, str(source)
        )
    except (CaseFileError, MatrixImportError) as exc:
        raise fail(escape(str(exc))) from exc
    with stored_session((StoreError, ValueError)) as session:
        save_case(session, changed)
    error_console.print(
        _("Stored {n} scores by {rater} in case {case}.").format(
            n=count, rater=rater, case=changed.key
        )
    )

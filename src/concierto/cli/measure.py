"""``concierto measure structure|network|brokerage|metcalfe|gaps`` and ``concierto export-graph``.

Each command asks the public API (:mod:`concierto.api`) for one measure of the stored case
(which reads, unless ``--declared-only``, the accepted codings too, so that evidence ties and
coded Metcalfe items count) and prints its rows as a table, CSV or JSON. CSV and JSON carry
the evidence ids behind each row. Other measure commands (coherence) may be added to
:data:`measure_app` by their own modules.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape

from concierto.cli.app import CaseOption, FormatOption, app, fail
from concierto.cli.output import OutputFormat, console, emit_result
from concierto.cli.stores import stored_case
from concierto.i18n import _
from concierto.interop.graphs import GraphExportError, GraphFormat, export_graph
from concierto.measures.gaps import DEFAULT_THRESHOLD

measure_app = typer.Typer(
    help=_("Measures of structure, the coordination network, Metcalfe levels and gaps."),
    no_args_is_help=True,
)
app.add_typer(measure_app, name="measure")

class StructureView(StrEnum):
    """What ``measure structure`` lists."""

    summary = "summary"
    series = "series"
    churn = "churn"
    spans = "spans"
    budgets = "budgets"


class NetworkView(StrEnum):
    """What ``measure network`` lists."""

    layers = "layers"
    actors = "actors"
    ei = "ei"
    components = "components"


class BrokerageView(StrEnum):
    """What ``measure brokerage`` lists."""

    roles = "roles"
    paths = "paths"


class MetcalfeView(StrEnum):
    """What ``measure metcalfe`` lists."""

    pairs = "pairs"
    policy = "policy"
    actors = "actors"


LayerOption = Annotated[
    str | None,
    typer.Option("--layer", help=_("One tie layer (default: every layer, or their union).")),
]
GroupOption = Annotated[
    str,
    typer.Option("--group-by", help=_("Actor attribute that defines groups (sector, kind...).")),
]
DeclaredOption = Annotated[
    bool,
    typer.Option(
        "--declared-only",
        help=_("Leave out the evidence from coded segments (evidence ties, coded items)."),
    ),
]


# ----------------------------------------------------------------------------- structure


@measure_app.command("structure")
def structure_command(
    fmt: FormatOption = OutputFormat.table,
    view: Annotated[
        StructureView, typer.Option("--view", help=_("What to list."), case_sensitive=False)
    ] = StructureView.summary,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help=_("Date (YYYY, YYYY-MM or YYYY-MM-DD) for the summary and spans."),
        ),
    ] = None,
    case: CaseOption = None,
) -> None:
    """Structure of the executive: counts, agencification, spans, depth, churn, budgets (M1)."""
    with stored_case(case) as chosen:
        result = chosen.measure.structure(view=view.value, date=date)
    emit_result(result, fmt)


# ----------------------------------------------------------------------------- network


@measure_app.command("network")
def network_command(
    fmt: FormatOption = OutputFormat.table,
    layer: LayerOption = None,
    group_by: GroupOption = "sector",
    view: Annotated[
        NetworkView, typer.Option("--view", help=_("What to list."), case_sensitive=False)
    ] = NetworkView.layers,
    declared_only: DeclaredOption = False,
    case: CaseOption = None,
) -> None:
    """Whole-network figures per layer and union, or per actor, E-I index, components (M2)."""
    with stored_case(case) as chosen:
        kinds: tuple[Literal["weak", "strong"], ...] = (
            ("weak", "strong") if view is NetworkView.components else ("weak",)
        )
        results = [
            chosen.measure.network(
                layer=layer,
                group_by=group_by,
                view=view.value,
                declared_only=declared_only,
                component=kind,
            )
            for kind in kinds
        ]
    for number, result in enumerate(results, start=1):
        emit_result(result, fmt, why=number == len(results))


@measure_app.command("brokerage")
def brokerage_command(
    fmt: FormatOption = OutputFormat.table,
    layer: LayerOption = None,
    group_by: GroupOption = "sector",
    view: Annotated[
        BrokerageView, typer.Option("--view", help=_("What to list."), case_sensitive=False)
    ] = BrokerageView.roles,
    declared_only: DeclaredOption = False,
    case: CaseOption = None,
) -> None:
    """Gould-Fernandez brokerage roles per actor, by a grouping of the actors (M2)."""
    with stored_case(case) as chosen:
        result = chosen.measure.brokerage(
            layer=layer, group_by=group_by, view=view.value, declared_only=declared_only
        )
    emit_result(result, fmt)


# ----------------------------------------------------------------------------- Metcalfe


@measure_app.command("metcalfe")
def metcalfe_command(
    fmt: FormatOption = OutputFormat.table,
    view: Annotated[
        MetcalfeView, typer.Option("--view", help=_("What to list."), case_sensitive=False)
    ] = MetcalfeView.pairs,
    declared_only: DeclaredOption = False,
    case: CaseOption = None,
) -> None:
    """Metcalfe's coordination levels per pair of actors, for the policy and per actor (M3)."""
    with stored_case(case) as chosen:
        result = chosen.measure.metcalfe(view=view.value, declared_only=declared_only)
    emit_result(result, fmt)


# ----------------------------------------------------------------------------- gaps


@measure_app.command("gaps")
def gaps_command(
    fmt: FormatOption = OutputFormat.table,
    threshold: Annotated[
        float,
        typer.Option("--threshold", help=_("Smallest |a_pq| that makes coordination required.")),
    ] = DEFAULT_THRESHOLD,
    show_all: Annotated[
        bool, typer.Option("--all", help=_("List every required pair, covered or not."))
    ] = False,
    declared_only: DeclaredOption = False,
    case: CaseOption = None,
) -> None:
    """Coordination gaps: required pairs with no information-exchange or rule tie (M2)."""
    with stored_case(case) as chosen:
        result = chosen.measure.gaps(
            threshold=threshold, show_all=show_all, declared_only=declared_only
        )
    emit_result(result, fmt)


# ----------------------------------------------------------------------------- export-graph


@app.command("export-graph")
def export_graph_command(
    file: Annotated[Path, typer.Argument(help=_("File to write."), dir_okay=False)],
    graph_format: Annotated[
        GraphFormat,
        typer.Option("--format", "-f", help=_("Graph file format."), case_sensitive=False),
    ] = GraphFormat.gexf,
    layer: LayerOption = None,
    declared_only: DeclaredOption = False,
    case: CaseOption = None,
) -> None:
    """Write the coordination network (one layer or the union) for Gephi, yEd, Kumu or a sheet."""
    with stored_case(case) as chosen:
        graph = chosen.measure.graph(layer=layer, declared_only=declared_only)
    try:
        written = export_graph(graph, file, graph_format)
    except (GraphExportError, OSError) as exc:
        raise fail(escape(str(exc))) from exc
    for path in written:
        console.print(escape(_("Wrote {path}").format(path=path)), highlight=False)

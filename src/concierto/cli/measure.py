"""``concierto measure structure|network|brokerage|metcalfe|gaps`` and ``concierto export-graph``.

Each command reads the case snapshot (and, unless ``--declared-only``, the accepted codings, so
that evidence ties and coded Metcalfe items count), runs one measure and prints its rows as a
table, CSV or JSON. CSV and JSON carry the evidence ids behind each row. Other measure
commands (coherence) may be added to :data:`measure_app` by their own modules.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import networkx as nx
import typer
from rich.markup import escape

from concierto.casefile.database import fetch_case, resolve_case
from concierto.cli.app import CaseOption, FormatOption, app, fail, state
from concierto.cli.network import (
    actor_columns,
    actor_rows,
    brokerage_columns,
    brokerage_rows,
    brokered_path_columns,
    brokered_path_rows,
    component_columns,
    component_rows,
    ei_columns,
    ei_rows,
    network_columns,
    network_rows,
)
from concierto.cli.output import OutputFormat, console, emit_measure_rows, say_why
from concierto.cli.stores import stored_session
from concierto.evidence.snapshot import EvidenceSnapshot, load_evidence
from concierto.i18n import _
from concierto.interop.graphs import GraphExportError, GraphFormat, export_graph
from concierto.measures.brokerage import gould_fernandez, structural_holes
from concierto.measures.empty import (
    layers_without_ties,
    why_no_actors,
    why_no_brokerage,
    why_no_budgets,
    why_no_churn,
    why_no_gaps,
    why_no_metcalfe_pairs,
    why_no_required_pairs,
    why_no_series,
    why_no_spans,
    why_no_ties,
)
from concierto.measures.evidence_ties import actor_nodes, case_ties
from concierto.measures.gaps import DEFAULT_THRESHOLD, gaps_of_case
from concierto.measures.metcalfe import Ladder, metcalfe_of_case
from concierto.measures.network import (
    betweenness,
    components,
    degree_centralisation,
    ei_index,
    summarise,
)
from concierto.measures.network_input import LAYERS, UNION, build_graph, grouping_by
from concierto.measures.structure import structure_at, structure_of_case
from concierto.snapshot import CaseSnapshot, snapshot_from_document

Row = dict[str, Any]

measure_app = typer.Typer(
    help=_("Measures of structure, the coordination network, Metcalfe levels and gaps."),
    no_args_is_help=True,
)
app.add_typer(measure_app, name="measure")

METCALFE_LABELS = {
    1: "independent decisions",
    2: "communication / information exchange",
    3: "consultation",
    4: "avoiding divergence",
    5: "search for agreement",
    6: "arbitration of differences",
    7: "setting parameters for the organisations",
    8: "establishing government priorities",
    9: "overall government strategy",
}


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


def load_case(case: str | None, with_evidence: bool) -> tuple[CaseSnapshot, EvidenceSnapshot]:
    """The snapshot of ``case`` and its evidence (empty when ``with_evidence`` is False)."""
    with stored_session() as session:
        snapshot = snapshot_from_document(fetch_case(session, case))
        evidence = EvidenceSnapshot()
        if with_evidence:
            row = resolve_case(session, snapshot.id)
            evidence = load_evidence(session, row.id, viewer=state.viewer)
    return snapshot, evidence


def _check_layer(layer: str | None) -> None:
    if layer is not None and layer not in LAYERS:
        raise fail(
            escape(
                _("Unknown layer {layer}; choose one of {layers}").format(
                    layer=layer, layers=", ".join(LAYERS)
                )
            )
        )


def _graph(case: str | None, declared_only: bool, layer: str | None) -> nx.DiGraph:
    _check_layer(layer)
    snapshot, evidence = load_case(case, not declared_only)
    try:
        return build_graph(actor_nodes(snapshot), case_ties(snapshot, evidence), layer)
    except ValueError as exc:
        raise fail(escape(str(exc))) from exc


# ----------------------------------------------------------------------------- structure


def _structure_rows(
    snapshot: CaseSnapshot, view: StructureView, date: str | None
) -> tuple[list[Row], list[Any]]:
    result = structure_of_case(snapshot)
    now = result.current if date is None else structure_at(snapshot, date)
    if view is StructureView.summary:
        figures: list[tuple[str, Any]] = [
            ("actors", len(now.actors)),
            *((f"kind:{k}", v) for k, v in now.by_kind.items()),
            *((f"sector:{k}", v) for k, v in now.by_sector.items()),
            ("ministries", now.ministries),
            ("agencies", now.agencies),
            ("agencification", now.agencification),
            ("agencies_per_ministry_mean", now.agencies_per_ministry_mean),
            ("agencies_per_ministry_max", now.agencies_per_ministry_max),
            *(
                (f"agencies_per_ministry:{k}", v)
                for k, v in now.agencies_per_ministry_by_sector.items()
            ),
            ("span_mean", now.span_mean),
            ("span_max", now.span_max),
            *((f"centre_span:{s.parent}", s.size) for s in now.centre_spans),
            ("depth", now.depth),
        ]
        rows = [{"figure": k, "value": v} for k, v in figures]
        return rows, [("figure", _("Figure")), ("value", _("Value"))]
    if view is StructureView.series:
        rows = [
            {
                "year": year,
                "actors": len(at.actors),
                "ministries": at.ministries,
                "agencies": at.agencies,
                "agencification": at.agencification,
                "span_mean": at.span_mean,
                "span_max": at.span_max,
                "depth": at.depth,
            }
            for year, at in result.series.items()
        ]
        keys = ["year", "actors", "ministries", "agencies", "agencification"]
        labels = [_("Year"), _("Actors"), _("Ministries"), _("Agencies"), _("Agencification")]
        keys += ["span_mean", "span_max", "depth"]
        labels += [_("Mean span"), _("Max span"), _("Depth")]
        return rows, list(zip(keys, labels, strict=True))
    if view is StructureView.churn:
        types = sorted({t for year in result.churn for t in year.by_type})
        rows = [
            {
                "year": y.year,
                **{t: y.by_type.get(t, 0) for t in types},
                "total": y.total,
                "evidence": list(y.evidence),
            }
            for y in result.churn
        ]
        columns = [("year", _("Year")), *((t, t) for t in types), ("total", _("Total"))]
        return rows, [*columns, ("evidence", _("Evidence"))]
    if view is StructureView.spans:
        centre = {s.parent for s in now.centre_spans}
        spans = {s.parent: s for s in now.spans} | {s.parent: s for s in now.centre_spans}
        rows = [
            {"parent": p, "centre": p in centre, "span": s.size, "bodies": list(s.bodies)}
            for p, s in sorted(spans.items())
        ]
        columns = [("parent", _("Parent")), ("centre", _("Centre of government"))]
        return rows, [*columns, ("span", _("Span")), ("bodies", _("Bodies"))]
    rows = [
        {
            "scope": b.scope,
            "hhi": b.hhi,
            "effective_number": b.effective_number,
            "shares": [f"{k}={v:.3f}" for k, v in sorted(b.shares.items())],
            "reason": b.reason,
            "evidence": list(b.evidence),
        }
        for b in result.budgets
    ]
    columns = [("scope", _("Scope")), ("hhi", "HHI"), ("effective_number", _("Effective number"))]
    columns += [("shares", _("Shares")), ("reason", _("Undefined because"))]
    return rows, [*columns, ("evidence", _("Evidence"))]


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
    snapshot, _evidence = load_case(case, with_evidence=False)
    try:
        rows, columns = _structure_rows(snapshot, view, date)
    except ValueError as exc:
        raise fail(escape(str(exc))) from exc
    emit_measure_rows(rows, columns, fmt, _("Structure ({view})").format(view=view.value))
    say_why(_structure_reason(snapshot, view, bool(rows)), fmt)


def _structure_reason(snapshot: CaseSnapshot, view: StructureView, any_rows: bool) -> str | None:
    """Why a structure view holds nothing (None when it holds something)."""
    if view is StructureView.churn:
        return None if snapshot.events else why_no_churn(snapshot)
    if view is StructureView.summary:
        return None if snapshot.actors else why_no_actors(snapshot)
    if any_rows:
        return None
    reasons = {
        StructureView.series: why_no_series,
        StructureView.spans: why_no_spans,
        StructureView.budgets: why_no_budgets,
    }
    return reasons[view](snapshot)


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
    _check_layer(layer)
    snapshot, evidence = load_case(case, not declared_only)
    try:
        nodes, ties = actor_nodes(snapshot), case_ties(snapshot, evidence)
        if view is NetworkView.layers:
            chosen = [layer] if layer else [*LAYERS, None]
            summaries = [summarise(build_graph(nodes, ties, name)) for name in chosen]
            emit_measure_rows(
                network_rows(summaries), network_columns(), fmt, _("Coordination network")
            )
            named = [name for name in chosen if name]
            if not ties or (layer and not any(tie.layer == layer for tie in ties)):
                say_why(why_no_ties(ties, layer, len(nodes)), fmt)
            else:
                say_why(layers_without_ties(ties, named), fmt)
            return
        graph = build_graph(nodes, ties, layer)
        title = f"{_('Coordination network')} ({layer or UNION})"
        if view is NetworkView.actors:
            rows = actor_rows(
                degree_centralisation(graph, "in"),
                degree_centralisation(graph, "out"),
                betweenness(graph),
                structural_holes(graph),
            )
            emit_measure_rows(rows, actor_columns(), fmt, title)
        elif view is NetworkView.ei:
            result = ei_index(graph, grouping_by(graph, group_by))
            emit_measure_rows(ei_rows(result), ei_columns(), fmt, f"{title}: E-I ({group_by})")
        else:
            kinds: tuple[Literal["weak", "strong"], ...] = ("weak", "strong")
            for kind in kinds:
                found = components(graph, kind)
                emit_measure_rows(
                    component_rows(found), component_columns(), fmt, f"{title}: {kind}"
                )
        if graph.number_of_edges() == 0:
            say_why(why_no_ties(ties, layer or UNION, len(nodes)), fmt)
    except ValueError as exc:
        raise fail(escape(str(exc))) from exc


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
    graph = _graph(case, declared_only, layer)
    try:
        result = gould_fernandez(graph, grouping_by(graph, group_by))
    except ValueError as exc:
        raise fail(escape(str(exc))) from exc
    title = _("Brokerage ({layer}, by {group})").format(layer=layer or UNION, group=group_by)
    if view is BrokerageView.roles:
        emit_measure_rows(brokerage_rows(result), brokerage_columns(), fmt, title)
    else:
        emit_measure_rows(brokered_path_rows(result), brokered_path_columns(), fmt, title)
    if not result.paths:
        say_why(why_no_brokerage(graph.number_of_edges(), graph.number_of_nodes()), fmt)


# ----------------------------------------------------------------------------- Metcalfe


def _ladder_row(ladder: Ladder) -> Row:
    return {
        "actor_a": ladder.actors[0] if ladder.actors else None,
        "actor_b": ladder.actors[1] if len(ladder.actors) > 1 else None,
        "score": ladder.score,
        "satisfied": [i.level for i in ladder.items if i.satisfied],
        "gaps": list(ladder.gaps),
        "contested": list(ladder.contested),
        "denied": [i.level for i in ladder.items if i.status == "denied"],
        "evidence": list(ladder.evidence),
    }


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
    snapshot, evidence = load_case(case, not declared_only)
    try:
        result = metcalfe_of_case(snapshot, evidence)
    except ValueError as exc:
        raise fail(escape(str(exc))) from exc
    cr = "n/a" if result.reproducibility is None else f"{result.reproducibility:.3f}"
    title = _("Metcalfe: policy score {score}, CR {cr} ({pairs} pairs)").format(
        score=result.policy_score, cr=cr, pairs=len(result.pairs)
    )
    if view is MetcalfeView.pairs:
        columns = [
            ("actor_a", _("Actor")),
            ("actor_b", _("Actor")),
            ("score", _("Score")),
            ("satisfied", _("Satisfied items")),
            ("gaps", _("Gaps")),
            ("contested", _("Contested")),
            ("denied", _("Denied")),
            ("evidence", _("Evidence")),
        ]
        emit_measure_rows([_ladder_row(lad) for lad in result.pairs], columns, fmt, title)
    elif view is MetcalfeView.policy:
        rows = [
            {
                "level": item.level,
                "label": _(METCALFE_LABELS[item.level]),
                "status": _(item.status),
                "satisfied": item.satisfied,
                "supporting": list(item.supporting),
                "denying": list(item.denying),
                "evidence": list(item.evidence),
            }
            for item in result.policy.items
        ]
        columns = [
            ("level", _("Level")),
            ("label", _("Item")),
            ("status", _("Status")),
            ("satisfied", _("Satisfied")),
            ("supporting", _("Supporting sources")),
            ("denying", _("Denying sources")),
            ("evidence", _("Evidence")),
        ]
        emit_measure_rows(rows, columns, fmt, title)
    else:
        pairs_of: dict[str, int] = {}
        for lad in result.pairs:
            for actor in lad.actors:
                pairs_of[actor] = pairs_of.get(actor, 0) + 1
        rows = [
            {"actor": a, "median": m, "pairs": pairs_of[a]} for a, m in result.actor_medians.items()
        ]
        columns = [("actor", _("Actor")), ("median", _("Median score")), ("pairs", _("Pairs"))]
        emit_measure_rows(rows, columns, fmt, title)
    if not result.pairs and view is not MetcalfeView.policy:
        say_why(why_no_metcalfe_pairs(snapshot, result), fmt)


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
    snapshot, evidence = load_case(case, not declared_only)
    try:
        result = gaps_of_case(snapshot, evidence, threshold)
    except ValueError as exc:
        raise fail(escape(str(exc))) from exc
    chosen = result.required if show_all else result.gaps
    rows = [
        {
            "rank": rank,
            "actor_a": r.actors[0],
            "actor_b": r.actors[1],
            "stakes": r.stakes,
            "covered": r.covered,
            "cells": [f"{s}->{t}={v:g}" for s, t, v in r.cells],
            "covering_ties": list(r.covering_ties),
            "evidence": list(r.evidence),
        }
        for rank, r in enumerate(chosen, start=1)
    ]
    columns = [
        ("rank", _("Rank")),
        ("actor_a", _("Actor")),
        ("actor_b", _("Actor")),
        ("stakes", _("Stakes")),
        ("covered", _("Covered")),
        ("cells", _("Interactions")),
        ("covering_ties", _("Covering ties")),
        ("evidence", _("Evidence")),
    ]
    share = "n/a" if result.covered_share is None else f"{result.covered_share:.0%}"
    title = _("Coordination gaps: {gaps} of {required} required pairs; covered {share}").format(
        gaps=len(result.gaps), required=len(result.required), share=share
    )
    emit_measure_rows(
        rows,
        columns,
        fmt,
        title,
        why=lambda: why_no_gaps(result)
        if result.required
        else why_no_required_pairs(snapshot, threshold),
    )


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
    graph = _graph(case, declared_only, layer)
    try:
        written = export_graph(graph, file, graph_format)
    except (GraphExportError, OSError) as exc:
        raise fail(escape(str(exc))) from exc
    for path in written:
        console.print(escape(_("Wrote {path}").format(path=path)), highlight=False)

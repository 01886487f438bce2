"""Coherence: cross-impact matrix, influence ranking, contested cells, trade-offs."""

from __future__ import annotations

from concierto.measures.aggregate import element_groups, group_totals
from concierto.measures.alignment import AlignmentResult
from concierto.measures.centrifugal import CentrifugalResult
from concierto.measures.crossimpact_raters import RaterAggregation
from concierto.report.build import CaseResults
from concierto.report.model import (
    Block,
    Figure,
    Section,
    Table,
    rows_of,
)
from concierto.report.scale import page_limits
from concierto.report.sections.alignment_view import alignment_blocks, centrifugal_blocks
from concierto.report.sections.common import (
    T,
    cols,
    figure_block,
    layout,
    reason_of,
    rounded,
    table_block,
    unavailable_block,
)
from concierto.report.sections.grouped import grouped_heatmap

# ----------------------------------------------------------------------------- coherence


def _cross_impact_heatmap(aggregation: RaterAggregation, t: T) -> Figure:
    """Every scored cell of the cross-impact matrix."""
    ids = list(aggregation.ids)
    cell_evidence = aggregation.evidence_by_cell()
    matrix = aggregation.matrix.tolist()
    text = [[f"{v:+.1f}" if v == v else "" for v in row] for row in matrix]
    return Figure(
        id="fig-crossimpact",
        title=t("Cross-impact matrix (median of raters; row influences column)"),
        evidence=tuple(e for ev in cell_evidence.values() for e in ev),
        plotly={
            "data": [
                {
                    "type": "heatmap",
                    "z": [[None if v != v else v for v in row] for row in matrix],
                    "x": ids,
                    "y": ids,
                    "text": text,
                    "zmin": -3,
                    "zmax": 3,
                    "colorscale": "RdBu",
                    "reversescale": True,
                    "hovertemplate": "%{y} → %{x}: %{z}<extra></extra>",
                }
            ],
            "layout": layout(
                t("Cross-impact matrix"),
                height=200 + 24 * len(ids),
                yaxis={"autorange": "reversed"},
            ),
        },
        caption=t("Nilsson, Griggs and Visbeck (2016) scale, −3 to +3."),
    )


def _grouped_cross_impact(r: CaseResults, t: T, limit: int) -> Figure:
    """The cross-impact matrix by sector pair: the mean of the scored cells' medians."""
    aggregation = r.ratings
    assert aggregation is not None
    totals = group_totals(
        ((c.source, c.target, c.median) for c in aggregation.cells), element_groups(r.snapshot)
    )
    cell_evidence = aggregation.evidence_by_cell()
    return Figure(
        id="fig-crossimpact",
        title=t("Cross-impact matrix by sector (mean of the scored cells; row influences column)"),
        evidence=tuple(e for ev in cell_evidence.values() for e in ev),
        plotly=grouped_heatmap(t("Cross-impact matrix"), totals, -3, 3, "RdBu_r"),
        caption=t(
            "{n} elements, more than {limit}: each cell is the mean score of the scored cells "
            "between two sectors (the sector of each element's first actor); every cell is in "
            "the Scored cells table and its CSV/JSON files. Nilsson, Griggs and Visbeck (2016) "
            "scale, −3 to +3."
        ).format(n=len(aggregation.ids), limit=limit),
    )


def _scored_cells(aggregation: RaterAggregation, t: T) -> Table:
    """Every rated cell: the detail behind the matrix, grouped or not."""
    return Table(
        id="crossimpact_cells",
        title=t("Scored cells"),
        columns=cols(
            t,
            ("source", "From"),
            ("target", "To"),
            ("median", "Median"),
            ("ratings", "Ratings"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "source": c.source,
                    "target": c.target,
                    "median": c.median,
                    "ratings": c.ratings,
                    "evidence": list(c.evidence),
                }
                for c in aggregation.cells
            ]
        ),
    )


def coherence_section(r: CaseResults, t: T) -> Section:
    """Coherence: cross-impact heatmap, influence ranking, contested cells, alignment."""
    blocks: list[Block] = []
    aggregation, impact = r.ratings, r.cross_impact
    if aggregation is None or impact is None:
        blocks.append(unavailable_block(t, "cross-impact matrix (M4)", t("no interaction scores")))
    else:
        ids = list(aggregation.ids)
        cell_evidence = aggregation.evidence_by_cell()
        evidence_from: dict[str, list[str]] = {}
        for (source, _target), found in cell_evidence.items():
            evidence_from.setdefault(source, []).extend(found)
        limits = page_limits(r.snapshot)
        if limits.aggregates(len(ids)):
            blocks.append(figure_block(_grouped_cross_impact(r, t, limits.aggregate_above)))
        else:
            blocks.append(figure_block(_cross_impact_heatmap(aggregation, t)))
        blocks.append(table_block(_scored_cells(aggregation, t)))
        ranking = sorted(impact.elements, key=lambda e: (e.rank, e.id))
        blocks.append(
            figure_block(
                Figure(
                    id="fig-influence",
                    title=t("Influence ranking (out + second order)"),
                    evidence=tuple(e for ev in cell_evidence.values() for e in ev),
                    plotly={
                        "data": [
                            {
                                "type": "bar",
                                "orientation": "h",
                                "x": [e.total for e in ranking],
                                "y": [e.id for e in ranking],
                                "marker": {"color": "#4575b4"},
                            }
                        ],
                        "layout": layout(
                            t("Influence ranking"),
                            height=150 + 22 * len(ranking),
                            yaxis={"autorange": "reversed"},
                        ),
                    },
                    caption=t("Weitz et al. (2018): total = out + w2 · A(A·1)."),
                )
            )
        )
        blocks.append(
            table_block(
                Table(
                    id="influence",
                    title=t("Influence of each element"),
                    columns=cols(
                        t,
                        ("rank", "Rank"),
                        ("id", "Id"),
                        ("name", "Name"),
                        ("out", "Out"),
                        ("in", "In"),
                        ("second_order", "Second order"),
                        ("total", "Total"),
                        ("evidence", "Evidence"),
                    ),
                    rows=rows_of(
                        [
                            {
                                "rank": e.rank,
                                "id": e.id,
                                "name": e.name,
                                "out": rounded(e.out),
                                "in": rounded(e.in_),
                                "second_order": rounded(e.second_order),
                                "total": rounded(e.total),
                                "evidence": evidence_from.get(e.id, []),
                            }
                            for e in ranking
                        ]
                    ),
                )
            )
        )
        alpha = aggregation.alpha
        blocks.append(
            table_block(
                Table(
                    id="contested_cells",
                    title=t("Cells whose raters differ in sign"),
                    columns=cols(
                        t,
                        ("source", "From"),
                        ("target", "To"),
                        ("median", "Median"),
                        ("minimum", "Minimum"),
                        ("maximum", "Maximum"),
                        ("raters", "Raters"),
                        ("evidence", "Evidence"),
                    ),
                    rows=rows_of(
                        [
                            {
                                "source": c.source,
                                "target": c.target,
                                "median": c.median,
                                "minimum": c.minimum,
                                "maximum": c.maximum,
                                "raters": " ".join(c.raters),
                                "evidence": list(c.evidence),
                            }
                            for c in aggregation.contested
                        ]
                    ),
                    note=t("Krippendorff's ordinal alpha between raters: {value}").format(
                        value="—" if alpha.alpha is None else f"{alpha.alpha:.3f}"
                    ),
                )
            )
        )
        blocks.append(
            table_block(
                Table(
                    id="trade_offs",
                    title=t("Trade-offs (negative interactions) and the actors on each side"),
                    columns=cols(
                        t,
                        ("source", "From"),
                        ("target", "To"),
                        ("score", "Score"),
                        ("source_owners", "Actors (from)"),
                        ("target_owners", "Actors (to)"),
                        ("evidence", "Evidence"),
                    ),
                    rows=rows_of(
                        [
                            {
                                "source": x.source,
                                "target": x.target,
                                "score": x.score,
                                "source_owners": " ".join(x.source_owners),
                                "target_owners": " ".join(x.target_owners),
                                "evidence": list(x.evidence),
                            }
                            for x in impact.trade_offs
                        ]
                    ),
                )
            )
        )
    aligned = r.optional.get("alignment")
    if aligned is not None and isinstance(aligned.result, AlignmentResult):
        blocks += alignment_blocks(aligned.result, t)
    else:
        blocks.append(
            unavailable_block(
                t, "vertical alignment: coverage and orphan rate (M4)", reason_of(aligned)
            )
        )
    centrifugal = r.optional.get("centrifugal")
    if centrifugal is not None and isinstance(centrifugal.result, CentrifugalResult):
        blocks += centrifugal_blocks(centrifugal.result, t)
    else:
        blocks.append(unavailable_block(t, "centrifugal index (M4)", reason_of(centrifugal)))
    return Section("coherence", t("Coherence"), tuple(blocks))

"""Blocks for coordination gaps (M2, required versus actual coordination): the required pairs
ranked by stakes, which are covered, and the covered share."""

from __future__ import annotations

from concierto.measures.gaps import GapsResult
from concierto.report.model import Block, Figure, Table, rows_of
from concierto.report.sections.common import T, cols, figure_block, layout, table_block, text_block


def gaps_blocks(result: GapsResult, t: T) -> list[Block]:
    """Summary, stakes chart and the ranked table of required pairs."""
    required = sorted(result.required, key=lambda p: (-p.stakes, p.actors))
    covered = sum(1 for p in required if p.covered)
    share = result.covered_share
    summary = t(
        "{covered} of {required} required pairs are covered ({share}); {gaps} are gaps."
    ).format(
        covered=covered,
        required=len(required),
        share="—" if share is None else f"{share:.0%}",
        gaps=len(result.gaps),
    )
    labels = [" – ".join(p.actors) for p in required]
    figure = Figure(
        id="fig-gaps",
        title=t("Stakes of each required pair (gaps in red)"),
        evidence=result.evidence,
        plotly={
            "data": [
                {
                    "type": "bar",
                    "orientation": "h",
                    "x": [p.stakes for p in required],
                    "y": labels,
                    "marker": {"color": ["#4393c3" if p.covered else "#b2182b" for p in required]},
                    "hovertemplate": "%{y}: %{x}<extra></extra>",
                }
            ],
            "layout": layout(
                t("Stakes of each required pair"),
                height=150 + 24 * len(required),
                yaxis={"autorange": "reversed"},
            ),
        },
        caption=t(
            "Stakes = Σ |a_pq| over the strong cells linking the pair (threshold {x})."
        ).format(x=result.threshold),
    )
    table = Table(
        id="gaps",
        title=t("Required pairs ranked by stakes"),
        columns=cols(
            t,
            ("pair", "Pair"),
            ("stakes", "Stakes"),
            ("covered", "Covered"),
            ("covering_ties", "Covering ties"),
            ("cells", "Strong cells"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "pair": label,
                    "stakes": p.stakes,
                    "covered": p.covered,
                    "covering_ties": " ".join(p.covering_ties),
                    "cells": "; ".join(f"{a} → {b} ({v:+g})" for a, b, v in p.cells),
                    "evidence": list(p.evidence),
                }
                for label, p in zip(labels, required, strict=True)
            ]
        ),
    )
    return [text_block(summary), figure_block(figure), table_block(table)]

"""Blocks for vertical alignment and the centrifugal index (M4): coverage of each policy
objective, each actor's orphan rate and alignment strength, conflicts between actors'
objectives, and each actor's centrifugal index (Peters 2018)."""

from __future__ import annotations

from concierto.measures.alignment import AlignmentResult
from concierto.measures.centrifugal import CentrifugalResult
from concierto.report.model import Block, Figure, Table, rows_of
from concierto.report.sections.common import (
    T,
    cols,
    figure_block,
    layout,
    rounded,
    table_block,
    text_block,
)


def alignment_blocks(result: AlignmentResult, t: T) -> list[Block]:
    """Coverage per objective, actors' orphan rates and strengths, and conflicts."""
    coverage = Table(
        id="alignment_coverage",
        title=t("Coverage of each policy objective"),
        columns=cols(
            t,
            ("objective", "Objective"),
            ("coverage", "Coverage"),
            ("responsible", "Responsible actors"),
            ("uncovered", "Without a path to it"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "objective": c.objective,
                    "coverage": rounded(c.value),
                    "responsible": " ".join(c.responsible),
                    "uncovered": " ".join(c.uncovered),
                    "evidence": list(c.evidence),
                }
                for c in result.coverage
            ]
        ),
        note=t("Coverage = share of the responsible actors owning an objective with a path to it."),
    )
    actors = Table(
        id="alignment_actors",
        title=t("Alignment of each actor's institutional objectives"),
        columns=cols(
            t,
            ("actor", "Actor"),
            ("objectives", "Objectives"),
            ("orphans", "Orphan objectives"),
            ("orphan_rate", "Orphan rate"),
            ("strength", "Alignment strength"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "actor": a.actor,
                    "objectives": " ".join(a.objectives),
                    "orphans": " ".join(a.orphans),
                    "orphan_rate": rounded(a.orphan_rate),
                    "strength": rounded(a.strength),
                    "evidence": list(a.evidence),
                }
                for a in result.actors
            ]
        ),
    )
    conflicts = Table(
        id="alignment_conflicts",
        title=t("Conflicts between objectives of different actors"),
        columns=cols(
            t,
            ("source", "From"),
            ("target", "To"),
            ("median", "Median"),
            ("source_actors", "Actors (from)"),
            ("target_actors", "Actors (to)"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "source": c.source,
                    "target": c.target,
                    "median": c.median,
                    "source_actors": " ".join(c.source_actors),
                    "target_actors": " ".join(c.target_actors),
                    "evidence": list(c.evidence),
                }
                for c in result.conflicts
            ]
        ),
    )
    return [table_block(coverage), table_block(actors), table_block(conflicts)]


def centrifugal_blocks(result: CentrifugalResult, t: T) -> list[Block]:
    """The policy's value, and each actor's index as a chart and a table."""
    blocks: list[Block] = []
    for policy in result.policies:
        value = "—" if policy.value is None else f"{policy.value:.2f}"
        text = t("Centrifugal index of {policy}: {value} (mean over {n} actors).").format(
            policy=policy.policy, value=value, n=len(policy.actors)
        )
        if policy.unmeasured:
            text += " " + t("Without institutional objectives: {actors}.").format(
                actors=", ".join(policy.unmeasured)
            )
        blocks.append(text_block(text))
    actors = sorted(result.actors, key=lambda a: (-a.index, a.actor))
    blocks.append(
        figure_block(
            Figure(
                id="fig-centrifugal",
                title=t("Centrifugal index of each actor"),
                evidence=tuple(dict.fromkeys(e for a in actors for e in a.evidence)),
                plotly={
                    "data": [
                        {
                            "type": "bar",
                            "orientation": "h",
                            "x": [a.index for a in actors],
                            "y": [a.actor for a in actors],
                            "marker": {"color": "#d6604d"},
                        }
                    ],
                    "layout": layout(
                        t("Centrifugal index of each actor"),
                        height=150 + 26 * len(actors),
                        xaxis={"range": [0, 1]},
                        yaxis={"autorange": "reversed"},
                    ),
                },
                caption=t(
                    "0: everything the actor does serves a common objective; 1: nothing does."
                ),
            )
        )
    )
    blocks.append(
        table_block(
            Table(
                id="centrifugal",
                title=t("Centrifugal index of each actor"),
                columns=cols(
                    t,
                    ("actor", "Actor"),
                    ("index", "Index"),
                    ("weighting", "Weighting"),
                    ("centrifugal", "Objectives serving no policy objective"),
                    ("evidence", "Evidence"),
                ),
                rows=rows_of(
                    [
                        {
                            "actor": a.actor,
                            "index": rounded(a.index),
                            "weighting": t(a.weighting),
                            "centrifugal": " ".join(a.centrifugal),
                            "evidence": list(a.evidence),
                        }
                        for a in actors
                    ]
                ),
            )
        )
    )
    return blocks

"""Blocks for Metcalfe's scale (M3): the pair heatmap, the ladder of every pair and of the policy,
and per-actor medians (Metcalfe 1994, International Review of Administrative Sciences 60(2))."""

from __future__ import annotations

from typing import Any

from concierto.measures.aggregate import actor_groups, group_totals
from concierto.measures.metcalfe import CUMULATIVE_REPRODUCIBILITY, Ladder, MetcalfeResult
from concierto.report.build import CaseResults
from concierto.report.model import Block, Figure, Table, rows_of
from concierto.report.scale import page_limits
from concierto.report.sections.common import T, cols, figure_block, layout, table_block, text_block
from concierto.report.sections.grouped import grouped_heatmap

LEVEL_LABELS: dict[int, str] = {
    1: "Independent decisions",
    2: "Communication (information exchange)",
    3: "Consultation",
    4: "Avoiding divergence (speaking with one voice)",
    5: "Search for agreement",
    6: "Arbitration of differences",
    7: "Setting parameters for the organisations",
    8: "Establishing government priorities",
    9: "Overall government strategy",
}
STATUS_CODE: dict[str, int] = {"absent": 0, "denied": 1, "contested": 2, "satisfied": 3}
STATUS_SCALE: list[list[Any]] = [
    [0.0, "#f0f0f0"],
    [0.25, "#f0f0f0"],
    [0.25, "#d6604d"],
    [0.5, "#d6604d"],
    [0.5, "#fdb863"],
    [0.75, "#fdb863"],
    [0.75, "#4393c3"],
    [1.0, "#4393c3"],
]


def _name(r: CaseResults, actor: str) -> str:
    found = r.snapshot.actor_index.get(actor)
    return (found.acronym or found.id) if found else actor


def _pair_label(r: CaseResults, ladder: Ladder, t: T) -> str:
    return " – ".join(_name(r, a) for a in ladder.actors) or t("policy")


def _grouped_heatmap(r: CaseResults, result: MetcalfeResult, t: T, limit: int) -> Figure:
    """The pair scores by sector pair: the mean score of the pairs between two sectors."""
    actors = {a for p in result.pairs for a in p.actors}
    totals = group_totals(
        ((p.actors[0], p.actors[1], p.score) for p in result.pairs if len(p.actors) == 2),
        actor_groups(r.snapshot),
        undirected=True,
    )
    title = t("Metcalfe score by pair of sectors (mean over their pairs of actors)")
    return Figure(
        id="fig-metcalfe-pairs",
        title=title,
        evidence=result.evidence,
        plotly=grouped_heatmap(title, totals, 1, 9, "YlGnBu"),
        caption=t(
            "{n} actors, more than {limit}: each cell is the mean score of the pairs of actors "
            "between two sectors; every pair is in the pairs table and its CSV/JSON files."
        ).format(n=len(actors), limit=limit),
    )


def _heatmap(r: CaseResults, result: MetcalfeResult, t: T) -> Figure:
    actors = sorted({a for p in result.pairs for a in p.actors})
    limits = page_limits(r.snapshot)
    if limits.aggregates(len(actors)):
        return _grouped_heatmap(r, result, t, limits.aggregate_above)
    score = {p.actors: p.score for p in result.pairs}
    z = [[score.get((a, b), score.get((b, a))) if a != b else None for b in actors] for a in actors]
    return Figure(
        id="fig-metcalfe-pairs",
        title=t("Metcalfe score of each pair of actors"),
        evidence=result.evidence,
        plotly={
            "data": [
                {
                    "type": "heatmap",
                    "z": z,
                    "x": [_name(r, a) for a in actors],
                    "y": [_name(r, a) for a in actors],
                    "zmin": 1,
                    "zmax": 9,
                    "colorscale": "YlGnBu",
                    "texttemplate": "%{z}",
                    "hovertemplate": "%{y} – %{x}: %{z}<extra></extra>",
                }
            ],
            "layout": layout(
                t("Metcalfe score of each pair of actors"),
                height=220 + 40 * len(actors),
                yaxis={"autorange": "reversed"},
            ),
        },
        caption=t("Empty cells: no evidence on the pair."),
    )


def _ladder(r: CaseResults, result: MetcalfeResult, t: T) -> Figure:
    shown = page_limits(r.snapshot).row_limit
    ladders = (result.policy, *result.pairs[: shown - 1])
    caption = t("Score = highest level L with items 1..L all satisfied.")
    if len(result.pairs) >= shown:
        caption += " " + t(
            "The policy and the first {shown} of {total} pairs; every pair is in the pairs "
            "table and its CSV/JSON files."
        ).format(shown=shown - 1, total=len(result.pairs))
    return Figure(
        id="fig-metcalfe-ladder",
        title=t("Ladder: status of each item for the policy and each pair"),
        evidence=result.evidence,
        plotly={
            "data": [
                {
                    "type": "heatmap",
                    "z": [[STATUS_CODE[i.status] for i in lad.items] for lad in ladders],
                    "x": [f"L{k}" for k in range(1, 10)],
                    "y": [_pair_label(r, lad, t) for lad in ladders],
                    "text": [[t(i.status) for i in lad.items] for lad in ladders],
                    "zmin": 0,
                    "zmax": 3,
                    "colorscale": STATUS_SCALE,
                    "colorbar": {
                        "tickvals": [0.375, 1.125, 1.875, 2.625],
                        "ticktext": [t("absent"), t("denied"), t("contested"), t("satisfied")],
                    },
                    "hovertemplate": "%{y} %{x}: %{text}<extra></extra>",
                }
            ],
            "layout": layout(
                t("Metcalfe ladder"),
                height=160 + 26 * len(ladders),
                yaxis={"autorange": "reversed"},
            ),
        },
        caption=caption,
    )


def metcalfe_blocks(r: CaseResults, result: MetcalfeResult, t: T) -> list[Block]:
    """Summary, pair heatmap, ladder and tables of the M3 result."""
    cr = result.reproducibility
    summary = t("Policy-wide score: {score} ({label}).").format(
        score=result.policy_score, label=t(LEVEL_LABELS[result.policy_score])
    )
    if cr is None:
        summary += " " + t(
            "Guttman reproducibility: not computed (no pair of actors has evidence)."
        )
    else:
        verdict = (
            t("at least 0.90: the ladder behaves cumulatively in this case")
            if cr >= CUMULATIVE_REPRODUCIBILITY
            else t("below 0.90: the ladder does not behave cumulatively in this case")
        )
        summary += " " + t("Guttman reproducibility {cr} (errors: {errors}), {verdict}.").format(
            cr=f"{cr:.3f}", errors=result.errors, verdict=verdict
        )
    policy = Table(
        id="metcalfe_policy",
        title=t("The policy's ladder"),
        columns=cols(
            t,
            ("level", "Level"),
            ("label", "Item"),
            ("status", "Status"),
            ("supporting", "Supporting sources"),
            ("denying", "Denying sources"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "level": i.level,
                    "label": t(LEVEL_LABELS[i.level]),
                    "status": t(i.status),
                    "supporting": len(i.supporting),
                    "denying": len(i.denying),
                    "evidence": list(i.evidence),
                }
                for i in result.policy.items
            ]
        ),
    )
    pairs = Table(
        id="metcalfe_pairs",
        title=t("Metcalfe score of each pair of actors"),
        columns=cols(
            t,
            ("pair", "Pair"),
            ("score", "Score"),
            ("gaps", "Rungs above the score"),
            ("contested", "Contested items"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "pair": " – ".join(p.actors),
                    "score": p.score,
                    "gaps": " ".join(f"L{k}" for k in p.gaps),
                    "contested": " ".join(f"L{k}" for k in p.contested),
                    "evidence": list(p.evidence),
                }
                for p in result.pairs
            ]
        ),
    )
    cog = {a.id for a in r.snapshot.actors if a.centre_of_government}
    evidence_of: dict[str, list[str]] = {}
    for p in result.pairs:
        for actor in dict.fromkeys(p.actors):
            evidence_of.setdefault(actor, []).extend(p.evidence)
    medians = Table(
        id="metcalfe_actors",
        title=t("Median score of each actor over its pairs"),
        columns=cols(
            t,
            ("actor", "Actor"),
            ("median", "Median"),
            ("centre_of_government", "Centre of government"),
            ("evidence", "Evidence"),
        ),
        rows=rows_of(
            [
                {
                    "actor": actor,
                    "median": value,
                    "centre_of_government": actor in cog,
                    "evidence": evidence_of.get(actor, []),
                }
                for actor, value in result.actor_medians.items()
            ]
        ),
    )
    return [
        text_block(summary),
        figure_block(_heatmap(r, result, t)),
        figure_block(_ladder(r, result, t)),
        table_block(policy),
        table_block(pairs),
        table_block(medians),
    ]

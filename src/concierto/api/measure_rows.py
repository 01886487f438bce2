"""Rows of the measures of structure (M1), Metcalfe (M3), gaps (M2) and coherence (M4): the
measure's result object turned into plain rows with stable keys (numbers stay numbers, evidence
stays a list of ids) and their translated column labels. The CLI prints exactly these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from concierto.i18n import _

if TYPE_CHECKING:  # result types only: the rows of one measure import nothing of the others
    from concierto.measures.alignment import AlignmentResult
    from concierto.measures.centrifugal import CentrifugalResult
    from concierto.measures.coherence import Difference, Figure
    from concierto.measures.crossimpact import CrossImpactResult
    from concierto.measures.crossimpact_raters import RaterAggregation
    from concierto.measures.gaps import GapsResult
    from concierto.measures.metcalfe import Ladder, MetcalfeResult
    from concierto.measures.structure import StructureAt, StructureResult

Row = dict[str, Any]
Columns = list[tuple[str, str]]

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
"""Metcalfe's (1994) nine items of the policy coordination scale, by level."""


def number(value: float | None) -> float | int | None:
    """A figure rounded to six places, whole values as ints (12.0 → 12)."""
    if value is None:
        return None
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


def exact(value: float) -> int | float:
    """Integral values as ints, other values unchanged (cross-impact keeps every digit)."""
    return int(value) if float(value).is_integer() else value


# ----------------------------------------------------------------------------- structure


def structure_rows(
    result: StructureResult, now: StructureAt, view: str
) -> tuple[list[Row], Columns]:
    """Rows of ``measure structure --view VIEW`` (``now``: the structure at the chosen date)."""
    if view == "summary":
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
    if view == "series":
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
    if view == "churn":
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
    if view == "spans":
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


# ----------------------------------------------------------------------------- Metcalfe


def ladder_row(ladder: Ladder) -> Row:
    """One pair's Metcalfe ladder: score, satisfied items, gaps, contested and denied items."""
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


def metcalfe_title(result: MetcalfeResult) -> str:
    """The policy score, the reproducibility coefficient and the number of pairs."""
    cr = "n/a" if result.reproducibility is None else f"{result.reproducibility:.3f}"
    return _("Metcalfe: policy score {score}, CR {cr} ({pairs} pairs)").format(
        score=result.policy_score, cr=cr, pairs=len(result.pairs)
    )


def metcalfe_rows(result: MetcalfeResult, view: str) -> tuple[list[Row], Columns]:
    """Rows of ``measure metcalfe --view pairs|policy|actors``."""
    if view == "pairs":
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
        return [ladder_row(lad) for lad in result.pairs], columns
    if view == "policy":
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
        return rows, columns
    pairs_of: dict[str, int] = {}
    for lad in result.pairs:
        for actor in lad.actors:
            pairs_of[actor] = pairs_of.get(actor, 0) + 1
    rows = [
        {"actor": a, "median": m, "pairs": pairs_of[a]} for a, m in result.actor_medians.items()
    ]
    return rows, [("actor", _("Actor")), ("median", _("Median score")), ("pairs", _("Pairs"))]


# ----------------------------------------------------------------------------- gaps


def gaps_title(result: GapsResult) -> str:
    """How many required pairs are gaps, and the share covered."""
    share = "n/a" if result.covered_share is None else f"{result.covered_share:.0%}"
    return _("Coordination gaps: {gaps} of {required} required pairs; covered {share}").format(
        gaps=len(result.gaps), required=len(result.required), share=share
    )


def gaps_rows(result: GapsResult, show_all: bool) -> tuple[list[Row], Columns]:
    """The gaps (or, with ``show_all``, every required pair), ranked by stakes."""
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
    return rows, columns


# ----------------------------------------------------------------------------- cross-impact


Titled = tuple[list[Row], Columns, str]


def element_rows(result: CrossImpactResult) -> Titled:
    """Influence of every element, from rank 1 down."""
    rows = []
    for element in result.ranking():
        item = element.as_dict()
        rows.append({key: exact(v) if isinstance(v, float) else v for key, v in item.items()})
    columns = [
        ("id", _("Id")),
        ("name", _("Name")),
        ("out", _("Out")),
        ("out_pos", _("Out +")),
        ("out_neg", _("Out −")),
        ("in", _("In")),
        ("in_pos", _("In +")),
        ("in_neg", _("In −")),
        ("second_order", _("Second order")),
        ("total", _("Total")),
        ("rank", _("Rank")),
    ]
    return rows, columns, _("Cross-impact influence (w2 = {w2})").format(w2=f"{result.w2:g}")


def cluster_rows(result: CrossImpactResult) -> Titled:
    """Clusters of the positive part, with their internal weight."""
    rows: list[Row] = [
        {
            "cluster": cluster.number,
            "size": len(cluster.members),
            "members": list(cluster.members),
            "internal_weight": exact(cluster.internal_weight),
        }
        for cluster in result.clusters
    ]
    columns = [
        ("cluster", _("Cluster")),
        ("size", _("Size")),
        ("members", _("Members")),
        ("internal_weight", _("Internal positive weight")),
    ]
    return rows, columns, _("Clusters of the positive part")


def trade_off_rows(result: CrossImpactResult) -> Titled:
    """The negative cells, with their evidence."""
    rows: list[Row] = [
        {
            "source": item.source,
            "target": item.target,
            "score": exact(item.score),
            "evidence": list(item.evidence),
        }
        for item in result.trade_offs
    ]
    columns = [
        ("source", _("From")),
        ("target", _("To")),
        ("score", _("Score")),
        ("evidence", _("Evidence")),
    ]
    return rows, columns, _("Trade-offs (negative cells)")


def cell_rows(aggregation: RaterAggregation) -> Titled:
    """The rated cells: median, dispersion, whether contested, raters and evidence."""
    rows: list[Row] = [
        {
            "source": cell.source,
            "target": cell.target,
            "median": exact(cell.median),
            "ratings": cell.ratings,
            "minimum": exact(cell.minimum),
            "maximum": exact(cell.maximum),
            "range": exact(cell.range),
            "iqr": exact(cell.iqr),
            "contested": cell.contested,
            "raters": list(cell.raters),
            "evidence": list(cell.evidence),
        }
        for cell in aggregation.cells
    ]
    columns = [
        ("source", _("From")),
        ("target", _("To")),
        ("median", _("Median")),
        ("ratings", _("Ratings")),
        ("minimum", _("Min")),
        ("maximum", _("Max")),
        ("range", _("Range")),
        ("iqr", _("IQR")),
        ("contested", _("Contested")),
        ("raters", _("Raters")),
        ("evidence", _("Evidence")),
    ]
    return rows, columns, _("Rated cells")


def rater_agreement_rows(aggregation: RaterAggregation) -> Titled:
    """The raters' agreement on the cells (Krippendorff's ordinal alpha), one row."""
    alpha = aggregation.alpha
    row: Row = {
        "alpha": alpha.alpha,
        "level": alpha.level.value,
        "raters": alpha.coders,
        "cells": alpha.units,
        "pairable_cells": alpha.pairable_units,
        "contested_cells": len(aggregation.contested),
        "undefined_reason": _(alpha.undefined_reason) if alpha.undefined_reason else None,
    }
    columns = [
        ("alpha", _("Alpha")),
        ("level", _("Level")),
        ("raters", _("Raters")),
        ("cells", _("Rated cells")),
        ("pairable_cells", _("Cells with two or more ratings")),
        ("contested_cells", _("Contested cells")),
        ("undefined_reason", _("Undefined because")),
    ]
    return [row], columns, _("Krippendorff's alpha (ordinal) between raters")


def crossimpact_rows(
    result: CrossImpactResult, aggregation: RaterAggregation | None, view: str
) -> Titled:
    """Rows, columns and title of one cross-impact view (cells and agreement need raters)."""
    if view == "clusters":
        return cluster_rows(result)
    if view == "trade-offs":
        return trade_off_rows(result)
    if view == "cells" and aggregation is not None:
        return cell_rows(aggregation)
    if view == "agreement" and aggregation is not None:
        return rater_agreement_rows(aggregation)
    return element_rows(result)


# ----------------------------------------------------------------------------- alignment


def alignment_rows(result: AlignmentResult, view: str) -> tuple[list[Row], Columns, str]:
    """Rows of ``measure alignment --view coverage|actors|conflicts|edges``."""
    if view == "coverage":
        rows = [
            {
                "objective": c.objective,
                "responsible": list(c.responsible),
                "covering": list(c.covering),
                "coverage": number(c.value),
                "evidence": list(c.evidence),
            }
            for c in result.coverage
        ]
        columns = [
            ("objective", _("Policy objective")),
            ("responsible", _("Responsible actors")),
            ("covering", _("Actors reaching it")),
            ("coverage", _("Coverage")),
            ("evidence", _("Evidence")),
        ]
        return rows, columns, _("Coverage of the policy objectives")
    if view == "actors":
        rows = [
            {
                "actor": a.actor,
                "objectives": len(a.objectives),
                "orphans": list(a.orphans),
                "orphan_rate": number(a.orphan_rate),
                "strength": number(a.strength),
                "evidence": list(a.evidence),
            }
            for a in result.actors
        ]
        columns = [
            ("actor", _("Actor")),
            ("objectives", _("Institutional objectives")),
            ("orphans", _("Orphans")),
            ("orphan_rate", _("Orphan rate")),
            ("strength", _("Alignment strength")),
            ("evidence", _("Evidence")),
        ]
        return rows, columns, _("Orphan rate and alignment strength per actor")
    if view == "conflicts":
        rows = [
            {
                "source": c.source,
                "target": c.target,
                "median": number(c.median),
                "source_actors": list(c.source_actors),
                "target_actors": list(c.target_actors),
                "evidence": list(c.evidence),
            }
            for c in result.conflicts
        ]
        columns = [
            ("source", _("From")),
            ("target", _("To")),
            ("median", _("Median score")),
            ("source_actors", _("Actors of the source")),
            ("target_actors", _("Actors of the target")),
            ("evidence", _("Evidence")),
        ]
        return rows, columns, _("Conflicts between objectives of different actors")
    rows = [
        {"source": e.source, "target": e.target, "strength": e.strength, "evidence": e.evidence_id}
        for e in result.edges
    ]
    columns = [
        ("source", _("From")),
        ("target", _("To")),
        ("strength", _("Strength")),
        ("evidence", _("Evidence")),
    ]
    return rows, columns, _("Contributions in the objective DAG")


def centrifugal_rows(result: CentrifugalResult, view: str) -> tuple[list[Row], Columns, str]:
    """Rows of ``measure centrifugal --view actors|policies``."""
    if view == "actors":
        rows = [
            {
                "actor": a.actor,
                "index": number(a.index),
                "weighting": a.weighting,
                "objectives": len(a.objectives),
                "centrifugal": list(a.centrifugal),
                "evidence": list(a.evidence),
            }
            for a in result.actors
        ]
        columns = [
            ("actor", _("Actor")),
            ("index", _("Centrifugal index")),
            ("weighting", _("Weighting")),
            ("objectives", _("Institutional objectives")),
            ("centrifugal", _("Serving no policy objective")),
            ("evidence", _("Evidence")),
        ]
        return rows, columns, _("Centrifugal index per actor")
    rows = [
        {
            "policy": p.policy,
            "value": number(p.value),
            "actors": list(p.actors),
            "unmeasured": list(p.unmeasured),
            "evidence": list(p.evidence),
        }
        for p in result.policies
    ]
    columns = [
        ("policy", _("Policy")),
        ("value", _("Centrifugal index")),
        ("actors", _("Responsible actors measured")),
        ("unmeasured", _("Responsible actors without institutional objectives")),
        ("evidence", _("Evidence")),
    ]
    return rows, columns, _("Centrifugal index of the policy")


def figure_rows(figures: tuple[Figure, ...]) -> tuple[list[Row], Columns]:
    """Every coherence figure: measure, subject, value, evidence."""
    rows = [
        {
            "measure": f.measure,
            "subject": f.subject,
            "value": number(f.value),
            "evidence": list(f.evidence),
        }
        for f in figures
    ]
    columns = [
        ("measure", _("Measure")),
        ("subject", _("Subject")),
        ("value", _("Value")),
        ("evidence", _("Evidence")),
    ]
    return rows, columns


def difference_rows(found: tuple[Difference, ...]) -> tuple[list[Row], Columns]:
    """The coherence figures that an assumptions file changes: before, after, change."""
    rows = [
        {
            "measure": d.measure,
            "subject": d.subject,
            "before": number(d.before),
            "after": number(d.after),
            "delta": number(d.delta),
        }
        for d in found
    ]
    columns = [
        ("measure", _("Measure")),
        ("subject", _("Subject")),
        ("before", _("Before")),
        ("after", _("After")),
        ("delta", _("Change")),
    ]
    return rows, columns

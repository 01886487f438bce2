"""Why a measure found nothing: one sentence per measure that can come back empty, made from
the counts of its own inputs (the case snapshot, the evidence, the result), so that an empty
table is never silent. The CLI prints the sentence (on stderr beside CSV and JSON); the web
and the report can show the same one.

Each function is called when its measure's result is empty and says which input is missing
or which condition no record met, with the figures that show it. The cross-impact ones live
beside that measure (:mod:`concierto.measures.crossimpact`, which runs without a store), the
qualitative ones in :mod:`concierto.measures.qualitative.empty`, and the disagreements one in
:mod:`concierto.measures.agreement.disagreements`, so that their commands stay light.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from concierto.i18n import _
from concierto.measures.alignment import INSTITUTIONAL_OBJECTIVE
from concierto.measures.gaps import COVERING_LAYERS, GapsResult, median_cells
from concierto.measures.metcalfe import MetcalfeResult
from concierto.measures.network_input import TieRecord
from concierto.snapshot import CaseSnapshot


def _listing(counts: Counter[str]) -> str:
    """``a 3, b 1``: the counts, largest first."""
    return ", ".join(f"{key} {count}" for key, count in counts.most_common())


# ----------------------------------------------------------------------------- gaps


def why_no_required_pairs(snapshot: CaseSnapshot, threshold: float) -> str:
    """Why no pair of actors must coordinate: no interaction scores, none strong enough, or
    the strong ones link elements of one actor only (or of none)."""
    cells = median_cells(snapshot.interactions)
    if not cells:
        return _(
            "the case has no interaction scores between its elements, so no coordination is "
            "required (score interactions in interactions.csv)"
        )
    strong = [cell for cell in cells if abs(cell.value) >= threshold]
    if not strong:
        return _(
            "no interaction scored at ±{threshold:g} or more (scored cells: {cells}, the "
            "strongest ±{strongest:g}), so no coordination is required"
        ).format(
            threshold=threshold,
            cells=len(cells),
            strongest=max(abs(cell.value) for cell in cells),
        )
    return _(
        "no interaction scored at ±{threshold:g} or more between objectives of different "
        "actors (strong cells: {strong}, each within one actor's elements or without actors), "
        "so no coordination is required"
    ).format(threshold=threshold, strong=len(strong))


def why_no_gaps(result: GapsResult) -> str:
    """Why there are required pairs but no gaps: every one is covered."""
    return _(
        "every pair of actors that must coordinate (pairs: {required}; interactions at "
        "±{threshold:g} or more) is linked by a tie in {layers}, so there is no gap (--all "
        "lists them)"
    ).format(
        required=len(result.required),
        threshold=result.threshold,
        layers=_(" or ").join(COVERING_LAYERS),
    )


# ----------------------------------------------------------------------------- structure


def why_no_actors(snapshot: CaseSnapshot) -> str:
    """Why a listing by actor is empty."""
    return _("the case has no actors (actors: {count})").format(count=len(snapshot.actors))


def why_no_series(snapshot: CaseSnapshot) -> str:
    """Why there is no yearly series: no date to span."""
    return _(
        "no actor has a creation or dissolution date and there are no events (actors: "
        "{actors}), so there is no year to measure"
    ).format(actors=len(snapshot.actors))


def why_no_churn(snapshot: CaseSnapshot) -> str:
    """Why churn counts nothing: the case records no structural events."""
    return _(
        "the case records no structural events (creations, mergers, reattachments…; actors: "
        "{actors}, with a creation date: {dated}), so there is no churn"
    ).format(actors=len(snapshot.actors), dated=sum(1 for a in snapshot.actors if a.created))


def why_no_spans(snapshot: CaseSnapshot) -> str:
    """Why there are no spans of control: no body is attached to a parent."""
    return _(
        "no actor is attached to a parent body (actors: {actors}), so there is no span of control"
    ).format(actors=len(snapshot.actors))


def why_no_budgets(snapshot: CaseSnapshot) -> str:
    """Why there is no budget dispersion: no programme names executors."""
    return _(
        "no programme names its executors (objectives and programmes: {elements}), so there is "
        "no budget dispersion"
    ).format(elements=len(snapshot.elements))


# ----------------------------------------------------------------------------- network


def why_no_ties(ties: Sequence[TieRecord], layer: str | None, actors: int) -> str:
    """Why a network (one layer, or their union) has no ties."""
    if not ties:
        return _(
            "the case has no ties between its {actors} actors (none declared in ties.csv and "
            "none found in coded evidence)"
        ).format(actors=actors)
    return _(
        "no {layer} ties among the {actors} actors; the case's ties by layer: {layers}"
    ).format(layer=layer, actors=actors, layers=_listing(Counter(tie.layer for tie in ties)))


def layers_without_ties(ties: Iterable[TieRecord], layers: Iterable[str]) -> str | None:
    """The layers (of those listed) that hold no tie, as a sentence; None when all hold some."""
    present = {tie.layer for tie in ties}
    empty = [layer for layer in layers if layer not in present]
    if not empty:
        return None
    return _("no ties in: {layers} (declared or found in coded evidence)").format(
        layers=", ".join(empty)
    )


def why_no_brokerage(ties: int, actors: int) -> str:
    """Why no actor brokers: no ties, or no open two-path among them."""
    if ties == 0:
        return _("the network has no ties among its {actors} actors, so no actor brokers").format(
            actors=actors
        )
    return _(
        "no open two-path (a → b → c with no tie from a to c; ties: {ties}, actors: {actors}), "
        "so no actor brokers"
    ).format(ties=ties, actors=actors)


# ----------------------------------------------------------------------------- Metcalfe


def why_no_metcalfe_pairs(snapshot: CaseSnapshot, result: MetcalfeResult) -> str:
    """Why no pair of actors is on Metcalfe's scale: nothing names two actors at a level."""
    mechanisms = len(snapshot.mechanisms)
    return _(
        "no mechanism, assessment or coded segment names two actors at a Metcalfe level "
        "(mechanisms: {mechanisms}, without a level: {unmapped}; assessments: {assessments}), "
        "so no pair of actors is on the scale"
    ).format(
        mechanisms=mechanisms,
        unmapped=len(result.unmapped_mechanisms),
        assessments=len(snapshot.metcalfe_assessments),
    )


# ----------------------------------------------------------------------------- cross-impact


def why_no_interactions() -> str:
    """Why a cross-impact or conflict figure cannot be computed: no scores at all."""
    return _(
        "the case has no interaction scores (interactions.csv), so there is nothing to analyse"
    )


# ----------------------------------------------------------------------------- alignment


def _elements_by_type(snapshot: CaseSnapshot) -> str:
    return _listing(Counter(element.type for element in snapshot.elements)) or _("none")


def why_no_policy_objectives(snapshot: CaseSnapshot) -> str:
    """Why coverage (or a policy's centrifugal value) is empty: no policy objective."""
    return _(
        "the case has no policy objectives (elements by type: {types}), so there is nothing "
        "to cover"
    ).format(types=_elements_by_type(snapshot))


def why_no_owned_objectives(snapshot: CaseSnapshot) -> str:
    """Why per-actor alignment or the centrifugal index is empty: no owned institutional
    objective."""
    found = [e for e in snapshot.elements if e.type == INSTITUTIONAL_OBJECTIVE]
    return _(
        "no actor owns an institutional objective (institutional objectives: {objectives}, "
        "with an owner: {owned}), so no actor can be measured"
    ).format(objectives=len(found), owned=sum(1 for e in found if e.owner))


def why_no_conflicts(snapshot: CaseSnapshot) -> str:
    """Why there are no conflicts: no scores, or no negative median between actors."""
    cells = median_cells(snapshot.interactions)
    if not cells:
        return why_no_interactions()
    negative = sum(1 for cell in cells if cell.value < 0)
    return _(
        "no negative interaction links elements of different actors (scored cells: {cells}, "
        "negative: {negative})"
    ).format(negative=negative, cells=len(cells))


def why_no_contributions(snapshot: CaseSnapshot, ignored: int) -> str:
    """Why the objective DAG has no edges."""
    if not snapshot.contributions:
        return _(
            "the case has no contributions between elements, so the objective tree has no edges"
        )
    return _(
        "no contribution record is a contribution (records: {records}, scored 0 or below: "
        "{ignored}), so the objective tree has no edges"
    ).format(records=len(snapshot.contributions), ignored=ignored)


def why_no_policy_objectives_of_policy(snapshot: CaseSnapshot) -> str:
    """Why no policy has a centrifugal value."""
    return _(
        "the case has no policy objectives (elements by type: {types}), so no policy has "
        "actors to average over"
    ).format(types=_elements_by_type(snapshot))


def why_no_change(applied: int) -> str:
    """Why a what-if comparison lists nothing."""
    return _("the assumptions change no figure (assumptions applied: {applied})").format(
        applied=applied
    )

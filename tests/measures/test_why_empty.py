"""The sentences that say why a measure found nothing come from the inputs' counts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from concierto.casefile.read import read_case_folder
from concierto.evidence.snapshot import CodeRecord, CodingRecord, EvidenceSnapshot
from concierto.i18n import set_language
from concierto.measures import empty
from concierto.measures.crossimpact import cross_impact, why_no_clusters
from concierto.measures.gaps import gaps_of_case
from concierto.measures.qualitative import empty as qualitative
from concierto.snapshot import CaseSnapshot, snapshot_from_document

QUIET = Path(__file__).resolve().parent.parent / "fixtures" / "cases" / "quiet"


@pytest.fixture
def quiet() -> CaseSnapshot:
    return snapshot_from_document(read_case_folder(QUIET))


def test_gaps_reasons_follow_the_threshold_and_the_scores(quiet: CaseSnapshot) -> None:
    assert gaps_of_case(quiet).required == ()
    assert "strong cells: 1" in empty.why_no_required_pairs(quiet, 2)
    assert "(scored cells: 2, the strongest ±3)" in empty.why_no_required_pairs(quiet, 4)
    bare = replace(quiet, interactions=())
    assert empty.why_no_required_pairs(bare, 2).startswith("the case has no interaction scores")
    set_language("es")
    assert empty.why_no_required_pairs(quiet, 2).startswith(
        "ninguna interacción con puntuación de ±2 o más une objetivos de actores distintos"
    )


def test_no_owned_objectives_no_actors_no_ties(quiet: CaseSnapshot) -> None:
    unowned = replace(quiet, elements=tuple(replace(e, owner=None) for e in quiet.elements))
    assert empty.why_no_owned_objectives(unowned) == (
        "no actor owns an institutional objective (institutional objectives: 3, with an "
        "owner: 0), so no actor can be measured"
    )
    assert empty.why_no_actors(replace(quiet, actors=())) == "the case has no actors (actors: 0)"
    assert empty.why_no_ties([], None, 3).startswith("the case has no ties between its 3 actors")
    assert empty.why_no_brokerage(0, 3) == (
        "the network has no ties among its 3 actors, so no actor brokers"
    )


def test_conflicts_and_contributions(quiet: CaseSnapshot) -> None:
    assert empty.why_no_conflicts(replace(quiet, interactions=())) == (
        empty.why_no_interactions()
    )
    assert empty.why_no_contributions(quiet, 0).startswith("the case has no contributions")


def test_qualitative_reasons() -> None:
    codes = (
        CodeRecord("a", None, True, "A", None, None, {}),
        CodeRecord("b", None, True, "B", None, "present", {}),
    )
    evidence = EvidenceSnapshot(codes=codes)
    assert "(two sibling codes of opposite polarity; codes: 2, with a polarity: 1)" in (
        qualitative.why_no_polar_pairs(evidence)
    )
    coded = EvidenceSnapshot(
        codes=codes,
        codings=(
            CodingRecord("seg:1", "D", 0, 2, "a", "ana", "human", None),
            CodingRecord("seg:2", "D", 5, 7, "b", "ana", "human", None),
        ),
    )
    assert qualitative.why_no_codings(coded, ["c"]) == (
        "no accepted coding uses c (accepted codings: 2)"
    )
    assert qualitative.why_no_cooccurrence(coded, "sentence") == (
        "no sentence holds two different codes (codes applied: 2, codings: 2)"
    )


def test_no_clusters_without_positive_cells() -> None:
    result = cross_impact(["x", "y"], [[0, -1], [-2, 0]])
    assert [cluster.internal_weight for cluster in result.clusters] == [0.0, 0.0]
    assert why_no_clusters(result) == (
        "no cell of the 2×2 matrix is positive, so no elements reinforce each other"
    )

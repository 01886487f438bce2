"""Evidence ties (M2): actors mentioned in coded spans plus the speaker's actor."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from measure_case_builders import (
    actor,
    code,
    coding,
    document,
    evidence,
    participant,
    snapshot,
    tie,
    turn,
)

from concierto.evidence.snapshot import EvidenceSnapshot, MentionRecord
from concierto.measures.evidence_ties import (
    EvidenceTieError,
    SegmentActors,
    case_ties,
    evidence_ties,
    segment_actors,
    ties_from_segments,
)
from concierto.snapshot import CaseSnapshot

QUESTION = "¿Cómo coordinan con el MEF?\n"
ANSWER = "Con el MEF compartimos datos; servir al ciudadano es la meta. SERVIR también.\n"
INTERVIEW = QUESTION + ANSWER
NOTE = "El MEF y CEPLAN firmaron un convenio con la Secretaría de Gestión Pública."


def case() -> CaseSnapshot:
    return snapshot(
        actors=(
            actor("mef", "ministry", name="Ministerio de Economía y Finanzas", acronym="MEF"),
            actor("ceplan", name="Centro Nacional de Planeamiento Estratégico", acronym="CEPLAN"),
            actor("servir", name="Autoridad Nacional del Servicio Civil", acronym="SERVIR"),
            actor("sgp", "line_unit", name="Secretaría de Gestión Pública", acronym="SGP"),
        ),
        ties=(tie(1, "mef", "ceplan", "funding"),),
    )


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def coded() -> EvidenceSnapshot:
    answer_at = len(QUESTION)
    return evidence(
        documents=(document("d1", INTERVIEW), document("d2", NOTE)),
        participants=(participant("int", None, interviewer=True), participant("e1", "ceplan")),
        units=(
            turn("d1", 0, answer_at, 1, "int"),
            turn("d1", answer_at, len(INTERVIEW), 2, "e1"),
        ),
        codes=(
            code("info", {"layer": "information_exchange", "metcalfe_levels": [2]}),
            code("ctx", {}),
        ),
        codings=(
            coding(1, "d1", *span(INTERVIEW, "Con el MEF compartimos datos"), "info"),
            coding(
                2, "d1", *span(INTERVIEW, "servir al ciudadano es la meta. SERVIR también."), "info"
            ),
            coding(3, "d1", answer_at, len(INTERVIEW), "ctx"),
            coding(4, "d2", None, None, "info"),
            coding(5, "d1", 0, len(QUESTION) - 1, "info"),
        ),
    )


def test_segment_actors_mentions_and_speaker() -> None:
    found = {s.evidence_id: s for s in segment_actors(case(), coded())}
    assert (found["seg:1"].speaker, found["seg:1"].mentioned) == ("ceplan", ("mef",))
    assert found["seg:2"].mentioned == ("servir",)  # "servir" the verb is not SERVIR
    assert found["seg:4"].speaker is None
    assert found["seg:4"].mentioned == ("mef", "ceplan", "sgp")
    assert found["seg:5"].speaker is None  # the interviewer speaks for no actor
    assert found["seg:5"].pairs() == ()


def test_pairs_join_speaker_to_mentions_and_mentions_pairwise() -> None:
    segment = SegmentActors("seg:9", "d", "c", ("a", "b", "s"), "s")
    assert segment.pairs() == (("a", "b"), ("a", "s"), ("b", "s"))
    assert segment.actors == ("s", "a", "b")


def test_evidence_ties_weight_is_distinct_documents() -> None:
    ties = evidence_ties(case(), coded())
    table = {(t.source, t.target): (t.weight, t.evidence) for t in ties}
    assert {t.layer for t in ties} == {"information_exchange"}
    assert {t.origin for t in ties} == {"evidence"}
    assert table == {
        ("ceplan", "mef"): (2.0, ("seg:1", "seg:4")),
        ("mef", "ceplan"): (2.0, ("seg:1", "seg:4")),
        ("ceplan", "servir"): (1.0, ("seg:2",)),
        ("servir", "ceplan"): (1.0, ("seg:2",)),
        ("ceplan", "sgp"): (1.0, ("seg:4",)),
        ("sgp", "ceplan"): (1.0, ("seg:4",)),
        ("mef", "sgp"): (1.0, ("seg:4",)),
        ("sgp", "mef"): (1.0, ("seg:4",)),
    }


def test_case_ties_add_evidence_ties_to_declared_ones() -> None:
    declared = case_ties(case())
    assert [(t.source, t.target, t.evidence) for t in declared] == [("mef", "ceplan", ("tie:1",))]
    assert len(case_ties(case(), coded())) == 9


def test_a_code_with_an_unknown_layer_is_named() -> None:
    bad = evidence(codes=(code("odd", {"layer": "gossip"}),))
    with pytest.raises(EvidenceTieError, match=r"code 'odd'.*'gossip'"):
        evidence_ties(case(), bad)


SEGMENT = st.builds(
    SegmentActors,
    evidence_id=st.sampled_from(["seg:1", "seg:2", "seg:3"]),
    document=st.sampled_from(["d1", "d2"]),
    code=st.sampled_from(["info", "rule", "none"]),
    mentioned=st.lists(st.sampled_from("abcd"), max_size=4, unique=True).map(tuple),
    speaker=st.sampled_from([None, "a", "e"]),
)


@given(st.lists(SEGMENT, max_size=12))
@settings(max_examples=150, deadline=None)
def test_evidence_ties_are_symmetric_and_weighted_by_documents(
    segments: list[SegmentActors],
) -> None:
    layers = {"info": "information_exchange", "rule": "interaction_rule"}
    ties = ties_from_segments(segments, layers)
    table = {(t.layer, t.source, t.target): t for t in ties}
    for (layer, source, target), found in table.items():
        reverse = table[(layer, target, source)]
        assert (reverse.weight, reverse.evidence) == (found.weight, found.evidence)
        docs = {
            s.document
            for s in segments
            if layers.get(s.code) == layer and tuple(sorted((source, target))) in s.pairs()
        }
        assert found.weight == len(docs) >= 1
        assert source != target


def test_stored_mentions_take_the_place_of_the_matcher() -> None:
    base = coded()
    # A person corrected the detection in d2: only SGP is mentioned there (at its own span).
    start, end = span(NOTE, "Secretaría de Gestión Pública")
    stored = (MentionRecord("d2", start, end, "sgp"),)
    with_stored = replace(base, mentions=stored)
    found = {s.evidence_id: s for s in segment_actors(case(), with_stored)}
    assert found["seg:4"].mentioned == ("sgp",)
    assert found["seg:1"].mentioned == ("mef",)  # d1 has no stored mentions: matcher

"""Small builders of in-memory case and evidence snapshots for the structure, Metcalfe, gaps
and evidence-tie tests (every field not named takes a neutral value)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from concierto.evidence.snapshot import (
    CodeRecord,
    CodingRecord,
    DocumentRecord,
    EvidenceSnapshot,
    ParticipantRecord,
    UnitRecord,
)
from concierto.snapshot import (
    ActorRecord,
    CaseSnapshot,
    ElementRecord,
    EventRecord,
    InteractionRecord,
    MechanismRecord,
    MetcalfeAssessmentRecord,
    TieRecord,
)

PROV: dict[str, Any] = {"provenance": "illustrative", "source_ref": None}


def actor(
    key: str,
    kind: str = "agency",
    parent: str | None = None,
    sector: str | None = None,
    *,
    name: str | None = None,
    acronym: str | None = None,
    aliases: tuple[str, ...] = (),
    centre: bool = False,
    created: str | None = None,
    dissolved: str | None = None,
) -> ActorRecord:
    return ActorRecord(
        **PROV,
        id=key,
        name=name or f"Actor {key}",
        acronym=acronym,
        aliases=aliases,
        kind=kind,
        parent=parent,
        parent_relation=None,
        sector=sector,
        centre_of_government=centre,
        created=created,
        dissolved=dissolved,
    )


def event(n: int, kind: str, date: str, who: str) -> EventRecord:
    return EventRecord(
        **PROV,
        evidence_id=f"event:{n}",
        type=kind,
        date=date,
        actor=who,
        related=MappingProxyType({}),
        new_name=None,
    )


def element(
    key: str,
    *,
    kind: str = "policy_objective",
    owner: str | None = None,
    lead: tuple[str, ...] = (),
    responsible: tuple[str, ...] = (),
    executors: tuple[tuple[str, float | None], ...] = (),
    policy: str | None = None,
) -> ElementRecord:
    return ElementRecord(
        **PROV,
        id=key,
        type=kind,
        name=key,
        policy=policy,
        level=None,
        parent=None,
        owner=owner,
        lead=lead,
        responsible=responsible,
        executors=executors,
        budget=None,
    )


def tie(n: int, source: str, target: str, layer: str, origin: str = "declared") -> TieRecord:
    return TieRecord(
        **PROV,
        evidence_id=f"tie:{n}",
        source=source,
        target=target,
        layer=layer,
        weight=1.0,
        origin=origin,
        evidence=(),
        valid_from=None,
        valid_to=None,
    )


def mechanism(
    key: str, kind: str, members: tuple[str, ...], level: int | None = None
) -> MechanismRecord:
    return MechanismRecord(
        **PROV,
        id=key,
        name=key,
        type="network",
        kind=kind,
        members=members,
        lead=(),
        metcalfe_level=level,
        status="exists",
    )


def assessment(
    n: int, actors: tuple[str, ...], level: int, holds: bool
) -> MetcalfeAssessmentRecord:
    return MetcalfeAssessmentRecord(
        **PROV,
        evidence_id=f"assessment:{n}",
        actors=actors,
        level=level,
        holds=holds,
        rater="analyst",
        rationale="hand-made",
        evidence=(),
    )


def interaction(
    n: int, source: str, target: str, score: int, rater: str = "r1"
) -> InteractionRecord:
    return InteractionRecord(
        **PROV,
        evidence_id=f"interaction:{n}",
        source=source,
        target=target,
        rater=rater,
        score=score,
        confidence=None,
        evidence=(),
    )


def snapshot(**fields: Any) -> CaseSnapshot:
    base: dict[str, Any] = {
        "id": "hand",
        "title": "Hand-made case",
        "language": "en",
        "settings": MappingProxyType({}),
        "actors": (),
        "events": (),
        "elements": (),
        "functions": (),
        "contributions": (),
        "ties": (),
        "mechanisms": (),
        "metcalfe_levels": MappingProxyType({}),
        "metcalfe_assessments": (),
        "interactions": (),
    }
    base.update(fields)
    return CaseSnapshot(**base)


def code(key: str, mappings: Mapping[str, Any], polarity: str | None = "present") -> CodeRecord:
    return CodeRecord(key, None, True, key, key, polarity, MappingProxyType(dict(mappings)))


def document(key: str, text: str) -> DocumentRecord:
    return DocumentRecord(key, "interview", key, text, "es", None, None, "illustrative", None)


def coding(n: int, doc: str, start: int | None, end: int | None, code_id: str) -> CodingRecord:
    return CodingRecord(f"seg:{n}", doc, start, end, code_id, "coder", "human", None)


def participant(key: str, actor_id: str | None, interviewer: bool = False) -> ParticipantRecord:
    return ParticipantRecord(key, key, None, interviewer, actor_id)


def turn(doc: str, start: int, end: int, ordinal: int, who: str) -> UnitRecord:
    return UnitRecord(doc, "turn", start, end, ordinal, who)


def evidence(**fields: Any) -> EvidenceSnapshot:
    return EvidenceSnapshot(**fields)

"""A read-only, in-memory view of one case, loaded in one pass: what every measure takes.

Records are frozen dataclasses with their evidence id (``actor:pcm``, ``tie:3`` …), so that a
measure can say which records a figure rests on. Measures never touch the store; the report and
the CLI never compute figures: they read result objects made from a snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from concierto.casefile.read import CaseDocument


def _t(values: Any) -> tuple[str, ...]:
    return tuple(values or ())


@dataclass(frozen=True)
class Provenanced:
    """Where a record comes from."""

    provenance: str | None
    source_ref: str | None


@dataclass(frozen=True)
class ActorRecord(Provenanced):
    """An actor of the case."""

    id: str
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    kind: str
    parent: str | None
    parent_relation: str | None
    sector: str | None
    centre_of_government: bool
    created: str | None
    dissolved: str | None

    @property
    def evidence_id(self) -> str:
        """The id other records use to cite this actor."""
        return f"actor:{self.id}"


@dataclass(frozen=True)
class EventRecord(Provenanced):
    """A structural event."""

    evidence_id: str
    type: str
    date: str
    actor: str
    related: Mapping[str, tuple[str, ...]]
    new_name: str | None


@dataclass(frozen=True)
class ElementRecord(Provenanced):
    """A policy objective, institutional objective or programme."""

    id: str
    type: str
    name: str
    policy: str | None
    level: str | None
    parent: str | None
    owner: str | None
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    executors: tuple[tuple[str, float | None], ...]
    budget: float | None

    @property
    def evidence_id(self) -> str:
        """The id other records use to cite this element."""
        return f"element:{self.id}"

    @property
    def actors(self) -> tuple[str, ...]:
        """Every actor that owns, leads, is responsible for or executes the element."""
        found = [self.owner] if self.owner else []
        found += [*self.lead, *self.responsible, *(actor for actor, _ in self.executors)]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class FunctionRecord(Provenanced):
    """A function statement of an actor."""

    id: str
    actor: str
    text: str

    @property
    def evidence_id(self) -> str:
        """The id other records use to cite this function."""
        return f"function:{self.id}"


@dataclass(frozen=True)
class ContributionRecord(Provenanced):
    """A ``contributes_to`` edge."""

    evidence_id: str
    source: str
    target: str
    strength: int | None
    score: int | None


@dataclass(frozen=True)
class TieRecord(Provenanced):
    """A directed tie between two actors in one layer."""

    evidence_id: str
    source: str
    target: str
    layer: str
    weight: float
    origin: str
    evidence: tuple[str, ...]
    valid_from: str | None
    valid_to: str | None


@dataclass(frozen=True)
class MechanismRecord(Provenanced):
    """A coordination mechanism."""

    id: str
    name: str
    type: str
    kind: str
    members: tuple[str, ...]
    lead: tuple[str, ...]
    metcalfe_level: int | None
    status: str

    @property
    def evidence_id(self) -> str:
        """The id other records use to cite this mechanism."""
        return f"mechanism:{self.id}"


@dataclass(frozen=True)
class MetcalfeAssessmentRecord(Provenanced):
    """An analyst's judgement on one Metcalfe item for a pair (or the policy, when empty)."""

    evidence_id: str
    actors: tuple[str, ...]
    level: int
    holds: bool
    rater: str | None
    rationale: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class InteractionRecord(Provenanced):
    """One rater's interaction score between two elements."""

    evidence_id: str
    source: str
    target: str
    rater: str
    score: int
    confidence: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class CaseSnapshot:
    """Everything a measure may read about one case."""

    id: str
    title: str
    language: str
    settings: Mapping[str, Any]
    actors: tuple[ActorRecord, ...]
    events: tuple[EventRecord, ...]
    elements: tuple[ElementRecord, ...]
    functions: tuple[FunctionRecord, ...]
    contributions: tuple[ContributionRecord, ...]
    ties: tuple[TieRecord, ...]
    mechanisms: tuple[MechanismRecord, ...]
    metcalfe_levels: Mapping[str, int]
    metcalfe_assessments: tuple[MetcalfeAssessmentRecord, ...]
    interactions: tuple[InteractionRecord, ...]
    actor_index: Mapping[str, ActorRecord] = field(init=False, repr=False, compare=False)
    element_index: Mapping[str, ElementRecord] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "actor_index", MappingProxyType({a.id: a for a in self.actors}))
        object.__setattr__(
            self, "element_index", MappingProxyType({e.id: e for e in self.elements})
        )

    def actor(self, key: str) -> ActorRecord:
        """The actor with id ``key``."""
        return self.actor_index[key]

    def element(self, key: str) -> ElementRecord:
        """The element with id ``key``."""
        return self.element_index[key]


def _prov(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"provenance": record.get("provenance"), "source_ref": record.get("source")}


def snapshot_from_document(document: CaseDocument) -> CaseSnapshot:
    """Build the snapshot of a validated case document."""
    data = document.data
    head = data["case"]
    element_types = (
        ("objectives", "policy_objective"),
        ("institutional_objectives", "institutional_objective"),
        ("programmes", "programme"),
    )
    elements = tuple(
        ElementRecord(
            id=r["id"],
            type=kind,
            name=r["name"],
            policy=r.get("policy"),
            level=r.get("level"),
            parent=r.get("parent"),
            owner=r.get("owner"),
            lead=_t(r.get("lead")),
            responsible=_t(r.get("responsible")),
            executors=tuple((x["actor"], x.get("budget")) for x in r.get("executors") or []),
            budget=r.get("budget"),
            **_prov(r),
        )
        for section, kind in element_types
        for r in data[section]
    )
    roles = ("into", "from", "result", "new_parent", "old_parent")
    return CaseSnapshot(
        id=head["id"],
        title=head["title"],
        language=head["language"],
        settings=MappingProxyType(dict(head.get("settings") or {})),
        actors=tuple(
            ActorRecord(
                id=r["id"],
                name=r["name"],
                acronym=r["acronym"],
                aliases=_t(r["aliases"]),
                kind=r["kind"],
                parent=r["parent"],
                parent_relation=r["parent_relation"],
                sector=r["sector"],
                centre_of_government=r["centre_of_government"],
                created=r["created"],
                dissolved=r["dissolved"],
                **_prov(r),
            )
            for r in data["actors"]
        ),
        events=tuple(
            EventRecord(
                evidence_id=f"event:{n}",
                type=r["type"],
                date=r["date"],
                actor=r["actor"],
                related=MappingProxyType({role: _t(r[role]) for role in roles if r[role]}),
                new_name=r["new_name"],
                **_prov(r),
            )
            for n, r in enumerate(data["events"], start=1)
        ),
        elements=elements,
        functions=tuple(
            FunctionRecord(id=r["id"], actor=r["actor"], text=r["text"], **_prov(r))
            for r in data["functions"]
        ),
        contributions=tuple(
            ContributionRecord(
                evidence_id=f"contribution:{n}",
                source=r["from"],
                target=r["to"],
                strength=r["strength"],
                score=r["score"],
                **_prov(r),
            )
            for n, r in enumerate(data["contributions"], start=1)
        ),
        ties=tuple(
            TieRecord(
                evidence_id=f"tie:{n}",
                source=r["from"],
                target=r["to"],
                layer=r["layer"],
                weight=r["weight"],
                origin=r["origin"],
                evidence=_t(r["evidence"]),
                valid_from=r["valid_from"],
                valid_to=r["valid_to"],
                **_prov(r),
            )
            for n, r in enumerate(data["ties"], start=1)
        ),
        mechanisms=tuple(
            MechanismRecord(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                kind=r["kind"],
                members=_t(r["members"]),
                lead=_t(r["lead"]),
                metcalfe_level=r["metcalfe_level"],
                status=r["status"],
                **_prov(r),
            )
            for r in data["mechanisms"]
        ),
        metcalfe_levels=MappingProxyType({r["kind"]: r["level"] for r in data["metcalfe_levels"]}),
        metcalfe_assessments=tuple(
            MetcalfeAssessmentRecord(
                evidence_id=f"assessment:{n}",
                actors=_t(r["actors"]),
                level=r["level"],
                holds=r["holds"],
                rater=r["rater"],
                rationale=r["rationale"],
                evidence=_t(r["evidence"]),
                **_prov(r),
            )
            for n, r in enumerate(data["metcalfe_assessments"], start=1)
        ),
        interactions=tuple(
            InteractionRecord(
                evidence_id=f"interaction:{n}",
                source=r["from"],
                target=r["to"],
                rater=r["rater"],
                score=r["score"],
                confidence=r["confidence"],
                evidence=_t(r["evidence"]),
                **_prov(r),
            )
            for n, r in enumerate(data["interactions"], start=1)
        ),
    )


def load_snapshot(store: Any, case: str | None = None) -> CaseSnapshot:
    """Read one case from an open store into a snapshot (``case`` may be None if only one)."""
    from concierto.casefile.database import fetch_case

    with store.session() as session:
        return snapshot_from_document(fetch_case(session, case))

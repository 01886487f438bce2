"""The evidence part of a case snapshot: documents, units, participants, qualitative cases,
codes and codings, read in one pass. Query and measure functions take it; they never read the
store themselves.

Only codings with status ``accepted`` count as evidence: suggestions (rules, models) stay out
until a person accepts them (PRODUCT.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concierto.model import (
    Actor,
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Mention,
    Participant,
    QualCase,
    QualCaseLink,
    Unit,
)

AttributeValueType = str | float | bool | None


@dataclass(frozen=True)
class DocumentRecord:
    """A document: its key, kind, metadata and canonical text."""

    id: str
    kind: str
    title: str
    text: str
    language: str | None
    date: str | None
    issuing_actor: str | None
    provenance: str | None
    source_ref: str | None

    @property
    def evidence_id(self) -> str:
        """The id measures use to cite the document."""
        return f"doc:{self.id}"


@dataclass(frozen=True)
class ParticipantRecord:
    """A speaker of transcripts, possibly an actor's member."""

    id: str
    name: str | None
    role: str | None
    interviewer: bool
    actor: str | None


@dataclass(frozen=True)
class UnitRecord:
    """A paragraph, sentence or speaker turn (code-point offsets, end exclusive)."""

    document: str
    kind: str
    start: int
    end: int
    ordinal: int
    participant: str | None


@dataclass(frozen=True)
class QualCaseRecord:
    """A qualitative case with its attribute values and the documents or ranges it covers."""

    id: str
    name: str | None
    kind: str
    actor: str | None
    participant: str | None
    attributes: Mapping[str, AttributeValueType]
    links: tuple[tuple[str, int | None, int | None], ...]


@dataclass(frozen=True)
class CodeRecord:
    """A code of the codebook with what measures read from it."""

    id: str
    parent: str | None
    codable: bool
    label_es: str
    label_en: str | None
    polarity: str | None
    mappings: Mapping[str, Any]

    def label(self, language: str) -> str:
        """The label in ``language`` (Spanish when there is no English label)."""
        return (self.label_en if language == "en" else None) or self.label_es


@dataclass(frozen=True)
class CodingRecord:
    """An accepted coding: a span of a document (or the whole document when start is None)."""

    evidence_id: str
    document: str
    start: int | None
    end: int | None
    code: str
    coder: str
    origin: str
    memo: str | None


@dataclass(frozen=True)
class MentionRecord:
    """A stored mention of an actor at ``[start, end)`` of a document."""

    document: str
    start: int
    end: int
    actor: str


@dataclass(frozen=True)
class EvidenceSnapshot:
    """All the evidence of one case."""

    documents: tuple[DocumentRecord, ...] = ()
    participants: tuple[ParticipantRecord, ...] = ()
    units: tuple[UnitRecord, ...] = ()
    qual_cases: tuple[QualCaseRecord, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    codes: tuple[CodeRecord, ...] = ()
    coders: tuple[str, ...] = ()
    codings: tuple[CodingRecord, ...] = ()
    mentions: tuple[MentionRecord, ...] = ()
    document_index: Mapping[str, DocumentRecord] = field(init=False, repr=False, compare=False)
    code_index: Mapping[str, CodeRecord] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "document_index", MappingProxyType({d.id: d for d in self.documents})
        )
        object.__setattr__(self, "code_index", MappingProxyType({c.id: c for c in self.codes}))

    def document(self, key: str) -> DocumentRecord:
        """The document with key ``key``."""
        return self.document_index[key]

    def code(self, key: str) -> CodeRecord:
        """The code with key ``key``."""
        return self.code_index[key]


def load_evidence(session: Session, case_id: int, *, viewer: str | None = None) -> EvidenceSnapshot:
    """Read the evidence of case ``case_id``.

    ``viewer``: when that coder codes blind and the case's analysis is not open yet, only
    their own codings are visible (blind coding; ``concierto analysis open`` lifts it).
    """
    actor_key = dict(
        session.execute(select(Actor.id, Actor.key).where(Actor.case_id == case_id)).all()
    )
    documents = list(
        session.scalars(
            select(Document)
            .where(Document.case_id == case_id)
            .order_by(Document.ordinal, Document.id)
        )
    )
    doc_key = {d.id: d.key for d in documents}
    participants = list(
        session.scalars(
            select(Participant).where(Participant.case_id == case_id).order_by(Participant.id)
        )
    )
    part_key = {p.id: p.key for p in participants}
    units = (
        session.execute(
            select(
                Unit.document_id, Unit.kind, Unit.start, Unit.end, Unit.ordinal, Unit.participant_id
            )
            .where(Unit.document_id.in_(list(doc_key)))
            .order_by(Unit.document_id, Unit.kind, Unit.start)
        ).all()
        if doc_key
        else []
    )
    attributes = {
        a.id: a
        for a in session.scalars(
            select(Attribute).where(Attribute.case_id == case_id).order_by(Attribute.id)
        )
    }
    qual_cases = list(
        session.scalars(select(QualCase).where(QualCase.case_id == case_id).order_by(QualCase.id))
    )
    values: dict[int, dict[str, AttributeValueType]] = {q.id: {} for q in qual_cases}
    links: dict[int, list[tuple[str, int | None, int | None]]] = {q.id: [] for q in qual_cases}
    if qual_cases:
        ids = list(values)
        for value in session.scalars(
            select(AttributeValue).where(AttributeValue.qual_case_id.in_(ids))
        ):
            attribute = attributes[value.attribute_id]
            values[value.qual_case_id][attribute.name] = _typed(attribute.type, value)
        for link in session.scalars(
            select(QualCaseLink).where(QualCaseLink.qual_case_id.in_(ids)).order_by(QualCaseLink.id)
        ):
            links[link.qual_case_id].append((doc_key[link.document_id], link.start, link.end))
    codes = list(
        session.scalars(select(Code).where(Code.case_id == case_id).order_by(Code.ordinal, Code.id))
    )
    code_key = {c.id: c.key for c in codes}
    coders = {c.id: c for c in session.scalars(select(Coder))}
    query = select(Coding).where(Coding.case_id == case_id, Coding.status == "accepted")
    viewer_row = next((c for c in coders.values() if c.key == viewer), None)
    analysis_open = bool(session.scalar(select(Case.analysis_open).where(Case.id == case_id)))
    if viewer_row is not None and viewer_row.blind and not analysis_open:
        query = query.where(Coding.coder_id == viewer_row.id)
    codings = list(session.scalars(query.order_by(Coding.document_id, Coding.start, Coding.id)))
    used_coders = sorted({coders[c.coder_id].key for c in codings})
    return EvidenceSnapshot(
        documents=tuple(
            DocumentRecord(
                id=d.key,
                kind=d.kind,
                title=d.title,
                text=d.text,
                language=d.language,
                date=d.date,
                issuing_actor=actor_key.get(d.issuing_actor_id or -1),
                provenance=d.provenance,
                source_ref=d.source_key,
            )
            for d in documents
        ),
        participants=tuple(
            ParticipantRecord(
                id=p.key,
                name=p.name,
                role=p.role,
                interviewer=p.interviewer,
                actor=actor_key.get(p.actor_id or -1),
            )
            for p in participants
        ),
        units=tuple(
            UnitRecord(
                document=doc_key[u[0]],
                kind=u[1],
                start=u[2],
                end=u[3],
                ordinal=u[4],
                participant=part_key.get(u[5] or -1),
            )
            for u in units
        ),
        qual_cases=tuple(
            QualCaseRecord(
                id=q.key,
                name=q.name,
                kind=q.kind,
                actor=actor_key.get(q.actor_id or -1),
                participant=part_key.get(q.participant_id or -1),
                attributes=MappingProxyType(values[q.id]),
                links=tuple(links[q.id]),
            )
            for q in qual_cases
        ),
        attributes=MappingProxyType({a.name: a.type for a in attributes.values()}),
        codes=tuple(
            CodeRecord(
                id=c.key,
                parent=code_key.get(c.parent_id or -1),
                codable=c.codable,
                label_es=c.label_es,
                label_en=c.label_en,
                polarity=c.polarity,
                mappings=MappingProxyType(dict(c.mappings)),
            )
            for c in codes
        ),
        coders=tuple(used_coders),
        codings=tuple(
            CodingRecord(
                evidence_id=f"seg:{c.id}",
                document=doc_key[c.document_id],
                start=c.start,
                end=c.end,
                code=code_key[c.code_id],
                coder=coders[c.coder_id].key,
                origin=c.origin,
                memo=c.memo,
            )
            for c in codings
        ),
        mentions=tuple(
            MentionRecord(
                document=doc_key[document_id], start=start, end=end, actor=actor_key[actor_id]
            )
            for document_id, start, end, actor_id in (
                session.execute(
                    select(Mention.document_id, Mention.start, Mention.end, Mention.actor_id)
                    .where(Mention.document_id.in_(list(doc_key)))
                    .order_by(Mention.document_id, Mention.start)
                ).all()
                if doc_key
                else []
            )
        ),
    )


def _typed(kind: str, value: AttributeValue) -> AttributeValueType:
    if kind == "number":
        return value.number_value
    if kind == "boolean":
        return value.boolean_value
    if kind == "date":
        return value.date_value
    return value.text_value

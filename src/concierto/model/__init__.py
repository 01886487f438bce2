"""The domain model: ORM classes by area, all on one declarative base."""

from concierto.model.accounts import Account
from concierto.model.actors import Actor, EventActor, StructuralEvent
from concierto.model.assessments import InteractionScore
from concierto.model.base import Base, Provenance
from concierto.model.case import Case, Source
from concierto.model.coding import Code, Coder, Coding, Memo
from concierto.model.coordination import (
    Mechanism,
    MechanismMember,
    MetcalfeAssessment,
    MetcalfeMapping,
    Tie,
)
from concierto.model.evidence import (
    Attribute,
    AttributeValue,
    Document,
    Participant,
    QualCase,
    QualCaseLink,
    Unit,
)
from concierto.model.nlp import Embedding, Mention, OverlapCandidate
from concierto.model.policy import (
    Contribution,
    Element,
    ElementActor,
    FunctionStatement,
    Policy,
)

__all__ = [
    "Account",
    "Actor",
    "Attribute",
    "AttributeValue",
    "Base",
    "Case",
    "Code",
    "Coder",
    "Coding",
    "Contribution",
    "Document",
    "Element",
    "ElementActor",
    "Embedding",
    "EventActor",
    "FunctionStatement",
    "InteractionScore",
    "Mechanism",
    "MechanismMember",
    "Memo",
    "Mention",
    "MetcalfeAssessment",
    "MetcalfeMapping",
    "OverlapCandidate",
    "Participant",
    "Policy",
    "Provenance",
    "QualCase",
    "QualCaseLink",
    "Source",
    "StructuralEvent",
    "Tie",
    "Unit",
]

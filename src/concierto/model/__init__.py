"""The domain model: ORM classes by area, all on one declarative base."""

from concierto.model.actors import Actor, EventActor, StructuralEvent
from concierto.model.assessments import InteractionScore
from concierto.model.base import Base, Provenance
from concierto.model.case import Case, Source
from concierto.model.coordination import (
    Mechanism,
    MechanismMember,
    MetcalfeAssessment,
    MetcalfeMapping,
    Tie,
)
from concierto.model.policy import (
    Contribution,
    Element,
    ElementActor,
    FunctionStatement,
    Policy,
)

__all__ = [
    "Actor",
    "Base",
    "Case",
    "Contribution",
    "Element",
    "ElementActor",
    "EventActor",
    "FunctionStatement",
    "InteractionScore",
    "Mechanism",
    "MechanismMember",
    "MetcalfeAssessment",
    "MetcalfeMapping",
    "Policy",
    "Provenance",
    "Source",
    "StructuralEvent",
    "Tie",
]

"""The case-folder format, declared once: sections, fields, types, references and defaults.

The JSON Schema (``case.schema.json``), the CSV column typing, the validator and the exporter
all read this table, so the format is defined in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from concierto.model.actors import ACTOR_KINDS, EVENT_TYPES, PARENT_RELATIONS
from concierto.model.assessments import CONFIDENCE_LEVELS
from concierto.model.base import Provenance
from concierto.model.coordination import (
    MECHANISM_STATUSES,
    MECHANISM_TYPES,
    TIE_LAYERS,
    TIE_ORIGINS,
)
from concierto.model.policy import OBJECTIVE_LEVELS, PROGRAMME_LEVELS

FORMAT_ID = "concierto-case/1"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
SOURCE_KINDS: tuple[str, ...] = (
    "law",
    "decree",
    "regulation",
    "resolution",
    "plan",
    "report",
    "study",
    "web",
    "file",
    "other",
)

# Reference namespaces: a field of type "ref"/"refs" names one of these.
ACTOR, ELEMENT, POLICY, SOURCE = "actor", "element", "policy", "source"


@dataclass(frozen=True)
class Field:
    """One field of a record.

    ``type`` is one of: ``id`` (a slug), ``string`` (one line), ``text``, ``integer``,
    ``number``, ``boolean``, ``date`` (YYYY, YYYY-MM or YYYY-MM-DD), ``strings`` (a list),
    ``ref`` / ``refs`` (one or several ids of the ``ref`` namespace), ``executors`` (a list of
    ``{actor, budget}``) or ``object`` (free mapping).
    """

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    ref: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None


def _provenance_fields() -> tuple[Field, ...]:
    return (
        Field(
            "provenance",
            "string",
            "Where the record comes from: `source` (a cited source), `inferred` (our reading) "
            "or `illustrative` (written for an example). Defaults to `source` when `source` is "
            "given.",
            enum=tuple(p.value for p in Provenance),
        ),
        Field(
            "source", "ref", "Id of the entry of `sources` that documents the record.", ref=SOURCE
        ),
        Field("basis", "text", "What an inferred or illustrative record rests on."),
    )


@dataclass(frozen=True)
class Section:
    """A list of records in ``case.yaml`` (and, when ``csv`` is set, in ``<name>.csv``)."""

    name: str
    description: str
    fields: tuple[Field, ...]
    key: str | None = None
    namespace: str | None = None
    csv: bool = False
    provenance: bool = True
    all_fields: tuple[Field, ...] = field(init=False)

    def __post_init__(self) -> None:
        extra = _provenance_fields() if self.provenance else ()
        object.__setattr__(self, "all_fields", self.fields + extra)

    def field_named(self, name: str) -> Field | None:
        """The field called ``name``, if the section has one."""
        return next((f for f in self.all_fields if f.name == name), None)


_ID = Field("id", "id", "Unique id (a slug: lower case, digits, `.`, `_`, `-`).", required=True)

CASE_FIELDS: tuple[Field, ...] = (
    _ID,
    Field("title", "string", "Title of the case.", required=True),
    Field("language", "string", "Main language of the evidence (ISO 639-1).", default="es"),
    Field("period_start", "date", "First date the case covers."),
    Field("period_end", "date", "Last date the case covers."),
    Field("description", "text", "What the case is about."),
    Field(
        "settings", "object", "Thresholds and options of the measures for this case.", default={}
    ),
    *_provenance_fields(),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "sources",
        "Cited sources: laws, decrees, reports, files. Records point to them with `source`.",
        (
            _ID,
            Field("citation", "text", "Full citation.", required=True),
            Field("kind", "string", "Kind of source.", enum=SOURCE_KINDS),
            Field("url", "string", "Where to read it."),
            Field("date", "date", "Date of the source."),
            Field("note", "text", "Anything a reader should know about it."),
        ),
        key="id",
        namespace=SOURCE,
        provenance=False,
    ),
    Section(
        "actors",
        "Public bodies of the executive and other actors.",
        (
            _ID,
            Field("name", "string", "Official name.", required=True),
            Field("acronym", "string", "Acronym, as written in documents (e.g. `SERVIR`)."),
            Field(
                "aliases", "strings", "Other names used in documents and interviews.", default=[]
            ),
            Field("kind", "string", "Kind of body.", required=True, enum=ACTOR_KINDS),
            Field("parent", "ref", "The body it is attached to or part of.", ref=ACTOR),
            Field(
                "parent_relation",
                "string",
                "`attached_to` (an agency attached to a ministry) or `part_of` (a unit inside "
                "it). Defaults to `attached_to` when `parent` is given.",
                enum=PARENT_RELATIONS,
            ),
            Field("sector", "string", "Sector (e.g. `pcm`, `mef`)."),
            Field(
                "centre_of_government",
                "boolean",
                "Part of the centre of government.",
                default=False,
            ),
            Field("created", "date", "Date of creation."),
            Field("dissolved", "date", "Date of dissolution."),
            Field("mandate", "text", "Mandate, in the words of its founding norm."),
        ),
        key="id",
        namespace=ACTOR,
        csv=True,
    ),
    Section(
        "events",
        "Structural events: bodies created, dissolved, merged, split, re-attached, renamed.",
        (
            Field("type", "string", "Kind of event.", required=True, enum=EVENT_TYPES),
            Field("date", "date", "When it took effect.", required=True),
            Field("actor", "ref", "The body the event is about.", required=True, ref=ACTOR),
            Field("into", "refs", "Bodies it was merged into.", ref=ACTOR, default=[]),
            Field(
                "from", "refs", "Bodies merged into it or it was split from.", ref=ACTOR, default=[]
            ),
            Field("result", "refs", "Bodies resulting from a split.", ref=ACTOR, default=[]),
            Field("new_parent", "refs", "New parent after a re-attachment.", ref=ACTOR, default=[]),
            Field("old_parent", "refs", "Parent before a re-attachment.", ref=ACTOR, default=[]),
            Field("new_name", "string", "Name after a renaming."),
            Field("description", "text", "What happened."),
        ),
    ),
    Section(
        "policies",
        "Public policies under study.",
        (
            _ID,
            Field("name", "string", "Name of the policy.", required=True),
            Field("instrument", "string", "Legal instrument that approves it."),
            Field("approved", "date", "Date of approval."),
            Field("vision", "text", "Its vision statement."),
            Field("description", "text", "What it is about."),
        ),
        key="id",
        namespace=POLICY,
    ),
    Section(
        "objectives",
        "The objective tree of each policy: general objective, specific objectives, pillars, "
        "transversal axes and processes.",
        (
            _ID,
            Field("policy", "ref", "The policy it belongs to.", required=True, ref=POLICY),
            Field("level", "string", "Place in the tree.", required=True, enum=OBJECTIVE_LEVELS),
            Field("parent", "ref", "The objective it details.", ref=ELEMENT),
            Field("name", "string", "Name.", required=True),
            Field("description", "text", "What it aims at."),
            Field("lead", "refs", "Actors that lead it.", ref=ACTOR, default=[]),
            Field("responsible", "refs", "Other actors responsible for it.", ref=ACTOR, default=[]),
        ),
        key="id",
        namespace=ELEMENT,
    ),
    Section(
        "institutional_objectives",
        "Objectives each actor sets for itself (institutional strategic plans).",
        (
            _ID,
            Field("owner", "ref", "The actor that owns it.", required=True, ref=ACTOR),
            Field("name", "string", "Name.", required=True),
            Field("description", "text", "What it aims at."),
            Field("budget", "number", "Budget devoted to it.", minimum=0),
            Field("currency", "string", "Currency of the budget (ISO 4217)."),
        ),
        key="id",
        namespace=ELEMENT,
    ),
    Section(
        "programmes",
        "Programmes and actions, with the actors responsible and executing them.",
        (
            _ID,
            Field("name", "string", "Name.", required=True),
            Field(
                "level",
                "string",
                "Programme or action.",
                enum=PROGRAMME_LEVELS,
                default="programme",
            ),
            Field("policy", "ref", "The policy it implements.", ref=POLICY),
            Field("parent", "ref", "The programme it belongs to.", ref=ELEMENT),
            Field("description", "text", "What it does."),
            Field("lead", "refs", "Actors that lead it.", ref=ACTOR, default=[]),
            Field("responsible", "refs", "Other actors responsible for it.", ref=ACTOR, default=[]),
            Field(
                "executors",
                "executors",
                "Executing units with their budget: a list of `{actor, budget}`.",
                default=[],
            ),
            Field("budget", "number", "Total budget.", minimum=0),
            Field("currency", "string", "Currency of the budgets (ISO 4217)."),
        ),
        key="id",
        namespace=ELEMENT,
    ),
    Section(
        "functions",
        "Function statements of each actor, from its organisational regulation.",
        (
            _ID,
            Field("actor", "ref", "The actor the function belongs to.", required=True, ref=ACTOR),
            Field("text", "text", "The function, as stated.", required=True),
            Field("reference", "string", "Article or paragraph of the regulation."),
        ),
        key="id",
        csv=True,
    ),
    Section(
        "contributions",
        "`contributes_to` edges: progress on `from` advances `to` (strength 1..3 and/or a "
        "Nilsson score −3..+3).",
        (
            Field("from", "ref", "The contributing element.", required=True, ref=ELEMENT),
            Field("to", "ref", "The element it contributes to.", required=True, ref=ELEMENT),
            Field("strength", "integer", "Strength of the contribution.", minimum=1, maximum=3),
            Field("score", "integer", "Nilsson interaction score.", minimum=-3, maximum=3),
            Field("rationale", "text", "Why."),
        ),
    ),
    Section(
        "ties",
        "Directed ties between actors, by layer.",
        (
            Field("from", "ref", "The actor the tie starts from.", required=True, ref=ACTOR),
            Field("to", "ref", "The actor the tie goes to.", required=True, ref=ACTOR),
            Field(
                "layer",
                "string",
                "Layer of the coordination network.",
                required=True,
                enum=TIE_LAYERS,
            ),
            Field("weight", "number", "Weight (default 1).", minimum=0, default=1.0),
            Field(
                "origin",
                "string",
                "`declared` in the case data or `evidence` from coding.",
                enum=TIE_ORIGINS,
                default="declared",
            ),
            Field("evidence", "strings", "Ids of the evidence behind the tie.", default=[]),
            Field("valid_from", "date", "First date the tie holds."),
            Field("valid_to", "date", "Last date the tie holds."),
            Field("note", "text", "Anything a reader should know."),
        ),
        csv=True,
    ),
    Section(
        "mechanisms",
        "Coordination mechanisms (hierarchy, market, network).",
        (
            _ID,
            Field("name", "string", "Name.", required=True),
            Field(
                "type",
                "string",
                "Hierarchy, market or network.",
                required=True,
                enum=MECHANISM_TYPES,
            ),
            Field(
                "kind",
                "string",
                "Kind (commission, agreement, platform …); maps to a "
                "Metcalfe level through `metcalfe_levels`.",
                required=True,
            ),
            Field("members", "refs", "Actors taking part.", required=True, ref=ACTOR),
            Field("lead", "refs", "Actors leading it (also members).", ref=ACTOR, default=[]),
            Field("legal_basis", "string", "Norm that creates it."),
            Field(
                "metcalfe_level",
                "integer",
                "Level it evidences, overriding the kind's.",
                minimum=1,
                maximum=9,
            ),
            Field(
                "status",
                "string",
                "Whether it exists, is used, or is effective.",
                enum=MECHANISM_STATUSES,
                default="exists",
            ),
            Field("description", "text", "What it does."),
        ),
        key="id",
    ),
    Section(
        "metcalfe_levels",
        "Which Metcalfe level each kind of mechanism evidences (defaults apply to kinds not "
        "listed).",
        (
            Field("kind", "string", "Mechanism kind.", required=True),
            Field("level", "integer", "Metcalfe level.", required=True, minimum=1, maximum=9),
        ),
        key="kind",
    ),
    Section(
        "metcalfe_assessments",
        "Analyst judgements that a Metcalfe item holds (or not) for a pair of actors, or for "
        "the policy when `actors` is empty.",
        (
            Field(
                "actors", "refs", "The two actors (none: the whole policy).", ref=ACTOR, default=[]
            ),
            Field("level", "integer", "The Metcalfe item.", required=True, minimum=2, maximum=9),
            Field("holds", "boolean", "Whether the item holds.", default=True),
            Field("rater", "string", "Who judged."),
            Field("rationale", "text", "Why.", required=True),
            Field("evidence", "strings", "Ids of the evidence.", default=[]),
        ),
    ),
    Section(
        "interactions",
        "Interaction scores between elements (Nilsson et al. 2016): effect of progress on "
        "`from` upon `to`, −3..+3, one row per rater.",
        (
            Field("from", "ref", "The influencing element.", required=True, ref=ELEMENT),
            Field("to", "ref", "The influenced element.", required=True, ref=ELEMENT),
            Field("rater", "string", "Who scored.", required=True),
            Field("score", "integer", "Score.", required=True, minimum=-3, maximum=3),
            Field("rationale", "text", "Why."),
            Field("confidence", "string", "Confidence of the rater.", enum=CONFIDENCE_LEVELS),
            Field("evidence", "strings", "Ids of the evidence.", default=[]),
        ),
        csv=True,
    ),
)

SECTIONS_BY_NAME: dict[str, Section] = {section.name: section for section in SECTIONS}
CSV_SECTIONS: tuple[str, ...] = tuple(s.name for s in SECTIONS if s.csv)
LIST_SEPARATOR = ";"

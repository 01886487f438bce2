"""Ties found in coded evidence (MEASURES.md, M2), and the actors each coded segment involves.

For every accepted coding, the *actors of the segment* are the actors mentioned inside the coded
span plus the actor of the speaker. Mentions are the stored ones (``evidence.mentions``, the
detected and possibly corrected spans) when the document has any; otherwise they are found on
the fly from names, acronyms and aliases (:mod:`concierto.nlp.mentions`). The speaker's
actor is that of the participant whose turn contains the start of the segment (interviewers
never count). When the code maps to a layer (``mappings["layer"]``), those actors form a tie set:

- the speaker's actor is tied to every mentioned actor, and the mentioned actors are tied
  pairwise (a statement about A and B working together evidences A–B whoever says it);
- ties are undirected in the evidence, so each pair gives a tie in both directions;
- a tie's weight is the number of distinct documents (sources) supporting it, and its evidence
  the ``seg:N`` ids of the codings behind it.

The Metcalfe measure (M3) reuses :func:`segment_actors` to know which pairs a segment speaks of.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from concierto.evidence.snapshot import CodingRecord, EvidenceSnapshot, MentionRecord
from concierto.measures.network_input import LAYERS, ActorNode, TieRecord
from concierto.nlp.mentions import ActorAlias, MentionFinder
from concierto.snapshot import CaseSnapshot

EVIDENCE = "evidence"


class EvidenceTieError(ValueError):
    """A code mapping or coding that cannot yield ties; the message names the code or segment."""


@dataclass(frozen=True)
class SegmentActors:
    """The actors one accepted coding involves: mentioned in the span, and the speaker's."""

    evidence_id: str
    document: str
    code: str
    mentioned: tuple[str, ...]
    speaker: str | None

    @property
    def actors(self) -> tuple[str, ...]:
        """Speaker's actor first, then the mentioned actors, without repeats."""
        found = ([self.speaker] if self.speaker else []) + list(self.mentioned)
        return tuple(dict.fromkeys(found))

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Unordered pairs (sorted ids) this segment evidences: speaker–mentioned and
        mentioned–mentioned."""
        found: set[tuple[str, str]] = set()
        if self.speaker:
            for actor in self.mentioned:
                if actor != self.speaker:
                    found.add(_pair(self.speaker, actor))
        for first, second in combinations(self.mentioned, 2):
            if first != second:
                found.add(_pair(first, second))
        return tuple(sorted(found))


def _pair(first: str, second: str) -> tuple[str, str]:
    return (first, second) if first <= second else (second, first)


def actor_aliases(snapshot: CaseSnapshot) -> list[ActorAlias]:
    """How each actor of the case is written: name, acronym and aliases."""
    return [
        ActorAlias(actor_id=a.id, name=a.name, acronym=a.acronym, aliases=a.aliases)
        for a in snapshot.actors
    ]


def actor_nodes(snapshot: CaseSnapshot) -> list[ActorNode]:
    """The case's actors as network nodes (acronym as the short name when there is one)."""
    return [
        ActorNode(
            id=a.id,
            name=a.acronym or a.name,
            kind=a.kind,
            sector=a.sector,
            centre_of_government=a.centre_of_government,
        )
        for a in snapshot.actors
    ]


def declared_ties(snapshot: CaseSnapshot) -> list[TieRecord]:
    """The case's tie records as network ties; evidence is the tie's own id and its evidence."""
    return [
        TieRecord(
            source=t.source,
            target=t.target,
            layer=t.layer,
            weight=t.weight,
            origin=t.origin,
            evidence=(t.evidence_id, *t.evidence),
        )
        for t in snapshot.ties
    ]


class _Speakers:
    """Speaker turns of each document, searchable by offset."""

    def __init__(self, evidence: EvidenceSnapshot) -> None:
        actor_of = {p.id: p.actor for p in evidence.participants if not p.interviewer}
        turns: dict[str, list[tuple[int, int, str | None]]] = {}
        for unit in evidence.units:
            if unit.kind == "turn" and unit.participant is not None:
                actor = actor_of.get(unit.participant)
                turns.setdefault(unit.document, []).append((unit.start, unit.end, actor))
        self._turns = {key: sorted(value) for key, value in turns.items()}
        self._starts = {key: [t[0] for t in value] for key, value in self._turns.items()}

    def actor_at(self, document: str, offset: int) -> str | None:
        """The actor of the (non-interviewer) speaker whose turn covers ``offset``."""
        starts = self._starts.get(document)
        if not starts:
            return None
        slot = bisect.bisect_right(starts, offset) - 1
        if slot < 0:
            return None
        start, end, actor = self._turns[document][slot]
        return actor if start <= offset < end else None


@lru_cache(maxsize=4)
def _finder(aliases: tuple[ActorAlias, ...]) -> MentionFinder:
    """One mention finder per set of aliases: the report's measures share it."""
    return MentionFinder(aliases)


def segment_actors(
    snapshot: CaseSnapshot,
    evidence: EvidenceSnapshot,
    codings: Iterable[CodingRecord] | None = None,
) -> tuple[SegmentActors, ...]:
    """The actors of each accepted coding (default: every coding of ``evidence``)."""
    finder: MentionFinder | None = None  # built on first need: costly for 2,500 actors
    stored: dict[str, list[MentionRecord]] = {}
    for mention in evidence.mentions:
        stored.setdefault(mention.document, []).append(mention)
    speakers = _Speakers(evidence)
    known = set(snapshot.actor_index)
    found = []
    for coding in evidence.codings if codings is None else codings:
        if coding.document not in evidence.document_index:
            raise EvidenceTieError(f"{coding.evidence_id}: unknown document {coding.document!r}")
        text = evidence.document(coding.document).text
        start = coding.start or 0
        end = len(text) if coding.end is None else coding.end
        if coding.document in stored:
            inside = [m for m in stored[coding.document] if start <= m.start and m.end <= end]
            found_ids = [m.actor for m in sorted(inside, key=lambda m: m.start)]
        else:
            finder = finder or _finder(tuple(actor_aliases(snapshot)))
            found_ids = [m.actor_id for m in finder.find(text[start:end])]
        mentioned = tuple(dict.fromkeys(a for a in found_ids if a in known))
        speaker = speakers.actor_at(coding.document, start)
        found.append(
            SegmentActors(
                evidence_id=coding.evidence_id,
                document=coding.document,
                code=coding.code,
                mentioned=mentioned,
                speaker=speaker if speaker in known else None,
            )
        )
    return tuple(found)


def code_layers(evidence: EvidenceSnapshot) -> dict[str, str]:
    """Code id → tie layer, for codes whose mappings name one (an unknown layer is an error)."""
    layers: dict[str, str] = {}
    for code in evidence.codes:
        layer = code.mappings.get("layer")
        if layer is None:
            continue
        if layer not in LAYERS:
            raise EvidenceTieError(
                f"code {code.id!r}: mappings.layer {layer!r} is not a tie layer; "
                f"choose one of {LAYERS}"
            )
        layers[code.id] = str(layer)
    return layers


def ties_from_segments(
    segments: Sequence[SegmentActors], layers: Mapping[str, str]
) -> tuple[TieRecord, ...]:
    """Evidence ties from segments whose code maps to a layer (rule in the module docstring).

    One tie per direction, layer and pair; weight = distinct documents, evidence = the sorted
    ``seg:N`` ids. Ordered by layer (canonical order), source, target.
    """
    documents: dict[tuple[str, str, str], set[str]] = {}
    segs: dict[tuple[str, str, str], set[str]] = {}
    for segment in segments:
        layer = layers.get(segment.code)
        if layer is None:
            continue
        for first, second in segment.pairs():
            for key in ((layer, first, second), (layer, second, first)):
                documents.setdefault(key, set()).add(segment.document)
                segs.setdefault(key, set()).add(segment.evidence_id)
    order = {layer: n for n, layer in enumerate(LAYERS)}
    return tuple(
        TieRecord(
            source=source,
            target=target,
            layer=layer,
            weight=float(len(documents[(layer, source, target)])),
            origin=EVIDENCE,
            evidence=tuple(sorted(segs[(layer, source, target)], key=_seg_order)),
        )
        for layer, source, target in sorted(documents, key=lambda k: (order[k[0]], k[1], k[2]))
    )


def _seg_order(evidence_id: str) -> tuple[int, str]:
    number = evidence_id.removeprefix("seg:")
    return (int(number), evidence_id) if number.isdigit() else (0, evidence_id)


def evidence_ties(snapshot: CaseSnapshot, evidence: EvidenceSnapshot) -> tuple[TieRecord, ...]:
    """Every evidence tie of the case, from its accepted codings."""
    layers = code_layers(evidence)
    chosen = [c for c in evidence.codings if c.code in layers]
    return ties_from_segments(segment_actors(snapshot, evidence, chosen), layers)


def case_ties(snapshot: CaseSnapshot, evidence: EvidenceSnapshot | None = None) -> list[TieRecord]:
    """Declared ties of the case data plus, when evidence is given, the evidence ties."""
    found = declared_ties(snapshot)
    if evidence is not None:
        found += evidence_ties(snapshot, evidence)
    return found

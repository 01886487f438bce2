"""Consensus among interviewees: "k of N interviewees" for a code, and each interviewee's
position on a polar pair of codes (MEASURES.md, M5).

Who speaks in a coding (its *interviewee*): the participant of the speaker turn that contains
the coding's start, when that participant is not an interviewer and is one of the N;
otherwise (no turn, an interviewer's turn, a whole-document coding) the interviewee-kind
qualitative cases of the coding (see :mod:`concierto.measures.qualitative.index` for a coding's
cases).

The N interviewees: when interview documents have speaker turns, the distinct non-interviewer
participants speaking in them (basis ``participants``); otherwise every qualitative case of kind
``interviewee`` (basis ``qual_cases``). A qualitative case with a participant stands for that
participant, and back, so both routes name members of the same population. Codings whose
interviewee is not among the N are reported as ``unattributed``, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from concierto.codebook.model import Code, Codebook, Mappings, Text
from concierto.evidence.snapshot import EvidenceSnapshot
from concierto.i18n import LANGUAGES, _, catalog
from concierto.i18n.pofile import Catalog
from concierto.measures.qualitative.index import EvidenceIndex, QueryError, as_index

BASIS_PARTICIPANTS = "participants"
BASIS_QUAL_CASES = "qual_cases"


@dataclass(frozen=True)
class IntervieweeAttribution:
    """The N interviewees, on which basis, and the interviewees of each coding (by position)."""

    basis: str
    interviewees: tuple[str, ...]
    per_coding: tuple[tuple[str, ...], ...]


def attribute_interviewees(evidence: EvidenceSnapshot | EvidenceIndex) -> IntervieweeAttribution:
    """Find the N interviewees and the interviewees of every coding (module docstring)."""
    index = as_index(evidence)
    ev = index.evidence
    interviewer = {p.id: p.interviewer for p in ev.participants}
    interview_documents = {d.id for d in ev.documents if d.kind == "interview"}
    speaking = {
        u.participant
        for u in ev.units
        if u.kind == "turn"
        and u.document in interview_documents
        and u.participant is not None
        and not interviewer.get(u.participant, False)
    }
    interviewee_cases = [c for c in ev.qual_cases if c.kind == "interviewee"]
    if speaking:
        basis = BASIS_PARTICIPANTS
        ordered = [p.id for p in ev.participants if p.id in speaking]
        population = tuple(ordered + sorted(speaking - set(ordered)))
    else:
        basis = BASIS_QUAL_CASES
        population = tuple(c.id for c in interviewee_cases)
    members = set(population)
    case_participant = {c.id: c.participant for c in interviewee_cases}
    cases_of_participant: dict[str, list[str]] = {}
    for case in interviewee_cases:
        if case.participant is not None:
            cases_of_participant.setdefault(case.participant, []).append(case.id)

    def from_participant(participant: str) -> list[str]:
        if basis == BASIS_PARTICIPANTS:
            return [participant]
        return cases_of_participant.get(participant, [])

    def from_case(case: str) -> list[str]:
        if basis == BASIS_QUAL_CASES:
            return [case]
        linked = case_participant.get(case)
        return [] if linked is None else [linked]

    per_coding: list[tuple[str, ...]] = []
    tables = index.unit_tables
    for position, coding in enumerate(index.codings):
        found: list[str] = []
        table = tables.get((coding.document, "turn"))
        if coding.start is not None and table is not None:
            turn = table.containing(coding.start)
            speaker = None if turn is None else table.speakers[turn]
            if speaker is not None and not interviewer.get(speaker, False):
                found = [p for p in from_participant(speaker) if p in members]
        if not found:
            found = [
                p
                for case in index.coding_cases[position]
                if case in case_participant
                for p in from_case(case)
                if p in members
            ]
        per_coding.append(tuple(dict.fromkeys(found)))
    return IntervieweeAttribution(basis, population, tuple(per_coding))


def _catalog(language: str) -> Catalog:
    if language not in LANGUAGES:
        raise QueryError(
            _("unknown language {name!r}; choose one of {choices}").format(
                name=language, choices=", ".join(LANGUAGES)
            )
        )
    return catalog(language)


def _labels(index: EvidenceIndex, code: str) -> Mapping[str, str]:
    record = index.evidence.code(code)
    return MappingProxyType({language: record.label(language) for language in LANGUAGES})


@dataclass(frozen=True)
class CodeConsensus:
    """k of N interviewees have at least one segment coded with ``code``; ``segment_ids`` per
    interviewee who has; ``share`` = k / N (None when N is 0); ``population``: the N."""

    code: str
    include_descendants: bool
    basis: str
    k: int
    n: int
    share: float | None
    population: tuple[str, ...]
    interviewees: tuple[str, ...]
    segment_ids: Mapping[str, tuple[str, ...]]
    document_ids: tuple[str, ...]
    unattributed: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def sentence(self, language: str) -> str:
        """The sentence "k of N interviewees mention <code>" in ``language`` (es or en)."""
        messages = _catalog(language)
        noun = messages.ngettext("interviewee", "interviewees", self.n)
        template = messages.ngettext(
            "{k} of {n} {interviewees} mentions “{code}”",
            "{k} of {n} {interviewees} mention “{code}”",
            self.k,
        )
        return template.format(
            k=self.k, n=self.n, interviewees=noun, code=self.labels.get(language, self.code)
        )


@dataclass(frozen=True)
class PolarPosition:
    """One interviewee on a polar pair: +1 only the positive code, -1 only the negative, 0
    both, None neither; with the segments behind it."""

    interviewee: str
    position: int | None
    positive_ids: tuple[str, ...]
    negative_ids: tuple[str, ...]


@dataclass(frozen=True)
class PairConsensus:
    """The positions of the N interviewees on the pair ``positive`` / ``negative``."""

    positive: str
    negative: str
    include_descendants: bool
    basis: str
    n: int
    positions: tuple[PolarPosition, ...]
    positive_only: int
    negative_only: int
    both: int
    silent: int
    document_ids: tuple[str, ...]
    unattributed: tuple[str, ...]
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))

    def sentence(self, language: str) -> str:
        """The sentence "p of N interviewees only <positive>, q only <negative>, b both; s
        neither" in ``language`` (es or en)."""
        messages = _catalog(language)
        noun = messages.ngettext("interviewee", "interviewees", self.n)
        template = messages.gettext(
            "{positive_only} of {n} {interviewees} only “{positive}”, {negative_only} only "
            "“{negative}”, {both} both; {silent} neither"
        )
        return template.format(
            positive_only=self.positive_only,
            negative_only=self.negative_only,
            both=self.both,
            silent=self.silent,
            n=self.n,
            interviewees=noun,
            positive=self.labels.get(self.positive, {}).get(language, self.positive),
            negative=self.labels.get(self.negative, {}).get(language, self.negative),
        )


def _segments_by_interviewee(
    index: EvidenceIndex, attribution: IntervieweeAttribution, code: str, descendants: bool
) -> tuple[dict[str, list[int]], list[int]]:
    """Coding positions per interviewee for ``code``, and the unattributed ones."""
    selected = index.code_positions([code], folders=True)
    codings, _codes = index.coding_targets(selected, descendants)
    per: dict[str, list[int]] = {}
    unattributed: list[int] = []
    for position in codings.tolist():
        people = attribution.per_coding[position]
        if not people:
            unattributed.append(position)
        for person in people:
            per.setdefault(person, []).append(position)
    return per, unattributed


def _documents(index: EvidenceIndex, positions: Sequence[int]) -> tuple[str, ...]:
    return index.cited_documents(np.asarray(positions, dtype=np.int64))


def _ids(index: EvidenceIndex, positions: Sequence[int]) -> tuple[str, ...]:
    return tuple(str(index.segment_ids[p]) for p in positions)


def code_consensus(
    evidence: EvidenceSnapshot | EvidenceIndex,
    code: str,
    *,
    include_descendants: bool = False,
    attribution: IntervieweeAttribution | None = None,
) -> CodeConsensus:
    """k of N interviewees with at least one segment of ``code`` (or of a code below it, with
    ``include_descendants``). Pass ``attribution`` to reuse one across several codes."""
    index = as_index(evidence)
    attribution = attribution or attribute_interviewees(index)
    per, unattributed = _segments_by_interviewee(index, attribution, code, include_descendants)
    who = tuple(p for p in attribution.interviewees if p in per)
    n = len(attribution.interviewees)
    cited = [c for p in who for c in per[p]]
    return CodeConsensus(
        code=code,
        include_descendants=include_descendants,
        basis=attribution.basis,
        k=len(who),
        n=n,
        share=len(who) / n if n else None,
        population=attribution.interviewees,
        interviewees=who,
        segment_ids=MappingProxyType({p: _ids(index, per[p]) for p in who}),
        document_ids=_documents(index, cited),
        unattributed=_ids(index, unattributed),
        labels=_labels(index, code),
    )


def pair_consensus(
    evidence: EvidenceSnapshot | EvidenceIndex,
    positive: str,
    negative: str,
    *,
    include_descendants: bool = False,
    attribution: IntervieweeAttribution | None = None,
) -> PairConsensus:
    """Each interviewee's position on ``positive`` vs ``negative`` and the counts of each
    position (any two codes may be paired; :func:`polar_pairs` lists the codebook's pairs)."""
    index = as_index(evidence)
    attribution = attribution or attribute_interviewees(index)
    plus, plus_lost = _segments_by_interviewee(index, attribution, positive, include_descendants)
    minus, minus_lost = _segments_by_interviewee(index, attribution, negative, include_descendants)
    positions = []
    for person in attribution.interviewees:
        has_plus, has_minus = person in plus, person in minus
        value = None
        if has_plus or has_minus:
            value = 0 if has_plus and has_minus else (1 if has_plus else -1)
        positions.append(
            PolarPosition(
                interviewee=person,
                position=value,
                positive_ids=_ids(index, plus.get(person, [])),
                negative_ids=_ids(index, minus.get(person, [])),
            )
        )
    values = [p.position for p in positions]
    cited = [c for group in (plus, minus) for found in group.values() for c in found]
    return PairConsensus(
        positive=positive,
        negative=negative,
        include_descendants=include_descendants,
        basis=attribution.basis,
        n=len(positions),
        positions=tuple(positions),
        positive_only=values.count(1),
        negative_only=values.count(-1),
        both=values.count(0),
        silent=values.count(None),
        document_ids=_documents(index, cited),
        unattributed=_ids(index, sorted(set(plus_lost + minus_lost))),
        labels=MappingProxyType(
            {positive: _labels(index, positive), negative: _labels(index, negative)}
        ),
    )


def snapshot_codebook(evidence: EvidenceSnapshot) -> Codebook:
    """The snapshot's codes as a :class:`Codebook`, so its polar-pair rule applies unchanged."""
    codes = []
    try:
        for record in evidence.codes:
            mappings = dict(record.mappings)
            if "metcalfe_levels" in mappings:
                mappings["metcalfe_levels"] = tuple(mappings["metcalfe_levels"])
            codes.append(
                Code(
                    id=record.id,
                    label=Text(es=record.label_es, en=record.label_en),
                    parent=record.parent,
                    codable=record.codable,
                    polarity=record.polarity,
                    mappings=Mappings(**mappings),
                )
            )
        return Codebook(name="case", codes=tuple(codes))
    except (TypeError, ValueError) as exc:
        raise QueryError(
            _("the case's codes do not form a valid codebook: {reason}").format(reason=exc)
        ) from exc


def polar_pairs(evidence: EvidenceSnapshot | EvidenceIndex) -> tuple[tuple[str, str], ...]:
    """The (positive, negative) code pairs of the case's codebook, as
    :meth:`Codebook.polar_pairs` defines them (sibling codes of opposite polarity)."""
    snapshot = evidence.evidence if isinstance(evidence, EvidenceIndex) else evidence
    return tuple(
        (pair.positive.id, pair.negative.id) for pair in snapshot_codebook(snapshot).polar_pairs()
    )

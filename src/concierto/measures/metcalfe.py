"""Level of coordination on Metcalfe's scale (MEASURES.md, M3).

Metcalfe, L. (1994). International policy co-ordination and public management reform.
*International Review of Administrative Sciences* 60(2), 271–290: nine cumulative items, from
1 (independent decisions) to 9 (overall government strategy). Item 1 always holds.

**Evidence** for item k (2..9) between actors i and j, each with its *source*:

- a mechanism with both among its members or leads, whose level is k (its own
  ``metcalfe_level``, else the case's mapping of its kind, else the defaults in
  ``data/metcalfe_levels.yaml``); source = the mechanism; it supports;
- an analyst assessment of level k naming both (an assessment naming more than two actors
  speaks of every pair among them); source = the assessment; it supports when ``holds``;
- an accepted coding whose code maps to level k (``mappings.metcalfe_levels`` or
  ``metcalfe_level``) and whose segment involves both (actors mentioned in the span, plus the
  speaker's actor: :func:`concierto.measures.evidence_ties.segment_actors`); source = the
  document; it denies when the code has ``metcalfe_denies`` or polarity ``absent``.

**Policy-wide** evidence for item k is every source above at level k, whatever the actors
(including assessments naming fewer than two actors and segments that mention nobody): a
statement on the policy as a whole.

An item is *satisfied* when its supporting sources outnumber its denying ones (distinct sources:
a document counts once however many of its segments say the same); it is *contested* when it has
both, *denied* when it has only denials. score = highest L with items 1..L satisfied; gaps =
satisfied items above the score; Guttman (1950) coefficient of reproducibility over the scored
pairs CR = 1 − errors / (pairs × 8), errors = gaps. The scored pairs are the pairs with any
evidence on any item; per actor, the median score over its scored pairs.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from itertools import combinations
from typing import Any, Literal

import yaml

from concierto.evidence.snapshot import CodeRecord, EvidenceSnapshot
from concierto.measures.evidence_ties import segment_actors
from concierto.snapshot import CaseSnapshot, MechanismRecord

ITEMS: tuple[int, ...] = tuple(range(2, 10))
TOP_LEVEL = 9
DEFAULTS_FILE = "metcalfe_levels.yaml"
Status = Literal["satisfied", "contested", "denied", "absent"]
Pair = tuple[str, str]


class MetcalfeError(ValueError):
    """A level table, mechanism or code mapping that cannot be read; names the culprit."""


@dataclass(frozen=True)
class LevelRule:
    """The Metcalfe level a mechanism kind evidences, and where that mapping comes from."""

    kind: str
    level: int
    origin: Literal["case", "default"]
    justification: str | None = None


def _check_level(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= TOP_LEVEL:
        raise MetcalfeError(f"{where}: level {value!r} is not an integer from 1 to {TOP_LEVEL}")
    return value


def parse_default_levels(data: Any, source: str = DEFAULTS_FILE) -> dict[str, LevelRule]:
    """Read a defaults document: ``{provenance, levels: [{kind, level, justification}]}``."""
    rows = data.get("levels") if isinstance(data, Mapping) else None
    if not isinstance(rows, list):
        raise MetcalfeError(f"{source}: expected a mapping with a 'levels' list")
    found: dict[str, LevelRule] = {}
    for number, row in enumerate(rows, start=1):
        where = f"{source}: levels[{number}]"
        if not isinstance(row, Mapping) or not isinstance(row.get("kind"), str):
            raise MetcalfeError(f"{where}: needs a 'kind' text and a 'level'")
        found[row["kind"]] = LevelRule(
            row["kind"], _check_level(row.get("level"), where), "default", row.get("justification")
        )
    return found


def default_levels() -> dict[str, LevelRule]:
    """concierto's default kind → level table (``data/metcalfe_levels.yaml``)."""
    text = resources.files("concierto.data").joinpath(DEFAULTS_FILE).read_text("utf-8")
    return parse_default_levels(yaml.safe_load(text))


def level_table(
    snapshot: CaseSnapshot, defaults: Mapping[str, LevelRule] | None = None
) -> dict[str, LevelRule]:
    """The defaults overridden by the case's own ``metcalfe_levels``."""
    table = dict(default_levels() if defaults is None else defaults)
    for kind, level in snapshot.metcalfe_levels.items():
        table[kind] = LevelRule(kind, _check_level(level, f"metcalfe_levels {kind!r}"), "case")
    return table


@dataclass(frozen=True)
class Observation:
    """One piece of evidence on item ``level``: for a pair, or the policy when ``pair`` is None."""

    pair: Pair | None
    level: int
    supports: bool
    source: str
    evidence: tuple[str, ...]


def _pair(first: str, second: str) -> Pair:
    return (first, second) if first <= second else (second, first)


def _pairs_of(actors: Iterable[str]) -> list[Pair]:
    unique = sorted(set(actors))
    return [_pair(a, b) for a, b in combinations(unique, 2)]


def code_levels(code: CodeRecord) -> tuple[tuple[int, ...], bool]:
    """The Metcalfe items a code evidences, and whether it denies them."""
    mappings = code.mappings
    raw = mappings.get("metcalfe_levels")
    if raw is None and mappings.get("metcalfe_level") is not None:
        raw = [mappings["metcalfe_level"]]
    if raw is None:
        return (), False
    if not isinstance(raw, list | tuple):
        raise MetcalfeError(f"code {code.id!r}: mappings.metcalfe_levels must be a list")
    levels = tuple(sorted({_check_level(v, f"code {code.id!r}") for v in raw}))
    denies = bool(mappings.get("metcalfe_denies")) or code.polarity == "absent"
    return levels, denies


def mechanism_level(mechanism: MechanismRecord, table: Mapping[str, LevelRule]) -> int | None:
    """A mechanism's level: its own override, else its kind's level in ``table``."""
    if mechanism.metcalfe_level is not None:
        return _check_level(mechanism.metcalfe_level, mechanism.evidence_id)
    rule = table.get(mechanism.kind)
    return rule.level if rule else None


def observations(
    snapshot: CaseSnapshot,
    evidence: EvidenceSnapshot | None,
    table: Mapping[str, LevelRule],
) -> tuple[Observation, ...]:
    """Every pair-level and policy-level observation of the case (rules in the docstring)."""
    found: list[Observation] = []

    def add(
        actors: Iterable[str], level: int, supports: bool, source: str, ids: tuple[str, ...]
    ) -> None:
        if level < 2:
            return
        for pair in _pairs_of(actors):
            found.append(Observation(pair, level, supports, source, ids))
        found.append(Observation(None, level, supports, source, ids))

    for mechanism in snapshot.mechanisms:
        level = mechanism_level(mechanism, table)
        if level is not None:
            members = (*mechanism.members, *mechanism.lead)
            add(members, level, True, mechanism.evidence_id, (mechanism.evidence_id,))
    for assessment in snapshot.metcalfe_assessments:
        level = _check_level(assessment.level, assessment.evidence_id)
        cited = (assessment.evidence_id, *assessment.evidence)
        add(assessment.actors, level, assessment.holds, assessment.evidence_id, cited)
    if evidence is not None:
        levels = {code.id: code_levels(code) for code in evidence.codes}
        chosen = [c for c in evidence.codings if levels.get(c.code, ((), False))[0]]
        for segment in segment_actors(snapshot, evidence, chosen):
            items, denies = levels[segment.code]
            for level in items:
                if level < 2:
                    continue
                source = f"doc:{segment.document}"
                for pair in segment.pairs():
                    found.append(
                        Observation(pair, level, not denies, source, (segment.evidence_id,))
                    )
                found.append(Observation(None, level, not denies, source, (segment.evidence_id,)))
    return tuple(found)


@dataclass(frozen=True)
class Item:
    """One item of the scale for a pair or the policy: its status and the sources behind it."""

    level: int
    status: Status
    supporting: tuple[str, ...]
    denying: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def satisfied(self) -> bool:
        """Supporting sources outnumber denying ones (item 1 always holds)."""
        return self.level == 1 or len(self.supporting) > len(self.denying)


@dataclass(frozen=True)
class Ladder:
    """Items 1..9 of one pair (``actors``) or of the policy (``actors`` empty), and its score."""

    actors: tuple[str, ...]
    items: tuple[Item, ...]
    score: int
    gaps: tuple[int, ...]
    evidence: tuple[str, ...]

    def item(self, level: int) -> Item:
        """The item at ``level``."""
        return self.items[level - 1]

    @property
    def contested(self) -> tuple[int, ...]:
        """Items with both supporting and denying sources."""
        return tuple(i.level for i in self.items if i.status == "contested")


def _item(level: int, found: list[Observation]) -> Item:
    supporting = tuple(sorted({o.source for o in found if o.supports}))
    denying = tuple(sorted({o.source for o in found if not o.supports}))
    if supporting and denying:
        status: Status = "contested"
    elif supporting:
        status = "satisfied"
    elif denying:
        status = "denied"
    else:
        status = "absent"
    ids = tuple(sorted({e for o in found for e in o.evidence}))
    return Item(level, status, supporting, denying, ids)


def ladder(actors: tuple[str, ...], found: Iterable[Observation]) -> Ladder:
    """Score a pair (or the policy) from its observations."""
    by_level: dict[int, list[Observation]] = {}
    for observation in found:
        by_level.setdefault(observation.level, []).append(observation)
    rungs = [_item(level, by_level.get(level, [])) for level in ITEMS]
    items = (Item(1, "satisfied", (), (), ()), *rungs)
    score = 1
    while score < TOP_LEVEL and items[score].satisfied:
        score += 1
    gaps = tuple(i.level for i in items[score:] if i.satisfied)
    evidence = tuple(sorted({e for i in items for e in i.evidence}))
    return Ladder(actors, items, score, gaps, evidence)


@dataclass(frozen=True)
class MetcalfeResult:
    """M3 for one case: pair ladders, the policy-wide ladder, CR and per-actor medians."""

    pairs: tuple[Ladder, ...]
    policy: Ladder
    errors: int
    reproducibility: float | None
    actor_medians: Mapping[str, float]
    distribution: Mapping[int, int]
    levels: Mapping[str, LevelRule]
    unmapped_mechanisms: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def policy_score(self) -> int:
        """The policy-wide score."""
        return self.policy.score


CUMULATIVE_REPRODUCIBILITY = 0.9
"""Guttman's (1950) conventional bound: a CR of at least 0.90 means the items form a
cumulative scale."""


def reproducibility(ladders: Iterable[Ladder]) -> tuple[int, float | None]:
    """Guttman's errors and CR = 1 − errors / (pairs × 8) (None without pairs)."""
    chosen = list(ladders)
    errors = sum(len(lad.gaps) for lad in chosen)
    if not chosen:
        return 0, None
    return errors, 1 - errors / (len(chosen) * len(ITEMS))


def metcalfe_from_observations(
    found: Iterable[Observation],
    *,
    levels: Mapping[str, LevelRule] | None = None,
    unmapped: tuple[str, ...] = (),
    extra_pairs: Iterable[Pair] = (),
) -> MetcalfeResult:
    """Score every pair with evidence (plus ``extra_pairs``) and the policy."""
    observed = list(found)
    by_pair: dict[Pair, list[Observation]] = {_pair(*p): [] for p in extra_pairs}
    for observation in observed:
        if observation.pair is not None:
            by_pair.setdefault(observation.pair, []).append(observation)
    ladders = tuple(ladder(pair, by_pair[pair]) for pair in sorted(by_pair))
    policy = ladder((), [o for o in observed if o.pair is None])
    errors, cr = reproducibility(ladders)
    scores: dict[str, list[int]] = {}
    for lad in ladders:
        for actor in lad.actors:
            scores.setdefault(actor, []).append(lad.score)
    distribution = {level: 0 for level in range(1, TOP_LEVEL + 1)}
    for lad in ladders:
        distribution[lad.score] += 1
    evidence = tuple(sorted({*policy.evidence, *(e for lad in ladders for e in lad.evidence)}))
    return MetcalfeResult(
        pairs=ladders,
        policy=policy,
        errors=errors,
        reproducibility=cr,
        actor_medians={a: float(statistics.median(s)) for a, s in sorted(scores.items())},
        distribution=distribution,
        levels=dict(levels or {}),
        unmapped_mechanisms=unmapped,
        evidence=evidence,
    )


def metcalfe_of_case(
    snapshot: CaseSnapshot,
    evidence: EvidenceSnapshot | None = None,
    defaults: Mapping[str, LevelRule] | None = None,
) -> MetcalfeResult:
    """M3 over the case's mechanisms, assessments and (when given) coded evidence."""
    table = level_table(snapshot, defaults)
    unmapped = tuple(
        m.evidence_id for m in snapshot.mechanisms if mechanism_level(m, table) is None
    )
    return metcalfe_from_observations(
        observations(snapshot, evidence, table), levels=table, unmapped=unmapped
    )

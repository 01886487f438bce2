"""Structure and fragmentation of the executive (MEASURES.md, M1).

Pure functions over the case snapshot. An actor is *present* at a date t when it was created on
or before t (or has no creation date: it is taken to exist throughout, and is listed as
``undated``) and not dissolved on or before t. Partial dates compare by their first day
(``2008`` is 2008-01-01, ``2010-01`` is 2010-01-01). A year Y of a yearly series is measured at
the end of that year (Y-12-31).

Figures: counts by kind and sector; agencies per ministry (each agency is counted under the
nearest ministry up its attachment chain); agencification ratio agencies / (ministries +
agencies) (Verhoest et al. 2012, *Government Agencies*, ch. 1); span of control of a parent =
bodies directly attached to it (Gulick 1937; mean and max over parents with at least one body;
the centre of government's bodies separately); hierarchy depth = links in the longest
attachment chain (a top-level body has depth 0); churn = events per type and year; budget
dispersion HHI = Σ s_k² over executors' shares (Herfindahl 1950; Hirschman 1964) and effective
number N_eff = 1 / HHI (Laakso & Taagepera 1979).

Yearly series run only over the years the data covers: from the earliest to the latest year
named by an actor's creation or dissolution or by an event (or the years asked for); there is
no value outside them and no year is filled in from another.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from concierto.snapshot import ActorRecord, CaseSnapshot, ElementRecord

DEFAULT_AGENCY_KINDS: tuple[str, ...] = ("agency",)
DEFAULT_MINISTRY_KINDS: tuple[str, ...] = ("ministry",)
NO_SECTOR = "(none)"


class StructureError(ValueError):
    """Structure data that cannot be measured (a date that is not one, an attachment cycle)."""


def date_key(value: str | int | None, field: str) -> tuple[int, int, int] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a comparable (year, month, day), by first day."""
    if value is None or value == "":
        return None
    text = str(value)
    parts = text.split("-")
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        raise StructureError(
            f"{field}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None
    if not 1 <= len(numbers) <= 3:
        raise StructureError(f"{field}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    numbers += [1] * (3 - len(numbers))
    return (numbers[0], numbers[1], numbers[2])


def _present(actor: ActorRecord, at: tuple[int, int, int] | None) -> bool:
    if at is None:
        return actor.dissolved is None
    created = date_key(actor.created, f"actor {actor.id!r}: created")
    dissolved = date_key(actor.dissolved, f"actor {actor.id!r}: dissolved")
    return (created is None or created <= at) and (dissolved is None or dissolved > at)


@dataclass(frozen=True)
class Span:
    """How many bodies are directly attached to one parent, and which."""

    parent: str
    bodies: tuple[str, ...]

    @property
    def size(self) -> int:
        """The span of control."""
        return len(self.bodies)


@dataclass(frozen=True)
class StructureAt:
    """The structure of the executive at one date (``None``: actors not dissolved)."""

    date: str | None
    actors: tuple[str, ...]
    by_kind: Mapping[str, int]
    by_sector: Mapping[str, int]
    ministries: int
    agencies: int
    agencification: float | None
    agencies_per_ministry: Mapping[str, int]
    agencies_per_ministry_mean: float | None
    agencies_per_ministry_max: int | None
    agencies_per_ministry_by_sector: Mapping[str, float]
    spans: tuple[Span, ...]
    span_mean: float | None
    span_max: int | None
    centre_spans: tuple[Span, ...]
    depth: int
    deepest_chain: tuple[str, ...]
    undated: tuple[str, ...]
    evidence: tuple[str, ...]


def _parents(present: Mapping[str, ActorRecord]) -> dict[str, str]:
    return {
        a.id: a.parent for a in present.values() if a.parent is not None and a.parent in present
    }


def _chain(actor: str, parents: Mapping[str, str]) -> tuple[str, ...]:
    chain = [actor]
    while chain[-1] in parents:
        following = parents[chain[-1]]
        if following in chain:
            raise StructureError(f"actors {sorted(chain)}: the 'parent' attachments form a cycle")
        chain.append(following)
    return tuple(chain)


def structure_at(
    snapshot: CaseSnapshot,
    date: str | None = None,
    *,
    agency_kinds: Sequence[str] = DEFAULT_AGENCY_KINDS,
    ministry_kinds: Sequence[str] = DEFAULT_MINISTRY_KINDS,
) -> StructureAt:
    """Counts, agencification, spans and depth over the actors present at ``date``."""
    at = date_key(date, "date")
    present = {a.id: a for a in snapshot.actors if _present(a, at)}
    parents = _parents(present)
    ministries = [a for a in present.values() if a.kind in ministry_kinds]
    agencies = [a for a in present.values() if a.kind in agency_kinds]
    per_ministry = {m.id: 0 for m in ministries}
    ministry_ids = set(per_ministry)
    for agency in agencies:
        above = next((x for x in _chain(agency.id, parents)[1:] if x in ministry_ids), None)
        if above is not None:
            per_ministry[above] += 1
    by_sector: dict[str, list[int]] = {}
    for ministry in ministries:
        by_sector.setdefault(ministry.sector or NO_SECTOR, []).append(per_ministry[ministry.id])
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    spans = tuple(Span(p, tuple(sorted(c))) for p, c in sorted(children.items()))
    centre = tuple(
        Span(a.id, tuple(sorted(children.get(a.id, ()))))
        for a in present.values()
        if a.centre_of_government
    )
    chains = [_chain(actor, parents) for actor in sorted(present)]
    deepest = max(chains, key=len, default=())
    counts = list(per_ministry.values())
    denominator = len(ministries) + len(agencies)
    return StructureAt(
        date=date,
        actors=tuple(sorted(present)),
        by_kind=dict(sorted(Counter(a.kind for a in present.values()).items())),
        by_sector=dict(sorted(Counter(a.sector or NO_SECTOR for a in present.values()).items())),
        ministries=len(ministries),
        agencies=len(agencies),
        agencification=len(agencies) / denominator if denominator else None,
        agencies_per_ministry=per_ministry,
        agencies_per_ministry_mean=statistics.fmean(counts) if counts else None,
        agencies_per_ministry_max=max(counts) if counts else None,
        agencies_per_ministry_by_sector={
            sector: statistics.fmean(values) for sector, values in sorted(by_sector.items())
        },
        spans=spans,
        span_mean=statistics.fmean(s.size for s in spans) if spans else None,
        span_max=max((s.size for s in spans), default=None),
        centre_spans=centre,
        depth=max(len(deepest) - 1, 0),
        deepest_chain=tuple(reversed(deepest)),
        undated=tuple(sorted(a.id for a in present.values() if a.created is None)),
        evidence=tuple(f"actor:{key}" for key in sorted(present)),
    )


def covered_years(snapshot: CaseSnapshot) -> tuple[int, ...]:
    """Every year from the earliest to the latest year the actors' dates and events name."""
    years = [
        key[0]
        for a in snapshot.actors
        for value, name in ((a.created, "created"), (a.dissolved, "dissolved"))
        if (key := date_key(value, f"actor {a.id!r}: {name}")) is not None
    ]
    years += [_event_year(e.date, e.evidence_id) for e in snapshot.events]
    return tuple(range(min(years), max(years) + 1)) if years else ()


def _event_year(value: str, evidence_id: str) -> int:
    key = date_key(value, f"{evidence_id}: date")
    if key is None:
        raise StructureError(f"{evidence_id}: the event has no date")
    return key[0]


@dataclass(frozen=True)
class ChurnYear:
    """The structural events of one year, counted by type, with their ids."""

    year: int
    by_type: Mapping[str, int]
    evidence: tuple[str, ...]

    @property
    def total(self) -> int:
        """Events of every type in the year."""
        return sum(self.by_type.values())


def churn(snapshot: CaseSnapshot, years: Iterable[int] | None = None) -> tuple[ChurnYear, ...]:
    """Events per type and year, over ``years`` (default: the years the data covers)."""
    chosen = tuple(years) if years is not None else covered_years(snapshot)
    by_year: dict[int, list[tuple[str, str]]] = {}
    for event in snapshot.events:
        year = _event_year(event.date, event.evidence_id)
        by_year.setdefault(year, []).append((event.type, event.evidence_id))
    return tuple(
        ChurnYear(
            year=year,
            by_type=dict(sorted(Counter(kind for kind, _ in by_year.get(year, ())).items())),
            evidence=tuple(eid for _, eid in by_year.get(year, ())),
        )
        for year in chosen
    )


@dataclass(frozen=True)
class BudgetDispersion:
    """HHI and effective number of executors of a programme or policy, where budgets exist."""

    scope: str
    shares: Mapping[str, float]
    hhi: float | None
    effective_number: float | None
    reason: str | None
    evidence: tuple[str, ...]


def hhi(budgets: Mapping[str, float]) -> tuple[dict[str, float], float | None]:
    """Shares and the Herfindahl–Hirschman index of ``budgets`` (None when nothing is spent)."""
    total = sum(budgets.values())
    if total <= 0:
        return {}, None
    shares = {key: value / total for key, value in budgets.items()}
    return shares, sum(share * share for share in shares.values())


def _dispersion(
    scope: str, elements: Sequence[ElementRecord], evidence: tuple[str, ...]
) -> BudgetDispersion:
    budgets: dict[str, float] = {}
    lacking = []
    for element in elements:
        for actor, budget in element.executors:
            if budget is None:
                lacking.append(f"{element.id}/{actor}")
                continue
            if budget < 0:
                raise StructureError(
                    f"{element.evidence_id}: executor {actor!r} has a negative budget {budget}"
                )
            budgets[actor] = budgets.get(actor, 0.0) + float(budget)
    if lacking:
        reason = f"executors without a budget: {', '.join(lacking)}"
        return BudgetDispersion(scope, {}, None, None, reason, evidence)
    shares, index = hhi(budgets)
    if index is None:
        return BudgetDispersion(scope, {}, None, None, "the executors' budgets sum to 0", evidence)
    return BudgetDispersion(scope, shares, index, 1 / index, None, evidence)


def budget_dispersion(snapshot: CaseSnapshot) -> tuple[BudgetDispersion, ...]:
    """Per programme with executors, then per policy over its programmes' executors."""
    programmes = [e for e in snapshot.elements if e.executors]
    found = [_dispersion(e.id, [e], (e.evidence_id,)) for e in programmes]
    policies: dict[str, list[ElementRecord]] = {}
    for element in programmes:
        if element.policy:
            policies.setdefault(element.policy, []).append(element)
    for policy, elements in sorted(policies.items()):
        evidence = tuple(e.evidence_id for e in elements)
        found.append(_dispersion(f"policy:{policy}", elements, evidence))
    return tuple(found)


@dataclass(frozen=True)
class StructureResult:
    """M1 for one case: the structure now, the yearly series, churn and budget dispersion."""

    current: StructureAt
    series: Mapping[int, StructureAt]
    churn: tuple[ChurnYear, ...]
    budgets: tuple[BudgetDispersion, ...]
    evidence: tuple[str, ...]

    @property
    def agencification(self) -> float | None:
        """The current agencification ratio."""
        return self.current.agencification


def structure_of_case(
    snapshot: CaseSnapshot,
    *,
    years: Iterable[int] | None = None,
    agency_kinds: Sequence[str] = DEFAULT_AGENCY_KINDS,
    ministry_kinds: Sequence[str] = DEFAULT_MINISTRY_KINDS,
) -> StructureResult:
    """Every M1 figure of the case (the series over ``years``, default the years covered)."""
    chosen = tuple(years) if years is not None else covered_years(snapshot)
    options = {"agency_kinds": agency_kinds, "ministry_kinds": ministry_kinds}
    current = structure_at(snapshot, None, **options)
    series = {year: structure_at(snapshot, f"{year}-12-31", **options) for year in chosen}
    events = churn(snapshot, chosen)
    budgets = budget_dispersion(snapshot)
    evidence = {*current.evidence, *(e for year in events for e in year.evidence)}
    evidence.update(e for b in budgets for e in b.evidence)
    return StructureResult(current, series, events, budgets, tuple(sorted(evidence)))

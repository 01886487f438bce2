"""Diagnosis (MEASURES.md, M7): the study's four deficits as dimensions with a status, from a
rule table that is data.

The study (Franco Mayorga 2018, Revista del CLAD Reforma y Democracia 70) finds weak
coordination and limited coherence through four deficits: shared vision, information exchange,
interaction rules and objective alignment. Here each deficit is a dimension whose status
(absent, weak, partial, present) is given by the first rule of an ordered list whose condition
holds over named indicators (consensus shares, network layers, Metcalfe 1994 level, alignment
metrics). Overall statements (weak coordination, limited coherence, centrifugal logic, the
centre-of-government paradox) are conditions of the same kind. The evaluator is pure: indicator
values and candidate quotes in, statuses with the full trace of every condition out.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

FORMAT_ID = "concierto-diagnosis-rules/1"
STATUSES: tuple[str, ...] = ("absent", "weak", "partial", "present")
DEFAULT_QUOTES = 3
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
# Which sign of testimony a status leans on when choosing quotes: the deficit (-1) for absent
# and weak, the presence (+1) for present, both (interleaved, negative first) for partial.
_STATUS_SIGNS: dict[str, tuple[int, ...]] = {
    "absent": (-1,),
    "weak": (-1,),
    "partial": (-1, 1),
    "present": (1,),
}


class RuleTableError(ValueError):
    """A malformed rule table (the message names the file and the entry)."""


@dataclass(frozen=True)
class Indicator:
    """A named input of the diagnosis with the evidence ids behind it (None: not computed)."""

    value: float | None
    evidence: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class Quote:
    """A coded segment that may illustrate a dimension.

    ``corroboration`` is the number of distinct coders whose codings of the same code overlap
    the segment (1 when only its own coder coded it).
    """

    evidence_id: str
    code: str
    dimension: str
    sign: int
    document: str
    start: int | None
    end: int | None
    text: str
    interviewee: str | None = None
    corroboration: int = 1


@dataclass(frozen=True)
class Condition:
    """One parsed condition of the rule table."""

    kind: str  # "indicator" | "count" | "all" | "any"
    op: str | None = None
    indicator: str | None = None
    value: float | str | None = None
    status_in: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    children: tuple[Condition, ...] = ()

    def indicators(self) -> tuple[str, ...]:
        """Every indicator name the condition reads (also as a threshold)."""
        found: list[str] = []
        if self.indicator:
            found.append(self.indicator)
        if isinstance(self.value, str):
            found.append(self.value)
        for child in self.children:
            found.extend(child.indicators())
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Rule:
    """Give ``status`` when ``when`` holds."""

    status: str
    when: Condition


@dataclass(frozen=True)
class DimensionRules:
    """The ordered rules of one dimension and the status when none holds."""

    dimension: str
    rules: tuple[Rule, ...]
    default: str


@dataclass(frozen=True)
class RuleTable:
    """The whole rule table."""

    provenance: str
    dimensions: Mapping[str, DimensionRules]
    statements: Mapping[str, Condition]
    quotes: int = DEFAULT_QUOTES


@dataclass(frozen=True)
class ConditionTrace:
    """How one condition fared: observed numbers, threshold and outcome (None: not evaluable)."""

    kind: str
    holds: bool | None
    op: str | None = None
    indicator: str | None = None
    observed: float | None = None
    threshold: float | None = None
    threshold_indicator: str | None = None
    status_in: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    children: tuple[ConditionTrace, ...] = ()

    def leaves(self) -> tuple[ConditionTrace, ...]:
        """The indicator and count conditions under this one, in order."""
        if self.kind in ("all", "any"):
            return tuple(leaf for child in self.children for leaf in child.leaves())
        return (self,)


@dataclass(frozen=True)
class RuleTrace:
    """One rule of a dimension, with the trace of its condition."""

    status: str
    condition: ConditionTrace

    @property
    def holds(self) -> bool | None:
        """Whether the rule's condition holds (None: not evaluable)."""
        return self.condition.holds


@dataclass(frozen=True)
class DimensionStatus:
    """The status of one dimension and why.

    ``fired`` is the index of the rule that gave the status, None when the default did;
    ``not_evaluable`` lists indicators the rules needed that were not computed.
    """

    dimension: str
    status: str
    fired: int | None
    rules: tuple[RuleTrace, ...]
    default: str
    evidence: tuple[str, ...]
    quotes: tuple[Quote, ...]
    not_evaluable: tuple[str, ...]


@dataclass(frozen=True)
class StatementResult:
    """An overall statement: whether it holds (None: not evaluable) and why."""

    statement: str
    holds: bool | None
    condition: ConditionTrace
    evidence: tuple[str, ...]
    not_evaluable: tuple[str, ...]


@dataclass(frozen=True)
class Diagnosis:
    """Every dimension's status and every statement, with the rule table's provenance."""

    provenance: str
    dimensions: Mapping[str, DimensionStatus]
    statements: Mapping[str, StatementResult]
    indicators: Mapping[str, Indicator] = field(default_factory=dict)


# ----------------------------------------------------------------------------- rule table


def _parse_condition(raw: Any, where: str) -> Condition:
    if not isinstance(raw, Mapping):
        raise RuleTableError(f"{where}: a condition must be a mapping, got {raw!r}")
    for key in ("all", "any"):
        if key in raw:
            items = raw[key]
            if not isinstance(items, list) or not items:
                raise RuleTableError(f"{where}.{key}: expected a non-empty list of conditions")
            return Condition(
                kind=key,
                children=tuple(
                    _parse_condition(item, f"{where}.{key}[{n}]") for n, item in enumerate(items)
                ),
            )
    op = raw.get("op")
    if op not in _OPERATORS:
        raise RuleTableError(f"{where}: op {op!r} is not one of {', '.join(_OPERATORS)}")
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RuleTableError(f"{where}: value must be a number or an indicator name")
    if "indicator" in raw:
        name = raw["indicator"]
        if not isinstance(name, str) or not name:
            raise RuleTableError(f"{where}: indicator must be a name")
        return Condition(kind="indicator", op=op, indicator=name, value=value)
    if "count_dimensions" in raw:
        spec = raw["count_dimensions"]
        if not isinstance(spec, Mapping):
            raise RuleTableError(f"{where}.count_dimensions: expected a mapping")
        status_in = tuple(spec.get("status_in") or ())
        dimensions = tuple(spec.get("dimensions") or ())
        unknown = [s for s in status_in if s not in STATUSES]
        if not status_in or unknown:
            raise RuleTableError(
                f"{where}.count_dimensions.status_in: expected statuses among "
                f"{', '.join(STATUSES)}, got {list(status_in)}"
            )
        if not dimensions:
            raise RuleTableError(f"{where}.count_dimensions.dimensions: name the dimensions")
        if isinstance(value, str):
            raise RuleTableError(f"{where}: a dimension count compares with a number")
        return Condition(
            kind="count", op=op, value=value, status_in=status_in, dimensions=dimensions
        )
    raise RuleTableError(f"{where}: expected indicator, count_dimensions, all or any")


def _parse_dimension(name: str, raw: Any, where: str) -> DimensionRules:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("rules"), list):
        raise RuleTableError(f"{where}: expected a mapping with a list of rules")
    rules = []
    for n, item in enumerate(raw["rules"]):
        spot = f"{where}.rules[{n}]"
        if not isinstance(item, Mapping) or item.get("status") not in STATUSES:
            raise RuleTableError(f"{spot}: status must be one of {', '.join(STATUSES)}")
        if "when" not in item:
            raise RuleTableError(f"{spot}: missing 'when'")
        rules.append(Rule(status=item["status"], when=_parse_condition(item["when"], spot)))
    default = raw.get("default")
    if default not in STATUSES:
        raise RuleTableError(f"{where}.default: must be one of {', '.join(STATUSES)}")
    return DimensionRules(dimension=name, rules=tuple(rules), default=default)


def parse_rule_table(
    data: Any, source: str = "<rules>", overrides: Mapping[str, Any] | None = None
) -> RuleTable:
    """Validate a rule table (a parsed YAML mapping); ``overrides`` replace whole entries."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT_ID:
        raise RuleTableError(f"{source}: expected 'format: {FORMAT_ID}'")
    overrides = overrides or {}
    dimensions_raw = {**(data.get("dimensions") or {}), **(overrides.get("dimensions") or {})}
    statements_raw = {**(data.get("statements") or {}), **(overrides.get("statements") or {})}
    dimensions = {
        name: _parse_dimension(name, raw, f"{source}: dimensions.{name}")
        for name, raw in dimensions_raw.items()
    }
    statements = {}
    for name, raw in statements_raw.items():
        if not isinstance(raw, Mapping) or "when" not in raw:
            raise RuleTableError(f"{source}: statements.{name}: missing 'when'")
        statements[name] = _parse_condition(raw["when"], f"{source}: statements.{name}")
    quotes = overrides.get("quotes", data.get("quotes", DEFAULT_QUOTES))
    if isinstance(quotes, bool) or not isinstance(quotes, int) or quotes < 0:
        raise RuleTableError(f"{source}: quotes must be a whole number >= 0")
    provenance = str(data.get("provenance") or "")
    if overrides:
        provenance += " (with case overrides)"
    return RuleTable(
        provenance=provenance, dimensions=dimensions, statements=statements, quotes=quotes
    )


def default_rules_text() -> str:
    """The text of the bundled default rule table."""
    return resources.files("concierto.data").joinpath("diagnosis_rules.yaml").read_text("utf-8")


def load_rule_table(
    path: Path | None = None, overrides: Mapping[str, Any] | None = None
) -> RuleTable:
    """Read a rule table file (the bundled defaults when ``path`` is None)."""
    source = str(path) if path else "diagnosis_rules.yaml (default)"
    text = path.read_text("utf-8") if path else default_rules_text()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleTableError(f"{source}: not valid YAML: {exc}") from exc
    return parse_rule_table(data, source, overrides)


# ----------------------------------------------------------------------------- evaluation


def _evaluate(
    condition: Condition, indicators: Mapping[str, Indicator], statuses: Mapping[str, str]
) -> ConditionTrace:
    if condition.kind in ("all", "any"):
        children = tuple(_evaluate(c, indicators, statuses) for c in condition.children)
        outcomes = [c.holds for c in children]
        if condition.kind == "all":
            holds = False if False in outcomes else (None if None in outcomes else True)
        else:
            holds = True if True in outcomes else (None if None in outcomes else False)
        return ConditionTrace(kind=condition.kind, holds=holds, children=children)
    compare = _OPERATORS[condition.op or "=="]
    if condition.kind == "count":
        known = [d for d in condition.dimensions if d in statuses]
        observed: float | None = float(sum(1 for d in known if statuses[d] in condition.status_in))
        if len(known) < len(condition.dimensions):
            observed = None
        threshold = float(condition.value)  # type: ignore[arg-type]
        return ConditionTrace(
            kind="count",
            holds=None if observed is None else compare(observed, threshold),
            op=condition.op,
            observed=observed,
            threshold=threshold,
            status_in=condition.status_in,
            dimensions=condition.dimensions,
        )
    name = condition.indicator or ""
    observed = indicators[name].value if name in indicators else None
    threshold_name = condition.value if isinstance(condition.value, str) else None
    if threshold_name is not None:
        found = indicators.get(threshold_name)
        threshold_value = found.value if found else None
    else:
        threshold_value = float(condition.value)  # type: ignore[arg-type]
    holds = (
        None
        if observed is None or threshold_value is None
        else compare(float(observed), float(threshold_value))
    )
    return ConditionTrace(
        kind="indicator",
        holds=holds,
        op=condition.op,
        indicator=name,
        observed=observed,
        threshold=threshold_value,
        threshold_indicator=threshold_name,
    )


def _missing(names: Iterable[str], indicators: Mapping[str, Indicator]) -> tuple[str, ...]:
    absent = Indicator(None)
    return tuple(n for n in dict.fromkeys(names) if indicators.get(n, absent).value is None)


def _evidence_of(names: Iterable[str], indicators: Mapping[str, Indicator]) -> list[str]:
    return [e for n in dict.fromkeys(names) if n in indicators for e in indicators[n].evidence]


def rank_quotes(quotes: Iterable[Quote], status: str, k: int) -> tuple[Quote, ...]:
    """The ``k`` strongest quotes for a dimension with ``status``.

    Strongest means, in order: the sign the status leans on (the deficit for absent and weak,
    presence for present, both alternately for partial); one quote per interviewee before a
    second from the same person; more coders agreeing on the span (corroboration); a longer
    span; then evidence id, so the choice is deterministic.
    """
    signs = _STATUS_SIGNS[status]
    pools: list[list[Quote]] = []
    for sign in signs:
        pool = sorted(
            (q for q in quotes if q.sign == sign),
            key=lambda q: (-q.corroboration, -len(q.text), q.evidence_id),
        )
        seen: set[str | None] = set()
        first: list[Quote] = []
        rest: list[Quote] = []
        for quote in pool:
            fresh = quote.interviewee is None or quote.interviewee not in seen
            (first if fresh else rest).append(quote)
            seen.add(quote.interviewee)
        pools.append(first + rest)
    chosen: list[Quote] = []
    while len(chosen) < k and any(pools):
        for pool in pools:
            if pool and len(chosen) < k:
                chosen.append(pool.pop(0))
    return tuple(chosen)


def _dimension_status(
    rules: DimensionRules,
    indicators: Mapping[str, Indicator],
    quotes: Sequence[Quote],
    k: int,
) -> DimensionStatus:
    traces = tuple(
        RuleTrace(status=rule.status, condition=_evaluate(rule.when, indicators, {}))
        for rule in rules.rules
    )
    fired = next((n for n, trace in enumerate(traces) if trace.holds is True), None)
    status = rules.default if fired is None else traces[fired].status
    names = [n for rule in rules.rules for n in rule.when.indicators()]
    chosen = rank_quotes((q for q in quotes if q.dimension == rules.dimension), status, k)
    evidence = _evidence_of(names, indicators) + [q.evidence_id for q in chosen]
    return DimensionStatus(
        dimension=rules.dimension,
        status=status,
        fired=fired,
        rules=traces,
        default=rules.default,
        evidence=tuple(dict.fromkeys(evidence)),
        quotes=chosen,
        not_evaluable=_missing(names, indicators),
    )


def diagnose(
    indicators: Mapping[str, Indicator], quotes: Sequence[Quote], table: RuleTable
) -> Diagnosis:
    """Evaluate every dimension and then every statement of ``table``."""
    dimensions = {
        name: _dimension_status(rules, indicators, quotes, table.quotes)
        for name, rules in table.dimensions.items()
    }
    statuses = {name: result.status for name, result in dimensions.items()}
    statements = {}
    for name, condition in table.statements.items():
        trace = _evaluate(condition, indicators, statuses)
        names = condition.indicators()
        counted = [d for leaf in trace.leaves() if leaf.kind == "count" for d in leaf.dimensions]
        evidence = _evidence_of(names, indicators) + [
            e for d in dict.fromkeys(counted) if d in dimensions for e in dimensions[d].evidence
        ]
        statements[name] = StatementResult(
            statement=name,
            holds=trace.holds,
            condition=trace,
            evidence=tuple(dict.fromkeys(evidence)),
            not_evaluable=_missing(names, indicators),
        )
    return Diagnosis(
        provenance=table.provenance,
        dimensions=dimensions,
        statements=statements,
        indicators=dict(indicators),
    )

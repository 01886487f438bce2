"""The diagnosis: statuses with their rule traces and quotes, and overall statements."""

from __future__ import annotations

from collections.abc import Mapping

from concierto.measures.diagnosis import ConditionTrace, DimensionStatus, Indicator, StatementResult
from concierto.report.build import CaseResults
from concierto.report.model import (
    Block,
    Cell,
    Section,
    Statement,
    Status,
    Table,
    rows_of,
)
from concierto.report.sections.common import (
    DIMENSION_LABELS,
    STATEMENT_LABELS,
    T,
    cols,
    number_text,
    quote_of,
    rounded,
    table_block,
    text_block,
)

# ----------------------------------------------------------------------------- diagnosis


def _conditiontext_block(leaf: ConditionTrace, t: T) -> str:
    if leaf.kind == "count":
        return (
            t("dimensions {dims} with status {statuses}").format(
                dims=", ".join(t(DIMENSION_LABELS.get(d, d)) for d in leaf.dimensions),
                statuses=" / ".join(t(s) for s in leaf.status_in),
            )
            + f" {leaf.op} {number_text(leaf.threshold)}"
        )
    threshold = leaf.threshold_indicator or number_text(leaf.threshold)
    return f"{leaf.indicator} {leaf.op} {threshold}"


def _outcome(holds: bool | None, t: T) -> str:
    return {True: t("holds"), False: t("does not hold"), None: t("not evaluable")}[holds]


def _trace_rows(
    label: str, trace: ConditionTrace, indicators: Mapping[str, Indicator], t: T
) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []
    for leaf in trace.leaves():
        names = [n for n in (leaf.indicator, leaf.threshold_indicator) if n]
        rows.append(
            {
                "rule": label,
                "condition": _conditiontext_block(leaf, t),
                "observed": number_text(leaf.observed),
                "threshold": number_text(leaf.threshold),
                "outcome": _outcome(leaf.holds, t),
                "evidence": [e for n in names if n in indicators for e in indicators[n].evidence],
            }
        )
    return rows


TRACE_COLUMNS = (
    ("rule", "Rule"),
    ("condition", "Condition"),
    ("observed", "Observed"),
    ("threshold", "Threshold"),
    ("outcome", "Outcome"),
    ("evidence", "Evidence"),
)


INDICATOR_REASONS: dict[str, str] = {
    "no interviewees": "no interviewees: no document is linked to an interviewee (docs add --case)",
    "fewer than 2": "fewer than two responsible actors",
}


def _why_not(names: tuple[str, ...], indicators: Mapping[str, Indicator], t: T) -> tuple[str, ...]:
    """Each indicator the rules could not read, with why: the reason its measure gave, or that
    the measure did not run."""
    found = []
    for name in names:
        reason = indicators[name].reason if name in indicators else None
        text = t(INDICATOR_REASONS.get(reason, reason)) if reason else t("measure not computed")
        found.append(f"{name} ({text})")
    return tuple(found)


def _decided_by(d: DimensionStatus, t: T) -> str:
    """Which rule gave the status; when the default did, whether that is because every rule was
    checked and failed or because some could not be checked (then the figures do not establish
    the status)."""
    if d.fired is not None:
        return t("rule {n}").format(n=d.fired + 1)
    unchecked = sum(1 for rule in d.rules if rule.holds is None)
    if not unchecked:
        return t("default (no rule holds)")
    return t(
        "default: {k} of {n} rules could not be evaluated, so the figures do not establish "
        "this status"
    ).format(k=unchecked, n=len(d.rules))


def _status(r: CaseResults, d: DimensionStatus, t: T) -> Status:
    indicators = r.diagnosis.indicators
    rows: list[dict[str, Cell]] = []
    for n, rule in enumerate(d.rules):
        label = f"{n + 1}. → {t(rule.status)} ({_outcome(rule.holds, t)})"
        rows += _trace_rows(label, rule.condition, indicators, t)
    decided = _decided_by(d, t)
    quotes = tuple(q for q in (quote_of(r, x.evidence_id) for x in d.quotes) if q)
    return Status(
        dimension=d.dimension,
        label=t(DIMENSION_LABELS.get(d.dimension, d.dimension)),
        status=d.status,
        status_label=t(d.status),
        decided_by=decided,
        trace=Table(
            id=f"diagnosis_{d.dimension}",
            title=t("Rule trace: {dimension}").format(
                dimension=t(DIMENSION_LABELS.get(d.dimension, d.dimension))
            ),
            columns=cols(t, *TRACE_COLUMNS),
            rows=rows_of(rows),
        ),
        quotes=quotes,
        not_evaluable=_why_not(d.not_evaluable, indicators, t),
    )


def _statement(r: CaseResults, s: StatementResult, t: T) -> Statement:
    rows = _trace_rows(
        t(STATEMENT_LABELS.get(s.statement, s.statement)), s.condition, r.diagnosis.indicators, t
    )
    return Statement(
        id=s.statement,
        label=t(STATEMENT_LABELS.get(s.statement, s.statement)),
        holds=s.holds,
        outcome=_outcome(s.holds, t),
        trace=Table(
            id=f"statement_{s.statement}",
            title=t("Rule trace: {dimension}").format(
                dimension=t(STATEMENT_LABELS.get(s.statement, s.statement))
            ),
            columns=cols(t, *TRACE_COLUMNS),
            rows=rows_of(rows),
        ),
        evidence=s.evidence,
    )


def diagnosis_section(r: CaseResults, t: T) -> Section:
    """The diagnosis: each dimension's status with its rule trace and quotes, then statements."""
    statuses = tuple(_status(r, d, t) for d in r.diagnosis.dimensions.values())
    statements = tuple(_statement(r, s, t) for s in r.diagnosis.statements.values())
    indicators = Table(
        id="indicators",
        title=t("Indicators read by the rules"),
        columns=cols(t, ("indicator", "Indicator"), ("value", "Value"), ("evidence", "Evidence")),
        rows=rows_of(
            [
                {"indicator": k, "value": rounded(v.value), "evidence": list(v.evidence)}
                for k, v in sorted(r.diagnosis.indicators.items())
            ]
        ),
    )
    return Section(
        "diagnosis",
        t("Diagnosis"),
        (
            text_block(t("Rule table: {provenance}").format(provenance=r.diagnosis.provenance)),
            Block(kind="statuses", statuses=statuses),
            Block(kind="statements", statements=statements),
            table_block(indicators),
        ),
    )

"""Rows of inter-coder agreement (M5) on a case: one flat row per selection, with ``None``
where a statistic is undefined and the reason translated."""

from __future__ import annotations

from typing import Any

from concierto.i18n import _
from concierto.measures.agreement.reliability import CaseAgreement


def _reason(text: str | None) -> str | None:
    return _(text) if text else None


def agreement_row(row: CaseAgreement) -> dict[str, Any]:
    """One result of the case mode as a flat row (``None`` = undefined, reason given)."""
    flat: dict[str, Any] = {
        "code": row.code if row.code is not None else "+".join(row.codes),
        "per_code": row.code is not None,
        "document": row.document,
        "coders": ",".join(row.coders),
        "unit": row.unit.value,
        "uncoded": row.uncoded.value,
        "units": row.units,
        "uncoded_units": row.uncoded_units,
        "multi_coded_units": row.multi_coded_units,
    }
    if row.unitised is not None:
        flat.update(
            alpha_u=row.unitised.alpha,
            binary_alpha_u=row.unitised.binary_alpha,
            undefined_reason=_reason(row.unitised.undefined_reason),
            documents_skipped=list(row.documents_skipped),
        )
    else:
        flat.update(
            alpha=row.alpha.alpha if row.alpha else None,
            percent_agreement=row.percent_agreement.value if row.percent_agreement else None,
            cohen_kappa=row.cohen_kappa.value if row.cohen_kappa else None,
            fleiss_kappa=row.fleiss_kappa.value if row.fleiss_kappa else None,
            undefined_reason=_reason(row.alpha.undefined_reason if row.alpha else None),
        )
        if row.interval is not None:
            flat.update(ci_low=row.interval.low, ci_high=row.interval.high)
    flat["evidence"] = list(row.evidence_ids)
    return flat


def agreement_columns(segment: bool, interval: bool) -> list[tuple[str, str]]:
    """Columns of :func:`agreement_row` at the segment level or at a unit level."""
    columns = [("code", _("Code")), ("document", _("Document")), ("coders", _("Coders"))]
    columns += [("unit", _("Unit")), ("uncoded", _("Uncoded units"))]
    columns += [("units", _("Units")), ("uncoded_units", _("Uncoded"))]
    if segment:
        columns += [
            ("alpha_u", _("Unitised alpha")),
            ("binary_alpha_u", _("Binary unitised alpha")),
            ("documents_skipped", _("Documents skipped")),
        ]
    else:
        columns += [
            ("multi_coded_units", _("Multi-coded")),
            ("alpha", _("Alpha")),
            ("percent_agreement", _("Agreement")),
            ("cohen_kappa", _("Cohen's kappa")),
            ("fleiss_kappa", _("Fleiss' kappa")),
        ]
        if interval:
            columns += [("ci_low", _("95 % CI low")), ("ci_high", _("95 % CI high"))]
    return [*columns, ("undefined_reason", _("Undefined because")), ("evidence", _("Evidence"))]


def agreement_title(unit_name: str, excluded: bool) -> str:
    """The title of an agreement table: the unit and whether uncoded units count."""
    return (
        _("Inter-coder agreement by {unit} (uncoded units excluded)")
        if excluded
        else _("Inter-coder agreement by {unit} (uncoded units included)")
    ).format(unit=unit_name)

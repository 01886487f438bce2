"""Result objects of the agreement statistics: values, counts and the ids they were computed from.

Every statistic can be undefined (for example when all coders used one single value, so that no
disagreement could be expected by chance). An undefined statistic is ``None`` with a reason in
words, never ``nan`` nor a made-up number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """Levels of measurement of Krippendorff's alpha (Krippendorff 2011, section C)."""

    nominal = "nominal"
    ordinal = "ordinal"
    interval = "interval"
    ratio = "ratio"


class AgreementInputError(ValueError):
    """Reliability data that the statistics cannot use, with the reason in words."""


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha for one reliability matrix (coders x units).

    ``units`` counts every unit (column) given; ``pairable_units`` only those with values from
    at least two coders, the only ones alpha uses; ``pairable_values`` is Krippendorff's n, the
    number of values in those units. ``coder_ids`` and ``unit_ids`` are the evidence: the ids of
    the rows and columns, when the caller supplied them.
    """

    alpha: float | None
    level: Level
    coders: int
    units: int
    pairable_units: int
    pairable_values: int
    undefined_reason: str | None = None
    coder_ids: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()

    @property
    def defined(self) -> bool:
        """True when alpha is a number."""
        return self.alpha is not None


@dataclass(frozen=True)
class KappaResult:
    """Percent agreement, Cohen's or Fleiss' kappa over a reliability matrix.

    ``statistic`` names the coefficient (``percent_agreement``, ``cohen_kappa``, ``fleiss_kappa``);
    ``observed`` and ``expected`` are the observed and chance agreement it was computed from
    (``expected`` is ``None`` for percent agreement); ``units`` is the number of units used and
    ``units_excluded`` the number left out because a coder's value was missing (never silently).
    """

    statistic: str
    value: float | None
    observed: float | None
    expected: float | None
    coders: int
    units: int
    units_excluded: int
    categories: int
    undefined_reason: str | None = None
    coder_ids: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()

    @property
    def defined(self) -> bool:
        """True when the statistic is a number."""
        return self.value is not None


@dataclass(frozen=True)
class UnitisedAlphaResult:
    """Krippendorff's alpha for unitising a continuum (``_u alpha`` and its binary ``|u alpha``).

    ``length`` is the length L of the continuum (in code points for texts), ``segments`` the
    number of coded segments given, ``values`` the distinct labels used; ``alpha`` is the
    coefficient over labels and gaps, ``binary_alpha`` the one over coded matter versus gaps.
    """

    alpha: float | None
    binary_alpha: float | None
    coders: int
    length: int
    segments: int
    values: int
    undefined_reason: str | None = None
    binary_undefined_reason: str | None = None
    coder_ids: tuple[str, ...] = ()
    segment_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class BootstrapInterval:
    """A percentile bootstrap interval: units resampled with replacement, fixed seed.

    ``undefined_resamples`` counts the resamples where the statistic was undefined; they are
    left out of the percentiles (and reported, never hidden). ``low`` and ``high`` are ``None``
    when every resample was undefined.
    """

    estimate: float | None
    low: float | None
    high: float | None
    confidence: float
    resamples: int
    undefined_resamples: int
    seed: int

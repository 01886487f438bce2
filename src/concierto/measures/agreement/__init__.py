"""Inter-coder agreement: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Pure functions over reliability data (one row per coder, one column per unit, missing cells
allowed) or, for unitising, over coded spans of a continuum; each returns a frozen result that
says when a statistic is undefined instead of giving a number. Over a case's evidence snapshot,
:func:`case_agreement` builds that data for a unit kind (per code, across codes, uncoded units
included or excluded) and :func:`disagreements` lists where coders differ. See MEASURES.md, M5.
"""

from concierto.measures.agreement.alpha import (
    alpha_of_matrix,
    coincidence_matrix,
    krippendorff_alpha,
)
from concierto.measures.agreement.bootstrap import (
    DEFAULT_CONFIDENCE,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    alpha_interval,
    bootstrap_interval,
    kappa_interval,
)
from concierto.measures.agreement.disagreements import Disagreement, disagreements
from concierto.measures.agreement.kappa import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    percent_agreement,
)
from concierto.measures.agreement.matrix import reliability_matrix
from concierto.measures.agreement.reliability import CaseAgreement, case_agreement
from concierto.measures.agreement.results import (
    AgreementInputError,
    AlphaResult,
    BootstrapInterval,
    KappaResult,
    Level,
    UnitisedAlphaResult,
)
from concierto.measures.agreement.unitised import CodedSpan, unitised_alpha
from concierto.measures.agreement.units import Uncoded, UnitGrid, UnitKind, unit_grid

__all__ = [
    "DEFAULT_CONFIDENCE",
    "DEFAULT_RESAMPLES",
    "DEFAULT_SEED",
    "AgreementInputError",
    "AlphaResult",
    "BootstrapInterval",
    "CaseAgreement",
    "CodedSpan",
    "Disagreement",
    "KappaResult",
    "Level",
    "Uncoded",
    "UnitGrid",
    "UnitKind",
    "UnitisedAlphaResult",
    "alpha_interval",
    "alpha_of_matrix",
    "bootstrap_interval",
    "case_agreement",
    "cohen_kappa",
    "coincidence_matrix",
    "disagreements",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "kappa_interval",
    "krippendorff_alpha",
    "percent_agreement",
    "reliability_matrix",
    "unit_grid",
    "unitised_alpha",
]

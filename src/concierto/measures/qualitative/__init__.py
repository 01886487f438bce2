"""Queries over the qualitative evidence of a case (MEASURES.md, M5): code frequencies and
code x attribute matrices, co-occurrence, retrieval with context, and interviewee consensus.

Pure functions over an :class:`~concierto.evidence.snapshot.EvidenceSnapshot` (or an
:class:`EvidenceIndex` built from it once and shared by several queries); every result carries
the segment ids (``seg:N``) and document ids (``doc:KEY``) behind each number.
"""

from concierto.measures.qualitative.consensus import (
    BASIS_PARTICIPANTS,
    BASIS_QUAL_CASES,
    CodeConsensus,
    IntervieweeAttribution,
    PairConsensus,
    PolarPosition,
    attribute_interviewees,
    code_consensus,
    pair_consensus,
    polar_pairs,
    snapshot_codebook,
)
from concierto.measures.qualitative.cooccurrence import (
    COOCCURRENCE_UNITS,
    CooccurrencePair,
    CooccurrenceTable,
    code_cooccurrence,
)
from concierto.measures.qualitative.frequency import (
    GROUPINGS,
    CodeAttributeMatrix,
    FrequencyRow,
    FrequencyTable,
    code_attribute_matrix,
    code_frequencies,
)
from concierto.measures.qualitative.index import UNIT_KINDS, EvidenceIndex, QueryError, as_index
from concierto.measures.qualitative.retrieval import (
    DEFAULT_CONTEXT_CHARS,
    RetrievedSegment,
    retrieve_segments,
)

__all__ = [
    "BASIS_PARTICIPANTS",
    "BASIS_QUAL_CASES",
    "COOCCURRENCE_UNITS",
    "DEFAULT_CONTEXT_CHARS",
    "GROUPINGS",
    "UNIT_KINDS",
    "CodeAttributeMatrix",
    "CodeConsensus",
    "CooccurrencePair",
    "CooccurrenceTable",
    "EvidenceIndex",
    "FrequencyRow",
    "FrequencyTable",
    "IntervieweeAttribution",
    "PairConsensus",
    "PolarPosition",
    "QueryError",
    "RetrievedSegment",
    "as_index",
    "attribute_interviewees",
    "code_attribute_matrix",
    "code_consensus",
    "code_cooccurrence",
    "code_frequencies",
    "pair_consensus",
    "polar_pairs",
    "retrieve_segments",
    "snapshot_codebook",
]

"""Qualitative queries (M5) against naive reference implementations on random corpora.

The references follow the definitions word for word (loops over every unit, every case link,
every pair of segments), so any shortcut in the vectorised queries that changes a count, a
segment id or a document id shows up here.
"""

from __future__ import annotations

from itertools import combinations, pairwise
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.evidence.snapshot import (
    CodeRecord,
    CodingRecord,
    DocumentRecord,
    EvidenceSnapshot,
    QualCaseRecord,
    UnitRecord,
)
from concierto.measures.qualitative import (
    EvidenceIndex,
    code_attribute_matrix,
    code_cooccurrence,
    code_frequencies,
)
from concierto.measures.qualitative.frequency import Grouping, GroupValue

CODES = ("a", "a.x", "a.y", "b", "b.x", "b.y")
CODABLE = ("a.x", "a.y", "b.x", "b.y")
VALUES = ("v1", "v2", None)


def overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    return s1 < e2 and s2 < e1


@st.composite
def corpora(draw: st.DrawFn) -> EvidenceSnapshot:
    documents: list[DocumentRecord] = []
    units: list[UnitRecord] = []
    codings: list[tuple[str, int | None, int | None, str]] = []
    count = draw(st.integers(1, 3))
    for d in range(count):
        length = draw(st.integers(10, 60))
        key = f"D{d}"
        documents.append(
            DocumentRecord(key, "report", key, "x" * length, None, None, None, None, None)
        )
        cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=6)))
        bounds = [0, *cuts, length]
        for ordinal, (start, end) in enumerate(pairwise(bounds)):
            trimmed = end - draw(st.integers(0, 1)) if end - start > 1 else end
            units.append(UnitRecord(key, "sentence", start, trimmed, ordinal + 1, None))
        for _ in range(draw(st.integers(0, 8))):
            code = draw(st.sampled_from(CODABLE))
            if draw(st.integers(0, 5)) == 0:
                codings.append((key, None, None, code))
            else:
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
                codings.append((key, start, end, code))
    cases = []
    for c in range(draw(st.integers(0, 3))):
        links: list[tuple[str, int | None, int | None]] = []
        for _ in range(draw(st.integers(0, 2))):
            d = draw(st.integers(0, count - 1))
            length = len(documents[d].text)
            if draw(st.booleans()):
                links.append((f"D{d}", None, None))
            else:
                start = draw(st.integers(0, length - 1))
                links.append((f"D{d}", start, draw(st.integers(start + 1, length))))
        value = draw(st.sampled_from(VALUES))
        cases.append(
            QualCaseRecord(
                f"c{c}",
                None,
                "organisation",
                None,
                None,
                MappingProxyType({} if value is None else {"g": value}),
                tuple(links),
            )
        )
    return EvidenceSnapshot(
        documents=tuple(documents),
        units=tuple(units),
        qual_cases=tuple(cases),
        attributes=MappingProxyType({"g": "text"}),
        codes=tuple(
            CodeRecord(
                k, k.rpartition(".")[0] or None, "." in k, k, None, None, MappingProxyType({})
            )
            for k in CODES
        ),
        codings=tuple(
            CodingRecord(f"seg:{i + 1}", d, s, e, c, "ana", "human", None)
            for i, (d, s, e, c) in enumerate(codings)
        ),
    )


def span(snapshot: EvidenceSnapshot, coding: CodingRecord) -> tuple[int, int]:
    if coding.start is None or coding.end is None:
        return 0, len(snapshot.document(coding.document).text)
    return coding.start, coding.end


def cases_of(snapshot: EvidenceSnapshot, coding: CodingRecord) -> list[QualCaseRecord]:
    start, end = span(snapshot, coding)
    found = []
    for case in snapshot.qual_cases:
        for document, low, high in case.links:
            if document != coding.document:
                continue
            if (low is None and high is None) or overlaps(start, end, low or 0, high or 10**9):
                found.append(case)
                break
    return found


def doc_ids(snapshot: EvidenceSnapshot, codings: list[CodingRecord]) -> tuple[str, ...]:
    present = {c.document for c in codings}
    return tuple(f"doc:{d.id}" for d in snapshot.documents if d.id in present)


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_frequency_by_case_and_attribute_match_the_definition(snapshot: EvidenceSnapshot) -> None:
    index = EvidenceIndex(snapshot)
    groupings: tuple[Grouping, ...] = ("case", "attribute")
    for grouping in groupings:
        table = code_frequencies(index, grouping=grouping, attribute="g")
        expected: dict[tuple[str, GroupValue], list[CodingRecord]] = {}
        for coding in snapshot.codings:
            cases = cases_of(snapshot, coding)
            if grouping == "case":
                groups: list[GroupValue] = [c.id for c in cases] or [None]
            else:
                values = {c.attributes.get("g") for c in cases} - {None}
                groups = sorted(values, key=str) or [None]
            for group in groups:
                expected.setdefault((coding.code, group), []).append(coding)
        found = {(r.code, r.group): r for r in table.rows}
        assert set(found) == set(expected)
        for key, codings in expected.items():
            row = found[key]
            assert set(row.segment_ids) == {c.evidence_id for c in codings}
            assert row.segments == len(codings)
            assert row.document_ids == doc_ids(snapshot, codings)
            assert row.sources == len(row.document_ids)
    matrix = code_attribute_matrix(index, "g")
    total = code_frequencies(index)
    for row in total.rows:  # every segment has at least one value (or None): rows cover it
        assert sum(matrix.segments(row.code, v) for v in matrix.values) >= row.segments


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_descendants_count_every_coding_below(snapshot: EvidenceSnapshot) -> None:
    table = code_frequencies(snapshot, include_descendants=True)
    for row in table.rows:
        below = [
            c for c in snapshot.codings if c.code == row.code or c.code.startswith(row.code + ".")
        ]
        assert set(row.segment_ids) == {c.evidence_id for c in below}
        assert row.document_ids == doc_ids(snapshot, below)


@settings(max_examples=60, deadline=None)
@given(corpora(), st.sampled_from(["sentence", "document"]))
def test_unit_cooccurrence_matches_the_definition(snapshot: EvidenceSnapshot, unit: str) -> None:
    if unit == "document":
        units = [(d.id, 0, len(d.text)) for d in snapshot.documents]
    else:
        units = [(u.document, u.start, u.end) for u in snapshot.units]

    def inside(coding: CodingRecord, place: tuple[str, int, int]) -> bool:
        start, end = span(snapshot, coding)
        return coding.document == place[0] and overlaps(start, end, place[1], place[2])

    table = code_cooccurrence(snapshot, unit)  # type: ignore[arg-type]
    for a, b in combinations(CODABLE, 2):
        has = [({c.code for c in snapshot.codings if inside(c, place)}, place) for place in units]
        both = [place for codes, place in has if a in codes and b in codes]
        either = [place for codes, place in has if a in codes or b in codes]
        pair = table.pair(a, b)
        if not both:
            assert pair is None
            continue
        assert pair is not None
        assert (pair.both, pair.either) == (len(both), len(either))
        assert pair.jaccard == len(both) / len(either)
        cited = [
            c
            for c in snapshot.codings
            if c.code in (a, b) and any(inside(c, place) for place in both)
        ]
        assert pair.segment_ids == tuple(c.evidence_id for c in cited)
        assert pair.document_ids == doc_ids(snapshot, cited)
    for code in CODABLE:
        behind = [
            c.evidence_id
            for c in snapshot.codings
            if c.code == code and any(inside(c, place) for place in units)
        ]
        assert table.occurrence_ids[code] == tuple(behind)
    outside = [
        c.evidence_id for c in snapshot.codings if not any(inside(c, place) for place in units)
    ]
    assert table.outside_units == tuple(outside)


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_overlap_cooccurrence_matches_connected_runs(snapshot: EvidenceSnapshot) -> None:
    table = code_cooccurrence(snapshot, "overlap")
    for a, b in combinations(CODABLE, 2):
        members = [c for c in snapshot.codings if c.code in (a, b)]
        parent = list(range(len(members)))

        def root(i: int, parent: list[int] = parent) -> int:
            while parent[i] != i:
                i = parent[i]
            return i

        for i, j in combinations(range(len(members)), 2):
            first, second = members[i], members[j]
            if first.document == second.document and overlaps(
                *span(snapshot, first), *span(snapshot, second)
            ):
                parent[root(i)] = root(j)
        runs: dict[int, list[CodingRecord]] = {}
        for i, coding in enumerate(members):
            runs.setdefault(root(i), []).append(coding)
        shared = [run for run in runs.values() if {c.code for c in run} == {a, b}]
        pair = table.pair(a, b)
        if not shared:
            assert pair is None
            continue
        assert pair is not None
        assert (pair.both, pair.either) == (len(shared), len(runs))
        cited = {c.evidence_id for run in shared for c in run}
        assert set(pair.segment_ids) == cited

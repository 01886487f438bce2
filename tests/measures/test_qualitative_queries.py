"""Qualitative queries (M5) on a small hand-made corpus whose every count is worked out by hand.

Corpus: two interviews (D1 with participant P1, D2 with P2; "E" is the interviewer) and a report
D3 without speaker turns. Codes: folders ``vision`` and ``info``, each with a present / absent
pair, and the neutral ``contexto``. Qualitative cases: interviewees ent1 (P1, D1) and ent2 (P2,
D2), and the organisation ``org`` linked to the first sentence of D3 only.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

import pytest

from concierto.evidence.snapshot import (
    CodeRecord,
    CodingRecord,
    DocumentRecord,
    EvidenceSnapshot,
    ParticipantRecord,
    QualCaseRecord,
    UnitRecord,
)
from concierto.ingest import segment
from concierto.measures.qualitative import (
    CooccurrencePair,
    EvidenceIndex,
    QueryError,
    code_attribute_matrix,
    code_consensus,
    code_cooccurrence,
    code_frequencies,
    pair_consensus,
    polar_pairs,
    retrieve_segments,
)

D1 = (
    "E: Pregunta uno.\nP1: Compartimos una visión. No hay datos.\n"
    "E: Pregunta dos.\nP1: Los datos fluyen bien.\n"
)
D2 = "E: Pregunta.\nP2: No compartimos nada. Aunque hay una visión mínima.\n"
D3 = "Informe de salud sobre la visión. Otra parte sin caso con visión."
TEXTS = {"D1": D1, "D2": D2, "D3": D3}
KINDS = {"D1": "interview", "D2": "interview", "D3": "report"}

# (seg number, document, quoted text or None for the whole document, code, coder)
CODINGS = [
    (1, "D1", "Compartimos una visión", "vision.presente", "ana"),
    (2, "D1", "No hay datos", "info.ausente", "ana"),
    (3, "D1", "Los datos fluyen bien", "info.flujo", "beto"),
    (4, "D2", "No compartimos nada", "vision.ausente", "ana"),
    (5, "D2", "hay una visión mínima", "vision.presente", "ana"),
    (6, "D3", None, "contexto", "ana"),
    (7, "D3", "sobre la visión", "vision.presente", "ana"),
    (8, "D3", "sin caso con visión", "vision.presente", "beto"),
    (9, "D1", "Pregunta uno", "contexto", "ana"),
]


def code(key: str, parent: str | None, polarity: str | None, codable: bool = True) -> CodeRecord:
    return CodeRecord(
        id=key,
        parent=parent,
        codable=codable,
        label_es=f"es {key}",
        label_en=f"en {key}",
        polarity=polarity,
        mappings=MappingProxyType({}),
    )


def span(document: str, quote: str) -> tuple[int, int]:
    start = TEXTS[document].index(quote)
    return start, start + len(quote)


def build() -> EvidenceSnapshot:
    units = []
    for key, text in TEXTS.items():
        for unit in segment(text):
            units.append(
                UnitRecord(key, unit.kind, unit.start, unit.end, unit.ordinal, unit.speaker)
            )
    codings = []
    for number, document, quote, code_key, coder in CODINGS:
        start, end = span(document, quote) if quote else (None, None)
        codings.append(
            CodingRecord(f"seg:{number}", document, start, end, code_key, coder, "human", None)
        )
    org_end = D3.index(".") + 1
    return EvidenceSnapshot(
        documents=tuple(
            DocumentRecord(key, KINDS[key], key, text, "es", None, None, None, None)
            for key, text in TEXTS.items()
        ),
        participants=(
            ParticipantRecord("E", None, None, True, None),
            ParticipantRecord("P1", None, None, False, None),
            ParticipantRecord("P2", None, None, False, None),
        ),
        units=tuple(units),
        qual_cases=(
            QualCaseRecord(
                "ent1",
                None,
                "interviewee",
                None,
                "P1",
                MappingProxyType({"sector": "salud", "years": 10.0}),
                (("D1", None, None),),
            ),
            QualCaseRecord(
                "ent2",
                None,
                "interviewee",
                None,
                "P2",
                MappingProxyType({"sector": "educacion"}),
                (("D2", None, None),),
            ),
            QualCaseRecord(
                "org",
                None,
                "organisation",
                None,
                None,
                MappingProxyType({"sector": "salud"}),
                (("D3", 0, org_end),),
            ),
        ),
        attributes=MappingProxyType({"sector": "text", "years": "number"}),
        codes=(
            code("vision", None, None, codable=False),
            code("vision.presente", "vision", "present"),
            code("vision.ausente", "vision", "absent"),
            code("info", None, None, codable=False),
            code("info.flujo", "info", "present"),
            code("info.ausente", "info", "absent"),
            code("contexto", None, None),
        ),
        coders=("ana", "beto"),
        codings=tuple(codings),
    )


@pytest.fixture(scope="module")
def evidence() -> EvidenceIndex:
    return EvidenceIndex(build())


def ids(*numbers: int) -> set[str]:
    return {f"seg:{n}" for n in numbers}


# --- frequency ----------------------------------------------------------------------------------


def test_total_frequencies(evidence: EvidenceIndex) -> None:
    table = code_frequencies(evidence)
    counts = {row.code: (row.segments, row.sources) for row in table.rows}
    assert counts == {
        "vision.presente": (4, 3),
        "vision.ausente": (1, 1),
        "info.flujo": (1, 1),
        "info.ausente": (1, 1),
        "contexto": (2, 2),
    }
    context = table.row("contexto")
    assert context is not None
    # document order first (D1 before D3), then position in the document
    assert context.segment_ids == ("seg:9", "seg:6")
    assert context.document_ids == ("doc:D1", "doc:D3")


def test_frequencies_by_document(evidence: EvidenceIndex) -> None:
    table = code_frequencies(evidence, grouping="document", codes=["vision.presente"])
    found = {row.group: (row.segments, row.sources, set(row.segment_ids)) for row in table.rows}
    assert found == {
        "D1": (1, 1, ids(1)),
        "D2": (1, 1, ids(5)),
        "D3": (2, 1, ids(7, 8)),
    }


def test_frequencies_by_case_follow_whole_and_range_links(evidence: EvidenceIndex) -> None:
    table = code_frequencies(evidence, grouping="case", codes=["vision.presente", "contexto"])
    found = {(row.code, row.group): set(row.segment_ids) for row in table.rows}
    assert found == {
        ("vision.presente", "ent1"): ids(1),
        ("vision.presente", "ent2"): ids(5),
        ("vision.presente", "org"): ids(7),  # inside org's range of D3
        ("vision.presente", None): ids(8),  # outside it: no case
        ("contexto", "ent1"): ids(9),
        ("contexto", "org"): ids(6),  # a whole-document coding overlaps the range
    }


def test_frequencies_by_attribute_value(evidence: EvidenceIndex) -> None:
    table = code_frequencies(evidence, grouping="attribute", attribute="sector")
    found = {(row.code, row.group): (row.segments, row.sources) for row in table.rows}
    assert found == {
        ("vision.presente", "educacion"): (1, 1),
        ("vision.presente", "salud"): (2, 2),
        ("vision.presente", None): (1, 1),
        ("vision.ausente", "educacion"): (1, 1),
        ("info.flujo", "salud"): (1, 1),
        ("info.ausente", "salud"): (1, 1),
        ("contexto", "salud"): (2, 2),
    }
    years = code_frequencies(evidence, grouping="attribute", attribute="years")
    row = years.row("vision.presente", None)
    assert row is not None and (row.segments, row.sources) == (3, 2)
    assert row.document_ids == ("doc:D2", "doc:D3")


def test_descendants_roll_up_into_folders(evidence: EvidenceIndex) -> None:
    table = code_frequencies(evidence, include_descendants=True, codes=["vision", "info"])
    vision, info = table.row("vision"), table.row("info")
    assert vision is not None and info is not None
    assert (vision.segments, vision.sources, set(vision.segment_ids)) == (5, 3, ids(1, 4, 5, 7, 8))
    assert (info.segments, info.sources) == (2, 1)
    plain = code_frequencies(evidence, codes=["vision"])
    assert plain.rows == ()  # a folder holds no codings of its own


def test_matrix_by_attribute(evidence: EvidenceIndex) -> None:
    matrix = code_attribute_matrix(evidence, "sector")
    assert matrix.codes == (
        "vision.presente",
        "vision.ausente",
        "info.flujo",
        "info.ausente",
        "contexto",
    )
    assert matrix.values == ("educacion", "salud", None)
    assert matrix.counts().tolist() == [[1, 2, 1], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 2, 0]]
    assert matrix.counts("sources").tolist()[0] == [1, 2, 1]
    assert matrix.segments("contexto", "salud") == 2
    assert matrix.sources("contexto", "educacion") == 0
    assert set(matrix.cells[("vision.presente", "salud")].segment_ids) == ids(1, 7)


def test_bad_queries_name_the_culprit(evidence: EvidenceIndex) -> None:
    with pytest.raises(QueryError, match="unknown code 'nope'"):
        code_frequencies(evidence, codes=["nope"])
    with pytest.raises(QueryError, match=r"unknown attribute 'age'.*sector, years"):
        code_frequencies(evidence, grouping="attribute", attribute="age")
    with pytest.raises(QueryError, match="unknown grouping 'coder'"):
        code_frequencies(evidence, grouping="coder")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="unknown unit 'chapter'"):
        code_cooccurrence(evidence, "chapter")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="unknown document 'D9'"):
        retrieve_segments(evidence, ["contexto"], documents=["D9"])


# --- co-occurrence -------------------------------------------------------------------------------


def summary(pairs: Iterable[CooccurrencePair]) -> dict[tuple[str, str], tuple[int, int, float]]:
    return {(p.code_a, p.code_b): (p.both, p.either, p.jaccard) for p in pairs}


def test_cooccurrence_by_paragraph(evidence: EvidenceIndex) -> None:
    table = code_cooccurrence(evidence, "paragraph")
    assert dict(table.occurrences) == {
        "vision.presente": 3,
        "vision.ausente": 1,
        "info.flujo": 1,
        "info.ausente": 1,
        "contexto": 2,
    }
    assert summary(table.pairs) == {
        ("vision.presente", "vision.ausente"): (1, 3, pytest.approx(1 / 3)),
        ("vision.presente", "info.ausente"): (1, 3, pytest.approx(1 / 3)),
        ("vision.presente", "contexto"): (1, 4, 0.25),
    }
    pair = table.pair("contexto", "vision.presente")
    assert pair is not None
    assert set(pair.segment_ids) == ids(6, 7, 8) and pair.document_ids == ("doc:D3",)
    assert table.outside_units == ()
    assert set(table.occurrence_ids["vision.presente"]) == ids(1, 5, 7, 8)


def test_cooccurrence_by_sentence(evidence: EvidenceIndex) -> None:
    table = code_cooccurrence(evidence, "sentence")
    assert summary(table.pairs) == {("vision.presente", "contexto"): (2, 5, 0.4)}
    assert table.occurrences["vision.presente"] == 4


def test_cooccurrence_by_turn_reports_codings_outside_turns(evidence: EvidenceIndex) -> None:
    table = code_cooccurrence(evidence, "turn")
    assert summary(table.pairs) == {
        ("vision.presente", "vision.ausente"): (1, 2, 0.5),
        ("vision.presente", "info.ausente"): (1, 2, 0.5),
    }
    assert set(table.outside_units) == ids(6, 7, 8)  # D3 has no speaker turns
    assert set(table.occurrence_ids["vision.presente"]) == ids(1, 5)


def test_cooccurrence_by_document(evidence: EvidenceIndex) -> None:
    table = code_cooccurrence(evidence, "document")
    assert summary(table.pairs) == {
        ("vision.presente", "vision.ausente"): (1, 3, pytest.approx(1 / 3)),
        ("vision.presente", "info.flujo"): (1, 3, pytest.approx(1 / 3)),
        ("vision.presente", "info.ausente"): (1, 3, pytest.approx(1 / 3)),
        ("vision.presente", "contexto"): (2, 3, pytest.approx(2 / 3)),
        ("info.flujo", "info.ausente"): (1, 1, 1.0),
        ("info.flujo", "contexto"): (1, 2, 0.5),
        ("info.ausente", "contexto"): (1, 2, 0.5),
    }
    pair = table.pair("vision.presente", "contexto")
    assert pair is not None and set(pair.segment_ids) == ids(1, 9, 6, 7, 8)


def test_cooccurrence_by_overlap(evidence: EvidenceIndex) -> None:
    table = code_cooccurrence(evidence, "overlap")
    # runs of vision.presente or contexto: D1 s9, D1 s1, D2 s5, D3 {s6 s7 s8}; one holds both
    assert summary(table.pairs) == {("vision.presente", "contexto"): (1, 4, 0.25)}
    assert table.occurrences["vision.presente"] == 4
    assert table.occurrences["contexto"] == 2
    assert set(table.occurrence_ids["contexto"]) == ids(6, 9)


def test_cooccurrence_with_descendants_skips_ancestors(evidence: EvidenceIndex) -> None:
    table = code_cooccurrence(
        evidence, "document", codes=["vision", "vision.presente", "info"], include_descendants=True
    )
    assert summary(table.pairs) == {
        ("vision", "info"): (1, 3, pytest.approx(1 / 3)),
        ("vision.presente", "info"): (1, 3, pytest.approx(1 / 3)),
    }


# --- retrieval -----------------------------------------------------------------------------------


def test_retrieve_with_character_context(evidence: EvidenceIndex) -> None:
    found = retrieve_segments(evidence, ["vision.presente"], context=5)
    assert [s.evidence_id for s in found] == ["seg:1", "seg:5", "seg:7", "seg:8"]
    first = found[0]
    assert (first.before, first.text, first.after) == ("\nP1: ", "Compartimos una visión", ". No ")
    assert (first.document, first.document_id, first.start, first.end) == ("D1", "doc:D1", 21, 43)
    assert (first.coder, first.cases, first.whole_document) == ("ana", ("ent1",), False)
    last = found[-1]
    assert last.after == "."  # cut at the end of the document


def test_retrieve_with_enclosing_units(evidence: EvidenceIndex) -> None:
    (segment_5,) = retrieve_segments(
        evidence, ["vision.presente"], unit="sentence", documents=["D2"]
    )
    assert (segment_5.before, segment_5.text, segment_5.after) == (
        "Aunque ",
        "hay una visión mínima",
        ".",
    )
    (turn,) = retrieve_segments(evidence, ["info.ausente"], unit="turn")
    assert turn.before == "Compartimos una visión. " and turn.after == "."
    (no_turn,) = retrieve_segments(evidence, ["vision.presente"], unit="turn", cases=["org"])
    assert (no_turn.evidence_id, no_turn.before, no_turn.after) == ("seg:7", "", "")


def test_retrieve_whole_document_and_folders(evidence: EvidenceIndex) -> None:
    whole = [s for s in retrieve_segments(evidence, ["contexto"]) if s.whole_document]
    assert len(whole) == 1 and whole[0].text == D3 and whole[0].before == whole[0].after == ""
    rolled = retrieve_segments(evidence, ["vision"], include_descendants=True)
    assert {s.evidence_id for s in rolled} == ids(1, 4, 5, 7, 8)
    assert {s.code for s in rolled} == {"vision"}


# --- consensus -----------------------------------------------------------------------------------


def test_code_consensus_counts_interviewees(evidence: EvidenceIndex) -> None:
    result = code_consensus(evidence, "vision.presente")
    assert (result.basis, result.k, result.n, result.share) == ("participants", 2, 2, 1.0)
    assert result.population == ("P1", "P2")  # E is the interviewer
    assert dict(result.segment_ids) == {"P1": ("seg:1",), "P2": ("seg:5",)}
    assert set(result.unattributed) == ids(7, 8)  # the report has no interviewee
    assert result.sentence("en") == "2 of 2 interviewees mention “en vision.presente”"
    assert result.sentence("es") == "2 de 2 personas entrevistadas mencionan «es vision.presente»"


def test_interviewer_turn_falls_back_to_the_interviewee_case(evidence: EvidenceIndex) -> None:
    result = code_consensus(evidence, "contexto")
    # seg 9 is in the interviewer's turn of D1: it goes to ent1, that is P1
    assert (result.k, result.interviewees, result.unattributed) == (1, ("P1",), ("seg:6",))
    assert result.sentence("en") == "1 of 2 interviewees mentions “en contexto”"
    assert result.sentence("es") == "1 de 2 personas entrevistadas menciona «es contexto»"


def test_pair_consensus_positions(evidence: EvidenceIndex) -> None:
    vision = pair_consensus(evidence, "vision.presente", "vision.ausente")
    assert [(p.interviewee, p.position) for p in vision.positions] == [("P1", 1), ("P2", 0)]
    assert (vision.positive_only, vision.negative_only, vision.both, vision.silent) == (1, 0, 1, 0)
    assert vision.positions[1].negative_ids == ("seg:4",)
    assert vision.sentence("en") == (
        "1 of 2 interviewees only “en vision.presente”, 0 only “en vision.ausente”, 1 both; "
        "0 neither"
    )
    assert vision.sentence("es") == (
        "1 de 2 personas entrevistadas solo «es vision.presente», 0 solo «es vision.ausente», "
        "1 ambas posiciones; 0 ninguna"
    )
    info = pair_consensus(evidence, "info.flujo", "info.ausente")
    assert [(p.interviewee, p.position) for p in info.positions] == [("P1", 0), ("P2", None)]
    assert info.document_ids == ("doc:D1",)
    with pytest.raises(QueryError, match="unknown language 'fr'"):
        info.sentence("fr")


def test_polar_pairs_come_from_sibling_codes(evidence: EvidenceIndex) -> None:
    assert polar_pairs(evidence) == (
        ("vision.presente", "vision.ausente"),
        ("info.flujo", "info.ausente"),
    )


def test_consensus_on_interviewee_cases_without_turns() -> None:
    text_a, text_b = "Hay visión común.", "No hay visión."
    snapshot = EvidenceSnapshot(
        documents=(
            DocumentRecord("A", "interview", "A", text_a, "es", None, None, None, None),
            DocumentRecord("B", "interview", "B", text_b, "es", None, None, None, None),
        ),
        qual_cases=tuple(
            QualCaseRecord(key, None, "interviewee", None, None, MappingProxyType({}), links)
            for key, links in (("x", (("A", None, None),)), ("y", (("B", None, None),)), ("z", ()))
        ),
        codes=(
            code("v", None, None, False),
            code("v.si", "v", "present"),
            code("v.no", "v", "absent"),
        ),
        codings=(
            CodingRecord("seg:1", "A", 0, 5, "v.si", "ana", "human", None),
            CodingRecord("seg:2", "B", 0, 2, "v.no", "ana", "human", None),
            CodingRecord("seg:3", "B", None, None, "v.si", "ana", "human", None),
        ),
    )
    result = pair_consensus(snapshot, "v.si", "v.no")
    assert (result.basis, result.n) == ("qual_cases", 3)
    assert [(p.interviewee, p.position) for p in result.positions] == [
        ("x", 1),
        ("y", 0),
        ("z", None),
    ]
    assert code_consensus(snapshot, "v.si").k == 2


# --- edges ---------------------------------------------------------------------------------------


def test_polar_pairs_of_the_default_codebook_survive_the_store_round_trip() -> None:
    from dataclasses import asdict

    from concierto.codebook.default import default_codebook

    book = default_codebook()
    records = []
    for item in book.codes:
        # the store keeps mappings without empty values, and Metcalfe levels as a list
        mappings = {k: v for k, v in asdict(item.mappings).items() if v not in (None, (), False)}
        if "metcalfe_levels" in mappings:
            mappings["metcalfe_levels"] = list(mappings["metcalfe_levels"])
        records.append(
            CodeRecord(
                item.id,
                item.parent,
                item.codable,
                item.label.es or item.id,
                item.label.en,
                item.polarity,
                MappingProxyType(mappings),
            )
        )
    expected = tuple((p.positive.id, p.negative.id) for p in book.polar_pairs())
    assert ("vision.presente", "vision.ausente") in expected
    assert polar_pairs(EvidenceSnapshot(codes=tuple(records))) == expected


def test_empty_evidence_gives_empty_results() -> None:
    empty = EvidenceSnapshot(codes=(code("a", None, "present"), code("b", None, "absent")))
    assert code_frequencies(empty).rows == ()
    assert code_frequencies(empty, grouping="case").rows == ()
    assert code_cooccurrence(empty, "overlap").pairs == ()
    assert code_cooccurrence(empty, "sentence").pairs == ()
    assert retrieve_segments(empty) == ()
    result = code_consensus(empty, "a")
    assert (result.k, result.n, result.share, result.basis) == (0, 0, None, "qual_cases")
    assert result.sentence("en") == "0 of 0 interviewees mention “en a”"
    matrix = code_attribute_matrix(
        EvidenceSnapshot(attributes=MappingProxyType({"g": "text"})), "g"
    )
    assert (matrix.codes, matrix.values, matrix.counts().shape) == ((), (), (0, 0))


def test_a_coding_with_an_unknown_code_is_refused() -> None:
    broken = EvidenceSnapshot(
        documents=(DocumentRecord("D", "report", "D", "abc", None, None, None, None, None),),
        codings=(CodingRecord("seg:1", "D", 0, 1, "ghost", "ana", "human", None),),
    )
    with pytest.raises(QueryError, match="seg:1 refers to an unknown code or document 'ghost'"):
        EvidenceIndex(broken)


def test_negative_context_is_refused(evidence: EvidenceIndex) -> None:
    with pytest.raises(QueryError, match="context must be zero or more"):
        retrieve_segments(evidence, ["contexto"], context=-1)
    with pytest.raises(QueryError, match="unknown case 'nobody'"):
        retrieve_segments(evidence, ["contexto"], cases=["nobody"])


def test_speakers_outside_interviews_map_through_their_cases() -> None:
    """Basis qual_cases (no turns in interviews): a turn by P9 in a focus-group record goes to
    the interviewee case whose participant is P9; a turn by R1, who stands for no case, falls
    back to the document's interviewee cases."""
    group = "P9: Hay visión.\nR1: No la hay.\n"
    units = tuple(
        UnitRecord("G", u.kind, u.start, u.end, u.ordinal, u.speaker) for u in segment(group)
    )
    snapshot = EvidenceSnapshot(
        documents=(
            DocumentRecord("A", "interview", "A", "Sin turnos.", "es", None, None, None, None),
            DocumentRecord("G", "other", "G", group, "es", None, None, None, None),
        ),
        participants=(
            ParticipantRecord("P9", None, None, False, None),
            ParticipantRecord("R1", None, None, False, None),
        ),
        units=units,
        qual_cases=(
            QualCaseRecord("x", None, "interviewee", None, None, MappingProxyType({}), ()),
            QualCaseRecord("z", None, "interviewee", None, "P9", MappingProxyType({}), ()),
            QualCaseRecord(
                "w", None, "interviewee", None, None, MappingProxyType({}), (("G", None, None),)
            ),
        ),
        codes=(code("v", None, "present"),),
        codings=(
            CodingRecord("seg:1", "G", *span_in(group, "Hay visión"), "v", "ana", "human", None),
            CodingRecord("seg:2", "G", *span_in(group, "No la hay"), "v", "ana", "human", None),
        ),
    )
    result = code_consensus(snapshot, "v")
    assert (result.basis, result.population) == ("qual_cases", ("x", "z", "w"))
    assert dict(result.segment_ids) == {"z": ("seg:1",), "w": ("seg:2",)}


def span_in(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)

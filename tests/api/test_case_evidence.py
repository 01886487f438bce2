"""Evidence work through the API: import documents, code by offsets, by matching text and
whole, memos, rule suggestions and their review; bad input leaves the store unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

import concierto
from concierto.api.project import Project

TEXT = "La coordinación es débil. No hay reglas claras. Nadie arbitra entre sectores."
RULES = """rules:
  - id: reglas-ausencia
    code: reglas.ausencia
    keywords: [no hay reglas, nadie arbitra]
    scope: sentence
"""


@pytest.fixture
def interview(tmp_path: Path) -> Path:
    path = tmp_path / "E01.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_import_documents_with_a_qualitative_case(project: Project, interview: Path) -> None:
    case = project.case()
    imported = case.import_documents(
        interview, "interview", qual_case="E01", attributes={"sector": "pcm"}
    )
    (row,) = imported.to_records()
    assert (row["id"], row["kind"], row["characters"], row["sentences"]) == (
        "E01",
        "interview",
        len(TEXT),
        3,
    )
    assert [d["id"] for d in case.documents()] == ["E01"]
    assert case.documents(kind="report").to_records() == []
    assert case.text("E01") == TEXT


def test_import_errors_store_nothing(project: Project, interview: Path, tmp_path: Path) -> None:
    case = project.case()
    with pytest.raises(concierto.InputError, match="unknown document kind 'memoir'"):
        case.import_documents(interview, "memoir")
    with pytest.raises(concierto.InputError, match="no such file"):
        case.import_documents([interview, tmp_path / "missing.txt"])
    with pytest.raises(concierto.InputError, match="--key and --title need a single file"):
        case.import_documents([interview, interview], key="x")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(concierto.IngestError):
        case.import_documents([interview, empty])
    assert len(case.documents()) == 0


def test_codings_by_offsets_match_and_whole(project: Project, interview: Path) -> None:
    case = project.case()
    case.import_documents(interview, "interview")
    (first,) = case.add_coding("E01", "reglas.ausencia", 26, 47, coder="ana").to_records()
    assert first["text"] == "No hay reglas claras."
    matched = case.add_coding("E01", "vision.presente", match="ES", coder="bea")
    # whole words, case folded: "es" of "coordinación es", not the end of "sectores"
    assert [(r["start"], r["end"]) for r in matched] == [(16, 18)]
    assert matched.summary["notes"] == ("1 span matching 'ES' coded in E01",)
    cut = case.add_coding("E01", "vision.presente", 27, 31, coder="bea")
    assert "cuts a word" in cut.summary["notes"][0]
    (snapped,) = case.add_coding("E01", "vision.presente", 27, 31, snap="word", coder="bea")
    assert TEXT[snapped["start"] : snapped["end"]] == "No hay"
    by_viewer = concierto.open(project.location, viewer="carla")
    try:
        (mine,) = by_viewer.case().add_coding("E01", "vision.presente", whole=True)
        assert mine["coder"] == "carla"
    finally:
        by_viewer.close()
    (whole,) = case.add_coding("E01", "reglas.ausencia", whole=True).to_records()
    assert whole["start"] is None and whole["text"] == ""
    codings = case.codings(document="E01")
    assert len(codings) == 6
    assert {r["coder"] for r in case.codings(coder="ana")} == {"ana"}
    assert len(case.codings(code="vision.presente")) == 4


def test_coding_errors_are_typed_and_store_nothing(project: Project, interview: Path) -> None:
    case = project.case()
    case.import_documents(interview, "interview")
    with pytest.raises(concierto.EvidenceError, match=r"offsets 70\.\.90 are outside"):
        case.add_coding("E01", "reglas.ausencia", 70, 90)
    with pytest.raises(concierto.EvidenceError, match="'xyz' does not occur in document"):
        case.add_coding("E01", "reglas.ausencia", match="xyz")
    with pytest.raises(concierto.EvidenceError, match="unknown code"):
        case.add_coding("E01", "no.such.code", 0, 5)
    with pytest.raises(concierto.InputError, match="not several"):
        case.add_coding("E01", "reglas.ausencia", 0, 5, match="La")
    with pytest.raises(concierto.InputError, match="START END CODE"):
        case.add_coding("E01", "reglas.ausencia", 0)
    with pytest.raises(concierto.InputError, match="status='maybe'"):
        case.codings(status="maybe")
    assert len(case.codings(status="all")) == 0


def test_memos_on_targets(project: Project, interview: Path) -> None:
    case = project.case()
    case.import_documents(interview, "interview")
    (coding,) = case.add_coding("E01", "reglas.ausencia", 26, 47).to_records()
    on_case = case.add_memo("Primera lectura.", title="Lectura")
    on_coding = case.add_memo("Dicho con énfasis.", coding=coding["id"], coder="ana")
    memos = {m["id"]: m for m in case.memos()}
    assert memos[on_case]["target_type"] == "case" and memos[on_case]["target"] == "mini"
    assert memos[on_coding]["target"] == coding["id"] and memos[on_coding]["coder"] == "ana"
    assert [m["id"] for m in case.memos(target="coding")] == [on_coding]
    with pytest.raises(concierto.InputError, match="a memo has one target"):
        case.add_memo("x", document="E01", code="reglas.ausencia")
    with pytest.raises(concierto.EvidenceError, match="unknown coding 'seg:999'"):
        case.add_memo("x", coding="seg:999")
    with pytest.raises(concierto.InputError, match="target='nothing'"):
        case.memos(target="nothing")


def test_rule_suggestions_and_review(project: Project, interview: Path, tmp_path: Path) -> None:
    case = project.case()
    case.import_documents(interview, "interview")
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    assert case.suggest_rules(rules) == 2  # sentences 2 and 3
    assert case.suggest_rules(rules) == 0  # already suggested
    waiting = case.suggestions()
    assert [r["text"] for r in waiting] == ["No hay reglas claras.", TEXT[48:]]
    assert len(case.codings()) == 0  # suggestions are not evidence
    first, second = (r["id"] for r in waiting)
    assert case.review(accept=[first], reject=[int(second.removeprefix("seg:"))], by="ana") == (
        1,
        1,
    )
    assert [r["id"] for r in case.codings()] == [first]
    assert len(case.suggestions()) == 0 and len(case.suggestions(status="all")) == 2
    with pytest.raises(concierto.InputError, match="give --accept or --reject"):
        case.review()
    with pytest.raises(concierto.EvidenceError, match="no suggestion seg:999"):
        case.review(accept=[999])
    with pytest.raises(concierto.InputError, match="no such file"):
        case.suggest_rules(tmp_path / "none.yaml")


def test_codes_and_coders(two_coders: Project) -> None:
    codes = {r["id"]: r for r in two_coders.case().codes()}
    assert codes["reglas.ausencia"]["codings"] == 3 and codes["vision.presente"]["codings"] == 1
    assert {r["id"] for r in two_coders.coders()} >= {"A", "B"}


def test_a_blind_viewer_sees_only_own_codings(two_coders: Project) -> None:
    from concierto.evidence.adjudication import set_blind

    with two_coders.session() as session:
        set_blind(session, "A", True)
    blind = concierto.open(two_coders.location, viewer="A")
    try:
        assert {r["coder"] for r in blind.case().codings()} == {"A"}
        with pytest.raises(concierto.InputError, match="codes blind"):
            blind.case().agreement(["A", "B"])
    finally:
        blind.close()

"""Evidence in the store: documents with units and index, codings, codebook, attributes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from concierto.casefile import read_case_folder, save_case
from concierto.casefile.database import resolve_case
from concierto.codebook.default import default_codebook
from concierto.evidence.errors import DuplicateDocumentError, EvidenceError, OffsetError
from concierto.evidence.fulltext import search_units
from concierto.evidence.snapshot import load_evidence
from concierto.evidence.store import (
    add_coding,
    add_document,
    ensure_qual_case,
    link_qual_case,
    set_attribute,
    stored_codebook,
)
from concierto.ingest import load_document
from concierto.model import Coding, Document, Unit
from concierto.store import Store
from text_documents import text_document

TRANSCRIPT = (
    "Entrevistador: ¿Cómo es la coordinación con la DGPP?\r\n\r\n"
    "E01: La coordinación es débil. No hay reglas; cada uno mira su objetivo 🙂.\r\n\r\n"
    "Entrevistador: ¿Y con SERVIR?\r\n\r\n"
    "E01: Con SERVIR coordinamos poco. Las coordinaciones son informales.\r\n"
)


def _file(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _add(store: Store, path: Path, key: str = "E01") -> None:
    with store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, load_document(path), key=key, kind="interview")


def test_document_is_canonical_with_units(mini_store: Store, tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", TRANSCRIPT)
    _add(mini_store, _file(tmp_path, "e01.txt", nfd))
    with mini_store.session() as session:
        doc = session.scalar(select(Document))
        assert doc is not None
        assert doc.text == unicodedata.normalize("NFC", TRANSCRIPT).replace("\r\n", "\n")
        assert doc.length == len(doc.text)
        kinds = dict(session.execute(select(Unit.kind, func.count()).group_by(Unit.kind)).all())
        assert kinds["turn"] == 4 and kinds["paragraph"] == 4
        turns = session.scalars(select(Unit).where(Unit.kind == "turn").order_by(Unit.start))
        spans = [doc.text[t.start : t.end] for t in turns]
        assert spans[1] == "La coordinación es débil. No hay reglas; cada uno mira su objetivo 🙂."
    evidence = load_evidence_of(mini_store)
    speakers = {u.participant for u in evidence.units if u.kind == "turn"}
    assert speakers == {"Entrevistador", "E01"}
    assert [p.interviewer for p in evidence.participants] == [False, True]


def load_evidence_of(store: Store):  # type: ignore[no-untyped-def]
    with store.session() as session:
        return load_evidence(session, resolve_case(session, None).id)


def test_cp1252_text_is_decoded(mini_store: Store, tmp_path: Path) -> None:
    _add(mini_store, _file(tmp_path, "w.txt", "Gestión pública, señor Núñez.\n" * 20, "cp1252"))
    evidence = load_evidence_of(mini_store)
    assert evidence.documents[0].text.startswith("Gestión pública, señor Núñez.")


def test_same_file_twice_is_refused(mini_store: Store, tmp_path: Path) -> None:
    path = _file(tmp_path, "e01.txt", TRANSCRIPT)
    _add(mini_store, path)
    with pytest.raises(DuplicateDocumentError, match="already in the case as document 'E01'"):
        _add(mini_store, path, key="E99")


def test_search_folds_accents_and_inflections(mini_store: Store, tmp_path: Path) -> None:
    _add(mini_store, _file(tmp_path, "e01.txt", TRANSCRIPT))
    with mini_store.session() as session:
        for query in ("coordinacion", "coordinación", "coordinaciones", "COORDINACION"):
            hits = search_units(session, query)
            assert len(hits) == 3, query
        assert search_units(session, "servir coordinamos") != []
        assert search_units(session, "inexistente") == []


def test_coding_offsets_are_checked_and_nothing_is_stored(
    mini_store: Store, tmp_path: Path
) -> None:
    _add(mini_store, _file(tmp_path, "e01.txt", TRANSCRIPT))
    with (
        pytest.raises(OffsetError, match="outside document 'E01'"),
        mini_store.session() as session,
    ):
        case = resolve_case(session, None)
        add_coding(
            session, case, document="E01", code="reglas.ausencia", coder="ana", start=10, end=20
        )
        add_coding(
            session,
            case,
            document="E01",
            code="reglas.ausencia",
            coder="ana",
            start=100,
            end=10_000,
        )
    with mini_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Coding)) == 0


def test_unknown_code_and_folder_code(mini_store: Store, tmp_path: Path) -> None:
    _add(mini_store, _file(tmp_path, "e01.txt", TRANSCRIPT))
    with mini_store.session() as session:
        case = resolve_case(session, None)
        with pytest.raises(LookupError, match="unknown code 'nope'"):
            add_coding(session, case, document="E01", code="nope", coder="ana")
        with pytest.raises(EvidenceError, match="is a folder"):
            add_coding(session, case, document="E01", code="vision", coder="ana")
        with pytest.raises(LookupError, match="unknown document 'E77'"):
            add_coding(session, case, document="E77", code="vision.ausente", coder="ana")


def test_suggestions_do_not_count_until_accepted(mini_store: Store, tmp_path: Path) -> None:
    _add(mini_store, _file(tmp_path, "e01.txt", TRANSCRIPT))
    with mini_store.session() as session:
        case = resolve_case(session, None)
        add_coding(
            session, case, document="E01", code="reglas.ausencia", coder="ana", start=70, end=85
        )
        suggestion = add_coding(
            session,
            case,
            document="E01",
            code="vision.ausente",
            coder="bot",
            start=0,
            end=5,
            origin="rule:r1",
        )
        assert suggestion.status == "suggested"
    evidence = load_evidence_of(mini_store)
    assert [(c.code, c.start, c.end, c.coder) for c in evidence.codings] == [
        ("reglas.ausencia", 70, 85, "ana")
    ]


def test_attributes_are_typed(mini_store: Store, tmp_path: Path) -> None:
    _add(mini_store, _file(tmp_path, "e01.txt", TRANSCRIPT))
    with mini_store.session() as session:
        case = resolve_case(session, None)
        person = ensure_qual_case(session, case, "E01", kind="interviewee", actor="ag-1")
        doc = session.scalar(select(Document))
        assert doc is not None
        link_qual_case(session, person, doc)
        set_attribute(session, case, person, "years", "12")
        set_attribute(session, case, person, "senior", "sí")
        set_attribute(session, case, person, "since", "2014-03")
        with pytest.raises(EvidenceError, match="not a number"):
            set_attribute(session, case, person, "years", "doce")
    evidence = load_evidence_of(mini_store)
    interviewee = evidence.qual_cases[0]
    assert dict(interviewee.attributes) == {"years": 12.0, "senior": True, "since": "2014-03"}
    assert interviewee.actor == "ag-1"
    assert interviewee.links == (("E01", None, None),)
    assert dict(evidence.attributes) == {"years": "number", "senior": "boolean", "since": "date"}


def test_codebook_round_trip_through_the_store(mini_store: Store) -> None:
    with mini_store.session() as session:
        stored = stored_codebook(session, resolve_case(session, None))
    default = default_codebook()
    assert [c.id for c in stored.codes] == [c.id for c in default.codes]
    for mine, theirs in zip(stored.codes, default.codes, strict=True):
        assert mine.label == theirs.label
        assert mine.mappings == theirs.mappings
        assert mine.parent == theirs.parent
        assert mine.definition == theirs.definition


def test_replacing_the_case_keeps_the_evidence(
    mini_store: Store, tmp_path: Path, mini_case: Path
) -> None:
    _add(mini_store, _file(tmp_path, "e01.txt", TRANSCRIPT))
    with mini_store.session() as session:
        case = resolve_case(session, None)
        ensure_qual_case(session, case, "E01", kind="interviewee", actor="ag-1")
        add_coding(
            session, case, document="E01", code="reglas.ausencia", coder="ana", start=70, end=85
        )
    with mini_store.session() as session:
        save_case(session, read_case_folder(mini_case))
    evidence = load_evidence_of(mini_store)
    assert len(evidence.documents) == 1 and len(evidence.codings) == 1
    assert evidence.qual_cases[0].actor == "ag-1"


def test_an_empty_text_is_stored_without_units(mini_store: Store) -> None:
    """Regression: an empty source (REFI-QDA allows them) used to fail on the unit insert."""
    from concierto.evidence.prepare import prepare_text
    empty = text_document("", source="empty source", language=None)
    with mini_store.session() as session:
        document = add_document(session, resolve_case(session, None), prepare_text(empty),
                                key="empty", kind="other")
        assert document.length == 0
        assert session.scalar(select(func.count()).select_from(Unit)) == 0

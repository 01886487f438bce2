"""Storing prepared documents in one call (the bulk import path): checks before any write,
unit ids assigned in the store's order, and index entries aligned with their sentences."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text

from concierto.casefile.database import resolve_case
from concierto.evidence.errors import DuplicateDocumentError, EvidenceError, UnknownReferenceError
from concierto.evidence.fulltext import search_units
from concierto.evidence.prepare import PreparedDocument, prepare_text
from concierto.evidence.store import DocumentRecord, add_document, add_documents
from concierto.model import Document, Unit
from concierto.store import Store
from text_documents import text_document

FIRST = "La rectoría del sistema es difusa. Nadie convoca.\n\nLos sectores planifican solos."
SECOND = "El presupuesto manda. Cada pliego defiende su asignación.\n\nNo hay mesa común."


def _prepared(body: str, source: str | None = None) -> PreparedDocument:
    return prepare_text(text_document(body, source=source))


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as session:
        documents = session.scalar(select(func.count()).select_from(Document))
        units = session.scalar(select(func.count()).select_from(Unit))
        indexed = session.execute(text("SELECT count(*) FROM unit_fts")).scalar()
    return documents or 0, units or 0, indexed or 0


def test_documents_of_one_call_get_units_and_index_in_order(mini_store: Store) -> None:
    with mini_store.session() as session:
        case = resolve_case(session, None)
        stored = add_documents(
            session,
            case,
            [
                (_prepared(FIRST), DocumentRecord("D1", "interview")),
                (_prepared(SECOND), DocumentRecord("D2", "report", title="Informe")),
            ],
        )
        assert [d.key for d in stored] == ["D1", "D2"]
        assert [d.ordinal for d in stored] == [0, 1]
        assert stored[1].title == "Informe"
        # Each sentence unit is indexed under its own lemmas: a word found only in the second
        # document's second sentence leads to exactly that sentence.
        hits = search_units(session, "asignaciones")
        assert len(hits) == 1
        unit = session.get(Unit, hits[0].unit_id)
        assert unit is not None and unit.kind == "sentence"
        assert stored[1].text[unit.start : unit.end] == "Cada pliego defiende su asignación."
        sentences = session.scalar(
            select(func.count()).select_from(Unit).where(Unit.kind == "sentence")
        )
    assert sentences == 6
    assert _counts(mini_store) == (2, 6 + 4, 6)


def test_ids_continue_after_deleted_units_and_the_index_stays_aligned(mini_store: Store) -> None:
    with mini_store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, _prepared(FIRST), key="D1", kind="interview")
        add_document(session, case, _prepared(SECOND), key="D2", kind="interview")
    with mini_store.session() as session:
        session.execute(delete(Document).where(Document.key == "D2"))
    with mini_store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, _prepared(SECOND), key="D3", kind="interview")
        hits = search_units(session, "mesa")
        assert len(hits) == 1
        unit = session.get(Unit, hits[0].unit_id)
        document = session.scalar(select(Document).where(Document.key == "D3"))
        assert unit is not None and document is not None
        assert unit.document_id == document.id
        assert document.text[unit.start : unit.end] == "No hay mesa común."
        assert search_units(session, "convoca")[0].unit_id < unit.id


@pytest.mark.parametrize(
    ("second", "error", "message"),
    [
        (DocumentRecord("D1", "report"), EvidenceError, "a document 'D1' already exists"),
        (DocumentRecord("D2", "memoir"), EvidenceError, "unknown document kind 'memoir'"),
        (DocumentRecord("no id", "report"), EvidenceError, "invalid document id 'no id'"),
        (DocumentRecord("D2", "report", issuing_actor="XX"), UnknownReferenceError, "'XX'"),
    ],
)
def test_a_bad_entry_stores_nothing_of_the_call(
    mini_store: Store, second: DocumentRecord, error: type[Exception], message: str
) -> None:
    before = _counts(mini_store)
    with pytest.raises(error, match=message), mini_store.session() as session:
        case = resolve_case(session, None)
        add_documents(
            session,
            case,
            [(_prepared(FIRST), DocumentRecord("D1", "interview")), (_prepared(SECOND), second)],
        )
    assert _counts(mini_store) == before


def test_the_same_original_twice_in_one_call_names_the_second_file(mini_store: Store) -> None:
    duplicate = pytest.raises(DuplicateDocumentError, match=r"copia\.txt is already in the case")
    with duplicate, mini_store.session() as session:
        case = resolve_case(session, None)
        add_documents(
            session,
            case,
            [
                (_prepared(FIRST, "original"), DocumentRecord("D1", "interview")),
                (
                    _prepared(SECOND, "original"),
                    DocumentRecord("D2", "interview", filename="copia.txt"),
                ),
            ],
        )
    assert _counts(mini_store) == (0, 0, 0)

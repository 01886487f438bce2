"""The coding path every caller shares (CLI, web, rules, bundles): few statements per coding,
the same checks, and a coding that is a live object of the caller's session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

from concierto.casefile.database import resolve_case
from concierto.evidence.errors import OffsetError
from concierto.evidence.store import add_coding, add_document, ensure_coder
from concierto.model import Coder, Coding
from concierto.store import Store
from text_documents import text_document

TEXT = "E01: No hay una visión común entre la PCM y el MEF."


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """The SQL statements the store's engine runs inside the block."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


@pytest.fixture
def with_document(mini_store: Store) -> Store:
    with mini_store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, text_document(TEXT), key="E01", kind="interview")
        ensure_coder(session, "ana")
    return mini_store


def test_a_coding_by_a_known_coder_costs_two_statements(with_document: Store) -> None:
    """One read of the document, code and coder by key, one insert (it was five reads of
    whole rows, the codebook's JSON decoded, then a flush)."""
    with with_document.session() as session:
        case = resolve_case(session, None)
        with statements(with_document) as seen:
            add_coding(session, case, document="E01", code="vision.ausente", coder="ana",
                       start=5, end=11)
    assert len(seen) == 2, seen
    assert seen[1].lstrip().upper().startswith("INSERT INTO CODING")


def test_the_coding_is_stored_and_live_in_the_session(with_document: Store) -> None:
    with with_document.session() as session:
        case = resolve_case(session, None)
        coding = add_coding(session, case, document="E01", code="vision.ausente", coder="ana",
                            start=5, end=11, memo="nota")
        assert coding in session and coding.id is not None and len(coding.guid) == 36
        coding.memo = "otra nota"  # a later change of the caller reaches the row
        session.flush()
        coding_id = coding.id
    with with_document.session() as session:
        row = session.get(Coding, coding_id)
        assert row is not None
        assert (TEXT[row.start : row.end], row.memo, row.status, row.origin) == (
            "No hay", "otra nota", "accepted", "human"
        )
        assert session.get(Coder, row.coder_id).key == "ana"  # type: ignore[union-attr]


def test_a_new_coder_is_created_with_the_coding(with_document: Store) -> None:
    with with_document.session() as session:
        case = resolve_case(session, None)
        coding = add_coding(session, case, document="E01", code="vision.ausente", coder="nuevo")
        assert (coding.start, coding.end) == (None, None)
        assert session.scalar(select(Coder.id).where(Coder.key == "nuevo")) == coding.coder_id


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 3), (3, 3), (5, len(TEXT) + 1), (10, 4), (0, None)]
)
def test_bad_offsets_are_refused_and_nothing_is_stored(
    with_document: Store, start: int, end: int | None
) -> None:
    with pytest.raises(OffsetError), with_document.session() as session:
        case = resolve_case(session, None)
        add_coding(session, case, document="E01", code="vision.ausente", coder="ana",
                   start=start, end=end)
    with with_document.session() as session:
        assert session.scalar(select(func.count()).select_from(Coding)) == 0


def test_the_last_character_can_be_coded(with_document: Store) -> None:
    with with_document.session() as session:
        case = resolve_case(session, None)
        coding = add_coding(session, case, document="E01", code="vision.ausente", coder="ana",
                            start=len(TEXT) - 1, end=len(TEXT))
        assert TEXT[coding.start : coding.end] == "."  # type: ignore[misc]

"""Adjudication (consensus codings with who and when) and blind coding in the snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from concierto.casefile.database import resolve_case
from concierto.evidence.adjudication import (
    adjudicate,
    coder_by_key,
    open_analysis,
    sees_only_own,
    set_blind,
    visible_coder_id,
)
from concierto.evidence.errors import EvidenceError, OffsetError, UnknownReferenceError
from concierto.evidence.snapshot import load_evidence
from concierto.evidence.store import add_coding, add_document
from concierto.model import Coder, Coding
from concierto.model.coding import CONSENSUS_CODER
from concierto.store import Store
from text_documents import text_document

TEXT = "La coordinación es débil. No hay reglas claras."
X = "reglas.ausencia"


@pytest.fixture
def coded(mini_store: Store) -> Store:
    """The mini case with one document coded by A and by B."""
    with mini_store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, text_document(TEXT, title="D1"), key="D1", kind="interview")
        add_coding(session, case, document="D1", code=X, coder="A", start=0, end=25)
        add_coding(session, case, document="D1", code=X, coder="B", start=26, end=47)
    return mini_store


def test_adjudication_records_a_consensus_coding_with_who_and_when(coded: Store) -> None:
    with coded.session() as session:
        case = resolve_case(session, None)
        coding = adjudicate(session, case, "D1", 0, 25, X, "Lucia")
        coding_id = coding.id
    with coded.session() as session:
        row = session.get(Coding, coding_id)
        assert row is not None
        coder = session.get(Coder, row.coder_id)
        decider = session.get(Coder, row.decided_by_id)
        assert coder is not None and coder.key == CONSENSUS_CODER
        assert decider is not None and decider.key == "Lucia"
        assert (row.start, row.end, row.status) == (0, 25, "accepted")
        assert row.decided_at is not None
        decided = dt.datetime.fromisoformat(row.decided_at)
        assert abs((dt.datetime.now(dt.UTC) - decided).total_seconds()) < 60
        evidence = load_evidence(session, resolve_case(session, None).id)
        assert CONSENSUS_CODER in evidence.coders


def test_adjudication_refuses_bad_input_and_stores_nothing(coded: Store) -> None:
    with (
        pytest.raises(EvidenceError, match="cannot be the coder 'consensus'"),
        coded.session() as session,
    ):
        adjudicate(session, resolve_case(session, None), "D1", 0, 25, X, CONSENSUS_CODER)
    with pytest.raises(OffsetError), coded.session() as session:
        adjudicate(session, resolve_case(session, None), "D1", 40, 400, X, "Lucia")
    with coded.session() as session:
        assert session.scalar(select(Coder).where(Coder.key == CONSENSUS_CODER)) is None


def test_blind_coder_sees_only_own_codings_until_analysis_opens(coded: Store) -> None:
    with coded.session() as session:
        set_blind(session, "A", True)
    with coded.session() as session:
        case = resolve_case(session, None)
        assert sees_only_own(session, case, "A")
        assert not sees_only_own(session, case, "B")
        assert visible_coder_id(session, case, "A") == coder_by_key(session, "A").id
        assert visible_coder_id(session, case, "B") is None
        assert visible_coder_id(session, case, None) is None
        assert {c.coder for c in load_evidence(session, case.id, viewer="A").codings} == {"A"}
        assert {c.coder for c in load_evidence(session, case.id, viewer="B").codings} == {
            "A",
            "B",
        }
        assert {c.coder for c in load_evidence(session, case.id).codings} == {"A", "B"}
        assert open_analysis(session, case) is True
        assert open_analysis(session, case) is False
    with coded.session() as session:
        case = resolve_case(session, None)
        assert not sees_only_own(session, case, "A")
        assert visible_coder_id(session, case, "A") is None
        assert {c.coder for c in load_evidence(session, case.id, viewer="A").codings} == {
            "A",
            "B",
        }


def test_blinding_can_be_lifted_and_precede_coding(coded: Store) -> None:
    with coded.session() as session:
        assert set_blind(session, "newcomer", True).blind is True
        set_blind(session, "A", True)
        set_blind(session, "A", False)
    with coded.session() as session:
        case = resolve_case(session, None)
        assert coder_by_key(session, "newcomer").blind is True
        assert {c.coder for c in load_evidence(session, case.id, viewer="A").codings} == {
            "A",
            "B",
        }
        with pytest.raises(UnknownReferenceError, match="unknown coder 'nobody'"):
            coder_by_key(session, "nobody")
        with pytest.raises(EvidenceError, match="cannot code blind"):
            set_blind(session, CONSENSUS_CODER, True)

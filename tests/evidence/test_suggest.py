"""Mentions, rule suggestions, review, evaluation, cached vectors and overlap in the store."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from concierto.casefile.database import resolve_case
from concierto.evidence.errors import EvidenceError
from concierto.evidence.prepare import prepare_text
from concierto.evidence.snapshot import load_evidence
from concierto.evidence.store import add_coding, add_document
from concierto.evidence.suggest import (
    cached,
    decide_overlap,
    detect_mentions,
    evaluate_suggestions,
    find_overlaps,
    load_rules,
    review,
    run_rules,
    suggest_semantic,
)
from concierto.model import Coding, Embedding, Mention, OverlapCandidate
from concierto.nlp.embed import HashingEmbedder
from concierto.store import Store
from text_documents import text_document

TEXT = (
    "Entrevistador: ¿Coordinan con la Agencia Uno?\n\n"
    "E01: No hay reglas de interacción con AG1. Nadie comparte información.\n\n"
    "Entrevistador: ¿Y el Ministerio A?\n\n"
    "E01: El MA decide solo. Hay un protocolo de intercambio de información con la agencia.\n"
)




@pytest.fixture
def store(mini_store: Store) -> Store:
    with mini_store.session() as session:
        case = resolve_case(session, None)
        add_document(session, case, prepare_text(text_document(TEXT)), key="E01", kind="interview")
    return mini_store


def test_mentions_are_stored(store: Store) -> None:
    with store.session() as session:
        assert detect_mentions(session, resolve_case(session, None)) == 5
        surfaces = session.scalars(select(Mention.surface).order_by(Mention.start)).all()
    # "la agencia" is an alias of Agencia Uno, matched without regard to case.
    assert surfaces == ["Agencia Uno", "AG1", "Ministerio A", "MA", "la agencia"]


def test_rules_suggest_review_and_evaluate(store: Store, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - {id: sin-reglas, code: reglas.ausencia, keywords: [no hay reglas]}\n"
        "  - {id: info, code: informacion.mecanismo, keywords: [protocolo, informacion]}\n",
        encoding="utf-8",
    )
    with store.session() as session:
        case = resolve_case(session, None)
        assert run_rules(session, case, load_rules(rules)) == 3
        assert run_rules(session, case, load_rules(rules)) == 0  # nothing twice
        sentence = TEXT.index("Hay un protocolo")
        add_coding(
            session,
            case,
            document="E01",
            code="informacion.mecanismo",
            coder="ana",
            start=sentence,
            end=sentence + 20,
        )
        scores = evaluate_suggestions(session, case, "rule:")
    info = scores["informacion.mecanismo"]
    assert (info.true_positives, info.false_positives, info.false_negatives) == (1, 1, 0)
    assert info.precision == 0.5 and info.recall == 1.0
    assert scores["reglas.ausencia"].false_positives == 1
    assert load_evidence_of(store) == 1  # suggestions are not evidence yet
    with store.session() as session:
        case = resolve_case(session, None)
        first = session.scalars(select(Coding.id).where(Coding.origin == "rule:sin-reglas")).one()
        assert review(session, case, [first], accept=True, decided_by="ana") == 1
    assert load_evidence_of(store) == 2


def load_evidence_of(store: Store) -> int:
    with store.session() as session:
        return len(load_evidence(session, resolve_case(session, None).id).codings)


def test_bad_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - {id: x, code: a, scope: chapter}\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"bad\.yaml"):
        load_rules(path)
    path.write_text("rules:\n  - {code: a}\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"rules\[0\]\.id: a rule needs `id` and `code`"):
        load_rules(path)


def test_vectors_are_cached(store: Store) -> None:
    embedder = HashingEmbedder()
    with store.session() as session:
        first = cached(session, embedder).encode(["uno dos", "tres", "uno dos"])
        again = cached(session, embedder).encode(["tres"])
        assert session.scalar(select(func.count()).select_from(Embedding)) == 2
    np.testing.assert_allclose(first[0], first[2])
    np.testing.assert_allclose(again[0], embedder.encode(["tres"])[0], atol=1e-6)


def test_semantic_suggestions_are_suggestions(store: Store) -> None:
    with store.session() as session:
        added = suggest_semantic(
            session, resolve_case(session, None), HashingEmbedder(), per_code=2, margin=0.0
        )
        statuses = set(session.scalars(select(Coding.status)))
        origins = set(session.scalars(select(Coding.origin)))
    assert added > 0
    assert statuses == {"suggested"}
    assert origins == {"model:hashing-test-double-64"}


def test_overlap_candidates_and_decisions(store: Store) -> None:
    with store.session() as session:
        case = resolve_case(session, None)
        result = find_overlaps(
            session, case, HashingEmbedder(), model_id="hashing", k=1, threshold=0.5
        )
        candidates = session.scalars(select(OverlapCandidate)).all()
        assert len(candidates) == len(result.pairs) == 1
        decided = decide_overlap(session, case, candidates[0].id, confirm=True, decided_by="ana")
        assert decided.status == "confirmed" and decided.threshold == 0.5


def test_stored_mentions_reach_the_evidence_snapshot(store: Store) -> None:
    with store.session() as session:
        case = resolve_case(session, None)
        detect_mentions(session, case)
        evidence = load_evidence(session, case.id)
    assert [(m.document, m.actor) for m in evidence.mentions] == [
        ("E01", "ag-1"), ("E01", "ag-1"), ("E01", "min-a"), ("E01", "min-a"), ("E01", "ag-1")]
    first = evidence.mentions[0]
    assert TEXT[first.start:first.end] == "Agencia Uno"

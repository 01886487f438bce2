"""Text intelligence in the store: actor mentions, rule and model suggestions (stored as
codings with origin ``rule:<id>`` / ``model:<id>`` and status ``suggested``), their review and
evaluation against human coding, cached vectors, and candidate functional overlaps."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from concierto.evidence.errors import EvidenceError, UnknownReferenceError
from concierto.evidence.store import add_coding, ensure_coder, now
from concierto.i18n import _
from concierto.model import (
    Actor,
    Case,
    Code,
    Coding,
    Document,
    Embedding,
    FunctionStatement,
    Mention,
    OverlapCandidate,
    Unit,
)
from concierto.nlp.embed import Embedder, FloatMatrix, normalise_rows
from concierto.nlp.evaluation import CodedSpan, CodeScore, evaluate
from concierto.nlp.mentions import ActorAlias, MentionFinder
from concierto.nlp.overlap import FunctionStatement as OverlapStatement
from concierto.nlp.overlap import OverlapResult, TextEncoder, functional_overlap
from concierto.nlp.rules import SCOPES, Rule, RuleError, RuleSet

SYSTEM_CODER = "concierto"


def actor_aliases(session: Session, case: Case) -> list[ActorAlias]:
    """How each actor of the case is written (acronyms match in capitals only)."""
    return [
        ActorAlias(actor_id=a.key, name=a.name, acronym=a.acronym, aliases=tuple(a.aliases))
        for a in session.scalars(
            select(Actor).where(Actor.case_id == case.id).order_by(Actor.ordinal)
        )
    ]


def detect_mentions(session: Session, case: Case) -> int:
    """Find every actor mention in the case's documents (replacing earlier ones)."""
    finder = MentionFinder(actor_aliases(session, case))
    actor_ids = dict(
        session.execute(select(Actor.key, Actor.id).where(Actor.case_id == case.id)).all()
    )
    documents = list(session.scalars(select(Document).where(Document.case_id == case.id)))
    if documents:
        session.execute(delete(Mention).where(Mention.document_id.in_([d.id for d in documents])))
    rows = []
    for document in documents:
        for mention in finder.find(document.text):
            rows.append(
                {
                    "document_id": document.id,
                    "actor_id": actor_ids[mention.actor_id],
                    "start": mention.start,
                    "end": mention.end,
                    "surface": mention.surface,
                    "alias": mention.alias,
                }
            )
    if rows:
        session.execute(insert(Mention), rows)
    return len(rows)


def load_rules(path: Path) -> list[Rule]:
    """Read auto-coding rules: ``rules: [{id, code, keywords, regexes, scope}]``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvidenceError(f"{path}: {exc}") from exc
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise EvidenceError(_("{path}: expected `rules:` with a list of rules").format(path=path))
    rules = []
    for position, entry in enumerate(entries):
        where = f"{path}: rules[{position}]"
        if not isinstance(entry, dict) or "id" not in entry or "code" not in entry:
            raise EvidenceError(_("{where}: a rule needs `id` and `code`").format(where=where))
        unknown = set(entry) - {"id", "code", "keywords", "regexes", "scope"}
        if unknown:
            raise EvidenceError(
                _("{where}: unknown field {field}").format(where=where, field=sorted(unknown)[0])
            )
        rules.append(
            Rule(
                id=str(entry["id"]),
                code=str(entry["code"]),
                keywords=tuple(str(k) for k in entry.get("keywords") or ()),
                regexes=tuple(str(r) for r in entry.get("regexes") or ()),
                scope=entry.get("scope", "sentence"),
            )
        )
    try:
        RuleSet(rules)
    except RuleError as exc:
        raise EvidenceError(f"{path}: {exc}") from exc
    return rules


def document_units(
    session: Session, document_ids: Sequence[int]
) -> dict[int, dict[str, list[tuple[int, int]]]]:
    """Units of each document by kind, as sorted (start, end) spans."""
    units: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(
        lambda: {scope: [] for scope in SCOPES}
    )
    for document_id, kind, start, end in session.execute(
        select(Unit.document_id, Unit.kind, Unit.start, Unit.end)
        .where(Unit.document_id.in_(list(document_ids)))
        .order_by(Unit.start)
    ):
        units[document_id][kind].append((start, end))
    return units


def _existing(session: Session, case: Case, origin_prefix: str) -> set[tuple[int, int, int, int]]:
    return {
        (c.document_id, c.start or 0, c.end or 0, c.code_id)
        for c in session.scalars(
            select(Coding).where(Coding.case_id == case.id, Coding.origin.startswith(origin_prefix))
        )
    }


def run_rules(session: Session, case: Case, rules: Sequence[Rule]) -> int:
    """Apply ``rules`` to every document in one pass per document; store new suggestions."""
    codes = set(session.scalars(select(Code.key).where(Code.case_id == case.id)))
    missing = sorted({rule.code for rule in rules} - codes)
    if missing:
        raise UnknownReferenceError(_("unknown code {key!r}").format(key=missing[0]))
    ruleset = RuleSet(rules)
    documents = list(session.scalars(select(Document).where(Document.case_id == case.id)))
    units = document_units(session, [d.id for d in documents])
    code_ids = dict(session.execute(select(Code.key, Code.id).where(Code.case_id == case.id)).all())
    seen = _existing(session, case, "rule:")
    ensure_coder(session, SYSTEM_CODER)
    added = 0
    for document in documents:
        for suggestion in ruleset.autocode(document.text, units[document.id]):
            key = (document.id, suggestion.start, suggestion.end, code_ids[suggestion.code])
            if key in seen:
                continue
            seen.add(key)
            add_coding(
                session,
                case,
                document=document.key,
                code=suggestion.code,
                coder=SYSTEM_CODER,
                start=suggestion.start,
                end=suggestion.end,
                origin=suggestion.origin,
                memo=", ".join(suggestion.matched_terms) or None,
            )
            added += 1
    return added


def review(
    session: Session, case: Case, ids: Sequence[int], *, accept: bool, decided_by: str
) -> int:
    """Accept or reject suggestions; returns how many changed."""
    person = ensure_coder(session, decided_by)
    changed = 0
    for coding_id in ids:
        coding = session.get(Coding, coding_id)
        if coding is None or coding.case_id != case.id or coding.origin == "human":
            raise UnknownReferenceError(_("no suggestion seg:{id}").format(id=coding_id))
        coding.status = "accepted" if accept else "rejected"
        coding.decided_by_id = person.id
        coding.decided_at = now()
        changed += 1
    session.flush()
    return changed


def evaluate_suggestions(
    session: Session, case: Case, origin_prefix: str, unit: str = "sentence"
) -> dict[str, CodeScore]:
    """Precision, recall and F1 per code of the suggestions whose origin starts with
    ``origin_prefix`` against the accepted human codings, matched by unit."""
    if unit not in SCOPES:
        raise EvidenceError(_("unit must be one of {units}").format(units=", ".join(SCOPES)))
    rows = session.execute(
        select(Coding, Code.key, Document.key)
        .join(Code, Code.id == Coding.code_id)
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.case_id == case.id, Coding.start.is_not(None))
    ).all()
    suggested, human = [], []
    for coding, code, document in rows:
        span = CodedSpan(document, code, coding.start or 0, coding.end or 0)
        if coding.origin.startswith(origin_prefix):
            suggested.append(span)
        elif coding.origin == "human" and coding.status == "accepted":
            human.append(span)
    documents = dict(
        session.execute(select(Document.id, Document.key).where(Document.case_id == case.id)).all()
    )
    units = document_units(session, list(documents))
    by_key = {documents[doc_id]: spans[unit] for doc_id, spans in units.items()}
    return evaluate(suggested, human, by_key)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CachedEmbedder:
    """An embedder whose vectors are kept in the store, keyed by model id, version and text."""

    session: Session
    embedder: Embedder

    @property
    def model_id(self) -> str:
        """The wrapped model's id."""
        return self.embedder.model_id

    @property
    def version(self) -> str:
        """The wrapped model's version."""
        return self.embedder.version

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return self.embedder.dim

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """Vectors of ``texts``: cached ones read, the others computed in batch and stored."""
        hashes = [_sha(text) for text in texts]
        found: dict[str, np.ndarray[Any, Any]] = {}
        wanted = sorted(set(hashes))
        for start in range(0, len(wanted), 500):
            for row in self.session.scalars(
                select(Embedding).where(
                    Embedding.model_id == self.model_id,
                    Embedding.model_version == self.version,
                    Embedding.text_sha256.in_(wanted[start : start + 500]),
                )
            ):
                found[row.text_sha256] = np.frombuffer(row.vector, dtype=np.float32)
        missing = [
            (h, t) for h, t in dict(zip(hashes, texts, strict=True)).items() if h not in found
        ]
        if missing:
            vectors = self.embedder.encode([t for _, t in missing])
            for (digest, _text), vector in zip(missing, vectors, strict=True):
                row32 = np.asarray(vector, dtype=np.float32)
                found[digest] = row32
                self.session.add(
                    Embedding(
                        model_id=self.model_id,
                        model_version=self.version,
                        text_sha256=digest,
                        dim=int(row32.shape[0]),
                        vector=row32.tobytes(),
                    )
                )
            self.session.flush()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(np.vstack([found[h] for h in hashes]))


def suggest_semantic(
    session: Session,
    case: Case,
    embedder: Embedder,
    *,
    unit: str = "sentence",
    per_code: int = 5,
    margin: float = 0.05,
    language: str = "es",
    progress: Callable[[str], None] | None = None,
) -> int:
    """Propose codes for units by rank and margin against code definitions and examples.

    Each codable code is represented by the mean vector of its definition, its examples and
    the text of its accepted human codings. A unit is proposed for code c when c is its most
    similar code by at least ``margin`` over the second, and the unit is among the
    ``per_code`` most similar units to c. No fixed cosine threshold is used.
    """
    cached = CachedEmbedder(session, embedder)
    codes = [
        c
        for c in session.scalars(
            select(Code).where(Code.case_id == case.id, Code.codable.is_(True))
        )
    ]
    prototypes = []
    kept = []
    for code in codes:
        texts = [code.definition.get(language) or code.definition.get("es") or ""]
        texts += list(code.examples.get(language) or code.examples.get("es") or [])
        accepted = session.execute(
            select(Document.text, Coding.start, Coding.end)
            .join(Document, Document.id == Coding.document_id)
            .where(
                Coding.code_id == code.id,
                Coding.origin == "human",
                Coding.status == "accepted",
                Coding.start.is_not(None),
            )
        ).all()
        texts += [text[start:end] for text, start, end in accepted]
        texts = [t for t in texts if t.strip()]
        if texts:
            prototypes.append(cached.encode(texts).mean(axis=0))
            kept.append(code)
    if len(kept) < 2:
        return 0
    if progress:
        progress("units")
    documents = list(session.scalars(select(Document).where(Document.case_id == case.id)))
    spans = document_units(session, [d.id for d in documents])
    items = [(d, start, end) for d in documents for start, end in spans[d.id][unit]]
    if not items:
        return 0
    vectors = cached.encode([d.text[s:e] for d, s, e in items])
    similarity = vectors @ normalise_rows(np.vstack(prototypes)).T
    order = np.argsort(-similarity, axis=1)
    best, second = order[:, 0], order[:, 1]
    rows = np.arange(len(items))
    gap = similarity[rows, best] - similarity[rows, second]
    model = f"model:{embedder.model_id}"
    seen = _existing(session, case, "model:")
    ensure_coder(session, SYSTEM_CODER)
    added = 0
    for column, code in enumerate(kept):
        eligible = np.flatnonzero((best == column) & (gap >= margin))
        ranked = eligible[np.argsort(-similarity[eligible, column])][:per_code]
        for index in ranked:
            document, start, end = items[int(index)]
            if (document.id, start, end, code.id) in seen:
                continue
            add_coding(
                session,
                case,
                document=document.key,
                code=code.key,
                coder=SYSTEM_CODER,
                start=start,
                end=end,
                origin=model,
                score=float(similarity[index, column]),
            )
            added += 1
    return added


def find_overlaps(
    session: Session,
    case: Case,
    encoder: TextEncoder,
    *,
    model_id: str,
    k: int = 10,
    threshold: float = 0.8,
) -> OverlapResult:
    """Candidate duplicated functions between different actors, stored for review."""
    rows = session.execute(
        select(FunctionStatement, Actor.key)
        .join(Actor, Actor.id == FunctionStatement.actor_id)
        .where(FunctionStatement.case_id == case.id)
        .order_by(FunctionStatement.ordinal)
    ).all()
    statements = [OverlapStatement(f.key, actor, f.text) for f, actor in rows]
    ids = {f.key: f.id for f, _ in rows}
    result = functional_overlap(statements, encoder, k=k, threshold=threshold)
    existing = {
        (c.function_a_id, c.function_b_id)
        for c in session.scalars(
            select(OverlapCandidate).where(OverlapCandidate.case_id == case.id)
        )
    }
    for pair in result.pairs:
        key = (ids[pair.statement_a], ids[pair.statement_b])
        if key in existing or key[::-1] in existing:
            continue
        session.add(
            OverlapCandidate(
                case_id=case.id,
                function_a_id=key[0],
                function_b_id=key[1],
                similarity=pair.similarity,
                threshold=threshold,
                model_id=model_id,
            )
        )
        existing.add(key)
    session.flush()
    return result


def decide_overlap(
    session: Session, case: Case, candidate_id: int, *, confirm: bool, decided_by: str
) -> OverlapCandidate:
    """Confirm or reject a candidate overlap."""
    candidate = session.get(OverlapCandidate, candidate_id)
    if candidate is None or candidate.case_id != case.id:
        raise UnknownReferenceError(_("no overlap candidate {id}").format(id=candidate_id))
    candidate.status = "confirmed" if confirm else "rejected"
    candidate.decided_by_id = ensure_coder(session, decided_by).id
    candidate.decided_at = now()
    session.flush()
    return candidate


__all__ = [
    "SYSTEM_CODER",
    "CachedEmbedder",
    "decide_overlap",
    "detect_mentions",
    "evaluate_suggestions",
    "find_overlaps",
    "load_rules",
    "review",
    "run_rules",
    "suggest_semantic",
]

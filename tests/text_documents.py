"""A string as the canonical document a reader would give, for tests that store text directly
(importable from every test folder: pytest puts this folder on the path for its conftest)."""

from __future__ import annotations

from concierto.ingest.canonical import CanonicalDocument, canonical_text, sha256_text


def text_document(
    text: str,
    *,
    source: str | None = None,
    title: str | None = None,
    language: str | None = "es",
) -> CanonicalDocument:
    """``text`` canonicalised; the original's hash is that of ``source`` (default ``text``),
    so two documents with the same ``source`` count as the same file imported twice."""
    body = canonical_text(text)
    return CanonicalDocument(
        text=body,
        source_sha256=sha256_text(text if source is None else source),
        text_sha256=sha256_text(body),
        format="txt",
        title=title,
        language=language,
    )

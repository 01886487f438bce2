"""The canonical text of a document: NFC, ``\\n`` line ends, no stray control characters.

Every offset in concierto (units, coded segments, actor mentions) counts code points of this
text, end-exclusive, so it is computed once per document and stored with the hash of the
original bytes (MEASURES.md, M6).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from concierto.ingest.metadata import find_date, guess_title, usable_title
from concierto.ingest.readers.base import ExtractedDocument

HASH_CHUNK_BYTES: Final = 1 << 20
LANGUAGES: Final = ("es", "en")
LANGUAGE_SAMPLE_CHARS: Final = 3_000
"""Language detection reads at most this many characters: enough for a stable vote, and fast."""
MIN_LANGUAGE_SHARE: Final = 0.2
"""Share of sampled words the winning language must recognise for the answer to count."""

# CR LF, lone CR, NEL, LINE SEPARATOR and vertical tab (Word's manual line break when text is
# exported) become one "\n"; PARAGRAPH SEPARATOR and form feed (a page break in PDF text)
# become a blank line so pages never glue into one paragraph.
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\x0b]")
_PARAGRAPH_BREAKS = re.compile("[\u2029\x0c]")
# C0/C1 controls other than tab and newline, the BOM / zero-width no-break space, and the
# noncharacters PDF text layers use for soft hyphens; dropped because they are invisible.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")


def canonical_text(text: str) -> str:
    """``text`` in canonical form: line ends as ``\\n``, invisible controls removed, then NFC."""
    if "\r" in text or "\x85" in text or "\u2028" in text or "\x0b" in text:
        text = _LINE_BREAKS.sub("\n", text)
    if "\x0c" in text or "\u2029" in text:
        text = _PARAGRAPH_BREAKS.sub("\n\n", text)
    text = _INVISIBLE.sub("", text)
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB chunks so memory stays bounded."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``text`` (used to check a stored canonical text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def detect_language(text: str, *, candidates: tuple[str, ...] = LANGUAGES,
                    sample_chars: int = LANGUAGE_SAMPLE_CHARS,
                    min_share: float = MIN_LANGUAGE_SHARE) -> str | None:
    """The most likely language of ``text`` among ``candidates`` (ISO 639-1), or None if unclear.

    Uses simplemma's dictionary-based detector (Barbaresi 2021, simplemma) on a sample taken from
    the start, middle and end, so long documents cost the same as short ones. The winner must
    recognise at least ``min_share`` of the sampled words; tables of figures or lists of names
    get None rather than a guess.
    """
    if len(text) > sample_chars:
        third = sample_chars // 3
        middle = len(text) // 2
        text = " ".join((text[:third], text[middle - third // 2:middle + third // 2],
                         text[-third:]))
    best, score = language_scores(text, candidates)[0]
    if best == "unk" or score < min_share:
        return None
    return str(best)


def language_scores(text: str, candidates: tuple[str, ...]) -> list[tuple[str, float]]:
    """simplemma's ``langdetect`` scores (share of sampled words each language knows, best
    first, ``unk`` last), with its word look-ups remembered across calls: documents of one
    corpus share most of their common words, and a look-up that fails costs a dozen
    strategies."""
    from simplemma.language_detector import LanguageDetector
    from simplemma.token_sampler import MostCommonTokenSampler, RelaxedMostCommonTokenSampler

    scores: list[tuple[str, float]] = []
    # As simplemma: a tie between the two best is broken by a more relaxed word sample.
    for sampler in (MostCommonTokenSampler(), RelaxedMostCommonTokenSampler()):
        detector = LanguageDetector(candidates, sampler, _remembering_strategy())
        proportions = detector.proportion_in_each_language(text)
        scores = sorted(proportions.items(), key=lambda item: (item[0] == "unk", -item[1]))
        if len(scores) == 1 or scores[0][1] != scores[1][1]:
            break
    return scores


@lru_cache(maxsize=1)
def _remembering_strategy() -> Any:
    """simplemma's default lemmatisation strategy behind a bounded cache of its answers."""
    from simplemma.strategies import DefaultStrategy, LemmatizationStrategy

    class Remembering(LemmatizationStrategy):
        def __init__(self) -> None:
            self._get_lemma = lru_cache(maxsize=200_000)(DefaultStrategy().get_lemma)

        def get_lemma(self, token: str, lang: str) -> str | None:
            return self._get_lemma(token, lang)

    return Remembering()


@dataclass(frozen=True)
class CanonicalDocument:
    """What the store keeps of one imported document: the canonical text and its provenance.

    ``source_sha256`` hashes the original file's bytes (so a re-import of the same file is found),
    ``text_sha256`` the canonical text's UTF-8 bytes; ``source_name`` and ``source_size`` (file
    name and bytes) complete the provenance. ``metadata`` holds what the file declares
    (title, author, date …); ``language`` is detected from the text, not trusted from the file.
    """

    text: str
    source_sha256: str
    text_sha256: str
    format: str
    title: str | None
    language: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    source_name: str | None = None
    source_size: int | None = None


def canonicalize(extracted: ExtractedDocument, source_sha256: str, *,
                 source_name: str | None = None, source_size: int | None = None,
                 ) -> CanonicalDocument:
    """Turn a reader's output into the canonical document (text normalised, language detected).

    A title or date the file does not declare (or declares as a mere file name) is guessed from
    the text; ``metadata["title_source"]`` and ``metadata["date_source"]`` say which
    (``file`` or ``text``).
    """
    text = canonical_text(extracted.text)
    metadata = {key: canonical_text(value) for key, value in extracted.metadata.items()}
    title = usable_title(canonical_text(extracted.title)) if extracted.title else None
    if title is not None:
        metadata["title_source"] = "file"
    else:
        title = guess_title(text)
        if title is not None:
            metadata["title_source"] = "text"
    if metadata.get("date"):
        metadata["date_source"] = "file"
    else:
        found = find_date(text)
        if found is not None:
            metadata["date"] = found
            metadata["date_source"] = "text"
    return CanonicalDocument(
        text=text,
        source_sha256=source_sha256,
        text_sha256=sha256_text(text),
        format=extracted.format,
        title=title,
        language=detect_language(text),
        metadata=metadata,
        warnings=extracted.warnings,
        source_name=source_name,
        source_size=source_size,
    )

"""Units of a canonical text: paragraphs, sentences and speaker turns, as code-point spans.

Every span is ``(start, end)`` into the canonical text (NFC, ``\\n``), end-exclusive, trimmed of
surrounding whitespace. Speaker labels (``E03:``, ``Entrevistador:``, ``[SGP-1]`` …) belong to no
paragraph or sentence: they only name the speaker of the turn that follows, and paragraphs and
sentences inside a turn carry that speaker too.

Sentences are split by rules over the punctuation, with a Spanish abbreviation list protecting
``Sr. Pérez``, ``art. 5``, ``D.S. 004-2013-PCM`` and the like (engine ``rules``, the default,
tens of MB/s), or by syntok's segmenter with the same protection applied to its output (engine
``syntok``, about 1 MB/s). Treating a period after a known abbreviation, an initial or an
ordinal as no boundary is the classic approach of Kiss & Strunk (2006), "Unsupervised
multilingual sentence boundary detection", Computational Linguistics 32(4); here the list is
given, not learned.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple

from concierto.i18n import _

UnitKind = Literal["paragraph", "sentence", "turn"]
ParagraphMode = Literal["auto", "blank", "line"]
SentenceEngine = Literal["rules", "syntok"]

SPANISH_ABBREVIATIONS: Final[frozenset[str]] = frozenset({
    # forms of address and titles
    "sr", "sra", "srta", "sres", "sras", "srs", "dr", "dra", "dres", "dras", "drs", "lic",
    "licda", "licdo", "ing", "inga", "arq", "abog", "abg", "prof", "profa", "mg", "mag", "mgtr",
    "mtro", "mtra", "dña", "gral", "cnel", "tte", "cap", "sto", "sta", "ud",
    "uds", "vd", "vds", "excmo", "excma", "ilmo", "ilma", "pdte", "pdta", "sec", "secr",
    # legal and administrative references
    "art", "arts", "inc", "incs", "núm", "núms", "num", "nro", "nros", "n.º", "nº", "n°", "n.o",
    "lit", "pág", "págs", "pag", "pags", "p", "pp", "párr", "parr", "caps", "vol",
    "vols", "ed", "eds", "exp", "expte", "res", "ofic", "of", "dpto", "depto", "dept", "min",
    "gob", "admin", "coord", "dir", "fdo", "tel", "telf", "fig", "figs", "cf", "cfr", "vs", "ej",
    "p.ej", "aprox", "av", "avda", "jr", "cía", "cia",
    "sgte", "sgtes", "ss", "op", "cit", "ibíd", "ibid", "id", "ee", "ant",
    # English
    "mr", "mrs", "ms", "st", "e.g", "i.e", "jan", "feb", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
"""Lower-case abbreviations (without their final period) after which a period ends no sentence."""

NUMBER_SIGNS: Final[frozenset[str]] = frozenset({"no", "n", "nos", "nro", "núm", "num"})
"""Words that, followed by a period and a number, abbreviate "número" (``No. 5``)."""

DEFAULT_SPEAKER_PATTERNS: Final[tuple[str, ...]] = (
    r"\[(?P<speaker>[^\]\n]{1,40})\][ \t]*:?",
    r"(?P<speaker>(?:Entrevistad(?:ora|or|o|a)|Moderadora?|Investigadora?|Participante|"
    r"Interviewer|Interviewee|Moderator)(?:[ \t]*\d{1,3})?|[EPRI]-?\d{0,3})[ \t]*:",
)
"""Speaker labels at the start of a line: ``[SGP-1]``, ``Entrevistador:``, ``E:``, ``E03:`` …

Each pattern must have a named group ``speaker``; they are tried in order at each line start.
"""

_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK: Final = re.compile(r"\n\s*")
_HAS_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")
_CLOSING: Final = "\"'»”’)]"
_CANDIDATE: Final = re.compile(r"([.!?…]+)[\"'»”’)\]]*(\s+)")
_OPENING: Final = "([{«\"'“‘¿¡—–-"
_INITIALISM: Final = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_ENUMERATOR: Final = re.compile(r"(?:\d{1,3}|[ivxlcIVXLC]{1,5}|[a-zA-Z])")


class Unit(NamedTuple):
    """One unit of a document: ``text[start:end]``, the ``ordinal``-th of its kind (from 1).

    A named tuple: a document has thousands of units, and tuples are built, transposed into
    columns and sent to the store several times faster than class instances.
    """

    kind: UnitKind
    start: int
    end: int
    ordinal: int
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class SpeakerLabel:
    """A speaker label found at a line start: its span and the speaker it names."""

    start: int
    end: int
    speaker: str


@dataclass(frozen=True)
class SegmentationOptions:
    """How to cut a text into units; the defaults suit Spanish policy documents and interviews.

    ``paragraph_mode``: ``blank`` (paragraphs end at blank lines), ``line`` (every line break) or
    ``auto`` (blank lines if the text has any, else line breaks). ``speaker_patterns``: regular
    expressions with a group ``speaker`` matched at line starts (empty: no turns).
    ``speaker_aliases`` maps a label as written to the participant's label (``E`` →
    ``Entrevistador``).
    """

    paragraph_mode: ParagraphMode = "auto"
    sentence_engine: SentenceEngine = "rules"
    abbreviations: frozenset[str] = SPANISH_ABBREVIATIONS
    speaker_patterns: tuple[str, ...] = DEFAULT_SPEAKER_PATTERNS
    speaker_aliases: Mapping[str, str] = field(default_factory=dict)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed so the span neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@lru_cache(maxsize=32)
def _compiled_speaker_patterns(patterns: tuple[str, ...],
                               ) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """Each pattern compiled for the first line and for later lines (cached)."""
    compiled: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
    for pattern in patterns:
        label = r"[ \t]*(?:" + pattern + r")[ \t]*"
        try:
            # The text's first line, then every line after a "\n": a literal first character
            # lets the regex engine skip straight to line starts.
            first, later = re.compile(label), re.compile("\n(" + label + ")")
        except re.error as exc:
            raise ValueError(_("speaker pattern {pattern} is not a valid regex: {error}").format(
                pattern=repr(pattern), error=exc)) from exc
        if "speaker" not in first.groupindex:
            raise ValueError(_("speaker pattern {pattern} has no (?P<speaker>…) group").format(
                pattern=repr(pattern)))
        compiled.append((first, later))
    return tuple(compiled)


def speaker_labels(text: str, patterns: Sequence[str] = DEFAULT_SPEAKER_PATTERNS,
                   aliases: Mapping[str, str] | None = None) -> list[SpeakerLabel]:
    """Speaker labels at line starts, in text order; at most one per line (first pattern wins).

    A pattern without a ``speaker`` group, or that is not a valid regex, is a ``ValueError``.
    """
    aliases = aliases or {}
    found: dict[int, SpeakerLabel] = {}
    for first, later in _compiled_speaker_patterns(tuple(patterns)):
        opening = first.match(text)
        matches = [(opening, 0)] if opening else []
        matches.extend((match, 1) for match in later.finditer(text))
        for match, group in matches:
            line_start, label_end = match.start(group), match.end(group)
            if line_start in found or label_end == line_start:
                continue
            raw = " ".join(match.group("speaker").split())
            if raw:
                found[line_start] = SpeakerLabel(line_start, label_end, aliases.get(raw, raw))
    return [found[key] for key in sorted(found)]


def paragraph_spans(text: str, mode: ParagraphMode = "auto",
                    cuts: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Paragraph spans of ``text``; the ``cuts`` spans (speaker labels) are left out of them."""
    if mode == "auto":
        mode = "blank" if _HAS_BLANK_LINE.search(text) else "line"
    separator = _BLANK_LINE if mode == "blank" else _LINE_BREAK
    gaps = [(match.start(), match.end()) for match in separator.finditer(text)]
    if cuts:
        gaps = sorted([*gaps, *cuts])
    spans: list[tuple[int, int]] = []
    position = 0
    for gap_start, gap_end in [*gaps, (len(text), len(text))]:
        if gap_start > position:
            start, end = _trim(text, position, gap_start)
            if end > start:
                spans.append((start, end))
        position = max(position, gap_end)
    return spans


def _word_before(text: str, start: int, position: int) -> tuple[str, int]:
    """The whitespace-delimited word ending at ``position`` (no earlier than ``start``)."""
    space = max(text.rfind(" ", start, position), text.rfind("\n", start, position),
                text.rfind("\t", start, position))
    word_start = max(space + 1, start)
    word = text[word_start:position]
    stripped = word.lstrip(_OPENING)
    return stripped, word_start + len(word) - len(stripped)


def _next_word(text: str, position: int, end: int) -> str:
    """The word starting at ``position`` (only its first 40 characters matter here)."""
    words = text[position:min(end, position + 40)].split(maxsplit=1)
    return words[0] if words else ""


def _period_ends(text: str, word: str, word_is_first: bool, following: str, next_start: int,
                 end: int, abbreviations: frozenset[str]) -> bool:
    """Whether a period after ``word`` (opening punctuation stripped) ends a sentence."""
    lowered = word.lower()
    if lowered in abbreviations:
        return False
    if following.isdigit() and lowered in NUMBER_SIGNS:
        return False
    if word_is_first and _ENUMERATOR.fullmatch(word):
        return False
    if (len(word) == 1 or "." in word) and _INITIALISM.fullmatch(word):
        if len(word) == 1:
            return not word.isupper()  # an upper-case letter is an initial: "J. Pérez"
        after = _next_word(text, next_start, end).lower().rstrip(".")
        return not (following.isdigit() or after in abbreviations or after in NUMBER_SIGNS)
    return True


def ends_sentence(text: str, sentence_start: int, mark_start: int, mark_end: int,
                  next_start: int, end: int,
                  abbreviations: frozenset[str] = SPANISH_ABBREVIATIONS) -> bool:
    """Whether the punctuation ``text[mark_start:mark_end]`` ends a sentence.

    ``next_start`` is the first non-space character after it (``< end``). A period after a known
    abbreviation, an initial, an initialism followed by a number (``D.S. 004``), or an
    enumerator opening the sentence (``1.``) ends nothing; nor does any mark followed by a
    lower-case letter or by ``, ; :``.
    """
    following = text[next_start]
    if following.islower() or following in ",;:":
        return False
    mark = text[mark_start:mark_end].rstrip(_CLOSING)
    if mark != ".":
        return True  # ? ! … and "..." end a sentence before anything but lower case
    word, word_start = _word_before(text, sentence_start, mark_start)
    if not word:
        return True
    return _period_ends(text, word, word_start == sentence_start, following, next_start, end,
                        abbreviations)


@lru_cache(maxsize=16)
def _safe_word_length(abbreviations: frozenset[str]) -> int:
    """Letters that, all just before a period, show the word is no abbreviation nor initialism.

    One more than the longest dot-free abbreviation: such a word is not in the list, is not an
    initialism (those contain dots) and is neither a number sign nor an enumerator.
    """
    plain = [len(item) for item in abbreviations if "." not in item]
    return max([*plain, len(max(NUMBER_SIGNS, key=len)), 5]) + 1


def _rule_sentences(text: str, start: int, end: int,
                    abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` by the punctuation rules."""
    # The common case (a period after an ordinary word, before a capital) is decided inline;
    # only abbreviation-like words go through _period_ends. This loop is the hot path of import.
    chunk = text[start:end]
    size = len(chunk)
    has_tab = "\t" in chunk
    safe_length = _safe_word_length(abbreviations)
    spans: list[tuple[int, int]] = []
    sentence_start = 0
    for match in _CANDIDATE.finditer(chunk):
        next_start = match.end()
        if next_start >= size:
            break
        following = chunk[next_start]
        if following.islower() or following in ",;:":
            continue
        mark_start = match.start()
        if match.group(1) == "." and not (
                mark_start - sentence_start >= safe_length
                and chunk[mark_start - safe_length:mark_start].isalpha()):
            space = max(chunk.rfind(" ", sentence_start, mark_start),
                        chunk.rfind("\n", sentence_start, mark_start))
            if has_tab:
                space = max(space, chunk.rfind("\t", sentence_start, mark_start))
            word_start = max(space + 1, sentence_start)
            word = chunk[word_start:mark_start]
            if word[:1] in _OPENING:
                stripped = word.lstrip(_OPENING)
                word_start += len(word) - len(stripped)
                word = stripped
            # Exactly the cases _period_ends can answer "no" for; anything else ends a sentence.
            if word and (len(word) == 1 or "." in word or word_start == sentence_start
                         or following.isdigit() or word.lower() in abbreviations
                         ) and not _period_ends(
                    chunk, word, word_start == sentence_start, following, next_start, size,
                    abbreviations):
                continue
        spans.append((start + sentence_start, start + match.start(2)))
        sentence_start = next_start
    spans.append(_trim(text, start + sentence_start, end))
    return spans


@lru_cache(maxsize=1)
def _syntok_tokenizer() -> Any:
    """One syntok tokenizer, built on first use."""
    from syntok.tokenizer import Tokenizer

    return Tokenizer()


def _syntok_sentences(text: str, start: int, end: int,
                      abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """syntok's sentences (Leitner's segmenter) with the abbreviation rules merged back in."""
    from syntok import segmenter

    raw: list[tuple[int, int]] = []
    chunk = text[start:end]
    for sentence in segmenter.split(_syntok_tokenizer().tokenize(chunk)):
        if sentence:
            last = sentence[-1]
            raw.append((start + sentence[0].offset, start + last.offset + len(last.value)))
    merged: list[tuple[int, int]] = []
    for span in raw:
        if merged:
            previous_start, previous_end = merged[-1]
            mark_start = previous_end
            while mark_start > previous_start and text[mark_start - 1] in _CLOSING:
                mark_start -= 1
            if mark_start > previous_start and text[mark_start - 1] == "." and not ends_sentence(
                    text, previous_start, mark_start - 1, previous_end, span[0], end,
                    abbreviations):
                merged[-1] = (previous_start, span[1])
                continue
        merged.append(span)
    return merged


def sentence_spans(text: str, start: int = 0, end: int | None = None, *,
                   engine: SentenceEngine = "rules",
                   abbreviations: frozenset[str] = SPANISH_ABBREVIATIONS,
                   ) -> list[tuple[int, int]]:
    """Sentence spans within ``text[start:end]`` (normally one paragraph)."""
    start, end = _trim(text, start, len(text) if end is None else end)
    if end <= start:
        return []
    if engine == "syntok":
        return _syntok_sentences(text, start, end, abbreviations)
    return _rule_sentences(text, start, end, abbreviations)


def turn_spans(text: str, labels: Sequence[SpeakerLabel]) -> list[tuple[int, int, str]]:
    """Each speaker's turn: from the end of its label to the next label, trimmed; empty skipped."""
    turns: list[tuple[int, int, str]] = []
    for index, label in enumerate(labels):
        limit = labels[index + 1].start if index + 1 < len(labels) else len(text)
        start, end = _trim(text, label.end, limit)
        if end > start:
            turns.append((start, end, label.speaker))
    return turns


def iter_units(text: str, options: SegmentationOptions | None = None) -> Iterator[Unit]:
    """The units of a canonical text, lazily: paragraphs, then sentences, then turns, in order.

    Sentences are produced one paragraph at a time, so a caller storing them in batches keeps
    memory bounded however long the text is.
    """
    options = options or SegmentationOptions()
    labels = speaker_labels(text, options.speaker_patterns, options.speaker_aliases)
    turns = turn_spans(text, labels)
    turn_starts = [turn[0] for turn in turns]

    def speaker_at(position: int) -> str | None:
        """The speaker of the turn containing ``position``, if any."""
        index = bisect_right(turn_starts, position) - 1
        if index >= 0 and position < turns[index][1]:
            return turns[index][2]
        return None

    paragraphs = paragraph_spans(text, options.paragraph_mode,
                                 [(label.start, label.end) for label in labels])
    speakers = [speaker_at(start) for start, _ in paragraphs] if turns else [None] * len(
        paragraphs)
    for ordinal, ((start, end), speaker) in enumerate(zip(paragraphs, speakers, strict=True),
                                                      start=1):
        yield Unit("paragraph", start, end, ordinal, speaker)
    ordinal = 0
    for (paragraph_start, paragraph_end), speaker in zip(paragraphs, speakers, strict=True):
        for start, end in sentence_spans(text, paragraph_start, paragraph_end,
                                         engine=options.sentence_engine,
                                         abbreviations=options.abbreviations):
            ordinal += 1
            yield Unit("sentence", start, end, ordinal, speaker)
    for ordinal, (start, end, speaker_label) in enumerate(turns, start=1):
        yield Unit("turn", start, end, ordinal, speaker_label)


def segment(text: str, options: SegmentationOptions | None = None) -> list[Unit]:
    """All units of a canonical text: paragraphs, then sentences, then turns, each in order."""
    return list(iter_units(text, options))

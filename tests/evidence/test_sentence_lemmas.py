"""The index entries of sentences: one pass over the document gives, for every sentence, the
same lemmas as looking its words up one sentence at a time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.evidence.fulltext import SEPARATOR, WORD, lemma, sentence_lemmas

WORDS = ["Coordinación", "coordinaciones", "débil", "¿Quién", "convoca?", "ñandú", "1.º",
         "D.S.", "004-2013-PCM", "🙂", "—", "", " ", "\n", "SERVIR", "años"]


def reference(text: str, sentences: list[tuple[int, int]]) -> list[str]:
    """The per-sentence definition: each word of the sentence, looked up on its own."""
    return [" ".join(lemma(w) for w in WORD.findall(text[s:e])) for s, e in sentences]


def test_a_small_document_by_hand() -> None:
    text = "Las coordinaciones son débiles. ¿Quién convoca?\n\n—"
    sentences = [(0, 31), (32, 47), (49, 50)]
    assert sentence_lemmas(text, sentences) == [
        "el coordinacion ser debil",
        "quien convocar",
        "",
    ]


def test_no_sentences_no_entries() -> None:
    assert sentence_lemmas("Texto sin frases.", []) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.lists(st.tuples(st.integers(0, 300), st.integers(0, 60)), max_size=12),
    st.booleans(),
)
def test_one_pass_equals_one_sentence_at_a_time(
    words: list[str], spans: list[tuple[int, int]], with_separator: bool
) -> None:
    text = " ".join(words) + (SEPARATOR if with_separator else "")
    sentences = [(min(s, len(text)), min(s + n, len(text))) for s, n in spans]
    assert sentence_lemmas(text, sentences) == reference(text, sentences)

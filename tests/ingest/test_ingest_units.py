"""Units: paragraph, sentence and speaker-turn spans in code points of the canonical text."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.ingest.canonical import canonical_text
from concierto.ingest.units import (
    ParagraphMode,
    SegmentationOptions,
    SentenceEngine,
    Unit,
    ends_sentence,
    iter_units,
    paragraph_spans,
    segment,
    sentence_spans,
    speaker_labels,
)

ENGINES: list[SentenceEngine] = ["rules", "syntok"]


def texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("protected", [
    "El Sr. Pérez llegó tarde.",
    "Lo dice el art. 5 de la ley.",
    "Se aprobó por D.S. N.º 004-2013-PCM ayer.",
    "Se aprobó por D.S. 004-2013-PCM ayer.",
    "Lo fija la R.M. 125-2013-PCM en Lima.",
    "Firmó la Ing. García por la tarde.",
    "Firmó el Ing. García por la tarde.",
    "La Sra. Núñez y la Dra. Ruiz votaron.",
    "Según el inc. 3 del núm. 4 no procede.",
    "El Lic. Soto, según la pág. 12, opina.",
    "Según el Oficio N.º 25-2014, procede.",
    "Según el Oficio No. 25-2014 procede.",
    "Lo firmó J. R. Pérez Núñez.",
])
def test_sentences_never_split_inside_protected_abbreviations(engine: SentenceEngine,
                                                              protected: str) -> None:
    text = f"Primera frase. {protected} Última frase."
    assert texts(text, sentence_spans(text, engine=engine)) == [
        "Primera frase.", protected, "Última frase."]


@pytest.mark.parametrize("engine", ENGINES)
def test_spanish_questions_exclamations_and_ellipsis(engine: SentenceEngine) -> None:
    text = "¿Quién coordina? ¡Nadie! Eso dijo... Luego calló."
    assert texts(text, sentence_spans(text, engine=engine)) == [
        "¿Quién coordina?", "¡Nadie!", "Eso dijo...", "Luego calló."]


def test_closing_quotes_stay_with_their_sentence_and_a_fragment_is_a_sentence() -> None:
    text = "Dijo: «Basta.» Luego (en voz baja.) Calló. Fin sin punto"
    assert texts(text, sentence_spans(text)) == [
        "Dijo: «Basta.»", "Luego (en voz baja.)", "Calló.", "Fin sin punto"]


def test_no_split_before_lower_case_or_comma() -> None:
    text = "¿verdad? dijo él. Etc., etc. y así. El 3.5 % subió."
    assert texts(text, sentence_spans(text)) == [
        "¿verdad? dijo él.", "Etc., etc. y así.", "El 3.5 % subió."]


def test_company_suffix_and_urls_end_sentences_before_a_capital() -> None:
    text = "Lo hizo Consultores S.A.C. El informe está en www.pcm.gob.pe. Luego S.A.C. con RUC."
    assert texts(text, sentence_spans(text)) == [
        "Lo hizo Consultores S.A.C.", "El informe está en www.pcm.gob.pe.",
        "Luego S.A.C. con RUC."]


def test_enumerator_at_sentence_start_does_not_end_a_sentence() -> None:
    text = "1. Introducción al diagnóstico. II. Antecedentes del caso."
    assert texts(text, sentence_spans(text)) == [
        "1. Introducción al diagnóstico.", "II. Antecedentes del caso."]


def test_initialism_before_capitalised_word_ends_a_sentence() -> None:
    text = "Viajó a EE.UU. Luego volvió."
    assert texts(text, sentence_spans(text)) == ["Viajó a EE.UU.", "Luego volvió."]


def test_sentence_spans_inside_a_range_are_absolute() -> None:
    text = "Ignorar. Uno dos. Tres cuatro. Ignorar."
    assert sentence_spans(text, 9, 30) == [(9, 17), (18, 30)]
    assert sentence_spans(text, 5, 5) == []


def test_paragraph_modes() -> None:
    text = "  Uno\nsigue\n\n \n Dos  \n\nTres"
    assert texts(text, paragraph_spans(text, "blank")) == ["Uno\nsigue", "Dos", "Tres"]
    assert texts(text, paragraph_spans(text, "line")) == ["Uno", "sigue", "Dos", "Tres"]
    assert texts(text, paragraph_spans(text)) == ["Uno\nsigue", "Dos", "Tres"]
    assert texts("a\nb", paragraph_spans("a\nb")) == ["a", "b"]  # auto: no blank line


def test_offsets_are_code_points_after_normalisation_with_emoji_and_crlf() -> None:
    raw = unicodedata.normalize("NFD", "¡Hola 👋🏽! ¿Qué tal, señor Núñez?\r\n\r\nAño 😀 nuevo.")
    text = canonical_text(raw)
    units = segment(text)
    sentences = [unit for unit in units if unit.kind == "sentence"]
    assert [(unit.start, unit.end) for unit in sentences] == [(0, 9), (10, 32), (34, 46)]
    assert [text[unit.start:unit.end] for unit in sentences] == [
        "¡Hola 👋🏽!", "¿Qué tal, señor Núñez?", "Año 😀 nuevo."]
    paragraphs = [unit for unit in units if unit.kind == "paragraph"]
    assert [(unit.start, unit.end, unit.ordinal) for unit in paragraphs] == [
        (0, 32, 1), (34, 46, 2)]


TRANSCRIPT = (
    "Entrevista 3 — Lima, 2024\n"
    "E: ¿Cómo se coordinan con la PCM?\n"
    "E03: Bueno. El Sr. Pérez nos llama.\n"
    "Y a veces no.\n"
    "[SGP-1] Nosotros convocamos.\n"
    "Entrevistadora: Gracias.\n"
)


def test_speaker_labels_default_patterns() -> None:
    labels = speaker_labels(TRANSCRIPT)
    assert [(label.speaker, TRANSCRIPT[label.start:label.end]) for label in labels] == [
        ("E", "E: "), ("E03", "E03: "), ("SGP-1", "[SGP-1] "),
        ("Entrevistadora", "Entrevistadora: ")]


def test_turns_with_speakers_and_units_inside_them() -> None:
    units = segment(TRANSCRIPT, SegmentationOptions(speaker_aliases={"E": "Entrevistador"}))
    turns = [unit for unit in units if unit.kind == "turn"]
    assert [(TRANSCRIPT[u.start:u.end], u.speaker, u.ordinal) for u in turns] == [
        ("¿Cómo se coordinan con la PCM?", "Entrevistador", 1),
        ("Bueno. El Sr. Pérez nos llama.\nY a veces no.", "E03", 2),
        ("Nosotros convocamos.", "SGP-1", 3),
        ("Gracias.", "Entrevistadora", 4)]
    sentences = [unit for unit in units if unit.kind == "sentence"]
    assert [(TRANSCRIPT[u.start:u.end], u.speaker) for u in sentences] == [
        ("Entrevista 3 — Lima, 2024", None),
        ("¿Cómo se coordinan con la PCM?", "Entrevistador"),
        ("Bueno.", "E03"), ("El Sr. Pérez nos llama.", "E03"), ("Y a veces no.", "E03"),
        ("Nosotros convocamos.", "SGP-1"), ("Gracias.", "Entrevistadora")]


def test_labels_split_a_paragraph_and_custom_patterns() -> None:
    text = "Notas previas.\n\nMaría: Hola a todos.\nJuan: Buenas.\nNota: esto no es un turno."
    options = SegmentationOptions(speaker_patterns=(r"(?P<speaker>María|Juan)\s*:",))
    units = segment(text, options)
    assert [(text[u.start:u.end], u.speaker) for u in units if u.kind == "paragraph"] == [
        ("Notas previas.", None), ("Hola a todos.", "María"),
        ("Buenas.\nNota: esto no es un turno.", "Juan")]
    assert [u.speaker for u in units if u.kind == "turn"] == ["María", "Juan"]
    assert not [u for u in segment(text, SegmentationOptions(speaker_patterns=()))
                if u.kind == "turn"]


def test_bad_speaker_patterns_are_clear_errors() -> None:
    with pytest.raises(ValueError, match=r"no .*speaker"):
        speaker_labels("E: hola", [r"E:"])
    with pytest.raises(ValueError, match="not a valid regex"):
        speaker_labels("E: hola", [r"(?P<speaker>E"])


def test_label_without_content_is_no_turn() -> None:
    text = "E:\nE03: Sí.\n"
    units = segment(text)
    assert [(u.kind, text[u.start:u.end], u.speaker) for u in units] == [
        ("paragraph", "Sí.", "E03"), ("sentence", "Sí.", "E03"), ("turn", "Sí.", "E03")]


def test_iter_units_is_lazy_and_equal_to_segment() -> None:
    text = "Uno. Dos.\n\nE03: Tres.\n"
    units_iter = iter_units(text)
    assert next(units_iter) == Unit("paragraph", 0, 9, 1, None)
    assert [next(units_iter), *units_iter] == segment(text)[1:]


def test_empty_text_has_no_units() -> None:
    assert segment("") == []
    assert segment(" \n\n ") == []


ALPHABET = [*"aáeéñoü AEÑZ.,;¿?¡!…«»\"()\n\t0123456789", "😀", "Sr.", "art.", "D.S.", "N.º",
            "\n\n", "E03: ", "[SGP-1] "]


def check_invariants(text: str, units: list[Unit]) -> None:
    by_kind: dict[str, list[Unit]] = {"paragraph": [], "sentence": [], "turn": []}
    for unit in units:
        by_kind[unit.kind].append(unit)
        assert 0 <= unit.start < unit.end <= len(text)
        assert not text[unit.start].isspace() and not text[unit.end - 1].isspace()
    for kind_units in by_kind.values():
        assert [u.ordinal for u in kind_units] == list(range(1, len(kind_units) + 1))
        assert all(a.end <= b.start for a, b in itertools.pairwise(kind_units))
    for paragraph in by_kind["paragraph"]:
        inside = [s for s in by_kind["sentence"]
                  if paragraph.start <= s.start and s.end <= paragraph.end]
        assert inside and inside[0].start == paragraph.start and inside[-1].end == paragraph.end
        for a, b in itertools.pairwise(inside):
            assert text[a.end:b.start].strip() == ""
        assert all(s.speaker == paragraph.speaker for s in inside)
    for paragraph in by_kind["paragraph"]:
        owners = [t for t in by_kind["turn"] if t.start <= paragraph.start < t.end]
        assert [t.speaker for t in owners] == ([paragraph.speaker] if paragraph.speaker else [])
        assert all(paragraph.end <= t.end for t in owners)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=80).map("".join),
       st.sampled_from(["auto", "blank", "line"]))
def test_unit_invariants_rules_engine(raw: str, mode: ParagraphMode) -> None:
    text = canonical_text(raw)
    check_invariants(text, segment(text, SegmentationOptions(paragraph_mode=mode)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join))
def test_unit_invariants_syntok_engine(raw: str) -> None:
    text = canonical_text(raw)
    check_invariants(text, segment(text, SegmentationOptions(sentence_engine="syntok")))


def test_engines_agree_on_ordinary_prose() -> None:
    text = ("La Secretaría de Gestión Pública coordina la política. Los ministerios informan "
            "cada trimestre. ¿Se cumplen los plazos? No siempre. El Sr. Pérez lo confirmó "
            "en la reunión del 5 de mayo. La R.M. 125-2013-PCM fija los criterios.")
    assert sentence_spans(text, engine="rules") == sentence_spans(text, engine="syntok")


def reference_sentences(text: str) -> list[tuple[int, int]]:
    """The rules applied the slow way: every candidate mark judged by ends_sentence."""
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in re.finditer(r"([.!?…]+[\"'»”’)\]]*)(\s+)", text):
        if match.end() >= end:
            break
        if ends_sentence(text, sentence_start, match.start(1), match.end(1), match.end(), end):
            spans.append((sentence_start, match.end(1)))
            sentence_start = match.end()
    last = len(text.rstrip())
    if last > sentence_start:
        spans.append((sentence_start, last))
    return spans


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["coordinación", "Perú", "sr", "Sr", "art", "D.S", "J", "a", "1", "II", "No", "5", "Ing",
     "approxim", "EE.UU", "«Ley", "(inc", ".", "?", "!", "...", " ", " ", " ", "\n", ",", "»",
     "N.º", "004-2013-PCM", "García", "y"]), min_size=1, max_size=40).map("".join))
def test_fast_rules_match_the_reference_judgement(text: str) -> None:
    if not text.strip():
        return
    assert sentence_spans(text) == reference_sentences(text)

"""Actor mentions: acronyms in capitals only, accents, overlapping aliases, word boundaries."""

from __future__ import annotations

import pytest

from concierto.nlp.mentions import ActorAlias, MentionConfigError, MentionFinder, find_mentions

ACTORS = [
    ActorAlias("servir", "Autoridad Nacional del Servicio Civil", acronym="SERVIR"),
    ActorAlias(
        "pcm-sgp",
        "Secretaría de Gestión Pública",
        acronym="SGP",
        aliases=("Secretaria de Gestion Publica de la PCM",),
    ),
    ActorAlias("pcm", "Presidencia del Consejo de Ministros", acronym="PCM"),
    ActorAlias("mef", "Ministerio de Economía y Finanzas", acronym="MEF"),
    ActorAlias(
        "mef-dgpp",
        "Dirección General de Presupuesto Público",
        aliases=("MEF-DGPP", "DGPP"),
    ),
    ActorAlias("pp", "Presupuesto Público", acronym="PP"),
]


def spans(text: str) -> list[tuple[str, str]]:
    return [(m.actor_id, m.surface) for m in find_mentions(text, ACTORS)]


def test_acronym_that_is_a_word_matches_only_in_capitals() -> None:
    text = "SERVIR debe servir al ciudadano; Servir no es la agencia."
    found = find_mentions(text, ACTORS)
    assert [(m.actor_id, m.start, m.end) for m in found] == [("servir", 0, 6)]


def test_acronym_case_insensitive_when_configured() -> None:
    actors = [ActorAlias("x", "Agencia X", acronym="ONGEI", acronym_case_sensitive=False)]
    assert [m.surface for m in find_mentions("la Ongei y la ONGEI", actors)] == [
        "Ongei",
        "ONGEI",
    ]


def test_name_matches_without_accents_and_in_other_case() -> None:
    text = "La SECRETARIA DE GESTION PUBLICA y la Secretaría de Gestión Pública."
    assert spans(text) == [
        ("pcm-sgp", "SECRETARIA DE GESTION PUBLICA"),
        ("pcm-sgp", "Secretaría de Gestión Pública"),
    ]
    reverse = [ActorAlias("sgp", "Secretaria de Gestion Publica")]
    found = find_mentions("la Secretaría de Gestión Pública", reverse)
    assert [(m.start, m.end, m.alias) for m in found] == [(3, 32, "Secretaria de Gestion Publica")]


def test_longest_alias_wins_when_aliases_overlap() -> None:
    assert spans("El MEF-DGPP y el MEF.") == [("mef-dgpp", "MEF-DGPP"), ("mef", "MEF")]
    assert spans("la Dirección General de Presupuesto Público y el Presupuesto Público") == [
        ("mef-dgpp", "Dirección General de Presupuesto Público"),
        ("pp", "Presupuesto Público"),
    ]
    # The longer alias containing another actor's acronym wins over it.
    assert spans("la Secretaria de Gestion Publica de la PCM") == [
        ("pcm-sgp", "Secretaria de Gestion Publica de la PCM")
    ]


def test_word_boundaries() -> None:
    assert spans("PCMX y XPCM no; (PCM) sí, PCM.") == [("pcm", "PCM"), ("pcm", "PCM")]


def test_offsets_are_on_the_original_text_even_when_folding_expands() -> None:
    text = "Straße: el MEF"
    (mention,) = find_mentions(text, ACTORS)
    assert (mention.start, mention.end) == (11, 14)
    assert text[mention.start : mention.end] == "MEF"


def test_alias_shared_by_two_actors_is_an_error() -> None:
    with pytest.raises(MentionConfigError, match=r"'a'.*'b'"):
        MentionFinder([ActorAlias("a", "Consejo"), ActorAlias("b", "CONSEJO")])


def test_empty_name_is_an_error_naming_the_actor() -> None:
    with pytest.raises(MentionConfigError, match=r"'x'.*name"):
        MentionFinder([ActorAlias("x", " ")])

"""Actor mentions: acronyms in capitals only, accents, overlapping aliases, word boundaries."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.nlp.fold import fold, strip_accents
from concierto.nlp.mentions import ActorAlias, MentionConfigError, MentionFinder, find_mentions
from concierto.nlp.terms import naive_find_all, normalise_term

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


alias_text = st.text(alphabet="aAbB -á", min_size=1, max_size=4).filter(lambda t: t.strip() != "")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(alias_text, st.booleans()), min_size=1, max_size=5),
    st.text(alphabet="aAbB -áÁ.", max_size=50),
)
def test_mentions_are_disjoint_valid_and_longest_first(
    forms: list[tuple[str, bool]], text: str
) -> None:
    actors, seen = [], set()
    for index, (form, is_acronym) in enumerate(forms):
        marker = (
            (" ".join(strip_accents(form).split()), True)
            if is_acronym
            else (
                normalise_term(form),
                False,
            )
        )
        if marker in seen:
            continue
        seen.add(marker)
        if is_acronym:
            actors.append(ActorAlias(f"x{index}", f"name {index} zz", acronym=form))
        else:
            actors.append(ActorAlias(f"x{index}", form))
    found = MentionFinder(actors).find(text)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start
    folded = fold(text)
    assert len(folded) == len(text)  # this alphabet folds one-to-one
    for mention in found:
        assert normalise_term(mention.surface) == normalise_term(mention.alias)
    # Every valid occurrence is chosen or loses to an overlapping mention at least as long.
    entries = [(a.name, False) for a in actors] + [
        (a.acronym, True) for a in actors if a.acronym is not None
    ]
    hits = naive_find_all([alias for alias, _ in entries], folded)
    for hit in hits:
        alias, case_sensitive = entries[hit.term_id]
        surface = text[hit.start : hit.end]
        if case_sensitive and " ".join(strip_accents(surface).split()) != " ".join(
            strip_accents(alias).split()
        ):
            continue
        blockers = [m for m in found if m.start < hit.end and hit.start < m.end]
        assert blockers, (alias, hit)
        assert any(m.end - m.start >= hit.end - hit.start for m in blockers)

"""Rule auto-coding: scopes, accents, regexes, one pass equals one search per term."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concierto.nlp.rules import (
    Rule,
    RuleError,
    RuleSet,
    UnitError,
    autocode,
    fold_regex,
    naive_autocode,
)

TEXT = (
    "Entrevistador: ¿Hay articulación?\n"
    "Funcionaria: La articulación con el MEF es débil. No hay coordinación.\n"
    "\n"
    "Cada sector actúa solo. Falta una visión compartida."
)


def spans_of(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    return [(text.index(p), text.index(p) + len(p)) for p in pieces]


SENTENCES = spans_of(
    TEXT,
    [
        "¿Hay articulación?",
        "La articulación con el MEF es débil.",
        "No hay coordinación.",
        "Cada sector actúa solo.",
        "Falta una visión compartida.",
    ],
)
PARAGRAPHS = [(0, TEXT.index("\n\n")), (TEXT.index("\n\n") + 2, len(TEXT))]
TURNS = [(0, TEXT.index("\nFuncionaria")), (TEXT.index("Funcionaria"), len(TEXT))]
UNITS = {"sentence": SENTENCES, "paragraph": PARAGRAPHS, "turn": TURNS}


def test_sentence_scope_accent_insensitive_keywords() -> None:
    rule = Rule("r1", "coordinacion.debil", keywords=("articulacion", "coordinacion"))
    found = autocode(TEXT, UNITS, [rule])
    assert [(TEXT[s.start : s.end], s.matched_terms) for s in found] == [
        ("¿Hay articulación?", ("articulacion",)),
        ("La articulación con el MEF es débil.", ("articulacion",)),
        ("No hay coordinación.", ("coordinacion",)),
    ]
    assert {s.origin for s in found} == {"rule:r1"}
    assert {s.scope for s in found} == {"sentence"}


def test_paragraph_and_turn_scopes_group_terms_per_unit() -> None:
    rules = [
        Rule("p", "c.p", keywords=("débil", "visión compartida"), scope="paragraph"),
        Rule("t", "c.t", keywords=("articulación",), scope="turn"),
    ]
    found = autocode(TEXT, UNITS, rules)
    assert [(s.rule_id, (s.start, s.end), s.matched_terms) for s in found] == [
        ("t", TURNS[0], ("articulación",)),
        ("p", PARAGRAPHS[0], ("débil",)),
        ("t", TURNS[1], ("articulación",)),
        ("p", PARAGRAPHS[1], ("visión compartida",)),
    ]


def test_regex_is_folded_and_scoped() -> None:
    rule = Rule("re", "sector", regexes=(r"SECTOR\w* act[uú]a",))
    (found,) = autocode(TEXT, UNITS, [rule])
    assert TEXT[found.start : found.end] == "Cada sector actúa solo."
    assert fold_regex(r"Gestión\W+Pública") == r"gestion\W+publica"


def test_occurrence_crossing_units_is_not_counted() -> None:
    rule = Rule("x", "x", keywords=("débil. No hay",))
    assert autocode(TEXT, UNITS, [rule]) == []
    assert len(autocode(TEXT, UNITS, [Rule("x", "x", keywords=("débil. No hay",), scope="turn")]))


def test_bad_rules_and_units_are_reported_precisely() -> None:
    with pytest.raises(RuleError, match=r"rule 'b'.*invalid"):
        RuleSet([Rule("b", "c", regexes=("(",))])
    with pytest.raises(RuleError, match="backreferences"):
        RuleSet([Rule("b", "c", regexes=(r"(a)\1",))])
    with pytest.raises(RuleError, match=r"rule 'g'.*cannot be combined"):
        RuleSet([Rule("a", "c", regexes=("x",)), Rule("g", "c", regexes=("(?i)y",))])
    with pytest.raises(RuleError, match="twice"):
        RuleSet([Rule("a", "c", keywords=("x",)), Rule("a", "d", keywords=("y",))])
    with pytest.raises(UnitError, match="no turn units"):
        autocode(TEXT, {"sentence": SENTENCES}, [Rule("a", "c", keywords=("x",), scope="turn")])
    with pytest.raises(UnitError, match="overlap"):
        autocode("abc", {"sentence": [(0, 2), (1, 3)]}, [Rule("a", "c", keywords=("b",))])


ALPHABET = "aáb -\n."
term = st.text(alphabet=ALPHABET, min_size=1, max_size=4).filter(lambda t: t.strip() != "")
regex = st.sampled_from(["a+", "b.", r"\bab", "a|", "á b", r"(a)(b)?", "[ab]{2}", r"\s"])


Case = tuple[str, dict[str, list[tuple[int, int]]], list[Rule]]


@st.composite
def case(draw: st.DrawFn) -> Case:
    text = draw(st.text(alphabet=ALPHABET, max_size=50))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))) | {0, len(text)})
    units: dict[str, list[tuple[int, int]]] = {
        scope: [] for scope in ("sentence", "paragraph", "turn")
    }
    for start, end in itertools.pairwise(cuts):
        units[draw(st.sampled_from(list(units)))].append((start, end))
    rules = [
        Rule(
            f"r{i}",
            draw(st.sampled_from(["c1", "c2"])),
            keywords=tuple(draw(st.lists(term, max_size=3))),
            regexes=tuple(draw(st.lists(regex, max_size=2))),
            scope=draw(st.sampled_from(["sentence", "paragraph", "turn"])),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    rules = [r if r.keywords or r.regexes else Rule(r.id, r.code, ("a",)) for r in rules]
    return text, units, rules


@settings(max_examples=300, deadline=None)
@given(case())
def test_one_pass_equals_naive(example: Case) -> None:
    text, units, rules = example
    assert autocode(text, units, rules) == naive_autocode(text, units, rules)

"""The codebook model on hand-built codebooks: invariants, lookups, inheritance and polar pairs."""

from __future__ import annotations

import pytest

from concierto.codebook import Code, Codebook, Examples, Mappings, Text
from concierto.codebook.model import dotted_parent, hierarchy_problems


def code(code_id: str, polarity: str | None = None, **mappings: object) -> Code:
    return Code(
        id=code_id,
        label=Text(es=code_id.upper()),
        parent=dotted_parent(code_id),
        polarity=polarity,
        mappings=Mappings(**mappings),  # type: ignore[arg-type]
    )


def test_dotted_parent() -> None:
    assert dotted_parent("a") is None
    assert dotted_parent("a.b") == "a"
    assert dotted_parent("a.b.c") == "a.b"


def test_text_fallback_between_languages() -> None:
    text = Text(es="hola")
    assert text.get("es") == "hola"
    assert text.get("en") == "hola"
    assert text.get("en", fallback=False) is None
    assert Text().get("es") is None and Text().is_empty()
    with pytest.raises(ValueError, match="language 'fr'"):
        text.get("fr")


def test_examples_are_tuples_and_hashable() -> None:
    examples = Examples(es=["uno", "dos"])  # type: ignore[arg-type]
    assert examples.es == ("uno", "dos") and examples.get("en") == ()
    assert hash(examples) == hash(Examples(es=("uno", "dos")))


def test_mappings_normalise_levels_and_check_values() -> None:
    assert Mappings(metcalfe_levels=(8, 7, 8)).metcalfe_levels == (7, 8)
    assert Mappings(metcalfe_levels=(8, 7)).metcalfe_level is None
    assert Mappings(metcalfe_levels=(4,)).metcalfe_level == 4
    assert Mappings().is_empty() and not Mappings(role="overlap").is_empty()
    with pytest.raises(ValueError, match=r"outside 1\.\.9"):
        Mappings(metcalfe_levels=(10,))
    with pytest.raises(ValueError, match="layer 'gossip'"):
        Mappings(layer="gossip")
    with pytest.raises(ValueError, match="sign 2"):
        Mappings(sign=2)
    with pytest.raises(ValueError, match="needs a Metcalfe level"):
        Mappings(metcalfe_denies=True)


def test_code_checks_its_own_fields() -> None:
    assert code("a").name == "a" and code("a.bb").name == "bb"
    assert Code("a", Text(es="A"), color="#abcdef").color == "#ABCDEF"
    with pytest.raises(ValueError, match="dotted slug"):
        Code("a b", Text(es="A"))
    with pytest.raises(ValueError, match="#RRGGBB"):
        Code("a", Text(es="A"), color="#abc")
    with pytest.raises(ValueError, match="polarity 'yes'"):
        Code("a", Text(es="A"), polarity="yes")
    with pytest.raises(ValueError, match="polarity 'absent'"):
        code("a", "present", metcalfe_levels=(2,), metcalfe_denies=True)


def test_support_and_denial_of_metcalfe_levels() -> None:
    deny = code("a", "absent", metcalfe_levels=(7, 8), metcalfe_denies=True)
    assert deny.denies_metcalfe(8) and not deny.supports_metcalfe(8)
    assert not deny.denies_metcalfe(6)
    support = code("b", "present", metcalfe_levels=(5,))
    assert support.supports_metcalfe(5) and not support.denies_metcalfe(5)


def test_codebook_refuses_structural_faults() -> None:
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        Codebook("x", (code("a"), code("a")))
    with pytest.raises(ValueError, match="parent 'a' is not a code"):
        Codebook("x", (code("a.b"),))
    with pytest.raises(ValueError, match="no es label"):
        Codebook("x", (Code("a", Text(en="A")),))
    with pytest.raises(ValueError, match="no en label"):
        Codebook("x", (code("a"),), language="en")
    with pytest.raises(ValueError, match="needs a name"):
        Codebook(" ", ())


def test_hierarchy_problems_finds_cycles_once() -> None:
    problems = hierarchy_problems([("a", "c"), ("b", "a"), ("c", "b"), ("d", None)])
    cycles = [p for p in problems if "cycle" in p.message]
    assert [(p.index, p.message) for p in cycles] == [(0, "parent cycle: a -> c -> b -> a")]
    assert [p.index for p in problems if "disagrees" in p.message] == [0, 1, 2]
    assert hierarchy_problems([("a", None), ("a.b", "a"), ("a.b.c", "a.b")]) == []


def test_self_parent_is_a_cycle() -> None:
    problems = hierarchy_problems([("a", "a")])
    assert [p.message for p in problems if "cycle" in p.message] == ["parent cycle: a -> a"]


@pytest.fixture
def small() -> Codebook:
    return Codebook(
        "small",
        (
            code("f", dimension="interaction_rules"),
            code("f.rule", "present", sign=1, metcalfe_levels=(5,), layer="interaction_rule"),
            code("f.consult", "present", sign=1, metcalfe_levels=(3,)),
            code("f.none", "absent", sign=-1, metcalfe_levels=(5,), metcalfe_denies=True),
            code("f.none.deep", "absent"),
            code("g"),
            code("g.yes", "present"),
            code("g.no", "absent"),
            code("g.mixed", "mixed"),
        ),
    )


def test_lookups_by_id_and_hierarchy(small: Codebook) -> None:
    assert "f.rule" in small and "zz" not in small and len(small) == 9
    assert small.get("zz") is None
    with pytest.raises(KeyError, match="no code 'zz' in codebook 'small'"):
        small["zz"]
    assert [c.id for c in small.roots()] == ["f", "g"]
    assert [c.id for c in small.children("f")] == ["f.rule", "f.consult", "f.none"]
    assert [c.id for c in small.descendants("f")] == [
        "f.rule",
        "f.consult",
        "f.none",
        "f.none.deep",
    ]
    assert [c.id for c in small.path("f.none.deep")] == ["f", "f.none", "f.none.deep"]
    assert small.path_label("f.none.deep", separator="/") == "F/F.NONE/F.NONE.DEEP"


def test_dimension_is_inherited_from_folders(small: Codebook) -> None:
    assert small.dimension_of("f.none.deep") == "interaction_rules"
    assert small.dimension_of("g.yes") is None
    ids = [c.id for c in small.for_dimension("interaction_rules")]
    assert ids == ["f", "f.rule", "f.consult", "f.none", "f.none.deep"]
    assert [c.id for c in small.for_dimension("interaction_rules", -1)] == ["f.none"]


def test_lookups_skip_folders() -> None:
    folder = Code("f", Text(es="F"), codable=False, mappings=Mappings(layer="conflict"))
    book = Codebook("x", (folder, code("f.a", layer="conflict")))
    assert [c.id for c in book.for_layer("conflict")] == ["f.a"]
    assert [c.id for c in book.codable()] == ["f.a"]
    with pytest.raises(ValueError, match="layer 'gossip'"):
        book.for_layer("gossip")
    with pytest.raises(ValueError, match=r"outside 1\.\.9"):
        book.for_metcalfe_level(0)


def test_polar_pairs_one_to_one_and_by_shared_level(small: Codebook) -> None:
    pairs = [(p.positive.id, p.negative.id) for p in small.polar_pairs()]
    # Under f: two present codes, so only the one sharing level 5 pairs with f.none.
    # Under g: one present and one absent code pair whatever their mappings; mixed never pairs.
    assert pairs == [("f.rule", "f.none"), ("g.yes", "g.no")]
    assert [c.id for c in small.opposites("g.no")] == ["g.yes"]
    assert small.opposites("f.consult") == ()
    with pytest.raises(KeyError):
        small.opposites("zz")


def test_codebooks_compare_by_value_and_hash(small: Codebook) -> None:
    same = Codebook("small", tuple(small.codes))
    assert same == small and hash(same) == hash(small)
    assert Codebook("other", tuple(small.codes)) != small

"""The packaged default codebook holds every code of CODEBOOK.md with the mappings it names."""

from __future__ import annotations

import re

import pytest

from concierto.codebook import Codebook, default_codebook, default_codebook_text
from concierto.codebook.model import LANGUAGES

# Every code of shared/design/CODEBOOK.md, in its order.
SPEC_IDS = [
    "vision",
    "vision.presente",
    "vision.ausente",
    "informacion",
    "informacion.mecanismo",
    "informacion.ausencia",
    "reglas",
    "reglas.formales",
    "reglas.ausencia",
    "reglas.consulta",
    "reglas.arbitraje",
    "alineamiento",
    "alineamiento.alineado",
    "alineamiento.desalineado",
    "fragmentacion",
    "fragmentacion.autonomia",
    "fragmentacion.duplicidad",
    "fragmentacion.competencia",
    "centro",
    "centro.conduccion",
    "centro.paradoja",
    "metcalfe",
    *[f"metcalfe.L{k}" for k in range(1, 10)],
    "mecanismo",
    "mecanismo.jerarquia",
    "mecanismo.mercado",
    "mecanismo.red",
    "coherencia",
    "coherencia.horizontal",
    "coherencia.vertical",
    "coherencia.interna",
    "coherencia.temporal",
    "trabajo_conjunto",
]
FOLDERS = {
    "vision",
    "informacion",
    "reglas",
    "alineamiento",
    "fragmentacion",
    "centro",
    "metcalfe",
    "mecanismo",
    "coherencia",
}


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return default_codebook()


def test_default_codebook_has_exactly_the_codes_of_the_design(codebook: Codebook) -> None:
    assert list(codebook.ids) == SPEC_IDS
    assert len(codebook) == 41
    assert {code.id for code in codebook if not code.codable} == FOLDERS
    assert [code.id for code in codebook.roots()] == [
        *sorted(FOLDERS, key=SPEC_IDS.index),
        "trabajo_conjunto",
    ]


def test_default_codebook_header(codebook: Codebook) -> None:
    assert codebook.language == "es"
    assert codebook.provenance == (
        "concierto default codebook (../shared/design/CODEBOOK.md); definitions and examples "
        "written by the concierto team; examples are illustrative"
    )
    text = default_codebook_text()
    assert "format: concierto-codebook/1" in text
    assert text.startswith("#")  # the file documents its own format


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_has_label_and_definition_in_both_languages(
    codebook: Codebook, language: str
) -> None:
    for code in codebook:
        label = code.label.get(language, fallback=False)
        definition = code.definition.get(language, fallback=False)
        assert label and label.strip(), code.id
        assert definition and len(definition) > 40, code.id
        assert code.inclusion.get(language, fallback=False), code.id
        assert code.exclusion.get(language, fallback=False), code.id


def test_codable_codes_have_one_or_two_examples_per_language(codebook: Codebook) -> None:
    for code in codebook:
        for language in LANGUAGES:
            count = len(code.examples.get(language))
            if code.codable:
                assert 1 <= count <= 2, (code.id, language)
            else:
                assert count == 0, (code.id, language)


def test_definitions_are_at_most_three_sentences(codebook: Codebook) -> None:
    # Sentence ends: a full stop followed by a capital, after removing the few abbreviations used.
    for code in codebook:
        for language in LANGUAGES:
            text = str(code.definition.get(language))
            text = re.sub(r"\b(p\. ej|e\.g|i\.e)\.", "", text)
            sentences = len(re.findall(r"[.!?](\s+[A-ZÁÉÍÓÚÑ(]|\s*$)", text))
            assert 1 <= sentences <= 3, (code.id, language, sentences)


def test_labels_follow_the_design_table(codebook: Codebook) -> None:
    expected = {
        "vision": ("Visión compartida", "Shared vision"),
        "informacion": ("Intercambio de información", "Information exchange"),
        "reglas": ("Reglas de interacción", "Rules of interaction"),
        "alineamiento": ("Alineamiento de objetivos", "Objective alignment"),
        "centro": ("Centro de gobierno", "Centre of government"),
        "reglas.arbitraje": ("Arbitraje por el centro", "Arbitration by the centre"),
        "trabajo_conjunto": ("Trabajo conjunto", "Joint work"),
        "metcalfe.L6": ("6. Arbitraje de diferencias", "6. Arbitration of differences"),
    }
    for code_id, (es, en) in expected.items():
        assert (codebook[code_id].label.es, codebook[code_id].label.en) == (es, en)


def test_colours_are_distinct_and_well_formed(codebook: Codebook) -> None:
    colours = [code.color for code in codebook]
    assert all(c is not None and re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)
    assert len(set(colours)) == len(colours)


# (dimension, sign, layer, levels, denies, role, polarity) per code, from CODEBOOK.md.
# fmt: off
MAPPINGS = {
    "vision": ("shared_vision", None, None, (), False, None, None),
    "vision.presente": ("shared_vision", 1, None, (8,), False, None, "present"),
    "vision.ausente": ("shared_vision", -1, None, (8,), True, None, "absent"),
    "informacion": ("information_exchange", None, None, (), False, None, None),
    "informacion.mecanismo": (
        "information_exchange", 1, "information_exchange", (2,), False, None, "present"
    ),
    "informacion.ausencia": ("information_exchange", -1, None, (2,), True, None, "absent"),
    "reglas": ("interaction_rules", None, None, (), False, None, None),
    "reglas.formales": ("interaction_rules", 1, "interaction_rule", (5,), False, None, "present"),
    "reglas.ausencia": ("interaction_rules", -1, None, (5,), True, None, "absent"),
    "reglas.consulta": ("interaction_rules", 1, "consultation", (3,), False, None, "present"),
    "reglas.arbitraje": ("interaction_rules", 1, None, (6,), False, None, "present"),
    "alineamiento": ("objective_alignment", None, None, (), False, None, None),
    "alineamiento.alineado": ("objective_alignment", 1, None, (), False, None, "present"),
    "alineamiento.desalineado": ("objective_alignment", -1, None, (), False, None, "absent"),
    "fragmentacion": (None, None, None, (), False, "context", None),
    "fragmentacion.autonomia": (None, None, None, (), False, "centrifugal", None),
    "fragmentacion.duplicidad": (None, None, None, (), False, "overlap", None),
    "fragmentacion.competencia": (None, None, "conflict", (), False, None, None),
    "centro": (None, None, None, (), False, "context", None),
    "centro.conduccion": (None, None, None, (7, 8), False, None, "present"),
    "centro.paradoja": (None, None, None, (), False, "paradox", "absent"),
    "trabajo_conjunto": (None, None, "joint_work", (5,), False, None, "present"),
    "mecanismo.jerarquia": (None, None, None, (), False, "mechanism_inventory", None),
    "mecanismo.mercado": (None, None, None, (), False, "mechanism_inventory", None),
    "mecanismo.red": (None, None, None, (), False, "mechanism_inventory", None),
    **{
        f"coherencia.{kind}": (None, None, None, (), False, "coherence", "mixed")
        for kind in ("horizontal", "vertical", "interna", "temporal")
    },
    **{
        f"metcalfe.L{k}": (None, None, None, (k,), False, None, "present") for k in range(1, 10)
    },
}
# fmt: on


@pytest.mark.parametrize("code_id", sorted(MAPPINGS))
def test_mappings_follow_the_design_table(codebook: Codebook, code_id: str) -> None:
    code = codebook[code_id]
    m = code.mappings
    found = (m.dimension, m.sign, m.layer, m.metcalfe_levels, m.metcalfe_denies, m.role)
    assert (*found, code.polarity) == MAPPINGS[code_id]


def test_mechanism_and_coherence_kinds(codebook: Codebook) -> None:
    assert [c.id for c in codebook.for_mechanism("hierarchy")] == ["mecanismo.jerarquia"]
    assert [c.id for c in codebook.for_mechanism("market")] == ["mecanismo.mercado"]
    assert [c.id for c in codebook.for_mechanism("network")] == ["mecanismo.red"]
    kinds = {"horizontal": "horizontal", "vertical": "vertical", "internal": "interna"}
    for kind, name in {**kinds, "temporal": "temporal"}.items():
        assert [c.id for c in codebook.for_coherence(kind)] == [f"coherencia.{name}"]


def test_metcalfe_single_level_view(codebook: Codebook) -> None:
    assert codebook["informacion.mecanismo"].mappings.metcalfe_level == 2
    assert codebook["reglas.formales"].mappings.metcalfe_level == 5
    assert codebook["trabajo_conjunto"].mappings.metcalfe_level == 5
    assert codebook["centro.conduccion"].mappings.metcalfe_level is None  # a range, 7–8
    for k in range(1, 10):
        assert codebook[f"metcalfe.L{k}"].mappings.metcalfe_level == k


def test_metcalfe_support_and_denial_by_level(codebook: Codebook) -> None:
    support = {k: [c.id for c in codebook.for_metcalfe_level(k)] for k in range(1, 10)}
    assert support[2] == ["informacion.mecanismo", "metcalfe.L2"]
    assert support[3] == ["reglas.consulta", "metcalfe.L3"]
    assert support[5] == ["reglas.formales", "metcalfe.L5", "trabajo_conjunto"]
    assert support[6] == ["reglas.arbitraje", "metcalfe.L6"]
    assert support[7] == ["centro.conduccion", "metcalfe.L7"]
    assert support[8] == ["vision.presente", "centro.conduccion", "metcalfe.L8"]
    denial = {k: [c.id for c in codebook.for_metcalfe_level(k, denies=True)] for k in range(1, 10)}
    assert denial == {
        1: [], 2: ["informacion.ausencia"], 3: [], 4: [], 5: ["reglas.ausencia"],
        6: [], 7: [], 8: ["vision.ausente"], 9: [],
    }  # fmt: skip


def test_codes_per_layer(codebook: Codebook) -> None:
    by_layer = {layer: [c.id for c in codebook.for_layer(layer)] for layer in (
        "information_exchange", "interaction_rule", "consultation", "joint_work", "funding",
        "authority", "conflict",
    )}  # fmt: skip
    assert by_layer == {
        "information_exchange": ["informacion.mecanismo"],
        "interaction_rule": ["reglas.formales"],
        "consultation": ["reglas.consulta"],
        "joint_work": ["trabajo_conjunto"],
        "funding": [],
        "authority": [],
        "conflict": ["fragmentacion.competencia"],
    }


def test_codes_per_dimension_and_sign(codebook: Codebook) -> None:
    def ids(dimension: str, sign: int | None = None) -> list[str]:
        return [c.id for c in codebook.for_dimension(dimension, sign)]

    assert ids("shared_vision") == ["vision.presente", "vision.ausente"]
    assert ids("shared_vision", 1) == ["vision.presente"]
    assert ids("information_exchange", -1) == ["informacion.ausencia"]
    assert ids("interaction_rules", 1) == ["reglas.formales", "reglas.consulta", "reglas.arbitraje"]
    assert ids("interaction_rules", -1) == ["reglas.ausencia"]
    assert ids("objective_alignment") == ["alineamiento.alineado", "alineamiento.desalineado"]


def test_roles(codebook: Codebook) -> None:
    assert [c.id for c in codebook.for_role("centrifugal")] == ["fragmentacion.autonomia"]
    assert [c.id for c in codebook.for_role("overlap")] == ["fragmentacion.duplicidad"]
    assert [c.id for c in codebook.for_role("paradox")] == ["centro.paradoja"]
    assert len(codebook.for_role("coherence")) == 4
    assert len(codebook.for_role("mechanism_inventory")) == 3
    assert codebook.for_role("context") == ()  # folders only: never applied to segments


def test_polar_pairs(codebook: Codebook) -> None:
    pairs = [(p.positive.id, p.negative.id) for p in codebook.polar_pairs()]
    assert pairs == [
        ("vision.presente", "vision.ausente"),
        ("informacion.mecanismo", "informacion.ausencia"),
        ("reglas.formales", "reglas.ausencia"),
        ("alineamiento.alineado", "alineamiento.desalineado"),
        ("centro.conduccion", "centro.paradoja"),
    ]
    assert [c.id for c in codebook.opposites("reglas.ausencia")] == ["reglas.formales"]
    assert codebook.opposites("reglas.consulta") == ()


def test_hierarchy_lookups(codebook: Codebook) -> None:
    assert [c.id for c in codebook.children("reglas")] == [
        "reglas.formales", "reglas.ausencia", "reglas.consulta", "reglas.arbitraje",
    ]  # fmt: skip
    assert len(codebook.children("metcalfe")) == 9
    assert [c.id for c in codebook.path("metcalfe.L5")] == ["metcalfe", "metcalfe.L5"]
    assert codebook.path_label("vision.ausente") == "Visión compartida › No hay visión común"
    assert codebook.path_label("vision.ausente", "en") == "Shared vision › No common vision"
    assert codebook.dimension_of("vision.ausente") == "shared_vision"
    assert codebook.dimension_of("trabajo_conjunto") is None
    assert codebook.children("trabajo_conjunto") == ()
    assert len(codebook.codable()) == 41 - len(FOLDERS)


def test_default_codebook_is_read_once(codebook: Codebook) -> None:
    assert default_codebook() is codebook

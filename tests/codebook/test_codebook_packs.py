"""The starter codebook holds every code a measure reads, measures' codes first and short; the
packs add the rest (nothing of the full default codebook is lost); ``init`` writes both and a
starter rules file that parses and suggests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.cli import load_app
from concierto.codebook import default_codebook, parse_codebook
from concierto.codebook.model import Code
from concierto.codebook.packs import (
    PACKS,
    PackError,
    pack_codebook,
    starter_codebook,
    starter_codebook_text,
)
from concierto.evidence.suggest import load_rules
from concierto.ingest.units import sentence_spans
from concierto.nlp.rules import RuleSet

app = load_app()
runner = CliRunner()


def _measured(code: Code) -> bool:
    """Mappings some measure reads: a sign (M5/M7), a layer (M2), Metcalfe items (M3), or a
    role the diagnosis counts (M7)."""
    m = code.mappings
    return bool(m.sign or m.layer or m.metcalfe_levels or m.role in ("centrifugal", "paradox"))


def test_the_starter_text_loads_and_is_short() -> None:
    text = starter_codebook_text()
    book = parse_codebook(text, "starter")
    assert [c.id for c in book.codes] == [c.id for c in starter_codebook().codes]
    assert (
        len(text.splitlines())
        < len(
            (Path(__file__).resolve().parents[2] / "src/concierto/data/codebook.yaml")
            .read_text("utf-8")
            .splitlines()
        )
        / 2
    )
    assert all(c.examples.is_empty() and c.inclusion.is_empty() for c in book.codes)
    assert all(not c.definition.is_empty() for c in book.codes if c.codable)


def test_the_starter_holds_every_code_a_measure_maps_to() -> None:
    full = default_codebook()
    starter = parse_codebook(starter_codebook_text())
    measured = [c for c in full.codes if _measured(c)]
    assert len(measured) >= 9 + 8  # Metcalfe's nine levels, four polar pairs at least
    for code in measured:
        assert starter[code.id].mappings == code.mappings, code.id
        assert starter.dimension_of(code.id) == full.dimension_of(code.id)
    assert [(p.positive.id, p.negative.id) for p in starter.polar_pairs()] == [
        (p.positive.id, p.negative.id) for p in full.polar_pairs()
    ]
    for level in range(1, 10):
        assert starter.for_metcalfe_level(level), level
    for layer in ("information_exchange", "interaction_rule", "consultation", "joint_work"):
        assert [c.id for c in starter.for_layer(layer)] == [c.id for c in full.for_layer(layer)]
    # The measures' codes come first: the four polar-pair folders, then Metcalfe's levels.
    roots = [c.id for c in starter.roots()]
    assert roots[:4] == ["vision", "informacion", "reglas", "alineamiento"]
    assert roots.index("metcalfe") < roots.index("trabajo_conjunto")


def test_starter_and_packs_together_are_the_full_codebook() -> None:
    full = default_codebook()
    starter = {c.id for c in starter_codebook().codes}
    packs = {c.id for c in pack_codebook(PACKS).codes}
    assert starter | packs == set(full.ids)
    assert not [c for c in full.codes if c.id not in starter and _measured(c)]
    assert {c.id for c in pack_codebook(["mechanisms"]).codes} == {
        "mecanismo",
        "mecanismo.jerarquia",
        "mecanismo.mercado",
        "mecanismo.red",
    }
    assert pack_codebook(["all"]) == full
    with pytest.raises(PackError, match="mechanisms"):
        pack_codebook(["mechanism"])


def test_init_writes_packs_and_add_pack_adds_them(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    folder = tmp_path / "case"
    result = runner.invoke(app, ["--lang", "en", "init", str(folder), "--pack", "mechanisms"])
    assert result.exit_code == 0, result.output
    book = parse_codebook((folder / "codebook.yaml").read_text("utf-8"))
    assert "mecanismo.red" in book and "coherencia.vertical" not in book
    assert len(book.codes) == len(starter_codebook().codes) + 4
    loaded = runner.invoke(app, ["--lang", "en", "--db", db, "load", str(folder)])
    assert loaded.exit_code == 0, loaded.output
    assert f"{len(book.codes)} codes added" in loaded.output
    added = runner.invoke(app, ["--lang", "en", "--db", db, "codebook", "add-pack", "coherence"])
    assert added.exit_code == 0, added.output
    assert "5 codes added" in added.output  # the coherencia folder and its four codes
    again = runner.invoke(app, ["--lang", "en", "--db", db, "codebook", "add-pack", "coherence"])
    assert "0 codes added" in again.output
    bad = runner.invoke(app, ["--lang", "en", "init", str(tmp_path / "x"), "--pack", "nope"])
    assert bad.exit_code == 1 and "unknown codebook pack 'nope'" in bad.output
    assert not (tmp_path / "x").exists()


def test_the_starter_rules_parse_and_suggest(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    assert runner.invoke(app, ["--lang", "en", "init", str(folder)]).exit_code == 0
    path = folder / "rules.yaml"
    assert "starting point" in path.read_text("utf-8").lower()
    rules = load_rules(path)
    starter = parse_codebook((folder / "codebook.yaml").read_text("utf-8"))
    assert all(rule.code in starter and starter[rule.code].codable for rule in rules)
    text = (
        "En Hacienda cada uno tiene su visión. Firmamos un convenio de intercambio de "
        "información con Salud."
    )
    found = RuleSet(rules).autocode(text, {"sentence": sentence_spans(text)})
    assert sorted((s.code, text[s.start : s.end]) for s in found) == [
        ("informacion.mecanismo", "Firmamos un convenio de intercambio de información con Salud."),
        ("reglas.formales", "Firmamos un convenio de intercambio de información con Salud."),
        ("vision.ausente", "En Hacienda cada uno tiene su visión."),
    ]

"""The data-loss report in Spanish names every element type in Spanish: the keys the import
and export count (fixed ones read from the code, the ones built from a code's fields, a
coding's status and the case tables, and the ones the reader builds from XML names)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concierto.casefile.database import CASE_DATA_MODELS
from concierto.cli import load_app
from concierto.i18n import set_language
from concierto.interop import refi
from concierto.interop.refi.labels import element_label
from concierto.interop.refi.mapping_out import CODE_EXTRAS
from concierto.model.coding import CODING_STATUSES

QUIET = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "quiet"
ENGLISH = re.compile(
    r"\b(Code|Coding|User|Source|Case|Note|NoteRef|Set|Link|Document|Project|Selection|"
    r"PlainTextSelection|VariableValue|PDFSource|TextSource|Description|kind|score|origin|"
    r"label|definition|polarity|mappings|examples|file)\b|_"
)
READER_KEYS = ("TextSource@foo", "Project/Graphs", "PDFSource/PDFSelection", "VideoSource",
               "out-of-range PlainTextSelection", "unreadable TextSource",
               "without text representation: PDFSource", "archive file .pdf")


@pytest.fixture(autouse=True)
def _spanish() -> Iterator[None]:
    set_language("es")
    yield
    set_language(None)


def fixed_keys() -> set[str]:
    """Every string literal passed to a report's drop, alter or keep (or to ``lose``, one of
    them chosen by the exporter) in the REFI package."""
    found: set[str] = set()
    for path in Path(refi.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call)
                    and ((isinstance(node.func, ast.Attribute)
                         and node.func.attr in ("drop", "alter", "keep"))
                         or (isinstance(node.func, ast.Name) and node.func.id == "lose"))
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def built_keys() -> set[str]:
    """The keys the exporter builds from a code's fields, statuses and table names."""
    keys = {f"Code {field} ({language})" for field in ("label", "definition")
            for language in ("es", "en")}
    keys |= {f"Code {extra}" for extra in CODE_EXTRAS}
    keys |= {f"Document {column}" for column in ("date", "citation", "issuing_actor_id")}
    keys |= {f"Coding ({status}, not exported)" for status in CODING_STATUSES
             if status != "accepted"}
    keys |= {str(table.__tablename__) for table in CASE_DATA_MODELS}
    return keys


def test_every_key_has_a_spanish_label() -> None:
    keys = fixed_keys() | built_keys()
    assert {"Coding", "User", "Code polarity", "interaction_score"} <= keys
    english = {}
    for key in sorted(keys):
        label = element_label(key)
        outside = re.sub(r"\([^)]*\)", "", label)  # REFI names in brackets are references
        if label == key or ENGLISH.search(outside):
            english[key] = label
    assert english == {}


def test_reader_keys_are_put_in_spanish_words() -> None:
    labels = {key: element_label(key) for key in READER_KEYS}
    assert labels["TextSource@foo"] == "atributo foo de TextSource"
    assert labels["Project/Graphs"] == "Graphs dentro de Project"
    assert labels["archive file .pdf"] == "archivo .pdf del archivo comprimido"
    assert labels["out-of-range PlainTextSelection"] == (
        "elemento PlainTextSelection fuera de su texto")
    assert all(label != key for key, label in labels.items())
    set_language("en")
    assert element_label("Coding") == "Coding"
    assert element_label("interaction_score") == "case data: interaction scores"


def test_spanish_export_table_has_no_english_element(tmp_path: Path) -> None:
    app, runner, db = load_app(), CliRunner(), str(tmp_path / "a.db")
    assert runner.invoke(app, ["--db", db, "load", str(QUIET)]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "--lang", "es", "refi", "export",
                                 str(tmp_path / "x.qdpx")])
    assert result.exit_code == 0, result.output
    table = result.stdout
    assert "puntuaciones de interacción" in table and "polaridad del código" in table
    for english in ("Coding", "User", "interaction_score", "Code polarity"):
        assert english not in table

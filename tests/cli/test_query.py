"""``concierto query``: each sub-command on a small store built through the evidence API, in
every output format, and the errors a user can run into.

Corpus: interview D1 (interviewer E, interviewee P1) and report D3; interviewee case ent1 on D1
(sector salud) and organisation org on D3 (sector educacion). Codings: seg A "Compartimos una
visión" (tema.si), seg B "No hay datos" (tema.no), seg C "Los datos fluyen" (tema.si), seg D
all of D3 (contexto), seg E "parte [clave]" in D3 (tema.si). Counts below are worked out by hand.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import concierto.cli.query  # registers the sub-app
from concierto.casefile.database import resolve_case
from concierto.cli.app import app
from concierto.cli.casecmds import load_folder
from concierto.codebook.model import Code, Codebook, Text
from concierto.evidence.store import (
    add_coding,
    add_document,
    ensure_qual_case,
    install_codebook,
    link_qual_case,
    set_attribute,
)
from concierto.i18n import set_language
from concierto.store import open_store
from text_documents import text_document

assert concierto.cli.query.query_app is not None

D1 = (
    "E: Pregunta uno.\nP1: Compartimos una visión. No hay datos.\n"
    "E: Pregunta dos.\nP1: Los datos fluyen bien.\n"
)
D3 = "Informe breve. Otra parte [clave] del informe."

runner = CliRunner()
MINI_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "mini"


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    yield
    set_language(None)




def codebook() -> Codebook:
    return Codebook(
        name="test",
        codes=(
            Code("tema", Text(es="Tema", en="Topic"), codable=False),
            Code("tema.si", Text(es="Hay visión", en="Vision present"), "tema", polarity="present"),
            Code("tema.no", Text(es="Sin visión", en="Vision absent"), "tema", polarity="absent"),
            Code("contexto", Text(es="Contexto", en="Context")),
        ),
    )


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("query") / "query.db")
    load_folder(MINI_CASE, path, replace=True)
    store = open_store(path)
    with store.session() as session:
        case = resolve_case(session, None)
        d1 = add_document(session, case, text_document(D1), key="D1", kind="interview")
        d3 = add_document(session, case, text_document(D3), key="D3", kind="report")
        install_codebook(session, case, codebook())
        for document, text, quote, code in (
            ("D1", D1, "Compartimos una visión", "tema.si"),
            ("D1", D1, "No hay datos", "tema.no"),
            ("D1", D1, "Los datos fluyen", "tema.si"),
            ("D3", D3, None, "contexto"),
            ("D3", D3, "parte [clave]", "tema.si"),
        ):
            start, end = span(text, quote) if quote else (None, None)
            add_coding(
                session, case, document=document, code=code, coder="ana", start=start, end=end
            )
        ent1 = ensure_qual_case(session, case, "ent1", kind="interviewee")
        link_qual_case(session, ent1, d1)
        set_attribute(session, case, ent1, "sector", "salud")
        org = ensure_qual_case(session, case, "org", kind="organisation")
        link_qual_case(session, org, d3)
        set_attribute(session, case, org, "sector", "educacion")
    store.close()
    return path


def run(db: str, *args: str) -> Any:
    result = runner.invoke(app, ["--db", db, "--lang", "en", "query", *args])
    assert result.exit_code == 0, result.output
    return result


def as_json(db: str, *args: str) -> Any:
    return json.loads(run(db, *args, "--format", "json").stdout)


def as_csv(db: str, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(db, *args, "--format", "csv").stdout)))


def test_frequency_in_three_formats(db: str) -> None:
    payload = as_json(db, "frequency")
    counts = {row["code"]: (row["segments"], row["sources"]) for row in payload["rows"]}
    assert counts == {"tema.si": (3, 2), "tema.no": (1, 1), "contexto": (1, 1)}
    vision = next(row for row in payload["rows"] if row["code"] == "tema.si")
    assert len(vision["segment_ids"]) == 3 and vision["document_ids"] == ["doc:D1", "doc:D3"]
    rows = as_csv(db, "frequency", "--by", "document", "--code", "tema.si")
    assert [(r["group"], r["segments"], r["sources"]) for r in rows] == [
        ("D1", "2", "1"),
        ("D3", "1", "1"),
    ]
    assert rows[0]["segment_ids"].count("seg:") == 2
    table = run(db, "frequency", "--attribute", "sector").stdout
    assert "Vision present" in table and "educacion" in table and "salud" in table


def test_frequency_with_descendants(db: str) -> None:
    payload = as_json(db, "frequency", "--descendants", "--code", "tema")
    assert [(r["code"], r["segments"], r["sources"]) for r in payload["rows"]] == [("tema", 4, 2)]


def test_matrix(db: str) -> None:
    rows = as_csv(db, "matrix", "--attribute", "sector")
    assert [(r["code"], r["educacion"], r["salud"], r["total"]) for r in rows] == [
        ("tema.si", "1", "2", "3"),
        ("tema.no", "0", "1", "1"),
        ("contexto", "1", "0", "1"),
    ]
    sources = as_csv(db, "matrix", "--attribute", "sector", "--count", "sources")
    assert sources[0]["salud"] == "1"
    payload = as_json(db, "matrix", "--attribute", "sector")
    assert payload["values"] == ["educacion", "salud"]
    cell = next(c for c in payload["cells"] if (c["code"], c["value"]) == ("tema.si", "salud"))
    assert cell["segments"] == 2 and cell["document_ids"] == ["doc:D1"]


def test_cooccurrence(db: str) -> None:
    payload = as_json(db, "cooccurrence", "--unit", "document")
    pairs = {(p["code_a"], p["code_b"]): (p["both"], p["either"]) for p in payload["pairs"]}
    # tema.si in D1 and D3, tema.no in D1, contexto in D3
    assert pairs == {("tema.si", "tema.no"): (1, 2), ("tema.si", "contexto"): (1, 2)}
    overlap = as_json(db, "cooccurrence", "--unit", "overlap")
    assert [(p["code_a"], p["code_b"], p["jaccard"]) for p in overlap["pairs"]] == [
        ("tema.si", "contexto", pytest.approx(1 / 3))
    ]
    turns = run(db, "cooccurrence", "--unit", "turn").stdout
    assert "2 segments lie outside every turn" in turns  # the report has no turns
    rows = as_csv(db, "cooccurrence", "--unit", "paragraph")
    assert [(r["code_a"], r["code_b"], r["both"]) for r in rows] == [
        ("tema.si", "tema.no", "1"),
        ("tema.si", "contexto", "1"),
    ]


def test_consensus(db: str) -> None:
    every = as_json(db, "consensus")  # the case also holds the default codebook's pairs
    assert ["tema.si", "tema.no"] in [[p["positive"], p["negative"]] for p in every["pairs"]]
    pairs = as_json(db, "consensus", "tema.si", "--pairs")
    assert pairs["basis"] == "participants"
    (pair,) = pairs["pairs"]
    assert (pair["positive"], pair["negative"], pair["n"], pair["both"]) == (
        "tema.si",
        "tema.no",
        1,
        1,
    )
    assert pair["sentence"] == (
        "0 of 1 interviewee only “Vision present”, 0 only “Vision absent”, 1 both; 0 neither"
    )
    codes = as_json(db, "consensus", "tema.si", "contexto")
    assert [(c["code"], c["k"], c["n"]) for c in codes["codes"]] == [
        ("tema.si", 1, 1),
        ("contexto", 0, 1),
    ]
    spanish = runner.invoke(
        app, ["--db", db, "--lang", "es", "query", "consensus", "tema.si", "--format", "csv"]
    )
    assert "1 de 1 persona entrevistada menciona «Hay visión»" in spanish.stdout
    table = run(db, "consensus", "tema.si").stdout
    assert "• 1 of 1 interviewee mentions “Vision present”" in table
    people = as_csv(db, "consensus", "tema.no", "--pairs", "--by-interviewee")
    assert [(p["interviewee"], p["position"]) for p in people] == [("P1", "0")]


def test_retrieve(db: str) -> None:
    payload = as_json(db, "retrieve", "tema.si", "--context", "4")
    first = payload["segments"][0]
    assert (first["before"], first["text"], first["after"]) == (
        "P1: ",
        "Compartimos una visión",
        ". No",
    )
    assert first["cases"] == ["ent1"] and first["coder"] == "ana"
    table = run(db, "retrieve", "tema.si", "--unit", "sentence", "--document", "D3").stdout
    assert "[clave]" in table  # text with brackets survives the table markup
    rows = as_csv(db, "retrieve", "tema.si", "--qual-case", "org")
    assert [(r["document"], r["text"]) for r in rows] == [("D3", "parte [clave]")]


def test_errors_are_clear(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", db, "--lang", "en", "query", "frequency", "--code", "x"])
    assert result.exit_code == 1 and "unknown code 'x'" in result.output
    result = runner.invoke(
        app, ["--db", db, "--lang", "en", "query", "matrix", "--attribute", "age"]
    )
    assert result.exit_code == 1 and "unknown attribute 'age'" in result.output
    result = runner.invoke(app, ["--db", db, "--lang", "en", "query", "frequency", "--case", "zz"])
    assert result.exit_code == 1 and "no case 'zz'" in result.output
    missing = str(tmp_path / "none.db")
    result = runner.invoke(app, ["--db", missing, "--lang", "en", "query", "frequency"])
    assert result.exit_code == 1 and "No database" in result.output
    result = runner.invoke(
        app, ["--db", db, "--lang", "en", "query", "consensus", "contexto", "--pairs"]
    )
    assert result.exit_code == 1 and "no polar pair holds contexto" in result.output

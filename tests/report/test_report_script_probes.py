"""No script planted in user text runs in the report: ``<script>``, ``<img onerror>``, ``<svg
onload>`` and ``javascript:`` links in actor names, code labels, objectives, notes, rationales,
memos, a source's URL and the interview text, through load, import, coding and the report, with
the network and the plots worked (taps, hovers, clicks) by :mod:`security_probes`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cli_entry import run_entry
from concierto.codebook.default import default_codebook_text
from security_probes import CHROMIUM, javascript_url, payload_text, probe_page

MINI_CASE = Path(__file__).resolve().parent.parent / "fixtures" / "cases" / "mini"
PLACES = (
    "actor-name", "actor-alias", "objective", "programme", "mechanism", "tie-note",
    "rationale", "metcalfe-rationale", "code-label", "interview", "speaker", "memo",
)
"""Where payloads are planted (each one's marker names it)."""


def _probe_case(folder: Path, mini_case: Path) -> Path:
    """The mini case with payloads in every free-text field a page shows (illustrative)."""
    shutil.copytree(mini_case, folder)
    data = yaml.safe_load((folder / "case.yaml").read_text("utf-8"))
    actors = data["actors"]
    actors[0]["name"] = payload_text("actor-name", "Ministerio A ")
    actors[1]["aliases"] = [payload_text("actor-alias", "La Agencia ")]
    data["sources"][0]["url"] = javascript_url("source")
    data["objectives"][1]["name"] = payload_text("objective", "Pilar 1 ")
    data["programmes"][0]["name"] = payload_text("programme", "Programa 1 ")
    data["mechanisms"][0]["name"] = payload_text("mechanism", "Comisión ")
    data["metcalfe_assessments"][0]["rationale"] = payload_text("metcalfe-rationale")
    (folder / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    ties = (folder / "ties.csv").read_text("utf-8")
    note = payload_text("tie-note").replace('"', '""')
    (folder / "ties.csv").write_text(ties.replace("adscripción", f'"{note}"'), "utf-8")
    interactions = (folder / "interactions.csv").read_text("utf-8")
    rationale = payload_text("rationale").replace('"', '""')
    (folder / "interactions.csv").write_text(interactions.replace("refuerza", f'"{rationale}"'),
                                             "utf-8")
    codebook = default_codebook_text()
    label = json.dumps(payload_text("code-label", "Sin reglas "), ensure_ascii=False)
    old = "label: {es: Sin reglas, en: No rules}"
    assert old in codebook
    (folder / "codebook.yaml").write_text(
        codebook.replace(old, f"label: {{es: {label}, en: {label}}}"), "utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def probed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("probes")
    case = _probe_case(root / "case", MINI_CASE)
    db = root / "probes.db"
    interview = root / "E01.txt"
    speaker = payload_text("speaker", "Ana")
    interview.write_text(
        f"Entrevistador: ¿Cómo se coordinan con la Agencia Uno?\n\n"
        f"{speaker}: No hay reglas claras con la Agencia Uno ni con Ministerio A. "
        f"{payload_text('interview')} Nos enteramos por oficio.\n",
        encoding="utf-8",
    )
    for args in (
        ["load", str(case)],
        ["docs", "add", str(interview), "--kind", "interview"],
        ["code", "add", "E01", "reglas.ausencia", "--match", "No hay reglas claras", "--coder",
         "ana"],
        ["code", "add", "E01", "informacion.ausencia", "--match", "Nos enteramos por oficio",
         "--coder", "ana"],
        ["code", "add", "E01", "reglas.ausencia", "--match", payload_text("interview"),
         "--coder", "ana"],
        ["memo", "add", payload_text("memo"), "--document", "E01"],
        ["mentions", "detect"],
        ["report", "--out", str(root / "out"), "--lang", "en"],
    ):
        run = run_entry(["--db", str(db), *args])
        assert run.exit_code == 0, (args, run.output)
    [page] = (root / "out").glob("*.html")
    return page


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_no_planted_script_runs_in_the_report(probed_report: Path, tmp_path: Path) -> None:
    result = probe_page(probed_report, tmp_path / "profile")
    assert result.ran == [] and result.live == 0
    assert result.taps >= 4  # every actor and tie of the network was tapped
    assert result.hovers >= 4 and result.labels >= 4  # plots hovered, labels drawn
    assert result.clicks > 10
    shown = {place for place in PLACES if result.shown(place)}
    print("shown as text:", sorted(shown), "; not on this page:", sorted(set(PLACES) - shown))
    assert {"actor-name", "objective", "programme", "mechanism", "code-label", "interview",
            "metcalfe-rationale"} <= shown


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_the_probe_catches_a_page_that_does_not_escape(tmp_path: Path) -> None:
    raw = payload_text("raw")
    page = tmp_path / "unsafe.html"
    page.write_text(f"<html><head><title>t</title></head><body><p>{raw}</p></body></html>",
                    encoding="utf-8")
    result = probe_page(page, tmp_path / "profile")
    assert result.ran == ["raw:img", "raw:link", "raw:script", "raw:svg"]
    assert result.live == 4  # the handlers of img and svg, the javascript: link, the script

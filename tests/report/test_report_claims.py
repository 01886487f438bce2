"""The report never states the Peru study's findings as the case's own: on a designed case where
they do not hold (one agency, no events, dense coordination, aligned objectives) every sentence
follows the case's figures, and the study's finding appears only as a cited quotation."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from lxml import html
from typer.testing import CliRunner

from concierto.cli import load_app
from concierto.examples import example_path
from report_claims import PERU_CLAIMS, visible_text

app = load_app()
HARMONY = Path(__file__).resolve().parent.parent / "fixtures" / "cases" / "harmony"

@pytest.fixture(scope="module")
def harmony_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Both reports of the designed case, written through the command line."""
    folder = tmp_path_factory.mktemp("harmony")
    db, out = folder / "h.db", folder / "out"
    runner = CliRunner()
    loaded = runner.invoke(app, ["--lang", "en", "--db", str(db), "load", str(HARMONY)])
    assert loaded.exit_code == 0, loaded.output
    made = runner.invoke(
        app, ["--lang", "en", "--db", str(db), "report", "--out", str(out), "--lang", "both"]
    )
    assert made.exit_code == 0, made.output
    return {lang: (out / f"report.{lang}.html").read_text("utf-8") for lang in ("es", "en")}


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_peru_claim_outside_the_cited_study(
    harmony_pages: dict[str, str], language: str
) -> None:
    text = visible_text(harmony_pages[language], without_study=True)
    found = [claim for claim in PERU_CLAIMS[language] if claim in text]
    assert found == []


@pytest.mark.parametrize(
    ("language", "label", "finding"),
    [
        ("es", "no es un hallazgo de este caso", "fragmentó el Ejecutivo"),
        ("en", "not a finding of this case", "fragmented the executive"),
    ],
)
def test_the_study_finding_is_a_cited_quotation(
    harmony_pages: dict[str, str], language: str, label: str, finding: str
) -> None:
    tree = html.fromstring(harmony_pages[language])
    boxes = tree.xpath("//section[@id='context']//aside[contains(@class, 'study')]")
    assert len(boxes) == 1
    box = re.sub(r"\s+", " ", boxes[0].text_content())
    assert label in box and finding in box
    assert "Franco Mayorga, F. (2018)" in box and "Reforma y Democracia 70" in box


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "es",
            "Organismos presentes hoy: 4; ministerios: 3; agencias: 1 (agencificación 0.25). "
            "Eventos estructurales registrados: 0.",
        ),
        (
            "en",
            "Bodies present today: 4; ministries: 3; agencies: 1 (agencification 0.25). "
            "Structural events recorded: 0.",
        ),
    ],
)
def test_context_states_the_case_figures(
    harmony_pages: dict[str, str], language: str, sentence: str
) -> None:
    # 3 ministries and 1 agency: agencification 1 / (3 + 1); the case records no event.
    assert sentence in visible_text(harmony_pages[language], without_study=True)


def test_statuses_and_statements_follow_the_figures(harmony_pages: dict[str, str]) -> None:
    tree = html.fromstring(harmony_pages["en"])
    statuses = {
        card.get("id"): card.xpath(".//span[contains(@class, 'status ')]")[0].text
        for card in tree.xpath("//div[@class='card']")
    }
    # Every interviewee codes the presence of each dimension, every pair of responsible actors
    # is tied on both layers, coverage is 1 and no objective is orphan: all four are present.
    assert statuses == {
        "status-shared_vision": "present",
        "status-information_exchange": "present",
        "status-interaction_rules": "present",
        "status-objective_alignment": "present",
    }
    outcomes = {li.get("id"): li.xpath("./span")[0].text for li in tree.xpath("//li[@id]")}
    assert outcomes == {
        "statement-weak_coordination": "does not hold",
        "statement-limited_coherence": "does not hold",
        "statement-centrifugal_logic": "does not hold",
        "statement-centre_of_government_paradox": "does not hold",
    }
    text = visible_text(harmony_pages["en"], without_study=True)
    # Five mechanisms at items 2..6 for every pair: score 6 and no Guttman error.
    assert "Policy-wide score: 6 (Arbitration of differences)." in text
    assert "Guttman reproducibility 1.000 (errors: 0), at least 0.90" in text
    # 3 interviews, 4 actors, 3 + 4 objectives, 12 ties, 5 mechanisms, 4 interactions and 6
    # contributions: 41 illustrative records, none inferred.
    assert "Records marked illustrative (41 in this case; interviews: 3 of 3)" in text
    assert "Records marked inferred" not in text


def test_a_default_status_on_missing_figures_says_so() -> None:
    from concierto.measures.diagnosis import Indicator, diagnose, load_rule_table
    from concierto.report.sections.diagnosis import _decided_by

    table = load_rule_table()
    # Only the network is known: the shared-vision rules read testimony that is missing.
    known = {"network.information_exchange.pair_share": Indicator(1.0)}
    result = diagnose(known, (), table)
    vision = result.dimensions["shared_vision"]
    assert vision.fired is None and vision.status == "partial"
    assert _decided_by(vision, lambda s: s) == (
        "default: 3 of 3 rules could not be evaluated, so the figures do not establish this status"
    )


def _structure_value(out_dir: Path, figure: str) -> str:
    with (out_dir / "tables" / "en" / "structure.csv").open(encoding="utf-8") as handle:
        return next(row["value"] for row in csv.DictReader(handle) if row["figure"] == figure)


def test_the_peru_demo_reads_its_own_figures(pages: dict[str, str], out_dir: Path) -> None:
    case = yaml.safe_load((example_path("peru-pnmgp") / "case.yaml").read_text("utf-8"))
    events = len(case["events"])
    bodies, ministries, agencies, ratio = (
        _structure_value(out_dir, name)
        for name in ("Actors", "Ministries", "Agencies", "Agencification ratio")
    )
    text = visible_text(pages["en"], without_study=True)
    assert (
        f"Bodies present today: {bodies}; ministries: {ministries}; agencies: {agencies} "
        f"(agencification {float(ratio):g}). Structural events recorded: {events} ("
    ) in text
    assert not [claim for claim in PERU_CLAIMS["en"] if claim in text]
    # The example's interviews are all illustrative, and the page says how many.
    assert "interviews: 13 of 13" in text
    assert "fragmented the executive" in visible_text(pages["en"], without_study=False)


def test_what_could_not_be_evaluated_says_why(tmp_path: Path) -> None:
    mini = HARMONY.parent / "mini"
    db, out = tmp_path / "m.db", tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["--lang", "en", "--db", str(db), "load", str(mini)]).exit_code == 0
    made = runner.invoke(app, ["--lang", "en", "--db", str(db), "report", "--out", str(out)])
    assert made.exit_code == 0, made.output
    card = html.fromstring((out / "report.en.html").read_text("utf-8")).xpath(
        "//div[@id='status-shared_vision']"
    )[0]
    text = re.sub(r"\s+", " ", card.text_content())
    # The mini case has no interview: the shares are not evaluable for that reason, not for a
    # missing measure.
    assert (
        "Not evaluable: shared_vision.absent_share (no interviewees: no document is linked to "
        "an interviewee (docs add --case))"
    ) in text
    assert "measure missing" not in text

"""The demo on the bundled example: files, sizes, statuses, indicators checked against the
codings by hand, links that resolve, tables beside the page, illustrative marking."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml
from lxml import html

from concierto.examples import example_path
from concierto.measures.diagnosis import STATUSES
from concierto.report.demo import DemoSummary

MAX_BYTES = 8 * 1024 * 1024


def test_demo_writes_both_reports_under_8_mb(demo_run: DemoSummary) -> None:
    assert set(demo_run.reports) == {"es", "en"}
    for language, path in demo_run.reports.items():
        assert path.name == f"report.{language}.html"
        assert 0 < path.stat().st_size < MAX_BYTES
    assert demo_run.database.exists()
    assert demo_run.case == "peru-pnmgp"


def test_demo_statuses_cover_the_four_dimensions(demo_run: DemoSummary) -> None:
    assert list(demo_run.statuses) == [
        "shared_vision",
        "information_exchange",
        "interaction_rules",
        "objective_alignment",
    ]
    assert set(demo_run.statuses.values()) <= set(STATUSES)
    # The illustrative interviews describe the study's deficits: no dimension is present, and
    # weak coordination holds (at least two of the coordination dimensions are weak or absent).
    assert "present" not in demo_run.statuses.values()
    assert demo_run.statements["weak_coordination"] is True


def _interviewees_with(codes: set[str]) -> set[str]:
    """Interviewees (one coding file per interview) with a coding of any of ``codes``."""
    found = set()
    for path in sorted((example_path("peru-pnmgp") / "codings").glob("E*.yaml")):
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        entries = data.get("codings", data) if isinstance(data, dict) else data
        if any(isinstance(e, dict) and e.get("code") in codes for e in entries):
            found.add(path.stem)
    return found


def test_consensus_indicators_match_the_coding_files(out_dir: Path) -> None:
    rows = json.loads((out_dir / "tables" / "en" / "indicators.json").read_text("utf-8"))["rows"]
    value = {row["indicator"]: row["value"] for row in rows}
    absent = _interviewees_with({"vision.ausente"})
    present = _interviewees_with({"vision.presente"})
    assert value["shared_vision.absent_share"] == round(len(absent) / 13, 3)
    assert value["shared_vision.present_share"] == round(len(present) / 13, 3)
    # Ties among the six responsible actors (15 pairs), counted here from the M2 tie list
    # (declared and evidence ties) written beside the page.
    responsible = {"pcm-sgp", "ceplan", "mef-dgpp", "servir", "mef", "pcm-ongei"}
    ties = [
        (row["source"], row["target"], row["layer"])
        for name in ("ties", "evidence_ties")
        for row in json.loads((out_dir / "tables" / "en" / f"{name}.json").read_text())["rows"]
    ]
    for layer in ("information_exchange", "interaction_rule"):
        directed = {(s, t) for s, t, x in ties if x == layer and {s, t} <= responsible}
        pairs = {frozenset(edge) for edge in directed}
        assert value[f"network.{layer}.ties"] == len(directed)
        assert value[f"network.{layer}.pair_share"] == round(len(pairs) / 15, 3)
    assert value["network.information_exchange.ties"] == 8  # 2 declared (ONGEI <-> SGP), 6 found


def test_every_internal_link_resolves_and_figures_cite_evidence(pages: dict[str, str]) -> None:
    for page in pages.values():
        tree = html.fromstring(page)
        ids = set(tree.xpath("//@id"))
        targets = [h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")]
        assert targets and not [t for t in targets if t not in ids]
        for figure in tree.xpath("//div[@class='figure']"):
            assert figure.xpath(".//span[@class='ev']/a"), figure.get("id")
        # Quotes carry document and offsets and link to the appendix entry.
        quotes = tree.xpath("//blockquote")
        assert len(quotes) >= 8
        assert all(q.xpath(".//a[starts-with(@href, '#ev-seg-')]") for q in quotes)


def test_illustrative_records_are_marked(pages: dict[str, str]) -> None:
    tree = html.fromstring(pages["en"])
    quotes = tree.xpath("//blockquote")
    # Every interview in the example is illustrative, so every quote says so.
    assert all(q.xpath(".//span[contains(@class, 'illustrative')]") for q in quotes)
    actor_rows = tree.xpath("//div[@id='table-ties']//tbody/tr")
    marked = [r for r in actor_rows if r.xpath(".//span[contains(@class, 'illustrative')]")]
    assert len(marked) == 7  # seven ties of the example are illustrative


def test_tables_are_written_as_csv_and_json(out_dir: Path, pages: dict[str, str]) -> None:
    tree = html.fromstring(pages["es"])
    links = tree.xpath("//caption//a/@href")
    assert links
    for link in links:
        assert (out_dir / link).is_file(), link
    with (out_dir / "tables" / "es" / "actors.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows][:2] == ["pcm", "pcm-sgp"]
    data = json.loads((out_dir / "tables" / "es" / "actors.json").read_text("utf-8"))
    assert len(data["rows"]) == len(rows) == 8
    assert data["columns"][1] == {"key": "name", "label": "Nombre"}


def test_spanish_page_is_in_spanish(pages: dict[str, str]) -> None:
    assert '<html lang="es">' in pages["es"]
    assert "Diagnóstico" in pages["es"] and "Visión compartida" in pages["es"]
    assert "Shared vision" in pages["en"]


def test_measure_sections_are_drawn_or_said_unavailable(
    demo_run: DemoSummary, pages: dict[str, str]
) -> None:
    tree = html.fromstring(pages["en"])
    notes = [p.text_content() for p in tree.xpath("//p[@class='unavailable']")]
    # Exactly the measures the build could not run are shown as not available, with the reason.
    for name, reason in demo_run.unavailable.items():
        assert any(reason in note for note in notes), name
    assert len(notes) == len(demo_run.unavailable)


def test_metcalfe_and_gap_tables_follow_their_definitions(out_dir: Path) -> None:
    def rows(name: str) -> list[dict[str, object]]:
        data = json.loads((out_dir / "tables" / "en" / f"{name}.json").read_text("utf-8"))
        return list(data["rows"])

    ladder = rows("metcalfe_policy")
    assert [row["level"] for row in ladder] == list(range(1, 10))
    pairs = rows("metcalfe_pairs")
    assert pairs and all(1 <= int(str(row["score"])) <= 9 for row in pairs)
    # A pair's rungs above its score are satisfied items above it: none at or below the score.
    for row in pairs:
        above = [int(x[1:]) for x in str(row["gaps"] or "").split()]
        assert all(level > int(str(row["score"])) + 1 for level in above)
    gaps = rows("gaps")
    stakes = [float(str(row["stakes"])) for row in gaps]
    assert stakes == sorted(stakes, reverse=True)
    uncovered = [row for row in gaps if row["covered"] is False]
    assert all(not row["covering_ties"] for row in uncovered)


def test_alignment_indicators_follow_the_alignment_tables(out_dir: Path) -> None:
    def rows(name: str) -> list[dict[str, object]]:
        data = json.loads((out_dir / "tables" / "en" / f"{name}.json").read_text("utf-8"))
        return list(data["rows"])

    value = {row["indicator"]: row["value"] for row in rows("indicators")}
    policy = [r for r in rows("alignment_coverage") if str(r["objective"]).startswith("pnmgp-")]
    measured = [float(str(r["coverage"])) for r in policy if r["coverage"] is not None]
    assert value["alignment.coverage"] == round(sum(measured) / len(measured), 3)
    responsible = {"pcm-sgp", "ceplan", "mef-dgpp", "servir", "mef", "pcm-ongei"}
    rates = [
        float(str(r["orphan_rate"])) for r in rows("alignment_actors") if r["actor"] in responsible
    ]
    assert value["alignment.orphan_rate"] == round(sum(rates) / len(rates), 3)

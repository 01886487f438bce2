"""The report of a generated whole-government case (issue 19): pair views group by sector above
their threshold with totals equal to the detailed tables, long tables show a bounded number of
rows, every link of the page resolves, and the page of 400 actors stays small."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html
from typer.testing import CliRunner

import concierto.cli.report  # noqa: F401  (registers the report command)
from concierto.casefile.load import load_case_folder
from concierto.cli.app import app
from concierto.measures.aggregate import group_totals
from concierto.report.build import CaseResults, compute_from_store
from concierto.report.compose import make_report
from concierto.report.model import Figure, Report, Table
from concierto.report.render import render_html, write_report
from concierto.report.scale import DEFAULT_ROW_LIMIT, ReportSettingsError, page_limits
from concierto.store import open_store
from generated_government import generate_government

ACTORS = 400
# The page at 400 actors was 19.5 MB before grouping (5.3 MB of it plotly.js and Cytoscape.js).
MAX_PAGE_BYTES = 8 * 1024 * 1024


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> CaseResults:
    """Every measure of a generated 400-actor government."""
    work = tmp_path_factory.mktemp("government")
    folder = generate_government(work / "case", ACTORS)
    database = str(work / "concierto.db")
    load_case_folder(folder, database, replace=True)
    store = open_store(database)
    try:
        return compute_from_store(store)
    finally:
        store.close()


def _with_report_settings(results: CaseResults, **settings: int) -> CaseResults:
    snapshot = replace(results.snapshot, settings={**results.snapshot.settings, "report": settings})
    return replace(results, snapshot=snapshot)


def _figure(report: Report, figure_id: str) -> Figure:
    return next(f for f in report.figures() if f.id == figure_id)


def _table(report: Report, table_id: str) -> Table:
    return next(t for t in report.tables() if t.id == table_id)


def _heatmap_totals(figure: Figure) -> tuple[float, int]:
    """The sum and the pair count a grouped heatmap shows (its hover data)."""
    assert figure.plotly is not None
    custom = figure.plotly["data"][0]["customdata"]
    return (
        sum(cell[0] for row in custom for cell in row),
        sum(cell[1] for row in custom for cell in row),
    )


def _ties_by_layer(network: Mapping[str, Any], grouped: bool) -> dict[str, int]:
    """Ties per layer: one per edge of the detailed network, the weight of a grouped edge."""
    found: dict[str, int] = {}
    for element in network["elements"]:
        data = element["data"]
        if "source" in data:
            found[data["layer"]] = found.get(data["layer"], 0) + (data["weight"] if grouped else 1)
    return found


def test_group_totals_by_hand() -> None:
    groups = {"a": "x", "b": "x", "c": "y"}
    cells = [("a", "b", 2.0), ("a", "c", -1.0), ("c", "a", 3.0), ("c", "z", 1.0)]
    totals = group_totals(cells, groups)
    assert totals.groups == ("x", "y", "—")
    assert totals.total == ((2.0, -1.0, 0.0), (3.0, 0.0, 1.0), (0.0, 0.0, 0.0))
    assert totals.count == ((1, 1, 0), (1, 0, 1), (0, 0, 0))
    assert totals.mean[0] == (2.0, -1.0, None)
    assert (totals.grand_total, totals.pairs) == (5.0, 4)
    undirected = group_totals(cells, groups, undirected=True)
    assert undirected.total[0][1] == 2.0 and undirected.total[1][0] == 0.0


def test_network_groups_above_its_threshold_with_every_tie_counted(
    results: CaseResults,
) -> None:
    actors = len(results.snapshot.actors)
    at = make_report(_with_report_settings(results, aggregate_above=actors), "en")
    above = make_report(_with_report_settings(results, aggregate_above=actors - 1), "en")
    detailed = _figure(at, "fig-network").network
    grouped = _figure(above, "fig-network").network
    assert detailed is not None and grouped is not None
    detailed_nodes = [e for e in detailed["elements"] if "source" not in e["data"]]
    grouped_nodes = [e for e in grouped["elements"] if "source" not in e["data"]]
    assert len(detailed_nodes) == actors
    sectors = {a.sector for a in results.snapshot.actors}
    assert {e["data"]["name"] for e in grouped_nodes} == sectors
    assert _ties_by_layer(grouped, True) == _ties_by_layer(detailed, False)
    ties = _table(above, "ties")
    assert sum(_ties_by_layer(grouped, True).values()) == len(ties.rows) == 4 * ACTORS


def test_cross_impact_matrix_groups_with_totals_of_the_scored_cells(
    results: CaseResults,
) -> None:
    assert results.ratings is not None
    elements = len(results.ratings.ids)
    at = make_report(_with_report_settings(results, aggregate_above=elements), "en")
    above = make_report(_with_report_settings(results, aggregate_above=elements - 1), "en")
    detailed = _figure(at, "fig-crossimpact").plotly
    assert detailed is not None and len(detailed["data"][0]["z"]) == elements
    cells = _table(above, "crossimpact_cells")
    total, count = _heatmap_totals(_figure(above, "fig-crossimpact"))
    assert count == len(cells.rows) == 5 * ACTORS
    assert total == pytest.approx(sum(float(row["median"] or 0) for row in cells.rows))


def test_metcalfe_pairs_group_with_totals_of_the_pairs_table(results: CaseResults) -> None:
    report = make_report(results, "en")
    pairs = _table(report, "metcalfe_pairs")
    assert len(pairs.rows) > DEFAULT_ROW_LIMIT
    total, count = _heatmap_totals(_figure(report, "fig-metcalfe-pairs"))
    assert count == len(pairs.rows)
    assert total == sum(int(row["score"]) for row in pairs.rows)  # type: ignore[call-overload]


def test_long_tables_show_the_row_limit_and_keep_every_row_in_csv(
    results: CaseResults, tmp_path: Path
) -> None:
    report = make_report(_with_report_settings(results, row_limit=7), "en")
    assert page_limits(results.snapshot).row_limit == DEFAULT_ROW_LIMIT
    page = write_report(report, tmp_path)
    tree = html.fromstring(page.read_text("utf-8"))
    assert len(tree.xpath("//div[@id='table-ties']//tbody/tr")) == 7
    assert tree.xpath("//div[@id='table-ties']//p[contains(@class, 'rows-shown')]")
    with (tmp_path / "tables" / "en" / "ties.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == 4 * ACTORS


def test_every_link_resolves_and_the_registry_beside_has_every_item(
    results: CaseResults, tmp_path: Path
) -> None:
    report = make_report(results, "es")
    page = write_report(report, tmp_path)
    tree = html.fromstring(page.read_text("utf-8"))
    ids = set(tree.xpath("//@id"))
    targets = [h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")]
    assert targets and not [t for t in targets if t not in ids]
    registry = json.loads((tmp_path / "tables" / "es" / "evidence.json").read_text("utf-8"))
    listed = {row["id"] for row in registry["rows"]}
    assert set(report.evidence) < listed
    assert {f"tie:{t.evidence_id.split(':')[1]}" for t in results.snapshot.ties} <= listed


def test_page_of_400_actors_stays_small(results: CaseResults) -> None:
    page = render_html(make_report(results, "es"))
    assert len(page.encode("utf-8")) < MAX_PAGE_BYTES


@pytest.mark.parametrize("value", [0, -3, True, "50", 2.5])
def test_a_bad_report_setting_is_refused_naming_it(results: CaseResults, value: object) -> None:
    bad = _with_report_settings(results, row_limit=value)  # type: ignore[arg-type]
    with pytest.raises(ReportSettingsError, match=r"report\.row_limit"):
        page_limits(bad.snapshot)


def test_report_command_refuses_a_bad_setting_clearly(tmp_path: Path) -> None:
    folder = generate_government(tmp_path / "case", 25)
    case = yaml.safe_load((folder / "case.yaml").read_text("utf-8"))
    case["case"]["settings"] = {"report": {"aggregate_above": "many"}}
    (folder / "case.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), "utf-8")
    database = tmp_path / "c.db"
    load_case_folder(folder, str(database), replace=True)
    result = CliRunner().invoke(
        app, ["--lang", "en", "--db", str(database), "report", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 1
    assert "report.aggregate_above" in result.output and "many" in result.output
    assert not (tmp_path / "r" / "report.en.html").exists()

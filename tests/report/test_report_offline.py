"""Generated pages reference no remote asset; the checker itself catches each kind."""

from __future__ import annotations

import pytest
from report_offline_check import remote_references

from concierto.report.render import plotly_js


def test_no_generated_page_references_a_remote_asset(pages: dict[str, str]) -> None:
    assert set(pages) == {"es", "en"}
    for page in pages.values():
        assert remote_references(page) == []
        # plotly.js is embedded exactly once, and so is Cytoscape.js; nothing is linked.
        assert page.count(plotly_js()[:60]) == 1
        assert page.count("The Cytoscape Consortium") == 1
        assert "<script src" not in page and "<link " not in page


@pytest.mark.parametrize(
    "page",
    [
        '<html><head><script src="https://cdn.plot.ly/plotly.js"></script></head></html>',
        '<html><head><link rel="stylesheet" href="http://example.org/a.css"></head></html>',
        '<html><body><img src="//example.org/a.png"></body></html>',
        "<html><head><style>@import 'https://example.org/a.css';</style></head></html>",
        '<html><body><div style="background: url(https://example.org/a.png)"></div></body></html>',
    ],
)
def test_the_checker_flags_remote_assets(page: str) -> None:
    assert len(remote_references(page)) == 1


def test_the_checker_ignores_urls_inside_scripts_and_local_links() -> None:
    page = (
        '<html><body><a href="#ev-seg-1">x</a><a href="tables/es/a.csv">csv</a>'
        '<script>var u = "https://example.org";</script></body></html>'
    )
    assert remote_references(page) == []

"""The web stage of the whole-government benchmark (``bench/web_pages.py``) times every page
of the workbench: its page list names each GET route the app registers, and nothing else."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from fastapi import FastAPI
from starlette.routing import Route

WEB_PAGES = Path(__file__).resolve().parents[2] / "bench" / "web_pages.py"


def _web_pages() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_pages", WEB_PAGES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def get_routes(app: FastAPI) -> dict[str, Route]:
    """Every GET route of the served workbench by path (routers' routes included; the static
    files' mount is not a page)."""
    found: dict[str, Route] = {}
    for route in app.routes:
        included = getattr(route, "original_router", None)
        for inner in included.routes if included is not None else [route]:
            if isinstance(inner, Route) and "GET" in (inner.methods or ()):
                found[inner.path] = inner
    return found


def test_the_benchmark_times_every_page_route(app: FastAPI) -> None:
    pages = _web_pages().PAGES
    assert set(pages) == set(get_routes(app))
    assert "/documents/{key}" in pages and all(pages.values())  # a request for each route


def test_each_timed_url_belongs_to_its_route(app: FastAPI) -> None:
    """A URL listed under a route is served by that route (after filling the placeholders)."""
    from starlette.routing import Match

    routes = get_routes(app)
    for path, requests in _web_pages().PAGES.items():
        for _label, template in requests:
            url = template.format(document="D00001", code="vision.ausente").split("?")[0]
            scope = {"type": "http", "path": url, "method": "GET"}
            matching = [p for p, r in routes.items() if r.matches(scope)[0] == Match.FULL]
            assert path in matching, (template, matching)


def test_percentile_is_linear_between_order_statistics() -> None:
    percentile = _web_pages().percentile
    assert percentile([4.0, 1.0, 3.0, 2.0, 5.0], 0.5) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.95) == 4.8
    assert percentile([7.0], 0.95) == 7.0

"""Render a report model as one self-contained, offline HTML page (plotly.js embedded once,
Cytoscape.js vendored from npm; no external asset), and write every table beside it as CSV and
JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from concierto.i18n import catalog
from concierto.report.appendix import registry_table
from concierto.report.model import Report, anchor

TABLES_DIR = "tables"


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.min.js bundled with the installed plotly package (read, never downloaded)."""
    return resources.files("plotly").joinpath("package_data/plotly.min.js").read_text("utf-8")


@lru_cache(maxsize=1)
def cytoscape_js() -> str:
    """The vendored Cytoscape.js (MIT; see static/LICENSE-cytoscape.txt)."""
    return (
        resources.files("concierto.report").joinpath("static/cytoscape.min.js").read_text("utf-8")
    )


def _script_safe(text: str) -> str:
    """Text that cannot close the surrounding <script> element."""
    return text.replace("</", "<\\/")


def _json(value: Any) -> Markup:
    return Markup(_script_safe(json.dumps(value, ensure_ascii=False, allow_nan=False)))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("concierto.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["anchor"] = anchor
    env.filters["tojson_script"] = _json
    return env


def render_html(report: Report, tables_dir: str = TABLES_DIR) -> str:
    """The whole page."""
    t = catalog(report.language).gettext
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        t=t,
        tables_dir=tables_dir,
        plotly_js=Markup(_script_safe(plotly_js())),
        cytoscape_js=Markup(_script_safe(cytoscape_js())),
    )


def write_tables(report: Report, folder: Path) -> list[Path]:
    """Write every table as ``<id>.csv`` and ``<id>.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    t = catalog(report.language).gettext
    for table in (*report.tables(), registry_table(report.registry, t)):
        for suffix, text in ((".csv", table.to_csv()), (".json", table.to_json())):
            path = folder / f"{table.id}{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def write_report(report: Report, out: Path) -> Path:
    """Write ``report.<lang>.html`` and its tables (``tables/<lang>/``) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    tables = f"{TABLES_DIR}/{report.language}"
    write_tables(report, out / tables)
    path = out / f"report.{report.language}.html"
    path.write_text(render_html(report, tables), encoding="utf-8")
    return path

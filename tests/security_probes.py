"""Script probes for HTML pages (the report, and the web workbench's pages): plant payloads in
user text, open the page in headless Chromium, work its interactive parts, and see whether any
payload ran.

A payload calls ``__probe(marker)`` when it runs; the marker names where it was planted. The
probe script put at the top of the page defines ``__probe``, then after loading taps every node
and edge of a Cytoscape network (its info panel fills in), hovers every point of every Plotly
plot (hover labels are drawn), and clicks every in-page or ``javascript:`` link of the page,
the panel and the hover labels — a live ``javascript:`` link would run then (links that would
leave the page are not followed). The results are written into attributes of
``<html>``, which ``--dump-dom`` returns.

Use::

    markers = payload_markers("actor-name")       # the payload texts to plant, by kind
    result = probe_page(page_path_or_url, tmp_path / "profile")
    assert result.ran == []
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import html

CHROMIUM = Path("/usr/bin/chromium")
PAYLOAD_KINDS = ("script", "img", "link", "svg")


def payloads(place: str) -> dict[str, str]:
    """One payload per kind for the field ``place`` (a slug: it becomes the marker prefix)."""
    return {
        "script": f"<script>__probe('{place}:script')</script>",
        "img": f"<img src=x onerror=\"__probe('{place}:img')\">",
        "link": f"<a href=\"javascript:__probe('{place}:link')\">{place}</a>",
        "svg": f"\"><svg onload=\"__probe('{place}:svg')\">",
    }


def payload_text(place: str, prefix: str = "") -> str:
    """All payloads of ``place`` in one text (after ``prefix``, e.g. the field's real value)."""
    return prefix + " ".join(payloads(place).values())


def javascript_url(place: str) -> str:
    """A bare ``javascript:`` URL for fields that may become a link target (a source's url)."""
    return f"javascript:__probe('{place}:url')"


PROBE_JS = r"""(function () {
  var hits = [];
  var counts = {taps: 0, hovers: 0, labels: 0, clicks: 0, live: 0, errors: []};
  window.__probe = function (marker) { hits.push(String(marker)); };
  window.__probeHits = hits;  // read again after a test's own interactions
  window.addEventListener("error", function (e) { counts.errors.push(String(e.message)); });
  function clickAll(root) {
    // Only links that cannot leave the page: in-page anchors, and javascript: links, which
    // run their script when clicked (a planted one that survived escaping shows up as a hit).
    if (!root) { return; }
    root.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href") || "";
      var inPage = href.charAt(0) === "#";
      if (!inPage && a.protocol !== "javascript:") { return; }
      counts.clicks += 1;
      try { a.click(); } catch (e) { counts.errors.push(String(e)); }
    });
  }
  function network() {
    var box = document.getElementById("cy");
    var cy = box && box._cyreg && box._cyreg.cy;
    if (!cy) { return; }
    cy.elements().forEach(function (element) {
      element.emit("tap");
      counts.taps += 1;
      clickAll(document.getElementById("cy-panel"));
    });
  }
  function plots() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      (gd.data || []).forEach(function (trace, curve) {
        var points = [];
        if (Array.isArray(trace.z)) {
          trace.z.forEach(function (row, i) {
            (row || []).forEach(function (_v, j) { points.push([i, j]); });
          });
        } else {
          var n = Math.max((trace.x || []).length, (trace.y || []).length);
          for (var k = 0; k < n; k += 1) { points.push(k); }
        }
        points.forEach(function (point) {
          try {
            Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: point}]);
            counts.hovers += 1;
            var layer = gd.querySelector(".hoverlayer");
            if (layer && layer.textContent.length) { counts.labels += 1; }
            clickAll(layer);
          } catch (e) { counts.errors.push("hover: " + e); }
        });
      });
    });
  }
  function live() {
    // Markup a payload would have produced had it not been escaped (counted even where a CSP
    // would stop it from running): handlers, javascript: links, script elements.
    var found = 0;
    document.querySelectorAll("[onerror], [onload]").forEach(function (node) {
      var handlers = node.getAttribute("onerror") + node.getAttribute("onload");
      if (/__probe/.test(handlers)) { found += 1; }
    });
    document.querySelectorAll("a[href]").forEach(function (a) {
      if (/^\s*javascript:/i.test(a.getAttribute("href"))) { found += 1; }
    });
    document.querySelectorAll("script:not([type='application/json'])").forEach(function (node) {
      if (node.textContent.indexOf("__probe" + "('") >= 0) { found += 1; }  // not this one
    });
    return found;
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      counts.live = live();
      network();
      plots();
      clickAll(document);
      setTimeout(function () {
        var root = document.documentElement;
        root.setAttribute("data-probe-hits", JSON.stringify(hits));
        root.setAttribute("data-probe-counts", JSON.stringify(counts));
      }, 500);
    }, 500);
  });
}());
"""
"""The probe (see the module docstring); a Playwright init script as it is."""

PROBE_SCRIPT = f"<script>\n{PROBE_JS}</script>"
"""The probe as an element to put first in a page's ``<head>``."""


@dataclass(frozen=True)
class ProbeResult:
    """What the probe saw: the markers whose payload ran, and how much of the page it worked."""

    ran: list[str]
    live: int
    taps: int
    hovers: int
    labels: int
    clicks: int
    errors: list[str]
    text: str

    def shown(self, marker_place: str) -> bool:
        """Whether the payloads of ``marker_place`` appear on the page as text."""
        return f"__probe('{marker_place}:" in self.text


def probe_playwright(page: Any, url: str) -> ProbeResult:
    """Probe ``url`` in a Playwright page (whose context has ``PROBE_JS`` as init script, see
    :func:`add_probe`): the same work and the same result as :func:`probe_page`."""
    page.goto(url)
    page.wait_for_function("document.documentElement.hasAttribute('data-probe-hits')",
                           timeout=30_000)
    root = html.fromstring(page.content())
    hits = root.get("data-probe-hits")
    assert hits is not None
    return _result(hits, root.get("data-probe-counts"), root)


def add_probe(context: Any) -> None:
    """Make every page of a Playwright browser context run the probe first."""
    context.add_init_script(PROBE_JS)


def probed_copy(page: Path) -> Path:
    """A copy of ``page`` beside it with the probe script first in its ``<head>``."""
    text = page.read_text("utf-8")
    assert "<head>" in text, "the page has no <head> to put the probe in"
    target = page.with_name(f"probed-{page.name}")
    target.write_text(text.replace("<head>", "<head>" + PROBE_SCRIPT, 1), encoding="utf-8")
    return target


def chromium_command(target: str, profile: Path, *extra: str) -> list[str]:
    """Headless Chromium dumping the DOM of ``target`` after running its scripts, with nothing
    fetched in the background; ``extra`` flags go before the page."""
    return [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *extra,
        "--dump-dom",
        target,
    ]


def probe_page(page: Path | str, profile: Path) -> ProbeResult:
    """Open ``page`` (a file, probed through a copy, or a URL whose server already serves
    :data:`PROBE_SCRIPT`) in headless Chromium and return what ran."""
    target = probed_copy(page).as_uri() if isinstance(page, Path) else page
    command = chromium_command(target, profile, "--virtual-time-budget=15000")
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    root = html.fromstring(done.stdout)
    hits = root.get("data-probe-hits")
    assert hits is not None, "the probe did not finish: " + done.stderr[-1000:]
    return _result(hits, root.get("data-probe-counts"), root)


def _result(hits: str, counts_json: str | None, root: Any) -> ProbeResult:
    counts = json.loads(counts_json or "{}")
    for script in root.xpath("//script"):
        script.drop_tree()
    return ProbeResult(
        ran=sorted(set(json.loads(hits))),
        live=counts["live"],
        taps=counts["taps"],
        hovers=counts["hovers"],
        labels=counts["labels"],
        clicks=counts["clicks"],
        errors=counts["errors"],
        text=root.text_content(),
    )

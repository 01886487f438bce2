"""The report in headless Chromium: no console error, every plot drawn, the network drawn.

A probe script is put at the top of a copy of the page: it records console.error calls and
uncaught errors, and after loading writes them with the counts of drawn plots and canvases into
attributes of <html>, which ``--dump-dom`` returns. Console lines Chromium logs on stderr are
also checked for uncaught errors.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import html

from concierto.report.demo import DemoSummary
from security_probes import CHROMIUM, chromium_command

PROBE = """<script>
(function () {
  var errors = [];
  var original = console.error;
  console.error = function () {
    errors.push(Array.prototype.join.call(arguments, " "));
    return original.apply(console, arguments);
  };
  window.addEventListener("error", function (e) { errors.push("uncaught: " + e.message); });
  window.addEventListener("unhandledrejection", function (e) {
    errors.push("unhandled rejection: " + e.reason);
  });
  window.addEventListener("load", function () {
    setTimeout(function () {
      var root = document.documentElement;
      root.setAttribute("data-errors", JSON.stringify(errors));
      root.setAttribute("data-plots", document.querySelectorAll(".plot .main-svg").length);
      root.setAttribute("data-plot-divs", document.querySelectorAll(".plot").length);
      root.setAttribute("data-canvases", document.querySelectorAll("#cy canvas").length);
    }, 500);
  });
}());
</script>"""


def _render(page: Path, profile: Path) -> tuple[str, str]:
    command = chromium_command(
        page.as_uri(), profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000"
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


@pytest.mark.slow
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_report_renders_without_console_errors(
    demo_run: DemoSummary, tmp_path: Path, language: str
) -> None:
    source = demo_run.reports[language]
    probed = source.with_name(f"probed.{language}.html")
    text = source.read_text("utf-8")
    probed.write_text(text.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    dom, log = _render(probed, tmp_path / "profile")
    root = html.fromstring(dom)
    assert root.get("data-errors") == "[]"
    plot_divs = int(root.get("data-plot-divs") or -1)
    assert plot_divs >= 4
    assert int(root.get("data-plots") or 0) >= plot_divs
    assert int(root.get("data-canvases") or 0) >= 1
    console_lines = [line for line in log.splitlines() if ":CONSOLE" in line]
    assert not [line for line in console_lines if re.search(r"Uncaught|Error", line)]

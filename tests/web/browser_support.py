"""Serving the workbench on a free loopback port and driving Debian's Chromium with Playwright
(launched by its path: no browser is downloaded)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def artifact_dir() -> Path:
    """Where tests write screenshots: ``$CONCIERTO_ARTIFACTS`` or ``out/screenshots``."""
    folder = Path(os.environ.get("CONCIERTO_ARTIFACTS") or "out/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread; yield its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """Playwright's Chromium: Debian's binary, headless, without background networking."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


SPAN_RECTS = """([phrase]) => {
  const reader = document.getElementById("reader");
  const walker = document.createTreeWalker(reader, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, all.length]);
    all += walker.currentNode.data;
  }
  const at = all.indexOf(phrase);
  if (at < 0) { return null; }
  function point(offset) {
    for (const [node, base] of nodes) {
      if (offset < base + node.data.length) { return [node, offset - base]; }
    }
    const [node, base] = nodes[nodes.length - 1];
    return [node, offset - base];
  }
  function rectOf(offset, length) {
    const [node, inner] = point(offset);
    const range = document.createRange();
    range.setStart(node, inner);
    range.setEnd(node, inner + length);
    const r = range.getClientRects()[0];
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  }
  const first = rectOf(at, 1);
  const lastChar = phrase.length - (/[\\uDC00-\\uDFFF]/.test(phrase[phrase.length - 1]) ? 2 : 1);
  const last = rectOf(at + lastChar, phrase.length - lastChar);
  return { first, last };
}"""


def select_with_mouse(page: Any, phrase: str) -> None:
    """Drag the mouse from before the first character of ``phrase`` to after its last."""
    rects = page.evaluate(SPAN_RECTS, [phrase])
    assert rects is not None, phrase
    first, last = rects["first"], rects["last"]
    y1 = (first["top"] + first["bottom"]) / 2
    y2 = (last["top"] + last["bottom"]) / 2
    page.mouse.move(first["left"] + 0.5, y1)
    page.mouse.down()
    page.mouse.move((first["left"] + last["right"]) / 2, (y1 + y2) / 2, steps=4)
    page.mouse.move(last["right"] - 0.5, y2, steps=4)
    page.mouse.up()

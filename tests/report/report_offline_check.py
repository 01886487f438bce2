"""Find references to remote assets in an HTML page (the report must work offline)."""

from __future__ import annotations

import re

from lxml import html

REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(url\(\s*['"]?|@import\s+['"]?)\s*(https?:)?//""", re.IGNORECASE)
URL_ATTRIBUTES = ("src", "href", "srcset", "data", "poster", "action", "xlink:href")


def remote_references(page: str) -> list[str]:
    """Every attribute or CSS rule of ``page`` that points to an http(s) or protocol-relative
    address (script bodies are not scanned: libraries mention URLs in strings)."""
    tree = html.fromstring(page)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value and REMOTE.search(value):
                found.append(f"<{element.tag} {name}={value!r}>")
        style = element.get("style") or ""
        if CSS_URL.search(style):
            found.append(f"<{element.tag} style={style!r}>")
        if element.tag == "style" and CSS_URL.search(element.text or ""):
            found.append("<style> with a remote url()")
    return found

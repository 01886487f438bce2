"""What the report must never say about a case that is not Peru: the old sentences that stated
the study's findings as the case's own, and the page's visible text to look for them in."""

from __future__ import annotations

import re

from lxml import html

# Sentences of the old report that stated the study's Peru findings, or facts of the bundled
# example, as if they were about whatever case the report is on.
PERU_CLAIMS = {
    "es": (
        "El estudio encuentra",
        "fragmentó el Ejecutivo",
        "incluida toda entrevista",
        "entrevistas confidenciales del estudio",
        "para este ejemplo",
        "el texto del autor",
    ),
    "en": (
        "The study finds",
        "fragmented the executive",
        "including every interview shown",
        "confidential interviews",
        "for this example",
        "the author's text",
    ),
}


def visible_text(page: str, *, without_study: bool) -> str:
    """The page's text, scripts and styles left out (and the cited study boxes, if asked)."""
    tree = html.fromstring(page)
    for node in tree.xpath("//script | //style"):
        node.drop_tree()
    if without_study:
        for node in tree.xpath("//aside[contains(@class, 'study')]"):
            node.drop_tree()
    return re.sub(r"\s+", " ", tree.text_content())

"""Markdown and HTML: markup removed, one paragraph per block element.

Markdown goes through markdown-it-py's CommonMark parser (with tables); HTML through lxml with
networking off, so no external entity, DTD or stylesheet is ever fetched. Scripts, styles and
other non-content elements are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from concierto.i18n import _
from concierto.ingest.errors import CorruptFileError
from concierto.ingest.readers.base import (
    ExtractedDocument,
    ReadLimits,
    check_text_length,
    join_blocks,
)
from concierto.ingest.readers.text import read_text_file

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                           re.DOTALL)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"\s+")
_FRONT_MATTER_KEYS: Final = ("title", "date", "author", "language", "lang", "subject")

_DROPPED_TAGS: Final = frozenset({
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
    "embed", "canvas", "button", "select", "option", "textarea", "input", "form",
})
_BLOCK_TAGS: Final = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section",
    "article", "header", "footer", "nav", "aside", "main", "table", "thead", "tbody", "tfoot",
    "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "address", "hr", "caption",
    "details", "summary", "body", "html", "center", "fieldset", "legend",
})
_CELL_TAGS: Final = frozenset({"td", "th"})


def _front_matter(source: str) -> tuple[str, dict[str, str]]:
    """The Markdown body and the simple keys of its YAML front matter (if it has any)."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return source, {}
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, RecursionError):  # not front matter we can read: keep it as text
        return source, {}
    if not isinstance(data, dict):
        return source, {}
    metadata: dict[str, str] = {}
    for key in _FRONT_MATTER_KEYS:
        value = data.get(key)
        if value is not None and str(value).strip():
            metadata["language" if key == "lang" else key] = str(value).strip()
    return source[match.end():], metadata


def _inline_plain(token: Any) -> str:
    """Plain text of a markdown-it ``inline`` token: links keep their words, images their alt."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_plain(child))
    return "".join(parts)


def markdown_blocks(source: str) -> tuple[list[str], str | None]:
    """Paragraph texts of a Markdown source in order, and its first level-1 heading."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    blocks: list[str] = []
    row: list[str] | None = None
    title: str | None = None
    heading_level = 0
    for token in parser.parse(source):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append("\t".join(cell for cell in row))
            row = None
        elif token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "inline":
            text = _inline_plain(token)
            if row is not None:
                row.append(" ".join(text.split()))
            else:
                blocks.append(text)
                if heading_level == 1 and title is None and text.strip():
                    title = text.strip()
            heading_level = 0
        elif token.type in {"fence", "code_block"}:
            blocks.append(token.content)
        elif token.type == "html_block":
            blocks.extend(html_blocks(token.content)[0])
    return blocks, title


def read_markdown(path: Path, limits: ReadLimits, *, encoding: str | None = None,
                  ) -> ExtractedDocument:
    """A Markdown document as plain text, one paragraph per block (tables: one row per line)."""
    source, used, warnings = read_text_file(path, limits, encoding=encoding)
    body, metadata = _front_matter(source)
    blocks, heading = markdown_blocks(body)
    metadata["encoding"] = used
    text = check_text_length(path, join_blocks(blocks), limits)
    return ExtractedDocument(text=text, title=metadata.get("title") or heading,
                             metadata=metadata, format="markdown", warnings=tuple(warnings))


class _HtmlText:
    """Collects the text of an lxml tree into paragraph blocks (a table row is one block)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.row: list[str] | None = None
        self.in_cell = False

    def flush(self) -> None:
        """Close the paragraph being collected (kept only if it has text)."""
        text = "".join(self.current)
        self.current = []
        if text.strip():
            self.blocks.append(text)

    def add(self, text: str | None, preformatted: bool) -> None:
        """Add a text node, with whitespace collapsed as a browser would outside ``<pre>``."""
        if text:
            self.current.append(text if preformatted else _SPACES.sub(" ", text))

    def walk(self, element: Any, preformatted: bool = False) -> None:
        """Collect ``element`` and its descendants; block elements start new paragraphs."""
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if tag in _DROPPED_TAGS or not tag:
            return
        if tag == "br":
            self.current.append("\n")
        elif self.in_cell:
            # Inside a cell everything, even a paragraph or a nested table, is the cell's text.
            self.current.append(" ")
            self._children(element, preformatted)
            self.current.append(" ")
        elif tag == "tr":
            self.flush()
            self.row = []
            self._children(element, preformatted)
            self.flush()
            cells, self.row = self.row, None
            if any(cell for cell in cells):
                self.blocks.append("\t".join(cells))
        elif tag in _CELL_TAGS and self.row is not None:
            self.flush()
            self.in_cell = True
            self._children(element, preformatted)
            self.in_cell = False
            self.row.append(" ".join("".join(self.current).split()))
            self.current = []
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
            self._children(element, preformatted or tag == "pre")
            if block:
                self.flush()

    def _children(self, element: Any, preformatted: bool) -> None:
        """Collect the text and children of ``element`` in document order."""
        self.add(element.text, preformatted)
        for child in element:
            self.walk(child, preformatted)
            self.add(child.tail, preformatted)


def _html_metadata(root: Any) -> dict[str, str]:
    """Title, language, author, date, description and keywords declared in the page."""
    metadata: dict[str, str] = {}
    titles = root.xpath("//title")
    if titles:
        title = " ".join(titles[0].text_content().split())
        if title:
            metadata["title"] = title
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if language:
        metadata["language"] = language.strip()
    wanted = {"author": "author", "dc.creator": "author", "date": "date", "dc.date": "date",
              "citation_date": "date", "citation_title": "title", "dc.title": "title",
              "description": "description", "keywords": "keywords"}
    for meta in root.xpath("//meta[@name and @content]"):
        key = wanted.get(meta.get("name", "").strip().lower())
        content = " ".join(meta.get("content", "").split())
        if key and content and key not in metadata:
            metadata[key] = content
    return metadata


def html_blocks(source: str) -> tuple[list[str], dict[str, str]]:
    """Paragraph texts of an HTML source in order, and the metadata its head declares."""
    from lxml import etree, html

    # The declaration and any DOCTYPE (with an internal entity subset) are dropped unread.
    source = _DOCTYPE.sub("", _XML_DECLARATION.sub("", source, count=1), count=1)
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                             recover=True)
    try:
        root = html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        return [], {}
    metadata = _html_metadata(root)
    collector = _HtmlText()
    collector.walk(root)
    collector.flush()
    return collector.blocks, metadata


def read_html(path: Path, limits: ReadLimits, *, encoding: str | None = None,
              ) -> ExtractedDocument:
    """An HTML page's visible text, one paragraph per block element; no network access."""
    source, used, warnings = read_text_file(path, limits, encoding=encoding)
    try:
        blocks, metadata = html_blocks(source)
    except RecursionError as exc:
        raise CorruptFileError(path, "html", _("elements nested too deeply")) from exc
    metadata["encoding"] = used
    text = check_text_length(path, join_blocks(blocks), limits)
    return ExtractedDocument(text=text, title=metadata.get("title"), metadata=metadata,
                             format="html", warnings=tuple(warnings))

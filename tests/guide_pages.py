"""Reading the user guide's pages: the fenced blocks of a page, in order.

A block whose info string has ``title="PATH"`` (a relative path, no spaces) is a file the
reader writes; a ``sh`` block is commands; a ``python`` block is code; a block titled
``not run…`` / ``no ejecutado…`` shows something that cannot run in a test (installing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
TITLE = re.compile(r'title="(?P<title>[^"]*)"')
SKIPPED = ("not run", "no ejecutado")


@dataclass(frozen=True)
class Block:
    """One fenced block: its language, title (if any), body and line in the page."""

    language: str
    title: str | None
    body: str
    line: int

    @property
    def file(self) -> str | None:
        """The path the block is the content of, if it is a file."""
        if self.title and " " not in self.title and not self.skipped:
            return self.title
        return None

    @property
    def skipped(self) -> bool:
        """Shown only, never run."""
        return bool(self.title) and self.title.startswith(SKIPPED)


def blocks(page: Path) -> list[Block]:
    """Every fenced block of ``page``, in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        info = match.group("info").strip()
        title = TITLE.search(info)
        found.append(
            Block(
                language=info.split()[0] if info else "",
                title=title.group("title") if title else None,
                body=match.group("body"),
                line=text.count("\n", 0, match.start()) + 1,
            )
        )
    return found


def pages(*patterns: str) -> list[Path]:
    """The guide's pages matching ``patterns`` (relative to docs/), sorted."""
    return sorted({page for pattern in patterns for page in DOCS.glob(pattern)})


def language_of(page: Path) -> str:
    """``es`` or ``en``, from the page's folder."""
    return page.relative_to(DOCS).parts[0]


def without_comments(body: str) -> str:
    """A block's code without comment lines and trailing comments (they are translated)."""
    kept = []
    for line in body.splitlines():
        stripped = re.sub(r"\s+#.*$", "", line) if not line.lstrip().startswith("#") else ""
        if stripped.strip():
            kept.append(stripped.rstrip())
    return "\n".join(kept)

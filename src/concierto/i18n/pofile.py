"""A small reader for gettext ``.po`` catalogs, so translations need no compiled ``.mo`` files.

Supports what our catalogs use: comments, ``msgctxt`` (ignored as a key prefix), ``msgid``,
``msgid_plural``, ``msgstr`` and ``msgstr[n]`` with multi-line strings; fuzzy entries and empty
translations fall back to the message id, as gettext does.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Catalog:
    """Translations keyed by message id; plural forms keyed by the singular id."""

    messages: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, list[str]] = field(default_factory=dict)

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself."""
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The plural form for ``count`` (Spanish and English: one form for 1, one for others)."""
        forms = self.plurals.get(singular)
        index = 0 if count == 1 else 1
        if forms and len(forms) > index and forms[index]:
            return forms[index]
        return singular if count == 1 else plural

    def update(self, other: Catalog) -> None:
        """Add ``other``'s entries (later files win)."""
        self.messages.update(other.messages)
        self.plurals.update(other.plurals)


def _unquote(token: str, path: Path, line_number: int) -> str:
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError) as exc:
        raise ValueError(f"{path}:{line_number}: malformed string {token!r}") from exc
    if not isinstance(value, str):
        raise ValueError(f"{path}:{line_number}: expected a quoted string")
    return value


def parse_po(text: str, path: Path = Path("<string>")) -> Catalog:
    """Parse the text of one ``.po`` file."""
    catalog = Catalog()
    entry: dict[str, str] = {}
    current: str | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal entry, current, fuzzy
        msgid = entry.get("msgid")
        if msgid and not fuzzy:
            if "msgid_plural" in entry:
                forms = [entry.get(f"msgstr[{i}]", "") for i in range(2)]
                catalog.plurals[msgid] = forms
            elif entry.get("msgstr"):
                catalog.messages[msgid] = entry["msgstr"]
        entry, current, fuzzy = {}, None, False

    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"{path}:{line_number}: continuation string outside an entry")
            entry[current] += _unquote(line, path, line_number)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid" and "msgid" in entry:
            flush()
        if keyword not in {"msgctxt", "msgid", "msgid_plural", "msgstr"} and not (
            keyword.startswith("msgstr[") and keyword.endswith("]")
        ):
            raise ValueError(f"{path}:{line_number}: unknown keyword {keyword!r}")
        current = keyword
        entry[keyword] = _unquote(rest.strip(), path, line_number)
    flush()
    return catalog


def read_catalogs(folder: Path) -> Catalog:
    """Merge every ``.po`` file in ``folder`` (sorted by name) into one catalog."""
    merged = Catalog()
    if folder.is_dir():
        for path in sorted(folder.glob("*.po")):
            merged.update(parse_po(path.read_text(encoding="utf-8"), path))
    return merged

"""Guesses for a document's title and date from its text, when the file declares none.

They are only suggestions: the canonical document records where each value came from
(``title_source`` / ``date_source`` = ``file`` or ``text``) so the analyst can check them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

DATE_SEARCH_CHARS: Final = 5_000
"""Dates are looked for near the top of the document, where letters and reports put them."""
MAX_TITLE_CHARS: Final = 200

MONTHS: Final[dict[str, int]] = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_NAMES: Final = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_PATTERNS: Final = (
    # 8 de enero de 2013, 8 de enero del 2013, 1° de mayo de 2020
    (re.compile(rf"\b(\d{{1,2}})[º°o]?\s+de\s+({_MONTH_NAMES})\s+(?:de|del)\s+(\d{{4}})\b",
                re.IGNORECASE), "dmy"),
    # January 8, 2013 (any word, checked against MONTHS: an alternation of month names tried
    # at every word boundary made this the slowest step of reading a text file)
    (re.compile(r"\b([A-Za-z]{3,9})\s+(\d{1,2}),\s+(\d{4})\b"), "mdy"),
    # 2013-01-08
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    # 08/01/2013 or 08-01-2013 or 08.01.2013 (day first, as written in Spanish)
    (re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\b"), "dmy-numeric"),
)
_FILE_NAME_TITLE: Final = re.compile(
    r"^(?:Microsoft Word - .*|.*\.(?:docx?|odt|pdf|rtf|txt)|untitled|sin título|documento\d*)$",
    re.IGNORECASE)


def _as_date(year: str, month: int | str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(text: str, search_chars: int = DATE_SEARCH_CHARS) -> str | None:
    """The earliest-placed valid date in the first ``search_chars`` characters, as ISO 8601.

    Spanish ``8 de enero de 2013`` (with ``setiembre``, as used in Peru), English ``January 8,
    2013``, ISO ``2013-01-08`` and day-first ``08/01/2013`` are recognised; impossible dates
    (``31/02/2013``) are skipped.
    """
    head = text[:search_chars]
    found: list[tuple[int, date]] = []
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(head):
            groups = match.groups()
            if order == "dmy":
                value = _as_date(groups[2], MONTHS[groups[1].lower()], groups[0])
            elif order == "mdy":
                month = MONTHS.get(groups[0].lower())
                if month is None:
                    continue
                value = _as_date(groups[2], month, groups[1])
            elif order == "ymd":
                value = _as_date(groups[0], groups[1], groups[2])
            else:
                value = _as_date(groups[3], groups[2], groups[0])
            if value is not None:
                found.append((match.start(), value))
                break
    if not found:
        return None
    return min(found)[1].isoformat()


def usable_title(title: str | None) -> str | None:
    """``title`` stripped, or None when empty or only a file name (``Microsoft Word - x.docx``)."""
    if not title:
        return None
    cleaned = " ".join(title.split())
    if not cleaned or _FILE_NAME_TITLE.match(cleaned):
        return None
    return cleaned


def guess_title(text: str, max_chars: int = MAX_TITLE_CHARS) -> str | None:
    """The first non-empty line when it looks like a heading (short, not a full sentence)."""
    for line in text.split("\n", 20)[:20]:
        candidate = " ".join(line.split())
        if not candidate:
            continue
        if len(candidate) > max_chars or candidate.endswith((".", ",", ";", ":")):
            return None
        return candidate
    return None

"""A parsed REFI-QDA project as plain dataclasses, independent of XML and of the store.

GUIDs are normalised (lower case, no braces); text positions are code points of ``text``
(the canonical text of the source), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from concierto.codebook.model import Codebook


@dataclass
class User:
    """A REFI User: becomes a concierto coder."""

    guid: str
    name: str | None = None
    id: str | None = None


@dataclass
class Code:
    """A code or folder (``codable`` False) with its sub-codes."""

    guid: str
    name: str
    codable: bool = True
    color: str | None = None
    description: str | None = None
    note_refs: list[str] = field(default_factory=list)
    children: list[Code] = field(default_factory=list)


@dataclass
class Variable:
    """A typed variable; ``type`` is the REFI typeOfVariable."""

    guid: str
    name: str
    type: str
    description: str | None = None


@dataclass
class VariableValue:
    """A value of a variable, kept as the text of the XML element."""

    variable: str
    value: str | None


@dataclass
class Case:
    """A REFI case: references to whole sources and to selections, and variable values."""

    guid: str
    name: str | None = None
    description: str | None = None
    code_refs: list[str] = field(default_factory=list)
    values: list[VariableValue] = field(default_factory=list)
    source_refs: list[str] = field(default_factory=list)
    selection_refs: list[str] = field(default_factory=list)


@dataclass
class Coding:
    """One code applied by one user; ``user`` is the coding's (or the selection's) creator."""

    guid: str
    code: str
    user: str | None = None
    created: str | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class Selection:
    """A span of a source's text (positions already converted to canonical code points)."""

    guid: str
    start: int
    end: int
    name: str | None = None
    description: str | None = None
    user: str | None = None
    codings: list[Coding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class Source:
    """A text source (a TextSource, or a PDFSource through its text representation);
    ``sha256`` hashes the bytes the text was read from."""

    guid: str
    name: str | None
    text: str
    sha256: str = ""
    kind: str = "text"
    description: str | None = None
    user: str | None = None
    selections: list[Selection] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    values: list[VariableValue] = field(default_factory=list)


@dataclass
class Note:
    """A note (memo): a text source of its own, attached by NoteRef or through a Link."""

    guid: str
    name: str | None
    text: str
    user: str | None = None
    created: str | None = None


@dataclass
class Link:
    """A link between two objects; only links that attach a note to something are kept."""

    guid: str
    origin: str | None
    target: str | None
    name: str | None = None


@dataclass
class Set:
    """A named set of codes, sources and notes."""

    guid: str
    name: str
    description: str | None = None
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ConciertoCodebook:
    """concierto's own codebook carried beside the REFI one (see ``carry``): ``guids`` maps
    the GUID of a REFI code to the id of the concierto code it is."""

    codebook: Codebook
    guids: dict[str, str] = field(default_factory=dict)


@dataclass
class Project:
    """Everything concierto can carry from (or into) a REFI-QDA project or codebook."""

    name: str
    description: str | None = None
    origin: str | None = None
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    codebook_only: bool = False
    concierto: ConciertoCodebook | None = None

    def all_codes(self) -> list[Code]:
        """Every code, parents before children (depth first, in document order)."""
        out: list[Code] = []
        stack = list(reversed(self.codes))
        while stack:
            code = stack.pop()
            out.append(code)
            stack.extend(reversed(code.children))
        return out

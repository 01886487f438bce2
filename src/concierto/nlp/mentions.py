"""Actor mentions: names, acronyms and aliases of the case's actors found in a text (M6).

Names and aliases match accent- and case-insensitively; acronyms match only as written in
capitals (``SERVIR`` the agency, not ``servir`` the verb) unless the actor says otherwise.
Everything matches on word boundaries. When candidates overlap, the longest wins
(``MEF-DGPP`` over ``MEF``; ``Dirección General de Presupuesto Público`` over
``Presupuesto Público``), ties going to the earlier one; the result never overlaps. Offsets are
code points of the ORIGINAL text, end-exclusive.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from concierto.nlp.fold import fold_text, strip_accents
from concierto.nlp.terms import TermMatcher, normalise_term


class MentionConfigError(ValueError):
    """An actor alias list that cannot be compiled (empty field, alias shared by two actors)."""


@dataclass(frozen=True)
class ActorAlias:
    """How one actor is written: its name, optional acronym and other aliases.

    ``acronym_case_sensitive`` (default True) makes the acronym match only with the same
    capitals (accents ignored); set it False for an acronym that is never an ordinary word.
    """

    actor_id: str
    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    acronym_case_sensitive: bool = True


@dataclass(frozen=True)
class Mention:
    """One mention of ``actor_id`` at ``[start, end)`` of the original text."""

    actor_id: str
    start: int
    end: int
    surface: str
    alias: str


@dataclass(frozen=True)
class _Entry:
    actor_id: str
    alias: str
    case_sensitive: bool


@dataclass(frozen=True)
class AliasProblem:
    """Why one written form of an actor cannot be matched: empty, or shared with another actor.

    ``field`` is ``actor_id``, ``name``, ``acronym`` or ``aliases`` (then ``position`` is the
    alias's index); ``other_actor`` is the actor that already uses the form (None: empty).
    """

    actor_index: int
    field: str
    position: int | None
    alias: str
    other_actor: str | None

    def message(self, actor_id: str) -> str:
        """The problem in words (English: the casefile gives its own translated message)."""
        if self.other_actor is None:
            if self.field == "actor_id":
                return f"actor {self.actor_index}: field 'actor_id' is empty"
            if self.field == "name":
                return f"actor {actor_id!r}: field 'name' is empty"
            return f"actor {actor_id!r}: an alias is empty"
        return (
            f"alias {self.alias!r} is used by both actor {self.other_actor!r} "
            f"and actor {actor_id!r}"
        )


def _forms(actor: ActorAlias) -> list[tuple[str, int | None, str, bool]]:
    """Every written form of ``actor``: (field, alias position, text, case-sensitive)."""
    forms: list[tuple[str, int | None, str, bool]] = [("name", None, actor.name, False)]
    forms += [("aliases", index, alias, False) for index, alias in enumerate(actor.aliases)]
    if actor.acronym is not None:
        forms.append(("acronym", None, actor.acronym, actor.acronym_case_sensitive))
    return forms


def alias_problems(actors: Sequence[ActorAlias]) -> list[AliasProblem]:
    """Every form that mention detection could not compile, with the same folding it uses:
    names and aliases compare folded (accents, case and spacing ignored), case-sensitive
    acronyms compare accent-free with their capitals. The case folder checks this at load."""
    problems: list[AliasProblem] = []
    owner: dict[tuple[str, bool], str] = {}
    for index, actor in enumerate(actors):
        if not actor.actor_id.strip():
            problems.append(AliasProblem(index, "actor_id", None, actor.actor_id, None))
            continue
        if not actor.name.strip():
            problems.append(AliasProblem(index, "name", None, actor.name, None))
            continue
        for field_name, position, alias, case_sensitive in _forms(actor):
            key = normalise_term(alias)
            if not key:
                problems.append(AliasProblem(index, field_name, position, alias, None))
                continue
            marker = (_case_key(alias) if case_sensitive else key, case_sensitive)
            previous = owner.setdefault(marker, actor.actor_id)
            if previous != actor.actor_id:
                problems.append(AliasProblem(index, field_name, position, alias, previous))
    return problems


def _entries(actors: Sequence[ActorAlias]) -> list[_Entry]:
    problems = alias_problems(actors)
    if problems:
        first = problems[0]
        raise MentionConfigError(first.message(actors[first.actor_index].actor_id))
    return [
        _Entry(actor.actor_id, alias, case_sensitive)
        for actor in actors
        for _field, _position, alias, case_sensitive in _forms(actor)
    ]


def _case_key(text: str) -> str:
    """Accent-free, whitespace-collapsed but case-keeping form (for case-sensitive acronyms)."""
    return " ".join(strip_accents(text).split())


class MentionFinder:
    """Compiled matcher over every actor's names, acronyms and aliases."""

    def __init__(self, actors: Sequence[ActorAlias]) -> None:
        self._entries = _entries(actors)
        self._matcher = TermMatcher([entry.alias for entry in self._entries])

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in ``text`` (NFC), sorted by start."""
        folded = fold_text(text)
        candidates: dict[tuple[int, int], _Entry] = {}
        for hit in self._matcher.find_all(folded.text):
            entry = self._entries[hit.term_id]
            start, end = folded.to_original(hit.start, hit.end)
            if entry.case_sensitive and _case_key(text[start:end]) != _case_key(entry.alias):
                continue
            candidates.setdefault((start, end), entry)
        ordered = sorted(candidates.items(), key=lambda item: (item[0][0] - item[0][1], item[0]))
        starts: list[int] = []
        ends: list[int] = []
        chosen: list[Mention] = []
        for (start, end), entry in ordered:
            slot = bisect.bisect_left(starts, start)
            if slot > 0 and ends[slot - 1] > start:
                continue
            if slot < len(starts) and starts[slot] < end:
                continue
            starts.insert(slot, start)
            ends.insert(slot, end)
            chosen.append(Mention(entry.actor_id, start, end, text[start:end], entry.alias))
        chosen.sort(key=lambda mention: mention.start)
        return chosen


def find_mentions(text: str, actors: Sequence[ActorAlias]) -> list[Mention]:
    """Convenience: compile ``actors`` and find their mentions in one text."""
    return MentionFinder(actors).find(text)

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


def _entries(actors: Sequence[ActorAlias]) -> list[_Entry]:
    entries: list[_Entry] = []
    owner: dict[tuple[str, bool], str] = {}
    for index, actor in enumerate(actors):
        if not actor.actor_id.strip():
            raise MentionConfigError(f"actor {index}: field 'actor_id' is empty")
        if not actor.name.strip():
            raise MentionConfigError(f"actor {actor.actor_id!r}: field 'name' is empty")
        forms = [(actor.name, False)] + [(alias, False) for alias in actor.aliases]
        if actor.acronym is not None:
            forms.append((actor.acronym, actor.acronym_case_sensitive))
        for alias, case_sensitive in forms:
            key = normalise_term(alias)
            if not key:
                raise MentionConfigError(f"actor {actor.actor_id!r}: an alias is empty")
            marker = (_case_key(alias) if case_sensitive else key, case_sensitive)
            previous = owner.setdefault(marker, actor.actor_id)
            if previous != actor.actor_id:
                raise MentionConfigError(
                    f"alias {alias!r} is used by both actor {previous!r} "
                    f"and actor {actor.actor_id!r}"
                )
            entries.append(_Entry(actor.actor_id, alias, case_sensitive))
    return entries


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

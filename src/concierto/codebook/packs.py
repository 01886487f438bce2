"""The starter codebook and its optional packs, both cut from the full default codebook.

The starter holds the codes whose mappings a measure reads (polar pairs of the four dimensions,
Metcalfe levels, network layers, the roles the diagnosis counts), with their folders, measures'
codes first; it keeps each code's label, definition, polarity and mappings and leaves the
inclusion and exclusion rules and examples to the full codebook. Each pack adds the remaining
codes of some folders. Nothing here is a second codebook: every code comes from
``data/codebook.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from concierto.codebook.default import default_codebook, default_codebook_text
from concierto.codebook.dump import dump_codebook
from concierto.codebook.model import TESTIMONY_ROLES, Code, Codebook, Examples, Text
from concierto.i18n import _

ALL_PACKS = "all"
PACKS: dict[str, tuple[str, ...]] = {
    "fragmentation": ("fragmentacion",),
    "mechanisms": ("mecanismo",),
    "coherence": ("coherencia",),
}
"""Pack name -> the folders of the full codebook whose codes it adds."""


class PackError(ValueError):
    """An unknown pack name (the message lists the known ones)."""


def pack_descriptions() -> dict[str, str]:
    """What each pack adds, in the current language."""
    return {
        "fragmentation": _("fragmentation: duplicated functions between bodies"),
        "mechanisms": _("mechanisms: hierarchy, market and network coordination mechanisms"),
        "coherence": _("coherence: horizontal, vertical, internal and temporal coherence"),
        ALL_PACKS: _("all: the full default codebook, with inclusion rules and examples"),
    }


def read_by_a_measure(code: Code) -> bool:
    """Whether some measure reads the code's mappings (M2 layers, M3 levels, M5/M7 signs and
    the diagnosis' testimony roles)."""
    m = code.mappings
    return bool(
        m.sign  # the dimension may come from the folder
        or m.layer
        or m.metcalfe_levels
        or (m.role in TESTIMONY_ROLES and code.codable)
    )


def _with_ancestors(full: Codebook, chosen: Iterable[str]) -> set[str]:
    keep: set[str] = set()
    for code_id in chosen:
        current: str | None = code_id
        while current is not None and current not in keep:
            keep.add(current)
            current = full[current].parent
    return keep


def _top(full: Codebook, code_id: str) -> str:
    return full.path(code_id)[0].id


def _rank(code: Code) -> int:
    """Polar pairs first, then Metcalfe levels, then layers, then the rest."""
    m = code.mappings
    if m.sign:
        return 0
    if m.metcalfe_level is not None and not m.layer:
        return 1
    return 2 if m.layer else 3


def _short(code: Code) -> Code:
    return replace(code, inclusion=Text(), exclusion=Text(), examples=Examples())


def starter_codebook() -> Codebook:
    """The measures' codes of the default codebook, with their folders, measures' codes first."""
    full = default_codebook()
    keep = _with_ancestors(full, (c.id for c in full.codes if read_by_a_measure(c)))
    order = {code.id: n for n, code in enumerate(full.codes)}
    rank: dict[str, int] = {}
    for code in full.codes:
        if code.id in keep and read_by_a_measure(code):
            top = _top(full, code.id)
            rank[top] = min(rank.get(top, 9), _rank(code))
    codes = sorted(
        (c for c in full.codes if c.id in keep),
        key=lambda c: (rank[_top(full, c.id)], order[_top(full, c.id)], order[c.id]),
    )
    return replace_codes(full, [_short(c) for c in codes], _("starter"))


def replace_codes(full: Codebook, codes: Sequence[Code], part: str) -> Codebook:
    """A codebook with ``full``'s language and provenance and the given codes."""
    return Codebook(
        name=f"{full.name} — {part}",
        codes=tuple(codes),
        language=full.language,
        provenance=full.provenance,
        description=full.description,
    )


def check_packs(names: Iterable[str]) -> tuple[str, ...]:
    """The pack names, checked (raises :class:`PackError` naming the known packs)."""
    chosen = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    unknown = [n for n in chosen if n not in PACKS and n != ALL_PACKS]
    if unknown:
        raise PackError(
            _("unknown codebook pack {name!r}; choose among: {packs}").format(
                name=unknown[0], packs=", ".join([*PACKS, ALL_PACKS])
            )
        )
    return chosen


def pack_codebook(names: Iterable[str]) -> Codebook:
    """The codes the packs add (with their folders, so that it stands on its own)."""
    full = default_codebook()
    chosen = check_packs(names)
    if ALL_PACKS in chosen:
        return full
    folders = {folder for name in chosen for folder in PACKS[name]}
    starter = {c.id for c in starter_codebook().codes}
    added = [c.id for c in full.codes if _top(full, c.id) in folders and c.id not in starter]
    keep = _with_ancestors(full, added)
    return replace_codes(full, [c for c in full.codes if c.id in keep], ", ".join(chosen))


STARTER_HEADER = """\
# concierto — starter codebook: the codes the measures read (polar pairs of the four dimensions,
# Metcalfe's levels, network layers, the roles the diagnosis counts), measures' codes first.
# Each code keeps its label, definition, polarity and mappings; the full default codebook adds
# inclusion and exclusion rules and illustrative examples. Rename, add or drop codes freely:
# the measures read the `mappings`, never the ids.
# Optional packs add the codes no measure reads ({packs}):
#   concierto init FOLDER --pack mechanisms,coherence    (written into a new case folder)
#   concierto codebook add-pack mechanisms               (added to a case already loaded)
#   concierto init FOLDER --pack all                     (the full default codebook instead)
"""


def starter_codebook_text(packs: Iterable[str] = ()) -> str:
    """The codebook file ``init`` writes: the starter plus ``packs`` (the full default codebook,
    comments included, for ``all``)."""
    chosen = check_packs(packs)
    if ALL_PACKS in chosen:
        return default_codebook_text()
    starter = starter_codebook()
    codes = list(starter.codes)
    if chosen:
        present = {c.id for c in codes}
        codes += [c for c in pack_codebook(chosen).codes if c.id not in present]
    name = ", ".join([_("starter"), *chosen])
    book = replace_codes(default_codebook(), codes, name)
    return STARTER_HEADER.format(packs=", ".join(PACKS)) + dump_codebook(book)

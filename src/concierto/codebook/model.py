"""A codebook as plain frozen values: codes, their hierarchy, and their mappings to the measures.

The measures read a code's *mappings* (diagnosis dimension, tie layer, Metcalfe level, role),
never its id or label, so a case can rename or add codes freely. Frameworks behind the mappings:
Metcalfe (1994) coordination scale, Bouckaert, Peters & Verhoest (2010) coordination mechanisms,
Cejudo & Michel (2016) coherence types; see ``shared/design/CODEBOOK.md`` and ``MEASURES.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from concierto.i18n import _

FORMAT_ID = "concierto-codebook/1"
LANGUAGES: tuple[str, ...] = ("es", "en")
DIMENSIONS: tuple[str, ...] = (
    "shared_vision",
    "information_exchange",
    "interaction_rules",
    "objective_alignment",
)
# The tie layers of the coordination network (MEASURES.md, M2).
LAYERS: tuple[str, ...] = (
    "information_exchange",
    "interaction_rule",
    "consultation",
    "joint_work",
    "funding",
    "authority",
    "conflict",
)
ROLES: tuple[str, ...] = (
    "context",
    "centrifugal",
    "overlap",
    "paradox",
    "coherence",
    "mechanism_inventory",
)
TESTIMONY_ROLES: tuple[str, ...] = ("centrifugal", "paradox")
"""The roles whose testimony the diagnosis reads (``<role>.testimony_share``, M7)."""
# Neutral codes have polarity None; "mixed" is the ± of coherence codes.
POLARITIES: tuple[str, ...] = ("present", "absent", "mixed")
MECHANISMS: tuple[str, ...] = ("hierarchy", "market", "network")
COHERENCE_TYPES: tuple[str, ...] = ("horizontal", "vertical", "internal", "temporal")
SIGNS: tuple[int, ...] = (1, -1)
METCALFE_MIN, METCALFE_MAX = 1, 9

ID_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*")
COLOR_PATTERN = re.compile(r"#[0-9A-Fa-f]{6}")


def dotted_parent(code_id: str) -> str | None:
    """The parent implied by a dotted id (``vision.presente`` -> ``vision``), None at the top."""
    head, dot, _tail = code_id.rpartition(".")
    return head if dot else None


def _check_choice(value: object, choices: Sequence[object], what: str) -> None:
    if value is not None and value not in choices:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(map(str, choices))}")


@dataclass(frozen=True)
class Text:
    """A short text in Spanish and English; either may be missing."""

    es: str | None = None
    en: str | None = None

    def get(self, language: str, fallback: bool = True) -> str | None:
        """The text in ``language``; with ``fallback``, the other language when it is missing."""
        _check_choice(language, LANGUAGES, "language")
        value: str | None = getattr(self, language)
        if value is None and fallback:
            for other in LANGUAGES:
                if getattr(self, other) is not None:
                    return str(getattr(self, other))
        return value

    def is_empty(self) -> bool:
        """True when no language has a text."""
        return all(getattr(self, language) is None for language in LANGUAGES)


@dataclass(frozen=True)
class Examples:
    """Illustrative quotes for a code, per language (tuples, so the value stays hashable)."""

    es: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for language in LANGUAGES:
            object.__setattr__(self, language, tuple(getattr(self, language)))

    def get(self, language: str) -> tuple[str, ...]:
        """The examples in ``language``."""
        _check_choice(language, LANGUAGES, "language")
        value: tuple[str, ...] = getattr(self, language)
        return value

    def is_empty(self) -> bool:
        """True when there is no example in any language."""
        return all(not getattr(self, language) for language in LANGUAGES)


@dataclass(frozen=True)
class Mappings:
    """What the measures read from a code.

    ``dimension``/``sign``: evidence for or against a diagnosis dimension (M5, M7). ``layer``:
    segments yield ties in that network layer (M2). ``metcalfe_levels``: items of Metcalfe's
    (1994) scale the code evidences, or denies when ``metcalfe_denies`` (M3). ``role``: other
    evidence (centrifugal logic, overlap, paradox, coherence, mechanism inventory).
    ``mechanism``: Bouckaert, Peters & Verhoest (2010) type. ``coherence``: kind of coherence.
    """

    dimension: str | None = None
    sign: int | None = None
    layer: str | None = None
    metcalfe_levels: tuple[int, ...] = ()
    metcalfe_denies: bool = False
    role: str | None = None
    mechanism: str | None = None
    coherence: str | None = None

    def __post_init__(self) -> None:
        levels = tuple(sorted(set(self.metcalfe_levels)))
        object.__setattr__(self, "metcalfe_levels", levels)
        _check_choice(self.dimension, DIMENSIONS, "dimension")
        _check_choice(self.sign, SIGNS, "sign")
        _check_choice(self.layer, LAYERS, "layer")
        _check_choice(self.role, ROLES, "role")
        _check_choice(self.mechanism, MECHANISMS, "mechanism")
        _check_choice(self.coherence, COHERENCE_TYPES, "coherence")
        for level in levels:
            if isinstance(level, bool) or not METCALFE_MIN <= level <= METCALFE_MAX:
                raise ValueError(f"Metcalfe level {level!r} is outside 1..9")
        if self.metcalfe_denies and not levels:
            raise ValueError("metcalfe_denies needs a Metcalfe level to deny")

    @property
    def metcalfe_level(self) -> int | None:
        """The single Metcalfe level of the code, or None when it has none or several."""
        return self.metcalfe_levels[0] if len(self.metcalfe_levels) == 1 else None

    def is_empty(self) -> bool:
        """True when the code maps to nothing."""
        return self == Mappings()


@dataclass(frozen=True)
class Code:
    """One code (or folder, when not codable) of a codebook."""

    id: str
    label: Text
    parent: str | None = None
    codable: bool = True
    definition: Text = Text()
    inclusion: Text = Text()
    exclusion: Text = Text()
    examples: Examples = Examples()
    color: str | None = None
    polarity: str | None = None
    mappings: Mappings = Mappings()

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.id):
            raise ValueError(f"code id {self.id!r} is not a dotted slug")
        if self.color is not None:
            if not COLOR_PATTERN.fullmatch(self.color):
                raise ValueError(f"code {self.id!r}: colour {self.color!r} is not #RRGGBB")
            object.__setattr__(self, "color", self.color.upper())
        _check_choice(self.polarity, POLARITIES, f"code {self.id!r}: polarity")
        if self.mappings.metcalfe_denies and self.polarity != "absent":
            raise ValueError(f"code {self.id!r}: metcalfe_denies needs polarity 'absent'")

    @property
    def name(self) -> str:
        """The last part of the dotted id (``vision.presente`` -> ``presente``)."""
        return self.id.rpartition(".")[2]

    def supports_metcalfe(self, level: int) -> bool:
        """True when a segment with this code is evidence that Metcalfe item ``level`` holds."""
        return level in self.mappings.metcalfe_levels and not self.mappings.metcalfe_denies

    def denies_metcalfe(self, level: int) -> bool:
        """True when a segment with this code is evidence that Metcalfe item ``level`` fails."""
        return level in self.mappings.metcalfe_levels and self.mappings.metcalfe_denies


@dataclass(frozen=True)
class PolarPair:
    """Two sibling codes of opposite polarity: the positive and the negative side of one matter."""

    positive: Code
    negative: Code


@dataclass(frozen=True)
class HierarchyProblem:
    """A structural fault of a code list: which code (by position), which field, and why."""

    index: int
    field: str
    message: str


def hierarchy_problems(
    entries: Sequence[tuple[str, str | None]],
    describe: Callable[[int], str] = lambda index: f"code #{index + 1}",
) -> list[HierarchyProblem]:
    """Every structural fault of ``(id, parent)`` entries, in list order.

    Checks duplicate ids, parents that are not codes, parents that disagree with the dotted id,
    and parent cycles. Shared by the model (which refuses such a list) and the YAML parser (which
    reports each fault with its line). ``describe`` names an entry by position in messages.
    """
    problems: list[HierarchyProblem] = []
    first_index: dict[str, int] = {}
    for index, (code_id, _parent) in enumerate(entries):
        if code_id in first_index:
            problems.append(
                HierarchyProblem(
                    index,
                    "id",
                    _("duplicate id {id!r} (first defined at {where})").format(
                        id=code_id, where=describe(first_index[code_id])
                    ),
                )
            )
        else:
            first_index[code_id] = index
    parents = {code_id: entries[index][1] for code_id, index in first_index.items()}
    for index, (code_id, parent) in enumerate(entries):
        expected = dotted_parent(code_id)
        if parent is not None and parent not in first_index:
            problems.append(
                HierarchyProblem(
                    index, "parent", _("parent {parent!r} is not a code").format(parent=parent)
                )
            )
        if parent != expected:
            problems.append(
                HierarchyProblem(
                    index,
                    "parent",
                    _(
                        "parent {parent} disagrees with the dotted id {id!r} (expected {expected})"
                    ).format(
                        parent="null" if parent is None else repr(parent),
                        id=code_id,
                        expected="null" if expected is None else repr(expected),
                    ),
                )
            )
    for cycle in _parent_cycles(parents):
        index = min(first_index[code_id] for code_id in cycle)
        problems.append(
            HierarchyProblem(
                index,
                "parent",
                _("parent cycle: {cycle}").format(cycle=" -> ".join([*cycle, cycle[0]])),
            )
        )
    return problems


def _parent_cycles(parents: dict[str, str | None]) -> list[list[str]]:
    """Each cycle of the parent relation once, starting from its first member in ``parents``."""
    cycles: list[list[str]] = []
    settled: set[str] = set()
    for start in parents:
        trail: list[str] = []
        on_trail: set[str] = set()
        current: str | None = start
        while current is not None and current in parents and current not in settled:
            if current in on_trail:
                cycle = trail[trail.index(current) :]
                cycles.append(cycle)
                break
            trail.append(current)
            on_trail.add(current)
            current = parents[current]
        settled.update(trail)
    return cycles


@dataclass(frozen=True)
class Codebook:
    """A named list of codes with lookups by id, hierarchy and mapping.

    ``language`` is the codebook's main language: every code needs a label in it.
    """

    name: str
    codes: tuple[Code, ...]
    language: str = "es"
    provenance: str | None = None
    description: Text = Text()
    _by_id: dict[str, Code] = field(init=False, repr=False, compare=False, hash=False)
    _children: dict[str | None, tuple[Code, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(self.codes))
        _check_choice(self.language, LANGUAGES, "codebook language")
        if not self.name.strip():
            raise ValueError("a codebook needs a name")
        problems = hierarchy_problems([(code.id, code.parent) for code in self.codes])
        if problems:
            first = problems[0]
            raise ValueError(f"code {self.codes[first.index].id!r}: {first.message}")
        for code in self.codes:
            label = code.label.get(self.language, fallback=False)
            if label is None or not label.strip():
                raise ValueError(f"code {code.id!r} has no {self.language} label")
        children: dict[str | None, list[Code]] = {}
        for code in self.codes:
            children.setdefault(code.parent, []).append(code)
        object.__setattr__(self, "_by_id", {code.id: code for code in self.codes})
        object.__setattr__(
            self, "_children", {key: tuple(value) for key, value in children.items()}
        )

    # --- lookups by id and hierarchy -------------------------------------------------------

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._by_id

    def __getitem__(self, code_id: str) -> Code:
        try:
            return self._by_id[code_id]
        except KeyError:
            raise KeyError(f"no code {code_id!r} in codebook {self.name!r}") from None

    def get(self, code_id: str) -> Code | None:
        """The code with ``code_id``, or None."""
        return self._by_id.get(code_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """Every code id, in codebook order."""
        return tuple(code.id for code in self.codes)

    def roots(self) -> tuple[Code, ...]:
        """The top-level codes, in codebook order."""
        return self._children.get(None, ())

    def children(self, code_id: str) -> tuple[Code, ...]:
        """The codes directly under ``code_id``, in codebook order."""
        return self._children.get(self[code_id].id, ())

    def descendants(self, code_id: str) -> tuple[Code, ...]:
        """Every code below ``code_id``, depth first, in codebook order."""
        found: list[Code] = []
        for child in self.children(code_id):
            found.append(child)
            found.extend(self.descendants(child.id))
        return tuple(found)

    def path(self, code_id: str) -> tuple[Code, ...]:
        """The codes from the top-level ancestor down to ``code_id`` itself."""
        chain = [self[code_id]]
        while chain[-1].parent is not None:
            chain.append(self[chain[-1].parent])
        return tuple(reversed(chain))

    def path_label(self, code_id: str, language: str = "es", separator: str = " › ") -> str:
        """The labels along :meth:`path`, joined (``Visión compartida › No hay visión común``)."""
        return separator.join(str(code.label.get(language)) for code in self.path(code_id))

    def codable(self) -> tuple[Code, ...]:
        """The codes that can be applied to a segment (folders excluded)."""
        return tuple(code for code in self.codes if code.codable)

    # --- lookups by mapping ------------------------------------------------------------------

    def dimension_of(self, code_id: str) -> str | None:
        """The code's diagnosis dimension: its own, else the nearest ancestor's (its folder's)."""
        for code in reversed(self.path(code_id)):
            if code.mappings.dimension is not None:
                return code.mappings.dimension
        return None

    def for_dimension(self, dimension: str, sign: int | None = None) -> tuple[Code, ...]:
        """Codable codes whose (inherited) dimension is ``dimension``, optionally of one sign."""
        _check_choice(dimension, DIMENSIONS, "dimension")
        return tuple(
            code
            for code in self.codable()
            if self.dimension_of(code.id) == dimension
            and (sign is None or code.mappings.sign == sign)
        )

    def for_layer(self, layer: str) -> tuple[Code, ...]:
        """Codable codes whose segments yield ties in network layer ``layer``."""
        _check_choice(layer, LAYERS, "layer")
        return tuple(code for code in self.codable() if code.mappings.layer == layer)

    def for_metcalfe_level(self, level: int, denies: bool = False) -> tuple[Code, ...]:
        """Codable codes that support Metcalfe item ``level`` (or deny it, with ``denies``)."""
        if not METCALFE_MIN <= level <= METCALFE_MAX:
            raise ValueError(f"Metcalfe level {level!r} is outside 1..9")
        test = Code.denies_metcalfe if denies else Code.supports_metcalfe
        return tuple(code for code in self.codable() if test(code, level))

    def for_role(self, role: str) -> tuple[Code, ...]:
        """Codable codes with evidence role ``role``."""
        _check_choice(role, ROLES, "role")
        return tuple(code for code in self.codable() if code.mappings.role == role)

    def for_mechanism(self, mechanism: str) -> tuple[Code, ...]:
        """Codable codes that record coordination mechanisms of type ``mechanism``."""
        _check_choice(mechanism, MECHANISMS, "mechanism")
        return tuple(code for code in self.codable() if code.mappings.mechanism == mechanism)

    def for_coherence(self, coherence: str) -> tuple[Code, ...]:
        """Codable codes that record evidence on the kind of coherence ``coherence``."""
        _check_choice(coherence, COHERENCE_TYPES, "coherence")
        return tuple(code for code in self.codable() if code.mappings.coherence == coherence)

    # --- polar pairs ---------------------------------------------------------------------------

    def polar_pairs(self) -> tuple[PolarPair, ...]:
        """Sibling codes of opposite polarity (``present`` vs ``absent``), for consensus (M5).

        Under one parent, a single present and a single absent codable code form a pair. When a
        parent holds more, a present and an absent code pair only when they share a Metcalfe
        level (``reglas.formales`` level 5 with ``reglas.ausencia`` denying 5).
        """
        pairs: list[PolarPair] = []
        for siblings in self._children.values():
            present = [c for c in siblings if c.codable and c.polarity == "present"]
            absent = [c for c in siblings if c.codable and c.polarity == "absent"]
            if len(present) == 1 and len(absent) == 1:
                pairs.append(PolarPair(present[0], absent[0]))
                continue
            for positive in present:
                for negative in absent:
                    shared = set(positive.mappings.metcalfe_levels)
                    if shared & set(negative.mappings.metcalfe_levels):
                        pairs.append(PolarPair(positive, negative))
        order = {code.id: index for index, code in enumerate(self.codes)}
        return tuple(sorted(pairs, key=lambda p: (order[p.positive.id], order[p.negative.id])))

    def opposites(self, code_id: str) -> tuple[Code, ...]:
        """The codes that form a polar pair with ``code_id``."""
        self[code_id]
        found: list[Code] = []
        for pair in self.polar_pairs():
            if pair.positive.id == code_id:
                found.append(pair.negative)
            elif pair.negative.id == code_id:
                found.append(pair.positive)
        return tuple(found)

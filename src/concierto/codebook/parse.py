"""Read a codebook YAML file into a :class:`Codebook`, reporting every fault with its line.

The YAML is composed first (``yaml.compose``) so that each field path (``codes[3].label.es``)
can be traced to its line; then every field is checked and ALL problems are raised together
as one :class:`CodebookError`. The format is described at the top of the packaged default
codebook (``concierto/data/codebook.yaml``).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from concierto.codebook.model import (
    COHERENCE_TYPES,
    COLOR_PATTERN,
    DIMENSIONS,
    FORMAT_ID,
    ID_PATTERN,
    LANGUAGES,
    LAYERS,
    MECHANISMS,
    METCALFE_MAX,
    METCALFE_MIN,
    POLARITIES,
    ROLES,
    Code,
    Codebook,
    Examples,
    Mappings,
    Text,
    dotted_parent,
    hierarchy_problems,
)
from concierto.i18n import _, ngettext

FieldPath = tuple[str | int, ...]

TOP_KEYS: tuple[str, ...] = ("format", "name", "language", "provenance", "description", "codes")
CODE_KEYS: tuple[str, ...] = (
    "id",
    "parent",
    "codable",
    "label",
    "definition",
    "inclusion",
    "exclusion",
    "examples",
    "color",
    "polarity",
    "mappings",
)
MAPPING_KEYS: tuple[str, ...] = (
    "dimension",
    "sign",
    "layer",
    "metcalfe_level",
    "metcalfe_levels",
    "metcalfe_denies",
    "role",
    "mechanism",
    "coherence",
)


def format_path(path: FieldPath) -> str:
    """A field path as text: ``("codes", 3, "label", "es")`` -> ``codes[3].label.es``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(document)"


@dataclass(frozen=True)
class CodebookIssue:
    """One problem of a codebook file: where (file, line, field path, code id) and what."""

    file: str
    line: int | None
    field: str
    message: str
    code: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        subject = self.field if self.code is None else f"{self.field} [{self.code}]"
        return f"{where}: {subject}: {self.message}"


class CodebookError(ValueError):
    """A codebook file with one or more problems; ``issues`` lists them all, in line order."""

    def __init__(self, issues: Sequence[CodebookIssue]) -> None:
        self.issues: list[CodebookIssue] = list(issues)
        file = self.issues[0].file if self.issues else "<codebook>"
        count = len(self.issues)
        header = ngettext(
            "{file}: {count} problem in the codebook:",
            "{file}: {count} problems in the codebook:",
            count,
        ).format(file=file, count=count)
        super().__init__("\n".join([header, *(f"  {issue}" for issue in self.issues)]))


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate the codebook YAML file at ``path``."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = _("the file is not valid UTF-8 (byte {position})").format(position=exc.start)
        raise CodebookError([CodebookIssue(source, None, "(document)", message)]) from None
    except OSError as exc:
        message = _("cannot read the file: {error}").format(error=exc.strerror or exc)
        raise CodebookError([CodebookIssue(source, None, "(document)", message)]) from None
    return parse_codebook(text, source)


def parse_codebook(text: str, source: str = "<codebook>") -> Codebook:
    """Validate the codebook YAML ``text`` (named ``source`` in messages) and build it."""
    try:
        node, data = _compose_and_construct(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or str(exc)
        message = _("YAML syntax error: {problem}").format(problem=problem)
        line = mark.line + 1 if mark is not None else None
        raise CodebookError([CodebookIssue(source, line, "(document)", message)]) from None
    except yaml.YAMLError as exc:
        message = _("YAML syntax error: {problem}").format(problem=exc)
        raise CodebookError([CodebookIssue(source, None, "(document)", message)]) from None
    checker = _Checker(source)
    if node is None:
        checker.report((), _("the file is empty"))
        raise CodebookError(checker.issues)
    checker.index_lines(node, ())
    codebook = checker.codebook(data)
    if checker.issues or codebook is None:
        raise CodebookError(sorted(checker.issues, key=lambda issue: issue.line or 0))
    return codebook


# libyaml's loader when present (same nodes and marks, several times faster).
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the plain data of a single YAML document."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _describe(choices: Sequence[object]) -> str:
    return ", ".join(str(choice) for choice in choices)


class _Checker:
    """Collects the issues of one file while turning its data into codebook values."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: dict[FieldPath, int] = {}
        self.issues: list[CodebookIssue] = []
        self._seen_nodes: set[int] = set()

    # --- line numbers --------------------------------------------------------------------

    def index_lines(self, node: yaml.Node, path: FieldPath) -> None:
        """Record the line of every field path under ``node``; flag duplicate mapping keys."""
        self.lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in self._seen_nodes:  # an alias: already walked, and maybe recursive
            return
        self._seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key, line = key_node.value, key_node.start_mark.line + 1
                if key in seen:
                    self.issues.append(
                        CodebookIssue(
                            self.source,
                            line,
                            format_path((*path, key)),
                            _("duplicate key {key!r} (also on line {line})").format(
                                key=key, line=seen[key]
                            ),
                        )
                    )
                else:
                    seen[key] = line
                    self.lines[(*path, key)] = line
                self.index_lines(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.index_lines(item, (*path, index))

    def line_of(self, path: FieldPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that is in the file."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def report(self, path: FieldPath, message: str, code: str | None = None) -> None:
        """Add an issue at ``path``."""
        self.issues.append(
            CodebookIssue(self.source, self.line_of(path), format_path(path), message, code)
        )

    # --- field checks ----------------------------------------------------------------------

    def keys(
        self, value: Mapping[Any, Any], allowed: Sequence[str], path: FieldPath, code: str | None
    ) -> None:
        """Report every key of ``value`` that is not in ``allowed``."""
        for key in value:
            if key in allowed:
                continue
            message = _("unknown key {key!r}; expected one of: {expected}").format(
                key=key, expected=_describe(allowed)
            )
            guesses = difflib.get_close_matches(str(key), allowed, n=1)
            if guesses:
                message += " " + _("(did you mean {guess!r}?)").format(guess=guesses[0])
            self.report((*path, str(key)), message, code)

    def mapping(self, value: Any, path: FieldPath, code: str | None) -> Mapping[Any, Any] | None:
        """``value`` when it is a mapping (None counts as empty), else report and give None."""
        if value is None:
            return {}
        if isinstance(value, Mapping):
            return value
        self.report(path, _("must be a mapping of keys to values"), code)
        return None

    def string(
        self, value: Any, path: FieldPath, code: str | None, nonblank: bool = False
    ) -> str | None:
        """``value`` when it is text (None passes through), else report and give None."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.report(path, _("must be text, not {value!r}").format(value=value), code)
            return None
        if nonblank and not value.strip():
            self.report(path, _("must not be empty"), code)
            return None
        return value

    def choice(self, value: Any, choices: Sequence[Any], path: FieldPath, code: str | None) -> Any:
        """``value`` when it is None or one of ``choices``, else report and give None."""
        if value is None or (not isinstance(value, bool) and value in choices):
            return value
        self.report(
            path,
            _("{value!r} is not one of: {expected}").format(
                value=value, expected=_describe(choices)
            ),
            code,
        )
        return None

    def boolean(self, value: Any, default: bool, path: FieldPath, code: str | None) -> bool:
        """``value`` when it is true or false (None gives ``default``), else report."""
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.report(path, _("must be true or false, not {value!r}").format(value=value), code)
        return default

    def text(self, value: Any, path: FieldPath, code: str | None) -> Text:
        """A ``{es, en}`` mapping of texts."""
        found = self.mapping(value, path, code)
        if not found:
            return Text()
        self.keys(found, LANGUAGES, path, code)
        texts = {
            language: self.string(found.get(language), (*path, language), code)
            for language in LANGUAGES
        }
        return Text(**texts)

    def examples(self, value: Any, path: FieldPath, code: str | None) -> Examples:
        """A ``{es: [...], en: [...]}`` mapping of example lists."""
        found = self.mapping(value, path, code)
        if not found:
            return Examples()
        self.keys(found, LANGUAGES, path, code)
        lists: dict[str, tuple[str, ...]] = {}
        for language in LANGUAGES:
            items = found.get(language)
            if items is None:
                lists[language] = ()
            elif not isinstance(items, list):
                self.report((*path, language), _("must be a list of texts"), code)
                lists[language] = ()
            else:
                checked = [
                    self.string(item, (*path, language, index), code, nonblank=True)
                    for index, item in enumerate(items)
                ]
                lists[language] = tuple(item for item in checked if item is not None)
        return Examples(**lists)

    def metcalfe_level(self, value: Any, path: FieldPath, code: str | None) -> int | None:
        """A Metcalfe level: a whole number from 1 to 9."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(path, _("a Metcalfe level must be a whole number from 1 to 9"), code)
            return None
        if not METCALFE_MIN <= value <= METCALFE_MAX:
            self.report(path, _("Metcalfe level {value} is outside 1..9").format(value=value), code)
            return None
        return value

    def mappings(
        self, value: Any, path: FieldPath, code: str | None, polarity: str | None
    ) -> Mappings:
        """The ``mappings`` of a code, with their cross-field rules."""
        found = self.mapping(value, path, code)
        if not found:
            return Mappings()
        self.keys(found, MAPPING_KEYS, path, code)
        levels: list[int] = []
        single = found.get("metcalfe_level")
        if single is not None:
            level = self.metcalfe_level(single, (*path, "metcalfe_level"), code)
            levels += [level] if level is not None else []
        several = found.get("metcalfe_levels")
        if several is not None:
            if single is not None:
                self.report(
                    (*path, "metcalfe_levels"),
                    _("give metcalfe_level or metcalfe_levels, not both"),
                    code,
                )
            elif not isinstance(several, list) or not several:
                self.report(
                    (*path, "metcalfe_levels"),
                    _("must be a non-empty list of Metcalfe levels, e.g. [7, 8]"),
                    code,
                )
            else:
                for index, item in enumerate(several):
                    level = self.metcalfe_level(item, (*path, "metcalfe_levels", index), code)
                    levels += [level] if level is not None else []
        denies = self.boolean(found.get("metcalfe_denies"), False, (*path, "metcalfe_denies"), code)
        if denies and single is None and several is None:
            self.report(
                (*path, "metcalfe_denies"),
                _("metcalfe_denies needs a Metcalfe level to deny"),
                code,
            )
            denies = False
        elif denies and polarity != "absent":
            self.report(
                (*path, "metcalfe_denies"),
                _("metcalfe_denies needs polarity 'absent' (the code has {polarity})").format(
                    polarity="null" if polarity is None else repr(polarity)
                ),
                code,
            )
            denies = False
        return Mappings(
            dimension=self.choice(found.get("dimension"), DIMENSIONS, (*path, "dimension"), code),
            sign=self.choice(found.get("sign"), (1, -1), (*path, "sign"), code),
            layer=self.choice(found.get("layer"), LAYERS, (*path, "layer"), code),
            metcalfe_levels=tuple(levels),
            metcalfe_denies=denies and bool(levels),
            role=self.choice(found.get("role"), ROLES, (*path, "role"), code),
            mechanism=self.choice(found.get("mechanism"), MECHANISMS, (*path, "mechanism"), code),
            coherence=self.choice(
                found.get("coherence"), COHERENCE_TYPES, (*path, "coherence"), code
            ),
        )

    # --- codes and the codebook -------------------------------------------------------------

    def code_id(self, raw: Mapping[Any, Any], path: FieldPath) -> str | None:
        """The code's id when present and a dotted slug."""
        value = raw.get("id")
        if value is None:
            self.report((*path, "id"), _("id is required"))
            return None
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.report(
                (*path, "id"),
                _(
                    "id {value!r} is not a dotted slug (letters, digits, '_' and '-', "
                    "parts joined by dots)"
                ).format(value=value),
            )
            return None
        return value

    def code(self, raw: Any, path: FieldPath, language: str) -> tuple[str | None, Code | None]:
        """The code's id (when valid) and the code (when every field is valid)."""
        if not isinstance(raw, Mapping):
            self.report(path, _("each code must be a mapping of fields"))
            return None, None
        before = len(self.issues)
        code_id = self.code_id(raw, path)
        self.keys(raw, CODE_KEYS, path, code_id)
        if "parent" in raw:
            parent = self.string(raw["parent"], (*path, "parent"), code_id, nonblank=True)
        else:
            parent = dotted_parent(code_id) if code_id else None
        label = self.text(raw.get("label"), (*path, "label"), code_id)
        label_value = label.get(language, fallback=False)
        if label_value is None or not label_value.strip():
            self.report(
                (*path, "label", language),
                _("missing {language} label").format(language=language),
                code_id,
            )
        color = self.string(raw.get("color"), (*path, "color"), code_id)
        if color is not None and not COLOR_PATTERN.fullmatch(color):
            self.report(
                (*path, "color"),
                _("colour {value!r} is not of the form #RRGGBB").format(value=color),
                code_id,
            )
        polarity = self.choice(raw.get("polarity"), POLARITIES, (*path, "polarity"), code_id)
        codable = self.boolean(raw.get("codable"), True, (*path, "codable"), code_id)
        definition = self.text(raw.get("definition"), (*path, "definition"), code_id)
        inclusion = self.text(raw.get("inclusion"), (*path, "inclusion"), code_id)
        exclusion = self.text(raw.get("exclusion"), (*path, "exclusion"), code_id)
        examples = self.examples(raw.get("examples"), (*path, "examples"), code_id)
        mappings = self.mappings(raw.get("mappings"), (*path, "mappings"), code_id, polarity)
        if code_id is None or len(self.issues) > before:
            return code_id, None
        code = Code(
            id=code_id,
            label=label,
            parent=parent,
            codable=codable,
            definition=definition,
            inclusion=inclusion,
            exclusion=exclusion,
            examples=examples,
            color=color,
            polarity=polarity,
            mappings=mappings,
        )
        return code_id, code

    def codebook(self, data: Any) -> Codebook | None:
        """The whole document: header fields, each code, then the hierarchy."""
        if not isinstance(data, Mapping):
            self.report((), _("the top level must be a mapping with format, name and codes"))
            return None
        self.keys(data, TOP_KEYS, (), None)
        file_format = data.get("format")
        if file_format != FORMAT_ID:
            message = (
                _("format is required: {expected!r}")
                if file_format is None
                else _("unsupported format {value!r}; expected {expected!r}")
            )
            self.report(("format",), message.format(value=file_format, expected=FORMAT_ID))
        name = self.string(data.get("name"), ("name",), None, nonblank=True)
        if name is None and not isinstance(data.get("name"), str):
            self.report(("name",), _("name is required"))
        language = self.choice(data.get("language", "es"), LANGUAGES, ("language",), None)
        provenance = self.string(data.get("provenance"), ("provenance",), None)
        description = self.text(data.get("description"), ("description",), None)
        raw_codes = data.get("codes")
        if not isinstance(raw_codes, list):
            self.report(("codes",), _("codes is required: a list of codes"))
            return None
        language = language or "es"
        results = [
            self.code(raw, ("codes", index), language) for index, raw in enumerate(raw_codes)
        ]
        self.check_hierarchy(raw_codes, results)
        codes = [code for _code_id, code in results if code is not None]
        if self.issues or name is None or len(codes) != len(results):
            return None
        return Codebook(name, tuple(codes), language, provenance, description)

    def check_hierarchy(
        self, raw_codes: list[Any], results: list[tuple[str | None, Code | None]]
    ) -> None:
        """Duplicate ids, unknown parents, dotted-id disagreement, cycles; then signs."""
        positions: list[int] = []
        entries: list[tuple[str, str | None]] = []
        for index, (code_id, _code) in enumerate(results):
            raw = raw_codes[index]
            if code_id is None or not isinstance(raw, Mapping):
                continue
            parent = raw.get("parent") if "parent" in raw else dotted_parent(code_id)
            if parent is not None and not isinstance(parent, str):
                continue
            positions.append(index)
            entries.append((code_id, parent))
        problems = hierarchy_problems(
            entries,
            lambda entry: _("line {line}").format(line=self.line_of(("codes", positions[entry]))),
        )
        for problem in problems:
            index = positions[problem.index]
            message = problem.message
            if problem.field == "parent" and "parent" not in raw_codes[index]:
                message += " " + _("(parent implied by the dotted id)")
            self.report(("codes", index, problem.field), message, entries[problem.index][0])
        if not problems:
            self.check_signs(raw_codes, positions, entries)

    def check_signs(
        self,
        raw_codes: list[Any],
        positions: list[int],
        entries: list[tuple[str, str | None]],
    ) -> None:
        """A sign needs a dimension on the code or on one of its folders."""
        parents = dict(entries)
        dimensions: dict[str, Any] = {}
        signs: dict[str, int] = {}
        for index, (code_id, _parent) in zip(positions, entries, strict=True):
            mappings = raw_codes[index].get("mappings")
            if isinstance(mappings, Mapping):
                dimensions[code_id] = mappings.get("dimension")
                if mappings.get("sign") is not None:
                    signs[code_id] = index
        for code_id, index in signs.items():
            current: str | None = code_id
            while current is not None and dimensions.get(current) is None:
                current = parents.get(current)
            if current is None:
                self.report(
                    ("codes", index, "mappings", "sign"),
                    _("sign needs a dimension on the code or on one of its folders"),
                    code_id,
                )

"""Read an auto-coding rules file (``rules: [{id, code, keywords, regexes, scope}]``) and check
everything ``suggest rules`` will need before any document is touched: field types, scopes,
keywords and regexes that compile. Every problem names the file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from concierto.casefile.errors import Issue
from concierto.casefile.locate import Locator, Path_, format_path, load_yaml
from concierto.evidence.errors import EvidenceError
from concierto.i18n import _
from concierto.nlp.rules import SCOPES, Rule, RuleError, RuleSet

RULE_FIELDS = ("id", "code", "keywords", "regexes", "scope")


class RuleFileError(EvidenceError):
    """A rules file that cannot be used; lists every problem found with its file and line."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class _Problems:
    def __init__(self, file: str, locator: Locator) -> None:
        self.file = file
        self.locator = locator
        self.issues: list[Issue] = []

    def add(self, path: Path_, message: str) -> None:
        _file, line = self.locator.find(path)
        self.issues.append(Issue(self.file, line, format_path(path), message))


def _read(path: Path) -> tuple[Any, Locator]:
    locator = Locator()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleFileError([Issue(str(path), None, "", _("not valid UTF-8 text"))]) from None
    except OSError as exc:
        raise RuleFileError([Issue(str(path), None, "", exc.strerror or str(exc))]) from None
    try:
        return load_yaml(text, str(path), locator), locator
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        issue = Issue(str(path), line, "", _("invalid YAML: {problem}").format(problem=problem))
        raise RuleFileError([issue]) from None


def _text(value: Any) -> str | None:
    """A scalar written as text or a number (``id: 3``); None for lists, mappings, booleans."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _texts(value: Any, path: Path_, problems: _Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, _("expected a list of texts, e.g. [one, two]"))
        return ()
    found = []
    for index, item in enumerate(value):
        text = _text(item)
        if text is None:
            problems.add((*path, index), _("expected a text"))
        else:
            found.append(text)
    return tuple(found)


def _rule(entry: Any, index: int, problems: _Problems) -> Rule | None:
    path: Path_ = ("rules", index)
    if not isinstance(entry, dict):
        problems.add(path, _("a rule needs `id` and `code`"))
        return None
    before = len(problems.issues)
    for name in sorted(set(map(str, entry)) - set(RULE_FIELDS)):
        problems.add((*path, name), _("unknown field"))
    values: dict[str, str] = {}
    for name in ("id", "code"):
        text = _text(entry.get(name))
        if text is None or not text.strip():
            problems.add((*path, name), _("a rule needs `id` and `code`"))
        else:
            values[name] = text
    scope = entry.get("scope", "sentence")
    if scope not in SCOPES:
        problems.add(
            (*path, "scope"),
            _("{value!r} is not allowed; expected one of: {choices}").format(
                value=scope, choices=", ".join(SCOPES)
            ),
        )
    keywords = _texts(entry.get("keywords"), (*path, "keywords"), problems)
    regexes = _texts(entry.get("regexes"), (*path, "regexes"), problems)
    if len(problems.issues) > before:
        return None
    rule = Rule(values["id"], values["code"], keywords, regexes, scope)
    try:
        RuleSet([rule])
    except RuleError as exc:
        problems.add(path, str(exc))
        return None
    return rule


def load_rule_file(path: Path) -> list[Rule]:
    """The rules of ``path``; :class:`RuleFileError` with every problem when any is wrong."""
    data, locator = _read(path)
    problems = _Problems(str(path), locator)
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.add((), _("expected `rules:` with a list of rules"))
        raise RuleFileError(problems.issues)
    rules = [_rule(entry, index, problems) for index, entry in enumerate(entries)]
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        key = _text(entry.get("id")) if isinstance(entry, dict) else None
        if key is not None and seen.setdefault(key, index) != index:
            problems.add(
                ("rules", index, "id"),
                _("duplicate id {key!r} (already used in {section})").format(
                    key=key, section=f"rules[{seen[key]}]"
                ),
            )
    if problems.issues:
        raise RuleFileError(problems.issues)
    return [rule for rule in rules if rule is not None]

"""Write a :class:`Codebook` as codebook YAML text that :func:`parse_codebook` reads back equal.

Fields that hold their default (no text, no examples, no colour) are left out, so a dumped
codebook stays short; ``parent``, ``codable``, ``polarity`` and ``mappings`` are always written,
so that a reader sees the structure and the measure mappings of every code at a glance.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from concierto.codebook.model import FORMAT_ID, LANGUAGES, Code, Codebook, Examples, Mappings, Text

# Characters that YAML reads back differently in plain or block scalars (line breaks other than
# "\n", controls, byte-order mark): strings holding them are written double-quoted, escaped.
_NEEDS_QUOTES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


class _Dumper(yaml.SafeDumper):
    """The safe dumper, quoting strings that would not survive a plain or block style."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _NEEDS_QUOTES.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)

HEADER = (
    "# concierto codebook (format {format}); the format is described at the top of the\n"
    "# default codebook that ships with concierto (concierto/data/codebook.yaml).\n"
)


def _text(value: Text) -> dict[str, str]:
    return {
        language: text
        for language in LANGUAGES
        if (text := value.get(language, fallback=False)) is not None
    }


def _examples(value: Examples) -> dict[str, list[str]]:
    return {language: list(value.get(language)) for language in LANGUAGES}


def _mappings(value: Mappings) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in ("dimension", "sign", "layer"):
        if getattr(value, key) is not None:
            found[key] = getattr(value, key)
    if value.metcalfe_level is not None:
        found["metcalfe_level"] = value.metcalfe_level
    elif value.metcalfe_levels:
        found["metcalfe_levels"] = list(value.metcalfe_levels)
    if value.metcalfe_denies:
        found["metcalfe_denies"] = True
    for key in ("role", "mechanism", "coherence"):
        if getattr(value, key) is not None:
            found[key] = getattr(value, key)
    return found


def code_to_data(code: Code) -> dict[str, Any]:
    """One code as the plain mapping written under ``codes``."""
    data: dict[str, Any] = {
        "id": code.id,
        "parent": code.parent,
        "codable": code.codable,
        "label": _text(code.label),
    }
    for key in ("definition", "inclusion", "exclusion"):
        value: Text = getattr(code, key)
        if not value.is_empty():
            data[key] = _text(value)
    if not code.examples.is_empty():
        data["examples"] = _examples(code.examples)
    if code.color is not None:
        data["color"] = code.color
    data["polarity"] = code.polarity
    data["mappings"] = _mappings(code.mappings)
    return data


def codebook_to_data(codebook: Codebook) -> dict[str, Any]:
    """The whole codebook as the plain mapping of a codebook YAML file."""
    data: dict[str, Any] = {
        "format": FORMAT_ID,
        "name": codebook.name,
        "language": codebook.language,
    }
    if codebook.provenance is not None:
        data["provenance"] = codebook.provenance
    if not codebook.description.is_empty():
        data["description"] = _text(codebook.description)
    data["codes"] = [code_to_data(code) for code in codebook.codes]
    return data


def dump_codebook(codebook: Codebook) -> str:
    """The codebook as YAML text (UTF-8 characters kept, keys in the documented order)."""
    body = yaml.dump(
        codebook_to_data(codebook),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return HEADER.format(format=FORMAT_ID) + body


def write_codebook(codebook: Codebook, path: str | Path) -> None:
    """Write the codebook to ``path`` as UTF-8 YAML."""
    Path(path).write_text(dump_codebook(codebook), encoding="utf-8")

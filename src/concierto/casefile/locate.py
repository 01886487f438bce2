"""Remember where each value of a case folder came from (file and line), by field path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from concierto.i18n import _

Path_ = tuple[str | int, ...]


@dataclass
class Locator:
    """Maps a field path such as ``("actors", 3, "parent")`` to the file and line it came from."""

    places: dict[Path_, tuple[str, int]] = field(default_factory=dict)
    cells: dict[Path_, tuple[str, str | None]] = field(default_factory=dict)

    def add(self, path: Path_, file: str, line: int) -> None:
        """Record that ``path`` was read from ``file`` at ``line``."""
        self.places[path] = (file, line)

    def add_cell(self, path: Path_, file: str, row: int, sheet: str, column: str | None) -> None:
        """Record that ``path`` was read from a workbook's ``sheet`` at ``row`` (and column)."""
        self.places[path] = (file, row)
        self.cells[path] = (sheet, column)

    def find_cell(self, path: Path_) -> tuple[str | None, str | None]:
        """The sheet and column of ``path`` or of its nearest recorded ancestor (None, None
        outside a workbook)."""
        probe = tuple(path)
        while probe:
            if probe in self.cells:
                return self.cells[probe]
            probe = probe[:-1]
        return None, None

    def find(self, path: Path_) -> tuple[str, int | None]:
        """The file and line of ``path``, or of its nearest recorded ancestor."""
        probe = tuple(path)
        while probe:
            if probe in self.places:
                return self.places[probe]
            probe = probe[:-1]
        file, line = self.places.get((), ("case.yaml", 0))
        return file, line or None


def format_path(path: Path_) -> str:
    """``("actors", 3, "parent")`` → ``actors[3].parent``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class _NoDatesLoader(yaml.SafeLoader):
    """A safe loader that keeps dates as the strings the user wrote."""


_NoDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, file: str, locator: Locator) -> Any:
    """Parse YAML safely, recording the line of every mapping value and sequence item.

    Nesting deeper than the parser's recursion allows is a ``yaml.YAMLError`` like any other
    syntax problem (the parser and the walk both recurse)."""
    loader = _NoDatesLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        data = loader.construct_document(node)
        locator.add((), file, 1)
        _walk(node, (), file, locator)
    except RecursionError:
        raise yaml.MarkedYAMLError(problem=_("nested too deeply")) from None
    finally:
        loader.dispose()
    return data


def _walk(node: yaml.Node, path: Path_, file: str, locator: Locator) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*path, key)
            locator.add(child, file, value_node.start_mark.line + 1)
            _walk(value_node, child, file, locator)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            locator.add(child, file, item.start_mark.line + 1)
            _walk(item, child, file, locator)

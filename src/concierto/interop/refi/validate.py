"""Validate QDA-XML against the official REFI schemas (Project.xsd, Codebook.xsd): the copies
shipped in ``schemas/`` (MIT, see the LICENSE there), or those of a folder the caller names
(``--schemas`` or the REFI_SCHEMA_DIR variable)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from lxml import etree

from concierto.i18n import _
from concierto.interop.refi.errors import RefiSchemaError
from concierto.interop.refi.xml import parse_xml

SCHEMA_FILES = {"project": "Project.xsd", "codebook": "Codebook.xsd"}
SCHEMA_DIR_VARIABLE = "REFI_SCHEMA_DIR"
BUNDLED_SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
"""The official QDA-XML 1.0 schemas shipped with concierto."""


def schema_dir_from_env() -> Path | None:
    """The schema folder named by REFI_SCHEMA_DIR, or None when it is unset."""
    value = os.environ.get(SCHEMA_DIR_VARIABLE)
    return Path(value) if value else None


def default_schema_dir() -> Path:
    """The schemas to validate against when none are named: REFI_SCHEMA_DIR, else the shipped
    copies."""
    return schema_dir_from_env() or BUNDLED_SCHEMA_DIR


@lru_cache(maxsize=4)
def _schema(path: Path) -> etree.XMLSchema:
    if not path.is_file():
        raise RefiSchemaError(_("schema file {path} not found").format(path=path))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(path), parser))


def schema_errors(data: bytes, kind: str, schema_dir: Path, where: str = "") -> list[str]:
    """Every schema violation of ``data`` (a project or a codebook), as ``line N: message``."""
    return root_errors(parse_xml(data, where or kind), kind, schema_dir)


def root_errors(root: etree._Element, kind: str, schema_dir: Path) -> list[str]:
    """Every schema violation of a parsed document, as ``line N: message``."""
    schema = _schema(Path(schema_dir) / SCHEMA_FILES[kind])
    if schema.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def require_valid(data: bytes, kind: str, schema_dir: Path, where: str) -> None:
    """Raise :class:`RefiSchemaError` listing the first violations when ``data`` is invalid."""
    errors = schema_errors(data, kind, schema_dir, where)
    if errors:
        raise RefiSchemaError(
            _("{file} does not validate against {schema}: {errors}").format(
                file=where, schema=SCHEMA_FILES[kind], errors="; ".join(errors[:5])
            )
        )

"""Parse QDA-XML safely: no entity expansion, no external entities or DTDs, no network, no
huge trees; a document that declares a DTD is refused outright (REFI files never need one)."""

from __future__ import annotations

from lxml import etree

from concierto.i18n import _
from concierto.interop.refi.errors import RefiFormatError


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, where: str) -> etree._Element:
    """The root element of ``data``; ``where`` names the file in error messages."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise RefiFormatError(
            _("{file}: declares a DTD or entities, which are refused for safety").format(
                file=where
            )
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno is not None else "?"
        raise RefiFormatError(
            _("{file}, line {line}: not well-formed XML: {reason}").format(
                file=where, line=line, reason=exc.msg
            )
        ) from exc
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise RefiFormatError(
            _("{file}: declares a DTD or entities, which are refused for safety").format(
                file=where
            )
        )
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (producers disagree on the codebook namespace)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag[tag.find("}") + 1 :]

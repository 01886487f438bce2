"""The element types of a data-loss report in the reader's language.

A report counts elements under stable keys (REFI element names, concierto table names, short
English phrases) that JSON and CSV output keep as they are; tables show :func:`element_label`,
which looks each key up in the catalogs, and builds the label of keys made on the fly (an
attribute or child element the reader has no place for, an archive file) from translated
templates.
"""

from __future__ import annotations

import re

from concierto.i18n import _, catalog


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs; it is translated when shown."""
    return message


ELEMENT_LABELS: tuple[str, ...] = (
    N_("Code"),
    N_("Coding"),
    N_("User"),
    N_("Source"),
    N_("Case"),
    N_("Note"),
    N_("Set"),
    N_("Variable"),
    N_("Case/CodeRef"),
)
"""The bare REFI elements the reader and writer count."""

TABLE_LABELS: dict[str, str] = {
    "source": N_("case data: bibliographic sources"),
    "structural_event": N_("case data: structural events"),
    "contribution": N_("case data: contributions of actors to elements"),
    "interaction_score": N_("case data: interaction scores"),
    "tie": N_("case data: ties between actors"),
    "mechanism": N_("case data: coordination mechanisms"),
    "metcalfe_mapping": N_("case data: Metcalfe scale mappings"),
    "metcalfe_assessment": N_("case data: Metcalfe scale assessments"),
    "function_statement": N_("case data: function statements"),
    "element": N_("case data: policy elements"),
    "policy": N_("case data: policies"),
    "actor": N_("case data: actors"),
}
"""The case-data tables an export leaves out, keyed by table name."""

PREFIXES: tuple[tuple[str, str], ...] = (
    ("out-of-range ", N_("{element} outside its text")),
    ("unreadable ", N_("{element} that cannot be read")),
    ("without text representation: ", N_("{element} without a text representation")),
)
XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def _name(element: str) -> str:
    """A REFI element name inside a label: translated when the catalogs know it."""
    return _(element) if element in catalog("es").messages else element


def element_label(kind: str) -> str:
    """The label of report key ``kind`` in the current language."""
    if kind in TABLE_LABELS:
        return _(TABLE_LABELS[kind])
    if kind in catalog("es").messages:
        return _(kind)
    for prefix, template in PREFIXES:
        if kind.startswith(prefix):
            return _(template).format(element=element_label(kind[len(prefix):]))
    if kind.startswith("archive file ."):
        return _("archive file .{suffix}").format(suffix=kind[len("archive file ."):])
    element, at, attribute = kind.partition("@")
    if at and XML_NAME.fullmatch(attribute):
        return _("attribute {attribute} of {element}").format(
            attribute=attribute, element=_name(element))
    parent, slash, child = kind.rpartition("/")
    if slash and XML_NAME.fullmatch(child):
        return _("{child} inside {parent}").format(child=child, parent=_name(parent))
    if XML_NAME.fullmatch(kind):
        return _("element {name}").format(name=kind)
    return _(kind)

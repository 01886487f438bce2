"""Export the coordination network to GEXF 1.3, GraphML, Kumu JSON and CSV.

Every writer takes the collapsed directed graph of
:func:`concierto.measures.network_input.build_graph` and a path, and returns the paths it
wrote. The same flat attributes go everywhere:

- nodes: ``label`` (the actor's name), ``kind``, ``sector``, ``centre_of_government`` and any
  group attribute;
- edges: ``weight`` (summed over the collapsed ties), ``layer`` and ``origin`` (the layers and
  origins present, joined with ``"; "``), ``evidence`` (evidence ids joined with ``"; "``) and
  ``records`` (how many tie records were collapsed).

Lists are written as ``"; "``-joined text rather than GEXF list types because every reader
(Gephi, networkx, spreadsheets) takes text the same way. An absent value (an actor without a
sector) is left out rather than written as an empty string.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import networkx as nx
from lxml import etree

from concierto.safecells import neutralise_text

LIST_SEPARATOR = "; "
GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_SCHEMA = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
RENAMED_EDGE_FIELDS = {"layers": "layer", "origins": "origin"}
NODE_NAME_FIELD = "name"


class GraphFormat(StrEnum):
    """The formats ``concierto export-graph`` writes."""

    gexf = "gexf"
    graphml = "graphml"
    kumu_json = "kumu-json"
    csv = "csv"


class GraphExportError(ValueError):
    """A graph that cannot be written in the chosen format; the message says which part."""


def _flat_value(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return LIST_SEPARATOR.join(str(item) for item in items)
    return value


def _unify(values: Iterable[Any]) -> type:
    """The one type every present value of an attribute is written as."""
    kinds = {type(value) for value in values}
    if kinds <= {bool}:
        return bool
    if kinds <= {int}:
        return int
    if kinds <= {int, float}:
        return float
    return str


def _flat_attributes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every attribute one scalar type across rows and drop absent values."""
    keys = sorted({key for row in rows for key in row})
    kinds = {key: _unify(row[key] for row in rows if row.get(key) is not None) for key in keys}
    return [
        {key: kinds[key](value) for key, value in row.items() if value is not None} for row in rows
    ]


def flatten_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``graph`` with the flat, typed attributes described in the module docstring."""
    node_rows = []
    for node, data in graph.nodes(data=True):
        row = {key: _flat_value(value) for key, value in data.items() if key != NODE_NAME_FIELD}
        row["label"] = str(data.get(NODE_NAME_FIELD, node))
        node_rows.append(row)
    edge_rows = []
    for _source, _target, data in graph.edges(data=True):
        edge_rows.append(
            {RENAMED_EDGE_FIELDS.get(key, key): _flat_value(value) for key, value in data.items()}
        )
    flat = nx.DiGraph(**{key: str(value) for key, value in graph.graph.items()})
    for node, row in zip(graph.nodes(), _flat_attributes(node_rows), strict=True):
        flat.add_node(str(node), **row)
    for (source, target), row in zip(graph.edges(), _flat_attributes(edge_rows), strict=True):
        flat.add_edge(str(source), str(target), **row)
    return flat


def _gexf_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    return "string"


def _gexf_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _gexf_declarations(
    parent: etree._Element, kind: str, rows: Iterable[Mapping[str, Any]], skip: set[str]
) -> list[str]:
    declared: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            if key not in skip:
                declared.setdefault(key, _gexf_type(value))
    if declared:
        block = etree.SubElement(parent, "attributes", {"class": kind})
        for key in sorted(declared):
            etree.SubElement(block, "attribute", id=key, title=key, type=declared[key])
    return sorted(declared)


def _gexf_values(element: etree._Element, row: Mapping[str, Any], keys: list[str]) -> None:
    present = [key for key in keys if key in row]
    if present:
        values = etree.SubElement(element, "attvalues")
        for key in present:
            etree.SubElement(values, "attvalue", {"for": key, "value": _gexf_text(row[key])})


def write_gexf(graph: nx.DiGraph, path: str | Path) -> tuple[Path, ...]:
    """Write GEXF 1.3 (the format Gephi 0.9+ reads natively), deterministic byte for byte.

    networkx's own 1.3 writer declares a wrong XML-Schema-instance namespace and stamps the
    current date, so this writer builds the document with lxml following the GEXF 1.3 schema
    (https://gexf.net/schema.html): ``meta``, then ``graph`` with attribute declarations,
    nodes and edges.
    """
    flat = flatten_graph(graph)
    root = etree.Element("gexf", nsmap={None: GEXF_NAMESPACE, "xsi": XSI_NAMESPACE})
    root.set("version", "1.3")
    root.set(f"{{{XSI_NAMESPACE}}}schemaLocation", GEXF_SCHEMA)
    meta = etree.SubElement(root, "meta")
    etree.SubElement(meta, "creator").text = "concierto"
    layer = flat.graph.get("layer", "")
    etree.SubElement(meta, "description").text = f"Coordination network; layer: {layer}"
    body = etree.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    node_keys = _gexf_declarations(body, "node", (d for _, d in flat.nodes(data=True)), {"label"})
    edge_rows = [data for _, _, data in flat.edges(data=True)]
    edge_keys = _gexf_declarations(body, "edge", edge_rows, {"weight"})
    nodes = etree.SubElement(body, "nodes", count=str(flat.number_of_nodes()))
    for node, data in flat.nodes(data=True):
        element = etree.SubElement(nodes, "node", id=node, label=data["label"])
        _gexf_values(element, data, node_keys)
    edges = etree.SubElement(body, "edges", count=str(flat.number_of_edges()))
    for index, (source, target, data) in enumerate(flat.edges(data=True)):
        element = etree.SubElement(
            edges, "edge", id=str(index), source=source, target=target, type="directed"
        )
        if "weight" in data:
            element.set("weight", _gexf_text(float(data["weight"])))
        _gexf_values(element, data, edge_keys)
    # Build in no namespace, then move every element into the GEXF namespace.
    for element in root.iter():
        element.tag = f"{{{GEXF_NAMESPACE}}}{element.tag}"
    target_path = Path(path)
    etree.ElementTree(root).write(
        str(target_path), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return (target_path,)


def write_graphml(graph: nx.DiGraph, path: str | Path) -> tuple[Path, ...]:
    """Write GraphML through networkx, with the flat typed attributes (yEd, Gephi, igraph)."""
    target_path = Path(path)
    nx.write_graphml(flatten_graph(graph), target_path, encoding="utf-8")
    return (target_path,)


def kumu_blueprint(graph: nx.DiGraph) -> dict[str, list[dict[str, Any]]]:
    """Kumu's JSON import ("blueprint"): ``{"elements": [...], "connections": [...]}``.

    Elements carry ``id`` (the actor key), ``label``, ``type`` (the actor's kind) and the other
    node attributes; connections carry ``id``, ``from``, ``to``, ``direction: "directed"``,
    ``type`` (the layer, or ``"multiplex"`` when several), ``tags`` (the layers) and the edge
    attributes. Kumu requires ids to be unique across elements and connections
    (https://docs.kumu.io/guides/import/blueprints).
    """
    flat = flatten_graph(graph)
    elements = []
    for node, data in flat.nodes(data=True):
        element: dict[str, Any] = {key: value for key, value in data.items() if key != "kind"}
        # Kumu's own keys are set last so that no attribute can overwrite them.
        element.update(id=node, label=data["label"])
        if "kind" in data:
            element["type"] = data["kind"]
        elements.append(element)
    connections = []
    for (source, target, data), (_s, _t, raw) in zip(
        flat.edges(data=True), graph.edges(data=True), strict=True
    ):
        layers = [str(layer) for layer in raw.get("layers", ())]
        connection: dict[str, Any] = dict(data)
        connection.update(id=f"{source}->{target}", direction="directed")
        connection.update({"from": source, "to": target})
        if layers:
            connection["type"] = layers[0] if len(layers) == 1 else "multiplex"
            connection["tags"] = layers
        connections.append(connection)
    seen = Counter(item["id"] for item in elements + connections)
    repeated = sorted(item for item, times in seen.items() if times > 1)
    if repeated:
        raise GraphExportError(f"Kumu needs unique ids; these repeat: {repeated}")
    return {"elements": elements, "connections": connections}


def write_kumu_json(graph: nx.DiGraph, path: str | Path) -> tuple[Path, ...]:
    """Write the Kumu blueprint of :func:`kumu_blueprint` as UTF-8 JSON."""
    target_path = Path(path)
    text = json.dumps(kumu_blueprint(graph), ensure_ascii=False, indent=2)
    target_path.write_text(text + "\n", encoding="utf-8")
    return (target_path,)


def nodes_csv_path(edges_path: str | Path) -> Path:
    """Where :func:`write_csv` puts the node table: ``<stem>-nodes.csv`` beside the edges."""
    edges_path = Path(edges_path)
    return edges_path.with_name(f"{edges_path.stem}-nodes{edges_path.suffix or '.csv'}")


def _write_table(path: Path, header: list[str], rows: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _csv_text(value) for key, value in row.items()})


def _csv_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise_text(value) if isinstance(value, str) else str(value)


def write_csv(graph: nx.DiGraph, path: str | Path) -> tuple[Path, ...]:
    """Write two CSV tables: edges at ``path`` and nodes at :func:`nodes_csv_path`.

    Headers follow Gephi's spreadsheet import (``Id``, ``Label`` for nodes; ``Source``,
    ``Target``, ``Type``, ``Weight`` for edges), followed by the other attributes in
    alphabetical order; booleans are ``true``/``false`` and absent values empty.
    """
    flat = flatten_graph(graph)
    node_keys = sorted({key for _, data in flat.nodes(data=True) for key in data} - {"label"})
    node_rows = (
        {"Id": node, "Label": data["label"], **{key: data.get(key, "") for key in node_keys}}
        for node, data in flat.nodes(data=True)
    )
    edge_keys = sorted({key for _, _, data in flat.edges(data=True) for key in data} - {"weight"})
    edge_rows = (
        {
            "Source": source,
            "Target": target,
            "Type": "Directed",
            "Weight": data.get("weight", 1.0),
            **{key: data.get(key, "") for key in edge_keys},
        }
        for source, target, data in flat.edges(data=True)
    )
    edges_path = Path(path)
    nodes_path = nodes_csv_path(edges_path)
    _write_table(nodes_path, ["Id", "Label", *node_keys], node_rows)
    _write_table(edges_path, ["Source", "Target", "Type", "Weight", *edge_keys], edge_rows)
    return (edges_path, nodes_path)


WRITERS = {
    GraphFormat.gexf: write_gexf,
    GraphFormat.graphml: write_graphml,
    GraphFormat.kumu_json: write_kumu_json,
    GraphFormat.csv: write_csv,
}


def export_graph(graph: nx.DiGraph, path: str | Path, fmt: GraphFormat | str) -> tuple[Path, ...]:
    """Write ``graph`` to ``path`` in ``fmt``; returns every file written."""
    try:
        chosen = GraphFormat(fmt)
    except ValueError as error:
        names = [item.value for item in GraphFormat]
        raise GraphExportError(f"unknown graph format {fmt!r}; choose one of {names}") from error
    return WRITERS[chosen](graph, path)

"""Measures on your own data, without a database: networkx graphs or edge lists, matrices
(numpy arrays, nested lists, pandas data frames) and tables of observations or ratings.

Each function checks its input first and raises :class:`~concierto.api.errors.InputError`
naming the argument, the row or the cell at fault (the measures' own errors, such as a
cross-impact score outside -3..3, keep their messages). Each returns a
:class:`~concierto.api.results.Result`, the same object the case measures return, computed by
the same functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from concierto.api.choices import choose
from concierto.api.errors import InputError
from concierto.api.results import Result
from concierto.i18n import _

if TYPE_CHECKING:
    import networkx as nx

SOURCE_KEYS = ("source", "from")
TARGET_KEYS = ("target", "to")


def _is_frame(data: Any) -> bool:
    return type(data).__name__ == "DataFrame" and hasattr(data, "to_dict")


def _records(data: Any, name: str) -> list[Mapping[Any, Any]]:
    """Rows of a data frame or of a sequence of mappings."""
    if _is_frame(data):
        return list(data.to_dict("records"))
    if isinstance(data, Mapping | str | bytes):
        raise InputError(
            _("{name} must be a table: a data frame or a list of rows").format(name=name)
        )
    try:
        return [
            row if isinstance(row, Mapping) else _row(row, name, n)
            for n, row in enumerate(data, start=1)
        ]
    except TypeError as exc:
        raise InputError(
            _("{name} must be a table: a data frame or a list of rows").format(name=name)
        ) from exc


def _row(row: Any, name: str, number: int) -> Mapping[Any, Any]:
    if isinstance(row, str | bytes) or not isinstance(row, Sequence):
        raise InputError(
            _("{name}, row {n}: expected a mapping or a sequence, got {value!r}").format(
                name=name, n=number, value=row
            )
        )
    return dict(enumerate(row))


def _present(value: Any) -> bool:
    """False for None, NaN and the empty string (a data frame's missing cells)."""
    return value is not None and value == value and value != ""


def _field(row: Mapping[Any, Any], keys: Sequence[Any], name: str, number: int) -> Any:
    for key in keys:
        if key in row and _present(row[key]):
            return row[key]
    raise InputError(
        _("{name}, row {n}: no value for {field}").format(name=name, n=number, field=keys[0])
    )


def as_graph(
    edges: Any, nodes: Iterable[str] = (), *, groups: Mapping[str, str] | None = None
) -> nx.DiGraph:
    """A directed graph from a networkx graph, an edge list of ``(source, target[, weight])``
    or a table with ``source``/``target`` (or ``from``/``to``) and an optional ``weight``
    column. ``nodes`` adds isolated actors; ``groups`` sets each node's ``group`` attribute."""
    import networkx as nx

    if isinstance(edges, nx.Graph) and not edges.is_multigraph():
        graph = nx.DiGraph(edges)
    elif isinstance(edges, nx.Graph):
        graph = nx.DiGraph()
        graph.add_nodes_from(edges.nodes(data=True))
        for source, target, data in edges.edges(data=True):
            weight = float(data.get("weight", 1.0))
            if graph.has_edge(source, target):
                graph.edges[source, target]["weight"] += weight
            else:
                graph.add_edge(source, target, weight=weight, evidence=())
    else:
        graph = nx.DiGraph()
        for number, row in enumerate(_records(edges, "edges"), start=1):
            source = _field(row, (*SOURCE_KEYS, 0), "edges", number)
            target = _field(row, (*TARGET_KEYS, 1), "edges", number)
            if source == target:
                raise InputError(
                    _("edges, row {n}: a tie from {actor!r} to itself").format(
                        n=number, actor=source
                    )
                )
            weight = row.get("weight", row.get(2, 1.0))
            try:
                value = float(weight if _present(weight) else 1.0)
            except (TypeError, ValueError) as exc:
                raise InputError(
                    _("edges, row {n}: weight {value!r} is not a number").format(
                        n=number, value=weight
                    )
                ) from exc
            if graph.has_edge(source, target):
                graph.edges[source, target]["weight"] += value
            else:
                graph.add_edge(str(source), str(target), weight=value, evidence=())
    graph.add_nodes_from(str(node) for node in nodes)
    if groups is not None:
        lacking = sorted(str(node) for node in graph if node not in groups)
        if lacking:
            raise InputError(
                _("groups has no group for {actors}").format(actors=", ".join(lacking))
            )
        for node in graph:
            graph.nodes[node]["group"] = str(groups[node])
    return graph


def network_figures(edges: Any, nodes: Iterable[str] = (), *, layer: str = "network") -> Result:
    """Whole-network figures of a directed network (MEASURES.md, M2): density, reciprocity,
    in- and out-degree centralisation, weak and strong components, fragmentation."""
    from concierto.api.network_rows import network_columns, network_rows
    from concierto.measures.network import summarise

    graph = as_graph(edges, nodes)
    graph.graph["layer"] = layer
    summary = summarise(graph)
    return Result(
        title=_("Coordination network"),
        columns=tuple(network_columns()),
        rows=tuple(network_rows([summary])),
        value=summary,
    )


def actor_figures(edges: Any, nodes: Iterable[str] = ()) -> Result:
    """Per actor: in- and out-degree, betweenness, and Burt's contacts, constraint,
    effective size, efficiency and hierarchy."""
    from concierto.api.network_rows import actor_columns, actor_rows
    from concierto.measures.brokerage import structural_holes
    from concierto.measures.network import betweenness, degree_centralisation

    graph = as_graph(edges, nodes)
    parts = (
        degree_centralisation(graph, "in"),
        degree_centralisation(graph, "out"),
        betweenness(graph),
        structural_holes(graph),
    )
    return Result(
        title=_("Coordination network"),
        columns=tuple(actor_columns()),
        rows=tuple(actor_rows(*parts)),
        value=parts,
    )


def brokerage_roles(edges: Any, groups: Mapping[str, str], *, view: str = "roles") -> Result:
    """Gould and Fernandez's (1989) brokerage roles of each actor (``roles``) or every
    brokered two-path (``paths``), given each actor's group (``groups``: actor → group)."""
    from concierto.api.network_rows import (
        brokerage_columns,
        brokerage_rows,
        brokered_path_columns,
        brokered_path_rows,
    )
    from concierto.measures.brokerage import gould_fernandez

    choose("view", view, ("roles", "paths"))
    if not isinstance(groups, Mapping):
        raise InputError(_("groups must map each actor to its group"))
    graph = as_graph(edges, groups.keys(), groups=groups)
    found = gould_fernandez(graph, {node: graph.nodes[node]["group"] for node in graph})
    if view == "roles":
        rows, columns = brokerage_rows(found), brokerage_columns()
    else:
        rows, columns = brokered_path_rows(found), brokered_path_columns()
    return Result(
        title=_("Brokerage ({layer}, by {group})").format(layer="network", group="group"),
        columns=tuple(columns),
        rows=tuple(rows),
        value=found,
    )


def ei_index(edges: Any, groups: Mapping[str, str]) -> Result:
    """Krackhardt and Stern's E-I index of the whole network and of each group."""
    from concierto.api.network_rows import ei_columns, ei_rows
    from concierto.measures.network import ei_index as measure

    if not isinstance(groups, Mapping):
        raise InputError(_("groups must map each actor to its group"))
    graph = as_graph(edges, groups.keys(), groups=groups)
    found = measure(graph, {node: graph.nodes[node]["group"] for node in graph})
    return Result(
        title="E-I",
        columns=tuple(ei_columns()),
        rows=tuple(ei_rows(found)),
        value=found,
        summary={"ei_index": found.value},
    )


def _matrix(matrix: Any, ids: Sequence[str] | None) -> tuple[list[str], Any]:
    """Ids and cells of a square matrix: a data frame's index and columns must agree."""
    if _is_frame(matrix):
        rows, columns = [str(i) for i in matrix.index], [str(c) for c in matrix.columns]
        if rows != columns:
            raise InputError(
                _("the matrix's row ids {rows} differ from its column ids {columns}").format(
                    rows=rows, columns=columns
                )
            )
        return (list(ids) if ids is not None else rows), matrix.to_numpy()
    if ids is None:
        raise InputError(_("ids are needed for a matrix without row and column labels"))
    return [str(i) for i in ids], matrix


def cross_impact_figures(
    matrix: Any,
    ids: Sequence[str] | None = None,
    *,
    names: Sequence[str] | Mapping[str, str] | None = None,
    w2: float | None = None,
    view: str = "elements",
) -> Result:
    """Cross-impact analysis (Weitz et al. 2018; MEASURES.md, M4) of a square matrix of scores
    -3..3 (row influences column): influence per element (``elements``), ``clusters`` of the
    positive part, ``trade-offs`` (negative cells). A data frame brings its own ids."""
    from concierto.api.measure_rows import crossimpact_rows
    from concierto.measures.crossimpact import DEFAULT_W2, cross_impact

    choose("view", view, ("elements", "clusters", "trade-offs"))
    element_ids, cells = _matrix(matrix, ids)
    result = cross_impact(element_ids, cells, names=names, w2=DEFAULT_W2 if w2 is None else w2)
    rows, columns, title = crossimpact_rows(result, None, view)
    return Result(
        title=title,
        columns=tuple(columns),
        rows=tuple(rows),
        value=result,
        summary={"ignored_diagonal": result.ignored_diagonal},
    )


def metcalfe_levels(observations: Any, *, view: str = "pairs") -> Result:
    """Metcalfe's (1994) coordination scale from a table of observations: one row per piece of
    evidence with ``actor_a`` and ``actor_b`` (both empty: the policy as a whole), ``level``
    (2..9), ``holds`` (True: supports the item, False: denies it), ``source`` (who says so) and
    optionally ``evidence``. A pair scores the highest level up to which every item is
    satisfied (more supporting than denying sources); ``view`` is ``pairs``, ``policy`` or
    ``actors``."""
    from concierto.api.measure_rows import metcalfe_rows, metcalfe_title
    from concierto.measures.metcalfe import Observation, metcalfe_from_observations

    choose("view", view, ("pairs", "policy", "actors"))
    found = []
    for number, row in enumerate(_records(observations, "observations"), start=1):
        first = row["actor_a"] if _present(row.get("actor_a")) else None
        second = row["actor_b"] if _present(row.get("actor_b")) else None
        if (first is None) != (second is None) or (first is not None and first == second):
            raise InputError(
                _(
                    "observations, row {n}: give two different actors, or neither for the policy"
                ).format(n=number)
            )
        level = _field(row, ("level",), "observations", number)
        if not isinstance(level, int | float) or int(level) != level or not 2 <= level <= 9:
            raise InputError(
                _(
                    "observations, row {n}: level {value!r} is not a whole number from 2 to 9"
                ).format(n=number, value=level)
            )
        holds = _field(row, ("holds",), "observations", number)
        if not isinstance(holds, bool) and holds not in (0, 1):
            raise InputError(
                _("observations, row {n}: holds {value!r} is not true or false").format(
                    n=number, value=holds
                )
            )
        source = str(_field(row, ("source",), "observations", number))
        evidence: Any = row["evidence"] if _present(row.get("evidence")) else ()
        ids = (evidence,) if isinstance(evidence, str) else tuple(str(e) for e in evidence)
        pair = None if first is None else tuple(sorted((str(first), str(second))))
        found.append(Observation(pair, int(level), bool(holds), source, ids))  # type: ignore[arg-type]
    result = metcalfe_from_observations(found)
    rows, columns = metcalfe_rows(result, view)
    return Result(
        title=metcalfe_title(result),
        columns=tuple(columns),
        rows=tuple(rows),
        value=result,
        summary={"policy_score": result.policy_score, "reproducibility": result.reproducibility},
    )


def _reliability(data: Any) -> tuple[Any, tuple[str, ...], tuple[str, ...]]:
    """Coders x units cells, coder ids and unit ids, from a wide table (a data frame with one
    row per coder, or a list of rows) or a long table of ``unit``, ``coder``, ``value``."""
    if _is_frame(data) and {"unit", "coder", "value"} <= set(map(str, data.columns)):
        data = data.to_dict("records")
    if isinstance(data, Sequence) and data and all(isinstance(r, Mapping) for r in data):
        units: dict[str, None] = {}
        coders: dict[str, None] = {}
        cells: dict[tuple[str, str], Any] = {}
        for number, row in enumerate(data, start=1):
            unit = str(_field(row, ("unit",), "ratings", number))
            coder = str(_field(row, ("coder",), "ratings", number))
            if (coder, unit) in cells:
                raise InputError(
                    _("ratings, row {n}: coder {coder!r} rated unit {unit!r} twice").format(
                        n=number, coder=coder, unit=unit
                    )
                )
            units[unit] = None
            coders[coder] = None
            cells[(coder, unit)] = row.get("value")
        matrix = [[cells.get((c, u)) for u in units] for c in coders]
        return matrix, tuple(coders), tuple(units)
    if _is_frame(data):
        return (
            data.to_numpy(dtype=object).tolist(),
            tuple(map(str, data.index)),
            tuple(map(str, data.columns)),
        )
    return data, (), ()


def agreement(
    ratings: Any, level: str = "nominal", *, bootstrap: int = 0, seed: int | None = None
) -> Result:
    """Krippendorff's alpha of reliability data at ``level`` (nominal, ordinal, interval,
    ratio): a wide table (one row per coder, one column per unit, missing = None or NaN) or a
    long table of ``unit``, ``coder``, ``value``; ``bootstrap`` resamples of the units give a
    95 % interval."""
    from concierto.measures.agreement import Level, alpha_interval, krippendorff_alpha
    from concierto.measures.agreement.bootstrap import DEFAULT_SEED

    choose("level", level, [item.value for item in Level])
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, int) or bootstrap < 0:
        raise InputError(_("bootstrap must be a whole number of resamples, 0 or more"))
    data, coders, units = _reliability(ratings)
    result = krippendorff_alpha(data, level, coder_ids=coders, unit_ids=units)
    row: dict[str, Any] = {
        "alpha": result.alpha,
        "level": result.level.value,
        "coders": result.coders,
        "units": result.units,
        "pairable_units": result.pairable_units,
        "pairable_values": result.pairable_values,
        "undefined_reason": _(result.undefined_reason) if result.undefined_reason else None,
    }
    columns = [
        ("alpha", _("Alpha")),
        ("level", _("Level")),
        ("coders", _("Coders")),
        ("units", _("Units")),
        ("pairable_units", _("Pairable units")),
        ("pairable_values", _("Pairable values")),
    ]
    interval = None
    if bootstrap:
        interval = alpha_interval(
            data, level, resamples=bootstrap, seed=DEFAULT_SEED if seed is None else seed
        )
        row.update(ci_low=interval.low, ci_high=interval.high)
        columns += [("ci_low", _("95 % CI low")), ("ci_high", _("95 % CI high"))]
    columns.append(("undefined_reason", _("Undefined because")))
    return Result(
        title=_("Krippendorff's alpha"),
        columns=tuple(columns),
        rows=(row,),
        value=result,
        summary={"alpha": result.alpha, "interval": interval},
    )

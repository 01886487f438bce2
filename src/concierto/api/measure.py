"""Every measure the CLI offers, on one case's snapshot and evidence, as :class:`Result`
objects: ``case.measure.network(layer="information_exchange")``. The keyword arguments are the
CLI's options (``view``, ``layer``, ``group_by``, ``threshold``, ``w2``, ``declared_only``) with
the same defaults; the rows are those the CLI prints with ``--format json``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from concierto.api.choices import choose
from concierto.api.errors import InputError
from concierto.api.results import Result
from concierto.i18n import _

if TYPE_CHECKING:
    import networkx as nx

    from concierto.casefile.read import CaseDocument
    from concierto.evidence.snapshot import EvidenceSnapshot
    from concierto.snapshot import CaseSnapshot

STRUCTURE_VIEWS = ("summary", "series", "churn", "spans", "budgets")
NETWORK_VIEWS = ("layers", "actors", "ei", "components")
BROKERAGE_VIEWS = ("roles", "paths")
METCALFE_VIEWS = ("pairs", "policy", "actors")
CROSSIMPACT_VIEWS = ("elements", "clusters", "trade-offs", "cells", "agreement")
ALIGNMENT_VIEWS = ("coverage", "actors", "conflicts", "edges")
CENTRIFUGAL_VIEWS = ("actors", "policies")

FREQUENCY_GROUPS = ("total", "document", "case", "attribute")
MATRIX_COUNTS = ("segments", "sources")
COOCCURRENCE_UNITS = ("overlap", "sentence", "paragraph", "turn", "document")
CONTEXT_UNITS = ("sentence", "paragraph", "turn")
CODE_CONSENSUS_KEYS = (
    "code",
    "label",
    "k",
    "n",
    "share",
    "basis",
    "sentence",
    "population",
    "interviewees",
    "segments",
    "document_ids",
    "unattributed",
)
PAIR_CONSENSUS_KEYS = (
    "positive",
    "negative",
    "n",
    "positive_only",
    "negative_only",
    "both",
    "silent",
    "basis",
    "sentence",
    "positions",
    "document_ids",
    "unattributed",
)

Loader = Callable[[bool], tuple["CaseSnapshot", "EvidenceSnapshot"]]
DocumentLoader = Callable[[], tuple["CaseDocument", "EvidenceSnapshot"]]


def _result(
    title: str,
    rows: list[dict[str, Any]],
    columns: Any,
    value: Any,
    reason: str | None = None,
    **summary: Any,
) -> Result:
    return Result(
        title=title,
        columns=tuple(columns),
        rows=tuple(rows),
        value=value,
        summary=summary,
        reason=reason,
    )


def check_layer(layer: str | None) -> None:
    """Refuse a layer the case format does not know."""
    from concierto.measures.network_input import LAYERS

    if layer is not None and layer not in LAYERS:
        raise InputError(
            _("Unknown layer {layer}; choose one of {layers}").format(
                layer=layer, layers=", ".join(LAYERS)
            )
        )


class CaseMeasures:
    """The measures of one case (``case.measure``); each call reads the case afresh."""

    def __init__(self, load: Loader, load_document: DocumentLoader) -> None:
        self._load = load
        self._load_document = load_document

    # ------------------------------------------------------------------------- M1

    def structure(self, view: str = "summary", date: str | None = None) -> Result:
        """Structure of the executive (M1): counts, agencification, spans, depth (``summary``),
        the yearly ``series``, ``churn`` of events, ``spans`` of control, ``budgets`` (HHI).
        ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) sets the moment of the summary and spans."""
        from concierto.api.measure_rows import structure_rows
        from concierto.measures.empty import (
            why_no_actors,
            why_no_budgets,
            why_no_churn,
            why_no_series,
            why_no_spans,
        )
        from concierto.measures.structure import structure_at, structure_of_case

        choose("view", view, STRUCTURE_VIEWS)
        snapshot, _evidence = self._load(False)
        result = structure_of_case(snapshot)
        now = result.current if date is None else structure_at(snapshot, date)
        rows, columns = structure_rows(result, now, view)
        title = _("Structure ({view})").format(view=view)
        reason: str | None = None
        if view == "churn":
            reason = None if snapshot.events else why_no_churn(snapshot)
        elif view == "summary":
            reason = None if snapshot.actors else why_no_actors(snapshot)
        elif not rows:
            reasons = {"series": why_no_series, "spans": why_no_spans, "budgets": why_no_budgets}
            reason = reasons[view](snapshot)
        return _result(title, rows, columns, result, reason)

    # ------------------------------------------------------------------------- M2

    def graph(self, layer: str | None = None, declared_only: bool = False) -> nx.DiGraph:
        """The coordination network of one layer (or the union of every layer) as a networkx
        graph: declared ties plus, unless ``declared_only``, the ties coded segments evidence."""
        from concierto.measures.evidence_ties import actor_nodes, case_ties
        from concierto.measures.network_input import build_graph

        check_layer(layer)
        snapshot, evidence = self._load(not declared_only)
        return build_graph(actor_nodes(snapshot), case_ties(snapshot, evidence), layer)

    def network(
        self,
        layer: str | None = None,
        group_by: str = "sector",
        view: str = "layers",
        declared_only: bool = False,
        component: Literal["weak", "strong"] = "weak",
    ) -> Result:
        """Whole-network figures per layer and their union (``layers``: density, reciprocity,
        centralisation, components, fragmentation), per ``actors`` (degrees, betweenness,
        Burt's constraint), the E-I index by ``group_by`` (``ei``), or the weak or strong
        ``components``."""
        from concierto.api.network_rows import (
            actor_columns,
            actor_rows,
            component_columns,
            component_rows,
            ei_columns,
            ei_rows,
            network_columns,
            network_rows,
        )
        from concierto.measures.brokerage import structural_holes
        from concierto.measures.empty import layers_without_ties, why_no_ties
        from concierto.measures.evidence_ties import actor_nodes, case_ties
        from concierto.measures.network import (
            betweenness,
            components,
            degree_centralisation,
            ei_index,
            summarise,
        )
        from concierto.measures.network_input import LAYERS, UNION, build_graph, grouping_by

        choose("view", view, NETWORK_VIEWS)
        choose("component", component, ("weak", "strong"))
        check_layer(layer)
        snapshot, evidence = self._load(not declared_only)
        nodes, ties = actor_nodes(snapshot), case_ties(snapshot, evidence)
        if view == "layers":
            chosen = [layer] if layer else [*LAYERS, None]
            summaries = [summarise(build_graph(nodes, ties, name)) for name in chosen]
            named = [name for name in chosen if name]
            reason: str | None
            if not ties or (layer and not any(tie.layer == layer for tie in ties)):
                reason = why_no_ties(ties, layer, len(nodes))
            else:
                reason = layers_without_ties(ties, named)
            return _result(
                _("Coordination network"),
                network_rows(summaries),
                network_columns(),
                summaries,
                reason,
            )
        graph = build_graph(nodes, ties, layer)
        reason = why_no_ties(ties, layer or UNION, len(nodes)) if not graph.edges else None
        title = f"{_('Coordination network')} ({layer or UNION})"
        if view == "actors":
            holes = structural_holes(graph)
            indegree = degree_centralisation(graph, "in")
            outdegree = degree_centralisation(graph, "out")
            scores = betweenness(graph)
            rows = actor_rows(indegree, outdegree, scores, holes)
            return _result(
                title, rows, actor_columns(), (indegree, outdegree, scores, holes), reason
            )
        if view == "ei":
            found = ei_index(graph, grouping_by(graph, group_by))
            return _result(
                f"{title}: E-I ({group_by})",
                ei_rows(found),
                ei_columns(),
                found,
                reason,
                ei_index=found.value,
            )
        found_parts = components(graph, component)
        return _result(
            f"{title}: {component}",
            component_rows(found_parts),
            component_columns(),
            found_parts,
            reason,
            count=found_parts.count,
        )

    def brokerage(
        self,
        layer: str | None = None,
        group_by: str = "sector",
        view: str = "roles",
        declared_only: bool = False,
    ) -> Result:
        """Gould-Fernandez brokerage roles per actor (``roles``) or every brokered two-path
        (``paths``), by the actor attribute ``group_by`` (M2)."""
        from concierto.api.network_rows import (
            brokerage_columns,
            brokerage_rows,
            brokered_path_columns,
            brokered_path_rows,
        )
        from concierto.measures.brokerage import gould_fernandez
        from concierto.measures.empty import why_no_brokerage
        from concierto.measures.network_input import UNION, grouping_by

        choose("view", view, BROKERAGE_VIEWS)
        graph = self.graph(layer, declared_only)
        found = gould_fernandez(graph, grouping_by(graph, group_by))
        title = _("Brokerage ({layer}, by {group})").format(layer=layer or UNION, group=group_by)
        reason = (
            None
            if found.paths
            else why_no_brokerage(graph.number_of_edges(), graph.number_of_nodes())
        )
        if view == "roles":
            return _result(title, brokerage_rows(found), brokerage_columns(), found, reason)
        return _result(title, brokered_path_rows(found), brokered_path_columns(), found, reason)

    def gaps(
        self, threshold: float | None = None, show_all: bool = False, declared_only: bool = False
    ) -> Result:
        """Coordination gaps (M2): pairs whose elements interact by at least ``threshold``
        (|a_pq|, default 2) with no information-exchange or rule tie; ``show_all`` lists every
        required pair, covered or not."""
        from concierto.api.measure_rows import gaps_rows, gaps_title
        from concierto.measures.empty import why_no_gaps, why_no_required_pairs
        from concierto.measures.gaps import DEFAULT_THRESHOLD, gaps_of_case

        snapshot, evidence = self._load(not declared_only)
        chosen = DEFAULT_THRESHOLD if threshold is None else threshold
        result = gaps_of_case(snapshot, evidence, chosen)
        rows, columns = gaps_rows(result, show_all)
        reason = None
        if not rows:
            reason = (
                why_no_gaps(result) if result.required else why_no_required_pairs(snapshot, chosen)
            )
        return _result(
            gaps_title(result), rows, columns, result, reason, covered_share=result.covered_share
        )

    # ------------------------------------------------------------------------- M3

    def metcalfe(self, view: str = "pairs", declared_only: bool = False) -> Result:
        """Metcalfe's coordination scale (M3): the ladder of each pair of actors (``pairs``),
        the policy's nine items (``policy``), or each actor's median score (``actors``)."""
        from concierto.api.measure_rows import metcalfe_rows, metcalfe_title
        from concierto.measures.empty import why_no_metcalfe_pairs
        from concierto.measures.metcalfe import metcalfe_of_case

        choose("view", view, METCALFE_VIEWS)
        snapshot, evidence = self._load(not declared_only)
        result = metcalfe_of_case(snapshot, evidence)
        rows, columns = metcalfe_rows(result, view)
        reason = (
            why_no_metcalfe_pairs(snapshot, result)
            if not result.pairs and view != "policy"
            else None
        )
        return _result(
            metcalfe_title(result),
            rows,
            columns,
            result,
            reason,
            policy_score=result.policy_score,
            reproducibility=result.reproducibility,
        )

    # ------------------------------------------------------------------------- M4

    def crossimpact(self, view: str = "elements", w2: float | None = None) -> Result:
        """Cross-impact analysis of the interaction scores, median over raters (M4): influence
        per element (``elements``), ``clusters``, ``trade-offs``, the rated ``cells`` and the
        raters' ``agreement`` (ordinal alpha); ``w2`` weighs second-order influence."""
        from concierto.api.measure_rows import crossimpact_rows
        from concierto.measures.coherence import crossimpact_of_case
        from concierto.measures.crossimpact import DEFAULT_W2, why_no_clusters, why_no_trade_offs

        choose("view", view, CROSSIMPACT_VIEWS)
        snapshot, _evidence = self._load(False)
        if not snapshot.interactions:
            raise InputError(_("The case has no interaction scores."))
        result, aggregation = crossimpact_of_case(snapshot, DEFAULT_W2 if w2 is None else w2)
        rows, columns, title = crossimpact_rows(result, aggregation, view)
        value = aggregation if view in ("cells", "agreement") else result
        reason = None
        if view == "clusters" and not any(c.internal_weight for c in result.clusters):
            reason = why_no_clusters(result)  # single elements only: nothing reinforces
        elif view == "trade-offs" and not rows:
            reason = why_no_trade_offs(result)
        return _result(title, rows, columns, value, reason)

    def alignment(self, view: str = "coverage") -> Result:
        """Vertical alignment (M4): coverage of each policy objective, orphan rate and strength
        per actor, conflicts between actors' objectives, or the objective DAG's edges."""
        from concierto.api.measure_rows import alignment_rows
        from concierto.measures.alignment import alignment_of_case
        from concierto.measures.empty import (
            why_no_conflicts,
            why_no_contributions,
            why_no_owned_objectives,
            why_no_policy_objectives,
        )

        choose("view", view, ALIGNMENT_VIEWS)
        snapshot, _evidence = self._load(False)
        result = alignment_of_case(snapshot)
        rows, columns, title = alignment_rows(result, view)
        reasons = {
            "coverage": lambda: why_no_policy_objectives(snapshot),
            "actors": lambda: why_no_owned_objectives(snapshot),
            "conflicts": lambda: why_no_conflicts(snapshot),
            "edges": lambda: why_no_contributions(snapshot, len(result.ignored)),
        }
        reason = None if rows else reasons[view]()
        return _result(title, rows, columns, result, reason, ignored=tuple(result.ignored))

    def centrifugal(self, view: str = "actors") -> Result:
        """Centrifugal index (M4): the share of each actor's institutional objectives that serve
        no policy objective (``actors``), and its mean for each policy (``policies``)."""
        from concierto.api.measure_rows import centrifugal_rows
        from concierto.measures.centrifugal import centrifugal_of_case
        from concierto.measures.empty import (
            why_no_owned_objectives,
            why_no_policy_objectives_of_policy,
        )

        choose("view", view, CENTRIFUGAL_VIEWS)
        snapshot, _evidence = self._load(False)
        result = centrifugal_of_case(snapshot)
        rows, columns, title = centrifugal_rows(result, view)
        reason = None
        if not rows:
            reason = (
                why_no_owned_objectives(snapshot)
                if view == "actors"
                else why_no_policy_objectives_of_policy(snapshot)
            )
        return _result(title, rows, columns, result, reason)

    def coherence(self, assume: str | Path | None = None) -> Result:
        """Every coherence figure (cross-impact totals, alignment, centrifugal index, gaps);
        with ``assume`` (a YAML assumptions file), only the figures it would change."""
        from concierto.api.measure_rows import difference_rows, figure_rows
        from concierto.measures.coherence import coherence_figures
        from concierto.measures.empty import why_no_change
        from concierto.measures.whatif import what_if
        from concierto.snapshot import snapshot_from_document

        document, evidence = self._load_document()
        if assume is None:
            figures = coherence_figures(snapshot_from_document(document), evidence)
            rows, columns = figure_rows(figures)
            return _result(_("Coherence figures"), rows, columns, figures)
        path = Path(assume)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                _("{path}: not UTF-8 text (byte {offset})").format(path=path, offset=exc.start)
            ) from exc
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from exc
        result = what_if(document, text, str(path), evidence)
        rows, columns = difference_rows(result.differences)
        title = _("What would change under {file}").format(file=path.name)
        reason = None if rows else why_no_change(len(result.applied))
        return _result(title, rows, columns, result, reason, applied=tuple(result.applied))

    # ------------------------------------------------------------------------- M5 queries

    def _index(self) -> Any:
        from concierto.measures.qualitative import EvidenceIndex

        _snapshot, evidence = self._load(True)
        return EvidenceIndex(evidence)

    def frequency(
        self,
        by: str = "total",
        attribute: str | None = None,
        codes: Sequence[str] | None = None,
        descendants: bool = False,
    ) -> Result:
        """Code frequencies (M5): coded segments and distinct documents per code, in total or
        per ``document``, qualitative ``case`` or value of an ``attribute``; ``descendants``
        counts the codings of the codes below each code as its own."""
        from concierto.api.query_rows import frequency_rows
        from concierto.measures.qualitative import code_frequencies
        from concierto.measures.qualitative.empty import why_no_codings

        choose("by", by, FREQUENCY_GROUPS)
        if attribute is not None and by == "total":
            by = "attribute"
        index = self._index()
        table = code_frequencies(
            index,
            grouping=by,  # type: ignore[arg-type]  # checked by choose() above
            attribute=attribute,
            codes=list(codes) if codes else None,
            include_descendants=descendants,
        )
        columns = [("code", _("Code")), ("label", _("Label")), ("group", _("Group"))]
        columns += [("segments", _("Segments")), ("sources", _("Sources"))]
        columns += [("segment_ids", _("Segments (ids)")), ("document_ids", _("Documents (ids)"))]
        reason = (
            None
            if any(row.segments for row in table.rows)
            else why_no_codings(index.evidence, codes)
        )
        return _result(
            _("Code frequencies"),
            frequency_rows(index, table),
            columns,
            table,
            reason,
            grouping=table.grouping,
            attribute=table.attribute,
            include_descendants=table.include_descendants,
        )

    def matrix(
        self,
        attribute: str,
        count: str = "segments",
        codes: Sequence[str] | None = None,
        descendants: bool = False,
    ) -> Result:
        """Code x attribute matrix (M5): one row per code, one column per value of
        ``attribute``, counting ``segments`` or ``sources`` (documents)."""
        from concierto.api.query_rows import matrix_rows
        from concierto.measures.qualitative import code_attribute_matrix
        from concierto.measures.qualitative.empty import why_no_codings

        choose("count", count, MATRIX_COUNTS)
        index = self._index()
        result = code_attribute_matrix(
            index, attribute, codes=list(codes) if codes else None, include_descendants=descendants
        )
        rows, columns = matrix_rows(index, result, "sources" if count == "sources" else "segments")
        reason = (
            None
            if any(cell.segments for cell in result.cells.values())
            else why_no_codings(index.evidence, codes)
        )
        title = _("{count} by {attribute}").format(
            count=_("Segments") if count == "segments" else _("Sources"), attribute=attribute
        )
        return _result(title, rows, columns, result, reason)

    def cooccurrence(
        self,
        unit: str = "paragraph",
        codes: Sequence[str] | None = None,
        descendants: bool = False,
    ) -> Result:
        """Co-occurrence (M5): for each pair of codes, the units (``overlap``, ``sentence``,
        ``paragraph``, ``turn``, ``document``) where both occur, where either does, Jaccard."""
        from concierto.api.query_rows import cooccurrence_rows
        from concierto.measures.qualitative import code_cooccurrence
        from concierto.measures.qualitative.empty import why_no_cooccurrence

        choose("unit", unit, COOCCURRENCE_UNITS)
        index = self._index()
        table = code_cooccurrence(
            index,
            unit,  # type: ignore[arg-type]  # checked by choose() above
            codes=list(codes) if codes else None,
            include_descendants=descendants,
        )
        columns = [
            ("code_a", _("Code A")),
            ("code_b", _("Code B")),
            ("both", _("Both")),
            ("either", _("Either")),
            ("jaccard", _("Jaccard")),
            ("segment_ids", _("Segments (ids)")),
            ("document_ids", _("Documents (ids)")),
        ]
        return _result(
            _("Co-occurrence"),
            cooccurrence_rows(table),
            columns,
            table,
            None if table.pairs else why_no_cooccurrence(index.evidence, unit),
            outside_units=tuple(table.outside_units),
        )

    def consensus(
        self, codes: Sequence[str] | None = None, pairs: bool = False, descendants: bool = False
    ) -> Result:
        """Consensus (M5): how many of the N interviewees voice each of ``codes`` ("k of N"),
        or, without codes (or with ``pairs``), their positions on the codebook's polar pairs."""
        from concierto.api.query_rows import code_consensus_row, pair_row
        from concierto.measures.qualitative import (
            attribute_interviewees,
            code_consensus,
            pair_consensus,
            polar_pairs,
        )
        from concierto.measures.qualitative.empty import why_no_interviewees, why_no_polar_pairs

        index = self._index()
        attribution = attribute_interviewees(index)
        if codes and not pairs:
            rows = [
                code_consensus_row(
                    code_consensus(
                        index, code, include_descendants=descendants, attribution=attribution
                    )
                )
                for code in codes
            ]
            labels = {"code": _("Code"), "k": "k", "n": "N", "share": _("Share")}
            labels |= {"sentence": _("Statement"), "interviewees": _("Interviewees")}
            labels |= {"unattributed": _("Unattributed")}
            columns = [(key, labels.get(key, key)) for key in CODE_CONSENSUS_KEYS]
            nobody = None if any(row["n"] for row in rows) else why_no_interviewees(index.evidence)
            return _result(_("Consensus"), rows, columns, rows, nobody, basis=attribution.basis)
        chosen = polar_pairs(index)
        reason = None if chosen else why_no_polar_pairs(index.evidence)
        if codes:
            unknown = [code for code in codes if code not in index.code_position]
            if unknown:
                raise InputError(_("unknown code {key!r}").format(key=unknown[0]))
            chosen = tuple(pair for pair in chosen if set(pair) & set(codes))
            if not chosen:
                raise InputError(_("no polar pair holds {codes}").format(codes=", ".join(codes)))
        rows = [
            pair_row(
                pair_consensus(
                    index,
                    positive,
                    negative,
                    include_descendants=descendants,
                    attribution=attribution,
                )
            )
            for positive, negative in chosen
        ]
        labels = {"positive": _("Positive"), "negative": _("Negative"), "n": "N"}
        labels |= {"positive_only": _("Only positive"), "negative_only": _("Only negative")}
        labels |= {"both": _("Both"), "silent": _("Neither"), "sentence": _("Statement")}
        columns = [(key, labels.get(key, key)) for key in PAIR_CONSENSUS_KEYS]
        if chosen and not any(row["n"] for row in rows):
            reason = why_no_interviewees(index.evidence)
        return _result(_("Consensus"), rows, columns, rows, reason, basis=attribution.basis)

    def retrieve(
        self,
        codes: Sequence[str],
        context: int | None = None,
        unit: str | None = None,
        documents: Sequence[str] | None = None,
        qual_cases: Sequence[str] | None = None,
        descendants: bool = False,
    ) -> Result:
        """Retrieval (M5): each coded segment of ``codes`` with its document, offsets, coder,
        qualitative cases and context (``context`` characters, or the enclosing ``unit``)."""
        from concierto.measures.qualitative import DEFAULT_CONTEXT_CHARS, retrieve_segments
        from concierto.measures.qualitative.empty import why_no_codings

        if unit is not None:
            choose("unit", unit, CONTEXT_UNITS)
        index = self._index()
        found = retrieve_segments(
            index,
            list(codes),
            include_descendants=descendants,
            context=DEFAULT_CONTEXT_CHARS if context is None else context,
            unit=unit,
            documents=list(documents) if documents else None,
            cases=list(qual_cases) if qual_cases else None,
        )
        rows = [
            {
                "segment": s.evidence_id,
                "code": s.code,
                "document": s.document,
                "document_id": s.document_id,
                "start": s.start,
                "end": s.end,
                "whole_document": s.whole_document,
                "coder": s.coder,
                "cases": list(s.cases),
                "before": s.before,
                "text": s.text,
                "after": s.after,
                "memo": s.memo,
            }
            for s in found
        ]
        columns = [(key, key) for key in rows[0]] if rows else [("segment", "segment")]
        reason = None if rows else why_no_codings(index.evidence, codes)
        return _result(_("Coded segments"), rows, columns, found, reason)

"""Text-intelligence commands: ``mentions``, ``suggest`` (rules, semantic, review, evaluate)
and ``overlap`` (candidate duplicated functions)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from sqlalchemy import select

from concierto.api.evidence import coding_rows
from concierto.cli.acting import ByOverride, acting_coder
from concierto.cli.app import FormatOption, app, fail
from concierto.cli.evidence import (
    ExecutorName,
    ExecutorOption,
    PolicyCaseOption,
    SchedulerOption,
    case_session,
    running,
)
from concierto.cli.output import OutputFormat, console, emit_rows
from concierto.evidence.store import document_by_key
from concierto.evidence.suggest import (
    cached,
    decide_overlap,
    detect_mentions,
    evaluate_suggestions,
    find_overlaps,
    load_rules,
    review,
    run_rules,
    suggest_semantic,
)
from concierto.i18n import _
from concierto.model import Actor, Document, FunctionStatement, Mention
from concierto.model import OverlapCandidate as Candidate
from concierto.nlp.embed import (
    Embedder,
    HashingEmbedder,
    MultilingualE5,
    UniversalSentenceEncoder,
)
from concierto.nlp.embed import Progress as EmbedProgress

mentions_app = typer.Typer(help=_("Actor mentions in the documents."), no_args_is_help=True)
suggest_app = typer.Typer(help=_("Coding suggestions by rules and models."), no_args_is_help=True)
overlap_app = typer.Typer(help=_("Candidate duplicated functions."), no_args_is_help=True)
app.add_typer(mentions_app, name="mentions")
app.add_typer(suggest_app, name="suggest")
app.add_typer(overlap_app, name="overlap")


class ModelName(StrEnum):
    """Embedding models that run offline from installed packages."""

    use = "use"
    e5 = "e5"
    hashing = "hashing"


def embedder_for(model: ModelName, progress: EmbedProgress | None = None) -> Embedder:
    """The embedder named on the command line (``hashing`` is a fast test double)."""
    if model is ModelName.hashing:
        return HashingEmbedder()
    if model is ModelName.e5:
        try:
            return MultilingualE5(progress=progress)
        except ModuleNotFoundError as exc:
            raise fail(str(exc)) from exc
    return UniversalSentenceEncoder(progress=progress)


@contextmanager
def embedding_progress() -> Iterator[EmbedProgress]:
    """A progress bar fed by the embedder, batch by batch."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(_("Embedding"), total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@mentions_app.command("detect", help=_("Find every actor mention (names, acronyms, aliases)."))
def mentions_detect(
    executor: ExecutorOption = ExecutorName.serial, policy_case: PolicyCaseOption = None
) -> None:
    """Detect actor mentions in all documents of the case."""
    with case_session(policy_case) as (session, case), running(executor) as runner:
        count = detect_mentions(session, case, runner)
    console.print(_("{count} mentions found").format(count=count), highlight=False)


@mentions_app.command("ls", help=_("List actor mentions."))
def mentions_ls(
    document: Annotated[str | None, typer.Option(help=_("Only this document."))] = None,
    actor: Annotated[str | None, typer.Option(help=_("Only this actor."))] = None,
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List stored mentions."""
    with case_session(policy_case) as (session, case):
        query = (
            select(Mention, Document.key, Actor.key)
            .join(Document, Document.id == Mention.document_id)
            .join(Actor, Actor.id == Mention.actor_id)
            .where(Document.case_id == case.id)
        )
        if document:
            query = query.where(Mention.document_id == document_by_key(session, case, document).id)
        if actor:
            query = query.where(Actor.key == actor)
        rows = [
            {"document": doc, "actor": who, "start": m.start, "end": m.end, "surface": m.surface}
            for m, doc, who in session.execute(query.order_by(Document.ordinal, Mention.start))
        ]
    emit_rows(
        rows,
        [
            ("document", _("Document")),
            ("actor", _("Actor")),
            ("start", _("Start")),
            ("end", _("End")),
            ("surface", _("Text")),
        ],
        fmt,
        title=_("Mentions"),
    )


@suggest_app.command("rules", help=_("Apply keyword and regex rules (YAML) to every document."))
def suggest_rules(
    path: Annotated[Path, typer.Argument(help=_("Rules file."))],
    executor: ExecutorOption = ExecutorName.serial,
    policy_case: PolicyCaseOption = None,
) -> None:
    """Store rule suggestions (origin rule:<id>, status suggested)."""
    rules = load_rules(path) if path.is_file() else None
    if rules is None:
        raise fail(_("{path}: no such file").format(path=path))
    with case_session(policy_case) as (session, case), running(executor) as runner:
        added = run_rules(session, case, rules, runner)
    console.print(_("{count} suggestions stored").format(count=added), highlight=False)


@suggest_app.command("semantic", help=_("Suggest codes by sentence embeddings (rank and margin)."))
def suggest_semantic_command(
    unit: Annotated[str, typer.Option(help=_("sentence, paragraph or turn."))] = "sentence",
    per_code: Annotated[int, typer.Option(help=_("Most units proposed per code."))] = 5,
    margin: Annotated[float, typer.Option(help=_("Lead of the best code over the second."))] = (
        0.05
    ),
    model: Annotated[ModelName, typer.Option(help=_("Embedding model."))] = ModelName.use,
    policy_case: PolicyCaseOption = None,
) -> None:
    """Store model suggestions (origin model:<id>, status suggested)."""
    with case_session(policy_case) as (session, case), embedding_progress() as progress:
        added = suggest_semantic(
            session,
            case,
            embedder_for(model, progress),
            unit=unit,
            per_code=per_code,
            margin=margin,
            language=case.language,
        )
    console.print(_("{count} suggestions stored").format(count=added), highlight=False)


@suggest_app.command("ls", help=_("List suggestions waiting for review."))
def suggest_ls(
    status: Annotated[str, typer.Option(help=_("suggested, accepted, rejected or all."))] = (
        "suggested"
    ),
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List rule and model suggestions with their text."""
    with case_session(policy_case) as (session, case):
        rows = [
            {**row, "id": int(row["id"].removeprefix("seg:")), "text": row["text"][:160]}
            for row in coding_rows(session, case, None, status=status, snippet=None)
            if row["origin"] != "human"
        ]
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("document", _("Document")),
            ("start", _("Start")),
            ("end", _("End")),
            ("code", _("Code")),
            ("origin", _("Origin")),
            ("status", _("Status")),
            ("score", _("Score")),
            ("text", _("Text")),
        ],
        fmt,
        title=_("Suggestions"),
    )


@suggest_app.command("review", help=_("Accept or reject suggestions by id."))
def suggest_review(
    accept: Annotated[list[int] | None, typer.Option(help=_("Ids to accept."))] = None,
    reject: Annotated[list[int] | None, typer.Option(help=_("Ids to reject."))] = None,
    by: ByOverride = None,
    policy_case: PolicyCaseOption = None,
) -> None:
    """Accepted suggestions count as evidence; rejected ones never do."""
    if not accept and not reject:
        raise fail(_("give --accept or --reject ids"))
    with case_session(policy_case) as (session, case):
        person = acting_coder(session, by)
        accepted = review(session, case, accept or [], accept=True, decided_by=person)
        rejected = review(session, case, reject or [], accept=False, decided_by=person)
    console.print(
        _("{accepted} accepted, {rejected} rejected").format(accepted=accepted, rejected=rejected),
        highlight=False,
    )


@suggest_app.command("evaluate", help=_("Precision, recall and F1 per code against human coding."))
def suggest_evaluate(
    origin: Annotated[str, typer.Option(help=_("Origin prefix: rule:, rule:<id>, model: …"))] = (
        "rule:"
    ),
    unit: Annotated[str, typer.Option(help=_("sentence, paragraph or turn."))] = "sentence",
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Evaluate suggestions unit by unit."""
    with case_session(policy_case) as (session, case):
        scores = evaluate_suggestions(session, case, origin, unit)
    rows = [vars(score) for score in scores.values()]
    emit_rows(
        rows,
        [
            ("code", _("Code")),
            ("true_positives", _("True positives")),
            ("false_positives", _("False positives")),
            ("false_negatives", _("False negatives")),
            ("precision", _("Precision")),
            ("recall", _("Recall")),
            ("f1", "F1"),
        ],
        fmt,
        title=_("Evaluation"),
    )


@overlap_app.command("find", help=_("Find candidate duplicated functions between actors."))
def overlap_find(
    k: Annotated[int, typer.Option(help=_("Neighbours per function."))] = 10,
    threshold: Annotated[float, typer.Option(help=_("Similarity for a candidate."))] = 0.8,
    model: Annotated[ModelName, typer.Option(help=_("Embedding model."))] = ModelName.use,
    policy_case: PolicyCaseOption = None,
    fmt: FormatOption = OutputFormat.table,
    executor: ExecutorOption = ExecutorName.serial,
    scheduler: SchedulerOption = None,
) -> None:
    """Store candidates (threshold recorded) and print the per-pair overlap index. With
    ``--executor dask`` (``--scheduler tcp://host:8786`` for a cluster) the workers embed
    and search; they do not use the store's vector cache."""
    with (
        case_session(policy_case) as (session, case),
        running(executor, scheduler) as runner,
        embedding_progress() as progress,
    ):
        embedder = embedder_for(model, progress)
        serial = executor is ExecutorName.serial
        result = find_overlaps(
            session,
            case,
            cached(session, embedder) if serial else embedder,
            model_id=embedder.model_id,
            k=k,
            threshold=threshold,
            executor=None if serial else runner,
        )
    rows = [
        {"actor_a": p.actor_a, "actor_b": p.actor_b, "overlaps": p.overlaps, "index": p.index}
        for p in result.actor_pairs
    ]
    emit_rows(
        rows,
        [
            ("actor_a", _("Actor")),
            ("actor_b", _("Actor")),
            ("overlaps", _("Overlaps")),
            ("index", _("Overlap index")),
        ],
        fmt,
        title=_("Functional overlap (threshold {value})").format(value=threshold),
    )


@overlap_app.command("ls", help=_("List candidate overlaps."))
def overlap_ls(
    policy_case: PolicyCaseOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """Candidates with both statements."""
    with case_session(policy_case) as (session, case):
        texts = {
            f.id: (f.key, f.text)
            for f in session.scalars(
                select(FunctionStatement).where(FunctionStatement.case_id == case.id)
            )
        }
        rows = [
            {
                "id": c.id,
                "a": texts[c.function_a_id][0],
                "b": texts[c.function_b_id][0],
                "similarity": c.similarity,
                "status": c.status,
                "text_a": texts[c.function_a_id][1],
                "text_b": texts[c.function_b_id][1],
            }
            for c in session.scalars(
                select(Candidate)
                .where(Candidate.case_id == case.id)
                .order_by(Candidate.similarity.desc())
            )
        ]
    emit_rows(
        rows,
        [
            ("id", _("Id")),
            ("a", _("Function")),
            ("b", _("Function")),
            ("similarity", _("Similarity")),
            ("status", _("Status")),
            ("text_a", _("Text")),
            ("text_b", _("Text")),
        ],
        fmt,
        title=_("Candidate overlaps"),
    )


@overlap_app.command("confirm", help=_("Confirm a candidate overlap."))
def overlap_confirm(
    candidate: Annotated[int, typer.Argument(help=_("Candidate id."))],
    by: ByOverride = None,
    policy_case: PolicyCaseOption = None,
) -> None:
    """Confirmed overlaps become evidence."""
    with case_session(policy_case) as (session, case):
        decide_overlap(
            session, case, candidate, confirm=True, decided_by=acting_coder(session, by)
        )


@overlap_app.command("reject", help=_("Reject a candidate overlap."))
def overlap_reject(
    candidate: Annotated[int, typer.Argument(help=_("Candidate id."))],
    by: ByOverride = None,
    policy_case: PolicyCaseOption = None,
) -> None:
    """Rejected candidates are kept, marked rejected."""
    with case_session(policy_case) as (session, case):
        decide_overlap(
            session, case, candidate, confirm=False, decided_by=acting_coder(session, by)
        )

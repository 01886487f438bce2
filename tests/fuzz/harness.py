"""Feed one input to the command that reads it, through the real entry point, and check the
promise of issue 18: a clear error or a correct load, never a traceback or a crash log, and the
store byte-identical after a refusal.

Each format names the command that reads it and whether it works on a store. The stores are
copies of two templates built once per process: ``empty`` (migrated, no case: case folders are
loaded into it) and ``base`` (the mini case with id ``base`` and one interview, for the
commands that read a file into an existing case).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cli_entry import EntryRun, run_entry
from concierto.casefile.load import load_case_folder
from concierto.store import open_store

TESTS = Path(__file__).resolve().parent.parent
MINI = TESTS / "fixtures" / "cases" / "mini"
CORPUS = Path(__file__).resolve().parent / "corpus"
INTERVIEW = (
    "Entrevistador: ¿Cómo se coordinan?\n\n"
    "Ministerio A: No hay reglas claras con la Agencia Uno. Nos enteramos por oficio.\n\n"
    "AG1: Compartimos información cuando hay convenio.\n"
)
"""An illustrative interview (written for the tests) naming the mini case's actors."""

Args = Callable[[Path, Path], list[str]]
"""Command-line arguments (after ``--db``) for an input file and a scratch folder."""


@dataclass(frozen=True)
class Format:
    """How an input format is read: the store template and the argument builders (one run
    each; every run must keep the promise)."""

    name: str
    store: str | None  # "empty", "base" or None (the command needs no store)
    commands: tuple[Args, ...]


def materialise_case(overlay: Path, scratch: Path) -> Path:
    """The mini case with the files of ``overlay`` put over it (``X.delete`` removes ``X``):
    a case entry of the corpus keeps only what differs from the mini case."""
    folder = scratch / "case"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(MINI, folder)
    for item in sorted(overlay.iterdir()):
        if item.name.endswith(".delete"):
            (folder / item.name.removesuffix(".delete")).unlink(missing_ok=True)
        elif item.is_dir():
            shutil.copytree(item, folder / item.name, dirs_exist_ok=True)
        else:
            shutil.copyfile(item, folder / item.name)
    return folder


def _case_folder(path: Path, scratch: Path) -> list[str]:
    return ["load", str(materialise_case(path, scratch))]


FORMATS: dict[str, Format] = {
    "case": Format("case", "empty", (_case_folder,)),
    "workbook": Format("workbook", "empty", (lambda p, s: ["load", str(p)],)),
    "codebook": Format("codebook", "base", (lambda p, s: ["codebook", "import", str(p)],)),
    "rules": Format("rules", "base", (lambda p, s: ["suggest", "rules", str(p)],)),
    "assume": Format(
        "assume", "base", (lambda p, s: ["measure", "coherence", "--assume", str(p)],)
    ),
    "reliability": Format(
        "reliability",
        None,
        (
            lambda p, s: ["agree", str(p), "--level", "nominal"],
            lambda p, s: ["agree", str(p), "--level", "interval"],
        ),
    ),
    "matrix": Format(
        "matrix",
        "base",
        (
            lambda p, s: ["crossimpact", str(p), "--audit"],
            lambda p, s: ["matrix", "import", str(p), "--rater", "fuzz"],
        ),
    ),
    "refi": Format(
        "refi",
        "base",
        (
            lambda p, s: ["refi", "import", str(p)],
            lambda p, s: ["refi", "import", str(p), "--new-case", "fuzzed"],
        ),
    ),
    "document": Format(
        "document", "base", (lambda p, s: ["docs", "add", str(p), "--kind", "interview"],)
    ),
}

AFTER_LOAD: tuple[tuple[str, ...], ...] = (
    ("info",),
    ("actors", "--format", "csv"),
    ("ties", "--format", "json"),
    ("mentions", "detect"),
    ("measure", "structure"),
    ("measure", "network"),
    ("measure", "brokerage"),
    ("measure", "metcalfe"),
    ("measure", "gaps"),
    ("measure", "coherence"),
)
"""What must work on any case that loaded: the case is valid by construction afterwards (the
long run adds ``report``)."""


@dataclass
class Outcome:
    """What one run did."""

    format: str
    name: str
    args: list[str]
    exit_code: int
    message: str
    traceback: bool
    crash_logs: list[str]
    store_changed: bool | None  # None when the command uses no store or accepted the input
    follow_ups: list[Outcome] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """A clear refusal (exit 1, or 2 for a usage error)."""
        return self.exit_code in (1, 2)

    def problems(self) -> list[str]:
        """Broken promises (empty when the run kept them all)."""
        found = []
        if self.traceback:
            found.append("traceback on the console")
        if self.crash_logs:
            found.append(f"crash log written: {self.crash_logs}")
        if self.exit_code not in (0, 1, 2):
            found.append(f"exit status {self.exit_code}")
        if self.store_changed:
            found.append("store changed after a refusal")
        for follow in self.follow_ups:
            command = " ".join(follow.args[2:])
            found += [f"after load, {command}: {p}" for p in follow.problems()]
            if follow.exit_code != 0:  # a case that loaded must be valid for every command
                found.append(f"after load, {command} refused the case: {follow.message[:300]}")
        where = f"{self.format}/{self.name}: {' '.join(self.args)}"
        return [f"{where}: {problem} ({self.message[:300]})" for problem in found]


def file_hash(path: Path) -> str:
    """SHA-256 of a store file (with its WAL, if one was left)."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


_TEMPLATES: dict[str, Path] = {}


def template(kind: str) -> Path:
    """The template store ``kind`` (built once per process)."""
    if kind not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix=f"concierto-fuzz-{kind}-"))
        path = folder / f"{kind}.db"
        if kind == "empty":
            open_store(path).close()
        else:
            case = folder / "base-case"
            shutil.copytree(MINI, case)
            yaml_path = case / "case.yaml"
            yaml_path.write_text(
                yaml_path.read_text("utf-8").replace("  id: mini\n", "  id: base\n", 1), "utf-8"
            )
            load_case_folder(case, str(path))
            interview = folder / "E01.txt"
            interview.write_text(INTERVIEW, encoding="utf-8")
            for args in (
                ["docs", "add", str(interview), "--kind", "interview"],
                [
                    "code",
                    "add",
                    "E01",
                    "reglas.ausencia",
                    "--match",
                    "No hay reglas claras",
                    "--coder",
                    "ana",
                ],
                ["memo", "add", "Memo ilustrativo", "--document", "E01"],
            ):
                run = run_entry(["--db", str(path), *args])
                assert run.exit_code == 0, run.output
        _TEMPLATES[kind] = path
    return _TEMPLATES[kind]


def _run(fmt: str, name: str, args: list[str], db: Path | None, logs: Path) -> Outcome:
    before = file_hash(db) if db is not None else None
    full = ["--db", str(db), *args] if db is not None else args
    run: EntryRun = run_entry(full, env={"CONCIERTO_LOG_DIR": str(logs), "COLUMNS": "200"})
    changed = None
    if db is not None and run.exit_code != 0:
        changed = file_hash(db) != before
    crash_logs = sorted(p.name for p in logs.iterdir()) if logs.exists() else []
    return Outcome(
        fmt,
        name,
        full,
        run.exit_code,
        " ".join(run.stderr.split()) or " ".join(run.stdout.split())[:300],
        "Traceback" in run.output or 'File "/' in run.output,
        crash_logs,
        changed,
    )


def try_input(fmt: str, path: Path, scratch: Path, *, follow_up: bool = False) -> list[Outcome]:
    """Run every command of ``fmt`` on ``path``; after a case folder loads, ``follow_up`` runs
    the commands of :data:`AFTER_LOAD` on it too."""
    spec = FORMATS[fmt]
    outcomes = []
    for number, command in enumerate(spec.commands):
        work = scratch / f"run{number}"
        work.mkdir(parents=True, exist_ok=True)
        db = None
        if spec.store is not None:
            db = work / "store.db"
            shutil.copyfile(template(spec.store), db)
        logs = work / "logs"
        outcome = _run(fmt, path.name, command(path, work), db, logs)
        if follow_up and fmt in ("case", "workbook") and outcome.exit_code == 0 and db is not None:
            after = [list(args) for args in AFTER_LOAD]
            if fuzz_level() == "long":  # the report runs every measure: seconds per case
                after.append(["report", "--out", str(work / "report"), "--lang", "en"])
            for args in after:
                outcome.follow_ups.append(_run(fmt, path.name, args, db, logs))
        outcomes.append(outcome)
    return outcomes


def corpus_inputs(fmt: str) -> Sequence[Path]:
    """The kept corpus of ``fmt`` (case folders are directories)."""
    folder = CORPUS / fmt
    return sorted(folder.iterdir()) if folder.is_dir() else []


def fuzz_level() -> str:
    """``fast`` (make test) or ``long`` (``CONCIERTO_FUZZ=long``)."""
    return "long" if os.environ.get("CONCIERTO_FUZZ", "").strip().lower() == "long" else "fast"

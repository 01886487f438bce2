"""Benchmark: REFI-QDA import and export of a generated project.

The REFI issue's target: a project with 1,000 text sources and 100,000 codings imports and
exports in under 15 s each on a 2-core machine, with peak memory under 1 GB. Each phase runs in
its own process so that its peak resident memory is measured alone.
``python -m bench.bench_refi --sources 100 --codings 10000`` for a quick run.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from concierto.interop.refi import model as m
from concierto.interop.refi.write import write_qdpx

WORDS = (
    "coordinación", "año", "señal", "gobierno", "regional", "ministerio", "planificación",
    "presupuesto", "información", "reunión", "acuerdo", "conflicto", "niñez", "política",
    "pública", "🙂", "evaluación", "municipalidad", "servicio", "ciudadanía", "rectoría",
)


def guid(rng: random.Random) -> str:
    """A random version-4 GUID from ``rng`` (reproducible)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generate(path: Path, sources: int, codings: int, chars: int = 3_000, seed: int = 7) -> None:
    """Write a .qdpx with ``sources`` texts of about ``chars`` characters and ``codings``
    span codings spread evenly over them, two users, a code tree, cases and notes."""
    rng = random.Random(seed)
    users = [m.User(guid(rng), "Ana Núñez", "ana"), m.User(guid(rng), "José Peña", "jose")]
    folders = [m.Code(guid(rng), f"Dimensión {i}", codable=False) for i in range(5)]
    leaves = []
    for folder in folders:
        for j in range(4):
            leaf = m.Code(guid(rng), f"{folder.name}.{j} señal", color="#1F77B4")
            folder.children.append(leaf)
            leaves.append(leaf)
    project = m.Project(name="bench", users=users, codes=folders)
    per_source = codings // sources
    for index in range(sources):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < chars:
            words.append(rng.choice(WORDS))
            if rng.random() < 0.08:
                words[-1] += ".\n\n"
        text = " ".join(words)
        source = m.Source(guid(rng), f"Entrevista {index:04d}", text)
        for _ in range(per_source):
            start = rng.randrange(0, len(text) - 60)
            end = start + rng.randrange(10, 60)
            coding = m.Coding(guid(rng), rng.choice(leaves).guid, user=rng.choice(users).guid)
            source.selections.append(m.Selection(guid(rng), start, end, codings=[coding],
                                                 user=coding.user))
        project.sources.append(source)
    variable = m.Variable(guid(rng), "región", "Text")
    project.variables.append(variable)
    for index in range(sources // 10):
        case = m.Case(guid(rng), f"Caso {index}",
                      values=[m.VariableValue(variable.guid, "Cusco")],
                      source_refs=[s.guid for s in project.sources[index * 10:index * 10 + 10]])
        project.cases.append(case)
    write_qdpx(project, path)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase(name: str, folder: Path, executor: str = "serial") -> dict[str, float]:
    """Run one phase in this process: import the archive, or export the imported case."""
    from concierto.compute.executors import make_executor
    from concierto.interop.refi.service import export_file, import_file
    from concierto.interop.refi.validate import schema_dir_from_env
    from concierto.model import Case
    from concierto.store import open_store

    store = open_store(folder / "bench.db")
    started = time.perf_counter()
    if name == "import":
        with store.session() as session:
            session.add(Case(key="bench", title="bench"))
        started = time.perf_counter()
        runner = make_executor(executor, workers=2)
        summary, _report = import_file(store, folder / "in.qdpx", "bench", executor=runner)
        runner.close()
        count = summary.codings
    else:
        report = export_file(store, folder / "out.qdpx", "bench", schema_dir=schema_dir_from_env())
        count = report.kept["Coding"]
    elapsed = time.perf_counter() - started
    store.close()
    return {"seconds": round(elapsed, 2), "peak_mb": round(_peak_mb(), 1), "codings": count}


def main() -> None:
    """Generate the project, then time import and export in separate processes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--phase", choices=("import", "export"))
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--executor", choices=("serial", "process"), default="serial")
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.folder, args.executor)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        generate(folder / "in.qdpx", args.sources, args.codings)
        print(f"generated {args.sources} sources, {args.codings} codings "
              f"in {time.perf_counter() - started:.1f} s")
        for name in ("import", "export"):
            output = subprocess.run(
                [sys.executable, "-m", "bench.bench_refi", "--phase", name, "--folder", tmp,
                 "--executor", args.executor],
                check=True, capture_output=True, text=True,
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            verdict = "OK" if result["seconds"] < 15 and result["peak_mb"] < 1024 else "SLOW"
            print(f"{name} ({args.executor}): {result['seconds']} s, "
                  f"peak {result['peak_mb']} MB, "
                  f"{result['codings']} codings [{verdict}]")


if __name__ == "__main__":
    main()

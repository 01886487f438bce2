"""The web workbench under load: 1,000 documents and 100,000 codings in a SQLite store.

Targets (issue 13): opening a 300,000-character document, server time p95 < 200 ms and first
paint < 1 s in headless Chromium; storing a coding p95 < 50 ms; 20 simulated coders (async
HTTP clients) posting 5,000 codings in all: zero errors, zero lost, p95 < 200 ms.

The data are generated straight into the store: the bundled example's case and codebook, then
documents of generated Spanish interview text (one of them ``BIG``, 300,000 characters) stored
with their units, then codings inserted in bulk. The server is ``concierto serve`` in its own
process on 127.0.0.1 (uvicorn); the clients are httpx. Server time is the ``Server-Timing``
header the workbench sets on every response; latency is what the client measured.

Run ``python -m bench.bench_web [--documents N] [--codings N] [--coders N] [--total N]``.
Prints markdown rows for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from concierto.casefile.database import resolve_case
from concierto.casefile.load import load_case_folder
from concierto.evidence.prepare import prepare_text
from concierto.evidence.store import DocumentRecord, add_documents, ensure_coder, now
from concierto.examples import example_path
from concierto.ingest.canonical import CanonicalDocument, sha256_text
from concierto.model import Code, Coder, Coding, Document
from concierto.store import open_store
from concierto.web.accounts import add_account

SEED = 20_261_203
PASSWORD = "bench password"
SAMPLE = (
    "la coordinación entre ministerios depende de reglas claras y de una visión común que "
    "nadie termina de construir porque cada sector mira su propio objetivo y el centro de "
    "gobierno no arbitra los conflictos ni comparte la información que los demás necesitan"
)
WORDS = tuple(SAMPLE.split())
CHROMIUM = "/usr/bin/chromium"


def interview(rng: random.Random, characters: int) -> str:
    """Alternating interviewer and interviewee turns, one paragraph each, about
    ``characters`` long."""
    turns, size, number = [], 0, 0
    while size < characters:
        speaker = "Entrevistador" if number % 2 == 0 else "E01"
        words = rng.randint(12, 90)
        body = " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."
        turns.append(f"{speaker}: {body}")
        size += len(turns[-1]) + 2
        number += 1
    return "\n\n".join(turns)[:characters].rstrip() + "."


def generate(db: Path, documents: int, codings: int, big: int, coders: int) -> None:
    """Build the store: case and codebook, documents, codings, accounts."""
    rng = random.Random(SEED)
    load_case_folder(example_path("peru-pnmgp"), str(db), replace=True)
    store = open_store(db)
    with store.session() as session:
        case = resolve_case(session, None)
        batch = []
        for number in range(documents):
            key = "BIG" if number == 0 else f"G{number:04d}"
            text = interview(rng, big if number == 0 else rng.randint(2_000, 8_000))
            canonical = CanonicalDocument(
                text=text,
                source_sha256=sha256_text(key + text),
                text_sha256=sha256_text(text),
                format="txt",
                title=key,
                language="es",
            )
            batch.append((prepare_text(canonical), DocumentRecord(key=key, kind="interview")))
            if len(batch) == 50:
                add_documents(session, case, batch)
                batch = []
        add_documents(session, case, batch)
        codes = list(session.scalars(select(Code.id).where(Code.case_id == case.id,
                                                           Code.codable.is_(True))))
        people = [ensure_coder(session, f"gen{n}").id for n in range(10)]
        lengths = session.execute(
            select(Document.id, Document.length).where(Document.case_id == case.id,
                                                       Document.key.like("G%") |
                                                       (Document.key == "BIG"))
        ).all()
        big_id = session.scalar(select(Document.id).where(Document.key == "BIG"))
        stamp = now()
        rows = []
        for number in range(codings):
            # about 2 % of the codings on the big document, the rest spread over the others
            document_id, length = (
                (big_id, big) if number % 50 == 0 else lengths[rng.randrange(len(lengths))]
            )
            start = rng.randrange(0, max(1, int(length) - 400))
            rows.append(
                {
                    "case_id": case.id,
                    "guid": f"00000000-0000-4000-8000-{number:012d}",
                    "document_id": document_id,
                    "start": start,
                    "end": start + rng.randint(20, 400),
                    "code_id": rng.choice(codes),
                    "coder_id": rng.choice(people),
                    "created_at": stamp,
                    "origin": "human",
                    "status": "accepted",
                }
            )
        for first in range(0, len(rows), 10_000):
            session.execute(insert(Coding), rows[first : first + 10_000])
        add_account(session, "admin", "admin", PASSWORD)
        for n in range(coders):
            add_account(session, f"coder{n:02d}", "coder", PASSWORD)
    store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``concierto serve`` in its own process; returns once it answers."""
    server = subprocess.Popen(
        [sys.executable, "-c", "from concierto.cli import main; main()",
         "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def log_in(client: httpx.Client, name: str) -> str:
    page = client.get("/login").text
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token})
    page = client.get("/documents").text
    return re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def server_ms(response: httpx.Response) -> float:
    return float(response.headers["server-timing"].split("dur=")[1])


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def versions(db: Path) -> dict[str, tuple[str, int]]:
    store = open_store(db)
    with store.session() as session:
        found = {
            key: (f"{id_}.{length}", length)
            for id_, key, length in session.execute(
                select(Document.id, Document.key, Document.length)
            )
        }
    store.close()
    return found


def open_big(base: str, repeat: int) -> tuple[list[float], list[float]]:
    """Server and client milliseconds of opening the big document ``repeat`` times."""
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client, "admin")
        client.get("/documents/BIG")  # warm
        server, total = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/documents/BIG")
            total.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            server.append(server_ms(response))
    return server, total


def first_paint(base: str, repeat: int) -> list[float]:
    """First contentful paint (ms) of the big document in headless Chromium."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    paints = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(bypass_csp=True)  # for the probe below
        page = context.new_page()
        page.goto(base + "/login")
        page.fill("input[name=name]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button[type=submit]")
        page.wait_for_url("**/documents")
        for _ in range(repeat):
            page.goto(base + "/documents/BIG")
            page.wait_for_load_state("load")
            paint = page.wait_for_function(
                "performance.getEntriesByName('first-contentful-paint')[0]?.startTime"
            )
            paints.append(float(paint.json_value()))
        browser.close()
    return paints


def store_codings(base: str, docs: dict[str, tuple[str, int]], count: int) -> list[float]:
    """Server milliseconds of storing ``count`` codings one after the other."""
    rng = random.Random(SEED + 1)
    keys = [k for k in docs if k.startswith("G")]
    times = []
    with httpx.Client(base_url=base, timeout=30) as client:
        token = log_in(client, "coder00")
        for _ in range(count):
            key = rng.choice(keys)
            version, length = docs[key]
            start = rng.randrange(0, length - 50)
            response = client.post(
                f"/documents/{key}/codings",
                data={"start16": start, "end16": start + 40, "code": "vision.ausente",
                      "version": version},
                headers={"X-CSRF-Token": token, "Accept": "application/json"},
            )
            assert response.status_code == 200, response.text
            times.append(server_ms(response))
    return times


async def coders_at_once(
    base: str, docs: dict[str, tuple[str, int]], coders: int, total: int
) -> tuple[list[float], int, int]:
    """``coders`` clients posting ``total`` codings together: latencies (ms), errors, stored
    ids."""
    keys = [k for k in docs if k.startswith("G")]
    latencies: list[float] = []
    errors = 0
    ids: set[int] = set()

    async def coder(number: int) -> None:
        nonlocal errors
        rng = random.Random(SEED + 100 + number)
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            page = (await client.get("/login")).text
            token = re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            await client.post("/login", data={"name": f"coder{number:02d}",
                                              "password": PASSWORD, "csrf_token": token})
            page = (await client.get("/documents?kind=plan")).text
            token = re.search(r'data-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            for _ in range(total // coders):
                key = rng.choice(keys)
                version, length = docs[key]
                start = rng.randrange(0, length - 50)
                started = time.perf_counter()
                try:
                    response = await client.post(
                        f"/documents/{key}/codings",
                        data={"start16": start, "end16": start + 30, "code": "reglas.ausencia",
                              "version": version},
                        headers={"X-CSRF-Token": token, "Accept": "application/json"},
                    )
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    errors += 1
                else:
                    ids.add(int(response.json()["id"]))

    await asyncio.gather(*(coder(n) for n in range(coders)))
    return latencies, errors, len(ids)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stored_by(db: Path, prefix: str, code: str) -> int:
    store = open_store(db)
    with store.session() as session:
        found = session.scalar(
            select(func.count())
            .select_from(Coding)
            .join(Coder, Coder.id == Coding.coder_id)
            .join(Code, Code.id == Coding.code_id)
            .where(Coder.key.like(f"{prefix}%"), Code.key == code)
        )
    store.close()
    return int(found or 0)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=300_000)
    parser.add_argument("--coders", type=int, default=20)
    parser.add_argument("--total", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=30, help="openings of the big document")
    parser.add_argument("--sequential", type=int, default=200, help="codings stored one by one")
    parser.add_argument("--db", type=Path, help="keep the generated store here (reused)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    db = args.db or folder / "web.db"
    started = time.perf_counter()
    if not db.exists():
        generate(db, args.documents, args.codings, args.big, args.coders)
    generated = time.perf_counter() - started
    docs = versions(db)
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        open_server, open_client = open_big(base, args.repeat)
        paints = first_paint(base, max(3, args.repeat // 6))
        sequential = store_codings(base, docs, args.sequential)
        before = stored_by(db, "coder", "reglas.ausencia")
        started, cpu = time.perf_counter(), cpu_seconds(server.pid)
        latencies, errors, distinct = asyncio.run(
            coders_at_once(base, docs, args.coders, args.total)
        )
        wall = time.perf_counter() - started
        server_cpu = cpu_seconds(server.pid) - cpu
        stored = stored_by(db, "coder", "reglas.ausencia") - before
    finally:
        server.terminate()
        server.wait(timeout=30)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    date = dt.date.today().isoformat()
    data = f"{args.documents:,} docs, {args.codings:,} codings, BIG {args.big:,} chars"
    print(f"generated the store in {generated:.1f} s ({db})")
    print("| date | machine | data | measure | p50 | p95 | max | target | note |")
    print("|---|---|---|---|---|---|---|---|---|")

    def row(measure: str, values: Sequence[float], target: str, note: str = "") -> None:
        ordered = sorted(values)
        print(
            f"| {date} | {machine} | {data} | {measure} | {ordered[len(ordered) // 2]:.1f} | "
            f"{p95(values):.1f} | {ordered[-1]:.1f} | {target} | {note} |"
        )

    row("open BIG, server ms", open_server, "p95 < 200", f"{len(open_server)} openings")
    row("open BIG, client ms", open_client, "", "loopback, same page")
    row("open BIG, first paint ms (Chromium)", paints, "< 1000", f"{len(paints)} loads")
    row("store a coding, server ms", sequential, "p95 < 50", f"{len(sequential)} in a row")
    row(
        f"{args.coders} coders at once, client ms",
        latencies,
        "p95 < 200",
        f"{args.total:,} posted, {errors} errors, {distinct:,} ids, {stored:,} stored "
        f"({'none' if stored == args.total - errors else 'SOME'} lost), "
        f"{args.total / wall:.0f} codings/s, server CPU {1000 * server_cpu / args.total:.1f} "
        f"ms a coding, load average {os.getloadavg()[0]:.1f}",
    )


if __name__ == "__main__":
    main()

"""Generate a whole-government case folder in the case format, deterministic from a seed.

Shape for ``n`` actors (issue 19): about ``n/25`` sectors, each a ministry with attached
agencies and line units; ``4n`` ties across every layer (authority ties from each ministry to
its bodies, the rest mostly inside a sector); ``2n`` objectives (a policy tree plus
institutional objectives); ``10n`` interaction scores (two raters); ``3n`` functions, some
repeated across bodies so that the overlap search finds duplicates; optionally up to 10,000
interview texts with quote-anchored codings. Every record is marked ``illustrative``: nothing
here describes a real government. ``python -m bench.gen_government OUT --actors 400``.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path
from typing import Any

import yaml

from concierto.model.coordination import TIE_LAYERS

MAX_DOCUMENTS = 10_000
ILLUSTRATIVE = "illustrative"
RATERS = ("analista-1", "analista-2")
TOPICS = (
    "planeamiento",
    "presupuesto",
    "recursos humanos",
    "contrataciones",
    "gobierno digital",
    "simplificación administrativa",
    "control interno",
    "inversión pública",
    "estadística",
    "atención al ciudadano",
    "infraestructura",
    "regulación",
)
VERBS = ("Formular", "Supervisar", "Aprobar", "Coordinar", "Evaluar", "Ejecutar", "Promover")
# Codes of the default codebook an interview sentence is coded with, and the sentence.
CODED_SENTENCES = (
    ("informacion.ausencia", "Con {other} nos enteramos de sus cambios cuando salen publicados."),
    ("informacion.mecanismo", "Con {other} usamos la plataforma de interoperabilidad a diario."),
    ("vision.ausente", "Con {other} no hay una visión compartida de la política."),
    ("vision.presente", "Con {other} tenemos una visión común del servicio."),
    ("reglas.ausencia", "Con {other} no hay protocolo: nadie arbitra las discrepancias."),
    ("reglas.formales", "Con {other} firmamos un convenio y una directiva conjunta."),
    ("metcalfe.L1", "Cada uno regresó a su institución, también {other}, y siguió su agenda."),
    ("fragmentacion.duplicidad", "{other} hace lo mismo que nosotros en {topic}."),
)
FILLER = (
    "La conversación empezó por la historia de la oficina.",
    "El equipo tiene pocas personas y mucha rotación.",
    "El año pasado cambió la dirección dos veces.",
    "Los plazos del presupuesto marcan el calendario de trabajo.",
)


def _sector_sizes(actors: int, sectors: int, rng: random.Random) -> list[int]:
    """How many bodies each sector gets (ministry included), summing to ``actors``."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(sectors)]
    total = sum(weights)
    sizes = [max(1, int(actors * w / total)) for w in weights]
    sizes[0] += actors - sum(sizes)
    while sizes[0] < 1:  # rounding took too much from the first sector
        donor = max(range(sectors), key=lambda i: sizes[i])
        sizes[donor] -= 1
        sizes[0] += 1
    return sizes


def _actors(actors: int, rng: random.Random) -> list[dict[str, Any]]:
    sectors = max(1, round(actors / 25))
    records: list[dict[str, Any]] = []
    for s, size in enumerate(_sector_sizes(actors, sectors, rng)):
        sector = f"s{s:03d}"
        ministry = f"{sector}-min"
        records.append(
            {
                "id": ministry,
                "name": f"Ministerio {s} ({TOPICS[s % len(TOPICS)]})",
                "acronym": f"MIN{s}",
                "kind": "ministry",
                "sector": sector,
                "centre_of_government": "true" if s == 0 else "false",
                "provenance": ILLUSTRATIVE,
            }
        )
        for b in range(1, size):
            agency = rng.random() < 0.6
            records.append(
                {
                    "id": f"{sector}-{'ag' if agency else 'lu'}{b:03d}",
                    "name": f"{'Organismo' if agency else 'Dirección'} {s}.{b}",
                    "acronym": f"{'OR' if agency else 'DG'}{s}X{b}",
                    "kind": "agency" if agency else "line_unit",
                    "parent": ministry,
                    "parent_relation": "attached_to" if agency else "part_of",
                    "sector": sector,
                    "centre_of_government": "true" if s == 0 and b < 4 else "false",
                    "provenance": ILLUSTRATIVE,
                }
            )
    return records


def _ties(actors: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """``4n`` ties: every parent's authority tie, then random ties, 80 % inside a sector."""
    ids = [a["id"] for a in actors]
    by_sector: dict[str, list[str]] = {}
    for a in actors:
        by_sector.setdefault(a["sector"], []).append(a["id"])
    sector_of = {a["id"]: a["sector"] for a in actors}
    seen: set[tuple[str, str, str]] = set()
    ties = []
    for a in actors:
        if a.get("parent"):
            seen.add((a["parent"], a["id"], "authority"))
    target = 4 * len(actors)
    layers = [layer for layer in TIE_LAYERS if layer != "authority"]
    attempts = 0
    while len(seen) < target and attempts < 50 * target:
        attempts += 1
        source = rng.choice(ids)
        pool = by_sector[sector_of[source]] if rng.random() < 0.8 else ids
        other = rng.choice(pool)
        if other != source:
            seen.add((source, other, rng.choice(layers)))
    for source, other, layer in sorted(seen):
        ties.append(
            {
                "from": source,
                "to": other,
                "layer": layer,
                "weight": rng.choice((1, 1, 2, 3)),
                "origin": "declared",
                "provenance": ILLUSTRATIVE,
            }
        )
    return ties


def _elements(
    actors: list[dict[str, Any]], rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """``2n`` objectives: a general objective, one specific objective per sector, pillars,
    and institutional objectives of the bodies for the rest; each of the latter contributes
    to its sector's objective."""
    ministries = [a for a in actors if a["kind"] == "ministry"]
    objectives: list[dict[str, Any]] = [
        {
            "id": "gov-og",
            "policy": "gov",
            "level": "general",
            "name": "Objetivo general del gobierno",
            "lead": [ministries[0]["id"]],
            "provenance": ILLUSTRATIVE,
        }
    ]
    for m in ministries:
        objectives.append(
            {
                "id": f"{m['sector']}-oe",
                "policy": "gov",
                "level": "specific",
                "parent": "gov-og",
                "name": f"Objetivo del sector {m['sector']}",
                "lead": [m["id"]],
                "provenance": ILLUSTRATIVE,
            }
        )
    institutional = []
    contributions = []
    remaining = 2 * len(actors) - len(objectives)
    for position in range(remaining):
        owner = actors[position % len(actors)]
        key = f"{owner['id']}-oei{position // len(actors) + 1}"
        institutional.append(
            {
                "id": key,
                "owner": owner["id"],
                "name": f"Objetivo institucional {key}",
                "provenance": ILLUSTRATIVE,
            }
        )
        contributions.append(
            {
                "from": key,
                "to": f"{owner['sector']}-oe",
                "strength": rng.randint(1, 3),
                "provenance": ILLUSTRATIVE,
            }
        )
    return objectives, institutional, contributions


def _interactions(
    objectives: list[dict[str, Any]], institutional: list[dict[str, Any]], rng: random.Random
) -> list[dict[str, Any]]:
    """``10n`` scores: ``5n`` directed pairs of elements, each scored by both raters."""
    ids = [o["id"] for o in objectives] + [o["id"] for o in institutional]
    pairs: set[tuple[str, str]] = set()
    wanted = 5 * len(ids) // 2
    while len(pairs) < wanted:
        a, b = rng.sample(ids, 2)
        pairs.add((a, b))
    rows = []
    for a, b in sorted(pairs):
        base = rng.choice((-3, -2, -1, 0, 1, 1, 2, 2, 3))
        for rater in RATERS:
            score = max(-3, min(3, base + rng.choice((-1, 0, 0, 1))))
            rows.append(
                {
                    "from": a,
                    "to": b,
                    "rater": rater,
                    "score": score,
                    "confidence": rng.choice(("low", "medium", "high")),
                    "provenance": ILLUSTRATIVE,
                }
            )
    return rows


def _functions(actors: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """``3n`` function statements; about one in five repeats another body's in its sector."""
    rows: list[dict[str, Any]] = []
    by_sector: dict[str, list[str]] = {}
    for a in actors:
        for k in range(3):
            pool = by_sector.setdefault(a["sector"], [])
            if pool and rng.random() < 0.2:
                text = rng.choice(pool)
            else:
                topic = rng.choice(TOPICS)
                text = (
                    f"{rng.choice(VERBS)} los lineamientos de {topic} "
                    f"para las entidades del sector {a['sector']} "
                    f"en la materia {rng.randint(1, 99)}"
                )
                pool.append(text)
            rows.append(
                {
                    "id": f"{a['id']}-f{k + 1}",
                    "actor": a["id"],
                    "text": text,
                    "reference": "ROF (ilustrativo)",
                    "provenance": ILLUSTRATIVE,
                }
            )
    return rows


def _mechanisms(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One sector committee per ministry (members: its bodies) and one cross-sector council."""
    by_sector: dict[str, list[str]] = {}
    for a in actors:
        by_sector.setdefault(a["sector"], []).append(a["id"])
    mechanisms = [
        {
            "id": f"{sector}-comite",
            "name": f"Comité sectorial {sector}",
            "type": "network",
            "kind": "committee",
            "members": members[:12],
            "lead": [members[0]],
            "status": "used",
            "provenance": ILLUSTRATIVE,
        }
        for sector, members in sorted(by_sector.items())
    ]
    ministries = [a["id"] for a in actors if a["kind"] == "ministry"]
    mechanisms.append(
        {
            "id": "consejo-ministros",
            "name": "Consejo de ministros",
            "type": "hierarchy",
            "kind": "commission",
            "members": ministries,
            "lead": ministries[:1],
            "status": "exists",
            "provenance": ILLUSTRATIVE,
        }
    )
    return mechanisms


def _documents(folder: Path, actors: list[dict[str, Any]], count: int, rng: random.Random) -> None:
    """``count`` interview texts in ``interviews/`` and their codings in ``codings/``."""
    (folder / "interviews").mkdir()
    (folder / "codings").mkdir()
    index = []
    names = {a["id"]: a["name"] for a in actors}
    by_sector: dict[str, list[str]] = {}
    for a in actors:
        by_sector.setdefault(a["sector"], []).append(a["id"])
    for d in range(count):
        actor = actors[d % len(actors)]
        key = f"D{d + 1:05d}"
        sentences, codings = [], []
        for s in range(6):
            if s % 2:
                sentences.append(rng.choice(FILLER))
                continue
            other = rng.choice(by_sector[actor["sector"]] if rng.random() < 0.7 else list(names))
            code, pattern = rng.choice(CODED_SENTENCES)
            sentence = pattern.format(other=names[other], topic=rng.choice(TOPICS))
            sentence = f"({s // 2 + 1}) {sentence}"  # numbered: every quote is unique
            sentences.append(sentence)
            for coder in ("coder-a", "coder-b") if rng.random() < 0.5 else ("coder-a",):
                codings.append({"coder": coder, "code": code, "quote": sentence})
        (folder / "interviews" / f"{key}.txt").write_text(
            "Texto ilustrativo generado; no es una entrevista real.\n\n"
            + "\n\n".join(sentences)
            + "\n",
            encoding="utf-8",
        )
        index.append(
            {
                "id": key,
                "file": f"{key}.txt",
                "pseudonym": f"Persona {d + 1}",
                "role": f"Personal de {names[actor['id']]}",
                "actor": actor["id"],
                "date": "2025-06-01",
                "language": "es",
                "provenance": ILLUSTRATIVE,
                "note": "Generated illustrative text (bench/gen_government.py).",
            }
        )
        _write_yaml(
            folder / "codings" / f"{key}.yaml",
            {"document": key, "provenance": ILLUSTRATIVE, "codings": codings},
        )
    _write_yaml(folder / "interviews" / "index.yaml", index)


def _write_yaml(path: Path, data: Any) -> None:
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    header: list[str] = []
    for row in rows:
        header.extend(k for k in row if k not in header)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})


def generate(folder: Path, actors: int, documents: int = 0, seed: int = 19) -> Path:
    """Write a whole-government case folder of ``actors`` bodies into ``folder`` (created)."""
    if actors < 2:
        raise ValueError("a government needs at least two actors")
    if not 0 <= documents <= MAX_DOCUMENTS:
        raise ValueError(f"documents must be between 0 and {MAX_DOCUMENTS}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=False)
    bodies = _actors(actors, rng)
    objectives, institutional, contributions = _elements(bodies, rng)
    case = {
        "format": "concierto-case/1",
        "case": {
            "id": f"gov-{actors}",
            "title": f"Gobierno ilustrativo de {actors} entidades",
            "language": "es",
            "description": "Generated by bench/gen_government.py; illustrative, not real data.",
            "provenance": ILLUSTRATIVE,
        },
        "policies": [
            {
                "id": "gov",
                "name": "Política general de gobierno (ilustrativa)",
                "provenance": ILLUSTRATIVE,
            }
        ],
        "objectives": objectives,
        "institutional_objectives": institutional,
        "contributions": contributions,
        "mechanisms": _mechanisms(bodies),
    }
    _write_yaml(folder / "case.yaml", case)
    _write_csv(folder / "actors.csv", bodies)
    _write_csv(folder / "ties.csv", _ties(bodies, rng))
    _write_csv(folder / "functions.csv", _functions(bodies, rng))
    _write_csv(folder / "interactions.csv", _interactions(objectives, institutional, rng))
    if documents:
        _documents(folder, bodies, documents, rng)
    return folder


def main(argv: list[str] | None = None) -> Path:
    """Write one generated case folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="folder to create")
    parser.add_argument("--actors", type=int, default=400)
    parser.add_argument("--documents", type=int, default=0, help=f"0..{MAX_DOCUMENTS}")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    return generate(args.out, args.actors, args.documents, args.seed)


if __name__ == "__main__":
    main()

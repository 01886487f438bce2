"""Write the kept fuzz corpus (``tests/fuzz/corpus/<format>/``): seeds, seeded random mutations
and hand-made hostile inputs. Deterministic: ``python tests/fuzz/make_corpus.py`` rewrites the
same files (but for the timestamps python-docx and odfpy write). Every text in it is
illustrative, written for the tests. Bugs the fuzzer finds get a hand-made entry here (named
``regress-…``) besides their fix.

Run from the repository root with the project's venv:
``.venv/bin/python tests/fuzz/make_corpus.py``.
"""

from __future__ import annotations

import io
import random
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from harness import CORPUS, INTERVIEW, MINI, template  # noqa: E402
from mutations import dump_yaml, mutate_bytes, mutate_tree, mutate_zip  # noqa: E402

from concierto.casefile import read_case_folder  # noqa: E402
from concierto.interop.matrices import write_matrix  # noqa: E402

SEED = 18
MUTANTS = 12
"""Random mutants kept per seed (the long run makes many more, see test_fuzz_inputs)."""

Writer = Callable[[Path], None]


def _put(fmt: str, name: str, data: bytes) -> None:
    folder = CORPUS / fmt
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def _case(name: str, files: dict[str, bytes]) -> None:
    folder = CORPUS / "case" / name
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)


MINI_YAML = (MINI / "case.yaml").read_text("utf-8")


def _mini_with(old: str, new: str) -> bytes:
    assert old in MINI_YAML, old
    return MINI_YAML.replace(old, new, 1).encode("utf-8")


def case_folders(rng: random.Random) -> None:
    """Mutated case.yaml and CSV tables over the mini case, and hand-made gaps."""
    tree = yaml.safe_load(MINI_YAML)
    for number in range(MUTANTS * 2):
        _case(
            f"tree-{number:02d}", {"case.yaml": dump_yaml(mutate_tree(tree, rng, 1 + number % 3))}
        )
    for number in range(MUTANTS):
        _case(f"bytes-{number:02d}", {"case.yaml": mutate_bytes(MINI_YAML.encode(), rng, 2)})
    for table in ("ties.csv", "interactions.csv", "functions.csv"):
        raw = (MINI / table).read_bytes()
        for number in range(MUTANTS // 2):
            _case(f"{table[:-4]}-{number:02d}", {table: mutate_bytes(raw, rng, 2)})
    hand = {
        "regress-shared-name": _mini_with("name: Agencia Uno", "name: ministerio  á"),
        "regress-alias-is-other-name": _mini_with("[La Agencia, Agencia 1]", "[Dirección Dos]"),
        "regress-shared-acronym": _mini_with("acronym: AG1", "acronym: MA"),
        "blank-alias": _mini_with("[La Agencia, Agencia 1]", "['  ', Agencia 1]"),
        "unknown-parent": _mini_with(
            "parent: min-a\n    sector: a\n    created", "parent: nadie\n    sector: a\n    created"
        ),
        "utf16": MINI_YAML.encode("utf-16"),
        "latin1": MINI_YAML.encode("latin-1", "replace"),
        "empty": b"",
        "top-level-list": b"- 1\n- 2\n",
        "anchors-bomb": b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c]\ncase: *d\n",
        "python-tag": b"case: !!python/object/apply:os.system ['echo owned']\n",
        "date-feb-30": _mini_with('approved: "2013-01-09"', 'approved: "2013-02-30"'),
    }
    for name, data in hand.items():
        _case(name, {"case.yaml": data})
    _case("ties-unknown-actor", {"ties.csv": b"from,to,layer\nmin-a,nadie,authority\n"})
    _case("ties-bad-header", {"ties.csv": b"\xef\xbb\xbffrom;to;layer\nmin-a;ag-1;authority\n"})
    _case("ties-formula", {"ties.csv": b"from,to,layer,note\nmin-a,ag-1,authority,=1+1\n"})
    _case("ties-quote", {"ties.csv": b'from,to,layer,note\nmin-a,ag-1,authority,"open\n'})
    _case("interactions-score-text", {"interactions.csv": b"from,to,score\nag1-oei1,p1,mucho\n"})
    _case("no-case-yaml", {"case.yaml.delete": b""})
    rated_twice = (
        MINI / "interactions.csv"
    ).read_bytes() + b"ag1-oei1,p1,analista-1,-3,,,illustrative\n"
    _case("regress-rater-twice", {"interactions.csv": rated_twice})
    _case("regress-deep-nesting", {"case.yaml": DEEP_YAML})


def case_workbooks(rng: random.Random) -> None:
    """The mini case as a workbook (``load case.xlsx``), its mutants and damaged files."""
    from concierto.casefile.workbook import write_case_workbook

    scratch = CORPUS.parent / ".scratch"
    scratch.mkdir(exist_ok=True)
    seed = write_case_workbook(read_case_folder(MINI), scratch / "mini.xlsx").read_bytes()
    shutil.rmtree(scratch)
    _put("workbook", "seed-mini.xlsx", seed)
    for number in range(MUTANTS):
        _put("workbook", f"mini-{number:02d}.xlsx", mutate_zip(seed, rng, 1 + number % 3))
    _put("workbook", "empty.xlsx", b"")
    _put("workbook", "csv-named.xlsx", (MINI / "ties.csv").read_bytes())
    _put("workbook", "truncated.xlsx", seed[: len(seed) // 2])
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    _put(
        "workbook",
        "regress-broken-xml.xlsx",
        _zip([(n, b"<workbook a='" if n == "xl/workbook.xml" else d) for n, d in members]),
    )


def _seeded(
    fmt: str, stem: str, ext: str, seed: bytes, rng: random.Random, tree: bool = False
) -> None:
    _put(fmt, f"seed-{stem}.{ext}", seed)
    parsed = yaml.safe_load(seed) if tree else None
    for number in range(MUTANTS):
        if tree and number % 2 == 0:
            data = dump_yaml(mutate_tree(parsed, rng, 1 + number % 3))
        else:
            data = mutate_bytes(seed, rng, 1 + number % 3)
        _put(fmt, f"{stem}-{number:02d}.{ext}", data)


CODEBOOK = b"""format: concierto-codebook/1
name: Libro de prueba
language: es
provenance: illustrative, written for the fuzz tests
codes:
  - id: reglas
    codable: false
    label: {es: Reglas}
  - id: reglas.ausencia
    label: {es: Sin reglas, en: No rules}
    polarity: absent
    mappings: {dimension: interaction_rules, sign: -1, metcalfe_level: 4, metcalfe_denies: true}
  - id: intercambio
    parent: null
    label: {es: Intercambio}
    mappings: {layer: information_exchange, metcalfe_levels: [2, 3]}
"""

RULES = b"""rules:
  - id: reglas-ausencia
    code: reglas.ausencia
    keywords: [no hay reglas, sin reglas]
    scope: sentence
  - id: info
    code: informacion.mecanismo
    regexes: ['interc\\w+ de informaci']
    scope: paragraph
"""

ASSUME = b"""ties:
  - from: ag-1
    to: unit-2
    layer: information_exchange
    provenance: illustrative
contributions:
  - from: ag1-oei1
    to: p1
    strength: 3
    provenance: illustrative
interactions:
  - from: p1
    to: prog-1
    rater: analista-1
    score: -2
    provenance: illustrative
"""

DEEP_YAML = b"case: " + b"[" * 3000 + b"]" * 3000 + b"\n"
"""Nesting deeper than Python's recursion limit (PyYAML and json parse recursively)."""

RELIABILITY = b"u1,u2,u3,u4\nana,1,2,2,\nbea,1,2,3,1\ncris,,2,2,1\n"


def small_files(rng: random.Random) -> None:
    """Codebooks, rules, assumptions, reliability tables and matrices."""
    _seeded("codebook", "codebook", "yaml", CODEBOOK, rng, tree=True)
    _put("codebook", "regress-deep-nesting.yaml", DEEP_YAML)
    _put("rules", "regress-deep-nesting.yaml", DEEP_YAML)
    _put("assume", "regress-deep-nesting.yaml", DEEP_YAML)
    _put("document", "regress-deep-front-matter.md", b"---\n" + DEEP_YAML + b"---\nTexto.\n")
    _put("codebook", "xxe.yaml", b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;")
    _seeded("rules", "rules", "yaml", RULES, rng, tree=True)
    _put(
        "rules",
        "regress-keywords-text.yaml",
        b"rules: [{id: r, code: reglas.ausencia, keywords: no hay reglas}]\n",
    )
    _put(
        "rules",
        "regress-bad-regex.yaml",
        b"rules: [{id: r, code: reglas.ausencia, regexes: ['((']}]\n",
    )
    _put(
        "rules",
        "catastrophic-regex.yaml",
        b"rules: [{id: r, code: reglas.ausencia, regexes: ['(a|a)*b']}]\n",
    )
    _seeded("assume", "assume", "yaml", ASSUME, rng, tree=True)
    _seeded("reliability", "ratings", "csv", RELIABILITY, rng)
    _put("reliability", "utf16.csv", RELIABILITY.decode().encode("utf-16"))
    _put("reliability", "one-coder.csv", b"u1,u2\nana,1,2\n")
    _put("reliability", "formula.csv", b"u1,u2\n=cmd|' /C calc'!A0,1\nbea,1,2\n")
    _put("reliability", "binary.csv", bytes(range(256)) * 4)
    scratch = CORPUS.parent / ".scratch"
    scratch.mkdir(exist_ok=True)
    ids, names = ["ag1-oei1", "p1", "prog-1"], ["Objetivo =1+1", "Pilar", "-Programa"]
    matrix = [[0, 2, -1], [1, 0, 3], [0, -2, 0]]
    for ext in ("csv", "json", "xlsx"):
        path = write_matrix(scratch / f"seed.{ext}", ids, names, matrix)
        seed = path.read_bytes()
        if ext == "xlsx":
            _put("matrix", "seed-matrix.xlsx", seed)
            for number in range(MUTANTS):
                _put("matrix", f"matrix-{number:02d}.xlsx", mutate_zip(seed, rng, 1 + number % 2))
        else:
            _seeded("matrix", "matrix", ext, seed, rng)
    xlsx = (CORPUS / "matrix" / "seed-matrix.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    _put(
        "matrix",
        "regress-no-worksheet.xlsx",
        _zip([(n, d) for n, d in members if "worksheets/" not in n]),
    )
    _put(
        "matrix",
        "regress-broken-xml.xlsx",
        _zip([(n, b"<workbook a='" if n == "xl/workbook.xml" else d) for n, d in members]),
    )
    huge_field = b'"' + b"x" * 140_000 + b'"'
    _put("reliability", "regress-field-limit.csv", b"u1,u2\nana," + huge_field + b",1\n")
    _put("matrix", "field-limit.csv", b"id,name,a\na," + huge_field + b",0\n")
    _case(
        "ties-field-limit",
        {"ties.csv": b"from,to,layer,note\nmin-a,ag-1,authority," + huge_field + b"\n"},
    )
    _put("matrix", "not-square.csv", b"id,name,a,b\na,A,0,1\n")
    _put("matrix", "xlsx-is-csv.xlsx", b"id,name,a\na,A,0\n")
    _put("matrix", "nan-inf.csv", b"id,name,a,b\na,A,nan,inf\nb,B,-inf,0\n")
    _put("matrix", "regress-deep.json", b"[" * 5000 + b"]" * 5000)
    shutil.rmtree(scratch)


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def refi_archives(rng: random.Random) -> None:
    """A project exported from the base store, its mutants, and hostile archives."""
    from cli_entry import run_entry

    scratch = CORPUS.parent / ".scratch"
    scratch.mkdir(exist_ok=True)
    db = scratch / "base.db"
    shutil.copyfile(template("base"), db)
    for ext in ("qdpx", "qdc"):
        out = scratch / f"seed.{ext}"
        run = run_entry(["--db", str(db), "refi", "export", str(out)])
        assert run.exit_code == 0, run.output
        _put("refi", f"seed-project.{ext}", out.read_bytes())
    seed = (scratch / "seed.qdpx").read_bytes()
    qdc = (scratch / "seed.qdc").read_bytes()
    shutil.rmtree(scratch)
    for number in range(MUTANTS * 2):
        _put("refi", f"project-{number:02d}.qdpx", mutate_zip(seed, rng, 1 + number % 3))
    for number in range(MUTANTS // 2):
        _put("refi", f"codebook-{number:02d}.qdc", mutate_bytes(qdc, rng, 1 + number % 3))
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    project = dict(members)["project.qde"].decode("utf-8")
    others = [(name, data) for name, data in members if name != "project.qde"]

    def with_project(text: str) -> bytes:
        return _zip([("project.qde", text.encode("utf-8")), *others])

    head, _sep, body = project.partition("?>")
    hostile = {
        "zip-slip.qdpx": _zip([*members, ("../../evil.txt", b"owned")]),
        "absolute-name.qdpx": _zip([*members, ("/tmp/evil.txt", b"owned")]),
        "regress-duplicate-project.qdpx": _zip([*members, ("project.qde", b"<Project/>")]),
        "ratio-bomb.qdpx": _zip([*members, ("sources/zeros.txt", b"\x00" * (64 << 20))]),
        "stored-huge-claim.qdpx": _zip(members, zipfile.ZIP_STORED)[:-30],
        "no-project.qdpx": _zip(others),
        "xxe.qdpx": with_project(
            head
            + '?><!DOCTYPE Project [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + body.replace('name="', 'name="&e;', 1)
        ),
        "billion-laughs.qdpx": with_project(
            head
            + '?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
            + "".join(
                f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
            )
            + "]>"
            + body.replace('name="', 'name="&i;', 1)
        ),
        "wrong-namespace.qdpx": with_project(
            project.replace("urn:QDA-XML:project:1.0", "urn:QDA-XML:project:9.9")
        ),
        "broken-offsets.qdpx": with_project(
            project.replace('startPosition="', 'startPosition="9', 1).replace(
                'endPosition="', 'endPosition="-', 1
            )
        ),
        "inverted-offsets.qdpx": with_project(
            project.replace('endPosition="', 'endPosition="0', 1)
        ),
        "not-xml.qdpx": with_project("this is not XML at all <<<"),
        "empty.qdpx": b"",
        "not-a-zip.qdpx": b"PK\x03\x04 broken",
        "qdc-xxe.qdc": qdc.replace(
            b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
        ).replace(b'name="', b'name="&e;', 1),
        "qdc-is-zip.qdc": seed,
    }
    for name, data in hostile.items():
        _put("refi", name, data)


def documents(rng: random.Random) -> None:
    """Documents of every reader: seeds, their mutants, and mislabelled or broken files."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "ingest_builders", HERE.parent / "ingest" / "conftest.py"
    )
    assert spec and spec.loader
    builders = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builders)
    scratch = CORPUS.parent / ".scratch"
    scratch.mkdir(exist_ok=True)
    paragraphs = [p for p in INTERVIEW.split("\n\n") if p.strip()]
    seeds = {
        "txt": INTERVIEW.encode("utf-8"),
        "md": ("# Entrevista E02 (ilustrativa)\n\n" + INTERVIEW).encode("utf-8"),
        "html": (
            "<html><head><title>E03</title><script>alert(1)</script></head><body>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</body></html>"
        ).encode(),
        "docx": builders.build_docx(scratch / "s.docx", paragraphs, title="E04").read_bytes(),
        "odt": builders.build_odt(scratch / "s.odt", paragraphs, title="E05").read_bytes(),
        "pdf": builders.build_pdf(scratch / "s.pdf", [paragraphs], title="E06").read_bytes(),
    }
    shutil.rmtree(scratch)
    for ext, seed in seeds.items():
        _put("document", f"seed-interview.{ext}", seed)
        for number in range(MUTANTS // 2):
            mutate = mutate_zip if ext in ("docx", "odt") else mutate_bytes
            _put("document", f"interview-{number:02d}.{ext}", mutate(seed, rng, 1 + number % 3))
    hostile = {
        "pdf-named.docx": seeds["pdf"],
        "docx-named.txt": seeds["docx"],
        "docx-named.pdf": seeds["docx"],
        "truncated.pdf": seeds["pdf"][: len(seeds["pdf"]) // 2],
        "truncated.docx": seeds["docx"][: len(seeds["docx"]) // 2],
        "empty.txt": b"",
        "empty.docx": b"",
        "binary.txt": bytes(rng.randrange(256) for _ in range(4000)),
        "mixed-encodings.txt": INTERVIEW.encode("utf-8") + "Dirección según".encode("latin-1"),
        "utf16-no-bom.txt": INTERVIEW.encode("utf-16-le"),
        "nul-bytes.md": INTERVIEW.encode().replace(b" ", b"\x00"),
        "docx-xxe.docx": _zip(
            [
                (
                    "[Content_Types].xml",
                    b'<?xml version="1.0"?><Types xmlns="http://schemas.'
                    b'openxmlformats.org/package/2006/content-types"/>',
                ),
                (
                    "word/document.xml",
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM '
                    b'"file:///etc/passwd">]><d>&e;</d>',
                ),
            ]
        ),
        "odt-no-content.odt": _zip([("mimetype", b"application/vnd.oasis.opendocument.text")]),
        "html-entities.html": b'<!DOCTYPE html [<!ENTITY a "aaaa">]><p>&a;&a;&#0;&#xD800;</p>',
        "unknown.xyz": b"what format is this",
    }
    for name, data in hostile.items():
        _put("document", name, data)


def main() -> None:
    """Rewrite the whole corpus."""
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    rng = random.Random(SEED)
    case_folders(rng)
    small_files(rng)
    refi_archives(rng)
    documents(rng)
    case_workbooks(random.Random(SEED + 1))
    count = sum(1 for _ in CORPUS.rglob("*") if _.is_file())
    size = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    print(f"wrote {count} files, {size / 1024:.0f} KiB, in {CORPUS}")


if __name__ == "__main__":
    main()

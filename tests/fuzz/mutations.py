"""Mutations of inputs, shared by the corpus generator and the hypothesis strategies: bytes
(truncate, flip, splice in hostile tokens, re-encode), YAML trees (change a value's type, drop or
duplicate a record, break a reference) and ZIP archives (rename, duplicate, drop or damage a
member)."""

from __future__ import annotations

import copy
import io
import random
import warnings
import zipfile
from typing import Any

import yaml

TOKENS: tuple[bytes, ...] = (
    b"",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xe9",
    b"\r",
    b"\r\n",
    b"\t",
    b"\n\n",
    b":",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b";",
    b'"',
    b"'",
    b"#",
    b"&a",
    b"*a",
    b"!!",
    b"null",
    b"~",
    b"true",
    b"-1",
    b"1e309",
    b"nan",
    b"0x1F",
    b"=1+1",
    b"@SUM(A1)",
    b"<",
    b">",
    b"&amp;",
    b"&#0;",
    b"]]>",
    b"<!ENTITY",
    b"%",
    b"\xe2\x80\xae",
    b"\xf0\x9f\x99\x82",
    b"\\",
    b"../",
    b"a" * 300,
)
"""Pieces that break parsers: encodings, YAML and CSV syntax, XML, formulas, control chars."""

WEIRD_VALUES: tuple[Any, ...] = (
    None,
    "",
    " ",
    0,
    -1,
    3.5,
    1e308,
    True,
    [],
    {},
    [None],
    {"a": 1},
    "x" * 5000,
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "nobody",
    "2013-02-30",
    "a;b",
    "Ministerio A",
    "ÁÉÍ ñ",
    "\u202eevil",
    "-3",
    "seg:999",
)
"""Values a field should never hold, or that stress what it may hold."""


def mutate_bytes(data: bytes, rng: random.Random, steps: int = 1, *, big: bool = False) -> bytes:
    """``data`` after ``steps`` random byte-level edits (``big`` allows lines of 200 000
    characters; the kept corpus stays small without them)."""
    out = bytearray(data)
    for _ in range(steps):
        choice = rng.randrange(7)
        at = rng.randrange(len(out) + 1)
        if choice == 0 and out:  # truncate
            del out[at:]
        elif choice == 1 and out:  # flip a byte
            index = min(at, len(out) - 1)
            out[index] = rng.randrange(256)
        elif choice == 2:  # splice a token
            out[at:at] = rng.choice(TOKENS)
        elif choice == 3 and out:  # delete a span
            del out[at : at + rng.randrange(1, 40)]
        elif choice == 4 and out:  # duplicate a span
            end = min(len(out), at + rng.randrange(1, 200))
            out[at:at] = out[at:end]
        elif choice == 5:  # re-encode
            text = bytes(out).decode("utf-8", "replace")
            out = bytearray(text.encode(rng.choice(["utf-16", "latin-1", "cp1252"]), "replace"))
        else:  # one enormous line
            out[at:at] = b"x" * (rng.choice([10_000, 200_000]) if big else 2_000)
    return bytes(out)


def _nodes(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += _nodes(value, (*path, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found += _nodes(value, (*path, index))
    return found


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


def mutate_tree(tree: Any, rng: random.Random, steps: int = 1) -> Any:
    """A copy of a YAML/JSON tree after ``steps`` structural edits."""
    tree = copy.deepcopy(tree)
    for _ in range(steps):
        paths = [p for p in _nodes(tree) if p]
        if not paths:
            return rng.choice(WEIRD_VALUES)
        path = rng.choice(paths)
        parent = _parent(tree, path)
        key = path[-1]
        choice = rng.randrange(5)
        if choice == 0:  # a weird value
            parent[key] = copy.deepcopy(rng.choice(WEIRD_VALUES))
        elif choice == 1:  # drop it
            del parent[key]
        elif choice == 2 and isinstance(parent, list):  # duplicate a record
            parent.insert(key, copy.deepcopy(parent[key]))
        elif choice == 3 and isinstance(parent, dict):  # an unknown field
            parent[f"extra_{rng.randrange(100)}"] = copy.deepcopy(rng.choice(WEIRD_VALUES))
        else:  # copy another node's value here (breaks references and types)
            other = rng.choice(paths)
            parent[key] = copy.deepcopy(_parent(tree, other)[other[-1]]) if other != path else 0
    return tree


def dump_yaml(tree: Any) -> bytes:
    """YAML text of a tree (unicode kept)."""
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")


def mutate_zip(data: bytes, rng: random.Random, steps: int = 1, *, big: bool = False) -> bytes:
    """A ZIP archive after ``steps`` member-level edits (a non-ZIP is byte-mutated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return mutate_bytes(data, rng, steps, big=big)
    for _ in range(steps):
        if not members:
            break
        index = rng.randrange(len(members))
        name, body = members[index]
        choice = rng.randrange(6)
        if choice == 0:
            members[index] = (name, mutate_bytes(body, rng, rng.randrange(1, 4), big=big))
        elif choice == 1:
            members.append((name, body + b" "))  # duplicate member name
        elif choice == 2:
            del members[index]
        elif choice == 3:
            members[index] = (rng.choice(["../" + name, "/" + name, name.upper(), ""]), body)
        elif choice == 4:
            members.append(
                ("big.bin", b"\x00" * rng.choice([1 << 16, 1 << 22] if big else [1 << 12]))
            )
        else:
            members[index] = (name, body[: rng.randrange(len(body) + 1)])
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicate member names are one of the mutations
        for name, body in members:
            info = zipfile.ZipInfo(name or "x")
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, body)
    result = buffer.getvalue()
    if rng.randrange(8) == 0:  # broken offsets: damage the central directory
        cut = max(0, len(result) - rng.randrange(1, 60))
        result = result[:cut] + mutate_bytes(result[cut:], rng)
    return result

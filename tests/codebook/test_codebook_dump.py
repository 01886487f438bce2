"""Dumping a codebook to YAML and reading it back gives the same codebook."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concierto.codebook import (
    Code,
    Codebook,
    CodebookError,
    Examples,
    Mappings,
    Text,
    default_codebook,
    dump_codebook,
    load_codebook,
    parse_codebook,
    write_codebook,
)
from concierto.codebook.model import (
    COHERENCE_TYPES,
    DIMENSIONS,
    LAYERS,
    MECHANISMS,
    ROLES,
    dotted_parent,
)


def test_default_codebook_round_trip() -> None:
    codebook = default_codebook()
    text = dump_codebook(codebook)
    assert parse_codebook(text) == codebook
    assert dump_codebook(parse_codebook(text)) == text


def test_dump_writes_documented_fields_in_order() -> None:
    data = yaml.safe_load(dump_codebook(default_codebook()))
    assert list(data)[:3] == ["format", "name", "language"]
    assert data["format"] == "concierto-codebook/1"
    folder, absent = data["codes"][0], data["codes"][2]
    assert folder["codable"] is False and "examples" not in folder
    assert absent == {
        **absent,
        "id": "vision.ausente",
        "parent": "vision",
        "polarity": "absent",
        "mappings": {
            "dimension": "shared_vision",
            "sign": -1,
            "metcalfe_level": 8,
            "metcalfe_denies": True,
        },
    }
    conduccion = next(c for c in data["codes"] if c["id"] == "centro.conduccion")
    assert conduccion["mappings"] == {"metcalfe_levels": [7, 8]}


def test_write_and_load_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "codebook.yaml"
    path.parent.mkdir()
    write_codebook(default_codebook(), path)
    assert load_codebook(path) == default_codebook()


# --- generated codebooks ---------------------------------------------------------------------

# Any text but lone surrogates (which cannot be written as UTF-8).
any_text = st.text(st.characters(codec="utf-8"), max_size=24)
label_text = any_text.filter(lambda text: bool(text.strip()))
maybe_text = st.none() | any_text


@st.composite
def texts(draw: st.DrawFn, required: str | None = None) -> Text:
    values = {language: draw(maybe_text) for language in ("es", "en")}
    if required is not None:
        values[required] = draw(label_text)
    return Text(**values)


@st.composite
def mappings(draw: st.DrawFn, polarity: str | None) -> Mappings:
    dimension = draw(st.none() | st.sampled_from(DIMENSIONS))
    levels = draw(st.lists(st.integers(1, 9), max_size=3, unique=True))
    return Mappings(
        dimension=dimension,
        sign=draw(st.sampled_from((None, 1, -1))) if dimension else None,
        layer=draw(st.none() | st.sampled_from(LAYERS)),
        metcalfe_levels=tuple(levels),
        metcalfe_denies=bool(levels) and polarity == "absent" and draw(st.booleans()),
        role=draw(st.none() | st.sampled_from(ROLES)),
        mechanism=draw(st.none() | st.sampled_from(MECHANISMS)),
        coherence=draw(st.none() | st.sampled_from(COHERENCE_TYPES)),
    )


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    language = draw(st.sampled_from(("es", "en")))
    size = draw(st.integers(0, 6))
    ids: list[str] = []
    codes: list[Code] = []
    for index in range(size):
        parent = draw(st.none() | st.sampled_from(ids)) if ids else None
        name = draw(st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,5}", fullmatch=True)) + str(index)
        code_id = name if parent is None else f"{parent}.{name}"
        assert dotted_parent(code_id) == parent
        polarity = draw(st.sampled_from((None, "present", "absent", "mixed")))
        examples = {lang: tuple(draw(st.lists(label_text, max_size=2))) for lang in ("es", "en")}
        codes.append(
            Code(
                id=code_id,
                label=draw(texts(required=language)),
                parent=parent,
                codable=draw(st.booleans()),
                definition=draw(texts()),
                inclusion=draw(texts()),
                exclusion=draw(texts()),
                examples=Examples(**examples),
                color=draw(st.none() | st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)),
                polarity=polarity,
                mappings=draw(mappings(polarity)),
            )
        )
        ids.append(code_id)
    return Codebook(
        name=draw(label_text),
        codes=tuple(codes),
        language=language,
        provenance=draw(maybe_text),
        description=draw(texts()),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks())
def test_round_trip_of_generated_codebooks(codebook: Codebook) -> None:
    text = dump_codebook(codebook)
    assert parse_codebook(text, "generated.yaml") == codebook


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-20, 20) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks(), st.data())
def test_damaged_files_give_codebook_errors_only(codebook: Codebook, data: st.DataObject) -> None:
    """Whatever value replaces a field, the parser either accepts the file or lists its issues."""
    document = yaml.safe_load(dump_codebook(codebook))
    targets: list[tuple[dict[str, object], str]] = [(document, key) for key in list(document)]
    for raw in document["codes"]:
        targets += [(raw, key) for key in raw]
        targets += [(raw["mappings"], key) for key in ("sign", "metcalfe_levels", "role")]
    holder, key = data.draw(st.sampled_from(targets))
    holder[key] = data.draw(json_values)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    try:
        parse_codebook(text, "damaged.yaml")
    except CodebookError as error:
        assert error.issues
        assert all(issue.file == "damaged.yaml" for issue in error.issues)
        assert all(issue.line is not None and issue.line >= 1 for issue in error.issues)


@settings(max_examples=100, deadline=None)
@given(any_text)
def test_arbitrary_text_gives_codebook_errors_only(text: str) -> None:
    try:
        parse_codebook(text, "noise.yaml")
    except CodebookError as error:
        assert error.issues

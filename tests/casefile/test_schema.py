"""The committed JSON Schema is the one the format table generates, and the example obeys it."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from concierto.casefile.locate import _NoDatesLoader
from concierto.casefile.schema import SCHEMA_PATH, case_schema, schema_text
from concierto.casefile.spec import SECTIONS
from concierto.examples import example_path


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_examples_validate_against_the_schema(mini_case: Path) -> None:
    for folder in (mini_case, example_path("peru-pnmgp")):
        data = yaml.load((folder / "case.yaml").read_text(encoding="utf-8"), Loader=_NoDatesLoader)
        for record in data.get("actors", []):
            if isinstance(record.get("created"), int):
                record["created"] = str(record["created"])
        if isinstance(data["case"].get("period_start"), int):
            data["case"]["period_start"] = str(data["case"]["period_start"])
        jsonschema.validate(data, case_schema())


def test_every_section_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "case-format.md").read_text(
        encoding="utf-8"
    )
    for section in SECTIONS:
        assert f"`{section.name}`" in doc, section.name
        for field in section.all_fields:
            assert f"`{field.name}`" in doc, f"{section.name}.{field.name}"

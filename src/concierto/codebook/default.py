"""The default codebook that ships with concierto (``concierto/data/codebook.yaml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from concierto.codebook.model import Codebook
from concierto.codebook.parse import parse_codebook

DEFAULT_RESOURCE = "codebook.yaml"


def default_codebook_text() -> str:
    """The YAML text of the packaged default codebook, comments included."""
    resource = resources.files("concierto").joinpath("data", DEFAULT_RESOURCE)
    return resource.read_text(encoding="utf-8")


@cache
def default_codebook() -> Codebook:
    """The packaged default codebook, parsed and validated (read once; the value is frozen)."""
    return parse_codebook(default_codebook_text(), f"concierto/data/{DEFAULT_RESOURCE}")

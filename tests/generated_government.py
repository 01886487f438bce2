"""The whole-government case generator of ``bench/gen_government.py``, for tests at a small
scale (issue 19)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from types import ModuleType

GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "gen_government.py"


@lru_cache(maxsize=1)
def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_government", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate_government(folder: Path, actors: int) -> Path:
    """Write a generated case folder of ``actors`` bodies (seed 19) into ``folder``."""
    path: Path = _module().generate(folder, actors)
    return path

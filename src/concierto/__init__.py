"""concierto: diagnose coordination and coherence in multi-actor public policies."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("concierto")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]

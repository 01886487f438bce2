"""Open a .qdpx archive defensively: refuse paths that leave the archive, symbolic links,
too many entries, and zip bombs (limits on the total uncompressed size and on the compression
ratio, enforced on the bytes actually inflated, not on the sizes the headers claim)."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from concierto.i18n import _
from concierto.interop.refi.errors import UnsafeArchiveError

READ_CHUNK = 1 << 16


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on what an archive may expand to. The ratio applies to entries above
    ``ratio_floor`` bytes (tiny files compress oddly without being dangerous)."""

    max_entries: int = 20_000
    max_total_bytes: int = 1 << 30
    max_ratio: float = 200.0
    ratio_floor: int = 1 << 20


def _is_unsafe_name(name: str) -> bool:
    if not name or "\x00" in name:
        return True
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(part == ".." for part in parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


class SafeArchive:
    """The entries of a checked archive, read on demand within the limits."""

    def __init__(self, path: Path, limits: ArchiveLimits | None = None) -> None:
        self.path = path
        self.limits = limits or ArchiveLimits()
        self._inflated = 0
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise UnsafeArchiveError(
                _("{file}: not a readable ZIP archive (damaged or truncated): {reason}").format(
                    file=path, reason=exc
                )
            ) from exc
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._check_entries()

    def _check_entries(self) -> None:
        limits = self.limits
        if len(self._infos) > limits.max_entries:
            raise UnsafeArchiveError(
                _("{file}: {count} entries, more than the limit of {limit}").format(
                    file=self.path, count=len(self._infos), limit=limits.max_entries
                )
            )
        names = [info.filename for info in self._zip.infolist()]
        if len(names) != len(self._infos):
            twice = sorted({name for name in names if names.count(name) > 1})[0]
            raise UnsafeArchiveError(
                _("{file}: entry {name!r} appears twice (readers would disagree on it)").format(
                    file=self.path, name=twice
                )
            )
        declared = 0
        for name, info in self._infos.items():
            if _is_unsafe_name(name):
                raise UnsafeArchiveError(
                    _("{file}: entry {name!r} points outside the archive").format(
                        file=self.path, name=name
                    )
                )
            if _is_symlink(info):
                raise UnsafeArchiveError(
                    _("{file}: entry {name!r} is a symbolic link").format(file=self.path, name=name)
                )
            declared += info.file_size
            self._check_ratio(name, info.file_size, info.compress_size)
        if declared > limits.max_total_bytes:
            raise UnsafeArchiveError(
                _("{file}: expands to {size} bytes, more than the limit of {limit}").format(
                    file=self.path, size=declared, limit=limits.max_total_bytes
                )
            )

    def _check_ratio(self, name: str, size: int, compressed: int) -> None:
        if size <= self.limits.ratio_floor:
            return
        if size > self.limits.max_ratio * max(compressed, 1):
            raise UnsafeArchiveError(
                _(
                    "{file}: entry {name!r} has a compression ratio above {ratio:.0f}:1 "
                    "(a zip bomb?)"
                ).format(file=self.path, name=name, ratio=self.limits.max_ratio)
            )

    @property
    def names(self) -> list[str]:
        """Names of the file entries (directories left out)."""
        return [name for name in self._infos if not name.endswith("/")]

    def size(self, name: str) -> int:
        """The uncompressed size entry ``name`` declares (``read`` enforces the real one)."""
        return self._infos[name].file_size

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        """The bytes of entry ``name``, inflated in chunks so a lying header cannot exceed the
        limits (nor ``max_bytes`` for this entry, when given)."""
        info = self._infos[name]
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(READ_CHUNK):
                    size += len(chunk)
                    self._inflated += len(chunk)
                    if self._inflated > self.limits.max_total_bytes:
                        raise UnsafeArchiveError(
                            _("{file}: expands to more than the limit of {limit} bytes").format(
                                file=self.path, limit=self.limits.max_total_bytes
                            )
                        )
                    self._check_ratio(name, size, info.compress_size)
                    if max_bytes is not None and size > max_bytes:
                        raise UnsafeArchiveError(
                            _("{file}: entry {name!r} expands to more than {limit} bytes").format(
                                file=self.path, name=name, limit=max_bytes
                            )
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            if isinstance(exc, UnsafeArchiveError):
                raise
            raise UnsafeArchiveError(
                _("{file}: entry {name!r} cannot be read (damaged or truncated): {reason}").format(
                    file=self.path, name=name, reason=exc
                )
            ) from exc
        return b"".join(chunks)

    def close(self) -> None:
        """Close the underlying file."""
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

"""Plain-text files: detect the encoding on a sample, then decode in bounded chunks.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised directly. Anything else is
identified by charset-normalizer on a sample, restricted to the Western encodings Spanish and
English documents actually use (cp1252, latin-1, ISO 8859-15, cp850, Mac Roman) so that Spanish
text is never mistaken for a Central-European code page.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Final

from concierto.i18n import _
from concierto.ingest.errors import CorruptFileError, FileTooLargeError, NotTextError
from concierto.ingest.readers.base import ExtractedDocument, ReadLimits

CHUNK_BYTES: Final = 1 << 20
SAMPLE_BYTES: Final = 256 * 1024
WESTERN_ENCODINGS: Final = ["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
MAX_CONTROL_SHARE: Final = 0.05
"""A sample with more than this share of control characters is binary, not text."""

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
PLAUSIBLE_UNUSUAL_SHARE: Final = 0.1
"""At most this share of a cp1252 reading's non-ASCII characters may be symbols (not letters)."""
_WESTERN_PUNCTUATION: Final = frozenset("¿¡«»€“”‘’‚„–—…º°ª·©®§¶†•\xa0´¨×")
_CONTROLS: Final = re.compile("[\x00-\x08\x0e-\x1f]")
"""Control characters that never occur in text (tab, line breaks, vertical tab and form feed do)."""


def _bom_encoding(sample: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    return None


def _is_utf8(sample: bytes, complete: bool) -> bool:
    """Whether ``sample`` is valid UTF-8 (a sequence cut at its end is fine unless complete)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _bomless_utf16(sample: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for UTF-16 text without a BOM (Latin text leaves every
    other byte zero), else None."""
    even = sample[0::2]
    odd = sample[1::2]
    if len(sample) >= 4 and odd.count(0) > 0.9 * len(odd) and 0 not in even:
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) > 0.9 * len(even) and 0 not in odd:
        return "utf-16-be"
    return None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _control_share(text: str) -> float:
    """Share of ``text`` made of control characters that never occur in real text."""
    if not text:
        return 0.0
    return len(_CONTROLS.findall(text)) / len(text)


def _reads_as_windows_text(sample: bytes) -> bool:
    """Whether ``sample`` decodes as cp1252 into letters and everyday punctuation.

    Short Spanish files (a name, a title) give charset-normalizer too little to go on, and it may
    then pick Mac Roman or none at all; cp1252, by far the most common legacy encoding for
    Spanish, is taken first whenever its reading is plausible.
    """
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    non_ascii = _NON_ASCII.findall(text)  # a few per cent of a Spanish text: loop over those
    unusual = sum(1 for char in non_ascii
                  if not char.isalpha() and char not in _WESTERN_PUNCTUATION)
    foreign = len(non_ascii)
    return foreign > 0 and unusual <= PLAUSIBLE_UNUSUAL_SHARE * foreign


def _western_encoding(path: Path, sample: bytes) -> str:
    """The Western single-byte encoding that best fits ``sample``: cp1252 when plausible, else
    the one charset-normalizer finds most plausible."""
    if _reads_as_windows_text(sample):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=WESTERN_ENCODINGS).best()
    if best is None:
        raise NotTextError(path, _("no known text encoding fits its bytes"))
    encoding = codecs.lookup(best.encoding).name
    if encoding in {"latin-1", "iso8859-1", "iso8859-15"} and any(
            0x80 <= byte <= 0x9F for byte in sample):
        # Bytes 0x80-0x9F are invisible controls in latin-1 but “ ” – € … in cp1252: the
        # Windows reading is the one people meant.
        encoding = "cp1252"
    return encoding


def detect_encoding(path: Path, sample: bytes, complete: bool) -> str:
    """The encoding to decode ``path`` with, judged from ``sample`` (its first bytes).

    Raises :class:`NotTextError` for binary content (NUL bytes without a UTF-16/32 BOM, or no
    plausible Western encoding).
    """
    bom = _bom_encoding(sample)
    if bom is not None:
        return bom
    if b"\x00" in sample:
        utf16 = _bomless_utf16(sample)
        if utf16 is None:
            raise NotTextError(path, _("it contains NUL bytes"))
        return utf16
    if _is_utf8(sample, complete):
        return "utf-8"
    return _western_encoding(path, sample)


class _DecodeFailure(Exception):
    """Strict decoding failed at byte ``offset`` of the file."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def decode_file(path: Path, encoding: str, limits: ReadLimits, *, strict: bool = True) -> str:
    """The file decoded 1 MiB at a time; with ``strict=False`` bad bytes become U+FFFD."""
    decoder = codecs.getincrementaldecoder(encoding)("strict" if strict else "replace")
    pieces: list[str] = []
    chars = 0
    offset = 0
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(CHUNK_BYTES)
            final = not chunk
            try:
                piece = decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                raise _DecodeFailure(offset + exc.start) from exc
            pieces.append(piece)
            chars += len(piece)
            if chars > limits.max_chars:
                raise FileTooLargeError(path, chars, limits.max_chars, what="text")
            offset += len(chunk)
            if final:
                break
    return "".join(pieces)


def _sample_at(path: Path, offset: int) -> bytes:
    """A detection sample starting just before byte ``offset``."""
    with open(path, "rb") as handle:
        handle.seek(max(0, offset - 1024))
        return handle.read(SAMPLE_BYTES)


def _decode_after_failure(path: Path, encoding: str, limits: ReadLimits, offset: int, *,
                          detected: bool) -> tuple[str, str, list[str]]:
    """Decode again after strict decoding failed at byte ``offset``.

    A file guessed as UTF-8 from its start is re-detected from the bytes that failed; if that
    fails too (or the encoding was given), bad bytes become U+FFFD and a warning says where.
    """
    if detected and encoding == "utf-8":
        encoding = _western_encoding(path, _sample_at(path, offset))
        try:
            return decode_file(path, encoding, limits), encoding, []
        except _DecodeFailure as again:
            offset = again.offset
    warning = _("bytes at offset {offset} are not valid {encoding}; replaced with U+FFFD").format(
        offset=offset, encoding=encoding)
    return decode_file(path, encoding, limits, strict=False), encoding, [warning]


def read_text_file(path: Path, limits: ReadLimits, *, encoding: str | None = None,
                   ) -> tuple[str, str, list[str]]:
    """The decoded text of ``path``, the encoding used, and warnings.

    Memory stays bounded: only a 256 KiB sample is examined before decoding, and decoding reads
    1 MiB at a time (the decoded text itself is of course kept). When a file that began as
    UTF-8 turns out not to be, the encoding is detected again from the bytes that failed.
    """
    warnings: list[str] = []
    if encoding is None:
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
            complete = not handle.read(1)
        encoding = detect_encoding(path, sample, complete)
        detected = True
    else:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError as exc:
            raise CorruptFileError(path, "txt", _("unknown encoding {name}").format(
                name=encoding)) from exc
        detected = False
    try:
        text = decode_file(path, encoding, limits)
    except _DecodeFailure as failure:
        text, encoding, warnings = _decode_after_failure(path, encoding, limits, failure.offset,
                                                         detected=detected)
    if _control_share(text[:SAMPLE_BYTES]) > MAX_CONTROL_SHARE:
        raise NotTextError(path, _("too many control characters"))
    return text, encoding, warnings


def read_txt(path: Path, limits: ReadLimits, *, encoding: str | None = None,
             ) -> ExtractedDocument:
    """A plain-text document: the whole decoded text; the encoding goes in the metadata."""
    text, used, warnings = read_text_file(path, limits, encoding=encoding)
    if used not in {"utf-8", "utf-8-sig"}:
        warnings.append(_("decoded as {encoding}").format(encoding=used))
    return ExtractedDocument(text=text, title=None, metadata={"encoding": used}, format="txt",
                             warnings=tuple(warnings))

"""concierto's own codebook carried inside a .qdpx, beside the REFI one.

REFI has no place for what the measures read (a code's polarity and mappings) nor for its id,
its second label and definition, inclusion, exclusion and examples. An export therefore adds
two archive members that other programs leave alone: :data:`CODEBOOK_MEMBER`, the case's
codebook exactly as ``concierto codebook export`` writes it, and :data:`GUIDS_MEMBER`, a CSV
``guid,code`` saying which REFI ``Code`` each concierto code is. On import, the codes whose GUID
is listed get their concierto code back; members that cannot be read, parsed or matched with
the project's code tree are reported in the loss report and ignored.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator

from concierto.codebook.dump import dump_codebook
from concierto.codebook.model import Code as CodebookCode
from concierto.codebook.model import Codebook
from concierto.codebook.parse import CodebookError, parse_codebook
from concierto.i18n import _
from concierto.interop.refi import model as m
from concierto.interop.refi.errors import RefiError, UnsafeArchiveError
from concierto.interop.refi.loss import LossReport
from concierto.interop.refi.safezip import SafeArchive

CODEBOOK_MEMBER = "concierto/codebook.yaml"
GUIDS_MEMBER = "concierto/code-guids.csv"
MEMBERS = (CODEBOOK_MEMBER, GUIDS_MEMBER)
MAX_MEMBER_BYTES = 1 << 25
"""Bound on each member (a codebook of 10⁴ codes is a few megabytes)."""
IGNORED = "concierto codebook (unreadable or not matching; ignored)"
GUIDS_HEADER = ("guid", "code")
SHOWN_LINES = 4
"""Lines of a member's problems the loss report shows."""


class CarryError(RefiError):
    """A concierto member that cannot be used (the reason names the member and line)."""


def carry_members(carried: m.ConciertoCodebook) -> dict[str, bytes]:
    """The archive members of ``carried``: the codebook YAML and the GUID table."""
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(GUIDS_HEADER)
    position = {code.id: index for index, code in enumerate(carried.codebook.codes)}
    rows: list[tuple[str, str]] = sorted(carried.guids.items(),
                                         key=lambda pair: position.get(pair[1], len(position)))
    writer.writerows(rows)
    return {
        CODEBOOK_MEMBER: dump_codebook(carried.codebook).encode("utf-8"),
        GUIDS_MEMBER: table.getvalue().encode("utf-8"),
    }


def read_carried(
    archive: SafeArchive, codes: list[m.Code], report: LossReport
) -> m.ConciertoCodebook | None:
    """The concierto codebook of ``archive`` matched with the project's ``codes``; None when
    the archive has none (another program wrote it) or when it cannot be used (reported)."""
    present = [name for name in MEMBERS if name in archive.names]
    if not present:
        return None
    try:
        if len(present) < len(MEMBERS):
            missing = next(name for name in MEMBERS if name not in present)
            raise CarryError(_("{member} is missing").format(member=missing))
        codebook = parse_codebook(_member_text(archive, CODEBOOK_MEMBER),
                                  f"{archive.path}:{CODEBOOK_MEMBER}")
        guids = _parse_guids(_member_text(archive, GUIDS_MEMBER), codebook,
                             f"{archive.path}:{GUIDS_MEMBER}")
        _check_tree(codes, codebook, guids)
    except (CarryError, CodebookError, UnsafeArchiveError, RecursionError) as exc:
        reason = str(exc) if not isinstance(exc, RecursionError) else _("nested too deeply")
        lines = reason.splitlines()
        if len(lines) > SHOWN_LINES:
            reason = "\n".join([*lines[:SHOWN_LINES], "  " + _("… and {count} more").format(
                count=len(lines) - SHOWN_LINES)])
        report.drop(IGNORED)
        report.note(
            _("concierto's codebook in the archive was ignored (codes get keys from their "
              "names, without polarity or mappings): {reason}").format(reason=reason)
        )
        return None
    report.note(_("concierto's codebook in the archive gave {count} codes their ids, labels, "
                  "polarity and mappings").format(count=len(guids)))
    return m.ConciertoCodebook(codebook=codebook, guids=guids)


def _member_text(archive: SafeArchive, name: str) -> str:
    """The UTF-8 text of member ``name``, read within the archive's limits and ours."""
    if archive.size(name) > MAX_MEMBER_BYTES:
        raise CarryError(_("{member}: more than {limit} bytes").format(
            member=name, limit=MAX_MEMBER_BYTES))
    data = archive.read(name, max_bytes=MAX_MEMBER_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CarryError(_("{member}: not UTF-8 (byte {position})").format(
            member=name, position=exc.start)) from None


def _rows(text: str, where: str) -> Iterator[tuple[int, list[str]]]:
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise CarryError(f"{where}: {exc}") from None


def _parse_guids(text: str, codebook: Codebook, where: str) -> dict[str, str]:
    """``guid -> code id`` from the GUID table; every GUID and code at most once, every code
    in ``codebook``."""
    found: dict[str, str] = {}
    codes: set[str] = set()
    for line, row in _rows(text, where):
        if line == 1:
            if tuple(row) != GUIDS_HEADER:
                raise CarryError(_("{where}:1: the header must be guid,code").format(where=where))
            continue
        if len(row) != len(GUIDS_HEADER):
            raise CarryError(_("{where}:{line}: expected two fields, guid and code").format(
                where=where, line=line))
        raw, code = row
        try:
            guid = str(uuid.UUID(raw.strip()))
        except ValueError:
            raise CarryError(_("{where}:{line}: {guid!r} is not a GUID").format(
                where=where, line=line, guid=raw)) from None
        if code not in codebook:
            raise CarryError(_("{where}:{line}: code {code!r} is not in the codebook").format(
                where=where, line=line, code=code))
        if guid in found or code in codes:
            raise CarryError(_("{where}:{line}: GUID or code listed twice").format(
                where=where, line=line))
        found[guid] = code
        codes.add(code)
    return found


def _check_tree(codes: list[m.Code], codebook: Codebook, guids: dict[str, str]) -> None:
    """Every listed REFI code must sit where its concierto code sits: under the code of its
    concierto parent (or at the top), folder or not alike."""

    def visit(code: m.Code, parent: m.Code | None) -> None:
        if code.guid in guids:
            own = codebook[guids[code.guid]]
            expected = guids.get(parent.guid) if parent is not None else None
            if own.parent != expected or own.codable != code.codable:
                raise CarryError(
                    _("code {name!r} ({code}) is not where concierto's codebook puts it").format(
                        name=code.name, code=own.id)
                )
        for child in code.children:
            visit(child, code)

    for code in codes:
        visit(code, None)


def carried_code(carried: m.ConciertoCodebook | None, guid: str) -> CodebookCode | None:
    """The concierto code a REFI code GUID stands for, if carried."""
    if carried is None or guid not in carried.guids:
        return None
    return carried.codebook[carried.guids[guid]]

"""Builders of DOCX, ODT and PDF fixtures, generated inside the tests (nothing is checked in)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from concierto.i18n import current_language, set_language

Row = Sequence[str]
Block = str | list[Row]
"""A fixture body item: a paragraph (str) or a table (list of rows)."""


def build_docx(path: Path, body: Sequence[Block], *, title: str | None = None,
               author: str | None = None) -> Path:
    """A DOCX whose body holds ``body`` in order: strings as paragraphs, lists as tables."""
    import docx

    document = docx.Document()
    for item in body:
        if isinstance(item, str):
            document.add_paragraph(item)
        else:
            table = document.add_table(rows=len(item), cols=len(item[0]))
            for row_index, row in enumerate(item):
                for column, value in enumerate(row):
                    table.cell(row_index, column).text = value
    if title:
        document.core_properties.title = title
    if author:
        document.core_properties.author = author
    document.save(str(path))
    return path


def build_odt(path: Path, body: Sequence[Block], *, title: str | None = None) -> Path:
    """An ODT text document with ``body`` in order (strings as paragraphs, lists as tables)."""
    from odf import dc, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for item in body:
        if isinstance(item, str):
            document.text.addElement(text.P(text=item))
        else:
            grid = table.Table(name="T")
            grid.addElement(table.TableColumn(numbercolumnsrepeated=len(item[0])))
            for row in item:
                line = table.TableRow()
                for value in row:
                    cell = table.TableCell()
                    cell.addElement(text.P(text=value))
                    line.addElement(cell)
                grid.addElement(line)
            document.text.addElement(grid)
    if title:
        document.meta.addElement(dc.Title(text=title))
    document.save(str(path))
    return path


def _pdf_string(value: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252) with the delimiters escaped."""
    raw = value.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def build_pdf(path: Path, pages: Sequence[Sequence[str]], *, title: str | None = None,
              text_layer: bool = True) -> Path:
    """A minimal hand-written PDF: one line of Helvetica per string, or only a grey box per page."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids: list[int] = []
    for lines in pages:
        if text_layer:
            commands = [b"BT /F1 11 Tf 14 TL 50 780 Td"]
            commands += [_pdf_string(line) + b" Tj T*" for line in lines]
            commands.append(b"ET")
        else:
            commands = [b"0.5 g 50 500 300 200 re f"]
        stream = b"\n".join(commands)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_number = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                       % content_number)
        kids.append(len(objects))
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % kid for kid in kids)
                  + b"] /Count %d >>" % len(kids))
    info = None
    if title:
        objects.append(b"<< /Title " + _pdf_string(title) + b" /CreationDate (D:20130509) >>")
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    """Build a DOCX in tmp_path: ``make_docx(name, body, title=…)``."""
    return lambda name, body, **kw: build_docx(tmp_path / name, body, **kw)


@pytest.fixture
def make_odt(tmp_path: Path) -> Callable[..., Path]:
    """Build an ODT in tmp_path: ``make_odt(name, body, title=…)``."""
    return lambda name, body, **kw: build_odt(tmp_path / name, body, **kw)


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Build a PDF in tmp_path: ``make_pdf(name, pages, title=…, text_layer=…)``."""
    return lambda name, pages, **kw: build_pdf(tmp_path / name, pages, **kw)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English (the ids) during each test, whatever the environment says."""
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)

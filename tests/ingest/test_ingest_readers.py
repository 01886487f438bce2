"""Each format's reader: text in body order, paragraphs as blank-line blocks, metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from concierto.ingest import load_document, read_document
from concierto.ingest.readers import pdf as pdf_reader

SPANISH = "¿Quién coordina? ¡Nadie! El Sr. Núñez, del año 2013, firmó la R.M. 125-2013-PCM."


def test_docx_paragraphs_and_tables_in_body_order(make_docx: Callable[..., Path]) -> None:
    path = make_docx("informe.docx", [
        "Primer párrafo: coordinación.",
        [["Actor", "Función"], ["PCM", "Rectoría"]],
        SPANISH,
        [["MEF", "Presupuesto"]],
        "Cierre.",
    ], title="Informe de coordinación", author="Secretaría de Gestión Pública")
    document = read_document(path)
    assert document.format == "docx"
    assert document.text == (
        "Primer párrafo: coordinación.\n\nActor\tFunción\n\nPCM\tRectoría\n\n"
        f"{SPANISH}\n\nMEF\tPresupuesto\n\nCierre.")
    assert document.title == "Informe de coordinación"
    assert document.metadata["author"] == "Secretaría de Gestión Pública"


def test_docx_merged_cells_are_written_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Título combinado"
    for column, value in enumerate(["a", "b", "c"]):
        table.cell(1, column).text = value
    document.save(str(tmp_path / "merged.docx"))
    assert read_document(tmp_path / "merged.docx").text == "Título combinado\n\na\tb\tc"


def test_docx_keeps_insertions_links_and_content_controls_but_not_deletions(
        tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_heading("Informe final", level=1)
    body = document.element.body
    paragraphs = [
        f'<w:p {namespace}><w:r><w:t xml:space="preserve">La </w:t></w:r>'
        '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve">nueva </w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText>vieja </w:delText></w:r></w:del>'
        '<w:r><w:t>política</w:t><w:tab/><w:t>fin</w:t></w:r></w:p>',
        f'<w:p {namespace}><w:hyperlink><w:r><w:t>Enlace</w:t></w:r></w:hyperlink>'
        '<w:r><w:br/><w:t>línea</w:t></w:r></w:p>',
        f'<w:sdt {namespace}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>En un control</w:t>'
        '</w:r></w:p></w:sdtContent></w:sdt>',
    ]
    for xml in paragraphs:
        body.insert(len(body) - 1, parse_xml(xml))  # before the section properties
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Fuera"
    outer.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Dentro"
    document.save(str(tmp_path / "cambios.docx"))
    result = read_document(tmp_path / "cambios.docx")
    assert result.text == (
        "Informe final\n\nLa nueva política\tfin\n\nEnlace\nlínea\n\nEn un control\n\n"
        "Fuera\tDentro")
    assert result.title == "Informe final"


def test_odt_paragraphs_and_tables_in_order(make_odt: Callable[..., Path]) -> None:
    path = make_odt("acta.odt", ["Acta de la reunión", [["Sector", "Voto"], ["Salud", "Sí"]],
                                 SPANISH], title="Acta N.º 4")
    document = read_document(path)
    assert document.format == "odt"
    assert document.text == f"Acta de la reunión\n\nSector\tVoto\n\nSalud\tSí\n\n{SPANISH}"
    assert document.title == "Acta N.º 4"


def test_odt_expands_spaces_tabs_and_line_breaks_and_skips_notes(tmp_path: Path) -> None:
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    paragraph = text.P(text="a")
    paragraph.addElement(text.S(c=3))
    paragraph.addText("b")
    paragraph.addElement(text.Tab())
    paragraph.addText("c")
    paragraph.addElement(text.LineBreak())
    paragraph.addText("d")
    note = text.Note(noteclass="footnote")
    body = text.NoteBody()
    body.addElement(text.P(text="nota al pie"))
    note.addElement(body)
    paragraph.addElement(note)
    document.text.addElement(paragraph)
    document.save(str(tmp_path / "spaces.odt"))
    assert read_document(tmp_path / "spaces.odt").text == "a   b\tc\nd"


def test_pdf_pages_lines_and_metadata(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf("politica.pdf", [
        ["La Política Nacional de Modernización de la Gestión Pública establece",
         "la coordinación entre niveles del Perú.",
         "El Sr. Núñez firmó «año» €."],
        ["Segunda página."],
    ], title="Política Nacional")
    document = load_document(path)
    assert document.format == "pdf"
    assert document.text == (
        "La Política Nacional de Modernización de la Gestión Pública establece\n"
        "la coordinación entre niveles del Perú.\n\n"
        "El Sr. Núñez firmó «año» €.\n\nSegunda página.")
    assert document.title == "Política Nacional"
    assert document.metadata["date"] == "2013-05-09"
    assert document.metadata["pages"] == "2"
    assert document.language == "es"


def test_pdf_falls_back_to_pypdf_when_pdfium_fails(make_pdf: Callable[..., Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_pdf("fallback.pdf", [["Coordinación del Perú."]], title="Informe")

    def broken(*_args: object) -> None:
        raise RuntimeError("pdfium exploded")

    monkeypatch.setattr(pdf_reader, "_read_pdfium", broken)
    document = read_document(path)
    assert document.text == "Coordinación del Perú."
    assert document.title == "Informe"
    assert any("pypdf" in warning for warning in document.warnings)


def test_pdf_paragraphs_follow_short_closing_lines() -> None:
    page = ("Una línea completa que no termina aquí y sigue\r\n"
            "hasta el final del párrafo.\r\n"
            "Otra línea completa que continúa el texto y sigue\r\n"
            "y termina.")
    assert pdf_reader.page_paragraphs(page) == [
        "Una línea completa que no termina aquí y sigue\nhasta el final del párrafo.",
        "Otra línea completa que continúa el texto y sigue\ny termina.",
    ]
    assert pdf_reader.page_paragraphs("  \r\n ") == []
    assert pdf_reader.page_paragraphs("la coordi\x02\r\nnación y la articu\ufffe\r\nlación") == [
        "la coordinación y la articulación"]


def test_markdown_to_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "notas.md"
    path.write_text(
        "---\ntitle: Notas de campo\ndate: 2024-05-02\n---\n"
        "# Encabezado\n\nTexto con **negrita**, `código` y [un enlace](http://x.pe).\n"
        "Sigue la línea.\n\n- punto uno\n- punto dos\n\n"
        "| Actor | Rol |\n|---|---|\n| PCM | Rector |\n\n![Logo del MEF](logo.png)\n",
        encoding="utf-8")
    document = read_document(path)
    assert document.format == "markdown"
    assert document.text == (
        "Encabezado\n\nTexto con negrita, código y un enlace.\nSigue la línea.\n\n"
        "punto uno\n\npunto dos\n\nActor\tRol\n\nPCM\tRector\n\nLogo del MEF")
    assert document.title == "Notas de campo"
    assert document.metadata["date"] == "2024-05-02"


def test_markdown_keeps_the_text_of_raw_html_blocks(tmp_path: Path) -> None:
    path = tmp_path / "mixto.md"
    path.write_text("Antes.\n\n<div>\n<p>Dentro del bloque</p>\n</div>\n\n"
                    "<!-- nota -->\n\nDespués.\n", encoding="utf-8")
    assert read_document(path).text == "Antes.\n\nDentro del bloque\n\nDespués."


def test_markdown_title_from_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "n.markdown"
    path.write_text("Intro.\n\n# El título\n\n## Otro\n", encoding="utf-8")
    assert read_document(path).title == "El título"


def test_html_blocks_scripts_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_text(
        '<!DOCTYPE html><html lang="es"><head><title>Portal  PCM</title>'
        '<meta name="author" content="SGP"><style>p {color: red}</style>'
        '<script>var x = "no";</script></head><body>'
        "<h1>Coordinación</h1><p>Primer   párrafo\n con <b>negrita</b> &amp; entidad &ntilde;.</p>"
        "<div>Bloque<br>con salto</div><ul><li>uno</li><li>dos</li></ul>"
        "<table><tr><th>Actor</th><th>Rol</th></tr><tr><td>MEF</td><td>Fondos</td></tr></table>"
        "<pre>a  b\n  c</pre><noscript>sin js</noscript><!-- comentario --></body></html>",
        encoding="utf-8")
    document = read_document(path)
    assert document.format == "html"
    assert document.text == (
        "Coordinación\n\nPrimer párrafo con negrita & entidad ñ.\n\nBloque\ncon salto\n\n"
        "uno\n\ndos\n\nActor\tRol\n\nMEF\tFondos\n\na  b\n  c")
    assert document.title == "Portal PCM"
    assert document.metadata["author"] == "SGP"
    assert document.metadata["language"] == "es"


def test_html_cells_with_paragraphs_and_nested_tables_stay_in_their_row(
        tmp_path: Path) -> None:
    path = tmp_path / "tabla.html"
    path.write_text(
        "<table><tr><td><p>Uno</p><p>dos</p></td><td>tres<br>cuatro</td></tr>"
        "<tr><td><table><tr><td>interno</td><td>más</td></tr></table></td><td>fin</td></tr>"
        "</table><p>Después</p>", encoding="utf-8")
    assert read_document(path).text == "Uno dos\ttres cuatro\n\ninterno más\tfin\n\nDespués"


def test_html_never_expands_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secreto.txt"
    secret.write_text("CONTENIDO SECRETO", encoding="utf-8")
    path = tmp_path / "xxe.html"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<html><body><p>Hola &x; fin</p></body></html>", encoding="utf-8")
    text = read_document(path).text
    assert "SECRETO" not in text
    assert text.startswith("Hola")


def test_pdf_named_txt_is_read_as_pdf_with_warning(make_pdf: Callable[..., Path],
                                                   tmp_path: Path) -> None:
    source = make_pdf("real.pdf", [["Texto en PDF."]])
    disguised = tmp_path / "disfrazado.txt"
    disguised.write_bytes(source.read_bytes())
    document = read_document(disguised)
    assert document.format == "pdf"
    assert document.text == "Texto en PDF."
    assert any(".txt" in warning and "PDF" in warning for warning in document.warnings)


def test_text_mentioning_pdf_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "nota.txt"
    path.write_text("Los archivos empiezan con %PDF-1.4 en su cabecera.", encoding="utf-8")
    assert read_document(path).format == "txt"


def test_pdf_with_leading_junk_is_read_when_named_pdf(make_pdf: Callable[..., Path],
                                                      tmp_path: Path) -> None:
    path = tmp_path / "con_basura.pdf"
    path.write_bytes(b"junk\n" + make_pdf("limpio.pdf", [["Hola."]]).read_bytes())
    assert read_document(path).text == "Hola."


def test_docx_without_extension_is_sniffed(make_docx: Callable[..., Path],
                                           tmp_path: Path) -> None:
    source = make_docx("a.docx", ["Hola."])
    bare = tmp_path / "sin_extension"
    bare.write_bytes(source.read_bytes())
    assert read_document(bare).format == "docx"


def test_html_content_in_unknown_extension_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "pagina.php"
    path.write_text("<html><body><p>Uno</p><p>Dos</p></body></html>", encoding="utf-8")
    document = read_document(path)
    assert (document.format, document.text) == ("html", "Uno\n\nDos")

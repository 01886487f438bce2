"""Title and date guessed from the text when the file declares none."""

from __future__ import annotations

import pytest

from concierto.ingest.canonical import canonicalize
from concierto.ingest.metadata import find_date, guess_title, usable_title
from concierto.ingest.readers import ExtractedDocument


@pytest.mark.parametrize(("text", "expected"), [
    ("Lima, 8 de enero de 2013\n\nSeñor ministro:", "2013-01-08"),
    ("Lima, 1° de setiembre del 2020", "2020-09-01"),
    ("Oficio circular. Fecha: 15/03/2021. Asunto: coordinación", "2021-03-15"),
    ("Report of January 8, 2013", "2013-01-08"),
    ("Versión 2019-11-30 del plan", "2019-11-30"),
    ("Lo firmó el 31/02/2013 y luego el 3 de MARZO de 2013.", "2013-03-03"),
    ("El plan 2021 no tiene fecha.", None),
    ("Thursday 3, 2014 was before the report of MAY 5, 2014", "2014-05-05"),
    ("Mayday 3, 2014 and Smay 4, 2014", None),
])
def test_find_date(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_find_date_takes_the_first_in_the_text_and_only_near_the_top() -> None:
    text = "Emitido el 2 de mayo de 2014, sustituye al del 01/01/2010."
    assert find_date(text) == "2014-05-02"
    assert find_date("x" * 6000 + " 2 de mayo de 2014") is None


@pytest.mark.parametrize(("title", "expected"), [
    ("  Política  Nacional ", "Política Nacional"), ("Microsoft Word - informe final.docx", None),
    ("acta_03.pdf", None), ("", None), (None, None)])
def test_usable_title(title: str | None, expected: str | None) -> None:
    assert usable_title(title) == expected


def test_guess_title() -> None:
    assert guess_title("\n\n  Informe de   coordinación  \nEl texto sigue.") == (
        "Informe de coordinación")
    assert guess_title("Este documento empieza con una oración completa.\nOtra.") is None
    assert guess_title("a" * 300) is None
    assert guess_title(" \n ") is None


def test_canonicalize_records_where_title_and_date_came_from() -> None:
    guessed = canonicalize(ExtractedDocument(
        text="Acta de la comisión\n\nLima, 4 de junio de 2015. Se reunieron los sectores.",
        title="Microsoft Word - acta.docx"), "h")
    assert guessed.title == "Acta de la comisión"
    assert guessed.metadata == {"title_source": "text", "date": "2015-06-04",
                                "date_source": "text"}
    declared = canonicalize(ExtractedDocument(
        text="Lima, 4 de junio de 2015.", title="Acta", metadata={"date": "2015-06-05"}), "h")
    assert (declared.title, declared.metadata["date"]) == ("Acta", "2015-06-05")
    assert declared.metadata["title_source"] == declared.metadata["date_source"] == "file"

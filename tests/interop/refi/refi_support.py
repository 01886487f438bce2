"""Helpers for REFI-QDA tests: stores, a rich Spanish case, archives built from strings."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import zipfile
from pathlib import Path

from concierto.codebook.model import Code as CodebookCode
from concierto.codebook.model import Codebook, Text
from concierto.evidence.store import (
    add_coding,
    add_document,
    add_memo,
    ensure_coder,
    ensure_qual_case,
    install_codebook,
    link_qual_case,
    set_attribute,
)
from concierto.interop.refi.validate import default_schema_dir
from concierto.model import Case
from concierto.store import Store, open_store
from text_documents import text_document

ENTREVISTA = (
    "Entrevistadora: ¿Cómo coordina la Secretaría con los gobiernos regionales?\n\n"
    "E01: Año tras año pedimos reuniones 🙂 y la señora Núñez dice que sí, pero no hay "
    "reglas claras.\n\n"
    "E01: La información se comparte por WhatsApp 📱, no por el sistema oficial."
)
INFORME = "Informe técnico: la coordinación horizontal es débil; el ñandú es un ejemplo.\n"


def schema_dir() -> Path:
    """The official schemas: REFI_SCHEMA_DIR when set, else the copies shipped in the package."""
    return default_schema_dir()


def make_qdpx(path: Path, project_xml: str, files: dict[str, bytes] | None = None) -> Path:
    """A .qdpx archive holding ``project_xml`` as project.qde and ``files``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml.encode("utf-8"))
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


_TEMPLATE: list[Path] = []


def migrated_store(path: Path) -> Store:
    """A fresh store at ``path``, copied from one migrated once per test process (fast)."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="refi-template-"))
        atexit.register(shutil.rmtree, folder, True)
        open_store(folder / "template.db").close()
        _TEMPLATE.append(folder / "template.db")
    shutil.copyfile(_TEMPLATE[0], path)
    return open_store(path)


def new_store(path: Path, key: str = "destino") -> Store:
    """A fresh store holding one empty case ``key``."""
    store = migrated_store(path)
    with store.session() as session:
        session.add(Case(key=key, title=f"Caso {key}", language="es"))
    return store




def populate_rich(store: Store) -> None:
    """A Spanish case with accents, ñ, emoji, nested codes, two coders, cases with typed
    variables, memos on every kind of object, and a set."""
    with store.session() as session:
        case = Case(key="rico", title="Caso rico: coordinación en el Perú", language="es",
                    description="Proyecto de prueba con tildes y eñes")
        session.add(case)
        session.flush()
        ensure_coder(session, "ana", "Ana María Núñez")
        ensure_coder(session, "jose", "José Peña")
        install_codebook(session, case, Codebook(name="rico", codes=(
            CodebookCode(id="coordinacion", label=Text(es="Coordinación"), codable=False,
                         definition=Text(es="Carpeta de códigos de coordinación")),
            CodebookCode(id="coordinacion.vision", label=Text(es="Visión compartida"),
                         parent="coordinacion", color="#1F77B4",
                         definition=Text(es="Objetivos comunes; «año» y ñ")),
            CodebookCode(id="coordinacion.vision.debil", label=Text(es="Visión débil 🙁"),
                         parent="coordinacion.vision", color="#D62728"),
            CodebookCode(id="informacion", label=Text(es="Información"), color="#2CA02C"),
        )))
        entrevista = add_document(session, case, text_document(ENTREVISTA), key="e01",
                                  kind="other", title="Entrevista E01 — Núñez")
        informe = add_document(session, case, text_document(INFORME), key="informe",
                               kind="other", title="Informe técnico ñ")
        start = ENTREVISTA.index("Año")
        end = ENTREVISTA.index("reglas claras.") + len("reglas claras.")
        first = add_coding(session, case, document="e01", code="coordinacion.vision.debil",
                           coder="ana", start=start, end=end, memo="Ambivalencia: sí pero no")
        add_coding(session, case, document="e01", code="coordinacion.vision.debil",
                   coder="jose", start=start + 9, end=end)
        wa = ENTREVISTA.index("WhatsApp")
        add_coding(session, case, document="e01", code="informacion", coder="jose",
                   start=wa, end=wa + len("WhatsApp 📱"))
        add_coding(session, case, document="informe", code="coordinacion.vision", coder="ana")
        e01 = ensure_qual_case(session, case, "e01-nunez", name="Señora Núñez")
        e01.description = "Funcionaria regional"
        region = ensure_qual_case(session, case, "region", name="Gobierno regional de Cusco")
        link_qual_case(session, e01, entrevista)
        link_qual_case(session, region, entrevista, start, end)
        set_attribute(session, case, e01, "sector", "Planificación", "text")
        set_attribute(session, case, e01, "años de servicio", "12", "number")
        set_attribute(session, case, e01, "fecha", "2024-03-15", "date")
        set_attribute(session, case, e01, "mujer", "true", "boolean")
        set_attribute(session, case, region, "presupuesto", "1250.5", "number")
        add_memo(session, case, target_type="coding", target_id=first.id,
                 text_="La entrevistada duda 🤔", coder="ana", title="Duda")
        add_memo(session, case, target_type="document", target_id=informe.id,
                 text_="Informe sin fecha", coder="jose")
        add_memo(session, case, target_type="code", target_id=None, text_="sin objeto")
        add_memo(session, case, target_type="qual_case", target_id=e01.id,
                 text_="Contactar de nuevo en mayo", coder="ana", title="Seguimiento")
        add_memo(session, case, target_type="case", target_id=case.id,
                 text_="Memo general del proyecto: ñ y emoji 🎉")
        session.flush()
        from sqlalchemy import select

        from concierto.model import Code

        vision = session.scalar(select(Code).where(Code.key == "coordinacion.vision"))
        assert vision is not None
        add_memo(session, case, target_type="code", target_id=vision.id,
                 text_="Código central del análisis", coder="jose")
        case.settings = {"refi_sets": [{
            "guid": "0b9f1d8e-1111-4222-8333-944455556666", "name": "Conjunto ñ",
            "description": "Códigos y fuentes clave", "codes": [vision.guid],
            "sources": [entrevista.guid], "notes": [],
        }]}

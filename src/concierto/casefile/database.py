"""Move a case document into the store and back, keeping every field and the order of records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from concierto.casefile.normalise import normalise
from concierto.casefile.read import CaseDocument
from concierto.i18n import _
from concierto.model import (
    Actor,
    Case,
    Contribution,
    Document,
    Element,
    ElementActor,
    EventActor,
    FunctionStatement,
    InteractionScore,
    Mechanism,
    MechanismMember,
    MetcalfeAssessment,
    MetcalfeMapping,
    Participant,
    Policy,
    QualCase,
    Source,
    StructuralEvent,
    Tie,
)
from concierto.store.errors import CaseNotFoundError

EVENT_ROLE_FIELDS = ("into", "from", "result", "new_parent", "old_parent")
ELEMENT_SECTIONS = {
    "objectives": "policy_objective",
    "institutional_objectives": "institutional_objective",
    "programmes": "programme",
}


def _prov(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "provenance": record["provenance"],
        "source_key": record["source"],
        "basis": record["basis"],
    }


def case_keys(session: Session) -> list[str]:
    """Ids of the cases in the store, in load order."""
    return list(session.scalars(select(Case.key).order_by(Case.id)))


def resolve_case(session: Session, key: str | None) -> Case:
    """The case called ``key``, or the only case when ``key`` is None."""
    if key is not None:
        case = session.scalar(select(Case).where(Case.key == key))
        if case is None:
            known = ", ".join(case_keys(session)) or _("none")
            raise CaseNotFoundError(
                _("no case {key!r} in the database (cases: {known})").format(key=key, known=known)
            )
        return case
    cases = list(session.scalars(select(Case).order_by(Case.id)))
    if not cases:
        raise CaseNotFoundError(_("the database holds no case yet; load one with `concierto load`"))
    if len(cases) > 1:
        raise CaseNotFoundError(
            _("the database holds several cases ({known}); choose one with --case").format(
                known=", ".join(c.key for c in cases)
            )
        )
    return cases[0]


def delete_case(session: Session, key: str) -> bool:
    """Remove a case and everything that belongs to it; True if there was one."""
    result = session.execute(delete(Case).where(Case.key == key))
    return bool(getattr(result, "rowcount", 0))


CASE_DATA_MODELS: tuple[Any, ...] = (
    Source,
    StructuralEvent,
    Contribution,
    InteractionScore,
    Tie,
    Mechanism,
    MetcalfeMapping,
    MetcalfeAssessment,
    FunctionStatement,
    Element,
    Policy,
    Actor,
)
ACTOR_LINKS = ((Document, "issuing_actor_id"), (Participant, "actor_id"), (QualCase, "actor_id"))


def _clear_case_data(session: Session, case: Case) -> dict[tuple[Any, int], str]:
    """Delete the records a case folder defines, keeping the evidence (documents, codings …).

    Returns the evidence rows that pointed to an actor, with the actor's id, so that the links
    can be restored once the actors are stored again.
    """
    keys = dict(session.execute(select(Actor.id, Actor.key).where(Actor.case_id == case.id)).all())
    links: dict[tuple[Any, int], str] = {}
    for model, column in ACTOR_LINKS:
        attribute = getattr(model, column)
        for row_id, actor_id in session.execute(
            select(model.id, attribute).where(model.case_id == case.id, attribute.is_not(None))
        ):
            links[(model, row_id)] = keys[actor_id]
    session.execute(update(Element).where(Element.case_id == case.id).values(parent_id=None))
    session.execute(update(Actor).where(Actor.case_id == case.id).values(parent_id=None))
    for table in CASE_DATA_MODELS:
        session.execute(delete(table).where(table.case_id == case.id))
    return links


def _restore_actor_links(
    session: Session, links: dict[tuple[Any, int], str], actor_ids: dict[str, int]
) -> None:
    for (model, row_id), key in links.items():
        if key in actor_ids:
            column = dict(ACTOR_LINKS)[model]
            session.execute(
                update(model).where(model.id == row_id).values({column: actor_ids[key]})
            )


def save_case(session: Session, document: CaseDocument) -> Case:
    """Store ``document`` (in the caller's transaction). A case with the same id is replaced:
    its case data is rewritten, while its evidence (documents, codes, codings, memos) is kept
    and re-linked to the actors that still exist."""
    data = document.data
    head = data["case"]
    fields = {
        "title": head["title"],
        "language": head["language"],
        "period_start": head["period_start"],
        "period_end": head["period_end"],
        "description": head["description"],
        "settings": head["settings"],
        **_prov(head),
    }
    case = session.scalar(select(Case).where(Case.key == head["id"]))
    links: dict[tuple[Any, int], str] = {}
    if case is None:
        case = Case(key=head["id"], **fields)
        session.add(case)
    else:
        links = _clear_case_data(session, case)
        for name, value in fields.items():
            setattr(case, name, value)
    session.flush()
    cid = case.id

    for n, r in enumerate(data["sources"]):
        session.add(
            Source(
                case_id=cid,
                key=r["id"],
                citation=r["citation"],
                kind=r["kind"],
                url=r["url"],
                date=r["date"],
                note=r["note"],
                ordinal=n,
            )
        )

    actors: dict[str, Actor] = {}
    for n, r in enumerate(data["actors"]):
        actor = Actor(
            case_id=cid,
            key=r["id"],
            name=r["name"],
            acronym=r["acronym"],
            aliases=list(r["aliases"]),
            kind=r["kind"],
            parent_relation=r["parent_relation"],
            sector=r["sector"],
            centre_of_government=r["centre_of_government"],
            created=r["created"],
            dissolved=r["dissolved"],
            mandate=r["mandate"],
            ordinal=n,
            **_prov(r),
        )
        actors[r["id"]] = actor
        session.add(actor)
    session.flush()
    for r in data["actors"]:
        if r["parent"]:
            actors[r["id"]].parent_id = actors[r["parent"]].id
    aid = {key: actor.id for key, actor in actors.items()}
    _restore_actor_links(session, links, aid)

    for n, r in enumerate(data["events"]):
        event = StructuralEvent(
            case_id=cid,
            type=r["type"],
            date=r["date"],
            actor_id=aid[r["actor"]],
            new_name=r["new_name"],
            description=r["description"],
            ordinal=n,
            **_prov(r),
        )
        session.add(event)
        session.flush()
        for role in EVENT_ROLE_FIELDS:
            for position, other in enumerate(r[role]):
                session.add(
                    EventActor(event_id=event.id, actor_id=aid[other], role=role, ordinal=position)
                )

    policies: dict[str, int] = {}
    for n, r in enumerate(data["policies"]):
        policy = Policy(
            case_id=cid,
            key=r["id"],
            name=r["name"],
            instrument=r["instrument"],
            approved=r["approved"],
            vision=r["vision"],
            description=r["description"],
            ordinal=n,
            **_prov(r),
        )
        session.add(policy)
        session.flush()
        policies[r["id"]] = policy.id

    elements: dict[str, Element] = {}
    ordinal = 0
    for section, element_type in ELEMENT_SECTIONS.items():
        for r in data[section]:
            element = Element(
                case_id=cid,
                key=r["id"],
                type=element_type,
                name=r["name"],
                description=r["description"],
                policy_id=policies[r["policy"]] if r.get("policy") else None,
                level=r.get("level"),
                owner_id=aid[r["owner"]] if r.get("owner") else None,
                budget=r.get("budget"),
                currency=r.get("currency"),
                ordinal=ordinal,
                **_prov(r),
            )
            ordinal += 1
            elements[r["id"]] = element
            session.add(element)
    session.flush()
    for section in ELEMENT_SECTIONS:
        for r in data[section]:
            element = elements[r["id"]]
            if r.get("parent"):
                element.parent_id = elements[r["parent"]].id
            position = 0
            for role in ("lead", "responsible"):
                for actor_key in r.get(role) or []:
                    session.add(
                        ElementActor(
                            element_id=element.id,
                            actor_id=aid[actor_key],
                            role=role,
                            ordinal=position,
                        )
                    )
                    position += 1
            for executor in r.get("executors") or []:
                session.add(
                    ElementActor(
                        element_id=element.id,
                        actor_id=aid[executor["actor"]],
                        role="executor",
                        budget=executor.get("budget"),
                        ordinal=position,
                    )
                )
                position += 1
    eid = {key: element.id for key, element in elements.items()}

    for n, r in enumerate(data["functions"]):
        session.add(
            FunctionStatement(
                case_id=cid,
                key=r["id"],
                actor_id=aid[r["actor"]],
                text=r["text"],
                reference=r["reference"],
                ordinal=n,
                **_prov(r),
            )
        )
    for n, r in enumerate(data["contributions"]):
        session.add(
            Contribution(
                case_id=cid,
                from_id=eid[r["from"]],
                to_id=eid[r["to"]],
                strength=r["strength"],
                score=r["score"],
                rationale=r["rationale"],
                ordinal=n,
                **_prov(r),
            )
        )
    for n, r in enumerate(data["ties"]):
        session.add(
            Tie(
                case_id=cid,
                source_id=aid[r["from"]],
                target_id=aid[r["to"]],
                layer=r["layer"],
                weight=r["weight"],
                origin=r["origin"],
                evidence=list(r["evidence"]),
                valid_from=r["valid_from"],
                valid_to=r["valid_to"],
                note=r["note"],
                ordinal=n,
                **_prov(r),
            )
        )
    for n, r in enumerate(data["mechanisms"]):
        mechanism = Mechanism(
            case_id=cid,
            key=r["id"],
            name=r["name"],
            type=r["type"],
            kind=r["kind"],
            legal_basis=r["legal_basis"],
            metcalfe_level=r["metcalfe_level"],
            status=r["status"],
            description=r["description"],
            ordinal=n,
            **_prov(r),
        )
        session.add(mechanism)
        session.flush()
        for position, member in enumerate(r["members"]):
            role = "lead" if member in r["lead"] else "member"
            session.add(
                MechanismMember(
                    mechanism_id=mechanism.id, actor_id=aid[member], role=role, ordinal=position
                )
            )
    for n, r in enumerate(data["metcalfe_levels"]):
        session.add(
            MetcalfeMapping(
                case_id=cid, mechanism_kind=r["kind"], level=r["level"], ordinal=n, **_prov(r)
            )
        )
    for n, r in enumerate(data["metcalfe_assessments"]):
        pair = r["actors"]
        session.add(
            MetcalfeAssessment(
                case_id=cid,
                actor_a_id=aid[pair[0]] if pair else None,
                actor_b_id=aid[pair[1]] if pair else None,
                level=r["level"],
                holds=r["holds"],
                rater=r["rater"],
                rationale=r["rationale"],
                evidence=list(r["evidence"]),
                ordinal=n,
                **_prov(r),
            )
        )
    for n, r in enumerate(data["interactions"]):
        session.add(
            InteractionScore(
                case_id=cid,
                from_id=eid[r["from"]],
                to_id=eid[r["to"]],
                rater=r["rater"],
                score=r["score"],
                rationale=r["rationale"],
                confidence=r["confidence"],
                evidence=list(r["evidence"]),
                ordinal=n,
                **_prov(r),
            )
        )
    session.flush()
    return case


def _prov_out(row: Any) -> dict[str, Any]:
    return {"provenance": row.provenance, "source": row.source_key, "basis": row.basis}


def fetch_case(session: Session, key: str | None = None) -> CaseDocument:
    """Read a stored case back into a normalised document (the inverse of :func:`save_case`)."""
    case = resolve_case(session, key)
    cid = case.id

    def rows(model: Any) -> list[Any]:
        return list(
            session.scalars(
                select(model).where(model.case_id == cid).order_by(model.ordinal, model.id)
            )
        )

    actor_rows = rows(Actor)
    akey = {a.id: a.key for a in actor_rows}
    element_rows = rows(Element)
    ekey = {e.id: e.key for e in element_rows}
    policy_rows = rows(Policy)
    pkey = {p.id: p.key for p in policy_rows}

    responsibilities: dict[int, list[ElementActor]] = {}
    if element_rows:
        links = session.scalars(
            select(ElementActor)
            .where(ElementActor.element_id.in_(list(ekey)))
            .order_by(ElementActor.element_id, ElementActor.ordinal)
        )
        for link in links:
            responsibilities.setdefault(link.element_id, []).append(link)

    data: dict[str, Any] = {
        "case": {
            "id": case.key,
            "title": case.title,
            "language": case.language,
            "period_start": case.period_start,
            "period_end": case.period_end,
            "description": case.description,
            "settings": case.settings,
            **_prov_out(case),
        },
        "sources": [
            {
                "id": s.key,
                "citation": s.citation,
                "kind": s.kind,
                "url": s.url,
                "date": s.date,
                "note": s.note,
            }
            for s in rows(Source)
        ],
        "actors": [
            {
                "id": a.key,
                "name": a.name,
                "acronym": a.acronym,
                "aliases": list(a.aliases),
                "kind": a.kind,
                "parent": akey.get(a.parent_id) if a.parent_id else None,
                "parent_relation": a.parent_relation,
                "sector": a.sector,
                "centre_of_government": a.centre_of_government,
                "created": a.created,
                "dissolved": a.dissolved,
                "mandate": a.mandate,
                **_prov_out(a),
            }
            for a in actor_rows
        ],
    }
    events = []
    for e in rows(StructuralEvent):
        involved = session.scalars(
            select(EventActor)
            .where(EventActor.event_id == e.id)
            .order_by(EventActor.role, EventActor.ordinal)
        )
        by_role: dict[str, list[str]] = {role: [] for role in EVENT_ROLE_FIELDS}
        for involvement in involved:
            by_role[involvement.role].append(akey[involvement.actor_id])
        events.append(
            {
                "type": e.type,
                "date": e.date,
                "actor": akey[e.actor_id],
                **by_role,
                "new_name": e.new_name,
                "description": e.description,
                **_prov_out(e),
            }
        )
    data["events"] = events
    data["policies"] = [
        {
            "id": p.key,
            "name": p.name,
            "instrument": p.instrument,
            "approved": p.approved,
            "vision": p.vision,
            "description": p.description,
            **_prov_out(p),
        }
        for p in policy_rows
    ]

    def people(element: Element, role: str) -> list[str]:
        return [
            akey[link.actor_id]
            for link in responsibilities.get(element.id, [])
            if link.role == role
        ]

    data["objectives"] = [
        {
            "id": e.key,
            "policy": pkey.get(e.policy_id) if e.policy_id else None,
            "level": e.level,
            "parent": ekey.get(e.parent_id) if e.parent_id else None,
            "name": e.name,
            "description": e.description,
            "lead": people(e, "lead"),
            "responsible": people(e, "responsible"),
            **_prov_out(e),
        }
        for e in element_rows
        if e.type == "policy_objective"
    ]
    data["institutional_objectives"] = [
        {
            "id": e.key,
            "owner": akey.get(e.owner_id) if e.owner_id else None,
            "name": e.name,
            "description": e.description,
            "budget": e.budget,
            "currency": e.currency,
            **_prov_out(e),
        }
        for e in element_rows
        if e.type == "institutional_objective"
    ]
    data["programmes"] = [
        {
            "id": e.key,
            "name": e.name,
            "level": e.level,
            "policy": pkey.get(e.policy_id) if e.policy_id else None,
            "parent": ekey.get(e.parent_id) if e.parent_id else None,
            "description": e.description,
            "lead": people(e, "lead"),
            "responsible": people(e, "responsible"),
            "executors": [
                {
                    "actor": akey[link.actor_id],
                    **({"budget": link.budget} if link.budget is not None else {}),
                }
                for link in responsibilities.get(e.id, [])
                if link.role == "executor"
            ],
            "budget": e.budget,
            "currency": e.currency,
            **_prov_out(e),
        }
        for e in element_rows
        if e.type == "programme"
    ]
    data["functions"] = [
        {
            "id": f.key,
            "actor": akey[f.actor_id],
            "text": f.text,
            "reference": f.reference,
            **_prov_out(f),
        }
        for f in rows(FunctionStatement)
    ]
    data["contributions"] = [
        {
            "from": ekey[c.from_id],
            "to": ekey[c.to_id],
            "strength": c.strength,
            "score": c.score,
            "rationale": c.rationale,
            **_prov_out(c),
        }
        for c in rows(Contribution)
    ]
    data["ties"] = [
        {
            "from": akey[t.source_id],
            "to": akey[t.target_id],
            "layer": t.layer,
            "weight": t.weight,
            "origin": t.origin,
            "evidence": list(t.evidence),
            "valid_from": t.valid_from,
            "valid_to": t.valid_to,
            "note": t.note,
            **_prov_out(t),
        }
        for t in rows(Tie)
    ]
    mechanisms = []
    for m in rows(Mechanism):
        members = list(
            session.scalars(
                select(MechanismMember)
                .where(MechanismMember.mechanism_id == m.id)
                .order_by(MechanismMember.ordinal)
            )
        )
        mechanisms.append(
            {
                "id": m.key,
                "name": m.name,
                "type": m.type,
                "kind": m.kind,
                "members": [akey[x.actor_id] for x in members],
                "lead": [akey[x.actor_id] for x in members if x.role == "lead"],
                "legal_basis": m.legal_basis,
                "metcalfe_level": m.metcalfe_level,
                "status": m.status,
                "description": m.description,
                **_prov_out(m),
            }
        )
    data["mechanisms"] = mechanisms
    data["metcalfe_levels"] = [
        {"kind": m.mechanism_kind, "level": m.level, **_prov_out(m)} for m in rows(MetcalfeMapping)
    ]
    data["metcalfe_assessments"] = [
        {
            "actors": [akey[a.actor_a_id], akey[a.actor_b_id]] if a.actor_a_id else [],
            "level": a.level,
            "holds": a.holds,
            "rater": a.rater,
            "rationale": a.rationale,
            "evidence": list(a.evidence),
            **_prov_out(a),
        }
        for a in rows(MetcalfeAssessment)
    ]
    data["interactions"] = [
        {
            "from": ekey[s.from_id],
            "to": ekey[s.to_id],
            "rater": s.rater,
            "score": s.score,
            "rationale": s.rationale,
            "confidence": s.confidence,
            "evidence": list(s.evidence),
            **_prov_out(s),
        }
        for s in rows(InteractionScore)
    ]
    return CaseDocument(normalise(data))

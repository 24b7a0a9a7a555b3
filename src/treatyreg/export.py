"""Plain, JSON-ready dicts of records, for the CLI's json/csv output and for tools."""

from __future__ import annotations

import datetime as dt
from typing import Any

from treatyreg.dates import FuzzyDate
from treatyreg.model import Agreement, Claim, Event, Relation

__all__ = ["agreement_dict", "agreement_row", "event_dict"]


def _date(d: FuzzyDate | None) -> dict[str, str | None] | None:
    if d is None:
        return None
    return {
        "edtf": d.text,
        "lower": None if d.earliest is None else d.lower.isoformat(),
        "upper": None if d.latest is None else d.upper.isoformat(),
    }


def _claim(c: Claim) -> dict[str, Any]:
    return {"date": _date(c.date), "sources": list(c.sources), "note": c.note}


def event_dict(e: Event) -> dict[str, Any]:
    """An event as a dict; its date with EDTF text and lower/upper days (None when open)."""
    return {
        "action": str(e.action),
        "date": _date(e.date),
        "party": e.party,
        "body": e.body,
        "place": e.place,
        "sources": list(e.sources),
        "note": e.note,
        "alternatives": [_claim(c) for c in e.alternatives],
    }


def _relation(r: Relation) -> dict[str, Any]:
    return {"type": str(r.type), "target": r.target, "note": r.note, "sources": list(r.sources)}


def agreement_dict(a: Agreement, on: dt.date | None = None) -> dict[str, Any]:
    """Everything about an agreement, with its status on `on` (default today).

    >>> import treatyreg
    >>> d = agreement_dict(treatyreg.load_default()["ru-so-2017-units-entry"])
    >>> d["signed"]["edtf"], d["parties"]
    ('2017-03-31', ['RU', 'SO'])
    """
    status = a.status if on is None else a.status_on(on)
    return {
        "id": a.id,
        "title": a.title,
        "aliases": list(a.aliases),
        "kind": a.kind,
        "parties": list(a.parties),
        "topics": list(a.topics),
        "status": None if status is None else str(status),
        "signed": _date(a.signed),
        "entered_into_force": _date(a.entered_into_force),
        "events": [event_dict(e) for e in a.events],
        "relations": [_relation(r) for r in a.relations],
        "sources": list(a.sources),
        "notes": a.notes,
    }


def agreement_row(a: Agreement, on: dt.date | None = None) -> dict[str, str]:
    """A flat row for tables and CSV: lists joined with ';', dates as EDTF text."""
    status = a.status if on is None else a.status_on(on)
    return {
        "id": a.id,
        "signed": a.signed.text if a.signed else "",
        "status": str(status) if status else "",
        "kind": a.kind,
        "parties": ";".join(a.parties),
        "topics": ";".join(a.topics),
        "title": a.title,
    }

"""Plain, JSON-ready dicts of records, for the CLI's json/csv output and for tools."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from treatyreg.dates import FuzzyDate, day_or_today
from treatyreg.lifecycle import party_statuses
from treatyreg.model import Agreement, Claim, Event, Relation

__all__ = [
    "PARTICIPATION_COLUMNS",
    "agreement_dict",
    "agreement_row",
    "event_dict",
    "participation_rows",
]


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
        "means": None if e.means is None else str(e.means),
        "notified": _date(e.notified),
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


PARTICIPATION_COLUMNS: tuple[str, ...] = (
    "party",
    "name",
    "signed",
    "consent",
    "means",
    "entered_into_force",
    "withdrawal_notified",
    "withdrawn",
    "signature_withdrawn",
    "status",
)
"""The columns of `participation_rows`, in order: the participation chart."""


def _text(e: Event | None) -> str:
    return "" if e is None else e.date.text


def participation_rows(
    a: Agreement, on: dt.date | None = None, names: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The participation chart of an agreement: one flat row per party (EDTF text, ""
    where there is nothing), with its status on `on` (default today) and its name when
    `names` maps ids to names.

    >>> import treatyreg
    >>> reg = treatyreg.load("tests/data/example-convention.yaml")
    >>> row = participation_rows(reg["example-convention"], dt.date(2018, 1, 1))[1]
    >>> row["party"], row["withdrawal_notified"], row["withdrawn"], row["status"]
    ('BI', '2016-10-27', '2017-10-27', 'withdrawn')
    """
    day = day_or_today(on)
    statuses = party_statuses(a.events, a.parties, day)  # the steps grouped once
    rows = []
    for row in a.participation():
        status = statuses[row.party]
        withdrawal = row.withdrawal
        rows.append(
            {
                "party": row.party,
                "name": (names or {}).get(row.party, ""),
                "signed": _text(row.signature),
                "consent": _text(row.consent),
                "means": "" if row.means is None else str(row.means),
                "entered_into_force": _text(row.entry_into_force),
                "withdrawal_notified": (
                    withdrawal.notified.text
                    if withdrawal is not None and withdrawal.notified is not None
                    else ""
                ),
                "withdrawn": _text(withdrawal),
                "signature_withdrawn": _text(row.signature_withdrawn),
                "status": "" if status is None else str(status),
            }
        )
    return rows

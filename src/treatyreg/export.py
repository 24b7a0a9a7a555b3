"""Plain, JSON-ready dicts of records, for the CLI's json/csv output and for tools."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from treatyreg._participants import of as participants_of
from treatyreg.dates import FuzzyDate
from treatyreg.evidence import Assessment, Scope, last_evidence
from treatyreg.model import Agreement, Claim, EntryIntoForceRule, Event, Relation
from treatyreg.registry import scope as scope_of

__all__ = [
    "AGREEMENT_ROW_COLUMNS",
    "PARTICIPATION_COLUMNS",
    "SHOWN_WHEN_GIVEN",
    "agreement_dict",
    "agreement_row",
    "assessment_dict",
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
    return {"date": _date(c.date), "place": c.place, "sources": list(c.sources), "note": c.note}


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
        "territories": list(e.territories),
        "territorial": e.territorial,
    }


def rule_dict(rule: EntryIntoForceRule | None) -> dict[str, Any] | None:
    """An agreement's `entry_into_force_rule` as a dict (None without one), with the rule
    in words as `text`."""
    if rule is None:
        return None
    return {
        "after": rule.after,
        "then": rule.then,
        "applies_after": None if rule.applies_after is None else rule.applies_after.isoformat(),
        "article": rule.article,
        "sources": list(rule.sources),
        "text": str(rule),
    }


def _relation(r: Relation) -> dict[str, Any]:
    return {"type": str(r.type), "target": r.target, "note": r.note, "sources": list(r.sources)}


def _judged(a: Agreement, on: dt.date | None, judged: Assessment | None) -> Assessment:
    if judged is not None:
        return judged
    return scope_of([a], on).assess(a)


def assessment_dict(judged: Assessment) -> dict[str, Any]:
    """What a status rests on, as JSON: the day it was judged on and why, the last
    evidence (with its bounds), whether the status is only the last known one, and all of
    it in words.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> d = assessment_dict(reg.assess("ru-so-2017-units-entry", "2018-01-01"))
    >>> d["on"], d["last_evidence"]["edtf"], d["stale"], d["text"]
    ('2018-01-01', '2017-12', False, 'in ratification (last evidence 2017-12)')
    """
    return {
        "on": judged.on.day.isoformat(),
        "on_reason": judged.on.reason,
        "last_evidence": _date(judged.last_evidence),
        "stale": judged.stale,
        "text": str(judged),
    }


def agreement_dict(
    a: Agreement, on: dt.date | None = None, *, judged: Assessment | None = None
) -> dict[str, Any]:
    """Everything about an agreement, with its status and what it rests on
    (`assessment_dict`): `judged` when given, else on `on`, else on its registry's `as_of`
    day, else today.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> d = agreement_dict(reg["ru-so-2017-units-entry"])
    >>> d["signed"]["edtf"], d["parties"], d["assessment"]["on_reason"]
    ('2017-03-31', ['RUS', 'XSO'], "the registry's as-of day")
    """
    found = _judged(a, on, judged)
    return {
        "id": a.id,
        "title": a.title,
        "aliases": list(a.aliases),
        "titles": dict(a.titles),
        "kind": a.kind,
        "level": a.level,
        "parties": list(a.parties),
        "topics": list(a.topics),
        "status": None if found.status is None else str(found.status),
        "assessment": assessment_dict(found),
        "signed": _date(a.signed),
        "entered_into_force": _date(a.entered_into_force),
        "entry_into_force_rule": rule_dict(a.entry_into_force_rule),
        "events": [event_dict(e) for e in a.events],
        # each party's entry into force that the rule gives: derived, not a source's date
        "derived_entries": [
            {
                "party": e.party,
                "date": _date(e.date),
                "derived_from": e.article,
                "consent": _date(e.consent.date if e.consent is not None else None),
                "sources": list(e.sources),
            }
            for made in participants_of(a).derived.values()
            for e in made
        ],
        "relations": [_relation(r) for r in a.relations],
        "sources": list(a.sources),
        "notes": a.notes,
    }


AGREEMENT_ROW_COLUMNS: tuple[str, ...] = (
    "id",
    "signed",
    "status",
    "last_evidence",
    "stale",
    "on",
    "kind",
    "parties",
    "topics",
    "title",
)
"""The columns of `agreement_row`, in order (CSV output)."""


def agreement_row(
    a: Agreement, on: dt.date | None = None, *, judged: Assessment | None = None
) -> dict[str, str]:
    """A flat row for tables and CSV: lists joined with ';', dates as EDTF text, the status
    with the day it was judged on, its last evidence and "true" when it is stale."""
    found = _judged(a, on, judged)
    return {
        "id": a.id,
        "signed": a.signed.text if a.signed else "",
        "status": str(found.status) if found.status else "",
        "last_evidence": found.last_evidence.text if found.last_evidence else "",
        "stale": "true" if found.stale else "",
        "on": found.on.day.isoformat(),
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
    "provisionally_applied",
    "provisional_application_terminated",
    "entered_into_force",
    "derived_from",
    "withdrawal_notified",
    "withdrawn",
    "withdrawal_pending",
    "signature_withdrawn",
    "territories",
    "status",
    "last_evidence",
    "stale",
)
"""The columns of `participation_rows`, in order: the participation chart."""

SHOWN_WHEN_GIVEN: frozenset[str] = frozenset(
    {
        "provisionally_applied",
        "provisional_application_terminated",
        "derived_from",
        "withdrawal_pending",
        "territories",
    }
)
"""The chart's columns that a table shows only when some party has a value in them."""


def _text(e: Event | None) -> str:
    return "" if e is None else e.date.text


def participation_rows(
    a: Agreement,
    on: dt.date | None = None,
    names: Mapping[str, str] | None = None,
    *,
    scope: Scope | None = None,
) -> list[dict[str, str]]:
    """The participation chart of an agreement as it stood on the day: one flat row per
    party (the steps certain by then as EDTF text, "" where there is none), with its
    status on the day (`scope`'s when given, else `on`,
    else its registry's `as_of`, else today), the last evidence of that party's row, and
    its name when `names` maps ids to names.

    >>> import treatyreg
    >>> reg = treatyreg.load("tests/data/example-convention.yaml")
    >>> row = participation_rows(reg["example-convention"], dt.date(2018, 1, 1))[1]
    >>> row["party"], row["withdrawal_notified"], row["withdrawn"], row["status"]
    ('BI', '2016-10-27', '2017-10-27', 'withdrawn')
    """
    if scope is None:
        scope = scope_of([a], on)
    day = scope.on.day
    statuses = participants_of(a).statuses(day)  # each party folded once
    rows = []
    for row in a.participation(day):
        status = statuses[row.party]
        withdrawal = row.withdrawal
        rows.append(
            {
                "party": row.party,
                "name": (names or {}).get(row.party, ""),
                "signed": _text(row.signature),
                "consent": _text(row.consent),
                "means": "" if row.means is None else str(row.means),
                "provisionally_applied": _text(row.provisional_application),
                "provisional_application_terminated": _text(row.provisional_application_terminated),
                "entered_into_force": _text(row.entry_into_force),
                "derived_from": row.derived_from or "",
                "withdrawal_notified": (
                    withdrawal.notified.text
                    if withdrawal is not None and withdrawal.notified is not None
                    else ""
                ),
                "withdrawn": _text(withdrawal),
                "withdrawal_pending": "true" if row.pending_withdrawal is not None else "",
                "signature_withdrawn": _text(row.signature_withdrawn),
                # a JSON array, as every list cell of an export (docs/publish.md)
                "territories": json.dumps(list(row.territories), ensure_ascii=False)
                if row.territories
                else "",
                "status": "" if status is None else str(status),
                **_evidence(Assessment(status, scope.on, _last(a, scope, row.party))),
            }
        )
    return rows


def _last(a: Agreement, scope: Scope, party: str) -> FuzzyDate | None:
    return last_evidence(a, scope.on.day, scope.published, party)


def _evidence(judged: Assessment) -> dict[str, str]:
    return {
        "last_evidence": judged.last_evidence.text if judged.last_evidence else "",
        "stale": "true" if judged.stale else "",
    }

"""HTML for Jupyter: a registry as a table, an agreement as a card, diagnostics as a list.

`Registry._repr_html_`, `Agreement._repr_html_` and `ValidationError._repr_html_` call these;
every value from the data is escaped, and only http(s) addresses become links.

>>> import treatyreg
>>> reg = treatyreg.load_default()
>>> card = agreement_html(reg, reg["ru-so-2017-units-entry"])
>>> '<a href="https://tass.com/defense/986645"' in card
True
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from treatyreg._card import Card, CardRelation
from treatyreg.dates import FuzzyDate
from treatyreg.diagnostics import Diagnostic, Severity
from treatyreg.evidence import STALE_AFTER_YEARS, Assessment
from treatyreg.export import SHOWN_WHEN_GIVEN, participation_rows
from treatyreg.lifecycle import Status, has_party_timelines
from treatyreg.model import Agreement, Event, steps_of
from treatyreg.plot import STATUS_COLORS
from treatyreg.registry import registry_of

if TYPE_CHECKING:
    from treatyreg.registry import Registry

__all__ = ["agreement_html", "diagnostics_html", "registry_html", "registry_of", "remember"]

# Inline styles, so that a notebook's own styles for output tables (a fixed layout,
# right-aligned cells, words broken anywhere) do not reshape ours; the box scrolls rather
# than spills when a window is narrower than the table.
_BOX: Final = (
    "font-family:system-ui,sans-serif;font-size:13px;line-height:1.4;max-width:960px;"
    "border:1px solid rgba(128,128,128,.35);border-radius:6px;padding:10px 14px;margin:4px 0;"
    "box-sizing:border-box;overflow-x:auto;text-align:left"
)
_TABLE: Final = (
    "border-collapse:collapse;font-size:12.5px;margin:6px 0 0 0;table-layout:auto;width:auto"
)
_CELL: Final = (
    "text-align:left;vertical-align:top;padding:3px 8px;white-space:normal;"
    "word-break:normal;overflow-wrap:normal;"
)
_KEEP: Final = "white-space:nowrap;word-break:keep-all;overflow-wrap:normal"  # one line
_HEAD: Final = _CELL + "border-bottom:1px solid rgba(128,128,128,.5)"
_MUTED: Final = "opacity:.7"


def remember(reg: Registry) -> None:
    """Note `reg` (weakly) as the most recent registry, so that `registry_of` finds it first;
    every `Registry` is noted when it is built."""
    from treatyreg import registry

    registry._live.append(weakref.ref(reg))


def _e(value: object) -> str:
    """Text made safe for HTML, quotes included."""
    return html.escape(str(value), quote=True)


def _status_badge(status: Status | None, stale: bool = False) -> str:
    if status is None:
        return f'<span style="{_MUTED}">not concluded (per the sources)</span>'
    color = STATUS_COLORS[status]
    words = str(status).replace("_", " ")
    faded = ";opacity:.55" if stale else ""
    label = f"last known: {words}" if stale else words
    return (
        f'<span style="background:{color};color:{_ink(color)};border-radius:3px;'
        f"padding:0 6px;white-space:normal;box-decoration-break:clone;"
        f'-webkit-box-decoration-break:clone{faded}">{_e(label)}</span>'
    )


def _ink(background: str) -> str:
    """Black or white text, whichever reads better on `background` (#rrggbb)."""
    r, g, b = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#111" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


def _safe_url(url: str | None) -> str | None:
    """The address when it is http(s); anything else (javascript:, data:) is not linked."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def _source_ref(card: Card, source_id: str) -> str:
    """A source id, linked to its address and titled with its title when known."""
    source = card.sources.get(source_id)
    if source is None:
        return f"<code>{_e(source_id)}</code>"
    title = _e(source.title)
    url = _safe_url(source.url)
    if url is None:
        return f'<code title="{title}">{_e(source_id)}</code>'
    return (
        f'<a href="{_e(url)}" title="{title}" target="_blank" rel="noopener noreferrer">'
        f"{_e(source_id)}</a>"
    )


def _sources(card: Card, ids: Sequence[str]) -> str:
    return ", ".join(_source_ref(card, s) for s in ids)


def _party_names(card: Card) -> str:
    return ", ".join(f"{_e(name)} ({_e(pid)})" if name else _e(pid) for pid, name in card.parties)


def _event_row(card: Card, e: Event) -> str:
    step = _e(str(e.action).replace("_", " "))
    if e.party:
        step += f" <span style='{_MUTED}'>by {_e(e.party)}</span>"
    where = "; ".join(_e(x) for x in (e.body, e.place) if x)
    detail = [f"sources: {_sources(card, e.sources)}"] if e.sources else []
    if e.note:
        detail.append(f"<span style='{_MUTED}'>{_e(e.note)}</span>")
    for claim in e.alternatives:
        where = f", {_e(claim.place)}" if claim.place else ""
        claim_text = (
            f"<b>conflicting claim</b>: <code>{_e(claim.date.text)}</code>{where}"
            f" ({_sources(card, claim.sources)})"
        )
        if claim.note:
            claim_text += f" <span style='{_MUTED}'>{_e(claim.note)}</span>"
        detail.append(claim_text)
    bounds = "" if e.date.is_exact else f' title="{_e(_bounds_text(e.date))}"'
    return (
        f"<tr><td style='{_CELL}white-space:nowrap'><code{bounds}>{_e(e.date.text)}</code></td>"
        f"<td style='{_CELL}'>{step}</td><td style='{_CELL}'>{where}</td>"
        f"<td style='{_CELL}'>{'<br>'.join(detail)}</td></tr>"
    )


def _bounds_text(d: FuzzyDate) -> str:
    lower = "open" if d.earliest is None else d.lower.isoformat()
    upper = "open" if d.latest is None else d.upper.isoformat()
    return f"between {lower} and {upper}"


def agreement_html(
    reg: Registry | None, agreement: Agreement, on: str | dt.date | FuzzyDate | None = None
) -> str:
    """A card for one agreement: title, parties, status on the day (`on`, else the
    registry's `as_of`, else today) with its last evidence, its timeline with sources,
    conflicting claims and relations.

    With a registry, parties get their names, sources link to their addresses and
    relations are shown in both directions; with None, ids stand in and only the
    agreement's own relations are shown.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> html_text = agreement_html(None, reg["ru-so-2008-friendship"], on="2020-01-01")
    >>> "in force" in html_text and "<table" in html_text
    True
    """
    card = Card.of(reg, agreement, on)
    a = agreement
    head = [
        f"<div style='font-size:15px;font-weight:600'>{_e(a.title)}</div>",
        f"<div><code>{_e(a.id)}</code> · {_e(a.kind)} · {_party_names(card)}</div>",
        f"<div>status {_e(card.when)}: {_judged_html(card.judged)}</div>",
    ]
    head[1:1] = [f"<div lang='{_e(tag)}'>{_e(title)}</div>" for tag, title in a.titles]
    if a.aliases:
        head.append(f"<div style='{_MUTED}'>also: {'; '.join(_e(x) for x in a.aliases)}</div>")
    if a.topics:
        head.append(f"<div>topics: {', '.join(_e(t) for t in a.topics)}</div>")
    parts = ["".join(head)]
    multilateral = has_party_timelines(steps_of(a), a.parties)
    events = [e for e in a.events if not multilateral or e.party is None]
    if events:
        rows = "".join(_event_row(card, e) for e in events)
        parts.append(
            f"<table style='{_TABLE}'><thead><tr>"
            f"<th style='{_HEAD}'>date</th><th style='{_HEAD}'>step</th>"
            f"<th style='{_HEAD}'>body / place</th><th style='{_HEAD}'>sources and notes</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    if multilateral:
        parts.append(_chart_html(card))
    relations = "".join(_relation_html(r) for r in card.relations)
    if relations:
        parts.append(
            f"<div style='margin-top:6px'>relations:<ul style='margin:2px 0'>{relations}</ul></div>"
        )
    if a.notes:
        parts.append(f"<div style='margin-top:6px;{_MUTED}'>{_e(a.notes)}</div>")
    if a.sources:
        parts.append(f"<div style='margin-top:6px'>sources: {_sources(card, a.sources)}</div>")
    return f"<div class='treatyreg-agreement' style='{_BOX}'>{''.join(parts)}</div>"


_CHART: Final = (
    ("party", "party"),
    ("signed", "signed"),
    ("consent", "consent"),
    ("means", "means"),
    ("provisionally_applied", "provisionally applied"),
    ("entered_into_force", "in force for it"),
    ("withdrawal_notified", "withdrawal notified"),
    ("withdrawn", "withdrawn"),
    ("signature_withdrawn", "signature withdrawn"),
    ("territories", "territories"),
)


def _chart_cell(row: dict[str, str], key: str) -> str:
    """One cell of the chart: a date (a derived entry into force marked so, with its
    article; a pending withdrawal said so), territories, or nothing."""
    value = row[key]
    if not value:
        return ""
    if key == "territories":
        return _e("; ".join(json.loads(value)))
    cell = f"<code>{_e(value)}</code>"
    if key == "entered_into_force" and row["derived_from"]:
        cell += (
            f" <span style='{_MUTED};font-size:11px' title='not a source&#39;s date: "
            f"derived from the consent by the agreement&#39;s rule'>derived, "
            f"{_e(row['derived_from'])}</span>"
        )
    if key == "withdrawn" and row["withdrawal_pending"]:
        cell += f" <span style='{_MUTED};font-size:11px'>pending: takes effect then</span>"
    return cell


def _chart_html(card: Card) -> str:
    """The participation chart: one row per party, its steps and its status on the day."""
    names = {p: name for p, name in card.parties if name}
    rows = participation_rows(card.agreement, names=names, scope=card.scope)
    chart = [
        (key, label)
        for key, label in _CHART
        if key not in SHOWN_WHEN_GIVEN or any(row[key] for row in rows)
    ]
    head = "".join(f"<th style='{_HEAD}'>{_e(label)}</th>" for _, label in chart)
    head += f"<th style='{_HEAD}'>status {_e(card.when)}</th>"
    body = []
    for row in rows:
        who = f"{_e(row['name'])} ({_e(row['party'])})" if row["name"] else _e(row["party"])
        cells = [who] + [_chart_cell(row, key) for key, _ in chart[1:]]
        status = Status(row["status"]) if row["status"] else None
        evidence = row["last_evidence"] or "none"
        cells.append(
            f"{_status_badge(status, bool(row['stale']))} "
            f"<span style='{_MUTED};font-size:11px'>last evidence {_e(evidence)}</span>"
        )
        body.append("<tr>" + "".join(f"<td style='{_CELL}'>{c}</td>" for c in cells) + "</tr>")
    counts = Counter(row["status"] for row in rows)
    summary = ", ".join(
        f"{n} {_e(status.replace('_', ' ') or 'no step')}" for status, n in sorted(counts.items())
    )
    return (
        f"<div style='margin-top:6px'>participation ({len(rows)} participants: {summary}):</div>"
        f"<table style='{_TABLE}'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _relation_html(r: CardRelation) -> str:
    other = f"<code>{_e(r.other_id)}</code>"
    if r.other_title is not None:
        other += f" <span style='{_MUTED}'>{_e(r.other_title)}</span>"
    if r.direction == "out":
        return f"<li>{_e(r.type)} → {other}</li>"
    return f"<li>← {_e(r.type)} from {other}</li>"


def registry_html(
    reg: Registry | Iterable[Agreement],
    on: str | dt.date | FuzzyDate | None = None,
    max_rows: int = 100,
    *,
    party: str | None = None,
) -> str:
    """The agreements as a table (id, signed, status with its last evidence, kind, parties,
    title), under a line that names the day the statuses are judged on and why. With
    `party` (a party's id; a selection made with one party gives its own), a column of
    that party's standing follows the agreement's own status.

    `reg` is a `Registry`, a `Selection` or any agreements; the day is chosen as
    everywhere (`Registry.day`). Shows the first `max_rows` rows and says how many more.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> table = registry_html(reg, on="2020-01-01", max_rows=len(reg))
    >>> table.count("<tr>") == 1 + len(reg)  # a header, the agreements
    True
    >>> "… and 25 more" in registry_html(reg, on="2020-01-01")  # past the first 100
    True
    """
    from treatyreg.registry import Registry, scope

    found = scope(reg, on)
    agreements = found.agreements
    from treatyreg.registry import output_party

    party = output_party(reg, party)
    when = f"status on {found.on}"
    if isinstance(reg, Registry):
        summary = (
            f"Registry {reg.name}: {len(reg)} agreements, {len(reg.parties)} parties, "
            f"{len(reg.sources)} sources; {when}"
        )
    else:
        summary = f"{len(agreements)} agreements; {when}"
    mine: tuple[str, ...] = () if party is None else (f"status for {party}",)
    columns = ("agreement", "signed", "status", *mine)
    head = "".join(f"<th style='{_HEAD}'>{_e(c)}</th>" for c in columns)
    rows = []
    for a in agreements[:max_rows]:
        signed = a.signed
        standing: tuple[str, ...] = ()
        if party is not None:
            standing = (_judged_html(found.assess(a, party)) if party in a.parties else "",)
        # the id whole on its line (it is what one types next), the title wrapping under
        # it, then kind and parties: a table that fits a notebook's width
        about = f"{_e(a.kind)} · {_e(', '.join(a.parties))}"
        agreement = (
            f"<code style='{_KEEP}'>{_e(a.id)}</code><br>"
            f"<span class='treatyreg-title'>{_e(a.title)}</span>"
            f"<br><span style='{_MUTED};font-size:11px'>{about}</span>"
        )
        dated = f"<code>{_date_html(signed.text)}</code>" if signed else ""
        cells = (agreement, dated, _judged_html(found.assess(a)), *standing)
        rows.append(
            "<tr>"
            + "".join(
                f"<td style='{_CELL}{'min-width:18em;max-width:36em' if i == 0 else ''}'>{c}</td>"
                for i, c in enumerate(cells)
            )
            + "</tr>"
        )
    more = len(agreements) - max_rows
    if more > 0:
        rows.append(
            f"<tr><td style='{_CELL}{_MUTED}' colspan='{len(columns)}'>… and {more} more</td></tr>"
        )
    note = (
        f"<div style='{_MUTED};margin-top:4px'>'last known': no evidence in the "
        f"{STALE_AFTER_YEARS} years before the day; faded badges are last known.</div>"
    )
    return (
        f"<div class='treatyreg-registry' style='{_BOX}'><div>{_e(summary)}</div>"
        f"<table style='{_TABLE}'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}</div>"
    )


def _judged_html(judged: Assessment) -> str:
    """A status badge (faded when only last known) and, under it, its evidence, small."""
    badge = _status_badge(judged.status, judged.stale)
    evidence = f"<span style='{_MUTED};font-size:11px'>{_dates_kept(judged.evidence)}</span>"
    return f"{badge}<br>{evidence}"


_DATE_TOKEN: Final = re.compile(r"[0-9X][0-9X?~%.\-]*(?:/[0-9X.][0-9X?~%.\-]*)?")


def _dates_kept(text: str) -> str:
    """`text`, escaped, with each date in it on one line (an interval may break after its
    `/`, never inside a date): a line never ends in `2008-09-`."""
    out, last = [], 0
    for m in _DATE_TOKEN.finditer(text):
        out.append(_e(text[last : m.start()]))
        out.append(_date_html(m[0]))
        last = m.end()
    out.append(_e(text[last:]))
    return "".join(out)


def _date_html(date: str) -> str:
    """An EDTF date kept on one line; an interval may break after its `/`."""
    parts = date.split("/")
    kept = [
        f"<span style='{_KEEP}'>{_e(p)}{'/' if i < len(parts) - 1 else ''}</span>"
        for i, p in enumerate(parts)
    ]
    return "<wbr>".join(kept)


def diagnostics_html(diagnostics: Sequence[Diagnostic]) -> str:
    """Diagnostics as a table: place (file:line:col), severity, code, message and hint.

    >>> d = Diagnostic("a.yaml", 3, 5, "TR100", Severity.ERROR, "unknown key '<acton>'")
    >>> "&lt;acton&gt;" in diagnostics_html([d])
    True
    """
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    summary = f"{errors} error(s), {warnings} warning(s)" if diagnostics else "valid: no problems"
    rows = []
    for d in diagnostics:
        color = "#c0392b" if d.severity is Severity.ERROR else "#b7791f"
        hint = f"<br><span style='{_MUTED}'>hint: {_e(d.hint)}</span>" if d.hint else ""
        rows.append(
            "<tr>"
            f"<td style='{_CELL}white-space:nowrap'><code>{_e(d.path)}:{d.line}:{d.column}</code>"
            f"</td><td style='{_CELL}color:{color}'>{_e(d.severity)}</td>"
            f"<td style='{_CELL}'><code>{_e(d.code)}</code></td>"
            f"<td style='{_CELL}'>{_e(d.message)}{hint}</td></tr>"
        )
    table = (
        f"<table style='{_TABLE}'><thead><tr><th style='{_HEAD}'>where</th>"
        f"<th style='{_HEAD}'>severity</th><th style='{_HEAD}'>code</th>"
        f"<th style='{_HEAD}'>message</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else ""
    )
    return (
        f"<div class='treatyreg-diagnostics' style='{_BOX}'><div>{_e(summary)}</div>{table}</div>"
    )

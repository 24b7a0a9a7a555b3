"""The outputs of `treatyreg diff`: text for a terminal, Markdown for a pull request or a
job summary, JSON (schema/treatyreg-diff-1.schema.json), GitHub notices, rows for a data
frame and HTML for a notebook. Every value from the data is escaped for where it goes:
`shown` for a terminal, Markdown's own characters for Markdown, `html.escape` for HTML.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from treatyreg._revisions import as_checked_out
from treatyreg._terminal import github_escape, paint, shown, status_style
from treatyreg.changes import (
    AgreementChange,
    Changes,
    Period,
    StatusOnDay,
    status_text,
)
from treatyreg.lifecycle import Status

__all__ = ["github", "html", "markdown", "rows", "text", "to_dict"]

DIFF_SCHEMA_VERSION: Final = 1


def _status(status: Status | None) -> str | None:
    return None if status is None else status.value


def _period_dict(p: Period) -> dict[str, Any]:
    return {
        "party": p.party,
        "first": None if p.first.year == 1 else p.first.isoformat(),
        "last": None if p.last is None else p.last.isoformat(),
        "old": _status(p.old),
        "new": _status(p.new),
        "text": str(p),
    }


def _on_day(s: StatusOnDay) -> dict[str, Any]:
    return {"party": s.party, "before": _status(s.before), "after": _status(s.after)}


def _agreement_dict(c: AgreementChange) -> dict[str, Any]:
    return {
        "id": c.id,
        "change": c.change,
        "old_id": c.old_id,
        "title": c.title,
        "file": c.file,
        "line": c.line,
        "status": _on_day(c.status),
        "parties": [_on_day(s) for s in c.parties],
        "periods": [_period_dict(p) for p in c.periods],
        "fields": _fields(c.fields),
        "items": [
            {
                "record": i.record,
                "change": i.change,
                "label": i.label,
                "unsourced": i.unsourced,
                "file": i.file,
                "line": i.line,
                "fields": _fields(i.fields),
            }
            for i in c.items
        ],
    }


def _fields(fields: Iterable[Any]) -> list[dict[str, Any]]:
    """Changed keys as JSON: each key with its old and new value."""
    return [{"key": f.key, "old": f.old, "new": f.new} for f in fields]


def to_dict(changes: Changes) -> dict[str, Any]:
    """The JSON shape of a diff (schema/treatyreg-diff-1.schema.json)."""
    return {
        "treatyreg_diff": DIFF_SCHEMA_VERSION,
        "old": {"name": changes.old, "day": changes.old_day.day.isoformat()},
        "new": {"name": changes.new, "day": changes.new_day.day.isoformat()},
        "changed": bool(changes),
        "agreements": [_agreement_dict(c) for c in changes.agreements],
        "records": [
            {
                "record": r.record,
                "key": r.key,
                "change": r.change,
                "file": r.file,
                "line": r.line,
                "fields": _fields(r.fields),
            }
            for r in changes.records
        ],
        "sources": {
            "unsourced": [{"agreement": a, "fact": i.label} for a, i in changes.unsourced],
            "uncited": list(changes.uncited),
            "urls": [{"source": s, "old": f.old, "new": f.new} for s, f in changes.urls],
        },
        "registry": {
            "agreements": {"before": changes.size[0], "after": changes.size[1]},
            "counts": [
                {"status": _status(c.status), "before": c.before, "after": c.after}
                for c in changes.counts
            ],
            "coverage": [
                {
                    "total": c.total,
                    "before": c.before,
                    "after": c.after,
                    "before_share": c.before_share,
                    "after_share": c.after_share,
                }
                for c in changes.coverage
            ],
        },
    }


def rows(changes: Changes) -> Iterator[dict[str, Any]]:
    """One row per status period of each changed agreement (one with no period for an
    agreement whose status does not change): `Changes.to_dataframe`."""
    for c in changes:
        common = {
            "id": c.id,
            "change": c.change,
            "old_id": c.old_id,
            "before": _status(c.status.before),
            "after": _status(c.status.after),
            "items": len(c.items),
            "fields": ", ".join(f.key for f in c.fields),
            "line": c.line,
        }
        periods = c.periods or (None,)
        for p in periods:
            yield {
                **common,
                "party": None if p is None else p.party,
                "first": None if p is None or p.first.year == 1 else p.first,
                "last": None if p is None else p.last,
                "old_status": None if p is None else _status(p.old),
                "new_status": None if p is None else _status(p.new),
            }


# -- text --------------------------------------------------------------------------------
def _arrow(before: Status | None, after: Status | None, colour: bool) -> str:
    def one(s: Status | None) -> str:
        return paint(status_text(s), status_style(s.value) if s else None, colour)

    return f"{one(before)} → {one(after)}"


def _where(file: str | None, line: int | None) -> str:
    return f" ({file}:{line})" if file and line else ""


def _agreement_lines(c: AgreementChange, colour: bool) -> list[str]:
    name = f"{c.old_id} → {c.id}" if c.old_id else c.id
    lines = [f"{name}: {c.change}{_where(c.file, c.line)}  {c.title}"]
    lines += [f"  {f}" for f in c.fields]
    for i in c.items:
        mark = {"added": "+", "removed": "-", "changed": "~"}[i.change]
        lost = "  (cites none of its sources now)" if i.unsourced else ""
        lines.append(f"  {mark} {i}{lost}{_where(i.file, i.line)}")
    for p in c.periods:
        who = f"{p.party}: " if p.party else ""
        lines.append(f"  status {who}{p.days}: {_arrow(p.old, p.new, colour)}")
    lines.append(f"  on the registry's day: {_arrow(c.status.before, c.status.after, colour)}")
    lines += [f"    {s.party}: {_arrow(s.before, s.after, colour)}" for s in c.parties]
    return lines


def _day_line(changes: Changes) -> str:
    if changes.old_day.day == changes.new_day.day:
        return f"on {changes.new_day}"
    return f"on {changes.old_day} before, {changes.new_day} after"


def text(changes: Changes, colour: bool = False) -> str:
    """The diff for a terminal, every value escaped (`shown`); statuses coloured when
    `colour`."""
    out = [f"{changes.old} → {changes.new}"]
    if not changes:
        out.append("no change of meaning (statuses, facts and sources are the same)")
    for c in changes:
        out += _agreement_lines(c, colour)
    out += [str(r) for r in changes.records]
    out += [
        f"fact no longer cites any of its sources: {a}: {i.label}" for a, i in changes.unsourced
    ]
    out += [f"source no longer cited: {s}" for s in changes.uncited]
    out += [f"source {s}: url {f.old or '(none)'} → {f.new or '(none)'}" for s, f in changes.urls]
    out.append(f"agreements: {changes.size[0]} → {changes.size[1]}; status {_day_line(changes)}:")
    for n in changes.counts:
        if n.before != n.after:
            out.append(f"  {status_text(n.status)}: {n.before} → {n.after}")
    for cov in changes.coverage:
        if (cov.before, cov.before_share) != (cov.after, cov.after_share):
            out.append(
                f"coverage of {cov.total}: {cov.before_share or '(none)'} → "
                f"{cov.after_share or '(none)'}"
            )
    return "\n".join(shown(line) for line in out)


# -- Markdown ----------------------------------------------------------------------------
_MD_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


_NO_MENTION: Final = "@\u2060"  # `@` and a word joiner: shown as `@`, mentions nobody


def _md(value: object) -> str:
    """Text from the data for Markdown: its own characters escaped, on one line, and
    `@` broken so that posting it mentions no user or team."""
    return _MD_SPECIAL.sub(r"\\\1", shown(str(value))).replace("@", _NO_MENTION)


def _code(value: object) -> str:
    """Text from the data as a Markdown code span, shown as it is (no backslash escapes
    there): fenced by more backticks than its longest run of them (CommonMark), padded
    when it starts or ends with one, and `@` broken as in `_md`."""
    text = shown(str(value)).replace("@", _NO_MENTION)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def markdown(changes: Changes) -> str:
    """The diff as Markdown, for a pull-request comment or `$GITHUB_STEP_SUMMARY`."""
    out = [f"### treatyreg diff: {_md(changes.old)} → {_md(changes.new)}", ""]
    if not changes:
        out += ["No change of meaning: statuses, facts and sources are the same.", ""]
    for c in changes:
        name = f"{_code(c.old_id)} → {_code(c.id)}" if c.old_id else _code(c.id)
        out.append(f"#### {name} {c.change}: {_md(c.title)}")
        out.append("")
        out += [f"- {_md(f)}" for f in c.fields]
        out += [
            f"- {_md(i.change)} {_md(i.label)}"
            + (": " + "; ".join(_md(f) for f in i.fields) if i.fields else "")
            + (" **(cites none of its sources now)**" if i.unsourced else "")
            for i in c.items
        ]
        if c.periods:
            out += ["", "| party | days | before | after |", "|---|---|---|---|"]
            out += [
                f"| {_md(p.party or '(agreement)')} | {_md(p.days)} | {status_text(p.old)} | "
                f"{status_text(p.new)} |"
                for p in c.periods
            ]
        out += ["", f"On the registry's day: **{_md(c.status)}**"]
        out += [f"- {_md(s)}" for s in c.parties]
        out.append("")
    if changes.records:
        out += ["#### Parties, sources, totals", ""]
        out += [f"- {_md(r)}" for r in changes.records]
        out.append("")
    if changes.unsourced or changes.uncited or changes.urls:
        out += ["#### Sources", ""]
        out += [
            f"- fact citing none of its sources now: {_md(a)}: {_md(i.label)}"
            for a, i in changes.unsourced
        ]
        out += [f"- no longer cited: {_md(s)}" for s in changes.uncited]
        out += [f"- {_md(s)}: url {_md(f.old)} → {_md(f.new)}" for s, f in changes.urls]
        out.append("")
    out += [
        "#### The registry",
        "",
        f"{changes.size[0]} → {changes.size[1]} agreements; status {_md(_day_line(changes))}:",
        "",
        "| status | before | after |",
        "|---|---:|---:|",
    ]
    out += [f"| {status_text(n.status)} | {n.before} | {n.after} |" for n in changes.counts]
    if changes.coverage:
        out += ["", "| reported total | held before | held after |", "|---|---|---|"]
        out += [
            f"| {_md(c.total)} | {_md(c.before_share or '')} | {_md(c.after_share or '')} |"
            for c in changes.coverage
        ]
    return "\n".join(out) + "\n"


# -- GitHub ------------------------------------------------------------------------------
def _escape(value: str, in_property: bool = False) -> str:
    return github_escape(shown(value), in_property)


def github(changes: Changes) -> str:
    """One `::notice` per changed agreement, at its changed line of NEW (the first
    changed event's, else the agreement's; none for a removed one), and one per changed
    party, source or total."""
    out = []
    for c in changes:
        line_of = next(((i.file, i.line) for i in c.items if i.line), (c.file, c.line))
        said = [f"{c.change}"]
        said += [f"{p}" for p in c.periods[:5]]
        if len(c.periods) > 5:
            said.append(f"and {len(c.periods) - 5} more periods")
        said.append(f"on the registry's day: {c.status}")
        title = f"treatyreg diff: {c.old_id + ' → ' if c.old_id else ''}{c.id}"
        out.append(_notice(line_of, title, "; ".join(said)))
    for r in changes.records:
        out.append(_notice((r.file, r.line), f"treatyreg diff: {r.record}", str(r)))
    return "\n".join(out)


def _notice(at: tuple[str | None, int | None], title: str, message: str) -> str:
    file, line = at
    if file:  # NEW read at a revision: the file as checked out
        file = as_checked_out(file)
    where = f"file={_escape(file, True)},line={line}," if file and line else ""
    return f"::notice {where}title={_escape(title, True)}::{_escape(message)}"


# -- HTML --------------------------------------------------------------------------------
def html(changes: Changes) -> str:
    """The diff as an HTML table for a notebook, every value escaped."""
    e = _html.escape
    head = (
        f"<p><b>{e(changes.old)} → {e(changes.new)}</b>: {len(changes.agreements)} "
        f"agreement(s) changed, {len(changes.records)} other record(s); "
        f"{changes.size[0]} → {changes.size[1]} agreements</p>"
    )
    body = "".join(
        "<tr>"
        f"<td>{e(c.id)}</td><td>{e(c.change)}</td><td>{e(c.title)}</td>"
        f"<td>{'<br>'.join(e(str(i)) for i in c.items)}</td>"
        f"<td>{'<br>'.join(e(str(p)) for p in c.periods)}</td>"
        f"<td>{e(str(c.status))}</td>"
        "</tr>"
        for c in changes
    )
    table = (
        "<table><thead><tr><th>id</th><th>change</th><th>title</th><th>events, relations</th>"
        "<th>status periods</th><th>on the registry's day</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
    return f"<div>{head}{table}</div>"


# -- JSON Schema -------------------------------------------------------------------------
def json_schema() -> dict[str, Any]:
    """The JSON Schema of `to_dict` (`treatyreg schema --diff`), committed as
    schema/treatyreg-diff-1.schema.json."""
    text = {"type": "string"}
    maybe_text = {"type": ["string", "null"]}
    maybe_int = {"type": ["integer", "null"]}
    status = {"enum": [None, *(s.value for s in Status)]}
    count = {"type": "integer"}
    day = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    maybe_day = {"anyOf": [day, {"type": "null"}]}

    def obj(props: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": list(props),
            "additionalProperties": False,
            "properties": props,
        }

    def array(items: dict[str, Any]) -> dict[str, Any]:
        return {"type": "array", "items": items}

    field = obj({"key": text, "old": maybe_text, "new": maybe_text})
    on_day = obj({"party": maybe_text, "before": status, "after": status})
    change = {"enum": ["added", "removed", "changed"]}
    side = obj({"name": text, "day": day})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:treatyreg:schema:diff:1",
        "title": "treatyreg diff, version 1",
        "description": "What a change to a registry means: `treatyreg diff --format json`.",
        **obj(
            {
                "treatyreg_diff": {"const": DIFF_SCHEMA_VERSION},
                "old": side,
                "new": side,
                "changed": {"type": "boolean"},
                "agreements": array(
                    obj(
                        {
                            "id": text,
                            "change": {"enum": ["added", "removed", "renamed", "changed"]},
                            "old_id": maybe_text,
                            "title": text,
                            "file": maybe_text,
                            "line": maybe_int,
                            "status": on_day,
                            "parties": array(on_day),
                            "periods": array(
                                obj(
                                    {
                                        "party": maybe_text,
                                        "first": maybe_day,
                                        "last": maybe_day,
                                        "old": status,
                                        "new": status,
                                        "text": text,
                                    }
                                )
                            ),
                            "fields": array(field),
                            "items": array(
                                obj(
                                    {
                                        "record": text,
                                        "change": change,
                                        "label": text,
                                        "unsourced": {"type": "boolean"},
                                        "file": maybe_text,
                                        "line": maybe_int,
                                        "fields": array(field),
                                    }
                                )
                            ),
                        }
                    )
                ),
                "records": array(
                    obj(
                        {
                            "record": {"enum": ["party", "source", "reported_total", "registry"]},
                            "key": text,
                            "change": change,
                            "file": maybe_text,
                            "line": maybe_int,
                            "fields": array(field),
                        }
                    )
                ),
                "sources": obj(
                    {
                        "unsourced": array(obj({"agreement": text, "fact": text})),
                        "uncited": array(text),
                        "urls": array(obj({"source": text, "old": maybe_text, "new": maybe_text})),
                    }
                ),
                "registry": obj(
                    {
                        "agreements": obj({"before": count, "after": {"type": "integer"}}),
                        "counts": array(
                            obj(
                                {
                                    "status": status,
                                    "before": count,
                                    "after": count,
                                }
                            )
                        ),
                        "coverage": array(
                            obj(
                                {
                                    "total": text,
                                    "before": maybe_int,
                                    "after": maybe_int,
                                    "before_share": maybe_text,
                                    "after_share": maybe_text,
                                }
                            )
                        ),
                    }
                ),
            }
        ),
    }

"""Publish a registry for existing engines: SQLite (for Datasette), Parquet (for DuckDB,
Spark, BigQuery), CSV, JSON and a Frictionless data package.

Every format holds the same normalised tables, described once in `TABLES` (which also
drives the SQLite types, the Arrow types, the data package's Table Schemas, the JSON
Schema of the JSON export and the docs). Every date is three columns: its EDTF text and
its `_lower` and `_upper` days (empty for an open end); every status comes with the day
it was judged on and its last evidence (`treatyreg.evidence`).

>>> import treatyreg
>>> found = tables(treatyreg.load_default())
>>> sorted(found) == sorted(TABLES)
True
>>> len(found["agreements"]) == len(treatyreg.load_default()), found["parties"][0]["id"]
(True, 'RUS')

Writers need optional libraries, imported only when called: `to_sqlite` needs
sqlite-utils (`treatyreg[sqlite]`), `to_parquet` pyarrow (`treatyreg[parquet]`); CSV, JSON
and the data package need nothing.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import stat
import time
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from treatyreg._participants import of as participants_of
from treatyreg.dates import FuzzyDate
from treatyreg.errors import TreatyregError
from treatyreg.evidence import Assessment, Scope
from treatyreg.lifecycle import status_changes
from treatyreg.model import party_changes_of, steps_of
from treatyreg.registry import Registry
from treatyreg.writing import _final_target

__all__ = [
    "DATA_LICENSE",
    "EXPORT_VERSION",
    "FORMATS",
    "TABLES",
    "Column",
    "ExportError",
    "Table",
    "datasette_metadata",
    "export",
    "json_schema",
    "metadata_path",
    "tables",
    "to_csv",
    "to_datapackage",
    "to_json",
    "to_parquet",
    "to_sqlite",
]

EXPORT_VERSION: Final = 1
DATA_LICENSE: Final = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
"""The licence of the data (the code is MIT): reuse it, citing the registry and its sources."""

Kind = Literal["text", "integer", "boolean", "date", "list", "mapping"]


class ExportError(TreatyregError, ValueError):
    """An export that cannot be written (for instance: the output exists and is not an
    export; pass `force=True` / `--force` to replace it)."""


@attrs.frozen
class Column:
    """One column of an exported table."""

    name: str
    kind: Kind
    description: str
    refers: tuple[str, str] | None = None  # (table, column) it points to


@attrs.frozen
class Table:
    """One exported table: its columns in order, its primary key and full-text columns."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    search: tuple[str, ...] = ()  # columns searched in full text (SQLite FTS)
    facets: tuple[str, ...] = ()  # columns Datasette offers as facets


def _date(name: str, what: str) -> tuple[Column, ...]:
    return (
        Column(name, "text", f"{what}, as EDTF text (e.g. 2017-08, ../2019-12-17)"),
        Column(f"{name}_lower", "date", f"the earliest day of {name}; empty for an open start"),
        Column(f"{name}_upper", "date", f"the latest day of {name}; empty for an open end"),
    )


def _judged(what: str) -> tuple[Column, ...]:
    return (
        Column("status", "text", f"the status {what} on `status_on` (empty: not concluded)"),
        Column("status_on", "date", "the day the status is judged on"),
        *_date("last_evidence", "the latest dated evidence the status rests on"),
        Column("stale", "boolean", "the status can still change and has no evidence in 5 years"),
    )


_A = ("agreements", "id")
_P = ("parties", "id")
_S = ("sources", "id")
_E = ("events", "event_id")

TABLES: Final[dict[str, Table]] = {
    t.name: t
    for t in (
        Table(
            "agreements",
            "One row per agreement, in the registry's stable order.",
            (
                Column("id", "text", "the agreement's id"),
                Column("position", "integer", "its place in the stable order (signature, id)"),
                Column("title", "text", "the title as the sources give it"),
                Column("aliases", "list", "other titles"),
                Column("titles", "mapping", "its title by BCP 47 language tag (ru: ...)"),
                Column("kind", "text", "treaty, agreement, protocol, …"),
                Column("level", "text", "who concluded it: state, government or agency"),
                Column("parties", "list", "party ids"),
                Column("topics", "list", "topic slugs"),
                Column("identifiers", "list", "its ids elsewhere (scheme:value)"),
                Column("depositary", "text", "who keeps the instruments"),
                *_date("signed", "the signature (the first one, with per-party signatures)"),
                *_date("entered_into_force", "the (general) entry into force"),
                Column(
                    "entry_into_force_rule",
                    "text",
                    "of a multilateral agreement: the article that dates its entry into force "
                    "for each party, in words",
                ),
                *_judged("of the agreement"),
                Column("notes", "text", "notes, in the registry's words"),
                Column("sources", "list", "source ids the record cites"),
            ),
            ("id",),
            search=("title", "titles", "aliases", "notes"),
            facets=("kind", "level", "status", "topics", "parties"),
        ),
        Table(
            "parties",
            "States and other entities that are parties.",
            (
                Column("id", "text", "the party's id"),
                Column("name", "text", "its name in the registry"),
                Column("aliases", "list", "other names, contested ones included"),
                Column("identifiers", "list", "its ids elsewhere (scheme:value)"),
                Column("notes", "text", "notes"),
            ),
            ("id",),
            search=("name", "aliases"),
        ),
        Table(
            "agreement_parties",
            "One row per agreement and party: its participation and its own status.",
            (
                Column("agreement", "text", "the agreement's id", _A),
                Column("party", "text", "the party's id", _P),
                Column("position", "integer", "its place in the agreement's parties"),
                *_date("signed", "its signature"),
                *_date("consent", "its consent to be bound (ratification, accession, …)"),
                Column("means", "text", "how it consented"),
                Column("provisionally_applied", "text", "when it began to apply it provisionally"),
                Column(
                    "provisional_application_terminated",
                    "text",
                    "when its provisional application ended (EDTF)",
                ),
                *_date("entered_into_force", "entry into force for it"),
                Column(
                    "derived_from",
                    "text",
                    "where `entered_into_force` is not a source's date but derived from its "
                    "consent by the agreement's rule: the article (else empty)",
                ),
                Column("withdrawal_notified", "text", "when its withdrawal was notified (EDTF)"),
                *_date("withdrawn", "when its withdrawal takes effect"),
                Column(
                    "withdrawal_pending",
                    "boolean",
                    "its withdrawal was notified by `status_on` and takes effect after it",
                ),
                Column("signature_withdrawn", "text", "when it withdrew its signature (EDTF)"),
                Column(
                    "territories",
                    "list",
                    "what its steps say of territories: `excludes X` or `extends to X`",
                ),
                *_judged("as this party stands"),
            ),
            ("agreement", "party"),
            facets=("party", "status", "means"),
        ),
        Table(
            "events",
            "One row per dated, sourced step of an agreement's life.",
            (
                Column("event_id", "integer", "a number for the event (stable within an export)"),
                Column("agreement", "text", "the agreement's id", _A),
                Column("position", "integer", "its place among the agreement's events"),
                Column("action", "text", "what happened (signed, ratified, …)"),
                Column("party", "text", "the party that took the step", _P),
                *_date("date", "when (the preferred claim)"),
                Column("means", "text", "of a ratification: how the party consented"),
                Column("notified", "text", "of a withdrawal: when it was notified (EDTF)"),
                Column("territories", "list", "the territories a party's step names"),
                Column("territorial", "text", "whether the step excludes or extends to them"),
                Column("body", "text", "the body that acted"),
                Column("place", "text", "where it happened"),
                Column("note", "text", "why this date is preferred, and other notes"),
            ),
            ("event_id",),
            search=("note",),
            facets=("action", "party", "body"),
        ),
        Table(
            "claims",
            "Conflicting dates: another source's date for the same event.",
            (
                Column("claim_id", "integer", "a number for the claim"),
                Column("event_id", "integer", "the event it disputes", _E),
                *_date("date", "the other date"),
                Column("place", "text", "the other place, where it differs"),
                Column("sources", "list", "source ids"),
                Column("note", "text", "why it is not the preferred one"),
            ),
            ("claim_id",),
        ),
        Table(
            "relations",
            "Stated links from one agreement to another.",
            (
                Column("relation_id", "integer", "a number for the relation"),
                Column("agreement", "text", "the agreement that states the link", _A),
                Column("type", "text", "develops, amends, supersedes, implements, …"),
                Column("target", "text", "the other agreement", _A),
                Column("note", "text", "notes"),
                Column("sources", "list", "source ids"),
            ),
            ("relation_id",),
            facets=("type",),
        ),
        Table(
            "sources",
            "Documents and pages that facts are cited from.",
            (
                Column("id", "text", "the source's id"),
                Column("title", "text", "headline or document title"),
                Column("publisher", "text", "outlet or institution"),
                *_date("published", "its publication"),
                Column("url", "text", "where it was read"),
                Column("notes", "text", "notes"),
            ),
            ("id",),
            search=("title", "publisher", "notes"),
            facets=("publisher",),
        ),
        Table(
            "event_sources",
            "Which sources each event cites.",
            (
                Column("event_id", "integer", "the event", _E),
                Column("source", "text", "a source it cites", _S),
            ),
            ("event_id", "source"),
        ),
        Table(
            "status_periods",
            "When each agreement (party empty) and each party of it held each status: from "
            "`start` (included) to `end` (excluded; empty: still on the last day judged).",
            (
                Column("period_id", "integer", "a number for the period"),
                Column("agreement", "text", "the agreement's id", _A),
                Column("party", "text", "the party (empty: the agreement's own status)", _P),
                Column("status", "text", "the status"),
                Column("start", "date", "the first day"),
                Column("end", "date", "the day after the last; empty while it lasts"),
                Column(
                    "derived_from",
                    "text",
                    "a party's `in_force` period that begins on a day derived from its consent "
                    "by the agreement's rule: the article (else empty)",
                ),
            ),
            ("period_id",),
            facets=("status",),
        ),
        Table(
            "reported_totals",
            "Counts of agreements that officials reported.",
            (
                Column("total_id", "integer", "a number for the total"),
                Column("parties", "list", "the parties counted between"),
                Column("count", "integer", "the number reported"),
                Column("qualifier", "text", "how it was said: about, at_least (over N), exactly"),
                Column("counted", "text", "what was counted: signed, or in_force on the day"),
                *_date("as_of", "the day it was reported"),
                Column("held", "integer", "how many such agreements the registry holds"),
                Column("sources", "list", "source ids"),
                Column("note", "text", "notes"),
            ),
            ("total_id",),
        ),
    )
}
"""Every exported table, its columns and keys: the one description of the export."""

FORMATS: Final = ("sqlite", "parquet", "csv", "json", "datapackage")

Row = dict[str, Any]


# -- the rows ------------------------------------------------------------------------------
def _dates(name: str, d: FuzzyDate | None) -> Row:
    return {
        name: None if d is None else d.text,
        f"{name}_lower": None if d is None else d.earliest,
        f"{name}_upper": None if d is None else d.latest,
    }


def _assessed(j: Assessment) -> Row:
    return {
        "status": None if j.status is None else str(j.status),
        "status_on": j.on.day,
        **_dates("last_evidence", j.last_evidence),
        "stale": j.stale,
    }


def _step(e: Any) -> FuzzyDate | None:
    return None if e is None else e.date


def _edtf(e: Any) -> str | None:
    return None if e is None else e.date.text


def tables(reg: Registry, on: str | dt.date | FuzzyDate | None = None) -> dict[str, list[Row]]:
    """Every table of `TABLES` as rows (dicts in column order; dates as `datetime.date`,
    lists as lists), statuses judged on `on` (`Registry.day`)."""
    scope = reg.scope(on)
    return {name: list(rows(reg, scope)) for name, rows in _ROWS.items()}


def _agreements(reg: Registry, scope: Scope) -> Iterator[Row]:
    for position, a in enumerate(reg):
        yield {
            "id": a.id,
            "position": position,
            "title": a.title,
            "aliases": list(a.aliases),
            "titles": dict(a.titles),
            "kind": a.kind,
            "level": a.level,
            "parties": list(a.parties),
            "topics": list(a.topics),
            "identifiers": list(a.identifiers),
            "depositary": a.depositary,
            **_dates("signed", a.signed),
            **_dates("entered_into_force", a.entered_into_force),
            "entry_into_force_rule": (
                None if a.entry_into_force_rule is None else str(a.entry_into_force_rule)
            ),
            **_assessed(scope.assess(a)),
            "notes": a.notes,
            "sources": list(a.sources),
        }


def _agreement_parties(reg: Registry, scope: Scope) -> Iterator[Row]:
    day = scope.on.day
    for a in reg:
        for i, row in enumerate(a.participation(day)):
            yield {
                "agreement": a.id,
                "party": row.party,
                "position": i,
                **_dates("signed", _step(row.signature)),
                **_dates("consent", _step(row.consent)),
                "means": None if row.means is None else str(row.means),
                "provisionally_applied": _edtf(row.provisional_application),
                "provisional_application_terminated": _edtf(row.provisional_application_terminated),
                **_dates("entered_into_force", _step(row.entry_into_force)),
                "derived_from": row.derived_from,
                "withdrawal_notified": (
                    row.withdrawal.notified.text
                    if row.withdrawal is not None and row.withdrawal.notified is not None
                    else None
                ),
                **_dates("withdrawn", _step(row.withdrawal)),
                "withdrawal_pending": row.pending_withdrawal is not None,
                "signature_withdrawn": _edtf(row.signature_withdrawn),
                "territories": list(row.territories),
                **_assessed(scope.assess(a, row.party)),
            }


def _events(reg: Registry, scope: Scope) -> Iterator[tuple[int, Any, int, Any]]:
    """(event_id, agreement, position, event) of every event, numbered from 1."""
    event_id = 0
    for a in reg:
        for i, e in enumerate(a.events):
            event_id += 1
            yield event_id, a, i, e


def _event_rows(reg: Registry, scope: Scope) -> Iterator[Row]:
    for event_id, a, i, e in _events(reg, scope):
        yield {
            "event_id": event_id,
            "agreement": a.id,
            "position": i,
            "action": str(e.action),
            "party": e.party,
            **_dates("date", e.date),
            "means": None if e.means is None else str(e.means),
            "notified": None if e.notified is None else e.notified.text,
            "territories": list(e.territories),
            "territorial": e.territorial,
            "body": e.body,
            "place": e.place,
            "note": e.note,
        }


def _claims(reg: Registry, scope: Scope) -> Iterator[Row]:
    claim_id = 0
    for event_id, _, _, e in _events(reg, scope):
        for c in e.alternatives:
            claim_id += 1
            yield {
                "claim_id": claim_id,
                "event_id": event_id,
                **_dates("date", c.date),
                "place": c.place,
                "sources": list(c.sources),
                "note": c.note,
            }


def _event_sources(reg: Registry, scope: Scope) -> Iterator[Row]:
    for event_id, _, _, e in _events(reg, scope):
        for s in e.sources:
            yield {"event_id": event_id, "source": s}


def _relations(reg: Registry, scope: Scope) -> Iterator[Row]:
    relation_id = 0
    for a in reg:
        for r in a.relations:
            relation_id += 1
            yield {
                "relation_id": relation_id,
                "agreement": a.id,
                "type": str(r.type),
                "target": r.target,
                "note": r.note,
                "sources": list(r.sources),
            }


def _status_periods(reg: Registry, scope: Scope) -> Iterator[Row]:
    day = scope.on.day
    period_id = 0
    for a in reg:
        found = _periods(a.id, None, *status_changes(steps_of(a), a.parties), day)
        derived = participants_of(a).derived
        for party, (days, statuses) in party_changes_of(a).items():
            # the days a derived entry into force begins an `in_force` period
            starts = {e.upper: e.article for e in derived.get(party, ())}
            found += _periods(a.id, party, days, statuses, day, starts)
        for period in found:
            period_id += 1
            period["period_id"] = period_id
            yield period


def _parties(reg: Registry, scope: Scope) -> Iterator[Row]:
    for p in reg.parties:
        yield {
            "id": p.id,
            "name": p.name,
            "aliases": list(p.aliases),
            "identifiers": list(p.identifiers),
            "notes": p.notes,
        }


def _sources(reg: Registry, scope: Scope) -> Iterator[Row]:
    for s in reg.sources:
        yield {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            **_dates("published", s.published),
            "url": s.url,
            "notes": s.notes,
        }


def _reported_totals(reg: Registry, scope: Scope) -> Iterator[Row]:
    for i, c in enumerate(reg.coverage()):
        yield {
            "total_id": i + 1,
            "parties": list(c.total.parties),
            "count": c.total.count,
            "qualifier": c.total.kind,
            "counted": c.total.counted or "signed",
            **_dates("as_of", c.total.as_of),
            "held": c.held,
            "sources": list(c.total.sources),
            "note": c.total.note,
        }


# Each table's rows, made one at a time (an export writes them as they come, so it holds
# one row at a time, not the registry twice).
_ROWS: Final[dict[str, Callable[[Registry, Scope], Iterator[Row]]]] = {
    "agreements": _agreements,
    "parties": _parties,
    "agreement_parties": _agreement_parties,
    "events": _event_rows,
    "claims": _claims,
    "relations": _relations,
    "sources": _sources,
    "event_sources": _event_sources,
    "status_periods": _status_periods,
    "reported_totals": _reported_totals,
}
assert list(_ROWS) == list(TABLES)


def _periods(
    agreement: str,
    party: str | None,
    days: tuple[dt.date, ...],
    statuses: tuple[Any, ...],
    day: dt.date,
    derived: Mapping[dt.date, str] | None = None,
) -> list[Row]:
    """The status intervals up to `day` (a status changes on `days`; None: no status); an
    `in_force` one that begins on a day in `derived` (a derived entry into force's) names
    its article."""
    rows: list[Row] = []
    for i, (start, status) in enumerate(zip(days, statuses, strict=True)):
        if start > day:
            break
        if status is None:
            continue
        end = days[i + 1] if i + 1 < len(days) and days[i + 1] <= day else None
        rows.append(
            {
                "period_id": 0,  # numbered once all are known
                "agreement": agreement,
                "party": party,
                "status": str(status),
                "start": start,
                "end": end,
                "derived_from": (derived or {}).get(start) if status == "in_force" else None,
            }
        )
    return rows


# -- writing, atomically -------------------------------------------------------------------
# Every file of an export is written to a temporary beside its output first, and the
# temporaries are renamed over the outputs last: a failed export removes its temporaries
# and leaves every output as it was. An output is replaced without --force only if it is
# recognisably one we wrote (`_is_ours`); anything that is not a regular file or a folder
# (a pipe, a device) is refused even with --force, before it is opened, and so is a folder
# that is not an earlier export and is not empty (--force never deletes what it holds), or
# a folder where one file is to be written.
_MARK: Final = ".treatyreg-export"  # the file that marks a folder as an export
_MARK_TEXT: Final = "a treatyreg export; may be replaced by the next one\n"
# Temporaries are `.<output>.treatyreg-<tmp|old>.<host>.<pid>.<random>`: an export removes
# those of its output whose process is gone (same host), or that are older than a day (a
# reused pid, another host sharing the folder: no export takes that long).
_TEMPORARY: Final = re.compile(
    r"\.(?P<name>.+)\.treatyreg-(?P<role>tmp|old)\.(?P<host>[A-Za-z0-9-]+)\.(?P<pid>[0-9]+)"
    r"\.[0-9a-f]+(?:-journal|-wal|-shm)?"
)
_STALE_AFTER: Final = 24 * 3600  # seconds
_SQLITE_SIDE_FILES: Final = ("-journal", "-wal", "-shm")
_FOLDER_FILES: Final = frozenset(
    {_MARK, "datapackage.json"} | {f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")}
)

OutputKind = Literal["json", "sqlite", "metadata", "folder"]


def _head(path: Path, size: int) -> bytes:
    """The first `size` bytes of the regular file `path` (never blocks on a pipe)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        chunks: list[bytes] = []
        while size > 0 and (chunk := os.read(fd, size)):
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _is_json_export(path: Path) -> bool:
    """The file is a JSON export: its top-level object starts with the marker, then the
    metadata `_metadata` writes, then "tables" (all within its first 64 KiB)."""
    head = _head(path, 1 << 16)
    if re.match(rb'\s*\{\s*"treatyreg_export"\s*:', head) is None:
        return False
    for found in re.finditer(rb',\s*"tables"\s*:\s*[\[{]', head):
        try:
            meta = json.loads(head[: found.start()] + b"}")
        except ValueError:
            continue
        return (
            isinstance(meta, dict)
            and type(meta.get("treatyreg_export")) is int
            and set(meta) <= set(_METADATA_KEYS)
        )
    return False


def _is_sqlite_export(path: Path) -> bool:
    """The file is a SQLite database whose `_treatyreg_export` table is the one we write."""
    if not _head(path, 16).startswith(b"SQLite format 3\x00"):
        return False
    # read-only and immutable, so that looking never changes a database that is not ours
    # (opening one in WAL mode would checkpoint it); as a URI whose path is quoted, so that
    # a `#` or `?` in the name cannot name another file
    uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro&immutable=1"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            db.execute("pragma query_only = on")
            columns = [row[1] for row in db.execute("pragma table_info(_treatyreg_export)")]
            if columns != list(_METADATA_KEYS):
                return False
            rows = db.execute("select treatyreg_export from _treatyreg_export").fetchall()
    except sqlite3.Error:
        return False
    return len(rows) == 1 and type(rows[0][0]) is int


def _digest(metadata: Row) -> str:
    rest = {k: v for k, v in metadata.items() if k != "treatyreg_export"}
    text = json.dumps(rest, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_our_metadata(path: Path) -> bool:
    """The file is Datasette metadata we wrote and nobody edited since: its marker holds
    the digest of the rest (or, written before the marker, it is what we write for the
    registry and database it names)."""
    head = _head(path, 1 << 20)
    try:
        data = json.loads(head)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("treatyreg_export"), dict):
        return bool(data["treatyreg_export"].get("sha256") == _digest(data))
    title, databases = data.get("title"), data.get("databases")
    if not (isinstance(title, str) and isinstance(databases, dict) and len(databases) == 1):
        return False
    return bool(data == _datasette(title.removeprefix("treatyreg registry "), *databases))


def _is_folder_export(path: Path) -> bool:
    """The folder holds an earlier export and nothing else: our mark and the files an
    export writes (a file of someone else's in it would be lost)."""
    try:
        names = set(os.listdir(path))
        marked = _head(path / _MARK, 256).startswith(b"a treatyreg export")
    except OSError:
        return False
    return marked and names <= _FOLDER_FILES


def _is_ours(path: Path, kind: OutputKind) -> bool:
    """Whether `path` is an earlier output of ours (anything that cannot be read, or is
    nested too deep to parse, is not)."""
    try:
        if kind == "folder":
            return path.is_dir() and _is_folder_export(path)
        if path.is_dir():
            return False
        checks: dict[OutputKind, Callable[[Path], bool]] = {
            "json": _is_json_export,
            "sqlite": _is_sqlite_export,
            "metadata": _is_our_metadata,
        }
        return checks[kind](path)
    except (OSError, RecursionError, ValueError):
        return False


def _check(path: Path, kind: OutputKind, force: bool) -> os.stat_result | None:
    """Refuse an output we may not replace; the existing output's status, if any."""
    try:
        found = os.stat(path)  # follows links: /dev/stdout is a pipe, not a link
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportError(f"{str(path)!r}: {error.strerror or error}") from None
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)):
        raise ExportError(
            f"{str(path)!r} is not a regular file or folder (a pipe, a device, …): not written"
        )
    folder = stat.S_ISDIR(found.st_mode)
    if folder and kind != "folder":
        raise ExportError(
            f"{str(path)!r} is a folder; this export is one file: not replaced, not even "
            "with --force (choose a file name)"
        )
    if _is_ours(path, kind):
        return found
    if force and folder and _holds_anything(path):
        raise ExportError(
            f"{str(path)!r} is a folder that holds files of its own, not a treatyreg export: "
            "never replaced, not even with --force, since what it holds would be lost "
            "(choose another --output, or empty it)"
        )
    if force:
        return found
    if kind == "metadata":
        raise ExportError(
            f"{str(path)!r} exists and is not Datasette metadata that treatyreg wrote (it "
            "was edited, or is someone else's): not replaced (move it away, or pass --force)"
        )
    raise ExportError(
        f"{str(path)!r} exists and is not a treatyreg export: not replaced "
        "(choose another --output, or pass --force)"
    )


def _holds_anything(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return True  # not known to be empty: kept


def _host() -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in socket.gethostname())


def _temporary(path: Path, role: str) -> Path:
    tag = f"{_host() or 'host'}.{os.getpid()}.{secrets.token_hex(4)}"
    return path.parent / f".{path.name}.treatyreg-{role}.{tag}"


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process (PermissionError): alive
        return True
    return True


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _clean_stale(path: Path) -> None:
    """Remove the temporaries of earlier exports to `path` that were killed."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    now = time.time()
    for name in names:
        found = _TEMPORARY.fullmatch(name)
        if found is None or found["name"] != path.name:
            continue
        stale = path.parent / name
        try:
            age = now - os.lstat(stale).st_mtime
        except OSError:
            continue
        dead = found["host"] == _host() and not _alive(int(found["pid"]))
        if not (dead or age > _STALE_AFTER):
            continue
        if found["role"] == "old" and not os.path.lexists(path):
            continue  # killed while swapping: the only copy of the output left
        _remove(stale)


def _create(path: Path, kind: OutputKind, old: os.stat_result | None) -> Path:
    """An empty temporary beside `path`, with the usual permissions (the umask applied),
    or the replaced output's."""
    work = _temporary(path, "tmp")
    if kind == "folder":
        os.mkdir(work, 0o777)
    else:
        os.close(os.open(work, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    if old is not None and stat.S_ISDIR(old.st_mode) == (kind == "folder"):
        os.chmod(work, stat.S_IMODE(old.st_mode))
    return work


def _swap(pairs: list[tuple[Path, Path]]) -> None:
    """Rename each temporary over its output; if one fails, put every output back."""
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for work, path in pairs:
            aside: Path | None = None
            if os.path.lexists(path):
                aside = _temporary(path, "old")
                if path.is_file() and not path.is_symlink() and work.is_file():
                    try:  # keep the old file under another name: the output never missing
                        os.link(path, aside)
                    except OSError:
                        os.rename(path, aside)
                else:
                    os.rename(path, aside)
            done.append((work, path, aside))
            os.replace(work, path)
    except BaseException:
        for work, path, aside in reversed(done):
            with contextlib.suppress(OSError):
                if not os.path.lexists(work):
                    os.rename(path, work)  # removed with the other temporaries
                if aside is None:
                    continue
                if os.path.lexists(path) and os.path.samestat(os.lstat(aside), os.lstat(path)):
                    os.unlink(aside)  # a hard link to the old file, still in place
                else:
                    os.replace(aside, path)
        raise
    for _, _, aside in done:
        if aside is not None:
            _remove(aside)
    with contextlib.suppress(OSError):  # the renames themselves survive a crash
        fd = os.open(pairs[0][1].parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _writing(outputs: list[tuple[Path, OutputKind]], force: bool) -> Iterator[list[Path]]:
    """Temporaries to write the outputs into, renamed over them when the block succeeds
    and removed when it fails. Outputs we may not replace are refused before anything is
    written; an OSError or a SQLite error becomes an `ExportError`."""
    olds = [_check(path, kind, force) for path, kind in outputs]
    works: list[Path] = []
    try:  # through symbolic links, as `treatyreg.dump`: the links stay links
        outputs = [(_final_target(path), kind) for path, kind in outputs]
        for (path, kind), old in zip(outputs, olds, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            _clean_stale(path)
            works.append(_create(path, kind, old))
        yield works
        for work, (_, kind) in zip(works, outputs, strict=True):
            if kind == "folder":
                (work / _MARK).write_text(_MARK_TEXT, encoding="utf-8")
        _swap([(work, path) for work, (path, _) in zip(works, outputs, strict=True)])
    except BaseException as error:
        for work in works:
            _remove(work)
            for side in _SQLITE_SIDE_FILES:
                _remove(work.with_name(work.name + side))
        if isinstance(error, (OSError, sqlite3.Error)):
            where = outputs[0][0]
            raise ExportError(f"could not write {str(where)!r}: {_reason(error)}") from error
        raise


def _reason(error: BaseException) -> str:
    """The error in one line, without the name of the temporary it happened in."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__


def _open_text(path: Path) -> Any:
    return path.open("w", encoding="utf-8", newline="\n")


def _text(value: Any) -> str:
    """A CSV cell: lists as JSON arrays and mappings as JSON objects (unambiguous whatever
    their items hold)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv_files(reg: Registry, folder: Path, scope: Scope) -> None:
    for name, table in TABLES.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([c.name for c in table.columns])
            for row in _ROWS[name](reg, scope):
                writer.writerow([_text(row[c.name]) for c in table.columns])


def to_csv(
    reg: Registry, path: str | os.PathLike[str], *, on: Any = None, force: bool = False
) -> None:
    """One CSV file per table in the folder `path` (lists as JSON arrays: `["a", "b"]`)."""
    scope = reg.scope(on)
    with _writing([(Path(path), "folder")], force) as (folder,):
        _csv_files(reg, folder, scope)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


_METADATA_KEYS: Final = (
    "treatyreg_export",
    "registry",
    "as_of",
    "status_on",
    "status_on_reason",
    "license",
)


def _metadata(reg: Registry, on: Any) -> Row:
    day = reg.day(on)
    found = {
        "treatyreg_export": EXPORT_VERSION,
        "registry": reg.name,
        "as_of": None if reg.as_of is None else reg.as_of.isoformat(),
        "status_on": day.day.isoformat(),
        "status_on_reason": day.reason,
        "license": DATA_LICENSE["name"],
    }
    assert tuple(found) == _METADATA_KEYS
    return found


def to_json(
    reg: Registry, path: str | os.PathLike[str], *, on: Any = None, force: bool = False
) -> None:
    """The whole registry as one JSON file: `{"treatyreg_export": 1, …, "tables": {name:
    [row, …]}}`, valid against `json_schema()` (schema/treatyreg-export-1.schema.json).
    Written a row at a time, one row to a line."""
    scope = reg.scope(on)
    head = json.dumps(_metadata(reg, on), ensure_ascii=False)
    with _writing([(Path(path), "json")], force) as (work,), _open_text(work) as out:
        out.write(head[:-1] + ', "tables": {')
        for i, (name, rows) in enumerate(_ROWS.items()):
            out.write(("," if i else "") + f"\n {json.dumps(name)}: [")
            sep = "\n  "
            for row in rows(reg, scope):
                out.write(sep)
                out.write(
                    json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False)
                )
                sep = ",\n  "
            out.write("]" if sep == "\n  " else "\n ]")
        out.write("\n}}\n")
        out.flush()
        os.fsync(out.fileno())


def to_sqlite(
    reg: Registry, path: str | os.PathLike[str], *, on: Any = None, force: bool = False
) -> None:
    """A SQLite database ready for Datasette: one table per `TABLES` entry with primary and
    foreign keys, indexes on every key column, full-text search on titles, aliases and
    notes (sqlite-utils' FTS5), lists as JSON arrays. Writes `<path>.metadata.json` beside
    it for `datasette <path> -m <that file>` (titles, descriptions, licence, facets); a
    metadata file that is not one treatyreg wrote (or was edited since) is kept unless
    `force`.

    Needs sqlite-utils (`pip install 'treatyreg[sqlite]'`)."""
    try:
        import sqlite_utils
    except ImportError as error:
        raise ImportError(
            "the SQLite export needs sqlite-utils: pip install 'treatyreg[sqlite]'"
        ) from error
    scope = reg.scope(on)
    meta = _metadata(reg, on)
    outputs: list[tuple[Path, OutputKind]] = [
        (Path(path), "sqlite"),
        (metadata_path(path), "metadata"),
    ]
    with _writing(outputs, force) as (work, meta_work):
        # a connection opened by path: never a URI, whose `#` and `?` would name another file
        with contextlib.closing(sqlite3.connect(os.fspath(work))) as conn:
            db = sqlite_utils.Database(conn)
            _sqlite_tables(db, reg, scope)
            db.table("_treatyreg_export").insert(meta)
            conn.commit()
        with _open_text(meta_work) as out:
            out.write(
                json.dumps(datasette_metadata(reg, Path(path).stem), indent=2, ensure_ascii=False)
                + "\n"
            )
            out.flush()
            os.fsync(out.fileno())


def _sqlite_tables(db: Any, reg: Registry, scope: Scope) -> None:
    types: dict[Kind, type] = {
        "text": str,
        "integer": int,
        "boolean": int,
        "date": str,
        "list": str,
        "mapping": str,
    }
    for name, table in TABLES.items():  # referenced tables come first in TABLES
        foreign = [
            (c.name, c.refers[0], c.refers[1]) for c in table.columns if c.refers is not None
        ]
        created = db.table(name).create(
            {c.name: types[c.kind] for c in table.columns},
            pk=table.primary_key if len(table.primary_key) > 1 else table.primary_key[0],
            foreign_keys=foreign,
            not_null=set(table.primary_key),
        )
        created.insert_all(
            (
                {
                    c.name: (
                        json.dumps(row[c.name], ensure_ascii=False)
                        if c.kind in ("list", "mapping")
                        else _json_value(row[c.name])
                    )
                    for c in table.columns
                }
                for row in _ROWS[name](reg, scope)
            ),
            batch_size=1000,
        )
        for column, _, _ in foreign:
            created.create_index([column], if_not_exists=True)
        if table.search:
            created.enable_fts(list(table.search), create_triggers=False)


def metadata_path(path: str | os.PathLike[str]) -> Path:
    """Where `to_sqlite` writes Datasette's metadata: `reg.db` -> `reg.metadata.json`."""
    if not Path(path).name:  # `.`, `/`, ``: a folder, not a database file
        raise ExportError(f"{os.fspath(path)!r} names no file: a SQLite export is one file")
    return Path(path).with_suffix(".metadata.json")


def datasette_metadata(reg: Registry, database: str) -> Row:
    """Datasette's metadata for the SQLite export: title, licence, source, and per table a
    description, the full-text columns and the facets to show. Its `treatyreg_export`
    key (which Datasette ignores) holds the digest of the rest, so that an export replaces
    only a metadata file it wrote and nobody edited."""
    found = _datasette(reg.name, database)
    return {"treatyreg_export": {"version": EXPORT_VERSION, "sha256": _digest(found)}, **found}


def _datasette(registry: str, database: str) -> Row:
    return {
        "title": f"treatyreg registry {registry}",
        "description": "Treaties and agreements with their sourced lifecycles (treatyreg).",
        "license": DATA_LICENSE["title"],
        "license_url": DATA_LICENSE["path"],
        "source": "treatyreg registry " + registry,
        "databases": {
            database: {
                "tables": {
                    **{
                        name: {
                            "description": table.description,
                            **({"facets": _facets(table)} if table.facets else {}),
                        }
                        for name, table in TABLES.items()
                    },
                    # what the export says of itself: not a table for readers
                    "_treatyreg_export": {"hidden": True},
                }
            }
        },
    }


def _facets(table: Table) -> list[str | Row]:
    """A table's facets for Datasette: a list column (a JSON array in each cell) as an
    array facet, one count per item, not per whole list."""
    kinds = {c.name: c.kind for c in table.columns}
    return [{"array": name} if kinds.get(name) == "list" else name for name in table.facets]


_BATCH: Final = 10_000  # Parquet rows written at a time


def to_parquet(
    reg: Registry, path: str | os.PathLike[str], *, on: Any = None, force: bool = False
) -> None:
    """One Parquet file per table in the folder `path`, with Arrow types: days as
    `date32`, lists as `list<string>`, booleans and 64-bit integers. For DuckDB, Spark,
    BigQuery and pandas. Needs pyarrow (`pip install 'treatyreg[parquet]'`)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ImportError(
            "the Parquet export needs pyarrow: pip install 'treatyreg[parquet]'"
        ) from error
    arrow: dict[Kind, Callable[[], Any]] = {
        "text": pa.string,
        "integer": pa.int64,
        "boolean": pa.bool_,
        "date": pa.date32,
        "list": lambda: pa.list_(pa.string()),
        "mapping": lambda: pa.map_(pa.string(), pa.string()),
    }
    scope = reg.scope(on)
    with _writing([(Path(path), "folder")], force) as (folder,):
        for name, table in TABLES.items():
            schema = pa.schema([pa.field(c.name, arrow[c.kind]()) for c in table.columns])
            with pq.ParquetWriter(folder / f"{name}.parquet", schema) as writer:
                batch: list[Row] = []
                written = False
                for row in _ROWS[name](reg, scope):
                    batch.append(row)
                    if len(batch) == _BATCH:
                        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                        batch, written = [], True
                if batch or not written:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))


_TABLE_SCHEMA_TYPES: Final[dict[Kind, Row]] = {
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    "date": {"type": "date"},
    "list": {"type": "array"},  # a JSON array in the cell
    "mapping": {"type": "object"},  # a JSON object in the cell
}


_CELL_NOTES: Final[dict[Kind, str]] = {
    "list": "; a JSON array of text",
    "mapping": "; a JSON object of text by language tag",
}


def _package_name(name: str) -> str:
    """A data package name for a registry called `name`: `treatyreg-` and its letters and
    digits, accents dropped, lower case (Frictionless: `^[-a-z0-9._/]+$`)."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name).lower() if not unicodedata.combining(c)
    )
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain).split()
    return "-".join(["treatyreg", *words])


def to_datapackage(
    reg: Registry, path: str | os.PathLike[str], *, on: Any = None, force: bool = False
) -> None:
    """A Frictionless data package in the folder `path`: the CSV files and a
    `datapackage.json` with a Table Schema per file (types, primary and foreign keys), the
    data's licence (CC BY 4.0), its sources, its version (the registry's as-of day) and how
    to cite it. List cells are JSON arrays (Table Schema type `array`)."""
    scope = reg.scope(on)
    version = reg.as_of.isoformat() if reg.as_of else reg.day(on).day.isoformat()
    package = {
        "profile": "tabular-data-package",
        "name": _package_name(reg.name),
        "title": f"treatyreg registry {reg.name}",
        "description": (
            "Treaties and agreements with their sourced lifecycles, exported by treatyreg; "
            f"statuses on {reg.day(on)}."
        ),
        "version": version,
        "licenses": [DATA_LICENSE],
        "sources": [{"title": s.title, **({"path": s.url} if s.url else {})} for s in reg.sources],
        "citation": (
            f"treatyreg registry {reg.name}, version {version} (data: CC BY 4.0), "
            "and the sources each record cites."
        ),
        "resources": [
            {
                "name": name.replace("_", "-"),
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": {
                    "fields": [
                        {
                            "name": c.name,
                            **_TABLE_SCHEMA_TYPES[c.kind],
                            "description": c.description + _CELL_NOTES.get(c.kind, ""),
                        }
                        for c in table.columns
                    ],
                    "missingValues": [""],
                    "primaryKey": list(table.primary_key),
                    "foreignKeys": [
                        {
                            "fields": c.name,
                            "reference": {
                                "resource": c.refers[0].replace("_", "-"),
                                "fields": c.refers[1],
                            },
                        }
                        for c in table.columns
                        if c.refers is not None
                    ],
                },
            }
            for name, table in TABLES.items()
        ],
    }
    with _writing([(Path(path), "folder")], force) as (folder,):
        _csv_files(reg, folder, scope)
        with _open_text(folder / "datapackage.json") as out:
            out.write(json.dumps(package, indent=2, ensure_ascii=False) + "\n")


_WRITERS: Final = {
    "sqlite": to_sqlite,
    "parquet": to_parquet,
    "csv": to_csv,
    "json": to_json,
    "datapackage": to_datapackage,
}


def export(
    reg: Registry,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    on: Any = None,
    force: bool = False,
) -> None:
    """Write `reg` in one of `FORMATS` to `path` (a file for sqlite and json, a folder
    otherwise), atomically: a failed export leaves `path` as it was."""
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ExportError(f"no export format {fmt!r} (formats: {', '.join(FORMATS)})") from None
    writer(reg, path, on=on, force=force)


_JSON_TYPES: Final[dict[Kind, Row]] = {
    "text": {"type": ["string", "null"]},
    "integer": {"type": ["integer", "null"]},
    "boolean": {"type": "boolean"},
    "date": {"type": ["string", "null"], "format": "date"},
    "list": {"type": "array", "items": {"type": "string"}},
    "mapping": {"type": "object", "additionalProperties": {"type": "string"}},
}


def json_schema() -> Row:
    """The JSON Schema of `to_json`'s file, from `TABLES`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:treatyreg:schema:registry-export:1",
        "title": "treatyreg registry export, version 1",
        "type": "object",
        "required": ["treatyreg_export", "tables"],
        "properties": {
            "treatyreg_export": {"const": EXPORT_VERSION},
            "registry": {"type": "string"},
            "as_of": {"type": ["string", "null"], "format": "date"},
            "status_on": {"type": "string", "format": "date"},
            "status_on_reason": {"type": "string"},
            "license": {"type": "string"},
            "tables": {
                "type": "object",
                "additionalProperties": False,
                "required": list(TABLES),
                "properties": {
                    name: {
                        "description": table.description,
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": [c.name for c in table.columns],
                            "properties": {
                                c.name: {**_JSON_TYPES[c.kind], "description": c.description}
                                for c in table.columns
                            },
                        },
                    }
                    for name, table in TABLES.items()
                },
            },
        },
    }

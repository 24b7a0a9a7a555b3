"""The `treatyreg` command: calls the public API and turns its errors into one clear line."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import textwrap
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from treatyreg._limits import Limits
from treatyreg._terminal import (
    colour_on,
    github_escape,
    is_terminal,
    json_text,
    loading_note,
    shown,
    status_style,
    table,
    width,
)
from treatyreg.dates import parse_day
from treatyreg.diagnostics import Diagnostic, Severity, ValidationError
from treatyreg.errors import DateError, FilterError, TooManyLanesError, TreatyregError
from treatyreg.evidence import STALE_AFTER_YEARS, AsOf
from treatyreg.export import (
    AGREEMENT_ROW_COLUMNS,
    PARTICIPATION_COLUMNS,
    SHOWN_WHEN_GIVEN,
    agreement_dict,
    agreement_row,
    assessment_dict,
    participation_rows,
)
from treatyreg.lifecycle import Status, has_party_timelines
from treatyreg.loading import load, load_default, validation
from treatyreg.model import steps_of
from treatyreg.registry import Registry

if TYPE_CHECKING:
    from treatyreg._card import Card

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own usage errors: exit 2, one line
        said = shown(message)  # it may quote what was typed: escape sequences and all
        self.exit(EXIT_USAGE, f"treatyreg: error: {said}\n(see {self.prog} --help)\n")


def _registry(args: argparse.Namespace) -> Registry:
    cache = False if getattr(args, "no_cache", False) else None
    if args.data == "":
        raise UsageError("--data is empty: give a registry file or folder")
    from treatyreg import _cache

    _cache.refused()  # what an earlier command in this process met is not this one's
    if args.data:
        with loading_note(shown(str(args.data))):
            reg = load(args.data, cache=cache)
    else:
        reg = load_default(cache=cache)
    why = _cache.refused()  # the cache is on, unless it cannot be here: say so, and why
    if why is not None:
        print(
            f"treatyreg: note: the cache of validated registries is off here: {shown(why)}",
            file=sys.stderr,
        )
    return reg


def _day(args: argparse.Namespace) -> dt.date | None:
    on = getattr(args, "on", None)
    return None if on is None else parse_day(on)  # `--on ""` is an error, not "no day"


# -- list ------------------------------------------------------------------------------
def _table(
    rows: list[dict[str, str]],
    columns: Sequence[str],
    shrink: Sequence[tuple[str, int]] = (("title", 24),),
    optional: Sequence[str] = ("parties", "signed"),
    below: str | None = "title",
) -> str:
    """Rows fitted to the terminal (titles shortened, then optional columns left out, then
    titles on lines of their own, and a line that says so; ids and dates never cut, as the
    id is what a user types next), the status column coloured on a terminal."""
    colour = colour_on(sys.stdout)
    styles = [
        {
            "status": status_style(r["status"], bool(r.get("stale"))),
            "party_status": status_style(r.get("party_status", ""), bool(r.get("party_stale"))),
        }
        for r in rows
    ]
    shown_rows = [
        {
            **r,
            "status": _status_cell(r),
            **({"party_status": _status_cell(r, "party_")} if "party_status" in r else {}),
        }
        for r in rows
    ]
    fit = width(sys.stdout)
    text, done = table(
        shown_rows,
        columns,
        fit=fit,
        shrink=shrink,
        optional=optional,
        below=below if below in columns else None,
        last_resort=("last_evidence", "party_status"),
        styles=styles,
        colour=colour,
    )
    if done:
        note = f"(to fit {fit} columns: {', '.join(done)}; --format csv gives all)"
        text += "\n" + textwrap.fill(note, fit or 100)
    return text


def _write_csv(rows: list[dict[str, str]], columns: Sequence[str]) -> None:
    """Rows as CSV on stdout, with the header even when there is no row."""
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = buffer.getvalue()
    # CSV is data, written as it is, except on a terminal, which would act on it
    sys.stdout.write(shown_lines(text) if is_terminal(sys.stdout) else text)


def _json(data: object, *, ascii_only: bool = False) -> str:
    """`data` as indented JSON (json is imported by the commands that print it)."""
    import json

    return json_text(json.dumps(data, indent=2, ensure_ascii=ascii_only))


def _status_cell(row: dict[str, str], prefix: str = "") -> str:
    """A status for a terminal table: `*` after one that is only the last known (the
    footer says so), so that two status columns and a whole id fit 100 columns."""
    status = row[prefix + "status"].replace("_", " ") or "not concluded"
    return f"{status}*" if row.get(prefix + "stale") else status


def _said_day(on: AsOf, who: str = "") -> str:
    """ "status on 2026-12-01 (the registry's as-of day); * last known: …"."""
    return f"status{who} on {on}; * last known: no evidence in the {STALE_AFTER_YEARS} years before"


def cmd_list(args: argparse.Namespace) -> int:
    reg = _registry(args)
    try:
        found = reg.filter(
            party=args.party,
            status=args.status,
            party_status=args.party_status,
            on=_day(args),
            topic=args.topic,
            kind=args.kind,
            text=args.text,
        )
    except FilterError:
        raise UsageError(
            "--party-status is the standing of one party: give exactly one --party "
            "(--status is the agreement's own)"
        ) from None
    scope = found.scope()
    judged = [scope.assess(a) for a in found]  # `status`: always the agreement's own
    party = found.party  # with one --party, its standing too, in columns of its own
    standing = [scope.assess(a, party) if party in a.parties else None for a in found]
    if args.format == "json":
        data = [agreement_dict(a, judged=j) for a, j in zip(found, judged, strict=True)]
        if party is not None:
            for d, m in zip(data, standing, strict=True):
                d["party"] = party  # its standing, as `status` and `assessment` are the
                d["party_status"] = None if m is None or m.status is None else str(m.status)
                d["party_assessment"] = assessment_dict(m) if m else None  # agreement's
        print(_json(data))
        return EXIT_OK
    rows = [agreement_row(a, judged=j) for a, j in zip(found, judged, strict=True)]
    if party is not None:
        for row, m in zip(rows, standing, strict=True):
            row["party"] = party
            row["party_status"] = str(m.status) if m and m.status else ""
            row["party_last_evidence"] = m.last_evidence.text if m and m.last_evidence else ""
            row["party_stale"] = "true" if m and m.stale else ""
    mine = ["party_status"] if party is not None else []
    columns = ["id", "signed", "status", *mine, "last_evidence", "parties", "title"]
    if args.format == "csv":
        extra = ["party", "party_status", "party_last_evidence", "party_stale"] if mine else []
        _write_csv(rows, [*AGREEMENT_ROW_COLUMNS, *extra])
        return EXIT_OK
    if not rows:
        print(f"no agreement matches (status on {scope.on})", file=sys.stderr)
        return EXIT_OK
    print(_table(rows, columns))
    who = f"; party status: as {shown(reg.party(party).name)} stands" if party else ""
    said = f"{len(rows)} of {len(reg)} agreements; {_said_day(scope.on)}{who}"
    print("\n" + textwrap.fill(said, width(sys.stdout) or 100))
    return EXIT_OK


# -- show ------------------------------------------------------------------------------
def _show_text(card: Card) -> str:
    a = card.agreement
    names = ", ".join(f"{name} ({p})" if name else p for p, name in card.parties)
    out = [
        a.title,
        "=" * min(len(a.title), 78),
        *(f"{f'title {tag}:':<10}{title}" for tag, title in a.titles),
        f"id:       {a.id}",
        f"kind:     {a.kind}" + (f" ({a.level} level)" if a.level else ""),
        f"parties:  {names}",
    ]
    if a.aliases:
        out.append(f"also:     {'; '.join(a.aliases)}")
    if a.topics:
        out.append(f"topics:   {', '.join(a.topics)}")
    out.append(f"status:   {card.judged}")
    out.append(f"          {card.when}")
    out += ["", "Timeline:"]
    multilateral = has_party_timelines(steps_of(a), a.parties)
    for e in a.events:
        if multilateral and e.party is not None:
            continue  # each party's steps are in its participation chart
        who = f" [{e.party}]" if e.party else ""
        extra = "; ".join(x for x in (e.body, e.place) if x)
        out.append(f"  {e.date.text:<24} {e.action}{who}" + (f" — {extra}" if extra else ""))
        out.append(f"  {'':<24} sources: {', '.join(e.sources)}")
        if e.note:
            out += [f"  {'':<24} {line}" for line in textwrap.wrap(f"note: {e.note}", 52)]
        for claim in e.alternatives:
            where = f", {claim.place}" if claim.place else ""
            out.append(
                f"  {'':<24} conflicting claim: {claim.date.text}{where}"
                f" ({', '.join(claim.sources)})"
            )
            if claim.note:
                out += [f"  {'':<26} {line}" for line in textwrap.wrap(claim.note, 50)]
    if multilateral:
        rows = participation_rows(a, scope=card.scope)
        out += [
            "",
            f"Participation: {_participation_summary(rows)} ({card.when});",
            f"  the chart: treatyreg parties {a.id}",
        ]
        rule = a.entry_into_force_rule
        if rule is not None:
            derived = sum(1 for r in rows if r["derived_from"])
            out += textwrap.wrap(
                f"Entry into force for each party: {rule}; {derived} of the chart's days "
                "are derived from it, not a source's (marked in the chart)",
                78,
                initial_indent="  ",
                subsequent_indent="    ",
            )
    if card.relations:
        out += ["", "Relations:"]
        for r in card.relations:
            arrow = f"{r.type} ->" if r.direction == "out" else f"<- {r.type}"
            out.append(f"  {arrow} {r.other_id}")
    if a.notes:
        out += ["", "Notes:", *("  " + line for line in textwrap.wrap(a.notes, 76))]
    out += ["", "Sources:"]
    for sid in card.cited:
        s = card.sources.get(sid)
        if s is None:
            out.append(f"  [{sid}]")
            continue
        meta = ", ".join(x for x in (s.publisher, s.published.text if s.published else None) if x)
        out.append(f"  [{sid}] {s.title}" + (f" ({meta})" if meta else ""))
        if s.url:
            out.append(f"      {s.url}")
    return "\n".join(shown(line) for line in out)  # one line each: data escaped


def cmd_show(args: argparse.Namespace) -> int:
    reg = _registry(args)
    a = reg.agreement(args.id)
    day = _day(args)
    if args.format == "json":
        data = agreement_dict(a, judged=reg.assess(a, day))
        data["related"] = [
            {"direction": r.direction, "type": str(r.relation.type), "agreement": r.other.id}
            for r in reg.related(a.id)
        ]
        print(_json(data))
    else:
        from treatyreg._card import Card

        print(_show_text(Card.of(reg, a, day)))
    return EXIT_OK


# -- parties ---------------------------------------------------------------------------
def cmd_parties(args: argparse.Namespace) -> int:
    reg = _registry(args)
    a = reg.agreement(args.id)
    day = _day(args)
    if args.output is not None:
        if not _picture_suffix(args.output):
            return EXIT_USAGE
        from treatyreg.plot import participation

        try:
            fig = participation(a, on=day, registry=reg)
        except ImportError as error:  # matplotlib is an optional extra
            print(f"treatyreg: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        _save(fig, args.output)
        print(f"wrote {_named(args.output)}: {len(a.parties)} participants", file=sys.stderr)
        return EXIT_OK
    names = {p.id: p.name for p in reg.parties}
    scope = attrs.evolve(reg.scope(day), agreements=(a,))
    rows = participation_rows(a, names=names, scope=scope)
    if args.format == "json":
        print(_json(rows))
        return EXIT_OK
    if args.format == "csv":
        _write_csv(rows, PARTICIPATION_COLUMNS)
        return EXIT_OK
    print(shown(f"{a.title} ({a.id})"))
    columns = [
        c
        for c in PARTICIPATION_COLUMNS
        if c not in ("name", "stale") and (c not in SHOWN_WHEN_GIVEN or any(r[c] for r in rows))
    ]
    print(
        _table(
            rows,
            columns,
            shrink=(),
            optional=(
                "territories",
                "signature_withdrawn",
                "provisional_application_terminated",
                "withdrawal_notified",
                "means",
                "signed",
            ),
        )
    )
    said = f"{_participation_summary(rows)}; {_said_day(scope.on)}"
    if any(r["derived_from"] for r in rows):
        said += (
            f"; an entry into force with DERIVED FROM is not a source's date: {a.id}'s "
            f"rule gives it from the consent ({a.entry_into_force_rule})"
        )
    if any(r["withdrawal_pending"] for r in rows):
        said += "; a pending withdrawal was notified and takes effect on WITHDRAWN"
    print("\n" + textwrap.fill(said, width(sys.stdout) or 100))
    return EXIT_OK


def _participation_summary(rows: list[dict[str, str]]) -> str:
    """'3 signatories, 2 parties (2 in force), 1 withdrawn' from participation rows: a
    signatory signed and did not withdraw its signature; a party consented and has not
    left (a signatory provisionally applying it is not one)."""
    signatories = sum(1 for r in rows if r["signed"] and not r["signature_withdrawn"])
    consented = {"ratified", "provisionally_applied", "in_force", "suspended"}
    parties = sum(1 for r in rows if r["consent"] and r["status"] in consented)
    in_force = sum(1 for r in rows if r["status"] == "in_force")
    withdrawn = sum(1 for r in rows if r["status"] == "withdrawn")
    return (
        f"{len(rows)} participants: {signatories} signatories, {parties} parties "
        f"({in_force} in force), {withdrawn} withdrawn"
    )


# -- validate --------------------------------------------------------------------------
def shown_lines(text: str) -> str:
    """Each line of `text` as `shown` gives it: the lines stay, the data in them escaped."""
    return "\n".join(shown(line) for line in text.split("\n"))


def format_diagnostics(problems: Sequence[Diagnostic], fmt: str) -> str:
    """Diagnostics in the `text`, `json` or `github` output format."""
    if fmt == "json":  # bytes of a file name that are not UTF-8 as JSON escapes (\\udcff)
        return _json([p.to_dict() for p in problems])
    if fmt == "github":
        lines = []
        for p in problems:
            level = "error" if p.severity is Severity.ERROR else "warning"
            message = p.message + (f" ({p.hint})" if p.hint else "")
            lines.append(
                f"::{level} file={github_escape(shown(p.path), True)},line={p.line},"
                f"col={p.column},title={github_escape(p.code, True)}::"
                f"{github_escape(shown(message))}"
            )
        return "\n".join(lines)
    return "\n".join(shown(str(p)) for p in problems)


# The reader's limits, each a `validate` option of the same name (`--max-depth N`).
_LIMITS: Final = {
    "max_depth": "deepest nesting accepted",
    "max_alias_nodes": "nodes reachable through YAML aliases",
    "max_problems": "problems per file before reading it stops",
    "max_total_problems": "problems in all files before reading more stops",
    "max_bytes": "largest file accepted",
    "max_total_bytes": "bytes read from all files together",
}


def cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths
    if not paths:  # never the bundled data: a CI step that forgets its path must fail
        from treatyreg._project import ProjectError, settings

        try:
            found = settings()
        except ProjectError as error:
            print(f"treatyreg: error: {shown(str(error))}", file=sys.stderr)
            return EXIT_USAGE
        if found is None:
            print(
                "treatyreg: error: no path given: name the registry's files or folders "
                "(treatyreg validate data/), or list them in pyproject.toml as\n"
                '  [tool.treatyreg]\n  paths = ["data/"]',
                file=sys.stderr,
            )
            return EXIT_USAGE
        paths = list(found.paths)
        print(shown(f"paths from {found.file}: {', '.join(map(str, paths))}"), file=sys.stderr)
    limits = Limits(**{name: getattr(args, name) for name in _LIMITS})
    checked = validation(paths, limits=limits)
    problems = list(checked.diagnostics)
    named = {str(x) for x in paths} | {str(Path(x)) for x in paths}  # `reg/` is `reg`
    if any(p.code == "TR001" and p.path in named for p in problems):
        for p in problems:
            if p.code == "TR001":
                print(f"treatyreg: error: {shown(p.message)}", file=sys.stderr)
        return EXIT_USAGE
    if args.strict:
        problems = [attrs.evolve(p, severity=Severity.ERROR) for p in problems]
        checked = attrs.evolve(checked, diagnostics=tuple(problems))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    code = EXIT_INVALID if errors else EXIT_OK
    try:
        if problems or args.format == "json":  # json readers get `[]` for a valid registry
            print(format_diagnostics(problems, args.format))
        if args.format != "json":  # say what was checked, so a file left out shows
            if sys.stdout is not None:  # None when stdout was closed (`>&-`)
                sys.stdout.flush()
            print(shown(checked.summary()), file=sys.stderr)
    except BrokenPipeError:  # `treatyreg validate BAD | head -1` still fails the pipeline
        _stdout_gone()
    return code


# -- coverage --------------------------------------------------------------------------
def cmd_coverage(args: argparse.Namespace) -> int:
    reg = _registry(args)
    rows = reg.coverage()
    if args.output is not None:
        if not _picture_suffix(args.output):
            return EXIT_USAGE
        from treatyreg.plot import coverage

        try:
            fig = coverage(reg)
        except ImportError as error:  # matplotlib is an optional extra
            print(f"treatyreg: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        _save(fig, args.output)
        print(f"wrote {_named(args.output)}: {len(rows)} reported totals", file=sys.stderr)
        return EXIT_OK
    if args.format == "json":
        print(
            _json(
                [
                    {
                        "parties": list(c.total.parties),
                        "as_of": c.total.as_of.text,
                        "reported": c.total.count,
                        "qualifier": c.total.kind,
                        "counted": c.total.counted or "signed",
                        "said": c.total.said,
                        "approximate": c.total.kind == "about",
                        "held": c.held,
                        "share": round(c.share, 4),  # a number; its text form beside it
                        "share_text": c.share_text,
                        "sources": list(c.total.sources),
                    }
                    for c in rows
                ]
            )
        )
        return EXIT_OK
    print(f"{'PARTIES':<10} {'AS OF':<14} {'REPORTED':<20} {'HELD':>5}  SHARE")
    for c in rows:
        print(
            shown(
                f"{'-'.join(c.total.parties):<10} {c.total.as_of.text:<14} "
                f"{c.total.said:<20} {c.held:>5}  {c.share_text}"
            )
        )
    print(
        "\nheld: agreements between exactly those parties signed by that day (in force on it,"
        " for a total of those in force); ~ about, ≤ of a total said as 'over N'",
        file=sys.stderr,
    )
    return EXIT_OK


# -- timeline --------------------------------------------------------------------------
def cmd_timeline(args: argparse.Namespace) -> int:
    reg = _registry(args)
    found = reg.filter(party=args.party, topic=args.topic, on=_day(args))
    if args.output is None:
        import shutil

        from treatyreg.plot import text_timeline

        term = shutil.get_terminal_size((100, 24)).columns
        columns = args.width or min(max(term, _WIDTHS[0]), _WIDTHS[1])
        print(shown_lines(text_timeline(found, width=columns, ascii=args.ascii)))
        return EXIT_OK
    if not _picture_suffix(args.output):
        return EXIT_USAGE
    from treatyreg.plot import timeline

    try:
        fig = timeline(found, labels=args.labels, max_lanes=args.max_lanes)
    except (ImportError, TooManyLanesError) as error:  # matplotlib is an optional extra
        print(f"treatyreg: error: {shown(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    _save(fig, args.output)
    print(
        f"wrote {_named(args.output)}: {len(found)} agreement(s), status on {found.on}",
        file=sys.stderr,
    )
    return EXIT_OK


def _named(output: str) -> str:
    return "a PNG picture to stdout" if output == "-" else shown(output)


def _save(fig: Any, output: str) -> None:
    """The picture to its file, or as PNG to stdout for `-`."""
    if output == "-":
        sys.stdout.flush()
        fig.savefig(sys.stdout.buffer, format="png", dpi=110)
        sys.stdout.buffer.flush()
    else:
        fig.savefig(output, dpi=110)


def _picture_suffix(output: str) -> bool:
    """Whether `--output` names a picture format (or is `-`, stdout, for PNG); says why not."""
    if output == "-":
        if not is_terminal(sys.stdout):
            return True
        print("treatyreg: error: not writing a picture to a terminal", file=sys.stderr)
        return False
    if output.lower().endswith((".png", ".svg", ".pdf")):
        return True
    print(
        f"treatyreg: error: --output must end in .png, .svg or .pdf: {shown(output)!r}",
        file=sys.stderr,
    )
    return False


# -- graph -----------------------------------------------------------------------------
def cmd_graph(args: argparse.Namespace) -> int:
    from treatyreg.graph import dot, mermaid

    render = mermaid if args.format == "mermaid" else dot
    sys.stdout.write(render(_registry(args), labels=args.labels, include_isolated=args.all))
    return EXIT_OK


# -- export ----------------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    from treatyreg import publish

    reg = _registry(args)
    to_stdout = args.output == "-"  # stdout, for the formats that are one file
    if to_stdout and args.format not in ("json", "sqlite"):
        raise UsageError(
            f"--output - (stdout) takes one file: json or sqlite, not {args.format}, which "
            "is a folder of files"
        )
    if to_stdout and args.format == "sqlite" and is_terminal(sys.stdout):
        raise UsageError("not writing a SQLite database to a terminal")
    try:
        if to_stdout:
            _export_to_stdout(reg, args)
        else:
            publish.export(reg, args.format, args.output, on=_day(args), force=args.force)
    except ImportError as error:  # sqlite-utils or pyarrow: optional extras
        raise UsageError(str(error)) from None
    except publish.ExportError as error:
        raise UsageError(str(error)) from None
    what = f"{len(reg)} agreements, {len(publish.TABLES)} tables, status on {reg.day(_day(args))}"
    where = f"the {args.format} export to stdout" if to_stdout else shown(args.output)
    print(f"wrote {where}: {what}", file=sys.stderr)
    if args.format == "sqlite" and not to_stdout:
        meta = publish.metadata_path(args.output)
        print(f"browse it: datasette {shown(args.output)} -m {shown(str(meta))}", file=sys.stderr)
    return EXIT_OK


def _export_to_stdout(reg: Registry, args: argparse.Namespace) -> None:
    """`--output -`: a JSON or SQLite export written to a private temporary folder, then
    copied to stdout (JSON with nothing a terminal acts on raw: the same JSON value)."""
    import shutil
    import tempfile

    from treatyreg import publish

    with tempfile.TemporaryDirectory(prefix="treatyreg-export-") as folder:
        path = Path(folder) / f"export.{'db' if args.format == 'sqlite' else 'json'}"
        publish.export(reg, args.format, path, on=_day(args))
        sys.stdout.flush()
        if args.format == "json":
            with path.open(encoding="utf-8") as text:
                while chunk := text.read(1 << 16):
                    sys.stdout.write(json_text(chunk))
            sys.stdout.flush()
        else:
            with path.open("rb") as handle:
                shutil.copyfileobj(handle, sys.stdout.buffer)
            sys.stdout.buffer.flush()


# -- cache -----------------------------------------------------------------------------
def cmd_cache(args: argparse.Namespace) -> int:
    from treatyreg import _cache

    if args.action == "clear":
        try:
            removed = _cache.clear()
        except OSError as error:
            raise UsageError(
                f"cannot clear the cache at {_cache.cache_dir()}: {error.strerror or error}"
            ) from None
        print(f"removed {removed} entries from {shown(str(_cache.cache_dir()))}")
        return EXIT_OK
    found = _cache.info()
    if args.format == "json":
        print(_json(found))
        return EXIT_OK
    state = "on" if found["why_off"] is None else f"off: {found['why_off']}"
    size = int(str(found["bytes"])) / 2**20
    limit = int(str(found["limit"])) / 2**20
    print(shown(f"folder:  {found['folder'] or 'none'}"))
    print(shown(f"state:   {state}"))
    print(f"entries: {found['entries']} ({size:.1f} MiB of {limit:.0f} MiB)")
    return EXIT_OK


def _cache_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "action",
        choices=["info", "clear"],
        help="info: where the cache is, whether it is on (and why not), its size; "
        "clear: remove its entries",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")


# -- schema ----------------------------------------------------------------------------
def cmd_schema(args: argparse.Namespace) -> int:
    if args.diff:
        from treatyreg._diffout import json_schema as diff_schema

        print(_json(diff_schema(), ascii_only=True))
        return EXIT_OK
    if args.export:
        from treatyreg.publish import json_schema as export_schema

        print(_json(export_schema(), ascii_only=True))
        return EXIT_OK
    from treatyreg._schema import json_schema

    print(_json(json_schema(), ascii_only=True))
    return EXIT_OK


# -- diff ------------------------------------------------------------------------------
def cmd_diff(args: argparse.Namespace) -> int:
    from treatyreg._revisions import GitError
    from treatyreg.changes import compare, read_side

    sides: list[list[str]]
    if args.base is not None:
        paths = list(args.sides) or [str(p) for p in _project_paths()]
        if not args.base or args.base.startswith("-"):
            raise UsageError(f"--base {args.base!r} is not a git revision")
        # `REV:./PATH`: git reads PATH from the working directory, as the files are named
        sides = [[f"{args.base}:./{Path(p).as_posix()}" for p in paths], paths]
    elif len(args.sides) == 2:
        sides = [[args.sides[0]], [args.sides[1]]]
    else:
        raise UsageError(
            "give OLD and NEW (files, folders or git revisions such as main:data/), "
            "or --base REV [PATH]"
        )
    which = "old"
    try:
        cache = False if args.no_cache else None
        with loading_note(shown(", ".join(sides[0]))):
            old, _ = read_side(sides[0], positions=False, cache=cache)
        which = "new"
        with loading_note(shown(", ".join(sides[1]))):
            new, where = read_side(sides[1])
        changes = compare(old, new, where, names=(", ".join(sides[0]), ", ".join(sides[1])))
    except ValidationError as error:
        problems = [p for p in error.diagnostics if p.severity is Severity.ERROR]
        side = ", ".join(sides[0 if which == "old" else 1])
        print(
            shown(f"treatyreg: error: the {which} side ({side}) is not a valid registry:"),
            file=sys.stderr,
        )
        fmt = "github" if args.format == "github" else "text"
        if fmt == "github" and which == "new":  # NEW read at a revision: as checked out
            from treatyreg._revisions import as_checked_out

            problems = [attrs.evolve(p, path=as_checked_out(p.path)) for p in problems]
        print(format_diagnostics(problems, fmt), file=sys.stdout if fmt == "github" else sys.stderr)
        return EXIT_USAGE
    except (GitError, ValueError) as error:
        raise UsageError(str(error)) from None
    from treatyreg import _diffout

    if args.format == "json":
        print(_json(_diffout.to_dict(changes)))
    elif args.format == "markdown":
        print(_diffout.markdown(changes), end="")
    elif args.format == "github":
        said = _diffout.github(changes)
        if said:
            print(said)
    else:
        print(_diffout.text(changes, colour_on(sys.stdout)))
    return EXIT_INVALID if changes else EXIT_OK


def _project_paths() -> tuple[Path, ...]:
    """`paths` of [tool.treatyreg] in the nearest pyproject.toml; UsageError without."""
    from treatyreg._project import ProjectError, settings

    try:
        found = settings()
    except ProjectError as error:
        raise UsageError(str(error)) from None
    if found is None:
        raise UsageError(
            "no path given, and no [tool.treatyreg] paths in a pyproject.toml here: "
            "name the registry's files or folders (treatyreg diff --base main data/)"
        )
    return found.paths


def _diff_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "sides",
        nargs="*",
        metavar="SIDE",
        help="OLD and NEW: each a registry file or folder, or a git revision of one "
        "(main:data/, HEAD~1:data/agreements.yaml); with --base, the PATHs to compare "
        "(default: `paths` of [tool.treatyreg])",
    )
    p.add_argument(
        "--base",
        metavar="REV",
        help="compare the PATHs as they are with the same PATHs at git revision REV "
        "(e.g. origin/main): the short form for CI",
    )
    p.add_argument(
        "--format",
        choices=["text", "markdown", "json", "github"],
        default="text",
        help="text for a terminal, markdown for a pull request or $GITHUB_STEP_SUMMARY, "
        "json (schema/treatyreg-diff-1.schema.json), github (notices at the changed lines)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="read OLD's files even when the cache of validated registries has them "
        "(also: TREATYREG_NO_CACHE=1); NEW is always read, for its line numbers",
    )


# `treatyreg.publish.FORMATS`, not imported here: publishing's tables cost 9 ms at start-up
# for every command (a test keeps the two equal)
EXPORT_FORMATS: Final = ("sqlite", "parquet", "csv", "json", "datapackage")
_ON_HELP: Final = "judge status on this day (default: the registry's as_of day, else today)"


def _add_data(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data", metavar="PATH", help="a registry file or folder (default: the bundled dataset)"
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="read the files even when the cache of validated registries has them "
        "(also: TREATYREG_NO_CACHE=1)",
    )


def _list_arguments(p: argparse.ArgumentParser) -> None:
    _add_data(p)
    p.add_argument(
        "--party",
        action="append",
        help="a party id, name or alias (case-insensitive); repeat for any of several",
    )
    p.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help=f"status on --on, any case ({', '.join(Status)}); repeat for any of several",
    )
    p.add_argument(
        "--party-status",
        action="append",
        metavar="STATUS",
        help="the one --party's standing on --on (in force for it, …); repeat for any of "
        "several. --status is always the agreement's own",
    )
    p.add_argument("--on", metavar="DAY", help=_ON_HELP)
    p.add_argument("--topic", action="append", help="a topic, e.g. defence; repeatable")
    p.add_argument("--kind", action="append", help="a kind, e.g. treaty; repeatable")
    p.add_argument(
        "--text",
        help="case-insensitive text in titles (in any language, ё as е), aliases and notes",
    )
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="the agreement's id, title or alias")
    _add_data(p)
    p.add_argument("--on", metavar="DAY", help=_ON_HELP)
    p.add_argument("--format", choices=["text", "json"], default="text")


def _parties_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="the agreement's id, title or alias")
    _add_data(p)
    p.add_argument("--on", metavar="DAY", help=_ON_HELP)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument(
        "--output",
        metavar="FILE",
        help="write a picture of participation over time (.png, .svg or .pdf, or - for PNG "
        "on stdout; needs treatyreg[plot]) instead of the chart",
    )


def _validate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: `paths` of [tool.treatyreg] in the nearest "
        "pyproject.toml; never the bundled data)",
    )
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    defaults = Limits()
    for name, what in _LIMITS.items():
        p.add_argument(
            "--" + name.replace("_", "-"),
            type=int,
            default=getattr(defaults, name),
            metavar="N",
            help=f"{what} (default {getattr(defaults, name)})",
        )


def _coverage_arguments(p: argparse.ArgumentParser) -> None:
    _add_data(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--output",
        metavar="FILE",
        help="write a picture of the reported totals against the registry's count over time "
        "(.png, .svg or .pdf, or - for PNG on stdout; needs treatyreg[plot])",
    )


def _export_arguments(p: argparse.ArgumentParser) -> None:
    _add_data(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        help="a file for sqlite and json (- for stdout), a folder for parquet, csv and datapackage",
    )
    p.add_argument("--on", metavar="DAY", help=_ON_HELP)
    p.add_argument(
        "--force",
        action="store_true",
        help="replace PATH (and for sqlite its .metadata.json) even when it is not an earlier "
        "export or was edited; never a pipe or a device",
    )


def _schema_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--export",
        action="store_true",
        help="the schema of `treatyreg export --format json` instead",
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="the schema of `treatyreg diff --format json` instead",
    )


def _timeline_arguments(p: argparse.ArgumentParser) -> None:
    _add_data(p)
    p.add_argument(
        "--output",
        metavar="FILE",
        help="write a picture (.png, .svg or .pdf, or - for PNG on stdout; needs "
        "treatyreg[plot]) instead of text",
    )
    p.add_argument(
        "--on",
        metavar="DAY",
        help="draw up to this day (default: the registry's as_of day, else today)",
    )
    p.add_argument(
        "--party", action="append", help="only this party's agreements (repeat: any of them)"
    )
    p.add_argument("--topic", action="append", help="only agreements with this topic (repeatable)")
    p.add_argument(
        "--max-lanes",
        type=int,
        default=200,
        metavar="N",
        help="refuse a picture of more agreements than this (default 200)",
    )
    p.add_argument("--labels", choices=["id", "title"], default="id", help="picture lane labels")
    p.add_argument(
        "--width",
        type=_width,
        metavar="N",
        help=f"text width, {_WIDTHS[0]} to {_WIDTHS[1]} (default: the terminal's)",
    )
    p.add_argument("--ascii", action="store_true", help="text in ASCII characters only")


_WIDTHS: Final = (40, 1000)  # a text timeline's width: room for a label, and bounded


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not _WIDTHS[0] <= value <= _WIDTHS[1]:
        raise argparse.ArgumentTypeError(f"{value} is not between {_WIDTHS[0]} and {_WIDTHS[1]}")
    return value


def _graph_arguments(p: argparse.ArgumentParser) -> None:
    _add_data(p)
    p.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    p.add_argument("--labels", choices=["id", "title"], default="id", help="node labels")
    p.add_argument("--all", action="store_true", help="include agreements with no relation")


# The commands, in the order of `--help`: (name, what it does, an example, what runs it,
# what sets up its arguments)
_COMMANDS: Final[
    tuple[
        tuple[
            str,
            str,
            str,
            Callable[[argparse.Namespace], int],
            Callable[[argparse.ArgumentParser], None],
        ],
        ...,
    ]
] = (
    (
        "list",
        "List agreements, filtered, with their status.",
        "treatyreg list --party Russia --status in_force --on 2020-01-01",
        cmd_list,
        _list_arguments,
    ),
    (
        "show",
        "Show one agreement: its sourced timeline, conflicts and relations.",
        "treatyreg show ru-so-2023-military-technical-cooperation",
        cmd_show,
        _show_arguments,
    ),
    (
        "parties",
        "Show a multilateral agreement's participation chart: each party's steps and status.",
        "treatyreg parties example-convention --on 2018-01-01 --format csv",
        cmd_parties,
        _parties_arguments,
    ),
    (
        "validate",
        "Check registry files and report every problem at file:line:col.",
        "treatyreg validate data/ --format github",
        cmd_validate,
        _validate_arguments,
    ),
    (
        "coverage",
        "Compare officials' reported totals with what the registry holds.",
        "treatyreg coverage",
        cmd_coverage,
        _coverage_arguments,
    ),
    (
        "export",
        "Write the registry as tables: SQLite (for Datasette), Parquet (for DuckDB, Spark), "
        "CSV, JSON or a Frictionless data package.",
        "treatyreg export --format sqlite --output reg.db && datasette reg.db",
        cmd_export,
        _export_arguments,
    ),
    (
        "cache",
        "Show or clear the cache of validated registries (as pip cache does).",
        "treatyreg cache info",
        cmd_cache,
        _cache_arguments,
    ),
    (
        "schema",
        "Print the JSON Schema of the file format (or, with --export, of the JSON export; "
        "with --diff, of the diff's JSON).",
        "treatyreg schema > schema/treatyreg-1.schema.json",
        cmd_schema,
        _schema_arguments,
    ),
    (
        "timeline",
        "Show the agreements' phases over time: as text, or as a picture with --output.",
        "treatyreg timeline --party 'South Ossetia' --output timeline.png",
        cmd_timeline,
        _timeline_arguments,
    ),
    (
        "diff",
        "Show what a change to a registry means: statuses over time, facts, sources and "
        "totals (exit 1 when any changed, as git diff --exit-code).",
        "treatyreg diff --base origin/main data/ --format markdown",
        cmd_diff,
        _diff_arguments,
    ),
    (
        "graph",
        "Print the relations between agreements as a Mermaid or Graphviz DOT diagram.",
        "treatyreg graph --format dot | dot -Tsvg > relations.svg",
        cmd_graph,
        _graph_arguments,
    ),
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; `docs/cli.md` is generated from its help. With `command` (one
    of the commands' names), the parser of that command alone: what `main` uses to run it,
    since setting up all nine commands' arguments costs 3 ms of every run."""
    parser = _Parser(
        prog="treatyreg",
        description="A sourced registry of treaties and agreements, kept as YAML.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent("""\
            examples:
              treatyreg list --party "South Ossetia" --status in_force
              treatyreg show ru-so-2017-units-entry
              treatyreg validate data/
            """),
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, what, example, run, arguments in _COMMANDS:
        if command is not None and name != command:
            continue
        p = sub.add_parser(
            name,
            help=what,
            description=what,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            epilog=f"example:\n  {example}\n",
        )
        p.set_defaults(run=run)
        arguments(p)
    return parser


class _VersionAction(argparse.Action):
    """`--version`, looking the version up only when asked (importlib.metadata is slow to
    import, and every other command would pay for it)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    from treatyreg._version import __version__

    return __version__


def _stdout_gone() -> None:
    """The reader of our output went away (`| head`): send what is left to /dev/null, so
    that flushing at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (captured; closed)
        pass
    finally:
        os.close(devnull)


def _tolerant_streams() -> None:
    """Write characters the terminal's encoding lacks as `?` instead of failing (a Windows
    runner's cp1252, `PYTHONIOENCODING=ascii`): a report must never crash on its input."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


class UsageError(Exception):
    """An option the command cannot use (exit 2)."""


def _shown_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A library's warning (matplotlib's "Glyph 27 missing", quoting a title) with what a
    terminal would act on escaped."""
    text = warnings.formatwarning(message, category, filename, lineno, line)
    stream = sys.stderr if file is None else file
    if stream is not None:
        stream.write(shown_lines(text.rstrip("\n")) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 invalid data or failed lookup, 2 usage)."""
    _tolerant_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    # a command's name first: only its parser (anything else, such as --help: all of them)
    names = {name for name, *_ in _COMMANDS}
    parser = build_parser(argv[0] if argv and argv[0] in names else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    if sys.stdout is None and args.run is not cmd_validate:  # `>&-`: nowhere to write to
        print("treatyreg: error: stdout is closed: nothing can be written", file=sys.stderr)
        return EXIT_USAGE
    with warnings.catch_warnings():  # restores the hook when the command is done
        warnings.showwarning = _shown_warning
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.run(args))
    except UsageError as error:
        print(f"treatyreg: error: {shown(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as error:
        print(f"treatyreg: invalid registry: {shown(str(error))}", file=sys.stderr)
        print("(run `treatyreg validate` on it for every problem)", file=sys.stderr)
        return EXIT_INVALID
    except TreatyregError as error:  # a day the user gave; an id or a name not found
        print(f"treatyreg: error: {shown(str(error))}", file=sys.stderr)
        usage = DateError | FilterError | FileNotFoundError
        return EXIT_USAGE if isinstance(error, usage) else EXIT_INVALID
    except BrokenPipeError:  # `treatyreg list | head`: what was asked for was shown
        _stdout_gone()
        return EXIT_OK
    except OSError as error:
        print(f"treatyreg: error: {shown(str(error))}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

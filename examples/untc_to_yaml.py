"""Write examples/cluster-munitions.yaml from a saved copy of the UN Treaty Collection's
status page of the Convention on Cluster Munitions (chapter XXVI-6).

The page is not in this repository. A copy saved on 2026-02-03 sits in a public repository
that no one here wrote; the script reads it from any clone of that repository, at the commit
it names, with `git show`, so its output can be made again byte for byte:

    git clone https://github.com/mgaldino/treaties-ideal-point /tmp/treaties-ideal-point
    python examples/untc_to_yaml.py /tmp/treaties-ideal-point > examples/cluster-munitions.yaml

(`--html FILE` reads a saved page directly instead; the provenance written is then that of
the default commit and path, so use it only with that file.)

What it takes from the page: the chart's day, the title, place and day of adoption, the
general entry into force, the UN registration number, and for each participant its signature,
provisional application (marked `n`) and consent with its means (`a` accession, `A`
acceptance, `AA` approval, `d` succession, `s` definitive signature). A participant in
square brackets has withdrawn: its footnote gives the day the notice was deposited and the
day the withdrawal took effect. Four footnotes say where the Convention applies
(`TERRITORIAL` below, each checked against its footnote's words). Declarations are not
copied. Party ids are ISO 3166-1 alpha-3 codes, matched by name against
src/treatyreg/_iso3166.json or, for the names the UN spells otherwise, `UN_NAMES`.

The entry-into-force rule is Article 17 of the Convention (UNTS vol. 2688, p. 39), not the
chart: for a state whose instrument comes after the thirtieth, the first day of the sixth
month after its deposit. `applies_after` is the day of the thirtieth consent on the chart
(withdrawn participants' consents counted), computed below.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

REPOSITORY = "https://github.com/mgaldino/treaties-ideal-point"
COMMIT = "746a24fa99b65d0834f8cd6b79f458a180c338cf"
PATH = "data/raw/arms_control/html/ccm.html"
PAGE = (
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6&chapter=26&clang=_en"
)
ISO = Path(__file__).resolve().parents[1] / "src" / "treatyreg" / "_iso3166.json"
SOURCE = "untc-xxvi-6"

# The UN's names that are not among ISO 3166-1's names (the codes are not from the chart).
UN_NAMES = {
    "Bolivia (Plurinational State of)": "BOL",
    "Democratic Republic of the Congo": "COD",
    "Holy See": "VAT",
    "Netherlands (Kingdom of the)": "NLD",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Vincent and the Grenadines": "VCT",
    "State of Palestine": "PSE",
}

MEANS = {
    "": None,
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
    "s": "definitive_signature",
}


class Territorial(NamedTuple):
    """Where a footnote says the Convention applies or not, read by a person."""

    party: str
    action: str  # "ratified" (with the consent) or "declaration" (a later notice)
    territorial: str  # "excludes" or "extends to"
    territories: tuple[str, ...]
    day: str | None  # a declaration's day, as the footnote writes it
    note: str  # in our words


TERRITORIAL = (
    Territorial("DNK", "ratified", "excludes", ("Faroe Islands",), None, "until further notice"),
    Territorial(
        "NLD",
        "ratified",
        "extends to",
        ("European part", "Caribbean part (Bonaire, Sint Eustatius and Saba)"),
        None,
        "the parts of the Kingdom it was ratified for",
    ),
    Territorial(
        "NLD",
        "declaration",
        "extends to",
        ("Curaçao",),
        "20 September 2022",
        "notified by the Netherlands (C.N.286.2022)",
    ),
    Territorial(
        "NZL", "ratified", "excludes", ("Tokelau",), None, "until a declaration extends it"
    ),
    Territorial(
        "GBR",
        "declaration",
        "extends to",
        ("Isle of Man",),
        "21 February 2014",
        "the ratification extended, from the day the notice was received",
    ),
)


class Row(NamedTuple):
    """One participant's row of the chart."""

    name: str
    notes: tuple[str, ...]  # its footnote numbers
    withdrawn: bool  # the row is in square brackets
    signed: dt.date | None
    provisional: dt.date | None
    consent: dt.date | None
    means: str | None


class _Page(HTMLParser):
    """The chart's table rows (cells as text, footnote numbers apart), the footnotes by
    number, and the text of every `div` with an id (the page's labelled fields)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, list[str]]]] = []
        self.notes: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self._in_grid = 0  # table nesting depth inside the participants' table
        self._cell: list[str] | None = None
        self._sup: list[str] | None = None
        self._refs: list[str] = []
        self._div: list[tuple[str | None, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            if self._in_grid or (a.get("id") or "").endswith("_tblgrid"):
                self._in_grid += 1
        elif self._in_grid == 1 and tag == "tr":
            self.rows.append([])
        elif self._in_grid == 1 and tag == "td":
            self._cell, self._refs = [], []
        elif self._cell is not None and tag == "sup":
            self._sup = []
        elif tag == "div":
            self._div.append((a.get("id"), []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_grid:
            self._in_grid -= 1
        elif self._in_grid == 1 and tag == "td" and self._cell is not None:
            self.rows[-1].append((" ".join("".join(self._cell).split()), self._refs))
            self._cell = None
        elif tag == "sup" and self._sup is not None:
            self._refs = [*self._refs, *"".join(self._sup).split()]
            self._sup = None
        elif tag == "div" and self._div:
            ident, parts = self._div.pop()
            text = " ".join("".join(parts).split())
            if ident and ident.endswith("_divNotesAll"):
                number = re.match(r"\d+", text)
                if number:
                    self.notes[number.group(0)] = text[number.end() :].strip()
            elif ident:
                self.fields[ident.split("InnerPage_", 1)[-1]] = text
            if self._div:  # the text is the enclosing div's text too
                self._div[-1][1].append(" " + text + " ")

    def handle_data(self, data: str) -> None:
        if self._sup is not None:
            self._sup.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        if self._div:
            self._div[-1][1].append(data)


def _day(text: str) -> dt.date:
    """`3 Dec 2008` or `6 September 2024` as a date."""
    text = " ".join(text.split())
    for form in ("%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            pass
    raise ValueError(f"not a day: {text!r}")


_CELL = re.compile(r"^\[?\s*(\d{1,2} [A-Z][a-z]{2} \d{4})\s*([a-zA-Z]*)\s*\]?$")


def _cell(text: str) -> tuple[dt.date | None, str]:
    """A chart cell: its day and its mark (`a`, `A`, `AA`, `n`, ...), or no day."""
    if not text:
        return None, ""
    found = _CELL.match(text)
    if found is None:
        raise ValueError(f"a chart cell not understood: {text!r}")
    return _day(found.group(1)), found.group(2)


def read_page(text: str) -> tuple[_Page, list[Row]]:
    """The parsed page and its participants' rows, in the chart's order."""
    page = _Page()
    page.feed(text)
    page.close()
    head, *body = page.rows
    if [c for c, _ in head][:2] != ["Participant", "Signature"] or len(head) != 4:
        raise ValueError(f"not the chart expected: {head}")
    if "Provisional application" not in head[2][0]:
        raise ValueError(f"the third column is not provisional application: {head[2][0]}")
    rows = []
    for cells in body:
        (name, refs), (sig, _), (prov, _), (cons, _) = cells
        signed, _mark = _cell(sig)
        provisional, mark = _cell(prov)
        if provisional is not None and mark != "n":
            raise ValueError(f"{name}: provisional application without its mark: {prov!r}")
        consent, mark = _cell(cons)
        withdrawn = any(c.startswith("[") for c, _ in cells[1:] if c)
        rows.append(Row(name, tuple(refs), withdrawn, signed, provisional, consent, MEANS[mark]))
    return page, rows


def party_ids(names: list[str]) -> dict[str, str]:
    """Each UN name's ISO 3166-1 alpha-3 code."""
    by_name = {}
    for _alpha2, alpha3, known in json.loads(ISO.read_text(encoding="utf-8"))["countries"]:
        for name in known:
            by_name[name] = alpha3
    ids = {}
    for name in names:
        code = UN_NAMES.get(name) or by_name.get(name)
        if code is None:
            raise ValueError(f"no ISO 3166-1 code for {name!r}: add it to UN_NAMES")
        ids[name] = code
    return ids


_WITHDRAWAL = re.compile(
    r"On (\d{1,2} [A-Z][a-z]+ \d{4}), .{0,120}? a notification of withdrawal\. "
    r"The withdrawal took effect for .{0,60}? on (\d{1,2} [A-Z][a-z]+ \d{4})"
)


def withdrawal(row: Row, notes: dict[str, str]) -> tuple[dt.date, dt.date, str]:
    """A bracketed row's withdrawal: the day it took effect, the day it was notified, and
    the depositary notification the footnote cites."""
    for ref in row.notes:
        found = _WITHDRAWAL.search(notes[ref])
        if found:
            cn = re.search(r"C\.N\.\d+\.\d{4}", notes[ref])
            return _day(found.group(2)), _day(found.group(1)), cn.group(0) if cn else ""
    raise ValueError(f"{row.name} is in brackets but no footnote gives its withdrawal")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _flow(**keys: object) -> str:
    """One event as a YAML flow mapping, its keys in the given order."""
    parts = []
    for key, value in keys.items():
        if value is None:
            continue
        if isinstance(value, list):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        parts.append(f"{key}: {value}")
    return "{" + ", ".join(parts) + "}"


def convert(text: str) -> str:
    """The treatyreg file of the page `text`."""
    page, rows = read_page(text)
    status_at = re.search(r"STATUS AS AT : (\d\d)-(\d\d)-(\d{4})", page.fields["div3"])
    if status_at is None:
        raise ValueError("no 'status as at' day on the page")
    day, month, year = status_at.groups()  # the page writes day-month-year
    chart_day = dt.date(int(year), int(month), int(day))
    title = re.sub(r"^\d+\.\s*", "", page.fields["rptTreaty_ctl00_tcTreaty"])
    place, _, adopted = page.fields["rptTreaty_ctl00_tcText"].partition(", ")
    general = _day(page.fields["rptEIF_ctl00_tcText"].split(",")[0])
    registration = re.search(r"No\. (\d+)", page.fields["rptRegistration_ctl00_tcText"])
    if registration is None:
        raise ValueError("no registration number")
    counts = re.search(
        r"Signatories : (\d+)\. Parties : (\d+)", page.fields["rptStatus_ctl00_tcText"]
    )
    signatories = sum(1 for r in rows if r.signed and not r.withdrawn)
    parties = sum(1 for r in rows if r.consent and not r.withdrawn)
    if counts is None or (int(counts[1]), int(counts[2])) != (signatories, parties):
        raise ValueError(
            f"the rows read ({signatories} signatories, {parties} parties) "
            "disagree with the page's counts"
        )
    ids = party_ids([r.name for r in rows])

    consents = sorted(r.consent for r in rows if r.consent is not None)
    thirtieth = consents[29]

    out = [
        "# The Convention on Cluster Munitions as the UN Treaty Collection's chart shows it on",
        f"# {chart_day.isoformat()}: all {len(rows)} participants, generated by",
        "# examples/untc_to_yaml.py from a copy of the UN page saved in a public repository:",
        f"# {REPOSITORY}, commit {COMMIT[:12]},",
        f"# {PATH}. Do not edit: run the script again.",
        "# Party ids and `iso3166:` identifiers are ISO 3166-1 alpha-3 codes (not from the chart).",
        "# Entry into force for each state follows from Article 17(2) (the rule below); the",
        "# chart gives only the general one. See docs/multilateral.md.",
        "treatyreg: 1",
        "parties:",
    ]
    for r in rows:
        code = ids[r.name]
        out.append(f"  - {{id: {code}, name: {_quote(r.name)}, identifiers: [iso3166:{code}]}}")
    out += [
        "sources:",
        f"  - id: {SOURCE}",
        f"    title: {_quote('Status of treaties, chapter XXVI.6: ' + title)}",
        "    publisher: United Nations Treaty Collection",
        f"    published: {chart_day.isoformat()}",
        f"    url: {PAGE}",
        "    notes: "
        + _quote(
            f"Status as at {chart_day.isoformat()} (the page says so). Read from a copy of the "
            f"page saved on that day in {REPOSITORY} (commit {COMMIT}, file {PATH}): "
            f"{REPOSITORY}/blob/{COMMIT}/{PATH}"
        ),
        "  - id: unts-2688",
        f"    title: {_quote(title + ', United Nations Treaty Series vol. 2688, p. 39')}",
        "    publisher: United Nations",
        "    url: https://treaties.un.org/doc/Publication/UNTS/Volume%202688/v2688.pdf",
        "    notes: "
        + _quote(
            "The text, cited by the chart. Article 17(1): in force on the first day of the "
            "sixth month after the month of the thirtieth instrument; 17(2): for a state "
            "depositing later, on the first day of the sixth month after its deposit."
        ),
        "agreements:",
        "  - id: cluster-munitions",
        f"    title: {_quote(title)}",
        "    aliases: [CCM]",
        f'    identifiers: ["untc:XXVI-6", "un:{registration.group(1)}"]'
        "  # the chart's chapter and number; UN registration",
        "    kind: convention",
        "    parties: [" + ", ".join(ids[r.name] for r in rows) + "]",
        "    topics: [disarmament, cluster-munitions]",
        f"    sources: [{SOURCE}]",
        "    entry_into_force_rule:",
        "      after: 6 months",
        "      then: first_of_month",
        f"      applies_after: {thirtieth.isoformat()}  # the thirtieth consent on the chart",
        "      article: Article 17(2)",
        "      sources: [unts-2688]",
        "    notes: "
        + _quote(
            f"Every participant on the UN chart of {chart_day.isoformat()}. Declarations and "
            "reservations are not copied; the footnotes on provisional application, "
            "withdrawal and territories are."
        ),
        "    events:",
        "      - " + _flow(action="adopted", date=_day(adopted), place=place, sources=[SOURCE]),
        "      - " + _flow(action="entered_into_force", date=general, sources=[SOURCE]),
    ]
    return "\n".join([*out, *events(rows, ids, page.notes)]) + "\n"


def _territorial(t: Territorial | None) -> dict[str, object]:
    """The keys a territorial reading adds to an event."""
    if t is None:
        return {}
    territories = [_quote(x) for x in t.territories]
    return {"territorial": t.territorial, "territories": territories, "note": _quote(t.note)}


def events(rows: list[Row], ids: dict[str, str], notes: dict[str, str]) -> list[str]:
    """Each participant's events, one YAML line each, in the chart's order."""
    territorial = {(t.party, t.action): t for t in TERRITORIAL}
    by_id = {ids[r.name]: r for r in rows}
    for t in TERRITORIAL:  # each reading is checked against its footnote's words
        words = " ".join(notes[n] for n in by_id[t.party].notes)
        for needed in (*t.territories, *([t.day] if t.day else [])):
            for word in re.split(r"[(),]| and ", needed):
                if word.strip() and word.strip() not in words:
                    raise ValueError(f"{t.party}: {word.strip()!r} is not in its footnote")
    out = []
    for r in rows:
        p, src = ids[r.name], [SOURCE]
        if r.signed:
            out.append(_flow(action="signed", party=p, date=r.signed, sources=src))
        if r.provisional:
            out.append(
                _flow(action="provisionally_applied", party=p, date=r.provisional, sources=src)
            )
        if r.consent:
            out.append(
                _flow(
                    action="ratified",
                    party=p,
                    means=r.means,
                    date=r.consent,
                    sources=src,
                    **_territorial(territorial.get((p, "ratified"))),
                )
            )
        declared = territorial.get((p, "declaration"))
        if declared is not None and declared.day is not None:
            out.append(
                _flow(
                    action="declaration",
                    party=p,
                    date=_day(declared.day),
                    sources=src,
                    **_territorial(declared),
                )
            )
        if r.withdrawn:
            effective, notified, cn = withdrawal(r, notes)
            note = _quote(f"Article 20(3); depositary notification {cn}")
            out.append(
                _flow(
                    action="withdrawn",
                    party=p,
                    date=effective,
                    notified=notified,
                    sources=src,
                    note=note,
                )
            )
    return ["      - " + line for line in out]


def main(argv: list[str] | None = None) -> int:
    """Print the file; see the module's doc."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("clone", nargs="?", help=f"a git clone of {REPOSITORY}")
    parser.add_argument("--html", type=Path, help="a saved page instead of a clone")
    args = parser.parse_args(argv)
    if args.html:
        text = args.html.read_text(encoding="utf-8")
    elif args.clone:
        text = subprocess.run(
            ["git", "-C", args.clone, "show", f"{COMMIT}:{PATH}"],
            check=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
        ).stdout
    else:
        parser.error("give a clone of the repository or --html FILE")
    sys.stdout.write(convert(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())

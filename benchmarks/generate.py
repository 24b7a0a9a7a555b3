"""A deterministic generator of realistic synthetic treatyreg registries (file format v1).

    python benchmarks/generate.py N OUT.yaml [--seed S]

The same N and seed always give the same bytes. A registry of N agreements has dozens of
parties (with aliases), hundreds of sources, and agreements that look like the bundled
dataset: mostly bilateral, 1-3 topics, 2-4 dated and sourced events each (signature,
domestic steps by a party, entry into force, sometimes a suspension or a termination),
some fuzzy dates (a year, a month, an uncertain or approximate day, `../DAY` for "in force
by then"), some notes and aliases, and relations to earlier agreements. Every file it writes
passes `treatyreg validate` with no diagnostic.

Party ids are X and two letters, the ISO 3166-1 codes left to users: no id is another
state's code (TR221), and none is a YAML 1.1 boolean (NO, ON, Y, N) that yamale's PyYAML
loader would read as one.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["generate", "main", "write"]

_SYLLABLES = (
    "ar",
    "bel",
    "cor",
    "dan",
    "el",
    "fa",
    "gor",
    "hal",
    "is",
    "ka",
    "lor",
    "ma",
    "nor",
    "os",
    "pel",
    "ru",
    "sa",
    "tar",
    "ul",
    "ve",
    "zan",
    "mir",
    "tos",
    "ben",
)
_FORMS = ("Republic of", "Kingdom of", "Federal Republic of", "State of", "Principality of")

_TOPICS = (
    "defence",
    "security",
    "borders",
    "trade",
    "customs",
    "taxation",
    "investment",
    "energy",
    "transport",
    "aviation",
    "shipping",
    "health",
    "education",
    "culture",
    "science",
    "migration",
    "citizenship",
    "social-security",
    "pensions",
    "agriculture",
    "fisheries",
    "environment",
    "water",
    "telecommunications",
    "finance",
    "banking",
    "legal-assistance",
    "extradition",
    "police",
    "tourism",
    "sport",
    "media",
)
_SUBJECTS = {
    "defence": ("military cooperation", "joint military bases", "military-technical cooperation"),
    "security": ("cooperation in security", "joint efforts against terrorism"),
    "borders": ("protection of the state border", "border crossing points"),
    "trade": ("trade and economic cooperation", "free trade"),
    "customs": ("customs cooperation", "mutual assistance in customs matters"),
    "taxation": ("avoidance of double taxation", "exchange of tax information"),
    "investment": ("promotion and mutual protection of investments",),
    "energy": ("supply of natural gas", "cooperation in electric power"),
    "transport": ("international road transport", "railway transport"),
    "aviation": ("air services", "civil aviation"),
    "shipping": ("merchant shipping", "maritime transport"),
    "health": ("cooperation in health care", "medical insurance of citizens"),
    "education": ("mutual recognition of education documents", "cooperation in education"),
    "culture": ("cultural cooperation", "cultural centres"),
    "science": ("scientific and technical cooperation",),
    "migration": ("readmission", "labour migration"),
    "citizenship": ("dual citizenship",),
    "social-security": ("social security",),
    "pensions": ("pension provision",),
    "agriculture": ("cooperation in agriculture", "veterinary matters"),
    "fisheries": ("fisheries",),
    "environment": ("environmental protection",),
    "water": ("use of transboundary waters",),
    "telecommunications": ("postal and telecommunications cooperation",),
    "finance": ("financial assistance", "state loans"),
    "banking": ("cooperation between central banks",),
    "legal-assistance": ("legal assistance in civil and criminal matters",),
    "extradition": ("extradition", "transfer of sentenced persons"),
    "police": ("cooperation between internal affairs bodies",),
    "tourism": ("cooperation in tourism",),
    "sport": ("cooperation in physical culture and sport",),
    "media": ("cooperation in mass media", "information exchange"),
}
_KINDS = (
    ("agreement", 55),
    ("treaty", 12),
    ("protocol", 12),
    ("memorandum", 10),
    ("exchange_of_notes", 4),
    ("convention", 4),
    ("declaration", 2),
    ("other", 1),
)
_LABELS = {
    "exchange_of_notes": "Exchange of notes",
    "memorandum": "Memorandum of understanding",
    "other": "Instrument",
}
_RELATIONS = (
    ("develops", 30),
    ("implements", 25),
    ("amends", 20),
    ("protocol_to", 10),
    ("supersedes", 10),
    ("similar_to", 5),
)
_PUBLISHERS = (
    "Ministry of Foreign Affairs",
    "Official Gazette",
    "State News Agency",
    "Treaty Series",
    "Parliamentary Record",
    "Independent Daily",
    "Regional Observer",
    "Wire Service",
)
_PLACES = ("the capital", "Geneva", "Vienna", "New York", "Minsk", "Astana", "Baku", "Yerevan")
_BODIES = ("Parliament", "Senate", "National Assembly", "State Council", "President")
_START = dt.date(1950, 1, 1).toordinal()
_END = dt.date(2024, 12, 31).toordinal()


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _parties(rng: random.Random, count: int) -> list[tuple[str, str, list[str]]]:
    """(id, name, aliases) for `count` parties with unique ids and names."""
    parties: list[tuple[str, str, list[str]]] = []
    ids: set[str] = set()
    names: set[str] = set()
    while len(parties) < count:
        short = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        # X + two letters: the ISO 3166-1 codes left to users, so that no id is another
        # state's code (TR221 would warn)
        pid = "X" + short[:2].upper()
        if pid in ids:
            pid = ("X" + short[0] + rng.choice("ABCDEFGHIJKLMPQRSTUVWXZ")).upper()
        if pid in ids or short.casefold() in names:
            continue
        name = f"{rng.choice(_FORMS)} {short}"
        ids.add(pid)
        names.add(short.casefold())
        aliases = [short]
        if rng.random() < 0.3:
            aliases.append(f"{short}ia")
            names.add(f"{short}ia".casefold())
        parties.append((pid, name, aliases))
    return parties


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _fuzzy(rng: random.Random, ordinal: int) -> tuple[str, int, int]:
    """A date text for the day `ordinal` as a source might know it, with its bounds."""
    day = dt.date.fromordinal(ordinal)
    r = rng.random()
    if r < 0.04:  # only the year
        return f"{day.year}", dt.date(day.year, 1, 1).toordinal(), _year_end(day.year)
    if r < 0.10:  # only the month
        first = dt.date(day.year, day.month, 1).toordinal()
        return f"{day:%Y-%m}", first, _month_end(day)
    if r < 0.13:
        return f"{day.isoformat()}{rng.choice('?~')}", ordinal, ordinal
    return day.isoformat(), ordinal, ordinal


def _year_end(year: int) -> int:
    return dt.date(year, 12, 31).toordinal()


def _month_end(day: dt.date) -> int:
    following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following.toordinal() - 1


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def generate(n: int, seed: int = 2024) -> Iterator[str]:
    """The lines of a registry with `n` agreements (deterministic for a given seed)."""
    rng = random.Random(seed * 1_000_003 + n)
    n_parties = 60
    n_sources = 100 + n // 200  # 105 at 1k, 150 at 10k, 600 at 100k
    parties = _parties(rng, n_parties)
    # A few parties are in most agreements, as in a real registry of one state's treaties.
    party_weights = [40 if i < 3 else 1 + (i % 7) for i in range(n_parties)]
    yield "# Synthetic registry generated by benchmarks/generate.py: not real data."
    yield "treatyreg: 1"
    yield ""
    yield "parties:"
    for pid, name, aliases in parties:
        yield f"  - id: {pid}"
        yield f"    name: {name}"
        yield f"    aliases: {_flow(aliases)}"
    yield ""
    yield "sources:"
    sources: list[tuple[int, str]] = []  # (published day, id), in date order
    for i, published in enumerate(sorted(rng.randint(_START, _END) for _ in range(n_sources))):
        sid = f"src-{i:04d}-{_day(published)}"
        sources.append((published, sid))
        publisher = rng.choice(_PUBLISHERS)
        yield f"  - id: {sid}"
        yield f"    title: Report number {i} on agreements concluded in {_day(published)[:4]}"
        yield f"    publisher: {publisher}"
        yield f"    published: {_day(published)}"
        if rng.random() < 0.7:
            yield f"    url: https://example.org/{publisher.split()[0].lower()}/{i}"
    yield ""
    yield "agreements:"
    ids: list[str] = []
    for i in range(n):
        yield from _agreement(rng, i, parties, party_weights, sources, ids)


def _agreement(
    rng: random.Random,
    i: int,
    parties: list[tuple[str, str, list[str]]],
    party_weights: list[int],
    sources: list[tuple[int, str]],
    ids: list[str],
) -> Iterator[str]:
    count = 2 if rng.random() < 0.9 else rng.randint(3, 5)
    chosen: list[int] = []
    while len(chosen) < count:
        k = rng.choices(range(len(parties)), weights=party_weights)[0]
        if k not in chosen:
            chosen.append(k)
    pids = [parties[k][0] for k in chosen]
    topics = rng.sample(_TOPICS, rng.choice((1, 1, 2, 2, 3)))
    subject = rng.choice(_SUBJECTS[topics[0]])
    kind = _weighted(rng, _KINDS)
    signed_day = rng.randint(_START, _END - 400)
    year = dt.date.fromordinal(signed_day).year
    aid = f"{'-'.join(p.lower() for p in pids[:2])}-{year}-{i:06d}"
    short = [parties[k][2][0] for k in chosen]
    names = ", ".join(short[:-1]) + " and " + short[-1]
    label = _LABELS.get(kind, kind.capitalize())
    yield f"  - id: {aid}"
    yield f"    title: {label} between {names} on {subject}"
    if rng.random() < 0.15:
        yield f"    aliases: [{subject.capitalize()} {label.lower()} of {year}]"
    yield f"    kind: {kind}"
    yield f"    parties: {_flow(pids)}"
    yield f"    topics: {_flow(topics)}"
    if rng.random() < 0.2:
        yield f"    notes: Reported in the press; the text of the {label.lower()} is"
        yield "      not published."
    # cite sources published after the signature (the latest ones for recent agreements)
    first = min(bisect.bisect_left(sources, (signed_day, "")), len(sources) - 12)
    used = [sid for _, sid in rng.sample(sources[first : first + 12], rng.randint(1, 3))]
    yield "    events:"
    yield from _events(rng, signed_day, pids, used)
    if ids and rng.random() < 0.2:
        target = ids[rng.randrange(max(0, len(ids) - 2000), len(ids))]  # an earlier agreement
        yield "    relations:"
        yield f"      - type: {_weighted(rng, _RELATIONS)}"
        yield f"        target: {target}"
    yield f"    sources: {_flow(used)}"
    ids.append(aid)


def _events(rng: random.Random, signed_day: int, pids: list[str], used: list[str]) -> Iterator[str]:
    """2-4 events: signature, then domestic steps and entry into force, sometimes an end."""
    text, _, signed_upper = _fuzzy(rng, signed_day)
    yield "      - action: signed"
    yield f"        date: {text}"
    if rng.random() < 0.3:
        yield f"        place: {rng.choice(_PLACES)}"
    yield f"        sources: {_flow(used[:1])}"
    total = rng.choice((2, 3, 3, 3, 3, 4))
    day = signed_upper
    steps: list[str] = []
    if total >= 3:
        steps.append(rng.choice(("ratified", "approved", "submitted_for_ratification")))
    steps.append("entered_into_force")
    if total == 4:
        steps.append(rng.choice(("terminated", "suspended", "ratified")))
        if steps[-1] == "ratified":
            steps = [steps[0], "ratified", "entered_into_force"]
    for action in steps:
        day += rng.randint(1, 400)
        yield f"      - action: {action}"
        if action == "entered_into_force" and rng.random() < 0.05:
            # "was being implemented on DAY": in force on or before that day
            yield f"        date: ../{_day(day)}"
        elif action in ("terminated", "suspended"):
            day += rng.randint(365, 3650)
            yield f"        date: {_day(day)}"
        else:
            text, _, upper = _fuzzy(rng, day)
            day = max(day, upper)
            yield f"        date: {text}"
        if action in ("ratified", "approved", "submitted_for_ratification"):
            yield f"        party: {rng.choice(pids)}"
            if action == "approved":
                yield f"        body: {rng.choice(_BODIES)}"
        yield f"        sources: {_flow([rng.choice(used)])}"


def write(n: int, out: Path, seed: int = 2024) -> None:
    """Write the registry of `n` agreements to `out`."""
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for line in generate(n, seed):
            f.write(line)
            f.write("\n")


def main(argv: list[str] | None = None) -> int:
    """The command line: `generate.py N OUT.yaml [--seed S]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="how many agreements")
    parser.add_argument("out", type=Path, help="the YAML file to write")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    write(args.n, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

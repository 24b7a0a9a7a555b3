"""Multilateral agreements at UN scale, side by side with the brute-force and pandas ways.

    python benchmarks/multilateral.py            # 500 treaties x 190 parties + 100k bilateral
    python benchmarks/multilateral.py --quick    # 20 treaties x 60 parties + 1k bilateral

A registry folder holds the bilateral agreements of `generate.py` and a second file of
multilateral treaties (deterministic: seeded), each with about three events per
participant (signature, consent by ratification or accession, some entries into force
for a party, a few withdrawals). Every figure is the best of a few runs taken in turns in
this one process (`time.perf_counter`), and every comparison is a ratio of two figures
measured here. The exit status is 1 only when the ways disagree on an answer.
"""

from __future__ import annotations

import os

os.environ["TREATYREG_NO_CACHE"] = "1"  # every load here reads its YAML

import argparse
import bisect
import datetime as dt
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import yaml
from generate import write as write_bilateral  # benchmarks/ is on sys.path as the script's folder

import treatyreg

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

DAY = dt.date(2015, 6, 30)


def write_multilateral(
    out: Path, treaties: int, participants: int, seed: int = 7, rule: bool = False
) -> int:
    """Write `treaties` multilateral treaties among `participants` parties; the number of
    events written. With `rule`, each treaty states an `entry_into_force_rule` (90 days
    after the deposit, as the Arms Trade Treaty's Art. 22(2)) and no party's own entry
    into force is written: the rule gives it."""
    rng = random.Random(seed)
    pids = [f"M{i:03d}" for i in range(participants)]
    lines = ["treatyreg: 1", "parties:"]
    lines += [f"  - {{id: {p}, name: Member state {p}}}" for p in pids]
    lines += ["sources:", "  - {id: chart, title: Participation chart}", "agreements:"]
    events = 0
    for t in range(treaties):
        adopted = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 20_000))
        general = adopted + dt.timedelta(days=rng.randint(400, 1500))
        lines += [
            f"  - id: mt-{t:04d}",
            f"    title: Multilateral convention number {t}",
            "    kind: convention",
            f"    parties: [{', '.join(pids)}]",
            "    sources: [chart]",
            *(
                [
                    "    entry_into_force_rule:",
                    "      after: 90 days",
                    "      article: Article 22(2)",
                    "      sources: [chart]",
                ]
                if rule
                else []
            ),
            "    events:",
            f"      - {{action: adopted, date: {adopted}, sources: [chart]}}",
            f"      - {{action: entered_into_force, date: {general}, sources: [chart]}}",
        ]
        events += 2
        for p in pids:
            steps: list[str] = []
            day = adopted + dt.timedelta(days=rng.randint(0, 300))
            if rng.random() < 0.6:
                steps.append(f"action: signed, party: {p}, date: {day}")
                day += dt.timedelta(days=rng.randint(30, 2000))
                if rng.random() < 0.8:
                    steps.append(f"action: ratified, party: {p}, date: {day}")
            elif rng.random() < 0.6:
                day += dt.timedelta(days=rng.randint(100, 4000))
                steps.append(f"action: ratified, party: {p}, means: accession, date: {day}")
            if not rule and steps and steps[-1].startswith("action: ratified") and day > general:
                day += dt.timedelta(days=rng.randint(30, 90))
                steps.append(f"action: entered_into_force, party: {p}, date: {day}")
            if steps and "ratified" in steps[-1 if len(steps) < 3 else 1] and rng.random() < 0.03:
                effective = day + dt.timedelta(days=rng.randint(400, 3000))
                notified = effective - dt.timedelta(days=365)
                steps.append(
                    f"action: withdrawn, party: {p}, date: {effective}, notified: {notified}"
                )
            lines += [f"      - {{{s}, sources: [chart]}}" for s in steps]
            events += len(steps)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return events


def event_stream(texts: list[str]) -> None:
    """libyaml's event stream over each text: the floor a load is compared with."""
    for text in texts:
        for _ in yaml.parse(text, Loader=_Loader):
            pass


def best(fn: Callable[[], object], k: int) -> float:
    times = []
    for _ in range(k):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def rules_against_explicit(treaties: int, participants: int, k: int) -> list[tuple[str, str]]:
    """The same treaties twice: with a rule, and with every day it gives written out as
    an explicit event (and no rule). Load time, memory held and the party filter of each,
    as ratios; and whether every answer agrees."""
    with tempfile.TemporaryDirectory(prefix="treatyreg-rules-") as tmp_name:
        folder = Path(tmp_name)
        ruled_path = folder / "ruled.yaml"
        write_multilateral(ruled_path, treaties, participants, rule=True)
        ruled = treatyreg.load(ruled_path)
        spelled = []
        for a in ruled:
            made = treatyreg.derived_entries(a.events, a.parties, a.entry_into_force_rule)
            explicit = tuple(
                treatyreg.Event(e.action, e.date, party=e.party, sources=e.sources)
                for entries in made.values()
                for e in entries
            )
            spelled.append(attrs.evolve(a, events=a.events + explicit, entry_into_force_rule=None))
        explicit_path = folder / "explicit.yaml"
        treatyreg.dump(
            treatyreg.Registry(spelled, list(ruled.parties), list(ruled.sources)), explicit_path
        )
        times: dict[str, list[float]] = {"ruled": [], "explicit": []}
        for _ in range(k):  # in turns
            times["ruled"].append(best(lambda: treatyreg.load(ruled_path), 1))
            times["explicit"].append(best(lambda: treatyreg.load(explicit_path), 1))
        held: dict[str, int] = {}
        regs: dict[str, treatyreg.Registry] = {}
        for name, path in (("ruled", ruled_path), ("explicit", explicit_path)):
            gc.collect()
            tracemalloc.start()
            regs[name] = treatyreg.load(path)
            held[name] = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
        member = "M007"
        wanted = treatyreg.Status.IN_FORCE
        first: dict[str, float] = {}
        warm: dict[str, float] = {}
        answers: dict[str, list[str]] = {}
        for name, reg in regs.items():
            start = time.perf_counter()
            answers[name] = [a.id for a in reg.filter(party=member, party_status=wanted, on=DAY)]
            first[name] = time.perf_counter() - start
            warm[name] = best(
                lambda reg=reg: reg.filter(party=member, party_status=wanted, on=DAY), k
            )
        agree = answers["ruled"] == answers["explicit"]
        for day in (DAY, dt.date(1990, 1, 1), dt.date(2030, 1, 1)):
            for a, b in zip(regs["ruled"], regs["explicit"], strict=True):
                agree = agree and a.parties_on(day) == b.parties_on(day)
        derived = sum(len(a.events) for a in spelled) - sum(len(a.events) for a in ruled)
    r, e = min(times["ruled"]), min(times["explicit"])
    return [
        (
            "rule vs explicit: registry",
            f"{treaties} treaties x {participants} parties; the rule gives {derived:,} days",
        ),
        ("rule vs explicit: load", f"{r:.2f} s vs {e:.2f} s = {r / e:.2f}x"),
        (
            "rule vs explicit: memory held after load",
            f"{held['ruled'] / 2**20:.0f} MiB vs {held['explicit'] / 2**20:.0f} MiB "
            f"= {held['ruled'] / held['explicit']:.2f}x",
        ),
        (
            "rule vs explicit: filter(party, party_status=in_force, on), first",
            f"{first['ruled'] * 1000:.1f} ms vs {first['explicit'] * 1000:.1f} ms "
            f"= {first['ruled'] / first['explicit']:.2f}x",
        ),
        (
            "rule vs explicit: the same filter, after",
            f"{warm['ruled'] * 1000:.2f} ms vs {warm['explicit'] * 1000:.2f} ms",
        ),
        ("rule vs explicit: answers agree", "yes" if agree else "NO"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a small registry: a smoke test")
    args = parser.parse_args(argv)
    treaties, participants, bilateral = (20, 60, 1_000) if args.quick else (500, 190, 100_000)
    k = 2 if args.quick else 3
    with tempfile.TemporaryDirectory(prefix="treatyreg-multi-") as tmp_name:
        folder = Path(tmp_name)
        write_bilateral(bilateral, folder / "bilateral.yaml")
        events = write_multilateral(folder / "multilateral.yaml", treaties, participants)
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))]

        def stream() -> None:
            event_stream(texts)

        floor: list[float] = []
        load: list[float] = []
        for _ in range(k):  # in turns, so a slow spell of the machine hits both
            floor.append(best(stream, 1))
            load.append(best(lambda: treatyreg.load(folder), 1))
        gc.collect()
        tracemalloc.start()
        reg = treatyreg.load(folder)
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        all_events = sum(len(a.events) for a in reg)
        member = "M007"
        wanted = treatyreg.Status.IN_FORCE

        def brute() -> list[str]:
            return [
                a.id for a in reg if member in a.parties and a.party_status(member, DAY) is wanted
            ]

        start = time.perf_counter()
        cold = [a.id for a in reg.filter(party=member, party_status=wanted, on=DAY)]
        first = time.perf_counter() - start
        warm_time = best(lambda: reg.filter(party=member, party_status=wanted, on=DAY), k)
        brute_time = best(brute, k)
        agree = cold == brute()
        frame = reg.participation_dataframe(on=DAY)

        def mask() -> list[str]:
            hit = frame[(frame.party == member) & (frame.status == "in_force")]
            return list(hit.agreement)

        mask_time = best(mask, k)
        agree = agree and sorted(mask()) == sorted(cold)
        treaty = reg["mt-0000"]
        parties_on_time = best(lambda: treaty.parties_on(DAY), k)
        changes = treatyreg.lifecycle.party_changes(treaty.events, treaty.parties)
        agree = agree and treaty.parties_on(DAY) == tuple(
            p
            for p in treaty.parties
            if changes[p][1][bisect.bisect_right(changes[p][0], DAY) - 1] is wanted
        )
    size = f"{treaties} treaties x {participants} parties ({events:,} events)"
    size += f" + {bilateral:,} bilateral"
    rows = [
        ("registry", size),
        ("libyaml event stream (the floor)", f"{min(floor):.2f} s"),
        (
            "treatyreg.load (read + validate)",
            f"{min(load):.2f} s = {min(load) / min(floor):.2f}x the floor",
        ),
        (
            "memory held after load, per event",
            f"{held / all_events:.0f} bytes ({held / 2**20:.0f} MiB)",
        ),
        (
            "filter(party, party_status=in_force, on), first (builds that party's changes)",
            f"{first * 1000:.1f} ms",
        ),
        ("filter(party, party_status=in_force, on), after", f"{warm_time * 1000:.2f} ms"),
        (
            "brute force: party_status of every agreement",
            f"{brute_time * 1000:.1f} ms = {brute_time / warm_time:.0f}x the filter",
        ),
        (
            "pandas mask over participation_dataframe()",
            f"{mask_time * 1000:.2f} ms = {mask_time / warm_time:.1f}x the filter",
        ),
        (f"parties_on for one {participants}-party treaty", f"{parties_on_time * 1000:.2f} ms"),
        ("answers agree", "yes" if agree else "NO"),
    ]
    ruled_rows = rules_against_explicit(treaties, participants, k)
    rows += ruled_rows
    agree = agree and ruled_rows[-1][1] == "yes"
    print("| measure | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())

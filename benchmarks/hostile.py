"""`treatyreg` on hostile checkouts: time, peak memory and output size per case.

    python benchmarks/hostile.py [--src PATH ...] [--quick] [--timeout S] [--section S]

Each case is written to a temporary folder and validated by `python -m treatyreg.cli` in a
fresh process (peak memory is the child's maximum resident set size). With several `--src`
source trees (e.g. an older checkout's `src/`), every case runs under each, side by side, so
a change is measured as a ratio on the same machine and the same moment; the baseline column
is libyaml reading the same files' events, the least any reader does. A case that runs past
`--timeout` shows as `>S s` (a FIFO used to hang forever); each process may take 6 GiB of
address space at most (reading /dev/zero whole used to grow without bound). Never fails on
timings; exits 1 only if a case under the first source tree does not exit as it must.

Two sections (`--section invalid|valid|all`, default all): invalid registries, each
validated and each expected to exit 1; and big valid ones (one convention of thousands of
parties, at three sizes so that the growth shows), each validated (the load every command
begins with) and read by `parties`, `show` and `export --format sqlite`, each expected to
exit 0.
"""

from __future__ import annotations

import os

os.environ["TREATYREG_NO_CACHE"] = "1"  # every load here reads its YAML

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402

_HEAD = "treatyreg: 1\nparties:\n  - {id: RU, name: Russia}\nsources:\n  - {id: s1, title: A}\n"


def _agreements(n: int, row: Callable[[int], str]) -> str:
    return _HEAD + "agreements:\n" + "".join(row(i) for i in range(n))


def unknown_ids(folder: Path, n: int) -> None:
    """N agreements, each relating to an unknown agreement (suggestions among N ids)."""
    (folder / "r.yaml").write_text(
        _agreements(
            n,
            lambda i: (
                f"  - {{id: agreement-{i}, title: T, kind: treaty, parties: [RU], "
                f"sources: [s1], relations: [{{type: amends, target: agreement-x{i}}}]}}\n"
            ),
        )
    )


def long_unknown_list(folder: Path, n: int) -> None:
    """One agreement whose sources are N unknown ids."""
    ids = ", ".join(f"unknown{i}" for i in range(n))
    (folder / "r.yaml").write_text(
        _agreements(
            1, lambda i: f"  - {{id: a, title: T, kind: treaty, parties: [RU], sources: [{ids}]}}\n"
        )
    )


def supersedes_back_edges(folder: Path, n: int) -> None:
    """A chain of N agreements each superseding the next, and each also the first: N
    cycles nested in one another."""

    def row(i: int) -> str:
        targets = ", ".join(f"{{type: supersedes, target: a{j}}}" for j in {(i + 1) % n, 0})
        return (
            f"  - {{id: a{i}, title: T, kind: treaty, parties: [RU], sources: [s1], "
            f"relations: [{targets}]}}\n"
        )

    (folder / "r.yaml").write_text(_agreements(n, row))


def one_unknown_in_a_big_file(folder: Path, n: int) -> None:
    """A generated registry of N agreements (about 640 bytes each) with one unknown id."""
    path = folder / "r.yaml"
    write(n, path)
    text = path.read_text()
    at = text.index("sources: [", text.index("agreements:"))
    path.write_text(text[:at] + "sources: [not-a-source, " + text[at + len("sources: [") :])


def one_line(folder: Path, n: int) -> None:
    """A registry on one line (as minified JSON is): N good agreements, then 2,000 that
    name an unknown party."""
    good = ", ".join(
        f"{{id: g{i}, title: A, kind: treaty, sources: [s1], parties: [RU]}}" for i in range(n)
    )
    bad = ", ".join(
        f"{{id: b{i}, title: A, kind: treaty, sources: [s1], parties: [XX]}}" for i in range(2_000)
    )
    (folder / "r.yaml").write_text(_HEAD + f"agreements: [{good}, {bad}]\n")


def big_sparse_file(folder: Path, n: int) -> None:
    """One sparse file of N MiB (over the 64 MiB limit)."""
    with (folder / "r.yaml").open("wb") as handle:
        handle.truncate(n << 20)


def fifo(folder: Path, n: int) -> None:
    """A FIFO named a.yaml beside a valid file."""
    (folder / "b.yaml").write_text(_HEAD)
    os.mkfifo(folder / "a.yaml")


def dev_zero(folder: Path, n: int) -> None:
    """A symlink z.yaml -> /dev/zero beside a valid file."""
    (folder / "b.yaml").write_text(_HEAD)
    (folder / "z.yaml").symlink_to("/dev/zero")


def alias_amplified(folder: Path, n: int) -> None:
    """A list of 300 unknown ids given to N agreements through one alias."""
    ids = ", ".join(f"u{i}" for i in range(300))
    (folder / "r.yaml").write_text(
        _HEAD
        + f"x: &x [{ids}]\nagreements:\n"
        + "".join(
            f"  - {{id: a{i}, title: T, kind: treaty, parties: [RU], sources: *x}}\n"
            for i in range(n)
        )
    )


def anchored_registry(folder: Path, n: int) -> None:
    """N agreements under one anchor that one alias at the end gives again (every event
    under the anchor is kept for the alias), and one unknown id."""
    (folder / "r.yaml").write_text(
        _HEAD
        + "agreements: &all\n"
        + "".join(
            f"  - {{id: a{i}, title: T, kind: treaty, parties: [RU], sources: [s]}}\n"
            for i in range(n)
        )
        + "  - {id: z, title: T, kind: treaty, parties: [XX], sources: [s]}\n"
        + "again: *all\n"
    )


def nested_merges(folder: Path, n: int) -> None:
    """A mapping merged into N agreements, itself made of 60 nested merges."""
    inner = "{title: T}"
    for _ in range(60):
        inner = "{<<: " + inner + "}"
    (folder / "r.yaml").write_text(
        _HEAD
        + f"x: &d {inner}\nagreements:\n"
        + "".join(
            f"  - {{<<: *d, id: a{i}, kind: treaty, parties: [XX], sources: [s]}}\n"
            for i in range(n)
        )
    )


# name -> (writer, size, size in --quick)
CASES: dict[str, tuple[Callable[[Path, int], None], int, int]] = {
    "4,000 agreements relating to unknown ids": (unknown_ids, 4_000, 400),
    "one list of 40k unknown ids": (long_unknown_list, 40_000, 4_000),
    "supersedes with back edges, 10k": (supersedes_back_edges, 10_000, 1_000),
    "one unknown id in a 64 MB file": (one_unknown_in_a_big_file, 100_000, 5_000),
    "a 5 MB registry on one line, 2,000 problems at its end": (one_line, 70_000, 5_000),
    "3 GiB sparse file": (big_sparse_file, 3 << 10, 100),
    "FIFO named a.yaml": (fifo, 0, 0),
    "z.yaml -> /dev/zero": (dev_zero, 0, 0),
    "alias-amplified unknown ids (300 x 300)": (alias_amplified, 300, 300),
    "100k agreements under one anchor, aliased once": (anchored_registry, 100_000, 5_000),
    "a 60-deep merge given to 1,000 agreements": (nested_merges, 1_000, 100),
}


def big_convention(folder: Path, n: int) -> None:
    """One convention of N participants, about 21 events each (deterministic: seeded): a
    signature and two domestic steps (four in five), a consent (by accession without a
    signature), an entry into force for it when it came after the general one, 6-26
    reservations, declarations and objections, and (one in twenty) a withdrawal and a
    second accession."""
    rng = random.Random(22)
    pids = [f"P{i:05d}" for i in range(n)]
    start = dt.date(1950, 1, 1)
    general = start + dt.timedelta(days=1200)
    lines = ["treatyreg: 1", "parties:"]
    lines += [f"  - {{id: {p}, name: Participant {p}}}" for p in pids]
    lines += [
        "sources:",
        "  - {id: chart, title: Participation chart, published: 2020-01-01}",
        "agreements:",
        f"  - id: {BIG_ID}",
        f"    title: A convention of {n} participants",
        "    kind: convention",
        f"    parties: [{', '.join(pids)}]",
        "    sources: [chart]",
        "    events:",
        f"      - {{action: adopted, date: {start}, sources: [chart]}}",
        f"      - {{action: entered_into_force, date: {general}, sources: [chart]}}",
    ]

    def event(what: str, day: dt.date) -> None:
        lines.append(f"      - {{{what}, date: {day}, sources: [chart]}}")

    def later(low: int, high: int) -> dt.date:
        nonlocal day
        day += dt.timedelta(days=rng.randint(low, high))
        return day

    for p in pids:
        day = start + dt.timedelta(days=rng.randint(0, 700))
        signed = rng.random() < 0.8
        if signed:
            event(f"action: signed, party: {p}", day)
            event(f"action: submitted_for_ratification, party: {p}", later(10, 200))
            event(f"action: approved, party: {p}", later(10, 200))
        means = "" if signed else ", means: accession"
        event(f"action: ratified, party: {p}{means}", later(10, 3000))
        if day > general:
            event(f"action: entered_into_force, party: {p}", later(30, 90))
        for _ in range(rng.randint(6, 26)):
            kind = rng.choice(["reservation", "declaration", "objection"])
            event(f"action: {kind}, party: {p}", later(0, 100))
        if rng.random() < 0.05:
            effective = later(400, 2000)
            notified = effective - dt.timedelta(days=365)
            event(f"action: withdrawn, party: {p}, notified: {notified}", effective)
            event(f"action: ratified, party: {p}, means: accession", later(100, 2000))
            event(f"action: entered_into_force, party: {p}", later(30, 90))
    (folder / "r.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


BIG_ID = "big-convention"

# The valid section: command -> its arguments ({data}: the registry folder, {out}: a folder
# for what it writes); each runs on the convention at every size.
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{data}"],  # the load every command begins with
    "parties": ["parties", BIG_ID, "--data", "{data}"],
    "show": ["show", BIG_ID, "--data", "{data}"],
    "export --format sqlite": [
        "export", "--format", "sqlite", "--output", "{out}/big.db", "--data", "{data}",
    ],
}  # fmt: skip
SIZES: tuple[int, ...] = (1_250, 2_500, 5_000)
QUICK_SIZES: tuple[int, ...] = (50, 100, 200)

MEMORY_CAP = 6 << 30  # bytes of address space for each validation


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(
    src: Path, folder: Path, timeout: float, command: list[str] | None = None
) -> tuple[str, str, str, int | None]:
    """Seconds, peak memory and output size of one command (default: validating `folder`)
    in a fresh process (Linux: the peak is its VmHWM), and its exit code."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = (
        "import re, sys, time; from treatyreg.cli import main; t = time.perf_counter();"
        " c = main(sys.argv[1:]); hwm = re.search(r'VmHWM:\\s+(\\d+)',"
        " open('/proc/self/status').read())[1];"
        " print(time.perf_counter() - t, hwm, file=sys.stderr); sys.exit(c)"
    )
    with tempfile.TemporaryFile() as out:
        try:
            done = subprocess.run(
                [sys.executable, "-c", code, *(command or ["validate", str(folder)])],
                stdout=out,
                stderr=subprocess.PIPE,
                timeout=timeout,
                env=env,
                check=False,
                preexec_fn=_cap_memory,  # /dev/zero read whole must not take the machine
            )
        except subprocess.TimeoutExpired:
            return f">{timeout:.0f} s", "?", "?", None
        size = out.tell()
    lines = done.stderr.decode(errors="replace").strip().splitlines() or ["(no output)"]
    try:
        seconds, peak = float(lines[-1].split()[0]), int(lines[-1].split()[1])  # VmHWM, KiB
    except (ValueError, IndexError):  # it died: a MemoryError at the cap, a traceback
        return f"died: {lines[-1][:60]}", "?", "?", done.returncode
    return f"{seconds:.2f} s", f"{peak / 1024:.0f} MiB", f"{size / 1024:.0f} KiB", done.returncode


def events_floor(folder: Path) -> str:
    """libyaml reading the events of the registry files: the least a reader does."""
    import yaml

    start = time.perf_counter()
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 1 << 27:
            loader = yaml.CSafeLoader(path.read_text(errors="replace"))
            try:
                while loader.get_event() is not None:
                    pass
            except yaml.YAMLError:
                pass
            finally:
                loader.dispose()
    return f"{time.perf_counter() - start:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", action="append", type=Path, help="source trees to compare")
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", default="", help="the cases whose name has this text")
    parser.add_argument("--section", choices=("invalid", "valid", "all"), default="all")
    args = parser.parse_args(argv)
    sources: list[Path] = args.src or [SRC]
    failed = False
    if args.section in ("invalid", "all"):
        failed |= _invalid(args, sources)
    if args.section in ("valid", "all"):
        failed |= _valid(args, sources)
    return 1 if failed else 0


def _header(first: str, sources: list[Path]) -> None:
    print(f"| {first} | libyaml events | " + " | ".join(f"`{s}`" for s in sources) + " |")
    print("|---|---|" + "---|" * len(sources), flush=True)


def _valid(args: argparse.Namespace, sources: list[Path]) -> bool:
    """The big valid cases; True when one under the first source tree did not exit 0."""
    _header("valid case (exit 0)", sources)
    failed = False
    for n in QUICK_SIZES if args.quick else SIZES:
        with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as out:
            folder = Path(tmp)
            big_convention(folder, n)
            events = (folder / "r.yaml").read_text(encoding="utf-8").count("\n      - {action")
            floor = events_floor(folder)
            for what, template in COMMANDS.items():
                name = f"{n:,}-party convention ({events:,} events): `treatyreg {what}`"
                if args.only not in name:
                    continue
                command = [a.format(data=folder, out=out) for a in template]
                cells = [floor]
                for i, src in enumerate(sources):
                    seconds, peak, output, code = run(src, folder, args.timeout, command)
                    cells.append(f"{seconds}, {peak}, {output} out")
                    failed |= i == 0 and code != 0
                print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    return failed


def _invalid(args: argparse.Namespace, sources: list[Path]) -> bool:
    """The invalid cases; True when one under the first source tree did not exit 1."""
    _header("case", sources)
    failed = False
    for name, (writer, size, quick) in CASES.items():
        if args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            writer(folder, quick if args.quick else size)
            cells = [events_floor(folder)]
            for i, src in enumerate(sources):
                seconds, peak, output, code = run(src, folder, args.timeout)
                cells.append(f"{seconds}, {peak}, {output} out")
                failed |= i == 0 and code != 1
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    return failed


if __name__ == "__main__":
    sys.exit(main())

"""treatyreg side by side with its peers: one table of figures measured in the same run.

    python benchmarks/run.py                      # N = 1k, 10k and 100k (10-12 min, 2 cores)
    python benchmarks/run.py --sizes 1000,10000   # choose the sizes
    python benchmarks/run.py --quick              # 1k only, a smoke test (about 15 s)

Registries are made by `generate.py` (deterministic) in a temporary folder. Every figure
is the best of k runs (`time.perf_counter`; k is smaller for big N) and every comparison
is a ratio of two figures taken in this same process and run. Peers that are not
installed (pandas, check-jsonschema, yamale: see requirements.txt) are shown as such.

The targets of issues 6 and 16 are judged at the largest N measured (set for 100k) and
printed under the table. Timings never fail the run: the exit status is 1 only when the
three filter engines disagree on a result set, or a validator rejects a generated file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from generate import write as write_registry  # benchmarks/ is on sys.path as the script's folder

import treatyreg

# Every load measured here is cold (it reads the YAML) unless a figure says warm: the
# cache of validated registries is off for the whole run, on only where asked for, and
# kept in a folder of the run's own, removed at the end (treatyreg reads both variables
# when it loads, not when it is imported).
os.environ["TREATYREG_NO_CACHE"] = "1"
OWN_CACHE = None if "TREATYREG_CACHE_DIR" in os.environ else tempfile.mkdtemp(prefix="trb-")
if OWN_CACHE is not None:
    os.environ["TREATYREG_CACHE_DIR"] = OWN_CACHE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
YAMALE_SCHEMA = HERE / "treatyreg-yamale.yaml"
PEER_CAP = 20_000  # check-jsonschema and yamale take minutes past this (issue 6: 20k)
DAY = "2000-06-30"  # the day that status queries are asked about
TEXT = "military"
TOPIC = "defence"
SIGNED_BETWEEN = ("1990", "1999-06")

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


# -- timing ------------------------------------------------------------------------------
def best_of(fn: Callable[[], object], k: int) -> float:
    """The shortest of k timed calls; the garbage of earlier runs is collected first, and
    what a call returns is freed outside the timing."""
    times = []
    for _ in range(k):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
    return min(times)


def time_call(fn: Callable[[], object]) -> float:
    """The time of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_micro(fn: Callable[[], object], budget: float = 0.25, most: int = 200) -> float:
    """The shortest call of a fast function, repeated within a time budget (3 calls at least)."""
    times: list[float] = []
    spent = 0.0
    while len(times) < 3 or (spent < budget and len(times) < most):
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        times.append(took)
        spent += took
    return min(times)


def run_process(cmd: Sequence[str], k: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Best wall time of k runs of a command, and its exit status."""
    best = float("inf")
    code = 0
    for _ in range(k):
        start = time.perf_counter()
        done = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        best = min(best, time.perf_counter() - start)
        code = done.returncode
    return best, code


QUICK = False  # --quick: fewer repetitions


def reps(n: int, slow: bool = False) -> int:
    """How many times a whole-file figure is taken at size n (`slow`: a figure that takes
    many times longer than a load, such as a peer validator or an unpaused `yaml.load`)."""
    if QUICK:
        return 1 if slow else 3
    if n <= 2_000:
        return 3 if slow else 5
    if n <= 20_000:
        return 1 if slow else 3
    return 1  # a load of 100k takes tens of seconds: once keeps the run near 10 minutes


# -- peers -------------------------------------------------------------------------------
def tool(name: str) -> str | None:
    """A console script installed beside this interpreter, or on PATH."""
    beside = BIN / name
    return str(beside) if beside.exists() else shutil.which(name)


def treatyreg_cmd() -> list[str]:
    """How to run the `treatyreg` command."""
    exe = tool("treatyreg")
    if exe:
        return [exe]
    return [sys.executable, "-c", "import sys; from treatyreg.cli import main; sys.exit(main())"]


def schema_file(tmp: Path) -> Path:
    """The committed JSON Schema, or one made by `treatyreg schema` when there is none."""
    committed = ROOT / "schema" / "treatyreg-1.schema.json"
    if committed.is_file():
        return committed
    made = tmp / "treatyreg-1.schema.json"
    made.write_bytes(subprocess.run([*treatyreg_cmd(), "schema"], capture_output=True).stdout)
    return made


def status_intervals(reg: treatyreg.Registry, party: str) -> list[tuple[int, str, int, int]]:
    """(position, status, first day, day after the last) of every status `party` has in
    an agreement, as that party stands (what `filter(party=..., party_status=...)` asks), found
    with the public API only: a status changes only on some event's `upper` day."""
    out = []
    never = dt.date.max.toordinal()
    for i, a in enumerate(reg):
        if party not in a.parties:
            continue
        days = sorted({e.upper for e in a.events})
        spans = [(d, a.party_status(party, d)) for d in days]
        for (start, status), nxt in zip(spans, [*days[1:], None], strict=True):
            if status is not None:
                end = nxt.toordinal() if nxt is not None else never
                out.append((i, str(status), start.toordinal(), end))
    return out


def haystack(a: treatyreg.Agreement) -> str:
    """What `text=` searches, casefolded."""
    return "\n".join((a.title, *a.aliases, a.notes or "")).casefold()


def signed_bounds(a: treatyreg.Agreement) -> tuple[int, int]:
    """The signature's first and last day as ordinals (past any day when not signed)."""
    signed = a.signed
    if signed is None:
        return dt.date.max.toordinal(), dt.date.max.toordinal()
    return signed.lower.toordinal(), signed.upper.toordinal()


@dataclass
class Query:
    """One filter, asked of treatyreg, pandas and sqlite."""

    name: str
    treatyreg: Callable[[], list[str]]
    pandas: Callable[[], list[str]] | None
    sqlite: Callable[[], list[str]]


def build_queries(reg: treatyreg.Registry, party_name: str, rare_name: str) -> list[Query]:
    """The filters; the DataFrames and the database are built here, outside timing.

    `party_name` is the party in most agreements (a broad query); `rare_name` one of the
    median party, for the selective query that combines party, topic and signature dates.
    """
    party_id = reg.party(party_name).id
    rare_id = reg.party(rare_name).id
    day = dt.date.fromisoformat(DAY).toordinal()
    lo = treatyreg.FuzzyDate.parse(SIGNED_BETWEEN[0]).lower.toordinal()
    hi = treatyreg.FuzzyDate.parse(SIGNED_BETWEEN[1]).upper.toordinal()
    intervals = status_intervals(reg, party_id)
    agreements = list(reg)

    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE agreement (pos INTEGER PRIMARY KEY, id TEXT, signed_lower INTEGER,
                                signed_upper INTEGER, haystack TEXT);
        CREATE TABLE party (pos INTEGER, party TEXT);
        CREATE TABLE topic (pos INTEGER, topic TEXT);
        CREATE TABLE status (pos INTEGER, status TEXT, start INTEGER, stop INTEGER);
        """
    )
    db.executemany(
        "INSERT INTO agreement VALUES (?, ?, ?, ?, ?)",
        ((i, a.id, *signed_bounds(a), haystack(a)) for i, a in enumerate(agreements)),
    )
    db.executemany(
        "INSERT INTO party VALUES (?, ?)",
        ((i, p) for i, a in enumerate(agreements) for p in a.parties),
    )
    db.executemany(
        "INSERT INTO topic VALUES (?, ?)",
        ((i, t) for i, a in enumerate(agreements) for t in a.topics),
    )
    db.executemany("INSERT INTO status VALUES (?, ?, ?, ?)", intervals)
    db.executescript(
        """
        CREATE INDEX party_i ON party (party, pos);
        CREATE INDEX topic_i ON topic (topic, pos);
        CREATE INDEX status_i ON status (pos, status, start);
        CREATE INDEX signed_i ON agreement (signed_lower);
        ANALYZE;
        """
    )

    def sql(query: str, *args: object) -> Callable[[], list[str]]:
        return lambda: [row[0] for row in db.execute(query, args)]

    sqlite_queries = [
        sql(
            "SELECT a.id FROM party p JOIN status s ON s.pos = p.pos "
            "JOIN agreement a ON a.pos = p.pos WHERE p.party = ? AND s.status = ? "
            "AND s.start <= ? AND s.stop > ? ORDER BY p.pos",
            party_id,
            "in_force",
            day,
            day,
        ),
        sql(
            "SELECT a.id FROM topic t JOIN agreement a ON a.pos = t.pos WHERE t.topic = ? "
            "ORDER BY t.pos",
            TOPIC,
        ),
        sql(
            "SELECT id FROM agreement WHERE signed_lower BETWEEN ? AND ? AND signed_upper <= ? "
            "ORDER BY pos",
            lo,
            hi,
            hi,
        ),
        sql("SELECT id FROM agreement WHERE instr(haystack, ?) > 0 ORDER BY pos", TEXT.casefold()),
        sql(
            "SELECT a.id FROM party p JOIN topic t ON t.pos = p.pos JOIN agreement a "
            "ON a.pos = p.pos WHERE p.party = ? AND t.topic = ? AND a.signed_lower "
            "BETWEEN ? AND ? AND a.signed_upper <= ? ORDER BY p.pos",
            rare_id,
            TOPIC,
            lo,
            hi,
            hi,
        ),
    ]

    pandas_queries: list[Callable[[], list[str]] | None] = [None] * 5
    try:
        import pandas as pd
    except ImportError:
        pass
    else:
        # One row per agreement, a boolean column per party and per topic; one row per
        # status interval with its agreement's party columns: the masks pandas is fast at.
        frame = pd.DataFrame(
            {
                "id": [a.id for a in agreements],
                "signed_lower": [signed_bounds(a)[0] for a in agreements],
                "signed_upper": [signed_bounds(a)[1] for a in agreements],
                "haystack": [haystack(a) for a in agreements],
                f"party_{party_id}": [party_id in a.parties for a in agreements],
                f"party_{rare_id}": [rare_id in a.parties for a in agreements],
                f"topic_{TOPIC}": [TOPIC in a.topics for a in agreements],
            }
        )
        spans = pd.DataFrame(intervals, columns=["pos", "status", "start", "stop"])
        spans["status"] = spans["status"].astype("category")
        spans["id"] = frame["id"].to_numpy()[spans["pos"].to_numpy()]
        spans[f"party_{party_id}"] = frame[f"party_{party_id}"].to_numpy()[spans["pos"]]

        def by_party_status() -> list[str]:
            mask = (
                spans[f"party_{party_id}"]
                & (spans["status"] == "in_force")
                & (spans["start"] <= day)
                & (spans["stop"] > day)
            )
            return spans["id"][mask].tolist()

        def by_topic() -> list[str]:
            return frame["id"][frame[f"topic_{TOPIC}"]].tolist()

        def by_signed() -> list[str]:
            lower = frame["signed_lower"]
            mask = (lower >= lo) & (lower <= hi) & (frame["signed_upper"] <= hi)
            return frame["id"][mask].tolist()

        def by_text() -> list[str]:
            return frame["id"][
                frame["haystack"].str.contains(TEXT.casefold(), regex=False)
            ].tolist()

        def selective() -> list[str]:
            lower = frame["signed_lower"]
            mask = (
                frame[f"party_{rare_id}"]
                & frame[f"topic_{TOPIC}"]
                & (lower >= lo)
                & (lower <= hi)
                & (frame["signed_upper"] <= hi)
            )
            return frame["id"][mask].tolist()

        pandas_queries = [by_party_status, by_topic, by_signed, by_text, selective]

    def ids(found: list[treatyreg.Agreement]) -> list[str]:
        return [a.id for a in found]

    treatyreg_queries: list[Callable[[], list[str]]] = [
        lambda: ids(reg.filter(party=party_name, party_status="in_force", on=DAY)),
        lambda: ids(reg.filter(topic=TOPIC)),
        lambda: ids(reg.filter(signed_between=SIGNED_BETWEEN)),
        lambda: ids(reg.filter(text=TEXT)),
        lambda: ids(reg.filter(party=rare_name, topic=TOPIC, signed_between=SIGNED_BETWEEN)),
    ]
    names = [
        f"filter party+status on a day ({len(treatyreg_queries[0]())} found)",
        f"filter topic ({len(treatyreg_queries[1]())} found)",
        f"filter signed_between ({len(treatyreg_queries[2]())} found)",
        f"filter text ({len(treatyreg_queries[3]())} found)",
        f"filter party+topic+signed_between ({len(treatyreg_queries[4]())} found)",
    ]
    return [
        Query(name, t, p, s)
        for name, t, p, s in zip(
            names, treatyreg_queries, pandas_queries, sqlite_queries, strict=True
        )
    ]


# -- measuring one size ------------------------------------------------------------------
@dataclass
class Figures:
    """Everything measured at one size N (seconds unless the name says otherwise)."""

    n: int
    size_bytes: int = 0
    events_per_agreement: float = 0.0
    values: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def measure(
    n: int, path: Path, peer_path: Path, peer_n: int, schema: Path, pycache: Path
) -> Figures:
    """Every figure at size n; the validators' comparison runs on `peer_path` (peer_n)."""
    fig = Figures(n, size_bytes=path.stat().st_size)
    say(f"  N={n}: libyaml event stream, treatyreg.load (cold and warm), yaml.load")
    measure_load(fig, path)
    say(f"  N={n}: treatyreg show, second run, and an event-stream process")
    measure_show(fig, path, pycache)
    say(f"  N={n}: treatyreg validate, check-jsonschema and yamale processes")
    measure_validators(fig, path, peer_path, peer_n, schema)
    say(f"  N={n}: memory; filters (treatyreg, pandas, sqlite); status on a day")
    measure_queries(fig, path)
    return fig


def measure_load(fig: Figures, path: Path) -> None:
    """treatyreg.load against the event stream of the same text and against yaml.load."""
    text = path.read_text(encoding="utf-8")

    def event_stream() -> None:
        for _ in yaml.parse(text, Loader=_Loader):
            pass

    # Taken in turns, so that a slow spell of a shared machine hits both: the best of each.
    floor: list[float] = []
    load: list[float] = []
    for _ in range(max(2, reps(fig.n))):
        floor.append(best_of(event_stream, 1))
        seconds, first_status, first_text = timed_load(path)
        load.append(seconds)
    fig.values["floor"] = min(floor)
    fig.values["load"] = min(load)
    treatyreg.load(path, cache=True)  # fills the entry
    warm: list[float] = []
    for _ in range(max(2, reps(fig.n))):
        gc.collect()
        start = time.perf_counter()
        treatyreg.load(path, cache=True)
        warm.append(time.perf_counter() - start)
    fig.values["warm"] = min(warm)
    fig.values["first_status"] = first_status
    fig.values["first_text"] = first_text
    fig.values["yaml_load"] = best_of(
        lambda: yaml.load(text, Loader=_Loader), reps(fig.n, slow=True)
    )


def timed_load(path: Path) -> tuple[float, float, float]:
    """Seconds for one load, then for the first status query and the first text query
    (which build the status and the word index)."""
    gc.collect()
    start = time.perf_counter()
    reg = treatyreg.load(path)
    seconds = time.perf_counter() - start
    first_status = time_call(lambda: reg.filter(status="in_force", on=DAY))
    first_text = time_call(lambda: reg.filter(text=TEXT))
    return seconds, first_status, first_text


def measure_validators(
    fig: Figures, path: Path, peer_path: Path, peer_n: int, schema: Path
) -> None:
    """`treatyreg validate` as a process, and the peer validators on the peer-size file.

    treatyreg and yamale run in turns, at least twice each, so that a slow spell of the
    machine hits both (best of each); check-jsonschema (a minute at 20k) runs once."""
    v = fig.values
    mine = [*treatyreg_cmd(), "validate"]
    v["cli"], code = run_process([*mine, str(path)], reps(fig.n, True))
    if code != 0:
        fig.problems.append(f"treatyreg validate exited {code} on a generated file")
    peers = {
        "cjs": ("check-jsonschema", ["--schemafile", str(schema)], 1),
        "yamale": ("yamale", ["-n", "1", "-s", str(YAMALE_SCHEMA)], max(2, reps(peer_n, True))),
    }
    best = {"cli_peer": v["cli"] if peer_n == fig.n else float("inf")}
    for key, (name, options, k) in peers.items():
        exe = tool(name)
        if exe is None:
            continue
        best[key] = float("inf")
        for _ in range(k):
            seconds, code = run_process([exe, *options, str(peer_path)], 1)
            best[key] = min(best[key], seconds)
            if code != 0:
                fig.problems.append(f"{name} exited {code} on a generated file")
            seconds, _ = run_process([*mine, str(peer_path)], 1)
            best["cli_peer"] = min(best["cli_peer"], seconds)
    if best["cli_peer"] == float("inf"):
        best["cli_peer"], _ = run_process([*mine, str(peer_path)], reps(peer_n, True))
    v.update(best)


def measure_queries(fig: Figures, path: Path) -> None:
    """Memory per agreement (tracemalloc around one load), then with that registry the
    filters in three engines (results compared) and status on a day."""
    v = fig.values
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        reg = treatyreg.load(path)
        gc.collect()
        v["memory"] = (tracemalloc.get_traced_memory()[0] - before) / fig.n
        reg.filter(status="in_force", on=DAY)  # builds the status index
        reg.filter(text=TEXT)  # and the word index
        gc.collect()
        v["memory_queried"] = (tracemalloc.get_traced_memory()[0] - before) / fig.n
    finally:
        tracemalloc.stop()
    fig.events_per_agreement = sum(len(a.events) for a in reg) / max(1, len(reg))
    counts = Counter(p for a in reg for p in a.parties)
    ranked = [p for p, _ in counts.most_common()]
    party_name = reg.party(ranked[0]).aliases[0]  # search by a name, as users do
    rare_name = reg.party(ranked[len(ranked) // 2]).aliases[0]
    for i, q in enumerate(build_queries(reg, party_name, rare_name)):
        expected = q.treatyreg()
        if q.sqlite() != expected or (q.pandas is not None and q.pandas() != expected):
            fig.problems.append(f"{q.name}: the result sets differ")
        v[f"q{i}"] = best_micro(q.treatyreg)
        v[f"q{i}_sqlite"] = best_micro(q.sqlite)
        if q.pandas is not None:
            v[f"q{i}_pandas"] = best_micro(q.pandas)
        fig.notes[f"q{i}"] = q.name
    day = dt.date.fromisoformat(DAY)
    if list(reg.statuses_on(day).values()) != [a.status_on(day) for a in reg]:
        fig.problems.append("statuses_on and status_on disagree")
    v["status_loop"] = best_of(lambda: [a.status_on(day) for a in reg], reps(fig.n))
    v["statuses_on"] = best_of(lambda: reg.statuses_on(day), reps(fig.n))


def process_env(pycache: Path, cached: bool = False) -> dict[str, str]:
    """The environment of a timed process: bytecode cached in `pycache` (not in the source
    tree), as in an installed package; the cache of validated registries on (in this run's
    own folder) when `cached`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    if cached:
        env.pop("TREATYREG_NO_CACHE", None)
    return env


# the event stream of a file, as a whole process: the floor a command that reads it faces
STREAM_PROCESS = (
    "import sys, yaml\n"
    "loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    for _ in yaml.parse(f, Loader=loader):\n"
    "        pass\n"
)


def first_id(path: Path) -> str:
    """The id of the first agreement in a generated file (without loading it)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("agreements:"):
                break
        for line in lines:
            if line.startswith("  - id: "):
                return line.split(":", 1)[1].strip()
    raise ValueError(f"{path} has no agreement")


def measure_show(fig: Figures, path: Path, pycache: Path) -> None:
    """`treatyreg show ID --data FILE` run a second time (the cache holds the registry)
    against a process that only runs the libyaml event stream over the same file; in
    turns, best of each."""
    env = process_env(pycache, cached=True)
    show = [*treatyreg_cmd(), "show", first_id(path), "--data", str(path)]
    stream = [sys.executable, "-c", STREAM_PROCESS, str(path)]
    _, code = run_process(show, 1, env)  # the first run reads the YAML and fills the cache
    if code != 0:
        fig.problems.append(f"treatyreg show exited {code} on a generated file")
    shows: list[float] = []
    streams: list[float] = []
    for _ in range(max(2, reps(fig.n))):
        streams.append(run_process(stream, 1, env)[0])
        shows.append(run_process(show, 1, env)[0])
    fig.values["stream_process"] = min(streams)
    fig.values["show_warm"] = min(shows)


def import_times(k: int, pycache: Path) -> tuple[float, float, float]:
    """Seconds above a bare interpreter for `import treatyreg` and for `import treatyreg;
    treatyreg.load` (the public names are imported on first use), and the bare interpreter's
    own time; best of k, with bytecode cached as in an installed package."""
    env = process_env(pycache)
    bare = [sys.executable, "-c", "pass"]
    imp = [sys.executable, "-c", "import treatyreg"]
    use = [sys.executable, "-c", "import treatyreg; treatyreg.load"]
    run_process(use, 1, env)  # writes the bytecode cache
    bare_s = run_process(bare, k, env)[0]
    return run_process(imp, k, env)[0] - bare_s, run_process(use, k, env)[0] - bare_s, bare_s


def list_times(k: int, pycache: Path) -> tuple[float, float, float]:
    """`treatyreg list` on the bundled data, warm (from the cache) and with --no-cache,
    and a bare interpreter, in turns: best of k each."""
    env = process_env(pycache, cached=True)
    command = [*treatyreg_cmd(), "list"]
    run_process(command, 1, env)  # fills the cache and the bytecode cache
    bare: list[float] = []
    warm: list[float] = []
    cold: list[float] = []
    for _ in range(k):
        bare.append(run_process([sys.executable, "-c", "pass"], 1, env)[0])
        warm.append(run_process(command, 1, env)[0])
        cold.append(run_process([*command, "--no-cache"], 1, env)[0])
    return min(warm), min(cold), min(bare)


def measure_un_scale(tmp: Path, bilateral: Path, quick: bool) -> dict[str, float | str]:
    """The registry of the multilateral benchmark (UN scale: 500 treaties x 190 parties,
    beside the largest bilateral file of this run): the event stream of its two files,
    a cold load and a warm one (from the cache), in turns."""
    from multilateral import event_stream, write_multilateral

    folder = tmp / "un-scale"
    folder.mkdir()
    shutil.copyfile(bilateral, folder / "bilateral.yaml")
    treaties, participants = (20, 60) if quick else (500, 190)
    events = write_multilateral(folder / "multilateral.yaml", treaties, participants)
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))]

    def stream() -> None:
        event_stream(texts)

    floor: list[float] = []
    cold: list[float] = []
    warm: list[float] = []
    treatyreg.load(folder, cache=True)  # fills the entry
    for _ in range(2):
        floor.append(best_of(stream, 1))
        cold.append(best_of(lambda: treatyreg.load(folder, cache=False), 1))
        warm.append(best_of(lambda: treatyreg.load(folder, cache=True), 1))
    what = f"{treaties} treaties x {participants} parties ({events:,} events)"
    return {"floor": min(floor), "cold": min(cold), "warm": min(warm), "what": what}


# -- the table ---------------------------------------------------------------------------
def label(n: int) -> str:
    """1000 -> 1k."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def fmt_time(seconds: float) -> str:
    """A duration with 2-3 significant digits."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale or unit == "µs":
            value = seconds / scale
            return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    raise AssertionError  # pragma: no cover


def fmt_ratio(ratio: float) -> str:
    """2.13 -> 2.1x; below 1, two decimals (0.30x, not 0.3x, beside a bound of 0.3x)."""
    if ratio < 1:
        return f"{ratio:.2f}x"
    return f"{ratio:.2g}x" if ratio < 10 else f"{ratio:.0f}x"


@dataclass
class Row:
    """A table row: a label, one cell per size, and the target judged at the largest N."""

    label: str
    cells: list[str]
    target: str = ""
    met: str = ""


@dataclass
class Target:
    """A target of issues 6 and 16 and the figure it is judged by (None: not measured)."""

    text: str
    bound: str
    value: float | None
    ok: bool
    shown: str


@dataclass
class Table:
    """The rows and the targets, built from the figures of every size."""

    figs: list[Figures]
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def plain(self, text: str, key: str) -> None:
        """A row of times."""
        cells = [fmt_time(f.values[key]) if key in f.values else "not measured" for f in self.figs]
        self.rows.append(Row(text, cells))

    def ratio(
        self,
        text: str,
        num: str,
        den: str,
        shown: str,
        target: tuple[str, str, Callable[[float], bool]] | None = None,
        prefix: Callable[[Figures], str] = lambda f: "",
    ) -> None:
        """A row of ratios num ÷ den, each with the time `shown`; `target` is (its name,
        the bound as text, the test), judged at the largest N."""
        cells = []
        for f in self.figs:
            a, b = f.values.get(num), f.values.get(den)
            if a is None or b is None:
                cells.append("not installed")
            else:
                cells.append(f"{prefix(f)}{fmt_ratio(a / b)} ({fmt_time(f.values[shown])})")
        row = Row(text, cells)
        if target is not None:
            name, bound, test = target
            a, b = self.figs[-1].values.get(num), self.figs[-1].values.get(den)
            value = None if a is None or b is None else a / b
            self.add_target(row, name, bound, value, test, fmt_ratio)
        self.rows.append(row)

    def add_target(
        self,
        row: Row,
        name: str,
        bound: str,
        value: float | None,
        test: Callable[[float], bool],
        show: Callable[[float], str],
    ) -> None:
        ok = value is not None and test(value)
        shown = "not measured" if value is None else show(value)
        self.targets.append(Target(name, bound, value, ok, shown))
        row.target = bound
        row.met = "n/a" if value is None else "yes" if ok else "NO"


def build_table(figs: list[Figures], once: dict[str, float], un: dict[str, float | str]) -> Table:
    """The table of every figure, and the targets judged at the largest N."""
    t = Table(figs)

    def peer_at(f: Figures) -> str:
        return "" if f.notes["peer_n"] == label(f.n) else f"at {f.notes['peer_n']}: "

    t.plain("load + validate: `treatyreg.load(file)`", "load")
    t.ratio(
        "… libyaml event stream (the floor): load ÷ it",
        "load",
        "floor",
        "floor",
        ("load + validate (cold) ÷ event stream", "≤ 2.0x", lambda r: r <= 2.0),
    )
    t.ratio(
        "warm load (the cache of validated registries): it ÷ event stream",
        "warm",
        "floor",
        "warm",
        ("warm load ÷ event stream", "≤ 0.3x", lambda r: r <= 0.3),
    )
    t.ratio(
        "`treatyreg show ID --data FILE`, second run: it ÷ an event-stream process",
        "show_warm",
        "stream_process",
        "show_warm",
        ("show, second run ÷ event-stream process", "≤ 0.5x", lambda r: r <= 0.5),
    )
    t.ratio("… `yaml.load`, CSafeLoader: it ÷ load", "yaml_load", "load", "yaml_load")
    t.plain("first status query after a load (builds the status index)", "first_status")
    t.plain("first text query after a load (builds the word index)", "first_text")
    t.plain("validate, whole process: `treatyreg validate FILE`", "cli")
    t.ratio(
        "… check-jsonschema, whole process: it ÷ treatyreg",
        "cjs",
        "cli_peer",
        "cjs",
        ("check-jsonschema ÷ treatyreg validate", "≥ 20x", lambda r: r >= 20),
        peer_at,
    )
    t.ratio(
        "… yamale, whole process: it ÷ treatyreg",
        "yamale",
        "cli_peer",
        "yamale",
        ("yamale ÷ treatyreg validate", "≥ 6x", lambda r: r >= 6),
        peer_at,
    )
    for i in range(5):
        name = figs[-1].notes[f"q{i}"]
        short = name.split(" (")[0]
        t.plain(f"{name}: `Registry.filter`", f"q{i}")
        t.ratio(
            "… pandas boolean mask: it ÷ treatyreg",
            f"q{i}_pandas",
            f"q{i}",
            f"q{i}_pandas",
            (f"pandas ÷ treatyreg, {short}", "≥ 10x", lambda r: r >= 10),
        )
        t.ratio(
            "… sqlite3 in memory, indexed: it ÷ treatyreg",
            f"q{i}_sqlite",
            f"q{i}",
            f"q{i}_sqlite",
            (f"sqlite ÷ treatyreg, {short}", "> 1x", lambda r: r > 1),
        )
    t.plain("status on a day of every agreement: `a.status_on(day)` loop", "status_loop")
    t.ratio("… `reg.statuses_on(day)`: loop ÷ it", "status_loop", "statuses_on", "statuses_on")

    t.rows.append(
        Row(
            "memory per agreement (tracemalloc: retained after a load)",
            [f"{f.values['memory']:,.0f} B" for f in figs],
        )
    )
    row = Row(
        "… and after a status and a text query (all indexes built)",
        [f"{f.values['memory_queried']:,.0f} B" for f in figs],
    )
    t.add_target(
        row,
        "memory per agreement, all indexes built",
        "≤ 2,048 B",
        figs[-1].values["memory_queried"],
        lambda b: b <= 2048,
        lambda b: f"{b:,.0f} B",
    )
    t.rows.append(row)

    by_n = {f.n: f for f in figs}
    scale = None
    if 10_000 in by_n and 100_000 in by_n:
        scale = by_n[100_000].values["load"] / by_n[10_000].values["load"]
    row = Row("load at 100k ÷ load at 10k", [""] * (len(figs) - 1) + [fmt_ratio(scale or 0)])
    if scale is None:
        row.cells[-1] = "—"
    t.add_target(row, "load at 100k ÷ at 10k", "≤ 11x", scale, lambda r: r <= 11, fmt_ratio)
    t.rows.append(row)
    floor_scale = None
    if 10_000 in by_n and 100_000 in by_n:
        floor_scale = by_n[100_000].values["floor"] / by_n[10_000].values["floor"]
    t.rows.append(
        Row(
            "… the event stream itself at 100k ÷ at 10k",
            [""] * (len(figs) - 1) + [fmt_ratio(floor_scale) if floor_scale else "—"],
        )
    )

    blank = [""] * (len(figs) - 1)
    row = Row(
        "`import treatyreg` above a bare interpreter (process)",
        [fmt_time(once["import"]), *blank],
    )
    t.add_target(
        row,
        "import treatyreg above bare interpreter",
        "< 100 ms",
        once["import"],
        lambda s: s < 0.1,
        fmt_time,
    )
    t.rows.append(row)
    t.rows.append(
        Row(
            "… `import treatyreg; treatyreg.load` (names resolved)",
            [fmt_time(once["import_used"]), *blank],
        )
    )
    t.rows.append(
        Row(
            "`treatyreg validate data/agreements.yaml` (process)",
            [f"{fmt_time(once['bundled'])} (bare python: {fmt_time(once['bare'])})", *blank],
        )
    )
    ratio = once["list"] / once["list_bare"]
    row = Row(
        "`treatyreg list` on the bundled data, warm (process): it ÷ a bare interpreter",
        [f"{fmt_ratio(ratio)} ({fmt_time(once['list'])})", *blank],
    )
    t.add_target(
        row, "treatyreg list ÷ bare interpreter", "≤ 6x", ratio, lambda r: r <= 6, fmt_ratio
    )
    t.rows.append(row)
    cold = once["list_cold"]
    t.rows.append(
        Row(
            "… with `--no-cache`: it ÷ a bare interpreter",
            [f"{fmt_ratio(cold / once['list_bare'])} ({fmt_time(cold)})", *blank],
        )
    )
    floor = float(un["floor"])
    t.rows.append(
        Row(
            f"UN scale: {un['what']} beside the {label(figs[-1].n)} file: event stream",
            [fmt_time(floor), *blank],
        )
    )
    for key, name, bound, limit in (
        ("cold", "cold load", "≤ 2.0x", 2.0),
        ("warm", "warm load", "≤ 0.3x", 0.3),
    ):
        ratio = float(un[key]) / floor
        row = Row(
            f"… {name}: it ÷ event stream",
            [f"{fmt_ratio(ratio)} ({fmt_time(float(un[key]))})", *blank],
        )
        t.add_target(
            row,
            f"UN scale, {name} ÷ event stream",
            bound,
            ratio,
            lambda r, b=limit: r <= b,
            fmt_ratio,
        )
        t.rows.append(row)
    return t


def render(rows: list[Row], sizes: list[int]) -> str:
    """A Markdown table, padded so that it also reads as plain text."""
    head = ["figure", *(f"N = {label(n)}" for n in sizes), "target", "met"]
    body = [[r.label, *r.cells, r.target, r.met] for r in rows]
    widths = [max(len(line[c]) for line in [head, *body]) for c in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(head), rule, *(line(b) for b in body)])


def machine() -> str:
    """One line on what the figures were measured on."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "pure Python"
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"PyYAML {yaml.__version__} {libyaml}, treatyreg {treatyreg_version()}"
    )


def treatyreg_version() -> str:
    """The installed treatyreg's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("treatyreg")
    except PackageNotFoundError:
        return "unknown"


STARTED = time.perf_counter()


def say(message: str) -> None:
    """Progress with the time spent so far, on stderr (the table is alone on stdout)."""
    print(f"[{time.perf_counter() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, print the table and the targets; 1 only when results disagree."""
    global QUICK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="comma-separated numbers of agreements (default 1000,10000,100000)",
    )
    parser.add_argument("--quick", action="store_true", help="N = 1000 only: a smoke test")
    parser.add_argument(
        "--peer-cap",
        type=int,
        default=PEER_CAP,
        help=f"largest N given to check-jsonschema and yamale (default {PEER_CAP})",
    )
    args = parser.parse_args(argv)
    QUICK = args.quick
    try:
        sizes = [1000] if args.quick else sorted({int(s) for s in args.sizes.split(",") if s})
    except ValueError:
        parser.error("--sizes takes numbers, e.g. 1000,10000,100000")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs positive numbers")
    started = time.perf_counter()
    figs: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="treatyreg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        schema = schema_file(tmp)
        pycache = tmp / "pycache"
        files: dict[int, Path] = {}

        def registry_file(n: int) -> Path:
            if n not in files:
                say(f"generating {n} agreements")
                files[n] = tmp / f"registry-{n}.yaml"
                write_registry(n, files[n])
            return files[n]

        for n in sizes:
            peer_n = min(n, args.peer_cap)
            fig = measure(n, registry_file(n), registry_file(peer_n), peer_n, schema, pycache)
            fig.notes["peer_n"] = label(peer_n)
            figs.append(fig)
        say("import time and the bundled dataset")
        k = 3 if args.quick else 7
        once: dict[str, float] = {}
        once["import"], once["import_used"], once["bare"] = import_times(k, pycache)
        once["bundled"], code = run_process(
            [*treatyreg_cmd(), "validate", str(ROOT / "data" / "agreements.yaml")],
            k,
            process_env(pycache),
        )
        once["list"], once["list_cold"], once["list_bare"] = list_times(max(k, 5), pycache)
        say(f"UN scale: multilateral treaties beside {label(sizes[-1])} bilateral agreements")
        un = measure_un_scale(tmp, registry_file(sizes[-1]), args.quick)
    table = build_table(figs, once, un)
    print(f"treatyreg benchmarks: {machine()}")
    print(
        "files: "
        + ", ".join(f"{label(f.n)} = {f.size_bytes / 1e6:.1f} MB" for f in figs)
        + f"; {figs[-1].events_per_agreement:.2f} events per agreement"
    )
    print()
    print(render(table.rows, sizes))
    print()
    caveat = "" if figs[-1].n >= 100_000 else " (the targets are set for N = 100k)"
    print(f"Targets, judged at N = {label(figs[-1].n)}{caveat}:")
    for target in table.targets:
        verdict = "n/a" if target.value is None else "met" if target.ok else "MISSED"
        print(f"  {verdict:>6}  {target.text}: {target.shown} (target {target.bound})")
    problems = [p for f in figs for p in f.problems]
    if code != 0:
        problems.append(f"treatyreg validate data/agreements.yaml exited {code}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(f"(measured in {time.perf_counter() - started:.0f} s)")
    if OWN_CACHE is not None:
        shutil.rmtree(OWN_CACHE, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

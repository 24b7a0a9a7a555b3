"""`treatyreg diff` of two big registries that differ in a few agreements, against one load.

    python benchmarks/diff.py            # two 100k registries differing in 100 agreements
    python benchmarks/diff.py --quick    # 1k differing in 10: a smoke test (a few seconds)

OLD is made by `generate.py` (deterministic); NEW is OLD with, in every n-th agreement, the
title changed and the signature moved a year earlier (so its status changes on real days).
Both loads are cold (the cache of validated registries is off). Every figure is taken in
this one process: the diff's time (both sides read, checked and compared) as a ratio of one
cold load of OLD, and the diff's peak memory (tracemalloc) as a ratio of one load's peak.
Targets (issue 26): time within 2.5x, memory within 2x. Timings never fail the run; the
exit status is 1 only when the diff does not find exactly the agreements changed.
"""

from __future__ import annotations

import os

os.environ["TREATYREG_NO_CACHE"] = "1"  # every load here reads its YAML

import argparse
import gc
import re
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from generate import write  # benchmarks/ is on sys.path as the script's folder
from multilateral import best

import treatyreg

_SIGNED = re.compile(r"^(\s+date: (?:\.\./)?)(\d{4})", re.MULTILINE)


def changed_copy(old: Path, new: Path, every: int) -> set[str]:
    """NEW: OLD with every `every`-th agreement's title changed and its first date (its
    signature) a year earlier; the ids changed."""
    text = old.read_text(encoding="utf-8")
    head, _, body = text.partition("\nagreements:\n")
    parts = re.split(r"(?m)^(?=  - id: )", body)
    ids = set()
    for i in range(0, len(parts), every):
        part = parts[i]
        found = re.match(r"  - id: (\S+)", part)
        if found is None:
            continue
        ids.add(found[1])
        part = re.sub(r"(?m)^(    title: )", r"\1Revised ", part, count=1)
        parts[i] = _SIGNED.sub(lambda m: f"{m[1]}{int(m[2]) - 1:04d}", part, count=1)
    new.write_text(head + "\nagreements:\n" + "".join(parts), encoding="utf-8")
    return ids


def peak(fn: Callable[[], object]) -> int:
    """The peak of traced memory while `fn` runs (what it keeps, and what it drops)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="1k agreements: a smoke test")
    args = parser.parse_args(argv)
    n, differ = (1_000, 10) if args.quick else (100_000, 100)
    k = 3 if args.quick else 2
    with tempfile.TemporaryDirectory(prefix="treatyreg-diff-") as tmp_name:
        tmp = Path(tmp_name)
        old, new = tmp / "old.yaml", tmp / "new.yaml"
        write(n, old)
        ids = changed_copy(old, new, n // differ)

        def load() -> object:
            return treatyreg.load(old, cache=False)

        def run_diff() -> treatyreg.Changes:
            return treatyreg.diff(old, new, cache=False)

        changes = run_diff()
        found = {c.id for c in changes}
        ok = found == ids and all(c.periods for c in changes)
        # in turns, so that a slow moment of the machine falls on both
        load_time = diff_time = float("inf")
        for _ in range(k):
            load_time = min(load_time, best(load, 1))
            diff_time = min(diff_time, best(run_diff, 1))
        load_peak, diff_peak = peak(load), peak(run_diff)
    label = f"{n // 1000}k"
    print(f"treatyreg diff: two {label} registries differing in {len(ids)} agreements")
    print(f"{'figure':<44} {'value':>10} {'ratio':>8}  target")
    print(f"{'one cold load':<44} {load_time:>9.2f}s {'1.00x':>8}")
    print(
        f"{'diff (both sides read, checked, compared)':<44} {diff_time:>9.2f}s "
        f"{diff_time / load_time:>7.2f}x  <= 2.5x"
    )
    print(f"{'peak memory of one load (tracemalloc)':<44} {load_peak / 2**20:>8.0f}MB {'1.00x':>8}")
    print(
        f"{'peak memory of the diff':<44} {diff_peak / 2**20:>8.0f}MB "
        f"{diff_peak / load_peak:>7.2f}x  <= 2x"
    )
    if not ok:
        print(
            f"wrong answer: {len(found)} agreements reported, {len(ids)} changed", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

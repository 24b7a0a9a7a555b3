"""Where a cold load's time goes, stage by stage, on a generated registry.

    python benchmarks/stages.py              # N = 10k and 100k (about 3 minutes)
    python benchmarks/stages.py --sizes 1000 # a smoke test

The stages of `treatyreg.load(file, cache=False)`, each timed on its own in this process
(best of k, the collector paused as the load pauses it):

- libyaml: the C parser alone, counting events (`_yaml.CParser.raw_parse`);
- event objects: PyYAML's Python event objects with their marks (`yaml.parse`, minus
  libyaml);
- conversion: treatyreg's reader and converter (`_convert.convert`, minus the two above);
- checks: the cross-record rules (`_checks.check`);
- registry: the `Registry` and its always-built indexes, then `gc.freeze`.

Shares are of the sum of the stages; the last line compares the sum with one whole load.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from generate import write as write_registry  # benchmarks/ is on sys.path as the script's folder

import treatyreg
from treatyreg import _checks, _convert, loading
from treatyreg._limits import Limits

os.environ["TREATYREG_NO_CACHE"] = "1"  # every load here reads its YAML


def best(fn: Callable[[], object], k: int) -> float:
    """The shortest of k calls, the collector paused (as in a load)."""
    times = []
    for _ in range(k):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def stages(path: Path, k: int) -> dict[str, float]:
    """Seconds for each stage, and for a whole load."""
    data = path.read_bytes()
    limits = Limits()
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        sys.exit("stages.py needs PyYAML built with libyaml")
    libyaml = best(lambda: CParser(data).raw_parse(), k)

    def event_objects() -> None:
        for _ in yaml.parse(data, Loader=yaml.CSafeLoader):
            pass

    parse = best(event_objects, k)
    converted = [_convert.convert(data, str(path), limits)]
    convert = best(lambda: _convert.convert(data, str(path), limits), k)
    checks = best(lambda: _checks.check(converted), k)

    def registry() -> None:
        loading._registry(converted, [], name=path.name)
        gc.freeze()
        gc.unfreeze()

    build = best(registry, k)
    whole = best(lambda: treatyreg.load(path, cache=False), k)
    return {
        "libyaml": libyaml,
        "event objects": parse - libyaml,
        "conversion": convert - parse,
        "checks": checks,
        "registry": build,
        "whole": whole,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated N")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results = {}
    with tempfile.TemporaryDirectory(prefix="treatyreg-stages-") as tmp:
        for n in sizes:
            path = Path(tmp) / f"registry-{n}.yaml"
            write_registry(n, path)
            results[n] = stages(path, 3 if n <= 20_000 else 1)
    names = ["libyaml", "event objects", "conversion", "checks", "registry"]
    head = ["stage", *(f"N = {n // 1000}k" if n % 1000 == 0 else f"N = {n}" for n in sizes)]
    rows = []
    for name in names:
        cells = []
        for n in sizes:
            total = sum(results[n][s] for s in names)
            cells.append(f"{results[n][name]:.2f} s ({results[n][name] / total:.0%})")
        rows.append([name, *cells])
    rows.append(
        [
            "sum of the stages ÷ one whole load",
            *(f"{sum(results[n][s] for s in names) / results[n]['whole']:.2f}" for n in sizes),
        ]
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

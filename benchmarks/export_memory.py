"""Peak memory of `treatyreg export --format json` against the loaded registry's.

    python benchmarks/export_memory.py [--src PATH ...] [--n N] [--quick]

A generated registry of N agreements (`generate.py`, 10,000 by default, 500 with
`--quick`) is loaded in fresh processes: one that imports treatyreg only (the floor), one
that loads the registry, one that loads it and exports it as JSON. Each reports its peak
resident set (Linux: VmHWM). The registry's memory is the load's peak minus the floor; the
export's is the export's peak minus the load's. The target: the export takes at most 3x the
loaded registry's memory. With several `--src` source trees (e.g. an older checkout's
`src/`), each runs on the same file, side by side. Never fails on the numbers.
"""

from __future__ import annotations

import os

os.environ["TREATYREG_NO_CACHE"] = "1"  # every load reads its YAML

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402

TARGET = 3.0  # the export's memory, in loaded registries

_STEPS = {
    "floor": "import treatyreg",
    "load": "import treatyreg; reg = treatyreg.load(sys.argv[1])",
    "export": (
        "import treatyreg, treatyreg.publish as p; reg = treatyreg.load(sys.argv[1]);"
        " p.export(reg, 'json', sys.argv[2])"
    ),
}


def peak(src: Path, step: str, registry: Path, out: Path) -> int:
    """The peak resident set, in KiB, of a fresh process running `step`."""
    code = (
        "import re, sys; "
        + _STEPS[step]
        + "; print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(registry), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        check=True,
    )
    return int(done.stdout.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", action="append", type=Path, help="source trees to compare")
    parser.add_argument("--n", type=int, default=10_000, help="agreements (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="500 agreements (a smoke run)")
    args = parser.parse_args(argv)
    n = 500 if args.quick else args.n
    sources: list[Path] = args.src or [SRC]
    print(f"JSON export of {n:,} generated agreements (target: export <= {TARGET:g}x registry)")
    print("| source | registry | export | export per agreement | export / registry |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        registry = Path(tmp, "reg.yaml")
        write(n, registry)
        for src in sources:
            out = Path(tmp, "reg.json")
            floor, load, export = (peak(src, s, registry, out) for s in _STEPS)
            out.unlink(missing_ok=True)
            held, extra = max(load - floor, 1), max(export - load, 0)
            print(
                f"| `{src}` | {held / 1024:.0f} MiB | {extra / 1024:.0f} MiB "
                f"| {extra / n:.1f} KiB | {extra / held:.2f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

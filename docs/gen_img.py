"""Draw docs/img/timeline.png and docs/img/status-counts.png from the bundled dataset and
docs/img/participation.png from examples/ottawa-convention.yaml: `python docs/gen_img.py`.

The pictures are committed assets of the docs (quickstart and notebooks pages); the
bundled ones are drawn as of the registry's own as-of day, so that redrawing them changes
nothing unless the data or the drawing did.
"""

from __future__ import annotations

from pathlib import Path

import treatyreg
from treatyreg.plot import coverage, participation, status_counts, timeline

OUT = Path(__file__).parent / "img" / "timeline.png"
COUNTS = Path(__file__).parent / "img" / "status-counts.png"
COVERAGE = Path(__file__).parent / "img" / "coverage.png"
PARTICIPATION = Path(__file__).parent / "img" / "participation.png"
EXAMPLE = Path(__file__).parents[1] / "examples" / "ottawa-convention.yaml"
CHART_DAY = "2026-02-03"  # the day of the UN chart the example is taken from


def main() -> None:
    """Draw and save the picture."""
    OUT.parent.mkdir(exist_ok=True)
    bundled = treatyreg.load_default()
    fig = timeline(bundled)
    fig.savefig(OUT, dpi=110, metadata={"Software": None})
    fig = status_counts(bundled)
    fig.savefig(COUNTS, dpi=90, metadata={"Software": None})
    fig = coverage(bundled)
    fig.savefig(COVERAGE, dpi=90, metadata={"Software": None})
    reg = treatyreg.load(EXAMPLE)
    fig = participation(reg["ottawa-convention"], on=CHART_DAY, registry=reg)
    fig.savefig(PARTICIPATION, dpi=100, metadata={"Software": None})


if __name__ == "__main__":
    main()

"""Draw docs/img/timeline.png from the bundled dataset and docs/img/participation.png from
examples/ottawa-convention.yaml: `python docs/gen_img.py`.

The picture is a committed asset of the docs (quickstart and notebooks pages); it is drawn
as of a fixed day so that redrawing it changes nothing unless the data or the drawing did.
"""

from __future__ import annotations

from pathlib import Path

import treatyreg
from treatyreg.plot import participation, timeline

OUT = Path(__file__).parent / "img" / "timeline.png"
AS_OF = "2026-11-22"
PARTICIPATION = Path(__file__).parent / "img" / "participation.png"
EXAMPLE = Path(__file__).parents[1] / "examples" / "ottawa-convention.yaml"
CHART_DAY = "2026-02-03"  # the day of the UN chart the example is taken from


def main() -> None:
    """Draw and save the picture."""
    OUT.parent.mkdir(exist_ok=True)
    fig = timeline(treatyreg.load_default(), on=AS_OF)
    fig.savefig(OUT, dpi=110, metadata={"Software": None})
    reg = treatyreg.load(EXAMPLE)
    fig = participation(reg["ottawa-convention"], on=CHART_DAY, registry=reg)
    fig.savefig(PARTICIPATION, dpi=100, metadata={"Software": None})


if __name__ == "__main__":
    main()

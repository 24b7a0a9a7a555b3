"""Draw docs/img/timeline.png from the bundled dataset: `python docs/gen_img.py`.

The picture is a committed asset of the docs (quickstart and notebooks pages); it is drawn
as of a fixed day so that redrawing it changes nothing unless the data or the drawing did.
"""

from __future__ import annotations

from pathlib import Path

import treatyreg
from treatyreg.plot import timeline

OUT = Path(__file__).parent / "img" / "timeline.png"
AS_OF = "2026-11-22"


def main() -> None:
    """Draw and save the picture."""
    OUT.parent.mkdir(exist_ok=True)
    fig = timeline(treatyreg.load_default(), on=AS_OF)
    fig.savefig(OUT, dpi=110, metadata={"Software": None})


if __name__ == "__main__":
    main()

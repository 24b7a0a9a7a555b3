"""A matplotlib Figure that shows itself in Jupyter without pyplot (imported by plot.py).

`treatyreg.plot.timeline` builds its figure without pyplot, so that it needs no display
and touches no global state; such a figure has no inline display of its own, so this one
adds `_repr_png_`. Where pyplot's inline backend is active, IPython's own formatter for
figures takes precedence and the picture still shows once.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

__all__ = ["NotebookFigure"]


class NotebookFigure(Figure):
    """A `Figure` with a PNG representation for IPython and Jupyter."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

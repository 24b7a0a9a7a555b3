"""A matplotlib Figure that shows itself in Jupyter exactly once (imported by plot.py).

`treatyreg.plot` makes its figures through pyplot when pyplot is in use (so they are
current, as after any pyplot call) and without it otherwise (no display needed, no global
state). A figure made without pyplot has no inline display of its own: this one shows
itself as a PNG. A figure pyplot manages is shown by pyplot's backend when the cell ends
(the inline backend, or a window), so returning it must not show it a second time.
"""

from __future__ import annotations

import io
import sys

from matplotlib.figure import Figure

__all__ = ["NotebookFigure"]


class NotebookFigure(Figure):
    """A `Figure` that IPython and Jupyter show once, whoever manages it."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def _managed_by_pyplot(self) -> bool:
        """Whether pyplot holds it open (its manager is registered until `plt.close`)."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        manager = self.canvas.manager
        return pyplot is not None and manager is not None and manager.num in pyplot.get_fignums()

    def _ipython_display_(self) -> None:
        """Shown by IPython when a cell returns the figure: as a PNG, unless pyplot
        manages it and shows it itself at the end of the cell."""
        if self._managed_by_pyplot():
            return
        from IPython.display import Image, display

        display(Image(self._repr_png_()))  # type: ignore[no-untyped-call]

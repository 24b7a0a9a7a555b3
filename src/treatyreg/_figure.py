"""A matplotlib Figure that shows itself in Jupyter exactly once (imported by plot.py).

`treatyreg.plot` makes its figures through pyplot when pyplot is in use (so they are
current, as after any pyplot call) and without it otherwise (no display needed, no global
state). A figure made without pyplot has no inline display of its own: this one shows
itself as a PNG. A figure pyplot holds is shown by IPython when a cell returns it *and*
by pyplot's inline backend when the cell ends: shown once, it is closed, so that it is not
shown twice. On other backends (a window, a widget), the backend shows it.
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

    def _ipython_display_(self) -> None:
        """Shown by IPython (a cell returned it, or pyplot's inline backend shows the
        figures it holds at the end of a cell): as a PNG, once. A figure pyplot holds on
        the inline backend is closed once shown, so that the end of the cell does not show
        it again; on any other backend (a window, a widget) that backend shows it."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        manager = self.canvas.manager
        held = pyplot is not None and manager is not None and manager.num in pyplot.get_fignums()
        if held and "inline" not in pyplot.get_backend():  # type: ignore[union-attr]
            return
        from IPython.display import Image, display

        display(Image(self._repr_png_()))  # type: ignore[no-untyped-call]
        if held:
            pyplot.close(self)  # type: ignore[union-attr]

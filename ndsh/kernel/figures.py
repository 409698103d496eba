"""The matplotlib backend of ndsh's notebooks (`module://ndsh.kernel.figures`): `plt.show()`
shows the open figures inline (image/png) and closes them; the figures a cell leaves open are
shown when it ends (`flush_figures`), as IPython's inline backend does, so that d2l's
`d2l.plot(...)` shows without a `plt.show()`.

It is the default backend inside the kernel and `ndsh run book.ipynb` (MPLBACKEND, unless
the user set one), and what `%matplotlib inline` selects. Imported only with matplotlib.
"""
from __future__ import annotations

from typing import Any

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ndsh.kernel.bundles import BACKEND, figure_bundle

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase

__all__ = ["BACKEND", "FigureCanvas", "FigureManager", "flush_figures", "show"]


def show(*args: Any, **kwargs: Any) -> None:
    """`plt.show()`: show the open figures below the cell, then close them."""
    from ndsh.tools.output import current_output
    flush_figures(getattr(current_output(), "publisher", None))


def flush_figures(publisher: Any) -> int:
    """Publish every open pyplot figure that has something drawn (as display data) and close
    them all; the number shown. Without a publisher they are only closed."""
    import matplotlib.pyplot as plt

    shown = 0
    for number in plt.get_fignums():
        figure = plt.figure(number)
        if publisher is not None and (figure.axes or figure.images or figure.texts):
            data, metadata = figure_bundle(figure)
            publisher.display(data, metadata)
            shown += 1
        plt.close(figure)
    return shown

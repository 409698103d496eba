"""Matplotlib figures in the shell, after `%matplotlib` (or `%matplotlib inline`, the first
line of d2l's notebook sections): each figure is saved as `figure-N.png` in the current
folder and its name printed, as a notebook would show it below the cell.

This module is a matplotlib backend (`module://ndsh.repl.figures`): `plt.show()` saves and
closes the open figures. The shell also saves the figures a cell leaves open when it ends,
as IPython's inline backend does, so `d2l.plot(...)` shows without a `plt.show()`. A file is
never overwritten: N is the first number not taken. Imported only once matplotlib is there.
"""
from __future__ import annotations

import os
from typing import Any

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ndsh.display.console import Output

BACKEND = f"module://{__name__}"
NAME = "figure-{}.png"

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def show(*args: Any, **kwargs: Any) -> None:
    """`plt.show()`: save the open figures, say where, close them."""
    from ndsh.tools.output import current_output
    save_open_figures(current_output())


def is_active() -> bool:
    """Whether pyplot draws with this backend now."""
    import sys
    pyplot = sys.modules.get("matplotlib.pyplot")
    return pyplot is not None and pyplot.get_backend() == BACKEND


def save_open_figures(output: Output, folder: str = ".") -> list[str]:
    """Save every open pyplot figure that has something drawn as `figure-N.png` in `folder`,
    print each name on `output`, close them all; the paths written."""
    import matplotlib.pyplot as plt

    written = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        if figure.axes or figure.images or figure.texts:
            path = _free_name(folder)
            figure.savefig(path)
            written.append(path)
        plt.close(figure)
    if written:
        output.show_lines([("hint", f"saved {path}") for path in written])
    return written


def _free_name(folder: str) -> str:
    number = 1
    while os.path.exists(os.path.join(folder, NAME.format(number))):
        number += 1
    path = os.path.join(folder, NAME.format(number))
    return os.path.relpath(path) if not os.path.isabs(folder) else path

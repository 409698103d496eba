"""`ndsh.show(x)` and `ndsh.plot(*ys)`: pictures in the terminal, images with matplotlib.

Both draw on the current Output (the Session's, so `--color` counts): coloured at a terminal,
plain characters in pipes and under NO_COLOR. The drawing itself is `ndsh.display.pictures`
and `ndsh.display.plots`.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from ndsh.engine.ndarray import NDArray
from ndsh.tools.names import array_names, caller_namespace
from ndsh.tools.output import current_output

KINDS = ("line", "hist", "scatter")


def _host(value: Any) -> np.ndarray:
    if isinstance(value, NDArray):
        return value.asnumpy()
    return np.asarray(value)


def _width(output, which: str = "out") -> int:
    color = output.color_out if which == "out" else output.color_err
    if color:
        return output.console(which).width
    try:
        return max(20, int(os.environ.get("COLUMNS", "80")))
    except ValueError:
        return 80


def _ascii_only(stream) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    return "utf" not in encoding


def show(x: Any, width: int | None = None, title: str | None = None) -> None:
    """Draw `x`: a 2-D array as a coloured heatmap with its value scale, a 1-D array as a
    sparkline, a 3-D array as a row of heatmaps; a graph, trace table or explanation as it
    shows itself. Plain characters in pipes and under NO_COLOR.

    width: the most characters a line may take (default: the terminal's, 80 when piped).

    Example:
        >>> show(nd.array([1, 2, 3, 2, 1]), width=30)
        <NDArray 5 float32>  min 1  max 3
        1 ▁▅█▅▁ 3
    """
    output = current_output()
    own = getattr(type(x), "_ndsh_show_", None)
    if own is not None:
        return own(x, output)
    from ndsh.display.pictures import picture_lines
    from ndsh.display.segments import show_segments
    if title is None and isinstance(x, NDArray):
        name = array_names(caller_namespace()).get(id(x), "")
        shape = "x".join(map(str, x.shape))
        title = f"{name + ' ' if name else ''}<NDArray {shape} {x._data.dtype.name}>"
    lines = picture_lines(_host(x), output.color_out, width or _width(output), title or "",
                          ascii_only=_ascii_only(output.stdout))
    show_segments(output, lines)


def plot(*ys: Any, x: Any = None, kind: str = "line", bins: int = 20,
         labels: list[str] | None = None, title: str = "", save: str | None = None,
         width: int | None = None, height: int = 12) -> None:
    """Plot 1-D series in the terminal: kind='line' (the default), 'scatter' or 'hist'.

    x: the x values shared by the series (default 0, 1, 2...). labels: the legend (default
    the variables' names). save='f.png' writes an image with matplotlib instead (install it
    with `pip install 'ndsh[plot]'`).

    Example:
        >>> plot(nd.array([1, 3, 2]), width=30, height=3)  # doctest: +SKIP
    """
    if kind not in KINDS:
        raise ValueError(f"ndsh.plot: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not ys:
        raise TypeError("ndsh.plot: give at least one series to plot")
    series = [_host(y).astype(np.float64).reshape(-1) if _host(y).ndim <= 1 else
              _not_1d(y) for y in ys]
    if labels is None:
        known = array_names(caller_namespace())
        labels = [known.get(id(y), f"y{i}") for i, y in enumerate(ys)]
    xs = [np.arange(len(s), dtype=np.float64) for s in series] if x is None else \
        [_host(x).astype(np.float64).reshape(-1)] * len(series)
    for s, xv in zip(series, xs):
        if kind != "hist" and len(s) != len(xv):
            raise ValueError(f"ndsh.plot: x has {len(xv)} values but a series has {len(s)}")
    if save is not None:
        return _save(save, series, xs, labels, kind, bins, title)
    from ndsh.display.plots import histogram, line_plot
    from ndsh.display.segments import show_segments
    output = current_output()
    color, cols = output.color_out, width or _width(output)
    if kind == "hist":
        lines = histogram(np.concatenate(series), bins, color, cols, height)
    else:
        lines = line_plot(series, xs, labels, color, cols, height, scatter=kind == "scatter")
    if title:
        lines.insert(0, [("bold", title)])
    show_segments(output, lines)


def _not_1d(y: Any):
    raise ValueError(f"ndsh.plot draws 1-d series; this one has shape {_host(y).shape}: plot "
                     f"a row or a column, or ndsh.show(x) for a heatmap")


def _save(path: str, series, xs, labels, kind: str, bins: int, title: str) -> None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ModuleNotFoundError(
            f"ndsh.plot(save={path!r}) needs matplotlib, which is not installed: "
            f"pip install 'ndsh[plot]' (or pip install matplotlib). Without save=, the plot "
            f"is drawn in the terminal.") from None
    figure, axes = plt.subplots(figsize=(6.4, 4.0))
    if kind == "hist":
        axes.hist(np.concatenate(series), bins=bins)
    for s, xv, label in zip(series, xs, labels):
        if kind == "line":
            axes.plot(xv, s, label=label)
        elif kind == "scatter":
            axes.scatter(xv, s, label=label, s=8)
    if kind != "hist" and len(series) > 1:
        axes.legend()
    if title:
        axes.set_title(title)
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)

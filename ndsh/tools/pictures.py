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
from ndsh.tools.np_arrays import engine_array, is_array, kind_name
from ndsh.tools.output import current_output

KINDS = ("line", "hist", "scatter")


def _host(value: Any) -> np.ndarray:
    value = engine_array(value)
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


def show(x: Any, width: int | None = None, title: str | None = None,
         save: str | None = None) -> None:
    """Draw `x`: a 2-D array as a coloured heatmap with its value scale, a 1-D array as a
    sparkline, a 3-D array as a row of heatmaps; a graph, trace table or explanation as it
    shows itself. Plain characters in pipes and under NO_COLOR.

    width: the most characters a line may take (default: the terminal's, 80 when piped).
    save='f.png': write the picture to an image file with matplotlib instead (a heatmap with
    its colour bar, a line for 1-D, a row of heatmaps for 3-D); matplotlib is an optional
    extra: `pip install 'ndsh[plot]'`.

    Example:
        >>> show(nd.array([1, 2, 3, 2, 1]), width=30)
        <NDArray 5 float32>  min 1  max 3
        1 ▁▅█▅▁ 3
    """
    own = getattr(type(x), "_ndsh_show_", None)
    if title is None and is_array(x):             # an mx.np array: <ndarray 2x3 float32>
        name = array_names(caller_namespace()).get(id(engine_array(x)), "")
        shape, dtype = "x".join(map(str, x.shape)), engine_array(x)._data.dtype.name
        title = f"{name + ' ' if name else ''}<{kind_name(x)} {shape} {dtype}>"
    if save is not None:
        if own is not None:
            raise TypeError(f"ndsh.show(save=...) writes arrays as images; a "
                            f"{type(x).__name__} is drawn in the terminal only (print it, or "
                            f"ndsh.show it without save=)")
        return _save_picture(save, _host(x), title or "")
    output = current_output()
    if own is not None:
        return own(x, output)
    from ndsh.display.pictures import picture_lines
    from ndsh.display.segments import show_segments
    lines = picture_lines(_host(x), output.color_out, width or _width(output), title or "",
                          ascii_only=_ascii_only(output.stdout))
    show_segments(output, lines)


def plot(*ys: Any, x: Any = None, kind: str = "line", bins: int = 20,
         labels: list[str] | None = None, title: str = "", save: str | None = None,
         width: int | None = None, height: int = 12) -> None:
    """Plot 1-D series in the terminal: kind='line' (the default), 'scatter' or 'hist'.

    x: the x values shared by the series (default 0, 1, 2...). labels: the legend (default
    the variables' names). save='f.png' writes an image with matplotlib instead (an optional
    extra: `pip install 'ndsh[plot]'`).

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
        labels = [known.get(id(engine_array(y)), f"y{i}") for i, y in enumerate(ys)]
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


def _figure(call: str, path: str, width: float = 6.4, height: float = 4.0):
    """A matplotlib Figure drawn off screen (no pyplot: the user's own backend, `%matplotlib`
    included, is left as it is). Raises ModuleNotFoundError, saying how to get matplotlib."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ModuleNotFoundError(
            f"{call}(save={path!r}) writes an image with matplotlib, which is not installed: "
            f"it is an optional extra of ndsh, installed with pip install 'ndsh[plot]' (or pip "
            f"install matplotlib). Without save=, {call} draws in the terminal.",
            name="matplotlib") from None
    return Figure(figsize=(width, height))


def _save_picture(path: str, values: np.ndarray, title: str) -> None:
    """ndsh.show(x, save=path): a heatmap with its colour bar (2-D), a line (1-D), a row of
    heatmaps sharing one scale (3-D); a diverging map centred on zero for data of both signs,
    as in the terminal."""
    if values.dtype.kind not in "biuf":
        raise TypeError(f"ndsh.show: cannot draw an array of dtype {values.dtype}")
    if values.ndim > 3:
        raise ValueError(f"ndsh.show draws 1-, 2- and 3-d arrays; this one has shape "
                         f"{values.shape}: show a slice, e.g. x[0]")
    values = values.astype(np.float64).reshape(values.shape or (1,))
    panels = values.shape[0] if values.ndim == 3 else 1
    figure = _figure("ndsh.show", path, width=max(4.0, 3.2 * panels) if panels > 1 else 6.4)
    if values.ndim == 1:
        axes = figure.subplots()
        axes.plot(np.arange(values.size), values)
    else:
        finite = values[np.isfinite(values)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        cmap = "viridis"
        if lo < 0 < hi:
            cmap, edge = "RdBu_r", max(-lo, hi)
            lo, hi = -edge, edge
        images = values if values.ndim == 3 else values[None]
        axes_row = figure.subplots(1, panels, squeeze=False)[0]
        from matplotlib.ticker import MaxNLocator
        for index, (axes, image) in enumerate(zip(axes_row, images)):
            drawn = axes.imshow(image, cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
            for axis in (axes.xaxis, axes.yaxis):          # rows and columns: whole numbers
                axis.set_major_locator(MaxNLocator(integer=True))
            if panels > 1:
                axes.set_title(f"[{index}]")
        figure.colorbar(drawn, ax=list(axes_row))
    if title:
        figure.suptitle(title)
    figure.savefig(path, dpi=120, bbox_inches="tight")


def _save(path: str, series, xs, labels, kind: str, bins: int, title: str) -> None:
    figure = _figure("ndsh.plot", path)
    axes = figure.subplots()
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

"""HTML views for notebooks (the Jupyter kernel's text/html): an NDArray with its header,
statistics, alarms and a small picture; styled lines (graphs) as coloured `<pre>` text; a
progress bar. Every view is self-contained HTML with inline styles (no scripts, no CSS
files), so that it reads the same in JupyterLab, the classic notebook and a saved file.

    >>> print(segments_html([[("bold", "y = multiply"), ("", "  (2,)")]]))
    <pre class="ndsh-graph"><span style="font-weight:bold">y = multiply</span>  (2,)</pre>
"""
from __future__ import annotations

import html
from typing import Any, Iterable

import numpy as np

from ndsh.display.pictures import Scale, shrink
from ndsh.display.results import array_alarms, array_header, remote_note
from ndsh.display.segments import Line
from ndsh.display.values import engine_array, format_value

HEATMAP_CELLS = 24          # a 2-D picture is at most 24 x 24 cells (blocks are averaged)
HEATMAP_PIXELS = 8          # each cell 8 px at least, up to 24 px for small arrays
SPARK_POINTS = 120          # a 1-D picture has at most 120 points
_COLORS = {"cyan": "#0e7c86", "yellow": "#9a6700", "red": "#c62828", "green": "#2e7d32",
           "magenta": "#8e24aa", "blue": "#1565c0"}


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _style(rich_style: str) -> str:
    """A rich style ("bold cyan", "dim italic") as an inline CSS declaration."""
    css = []
    for word in rich_style.split():
        if word in _COLORS:
            css.append(f"color:{_COLORS[word]}")
        elif word == "bold":
            css.append("font-weight:bold")
        elif word == "dim":
            css.append("opacity:0.65")
        elif word == "italic":
            css.append("font-style:italic")
    return ";".join(css)


def segments_html(lines: Iterable[Line], css_class: str = "ndsh-graph") -> str:
    """Styled lines (`ndsh.display.segments`) as one `<pre>`, styles as inline CSS."""
    rows = []
    for line in lines:
        parts = []
        for style, text in line:
            css = _style(style)
            parts.append(f'<span style="{css}">{_escape(text)}</span>' if css
                         else _escape(text))
        rows.append("".join(parts).rstrip())
    return f'<pre class="{css_class}">' + "\n".join(rows) + "</pre>"


# ----- arrays ---------------------------------------------------------------------------------
def array_html(x: Any) -> str:
    """The notebook's view of an array (an NDArray, or an mx.np array): a header (shape,
    dtype, context, gradient state), min / max / mean over the finite elements, NaN and Inf
    counts, a heatmap (2-D) or a sparkline (1-D), and MXNet's printed text.

    Example:
        >>> page = array_html(nd.array([[1, 2], [3, float("nan")]]))
        >>> "NDArray 2x2 float32 @cpu(0)" in page, "NaN! 1 of 4 elements is NaN" in page
        (True, True)
    """
    parts = ['<div class="ndsh-array">',
             f'<div style="font-family:monospace;font-weight:bold;color:#0e7c86">'
             f'{_escape(array_header(x))}</div>']
    inner = engine_array(x)     # an mx.np array's own engine array (no copy)
    remote = remote_note(inner)
    if remote is not None:      # a dask array: the corners of the text, computed alone
        parts.append(f'<div style="font-family:monospace;opacity:0.75">{_escape(remote)}</div>')
        parts.append(f"<pre>{_escape(format_value(x).strip())}</pre>")
        return "".join(parts) + "</div>"
    host = np.asarray(inner)
    stats = _stats(host)
    if stats:
        parts.append(f'<div style="font-family:monospace;opacity:0.75">{_escape(stats)}</div>')
    for alarm in array_alarms(host):
        parts.append(f'<div style="font-family:monospace;font-weight:bold;color:#c62828">'
                     f'{_escape(alarm)}</div>')
    picture = _picture(host)
    if picture:
        parts.append(f'<div style="margin:4px 0">{picture}</div>')
    parts.append(f"<pre>{_escape(format_value(x).strip())}</pre>")
    return "".join(parts) + "</div>"


def _stats(host: np.ndarray) -> str:
    """`min=0  max=5  mean=2.5` over the finite elements ("" for empty or non-numeric data)."""
    if host.size == 0 or not (np.issubdtype(host.dtype, np.number) or host.dtype == np.bool_):
        return ""
    values = host.astype(np.float64)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return "no finite elements"
    return (f"min={float(values.min()):.5g}  max={float(values.max()):.5g}  "
            f"mean={float(values.mean()):.5g}")


def _picture(host: np.ndarray) -> str:
    if host.size < 2 or not (np.issubdtype(host.dtype, np.number) or host.dtype == np.bool_):
        return ""
    values = host.astype(np.float64)
    if values.ndim == 1:
        return sparkline_svg(values)
    if values.ndim == 2:
        return heatmap_svg(values)
    return ""


def heatmap_svg(values: np.ndarray, cells: int = HEATMAP_CELLS, scale: Scale | None = None,
                pixels: int = 192) -> str:
    """A 2-D array as a small SVG heatmap (blocks averaged down to `cells` a side; NaN and Inf
    cells magenta), with the scale's ends as a tooltip; `scale` shared with other pictures,
    `pixels` the side a small array grows to.

    Example:
        >>> heatmap_svg(np.eye(2)).count("<rect")
        4
    """
    shrunk = shrink(values, cells, cells)
    scale = scale or Scale(shrunk)
    size = max(HEATMAP_PIXELS, min(24, pixels // max(shrunk.shape)))    # small arrays bigger
    rects = []
    for row in range(shrunk.shape[0]):
        for col in range(shrunk.shape[1]):
            value = shrunk[row, col]
            color = scale.color(value)
            color = "#d81b60" if color == "magenta" else color
            rects.append(f'<rect x="{col * size}" y="{row * size}" width="{size}" '
                         f'height="{size}" fill="{color}"/>')
    width, height = shrunk.shape[1] * size, shrunk.shape[0] * size
    title = f"heatmap, scale {scale.lo:.4g} .. {scale.hi:.4g}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img"><title>{_escape(title)}</title>{"".join(rects)}</svg>')


def sparkline_svg(values: np.ndarray, width: int = 240, height: int = 36) -> str:
    """A 1-D array as a small SVG line (averaged down to SPARK_POINTS points; NaN and Inf
    leave gaps).

    Example:
        >>> sparkline_svg(np.arange(3.0)).count("<polyline")
        1
    """
    points = shrink(values[None, :], 1, SPARK_POINTS)[0]
    finite = np.isfinite(points)
    if not finite.any():
        return ""
    lo, hi = float(points[finite].min()), float(points[finite].max())
    span = hi - lo or 1.0
    step = (width - 4) / max(1, len(points) - 1)
    runs, current = [], []
    for index, value in enumerate(points):
        if not np.isfinite(value):
            runs, current = runs + [current] if current else runs, []
            continue
        y = 2 + (height - 4) * (1 - (value - lo) / span) if hi > lo else height / 2
        current.append(f"{2 + index * step:.1f},{y:.1f}")
    if current:
        runs.append(current)
    lines = "".join(f'<polyline fill="none" stroke="#1565c0" stroke-width="1.5" '
                    f'points="{" ".join(run)}"/>' for run in runs)
    title = f"sparkline, {lo:.4g} .. {hi:.4g}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img"><title>{_escape(title)}</title>{lines}</svg>')


# ----- ndsh.show in a notebook ---------------------------------------------------------------
SHOW_CELLS = 48             # `%show x`: a heatmap of up to 48 x 48 cells
SHOW_PANELS = 8             # a 3-D array: its first 8 slices


def picture_html(values: np.ndarray, head: str = "") -> str:
    """`%show x` (`ndsh.show`) in a notebook: the head line the terminal shows (name, shape,
    min, max), then a sparkline (1-D), a heatmap (2-D) or a row of heatmaps sharing one scale
    (3-D) as SVG, and the colour scale.

    Example:
        >>> page = picture_html(np.arange(6.0).reshape(2, 3), "x <NDArray 2x3>  min 0  max 5")
        >>> page.count("<rect") > 6, "x &lt;NDArray 2x3&gt;" in page, ">0</text>" in page
        (True, True, True)
    """
    values = np.asarray(values, dtype=np.float64)
    parts = ['<div class="ndsh-picture">']
    if head:
        parts.append(f'<div style="font-family:monospace;font-weight:bold">{_escape(head)}'
                     "</div>")
    if values.ndim == 1 and values.size > 1:
        parts.append(f"<div>{sparkline_svg(values, width=480, height=80)}</div>")
    elif values.ndim in (2, 3) and values.size > 1:
        scale = Scale(values)
        panels = values[None] if values.ndim == 2 else values[:SHOW_PANELS]
        pictures = [heatmap_svg(panel, SHOW_CELLS, scale, pixels=384 // len(panels) + 96)
                    for panel in panels]
        if values.ndim == 3:
            pictures = [f'<figure style="display:inline-block;margin:0 8px 0 0">{picture}'
                        f'<figcaption style="font-family:monospace">[{index}]</figcaption>'
                        "</figure>" for index, picture in enumerate(pictures)]
            if values.shape[0] > SHOW_PANELS:
                pictures.append(f'<span style="font-family:monospace;opacity:0.65">... '
                                f"{values.shape[0] - SHOW_PANELS} more (x[{SHOW_PANELS}:] "
                                "not drawn)</span>")
        parts.append(f'<div style="margin:4px 0">{"".join(pictures)}</div>')
        parts.append(f"<div>{scale_svg(scale)}</div>")
    return "".join(parts) + "</div>"


def scale_svg(scale: Scale, width: int = 160) -> str:
    """A colour bar `width` pixels long with its ends' values (0 in the middle of a diverging
    scale).

    Example:
        >>> from ndsh.display.pictures import Scale
        >>> bar = scale_svg(Scale(np.array([-1.0, 2.0])))
        >>> ">-2</text>" in bar, ">2</text>" in bar
        (True, True)
    """
    lo, hi = _short(scale.lo), _short(scale.hi)
    left = 7 * len(lo) + 6                 # 11 px monospace: about 7 px a character
    steps, bar = 24, width
    rects = "".join(
        f'<rect x="{left + i * bar / steps:.1f}" y="2" width="{bar / steps + 0.5:.1f}" '
        f'height="12" fill="{scale.color(scale.lo + (scale.hi - scale.lo) * i / (steps - 1))}"/>'
        for i in range(steps))
    text = 'font-family="monospace" font-size="11" y="12"'
    total = left + bar + 7 * len(hi) + 6
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="16" role="img">'
            f'<text {text} x="{left - 4}" text-anchor="end">{_escape(lo)}</text>{rects}'
            f'<text {text} x="{left + bar + 4}">{_escape(hi)}</text></svg>')


def _short(value: float) -> str:
    return f"{value:.4g}"


# ----- progress -------------------------------------------------------------------------------
def progress_html(desc: str, done: int, total: int | None, info: str) -> str:
    """One progress bar: the label, an HTML `<progress>`, `done/total` and a line of
    information (rate, time, the values the loop reports).

    Example:
        >>> "<progress" in progress_html("train", 3, 10, "2 it/s")
        True
    """
    bar = (f'<progress value="{done}" max="{total}" style="width:240px"></progress>'
           if total else '<progress style="width:240px"></progress>')
    count = f"{done}/{total}" if total else f"{done}"
    label = f"<b>{_escape(desc)}</b> " if desc else ""
    return (f'<div class="ndsh-progress" style="font-family:monospace">{label}{bar} '
            f"{count} {_escape(info)}</div>")

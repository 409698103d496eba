"""Arrays as pictures in the terminal: a 2-D array as a heatmap, 1-D as a sparkline, 3-D as a
row of heatmaps sharing one scale.

In colour a heatmap packs two rows into each line with the upper half block `▀` (foreground
the upper value, background the lower one), and a colour bar gives the scale; data with both
signs gets a diverging blue-white-red map centred on zero. Without colour (pipes, NO_COLOR)
each value is a character of the ramp `".:-=+*#%@"`, two characters wide so that cells are
about square, with a legend for the ramp.
"""
from __future__ import annotations

import numpy as np

from ndsh.display.segments import Line

RAMP = ".:-=+*#%@"
SPARKS = "▁▂▃▄▅▆▇█"
BAD = "bold magenta"                      # NaN and Inf cells
_VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779",
            "#6ece58", "#b5de2b", "#fde725"]
_DIVERGING = ["#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582",
              "#d6604d", "#b2182b"]
MAX_ROWS = 48                              # data rows drawn (24 lines in colour)


class Scale:
    """Maps values to [0, 1] and to colours: linear over [lo, hi], or symmetric around zero
    (diverging) when the data has both signs."""

    def __init__(self, values: np.ndarray):
        finite = values[np.isfinite(values)]
        self.lo, self.hi = (float(finite.min()), float(finite.max())) if finite.size \
            else (0.0, 0.0)
        self.diverging = self.lo < 0 < self.hi
        if self.diverging:
            edge = max(-self.lo, self.hi)
            self.lo, self.hi = -edge, edge
        self.colors = _DIVERGING if self.diverging else _VIRIDIS

    def unit(self, values: np.ndarray) -> np.ndarray:
        span = self.hi - self.lo
        with np.errstate(invalid="ignore"):
            out = (values - self.lo) / span if span > 0 else np.full(values.shape, 0.5)
        return np.clip(out, 0.0, 1.0)

    def color(self, value: float) -> str:
        if not np.isfinite(value):
            return "magenta"
        index = self.unit(np.asarray(value)) * (len(self.colors) - 1)
        return self.colors[int(round(float(index)))]

    def char(self, value: float) -> str:
        if not np.isfinite(value):
            return "?"
        return RAMP[int(round(float(self.unit(np.asarray(value))) * (len(RAMP) - 1)))]


def shrink(values: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Average blocks so that a 2-D array fits `rows` x `cols` (NaN and Inf survive)."""
    values = np.asarray(values, dtype=np.float64)
    for axis, limit in ((0, rows), (1, cols)):
        n = values.shape[axis]
        if n > limit:
            edges = np.linspace(0, n, limit + 1).astype(int)
            values = np.stack([np.take(values, range(a, b), axis=axis).mean(axis=axis)
                               for a, b in zip(edges[:-1], edges[1:])], axis=axis)
    return values


def number(value: float) -> str:
    from ndsh.display.trace_view import number as fmt
    return fmt(value)


def heatmap_lines(values: np.ndarray, color: bool, width: int, scale: Scale | None = None,
                  legend: bool = True) -> list[Line]:
    """A 2-D array as a heatmap at most `width` characters wide."""
    scale = scale or Scale(np.asarray(values, dtype=np.float64))
    cell = 1 if color else 2
    grid = shrink(values, MAX_ROWS if color else MAX_ROWS // 2, max(1, width // cell))
    # small arrays grow to about 40 columns, keeping cells square
    grow = max(1, min(4 if color else 2, min(width, 40) // (grid.shape[1] * cell),
                      (MAX_ROWS if color else MAX_ROWS // 2) // grid.shape[0]))
    grid = np.repeat(np.repeat(grid, grow, axis=0), grow, axis=1)
    lines: list[Line] = []
    if color:
        for top in range(0, grid.shape[0], 2):
            line: Line = []
            for col in range(grid.shape[1]):
                upper = scale.color(grid[top, col])
                lower = scale.color(grid[top + 1, col]) if top + 1 < grid.shape[0] else None
                line.append((upper + (f" on {lower}" if lower else ""), "▀"))
            lines.append(line)
    else:
        for row in grid:
            lines.append([("", "".join(scale.char(v) * 2 for v in row))])
    if legend:
        lines.append(scale_line(scale, color, min(width, 40)))
    return lines


def scale_line(scale: Scale, color: bool, width: int) -> Line:
    """The value scale under a picture: a colour bar, or the ramp with its ends."""
    lo, hi = number(scale.lo), number(scale.hi)
    if not color:
        return [("dim", f"scale: '{RAMP[0]}' = {lo} ... '{RAMP[-1]}' = {hi}  (ramp \"{RAMP}\")")]
    steps = max(8, width - len(lo) - len(hi) - 2)
    bar = [(scale.color(scale.lo + (scale.hi - scale.lo) * i / (steps - 1)), "█")
           for i in range(steps)]
    middle = [("dim", "  (0 in the middle)")] if scale.diverging else []
    return [("", lo + " ")] + bar + [("", " " + hi)] + middle


def sparkline_lines(values: np.ndarray, color: bool, width: int, ascii_only: bool = False
                    ) -> list[Line]:
    """A 1-D array as one line of bars, `min ▁▂▅█ max`."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    scale = Scale(values)
    scale.diverging, scale.colors = False, _VIRIDIS       # bar height already shows the sign
    scale.lo, scale.hi = _finite_range(values)
    lo, hi = number(scale.lo), number(scale.hi)
    room = max(8, width - len(lo) - len(hi) - 2)
    points = shrink(values[None, :], 1, room)[0]
    marks = RAMP if ascii_only else SPARKS
    line: Line = [("dim", lo + " ")]
    for v in points:
        if not np.isfinite(v):
            line.append((BAD if color else "", "?"))
            continue
        mark = marks[int(round(float(scale.unit(np.asarray(v))) * (len(marks) - 1)))]
        line.append((scale.color(v) if color else "", mark))
    return [line + [("dim", " " + hi)]]


def _finite_range(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)


def row_lines(values: np.ndarray, color: bool, width: int) -> list[Line]:
    """A 3-D array as a row of heatmaps, `[0] [1] ...`, sharing one scale."""
    scale = Scale(np.asarray(values, dtype=np.float64))
    count = values.shape[0]
    cell = 1 if color else 2
    each = max(1, min(values.shape[2], (width - 2 * (count - 1)) // max(count, 1) // cell))
    shown = max(1, min(count, (width + 2) // (each * cell + 2)))
    pictures = [heatmap_lines(values[i], color, each * cell, scale, legend=False)
                for i in range(shown)]
    widths = [max(len("".join(t for _, t in line)) for line in p) for p in pictures]
    widths = [max(w, len(f"[{i}]")) for i, w in enumerate(widths)]
    lines: list[Line] = [[("dim", "  ".join(f"[{i}]".ljust(w) for i, w in
                                           enumerate(widths)).rstrip())]]
    for r in range(max(len(p) for p in pictures)):
        line: Line = []
        for i, picture in enumerate(pictures):
            part = picture[r] if r < len(picture) else [("", "")]
            pad = widths[i] - len("".join(t for _, t in part))
            line += part + [("", " " * pad + ("  " if i < shown - 1 else ""))]
        lines.append(line)
    if shown < count:
        lines.append([("dim", f"... {count - shown} more (x[{shown}:] not drawn)")])
    lines.append(scale_line(scale, color, min(width, 40)))
    return lines


def picture_lines(values: np.ndarray, color: bool, width: int, title: str = "",
                  ascii_only: bool = False) -> list[Line]:
    """The picture for an array of any dimension up to 3, with a title line."""
    values = np.asarray(values)
    if values.dtype.kind not in "biuf":
        raise TypeError(f"ndsh.show: cannot draw an array of dtype {values.dtype}")
    values = values.astype(np.float64)
    lo, hi = _finite_range(values)
    bad = int(values.size - np.isfinite(values).sum())
    note = f"  ({bad} NaN/Inf, drawn as ?)" if bad else ""
    shape = "x".join(map(str, values.shape))
    head: Line = [("bold", title or f"<{shape}>"), ("dim", f"  min {number(lo)}  max "
                                                           f"{number(hi)}"), (BAD, note)]
    if values.ndim == 0 or values.size == 1:
        return [head]
    if values.ndim == 1:
        return [head] + sparkline_lines(values, color, width, ascii_only)
    if values.ndim == 2:
        return [head] + heatmap_lines(values, color, width)
    if values.ndim == 3:
        return [head] + row_lines(values, color, width)
    raise ValueError(f"ndsh.show draws 1-, 2- and 3-d arrays; this one has shape "
                     f"{values.shape}: show a slice, e.g. x[0]")

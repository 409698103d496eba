"""Line, scatter and histogram plots drawn with characters.

In colour, lines and points go on a braille canvas (2 x 4 dots a character) with one colour
per series; without colour (pipes, NO_COLOR) each series draws with its own ASCII mark on a
character grid, so series stay apart without colour. Histograms are bars of eighth blocks
(`#` without colour). Drawn here rather than with plotext: it is not needed for these three
kinds, keeps ndsh's dependencies to rich, and gives one layout for plain and coloured output.
"""
from __future__ import annotations

import numpy as np

from ndsh.display.segments import Line

SERIES_COLORS = ("cyan", "magenta", "yellow", "green", "red", "blue")
SERIES_MARKS = "*ox#@%"       # not "+", which the plain axes use
_BRAILLE = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))   # [row][col] dot bits
_EIGHTHS = " ▁▂▃▄▅▆▇█"


class Canvas:
    """A grid of characters addressed in sub-cell dots (2 x 4 per cell in braille mode)."""

    def __init__(self, cols: int, rows: int, braille: bool):
        self.cols, self.rows, self.braille = cols, rows, braille
        self.dx, self.dy = (2, 4) if braille else (1, 1)
        self.bits: dict[tuple[int, int], int] = {}
        self.owner: dict[tuple[int, int], int] = {}

    @property
    def width(self) -> int:
        return self.cols * self.dx

    @property
    def height(self) -> int:
        return self.rows * self.dy

    def dot(self, x: int, y: int, series: int) -> None:
        """Set the dot at (x, y), y counted from the top."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            return
        cell = (y // self.dy, x // self.dx)
        if self.braille:
            self.bits[cell] = self.bits.get(cell, 0) | _BRAILLE[y % 4][x % 2]
        self.owner[cell] = series

    def line(self, x0: int, y0: int, x1: int, y1: int, series: int) -> None:
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for i in range(steps + 1):
            self.dot(round(x0 + (x1 - x0) * i / steps), round(y0 + (y1 - y0) * i / steps),
                     series)

    def rows_of(self, color: bool) -> list[Line]:
        out = []
        for r in range(self.rows):
            line: Line = []
            for c in range(self.cols):
                series = self.owner.get((r, c))
                if series is None:
                    line.append(("", " "))
                elif self.braille:
                    line.append((SERIES_COLORS[series % 6] if color else "",
                                 chr(0x2800 + self.bits[(r, c)])))
                else:
                    line.append((SERIES_COLORS[series % 6] if color else "",
                                 SERIES_MARKS[series % 6]))
            out.append(line)
        return out


def _number(value: float) -> str:
    from ndsh.display.trace_view import number
    return number(value)


def tick(value: float, span: float) -> str:
    """An axis label with as many decimals as the axis' span needs: 1.0, 0.5, 120, 3e-06.

    Example:
        >>> tick(2.998e-05, 2.0), tick(147, 147), tick(73.5, 147), tick(3e-6, 1e-5)
        ('0.0', '147', '74', '3e-06')
    """
    if span <= 0 or not np.isfinite(span):
        return _number(value)
    decimals = int(np.clip(1 - np.floor(np.log10(span)), 0, 6))
    if span < 1e-4 or abs(value) >= 1e6:
        return f"{value:.2g}"
    text = f"{value:.{decimals}f}"
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text


def _range(arrays: list[np.ndarray]) -> tuple[float, float]:
    finite = np.concatenate([a[np.isfinite(a)] for a in arrays]) if arrays else np.zeros(0)
    if finite.size == 0:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    return (lo - 0.5, hi + 0.5) if lo == hi else (lo, hi)


def framed(body: list[Line], y_range: tuple[float, float], x_labels: tuple[str, str],
           color: bool) -> list[Line]:
    """Put a y axis (top, middle and bottom values) left of `body` and an x axis under it."""
    lo, hi = y_range
    labels = {0: tick(hi, hi - lo), len(body) - 1: tick(lo, hi - lo)}
    if len(body) >= 5:
        labels[(len(body) - 1) // 2] = tick((lo + hi) / 2, hi - lo)
    pad = max(len(t) for t in labels.values())
    axis_style = "dim"
    notch, bar, corner, rule = ("┤", "│", "└", "─") if color else ("+", "|", "+", "-")
    out: list[Line] = []
    for i, line in enumerate(body):
        mark = notch if i in labels else bar
        out.append([(axis_style, labels.get(i, "").rjust(pad) + " " + mark)] + line)
    cols = sum(len(t) for _, t in body[0]) if body else 0
    out.append([(axis_style, " " * pad + " " + corner + rule * cols)])
    left, right = x_labels
    gap = max(1, cols - len(left) - len(right))
    out.append([(axis_style, " " * (pad + 2) + left + " " * gap + right)])
    return out


def legend(names: list[str], color: bool, braille: bool) -> Line:
    line: Line = []
    for i, name in enumerate(names):
        mark = "⣿" if braille else SERIES_MARKS[i % 6]
        line += [(SERIES_COLORS[i % 6] if color else "", mark), ("", f" {name}   ")]
    if line:
        line[-1] = ("", line[-1][1].rstrip())
    return line


def line_plot(ys: list[np.ndarray], xs: list[np.ndarray], names: list[str], color: bool,
              width: int, height: int, scatter: bool = False) -> list[Line]:
    """Series joined by lines (or, with `scatter`, as points) on one pair of axes."""
    x_lo, x_hi = _range(xs)
    y_lo, y_hi = _range(ys)
    pad = max(len(tick(v, y_hi - y_lo)) for v in (y_lo, y_hi, (y_lo + y_hi) / 2))
    canvas = Canvas(max(8, width - pad - 2), max(3, height), braille=color)

    def to_dots(x: float, y: float) -> tuple[int, int]:
        px = (x - x_lo) / (x_hi - x_lo) * (canvas.width - 1)
        py = (y_hi - y) / (y_hi - y_lo) * (canvas.height - 1)
        return round(px), round(py)

    for series, (x, y) in enumerate(zip(xs, ys)):
        previous = None
        for xv, yv in zip(x, y):
            if not (np.isfinite(xv) and np.isfinite(yv)):
                previous = None
                continue
            point = to_dots(xv, yv)
            if scatter or previous is None:
                canvas.dot(*point, series)
            else:
                canvas.line(*previous, *point, series)
            previous = point
    x_labels = (tick(x_lo, x_hi - x_lo), tick(x_hi, x_hi - x_lo))
    out = framed(canvas.rows_of(color), (y_lo, y_hi), x_labels, color)
    if len(ys) > 1:
        out.append([("", " " * (pad + 2))] + legend(names, color, color))
    return out


def histogram(values: np.ndarray, bins: int, color: bool, width: int, height: int
              ) -> list[Line]:
    """A histogram: one bar per bin, counts on the y axis."""
    values = values[np.isfinite(values)]
    lo, hi = _range([values])
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    top = max(int(counts.max()) if counts.size else 1, 1)
    pad = len(str(top))
    each = max(1, (width - pad - 2) // bins)
    body: list[Line] = []
    for row in range(height):
        level = (height - row) / height * top            # the count at this row's top
        line: Line = []
        for count in counts:
            fill = (count - (level - top / height)) / (top / height)   # 0..1 of this cell
            if color:
                char = _EIGHTHS[int(round(min(max(fill, 0.0), 1.0) * 8))]
            else:
                char = "#" if fill >= 0.5 else " "
            line.append(("cyan" if color else "", char * each))
        body.append(line)
    span = float(edges[-1] - edges[0])
    return framed(body, (0, top), (tick(edges[0], span), tick(edges[-1], span)), color)

"""`%graph`, `%show` and `%plot` in a notebook: what the tool draws in a terminal becomes a
rich view below the cell. `ndsh.graph(y)` is its coloured HTML (as the value of a cell shows
it), `ndsh.show(x)` an SVG heatmap, sparkline or row of heatmaps (`ndsh.display.html`),
`ndsh.plot(...)` a PNG drawn by matplotlib (what `save=` writes). text/plain is always the
terminal's drawing in plain characters (what `ndsh run book.ipynb` prints), so the tool itself
checks the arguments and names the series. With `save=`, the tool writes its file as in the
shell, and nothing is shown.
"""
from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np

from ndsh.display.console import Output
from ndsh.engine.ndarray import NDArray
from ndsh.kernel.bundles import Bundle, graph_bundle, value_bundle
from ndsh.tools.output import using_output

TOOLS = ("graph", "show", "plot")


def drawing_bundle(tool: str, args: tuple, kwargs: dict[str, Any]) -> Bundle | None:
    """The bundle of `ndsh.<tool>(*args, **kwargs)` (tool: 'graph', 'show' or 'plot'), or
    None when it wrote a file (`save=`).

    Example:
        >>> data, _ = drawing_bundle("show", (nd.array([[1, 2], [3, 4]]),), {"title": "x"})
        >>> sorted(data), data["text/plain"].splitlines()[0]
        (['text/html', 'text/plain'], 'x  min 1  max 4')
        >>> "<rect" in data["text/html"]
        True
    """
    import ndsh
    if tool not in TOOLS:
        raise ValueError(f"drawing_bundle: {tool!r} is not one of {', '.join(TOOLS)}")
    function = getattr(ndsh, tool)
    if tool == "graph":
        return graph_bundle(function(*args, **kwargs))
    if kwargs.get("save") is not None:
        function(*args, **kwargs)
        return None
    value = args[0] if args else kwargs.get("x")
    if tool == "show" and getattr(type(value), "_ndsh_show_", None) is not None:
        return value_bundle(value)                 # a graph, a trace table... as they show
    text = _drawn(function, args, kwargs)
    if tool == "show":
        from ndsh.display.html import picture_html
        host = value.asnumpy() if isinstance(value, NDArray) else np.asarray(value)
        return {"text/plain": text,
                "text/html": picture_html(host, text.split("\n", 1)[0])}, {}
    png = _plot_png(function, args, kwargs)
    return {"text/plain": text, **({"image/png": png} if png else {})}, {}


def _drawn(function: Any, args: tuple, kwargs: dict[str, Any]) -> str:
    """What the tool draws, in plain characters (80 columns unless COLUMNS says otherwise)."""
    buffer = io.StringIO()
    with using_output(Output(stdout=buffer, stderr=buffer, color="never")):
        function(*args, **kwargs)
    return buffer.getvalue().rstrip("\n")


def _plot_png(function: Any, args: tuple, kwargs: dict[str, Any]) -> str | None:
    """`ndsh.plot(..., save=...)` into memory as PNG (base64); None without matplotlib."""
    try:
        import matplotlib
    except ImportError:
        return None
    buffer = io.BytesIO()
    with matplotlib.rc_context({"savefig.format": "png"}):
        function(*args, save=buffer, **kwargs)
    return base64.b64encode(buffer.getvalue()).decode("ascii")

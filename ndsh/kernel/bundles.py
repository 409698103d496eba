"""Values as MIME bundles, what a notebook shows for a cell's result or a `display(x)`:
text/plain always (MXNet's print format for an NDArray, as the shell and `--echo` print it),
text/html where ndsh has a richer view (arrays, recorded graphs), image/png (or the formats
`set_matplotlib_formats` chose) for matplotlib figures, and whatever an object offers through
IPython's `_repr_*_` methods.

    >>> data, _ = value_bundle(nd.ones((2,)))
    >>> print(data["text/plain"])
    <BLANKLINE>
    [1. 1.]
    <NDArray 2 @cpu(0)>
    >>> sorted(data)
    ['text/html', 'text/plain']
"""
from __future__ import annotations

import base64
import io
import sys
from typing import Any

from ndsh.display.console import Output
from ndsh.display.values import engine_array, format_value

BACKEND = "module://ndsh.kernel.figures"
Bundle = tuple[dict[str, Any], dict[str, Any]]     # (data, metadata)

# IPython's display methods, in the order it asks for them.
_REPR_METHODS = (("_repr_html_", "text/html"), ("_repr_markdown_", "text/markdown"),
                 ("_repr_svg_", "image/svg+xml"), ("_repr_png_", "image/png"),
                 ("_repr_jpeg_", "image/jpeg"), ("_repr_latex_", "text/latex"),
                 ("_repr_json_", "application/json"))


def value_bundle(value: Any) -> Bundle:
    """The (data, metadata) a notebook shows for `value`: an NDArray or an mx.np array as
    its text and `array_html`'s view."""
    if engine_array(value) is not None:
        from ndsh.display.html import array_html
        return {"text/plain": format_value(value), "text/html": array_html(value)}, {}
    graphs = sys.modules.get("ndsh.tools.graphs")      # loaded if value can be a Graph
    if graphs is not None and isinstance(value, graphs.Graph):
        return graph_bundle(value)
    figure = sys.modules.get("matplotlib.figure")
    if figure is not None and isinstance(value, figure.Figure):
        return figure_bundle(value)
    own = getattr(type(value), "_ndsh_show_", None)
    if own is not None:                                # dir listings, gradchecks...
        return {"text/plain": drawn_text(value)}, {}
    return _ipython_bundle(value)


def drawn_text(value: Any) -> str:
    """What an object that draws itself (`_ndsh_show_`) draws, as plain text."""
    buffer = io.StringIO()
    output = Output(stdout=buffer, stderr=buffer, color="never")
    type(value)._ndsh_show_(value, output)
    return buffer.getvalue().rstrip("\n")


def graph_bundle(graph: Any) -> Bundle:
    """`ndsh.graph(y)`: the tree as text, and as coloured HTML.

    Example:
        >>> from ndsh.tools.graphs import graph
        >>> x = nd.ones((2,)); x.attach_grad()
        >>> with autograd.record():
        ...     y = x * 2
        >>> data, _ = graph_bundle(graph(y, names={"x": x, "y": y}))
        >>> "multiply" in data["text/html"] and data["text/plain"].startswith("y = multiply")
        True
    """
    from ndsh.display.graph_view import graph_lines, plain
    from ndsh.display.html import segments_html
    lines = graph_lines(graph)
    return {"text/plain": plain(lines), "text/html": segments_html(lines)}, {}


def figure_bundle(figure: Any) -> Bundle:
    """A matplotlib figure in the formats `set_matplotlib_formats` chose (PNG until then), cut
    to what is drawn, as IPython's inline backend does: 'svg' is image/svg+xml, 'retina' a PNG
    of twice the resolution shown at the figure's size, 'jpeg' image/jpeg, 'pdf'
    application/pdf.

    Example:
        >>> import matplotlib.figure
        >>> from ndsh.ipython_compat import reset_figure_formats, set_matplotlib_formats
        >>> figure = matplotlib.figure.Figure(figsize=(2, 1))
        >>> _ = figure.add_subplot().plot([1, 2])
        >>> sorted(figure_bundle(figure)[0])
        ['image/png', 'text/plain']
        >>> set_matplotlib_formats("svg")
        >>> data, _ = figure_bundle(figure)
        >>> sorted(data), data["image/svg+xml"].startswith("<?xml")
        (['image/svg+xml', 'text/plain'], True)
        >>> reset_figure_formats()
    """
    from ndsh.ipython_compat import figure_formats
    formats, options = figure_formats()
    data: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for name in formats:
        mime, encoding = _FIGURE_MIMES[name]
        if name in ("retina", "png2x"):
            dpi = options.get("dpi", figure.dpi) * 2
            picture = _saved(figure, {**options, "dpi": dpi}, "png")
            width, height = _png_size(picture)
            metadata[mime] = {"width": width // 2, "height": height // 2}
        else:
            picture = _saved(figure, options, encoding)
        data[mime] = picture.decode("utf-8") if encoding == "svg" else \
            base64.b64encode(picture).decode("ascii")
    data["text/plain"] = repr(figure)
    return data, metadata


# set_matplotlib_formats's names -> (MIME type, matplotlib's format)
_FIGURE_MIMES = {"png": ("image/png", "png"), "png2x": ("image/png", "png"),
                 "retina": ("image/png", "png"), "jpg": ("image/jpeg", "jpg"),
                 "jpeg": ("image/jpeg", "jpg"), "svg": ("image/svg+xml", "svg"),
                 "pdf": ("application/pdf", "pdf")}


def _saved(figure: Any, options: dict[str, Any], fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, **{"bbox_inches": "tight", **options, "format": fmt})
    return buffer.getvalue()


def _png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels (its IHDR chunk)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _ipython_bundle(value: Any) -> Bundle:
    """text/plain from the repr, plus what `_repr_mimebundle_` / `_repr_html_`... give."""
    data: dict[str, Any] = {"text/plain": format_value(value)}
    metadata: dict[str, Any] = {}
    if isinstance(value, type):          # a class has the methods, not the representations
        return data, metadata
    bundle = _call(value, "_repr_mimebundle_")
    if bundle is not None:
        extra, extra_meta = bundle if isinstance(bundle, tuple) else (bundle, {})
        data.update(extra or {})
        metadata.update(extra_meta or {})
        return data, metadata
    for method, mime in _REPR_METHODS:
        shown = _call(value, method)
        if shown is None:
            continue
        if isinstance(shown, tuple):          # (data, metadata), as IPython allows
            shown, meta = shown
            metadata[mime] = meta
        if isinstance(shown, bytes):
            shown = base64.b64encode(shown).decode("ascii")
        data[mime] = shown
    return data, metadata


def _call(value: Any, method: str) -> Any:
    function = getattr(value, method, None)
    if not callable(function):
        return None
    try:
        return function()
    except Exception:       # a broken _repr_html_ must not hide the value: text/plain stays
        return None

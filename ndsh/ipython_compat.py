"""`IPython.display.set_matplotlib_formats` inside ndsh, which IPython 9 removed and d2l still
calls: d2lzh 1.0.0's `use_svg_display()` (reached from `set_figsize`, `semilogy`,
`show_fashion_mnist`...) is `display.set_matplotlib_formats('svg')`.

While a Session runs user code (`display_functions()`), an `IPython.display` that lacks the
function gets ndsh's: the module already imported is given it at once; one imported later is
given it as its import finishes (a finder on `sys.meta_path`, there only while user code runs).
An IPython that still has the function keeps its own. Nothing else of IPython is touched.

ndsh's function records the formats (`figure_formats()`): the kernel and `ndsh run
book.ipynb` draw inline figures in them (`ndsh.kernel.bundles.figure_bundle`: 'svg' gives
image/svg+xml). Elsewhere (`ndsh run script.py`, the shell) nothing draws inline, so the call
is accepted and figures go where they went before. It does not call matplotlib_inline's
function of that name: that one registers formatters on an IPython InteractiveShell, which it
creates (an IPython profile folder, a history thread), and ndsh shows figures without one.

This module imports neither IPython nor matplotlib.
"""
from __future__ import annotations

import contextlib
import sys
import types
from typing import Any, Iterator

SUPPORTED = ("png", "png2x", "retina", "jpg", "jpeg", "svg", "pdf")
DEFAULT_FORMATS = ("png",)
_chosen: dict[str, Any] = {"formats": DEFAULT_FORMATS, "options": {}}


def set_matplotlib_formats(*formats: str, **options: Any) -> None:
    """Choose the formats inline figures are shown in: 'png', 'retina' (PNG at twice the
    resolution), 'jpeg', 'svg', 'pdf', as IPython 8's `IPython.display.set_matplotlib_formats`;
    `options` go to matplotlib's `savefig` (`bbox_inches`, `dpi`, `pil_kwargs`...).

    Inside ndsh, code that imports `IPython.display` finds this function there when IPython
    lacks it (IPython 9). A format IPython does not know is a ValueError, as in IPython.

    Example:
        >>> set_matplotlib_formats("svg")
        >>> figure_formats()
        (('svg',), {})
        >>> set_matplotlib_formats("gif")
        Traceback (most recent call last):
        ValueError: set_matplotlib_formats: 'gif' is not a figure format; the formats are \
'png', 'png2x', 'retina', 'jpg', 'jpeg', 'svg', 'pdf'
        >>> set_matplotlib_formats("png")
    """
    bad = [name for name in formats if name not in SUPPORTED]
    if bad:
        verb = "is not a figure format" if len(bad) == 1 else "are not figure formats"
        raise ValueError(f"set_matplotlib_formats: {', '.join(map(repr, bad))} {verb}; "
                         f"the formats are {', '.join(map(repr, SUPPORTED))}")
    _chosen["formats"] = tuple(dict.fromkeys(formats))
    _chosen["options"] = dict(options)


def figure_formats() -> tuple[tuple[str, ...], dict[str, Any]]:
    """The formats inline figures are shown in and the `savefig` options: ('png',) and none
    until `set_matplotlib_formats` chooses others.

    Example:
        >>> figure_formats()
        (('png',), {})
    """
    return _chosen["formats"], dict(_chosen["options"])


def reset_figure_formats() -> None:
    """Back to PNG figures without options (what a new kernel starts with).

    Example:
        >>> set_matplotlib_formats("svg", "pdf"); reset_figure_formats(); figure_formats()
        (('png',), {})
    """
    _chosen["formats"], _chosen["options"] = DEFAULT_FORMATS, {}


def add_missing(module: types.ModuleType) -> None:
    """Give an `IPython.display` module the functions it lacks (only those).

    Example:
        >>> bare = types.ModuleType("IPython.display")
        >>> add_missing(bare); bare.set_matplotlib_formats is set_matplotlib_formats
        True
    """
    if not hasattr(module, "set_matplotlib_formats"):
        module.set_matplotlib_formats = set_matplotlib_formats


class _FinishingLoader:
    """The real loader of `IPython.display`, adding the missing functions once it has run."""

    def __init__(self, loader: Any):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        self.loader.exec_module(module)
        add_missing(module)

    def __getattr__(self, name: str) -> Any:       # get_source, is_package... for tracebacks
        return getattr(self.loader, name)


class _DisplayFinder:
    """Finds `IPython.display` as the other finders do, with a loader that completes it."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "IPython.display":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _FinishingLoader(spec.loader)
                return spec
        return None


_FINDER = _DisplayFinder()


@contextlib.contextmanager
def display_functions() -> Iterator[None]:
    """While inside, `IPython.display` has `set_matplotlib_formats` (when IPython lacks it).

    Example:
        >>> with display_functions():
        ...     from IPython import display
        ...     display.set_matplotlib_formats("svg")
        >>> figure_formats()[0]
        ('svg',)
        >>> reset_figure_formats()
    """
    module = sys.modules.get("IPython.display")
    if module is not None:
        add_missing(module)
        yield
        return
    sys.meta_path.insert(0, _FINDER)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(_FINDER)

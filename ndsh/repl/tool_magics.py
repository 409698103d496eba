"""The shell's `%graph`, `%trace`, `%show` and `%plot`: each the `ndsh.` function of the same
name, run on the shell's namespace (registered with `ndsh.repl.magics`); in a notebook,
`%graph`, `%show` and `%plot` draw as HTML / SVG / PNG (ndsh.kernel.drawings). They live with
the shell: the tools they call (`ndsh.tools`) know nothing of it. And `%matplotlib`, for
matplotlib's own figures (`ndsh.repl.figures`)."""
from __future__ import annotations

from typing import Any

from ndsh.repl.magics import MagicError, magic
from ndsh.transform import BRIDGE


def _call(state, function: str, args: str, tag: str) -> Any:
    """Run `ndsh.<function>(args)` as shell code, so names and errors read as the user's.

    In a notebook (a state that `draws_rich`: the kernel's) the bridge's `draw` runs it
    instead and shows the drawing as HTML, SVG or PNG below the cell; that returns None."""
    call = f"{BRIDGE}.draw({function!r}, " if getattr(state, "draws_rich", False) \
        else f"__import__('ndsh').{function}("
    outcome = state.run_nested(f"{call}{args})", tag)
    return outcome.value if outcome.ok else None


@magic("graph")
def graph_magic(state, args: str) -> None:
    """Draw the recorded graph that produced an array: %graph y"""
    if not args.strip():
        raise MagicError("usage: %graph ARRAY (the result of a computation under record)")
    graph = _call(state, "graph", args, "%graph")
    if graph is not None:
        graph._ndsh_show_(state.output)


@magic("trace")
def trace_magic(state, args: str) -> None:
    """Trace every backward, node by node: %trace on [FILE.jsonl] | %trace off"""
    from ndsh.tools.tracing import is_tracing, set_trace
    words = args.split()
    if not words:
        state.output.warn(f"gradient tracing is {'on' if is_tracing() else 'off'} "
                          f"(%trace on | %trace on FILE | %trace off)")
        return
    if words[0] not in ("on", "off") or len(words) > 2 or (words[0] == "off" and
                                                            len(words) > 1):
        raise MagicError("usage: %trace on [FILE] | %trace off")
    set_trace(words[0] == "on", file=words[1] if len(words) == 2 else None)
    where = f" (JSON lines to {words[1]})" if len(words) == 2 else ""
    state.output.warn(f"gradient tracing {words[0]}{where}")


@magic("show")
def show_magic(state, args: str) -> None:
    """Draw an array: a heatmap (2-d), a sparkline (1-d), a row of heatmaps (3-d): %show x"""
    if not args.strip():
        raise MagicError("usage: %show ARRAY")
    _call(state, "show", args, "%show")


@magic("plot")
def plot_magic(state, args: str) -> None:
    """Plot series in the terminal: %plot y, z  |  %plot losses, kind='hist'"""
    if not args.strip():
        raise MagicError("usage: %plot Y [, Z...] [, x=X] [, kind='line'|'hist'|'scatter']")
    _call(state, "plot", args, "%plot")


# `%matplotlib NAME` for a window of its own: IPython's short names -> matplotlib's backends
GUI_BACKENDS = {"qt": "qtagg", "qt5": "qt5agg", "qt6": "qtagg", "tk": "tkagg",
                "gtk3": "gtk3agg", "gtk4": "gtk4agg", "wx": "wxagg", "osx": "macosx",
                "macosx": "macosx"}


@magic("matplotlib")
def matplotlib_magic(state, args: str) -> None:
    """Show matplotlib's figures: saved as figure-N.png, each name printed: %matplotlib [inline]"""
    name = args.strip().lower()
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise MagicError("%matplotlib: matplotlib is not installed: pip install 'ndsh[plot]' "
                         "(or pip install matplotlib). ndsh.plot(y) and ndsh.show(x) draw in "
                         "the terminal without it.") from None
    from ndsh.repl import figures
    if name in ("", "inline"):
        plt.switch_backend(figures.BACKEND)
        if _save_figures not in state.after_cell:
            state.after_cell.append(_save_figures)
        return
    try:
        plt.switch_backend(GUI_BACKENDS.get(name, name))
    except Exception as exc:
        raise MagicError(f"%matplotlib {name}: {exc}. %matplotlib (or inline) saves figures "
                         "as figure-N.png instead.") from None
    if _save_figures in state.after_cell:
        state.after_cell.remove(_save_figures)


def _save_figures(state) -> None:
    """After each input, as IPython's inline backend: the figures it left open are saved."""
    from ndsh.repl import figures
    if figures.is_active():
        figures.save_open_figures(state.output)

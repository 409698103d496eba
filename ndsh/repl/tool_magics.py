"""The shell's `%graph`, `%trace`, `%show` and `%plot`: each the `ndsh.` function of the same
name, run on the shell's namespace (registered with `ndsh.repl.magics`). They live with the
shell: the tools they call (`ndsh.tools`) know nothing of it."""
from __future__ import annotations

from typing import Any

from ndsh.repl.magics import MagicError, magic


def _call(state, function: str, args: str, tag: str) -> Any:
    """Run `ndsh.<function>(args)` as shell code, so names and errors read as the user's."""
    outcome = state.run_nested(f"__import__('ndsh').{function}({args})", tag)
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

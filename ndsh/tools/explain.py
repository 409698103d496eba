"""`ndsh.explain_grad(x)`: why `x.grad` is None or zero, in a sentence that names the line.

Read from the engine's own fields (`_grad_req`, `_node`, `_fresh_grad`) and from what the
Session's watcher saw (`ndsh.tools.provenance`): which backward wrote each leaf's gradient,
and the values made from a leaf outside `record`, by `detach()`, or cut off by `attach_grad()`.
"""
from __future__ import annotations

import ast
import linecache
import textwrap
from dataclasses import dataclass
from typing import Any, Mapping

from ndsh.engine import dask_values
from ndsh.engine.ndarray import NDArray
from ndsh.gluon.parameter import Parameter
from ndsh.tools.locations import format_location, resolve
from ndsh.tools.names import array_names, caller_namespace, holder_types
from ndsh.tools.np_arrays import engine_array
from ndsh.tools.provenance import PROVENANCE, BackwardRecord, Mark

REASONS = ("never-attached", "intermediate", "grad-req-null", "no-backward", "not-used",
           "outside-record", "detached", "stop-gradient", "cut", "reset", "overwritten",
           "zero-flow", "ok", "not-watched")


@dataclass
class Explanation:
    """Why an array's gradient is what it is: `reason` (one of `REASONS`) and the text."""

    name: str
    reason: str
    text: str

    def __str__(self) -> str:
        return "\n".join(textwrap.wrap(f"{self.name}.grad: {self.text}", width=92,
                                       subsequent_indent="  ", break_on_hyphens=False))

    __repr__ = __str__

    def _ndsh_show_(self, output) -> None:
        from ndsh.display.segments import show_segments
        lines = str(self).split("\n")
        style = "bold green" if self.reason == "ok" else "bold yellow"
        show_segments(output, [[(style, lines[0])]] + [[("", line)] for line in lines[1:]])


def explain_grad(x: Any, names: Mapping[str, Any] | None = None) -> Any:
    """Why `x.grad` is None or zero: never attached; not used in the recorded computation;
    computed outside `record` or under `pause`; reached only through `detach` or
    `stop_gradient`; `grad_req='null'`; the graph cut by `attach_grad` on an intermediate;
    backward not called yet, or a later one overwrote it.

    For a Gluon net (or a ParameterDict, a Trainer, a Parameter): one line per parameter,
    named as MXNet names it, saying whether the last backward gave it a gradient and if not
    why: not used in its graph, `grad_req='null'`, stale (Trainer.step used it and no
    backward ran since), deferred or not initialized (see `ndsh.tools.explain_params`).

    names: the namespace to name arrays from (default: the caller's variables). `x` may be an
    `mx.np` array: its gradient is that of the engine array it wraps.

    Example:
        >>> w = nd.ones((2,))
        >>> explain_grad(w).reason
        'never-attached'
    """
    namespace = caller_namespace() if names is None else names
    if isinstance(x, (Parameter, *holder_types())):
        from ndsh.tools.explain_params import explain_params
        own = next((key for key, value in namespace.items()
                    if value is x and not key.startswith("_")), type(x).__name__)
        return explain_params(x, own, array_names(namespace))
    x = engine_array(x)                # an mx.np array: the engine array it wraps
    if not isinstance(x, NDArray):
        raise TypeError(f"ndsh.explain_grad: expected an NDArray, an mx.np array, or a Gluon "
                        f"Block, ParameterDict, Parameter or Trainer, got a "
                        f"{type(x).__name__}")
    known = array_names(namespace)
    name = known.get(id(x), "x")
    reason, text = _engine_reason(x, name) or _history_reason(x, name, known)
    return Explanation(name, reason, text)


def _engine_reason(x: NDArray, name: str) -> tuple[str, str] | None:
    """The cases the engine's own fields settle."""
    if x._grad_req is None and x._node is not None:
        from ndsh.tools.labels import op_label
        node = x._node
        op = op_label(node.op)
        return "intermediate", (
            f"None, because {name} is an intermediate result ({op}{_at(node.where)}), not a "
            f"leaf: backward fills .grad only for arrays on which attach_grad() was called. "
            f"Use autograd.grad(head, [{name}]) for its gradient, or call {name}.attach_grad() "
            f"(that makes it a leaf and cuts the graph above it).")
    if x._grad_req is None:
        return "never-attached", (
            f"None, because attach_grad() was never called on {name}, so backward has no "
            f"buffer to write its gradient into. Call {name}.attach_grad() before the `with "
            f"autograd.record():` block that uses it.")
    if x._grad_req == "null":
        return "grad-req-null", (
            f"not written, because {name} was attached with grad_req='null', which tells "
            f"backward to skip it. Call {name}.attach_grad() (grad_req='write') or "
            f"attach_grad(grad_req='add') to accumulate.")
    return None


def _history_reason(x: NDArray, name: str, known: dict[int, str]) -> tuple[str, str]:
    last = PROVENANCE.last_backward
    history = PROVENANCE.history(x)
    used = PROVENANCE.recorded_use(x)
    if last is None and x._fresh_grad:
        return "not-watched", (
            "written by a backward that ndsh did not watch; it explains gradients only for "
            "code run by ndsh (`ndsh run`, the shell) or inside `with ndsh.trace():`.")
    if used is not None and (last is None or used[0] > last.seq):
        return "no-backward", (
            f"{_now(x)}: {name} was used in a recorded computation{_at(used[1])}, but no "
            f"backward has run on it yet. Call backward() on its result, e.g. "
            f"`loss.backward()`, after the record block.")
    if last is None:
        return "no-backward", (
            f"{_now(x)}: no backward has run yet (and {name} has not been used inside "
            f"`with autograd.record():`).")
    if history is not None and history.last == last.number:
        return _reached(x, name, _last_words(last, known), history)
    marks = PROVENANCE.marks(x)
    for kind in ("cut", "detach", "outside"):
        found = [m for m in marks if m.kind == kind]
        if found:
            return _marked(name, found[-1], _last_words(last, known))
    stale = ""
    if history is not None:
        stale = (f" {name}.grad still holds the gradient of backward #{history.last}, which "
                 f"the last one left alone.")
    reached = sorted({known[id(leaf)] for leaf in PROVENANCE.leaves_written_by(last.number)
                      if id(leaf) in known} - {name})
    listing = f" The leaves it reached: {', '.join(reached)}." if reached else ""
    return "not-used", (
        f"not written by the last backward ({_last_words(last, known)}), because {name} was "
        f"not used in its recorded computation.{stale}{listing}")


def _reached(x: NDArray, name: str, words: str, history) -> tuple[str, str]:
    if history.got_none:
        blocked = PROVENANCE.last_backward.no_gradient.get(id(x), [])
        ops = ", ".join(f"{op}{_at(where)}" for op, where in blocked) or "an op that passes none"
        return "stop-gradient", (
            f"zero, because the last backward ({words}) reached {name} only through {ops}, "
            f"which passes no gradient (stop_gradient / BlockGrad, or a comparison).")
    if not x._fresh_grad:
        return "reset", (
            f"zero, because attach_grad() was called on {name} again after the last backward "
            f"({words}) wrote it; attach_grad() resets the gradient to zeros.")
    largest = _largest_magnitude(x._grad)
    if largest != 0:
        return "ok", (f"written by the last backward ({words}); not zero (largest magnitude "
                      f"{largest:.4g}).")
    if history.previous and x._grad_req == "write":
        return "overwritten", (
            f"zero, because the last backward ({words}) overwrote the gradient backward "
            f"#{history.previous} had written with a zero one (grad_req='write' overwrites; "
            f"attach_grad(grad_req='add') accumulates across backwards).")
    return "zero-flow", (
        f"zero, because the gradient that reached {name} in the last backward ({words}) is "
        f"zero (e.g. relu of negative inputs, or max picking other entries). `with "
        f"ndsh.trace():` shows the backward node by node.")


def _marked(name: str, mark: Mark, words: str) -> tuple[str, str]:
    if mark.kind == "cut":
        return "cut", (
            f"not written by the last backward ({words}), because the graph from {name} was "
            f"cut{_at(mark.where)}: attach_grad() was called there on a result computed from "
            f"{name} ({mark.op}{_at(mark.used_at)}), which made it a new leaf, so gradients "
            f"stop there. Call attach_grad() only on inputs, or use autograd.grad(head, "
            f"[that result]) for the intermediate's gradient.")
    if mark.kind == "detach":
        return "detached", (
            f"not written by the last backward ({words}), because {name} reaches the recorded "
            f"computation only through {name}.detach(){_at(mark.used_at)}: a detached array "
            f"is a constant to backward.")
    scope = "under `autograd.pause()`" if _in_pause(mark.where) else \
        "outside `autograd.record()`"
    return "outside-record", (
        f"not written by the last backward ({words}), because {name} was used "
        f"{scope}{_at(mark.where)} ({mark.op}), and that result, used{_at(mark.used_at)}, "
        f"is a constant to backward. Compute it inside the `with autograd.record():` block.")


def _now(x: NDArray) -> str:
    return "zero" if _largest_magnitude(x._grad) == 0 else "not from a backward yet"


def _largest_magnitude(grad: NDArray) -> float:
    """max |grad|, reduced where the gradient lives (on dask(0), one number comes here; NaN
    when it holds a NaN); 0 for an empty one."""
    data = grad._data
    if data.size == 0:
        return 0.0
    (top,) = dask_values.gather(abs(data).max())
    return float(top)


def _at(where) -> str:
    text = format_location(where)
    return f" at {text}" if text else ""


def _last_words(last: BackwardRecord, known: dict[int, str]) -> str:
    heads = [ref() for ref in last.heads]
    named = [known.get(id(h), "") for h in heads if h is not None]
    what = f" of {', '.join(n for n in named if n)}" if any(named) else ""
    return f"#{last.number}{what}{_at(last.called_at).replace(' at ', ', called at ', 1)}"


def _in_pause(where) -> bool:
    """Whether a location lies inside a `with autograd.pause():` block of its source."""
    resolved = resolve(where)
    if resolved is None:
        return False
    filename, line = resolved
    try:
        tree = ast.parse("".join(linecache.getlines(filename)))
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.With) and node.body and any(
                "pause" in ast.unparse(item.context_expr) for item in node.items):
            if node.body[0].lineno <= line <= (node.end_lineno or line):
                return True
    return False

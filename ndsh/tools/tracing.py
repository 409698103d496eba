"""Gradient tracing: `with ndsh.trace():`, `%trace on`, `ndsh run --trace`.

Each backward is reported node by node in the order gradients flow: the op (with the Gluon
layer whose forward recorded it, `dense0: dot`), its source line, and the shape, norm, min and
max of the gradient reaching it; then the leaves (a net's parameters by their names). The
first op whose backward turned finite gradients into NaN or Inf is marked, with the values of
its inputs. Text goes to stderr (plain when piped), or JSON lines to a file.
"""
from __future__ import annotations

import contextlib
import json
import math
from dataclasses import dataclass, field
from typing import Any, Iterator, TextIO

from ndsh.engine import backend, dask_values, hooks
from ndsh.engine.ndarray import NDArray
from ndsh.tools.labels import op_label
from ndsh.tools.locations import format_location, layer_of, user_frame, user_location
from ndsh.tools.names import array_names
from ndsh.tools.np_arrays import is_np_shape_fix
from ndsh.tools.provenance import watching


@dataclass
class GradStats:
    """The numbers a trace shows for one gradient."""

    shape: tuple
    norm: float
    min: float
    max: float
    finite: bool

    @classmethod
    def of(cls, data) -> "GradStats":
        import numpy as np
        if isinstance(data, NDArray):
            data = data._data
        if dask_values.location(data) is not None and data.size:
            return _resolve([(cls(tuple(data.shape), 0.0, 0.0, 0.0, True), data)])[0]
        host = backend.to_numpy(data)
        if host.size == 0:
            return cls(host.shape, 0.0, 0.0, 0.0, True)
        wide = host.astype(np.float64)
        with np.errstate(all="ignore"):
            norm = float(np.sqrt(np.sum(wide * wide)))
            return cls(host.shape, norm, float(np.min(wide)), float(np.max(wide)),
                       bool(np.isfinite(wide).all()))


@dataclass
class Row:
    """One line of a trace: a node (`step` > 0) or a leaf (`step` == 0)."""

    step: int
    label: str
    where: str
    stats: GradStats | None
    mark: str = ""
    layer: str = ""          # the innermost Gluon layer that recorded the op (`dense0`)


@dataclass
class Culprit:
    """The op whose backward first produced a NaN or Inf, and what it was given."""

    row: Row
    kind: str                                     # "NaN" or "Inf"
    inputs: list[tuple[str, Any]] = field(default_factory=list)   # (name, host array)
    bad_grad: Any = None                          # the non-finite gradient it passed on


@dataclass
class BackwardTrace:
    """Everything one traced backward reports."""

    number: int
    called_at: str
    heads: list[tuple[str, GradStats]]
    rows: list[Row] = field(default_factory=list)
    culprit: Culprit | None = None


class Tracer:
    """The observer behind `trace()`: collects one `BackwardTrace` per backward and hands it
    to `emit` when the backward ends (the graph is still whole then)."""

    keeps_graph = True     # it keeps non-finite gradients until the end: no buffer reuse

    def __init__(self, emit):
        self.emit = emit
        self.count = 0
        self._reset()

    def _reset(self) -> None:
        self.trace: BackwardTrace | None = None
        self.order: dict[int, int] = {}      # id(node) -> index into rows
        self.finite_in: dict[int, bool] = {}  # id(node) -> its incoming gradient was finite
        self.fed_by: dict[int, list] = {}    # id(input node or leaf) -> nodes it feeds
        self.grads: dict[int, Any] = {}      # id(node) -> the non-finite gradient reaching it
        self.lazy: list = []                 # (GradStats, dask gradient): filled at the end
        self.folds: dict[int, int] = {}      # id(node) -> the row it shares (mx.np shapes)

    def _stats(self, data) -> GradStats:
        """The stats of a gradient: at once for data in this process; for a dask gradient, a
        GradStats filled at the end of the backward, when every dask gradient's four numbers
        are computed in one dask call (the graph they share runs once, nothing large comes
        to the client)."""
        if isinstance(data, NDArray):
            data = data._data
        if dask_values.location(data) is None or not data.size:
            return GradStats.of(data)
        stats = GradStats(tuple(data.shape), 0.0, 0.0, 0.0, True)
        self.lazy.append((stats, data))
        return stats

    def on_backward_begin(self, heads) -> None:
        self._reset()
        self.count += 1
        frame = user_frame(2)
        self.names = array_names({**frame.f_globals, **frame.f_locals}) if frame else {}
        self.trace = BackwardTrace(self.count, format_location(user_location(2)),
                                   [(self.names.get(id(h), ""), self._stats(h._data))
                                    for h in heads])

    def on_backward(self, node, grad) -> None:
        label, where = op_label(node.op), format_location(node.where)
        folded = self.folds.pop(id(node), None)
        if folded is not None:                   # an mx.np reduction: one row, shape ()
            self.order[id(node)] = folded
            self.trace.rows[folded].label = label
        else:
            stats = self._stats(grad)
            self.order[id(node)] = len(self.trace.rows)
            self.trace.rows.append(Row(len(self.trace.rows) + 1, label, where, stats,
                                       layer=layer_of(node.where)))
            self._fold_below(node, label, where, stats)
        stats = self.trace.rows[self.order[id(node)]].stats
        if self.lazy or not stats.finite:       # dask: kept until its stats are known
            self.grads[id(node)] = grad
        for i in node.parents:
            a = node.inputs[i]
            key = id(a._node) if a._node is not None else id(a)
            self.fed_by.setdefault(key, []).append(node)

    def _fold_below(self, node, label: str, where: str, stats: GradStats) -> None:
        """Mark the op under an `mx.np` reduction's reshape to () (`np.sum(x)` records the
        table's sum, shape (1,), then that reshape) to share its row, as the graph does."""
        if len(node.inputs) != 1 or not isinstance(node.inputs[0], NDArray):
            return
        below = node.inputs[0]._node
        if below is not None and is_np_shape_fix(
                label, stats.shape, where, op_label(below.op), node.inputs[0]._data.shape,
                format_location(below.where)):
            self.folds[id(below)] = self.order[id(node)]

    def on_backward_end(self, heads, leaf_grads) -> None:
        trace = self.trace
        if trace is None:
            return
        leaves = []
        for key, (_, g) in leaf_grads.items():
            stats = self._stats(g) if g is not None else None
            trace.rows.append(Row(0, self.names.get(key, "leaf"), "", stats))
            leaves.append((key, g, stats))
        _resolve(self.lazy)
        self.finite_in = {key: trace.rows[i].stats.finite for key, i in self.order.items()}
        bad: list[tuple[int, Any]] = [          # (key, gradient) of non-finite receivers
            (key, self.grads.get(key)) for key, finite in self.finite_in.items() if not finite]
        bad += [(key, g) for key, g, stats in leaves if stats is not None and not stats.finite]
        trace.culprit = self._first_culprit(bad)
        self.emit(trace)
        self._reset()

    def _first_culprit(self, bad) -> Culprit | None:
        """Of the nodes that fed a non-finite gradient while receiving a finite one, the one
        the gradient reached first."""
        best = None
        for key, grad in bad:
            for node in self.fed_by.get(key, ()):
                if self.finite_in.get(id(node)) and (best is None or self.order[id(node)]
                                                     < self.order[id(best[0])]):
                    best = (node, grad)
        if best is None:
            return None
        node, grad = best
        row = self.trace.rows[self.order[id(node)]]
        stats = GradStats.of(grad)
        kind = "NaN" if math.isnan(stats.norm) else "Inf"
        row.mark = f"{kind} appears here"
        inputs = [(self.names.get(id(a), ""), None if _stand_in(a) else _host(a))
                  for a in node.inputs if isinstance(a, NDArray)]
        return Culprit(row, kind, inputs, _host(grad))


def _stand_in(a: NDArray) -> bool:
    """A shape-only stand-in the engine keeps for a large input whose values the gradient
    does not read: every element is the same zero in memory (all strides 0)."""
    data = a._data
    return data.size > 1 and not any(getattr(data, "strides", (1,)))


def _host(value):
    if isinstance(value, NDArray):
        value = value._data
    return backend.to_numpy(value)


def _resolve(pending: list) -> list:
    """Fill each (GradStats, dask gradient) pair's numbers: norm, min, max and finiteness of
    every gradient computed where it lives, all in one dask call; returns the GradStats."""
    if not pending:
        return []
    lazy = []
    for _, data in pending:
        wide = data.astype("float64")
        lazy += [(wide * wide).sum() ** 0.5, wide.min(), wide.max(), ((wide - wide) == 0).all()]
    import numpy as np
    with np.errstate(all="ignore"):        # inf - inf: how a non-finite element is found
        values = dask_values.gather(*lazy)
    for number, (stats, _) in enumerate(pending):
        norm, low, high, finite = values[4 * number: 4 * number + 4]
        stats.norm, stats.min, stats.max = float(norm), float(low), float(high)
        stats.finite = bool(finite)
    done = [stats for stats, _ in pending]
    pending.clear()
    return done


# ----- where the trace goes ---------------------------------------------------------------
def text_emitter(output=None):
    """Show each backward's trace as a table on stderr (the Session's Output by default)."""
    def emit(trace: BackwardTrace) -> None:
        from ndsh.display.segments import show_segments
        from ndsh.display.trace_view import trace_lines
        from ndsh.tools.output import current_output
        show_segments(output or current_output(), trace_lines(trace), "err")
    return emit


def json_emitter(stream: TextIO):
    """Write each backward's trace as JSON lines: one `backward`, one per `node` and `leaf`,
    and a `nonfinite` line when a NaN or Inf appeared."""
    def emit(trace: BackwardTrace) -> None:
        from ndsh.display.trace_view import trace_records
        for record in trace_records(trace):
            stream.write(json.dumps(record) + "\n")
        stream.flush()
    return emit


_active: list[Tracer] = []


@contextlib.contextmanager
def trace(file: str | TextIO | None = None) -> Iterator[Tracer]:
    """Trace every backward inside the block: node by node, the op, its source line, the
    gradient's shape, norm, min and max, and where a NaN or Inf first appears.

    file: write JSON lines to this path or stream instead of the table on stderr.

    Example:
        >>> x = nd.array([0., 1.]); x.attach_grad()
        >>> with trace(file=io.StringIO()) as tracer:
        ...     with autograd.record():
        ...         y = nd.sqrt(x).sum()
        ...     y.backward()
        >>> tracer.count
        1
    """
    with contextlib.ExitStack() as stack:
        if isinstance(file, str):
            stream = stack.enter_context(open(file, "w", encoding="utf-8"))
            emit = json_emitter(stream)
        else:
            emit = json_emitter(file) if file is not None else text_emitter()
        tracer = Tracer(emit)
        stack.enter_context(watching())      # source lines, also outside a Session
        hooks.add_observer(tracer)
        _active.append(tracer)
        try:
            yield tracer
        finally:
            _active.remove(tracer)
            hooks.remove_observer(tracer)


_switched: list[contextlib.AbstractContextManager] = []


def set_trace(on: bool, file: str | None = None) -> bool:
    """Turn tracing on or off until further notice (`%trace on|off`, `ndsh run --trace`);
    returns whether it was on.

    Example:
        >>> set_trace(True, file=os.devnull), set_trace(False)
        (False, True)
    """
    was_on = bool(_switched)
    while _switched:
        _switched.pop().__exit__(None, None, None)
    if on:
        block = trace(file)
        block.__enter__()
        _switched.append(block)
    return was_on


def is_tracing() -> bool:
    """Whether a trace is on."""
    return bool(_active)

"""A Gluon net as the shell shows it: a tree of its layers, each with its parameters' names,
shapes and counts, and the total. `print(net)` stays MXNet's own text; this is the shell's view
of a net given as a result (`Out[3]:`), as an array has its header.

    Out[3]: Sequential: 21 parameters in 4 arrays
    ├── 0: Dense(3 -> 4, Activation(relu))    16
    │   ├── dense0_weight              (4, 3)  12
    │   └── dense0_bias                (4,)     4
    └── 1: Dense(4 -> 1, linear)               5
        ...

Before the first forward a layer built without `in_units` (`in_channels`...) does not know all
its shapes: those parameters show MXNet's 0 for the unknown sizes, `deferred` instead of a
count, and the total says so. Also here: what `%whos` says of nets, Parameters, ParameterDicts
and Trainers.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ndsh.display.segments import Line, plain, show_segments
from ndsh.gluon.block import Block
from ndsh.gluon.parameter import Parameter
from ndsh.gluon.parameter_dict import ParameterDict
from ndsh.tools.names import holder_types, is_trainer, parameters_of

MAX_ROWS = 300
MAX_LABEL = 72           # a layer's one-line repr, cut beyond
_STYLE = {"tree": "dim", "layer": "bold cyan", "param": "yellow", "shape": "",
          "count": "magenta", "deferred": "bold red", "title": "bold", "note": "dim italic",
          "label": "bold red", "frozen": "dim"}


def parameter_count(param: Parameter) -> int | None:
    """The number of values a Parameter holds, or None while its shape is unknown (a 0 in it:
    deferred until the first forward).

    Example:
        >>> parameter_count(gluon.Parameter('w', shape=(4, 3))), \\
        ...     parameter_count(gluon.Parameter('w', shape=(4, 0)))
        (12, None)
    """
    shape = param.shape
    if shape is None or any(d <= 0 for d in shape):
        return None
    return int(np.prod(shape, dtype=np.int64))


@dataclass
class Row:
    """One line of the tree: a layer (`kind` 'layer') or a parameter ('param')."""

    kind: str
    prefix: str                        # the tree's connectors
    label: str                         # `0: Dense(3 -> 4, linear)` or `dense0_weight`
    shape: str = ""
    count: int | None = 0              # None: deferred
    known: int = 0                     # a layer's parameters whose shapes are known, summed
    deferred: int = 0                  # a layer's deferred parameters
    frozen: bool = False               # a parameter with grad_req='null'


@dataclass
class NetSummary:
    """A net's tree of layers and parameters: `str()` is the plain text, and the shell draws
    it in colour at a terminal.

    `total` counts the values of the parameters whose shape is known, `arrays` the parameters,
    `deferred` those whose shape waits for the first forward, `frozen` those with
    grad_req='null' (not trained), `uninitialized` those without data yet.
    """

    title: str
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    arrays: int = 0
    deferred: int = 0
    frozen: int = 0
    frozen_values: int = 0
    uninitialized: int = 0
    more: int = 0                      # rows left out past MAX_ROWS

    def __str__(self) -> str:
        return plain(self.lines())

    __repr__ = __str__

    def _ndsh_show_(self, output) -> None:
        show_segments(output, self.lines())

    def headline(self) -> str:
        """`21 parameters in 4 arrays`, with what is deferred."""
        count = f"{self.total:,} parameters in {self.arrays} arrays"
        if self.deferred:
            return f"{count}, {self.deferred} deferred"
        return count

    def lines(self, label: str = "") -> list[Line]:
        """The tree as styled lines; `label` (`Out[3]: `) starts the first."""
        params = [r for r in self.rows if r.kind == "param"]
        width = max([len(r.prefix) + len(r.label) for r in params] + [0]) + 2
        shape_width = max([len(r.shape) for r in params] + [0])
        count_width = max([len(_count_text(r)) for r in params] + [0])
        first: Line = [(_STYLE["label"], label)] if label else []
        lines = [first + [(_STYLE["title"], self.title), ("", ": "), ("", self.headline())]]
        for r in self.rows:
            line: Line = [(_STYLE["tree"], r.prefix)]
            if r.kind == "layer":         # its subtotal right after it: reprs can be long
                lines.append(line + [(_STYLE["layer"], r.label), ("", "  "),
                                     (_STYLE["count"], _count_text(r))])
                continue
            line += [(_STYLE["frozen"] if r.frozen else _STYLE["param"],
                      r.label.ljust(width - len(r.prefix))),
                     (_STYLE["shape"], r.shape.ljust(shape_width)), ("", "  "),
                     (_STYLE["deferred"] if r.count is None else _STYLE["count"],
                      _count_text(r).rjust(count_width))]
            if r.count is None:
                line.append((_STYLE["deferred"], "  deferred"))
            if r.frozen:
                line.append((_STYLE["note"], "  grad_req='null'"))
            lines.append(line)
        if self.more:
            lines.append([(_STYLE["note"], f"... {self.more} more rows")])
        lines += [[(_STYLE["note"], part)] for note in self.notes()
                  for part in textwrap.wrap(note, 88)]
        return lines

    def notes(self) -> list[str]:
        """The sentences under the tree: what is deferred, not initialized or not trained."""
        notes = []
        if self.deferred:
            notes.append(f"{self.deferred} of {self.arrays} parameter arrays are deferred: "
                         f"their shapes (0 for a size not known yet) are set by the first "
                         f"forward, e.g. net(X); the total counts only the known ones.")
        elif self.uninitialized:
            notes.append(f"{self.uninitialized} of {self.arrays} parameter arrays have no "
                         f"values yet: call net.initialize().")
        if self.frozen:
            values = f" ({self.frozen_values:,} values)" if self.frozen_values else ""
            notes.append(f"{self.frozen} of {self.arrays} parameter arrays{values} are not "
                         f"trained (grad_req='null').")
        return notes


def _count_text(row: Row) -> str:
    if row.kind == "param":
        return "?" if row.count is None else f"{row.count:,}"
    return f"{row.known:,}+?" if row.deferred else f"{row.known:,}"


def net_summary(net: Block) -> NetSummary:
    """The tree of a Gluon net's layers, each with its parameters' shapes and counts, and the
    total: what the shell shows for a net given as a result.

    A layer whose repr is one line (`Dense(3 -> 4, linear)`) is one node with all its
    parameters; a container (Sequential, your own Block) lists its children by their keys.

    Example:
        >>> net = gluon.nn.Sequential(prefix='net_')
        >>> with net.name_scope():
        ...     net.add(gluon.nn.Dense(4, in_units=3), gluon.nn.Dense(2))
        >>> print(net_summary(net))
        Sequential: 18 parameters in 4 arrays, 1 deferred
        ├── 0: Dense(3 -> 4, linear)  16
        │   ├── net_dense0_weight  (4, 3)  12
        │   └── net_dense0_bias    (4,)     4
        └── 1: Dense(None -> 2, linear)  2+?
            ├── net_dense1_weight  (2, 0)   ?  deferred
            └── net_dense1_bias    (2,)     2
        1 of 4 parameter arrays are deferred: their shapes (0 for a size not known yet) are set
        by the first forward, e.g. net(X); the total counts only the known ones.
    """
    if not isinstance(net, Block):
        raise TypeError(f"net_summary: expected a Gluon Block, got a {type(net).__name__}")
    summary = NetSummary(type(net).__name__)
    seen: set[int] = set()
    stack: list[tuple[Any, str, str, str]] = [(net, "", "", "")]
    while stack:
        block, key, prefix, child_prefix = stack.pop()
        if len(summary.rows) >= MAX_ROWS:
            summary.more += 1
            continue
        is_leaf = not block._children or "\n" not in repr(block)
        params = list((block.collect_params() if is_leaf else block.params).values())
        children = [] if is_leaf else list(block._children.items())
        layer = None
        if block is not net:
            text = repr(block) if "\n" not in repr(block) else type(block).__name__
            text = text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 2] + "…)"
            layer = Row("layer", prefix, f"{key}: {text}")
            summary.rows.append(layer)
        items = [("param", p) for p in params] + [("block", c) for c in children]
        joints = [(child_prefix + ("└── " if i == len(items) - 1 else "├── "),
                   child_prefix + ("    " if i == len(items) - 1 else "│   "))
                  for i in range(len(items))]
        for (kind, item), (joint, _) in zip(items, joints):
            if kind == "param":
                row = _param_row(item, joint, summary, seen)
                summary.rows.append(row)
                if layer is not None:
                    layer.known += row.count or 0
                    layer.deferred += row.count is None
        stack += [(item[1], item[0], joint, below) for (kind, item), (joint, below)
                  in reversed(list(zip(items, joints))) if kind == "block"]
        if layer is not None and children:
            _add_children_totals(layer, block, seen)
    return summary


def _param_row(param: Parameter, joint: str, summary: NetSummary, seen: set[int]) -> Row:
    count = parameter_count(param)
    frozen = param.grad_req == "null"
    row = Row("param", joint, param.name, str(param.shape), count, frozen=frozen)
    if id(param) not in seen:                    # a shared parameter counts once
        seen.add(id(param))
        summary.arrays += 1
        summary.total += count or 0
        summary.deferred += count is None
        summary.uninitialized += param._data is None and count is not None
        summary.frozen += frozen
        summary.frozen_values += (count or 0) if frozen else 0
    return row


def _add_children_totals(layer: Row, block: Block, seen: set[int]) -> None:
    own = {id(p) for p in block.params.values()}
    for param in block.collect_params().values():
        if id(param) in own:
            continue
        count = parameter_count(param)
        layer.known += count or 0
        layer.deferred += count is None


# ----- %whos --------------------------------------------------------------------------------
def whos_fields(value: Any) -> tuple[str, str, str, str, str] | None:
    """`%whos`'s (shape, dtype, context, bytes, value) for a Gluon net, Parameter,
    ParameterDict or Trainer; None for anything else.

    Example:
        >>> whos_fields(gluon.nn.Dense(2, in_units=3))
        ('-', 'float32', '-', '32 B', '8 params')
        >>> whos_fields(gluon.Parameter('w', shape=(4, 0)))
        ('4x0', 'float32', '-', '-', 'w, deferred')
    """
    if isinstance(value, Parameter):
        count = parameter_count(value)
        shape = "x".join(map(str, value.shape)) if value.shape is not None else "?"
        size = "-" if count is None else _bytes(count * np.dtype(value.dtype).itemsize)
        state = ", deferred" if count is None else ", not initialized" if value._data is None \
            else ", grad_req='null'" if value.grad_req == "null" else ""
        return shape, np.dtype(value.dtype).name, _contexts([value]), size, value.name + state
    if not isinstance(value, holder_types()):
        return None
    params = list({id(p): p for p in parameters_of(value)}.values())
    counts = [parameter_count(p) for p in params]
    known = sum(c for c in counts if c is not None)
    deferred = sum(c is None for c in counts)
    size = sum(c * np.dtype(p.dtype).itemsize for p, c in zip(params, counts) if c is not None)
    dtypes = sorted({np.dtype(p.dtype).name for p in params})
    text = f"{known:,} params" + (f" + {deferred} deferred" if deferred else "")
    if isinstance(value, ParameterDict):
        text = f"n={len(params)}, {text}"
    if is_trainer(value):
        text = f"{type(value._optimizer).__name__.lower()} lr={value.learning_rate:g}, {text}"
    return "-", ",".join(dtypes) or "-", _contexts(params), _bytes(size), text


def _contexts(params: list) -> str:
    found = []
    for param in params:
        for ctx in param._ctx_list or ():
            if str(ctx) not in found:
                found.append(str(ctx))
    return ",".join(found) or "-"


def _bytes(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    for unit in ("KiB", "MiB", "GiB"):
        count /= 1024
        if count < 1024 or unit == "GiB":
            return f"{count:.1f} {unit}"
    return f"{count} B"

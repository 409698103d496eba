"""`ndsh.graph(y)`: the recorded graph from `y` back to its leaves, as data.

The graph is read from the engine's nodes (or, after a backward freed them, from what the
Session's watcher kept: `ndsh.tools.provenance`), named with the user's variables (a Gluon
net's parameters by their own names, `dense0_weight`), and runs of the same op on the same
line are collapsed (`multiply x 9`). Ops recorded inside a Gluon Block's forward carry the
layers' names (`layers`, outermost first): the text prefixes the op with its layer
(`dense0: dot`), DOT draws clusters and Mermaid subgraphs. Drawing it is
`ndsh.display.graph_view`'s; `to_dot`, `to_mermaid` and `to_json` live here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

from ndsh.engine import dask_values
from ndsh.engine.ndarray import NDArray
from ndsh.tools.labels import op_label
from ndsh.tools.locations import format_location, layers_of
from ndsh.tools.names import array_names, caller_namespace
from ndsh.tools.np_arrays import engine_array, fold_np_shapes
from ndsh.tools.provenance import PROVENANCE


@dataclass
class GraphNode:
    """One box of the drawing: an op (maybe a collapsed run of `count`), a leaf or a constant."""

    id: int
    kind: str                         # "op" | "leaf" | "constant" | "freed"
    label: str                        # the op's name (tools/labels.py), or the leaf's name
    name: str = ""                    # the user's variable holding an op's result
    shape: tuple | None = None
    dtype: str = ""
    where: str = ""                   # `file.nds:12`
    count: int = 1                    # ops collapsed into this one
    grad_req: str = ""                # leaves: write / add
    scalars: list = field(default_factory=list)
    inputs: list[int] = field(default_factory=list)
    layers: tuple = ()                # the Gluon layers that recorded it, outermost first
    place: str = ""                   # off the CPU: `@dask(0), 25 chunks of 8192x2`

    @property
    def layer(self) -> str:
        """The innermost Gluon layer that recorded this op (`dense0`), or ''."""
        return self.layers[-1] if self.layers else ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "label": self.label}
        for key in ("name", "dtype", "where", "grad_req", "place"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.shape is not None:
            out["shape"] = list(self.shape)
        if self.count != 1:
            out["count"] = self.count
        if self.scalars:
            out["scalars"] = self.scalars
        if self.layers:
            out["layers"] = list(self.layers)
        out["inputs"] = list(self.inputs)
        return out


class Graph:
    """A recorded graph, ready to draw: `print(g)` (plain), `ndsh.show(g)` (rich at a
    terminal), `g.to_dot()`, `g.to_mermaid()`, `g.to_json()`.

    `nodes` maps ids to `GraphNode`s; `root` is the id of the array asked about; `note` says
    why there is nothing to draw, when there is not.
    """

    def __init__(self, nodes: dict[int, GraphNode], root: int, note: str = ""):
        self.nodes, self.root, self.note = nodes, root, note

    def __str__(self) -> str:
        from ndsh.display.graph_view import graph_lines, plain
        return plain(graph_lines(self))

    def __repr__(self) -> str:
        return str(self)

    def _ndsh_show_(self, output) -> None:
        from ndsh.display.graph_view import graph_lines, show_segments
        show_segments(output, graph_lines(self))

    def show(self) -> None:
        """Print the graph: a coloured tree at a terminal, plain text when piped."""
        from ndsh.tools.output import current_output
        self._ndsh_show_(current_output())

    def consumers(self) -> dict[int, int]:
        """id -> how many nodes take it as an input."""
        counts = dict.fromkeys(self.nodes, 0)
        for node in self.nodes.values():
            for i in node.inputs:
                counts[i] += 1
        return counts

    def to_json(self, indent: int | None = None) -> str:
        """The graph as JSON: `{"root": id, "nodes": [{id, kind, label, shape, ..., inputs}]}`.

        Example:
            >>> x = nd.ones((2,)); x.attach_grad()
            >>> with autograd.record():
            ...     y = x * 2
            >>> json.loads(graph(y).to_json())["nodes"][0]["label"]
            'multiply'
        """
        return json.dumps({"root": self.root, "note": self.note,
                           "nodes": [n.as_dict() for n in self.nodes.values()]}, indent=indent)

    def to_dot(self) -> str:
        """Graphviz DOT text; edges run from inputs to results, leaves are ellipses.

        Example:
            >>> x = nd.ones((2,)); x.attach_grad()
            >>> with autograd.record():
            ...     y = x * 2
            >>> print(graph(y).to_dot())  # doctest: +ELLIPSIS
            digraph ndsh {
            ...
        """
        from ndsh.tools.graph_export import dot_text
        return dot_text(self.nodes)

    def to_mermaid(self) -> str:
        """Mermaid flowchart text (bottom to top, as the data flows).

        Example:
            >>> x = nd.ones((2,)); x.attach_grad()
            >>> with autograd.record():
            ...     y = x * 2
            >>> graph(y).to_mermaid().splitlines()[0]
            'flowchart BT'
        """
        from ndsh.tools.graph_export import mermaid_text
        return mermaid_text(self.nodes)


# ----- building ---------------------------------------------------------------------------
class _Builder:
    def __init__(self, names: dict[int, str], node_names: dict[int, str]):
        self.names = names
        self.node_names = node_names       # id(node) -> name: for the engine's stand-ins
        self.nodes: dict[int, GraphNode] = {}
        self.by_key: dict[int, int] = {}       # id(engine node or leaf array) -> graph id

    def new(self, **fields) -> GraphNode:
        node = GraphNode(id=len(self.nodes) + 1, **fields)
        self.nodes[node.id] = node
        return node

    def input_node(self, info: "_Input") -> int:
        """The graph id for one input, creating it (and queueing an op's inputs) if new."""
        key = id(info.node) if info.node is not None else id(info.array) if info.array \
            is not None else None
        if key is not None and key in self.by_key:
            return self.by_key[key]
        name = self.names.get(id(info.array), "") if info.array is not None else ""
        if not name and info.node is not None:
            name = self.node_names.get(id(info.node), "")
        if info.node is None:
            kind = "leaf" if info.grad_req else "constant"
            node = self.new(kind=kind, label=name or ("leaf" if info.grad_req else "constant"),
                            shape=info.shape, dtype=info.dtype, grad_req=info.grad_req,
                            place=place_of(info.array))
        else:
            node = self.new(kind="op", label="", name=name, shape=info.shape, dtype=info.dtype,
                            place=place_of(info.array))
            self.pending.append((node, info.node))
        if key is not None:
            self.by_key[key] = node.id
        return node.id

    def build(self, root_info: "_Input") -> Graph:
        self.pending: list = []
        root = self.input_node(root_info)
        while self.pending:                      # a loop, not recursion: chains can be long
            node, engine_node = self.pending.pop()
            inputs = _inputs_of(engine_node)
            node.where = format_location(engine_node.where)
            node.layers = layers_of(engine_node.where)
            if inputs is None:
                node.kind, node.label = "freed", op_label(engine_node.op)
                continue
            node.label = op_label(engine_node.op)
            node.scalars = [i.scalar for i in inputs if i.scalar is not None]
            node.inputs = [self.input_node(i) for i in inputs if i.scalar is None]
        _place_parameters(self.nodes)
        fold_np_shapes(self.nodes)
        return Graph(_renumber(collapse(self.nodes, root), root), 1)


class _Input:
    """One input of a node, whether the node is live or frozen after backward."""

    __slots__ = ("node", "array", "shape", "dtype", "grad_req", "scalar")

    def __init__(self, node, array, shape, dtype, grad_req, scalar=None):
        self.node, self.array, self.shape, self.dtype = node, array, shape, dtype
        self.grad_req, self.scalar = grad_req, scalar


def place_of(array) -> str:
    """Where an array lives when not on the CPU, for the graph's views: its context, and a
    dask array's chunks when there are several (`@dask(0), 25 chunks of 8192x2`); '' for
    cpu(0) and for an array the graph no longer holds.

    Example:
        >>> place_of(nd.ones((2,))), place_of(None)
        ('', '')
    """
    if array is None or array.context.device_type == "cpu":
        return ""
    return f"@{array.context}{dask_values.placement(array._data)}"


def _of_array(a: NDArray) -> _Input:
    req = a._grad_req if a._grad_req in ("write", "add") else ""
    return _Input(a._node, a, a._data.shape, a._data.dtype.name, req)


def _inputs_of(engine_node) -> list[_Input] | None:
    if not engine_node.freed:
        return [_of_array(a) if isinstance(a, NDArray) else _Input(None, None, None, "", "", a)
                for a in engine_node.inputs]
    frozen = PROVENANCE.frozen_inputs.get(engine_node)
    if frozen is None:
        return None
    out = []
    for f in frozen:
        if type(f) is not tuple:
            out.append(_Input(None, None, None, "", "", f))
            continue
        node, ref, shape, dtype = f
        array = ref()
        req = array._grad_req if array is not None and array._grad_req in ("write", "add") \
            else ""
        out.append(_Input(node, array, shape, dtype.name, req))
    return out


def _place_parameters(nodes: dict[int, GraphNode]) -> None:
    """A leaf used only by the ops of one layer (a Gluon parameter: `dense0_weight`) joins
    that layer's group in DOT and Mermaid."""
    users: dict[int, set] = {}
    for node in nodes.values():
        for i in node.inputs:
            users.setdefault(i, set()).add(node.layers)
    for node in nodes.values():
        found = users.get(node.id, set())
        if node.kind == "leaf" and len(found) == 1 and () not in found:
            node.layers = next(iter(found))


def collapse(nodes: dict[int, GraphNode], root: int) -> dict[int, GraphNode]:
    """Merge runs of the same op on the same line whose only input is the previous one
    (`b = b * 2` in a loop) into one node with a count."""
    consumers = Graph(nodes, root).consumers()

    def same_run(node: GraphNode, below: GraphNode) -> bool:
        return (below.kind == "op" and not below.name and consumers[below.id] == 1
                and (below.label, below.where, below.shape, below.dtype, below.layers)
                == (node.label, node.where, node.shape, node.dtype, node.layers))

    for node in list(nodes.values()):
        if node.id not in nodes:
            continue                             # merged into the node above it
        while node.kind == "op" and len(node.inputs) == 1 \
                and same_run(node, nodes[node.inputs[0]]):
            below = nodes.pop(node.inputs[0])
            node.count += below.count
            node.inputs = below.inputs
            node.scalars = node.scalars or below.scalars
    return nodes


def _renumber(nodes: dict[int, GraphNode], root: int) -> dict[int, GraphNode]:
    """Ids 1, 2, 3... in the order a depth-first walk from the root meets the nodes."""
    order, seen, stack = [], set(), [root]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        order.append(current)
        stack.extend(reversed(nodes[current].inputs))
    new_id = {old: i + 1 for i, old in enumerate(order)}
    out = {}
    for old in order:
        node = nodes[old]
        node.id = new_id[old]
        node.inputs = [new_id[i] for i in node.inputs]
        out[node.id] = node
    return out


def graph(y: NDArray, names: Mapping[str, Any] | None = None) -> Graph:
    """The recorded graph from `y` back to its leaves: ops with their output shape, dtype and
    source line, leaves by your variable names with their grad_req.

    `names`: the namespace to name arrays from (default: the caller's variables). Works before
    and, inside ndsh (`ndsh run`, the shell), after `y.backward()`. `y` may be an `mx.np`
    array (after `npx.set_np()`): the graph of the engine array it wraps, np arrays named too.

    Example:
        >>> x = nd.ones((2,)); x.attach_grad()
        >>> with autograd.record():
        ...     y = (x * 2).sum()
        >>> print(graph(y))
        y = sum       (1,)  float32
        └── multiply  (2,)  float32
            └── x     (2,)  float32  grad_req=write
    """
    y = engine_array(y)
    if not isinstance(y, NDArray):
        raise TypeError(f"ndsh.graph: expected an NDArray or an mx.np array, got a "
                        f"{type(y).__name__}")
    namespace = caller_namespace() if names is None else names
    known = array_names(namespace)
    arrays = (engine_array(v) for v in namespace.values())
    node_names = {id(v._node): known[id(v)] for v in arrays
                  if type(v) is NDArray and v._node is not None and id(v) in known}
    built = _Builder(known, node_names).build(_of_array(y))
    built.note = _note(y, built, known)
    return built


def _note(y: NDArray, built: Graph, known: dict[int, str]) -> str:
    """Why there is nothing (or not everything) to draw, naming the array as the user does."""
    name = known.get(id(y), "")
    if y._node is None:
        return _no_graph(y, name or "This array", known)
    if not any(node.kind == "freed" for node in built.nodes.values()):
        return ""
    if built.nodes[1].kind == "freed":
        whose = f"{name}'s graph was" if name else "the graph of this array was"
    else:
        whose = "the parts marked (freed by backward) were"
    call = f"ndsh.graph({name or '...'})"
    last = PROVENANCE.last_backward
    if last is None:             # nobody watched: plain Python, outside ndsh run and the shell
        return (f"{whose} freed by backward, and outside ndsh (`ndsh run`, the shell) no copy "
                f"of a graph is kept: call {call} before the backward, or pass "
                f"retain_graph=True to it")
    heads = " and ".join(filter(None, (known.get(id(h()), "") for h in last.heads
                                       if h() is not None)))
    at = format_location(last.called_at)
    which = " ".join(filter(None, (f"{heads}.backward()" if heads else "",
                                   f"at {at}" if at else "")))
    return (f"{whose} freed by an earlier backward: ndsh keeps only the graph of the last "
            f"backward{f' ({which})' if which else ''}. Call {call} before the backward that "
            f"frees it, or pass retain_graph=True to that backward")


def _no_graph(y: NDArray, who: str, known: dict[int, str]) -> str:
    what = f"{who} (shape {y.shape}, {y._data.dtype.name})"
    if y._grad_req in ("write", "add"):
        return (f"{what} is a leaf: attach_grad() was called on it and nothing recorded computed "
                f"it, so it has no graph of its own. Draw a result computed from it under "
                f"autograd.record()")
    origin = PROVENANCE.derived_from(y)
    if origin is not None:
        leaf, where, op = origin
        source = known.get(id(leaf), "an array with attach_grad()")
        at = format_location(where)
        return (f"{what} was computed from {source} outside autograd.record() ({op}"
                f"{' at ' + at if at else ''}): it has no recorded graph (a constant)")
    return (f"{what} was not computed under autograd.record() from an array with "
            f"attach_grad(): it has no recorded graph (a constant)")

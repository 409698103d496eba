"""The watcher a Session installs: source lines for recorded nodes, and what `explain_grad` and
`graph` need to know later that the engine does not keep.

It listens through `ndsh.engine.hooks`, so the engine pays one flag test when nobody watches
(`scripts/bench.py` runs without it). While installed it keeps:

- `node.where`: the user's (file, line) that recorded each node, and the Gluon layers whose
  forward recorded it (`dense0`: `ndsh.tools.locations.layer_of`), read from
  `ndsh.engine.layer_path.LAYERS`, which Blocks keep while this watcher is installed;
- the shape of the last backward's graph (`frozen_inputs`), so that `ndsh.graph(y)` still
  draws it after `y.backward()` freed it; shapes and weak references only, no data;
- per leaf: which backward last wrote its gradient, and the one before (`LeafHistory`);
- per leaf: why it may have been left out of a graph (`Mark`): a value computed from it
  outside `record` (or under `pause`) that later entered a recorded graph, a `detach()` of it
  that did, or `attach_grad()` on a result computed from it (the graph cut there).
"""
from __future__ import annotations

import contextlib
import weakref
from dataclasses import dataclass, field
from typing import Iterator

from ndsh.engine import hooks
from ndsh.engine.autograd import STATE
from ndsh.engine.layer_path import LAYERS
from ndsh.engine.ndarray import NDArray
from ndsh.tools.labels import op_label
from ndsh.tools.locations import Location, user_location


@dataclass
class Mark:
    """Why a leaf may be missing from a graph: `kind` is 'outside' (a value computed from it
    while not recording entered a graph), 'detach' or 'cut'."""

    kind: str
    where: Location | None           # where the value was computed / detached / cut
    used_at: Location | None = None  # where that value entered the recorded graph
    op: str = ""                     # the op that computed it (outside) or made the cut result


@dataclass
class BackwardRecord:
    """One `backward()`: its number, where it was called, its heads, the leaves it reached."""

    number: int
    called_at: Location | None
    seq: int = 0                                     # the node counter when it ran
    heads: list = field(default_factory=list)        # weak references
    head_where: list = field(default_factory=list)   # where each head was recorded
    no_gradient: dict = field(default_factory=dict)  # id(leaf) -> [(op, where)] passing none


@dataclass
class LeafHistory:
    """The backwards that wrote a leaf's gradient: the last one and the one before."""

    last: int = 0
    previous: int = 0
    got_none: bool = False            # reached, but no gradient flowed (stop_gradient...)


def freeze_inputs(inputs) -> tuple:
    """What a graph drawing needs of a node's inputs once backward has freed the node: for an
    array `(its node, a weak reference, shape, dtype)`, a scalar as it is."""
    return tuple([(a._node, weakref.ref(a), a._data.shape, a._data.dtype)
                  if type(a) is NDArray else a for a in inputs])


class Provenance:
    """The observer (see the module's docstring). One instance is shared: `watching()`."""

    def __init__(self):
        self.backward_count = 0
        self.last_backward: BackwardRecord | None = None
        self.frozen_inputs: dict = {}    # node -> its inputs, for the last backward's graph
        self._leaves: dict[int, tuple[weakref.ref, LeafHistory]] = {}
        self._marks: dict[int, tuple[weakref.ref, list[Mark]]] = {}
        # id(value computed from a leaf outside record) -> (its ref, the leaf's ref, origin):
        # the origin (where, op) is named only if the value is used
        self._derived: dict[int, tuple] = {}
        self._called_at: Location | None = None
        self._visited: list = []
        self._frozen: dict = {}          # the running backward's frozen_inputs
        self._no_gradient: dict = {}
        self._starved: set = set()

    # ----- what the tools ask -----------------------------------------------------------
    def reset(self) -> None:
        """Forget everything seen (a test's fresh start)."""
        self.__init__()

    @staticmethod
    def recorded_use(leaf: NDArray) -> tuple[int, Location | None] | None:
        """(node number, location) of the leaf's latest use inside `record`, if seen."""
        return leaf.__dict__.get("_ndsh_recorded_use")

    def history(self, leaf: NDArray) -> LeafHistory | None:
        """The backwards that wrote this leaf's gradient, if any did while watching."""
        entry = self._leaves.get(id(leaf))
        return entry[1] if entry is not None and entry[0]() is leaf else None

    def leaves_written_by(self, number: int) -> list[NDArray]:
        """The live leaves whose gradient the backward with this number wrote last."""
        leaves = [ref() for ref, history in self._leaves.values() if history.last == number]
        return [leaf for leaf in leaves if leaf is not None]

    def derived_from(self, value: NDArray) -> tuple[NDArray, Location | None, str] | None:
        """(leaf, where, op) when `value` was computed from a leaf outside `record`, if seen."""
        derived = self._derived.get(id(value))
        if derived is None or derived[0]() is not value or derived[1]() is None:
            return None
        where, op = derived[2]
        return derived[1](), where, op_label(op)

    def marks(self, leaf: NDArray) -> list[Mark]:
        """Reasons this leaf may be missing from a graph, oldest first."""
        entry = self._marks.get(id(leaf))
        return list(entry[1]) if entry is not None and entry[0]() is leaf else []

    # ----- recording --------------------------------------------------------------------
    def on_record(self, node) -> None:
        where = user_location(3)                # 0-2: here, on_record, record_node
        layers = LAYERS.path
        node.where = where if not layers or where is None else (where[0], where[1], layers)
        for a in node.inputs:
            if type(a) is NDArray and a._node is None:
                if a._grad_req is None:
                    self._constant_entered(a, where)
                else:                    # a leaf: remember its latest recorded use
                    a._ndsh_recorded_use = (node.seq, where)

    def _constant_entered(self, a: NDArray, where) -> None:
        """A constant became an input of a recorded node: was it made from a leaf?"""
        derived = self._derived.get(id(a)) if self._derived else None
        if derived is not None and derived[0]() is a:
            leaf = derived[1]()
            if leaf is not None:
                made_at, op = derived[2]
                self._add_mark(leaf, Mark("outside", made_at, where, op_label(op)))
            return
        base = a._base
        if base is not None and a._data is base._data and base._grad_req in ("write", "add"):
            self._add_mark(base, Mark("detach", where, where))

    def on_unrecorded(self, op, inputs, result) -> None:
        if STATE.recording:           # a non-differentiable op inside record: not "outside"
            return
        for a in inputs:
            if type(a) is not NDArray:
                continue
            if a._grad_req == "write" or a._grad_req == "add":
                origin = (user_location(2), op)
                self._derive(result, a, origin)
                return
            derived = self._derived.get(id(a)) if self._derived else None
            if derived is not None and derived[0]() is a and derived[1]() is not None:
                self._derive(result, derived[1](), derived[2])
                return

    def _derive(self, result: NDArray, leaf: NDArray, origin: tuple) -> None:
        # no weakref callbacks (the common case, an SGD step's temporary, dies at once):
        # dead entries are swept when the table grows
        self._derived[id(result)] = (weakref.ref(result), weakref.ref(leaf), origin)
        if len(self._derived) > _PRUNE_AT:
            _prune(self._derived)

    def on_cut(self, array: NDArray) -> None:
        """attach_grad() on a recorded result: the leaves above it lose their path."""
        node = array._node
        mark = Mark("cut", user_location(2), node.where, op_label(node.op))
        for leaf in _leaves_above(node):
            self._add_mark(leaf, mark)

    def _add_mark(self, leaf: NDArray, mark: Mark) -> None:
        entry = self._marks.get(id(leaf))
        if entry is None or entry[0]() is not leaf:
            entry = self._marks[id(leaf)] = (weakref.ref(leaf), [])
            if len(self._marks) > 2 * _PRUNE_AT:
                _prune(self._marks)
        if mark not in entry[1]:
            entry[1].append(mark)
            del entry[1][:-_MARKS_KEPT]

    # ----- backward ---------------------------------------------------------------------
    def on_backward_begin(self, heads) -> None:
        self._called_at = user_location(2)
        self._visited, self._frozen = [], {}

    def on_backward(self, node, grad) -> None:
        # backward frees the node once its gradient moves on: keep its inputs' shape now
        self._visited.append(node)
        self._frozen[node] = freeze_inputs(node.inputs)

    def on_backward_end(self, heads, leaf_grads) -> None:
        """Keep the graph's shape, and find what blocked gradients."""
        nodes, self._visited = self._visited, []
        self.frozen_inputs, self._frozen = self._frozen, {}
        # read here: backward() may hand the gradients over to the .grad buffers afterwards
        starved = self._starved = {key for key, (_, g) in leaf_grads.items() if g is None}
        self._no_gradient = (_blocking_ops(nodes, starved, self.frozen_inputs) if starved
                             else {})

    def on_backward_done(self, heads, leaf_grads) -> None:
        self.backward_count += 1
        number = self.backward_count
        self.last_backward = BackwardRecord(
            number, self._called_at, STATE.seq, [weakref.ref(h) for h in heads],
            [h._node.where if h._node is not None else None for h in heads],
            self._no_gradient)
        for key, (leaf, _) in leaf_grads.items():
            entry = self._leaves.get(key)
            if entry is None or entry[0]() is not leaf:
                entry = self._leaves[key] = (weakref.ref(leaf), LeafHistory())
            history = entry[1]
            history.previous, history.last = history.last, number
            history.got_none = key in self._starved
        if len(self._leaves) > _PRUNE_AT:
            _prune(self._leaves)


_PRUNE_AT = 4096
_MARKS_KEPT = 4


def _prune(table: dict) -> None:
    for key in [k for k, entry in table.items() if entry[0]() is None]:
        del table[key]


def _leaves_above(node) -> Iterator[NDArray]:
    """The leaves needing gradients that a live node's graph reaches (each once)."""
    seen, stack, found = set(), [node], {}
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for i in current.parents:
            a = current.inputs[i]
            if a._node is not None:
                stack.append(a._node)
            else:
                found.setdefault(id(a), a)
    return iter(found.values())


def _blocking_ops(nodes, starved: set, frozen: dict) -> dict:
    """For leaves reached with no gradient: id(leaf) -> [(op, where)] of the ops that took
    them as input (stop_gradient, a comparison...). Read from the frozen inputs: backward has
    freed the nodes."""
    found: dict = {}
    for node in nodes:
        inputs = frozen[node]
        for i in node.parents:
            input_node, ref = inputs[i][:2]
            leaf = ref() if input_node is None else None
            if leaf is not None and id(leaf) in starved:
                label = op_label(node.op)
                found.setdefault(id(leaf), []).append((label, node.where))
    return found


PROVENANCE = Provenance()
_installed = 0


@contextlib.contextmanager
def watching() -> Iterator[Provenance]:
    """Install the shared watcher for the duration (nested uses count; the Session uses it).

    Example:
        >>> with watching() as seen:
        ...     x = nd.ones((2,)); x.attach_grad()
        ...     with autograd.record():
        ...         y = x * 2
        >>> y._node.where is not None
        True
    """
    global _installed
    if _installed == 0:
        hooks.add_observer(PROVENANCE)
        LAYERS.listeners += 1
    _installed += 1
    try:
        yield PROVENANCE
    finally:
        _installed -= 1
        if _installed == 0:
            hooks.remove_observer(PROVENANCE)
            LAYERS.listeners -= 1

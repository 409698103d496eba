"""The recorded graph: the autograd state, Node, and what the engine calls while recording.

While recording, an op whose input needs a gradient leaves a Node on its result: the op, its
inputs (and their data, or shape-only stand-ins where its gradient never reads them), its
parameters and the write-clock tick, so that a later in-place write is caught instead of
giving a wrong gradient.
"""
from __future__ import annotations

import weakref

from ndsh.engine import hooks
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.registry import kept_inputs


class _State:
    __slots__ = ("recording", "training", "clock", "seq")

    def __init__(self):
        self.recording = False
        self.training = False
        self.clock = 0          # counts in-place writes; each array keeps the tick of its last
        self.seq = 0            # counts recorded nodes: a node's inputs always have smaller seq


STATE = _State()


class AutogradError(MXNetError):
    """A misuse of autograd: backward on an unrecorded array, twice, after an in-place write..."""


class InPlaceWriteError(AutogradError):
    """Backward met an array that was written in place after an op recorded it.

    It carries the recorded `node` and the `array`, so that a front end can name them as the
    user does (`describe(name, where)`): the engine knows no variable names.

    Example:
        >>> x = nd.ones((3,)); x.attach_grad()
        >>> with autograd.record():
        ...     y = x * x
        >>> x[:] = 0
        >>> try:
        ...     y.backward()
        ... except InPlaceWriteError as error:
        ...     print(error.describe("x", "s.nds:3"))
        x (shape (3,)), used by multiply at s.nds:3, was modified in place after it was \
recorded and before backward, so its gradient would be wrong. Call backward before changing x, \
or write `x = x + ...` instead of an in-place update such as `x[:] = ...` or `x += ...`.
    """

    def __init__(self, node, array, is_result: bool = False):
        self.node, self.array = node, array
        self.is_result = is_result    # the array written is the op's result, not an input
        super().__init__(self.describe())

    def describe(self, name: str = "", where: str = "", view_of: str = "") -> str:
        """The message, naming the array `name` (or a view of `view_of`) and the line that
        recorded the op, when the caller knows them."""
        op = getattr(self.node.op, "name", self.node.op)
        role = "the result of" if self.is_result else "used by"
        at = f" at {where}" if where else ""
        target = name or view_of
        subject = (name if name else f"a view of {view_of}" if view_of
                   else "the result" if self.is_result else "an array")
        advice = (f"Call backward before changing {target}, or write `{target} = {target} + "
                  f"...` instead of an in-place update such as `{target}[:] = ...` or "
                  f"`{target} += ...`." if target else
                  "Call backward before changing it, or write `x = x + ...` instead of an "
                  "in-place update such as `x[:] = ...` or `x += ...`.")
        return (f"{subject} (shape {self.array.shape}), {role} {op}{at}, was modified in place "
                f"after it was recorded and before backward, so its gradient would be wrong. "
                f"{advice}")


class Scope:
    """A `with` block that sets recording and/or training mode (None: unchanged) and restores
    both on exit: autograd's record(), pause(), train_mode() and predict_mode(). A class, not a
    generator: `with autograd.record():` runs once per training step."""

    __slots__ = ("recording", "training", "saved")

    def __init__(self, recording, training):
        self.recording, self.training = recording, training

    def __enter__(self):
        self.saved = STATE.recording, STATE.training
        if self.recording is not None:
            STATE.recording = self.recording
        if self.training is not None:
            STATE.training = self.training
        return self

    def __exit__(self, *exc):
        STATE.recording, STATE.training = self.saved
        return False


class Node:
    """One recorded op application: how its result was computed from `inputs`.

    `args` holds the inputs' backend data (what the vjps read); `parents` are the indices of
    the inputs that need a gradient; `stamp` is the write clock when it was recorded, so a
    backward can tell at once whether anything was written since; `seq` orders nodes by
    creation, which is a topological order. `same_shapes`: every input has the result's shape
    and dtype (an elementwise op on one array, on an array and a number, on two arrays of
    one shape), so a gradient that is g itself or g <op> an operand of g's dtype fits its
    input as it is (backprop._walk_to_leaves skips its shape check); False where not known
    (every path but the operators' and invoke's small elementwise records).

    A node keeps no reference to its result (the result keeps the node, `_node`): backward
    reaches a node only through an array whose `_node` it is, its result (a head, or an input
    of a later node) or a shape-only stand-in for it, and checks that array for writes since
    the node was recorded there (check_result). A weak reference would cost each recorded op
    its creation and its clearing.
    """

    __slots__ = ("op", "inputs", "args", "params", "kwargs", "ans", "parents", "stamp",
                 "seq", "freed", "where", "same_shapes", "__weakref__")

    def __init__(self, op, inputs, args, params, kwargs, out, parents):
        self.op = op
        self.inputs = inputs
        self.args = args
        self.params = params
        self.kwargs = kwargs
        # the vjp may read the result after the NDArray itself is gone: keep just its data
        self.ans = out._data if op.needs_ans else None
        self.parents = parents
        self.stamp = STATE.clock
        STATE.seq += 1
        self.seq = STATE.seq
        self.freed = False
        self.where = None        # filled by hooks (source line) when someone listens
        self.same_shapes = False


def root_of(a: NDArray) -> NDArray:
    """The array whose memory `a` shares (`a` itself unless it is a view)."""
    return a._base if a._base is not None else a


def check_result(a: NDArray, node: Node) -> None:
    """Refuse to go on to `node` through `a` (its result, or a shape-only stand-in for it: the
    array through which backward reached it) when a was written in place after node was
    recorded: the node's gradient may read its result. Backward calls it only when something
    was written since (STATE.clock > node.stamp)."""
    result = a.__dict__.get("_stands_for")
    if result is not None:
        a = result()              # a stand-in: the result itself, while it lives
        if a is None:
            return
    if (a._base if a._base is not None else a)._version > node.stamp:
        raise InPlaceWriteError(node, a, is_result=True)


def note_write(a: NDArray) -> None:
    """Record an in-place write to `a` (and to the array it is a view of)."""
    STATE.clock += 1
    root = a._base if a._base is not None else a
    root._version = STATE.clock


IN_PLACE_WHILE_RECORDING = ("Inplace operations (+=, -=, x[:]=, etc) are not supported when "
                            "recording with autograd")     # MXNet's words: people search them


def check_writable(a: NDArray, what: str, value=None) -> None:
    """Refuse an in-place write while recording (as MXNet) when it would make a gradient wrong:
    to an array in the recorded graph, or of a `value` that carries a gradient into an array
    outside it (the gradient would be lost)."""
    if not STATE.recording:
        return
    root = a._base if a._base is not None else a
    if a._node is not None or root._node is not None or a._grad_req is not None \
            or root._grad_req is not None:
        raise AutogradError(
            f"{what}: {IN_PLACE_WHILE_RECORDING}: this array is part of the recorded "
            f"computation, and writing it in place inside `autograd.record()` would make its "
            f"gradients wrong. Write `y = y + 1` instead of `y += 1`, or make the change outside "
            f"the record block (after backward for parameters).")
    if type(value) is NDArray and (value._node is not None or value._grad_req is not None
                                   and value._grad_req != "null"):
        raise AutogradError(
            f"{what}: {IN_PLACE_WHILE_RECORDING}: the value written (shape {value.shape}) "
            f"carries a gradient, which writing it into an array outside the recorded "
            f"computation would lose. Compute a new array instead: `y = x + v`, "
            f"`nd.where(mask, v, x)`, `nd.concat(...)`.")


def write_into(target: NDArray, data, what: str, value=None) -> None:
    """target[...] = data, with the autograd checks every in-place write goes through (`value`:
    the NDArray data came from, when it may carry a gradient)."""
    check_writable(target, what, value)
    target._data[...] = data
    note_write(target)


def parent_indices(inputs) -> tuple:
    """The indices of the inputs that a recorded op would send gradients to."""
    return tuple(i for i, a in enumerate(inputs)
                 if type(a) is NDArray and (a._node is not None or a._grad_req is not None
                                            and a._grad_req != "null"))


def record_node(op, inputs, args, params, kwargs, result) -> None:
    """Called by the engine while recording: attach a Node to `result` if an input needs it.
    `args` are the inputs' backend data (or the scalars), as the forward received them."""
    parents = ()
    large = False
    i = 0
    for a in inputs:
        if type(a) is NDArray:
            if a._node is not None or a._grad_req is not None and a._grad_req != "null":
                parents += (i,)
            if a._data.size >= GHOST_MIN_SIZE:
                large = True
        i += 1
    if not parents:
        return
    if large:
        keeps = kept_inputs(op, parents)
        if keeps is not None:
            inputs, args = _ghost_unkept(inputs, args, keeps)
    # Node(...) spelled out: this runs once per recorded op, and a class call with its
    # __init__ frame costs as much again as the assignments (test_graph checks they agree)
    node = _object_new(Node)
    node.op = op
    node.inputs = inputs
    node.args = args
    node.params = params
    node.kwargs = kwargs
    node.ans = result._data if op.needs_ans else None
    node.parents = parents
    node.stamp = STATE.clock
    STATE.seq = seq = STATE.seq + 1
    node.seq = seq
    node.freed = False
    node.where = None
    node.same_shapes = False
    result._node = node
    if hooks.ACTIVE:
        hooks.on_record(node)


_object_new = object.__new__
NO_KWARGS: dict = {}     # the kwargs of a node recorded without keywords (never written)


def record_operands(op, self, other, data, reflected, result, arg=None) -> None:
    """record_node for the operator path's two operands (`x * y`, `b * 2`, `2 * x`):
    `self` an NDArray with host-sized `data`, `other` an NDArray or a Python number. It builds
    the same Node (test_fast_paths compares the two), without record_node's loop over the
    inputs: the operands' two tests are written out. Large operands (whose unread inputs
    record_node replaces with shape-only stand-ins) and listeners go to record_node. `arg`:
    a scalar `other` as the forward received it (operators.float32_scalar's float32 scalar),
    kept in the node's args; its inputs keep the number the user wrote."""
    if other.__class__ is NDArray:
        inputs, args = (self, other), (data, other._data)
        if other._node is not None or other._grad_req is not None and other._grad_req != "null":
            parents = (0, 1) if self._node is not None or self._grad_req is not None \
                and self._grad_req != "null" else (1,)
        elif self._node is not None or self._grad_req is not None and self._grad_req != "null":
            parents = (0,)
        else:
            return
        large = data.size >= GHOST_MIN_SIZE or args[1].size >= GHOST_MIN_SIZE
    else:
        if self._node is None and (self._grad_req is None or self._grad_req == "null"):
            return
        if arg is None:
            arg = other
        if reflected:
            inputs, args, parents = (other, self), (arg, data), (1,)
        else:
            inputs, args, parents = (self, other), (data, arg), (0,)
        large = data.size >= GHOST_MIN_SIZE
    if large or hooks.ACTIVE:
        record_node(op, inputs, args, (), NO_KWARGS, result)
        return
    node = _object_new(Node)
    node.op = op
    node.inputs = inputs
    node.args = args
    node.params = ()
    node.kwargs = NO_KWARGS
    node.ans = result._data if op.needs_ans else None
    node.parents = parents
    state = STATE
    node.stamp = state.clock
    state.seq = seq = state.seq + 1
    node.seq = seq
    node.freed = False
    node.where = None
    node.same_shapes = False
    result._node = node


def record_one(op, inputs, args, params, kwargs, result) -> None:
    """record_node for an op of one array input (`x.exp()`, `b.norm()`, `x.reshape(s)`
    while recording): the same Node (test_fast_paths compares the two), without record_node's
    loop over the inputs. A large input (which record_node may replace with a shape-only
    stand-in) and listeners go to record_node."""
    a = inputs[0]
    if a._node is None and (a._grad_req is None or a._grad_req == "null"):
        return
    if a._data.size >= GHOST_MIN_SIZE or hooks.ACTIVE:
        record_node(op, inputs, args, params, kwargs, result)
        return
    node = _object_new(Node)
    node.op = op
    node.inputs = inputs
    node.args = args
    node.params = params
    node.kwargs = kwargs
    node.ans = result._data if op.needs_ans else None
    node.parents = (0,)
    state = STATE
    node.stamp = state.clock
    state.seq = seq = state.seq + 1
    node.seq = seq
    node.freed = False
    node.where = None
    node.same_shapes = False
    result._node = node


GHOST_MIN_SIZE = 1 << 16     # smaller arrays cost less to keep than to replace


def _ghost_unkept(inputs, args, keeps):
    """Stand-ins for large recorded inputs whose values the op's gradient never reads (the
    input of exp, both sides of add): the graph keeps their shape and node, not their memory,
    so intermediates are freed during the forward pass, as PyTorch frees them."""
    ghosted = None
    for i, a in enumerate(inputs):
        if i in keeps or type(a) is not NDArray or a._node is None \
                or a._data.size < GHOST_MIN_SIZE:
            continue
        if ghosted is None:
            ghosted = list(inputs), list(args)
        ghost = new_array(_shape_only(a), a._ctx)
        ghost._node = a._node
        ghost._stands_for = weakref.ref(a)     # check_result looks at the result itself
        ghosted[0][i], ghosted[1][i] = ghost, ghost._data
    return (inputs, args) if ghosted is None else (tuple(ghosted[0]), tuple(ghosted[1]))


_ZEROS: dict = {}     # (context, dtype) -> a 0-d zero; on a GPU each new one is a launch


def _shape_only(a: NDArray):
    """An array with a's shape and dtype that uses no memory (every element is one zero).
    Nothing writes to it: backward writes only into buffers that own their data."""
    ctx, dtype = a._ctx, a._data.dtype
    zero = _ZEROS.get((ctx, dtype))
    if zero is None:
        with ctx.device():
            zero = _ZEROS[ctx, dtype] = ctx.xp.zeros((), dtype=dtype)
    return ctx.xp.broadcast_to(zero, a._data.shape)

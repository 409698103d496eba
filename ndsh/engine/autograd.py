"""Autograd: recording (`record`, `pause`, modes), the graph's Node, and an iterative backward.

While recording, an op whose input needs a gradient leaves a Node on its result: the op, its
inputs, its parameters, and the versions of its inputs (so a later in-place write is caught
instead of giving a wrong gradient). Backward walks the graph with a loop, never recursion.
"""
from __future__ import annotations

import heapq
import sys
import weakref

from ndsh.engine import hooks
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.registry import kept_inputs

_sum_to_shape = None    # ndsh.engine.invoke.sum_to_shape, bound once invoke is imported


class _State:
    __slots__ = ("recording", "training", "clock", "seq")

    def __init__(self):
        self.recording = False
        self.training = False
        self.clock = 0          # counts in-place writes; each array keeps the tick of its last
        self.seq = 0            # counts recorded nodes: a node's inputs always have smaller seq


STATE = _State()


class AutogradError(RuntimeError):
    """A misuse of autograd: backward on an unrecorded array, twice, after an in-place write..."""


class Node:
    """One recorded op application: how `out` was computed from `inputs`.

    `args` holds the inputs' backend data (what the vjps read); `parents` are the indices of
    the inputs that need a gradient; `stamp` is the write clock when it was recorded, so a
    backward can tell at once whether anything was written since; `seq` orders nodes by
    creation, which is a topological order.
    """

    __slots__ = ("op", "inputs", "args", "params", "kwargs", "out", "ans", "parents", "stamp",
                 "seq", "freed", "where", "__weakref__")

    def __init__(self, op, inputs, args, params, kwargs, out, parents):
        self.op = op
        self.inputs = inputs
        self.args = args
        self.params = params
        self.kwargs = kwargs
        self.out = weakref.ref(out)
        # the vjp may read the result after the NDArray itself is gone: keep just its data
        self.ans = out._data if op.needs_ans else None
        self.parents = parents
        self.stamp = STATE.clock
        STATE.seq += 1
        self.seq = STATE.seq
        self.freed = False
        self.where = None        # filled by hooks (source line) when someone listens


def _root(a: NDArray) -> NDArray:
    return a._base if a._base is not None else a


def note_write(a: NDArray) -> None:
    """Record an in-place write to `a` (and to the array it is a view of)."""
    STATE.clock += 1
    root = a._base if a._base is not None else a
    root._version = STATE.clock


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
    node = Node(op, inputs, args, params, kwargs, result, parents)
    result._node = node
    if hooks.ACTIVE:
        hooks.on_record(node)


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
        ghosted[0][i], ghosted[1][i] = ghost, ghost._data
    return (inputs, args) if ghosted is None else (tuple(ghosted[0]), tuple(ghosted[1]))


def _shape_only(a: NDArray):
    """An array with a's shape and dtype that uses no memory (every element is one zero)."""
    xp = a._ctx.xp
    return xp.broadcast_to(xp.zeros((), dtype=a._data.dtype), a._data.shape)


# ----- modes ------------------------------------------------------------------------------
def is_recording() -> bool:
    """True inside `autograd.record()` (and not under `pause()`).

    Example:
        >>> autograd.is_recording()
        False
    """
    return STATE.recording


def is_training() -> bool:
    """True in training mode: inside `record()` by default, or under `train_mode()`.

    Example:
        >>> with autograd.record():
        ...     print(autograd.is_training())
        True
    """
    return STATE.training


def set_recording(is_recording: bool) -> bool:
    """Turn recording on or off; return the previous state.

    Example:
        >>> autograd.set_recording(False)
        False
    """
    previous, STATE.recording = STATE.recording, bool(is_recording)
    return previous


def set_training(train_mode: bool) -> bool:
    """Turn training mode on or off; return the previous state.

    Example:
        >>> autograd.set_training(False)
        False
    """
    previous, STATE.training = STATE.training, bool(train_mode)
    return previous


class _scope:
    """A `with` block that sets recording and/or training mode and restores both on exit (a
    class, not a generator: `with autograd.record():` runs once per training step)."""

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


def record(train_mode: bool = True):
    """A `with` block whose computations are recorded for `backward()`; training mode is on
    unless `train_mode=False`.

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad()
        >>> with autograd.record():
        ...     y = 2 * x
        >>> y.backward(); x.grad
        <BLANKLINE>
        [2. 2.]
        <NDArray 2 @cpu(0)>
    """
    return _scope(True, train_mode)


def pause(train_mode: bool = False):
    """A `with` block inside `record()` whose computations are not recorded.

    Example:
        >>> with autograd.record():
        ...     with autograd.pause():
        ...         print(autograd.is_recording())
        False
    """
    return _scope(False, train_mode)


def train_mode():
    """A `with` block in training mode (Dropout active); recording is unchanged.

    Example:
        >>> with autograd.train_mode():
        ...     print(autograd.is_training())
        True
    """
    return _scope(None, True)


def predict_mode():
    """A `with` block in prediction mode (Dropout is the identity); recording is unchanged.

    Example:
        >>> with autograd.predict_mode():
        ...     print(autograd.is_training())
        False
    """
    return _scope(None, False)


# ----- leaves -----------------------------------------------------------------------------
def attach_grad(x: NDArray, grad_req: str = "write") -> None:
    if grad_req not in ("write", "add", "null"):
        raise ValueError(f"attach_grad: grad_req must be 'write', 'add' or 'null', "
                         f"not {grad_req!r}")
    xp = x._ctx.xp
    x._grad = new_array(xp.zeros(x._data.shape, dtype=x._data.dtype), x._ctx)
    x._grad_req = grad_req
    if hooks.ACTIVE and x._node is not None:
        hooks.on_cut(x)
    x._node = None          # an intermediate becomes a leaf: the graph above it is cut
    x._fresh_grad = False


def mark_variables(variables, gradients, grad_reqs="write") -> None:
    """Mark arrays as variables whose gradients go into the given buffers (`x.grad` is that buffer).

    Example:
        >>> x = nd.array([1, 2]); g = nd.zeros((2,))
        >>> autograd.mark_variables([x], [g])
        >>> with autograd.record():
        ...     y = x * 3
        >>> y.backward(); g
        <BLANKLINE>
        [3. 3.]
        <NDArray 2 @cpu(0)>
    """
    if isinstance(variables, NDArray):
        variables, gradients = [variables], [gradients]
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    if not len(variables) == len(gradients) == len(grad_reqs):
        raise ValueError("mark_variables: variables, gradients and grad_reqs must have the same "
                         "length")
    for var, buf, req in zip(variables, gradients, grad_reqs):
        attach_grad(var, req)
        if buf.shape != var.shape:
            raise ValueError(f"mark_variables: gradient buffer shape {buf.shape} differs from "
                             f"the variable's {var.shape}")
        var._grad = buf


# ----- backward ---------------------------------------------------------------------------
_NOT_RECORDED = (
    "{what} is not part of a recorded graph, so there is nothing to differentiate. Compute it "
    "inside `with autograd.record():` from arrays on which you called `attach_grad()` first "
    "(a result computed outside record, under autograd.pause(), or from inputs without "
    "attach_grad has no graph).")
_FREED = (
    "{what}: its graph was already used by an earlier backward and freed. Pass "
    "retain_graph=True to the first backward to differentiate the same graph twice, or "
    "recompute it under autograd.record().")


def _check_heads(heads) -> None:
    for h in heads:
        if not isinstance(h, NDArray):
            raise TypeError(f"backward needs NDArray heads, not {type(h).__name__}")
        if h._node is None:
            raise AutogradError(_NOT_RECORDED.format(what=f"The array (shape {h.shape}) you "
                                                     f"called backward on"))
        if h._node.freed:
            raise AutogradError(_FREED.format(what="backward on this array"))


def _check_versions(node) -> None:
    """Refuse to differentiate through values that were overwritten after being recorded."""
    out = node.out()
    arrays = [a for a in node.inputs if isinstance(a, NDArray)]
    if out is not None:
        arrays.append(out)
    for a in arrays:
        if _root(a)._version > node.stamp:
            raise AutogradError(
                f"an array used by {node.op.name} (shape {a.shape}) was modified in place after "
                f"it was recorded and before backward, so its gradient would be wrong. Call "
                f"backward before changing it, or write `x = x + ...` instead of an in-place "
                f"update such as `x[:] = ...` or `x += ...`.")


_ONES: dict = {}     # read-only ones by (shape, dtype): the default head gradients


def _ones(xp, shape, dtype):
    key = (shape, dtype, xp.__name__)
    ones = _ONES.get(key)
    if ones is None:
        ones = xp.ones(shape, dtype=dtype)
        ones.flags.writeable = False       # vjps never write their g; nothing else may either
        if ones.size <= 4096 and len(_ONES) < 256:
            _ONES[key] = ones
    return ones


def _head_grad(head: NDArray, given, create_graph: bool):
    xp = head._ctx.xp
    if given is None:
        if create_graph:
            return new_array(xp.ones(head._data.shape, dtype=head._data.dtype), head._ctx)
        return _ones(xp, head._data.shape, head._data.dtype)
    if not isinstance(given, NDArray):
        raise TypeError(f"a head gradient must be an NDArray, not {type(given).__name__}")
    if given.shape != head.shape:
        raise ValueError(f"the head gradient has shape {given.shape} but its head has shape "
                         f"{head.shape}; they must match (MXNet reads past the end here, ndsh "
                         f"refuses)")
    if create_graph:
        return given
    data = given._data
    return data if data.dtype == head._data.dtype else data.astype(head._data.dtype)


def _add_leaf_grad(leaf_grads: dict, leaf: NDArray, g) -> None:
    entry = leaf_grads.get(id(leaf))
    if entry is None:
        leaf_grads[id(leaf)] = [leaf, g]
    elif entry[1] is None:
        entry[1] = g
    elif g is not None:
        entry[1] = entry[1] + g


def run_backward(heads, head_grads, variables=None, retain_graph=False, create_graph=False,
                 train_mode=True):
    """The shared core of `backward` and `grad`: returns {id(leaf): [leaf, gradient]}."""
    if isinstance(heads, NDArray):
        heads = [heads]
    heads = list(heads)
    if head_grads is None:
        head_grads = [None] * len(heads)
    elif isinstance(head_grads, NDArray):
        head_grads = [head_grads]
    if len(head_grads) != len(heads):
        raise ValueError(f"got {len(heads)} heads but {len(head_grads)} head gradients")
    _check_heads(heads)
    if hooks.ACTIVE:
        hooks.on_backward_begin(heads)
    wanted = None if variables is None else {id(v) for v in variables}
    grads: dict = {}
    queue: list = []          # a max-heap of nodes by creation order (-seq), inputs come later
    for h, given in zip(heads, head_grads):
        _send(grads, queue, h._node, _head_grad(h, given, create_graph))
    leaf_grads: dict = {}
    visited = []
    xp_diff = _diff_namespace() if create_graph else None
    saved = STATE.recording, STATE.training
    STATE.recording, STATE.training = create_graph, train_mode
    try:
        while queue:
            node = heapq.heappop(queue)[1]
            visited.append(node)
            g = grads.pop(node)
            if node.freed:
                raise AutogradError(_FREED.format(what=f"backward through {node.op.name}"))
            if g is None:
                _pass_nothing(node, grads, leaf_grads, queue)
                continue
            if wanted is not None:
                out = node.out()
                if out is not None and id(out) in wanted:
                    _add_leaf_grad(leaf_grads, out, g)
            if STATE.clock > node.stamp:
                _check_versions(node)
            if hooks.ACTIVE:
                hooks.on_backward(node, g)
            _propagate(node, g, grads, leaf_grads, xp_diff, queue)
            g = None
            if not retain_graph and not hooks.ACTIVE:
                _free(node)       # now: what only it held can go before the next node's work
    finally:
        STATE.recording, STATE.training = saved
    if hooks.ACTIVE:
        hooks.on_backward_end(heads, leaf_grads)   # listeners see the whole graph
    if not retain_graph:
        for node in visited:
            if not node.freed:
                _free(node)
    return leaf_grads


def _free(node) -> None:
    node.inputs = node.args = node.params = ()
    node.ans = None
    node.freed = True


def _diff_namespace():
    from ndsh.engine.invoke import diff_namespace
    return diff_namespace()


def _pass_nothing(node, grads, leaf_grads, queue) -> None:
    """A node reached with no gradient (below a comparison): its leaves still count as reached,
    so they get a zero gradient, as MXNet gives."""
    for i in node.parents:
        a = node.inputs[i]
        parent = a._node
        if parent is None:
            _add_leaf_grad(leaf_grads, a, None)
        else:
            _send(grads, queue, parent, None)


def _send(grads: dict, queue: list, node, g) -> None:
    """Add g to the gradient waiting at node, queueing node the first time. A None g still
    queues it: no gradient flows, but the leaves above count as reached (zero gradients)."""
    if node not in grads:
        grads[node] = g
        heapq.heappush(queue, (-node.seq, node))
    elif g is not None:
        old = grads[node]
        grads[node] = g if old is None else old + g


def _propagate(node, g, grads, leaf_grads, xp_diff, queue) -> None:
    """Apply node's vjps and hand each gradient to the node or leaf that made that input."""
    op, inputs, params, kwargs = node.op, node.inputs, node.params, node.kwargs
    if xp_diff is None:
        args = node.args
        xp = inputs[node.parents[0]]._ctx.xp
        ans = node.ans
    else:
        xp, args = xp_diff, inputs
        ans = node.out()
        if ans is None and node.ans is not None:   # the result is gone: a stand-in, linked
            ans = new_array(node.ans, inputs[node.parents[0]]._ctx)
            ans._node = node
    if params:
        args = (*args, *params)
    all_grads = op.vjp_all(xp, g, ans, *args, **kwargs) if op.vjp_all else None
    vjps = op.vjp_each
    for i in node.parents:
        a = inputs[i]
        if all_grads is not None:
            gi = all_grads[i]
        elif kwargs:
            gi = vjps[i](xp, g, ans, *args, **kwargs)
        else:
            gi = vjps[i](xp, g, ans, *args)
        if gi is not None:
            data = a._data
            if gi.shape != data.shape or xp_diff is None and gi.dtype != data.dtype:
                gi = _sum_to_shape(gi, data.shape, data.dtype, xp_diff)
        parent = a._node
        if parent is None:
            _add_leaf_grad(leaf_grads, a, gi)
        else:
            _send(grads, queue, parent, gi)


def _write_leaf_grads(leaf_grads) -> None:
    for entry in leaf_grads.values():
        leaf, g = entry
        buf = leaf._grad
        if buf is None or leaf._grad_req == "null":
            continue
        if g is None:
            if leaf._grad_req == "write":
                buf._data[...] = 0
            leaf._fresh_grad = True
            continue
        if isinstance(g, NDArray):
            g = g._data
        entry[1] = None
        if leaf._grad_req == "add":
            buf._data += g
        elif _owned(g, buf._data):
            buf._data = g      # a fresh gradient nobody else holds: keep it, skip the copy
        else:
            buf._data[...] = g
        g = None
        leaf._fresh_grad = True
        note_write(buf)


def _owned(g, old) -> bool:
    """Whether `g` can replace the gradient buffer `old`: g is a fresh array referenced only
    here, and nothing (no view, no user reference) still looks at old's memory."""
    return (type(g) is type(old) and g.flags.owndata and g.flags.c_contiguous
            and g.flags.writeable and g.dtype == old.dtype and g.shape == old.shape
            and old.flags.owndata and sys.getrefcount(g) <= 3 and sys.getrefcount(old) <= 3)


def backward(heads, head_grads=None, retain_graph: bool = False, train_mode: bool = True):
    """Compute gradients of the heads with respect to the arrays with `attach_grad()`.

    A `None` head gradient means ones (the head is summed).

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad()
        >>> with autograd.record():
        ...     y1 = 2 * x; y2 = 3 * x
        >>> autograd.backward([y1, y2]); x.grad
        <BLANKLINE>
        [5. 5.]
        <NDArray 2 @cpu(0)>
    """
    if isinstance(heads, NDArray):
        heads = [heads]
        if isinstance(head_grads, NDArray):
            head_grads = [head_grads]
    leaf_grads = run_backward(heads, head_grads, retain_graph=retain_graph,
                              train_mode=train_mode)
    if not leaf_grads:
        raise AutogradError("There are no inputs in the computation graph that require "
                            "gradients: call attach_grad() (with grad_req 'write' or 'add') on "
                            "an input before recording.")
    _write_leaf_grads(leaf_grads)
    if hooks.ACTIVE:
        hooks.on_backward_done(heads, leaf_grads)


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph: bool = False,
         train_mode: bool = True):
    """The gradients of the heads with respect to `variables`, as a list; `.grad` is untouched.

    With `create_graph=True` the gradients are themselves recorded, so they can be
    differentiated again (higher-order gradients).

    Example:
        >>> x = nd.array([1., 2.]); x.attach_grad()
        >>> with autograd.record():
        ...     y = x ** 3
        ...     dy = autograd.grad(y, [x], create_graph=True)[0]
        >>> dy.backward(); x.grad
        <BLANKLINE>
        [ 6. 12.]
        <NDArray 2 @cpu(0)>
    """
    single = isinstance(variables, NDArray)
    if single:
        variables = [variables]
    if retain_graph is None:
        retain_graph = create_graph
    leaf_grads = run_backward(heads, head_grads, variables=variables, retain_graph=retain_graph,
                              create_graph=create_graph, train_mode=train_mode)
    result = []
    for i, v in enumerate(variables):
        if id(v) not in leaf_grads:
            raise AutogradError(f"Cannot differentiate with respect to variable {i} (shape "
                                f"{v.shape}): it is unreachable from the heads (it was not "
                                f"used in their recorded computation)")
        g = leaf_grads[id(v)][1]
        if g is None:
            g = v._ctx.xp.zeros(v._data.shape, dtype=v._data.dtype)
        result.append(g if isinstance(g, NDArray) else new_array(g, v._ctx))
    return result


def get_symbol(x):
    """MXNet's symbolic graph of x; ndsh has no Symbol API (use ndsh.graph(y) instead)."""
    raise NotImplementedError("autograd.get_symbol: ndsh has no Symbol API; use ndsh.graph(y) "
                              "to see the recorded graph")


from ndsh.engine.function import Function  # noqa: E402  (Function needs the names above)

__all__ = ["record", "pause", "train_mode", "predict_mode", "is_recording", "is_training",
           "set_recording", "set_training", "backward", "grad", "mark_variables", "Function",
           "AutogradError"]

"""Autograd: recording (`record`, `pause`, modes), the graph's Node, and an iterative backward.

While recording, an op whose input needs a gradient leaves a Node on its result: the op, its
inputs, its parameters, and the versions of its inputs (so a later in-place write is caught
instead of giving a wrong gradient). Backward walks the graph with a loop, never recursion.
"""
from __future__ import annotations

import contextlib
import weakref

from ndsh.engine import hooks
from ndsh.engine.ndarray import NDArray, new_array


class _State:
    __slots__ = ("recording", "training")

    def __init__(self):
        self.recording = False
        self.training = False


STATE = _State()


class AutogradError(RuntimeError):
    """A misuse of autograd: backward on an unrecorded array, twice, after an in-place write..."""


class Node:
    """One recorded op application: how `out` was computed from `inputs`."""

    __slots__ = ("op", "inputs", "params", "kwargs", "out", "versions", "freed", "where",
                 "__weakref__")

    def __init__(self, op, inputs, params, kwargs, out):
        self.op = op
        self.inputs = inputs
        self.params = params
        self.kwargs = kwargs
        self.out = weakref.ref(out)
        self.versions = tuple(_root(a)._version if isinstance(a, NDArray) else 0 for a in inputs)
        self.freed = False
        self.where = None        # filled by hooks (source line) when someone listens


def _root(a: NDArray) -> NDArray:
    return a._base if a._base is not None else a


def needs_grad(a) -> bool:
    """True for an array whose gradient a backward pass must compute."""
    return isinstance(a, NDArray) and (a._node is not None
                                       or a._grad_req == "write" or a._grad_req == "add")


def record_node(op, inputs, params, kwargs, result) -> None:
    """Called by the engine while recording: attach a Node to `result` if an input needs it."""
    for a in inputs:
        if type(a) is NDArray and (a._node is not None or a._grad_req is not None
                                   and a._grad_req != "null"):
            break
    else:
        return
    node = Node(op, inputs, params, kwargs, result)
    result._node = node
    if hooks.ACTIVE:
        hooks.on_record(node)


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


@contextlib.contextmanager
def _scope(recording, training):
    old = (STATE.recording, STATE.training)
    if recording is not None:
        STATE.recording = recording
    if training is not None:
        STATE.training = training
    try:
        yield
    finally:
        STATE.recording, STATE.training = old


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


def _topological_order(heads):
    """Nodes reachable from the heads, each before the nodes that produced its inputs."""
    order, seen = [], set()
    stack = [(h._node, False) for h in heads if h._node is not None]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        if node.freed:
            raise AutogradError(_FREED.format(what=f"backward through {node.op.name}"))
        stack.append((node, True))
        for a in node.inputs:
            parent = getattr(a, "_node", None)
            if parent is not None and parent not in seen:
                stack.append((parent, False))
    order.reverse()
    return order


def _check_versions(node) -> None:
    for a, saved in zip(node.inputs, node.versions):
        if isinstance(a, NDArray) and _root(a)._version != saved:
            raise AutogradError(
                f"an input of {node.op.name} (shape {a.shape}) was modified in place after it "
                f"was recorded and before backward, so its gradient would be wrong. Call "
                f"backward before changing it, or write `x = x + ...` instead of an in-place "
                f"update such as `x[:] = ...` or `x += ...`.")


def _head_grad(head: NDArray, given, create_graph: bool):
    xp = head._ctx.xp
    if given is None:
        data = xp.ones(head._data.shape, dtype=head._data.dtype)
        return new_array(data, head._ctx) if create_graph else data
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


def _accumulate(store: dict, key, value, create_graph: bool):
    old = store.get(key)
    store[key] = value if old is None else old + value


def _add_leaf_grad(leaf_grads: dict, leaf: NDArray, g) -> None:
    entry = leaf_grads.get(id(leaf))
    if entry is None:
        leaf_grads[id(leaf)] = [leaf, g]
    elif entry[1] is None:
        entry[1] = g
    else:
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
    for h in heads:
        if not isinstance(h, NDArray):
            raise TypeError(f"backward needs NDArray heads, not {type(h).__name__}")
        if h._node is None:
            raise AutogradError(_NOT_RECORDED.format(what=f"The array (shape {h.shape}) you "
                                                     f"called backward on"))
        if h._node.freed:
            raise AutogradError(_FREED.format(what="backward on this array"))
    wanted = None if variables is None else {id(v) for v in variables}
    order = _topological_order(heads)
    grads: dict = {}
    for h, given in zip(heads, head_grads):
        _accumulate(grads, h._node, _head_grad(h, given, create_graph), create_graph)
    leaf_grads: dict = {}
    from ndsh.engine.invoke import diff_namespace, sum_to_shape
    xp_diff = diff_namespace() if create_graph else None
    with _scope(create_graph, train_mode):
        for node in order:
            g = grads.pop(node, None)
            if g is None:
                continue
            if wanted is not None:
                out = node.out()
                if out is not None and id(out) in wanted:
                    _add_leaf_grad(leaf_grads, out, g)
            _check_versions(node)
            if hooks.ACTIVE:
                hooks.on_backward(node, g)
            for a in node.inputs:
                if type(a) is NDArray and a._node is None and a._grad_req is not None \
                        and id(a) not in leaf_grads:
                    leaf_grads[id(a)] = [a, None]     # reached: at least a zero gradient
            for i, a, gi in _input_grads(node, g, xp_diff, sum_to_shape):
                if a._node is not None:
                    _accumulate(grads, a._node, gi, create_graph)
                else:
                    _add_leaf_grad(leaf_grads, a, gi)
    if not retain_graph:
        for node in order:
            node.inputs = ()
            node.params = ()
            node.freed = True
    return leaf_grads


def _input_grads(node, g, xp_diff, sum_to_shape):
    """(index, input, gradient) for each input of `node` that needs a gradient."""
    op = node.op
    inputs = node.inputs
    needy = [i for i, a in enumerate(inputs) if needs_grad(a)]
    if not needy:
        return []
    out = node.out()
    if xp_diff is None:
        xp = node.inputs[needy[0]]._ctx.xp
        args = [a._data if isinstance(a, NDArray) else a for a in inputs]
        ans = out._data if out is not None else None
    else:
        xp = xp_diff
        args = list(inputs)
        ans = out if out is not None else None
    if op.vjp_all is not None:
        all_grads = op.vjp_all(xp, g, ans, *args, *node.params, **node.kwargs)
        pairs = [(i, all_grads[i]) for i in needy]
    else:
        pairs = [(i, op.vjp_each[i](xp, g, ans, *args, *node.params, **node.kwargs))
                 for i in needy]
    result = []
    for i, gi in pairs:
        if gi is None:
            continue
        a = inputs[i]
        result.append((i, a, sum_to_shape(gi, a._data.shape, a._data.dtype, xp_diff)))
    return result


def _write_leaf_grads(leaf_grads) -> None:
    for leaf, g in leaf_grads.values():
        buf = leaf._grad
        if buf is None or leaf._grad_req == "null":
            continue
        if g is None:
            if leaf._grad_req == "write":
                buf._data[...] = 0
            leaf._fresh_grad = True
            continue
        data = g._data if isinstance(g, NDArray) else g
        if leaf._grad_req == "add":
            buf._data += data
        else:
            buf._data[...] = data
        leaf._fresh_grad = True
        _root(buf)._version += 1


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
    if not any(leaf._grad_req in ("write", "add") for leaf, _ in leaf_grads.values()):
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

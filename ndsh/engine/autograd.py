"""autograd: MXNet's `mx.autograd` - recording and training modes, attach_grad, backward,
grad, mark_variables and Function. The graph itself is in ndsh.engine.graph, the backward pass
in ndsh.engine.backprop.
"""
from __future__ import annotations

from ndsh.engine import hooks
from ndsh.engine.backprop import backward_to_leaves, run_backward, write_leaf_grads
from ndsh.engine.function import Function
from ndsh.engine.graph import STATE, AutogradError, Scope
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.registry import OPS


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

    Parameters:
        is_recording: True to record, False to stop.

    Example:
        >>> autograd.set_recording(False)
        False
    """
    previous, STATE.recording = STATE.recording, bool(is_recording)
    return previous


def set_training(train_mode: bool) -> bool:
    """Turn training mode on or off; return the previous state.

    Parameters:
        train_mode: True for training mode, False for prediction mode.

    Example:
        >>> autograd.set_training(False)
        False
    """
    previous, STATE.training = STATE.training, bool(train_mode)
    return previous


def record(train_mode: bool = True):
    """A `with` block whose computations are recorded for `backward()`; training mode is on
    unless `train_mode=False`.

    Parameters:
        train_mode: training mode inside the block (Dropout drops); False: prediction mode.

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad()
        >>> with autograd.record():
        ...     y = 2 * x
        >>> y.backward(); x.grad
        <BLANKLINE>
        [2. 2.]
        <NDArray 2 @cpu(0)>
    """
    scope = _object_new(Scope)       # Scope(True, train_mode) without its __init__ frame
    scope.recording, scope.training = True, train_mode
    return scope


_object_new = object.__new__


def pause(train_mode: bool = False):
    """A `with` block inside `record()` whose computations are not recorded.

    Parameters:
        train_mode: training mode inside the block; False (the default): prediction mode.

    Example:
        >>> with autograd.record():
        ...     with autograd.pause():
        ...         print(autograd.is_recording())
        False
    """
    return Scope(False, train_mode)


def train_mode():
    """A `with` block in training mode (Dropout active); recording is unchanged.

    Example:
        >>> with autograd.train_mode():
        ...     print(autograd.is_training())
        True
    """
    return Scope(None, True)


def predict_mode():
    """A `with` block in prediction mode (Dropout is the identity); recording is unchanged.

    Example:
        >>> with autograd.predict_mode():
        ...     print(autograd.is_training())
        False
    """
    return Scope(None, False)


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

    Parameters:
        variables: an NDArray or a list of them.
        gradients: their gradient buffers, of the same shapes.
        grad_reqs: 'write', 'add' or 'null', one for all or a list.

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


def backward(heads, head_grads=None, retain_graph: bool = False, train_mode: bool = True):
    """Compute gradients of the heads with respect to the arrays with `attach_grad()`.

    A `None` head gradient means ones (the head is summed).

    Parameters:
        heads: an NDArray or a list of them, computed under record().
        head_grads: the heads' gradients, given as the heads are; None (or a None entry) means
            ones.
        retain_graph: keep the graph, to run backward over it again; by default it is freed.
        train_mode: the training mode the backward pass runs in (the mode ops such as Dropout see).

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad()
        >>> with autograd.record():
        ...     y1 = 2 * x; y2 = 3 * x
        >>> autograd.backward([y1, y2]); x.grad
        <BLANKLINE>
        [5. 5.]
        <NDArray 2 @cpu(0)>
    """
    leaf_grads = None
    if type(heads) is NDArray and head_grads is None and not retain_graph \
            and not hooks.ACTIVE and not hooks.KEEPS_GRAPH:
        leaf_grads = backward_to_leaves(heads, train_mode)     # y.backward(): the fast path
    if leaf_grads is None:
        if isinstance(heads, NDArray):
            heads = [heads]
            if isinstance(head_grads, NDArray):
                head_grads = [head_grads]
        leaf_grads = run_backward(heads, head_grads, retain_graph=retain_graph,
                                  train_mode=train_mode)
    if not leaf_grads:
        raise _no_gradient_inputs()
    write_leaf_grads(leaf_grads)
    if hooks.ACTIVE:
        hooks.on_backward_done(heads, leaf_grads)


def _no_gradient_inputs() -> AutogradError:
    """The error of a backward that reached no array with attach_grad()."""
    return AutogradError("There are no inputs in the computation graph that require "
                         "gradients: call attach_grad() (with grad_req 'write' or 'add') on "
                         "an input before recording.")


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph: bool = False,
         train_mode: bool = True):
    """The gradients of the heads with respect to `variables`, as a list; `.grad` is untouched.

    With `create_graph=True` the gradients are themselves recorded, so they can be
    differentiated again (higher-order gradients).

    Parameters:
        heads: an NDArray or a list of them, computed under record().
        variables: an NDArray or a list of them: the gradients' targets.
        head_grads: the heads' gradients, given as the heads are; None (or a None entry) means
            ones.
        retain_graph: keep the graph for another backward; None: as create_graph.
        create_graph: record the gradients, so that they can be differentiated again.
        train_mode: the training mode the backward pass runs in (the mode ops such as Dropout see).

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
        g = g if isinstance(g, NDArray) else new_array(g, v._ctx)
        if create_graph and g._node is None and STATE.recording:
            # a gradient that does not depend on v (a constant, zeros) stays in the graph, so
            # that its own gradient is zero instead of "not part of a recorded graph" (MXNet)
            g = OPS["nd._depends_on"].call(g, v)
        result.append(g)
    return result


def get_symbol(x):
    """MXNet's symbolic graph of x; ndsh has no Symbol API (use ndsh.graph(y) instead)."""
    raise NotImplementedError("autograd.get_symbol: ndsh has no Symbol API; use ndsh.graph(y) "
                              "to see the recorded graph")


__all__ = ["record", "pause", "train_mode", "predict_mode", "is_recording", "is_training",
           "set_recording", "set_training", "backward", "grad", "mark_variables", "Function",
           "AutogradError", "NDArray"]     # NDArray: MXNet's `from mxnet.autograd import *` has it

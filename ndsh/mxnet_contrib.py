"""`mx.contrib` inside ndsh: `mx.contrib.nd` (= nd.contrib) and MXNet's older autograd API,
`mx.contrib.autograd` (train_section, test_section, compute_gradient, grad_and_loss...), which
MXNet 1.9.1 still ships and some of its tests and old scripts use; here it runs on ndsh's
autograd."""
from __future__ import annotations

import functools
import types

from ndsh.engine import autograd, nd

mark_variables = autograd.mark_variables      # the same function in both APIs


def set_is_training(is_train: bool) -> bool:
    """Turn recording and training mode on or off together (the older API's one switch);
    returns the previous state.

    Example:
        >>> set_is_training(False)
        False
    """
    previous = autograd.is_training()
    autograd.set_training(is_train)
    autograd.set_recording(is_train)
    return previous


class TrainingStateScope:
    """A `with` block in (or out of) training and recording mode, as `set_is_training` sets
    them; the previous state comes back on exit.

    Example:
        >>> with TrainingStateScope(True):
        ...     print(autograd.is_recording(), autograd.is_training())
        True True
    """

    def __init__(self, enter_state: bool):
        self._enter_state, self._previous = enter_state, None

    def __enter__(self):
        self._previous = set_is_training(self._enter_state)
        return self

    def __exit__(self, *exc):
        if self._previous != self._enter_state:
            set_is_training(self._previous)
        return False


def train_section() -> TrainingStateScope:
    """A `with` block whose computations are recorded, in training mode (the older
    `autograd.record()`).

    Example:
        >>> x = nd.ones((2,)); g = nd.zeros((2,)); mark_variables([x], [g])
        >>> with train_section():
        ...     y = x * 3
        >>> compute_gradient([y]); g
        <BLANKLINE>
        [3. 3.]
        <NDArray 2 @cpu(0)>
    """
    return TrainingStateScope(True)


def test_section() -> TrainingStateScope:
    """A `with` block inside train_section that is neither recorded nor in training mode.

    Example:
        >>> with train_section():
        ...     with test_section():
        ...         print(autograd.is_recording())
        False
    """
    return TrainingStateScope(False)


def backward(outputs, out_grads=None, retain_graph: bool = False) -> None:
    """Compute the gradients of a list of outputs into their variables' gradient buffers.

    Example:
        >>> x = nd.ones((2,)); g = nd.zeros((2,)); mark_variables([x], [g])
        >>> with train_section():
        ...     y = x * x
        >>> backward([y]); g
        <BLANKLINE>
        [2. 2.]
        <NDArray 2 @cpu(0)>
    """
    if not isinstance(outputs, (list, tuple)):
        raise TypeError("contrib.autograd.backward: outputs must be a list or tuple of "
                        "NDArrays")
    autograd.backward(list(outputs), out_grads, retain_graph=retain_graph)


def compute_gradient(outputs) -> None:
    """The older name of `backward(outputs)`.

    Example:
        >>> x = nd.ones((1,)); g = nd.zeros((1,)); mark_variables([x], [g])
        >>> with train_section():
        ...     y = x + x
        >>> compute_gradient([y]); print(g.asscalar())
        2.0
    """
    backward(outputs)


def grad_and_loss(func, argnum=None):
    """A function computing `func`'s value and its gradients with respect to its arguments (or
    those numbered `argnum`): it returns (gradients, value).

    Example:
        >>> grads, loss = grad_and_loss(lambda a, b: a * b)(nd.array([2.]), nd.array([5.]))
        >>> print([float(g.asscalar()) for g in grads], float(loss.asscalar()))
        [5.0, 2.0] 10.0
    """
    @functools.wraps(func)
    def wrapped(*args):
        variables = args
        if argnum is not None:
            numbers = argnum if isinstance(argnum, list) else [argnum]
            variables = [args[i] for i in numbers]
        for x in variables:
            if not isinstance(x, nd.NDArray):
                raise TypeError(f"contrib.autograd.grad_and_loss: the arguments to "
                                f"differentiate must be NDArrays, not {type(x).__name__}")
        grads = [nd.zeros_like(x) for x in variables]
        autograd.mark_variables(list(variables), grads)
        with train_section():
            outputs = func(*args)
        compute_gradient([outputs] if isinstance(outputs, nd.NDArray) else outputs)
        return grads, outputs
    return wrapped


def grad(func, argnum=None):
    """A function computing `func`'s gradients with respect to its arguments (or those numbered
    `argnum`).

    Example:
        >>> print([float(g.asscalar()) for g in grad(lambda a: a * a)(nd.array([3.]))])
        [6.0]
    """
    with_loss = grad_and_loss(func, argnum)

    @functools.wraps(with_loss)
    def wrapped(*args):
        return with_loss(*args)[0]
    return wrapped


autograd_module = types.ModuleType(
    "mxnet.contrib.autograd", "MXNet's older autograd API, on ndsh's autograd.")
autograd_module.__dict__.update(
    set_is_training=set_is_training, TrainingStateScope=TrainingStateScope,
    train_section=train_section, test_section=test_section,
    mark_variables=mark_variables, backward=backward,
    compute_gradient=compute_gradient, grad_and_loss=grad_and_loss, grad=grad,
    NDArray=nd.NDArray, zeros_like=nd.zeros_like)
contrib_module = types.ModuleType("mxnet.contrib", "MXNet's contrib: nd (= nd.contrib), autograd.")
contrib_module.__dict__.update(nd=nd.contrib, ndarray=nd.contrib, autograd=autograd_module,
                               __path__=[])

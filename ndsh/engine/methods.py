"""NDArray's operators and the methods that run ops, bound to the class from the op table (and
from autograd and the indexing ops): ndarray.py itself stays a leaf that imports no op."""
from __future__ import annotations

import operator

import numpy as np

from ndsh.engine import autograd, dtypes, hooks, serialization
from ndsh.engine.backprop import backward_to_leaves, write_leaf_grads
from ndsh.engine.context import Context
from ndsh.engine.graph import STATE, write_into
from ndsh.engine.invoke import mark_view
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, move_to_context, new_array
from ndsh.engine.operators import make_inplace, make_operator
from ndsh.engine.ops import index
from ndsh.engine.ops.shape import _plain_reshape
from ndsh.engine.registry import NAMESPACES, OPS

_OPERATORS = {
    "add": ("__add__", "__radd__", "__iadd__"),
    "subtract": ("__sub__", "__rsub__", "__isub__"),
    "multiply": ("__mul__", "__rmul__", "__imul__"),
    "divide": ("__truediv__", "__rtruediv__", "__itruediv__"),
    "power": ("__pow__", "__rpow__", None),
    "modulo": ("__mod__", "__rmod__", "__imod__"),
    "equal": ("__eq__", None, None),
    "not_equal": ("__ne__", None, None),
    "greater": ("__gt__", None, None),
    "greater_equal": ("__ge__", None, None),
    "lesser": ("__lt__", None, None),
    "lesser_equal": ("__le__", None, None),
}


def reshape(self, *shape, **kwargs):
    """The same data in a new shape, sharing memory: `x.reshape((3, 4))`, `x.reshape(3, 4)`,
    `x.reshape(shape=(3, 4))`; MXNet's codes 0, -1, -2, -3, -4 and reverse=True work.

    Parameters:
        *shape: the new shape, as a tuple or as separate ints, with MXNet's codes 0, -1, -2, -3, -4.

    Example:
        >>> nd.arange(6).reshape(2, -1).shape
        (2, 3)
    """
    if len(shape) == 1 and not kwargs and shape[0].__class__ is tuple:
        view = _plain_reshape_view(self, shape[0])
        if view is not None:
            return view
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    elif not shape:
        shape = kwargs.pop("shape", None)
    return OPS["nd.reshape"].call(self, shape=shape, **kwargs)


def _plain_reshape_view(x, shape: tuple):
    """x.reshape(shape) for a plain shape (positive ints: d2l's `y.reshape(y_hat.shape)`) of a
    numpy array that records no node (not recording, or x needs no gradient), or None: the
    public call's result without its path (keyword building, the op's frame, the record
    check): the same view, marked as one (test_fast_paths_speed compares the two)."""
    data = x._data
    if data.__class__ is not _ndarray_type or hooks.ACTIVE or STATE.recording and (
            x._node is not None or x._grad_req is not None and x._grad_req != "null"):
        return None
    data = _plain_reshape(data, shape)
    if data is None:
        return None
    result = new_array(data, x._ctx)
    mark_view(result, x)
    return result


_ndarray_type = np.ndarray


def broadcast_to(self, shape):
    """This array broadcast to `shape`; as a method (unlike nd.broadcast_to) it first gives
    the array leading axes of size 1 when `shape` has more dimensions, as MXNet's does.

    Parameters:
        shape: the target shape; 0 keeps the array's size on that axis.

    Example:
        >>> nd.ones((1, 2)).broadcast_to((3, 1, 2)).shape
        (3, 1, 2)
    """
    shape = tuple(shape)
    array = self
    if len(shape) > self.ndim:
        array = OPS["nd.reshape"].call(self, shape=(1,) * (len(shape) - self.ndim) + self.shape)
    return OPS["nd.broadcast_to"].call(array, shape=shape)


def astype(self, dtype, copy=True):
    """This array converted to `dtype`; float to int truncates toward zero. With copy=False
    and the same dtype, the array itself.

    Parameters:
        dtype: the new element type ('float32', 'int32', np.float64...).
        copy: with False, an array already of that dtype comes back as itself.

    Example:
        >>> nd.array([1.7, -1.7]).astype('int32')
        <BLANKLINE>
        [ 1 -1]
        <NDArray 2 @cpu(0)>
    """
    if not copy and dtypes.normalize(dtype) == self._data.dtype:
        return self
    return OPS["nd.cast"].call(self, dtype=dtype)


def transpose_all(self):
    """The array with its axes reversed (a copy).

    Example:
        >>> nd.zeros((2, 3)).T.shape
        (3, 2)
    """
    return OPS["nd.transpose"].call(self)


def as_in_context(self, context: Context):
    """This array on `context`: itself when it is already there, else a copy.

    Parameters:
        context: the target context, e.g. nd.gpu(0).

    Example:
        >>> x = nd.ones((2,)); x.as_in_context(x.context) is x
        True
    """
    if self._ctx is context:
        return self
    return self.copyto(context)


def copyto(self, other):
    """Copy into `other`, an NDArray (its shape must match) or a Context (a new array).

    Parameters:
        other: an NDArray of the same shape to write into, or a Context.

    Example:
        >>> y = nd.zeros((2,)); _ = nd.ones((2,)).copyto(y); y
        <BLANKLINE>
        [1. 1.]
        <NDArray 2 @cpu(0)>
    """
    if isinstance(other, Context):
        return move_to_context(self, other)
    if isinstance(other, NDArray):
        if other.shape != self.shape:
            raise ValueError(f"copyto: the target has shape {other.shape} and the source "
                             f"{self.shape}; they must match")
        write_into(other, self._data if other._ctx is self._ctx
                   else move_to_context(self, other._ctx)._data, "copyto")
        return other
    raise TypeError(f"copyto does not support type {type(other).__name__}: give an NDArray "
                    f"or a context such as nd.cpu()")


def copy(self):
    """A deep copy on the same context.

    Example:
        >>> nd.ones((2,)).copy()
        <BLANKLINE>
        [1. 1.]
        <NDArray 2 @cpu(0)>
    """
    return move_to_context(self, self._ctx)


def attach_grad(self, grad_req: str = "write", stype=None) -> None:
    """Allocate a zero gradient buffer so `backward()` fills `x.grad`.

    Calling it on a result computed under `record` makes that result a new leaf: the graph
    above it is cut.

    Parameters:
        grad_req: 'write' (overwrite on each backward), 'add' (accumulate) or 'null' (none).
        stype: the gradient's storage type; only 'default' (dense) exists in ndsh.

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad(); x.grad
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>
    """
    autograd.attach_grad(self, grad_req)


def backward(self, out_grad=None, retain_graph: bool = False, train_mode: bool = True):
    """Compute the gradients of this array with respect to the arrays with `attach_grad()`.

    A non-scalar array is summed first (a head gradient of ones), unless `out_grad` gives
    the head gradient, which must have this array's shape.

    Parameters:
        out_grad: the head gradient, of this array's shape; None means ones.
        retain_graph: keep the graph, to run backward over it again; by default it is freed.
        train_mode: the training mode the backward pass runs in (the mode ops such as Dropout see).

    Example:
        >>> x = nd.array([1, 2, 3]); x.attach_grad()
        >>> with autograd.record():
        ...     y = (x * x).sum()
        >>> y.backward(); x.grad
        <BLANKLINE>
        [2. 4. 6.]
        <NDArray 3 @cpu(0)>
    """
    if out_grad is None and not retain_graph and not hooks.ACTIVE and not hooks.KEEPS_GRAPH:
        # autograd.backward's fast path, written here: `y.backward()` is once per step
        leaf_grads = backward_to_leaves(self, train_mode)
        if leaf_grads:
            write_leaf_grads(leaf_grads)
            return
        if leaf_grads is not None:
            raise autograd._no_gradient_inputs()
    autograd.backward(self, None if out_grad is None else [out_grad],
                      retain_graph=retain_graph, train_mode=train_mode)


class InplaceAxisError(ValueError, AssertionError):
    """A bad axis for expand_dims or squeeze with inplace=True: a ValueError, and the
    AssertionError MXNet's Python asserts raise there."""


def flatten(self, inplace: bool = False):
    """This array as 2-D, (d0, d1*...*dk): a copy, or with inplace=True a view sharing memory
    (`x.reshape((0, -1))`), as MXNet's NDArray.flatten.

    Parameters:
        inplace: return a view that shares this array's memory instead of a copy.

    Example:
        >>> x = nd.zeros((2, 3, 4)); y = x.flatten(inplace=True); y[:] = 1; x.sum()
        <BLANKLINE>
        [24.]
        <NDArray 1 @cpu(0)>
    """
    if not inplace:
        return OPS["nd.flatten"].call(self)
    return OPS["nd.reshape"].call(self, shape=(1, 1) if self.ndim == 0 else (0, -1))


def expand_dims(self, axis, inplace: bool = False):
    """This array with a new axis of size 1 at `axis`: a copy, or with inplace=True a view
    sharing memory (a reshape), as MXNet's NDArray.expand_dims.

    Parameters:
        axis: where the new axis goes, in [-ndim - 1, ndim].
        inplace: return a view that shares this array's memory instead of a copy.

    Example:
        >>> x = nd.zeros((2, 3)); y = x.expand_dims(1, inplace=True); y.shape
        (2, 1, 3)
        >>> y[:] = 1; x.sum()
        <BLANKLINE>
        [6.]
        <NDArray 1 @cpu(0)>
    """
    if not inplace:
        return OPS["nd.expand_dims"].call(self, axis=axis)
    ndim = self.ndim
    axis = operator.index(axis)
    if not -ndim - 1 <= axis <= ndim:
        raise InplaceAxisError(f"expand_dims: axis {axis} is out of range for a {ndim}-d "
                               f"array of shape {self.shape} (it must be in [{-ndim - 1}, "
                               f"{ndim}])")
    shape = list(self.shape)
    shape.insert(axis + ndim + 1 if axis < 0 else axis, 1)
    return OPS["nd.reshape"].call(self, shape=tuple(shape))


def squeeze(self, axis=None, inplace: bool = False):
    """This array without axes of size 1 (all, or those of `axis`): a copy, or with
    inplace=True a view sharing memory (a reshape), as MXNet's NDArray.squeeze. It never
    gives a 0-d array: (1, 1) -> (1,).

    Parameters:
        axis: an int or a tuple: the axes of size 1 to remove; None removes all of them.
        inplace: return a view that shares this array's memory instead of a copy.

    Example:
        >>> x = nd.zeros((1, 3, 1)); y = x.squeeze(inplace=True); y.shape
        (3,)
        >>> y[:] = 1; x.sum()
        <BLANKLINE>
        [3.]
        <NDArray 1 @cpu(0)>
    """
    if not inplace:
        return OPS["nd.squeeze"].call(self, axis=axis)
    return OPS["nd.reshape"].call(self, shape=_squeezed_shape(self.shape, axis))


def _squeezed_shape(shape: tuple, axis) -> tuple:
    """The shape without the axes of size 1 named by axis (all of them for None or ())."""
    if axis is None or (isinstance(axis, (tuple, list)) and not axis):
        return tuple(d for d in shape if d != 1) or (1,)
    axes = [operator.index(a) for a in (axis if isinstance(axis, (tuple, list)) else (axis,))]
    for a in axes:
        if not -len(shape) <= a < len(shape):
            raise InplaceAxisError(f"squeeze: axis {a} is out of range for a {len(shape)}-d "
                                   f"array of shape {shape}")
        if shape[a] != 1:
            raise InplaceAxisError(f"squeeze: axis {a} has size {shape[a]}, not 1, in shape "
                                   f"{shape}")
    resolved = {a % len(shape) for a in axes}
    if len(resolved) != len(axes):
        raise InplaceAxisError(f"squeeze: axis {tuple(axes)} names an axis twice (shape "
                               f"{shape})")
    return tuple(d for i, d in enumerate(shape) if i not in resolved) or (1,)


def dlpack_device(self):
    """(device type, device id) of the array's memory, for DLPack consumers (np.from_dlpack,
    torch.from_dlpack...): (1, 0) on the CPU, (2, i) on gpu(i)."""
    return self._data.__dlpack_device__()


def getstate(self) -> dict:
    """MXNet's pickled state of an NDArray: {'handle': the array as one record of MXNet's file
    layout} (ndsh itself pickles through __reduce__).

    Example:
        >>> x = nd.zeros((2,)); x.__setstate__(nd.arange(3).__getstate__()); x
        <BLANKLINE>
        [0. 1. 2.]
        <NDArray 3 @cpu(0)>
    """
    return {"handle": bytearray(serialization.array_to_bytes(self))}


def setstate(self, state: dict) -> None:
    """Become the array in an MXNet pickled state ({'handle': bytes}); a GPU array's state loads
    on the CPU, as MXNet does on a machine without GPUs."""
    array = serialization.array_from_bytes(state["handle"], "<NDArray state>")
    self._data, self._ctx = array._data, array._ctx


# written here, bound to NDArray below under the method's own name
_METHODS = {"reshape": reshape, "broadcast_to": broadcast_to, "astype": astype,
            "as_in_context": as_in_context, "copyto": copyto, "copy": copy,
            "attach_grad": attach_grad, "backward": backward,
            "flatten": flatten, "expand_dims": expand_dims, "squeeze": squeeze,
            "__dlpack_device__": dlpack_device,
            "__getitem__": index.getitem, "__setitem__": index.setitem,
            "__getstate__": getstate, "__setstate__": setstate}


# ops of the table that are methods too, where the op's own module does not say so
_TABLE_METHODS = ("shape_array", "size_array")


def attach_methods() -> None:
    for name, (forward, reflected, inplace) in _OPERATORS.items():
        record = OPS[f"nd.{name}"]
        setattr(NDArray, forward, make_operator(record))
        if reflected:
            setattr(NDArray, reflected, make_operator(record, reflected=True))
        if inplace:
            setattr(NDArray, inplace, make_inplace(record))
    NDArray.__neg__ = lambda self: OPS["nd.negative"].call(self)
    NDArray.__abs__ = lambda self: OPS["nd.abs"].call(self)
    for record in OPS.values():
        if record.method and record.namespace == "nd":
            # the op's public function is the method: x.exp() is nd.exp(x), no extra layer
            setattr(NDArray, record.method, record.call)
    for name in _TABLE_METHODS:
        setattr(NDArray, name, OPS[f"nd.{name}"].call)
    for name, function in _METHODS.items():
        if not name.startswith("__"):
            function.__qualname__ = f"NDArray.{name}"
        setattr(NDArray, name, function)
    transpose_all.__qualname__ = "NDArray.T"
    NDArray.T = property(transpose_all)
    NDArray.broadcast_axes = NDArray.broadcast_axis      # MXNet's NDArray has both names
    NDArray.__div__ = NDArray.__truediv__
    NAMESPACES.setdefault("NDArray", {})

"""The methods and operators of `mx.np.ndarray`, bound from the np functions (x.sum() is
np.sum(x), x + y is np.add(x, y)), and indexing (ndsh/mxnp/indexing.py: MXNet's memory rules
and boolean keys)."""
from __future__ import annotations

import numpy as onp

from ndsh.engine import NDArray, autograd
from ndsh.engine.context import Context
from ndsh.engine.mxnet_errors import MXNetError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp import compare, math, products, reduce, select, shape
from ndsh.mxnp.array import cast, mixing_error, ndarray, wrap
from ndsh.mxnp.indexing import getitem, setitem
from ndsh.mxnp.naming import missing_name, rename


# ----- operators --------------------------------------------------------------------------
def _operator(name: str, op_name: str, reflected: bool, compare: bool = False):
    def method(self, other):
        if isinstance(other, NDArray):
            raise mixing_error(f"np.{name}", other)
        if reflected:
            return math.binary(name, op_name, other, self, compare)
        return math.binary(name, op_name, self, other, compare)
    return method


def _floordiv(left, right):
    """a // b as NumPy gives it (MXNet 1.9.1's np arrays have no //: a departure)."""
    quotient = math.binary("floor_divide", "divide", left, right)
    floored = OPS["nd.floor"].call(quotient._nd)
    arrays = [v for v in (left, right) if isinstance(v, ndarray)]
    dtype = arrays[0].dtype
    for v in arrays[1:]:
        dtype = onp.promote_types(dtype, v.dtype) if dtype != v.dtype else dtype
    return wrap(cast(floored, dtype))


def _inplace(name: str, op_name: str):
    def method(self, other):
        result = math.binary(name, op_name, self, other)
        if result.shape != self.shape:
            raise ValueError(f"np.{name} in place: the result has shape {result.shape}, which "
                             f"cannot be written into the left operand's shape {self.shape}")
        result._nd.copyto(self._nd)
        return self
    return method


_OPERATORS = {"add": ("__add__", "__radd__", "__iadd__"),
              "subtract": ("__sub__", "__rsub__", "__isub__"),
              "multiply": ("__mul__", "__rmul__", "__imul__"),
              "divide": ("__truediv__", "__rtruediv__", "__itruediv__"),
              "power": ("__pow__", "__rpow__", None),
              "mod": ("__mod__", "__rmod__", "__imod__")}
_COMPARISONS = {"equal": "__eq__", "not_equal": "__ne__", "greater": "__gt__",
                "greater_equal": "__ge__", "less": "__lt__", "less_equal": "__le__"}


# ----- methods ----------------------------------------------------------------------------
def reshape(self, *newshape, order="C"):
    """The same elements in a new shape (a copy): `x.reshape(3, 4)` or `x.reshape((3, 4))`.

    Parameters:
        *newshape: the new shape, as a tuple or as separate ints; one may be -1.
        order: only 'C'.

    Example:
        >>> np.arange(6).reshape(2, 3).shape
        (2, 3)
    """
    if len(newshape) == 1 and isinstance(newshape[0], (tuple, list)):
        newshape = tuple(newshape[0])
    return shape.reshape(self, newshape, order)


def transpose(self, *axes):
    """The array with its axes permuted (reversed by default): `x.transpose(1, 0, 2)`.

    Parameters:
        *axes: a permutation, as a tuple or as separate ints.

    Example:
        >>> np.zeros((2, 3)).transpose().shape
        (3, 2)
    """
    if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
        axes = tuple(axes[0])
    return shape.transpose(self, axes or None)


def flatten(self, order="C"):
    """The elements as a 1-D array (a copy).

    Parameters:
        order: only 'C'.

    Example:
        >>> np.ones((2, 2)).flatten().shape
        (4,)
    """
    return shape.reshape(self, (-1,), order)


def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
    """This array converted to `dtype` (float to int truncates); with copy=False and the same
    dtype, the array itself.

    Parameters:
        dtype: the new element type.
        order: accepted for NumPy's sake.
        casting: accepted for NumPy's sake.
        subok: accepted for NumPy's sake.
        copy: with False, an array already of that dtype comes back as itself.

    Example:
        >>> np.array([1.7, -1.7]).astype('int32')
        array([ 1, -1], dtype=int32)
    """
    target = onp.dtype(dtype)
    if not copy and target == self.dtype:
        return self
    return wrap(OPS["nd.cast"].call(self._nd, dtype=target.name))


def copyto(self, other):
    """Copy into `other`, an np array of the same shape, or to a context (a new array).

    Parameters:
        other: an np array to write into, or a Context.

    Example:
        >>> y = np.zeros(2); _ = np.ones(2).copyto(y); y
        array([1., 1.])
    """
    if isinstance(other, ndarray):
        try:
            self._nd.copyto(other._nd)
        except MXNetError as error:
            rename(error, "ndarray.copyto")
            raise
        return other
    if isinstance(other, Context):
        return wrap(self._nd.copyto(other))
    raise mixing_error("copyto", other)


def as_in_ctx(self, ctx):
    """This array on `ctx`: itself when it is already there, else a copy.

    Parameters:
        ctx: the target context, e.g. npx.gpu(0).

    Example:
        >>> x = np.ones(2); x.as_in_ctx(x.ctx) is x
        True
    """
    return self if self.ctx == ctx else wrap(self._nd.copyto(ctx))


def as_in_context(self, context):
    """This array on `context` (MXNet's older name of as_in_ctx): a new np array over the same
    data when it is already there, else a copy.

    Parameters:
        context: the target context.

    Example:
        >>> x = np.ones(2); x.as_in_context(x.ctx).shape
        (2,)
    """
    return wrap(self._nd.as_in_context(context))


def attach_grad(self, grad_req="write"):
    """Allocate a zero gradient buffer, so that `backward()` fills `x.grad`.

    Parameters:
        grad_req: 'write' (overwrite on each backward), 'add' (accumulate) or 'null'.

    Example:
        >>> x = np.array([1.0, 2.0]); x.attach_grad()
        >>> with autograd.record():
        ...     y = (x * x).sum()
        >>> y.backward(); x.grad
        array([2., 4.])
    """
    self._nd.attach_grad(grad_req)


def backward(self, out_grad=None, retain_graph=False, train_mode=True):
    """Compute the gradients of this array with respect to the arrays with `attach_grad()`.

    Parameters:
        out_grad: the head gradient (an np array of this shape); None means ones.
        retain_graph: keep the graph to run backward over it again.
        train_mode: the training mode of the backward pass.

    Example:
        >>> x = np.array([3.0]); x.attach_grad()
        >>> with autograd.record():
        ...     y = x ** 2
        >>> y.backward(); x.grad
        array([6.])
    """
    head = None if out_grad is None else out_grad._nd
    autograd.backward([self._nd], None if head is None else [head],
                      retain_graph=retain_graph, train_mode=train_mode)


def detach(self):
    """A new array over the same data, cut from the recorded graph.

    Example:
        >>> np.ones(2).detach()
        array([1., 1.])
    """
    return wrap(self._nd.detach())


def wait_to_read(self):
    """Wait until the array's value is computed (ndsh is synchronous; on a GPU it syncs).

    Example:
        >>> np.ones(2).wait_to_read()
    """
    self._nd.wait_to_read()


def dot(self, b):
    """The dot product with `b` (np.dot(self, b)).

    Parameters:
        b: an np array.

    Example:
        >>> np.ones((2, 3)).dot(np.ones(3))
        array([3., 3.])
    """
    return products.dot(self, b)


def clip(self, min=None, max=None):  # noqa: A002  (numpy's names)
    """The values limited to [min, max] (np.clip).

    Parameters:
        min: the lower bound, or None.
        max: the upper bound, or None.

    Example:
        >>> np.array([-2.0, 3.0]).clip(0, 1)
        array([0., 1.])
    """
    return math.clip(self, min, max)


def _delegate(function, name):
    fname = f"np.{name}"

    def method(self, *args, **kwargs):
        try:
            return function(self, *args, **kwargs)
        except MXNetError as error:     # x.sum(axis=5) says np.sum, not the table's sum
            rename(error, fname)
            raise
    method.__name__ = name
    method.__qualname__ = f"ndarray.{name}"
    method.__doc__ = function.__doc__
    return method


_METHODS = {"reshape": reshape, "transpose": transpose, "flatten": flatten, "astype": astype,
            "copyto": copyto, "as_in_ctx": as_in_ctx, "as_in_context": as_in_context,
            "attach_grad": attach_grad, "backward": backward, "detach": detach,
            "wait_to_read": wait_to_read, "dot": dot, "clip": clip}
_DELEGATED = {"sum": reduce.sum, "mean": reduce.mean, "max": reduce.max, "min": reduce.min,
              "prod": reduce.prod, "std": reduce.std, "var": reduce.var,
              "argmax": reduce.argmax, "argmin": reduce.argmin, "all": reduce.all,
              "any": reduce.any, "cumsum": reduce.cumsum, "swapaxes": shape.swapaxes,
              "squeeze": shape.squeeze, "repeat": shape.repeat,
              "broadcast_to": shape.broadcast_to, "copy": select.copy, "sort": select.sort,
              "argsort": select.argsort, "take": select.take, "round": math.FUNCTIONS["round"],
              "nonzero": compare.nonzero}


NP_FUNCTIONS: frozenset = frozenset()     # mx.np's function names, filled in by ndsh.mxnp.np
# nd's methods that MXNet 1.9.1's np arrays lack and that have no np/npx function of the same
# name: the np spelling (x.asscalar() in d2l-zh's code is x.item() in d2l-en's)
ND_ONLY = {"asscalar": "x.item()", "size_array": "x.size (an int) or np.array(x.size)",
           "sum_axis": "x.sum(axis=...)", "norm": "np.linalg.norm(x)",
           "slice_axis": "indexing (x[:, begin:end]) or npx.slice(x, begin, end)",
           "broadcast_like": "np.broadcast_to(x, y.shape)",
           "reshape_like": "npx.reshape_like(x, y)", "pick": "npx.pick(x, index)"}


def missing_attribute(self, name: str):
    """x.NAME that MXNet's np arrays lack (x.exp(), x.relu()...): AttributeError, naming the
    function to use instead where there is one."""
    if name.startswith("__"):
        raise AttributeError(name)
    from ndsh.mxnp import npx
    hint = (f": use {ND_ONLY[name]}" if name in ND_ONLY else
            f": use np.{name}(x)" if name in NP_FUNCTIONS else
            f": use npx.{name}(x)" if name in npx.__all__ else "")
    raise missing_name(f"'mxnet.numpy.ndarray' object has no attribute {name!r} (as in MXNet "
                       f"1.9.1){hint}",
                       names_the_fix=bool(hint))


def attach() -> None:
    """Bind the operators and methods to ndarray (once, when mx.np is first imported)."""
    for name, (forward, backward_name, inplace) in _OPERATORS.items():
        op_name = math.BINARY[name]
        setattr(ndarray, forward, _operator(name, op_name, False))
        setattr(ndarray, backward_name, _operator(name, op_name, True))
        if inplace:
            setattr(ndarray, inplace, _inplace(name, op_name))
    for name, method in _COMPARISONS.items():
        setattr(ndarray, method, _operator(name, math.COMPARE[name], False, compare=True))
    ndarray.__floordiv__ = lambda self, other: _floordiv(self, other)
    ndarray.__rfloordiv__ = lambda self, other: _floordiv(other, self)
    ndarray.__neg__ = lambda self: math.FUNCTIONS["negative"](self)
    ndarray.__abs__ = lambda self: math.FUNCTIONS["abs"](self)
    ndarray.__pos__ = lambda self: self
    ndarray.__matmul__ = lambda self, other: products.matmul(self, other)
    ndarray.__rmatmul__ = lambda self, other: products.matmul(other, self)
    ndarray.__getitem__ = getitem
    ndarray.__setitem__ = setitem
    ndarray.__hash__ = lambda self: id(self)
    for name, method in _METHODS.items():
        method.__qualname__ = f"ndarray.{name}"
        setattr(ndarray, name, method)
    for name, function in _DELEGATED.items():
        setattr(ndarray, name, _delegate(function, name))
    ndarray.__getattr__ = missing_attribute

"""NDArray's operators and op methods, read from the op table."""
from __future__ import annotations

from ndsh.engine import dtypes
from ndsh.engine.invoke import make_inplace, make_operator
from ndsh.engine.ndarray import NDArray
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

    Example:
        >>> nd.arange(6).reshape(2, -1).shape
        (2, 3)
    """
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    elif not shape:
        shape = kwargs.pop("shape", None)
    return OPS["nd.reshape"].call(self, shape=shape, **kwargs)


def broadcast_to(self, shape):
    """This array broadcast to `shape`; as a method (unlike nd.broadcast_to) it first gives
    the array leading axes of size 1 when `shape` has more dimensions, as MXNet's does.

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

    Example:
        >>> nd.array([1.7, -1.7]).astype('int32')
        <BLANKLINE>
        [ 1 -1]
        <NDArray 2 @cpu(0)>
    """
    if not copy and dtypes.normalize(dtype) == self._data.dtype:
        return self
    return OPS["nd.cast"].call(self, dtype=dtype)


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
    NDArray.__hash__ = lambda self: id(self)
    for record in OPS.values():
        if record.method and record.namespace == "nd":
            # the op's public function is the method: x.exp() is nd.exp(x), no extra layer
            setattr(NDArray, record.method, record.call)
    NDArray.reshape = reshape
    NDArray.broadcast_to = broadcast_to
    NDArray.astype = astype
    NDArray.__div__ = NDArray.__truediv__
    NAMESPACES.setdefault("NDArray", {})

"""MXNet's np mode in gluon.data, mx.image and the vision transforms: after `npx.set_np()`,
MXNet 1.9.1's DataLoader batches, vision datasets, transforms and mx.image functions give
mx.np arrays. These helpers read the mode and convert through mx.np's public conversions
(`ndarray.as_nd_ndarray()` one way, `ndsh.mxnp.array.wrap` the other: no copy either way).

mx.np is loaded only by a program that uses it, so while it is not loaded np mode is off and
nothing here imports it.
"""
from __future__ import annotations

import functools
import sys

from ndsh.engine import NDArray

__all__ = ["np_mode", "is_np", "to_np", "to_nd", "np_in_np_out", "np_method", "NpImageBlock"]


def np_mode() -> bool:
    """Whether MXNet's np mode is on (`npx.set_np()` was called, `npx.reset_np()` was not).

    Example:
        >>> from ndsh.gluon.data.np_mode import np_mode
        >>> mx.npx.set_np(); np_mode()
        True
        >>> mx.npx.reset_np(); np_mode()
        False
    """
    npx = sys.modules.get("ndsh.mxnp.npx")
    return npx is not None and npx.is_np_array()


def is_np(value) -> bool:
    """Whether value is an mx.np array.

    Example:
        >>> from ndsh.gluon.data.np_mode import is_np
        >>> is_np(mx.np.ones(2)), is_np(nd.ones(2))
        (True, False)
    """
    array = sys.modules.get("ndsh.mxnp.array")
    return array is not None and type(value) is array.ndarray


def to_np(value):
    """An NDArray as an mx.np array over the same data (lists and tuples element by element;
    anything else is returned as it is).

    Example:
        >>> from ndsh.gluon.data.np_mode import to_np
        >>> type(to_np([nd.ones(2)])[0]).__name__
        'ndarray'
    """
    if isinstance(value, NDArray):
        from ndsh.mxnp.array import wrap
        return wrap(value)
    if isinstance(value, (list, tuple)):
        return type(value)(to_np(v) for v in value)
    return value


def to_nd(value):
    """An mx.np array as the engine NDArray under it (lists and tuples element by element;
    anything else is returned as it is).

    Example:
        >>> from ndsh.gluon.data.np_mode import to_nd
        >>> type(to_nd(mx.np.ones(2))).__name__
        'NDArray'
    """
    if is_np(value):
        return value.as_nd_ndarray()
    if isinstance(value, (list, tuple)):
        return type(value)(to_nd(v) for v in value)
    return value


def np_in_np_out(function, position: int = 0):
    """Decorate a function whose image is positional argument `position` (1 for a method):
    given an mx.np array there, it runs on the NDArray underneath (the other arguments
    converted too) and its NDArray results come back as mx.np arrays.

    Example:
        >>> from ndsh.gluon.data.np_mode import np_in_np_out
        >>> double = np_in_np_out(lambda x: x * 2)
        >>> type(double(mx.np.ones(2))).__module__, type(double(nd.ones(1))).__module__
        ('mxnet.numpy', 'ndsh.engine.ndarray')
    """
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if len(args) <= position or not is_np(args[position]):
            return function(*args, **kwargs)
        return to_np(function(*to_nd(args), **kwargs))
    return wrapper


def np_method(method):
    """np_in_np_out for a method: its image is the first argument after self.

    Example:
        >>> from ndsh.gluon.data.np_mode import np_method
        >>> class Crop:
        ...     @np_method
        ...     def __call__(self, x):
        ...         return x[:1]
        >>> Crop()(mx.np.ones((2, 2))).shape, type(Crop()(nd.ones((2, 2)))).__name__
        ((1, 2), 'NDArray')
    """
    return np_in_np_out(method, 1)


class NpImageBlock:
    """A mixin for the vision transforms (put it before Block or HybridBlock among the bases):
    an mx.np image goes through the transform as the NDArray underneath and comes back as an
    mx.np array, as MXNet's transforms return np arrays for np input.

    Example:
        >>> from ndsh.gluon.data.np_mode import NpImageBlock
        >>> class Twice(NpImageBlock, gluon.Block):
        ...     def forward(self, x):
        ...         return x * 2
        >>> type(Twice()(mx.np.ones((2, 2, 3)))).__module__
        'mxnet.numpy'
    """

    def forward(self, x, *args):
        if is_np(x):
            return to_np(super().forward(x.as_nd_ndarray(), *to_nd(args)))
        return super().forward(x, *args)

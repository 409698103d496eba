"""Where the engine meets mx.np arrays: `NDArray.as_np_ndarray()` and `autograd.backward` /
`autograd.grad` / `autograd.mark_variables` given np arrays, as in MXNet 1.9.1.

The engine imports nothing outside engine/, so it cannot know np arrays. This module, run once
when mx.np or mx.npx is first loaded (np.py and npx.py import it), provides them:

- `as_np_ndarray`, what the engine's `NDArray.as_np_ndarray` method calls (through the
  converter ndsh/__init__.py gives the engine): an np array over the same NDArray, no copy,
  shared gradient;
- `autograd.backward`, `autograd.grad` and `autograd.mark_variables` replaced on the engine's
  autograd module (what `mx.autograd` is) by functions that hand the engine the NDArrays under
  any np arrays and otherwise call the originals. `autograd.grad` returns legacy NDArrays, as
  MXNet 1.9.1's does for np arrays too.

A program that never loads mx.np runs the engine's functions untouched.
"""
from __future__ import annotations

import functools

from ndsh.engine import NDArray, autograd
from ndsh.mxnp.array import ndarray, wrap

__all__ = ["as_np_ndarray", "unwrap_np"]


def unwrap_np(value):
    """The NDArray under an np array, element by element in lists and tuples; the rest as is.

    Example:
        >>> from ndsh.mxnp.convert import unwrap_np
        >>> x = np.ones(2); unwrap_np([x])[0] is x.as_nd_ndarray()
        True
    """
    if type(value) is ndarray:
        return value._nd
    if isinstance(value, (list, tuple)):
        return type(value)(unwrap_np(v) for v in value)
    return value


def as_np_ndarray(self: NDArray) -> ndarray:
    """This NDArray as an `mx.np.ndarray` over the same memory and autograd state (no copy).

    Example:
        >>> x = mx.nd.ones((2,)); y = x.as_np_ndarray(); y[0] = 5; x.asnumpy()
        array([5., 1.], dtype=float32)
    """
    return wrap(self)


def _np_aware(function):
    @functools.wraps(function)
    def call(*args, **kwargs):
        return function(*unwrap_np(args), **{k: unwrap_np(v) for k, v in kwargs.items()})
    call.__wrapped_engine__ = function
    return call


def _install() -> None:
    for name in ("backward", "grad", "mark_variables"):
        function = getattr(autograd, name)
        if not hasattr(function, "__wrapped_engine__"):
            setattr(autograd, name, _np_aware(function))


_install()

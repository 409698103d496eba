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
  MXNet 1.9.1's does for np arrays too;
- `autograd.Function` called with np arrays (its `__call__` replaced the same way): as in
  MXNet 1.9.1, `forward` gets the np arrays given and its np results come back, and `backward`
  gets the output gradients as legacy NDArrays (MXNet's backward_entry makes them) and may
  return NDArrays or np arrays.

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


def _np_backward(backward):
    """A Function's backward whose np results reach the engine as the NDArrays under them."""
    @functools.wraps(backward)
    def call(*output_grads):
        grads = backward(*output_grads)
        return grads._nd if type(grads) is ndarray else unwrap_np(grads)
    call.__np_backward__ = True
    return call


def _np_function(engine_call):
    """autograd.Function.__call__ for np inputs: the engine records the NDArrays under them;
    forward sees the np arrays as given and the caller gets forward's own results back."""
    @functools.wraps(engine_call)
    def call(self, *inputs):
        if not any(type(a) is ndarray for a in inputs):
            return engine_call(self, *inputs)
        forward, results = self.forward, []

        def engine_forward(*_):
            results.append(forward(*inputs))
            out = results[0]
            return out._nd if type(out) is ndarray else unwrap_np(out)

        if not getattr(self.backward, "__np_backward__", False):
            self.backward = _np_backward(self.backward)
        self.forward = engine_forward
        try:
            engine_call(self, *unwrap_np(inputs))
        finally:
            del self.forward
        return results[0]
    call.__wrapped_engine__ = engine_call
    return call


def _install() -> None:
    for name in ("backward", "grad", "mark_variables"):
        function = getattr(autograd, name)
        if not hasattr(function, "__wrapped_engine__"):
            setattr(autograd, name, _np_aware(function))
    if not hasattr(autograd.Function.__call__, "__wrapped_engine__"):
        autograd.Function.__call__ = _np_function(autograd.Function.__call__)


_install()

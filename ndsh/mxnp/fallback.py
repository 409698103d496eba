"""The functions MXNet 1.9.1's np interface hands to NumPy itself (`mxnet/numpy/fallback.py`):
nan-reductions (nanmax, nanmedian...), set operations (intersect1d, union1d, isin...), interp,
searchsorted, digitize, the polynomials, histogram2d, take_along_axis and the rest.

As in MXNet, each runs NumPy's function on the host: np arrays among the arguments (also inside
lists and tuples, and as keyword values) go in as NumPy arrays, and NumPy arrays in the result
come back as np arrays on the first input's context, in NumPy's dtype (np.interp gives float64);
NumPy scalars and Python values come back as they are. With no np array among the arguments
the result is NumPy's, unconverted. Under `autograd.record()` they refuse, as MXNet's do: they
have no gradient. Names NumPy 2 dropped (alltrue, msort, trapz, in1d...) run their NumPy 2
spelling; the financial functions (npv, pv, rate...) say that NumPy removed them, as in MXNet.
"""
from __future__ import annotations

import inspect

import numpy as onp

from ndsh.engine import autograd
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import fresh_shape, ndarray, wrap
from ndsh.mxnp.fallback_docs import EXAMPLES, LINALG_EXAMPLES

# MXNet 1.9.1's fallback names that ndsh had no function for (allclose, argwhere, isclose,
# count_nonzero, ndim, size, positive, array_equal are ndsh's own, composed of the table's ops)
NAMES = tuple(EXAMPLES)

# NumPy 2 removed these; MXNet 1.9.1 (on NumPy 1.23) runs the old names
_RENAMED = {
    "alltrue": (onp.all, "numpy.all", "Whether all the elements are true (NumPy's old name of "
                                      "all)."),
    "msort": (lambda a: onp.sort(a, axis=0), "numpy.sort(a, axis=0)",
              "A copy of the array sorted along its first axis."),
    "trapz": (getattr(onp, "trapezoid", None) or getattr(onp, "trapz", None), "numpy.trapezoid",
              "The integral along an axis by the composite trapezoidal rule."),
    "in1d": (lambda ar1, ar2, assume_unique=False, invert=False:
             onp.isin(ar1, ar2, assume_unique=assume_unique, invert=invert).ravel(),
             "numpy.isin(...).ravel()",
             "Whether each element of the first array (flattened) is in the second."),
}
# NumPy 1.23 (MXNet's) computes the bin edges of a float32 sample in float64; NumPy 2 keeps
# float32 (NEP 50): the sample arguments go in as float64, as good as NumPy 1's (exact casts)
_SAMPLES = {"histogram2d": ("x", "y"), "histogramdd": ("sample",)}
# removed from NumPy 1.20 (NEP 32): MXNet 1.9.1 lists them, and calling one fails
FINANCIAL = ("mirr", "npv", "ppmt", "pv", "rate")


def _to_host(value, ctxs: list):
    if type(value) is ndarray:
        ctxs.append(value._nd._ctx)
        return value._nd.asnumpy()
    if isinstance(value, (list, tuple)):
        return type(value)(_to_host(v, ctxs) for v in value)
    return value


def _to_np(value, ctx, name: str):
    """NumPy's result as MXNet's fallback gives it back (`_as_mx_np_array`)."""
    if isinstance(value, onp.ndarray):
        host = onp.asarray(value, order="C")
        return wrap(fresh_shape(OPS["nd.array"].call(host, ctx=ctx, dtype=host.dtype),
                                host.shape))
    if isinstance(value, (bool, int, float, complex, onp.generic)):
        return value
    if isinstance(value, list):
        return [_to_np(v, ctx, name) for v in value]
    if isinstance(value, tuple):       # NumPy 2's named results (QRResult...): NumPy 1's tuple
        return tuple(_to_np(v, ctx, name) for v in value)
    raise TypeError(f"{name} gave a {type(value).__name__}, which MXNet's fallback to NumPy "
                    f"cannot turn into an np array (as in MXNet 1.9.1): call NumPy's "
                    f"{name[name.index('.') + 1:]} on x.asnumpy() for its answer")


def _fallback(name: str, where: str = "np", examples: dict = EXAMPLES):
    """mx.np.NAME (where='np') or mx.np.linalg.NAME (where='np.linalg') over NumPy's."""
    numpy_module, numpy_name = (onp, "numpy") if where == "np" else (onp.linalg, "numpy.linalg")
    numpy_function, spelled, summary = _RENAMED.get(
        name, (getattr(numpy_module, name, None), f"{numpy_name}.{name}", ""))
    qualified = f"{where}.{name}"

    def function(*args, **kwargs):
        ctxs: list = []
        host_args = _to_host(args, ctxs)
        host_kwargs = {k: (_to_host(v, ctxs) if type(v) is ndarray else v)
                       for k, v in kwargs.items()}
        if not ctxs:                  # no np array: NumPy's own answer, as in MXNet
            return numpy_function(*host_args, **host_kwargs)
        if name in _SAMPLES:
            host_args, host_kwargs = _float64_samples(name, host_args, host_kwargs)
        if autograd.is_recording():
            raise ValueError(
                f"{qualified} falls back to NumPy ({spelled}), which has no gradient: MXNet "
                f"refuses it with autograd active, and so does ndsh. Move it out of the "
                f"`with autograd.record():` block (or into `with autograd.pause():`)")
        return _to_np(numpy_function(*host_args, **host_kwargs), ctxs[0], qualified)

    code, output = examples[name]
    summary = summary or _summary(numpy_function.__doc__ or "", name)
    function.__doc__ = (
        f"{summary}\n\n    MXNet 1.9.1 hands {qualified} to NumPy ({spelled}) and so does ndsh: "
        f"on the host, np\n    arrays in and out (on the first input's context, in NumPy's "
        f"dtype), no gradient.\n\n    Parameters:\n        as {spelled}'s.\n\n"
        f"    Example:\n        >>> {code}\n" +
        "".join(f"        {line}\n" for line in output.splitlines()) + "    ")
    function.__name__ = function.__qualname__ = name
    function.__module__ = __name__
    try:
        function.__signature__ = inspect.signature(numpy_function)   # NumPy's parameters
    except (TypeError, ValueError):
        pass
    return function


def _float64_samples(name: str, args: tuple, kwargs: dict) -> tuple:
    """histogram2d's x, y and histogramdd's sample as float64 where they are shorter floats."""
    def widen(value):
        if isinstance(value, onp.ndarray) and value.dtype.kind == "f" and value.itemsize < 8:
            return value.astype(onp.float64)
        if isinstance(value, (list, tuple)):
            return type(value)(widen(v) for v in value)
        return value
    count = len(_SAMPLES[name])
    return (tuple(widen(a) if i < count else a for i, a in enumerate(args)),
            {k: widen(v) if k in _SAMPLES[name] else v for k, v in kwargs.items()})


def _summary(doc: str, name: str) -> str:
    """NumPy's first sentence for the function, as one line."""
    lines = []
    for line in doc.strip().splitlines():
        if not line.strip():
            if lines:
                break
            continue
        lines.append(line.strip())
    text = " ".join(lines) or f"numpy.{name}"
    text = text.split(". ")[0].strip().rstrip(".")
    return text + "."


def _financial(name: str):
    def function(*args, **kwargs):
        raise RuntimeError(
            f"In accordance with NEP 32, the function {name} was removed from NumPy version "
            f"1.20. A replacement for this function is available in the numpy_financial "
            f"library: https://pypi.org/project/numpy-financial (MXNet 1.9.1's np.{name} "
            f"fails the same way)")
    function.__name__ = function.__qualname__ = name
    function.__module__ = __name__
    function.__doc__ = (
        f"numpy.{name}, a financial function NumPy removed in 1.20 (NEP 32): MXNet 1.9.1 lists\n"
        f"    np.{name} and fails when it is called; so does ndsh (numpy_financial has it).\n\n"
        f"    Example:\n        >>> np.{name}(0.1, [1.0])\n"
        f"        Traceback (most recent call last):\n        ...\n"
        f"        RuntimeError: In accordance with NEP 32, the function {name} was removed "
        f"...\n    ")
    return function


FUNCTIONS = {name: _fallback(name) for name in NAMES}
FUNCTIONS.update({name: _financial(name) for name in FINANCIAL})
# MXNet 1.9.1's np.linalg hands these to numpy.linalg (mxnet/numpy/fallback_linalg.py)
LINALG = {name: _fallback(name, "np.linalg", LINALG_EXAMPLES) for name in LINALG_EXAMPLES}

"""The streams behind `nd.random`: one generator per device, made from the last
`nd.random.seed(n)` (repeatable runs; ndsh's streams are its own and do not reproduce MXNet's
numbers), and `_sample`, the path every sampler of random_distributions.py takes: the argument
forms MXNet accepts (numbers or NDArrays as parameters, shape, dtype, ctx, out).
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import dtypes
from ndsh.engine.context import Context, current_context
from ndsh.engine.define import op
from ndsh.engine.invoke import write_out
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array

_generators: dict = {}
_seed: list = [None]

_FLOATS = ("float16", "float32", "float64")
_STREAMS = ("The numbers are ndsh's own: nd.random.seed(n) makes runs repeatable, but they do "
            "not reproduce MXNet's streams.")


def _sampler(**kwargs):
    """Register a function of nd.random in the table (drawn values have no gradient)."""
    return op(kind="function", grad=False, namespace="nd.random", **kwargs)


def _generator_key(ctx: Context) -> tuple:
    """Which generator draws for ctx: one per GPU, one for dask(0) (a dask.array Generator:
    lazy draws, chunk by chunk on the cluster), one for the host (cpu(i), cpu_pinned...)."""
    kind = ctx.device_type
    if kind == "gpu":
        return ("gpu", ctx.device_id)
    return ("dask", 0) if kind == "dask" else ("cpu", 0)


def _generator(ctx: Context):
    """One generator per device, created from the last seed (or fresh entropy)."""
    key = _generator_key(ctx)
    gen = _generators.get(key)
    if gen is None:
        seed = _seed[0]
        gen = ctx.xp.random.default_rng(seed if seed is None else seed + 7919 * key[1])
        _generators[key] = gen
    return gen


@_sampler()
def seed(seed_state, ctx="all"):
    """Seed the random generators so that later draws repeat exactly.

    Parameters:
        seed_state: an int: the same seed gives the same draws.
        ctx: the device whose generator to seed, or 'all' (the default).

    Example:
        >>> nd.random.seed(42); a = nd.random.uniform(shape=(2,))
        >>> nd.random.seed(42); b = nd.random.uniform(shape=(2,))
        >>> (a == b).sum().asscalar()
        2.0
    """
    if isinstance(seed_state, bool) or not isinstance(seed_state, (int, np.integer)):
        raise ValueError(f"random.seed: seed_state must be an int, not "
                         f"{type(seed_state).__name__} {seed_state!r}")
    _seed[0] = int(seed_state) % (1 << 64)     # MXNet takes any int; numpy wants 0 <= seed
    if ctx == "all":
        _generators.clear()
    else:
        _generators.pop(_generator_key(Context(ctx)), None)


def _require(name: str, what: str, value, holds: bool, rule: str) -> None:
    """Refuse a number as a distribution parameter where MXNet does (NDArray parameters are
    not checked, in MXNet either)."""
    if not isinstance(value, NDArray) and not holds:
        raise ValueError(f"{name}: {what} must be {rule}, got {value}")


def _out_shape(shape, params):
    base = () if shape is None else ((int(shape),) if isinstance(shape, (int, np.integer))
                                     else tuple(shape))
    arrays = [p for p in params if isinstance(p, NDArray)]
    if arrays:
        return arrays[0].shape + base
    return base or (1,)


def _param(value, ctx, extra_dims):
    """A distribution parameter as a scalar, or an NDArray broadcast over the sample dims."""
    if isinstance(value, NDArray):
        data = value._data
        return data.reshape(data.shape + (1,) * extra_dims)
    return value


def _sample(name, draw, params, shape, dtype, ctx, out, float_only=True, default="float32"):
    arrays = [p for p in params if isinstance(p, NDArray)]
    ctx = Context(ctx) if ctx is not None else (arrays[0].context if arrays
                                                 else current_context())
    if out is not None:
        shape = out.shape if shape is None else shape
    dt = dtypes.normalize(dtype, default=default)
    if float_only and dt.name not in _FLOATS:
        raise TypeError(f"random.{name}: dtype must be one of {', '.join(_FLOATS)}, "
                        f"not {dt.name}")
    full_shape = _out_shape(shape, params)
    extra = len(full_shape) - (arrays[0].ndim if arrays else 0)
    values = [_param(p, ctx, extra) for p in params]
    gen = _generator(ctx)
    data = draw(gen, ctx.xp, full_shape, *values).astype(dt, copy=False)
    if data.__class__ is not np.ndarray:
        data = ctx.xp.asarray(data)          # dask: the draw's graph as the NDArray's buffer
    result = new_array(data, ctx)
    return write_out(f"random.{name}", out, result) if out is not None else result

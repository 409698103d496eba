"""Random sampling, `nd.random.*`: the argument forms MXNet accepts, and repeatable runs after
`nd.random.seed(n)` (ndsh's streams are its own: they do not reproduce MXNet's numbers)."""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend, dtypes
from ndsh.engine.context import Context, current_context
from ndsh.engine.define import op
from ndsh.engine.invoke import write_out
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, array_on, new_array

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


@_sampler(departs=_STREAMS, aliases=("nd.random_normal", "nd.normal"))
def normal(loc=0, scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from a normal distribution N(loc, scale**2); with no shape, one sample of
    shape (1,). loc and scale may be NDArrays (the result is then loc.shape + shape).

    Parameters:
        loc: the mean, a number or an NDArray.
        scale: the standard deviation, a number or an NDArray.
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> nd.random.normal(0, 1, shape=(2, 3)).shape
        (2, 3)
    """
    _require("random.normal", "scale", scale, isinstance(scale, NDArray) or scale > 0, "positive")
    def draw(gen, xp, shape, loc, scale):
        return gen.standard_normal(shape, dtype=np.float32) * scale + loc
    return _sample("normal", draw, (loc, scale), shape, dtype, ctx, out)


@_sampler(departs=_STREAMS, aliases=("nd.random_uniform", "nd.sample_uniform", "nd.uniform"))
def uniform(low=0, high=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from the uniform distribution on [low, high); the third positional argument is
    the shape (`nd.random.uniform(0, 1, X.shape)`).

    Parameters:
        low: the lower bound (included), a number or an NDArray.
        high: the upper bound (excluded), a number or an NDArray.
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> x = nd.random.uniform(2, 3, shape=(100,)); bool(x.min() >= 2) and bool(x.max() < 3)
        True
    """
    _require("random.uniform", "low", low, isinstance(high, NDArray) or isinstance(low, NDArray)
             or low <= high, f"at most high ({high})")
    def draw(gen, xp, shape, low, high):
        return gen.random(shape, dtype=np.float32) * (high - low) + low
    return _sample("uniform", draw, (low, high), shape, dtype, ctx, out)


@_sampler(departs=_STREAMS)
def randn(*shape, loc=0, scale=1, dtype=None, ctx=None, **kwargs):
    """Standard normal samples of the given dimensions: `nd.random.randn(2, 3)`.

    Parameters:
        *shape: the dimensions, as separate ints.
        loc: the mean.
        scale: the standard deviation.
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> nd.random.randn(2, 3).shape
        (2, 3)
    """
    return normal(loc, scale, shape=shape or None, dtype=dtype, ctx=ctx)


@_sampler(departs=_STREAMS, aliases=("nd.random_randint",))
def randint(low, high, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Random integers in [low, high), int32 by default.

    Parameters:
        low: the smallest value.
        high: the bound, excluded.
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'int32' (the default) or 'int64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> x = nd.random.randint(0, 3, shape=(50,)); x.dtype, bool(x.max() < 3)
        (<class 'numpy.int32'>, True)
    """
    def draw(gen, xp, shape, low, high):
        return gen.integers(low, high, size=shape)
    return _sample("randint", draw, (low, high), shape, dtype, ctx, out, float_only=False,
                   default="int32")


@_sampler(departs=_STREAMS)
def exponential(scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from an exponential distribution with mean `scale`.

    Parameters:
        scale: the mean (1 / the rate), a number or an NDArray.
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> nd.random.exponential(2, shape=(3,)).shape
        (3,)
    """
    _require("random.exponential", "scale", scale, isinstance(scale, NDArray) or scale > 0,
             "positive")
    def draw(gen, xp, shape, scale):
        return gen.exponential(1.0, size=shape) * scale
    return _sample("exponential", draw, (scale,), shape, dtype, ctx, out)


@_sampler(departs=_STREAMS, aliases=("nd.random_gamma", "nd.sample_gamma"))
def gamma(alpha=1, beta=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from a gamma distribution with shape `alpha` and scale `beta`.

    Parameters:
        alpha: the shape parameter, a number or an NDArray.
        beta: the scale parameter, a number or an NDArray.
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> nd.random.gamma(2, 1, shape=(3,)).shape
        (3,)
    """
    _require("random.gamma", "alpha", alpha, isinstance(alpha, NDArray) or alpha > 0, "positive")
    _require("random.gamma", "beta", beta, isinstance(beta, NDArray) or beta > 0, "positive")
    def draw(gen, xp, shape, alpha, beta):
        return gen.gamma(alpha, size=shape) * beta
    return _sample("gamma", draw, (alpha, beta), shape, dtype, ctx, out)


@_sampler(departs=_STREAMS, aliases=("nd.random_poisson", "nd.sample_poisson"))
def poisson(lam=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from a Poisson distribution with rate `lam` (as floats).

    Parameters:
        lam: the rate (the mean), a number or an NDArray.
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> nd.random.poisson(3, shape=(4,)).shape
        (4,)
    """
    _require("random.poisson", "lam", lam, isinstance(lam, NDArray) or lam >= 0, "non-negative")
    def draw(gen, xp, shape, lam):
        return gen.poisson(lam, size=shape)
    return _sample("poisson", draw, (lam,), shape, dtype, ctx, out)


@_sampler(departs=_STREAMS, aliases=("nd.random_negative_binomial", "nd.sample_negative_binomial"))
def negative_binomial(k=1, p=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from a negative binomial distribution: failures before `k` successes with
    success probability `p`.

    Parameters:
        k: the number of successes to wait for.
        p: the probability of a success.
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> nd.random.negative_binomial(3, 0.5, shape=(4,)).shape
        (4,)
    """
    def draw(gen, xp, shape, k, p):
        if hasattr(gen, "negative_binomial"):
            return gen.negative_binomial(k, p, size=shape)
        # CuPy's Generator has no negative_binomial: a Poisson whose rate is Gamma(k, (1-p)/p)
        # has the same distribution
        return gen.poisson(gen.gamma(k, size=shape) * ((1 - p) / p))
    return _sample("negative_binomial", draw, (k, p), shape, dtype, ctx, out)


@_sampler(departs=_STREAMS, aliases=("nd.random_generalized_negative_binomial",
                                             "nd.sample_generalized_negative_binomial"))
def generalized_negative_binomial(mu=1, alpha=1, shape=None, dtype=None, ctx=None, out=None,
                                  **kwargs):
    """Samples from a negative binomial distribution with mean `mu` and dispersion `alpha`.

    Parameters:
        mu: the mean.
        alpha: the dispersion (the variance is mu + alpha * mu**2).
        shape: the shape of the samples, an int or a tuple; after the parameters' shape when they
            are NDArrays. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the parameters' context (NDArrays) or the current one.

    Example:
        >>> nd.random.generalized_negative_binomial(2, 0.5, shape=(4,)).shape
        (4,)
    """
    for what, value in (("mu", mu), ("alpha", alpha)):
        _require("random.generalized_negative_binomial", what, value,
                 isinstance(value, NDArray) or value >= 0, "non-negative")
    def draw(gen, xp, shape, mu, alpha):
        # alpha 0 is the Poisson limit (MXNet takes it); elsewhere a gamma-Poisson mixture
        safe = xp.where(alpha > 0, alpha, 1.0)
        lam = xp.where(alpha > 0, gen.gamma(1.0 / safe, size=shape) * (mu * safe), mu)
        return gen.poisson(xp.broadcast_to(lam, shape))
    return _sample("generalized_negative_binomial", draw, (mu, alpha), shape, dtype, ctx, out)


@_sampler(departs=_STREAMS)
def shuffle(data, **kwargs):
    """A new array with the rows (axis 0) of `data` in random order; data is unchanged.

    Parameters:
        data: the array whose rows to shuffle.

    Example:
        >>> nd.random.shuffle(nd.arange(4)).sort()
        <BLANKLINE>
        [0. 1. 2. 3.]
        <NDArray 4 @cpu(0)>
    """
    order = _generator(Context("cpu", 0)).permutation(data.shape[0])  # host: any backend
    xp = data.context.xp
    if getattr(xp, "IS_DASK", False):     # a host index: dask gathers the rows lazily
        return new_array(xp.asarray(data._data[order]), data.context)
    return new_array(data._data[xp.asarray(order)], data.context)


@_sampler(aliases=("nd.sample_multinomial",))
def multinomial(data, shape=None, get_prob=False, out=None, dtype="int32", **kwargs):
    """Draw category indices from the probabilities in the last axis of `data`; with
    get_prob=True also return the log-probabilities of the draws.

    Parameters:
        data: the probabilities of the categories, on the last axis (each row is normalised).
        shape: how many draws per row, an int or a tuple; None: one.
        get_prob: also return the log-probability of each draw.
        dtype: the dtype of the drawn indices.

    Example:
        >>> nd.random.multinomial(nd.array([0, 0, 1])).asscalar()
        2
    """
    probs = backend.to_numpy(data._data).astype(np.float64)
    count = 1 if shape is None else int(np.prod((shape,) if isinstance(shape, int) else shape))
    gen = _generator(Context("cpu", 0))
    flat = probs.reshape(-1, probs.shape[-1])
    out_dtype = dtypes.normalize(dtype)
    limit = np.iinfo(out_dtype).max if out_dtype.kind in "iu" else None
    if limit is not None and flat.shape[1] - 1 > limit:
        raise ValueError(f"random.multinomial: {flat.shape[1]} classes cannot be told apart "
                         f"in dtype {out_dtype.name} (at most {limit + 1}); choose a wider dtype")
    totals = flat.sum(axis=1, keepdims=True)
    if not (np.isfinite(totals).all() and (totals > 0).all() and (flat >= 0).all()):
        raise ValueError(f"random.multinomial: every row of data {data.shape} must hold "
                         f"non-negative probabilities with a positive sum")
    flat = flat / totals
    draws = np.stack([gen.choice(flat.shape[1], size=count, p=row) for row in flat])
    extra = () if shape is None else ((shape,) if isinstance(shape, int) else tuple(shape))
    draws = draws.reshape(probs.shape[:-1] + extra) if extra or probs.ndim > 1 \
        else draws.reshape(1) if probs.ndim == 1 else draws
    result = array_on(draws, data.context, dtype=dtypes.normalize(dtype))
    if out is not None:
        result = write_out("random.multinomial", out, result)
    if not get_prob:
        return result
    # log data[draw], with recorded ops: MXNet's second output has a gradient with respect to
    # data (1/p at each drawn class), and it takes data as given, not normalised
    from ndsh.engine.ops.elementwise import log
    from ndsh.engine.ops.index import pick
    from ndsh.engine.ops.shape import broadcast_to, reshape
    batch = data.shape[:-1]
    samples = draws.shape[len(batch):]
    spread = reshape(data, shape=batch + (1,) * len(samples) + data.shape[-1:])
    spread = broadcast_to(spread, shape=draws.shape + data.shape[-1:])
    picked = pick(spread, array_on(draws, data.context, dtype=data._data.dtype), axis=-1)
    return [result, log(picked)]     # MXNet returns a list


def _like(name, sampler):
    def like(data=None, *args, **kwargs):
        return sampler(*args, shape=data.shape, dtype=data.dtype, ctx=data.context, **kwargs)
    like.__name__ = f"{name}_like"
    like.__doc__ = f"""Samples like `{name}`, with the shape, dtype and context of `data`.

    Parameters:
        data: the array whose shape, dtype and context the samples take.
        *args: {name}'s parameters, as for nd.random.{name}, before the keywords.

    Example:
        >>> nd.random.{name}_like(nd.zeros((2, 2))).shape
        (2, 2)
    """
    _sampler()(like)
    return like


normal_like = _like("normal", normal)
uniform_like = _like("uniform", uniform)
exponential_like = _like("exponential", exponential)
gamma_like = _like("gamma", gamma)
poisson_like = _like("poisson", poisson)
negative_binomial_like = _like("negative_binomial", negative_binomial)
generalized_negative_binomial_like = _like("generalized_negative_binomial",
                                           generalized_negative_binomial)


# MXNet's older names whose parameters are named (or mean) something else than nd.random's
def _legacy(**kwargs):
    return op(kind="function", grad=False, namespace="nd", departs=_STREAMS, **kwargs)


@_legacy()
def sample_normal(mu, sigma, shape=None, dtype=None, out=None, **kwargs):
    """Samples from normal distributions with means `mu` and standard deviations `sigma`
    (MXNet's older name; the result is mu.shape + shape).

    Parameters:
        mu: the means, an NDArray.
        sigma: the standard deviations, an NDArray of mu's shape.
        shape: the shape sampled from each distribution, an int or a tuple.
        dtype: 'float16', 'float32' (the default) or 'float64'.

    Example:
        >>> nd.sample_normal(mu=nd.array([0, 10]), sigma=nd.array([1, 1]), shape=3).shape
        (2, 3)
    """
    return normal(mu, sigma, shape=shape, dtype=dtype, out=out)


@_legacy()
def random_exponential(lam=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Samples from an exponential distribution with rate `lam` (MXNet's older name:
    nd.random.exponential takes the mean, `scale` = 1 / lam).

    Parameters:
        lam: the rate, a positive number.
        shape: the shape of the samples, an int or a tuple. None: one sample, shape (1,).
        dtype: 'float16', 'float32' (the default) or 'float64'.
        ctx: where the samples go; default the current context.

    Example:
        >>> nd.random_exponential(lam=4, shape=(2, 2)).shape
        (2, 2)
    """
    _require("random_exponential", "lam", lam, isinstance(lam, NDArray) or lam > 0, "positive")
    return exponential(1.0 / lam, shape=shape, dtype=dtype, ctx=ctx, out=out)


@_legacy()
def sample_exponential(lam, shape=None, dtype=None, out=None, **kwargs):
    """Samples from exponential distributions with rates `lam` (MXNet's older name; the result
    is lam.shape + shape).

    Parameters:
        lam: the rates, an NDArray.
        shape: the shape sampled from each distribution, an int or a tuple.
        dtype: 'float16', 'float32' (the default) or 'float64'.

    Example:
        >>> nd.sample_exponential(nd.array([1, 2]), shape=3).shape
        (2, 3)
    """
    return exponential(1.0 / lam, shape=shape, dtype=dtype, out=out)

"""The distributions of `nd.random` (normal, uniform, randn, randint, exponential, gamma,
poisson and the negative binomials), their `*_like` forms, and MXNet's older names whose
parameters differ (nd.sample_normal, nd.random_exponential, nd.sample_exponential). Each draws
through random_streams.py's `_sample`.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.random_streams import _STREAMS, _require, _sample, _sampler


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

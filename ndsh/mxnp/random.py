"""`mx.np.random`: sampling over the table's random ops (nd.random.*), so `npx.random.seed` and
`mx.random.seed` seed them. NumPy's names and arguments (`size=`), MXNet's dtypes: float32
samples, int64 from randint. MXNet 1.9.1's np.random has no `seed` (npx.random.seed has)."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp import random_more as _more
from ndsh.mxnp.array import cast, fresh_shape, ndarray, unwrap, wrap
from ndsh.mxnp.naming import missing_name

__all__ = ["uniform", "normal", "randint", "choice", "shuffle", "rand", "randn", "multinomial",
           "exponential", "gamma"]


def _size(size) -> tuple:
    if size is None:
        return ()
    return (size,) if isinstance(size, numbers.Integral) else tuple(size)


def _sample(op_name, size, dtype, ctx, **kwargs):
    shape = _size(size)
    result = OPS[f"nd.random.{op_name}"].call(shape=shape or (1,), dtype=dtype, ctx=ctx,
                                               **kwargs)
    return wrap(fresh_shape(result, shape))


def uniform(low=0.0, high=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from the uniform distribution on [low, high), float32 by default.

    Parameters:
        low: the lower bound (included).
        high: the upper bound (excluded).
        size: an int or a tuple, the shape; None gives one sample of shape ().
        dtype: the element type; default float32.
        ctx: the context (device); default the current context.
        out: not supported; must be None.

    Example:
        >>> np.random.uniform(0, 1, size=(2, 3)).shape
        (2, 3)
    """
    return _sample("uniform", size, dtype or "float32", ctx, low=low, high=high)


def normal(loc=0.0, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from the normal distribution N(loc, scale**2), float32 by default.

    Parameters:
        loc: the mean.
        scale: the standard deviation.
        size: an int or a tuple, the shape; None gives one sample of shape ().
        dtype: the element type; default float32.
        ctx: the context (device); default the current context.
        out: not supported; must be None.

    Example:
        >>> np.random.normal(0, 1, size=(2,)).dtype
        dtype('float32')
    """
    return _sample("normal", size, dtype or "float32", ctx, loc=loc, scale=scale)


def randint(low, high=None, size=None, dtype=None, ctx=None, out=None):
    """Random integers in [low, high) ([0, low) with high left out), int64 by default.

    Parameters:
        low: the lower bound (included), or the upper bound without `high`.
        high: the upper bound (excluded).
        size: an int or a tuple, the shape; None gives one sample of shape ().
        dtype: the element type; default int64.
        ctx: the context (device); default the current context.
        out: not supported; must be None.

    Example:
        >>> v = np.random.randint(3, 5, size=(100,))
        >>> bool((v >= 3).all()), bool((v < 5).all()), v.dtype
        (True, True, dtype('int64'))
    """
    if high is None:
        low, high = 0, low
    return _sample("randint", size, dtype or "int64", ctx, low=low, high=high)


def rand(*size, **kwargs):
    """Uniform samples on [0, 1) of shape `size` (given as separate ints).

    Parameters:
        *size: the dimensions.
        **kwargs: dtype= and ctx=, as for uniform.

    Example:
        >>> np.random.rand(2, 3).shape
        (2, 3)
    """
    return uniform(size=size, **kwargs)


def randn(*size, **kwargs):
    """Standard normal samples of shape `size` (given as separate ints).

    Parameters:
        *size: the dimensions.
        **kwargs: dtype= and ctx=, as for normal.

    Example:
        >>> np.random.randn(2, 3).shape
        (2, 3)
    """
    return normal(size=size, **kwargs)


def choice(a, size=None, replace=True, p=None, ctx=None, out=None):
    """Samples from `a` (an np array, or range(a) for an int): int64 indices for an int.

    Parameters:
        a: an int n (sample from 0..n-1) or a 1-D np array.
        size: an int or a tuple, the shape; None gives one sample of shape ().
        replace: sample with replacement.
        p: an np array of probabilities, one per element; None for uniform.
        ctx: the context (device); default the current context.
        out: not supported; must be None.

    Example:
        >>> np.random.choice(5, size=3).dtype
        dtype('int64')
    """
    n = a if isinstance(a, numbers.Integral) else a.shape[0]
    shape = _size(size)
    count = int(onp.prod(shape)) if shape else 1
    if p is not None:
        probabilities = unwrap(p, "np.random.choice")
        index = OPS["nd.random.multinomial"].call(probabilities, shape=(count,), dtype="int64")
    elif replace:
        index = OPS["nd.random.randint"].call(0, n, shape=(count,), dtype="int64", ctx=ctx)
    else:
        if count > n:
            raise ValueError(f"np.random.choice: cannot take a larger sample ({count}) than the "
                             f"population ({n}) when replace=False")
        order = OPS["nd.random.shuffle"].call(OPS["nd.arange"].call(0, n, dtype="int64",
                                                                      ctx=ctx))
        index = order[:count]
    index = fresh_shape(index, shape)
    if isinstance(a, numbers.Integral):
        return wrap(index)
    return wrap(OPS["nd.take"].call(unwrap(a, "np.random.choice"), index, axis=0))


def shuffle(x):
    """Shuffle the array in place along its first axis (returns None).

    Parameters:
        x: an np array.

    Example:
        >>> v = np.arange(5); np.random.shuffle(v); sorted(v.tolist())
        [0.0, 1.0, 2.0, 3.0, 4.0]
    """
    if not isinstance(x, ndarray):
        raise TypeError("np.random.shuffle: give an np array")
    x._nd[:] = OPS["nd.random.shuffle"].call(x._nd)


def multinomial(n, pvals, size=None):
    """Counts of n draws among len(pvals) outcomes of probabilities pvals (int64): shape
    size + (len(pvals),), each row summing to n. d2l's die rolls:
    `np.random.multinomial(10, np.array([1 / 6] * 6))`.

    Parameters:
        n: the number of draws.
        pvals: the outcomes' probabilities (an np array or a list), summing to 1.
        size: an int or a tuple, the shape of the batch of experiments; None gives one.

    Example:
        >>> counts = np.random.multinomial(10, [0.5, 0.5], size=3)
        >>> counts.shape, counts.dtype, counts.sum(axis=1).tolist()
        ((3, 2), dtype('int64'), [10, 10, 10])
    """
    if isinstance(pvals, ndarray):
        p = cast(pvals._nd, onp.float32)
    else:
        p = OPS["nd.array"].call(onp.asarray(pvals, dtype=onp.float32), dtype="float32")
    shape = _size(size)
    draws = OPS["nd.random.multinomial"].call(p, shape=shape + (n,), dtype="int32")
    hits = OPS["nd.one_hot"].call(draws, p.shape[-1], dtype="int64")
    return wrap(OPS["nd.sum"].call(hits, axis=len(shape)))


def exponential(scale=1.0, size=None, ctx=None, out=None):
    """Samples from the exponential distribution of mean `scale`, float32.

    Parameters:
        scale: the mean (1 / rate).
        size: an int or a tuple, the shape; None gives one sample of shape ().
        ctx: the context (device); default the current context.
        out: not supported; must be None.

    Example:
        >>> bool((np.random.exponential(2.0, size=(100,)) >= 0).all())
        True
    """
    return _sample("exponential", size, "float32", ctx, scale=scale)


def gamma(shape, scale=1.0, size=None, dtype=None, ctx=None, out=None):
    """Samples from the gamma distribution of shape k = `shape` and scale theta = `scale`.

    Parameters:
        shape: the shape parameter k.
        scale: the scale parameter theta.
        size: an int or a tuple, the shape of the result; None gives one sample of shape ().
        dtype: the element type; default float32.
        ctx: the context (device); default the current context.
        out: not supported; must be None.

    Example:
        >>> np.random.gamma(2.0, 1.0, size=(3,)).shape
        (3,)
    """
    return _sample("gamma", size, dtype or "float32", ctx, alpha=shape, beta=scale)


# the other distributions, composed in their own module
globals().update(_more.NP_RANDOM)
__all__ += sorted(_more.NP_RANDOM)


def __getattr__(name: str):
    if name == "seed":
        raise missing_name("module 'mxnet.numpy.random' has no attribute 'seed' (MXNet 1.9.1's "
                           "np.random has none): seed with npx.random.seed(n) or "
                           "mx.random.seed(n)")
    if not name.startswith("__") and hasattr(onp.random, name):
        raise missing_name(f"module 'mxnet.numpy.random' has no attribute {name!r}: NumPy has "
                           f"numpy.random.{name}, but MXNet 1.9.1's np.random does not (draw "
                           f"with NumPy and np.array(...) the result)")
    raise missing_name(f"module 'mxnet.numpy.random' has no attribute {name!r}",
                       names_the_fix=False)


def __dir__() -> list:
    return sorted(__all__)

"""`mxnet.test_utils` for MXNet's unit tests under ndsh: the helpers the test files call (the
operator files and the Gluon ones), written for ndsh (the symbol-API checkers are absent on
purpose: tests that use them are sorted out as "needs symbols" before they run)."""
from __future__ import annotations

import contextlib
import logging  # noqa: F401  (MXNet's tests reach these through `from mxnet.test_utils import *`)
import numbers
import os
import platform  # noqa: F401
import random as _python_random
import sys  # noqa: F401
import time  # noqa: F401
from contextlib import contextmanager  # noqa: F401

import numpy as np
import numpy.random as rnd  # noqa: F401
import numpy.testing as npt  # noqa: F401

from ndsh.engine import context, nd
from ndsh.engine.context import Context, current_context  # noqa: F401

array = nd.array       # MXNet's test_utils imports it, and `from mxnet.test_utils import *` too

mx = None          # the `mxnet` module, set by the plugin

_RTOLS = {"float16": 1e-2, "float32": 1e-4, "float64": 1e-5}
_ATOLS = {"float16": 1e-1, "float32": 1e-3, "float64": 1e-20}
_EPS = {np.dtype(np.float16): 1.0 / 2 ** 6, np.dtype(np.float32): 1.0 / 2 ** 9,
        np.dtype(np.float64): 1.0 / 2 ** 14}


def default_context():
    """The context new arrays go to."""
    return context.current_context()


def set_default_context(ctx) -> None:
    """Make `ctx` the default context."""
    context.set_default_context(ctx)


def default_dtype():
    return np.float32


def default_rtols() -> dict:
    """Relative tolerances per dtype (0 for exact types)."""
    return {np.dtype(k): v for k, v in _RTOLS.items()} | {
        np.dtype(t): 0 for t in (np.bool_, np.int8, np.uint8, np.int32, np.uint32, np.int64,
                                 np.uint64)}


def default_atols() -> dict:
    """Absolute tolerances per dtype (0 for exact types)."""
    return {np.dtype(k): v for k, v in _ATOLS.items()} | {
        np.dtype(t): 0 for t in (np.bool_, np.int8, np.uint8, np.int32, np.uint32, np.int64,
                                 np.uint64)}


def default_numeric_eps() -> dict:
    """Finite-difference steps per float dtype."""
    return dict(_EPS)


def _dtype_of(value) -> np.dtype:
    if isinstance(value, nd.NDArray):
        return np.dtype(value.dtype)
    return np.asarray(value).dtype


def _tolerance(value, tol, defaults):
    if isinstance(tol, numbers.Number):
        return tol
    dtype = _dtype_of(value)
    tol = tol or {}
    return tol.get(dtype, defaults.get(dtype, 0))


def get_tols(x, y, rtol, atol):
    """The tolerances for comparing x and y: the looser of the two dtypes' defaults."""
    rtol = max(_tolerance(x, rtol, default_rtols()), _tolerance(y, rtol, default_rtols()))
    atol = max(_tolerance(x, atol, default_atols()), _tolerance(y, atol, default_atols()))
    return rtol, atol


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    return default_rtols()[np.dtype(dtype)] if rtol is None else rtol


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    return default_atols()[np.dtype(dtype)] if atol is None else atol


def _host(value):
    return value.asnumpy() if isinstance(value, nd.NDArray) else value


def same(a, b) -> bool:
    """Equal shapes and elements."""
    return np.array_equal(_host(a), _host(b))


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True) -> bool:
    """np.allclose with MXNet's default tolerances."""
    return bool(np.allclose(_host(a), _host(b), rtol=get_rtol(rtol), atol=get_atol(atol),
                            equal_nan=equal_nan))


def assert_almost_equal(a, b, rtol=None, atol=None, names=("a", "b"), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)) -> None:
    """Raise AssertionError when a and b differ beyond the tolerances of their dtypes."""
    rtol, atol = get_tols(a, b, rtol, atol)
    a, b = _host(a), _host(b)
    if use_broadcast:                      # MXNet compares shapes only when told not to
        a, b = np.broadcast_arrays(a, b)
    if getattr(a, "dtype", None) == np.bool_ and getattr(b, "dtype", None) == np.bool_:
        np.testing.assert_equal(a, b)
        return
    if _close(a, b, rtol, atol, equal_nan):       # numpy's assert is slow on 100M elements
        return
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan,
                               err_msg=f"{names[0]} vs {names[1]}")


def _close(a, b, rtol, atol, equal_nan) -> bool:
    """Whether a and b (numpy, same shape) agree, a million elements at a time."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype.kind not in "fiub" or b.dtype.kind not in "fiub":
        return False
    flat_a, flat_b = a.reshape(-1), b.reshape(-1)
    step = 1 << 20
    return all(np.allclose(flat_a[i:i + step], flat_b[i:i + step], rtol=rtol, atol=atol,
                           equal_nan=equal_nan) for i in range(0, flat_a.size, step))


def assert_allclose(a, b, rtol=1e-07, atol=0, equal_nan=True):
    np.testing.assert_allclose(_host(a), _host(b), rtol=rtol, atol=atol, equal_nan=equal_nan)


def assert_almost_equal_ignore_nan(a, b, rtol=None, atol=None, names=("a", "b")) -> None:
    """assert_almost_equal with the places where either side is NaN left out."""
    a, b = np.copy(_host(a)), np.copy(_host(b))
    either = np.isnan(a) | np.isnan(b)
    a[either] = 0
    b[either] = 0
    assert_almost_equal(a, b, rtol, atol, names)


def assert_exception(f, exception_type, *args, **kwargs) -> None:
    """f(*args, **kwargs) must raise exception_type."""
    try:
        f(*args, **kwargs)
    except exception_type:
        return
    raise AssertionError(f"{getattr(f, '__name__', f)} did not raise {exception_type}")


def random_arrays(*shapes):
    """Standard-normal float32 numpy arrays of the given shapes (one array for one shape)."""
    arrays = [np.array(np.random.randn(), dtype=default_dtype()) if len(s) == 0
              else np.random.randn(*s).astype(default_dtype()) for s in shapes]
    return arrays[0] if len(arrays) == 1 else arrays


def random_uniform_arrays(*shapes, low=0.0, high=1.0, dtype=None):
    """Uniform numpy arrays of the given shapes."""
    dtype = dtype or default_dtype()
    return [np.random.uniform(low, high, size=s).astype(dtype) for s in shapes]


def random_sample(population, k):
    """k elements of population, in random order."""
    chosen = list(population)
    np.random.shuffle(chosen)
    return chosen[:k]


def rand_ndarray(shape, stype="default", density=None, dtype=None, modifier_func=None,
                 shuffle_csr_indices=False, distribution=None, ctx=None):
    """A random dense NDArray (ndsh has no sparse storage)."""
    if stype != "default":
        raise NotImplementedError("ndsh has dense arrays only")
    return nd.array(random_arrays(shape), dtype=dtype, ctx=ctx or default_context())


def rand_shape_2d(dim0=10, dim1=10):
    return _python_random.randint(1, dim0 + 1), _python_random.randint(1, dim1 + 1)


def rand_shape_3d(dim0=10, dim1=10, dim2=10):
    return (_python_random.randint(1, dim0 + 1), _python_random.randint(1, dim1 + 1),
            _python_random.randint(1, dim2 + 1))


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    """A random shape of num_dim axes, each 1..dim (0..dim with allow_zero_size)."""
    low = 0 if allow_zero_size else 1
    return tuple(np.random.randint(low, dim + 1, size=num_dim))


def np_reduce(data, axis, keepdims, reduce):
    """Reduce numpy data over several axes one at a time (MXNet's helper)."""
    axes = [axis] if isinstance(axis, int) else (list(axis) if axis is not None
                                                  else list(range(data.ndim)))
    result = data
    for a in sorted(axes, reverse=True):
        result = reduce(result, axis=a)
    if keepdims:
        shape = list(data.shape)
        for a in axes:
            shape[a] = 1
        result = result.reshape(shape)
    return result


def retry(n):
    """Run a stochastic test up to n times before its AssertionError counts."""
    def decorate(test):
        def run(*args, **kwargs):
            for attempt in range(n):
                try:
                    return test(*args, **kwargs)
                except AssertionError:
                    if attempt == n - 1:
                        raise
        run.__name__ = test.__name__
        return run
    return decorate


@contextlib.contextmanager
def environment(*args):
    """Set environment variables (a dict, or one name and value) for the with block."""
    wanted = args[0] if len(args) == 1 else {args[0]: args[1]}
    saved = {name: os.environ.get(name) for name in wanted}

    def apply(values):
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    apply(wanted)
    try:
        yield
    finally:
        apply(saved)


@contextlib.contextmanager
def discard_stderr():
    """Silence stderr (file descriptor 2) for the with block."""
    with open(os.devnull, "w") as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def gen_buckets_probs_with_ppf(ppf, nbuckets):
    """nbuckets equally likely buckets of a distribution, from its quantile function."""
    probs = [1.0 / nbuckets] * nbuckets
    buckets = [(ppf(i / nbuckets), ppf((i + 1) / nbuckets)) for i in range(nbuckets)]
    return buckets, probs


def _chi_square(generator, buckets, probs, nsamples):
    import scipy.stats
    samples = np.asarray(_host(generator(nsamples))).reshape(-1)
    if isinstance(buckets[0], (tuple, list)):
        counts = [np.sum((samples >= lo) & (samples < hi)) for lo, hi in buckets]
    else:
        counts = [np.sum(samples == value) for value in buckets]
    counts = np.array(counts, dtype=np.float64)
    # scipy wants equal totals: samples outside every bucket show as a deficit everywhere
    expected = np.array(probs, dtype=np.float64) * counts.sum()
    return scipy.stats.chisquare(counts, expected).pvalue


def verify_generator(generator, buckets, probs, nsamples=1000000, nrepeat=5, success_rate=0.2,
                     alpha=0.05):
    """A chi-square test of a sampler, repeated: enough repeats must pass at level alpha."""
    pvalues = [_chi_square(generator, buckets, probs, nsamples) for _ in range(nrepeat)]
    if sum(p > alpha for p in pvalues) < nrepeat * success_rate:
        raise AssertionError(f"generator test fails: chi-square p-values {pvalues}")
    return pvalues


def list_gpus():
    return range(context.num_gpus())


def effective_dtype(dat) -> np.dtype:
    """The dtype whose tolerances fit dat (MXNet trims float32 to float16 only on TF32 GPUs,
    which ndsh does not use: always dat's own dtype)."""
    return np.dtype(dat.dtype)


def compare_ndarray_tuple(t1, t2, rtol=None, atol=None) -> None:
    """assert_almost_equal over two (nested) tuples of arrays; None on either side: nothing."""
    if t1 is None or t2 is None:
        return
    if isinstance(t1, tuple):
        for s1, s2 in zip(t1, t2):
            compare_ndarray_tuple(s1, s2, rtol, atol)
    else:
        assert_almost_equal(t1, t2, rtol=rtol, atol=atol)


def compare_optimizer(opt1, opt2, shape, dtype, w_stype="default", g_stype="default",
                      rtol=1e-4, atol=1e-5, compare_states=True, ntensors=1) -> None:
    """One update of opt1 and opt2 from the same random weight and gradient: their states and
    weights must agree (MXNet's helper; dense storage only, a list of shapes for the
    multi-tensor form)."""
    if w_stype != "default" or g_stype != "default":
        raise NotImplementedError("ndsh has dense arrays only")
    ctx = default_context()
    if not isinstance(shape, list):
        assert ntensors == 1
        w2 = mx.random.uniform(shape=shape, ctx=ctx, dtype=dtype)
        w1 = w2.copyto(ctx)
        g2 = mx.random.uniform(shape=shape, ctx=ctx, dtype=dtype)
        g1 = g2.copyto(ctx)
        state1 = opt1.create_state_multi_precision(0, w1)
        state2 = opt2.create_state_multi_precision(0, w2)
        if compare_states:
            compare_ndarray_tuple(state1, state2)
        opt1.update_multi_precision(0, w1, g1, state1)
        opt2.update_multi_precision(0, w2, g2, state2)
        if compare_states:
            compare_ndarray_tuple(state1, state2, rtol=rtol, atol=atol)
        assert_almost_equal(w1, w2, rtol=rtol, atol=atol)
        return
    from copy import deepcopy
    w1 = tuple(mx.random.uniform(shape=s, ctx=ctx, dtype=dtype) for s in shape)
    g1 = tuple(mx.random.uniform(shape=s, ctx=ctx, dtype=dtype) for s in shape)
    w2, g2 = deepcopy(w1), deepcopy(g1)
    state2 = [opt2.create_state_multi_precision(0, w2[i]) for i in range(ntensors)]
    opt2.update_multi_precision(list(range(ntensors)), w2, g2, state2)
    for i in range(ntensors):
        state1 = opt1.create_state_multi_precision(i, w1[i])
        opt1.update_multi_precision(i, w1[i], g1[i], state1)
        if compare_states:
            compare_ndarray_tuple(state1, state2[i], rtol, atol)
        compare_ndarray_tuple(w1[i], w2[i], rtol, atol)

"""The operators write `a <op> t` into the buffer of t when t, the right operand, is a temporary
nobody can see again (d2l's sgd: `param[:] = param - lr * param.grad / batch_size`), as numpy
does for its own temporaries (issue 20's per-op speed work). Checked against the general path
(a named right operand): the same bits, one buffer fewer, and never where a gradient reads t,
where the result would not fit t, or where someone else holds t's buffer."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import temporaries

N = 300                  # N * N elements: over temporaries.ELIDE_MIN_SIZE


def _arrays(dtype, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(N, N)).astype(dtype) for _ in range(2)]


def test_the_interpreter_gave_consistent_counts():
    # 0 would switch the path off silently: on CPython 3.11-3.13 the counts are consistent
    assert temporaries.TEMP_REFS_RIGHT > 0 and temporaries.HELD_DATA_REFS > 0


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("symbol", ["-", "+", "*", "/"])
def test_a_temporary_right_operand_gives_the_general_paths_bits(dtype, symbol):
    p0, g0 = _arrays(dtype)
    g0 = np.abs(g0) + 1                          # no overflow dividing float16 by it
    p, g = nd.array(p0, dtype=dtype), nd.array(g0, dtype=dtype)
    ops = {"-": lambda a, b: a - b, "+": lambda a, b: a + b, "*": lambda a, b: a * b,
           "/": lambda a, b: a / b}
    fast = ops[symbol](p, g * 0.5 / 4)          # the right operand is a temporary
    named = g * 0.5 / 4
    general = ops[symbol](p, named)
    assert fast.dtype == general.dtype and fast.shape == general.shape
    np.testing.assert_array_equal(fast.asnumpy(), general.asnumpy())


def _peak(fn):
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = fn()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return result, peak


def test_the_temporary_takes_the_result_one_buffer_fewer():
    p0, g0 = _arrays("float32")
    p, g = nd.array(p0), nd.array(g0)
    nbytes = p0.nbytes
    fast, fast_peak = _peak(lambda: p - g * 2)
    named = g * 2
    general, general_peak = _peak(lambda: p - named)
    np.testing.assert_array_equal(fast.asnumpy(), general.asnumpy())
    assert fast_peak < 1.5 * nbytes              # g * 2 only, the difference written into it
    assert general_peak >= nbytes                # the difference in a new buffer
    # a row broadcasts into the temporary's shape: it takes the result too
    row = nd.array(p0[0])
    fast, fast_peak = _peak(lambda: row - g * 2)
    assert fast_peak < 1.5 * nbytes
    np.testing.assert_array_equal(fast.asnumpy(), p0[0] - g0 * np.float32(2))


def test_a_right_operand_that_cannot_hold_the_result_is_left_alone():
    p0, g0 = _arrays("float32")
    p, g = nd.array(p0), nd.array(g0)
    col = g[:, 0:1] * 1                          # (N, 1): the result is (N, N)
    out = p - g[:, 0:1] * 1
    np.testing.assert_array_equal(out.asnumpy(), p0 - g0[:, 0:1])
    assert col.shape == (N, 1)
    # an integer temporary keeps its own buffer (reuse is for float buffers only)
    a = nd.array(p0.astype(np.int32), dtype="int32")
    np.testing.assert_array_equal((a - a * 2).asnumpy(), p0.astype(np.int32) * -1)


def test_a_temporary_whose_buffer_a_view_holds_is_left_alone():
    p0, g0 = _arrays("float32")
    p, g = nd.array(p0), nd.array(g0)
    views = []

    def keep_view(t):
        views.append(t[0])          # a view shares t's buffer: t must not be overwritten
        return t

    out = p - keep_view(g * 2)
    np.testing.assert_array_equal(out.asnumpy(), p0 - g0 * 2)
    np.testing.assert_array_equal(views[0].asnumpy(), g0[0] * 2)


@pytest.mark.parametrize("symbol", ["-", "+", "*", "/"])
def test_recorded_gradients_are_unchanged(symbol):
    """multiply's and divide's gradients read the right operand: it keeps its buffer there;
    add's and subtract's do not: the result may go into it. Either way the same gradients."""
    x0, y0 = _arrays("float32", seed=1)
    y0 = np.abs(y0) + 1
    ops = {"-": lambda a, b: a - b, "+": lambda a, b: a + b, "*": lambda a, b: a * b,
           "/": lambda a, b: a / b}
    grads = []
    for temporary in (True, False):
        x, y = nd.array(x0), nd.array(y0)
        x.attach_grad()
        y.attach_grad()
        with autograd.record():
            if temporary:
                out = ops[symbol](x, y * 2)
            else:
                t = y * 2
                out = ops[symbol](x, t)
        out.backward()
        grads.append((out.asnumpy(), x.grad.asnumpy(), y.grad.asnumpy()))
    for fast, general in zip(grads[0], grads[1], strict=True):
        np.testing.assert_array_equal(fast, general)

"""relu's gradient fast path (ops/relu_grad.py): clip(ceil(ans), 0, 1) * g gives the general
vjp's bits, g * sign(ans), for relu's results, -0.0, inf and NaN (payloads too) included.

One exception, numpy's and not the fast path's: where g and ans are both NaN, which of the two
NaNs numpy's multiply returns depends on its loop (in place or not: `g * s` and
`np.multiply(g, s, out=s)` differ there for the same s), so there both must be NaN."""
import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.backprop_ends import INTO_MIN_SIZE
from ndsh.engine.ops import relu_grad as rg
from ndsh.engine.registry import lookup
from ndsh.engine.temporaries import ELIDE_MIN_SIZE
from tests.engine.bits import UINT, assert_same_bits


def _cases(dtype, size=4096):
    """relu results (every kind of value, through numpy's maximum as relu computes them)
    against every kind of head gradient, as a (gradients, results) pair of the same shape."""
    dt = np.dtype(dtype)
    bits = UINT[dt.itemsize]
    quiet = np.array(np.nan, dt).view(bits)
    nans = np.array([quiet, quiet | 1, quiet | (bits(1) << bits(dt.itemsize * 8 - 1))],
                    bits).view(dt)
    with np.errstate(over="ignore"):          # 1e30 is inf in float16
        values = np.array([0.0, -0.0, 1e-45, 1e-30, 0.25, 0.5, 1, 1.5, 7, 1e30, -2, -1e-45,
                           np.inf, -np.inf], dt)
    x = np.concatenate([values, nans,
                        np.finfo(dt).smallest_subnormal * np.arange(1, 4, dtype=dt)])
    ans = np.maximum(x, dt.type(0))
    g = np.concatenate([np.array([1, -1, 0.0, -0.0, np.inf, -np.inf, 2.5, -3e-3, 1e-45], dt),
                        nans])
    G, A = np.meshgrid(g, ans)
    reps = -(-size // (G.shape[0] * (G.shape[1] - 1))) + 1     # above size, an odd tail
    return (np.ascontiguousarray(np.tile(G, (reps, 1))[:, :-1]),
            np.ascontiguousarray(np.tile(A, (reps, 1))[:, :-1]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fast_relu_grad_gives_the_general_bits(dtype):
    g, ans = _cases(dtype)
    assert ans.size >= rg.FAST_MIN_SIZE and rg._takes_fast(g, ans)
    with np.errstate(all="ignore"):
        expected = g * np.sign(ans)
        kept = ans.copy()
        both = np.isnan(g) & np.isnan(ans)
        assert_same_bits(rg.relu_grad(np, g, ans, None), expected, both)
        assert_same_bits(ans, kept)                     # relu_grad leaves ans alone
        into = ans.copy()
        out = rg.relu_grad_into_ans(np, g, into, None)
    assert out is into
    assert_same_bits(out, expected, both)
    assert np.isnan(expected).any() and np.signbit(expected[expected == 0]).any()


def test_relu_never_gives_negative_zero_on_float32_and_float64():
    # what the fast path relies on (float16's maximum does give -0.0: it takes sign)
    for dtype in (np.float32, np.float64):
        for n in (1, 7, 64, 1000, 4099):
            y = nd.relu(nd.array(np.full(n, -0.0, dtype), dtype=dtype)).asnumpy()
            assert not np.signbit(y).any()


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_relu_backward_matches_the_general_path(dtype, monkeypatch):
    """nd.relu recorded and differentiated, on both backward paths (the plain vjp, and into_ans
    when the result is held by nobody), against the general vjp (FAST_MIN_SIZE out of reach)."""
    g0, a0 = _cases(dtype, size=INTO_MIN_SIZE)       # into_ans takes only large results
    x0 = np.where(np.isnan(a0), a0, a0 - np.float32(0.5).astype(dtype))   # negatives too

    def grads(keep_result):
        x = nd.array(x0, dtype=dtype)
        x.attach_grad()
        with autograd.record():
            y = nd.relu(x)
            if not keep_result:
                y = y * 1          # relu's result is then held by the graph only
        with np.errstate(all="ignore"):
            y.backward(nd.array(g0, dtype=dtype))
        return x.grad.asnumpy()

    into_ans = []
    relu = lookup("nd.relu")
    real = relu.into_ans
    monkeypatch.setattr(relu, "into_ans", lambda *args: into_ans.append(1) or real(*args))
    fast = [grads(True), grads(False)]
    assert into_ans == [1]                 # the second call's relu result went to into_ans
    monkeypatch.setattr(rg, "FAST_MIN_SIZE", 1 << 60)
    monkeypatch.setattr(rg, "_FAST_DTYPES", ())
    general = [grads(True), grads(False)]
    both = np.isnan(g0) & np.isnan(a0)
    for a, b in zip(fast, general, strict=True):
        assert_same_bits(a, b, both)


def test_small_and_other_shapes_take_sign():
    g = np.ones(3, np.float32)
    assert not rg._takes_fast(g, np.ones(3, np.float32))
    big = np.ones(4096, np.float32)
    assert not rg._takes_fast(np.ones(1, np.float32), big)       # a broadcast head gradient
    assert not rg._takes_fast(big.astype(np.float64), big)
    assert not rg._takes_fast(big.astype(np.float16), big.astype(np.float16))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fast_relu_values_give_maximums_bits(dtype):
    """relu_values (clip + 0) against numpy's maximum(x, 0), every kind of value, new buffer
    and in place, and nd.relu (named and a temporary, which runs in place) on large data."""
    _, a = _cases(dtype)
    x = np.concatenate([a.reshape(-1), -a.reshape(-1)])         # -0.0, -inf, negative NaNs
    assert rg.takes_fast_values(x)
    expected = np.maximum(x, dtype(0))
    assert_same_bits(rg.relu_values(x), expected)
    inplace = x.copy()
    assert rg.relu_values(inplace, out=inplace) is inplace
    assert_same_bits(inplace, expected)
    assert_same_bits(nd.relu(nd.array(x, dtype=dtype)).asnumpy(), expected)
    big = np.resize(x, ELIDE_MIN_SIZE + 3)
    assert_same_bits(nd.relu(nd.array(big, dtype=dtype) * 1).asnumpy(), np.maximum(big, dtype(0)))
    assert not rg.takes_fast_values(np.ones(4096, np.float16)) and not rg.takes_fast_values(x[:9])


def test_relus_size_threshold_is_the_modules():
    import inspect

    from ndsh.engine.ops import elementwise
    assert f"x.size < {rg.FAST_MIN_SIZE}" in inspect.getsource(elementwise._relu_forward)


def test_the_modules_examples_run():
    import doctest
    assert doctest.testmod(rg).failed == 0

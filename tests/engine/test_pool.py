"""Pooling beyond the golden cases: against PyTorch (where installed) on random shapes; what
ndsh does where MXNet 1.9.1 fails or departs ('same', windows wholly in the padding, the float32
gradient of 'full' avg pooling); max pooling's NaN, -inf and first-maximum rules; and a
one-paragraph error for each bad input."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.mxnet_errors import MXNetError

RNG = np.random.default_rng(17)


def _run(x, head=None, **params):
    x = nd.array(x, dtype=x.dtype)
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling(x, **params)
    y.backward(None if head is None else nd.array(head, dtype=head.dtype))
    return y.asnumpy(), x.grad.asnumpy()


CASES = [  # (shape, kernel, stride, pad, ceil, type, count_include_pad)
    ((2, 3, 9, 8), (3, 3), (2, 2), (1, 1), False, "max", True),
    ((2, 3, 10, 8), (2, 3), (2, 1), (1, 1), True, "max", True),
    ((2, 3, 8, 8), (2, 2), (2, 2), (0, 0), False, "avg", True),
    ((1, 2, 9, 7), (3, 3), (2, 2), (1, 1), True, "avg", True),
    ((1, 2, 9, 7), (3, 2), (2, 2), (1, 1), False, "avg", False),
    ((2, 2, 11), (3,), (2,), (1,), False, "max", True),
    ((2, 2, 11), (4,), (3,), (2,), True, "avg", False),
    ((1, 2, 5, 6, 7), (2, 3, 2), (2, 1, 2), (1, 1, 0), False, "max", True),
    ((1, 2, 5, 6, 7), (3, 3, 3), (2, 2, 2), (1, 1, 1), False, "avg", True),
]


@pytest.mark.parametrize("shape,kernel,stride,pad,ceil,kind,include", CASES)
def test_pooling_and_its_gradient_match_pytorch(shape, kernel, stride, pad, ceil, kind,
                                                include):
    torch = pytest.importorskip("torch")
    n = len(kernel)
    x = RNG.standard_normal(shape).astype(np.float32)
    tx = torch.tensor(x, requires_grad=True)
    if kind == "max":
        pool = getattr(torch.nn.functional, f"max_pool{n}d")
        ty = pool(tx, kernel, stride, pad, ceil_mode=ceil)
    else:
        pool = getattr(torch.nn.functional, f"avg_pool{n}d")
        ty = pool(tx, kernel, stride, pad, ceil_mode=ceil, count_include_pad=include)
    head = RNG.standard_normal(tuple(ty.shape)).astype(np.float32)
    ty.backward(torch.tensor(head))
    y, grad = _run(x, head, kernel=kernel, stride=stride, pad=pad, pool_type=kind,
                   pooling_convention="full" if ceil else "valid", count_include_pad=include)
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grad, tx.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_same_convention_gives_ceil_size_over_stride():
    """MXNet 1.9.1 fails on every 'same' call (its check reads pad[1] of a 1-D pad); ndsh
    pools windows [i * stride, i * stride + kernel) clipped to the data."""
    x = np.array([[[3, 1, 4, 1, 5, 9, 2]]], dtype=np.float64)
    y, grad = _run(x, np.array([[[1, 2, 3, 4]]], dtype=np.float64), kernel=(3,), stride=(2,),
                   pooling_convention="same")
    np.testing.assert_array_equal(y, [[[4, 5, 9, 2]]])
    np.testing.assert_array_equal(grad, [[[0, 0, 1, 0, 2, 3, 4]]])
    with pytest.raises(MXNetError, match="1-D max"):
        nd.Pooling(nd.ones((1, 1, 4, 4)), kernel=(2, 2), pooling_convention="same")
    with pytest.raises(MXNetError, match="1-D max"):
        nd.Pooling(nd.ones((1, 1, 4)), kernel=(2,), pooling_convention="same", pool_type="avg")


def test_windows_wholly_in_the_padding():
    """Max gives the lowest float and no gradient, avg gives 0, as MXNet's forward; MXNet's
    float32 backward refuses pad >= kernel, ndsh's gives the forward's gradient."""
    x = np.arange(4, dtype=np.float32).reshape((1, 1, 2, 2))
    y, grad = _run(x, kernel=(2, 2), stride=(2, 2), pad=(2, 2))
    assert y[0, 0, 0, 0] == np.finfo(np.float32).min
    np.testing.assert_array_equal(grad, [[[[0, 0], [0, 1]]]])
    y, grad = _run(x, kernel=(2, 2), stride=(2, 2), pad=(2, 2), pool_type="avg",
                   count_include_pad=False)
    assert y.shape == (1, 1, 3, 3) and y[0, 0, 0, 0] == 0 and y[0, 0, 1, 1] == 1.5
    np.testing.assert_array_equal(grad, np.full((1, 1, 2, 2), 0.25))


def test_full_avg_gradient_in_float32_is_the_forwards():
    """MXNet's float32 backward divides the last 1-D 'full' window by the whole kernel where
    its forward divided by the one cell inside; ndsh's is the true gradient (float64's)."""
    x = RNG.standard_normal((1, 2, 7))
    args = {"kernel": (2,), "stride": (2,), "pooling_convention": "full", "pool_type": "avg"}
    _, single = _run(x.astype(np.float32), **args)
    _, double = _run(x, **args)
    np.testing.assert_allclose(single, double)
    assert single[0, 0, 6] == 1


def test_max_pooling_nan_inf_and_first_maximum():
    nan, inf = float("nan"), float("inf")
    x = np.array([[[[nan, 1, 5, 5], [3, nan, 5, 0], [-inf, -inf, nan, nan]]]], np.float32)
    y, grad = _run(x, kernel=(1, 2), stride=(1, 2))
    lowest = np.finfo(np.float32).min
    np.testing.assert_array_equal(y, [[[[1, 5], [3, 5], [lowest, lowest]]]])
    np.testing.assert_array_equal(grad, [[[[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 0, 0]]]])
    y, grad = _run(x, global_pool=True)
    np.testing.assert_array_equal(y, [[[[5]]]])
    np.testing.assert_array_equal(grad, [[[[0, 0, 1, 0], [0] * 4, [0] * 4]]])


def _select_max_backward(g, ans, x, kernel, stride):
    """Max pooling's gradient as a select: g where a window's first maximum is (the oracle
    of the faster product in ops/pool.py), written for windows without padding."""
    grad = np.zeros_like(x)
    for index in np.ndindex(*ans.shape):
        n, c, rest = index[0], index[1], index[2:]
        starts = [o * s for o, s in zip(rest, stride)]
        window = x[(n, c) + tuple(slice(b, b + k) for b, k in zip(starts, kernel))]
        hits = np.flatnonzero(window.ravel() == ans[index])
        if hits.size:
            cell = np.unravel_index(hits[0], window.shape)
            grad[(n, c) + tuple(b + j for b, j in zip(starts, cell))] += g[index]
    return grad


@pytest.mark.parametrize("kernel,stride", [((2, 2), (2, 2)), ((3, 3), (2, 2)), ((2, 3), (1, 2))])
@pytest.mark.parametrize("head", ["normal", "negative", "inf_nan"])
def test_max_pooling_gradient_bits_with_ties_negative_and_special_heads(kernel, stride, head):
    """The gradient is g at each window's first maximum and +0 elsewhere (never -0, and never
    NaN from 0 * inf), also where windows overlap and share a maximum."""
    x = RNG.integers(0, 3, size=(2, 3, 7, 8)).astype(np.float32)     # many ties
    y, _ = _run(x, kernel=kernel, stride=stride)
    g = RNG.standard_normal(y.shape).astype(np.float32)
    if head == "negative":
        g = -np.abs(g)
    elif head == "inf_nan":
        g.flat[::5], g.flat[1::7] = np.inf, np.nan
    _, grad = _run(x, head=g, kernel=kernel, stride=stride)
    want = _select_max_backward(g, y, x, kernel, stride)
    # overlapping windows add in another order than the oracle's: a rounding apart
    np.testing.assert_allclose(grad, want, rtol=1e-6, atol=0)
    assert not np.signbit(grad[want == 0]).any()            # +0 where no maximum is


def test_float16_pooling_accumulates_in_float32():
    x = np.full((1, 1, 4, 4), 1000, dtype=np.float16) + np.float16(0.5)
    y, _ = _run(x, kernel=(4, 4), pool_type="sum")
    assert y.dtype == np.float16 and y[0, 0, 0, 0] == np.float16(16008)
    y, _ = _run(x, kernel=(2, 2), pool_type="avg")
    assert (y == np.float16(1000.5)).all()


def test_channels_last_layouts_pool_the_same():
    x = RNG.standard_normal((2, 5, 6, 3))
    first = nd.Pooling(nd.array(x.transpose(0, 3, 1, 2), dtype="float64"), kernel=(3, 2),
                       stride=(2, 2), pad=(1, 0), pool_type="avg").asnumpy()
    last = nd.Pooling(nd.array(x, dtype="float64"), kernel=(3, 2), stride=(2, 2), pad=(1, 0),
                      pool_type="avg", layout="NHWC").asnumpy()
    np.testing.assert_allclose(last, first.transpose(0, 2, 3, 1))


X = nd.ones((1, 1, 4, 4))
ERRORS = [
    (lambda: nd.Pooling(X), "kernel is required"),
    (lambda: nd.Pooling(X, kernel=2), "an int kernel means 1-D"),
    (lambda: nd.Pooling(X, kernel=(5, 2)), "exceeds"),
    (lambda: nd.Pooling(X, kernel=(0, 2)), "positive"),
    (lambda: nd.Pooling(X, kernel=(2, 2), stride=(1,)), "stride"),
    (lambda: nd.Pooling(X, kernel=(2, 2), pool_type="median"), "pool_type"),
    (lambda: nd.Pooling(X, kernel=(2, 2), pooling_convention="ceil"), "pooling_convention"),
    (lambda: nd.Pooling(X, kernel=(2, 2), pool_type="lp"), "p_value"),
    (lambda: nd.Pooling(X, kernel=(2, 2), pool_type="lp", p_value=4), "1, 2 or 3"),
    (lambda: nd.Pooling(X, kernel=(2, 2), layout="NCW"), "layout"),
    (lambda: nd.Pooling(X.astype("int32"), kernel=(2, 2)), "int32"),
    (lambda: nd.Pooling(nd.ones((4, 4)), kernel=(2,)), "(4, 4)"),
    (lambda: nd.Pooling(nd.ones((1, 1, 2, 2, 2, 2)), global_pool=True), "(1, 1, 2, 2, 2, 2)"),
    (lambda: nd.Pooling(nd.ones((1, 1, 4)), kernel=(2,), pad=(1,),
                        pooling_convention="same"), "no pad"),
]


@pytest.mark.parametrize("call,words", ERRORS, ids=[w for _, w in ERRORS])
def test_bad_input_is_one_paragraph_naming_the_op(call, words):
    with pytest.raises(MXNetError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message and message.startswith("Pooling: ")
    assert words in message

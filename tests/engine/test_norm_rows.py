"""BatchNorm's (rows, channels) path (ndsh/engine/ops/norm_batch_rows.py: 2-D data and the
channel axis last, numpy, training mode) against its general versions (norm_batch_kernels'
whole-array formulas over x - mean): the same values within float rounding near zero and far
from it, float16 and float64, fix_gamma, a broadcast head gradient, and that nd.BatchNorm on
such data takes it."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.ops import norm_batch as NB
from ndsh.engine.ops import norm_batch_kernels as K
from ndsh.engine.ops import norm_batch_rows as R

RNG = np.random.default_rng(21)
# the general versions, kept here: a test below replaces them in K to see that they do not run
BATCH_STATS, NORMALIZE, GRAD_SUMS, GRAD_DATA = K.batch_stats, K.normalize, K.grad_sums, \
    K.grad_data


def _general(x, g, gamma, beta, eps, fix_gamma):
    """(out, dx, dgamma, dbeta, mean, var) by norm_batch_kernels' general versions, in the
    compute dtype of x."""
    x3 = x.reshape(x.shape[0], -1, 1)
    g3 = g.reshape(x3.shape)
    m = x3.shape[0]
    mean, var = BATCH_STATS(np, x3)
    inv_std = 1 / np.sqrt(var + eps)
    scale = inv_std if fix_gamma else gamma * inv_std
    out = np.empty_like(x3)
    NORMALIZE(np, x3, mean, scale, beta, out)
    sum_g, sum_gc = GRAD_SUMS(np, x3, g3, mean)
    dx = np.empty_like(x3)
    GRAD_DATA(np, x3, g3, mean, scale, -scale * inv_std * inv_std * sum_gc / m,
                -scale * sum_g / m, dx)
    dgamma = np.zeros_like(gamma) if fix_gamma else sum_gc * inv_std
    return out.reshape(x.shape), dx.reshape(x.shape), dgamma, sum_g, mean, var


def _close(got, want, dtype):
    tol = {np.float16: 2e-3, np.float32: 3e-5, np.float64: 1e-12}[dtype]
    np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(want, np.float64),
                               rtol=tol, atol=tol * max(1, np.abs(want).max()))


@pytest.mark.parametrize("fix_gamma", [False, True])
@pytest.mark.parametrize("offset", [0.5, 3.0, 200.0], ids=["near zero", "two-pass variance",
                                                             "far from zero"])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_the_rows_path_gives_the_general_versions_values(dtype, offset, fix_gamma):
    """offset 3 std: the one-pass variance falls back, the rest stays fast; 200: neither."""
    shape = (50, 9)
    work = np.float32 if dtype == np.float16 else dtype
    x = (RNG.standard_normal(shape) + offset * RNG.uniform(0.8, 1, 9)).astype(dtype)
    g = RNG.standard_normal(shape).astype(dtype)
    gamma, beta = (RNG.standard_normal(9).astype(work) for _ in range(2))
    saved = NB._Saved()
    out = R.train_forward(x, gamma, beta, 1e-3, fix_gamma, np.dtype(work), saved)
    dx, dgamma, dbeta = R.train_backward(g, x, gamma, fix_gamma, np.dtype(work), saved)
    assert saved.fast == (offset < 100)
    want = _general(x.astype(work), g.astype(work), gamma, beta, 1e-3, fix_gamma)
    assert out.dtype == dx.dtype == dtype and dgamma.dtype == dbeta.dtype == work
    _close(out, want[0].astype(dtype), dtype)
    _close(dx, want[1].astype(dtype), dtype)
    for got, expect in zip((dgamma, dbeta, saved.mean, saved.var), want[2:]):
        _close(got, expect, work)


def test_a_broadcast_head_gradient_gives_the_same_gradients():
    """y.sum().backward() hands the backward a stride-0 gradient."""
    x = RNG.standard_normal((40, 6)).astype(np.float32)
    gamma, beta = RNG.uniform(0.5, 2, 6).astype(np.float32), np.zeros(6, np.float32)
    g = np.broadcast_to(np.float32(0.5), x.shape)
    saved = NB._Saved()
    R.train_forward(x, gamma, beta, 1e-3, False, np.dtype(np.float32), saved)
    got = R.train_backward(g, x, gamma, False, np.dtype(np.float32), saved)
    want = _general(x, np.ascontiguousarray(g), gamma, beta, 1e-3, False)
    for a, b in zip(got, want[1:4]):
        _close(a, b, np.float32)


@pytest.mark.parametrize("shape,axis", [((64, 12), 1), ((3, 4, 5), -1), ((7, 5), -1)])
def test_nd_batch_norm_on_rows_takes_the_rows_path_with_moving_updates(shape, axis,
                                                                     monkeypatch):
    """The general versions are never called; values, gradients and the moving statistics
    match a float64 computation."""
    def refuse(*args):
        raise AssertionError("the general version ran")
    for name in ("batch_stats", "normalize", "grad_sums", "grad_data", "batch_stats_tiled"):
        monkeypatch.setattr(K, name, refuse)
    c = shape[axis]
    x = (RNG.standard_normal(shape) * 2 + 0.3).astype(np.float32)
    head = RNG.standard_normal(shape).astype(np.float32)
    gamma, beta = RNG.uniform(0.5, 2, c).astype(np.float32), np.full(c, 0.25, np.float32)
    xs, gs, bs = nd.array(x), nd.array(gamma), nd.array(beta)
    for a in (xs, gs, bs):
        a.attach_grad()
    mm, mv = nd.zeros(c), nd.ones(c)
    with autograd.record():
        y = nd.BatchNorm(xs, gs, bs, mm, mv, fix_gamma=False, axis=axis, momentum=0.8)
    y.backward(nd.array(head))
    rows = np.moveaxis(x, axis, -1).reshape(-1, c).astype(np.float64)
    h = np.moveaxis(head, axis, -1).reshape(-1, c).astype(np.float64)
    out, dx, dgamma, dbeta, mean, var = _general(rows, h, gamma.astype(np.float64),
                                                 beta.astype(np.float64), 1e-3, False)
    back = np.moveaxis(out.reshape(np.moveaxis(x, axis, -1).shape), -1, axis)
    _close(y.asnumpy(), back, np.float32)
    _close(xs.grad.asnumpy(), np.moveaxis(dx.reshape(np.moveaxis(x, axis, -1).shape), -1, axis),
           np.float32)
    _close(gs.grad.asnumpy(), dgamma, np.float32)
    _close(bs.grad.asnumpy(), dbeta, np.float32)
    _close(mm.asnumpy(), 0.2 * mean, np.float32)
    _close(mv.asnumpy(), 0.8 + 0.2 * var, np.float32)

"""BatchNorm's centred tiled versions (ndsh/engine/ops/norm_batch_centred.py, numpy data far
from zero) against its general versions: the same formulas operation for operation, so the
elementwise results are the same bits and the sums agree within float rounding, with tiles
that split rows and channels, strided data and a broadcast head gradient; and the choice
among the three kinds of kernels."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.ops import norm_batch_centred as P
from ndsh.engine.ops import norm_batch_kernels as K

RNG = np.random.default_rng(22)
GENERAL = {name: getattr(K, name) for name in ("normalize", "grad_sums", "grad_data")}


@pytest.fixture(params=[K.TILE, 2000, 64], ids=["one tile", "tiles of 2000 B", "tiles of 64 B"])
def tile(request, monkeypatch):
    monkeypatch.setattr(K, "TILE", request.param)
    return request.param


def _far(shape, dtype):
    """Data whose channel means are 50-100 standard deviations from zero."""
    c = shape[1]
    x = (RNG.standard_normal(shape) + RNG.uniform(50, 100, c)[:, None]).astype(dtype)
    return x, RNG.standard_normal(shape).astype(dtype), \
        [RNG.standard_normal(c).astype(dtype) for _ in range(3)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(6, 5, 40), (3, 7, 100), (4, 3, 5)])
def test_the_centred_versions_give_the_general_versions_values(shape, dtype, tile):
    x, g, (a, b, c) = _far(shape, dtype)
    mean = x.mean(axis=(0, 2))
    assert not K.near_zero(np, x, mean, x.var(axis=(0, 2)))
    want, got = np.empty_like(x), np.full_like(x, np.nan)
    GENERAL["normalize"](np, x, mean, a, b, want)
    P.normalize_centred_tiled(x, mean, a, b, got)
    np.testing.assert_array_equal(got, want)
    got[...] = np.nan
    GENERAL["grad_data"](np, x, g, mean, a, b, c, want)
    P.grad_data_centred_tiled(x, g, mean, a, b, c, got)
    np.testing.assert_array_equal(got, want)
    tol = 2e-5 if dtype == np.float32 else 1e-12
    for fast, general in zip(P.grad_sums_centred_tiled(x, g, mean),
                             GENERAL["grad_sums"](np, x, g, mean)):
        np.testing.assert_allclose(fast, general, rtol=tol, atol=tol * np.abs(general).max())


def test_strided_data_and_a_broadcast_head_gradient(tile):
    x = (RNG.standard_normal((4, 3, 80)) + 40).astype(np.float32)[:, :, ::2]
    g = np.broadcast_to(np.float32(0.5), x.shape)
    a, b, c = (RNG.standard_normal(3).astype(np.float32) for _ in range(3))
    mean = x.mean(axis=(0, 2))
    want, got = np.empty(x.shape, np.float32), np.empty(x.shape, np.float32)
    GENERAL["grad_data"](np, x, g, mean, a, b, c, want)
    P.grad_data_centred_tiled(x, g, mean, a, b, c, got)
    np.testing.assert_array_equal(got, want)
    for fast, general in zip(P.grad_sums_centred_tiled(x, g, mean),
                             GENERAL["grad_sums"](np, x, g, mean)):
        np.testing.assert_allclose(fast, general, rtol=2e-5)


def test_the_choice_near_zero_far_from_it_and_one_value_a_row(monkeypatch):
    """near: the fast versions; far, numpy, after > 1: the centred ones; after 1 or another
    backend: the general ones."""
    calls = []
    for module, names in ((K, ("normalize_tiled", "normalize")),
                          (P, ("normalize_centred_tiled",))):
        for name in names:
            monkeypatch.setattr(module, name, lambda *a, _n=name: calls.append(_n))
    x = np.zeros((2, 3, 4), np.float32)
    for near, data in ((True, x), (False, x), (False, x[:, :, :1])):
        P.normalize(np, data, None, None, None, None, near)
    P.normalize(object(), x, None, None, None, None, False)
    assert calls == ["normalize_tiled", "normalize_centred_tiled", "normalize", "normalize"]


def test_batch_norm_far_from_zero_takes_the_centred_versions(monkeypatch):
    """(N, C, H, W) float32 at a mean of 40 std: the general versions never run, and values
    and gradients match float64."""
    def refuse(*args):
        raise AssertionError("the general version ran")
    shape = (8, 3, 6, 6)
    x = RNG.standard_normal(shape) + 40
    head = RNG.standard_normal(shape)
    got = {}
    for dtype in ("float64", "float32"):
        if dtype == "float32":
            for name in GENERAL:
                monkeypatch.setattr(K, name, refuse)
        xs = nd.array(x, dtype=dtype)
        gamma = nd.array([0.5, 1, 2], dtype=dtype)
        for a in (xs, gamma):
            a.attach_grad()
        with autograd.record():
            y = nd.BatchNorm(xs, gamma, nd.zeros(3, dtype=dtype), nd.zeros(3, dtype=dtype),
                             nd.ones(3, dtype=dtype), fix_gamma=False)
        y.backward(nd.array(head, dtype=dtype))
        got[dtype] = [v.asnumpy().astype(np.float64) for v in (y, xs.grad, gamma.grad)]
    for f32, f64 in zip(got["float32"], got["float64"]):
        np.testing.assert_allclose(f32, f64, atol=3e-5 * np.abs(f64).max(), rtol=0)


def test_the_two_pass_statistics_give_the_fallbacks_bits(tile):
    """Far from zero, batch_stats_tiled's one pass falls back to the centred variance: the
    two-pass statistics skip the one pass and give the same bits (near zero: the two-pass
    variance, within rounding of the one pass's)."""
    for shape in [(6, 5, 40), (3, 7, 100), (4, 3, 5)]:
        x, _, _ = _far(shape, np.float32)
        for got, want in zip(P.batch_stats_centred_tiled(x), K.batch_stats_tiled(x)):
            np.testing.assert_array_equal(got, want)
        near = RNG.standard_normal(shape).astype(np.float32)
        (m1, v1, n1), (m2, v2, n2) = P.batch_stats_centred_tiled(near), K.batch_stats_tiled(near)
        np.testing.assert_array_equal(m1, m2)
        np.testing.assert_allclose(v1, v2, rtol=1e-5)
        assert n1 and n2


def test_the_moving_statistics_choose_the_two_pass_statistics(monkeypatch):
    assert P.far_expected(np.array([0.0, 2.0]), np.array([1.0, 3.0]))
    assert not P.far_expected(np.array([0.0, 1.0]), np.array([1.0, 1.0]))
    assert not P.far_expected(np.zeros(2), np.ones(2))            # their initial values
    calls = []
    for name in ("batch_stats_tiled", "batch_stats_centred_tiled"):
        module = K if name == "batch_stats_tiled" else P
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda x, _r=real, _n=name: calls.append(_n) or _r(x))
    x = nd.array(RNG.standard_normal((4, 3, 5, 5)) + 30)
    for moving_mean in (nd.zeros(3), nd.full(3, 30)):
        with autograd.record():
            nd.BatchNorm(x, nd.ones(3), nd.zeros(3), moving_mean, nd.ones(3))
    assert calls == ["batch_stats_tiled", "batch_stats_centred_tiled"]

"""BatchNorm's numpy fast versions (ndsh/engine/ops/norm_batch_kernels.py) against its general
versions: the same values within float rounding, tiles that split the rows and the channels
included, and the choice between them (`near_zero`, the one-pass variance's fallback)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.ops import norm_batch_kernels as K

RNG = np.random.default_rng(20)
# (before, channels, after): rows of all channels in a tile, one row's channels split across
# tiles, short lines (einsum), one value a channel (the (N, C) layout)
SHAPES = [(6, 5, 40), (3, 7, 100), (4, 3, 5), (50, 9, 1)]


@pytest.fixture(params=[K.TILE, 2000, 64], ids=["one tile", "tiles of 2000 B", "tiles of 64 B"])
def tile(request, monkeypatch):
    """TILE: 2000 bytes takes several rows of (6, 5, 40) and 5 channels of (3, 7, 100) a
    tile; 64 bytes splits every shape above into one row or one channel a tile."""
    monkeypatch.setattr(K, "TILE", request.param)
    return request.param


def _data(shape, dtype, offset=0.5):
    c = shape[1]
    x = (RNG.standard_normal(shape) * 2 + offset * RNG.uniform(0.5, 1, c)[:, None]).astype(dtype)
    g = RNG.standard_normal(shape).astype(dtype)
    coefs = [RNG.standard_normal(c).astype(dtype) for _ in range(3)]
    return x, g, coefs


def _close(got, want, dtype):
    tol = 2e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * max(1, np.abs(want).max()))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES)
def test_each_fast_version_gives_the_general_versions_values(shape, dtype, tile):
    x, g, (a, b, c) = _data(shape, dtype)
    assert tile != 64 or len(K._tiles(shape, x.itemsize)) > 1
    mean, var = K.batch_stats(np, x)
    fast_mean, fast_var, near = K.batch_stats_tiled(x)
    _close(fast_mean, mean, dtype)
    _close(fast_var, var, dtype)
    assert near and K.near_zero(np, x, mean, var)
    want, got = np.empty_like(x), np.full_like(x, np.nan)
    K.normalize(np, x, mean, a, b, want)
    K.normalize_tiled(x, mean, a, b, got)
    _close(got, want, dtype)
    for fast, general in zip(K.grad_sums_tiled(x, g, mean), K.grad_sums(np, x, g, mean)):
        _close(fast, general, dtype)
    got[...] = np.nan
    K.grad_data(np, x, g, mean, a, b, c, want)
    K.grad_data_tiled(x, g, mean, a, b, c, got)
    _close(got, want, dtype)


def test_tiles_cover_the_array_once(tile):
    for shape in SHAPES + [(2, 3, 1000)]:
        seen = np.zeros(shape, int)
        for chans, rows in K._tiles(shape, 4):
            seen[rows, chans] += 1
        assert (seen == 1).all()
        assert K._scratch(np.empty(shape, np.float32)).size >= max(
            np.empty(shape)[rows, chans].size for chans, rows in K._tiles(shape, 4))


def test_the_one_pass_variance_falls_back_to_two_passes_far_from_zero(tile):
    """mean**2 > ONE_PASS_STATS * var: E[x**2] - mean**2 would lose digits to cancellation."""
    x = (RNG.standard_normal((8, 3, 64)) * 0.5 + 200).astype(np.float32)
    mean, var, near = K.batch_stats_tiled(x)
    truth = x.astype(np.float64).var(axis=(0, 2))
    np.testing.assert_array_equal(var, K._centred_squares_tiled(x, mean) / x[:, 0].size)
    np.testing.assert_allclose(var, truth, rtol=1e-4)
    assert not near and not K.near_zero(np, x, mean, var)
    x = (RNG.standard_normal((8, 3, 64)) + 2).astype(np.float32)    # mean**2 / var ~ 4:
    mean, var, near = K.batch_stats_tiled(x)                          # two passes, near zero
    np.testing.assert_array_equal(var, K._centred_squares_tiled(x, mean) / x[:, 0].size)
    assert near and K.near_zero(np, x, mean, var)


@pytest.mark.parametrize("values", [[0.0, 0.0], [3.0, 3.0]])
def test_a_constant_channel_has_variance_exactly_zero(values, tile):
    x = np.broadcast_to(np.array(values, np.float32)[None, :, None], (4, 2, 20)).copy()
    _, var, near = K.batch_stats_tiled(x)
    assert var.tolist() == [0, 0] and near == (values == [0.0, 0.0])


def test_near_zero_decides_per_channel_and_says_no_to_nan_and_other_backends():
    x = np.zeros((2, 2, 2), np.float32)
    var = np.array([1.0, 1.0], np.float32)
    assert K.near_zero(np, x, np.array([4.0, -4.0], np.float32), var)
    assert not K.near_zero(np, x, np.array([4.0, 4.5], np.float32), var)
    assert not K.near_zero(np, x, np.array([0.0, np.nan], np.float32), var)
    assert not K.near_zero(object(), x, np.zeros(2, np.float32), var)


@pytest.mark.parametrize("offset", [0.0, 4.0, 60.0])
def test_float32_batch_norm_stays_within_a_few_roundings_of_float64(offset):
    """Through nd.BatchNorm: the fast versions near zero (offset 0 and |mean| = 4 std, the
    edge of near_zero), the general ones beyond (60 std)."""
    shape = (16, 4, 12, 12)
    x = (RNG.standard_normal(shape) + offset).astype(np.float32)
    head = RNG.standard_normal(shape).astype(np.float32)
    gamma, beta = RNG.uniform(0.5, 1.5, 4), RNG.uniform(-0.5, 0.5, 4)
    got = {}
    for dtype in ("float32", "float64"):
        xs = nd.array(x, dtype=dtype)
        ps = [nd.array(v, dtype=dtype) for v in (gamma, beta)]
        for a in (xs, *ps):
            a.attach_grad()
        with autograd.record():
            y = nd.BatchNorm(xs, *ps, nd.zeros(4, dtype=dtype), nd.ones(4, dtype=dtype),
                             fix_gamma=False, eps=1e-5)
        y.backward(nd.array(head, dtype=dtype))
        got[dtype] = [v.asnumpy().astype(np.float64) for v in (y, xs.grad, *(p.grad for p in ps))]
    for f32, f64 in zip(got["float32"], got["float64"]):
        np.testing.assert_allclose(f32, f64, atol=3e-5 * np.abs(f64).max(), rtol=0)


def test_the_bench_layout_takes_the_fast_versions(monkeypatch):
    """(N, C, H, W) float32 near zero: the general versions are never called."""
    def refuse(*args):
        raise AssertionError("the general version ran")
    for name in ("batch_stats", "normalize", "grad_sums", "grad_data"):
        monkeypatch.setattr(K, name, refuse)
    x = nd.array(RNG.standard_normal((4, 3, 8, 8)).astype(np.float32))
    x.attach_grad()
    with autograd.record():
        y = nd.BatchNorm(x, nd.ones(3), nd.zeros(3), nd.zeros(3), nd.ones(3), fix_gamma=False)
    y.backward()
    assert np.isfinite(x.grad.asnumpy()).all()


def test_a_broadcast_head_gradient_takes_einsum_with_the_same_sums(tile):
    """y.sum().backward() hands BatchNorm a stride-0 gradient; matmul would copy it first."""
    x, _, (a, b, c) = _data((6, 5, 40), np.float32)
    g = np.broadcast_to(np.float32(0.5), x.shape)
    mean = x.mean(axis=(0, 2))
    for fast, general in zip(K.grad_sums_tiled(x, g, mean), K.grad_sums(np, x, g, mean)):
        _close(fast, general, np.float32)
    want, got = np.empty_like(x), np.empty_like(x)
    K.grad_data(np, x, g, mean, a, b, c, want)
    K.grad_data_tiled(x, g, mean, a, b, c, got)
    _close(got, want, np.float32)


def test_strided_data_gives_the_general_versions_values(tile):
    """A strided view (every other pixel) takes einsum in the tiled sums, the planes still."""
    x = RNG.standard_normal((4, 3, 80)).astype(np.float32)[:, :, ::2]
    g = RNG.standard_normal((4, 3, 40)).astype(np.float32)
    a, b, c = (RNG.standard_normal(3).astype(np.float32) for _ in range(3))
    mean, var = K.batch_stats(np, x)
    for fast, general in zip(K.batch_stats_tiled(x), (mean, var)):
        _close(fast, general, np.float32)
    for fast, general in zip(K.grad_sums_tiled(x, g, mean), K.grad_sums(np, x, g, mean)):
        _close(fast, general, np.float32)
    want, got = np.empty_like(g), np.empty_like(g)
    K.normalize(np, x, mean, a, b, want)
    K.normalize_tiled(x, mean, a, b, got)
    _close(got, want, np.float32)
    K.grad_data(np, x, g, mean, a, b, c, want)
    K.grad_data_tiled(x, g, mean, a, b, c, got)
    _close(got, want, np.float32)

"""Winograd's F(2x2, 3x3) convolution (ops/conv_winograd.py) against the definition in float64
and against the direct paths it stands in for: the forward, the data gradient (a forward of g
with the flipped weights) and the weight gradient, on odd and even sizes, paddings 0 to 2,
several chunks of the batch; inf and NaN fall back to the direct paths; ops/conv_kernels.py
takes it where use() says, and nd.Convolution's gradients agree."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.ops import conv_kernels, conv_winograd

RNG = np.random.default_rng(33)
GEO = dict(kernel=(3, 3), stride=(1, 1), dilate=(1, 1))


def _definition(x, w, pad):
    """The cross-correlation in float64, window by window."""
    x = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    windows = np.lib.stride_tricks.sliding_window_view(x, (3, 3), axis=(2, 3))
    return np.einsum("nchwrs,fcrs->nfhw", windows, w.astype(np.float64))


def _close(got, want, rtol=1e-5):
    assert got.dtype == np.float32 and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * np.abs(want).max())


CASES = [
    ((3, 5, 12, 12), 4, (1, 1)),       # even output, ResNet's padding
    ((2, 3, 9, 11), 6, (1, 1)),        # odd output sizes: the last tile is half junk
    ((2, 4, 10, 13), 3, (0, 0)),       # no padding
    ((3, 2, 7, 8), 5, (2, 1)),         # padding past the kernel's middle, rectangular
]


@pytest.mark.parametrize("shape, filters, pad", CASES)
# the whole batch in one chunk, then a sample a chunk with the products' positions in bands
# of 8 and a few left over (the grids here are 35 to 48 positions)
@pytest.mark.parametrize("workspace, band", [(1 << 22, 200), (3000, 8)])
def test_forward_and_weight_gradient_match_float64(shape, filters, pad, workspace, band,
                                                   monkeypatch):
    monkeypatch.setattr(conv_winograd, "WORKSPACE", workspace)
    monkeypatch.setattr(conv_winograd, "BAND", band)
    x = RNG.standard_normal(shape, dtype=np.float32)
    w = RNG.standard_normal((filters, shape[1], 3, 3), dtype=np.float32)
    want = _definition(x, w, pad)
    got = conv_winograd.forward(np, x, w, pad, want.shape[2:])
    _close(got, want)
    g = RNG.standard_normal(want.shape, dtype=np.float32)
    want_w = conv_kernels.weight_gradient(np, g.astype(np.float64), x.astype(np.float64),
                                          w.shape, pad=pad, groups=1, **GEO)
    _close(conv_winograd.weight_gradient(np, g, x, pad), want_w)


@pytest.mark.parametrize("shape, filters, pad", CASES[:3])
def test_data_gradient_matches_float64(shape, filters, pad, monkeypatch):
    monkeypatch.setattr(conv_winograd, "use", lambda *a: True)
    x = RNG.standard_normal(shape, dtype=np.float32)
    w = RNG.standard_normal((filters, shape[1], 3, 3), dtype=np.float32)
    out = _definition(x, w, pad).shape
    g = RNG.standard_normal(out, dtype=np.float32)
    got = conv_kernels._winograd_data_gradient(np, g, w, shape, pad=pad, groups=1, **GEO)
    want = conv_kernels._direct_data_gradient(np, g.astype(np.float64), w.astype(np.float64),
                                              shape, pad=pad, groups=1, **GEO)
    _close(got, want)
    # a pad past the kernel's reach is no forward of g
    assert conv_kernels._winograd_data_gradient(np, g, w, shape, pad=(3, 3), groups=1,
                                                 **GEO) is None


def test_resnet_shape_error_stays_at_float32_rounding():
    """One ResNet-sized sample: the error against float64 is the direct product's order."""
    x = RNG.standard_normal((1, 64, 56, 56), dtype=np.float32)
    w = (RNG.standard_normal((64, 64, 3, 3)) * 0.05).astype(np.float32)
    want = _definition(x, w, (1, 1))
    error = np.abs(conv_winograd.forward(np, x, w, (1, 1), (56, 56)) - want).max()
    direct = np.abs(conv_kernels._direct_forward(np, x, w, pad=(1, 1), groups=1,
                                                 out=(56, 56), **GEO) - want).max()
    assert error < 4 * direct + 1e-7 and error < 2e-6 * np.abs(want).max()
    g = RNG.standard_normal((1, 64, 56, 56), dtype=np.float32)
    want_w = conv_kernels._direct_weight_gradient(np, g.astype(np.float64), x.astype(np.float64),
                                                  w.shape, pad=(1, 1), groups=1, **GEO)
    _close(conv_winograd.weight_gradient(np, g, x, (1, 1)), want_w)


def test_paths_are_taken_where_use_says():
    big = dict(kernel=(3, 3), stride=(1, 1), dilate=(1, 1), groups=1)
    assert conv_winograd.use(64, 64, out=(56, 56), **big)
    assert conv_winograd.use(512, 256, out=(28, 28), **big)
    assert conv_winograd.use(32, 32, out=(28, 29), **big)
    assert not conv_winograd.use(16, 64, out=(56, 56), **big)           # few channels
    assert not conv_winograd.use(64, 64, out=(14, 14), **big)           # small images
    assert not conv_winograd.use(64, 64, (5, 5), (1, 1), (1, 1), 1, (56, 56))
    assert not conv_winograd.use(64, 64, (3, 3), (2, 2), (1, 1), 1, (56, 56))
    assert not conv_winograd.use(64, 64, (3, 3), (1, 1), (2, 2), 1, (56, 56))
    assert not conv_winograd.use(64, 64, (3, 3), (1, 1), (1, 1), 2, (56, 56))
    assert not conv_winograd.use(64, 64, (3,), (1,), (1,), 1, (56,))


@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
def test_non_finite_data_falls_back_to_the_direct_paths(bad, monkeypatch):
    monkeypatch.setattr(conv_winograd, "use", lambda *a: True)
    x = RNG.standard_normal((2, 3, 8, 8), dtype=np.float32)
    w = RNG.standard_normal((4, 3, 3, 3), dtype=np.float32)
    g = RNG.standard_normal((2, 4, 8, 8), dtype=np.float32)
    bad_x, bad_g = x.copy(), g.copy()
    bad_x[1, 2, 3, 4] = bad
    bad_g[0, 1, 5, 2] = bad
    assert conv_winograd.forward(np, bad_x, w, (1, 1), (8, 8)) is None
    assert conv_winograd.weight_gradient(np, g, bad_x, (1, 1)) is None
    assert conv_winograd.weight_gradient(np, bad_g, x, (1, 1)) is None
    args = dict(pad=(1, 1), groups=1, **GEO)
    with np.errstate(invalid="ignore", over="ignore"):
        for got, want in [
            (conv_kernels.forward(np, bad_x, w, None, **args),
             conv_kernels._direct_forward(np, bad_x, w, out=(8, 8), **args)),
            (conv_kernels.data_gradient(np, bad_g, w, x.shape, **args),
             conv_kernels._direct_data_gradient(np, bad_g, w, x.shape, **args)),
            (conv_kernels.weight_gradient(np, g, bad_x, w.shape, **args),
             conv_kernels._direct_weight_gradient(np, g, bad_x, w.shape, **args)),
        ]:
            np.testing.assert_array_equal(got, want)
            assert not np.isfinite(got).all()


@pytest.mark.parametrize("pad", [(0, 0), (1, 1), (2, 2)])
@pytest.mark.parametrize("where", [(0, 0), (6, 7), (7, 7), (3, 0)])
def test_weight_gradient_sees_inf_met_only_by_zeros(pad, where):
    """The weight gradient checks its sums, not its inputs: an inf pixel (corners and edges
    too, where a tile's junk reads it) must reach them even where g is zero all around it,
    and an inf in g even where the data is zero."""
    x = np.zeros((2, 3, 8, 8), dtype=np.float32)
    x[1, 2][where] = np.inf
    out = (10 - 2 + 2 * pad[0] - 2,) * 2
    g = np.zeros((2, 4) + out, dtype=np.float32)
    assert conv_winograd.weight_gradient(np, g, x, pad) is None
    g[1, 3, out[0] - 1, 0] = np.inf
    assert conv_winograd.weight_gradient(np, g, np.zeros_like(x), pad) is None
    assert conv_winograd.weight_gradient(np, np.ones_like(g), np.ones_like(x), pad) is not None


def test_convolution_gradients_through_autograd(monkeypatch):
    x0 = RNG.standard_normal((2, 32, 28, 30), dtype=np.float32)
    w0 = (RNG.standard_normal((32, 32, 3, 3)) * 0.1).astype(np.float32)
    b0 = RNG.standard_normal(32, dtype=np.float32)
    g0 = RNG.standard_normal((2, 32, 28, 30), dtype=np.float32)
    taken = []
    for name in ("forward", "weight_gradient"):
        original = getattr(conv_winograd, name)
        monkeypatch.setattr(conv_winograd, name,
                            lambda *a, name=name, f=original: taken.append(name) or f(*a))

    def run(dtype):
        x, w, b = (nd.array(a, dtype=dtype) for a in (x0, w0, b0))
        for p in (x, w, b):
            p.attach_grad()
        with autograd.record():
            y = nd.Convolution(x, w, b, kernel=(3, 3), pad=(1, 1), num_filter=32)
        y.backward(nd.array(g0, dtype=dtype))
        return [a.asnumpy() for a in (y, x.grad, w.grad, b.grad)]

    fast = run(np.float32)
    assert taken == ["forward", "forward", "weight_gradient"]     # y, x.grad (of g), w.grad
    taken.clear()
    exact = run(np.float64)        # float64 takes Winograd too: the coefficients are exact
    for a, b in zip(fast, exact):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5 * np.abs(b).max())

"""The convolution and pooling fast paths against the general paths they stand in for: the
same values (to float32 rounding: the sums run in another order) and the same gradients.

- conv_rows: the 2-D stride-1 forward for few channels (ops/conv_rows.py) against the general
  forward (conv_kernels._gemm_forward) and the definition.
- conv_rows.weight_gradient / data_gradient: the same rows batch-last for the gradients of
  small images in a large batch, against conv_batchlast's columns.
- conv_rows.weight_gradient_rows: the weight gradient with the same rows, sample by sample,
  for outputs of 400 positions or more, against the general columns' product.
- conv_rows.use_large: the forward and the data gradient with the rows for 16 channels and
  more, against the general columns' product and col2im.
- pool_tiles: avg and sum pooling over windows that tile the image (ops/pool_tiles.py)
  against the general loop over the kernel's offsets, forward and gradient.
"""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.ops import (
    conv_batchlast,
    conv_columns,
    conv_kernels,
    conv_rows,
    conv_winograd,
    pool_tiles,
)

RNG = np.random.default_rng(20)


def _general_forward(x, w, kernel, dilate, pad):
    out = conv_columns.output_shape(x.shape[2:], kernel, (1, 1), dilate, pad)
    return conv_kernels._gemm_forward(np, x, w, kernel, (1, 1), dilate, pad, 1, out), out


@pytest.mark.parametrize("shape, filters, kernel, dilate, pad", [
    ((256, 6, 14, 14), 16, (5, 5), (1, 1), (0, 0)),     # LeNet's second layer
    ((5, 4, 9, 11), 7, (3, 4), (1, 1), (1, 2)),         # rectangular kernel and image, padded
    ((3, 6, 12, 10), 5, (3, 2), (2, 3), (1, 0)),        # dilated
    ((2, 3, 64, 64), 8, (5, 5), (1, 1), (2, 2)),        # chunks of the batch
])
def test_row_columns_forward_matches_the_general_one(shape, filters, kernel, dilate, pad,
                                                     monkeypatch):
    x = RNG.standard_normal(shape, dtype=np.float32)
    w = RNG.standard_normal((filters, shape[1]) + kernel, dtype=np.float32)
    assert conv_rows.use(shape[1], kernel, (1, 1), 1)
    want, out = _general_forward(x, w, kernel, dilate, pad)
    monkeypatch.setattr(conv_rows, "ROWS_WORKSPACE", 50_000)      # several chunks
    got = conv_rows.forward(np, x, w, kernel, dilate, pad, out)
    assert got.shape == want.shape and got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())


def test_row_columns_path_is_taken_and_gradients_agree(monkeypatch):
    x0 = RNG.standard_normal((8, 6, 14, 14), dtype=np.float32)
    w0 = RNG.standard_normal((16, 6, 5, 5), dtype=np.float32)
    b0 = RNG.standard_normal(16, dtype=np.float32)
    taken = []
    original = conv_rows.forward
    monkeypatch.setattr(conv_rows, "forward", lambda *a: taken.append(1) or original(*a))

    def run():
        x, w, b = nd.array(x0), nd.array(w0), nd.array(b0)
        for p in (x, w, b):
            p.attach_grad()
        with autograd.record():
            y = nd.Convolution(x, w, b, kernel=(5, 5), num_filter=16)
            (y * y).sum().backward()
        return y.asnumpy(), x.grad.asnumpy(), w.grad.asnumpy(), b.grad.asnumpy()

    fast = run()
    assert taken
    monkeypatch.setattr(conv_rows, "use", lambda *a: False)
    taken.clear()
    general = run()
    assert not taken
    for a, b in zip(fast, general):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4 * np.abs(b).max())


@pytest.mark.parametrize("channels, kernel, stride, groups", [
    (1, (5, 5), (1, 1), 1),      # one channel: products too thin
    (3, (3, 3), (1, 1), 1),      # inner size 9
    (16, (3, 3), (1, 1), 1),     # the implicit forward's
    (6, (5, 5), (2, 2), 1),      # strided
    (6, (5, 5), (1, 1), 2),      # grouped
    (6, (5,), (1,), 1),          # 1-D
    (6, (1, 5), (1, 1), 1),      # one kernel row
])
def test_row_columns_are_left_where_they_do_not_pay(channels, kernel, stride, groups):
    assert not conv_rows.use(channels, kernel, stride, groups)


@pytest.mark.parametrize("shape, filters, kernel, dilate, pad", [
    ((40, 6, 14, 14), 16, (5, 5), (1, 1), (0, 0)),     # LeNet's second layer
    ((33, 4, 9, 11), 7, (3, 4), (1, 1), (1, 2)),       # rectangular, padded, odd batch
    ((32, 6, 12, 10), 5, (3, 2), (2, 3), (1, 0)),      # dilated
])
def test_row_gradients_match_the_batch_last_columns(shape, filters, kernel, dilate, pad,
                                                    monkeypatch):
    x = RNG.standard_normal(shape, dtype=np.float32)
    weight_shape = (filters, shape[1]) + kernel
    out = conv_columns.output_shape(shape[2:], kernel, (1, 1), dilate, pad)
    g = RNG.standard_normal(shape[:1] + (filters,) + out, dtype=np.float32)
    assert conv_batchlast.use(shape[0], kernel, (1, 1), pad, out)
    assert conv_rows.use_gradients(shape[1], filters, kernel, (1, 1), 1)
    want = conv_batchlast.weight_gradient(np, g, x, weight_shape, kernel, (1, 1), dilate, pad, 1)
    monkeypatch.setattr(conv_rows, "ROWS_CACHE", 60_000)           # several chunks
    got = conv_rows.weight_gradient(np, g, x, weight_shape, kernel, dilate, pad)
    assert got.shape == weight_shape and got.dtype == np.float32 and got.flags.c_contiguous
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())
    w = RNG.standard_normal(weight_shape, dtype=np.float32)
    want = conv_batchlast.data_gradient(np, g, w, shape, kernel, (1, 1), dilate, pad, 1)
    monkeypatch.setattr(conv_rows, "FOLD_CACHE", 60_000)
    got = conv_rows.data_gradient(np, g, w, shape, kernel, dilate, pad)
    assert got.shape == shape and got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())


def test_row_gradients_are_taken_through_convolution(monkeypatch):
    x0 = RNG.standard_normal((32, 6, 14, 14), dtype=np.float32)
    w0 = RNG.standard_normal((16, 6, 5, 5), dtype=np.float32)
    taken = []
    for name in ("weight_gradient", "data_gradient"):
        original = getattr(conv_rows, name)
        monkeypatch.setattr(conv_rows, name,
                            lambda *a, name=name, f=original: taken.append(name) or f(*a))

    def run():
        x, w = nd.array(x0), nd.array(w0)
        x.attach_grad()
        w.attach_grad()
        with autograd.record():
            y = nd.Convolution(x, w, kernel=(5, 5), num_filter=16, no_bias=True)
            (y * y).sum().backward()
        return x.grad.asnumpy(), w.grad.asnumpy()

    fast = run()
    assert sorted(taken) == ["data_gradient", "weight_gradient"]
    monkeypatch.setattr(conv_rows, "use_gradients", lambda *a: False)
    general = run()
    assert len(taken) == 2
    for a, b in zip(fast, general):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5 * np.abs(b).max())
    assert not conv_rows.use_gradients(8, 32, (3, 3), (1, 1), 1)     # 32 filters: slower


@pytest.mark.parametrize("shape, filters, kernel, dilate, pad", [
    ((2, 16, 22, 20), 16, (3, 3), (1, 1), (1, 1)),     # ResNet-like, padded
    ((3, 1, 28, 28), 6, (5, 5), (1, 1), (2, 2)),       # LeNet's first layer
    ((2, 5, 24, 26), 7, (3, 2), (2, 1), (0, 1)),       # dilated, rectangular
    ((4, 3, 21, 20), 4, (1, 3), (1, 1), (0, 1)),       # one kernel row
])
def test_row_weight_gradient_by_sample_matches_the_columns(shape, filters, kernel, dilate, pad,
                                                           monkeypatch):
    x = RNG.standard_normal(shape, dtype=np.float32)
    weight_shape = (filters, shape[1]) + kernel
    out = conv_columns.output_shape(shape[2:], kernel, (1, 1), dilate, pad)
    g = RNG.standard_normal(shape[:1] + (filters,) + out, dtype=np.float32)
    assert conv_rows.use_weight_rows(kernel, (1, 1), 1, out)
    want = conv_kernels._gemm_weight_gradient(np, g, x, weight_shape, kernel, (1, 1), dilate,
                                              pad, 1)
    for workspace in (1 << 20, 20_000):                 # whole batch, then one sample a chunk
        monkeypatch.setattr(conv_rows, "ROWS_WORKSPACE", workspace)
        got = conv_rows.weight_gradient_rows(np, g, x, weight_shape, kernel, dilate, pad)
        assert got.shape == weight_shape and got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())


def test_row_weight_gradient_by_sample_through_convolution(monkeypatch):
    x0 = RNG.standard_normal((2, 16, 20, 20), dtype=np.float32)
    x0[0, 3, 5, 5] = np.inf            # no grid: an inf reaches only the gradients it touches
    w0 = RNG.standard_normal((16, 16, 3, 3), dtype=np.float32)
    taken = []
    original = conv_rows.weight_gradient_rows
    monkeypatch.setattr(conv_rows, "weight_gradient_rows",
                        lambda *a: taken.append(1) or original(*a))

    def run():
        x, w = nd.array(x0), nd.array(w0)
        w.attach_grad()
        with autograd.record():
            y = nd.Convolution(x, w, kernel=(3, 3), pad=(1, 1), num_filter=16, no_bias=True)
        y.backward(nd.ones(y.shape))
        return w.grad.asnumpy()

    fast = run()
    assert taken
    monkeypatch.setattr(conv_rows, "use_weight_rows", lambda *a: False)
    general = run()
    assert len(taken) == 1
    np.testing.assert_array_equal(np.isfinite(fast), np.isfinite(general))
    finite = np.isfinite(general)
    np.testing.assert_allclose(fast[finite], general[finite], rtol=1e-4,
                               atol=1e-5 * np.abs(general[finite]).max())
    assert not conv_rows.use_weight_rows((3, 3), (1, 1), 1, (16, 16))     # 256 positions
    assert not conv_rows.use_weight_rows((3, 3), (2, 2), 1, (28, 28))     # strided
    assert not conv_rows.use_weight_rows((1, 1), (1, 1), 1, (28, 28))     # 1 x 1


@pytest.mark.parametrize("shape, filters, kernel, dilate, pad", [
    ((2, 16, 20, 20), 16, (3, 3), (1, 1), (1, 1)),     # ResNet-like
    ((2, 17, 22, 21), 18, (3, 5), (2, 1), (2, 1)),     # dilated, rectangular
    ((3, 16, 24, 26), 16, (5, 5), (1, 1), (0, 0)),     # no padding: g padded by 4
])
def test_rows_for_many_channels_match_the_columns(shape, filters, kernel, dilate, pad,
                                                  monkeypatch):
    x = RNG.standard_normal(shape, dtype=np.float32)
    w = RNG.standard_normal((filters, shape[1]) + kernel, dtype=np.float32)
    out = conv_columns.output_shape(shape[2:], kernel, (1, 1), dilate, pad)
    g = RNG.standard_normal(shape[:1] + (filters,) + out, dtype=np.float32)
    assert conv_rows.use_large(shape[1], kernel, (1, 1), 1, out[0] * out[1])
    assert conv_rows.use_large(filters, kernel, (1, 1), 1, shape[2] * shape[3])
    want = conv_kernels._gemm_forward(np, x, w, kernel, (1, 1), dilate, pad, 1, out)
    want_dx = conv_kernels._gemm_data_gradient(np, g, w, shape, kernel, (1, 1), dilate, pad, 1,
                                               out)
    for workspace in (1 << 20, 30_000):                 # whole batch, then one sample a chunk
        monkeypatch.setattr(conv_rows, "ROWS_WORKSPACE", workspace)
        got = conv_rows.forward(np, x, w, kernel, dilate, pad, out)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())
        got = conv_rows.data_gradient_rows(np, g, w, shape, kernel, dilate, pad)
        assert got.shape == shape and got.dtype == np.float32
        np.testing.assert_allclose(got, want_dx, rtol=1e-5, atol=1e-5 * np.abs(want_dx).max())
    # a pad past the kernel's reach is left to col2im
    assert conv_rows.data_gradient_rows(np, g, w, shape, kernel, dilate, (5, 5)) is None


def test_rows_for_many_channels_through_convolution(monkeypatch):
    x0 = RNG.standard_normal((2, 16, 20, 20), dtype=np.float32)
    w0 = RNG.standard_normal((16, 16, 3, 3), dtype=np.float32)
    # Winograd takes finite 3x3 data first (test_conv_winograd.py); the rows are next
    monkeypatch.setattr(conv_winograd, "use", lambda *a: False)
    taken = []
    for name in ("forward", "data_gradient_rows"):
        original = getattr(conv_rows, name)
        monkeypatch.setattr(conv_rows, name,
                            lambda *a, name=name, f=original: taken.append(name) or f(*a))

    def run():
        x, w = nd.array(x0), nd.array(w0)
        x.attach_grad()
        with autograd.record():
            y = nd.Convolution(x, w, kernel=(3, 3), pad=(1, 1), num_filter=16, no_bias=True)
            (y * y).sum().backward()
        return y.asnumpy(), x.grad.asnumpy()

    fast = run()
    assert "forward" in taken and "data_gradient_rows" in taken
    monkeypatch.setattr(conv_rows, "use_large", lambda *a: False)
    taken.clear()
    general = run()
    assert not taken
    for a, b in zip(fast, general):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4 * np.abs(b).max())
    assert not conv_rows.use_large(16, (3, 3), (1, 1), 1, 256)     # 16x16: implicit still
    assert not conv_rows.use_large(8, (3, 3), (1, 1), 1, 400)      # few channels: use()'s


def _pool_run(x0, g0, **kwargs):
    x = nd.array(x0, dtype=x0.dtype)
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling(x, **kwargs)
    y.backward(nd.array(g0, dtype=g0.dtype))
    return y.asnumpy(), x.grad.asnumpy()


@pytest.mark.parametrize("pool_type", ["avg", "sum"])
@pytest.mark.parametrize("shape, kernel, layout, dtype", [
    ((4, 6, 28, 28), (2, 2), None, np.float32),       # LeNet's first pooling
    ((3, 16, 10, 10), (2, 2), None, np.float32),
    ((2, 3, 9, 8), (3, 2), None, np.float32),          # three rows, two columns
    ((2, 3, 6, 8), (1, 4), None, np.float32),          # one row
    ((2, 3, 6, 8), (3, 1), None, np.float32),          # one column
    ((2, 8, 6, 3), (2, 2), "NHWC", np.float32),        # channels last
    ((2, 3, 8, 8), (2, 2), None, np.float16),          # summed in float32
    ((2, 3, 8, 8), (2, 2), None, np.float64),
])
def test_tiled_pooling_matches_the_general_loop(pool_type, shape, kernel, layout, dtype,
                                                monkeypatch):
    x0 = RNG.standard_normal(shape).astype(dtype)
    x0.flat[::7] = 0
    kwargs = dict(kernel=kernel, stride=kernel, pool_type=pool_type, layout=layout)
    out = list(shape)
    axes = (1, 2) if layout == "NHWC" else (2, 3)
    for axis, k in zip(axes, kernel):
        out[axis] //= k
    g0 = RNG.standard_normal(out).astype(dtype)
    spread = []
    original = pool_tiles.tile_spread
    monkeypatch.setattr(pool_tiles, "tile_spread", lambda *a: spread.append(1) or original(*a))
    y_fast, grad_fast = _pool_run(x0, g0, **kwargs)
    assert spread
    monkeypatch.setattr(pool_tiles, "tiles", lambda *a: False)
    y_loop, grad_loop = _pool_run(x0, g0, **kwargs)
    assert y_fast.dtype == y_loop.dtype == dtype
    # the sums run in another order: the last bit may differ
    np.testing.assert_allclose(y_fast, y_loop, rtol=2e-3 if dtype == np.float16 else 1e-6,
                               atol=1e-6)
    np.testing.assert_array_equal(grad_fast, grad_loop)      # copies: the same bits


@pytest.mark.parametrize("shape, kernel, stride, pad", [
    ((2, 3, 8, 8), (2, 2), (1, 1), (0, 0)),      # overlapping windows
    ((2, 3, 9, 8), (2, 2), (2, 2), (0, 0)),      # a row left over
    ((2, 3, 8, 8), (2, 2), (2, 2), (1, 1)),      # padded
    ((2, 3, 8), (2,), (2,), (0,)),               # 1-D
    ((2, 3, 4, 4, 4), (2, 2, 2), (2, 2, 2), (0, 0, 0)),
])
def test_tiled_pooling_is_left_where_windows_do_not_tile(shape, kernel, stride, pad):
    assert not pool_tiles.tiles(shape, kernel, stride, pad)

"""Convolution on 2-D images at stride 1 with im2col along the width only ("rows"): the
forward for few channels (LeNet's second layer: 6 channels of 14 x 14, a 5 x 5 kernel) and for
16 channels or more on 400 positions or more (ResNet's 3 x 3), the data gradient for the
latter (as a convolution of g), the weight gradient sample by sample, and both gradients
batch innermost for small images in a large batch. ops/conv_kernels.py picks them (use(),
use_large(), use_weight_rows(), use_gradients()).

The general im2col (ops/conv_columns.py) copies a row per channel and kernel point: 6 x 25
rows of 10 per sample for LeNet's layer, too short for numpy's copies to run at speed, so it
takes the strip columns instead, whose product runs on a grid 14 wide for an output 10 wide (40%
more arithmetic than the output needs). Here the columns hold the kernel's columns only:
rows[n, c, kj, h, ow] = image[n, c, h, ow + kj * dilate], every input row h (the copy runs
over 5 x fewer, equally long rows), and kernel row ki's columns are a contiguous slice of those
rows, starting at input row ki * dilate: one product per kernel row on a view, (F x C * kw) @
(C * kw x out_h * out_w), summed. The arithmetic is the output's, no more.

LeNet's second layer, batch 256, one thread: 3.05 -> 2.38 ms (tests/engine/
test_conv_speed_paths.py checks every function here against the general path).
"""
from __future__ import annotations

from ndsh.engine.ops import conv_columns

# bytes of row columns made at once (a chunk of the batch)
ROWS_WORKSPACE = 1 << 20


def use(channels, kernel, stride, groups) -> bool:
    """2-D, stride 1, one group, fewer than 16 channels (where the general forward takes strip
    columns), a kernel of several rows and columns, and channels * kernel columns (each
    product's inner size) at least 12: measured, one thread, against the general path: 6
    channels 14x14 k5 (LeNet) 2.92 -> 2.37 ms, 6 ch 12x12 k3 1.12 -> 0.99, 8 ch 28x28 k3 4.38
    -> 4.22, 3 ch 64x64 k5 pad 2 20.6 -> 12.8; slower below: 3 ch k3 (inner size 9) 2.81 ->
    3.02, 1 ch k5 (LeNet's first layer) 1.99 -> 2.18."""
    return (len(kernel) == 2 and stride == (1, 1) and groups == 1 and channels < 16
            and kernel[0] > 1 and kernel[1] > 1 and channels * kernel[1] >= 12)


def forward(xp, data, weight, kernel, dilate, pad, out):
    """The cross-correlation of data (N, C, H, W) with weight (F, C, kh, kw) at stride 1:
    (N, F, *out); no bias (the caller adds it)."""
    batch, channels = data.shape[:2]
    filters = weight.shape[0]
    (kh, kw), (dh, dw), (oh, ow) = kernel, dilate, out
    image = conv_columns.padded(xp, data, pad)
    height = image.shape[2]
    # (N, C, H, ow, kw) -> (N, C, kw, H, ow): kernel column kj's view of every input row
    view = xp.lib.stride_tricks.sliding_window_view(image, (kw - 1) * dw + 1, axis=3)
    view = xp.moveaxis(view[..., ::dw], 4, 2)[:, :, :, :, :ow]
    # the weights by kernel row: (kh, F, C * kw), in the rows' (c, kj) order
    taps = xp.ascontiguousarray(xp.moveaxis(weight, 2, 0)).reshape(kh, filters, channels * kw)
    per_sample = channels * kw * height * ow * data.dtype.itemsize
    step = max(1, min(batch, ROWS_WORKSPACE // per_sample))
    buffer = xp.empty((step, channels, kw, height, ow), dtype=data.dtype)
    term = xp.empty((step, filters, oh * ow), dtype=data.dtype)
    result = xp.empty((batch, filters) + tuple(out), dtype=data.dtype)
    length = oh * ow
    for start in range(0, batch, step):
        size = min(step, batch - start)
        rows = buffer[:size]
        rows[...] = view[start:start + size]
        flat = rows.reshape(size, channels * kw, height * ow)
        total = result[start:start + size].reshape(size, filters, length)
        for ki in range(kh):
            shift = ki * dh * ow
            columns = flat[:, :, shift:shift + length]
            if ki == 0:
                xp.matmul(taps[0], columns, out=total)
            else:
                total += xp.matmul(taps[ki], columns, out=term[:size])
    return result


# ----- the gradients, batch innermost ---------------------------------------------------------
# The gradients of the same convolution, for small images in a large batch (where ops/
# conv_batchlast.py lays the columns out batch-last), with the kernel's columns only: batch-last
# rows[c, kj, h, ow, n] = image[c, h, ow + kj * dilate, n], copied over whole runs of ow x
# batch; kernel row ki's columns are then one 2-D slice of them, (C * kw) x (out_h * out_w *
# batch), so each kernel row is one product over the chunk: no loop over samples and no
# (C * kh * kw) x positions columns (5 times fewer cells copied for LeNet's 5 x 5 kernel).
# Safe: the same products, summed over kernel rows, samples and positions in another order. The
# chunks are small enough for a product's operands to stay in the L2 cache (512 KB here):
# OpenBLAS ran the 16 x 30 x 1600 product at 95 GFLOP/s, and at 40 once they spilled.
ROWS_CACHE = 384 << 10
# the data gradient's chunk: its products' operands are smaller (16 x 1600 and 30 x 16 for
# LeNet), and a larger chunk means fewer col2im adds (LeNet: 384 KB 4.11 ms, 768 KB 3.85)
FOLD_CACHE = 768 << 10


def use_gradients(channels, filters, kernel, stride, groups) -> bool:
    """Where the batch-last rows stand in for conv_batchlast's gradients (ops/conv_kernels.py
    asks only where conv_batchlast.use holds): 2-D, stride 1, one group, a kernel of several
    rows and columns, at least 12 channels x kernel columns and at most 16 filters. Measured,
    one thread, against conv_batchlast, weight gradient: 6 ch 14x14 k5 16 filters b256
    (LeNet) 3.35 -> 2.39 ms, 6 ch 12x12 k3 16 f 1.56 -> 1.38, 4 ch 10x10 k3 8 f b64 0.155 ->
    0.115; data gradient: LeNet 4.91 -> 3.85, 6 ch 12x12 k3 1.97 -> 1.83, 4 ch k3 0.21 ->
    0.15; both slower with 32 filters (8 ch 12x12 k3 weight gradient: 2.35 -> 3.55, data
    gradient 2.15 -> 2.66; 16 ch 7x7 k3: 2.87 -> 4.20 and 2.62 -> 3.37)."""
    return (len(kernel) == 2 and stride == (1, 1) and groups == 1 and kernel[0] > 1
            and kernel[1] > 1 and channels * kernel[1] >= 12 and filters <= 16)


def _rows_step(channels, kw, height, ow, filters, positions, batch, itemsize,
               cache=None) -> int:
    per_sample = (channels * kw * height * ow + filters * positions) * itemsize
    return max(1, min(batch, (cache or ROWS_CACHE) // per_sample))


def _batch_last_rows(xp, image_t, kw, dw, ow, buffer):
    """rows (C, kw, H, ow, n) of a batch-last padded image (C, H, W, n), into buffer."""
    view = xp.lib.stride_tricks.sliding_window_view(image_t, (kw - 1) * dw + 1, axis=2)
    view = xp.moveaxis(view[..., ::dw], 4, 1)[:, :, :, :ow]
    buffer[...] = view
    return buffer


def weight_gradient(xp, g, data, weight_shape, kernel, dilate, pad):
    """The weights' gradient (F, C, kh, kw) from g (N, F, oh, ow) and data (N, C, H, W)."""
    from ndsh.engine.ops.conv_batchlast import batch_last
    batch, channels = data.shape[:2]
    filters = weight_shape[0]
    (kh, kw), (dh, dw), (oh, ow) = kernel, dilate, g.shape[2:]
    height = data.shape[2] + 2 * pad[0]
    positions = oh * ow
    step = _rows_step(channels, kw, height, ow, filters, positions, batch, g.dtype.itemsize)
    buffer = xp.empty((channels, kw, height, ow, step), dtype=g.dtype)
    total = xp.zeros((kh, filters, channels * kw), dtype=g.dtype)
    for start in range(0, batch, step):
        size = min(step, batch - start)
        image = batch_last(xp, conv_columns.padded(xp, data[start:start + size], pad))
        rows = _batch_last_rows(xp, image, kw, dw, ow, buffer[..., :size])
        rows = rows.reshape(channels * kw, height * ow * size)
        heads = batch_last(xp, g[start:start + size]).reshape(filters, positions * size)
        for ki in range(kh):
            shift = ki * dh * ow * size
            total[ki] += xp.matmul(heads, rows[:, shift:shift + positions * size].T)
    # (kh, F, C, kw) -> (F, C, kh, kw)
    return xp.moveaxis(total.reshape(kh, filters, channels, kw), 0, 2).copy()



def data_gradient(xp, g, weight, data_shape, kernel, dilate, pad):
    """The data's gradient (N, C, H, W) from g (N, F, oh, ow) and weight (F, C, kh, kw):
    per kernel row, (C * kw x F) @ (F x positions * n) added into the rows' slice that row
    reads, then the rows folded back along the width (kw adds of whole (H, ow, n) runs; the
    general col2im makes kh * kw adds of runs ow * n long). Safe: every product and every add
    of the columns' col2im, summed in another order."""
    from ndsh.engine.ops.conv_batchlast import batch_last
    batch, channels = data_shape[:2]
    filters = weight.shape[0]
    (kh, kw), (dh, dw), (oh, ow) = kernel, dilate, g.shape[2:]
    height, width = data_shape[2] + 2 * pad[0], data_shape[3] + 2 * pad[1]
    positions = oh * ow
    # (kh, C * kw, F): kernel row ki's weights, transposed, in the rows' (c, kj) order
    taps = xp.ascontiguousarray(xp.moveaxis(weight, 2, 0).reshape(
        kh, filters, channels * kw).transpose(0, 2, 1))
    step = _rows_step(channels, kw, height, ow, filters, positions, batch, g.dtype.itemsize,
                      FOLD_CACHE)
    rows = xp.empty((channels * kw, height * ow * step), dtype=g.dtype)
    term = xp.empty((channels * kw, positions * step), dtype=g.dtype)
    image = xp.empty((channels, height, width, step), dtype=g.dtype)
    result = xp.empty(data_shape, dtype=g.dtype)
    inner = (slice(None), slice(pad[0], pad[0] + data_shape[2]),
             slice(pad[1], pad[1] + data_shape[3]))
    for start in range(0, batch, step):
        size = min(step, batch - start)
        heads = batch_last(xp, g[start:start + size]).reshape(filters, positions * size)
        part = rows[:, :height * ow * size]
        # kernel row 0's product written in place, the rows past it zeroed, the others added
        length = positions * size
        xp.matmul(taps[0], heads, out=part[:, :length])
        part[:, length:].fill(0)
        for ki in range(1, kh):
            shift = ki * dh * ow * size
            target = part[:, shift:shift + length]
            target += xp.matmul(taps[ki], heads, out=term[:, :length])
        # col2im along the width: rows (C, kw, H, ow, n) added into the image (C, H, W, n),
        # kernel column 0's written in place and the columns past it zeroed
        blocks = part.reshape(channels, kw, height, ow, size)
        picture = image[..., :size]
        picture[:, :, :ow] = blocks[:, 0]
        picture[:, :, ow:].fill(0)
        for kj in range(1, kw):
            picture[:, :, kj * dw:kj * dw + ow] += blocks[:, kj]
        result[start:start + size] = xp.moveaxis(picture[inner], -1, 0)
    return result


# ----- the weight gradient, sample by sample -------------------------------------------------
def use_weight_rows(kernel, stride, groups, out) -> bool:
    """2-D, stride 1, one group, a kernel larger than 1 x 1, and outputs of 400 positions or
    more (where conv_batchlast does not apply: ops/conv_kernels.py asks after it). Measured,
    one thread, against the implicit and strip weight gradients they replace: ResNet 64 ch
    56x56 k3 b32 116.5 -> 92.2 ms (torch 79.1), 128 ch 28x28 b32 97.8 -> 83.4, 64 ch 28x28 k5
    b8 21.7 -> 15.8, 32 ch 32x32 b16 6.75 -> 5.12, LeNet's first layer (1 ch 28x28 k5 pad 2,
    b256) 1.85 -> 1.67, 3 ch 32x32 k3 0.67 -> 0.63, 8 ch 20x20 (400 positions) 0.34 -> 0.33;
    slower on 16x16 outputs (16 ch to 32, b64: 2.45 -> 3.25), which stay with the implicit
    product."""
    return (len(kernel) == 2 and stride == (1, 1) and groups == 1 and kernel != (1, 1)
            and out[0] * out[1] >= 400)


def weight_gradient_rows(xp, g, data, weight_shape, kernel, dilate, pad):
    """The weights' gradient (F, C, kh, kw) from g (N, F, oh, ow) and data (N, C, H, W), with
    the kernel's columns as rows (as forward() lays them out): per sample and kernel row,
    (C * kw x positions) @ (positions x F), the products of a chunk summed. Each product is
    taller (C * kw rows) than the implicit path's per kernel point (C rows, 9 of them for
    3 x 3; OpenBLAS: 87 GFLOP/s against 66) and covers the output's positions only (no grid,
    so no inf or NaN restriction). Safe: the same products summed in another order."""
    batch, channels = data.shape[:2]
    filters = weight_shape[0]
    (kh, kw), (dh, dw), (oh, ow) = kernel, dilate, g.shape[2:]
    image = conv_columns.padded(xp, data, pad)
    height = image.shape[2]
    view = xp.lib.stride_tricks.sliding_window_view(image, (kw - 1) * dw + 1, axis=3)
    view = xp.moveaxis(view[..., ::dw], 4, 2)[:, :, :, :, :ow]
    per_sample = channels * kw * height * ow * g.dtype.itemsize
    step = max(1, min(batch, ROWS_WORKSPACE // per_sample))
    buffer = xp.empty((step, channels, kw, height, ow), dtype=g.dtype)
    total = xp.zeros((kh, channels * kw, filters), dtype=g.dtype)
    positions = oh * ow
    for start in range(0, batch, step):
        size = min(step, batch - start)
        rows = buffer[:size]
        rows[...] = view[start:start + size]
        flat = rows.reshape(size, channels * kw, height * ow)
        heads = xp.swapaxes(g[start:start + size].reshape(size, filters, positions), 1, 2)
        for ki in range(kh):
            shift = ki * dh * ow
            products = xp.matmul(flat[:, :, shift:shift + positions], heads)
            total[ki] += products[0] if size == 1 else products.sum(axis=0)
    # (kh, C, kw, F) -> (F, C, kh, kw)
    return total.reshape(kh, channels, kw, filters).transpose(3, 1, 0, 2).copy()


# ----- many channels: the forward and the data gradient ---------------------------------------
def use_large(channels, kernel, stride, groups, positions) -> bool:
    """The rows for the forward (channels: the data's) or the data gradient (channels: the
    filters) of 2-D stride-1 convolutions with 16 channels or more and 400 output positions
    or more, where the implicit product per kernel point ran before. Each product is
    (F x C * kw) @ (C * kw x positions) instead of 9 (F x C) @ (C x grid) ones for 3 x 3,
    summed in cache. One thread, forward / data gradient: ResNet 64 ch 56x56 k3 b32
    94.8 -> 89.8 / 92.0 -> 89.0 ms and 95.6 -> 91.1 / 98.6 -> 91.0 (torch 69.5 / 70.8), 128 ch
    28x28 b32 88.8 -> 81.1 / 90.6 -> 83.4, 32 ch 32x32 b16 5.05 -> 4.72 / 4.98 -> 4.78, 64 ch
    28x28 k5 b8 19.5 -> 15.1 / 18.6 -> 15.5."""
    return (len(kernel) == 2 and stride == (1, 1) and groups == 1 and kernel != (1, 1)
            and channels >= 16 and positions >= 400)


def data_gradient_rows(xp, g, weight, data_shape, kernel, dilate, pad):
    """At stride 1 the data gradient is a stride-1 convolution of g padded by dilate * (kernel
    - 1) - pad with the weights flipped and their filter and channel axes swapped: forward()
    on those. None where a pad is past the kernel's reach (left to col2im)."""
    pad_g = tuple(d * (k - 1) - p for k, d, p in zip(kernel, dilate, pad))
    if min(pad_g) < 0:
        return None
    flipped = xp.swapaxes(weight, 0, 1)[:, :, ::-1, ::-1]
    return forward(xp, g, flipped, kernel, dilate, pad_g, tuple(data_shape[2:]))

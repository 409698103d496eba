"""Convolution's forward for 2-D images with few channels at stride 1 (LeNet's second layer:
6 channels of 14 x 14, a 5 x 5 kernel), im2col along the width only.

The general im2col (ops/conv_columns.py) copies a row per channel and kernel point: 6 x 25
rows of 10 per sample for LeNet's layer, too short for numpy's copies to run at speed, so it
takes the strip columns instead, whose product runs on a grid 14 wide for an output 10 wide (40%
more arithmetic than the output needs). Here the columns hold the kernel's columns only:
rows[n, c, kj, h, ow] = image[n, c, h, ow + kj * dilate], every input row h (the copy runs
over 5 x fewer, equally long rows), and kernel row ki's columns are a contiguous slice of those
rows, starting at input row ki * dilate: one product per kernel row on a view, (F x C * kw) @
(C * kw x out_h * out_w), summed. The arithmetic is the output's, no more.

LeNet's second layer, batch 256, one thread: 3.05 -> 2.38 ms (tests/engine/
test_conv_speed_paths.py checks it against the general path).
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

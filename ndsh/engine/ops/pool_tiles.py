"""Pooling's fast paths for windows that tile the image: 2-D, the stride equal to the kernel,
no padding, and the image's height and width multiples of the kernel's (LeNet's and VGG's 2x2
windows at stride 2). ops/pool.py takes them where tiles() says so; its general loop over the
kernel's offsets handles everything else.

The general loop adds (or compares) one strided slice per kernel offset into the output: for
2x2 windows, 4 passes over the output, each reading every other value of a row. Here the
columns of each window are summed first, a half-size result written contiguously, then its
rows: 2 passes, each over longer rows (avg forward (256, 6, 28, 28) 0.76 -> 0.48 ms). The
backward writes the image with np.repeat along the width and then the height (0.72 -> 0.52 ms)
instead of one strided assignment per offset. tests/engine/test_conv_speed_paths.py checks
both against the general loop.
"""
from __future__ import annotations

import math


def tiles(data_shape, kernel, stride, pad) -> bool:
    """Whether the windows tile 2-D images exactly (nothing overlaps, nothing is left over,
    no padding)."""
    return (len(kernel) == 2 and len(data_shape) == 4 and tuple(stride) == tuple(kernel)
            and not any(pad) and data_shape[2] % kernel[0] == 0
            and data_shape[3] % kernel[1] == 0)


def tile_sums(xp, data, kernel):
    """The sum of each window of data (N, C, H, W): (N, C, H / kh, W / kw).

    Skips the general loop's zero-filled output and its per-offset passes; safe because every
    cell belongs to exactly one window (tiles()). The sums are taken columns first, then rows:
    (x00 + x01) + (x10 + x11) for 2x2 where the loop adds x00, x01, x10, x11 in turn, so the
    last bit can differ (float32 rounding), and a window of -0 sums to -0 (the loop's +0)."""
    kh, kw = kernel
    batch, channels, height, width = data.shape
    if kw == 1:
        columns = data
    else:
        columns = xp.add(data[..., 0::kw], data[..., 1::kw])
        for j in range(2, kw):
            columns += data[..., j::kw]
    if kh == 1:
        return columns.copy() if columns is data else columns
    rows = columns.reshape(batch, channels, height // kh, kh, width // kw)
    total = xp.add(rows[:, :, :, 0], rows[:, :, :, 1])
    for i in range(2, kh):
        total += rows[:, :, :, i]
    return total


def tile_spread(xp, share, kernel):
    """Each value of share (N, C, h, w) copied over its window: (N, C, h * kh, w * kw), the
    gradient of a sum (avg: share = g / kh * kw).

    Skips the general loop's zeroed gradient and one strided assignment per offset: with
    windows that tile the image, every cell is written once, so repeating along the width and
    then the height gives the same bits."""
    kh, kw = kernel
    wide = share if kw == 1 else xp.repeat(share, kw, axis=-1)
    return wide.copy() if kh == 1 and wide is share else xp.repeat(wide, kh, axis=-2)


def cells(kernel) -> int:
    """The cells of one window (avg's divisor)."""
    return math.prod(kernel)

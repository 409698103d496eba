"""Convolution's gradients for small images (LeNet's 10 x 10 maps), with the batch as the
innermost axis of the columns: (channels, *kernel, *out, batch). A small image's rows are too
short for numpy's strided copies and adds to run at speed (its per-row cost dominates), and
its per-sample products are too small for BLAS; laid out batch-last, every copy and every
col2im add runs over whole rows of the batch, and each chunk of the batch is one matrix
product per group. ops/conv_kernels.py picks this layout where it pays (use()).
"""
from __future__ import annotations

import math

from ndsh.engine.ops import conv_columns
from ndsh.engine.ops.conv_columns import kernel_points


def use(batch, kernel, stride, pad, out) -> bool:
    """Short output rows, a batch long enough to make rows of its own, and a kernel that needs
    columns (a 1x1 kernel with stride 1 and no padding reads the data as it is)."""
    direct = all(k == 1 for k in kernel) and all(s == 1 for s in stride) and not any(pad)
    return out[-1] < 16 and batch >= 32 and not direct


def _windows(xp, data_t, kernel, stride, dilate, pad):
    """A view (C, *kernel, *out, N) of batch-last data (C, *spatial, N), zero-padded."""
    n = len(kernel)
    if any(pad):
        data_t = xp.pad(data_t, ((0, 0),) + tuple((p, p) for p in pad) + ((0, 0),))
    reach = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilate))
    view = xp.lib.stride_tricks.sliding_window_view(data_t, reach, axis=tuple(range(1, 1 + n)))
    view = view[(slice(None),) + tuple(slice(None, None, s) for s in stride) + (slice(None),)
                + tuple(slice(None, None, d) for d in dilate)]
    # (C, *out, N, *kernel) -> (C, *kernel, *out, N)
    return xp.transpose(view, (0,) + tuple(range(2 + n, 2 + 2 * n)) + tuple(range(1, 2 + n)))


def batch_last(xp, a):
    """a (N, ...) copied to (..., N), contiguous. On numpy a few samples at a time: read whole,
    a sample's cells are written N apart, and a sample's own stride (a power of two for most
    layers: 16 x 8 x 8 float32 is 4 KB) no longer walks every read through one cache set
    (LeNet's conv2 gradient: 0.77 -> 0.18 ms)."""
    if getattr(xp, "__name__", "") != "numpy" or a.shape[0] <= _BLOCK:
        return xp.ascontiguousarray(xp.moveaxis(a, 0, -1))
    n = a.shape[0]
    rows = a.reshape(n, -1)
    result = xp.empty((rows.shape[1], n), dtype=a.dtype)
    for start in range(0, n, _BLOCK):
        result[:, start:start + _BLOCK] = rows[start:start + _BLOCK].T
    return result.reshape(a.shape[1:] + (n,))


_BLOCK = 8


def _heads(xp, g, groups):
    """A chunk of the output gradient (size, F, *out) as (groups, F / groups, out * size)."""
    size, filters = g.shape[:2]
    return batch_last(xp, g).reshape(groups, filters // groups, -1)


def _step(rows, positions, batch, itemsize) -> int:
    per_sample = rows * positions * itemsize
    return max(1, min(batch, conv_columns.WORKSPACE // max(1, per_sample)))


def weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad, groups):
    batch, channels = data.shape[:2]
    filters, out = weight_shape[0], g.shape[2:]
    rows = channels // groups * math.prod(kernel)
    view = _windows(xp, batch_last(xp, data), kernel, stride, dilate, pad)
    step = _step(rows * groups, math.prod(out), batch, g.dtype.itemsize)
    buffer = xp.empty(view.shape[:-1] + (step,), dtype=g.dtype)
    total = xp.zeros((groups, rows, filters // groups), dtype=g.dtype)
    for start in range(0, batch, step):
        size = min(step, batch - start)
        columns = buffer[..., :size] if size < step else buffer
        columns[...] = view[..., start:start + size]
        columns = columns.reshape(groups, rows, -1)
        total += xp.matmul(columns, xp.swapaxes(_heads(xp, g[start:start + size], groups), 1, 2))
    return xp.swapaxes(total, 1, 2).reshape(weight_shape)


def data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad, groups):
    batch, channels = data_shape[:2]
    filters, out, spatial = weight.shape[0], g.shape[2:], data_shape[2:]
    rows = channels // groups * math.prod(kernel)
    w_t = xp.swapaxes(weight.reshape(groups, filters // groups, rows), 1, 2)
    step = _step(rows * groups, math.prod(out), batch, g.dtype.itemsize)
    result = xp.empty(data_shape, dtype=g.dtype)
    inner = (slice(None),) + tuple(slice(p, p + s) for p, s in zip(pad, spatial))
    for start in range(0, batch, step):
        size = min(step, batch - start)
        columns = xp.matmul(w_t, _heads(xp, g[start:start + size], groups))
        columns = columns.reshape((channels,) + kernel + out + (size,))
        image = xp.zeros((channels,) + tuple(s + 2 * p for s, p in zip(spatial, pad)) + (size,),
                         dtype=g.dtype)
        for point in kernel_points(kernel):
            target = (slice(None),) + tuple(slice(j * d, j * d + s * (o - 1) + 1, s)
                                            for j, d, s, o in zip(point, dilate, stride, out))
            image[target] += columns[(slice(None),) + point]
        result[start:start + size] = xp.moveaxis(image[inner], -1, 0)
    return result


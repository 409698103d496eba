"""Convolution's arithmetic on backend arrays (numpy or CuPy), for 1-D, 2-D and 3-D images:
the forward, the gradient for the data (which is also a transposed convolution's forward) and
the gradient for the weights. No op is defined here: ops/conv.py checks the arguments and
registers Convolution and Deconvolution over these functions.

A convolution is im2col and one matrix product (Chainer's functions/connection/
convolution_2d.py): a strided view of the padded image gives every output position's window,
one copy lays the windows out as columns (batch, channels * kernel points, positions), and
np.matmul multiplies all of them by the weights at once (groups as a batch axis of the
product). The columns are made a chunk of the batch at a time, in one reused buffer of at most
WORKSPACE bytes (as MXNet's `workspace` bounds its own), so that a large batch never holds them
all at once. The data gradient is the transposed product and col2im: one strided add per kernel
offset (a loop over kernel points, never over the batch, the channels or the pixels). Depthwise
convolutions (one channel per group, one filter per group: MobileNet, UpSampling's bilinear
kernel) need no product at all: one fused multiply-add per kernel offset.
"""
from __future__ import annotations

import itertools
import math

WORKSPACE = 32 << 20       # bytes of im2col columns made at once (one chunk of the batch)


def output_shape(spatial, kernel, stride, dilate, pad) -> tuple:
    """The output's spatial shape: (size + 2 * pad - dilate * (kernel - 1) - 1) // stride + 1."""
    return tuple((size + 2 * p - d * (k - 1) - 1) // s + 1
                 for size, k, s, d, p in zip(spatial, kernel, stride, dilate, pad))


def _padded(xp, data, pad):
    if not any(pad):
        return data
    return xp.pad(data, ((0, 0), (0, 0)) + tuple((p, p) for p in pad))


def windows(xp, data, kernel, stride, dilate, pad):
    """A view (N, C, *kernel, *out) of the zero-padded data: element [n, c, *j, *o] is the
    pixel at kernel point j of output position o's window."""
    n = len(kernel)
    padded = _padded(xp, data, pad)
    reach = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilate))
    view = xp.lib.stride_tricks.sliding_window_view(padded, reach, axis=tuple(range(2, 2 + n)))
    view = view[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)
                + tuple(slice(None, None, d) for d in dilate)]
    return xp.transpose(view, (0, 1) + tuple(range(2 + n, 2 + 2 * n)) + tuple(range(2, 2 + n)))


def _offset_slices(offset, stride, dilate, out) -> tuple:
    """The strided slice of the padded image that kernel point `offset` reads for every
    output position."""
    return (slice(None), slice(None)) + tuple(
        slice(j * d, j * d + s * (o - 1) + 1, s) for j, d, s, o in zip(offset, dilate, stride, out))


def _offsets(kernel):
    return itertools.product(*(range(k) for k in kernel))


def _chunk(per_sample_bytes: int, batch: int) -> int:
    return max(1, min(batch, WORKSPACE // max(1, per_sample_bytes)))


def _depthwise(channels: int, weight_shape: tuple, groups: int) -> bool:
    return groups > 1 and groups == channels and weight_shape[0] == groups and weight_shape[1] == 1


def _compute_dtype(xp, *arrays):
    """float16 is computed in float32 (numpy has no half-precision BLAS), like cuDNN does."""
    return xp.float32 if arrays[0].dtype == xp.float16 else arrays[0].dtype


# ----- forward ----------------------------------------------------------------------------
def forward(xp, data, weight, bias, kernel, stride, dilate, pad, groups):
    """Cross-correlate data (N, C, *spatial) with weight (F, C / groups, *kernel), add the
    bias (F,) if given: (N, F, *out)."""
    dtype = data.dtype
    work = _compute_dtype(xp, data)
    if work != dtype:
        data, weight = data.astype(work), weight.astype(work)
        bias = None if bias is None else bias.astype(work)
    out = output_shape(data.shape[2:], kernel, stride, dilate, pad)
    batch, channels = data.shape[:2]
    filters = weight.shape[0]
    if _depthwise(channels, weight.shape, groups):
        result = _depthwise_forward(xp, data, weight, kernel, stride, dilate, pad, out)
    else:
        result = _gemm_forward(xp, data, weight, kernel, stride, dilate, pad, groups, out)
    if bias is not None:
        result += bias.reshape((1, filters) + (1,) * len(out))
    return result if work == dtype else result.astype(dtype)


def _gemm_forward(xp, data, weight, kernel, stride, dilate, pad, groups, out):
    batch, channels = data.shape[:2]
    filters, points, positions = weight.shape[0], math.prod(kernel), math.prod(out)
    rows = channels // groups * points                  # one group's column length
    view = windows(xp, data, kernel, stride, dilate, pad)
    result = xp.empty((batch, filters) + out, dtype=data.dtype)
    target = result.reshape(batch, groups, filters // groups, positions)
    w = weight.reshape(groups, filters // groups, rows)
    step = _chunk(channels * points * positions * data.dtype.itemsize, batch)
    buffer = xp.empty((step,) + view.shape[1:], dtype=data.dtype)
    for start in range(0, batch, step):
        size = min(step, batch - start)
        columns = buffer[:size]
        columns[...] = view[start:start + size]
        xp.matmul(w, columns.reshape(size, groups, rows, positions),
                  out=target[start:start + size])
    return result


def _depthwise_forward(xp, data, weight, kernel, stride, dilate, pad, out):
    padded = _padded(xp, data, pad)
    channels = data.shape[1]
    result = xp.zeros(data.shape[:2] + out, dtype=data.dtype)
    term = xp.empty_like(result)
    taps = weight.reshape((channels,) + kernel)
    for offset in _offsets(kernel):
        tap = taps[(slice(None),) + offset].reshape((1, channels) + (1,) * len(out))
        xp.multiply(padded[_offset_slices(offset, stride, dilate, out)], tap, out=term)
        result += term
    return result


# ----- gradient for the data (= transposed convolution) -------------------------------------
def data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad, groups):
    """The gradient for the data of shape data_shape (N, C, *spatial) from g (N, F, *out):
    the transposed product with the weights, then col2im. Deconvolution's forward."""
    dtype = g.dtype
    work = _compute_dtype(xp, g)
    if work != dtype:
        g, weight = g.astype(work), weight.astype(work)
    out = g.shape[2:]
    if _depthwise(data_shape[1], weight.shape, groups):
        result = _depthwise_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad)
    else:
        result = _gemm_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad,
                                     groups, out)
    return result if work == dtype else result.astype(dtype)


def _crop(padded, pad, spatial):
    if not any(pad):
        return padded
    inner = tuple(slice(p, p + s) for p, s in zip(pad, spatial))
    return padded[(slice(None), slice(None)) + inner]


def _gemm_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad, groups, out):
    batch, channels = data_shape[:2]
    filters, points, positions = weight.shape[0], math.prod(kernel), math.prod(out)
    rows = channels // groups * points
    padded_shape = (batch, channels) + tuple(s + 2 * p for s, p in zip(data_shape[2:], pad))
    padded = xp.zeros(padded_shape, dtype=g.dtype)
    w_t = xp.swapaxes(weight.reshape(groups, filters // groups, rows), 1, 2)
    heads = g.reshape(batch, groups, filters // groups, positions)
    step = _chunk(channels * points * positions * g.dtype.itemsize, batch)
    buffer = xp.empty((step, groups, rows, positions), dtype=g.dtype)
    for start in range(0, batch, step):
        size = min(step, batch - start)
        columns = xp.matmul(w_t, heads[start:start + size], out=buffer[:size])
        columns = columns.reshape((size, channels) + kernel + out)
        target = padded[start:start + size]
        for offset in _offsets(kernel):
            target[_offset_slices(offset, stride, dilate, out)] += \
                columns[(slice(None), slice(None)) + offset]
    return _crop(padded, pad, data_shape[2:])


def _depthwise_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad):
    channels, out = data_shape[1], g.shape[2:]
    padded_shape = data_shape[:2] + tuple(s + 2 * p for s, p in zip(data_shape[2:], pad))
    padded = xp.zeros(padded_shape, dtype=g.dtype)
    term = xp.empty_like(g)
    taps = weight.reshape((channels,) + kernel)
    for offset in _offsets(kernel):
        tap = taps[(slice(None),) + offset].reshape((1, channels) + (1,) * len(out))
        xp.multiply(g, tap, out=term)
        padded[_offset_slices(offset, stride, dilate, out)] += term
    return _crop(padded, pad, data_shape[2:])


# ----- gradient for the weights -----------------------------------------------------------
def weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad, groups):
    """The gradient for the weights (F, C / groups, *kernel) from g (N, F, *out) and the
    data (N, C, *spatial): the product of g with the data's columns, summed over the batch."""
    dtype = g.dtype
    work = _compute_dtype(xp, g)
    if work != dtype:
        g, data = g.astype(work), data.astype(work)
    if _depthwise(data.shape[1], weight_shape, groups):
        result = _depthwise_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate,
                                            pad)
    else:
        result = _gemm_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad,
                                       groups)
    return result if work == dtype else result.astype(dtype)


def _gemm_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad, groups):
    batch, channels = data.shape[:2]
    out = g.shape[2:]
    filters, points, positions = weight_shape[0], math.prod(kernel), math.prod(out)
    rows = channels // groups * points
    view = windows(xp, data, kernel, stride, dilate, pad)
    heads = g.reshape(batch, groups, filters // groups, positions)
    total = xp.zeros((groups, filters // groups, rows), dtype=g.dtype)
    step = _chunk(channels * points * positions * g.dtype.itemsize, batch)
    buffer = xp.empty((step,) + view.shape[1:], dtype=g.dtype)
    for start in range(0, batch, step):
        size = min(step, batch - start)
        columns = buffer[:size]
        columns[...] = view[start:start + size]
        columns = columns.reshape(size, groups, rows, positions)
        products = xp.matmul(heads[start:start + size], xp.swapaxes(columns, 2, 3))
        total += products.sum(axis=0)
    return total.reshape(weight_shape)


def _depthwise_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad):
    padded = _padded(xp, data, pad)
    out = g.shape[2:]
    taps = xp.empty((weight_shape[0],) + kernel, dtype=g.dtype)
    axes = (0,) + tuple(range(2, 2 + len(out)))
    for offset in _offsets(kernel):
        window = padded[_offset_slices(offset, stride, dilate, out)]
        taps[(slice(None),) + offset] = (g * window).sum(axis=axes)
    return taps.reshape(weight_shape)

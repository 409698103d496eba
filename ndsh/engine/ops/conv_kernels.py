"""Convolution's arithmetic on backend arrays (numpy or CuPy), for 1-D, 2-D and 3-D images:
the forward, the gradient for the data (which is also a transposed convolution's forward) and
the gradient for the weights. No op is defined here: ops/conv.py checks the arguments and
registers Convolution and Deconvolution over these functions.

A convolution is im2col and a matrix product (Chainer's functions/connection/
convolution_2d.py): ops/conv_columns.py lays each chunk of the batch out as columns (batch,
channels * kernel points, positions) and np.matmul multiplies all of the chunk's samples by the
weights in one call (groups as a batch axis of the product). The data gradient is the
transposed product folded back by col2im; the weight gradient the product of the output
gradient with the columns, summed over the batch. The special cases, each where it measured
faster (single-threaded, against the general path; tests/engine/test_conv.py checks each
against the general one):
- stride 1 with 16 channels a group or more: the forward needs no im2col (one product per
  kernel point on a strided view of the flattened image, summed in cache); with fewer, the
  forward and the weight gradient copy strip columns of that image (ops/conv_columns.py);
- stride 1 with few channels in 2-D: the forward copies only the kernel's columns and takes
  one product per kernel row (ops/conv_rows.py), and for small images in a large batch so
  do the gradients, batch innermost; the weight gradient of 2-D stride-1 convolutions with
  400 output positions or more too, sample by sample (ResNet's 3x3: 20% faster), and with
  16 channels or more and 400 positions or more, the forward and the data gradient (5-20%
  faster than the implicit product per kernel point);
- small images in a large batch: the gradients with the batch innermost (ops/conv_batchlast.py);
- depthwise (one channel and one filter per group: MobileNet, UpSampling's bilinear kernel):
  no product at all, one fused multiply-add per kernel point.
- 3x3 at stride 1 with 32 channels and filters or more on 28x28 outputs or larger (ResNet's
  3x3 layers down to 28x28), before all of the above: Winograd's F(2x2, 3x3) for the forward,
  the data gradient (a forward of g) and the weight gradient (ops/conv_winograd.py): 2.25 x
  fewer multiplies; ResNet 64 ch 56x56 b32 forward 84.1 -> 54.6 ms, data gradient 84.3 ->
  54.5, weight gradient 90.6 -> 60.6 (torch's oneDNN: 68.1, 70.9, 78.4; conv_winograd.use()
  has more shapes). Data or g holding inf or NaN takes the paths above (the transforms would turn
  inf into NaN).
"""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine.ops import conv_batchlast, conv_columns, conv_rows, conv_winograd
from ndsh.engine.ops.conv_columns import (
    Columns,
    kernel_points,
    offset_slices,
    output_shape,
    padded,
)


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
    result = None
    if conv_winograd.use(channels, filters, kernel, stride, dilate, groups, out):
        result = conv_winograd.forward(xp, data, weight, pad, out)     # None: not finite
    if result is None:
        result = _direct_forward(xp, data, weight, kernel, stride, dilate, pad, groups, out)
    if bias is not None:
        result += bias.reshape((1, filters) + (1,) * len(out))
    return result if work == dtype else result.astype(dtype)


def _direct_forward(xp, data, weight, kernel, stride, dilate, pad, groups, out):
    channels = data.shape[1]
    if _depthwise(channels, weight.shape, groups):
        result = _depthwise_forward(xp, data, weight, kernel, stride, dilate, pad, out)
    elif conv_rows.use(channels, kernel, stride, groups) or \
            conv_rows.use_large(channels, kernel, stride, groups, math.prod(out)):
        result = conv_rows.forward(xp, data, weight, kernel, dilate, pad, out)
    else:
        result = _gemm_forward(xp, data, weight, kernel, stride, dilate, pad, groups, out)
    return result


def _gemm_forward(xp, data, weight, kernel, stride, dilate, pad, groups, out):
    batch, filters = data.shape[0], weight.shape[0]
    columns = Columns(xp, data.shape, kernel, stride, dilate, pad, groups, data.dtype,
                      implicit=True, strips=True)
    if columns.mode == "implicit":
        return _implicit_forward(xp, data, weight, columns, out)
    columns.read(data)
    w = columns.weight_rows(weight)
    result = xp.empty((batch, filters) + out, dtype=data.dtype)
    grid = None if not columns.gridded else xp.empty(
        (columns.step, groups, filters // groups, columns.length), dtype=data.dtype)
    for start, size in columns.chunks():
        target = result[start:start + size]
        if grid is None:
            xp.matmul(w, columns.columns(start, size),
                      out=target.reshape(size, groups, filters // groups, columns.length))
        else:
            products = xp.matmul(w, columns.columns(start, size), out=grid[:size])
            columns.from_grid(products.reshape(size, filters, columns.length), target)
    return result


def _implicit_forward(xp, data, weight, columns, out):
    """Stride 1 without im2col: kernel point j's columns are a strided view of the flat
    image (ops/conv_columns.py), so the product is a sum over the kernel's points of
    (filters x channels) @ (channels x positions) products on views, never copied. A chunk
    of the batch at a time, small enough that the running sum stays in cache; the flat image
    is made a chunk at a time too, in one reused buffer (not the whole batch's: 28 MB less
    at the peak on a ResNet 3x3 conv of 64 channels, 56x56, batch 32)."""
    batch, channels = data.shape[:2]
    filters, groups, length = weight.shape[0], columns.groups, columns.length
    points = xp.moveaxis(weight.reshape(groups, filters // groups, channels // groups, -1), -1, 0)
    points = xp.ascontiguousarray(points)        # (kernel points, G, F / G, C / G)
    per_sample = 2 * filters * length * data.dtype.itemsize
    step = max(1, min(batch, conv_columns.CACHE // per_sample))
    total = xp.empty((step, groups, filters // groups, length), dtype=data.dtype)
    term = xp.empty_like(total)
    result = xp.empty((batch, filters) + out, dtype=data.dtype)
    memory = None
    for start in range(0, batch, step):
        size = min(step, batch - start)
        acc, part = total[:size], term[:size]
        memory, flat = columns.flat_image(data[start:start + size], memory)
        for t, shift in enumerate(columns.shifts()):
            view = flat[:, :, shift:shift + length].reshape(
                size, groups, channels // groups, length)
            if t == 0:
                xp.matmul(points[0], view, out=acc)
            else:
                acc += xp.matmul(points[t], view, out=part)
        columns.from_grid(acc.reshape(size, filters, length), result[start:start + size])
    return result


def _depthwise_forward(xp, data, weight, kernel, stride, dilate, pad, out):
    image = padded(xp, data, pad)
    channels = data.shape[1]
    result = xp.zeros(data.shape[:2] + out, dtype=data.dtype)
    term = xp.empty_like(result)
    taps = weight.reshape((channels,) + kernel)
    for offset in kernel_points(kernel):
        tap = taps[(slice(None),) + offset].reshape((1, channels) + (1,) * len(out))
        xp.multiply(image[offset_slices(offset, stride, dilate, out)], tap, out=term)
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
    result = _winograd_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad,
                                     groups)
    if result is None:
        result = _direct_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad,
                                       groups)
    return result if work == dtype else result.astype(dtype)


def _direct_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad, groups):
    out = g.shape[2:]
    if _depthwise(data_shape[1], weight.shape, groups):
        result = _depthwise_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad)
    elif conv_batchlast.use(g.shape[0], kernel, stride, pad, out) and \
            conv_rows.use_gradients(data_shape[1], weight.shape[0], kernel, stride, groups):
        result = conv_rows.data_gradient(xp, g, weight, data_shape, kernel, dilate, pad)
    elif conv_batchlast.use(g.shape[0], kernel, stride, pad, out):
        result = conv_batchlast.data_gradient(xp, g, weight, data_shape, kernel, stride, dilate,
                                              pad, groups)
    else:
        result = None
        if conv_rows.use_large(weight.shape[0], kernel, stride, groups,
                               math.prod(data_shape[2:])):
            result = conv_rows.data_gradient_rows(xp, g, weight, data_shape, kernel, dilate, pad)
        if result is None:
            result = _implicit_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate,
                                             pad, groups)
        if result is None:
            result = _gemm_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad,
                                         groups, out)
    return result


def _winograd_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad, groups):
    """At stride 1 the data gradient is a stride-1 convolution of g padded by kernel - 1 -
    pad with the weights flipped and their filter and channel axes swapped: Winograd's
    forward (ops/conv_winograd.py) on those where it applies. None where it does not (or g
    is not finite)."""
    pad_g = tuple(k - 1 - p for k, p in zip(kernel, pad))
    if min(pad_g) < 0 or not conv_winograd.use(weight.shape[0], data_shape[1], kernel, stride,
                                               dilate, groups, tuple(data_shape[2:])):
        return None
    flipped = xp.swapaxes(weight, 0, 1)[:, :, ::-1, ::-1]
    return conv_winograd.forward(xp, g, flipped, pad_g, tuple(data_shape[2:]))


def _implicit_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad, groups):
    """At stride 1 the data gradient is itself a stride-1 convolution: of g padded by
    dilate * (kernel - 1) - pad, with each group's weights flipped and their filter and
    channel axes swapped. Where that convolution takes the implicit forward (16 filters a
    group or more), no columns and no col2im: 8% faster on a ResNet 3x3 conv, and 60 MB less
    at the peak (a ResNet block's backward). None where it does not apply."""
    if any(s != 1 for s in stride):
        return None
    pad_g = tuple(d * (k - 1) - p for k, d, p in zip(kernel, dilate, pad))
    if min(pad_g) < 0:
        return None
    columns = Columns(xp, g.shape, kernel, stride, dilate, pad_g, groups, g.dtype,
                      implicit=True)
    if columns.mode != "implicit":
        return None
    filters, per_group = weight.shape[:2]
    flipped = weight.reshape((groups, filters // groups, per_group) + kernel)
    flipped = xp.swapaxes(flipped, 1, 2)[(Ellipsis,) + (slice(None, None, -1),) * len(kernel)]
    flipped = flipped.reshape((groups * per_group, filters // groups) + kernel)
    return _implicit_forward(xp, g, flipped, columns, tuple(data_shape[2:]))


def _gemm_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad, groups, out):
    filters = weight.shape[0]
    columns = Columns(xp, data_shape, kernel, stride, dilate, pad, groups, g.dtype, fold=True)
    w_t = xp.swapaxes(columns.weight_rows(weight), 1, 2)
    if columns.mode == "direct":
        # 1x1, stride 1, no padding: the product is the gradient itself, made in place
        result = xp.empty(data_shape, dtype=g.dtype)
        for start, size in columns.chunks():
            heads = g[start:start + size].reshape(size, groups, filters // groups, -1)
            xp.matmul(w_t, heads, out=result[start:start + size].reshape(
                size, groups, columns.rows, columns.length))
        return result
    buffer = xp.empty((columns.step, groups, columns.rows, columns.length), dtype=g.dtype)
    columns.start_fold()
    for start, size in columns.chunks():
        heads = columns.to_grid(g[start:start + size])
        heads = heads.reshape(size, groups, filters // groups, columns.length)
        columns.fold(start, xp.matmul(w_t, heads, out=buffer[:size]))
    return columns.finish_fold()


def _crop(image, pad, spatial):
    if not any(pad):
        return image
    inner = tuple(slice(p, p + s) for p, s in zip(pad, spatial))
    return image[(slice(None), slice(None)) + inner]


def _depthwise_data_gradient(xp, g, weight, data_shape, kernel, stride, dilate, pad):
    channels, out = data_shape[1], g.shape[2:]
    padded_shape = data_shape[:2] + tuple(s + 2 * p for s, p in zip(data_shape[2:], pad))
    padded = xp.zeros(padded_shape, dtype=g.dtype)
    term = xp.empty_like(g)
    taps = weight.reshape((channels,) + kernel)
    for offset in kernel_points(kernel):
        tap = taps[(slice(None),) + offset].reshape((1, channels) + (1,) * len(out))
        xp.multiply(g, tap, out=term)
        padded[offset_slices(offset, stride, dilate, out)] += term
    return _crop(padded, pad, data_shape[2:])


# ----- gradient for the weights -----------------------------------------------------------
def weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad, groups):
    """The gradient for the weights (F, C / groups, *kernel) from g (N, F, *out) and the
    data (N, C, *spatial): the product of g with the data's columns, summed over the batch."""
    dtype = g.dtype
    work = _compute_dtype(xp, g)
    if work != dtype:
        g, data = g.astype(work), data.astype(work)
    result = None
    if conv_winograd.use(data.shape[1], weight_shape[0], kernel, stride, dilate, groups,
                         g.shape[2:]):
        result = conv_winograd.weight_gradient(xp, g, data, pad)       # None: not finite
    if result is None:
        result = _direct_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad,
                                         groups)
    return result if work == dtype else result.astype(dtype)


def _direct_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad, groups):
    if _depthwise(data.shape[1], weight_shape, groups):
        result = _depthwise_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate,
                                            pad)
    elif conv_batchlast.use(g.shape[0], kernel, stride, pad, g.shape[2:]) and \
            conv_rows.use_gradients(data.shape[1], weight_shape[0], kernel, stride, groups):
        result = conv_rows.weight_gradient(xp, g, data, weight_shape, kernel, dilate, pad)
    elif conv_batchlast.use(g.shape[0], kernel, stride, pad, g.shape[2:]):
        result = conv_batchlast.weight_gradient(xp, g, data, weight_shape, kernel, stride,
                                                dilate, pad, groups)
    elif conv_rows.use_weight_rows(kernel, stride, groups, g.shape[2:]):
        result = conv_rows.weight_gradient_rows(xp, g, data, weight_shape, kernel, dilate, pad)
    else:
        result = _implicit_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate,
                                           pad, groups)
        if result is None:
            result = _gemm_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate,
                                           pad, groups)
    return result


def _implicit_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad, groups):
    """Stride 1 with 16 channels and 16 filters a group or more, without im2col: kernel point
    j's gradient is the sum over samples of g on the flat image's grid (filters x positions)
    times the strided view of the flat image that j reads (positions x channels). A chunk of
    the batch at a time, small enough for the cache: as fast as the columns' product, and
    without their buffer (29 MB on a ResNet 3x3 conv of 64 channels, 56x56, batch 32). None
    where it does not apply, and where the data holds inf or NaN: the grid's positions that
    are no output multiply g's zeros by pixels, and 0 * inf would reach the sum."""
    batch, channels = data.shape[:2]
    filters = weight_shape[0]
    if filters // groups < 16:
        return None
    columns = Columns(xp, data.shape, kernel, stride, dilate, pad, groups, data.dtype,
                      implicit=True)
    if columns.mode != "implicit":
        return None
    if not _finite(xp, data):
        return None
    length, shifts = columns.length, columns.shifts()
    per_sample = (channels * (length + shifts[-1]) + filters * length) * data.dtype.itemsize
    step = max(1, min(batch, conv_columns.CACHE // per_sample))
    columns.step = step
    total = xp.zeros((len(shifts), groups, filters // groups, channels // groups),
                     dtype=data.dtype)
    memory = None
    for start, size in columns.chunks():
        memory, flat = columns.flat_image(data[start:start + size], memory)
        heads = columns.to_grid(g[start:start + size])
        heads = heads.reshape(size, groups, filters // groups, length)
        for t, shift in enumerate(shifts):
            view = flat[:, :, shift:shift + length].reshape(size, groups, -1, length)
            products = xp.matmul(heads, xp.swapaxes(view, 2, 3))
            total[t] += products[0] if size == 1 else products.sum(axis=0)
    return xp.moveaxis(total, 0, -1).reshape(weight_shape)


def _finite(xp, data) -> bool:
    with np.errstate(over="ignore", invalid="ignore"):     # a float32 sum may overflow: fine
        return bool(xp.isfinite(xp.sum(data)))


def _gemm_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad, groups):
    """The columns' product with g: strip columns where they apply (the grid's positions that
    are no output multiply g's zeros: not where the data holds inf or NaN), else windows."""
    filters = weight_shape[0]
    columns = Columns(xp, data.shape, kernel, stride, dilate, pad, groups, g.dtype, strips=True)
    if columns.mode == "strip" and not _finite(xp, data):
        columns = Columns(xp, data.shape, kernel, stride, dilate, pad, groups, g.dtype)
    columns.read(data)
    # (rows x positions) @ (positions x filters): BLAS runs this order faster for a short
    # filter side (LeNet's 6 and 16), but its result is the weight's transpose, and writing
    # that into .grad is a transposing copy that costs more than the product once filters are
    # many (512x512x3x3: 12 ms); there the product is taken as (filters x rows) directly
    filters_first = filters // groups >= WIDE_FILTERS
    shape = (groups, filters // groups, columns.rows) if filters_first else \
        (groups, columns.rows, filters // groups)
    total = xp.zeros(shape, dtype=g.dtype)
    for start, size in columns.chunks():
        heads = columns.to_grid(g[start:start + size])
        heads = heads.reshape(size, groups, filters // groups, columns.length)
        if filters_first:
            products = xp.matmul(heads, xp.swapaxes(columns.columns(start, size), 2, 3))
        else:
            products = xp.matmul(columns.columns(start, size), xp.swapaxes(heads, 2, 3))
        total += products.sum(axis=0)
    if filters_first:
        return total.reshape(weight_shape)
    return xp.swapaxes(total, 1, 2).reshape(weight_shape)


# filters per group from which the weight gradient's product is taken filters-first
WIDE_FILTERS = 64


def _depthwise_weight_gradient(xp, g, data, weight_shape, kernel, stride, dilate, pad):
    image = padded(xp, data, pad)
    out = g.shape[2:]
    taps = xp.empty((weight_shape[0],) + kernel, dtype=g.dtype)
    axes = (0,) + tuple(range(2, 2 + len(out)))
    for offset in kernel_points(kernel):
        window = image[offset_slices(offset, stride, dilate, out)]
        taps[(slice(None),) + offset] = (g * window).sum(axis=axes)
    return taps.reshape(weight_shape)

"""Pooling: max, avg, sum and lp pooling of 1-D, 2-D and 3-D images, as MXNet 1.9.1 pools.

The window is a loop over the kernel's offsets, each one strided slice of the (padded) image
for every output position at once: max is np.fmax of the slices (a NaN never wins, as in
MXNet's `x > max` scan, and a window with no number gives the lowest float, MXNet's start
value), the others their sum. Backward runs the same offsets: max sends each output's
gradient to the first cell in row-major order that holds the maximum, avg spreads it over the
cells counted, sum copies it, lp scales it by (x / y) ** (p - 1). Global pooling is one
reduction over the spatial axes. avg and sum pooling over windows that tile a 2-D image
(stride = kernel, no padding, sizes divisible: LeNet's 2x2) take ops/pool_tiles.py instead.

The conventions: 'valid' windows lie inside the padded image (floor), 'full' ones may run past
its end (ceil), counting only what lies within the image and its padding, and 'same' gives
ceil(size / stride) outputs (1-D max pooling only, as MXNet states it).
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ops import pool_tiles
from ndsh.engine.ops.conv import int_param, shape_param

_TYPES = ("max", "avg", "sum", "lp")
_CONVENTIONS = ("valid", "full", "same")
_FIRST = {3: "NCW", 4: "NCHW", 5: "NCDHW"}
_LAST = {3: "NWC", 4: "NHWC", 5: "NDHWC"}


# ----- the plan: checked arguments, output shape, divisors ----------------------------------
def _plan(shape, dtype, kernel, pool_type, global_pool, pooling_convention, stride, pad, p_value,
          count_include_pad, layout) -> tuple:
    """(kernel, stride, pad, out, p, channels_last) for channels-first data of
    `shape`, checked as MXNet checks the arguments."""
    name = "Pooling"
    if pool_type not in _TYPES:
        raise ValueError(f"Pooling: pool_type must be one of {', '.join(_TYPES)}, not "
                         f"{pool_type!r}")
    if pooling_convention not in _CONVENTIONS:
        raise ValueError(f"Pooling: pooling_convention must be one of "
                         f"{', '.join(_CONVENTIONS)}, not {pooling_convention!r}")
    if dtype.kind != "f":
        raise TypeError(f"Pooling: the data must be float16, float32 or float64 (as in MXNet), "
                        f"and has dtype {dtype.name}: convert it with .astype('float32')")
    ndim = len(shape)
    if not 3 <= ndim <= 5:
        raise ValueError(f"Pooling: the data must be 3-D (batch, channel, x), 4-D (batch, "
                         f"channel, y, x) or 5-D (batch, channel, d, y, x), and has shape "
                         f"{shape}")
    kernel = shape_param(name, "kernel", kernel)
    if layout not in (None, _FIRST[ndim], _LAST[ndim]):
        raise ValueError(f"Pooling: layout {layout!r} does not fit {ndim}-D data of shape "
                         f"{shape}: use {_FIRST[ndim]!r} (the default) or {_LAST[ndim]!r}")
    last = layout == _LAST[ndim]
    spatial = shape[1:-1] if last else shape[2:]
    n = ndim - 2
    if kernel and len(kernel) != n:
        raise ValueError(f"Pooling: kernel {kernel} has {len(kernel)} dimension(s), and the "
                         f"data of shape {shape} has {n} spatial one(s)"
                         + (" (an int kernel means 1-D pooling)" if len(kernel) == 1 else ""))
    p = 1
    if pool_type == "lp":
        if p_value is None:
            raise ValueError("Pooling: pool_type='lp' needs p_value (1, 2 or 3)")
        p = int_param(name, "p_value", p_value)
        if p not in (1, 2, 3):
            raise ValueError(f"Pooling: p_value must be 1, 2 or 3, not {p_value}")
    if global_pool:
        return spatial, (1,) * n, (0,) * n, (1,) * n, p, last
    if not kernel:
        raise ValueError("Pooling: kernel is required unless global_pool=True: the window's "
                         "size, e.g. kernel=(2, 2)")
    pad = shape_param(name, "pad", pad)
    if pooling_convention == "same" and pad and not any(pad):
        pad = ()             # 'same' pads by itself: zeros of any length mean no extra pad
    stride, pad = _stride_pad(shape_param(name, "stride", stride), pad, kernel)
    if pooling_convention == "same":
        if n != 1 or pool_type != "max":
            raise ValueError(f"Pooling: pooling_convention='same' supports 1-D max pooling "
                             f"only (as MXNet states), not {n}-D {pool_type} pooling")
        if any(pad):
            raise ValueError("Pooling: pooling_convention='same' takes no pad")
    out = []
    for size, k, s, q in zip(spatial, kernel, stride, pad):
        if k > size + 2 * q:
            raise ValueError(f"Pooling: kernel {kernel} exceeds the data's spatial shape "
                             f"{spatial} padded by {pad}")
        if pooling_convention == "valid":
            o = 1 + (size + 2 * q - k) // s
        elif pooling_convention == "full":
            o = 1 + -(-(size + 2 * q - k) // s)
        else:
            o = -(-(size + 2 * q) // s)
        out.append(o)
    return kernel, stride, pad, tuple(out), p, last


def _stride_pad(stride, pad, kernel):
    n = len(kernel)
    for label, values in (("stride", stride), ("pad", pad)):
        if values and len(values) != n:
            raise ValueError(f"Pooling: {label} {values} must have as many dimensions as "
                             f"kernel {kernel}")
    stride, pad = stride or (1,) * n, pad or (0,) * n
    if min(kernel) < 1 or min(stride) < 1 or min(pad) < 0:
        raise ValueError(f"Pooling: kernel {kernel} and stride {stride} must be positive and "
                         f"pad {pad} not negative")
    return stride, pad


def _counts(xp, spatial, kernel, stride, pad, out, include_pad, dtype):
    """avg's divisor: the cells of each window inside the image (and its padding when
    include_pad), a scalar when every window has them all."""
    per_axis = []
    for size, k, s, q, o in zip(spatial, kernel, stride, pad, out):
        start = np.arange(o) * s - q
        if include_pad:
            count = np.minimum(start + k, size + q) - start
        else:
            count = np.minimum(start + k, size) - np.maximum(start, 0)
        per_axis.append(np.maximum(count, 0))
    if all((c == k).all() for c, k in zip(per_axis, kernel)):
        return math.prod(kernel)
    total = per_axis[0]
    for c in per_axis[1:]:
        total = np.multiply.outer(total, c)
    # a window with no cell sums nothing: MXNet's 0, not 0 / 0
    return xp.asarray(np.maximum(total, 1).astype(dtype))


# ----- the kernel-offset loop -------------------------------------------------------------
def _offsets(kernel):
    return itertools.product(*(range(k) for k in kernel))


def _ranges(offset, spatial, stride, pad, out):
    """(output slices, data slices): the outputs whose window has kernel point `offset`
    inside the data, and those cells; None when there are none. The padding (and a 'full'
    window's overhang) is never made: what lies there is left out."""
    outputs, cells = [slice(None), slice(None)], [slice(None), slice(None)]
    for j, size, s, q, o in zip(offset, spatial, stride, pad, out):
        low = max(0, -(-(q - j) // s))
        high = min(o, (size - 1 + q - j) // s + 1)
        if high <= low:
            return None
        start = low * s + j - q
        outputs.append(slice(low, high))
        cells.append(slice(start, start + (high - low - 1) * s + 1, s))
    return tuple(outputs), tuple(cells)


def _windows(kernel, spatial, stride, pad, out):
    for offset in _offsets(kernel):
        found = _ranges(offset, spatial, stride, pad, out)
        if found is not None:
            yield found


def _lowest(dtype):
    return np.finfo(dtype).min


def _work_dtype(xp, data, pool_type):
    # float16 sums are accumulated in float32, as MXNet's AccType
    return xp.float32 if data.dtype == xp.float16 and pool_type != "max" else data.dtype


def _power(x, p):
    return x if p == 1 else x * x if p == 2 else x * x * x


def _root(xp, x, p):
    return x if p == 1 else xp.sqrt(x) if p == 2 else xp.cbrt(x)


def _forward(xp, data, pool_type, kernel, stride, pad, out, p, count_include_pad):
    shape, spatial, dtype = data.shape[:2] + out, data.shape[2:], data.dtype
    if pool_type == "max":
        # MXNet's scan starts at the lowest float and takes x only if x > max: np.fmax never
        # picks a NaN, and -inf or a window without cells leaves the lowest float
        result = xp.full(shape, _lowest(data.dtype), dtype=data.dtype)
        for outputs, cells in _windows(kernel, spatial, stride, pad, out):
            target = result[outputs]
            xp.fmax(target, data[cells], out=target)
        return result
    work = _work_dtype(xp, data, pool_type)
    data = data.astype(work, copy=False)
    if pool_type in ("avg", "sum") and pool_tiles.tiles(data.shape, kernel, stride, pad):
        result = pool_tiles.tile_sums(xp, data, kernel)
        if pool_type == "avg":
            result /= pool_tiles.cells(kernel)
        return result.astype(dtype, copy=False)
    result = xp.zeros(shape, dtype=work)
    for outputs, cells in _windows(kernel, spatial, stride, pad, out):
        target = result[outputs]
        xp.add(target, _power(data[cells], p), out=target)
    if pool_type == "avg":
        include = True if count_include_pad is None else bool(count_include_pad)
        result /= _counts(xp, spatial, kernel, stride, pad, out, include, work)
    elif pool_type == "lp":
        result = _root(xp, result, p)
    return result.astype(dtype, copy=False)


def _global(xp, data, pool_type, p):
    axes = tuple(range(2, data.ndim))
    if pool_type == "max":
        result = data.max(axis=axes, keepdims=True)
        if xp.isnan(result).any():          # a NaN never wins in MXNet's scan
            result = xp.where(xp.isnan(data), -xp.inf, data).max(axis=axes, keepdims=True)
        return xp.fmax(result, _lowest(data.dtype))
    work = _work_dtype(xp, data, pool_type)
    total = _power(data.astype(work, copy=False), p).sum(axis=axes, keepdims=True)
    if pool_type == "avg":
        total = total / math.prod(data.shape[2:])
    elif pool_type == "lp":
        total = _root(xp, total, p)
    return total.astype(data.dtype, copy=False)


def _backward(xp, g, ans, data, pool_type, kernel, stride, pad, out, p, count_include_pad):
    spatial = data.shape[2:]
    if pool_type in ("avg", "sum") and pool_tiles.tiles(data.shape, kernel, stride, pad):
        share = g / pool_tiles.cells(kernel) if pool_type == "avg" else g
        return pool_tiles.tile_spread(xp, share, kernel)
    grad = xp.zeros(data.shape, dtype=g.dtype)
    # windows that do not overlap write each cell once; MXNet adds into zeros, so lp keeps
    # adding (0 times a negative head is +0 there)
    assign = all(s >= k for k, s in zip(kernel, stride)) and (pool_type != "lp" or p == 1)
    if pool_type == "max":
        claimed = xp.zeros(ans.shape, dtype=bool)   # an earlier cell of the window was the max
        # g times the mask: a select (np.where) on a random mask is several times slower; the
        # product is g's value or +-0 (added into grad's +0: +0), or NaN for an inf or NaN g
        product = getattr(xp, "__name__", "") in ("numpy", "cupy") and bool(
            xp.isfinite(g).all())
        windows = list(_windows(kernel, spatial, stride, pad, out))
        for t, (outputs, cells) in enumerate(windows):
            hit = data[cells] == ans[outputs]
            if t:                                   # (nothing is taken before the first)
                xp.greater(hit, claimed[outputs], out=hit)      # hit and not taken
            if t + 1 < len(windows):
                taken = claimed[outputs]
                xp.logical_or(taken, hit, out=taken)
            if product and assign:
                xp.multiply(g[outputs], hit, out=grad[cells])   # -0 made +0 below
            elif product:
                target = grad[cells]
                xp.add(target, xp.multiply(g[outputs], hit), out=target)
            elif assign:
                grad[cells] = xp.where(hit, g[outputs], 0)
            else:
                grad[cells] += xp.where(hit, g[outputs], 0)
        if product and assign:
            grad += 0       # MXNet adds into zeros: +0 where a negative head met no maximum
        return grad
    if pool_type == "avg":
        include = True if count_include_pad is None else bool(count_include_pad)
        g = g / _counts(xp, spatial, kernel, stride, pad, out, include, g.dtype)
    for outputs, cells in _windows(kernel, spatial, stride, pad, out):
        share = g[outputs]
        if pool_type == "lp" and p > 1:
            y = ans[outputs]
            ratio = xp.where(y == 0, 0, data[cells] / xp.where(y == 0, 1, y))
            share = share * (ratio if p == 2 else ratio * ratio)
        if assign:
            grad[cells] = share
        else:
            grad[cells] += share
    return grad


def _global_backward(xp, g, ans, data, pool_type, p):
    if pool_type == "max":
        first = _first_max(xp, data, ans)
        return xp.where(first, g, 0).astype(g.dtype, copy=False)
    if pool_type == "avg":
        return xp.broadcast_to(g / math.prod(data.shape[2:]), data.shape).astype(g.dtype)
    if pool_type == "sum" or p == 1:
        return xp.broadcast_to(g, data.shape).copy()
    ratio = xp.where(ans == 0, 0, data / xp.where(ans == 0, 1, ans))
    grad = g * (ratio if p == 2 else ratio * ratio)
    grad += 0           # MXNet adds into zeros: +0 where a negative head meets a zero
    return grad


def _first_max(xp, data, ans):
    """True at the first cell (row-major) of each (batch, channel) image equal to its max."""
    flat = data.reshape(data.shape[:2] + (-1,)) == ans.reshape(ans.shape[:2] + (1,))
    return (flat & (xp.cumsum(flat, axis=-1) == 1)).reshape(data.shape)


# ----- the op -----------------------------------------------------------------------------
def _to_first(xp, data, last):
    return xp.moveaxis(data, -1, 1) if last else data


def _from_first(xp, result, last):
    return xp.ascontiguousarray(xp.moveaxis(result, 1, -1)) if last else result


def _pooling_vjp(xp, g, ans, data, kernel=(), pool_type="max", global_pool=False,
                 cudnn_off=False, pooling_convention="valid", stride=(), pad=(), p_value=None,
                 count_include_pad=None, layout=None):
    kernel, stride, pad, out, p, last = _plan(
        data.shape, data.dtype, kernel, pool_type, global_pool, pooling_convention, stride, pad,
        p_value, count_include_pad, layout)
    g, ans, data = (_to_first(xp, a, last) for a in (g, ans, data))
    if global_pool:
        grad = _global_backward(xp, g, ans, data, pool_type, p)
    else:
        grad = _backward(xp, g, ans, data, pool_type, kernel, stride, pad, out, p,
                         count_include_pad)
    return _from_first(xp, grad, last)


@op(vjp=_pooling_vjp, departs=(
    "pooling_convention='same' works (1-D max pooling; MXNet 1.9.1 fails on every 'same' call, "
    "reading pad[1] of a 1-D pad); so do float32 windows that lie wholly in the padding "
    "(MXNet's oneDNN kernel refuses pad >= kernel, except on a reshaped view). The float32 "
    "gradient of 'full' avg pooling is the forward's: MXNet's backward picks its oneDNN kernel "
    "from the output's shape and can divide a last window by cells its forward did not count "
    "(1-D data of 7, kernel 2, stride 2: half the true gradient)."))
def Pooling(xp, data, kernel=(), pool_type="max", global_pool=False, cudnn_off=False,
            pooling_convention="valid", stride=(), pad=(), p_value=None, count_include_pad=None,
            layout=None):
    """Pool each channel of a batch of 1-D, 2-D or 3-D images over sliding windows: the
    maximum, average, sum or p-norm of each window.

    The output size per axis is 1 + (size + 2 * pad - kernel) // stride ('valid'), with the
    division rounded up for 'full'. Max pooling's padding never wins; its gradient goes to the
    first maximum of each window in row-major order.

    Parameters:
        data: the images, (batch, channel, *spatial) (NCW, NCHW, NCDHW), or channels-last
            with layout='NWC', 'NHWC' or 'NDHWC'; float.
        kernel: the window's size: (w,), (h, w) or (d, h, w) (an int means 1-D); not needed
            with global_pool.
        pool_type: 'max' (default), 'avg', 'sum' or 'lp' (the p-norm, no absolute value).
        global_pool: pool each whole image to one value (kernel, stride and pad ignored).
        cudnn_off: MXNet's cuDNN switch: accepted and ignored.
        pooling_convention: 'valid' (default: windows inside the padded image), 'full'
            (windows may run past the end; only the cells inside count) or 'same' (1-D max:
            ceil(size / stride) outputs).
        stride: the step between windows per axis; default 1 (the Gluon layers default to
            the kernel).
        pad: padding on both sides of each spatial axis; default 0.
        p_value: lp pooling's p: 1, 2 or 3 (required for 'lp').
        count_include_pad: avg pooling: count the padding cells in each window's divisor
            (None means True, as in MXNet).
        layout: None (channels first), or the data's layout name.

    Example:
        >>> nd.Pooling(nd.arange(16).reshape((1, 1, 4, 4)), kernel=(2, 2), stride=(2, 2))
        <BLANKLINE>
        [[[[ 5.  7.]
           [13. 15.]]]]
        <NDArray 1x1x2x2 @cpu(0)>
    """
    kernel, stride, pad, out, p, last = _plan(
        data.shape, data.dtype, kernel, pool_type, global_pool, pooling_convention, stride, pad,
        p_value, count_include_pad, layout)
    data = _to_first(xp, data, last)
    if global_pool:
        result = _global(xp, data, pool_type, p)
    else:
        result = _forward(xp, data, pool_type, kernel, stride, pad, out, p, count_include_pad)
    return _from_first(xp, result, last)

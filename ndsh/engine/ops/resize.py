"""Resizing layers: contrib.BilinearResize2D (bilinear interpolation to a size, a scale or
another array's size) and contrib.AdaptiveAvgPooling2D (average pooling to an output size), as
MXNet 1.9.1 computes them (UpSampling is in ops/upsampling.py).

Interpolation and adaptive pooling are separable: one pass along the width, then one along the
height, each a gather of whole columns (rows) with their weights, never a loop over pixels.
Their gradients scatter back along the same axes; where several outputs read one input
column, the scatter runs once per multiplicity (a loop over the scale factor, not over
pixels), so no two writes of one step hit the same column.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.conv import int_param, require_float, shape_param

_CONTRIB = "nd.contrib"


# ----- shared: scatter along one axis -----------------------------------------------------
def _scatter_axis(xp, values, targets, size, axis):
    """out[..., t, ...] summed over values[..., j, ...] with targets[j] == t (numpy array of
    non-decreasing targets), along `axis`; out has `size` entries there."""
    shape = list(values.shape)
    shape[axis] = size
    out = xp.zeros(shape, dtype=values.dtype)
    counts = np.bincount(targets, minlength=size)
    starts = np.cumsum(counts) - counts
    for rank in range(int(counts.max(initial=0))):
        columns = np.nonzero(counts > rank)[0]
        sources = backend.from_host(xp, starts[columns] + rank)
        where = [slice(None)] * values.ndim
        where[axis] = backend.from_host(xp, columns)
        source = [slice(None)] * values.ndim
        source[axis] = sources
        out[tuple(where)] += values[tuple(source)]
    return out


def _along(xp, weights, ndim, axis):
    """A 1-D weight vector shaped to broadcast along `axis` of an ndim array."""
    shape = [1] * ndim
    shape[axis] = -1
    return weights.reshape(shape)


def _check_image(op_name, data, what="data"):
    if not isinstance(data, NDArray):
        raise TypeError(f"{op_name}: {what} must be an NDArray, not {type(data).__name__}")
    if data.ndim != 4:
        raise ValueError(f"{op_name}: {what} must be 4-D (batch, channel, height, width), and "
                         f"has shape {data.shape}")


# ----- BilinearResize2D -------------------------------------------------------------------
def _bilinear_axis(size, out, align_corners):
    """MXNet's source positions along one axis, in float32 as its kernel computes them:
    (first index, step to the second (0 or 1), weight of the first, weight of the second)."""
    f32 = np.float32
    if out > 1:
        scale = f32(size - 1) / f32(out - 1) if align_corners else f32(size) / f32(out)
    else:
        scale = f32(0)
    index = np.arange(out)
    if align_corners:
        source = scale * index.astype(f32)
    else:
        source = np.maximum(float(scale) * (index + 0.5) - 0.5, 0).astype(f32)
    first = source.astype(np.int64)
    step = (first < size - 1).astype(np.int64)
    second = (source - first.astype(f32)).astype(f32)
    return first, step, second


def _bilinear_weights(xp, size, out, align_corners, dtype):
    first, step, second = _bilinear_axis(size, out, align_corners)
    w1 = second.astype(dtype)
    w0 = (dtype.type(1) - w1).astype(dtype)
    return first, first + step, w0, w1


def _resize_vjp(xp, g, ans, data, *like, size=(1, 1), align_corners=True):
    n, c, h, w = data.shape
    if (h, w) == tuple(size):
        return g.copy()
    rows0, rows1, hw0, hw1 = _bilinear_weights(xp, h, size[0], align_corners, g.dtype)
    cols0, cols1, ww0, ww1 = _bilinear_weights(xp, w, size[1], align_corners, g.dtype)
    hw0, hw1 = (_along(xp, backend.from_host(xp, v), 4, 2) for v in (hw0, hw1))
    ww0, ww1 = (_along(xp, backend.from_host(xp, v), 4, 3) for v in (ww0, ww1))
    across = _scatter_axis(xp, g * hw0, rows0, h, 2) + _scatter_axis(xp, g * hw1, rows1, h, 2)
    return _scatter_axis(xp, across * ww0, cols0, w, 3) + \
        _scatter_axis(xp, across * ww1, cols1, w, 3)


@op(nin=-1, namespace="_internal", name="BilinearResize2D", same_dtype=False, keeps=(),
    vjp=(_resize_vjp, lambda *a, **k: None))
def _bilinear_resize(xp, data, *like, size=(1, 1), align_corners=True):
    """BilinearResize2D on checked arguments (nd.contrib.BilinearResize2D checks them)."""
    n, c, h, w = data.shape
    if (h, w) == tuple(size):
        return data.copy()
    rows0, rows1, hw0, hw1 = _bilinear_weights(xp, h, size[0], align_corners, data.dtype)
    cols0, cols1, ww0, ww1 = _bilinear_weights(xp, w, size[1], align_corners, data.dtype)
    cols0, cols1, rows0, rows1 = (backend.from_host(xp, v) for v in (cols0, cols1, rows0, rows1))
    ww0, ww1 = (_along(xp, backend.from_host(xp, v), 4, 3) for v in (ww0, ww1))
    hw0, hw1 = (_along(xp, backend.from_host(xp, v), 4, 2) for v in (hw0, hw1))
    # MXNet's order: h0 * (w0 * p00 + w1 * p01) + h1 * (w0 * p10 + w1 * p11)
    across = ww0 * data[:, :, :, cols0] + ww1 * data[:, :, :, cols1]
    return hw0 * across[:, :, rows0] + hw1 * across[:, :, rows1]


def _scaled(size, scale) -> int:
    return int(np.float32(scale) * np.float32(size))


def _resize_size(shape, like, height, width, scale_height, scale_width, mode) -> tuple:
    """The output (height, width), as MXNet's shape inference works it out."""
    h, w = shape[2], shape[3]
    if mode == "size":
        if scale_height is None:
            return height, width
        if scale_width is None:
            raise ValueError("contrib.BilinearResize2D: scale_height was given without "
                             "scale_width; give both (MXNet reads scale_width whenever "
                             "scale_height is set)")
        return _scaled(h, scale_height), _scaled(w, scale_width)
    if mode == "odd_scale":
        if scale_height is None or scale_width is None:
            raise ValueError("contrib.BilinearResize2D: mode='odd_scale' needs scale_height and "
                             "scale_width")
        return ((_scaled(h, scale_height) if h % 2 == 0 else _scaled(h - 1, scale_height) + 1),
                (_scaled(w, scale_width) if w % 2 == 0 else _scaled(w - 1, scale_width) + 1))
    if mode == "like":
        return like.shape[2], like.shape[3]
    even, up = mode.startswith("to_even"), mode.endswith("up")
    return tuple(s if (s % 2 == 0) == even else s + 1 if up else s - 1 for s in (h, w))


_MODES = ("size", "odd_scale", "like", "to_even_down", "to_even_up", "to_odd_down", "to_odd_up")


def BilinearResize2D(data=None, like=None, height=1, width=1, scale_height=None,
                     scale_width=None, mode="size", align_corners=True, out=None):
    """Resize 4-D images (NCHW) by bilinear interpolation: to (height, width), to a scale of
    their size, or to the height and width of `like`.

    With align_corners=True (the default) the corner pixels of input and output coincide:
    output pixel i samples input position i * (size - 1) / (out - 1); with False, pixel
    centres are scaled: (i + 0.5) * size / out - 0.5, clamped at 0.

    Parameters:
        data: the images, (batch, channel, height, width); float.
        like: mode='like' only: an array whose dimensions 2 and 3 give the output size.
        height, width: the output size for mode='size' without scales (at least 1).
        scale_height, scale_width: mode 'size' or 'odd_scale': the output is the input size
            times these (truncated; give both).
        mode: 'size' (default), 'odd_scale' (an odd size s becomes (s - 1) * scale + 1),
            'like', or 'to_even_down', 'to_even_up', 'to_odd_down', 'to_odd_up' (the nearest
            even or odd size below or above; a size that already fits stays).
        align_corners: whether the corner pixels coincide (see above); default True.

    Example:
        >>> nd.contrib.BilinearResize2D(nd.array([[[[1, 2], [3, 4]]]]), height=3, width=3)
        <BLANKLINE>
        [[[[1.  1.5 2. ]
           [2.  2.5 3. ]
           [3.  3.5 4. ]]]]
        <NDArray 1x1x3x3 @cpu(0)>
    """
    name = "contrib.BilinearResize2D"
    _check_image(name, data)
    require_float(name, ("data", data))
    if mode not in _MODES:
        raise ValueError(f"{name}: mode must be one of {', '.join(_MODES)}, not {mode!r}")
    if (mode == "like") != (like is not None):
        raise ValueError(f"{name}: mode='like' takes 2 inputs (data, like) and the other modes "
                         f"1; mode={mode!r} was given with {1 + (like is not None)}")
    if like is not None and (not isinstance(like, NDArray) or like.ndim < 4):
        raise ValueError(f"{name}: like must be an NDArray of at least 4 dimensions (its "
                         f"dimensions 2 and 3 give the output size)")
    height, width = int_param(name, "height", height, 1), int_param(name, "width", width, 1)
    size = _resize_size(data.shape, like, height, width, scale_height, scale_width, mode)
    if min(size) < 0 or max(size) > 32767:
        raise ValueError(f"{name}: the output size {size} is out of range (0 to 32767, as "
                         f"MXNet's 16-bit sizes allow)")
    inputs = (data,) if like is None else (data, like)
    return _bilinear_resize(*inputs, size=size, align_corners=bool(align_corners), out=out)


op(kind="function", nin=1, namespace=_CONTRIB, departs=(
    "An output size above 32767 is refused (MXNet keeps sizes in 16 bits and wraps them)."))(
    BilinearResize2D)


# ----- AdaptiveAvgPooling2D ---------------------------------------------------------------
def _adaptive_bounds(size, out):
    """Each output cell's window [start, end) along one axis (PyTorch's and MXNet's)."""
    index = np.arange(out)
    return (index * size) // out, -((-(index + 1) * size) // out)


def _window_sum(xp, data, size, out, axis):
    """The sum over each output cell's window along `axis`, and the window lengths."""
    starts, ends = _adaptive_bounds(size, out)
    lengths = ends - starts
    total = None
    for offset in range(int(lengths.max(initial=0))):
        inside = offset < lengths
        index = backend.from_host(xp, np.minimum(starts + offset, size - 1))
        where = [slice(None)] * data.ndim
        where[axis] = index
        cells = data[tuple(where)]
        if not inside.all():
            mask = _along(xp, backend.from_host(xp, inside), data.ndim, axis)
            cells = xp.where(mask, cells, 0)
        total = cells if total is None else total + cells
    return total, lengths


def _adaptive_vjp(xp, g, ans, data, output_size=()):
    n, c, h, w = data.shape
    oh, ow = g.shape[2:]
    if 0 in (oh, ow):
        return xp.zeros(data.shape, dtype=g.dtype)
    rs, re = _adaptive_bounds(h, oh)
    cs, ce = _adaptive_bounds(w, ow)
    g = g / backend.from_host(xp, np.multiply.outer(re - rs, ce - cs).astype(g.dtype))
    rows = xp.zeros((n, c, h, ow), dtype=g.dtype)
    for offset in range(int((re - rs).max())):
        keep = offset < re - rs
        kept = backend.from_host(xp, np.nonzero(keep)[0])
        rows += _scatter_axis(xp, g[:, :, kept], (rs + offset)[keep], h, 2)
    grad = xp.zeros(data.shape, dtype=g.dtype)
    for offset in range(int((ce - cs).max())):
        keep = offset < ce - cs
        kept = backend.from_host(xp, np.nonzero(keep)[0])
        grad += _scatter_axis(xp, rows[:, :, :, kept], (cs + offset)[keep], w, 3)
    return grad


def _adaptive_size(output_size) -> tuple:
    sizes = shape_param("contrib.AdaptiveAvgPooling2D", "output_size", output_size)
    if len(sizes) == 1:
        sizes = sizes * 2
    elif len(sizes) != 2:
        sizes = (1, 1)          # MXNet: no size, or more than two, pools to 1 x 1
    if min(sizes) < 0:
        raise ValueError(f"contrib.AdaptiveAvgPooling2D: output_size {output_size} must not "
                         f"be negative")
    return sizes


@op(namespace=_CONTRIB, vjp=_adaptive_vjp, keeps=())
def AdaptiveAvgPooling2D(xp, data, output_size=()):
    """Average-pool 4-D images (NCHW) to a given output size: output cell (i, j) averages the
    input rows floor(i * H / h) to ceil((i + 1) * H / h) and the matching columns.

    Parameters:
        data: the images, (batch, channel, height, width); float.
        output_size: the output (height, width), or one int for both; none (the default)
            gives 1 x 1, and so does a tuple of more than two (as in MXNet).

    Example:
        >>> nd.contrib.AdaptiveAvgPooling2D(nd.arange(16).reshape((1, 1, 4, 4)),
        ...                                 output_size=2)
        <BLANKLINE>
        [[[[ 2.5  4.5]
           [10.5 12.5]]]]
        <NDArray 1x1x2x2 @cpu(0)>
    """
    name = "contrib.AdaptiveAvgPooling2D"
    if data.ndim != 4:
        raise ValueError(f"{name}: data must be 4-D (batch, channel, height, width), and has "
                         f"shape {data.shape}")
    if data.dtype.kind != "f":
        raise TypeError(f"{name}: data must be float16, float32 or float64 (as in MXNet), and "
                        f"has dtype {data.dtype.name}: convert it with .astype('float32')")
    oh, ow = _adaptive_size(output_size)
    n, c, h, w = data.shape
    if 0 in (oh, ow) or 0 in data.shape:
        return xp.zeros((n, c, oh, ow), dtype=data.dtype)
    columns, widths = _window_sum(xp, data, w, ow, 3)
    total, heights = _window_sum(xp, columns, h, oh, 2)
    # MXNet divides by the width, then the height
    total = total / _along(xp, backend.from_host(xp, widths.astype(data.dtype)), 4, 3)
    return total / _along(xp, backend.from_host(xp, heights.astype(data.dtype)), 4, 2)

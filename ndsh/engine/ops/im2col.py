"""Convolution's building blocks as ops: im2col (sliding blocks of an image as columns) and
col2im (columns summed back into an image), each the other's adjoint, for 1-D, 2-D and 3-D
images.

im2col is one strided-view gather: a sliding-window view of the padded image, subsampled by
stride and dilation (conv_columns.windows), laid out as (N, C * prod(kernel), blocks) by one
copy. col2im adds each kernel offset's columns into a strided slice of the padded image: a loop
over the kernel's offsets only, never over the batch, the channels or the pixels.
Convolution itself (ops/conv.py) runs on the same views, a chunk of the batch at a time.
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ops.conv_columns import windows

_DEPARTS = ("1-D and 3-D images work (MXNet 1.9.1 computes 2-D ones only, and fails on "
            "the others); a kernel whose dimensions differ from the image's is an error (MXNet "
            "reads past the array).")


def _shape_param(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (int, np.integer)):
        return (int(value),)
    return tuple(int(v) for v in value)


def conv_geometry(op_name: str, spatial: tuple, kernel, stride=(), dilate=(), pad=()):
    """(kernel, stride, dilate, pad, output spatial shape) for an image of spatial shape
    `spatial`, checked as MXNet checks them; the output size per axis is
    (size + 2 * pad - dilate * (kernel - 1) - 1) // stride + 1."""
    kernel = _shape_param(kernel)
    if not kernel:
        raise ValueError(f"{op_name}: give the kernel's size, e.g. kernel=(3, 3)")
    n = len(kernel)
    if n != len(spatial) or n not in (1, 2, 3):
        raise ValueError(f"{op_name}: kernel {kernel} has {n} dimension(s), and the image has "
                         f"{len(spatial)} spatial one(s) {spatial}; they must match, and be "
                         f"1, 2 or 3 (the input is (batch, channel, *spatial))")
    given = {"stride": _shape_param(stride), "dilate": _shape_param(dilate),
             "pad": _shape_param(pad)}
    for name, values in given.items():
        if values and len(values) != n:
            raise ValueError(f"{op_name}: {name} {values} must have as many dimensions as "
                             f"kernel {kernel}")
    stride = given["stride"] or (1,) * n
    dilate = given["dilate"] or (1,) * n
    pad = given["pad"] or (0,) * n
    if min(kernel) < 1 or min(stride) < 1 or min(dilate) < 1 or min(pad) < 0:
        raise ValueError(f"{op_name}: kernel {kernel}, stride {stride} and dilate {dilate} must "
                         f"be positive and pad {pad} not negative")
    out = []
    for size, k, s, d, p in zip(spatial, kernel, stride, dilate, pad):
        reach = d * (k - 1) + 1
        if reach > size + 2 * p:
            raise ValueError(f"{op_name}: the kernel {kernel} with dilate {dilate} spans "
                             f"more than the image {spatial} padded by {pad}")
        out.append((size + 2 * p - reach) // s + 1)
    return kernel, stride, dilate, pad, tuple(out)


def _require_float(op_name: str, data) -> None:
    if data.dtype.kind != "f":
        raise TypeError(f"{op_name}: works on float16, float32 or float64 arrays, and this one "
                        f"of shape {data.shape} is {data.dtype.name} (MXNet's too): convert "
                        f"it with .astype('float32')")


def _im2col(xp, data, kernel, stride, dilate, pad):
    spatial, image = data.shape[2:], data
    kernel, stride, dilate, pad, out = conv_geometry("im2col", spatial, kernel, stride, dilate,
                                                     pad)
    blocks = windows(xp, data, kernel, stride, dilate, pad)   # (N, C, *kernel, *out): a view
    columns = blocks.reshape(data.shape[0], data.shape[1] * math.prod(kernel), math.prod(out))
    # a 1x1 kernel's blocks can be a view of the image itself: the result must not be
    return columns.copy() if xp.may_share_memory(columns, image) else columns


def _col2im(xp, data, output_size, kernel, stride, dilate, pad):
    output_size = _shape_param(output_size)
    kernel, stride, dilate, pad, out = conv_geometry("col2im", output_size, kernel, stride,
                                                     dilate, pad)
    if data.ndim != 3:
        raise ValueError(f"col2im: the columns must be 3-D, (batch, channels * prod(kernel), "
                         f"blocks), and have shape {data.shape}")
    block = math.prod(kernel)
    if data.shape[1] % block or data.shape[2] != math.prod(out):
        raise ValueError(f"col2im: columns of shape {data.shape} do not fit kernel {kernel}: "
                         f"the second axis must be a multiple of {block} and the third "
                         f"{math.prod(out)}, the blocks of an image {output_size} (stride "
                         f"{stride}, dilate {dilate}, pad {pad})")
    batch, channels = data.shape[0], data.shape[1] // block
    columns = data.reshape((batch, channels) + kernel + out)
    padded = xp.zeros((batch, channels) + tuple(s + 2 * p for s, p in zip(output_size, pad)),
                      dtype=data.dtype)
    for offset in itertools.product(*(range(k) for k in kernel)):
        target = tuple(slice(j * d, j * d + s * (o - 1) + 1, s)
                       for j, d, s, o in zip(offset, dilate, stride, out))
        padded[(slice(None), slice(None)) + target] += columns[(slice(None), slice(None))
                                                               + offset]
    inner = tuple(slice(p, p + s) for p, s in zip(pad, output_size))
    return padded[(slice(None), slice(None)) + inner]


@op(vjp=lambda xp, g, ans, data, kernel=None, stride=(), dilate=(), pad=(): _col2im(
        xp, g, data.shape[2:], kernel, stride, dilate, pad), keeps=(), departs=_DEPARTS)
def im2col(xp, data, kernel=None, stride=(), dilate=(), pad=()):
    """The sliding blocks of a batch of images as columns: (N, C, *spatial) ->
    (N, C * prod(kernel), number of blocks), for 1, 2 or 3 spatial dimensions.

    Row c * prod(kernel) + (kernel offset) of the result holds that channel's pixel at that
    offset of every block; the blocks (columns) are the convolution's output positions in
    row-major order. A convolution is a matrix product of these columns with the weights.

    Parameters:
        data: the images, (batch, channel, *spatial), float.
        kernel: the block's size: (w,), (h, w) or (d, h, w).
        stride: the step between blocks on each spatial axis; default 1.
        dilate: the spacing of the kernel's points on each axis; default 1.
        pad: zeros added on both sides of each spatial axis; default 0.

    Example:
        >>> nd.im2col(nd.arange(9).reshape((1, 1, 3, 3)), kernel=(2, 2))
        <BLANKLINE>
        [[[0. 1. 3. 4.]
          [1. 2. 4. 5.]
          [3. 4. 6. 7.]
          [4. 5. 7. 8.]]]
        <NDArray 1x4x4 @cpu(0)>
    """
    if data.ndim < 3:
        raise ValueError(f"im2col: the input must be (batch, channel, *spatial) with 1 to 3 "
                         f"spatial axes, and has shape {data.shape}")
    _require_float("im2col", data)
    return _im2col(xp, data, kernel, stride, dilate, pad)


@op(vjp=lambda xp, g, ans, data, output_size=None, kernel=None, stride=(), dilate=(), pad=():
    _im2col(xp, g, kernel, stride, dilate, pad), keeps=(), departs=_DEPARTS)
def col2im(xp, data, output_size=None, kernel=None, stride=(), dilate=(), pad=()):
    """Columns summed back into a batch of images: (N, C * prod(kernel), blocks) ->
    (N, C, *output_size); where blocks overlap, their values add up (im2col's adjoint, not its
    inverse).

    Parameters:
        data: the columns, (batch, channels * prod(kernel), blocks), float.
        output_size: the images' spatial shape: (w,), (h, w) or (d, h, w).
        kernel: the block's size, as for im2col.
        stride: the step between blocks on each spatial axis; default 1.
        dilate: the spacing of the kernel's points on each axis; default 1.
        pad: the padding im2col added on both sides of each spatial axis; default 0.

    Example:
        >>> nd.col2im(nd.ones((1, 4, 4)), output_size=(3, 3), kernel=(2, 2))
        <BLANKLINE>
        [[[[1. 2. 1.]
           [2. 4. 2.]
           [1. 2. 1.]]]]
        <NDArray 1x1x3x3 @cpu(0)>
    """
    if output_size is None:
        raise ValueError("col2im: give output_size, the images' spatial shape, e.g. (28, 28)")
    _require_float("col2im", data)
    return _col2im(xp, data, output_size, kernel, stride, dilate, pad)

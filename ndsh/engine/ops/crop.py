"""MXNet's legacy Crop layer: cut a window out of the height and width of (N, C, H, W) data,
of a given size or of the size of a second array's last two axes."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray


def _pair(name, value):
    """The first two entries of a shape parameter (MXNet reads no more of h_w)."""
    values = (value,) if isinstance(value, int) else tuple(value)
    if len(values) < 2:
        raise ValueError(f"Crop: {name} needs two numbers (height, width), got {value!r}")
    return int(values[0]), int(values[1])


def _window(data, like, offset, h_w, center_crop):
    """The window's (top, left, height, width), checked as MXNet checks it."""
    height, width = data.shape[2:]
    if like is None:
        h, w = _pair("h_w", h_w)
        if not (1 <= h <= height and 1 <= w <= width):
            raise ValueError(f"Crop: h_w={h_w!r} must lie between (1, 1) and the height and "
                             f"width {(height, width)} of data {data.shape}")
    else:
        if like.ndim < 4:
            raise ValueError(f"Crop: the second array gives the window's height and width as "
                             f"its axes 2 and 3, but has shape {like.shape}")
        h, w = like.shape[2:4]
        if h > height or w > width:
            raise ValueError(f"Crop: the window {(h, w)} of crop_like {like.shape} is larger "
                             f"than data {data.shape}")
    if center_crop:
        return (height - h) // 2, (width - w) // 2, h, w
    top, left = _pair("offset", offset)
    if not (0 <= top <= height - h and 0 <= left <= width - w):
        raise ValueError(f"Crop: offset={offset!r} puts the {(h, w)} window outside data "
                         f"{data.shape}: it must lie between (0, 0) and "
                         f"{(height - h, width - w)}")
    return top, left, h, w


def Crop(*data, offset=(0, 0), h_w=(0, 0), num_args=None, center_crop=False):
    """Cut a window out of the last two axes of (N, C, H, W) data: of size h_w, or with a
    second array (crop_like), of that array's height and width (axes 2 and 3), at `offset`
    or centred.

    Parameters:
        data: the data, and optionally the crop_like array (only its shape is read).
        offset: the window's top-left corner (y, x), when not centred.
        h_w: the window's (height, width), without a crop_like array.
        num_args: how many arrays are passed (1 or 2); counted when omitted.
        center_crop: centre the window (the offsets round down), ignoring `offset`.

    Example:
        >>> nd.Crop(nd.arange(16).reshape((1, 1, 4, 4)), h_w=(2, 2), center_crop=True)
        <BLANKLINE>
        [[[[ 5.  6.]
           [ 9. 10.]]]]
        <NDArray 1x1x2x2 @cpu(0)>
    """
    count = len(data)
    if num_args is not None and int(num_args) != count or count not in (1, 2):
        raise ValueError(f"Crop: takes data and optionally one crop_like array (num_args 1 or "
                         f"2), got {count} arrays" + ("" if num_args is None else
                                                      f" and num_args={num_args}"))
    for a in data:
        if not isinstance(a, NDArray):
            raise TypeError(f"Crop: expected NDArrays, got a {type(a).__name__}")
    x, like = data[0], (data[1] if count == 2 else None)
    if x.ndim != 4:
        raise ValueError(f"Crop: data must be 4-D (batch, channels, height, width), got shape "
                         f"{x.shape}")
    if np.dtype(x.dtype).kind != "f":
        raise TypeError(f"Crop: data must be floating point, not {np.dtype(x.dtype).name} (as "
                        f"in MXNet)")
    top, left, h, w = _window(x, like, offset, h_w, center_crop)
    from ndsh.engine.ops.slicing import slice_
    return slice_(x, begin=(None, None, top, left), end=(None, None, top + h, left + w))


op(kind="function", nin=-1,
   departs="float16 and float64 data work too (MXNet 1.9.1: float32 only), and crop_like may "
           "have any dtype. crop_like gets no gradient (MXNet writes zeros into it).")(Crop)

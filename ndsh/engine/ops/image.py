"""`nd.image`: MXNet 1.9.1's image operators on one HWC image (flips, random flips) and the
tensor conversions gluon.data.vision.transforms are built on (to_tensor, normalize).

The flips take one (height, width, channels) image with 1 or 3 channels, as MXNet's do; the
random flips draw from ndsh's random stream (`nd.random.seed` repeats them).
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.context import cpu
from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.ops.random import _generator
from ndsh.engine.registry import public_callable

_IMAGE = "nd.image"
_WIDTH, _HEIGHT = 1, 0


def _shape_text(shape) -> str:
    return "[" + ",".join(str(s) for s in shape) + "]"


def _check_hwc(name: str, data) -> None:
    """Refuse what MXNet refuses: not 3-D, a channel count other than 1 or 3, an empty image."""
    if data.ndim != 3:
        raise MXNetError(f"nd.image.{name}: the input image must have shape (height, width, "
                         f"channels), but got {_shape_text(data.shape)}")
    if data.shape[2] not in (1, 3):
        raise MXNetError(f"nd.image.{name}: the last dimension of the input image must be the "
                         f"channel dimension with either 1 or 3 elements, but got input with "
                         f"shape {_shape_text(data.shape)}")
    if 0 in data.shape:
        raise MXNetError(f"nd.image.{name}: the input image is empty (shape "
                         f"{_shape_text(data.shape)}); MXNet refuses it")


_FLIP_DEPARTS = ("The gradient is the head gradient flipped back (MXNet 1.9.1 passes it through "
                 "unflipped). An odd {what} keeps its middle {line} (MXNet 1.9.1 writes zeros "
                 "there, or garbage for integer dtypes).")


def _flip_vjp(axis):
    def vjp(xp, g, ans, data):
        return xp.flip(g, axis=axis).copy()
    return vjp


@op(namespace=_IMAGE, vjp=_flip_vjp(_WIDTH), keeps=(),
    departs=_FLIP_DEPARTS.format(what="width", line="column"))
def flip_left_right(xp, data):
    """Mirror an image left to right: the width axis of (height, width, channels) reversed.

    Parameters:
        data: one image, shape (height, width, channels) with 1 or 3 channels.

    Example:
        >>> img = nd.array([[[1], [2], [3], [4]]])   # 1 x 4, gray
        >>> nd.image.flip_left_right(img)[0, :, 0]
        <BLANKLINE>
        [4. 3. 2. 1.]
        <NDArray 4 @cpu(0)>
    """
    _check_hwc("flip_left_right", data)
    return xp.flip(data, axis=_WIDTH).copy()


@op(namespace=_IMAGE, vjp=_flip_vjp(_HEIGHT), keeps=(),
    departs=_FLIP_DEPARTS.format(what="height", line="row"))
def flip_top_bottom(xp, data):
    """Mirror an image top to bottom: the height axis of (height, width, channels) reversed.

    Parameters:
        data: one image, shape (height, width, channels) with 1 or 3 channels.

    Example:
        >>> img = nd.array([[[1]], [[2]]])           # 2 x 1, gray
        >>> nd.image.flip_top_bottom(img)[:, 0, 0]
        <BLANKLINE>
        [2. 1.]
        <NDArray 2 @cpu(0)>
    """
    _check_hwc("flip_top_bottom", data)
    return xp.flip(data, axis=_HEIGHT).copy()


def _copy(data):
    """A recorded copy (nd.identity): its gradient is the head gradient."""
    return public_callable("nd", "identity")(data)


def _coin() -> bool:
    """One fair draw from ndsh's host random stream."""
    return bool(_generator(cpu()).random() < 0.5)


def random_flip_left_right(data):
    """flip_left_right with probability 1/2, else a copy of the image (gradients follow
    whichever was taken).

    Parameters:
        data: one image, shape (height, width, channels) with 1 or 3 channels.

    Example:
        >>> img = nd.array([[[1], [2]]])
        >>> flip = nd.image.random_flip_left_right
        >>> firsts = {int(flip(img)[0, 0, 0].asscalar())
        ...           for _ in range(40)}
        >>> sorted(firsts)
        [1, 2]
    """
    _check_hwc("random_flip_left_right", data)
    return flip_left_right(data) if _coin() else _copy(data)


def random_flip_top_bottom(data):
    """flip_top_bottom with probability 1/2, else a copy of the image (gradients follow
    whichever was taken).

    Parameters:
        data: one image, shape (height, width, channels) with 1 or 3 channels.

    Example:
        >>> img = nd.array([[[1]], [[2]]])
        >>> flip = nd.image.random_flip_top_bottom
        >>> firsts = {int(flip(img)[0, 0, 0].asscalar())
        ...           for _ in range(40)}
        >>> sorted(firsts)
        [1, 2]
    """
    _check_hwc("random_flip_top_bottom", data)
    return flip_top_bottom(data) if _coin() else _copy(data)


_RANDOM_DEPARTS = ("The coin is ndsh's random stream (nd.random.seed repeats it, but not MXNet's "
                   "draws). " + _FLIP_DEPARTS.format(what="width or height",
                                                     line="column or row"))
op(kind="function", namespace=_IMAGE, departs=_RANDOM_DEPARTS)(random_flip_left_right)
op(kind="function", namespace=_IMAGE, departs=_RANDOM_DEPARTS)(random_flip_top_bottom)


# ----- to_tensor, normalize ---------------------------------------------------------------
def _to_tensor_axes(ndim):
    return (2, 0, 1) if ndim == 3 else (0, 3, 1, 2)


def _to_tensor_vjp(xp, g, ans, data):
    back = (1, 2, 0) if data.ndim == 3 else (0, 2, 3, 1)
    return (xp.transpose(g, back) / np.float32(255)).astype(data.dtype)


@op(namespace=_IMAGE, vjp=_to_tensor_vjp, keeps=(),
    departs="Differentiable (MXNet 1.9.1's backward fails on the transposed shape).")
def to_tensor(xp, data):
    """An HWC image (or NHWC batch) with values in [0, 255] to a CHW (NCHW) float32 tensor in
    [0, 1]: channels moved first, divided by 255 (any dtype, any number of channels).

    Parameters:
        data: shape (height, width, channels) or (batch, height, width, channels).

    Example:
        >>> x = nd.array([[[0, 51, 255]]], dtype='uint8')   # 1 x 1, RGB
        >>> nd.image.to_tensor(x)[:, 0, 0]
        <BLANKLINE>
        [0.  0.2 1. ]
        <NDArray 3 @cpu(0)>
    """
    if data.ndim not in (3, 4):
        raise MXNetError(f"nd.image.to_tensor: the input image must have shape (height, width, "
                         f"channels), or (N, height, width, channels) but got "
                         f"{_shape_text(data.shape)}")
    moved = xp.transpose(data, _to_tensor_axes(data.ndim)).astype(np.float32)
    return moved / np.float32(255)


def _per_channel(xp, name, value, channels, data):
    values = np.atleast_1d(np.asarray(value, dtype=np.float64)).ravel()
    if values.size not in (1, channels):
        raise MXNetError(f"nd.image.normalize: {name} must have either 1 or {channels} elements "
                         f"for input with shape {_shape_text(data.shape)}, but got "
                         f"{_shape_text(values.tolist())}")
    values = np.broadcast_to(values, (channels,))
    shape = (channels, 1, 1) if data.ndim == 3 else (1, channels, 1, 1)
    dtype = data.dtype if data.dtype.kind == "f" else np.float32
    return xp.asarray(values.reshape(shape), dtype=dtype)


def _check_chw(data):
    if data.ndim not in (3, 4):
        raise MXNetError(f"nd.image.normalize: the input tensor must have shape (channels, "
                         f"height, width), or (N, channels, height, width), but got "
                         f"{_shape_text(data.shape)}")
    channels = data.shape[0 if data.ndim == 3 else 1]
    if channels not in (1, 3):
        raise MXNetError(f"nd.image.normalize: the channel dimension of the input tensor must "
                         f"have either 1 or 3 elements, but got input with shape "
                         f"{_shape_text(data.shape)}")
    return channels


def _normalize_vjp(xp, g, ans, data, mean=0.0, std=1.0):
    std = _per_channel(xp, "std", std, _check_chw(data), data)
    return (g / std).astype(data.dtype)


@op(namespace=_IMAGE, vjp=_normalize_vjp, keeps=(),
    departs="mean and std default to 0 and 1 (MXNet 1.9.1's defaults have four elements, "
            "which it then refuses for every input).")
def normalize(xp, data, mean=0.0, std=1.0):
    """(data - mean) / std per channel of a CHW tensor (or NCHW batch) with 1 or 3 channels.

    Parameters:
        data: shape (channels, height, width) or (batch, channels, height, width).
        mean: a number, or one per channel.
        std: a number, or one per channel.

    Example:
        >>> x = nd.ones((3, 1, 1))
        >>> nd.image.normalize(x, mean=(0.5, 0, 0), std=(0.5, 1, 2))[:, 0, 0]
        <BLANKLINE>
        [1.  1.  0.5]
        <NDArray 3 @cpu(0)>
    """
    channels = _check_chw(data)
    mean = _per_channel(xp, "mean", mean, channels, data)
    std = _per_channel(xp, "std", std, channels, data)
    return ((data - mean) / std).astype(data.dtype)

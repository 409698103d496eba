"""Rotating float32 CHW images (or NCHW batches) about their centre, as MXNet 1.9.1's
`mx.image.imrotate` / `random_rotate` do: a grid of sampling points rotated (and zoomed) in
coordinates normalised to [-1, 1], then bilinear sampling with zeros outside the image
(MXNet's `nd.BilinearSampler`), computed on the host in float32 with MXNet's order of
operations. `mx.image` and `transforms.Rotate` / `RandomRotation` use these.
"""
from __future__ import annotations

from numbers import Number

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.gluon.data.np_mode import np_in_np_out

__all__ = ["imrotate", "random_rotate"]


def _bilinear_sample(data: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """MXNet's BilinearSampler forward: data (N, C, H, W), grid (N, 2, h, w) of x, y in
    [-1, 1]; a corner outside the image counts as 0."""
    n, c, in_h, in_w = data.shape
    x = (grid[:, 0] + 1) * (in_w - 1) / 2
    y = (grid[:, 1] + 1) * (in_h - 1) / 2
    x0, y0 = np.floor(x).astype(np.int64), np.floor(y).astype(np.int64)
    wx, wy = (1 - (x - x0)).astype(np.float32), (1 - (y - y0)).astype(np.float32)
    batch = np.arange(n).reshape(n, 1, 1)
    out = np.zeros((n, c) + x.shape[1:], dtype=np.float32)
    for dy, dx, weight in ((0, 0, wy * wx), (0, 1, wy * (1 - wx)), (1, 0, (1 - wy) * wx),
                           (1, 1, (1 - wy) * (1 - wx))):
        xs, ys = x0 + dx, y0 + dy
        inside = (xs >= 0) & (xs <= in_w - 1) & (ys >= 0) & (ys <= in_h - 1)
        values = data[batch, :, np.clip(ys, 0, in_h - 1), np.clip(xs, 0, in_w - 1)]
        values = np.moveaxis(values, -1, 1)          # (n, h, w, c) -> (n, c, h, w)
        out += values * (weight * inside)[:, None]
    return out


def _scale(radians: np.ndarray, h: int, w: int, zoom_out: bool) -> np.ndarray:
    """The zoom that keeps no padding (zoom_in) or the whole image (zoom_out), per image."""
    h, w = np.float32(h), np.float32(w)
    rho = np.sqrt(h * h + w * w)
    corner = np.arctan(h / w)
    turn = np.abs(radians)
    max_x = np.maximum(np.abs(rho * np.cos(corner + turn)), np.abs(rho * np.cos(corner - turn)))
    max_y = np.maximum(np.abs(rho * np.sin(corner + turn)), np.abs(rho * np.sin(corner - turn)))
    if zoom_out:
        return np.maximum(max_x / w, max_y / h)
    return np.minimum(w / max_x, h / max_y)


@np_in_np_out
def imrotate(src: NDArray, rotation_degrees, zoom_in: bool = False,
             zoom_out: bool = False) -> NDArray:
    """Rotate a float32 image (C, H, W) or batch (N, C, H, W) about its centre, keeping its
    shape; the corners brought in are zeros.

    Parameters:
        src: the image(s), float32 (call it after ToTensor).
        rotation_degrees: the angle, counter-clockwise as shown; for a batch, a number or one
            angle per image (an NDArray).
        zoom_in: zoom so that no zero padding shows.
        zoom_out: zoom so that the whole original image shows.

    Example:
        >>> img = nd.array([[[1, 2], [3, 4]]])
        >>> mx.image.imrotate(img, 90)
        <BLANKLINE>
        [[[2. 4.]
          [1. 3.]]]
        <NDArray 1x2x2 @cpu(0)>
    """
    if zoom_in and zoom_out:
        raise ValueError("`zoom_in` and `zoom_out` cannot be both True")
    if src.dtype is not np.float32:
        raise TypeError("Only `float32` images are supported by this function")
    single = src.ndim == 3
    if single:
        if not isinstance(rotation_degrees, Number):
            raise TypeError("When a single image is passed the rotation angle is required "
                            "to be a scalar.")
    elif src.ndim != 4:
        raise ValueError("Only 3D and 4D are supported by this function")
    data = src.asnumpy()
    data = data[None] if single else data
    if isinstance(rotation_degrees, Number):
        degrees = np.full(len(data), rotation_degrees, dtype=np.float32)
    else:
        degrees = np.asarray(rotation_degrees.asnumpy() if isinstance(rotation_degrees, NDArray)
                             else rotation_degrees, dtype=np.float32).reshape(-1)
    if len(data) != len(degrees):
        raise ValueError("The number of images must be equal to the number of rotation angles")
    radians = (np.float32(np.pi) * degrees / np.float32(180)).reshape(-1, 1, 1)
    _, _, h, w = data.shape
    hscale, wscale = np.float32((h - 1) / 2), np.float32((w - 1) / 2)
    rows = np.repeat(np.arange(h, dtype=np.float32).reshape(h, 1), w, axis=1)[None] - hscale
    cols = np.repeat(np.arange(w, dtype=np.float32).reshape(1, w), h, axis=0)[None] - wscale
    cos, sin = np.cos(radians), np.sin(radians)
    grid = np.stack([(cols * cos - rows * sin) / wscale, (cols * sin + rows * cos) / hscale],
                    axis=1)
    if zoom_in or zoom_out:
        grid = grid * _scale(radians, h, w, zoom_out)[:, None]
    out = _bilinear_sample(data.astype(np.float32), grid.astype(np.float32))
    return nd.array(out[0] if single else out, ctx=src.context, dtype=np.float32)


@np_in_np_out
def random_rotate(src: NDArray, angle_limits, zoom_in: bool = False,
                  zoom_out: bool = False) -> NDArray:
    """Rotate a float32 image (C, H, W) or each image of a batch by an angle drawn uniformly
    from angle_limits (numpy's global generator, as MXNet).

    Parameters:
        src: the image(s), float32.
        angle_limits: (lowest, highest) angle in degrees.
        zoom_in: zoom so that no zero padding shows.
        zoom_out: zoom so that the whole original image shows.

    Example:
        >>> out = mx.image.random_rotate(nd.ones((3, 4, 4)), (-10, 10)); out.shape
        (3, 4, 4)
    """
    if src.ndim == 3:
        degrees = np.random.uniform(*angle_limits)
    else:
        degrees = nd.array(np.random.uniform(*angle_limits, size=src.shape[0]))
    return imrotate(src, degrees, zoom_in=zoom_in, zoom_out=zoom_out)

"""Resizing an HWC (or HW) image as OpenCV's cv::resize computes it inside MXNet 1.9.1
(mx.image.imresize, gluon's Resize transforms): its pixel centres, its taps at the borders
(replicated), and for uint8 its fixed-point weights in 1/2048 and the rounding of its kernels.

Measured against MXNet 1.9.1 (tests/image): nearest and area (whole factors and shrinking)
agree exactly, bilinear, bicubic and Lanczos on uint8 within 1 on a few pixels in a hundred,
float32 within float rounding.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import mxnet_errors

__all__ = ["resize"]

_SCALE = 2048           # OpenCV's INTER_RESIZE_COEF_SCALE: weights of uint8 images in 1/2048


def _centres(src: int, dst: int):
    f = (np.arange(dst) + 0.5) * (src / dst) - 0.5
    i = np.floor(f).astype(np.int64)
    return i, (f - i).astype(np.float32)


def _linear_taps(src: int, dst: int, area: bool = False):
    """Bilinear source indices (dst, 2), weights (dst, 2) and which outputs were clamped; with
    area, the weights INTER_AREA uses when it enlarges (nearest with a linear seam)."""
    if area:
        scale = src / dst
        i = np.floor(np.arange(dst) * scale).astype(np.int64)
        f = (np.arange(dst) + 1) - (i + 1) * (dst / src)
        f = np.where(f <= 0, 0, f - np.floor(f)).astype(np.float32)
    else:
        i, f = _centres(src, dst)
    low = i < 0
    f[low], i[low] = 0, 0
    high = i >= src - 1
    f[high], i[high] = 0, src - 1
    idx = np.stack([i, np.minimum(i + 1, src - 1)], axis=1)
    return idx, np.stack([1 - f, f], axis=1), low | high


def _cubic_taps(src: int, dst: int):
    i, f = _centres(src, dst)
    a = np.float32(-0.75)
    x = np.stack([1 + f, f, 1 - f, 2 - f], axis=1)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    coef = np.where(x <= 1, near, far).astype(np.float32)
    return np.clip(i[:, None] + np.arange(-1, 3), 0, src - 1), coef


_S45 = 0.70710678118654752440084436210485
_CS = np.array([[1, 0], [-_S45, -_S45], [0, 1], [_S45, -_S45], [-1, 0], [_S45, _S45], [0, -1],
                [-_S45, _S45]])


def _lanczos_taps(src: int, dst: int):
    i, f = _centres(src, dst)
    x = f.astype(np.float64)[:, None]
    y0 = -(x + 3) * np.pi * 0.25
    y = -(x + 3 - np.arange(8)) * np.pi * 0.25
    with np.errstate(divide="ignore", invalid="ignore"):   # x = 0: replaced below
        coef = ((_CS[:, 0] * np.sin(y0) + _CS[:, 1] * np.cos(y0)) / (y * y)).astype(np.float32)
        coef = coef * (np.float32(1) / coef.sum(axis=1, dtype=np.float32))[:, None]
    exact = f < np.finfo(np.float32).eps
    coef[exact] = np.eye(8, dtype=np.float32)[3]
    return np.clip(i[:, None] + np.arange(-3, 5), 0, src - 1), coef


def _area_matrix(src: int, dst: int) -> np.ndarray:
    """(dst, src) weights of INTER_AREA shrinking: each output the mean of the source cells
    its footprint covers, partly covered cells weighed by how much."""
    scale = src / dst
    weights = np.zeros((dst, src), dtype=np.float32)
    for dx in range(dst):
        fsx1 = dx * scale
        fsx2 = fsx1 + scale
        width = min(scale, src - fsx1)
        sx2 = min(int(np.floor(fsx2)), src - 1)
        sx1 = min(int(np.ceil(fsx1)), sx2)
        if sx1 - fsx1 > 1e-3:
            weights[dx, sx1 - 1] = (sx1 - fsx1) / width
        weights[dx, sx1:sx2] = 1.0 / width
        if fsx2 - sx2 > 1e-3:
            weights[dx, sx2] = min(min(fsx2 - sx2, 1.0), width) / width
    return weights


def _float_separable(img, xs, ys) -> np.ndarray:
    (xi, xc), (yi, yc) = xs, ys
    src = img.astype(np.float32)
    extra = (1,) * (img.ndim - 2)
    rows = (src[:, xi] * xc.reshape((1,) + xc.shape + extra)).sum(axis=2, dtype=np.float32)
    return (rows[yi] * yc.reshape(yc.shape + (1,) + extra)).sum(axis=1, dtype=np.float32)


def _fixed_rows(img, xs) -> np.ndarray:
    """The horizontal pass in OpenCV's fixed point: each output column the sum of its taps'
    pixels times their weights in 1/2048 (int32 holds it: |weights| sum to under 1.4 * 2048).
    Columns are gathered from the transposed image, where each is one contiguous block."""
    xi, xc = xs
    ialpha = np.rint(xc * _SCALE).astype(np.int32)
    shape = (-1,) + (1,) * (img.ndim - 1)
    columns = np.ascontiguousarray(img.swapaxes(0, 1)).astype(np.int32)    # (W, H[, C])
    rows = columns[xi[:, 0]] * ialpha[:, 0].reshape(shape)
    for k in range(1, xi.shape[1]):
        rows += columns[xi[:, k]] * ialpha[:, k].reshape(shape)
    return rows.swapaxes(0, 1)                                            # (H, W_out[, C])


def _fixed_linear(img, xs, ys, clamped) -> np.ndarray:
    """OpenCV's uint8 bilinear: columns in exact fixed point, rows as its SIMD kernel does
    them (each product scaled down with truncation, then rounded)."""
    rows = _fixed_rows(img, xs)
    yi, yc = ys
    beta = np.rint(yc * _SCALE).astype(np.int64)
    col = (len(yi),) + (1,) * (img.ndim - 1)
    out = (((rows[yi[:, 0]] >> 4) * beta[:, 0].reshape(col)) >> 16) \
        + (((rows[yi[:, 1]] >> 4) * beta[:, 1].reshape(col)) >> 16)
    # the clamped first and last rows come out 1 lower in MXNet now and then (measured:
    # 17 of about 4,700 values); this rounding is the closest found
    out = (out + np.where(clamped, 1, 2).reshape(col)) >> 2
    return np.clip(out, 0, 255).astype(np.uint8)


def _fixed_kernel(img, xs, ys, vector_rows: bool) -> np.ndarray:
    """OpenCV's uint8 bicubic (rows in float32, as its SIMD kernel) or Lanczos (rows in fixed
    point, rounded half up)."""
    rows = _fixed_rows(img, xs)
    yi, yc = ys
    beta = np.rint(yc * _SCALE).astype(np.int64)
    col = (len(yi),) + (1,) * (img.ndim - 1)
    if vector_rows:
        # float32, tap after tap, as OpenCV's vector kernel (rows are exact in float32)
        scaled = (beta.astype(np.float32) * np.float32(1.0 / (_SCALE * _SCALE)))
        rows = rows.astype(np.float32)
        out = rows[yi[:, 0]] * scaled[:, 0].reshape(col)
        for k in range(1, yi.shape[1]):
            out += rows[yi[:, k]] * scaled[:, k].reshape(col)
        out = np.rint(out)
    else:
        total = rows[yi[:, 0]] * beta[:, 0].reshape(col)
        for k in range(1, yi.shape[1]):
            total += rows[yi[:, k]] * beta[:, k].reshape(col)
        out = (total + (1 << 21)) >> 22
    return np.clip(out, 0, 255).astype(np.uint8)


def _saturate(values: np.ndarray, dtype) -> np.ndarray:
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return np.clip(np.rint(values), info.min, info.max).astype(dtype)
    return values.astype(dtype)


def _nearest(img, height, width):
    ys = np.minimum(np.floor(np.arange(height) * (img.shape[0] / height)).astype(np.int64),
                    img.shape[0] - 1)
    xs = np.minimum(np.floor(np.arange(width) * (img.shape[1] / width)).astype(np.int64),
                    img.shape[1] - 1)
    return img[ys][:, xs]


def _area(img, height, width):
    sh, sw = img.shape[0], img.shape[1]
    if sh % height == 0 and sw % width == 0:
        fy, fx = sh // height, sw // width
        blocks = img.astype(np.float64).reshape((height, fy, width, fx) + img.shape[2:])
        total = blocks.sum(axis=(1, 3))
        if img.dtype == np.uint8 and fy * fx == 4:      # OpenCV's 2x2 kernel rounds half up
            return ((total.astype(np.int64) + 2) >> 2).astype(np.uint8)
        return _saturate((total * np.float32(1.0 / (fy * fx))).astype(np.float32), img.dtype)
    wy, wx = _area_matrix(sh, height), _area_matrix(sw, width)
    out = np.einsum("ys,sx...->yx...", wy, img.astype(np.float32), optimize=True)
    out = np.einsum("xs,ys...->yx...", wx, out, optimize=True)
    return _saturate(out.astype(np.float32), img.dtype)


def resize(img: np.ndarray, height: int, width: int, interp: int = 1) -> np.ndarray:
    """An HWC (or HW) image resized to (height, width) as OpenCV's cv::resize: interp 0 nearest,
    1 bilinear, 2 bicubic, 3 area, 4 Lanczos (8x8).

    Example:
        >>> resize(np.array([[0, 100], [200, 255]], np.uint8)[:, :, None], 4, 4)[:, :, 0]
        array([[  0,  25,  75, 100],
               [ 50,  72, 117, 139],
               [150, 167, 200, 216],
               [200, 214, 241, 255]], dtype=uint8)
    """
    sh, sw = img.shape[0], img.shape[1]
    if (sh, sw) == (height, width):
        return img.copy()
    if interp == 0:
        return _nearest(img, height, width)
    if interp == 3 and height <= sh and width <= sw:
        return _area(img, height, width)
    if interp in (1, 3):
        xi, xc, _ = _linear_taps(sw, width, area=interp == 3)
        yi, yc, clamped = _linear_taps(sh, height, area=interp == 3)
        if img.dtype == np.uint8:
            return _fixed_linear(img, (xi, xc), (yi, yc), clamped)
        return _saturate(_float_separable(img, (xi, xc), (yi, yc)), img.dtype)
    if interp in (2, 4):
        taps = _cubic_taps if interp == 2 else _lanczos_taps
        xs, ys = taps(sw, width), taps(sh, height)
        if img.dtype == np.uint8:
            return _fixed_kernel(img, xs, ys, vector_rows=interp == 2)
        return _saturate(_float_separable(img, xs, ys), img.dtype)
    raise mxnet_errors.ValueError(f"Unknown interp method {interp}: 0 nearest, 1 bilinear, "
                                  f"2 bicubic, 3 area, 4 Lanczos")

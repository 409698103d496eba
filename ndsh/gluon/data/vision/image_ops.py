"""The image operations under `vision.transforms`, on HWC numpy arrays, computed as MXNet 1.9.1's
image operators (and the OpenCV calls inside them) compute them: resizing (cv_resize.py, as
OpenCV's cv::resize); cropping; flips; brightness, contrast, saturation, hue and PCA lighting
with OpenCV's saturating casts.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import NDArray, mxnet_errors, nd
from ndsh.gluon.data.vision.cv_resize import resize

__all__ = ["resize", "output_size", "crop", "adjust_brightness", "adjust_contrast",
           "adjust_saturation", "adjust_hue", "adjust_lighting", "saturate"]

_COEF = np.array([0.299, 0.587, 0.114], dtype=np.float32)
_EIG = np.array([[55.46 * -0.5675, 4.794 * 0.7192, 1.148 * 0.4009],
                 [55.46 * -0.5808, 4.794 * -0.0045, 1.148 * -0.8140],
                 [55.46 * -0.5836, 4.794 * -0.6948, 1.148 * 0.4203]], dtype=np.float32)


def saturate(values: np.ndarray, dtype) -> np.ndarray:
    """float32 results cast to dtype as OpenCV's saturate_cast: integers rounded half to even
    and clipped to the type's range; floats as they are.

    Example:
        >>> saturate(np.array([-3.0, 2.5, 3.5, 300.0]), np.uint8).tolist()
        [0, 2, 4, 255]
    """
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return np.clip(np.rint(values), info.min, info.max).astype(dtype)
    return values.astype(dtype)


def output_size(height: int, width: int, size, keep_ratio: bool) -> tuple[int, int]:
    """(height, width) after Resize(size, keep_ratio): an int is a square side (or, with
    keep_ratio, the short side); a pair is (width, height).

    Example:
        >>> output_size(28, 56, 14, True), output_size(28, 28, (10, 20), False)
        ((14, 28), (20, 10))
    """
    if isinstance(size, (int, np.integer)) or len(size) == 1:
        side = int(size if isinstance(size, (int, np.integer)) else size[0])
        if side <= 0:
            raise mxnet_errors.ValueError(f"Input size should be greater than 0, but got {side}")
        if not keep_ratio:
            return side, side
        if height > width:
            return int(height * side / width), side
        return side, int(width * side / height)
    if len(size) != 2:
        raise mxnet_errors.ValueError(f"Input size dimension must be 1 or 2, but got "
                                      f"{len(size)}")
    if size[0] <= 0 or size[1] <= 0:
        raise mxnet_errors.ValueError(f"Input size should be greater than 0, but got {size}")
    return int(size[1]), int(size[0])


def crop(img: np.ndarray, x0: int, y0: int, width: int, height: int) -> np.ndarray:
    """The (height, width) window of an HWC image whose top-left corner is (x0, y0).

    Example:
        >>> crop(np.arange(12).reshape((3, 4, 1)), 1, 0, 2, 2)[:, :, 0].tolist()
        [[1, 2], [5, 6]]
    """
    if x0 < 0 or y0 < 0 or x0 + width > img.shape[1] or y0 + height > img.shape[0]:
        raise mxnet_errors.ValueError(
            f"crop: the window x={x0}, y={y0}, width={width}, height={height} does not fit in "
            f"an image of height {img.shape[0]} and width {img.shape[1]}")
    return img[y0:y0 + height, x0:x0 + width].copy()


def adjust_brightness(img: np.ndarray, alpha: float) -> np.ndarray:
    """Every value times alpha, saturated.

    Example:
        >>> adjust_brightness(np.array([[[100, 200, 10]]], np.uint8), 1.5).tolist()
        [[[150, 255, 15]]]
    """
    return saturate(img.astype(np.float32) * np.float32(alpha), img.dtype)


def _gray(img: np.ndarray) -> np.ndarray:
    return (img.astype(np.float32) * _COEF).sum(axis=-1, keepdims=True, dtype=np.float32)


def adjust_contrast(img: np.ndarray, alpha: float) -> np.ndarray:
    """Values pulled towards (alpha < 1) or pushed from the image's mean gray level.

    Example:
        >>> adjust_contrast(np.array([[[0], [100]]], np.uint8), 0.5).tolist()
        [[[25], [75]]]
    """
    if img.shape[-1] > 1:
        mean = _gray(img).mean(dtype=np.float32)
    else:
        mean = img.astype(np.float32).mean(dtype=np.float32)
    beta = (1 - np.float32(alpha)) * mean
    return saturate(img.astype(np.float32) * np.float32(alpha) + beta, img.dtype)


def adjust_saturation(img: np.ndarray, alpha: float) -> np.ndarray:
    """Colours blended with their gray level: alpha 0 gray, 1 unchanged. (MXNet's kernel
    reads only the blue channel for the gray level, a bug; this uses the luma of all three.)

    Example:
        >>> adjust_saturation(np.array([[[200, 100, 0]]], np.uint8), 0.0).tolist()
        [[[118, 118, 118]]]
    """
    if img.shape[-1] == 1:
        return img.copy()
    gray = _gray(img) * (1 - np.float32(alpha))
    return saturate(gray + img.astype(np.float32) * np.float32(alpha), img.dtype)


def adjust_hue(img: np.ndarray, alpha: float) -> np.ndarray:
    """The hue turned by alpha * 360 degrees (through HLS, as MXNet's kernel).

    Example:
        >>> adjust_hue(np.array([[[255, 0, 0]]], np.uint8), 1 / 3).tolist()
        [[[0, 255, 0]]]
    """
    if img.shape[-1] == 1:
        return img.copy()
    rgb = img.astype(np.float32) / np.float32(255)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    vmax, vmin = rgb.max(axis=-1), rgb.min(axis=-1)
    diff = vmax - vmin
    light = (vmax + vmin) * np.float32(0.5)
    colored = diff > np.finfo(np.float32).eps
    with np.errstate(divide="ignore", invalid="ignore"):
        sat = np.where(light < 0.5, diff / (vmax + vmin), diff / (2 - vmax - vmin))
        scale = np.float32(60) / diff
        hue = np.where(vmax == r, (g - b) * scale,
                       np.where(vmax == g, (b - r) * scale + 120, (r - g) * scale + 240))
    hue = np.where(hue < 0, hue + 360, hue)
    sat = np.where(colored, sat, 0).astype(np.float32)
    hue = (np.where(colored, hue, 0) + np.float32(alpha) * 360).astype(np.float32)
    p2 = np.where(light <= 0.5, light * (1 + sat), light + sat - light * sat)
    p1 = 2 * light - p2
    h = np.mod(hue / np.float32(60), 6)
    sector = np.minimum(h.astype(np.int64), 5)
    h = h - sector
    tab = np.stack([p2, p1, p1 + (p2 - p1) * (1 - h), p1 + (p2 - p1) * h], axis=-1)
    order = np.array([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])
    bgr = np.take_along_axis(tab, order[sector], axis=-1)
    out = np.where((sat != 0)[..., None], bgr[..., ::-1], light[..., None])
    return saturate(out * np.float32(255), img.dtype)


def adjust_lighting(img: np.ndarray, alpha) -> np.ndarray:
    """AlexNet's PCA lighting noise: each of R, G, B shifted by the ImageNet eigenvectors
    weighted by alpha (three numbers).

    Example:
        >>> adjust_lighting(np.full((1, 1, 3), 100, np.uint8), (0.1, 0.0, 0.0)).tolist()
        [[[97, 97, 97]]]
    """
    if img.shape[-1] == 1:
        return img.copy()
    shift = _EIG @ np.asarray(alpha, dtype=np.float32)
    return saturate(img.astype(np.float32) + shift, img.dtype)



def shape_text(shape) -> str:
    """A shape as MXNet's messages print it: [28,28,1]."""
    return "[" + ",".join(str(d) for d in shape) + "]"


def on_host(x: NDArray, fn) -> NDArray:
    """fn applied to x's values on the host, back as an NDArray of fn's dtype on x's context."""
    out = fn(x.asnumpy())
    return nd.array(out, ctx=x.context, dtype=out.dtype)


def uniform(low: float, high: float) -> float:
    """One draw from U(low, high) on ndsh's random stream."""
    return float(nd.random.uniform(low, high, shape=(1,)).asscalar())


def require_hwc(name: str, x: NDArray) -> None:
    """Refuse, naming the transform, an image that is not (height, width, channels)."""
    if x.ndim != 3:
        raise mxnet_errors.ValueError(f"{name}: the image must have shape (height, width, "
                                      f"channels), but got {shape_text(x.shape)}")

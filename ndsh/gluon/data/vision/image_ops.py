"""The image operations under `vision.transforms`, on HWC numpy arrays, computed as MXNet 1.9.1's
image operators (and the OpenCV calls inside them) compute them: resizing with OpenCV's pixel
centres and, for uint8, its fixed-point bilinear weights; cropping; flips; brightness,
contrast, saturation, hue and PCA lighting with OpenCV's saturating casts.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import NDArray, mxnet_errors, nd

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


def _linear_taps(src: int, dst: int):
    """OpenCV's bilinear source indices and weights along one axis, and which outputs lie
    past the first or last source centre (clamped)."""
    scale = src / dst
    f = ((np.arange(dst) + 0.5) * scale - 0.5).astype(np.float32)
    i = np.floor(f).astype(np.int64)
    f = f - i
    low = i < 0
    f[low], i[low] = 0, 0
    high = i >= src - 1
    f[high], i[high] = 0, src - 1
    return i, np.minimum(i + 1, src - 1), f, low | high


def _resize_linear(img: np.ndarray, height: int, width: int) -> np.ndarray:
    y0, y1, fy, clamped = _linear_taps(img.shape[0], height)
    x0, x1, fx, _ = _linear_taps(img.shape[1], width)
    if img.dtype == np.uint8:
        # OpenCV's fixed point: weights in 1/2048, columns first (exact), then rows as its
        # SIMD kernel does them: each row product scaled down with truncation, then rounded
        ax1 = np.rint(fx * 2048).astype(np.int64)
        ax0 = np.rint((1 - fx) * 2048).astype(np.int64)
        ay1 = np.rint(fy * 2048).astype(np.int64)
        ay0 = np.rint((1 - fy) * 2048).astype(np.int64)
        src = img.astype(np.int64)
        shape = (1, width) + (1,) * (img.ndim - 2)
        rows = src[:, x0] * ax0.reshape(shape) + src[:, x1] * ax1.reshape(shape)
        col = (height,) + (1,) * (img.ndim - 1)
        out = (((rows[y0] >> 4) * ay0.reshape(col)) >> 16) \
            + (((rows[y1] >> 4) * ay1.reshape(col)) >> 16)
        # the clamped first and last rows come out 1 lower in MXNet now and then (measured:
        # 17 of about 4,700 values); this rounding is the closest found
        out = (out + np.where(clamped, 1, 2).reshape(col)) >> 2
        return np.clip(out, 0, 255).astype(np.uint8)
    src = img.astype(np.float32)
    shape = (1, width) + (1,) * (img.ndim - 2)
    rows = src[:, x0] * (1 - fx).reshape(shape) + src[:, x1] * fx.reshape(shape)
    col = (height,) + (1,) * (img.ndim - 1)
    out = rows[y0] * (1 - fy).reshape(col) + rows[y1] * fy.reshape(col)
    return saturate(out, img.dtype)


def _resize_nearest(img: np.ndarray, height: int, width: int) -> np.ndarray:
    ys = np.minimum(np.floor(np.arange(height) * (img.shape[0] / height)).astype(np.int64),
                    img.shape[0] - 1)
    xs = np.minimum(np.floor(np.arange(width) * (img.shape[1] / width)).astype(np.int64),
                    img.shape[1] - 1)
    return img[ys][:, xs]


def _cubic_weights(f: np.ndarray) -> np.ndarray:
    a = -0.75
    x = np.stack([1 + f, f, 1 - f, 2 - f], axis=-1)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return np.where(x <= 1, near, far).astype(np.float32)


def _resize_cubic(img: np.ndarray, height: int, width: int) -> np.ndarray:
    def taps(src, dst):
        f = (np.arange(dst) + 0.5) * (src / dst) - 0.5
        i = np.floor(f).astype(np.int64)
        idx = np.clip(i[:, None] + np.arange(-1, 3), 0, src - 1)
        return idx, _cubic_weights((f - i).astype(np.float32))
    yi, wy = taps(img.shape[0], height)
    xi, wx = taps(img.shape[1], width)
    src = img.astype(np.float32)
    extra = (1,) * (img.ndim - 2)
    rows = (src[:, xi] * wx.reshape((1, width, 4) + extra)).sum(axis=2)
    out = (rows[yi] * wy.reshape((height, 4, 1) + extra)).sum(axis=1)
    return saturate(out, img.dtype)


def _resize_area(img: np.ndarray, height: int, width: int) -> np.ndarray:
    sh, sw = img.shape[0], img.shape[1]
    if sh % height == 0 and sw % width == 0:
        fy, fx = sh // height, sw // width
        blocks = img.astype(np.float32).reshape((height, fy, width, fx) + img.shape[2:])
        return saturate(blocks.mean(axis=(1, 3)), img.dtype)
    return _resize_linear(img, height, width)


def resize(img: np.ndarray, height: int, width: int, interp: int = 1) -> np.ndarray:
    """An HWC (or HW) image resized to (height, width): interp 0 nearest, 1 bilinear (OpenCV's
    arithmetic), 2 bicubic, 3 area (an average over whole blocks; bilinear otherwise),
    4 Lanczos (computed as bicubic).

    Example:
        >>> resize(np.array([[0, 100], [200, 255]], np.uint8)[:, :, None], 4, 4)[:, :, 0]
        array([[  0,  25,  75, 100],
               [ 50,  72, 117, 139],
               [150, 167, 200, 216],
               [200, 214, 241, 255]], dtype=uint8)
    """
    if (img.shape[0], img.shape[1]) == (height, width):
        return img.copy()
    if interp == 0:
        return _resize_nearest(img, height, width)
    if interp == 1:
        return _resize_linear(img, height, width)
    if interp in (2, 4):
        return _resize_cubic(img, height, width)
    if interp == 3:
        return _resize_area(img, height, width)
    raise mxnet_errors.ValueError(f"Unknown interp method {interp}: 0 nearest, 1 bilinear, "
                                  f"2 bicubic, 3 area, 4 Lanczos")


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

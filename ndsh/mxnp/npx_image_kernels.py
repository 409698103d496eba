"""The colour kernels of `npx.image` on host float32 arrays (HWC or NHWC), as MXNet 1.9.1's
src/operator/image/image_random-inl.h computes them: brightness, contrast, saturation (with the
gray of all three channels; MXNet's loop keeps only the blue share), hue through HLS on the 0-255
scale, AlexNet's PCA lighting constants, and saturate_cast."""
from __future__ import annotations

import numpy as onp

GRAY = onp.array([0.299, 0.587, 0.114], dtype=onp.float32)
# MXNet's PCA lighting of ImageNet (0-255 scale): eigenvalues and eigenvectors
EIGVAL = onp.array([55.46, 4.794, 1.148], dtype=onp.float32)
EIGVEC = onp.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
                     [-0.5836, -0.6948, 0.4203]], dtype=onp.float32)


def saturate(values: onp.ndarray, dtype) -> onp.ndarray:
    """MXNet's saturate_cast in the image kernels: ints clipped to their range, truncated.

    Example:
        >>> import numpy as onp; from ndsh.mxnp.npx_image_kernels import saturate
        >>> saturate(onp.array([-3.0, 7.9, 300.0]), onp.dtype('uint8'))
        array([  0,   7, 255], dtype=uint8)
    """
    if dtype.kind in "iu":
        info = onp.iinfo(dtype)
        return onp.clip(values, info.min, info.max).astype(dtype)
    return values.astype(dtype)


def brightness(x, alpha):
    """The image times alpha.

    Example:
        >>> import numpy as onp; from ndsh.mxnp.npx_image_kernels import brightness
        >>> brightness(onp.ones((1, 1, 3), onp.float32), 0.5)[0, 0]
        array([0.5, 0.5, 0.5], dtype=float32)
    """
    return x * onp.float32(alpha)


def contrast(x, alpha):
    """x * alpha + (1 - alpha) * the image's mean gray (0.299 r + 0.587 g + 0.114 b).

    Example:
        >>> import numpy as onp; from ndsh.mxnp.npx_image_kernels import contrast
        >>> contrast(onp.array([[[0.0, 0.0, 0.0]], [[1.0, 1.0, 1.0]]], onp.float32), 0.0)[0, 0]
        array([0.5, 0.5, 0.5], dtype=float32)
    """
    gray = (x * GRAY).sum(-1) if x.shape[-1] == 3 else x[..., 0]
    mean = gray.mean(axis=(-2, -1), keepdims=True)[..., None]
    return x * onp.float32(alpha) + (onp.float32(1 - alpha) * mean).astype(onp.float32)


def saturation(x, alpha):
    """Each pixel x * alpha + (1 - alpha) * its gray (MXNet's kernel keeps only the blue share
    of the gray; this takes all three channels).

    Example:
        >>> import numpy as onp; from ndsh.mxnp.npx_image_kernels import saturation
        >>> saturation(onp.array([[[1.0, 0.0, 0.0]]], onp.float32), 0.0)[0, 0]
        array([0.299, 0.299, 0.299], dtype=float32)
    """
    if x.shape[-1] == 1:
        return x
    gray = (x * GRAY).sum(-1, keepdims=True)
    return gray * onp.float32(1 - alpha) + x * onp.float32(alpha)


def hue(x, alpha):
    """MXNet's AdjustHueImpl: RGB -> HLS (on 0-255 values), the hue turned by alpha * 360
    degrees, HLS -> RGB.

    Example:
        >>> import numpy as onp; from ndsh.mxnp.npx_image_kernels import hue
        >>> hue(onp.array([[[255.0, 0.0, 0.0]]], onp.float32), 1 / 3)[0, 0]
        array([  0., 255.,   0.], dtype=float32)
    """
    if x.shape[-1] == 1:
        return x
    r, g, b = (x[..., i] / onp.float32(255) for i in range(3))
    vmax, vmin = onp.maximum(onp.maximum(r, g), b), onp.minimum(onp.minimum(r, g), b)
    diff, light = vmax - vmin, (vmax + vmin) * onp.float32(0.5)
    with onp.errstate(divide="ignore", invalid="ignore"):
        sat = onp.where(light < 0.5, diff / (vmax + vmin), diff / (2 - vmax - vmin))
        step = onp.float32(60) / diff
        hue = onp.where(vmax == r, (g - b) * step,
                        onp.where(vmax == g, (b - r) * step + 120, (r - g) * step + 240))
    chromatic = diff > onp.finfo(onp.float32).eps
    sat, hue = onp.where(chromatic, sat, 0), onp.where(chromatic, hue, 0)
    hue = onp.where(hue < 0, hue + 360, hue) + onp.float32(alpha * 360)
    p2 = onp.where(light <= 0.5, light * (1 + sat), light + sat - light * sat)
    p1 = 2 * light - p2
    h = onp.mod(hue / onp.float32(60), 6)
    sector = onp.floor(h).astype(int)
    h = h - sector.astype(onp.float32)
    tab = onp.stack([p2, p1, p1 + (p2 - p1) * (1 - h), p1 + (p2 - p1) * h])
    pick = onp.array([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])
    b2, g2, r2 = (onp.take_along_axis(tab, pick[sector][None, ..., i], 0)[0] for i in range(3))
    rgb = onp.stack([r2, g2, b2], axis=-1)
    rgb = onp.where(sat[..., None] != 0, rgb, light[..., None])
    return rgb * onp.float32(255)

"""`npx.image`: MXNet 1.9.1's image operators on np arrays (HWC images, or NHWC batches):
to_tensor, normalize and the flips over the table's nd.image ops; crop (slicing, with a
gradient); resize (OpenCV's arithmetic, ndsh/gluon/data/vision/cv_resize.py); and the colour
operators adjust_lighting, random_lighting, random_brightness, random_contrast,
random_saturation, random_hue, random_color_jitter, computed as MXNet's kernels compute them
(float32 math, ints saturated) with factors drawn from the engine's seeded generator.

MXNet's npx.image also re-exports mx.image (imread, imresize, ImageIter, the augmenters...);
in ndsh those are mx.image's own names, which give np arrays in np mode: npx.image.NAME says
so by name.
"""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.registry import OPS
from ndsh.gluon.data.vision import cv_resize
from ndsh.mxnp import npx_image_kernels as _k
from ndsh.mxnp.array import ndarray, unwrap, wrap
from ndsh.mxnp.naming import missing_name

_MXNET_IMAGE = {
    "imread", "imdecode", "imresize", "imrotate", "random_rotate", "resize_short",
    "fixed_crop", "random_crop", "center_crop", "color_normalize", "random_size_crop",
    "scale_down", "copyMakeBorder", "ImageIter", "ImageDetIter", "CreateAugmenter",
    "CreateDetAugmenter", "CreateMultiRandCropAugmenter", "Augmenter", "SequentialAug",
    "RandomOrderAug", "ResizeAug", "ForceResizeAug", "RandomCropAug", "RandomSizedCropAug",
    "CenterCropAug", "BrightnessJitterAug", "ContrastJitterAug", "SaturationJitterAug",
    "HueJitterAug", "ColorJitterAug", "LightingAug", "ColorNormalizeAug", "RandomGrayAug",
    "HorizontalFlipAug", "CastAug", "DetAugmenter", "DetBorrowAug", "DetRandomSelectAug",
    "DetHorizontalFlipAug", "DetRandomCropAug", "DetRandomPadAug"}


def _table(op_name: str, fname: str, data, **kwargs):
    return wrap(OPS[f"nd.image.{op_name}"].call(unwrap(data, f"npx.image.{fname}"), **kwargs))


def to_tensor(data):
    """An HWC (or NHWC) image of 0-255 values as CHW (NCHW) float32 in [0, 1].

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).

    Example:
        >>> npx.image.to_tensor(np.zeros((4, 5, 3), dtype='uint8')).shape
        (3, 4, 5)
    """
    return _table("to_tensor", "to_tensor", data)


def normalize(data, mean=0.0, std=1.0):
    """A CHW (or NCHW) tensor with each channel c as (x - mean[c]) / std[c].

    Parameters:
        data: an np array of shape (C, H, W) or (N, C, H, W).
        mean: a number or one per channel.
        std: a number or one per channel.

    Example:
        >>> npx.image.normalize(np.ones((3, 1, 1)), mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))
        array([[[1.]],
        <BLANKLINE>
               [[1.]],
        <BLANKLINE>
               [[1.]]])
    """
    return _table("normalize", "normalize", data, mean=mean, std=std)


def flip_left_right(data):
    """The image mirrored left to right (its width axis reversed).

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).

    Example:
        >>> npx.image.flip_left_right(np.arange(6).reshape(1, 2, 3))[0, 0]
        array([3., 4., 5.])
    """
    return _table("flip_left_right", "flip_left_right", data)


def flip_top_bottom(data):
    """The image mirrored top to bottom (its height axis reversed).

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).

    Example:
        >>> npx.image.flip_top_bottom(np.arange(6).reshape(2, 1, 3))[0, 0]
        array([3., 4., 5.])
    """
    return _table("flip_top_bottom", "flip_top_bottom", data)


def random_flip_left_right(data):
    """The image mirrored left to right with probability 1/2.

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).

    Example:
        >>> npx.image.random_flip_left_right(np.ones((2, 2, 3))).shape
        (2, 2, 3)
    """
    return _table("random_flip_left_right", "random_flip_left_right", data)


def random_flip_top_bottom(data):
    """The image mirrored top to bottom with probability 1/2.

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).

    Example:
        >>> npx.image.random_flip_top_bottom(np.ones((2, 2, 3))).shape
        (2, 2, 3)
    """
    return _table("random_flip_top_bottom", "random_flip_top_bottom", data)


def crop(data, x, y, width, height):
    """The width x height region whose top-left corner is (x, y) (a copy, with a gradient).

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).
        x: the left column.
        y: the top row.
        width: the region's width.
        height: the region's height.

    Example:
        >>> npx.image.crop(np.ones((4, 4, 3)), 1, 0, 2, 3).shape
        (3, 2, 3)
    """
    image = unwrap(data, "npx.image.crop")
    h_axis = image.ndim - 3
    if image.ndim not in (3, 4) or x < 0 or y < 0 or x + width > image.shape[h_axis + 1] \
            or y + height > image.shape[h_axis]:
        raise ValueError(f"npx.image.crop: the region x={x}, y={y}, width={width}, "
                         f"height={height} does not fit an image of shape {image.shape}")
    rows = OPS["nd.slice_axis"].call(image, axis=h_axis, begin=y, end=y + height)
    return wrap(OPS["nd.slice_axis"].call(rows, axis=h_axis + 1, begin=x, end=x + width))


def resize(data, size, keep_ratio=False, interp=1):
    """The image resized to size = (width, height) as OpenCV resizes (MXNet's kernel); an int
    size gives a square, or with keep_ratio=True the shorter side that length.

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).
        size: an int or (width, height).
        keep_ratio: with an int size, keep the aspect ratio (the short side becomes size).
        interp: 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos.

    Example:
        >>> npx.image.resize(np.ones((4, 6, 3), dtype='uint8'), (3, 2)).shape
        (2, 3, 3)
    """
    image = unwrap(data, "npx.image.resize")
    if image.ndim not in (3, 4):
        raise ValueError(f"npx.image.resize: expected an HWC image or NHWC batch, got shape "
                         f"{image.shape}")
    height, width = image.shape[-3:-1]
    if isinstance(size, numbers.Integral):
        if keep_ratio:
            short = min(height, width)
            w, h = (size, int(height * size / short)) if width == short else \
                (int(width * size / short), size)
        else:
            w = h = size
    else:
        w, h = size
    host = image.asnumpy()
    if host.ndim == 3:
        out = cv_resize.resize(host, int(h), int(w), interp)
    else:
        out = onp.stack([cv_resize.resize(one, int(h), int(w), interp) for one in host])
    return wrap(OPS["nd.array"].call(out, ctx=image._ctx, dtype=out.dtype))


def _host_image(data, fname: str):
    image = unwrap(data, f"npx.image.{fname}")
    if image.ndim not in (3, 4) or image.shape[-1] not in (1, 3):
        raise ValueError(f"npx.image.{fname}: expected an HWC image or NHWC batch with 1 or 3 "
                         f"channels, got shape {image.shape}")
    return image, image.asnumpy().astype(onp.float32)


def _back(values, image) -> ndarray:
    out = _k.saturate(values, image._data.dtype)
    return wrap(OPS["nd.array"].call(out, ctx=image._ctx, dtype=out.dtype))


def _uniform(low: float, high: float) -> float:
    """One factor from the engine's generator (npx.random.seed governs it)."""
    return float(OPS["nd.random.uniform"].call(low=low, high=high, shape=(1,)).asnumpy()[0])


def adjust_lighting(data, alpha):
    """AlexNet's PCA lighting: each pixel plus eigvec @ (alpha * eigval) (ImageNet's RGB
    eigen-decomposition, on the 0-255 scale).

    Parameters:
        data: an np array of shape (H, W, 3) or (N, H, W, 3).
        alpha: three weights, one per eigenvector.

    Example:
        >>> npx.image.adjust_lighting(np.zeros((1, 1, 3)), alpha=(0.1, 0.2, 0.3))[0, 0]
        array([-2.3197162, -3.505773 , -3.7580686])
    """
    image, x = _host_image(data, "adjust_lighting")
    shift = _k.EIGVEC @ (onp.asarray(alpha, onp.float32) * _k.EIGVAL)
    return _back(x + shift.astype(onp.float32), image)


def random_lighting(data, alpha_std=0.05):
    """adjust_lighting with alpha drawn from N(0, alpha_std**2), one per eigenvector.

    Parameters:
        data: an np array of shape (H, W, 3) or (N, H, W, 3).
        alpha_std: the standard deviation of the weights.

    Example:
        >>> npx.image.random_lighting(np.zeros((2, 2, 3)), alpha_std=0.05).shape
        (2, 2, 3)
    """
    alpha = OPS["nd.random.normal"].call(loc=0.0, scale=alpha_std, shape=(3,)).asnumpy()
    return adjust_lighting(data, alpha)


def random_brightness(data, min_factor, max_factor):
    """The image times one factor drawn from [min_factor, max_factor].

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).
        min_factor: the least factor.
        max_factor: the largest factor.

    Example:
        >>> npx.image.random_brightness(np.ones((1, 1, 3)), 0.5, 0.5)[0, 0]
        array([0.5, 0.5, 0.5])
    """
    image, x = _host_image(data, "random_brightness")
    return _back(_k.brightness(x, _uniform(min_factor, max_factor)), image)


def random_contrast(data, min_factor, max_factor):
    """The image pulled towards its mean gray by a factor alpha drawn from [min_factor,
    max_factor]: x * alpha + mean_gray * (1 - alpha).

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).
        min_factor: the least factor.
        max_factor: the largest factor.

    Example:
        >>> npx.image.random_contrast(np.ones((1, 1, 3)), 0.5, 0.5)[0, 0]
        array([1., 1., 1.])
    """
    image, x = _host_image(data, "random_contrast")
    return _back(_k.contrast(x, _uniform(min_factor, max_factor)), image)


def random_saturation(data, min_factor, max_factor):
    """Each pixel pulled towards its gray value by a factor alpha from [min_factor,
    max_factor]: x * alpha + gray * (1 - alpha) (MXNet 1.9.1's kernel takes only the blue
    channel's share of the gray: ndsh takes all three).

    Parameters:
        data: an np array of shape (H, W, C) or (N, H, W, C).
        min_factor: the least factor.
        max_factor: the largest factor.

    Example:
        >>> npx.image.random_saturation(np.ones((1, 1, 3)), 0.5, 0.5)[0, 0]
        array([1., 1., 1.])
    """
    image, x = _host_image(data, "random_saturation")
    return _back(_k.saturation(x, _uniform(min_factor, max_factor)), image)


def random_hue(data, min_factor, max_factor):
    """The hue of each pixel turned by alpha * 360 degrees, alpha drawn from [min_factor,
    max_factor] (through HLS on the 0-255 scale, as MXNet's kernel).

    Parameters:
        data: an np array of shape (H, W, 3) or (N, H, W, 3).
        min_factor: the least turn (in turns).
        max_factor: the largest turn.

    Example:
        >>> npx.image.random_hue(np.array([[[255.0, 0.0, 0.0]]]), 1/3, 1/3)[0, 0]
        array([  0., 255.,   0.])
    """
    image, x = _host_image(data, "random_hue")
    return _back(_k.hue(x, _uniform(min_factor, max_factor)), image)


def random_color_jitter(data, brightness=0.0, contrast=0.0, saturation=0.0, hue=0.0):
    """Brightness, contrast, saturation and hue jitters in a random order, each with its
    factor 1 + U(-v, v) (the hue's U(-hue, hue)); a jitter of 0 is left out.

    Parameters:
        data: an np array of shape (H, W, 3) or (N, H, W, 3).
        brightness: how much to jitter the brightness.
        contrast: how much to jitter the contrast.
        saturation: how much to jitter the saturation.
        hue: how much to jitter the hue.

    Example:
        >>> npx.image.random_color_jitter(np.ones((2, 2, 3)), 0.1, 0.1, 0.1, 0.1).shape
        (2, 2, 3)
    """
    image, x = _host_image(data, "random_color_jitter")
    steps = [(brightness, _k.brightness, 1.0), (contrast, _k.contrast, 1.0),
             (saturation, _k.saturation, 1.0), (hue, _k.hue, 0.0)]
    order = OPS["nd.random.shuffle"].call(OPS["nd.array"].call(onp.arange(4.0))).asnumpy()
    for index in order.astype(int):
        amount, step, base = steps[index]
        if amount > 0:
            x = _k.saturate(step(x, base + _uniform(-amount, amount)), image._data.dtype) \
                .astype(onp.float32)
    return _back(x, image)


FUNCTIONS = {f.__name__: f for f in (
    to_tensor, normalize, flip_left_right, flip_top_bottom, random_flip_left_right,
    random_flip_top_bottom, crop, resize, adjust_lighting, random_lighting, random_brightness,
    random_contrast, random_saturation, random_hue, random_color_jitter)}
__all__ = sorted(FUNCTIONS)


def __getattr__(name: str):
    if name in _MXNET_IMAGE:
        raise missing_name(f"npx.image.{name} is MXNet's mx.image.{name}, which npx.image "
                           f"re-exports; ndsh has it as mx.image.{name} only (it gives np "
                           f"arrays in np mode): use mx.image.{name}")
    raise missing_name(f"module 'mxnet.numpy_extension.image' has no attribute {name!r}",
                       names_the_fix=False)


def __dir__() -> list:
    return sorted(__all__)

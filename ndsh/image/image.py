"""`mx.image`'s functions on single images, as MXNet 1.9.1's: decoding (through Pillow where
MXNet uses OpenCV), resizing with OpenCV's arithmetic, crops and normalisation. Images are HWC
NDArrays, uint8 as decoded, RGB unless asked for BGR. In np mode (after `npx.set_np()`)
imread and imdecode give mx.np arrays, and the functions given an mx.np image return mx.np
arrays, as MXNet's do.
"""
from __future__ import annotations

import os
import random
import warnings
from numbers import Number

import numpy as np

from ndsh.engine import NDArray, mxnet_errors, nd
from ndsh.gluon.data.np_mode import np_in_np_out, np_mode, to_np
from ndsh.gluon.data.vision import cv_resize
from ndsh.gluon.data.vision.rotate import imrotate, random_rotate  # noqa: F401  (mx.image's)
from ndsh.gluon.image_codec import _decode

__all__ = ["imread", "imdecode", "imresize", "scale_down", "copyMakeBorder", "resize_short",
           "fixed_crop", "random_crop", "center_crop", "color_normalize", "random_size_crop",
           "imrotate", "random_rotate"]


def _decoded(buf: bytes, flag: int, to_rgb: bool, source: str) -> np.ndarray:
    try:
        array = _decode(bytes(buf), 1 if flag else 0, rgb=bool(to_rgb))
    except ImportError:
        raise
    except Exception as error:   # Pillow's UnidentifiedImageError, truncated files, ...
        raise mxnet_errors.MXNetError(
            f"Decoding failed. Invalid image file: {source} ({len(buf)} bytes) is not an image "
            f"Pillow can decode ({type(error).__name__}: {error}).") from None
    return array if array.ndim == 3 else array[:, :, None]


def _result(array: np.ndarray, out: NDArray | None) -> NDArray:
    if out is None:
        image = nd.array(array, dtype=array.dtype)
        return to_np(image) if np_mode() else image    # MXNet's np mode decodes to mx.np
    out[:] = array
    return out


def imdecode(buf, flag: int = 1, to_rgb: bool = True, out: NDArray | None = None) -> NDArray:
    """Decode an image file's bytes (JPEG, PNG...) into an HWC uint8 NDArray.

    Parameters:
        buf: the file's bytes (bytes, bytearray, a uint8 numpy array or NDArray).
        flag: 1 for three colour channels, 0 for one gray channel.
        to_rgb: True for RGB (MXNet's default), False for BGR (OpenCV's order).
        out: an NDArray to write the image into instead of a new one.

    Example:
        >>> png = bytes.fromhex('89504e470d0a1a0a0000000d49484452000000020000000108020000007b'
        ...                     '40e8dd0000000f49444154789c63f8cfc0c0c0f01f00070001ff7e08'
        ...                     'b1d00000000049454e44ae426082')
        >>> image = mx.image.imdecode(png); image.shape, image.dtype.__name__
        ((1, 2, 3), 'uint8')
        >>> image.asnumpy().tolist(), mx.image.imdecode(png, flag=0).shape
        ([[[255, 0, 0], [0, 0, 255]]], (1, 2, 1))
    """
    if isinstance(buf, NDArray):
        buf = buf.asnumpy().astype(np.uint8).tobytes()
    elif isinstance(buf, np.ndarray):
        buf = buf.astype(np.uint8, copy=False).tobytes()
    elif not isinstance(buf, (bytes, bytearray, memoryview)):
        raise ValueError("buf must be of type bytes, bytearray or numpy.ndarray,if you would "
                         "like to input type str, please convert to bytes")
    return _result(_decoded(buf, flag, to_rgb, "the buffer"), out)


def imread(filename: str, flag: int = 1, to_rgb: bool = True,
           out: NDArray | None = None) -> NDArray:
    """Read and decode an image file into an HWC uint8 NDArray.

    Parameters:
        filename: the image file.
        flag: 1 for three colour channels, 0 for one gray channel.
        to_rgb: True for RGB (MXNet's default), False for BGR (OpenCV's order).
        out: an NDArray to write the image into instead of a new one.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'red.png')
        >>> rec = mx.recordio.pack_img((0, 0, 0, 0), np.full((2, 3, 3), (0, 0, 255), np.uint8),
        ...                            img_fmt='.png')
        >>> _ = open(path, 'wb').write(mx.recordio.unpack(rec)[1])
        >>> mx.image.imread(path)[0, 0]
        <BLANKLINE>
        [255   0   0]
        <NDArray 3 @cpu(0)>
    """
    try:
        with open(os.fspath(filename), "rb") as f:
            data = f.read()
    except OSError as error:
        raise mxnet_errors.MXNetError(f"Imread: cannot read the image file {filename}: "
                                      f"{error.strerror}") from None
    return _result(_decoded(data, flag, to_rgb, str(filename)), out)


def _interp(interp: int, sizes=()) -> int:
    """The OpenCV interpolation an MXNet `interp` stands for: 9 picks by direction (cubic to
    enlarge, area to shrink, bilinear otherwise), 10 a random one."""
    if interp == 9:
        if not sizes:
            return 2
        oh, ow, nh, nw = sizes
        if nh > oh and nw > ow:
            return 2
        return 3 if nh < oh and nw < ow else 1
    if interp == 10:
        return random.randint(0, 4)
    if interp not in (0, 1, 2, 3, 4):
        raise ValueError(f"Unknown interp method {interp}")
    return interp


@np_in_np_out
def imresize(src: NDArray, w: int, h: int, interp: int = 1, out: NDArray | None = None) -> NDArray:
    """Resize an HWC image to width w and height h, as OpenCV's resize computes it.

    Parameters:
        src: the image (uint8 or float32, HWC).
        w: the new width.
        h: the new height.
        interp: 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos (see docs/image.md for
            how close each is to MXNet's OpenCV).
        out: an NDArray to write the result into.

    Example:
        >>> img = nd.array(np.arange(4 * 6 * 3).reshape(4, 6, 3), dtype='uint8')
        >>> mx.image.imresize(img, 3, 2)[:, :, 0]
        <BLANKLINE>
        [[11 17 23]
         [47 53 59]]
        <NDArray 2x3 @cpu(0)>
    """
    if src.ndim not in (2, 3):
        raise mxnet_errors.ValueError(f"imresize: the image must be HWC (or HW), but has shape "
                                      f"{src.shape}")
    if w <= 0 or h <= 0:
        raise mxnet_errors.ValueError(f"imresize: the new size must be positive, not w={w}, "
                                      f"h={h}")
    method = _interp(interp, (src.shape[0], src.shape[1], h, w))
    array = cv_resize.resize(src.asnumpy(), int(h), int(w), method)
    if out is not None:
        out[:] = array
        return out
    return nd.array(array, ctx=src.context, dtype=array.dtype)


def scale_down(src_size, size) -> tuple[int, int]:
    """A crop size (width, height) scaled down, keeping its aspect ratio, to fit an image of
    src_size (width, height).

    Parameters:
        src_size: the image's (width, height).
        size: the crop's (width, height).

    Example:
        >>> mx.image.scale_down((640, 480), (720, 120))
        (640, 106)
    """
    w, h = size
    sw, sh = src_size
    if sh < h:
        w, h = float(w * sh) / h, sh
    if sw < w:
        w, h = sw, float(h * sw) / w
    return int(w), int(h)


@np_in_np_out
def copyMakeBorder(src: NDArray, top: int, bot: int, left: int, right: int,  # noqa: N802
                   type: int = 0, value: float = 0.0, values=()) -> NDArray:  # noqa: A002
    """Pad an HWC image's borders (OpenCV's copyMakeBorder).

    Parameters:
        src: the image.
        top, bot, left, right: how many rows and columns to add on each side.
        type: OpenCV's border types, as MXNet really applies them (its own docstring numbers
            them otherwise): 0 constant, 1 replicate (aa|ab), 2 reflect (ba|ab),
            3 wrap (ab|ab), 4 reflect_101 (cb|abc).
        value: the constant for type 0 (deprecated: use values).
        values: the constant per channel for type 0.

    Example:
        >>> mx.image.copyMakeBorder(nd.ones((1, 2, 1), dtype='uint8'), 1, 0, 0, 1)[:, :, 0]
        <BLANKLINE>
        [[0 0 0]
         [1 1 0]]
        <NDArray 2x3 @cpu(0)>
    """
    array = src.asnumpy()
    pad = [(top, bot), (left, right)] + [(0, 0)] * (array.ndim - 2)
    modes = {1: "edge", 2: "symmetric", 3: "wrap", 4: "reflect"}
    if type in modes:
        padded = np.pad(array, pad, mode=modes[type])
    elif type in (0, 16):
        fill = np.asarray(values if len(values) else value, dtype=np.float64)
        padded = np.pad(array, pad, mode="constant")
        mask = np.ones(padded.shape[:2], dtype=bool)
        mask[top:top + array.shape[0], left:left + array.shape[1]] = False
        channels = array.shape[2] if array.ndim == 3 else 1
        fill = np.broadcast_to(fill if fill.size > 1 else fill.reshape(1), (channels,))
        padded[mask] = fill.astype(array.dtype) if array.ndim == 3 else fill[0]
    else:
        raise ValueError(f"copyMakeBorder: unknown border type {type} (0 constant, 1 replicate, "
                         f"2 reflect, 3 wrap, 4 reflect_101)")
    return nd.array(padded, ctx=src.context, dtype=padded.dtype)


@np_in_np_out
def resize_short(src: NDArray, size: int, interp: int = 2) -> NDArray:
    """Resize an HWC image so that its shorter side is size, keeping the aspect ratio.

    Parameters:
        src: the image.
        size: the new length of the shorter side.
        interp: the interpolation (see imresize; 9 and 10 pick one).

    Example:
        >>> mx.image.resize_short(nd.zeros((30, 40, 3), dtype='uint8'), 15).shape
        (15, 20, 3)
    """
    h, w = src.shape[0], src.shape[1]
    if h > w:
        new_h, new_w = size * h // w, size
    else:
        new_h, new_w = size, size * w // h
    return imresize(src, new_w, new_h, interp=_interp(interp, (h, w, new_h, new_w)))


@np_in_np_out
def fixed_crop(src: NDArray, x0: int, y0: int, w: int, h: int, size=None,
               interp: int = 2) -> NDArray:
    """Crop an HWC image at (x0, y0) to width w and height h, then resize to size if given.

    Parameters:
        src: the image.
        x0, y0: the crop's left and top.
        w, h: the crop's width and height.
        size: (width, height) to resize the crop to, or None.
        interp: the interpolation of that resize.

    Example:
        >>> img = nd.array(np.arange(12).reshape(3, 4, 1), dtype='uint8')
        >>> mx.image.fixed_crop(img, 1, 0, 2, 2)[:, :, 0]
        <BLANKLINE>
        [[1 2]
         [5 6]]
        <NDArray 2x2 @cpu(0)>
    """
    out = src[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != tuple(size):
        sizes = (h, w, size[1], size[0])
        out = imresize(out, *size, interp=_interp(interp, sizes))
    return out


@np_in_np_out
def random_crop(src: NDArray, size, interp: int = 2):
    """Crop an HWC image at a random place to size (width, height), scaled down to fit and
    resized back up if the image is smaller; returns (crop, (x, y, width, height)).

    Parameters:
        src: the image.
        size: the crop's (width, height).
        interp: the interpolation of the resize.

    Example:
        >>> crop, (x, y, w, h) = mx.image.random_crop(nd.zeros((30, 40, 3)), (20, 10))
        >>> crop.shape, (w, h), 0 <= x <= 20 and 0 <= y <= 20
        ((10, 20, 3), (20, 10), True)
    """
    h, w = src.shape[0], src.shape[1]
    new_w, new_h = scale_down((w, h), size)
    x0 = random.randint(0, w - new_w)
    y0 = random.randint(0, h - new_h)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


@np_in_np_out
def center_crop(src: NDArray, size, interp: int = 2):
    """Crop the centre of an HWC image to size (width, height), scaled down to fit and resized
    back up if the image is smaller; returns (crop, (x, y, width, height)).

    Parameters:
        src: the image.
        size: the crop's (width, height).
        interp: the interpolation of the resize.

    Example:
        >>> crop, rect = mx.image.center_crop(nd.zeros((30, 40, 3)), (20, 10))
        >>> crop.shape, rect
        ((10, 20, 3), (10, 10, 20, 10))
    """
    h, w = src.shape[0], src.shape[1]
    new_w, new_h = scale_down((w, h), size)
    x0 = int((w - new_w) / 2)
    y0 = int((h - new_h) / 2)
    return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)


@np_in_np_out
def color_normalize(src: NDArray, mean, std=None) -> NDArray:
    """Subtract mean and divide by std, in place (src must be a float image).

    Parameters:
        src: the image (float, HWC).
        mean: the mean per channel (an NDArray), or None.
        std: the standard deviation per channel, or None.

    Example:
        >>> mx.image.color_normalize(nd.full((1, 1, 3), 10.0), nd.array([1, 2, 3]),
        ...                          nd.array([3, 2, 1]))
        <BLANKLINE>
        [[[3. 4. 7.]]]
        <NDArray 1x1x3 @cpu(0)>
    """
    if mean is not None:
        src -= mean
    if std is not None:
        src /= std
    return src


@np_in_np_out
def random_size_crop(src: NDArray, size, area, ratio, interp: int = 2, **kwargs):
    """Crop a random part of an HWC image, of random area (a fraction of the image's) and
    aspect ratio, resized to size (width, height); returns (crop, (x, y, width, height)). After
    10 failed tries it falls back to center_crop.

    Parameters:
        src: the image.
        size: the output's (width, height).
        area: the smallest fraction of the area, or (smallest, largest).
        ratio: (smallest, largest) aspect ratio, width / height.
        interp: the interpolation of the resize.
        kwargs: min_area, the deprecated name of area.

    Example:
        >>> crop, rect = mx.image.random_size_crop(nd.zeros((30, 40, 3)), (8, 8), 0.5, (0.75, 1.33))
        >>> crop.shape
        (8, 8, 3)
    """
    h, w = src.shape[0], src.shape[1]
    src_area = h * w
    if "min_area" in kwargs:
        warnings.warn("`min_area` is deprecated. Please use `area` instead.", DeprecationWarning,
                      stacklevel=2)
        area = kwargs.pop("min_area")
    assert not kwargs, "unexpected keyword arguments for `random_size_crop`."
    if isinstance(area, Number):
        area = (area, 1.0)
    for _ in range(10):
        target_area = random.uniform(area[0], area[1]) * src_area
        log_ratio = (np.log(ratio[0]), np.log(ratio[1]))
        new_ratio = np.exp(random.uniform(*log_ratio))
        new_w = int(round(np.sqrt(target_area * new_ratio)))
        new_h = int(round(np.sqrt(target_area / new_ratio)))
        if new_w <= w and new_h <= h:
            x0 = random.randint(0, w - new_w)
            y0 = random.randint(0, h - new_h)
            return fixed_crop(src, x0, y0, new_w, new_h, size, interp), (x0, y0, new_w, new_h)
    return center_crop(src, size, interp)


"""`gluon.data.vision.transforms`: MXNet 1.9.1's image transforms, as Blocks that take one image
(an HWC NDArray, uint8 or float) and return the transformed one; Compose chains them.

ToTensor, Normalize and Cast are nd operations (they keep the array's context and can be
recorded); resizing and cropping compute on the host with MXNet's arithmetic (image_ops.py)
and return an NDArray on the input's context. The random transforms are in
transforms_random.py; RandomResizedCrop, here, draws from Python's `random`, as MXNet's does.
"""
from __future__ import annotations

import random

import numpy as np

from ndsh.engine import mxnet_errors, nd
from ndsh.gluon.block import Block, HybridBlock
from ndsh.gluon.data.np_mode import NpImageBlock, np_method
from ndsh.gluon.data.vision import image_ops
from ndsh.gluon.data.vision.transforms_random import (
    RandomApply,
    RandomBrightness,
    RandomColorJitter,
    RandomContrast,
    RandomFlipLeftRight,
    RandomFlipTopBottom,
    RandomHue,
    RandomLighting,
    RandomSaturation,
)
from ndsh.gluon.data.vision.transforms_rotate import RandomRotation, Rotate
from ndsh.gluon.nn import HybridSequential, Sequential

__all__ = ["Compose", "Cast", "ToTensor", "Normalize", "Resize", "CropResize", "CenterCrop",
           "RandomResizedCrop", "RandomFlipLeftRight", "RandomFlipTopBottom",
           "RandomBrightness", "RandomContrast", "RandomSaturation", "RandomHue",
           "RandomColorJitter", "RandomLighting", "RandomApply", "Rotate", "RandomRotation"]


class Compose(NpImageBlock, Sequential):
    """Apply transforms in turn; consecutive HybridBlocks are grouped into one hybridized
    HybridSequential, as MXNet groups them.

    Parameters:
        transforms: the list of transforms.

    Example:
        >>> T = gluon.data.vision.transforms
        >>> t = T.Compose([T.Resize(14), T.ToTensor(), T.Normalize(0.5, 0.25)])
        >>> y = t(nd.ones((28, 28, 1), dtype='uint8') * 255); y.shape, y.dtype.__name__
        ((1, 14, 14), 'float32')
        >>> float(y[0, 0, 0].asscalar())
        2.0
    """

    def __init__(self, transforms):
        super().__init__()
        hybrid: list = []
        for t in list(transforms) + [None]:
            if isinstance(t, HybridBlock):
                hybrid.append(t)
                continue
            if len(hybrid) == 1:
                self.add(hybrid[0])
            elif len(hybrid) > 1:
                block = HybridSequential()
                for h in hybrid:
                    block.add(h)
                block.hybridize()
                self.add(block)
            hybrid = []
            if t is not None:
                self.add(t)


class Cast(NpImageBlock, HybridBlock):
    """Cast the image to dtype.

    Parameters:
        dtype: the new type (default 'float32').

    Example:
        >>> gluon.data.vision.transforms.Cast()(nd.ones((2, 2, 1), dtype='uint8')).dtype.__name__
        'float32'
    """

    def __init__(self, dtype="float32"):
        super().__init__()
        self._dtype = dtype

    def hybrid_forward(self, F, x):  # noqa: N803  (MXNet's F)
        return F.cast(x, self._dtype)


class ToTensor(NpImageBlock, HybridBlock):
    """An HWC image (or an NHWC batch) in [0, 255] to a CHW (NCHW) float32 tensor in [0, 1]:
    transposed and divided by 255 (float input too).

    Example:
        >>> x = nd.ones((28, 28, 1), dtype='uint8') * 51
        >>> y = gluon.data.vision.transforms.ToTensor()(x)
        >>> y.shape, round(float(y[0, 0, 0].asscalar()), 6)
        ((1, 28, 28), 0.2)
    """

    def hybrid_forward(self, F, x):  # noqa: N803
        if x.ndim not in (3, 4):
            raise mxnet_errors.ValueError(
                f"Input image must have shape (height, width, channels), or (N, height, width, "
                f"channels) but got {image_ops.shape_text(x.shape)}")
        axes = (2, 0, 1) if x.ndim == 3 else (0, 3, 1, 2)
        return F.transpose(F.cast(x, "float32") / 255, axes=axes)


class Normalize(NpImageBlock, HybridBlock):
    """Normalize a CHW tensor (or NCHW batch) with 1 or 3 channels: (x - mean) / std per
    channel.

    Parameters:
        mean: a number or one per channel.
        std: a number or one per channel.

    Example:
        >>> t = gluon.data.vision.transforms.Normalize(mean=(0.5, 0, 0), std=(0.5, 1, 2))
        >>> t(nd.ones((3, 1, 1)))[:, 0, 0]
        <BLANKLINE>
        [1.  1.  0.5]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, mean=0.0, std=1.0):
        super().__init__()
        self._mean = mean
        self._std = std

    def _per_channel(self, name, value, channels, x):
        values = [float(v) for v in np.atleast_1d(np.asarray(value, dtype=np.float64))]
        if len(values) not in (1, channels):
            raise mxnet_errors.ValueError(
                f"{name} must have either 1 or {channels} elements, but got "
                f"{image_ops.shape_text(values)}")
        if len(values) == 1:
            values = values * channels
        shape = (channels, 1, 1) if x.ndim == 3 else (1, channels, 1, 1)
        return nd.array(values, ctx=x.context, dtype=x.dtype).reshape(shape)

    def hybrid_forward(self, F, x):  # noqa: N803
        channel_axis = 0 if x.ndim == 3 else 1
        if x.ndim not in (3, 4) or x.shape[channel_axis] not in (1, 3):
            raise mxnet_errors.ValueError(
                f"The first dimension of input tensor must be the channel dimension with either "
                f"1 or 3 elements, but got input with shape {image_ops.shape_text(x.shape)}")
        channels = x.shape[channel_axis]
        mean = self._per_channel("mean", self._mean, channels, x)
        std = self._per_channel("std", self._std, channels, x)
        return F.broadcast_div(F.broadcast_sub(x, mean), std)


class Resize(NpImageBlock, HybridBlock):
    """Resize an HWC image (or an NHWC batch), keeping its dtype.

    Parameters:
        size: an int (a square side; with keep_ratio, the short side) or (width, height).
        keep_ratio: keep the aspect ratio (with an int size).
        interpolation: 0 nearest, 1 bilinear (default), 2 bicubic, 3 area, 4 Lanczos.

    Example:
        >>> gluon.data.vision.transforms.Resize((10, 20))(nd.zeros((28, 28, 1))).shape
        (20, 10, 1)
    """

    def __init__(self, size, keep_ratio=False, interpolation=1):
        super().__init__()
        self._keep = keep_ratio
        self._size = size
        self._interpolation = interpolation

    def _resize(self, img: np.ndarray) -> np.ndarray:
        height, width = image_ops.output_size(img.shape[0], img.shape[1], self._size,
                                              self._keep)
        return image_ops.resize(img, height, width, self._interpolation)

    def hybrid_forward(self, F, x):  # noqa: N803
        if x.ndim == 4:
            return image_ops.on_host(x, lambda a: np.stack([self._resize(img) for img in a]))
        if x.ndim != 3:
            shape = image_ops.shape_text(x.shape)
            raise mxnet_errors.ValueError(f"Resize: the image must be (height, width, channels) "
                                          f"or a batch of them, but got {shape}")
        return image_ops.on_host(x, self._resize)


class CropResize(NpImageBlock, HybridBlock):
    """Crop the window (x, y, width, height) of an HWC image, then resize it to size if given.

    Parameters:
        x, y: the window's top-left corner; width, height: its size.
        size: the output (width, height) or side, as Resize's.
        interpolation: as Resize's (default bilinear).

    Example:
        >>> t = gluon.data.vision.transforms.CropResize(1, 0, 2, 3)
        >>> t(nd.arange(24).reshape((4, 6, 1)))[:, :, 0]
        <BLANKLINE>
        [[ 1.  2.]
         [ 7.  8.]
         [13. 14.]]
        <NDArray 3x2 @cpu(0)>
    """

    def __init__(self, x, y, width, height, size=None, interpolation=None):
        super().__init__()
        self._x, self._y, self._width, self._height = x, y, width, height
        self._size = size
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):  # noqa: N803
        image_ops.require_hwc("CropResize", x)
        if x.shape[2] not in (1, 3):
            raise mxnet_errors.ValueError(f"CropResize: expect channel of the input image is 1 "
                                          f"or 3, but got {x.shape[2]}")

        def crop(img):
            out = image_ops.crop(img, self._x, self._y, self._width, self._height)
            if self._size:
                height, width = image_ops.output_size(out.shape[0], out.shape[1], self._size,
                                                      False)
                out = image_ops.resize(out, height, width, 1 if self._interpolation is None
                                       else self._interpolation)
            return out
        return image_ops.on_host(x, crop)


def _fixed_crop(img: np.ndarray, x0, y0, w, h, size, interp) -> np.ndarray:
    out = img[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != tuple(size):
        out = image_ops.resize(out, size[1], size[0], interp)
    return out


def _center_crop(img: np.ndarray, size, interp) -> np.ndarray:
    h, w = img.shape[0], img.shape[1]
    new_w, new_h = size
    if h < new_h:
        new_w, new_h = float(new_w * h) / new_h, h
    if w < new_w:
        new_w, new_h = w, float(new_h * w) / new_w
    new_w, new_h = int(new_w), int(new_h)
    x0, y0 = int((w - new_w) / 2), int((h - new_h) / 2)
    return _fixed_crop(img, x0, y0, new_w, new_h, size, interp)


class CenterCrop(Block):
    """Crop the centre of an HWC image to size (width, height); an image smaller than that is
    cropped to the largest centre window of the same shape and resized up.

    Parameters:
        size: an int (a square) or (width, height).
        interpolation: for the resize, as Resize's.

    Example:
        >>> t = gluon.data.vision.transforms.CenterCrop(2)
        >>> t(nd.arange(16).reshape((4, 4, 1)))[:, :, 0]
        <BLANKLINE>
        [[ 5.  6.]
         [ 9. 10.]]
        <NDArray 2x2 @cpu(0)>
    """

    def __init__(self, size, interpolation=1):
        super().__init__()
        if isinstance(size, (int, float, np.number)):
            size = (int(size), int(size))
        self._args = (tuple(size), interpolation)

    @np_method
    def forward(self, x):
        image_ops.require_hwc("CenterCrop", x)
        return image_ops.on_host(x, lambda img: _center_crop(img, *self._args))


class RandomResizedCrop(Block):
    """Crop a random window of an HWC image (area a random fraction `scale` of the image's,
    aspect ratio a random `ratio`, log-uniform) and resize it to size; after 10 misses, a
    centre crop. Draws from Python's `random`, as MXNet's.

    Parameters:
        size: an int (a square) or (width, height).
        scale: the range of the window's area, as fractions of the image's.
        ratio: the range of the window's width / height.
        interpolation: as Resize's.

    Example:
        >>> t = gluon.data.vision.transforms.RandomResizedCrop(8)
        >>> t(nd.zeros((20, 30, 3), dtype='uint8')).shape
        (8, 8, 3)
    """

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0), interpolation=1):
        super().__init__()
        if isinstance(size, (int, float, np.number)):
            size = (int(size), int(size))
        self._args = (tuple(size), scale, ratio, interpolation)

    def _crop(self, img: np.ndarray) -> np.ndarray:
        size, area, ratio, interp = self._args
        h, w = img.shape[0], img.shape[1]
        if isinstance(area, (int, float)):
            area = (area, 1.0)
        for _ in range(10):
            target_area = random.uniform(area[0], area[1]) * h * w
            new_ratio = np.exp(random.uniform(np.log(ratio[0]), np.log(ratio[1])))
            new_w = int(round(np.sqrt(target_area * new_ratio)))
            new_h = int(round(np.sqrt(target_area / new_ratio)))
            if new_w <= w and new_h <= h:
                x0 = random.randint(0, w - new_w)
                y0 = random.randint(0, h - new_h)
                return _fixed_crop(img, x0, y0, new_w, new_h, size, interp)
        return _center_crop(img, size, interp)

    @np_method
    def forward(self, x):
        image_ops.require_hwc("RandomResizedCrop", x)
        return image_ops.on_host(x, self._crop)

"""`mx.image`'s augmenters that move pixels (resizes, crops, flips) and the base class, as
MXNet 1.9.1's: callables from an HWC image to an HWC image, composed by `CreateAugmenter` for
ImageIter. Their random draws come from Python's `random` module, as MXNet's do, so
`random.seed` repeats them.
"""
from __future__ import annotations

import json
import random
import warnings

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.image.image import (
    _interp,
    center_crop,
    imresize,
    random_crop,
    random_size_crop,
    resize_short,
)

__all__ = ["Augmenter", "SequentialAug", "ResizeAug", "ForceResizeAug", "RandomCropAug",
           "RandomSizedCropAug", "CenterCropAug", "RandomOrderAug", "HorizontalFlipAug",
           "CastAug"]


class Augmenter:
    """The base of the image augmenters: keeps its arguments for dumps().

    Parameters:
        kwargs: the augmenter's arguments, as dumps() reports them.

    Example:
        >>> mx.image.Augmenter(size=3).dumps()
        '["augmenter", {"size": 3}]'
    """

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        for key, value in self._kwargs.items():
            if isinstance(value, NDArray):
                value = value.asnumpy()
            if isinstance(value, np.ndarray):
                self._kwargs[key] = value.tolist()

    def dumps(self) -> str:
        """The augmenter as a JSON string: [its lower-case class name, its arguments].

        Example:
            >>> mx.image.CastAug().dumps()
            '["castaug", {"type": "float32"}]'
        """
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, src):
        raise NotImplementedError("Must override implementation.")


class SequentialAug(Augmenter):
    """Augmenters applied one after the other.

    Parameters:
        ts: the augmenters.

    Example:
        >>> aug = mx.image.SequentialAug([mx.image.CastAug(), mx.image.HorizontalFlipAug(1)])
        >>> aug(nd.array([[[1], [2]]], dtype='uint8'))[:, :, 0]
        <BLANKLINE>
        [[2. 1.]]
        <NDArray 1x2 @cpu(0)>
    """

    def __init__(self, ts):
        super().__init__()
        self.ts = ts

    def dumps(self):
        """[the class name, the augmenters' dumps()].

        Example:
            >>> mx.image.SequentialAug([mx.image.CastAug()]).dumps()
            ['sequentialaug', ['["castaug", {"type": "float32"}]']]
        """
        return [self.__class__.__name__.lower(), [x.dumps() for x in self.ts]]

    def __call__(self, src):
        for aug in self.ts:
            src = aug(src)
        return src


class ResizeAug(Augmenter):
    """Resize the shorter side to size (resize_short).

    Parameters:
        size: the new length of the shorter side.
        interp: the interpolation (see imresize).

    Example:
        >>> mx.image.ResizeAug(10)(nd.zeros((20, 30, 3), dtype='uint8')).shape
        (10, 15, 3)
    """

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size, self.interp = size, interp

    def __call__(self, src):
        return resize_short(src, self.size, self.interp)


class ForceResizeAug(Augmenter):
    """Resize to size (width, height), whatever the aspect ratio.

    Parameters:
        size: the new (width, height).
        interp: the interpolation (see imresize).

    Example:
        >>> mx.image.ForceResizeAug((7, 5))(nd.zeros((20, 30, 3), dtype='uint8')).shape
        (5, 7, 3)
    """

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size, self.interp = size, interp

    def __call__(self, src):
        sizes = (src.shape[0], src.shape[1], self.size[1], self.size[0])
        return imresize(src, *self.size, interp=_interp(self.interp, sizes))


class RandomCropAug(Augmenter):
    """Crop a random (width, height) window (random_crop).

    Parameters:
        size: the crop's (width, height).
        interp: the interpolation of an upsampling resize.

    Example:
        >>> mx.image.RandomCropAug((8, 6))(nd.zeros((20, 30, 3))).shape
        (6, 8, 3)
    """

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size, self.interp = size, interp

    def __call__(self, src):
        return random_crop(src, self.size, self.interp)[0]


class RandomSizedCropAug(Augmenter):
    """Crop a window of random area and aspect ratio, resized to size (random_size_crop).

    Parameters:
        size: the output's (width, height).
        area: the smallest fraction of the area, or (smallest, largest).
        ratio: (smallest, largest) aspect ratio.
        interp: the interpolation of the resize.
        kwargs: min_area, the deprecated name of area.

    Example:
        >>> mx.image.RandomSizedCropAug((8, 8), 0.3, (0.75, 1.33))(nd.zeros((20, 30, 3))).shape
        (8, 8, 3)
    """

    def __init__(self, size, area, ratio, interp=2, **kwargs):
        super().__init__(size=size, area=area, ratio=ratio, interp=interp)
        self.size = size
        if "min_area" in kwargs:
            warnings.warn("`min_area` is deprecated. Please use `area` instead.",
                          DeprecationWarning, stacklevel=2)
            self.area = kwargs.pop("min_area")
        else:
            self.area = area
        self.ratio, self.interp = ratio, interp
        assert not kwargs, "unexpected keyword arguments for `RandomSizedCropAug`."

    def __call__(self, src):
        return random_size_crop(src, self.size, self.area, self.ratio, self.interp)[0]


class CenterCropAug(Augmenter):
    """Crop the centre (width, height) window (center_crop).

    Parameters:
        size: the crop's (width, height).
        interp: the interpolation of an upsampling resize.

    Example:
        >>> mx.image.CenterCropAug((8, 6))(nd.zeros((20, 30, 3))).shape
        (6, 8, 3)
    """

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)
        self.size, self.interp = size, interp

    def __call__(self, src):
        return center_crop(src, self.size, self.interp)[0]


class RandomOrderAug(Augmenter):
    """Augmenters applied in a random order (the list is shuffled in place at each call).

    Parameters:
        ts: the augmenters.

    Example:
        >>> aug = mx.image.RandomOrderAug([mx.image.BrightnessJitterAug(0.1)])
        >>> aug(nd.ones((2, 2, 3))).shape
        (2, 2, 3)
    """

    def __init__(self, ts):
        super().__init__()
        self.ts = ts

    def dumps(self):
        """[the class name, the augmenters' dumps()].

        Example:
            >>> mx.image.RandomOrderAug([mx.image.CastAug()]).dumps()
            ['randomorderaug', ['["castaug", {"type": "float32"}]']]
        """
        return [self.__class__.__name__.lower(), [x.dumps() for x in self.ts]]

    def __call__(self, src):
        random.shuffle(self.ts)
        for t in self.ts:
            src = t(src)
        return src


class HorizontalFlipAug(Augmenter):
    """With probability p, flip an image left to right.

    Parameters:
        p: the probability.

    Example:
        >>> mx.image.HorizontalFlipAug(1)(nd.array([[[1], [2]]]))[:, :, 0]
        <BLANKLINE>
        [[2. 1.]]
        <NDArray 1x2 @cpu(0)>
    """

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p

    def __call__(self, src):
        if random.random() < self.p:
            src = nd.flip(src, axis=1)
        return src


class CastAug(Augmenter):
    """Cast an image to typ (float32 by default).

    Parameters:
        typ: the dtype.

    Example:
        >>> mx.image.CastAug()(nd.zeros((1, 1, 3), dtype='uint8')).dtype.__name__
        'float32'
    """

    def __init__(self, typ="float32"):
        super().__init__(type=typ)
        self.typ = typ

    def __call__(self, src):
        return src.astype(self.typ)



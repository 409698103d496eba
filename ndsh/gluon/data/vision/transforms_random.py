"""The random transforms of `vision.transforms` (MXNet 1.9.1's): flips, brightness, contrast,
saturation, hue, colour jitter, PCA lighting, and RandomApply. They draw from ndsh's random
stream (`mx.random.seed` repeats them), except RandomApply, which uses Python's `random` as
MXNet's does.
"""
from __future__ import annotations

import random

import numpy as np

from ndsh.engine import mxnet_errors, nd
from ndsh.gluon.block import HybridBlock
from ndsh.gluon.data.np_mode import NpImageBlock, np_method
from ndsh.gluon.data.vision import image_ops
from ndsh.gluon.nn import Sequential

__all__ = ["RandomFlipLeftRight", "RandomFlipTopBottom", "RandomBrightness", "RandomContrast",
           "RandomSaturation", "RandomHue", "RandomColorJitter", "RandomLighting", "RandomApply"]


class _RandomFlip(NpImageBlock, HybridBlock):
    _axis = 1

    def hybrid_forward(self, F, x):  # noqa: N803
        if image_ops.uniform(0.0, 1.0) < 0.5:
            return x.copy()
        return F.flip(x, axis=self._axis if x.ndim == 3 else self._axis + 1)


class RandomFlipLeftRight(_RandomFlip):
    """Flip an HWC image left to right with probability 1/2.

    Example:
        >>> t = gluon.data.vision.transforms.RandomFlipLeftRight()
        >>> x = nd.arange(2).reshape((1, 2, 1))
        >>> sorted({tuple(t(x)[0, :, 0].asnumpy().tolist()) for _ in range(40)})
        [(0.0, 1.0), (1.0, 0.0)]
    """

    _axis = 1


class RandomFlipTopBottom(_RandomFlip):
    """Flip an HWC image top to bottom with probability 1/2.

    Example:
        >>> t = gluon.data.vision.transforms.RandomFlipTopBottom()
        >>> x = nd.arange(2).reshape((2, 1, 1))
        >>> sorted({tuple(t(x)[:, 0, 0].asnumpy().tolist()) for _ in range(40)})
        [(0.0, 1.0), (1.0, 0.0)]
    """

    _axis = 0


class _RandomEnhance(NpImageBlock, HybridBlock):
    def __init__(self, amount):
        super().__init__()
        self._args = (max(0, 1 - amount), 1 + amount)

    def hybrid_forward(self, F, x):  # noqa: N803
        image_ops.require_hwc(type(self).__name__, x)
        alpha = image_ops.uniform(*self._args)
        return image_ops.on_host(x, lambda img: self._adjust(img, alpha))


class RandomBrightness(_RandomEnhance):
    """Multiply an HWC image by a random factor in [max(0, 1 - brightness), 1 + brightness]
    (saturated for integer images).

    Example:
        >>> y = gluon.data.vision.transforms.RandomBrightness(0.5)(nd.full((1, 1, 3), 100.0))
        >>> 50 <= float(y[0, 0, 0].asscalar()) <= 150
        True
    """

    _adjust = staticmethod(image_ops.adjust_brightness)


class RandomContrast(_RandomEnhance):
    """Scale an HWC image's contrast around its mean gray level by a random factor in
    [max(0, 1 - contrast), 1 + contrast].

    Example:
        >>> y = gluon.data.vision.transforms.RandomContrast(0.5)(nd.full((2, 2, 3), 80.0))
        >>> y[0, 0].asnumpy().tolist()
        [80.0, 80.0, 80.0]
    """

    _adjust = staticmethod(image_ops.adjust_contrast)


class RandomSaturation(_RandomEnhance):
    """Blend an HWC colour image with its gray level by a random factor in
    [max(0, 1 - saturation), 1 + saturation].

    Example:
        >>> y = gluon.data.vision.transforms.RandomSaturation(0.3)(nd.full((1, 1, 3), 90.0))
        >>> [round(v, 3) for v in y[0, 0].asnumpy().tolist()]
        [90.0, 90.0, 90.0]
    """

    _adjust = staticmethod(image_ops.adjust_saturation)


class RandomHue(_RandomEnhance):
    """Turn an HWC colour image's hue by a random factor in [max(0, 1 - hue), 1 + hue] of a
    full turn (factor 1 leaves it as it is).

    Example:
        >>> y = gluon.data.vision.transforms.RandomHue(0.1)(nd.full((1, 1, 3), 128, dtype='uint8'))
        >>> y[0, 0].asnumpy().tolist()
        [128, 128, 128]
    """

    _adjust = staticmethod(image_ops.adjust_hue)


class RandomColorJitter(NpImageBlock, HybridBlock):
    """Brightness, contrast, saturation and hue changes in a random order, each by a random
    amount within its setting (0: not applied).

    Parameters:
        brightness, contrast, saturation: factors 1 + U(-v, v).
        hue: a turn of U(-hue, hue).

    Example:
        >>> t = gluon.data.vision.transforms.RandomColorJitter(brightness=0.2, hue=0.1)
        >>> t(nd.zeros((4, 4, 3), dtype='uint8')).shape
        (4, 4, 3)
    """

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        super().__init__()
        self._args = (brightness, contrast, saturation, hue)

    def hybrid_forward(self, F, x):  # noqa: N803
        image_ops.require_hwc("RandomColorJitter", x)
        brightness, contrast, saturation, hue = self._args
        steps = []
        uniform = image_ops.uniform
        for i in np.argsort(nd.random.uniform(shape=(4,)).asnumpy()):
            if i == 0 and brightness > 0:
                steps.append((image_ops.adjust_brightness, 1 + uniform(-brightness, brightness)))
            elif i == 1 and contrast > 0:
                steps.append((image_ops.adjust_contrast, 1 + uniform(-contrast, contrast)))
            elif i == 2 and saturation > 0:
                steps.append((image_ops.adjust_saturation, 1 + uniform(-saturation, saturation)))
            elif i == 3 and hue > 0:
                steps.append((image_ops.adjust_hue, uniform(-hue, hue)))

        def jitter(img):
            for adjust, alpha in steps:
                img = adjust(img, alpha)
            return img
        return image_ops.on_host(x, jitter)


class RandomLighting(NpImageBlock, HybridBlock):
    """AlexNet-style PCA lighting noise on an HWC colour image, with weights drawn from
    N(0, alpha).

    Parameters:
        alpha: the standard deviation of the weights.

    Example:
        >>> gluon.data.vision.transforms.RandomLighting(0.0)(nd.full((1, 1, 3), 7.0))[0, 0]
        <BLANKLINE>
        [7. 7. 7.]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, alpha):
        super().__init__()
        self._alpha = alpha

    def hybrid_forward(self, F, x):  # noqa: N803
        image_ops.require_hwc("RandomLighting", x)
        if x.shape[-1] not in (1, 3):          # a CHW tensor after ToTensor, say
            raise mxnet_errors.MXNetError(
                f"RandomLighting: the last dimension of the image must be its channels, 1 or "
                f"3 of them, but the input has shape {image_ops.shape_text(x.shape)} (an HWC "
                f"image: apply RandomLighting before ToTensor)")
        alpha = nd.random.normal(0, self._alpha, shape=(3,)).asnumpy() if self._alpha else \
            np.zeros(3, dtype=np.float32)
        return image_ops.on_host(x, lambda img: image_ops.adjust_lighting(img, alpha))


class RandomApply(Sequential):
    """Apply a transform with probability p (drawn from Python's `random`, as MXNet).

    Parameters:
        transforms: the transform (a Block).
        p: the probability.

    Example:
        >>> t = gluon.data.vision.transforms.RandomApply(gluon.data.vision.transforms.Cast(),
        ...                                              p=1.0)
        >>> t(nd.ones((1, 1, 1), dtype='uint8')).dtype.__name__
        'float32'
    """

    def __init__(self, transforms, p=0.5):
        super().__init__()
        self.transforms = transforms
        self.p = p

    @np_method
    def forward(self, x):
        if self.p < random.random():
            return x
        return self.transforms(x)

"""`mx.image`'s colour augmenters (brightness, contrast, saturation and hue jitter, PCA
lighting, normalisation, random gray) as MXNet 1.9.1's: on float HWC images, mostly in place.
Their random draws come from Python's `random` module (LightingAug's from numpy's), as MXNet's
do, so seeding those repeats them.
"""
from __future__ import annotations

import random

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.image.augmenters import Augmenter, RandomOrderAug
from ndsh.image.image import color_normalize

__all__ = ["BrightnessJitterAug", "ContrastJitterAug", "SaturationJitterAug", "HueJitterAug",
           "ColorJitterAug", "LightingAug", "ColorNormalizeAug", "RandomGrayAug"]

_GRAY = [[[0.299, 0.587, 0.114]]]


class BrightnessJitterAug(Augmenter):
    """Scale a float image by 1 + U(-brightness, brightness), in place.

    Parameters:
        brightness: the jitter's range, in [0, 1].

    Example:
        >>> random.seed(0); mx.image.BrightnessJitterAug(0.5)(nd.ones((1, 1, 3)))
        <BLANKLINE>
        [[[1.3444219 1.3444219 1.3444219]]]
        <NDArray 1x1x3 @cpu(0)>
    """

    def __init__(self, brightness):
        super().__init__(brightness=brightness)
        self.brightness = brightness

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.brightness, self.brightness)
        src *= alpha
        return src


class ContrastJitterAug(Augmenter):
    """Blend a float image with its mean gray level, by a random contrast factor, in place.

    Parameters:
        contrast: the jitter's range, in [0, 1].

    Example:
        >>> mx.image.ContrastJitterAug(0.3)(nd.ones((2, 2, 3))).shape
        (2, 2, 3)
    """

    def __init__(self, contrast):
        super().__init__(contrast=contrast)
        self.contrast = contrast
        self.coef = nd.array(_GRAY)

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.contrast, self.contrast)
        gray = src * self.coef
        gray = (3.0 * (1.0 - alpha) / gray.size) * nd.sum(gray)
        src *= alpha
        src += gray
        return src


class SaturationJitterAug(Augmenter):
    """Blend a float image with its per-pixel gray level, by a random factor, in place.

    Parameters:
        saturation: the jitter's range, in [0, 1].

    Example:
        >>> mx.image.SaturationJitterAug(0.3)(nd.ones((2, 2, 3))).shape
        (2, 2, 3)
    """

    def __init__(self, saturation):
        super().__init__(saturation=saturation)
        self.saturation = saturation
        self.coef = nd.array(_GRAY)

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.saturation, self.saturation)
        gray = src * self.coef
        gray = nd.sum(gray, axis=2, keepdims=True)
        gray *= (1.0 - alpha)
        src *= alpha
        src += gray
        return src


class HueJitterAug(Augmenter):
    """Turn a float image's hue by a random angle (a linear map through YIQ).

    Parameters:
        hue: the jitter's range, in [0, 1] (1 is half a turn).

    Example:
        >>> mx.image.HueJitterAug(0.2)(nd.ones((2, 2, 3))).shape
        (2, 2, 3)
    """

    def __init__(self, hue):
        super().__init__(hue=hue)
        self.hue = hue
        self.tyiq = np.array([[0.299, 0.587, 0.114], [0.596, -0.274, -0.321],
                              [0.211, -0.523, 0.311]])
        self.ityiq = np.array([[1.0, 0.956, 0.621], [1.0, -0.272, -0.647],
                               [1.0, -1.107, 1.705]])

    def __call__(self, src):
        alpha = random.uniform(-self.hue, self.hue)
        u, w = np.cos(alpha * np.pi), np.sin(alpha * np.pi)
        bt = np.array([[1.0, 0.0, 0.0], [0.0, u, -w], [0.0, w, u]])
        t = np.dot(np.dot(self.ityiq, bt), self.tyiq).T
        return nd.dot(src, nd.array(t, ctx=src.context))


class ColorJitterAug(RandomOrderAug):
    """Brightness, contrast and saturation jitter, in a random order.

    Parameters:
        brightness, contrast, saturation: the jitters' ranges (0 leaves one out).

    Example:
        >>> [type(t).__name__ for t in mx.image.ColorJitterAug(0.1, 0, 0.2).ts]
        ['BrightnessJitterAug', 'SaturationJitterAug']
    """

    def __init__(self, brightness, contrast, saturation):
        ts = []
        if brightness > 0:
            ts.append(BrightnessJitterAug(brightness))
        if contrast > 0:
            ts.append(ContrastJitterAug(contrast))
        if saturation > 0:
            ts.append(SaturationJitterAug(saturation))
        super().__init__(ts)


class LightingAug(Augmenter):
    """Add AlexNet's PCA lighting noise (alphas drawn from numpy's normal), in place.

    Parameters:
        alphastd: the noise level.
        eigval: the 3 eigenvalues.
        eigvec: the 3x3 eigenvectors.

    Example:
        >>> aug = mx.image.LightingAug(0.1, np.ones(3), np.eye(3))
        >>> aug(nd.zeros((1, 1, 3))).shape
        (1, 1, 3)
    """

    def __init__(self, alphastd, eigval, eigvec):
        super().__init__(alphastd=alphastd, eigval=eigval, eigvec=eigvec)
        self.alphastd, self.eigval, self.eigvec = alphastd, eigval, eigvec

    def __call__(self, src):
        alpha = np.random.normal(0, self.alphastd, size=(3,))
        rgb = np.dot(self.eigvec * alpha, self.eigval)
        src += nd.array(rgb, ctx=src.context)
        return src


class ColorNormalizeAug(Augmenter):
    """Subtract mean and divide by std (color_normalize), in place.

    Parameters:
        mean: the mean per channel, or None.
        std: the standard deviation per channel, or None.

    Example:
        >>> mx.image.ColorNormalizeAug(nd.array([1, 1, 1]), None)(nd.ones((1, 1, 3)))
        <BLANKLINE>
        [[[0. 0. 0.]]]
        <NDArray 1x1x3 @cpu(0)>
    """

    def __init__(self, mean, std):
        super().__init__(mean=mean, std=std)
        self.mean = mean if mean is None or isinstance(mean, NDArray) else nd.array(mean)
        self.std = std if std is None or isinstance(std, NDArray) else nd.array(std)

    def __call__(self, src):
        return color_normalize(src, self.mean, self.std)


class RandomGrayAug(Augmenter):
    """With probability p, make a float image gray (its 3 channels kept).

    Parameters:
        p: the probability.

    Example:
        >>> mx.image.RandomGrayAug(1)(nd.array([[[100, 0, 0]]]))
        <BLANKLINE>
        [[[21. 21. 21.]]]
        <NDArray 1x1x3 @cpu(0)>
    """

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p
        self.mat = nd.array([[0.21, 0.21, 0.21], [0.72, 0.72, 0.72], [0.07, 0.07, 0.07]])

    def __call__(self, src):
        if random.random() < self.p:
            src = nd.dot(src, self.mat.as_in_context(src.context))
        return src

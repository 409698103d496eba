"""`mx.image.CreateAugmenter`, as MXNet 1.9.1's: the list of augmenters ImageIter applies,
built from its options.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.image.augmenters import (
    CastAug,
    CenterCropAug,
    HorizontalFlipAug,
    RandomCropAug,
    RandomSizedCropAug,
    ResizeAug,
)
from ndsh.image.color_augs import (
    ColorJitterAug,
    ColorNormalizeAug,
    HueJitterAug,
    LightingAug,
    RandomGrayAug,
)

__all__ = ["CreateAugmenter"]

_EIGVAL = np.array([55.46, 4.794, 1.148])
_EIGVEC = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
                    [-0.5836, -0.6948, 0.4203]])


def CreateAugmenter(data_shape, resize=0, rand_crop=False, rand_resize=False,  # noqa: N802
                    rand_mirror=False, mean=None, std=None, brightness=0, contrast=0,
                    saturation=0, hue=0, pca_noise=0, rand_gray=0, inter_method=2) -> list:
    """The list of augmenters ImageIter applies, as MXNet builds it from these options.

    Parameters:
        data_shape: the output's (channels, height, width).
        resize: resize the shorter side to this first (0: no).
        rand_crop: a random crop instead of the centre one.
        rand_resize: a crop of random area and aspect ratio (needs rand_crop).
        rand_mirror: flip left to right with probability 0.5.
        mean: the mean per channel to subtract (True: ImageNet's), or None.
        std: the standard deviation per channel (True: ImageNet's), or None.
        brightness, contrast, saturation, hue: the colour jitters' ranges.
        pca_noise: the PCA lighting noise level.
        rand_gray: the probability of making the image gray.
        inter_method: the interpolation of every resize.

    Example:
        >>> [type(a).__name__ for a in mx.image.CreateAugmenter((3, 224, 224), resize=256,
        ...                                                     rand_mirror=True, mean=True)]
        ['ResizeAug', 'CenterCropAug', 'HorizontalFlipAug', 'CastAug', 'ColorNormalizeAug']
    """
    auglist: list = []
    if resize > 0:
        auglist.append(ResizeAug(resize, inter_method))
    crop_size = (data_shape[2], data_shape[1])
    if rand_resize:
        assert rand_crop
        auglist.append(RandomSizedCropAug(crop_size, 0.08, (3.0 / 4.0, 4.0 / 3.0), inter_method))
    elif rand_crop:
        auglist.append(RandomCropAug(crop_size, inter_method))
    else:
        auglist.append(CenterCropAug(crop_size, inter_method))
    if rand_mirror:
        auglist.append(HorizontalFlipAug(0.5))
    auglist.append(CastAug())
    if brightness or contrast or saturation:
        auglist.append(ColorJitterAug(brightness, contrast, saturation))
    if hue:
        auglist.append(HueJitterAug(hue))
    if pca_noise > 0:
        auglist.append(LightingAug(pca_noise, _EIGVAL, _EIGVEC))
    if rand_gray > 0:
        auglist.append(RandomGrayAug(rand_gray))
    if mean is True:
        mean = nd.array([123.68, 116.28, 103.53])
    elif mean is not None:
        assert isinstance(mean, (np.ndarray, NDArray)) and mean.shape[0] in [1, 3]
    if std is True:
        std = nd.array([58.395, 57.12, 57.375])
    elif std is not None:
        assert isinstance(std, (np.ndarray, NDArray)) and std.shape[0] in [1, 3]
    if mean is not None or std is not None:
        auglist.append(ColorNormalizeAug(mean, std))
    return auglist

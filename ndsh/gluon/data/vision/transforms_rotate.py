"""`transforms.Rotate` and `transforms.RandomRotation`: MXNet 1.9.1's rotations of float32 CHW
images (after ToTensor), over `mx.image.imrotate` / `random_rotate` (rotate.py)."""
from __future__ import annotations

import numpy as np

from ndsh.gluon.block import Block
from ndsh.gluon.data.np_mode import np_method
from ndsh.gluon.data.vision.rotate import imrotate, random_rotate

__all__ = ["Rotate", "RandomRotation"]


def _require_float32(x) -> None:
    if x.dtype is not np.float32:
        raise TypeError(f"This transformation only supports float32 (the image is "
                        f"{np.dtype(x.dtype).name}). Consider calling it after ToTensor")


class Rotate(Block):
    """Rotate a float32 image (C, H, W) or batch (N, C, H, W) by a fixed angle about its
    centre, keeping its shape (zeros fill the corners).

    Parameters:
        rotation_degrees: the angle in degrees (counter-clockwise as shown).
        zoom_in: zoom so that no padding shows.
        zoom_out: zoom so that the whole original image shows.

    Example:
        >>> rotate = gluon.data.vision.transforms.Rotate(90)
        >>> rotate(nd.array([[[1, 2], [3, 4]]]))
        <BLANKLINE>
        [[[2. 4.]
          [1. 3.]]]
        <NDArray 1x2x2 @cpu(0)>
    """

    def __init__(self, rotation_degrees, zoom_in: bool = False, zoom_out: bool = False):
        super().__init__()
        self._args = (rotation_degrees, zoom_in, zoom_out)

    @np_method
    def forward(self, x):
        _require_float32(x)
        return imrotate(x, *self._args)


class RandomRotation(Block):
    """Rotate a float32 image (C, H, W), or each image of a batch, by an angle drawn uniformly
    from angle_limits, with probability rotate_with_proba (numpy's global generator, as MXNet).

    Parameters:
        angle_limits: (lowest, highest) angle in degrees.
        zoom_in: zoom so that no padding shows.
        zoom_out: zoom so that the whole original image shows.
        rotate_with_proba: the probability of rotating at all.

    Example:
        >>> T = gluon.data.vision.transforms
        >>> T.RandomRotation((-30, 30))(nd.ones((3, 8, 8))).shape
        (3, 8, 8)
        >>> T.RandomRotation((30, -30))
        Traceback (most recent call last):
        ...
        ValueError: `angle_limits` must be an ordered tuple
    """

    def __init__(self, angle_limits, zoom_in: bool = False, zoom_out: bool = False,
                 rotate_with_proba: float = 1.0):
        super().__init__()
        lower, upper = angle_limits
        if lower >= upper:
            raise ValueError("`angle_limits` must be an ordered tuple")
        if rotate_with_proba < 0 or rotate_with_proba > 1:
            raise ValueError("Probability of rotating the image should be between 0 and 1")
        self._args = (angle_limits, zoom_in, zoom_out)
        self._rotate_with_proba = rotate_with_proba

    @np_method
    def forward(self, x):
        if np.random.random() > self._rotate_with_proba:
            return x
        _require_float32(x)
        return random_rotate(x, *self._args)

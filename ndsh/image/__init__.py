"""`mx.image`: MXNet 1.9.1's image module on ndsh's engine: decoding image files (through
Pillow, where MXNet uses OpenCV) into HWC uint8 NDArrays, resizing with OpenCV's arithmetic,
crops, the augmenters and `CreateAugmenter`, and the iterators `ImageIter` and `ImageDetIter`
over RecordIO files or image lists. See docs/image.md for where it departs from MXNet.

Example:
    >>> augs = mx.image.CreateAugmenter((3, 4, 4), resize=8)
    >>> img = nd.array(np.full((10, 12, 3), 7), dtype='uint8')
    >>> for aug in augs:
    ...     img = aug(img)
    >>> img.shape, img.dtype.__name__
    ((4, 4, 3), 'float32')
"""
from __future__ import annotations

from ndsh.image.augmenters import *  # noqa: F403
from ndsh.image.augmenters import __all__ as _augmenters
from ndsh.image.color_augs import *  # noqa: F403
from ndsh.image.color_augs import __all__ as _color_augs
from ndsh.image.create import *  # noqa: F403
from ndsh.image.create import __all__ as _create
from ndsh.image.det_augs import *  # noqa: F403
from ndsh.image.det_augs import __all__ as _det_augs
from ndsh.image.detection import *  # noqa: F403
from ndsh.image.detection import __all__ as _detection
from ndsh.image.image import *  # noqa: F403
from ndsh.image.image import __all__ as _image
from ndsh.image.iters import *  # noqa: F403
from ndsh.image.iters import __all__ as _iters

__all__ = [*_image, *_augmenters, *_color_augs, *_create, *_iters, *_det_augs, *_detection]

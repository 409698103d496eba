"""`mx.image`'s detection augmenters, as MXNet 1.9.1's: callables (image, label) -> (image,
label) where label is a numpy array of objects, one row [class, xmin, ymin, xmax, ymax, ...]
with corners as fractions of the image. Random draws come from Python's `random`, as MXNet's.
"""
from __future__ import annotations

import json
import random
import warnings
from math import sqrt
from numbers import Number

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.image.augmenters import Augmenter
from ndsh.image.image import copyMakeBorder, fixed_crop

__all__ = ["DetAugmenter", "DetBorrowAug", "DetRandomSelectAug", "DetHorizontalFlipAug",
           "DetRandomCropAug", "DetRandomPadAug", "CreateMultiRandCropAugmenter"]


class DetAugmenter:
    """The base of the detection augmenters: keeps its arguments for dumps().

    Parameters:
        kwargs: the augmenter's arguments, as dumps() reports them.

    Example:
        >>> mx.image.DetAugmenter(p=0.5).dumps()
        '["detaugmenter", {"p": 0.5}]'
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
            >>> mx.image.DetHorizontalFlipAug(0.5).dumps()
            '["dethorizontalflipaug", {"p": 0.5}]'
        """
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, src, label):
        raise NotImplementedError("Must override implementation.")


class DetBorrowAug(DetAugmenter):
    """An image augmenter used for detection: the image changes, the label does not.

    Parameters:
        augmenter: an mx.image.Augmenter.

    Example:
        >>> aug = mx.image.DetBorrowAug(mx.image.CastAug())
        >>> aug(nd.zeros((2, 2, 3), dtype='uint8'), np.zeros((1, 5)))[0].dtype.__name__
        'float32'
    """

    def __init__(self, augmenter):
        if not isinstance(augmenter, Augmenter):
            raise TypeError("Borrowing from invalid Augmenter")
        super().__init__(augmenter=augmenter.dumps())
        self.augmenter = augmenter

    def dumps(self):
        """[the class name, the borrowed augmenter's dumps()].

        Example:
            >>> mx.image.DetBorrowAug(mx.image.CastAug()).dumps()
            ['detborrowaug', '["castaug", {"type": "float32"}]']
        """
        return [self.__class__.__name__.lower(), self.augmenter.dumps()]

    def __call__(self, src, label):
        return self.augmenter(src), label


class DetRandomSelectAug(DetAugmenter):
    """One augmenter of a list, picked at random, or none with probability skip_prob.

    Parameters:
        aug_list: the detection augmenters.
        skip_prob: the probability of applying none.

    Example:
        >>> aug = mx.image.DetRandomSelectAug([mx.image.DetHorizontalFlipAug(1)], skip_prob=0)
        >>> aug(nd.array([[[1], [2]]]), np.array([[0, 0.1, 0, 0.3, 1]]))[1].tolist()
        [[0.0, 0.7, 0.0, 0.9, 1.0]]
    """

    def __init__(self, aug_list, skip_prob=0):
        super().__init__(skip_prob=skip_prob)
        if not isinstance(aug_list, (list, tuple)):
            aug_list = [aug_list]
        for aug in aug_list:
            if not isinstance(aug, DetAugmenter):
                raise ValueError("Allow DetAugmenter in list only")
        if not aug_list:
            skip_prob = 1
        self.aug_list, self.skip_prob = aug_list, skip_prob

    def dumps(self):
        """[the class name, the augmenters' dumps()].

        Example:
            >>> mx.image.DetRandomSelectAug([mx.image.DetHorizontalFlipAug(1)]).dumps()
            ['detrandomselectaug', ['["dethorizontalflipaug", {"p": 1}]']]
        """
        return [self.__class__.__name__.lower(), [x.dumps() for x in self.aug_list]]

    def __call__(self, src, label):
        if random.random() < self.skip_prob:
            return src, label
        random.shuffle(self.aug_list)
        return self.aug_list[0](src, label)


class DetHorizontalFlipAug(DetAugmenter):
    """With probability p, flip the image and its boxes left to right.

    Parameters:
        p: the probability.

    Example:
        >>> img, lbl = mx.image.DetHorizontalFlipAug(1)(nd.zeros((2, 2, 3)),
        ...                                             np.array([[0, 0.1, 0, 0.3, 1]]))
        >>> lbl.tolist()
        [[0.0, 0.7, 0.0, 0.9, 1.0]]
    """

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p

    def __call__(self, src, label):
        if random.random() < self.p:
            src = nd.flip(src, axis=1)
            tmp = 1.0 - label[:, 1]
            label[:, 1] = 1.0 - label[:, 3]
            label[:, 3] = tmp
        return src, label


def _areas(label):
    return np.maximum(0, label[:, 3] - label[:, 1]) * np.maximum(0, label[:, 2] - label[:, 0])


def _intersect(label, xmin, ymin, xmax, ymax):
    left, right = np.maximum(label[:, 0], xmin), np.minimum(label[:, 2], xmax)
    top, bot = np.maximum(label[:, 1], ymin), np.minimum(label[:, 3], ymax)
    invalid = np.where(np.logical_or(left >= right, top >= bot))[0]
    out = label.copy()
    out[:, 0], out[:, 1], out[:, 2], out[:, 3] = left, top, right, bot
    out[invalid, :] = 0
    return out


def _pair(value, name: str, what: str):
    if isinstance(value, (tuple, list)):
        return value
    assert isinstance(value, Number), f"{name}: {what} must be a number or a pair"
    return (value, value)


class DetRandomCropAug(DetAugmenter):
    """Crop a random window that keeps at least min_object_covered of some object, and move
    the boxes into it (those covered less than min_eject_coverage are dropped).

    Parameters:
        min_object_covered: the fraction of an object the crop must cover.
        aspect_ratio_range: (smallest, largest) width / height of the crop.
        area_range: (smallest, largest) area of the crop, as a fraction of the image's.
        min_eject_coverage: objects covered less than this are dropped.
        max_attempts: how many crops to try before giving up (the image unchanged).

    Example:
        >>> aug = mx.image.DetRandomCropAug(min_object_covered=0.5)
        >>> img, lbl = aug(nd.zeros((20, 20, 3)), np.array([[0, 0.2, 0.2, 0.8, 0.8]]))
        >>> lbl.shape[1], img.shape[2]
        (5, 3)
    """

    def __init__(self, min_object_covered=0.1, aspect_ratio_range=(0.75, 1.33),
                 area_range=(0.05, 1.0), min_eject_coverage=0.3, max_attempts=50):
        aspect_ratio_range = _pair(aspect_ratio_range, "DetRandomCropAug", "aspect_ratio_range")
        area_range = _pair(area_range, "DetRandomCropAug", "area_range")
        super().__init__(min_object_covered=min_object_covered,
                         aspect_ratio_range=aspect_ratio_range, area_range=area_range,
                         min_eject_coverage=min_eject_coverage, max_attempts=max_attempts)
        self.min_object_covered = min_object_covered
        self.min_eject_coverage = min_eject_coverage
        self.max_attempts = max_attempts
        self.aspect_ratio_range, self.area_range = aspect_ratio_range, area_range
        self.enabled = False
        if area_range[1] <= 0 or area_range[0] > area_range[1]:
            warnings.warn(f"Skip DetRandomCropAug due to invalid area_range: {area_range}",
                          stacklevel=2)
        elif aspect_ratio_range[0] > aspect_ratio_range[1] or aspect_ratio_range[0] <= 0:
            warnings.warn(f"Skip DetRandomCropAug due to invalid aspect_ratio_range: "
                          f"{aspect_ratio_range}", stacklevel=2)
        else:
            self.enabled = True

    def __call__(self, src, label):
        crop = self._random_crop_proposal(label, src.shape[0], src.shape[1])
        if crop:
            x, y, w, h, label = crop
            src = fixed_crop(src, x, y, w, h, None)
        return src, label

    def _satisfied(self, label, xmin, ymin, xmax, ymax, width, height) -> bool:
        if (xmax - xmin) * (ymax - ymin) < 2:
            return False
        x1, y1 = float(xmin) / width, float(ymin) / height
        x2, y2 = float(xmax) / width, float(ymax) / height
        object_areas = _areas(label[:, 1:])
        valid = np.where(object_areas * width * height > 2)[0]
        if valid.size < 1:
            return False
        intersects = _intersect(label[valid, 1:], x1, y1, x2, y2)
        coverages = _areas(intersects) / object_areas[valid]
        coverages = coverages[np.where(coverages > 0)[0]]
        return coverages.size > 0 and np.amin(coverages) > self.min_object_covered

    def _update_labels(self, label, crop_box, height, width):
        xmin, ymin = float(crop_box[0]) / width, float(crop_box[1]) / height
        w, h = float(crop_box[2]) / width, float(crop_box[3]) / height
        out = label.copy()
        out[:, (1, 3)] -= xmin
        out[:, (2, 4)] -= ymin
        out[:, (1, 3)] /= w
        out[:, (2, 4)] /= h
        out[:, 1:5] = np.minimum(1, np.maximum(0, out[:, 1:5]))
        coverage = _areas(out[:, 1:]) * w * h / _areas(label[:, 1:])
        valid = np.logical_and(out[:, 3] > out[:, 1], out[:, 4] > out[:, 2])
        valid = np.where(np.logical_and(valid, coverage > self.min_eject_coverage))[0]
        return None if valid.size < 1 else out[valid, :]

    def _random_crop_proposal(self, label, height, width):
        if not self.enabled or height <= 0 or width <= 0:
            return ()
        min_area = self.area_range[0] * height * width
        max_area = self.area_range[1] * height * width
        for _ in range(self.max_attempts):
            ratio = random.uniform(*self.aspect_ratio_range)
            if ratio <= 0:
                continue
            h = int(round(sqrt(min_area / ratio)))
            max_h = int(round(sqrt(max_area / ratio)))
            if round(max_h * ratio) > width:
                max_h = int((width + 0.4999999) / ratio)
            max_h = min(max_h, height)
            h = min(h, max_h)
            if h < max_h:
                h = random.randint(h, max_h)
            w = int(round(h * ratio))
            assert w <= width
            area = w * h
            if area < min_area:
                h += 1
                w = int(round(h * ratio))
                area = w * h
            if area > max_area:
                h -= 1
                w = int(round(h * ratio))
                area = w * h
            if not (min_area <= area <= max_area and 0 <= w <= width and 0 <= h <= height):
                continue
            y = random.randint(0, max(0, height - h))
            x = random.randint(0, max(0, width - w))
            if self._satisfied(label, x, y, x + w, y + h, width, height):
                new_label = self._update_labels(label, (x, y, w, h), height, width)
                if new_label is not None:
                    return (x, y, w, h, new_label)
        return ()


class DetRandomPadAug(DetAugmenter):
    """Pad the image to a random larger canvas (filled with pad_val) and move the boxes.

    Parameters:
        aspect_ratio_range: (smallest, largest) width / height of the canvas.
        area_range: (smallest, largest) area of the canvas, as a multiple of the image's.
        max_attempts: how many canvases to try before giving up.
        pad_val: the fill colour.

    Example:
        >>> img, lbl = mx.image.DetRandomPadAug(area_range=(2, 3))(
        ...     nd.zeros((10, 10, 3)), np.array([[0, 0, 0, 1, 1]]))
        >>> img.shape[0] > 10 and float(lbl[0, 3]) < 1
        True
    """

    def __init__(self, aspect_ratio_range=(0.75, 1.33), area_range=(1.0, 3.0),
                 max_attempts=50, pad_val=(128, 128, 128)):
        if not isinstance(pad_val, (list, tuple)):
            assert isinstance(pad_val, Number)
            pad_val = (pad_val,)
        aspect_ratio_range = _pair(aspect_ratio_range, "DetRandomPadAug", "aspect_ratio_range")
        area_range = _pair(area_range, "DetRandomPadAug", "area_range")
        super().__init__(aspect_ratio_range=aspect_ratio_range, area_range=area_range,
                         max_attempts=max_attempts, pad_val=pad_val)
        self.pad_val, self.max_attempts = pad_val, max_attempts
        self.aspect_ratio_range, self.area_range = aspect_ratio_range, area_range
        self.enabled = False
        if area_range[1] <= 1.0 or area_range[0] > area_range[1]:
            warnings.warn(f"Skip DetRandomPadAug due to invalid parameters: {area_range}",
                          stacklevel=2)
        elif aspect_ratio_range[0] <= 0 or aspect_ratio_range[0] > aspect_ratio_range[1]:
            warnings.warn(f"Skip DetRandomPadAug due to invalid aspect_ratio_range: "
                          f"{aspect_ratio_range}", stacklevel=2)
        else:
            self.enabled = True

    def __call__(self, src, label):
        height, width = src.shape[0], src.shape[1]
        pad = self._random_pad_proposal(label, height, width)
        if pad:
            x, y, w, h, label = pad
            src = copyMakeBorder(src, y, h - y - height, x, w - x - width, 16,
                                 values=self.pad_val)
        return src, label

    def _random_pad_proposal(self, label, height, width):
        if not self.enabled or height <= 0 or width <= 0:
            return ()
        min_area = self.area_range[0] * height * width
        max_area = self.area_range[1] * height * width
        for _ in range(self.max_attempts):
            ratio = random.uniform(*self.aspect_ratio_range)
            if ratio <= 0:
                continue
            h = int(round(sqrt(min_area / ratio)))
            max_h = int(round(sqrt(max_area / ratio)))
            if round(h * ratio) < width:
                h = int((width + 0.499999) / ratio)
            h = max(h, height)
            h = min(h, max_h)
            if h < max_h:
                h = random.randint(h, max_h)
            w = int(round(h * ratio))
            if (h - height) < 2 or (w - width) < 2:
                continue
            y = random.randint(0, max(0, h - height))
            x = random.randint(0, max(0, w - width))
            out = label.copy()
            out[:, (1, 3)] = (out[:, (1, 3)] * width + x) / w
            out[:, (2, 4)] = (out[:, (2, 4)] * height + y) / h
            return (x, y, w, h, out)
        return ()


def CreateMultiRandCropAugmenter(min_object_covered=0.1,  # noqa: N802
                                 aspect_ratio_range=(0.75, 1.33), area_range=(0.05, 1.0),
                                 min_eject_coverage=0.3, max_attempts=50, skip_prob=0):
    """A DetRandomSelectAug over DetRandomCropAugs, one per value where a parameter is a list.

    Parameters:
        min_object_covered: DetRandomCropAug's, a value or a list of values (one crop each).
        aspect_ratio_range: DetRandomCropAug's, a value or a list of values.
        area_range: DetRandomCropAug's, a value or a list of values.
        min_eject_coverage: DetRandomCropAug's, a value or a list of values.
        max_attempts: DetRandomCropAug's, a value or a list of values.
        skip_prob: the probability of no crop.

    Example:
        >>> aug = mx.image.CreateMultiRandCropAugmenter(min_object_covered=[0.1, 0.5])
        >>> len(aug.aug_list)
        2
    """
    params = []
    num = 1
    for p in (min_object_covered, aspect_ratio_range, area_range, min_eject_coverage,
              max_attempts):
        p = p if isinstance(p, list) else [p]
        params.append(p)
        num = max(num, len(p))
    for k, p in enumerate(params):
        if len(p) != num:
            assert len(p) == 1
            params[k] = p * num
    augs = [DetRandomCropAug(min_object_covered=moc, aspect_ratio_range=arr, area_range=ar,
                             min_eject_coverage=mec, max_attempts=ma)
            for moc, arr, ar, mec, ma in zip(*params)]
    return DetRandomSelectAug(augs, skip_prob=skip_prob)

"""`mx.image.ImageDetIter` and `CreateDetAugmenter`, as MXNet 1.9.1's: batches of augmented
images with their object labels (N, objects, width), padded with -1 rows, read from a RecordIO
file whose records carry a detection label [header width, object width, ..., objects...].
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.image.augmenters import CastAug, ForceResizeAug, ResizeAug
from ndsh.image.color_augs import (
    ColorJitterAug,
    ColorNormalizeAug,
    HueJitterAug,
    LightingAug,
    RandomGrayAug,
)
from ndsh.image.create import _EIGVAL, _EIGVEC
from ndsh.image.det_augs import (
    CreateMultiRandCropAugmenter,
    DetBorrowAug,
    DetHorizontalFlipAug,
    DetRandomPadAug,
    DetRandomSelectAug,
)
from ndsh.image.io_base import DataBatch
from ndsh.image.iters import ImageIter

__all__ = ["CreateDetAugmenter", "ImageDetIter"]


def CreateDetAugmenter(data_shape, resize=0, rand_crop=0, rand_pad=0, rand_gray=0,  # noqa: N802
                       rand_mirror=False, mean=None, std=None, brightness=0, contrast=0,
                       saturation=0, pca_noise=0, hue=0, inter_method=2,
                       min_object_covered=0.1, aspect_ratio_range=(0.75, 1.33),
                       area_range=(0.05, 3.0), min_eject_coverage=0.3, max_attempts=50,
                       pad_val=(127, 127, 127)) -> list:
    """The list of detection augmenters ImageDetIter applies, as MXNet builds it.

    Parameters:
        data_shape: the output's (channels, height, width).
        resize: resize the shorter side to this first (0: no).
        rand_crop: the probability of a random crop (DetRandomCropAug).
        rand_pad: the probability of a random pad (DetRandomPadAug).
        rand_gray: the probability of making the image gray.
        rand_mirror: flip left to right with probability 0.5.
        mean, std: normalisation per channel (True: ImageNet's), or None.
        brightness, contrast, saturation, pca_noise, hue: the colour jitters.
        inter_method: the interpolation of every resize.
        min_object_covered: the fraction of some object a random crop must keep.
        aspect_ratio_range: (smallest, largest) aspect ratio of a crop or pad.
        area_range: (smallest, largest) area of a crop (and largest of a pad), as a fraction.
        min_eject_coverage: objects a crop covers less than this are dropped.
        max_attempts: how many crops or pads to try.
        pad_val: the random pad's fill colour.

    Example:
        >>> [a.dumps()[0] for a in mx.image.CreateDetAugmenter((3, 32, 32), rand_crop=1)]
        ['detrandomselectaug', 'detborrowaug', 'detborrowaug']
    """
    auglist: list = []
    if resize > 0:
        auglist.append(DetBorrowAug(ResizeAug(resize, inter_method)))
    if rand_crop > 0:
        auglist.append(CreateMultiRandCropAugmenter(min_object_covered, aspect_ratio_range,
                                                    area_range, min_eject_coverage,
                                                    max_attempts, skip_prob=(1 - rand_crop)))
    if rand_mirror > 0:
        auglist.append(DetHorizontalFlipAug(0.5))
    if rand_pad > 0:
        pad_aug = DetRandomPadAug(aspect_ratio_range, (1.0, area_range[1]), max_attempts,
                                  pad_val)
        auglist.append(DetRandomSelectAug([pad_aug], 1 - rand_pad))
    auglist.append(DetBorrowAug(ForceResizeAug((data_shape[2], data_shape[1]), inter_method)))
    auglist.append(DetBorrowAug(CastAug()))
    if brightness or contrast or saturation:
        auglist.append(DetBorrowAug(ColorJitterAug(brightness, contrast, saturation)))
    if hue:
        auglist.append(DetBorrowAug(HueJitterAug(hue)))
    if pca_noise > 0:
        auglist.append(DetBorrowAug(LightingAug(pca_noise, _EIGVAL, _EIGVEC)))
    if rand_gray > 0:
        auglist.append(DetBorrowAug(RandomGrayAug(rand_gray)))
    if mean is True:
        mean = np.array([123.68, 116.28, 103.53])
    elif mean is not None:
        assert isinstance(mean, np.ndarray) and mean.shape[0] in [1, 3]
    if std is True:
        std = np.array([58.395, 57.12, 57.375])
    elif std is not None:
        assert isinstance(std, np.ndarray) and std.shape[0] in [1, 3]
    if mean is not None or std is not None:
        auglist.append(DetBorrowAug(ColorNormalizeAug(mean, std)))
    return auglist


class ImageDetIter(ImageIter):
    """Batches of augmented images and their object labels (as d2l's pikachu section reads
    them): batch.data[0] is (N, 3, H, W), batch.label[0] (N, objects, width), rows of -1 where
    an image has fewer objects.

    Parameters:
        batch_size: the number of images a batch.
        data_shape: the output's (3, height, width).
        path_imgrec, path_imgidx: the .rec file and its index (as ImageIter's).
        path_imglist, path_root, imglist: an image list instead (as ImageIter's).
        shuffle, part_index, num_parts: shuffling and partitioning (as ImageIter's).
        data_name, last_batch_handle: as ImageIter's.
        aug_list: the detection augmenters; by default CreateDetAugmenter(data_shape,
            **kwargs).
        label_name: the label's name in provide_label.
        kwargs: CreateDetAugmenter's options (rand_crop, min_object_covered, max_attempts...).

    Example:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp(); rec = os.path.join(folder, 'd.rec')
        >>> writer = mx.recordio.MXRecordIO(rec, 'w')
        >>> label = [2, 5, 0, 0.25, 0.25, 0.75, 0.75]        # header 2, one object of width 5
        >>> writer.write(mx.recordio.pack_img((0, label, 0, 0), np.zeros((16, 16, 3), np.uint8),
        ...                                   img_fmt='.png')); writer.close()
        >>> batch = mx.image.ImageDetIter(1, (3, 8, 8), path_imgrec=rec).next()
        >>> batch.data[0].shape, batch.label[0].shape
        ((1, 3, 8, 8), (1, 1, 5))
    """

    def __init__(self, batch_size, data_shape, path_imgrec=None, path_imglist=None,
                 path_root=None, path_imgidx=None, shuffle=False, part_index=0, num_parts=1,
                 aug_list=None, imglist=None, data_name="data", label_name="label",
                 last_batch_handle="pad", **kwargs):
        super().__init__(batch_size=batch_size, data_shape=data_shape, path_imgrec=path_imgrec,
                         path_imglist=path_imglist, path_root=path_root,
                         path_imgidx=path_imgidx, shuffle=shuffle, part_index=part_index,
                         num_parts=num_parts, aug_list=[], imglist=imglist,
                         data_name=data_name, label_name=label_name,
                         last_batch_handle=last_batch_handle)
        self.auglist = CreateDetAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        label_shape = self._estimate_label_shape()
        self.provide_label = [(label_name, (self.batch_size, label_shape[0], label_shape[1]))]
        self.label_shape = label_shape

    def _check_valid_label(self, label) -> None:
        if len(label.shape) != 2 or label.shape[1] < 5:
            raise RuntimeError(f"Label with shape (1+, 5+) required, {label} received.")
        valid = np.where(np.logical_and(label[:, 0] >= 0, label[:, 3] > label[:, 1],
                                        label[:, 4] > label[:, 2]))[0]
        if valid.size < 1:
            raise RuntimeError("Invalid label occurs.")

    def _estimate_label_shape(self):
        max_count, label = 0, None
        self.reset()
        try:
            while True:
                label, _ = self.next_sample()
                label = self._parse_label(label)
                max_count = max(max_count, label.shape[0])
        except StopIteration:
            pass
        self.reset()
        if label is None:
            raise RuntimeError(f"ImageDetIter: {self.path_imgrec or 'the image list'} holds no "
                               f"image")
        return (max_count, label.shape[1])

    def _parse_label(self, label) -> np.ndarray:
        if isinstance(label, NDArray):
            label = label.asnumpy()
        raw = np.asarray(label).ravel()
        if raw.size < 7:
            raise RuntimeError(f"Label shape is invalid: {raw.shape} (record {self._where()}); "
                               f"a detection label is [header width, object width, ..., "
                               f"objects], 7 numbers at least")
        header_width, obj_width = int(raw[0]), int(raw[1])
        if (raw.size - header_width) % obj_width != 0:
            raise RuntimeError(f"Label shape {raw.shape} inconsistent with annotation width "
                               f"{obj_width}.")
        out = np.reshape(raw[header_width:], (-1, obj_width))
        valid = np.where(np.logical_and(out[:, 3] > out[:, 1], out[:, 4] > out[:, 2]))[0]
        if valid.size < 1:
            raise RuntimeError("Encounter sample with no valid label.")
        return out[valid, :]

    def reshape(self, data_shape=None, label_shape=None) -> None:
        """Change the data shape (3, H, W) or the label shape (objects, width) of the batches.

        Parameters:
            data_shape: the new (3, height, width), or None.
            label_shape: the new (objects, width), or None (objects may only grow).

        Example:
            >>> import tempfile; from PIL import Image; root = tempfile.mkdtemp()
            >>> Image.new('RGB', (4, 4)).save(root + '/a.png')
            >>> it = mx.image.ImageDetIter(1, (3, 8, 8), imglist=[[[2, 5, 0, .1, .1, .9, .9],
            ...                            'a.png']], path_root=root)
            >>> it.reshape(label_shape=(3, 5)); it.provide_label
            [('label', (1, 3, 5))]
        """
        if data_shape is not None:
            self.check_data_shape(data_shape)
            self.provide_data = [(self.provide_data[0][0], (self.batch_size,) + data_shape)]
            self.data_shape = data_shape
        if label_shape is not None:
            self.check_label_shape(label_shape)
            self.provide_label = [(self.provide_label[0][0], (self.batch_size,) + label_shape)]
            self.label_shape = label_shape

    def _batchify(self, batch_data, batch_label, start=0) -> int:
        i = start
        try:
            while i < self.batch_size:
                label, s = self.next_sample()
                data = self.imdecode(s)
                try:
                    self.check_valid_image([data])
                    label = self._parse_label(label)
                    data, label = self.augmentation_transform(data, label)
                    self._check_valid_label(label)
                except RuntimeError:
                    continue
                batch_data[i] = self.postprocess_data(data)
                num_object = label.shape[0]
                batch_label[i][0:num_object] = nd.array(label)
                if num_object < batch_label[i].shape[0]:
                    batch_label[i][num_object:] = -1
                i += 1
        except StopIteration:
            if not i:
                raise
        return i

    def next(self) -> DataBatch:
        """The next batch: DataBatch([data (N, 3, H, W)], [label (N, objects, width)], pad).

        Example:
            >>> import tempfile; from PIL import Image; root = tempfile.mkdtemp()
            >>> Image.new('RGB', (4, 4)).save(root + '/a.png')
            >>> it = mx.image.ImageDetIter(1, (3, 8, 8), imglist=[[[2, 5, 0, .1, .1, .9, .9],
            ...                            'a.png']], path_root=root)
            >>> it.next().label[0]
            <BLANKLINE>
            [[[0.  0.1 0.1 0.9 0.9]]]
            <NDArray 1x1x5 @cpu(0)>
        """
        c, h, w = self.data_shape
        if self._cache_data is not None:
            batch_data, batch_label, i = self._cache_data, self._cache_label, self._cache_idx
        else:
            batch_data = nd.zeros((self.batch_size, c, h, w))
            batch_label = nd.full(self.provide_label[0][1], -1)
            i = self._batchify(batch_data, batch_label)
        pad = self.batch_size - i
        if pad != 0:
            if self.last_batch_handle == "discard":
                raise StopIteration
            if self.last_batch_handle == "roll_over" and self._cache_data is None:
                self._cache_data, self._cache_label, self._cache_idx = batch_data, batch_label, i
                raise StopIteration
            self._batchify(batch_data, batch_label, i)
            if self.last_batch_handle == "pad":
                self._allow_read = False
            else:
                self._cache_data = self._cache_label = self._cache_idx = None
        return DataBatch([batch_data], [batch_label], pad=pad)

    def augmentation_transform(self, data, label):
        """(image, label) after every detection augmenter of auglist.

        Parameters:
            data: the image (HWC).
            label: its objects, a numpy array (objects, width).

        Example:
            >>> import tempfile; from PIL import Image; root = tempfile.mkdtemp()
            >>> Image.new('RGB', (4, 4)).save(root + '/a.png')
            >>> it = mx.image.ImageDetIter(1, (3, 8, 8), imglist=[[[2, 5, 0, .1, .1, .9, .9],
            ...                            'a.png']], path_root=root)
            >>> it.augmentation_transform(nd.zeros((4, 4, 3)), np.zeros((1, 5)))[0].shape
            (8, 8, 3)
        """
        for aug in self.auglist:
            data, label = aug(data, label)
        return data, label

    def check_label_shape(self, label_shape) -> None:
        """Refuse a label shape with fewer objects or another object width.

        Parameters:
            label_shape: (objects, width).

        Example:
            >>> import tempfile; from PIL import Image; root = tempfile.mkdtemp()
            >>> Image.new('RGB', (4, 4)).save(root + '/a.png')
            >>> it = mx.image.ImageDetIter(1, (3, 8, 8), imglist=[[[2, 5, 0, .1, .1, .9, .9],
            ...                            'a.png']], path_root=root)
            >>> it.check_label_shape((2, 5))
        """
        if not len(label_shape) == 2:
            raise ValueError("label_shape should have length 2")
        if label_shape[0] < self.label_shape[0]:
            raise ValueError(f"Attempts to reduce label count from {self.label_shape[0]} to "
                             f"{label_shape[0]}, not allowed.")
        if label_shape[1] != self.provide_label[0][1][2]:
            raise ValueError(f"label_shape object width inconsistent: "
                             f"{self.provide_label[0][1][2]} vs {label_shape[1]}.")

    def sync_label_shape(self, it, verbose=False):
        """Give this iterator and it the same label shape (the larger object count).

        Parameters:
            it: another ImageDetIter (the validation one).
            verbose: log the change.

        Example:
            >>> import tempfile; from PIL import Image; root = tempfile.mkdtemp()
            >>> Image.new('RGB', (4, 4)).save(root + '/a.png')
            >>> one = [[[2, 5, 0, .1, .1, .9, .9], 'a.png']]
            >>> a = mx.image.ImageDetIter(1, (3, 8, 8), imglist=one, path_root=root)
            >>> b = mx.image.ImageDetIter(1, (3, 8, 8), imglist=one * 2, path_root=root)
            >>> a.sync_label_shape(b).label_shape
            (1, 5)
        """
        assert isinstance(it, ImageDetIter), "Synchronize with invalid iterator."
        train, val = self.label_shape, it.label_shape
        assert train[1] == val[1], "object width mismatch."
        max_count = max(train[0], val[0])
        if max_count > train[0]:
            self.reshape(None, (max_count, train[1]))
        if max_count > val[0]:
            it.reshape(None, (max_count, val[1]))
        return it

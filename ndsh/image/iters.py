"""`mx.image.ImageIter`, as MXNet 1.9.1's: batches of augmented images
(N, C, H, W float32) with their labels, read from a RecordIO file (.rec, with its .idx for
shuffling) or from an image list and a folder, as `mx.io.DataBatch`es.
"""
from __future__ import annotations

import os
import random
from numbers import Number

from ndsh.engine import NDArray, nd
from ndsh.gluon import recordio
from ndsh.image.create import CreateAugmenter
from ndsh.image.image import imdecode
from ndsh.image.io_base import DataBatch, DataIter

__all__ = ["ImageIter"]

class ImageIter(DataIter):
    """Batches of augmented images and their labels, read from a RecordIO file (path_imgrec,
    with path_imgidx to shuffle) or an image list (path_imglist or imglist) under path_root.

    Parameters:
        batch_size: the number of images a batch.
        data_shape: the output's (3, height, width).
        label_width: the number of labels an image.
        path_imgrec: the .rec file (image records made by pack_img or im2rec).
        path_imglist: a .lst file: index, labels and path, separated by tabs.
        path_root: the folder the list's paths are relative to.
        path_imgidx: the .idx file of path_imgrec (needed to shuffle or partition).
        shuffle: shuffle the images at each reset (Python's random).
        part_index, num_parts: read only part part_index of num_parts.
        aug_list: the augmenters; by default CreateAugmenter(data_shape, **kwargs).
        imglist: a list of [label(s), path] items instead of path_imglist.
        data_name, label_name: the names in provide_data and provide_label.
        dtype: the labels' dtype.
        last_batch_handle: 'pad', 'discard' or 'roll_over' (as NDArrayIter's).
        kwargs: CreateAugmenter's options (resize, rand_crop, rand_mirror, mean...).

    Example:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> rec = mx.recordio.MXRecordIO(os.path.join(folder, 'x.rec'), 'w')
        >>> for i in range(3):
        ...     img = np.full((8, 8, 3), 40 * i, np.uint8)
        ...     rec.write(mx.recordio.pack_img((0, float(i), i, 0), img, img_fmt='.png'))
        >>> rec.close()
        >>> it = mx.image.ImageIter(2, (3, 4, 4), path_imgrec=os.path.join(folder, 'x.rec'))
        >>> batch = it.next(); batch.data[0].shape, batch.label[0].asnumpy().tolist()
        ((2, 3, 4, 4), [0.0, 1.0])
    """

    def __init__(self, batch_size, data_shape, label_width=1, path_imgrec=None,
                 path_imglist=None, path_root=None, path_imgidx=None, shuffle=False,
                 part_index=0, num_parts=1, aug_list=None, imglist=None, data_name="data",
                 label_name="softmax_label", dtype="float32", last_batch_handle="pad",
                 **kwargs):
        super().__init__()
        assert path_imgrec or path_imglist or isinstance(imglist, list)
        assert dtype in ["int32", "float32", "int64", "float64"], dtype + " label not supported"
        self.path_imgrec = path_imgrec
        if path_imgrec:
            if path_imgidx:
                self.imgrec = recordio.MXIndexedRecordIO(path_imgidx, path_imgrec, "r")
                self.imgidx = list(self.imgrec.keys)
            else:
                self.imgrec = recordio.MXRecordIO(path_imgrec, "r")
                self.imgidx = None
        else:
            self.imgrec = None
        imgkeys: list = []
        if path_imglist:
            imglist_map = {}
            with open(path_imglist) as fin:
                for line in iter(fin.readline, ""):
                    fields = line.strip().split("\t")
                    key = int(fields[0])
                    imglist_map[key] = (nd.array(fields[1:-1], dtype=dtype), fields[-1])
                    imgkeys.append(key)
            self.imglist = imglist_map
        elif isinstance(imglist, list):
            result = {}
            for index, img in enumerate(imglist, start=1):
                key = str(index)
                if len(img) > 2:
                    label = nd.array(img[:-1], dtype=dtype)
                elif isinstance(img[0], Number):
                    label = nd.array([img[0]], dtype=dtype)
                else:
                    label = nd.array(img[0], dtype=dtype)
                result[key] = (label, img[-1])
                imgkeys.append(key)
            self.imglist = result
        else:
            self.imglist = None
        self.path_root = path_root
        self.check_data_shape(data_shape)
        self.provide_data = [(data_name, (batch_size,) + tuple(data_shape))]
        if label_width > 1:
            self.provide_label = [(label_name, (batch_size, label_width))]
        else:
            self.provide_label = [(label_name, (batch_size,))]
        self.batch_size = batch_size
        self.data_shape = tuple(data_shape)
        self.label_width = label_width
        self.shuffle = shuffle
        if self.imgrec is None:
            self.seq = imgkeys
        elif shuffle or num_parts > 1 or path_imgidx:
            assert self.imgidx is not None, "shuffling or partitioning a .rec needs path_imgidx"
            self.seq = self.imgidx
        else:
            self.seq = None
        if num_parts > 1:
            assert part_index < num_parts
            each = len(self.seq) // num_parts
            self.seq = self.seq[part_index * each:(part_index + 1) * each]
        self.auglist = CreateAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        self.cur = 0
        self._allow_read = True
        self.last_batch_handle = last_batch_handle
        self.num_image = len(self.seq) if self.seq is not None else None
        self._cache_data = self._cache_label = self._cache_idx = None
        self._record = None
        self.reset()

    def reset(self) -> None:
        """Go back to the first image (shuffling again if asked).

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.reset(); it.cur
            0
        """
        if self.seq is not None and self.shuffle:
            random.shuffle(self.seq)
        if self.last_batch_handle != "roll_over" or self._cache_data is None:
            if self.imgrec is not None:
                self.imgrec.reset()
            self.cur = 0
            self._allow_read = True

    def hard_reset(self) -> None:
        """Go back to the first image, dropping any rolled-over images.

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.hard_reset(); it.cur
            0
        """
        if self.seq is not None and self.shuffle:
            random.shuffle(self.seq)
        if self.imgrec is not None:
            self.imgrec.reset()
        self.cur = 0
        self._allow_read = True
        self._cache_data = self._cache_label = self._cache_idx = None

    def next_sample(self):
        """(label, image bytes) of the next image; StopIteration at the end.

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'nope.png']], path_root='.')
            >>> it.seq
            ['1']
        """
        if self._allow_read is False:
            raise StopIteration
        if self.seq is not None:
            if self.cur >= self.num_image:
                if self.last_batch_handle != "discard":
                    self.cur = 0
                raise StopIteration
            idx = self.seq[self.cur]
            self.cur += 1
            if self.imgrec is not None:
                self._record = idx
                header, img = recordio.unpack(self.imgrec.read_idx(idx))
                return (header.label if self.imglist is None else self.imglist[idx][0]), img
            label, fname = self.imglist[idx]
            return label, self.read_image(fname)
        s = self.imgrec.read()
        if s is None:
            if self.last_batch_handle != "discard":
                self.imgrec.reset()
            raise StopIteration
        self._record = self.cur
        self.cur += 1
        header, img = recordio.unpack(s)
        return header.label, img

    def _batchify(self, batch_data, batch_label, start=0) -> int:
        i = start
        try:
            while i < self.batch_size:
                label, s = self.next_sample()
                data = self.imdecode(s)
                try:
                    self.check_valid_image(data)
                except RuntimeError:
                    continue
                data = self.augmentation_transform(data)
                assert i < self.batch_size, \
                    "Batch size must be multiples of augmenter output length"
                batch_data[i] = self.postprocess_data(data)
                batch_label[i] = label
                i += 1
        except StopIteration:
            if not i:
                raise
        return i

    def next(self) -> DataBatch:
        """The next batch: DataBatch([data (N, C, H, W)], [label], pad).

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.batch_size
            1
        """
        c, h, w = self.data_shape
        if self._cache_data is not None:
            batch_data, batch_label, i = self._cache_data, self._cache_label, self._cache_idx
        else:
            batch_data = nd.zeros((self.batch_size, c, h, w))
            batch_label = nd.zeros(self.provide_label[0][1])
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

    def check_data_shape(self, data_shape) -> None:
        """Refuse a data_shape that is not (3, height, width).

        Parameters:
            data_shape: the shape to check.

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.check_data_shape((3, 8, 8))
        """
        if not len(data_shape) == 3:
            raise ValueError("data_shape should have length 3, with dimensions CxHxW")
        if not data_shape[0] == 3:
            raise ValueError("This iterator expects inputs to have 3 channels.")

    def check_valid_image(self, data) -> None:
        """Refuse an image with no shape (RuntimeError: it is skipped).

        Parameters:
            data: the decoded image.

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.check_valid_image(nd.zeros((2, 2, 3)))
        """
        if len(data[0].shape) == 0:
            raise RuntimeError("Data shape is wrong")

    def _where(self) -> str:
        if self.imglist is not None and self._record is None:
            idx = self.seq[(self.cur % self.num_image) - 1]
            return f"filename: {self.imglist[idx][1]}"
        return f"index: {self._record} of {self.path_imgrec}"

    def imdecode(self, s: bytes) -> NDArray:
        """Decode one image's bytes (mx.image.imdecode); a broken image names its record or file.

        Parameters:
            s: the image file's bytes.

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> try:
            ...     it.imdecode(b'not an image')
            ... except RuntimeError as error:
            ...     print(str(error)[:28])
            Broken image filename: a.png
        """
        try:
            return imdecode(s)
        except Exception as error:
            raise RuntimeError(f"Broken image {self._where()}, {error}") from None

    def read_image(self, fname: str) -> bytes:
        """The bytes of the image file fname, under path_root.

        Parameters:
            fname: the file's path relative to path_root.

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.path_root
            '.'
        """
        with open(os.path.join(self.path_root, fname), "rb") as fin:
            return fin.read()

    def augmentation_transform(self, data):
        """The image after every augmenter of auglist.

        Parameters:
            data: the decoded image (HWC).

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.augmentation_transform(nd.zeros((4, 4, 3), dtype='uint8')).shape
            (2, 2, 3)
        """
        for aug in self.auglist:
            data = aug(data)
        return data

    def postprocess_data(self, datum):
        """An HWC image as CHW, as a batch holds it.

        Parameters:
            datum: the augmented image.

        Example:
            >>> it = mx.image.ImageIter(1, (3, 2, 2), imglist=[[0, 'a.png']], path_root='.')
            >>> it.postprocess_data(nd.zeros((2, 2, 3))).shape
            (3, 2, 2)
        """
        return nd.transpose(datum, axes=(2, 0, 1))




"""The image datasets of `gluon.data.vision` (MXNet 1.9.1's): MNIST, FashionMNIST, CIFAR10,
CIFAR100 read from MXNet's files in `$MXNET_HOME/datasets/...` (by default `~/.mxnet`), or
`root=`; ImageRecordDataset and ImageFolderDataset over image files, decoded by Pillow.

Each file is checked against the SHA-1 MXNet pins for it and fetched from MXNet's own address
when missing or different; without a network the error names the file, the address and the
folder to copy it into.
"""
from __future__ import annotations

import gzip
import os
import struct
import tarfile
import warnings

import numpy as np

from ndsh.engine import nd
from ndsh.gluon import recordio
from ndsh.gluon.data.dataset import Dataset, RecordFileDataset, _DownloadedDataset
from ndsh.gluon.data.np_mode import np_mode, to_np
from ndsh.gluon.utils import check_sha1, download

__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageRecordDataset",
           "ImageFolderDataset", "data_dir"]


def data_dir() -> str:
    """Where MXNet keeps its downloads: $MXNET_HOME, else ~/.mxnet.

    Example:
        >>> import os
        >>> home = gluon.data.vision.datasets.data_dir()
        >>> home == os.environ.get('MXNET_HOME', os.path.expanduser('~/.mxnet'))
        True
    """
    return os.getenv("MXNET_HOME", os.path.join(os.path.expanduser("~"), ".mxnet"))


def _np_mode_arrays(data, label):
    """In np mode MXNet keeps a dataset's images and labels as mx.np arrays (a sample's label
    is then a 0-d array); otherwise the images are an NDArray and the labels numpy."""
    if not np_mode():
        return data, label
    return to_np(data), to_np(nd.array(label, dtype=label.dtype))


def _repo_file_url(namespace: str, filename: str) -> str:
    repo = os.environ.get("MXNET_GLUON_REPO",
                          "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/")
    if not repo.endswith("/"):
        repo += "/"
    return f"{repo}{namespace}/{filename}"


class MNIST(_DownloadedDataset):
    """The MNIST handwritten digits: 60,000 training and 10,000 test images, each sample
    (an NDArray (28, 28, 1) uint8, a numpy.int32 label).

    Parameters:
        root: the folder of the four .gz files (train-images-idx3-ubyte.gz...).
        train: the training set (else the test set).
        transform: a function (data, label) -> sample applied on access.

    With no network and no files, the error says where to put them:

    Example:
        >>> import os, tempfile
        >>> os.environ['MXNET_GLUON_REPO'] = 'http://127.0.0.1:9/'    # nothing listens there
        >>> gluon.data.vision.MNIST(root=tempfile.mkdtemp(), train=False)
        Traceback (most recent call last):
        ...
        ConnectionError: Could not download http://127.0.0.1:9/.../t10k-images-idx3-ubyte.gz ...
        >>> del os.environ['MXNET_GLUON_REPO']
    """

    _namespace = "mnist"
    _train_data = ("train-images-idx3-ubyte.gz", "6c95f4b05d2bf285e1bfb0e7960c31bd3b3f8a7d")
    _train_label = ("train-labels-idx1-ubyte.gz", "2a80914081dc54586dbdf242f9805a6b8d2a15fc")
    _test_data = ("t10k-images-idx3-ubyte.gz", "c3a25af1f52dad7f726cce8cacb138654b760d48")
    _test_label = ("t10k-labels-idx1-ubyte.gz", "763e7fa3757d93b0cdec073cef058b2004252c17")

    def __init__(self, root: str = os.path.join(data_dir(), "datasets", "mnist"),
                 train: bool = True, transform=None):
        self._train = train
        super().__init__(root, transform)

    def _fetch(self, name_and_sha1) -> str:
        name, sha1 = name_and_sha1
        return download(_repo_file_url(f"gluon/dataset/{self._namespace}", name),
                        path=self._root, sha1_hash=sha1)

    def _get_data(self) -> None:
        data, label = ((self._train_data, self._train_label) if self._train
                       else (self._test_data, self._test_label))
        data_file, label_file = self._fetch(data), self._fetch(label)
        with gzip.open(label_file, "rb") as fin:
            struct.unpack(">II", fin.read(8))
            label = np.frombuffer(fin.read(), dtype=np.uint8).astype(np.int32)
        with gzip.open(data_file, "rb") as fin:
            struct.unpack(">IIII", fin.read(16))
            data = np.frombuffer(fin.read(), dtype=np.uint8)
            data = data.reshape(len(label), 28, 28, 1)
        self._data, self._label = _np_mode_arrays(nd.array(data, dtype=data.dtype), label)


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST, MNIST's drop-in replacement (ten kinds of clothing): samples
    (an NDArray (28, 28, 1) uint8, a numpy.int32 label), files named as MNIST's.

    Parameters:
        root: the folder of the four .gz files.
        train: the training set (else the test set).
        transform: a function (data, label) -> sample applied on access.

    Example:
        >>> gluon.data.vision.FashionMNIST._test_data[0]      # in root, or fetched
        't10k-images-idx3-ubyte.gz'
    """

    _namespace = "fashion-mnist"
    _train_data = ("train-images-idx3-ubyte.gz", "0cf37b0d40ed5169c6b3aba31069a9770ac9043d")
    _train_label = ("train-labels-idx1-ubyte.gz", "236021d52f1e40852b06a4c3008d8de8aef1e40b")
    _test_data = ("t10k-images-idx3-ubyte.gz", "626ed6a7c06dd17c0eec72fa3be1740f146a2863")
    _test_label = ("t10k-labels-idx1-ubyte.gz", "17f9ab60e7257a1620f4ad76bbbaf857c3920701")

    def __init__(self, root: str = os.path.join(data_dir(), "datasets", "fashion-mnist"),
                 train: bool = True, transform=None):
        super().__init__(root, train, transform)


class CIFAR10(_DownloadedDataset):
    """CIFAR-10: 50,000 training and 10,000 test colour images in ten classes, each sample
    (an NDArray (32, 32, 3) uint8, a numpy.int32 label), read from the binary batches
    (data_batch_1.bin ... test_batch.bin), which are extracted from cifar-10-binary.tar.gz
    when missing.

    Parameters:
        root: the folder of the batch files.
        train: the training set (else the test set).
        transform: a function (data, label) -> sample applied on access.

    Example:
        >>> [name for name, sha1 in gluon.data.vision.CIFAR10._test_data]
        ['test_batch.bin']
    """

    _namespace = "cifar10"
    _archive_file = ("cifar-10-binary.tar.gz", "fab780a1e191a7eda0f345501ccd62d20f7ed891")
    _train_data = [("data_batch_1.bin", "aadd24acce27caa71bf4b10992e9e7b2d74c2540"),
                   ("data_batch_2.bin", "c0ba65cce70568cd57b4e03e9ac8d2a5367c1795"),
                   ("data_batch_3.bin", "1dd00a74ab1d17a6e7d73e185b69dbf31242f295"),
                   ("data_batch_4.bin", "aab85764eb3584312d3c7f65fd2fd016e36a258e"),
                   ("data_batch_5.bin", "26e2849e66a845b7f1e4614ae70f4889ae604628")]
    _test_data = [("test_batch.bin", "67eb016db431130d61cd03c7ad570b013799c88c")]
    _label_bytes = 1

    def __init__(self, root: str = os.path.join(data_dir(), "datasets", "cifar10"),
                 train: bool = True, transform=None):
        self._train = train
        super().__init__(root, transform)

    def _label_column(self) -> int:
        return 0

    def _read_batch(self, filename: str):
        with open(filename, "rb") as fin:
            data = np.frombuffer(fin.read(), dtype=np.uint8)
        data = data.reshape(-1, 3072 + self._label_bytes)
        images = data[:, self._label_bytes:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        return images, data[:, self._label_column()].astype(np.int32)

    def _get_data(self) -> None:
        files = [(os.path.join(self._root, name), sha1)
                 for name, sha1 in self._train_data + self._test_data]
        if any(not os.path.exists(path) or not check_sha1(path, sha1) for path, sha1 in files):
            name, sha1 = self._archive_file
            archive = download(_repo_file_url(f"gluon/dataset/{self._namespace}", name),
                               path=self._root, sha1_hash=sha1)
            with tarfile.open(archive) as tar:
                _extract(tar, self._root)
        data_files = self._train_data if self._train else self._test_data
        data, label = zip(*(self._read_batch(os.path.join(self._root, name))
                            for name, _ in data_files))
        data, label = np.concatenate(data), np.concatenate(label)
        self._data, self._label = _np_mode_arrays(nd.array(data, dtype=data.dtype), label)


def _extract(tar: tarfile.TarFile, root: str) -> None:
    """Extract the archive into root, as MXNet does (the batch files sit in root itself in
    MXNet's archives), refusing paths that leave root."""
    base = os.path.realpath(root)
    for member in tar.getmembers():
        target = os.path.realpath(os.path.join(root, member.name))
        if target != base and not target.startswith(base + os.sep):
            raise ValueError(f"{tar.name}: {member.name} would be written outside {root}")
    if hasattr(tarfile, "data_filter"):
        tar.extractall(root, filter="data")
    else:
        tar.extractall(root)


class CIFAR100(CIFAR10):
    """CIFAR-100: 50,000 training and 10,000 test colour images, with 20 coarse or 100 fine
    labels; samples (an NDArray (32, 32, 3) uint8, a numpy.int32 label) from train.bin and
    test.bin.

    Parameters:
        root: the folder of train.bin and test.bin.
        fine_label: the 100 fine classes (else the 20 coarse ones).
        train: the training set (else the test set).
        transform: a function (data, label) -> sample applied on access.

    Example:
        >>> gluon.data.vision.CIFAR100._archive_file[0]
        'cifar-100-binary.tar.gz'
    """

    _namespace = "cifar100"
    _archive_file = ("cifar-100-binary.tar.gz", "a0bb982c76b83111308126cc779a992fa506b90b")
    _train_data = [("train.bin", "e207cd2e05b73b1393c74c7f5e7bea451d63e08e")]
    _test_data = [("test.bin", "8fb6623e830365ff53cf14adec797474f5478006")]
    _label_bytes = 2

    def __init__(self, root: str = os.path.join(data_dir(), "datasets", "cifar100"),
                 fine_label: bool = False, train: bool = True, transform=None):
        self._fine_label = fine_label
        super().__init__(root, train, transform)

    def _label_column(self) -> int:
        return int(self._fine_label)


def image_array(buf: bytes, flag: int = 1):
    """Image bytes decoded (by Pillow) into an NDArray (H, W, 3) uint8 RGB, or (H, W, 1) gray
    for flag 0 (MXNet's mx.image.imdecode); an mx.np array in np mode.

    Example:
        >>> img = np.zeros((2, 3, 3), dtype=np.uint8); img[..., 0] = 255
        >>> png = mx.recordio.unpack(mx.recordio.pack_img((0, 0.0, 0, 0), img[..., ::-1],
        ...                                                img_fmt='.png'))[1]
        >>> x = gluon.data.vision.datasets.image_array(png); x.shape, x[0, 0].asnumpy().tolist()
        ((2, 3, 3), [255, 0, 0])
    """
    array = recordio._decode(buf, 1 if flag else 0, rgb=True)
    if array.ndim == 2:
        array = array[:, :, None]
    image = nd.array(array, dtype=np.uint8)
    return to_np(image) if np_mode() else image


class ImageRecordDataset(RecordFileDataset):
    """The images of a RecordIO file whose records pack_img made: samples (an NDArray
    (H, W, 3) uint8 RGB, the header's label).

    Parameters:
        filename: the .rec file (its .idx beside it).
        flag: 1 for colour, 0 for gray (H, W, 1).
        transform: a function (data, label) -> sample applied on access.

    Example:
        >>> import os, tempfile
        >>> rec = os.path.join(tempfile.mkdtemp(), 'img.rec')
        >>> w = mx.recordio.MXIndexedRecordIO(rec[:-4] + '.idx', rec, 'w')
        >>> w.write_idx(0, mx.recordio.pack_img((0, 7.0, 0, 0), np.zeros((4, 5, 3), 'uint8'),
        ...                                      img_fmt='.png')); w.close()
        >>> x, y = gluon.data.vision.ImageRecordDataset(rec)[0]; x.shape, y
        ((4, 5, 3), 7.0)
    """

    def __init__(self, filename: str, flag: int = 1, transform=None):
        super().__init__(filename)
        self._flag = flag
        self._transform = transform

    def __getitem__(self, idx):
        header, img = recordio.unpack(super().__getitem__(idx))
        image = image_array(img, self._flag)
        if self._transform is not None:
            return self._transform(image, header.label)
        return image, header.label


class ImageFolderDataset(Dataset):
    """The images in a folder of class folders (root/car/0001.jpg, root/bus/123.png...): samples
    (an NDArray (H, W, 3) uint8 RGB, the class's index in sorted order).

    Parameters:
        root: the folder of class folders.
        flag: 1 for colour, 0 for gray (H, W, 1).
        transform: a function (data, label) -> sample applied on access.

    Attributes:
        synsets: the class names, sorted (label i is synsets[i]).
        items: the (file, label) pairs.

    Example:
        >>> import os, tempfile
        >>> from PIL import Image
        >>> root = tempfile.mkdtemp()
        >>> for name in ('car/1.png', 'car/2.png', 'bus/1.png'):
        ...     os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
        ...     Image.new('RGB', (6, 4)).save(os.path.join(root, name))
        >>> ds = gluon.data.vision.ImageFolderDataset(root)
        >>> ds.synsets, len(ds), ds[0][0].shape, ds[0][1]
        (['bus', 'car'], 3, (4, 6, 3), 0)
    """

    def __init__(self, root: str, flag: int = 1, transform=None):
        self._root = os.path.expanduser(root)
        self._flag = flag
        self._transform = transform
        self._exts = [".jpg", ".jpeg", ".png"]
        self._list_images(self._root)

    def _list_images(self, root: str) -> None:
        self.synsets: list = []
        self.items: list = []
        for folder in sorted(os.listdir(root)):
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                warnings.warn(f"Ignoring {path}, which is not a directory.", stacklevel=3)
                continue
            label = len(self.synsets)
            self.synsets.append(folder)
            for filename in sorted(os.listdir(path)):
                filename = os.path.join(path, filename)
                ext = os.path.splitext(filename)[1]
                if ext.lower() not in self._exts:
                    warnings.warn(f"Ignoring {filename} of type {ext}. Only support "
                                  f"{', '.join(self._exts)}", stacklevel=3)
                    continue
                self.items.append((filename, label))

    def __getitem__(self, idx):
        with open(self.items[idx][0], "rb") as f:
            img = image_array(f.read(), self._flag)
        label = self.items[idx][1]
        if self._transform is not None:
            return self._transform(img, label)
        return img, label

    def __len__(self) -> int:
        return len(self.items)

"""Datasets of `gluon.data` (MXNet 1.9.1's): anything with `__getitem__` and `__len__`, and the
ways to derive one dataset from another (transform, filter, shard, take, sample).
"""
from __future__ import annotations

import os

from ndsh.engine import NDArray
from ndsh.gluon import recordio
from ndsh.gluon.data.np_mode import is_np
from ndsh.gluon.data.sampler import FilterSampler, Sampler, SequentialSampler

__all__ = ["Dataset", "SimpleDataset", "ArrayDataset", "RecordFileDataset"]


class Dataset:
    """The base of datasets: `ds[i]` is the i-th sample and `len(ds)` their number. An NDArray
    or a numpy array can be used as a dataset directly.

    Example:
        >>> class Squares(gluon.data.Dataset):
        ...     def __getitem__(self, i):
        ...         return i * i
        ...     def __len__(self):
        ...         return 5
        >>> ds = Squares().transform(lambda x: x + 1)
        >>> [ds[i] for i in range(len(ds))]
        [1, 2, 5, 10, 17]
    """

    def __getitem__(self, idx):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def filter(self, fn) -> "Dataset":
        """The samples for which fn(sample) is true (chosen once, now).

        Example:
            >>> ds = gluon.data.SimpleDataset(list(range(10))).filter(lambda x: x % 4 == 0)
            >>> [ds[i] for i in range(len(ds))]
            [0, 4, 8]
        """
        return _SampledDataset(self, FilterSampler(fn, self))

    def shard(self, num_shards: int, index: int) -> "Dataset":
        """The index-th of num_shards nearly equal, contiguous parts (the first parts one
        sample larger when they cannot be equal).

        Example:
            >>> ds = gluon.data.SimpleDataset(list(range(10)))
            >>> [[s[i] for i in range(len(s))] for s in (ds.shard(3, 0), ds.shard(3, 2))]
            [[0, 1, 2, 3], [7, 8, 9]]
        """
        assert index < num_shards, f"Shard index of out bound: {index} out of {num_shards}"
        assert num_shards > 0, "Number of shards must be greater than 0"
        assert index >= 0, "Index must be non-negative"
        length = len(self)
        shard_len, rest = divmod(length, num_shards)
        start = shard_len * index + min(index, rest)
        end = start + shard_len + (index < rest)
        return _SampledDataset(self, SequentialSampler(end - start, start))

    def take(self, count: int | None) -> "Dataset":
        """The first count samples (all of them if count is None or larger).

        Example:
            >>> len(gluon.data.SimpleDataset(list(range(10))).take(3))
            3
        """
        if count is None or count > len(self):
            count = len(self)
        return _SampledDataset(self, SequentialSampler(count))

    def sample(self, sampler: Sampler) -> "Dataset":
        """The samples a Sampler chooses, in its order.

        Example:
            >>> ds = gluon.data.SimpleDataset(list('abcde'))
            >>> s = ds.sample(gluon.data.SequentialSampler(2, start=3)); s[0], s[1]
            ('d', 'e')
        """
        if not isinstance(sampler, Sampler):
            raise TypeError(f"Invalid sampler type: {type(sampler)}. Expected "
                            f"gluon.data.Sampler instead.")
        return _SampledDataset(self, sampler)

    def transform(self, fn, lazy: bool = True) -> "Dataset":
        """Each sample passed through fn (as fn(*sample) when it is a tuple). Lazily, fn runs
        at every access (a random fn gives new values each epoch); lazy=False runs it on every
        sample now.

        Example:
            >>> ds = gluon.data.ArrayDataset([1, 2], [10, 20]).transform(lambda x, y: x + y)
            >>> ds[1]
            22
        """
        trans = _LazyTransformDataset(self, fn)
        if lazy:
            return trans
        return SimpleDataset([sample for sample in trans])

    def transform_first(self, fn, lazy: bool = True) -> "Dataset":
        """Each sample's first element passed through fn, the rest as they are (a sample that
        is not a tuple is passed whole).

        Example:
            >>> ds = gluon.data.ArrayDataset([1, 2], [10, 20]).transform_first(lambda x: -x)
            >>> ds[0]
            (-1, 10)
        """
        return self.transform(_TransformFirstClosure(fn), lazy)


class SimpleDataset(Dataset):
    """A dataset over any list-like (anything with len() and []).

    Parameters:
        data: the samples.

    Example:
        >>> ds = gluon.data.SimpleDataset(['a', 'b']); len(ds), ds[1]
        (2, 'b')
    """

    def __init__(self, data):
        self._data = data

    def __len__(self) -> int:
        return len(self._data)

    def __getitem__(self, idx):
        return self._data[idx]


class _LazyTransformDataset(Dataset):
    def __init__(self, data, fn):
        self._data = data
        self._fn = fn

    def __len__(self) -> int:
        return len(self._data)

    def __getitem__(self, idx):
        item = self._data[idx]
        if isinstance(item, tuple):
            return self._fn(*item)
        return self._fn(item)


class _TransformFirstClosure:
    """A callable object rather than a closure, so that it pickles (worker processes)."""

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, x, *args):
        if args:
            return (self._fn(x),) + args
        return self._fn(x)


class _SampledDataset(Dataset):
    def __init__(self, dataset, sampler):
        self._dataset = dataset
        self._sampler = sampler
        self._indices = list(iter(sampler))

    def __len__(self) -> int:
        return len(self._sampler)

    def __getitem__(self, idx):
        return self._dataset[self._indices[idx]]


class ArrayDataset(Dataset):
    """Samples made of the i-th elements of several arrays of the same length: (x1[i], x2[i],
    ...), or x1[i] alone with one array. A 1-D NDArray (or mx.np array) is kept as numpy (its
    elements come out as numpy scalars), as MXNet keeps it.

    Parameters:
        *args: NDArrays, numpy arrays, lists, datasets.

    Example:
        >>> ds = gluon.data.ArrayDataset(nd.arange(6).reshape((3, 2)), nd.array([0, 1, 0]))
        >>> x, y = ds[1]; x.asnumpy().tolist(), float(y), type(y).__name__
        ([2.0, 3.0], 1.0, 'float32')
    """

    def __init__(self, *args):
        assert len(args) > 0, "Needs at least 1 arrays"
        self._length = len(args[0])
        self._data = []
        for i, data in enumerate(args):
            assert len(data) == self._length, \
                f"All arrays must have the same length; array[0] has length {self._length} " \
                f"while array[{i + 1}] has {len(data)}."
            if (isinstance(data, NDArray) or is_np(data)) and len(data.shape) == 1:
                data = data.asnumpy()
            self._data.append(data)

    def __getitem__(self, idx):
        if len(self._data) == 1:
            return self._data[0][idx]
        return tuple(data[idx] for data in self._data)

    def __len__(self) -> int:
        return self._length


class RecordFileDataset(Dataset):
    """The records of a RecordIO file (MXNet's .rec, with its .idx index beside it), each
    sample the bytes of one record.

    Parameters:
        filename: the .rec file; the index is the file of the same name ending in .idx.

    Example:
        >>> import os, tempfile
        >>> rec = os.path.join(tempfile.mkdtemp(), 'data.rec')
        >>> writer = mx.recordio.MXIndexedRecordIO(rec[:-4] + '.idx', rec, 'w')
        >>> for i in range(3):
        ...     writer.write_idx(i, b'record %d' % i)
        >>> writer.close()
        >>> ds = gluon.data.RecordFileDataset(rec); len(ds), ds[2]
        (3, b'record 2')
    """

    def __init__(self, filename: str):
        self.idx_file = os.path.splitext(filename)[0] + ".idx"
        self.filename = filename
        self._record = recordio.MXIndexedRecordIO(self.idx_file, self.filename, "r")

    def __getitem__(self, idx):
        return self._record.read_idx(self._record.keys[idx])

    def __len__(self) -> int:
        return len(self._record.keys)


class _DownloadedDataset(Dataset):
    """The base of the datasets fetched into a folder (MNIST, CIFAR10...): samples are
    (data[i], label[i]), passed through transform(data, label) if given."""

    def __init__(self, root: str, transform):
        super().__init__()
        self._transform = transform
        self._data = None
        self._label = None
        root = os.path.expanduser(root)
        self._root = root
        if not os.path.isdir(root):
            os.makedirs(root)
        self._get_data()

    def __getitem__(self, idx):
        if self._transform is not None:
            return self._transform(self._data[idx], self._label[idx])
        return self._data[idx], self._label[idx]

    def __len__(self) -> int:
        return len(self._label)

    def _get_data(self):
        raise NotImplementedError

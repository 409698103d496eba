"""`mx.io.NDArrayIter`, as MXNet 1.9.1's: batches over arrays held in memory, the last batch
padded, discarded or rolled over into the next epoch.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.image.io_base import DataBatch, DataDesc, DataIter

__all__ = ["NDArrayIter"]


def _init_data(data, allow_empty: bool, default_name: str) -> list:
    assert (data is not None) or allow_empty
    if data is None:
        data = []
    if isinstance(data, (np.ndarray, NDArray)):
        data = [data]
    if isinstance(data, list):
        if not allow_empty:
            assert len(data) > 0
        if len(data) == 1:
            data = OrderedDict([(default_name, data[0])])
        else:
            data = OrderedDict([(f"_{i}_{default_name}", d) for i, d in enumerate(data)])
    if not isinstance(data, dict):
        raise TypeError("Input must be NDArray, numpy.ndarray, h5py.Dataset a list of them or "
                        "dict with them as values")
    for key, value in data.items():
        if not isinstance(value, NDArray):
            try:
                data[key] = nd.array(value)
            except Exception as error:
                raise TypeError(f"Invalid type '{type(value)}' for {key}, should be NDArray, "
                                f"numpy.ndarray or h5py.Dataset") from error
    return sorted(data.items())


class NDArrayIter(DataIter):
    """Batches over arrays (NDArrays or numpy arrays) held in memory, as MXNet's NDArrayIter.

    Parameters:
        data: an array, a list of arrays or a dict name -> array.
        label: the same for labels, or None.
        batch_size: the number of examples a batch.
        shuffle: shuffle the examples (numpy's random) at each reset.
        last_batch_handle: 'pad' (fill the last batch from the start), 'discard' or
            'roll_over' (carry the rest into the next epoch).
        data_name: the data's name when data is not a dict.
        label_name: the label's name when label is not a dict.
        layout: where the batch axis is ('NCHW': the first).

    Example:
        >>> it = mx.io.NDArrayIter(nd.arange(5), nd.arange(5), batch_size=2)
        >>> [(b.data[0].asnumpy().tolist(), b.pad) for b in it]
        [([0.0, 1.0], 0), ([2.0, 3.0], 0), ([4.0, 0.0], 1)]
    """

    def __init__(self, data, label=None, batch_size=1, shuffle=False, last_batch_handle="pad",
                 data_name="data", label_name="softmax_label", layout="NCHW"):
        super().__init__(batch_size)
        self.data = _init_data(data, allow_empty=False, default_name=data_name)
        self.label = _init_data(label, allow_empty=True, default_name=label_name)
        self.idx = np.arange(self.data[0][1].shape[0])
        self.shuffle = shuffle
        self.last_batch_handle = last_batch_handle
        self.cursor = -self.batch_size
        self.num_data = self.idx.shape[0]
        self.layout = layout
        self._cache_data = None
        self._cache_label = None
        self.reset()

    def _descs(self, source) -> list:
        axis = self.layout.find("N")
        return [DataDesc(k, tuple(v.shape[:axis]) + (self.batch_size,) + tuple(v.shape[axis + 1:]),
                         v.dtype, layout=self.layout) for k, v in source]

    @property
    def provide_data(self) -> list:
        """The data's DataDescs (name, batch shape, dtype).

        Example:
            >>> mx.io.NDArrayIter(nd.zeros((5, 3)), batch_size=2).provide_data
            [DataDesc[data,(2, 3),<class 'numpy.float32'>,NCHW]]
        """
        return self._descs(self.data)

    @property
    def provide_label(self) -> list:
        """The labels' DataDescs.

        Example:
            >>> mx.io.NDArrayIter(nd.zeros((5, 3)), nd.zeros(5), batch_size=2).provide_label
            [DataDesc[softmax_label,(2,),<class 'numpy.float32'>,NCHW]]
        """
        return self._descs(self.label)

    def hard_reset(self) -> None:
        """Go back to the start, dropping any rolled-over examples.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(3), batch_size=2); it.hard_reset(); it.cursor
            -2
        """
        if self.shuffle:
            self._shuffle_data()
        self.cursor = -self.batch_size
        self._cache_data = self._cache_label = None

    def reset(self) -> None:
        """Go back to the first batch (shuffling again if asked; rolled-over examples kept).

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(3), batch_size=2); _ = it.next(); it.reset()
            >>> it.next().data[0].asnumpy().tolist()
            [0.0, 1.0]
        """
        if self.shuffle:
            self._shuffle_data()
        if self.last_batch_handle == "roll_over" and \
                self.num_data - self.batch_size < self.cursor < self.num_data:
            self.cursor = self.cursor - self.num_data - self.batch_size
        else:
            self.cursor = -self.batch_size

    def iter_next(self) -> bool:
        """Move to the next batch; False at the end.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(3), batch_size=2)
            >>> it.iter_next(), it.iter_next(), it.iter_next()
            (True, True, False)
        """
        self.cursor += self.batch_size
        return self.cursor < self.num_data

    def next(self) -> DataBatch:
        """The next batch; StopIteration at the end.

        Example:
            >>> mx.io.NDArrayIter(nd.arange(3), batch_size=2).next().pad
            0
        """
        if not self.iter_next():
            raise StopIteration
        data, label = self.getdata(), self.getlabel()
        if data[0].shape[self.layout.find("N")] != self.batch_size:
            self._cache_data, self._cache_label = data, label
            raise StopIteration
        return DataBatch(data=data, label=label, pad=self.getpad(), index=None)

    def _getdata(self, source, start=None, end=None) -> list:
        start = 0 if start is None else start
        if end is None:
            end = source[0][1].shape[0] if source else 0
        axis = self.layout.find("N")
        return [x[1].slice_axis(axis=axis, begin=start, end=end) for x in source]

    def _concat(self, first, second) -> list:
        if not first or not second:
            return first if first else second
        axis = self.layout.find("N")
        return [nd.concat(a, b, dim=axis) for a, b in zip(first, second)]

    def _batchify(self, source) -> list:
        assert self.cursor < self.num_data, "DataIter needs reset."
        if self.last_batch_handle == "roll_over" and -self.batch_size < self.cursor < 0:
            cached = self._cache_data if self._cache_data is not None else self._cache_label
            second = self._getdata(source, end=self.cursor + self.batch_size)
            if self._cache_data is not None:
                self._cache_data = None
            else:
                self._cache_label = None
            return self._concat(cached, second)
        if self.last_batch_handle == "pad" and self.cursor + self.batch_size > self.num_data:
            pad = self.batch_size - self.num_data + self.cursor
            first = self._getdata(source, start=self.cursor)
            whole, rest = divmod(pad, self.num_data)
            second: list = []
            for _ in range(whole):
                second = self._concat(second, self._getdata(source, end=self.num_data))
            if rest:
                second = self._concat(second, self._getdata(source, end=rest))
            return self._concat(first, second)
        end = min(self.cursor + self.batch_size, self.num_data)
        return self._getdata(source, self.cursor, end)

    def getdata(self):
        """The current batch's data arrays.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(3), batch_size=2); _ = it.iter_next()
            >>> it.getdata()[0].asnumpy().tolist()
            [0.0, 1.0]
        """
        return self._batchify(self.data)

    def getlabel(self):
        """The current batch's label arrays.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(3), nd.ones(3), batch_size=2); _ = it.iter_next()
            >>> it.getlabel()[0].asnumpy().tolist()
            [1.0, 1.0]
        """
        return self._batchify(self.label)

    def getpad(self) -> int:
        """How many examples of the current batch are padding.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(3), batch_size=2)
            >>> _ = it.next(); _ = it.iter_next()
            >>> it.getpad()
            1
        """
        if self.last_batch_handle == "pad" and self.cursor + self.batch_size > self.num_data:
            return self.cursor + self.batch_size - self.num_data
        if self.last_batch_handle == "roll_over" and -self.batch_size < self.cursor < 0:
            return -self.cursor
        return 0

    def _shuffle_data(self) -> None:
        np.random.shuffle(self.idx)
        self.data = [(k, nd.array(v.asnumpy()[self.idx], v.context)) for k, v in self.data]
        self.label = [(k, nd.array(v.asnumpy()[self.idx], v.context)) for k, v in self.label]

"""The base of `mx.io` (MXNet 1.9.1's): DataDesc, DataBatch and DataIter, which NDArrayIter and
mx.image's ImageIter and ImageDetIter are built on.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

__all__ = ["DataDesc", "DataBatch", "DataIter"]


class DataDesc(namedtuple("DataDesc", ["name", "shape"])):
    """The name, shape, dtype and layout of one input or label of a data iterator.

    Parameters:
        name: the input's name.
        shape: its shape (with the batch).
        dtype: its dtype.
        layout: where the batch axis is ('NCHW': the first).

    Example:
        >>> mx.io.DataDesc('data', (2, 3))
        DataDesc[data,(2, 3),<class 'numpy.float32'>,NCHW]
    """

    def __new__(cls, name, shape, dtype=np.float32, layout="NCHW"):
        ret = super().__new__(cls, name, shape)
        ret.dtype = dtype
        ret.layout = layout
        return ret

    def __repr__(self):
        return f"DataDesc[{self.name},{self.shape},{self.dtype},{self.layout}]"

    @staticmethod
    def get_batch_axis(layout) -> int:
        """The position of the batch axis 'N' in a layout (0 for None).

        Parameters:
            layout: the layout string, e.g. 'NCHW' or 'TNC' (-1 when it has no 'N').

        Example:
            >>> mx.io.DataDesc.get_batch_axis('TNC')
            1
        """
        return 0 if layout is None else layout.find("N")

    @staticmethod
    def get_list(shapes, types) -> list:
        """DataDescs from (name, shape) pairs and, optionally, (name, dtype) pairs.

        Parameters:
            shapes: (name, shape) pairs.
            types: (name, dtype) pairs, or None.

        Example:
            >>> mx.io.DataDesc.get_list([('data', (2, 3))], None)
            [DataDesc[data,(2, 3),<class 'numpy.float32'>,NCHW]]
        """
        if types is not None:
            type_dict = dict(types)
            return [DataDesc(x[0], x[1], type_dict[x[0]]) for x in shapes]
        return [DataDesc(x[0], x[1]) for x in shapes]


class DataBatch:
    """One batch from a data iterator: lists of data and label arrays, and how many of its
    examples are padding.

    Parameters:
        data: the list of data arrays.
        label: the list of label arrays, or None.
        pad: how many examples at the end are padding.
        index: the examples' indices, or None.
        bucket_key, provide_data, provide_label: as MXNet's (for bucketing modules).

    Example:
        >>> batch = mx.io.DataBatch([nd.zeros((2, 3))], [nd.zeros((2,))], pad=0)
        >>> print(batch)
        DataBatch: data shapes: [(2, 3)] label shapes: [(2,)]
    """

    def __init__(self, data, label=None, pad=None, index=None, bucket_key=None,
                 provide_data=None, provide_label=None):
        if data is not None:
            assert isinstance(data, (list, tuple)), "Data must be list of NDArrays"
        if label is not None:
            assert isinstance(label, (list, tuple)), "Label must be list of NDArrays"
        self.data, self.label, self.pad, self.index = data, label, pad, index
        self.bucket_key = bucket_key
        self.provide_data, self.provide_label = provide_data, provide_label

    def __str__(self):
        data_shapes = [d.shape for d in self.data]
        label_shapes = [lbl.shape for lbl in self.label] if self.label else None
        return f"{self.__class__.__name__}: data shapes: {data_shapes} label shapes: " \
               f"{label_shapes}"


class DataIter:
    """The base of data iterators: `for batch in it`, `it.next()`, `it.reset()`.

    Parameters:
        batch_size: the number of examples a batch.

    Example:
        >>> class Two(mx.io.DataIter):
        ...     def __init__(self):
        ...         super().__init__(1); self.n = 0
        ...     def iter_next(self):
        ...         self.n += 1; return self.n <= 2
        ...     def getdata(self):
        ...         return [nd.array([self.n])]
        >>> [float(batch.data[0].asscalar()) for batch in Two()]
        [1.0, 2.0]
    """

    def __init__(self, batch_size: int = 0):
        self.batch_size = batch_size

    def __iter__(self):
        return self

    def reset(self) -> None:
        """Go back to the first batch.

        Example:
            >>> mx.io.DataIter().reset()
        """

    def next(self) -> DataBatch:
        """The next batch; StopIteration at the end.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(4), batch_size=2); it.next().data[0]
            <BLANKLINE>
            [0. 1.]
            <NDArray 2 @cpu(0)>
        """
        if self.iter_next():
            return DataBatch(data=self.getdata(), label=self.getlabel(), pad=self.getpad(),
                             index=self.getindex())
        raise StopIteration

    def __next__(self):
        return self.next()

    def iter_next(self) -> bool:
        """Move to the next batch; False at the end.

        Example:
            >>> mx.io.NDArrayIter(nd.arange(4), batch_size=2).iter_next()
            True
        """

    def getdata(self):
        """The current batch's data arrays.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(4), batch_size=2); _ = it.iter_next()
            >>> it.getdata()[0].shape
            (2,)
        """

    def getlabel(self):
        """The current batch's label arrays.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(2), nd.ones(2), batch_size=2); _ = it.iter_next()
            >>> it.getlabel()[0].shape
            (2,)
        """

    def getindex(self):
        """The current batch's example indices (None here).

        Example:
            >>> mx.io.DataIter().getindex() is None
            True
        """
        return None

    def getpad(self):
        """How many examples of the current batch are padding.

        Example:
            >>> it = mx.io.NDArrayIter(nd.arange(3), batch_size=2); _ = it.next()
            >>> it.next().pad
            1
        """

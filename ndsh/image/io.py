"""`mx.io`: MXNet 1.9.1's data-iterator API in Python (DataDesc, DataBatch, DataIter,
NDArrayIter), which mx.image's ImageIter and ImageDetIter are built on; MXNet's C++ iterators
(ImageRecordIter, MNISTIter...) are not part of ndsh.

Example:
    >>> it = mx.io.NDArrayIter(nd.arange(6).reshape((3, 2)), nd.arange(3), batch_size=2)
    >>> [batch.pad for batch in it]
    [0, 1]
"""
from __future__ import annotations

from ndsh.image.io_base import DataBatch, DataDesc, DataIter
from ndsh.image.ndarray_iter import NDArrayIter

__all__ = ["DataDesc", "DataBatch", "DataIter", "NDArrayIter"]

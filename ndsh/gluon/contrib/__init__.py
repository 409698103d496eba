"""`gluon.contrib` (MXNet 1.9.1's), the parts in ndsh: `contrib.nn` (Concurrent,
HybridConcurrent, Identity, PixelShuffle1D/2D/3D, SyncBatchNorm) and `contrib.data`
(IntervalSampler). MXNet's contrib.rnn, contrib.cnn, contrib.estimator and SparseEmbedding are
not here (docs/gluon.md).

Example:
    >>> from mxnet.gluon.contrib import nn as contrib_nn
    >>> contrib_nn.PixelShuffle2D(2)(nd.zeros((1, 8, 3, 5))).shape
    (1, 2, 6, 10)
"""
from __future__ import annotations

from ndsh.gluon.contrib import data, nn

__all__ = ["nn", "data"]

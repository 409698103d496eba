"""`gluon.contrib` (MXNet 1.9.1's), the parts in ndsh: `contrib.nn` (Concurrent,
HybridConcurrent, Identity, PixelShuffle1D/2D/3D, SyncBatchNorm) and `contrib.data`
(IntervalSampler), `contrib.rnn` (LSTMPCell). MXNet's contrib.cnn, contrib.estimator, the
convolutional and variational-dropout cells and SparseEmbedding are not here (docs/gluon.md).

Example:
    >>> from mxnet.gluon.contrib import nn as contrib_nn
    >>> contrib_nn.PixelShuffle2D(2)(nd.zeros((1, 8, 3, 5))).shape
    (1, 2, 6, 10)
"""
from __future__ import annotations

from ndsh.gluon.contrib import data, nn, rnn

__all__ = ["nn", "data", "rnn"]

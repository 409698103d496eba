"""`gluon.contrib.nn` (MXNet 1.9.1's): Concurrent, HybridConcurrent, Identity,
PixelShuffle1D/2D/3D and SyncBatchNorm (one device's BatchNorm). SparseEmbedding is not here:
ndsh's arrays are dense (`gluon.nn.Embedding(sparse_grad=True)` gives a dense gradient)."""
from __future__ import annotations

from ndsh.gluon.contrib.nn.basic_layers import (
    Concurrent,
    HybridConcurrent,
    Identity,
    PixelShuffle1D,
    PixelShuffle2D,
    PixelShuffle3D,
    SyncBatchNorm,
)

__all__ = ["Concurrent", "HybridConcurrent", "Identity", "PixelShuffle1D", "PixelShuffle2D",
           "PixelShuffle3D", "SyncBatchNorm"]

"""`gluon.data`: datasets, samplers and the DataLoader (MXNet 1.9.1's), and `gluon.data.vision`
(image datasets and transforms).

Example:
    >>> ds = gluon.data.ArrayDataset(nd.arange(6).reshape((3, 2)), [0, 1, 2])
    >>> [y.asnumpy().tolist() for x, y in gluon.data.DataLoader(ds, batch_size=2)]
    [[0, 1], [2]]
"""
from __future__ import annotations

import importlib

from ndsh.gluon.data.dataloader import DataLoader
from ndsh.gluon.data.dataset import ArrayDataset, Dataset, RecordFileDataset, SimpleDataset
from ndsh.gluon.data.sampler import (
    BatchSampler,
    FilterSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
)

__all__ = ["ArrayDataset", "BatchSampler", "DataLoader", "Dataset", "FilterSampler",
           "RandomSampler", "RecordFileDataset", "Sampler", "SequentialSampler",
           "SimpleDataset", "vision"]


def __getattr__(name: str):
    if name == "vision":        # loaded on first use (its transforms are Blocks)
        return importlib.import_module("ndsh.gluon.data.vision")
    raise AttributeError(f"module 'gluon.data' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The loaded names and `vision`, which loads on first use (so completion offers it)."""
    return sorted(set(globals()) | set(__all__))

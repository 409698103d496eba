"""`gluon.data.vision`: MNIST, FashionMNIST, CIFAR10, CIFAR100, ImageRecordDataset,
ImageFolderDataset and `vision.transforms` (MXNet 1.9.1's).

Example:
    >>> gluon.data.vision.MNIST._train_label[0]
    'train-labels-idx1-ubyte.gz'
"""
from __future__ import annotations

import importlib

from ndsh.gluon.data.vision.datasets import (
    CIFAR10,
    CIFAR100,
    MNIST,
    FashionMNIST,
    ImageFolderDataset,
    ImageRecordDataset,
)

__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageRecordDataset",
           "ImageFolderDataset", "transforms"]


def __getattr__(name: str):
    if name == "transforms":
        return importlib.import_module("ndsh.gluon.data.vision.transforms")
    raise AttributeError(f"module 'gluon.data.vision' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The loaded names and `transforms`, which loads on first use (so completion offers it)."""
    return sorted(set(globals()) | set(__all__))

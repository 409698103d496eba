"""Samplers of `gluon.data`: which sample indices a DataLoader reads, in which order, and how
they are grouped into batches (MXNet 1.9.1's)."""
from __future__ import annotations

import numpy as np

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "FilterSampler", "BatchSampler"]

LAST_BATCH = ("keep", "discard", "rollover")


class Sampler:
    """The base of samplers: iterating gives indices (or batches of them); len() counts them.

    Example:
        >>> class Evens(gluon.data.Sampler):
        ...     def __init__(self, n):
        ...         self.n = n
        ...     def __iter__(self):
        ...         return iter(range(0, self.n, 2))
        ...     def __len__(self):
        ...         return (self.n + 1) // 2
        >>> list(Evens(7)), len(Evens(7))
        ([0, 2, 4, 6], 4)
    """

    def __iter__(self):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """The indices start, start + 1, ..., start + length - 1, in order.

    Parameters:
        length: how many indices.
        start: the first index.

    Example:
        >>> list(gluon.data.SequentialSampler(4, start=2))
        [2, 3, 4, 5]
    """

    def __init__(self, length: int, start: int = 0):
        self._length = length
        self._start = start

    def __iter__(self):
        return iter(range(self._start, self._start + self._length))

    def __len__(self) -> int:
        return self._length


class RandomSampler(Sampler):
    """The indices 0 ... length - 1 in a new random order at each pass (numpy's global random
    generator, as MXNet: np.random.seed makes it repeatable).

    Parameters:
        length: how many indices.

    Example:
        >>> np.random.seed(0); [int(i) for i in gluon.data.RandomSampler(5)]
        [2, 0, 1, 3, 4]
    """

    def __init__(self, length: int):
        self._length = length

    def __iter__(self):
        indices = np.arange(self._length)
        np.random.shuffle(indices)
        return iter(indices)

    def __len__(self) -> int:
        return self._length


class FilterSampler(Sampler):
    """The indices of the samples of a dataset for which fn returns True.

    Parameters:
        fn: a function of one sample, returning whether to keep it.
        dataset: the dataset (read once, when the sampler is made).

    Example:
        >>> list(gluon.data.FilterSampler(lambda x: x % 3 == 0, list(range(10))))
        [0, 3, 6, 9]
    """

    def __init__(self, fn, dataset):
        self._fn = fn
        self._dataset = dataset
        self._indices = [i for i, sample in enumerate(dataset) if fn(sample)]

    def __iter__(self):
        return iter(self._indices)

    def __len__(self) -> int:
        return len(self._indices)


class BatchSampler(Sampler):
    """Groups another sampler's indices into lists of batch_size.

    Parameters:
        sampler: the sampler of single indices.
        batch_size: the size of a batch.
        last_batch: what to do with a last, smaller batch: 'keep' it, 'discard' it, or
            'rollover' (put its indices at the start of the next pass; len() does not count
            them until then).

    Example:
        >>> list(gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 3, 'keep'))
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    """

    def __init__(self, sampler, batch_size: int, last_batch: str = "keep"):
        self._sampler = sampler
        self._batch_size = batch_size
        self._last_batch = last_batch
        self._prev: list = []

    def __iter__(self):
        batch, self._prev = self._prev, []
        for i in self._sampler:
            batch.append(i)
            if len(batch) == self._batch_size:
                yield batch
                batch = []
        if batch:
            if self._last_batch == "keep":
                yield batch
            elif self._last_batch == "rollover":
                self._prev = batch
            elif self._last_batch != "discard":
                raise ValueError(_bad_last_batch(self._last_batch))

    def __len__(self) -> int:
        if self._last_batch == "keep":
            return (len(self._sampler) + self._batch_size - 1) // self._batch_size
        if self._last_batch == "discard":
            return len(self._sampler) // self._batch_size
        if self._last_batch == "rollover":
            return (len(self._prev) + len(self._sampler)) // self._batch_size
        raise ValueError(_bad_last_batch(self._last_batch))


def _bad_last_batch(value) -> str:
    return f"last_batch must be one of 'keep', 'discard', or 'rollover', but got {value}"

"""`gluon.data.DataLoader`: mini-batches from a dataset, in order, loaded in the caller's
process or by a pool of worker processes (or threads), as MXNet 1.9.1's.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.pool

import numpy as np

from ndsh.engine import NDArray, context, nd
from ndsh.gluon.data import sampler as _sampler
from ndsh.gluon.data.np_mode import is_np, np_mode, to_nd, to_np
from ndsh.gluon.data.workers import WorkerPool

__all__ = ["DataLoader", "default_batchify_fn", "default_mp_batchify_fn"]


def default_batchify_fn(data: list):
    """Stack a list of samples into a batch: NDArrays with nd.stack, tuples element by
    element (a list of batches), anything else through numpy, keeping its dtype (Python ints
    give int64, floats float64). In np mode (after `npx.set_np()`) and for samples that are
    mx.np arrays, the batches are mx.np arrays, as MXNet's are.

    Example:
        >>> batch = gluon.data.dataloader.default_batchify_fn([(1, 0.5), (2, 1.5)])
        >>> [(b.asnumpy().tolist(), b.dtype.__name__) for b in batch]
        [([1, 2], 'int64'), ([0.5, 1.5], 'float64')]
    """
    first = data[0]
    if isinstance(first, tuple):
        return [default_batchify_fn(list(column)) for column in zip(*data)]
    if isinstance(first, NDArray) or is_np(first):
        # MXNet's np mode refuses legacy NDArray samples (np.stack takes np arrays only);
        # ndsh stacks them and gives the np batch the mode asks for
        batch = nd.stack(*to_nd(data))
        return to_np(batch) if is_np(first) or np_mode() else batch
    data = np.asarray(data)
    batch = nd.array(data, dtype=data.dtype)
    return to_np(batch) if np_mode() else batch


# MXNet stacks into shared memory for its worker processes; ndsh's workers send batches back
# pickled, so the two are the same function
default_mp_batchify_fn = default_batchify_fn


def _as_in_context(data, ctx):
    if isinstance(data, NDArray) or is_np(data):
        return data.as_in_context(ctx)
    if isinstance(data, (list, tuple)):
        return [_as_in_context(d, ctx) for d in data]
    return data


class _MultiWorkerIter:
    """Hands batches of indices to the pool `prefetch` ahead and returns the results in the
    order of the batches."""

    def __init__(self, worker_pool, batch_sampler, pin_memory=False, pin_device_id=0,
                 prefetch=0, timeout=120):
        self._worker_pool = worker_pool
        self._batch_sampler = batch_sampler
        self._data_buffer: dict = {}
        self._rcvd_idx = 0
        self._sent_idx = 0
        self._iter = iter(self._batch_sampler)
        self._pin_memory = pin_memory
        self._pin_device_id = pin_device_id
        self._timeout = timeout
        for _ in range(prefetch):
            self._push_next()

    def __len__(self) -> int:
        return len(self._batch_sampler)

    def _push_next(self) -> None:
        indices = next(self._iter, None)
        if indices is None:
            return
        self._data_buffer[self._sent_idx] = self._worker_pool.submit(indices)
        self._sent_idx += 1

    def __next__(self):
        self._push_next()
        if self._rcvd_idx == self._sent_idx:
            assert not self._data_buffer, "Data buffer should be empty at this moment"
            raise StopIteration
        job = self._data_buffer.pop(self._rcvd_idx)
        try:
            batch = self._worker_pool.result(job, self._timeout)
        except multiprocessing.TimeoutError:
            print(f"Worker timed out after {self._timeout} seconds. This might be caused by a "
                  f"slow transform: increase timeout= to allow slower data loading in each "
                  f"worker.")
            raise
        if self._pin_memory:
            batch = _as_in_context(batch, context.cpu_pinned(self._pin_device_id))
        self._rcvd_idx += 1
        return batch

    next = __next__

    def __iter__(self):
        return self


class DataLoader:
    """Loads mini-batches from a dataset: each batch the samples of one batch of indices,
    stacked by batchify_fn.

    Parameters:
        dataset: the dataset (an NDArray or numpy array works too).
        batch_size: the size of a batch (required unless batch_sampler is given).
        shuffle: a new random order each epoch (numpy's global generator).
        sampler: the order of the indices (not with shuffle).
        last_batch: 'keep' (default), 'discard' or 'rollover' for a last, smaller batch.
        batch_sampler: gives the batches of indices itself (then none of batch_size,
            shuffle, sampler, last_batch).
        batchify_fn: stacks a list of samples into a batch (default_batchify_fn).
        num_workers: load with that many worker processes (0: in this process); the batches
            come back in order. Workers are forked, so the dataset and batchify_fn need not
            pickle; the batches they make are pickled back.
        pin_memory: put the batches on cpu_pinned(pin_device_id).
        prefetch: how many batches the workers run ahead (2 * num_workers by default).
        thread_pool: use threads rather than processes.
        timeout: seconds to wait for a worker's batch.
        auto_reload: start loading the next epoch as soon as one ends.

    Example:
        >>> ds = gluon.data.ArrayDataset(nd.arange(10).reshape((5, 2)), list(range(5)))
        >>> for x, y in gluon.data.DataLoader(ds, batch_size=2, last_batch='discard'):
        ...     print(x.shape, y.asnumpy().tolist(), y.dtype.__name__)
        (2, 2) [0, 1] int64
        (2, 2) [2, 3] int64
    """

    def __init__(self, dataset, batch_size: int | None = None, shuffle: bool = False,
                 sampler=None, last_batch: str | None = None, batch_sampler=None,
                 batchify_fn=None, num_workers: int = 0, pin_memory: bool = False,
                 pin_device_id: int = 0, prefetch: int | None = None,
                 thread_pool: bool = False, timeout: int = 120, auto_reload: bool = False):
        self._dataset = dataset
        self._pin_memory = pin_memory
        self._pin_device_id = pin_device_id
        self._thread_pool = thread_pool
        self._timeout = timeout
        self._worker_pool = None
        assert timeout > 0, f"timeout must be positive, given {timeout}"
        if batch_sampler is None:
            if batch_size is None:
                raise ValueError("batch_size must be specified unless batch_sampler is "
                                 "specified")
            if sampler is None:
                sampler = (_sampler.RandomSampler(len(dataset)) if shuffle
                           else _sampler.SequentialSampler(len(dataset)))
            elif shuffle:
                raise ValueError("shuffle must not be specified if sampler is specified")
            batch_sampler = _sampler.BatchSampler(sampler, batch_size,
                                                  last_batch if last_batch else "keep")
        elif batch_size is not None or shuffle or sampler is not None \
                or last_batch is not None:
            raise ValueError("batch_size, shuffle, sampler and last_batch must not be "
                             "specified if batch_sampler is specified.")
        self._batch_sampler = batch_sampler
        self._num_workers = num_workers if num_workers >= 0 else 0
        self._prefetch = max(0, int(prefetch) if prefetch is not None
                             else 2 * self._num_workers)
        if batchify_fn is None:
            batchify_fn = default_mp_batchify_fn if num_workers > 0 else default_batchify_fn
        self._batchify_fn = batchify_fn
        if self._num_workers > 0:
            self._worker_pool = WorkerPool(self._num_workers, self._dataset,
                                           self._batchify_fn, self._thread_pool)
        self.auto_reload = auto_reload
        self._iter = None
        if self.auto_reload:
            self.refresh()

    def __iter__(self):
        if self._iter is None:
            self.refresh()
        batches = self._iter
        self._iter = None       # one prefetched iterator serves one loop
        yield from batches
        if self._iter is None and self.auto_reload:
            self.refresh()

    def _prefetch_iter(self):
        if self._num_workers == 0:
            def same_process_iter():
                for batch in self._batch_sampler:
                    ret = self._batchify_fn([self._dataset[idx] for idx in batch])
                    if self._pin_memory:
                        ret = _as_in_context(ret, context.cpu_pinned(self._pin_device_id))
                    yield ret
            return same_process_iter()
        return _MultiWorkerIter(self._worker_pool, self._batch_sampler,
                                pin_memory=self._pin_memory, pin_device_id=self._pin_device_id,
                                prefetch=self._prefetch, timeout=self._timeout)

    def __len__(self) -> int:
        return len(self._batch_sampler)

    def __del__(self):
        pool = getattr(self, "_worker_pool", None)
        if pool is not None:
            pool.close()

    def refresh(self) -> None:
        """Start loading an epoch now (workers begin on its first batches)."""
        self._iter = self._prefetch_iter()

    def clean(self) -> None:
        """Drop the epoch loaded ahead; the next loop starts loading afresh."""
        self._iter = None

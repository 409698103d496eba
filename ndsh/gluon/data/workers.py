"""The worker pool of a DataLoader with num_workers > 0: forked processes (or threads) that
load and batchify samples, and a shutdown that cannot hang.

A worker does not send a large batch back through the pool's result pipe: it writes the
pickled batch into a file of the loader's own folder in shared memory (/dev/shm where there is
one with room, else the temporary folder) and sends the file's name, as MXNet's workers send
handles to shared memory; a batch the folder has no room for goes through the pipe. Through the
pipe, a batch larger than the pipe's buffer kept the writing worker inside the pipe's write
lock until the parent read it; `Pool.terminate()` (a DataLoader deleted before its epoch ended)
stops reading first and then takes that lock, and waited forever. With only short messages in
the pipe no worker is ever blocked writing, and the folder goes with the pool.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import pickle
import random
import shutil
import signal
import tempfile
import weakref

import numpy as np

from ndsh.engine import nd

__all__ = ["WorkerPool"]

# a batch whose pickle is at most this many bytes travels through the pipe itself
_INLINE_BYTES = 2048
# /dev/shm is used when it has at least this much room
_SHM_ROOM = 1 << 30

_PREFIX = "ndsh-dataloader-"

_worker_dataset = None
_worker_batchify = None
_worker_folder = None


def _worker_initializer(dataset, batchify_fn, folder: str, seed: int) -> None:
    """Runs once in each worker process: the dataset and batchify_fn arrive by fork, so
    neither needs to pickle (lambdas and closures work). Each worker reseeds the random
    generators it inherited, so that workers do not draw the same random transforms."""
    global _worker_dataset, _worker_batchify, _worker_folder
    _worker_dataset, _worker_batchify, _worker_folder = dataset, batchify_fn, folder
    worker_seed = (seed + os.getpid()) % (1 << 31)
    random.seed(worker_seed)
    np.random.seed(worker_seed)
    nd.random.seed(worker_seed)


def _worker_fn(samples):
    batch = _worker_batchify([_worker_dataset[i] for i in samples])
    payload = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
    if len(payload) <= _INLINE_BYTES:
        return payload
    path = None
    try:
        fd, path = tempfile.mkstemp(dir=_worker_folder, suffix=".batch")
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
    except OSError:                 # the folder is full (a small /dev/shm): through the pipe
        if path is not None:
            os.unlink(path)
        return payload
    return os.path.basename(path)


def _thread_worker_fn(samples, batchify_fn, dataset):
    return batchify_fn([dataset[i] for i in samples])


def _process_context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _shared_folder() -> str:
    """A new folder for one pool's batches, named after this process; folders left by
    processes that no longer run (killed before their exit handlers ran) are removed."""
    base = _base_folder()
    for name in os.listdir(base):
        if name.startswith(_PREFIX) and not _running(name[len(_PREFIX):].split("-")[0]):
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=base)


def _base_folder() -> str:
    """/dev/shm (memory) when it is there with room (containers often give it 64 MiB), else
    the temporary folder."""
    shm = "/dev/shm"
    try:
        stats = os.statvfs(shm)
        roomy = stats.f_bavail * stats.f_frsize >= _SHM_ROOM
    except (OSError, AttributeError):
        roomy = False
    return shm if roomy and os.access(shm, os.W_OK) else tempfile.gettempdir()


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:         # another user's process
        return True
    return True


def _shut_down(pool, folder: str | None) -> None:
    """Stop the workers and remove the batches' folder; safe to call at interpreter exit."""
    try:
        pool.terminate()
        pool.join()
    except Exception:        # noqa: BLE001  (at exit the pool's modules may be half gone)
        pass
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


class WorkerPool:
    """num_workers processes (forked, so the dataset and batchify_fn need not pickle) or
    threads; `submit(indices)` starts loading one batch, `result(job, timeout)` returns it.
    The pool ends with `close()`, when it is garbage-collected, or at interpreter exit.

    Example:
        >>> from ndsh.gluon.data.workers import WorkerPool
        >>> pool = WorkerPool(2, list(range(10)), lambda samples: sum(samples))
        >>> jobs = [pool.submit([1, 2, 3]), pool.submit(range(10))]
        >>> [pool.result(job, 10) for job in jobs]
        [6, 45]
        >>> pool.close()
    """

    def __init__(self, num_workers: int, dataset, batchify_fn, thread_pool: bool = False):
        self._dataset = dataset
        self._batchify_fn = batchify_fn
        self._threads = thread_pool
        self._folder = None
        if thread_pool:
            self._pool = multiprocessing.pool.ThreadPool(num_workers)
        else:
            self._folder = _shared_folder()
            # the workers ignore Ctrl-C: the caller's process handles it and ends them
            handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                self._pool = _process_context().Pool(
                    num_workers, initializer=_worker_initializer,
                    initargs=(dataset, batchify_fn, self._folder,
                              int.from_bytes(os.urandom(4), "little")))
            finally:
                signal.signal(signal.SIGINT, handler)
        # runs once: at close(), when the pool is collected, or at exit (before
        # multiprocessing's own exit handler, so with the pool's threads still running)
        self._finalizer = weakref.finalize(self, _shut_down, self._pool, self._folder)

    def submit(self, indices):
        """Start loading the batch of these sample indices; returns the job."""
        if self._threads:
            return self._pool.apply_async(_thread_worker_fn,
                                          (indices, self._batchify_fn, self._dataset))
        return self._pool.apply_async(_worker_fn, (list(indices),))

    def result(self, job, timeout: float):
        """The batch of a job, waiting at most timeout seconds (multiprocessing.TimeoutError
        after that); a worker's exception is raised here."""
        value = job.get(timeout)
        if self._threads:
            return value
        if isinstance(value, bytes):
            return pickle.loads(value)
        path = os.path.join(self._folder, value)
        try:
            with open(path, "rb") as f:
                return pickle.loads(f.read())
        finally:
            os.unlink(path)

    def close(self) -> None:
        """Stop the workers now (batches still loading are dropped)."""
        self._finalizer()

"""A DataLoader's worker pool shuts down cleanly: deleted in the middle of an epoch whose
batches are larger than a pipe's buffer (MXNet 1.9.1's test_multi_worker_dataloader_release_pool
hung in Pool.terminate() there: a worker blocked writing a batch held the result pipe's lock),
or left running at interpreter exit, it ends its workers, prints nothing, and leaves no file.
Each case runs in a subprocess with a time limit, so a hang fails the test instead of the suite.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np

from ndsh.gluon.data import DataLoader, workers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = textwrap.dedent("""
    import os
    import numpy as np
    from ndsh.gluon.data import DataLoader
    A = np.random.rand(160, 2000)          # a batch of 8 rows: 128 KB, over a pipe's 64 KB
    for _ in range(4):
        loader = DataLoader(A, batch_size=8, num_workers=4)
        batches = iter(loader)
        assert next(batches).shape == (8, 2000)
        folder = loader._worker_pool._folder
        del batches, loader
        assert not os.path.exists(folder), folder
    loader = DataLoader(A, batch_size=8, num_workers=2)     # still loading at exit
    batches = iter(loader)
    next(batches)
    print(loader._worker_pool._folder)
""")


def test_deleted_mid_epoch_and_alive_at_exit_end_cleanly():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""                     # no "Exception ignored", no worker traceback
    folder = done.stdout.strip()
    assert folder and not os.path.exists(folder)


def test_large_and_small_batches_come_back_whole_and_in_order():
    data = np.arange(40 * 3000, dtype=np.float32).reshape(40, 3000)
    big = [b.asnumpy() for b in DataLoader(data, batch_size=10, num_workers=2)]
    assert np.array_equal(np.concatenate(big), data)
    small = [b.asnumpy().tolist() for b in DataLoader(list(range(6)), batch_size=4,
                                                       num_workers=2)]
    assert small == [[0, 1, 2, 3], [4, 5]]


def test_a_folder_left_by_a_killed_process_is_removed():
    base = workers._base_folder()
    stale = os.path.join(base, f"{workers._PREFIX}999999999-test")
    os.makedirs(stale, exist_ok=True)
    loader = DataLoader(list(range(4)), batch_size=2, num_workers=1)
    try:
        assert not os.path.exists(stale)
        assert os.path.basename(loader._worker_pool._folder).startswith(
            f"{workers._PREFIX}{os.getpid()}-")
    finally:
        loader._worker_pool.close()
    assert not os.path.exists(loader._worker_pool._folder)


def test_worker_pool_example():
    import doctest
    result = doctest.testmod(workers)
    assert result.attempted > 0 and result.failed == 0


def test_a_batch_the_folder_has_no_room_for_goes_through_the_pipe(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "_worker_dataset", np.ones((4, 1000)))
    monkeypatch.setattr(workers, "_worker_batchify", lambda samples: np.stack(samples))
    monkeypatch.setattr(workers, "_worker_folder", str(tmp_path / "gone"))   # cannot write
    payload = workers._worker_fn([0, 1])
    assert isinstance(payload, bytes) and len(payload) > workers._INLINE_BYTES
    monkeypatch.setattr(workers, "_worker_folder", str(tmp_path))
    name = workers._worker_fn([0, 1])
    assert isinstance(name, str) and (tmp_path / name).stat().st_size == len(payload)

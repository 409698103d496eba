"""The dask(0) context on a real cluster: a `dask scheduler` and two `dask worker` processes
from the venv, on 127.0.0.1 only, started here and stopped afterwards. Each ndsh program runs
in its own process with NDSH_DASK_SCHEDULER naming the cluster (dask is loaded, and the
cluster connected, once per process)."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
DASK_CLI = Path(sys.executable).with_name("dask")
WORKER_MEMORY = "300MB"


def _start(args, log):
    # a task that kills its worker fails at once (KilledWorker) instead of killing the next
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    return subprocess.Popen([str(DASK_CLI), *args], stdout=log, stderr=subprocess.STDOUT,
                            cwd=ROOT, start_new_session=True, env=env)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(scheduler file, the two worker addresses) of a scheduler and two 1-thread workers
    limited to 300 MB each (each under a nanny, which restarts a worker that dies)."""
    if not DASK_CLI.exists() and shutil.which("dask") is None:
        pytest.skip("the dask command is not installed")
    tmp = tmp_path_factory.mktemp("cluster")
    scheduler_file = tmp / "scheduler.json"
    log = open(tmp / "cluster.log", "w")
    processes = [_start(["scheduler", "--host", "127.0.0.1", "--port", "0",
                         "--no-dashboard", "--scheduler-file", str(scheduler_file)], log)]
    try:
        for _ in range(2):
            processes.append(_start(
                ["worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1",
                 "--nthreads", "1", "--memory-limit", WORKER_MEMORY, "--no-dashboard"], log))
        with distributed.Client(scheduler_file=str(scheduler_file), timeout=30) as client:
            client.wait_for_workers(2, timeout=30)
            workers = sorted(client.scheduler_info()["workers"])
        yield scheduler_file, workers
    finally:
        for process in processes:
            os.killpg(process.pid, 15)       # the worker and its nanny
        deadline = time.time() + 3       # a worker may wait for its scheduler: then kill it
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait()
        log.close()


def run_ndsh(code: str, **env) -> dict:
    """Run `code` in a fresh Python with ndsh and the given environment; it prints one JSON
    line last, which is returned."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=full_env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


LINEAR_REGRESSION = """
    import json, numpy as np
    from ndsh import nd, autograd

    def train(ctx, steps=4, n=200_000, lr=0.1):
        nd.random.seed(1)
        true_w = nd.arange(1, 9).reshape((8, 1)) / 4
        X = nd.random.normal(0, 1, shape=(n, 8))
        y = nd.dot(X, true_w) + 4.2 + nd.random.normal(0, 0.01, shape=(n, 1))
        w = nd.random.normal(0, 0.01, shape=(8, 1))
        b = nd.zeros((1,))
        X, y, w, b = (v.as_in_context(ctx) for v in (X, y, w, b))
        nd.waitall()                         # the data persisted on the workers
        for p in (w, b):
            p.attach_grad()
        losses = []
        for _ in range(steps):               # d2l's linreg, squared_loss and sgd, full batch
            with autograd.record():
                l = ((nd.dot(X, w) + b - y) ** 2 / 2)
            l.backward()
            for p in (w, b):
                p[:] = p - lr * p.grad / n
            losses.append(float(l.mean().asscalar()))
        return w.asnumpy(), b.asnumpy(), losses, X

    w_cpu, b_cpu, l_cpu, _ = train(nd.cpu())
    w_dask, b_dask, l_dask, X = train(nd.dask())
    graph = len(X._data.__dask_graph__())
    print(json.dumps({"w": np.abs(w_cpu - w_dask).max().item(),
                      "b": np.abs(b_cpu - b_dask).max().item(),
                      "loss": [l_cpu[-1], l_dask[-1]], "chunks": X._data.npartitions,
                      "x_graph": graph, "context": str(X.context)}))
"""


def test_linear_regression_matches_cpu_with_tasks_on_both_workers(cluster):
    scheduler_file, workers = cluster
    with distributed.Client(scheduler_file=str(scheduler_file), timeout=30) as client:
        before = client.run(lambda dask_worker: dask_worker.state.executed_count)
        result = run_ndsh(LINEAR_REGRESSION, NDSH_DASK_SCHEDULER=str(scheduler_file),
                          DASK_ARRAY__CHUNK_SIZE="1MiB")
        after = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert result["context"] == "dask(0)"
    assert result["chunks"] >= 4                  # 6.4 MB of features in 1 MiB chunks
    assert result["x_graph"] == result["chunks"]  # persisted: one stored piece per chunk
    assert result["w"] < 1e-4 and result["b"] < 1e-4, result
    assert result["loss"][1] == pytest.approx(result["loss"][0], rel=1e-4)
    assert all(after[w] - before[w] > 10 for w in workers), (before, after)


LARGER_THAN_A_WORKER = """
    import json, resource
    from ndsh import nd
    n = 200_000_000                       # 800 MB of float32, made lazily by dask
    x = nd.ones((n,), ctx=nd.dask())
    total = ((x * 3 - 1) / 2).sum().asscalar()
    nd.random.seed(5)                     # 100 MB of draws, made on the workers chunk by chunk
    mean = nd.random.uniform(-1, 3, shape=(25_000_000,), ctx=nd.dask()).mean().asscalar()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"total": float(total), "nbytes": x.size * 4, "peak_mb": peak_mb,
                      "mean": float(mean)}))
"""


def test_a_reduction_over_an_array_larger_than_a_worker_runs_chunk_by_chunk(cluster):
    scheduler_file, _ = cluster
    result = run_ndsh(LARGER_THAN_A_WORKER, NDSH_DASK_SCHEDULER=str(scheduler_file),
                      DASK_ARRAY__CHUNK_SIZE="16MiB")
    assert result["nbytes"] == 800_000_000        # more than twice a worker's 300 MB
    assert result["total"] == pytest.approx(200_000_000, rel=1e-6)
    assert result["mean"] == pytest.approx(1.0, abs=1e-3)     # uniform(-1, 3) drawn lazily
    assert result["peak_mb"] < 300, result        # nothing of it came to this process


def test_an_unreachable_scheduler_is_named_within_30_seconds():
    with socket.socket() as s:                   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    code = """
        import json, time
        from ndsh import nd
        start = time.time()
        try:
            nd.ones((2,), ctx=nd.dask())
        except Exception as error:
            print(json.dumps({"type": type(error).__name__, "message": str(error),
                              "seconds": time.time() - start}))
    """
    start = time.time()
    result = run_ndsh(code, NDSH_DASK_SCHEDULER=address, NDSH_DASK_CONNECT_TIMEOUT="3")
    assert time.time() - start < 30
    assert result["type"] == "DeviceUnavailable"
    assert address in result["message"] and "dask scheduler" in result["message"]


A_WORKER_DIES = """
    import json, os
    from ndsh import nd
    from ndsh.engine.backend import WorkerLost
    x = nd.ones((4,), ctx=nd.dask())
    die = lambda block: os._exit(1) if block.size else block   # noqa: E731 (not on meta)
    x._data = x._data.map_blocks(die, dtype=x._data.dtype)
    try:
        x.asnumpy()
        message = None
    except WorkerLost as error:
        message = str(error)
    after = float((nd.ones((3,), ctx=nd.dask()) * 2).sum().asscalar())
    print(json.dumps({"message": message, "after": after}))
"""


def test_a_worker_dying_mid_computation_is_reported_and_the_session_goes_on(cluster):
    scheduler_file, _ = cluster             # the last test of the module: it kills a worker
    result = run_ndsh(A_WORKER_DIES, NDSH_DASK_SCHEDULER=str(scheduler_file))
    message = result["message"]
    assert message is not None and "worker died" in message and "shape (4,)" in message
    assert "KilledWorker" in message and "stays usable" in message
    assert result["after"] == 6.0

#!/usr/bin/env python
"""The Dask backend against cpu(0): scripts/bench.py's workload 6, `(x * 2 + 1).exp().sum()`
on 10M float32 elements with backward, on dask(0)'s embedded local scheduler (threads) and on
cpu(0). A benchmark, not a test: it prints the medians of wall and CPU time (every thread of
the process) and their ratios (issue 21's target: dask within 2x of cpu(0)), and exits
non-zero only when the two disagree.

    python scripts/bench_dask.py                  # dask's auto chunks (128 MiB: one chunk)
    DASK_ARRAY__CHUNK_SIZE=8MiB python scripts/bench_dask.py      # 5 chunks over the threads
    python scripts/bench_dask.py --n 1000000 --samples 3           # quicker
    python scripts/bench_dask.py --reduction      # sum over 2x the free memory, peak RSS

`--reduction` sums an array of twice the machine's available memory (float32 ones made lazily
by dask, chunk by chunk) on the local scheduler and reports the time and the process's peak RSS
(issue 21's target: under 1 GB).

A dask step ends with `nd.waitall()`, which computes the loss and the gradient in one dask call
and keeps them: without it nothing would run (dask is lazy).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_step(nd, autograd, ctx, host):
    x = nd.array(host, ctx=ctx)
    x.attach_grad()
    nd.waitall()
    out = {}

    def step():
        with autograd.record():
            s = (x * 2 + 1).exp().sum()
        s.backward()
        nd.waitall()            # cpu(0): nothing pending; dask(0): computes s and x.grad
        out["s"] = s

    return step, lambda: (out["s"].asscalar(), x.grad.asnumpy())


def median_ms(step, samples: int) -> tuple[float, float]:
    """(wall, CPU) medians in ms. CPU time counts every thread of the process (dask's local
    scheduler's too): on a shared, loaded machine it is the steadier of the two."""
    step()                      # warm up (and load dask)
    walls, cpus = [], []
    for _ in range(samples):
        start, start_cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return 1e3 * statistics.median(walls), 1e3 * statistics.median(cpus)


def available_bytes() -> int:
    """MemAvailable from /proc/meminfo (Linux)."""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no MemAvailable in /proc/meminfo")


def reduction() -> int:
    import resource

    from ndsh import nd
    n = 2 * available_bytes() // 4
    start = time.perf_counter()
    # `* 2 - 1` makes every chunk a real array (dask's ones are zero-stride views)
    total = (nd.ones((n,), ctx=nd.dask()) * 2 - 1).sum().asscalar()
    seconds = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20
    verdict = "PASS" if peak_gb < 1e9 / 2 ** 30 else "MISS"
    print(f"(ones * 2 - 1).sum() over {n:,} float32 ({4 * n / 2 ** 30:.1f} GiB, 2x the "
          f"available memory) on dask(0)'s local scheduler: {seconds:.1f} s, "
          f"peak RSS {peak_gb:.2f} GiB (target: under 1 GB) {verdict}")
    if abs(float(total) - n) > 1e-5 * n:
        print(f"wrong sum: {float(total)} for {n}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--reduction", action="store_true",
                        help="sum over twice the available memory instead")
    args = parser.parse_args()
    if args.reduction:
        return reduction()
    from ndsh import autograd, nd
    host = np.random.default_rng(6).standard_normal(args.n, dtype=np.float32) * np.float32(0.5)
    results, times = {}, {}
    for ctx in (nd.cpu(), nd.dask()):
        step, result = make_step(nd, autograd, ctx, host)
        times[str(ctx)] = median_ms(step, args.samples)
        results[str(ctx)] = result()
    (s_cpu, g_cpu), (s_dask, g_dask) = results["cpu(0)"], results["dask(0)"]
    ok = np.isclose(s_cpu, s_dask, rtol=1e-4) and np.allclose(g_cpu, g_dask, rtol=1e-5)
    print(f"(x*2+1).exp().sum() + backward, {args.n:,} float32, median of {args.samples} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"  {'':8s} {'wall':>9s}    {'CPU':>9s}")
    for name, (wall, cpu) in times.items():
        print(f"  {name:8s} {wall:9.1f} ms {cpu:9.1f} ms")
    for what, index in (("wall", 0), ("CPU", 1)):
        ratio = times["dask(0)"][index] / times["cpu(0)"][index]
        print(f"  dask(0) / cpu(0), {what:4s} = {ratio:.2f}x  (target: within 2x) "
              f"{'PASS' if ratio <= 2 else 'MISS'}")
    if not ok:
        print("the dask(0) and cpu(0) results disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

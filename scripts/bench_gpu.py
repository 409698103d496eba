#!/usr/bin/env python
"""The benchmark's GPU column: ndsh on CuPy (gpu(0)) against PyTorch CUDA, both on the device,
for the two large workloads of scripts/bench.py. Run by scripts/gpu_check.sh on a machine with
an NVIDIA GPU, CuPy and PyTorch; prints a table, or --json.

    python scripts/bench_gpu.py [--json] [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import numpy as np

N_ELEMENTS = 10_000_000
MATRIX = 2048
TARGET = 1.2          # ndsh / PyTorch CUDA


def _time_ms(step, sync) -> float:
    started = time.perf_counter()
    step()
    sync()
    return (time.perf_counter() - started) * 1e3


def _paired_medians(ours, sync, theirs, their_sync, repeat: int):
    """Median ms of each step, the two measured in turn so that both see the same clocks (the
    GPU's clock rises under load: timing one side first would favour the other)."""
    for _ in range(10):                      # warm-up: kernels compiled, clocks up
        _time_ms(ours, sync)
        if theirs:
            _time_ms(theirs, their_sync)
    mine, other = [], []
    for _ in range(repeat):
        mine.append(_time_ms(ours, sync))
        if theirs:
            other.append(_time_ms(theirs, their_sync))
    return statistics.median(mine), statistics.median(other) if other else float("nan")


def profile(steps, sync, count: int = 200) -> None:
    """Where an ndsh step's time goes: CPU (Python) against GPU time, and the top functions."""
    import cProfile
    import pstats

    from cupyx.profiler import benchmark
    for name, step in steps.items():
        print(benchmark(step, n_repeat=count, name=f"ndsh {name}"))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        steps["elementwise"]()
    sync()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(22)


def ndsh_workloads():
    from ndsh import autograd, nd
    ctx = nd.gpu(0)
    rng = np.random.default_rng(0)
    x = nd.array(rng.random(N_ELEMENTS, dtype=np.float32), ctx=ctx)
    x.attach_grad()
    a = nd.array(rng.normal(size=(MATRIX, MATRIX)).astype(np.float32), ctx=ctx)
    b = nd.array(rng.normal(size=(MATRIX, MATRIX)).astype(np.float32), ctx=ctx)
    a.attach_grad()
    b.attach_grad()

    def elementwise():
        with autograd.record():
            y = (x * 2 + 1).exp().sum()
        y.backward()

    def matmul():
        with autograd.record():
            y = nd.relu(nd.dot(a, b)).sum()
        y.backward()

    def check():
        elementwise()
        got = x.grad.asnumpy()
        want = 2 * np.exp(x.asnumpy() * 2 + 1)
        np.testing.assert_allclose(got, want, rtol=1e-4)
        return "ok"

    return {"elementwise": elementwise, "matmul": matmul}, nd.waitall, check


def torch_workloads():
    import torch
    device = torch.device("cuda:0")
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.random(N_ELEMENTS, dtype=np.float32), device=device,
                     requires_grad=True)
    a = torch.tensor(rng.normal(size=(MATRIX, MATRIX)).astype(np.float32), device=device,
                     requires_grad=True)
    b = torch.tensor(rng.normal(size=(MATRIX, MATRIX)).astype(np.float32), device=device,
                     requires_grad=True)

    def elementwise():
        x.grad = None
        (x * 2 + 1).exp().sum().backward()

    def matmul():
        a.grad = b.grad = None
        torch.relu(a @ b).sum().backward()

    return {"elementwise": elementwise, "matmul": matmul}, torch.cuda.synchronize


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", action="store_true",
                        help="also show CPU against GPU time per step and a cProfile top list")
    args = parser.parse_args()
    rows = {}
    ndsh_steps, ndsh_sync, check = ndsh_workloads()
    rows["check"] = check()
    try:
        torch_steps, torch_sync = torch_workloads()
    except Exception as error:       # no torch or no CUDA build: the column says why
        torch_steps, torch_sync, rows["torch"] = None, None, f"n/a ({error})"
    for name, step in ndsh_steps.items():
        ours, theirs = _paired_medians(step, ndsh_sync, torch_steps and torch_steps[name],
                                       torch_sync, args.repeat)
        rows[name] = {"ndsh_ms": ours, "torch_ms": theirs, "ratio": ours / theirs,
                      "target": TARGET, "verdict": "PASS" if ours / theirs <= TARGET else "MISS"}
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0
    print(f"{'workload':14s} {'ndsh ms':>9s} {'torch ms':>9s} {'ratio':>7s}  target  verdict")
    for name in ndsh_steps:
        r = rows[name]
        print(f"{name:14s} {r['ndsh_ms']:9.2f} {r['torch_ms']:9.2f} {r['ratio']:6.2f}x"
              f"  <={TARGET}  {r['verdict']}")
    print(f"correctness check: {rows['check']}")
    if args.profile:
        profile(ndsh_steps, ndsh_sync)
    return 0


if __name__ == "__main__":
    sys.exit(main())

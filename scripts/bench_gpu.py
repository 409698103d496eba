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


def _median_ms(step, sync, repeat: int) -> float:
    step()
    sync()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        sync()
        samples.append((time.perf_counter() - started) * 1e3)
    return statistics.median(samples)


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
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rows = {}
    ndsh_steps, ndsh_sync, check = ndsh_workloads()
    rows["check"] = check()
    try:
        torch_steps, torch_sync = torch_workloads()
    except Exception as error:       # no torch or no CUDA build: the column says why
        torch_steps, torch_sync, rows["torch"] = None, None, f"n/a ({error})"
    for name, step in ndsh_steps.items():
        ours = _median_ms(step, ndsh_sync, args.repeat)
        theirs = (_median_ms(torch_steps[name], torch_sync, args.repeat)
                  if torch_steps else float("nan"))
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

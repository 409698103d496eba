#!/usr/bin/env python
"""nd.RNN against PyTorch's CPU LSTM / GRU: forward + backward time and peak memory.

A benchmark, never a timed test: it prints numbers and the ratio to PyTorch beside the target
(at most 1.5x PyTorch's time and peak memory), and exits non-zero only when the two disagree
on the values (a correctness failure).

    python scripts/bench_rnn.py                     # LSTM, T=35 N=32 I=H=256, 2 layers
    python scripts/bench_rnn.py --mode gru --layers 1 --bidirectional
    python scripts/bench_rnn.py --repeats 30 --json

Both run in this one process, alternately, from the same data and the same weights (PyTorch's
repacked into MXNet's flat vector); each sample is one training step: forward with gradients
recorded for the data, the weights and the initial states, then backward from the same head
gradient of the output. The median over samples is reported.

Peak memory: the largest amount of memory held during one step above what was held before it.
ndsh's arrays are numpy's, which reports its allocations to tracemalloc; PyTorch's CPU
allocator does not, so its peak comes from torch.profiler's per-allocation records (the
running sum of the allocations and frees it lists, whose maximum is the step's peak).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc

import numpy as np

from ndsh import autograd, nd


def torch_model(torch, mode, size, hidden, layers, bidirectional):
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[mode]
    return cls(size, hidden, layers, bidirectional=bidirectional)


def flat_parameters(model, layers, directions):
    """PyTorch's weights in MXNet's layout: all weights (layer -> direction -> ih, hh), then
    all biases in the same order (the gate orders agree: i f g o, r z n)."""
    suffixes = ["", "_reverse"][:directions]
    weights, biases = [], []
    for layer in range(layers):
        for s in suffixes:
            for kind in ("ih", "hh"):
                weights.append(getattr(model, f"weight_{kind}_l{layer}{s}").detach().numpy())
                biases.append(getattr(model, f"bias_{kind}_l{layer}{s}").detach().numpy())
    return np.concatenate([w.ravel() for w in weights] + [b.ravel() for b in biases])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", default="lstm", choices=("lstm", "gru"))
    parser.add_argument("--steps", type=int, default=35)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--size", type=int, default=256, help="input size")
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--bidirectional", action="store_true")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    import torch

    T, N, I, H, L = args.steps, args.batch, args.size, args.hidden, args.layers
    D = 2 if args.bidirectional else 1
    lstm = args.mode == "lstm"
    torch.manual_seed(0)
    model = torch_model(torch, args.mode, I, H, L, args.bidirectional)
    rng = np.random.default_rng(0)
    x_np = rng.standard_normal((T, N, I), dtype=np.float32)
    h_np = rng.standard_normal((L * D, N, H), dtype=np.float32) * 0.5
    c_np = rng.standard_normal((L * D, N, H), dtype=np.float32) * 0.5
    head_np = rng.standard_normal((T, N, D * H), dtype=np.float32)
    params_np = flat_parameters(model, L, D)

    x_t, h_t, c_t = (torch.tensor(a, requires_grad=True) for a in (x_np, h_np, c_np))
    head_t = torch.tensor(head_np)
    x_n, w_n, h_n, c_n = (nd.array(a) for a in (x_np, params_np, h_np, c_np))
    for a in (x_n, w_n, h_n, c_n):
        a.attach_grad()
    head_n = nd.array(head_np)
    states = [h_n, c_n] if lstm else [h_n]

    def step_torch():
        for p in (*model.parameters(), x_t, h_t, c_t):
            p.grad = None
        out, _ = model(x_t, (h_t, c_t) if lstm else h_t)
        out.backward(head_t)
        return out

    def step_ndsh():
        with autograd.record():
            out = nd.RNN(x_n, w_n, *states, state_size=H, num_layers=L,
                         bidirectional=D == 2, mode=args.mode)
        out.backward(head_n)
        return out

    # the same numbers first
    out_t, out_n = step_torch(), step_ndsh()
    checks = {"out": (out_n.asnumpy(), out_t.detach().numpy()),
              "d data": (x_n.grad.asnumpy(), x_t.grad.numpy()),
              "d state": (h_n.grad.asnumpy(), h_t.grad.numpy()),
              "d parameters": (w_n.grad.asnumpy(), flat_parameters_grad(model, L, D))}
    if lstm:
        checks["d state_cell"] = (c_n.grad.asnumpy(), c_t.grad.numpy())
    for name, (got, want) in checks.items():
        if not np.allclose(got, want, rtol=1e-3, atol=1e-4):
            print(f"MISMATCH {name}: max difference {np.abs(got - want).max():.3g}")
            return 1
    del out_t, out_n

    times = {"ndsh": [], "torch": []}
    for _ in range(args.repeats):
        for name, step in (("ndsh", step_ndsh), ("torch", step_torch)):
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    median = {k: statistics.median(v) for k, v in times.items()}
    peak = {"ndsh": peak_ndsh(step_ndsh), "torch": peak_torch(torch, step_torch)}
    result = {"workload": f"{args.mode} T={T} N={N} I={I} H={H} layers={L} "
                          f"{'bidirectional' if D == 2 else 'unidirectional'} float32",
              "threads": torch.get_num_threads(),
              "time_ms": {k: round(v * 1e3, 2) for k, v in median.items()},
              "time_ratio": round(median["ndsh"] / median["torch"], 3),
              "peak_mb": {k: round(v / 2 ** 20, 2) for k, v in peak.items()},
              "peak_ratio": round(peak["ndsh"] / peak["torch"], 3)}
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
        return 0
    print(result["workload"], f"({result['threads']} threads)")
    for what, unit, ratio in (("time_ms", "ms", "time_ratio"), ("peak_mb", "MB", "peak_ratio")):
        verdict = "PASS" if result[ratio] <= 1.5 else "MISS"
        print(f"  {what[:-3]:5} ndsh {result[what]['ndsh']:8.2f} {unit}   torch "
              f"{result[what]['torch']:8.2f} {unit}   ratio {result[ratio]:.2f} (target <= 1.5: "
              f"{verdict})")
    return 0


def flat_parameters_grad(model, layers, directions):
    suffixes = ["", "_reverse"][:directions]
    weights, biases = [], []
    for layer in range(layers):
        for s in suffixes:
            for kind in ("ih", "hh"):
                weights.append(getattr(model, f"weight_{kind}_l{layer}{s}").grad.numpy())
                biases.append(getattr(model, f"bias_{kind}_l{layer}{s}").grad.numpy())
    return np.concatenate([w.ravel() for w in weights] + [b.ravel() for b in biases])


def peak_ndsh(step) -> int:
    tracemalloc.start()
    try:
        step()      # the gradient buffers' first write happens before the baseline
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        step()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def peak_torch(torch, step) -> int:
    from torch.profiler import ProfilerActivity, profile
    step()
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        step()
    events = sorted((e for e in prof.profiler.kineto_results.events() if e.name() == "[memory]"),
                    key=lambda e: e.start_ns())
    held = best = 0
    for e in events:
        held += e.nbytes()
        best = max(best, held)
    return best


if __name__ == "__main__":
    sys.exit(main())

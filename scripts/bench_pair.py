#!/usr/bin/env python
"""ndsh against PyTorch in ONE process, at the same thread count, samples interleaved.

The layer rows of scripts/bench_layers.py and the Gluon rows of scripts/bench_gluon.py, for
a machine shared with other work: both implementations run in this process, one after the
other in each round, so that a change of the machine's load hits both alike; each reports
wall and CPU time (time.process_time: all of this process's threads) per step, and the ratio
ndsh / torch of the medians. Thread counts are set before anything is imported: OpenBLAS /
OpenMP / MKL through their environment variables (and threadpoolctl when importable), torch
through torch.set_num_threads.

    python scripts/bench_pair.py --threads 1 --rounds 9 lenet block gluon_lenet
    python scripts/bench_pair.py --threads 2 all

A benchmark, never a test: it exits non-zero only when a row cannot run.
"""
from __future__ import annotations

import argparse
import os
import sys

ROWS = ("lenet", "block", "batchnorm", "lstm", "gluon_mlp", "gluon_lenet")


def _args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", help=f"any of {', '.join(ROWS)} (default: all)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--inner", type=int, default=0,
                        help="steps per sample (0: enough for about 0.2 s)")
    parser.add_argument("--only", choices=("ndsh", "torch"), help="time one side only")
    args = parser.parse_args(argv)
    if "all" in args.rows or not args.rows:
        args.rows = list(ROWS)
    unknown = sorted(set(args.rows) - set(ROWS))
    if unknown:
        parser.error(f"unknown rows {unknown}: choose from {', '.join(ROWS)}")
    return args


def _factories(row):
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    if row.startswith("gluon_"):
        import bench_gluon as module
        name = row[len("gluon_"):]
    else:
        import bench_layers as module
        name = row
    return getattr(module, f"{name}_ndsh"), getattr(module, f"{name}_torch")


def _sample(step, inner):
    import time
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(inner):
        step()
    return (1e3 * (time.perf_counter() - w0) / inner, 1e3 * (time.process_time() - c0) / inner)


def _stats(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2], xs[0], xs[-1]


def main(argv=None) -> int:
    args = _args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import gc
    import time

    import torch
    torch.set_num_threads(args.threads)
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    except ImportError:
        pass
    print(f"threads {args.threads}, rounds {args.rounds}, load {os.getloadavg()[0]:.2f}",
          flush=True)
    print(f"{'row':12s} {'impl':5s} {'wall ms med (min-max)':>28s} {'cpu ms med (min-max)':>28s}")
    for row in args.rows:
        make_ndsh, make_torch = _factories(row)
        steps = {"ndsh": make_ndsh()[0], "torch": make_torch()[0]}
        if args.only:
            steps = {args.only: steps[args.only]}
        inner = {}
        for impl, step in steps.items():
            step()
            t0 = time.perf_counter()
            step()
            once = time.perf_counter() - t0
            inner[impl] = args.inner or max(1, round(0.2 / max(once, 1e-6)))
        walls = {impl: [] for impl in steps}
        cpus = {impl: [] for impl in steps}
        for _ in range(args.rounds):
            for impl, step in steps.items():
                gc.collect()
                w, c = _sample(step, inner[impl])
                walls[impl].append(w)
                cpus[impl].append(c)
        for impl in steps:
            wm, wlo, whi = _stats(walls[impl])
            cm, clo, chi = _stats(cpus[impl])
            print(f"{row:12s} {impl:5s} {wm:9.2f} ({wlo:8.2f}-{whi:8.2f}) "
                  f"{cm:9.2f} ({clo:8.2f}-{chi:8.2f})  x{inner[impl]}")
        if len(steps) == 2:
            ratio_w = _stats(walls["ndsh"])[0] / _stats(walls["torch"])[0]
            ratio_c = _stats(cpus["ndsh"])[0] / _stats(cpus["torch"])[0]
            per_round = sorted(a / b for a, b in zip(walls["ndsh"], walls["torch"]))
            print(f"{row:12s} ratio wall {ratio_w:.2f}  cpu {ratio_c:.2f}  per-round wall "
                  f"med {per_round[len(per_round) // 2]:.2f} (min {per_round[0]:.2f}, "
                  f"max {per_round[-1]:.2f})   load {os.getloadavg()[0]:.2f}", flush=True)
        del steps
        gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())

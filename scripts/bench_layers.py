"""The layer-op workloads of scripts/bench.py (issue 16), each in ndsh and in PyTorch's CPU build,
measured against PyTorch: d2l's LeNet, a ResNet basic block, BatchNorm, a two-layer LSTM, each
forward + backward. No numpy-by-hand column here: PyTorch (oneDNN) is the peer these target.

Each factory returns (step, result): step runs one forward + backward; result runs one and
returns the arrays compared between the implementations (float32, so a loose tolerance).
"""
from __future__ import annotations

import numpy as np

F32 = np.float32


def _load_ndsh():
    from ndsh import autograd, nd
    return nd, autograd


def _load_torch():
    import torch
    return torch


def _normal(rng, shape, scale):
    return (rng.standard_normal(shape) * scale).astype(F32)


# ===== LeNet (d2l 6.6), batch 256 on 1x28x28, sigmoid and average pooling ===================
LENET_BATCH = 256


def lenet_data():
    rng = np.random.default_rng(7)
    X = rng.random((LENET_BATCH, 1, 28, 28), dtype=F32)
    y = rng.integers(0, 10, size=LENET_BATCH)
    shapes = [(6, 1, 5, 5), (6,), (16, 6, 5, 5), (16,), (120, 400), (120,), (84, 120), (84,),
              (10, 84), (10,)]
    params = [_normal(rng, s, 0.1) for s in shapes]
    return X, y, params


def lenet_ndsh(size=None):
    nd, autograd = _load_ndsh()
    X0, y0, params0 = lenet_data()
    X, y = nd.array(X0), nd.array(y0.astype(F32))
    params = [nd.array(p) for p in params0]
    for p in params:
        p.attach_grad()
    c1, c1b, c2, c2b, f1, f1b, f2, f2b, f3, f3b = params
    out = {}

    def forward():
        h = nd.sigmoid(nd.Convolution(X, c1, c1b, kernel=(5, 5), pad=(2, 2), num_filter=6))
        h = nd.Pooling(h, kernel=(2, 2), stride=(2, 2), pool_type="avg")
        h = nd.sigmoid(nd.Convolution(h, c2, c2b, kernel=(5, 5), num_filter=16))
        h = nd.Pooling(h, kernel=(2, 2), stride=(2, 2), pool_type="avg")
        h = nd.sigmoid(nd.FullyConnected(h, f1, f1b, num_hidden=120))
        h = nd.sigmoid(nd.FullyConnected(h, f2, f2b, num_hidden=84))
        return nd.FullyConnected(h, f3, f3b, num_hidden=10)

    def step():
        with autograd.record():
            loss = -nd.pick(nd.log_softmax(forward()), y).sum()
        loss.backward()
        out["loss"] = loss

    def result():
        step()
        return {"loss": out["loss"].asnumpy().reshape(1),
                **{f"g{i}": p.grad.asnumpy() for i, p in enumerate(params)}}

    return step, result


def lenet_torch(size=None):
    torch = _load_torch()
    F = torch.nn.functional
    X0, y0, params0 = lenet_data()
    X, y = torch.from_numpy(X0), torch.from_numpy(y0.astype(np.int64))
    params = [torch.from_numpy(p.copy()).requires_grad_() for p in params0]
    c1, c1b, c2, c2b, f1, f1b, f2, f2b, f3, f3b = params
    out = {}

    def forward():
        h = torch.sigmoid(F.conv2d(X, c1, c1b, padding=2))
        h = F.avg_pool2d(h, 2, 2)
        h = torch.sigmoid(F.conv2d(h, c2, c2b))
        h = F.avg_pool2d(h, 2, 2).flatten(1)
        h = torch.sigmoid(F.linear(h, f1, f1b))
        h = torch.sigmoid(F.linear(h, f2, f2b))
        return F.linear(h, f3, f3b)

    def step():
        for p in params:
            p.grad = None
        loss = F.cross_entropy(forward(), y, reduction="sum")
        loss.backward()
        out["loss"] = loss

    def result():
        step()
        return {"loss": out["loss"].detach().numpy().reshape(1),
                **{f"g{i}": p.grad.numpy().copy() for i, p in enumerate(params)}}

    return step, result


# ===== a ResNet basic block: 64 channels, 56x56, batch 32 ====================================
BLOCK_SHAPE = (32, 64, 56, 56)


def block_data():
    rng = np.random.default_rng(8)
    X = rng.standard_normal(BLOCK_SHAPE, dtype=F32)
    W1, W2 = _normal(rng, (64, 64, 3, 3), 0.05), _normal(rng, (64, 64, 3, 3), 0.05)
    norms = [rng.uniform(0.5, 1.5, 64).astype(F32), rng.uniform(-0.5, 0.5, 64).astype(F32),
             rng.uniform(0.5, 1.5, 64).astype(F32), rng.uniform(-0.5, 0.5, 64).astype(F32)]
    return X, [W1, W2, *norms]


def block_ndsh(size=None):
    nd, autograd = _load_ndsh()
    X0, params0 = block_data()
    X = nd.array(X0)
    params = [nd.array(p) for p in params0]
    for p in params:
        p.attach_grad()
    W1, W2, g1, b1, g2, b2 = params
    stats = [nd.zeros((64,)), nd.ones((64,)), nd.zeros((64,)), nd.ones((64,))]
    out = {}

    def conv(h, w):
        return nd.Convolution(h, w, kernel=(3, 3), pad=(1, 1), num_filter=64, no_bias=True)

    def step():
        with autograd.record():
            h = nd.BatchNorm(conv(X, W1), g1, b1, stats[0], stats[1], fix_gamma=False,
                             eps=1e-5)
            h = nd.relu(h)
            h = nd.BatchNorm(conv(h, W2), g2, b2, stats[2], stats[3], fix_gamma=False,
                             eps=1e-5)
            s = nd.relu(h + X).sum()
        s.backward()
        out["s"] = s

    def result():
        step()
        return {"s": out["s"].asnumpy().reshape(1),
                **{f"g{i}": p.grad.asnumpy() for i, p in enumerate(params)}}

    return step, result


def block_torch(size=None):
    torch = _load_torch()
    F = torch.nn.functional
    X0, params0 = block_data()
    X = torch.from_numpy(X0)
    params = [torch.from_numpy(p.copy()).requires_grad_() for p in params0]
    W1, W2, g1, b1, g2, b2 = params
    stats = [torch.zeros(64), torch.ones(64), torch.zeros(64), torch.ones(64)]
    out = {}

    def step():
        for p in params:
            p.grad = None
        h = F.batch_norm(F.conv2d(X, W1, padding=1), stats[0], stats[1], g1, b1, training=True,
                         eps=1e-5)
        h = torch.relu(h)
        h = F.batch_norm(F.conv2d(h, W2, padding=1), stats[2], stats[3], g2, b2, training=True,
                         eps=1e-5)
        s = torch.relu(h + X).sum()
        s.backward()
        out["s"] = s

    def result():
        step()
        return {"s": out["s"].detach().numpy().reshape(1),
                **{f"g{i}": p.grad.numpy().copy() for i, p in enumerate(params)}}

    return step, result


# ===== BatchNorm alone on (32, 64, 56, 56), training mode ====================================
def batchnorm_data():
    rng = np.random.default_rng(9)
    return (rng.standard_normal(BLOCK_SHAPE, dtype=F32), rng.uniform(0.5, 1.5, 64).astype(F32),
            rng.uniform(-0.5, 0.5, 64).astype(F32), rng.standard_normal(BLOCK_SHAPE, dtype=F32))


def batchnorm_ndsh(size=None):
    nd, autograd = _load_ndsh()
    x0, g0, b0, head0 = batchnorm_data()
    x, gamma, beta, head = nd.array(x0), nd.array(g0), nd.array(b0), nd.array(head0)
    for p in (x, gamma, beta):
        p.attach_grad()
    mean, var = nd.zeros((64,)), nd.ones((64,))

    def step():
        with autograd.record():
            y = nd.BatchNorm(x, gamma, beta, mean, var, fix_gamma=False, eps=1e-5)
        y.backward(head)

    def result():
        step()
        return {"gx": x.grad.asnumpy(), "ggamma": gamma.grad.asnumpy(),
                "gbeta": beta.grad.asnumpy()}

    return step, result


def batchnorm_torch(size=None):
    torch = _load_torch()
    F = torch.nn.functional
    x0, g0, b0, head0 = batchnorm_data()
    x, gamma, beta = (torch.from_numpy(a.copy()).requires_grad_() for a in (x0, g0, b0))
    head = torch.from_numpy(head0)
    mean, var = torch.zeros(64), torch.ones(64)

    def step():
        for p in (x, gamma, beta):
            p.grad = None
        y = F.batch_norm(x, mean, var, gamma, beta, training=True, eps=1e-5)
        y.backward(head)

    def result():
        step()
        return {"gx": x.grad.numpy().copy(), "ggamma": gamma.grad.numpy().copy(),
                "gbeta": beta.grad.numpy().copy()}

    return step, result


# ===== a two-layer LSTM: T=35, N=32, input and hidden 256 ====================================
LSTM_T, LSTM_N, LSTM_I, LSTM_H, LSTM_L = 35, 32, 256, 256, 2


def lstm_data():
    """Data, a head gradient, and per layer (W_i2h, W_h2h, b_i2h, b_h2h) in gate order i,f,g,o
    (MXNet's and PyTorch's alike)."""
    rng = np.random.default_rng(10)
    X = rng.standard_normal((LSTM_T, LSTM_N, LSTM_I), dtype=F32)
    head = rng.standard_normal((LSTM_T, LSTM_N, LSTM_H), dtype=F32)
    layers = []
    for layer in range(LSTM_L):
        inputs = LSTM_I if layer == 0 else LSTM_H
        layers.append((_normal(rng, (4 * LSTM_H, inputs), 0.05),
                       _normal(rng, (4 * LSTM_H, LSTM_H), 0.05),
                       _normal(rng, (4 * LSTM_H,), 0.05), _normal(rng, (4 * LSTM_H,), 0.05)))
    return X, head, layers


def lstm_ndsh(size=None):
    nd, autograd = _load_ndsh()
    X0, head0, layers = lstm_data()
    # MXNet's flat vector: all weights (layer by layer, i2h then h2h), then all biases
    flat = np.concatenate([w.ravel() for layer in layers for w in layer[:2]]
                          + [b for layer in layers for b in layer[2:]])
    X, head, params = nd.array(X0), nd.array(head0), nd.array(flat)
    X.attach_grad()
    params.attach_grad()
    h0 = nd.zeros((LSTM_L, LSTM_N, LSTM_H))
    c0 = nd.zeros((LSTM_L, LSTM_N, LSTM_H))

    def step():
        with autograd.record():
            y = nd.RNN(X, params, h0, c0, state_size=LSTM_H, num_layers=LSTM_L, mode="lstm")
        y.backward(head)

    def result():
        step()
        first = 4 * LSTM_H * LSTM_I
        return {"gx": X.grad.asnumpy(),
                "gw_i2h0": params.grad.asnumpy()[:first].reshape(4 * LSTM_H, LSTM_I)}

    return step, result


def lstm_torch(size=None):
    torch = _load_torch()
    X0, head0, layers = lstm_data()
    lstm = torch.nn.LSTM(LSTM_I, LSTM_H, LSTM_L)
    with torch.no_grad():
        for i, (w_ih, w_hh, b_ih, b_hh) in enumerate(layers):
            getattr(lstm, f"weight_ih_l{i}").copy_(torch.from_numpy(w_ih))
            getattr(lstm, f"weight_hh_l{i}").copy_(torch.from_numpy(w_hh))
            getattr(lstm, f"bias_ih_l{i}").copy_(torch.from_numpy(b_ih))
            getattr(lstm, f"bias_hh_l{i}").copy_(torch.from_numpy(b_hh))
    X = torch.from_numpy(X0).requires_grad_()
    head = torch.from_numpy(head0)

    def step():
        X.grad = None
        lstm.zero_grad(set_to_none=True)
        y, _ = lstm(X)
        y.backward(head)

    def result():
        step()
        return {"gx": X.grad.numpy().copy(), "gw_i2h0": lstm.weight_ih_l0.grad.numpy().copy()}

    return step, result


# ===== entry point: one implementation's rows, wall and CPU time per step =====================
ROWS = ("lenet", "block", "batchnorm", "lstm")


def _peak_mib(step) -> float:
    """The peak increase of resident memory over the first two steps, counted from before the
    first (as bench.py: what the first step allocates and keeps counts)."""
    import gc

    def field(name):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) / 1024
        return float("nan")
    gc.collect()
    base = field("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    step()
    step()
    return field("VmHWM") - base


def _measure(impl: str, names, runs: int, memory: bool) -> None:
    import time
    for name in names:
        step, _ = globals()[f"{name}_{impl}"]()
        mem = f"  peak +{_peak_mib(step):7.1f} MiB" if memory else ""   # before any other step
        step()
        walls, cpus = [], []
        for _ in range(runs):
            w0, c0 = time.perf_counter(), time.process_time()
            step()
            walls.append(1e3 * (time.perf_counter() - w0))
            cpus.append(1e3 * (time.process_time() - c0))
        walls.sort()
        cpus.sort()
        mid = len(walls) // 2
        print(f"{impl:5s} {name:9s} wall ms min {walls[0]:8.1f} median {walls[mid]:8.1f}"
              f" max {walls[-1]:8.1f}   cpu ms median {cpus[mid]:8.1f}{mem}",
              flush=True)


def main(argv=None) -> None:
    """python scripts/bench_layers.py [--impl ndsh|torch|both] [--threads N] [--runs R]
    [--memory] [ROW ...]: each implementation in its own process, thread pools set to N."""
    import argparse
    import os
    import subprocess
    import sys
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("rows", nargs="*", default=list(ROWS[:3]), choices=ROWS + ((),))
    parser.add_argument("--impl", default="both", choices=("ndsh", "torch", "both"))
    parser.add_argument("--threads", type=int, default=0, help="0: leave the pools as they are")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.impl == "torch" and args.threads:
            _load_torch().set_num_threads(args.threads)
        _measure(args.impl, args.rows, args.runs, args.memory)
        return
    env = dict(os.environ)
    if args.threads:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = str(args.threads)
    for impl in (("ndsh", "torch") if args.impl == "both" else (args.impl,)):
        command = [sys.executable, __file__, "--child", "--impl", impl, "--runs", str(args.runs),
                   "--threads", str(args.threads)] + (["--memory"] if args.memory else [])
        subprocess.run(command + list(args.rows), env=env, check=True)


if __name__ == "__main__":
    main()

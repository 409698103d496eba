#!/usr/bin/env python
"""ndsh's benchmark: ndsh against numpy written by hand and PyTorch (CPU), side by side.

A benchmark, never a timed test: it prints numbers and PASS/MISS beside each target, and exits
non-zero only when the implementations disagree (a correctness failure), never for a miss.

    python scripts/bench.py            # full run (a few minutes on a 2-core machine)
    python scripts/bench.py --quick    # short run (under about a minute)
    python scripts/bench.py --json     # the same numbers as JSON on stdout
    python scripts/bench.py --only tiny,tiny_rec   # a subset (keys: see WORKLOADS)

Three implementations of every workload:

- ``ndsh``: the code a user writes with ``from ndsh import nd, autograd`` (d2l's code where the
  workload comes from d2l), gradients by ``autograd.record()`` and ``.backward()``.
- ``numpy``: the same forward computation in numpy, with the backward written by hand: the
  practical limit for an engine that runs on numpy. It is written as a careful person would:
  float32 throughout, the same user-level operations as the ndsh code (so d2l's ``data_iter``
  still builds an index array per batch), in-place updates where natural (``w -= ...``,
  ``np.exp(t, out=t)``, matmuls written into preallocated gradient buffers, which play the
  part of ``x.grad``), and the closed-form gradient where a person would use it (softmax
  cross-entropy: ``P - onehot(y)``). Where the recorded graph depends on data (the control-flow
  seed), the hand-written backward replays the same multiplications in reverse.
- ``torch``: the same code in PyTorch's CPU build with its autograd, when ``import torch``
  works; the column shows n/a otherwise. Gradients are set to None before each step (torch's
  default ``zero_grad``) or zeroed in place where the step is a training loop.

Before timing, each workload runs once in every implementation from the same data and the
results (outputs, gradients, trained parameters) are compared; a disagreement beyond float32
tolerance stops the run with an error.

Processes: ndsh and numpy are timed in this process, their samples interleaved round-robin so
that a drift of the machine (it may be shared) hits both alike. This process never imports
torch, whose OpenMP threads would compete for the cores: torch runs in child processes
(``--worker torch ...``), one for the small workloads and one per large workload. Peak memory
is measured in fresh child processes too (below).

Timing: ``time.perf_counter`` (``--cpu-time``: ``time.process_time``, the CPU time of this
process, all its threads counted; on a machine shared with other jobs it leaves out the time the
process waited for a core, which wall time charges to whichever sample it fell in; the rows
whose BLAS calls run on several threads then count every thread's time); a sample runs a
workload enough times to last 20 ms (--quick) or 60 ms (at least once; the large workloads and
whole trainings once per sample), and the median over samples is reported. The garbage collector
stays on (its cost is part of what a user sees) but is run between samples. Tiny ops are
reported in microseconds per op (a chain of 8 elementwise ops on a (4,) float32 array, the time
divided by 8; recorded: forward and backward together, divided by 8). A row is flagged "noisy"
when the interquartile range of the ndsh or numpy samples exceeds 25% of the median.

Peak memory (the large workloads, the layer rows and the Gluon rows): each implementation runs
each such workload in its own fresh child process, which builds its inputs (and, for Gluon, the
net and the Trainer), collects garbage, reads its resident set size (VmRSS in
/proc/self/status), resets the kernel's peak-RSS counter by writing 5 to /proc/self/clear_refs,
runs the workload twice and reads the peak (VmHWM). The reported number is VmHWM - VmRSS: the
peak increase of resident memory over the first two runs, counted from before the first, in
MiB, the same way for ndsh, numpy and torch. So what a first run allocates and keeps counts:
gradient buffers made on first use, the memory ndsh's array heap (ops/heap.py) keeps for reuse,
PyTorch's allocator caches, and also library code paged in on first use (PyTorch's kernels
more than numpy's, which its import touches). Counted from after a warm-up, as an earlier
version did, a heap that keeps freed memory read 0 MiB: true of the second step, silent about
the memory held. The Gluon factories resolve their deferred shapes on one sample, not a batch,
so that no batch-sized forward runs before the baseline.
Chosen over tracemalloc because it counts every allocator alike (numpy's, PyTorch's own CPU
allocator, malloc and mmap), and over ``ru_maxrss`` of a child because that includes imports and
input construction, which would hide the workload's own temporaries. If clear_refs cannot be
written, the peak may be one reached during import or input construction: the row is marked
"approx".

Layer ops (rows 7-10, scripts/bench_layers.py): d2l's LeNet, a ResNet basic block, BatchNorm and
a two-layer LSTM, forward + backward, in ndsh and PyTorch only: their targets are ratios to
PyTorch's time (and peak memory), marked with a "t". A row whose op ndsh lacks shows n/a.

Gluon training steps (rows 11-12, scripts/bench_gluon.py): d2l's concise MLP and d2l's LeNet
written with ``mxnet.gluon`` (forward under record, backward, ``trainer.step``), against the same
models in torch.nn with torch.optim.SGD; targets on ndsh/torch, as the layer rows'; their peak
memory is reported beside them (no target).

Start-up: the median wall time of ``ndsh run EMPTY.py`` against ``python -c "import numpy"``
(and ``python -c "import torch"`` in the torch column, for context), each a subprocess; with
``--cpu-time``, the median CPU time (user + system) of those subprocesses instead, read with
``getrusage(RUSAGE_CHILDREN)``, which a loaded machine disturbs far less. All of
them run with compiled bytecode, as an installed package does: a checkout run with
PYTHONDONTWRITEBYTECODE=1 (or a fresh edit) would otherwise compile ndsh's ~200 modules from
source at every start while numpy's came compiled from pip, which measures the compiler, not
the start-up (about 15% of ndsh's time). So the subprocesses get a private bytecode cache
(PYTHONPYCACHEPREFIX, a temporary folder; PYTHONDONTWRITEBYTECODE dropped), filled by the
warm-up run of each command; the repository's own __pycache__ folders are neither read nor
written.

The environment is printed in the header: Python, numpy and torch versions, CPU count,
threadpoolctl's view of the BLAS/OpenMP pools when threadpoolctl is importable, and
OPENBLAS_*/OMP_*/MKL_* variables, which are left as they are (OPENBLAS_CORETYPE can slow numpy's
matmul; it does so for all three columns that use OpenBLAS alike).
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

F32 = np.float32
IMPLS = ("ndsh", "numpy", "torch")
NOISY = 0.25      # interquartile range / median above which a row is flagged
_START = time.perf_counter()


def progress(message: str) -> None:
    print(f"[bench {time.perf_counter() - _START:5.1f} s] {message}", file=sys.stderr,
          flush=True)


# ----- optional imports ---------------------------------------------------------------------
def load_torch():
    try:
        import torch
    except Exception:  # not installed, or a broken install: the column shows n/a
        return None
    return torch


def load_ndsh():
    from ndsh import autograd, nd
    return nd, autograd


# ----- tolerance checks ---------------------------------------------------------------------
class Disagreement(RuntimeError):
    pass


def agree(what: str, ref, other, tol: float = 1e-4) -> None:
    """max |ref - other| <= tol * max(1, max |ref|), else a loud failure."""
    ref = np.asarray(ref, dtype=np.float64)
    other = np.asarray(other, dtype=np.float64)
    if ref.shape != other.shape:
        raise Disagreement(f"{what}: shapes differ, {ref.shape} vs {other.shape}")
    if not np.all(np.isfinite(other)):
        raise Disagreement(f"{what}: non-finite values")
    scale = max(1.0, float(np.max(np.abs(ref)))) if ref.size else 1.0
    err = float(np.max(np.abs(ref - other))) if ref.size else 0.0
    if err > tol * scale:
        raise Disagreement(f"{what}: max abs difference {err:.3g} exceeds {tol:g} x {scale:.3g}")


def check_results(name: str, results: dict, tol: float, baseline: str = "numpy") -> None:
    """Compare every implementation's result dict with the baseline's."""
    ref = results[baseline]
    for impl, res in results.items():
        if impl == baseline:
            continue
        for key in ref:
            agree(f"{name}: {impl} vs {baseline}, {key}", ref[key], res[key], tol)


# ===== workload 1: tiny elementwise ops ======================================================
TINY_OPS = 8   # x + y, * 2, exp, - x, * y, / 3, relu, + 1


def tiny_data():
    rng = np.random.default_rng(1)
    return (rng.normal(size=4).astype(F32) * F32(0.5), rng.normal(size=4).astype(F32) * F32(0.5))


def tiny_ndsh(record: bool):
    nd, autograd = load_ndsh()
    x0, y0 = tiny_data()
    x, y = nd.array(x0), nd.array(y0)
    relu = nd.relu

    def chain():
        a = x + y
        b = a * 2
        c = b.exp()
        d = c - x
        e = d * y
        f = e / 3
        g = relu(f)
        return g + 1

    if not record:
        return chain, lambda: {"h": chain().asnumpy()}

    x.attach_grad()
    y.attach_grad()
    record_block = autograd.record

    def step():
        with record_block():
            a = x + y
            b = a * 2
            c = b.exp()
            d = c - x
            e = d * y
            f = e / 3
            g = relu(f)
            h = g + 1
        h.backward()

    def result():
        step()
        return {"gx": x.grad.asnumpy(), "gy": y.grad.asnumpy()}

    return step, result


def tiny_numpy(record: bool):
    x, y = tiny_data()
    exp, maximum, ones_like = np.exp, np.maximum, np.ones_like

    def chain():
        a = x + y
        b = a * 2
        c = exp(b)
        d = c - x
        e = d * y
        f = e / 3
        g = maximum(f, 0)
        return g + 1

    if not record:
        return chain, lambda: {"h": chain()}

    gx_buf, gy_buf = np.zeros_like(x), np.zeros_like(y)   # the .grad buffers

    def step():
        a = x + y
        b = a * 2
        c = exp(b)
        d = c - x
        e = d * y
        f = e / 3
        g = maximum(f, 0)
        h = g + 1
        # backward by hand, head gradient ones (MXNet's default for a non-scalar head)
        gh = ones_like(h)
        gf = gh * (f > 0)
        ge = gf / 3
        gd = ge * y
        ga = gd * c * 2          # through exp and * 2
        gx_buf[...] = ga - gd    # x + y and c - x
        gy_buf[...] = ga + ge * d

    def result():
        step()
        return {"gx": gx_buf.copy(), "gy": gy_buf.copy()}

    return step, result


def tiny_torch(record: bool):
    torch = load_torch()
    x0, y0 = tiny_data()
    x, y = torch.from_numpy(x0.copy()), torch.from_numpy(y0.copy())
    relu = torch.relu

    def chain():
        a = x + y
        b = a * 2
        c = b.exp()
        d = c - x
        e = d * y
        f = e / 3
        g = relu(f)
        return g + 1

    if not record:
        return chain, lambda: {"h": chain().numpy()}

    x.requires_grad_()
    y.requires_grad_()
    ones_like = torch.ones_like

    def step():
        x.grad = None
        y.grad = None
        h = chain()
        h.backward(ones_like(h))

    def result():
        step()
        return {"gx": x.grad.numpy().copy(), "gy": y.grad.numpy().copy()}

    return step, result


# ===== workload 2: the seed's control flow (d2l ch2) =========================================
def control_data():
    return np.random.default_rng(2).normal(size=1).astype(F32)


def control_ndsh():
    nd, autograd = load_ndsh()
    a = nd.array(control_data())
    a.attach_grad()

    def step():
        with autograd.record():
            b = a * 2
            while b.norm().asscalar() < 1000:
                b = b * 2
            if b.sum().asscalar() > 0:
                c = b
            else:
                c = 100 * b
        c.backward()

    def result():
        step()
        return {"grad": a.grad.asnumpy()}

    return step, result


def control_numpy():
    a = control_data()
    a_grad = np.zeros_like(a)
    dot, sqrt, ones_like = np.dot, np.sqrt, np.ones_like

    def step():
        b = a * 2
        doublings = 1
        while sqrt(dot(b, b)) < 1000:
            b = b * 2
            doublings += 1
        if b.sum() > 0:
            c, scaled = b, False
        else:
            c, scaled = 100 * b, True
        # backward by hand: replay the recorded multiplications in reverse
        g = ones_like(c)
        if scaled:
            g *= 100
        for _ in range(doublings):
            g *= 2
        a_grad[...] = g

    def result():
        step()
        return {"grad": a_grad.copy()}

    return step, result


def control_torch():
    torch = load_torch()
    a = torch.from_numpy(control_data()).requires_grad_()

    def step():
        a.grad = None
        b = a * 2
        while b.norm().item() < 1000:
            b = b * 2
        if b.sum().item() > 0:
            c = b
        else:
            c = 100 * b
        c.backward(torch.ones_like(c))

    def result():
        step()
        return {"grad": a.grad.numpy().copy()}

    return step, result


# ===== workload 3: d2l linear regression from scratch ========================================
LR_N, LR_BATCH, LR_LR, LR_EPOCHS = 1000, 10, 0.03, 3


def linreg_data():
    rng = np.random.default_rng(3)
    true_w, true_b = np.array([2, -3.4], dtype=F32), F32(4.2)
    features = rng.normal(scale=1, size=(LR_N, 2)).astype(F32)
    labels = (features @ true_w + true_b).astype(F32)
    labels += rng.normal(scale=0.01, size=labels.shape).astype(F32)
    w0 = rng.normal(scale=0.01, size=(2, 1)).astype(F32)
    return features, labels, w0


def linreg_ndsh():
    nd, autograd = load_ndsh()
    f0, l0, w0 = linreg_data()
    features, labels = nd.array(f0), nd.array(l0)
    final = {}

    def data_iter(batch_size, features, labels, rnd):
        num_examples = len(features)
        indices = list(range(num_examples))
        rnd.shuffle(indices)
        for i in range(0, num_examples, batch_size):
            j = nd.array(indices[i: min(i + batch_size, num_examples)])
            yield features.take(j), labels.take(j)

    def linreg(X, w, b):
        return nd.dot(X, w) + b

    def squared_loss(y_hat, y):
        return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2

    def sgd(params, lr, batch_size):
        for param in params:
            param[:] = param - lr * param.grad / batch_size

    def train():
        w = nd.array(w0)
        b = nd.zeros(shape=(1,))
        w.attach_grad()
        b.attach_grad()
        rnd = random.Random(3)
        losses = []
        for _ in range(LR_EPOCHS):
            for X, y in data_iter(LR_BATCH, features, labels, rnd):
                with autograd.record():
                    l = squared_loss(linreg(X, w, b), y)
                l.backward()
                sgd([w, b], LR_LR, LR_BATCH)
            train_l = squared_loss(linreg(features, w, b), labels)
            losses.append(train_l.mean().asscalar())
        final.update(w=w.asnumpy(), b=b.asnumpy(), loss=np.array(losses))

    def result():
        train()
        return dict(final)

    return train, result


def linreg_numpy():
    features, labels, w0 = linreg_data()
    final = {}
    step = F32(LR_LR / LR_BATCH)

    def data_iter(batch_size, features, labels, rnd):
        num_examples = len(features)
        indices = list(range(num_examples))
        rnd.shuffle(indices)
        for i in range(0, num_examples, batch_size):
            j = np.array(indices[i: min(i + batch_size, num_examples)])
            yield features.take(j, axis=0), labels.take(j)

    def train():
        w = w0.copy()
        b = np.zeros(1, dtype=F32)
        rnd = random.Random(3)
        losses = []
        for _ in range(LR_EPOCHS):
            for X, y in data_iter(LR_BATCH, features, labels, rnd):
                r = X @ w
                r += b
                r -= y.reshape(r.shape)           # y_hat - y
                l = r * r / 2                     # the forward loss, as recorded  # noqa: F841
                # backward by hand (head gradient ones): dl/dy_hat = r
                gw = X.T @ r
                gb = r.sum(axis=0)
                w -= step * gw
                b -= step * gb
            r = features @ w + b - labels.reshape(-1, 1)
            losses.append((r * r / 2).mean())
        final.update(w=w, b=b, loss=np.array(losses))

    def result():
        train()
        return dict(final)

    return train, result


def linreg_torch():
    torch = load_torch()
    f0, l0, w0 = linreg_data()
    features, labels = torch.from_numpy(f0), torch.from_numpy(l0)
    final = {}

    def data_iter(batch_size, features, labels, rnd):
        num_examples = len(features)
        indices = list(range(num_examples))
        rnd.shuffle(indices)
        for i in range(0, num_examples, batch_size):
            j = torch.tensor(indices[i: min(i + batch_size, num_examples)])
            yield features.index_select(0, j), labels.index_select(0, j)

    def linreg(X, w, b):
        return X @ w + b

    def squared_loss(y_hat, y):
        return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2

    def sgd(params, lr, batch_size):
        with torch.no_grad():
            for param in params:
                param -= lr * param.grad / batch_size
                param.grad.zero_()

    def train():
        w = torch.from_numpy(w0.copy()).requires_grad_()
        b = torch.zeros(1, requires_grad=True)
        rnd = random.Random(3)
        losses = []
        for _ in range(LR_EPOCHS):
            for X, y in data_iter(LR_BATCH, features, labels, rnd):
                l = squared_loss(linreg(X, w, b), y)
                l.backward(torch.ones_like(l))
                sgd([w, b], LR_LR, LR_BATCH)
            with torch.no_grad():
                losses.append(squared_loss(linreg(features, w, b), labels).mean().item())
        final.update(w=w.detach().numpy().copy(), b=b.detach().numpy().copy(),
                     loss=np.array(losses))

    def result():
        train()
        return dict(final)

    return train, result


# ===== workload 4: an MLP 784-256-10 training step ===========================================
MLP_BATCH, MLP_IN, MLP_HIDDEN, MLP_OUT, MLP_LR = 256, 784, 256, 10, 0.1


def mlp_data():
    rng = np.random.default_rng(4)
    X = rng.random((MLP_BATCH, MLP_IN), dtype=F32)
    y = rng.integers(0, MLP_OUT, size=MLP_BATCH)
    W1 = rng.normal(scale=0.01, size=(MLP_IN, MLP_HIDDEN)).astype(F32)
    W2 = rng.normal(scale=0.01, size=(MLP_HIDDEN, MLP_OUT)).astype(F32)
    return X, y, [W1, np.zeros(MLP_HIDDEN, F32), W2, np.zeros(MLP_OUT, F32)]


def mlp_ndsh():
    nd, autograd = load_ndsh()
    X0, y0, params0 = mlp_data()
    X, y = nd.array(X0), nd.array(y0.astype(F32))
    params = [nd.array(p) for p in params0]
    for p in params:
        p.attach_grad()
    W1, b1, W2, b2 = params

    def softmax(X):
        X_exp = X.exp()
        partition = X_exp.sum(axis=1, keepdims=True)
        return X_exp / partition

    def cross_entropy(y_hat, y):
        return -nd.pick(y_hat, y).log()

    def net(X):
        H = nd.relu(nd.dot(X, W1) + b1)
        return nd.dot(H, W2) + b2

    def sgd(params, lr, batch_size):
        for param in params:
            param[:] = param - lr * param.grad / batch_size

    def step():
        with autograd.record():
            l = cross_entropy(softmax(net(X)), y)
        l.backward()
        sgd(params, MLP_LR, MLP_BATCH)

    def result():
        step()
        return {f"grad{i}": p.grad.asnumpy() for i, p in enumerate(params)}

    return step, result


def mlp_numpy():
    X, y, params = mlp_data()
    W1, b1, W2, b2 = params
    grads = [np.zeros_like(p) for p in params]
    gW1, gb1, gW2, gb2 = grads
    rows = np.arange(MLP_BATCH)
    step_size = F32(MLP_LR / MLP_BATCH)

    def step():
        Z = X @ W1
        Z += b1
        np.maximum(Z, 0, out=Z)                   # H = relu(Z), in place
        O = Z @ W2
        O += b2
        np.exp(O, out=O)
        O /= O.sum(axis=1, keepdims=True)         # P = softmax
        l = -np.log(O[rows, y])                   # the forward loss, as recorded  # noqa: F841
        # backward by hand (head gradient ones): dl/dO = P - onehot(y)
        O[rows, y] -= 1
        np.matmul(Z.T, O, out=gW2)
        O.sum(axis=0, out=gb2)
        gH = O @ W2.T
        gH *= Z > 0
        np.matmul(X.T, gH, out=gW1)
        gH.sum(axis=0, out=gb1)
        for p, g in zip(params, grads, strict=True):
            p -= step_size * g

    def result():
        step()
        return {f"grad{i}": g.copy() for i, g in enumerate(grads)}

    return step, result


def mlp_torch():
    torch = load_torch()
    X0, y0, params0 = mlp_data()
    X, y = torch.from_numpy(X0), torch.from_numpy(y0.astype(np.int64))
    params = [torch.from_numpy(p.copy()).requires_grad_() for p in params0]
    W1, b1, W2, b2 = params

    def softmax(X):
        X_exp = X.exp()
        partition = X_exp.sum(dim=1, keepdim=True)
        return X_exp / partition

    def cross_entropy(y_hat, y):
        return -y_hat.gather(1, y.view(-1, 1)).view(-1).log()

    def net(X):
        H = torch.relu(X @ W1 + b1)
        return H @ W2 + b2

    def step():
        for p in params:
            p.grad = None
        l = cross_entropy(softmax(net(X)), y)
        l.backward(torch.ones_like(l))
        with torch.no_grad():
            for p in params:
                p -= MLP_LR * p.grad / MLP_BATCH

    def result():
        step()
        return {f"grad{i}": p.grad.numpy().copy() for i, p in enumerate(params)}

    return step, result


# ===== workload 5: 2048 x 2048 matmul + relu + sum, backward ================================
MATMUL_N = 2048


def matmul_data(n):
    rng = np.random.default_rng(5)
    return rng.standard_normal((n, n), dtype=F32), rng.standard_normal((n, n), dtype=F32)


def matmul_ndsh(n):
    nd, autograd = load_ndsh()
    A0, B0 = matmul_data(n)
    A, B = nd.array(A0), nd.array(B0)
    A.attach_grad()
    B.attach_grad()
    out = {}

    def step():
        with autograd.record():
            s = nd.relu(nd.dot(A, B)).sum()
        s.backward()
        out["s"] = s

    def result():
        step()
        return {"s": out["s"].asnumpy(), "gA": A.grad.asnumpy(), "gB": B.grad.asnumpy()}

    return step, result


def matmul_numpy(n):
    A, B = matmul_data(n)
    # the .grad buffers, zeroed lazily (calloc) as ndsh's attach_grad and torch's first
    # backward make theirs: their pages count when the first step writes them, for all three
    gA, gB = np.zeros(A.shape, A.dtype), np.zeros(B.shape, B.dtype)
    out = {}

    def step():
        C = A @ B
        np.maximum(C, 0, out=C)                     # relu in place
        out["s"] = C.sum()
        np.greater(C, 0, out=C)                     # d sum(relu(C)) / dC, 0/1 in place
        np.matmul(C, B.T, out=gA)
        np.matmul(A.T, C, out=gB)

    def result():
        step()
        return {"s": np.array([out["s"]]), "gA": gA.copy(), "gB": gB.copy()}

    return step, result


def matmul_torch(n):
    torch = load_torch()
    A0, B0 = matmul_data(n)
    A, B = torch.from_numpy(A0).requires_grad_(), torch.from_numpy(B0).requires_grad_()
    out = {}

    def step():
        A.grad = None
        B.grad = None
        s = torch.relu(A @ B).sum()
        s.backward()
        out["s"] = s

    def result():
        step()
        return {"s": out["s"].detach().numpy().reshape(1), "gA": A.grad.numpy().copy(),
                "gB": B.grad.numpy().copy()}

    return step, result


# ===== workload 6: (x * 2 + 1).exp().sum() on 10M elements, backward =========================
EXP_N = 10_000_000


def exp_data(n):
    return np.random.default_rng(6).standard_normal(n, dtype=F32) * F32(0.5)


def exp_ndsh(n):
    nd, autograd = load_ndsh()
    x = nd.array(exp_data(n))
    x.attach_grad()
    out = {}

    def step():
        with autograd.record():
            s = (x * 2 + 1).exp().sum()
        s.backward()
        out["s"] = s

    def result():
        step()
        return {"s": out["s"].asnumpy(), "gx": x.grad.asnumpy()}

    return step, result


def exp_numpy(n):
    x = exp_data(n)
    gx = np.zeros(x.shape, x.dtype)      # the .grad buffer, zeroed lazily (see matmul_numpy)
    out = {}

    def step():
        t = x * 2
        t += 1
        np.exp(t, out=t)
        out["s"] = t.sum()
        np.multiply(t, 2, out=gx)                   # d/dx exp(2x + 1) = 2 exp(2x + 1)

    def result():
        step()
        return {"s": np.array([out["s"]]), "gx": gx.copy()}

    return step, result


def exp_torch(n):
    torch = load_torch()
    x = torch.from_numpy(exp_data(n)).requires_grad_()
    out = {}

    def step():
        x.grad = None
        s = (x * 2 + 1).exp().sum()
        s.backward()
        out["s"] = s

    def result():
        step()
        return {"s": out["s"].detach().numpy().reshape(1), "gx": x.grad.numpy().copy()}

    return step, result


# ===== the workload table ====================================================================
class Workload:
    """One row: factories per implementation, and targets as ratios of ndsh to the baseline
    (numpy written by hand; or PyTorch for the layer ops, which have no numpy column)."""

    def __init__(self, key, title, unit, scale, per, factories, target_time, target_mem=None,
                 tol=1e-4, large_size=None, check_size=None, samples=(7, 21),
                 sample_time=(0.02, 0.06), baseline="numpy"):
        self.key, self.title, self.unit, self.scale, self.per = key, title, unit, scale, per
        self.baseline = baseline
        self.factories = factories          # impl -> factory(*args) -> (step, result)
        self.target_time, self.target_mem = target_time, target_mem
        self.tol = tol
        self.large_size, self.check_size = large_size, check_size
        self.samples, self.sample_time = samples, sample_time

    @property
    def large(self) -> bool:
        return self.large_size is not None

    def make(self, impl, size=None):
        factory = self.factories[impl]
        return factory(size) if self.large else factory()


WORKLOADS = [
    Workload("tiny", "1 tiny ops, (4,) f32, not recorded", "us/op", 1e6, TINY_OPS,
             {"ndsh": lambda: tiny_ndsh(False), "numpy": lambda: tiny_numpy(False),
              "torch": lambda: tiny_torch(False)}, 2.5, samples=(9, 25)),
    Workload("tiny_rec", "1 tiny ops, (4,) f32, record+backward", "us/op", 1e6, TINY_OPS,
             {"ndsh": lambda: tiny_ndsh(True), "numpy": lambda: tiny_numpy(True),
              "torch": lambda: tiny_torch(True)}, 2.5, samples=(9, 25)),
    Workload("control", "2 seed control flow f(a), rec+bwd", "us", 1e6, 1,
             {"ndsh": control_ndsh, "numpy": control_numpy, "torch": control_torch}, 2.0,
             samples=(9, 25)),
    Workload("linreg", "3 d2l linreg, 3 epochs, whole training", "ms", 1e3, 1,
             {"ndsh": linreg_ndsh, "numpy": linreg_numpy, "torch": linreg_torch}, 4.0,
             tol=1e-3, samples=(5, 15), sample_time=(0.0, 0.0)),
    Workload("mlp", "4 MLP 784-256-10 step, batch 256", "ms", 1e3, 1,
             {"ndsh": mlp_ndsh, "numpy": mlp_numpy, "torch": mlp_torch}, 1.15,
             samples=(9, 25)),
    Workload("matmul", "5 2048^2 matmul+relu+sum, backward", "ms", 1e3, 1,
             {"ndsh": matmul_ndsh, "numpy": matmul_numpy, "torch": matmul_torch}, 1.15, 1.25,
             large_size=MATMUL_N, check_size=192, samples=(3, 7), sample_time=(0.0, 0.0)),
    Workload("exp", "6 (x*2+1).exp().sum(), 10M f32, bwd", "ms", 1e3, 1,
             {"ndsh": exp_ndsh, "numpy": exp_numpy, "torch": exp_torch}, 1.15, 1.25,
             large_size=EXP_N, check_size=100_000, samples=(5, 15), sample_time=(0.0, 0.0)),
]

def _layer_rows():
    """Issue 16's layer-op rows, against PyTorch (scripts/bench_layers.py)."""
    import bench_layers as L

    def pair(name):
        return {"ndsh": getattr(L, f"{name}_ndsh"), "torch": getattr(L, f"{name}_torch")}
    common = dict(large_size=1, samples=(3, 7), sample_time=(0.0, 0.0), baseline="torch")
    return [
        Workload("lenet", "7 d2l LeNet fwd+bwd, batch 256", "ms", 1e3, 1, pair("lenet"), 1.3,
                 1.5, tol=2e-3, **common),
        Workload("resblock", "8 ResNet block fwd+bwd, 64ch 56^2 b32", "ms", 1e3, 1,
                 pair("block"), 1.3, 1.5, tol=2e-3, **common),
        Workload("batchnorm", "9 BatchNorm fwd+bwd, (32,64,56,56)", "ms", 1e3, 1,
                 pair("batchnorm"), 1.3, 1.5, tol=2e-3, **common),
        Workload("lstm", "10 LSTM T35 N32 H256 x2 fwd+bwd", "ms", 1e3, 1, pair("lstm"), 1.5,
                 1.5, tol=2e-3, **common),
    ]


def _gluon_rows():
    """Issues 17 and 20's Gluon training steps, against PyTorch (scripts/bench_gluon.py)."""
    import bench_gluon as G

    def pair(name):
        return {"ndsh": getattr(G, f"{name}_ndsh"), "torch": getattr(G, f"{name}_torch")}
    return [
        Workload("gluon_mlp", "11 Gluon MLP 784-256-10 train step, b256", "ms", 1e3, 1,
                 pair("mlp"), 1.1, tol=2e-3, baseline="torch", samples=(9, 25), large_size=1),
        Workload("gluon_lenet", "12 Gluon LeNet (d2l 5.5) train step, b256", "ms", 1e3, 1,
                 pair("lenet"), 1.2, tol=2e-3, baseline="torch", samples=(5, 11),
                 sample_time=(0.0, 0.0), large_size=1),
    ]


WORKLOADS += _layer_rows()
WORKLOADS += _gluon_rows()
BY_KEY = {w.key: w for w in WORKLOADS}


# ----- measuring ----------------------------------------------------------------------------
# the clock of every timing sample; --cpu-time switches it (for the workers too, which inherit
# the environment)
CLOCK = time.process_time if os.environ.get("NDSH_BENCH_CLOCK") == "process" \
    else time.perf_counter


def time_once(fn, inner: int) -> float:
    t0 = CLOCK()
    for _ in range(inner):
        fn()
    return (CLOCK() - t0) / inner


def calibrate(fn, sample_time: float) -> int:
    """How many calls make one sample last about sample_time (at least one call)."""
    fn()
    if sample_time <= 0:
        return 1
    n, elapsed = 1, 0.0
    while True:
        elapsed = time_once(fn, n) * n
        if elapsed >= sample_time / 5 or n >= 1 << 20:
            break
        n *= 4
    return max(1, round(n * sample_time / max(elapsed, 1e-9)))


def sample_interleaved(w: Workload, steps: dict, quick: bool) -> dict:
    """Timing samples of several implementations, taken round-robin: {impl: [seconds/unit]}."""
    sample_time = w.sample_time[0 if quick else 1]
    inner = {impl: calibrate(step, sample_time) for impl, step in steps.items()}
    samples = {impl: [] for impl in steps}
    for _ in range(w.samples[0 if quick else 1]):
        for impl, step in steps.items():
            gc.collect()
            samples[impl].append(time_once(step, inner[impl]) / w.per)
    return samples


def proc_status(field: str) -> float:
    """A VmRSS/VmHWM-style field of /proc/self/status, in MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def measure_peak(step) -> tuple[float, bool]:
    """The peak RSS increase (MiB) over the first two calls of step, counted from before the
    first (module docstring), in this process; (value, approx)."""
    gc.collect()
    base = proc_status("VmRSS")
    approx = not reset_peak()
    step()
    step()
    return proc_status("VmHWM") - base, approx


def worker_main(impl: str, keys: list, mode: str, quick: bool, outdir: str) -> None:
    """A child process: for each key, the peak memory (large workloads, first thing in a fresh
    process), and in mode "full" also the check result (saved to outdir) and timing samples.
    Prints one JSON line."""
    report = {"version": None, "threads": None, "results": {}}
    if impl == "torch":
        torch = load_torch()
        if torch is None:
            print(json.dumps({"unavailable": "import torch failed"}))
            return
        report["version"], report["threads"] = torch.__version__, torch.get_num_threads()
    for key in keys:
        w = BY_KEY[key]
        res = report["results"][key] = {}
        if w.large:
            step = w.make(impl, w.large_size)[0]
            res["peak_mib"], res["approx"] = measure_peak(step)
            if mode == "memory":
                continue
        else:
            step = w.make(impl)[0]
        check = w.make(impl, w.check_size)[1]() if w.large else w.make(impl)[1]()
        path = os.path.join(outdir, f"{impl}-{key}.npz")
        np.savez(path, **check)
        res["check"] = path
        res["times"] = sample_interleaved(w, {impl: step}, quick)[impl]
    print(json.dumps(report))


def run_worker(impl: str, keys: list, mode: str, quick: bool, outdir: str) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", impl, ",".join(keys),
           "--mode", mode, "--outdir", outdir] + (["--quick"] if quick else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"the {impl} worker for {','.join(keys)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_workload(w: Workload, quick: bool, outdir: str) -> tuple[dict, dict]:
    """ndsh and numpy here: check, interleaved timing; peak memory in fresh children.
    Returns ({impl: {"times": [...], "peak_mib": ...}}, numpy's check result). A row against
    PyTorch times ndsh alone here (torch runs in its worker) and returns ndsh's result, which
    torch's is checked against; an op ndsh lacks yet makes the row n/a, not a failure."""
    if w.baseline == "torch":
        try:
            ref = w.make("ndsh", w.check_size)[1]()
        except Exception as error:  # noqa: BLE001 - any reason ndsh cannot run it is reported
            return {"note": f"n/a: {type(error).__name__}: {str(error)[:120]}"}, None
        samples = sample_interleaved(w, {"ndsh": w.make("ndsh", w.large_size)[0]}, quick)
        gc.collect()
        out = {"ndsh": {"times": samples["ndsh"]}}
        if w.large:
            res = run_worker("ndsh", [w.key], "memory", quick, outdir)["results"][w.key]
            out["ndsh"].update(peak_mib=res["peak_mib"], approx=res["approx"])
        return out, ref
    size = w.check_size if w.large else None
    ref = w.make("numpy", size)[1]()
    check_results(w.title + (f" (size {size})" if size else ""),
                  {"numpy": ref, "ndsh": w.make("ndsh", size)[1]()}, w.tol)
    steps = {impl: w.make(impl, w.large_size)[0] for impl in ("ndsh", "numpy")}
    samples = sample_interleaved(w, steps, quick)
    del steps
    gc.collect()
    out = {impl: {"times": samples[impl]} for impl in samples}
    if w.large:
        for impl in ("ndsh", "numpy"):
            res = run_worker(impl, [w.key], "memory", quick, outdir)["results"][w.key]
            out[impl].update(peak_mib=res["peak_mib"], approx=res["approx"])
    return out, ref


def run_torch(keys: list, refs: dict, quick: bool, outdir: str, results: dict) -> dict:
    """The torch column: one child for the small workloads, a fresh one per large workload.
    Adds results["<key>"]["torch"]; returns the torch worker's report header."""
    small = [k for k in keys if not BY_KEY[k].large]
    large = [k for k in keys if BY_KEY[k].large]
    # a large workload's memory is measured first thing in a fresh process; the small
    # workloads share the first such process (one `import torch` fewer)
    batches = [[k] for k in large] or [[]]
    batches[0] += small
    header = {}
    for batch in batches:
        progress(f"torch: {', '.join(batch)}")
        report = run_worker("torch", batch, "full", quick, outdir)
        if "unavailable" in report:
            return {}
        header = {"version": report["version"], "threads": report["threads"]}
        for key, res in report["results"].items():
            w = BY_KEY[key]
            with np.load(res.pop("check")) as data:
                got = {name: data[name] for name in data.files}
            if w.baseline == "torch":
                check_results(w.title, {"torch": got, "ndsh": refs[key]}, w.tol, "torch")
            else:
                check_results(w.title, {"numpy": refs[key], "torch": got}, w.tol)
            results[key]["torch"] = res
    return header


# ----- start-up -----------------------------------------------------------------------------
def wall(cmd, env=None) -> tuple[float, subprocess.CompletedProcess]:
    """(seconds, the finished process): the wall time of the command, or under --cpu-time its
    CPU time, user + system (a loaded machine's waits left out)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if CLOCK is time.process_time:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, proc


def ndsh_command():
    local = os.path.join(os.path.dirname(sys.executable), "ndsh")
    if os.path.exists(local):
        return local
    return shutil.which("ndsh")


def measure_startup(quick: bool, have_torch: bool) -> dict:
    n = 5 if quick else 15
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.py")
        open(empty, "w").close()
        # compiled bytecode for every command, in a cache of their own (module docstring)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        commands = {"numpy": [sys.executable, "-c", "import numpy"]}
        exe = ndsh_command()
        if exe is not None and wall([exe, "run", empty], env)[1].returncode == 0:
            commands["ndsh"] = [exe, "run", empty]
        else:
            result["note"] = "n/a (ndsh run not installed)"
        for cmd in commands.values():
            wall(cmd, env)              # warm the file cache and fill the bytecode cache
        times = {k: [] for k in commands}
        for _ in range(n):
            for k, cmd in commands.items():
                times[k].append(wall(cmd, env)[0])
        if have_torch:                  # context only: a few runs of the slow import
            torch_cmd = [sys.executable, "-c", "import torch"]
            wall(torch_cmd, env)
            times["torch"] = [wall(torch_cmd, env)[0] for _ in range(1 if quick else 3)]
        for k, ts in times.items():
            result[k] = {"times": ts}
    return result


# ----- environment --------------------------------------------------------------------------
def loadavg() -> str | None:
    """The 1, 5 and 15 minute load averages: a busy machine makes every number noisy."""
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return None


def torch_installed() -> bool:
    """Whether torch is there to try (its workers say if `import torch` fails); this process
    never imports torch, whose OpenMP threads would share the cores with numpy's and ndsh's."""
    return importlib.util.find_spec("torch") is not None


def environment() -> dict:
    env = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": None,
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else None,
        "env": {k: v for k, v in sorted(os.environ.items())
                if k.startswith(("OPENBLAS_", "OMP_", "MKL_", "GOTO", "BLIS_"))},
    }
    env["loadavg_start"] = loadavg()
    env["clock"] = "process_time" if CLOCK is time.process_time else "perf_counter"
    try:
        import ndsh
        env["ndsh"] = ndsh.__version__
    except Exception as error:  # the bench still reports the environment
        env["ndsh"] = f"unimportable: {error}"
    try:
        import threadpoolctl
        env["threadpools"] = [
            {k: info.get(k) for k in ("internal_api", "version", "num_threads",
                                      "threading_layer", "architecture", "filepath")}
            for info in threadpoolctl.threadpool_info()]
    except ImportError:
        env["threadpools"] = "threadpoolctl not installed"
    return env


# ----- the report ---------------------------------------------------------------------------
def median(xs):
    return statistics.median(xs) if xs else None


def fmt(v, digits=3):
    if v is None:
        return "n/a"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.{digits - 1}f}" if v >= 1 else f"{v:.{digits}f}"


def spread(xs):
    """The interquartile range over the median: how far to trust a median."""
    if not xs or len(xs) < 4:
        return None
    q1, _, q3 = statistics.quantiles(xs, n=4)
    return (q3 - q1) / statistics.median(xs)


def make_rows(results: dict) -> list:
    rows = []
    for w in WORKLOADS:
        if w.key not in results:
            continue
        res = results[w.key]
        if "note" in res:                   # ndsh cannot run it (an op not there yet)
            r = row(w.title, w.unit, {}, w.target_time, {}, w.baseline)
            r["note"] = res["note"]
            rows.append(r)
            continue
        med = {impl: (median(res[impl]["times"]) * w.scale if impl in res else None)
               for impl in IMPLS}
        spreads = {impl: spread(res[impl]["times"]) for impl in res}
        rows.append(row(w.title, w.unit, med, w.target_time, spreads, w.baseline))
        if w.large:
            mem = {impl: (res[impl]["peak_mib"] if impl in res else None) for impl in IMPLS}
            approx = any(res[impl].get("approx") for impl in res)
            rows.append(row(f"  peak RSS increase{' (approx)' if approx else ''}", "MiB", mem,
                            w.target_mem, {}, w.baseline))
    if "startup" in results:
        res = results["startup"]
        med = {impl: (median(res[impl]["times"]) * 1e3 if impl in res else None)
               for impl in IMPLS}
        spreads = {impl: spread(res[impl]["times"]) for impl in IMPLS if impl in res}
        r = row("start-up: ndsh run empty.py | import numpy | import torch", "ms", med, 2.0,
                spreads)
        if "note" in res:
            r["note"] = res["note"]
        rows.append(r)
    return rows


def row(title, unit, med, target, spreads, baseline="numpy"):
    np_, torch_ = med.get("numpy"), med.get("torch")
    ratio = med["ndsh"] / np_ if med.get("ndsh") is not None and np_ else None
    tratio = torch_ / np_ if torch_ is not None and np_ else None
    vs_torch = med["ndsh"] / torch_ if med.get("ndsh") is not None and torch_ else None
    judged = vs_torch if baseline == "torch" else ratio
    verdict = None
    if target is not None and judged is not None:
        verdict = "PASS" if judged <= target else "MISS"
    noisy = any((spreads.get(impl) or 0) > NOISY for impl in ("ndsh", baseline))
    return {"workload": title, "unit": unit, "ndsh": med.get("ndsh"), "numpy": np_,
            "torch": torch_, "ndsh/numpy": ratio, "torch/numpy": tratio, "ndsh/torch": vs_torch,
            "baseline": baseline, "judged": judged, "target": target, "verdict": verdict,
            "spread": spreads, "noisy": noisy}


def print_table(env: dict, rows: list, elapsed: float, quick: bool) -> None:
    print(f"ndsh bench ({'quick' if quick else 'full'} run, {elapsed:.0f} s)")
    print(f"python {env['python']}  numpy {env['numpy']}  torch {env['torch'] or 'n/a'}  "
          f"ndsh {env['ndsh']}  cpus {env['cpu_count']} (affinity {env['cpu_affinity']})")
    print(env["platform"])
    cpu = env.get("clock") == "process_time"
    print("timing: " + ("CPU time (--cpu-time: time.process_time, all threads of the process; "
                        "start-up: the subprocesses' user+system time)" if cpu else
                        "wall time (time.perf_counter; start-up: the subprocesses' wall time)"))
    blas = ", ".join(f"{k}={v}" for k, v in env["env"].items() if k.endswith("_NUM_THREADS"))
    print(f"threads: ndsh/numpy BLAS {blas or 'as BLAS chooses (no *_NUM_THREADS set)'}; "
          f"torch {env.get('torch_threads') or 'n/a'} (torch.get_num_threads() in its worker)")
    print(f"BLAS/thread env: {env['env'] or 'none set'}   load average at start "
          f"{env.get('loadavg_start')}, at end {env.get('loadavg_end')} ({env['cpu_count']} cpus)")
    pools = env["threadpools"]
    if isinstance(pools, str):
        print(f"threadpools: {pools}")
    else:
        for p in pools:
            print(f"threadpool: {p['internal_api']} {p['version']} threads={p['num_threads']} "
                  f"arch={p.get('architecture')} {os.path.basename(p['filepath'] or '')}")
    print()
    head = (f"{'workload':<44} {'unit':>5} {'ndsh':>8} {'numpy':>8} {'torch':>8} "
            f"{'ndsh/np':>8} {'torch/np':>8} {'ndsh/tch':>8} {'target':>9}  verdict")
    print(head)
    print("-" * len(head))
    for r in rows:
        target = ""
        if r["target"] is not None:
            target = f"<={r['target']:g}" + ("t" if r["baseline"] == "torch" else "")
        ndsh_cell = fmt(r["ndsh"]) if r["ndsh"] is not None else "n/a"
        ratio = f"{r['ndsh/numpy']:.2f}x" if r["ndsh/numpy"] is not None else "n/a"
        tratio = f"{r['torch/numpy']:.2f}x" if r["torch/numpy"] is not None else "n/a"
        vs_torch = f"{r['ndsh/torch']:.2f}x" if r["ndsh/torch"] is not None else "n/a"
        verdict = r["verdict"] or ""
        if verdict == "MISS":
            verdict += f" (by {r['judged'] / r['target']:.2f}x)"
        if r["noisy"]:
            verdict += " noisy"
        print(f"{r['workload'][:44]:<44} {r['unit']:>5} {ndsh_cell:>8} {fmt(r['numpy']):>8} "
              f"{fmt(r['torch']):>8} {ratio:>8} {tratio:>8} {vs_torch:>8} {target:>9}  "
              f"{verdict}")
        if r.get("note"):
            print(f"{'':<44}   ndsh: {r['note']}")
    print()
    print("medians; ratios are ndsh/numpy-by-hand, torch/numpy-by-hand and ndsh/torch; a target "
          "ending in t is on ndsh/torch (the layer rows), else on ndsh/numpy; a MISS says by what "
          "factor the ratio exceeds its target;")
    print(f"'noisy': the ndsh or numpy samples' interquartile range exceeds {NOISY:.0%} of "
          f"their median (another load on the machine?): rerun before trusting that row")


# ----- main ---------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--only", default="",
                        help="comma-separated workload keys: "
                        + ",".join([w.key for w in WORKLOADS] + ["startup"]))
    parser.add_argument("--no-torch", action="store_true", help="leave the torch column out")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time with process CPU time instead of wall time (a shared, "
                             "loaded machine); start-up with its subprocesses' CPU time")
    parser.add_argument("--worker", nargs=2, metavar=("IMPL", "KEYS"), help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="full", help=argparse.SUPPRESS)
    parser.add_argument("--outdir", default=".", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cpu_time:
        global CLOCK
        os.environ["NDSH_BENCH_CLOCK"] = "process"      # for the workers
        CLOCK = time.process_time

    if args.worker:
        impl, keys = args.worker
        worker_main(impl, keys.split(","), args.mode, args.quick, args.outdir)
        return 0

    keys = [k for k in args.only.split(",") if k] or [w.key for w in WORKLOADS] + ["startup"]
    unknown = set(keys) - set(BY_KEY) - {"startup"}
    if unknown:
        parser.error(f"unknown workload(s): {', '.join(sorted(unknown))}")
    t0 = time.perf_counter()
    env = environment()
    have_torch = not args.no_torch and torch_installed()
    results, refs = {}, {}
    try:
        with tempfile.TemporaryDirectory() as outdir:
            for w in WORKLOADS:
                if w.key in keys:
                    progress(w.key)
                    results[w.key], refs[w.key] = run_workload(w, args.quick, outdir)
            runnable = [key for key, ref in refs.items() if ref is not None]
            if have_torch and runnable:
                header = run_torch(runnable, refs, args.quick, outdir, results)
                have_torch = bool(header)
                env["torch"], env["torch_threads"] = header.get("version"), header.get("threads")
    except Disagreement as error:
        print(f"bench: the implementations disagree, so timing them means nothing: {error}",
              file=sys.stderr)
        return 2
    if have_torch and env["torch"] is None:
        proc = subprocess.run([sys.executable, "-c", "import torch; print(torch.__version__)"],
                              capture_output=True, text=True)
        env["torch"] = proc.stdout.strip() or None
        have_torch = env["torch"] is not None
    if "startup" in keys:
        progress("start-up")
        results["startup"] = measure_startup(args.quick, have_torch)
    elapsed = time.perf_counter() - t0
    env["loadavg_end"] = loadavg()
    rows = make_rows(results)
    if args.json:
        json.dump({"quick": args.quick, "elapsed_s": elapsed, "environment": env, "rows": rows,
                   "samples": results}, sys.stdout, indent=1)
        print()
    else:
        print_table(env, rows, elapsed, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())

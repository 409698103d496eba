"""The Gluon training-step workloads of scripts/bench.py (issues 17 and 20): d2l's concise MLP and
d2l's LeNet written with `mxnet.gluon` under ndsh, against the same model in PyTorch's CPU build
(torch.nn, torch.optim.SGD), each a whole training step: forward under autograd.record(),
backward, trainer.step(batch_size) (PyTorch: zero_grad, forward, loss.mean().backward(), step).

Both sides start from the same parameters (drawn here with numpy); the check compares the
parameters after one step. Each factory returns (step, result) as bench_layers.py's do.
"""
from __future__ import annotations

import numpy as np

F32 = np.float32
BATCH = 256


def _normal(rng, shape, scale):
    return (rng.standard_normal(shape) * scale).astype(F32)


def _load_gluon():
    from ndsh import autograd, nd
    from ndsh.gluon import Trainer, loss, nn
    return nd, autograd, nn, loss, Trainer


def _load_torch():
    import torch
    return torch


def _set_params(net, arrays, nd):
    """Put the numpy arrays into the net's parameters, in collect_params() order."""
    params = list(net.collect_params().values())
    assert len(params) == len(arrays), (len(params), len(arrays))
    for p, a in zip(params, arrays):
        p.set_data(nd.array(a))
    return params


def _gluon_step(net, X, y, lossfn, trainer, autograd):
    def step():
        with autograd.record():
            l = lossfn(net(X), y)
        l.backward()
        trainer.step(BATCH)
    return step


def _torch_step(net, X, y, torch, lr):
    lossfn = torch.nn.CrossEntropyLoss(reduction="none")
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)

    def step():
        optimizer.zero_grad()
        l = lossfn(net(X), y)
        l.mean().backward()
        optimizer.step()
    return step


def _results(step, params, as_numpy):
    def result():
        step()
        return {f"p{i}": as_numpy(p) for i, p in enumerate(params)}
    return result


# ===== d2l 3.10, the concise MLP: 784-256-10, batch 256, sgd lr 0.1 ===========================
MLP_LR = 0.1


def mlp_data():
    rng = np.random.default_rng(11)
    X = rng.random((BATCH, 784), dtype=F32)
    y = rng.integers(0, 10, size=BATCH)
    params = [_normal(rng, (256, 784), 0.01), np.zeros(256, F32),
              _normal(rng, (10, 256), 0.01), np.zeros(10, F32)]
    return X, y, params


def mlp_ndsh(size=None):
    nd, autograd, nn, gloss, Trainer = _load_gluon()
    X0, y0, params0 = mlp_data()
    net = nn.Sequential()
    net.add(nn.Dense(256, activation="relu"), nn.Dense(10))
    net.initialize()
    X, y = nd.array(X0), nd.array(y0.astype(F32))
    net(X[:1])              # resolve the deferred shapes (a whole batch would warm the heap)
    params = _set_params(net, params0, nd)
    trainer = Trainer(net.collect_params(), "sgd", {"learning_rate": MLP_LR})
    step = _gluon_step(net, X, y, gloss.SoftmaxCrossEntropyLoss(), trainer, autograd)
    return step, _results(step, params, lambda p: p.data().asnumpy())


def mlp_torch(size=None):
    torch = _load_torch()
    X0, y0, params0 = mlp_data()
    nn = torch.nn
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    params = list(net.parameters())
    with torch.no_grad():
        for p, a in zip(params, params0):
            p.copy_(torch.from_numpy(a))
    step = _torch_step(net, torch.from_numpy(X0), torch.from_numpy(y0.astype(np.int64)),
                       torch, MLP_LR)
    return step, _results(step, params, lambda p: p.detach().numpy().copy())


# ===== d2l-zh 5.5, LeNet: sigmoid, max pooling, 1x28x28, batch 256, sgd lr 0.9 ================
LENET_LR = 0.9
LENET_SHAPES = [(6, 1, 5, 5), (6,), (16, 6, 5, 5), (16,), (120, 256), (120,), (84, 120), (84,),
                (10, 84), (10,)]


def lenet_data():
    rng = np.random.default_rng(12)
    X = rng.random((BATCH, 1, 28, 28), dtype=F32)
    y = rng.integers(0, 10, size=BATCH)
    return X, y, [_normal(rng, s, 0.1) for s in LENET_SHAPES]


def lenet_ndsh(size=None):
    nd, autograd, nn, gloss, Trainer = _load_gluon()
    X0, y0, params0 = lenet_data()
    net = nn.Sequential()
    net.add(nn.Conv2D(channels=6, kernel_size=5, activation="sigmoid"),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(channels=16, kernel_size=5, activation="sigmoid"),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Dense(120, activation="sigmoid"),
            nn.Dense(84, activation="sigmoid"),
            nn.Dense(10))
    net.initialize()
    X, y = nd.array(X0), nd.array(y0.astype(F32))
    net(X[:1])
    params = _set_params(net, params0, nd)
    trainer = Trainer(net.collect_params(), "sgd", {"learning_rate": LENET_LR})
    step = _gluon_step(net, X, y, gloss.SoftmaxCrossEntropyLoss(), trainer, autograd)
    return step, _results(step, params, lambda p: p.data().asnumpy())


def lenet_torch(size=None):
    torch = _load_torch()
    nn = torch.nn
    X0, y0, params0 = lenet_data()
    net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2, 2),
                        nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2, 2), nn.Flatten(),
                        nn.Linear(256, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(),
                        nn.Linear(84, 10))
    params = list(net.parameters())
    with torch.no_grad():
        for p, a in zip(params, params0):
            p.copy_(torch.from_numpy(a))
    step = _torch_step(net, torch.from_numpy(X0), torch.from_numpy(y0.astype(np.int64)),
                       torch, LENET_LR)
    return step, _results(step, params, lambda p: p.detach().numpy().copy())

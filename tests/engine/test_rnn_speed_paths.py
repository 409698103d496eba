"""nd.RNN's shortcuts for speed (ndsh/engine/ops/rnn_backward.py, rnn_kernels.py), each against
central finite differences in float64 (no other oracle needed): the weight gradients skip the
initial state's product when that state is zero (begin_state's zeros, the common case), and
reuse the input bias's column sums for the recurrent bias when both see the same gates; the
LSTM and the GRU run their steps on gates laid out (G*H, N) and hand the weight gradients'
products (T, N, .) views of one contiguous array (the step-by-step reference and PyTorch's
gradients in test_rnn_op.py check the values; here the float32 bench shape against
float64)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd

GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}
RNG = np.random.default_rng(2026)
T, N, SIZE, HIDDEN = 4, 3, 3, 4


def _count(mode, layers, directions):
    g, total = GATES[mode], 0
    for layer in range(layers):
        inputs = SIZE if layer == 0 else directions * HIDDEN
        total += directions * g * HIDDEN * (inputs + HIDDEN + 2)
    return total


def _loss(mode, layers, directions, x, w, h, c, head):
    args = [nd.array(a, dtype="float64") for a in (x, w, h, c) if a is not None]
    out = nd.RNN(*args, state_size=HIDDEN, num_layers=layers, mode=mode,
                 bidirectional=directions == 2)
    return float((out.asnumpy() * head).sum())


@pytest.mark.parametrize("mode", list(GATES))
@pytest.mark.parametrize("layers,directions", [(1, 1), (2, 2)])
@pytest.mark.parametrize("start", ["zero", "random"])
def test_weight_gradients_equal_finite_differences(mode, layers, directions, start):
    x = RNG.uniform(-1, 1, (T, N, SIZE))
    w = RNG.uniform(-0.6, 0.6, _count(mode, layers, directions))
    h = np.zeros((layers * directions, N, HIDDEN))
    if start == "random":
        h = RNG.uniform(-1, 1, h.shape)
    c = np.zeros_like(h) if mode == "lstm" else None
    head = RNG.uniform(-1, 1, (T, N, directions * HIDDEN))
    arrays = [nd.array(a, dtype="float64") for a in (x, w, h, c) if a is not None]
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        out = nd.RNN(*arrays, state_size=HIDDEN, num_layers=layers, mode=mode,
                     bidirectional=directions == 2)
    out.backward(nd.array(head, dtype="float64"))
    got = arrays[1].grad.asnumpy()
    # every parameter: W_h2h's entries and both biases are where the shortcuts act
    eps, want = 1e-6, np.empty_like(w)
    for i in range(w.size):
        up, down = w.copy(), w.copy()
        up[i] += eps
        down[i] -= eps
        want[i] = (_loss(mode, layers, directions, x, up, h, c, head)
                   - _loss(mode, layers, directions, x, down, h, c, head)) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    h_grad = arrays[2].grad.asnumpy()
    assert h_grad.shape == h.shape and np.abs(h_grad).max() > 0


@pytest.mark.parametrize("mode", ["lstm", "gru"])
def test_float32_at_the_bench_shape_matches_float64_within_float32_rounding(mode):
    """The gate-major layouts (LSTM, GRU) at the bench's batch of 32, float32 against
    float64."""
    t, n, size, hidden = 6, 32, 16, 32
    x = RNG.standard_normal((t, n, size))
    w = RNG.uniform(-0.2, 0.2, GATES[mode] * hidden * (size + hidden + 2))
    h, c = RNG.uniform(-1, 1, (2, 1, n, hidden))
    results = {}
    for dtype in ("float32", "float64"):
        arrays = [nd.array(a, dtype=dtype) for a in (x, w, h, c if mode == "lstm" else None)
                  if a is not None]
        for a in arrays:
            a.attach_grad()
        with autograd.record():
            out = nd.RNN(*arrays, state_size=hidden, num_layers=1, mode=mode)
        out.backward()
        results[dtype] = [out.asnumpy()] + [a.grad.asnumpy() for a in arrays]
    for low, high in zip(results["float32"], results["float64"]):
        np.testing.assert_allclose(low, high, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("mode", list(GATES))
def test_skipping_unwanted_ends_changes_no_wanted_gradient(mode, monkeypatch):
    """rnn_backward.wanted_ends: with only the parameters attached, the backward skips the
    first layer's dX and each last step's product into d h0; the parameters' gradient is the
    general path's (every gradient computed) bit for bit, and that of a call where the data
    and the states want gradients too."""
    from ndsh.engine.ops import rnn_backward
    layers, directions = 2, 2
    x = RNG.uniform(-1, 1, (T, N, SIZE))
    w = RNG.uniform(-0.6, 0.6, _count(mode, layers, directions))
    h = RNG.uniform(-1, 1, (layers * directions, N, HIDDEN))
    c = RNG.uniform(-1, 1, h.shape) if mode == "lstm" else None
    head = nd.array(RNG.uniform(-1, 1, (T, N, directions * HIDDEN)), dtype="float32")
    seen = []

    def grads(attach_all):
        arrays = [nd.array(a, dtype="float32") for a in (x, w, h, c) if a is not None]
        for a in arrays if attach_all else arrays[1:2]:
            a.attach_grad()
        with autograd.record():
            out = nd.RNN(*arrays, state_size=HIDDEN, num_layers=layers, mode=mode,
                         bidirectional=True)
        out.backward(head)
        return [None if a.grad is None else a.grad.asnumpy() for a in arrays]

    original = rnn_backward.wanted_ends

    def spy(wanted):
        seen.append(original(wanted))
        return seen[-1]
    monkeypatch.setattr(rnn_backward, "wanted_ends", spy)
    fast = grads(attach_all=False)
    assert seen == [(False, False)]                 # the shortcut was taken
    everything = grads(attach_all=True)
    assert seen[-1] == (True, True)
    monkeypatch.setattr(rnn_backward, "wanted_ends", lambda wanted: (True, True))
    general = grads(attach_all=False)
    assert fast[0] is None and fast[2] is None
    np.testing.assert_array_equal(fast[1], general[1])
    np.testing.assert_array_equal(fast[1], everything[1])
    assert all(g is not None and np.isfinite(g).all() for g in everything)


@pytest.mark.parametrize("mode", ["lstm", "gru"])
@pytest.mark.parametrize("directions", [1, 2])
def test_skipping_the_first_product_from_a_zero_state_changes_nothing(mode, directions,
                                                                       monkeypatch):
    """rnn_kernels.starts_from_zero: from h0 = 0 the LSTM and GRU forwards skip their first
    step's W_h2h h0^T (GRU's W_hn h0 + b_hn is then b_hn); outputs, last states and every
    gradient equal the general path's (the product computed) bit for bit, with the LSTM's c0
    zero or not. It is not taken where W_h2h holds an inf or a NaN (MXNet's product then
    gives NaN: 0 * inf) or h0 has a nonzero entry."""
    from ndsh.engine.ops import rnn_kernels
    layers = 2
    x = RNG.uniform(-1, 1, (T, N, SIZE))
    w = RNG.uniform(-0.6, 0.6, _count(mode, layers, directions))
    h = np.zeros((layers * directions, N, HIDDEN))
    taken = []
    original = rnn_kernels.starts_from_zero

    def spy(xp, h0, wh):
        taken.append(original(xp, h0, wh))
        return taken[-1]

    def run(c):
        arrays = [nd.array(a, dtype="float32") for a in (x, w, h, c) if a is not None]
        for a in arrays:
            a.attach_grad()
        with autograd.record():
            outs = nd.RNN(*arrays, state_size=HIDDEN, num_layers=layers, mode=mode,
                          bidirectional=directions == 2, state_outputs=True)
        autograd.backward(outs, [nd.ones_like(o) for o in outs])
        return [o.asnumpy() for o in outs] + [a.grad.asnumpy() for a in arrays]

    cells = (np.zeros_like(h), RNG.uniform(-1, 1, h.shape)) if mode == "lstm" else (None,)
    for c in cells:
        monkeypatch.setattr(rnn_kernels, "starts_from_zero", spy)
        fast = run(c)
        assert len(taken) == layers * directions and all(taken)
        taken.clear()
        monkeypatch.setattr(rnn_kernels, "starts_from_zero", lambda xp, h0, wh: False)
        general = run(c)
        for a, b in zip(fast, general):
            np.testing.assert_array_equal(a, b)
    wh = np.ones((4 * HIDDEN, HIDDEN), dtype=np.float32)
    assert original(np, np.zeros((N, HIDDEN), np.float32), wh)
    wh[3, 2] = np.inf
    assert not original(np, np.zeros((N, HIDDEN), np.float32), wh)
    wh[3, 2] = np.nan
    assert not original(np, np.zeros((N, HIDDEN), np.float32), wh)
    assert not original(np, np.eye(N, HIDDEN, dtype=np.float32), np.ones_like(wh))

"""nd.RNN, the fused recurrent op: against a step-by-step numpy reference and PyTorch's LSTM /
GRU / RNN (weights repacked into MXNet's flat layout), its outputs' forms, dropout, the recorded
graph (one node, freed after backward), and a one-paragraph error for each bad input.
The values against MXNet itself are golden cases (scripts/golden_cases/rnn.py); the gradients
against finite differences are in tests/engine/gradient_cases/rnn.py."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.graph import InPlaceWriteError
from ndsh.engine.mxnet_errors import MXNetError

GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}
RNG = np.random.default_rng(16)


def count(mode, layers, directions, size, hidden, projection=0):
    g, r, total = GATES[mode], projection or hidden, 0
    for layer in range(layers):
        inputs = size if layer == 0 else directions * r
        total += directions * (g * hidden * (inputs + r) + (r * hidden if projection else 0)
                               + 2 * g * hidden)
    return total


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def unpack(params, mode, layers, directions, size, hidden, projection=0):
    """[(W_i2h, W_h2h, W_h2r or None, b_i2h, b_h2h)] per layer and direction."""
    g, r, pos, blocks = GATES[mode], projection or hidden, 0, []
    for layer in range(layers):
        for _ in range(directions):
            block = []
            for rows, cols in ((g * hidden, size if layer == 0 else directions * r),
                               (g * hidden, r), (r, hidden) if projection else (0, 0)):
                block.append(params[pos:pos + rows * cols].reshape(rows, cols) if rows else None)
                pos += rows * cols
            blocks.append(block)
    for block in blocks:
        block += [params[pos:pos + g * hidden], params[pos + g * hidden:pos + 2 * g * hidden]]
        pos += 2 * g * hidden
    assert pos == params.size
    return blocks


def reference(x, params, h0, c0, mode, layers, directions, hidden, projection=0, masks=None):
    """The fused RNN step by step, as MXNet 1.9.1 computes it: (out, h_T, c_T or None)."""
    T = x.shape[0]
    blocks = unpack(params, mode, layers, directions, x.shape[2], hidden, projection)
    H = hidden
    inp, h_last, c_last = x, [], []
    for layer in range(layers):
        outs = []
        for d in range(directions):
            wi, wh, wr, bi, bh = blocks[layer * directions + d]
            h, c = h0[layer * directions + d], None if c0 is None else c0[layer * directions + d]
            ys = [None] * T
            for t in (range(T) if d == 0 else range(T - 1, -1, -1)):
                gi, gh = inp[t] @ wi.T + bi, h @ wh.T + bh
                if mode == "rnn_tanh":
                    h = np.tanh(gi + gh)
                elif mode == "rnn_relu":
                    h = np.maximum(gi + gh, 0)
                elif mode == "lstm":
                    i, f, g, o = np.split(gi + gh, 4, axis=1)
                    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
                    h = sigmoid(o) * np.tanh(c)
                    if wr is not None:
                        h = h @ wr.T
                else:
                    r = sigmoid(gi[:, :H] + gh[:, :H])
                    z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
                    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
                    h = (1 - z) * n + z * h
                ys[t] = h
            outs.append(np.stack(ys))
            h_last.append(h)
            c_last.append(c)
        inp = np.concatenate(outs, axis=2)
        if masks is not None and layer < layers - 1:
            inp = inp * masks[layer]
    return inp, np.stack(h_last), None if c0 is None else np.stack(c_last)


def make(mode, layers=1, directions=1, T=4, N=3, size=5, hidden=4, projection=0,
         dtype="float64", scale=0.5):
    r = projection or hidden
    x = RNG.uniform(-1, 1, (T, N, size))
    w = RNG.uniform(-scale, scale, count(mode, layers, directions, size, hidden, projection))
    h = RNG.uniform(-1, 1, (layers * directions, N, r))
    c = RNG.uniform(-1, 1, (layers * directions, N, hidden)) if mode == "lstm" else None
    arrays = [nd.array(a, dtype=dtype) for a in (x, w, h, c) if a is not None]
    return (x, w, h, c), arrays, dict(state_size=hidden, num_layers=layers, mode=mode,
                                      bidirectional=directions == 2)


LAYOUTS = [(1, 1), (2, 1), (1, 2), (3, 2)]


@pytest.mark.parametrize("mode", list(GATES))
@pytest.mark.parametrize("layers,directions", LAYOUTS)
def test_forward_equals_a_step_by_step_reference(mode, layers, directions):
    (x, w, h, c), arrays, kw = make(mode, layers, directions)
    got = nd.RNN(*arrays, state_outputs=True, **kw)
    want = reference(x, w, h, c, mode, layers, directions, kw["state_size"])
    assert isinstance(got, list) and len(got) == (3 if mode == "lstm" else 2)
    for g, e in zip(got, want):
        np.testing.assert_allclose(g.asnumpy(), e, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", list(GATES))
def test_float32_forward_and_gradients_stay_float32(mode):
    (x, w, h, c), arrays, kw = make(mode, 2, 2, dtype="float32")
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        out = nd.RNN(*arrays, **kw)
    out.backward()
    want = reference(x, w, h, c, mode, 2, 2, kw["state_size"])[0]
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5, atol=1e-6)
    assert all(a.grad.dtype == np.float32 for a in arrays)


def test_without_state_outputs_one_array_of_shape_T_N_DH():
    _, arrays, kw = make("gru", 2, 2, T=5, N=3, hidden=4)
    out = nd.RNN(*arrays, **kw)
    assert isinstance(out, nd.NDArray) and out.shape == (5, 3, 8)


def test_projection_is_an_lstm_whose_h_goes_through_W_h2r():
    (x, w, h, c), arrays, kw = make("lstm", 2, 2, hidden=5, projection=3)
    out, h_t, c_t = nd.RNN(*arrays, projection_size=3, state_outputs=True, **kw)
    want = reference(x, w, h, c, "lstm", 2, 2, 5, projection=3)
    assert (out.shape, h_t.shape, c_t.shape) == ((4, 3, 6), (4, 3, 3), (4, 3, 5))
    for g, e in zip((out, h_t, c_t), want):
        np.testing.assert_allclose(g.asnumpy(), e, rtol=1e-12, atol=1e-12)


# ----- PyTorch as a second oracle -----------------------------------------------------------
def _torch_flat(model, layers, directions, attr="weight"):
    suffixes = ["", "_reverse"][:directions]
    weights, biases = [], []
    for layer in range(layers):
        for s in suffixes:
            for kind in ("ih", "hh"):
                w, b = (getattr(model, f"{p}_{kind}_l{layer}{s}") for p in ("weight", "bias"))
                weights.append(w if attr == "weight" else w.grad)
                biases.append(b if attr == "weight" else b.grad)
    return np.concatenate([t.detach().numpy().ravel() for t in weights + biases])


@pytest.mark.parametrize("mode", list(GATES))
@pytest.mark.parametrize("layers,directions", [(1, 1), (2, 2)])
def test_values_and_every_gradient_equal_pytorchs(mode, layers, directions):
    torch = pytest.importorskip("torch")
    T, N, size, hidden = 5, 3, 4, 6
    torch.manual_seed(layers * 10 + directions)
    kinds = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
    extra = {} if mode in kinds else {"nonlinearity": mode[4:]}
    model = kinds.get(mode, torch.nn.RNN)(size, hidden, layers, bidirectional=directions == 2,
                                          **extra).double()
    x = torch.tensor(RNG.uniform(-1, 1, (T, N, size)), requires_grad=True)
    h = torch.tensor(RNG.uniform(-1, 1, (layers * directions, N, hidden)), requires_grad=True)
    c = torch.tensor(RNG.uniform(-1, 1, (layers * directions, N, hidden)), requires_grad=True)
    heads = [RNG.uniform(-1, 1, s) for s in ((T, N, directions * hidden), tuple(h.shape),
                                             tuple(h.shape))]
    out, states = model(x, (h, c) if mode == "lstm" else h)
    states = states if mode == "lstm" else (states,)
    torch.autograd.backward([out, *states], [torch.tensor(g) for g in heads[:1 + len(states)]])

    arrays = [nd.array(t.detach().numpy(), dtype="float64") for t in (x, h)]
    arrays.insert(1, nd.array(_torch_flat(model, layers, directions), dtype="float64"))
    if mode == "lstm":
        arrays.append(nd.array(c.detach().numpy(), dtype="float64"))
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        got = nd.RNN(*arrays, state_size=hidden, num_layers=layers, mode=mode,
                     bidirectional=directions == 2, state_outputs=True)
    autograd.backward(got, [nd.array(g, dtype="float64") for g in heads[:len(got)]])

    for mine, theirs in zip(got, [out, *states]):
        np.testing.assert_allclose(mine.asnumpy(), theirs.detach().numpy(), atol=1e-12)
    wanted = [x.grad.numpy(), _torch_flat(model, layers, directions, "grad"), h.grad.numpy()]
    if mode == "lstm":
        wanted.append(c.grad.numpy())
    for i, (a, want) in enumerate(zip(arrays, wanted)):
        np.testing.assert_allclose(a.grad.asnumpy(), want, atol=1e-11, err_msg=f"input {i}")


# ----- the recorded graph ---------------------------------------------------------------
def test_one_recorded_node_whatever_the_length_and_depth():
    _, arrays, kw = make("lstm", 3, 2, T=20)
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        out = nd.RNN(*arrays, **kw)
    node = out._node
    assert node.op.name == "_rnn_lstm"
    assert all(i is a for i, a in zip(node.inputs, arrays))
    out.backward()
    assert node.freed and node.params == ()   # what the forward saved goes with the node


def test_state_outputs_are_views_of_one_recorded_result():
    _, arrays, kw = make("lstm", 2, 1)
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        out, h_t, c_t = nd.RNN(*arrays, state_outputs=True, **kw)
    roots = {id(p._node.inputs[0]._node) for p in (out, h_t, c_t)}
    assert len(roots) == 1 and {p._node.op.name for p in (out, h_t, c_t)} == {"_rnn_part"}


def test_backward_through_one_output_alone_and_twice_with_retain_graph():
    (x, w, h, c), arrays, kw = make("gru", 2, 2, T=3, N=2, size=3, hidden=2)
    arrays[2].attach_grad()
    with autograd.record():
        _, h_t = nd.RNN(*arrays, state_outputs=True, **kw)
    h_t.backward(retain_graph=True)
    first = arrays[2].grad.asnumpy().copy()
    h_t.backward()
    np.testing.assert_array_equal(arrays[2].grad.asnumpy(), first)
    eps, numeric = 1e-6, np.zeros_like(h)
    for pos in np.ndindex(h.shape):
        total = []
        for sign in (1, -1):
            probe = h.copy()
            probe[pos] += sign * eps
            total.append(reference(x, w, probe, None, "gru", 2, 2, 2)[1].sum())
        numeric[pos] = (total[0] - total[1]) / (2 * eps)
    np.testing.assert_allclose(first, numeric, rtol=1e-6, atol=1e-8)


def test_writing_the_output_in_place_before_backward_is_caught():
    _, arrays, kw = make("rnn_tanh")
    arrays[0].attach_grad()
    with autograd.record():
        out = nd.RNN(*arrays, **kw)
    out[:] = 0
    with pytest.raises(InPlaceWriteError):
        out.backward()


def test_a_second_order_gradient_is_refused_clearly():
    _, arrays, kw = make("rnn_tanh")
    arrays[0].attach_grad()
    with autograd.record():
        out = nd.RNN(*arrays, **kw)
        with pytest.raises(MXNetError, match="RNN.*create_graph"):
            autograd.grad(out, [arrays[0]], create_graph=True)


# ----- dropout ----------------------------------------------------------------------------
def _dropout_probe(p, dtype="float64"):
    """Two rnn_tanh layers where layer 2 reads its input through 0.1*I and nothing else, so
    that the mask applied to layer 1's output can be read back from the result."""
    T, N, H = 4, 3, 5
    x = RNG.uniform(-1, 1, (T, N, H))
    w1 = RNG.uniform(-0.5, 0.5, (H, H))
    params = np.concatenate([w1.ravel(), np.zeros(H * H), 0.1 * np.eye(H).ravel(),
                             np.zeros(H * H), np.zeros(4 * H)])
    y1 = np.tanh(np.einsum("tni,hi->tnh", x, w1))

    def run():
        out = nd.RNN(nd.array(x, dtype=dtype), nd.array(params, dtype=dtype),
                     nd.zeros((2, N, H), dtype=dtype), state_size=H, num_layers=2,
                     mode="rnn_tanh", p=p)
        return np.arctanh(out.asnumpy().astype(np.float64)) / (0.1 * y1)
    return run


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_dropout_drops_between_layers_with_the_inverse_scale(dtype):
    run = _dropout_probe(0.25, dtype)
    with autograd.record():
        scales = run()
    tol = 1e-3 if dtype == "float32" else 1e-9
    assert np.all(np.isclose(scales, 0, atol=tol) | np.isclose(scales, 4 / 3, atol=tol))
    assert 0.4 < (scales > 0.5).mean() < 0.95


def test_dropout_applies_while_recording_or_training_as_in_mxnet():
    run = _dropout_probe(0.5)
    np.testing.assert_allclose(run(), 1, rtol=1e-9)             # predict mode: none
    for scope in (autograd.train_mode, lambda: autograd.record(train_mode=False)):
        with scope():
            assert set(np.unique(np.round(run(), 6))) == {0.0, 2.0}


def test_dropout_repeats_after_nd_random_seed():
    run = _dropout_probe(0.5)
    with autograd.train_mode():
        nd.random.seed(3)
        first = run()
        nd.random.seed(3)
        again = run()
        other = run()
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_the_gradient_through_dropout_uses_the_forwards_mask():
    (x, w, h, c), arrays, kw = make("lstm", 2, 1, T=3, N=2, size=3, hidden=2)
    weights = RNG.uniform(-1, 1, (3, 2, 2))
    arrays[1].attach_grad()
    nd.random.seed(5)
    with autograd.record():
        out = nd.RNN(*arrays, p=0.5, **kw)
    out.backward(nd.array(weights, dtype="float64"))

    def loss(params):
        nd.random.seed(5)           # the same draws: the same masks
        with autograd.train_mode():
            y = nd.RNN(arrays[0], nd.array(params, dtype="float64"), *arrays[2:], p=0.5, **kw)
        return float((y.asnumpy() * weights).sum())

    eps, numeric = 1e-6, np.zeros_like(w)
    for k in range(w.size):
        up, down = w.copy(), w.copy()
        up[k] += eps
        down[k] -= eps
        numeric[k] = (loss(up) - loss(down)) / (2 * eps)
    np.testing.assert_allclose(arrays[1].grad.asnumpy(), numeric, rtol=1e-6, atol=1e-8)


# ----- bad input: one paragraph naming the op, the argument and the shapes -------------------
def _rnn_args(mode="rnn_tanh", dtype="float32"):
    _, arrays, kw = make(mode, T=3, N=2, size=3, hidden=4, dtype=dtype)
    return arrays, kw


def _refused(error_type, pattern, *args, **kwargs):
    with pytest.raises(error_type, match=pattern) as info:
        nd.RNN(*args, **kwargs)
    assert isinstance(info.value, MXNetError) and "\n" not in str(info.value)
    assert str(info.value).startswith("RNN: ")
    return str(info.value)


def test_a_wrong_parameter_size_names_the_size_expected():
    (x, w, h), kw = _rnn_args()
    text = _refused(ValueError, r"\(7,\).*needs a 1-D vector of 36 values", x, nd.ones((7,)), h,
                    **kw)
    assert "'rnn_tanh'" in text and "input size 3" in text and "state_size 4" in text
    _refused(ValueError, r"\(4, 9\).*\(36,\)", x, w.reshape((4, 9)), h, **kw)


def test_lstm_without_state_cell_and_gru_with_one_are_refused():
    (x, w, h, c), kw = _rnn_args("lstm")
    _refused(ValueError, "'lstm' needs state_cell", x, w, h, **kw)
    (x, w, h), kw = _rnn_args("gru")
    _refused(ValueError, "'gru' has no cell state", x, w, h, h, **kw)


def test_wrong_state_shapes_are_refused_with_the_shape_needed():
    (x, w, h, c), kw = _rnn_args("lstm")
    _refused(ValueError, r"state has shape \(1, 3, 4\).*\(1, 2, 4\)", x, w, nd.zeros((1, 3, 4)),
             c, **kw)
    _refused(ValueError, r"state has shape \(2, 4\)", x, w, nd.zeros((2, 4)), c, **kw)
    _refused(ValueError, r"state_cell has shape \(1, 2, 3\).*\(1, 2, 4\)", x, w, h,
             nd.zeros((1, 2, 3)), **kw)
    (x, w, h), kw = _rnn_args()
    _refused(ValueError, r"\(1, 2, 4\).*2 direction.*\(2, 2, 4\)", x,
             nd.ones((count("rnn_tanh", 1, 2, 3, 4),)), h, **{**kw, "bidirectional": True})


def test_unknown_mode_and_missing_required_parameters():
    (x, w, h), kw = _rnn_args()
    _refused(ValueError, "mode must be one of 'rnn_relu', 'rnn_tanh', 'lstm', 'gru', not 'foo'",
             x, w, h, **{**kw, "mode": "foo"})
    _refused(ValueError, "mode must be one of", x, w, h, state_size=4, num_layers=1)
    _refused(ValueError, "state_size must be a positive int", x, w, h, num_layers=1,
             mode="rnn_tanh")
    _refused(ValueError, "num_layers must be a positive int.*1.5", x, w, h,
             **{**kw, "num_layers": 1.5})


def test_integer_float16_and_mixed_dtypes_are_refused():
    (x, w, h), kw = _rnn_args()
    _refused(TypeError, "data has dtype int32; RNN works on float arrays only", x.astype("int32"),
             w.astype("int32"), h.astype("int32"), **kw)
    _refused(TypeError, "float16", x.astype("float16"), w.astype("float16"),
             h.astype("float16"), **kw)
    _refused(TypeError, "state has dtype float64 but data has float32", x, w,
             h.astype("float64"), **kw)


def test_data_must_be_three_dimensional_and_the_state_an_ndarray():
    (x, w, h), kw = _rnn_args()
    _refused(ValueError, r"\(sequence length, batch size, input size\).*\(2, 3\)", x[0], w, h,
             **kw)
    with pytest.raises(AssertionError, match="state must be an NDArray, not list"):
        nd.RNN(x, w, [h], **kw)


def test_what_the_cpu_build_lacks_is_refused_clearly():
    (x, w, h), kw = _rnn_args(dtype="float64")
    _refused(ValueError, "0 <= p < 1", x, w, h, p=1.5, **kw)
    _refused(ValueError, "0 <= p < 1", x, w, h, p=1.0, **kw)
    _refused(ValueError, "use_sequence_length.*cuDNN", x, w, h,
             nd.array([3, 2], dtype="float64"), use_sequence_length=True, **kw)
    (x, w, h, c), kw = _rnn_args("lstm", dtype="float64")
    _refused(ValueError, "lstm_state_clip.*cuDNN", x, w, h, c, lstm_state_clip_min=-1.0,
             lstm_state_clip_max=1.0, **kw)
    _, arrays, kw = make("lstm", hidden=5, projection=3)
    with autograd.record():
        _refused(ValueError, "projection_size runs for inference only", *arrays,
                 projection_size=3, **kw)
    (x, w, h), kw = _rnn_args("gru")
    _refused(ValueError, "projection_size is for mode 'lstm' only", x, w, h, projection_size=2,
             **kw)

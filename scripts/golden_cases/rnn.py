"""Golden cases for nd.RNN, the fused recurrent op (issue 16), recorded from MXNet 1.9.1 by
`python scripts/record_golden.py rnn` into tests/engine/golden/rnn.json.

Every mode (rnn_relu, rnn_tanh, lstm, gru), one and two layers, one and two directions,
float32 and float64: the forward with state_outputs (out, h_T, c_T), and the gradients of
data, parameters, state and state_cell for given head gradients of every output. Inputs are
deterministic and exact in both dtypes (small multiples of 1/64, built from np.arange), so
MXNet's numpy and ndsh's make the same arrays. Then what MXNet refuses, what its CPU build
does with projection_size (inference only), and dropout's deterministic facts.
"""
from __future__ import annotations

GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}
MODES = tuple(GATES)
T, N, I, H = 3, 2, 3, 4


def count(mode, layers, directions, size=I, hidden=H, projection=0):
    """The length of MXNet's flat parameter vector."""
    g, r = GATES[mode], projection or hidden
    total = 0
    for layer in range(layers):
        inputs = size if layer == 0 else directions * r
        total += directions * (g * hidden * (inputs + r) + (r * hidden if projection else 0)
                               + 2 * g * hidden)
    return total


def values(shape, mul, mod, scale, dtype):
    """A deterministic array: ((arange * mul) % mod - mod // 2) * scale / 64, exact in float32."""
    n = 1
    for s in shape:
        n *= s
    return (f"nd.array(((np.arange({n}) * {mul}) % {mod} - {mod // 2}).reshape({shape}) * "
            f"{scale} / 64, dtype='{dtype}')")


def inputs(mode, layers, directions, dtype, size=I, steps=T, batch=N, hidden=H, projection=0):
    """The statements making x, w, h (and c for lstm)."""
    ld, r = layers * directions, projection or hidden
    n = count(mode, layers, directions, size, hidden, projection)
    lines = [f"x = {values((steps, batch, size), 7, 13, 16, dtype)}",
             f"w = {values((n,), 5, 17, 6, dtype)}",
             f"h = {values((ld, batch, r), 3, 11, 12, dtype)}"]
    if mode == "lstm":
        lines.append(f"c = {values((ld, batch, hidden), 5, 7, 16, dtype)}")
    return "\n".join(lines) + "\n"


def call(mode, layers, directions, extra="", hidden=H):
    states = "h, c" if mode == "lstm" else "h"
    bi = ", bidirectional=True" if directions == 2 else ""
    return (f"nd.RNN(x, w, {states}, state_size={hidden}, num_layers={layers}{bi}, "
            f"mode='{mode}'{extra})")


def forward(mode, layers, directions, dtype):
    return inputs(mode, layers, directions, dtype) + \
        call(mode, layers, directions, ", state_outputs=True")


def gradients(mode, layers, directions, dtype, state_outputs=True):
    """The gradients of every input for given head gradients of every output."""
    ld = layers * directions
    arrays = "x, w, h, c" if mode == "lstm" else "x, w, h"
    heads = [values((T, N, directions * H), 3, 7, 16, dtype)]
    if state_outputs:
        heads.append(values((ld, N, H), 2, 5, 16, dtype))
        if mode == "lstm":
            heads.append(values((ld, N, H), 5, 9, 16, dtype))
    extra = ", state_outputs=True" if state_outputs else ""
    backward = (f"autograd.backward(y, [{', '.join(heads)}])" if state_outputs
                else f"y.backward({heads[0]})")
    return (inputs(mode, layers, directions, dtype)
            + f"for a in ({arrays}):\n    a.attach_grad()\n"
            + f"with autograd.record():\n    y = {call(mode, layers, directions, extra)}\n"
            + f"{backward}\n"
            + f"({', '.join(a.strip() + '.grad' for a in arrays.split(','))})")


CASES: list[str] = []

# ----- forward: every mode, layers, directions and dtype, with the last states ------------
for _dtype in ("float32", "float64"):
    for _mode in MODES:
        for _layers, _directions in ((1, 1), (2, 1), (1, 2), (2, 2)):
            CASES.append(forward(_mode, _layers, _directions, _dtype))

# ----- gradients: data, parameters, state, state_cell for given head gradients -----------
for _dtype in ("float32", "float64"):
    for _mode in MODES:
        for _layers, _directions in ((1, 1), (2, 1), (1, 2), (2, 2)):
            CASES.append(gradients(_mode, _layers, _directions, _dtype))
        CASES.append(gradients(_mode, 1, 1, _dtype, state_outputs=False))

# ----- the result's form ------------------------------------------------------------------
CASES += [
    inputs("gru", 1, 1, "float32") + call("gru", 1, 1),
    inputs("lstm", 2, 2, "float32") + call("lstm", 2, 2),
    inputs("rnn_tanh", 1, 1, "float32") + f"type({call('rnn_tanh', 1, 1, ', state_outputs=True')})",
    inputs("lstm", 1, 1, "float64") + call("lstm", 1, 1, ", state_outputs=1"),
    # keyword arrays
    inputs("lstm", 1, 1, "float32")
    + f"nd.RNN(data=x, parameters=w, state=h, state_cell=c, state_size={H}, num_layers=1, "
      f"mode='lstm')",
    # longer and wider, so that rounding has room to grow
    inputs("lstm", 2, 1, "float32", size=5, steps=6, batch=3, hidden=8)
    + call("lstm", 2, 1, ", state_outputs=True", hidden=8),
    inputs("gru", 1, 2, "float32", size=5, steps=6, batch=3, hidden=8)
    + call("gru", 1, 2, ", state_outputs=True", hidden=8),
]

# ----- dropout p: no effect with one layer, nor outside training; shapes otherwise --------
CASES += [
    inputs("lstm", 1, 1, "float64")
    + f"with autograd.record():\n    y = {call('lstm', 1, 1, ', p=0.5, state_outputs=True')}\ny",
    inputs("gru", 2, 1, "float64") + call("gru", 2, 1, ", p=0.5, state_outputs=True"),
    inputs("rnn_tanh", 2, 2, "float32") + call("rnn_tanh", 2, 2, ", p=0.3"),
    inputs("lstm", 2, 1, "float64")
    + f"with autograd.record():\n    y = {call('lstm', 2, 1, ', p=0.5, state_outputs=True')}\n"
      f"[a.shape for a in y]",
]

# ----- projection_size: an lstm with W_h2r, inference only on the CPU ---------------------
for _dtype in ("float32", "float64"):
    for _layers, _directions in ((1, 1), (2, 2)):
        CASES.append(inputs("lstm", _layers, _directions, _dtype, projection=3)
                     + call("lstm", _layers, _directions,
                            ", projection_size=3, state_outputs=True"))
CASES += [
    inputs("lstm", 1, 1, "float64", projection=3)
    + f"with autograd.record():\n    y = {call('lstm', 1, 1, ', projection_size=3')}\ny",
    inputs("lstm", 1, 1, "float64") + call("lstm", 1, 1, ", projection_size=3"),
]

# ----- what MXNet refuses -----------------------------------------------------------------
_X = inputs("rnn_tanh", 1, 1, "float32")
_L = inputs("lstm", 1, 1, "float32")
CASES += [
    _X + "nd.RNN(x, nd.ones((7,)), h, state_size=4, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x, w.reshape((4, -1)), h, state_size=4, num_layers=1, mode='rnn_tanh')",
    _L + "nd.RNN(x, w, h, state_size=4, num_layers=1, mode='lstm')",
    inputs("gru", 1, 1, "float32") + "nd.RNN(x, w, h, h, state_size=4, num_layers=1, mode='gru')",
    _X + "nd.RNN(x, w, nd.zeros((1, 3, 4)), state_size=4, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, nd.zeros((2, 2, 4)), state_size=4, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, nd.zeros((2, 4)), state_size=4, num_layers=1, mode='rnn_tanh')",
    _L + "nd.RNN(x, w, h, nd.zeros((1, 2, 3)), state_size=4, num_layers=1, mode='lstm')",
    _X + "nd.RNN(x, w, h, state_size=4, num_layers=1, mode='foo')",
    _X + "nd.RNN(x, w, h, state_size=4, num_layers=1)",
    _X + "nd.RNN(x, w, h, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, h, state_size=4, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, h, state_size=4, num_layers=1, mode='rnn_tanh', bidirectional=True)",
    _X + "nd.RNN(x.astype('int32'), w.astype('int32'), h.astype('int32'), state_size=4, "
         "num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x.astype('float16'), w.astype('float16'), h.astype('float16'), state_size=4, "
         "num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x.astype('float64'), w, h, state_size=4, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, h.astype('float64'), state_size=4, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x[0], w, h, state_size=4, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x.reshape((3, 2, 3, 1)), w, h, state_size=4, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, h, state_size=4, num_layers=1, mode='rnn_tanh', p=1.5)",
    _X + "nd.RNN(x, w, h, state_size=4, num_layers=1, mode='rnn_tanh', p=-0.1)",
    _X + "nd.RNN(x, w, h, state_size=4, num_layers=1.5, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, h, state_size=5, num_layers=1, mode='rnn_tanh')",
    _X + "nd.RNN(x, w, [h], state_size=4, num_layers=1, mode='rnn_tanh')",
    inputs("rnn_tanh", 1, 1, "float64")
    + "nd.RNN(x, w, h, nd.array([3, 2], dtype='float64'), state_size=4, num_layers=1, "
      "mode='rnn_tanh', use_sequence_length=True)",
    inputs("lstm", 1, 1, "float64")
    + "nd.RNN(x, w, h, c, state_size=4, num_layers=1, mode='lstm', lstm_state_clip_min=-0.1, "
      "lstm_state_clip_max=0.1)",
    inputs("lstm", 2, 1, "float64") + call("lstm", 2, 1, ", p=1.0"),
]

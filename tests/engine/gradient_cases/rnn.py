"""Finite-difference gradient cases for nd.RNN (merged by tests/engine/test_gradients.py):
every mode, one and two layers, one and two directions, the data, the flat parameters and the
initial states (h0, and c0 for lstm), float64, small sizes. The outputs of state_outputs=True
(out, h_T, c_T) are checked through one array, their concatenation."""
from __future__ import annotations

from ndsh import nd
from tests.engine.gradient_cases import U

_GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}
_T, _N, _I, _H = 3, 2, 3, 2


def _count(mode, layers, directions):
    g, total = _GATES[mode], 0
    for layer in range(layers):
        inputs = _I if layer == 0 else directions * _H
        total += directions * (g * _H * (inputs + _H) + 2 * g * _H)
    return total


def _case(mode, layers=1, directions=1, state_outputs=False):
    states = [U((layers * directions, _N, _H), -1, 1)]
    if mode == "lstm":
        states.append(U((layers * directions, _N, _H), -1, 1))
    arrays = [U((_T, _N, _I), -1, 1), U((_count(mode, layers, directions),), -0.8, 0.8),
              *states]
    return arrays, {"state_size": _H, "num_layers": layers, "mode": mode,
                    "bidirectional": directions == 2, "state_outputs": state_outputs}


def _flat(result):
    """One array from RNN's result: out, or out, h_T (and c_T) concatenated."""
    if not isinstance(result, list):
        return result
    return nd.concat(*[r.reshape((-1,)) for r in result], dim=0)


CASES = {
    "nd.RNN": [_case(mode, layers, directions, state_outputs)
               for mode in _GATES
               for layers, directions, state_outputs in ((1, 1, False), (2, 2, True))]
    + [_case("lstm", 2, 1, True), _case("gru", 1, 2, True)],
    # the recorded primitives and the views of their flat result, through nd.RNN
    "_internal._rnn": [_case("rnn_tanh", 1, 1, True), _case("gru", 2, 1, False)],
    "_internal._rnn_lstm": [_case("lstm", 1, 2, True)],
    "_internal._rnn_part": [([U((12,)), 2, (2, 3)], {}), ([U((12,)), 0, (12,)], {})],
}

COMPOSED = {
    "nd.RNN": lambda *arrays, **kwargs: _flat(nd.RNN(*arrays, **kwargs)),
    "_internal._rnn": lambda *arrays, **kwargs: _flat(nd.RNN(*arrays, **kwargs)),
    "_internal._rnn_lstm": lambda *arrays, **kwargs: _flat(nd.RNN(*arrays, **kwargs)),
}

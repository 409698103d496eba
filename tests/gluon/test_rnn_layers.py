"""What the golden cases do not pin down about `gluon.rnn`: the layers run the fused nd.RNN once
per forward whatever their depth, direction and layout; bad input is named in one paragraph
(the layer, both shapes; the allowed layouts); the layers equal their unrolled cells in
training too; parameters shared between a layer and its cells."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh.engine import autograd, mxnet_errors, nd
from ndsh.gluon import rnn
from ndsh.gluon.name import NameManager


@pytest.fixture(autouse=True)
def fresh_names():
    with NameManager():
        yield


@pytest.mark.parametrize("make", [
    lambda: rnn.LSTM(4, num_layers=3, bidirectional=True, layout="NTC"),
    lambda: rnn.GRU(4, num_layers=2), lambda: rnn.RNN(4, activation="tanh", dropout=0.3,
                                                      num_layers=2)])
def test_a_layer_calls_the_fused_op_once_per_forward(make, monkeypatch):
    layer = make()
    layer.initialize()
    calls = []
    fused = nd.RNN
    monkeypatch.setattr(nd, "RNN", lambda *a, **k: calls.append(k["mode"]) or fused(*a, **k))
    x = nd.ones((2, 50, 3))
    with autograd.record():
        out = layer(x)
    out.backward()
    assert len(calls) == 1
    assert layer.l0_i2h_weight.grad().shape == layer.l0_i2h_weight.shape


def test_input_size_mismatch_names_the_layer_and_both_shapes():
    layer = rnn.LSTM(20, num_layers=2, input_size=10)
    layer.initialize()
    with pytest.raises(mxnet_errors.MXNetError) as caught:
        layer(nd.ones((3, 2, 7)))
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    for part in ("LSTM 'lstm0'", "(3, 2, 7)", "7 features", "input size is 10",
                 "lstm0_l0_i2h_weight has shape (80, 10)"):
        assert part in message, message


def test_input_size_mismatch_after_deferred_shape():
    layer = rnn.GRU(4, layout="NTC")
    layer.initialize()
    layer(nd.ones((2, 3, 5)))
    with pytest.raises(ValueError, match=r"GRU 'gru0'.*\(2, 3, 6\) \(layout NTC\) has 6 "
                                         r"features.*input size is 5.*\(12, 5\)"):
        layer(nd.ones((2, 3, 6)))


def test_a_cell_input_mismatch_names_the_cell_and_both_shapes():
    cell = rnn.LSTMCell(3, input_size=4)
    cell.initialize()
    with pytest.raises(ValueError, match=r"LSTMCell 'lstm0'.*\(2, 5\) has 5 features.*input "
                                         r"size is 4.*lstm0_i2h_weight has shape \(12, 4\)"):
        cell(nd.ones((2, 5)), cell.begin_state(batch_size=2))


def test_a_wrong_layout_names_the_allowed_ones():
    with pytest.raises(AssertionError, match=r"Invalid layout NCT; must be one of \['TNC' or "
                                             r"'NTC'\]"):
        rnn.GRU(3, layout="NCT")


def test_an_input_that_is_not_3d():
    layer = rnn.RNN(4, input_size=2)
    layer.initialize()
    with pytest.raises(ValueError, match=r"RNN 'rnn0': the input must be 3-D, TNC .* not of "
                                         r"shape \(4, 2\)"):
        layer(nd.ones((4, 2)))


def test_a_wrong_state_shape_names_the_layer():
    layer = rnn.LSTM(3, num_layers=2, input_size=2)
    layer.initialize()
    with pytest.raises(ValueError, match=r"Expecting \(2, 5, 3\), got \(2, 4, 3\).*LSTM "
                                         r"'lstm0', state 1 of 2"):
        layer(nd.ones((4, 5, 2)), [nd.zeros((2, 5, 3)), nd.zeros((2, 4, 3))])


def test_layer_and_unfused_cells_agree_in_training():
    layer = rnn.GRU(3, num_layers=2, bidirectional=True, input_size=2)
    layer.initialize(init="xavier")
    stack = layer._unfuse()
    x = nd.array(np.random.RandomState(0).uniform(-1, 1, (5, 2, 2)))
    grads = []
    for run in (lambda: layer(x), lambda: stack.unroll(5, x, layout="TNC",
                                                      merge_outputs=True)[0]):
        with autograd.record():
            loss = (run() ** 2).sum()
        loss.backward()
        grads.append({name: p.grad().asnumpy().copy()
                      for name, p in layer.collect_params().items()})
    assert grads[0].keys() == grads[1].keys()
    for name in grads[0]:
        np.testing.assert_allclose(grads[0][name], grads[1][name], rtol=1e-4, atol=1e-6)


def test_lstm_with_projection_trains_nowhere_as_in_mxnets_cpu_build():
    layer = rnn.LSTM(4, projection_size=2, input_size=3)
    layer.initialize()
    out, (h, c) = layer(nd.ones((5, 1, 3)), layer.begin_state(1))
    assert out.shape == (5, 1, 2) and h.shape == (1, 1, 2) and c.shape == (1, 1, 4)
    with pytest.raises(ValueError, match="inference only"), autograd.record():
        layer(nd.ones((5, 1, 3)))

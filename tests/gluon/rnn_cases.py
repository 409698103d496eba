"""The golden cases of `gluon.rnn` (the layers RNN, LSTM, GRU and the cells), run both by MXNet
1.9.1 (to record them: scripts/record_gluon_rnn.py, under a virtual environment with the real
MXNet) and by ndsh (tests/gluon/test_rnn_golden.py replays them against
tests/gluon/golden/rnn.json).

The cases run as tests/gluon/core_cases.py's do (its run_case and PRELUDE: `v`, `det`, `error`;
a fresh mx.name.NameManager, seed 0), with RNN_PRELUDE's helpers before each: `rnn` is
`gluon.rnn`; `fill_params` gives every parameter deterministic values; `run` records a forward
and backs a deterministic weighted sum of every output through it, reporting the outputs, the
gradients of the input and the given states, and each parameter's gradient. Options as in
core_cases: `rtol` / `atol`, `message` (True or 'prefix').
"""
from __future__ import annotations

RNN_PRELUDE = '''
rnn = gluon.rnn

def fill_params(block, scale=0.4):
    """Deterministic values for every parameter, in collect_params() order."""
    for k, p in enumerate(block.collect_params().values()):
        p.set_data(nd.array(det(p.shape, k) * scale, dtype=p.dtype))

def flat(result):
    if isinstance(result, (list, tuple)):
        return [a for item in result for a in flat(item)]
    return [result]

def run(block, fn, x, states=(), train=True, train_mode=True):
    """fn() recorded (or not); the outputs, and with train the gradients of x, of the states
    and of every parameter after backward of sum(out_i * det_i). train_mode=False records in
    predict mode (no dropout)."""
    arrays = [x] if not isinstance(x, list) else list(x)
    for a in arrays + list(states):
        a.attach_grad()
    if not train:
        return {"out": v(flat(fn()))}
    with autograd.record(train_mode=train_mode):
        outs = flat(fn())
        loss = sum((o * nd.array(det(o.shape, 40 + i), dtype=o.dtype)).sum()
                   for i, o in enumerate(outs))
    loss.backward()
    params = block.collect_params()
    return {"out": v(outs), "shapes": [list(o.shape) for o in outs],
            "dx": [v(a.grad) for a in arrays], "dstates": [v(s.grad) for s in states],
            "grads": {n: v(p.grad()) for n, p in params.items()}}

def layer_case(layer, x, with_states=False, train=True, deferred=False):
    layer.initialize()
    if deferred:
        layer(x)
    fill_params(layer)
    states = []
    if with_states:
        states = [nd.array(det(s.shape, 20 + i) * 0.5, dtype=s.dtype)
                  for i, s in enumerate(layer.begin_state(x.shape[layer._layout.find('N')],
                                                          dtype=x.dtype))]
        fn = lambda: layer(x, states)
    else:
        fn = lambda: layer(x)
    return run(layer, fn, x, states, train)

def seq(shape, k=0, dtype='float32'):
    return nd.array(det(shape, k), dtype=dtype)

def cell_case(cell, fn, x, states=(), deferred_x=None, train_mode=True):
    cell.initialize()
    if deferred_x is not None:
        cell.unroll(deferred_x.shape[1], deferred_x)
    fill_params(cell)
    return run(cell, fn, x, list(states), train_mode=train_mode)
'''

TOL = {"rtol": 1e-4, "atol": 1e-5}

# ----- the layers --------------------------------------------------------------------------
LAYERS = {
    "rnn_relu_tnc": ("result = layer_case(rnn.RNN(4, input_size=3), seq((5, 2, 3)))", TOL),
    "rnn_tanh_two_layers_states": ("""
result = layer_case(rnn.RNN(4, num_layers=2, activation='tanh', input_size=3),
                    seq((5, 2, 3), 1), with_states=True)
""", TOL),
    "rnn_relu_bidirectional_ntc": ("""
result = layer_case(rnn.RNN(3, bidirectional=True, layout='NTC', input_size=2),
                    seq((2, 4, 2), 2), with_states=True)
""", TOL),
    "lstm_default": ("result = layer_case(rnn.LSTM(5, input_size=3), seq((4, 3, 3), 3))", TOL),
    "lstm_two_layers_bidirectional_ntc_states": ("""
result = layer_case(rnn.LSTM(3, num_layers=2, bidirectional=True, layout='NTC', input_size=4),
                    seq((2, 5, 4), 4), with_states=True)
""", TOL),
    "lstm_deferred_input_size": ("""
layer = rnn.LSTM(4, num_layers=2)
r0 = repr(layer)
out = layer_case(layer, seq((3, 2, 6), 5), deferred=True)
result = [r0, repr(layer), list(layer.l0_i2h_weight.shape), out]
""", TOL),
    "lstm_projection_inference": ("""
layer = rnn.LSTM(6, num_layers=2, projection_size=3, input_size=4)
result = [repr(layer), list(layer.collect_params().keys()),
          [i['shape'] for i in layer.state_info(2)],
          layer_case(layer, seq((3, 2, 4), 6), with_states=True, train=False)]
""", TOL),
    "gru_bidirectional_states": ("""
result = layer_case(rnn.GRU(3, bidirectional=True, input_size=2), seq((4, 2, 2), 7),
                    with_states=True)
""", TOL),
    "gru_ntc_deferred_three_layers": ("""
result = layer_case(rnn.GRU(4, num_layers=3, layout='NTC'), seq((2, 3, 5), 8), deferred=True)
""", TOL),
    "gru_float64": ("""
layer = rnn.GRU(3, input_size=2, dtype='float64')
out = layer_case(layer, seq((3, 2, 2), 9, 'float64'), with_states=True)
result = [str(np.dtype(layer.l0_i2h_weight.data().dtype)), out]
""", {"rtol": 1e-9, "atol": 1e-11}),
    "dropout_not_training": ("""
layer = rnn.LSTM(3, num_layers=2, dropout=0.5, input_size=2)
result = layer_case(layer, seq((3, 2, 2), 10), train=False)
""", TOL),
    "hybridized": ("""
layer = rnn.GRU(3, input_size=2); layer.hybridize()
result = layer_case(layer, seq((3, 2, 2), 11))
""", TOL),
    "forward_returns": """
layer = rnn.LSTM(2, input_size=1); layer.initialize()
x = nd.ones((3, 1, 1))
a = layer(x)
b = layer(x, layer.begin_state(1))
g = rnn.GRU(2, input_size=1); g.initialize()
c = g(x, nd.zeros((1, 1, 2)))
result = [type(a).__name__, type(b).__name__, len(b), type(b[1]).__name__, len(b[1]),
          type(c[1]).__name__, len(c[1]), layer.skip_states]
""",
    "same_as_unfused_cells": ("""
layer = rnn.LSTM(3, num_layers=2, bidirectional=True, input_size=2)
layer.initialize(); fill_params(layer)
x = seq((4, 2, 2), 12)
fused = layer(x)
stack = layer._unfuse()
outputs, states = stack.unroll(4, x, layout='TNC', merge_outputs=True)
result = [v(fused), v(outputs), repr(stack), list(stack.collect_params().keys())]
""", TOL),
    "begin_state": """
layer = rnn.LSTM(4, num_layers=2, bidirectional=True)
a = layer.begin_state(3)
b = rnn.GRU(2, dtype='float64').begin_state(batch_size=1, func=nd.ones)
c = rnn.RNN(2).begin_state(2, func=nd.ones, dtype='float64')
result = [[list(s.shape) for s in a], v(b), str(np.dtype(b[0].dtype)), v(c),
          str(np.dtype(c[0].dtype))]
""",
    "state_info": """
result = [rnn.RNN(4, num_layers=2, bidirectional=True).state_info(3),
          rnn.LSTM(3).state_info(2), rnn.LSTM(5, projection_size=2).state_info(1),
          rnn.GRU(2, dtype='float64').state_info()]
""",
    "reprs": """
layers = [rnn.LSTM(20, num_layers=2, input_size=10), rnn.LSTM(20),
          rnn.GRU(5, bidirectional=True, dropout=0.5, layout='NTC'),
          rnn.RNN(4, activation='tanh'),
          rnn.RNN(3, num_layers=3, dropout=0.2, bidirectional=True, layout='NTC', input_size=4),
          rnn.LSTM(8, projection_size=3, input_size=2), rnn.GRU(7, dropout=0.0)]
result = [repr(l) for l in layers]
""",
    "parameter_names": """
layers = [rnn.LSTM(20, num_layers=2, input_size=10), rnn.GRU(5, bidirectional=True),
          rnn.RNN(4), rnn.LSTM(8, projection_size=3, num_layers=2, bidirectional=True)]
result = [[list(l.collect_params().keys()) for l in layers],
          [[(k, list(p.shape)) for k, p in l.collect_params().items()] for l in layers],
          [sorted(l._collect_params_with_prefix().keys()) for l in layers]]
""",
    "names_in_a_model": """
class Model(gluon.Block):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.rnn = rnn.LSTM(4, input_size=3)
            self.dense = gluon.nn.Dense(2)
    def forward(self, x, state):
        y, state = self.rnn(x, state)
        return self.dense(y.reshape((-1, y.shape[-1]))), state
net = Model()
net.initialize()
out, state = net(nd.ones((5, 2, 3)), net.rnn.begin_state(2))
result = [list(net.collect_params().keys()), list(out.shape),
          sorted(net._collect_params_with_prefix().keys())]
""",
    "save_and_load_parameters": ("""
import os
layer = rnn.GRU(3, num_layers=2, bidirectional=True, input_size=2)
layer.initialize(); fill_params(layer)
path = os.path.join(WORKDIR, 'gru.params')
layer.save_parameters(path)
keys = sorted(nd.load(path).keys())
other = rnn.GRU(3, num_layers=2, bidirectional=True, input_size=2)
other.load_parameters(path)
x = seq((3, 2, 2), 13)
result = [keys, v(other(x)), v(layer(x))]
""", TOL),
    "cast_float64": ("""
layer = rnn.RNN(3, input_size=2); layer.initialize(); fill_params(layer)
layer.cast('float64')
out = layer(seq((2, 1, 2), 14, 'float64'))
result = [str(np.dtype(out.dtype)), str(np.dtype(layer.begin_state(1)[0].dtype)), v(out)]
""", TOL),
    "initializers": """
l = rnn.LSTM(2, input_size=1, i2h_bias_initializer='lstmbias',
             h2h_weight_initializer=mx.init.Constant(0.5), i2h_weight_initializer='ones')
l.initialize(mx.init.Xavier())
c = rnn.LSTMCell(2, i2h_bias_initializer=mx.init.LSTMBias(2.0), h2h_bias_initializer='ones')
c.initialize()
c(nd.ones((1, 3)), c.begin_state(batch_size=1))
g = rnn.GRU(2, num_layers=2, input_size=3)
g.initialize(mx.init.Uniform(0.1))
spread = [float(abs(p.data()).max().asscalar()) for p in g.collect_params().values()]
result = [v(l.l0_i2h_bias.data()), v(l.l0_h2h_weight.data()), v(l.l0_i2h_weight.data()),
          v(c.i2h_bias.data()), v(c.h2h_bias.data()), list(c.i2h_weight.shape),
          [0 < s <= 0.1 for s in spread[::4]], [s == 0 for s in spread[2::4]]]
""",
    "shared_parameters": ("""
a = rnn.GRU(3, input_size=2)
b = rnn.GRU(3, input_size=2, params=a.collect_params())
a.initialize(); fill_params(a)
x = seq((3, 1, 2), 15)
result = [list(b.collect_params().keys()), b.l0_i2h_weight is a.l0_i2h_weight, v(b(x))]
""", TOL),
    "bad_layout": ("rnn.LSTM(3, layout='NCT')", {"message": True}),
    "bad_state_shape": ("""
layer = rnn.LSTM(3, num_layers=2, bidirectional=True, input_size=2); layer.initialize()
layer(nd.ones((4, 2, 2)), [nd.zeros((1, 2, 3)), nd.zeros((4, 2, 3))])
""", {"message": "prefix"}),
    "input_size_mismatch": """
layer = rnn.LSTM(20, num_layers=2, input_size=10); layer.initialize()
layer(nd.ones((3, 2, 7)))
""",
    "input_size_mismatch_after_deferred": """
layer = rnn.GRU(4); layer.initialize()
layer(nd.ones((3, 2, 5)))
layer(nd.ones((3, 2, 6)))
""",
    "input_not_3d": """
layer = rnn.RNN(4, input_size=2); layer.initialize()
layer(nd.ones((4, 2)))
""",
}

# ----- the cells ---------------------------------------------------------------------------
CELLS = {
    "rnn_cell_step": ("""
cell = rnn.RNNCell(3, input_size=2)
x = seq((2, 2), 1)
h = [seq((2, 3), 2)]
result = cell_case(cell, lambda: cell(x, h), x, h)
""", TOL),
    "rnn_cell_relu_unroll_ntc_merged": ("""
cell = rnn.RNNCell(3, activation='relu', input_size=2)
x = seq((2, 4, 2), 3)
result = cell_case(cell, lambda: cell.unroll(4, x, layout='NTC', merge_outputs=True), x)
""", TOL),
    "lstm_cell_unroll_tnc_list": ("""
cell = rnn.LSTMCell(3, input_size=2)
x = seq((4, 2, 2), 4)
begin = [seq((2, 3), 5), seq((2, 3), 6)]
def fn():
    outputs, states = cell.unroll(4, x, begin_state=begin, layout='TNC', merge_outputs=False)
    assert isinstance(outputs, list)
    return outputs + states
result = cell_case(cell, fn, x, begin)
""", TOL),
    "lstm_cell_activations": ("""
cell = rnn.LSTMCell(2, input_size=2, activation='softsign', recurrent_activation='tanh')
x = seq((3, 2, 2), 7)
result = cell_case(cell, lambda: cell.unroll(3, x, layout='TNC', merge_outputs=True), x)
""", TOL),
    "gru_cell_deferred_unroll": ("""
cell = rnn.GRUCell(3)
x = seq((2, 3, 4), 8)
r0 = repr(cell)
out = cell_case(cell, lambda: cell.unroll(3, x, merge_outputs=True), x, deferred_x=x)
result = [r0, repr(cell), out]
""", TOL),
    "gru_cell_valid_length": ("""
cell = rnn.GRUCell(3, input_size=2)
x = seq((3, 4, 2), 9)
valid = nd.array([4, 2, 1])
result = cell_case(cell, lambda: cell.unroll(4, x, merge_outputs=True, valid_length=valid), x)
""", TOL),
    "valid_length_merge_choices": ("""
cell = rnn.RNNCell(2, input_size=2); cell.initialize(); fill_params(cell)
x = seq((2, 3, 2), 10)
valid = nd.array([3, 1])
a, _ = cell.unroll(3, x, valid_length=valid)
b, _ = cell.unroll(3, x, valid_length=valid, merge_outputs=False)
c, _ = cell.unroll(3, [x[:, i] for i in range(3)], merge_outputs=True)
d, _ = cell.unroll(3, [x[:, i] for i in range(3)])
result = [type(a).__name__, type(b).__name__, len(b), v(b), type(c).__name__, v(c),
          type(d).__name__, len(d)]
""", TOL),
    "sequential_unroll": ("""
stack = rnn.SequentialRNNCell()
with stack.name_scope():
    stack.add(rnn.LSTMCell(3, input_size=2))
    stack.add(rnn.DropoutCell(0.5))
    stack.add(rnn.GRUCell(2, input_size=3))
x = seq((2, 3, 2), 11)
out = cell_case(stack, lambda: stack.unroll(3, x, merge_outputs=True), x, train_mode=False)
result = [repr(stack), list(stack.collect_params().keys()), out]
""", TOL),
    "sequential_step": ("""
stack = rnn.SequentialRNNCell()
stack.add(rnn.RNNCell(3, input_size=2)); stack.add(rnn.LSTMCell(2, input_size=3))
x = seq((2, 2), 12)
states = [seq((2, 3), 13), seq((2, 2), 14), seq((2, 2), 15)]
out = cell_case(stack, lambda: stack(x, states), x, states)
result = [len(stack), repr(stack[1]), stack._counter, out]
""", TOL),
    "hybrid_sequential_unroll_valid_length": ("""
stack = rnn.HybridSequentialRNNCell()
with stack.name_scope():
    stack.add(rnn.GRUCell(3, input_size=2)); stack.add(rnn.RNNCell(2, input_size=3))
stack.hybridize()
x = seq((4, 2, 2), 16)
valid = nd.array([2, 4])
out = cell_case(stack, lambda: stack.unroll(4, x, layout='TNC', merge_outputs=True,
                                             valid_length=valid), x)
result = [repr(stack), list(stack.collect_params().keys()), out]
""", TOL),
    "bidirectional_unroll": ("""
cell = rnn.BidirectionalCell(rnn.LSTMCell(3, input_size=2), rnn.LSTMCell(3, input_size=2))
x = seq((2, 4, 2), 17)
out = cell_case(cell, lambda: cell.unroll(4, x, merge_outputs=True), x)
result = [repr(cell), cell.name, list(cell.collect_params().keys()), out]
""", TOL),
    "bidirectional_valid_length_list": ("""
cell = rnn.BidirectionalCell(rnn.GRUCell(2, input_size=2), rnn.RNNCell(2, input_size=2))
x = seq((3, 2, 2), 18)
valid = nd.array([3, 2])
out = cell_case(cell, lambda: cell.unroll(3, x, layout='TNC', merge_outputs=False,
                                          valid_length=valid), x)
result = out
""", TOL),
    "bidirectional_in_a_stack": ("""
stack = rnn.SequentialRNNCell()
with stack.name_scope():
    stack.add(rnn.BidirectionalCell(rnn.RNNCell(2, input_size=2, prefix='l0_'),
                                    rnn.RNNCell(2, input_size=2, prefix='r0_')))
    stack.add(rnn.LSTMCell(2, input_size=4))
x = seq((2, 3, 2), 19)
out = cell_case(stack, lambda: stack.unroll(3, x, merge_outputs=True), x)
result = [list(stack.collect_params().keys()), out]
""", TOL),
    "dropout_cell_not_training": ("""
cell = rnn.DropoutCell(0.5)
x = seq((2, 3, 2), 20)
a, sa = cell.unroll(3, x)
b, sb = cell.unroll(3, x, merge_outputs=False)
c, sc = cell(x[:, 0], [])
result = [v(a), sa, len(b), v(b), v(c), sc, repr(cell), cell.name]
""", TOL),
    "residual_unroll": ("""
cell = rnn.ResidualCell(rnn.GRUCell(2, input_size=2))
x = seq((2, 3, 2), 21)
out = cell_case(cell, lambda: cell.unroll(3, x, merge_outputs=True), x)
result = [repr(cell), cell.name, list(cell.collect_params().keys()), out]
""", TOL),
    "residual_unroll_valid_length_list": ("""
cell = rnn.ResidualCell(rnn.RNNCell(2, input_size=2))
x = seq((2, 3, 2), 22)
valid = nd.array([1, 3])
result = cell_case(cell, lambda: cell.unroll(3, x, merge_outputs=False, valid_length=valid), x)
""", TOL),
    "residual_step": ("""
cell = rnn.ResidualCell(rnn.LSTMCell(2, input_size=2))
x = seq((1, 2), 23)
states = [seq((1, 2), 24), seq((1, 2), 25)]
result = cell_case(cell, lambda: cell(x, states), x, states)
""", TOL),
    "zoneout_not_training": ("""
cell = rnn.ZoneoutCell(rnn.LSTMCell(3, input_size=2), zoneout_outputs=0.3, zoneout_states=0.4)
x = seq((2, 3, 2), 26)
cell.initialize(); fill_params(cell)
outputs, states = cell.unroll(3, x, merge_outputs=True)
result = [repr(cell), cell.name, cell.prefix, list(cell.collect_params().keys()), v(outputs),
          v(states)]
""", TOL),
    "zoneout_training_keeps_previous": """
cell = rnn.ZoneoutCell(rnn.RNNCell(50, input_size=2), zoneout_outputs=0.5)
cell.initialize(); fill_params(cell)
x = seq((4, 3, 2), 27)
with autograd.train_mode():
    outputs, _ = cell.unroll(3, x, merge_outputs=False)
plain = rnn.RNNCell(50, input_size=2, params=cell.base_cell.params)
base, _ = plain.unroll(3, x, merge_outputs=False)
o, b = [a.asnumpy() for a in outputs], [a.asnumpy() for a in base]
first = bool(((o[0] == b[0]) | (o[0] == 0)).all())
later = bool(all(((o[t] == b[t]) | (o[t] == o[t - 1])).all() for t in (1, 2)))
kept = float((o[1] == o[0]).mean())
result = [first, later, 0.3 < kept < 0.7]
""",
    "begin_state_and_counters": """
cell = rnn.LSTMCell(3)
a = cell.begin_state(batch_size=2)
b = cell.begin_state(batch_size=2, func=nd.ones)
n = cell._init_counter
cell.initialize()
cell.unroll(4, nd.ones((2, 4, 5)))
stack = rnn.SequentialRNNCell(); stack.add(rnn.GRUCell(2)); stack.add(rnn.RNNCell(3))
s = stack.begin_state(batch_size=4)
result = [[list(x.shape) for x in a], v(b), n, cell._counter, [list(x.shape) for x in s],
          [c._init_counter for c in stack._children.values()]]
""",
    "state_infos": """
cells = [rnn.RNNCell(3), rnn.LSTMCell(2), rnn.GRUCell(4), rnn.DropoutCell(0.1),
         rnn.BidirectionalCell(rnn.LSTMCell(2), rnn.GRUCell(3)),
         rnn.ResidualCell(rnn.GRUCell(2)), rnn.ZoneoutCell(rnn.LSTMCell(2))]
result = [c.state_info(5) for c in cells]
""",
    "reprs_and_names": """
cells = [rnn.RNNCell(3), rnn.RNNCell(3, activation='relu', input_size=2), rnn.LSTMCell(4),
         rnn.GRUCell(2, input_size=5), rnn.DropoutCell(0.25, axes=(1,)),
         rnn.ZoneoutCell(rnn.GRUCell(3), 0.1, 0.2), rnn.ResidualCell(rnn.LSTMCell(2)),
         rnn.BidirectionalCell(rnn.RNNCell(3), rnn.RNNCell(3))]
h = rnn.HybridSequentialRNNCell(); h.add(rnn.RNNCell(2, activation='relu'))
cells.append(h)
result = [[repr(c), c.name, c.prefix] for c in cells]
""",
    "cell_input_mismatch": """
cell = rnn.LSTMCell(3, input_size=4); cell.initialize()
cell(nd.ones((2, 5)), cell.begin_state(batch_size=2))
""",
    "dropout_rate_not_a_number": ("rnn.DropoutCell('a')", {"message": True}),
    "bidirectional_cannot_step": ("""
cell = rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2)); cell.initialize()
cell(nd.ones((2, 3)), cell.begin_state(batch_size=2))
""", {"message": True}),
    "zoneout_bidirectional": ("rnn.ZoneoutCell(rnn.BidirectionalCell(rnn.GRUCell(2), "
                              "rnn.GRUCell(2)))", {"message": True}),
    "modified_twice": ("""
base = rnn.GRUCell(2)
rnn.ResidualCell(base)
rnn.ZoneoutCell(base)
""", {"message": True}),
    "modified_base_begin_state": ("""
z = rnn.ZoneoutCell(rnn.GRUCell(2), 0.5, 0.5)
z.base_cell.begin_state(batch_size=2)
""", {"message": True}),
    "sequential_begin_state_positional": ("""
stack = rnn.SequentialRNNCell(); stack.add(rnn.GRUCell(2))
stack.begin_state(2)
"""),
    "unroll_wrong_length": ("""
cell = rnn.GRUCell(2, input_size=2); cell.initialize()
cell.unroll(5, nd.ones((1, 3, 2)))
"""),
}

SECTIONS = {"layers": LAYERS, "cells": CELLS}


def cases():
    """(key, code, options) for every case, key = 'section/name'; the code starts with
    RNN_PRELUDE."""
    for section, table in SECTIONS.items():
        for name, case in table.items():
            code, options = (case, {}) if isinstance(case, str) else (case[0], dict(
                case[1] if len(case) > 1 else {}))
            yield f"{section}/{name}", RNN_PRELUDE + code, options


# ----- a parameter file MXNet writes, which ndsh reads (tests/gluon/test_rnn_golden.py) -----
FILES_PRELUDE = '''
class Net(gluon.Block):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.lstm = rnn.LSTM(3, num_layers=2, bidirectional=True, input_size=2)
            self.cells = rnn.SequentialRNNCell()
            self.cells.add(rnn.GRUCell(2, input_size=6))
            self.cells.add(rnn.RNNCell(2, input_size=2))
            self.out = gluon.nn.Dense(1, flatten=False, in_units=2)
    def forward(self, x):
        y = self.lstm(x)
        y, _ = self.cells.unroll(x.shape[0], y, layout='TNC', merge_outputs=True)
        return self.out(y)

def outcome(net, path):
    x = seq((4, 2, 2), 30)
    return {"keys": sorted(nd.load(path).keys()), "out": v(net(x)),
            "names": list(net.collect_params().keys())}
'''
# MXNet writes PARAMS_FILE (scripts/record_gluon_rnn.py); ndsh reads it, then writes its own
WRITE_FILE = RNN_PRELUDE + FILES_PRELUDE + '''
net = Net(); net.initialize(); fill_params(net); net.save_parameters(PARAMS_FILE)
result = outcome(net, PARAMS_FILE)
'''
READ_FILE = RNN_PRELUDE + FILES_PRELUDE + '''
import os
net = Net(); net.load_parameters(PARAMS_FILE)
mine = os.path.join(WORKDIR, 'ndsh_net.params'); net.save_parameters(mine)
result = outcome(net, mine)
'''

"""Gluon in np mode (`npx.set_np()`): the snippets scripts/record_np_gluon.py runs in MXNet 1.9.1
and tests/gluon/test_np_mode_golden.py replays in ndsh. Each case is (name, code): the code runs
with `mx`, `np` (mx.np), `npx`, `gluon`, `nn`, `rnn`, `autograd`, `init`, `onp` (the real numpy)
bound after `npx.set_np()`; the value of its last line is recorded (its kind, np or nd, and its
values), and what it prints. Weights are set by constant initializers or set_data, so values
compare exactly (to float32 tolerance)."""
from __future__ import annotations

from golden_cases.np_gluon_more_cases import CASES as MORE_CASES  # scripts/ on sys.path

DENSE = ("net = nn.Dense(3, in_units=4)\n"
         "net.initialize(init.Constant(0.5))\n")
SEQ = ("net = nn.Sequential()\n"
       "net.add(nn.Dense(4, activation='relu'), nn.Dense(2))\n"
       "net.initialize(init.Constant(0.1))\n"
       "X = np.arange(6).reshape(2, 3) / 6\n")
FIT = (SEQ + "trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})\n"
       "loss = gluon.loss.L2Loss()\n"
       "y = np.array([[1., 0.], [0., 1.]])\n")
CUSTOM = ("class Scaled(nn.Block):\n"
          "    def __init__(self, **kwargs):\n"
          "        super().__init__(**kwargs)\n"
          "        self.dense = nn.Dense(2, in_units=3)\n"
          "    def forward(self, x):\n"
          "        seen.append(type(x).__name__)\n"
          "        return np.exp(self.dense(x)) * 2\n"
          "seen = []\n")
HYBRID = ("class Affine(nn.HybridBlock):\n"
          "    def __init__(self, **kwargs):\n"
          "        super().__init__(**kwargs)\n"
          "        self.w = self.params.get('w', shape=(3, 2), init=init.Constant(0.25))\n"
          "    def hybrid_forward(self, F, x, w):\n"
          "        seen.append(type(x).__name__)\n"
          "        seen.append(type(w).__name__)\n"
          "        return F.npx.relu(F.np.dot(x, w) - 0.1)\n"
          "seen = []\n")

CASES = [
    # ----- blocks take and give np arrays ---------------------------------------------------
    ("dense_forward", DENSE + "net(np.ones((2, 4)))"),
    ("dense_forward_type", DENSE + "type(net(np.ones((2, 4)))).__module__"),
    ("sequential_forward", SEQ + "net(X)"),
    ("sequential_relu_values", SEQ + "net[0](X)"),
    ("deferred_shape", "net = nn.Dense(2)\nnet.initialize()\nnet.weight.shape"),
    ("deferred_shape_bias", "net = nn.Dense(2)\nnet.initialize()\nnet.bias.shape"),
    ("deferred_shape_conv", "net = nn.Conv2D(4, kernel_size=3)\nnet.initialize()\n"
                            "net.weight.shape"),
    ("deferred_shape_after", "net = nn.Dense(2)\nnet.initialize()\n"
                             "net(np.ones((3, 5)))\nnet.weight.shape"),
    ("deferred_repr", "net = nn.Sequential()\nnet.add(nn.Dense(8, activation='relu'), "
                      "nn.Dense(2))\nnet.initialize()\nrepr(net)"),
    ("deferred_param_repr", "net = nn.Dense(2, prefix='fc_')\nrepr(net.weight)"),
    ("deferred_data_error", "net = nn.Dense(2)\nnet.initialize()\nnet.weight.data()"),
    ("custom_block", CUSTOM + "net = Scaled()\nnet.initialize(init.One())\n"
                              "out = net(np.ones((1, 3)))\n(seen, out)"),
    ("custom_in_sequential", CUSTOM + "net = nn.Sequential()\n"
                                      "net.add(Scaled(), nn.Dense(1, in_units=2))\n"
                                      "net.initialize(init.One())\n"
                                      "out = net(np.ones((1, 3)) / 10)\n(seen, out)"),
    ("hybrid_forward_np", HYBRID + "net = Affine()\nnet.initialize()\n"
                                   "out = net(np.arange(6).reshape(2, 3))\n(seen, out)"),
    ("hybrid_forward_hybridized", HYBRID + "net = Affine()\nnet.initialize()\n"
                                           "net.hybridize()\n"
                                           "out = net(np.arange(6).reshape(2, 3))\nout"),
    ("hybridize_sequential", "net = nn.HybridSequential()\n"
                             "net.add(nn.Dense(4, activation='relu'), nn.Dense(2))\n"
                             "net.initialize(init.Constant(0.2))\nnet.hybridize()\n"
                             "net(np.ones((2, 3)))"),
    ("conv_pool_flatten", "net = nn.Sequential()\n"
                          "net.add(nn.Conv2D(2, kernel_size=2), nn.MaxPool2D(2), nn.Flatten())\n"
                          "net.initialize(init.Constant(0.1))\n"
                          "net(np.arange(32).reshape(1, 2, 4, 4) / 32)"),
    ("batchnorm_train", "net = nn.BatchNorm()\nnet.initialize()\n"
                        "with autograd.record():\n"
                        "    out = net(np.array([[1., 2.], [3., 6.]]))\n"
                        "out"),
    ("dropout_predict", "net = nn.Dropout(0.5)\nnet(np.ones((2, 2)))"),
    ("embedding", "net = nn.Embedding(5, 2)\nnet.initialize(init.Constant(0.3))\n"
                  "net(np.array([1, 3]))"),
    ("forward_hook_sees_np", "net = nn.Dense(2, in_units=2)\nnet.initialize()\nseen = []\n"
                             "h = net.register_forward_hook("
                             "lambda b, i, o: seen.append((type(i[0]).__name__, "
                             "type(o).__name__)))\n"
                             "net(np.ones((1, 2)))\nseen"),
    # ----- parameters are np arrays ---------------------------------------------------------
    ("param_data_type", DENSE + "type(net.weight.data()).__module__"),
    ("param_data_values", DENSE + "net.weight.data()"),
    ("param_grad_zero", DENSE + "net.weight.grad()"),
    ("param_data_same", DENSE + "net.weight.data() is net.weight.data()"),
    ("param_write_through", DENSE + "net.weight.data()[0, 0] = 7\n"
                                    "net(np.ones((1, 4)))"),
    ("param_set_data_np", DENSE + "net.weight.set_data(np.ones((3, 4)) * 2)\n"
                                  "net.weight.data()"),
    ("param_grad_after_backward", DENSE + "x = np.arange(8).reshape(2, 4)\n"
                                          "with autograd.record():\n"
                                          "    y = net(x).sum()\n"
                                          "y.backward()\n(net.weight.grad(), net.bias.grad())"),
    ("param_data_grad_attr", DENSE + "with autograd.record():\n"
                                     "    y = net(np.ones((1, 4))).sum()\n"
                                     "y.backward()\nnet.weight.data().grad"),
    ("collect_params_keys", SEQ + "list(net.collect_params().keys())"),
    ("collect_params_is_dict", SEQ + "isinstance(net.collect_params(), "
                                     "gluon.parameter.ParameterDict)"),
    ("collect_params_select", SEQ + "list(net.collect_params('.*bias').keys())"),
    ("params_repr", SEQ + "net(X)\nrepr(net[1].params)"),
    ("collect_params_repr_deferred", "net = nn.Sequential()\n"
                                     "net.add(nn.Dense(8, activation='relu'), nn.Dense(1))\n"
                                     "net.initialize()\nrepr(net.collect_params())"),
    ("shared_params_deferred", "shared = nn.Dense(8, activation='relu')\n"
                               "net = nn.Sequential()\n"
                               "net.add(nn.Dense(8, activation='relu'), shared,\n"
                               "        nn.Dense(8, activation='relu', params=shared.params),\n"
                               "        nn.Dense(10))\n"
                               "net.initialize(init.Constant(0.05))\n"
                               "out = net(np.ones((2, 20)))\n"
                               "net[1].weight.data()[0, 0] = 100\n"
                               "(out, net[2].weight.data()[0, 0], net[1].weight.shape)"),
    ("parameter_dict_name", "gluon.parameter.ParameterDict is gluon.ParameterDict"),
    ("params_values_data", SEQ + "[p.data().shape for p in net.collect_params().values()]"),
    ("param_var", "w = gluon.Parameter('fc_weight', shape=(2, 3))\nrepr(w.var())"),
    ("param_var_type", "w = gluon.Parameter('fc_weight', shape=(2, 3))\n"
                       "type(w.var()).__module__"),
    ("custom_initializer", "class Mine(init.Initializer):\n"
                           "    def _init_weight(self, name, data):\n"
                           "        seen.append(type(data).__name__)\n"
                           "        data[:] = np.arange(data.size).reshape(data.shape)\n"
                           "seen = []\nnet = nn.Dense(2, in_units=3)\n"
                           "net.initialize(Mine())\n(seen, net.weight.data())"),
    ("constant_param", "c = gluon.Constant('c', np.array([1., 2.]))\nc.initialize()\n"
                       "c.data()"),
    # ----- losses ---------------------------------------------------------------------------
    ("loss_softmax_ce", "loss = gluon.loss.SoftmaxCrossEntropyLoss()\n"
                        "loss(np.array([[1., 2., 3.], [1., 1., 1.]]), np.array([2, 0]))"),
    ("loss_l2", "gluon.loss.L2Loss()(np.array([[1., 2.]]), np.array([[0., 0.]]))"),
    ("loss_l1", "gluon.loss.L1Loss()(np.array([[1., -2.]]), np.array([[0., 0.]]))"),
    ("loss_sigmoid_bce", "gluon.loss.SigmoidBCELoss()(np.array([[0.5, -1.]]), "
                         "np.array([[1., 0.]]))"),
    ("loss_subclass_super_forward",
     "class Masked(gluon.loss.SoftmaxCELoss):\n"
     "    def forward(self, pred, label, valid_len):\n"
     "        weights = np.expand_dims(np.ones_like(label), axis=-1)\n"
     "        weights = npx.sequence_mask(weights, valid_len, True, axis=1)\n"
     "        return super().forward(pred, label, weights)\n"
     "loss = Masked()\n"
     "pred = np.arange(24).reshape(2, 4, 3) / 24\n"
     "loss(pred, np.array([[1, 2, 0, 1], [0, 0, 2, 1]]), np.array([4, 2]))"),
    ("loss_huber", "gluon.loss.HuberLoss()(np.array([[0.5, -3.]]), np.array([[0., 0.]]))"),
    ("loss_type", "type(gluon.loss.L2Loss()(np.ones((2, 1)), np.zeros((2, 1)))).__module__"),
    # ----- training -------------------------------------------------------------------------
    ("trainer_step", FIT + "with autograd.record():\n    l = loss(net(X), y)\n"
                           "l.backward()\ntrainer.step(2)\nnet[0].weight.data()"),
    ("trainer_two_steps", FIT + "for _ in range(2):\n"
                                "    with autograd.record():\n        l = loss(net(X), y)\n"
                                "    l.backward()\n    trainer.step(2)\n"
                                "(net[1].weight.data(), net[1].bias.data())"),
    ("trainer_adam", SEQ + "trainer = gluon.Trainer(net.collect_params(), 'adam', "
                           "{'learning_rate': 0.01})\n"
                           "with autograd.record():\n    l = (net(X) ** 2).sum()\n"
                           "l.backward()\ntrainer.step(1)\nnet[1].weight.data()"),
    ("grad_clip_like_d2l", FIT + "with autograd.record():\n    l = loss(net(X), y)\n"
                                 "l.backward()\n"
                                 "params = [p.data() for p in net.collect_params().values()]\n"
                                 "norm = float(sum((p.grad ** 2).sum() for p in params)) ** 0.5\n"
                                 "for p in params:\n    p.grad[:] *= 0.5 / norm\n"
                                 "net[0].weight.grad()"),
    ("split_and_load", "parts = gluon.utils.split_and_load(np.arange(6).reshape(3, 2), "
                       "[mx.cpu(0)])\nparts"),
    ("split_and_load_list", "gluon.utils.split_and_load([[1, 2], [3, 4]], [mx.cpu(0)])"),
    ("split_data", "gluon.utils.split_data(np.arange(8).reshape(4, 2), 2)"),
    ("clip_global_norm", "a = np.array([3., 0.])\nb = np.array([[4.]])\n"
                         "norm = gluon.utils.clip_global_norm([a, b], 1.0)\n(norm, a, b)"),
    # ----- autograd with np arrays ----------------------------------------------------------
    ("autograd_grad", "x = np.array([1., 2.])\nx.attach_grad()\n"
                      "with autograd.record():\n    z = (x * x).sum()\n"
                      "autograd.grad(z, [x])"),
    ("autograd_grad_type", "x = np.array([1., 2.])\nx.attach_grad()\n"
                           "with autograd.record():\n    z = (x * x).sum()\n"
                           "type(autograd.grad(z, [x])[0]).__name__"),
    ("autograd_backward_list", "x = np.array([1., 2.])\nx.attach_grad()\n"
                               "with autograd.record():\n    y1 = 2 * x\n    y2 = 3 * x\n"
                               "autograd.backward([y1, y2])\nx.grad"),
    ("autograd_grad_create_graph", "x = np.array([1., 2.])\nx.attach_grad()\n"
                                   "with autograd.record():\n    y = x ** 3\n"
                                   "    dy = autograd.grad(y, [x], create_graph=True)[0]\n"
                                   "dy.backward()\nx.grad"),
    # ----- conversion -----------------------------------------------------------------------
    ("as_np_ndarray_shares", "x = mx.nd.ones((2,))\ny = x.as_np_ndarray()\ny[0] = 5\n"
                             "x.asnumpy()"),
    ("as_np_ndarray_type", "type(mx.nd.ones((2,)).as_np_ndarray()).__module__"),
    ("as_nd_ndarray_shares", "x = np.ones(2)\ny = x.as_nd_ndarray()\ny[:] = 3\nx"),
    ("as_np_grad_shared", "x = mx.nd.array([1., 2.])\nx.attach_grad()\ny = x.as_np_ndarray()\n"
                          "with autograd.record():\n    z = (y * y).sum()\n"
                          "z.backward()\nx.grad.asnumpy()"),
    # ----- files and summary ----------------------------------------------------------------
    ("save_load_parameters", SEQ + "net(X)\nimport os, tempfile\n"
                                   "path = os.path.join(tempfile.mkdtemp(), 'net.params')\n"
                                   "net.save_parameters(path)\n"
                                   "clone = nn.Sequential()\n"
                                   "clone.add(nn.Dense(4, activation='relu'), nn.Dense(2))\n"
                                   "clone.load_parameters(path)\nclone(X)"),
    ("save_parameters_npx_load", SEQ + "net(X)\nimport os, tempfile\n"
                                       "path = os.path.join(tempfile.mkdtemp(), 'net.params')\n"
                                       "net.save_parameters(path)\nloaded = npx.load(path)\n"
                                       "sorted((k, type(v).__module__, v.shape) "
                                       "for k, v in loaded.items())"),
    ("load_legacy_file", "import os, tempfile\n"
                         "path = os.path.join(tempfile.mkdtemp(), 'old.params')\n"
                         "mx.nd.save(path, {'weight': mx.nd.ones((1, 2)), "
                         "'bias': mx.nd.zeros((1,))})\n"
                         "net = nn.Dense(1)\nnet.load_parameters(path)\n"
                         "net(np.array([[1., 2.]]))"),
    ("summary", SEQ + "net.summary(X)"),
    # ----- rnn layers -----------------------------------------------------------------------
    ("rnn_lstm", "layer = rnn.LSTM(3, input_size=2)\n"
                 "layer.initialize(init.Constant(0.1))\n"
                 "state = layer.begin_state(batch_size=1)\n"
                 "out, new_state = layer(np.ones((4, 1, 2)), state)\n"
                 "(out, new_state[0])"),
    ("rnn_begin_state_type", "layer = rnn.GRU(3, input_size=2)\nlayer.initialize()\n"
                             "[type(s).__module__ for s in layer.begin_state(batch_size=1)]"),
    ("rnn_state_not_in_a_list", "layer = rnn.GRU(3, num_layers=2, input_size=2)\n"
                                "layer.initialize(init.Constant(0.1))\n"
                                "out, state = layer(np.ones((1, 4, 2)), np.zeros((2, 4, 3)))\n"
                                "(type(state).__name__, state[0])"),
    ("rnn_no_state", "layer = rnn.RNN(2, input_size=2)\n"
                     "layer.initialize(init.Constant(0.1))\nlayer(np.ones((3, 1, 2)))"),
]

CASES += MORE_CASES        # export, SymbolBlock, hybridized inputs, reprs, d2l-en's idioms


def encode(value):
    """A JSON-safe record of a case's value, the same in MXNet and in ndsh: an array as its kind
    ('np' for mx.np.ndarray, 'nd' for the legacy NDArray), shape, dtype and values; lists and
    tuples item by item; Python scalars and strings as they are; anything else by its repr."""
    cls = type(value)
    if cls.__name__ == "ndarray" and cls.__module__.startswith("mxnet.numpy") \
            or cls.__name__ == "NDArray":
        kind = "nd" if cls.__name__ == "NDArray" else "np"
        host = value.asnumpy()
        return {"kind": kind, "shape": list(host.shape), "dtype": str(host.dtype),
                "values": host.tolist()}
    if isinstance(value, (list, tuple)):
        return {"items": [encode(v) for v in value]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"py": value}
    if hasattr(value, "tolist"):                 # a numpy array
        return {"kind": "numpy", "shape": list(value.shape), "dtype": str(value.dtype),
                "values": value.tolist()}
    return {"repr": repr(value)}


def run_case(code: str, namespace: dict):
    """Run the code; the value of its last line (an expression), or None."""
    import ast
    tree = ast.parse(code)
    *body, last = tree.body
    exec(compile(ast.Module(body=body, type_ignores=[]), "<case>", "exec"), namespace)
    if isinstance(last, ast.Expr):
        return eval(compile(ast.Expression(last.value), "<case>", "eval"), namespace)
    exec(compile(ast.Module(body=[last], type_ignores=[]), "<case>", "exec"), namespace)
    return None


def namespace_of(mx, onp) -> dict:
    """The names a case sees: MXNet's modules (or ndsh's stand-in for them) and numpy."""
    gluon = mx.gluon
    return {"mx": mx, "np": mx.np, "npx": mx.npx, "gluon": gluon, "nn": gluon.nn,
            "rnn": gluon.rnn, "autograd": mx.autograd, "init": mx.init, "onp": onp}


def run_one(mx, onp, code: str) -> dict:
    """One case, in a fresh name manager after npx.set_np() and mx.random.seed(0): the record
    of its value or its error's type, and what it printed (np mode is reset after)."""
    import contextlib
    import io
    mx.npx.set_np()
    mx.random.seed(0)
    namespace = namespace_of(mx, onp)
    out = io.StringIO()
    try:
        with mx.name.NameManager(), contextlib.redirect_stdout(out):
            value = run_case(code, namespace)
        return {"value": encode(value), "stdout": out.getvalue()}
    except Exception as error:           # the error's type is the golden value
        return {"error": type(error).__name__, "message": str(error)[:300],
                "stdout": out.getvalue()}
    finally:
        mx.npx.reset_np()


def record(mx, onp) -> dict:
    """Every case run with run_one."""
    return {name: run_one(mx, onp, code) for name, code in CASES}

"""Block and HybridBlock beyond the golden cases: the bad inputs (a message that names the
layer, the shapes, the parameters), what ndsh refuses for want of a symbolic graph, hybridize's
identical results, and a d2l-style concise model that learns."""
from __future__ import annotations

import os

import numpy as np
import pytest

from ndsh.engine import autograd, mxnet_errors, nd
from ndsh.gluon import Block, HybridBlock, init, nn
from ndsh.gluon.name import NameManager


@pytest.fixture(autouse=True)
def _fresh_names():
    with NameManager():
        yield


def test_shape_mismatch_names_the_layer_and_both_shapes():
    net = nn.Dense(2, in_units=4)
    net.initialize()
    with pytest.raises(mxnet_errors.MXNetError) as caught:
        net(nd.ones((3, 5)))
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    for part in ("Dense 'dense0'", "dense0_weight", "(2, 4)", "(3, 5)", "(2, 5)"):
        assert part in message, (part, message)


@pytest.mark.parametrize("layer,x,parts", [
    ("nn.Conv2D(2, 3, in_channels=3)", (1, 2, 5, 5),
     ("Conv2D 'conv0'", "conv0_weight", "(2, 3, 3, 3)", "(1, 2, 5, 5)", "(2, 2, 3, 3)")),
    ("nn.BatchNorm(in_channels=3)", (2, 2, 4),
     ("BatchNorm 'batchnorm0'", "batchnorm0_gamma", "(3,)", "(2, 2, 4)", "axis 1")),
    ("nn.LayerNorm(in_channels=3)", (2, 4),
     ("LayerNorm 'layernorm0'", "layernorm0_gamma", "(3,)", "(2, 4)", "axis -1"))])
def test_channel_mismatch_names_the_layer_and_both_shapes(layer, x, parts):
    block = eval(layer)
    block.initialize()
    with pytest.raises(mxnet_errors.ValueError) as caught:
        block(nd.ones(x))
    for part in parts:
        assert part in str(caught.value), (part, str(caught.value))


def test_deferred_access_before_the_first_forward():
    net = nn.Sequential()
    net.add(nn.Dense(4), nn.Dense(2))
    net.initialize()
    with pytest.raises(mx_deferred()):
        net[1].weight.data()
    net(nd.ones((1, 3)))
    assert net[1].weight.data().shape == (2, 4)


def mx_deferred():
    from ndsh.gluon import DeferredInitializationError
    return DeferredInitializationError


def _saved(tmp_path, layers: int) -> str:
    net = nn.Sequential()
    for _ in range(layers):
        net.add(nn.Dense(2, in_units=2))
    net.initialize()
    path = os.path.join(tmp_path, "net.params")
    net.save_parameters(path)
    return path


def _net(layers: int):
    net = nn.Sequential()
    for _ in range(layers):
        net.add(nn.Dense(2, in_units=2))
    return net


def test_load_with_extra_names_lists_them_and_what_the_net_has(tmp_path):
    path = _saved(tmp_path, 3)
    with pytest.raises(ValueError) as caught:
        _net(1).load_parameters(path)
    message = str(caught.value)
    # MXNet 1.9.1 lists the container's own (empty) ParameterDict here; ndsh lists the names
    # the network has, and every name of the file it lacks
    assert "'1.weight' loaded from file" in message
    assert "which contains parameters '0.weight', '0.bias'" in message
    assert "All 4 not present: '1.weight', '1.bias', '2.weight', '2.bias'" in message


def test_load_with_missing_names_lists_them_and_the_files(tmp_path):
    path = _saved(tmp_path, 1)
    with pytest.raises(AssertionError) as caught:
        _net(2).load_parameters(path)
    message = str(caught.value)
    assert "'1.weight' is missing in file" in message
    assert "which contains parameters: '0.weight', '0.bias'" in message
    assert "All 2 missing: '1.weight', '1.bias'" in message


def test_load_a_file_of_unnamed_arrays(tmp_path):
    path = os.path.join(tmp_path, "list.params")
    nd.save(path, [nd.ones(2)])
    with pytest.raises(ValueError, match="list of 1 arrays without names"):
        nn.Dense(2).load_parameters(path)


def test_a_custom_hybrid_block_with_deferred_parameters_says_what_to_do():
    class Scale(HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.w = self.params.get("w", shape=(0,), allow_deferred_init=True)

        def hybrid_forward(self, F, x, w):
            return F.broadcast_mul(x, w)

    block = Scale()
    block.initialize()
    with pytest.raises(ValueError) as caught:
        block(nd.ones((2, 3)))
    message = str(caught.value)
    assert message.startswith("Deferred initialization failed because shape cannot be inferred.")
    assert "'scale0_w' (shape (0,))" in message and "Scale.infer_shape" in message

    class Fixed(Scale):
        def infer_shape(self, x):
            self.w.shape = (x.shape[1],)

    fixed = Fixed()
    fixed.initialize(init.One())
    assert fixed(nd.ones((2, 3))).shape == (2, 3)


def test_conv_layer_on_an_input_of_the_wrong_rank():
    if not hasattr(nd, "Convolution"):
        pytest.skip("nd.Convolution is not in ndsh yet")
    conv = nn.Conv2D(2, 3)
    conv.initialize()
    with pytest.raises(ValueError, match=r"expects 4-D input in layout NCHW.*\(2, 6, 6\)"):
        conv(nd.ones((2, 6, 6)))


def test_export_needs_a_hybridized_call_and_op_hooks_are_refused(tmp_path):
    net = nn.HybridSequential()
    net.add(nn.Dense(1, in_units=1))
    net.initialize()
    with pytest.raises(RuntimeError, match="first call block.hybridize"):
        net.export(str(tmp_path / "model"))      # MXNet's message (tests/symbol: the files)
    net.hybridize()
    net(nd.ones((1, 1)))
    net.export(str(tmp_path / "model"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model-0000.params",
                                                          "model-symbol.json"]
    with pytest.raises(NotImplementedError, match="ndsh.trace"):
        net.register_op_hook(print)


def test_hybridize_gives_the_same_outputs_and_gradients():
    def build():
        net = nn.HybridSequential()
        net.add(nn.Dense(5, activation="tanh", in_units=3), nn.Dropout(0.0),
                nn.Dense(2, in_units=5))
        net.initialize(init.Xavier())
        return net

    x = nd.array(np.linspace(-1, 1, 12).reshape(4, 3))
    plain, hybrid = build(), build()
    for a, b in zip(plain.collect_params().values(), hybrid.collect_params().values()):
        b.set_data(a.data())
    hybrid.hybridize(static_alloc=True, static_shape=True)
    results = []
    for net in (plain, hybrid):
        with autograd.record():
            y = net(x)
        y.backward()
        results.append((y.asnumpy(), [p.grad().asnumpy() for p in
                                       net.collect_params().values()]))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    for g0, g1 in zip(results[0][1], results[1][1]):
        np.testing.assert_array_equal(g0, g1)


def test_hooks_keep_firing_after_hybridize():
    # MXNet stops running a hybridized child's Python code (and its hooks) after tracing;
    # ndsh runs it every time: a departure that only hooks and prints can see
    seen = []
    net = nn.HybridSequential()
    net.add(nn.Dense(1, in_units=1))
    net.initialize()
    net[0].register_forward_hook(lambda *args: seen.append("child"))
    with pytest.warns(UserWarning, match="the hooks will not take effect"):
        net.hybridize()
    net(nd.ones((1, 1)))
    net(nd.ones((1, 1)))
    assert seen == ["child", "child"]


def test_block_call_takes_positional_arguments_only():
    class Twice(Block):
        def forward(self, x):
            return x * 2

    with pytest.raises(TypeError, match="unexpected keyword argument 'x'"):
        Twice()(x=nd.ones(1))


def test_a_concise_linear_regression_learns():
    # d2l 3.3: nn.Dense(1), a squared loss and plain SGD on param.data()
    rng = np.random.default_rng(0)
    true_w, true_b = np.array([2.0, -3.4]), 4.2
    features = rng.normal(size=(1000, 2)).astype("float32")
    labels = (features @ true_w + true_b + rng.normal(scale=0.01, size=1000)).astype("float32")
    X, y = nd.array(features), nd.array(labels)
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(init.Normal(sigma=0.01))
    lr, batch = 0.03, 10
    for _ in range(3):
        for i in range(0, 1000, batch):
            with autograd.record():
                loss = ((net(X[i:i + batch]).reshape((-1,)) - y[i:i + batch]) ** 2 / 2).sum()
            loss.backward()
            for param in net.collect_params().values():
                param.data()[:] = param.data() - lr * param.grad() / batch
    final = float((((net(X).reshape((-1,)) - y) ** 2) / 2).mean().asscalar())
    assert final < 1e-3
    np.testing.assert_allclose(net[0].weight.data().asnumpy().ravel(), true_w, atol=0.01)
    np.testing.assert_allclose(net[0].bias.data().asnumpy(), [true_b], atol=0.01)


def test_summary_of_a_deferred_net_prints_no_symbol_rows(capsys):
    # MXNet infers deferred shapes by tracing symbols, and its summary then shows a row such as
    # `Activation-1  <Symbol dense0_relu_fwd>`; ndsh has no symbols, so that row is absent
    net = nn.Sequential()
    net.add(nn.Dense(4, activation="relu"), nn.Dense(2))
    net.initialize()
    net.summary(nd.ones((2, 3)))
    printed = capsys.readouterr().out
    assert "Symbol" not in printed and "Total params: 26" in printed
    assert printed.count("Activation-") == 1

"""How Gluon runs in np mode in ndsh (np_mode.py): each block's body in the world its code is
written for, results in the caller's, parameters as np views over their NDArray storage. These
are ndsh's own rules (MXNet has one array family); the values they give are checked against
MXNet 1.9.1 in test_np_mode_golden.py."""
from __future__ import annotations

import numpy as onp
import pytest

from ndsh.engine import NDArray, autograd, nd
from ndsh.mxnet_compat import mxnet as mx

np, npx, gluon, nn = mx.np, mx.npx, mx.gluon, mx.gluon.nn


@pytest.fixture(autouse=True)
def np_mode():
    npx.set_np()
    yield
    npx.reset_np()


def _dense(units=2, in_units=3, value=0.5):
    net = nn.Dense(units, in_units=in_units)
    net.initialize(mx.init.Constant(value))
    return net


def test_legacy_arrays_stay_legacy_in_np_mode():
    net = _dense()
    out = net(nd.ones((1, 3)))
    assert type(out) is NDArray
    assert out.asnumpy().tolist() == [[1.5, 1.5]]


def test_a_users_block_sees_np_arrays_inside_ndshs_container_and_gives_them_back():
    seen = []

    class Probe(nn.Block):
        def forward(self, x):
            seen.append(type(x).__name__)
            return np.exp(x)                   # an np function: refuses NDArrays

    net = nn.Sequential()
    net.add(_dense(), Probe())
    out = net(np.ones((1, 3)))
    assert seen == ["ndarray"] and type(out).__module__ == "mxnet.numpy"
    onp.testing.assert_allclose(out.asnumpy(), onp.exp([[1.5, 1.5]]), rtol=1e-6)


def test_a_users_block_inside_ndshs_container_called_on_legacy_arrays():
    class Probe(nn.Block):
        def forward(self, x):
            return np.exp(x)

    net = nn.Sequential()
    net.add(_dense(), Probe())
    out = net(nd.ones((1, 3)))                   # the caller's world: legacy
    assert type(out) is NDArray


def test_a_users_hybrid_forward_gets_np_params_and_an_F_with_np_and_legacy_ops():
    class Fc(nn.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.w = self.params.get("w", shape=(2, 3), init=mx.init.One())

        def hybrid_forward(self, F, x, w):
            assert type(w).__module__ == "mxnet.numpy"
            legacy = F.FullyConnected(x, w, no_bias=True, num_hidden=2)
            return F.np.add(legacy, F.npx.relu(x).sum())

    net = Fc()
    net.initialize()
    out = net(np.ones((1, 3)))
    assert out.asnumpy().tolist() == [[6.0, 6.0]]


def test_param_views_share_the_storage_the_trainer_updates():
    net = _dense()
    view = net.weight.data()
    assert len(net.weight.list_data()) == 1 and net.weight.list_data()[0] is view
    assert net.weight.list_grad()[0] is net.weight.grad()    # np views, as MXNet's
    assert type(net.weight.list_grad()[0]) is type(view)
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 1.0})
    with autograd.record():
        loss = net(np.ones((1, 3))).sum()
    loss.backward()
    assert net.weight.grad().asnumpy().tolist() == [[1.0] * 3] * 2
    trainer.step(1)
    assert view.asnumpy().tolist() == [[-0.5] * 3] * 2      # the same memory, updated
    assert net.weight.data() is view


def test_a_view_follows_a_cast():
    net = _dense()
    before = net.weight.data()
    net.cast("float64")
    after = net.weight.data()
    assert after is not before and after.dtype == onp.float64


def test_param_data_outside_np_mode_is_the_ndarray():
    net = _dense()
    npx.reset_np()
    assert type(net.weight.data()) is NDArray
    assert net.weight.shape == (2, 3)


def test_np_mode_shows_unknown_dimensions_as_minus_one_only_while_on():
    net = nn.Dense(4)
    assert net.weight.shape == (4, -1)
    npx.reset_np()
    assert net.weight.shape == (4, 0)


def test_hooks_of_ndshs_layers_see_np_arrays():
    net = _dense()
    seen = []
    net.register_forward_pre_hook(lambda block, inputs: seen.append(type(inputs[0]).__name__))
    net.register_forward_hook(lambda block, inputs, out: seen.append(type(out).__name__))
    net(np.ones((1, 3)))
    assert seen == ["ndarray", "ndarray"]


def test_as_np_ndarray_and_autograd_grad_share_gradients():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    y = x.as_np_ndarray()
    assert y.as_nd_ndarray() is x
    with autograd.record():
        z = (y * y).sum()
    (g,) = autograd.grad(z, [y], retain_graph=True)
    assert type(g) is NDArray and g.asnumpy().tolist() == [2.0, 4.0]
    autograd.backward([z])
    assert y.grad.asnumpy().tolist() == [2.0, 4.0]


def test_the_engine_hooks_are_installed_once():
    from ndsh.mxnp import convert
    first = autograd.grad
    convert._install()
    assert autograd.grad is first
    assert first.__wrapped_engine__.__module__ == "ndsh.engine.autograd"


def test_a_block_body_running_in_another_thread_leaves_this_threads_world_alone():
    # DataLoader threads and the kernel run blocks too: "inside one of ndsh's own block bodies"
    # is per thread. A shared flag read True here while the other thread's body ran, and two
    # interleaved calls restoring it out of order left np mode's param.data() giving NDArrays.
    import threading

    from ndsh.gluon.np_mode import call_in_world, np_world
    net = _dense()
    entered, release = threading.Event(), threading.Event()

    def body(args):
        entered.set()
        release.wait(10)
        return net.forward(*args)

    worker = threading.Thread(target=call_in_world, args=(net, (nd.ones((1, 3)),), body, True))
    worker.start()
    try:
        assert entered.wait(10)
        assert np_world()                      # the other thread's body does not count here
        assert type(net.weight.data()).__module__ == "mxnet.numpy"
    finally:
        release.set()
        worker.join(10)
    assert np_world()

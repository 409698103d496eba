"""HybridBlock.forward's shortcuts (issue 20): own_data reads a block's own parameters with
fewer checks than param.data(ctx) but must give the same arrays, whatever changed since the
last call (context, dtype, values, grad_req, sharing, np mode, deferred initialization). Each
test calls a layer, changes the parameters, and checks the next call against the nd op
computed from param.data()."""
from __future__ import annotations

import numpy as np
import pytest

import ndsh.mxnp.npx as npx
from ndsh.engine import autograd, nd
from ndsh.engine.context import cpu
from ndsh.gluon import HybridBlock, nn
from ndsh.gluon.hybrid_block import own_data
from ndsh.gluon.name import NameManager
from ndsh.gluon.np_mode import np_world


@pytest.fixture(autouse=True)
def _fresh_names():
    with NameManager():
        yield


def _dense_by_hand(layer, x, ctx=None):
    return nd.FullyConnected(x, layer.weight.data(ctx), layer.bias.data(ctx), num_hidden=3)


def test_own_data_gives_the_arrays_data_gives():
    layer = nn.Dense(3, in_units=4)
    layer.initialize()
    found = own_data(layer._reg_params, cpu(0))
    assert found["weight"] is layer.weight.data(cpu(0))
    assert found["bias"] is layer.bias.data(cpu(0))


def test_set_data_and_cast_reach_the_next_call():
    layer = nn.Dense(3, in_units=4)
    layer.initialize()
    x = nd.ones((2, 4))
    layer(x)
    layer.weight.set_data(nd.full((3, 4), 2.0))
    np.testing.assert_array_equal(layer(x).asnumpy(), _dense_by_hand(layer, x).asnumpy())
    assert layer(x).asnumpy()[0, 0] == 8.0
    layer.cast("float64")
    out = layer(nd.ones((2, 4), dtype="float64"))
    assert out.dtype == np.float64 and out.asnumpy()[0, 0] == 8.0


def test_reset_ctx_and_several_contexts():
    layer = nn.Dense(3, in_units=4)
    layer.initialize(ctx=cpu(0))
    layer(nd.ones((2, 4)))
    layer.collect_params().reset_ctx(cpu(1))
    x1 = nd.ones((2, 4), ctx=cpu(1))
    out = layer(x1)
    assert out.context == cpu(1)
    np.testing.assert_array_equal(out.asnumpy(), _dense_by_hand(layer, x1, cpu(1)).asnumpy())
    with pytest.raises(RuntimeError, match="was not initialized on context cpu\\(0\\)"):
        layer(nd.ones((2, 4)))
    layer.collect_params().reset_ctx([cpu(0), cpu(1)])
    for ctx in (cpu(0), cpu(1)):
        x = nd.ones((2, 4), ctx=ctx)
        found = own_data(layer._reg_params, ctx)
        assert found["weight"] is layer.weight.data(ctx)
        np.testing.assert_array_equal(layer(x).asnumpy(),
                                      _dense_by_hand(layer, x, ctx).asnumpy())


def test_shared_parameters_and_grad_req_changes():
    first = nn.Dense(3, in_units=4)
    second = nn.Dense(3, in_units=4, params=first.collect_params())
    first.initialize()
    x = nd.ones((2, 4))
    np.testing.assert_array_equal(first(x).asnumpy(), second(x).asnumpy())
    first.weight.set_data(nd.ones((3, 4)))
    assert second(x).asnumpy()[0, 0] == 4.0
    first.collect_params().setattr("grad_req", "add")
    for _ in range(2):
        with autograd.record():
            loss = second(x).sum()
        loss.backward()
    np.testing.assert_array_equal(first.weight.grad().asnumpy(), np.full((3, 4), 4.0))
    first.collect_params().setattr("grad_req", "null")
    with autograd.record():
        out = second(x)
    assert out.asnumpy()[0, 0] == 4.0


def test_deferred_initialization_then_np_mode():
    layer = nn.Dense(3)
    layer.initialize()
    with pytest.raises(RuntimeError, match="deferred"):
        own_data(layer._reg_params, cpu(0))
    x = nd.ones((2, 5))
    out = layer(x)
    assert layer.weight.shape == (3, 5)
    npx.set_np()
    try:
        assert np_world()
        views = own_data(layer._reg_params, cpu(0))
        assert views["weight"] is layer.weight.data()          # the np view, as data() gives
        assert type(views["weight"]).__name__ == "ndarray"
        np_out = layer(x.as_np_ndarray())
        assert type(np_out).__name__ == "ndarray"
        np.testing.assert_array_equal(np_out.asnumpy(), out.asnumpy())
    finally:
        npx.reset_np()
    assert isinstance(layer(x), nd.NDArray)


def test_np_world_in_a_new_thread_and_inside_a_block():
    """_THREAD.inside is a class default now (no getattr fallback): a thread that never set
    it reads False, and a block's body still sees NDArrays in np mode."""
    import threading
    seen = []
    npx.set_np()
    try:
        thread = threading.Thread(target=lambda: seen.append(np_world()))
        thread.start()
        thread.join()
        layer = nn.Lambda(lambda x: seen.append(np_world()) or x)
        layer(nd.ones(2).as_np_ndarray())
    finally:
        npx.reset_np()
    assert seen == [True, False]
    assert not np_world()


def test_batchnorm_after_changes_matches_the_op():
    layer = nn.BatchNorm(in_channels=2)
    layer.initialize()
    x = nd.arange(16).reshape((2, 2, 2, 2))
    layer(x)
    layer.gamma.set_data(nd.array([2.0, 3.0]))
    layer.running_mean.set_data(nd.array([1.0, -1.0]))
    params = [p.data() for p in (layer.gamma, layer.beta, layer.running_mean,
                                 layer.running_var)]
    expected = nd.BatchNorm(x, *params, eps=1e-5, momentum=0.9, fix_gamma=False)
    np.testing.assert_allclose(layer(x).asnumpy(), expected.asnumpy(), rtol=1e-6)


class _Pair(HybridBlock):
    def hybrid_forward(self, F, x, y=None):
        return x if y is None else x + y


def test_hybridized_one_array_shortcut_forgets_with_hybridize_and_register_child():
    net = nn.HybridSequential()
    net.add(nn.Dense(2, in_units=3))
    net.initialize()
    net.hybridize()
    x = nd.ones((1, 3))
    first = net(x)
    np.testing.assert_array_equal(net(x).asnumpy(), first.asnumpy())    # the shortcut
    assert net.__dict__["_in_format"] == [0]
    net.add(nn.Dense(2, in_units=2))       # register_child forgets the stored format
    assert "_in_format" not in net.__dict__
    net[1].initialize()
    assert net(x).shape == (1, 2)
    pair = _Pair()
    pair.hybridize()
    pair(x, x)                             # stored format [0, 0]
    with pytest.raises(ValueError, match="does not match the cached version"):
        pair(x, x, x)
    pair(x, x)
    with pytest.raises(ValueError, match="does not match the cached version"):
        pair(x)                            # one array, but the stored format is [0, 0]
    pair.hybridize()                       # forgets: a one-array first call is fine again
    pair(x)
    np.testing.assert_array_equal(pair(x).asnumpy(), x.asnumpy())
    with pytest.raises(ValueError, match="does not match the cached version"):
        pair(x, x, x)


def test_one_np_array_into_ndsh_layer_and_into_a_user_block():
    """np_mode.one_np_into_nd's shortcut: ndsh's layer body gets the NDArray, gives np back;
    a user's block (its body is not ndsh's) still gets np arrays, and the flag is restored."""
    from ndsh.gluon import Block
    from ndsh.gluon.np_mode import one_np_into_nd

    class Mine(Block):
        def forward(self, x):
            seen.append((type(x).__name__, np_world()))
            return x * 2

    seen = []
    layer = nn.Dense(3, in_units=4)
    layer.initialize()
    x = nd.arange(8).reshape((2, 4))
    expected = layer(x).asnumpy()
    npx.set_np()
    try:
        xn = x.as_np_ndarray()
        assert one_np_into_nd(layer, (xn,)) and not one_np_into_nd(Mine(), (xn,))
        out = layer(xn)
        assert type(out).__name__ == "ndarray"
        np.testing.assert_array_equal(out.asnumpy(), expected)
        doubled = Mine()(xn)
        assert type(doubled).__name__ == "ndarray" and seen == [("ndarray", True)]
        assert np_world()
    finally:
        npx.reset_np()

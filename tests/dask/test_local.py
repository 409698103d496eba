"""The dask(0) context on the embedded local scheduler (threads): lazy arrays, autograd through
dask graphs, values computed when needed, in-place writes that rebind and persist, and the
errors (mixed contexts, ops dask cannot express). The generated gradient cases of the op table
run here too: each op gives cpu(0)'s values and gradients, or says by name that it cannot run."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.registry import OPS

pytest.importorskip("dask.array")

from ndsh.engine.dask_array import DaskUnsupported  # noqa: E402
from tests.engine.test_gradients import CASES  # noqa: E402

D = nd.dask()
RANDOM_OPS = {"nd.Dropout"}          # draws differ between contexts by design


def is_lazy(x) -> bool:
    import dask.array as da
    return isinstance(x._data, da.Array)


def test_the_context_prints_and_arrays_on_it_are_lazy_dask_arrays():
    assert repr(D) == "dask(0)" and D is nd.dask(0)
    x = nd.array([[1, 2], [3, 4]], ctx=D)
    y = (x * 2 + 1).exp()
    assert is_lazy(y) and y.context is D
    assert repr(x).endswith("<NDArray 2x2 @dask(0)>")
    np.testing.assert_allclose(y.asnumpy(), np.exp(np.array([[3, 5], [7, 9]], "float32")),
                               rtol=1e-6)
    assert x.sum().asscalar() == 10.0
    assert bool(x.max() > 3) and float(x[1, 1]) == 4.0


def test_moving_between_cpu_and_dask_copies():
    x = nd.arange(6).reshape((2, 3))
    d = x.as_in_context(D)
    assert is_lazy(d) and d.context is D
    back = d.copyto(nd.cpu())
    assert back.context == nd.cpu() and isinstance(back._data, np.ndarray)
    x[:] = 0                                    # the copies are copies
    assert d.sum().asscalar() == 15.0 and back.sum().asscalar() == 15.0


def test_autograd_builds_dask_graphs_and_matches_cpu():
    def grads(ctx):
        x = nd.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], ctx=ctx)
        w = nd.array([[1.0], [2.0], [-1.0]], ctx=ctx)
        for p in (x, w):
            p.attach_grad()
        with autograd.record():
            loss = (nd.dot(x, w).tanh() * x.exp()).sum()
        loss.backward()
        return loss, x.grad, w.grad
    on_cpu, on_dask = grads(nd.cpu()), grads(D)
    assert all(is_lazy(g) for g in on_dask)
    for want, got in zip(on_cpu, on_dask):
        np.testing.assert_allclose(got.asnumpy(), want.asnumpy(), rtol=1e-5)


def test_mixing_cpu_and_dask_names_both_contexts():
    with pytest.raises(ValueError, match=r"dask\(0\).*cpu\(0\)"):
        nd.ones((2,), ctx=D) + nd.ones((2,))
    with pytest.raises(ValueError, match=r"cpu\(0\).*dask\(0\)"):
        nd.dot(nd.ones((2, 2)), nd.ones((2, 2), ctx=D))


def test_an_op_dask_cannot_express_says_so_by_name():
    with pytest.raises(DaskUnsupported, match=r"sort.*cannot run on dask\(0\).*argsort"):
        nd.sort(nd.array([3, 1, 2], ctx=D))
    with pytest.raises(NotImplementedError):            # what people catch
        nd.linalg.det(nd.ones((2, 2), ctx=D))


def test_a_training_loop_does_not_grow_its_graph():
    w = nd.ones((4, 1), ctx=D)
    x = nd.array(np.arange(12, dtype="float32").reshape(3, 4) / 10, ctx=D)
    w.attach_grad()
    sizes = []
    for _ in range(12):
        with autograd.record():
            loss = (nd.dot(x, w) ** 2).sum()
        loss.backward()
        w[:] = w - 0.01 * w.grad
        sizes.append(len(w._data.__dask_graph__()))
    assert sizes[-1] == sizes[2] == w._data.npartitions      # persisted every step
    expected = np.ones((4, 1), "float32")
    xs = np.arange(12, dtype="float32").reshape(3, 4) / 10
    for _ in range(12):
        expected = expected - 0.01 * 2 * xs.T @ (xs @ expected)
    np.testing.assert_allclose(w.asnumpy(), expected, rtol=1e-5)


def test_in_place_writes_rebind_and_waitall_persists():
    x = nd.ones((3,), ctx=D)
    same = x
    x += 2
    assert same is x and x.asnumpy().tolist() == [3, 3, 3]
    out = nd.zeros((3,), ctx=D)
    nd.exp(nd.zeros((3,), ctx=D), out=out)
    assert out.asnumpy().tolist() == [1, 1, 1]
    y = x * 2 + 1
    assert len(y._data.__dask_graph__()) > y._data.npartitions
    nd.waitall()
    assert len(y._data.__dask_graph__()) == y._data.npartitions
    y.wait_to_read()
    assert y.asnumpy().tolist() == [7, 7, 7]


def _run(name, values, kwargs, ctx):
    arrays, args = [], []
    for v in values:
        if isinstance(v, np.ndarray):
            a = nd.array(v, dtype="float64", ctx=ctx)
            a.attach_grad()
            arrays.append(a)
            args.append(a)
        else:
            args.append(v)
    with autograd.record():
        out = OPS[name].call(*args, **kwargs)
        outs = out if isinstance(out, (list, tuple)) else [out]
        total = sum((o * (i + 1)).sum() for i, o in enumerate(outs))
    total.backward()
    return [o.asnumpy() for o in outs] + [a.grad.asnumpy() for a in arrays]


@pytest.mark.parametrize("name", sorted(set(CASES) - RANDOM_OPS))
def test_generated_gradient_case_on_dask_matches_cpu_or_names_the_op(name):
    values, kwargs = CASES[name][0]
    try:
        want = _run(name, values, kwargs, nd.cpu())
    except Exception:        # a case that test_gradients calls its own way (not as op(*x))
        pytest.skip(f"{name}: its gradient case is not a plain call")
    try:
        got = _run(name, values, kwargs, D)
    except DaskUnsupported as error:
        assert "cannot run on dask(0)" in str(error) and "(engine/ops/" in str(error)
        return
    for w, g in zip(want, got):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-8)


def test_a_gluon_mlp_trained_with_adam_matches_cpu_and_keeps_small_graphs():
    from ndsh import gluon
    from ndsh.gluon import init

    def train(ctx):
        nd.random.seed(0)
        X = nd.random.normal(shape=(256, 10))
        y = X.sum(axis=1) > 0
        X, y = X.as_in_context(ctx), y.as_in_context(ctx)
        net = gluon.nn.Sequential()
        net.add(gluon.nn.Dense(16, activation="relu"), gluon.nn.Dense(2))
        net.initialize(init.Xavier(), ctx=ctx)
        loss = gluon.loss.SoftmaxCrossEntropyLoss()
        trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 0.01})
        for _ in range(8):
            with autograd.record():
                l = loss(net(X), y)
            l.backward()
            trainer.step(256)
        return l.mean().asscalar(), net, trainer
    loss_cpu, _, _ = train(nd.cpu())
    loss_dask, net, trainer = train(D)
    assert loss_dask == pytest.approx(loss_cpu, rel=1e-5)
    states = [s for state in trainer._updaters[0].states.values() for s in state]
    for data in [p.data() for p in net.collect_params().values()] + states:
        assert is_lazy(data) and len(data._data.dask.layers) <= 32     # bounded, not 8 steps deep


def test_ops_and_backward_compute_nothing_until_a_value_is_needed():
    from dask.callbacks import Callback

    computes = []
    x = nd.array(np.linspace(-1, 1, 12).reshape(3, 4), ctx=D)
    x.attach_grad()
    with Callback(start=lambda dsk: computes.append(len(dsk))):
        with autograd.record():
            y = (nd.dot(x, x.T).sigmoid() * 3).mean(axis=1).sum()
        y.backward()
        assert computes == []                       # graphs only
        value = y.asscalar()
        assert len(computes) == 1
    host = np.linspace(-1, 1, 12).reshape(3, 4).astype("float32")
    assert value == pytest.approx((3 / (1 + np.exp(-host @ host.T))).mean(axis=1).sum(),
                                  rel=1e-6)


def test_a_slice_is_a_copy_on_dask_not_a_view():
    x = nd.arange(4, ctx=D)
    part = x[1:3]
    part[:] = 9
    assert x.asnumpy().tolist() == [0, 1, 2, 3] and part.asnumpy().tolist() == [9, 9]


def test_a_graph_that_fails_is_reported_by_waitall_once_and_the_rest_are_made():
    from ndsh.engine.mxnet_errors import MXNetError
    good = nd.ones((3,), ctx=D) * 2
    bad = nd.ones((2,), ctx=D)

    def boom(block):
        if block.size:                      # not on dask's zero-size meta probe
            raise ZeroDivisionError("a task failed")
        return block
    bad._data = D.xp.asarray(bad._data.map_blocks(boom, dtype=bad._data.dtype))
    with pytest.raises(MXNetError, match=r"1 of the \d+ pending dask\(0\) arrays failed.*"
                                         r"\(2,\).*ZeroDivisionError: a task failed"):
        nd.waitall()
    assert len(good._data.__dask_graph__()) == good._data.npartitions     # made
    nd.waitall()                                    # the failed one no longer waited on
    with pytest.raises(ZeroDivisionError):
        bad.asnumpy()

"""The normalisation layers beyond the golden cases (tests/engine/golden/norm.json): BatchNorm's
moving statistics (updated in backward, exactly when MXNet updates them), its true gradient in
prediction mode (a departure), float32 precision on data far from zero, float16; InstanceNorm,
GroupNorm and LRN where ndsh computes what MXNet 1.9.1 refuses; one-paragraph errors."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import graph as engine_graph
from ndsh.engine.graph import AutogradError
from ndsh.engine.mxnet_errors import MXNetError

RNG = np.random.default_rng(16)
X = [[1, 2], [3, 6], [5, 10], [7, 2]]


def _params(dtype="float32", c=2):
    return (nd.array(np.linspace(1, 2, c), dtype=dtype), nd.array(np.linspace(-1, 1, c),
                                                                 dtype=dtype),
            nd.zeros(c, dtype=dtype), nd.ones(c, dtype=dtype))


def _reference(x, gamma, beta, axis=1, eps=1e-3):
    """BatchNorm's training forward and its gradients in float64 numpy (the textbook VJP)."""
    axes = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    shape = [1] * x.ndim
    shape[axis] = -1
    mean, var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    xhat = (x - mean) / np.sqrt(var + eps)
    out = gamma.reshape(shape) * xhat + beta.reshape(shape)

    def grads(g):
        dgamma = (g * xhat).sum(axis=axes)
        dbeta = g.sum(axis=axes)
        dx = gamma.reshape(shape) / np.sqrt(var + eps) * (
            g - g.mean(axis=axes, keepdims=True)
            - xhat * (g * xhat).mean(axis=axes, keepdims=True))
        return dx, dgamma, dbeta
    return out, grads


# ----- BatchNorm: the moving statistics -------------------------------------------------------
def _step(record=None, backward=True, train_mode=True, **kwargs):
    x = nd.array(X)
    x.attach_grad()
    gamma, beta, mm, mv = _params()
    with record or autograd.record():
        y = nd.BatchNorm(x, gamma, beta, mm, mv, fix_gamma=False, **kwargs)
    if backward:
        y.backward(train_mode=train_mode)
    return mm.asnumpy(), mv.asnumpy()


def test_the_moving_statistics_change_in_backward_with_the_biased_variance():
    mm, mv = _step(backward=False)
    assert mm.tolist() == [0, 0] and mv.tolist() == [1, 1]
    mm, mv = _step()
    np.testing.assert_allclose(mm, [0.4, 0.5], rtol=1e-6)
    np.testing.assert_allclose(mv, [0.9 + 0.1 * 5, 0.9 + 0.1 * 11], rtol=1e-6)


@pytest.mark.parametrize("how", ["use_global_stats", "predict_record", "backward_predict"])
def test_the_moving_statistics_stay_where_mxnet_leaves_them(how):
    if how == "use_global_stats":
        mm, mv = _step(use_global_stats=True)
    elif how == "predict_record":
        mm, mv = _step(record=autograd.record(train_mode=False))
    else:
        mm, mv = _step(train_mode=False)
    assert mm.tolist() == [0, 0] and mv.tolist() == [1, 1]


def test_train_mode_without_record_normalises_by_the_batch_and_updates_nothing():
    x = nd.array(X)
    gamma, beta, mm, mv = _params()
    with autograd.train_mode():
        y = nd.BatchNorm(x, gamma, beta, mm, mv, fix_gamma=False)
    out, _ = _reference(np.array(X, dtype=np.float64), gamma.asnumpy(), beta.asnumpy())
    np.testing.assert_allclose(y.asnumpy(), out, rtol=1e-5, atol=1e-6)
    assert mm.asnumpy().tolist() == [0, 0]


def test_a_batch_statistic_output_passes_no_gradient_but_runs_the_update():
    x = nd.array(X)
    x.attach_grad()
    gamma, beta, mm, mv = _params()
    with autograd.record():
        out, mean, inv_std = nd.BatchNorm(x, gamma, beta, mm, mv, output_mean_var=True)
    np.testing.assert_allclose(mean.asnumpy(), [4, 5])
    np.testing.assert_allclose(inv_std.asnumpy(), 1 / np.sqrt(np.array([5, 11]) + 1e-3),
                               rtol=1e-6)
    inv_std.backward()
    assert (x.grad.asnumpy() == 0).all()
    np.testing.assert_allclose(mm.asnumpy(), [0.4, 0.5], rtol=1e-6)


def test_fix_gamma_writes_ones_only_when_needed():
    x = nd.array(X)
    x.attach_grad()
    gamma, beta, mm, mv = _params()
    gamma[:] = 1
    gamma.attach_grad()
    with autograd.record():
        scaled = x * gamma.reshape((1, 2))        # gamma read by another recorded op first
        y = nd.BatchNorm(scaled, gamma, beta, mm, mv)
    y.backward(nd.array(X))                       # no in-place write was needed: no error
    assert (gamma.grad.asnumpy() != 0).any()      # through the product only
    gamma2 = nd.array([2.0, 3.0])
    nd.BatchNorm(x, gamma2, beta, mm, mv)
    assert gamma2.asnumpy().tolist() == [1, 1]


# ----- BatchNorm: values and gradients --------------------------------------------------------
@pytest.mark.parametrize("shape,axis", [((4, 3, 5, 2), 1), ((6, 4), -1), ((3, 2, 4), 0),
                                        ((2, 3, 4, 2, 2), -2)])
def test_training_values_and_gradients_match_the_textbook_formula(shape, axis):
    x = RNG.standard_normal(shape) * 3 + 1
    c = shape[axis]
    gamma, beta = RNG.uniform(0.5, 2, c), RNG.uniform(-1, 1, c)
    head = RNG.standard_normal(shape)
    xs, gs, bs = (nd.array(v, dtype="float64") for v in (x, gamma, beta))
    for a in (xs, gs, bs):
        a.attach_grad()
    mm, mv = nd.zeros(c, dtype="float64"), nd.ones(c, dtype="float64")
    with autograd.record():
        y = nd.BatchNorm(xs, gs, bs, mm, mv, fix_gamma=False, axis=axis)
    y.backward(nd.array(head, dtype="float64"))
    out, grads = _reference(x, gamma, beta, axis=axis)
    np.testing.assert_allclose(y.asnumpy(), out, rtol=1e-12, atol=1e-12)
    for got, want in zip((xs.grad, gs.grad, bs.grad), grads(head)):
        np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-10, atol=1e-10)


def test_prediction_mode_gradient_is_the_true_one():
    """A departure: MXNet 1.9.1 applies the training formula with the moving statistics."""
    x = nd.array(X)
    x.attach_grad()
    gamma, beta, mm, mv = _params()
    mm[:] = 1
    mv[:] = 4
    with autograd.record(train_mode=False):
        y = nd.BatchNorm(x, gamma, beta, mm, mv, fix_gamma=False)
    y.backward()
    want = np.broadcast_to(gamma.asnumpy() / np.sqrt(4 + 1e-3), (4, 2))
    np.testing.assert_allclose(x.grad.asnumpy(), want, rtol=1e-6)


def test_float32_stays_accurate_on_data_far_from_zero():
    x = (RNG.standard_normal((8, 3, 16, 16)) * 0.5 + 200).astype(np.float32)
    head = RNG.standard_normal(x.shape).astype(np.float32)
    gamma, beta = np.ones(3), np.zeros(3)
    xs = nd.array(x)
    xs.attach_grad()
    with autograd.record():
        y = nd.BatchNorm(xs, nd.ones(3), nd.zeros(3), nd.zeros(3), nd.ones(3), eps=1e-5)
    y.backward(nd.array(head))
    out, grads = _reference(x.astype(np.float64), gamma, beta, eps=1e-5)
    np.testing.assert_allclose(y.asnumpy(), out, atol=2e-4)
    dx = grads(head.astype(np.float64))[0]
    np.testing.assert_allclose(xs.grad.asnumpy(), dx, atol=2e-3 * np.abs(dx).max())


def test_float16_data_takes_float32_parameters():
    x = nd.array(X, dtype="float16")
    x.attach_grad()
    gamma, beta, mm, mv = _params()
    gamma.attach_grad()
    with autograd.record():
        y = nd.BatchNorm(x, gamma, beta, mm, mv, fix_gamma=False)
    y.backward()
    assert y.dtype == np.float16 and x.grad.dtype == np.float16
    assert gamma.grad.dtype == np.float32 and mm.dtype == np.float32
    np.testing.assert_allclose(mm.asnumpy(), [0.4, 0.5], rtol=1e-6)


def test_a_large_recorded_input_is_kept_for_the_gradient(monkeypatch):
    """Large inputs are replaced by shape-only stand-ins unless the gradient reads them."""
    monkeypatch.setattr(engine_graph, "GHOST_MIN_SIZE", 0)
    x0 = RNG.standard_normal((4, 3, 2))
    x = nd.array(x0, dtype="float64")
    x.attach_grad()
    gamma, beta, mm, mv = _params("float64", 3)
    with autograd.record():
        y = nd.BatchNorm(x * 2, gamma, beta, mm, mv, fix_gamma=False)
    y.backward(nd.array(x0, dtype="float64"))
    _, grads = _reference(2 * x0, gamma.asnumpy(), beta.asnumpy())
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * grads(x0)[0], rtol=1e-10, atol=1e-12)


def test_second_order_gradients_are_refused_clearly():
    x = nd.array(X, dtype="float64")
    x.attach_grad()
    gamma, beta, mm, mv = _params("float64")
    with autograd.record():
        y = nd.BatchNorm(x, gamma, beta, mm, mv, fix_gamma=False)
        with pytest.raises(AutogradError, match="BatchNorm: create_graph=True"):
            autograd.grad(y, [x], create_graph=True)


# ----- InstanceNorm, GroupNorm, L2Normalization, LRN ------------------------------------------
def test_instance_norm_in_float64_and_as_group_norm_with_a_group_per_channel():
    x = RNG.standard_normal((2, 3, 4, 5))
    gamma, beta = RNG.uniform(0.5, 2, 3), RNG.uniform(-1, 1, 3)
    mean = x.mean(axis=(2, 3), keepdims=True)
    var = x.var(axis=(2, 3), keepdims=True)
    want = (x - mean) / np.sqrt(var + 1e-3) * gamma[:, None, None] + beta[:, None, None]
    args = [nd.array(v, dtype="float64") for v in (x, gamma, beta)]
    np.testing.assert_allclose(nd.InstanceNorm(*args).asnumpy(), want, rtol=1e-12)
    np.testing.assert_allclose(nd.GroupNorm(*args, num_groups=3, eps=1e-3).asnumpy(), want,
                               rtol=1e-12)


def test_group_norm_mean_and_std_outputs():
    x = RNG.standard_normal((2, 4, 3))
    out, mean, std = nd.GroupNorm(nd.array(x), nd.ones(2), nd.zeros(2), num_groups=2,
                                  output_mean_var=True)
    groups = x.reshape(2, 2, -1)
    np.testing.assert_allclose(mean.asnumpy(), groups.mean(axis=2), rtol=1e-5)
    np.testing.assert_allclose(std.asnumpy(), np.sqrt(groups.var(axis=2) + 1e-5), rtol=1e-5)


def test_lrn_even_window_and_ranks_mxnet_refuses():
    x = RNG.uniform(-2, 2, (2, 5, 3))           # 3-D: MXNet 1.9.1 fails, ndsh computes
    squares = x * x
    for nsize in (2, 3, 4, 5):
        half = (nsize - 1) // 2
        window = np.stack([squares[:, max(0, c - half):c + half + 1].sum(axis=1)
                           for c in range(5)], axis=1)
        want = x / (2 + 1e-4 / nsize * window) ** 0.75
        got = nd.LRN(nd.array(x, dtype="float64"), nsize=nsize).asnumpy()
        np.testing.assert_allclose(got, want, rtol=1e-13)


def test_l2_normalization_keeps_zero_rows_zero_with_the_gradient_of_eps():
    x = nd.zeros((2, 3))
    x.attach_grad()
    with autograd.record():
        y = nd.L2Normalization(x)
    y.backward()
    assert (y.asnumpy() == 0).all()
    np.testing.assert_allclose(x.grad.asnumpy(), 1e5, rtol=1e-5)


def test_constant_channels_with_eps_zero_give_nan_silently():
    y = nd.GroupNorm(nd.ones((1, 2, 2)), nd.ones(1), nd.zeros(1), eps=0)
    assert np.isnan(y.asnumpy()).all()


# ----- errors: one paragraph naming the op, the argument and the shapes -----------------------
G, B, MM, MV = (nd.ones(2), nd.zeros(2), nd.zeros(2), nd.ones(2))
ERRORS = [
    (lambda: nd.BatchNorm(nd.ones((2, 2)), G, B, MM), ValueError, ["BatchNorm", "5 arrays"]),
    (lambda: nd.BatchNorm(nd.ones((2, 3)), G, B, MM, MV), ValueError,
     ["BatchNorm", "gamma", "(2,)", "(2, 3)", "3 channels"]),
    (lambda: nd.BatchNorm(nd.ones((2, 2)), G, B, nd.zeros(5), MV), ValueError,
     ["moving_mean", "(5,)"]),
    (lambda: nd.BatchNorm(nd.ones((2, 2), dtype="int32"), G, B, MM, MV), TypeError,
     ["BatchNorm", "int32", "(2, 2)"]),
    (lambda: nd.BatchNorm(nd.ones((2, 2), dtype="float64"), G, B, MM, MV), TypeError,
     ["BatchNorm", "gamma", "float32", "float64"]),
    (lambda: nd.BatchNorm(nd.ones((2, 2)), G, B, MM, MV, axis=2), ValueError,
     ["BatchNorm", "axis 2", "(2, 2)"]),
    (lambda: nd.BatchNorm(nd.ones((0, 2)), G, B, MM, MV), ValueError, ["BatchNorm", "(0, 2)"]),
    (lambda: nd.BatchNorm(nd.ones((2, 2)), [1, 1], B, MM, MV), TypeError,
     ["BatchNorm", "gamma", "list"]),
    (lambda: nd.InstanceNorm(nd.ones((2, 3)), nd.ones(3), nd.zeros(3)), ValueError,
     ["InstanceNorm", "3 dimensions", "(2, 3)"]),
    (lambda: nd.InstanceNorm(nd.ones((2, 3, 4)), nd.ones(2), nd.zeros(2)), ValueError,
     ["InstanceNorm", "gamma", "(2,)", "(2, 3, 4)"]),
    (lambda: nd.GroupNorm(nd.ones((2, 4, 2)), G, B, num_groups=3), ValueError,
     ["GroupNorm", "num_groups=3", "4 channels"]),
    (lambda: nd.GroupNorm(nd.ones((2, 4, 2)), G, B, num_groups=0), ValueError,
     ["GroupNorm", "num_groups"]),
    (lambda: nd.GroupNorm(nd.ones((2, 4, 2)), nd.ones(4), B, num_groups=2), ValueError,
     ["GroupNorm", "gamma", "(4,)", "one value per group"]),
    (lambda: nd.L2Normalization(nd.ones((2, 2)), mode="rows"), ValueError,
     ["L2Normalization", "'rows'"]),
    (lambda: nd.L2Normalization(nd.ones((2, 2)), mode="channel"), ValueError,
     ["L2Normalization", "'channel'", "(2, 2)"]),
    (lambda: nd.LRN(nd.ones((1, 3, 2))), ValueError, ["LRN", "nsize"]),
    (lambda: nd.LRN(nd.ones((1, 3, 2)), nsize=0), ValueError, ["LRN", "nsize", "0"]),
    (lambda: nd.LRN(nd.ones(3), nsize=3), ValueError, ["LRN", "(3,)"]),
    (lambda: nd.LRN(nd.ones((1, 3), dtype="int32"), nsize=3), TypeError, ["LRN", "int32"]),
]


@pytest.mark.parametrize("call,kind,words", ERRORS, ids=[str(i) for i in range(len(ERRORS))])
def test_bad_input_is_one_paragraph_naming_the_op_and_the_shapes(call, kind, words):
    with pytest.raises(kind) as caught:
        call()
    message = str(caught.value)
    assert isinstance(caught.value, MXNetError)
    assert "\n" not in message
    for word in words:
        assert word in message, (word, message)

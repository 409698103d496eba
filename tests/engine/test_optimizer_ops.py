"""The optimizer update ops (ndsh/engine/ops/optimizer*.py): which arrays each one writes, what
it returns, how it refuses bad input and recorded arrays. Their numbers are checked against
MXNet 1.9.1 in test_golden.py; the mutation test follows the idea of MXNet's own
test_ndarray.py::test_update_ops_mutation (every op, ranks 1 to 6, `out=` the weight: exactly
the weight and the states change)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.graph import AutogradError
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.registry import OPS

# every update op of MXNet 1.9.1's mx.nd that runs on the CPU (`'update' in name`)
MXNET_UPDATE_OPS = sorted("""
    adam_update ftml_update ftrl_update lamb_update_phase1 lamb_update_phase2
    mp_lamb_update_phase1 mp_lamb_update_phase2 mp_nag_mom_update mp_sgd_mom_update
    mp_sgd_update multi_mp_sgd_mom_update multi_mp_sgd_update multi_sgd_mom_update
    multi_sgd_update nag_mom_update preloaded_multi_mp_sgd_mom_update
    preloaded_multi_mp_sgd_update preloaded_multi_sgd_mom_update preloaded_multi_sgd_update
    rmsprop_update rmspropalex_update sgd_mom_update sgd_update signsgd_update signum_update
""".split())

F16, F32 = "float16", "float32"
# op, the dtypes of its arrays (in order), the indices it writes, keyword arguments
MUTATIONS = [
    ("signsgd_update", (F32, F32), [0], dict(rescale_grad=0.1, lr=0.01, wd=1e-3,
                                               clip_gradient=1e-3)),
    ("signum_update", (F32,) * 3, [0, 2], dict(rescale_grad=0.1, lr=0.01, wd=1e-3,
                                                momentum=1e-3, clip_gradient=1e-3, wd_lh=1e-3)),
    ("sgd_update", (F32, F32), [0], dict(rescale_grad=0.1, lr=0.01, wd=1e-3,
                                           clip_gradient=1e-3)),
    ("sgd_mom_update", (F32,) * 3, [0, 2], dict(rescale_grad=0.1, lr=0.01, wd=1e-3,
                                                 momentum=0.01, clip_gradient=1e-3)),
    ("nag_mom_update", (F32,) * 3, [0, 2], dict(rescale_grad=0.1, lr=0.01, wd=1e-3,
                                                 momentum=0.01, clip_gradient=1e-3)),
    ("ftml_update", (F32,) * 5, [0, 2, 3, 4], dict(t=3, rescale_grad=0.1, lr=0.01, wd=1e-3,
                                                    clip_grad=1e-3)),
    ("ftrl_update", (F32,) * 4, [0, 2, 3], dict(rescale_grad=0.1, lr=0.01, wd=1e-3)),
    ("adam_update", (F32,) * 4, [0, 2, 3], dict(rescale_grad=0.1, lr=0.01, wd=1e-3)),
    ("rmsprop_update", (F32,) * 3, [0, 2], dict(rescale_grad=0.1, lr=0.01, wd=1e-3)),
    ("rmspropalex_update", (F32,) * 5, [0, 2, 3, 4], dict(lr=0.01, wd=1e-3)),
    ("lamb_update_phase1", (F32,) * 4, [0, 2, 3], dict(t=2, wd=1e-3)),
    ("mp_sgd_update", (F16, F16, F32), [0, 2], dict(lr=0.01, wd=1e-3)),
    ("mp_sgd_mom_update", (F16, F16, F32, F32), [0, 2, 3], dict(lr=0.01, momentum=0.9)),
    ("mp_nag_mom_update", (F16, F16, F32, F32), [0, 2, 3], dict(lr=0.01, momentum=0.9)),
    ("multi_sgd_update", (F32, F32), [0], dict(lrs=(0.01,), wds=(1e-3,))),
    ("multi_sgd_mom_update", (F32,) * 3, [0, 2], dict(lrs=(0.01,), wds=(0,), momentum=0.9)),
    ("multi_mp_sgd_update", (F16, F16, F32), [0, 2], dict(lrs=(0.01,), wds=(0,))),
    ("multi_mp_sgd_mom_update", (F16, F16, F32, F32), [0, 2, 3],
     dict(lrs=(0.01,), wds=(0,), momentum=0.9)),
]


def _arrays(dtypes, shape, rng):
    # positive values: the states of RMSProp and FTRL stay in sqrt's domain
    return [nd.array(rng.uniform(0.1, 1.0, shape), dtype=dt) for dt in dtypes]


def test_the_table_has_every_update_op_of_mxnet_and_none_is_differentiable():
    ours = sorted(name.rpartition(".")[2] for name, record in OPS.items()
                  if record.fn.__module__.startswith("ndsh.engine.ops.optimizer"))
    assert ours == MXNET_UPDATE_OPS
    for name in ours:
        record = OPS[f"nd.{name}"]
        assert not record.differentiable and record.kind == "function"
        assert getattr(nd, name) is record.call


@pytest.mark.parametrize("name,dtypes,mutated,kwargs", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_update_ops_mutate_the_weight_through_out_and_the_states_in_place(name, dtypes,
                                                                           mutated, kwargs):
    rng = np.random.default_rng(7)
    op = getattr(nd, name)
    for ndim in range(1, 7):
        shape = tuple(int(n) for n in rng.integers(1, 4, ndim))
        arrays = _arrays(dtypes, shape, rng)
        if name == "rmspropalex_update":      # n - g*g must stay >= 0 under its sqrt
            arrays[3][:] = 0
        before = [a.asnumpy().copy() for a in arrays]
        versions = [a._version for a in arrays]
        result = op(*arrays, out=arrays[0], **kwargs)
        assert result is arrays[0]
        for i, (a, old) in enumerate(zip(arrays, before)):
            changed = not np.array_equal(a.asnumpy(), old)
            assert changed == (i in mutated), f"{name}: array {i} changed: {changed}"
            assert (a._version != versions[i]) == (i in mutated), f"{name}: array {i}'s version"
            assert a.dtype == np.dtype(dtypes[i])


def test_without_out_the_weight_is_kept_and_the_states_still_change():
    w, g, m = nd.array([1.0, -2.0, 0.5]), nd.array([0.5, 1.0, -3.0]), nd.zeros(3)
    new = nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9)
    assert new is not w and w.asnumpy().tolist() == [1.0, -2.0, 0.5]
    np.testing.assert_allclose(m.asnumpy(), [-0.05, -0.1, 0.3], rtol=1e-6)
    np.testing.assert_allclose(new.asnumpy(), [0.95, -2.1, 0.8], rtol=1e-6)


def test_mp_forms_keep_a_float32_master_copy_of_a_float16_weight():
    w = nd.array([1.0, -2.0, 0.5], dtype="float16")
    w32, m = w.astype("float32"), nd.zeros(3)
    g = nd.array([1e-4, -1e-4, 3e-4], dtype="float16")
    for _ in range(10):        # steps too small for float16 add up in the float32 copy
        nd.mp_sgd_mom_update(w, g, m, w32, lr=0.1, out=w)
    assert w.dtype == np.float16 and w32.dtype == np.float32 and m.dtype == np.float32
    np.testing.assert_allclose(w32.asnumpy(), [0.9999, -1.9999, 0.4997], rtol=1e-5)
    assert w.asnumpy().tolist() == w32.asnumpy().astype(np.float16).tolist()
    fresh = nd.mp_sgd_update(w, g, w32, lr=0.1)
    assert fresh.dtype == np.float16 and fresh is not w


def test_nag_reads_the_new_weight_when_out_is_the_weight():
    # MXNet's element-by-element kernel writes the weight, then reads it for the state
    w, m = nd.array([1.0]), nd.array([1.0])
    nd.nag_mom_update(w, nd.array([0.0]), m, lr=0.1, momentum=0.9, wd=0.1, out=w)
    np.testing.assert_allclose([w.asscalar(), m.asscalar()], [1.791, 0.88209], rtol=1e-6)
    w, m = nd.array([1.0]), nd.array([1.0])
    other = nd.nag_mom_update(w, nd.array([0.0]), m, lr=0.1, momentum=0.9, wd=0.1)
    np.testing.assert_allclose([other.asscalar(), m.asscalar()], [1.791, 0.89], rtol=1e-6)


def test_out_may_be_a_view_and_the_write_goes_through():
    big = nd.zeros((2, 3))
    row = big[1]
    nd.sgd_update(nd.array([1.0, 2.0, 3.0]), nd.array([1.0, 1.0, 1.0]), lr=0.5, out=row)
    assert big.asnumpy().tolist() == [[0, 0, 0], [0.5, 1.5, 2.5]]


def test_mp_lamb_phase2_leaves_weight32_as_mxnet_does():
    w = nd.array([1.0, -2.0], dtype="float16")
    w32 = w.astype("float32")
    g = nd.array([0.5, 0.5])
    nd.mp_lamb_update_phase2(w, g, nd.array([1.0]), nd.array([1.0]), w32, lr=0.1, out=w)
    assert w32.asnumpy().tolist() == [1.0, -2.0]
    np.testing.assert_allclose(w.asnumpy(), [0.95, -2.05], rtol=1e-3)


def test_the_multi_forms_need_out_and_return_it():
    w1, w2 = nd.array([1.0, -2.0]), nd.array([0.5])
    g1, g2 = nd.array([0.5, 1.0]), nd.array([-3.0])
    out = [w1, w2]
    assert nd.multi_sgd_update(w1, g1, w2, g2, lrs=(0.1, 0.2), wds=(0, 0.1), num_weights=2,
                               out=out) is out
    np.testing.assert_allclose(w2.asnumpy(), [1.09], rtol=1e-6)
    with pytest.raises(TypeError, match="multi_sgd_update: give out="):
        nd.multi_sgd_update(w1, g1, lrs=(0.1,), wds=(0,))


# ----- refusing -----------------------------------------------------------------------------
def test_a_parameter_updates_outside_record_but_not_inside():
    w = nd.array([1.0, 2.0])
    w.attach_grad()
    with autograd.record():
        y = (w * w).sum()
    y.backward()
    nd.sgd_update(w, w.grad, lr=0.1, out=w)          # the optimizer's step: allowed
    np.testing.assert_allclose(w.asnumpy(), [0.8, 1.6], rtol=1e-6)
    with autograd.record(), pytest.raises(AutogradError, match=r"sgd_update\(out=\.\.\.\)"):
        nd.sgd_update(w, w.grad, lr=0.1, out=w)
    np.testing.assert_allclose(w.asnumpy(), [0.8, 1.6], rtol=1e-6)


def test_a_recorded_state_is_refused_before_anything_is_written():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    w, g, mean = nd.ones(2), nd.ones(2), nd.zeros(2)
    with autograd.record():
        var = x * 2
        with pytest.raises(AutogradError, match="adam_update .which updates var in place."):
            nd.adam_update(w, g, mean, var, lr=0.1, out=w)
    assert mean.asnumpy().tolist() == [0, 0] and w.asnumpy().tolist() == [1, 1]


@pytest.mark.parametrize("call,kind,message", [
    (lambda w, g: nd.sgd_mom_update(w, g, nd.zeros((2, 3)), lr=0.1), ValueError,
     r"sgd_mom_update: mom has shape \(2, 3\), but weight has shape \(3,\): weight, grad and "
     r"mom must all have the same shape"),
    (lambda w, g: nd.adam_update(w, nd.ones((3, 1)), nd.zeros(3), nd.zeros(3), lr=0.1),
     ValueError, r"adam_update: grad has shape \(3, 1\), but weight has shape \(3,\)"),
    (lambda w, g: nd.ftrl_update(w, g, nd.zeros(3), nd.zeros(3, dtype="float64"), lr=0.1),
     TypeError, r"ftrl_update: n is float64 but weight is float32; .* Convert n with "
                r"`.astype\('float32'\)`"),
    (lambda w, g: nd.mp_sgd_update(w.astype("float16"), g.astype("float16"),
                                   w.astype("float16"), lr=0.1),
     TypeError, "mp_sgd_update: weight32 is float16, but it must be float32"),
    (lambda w, g: nd.sgd_update(w, [0.5, 1.0, -3.0], lr=0.1), TypeError,
     "sgd_update: grad must be an NDArray, not a list"),
    (lambda w, g: nd.sgd_update(w, g, lr=0.1, out=nd.zeros(4)), ValueError,
     r"sgd_update: out= has shape \(4,\)"),
    (lambda w, g: nd.sgd_update(w.astype("int32"), g.astype("int32"), lr=0.1), TypeError,
     "sgd_update: the weight is int32, but this operation supports floating-point types only"),
    (lambda w, g: nd.sgd_update(w, g, lr=None), TypeError,
     "sgd_update: lr must be a number, not None"),
    (lambda w, g: nd.lamb_update_phase1(w, g, nd.zeros(3), nd.zeros(3), t=1.5, wd=0.1),
     TypeError, "lamb_update_phase1: t .the update count. must be an integer"),
    (lambda w, g: nd.lamb_update_phase2(w, g, nd.ones(2), nd.ones(1), lr=0.1), ValueError,
     r"lamb_update_phase2: r1 has shape \(2,\), but it must hold one number"),
    (lambda w, g: nd.multi_sgd_update(w, g, w, g, lrs=(0.1, 0.1), wds=(0, 0), out=[w, w]),
     TypeError, "multi_sgd_update: num_weights=1 takes 2 arrays, but 4 were given"),
    (lambda w, g: nd.preloaded_multi_sgd_update(w, g, nd.array([0.1, 0.2]), nd.array([0.0]),
                                                out=w),
     TypeError, r"the lrs array .* float32 NDArray of 1 number"),
], ids=["state shape", "grad shape", "state dtype", "mp master dtype", "not an array",
        "out shape", "integer weight", "lr None", "t not an integer", "lamb r1 shape",
        "multi count", "preloaded rates"])
def test_bad_input_is_one_paragraph_naming_the_op(call, kind, message):
    w, g = nd.array([1.0, -2.0, 0.5]), nd.array([0.5, 1.0, -3.0])
    with pytest.raises(kind, match=message) as caught:
        call(w, g)
    assert isinstance(caught.value, MXNetError)
    assert "\n" not in str(caught.value)
    assert w.asnumpy().tolist() == [1.0, -2.0, 0.5]

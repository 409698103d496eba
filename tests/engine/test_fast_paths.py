"""The engine's fast paths give what its general paths give: the operators' direct forward, the
small-operand operator path, the inlined node record, the leaves-only backward loop, the
Trainer's fused SGD step. Each fast path is a named function; these tests run the same inputs
through it and through the general path it short-cuts."""
from __future__ import annotations

import operator

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import backprop, backprop_steps, graph, hooks, invoke, operators
from ndsh.engine.registry import OPS


# ----- the operators ----------------------------------------------------------------------
def test_direct_operator_reads_only_one_line_forwards():
    assert operators.direct_operator(OPS["nd.add"].fn) is operator.add
    assert operators.direct_operator(OPS["nd.subtract"].fn) is operator.sub
    assert operators.direct_operator(OPS["nd.multiply"].fn) is operator.mul
    # divide checks for integers first, maximum calls xp: neither is one operator
    assert operators.direct_operator(OPS["nd.divide"].fn) is None
    assert operators.direct_operator(OPS["nd.maximum"].fn) is None

    def swapped(xp, lhs, rhs):
        return rhs + lhs

    def three(xp, a, b, c):
        return a + b
    assert operators.direct_operator(swapped) is None
    assert operators.direct_operator(three) is None


SHAPES = [((4,), (4,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2,))]
DTYPES = ["float32", "float64", "int32", "float16"]


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "power",
                                  "greater", "equal"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_operators_agree_with_the_op_functions(name, dtype):
    """`a + b` (the operator's fast path) against nd.add(a, b) (the generic call path) and the
    op's own forward on numpy data, for arrays and scalars on both sides."""
    rng = np.random.default_rng(0)
    symbol = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
              "divide": operator.truediv, "power": operator.pow, "greater": operator.gt,
              "equal": operator.eq}[name]
    reflected = name not in ("greater", "equal")
    public = OPS[f"nd.{name}"].call
    for ls, rs in SHAPES:
        a = nd.array(rng.integers(1, 4, ls), dtype=dtype)
        b = nd.array(rng.integers(1, 4, rs), dtype=dtype)
        got = symbol(a, b)
        want = public(a, b)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got.asnumpy(), want.asnumpy())
        for scalar in (2, 2.5):
            np.testing.assert_array_equal(symbol(a, scalar).asnumpy(),
                                          public(a, scalar).asnumpy())
            if reflected:
                np.testing.assert_array_equal(symbol(scalar, a).asnumpy(),
                                              public(scalar, a).asnumpy())


def test_operator_errors_are_the_general_paths():
    a, b = nd.ones((2, 3)), nd.ones((4,))
    with pytest.raises(ValueError, match="add"):
        a + b
    with pytest.raises(TypeError, match="float64"):
        a + nd.ones((2, 3), dtype="float64")
    with pytest.raises(TypeError):
        a + "x"


def test_recorded_operators_record_what_the_general_path_records():
    x, y = nd.array([1.0, 2.0]), nd.array([3.0, 4.0])
    x.attach_grad()
    with autograd.record():
        z = x * y              # named operands: the fast path
        w = (x * y) * 3        # a temporary on the left: the general path
        total = z + w
    node = z._node
    assert node.op is OPS["nd.multiply"] and node.parents == (0,)
    assert node.inputs[0] is x and node.inputs[1] is y
    assert w._node.parents == (0,)
    total.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), 4 * y.asnumpy())


# ----- the node record --------------------------------------------------------------------
def test_the_inlined_record_fills_every_field_of_node():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x.exp()
    recorded = y._node
    built = graph.Node(recorded.op, recorded.inputs, recorded.args, recorded.params,
                       recorded.kwargs, y, recorded.parents)
    for slot in graph.Node.__slots__:
        if slot in ("__weakref__", "seq", "stamp", "same_shapes"):
            continue
        got, want = getattr(recorded, slot), getattr(built, slot)
        assert got is want or got == want, slot
    # exp's small inline record knows its input has the result's shape; Node() does not
    assert recorded.same_shapes is True and built.same_shapes is False
    assert built.seq == recorded.seq + 1 and built.stamp == recorded.stamp


# ----- the backward loop ------------------------------------------------------------------
def _graphs():
    """Functions of (x, y) that reach the backward loop's cases: broadcasting, a leaf used
    twice, ops with parameters and keywords, a branch below a comparison (no gradient), an op
    whose vjp may write into a buffer (multiply, relu), a vjp_all op (concat)."""
    return {
        "chain": lambda x, y: nd.relu((x + y) * 2).exp() - x * y / 3,
        "broadcast": lambda x, y: (x.reshape((2, 3)) * y[:3].reshape((1, 3))).sum(axis=0),
        "params": lambda x, y: nd.sum(x * x, axis=0, keepdims=True) + y.mean(),
        "no_grad": lambda x, y: (x > y) * 1.0 + (x * 0).sum(),
        "concat": lambda x, y: nd.concat(x, y, dim=0) ** 2,
        "large": lambda x, y: (x.tile((1 << 16,)) * 2).sum() + y,
    }


@pytest.mark.parametrize("name", list(_graphs()))
def test_the_leaves_loop_agrees_with_the_general_loop(name):
    f = _graphs()[name]
    rng = np.random.default_rng(1)
    x0, y0 = rng.normal(size=6).astype(np.float32), rng.normal(size=6).astype(np.float32)
    results = []
    for retain in (False, True):            # retain_graph=True takes the general loop
        x, y = nd.array(x0), nd.array(y0)
        x.attach_grad()
        y.attach_grad()
        with autograd.record():
            out = f(x, y)
        out.backward(retain_graph=retain)
        results.append((x.grad.asnumpy(), y.grad.asnumpy()))
    for fast, general in zip(*results):
        np.testing.assert_allclose(fast, general, rtol=1e-6)


def test_the_leaves_loop_is_taken_and_frees_the_graph(monkeypatch):
    calls = []
    real = backprop._walk_to_leaves
    monkeypatch.setattr(backprop, "_walk_to_leaves",
                        lambda *a: calls.append(1) or real(*a))
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x * x
    y.backward()
    assert calls and y._node.freed
    with pytest.raises(graph.AutogradError, match="freed"):
        y.backward()
    with autograd.record():
        y = x * x
    y.backward(retain_graph=True)          # the general loop
    assert len(calls) == 1 and not y._node.freed
    assert not hooks.ACTIVE


def test_backward_to_leaves_is_taken_and_falls_back_with_the_general_errors(monkeypatch):
    """y.backward() goes through backprop.backward_to_leaves; a head gradient, retain_graph
    or a listener take run_backward; an unrecorded or freed head gets run_backward's errors."""
    fast, general = [], []
    real_fast, real_general = backprop.backward_to_leaves, backprop.run_backward
    from ndsh.engine import autograd as engine_autograd
    from ndsh.engine import methods
    # NDArray.backward takes it itself (methods.backward), else autograd.backward does
    monkeypatch.setattr(engine_autograd, "backward_to_leaves",
                        lambda *a: fast.append(1) or real_fast(*a))
    monkeypatch.setattr(methods, "backward_to_leaves",
                        lambda *a: fast.append(1) or real_fast(*a))
    monkeypatch.setattr(engine_autograd, "run_backward",
                        lambda *a, **k: general.append(1) or real_general(*a, **k))
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x * x
    y.backward()
    assert (len(fast), len(general)) == (1, 0)
    np.testing.assert_array_equal(x.grad.asnumpy(), [2.0, 4.0])
    with pytest.raises(graph.AutogradError, match="freed"):
        y.backward()
    assert len(general) == 1                   # the freed head fell back
    with pytest.raises(graph.AutogradError, match="not part of a recorded graph"):
        nd.array([1.0]).backward()
    with autograd.record():
        y = x * x
    y.backward(nd.array([1.0, 3.0]))
    # the freed and the unrecorded head each tried it twice (NDArray.backward, then
    # autograd.backward) before run_backward; a head gradient: run_backward only
    assert len(fast) == 5 and len(general) == 3
    np.testing.assert_array_equal(x.grad.asnumpy(), [2.0, 12.0])


def test_the_leaves_loop_still_catches_in_place_writes():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    y = nd.array([3.0, 4.0])
    with autograd.record():
        z = x * y
    y[:] = 0
    with pytest.raises(graph.InPlaceWriteError):
        z.backward()


def test_the_leaves_loop_lets_a_passed_on_gradient_be_written_into(monkeypatch):
    """(x * 2 + 1).exp().sum(): add passes its gradient on unchanged, so when multiply's node
    comes up the loop must hold no reference of its own to it, or multiply's into_g cannot
    write into it and backward allocates a second large buffer (bench row 6's peak memory)."""
    writes = []
    real = backprop_steps._only_here
    monkeypatch.setattr(backprop_steps, "_only_here",
                        lambda data, refs: writes.append(r := real(data, refs + 1)) or r)
    x0 = np.linspace(-1, 1, backprop.INTO_MIN_SIZE, dtype=np.float32)
    x = nd.array(x0)
    x.attach_grad()
    with autograd.record():
        s = (x * 2 + 1).exp().sum()
    s.backward()
    assert writes == [True, True]          # exp's into_ans, then multiply's into_g
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * np.exp(x0 * 2 + 1), rtol=1e-6)


def test_the_leaves_loop_holds_no_input_data_when_the_next_node_comes_up(monkeypatch):
    """(w / x.exp()).sum(): divide's node keeps x.exp()'s result (its rhs) and is handled by
    the loop itself; when exp's node comes up, the loop's own locals must no longer hold that
    result, or exp's into_ans cannot write into it (a second large buffer)."""
    writes = []
    real = backprop_steps._only_here
    monkeypatch.setattr(backprop_steps, "_only_here",
                        lambda data, refs: writes.append(r := real(data, refs + 1)) or r)
    x0 = np.linspace(-1, 1, backprop.INTO_MIN_SIZE, dtype=np.float32)
    x, w = nd.array(x0), nd.array(x0 + 2)
    x.attach_grad()
    w.attach_grad()
    with autograd.record():
        s = (w / x.exp()).sum()
    s.backward()
    assert writes == [True]                # exp's into_ans
    np.testing.assert_allclose(x.grad.asnumpy(), -(x0 + 2) / np.exp(x0), rtol=1e-5)
    np.testing.assert_allclose(w.grad.asnumpy(), 1 / np.exp(x0), rtol=1e-5)


# ----- asscalar ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "uint8", "float16", "bool"])
@pytest.mark.parametrize("shape", [(1,), (), (1, 1, 1)])
def test_asscalar_indexes_host_data_as_the_general_path_reads_it(dtype, shape):
    x = nd.array(np.full(shape, 3), dtype=dtype) if dtype != "bool" else nd.ones(shape) > 0
    got = x.asscalar()
    want = np.asarray(x.asnumpy()).reshape(-1)[0]
    assert type(got) is type(want) and got == want


# ----- elementwise ops on float data, divide's float operator, host reductions ------------
def _elementwise_ops():
    return sorted(name for name, record in OPS.items()
                  if getattr(record.fn, "float_forward", None) is not None)


@pytest.mark.parametrize("name", _elementwise_ops())
def test_float_call_agrees_with_the_ops_forward(name):
    """invoke.float_call (what nd.exp(x) runs on float data) against the op's own fn, which
    integers still go through, on every float dtype: the same values, the same dtype."""
    fn = OPS[name].fn
    rng = np.random.default_rng(3)
    for dtype in ("float16", "float32", "float64"):
        data = (rng.uniform(0.1, 0.9, size=(2, 3))).astype(dtype)
        with np.errstate(all="ignore"):
            got = invoke.float_call(fn.float_forward, np, data)
            want = fn(np, data)
        assert got.dtype == want.dtype == data.dtype, (name, dtype)
        np.testing.assert_array_equal(got, want)


def test_the_public_elementwise_call_takes_float_call_on_floats_only():
    x = nd.array([0.5, 1.0, 2.0])
    np.testing.assert_array_equal(nd.exp(x).asnumpy(), np.exp(x.asnumpy()))
    assert nd.exp(x.astype("float64")).dtype == np.float64
    # integers: computed in float64 and truncated (MXNet), which float_call would not do
    i = nd.array([1, 2], dtype="int32")
    np.testing.assert_array_equal(nd.exp(i).asnumpy(), np.array([2, 7], dtype=np.int32))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "uint8"])
@pytest.mark.parametrize("name", ["divide", "power"])
def test_float_operators_agree_with_the_general_path(name, dtype):
    """`a / b` and `a ** b` take operator.truediv / operator.pow on floats
    (operators.make_operator's float_direct) and the op's forward on integers (which truncates):
    both against the generic call, nd.divide(a, b) / nd.power(a, b)."""
    symbol = {"divide": operator.truediv, "power": operator.pow}[name]
    public = getattr(nd, name)
    assert OPS[f"nd.{name}"].fn.float_operator is symbol
    a = nd.array([[7, -7, 3]], dtype=dtype)
    b = nd.array([[2], [3]], dtype=dtype)
    with np.errstate(all="ignore"):
        for got, want in [(symbol(a, b), public(a, b)), (symbol(a, 2), public(a, 2)),
                          (symbol(3, a), public(3, a)), (symbol(a, 2.5), public(a, 2.5))]:
            assert got.dtype == want.dtype
            np.testing.assert_array_equal(got.asnumpy(), want.asnumpy())


def test_sum_to_shape_host_reduce_is_ndarray_sum():
    from ndsh.engine import broadcasting
    rng = np.random.default_rng(4)
    for gshape, shape in [((10, 1), (1,)), ((4, 3), (3,)), ((2, 3, 4), (3, 1)),
                          ((5, 2), (1, 2))]:
        g = rng.normal(size=gshape).astype(np.float32)
        lead = len(gshape) - len(shape)
        axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                          if n == 1 and gshape[lead + i] != 1)
        got = broadcasting.sum_to_shape(g, shape, g.dtype)
        np.testing.assert_array_equal(got, g.sum(axis=axes).reshape(shape))
        np.testing.assert_array_equal(broadcasting._reduce_host(g, axes), g.sum(axis=axes))


@pytest.mark.parametrize("shape", [(1,), (), (1, 1)])
def test_norm_of_one_element_before_axis_handling(shape):
    """norm's one-element shortcut runs before ord and axis are read; what it gives must be
    what the general branch (axis=0 takes it) gives, and a bad ord still raises."""
    x = nd.array(np.full(shape, -3.0))
    assert x.norm().shape == (1,) and x.norm().asscalar() == 3.0
    assert x.norm(ord=1).asscalar() == 3.0
    assert x.norm(keepdims=True).shape == (1,) * x.ndim
    with pytest.raises(ValueError, match="ord"):
        x.norm(ord=3)


# ----- d2l's data and update steps: take, x[:] = value, nd.array(list) -------------------
def test_whole_slice_assignment_agrees_with_the_general_setitem():
    """`x[:] = v` (index._set_whole) against `x[(slice(None),)] = v`, which the general
    setitem takes: the same values, version bump, errors and autograd refusal."""
    for v_shape in [(2, 3), (3,), (1, 3), (4,)]:
        results = []
        for key in (slice(None), (slice(None),)):
            x = nd.zeros((2, 3))
            v = nd.array(np.arange(np.prod(v_shape)).reshape(v_shape) + 1.0)
            version = x._version
            try:
                x[key] = v
                results.append((x.asnumpy().tolist(), x._version > version))
            except Exception as error:     # noqa: BLE001 - compared below
                results.append((type(error), str(error)))
        assert results[0] == results[1], v_shape
    w = nd.ones((2,))
    w.attach_grad()
    for key in (slice(None), (slice(None),)):
        with autograd.record(), pytest.raises(graph.AutogradError):
            w[key] = w * 2


def test_take_on_host_data_is_np_take():
    from ndsh.engine.ops import index
    a = np.arange(12, dtype=np.float32).reshape(4, 3)
    for axis in (0, 1, -1):
        idx = np.array([3, 0, 7, -2], dtype=np.float32)
        got = index.take.op.fn(np, a, idx, axis=axis)
        want = np.take(a, np.clip(idx.astype(np.int64), 0, a.shape[axis] - 1), axis=axis)
        np.testing.assert_array_equal(got, want)


def test_array_from_a_list_still_refuses_ndarrays():
    assert nd.array([1, 2, 3]).asnumpy().tolist() == [1.0, 2.0, 3.0]
    for bad in ([nd.ones((1,)), 2], (1, nd.ones((1,)))):
        with pytest.raises(TypeError, match="list of NDArrays"):
            nd.array(bad)


@pytest.mark.parametrize("name", ["dot", "take", "add", "maximum"])
def test_two_array_call_agrees_with_the_general_call(name):
    """nd.dot(a, b) (the public call's two-array path) against the general path: the same
    call with a third positional argument (dot, take), or unwrap and the op's forward (add,
    maximum, which take no parameters): values, dtype, and the errors for a dtype mismatch
    and for shapes that do not fit."""
    f, op = getattr(nd, name), OPS[f"nd.{name}"]

    def general(x, y):
        if name in ("dot", "take"):
            return f(x, y, 0 if name == "take" else False)
        ctx, datas = invoke.unwrap(op, (x, y))
        try:
            return nd.NDArray(op.fn(np, *datas), ctx)
        except ValueError as error:
            raise invoke.shape_mismatch(name, x.shape, y.shape, error=error) from None

    a, b = nd.array([[1.0, 2.0], [3.0, 4.0]]), nd.array([[1.0, 0.0], [2.0, 1.0]])
    fast, slow = f(a, b), general(a, b)
    assert fast.dtype == slow.dtype
    np.testing.assert_array_equal(fast.asnumpy(), slow.asnumpy())
    if name == "take":
        return                                   # indices may have any dtype and shape
    for other in (b.astype("float64"), nd.ones((3, 3))):
        errors = []
        for call in (f, general):
            with pytest.raises(Exception) as caught:
                call(a, other)
            errors.append((type(caught.value), str(caught.value)))
        assert errors[0] == errors[1]


@pytest.mark.parametrize("shape", [(10, 1), (2, 5), (np.int64(2), 5), (2.0, 5.0), (True, 10),
                                   (3, 4), (0, -1), (-1,), (5, -1), ()])
def test_plain_reshape_agrees_with_infer_reshape(shape):
    """shape._plain_reshape (a tuple of positive entries, numpy's reshape straight away)
    against the general infer_reshape path: the same shape, or the same error."""
    from ndsh.engine.ops import shape as shape_ops
    data = np.arange(10, dtype=np.float32)
    plain = shape_ops._plain_reshape(data, shape)
    try:
        want = data.reshape(shape_ops.infer_reshape("reshape", data.shape, shape))
    except Exception as error:   # noqa: BLE001 - the fast path must not succeed then
        assert plain is None, error
        with pytest.raises(type(error)):
            nd.array(data).reshape(shape)
        return
    if plain is not None:
        assert plain.shape == want.shape and np.shares_memory(plain, data)
    assert nd.array(data).reshape(shape).shape == want.shape

"""More of the engine's fast paths (issue 20's per-op speed work), each against the general
path it short-cuts: take's numpy clip, nd.array of a list of numbers, the backward loop's
`return g` vjps and its chain step past the heap, the inline .grad write."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import backprop, graph, operators
from ndsh.engine.ops import creation, index
from ndsh.engine.registry import OPS, _returns_g


# ----- take --------------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1, 2])
@pytest.mark.parametrize("dtype", ["float32", "int32", "int64", "float64"])
def test_take_clip_on_numpy_agrees_with_the_two_ufunc_clip(axis, dtype):
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 3, 5)).astype(np.float32)
    size = a.shape[axis]
    for idx in (np.array([3, 0, 7, -2, -100, 1000]), np.array([[0.9, -0.5], [2.7, 4.2]]),
                np.array(2), rng.uniform(-8, 8, size=(3, 2, 2))):
        idx = idx.astype(dtype)
        got = index._take_clip_numpy(a, idx, axis % a.ndim)
        want = a.take(index._clip_indices(np, idx, size, "clip"), axis)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
    # the public op takes it for the default mode, the general path for wrap
    x, j = nd.array(a), nd.array([-1, 2.5, 9])
    np.testing.assert_array_equal(x.take(j, axis=axis).asnumpy(),
                                  a.take(np.clip([-1, 2, 9], 0, size - 1), axis))
    np.testing.assert_array_equal(x.take(j, axis=axis, mode="wrap").asnumpy(),
                                  a.take(np.mod([-1, 2, 9], size), axis))


def test_take_clip_gradient_unchanged():
    x = nd.array(np.arange(6, dtype=np.float32).reshape(3, 2))
    x.attach_grad()
    with autograd.record():
        y = x.take(nd.array([2, 2, -1, 7])) * 2
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), [[2, 2], [0, 0], [6, 6]])


# ----- nd.array of a list of numbers -------------------------------------------------------
@pytest.mark.parametrize("values", [[1, 2, 3], [0.5, -2.25, 3], [7], [], [2 ** 24 - 1, -5],
                                    [1e30, -1e-30, float("inf")], list(range(10))])
def test_array_of_numbers_agrees_with_the_general_path(values):
    fast = creation._array_of_numbers(values)
    if nd.current_context().xp is not np:
        assert fast is None
        return
    general = nd.array(tuple(values))          # a tuple takes the general path
    assert fast.dtype == general.dtype == np.float32
    assert fast.shape == general.shape and fast.context is general.context
    np.testing.assert_array_equal(fast.asnumpy(), general.asnumpy())
    assert nd.array(values).asnumpy().tolist() == general.asnumpy().tolist()
    # MXNet converts the list itself with np.array(list, dtype): so does the fast path
    np.testing.assert_array_equal(fast.asnumpy(), np.array(values, dtype=np.float32))


@pytest.mark.parametrize("values", [[True, 2], [np.float32(1), 2], [[1, 2], [3, 4]],
                                    [1, "2"], [nd.ones((1,))]])
def test_array_of_numbers_leaves_everything_else_to_the_general_path(values):
    assert creation._array_of_numbers(values) is None


def test_array_of_a_list_keeps_its_arguments():
    assert nd.array([1, 2], dtype="int32").dtype == np.int32
    assert nd.array([1, 2], ctx=nd.cpu(0)).context == nd.cpu(0)
    with nd.cpu(0):
        assert nd.array([1.5]).context == nd.cpu(0)


# ----- the backward loop -------------------------------------------------------------------
def test_returns_g_reads_the_bytecode():
    assert _returns_g(lambda xp, g, ans, lhs, rhs: g)
    assert not _returns_g(lambda xp, g, ans, lhs, rhs: -g)
    assert not _returns_g(lambda xp, g, ans, lhs, rhs: ans)
    assert not _returns_g(lambda xp, g, ans, lhs, rhs: lhs)
    assert not _returns_g(lambda xp, g, ans, *args: g)
    assert OPS["nd.add"].passes_g == (None, None)
    assert OPS["nd.subtract"].passes_g[0] is None
    assert OPS["nd.subtract"].passes_g[1] is OPS["nd.subtract"].vjp_each[1]
    assert OPS["nd.multiply"].passes_g == OPS["nd.multiply"].vjp_each


def _diamond(x, y):
    a = x * y
    b = a.exp()
    c = a * 3
    return b + c - (x + 1) * (b - 2)


def _long_chain(x, y):
    h = x
    for _ in range(50):
        h = h * 1.01 + y
    return h


def _broadcast_add(x, y):
    return x.reshape((2, 3)) + y[:3] - x.reshape((2, 3))[:1]


@pytest.mark.parametrize("f", [_diamond, _long_chain, _broadcast_add])
def test_the_leaves_loop_agrees_with_the_general_loop_on_fan_in_and_chains(f):
    """The chain step (the only waiting node, taken without the heap), the heap once more than
    one node waits, and `return g` vjps passed on unchanged (to a broadcast input, summed)."""
    rng = np.random.default_rng(2)
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
        np.testing.assert_allclose(fast, general, rtol=1e-5)


def test_the_inline_grad_write_bumps_the_buffers_version_and_honours_grad_req():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    before = x.grad._version
    with autograd.record():
        y = x * 3
    y.backward()
    assert x.grad.asnumpy().tolist() == [3.0, 3.0] and x.grad._version > before
    assert x._fresh_grad
    x.attach_grad(grad_req="add")
    for _ in range(2):
        with autograd.record():
            y = x * 3
        y.backward()
    assert x.grad.asnumpy().tolist() == [6.0, 6.0]
    # a view as the gradient buffer (mark_variables): the write lands in the base's memory and
    # bumps the base's version
    base = nd.zeros((2, 2))
    view = base[0]
    x = nd.array([1.0, 2.0])
    autograd.mark_variables([x], [view])
    stamp = base._version
    with autograd.record():
        y = x * x
    y.backward()
    assert base.asnumpy()[0].tolist() == [2.0, 4.0] and base._version > stamp
    # the general write: a gradient given as None (below a comparison) writes zeros
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    x.grad[:] = 5
    with autograd.record():
        y = (x > 0) * 1.0
    y.backward()
    assert x.grad.asnumpy().tolist() == [0.0, 0.0]


def test_backward_on_the_method_keeps_the_general_errors():
    """NDArray.backward's own fast path hands a freed or unrecorded head to autograd.backward,
    whose errors say why."""
    from ndsh.engine.graph import AutogradError
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x * 2
    y.backward()
    with pytest.raises(AutogradError, match="freed"):
        y.backward()
    with pytest.raises(AutogradError, match="not part of a recorded graph"):
        (x * 2).backward()


# ----- the operator path's node record ------------------------------------------------------
def _fields(node):
    return {slot: getattr(node, slot)
            for slot in graph.Node.__slots__ if slot not in ("__weakref__", "seq", "stamp")}


@pytest.mark.parametrize("case", ["both", "left", "right", "scalar", "reflected", "large"])
def test_the_operator_record_builds_the_node_record_node_builds(case):
    """The operator path's record (`x * y`, `b * 2`, `2 * x` while recording: its small cases
    inline, large ones through graph.record_operands) against graph.record_node on the same
    operands: every field of the Node alike."""
    size = 1 << 16 if case == "large" else 3
    x, y = nd.ones((size,)), nd.ones((size,)) * 2
    if case in ("both", "left", "scalar", "reflected", "large"):
        x.attach_grad()
    if case in ("both", "right"):
        y.attach_grad()
    with autograd.record():
        # a scalar: the number in the inputs, as a 0-d float32 array in the args (what the
        # forward computed with: operators.float32_array, one shared array per number)
        if case == "scalar":
            z = x * 3.0
            inputs, args = (x, 3.0), (x._data, operators.float32_array(3.0))
        elif case == "reflected":
            z = 3.0 - x
            inputs, args = (3.0, x), (operators.float32_array(3.0), x._data)
        else:
            x2 = x * 1.0 if case == "large" else x    # large: a recorded input, ghosted
            z = x2 * y
            inputs, args = (x2, y), (x2._data, y._data)
        op = z._node.op
        twin = nd.ones((size,))
        twin._data = z._data
        graph.record_node(op, inputs, args, (), {}, twin)
    got, want = _fields(z._node), _fields(twin._node)
    # record_node does not know the shapes agree (False); the inline record does, where the
    # operands are small (large ones go to record_node)
    assert want.pop("same_shapes") is False
    assert got.pop("same_shapes") is (case != "large")
    for slot in ("inputs", "args"):       # large: fresh shape-only stand-ins, alike
        for a, b in zip(got.pop(slot), want.pop(slot), strict=True):
            if isinstance(b, (float, np.float32)):
                assert type(a) is type(b) and a == b, slot
                continue
            assert a is b or (a.shape == b.shape and getattr(a, "_node", 0) is getattr(
                b, "_node", 0) and case == "large"), slot
    for slot in got:
        assert got[slot] is want[slot] or got[slot] == want[slot], slot
    if case == "large":
        assert z._node.inputs[0] is not x2 and z._node.inputs[0]._node is x2._node
    assert z._node.seq < twin._node.seq and z._node.stamp == twin._node.stamp


def test_the_operator_record_skips_operands_without_gradients():
    x = nd.ones((3,))
    with autograd.record():
        assert (x * 2)._node is None and (x * x)._node is None and (2 - x)._node is None


@pytest.mark.parametrize("case", ["exp", "norm", "reshape", "sum_axis", "large", "no_grad"])
def test_the_one_input_record_builds_the_node_record_node_builds(case):
    """The one-input record (`x.exp()`, `b.norm()`: invoke's elementwise branch, inline;
    `x.reshape(s)`, a large input: graph.record_one) against graph.record_node on the same
    input, parameters and keywords."""
    size = 1 << 16 if case == "large" else 6
    x = nd.ones((size,)) * 0.5
    if case != "no_grad":
        x.attach_grad()
    with autograd.record():
        x2 = x * 1.0 if case == "large" else x
        z = {"exp": lambda: x2.exp(), "norm": lambda: x2.norm(), "large": lambda: x2.exp(),
             "reshape": lambda: x2.reshape((2, 3)), "sum_axis": lambda: nd.sum(x2, axis=0),
             "no_grad": lambda: x2.exp()}[case]()
        if case == "no_grad":
            assert z._node is None
            return
        node = z._node
        twin = nd.ones(z.shape)
        twin._data = z._data
        graph.record_node(node.op, (x2,), (x2._data,), node.params, node.kwargs, twin)
    got, want = _fields(node), _fields(twin._node)
    # an elementwise op's small inline record knows its result has the input's shape; not a
    # reduction's (norm), a reshape's or a large input's (record_one, record_node)
    assert want.pop("same_shapes") is False
    assert got.pop("same_shapes") is (case == "exp")
    for slot in ("inputs", "args"):       # large: fresh shape-only stand-ins, alike
        for a, b in zip(got.pop(slot), want.pop(slot), strict=True):
            assert a is b or (a.shape == b.shape and getattr(a, "_node", 0) is getattr(
                b, "_node", 0) and case == "large"), slot
    for slot in got:
        assert got[slot] is want[slot] or got[slot] == want[slot], slot


# ----- Python numbers as float32 scalars ---------------------------------------------------
SCALARS = [2, 3, -1, 1, 7, 0.03, 0.1, 1e-30, 2.5, -0.0, 0.0, 0, 1e29, 2 ** 23 + 1, 2 ** 24 + 1,
           2 ** 40, 1e30, 3e38, 1e39, float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("symbol", ["+", "-", "*", "/"])
def test_float32_scalars_give_numpys_own_bits(symbol):
    """`x * 2` on float32 (the number as a float32 scalar, operators.float32_scalar) against
    numpy with the Python number, both sides, bit for bit, with their warnings alike."""
    import operator
    import warnings

    f = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}[symbol]
    data = np.array([1.5, -2.25, 0.0, -0.0, 3e38, 1e-45, np.inf, np.nan], dtype=np.float32)
    x = nd.array(data)
    if x.context.xp is not np:
        return
    for value in SCALARS + SCALARS:          # twice: the second time from the cache
        typed = operators.float32_scalar(value)
        with warnings.catch_warnings(record=True) as want_warnings, \
                np.errstate(all="warn"):
            warnings.simplefilter("always")
            want, want_r = f(data, value), f(value, data)
        with warnings.catch_warnings(record=True) as got_warnings, np.errstate(all="warn"):
            warnings.simplefilter("always")
            got, got_r = f(x, value).asnumpy(), f(value, x).asnumpy()
        assert got.dtype == got_r.dtype == np.float32
        np.testing.assert_array_equal(got.view(np.int32), want.view(np.int32), str(value))
        np.testing.assert_array_equal(got_r.view(np.int32), want_r.view(np.int32), str(value))
        assert {str(w.message) for w in got_warnings} == {str(w.message) for w in want_warnings}
        if value != value or value == 0 or not -1e30 < value < 1e30:
            assert value not in operators._F32_SCALARS or value != value
            assert value not in operators._F32_ARRAYS or value != value
        if isinstance(typed, np.float32):
            assert float(typed) == np.float32(value) or value != value
            array = operators.float32_array(value)       # what the operators use on numpy
            assert array.shape == () and array.dtype == np.float32
            assert not array.flags.writeable and array.view(np.int32) == typed.view(np.int32)
            with np.errstate(all="ignore"):      # the warnings are compared above
                got, got_r = f(data, array), f(array, data)
            np.testing.assert_array_equal(got.view(np.int32), want.view(np.int32))
            np.testing.assert_array_equal(got_r.view(np.int32), want_r.view(np.int32))


def test_float32_scalars_are_kept_only_in_the_nodes_args():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x * 2
        z = 3 - y
        w = z ** 2                      # power keeps the Python number (its vjp reads its type)
    assert y._node.inputs[1] == 2 and type(y._node.inputs[1]) is int
    # numpy: a shared read-only 0-d float32 array (operators.float32_array); CuPy: a scalar
    for scalar in (y._node.args[1], z._node.args[0]):
        if x.context.xp is not np:
            assert type(scalar) is np.float32
            continue
        assert type(scalar) is np.ndarray and scalar.shape == () and scalar.dtype == np.float32
        assert not scalar.flags.writeable
    assert type(w._node.args[1]) is int
    w.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), [-4.0, 4.0])   # 2 (3 - 2x) (-2)
    x64 = nd.array([1.0, 2.0], dtype="float64")
    x64.attach_grad()
    with autograd.record():
        y = x64 * 2
    assert type(y._node.args[1]) is int      # float32 arrays only


# ----- views and small dots ----------------------------------------------------------------
def test_mark_view_agrees_with_may_share_memory():
    from ndsh.engine import invoke
    from ndsh.engine.ndarray import new_array
    owner = np.arange(24, dtype=np.float32)
    x = new_array(owner.reshape(4, 6), nd.cpu(0))
    for data in (x._data.reshape(24), x._data[1:], x._data[:, 2], x._data[2:2], x._data.copy(),
                 owner[20:], owner.reshape(6, 4), x._data.T):
        result = new_array(data, nd.cpu(0))
        invoke.mark_view(result, x)
        shares = np.may_share_memory(data, x._data)
        assert (result._base is not None) == shares
        if shares:
            assert result._base is x


def test_a_small_dot_takes_the_leaves_loop_and_a_large_one_writes_into_grad(monkeypatch):
    calls = []
    real = backprop._propagate
    monkeypatch.setattr(backprop, "_propagate", lambda *a, **k: calls.append(1) or real(*a, **k))
    rng = np.random.default_rng(3)
    for rows in (2, 300):
        X = nd.array(rng.normal(size=(10, rows)))
        w = nd.array(rng.normal(size=(rows, 256 if rows == 300 else 1)))
        w.attach_grad()
        with autograd.record():
            y = nd.dot(X, w)
        y.backward()
        np.testing.assert_allclose(w.grad.asnumpy(), X.asnumpy().T @ np.ones(y.shape),
                                   rtol=1e-5)
        assert len(calls) == (0 if rows == 2 else 1)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "uint8", "bool"])
def test_relu_with_a_typed_zero_gives_maximum_with_0(dtype):
    from ndsh.engine.ops import elementwise
    values = [-2.5, -0.0, 0.0, 1.5, 3e4] if dtype.startswith("float") else [-3, 0, 1, 7]
    if dtype.startswith("float"):
        values += [np.inf, -np.inf, np.nan]
    data = np.array(values).astype(dtype) if dtype != "uint8" else np.array([0, 1, 200], "u1")
    got = elementwise._relu_forward(np, data)
    want = np.maximum(data, 0)
    assert got.dtype == data.dtype
    np.testing.assert_array_equal(got, want.astype(data.dtype))
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want.astype(data.dtype)))
    x = nd.array(data, dtype=dtype)
    np.testing.assert_array_equal(nd.relu(x).asnumpy(), want.astype(dtype))
    # numpy: the zero is one shared read-only 0-d array of the dtype, never written
    zero = elementwise._ZERO_ARRAYS[data.dtype]
    assert zero.shape == () and zero.dtype == data.dtype and zero == 0
    assert not zero.flags.writeable and elementwise._relu_forward(np, data) is not zero


def _float_forward_ops():
    return sorted(o.name for o in OPS.values()
                  if o.namespace == "nd" and getattr(o.fn, "float_forward", None) is not None)


@pytest.mark.parametrize("name", _float_forward_ops())
def test_the_small_elementwise_branch_agrees_with_the_general_call(name):
    """nd.exp(x) on one small float array (the call's first branch) against the same call
    with out= (the general branch): values, dtype, shapes (0-d too), and the recorded node."""
    call = OPS[f"nd.{name}"].call
    rng = np.random.default_rng(4)
    for dtype in ("float16", "float32", "float64"):
        for shape in ((5,), (), (2, 3)):
            x = nd.array(rng.uniform(0.1, 0.9, size=shape), dtype=dtype)
            with np.errstate(all="ignore"):
                fast = call(x)
                general = call(x, out=nd.zeros(fast.shape, dtype=dtype))
            assert fast.dtype == general.dtype == x.dtype and fast.shape == general.shape
            np.testing.assert_array_equal(fast.asnumpy(), general.asnumpy())
    x = nd.array([0.25, 0.5])
    x.attach_grad()
    with autograd.record(), np.errstate(all="ignore"):
        y = call(x)
    if OPS[f"nd.{name}"].differentiable:
        assert y._node.op is OPS[f"nd.{name}"] and y._node.inputs[0] is x
        assert y._node.args[0] is x._data and y._node.parents == (0,)
    else:
        assert y._node is None


@pytest.mark.parametrize("shape", [(10, 1), (2, 5), (5, 2, 1), (10,)])
def test_the_plain_reshape_method_agrees_with_the_public_call(shape):
    """x.reshape(shape) (methods._plain_reshape_view) against nd.reshape(x, shape=shape): the
    values, the view (writes show through, _base), on a contiguous and a transposed array, and
    a recording where x wants a gradient (the public call, which records the node)."""
    for x in (nd.arange(10), nd.arange(10).reshape((2, 5)).T):
        fast, general = x.reshape(shape), nd.reshape(x, shape=shape)
        assert fast.shape == general.shape == shape
        np.testing.assert_array_equal(fast.asnumpy(), general.asnumpy())
        assert (fast._base is None) == (general._base is None)
        assert fast._base is None or fast._base is (x._base if x._base is not None else x)
    x = nd.arange(10)
    x.attach_grad()
    with autograd.record():
        y = x.reshape(shape) * 2
        z = nd.arange(10).reshape(shape)        # no gradient wanted: no node either way
    assert y._node is not None and z._node is None
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), np.full(10, 2.0))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_the_square_gradient_doubles_as_two_times(dtype):
    from ndsh.engine.ops import arith
    rng = np.random.default_rng(5)
    base = np.concatenate([rng.normal(size=20) * 1e3, [0.0, -0.0, np.inf, np.nan, 6e4]])
    base = base.astype(dtype)
    g = rng.normal(size=base.shape).astype(dtype)
    with np.errstate(all="ignore"):
        got = arith._power_grad_base(np, g, None, base, 2)
        want = g * (2 * base)
    np.testing.assert_array_equal(got, want)
    assert got.dtype == want.dtype


def test_the_head_ones_follow_the_heads_shape_dtype_and_context():
    """backprop._ones remembers the last head's ones: a head of another shape or dtype gets
    its own."""
    from ndsh.engine import backprop
    for shape, dtype in (((3,), "float32"), ((3,), "float32"), ((2, 2), "float32"),
                         ((3,), "float64"), ((3,), "float32")):
        ctx = nd.current_context()
        ones = backprop._ones(ctx, shape, np.dtype(dtype))
        assert ones.shape == shape and ones.dtype == dtype
        np.testing.assert_array_equal(nd.array(ones, dtype=dtype).asnumpy(), np.ones(shape))
    x = nd.array([1.0, 2.0, 3.0])
    x.attach_grad()
    for scale in (2.0, 3.0):
        with autograd.record():
            y = x * scale
        y.backward()
        np.testing.assert_array_equal(x.grad.asnumpy(), [scale] * 3)


# ----- direct vjps --------------------------------------------------------------------------
def test_direct_vjps_read_only_g_op_name_bodies():
    import operator

    from ndsh.engine.registry import _direct_vjp
    assert _direct_vjp(lambda xp, g, ans, lhs, rhs: g * rhs) == (operator.mul, 1)
    assert _direct_vjp(lambda xp, g, ans, lhs, rhs: g / lhs) == (operator.truediv, 0)
    assert _direct_vjp(lambda xp, g, ans, x: g * ans) == (operator.mul, -1)
    assert _direct_vjp(lambda xp, g, ans, lhs, rhs: -g) == (operator.neg, None)
    for not_direct in (lambda xp, g, ans, x: x * g, lambda xp, g, ans, x: g * xp,
                       lambda xp, g, ans, x, y=2: g * y, lambda xp, g, ans, x: g ** x,
                       lambda xp, g, ans, x: -x, lambda xp, g, ans, x: -ans,
                       lambda xp, g, ans, x: +g, lambda xp, g, ans, *a: g * ans,
                       lambda xp, g, ans, x: g * x * 2, lambda xp, g, ans, x: g * xp.sign(x)):
        assert _direct_vjp(not_direct) is None
    assert OPS["nd.multiply"].direct_vjps == ((operator.mul, 1), (operator.mul, 0))
    assert OPS["nd.exp"].direct_vjps == ((operator.mul, -1),)
    assert OPS["nd.subtract"].direct_vjps == (None, (operator.neg, None))


def _scalar_ops(x, y):
    z = y[:3]
    return (2.0 * x * 3 / 4.0 + x / z - 5.0 * z).exp() * (x * y.reshape((2, 3)).sum(axis=0))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_direct_vjps_and_number_operands_agree_with_the_general_loop(dtype):
    """The leaves loop's direct vjps (g * rhs, g / rhs, g * ans) and its skipped shape check
    for a number operand, against the general loop (retain_graph=True), broadcasting too."""
    rng = np.random.default_rng(6)
    x0, y0 = rng.uniform(0.5, 1, size=3), rng.uniform(0.5, 1, size=6)
    results = []
    for retain in (False, True):
        x, y = nd.array(x0, dtype=dtype), nd.array(y0, dtype=dtype)
        x.attach_grad()
        y.attach_grad()
        with autograd.record():
            out = _scalar_ops(x, y) + y.reshape((2, 3)).sum() * 0.5
        out.backward(retain_graph=retain)
        results.append((x.grad.asnumpy(), y.grad.asnumpy()))
        assert x.grad.dtype == y.grad.dtype == np.dtype(dtype)
    for fast, general in zip(*results):
        np.testing.assert_array_equal(fast, general)

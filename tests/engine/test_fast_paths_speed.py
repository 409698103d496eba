"""More of the engine's fast paths (issue 20's per-op speed work), each against the general
path it short-cuts: take's numpy clip, nd.array of a list of numbers, the backward loop's
`return g` vjps and its chain step past the heap, the inline .grad write."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import graph
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
    return {slot: (getattr(node, slot)() if slot == "out" else getattr(node, slot))
            for slot in graph.Node.__slots__ if slot not in ("__weakref__", "seq", "stamp")}


@pytest.mark.parametrize("case", ["both", "left", "right", "scalar", "reflected", "large"])
def test_the_operator_record_builds_the_node_record_node_builds(case):
    """invoke._record_operands (`x * y`, `b * 2`, `2 * x` while recording) against
    graph.record_node on the same operands: every field of the Node alike."""
    size = 1 << 16 if case == "large" else 3
    x, y = nd.ones((size,)), nd.ones((size,)) * 2
    if case in ("both", "left", "scalar", "reflected", "large"):
        x.attach_grad()
    if case in ("both", "right"):
        y.attach_grad()
    with autograd.record():
        if case == "scalar":
            z = x * 3.0
            inputs, args = (x, 3.0), (x._data, 3.0)
        elif case == "reflected":
            z = 3.0 - x
            inputs, args = (3.0, x), (3.0, x._data)
        else:
            x2 = x * 1.0 if case == "large" else x    # large: a recorded input, ghosted
            z = x2 * y
            inputs, args = (x2, y), (x2._data, y._data)
        op = z._node.op
        twin = nd.ones((size,))
        twin._data = z._data
        graph.record_node(op, inputs, args, (), {}, twin)
    got, want = _fields(z._node), _fields(twin._node)
    want["out"] = z               # the same op on the same operands, with its own result
    for slot in ("inputs", "args"):       # large: fresh shape-only stand-ins, alike
        for a, b in zip(got.pop(slot), want.pop(slot), strict=True):
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

"""backprop._walk_to_leaves' short cuts, against the general loop (retain_graph=True takes
run_backward's), bit for bit: subtract's `-g` called as operator.neg (registry.Op.direct_vjps),
and the next node of a chain carried with its gradient in locals (`nxt`, `nxt_g`) instead of
the `grads` dict, including a second gradient for it from the same node (`c - c`, `a * a`)
and the hand-over to the heap when a node has two waiting parents."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd

SPECIAL = [0.5, -0.0, 0.0, np.inf, -np.inf, np.nan, -1.5, 3.0]


def _both_loops(build, *values, dtype="float32"):
    """The leaves' gradients from the leaves loop and from the general loop."""
    results = []
    for general in (False, True):
        leaves = [nd.array(v, dtype=dtype) for v in values]
        for leaf in leaves:
            leaf.attach_grad()
        with autograd.record(), np.errstate(all="ignore"):
            head = build(*leaves)
        with np.errstate(all="ignore"):
            head.backward(retain_graph=general)
        results.append([leaf.grad.asnumpy() for leaf in leaves])
    return results


def _same_bits(fast, general):
    for f, g in zip(fast, general, strict=True):
        assert f.dtype == g.dtype and f.shape == g.shape
        np.testing.assert_array_equal(f.view(np.uint8), g.view(np.uint8))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_subtracts_negated_gradient_has_the_vjps_bits(dtype):
    # -0.0, inf and NaN in the gradient: the sign bit flips exactly as the vjp's -g flips it
    x0 = np.array(SPECIAL)
    y0 = np.array(SPECIAL[::-1])
    fast, general = _both_loops(lambda x, y: (x * y) - (y * 3) - x, x0, y0, dtype=dtype)
    _same_bits(fast, general)


def test_subtract_broadcasting_sums_the_negated_gradient_back():
    fast, general = _both_loops(lambda x, b: (x * 2 - b).exp(), np.arange(6.0).reshape(2, 3) / 4,
                                np.array([0.25, -0.5, 1.0]))
    _same_bits(fast, general)
    np.testing.assert_array_equal(fast[1].shape, (3,))


@pytest.mark.parametrize("build", [
    lambda x: (x.exp() - x.exp()) + (x * 2 - x * 2),       # the negated gradient only
    lambda x: ((x * 3) - (x * 3).exp()) * 2,
    lambda x: (lambda c: c - c)(x.exp() * 2) + 1,              # both edges into one node
    lambda x: (lambda a: a * a)(x * 2 + 1).exp(),              # the same, through multiply
    lambda x: (lambda a: a * a.exp() + a / 3)(x.exp()),        # a diamond: the heap
    lambda x: (lambda a, b: (a * b) - (b * a).exp())(x * 2, x.exp() / 3),
])
def test_chains_and_shared_parents_have_the_general_loops_bits(build):
    fast, general = _both_loops(build, np.array([0.5, -1.0, 2.0, -0.0]))
    _same_bits(fast, general)


def test_an_intermediate_used_twice_gets_both_gradients():
    x = nd.array([1.0, 2.0, 3.0])
    x.attach_grad()
    with autograd.record():
        e = x.exp()
        y = e - e * 3          # e's node waits (nxt) and takes -g then 3 * -g... summed
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), -2 * np.exp([1.0, 2.0, 3.0]), rtol=1e-6)


# ----- Node.same_shapes: the walk skips the shape check of g, -g, g <op> operand ------------
def _recorded(build, *shapes):
    leaves = [nd.array(np.full(s, 0.5)) for s in shapes]
    for leaf in leaves:
        leaf.attach_grad()
    with autograd.record():
        return build(*leaves)


@pytest.mark.parametrize("build, shapes, same", [
    (lambda x, y: x + y, [(2, 3), (2, 3)], True),
    (lambda x, y: x * y, [(2, 3), (3,)], False),         # broadcasting
    (lambda x, y: x - y, [(1, 3), (2, 1)], False),
    (lambda x: x * 2, [(4,)], True),
    (lambda x: 2 - x, [(4,)], True),
    (lambda x: x ** 2, [(4,)], True),
    (lambda x: x.exp(), [(4,)], True),
    (lambda x: nd.relu(x), [(4,)], True),
    (lambda x: x.sum(), [(4,)], False),                   # a whole reduction
    (lambda x: x.norm(), [(4,)], False),
    (lambda x: x.reshape((2, 2)), [(4,)], False),
    (lambda x, w: nd.dot(x, w), [(2, 3), (3, 2)], False),
    (lambda x, y: x + y, [(1 << 16,), (1 << 16,)], False),  # large: record_operands
    (lambda x: x.exp(), [(1 << 16,)], False),
])
def test_same_shapes_is_set_only_where_every_input_has_the_results_shape(build, shapes, same):
    assert _recorded(build, *shapes)._node.same_shapes is same


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_skipped_shape_checks_give_the_general_loops_bits_and_dtypes(dtype):
    # same-shape nodes (skipped checks) beside broadcasting ones (sum_to_shape), numbers of
    # every kind, and -0.0, inf, NaN in the values
    def build(x, y, b):
        a = (x + y) * 0.1 - 3
        c = (a.exp() - y) / b - 2.5 * x
        return nd.relu(c * c + b) - (1 - a) / 3

    x0 = np.array([SPECIAL, SPECIAL[::-1]])
    y0 = np.array([[0.25] * 8, [-1.5] * 8])
    b0 = np.linspace(0.5, 2.0, 8)
    fast, general = _both_loops(build, x0, y0, b0, dtype=dtype)
    _same_bits(fast, general)
    assert all(g.dtype == np.dtype(dtype) for g in fast)
    assert fast[2].shape == (8,)

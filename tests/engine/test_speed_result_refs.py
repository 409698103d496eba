"""A recorded Node keeps no weak reference to its result (graph.Node's docstring says why):
backward checks a result for in-place writes through the array by which it reached the node
(graph.check_result), autograd.grad finds its variables by their nodes, and create_graph hands
the vjps a stand-in for the result. These tests hold the cases the weak reference served: each
write to a result is still refused, by both backward loops, with the same error."""
from __future__ import annotations

import weakref

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.graph import GHOST_MIN_SIZE, InPlaceWriteError


def _leaf(values):
    x = nd.array(values)
    x.attach_grad()
    return x


def _backward(head, general: bool):
    # retain_graph=True takes run_backward's general loop, the default _walk_to_leaves
    head.backward(retain_graph=general)


def test_a_result_has_no_weak_reference_and_its_node_no_out():
    x = _leaf([1.0, 2.0])
    with autograd.record():
        y = x.exp()
        z = x * x
        w = z + 1
    for result in (y, z, w):
        assert weakref.getweakrefcount(result) == 0
        assert not hasattr(result._node, "out")


@pytest.mark.parametrize("general", [False, True])
def test_a_result_written_between_its_op_and_the_next_is_refused(general):
    # the write is before the consumer recorded it: only the result's own check sees it
    x = _leaf([0.5, 1.0, 1.5])
    with autograd.record():
        y = x.exp()               # exp's gradient reads y
    y[:] = 0
    with autograd.record():
        z = y * 2
    with pytest.raises(InPlaceWriteError) as caught:
        _backward(z, general)
    assert caught.value.array is y and caught.value.is_result
    assert caught.value.node.op.name == "exp"
    assert "the result of exp" in str(caught.value)


@pytest.mark.parametrize("general", [False, True])
def test_a_head_written_after_it_was_recorded_is_refused(general):
    x = _leaf([0.5, 1.0])
    with autograd.record():
        y = x.exp()
    y += 1
    with pytest.raises(InPlaceWriteError) as caught:
        _backward(y, general)
    assert caught.value.array is y and caught.value.is_result


@pytest.mark.parametrize("general", [False, True])
def test_a_result_written_through_a_view_is_refused(general):
    x = _leaf([[0.5, 1.0], [1.5, 2.0]])
    with autograd.record():
        y = x.exp()
    view = y[0]                   # a view of y's memory, made outside record
    view[:] = 3
    with autograd.record():
        z = y.sum()
    with pytest.raises(InPlaceWriteError) as caught:
        _backward(z, general)
    assert caught.value.array is y and caught.value.is_result


def test_a_large_result_behind_a_shape_only_stand_in_is_still_checked():
    # add does not read its operands: the graph keeps a stand-in for y, which must lead the
    # check to y itself
    x = _leaf(np.full(GHOST_MIN_SIZE, 0.5, dtype=np.float32))
    with autograd.record():
        y = x.exp()
        z = y + 1
    assert z._node.inputs[0] is not y                  # a stand-in took y's place
    y[:] = 0
    with pytest.raises(InPlaceWriteError) as caught:
        z.backward()
    assert caught.value.array is y and caught.value.is_result


def test_writes_before_recording_and_to_unrelated_arrays_are_allowed():
    x = _leaf([0.5, 1.0])
    other = nd.array([1.0, 1.0])
    y0 = x * 1
    y0[:] = 2                     # before any op recorded it
    with autograd.record():
        y = x.exp()
        z = (y * y0).sum()
    other[:] = 5                  # the clock moves on: the checks run, and pass
    z.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * np.exp([0.5, 1.0]), rtol=1e-6)


def test_grad_of_an_intermediate_variable_is_found_by_its_node():
    x = _leaf([0.5, 1.0, 2.0])
    with autograd.record():
        y = x * x
        z = (y.exp() * 3).sum()
    gy, gx = autograd.grad(z, [y, x])
    np.testing.assert_array_equal(gy.asnumpy(), (np.exp(y.asnumpy()) * 3).astype(np.float32))
    np.testing.assert_array_equal(gx.asnumpy(), (gy.asnumpy() * 2 * x.asnumpy()))


def test_create_graph_through_a_result_it_reads_gives_second_derivatives():
    # exp's vjp reads its result: with create_graph it reads a stand-in linked to the node
    x = _leaf([0.0, 0.5, 1.0])
    with autograd.record():
        y = x.exp()
        (dx,) = autograd.grad(y, [x], create_graph=True)
        s = (dx * 1).sum()
    s.backward()
    want = np.exp(np.array([0.0, 0.5, 1.0], dtype=np.float32))
    np.testing.assert_array_equal(dx.asnumpy(), want)
    np.testing.assert_array_equal(x.grad.asnumpy(), want)

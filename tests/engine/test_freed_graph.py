"""After backward frees a graph, the arrays computed in it are constants to later graphs, as in
MXNet 1.9.1 (measured in the oracle venv: d2l-zh's RNN loops carry their state from batch to
batch with a `s.detach()` that does nothing, and MXNet trains on)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.graph import AutogradError


def test_a_state_from_a_freed_graph_is_a_constant_in_the_next_graph():
    """d2l's loop: the state H computed in batch i feeds batch i+1 after batch i's backward.
    MXNet 1.9.1 prints 'ok' for all three batches with these gradients."""
    w = nd.ones((2, 2)) * 0.5
    w.attach_grad()
    h, x, sums = nd.zeros((1, 2)), nd.ones((1, 2)), []
    for _ in range(3):
        with autograd.record():
            h = nd.tanh(nd.dot(x, w) + nd.dot(h, w))
            loss = (h * 2).sum()
        loss.backward()
        sums.append(float(w.grad.asnumpy().sum()))
    # batch 2's gradient is that of tanh(x.w + c.w) with c = batch 1's h held constant
    c = np.tanh(np.ones((1, 2)) @ np.full((2, 2), 0.5))
    z = np.ones((1, 2)) @ np.full((2, 2), 0.5) + c @ np.full((2, 2), 0.5)
    expected = ((np.ones((1, 2)) + c).T @ (2 * (1 - np.tanh(z) ** 2))).sum()
    assert sums[1] == pytest.approx(expected, rel=1e-5)


def test_x_grad_is_left_alone_when_the_path_to_x_was_freed():
    """MXNet 1.9.1: after y.backward(), (h * w).sum().backward() gives w its gradient and
    leaves x.grad as the first backward wrote it ([6, 6])."""
    x, w = nd.ones(2), nd.ones(2)
    x.attach_grad()
    w.attach_grad()
    with autograd.record():
        h = x * 2
        y = (h * 3).sum()
    y.backward()
    with autograd.record():
        z = (h * w).sum()
    z.backward()
    assert w.grad.asnumpy().tolist() == [2.0, 2.0] and x.grad.asnumpy().tolist() == [6.0, 6.0]


def test_a_graph_that_reaches_only_freed_nodes_is_an_error():
    """MXNet 1.9.1 raises 'Cannot differentiate node because it is not in a computational
    graph' for (h * h).sum().backward() when h's graph was freed; ndsh says why."""
    x = nd.ones(2)
    x.attach_grad()
    with autograd.record():
        h = x * 2
        y = (h * 3).sum()
    y.backward()
    with autograd.record():
        z = (h * h).sum()
    with pytest.raises(AutogradError, match="freed by an earlier backward"):
        z.backward()
    with pytest.raises(AutogradError, match="retain_graph=True"):
        y.backward()                   # the same head twice: as before

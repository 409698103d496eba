"""gluon.loss beyond the golden cases (test_golden_training.py compares every loss, its
reductions and gradients with MXNet 1.9.1): ndsh's own messages, hybridization, and where
ndsh works on purpose where MXNet fails."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ndsh.gluon.block", reason="the losses are the Gluon core's HybridBlocks")

from ndsh.engine import autograd, mxnet_errors, nd  # noqa: E402
from ndsh.gluon import loss  # noqa: E402


def test_a_label_of_another_size_names_the_loss_and_both_shapes():
    with pytest.raises(mxnet_errors.MXNetError) as caught:
        loss.L2Loss()(nd.ones((3, 2)), nd.ones(4))
    message = str(caught.value)
    assert message.startswith("L2Loss: the label has shape (4,) (4 elements)")
    assert "(3, 2) (6 elements)" in message and isinstance(caught.value, ValueError)


def test_hybridized_losses_give_the_same_values_and_gradients():
    pred = nd.array([[0.2, -1.0, 3.0], [1.5, 0.5, -0.5]])
    label = nd.array([2, 0])
    plain, hybrid = loss.SoftmaxCrossEntropyLoss(), loss.SoftmaxCrossEntropyLoss()
    hybrid.hybridize()
    grads = []
    for block in (plain, hybrid):
        x = pred.copy()
        x.attach_grad()
        with autograd.record():
            out = block(x, label)
        out.backward()
        grads.append((out.asnumpy(), x.grad.asnumpy()))
    np.testing.assert_array_equal(grads[0][0], grads[1][0])
    np.testing.assert_array_equal(grads[0][1], grads[1][1])


def test_poisson_full_can_be_recorded():
    pred = nd.array([[1.0, 2.0], [0.5, 3.0]])
    target = nd.array([[1.0, 3.0], [2.0, 4.0]])
    pred.attach_grad()
    with autograd.record():
        out = loss.PoissonNLLLoss(compute_full=True)(pred, target)
    out.backward()
    exact = (np.exp(pred.asnumpy()) - target.asnumpy() * pred.asnumpy()).mean()
    t = target.asnumpy()
    stirling = np.where(t > 1, t * np.log(t) - t + 0.5 * np.log(2 * t * np.pi), 0).mean()
    np.testing.assert_allclose(out.asnumpy(), [exact + stirling], rtol=1e-6)
    np.testing.assert_allclose(pred.grad.asnumpy(),
                               (np.exp(pred.asnumpy()) - t) / 4, rtol=1e-6)


def test_the_weight_must_be_a_number():
    with pytest.raises(AssertionError, match="weight must be a number"):
        loss.L1Loss(weight="2")(nd.ones((2, 2)), nd.ones((2, 2)))


@pytest.mark.skipif(not hasattr(nd, "CTCLoss"), reason="nd.CTCLoss is being written")
def test_ctc_blank_is_the_last_class():
    logits = nd.array(np.random.RandomState(3).randn(1, 4, 3))
    got = loss.CTCLoss()(logits, nd.array([[0, 1, -1]])).asscalar()
    assert abs(got - 1.436382) < 1e-5      # gluon_api.md section 4, by brute force

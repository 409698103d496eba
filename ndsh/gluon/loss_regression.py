"""The regression-style losses of `gluon.loss`: L2, L1, Huber, hinge, squared hinge,
logistic, triplet, Poisson and cosine embedding (MXNet 1.9.1's)."""
from __future__ import annotations

import numpy as np

from ndsh.gluon.loss_base import Loss, _apply_weighting, _mean_over_samples, _reshape_like

__all__ = ["L2Loss", "L1Loss", "HuberLoss", "HingeLoss", "SquaredHingeLoss", "LogisticLoss",
           "TripletLoss", "PoissonNLLLoss", "CosineEmbeddingLoss"]


class L2Loss(Loss):
    """Half the squared error, averaged over each sample: mean(weight/2 * (pred - label)**2).

    Parameters:
        weight: default 1 (the 1/2 is always there).
        batch_axis: the axis of the samples.

    Example:
        >>> loss = gluon.loss.L2Loss()
        >>> loss(nd.array([[1, 2], [3, 5], [0, 0]]), nd.array([[0, 2], [3, 3], [1, -1]]))
        <BLANKLINE>
        [0.25 1.   0.5 ]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        label = _reshape_like(self, label, pred)
        loss = F.square(label - pred)
        loss = _apply_weighting(F, loss, self._weight / 2, sample_weight)
        return _mean_over_samples(F, loss, self._batch_axis)

class L1Loss(Loss):
    """The absolute error, averaged over each sample: mean(|pred - label|).

    Parameters:
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Example:
        >>> gluon.loss.L1Loss()(nd.array([[1, 2], [3, 5]]), nd.array([[0, 2], [3, 3]]))
        <BLANKLINE>
        [0.5 1. ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        label = _reshape_like(self, label, pred)
        loss = _apply_weighting(F, F.abs(label - pred), self._weight, sample_weight)
        return _mean_over_samples(F, loss, self._batch_axis)

class HuberLoss(Loss):
    """The smoothed L1 loss, averaged over each sample: `|d| - rho/2` where |d| > rho, else
    `d**2 / (2*rho)`, for d = pred - label.

    Parameters:
        rho: where the quadratic part ends.
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Example:
        >>> gluon.loss.HuberLoss()(nd.array([[0, 2, 5]]), nd.array([[0.5, 0, 0]]))
        <BLANKLINE>
        [2.0416667]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, rho=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._rho = rho

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        label = _reshape_like(self, label, pred)
        loss = F.abs(label - pred)
        loss = F.where(loss > self._rho, loss - 0.5 * self._rho,
                       (0.5 / self._rho) * F.square(loss))
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return _mean_over_samples(F, loss, self._batch_axis)

class HingeLoss(Loss):
    """The hinge loss for labels -1 and 1, averaged over each sample:
    `max(0, margin - pred * label)`.

    Parameters:
        margin: the margin.
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Example:
        >>> gluon.loss.HingeLoss()(nd.array([[0.5, -2, 3]]), nd.array([[1, 1, -1]]))
        <BLANKLINE>
        [2.5]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        label = _reshape_like(self, label, pred)
        loss = F.relu(self._margin - pred * label)
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return _mean_over_samples(F, loss, self._batch_axis)

class SquaredHingeLoss(Loss):
    """The squared hinge loss for labels -1 and 1, averaged over each sample:
    `max(0, margin - pred * label)**2`.

    Parameters:
        margin: the margin.
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Example:
        >>> gluon.loss.SquaredHingeLoss()(nd.array([[0.5, -2, 3]]), nd.array([[1, 1, -1]]))
        <BLANKLINE>
        [8.416667]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        label = _reshape_like(self, label, pred)
        loss = F.square(F.relu(self._margin - pred * label))
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return _mean_over_samples(F, loss, self._batch_axis)

class LogisticLoss(Loss):
    """The logistic loss `log(1 + exp(-pred * label))` (computed stably), averaged over each
    sample; labels are -1 and 1 ('signed') or 0 and 1 ('binary').

    Parameters:
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.
        label_format: 'signed' or 'binary'.

    Example:
        >>> gluon.loss.LogisticLoss()(nd.array([[0.5, -2]]), nd.array([[1, -1]]))
        <BLANKLINE>
        [0.30050248]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, weight=None, batch_axis=0, label_format="signed", **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._label_format = label_format
        if self._label_format not in ["signed", "binary"]:
            raise ValueError(f"label_format can only be signed or binary, recieved "
                             f"{label_format}.")

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        label = _reshape_like(self, label, pred)
        if self._label_format == "signed":
            label = (label + 1.0) / 2.0
        loss = F.relu(pred) - pred * label + F.Activation(-F.abs(pred), act_type="softrelu")
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return _mean_over_samples(F, loss, self._batch_axis)

class TripletLoss(Loss):
    """The triplet loss `max(0, ||pred - positive||**2 - ||pred - negative||**2 + margin)`,
    the squares summed over each sample.

    Parameters:
        margin: the margin.
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Forward: (pred, positive, negative).

    Example:
        >>> gluon.loss.TripletLoss()(nd.array([[0, 0]]), nd.array([[1, 0]]), nd.array([[0, 1]]))
        <BLANKLINE>
        [1.]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, positive, negative):  # noqa: N803
        positive = _reshape_like(self, positive, pred, "positive")
        negative = _reshape_like(self, negative, pred, "negative")
        loss = F.sum(F.square(positive - pred) - F.square(negative - pred),
                     axis=self._batch_axis, exclude=True)
        loss = F.relu(loss + self._margin)
        return _apply_weighting(F, loss, self._weight, None)

class PoissonNLLLoss(Loss):
    """The Poisson negative log-likelihood, averaged over EVERY element into shape (1,):
    `exp(pred) - target * pred` (from_logits), else `pred - target * log(pred + epsilon)`;
    compute_full adds Stirling's term where target > 1.

    Parameters:
        weight: a number the loss is multiplied by.
        from_logits: pred is the log of the rate.
        batch_axis: kept for the signature (the mean is over everything).
        compute_full: add Stirling's approximation of log(target!).

    Forward: (pred, target, sample_weight=None, epsilon=1e-08).

    Example:
        >>> gluon.loss.PoissonNLLLoss()(nd.array([[1, 2]]), nd.array([[1, 0]]))
        <BLANKLINE>
        [4.553669]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, weight=None, from_logits=True, batch_axis=0, compute_full=False,
                 **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._compute_full = compute_full

    def hybrid_forward(self, F, pred, target, sample_weight=None, epsilon=1e-08):  # noqa: N803
        target = _reshape_like(self, target, pred, "target")
        if self._from_logits:
            loss = F.exp(pred) - target * pred
        else:
            loss = pred - target * F.log(pred + epsilon)
        if self._compute_full:
            stirling = target * F.log(target) - target + 0.5 * F.log(2 * target * np.pi)
            with np.errstate(divide="ignore", invalid="ignore"):    # log(0), masked below
                loss = loss + stirling * (target > 1)
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return F.mean(loss)

class CosineEmbeddingLoss(Loss):
    """The cosine embedding loss, shape (N, 1): `1 - cos(input1, input2)` for label 1,
    `max(0, cos - margin)` for label -1 (the cosine over the last axis).

    Parameters:
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.
        margin: the margin for label -1.

    Forward: (input1, input2, label, sample_weight=None).

    Example:
        >>> loss = gluon.loss.CosineEmbeddingLoss()
        >>> loss(nd.array([[1, 0], [1, 1]]), nd.array([[0, 1], [1, 1]]), nd.array([1, -1]))
        <BLANKLINE>
        [[1.       ]
         [1.0000001]]
        <NDArray 2x1 @cpu(0)>
    """

    def __init__(self, weight=None, batch_axis=0, margin=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, input1, input2, label, sample_weight=None):  # noqa: N803
        input1 = _reshape_like(self, input1, input2, "input1")
        label = label.reshape((-1, 1))
        cos_sim = self._cosine_similarity(F, input1, input2)
        y_1 = label == 1
        y_minus_1 = label == -1
        cos_sim_a = (1 - cos_sim) * y_1
        zero = F.zeros((1,), ctx=cos_sim.context, dtype=cos_sim.dtype)
        cos_sim_b = F.broadcast_maximum(zero, y_minus_1 * (cos_sim - self._margin))
        loss = cos_sim_a + cos_sim_b
        return _apply_weighting(F, loss, self._weight, sample_weight)

    def _cosine_similarity(self, F, x, y, axis=-1):  # noqa: N803
        x_norm = F.norm(x, axis=axis).reshape((-1, 1))
        y_norm = F.norm(y, axis=axis).reshape((-1, 1))
        x_dot_y = F.sum(x * y, axis=axis).reshape((-1, 1))
        eps = F.full((1,), 1e-12, ctx=x.context, dtype=x.dtype)
        return x_dot_y / F.broadcast_maximum(x_norm * y_norm, eps)

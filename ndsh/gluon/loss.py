"""`gluon.loss`: MXNet 1.9.1's losses, as HybridBlocks called `loss(pred, label,
sample_weight=None)` that return one value per sample (shape (N,) for N = pred.shape[batch_axis]).

What they share, as MXNet: the label is reshaped to the prediction's shape (their sizes must
match); the per-element loss is multiplied by sample_weight (broadcast, not reshaped: give it
shape (N, 1) for a (N, k) prediction) and then by the number weight; then it is reduced over
every axis but batch_axis. Most losses average there; KLDivLoss sums, PoissonNLLLoss averages
over everything into shape (1,), CosineEmbeddingLoss returns (N, 1) and CTCLoss (N,).
"""
from __future__ import annotations

import numbers

import numpy as np

from ndsh.engine import NDArray, mxnet_errors
from ndsh.gluon.block import HybridBlock

__all__ = ["Loss", "L2Loss", "L1Loss", "SigmoidBinaryCrossEntropyLoss", "SigmoidBCELoss",
           "SoftmaxCrossEntropyLoss", "SoftmaxCELoss", "KLDivLoss", "CTCLoss", "HuberLoss",
           "HingeLoss", "SquaredHingeLoss", "LogisticLoss", "TripletLoss", "PoissonNLLLoss",
           "CosineEmbeddingLoss", "SDMLLoss"]

def _apply_weighting(F, loss, weight=None, sample_weight=None):  # noqa: N803  (MXNet's F)
    """loss * sample_weight (broadcast) * weight (a number)."""
    if sample_weight is not None:
        loss = F.broadcast_mul(loss, sample_weight)
    if weight is not None:
        assert isinstance(weight, numbers.Number), "weight must be a number"
        loss = loss * weight
    return loss

def _reshape_like(block, x: NDArray, y: NDArray, what: str = "label") -> NDArray:
    """x in y's shape: MXNet reshapes the label to the prediction's shape, whatever its own
    shape, so only the sizes must agree."""
    if x.shape == y.shape:
        return x
    if x.size != y.size:
        raise mxnet_errors.ValueError(
            f"{type(block).__name__}: the {what} has shape {x.shape} ({x.size} elements) and "
            f"the prediction {y.shape} ({y.size} elements); the {what} is reshaped to the "
            f"prediction's shape, so their sizes must be equal.")
    return x.reshape(y.shape)

def _mean_over_samples(F, loss, batch_axis):  # noqa: N803
    return F.mean(loss, axis=batch_axis, exclude=True)

class Loss(HybridBlock):
    """The base of the losses: a HybridBlock with a weight and a batch axis.

    Parameters:
        weight: a number the loss is multiplied by (None: 1).
        batch_axis: the axis of the samples; the loss is reduced over the others.

    Example:
        >>> class AbsLoss(gluon.loss.Loss):
        ...     def __init__(self, weight=None, batch_axis=0, **kwargs):
        ...         super().__init__(weight, batch_axis, **kwargs)
        ...     def hybrid_forward(self, F, pred, label):
        ...         return F.mean(F.abs(pred - label), axis=self._batch_axis, exclude=True)
        >>> AbsLoss()(nd.array([[1, 2], [3, 5]]), nd.array([[0, 0], [0, 0]]))
        <BLANKLINE>
        [1.5 4. ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, weight, batch_axis, **kwargs):
        super().__init__(**kwargs)
        self._weight = weight
        self._batch_axis = batch_axis

    def __repr__(self) -> str:
        return f"{type(self).__name__}(batch_axis={self._batch_axis}, w={self._weight})"

    def hybrid_forward(self, F, x, *args, **kwargs):  # noqa: N803
        raise NotImplementedError

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

class SigmoidBinaryCrossEntropyLoss(Loss):
    """Binary cross-entropy, averaged over each sample. From logits (the default) it is
    computed stably, `max(x, 0) - x*t + log(1 + exp(-|x|))`; from_sigmoid takes
    probabilities, `-(t*log(p + 1e-12) + (1 - t)*log(1 - p + 1e-12))`. pos_weight (a forward
    argument) multiplies the positive term.

    Parameters:
        from_sigmoid: the prediction is a probability (else a logit).
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Example:
        >>> loss = gluon.loss.SigmoidBinaryCrossEntropyLoss()
        >>> loss(nd.array([[-1, 0, 2], [3, -4, 0.5]]), nd.array([[0, 1, 1], [1, 0, 0]]))
        <BLANKLINE>
        [0.37777892 0.3469381 ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, from_sigmoid=False, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_sigmoid = from_sigmoid

    def hybrid_forward(self, F, pred, label, sample_weight=None, pos_weight=None):  # noqa: N803
        label = _reshape_like(self, label, pred)
        if not self._from_sigmoid:
            softplus = F.Activation(-F.abs(pred), act_type="softrelu")
            if pos_weight is None:
                loss = F.relu(pred) - pred * label + softplus
            else:
                log_weight = 1 + F.broadcast_mul(pos_weight - 1, label)
                loss = pred - pred * label + log_weight * (softplus + F.relu(-pred))
        else:
            eps = 1e-12
            if pos_weight is None:
                loss = -(F.log(pred + eps) * label + F.log(1. - pred + eps) * (1. - label))
            else:
                loss = -(F.broadcast_mul(F.log(pred + eps) * label, pos_weight)
                         + F.log(1. - pred + eps) * (1. - label))
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return _mean_over_samples(F, loss, self._batch_axis)

SigmoidBCELoss = SigmoidBinaryCrossEntropyLoss

class SoftmaxCrossEntropyLoss(Loss):
    """Cross-entropy of a softmax over `axis`, averaged over each sample's other elements.

    With sparse_label the label holds class indices (picked as nd.pick picks them: truncated,
    and clipped into range); otherwise it holds a distribution over the classes. from_logits
    says the prediction already holds log-probabilities.

    Parameters:
        axis: the class axis.
        sparse_label: labels are class indices (else distributions).
        from_logits: the prediction is log-probabilities (no log_softmax).
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Example:
        >>> loss = gluon.loss.SoftmaxCrossEntropyLoss()
        >>> loss(nd.array([[1, 2, 3], [1, 1, 1]]), nd.array([2, 0]))
        <BLANKLINE>
        [0.40760598 1.0986123 ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None,
                 batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._axis = axis
        self._sparse_label = sparse_label
        self._from_logits = from_logits

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        if not self._from_logits:
            pred = F.log_softmax(pred, self._axis)
        if self._sparse_label:
            loss = -F.pick(pred, label, axis=self._axis, keepdims=True)
        else:
            label = _reshape_like(self, label, pred)
            loss = -(pred * label).sum(axis=self._axis, keepdims=True)
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return loss.mean(axis=self._batch_axis, exclude=True)

SoftmaxCELoss = SoftmaxCrossEntropyLoss

class KLDivLoss(Loss):
    """Kullback-Leibler divergence `label * (log(label + 1e-12) - pred)`, SUMMED over each
    sample (MXNet's docstring says averaged; it sums). pred holds log-probabilities
    (from_logits, the default), else log_softmax is applied over axis first.

    Parameters:
        from_logits: pred is log-probabilities.
        axis: the class axis for log_softmax.
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Example:
        >>> q = nd.array([[0.2, 0.3, 0.5]]); p = nd.log_softmax(nd.array([[1, 2, 3]]))
        >>> gluon.loss.KLDivLoss()(p, q)
        <BLANKLINE>
        [0.07795295]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, from_logits=True, axis=-1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._axis = axis

    def hybrid_forward(self, F, pred, label, sample_weight=None):  # noqa: N803
        if not self._from_logits:
            pred = F.log_softmax(pred, self._axis)
        loss = label * (F.log(label + 1e-12) - pred)
        loss = _apply_weighting(F, loss, self._weight, sample_weight)
        return F.sum(loss, axis=self._batch_axis, exclude=True)

class CTCLoss(Loss):
    """Connectionist temporal classification loss (nd.CTCLoss), with the softmax applied
    inside. The blank is the LAST class, so labels run 0 .. C-2; pad labels with -1 (or give
    label_lengths).

    Parameters:
        layout: of pred, 'NTC' (default) or 'TNC'.
        label_layout: 'NT' (default) or 'TN'.
        weight: a number the loss is multiplied by.

    Forward: (pred, label, pred_lengths=None, label_lengths=None, sample_weight=None).

    Example:
        >>> gluon.loss.CTCLoss(layout='TNC')
        CTCLoss(batch_axis=0, w=None)
    """

    def __init__(self, layout="NTC", label_layout="NT", weight=None, **kwargs):
        assert layout in ["NTC", "TNC"], \
            f"Only 'NTC' and 'TNC' layouts for pred are supported. Got: {layout}"
        assert label_layout in ["NT", "TN"], \
            f"Only 'NT' and 'TN' layouts for label are supported. Got: {label_layout}"
        self._layout = layout
        self._label_layout = label_layout
        super().__init__(weight, label_layout.find("N"), **kwargs)

    def hybrid_forward(self, F, pred, label, pred_lengths=None,  # noqa: N803
                       label_lengths=None, sample_weight=None):
        if self._layout == "NTC":
            pred = F.swapaxes(pred, 0, 1)
        if self._batch_axis == 1:
            label = F.swapaxes(label, 0, 1)
        loss = F.CTCLoss(pred, label, data_lengths=pred_lengths, label_lengths=label_lengths,
                         use_data_lengths=pred_lengths is not None,
                         use_label_lengths=label_lengths is not None, blank_label="last")
        return _apply_weighting(F, loss, self._weight, sample_weight)

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

class SDMLLoss(Loss):
    """Smoothed deep metric learning loss: for a batch of pairs (x1[i], x2[i]), the KL
    divergence between a smoothed identity and the softmax of the negative squared distances
    between every x1[i] and x2[j].

    Parameters:
        smoothing_parameter: the probability mass spread over the non-matching pairs.
        weight: a number the loss is multiplied by.
        batch_axis: the axis of the samples.

    Forward: (x1, x2), both (N, dim).

    Example:
        >>> loss = gluon.loss.SDMLLoss()
        >>> loss(nd.array([[0, 0], [5, 5]]), nd.array([[0, 0], [5, 5]])).shape
        (2,)
    """

    def __init__(self, smoothing_parameter=0.3, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self.kl_loss = KLDivLoss(from_logits=True)
        self.smoothing_parameter = smoothing_parameter

    def _compute_distances(self, x1, x2):
        assert x1.shape == x2.shape
        batch_size, dim = x1.shape
        x1_ = x1.expand_dims(1).broadcast_to([batch_size, batch_size, dim])
        x2_ = x2.expand_dims(0).broadcast_to([batch_size, batch_size, dim])
        return ((x1_ - x2_) ** 2).sum(axis=2)

    def _compute_labels(self, F, batch_size, ctx):  # noqa: N803
        gold = F.eye(batch_size, ctx=ctx)
        spread = self.smoothing_parameter / (batch_size - 1)
        return gold * (1 - self.smoothing_parameter) + (1 - gold) * spread

    def hybrid_forward(self, F, x1, x2):  # noqa: N803
        labels = self._compute_labels(F, x1.shape[0], x1.context)
        log_probabilities = F.log_softmax(-self._compute_distances(x1, x2), axis=1)
        return self.kl_loss(log_probabilities, labels)

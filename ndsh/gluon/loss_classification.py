"""The classification losses of `gluon.loss`: sigmoid and softmax cross-entropy, KL divergence,
CTC and SDML (MXNet 1.9.1's)."""
from __future__ import annotations

from ndsh.gluon.loss_base import Loss, _apply_weighting, _mean_over_samples, _reshape_like

__all__ = ["SigmoidBinaryCrossEntropyLoss", "SigmoidBCELoss", "SoftmaxCrossEntropyLoss",
           "SoftmaxCELoss", "KLDivLoss", "CTCLoss", "SDMLLoss"]


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

"""What the losses of `gluon.loss` share: the Loss base class, and MXNet 1.9.1's weighting,
label reshaping and reduction over each sample (see loss.py for the whole family)."""
from __future__ import annotations

import numbers

from ndsh.engine import NDArray, mxnet_errors
from ndsh.gluon.block import HybridBlock

__all__ = ["Loss"]


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

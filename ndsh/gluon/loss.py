"""`gluon.loss`: MXNet 1.9.1's losses, as HybridBlocks called `loss(pred, label,
sample_weight=None)` that return one value per sample (shape (N,) for N = pred.shape[batch_axis]).

What they share, as MXNet: the label is reshaped to the prediction's shape (their sizes must
match); the per-element loss is multiplied by sample_weight (broadcast, not reshaped: give it
shape (N, 1) for a (N, k) prediction) and then by the number weight; then it is reduced over
every axis but batch_axis. Most losses average there; KLDivLoss sums, PoissonNLLLoss averages
over everything into shape (1,), CosineEmbeddingLoss returns (N, 1) and CTCLoss (N,).
The losses are in loss_regression.py and loss_classification.py; what they share in
loss_base.py.

Example:
    >>> gluon.loss.L2Loss()(nd.array([[1, 2], [3, 5]]), nd.array([[0, 2], [3, 3]]))
    <BLANKLINE>
    [0.25 1.  ]
    <NDArray 2 @cpu(0)>
"""
from __future__ import annotations

from ndsh.gluon.loss_base import Loss
from ndsh.gluon.loss_classification import (
    CTCLoss,
    KLDivLoss,
    SDMLLoss,
    SigmoidBCELoss,
    SigmoidBinaryCrossEntropyLoss,
    SoftmaxCELoss,
    SoftmaxCrossEntropyLoss,
)
from ndsh.gluon.loss_regression import (
    CosineEmbeddingLoss,
    HingeLoss,
    HuberLoss,
    L1Loss,
    L2Loss,
    LogisticLoss,
    PoissonNLLLoss,
    SquaredHingeLoss,
    TripletLoss,
)

__all__ = ["Loss", "L2Loss", "L1Loss", "SigmoidBinaryCrossEntropyLoss", "SigmoidBCELoss",
           "SoftmaxCrossEntropyLoss", "SoftmaxCELoss", "KLDivLoss", "CTCLoss", "HuberLoss",
           "HingeLoss", "SquaredHingeLoss", "LogisticLoss", "TripletLoss", "PoissonNLLLoss",
           "CosineEmbeddingLoss", "SDMLLoss"]

"""`mx.metric` (MXNet 1.9.1's `mxnet.metric`): evaluation metrics that sum over batches of
(labels, predictions): Accuracy, TopKAccuracy, F1, MCC, Perplexity, CrossEntropy,
NegativeLogLikelihood, MAE, MSE, RMSE, PearsonCorrelation, PCC, Loss, CompositeEvalMetric,
CustomMetric, and `create` by name ('acc', 'ce', 'top_k_acc'...). Predictions and labels are
NDArrays or mx.np arrays. See docs/metric.md.

Example:
    >>> acc = mx.metric.Accuracy()
    >>> acc.update(labels=[nd.array([0, 1, 1])],
    ...            preds=[nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])])
    >>> print(acc.get())
    ('accuracy', 0.6666666666666666)
"""
from __future__ import annotations

from ndsh.metric.base import EvalMetric, alias, check_label_shapes, register
from ndsh.metric.classification import (
    F1,
    MCC,
    Accuracy,
    CrossEntropy,
    NegativeLogLikelihood,
    Perplexity,
    TopKAccuracy,
)
from ndsh.metric.composite import CompositeEvalMetric, create
from ndsh.metric.custom import Caffe, CustomMetric, Loss, Torch, np
from ndsh.metric.regression import MAE, MSE, PCC, RMSE, PearsonCorrelation

__all__ = ["EvalMetric", "CompositeEvalMetric", "Accuracy", "TopKAccuracy", "F1", "MCC",
           "Perplexity", "MAE", "MSE", "RMSE", "CrossEntropy", "NegativeLogLikelihood",
           "PearsonCorrelation", "PCC", "Loss", "Torch", "Caffe", "CustomMetric", "np",
           "create", "register", "alias", "check_label_shapes"]

"""`mx.metric`'s classification metrics, as MXNet 1.9.1 computes them: Accuracy, TopKAccuracy,
F1 and MCC (binary, 'macro' or 'micro' over batches), Perplexity, CrossEntropy and
NegativeLogLikelihood."""
from __future__ import annotations

import math

import numpy

from ndsh.engine import nd
from ndsh.metric.base import EvalMetric, alias, as_float, as_nd, check_label_shapes, register

__all__ = ["Accuracy", "TopKAccuracy", "F1", "MCC", "Perplexity", "CrossEntropy",
           "NegativeLogLikelihood"]


@register
@alias("acc")
class Accuracy(EvalMetric):
    """The fraction of predictions equal to the labels; a prediction of more dimensions than
    its label gives its argmax along axis.

    Parameters:
        axis: the axis of the classes in the predictions.
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> acc = mx.metric.Accuracy()
        >>> acc.update([nd.array([0, 1, 1])], [nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])])
        >>> acc.get()
        ('accuracy', 0.6666666666666666)
    """

    def __init__(self, axis=1, name="accuracy", output_names=None, label_names=None):
        super().__init__(name, axis=axis, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.axis = axis

    def update(self, labels, preds) -> None:
        """Count the correct predictions of each (label, pred) pair."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred_label in zip(labels, preds):
            if pred_label.shape != label.shape:
                pred_label = nd.argmax(as_nd(pred_label), axis=self.axis)
            pred_label = pred_label.asnumpy().astype("int32").flat
            label = label.asnumpy().astype("int32").flat
            check_label_shapes(label, pred_label)
            num_correct = (pred_label == label).sum()
            self._add_to_sums(num_correct, len(pred_label))


@register
@alias("top_k_accuracy", "top_k_acc")
class TopKAccuracy(EvalMetric):
    """The fraction of labels among the top_k highest predictions.

    Parameters:
        top_k: how many of the highest predictions count (more than 1).
        name: the metric's name (top_k is appended: 'top_k_accuracy_3').
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> m = mx.metric.TopKAccuracy(top_k=2)
        >>> m.update([nd.array([2, 0])], [nd.array([[0.1, 0.5, 0.4], [0.2, 0.3, 0.5]])])
        >>> m.get()
        ('top_k_accuracy_2', 0.5)
    """

    def __init__(self, top_k=1, name="top_k_accuracy", output_names=None, label_names=None):
        super().__init__(name, top_k=top_k, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.top_k = top_k
        assert self.top_k > 1, "Please use Accuracy if top_k is no more than 1"
        self.name += f"_{self.top_k}"

    def update(self, labels, preds) -> None:
        """Count the labels found among each prediction's top_k."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred_label in zip(labels, preds):
            assert len(pred_label.shape) <= 2, "Predictions should be no more than 2 dims"
            pred_label = numpy.argpartition(pred_label.asnumpy().astype("float32"),
                                            -self.top_k)
            label = label.asnumpy().astype("int32")
            check_label_shapes(label, pred_label)
            num_samples = pred_label.shape[0]
            if pred_label.ndim == 1:
                self.sum_metric += (pred_label.flat == label.flat).sum()
            else:
                num_classes = pred_label.shape[1]
                for j in range(min(num_classes, self.top_k)):
                    num_correct = (pred_label[:, num_classes - 1 - j].flat == label.flat).sum()
                    self.sum_metric += num_correct
                    self.global_sum_metric += num_correct
            self.num_inst += num_samples
            self.global_num_inst += num_samples


class _BinaryCounts:
    """True / false positives and negatives of a binary classification, local and global."""

    def __init__(self):
        self.reset_stats()

    def update_binary_stats(self, label, pred) -> None:
        pred = pred.asnumpy()
        label = label.asnumpy().astype("int32")
        pred_label = numpy.argmax(pred, axis=1)
        check_label_shapes(label, pred)
        if len(numpy.unique(label)) > 2:
            raise ValueError(f"{type(self).__name__} currently only supports binary "
                             f"classification.")
        pred_true = pred_label == 1
        pred_false = 1 - pred_true
        label_true = label == 1
        label_false = 1 - label_true
        for name, count in (("true_positives", (pred_true * label_true).sum()),
                            ("false_positives", (pred_true * label_false).sum()),
                            ("false_negatives", (pred_false * label_true).sum()),
                            ("true_negatives", (pred_false * label_false).sum())):
            setattr(self, name, getattr(self, name) + count)
            setattr(self, "global_" + name, getattr(self, "global_" + name) + count)

    def _counts(self, use_global: bool):
        prefix = "global_" if use_global else ""
        return tuple(getattr(self, prefix + name) for name in (
            "true_positives", "false_positives", "false_negatives", "true_negatives"))

    def fscore(self, use_global: bool = False) -> float:
        tp, fp, fn, _ = self._counts(use_global)
        precision = float(tp) / (tp + fp) if tp + fp > 0 else 0.0
        recall = float(tp) / (tp + fn) if tp + fn > 0 else 0.0
        if precision + recall > 0:
            return 2 * precision * recall / (precision + recall)
        return 0.0

    def total_examples(self, use_global: bool = False):
        return sum(self._counts(use_global))

    def matthewscc(self, use_global: bool = False) -> float:
        if not self.total_examples(use_global):
            return 0.0
        tp, fp, fn, tn = (float(c) for c in self._counts(use_global))
        denom = 1.0
        for term in (tp + fp, tp + fn, tn + fp, tn + fn):
            if term != 0.0:
                denom *= term
        return (tp * tn - fp * fn) / math.sqrt(denom)

    def local_reset_stats(self) -> None:
        self.true_positives = self.false_positives = 0
        self.false_negatives = self.true_negatives = 0

    def reset_stats(self) -> None:
        self.local_reset_stats()
        self.global_true_positives = self.global_false_positives = 0
        self.global_false_negatives = self.global_true_negatives = 0


class _BinaryMetric(EvalMetric):
    """F1 and MCC: a score of the binary counts, averaged over batches ('macro') or of all
    the counts together ('micro')."""

    def __init__(self, name, output_names, label_names, average):
        self.average = average
        self.metrics = _BinaryCounts()
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)

    def _score(self, use_global: bool) -> float:
        raise NotImplementedError

    def update(self, labels, preds) -> None:
        """Add the batch's counts (and, for 'macro', its score)."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self.metrics.update_binary_stats(label, pred)
        if self.average == "macro":
            self.sum_metric += self._score(False)
            self.global_sum_metric += self._score(True)
            self.num_inst += 1
            self.global_num_inst += 1
            self.metrics.reset_stats()
        else:
            self.sum_metric = self._score(False) * self.metrics.total_examples()
            self.global_sum_metric = self._score(True) * self.metrics.total_examples(True)
            self.num_inst = self.metrics.total_examples()
            self.global_num_inst = self.metrics.total_examples(True)

    def reset(self) -> None:
        """Start again."""
        self.sum_metric = 0.0
        self.num_inst = 0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0
        self.metrics.reset_stats()

    def reset_local(self) -> None:
        """Start the local counts again."""
        self.sum_metric = 0.0
        self.num_inst = 0
        self.metrics.local_reset_stats()


@register
class F1(_BinaryMetric):
    """The F1 score 2PR / (P + R) of a binary classification (class 1 is positive; the
    prediction is the argmax of two scores).

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.
        average: 'macro' (the mean of each batch's F1) or 'micro' (one F1 of all counts).

    Example:
        >>> f1 = mx.metric.F1()
        >>> f1.update([nd.array([0., 1., 1.])], [nd.array([[0.3, 0.7], [0., 1.], [0.4, 0.6]])])
        >>> f1.get()
        ('f1', 0.8)
    """

    def __init__(self, name="f1", output_names=None, label_names=None, average="macro"):
        super().__init__(name, output_names, label_names, average)

    def _score(self, use_global: bool) -> float:
        return self.metrics.fscore(use_global)


@register
class MCC(_BinaryMetric):
    """The Matthews correlation coefficient of a binary classification (zero terms of the
    denominator taken as 1).

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.
        average: 'macro' (the mean of each batch's MCC) or 'micro'.

    Example:
        >>> mcc = mx.metric.MCC()
        >>> mcc.update([nd.array([0, 1, 1, 0])],
        ...            [nd.array([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4], [0.9, 0.1]])])
        >>> round(mcc.get()[1], 6)
        0.57735
    """

    def __init__(self, name="mcc", output_names=None, label_names=None, average="macro"):
        super().__init__(name, output_names, label_names, average)
        self._average = average

    def _score(self, use_global: bool) -> float:
        return self.metrics.matthewscc(use_global)


@register
class Perplexity(EvalMetric):
    """exp of the mean negative log of the probability given to each label (labels equal to
    ignore_label left out).

    Parameters:
        ignore_label: the label to leave out (None: none).
        axis: the axis of the classes in the predictions.
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> perp = mx.metric.Perplexity(ignore_label=None)
        >>> perp.update([nd.array([0, 1, 1])], [nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])])
        >>> perp.get()
        ('perplexity', 1.77109...)
    """

    def __init__(self, ignore_label, axis=-1, name="perplexity", output_names=None,
                 label_names=None):
        super().__init__(name, ignore_label=ignore_label, output_names=output_names,
                         label_names=label_names, has_global_stats=True)
        self.ignore_label = ignore_label
        self.axis = axis

    def update(self, labels, preds) -> None:
        """Add the batch's negative log-likelihood and count."""
        assert len(labels) == len(preds)
        loss, num = 0.0, 0
        for label, pred in zip(labels, preds):
            label, pred = as_nd(label), as_nd(pred)
            assert label.size == pred.size / pred.shape[-1], \
                f"shape mismatch: {label.shape} vs. {pred.shape}"
            label = label.as_in_context(pred.context).reshape((label.size,))
            pred = nd.pick(pred, label.astype(dtype="int32"), axis=self.axis)
            if self.ignore_label is not None:
                ignore = (label == self.ignore_label).astype(pred.dtype)
                num -= nd.sum(ignore).asscalar()
                pred = pred * (1 - ignore) + ignore
            loss -= nd.sum(nd.log(nd.maximum(1e-10, pred))).asscalar()
            num += pred.size
        self._add_to_sums(loss, num)

    def get(self):
        """(name, exp(mean negative log-likelihood)) since reset_local()."""
        if self.num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, math.exp(self.sum_metric / self.num_inst))

    def get_global(self):
        """(name, exp(mean negative log-likelihood)) since reset()."""
        if self.global_num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, math.exp(self.global_sum_metric / self.global_num_inst))


class _LogLoss(EvalMetric):
    def __init__(self, eps, name, output_names, label_names):
        super().__init__(name, eps=eps, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.eps = eps

    def update(self, labels, preds) -> None:
        """Add -log(probability of the label + eps) of each sample."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label = label.asnumpy().ravel()
            pred = pred.asnumpy()
            num = pred.shape[0]
            assert label.shape[0] == num, (label.shape[0], num)
            prob = pred[numpy.arange(num, dtype=numpy.int64), numpy.int64(label)]
            total = as_float((-numpy.log(prob + self.eps)).sum())
            self._add_to_sums(total, num)


@register
@alias("ce")
class CrossEntropy(_LogLoss):
    """The mean cross-entropy -log(p[label] + eps) of predicted probabilities.

    Parameters:
        eps: added to each probability (log(0) is undefined).
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> ce = mx.metric.CrossEntropy()
        >>> ce.update([nd.array([0, 1, 1])], [nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])])
        >>> ce.get()
        ('cross-entropy', 0.57159...)
    """

    def __init__(self, eps=1e-12, name="cross-entropy", output_names=None, label_names=None):
        super().__init__(eps, name, output_names, label_names)


@register
@alias("nll_loss")
class NegativeLogLikelihood(_LogLoss):
    """The mean negative log-likelihood -log(p[label] + eps) of predicted probabilities.

    Parameters:
        eps: added to each probability.
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> nll = mx.metric.NegativeLogLikelihood()
        >>> nll.update([nd.array([1])], [nd.array([[0.5, 0.5]])]); nll.get()
        ('nll-loss', 0.69314...)
    """

    def __init__(self, eps=1e-12, name="nll-loss", output_names=None, label_names=None):
        super().__init__(eps, name, output_names, label_names)

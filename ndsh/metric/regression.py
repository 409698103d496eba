"""`mx.metric`'s regression and correlation metrics, as MXNet 1.9.1 computes them: MAE, MSE
and RMSE (each batch's mean, averaged over batches), PearsonCorrelation and PCC."""
from __future__ import annotations

import numpy

from ndsh.metric.base import EvalMetric, alias, as_float, check_label_shapes, host, register

__all__ = ["MAE", "MSE", "RMSE", "PearsonCorrelation", "PCC"]


def _columns(label, pred):
    label, pred = host(label), host(pred)
    if label.ndim == 1:
        label = label.reshape(label.shape[0], 1)
    if pred.ndim == 1:
        pred = pred.reshape(pred.shape[0], 1)
    return label, pred


class _BatchMean(EvalMetric):
    """A per-batch error, averaged over the batches (MXNet counts batches, not samples)."""

    def __init__(self, name, output_names, label_names):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)

    def _error(self, label, pred):
        raise NotImplementedError

    def update(self, labels, preds) -> None:
        """Add each (label, pred) pair's error as one instance."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            error = self._error(*_columns(label, pred))
            self._add_to_sums(error, 1)


@register
class MAE(_BatchMean):
    """The mean absolute error |label - pred|, averaged within each batch and over batches.

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> mae = mx.metric.MAE()
        >>> mae.update([nd.array([2.5, 0.0, 2, 8])], [nd.array([3, -0.5, 2, 7])]); mae.get()
        ('mae', 0.5)
    """

    def __init__(self, name="mae", output_names=None, label_names=None):
        super().__init__(name, output_names, label_names)

    def _error(self, label, pred):
        return numpy.abs(label - pred).mean()


@register
class MSE(_BatchMean):
    """The mean squared error, averaged within each batch and over batches.

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> mse = mx.metric.MSE()
        >>> mse.update([nd.array([2.5, 0.0, 2, 8])], [nd.array([3, -0.5, 2, 7])]); mse.get()
        ('mse', 0.375)
    """

    def __init__(self, name="mse", output_names=None, label_names=None):
        super().__init__(name, output_names, label_names)

    def _error(self, label, pred):
        return ((label - pred) ** 2.0).mean()


@register
class RMSE(_BatchMean):
    """The root of each batch's mean squared error, averaged over batches.

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> rmse = mx.metric.RMSE()
        >>> rmse.update([nd.array([2.5, 0.0, 2, 8])], [nd.array([3, -0.5, 2, 7])])
        >>> rmse.get()
        ('rmse', 0.61237...)
    """

    def __init__(self, name="rmse", output_names=None, label_names=None):
        super().__init__(name, output_names, label_names)

    def _error(self, label, pred):
        return numpy.sqrt(((label - pred) ** 2.0).mean())


@register
@alias("pearsonr")
class PearsonCorrelation(EvalMetric):
    """Pearson's correlation of predictions and labels: each batch's, averaged ('macro'), or
    of all the values seen ('micro', with running means and sums of squares).

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.
        average: 'macro' or 'micro'.

    Example:
        >>> r = mx.metric.PearsonCorrelation()
        >>> r.update([nd.array([1, 2, 3, 4])], [nd.array([1, 2, 3, 5])]); r.get()
        ('pearsonr', 0.98270...)
    """

    def __init__(self, name="pearsonr", output_names=None, label_names=None, average="macro"):
        self.average = average
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        if self.average == "micro":
            self.reset_micro()

    def reset_micro(self) -> None:
        """Start the running statistics of 'micro' again."""
        self._sse_p = self._mean_p = self._sse_l = self._mean_l = 0
        self._pred_nums = self._label_nums = 0
        self._conv = 0

    def reset(self) -> None:
        """Start again."""
        super().reset()
        if self.average == "micro":
            self.reset_micro()

    @staticmethod
    def update_variance(new_values, *aggregate):
        """Welford's update of (count, mean, sum of squared deviations) by new values."""
        count, mean, m_2 = aggregate
        count += len(new_values)
        delta = new_values - mean
        mean += numpy.sum(delta / count)
        m_2 += numpy.sum(delta * (new_values - mean))
        return count, mean, m_2

    def update_cov(self, label, pred) -> None:
        """Add to the running co-deviation."""
        self._conv = self._conv + numpy.sum((label - self._mean_l) * (pred - self._mean_p))

    def update(self, labels, preds) -> None:
        """Add a batch."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            check_label_shapes(label, pred, False, True)
            label = host(label).ravel().astype(numpy.float64)
            pred = host(pred).ravel().astype(numpy.float64)
            self.num_inst += 1
            self.global_num_inst += 1
            if self.average == "macro":
                corr = numpy.corrcoef(pred, label)[0, 1]
                self.sum_metric += corr
                self.global_sum_metric += corr
            else:
                self._label_nums, self._mean_l, self._sse_l = self.update_variance(
                    label, self._label_nums, self._mean_l, self._sse_l)
                self.update_cov(label, pred)
                self._pred_nums, self._mean_p, self._sse_p = self.update_variance(
                    pred, self._pred_nums, self._mean_p, self._sse_p)

    def get(self):
        """(name, correlation)."""
        if self.num_inst == 0:
            return (self.name, float("nan"))
        if self.average == "macro":
            return (self.name, as_float(self.sum_metric / self.num_inst))
        n = self._label_nums
        value = self._conv / ((n - 1) * numpy.sqrt(self._sse_p / (n - 1))
                              * numpy.sqrt(self._sse_l / (n - 1)))
        return (self.name, as_float(value))


@register
class PCC(EvalMetric):
    """The multiclass Matthews correlation (Pearson's, on a confusion matrix that grows with
    the classes seen).

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.
        has_global_stats: keep global sums too.

    Example:
        >>> pcc = mx.metric.PCC()
        >>> pcc.update([nd.array([0, 1, 2, 2])], [nd.array([0, 1, 2, 1])])
        >>> pcc.get()
        ('pcc', 0.7)
    """

    def __init__(self, name="pcc", output_names=None, label_names=None,
                 has_global_stats=True):
        self.k = 2
        super().__init__(name=name, output_names=output_names, label_names=label_names,
                         has_global_stats=has_global_stats)

    def _grow(self, inc: int) -> None:
        self.lcm = numpy.pad(self.lcm, ((0, inc), (0, inc)), "constant", constant_values=0)
        self.gcm = numpy.pad(self.gcm, ((0, inc), (0, inc)), "constant", constant_values=0)
        self.k += inc

    @staticmethod
    def _calc_mcc(cmat):
        n = cmat.sum()
        x, y = cmat.sum(axis=1), cmat.sum(axis=0)
        cov_xx, cov_yy = numpy.sum(x * (n - x)), numpy.sum(y * (n - y))
        if cov_xx == 0 or cov_yy == 0:
            return float("nan")
        cov_xy = numpy.sum(cmat.diagonal() * n - x * y)
        return cov_xy / (cov_xx * cov_yy) ** 0.5

    def update(self, labels, preds) -> None:
        """Add a batch to the confusion matrices."""
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label = host(label).astype("int32")
            pred = host(pred)
            pred = pred.argmax(axis=1) if pred.shape != label.shape else pred.astype("int32")
            n = max(pred.max(), label.max())
            if n >= self.k:
                self._grow(n + 1 - self.k)
            bcm = numpy.zeros((self.k, self.k))
            for i, j in zip(pred, label):
                bcm[i, j] += 1
            self.lcm += bcm
            self.gcm += bcm
        self.num_inst += 1
        self.global_num_inst += 1

    @property
    def sum_metric(self):
        """The local MCC times the number of updates (get() divides it back)."""
        return self._calc_mcc(self.lcm) * self.num_inst

    @property
    def global_sum_metric(self):
        """The global MCC times the number of updates."""
        return self._calc_mcc(self.gcm) * self.global_num_inst

    def reset(self) -> None:
        """Start again."""
        self.global_num_inst = 0.0
        self.gcm = numpy.zeros((self.k, self.k))
        self.reset_local()

    def reset_local(self) -> None:
        """Start the local confusion matrix again."""
        self.num_inst = 0.0
        self.lcm = numpy.zeros((self.k, self.k))

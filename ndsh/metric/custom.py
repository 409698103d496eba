"""The metrics of values the user computes (MXNet 1.9.1's): Loss (and its names Torch and
Caffe), the mean of losses given as predictions; CustomMetric and `np`, a metric from a function
of numpy arrays.
"""
from __future__ import annotations

from ndsh.engine import nd
from ndsh.metric.base import EvalMetric, as_nd, check_label_shapes, host, is_array, register

__all__ = ["Loss", "Torch", "Caffe", "CustomMetric", "np"]


@register
class Loss(EvalMetric):
    """The mean of the losses given as predictions (the labels are ignored).

    Parameters:
        name: the metric's name.
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> m = mx.metric.Loss(); m.update(None, [nd.array([1, 2, 6])]); m.get()
        ('loss', 3.0)
    """

    def __init__(self, name="loss", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)

    def update(self, _, preds) -> None:
        """Add the sum and count of each loss array."""
        if is_array(preds):
            preds = [preds]
        for pred in preds:
            loss = nd.sum(as_nd(pred)).asscalar()
            self._add_to_sums(loss, pred.size)


@register
class Torch(Loss):
    """Loss under the name 'torch' (MXNet's dummy metric for torch criterions).

    Example:
        >>> mx.metric.Torch().name
        'torch'
    """

    def __init__(self, name="torch", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class Caffe(Loss):
    """Loss under the name 'caffe' (MXNet's dummy metric for caffe criterions).

    Example:
        >>> mx.metric.Caffe().name
        'caffe'
    """

    def __init__(self, name="caffe", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names)


@register
class CustomMetric(EvalMetric):
    """A metric from a function feval(label, pred) of numpy arrays returning a batch's value
    (averaged over the batches) or (sum, count).

    Parameters:
        feval: the function.
        name: the name (default: the function's, as 'custom(<lambda>)' for a lambda).
        allow_extra_outputs: allow more predictions than labels (the extra ones are ignored).
        output_names: the predictions update_dict uses.
        label_names: the labels update_dict uses.

    Example:
        >>> m = mx.metric.CustomMetric(lambda label, pred: (label + pred).mean())
        >>> m.update([nd.array([2.5, 0, 2, 8])], [nd.array([3, -0.5, 2, 7])]); m.get()
        ('custom(<lambda>)', 6.0)
    """

    def __init__(self, feval, name=None, allow_extra_outputs=False, output_names=None,
                 label_names=None):
        if name is None:
            name = feval.__name__
            if "<" in name:
                name = f"custom({name})"
        super().__init__(name, feval=feval, allow_extra_outputs=allow_extra_outputs,
                         output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self._feval = feval
        self._allow_extra_outputs = allow_extra_outputs

    def update(self, labels, preds) -> None:
        """Add feval(label, pred) of each pair."""
        if not self._allow_extra_outputs:
            labels, preds = check_label_shapes(labels, preds, True)
        for pred, label in zip(preds, labels):
            value = self._feval(host(label), host(pred))
            total, count = value if isinstance(value, tuple) else (value, 1)
            self._add_to_sums(total, count)

    def get_config(self):  # noqa: D102
        raise NotImplementedError("CustomMetric cannot be serialized")


def np(numpy_feval, name=None, allow_extra_outputs=False) -> CustomMetric:
    """A CustomMetric over a function of numpy arrays (label, pred) -> float.

    Parameters:
        numpy_feval: the function.
        name: the metric's name (default: the function's).
        allow_extra_outputs: allow more predictions than labels.

    Example:
        >>> import numpy
        >>> def mean_abs(label, pred):
        ...     return numpy.mean(numpy.abs(label - pred))
        >>> m = mx.metric.np(mean_abs); m.update([nd.array([1, 2])], [nd.array([2, 4])])
        >>> m.get()
        ('mean_abs', 1.5)
    """
    def feval(label, pred):
        return numpy_feval(label, pred)
    feval.__name__ = numpy_feval.__name__
    return CustomMetric(feval, name, allow_extra_outputs)

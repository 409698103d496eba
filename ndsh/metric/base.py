"""The frame of `mx.metric` (MXNet 1.9.1's): EvalMetric with its local and global running
sums, the registry behind `create('acc')`, CompositeEvalMetric, CustomMetric and `np`, and Loss.
"""
from __future__ import annotations

import json
import warnings
from collections import OrderedDict
from numbers import Number

import numpy

from ndsh.engine import NDArray, nd

__all__ = ["EvalMetric", "CompositeEvalMetric", "CustomMetric", "Loss", "Torch", "Caffe",
           "check_label_shapes", "create", "register", "alias", "np"]

_REGISTRY: dict[str, type] = {}


def is_array(value) -> bool:
    """An NDArray or an mx.np array (MXNet's np arrays are NDArrays)."""
    return isinstance(value, NDArray) or hasattr(value, "as_nd_ndarray")


def as_nd(value) -> NDArray:
    """The engine NDArray of an NDArray or an mx.np array."""
    return value.as_nd_ndarray() if hasattr(value, "as_nd_ndarray") else value


def host(value) -> numpy.ndarray:
    """An array's values as numpy (NDArray, mx.np array or numpy)."""
    return value.asnumpy() if hasattr(value, "asnumpy") else numpy.asarray(value)


def as_float(value):
    """A numpy number as a Python float (MXNet returns numpy.float64, which prints as a float
    under numpy 1; numpy 2 prints np.float64(...)); anything else unchanged."""
    return float(value) if isinstance(value, (numpy.floating, numpy.integer)) else value


def check_label_shapes(labels, preds, wrap: bool = False, shape: bool = False):
    """Check that labels and predictions match in number (or in shape, with shape=True);
    with wrap=True a single array becomes a list of one.

    Parameters:
        labels: the labels (a list of arrays, or an array).
        preds: the predictions, the same way.
        wrap: wrap a single array in a list.
        shape: compare the shapes, not the lengths.

    Example:
        >>> mx.metric.check_label_shapes([nd.ones(2)], [nd.ones(2), nd.ones(2)])
        Traceback (most recent call last):
        ...
        ValueError: Shape of labels 1 does not match shape of predictions 2
    """
    if not shape:
        label_shape, pred_shape = len(labels), len(preds)
    else:
        label_shape, pred_shape = labels.shape, preds.shape
    if label_shape != pred_shape:
        raise ValueError(f"Shape of labels {label_shape} does not match shape of predictions "
                         f"{pred_shape}")
    if wrap:
        if is_array(labels):
            labels = [labels]
        if is_array(preds):
            preds = [preds]
    return labels, preds


class EvalMetric:
    """The base of the metrics: `update(labels, preds)` adds a batch, `get()` gives (name,
    value) of what was added since the last `reset_local()`, `get_global()` since `reset()`.

    Parameters:
        name: the name shown by get().
        output_names: the predictions update_dict uses (all by default).
        label_names: the labels update_dict uses (all by default).

    Example:
        >>> class Count(mx.metric.EvalMetric):
        ...     def update(self, labels, preds):
        ...         self.sum_metric += len(labels); self.num_inst += 1
        >>> m = Count('count'); m.update([1, 2], None); m.get()
        ('count', 2.0)
    """

    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self.name = str(name)
        self.output_names = output_names
        self.label_names = label_names
        self._has_global_stats = kwargs.pop("has_global_stats", False)
        self._kwargs = kwargs
        self.reset()

    def __str__(self) -> str:
        return f"EvalMetric: {dict(self.get_name_value())}"

    def get_config(self) -> dict:
        """The configuration that `mx.metric.create(**config)` makes the metric again from.

        Example:
            >>> mx.metric.Accuracy(axis=0).get_config()['axis']
            0
        """
        config = self._kwargs.copy()
        config.update({"metric": self.__class__.__name__, "name": self.name,
                       "output_names": self.output_names, "label_names": self.label_names})
        return config

    def update_dict(self, label, pred) -> None:
        """Update with dicts name -> array of labels and predictions (output_names and
        label_names choose among them).

        Example:
            >>> acc = mx.metric.Accuracy(output_names=['out'])
            >>> acc.update_dict({'y': nd.array([1])}, {'out': nd.array([[0, 1]]), 'h': None})
            >>> acc.get()
            ('accuracy', 1.0)
        """
        pred = ([pred[name] for name in self.output_names] if self.output_names is not None
                else list(pred.values()))
        label = ([label[name] for name in self.label_names] if self.label_names is not None
                 else list(label.values()))
        self.update(label, pred)

    def update(self, labels, preds) -> None:
        """Add a batch: the labels and the predictions (lists of arrays). Subclasses define it.
        """
        raise NotImplementedError()

    def reset(self) -> None:
        """Start again: local and global sums to zero."""
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0

    def reset_local(self) -> None:
        """Start the local sums again (get_global keeps counting)."""
        self.num_inst = 0
        self.sum_metric = 0.0

    def get(self):
        """(name, value) since the last reset_local(); the value is nan before any update.

        Example:
            >>> mx.metric.MSE().get()
            ('mse', nan)
        """
        if self.num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, as_float(self.sum_metric / self.num_inst))

    def get_global(self):
        """(name, value) since the last reset() (get() for a metric without global sums)."""
        if not self._has_global_stats:
            return self.get()
        if self.global_num_inst == 0:
            return (self.name, float("nan"))
        return (self.name, as_float(self.global_sum_metric / self.global_num_inst))

    def get_name_value(self) -> list:
        """get() as a list of (name, value) pairs.

        Example:
            >>> mx.metric.create(['mae', 'mse']).get_name_value()
            [('mae', nan), ('mse', nan)]
        """
        return _pairs(*self.get())

    def get_global_name_value(self) -> list:
        """get_global() as a list of (name, value) pairs."""
        if not self._has_global_stats:
            return self.get_name_value()
        return _pairs(*self.get_global())


def _pairs(name, value) -> list:
    names = name if isinstance(name, list) else [name]
    values = value if isinstance(value, list) else [value]
    return list(zip(names, values))


def register(klass: type, name: str | None = None) -> type:
    """Register a metric class under its lower-cased name (or `name`), for create().

    Example:
        >>> @mx.metric.register
        ... class Zero(mx.metric.EvalMetric):
        ...     def update(self, labels, preds):
        ...         self.num_inst += 1
        >>> type(mx.metric.create('zero', 'z')).__name__
        'Zero'
    """
    if not issubclass(klass, EvalMetric):
        raise AssertionError("Can only register subclass of EvalMetric")
    name = (name or klass.__name__).lower()
    if name in _REGISTRY:
        warnings.warn(f"New metric {klass.__module__}.{klass.__name__} registered with name "
                      f"{name} is overriding existing metric {_REGISTRY[name].__module__}."
                      f"{_REGISTRY[name].__name__}", UserWarning, stacklevel=2)
    _REGISTRY[name] = klass
    return klass


def alias(*aliases: str):
    """A class decorator registering a metric under more names.

    Example:
        >>> @mx.metric.alias('always_one')
        ... class One(mx.metric.EvalMetric):
        ...     def update(self, labels, preds):
        ...         self.sum_metric += 1; self.num_inst += 1
        >>> type(mx.metric.create('always_one', 'one')).__name__
        'One'
    """
    def reg(klass: type) -> type:
        for name in aliases:
            register(klass, name)
        return klass
    return reg


def _create(metric, *args, **kwargs):
    if isinstance(metric, EvalMetric):
        assert not args and not kwargs, \
            "metric is already an instance. Additional arguments are invalid"
        return metric
    if isinstance(metric, dict):
        return _create(**metric)
    if not isinstance(metric, str):
        raise AssertionError("metric must be of string type")
    if metric.startswith("["):
        assert not args and not kwargs
        name, kwargs = json.loads(metric)
        return _create(name, **kwargs)
    if metric.startswith("{"):
        assert not args and not kwargs
        return _create(**json.loads(metric))
    name = metric.lower()
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        raise AssertionError(f"{name} is not registered. Please register with "
                             f"metric.register first (registered: {known})")
    return _REGISTRY[name](*args, **kwargs)


def create(metric, *args, **kwargs):
    """A metric from a name ('acc', 'f1', 'rmse'...), a metric, a list of them (a
    CompositeEvalMetric) or a function feval(label, pred) (a CustomMetric).

    Parameters:
        metric: the name, metric, list or function.
        *args: arguments for the metric's class (names only).
        **kwargs: keyword arguments for it.

    Example:
        >>> m = mx.metric.create(['acc', 'ce'])
        >>> m.update([nd.array([0, 1])], [nd.array([[0.6, 0.4], [0.2, 0.8]])])
        >>> m.get()
        (['accuracy', 'cross-entropy'], [1.0, 0.36698...])
    """
    if callable(metric):
        return CustomMetric(metric, *args, **kwargs)
    if isinstance(metric, list):
        composite = CompositeEvalMetric()
        for child in metric:
            composite.add(create(child, *args, **kwargs))
        return composite
    return _create(metric, *args, **kwargs)


@register
@alias("composite")
class CompositeEvalMetric(EvalMetric):
    """Several metrics updated together; get() gives their names and values as two lists.

    Parameters:
        metrics: the child metrics (or their names).
        name: this metric's name.
        output_names: the predictions update_dict passes on.
        label_names: the labels update_dict passes on.

    Example:
        >>> m = mx.metric.CompositeEvalMetric([mx.metric.Accuracy(), mx.metric.F1()])
        >>> m.update([nd.array([0, 1, 1])], [nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])])
        >>> m.get()
        (['accuracy', 'f1'], [0.6666666666666666, 0.8])
    """

    def __init__(self, metrics=None, name="composite", output_names=None, label_names=None):
        super().__init__(name, output_names=output_names, label_names=label_names,
                         has_global_stats=True)
        self.metrics = [create(m) for m in (metrics or [])]

    def add(self, metric) -> None:
        """Add a child metric (or a name)."""
        self.metrics.append(create(metric))

    def get_metric(self, index: int):
        """The child metric at index (MXNet returns, not raises, a ValueError past the end)."""
        try:
            return self.metrics[index]
        except IndexError:
            return ValueError(f"Metric index {index} is out of range 0 and {len(self.metrics)}")

    def update_dict(self, labels, preds) -> None:  # noqa: D102
        if self.label_names is not None:
            labels = OrderedDict(i for i in labels.items() if i[0] in self.label_names)
        if self.output_names is not None:
            preds = OrderedDict(i for i in preds.items() if i[0] in self.output_names)
        for metric in self.metrics:
            metric.update_dict(labels, preds)

    def update(self, labels, preds) -> None:
        """Update every child metric."""
        for metric in self.metrics:
            metric.update(labels, preds)

    def reset(self) -> None:
        """Reset every child metric."""
        for metric in getattr(self, "metrics", []):
            metric.reset()

    def reset_local(self) -> None:
        """Reset the local sums of every child metric."""
        for metric in getattr(self, "metrics", []):
            metric.reset_local()

    def _gather(self, method: str):
        names, values = [], []
        for metric in self.metrics:
            name, value = getattr(metric, method)()
            names.extend([name] if isinstance(name, str) else name)
            values.extend([value] if isinstance(value, Number) else value)
        return names, values

    def get(self):
        """([names], [values]) of the child metrics."""
        return self._gather("get")

    def get_global(self):
        """([names], [global values]) of the child metrics."""
        return self._gather("get_global")

    def get_config(self) -> dict:  # noqa: D102
        config = super().get_config()
        config.update({"metrics": [m.get_config() for m in self.metrics]})
        return config


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
            self.sum_metric += loss
            self.global_sum_metric += loss
            self.num_inst += pred.size
            self.global_num_inst += pred.size


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
            self.sum_metric += total
            self.global_sum_metric += total
            self.num_inst += count
            self.global_num_inst += count

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

"""The frame of `mx.metric` (MXNet 1.9.1's): EvalMetric with its local and global running
sums, the registry behind `create('acc')` (register, alias; create itself is in composite.py),
check_label_shapes, and the conversions the metrics share (arrays to numpy, numbers to floats).
"""
from __future__ import annotations

import warnings

import numpy

from ndsh.engine import NDArray

__all__ = ["EvalMetric", "check_label_shapes", "register", "alias"]

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

    def _add_to_sums(self, total, count) -> None:
        """Add a batch's total and count to the local and the global sums."""
        self.sum_metric += total
        self.global_sum_metric += total
        self.num_inst += count
        self.global_num_inst += count

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

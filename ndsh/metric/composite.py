"""Metrics by name and together (MXNet 1.9.1's): `create` (a name, a config, a list or a
function) and CompositeEvalMetric, several metrics updated at once.
"""
from __future__ import annotations

import json
from collections import OrderedDict
from numbers import Number

from ndsh.metric.base import _REGISTRY, EvalMetric, alias, register
from ndsh.metric.custom import CustomMetric

__all__ = ["CompositeEvalMetric", "create"]


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

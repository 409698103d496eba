"""mx.metric against MXNet 1.9.1: 59 cases recorded by scripts/record_metric.py (MXNet 1.9.1,
numpy 1.23.5), whose `cases` runs here with ndsh's `mx`; metrics on mx.np arrays; the
docstring examples; `import mxnet.metric` and `mx.metric` under the alias."""
from __future__ import annotations

import doctest
import json
import math
import os
import sys

import pytest

from ndsh.engine import autograd, nd
from ndsh.mxnet_compat import mxnet as mx
from ndsh.mxnet_compat import mxnet_alias

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from record_metric import GOLDEN, cases  # noqa: E402

with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)["cases"]
MEASURED = cases(mx)


def _close(got, want) -> bool:
    if isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        return all(_close(g, w) for g, w in zip(got, want))
    if isinstance(want, dict) and isinstance(got, dict) and got.keys() == want.keys():
        return all(_close(got[k], want[k]) for k in want)
    if isinstance(want, float) and isinstance(got, (int, float)):
        return math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9)
    return got == want


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_as_mxnet(name):
    assert _close(MEASURED[name], EXPECTED[name]), (MEASURED[name], EXPECTED[name])


def test_values_are_python_floats_printed_as_mxnet_prints_them():
    acc = mx.metric.Accuracy()
    acc.update([nd.array([0, 1, 1])], [nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])])
    assert repr(acc.get()) == "('accuracy', 0.6666666666666666)"


def test_np_arrays():
    acc, ppl = mx.metric.Accuracy(), mx.metric.Perplexity(ignore_label=None)
    labels, preds = mx.np.array([0, 1, 1]), mx.np.array([[0.3, 0.7], [0, 1.], [0.4, 0.6]])
    acc.update(labels, preds)                       # single arrays are wrapped, as NDArrays
    ppl.update([labels], [preds])
    assert acc.get() == ("accuracy", 2 / 3)
    assert math.isclose(ppl.get()[1], 1.7710976285155853, rel_tol=1e-6)


def test_mxnet_metric_imports_under_the_alias():
    with mxnet_alias():
        import mxnet
        import mxnet.metric as metric
        from mxnet import metric as same
    assert metric is same is mxnet.metric and metric.Accuracy is mx.metric.Accuracy


@pytest.mark.parametrize("module", ["ndsh.metric", "ndsh.metric.base", "ndsh.metric.composite",
                                    "ndsh.metric.custom", "ndsh.metric.classification",
                                    "ndsh.metric.regression"])
def test_docstring_examples(module):
    import importlib
    result = doctest.testmod(importlib.import_module(module),
                             extraglobs={"mx": mx, "nd": nd, "autograd": autograd},
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0

"""gluon.contrib (nn: Concurrent, HybridConcurrent, Identity, PixelShuffle1D/2D/3D,
SyncBatchNorm; data: IntervalSampler; rnn: LSTMPCell) against MXNet 1.9.1: names, reprs,
outputs and input gradients recorded by scripts/record_gluon_contrib.py, whose `cases` runs
here with ndsh's `mx`; `import mxnet.gluon.contrib...` under the alias; the docstring
examples."""
from __future__ import annotations

import doctest
import importlib
import json
import os
import sys

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.mxnet_compat import mxnet as mx
from ndsh.mxnet_compat import mxnet_alias

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from record_gluon_contrib import GOLDEN, cases  # noqa: E402

with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)["cases"]
MEASURED = cases(mx)


def _same(got, want):
    if isinstance(want, list) and want and all(isinstance(w, float) for w in want):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=2e-5)
    elif isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        for g, w in zip(got, want):
            _same(g, w)
    else:
        assert got == want


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_as_mxnet(name):
    _same(MEASURED[name], EXPECTED[name])


def test_imports_under_the_alias():
    with mxnet_alias():
        import mxnet
        from mxnet.gluon.contrib import nn as contrib_nn
        from mxnet.gluon.contrib.data import IntervalSampler
        assert mxnet.gluon.contrib.nn is contrib_nn
    assert contrib_nn.Identity.__module__ == "ndsh.gluon.contrib.nn.basic_layers"
    assert list(IntervalSampler(4, 2)) == [0, 2, 1, 3]


@pytest.mark.parametrize("module", ["ndsh.gluon.contrib", "ndsh.gluon.contrib.nn.basic_layers",
                                    "ndsh.gluon.contrib.data", "ndsh.gluon.contrib.rnn.rnn_cell"])
def test_docstring_examples(module):
    with mxnet_alias():
        result = doctest.testmod(importlib.import_module(module),
                                 extraglobs={"mx": mx, "nd": nd, "autograd": autograd,
                                             "gluon": mx.gluon},
                                 optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0

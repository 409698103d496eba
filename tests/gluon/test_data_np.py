"""gluon.data, the vision transforms and mx.image in MXNet's np mode (after `npx.set_np()`):
samples and batches are mx.np arrays with MXNet 1.9.1's dtypes, shapes and values. The golden
file was recorded from MXNet 1.9.1 (numpy 1.23.5) by scripts/record_data_np.py, whose `cases`
runs here again with ndsh's `mx`.
"""
from __future__ import annotations

import doctest
import json
import os
import sys

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.mxnet_compat import mxnet as mx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from record_data_np import GOLDEN, cases  # noqa: E402

with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)["cases"]


@pytest.fixture(scope="module")
def measured():
    try:
        return cases(mx)
    finally:
        mx.npx.reset_np()


def _close(got, want) -> bool:
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return all(_close(g, w) for g, w in zip(got, want))
    if isinstance(want, float) and isinstance(got, float):
        return abs(got - want) <= 1e-3
    return got == want


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_as_mxnet_in_np_mode(measured, name):
    assert _close(measured[name], EXPECTED[name]), (name, measured[name], EXPECTED[name])


def test_legacy_ndarray_samples_give_np_batches_in_np_mode():
    """MXNet refuses to stack legacy NDArrays in np mode (np.stack takes np arrays only); ndsh
    stacks them and gives the np batch the mode asks for (docs/gluon.md)."""
    ds = mx.gluon.data.ArrayDataset(nd.arange(6).reshape((3, 2)), list(range(3)))
    mx.npx.set_np()
    try:
        x, y = next(iter(mx.gluon.data.DataLoader(ds, batch_size=3)))
    finally:
        mx.npx.reset_np()
    assert type(x).__module__ == type(y).__module__ == "mxnet.numpy"
    assert x.asnumpy().tolist() == [[0, 1], [2, 3], [4, 5]] and y.dtype == np.int64


def test_np_arrays_outside_np_mode_batch_as_np_arrays():
    ds = mx.gluon.data.ArrayDataset(mx.np.ones((4, 2)), mx.np.zeros((4, 3)))
    x, y = next(iter(mx.gluon.data.DataLoader(ds, batch_size=4)))
    assert type(x).__module__ == "mxnet.numpy" and x.shape == (4, 2) and y.shape == (4, 3)


def test_np_mode_module_examples():
    from ndsh.gluon.data import np_mode
    try:
        result = doctest.testmod(np_mode, extraglobs={"nd": nd, "autograd": autograd,
                                                      "mx": mx, "gluon": mx.gluon},
                                 optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    finally:
        mx.npx.reset_np()
    assert result.attempted > 0 and result.failed == 0

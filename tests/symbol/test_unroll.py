"""Recurrent cells unrolled over one Symbol (`cell.unroll(T, mx.sym.var('data', shape=...))`):
the graph's arguments (each weight once), outputs and values are MXNet 1.9.1's, recorded by
scripts/record_symbol_unroll.py, whose `cases` runs here with ndsh's `mx`."""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

from ndsh.mxnet_compat import mxnet as mx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from record_symbol_unroll import GOLDEN, cases  # noqa: E402

with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)["cases"]
MEASURED = cases(mx)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_as_mxnet(name):
    got, want = MEASURED[name], EXPECTED[name]
    assert {k: got[k] for k in ("arguments", "outputs", "states")} == \
        {k: want[k] for k in ("arguments", "outputs", "states")}
    for value, expected in zip(got["values"], want["values"]):
        np.testing.assert_allclose(value, expected, atol=2e-5)


def test_a_grouped_symbol_is_refused_as_mxnet_refuses_it():
    cell = mx.gluon.rnn.RNNCell(2, input_size=3)
    group = mx.sym.Group([mx.sym.var("a", shape=(1, 2, 3)), mx.sym.var("b", shape=(1, 2, 3))])
    with pytest.raises(AssertionError, match="grouped symbol"):
        cell.unroll(2, group)


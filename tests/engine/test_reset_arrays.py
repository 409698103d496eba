"""nd.reset_arrays where the oracle cannot be recorded (tests/engine/golden/reset_arrays.json
holds the rest, from MXNet 1.9.1): out= is refused (MXNet's operator refuses it too), and a
recorded array is not zeroed behind autograd's back (MXNet 1.9.1 crashes there)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.graph import AutogradError


def test_out_is_refused():
    a = nd.ones((2,))
    with pytest.raises(TypeError):
        nd.reset_arrays(a, out=nd.ones((2,)), num_arrays=1)
    assert (a.asnumpy() == 1).all()


def test_a_recorded_array_is_refused_and_left_as_it_was():
    a = nd.ones((3,))
    a.attach_grad()
    with autograd.record():
        y = a * 2
        with pytest.raises(AutogradError, match="reset_arrays"):
            nd.reset_arrays(y, num_arrays=1)
    np.testing.assert_array_equal(y.asnumpy(), [2, 2, 2])


def test_a_parameter_is_zeroed_outside_record_and_trains_on():
    w = nd.ones((2,))
    w.attach_grad()
    nd.reset_arrays(w, w.grad, num_arrays=2)
    with autograd.record():
        loss = ((w - 1) ** 2).sum()
    loss.backward()
    np.testing.assert_array_equal(w.grad.asnumpy(), [-2, -2])

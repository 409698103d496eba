"""Behaviour that MXNet 1.9.1's own unit tests expect and ndsh lacked (scripts/mxnet_tests.py found
them); each value here was checked against MXNet 1.9.1 run in a side venv."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.graph import AutogradError
from ndsh.engine.mxnet_errors import MXNetError


def test_numpy_functions_take_ndarrays_through_conversion():
    a = nd.array([50000001.0, 50000001.0], dtype="float64")
    assert np.all(a == 50000001)                   # test_large_int_rounding's form
    assert isinstance(np.exp(nd.ones((2,))), np.ndarray)
    assert np.array([nd.ones((2,)), nd.zeros((2,))]).shape == (2, 2)


def test_numpy_operators_still_refuse_to_mix_with_ndarrays():
    # MXNet: `np_array + nd_array` is a TypeError; numpy scalars combine
    with pytest.raises(TypeError):
        np.ones(2) + nd.ones((2,))
    assert isinstance(np.float32(2) * nd.ones((2,)), nd.NDArray)


def test_relu_passes_nan_gradients():
    x = nd.array([np.nan, 1.0, -1.0])
    x.attach_grad()
    with autograd.record():
        y = nd.relu(x)
    y.backward()
    got = x.grad.asnumpy()
    assert np.isnan(got[0]) and got[1:].tolist() == [1.0, 0.0]     # MXNet: [nan 1. 0.]


@pytest.mark.parametrize("op", [nd.radians, nd.degrees, lambda x: nd.Dropout(x, p=0.5)],
                         ids=["radians", "degrees", "Dropout"])
def test_a_second_derivative_of_a_constant_first_derivative_is_zero(op):
    x = nd.array([0.5, -1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = op(x)
        first = autograd.grad(y, x, head_grads=nd.array([1.0, 2.0, 3.0]), create_graph=True,
                              retain_graph=True)[0]
        second = autograd.grad(first, x, head_grads=nd.ones((3,)), create_graph=True,
                               retain_graph=True)[0]
    assert second.asnumpy().tolist() == [0.0, 0.0, 0.0]


def test_writing_a_value_with_a_gradient_in_place_while_recording_is_refused():
    x = nd.zeros((3,))
    y = nd.ones((3,))
    y.attach_grad()
    with autograd.record():
        with pytest.raises(MXNetError, match=r"Inplace operations \(\+=, -=, x\[:\]=, etc\) "
                                             r"are not supported when recording"):
            x[1] = y[0]
        with pytest.raises(AutogradError, match="carries a gradient"):
            x += y
        x[:] = 5                 # a plain value: nothing is lost
        x += nd.ones((3,))
    assert x.asnumpy().tolist() == [6.0, 6.0, 6.0]


def test_from_mxnet_autograd_star_gives_ndarray():
    namespace: dict = {}
    exec("from ndsh.engine.autograd import *", namespace)
    assert namespace["NDArray"] is nd.NDArray and "record" in namespace


def test_min_and_max_of_an_empty_array_are_refused():
    for reduce in (nd.min, nd.max):
        with pytest.raises(MXNetError, match="has no elements"):
            reduce(nd.zeros((5, 0)))
    assert nd.zeros((5, 0)).max(axis=0).shape == (0,)      # nothing to reduce per column


def test_an_mxnet_pickled_state_loads_even_from_a_gpu():
    # MXNet 1.9.1's state of mx.nd.arange(1, ctx=mx.gpu()): one record of its file layout
    state = {"handle": bytearray(
        b"\xc9\xfa\x93\xf9\x00\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00"
        b"\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")}
    x = nd.ones((4,))
    x.__setstate__(state)
    assert x.shape == (1,) and x.asnumpy().tolist() == [0.0] and str(x.context) == "cpu(0)"
    y = nd.zeros((1,))
    y.__setstate__(nd.arange(3, dtype="float64").__getstate__())
    assert y.asnumpy().tolist() == [0.0, 1.0, 2.0] and y.dtype.__name__ == "float64"
    with pytest.raises(MXNetError, match="unexpected bytes"):
        y.__setstate__({"handle": state["handle"] + b"xx"})


def test_softmax_activation_refuses_what_mxnet_refuses():
    # MXNet 1.9.1: mode='channel' needs 3 or more dimensions; float32 only
    with pytest.raises(MXNetError, match="at least 3"):
        nd.SoftmaxActivation(nd.ones((2, 3)), mode="channel")
    with pytest.raises(MXNetError, match="float32"):
        nd.SoftmaxActivation(nd.ones((2, 3), dtype="float64"))
    assert nd.SoftmaxActivation(nd.ones((2, 3, 4)), mode="channel").shape == (2, 3, 4)


def test_every_op_takes_mxnets_name_keyword():
    # MXNet's nd ops all take name= (a symbol's node name); its tests pass it to nd.Pooling
    assert nd.Pooling(nd.ones((1, 1, 4, 4)), kernel=(2, 2), name="pool0").shape == (1, 1, 3, 3)
    assert nd.exp(nd.zeros((2,)), name="e").asnumpy().tolist() == [1.0, 1.0]
    assert nd.Dropout(nd.ones((2,)), name="drop").shape == (2,)


def test_same_pooling_takes_zero_padding_of_any_length():
    # MXNet 1.9.1's test_valid_max_pooling_pad_type_same passes pad=(0, 0, 0) to 1-D pooling
    out = nd.Pooling(nd.ones((1, 1, 10)), kernel=2, stride=2, pad=(0, 0, 0), pool_type="max",
                     pooling_convention="same")
    assert out.shape == (1, 1, 5)
    with pytest.raises(MXNetError, match="takes no pad"):
        nd.Pooling(nd.ones((1, 1, 10)), kernel=2, stride=2, pad=2, pool_type="max",
                   pooling_convention="same")


def test_the_fluent_methods_mxnets_ndarray_has():
    # MXNet 1.9.1's test_ndarray_fluent: each op with a method form, on an NDArray
    x = nd.ones((1, 1, 2, 3))
    assert x.pad(mode="constant", pad_width=(0, 0, 0, 0, 1, 0, 0, 1)).shape == (1, 1, 3, 4)
    assert nd.ones((2, 1)).broadcast_axes(axis=1, size=3).shape == (2, 3)
    assert [p.shape for p in nd.arange(6).split_v2(2)] == [(3,), (3,)]
    assert nd.ones((1, 4, 2, 2)).depth_to_space(2).shape == (1, 1, 4, 4)

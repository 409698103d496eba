"""autograd.Function given mx.np arrays, as MXNet 1.9.1 runs one in np mode (measured with the
oracle /work/mxvenv, MXNet 1.9.1 + numpy 1.23.5, after `npx.set_np()`): `forward` gets the np
arrays given and what it returns comes back (np arrays); `backward` gets the output gradients
as legacy NDArrays (MXNet's backward_entry builds `NDArray`s) and returns NDArrays. ndsh also
takes np arrays back from `backward`, where MXNet 1.9.1 fails ("NDArray does not support
assignment with non-array-like object ... mxnet.numpy.ndarray"): docs/mxnp.md lists it."""
from __future__ import annotations

import numpy as onp
import pytest

from ndsh.engine import NDArray, autograd
from ndsh.mxnp import np, npx

# MXNet 1.9.1: z and x.grad for Sigmoid below, w = (z * [1, 2, 3]).sum(), x = [0, 1, -2]
MXNET_Z = [0.5, 0.7310585975646973, 0.11920291930437088]
MXNET_GRAD = [0.25, 0.3932238519191742, 0.31498074531555176]


@pytest.fixture(autouse=True)
def _np_mode():
    npx.set_np()


def sigmoid_class(seen: list, back_as_np: bool):
    class Sigmoid(autograd.Function):
        def forward(self, x):
            seen.append(type(x))
            y = 1 / (1 + np.exp(-x))
            self.save_for_backward(y)
            return y

        def backward(self, dy):
            seen.append(type(dy))
            y, = self.saved_tensors
            if back_as_np:
                return dy.as_np_ndarray() * y * (1 - y)
            return dy * y.as_nd_ndarray() * (1 - y.as_nd_ndarray())
    return Sigmoid


@pytest.mark.parametrize("back_as_np", [False, True], ids=["nd_back", "np_back"])
def test_forward_gets_np_arrays_and_backward_legacy_ones(back_as_np):
    seen: list = []
    x = np.array([0.0, 1.0, -2.0])
    x.attach_grad()
    with autograd.record():
        z = sigmoid_class(seen, back_as_np)()(x)
        w = (z * np.array([1.0, 2.0, 3.0])).sum()
    w.backward()
    assert seen == [np.ndarray, NDArray]
    assert type(z) is np.ndarray and type(x.grad) is np.ndarray
    assert onp.allclose(z.asnumpy(), MXNET_Z) and onp.allclose(x.grad.asnumpy(), MXNET_GRAD)


def test_two_inputs_and_two_outputs():
    """MXNet 1.9.1: a.grad [3, 3], b.grad [4, 4]; both outputs np arrays."""
    class Two(autograd.Function):
        def forward(self, a, b):
            return a * b, a + b

        def backward(self, da, db):
            return da * 2 + db, da * 3 + db

    a, b = np.ones(2), np.ones(2)
    a.attach_grad()
    b.attach_grad()
    with autograd.record():
        p, q = Two()(a, b)
        s = (p + q).sum()
    s.backward()
    assert type(p) is np.ndarray and type(q) is np.ndarray
    assert a.grad.tolist() == [3.0, 3.0] and b.grad.tolist() == [4.0, 4.0]


def test_outside_record_the_forward_result_comes_back():
    seen: list = []
    y = sigmoid_class(seen, False)()(np.array([0.0]))
    assert type(y) is np.ndarray and y.tolist() == [0.5] and seen == [np.ndarray]


def test_mixing_a_legacy_gradient_with_an_np_array_fails_as_in_mxnet():
    """MXNet 1.9.1: `dy * y` with dy an NDArray and y an np array fails in backward (TypeError
    'type NDArray not supported', then MXNetError when the gradient is read)."""
    class Mixing(autograd.Function):
        def forward(self, x):
            self.save_for_backward(x)
            return x * 2

        def backward(self, dy):
            x, = self.saved_tensors
            return dy * x

    x = np.ones(2)
    x.attach_grad()
    with autograd.record():
        y = Mixing()(x)
    with pytest.raises(TypeError):
        y.backward()


def test_nd_arrays_still_run_the_engine_function():
    from ndsh.mxnet_compat import mxnet as mx
    seen: list = []
    a = mx.nd.array([0.0])
    a.attach_grad()

    class Double(autograd.Function):
        def forward(self, v):
            seen.append(type(v))
            return v * 2

        def backward(self, dv):
            return dv * 2

    with autograd.record():
        out = Double()(a)
    out.backward()
    assert seen == [NDArray] and type(out) is NDArray and a.grad.asnumpy().tolist() == [2.0]
